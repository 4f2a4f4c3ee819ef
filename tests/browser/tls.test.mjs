// HTTPS for real: Debian's nginx terminates TLS with deploy/nginx.conf and a certificate made
// for this run, Hotseat runs behind it, and headless Chromium (trusting only that CA) meets.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import * as H from './lib/harness.mjs';
import * as T from './lib/tls.mjs';

const CHROMIUM = process.env.HOTSEAT_CHROMIUM ?? '/usr/bin/chromium';
/** Circles one client address may create in this run (the tests below create a few each). */
const CREATE_BURST = 3;

/** @type {string} */
let dir;
/** @type {ReturnType<typeof T.makeCertificates>} */
let certs;
/** @type {Awaited<ReturnType<typeof T.startNginx>> | undefined} */
let nginx;
/** @type {Awaited<ReturnType<typeof T.startHotseatBehindProxy>> | undefined} */
let hotseat;
/** @type {import('playwright-core').Browser | undefined} */
let browser;
/** The public address: nginx's TLS port. */
let site = '';
let httpPort = 0;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'hotseat-tls-'));
  certs = T.makeCertificates(dir);
  const [httpsPort, backendPort] = [await T.freePort(), await T.freePort()];
  httpPort = await T.freePort();
  site = `https://127.0.0.1:${httpsPort}`;
  mkdirSync(path.join(dir, 'data'));
  // Behind nginx on this machine: only nginx's address is believed about who the client is.
  // A tight creation rate shows the server tells clients apart by their real address.
  hotseat = await T.startHotseatBehindProxy(path.join(dir, 'data'), backendPort, site,
    ['--trusted-proxies', '127.0.0.1', '--create-rate', `${CREATE_BURST}/1h`]);
  const nginxDir = path.join(dir, 'nginx');
  mkdirSync(nginxDir);
  const conf = T.siteConfig({ httpsPort, httpPort, backendPort, cert: certs.cert, key: certs.key });
  nginx = await T.startNginx(nginxDir, conf, httpsPort, certs.caPem);
  const home = T.trustingHome(path.join(dir, 'home'), certs.ca);
  // No flag loosens certificate checks: Chromium trusts the run's CA through its NSS database.
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    env: { ...process.env, HOME: home },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  await nginx?.stop();
  await hotseat?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a short meeting runs through nginx over https:// and wss://, and a reload keeps the seat', async () => {
  /** @type {import('playwright-core').Page[]} */
  const pages = [];
  await H.withFailureShots('tls', async () => {
    assert.ok(browser);
    const fac = await H.newPerson(browser, H.DESKTOP);
    const ana = await H.newPerson(browser, H.NARROW);
    const F = fac.page;
    const A = ana.page;
    pages.push(F, A);
    /** @type {string[]} */
    const sockets = [];
    /** @type {string[]} */
    const plain = [];
    for (const page of [F, A]) {
      page.on('websocket', (ws) => sockets.push(ws.url()));
      page.on('request', (r) => { if (!r.url().startsWith(`${site}/`)) plain.push(r.url()); });
    }

    // The facilitator creates the circle on the start page, served over https://.
    await F.goto(`${site}/`);
    await F.getByTestId('circle-name').fill('TLS circle');
    await F.getByTestId('facilitator-name').fill('Maya');
    await F.getByTestId('create-circle').click();
    await F.getByTestId('created-screen').waitFor();
    const joinUrl = await F.getByTestId('join-url').inputValue();
    const facilitatorUrl = await F.getByTestId('facilitator-url').inputValue();
    const escaped = site.replaceAll('.', '\\.');
    assert.match(joinUrl, new RegExp(`^${escaped}/r/[A-Za-z0-9_-]{22}$`), 'the members’ link is the public https:// one');
    assert.ok(facilitatorUrl.startsWith(`${joinUrl}#f=`), 'so is the facilitator’s');
    assert.ok((await F.getByTestId('invitation-text').inputValue()).includes(joinUrl));

    await F.getByTestId('open-as-facilitator').click();
    await F.getByTestId('facilitator-panel').waitFor();
    await H.join(A, joinUrl, 'Ana');
    await F.getByTestId('member').filter({ hasText: 'Ana' }).waitFor();
    const anaSeat = await H.mySeat(A);

    // The facilitator starts; the norms are acknowledged; one phase moves on.
    await A.getByTestId('volunteer').click();
    await F.getByTestId('f-agenda-item').first().waitFor();
    await H.facilitatorNext(F, 'Opening');
    await A.getByTestId('ack-norms').click();
    await F.getByTestId('f-norms-pending').waitFor({ state: 'hidden' });
    await H.facilitatorNext(F, 'Check-in');
    await A.getByTestId('phase-name').filter({ hasText: 'Check-in' }).waitFor();

    // Ana reloads: same seat, same phase, no name asked again.
    await A.reload();
    await A.getByTestId('room-screen').waitFor();
    await A.getByTestId('member').filter({ hasText: '(you)' }).waitFor();
    assert.equal(await H.mySeat(A), anaSeat, 'same seat after a reload through the proxy');
    assert.equal(await A.getByTestId('join-screen').isVisible(), false, 'no name asked again');
    await A.getByTestId('phase-name').filter({ hasText: 'Check-in' }).waitFor();
    assert.equal(await F.getByTestId('member').count(), 2, 'no second seat for Ana');

    assert.ok(sockets.length >= 3, `the facilitator's and both of Ana's sockets opened (${sockets.join(', ')})`);
    for (const url of sockets) assert.ok(url.startsWith(`wss://127.0.0.1:${new URL(site).port}/ws/`), `a wss:// socket: ${url}`);
    assert.deepEqual(plain, [], 'every request went to the https:// site');
    assert.deepEqual([...fac.problems.errors, ...ana.problems.errors], [], 'no page or console errors');
  }, () => pages);
});

