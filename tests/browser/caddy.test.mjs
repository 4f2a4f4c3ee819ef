// deploy/Caddyfile for real, where Debian's caddy is installed: Caddy's own automatic HTTPS
// (its local CA, for 127.0.0.1) in front of Hotseat; the same checks through it as for nginx.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO } from './lib/harness.mjs';
import * as T from './lib/tls.mjs';

const CADDY = process.env.HOTSEAT_CADDY ?? '/usr/bin/caddy';
const skip = !existsSync(CADDY) && `caddy is not installed (${CADDY}; apt-get install caddy)`;

/** @type {string} */
let dir;
/** @type {import('node:child_process').ChildProcess | undefined} */
let caddy;
/** @type {Awaited<ReturnType<typeof T.startHotseatBehindProxy>> | undefined} */
let hotseat;
let site = '';
let ca = '';

before(async () => {
  if (skip) return;
  dir = mkdtempSync(path.join(tmpdir(), 'hotseat-caddy-'));
  const [httpsPort, httpPort, backendPort] = [await T.freePort(), await T.freePort(), await T.freePort()];
  site = `https://127.0.0.1:${httpsPort}`;
  mkdirSync(path.join(dir, 'data'));
  hotseat = await T.startHotseatBehindProxy(path.join(dir, 'data'), backendPort, site);
  // The shipped Caddyfile, its two variables set as compose.yaml does, turned into JSON by
  // Caddy; then only what a test needs: loopback ports, and no touching the system's trust.
  const env = { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir,
    HOTSEAT_DOMAIN: site, HOTSEAT_UPSTREAM: `127.0.0.1:${backendPort}` };
  const config = JSON.parse(execFileSync(CADDY, ['adapt', '--adapter', 'caddyfile', '--config',
    path.join(REPO, 'deploy', 'Caddyfile')], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  const http = config.apps.http;
  assert.deepEqual(http.servers.srv0.listen, [`:${httpsPort}`]);
  http.servers.srv0.listen = [`127.0.0.1:${httpsPort}`];
  http.http_port = httpPort;
  http.servers.srv0.automatic_https = { disable_redirects: true };
  config.apps.pki = { certificate_authorities: { local: { install_trust: false } } };
  config.admin = { disabled: true };
  writeFileSync(path.join(dir, 'caddy.json'), JSON.stringify(config));
  const child = spawn(CADDY, ['run', '--config', path.join(dir, 'caddy.json')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  caddy = child;
  let output = '';
  child.stdout?.on('data', (d) => { output += d; });
  child.stderr?.on('data', (d) => { output += d; });
  const root = path.join(dir, 'caddy', 'pki', 'authorities', 'local', 'root.crt');
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode != null) throw new Error(`caddy exited (code ${child.exitCode}).\n${output}`);
    if (existsSync(root)) {
      ca = readFileSync(root, 'utf8');
      const up = await T.request(`${site}/healthz`, { ca }).then((r) => r.status === 200, () => false);
      if (up) break;
    }
    if (Date.now() > deadline) throw new Error(`caddy did not serve ${site} within 20 s.\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
});

after(async () => {
  if (caddy && caddy.exitCode == null) {
    const exited = new Promise((resolve) => caddy?.once('exit', resolve));
    caddy.kill('SIGTERM');
    await exited;
  }
  await hotseat?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('through Caddy with the shipped Caddyfile: https:// links, upgrades pass, a foreign Origin is refused, /metrics is not public', { skip }, async () => {
  const created = await T.request(`${site}/api/circles`, {
    ca,
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'Caddy circle', facilitator_name: 'Maya' }),
  });
  assert.equal(created.status, 201, created.body);
  const circle = JSON.parse(created.body);
  assert.ok(circle.join_url.startsWith(`${site}/r/`), circle.join_url);
  assert.ok(circle.facilitator_url.startsWith(`${site}/r/`));

  const page = await T.request(circle.join_url, { ca });
  assert.equal(page.status, 200, 'the room page is served through Caddy');

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
  assert.equal((await upgrade(site)).status, 101, 'Caddy passes the WebSocket upgrade');
  assert.equal((await upgrade('https://evil.example')).status, 403, 'a page of another origin may not open a socket');
  assert.equal((await T.request(`${site}/metrics`, { ca })).status, 404, '/metrics stays off the public side');
});
