// The room page loads like a product's: its files arrive compressed, a reload transfers only
// what changed (every file answered 304), and a member never downloads the facilitator's
// controls. The bytes on the wire are printed for BENCHMARKS-style reporting.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './lib/harness.mjs';

/** @type {Awaited<ReturnType<typeof H.startServer>>} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;

H.useServerAndBrowser((started, launched) => {
  server = started;
  browser = launched;
});

/**
 * Records every response of a page from the browser's own network log (bytes on the wire,
 * headers included).
 * @param {import('playwright-core').BrowserContext} context
 * @param {import('playwright-core').Page} page
 */
async function networkLog(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
  /** @type {Map<string, { url: string, status: number, encoding: string, bytes: number }>} */
  const byId = new Map();
  /** The status on the wire (a revalidated file is reported as its cached 200 otherwise). */
  const wire = new Map();
  cdp.on('Network.responseReceivedExtraInfo', (e) => {
    wire.set(e.requestId, e.statusCode);
    const entry = byId.get(e.requestId);
    if (entry) entry.status = e.statusCode;
  });
  cdp.on('Network.responseReceived', (e) => {
    const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    // No wire status: answered from the browser's cache without asking the server (0).
    const status = wire.get(e.requestId) ?? (e.response.fromDiskCache || e.response.fromServiceWorker ? 0 : e.response.status);
    byId.set(e.requestId, { url: e.response.url, status, encoding: headers['content-encoding'] ?? '', bytes: 0 });
  });
  cdp.on('Network.loadingFinished', (e) => {
    const entry = byId.get(e.requestId);
    if (entry) entry.bytes = e.encodedDataLength;
  });
  return {
    /** Everything recorded since the last call (HTTP only, not the WebSocket). */
    take() {
      const entries = [...byId.values()].filter((r) => r.url.startsWith('http'));
      byId.clear();
      wire.clear();
      return entries;
    },
  };
}

/** @param {{ bytes: number }[]} entries */
const total = (entries) => entries.reduce((sum, e) => sum + e.bytes, 0);

test('files arrive compressed, a reload is all 304s, members skip the facilitator code', async () => {
  /** @type {import('playwright-core').Page[]} */
  const pages = [];
  await H.withFailureShots('assets', async () => {
    const circle = await H.createCircle(server.url, { name: 'Assets circle', facilitator_name: 'Maya' });
    const fac = await H.newPerson(browser, H.DESKTOP);
    const ana = await H.newPerson(browser, H.NARROW);
    pages.push(fac.page, ana.page);

    const facLog = await networkLog(fac.context, fac.page);
    await H.openAsFacilitator(fac.page, circle.facilitator_url);
    const facFirst = facLog.take();
    assert.ok(facFirst.some((r) => r.url.endsWith('/assets/js/facilitator.js')), 'the facilitator loads the controls');

    const anaLog = await networkLog(ana.context, ana.page);
    await H.join(ana.page, circle.join_url, 'Ana');
    await ana.page.getByTestId('member').filter({ hasText: 'Maya' }).waitFor();
    const first = anaLog.take();
    const files = first.filter((r) => /\/assets\/.*\.(js|css)$/.test(r.url));
    assert.ok(files.length > 5, `the room's files: ${files.length}`);
    for (const file of files) {
      assert.equal(file.status, 200, file.url);
      assert.equal(file.encoding, 'br', `${file.url} arrives as brotli`);
    }
    assert.ok(!first.some((r) => r.url.endsWith('/facilitator.js')), 'a member never downloads the facilitator controls');

    await ana.page.reload();
    await ana.page.getByTestId('room-screen').waitFor();
    await ana.page.getByTestId('member').filter({ hasText: '(you)' }).waitFor();
    const reload = anaLog.take();
    const changed = reload.filter((r) => r.status !== 304 && r.status !== 0);
    assert.deepEqual(changed.map((r) => `${r.status} ${r.url}`), [], 'nothing changed, so nothing is sent again');

    console.log(`member first load: ${first.length} requests, ${total(first)} bytes; reload: ${reload.length} requests, ${total(reload)} bytes`);
    console.log(`facilitator first load: ${facFirst.length} requests, ${total(facFirst)} bytes`);
  }, () => pages);
});