test('through the proxy: a foreign Origin is refused, links are https://, /metrics is not public', async () => {
  const ca = certs.caPem;
  const created = await T.request(`${site}/api/circles`, {
    ca,
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'Proxy circle', facilitator_name: 'Maya' }),
  });
  assert.equal(created.status, 201, created.body);
  const circle = JSON.parse(created.body);
  assert.ok(circle.join_url.startsWith(`${site}/r/`), circle.join_url);
  assert.ok(circle.facilitator_url.startsWith(`${site}/r/`), 'no http:// link handed out');

  /** @param {string} origin */
  const upgrade = (origin) => T.request(`${site}/ws/${circle.room}`, {
    ca,
    headers: {
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
      Origin: origin,
    },
  });
  assert.equal((await upgrade('https://evil.example')).status, 403, 'a page of another origin may not open a socket');
  assert.equal((await upgrade(`http://127.0.0.1:${new URL(site).port}`)).status, 403, 'nor the same host over plain http');
  assert.equal((await upgrade(site)).status, 101, 'the site’s own pages may (the proxy passes the upgrade)');

  const health = await T.request(`${site}/healthz`, { ca });
  assert.equal(health.status, 200);
  assert.equal((await T.request(`${site}/metrics`, { ca })).status, 404, '/metrics stays off the public side');

  const redirect = await T.request(`http://127.0.0.1:${httpPort}/r/${circle.room}`);
  assert.equal(redirect.status, 301, 'plain http is sent to https');
  assert.equal(redirect.headers.location, `https://127.0.0.1/r/${circle.room}`);

  // The certificate check is real: without the run's CA, Node refuses the site.
  await assert.rejects(T.request(`${site}/healthz`), /self[- ]signed|unable to (get|verify)/i);
});

test('through the proxy the server sees each client’s own address (per-address limits)', async () => {
  const ca = certs.caPem;
  /** @param {string} localAddress */
  const create = (localAddress) => T.request(`${site}/api/circles`, {
    ca,
    localAddress,
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'Address circle' }),
  });
  // One client (127.0.0.2) uses up its own allowance...
  for (let i = 0; i < CREATE_BURST; i += 1) {
    const answer = await create('127.0.0.2');
    assert.equal(answer.status, 201, answer.body);
  }
  const refused = await create('127.0.0.2');
  assert.equal(refused.status, 429, refused.body);
  assert.ok(refused.headers['retry-after'], 'a 429 says when to try again');
  // ...which is not anyone else's: were nginx's own address the client, this would be 429 too.
  const other = await create('127.0.0.3');
  assert.equal(other.status, 201, other.body);
});
