// Issue 15, item 3: after a server restart the pages come back promptly by themselves (the
// times are printed as diagnostics, not asserted), and while they wait the stale room stays
// readable: marked, not dimmed.

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

test('after a restart the room is back by itself; the stale view is not dimmed', async (t) => {
  /** @type {import('playwright-core').Page[]} */
  const pages = [];
  await H.withFailureShots('ux-restart', async () => {
    const circle = await H.createCircle(server.url, { name: 'Restart circle', facilitator_name: 'Maya' });
    const fac = await H.newPerson(browser, H.DESKTOP);
    await H.openAsFacilitator(fac.page, circle.facilitator_url);
    const people = [fac];
    for (const name of ['Ana', 'Ben', 'Cleo']) {
      const person = await H.newPerson(browser, H.NARROW, { colorScheme: name === 'Ben' ? 'dark' : 'light' });
      await H.join(person.page, circle.join_url, name);
      people.push(person);
    }
    pages.push(...people.map((p) => p.page));

    // Each page records when it is live again (the banner goes).
    for (const { page } of people) {
      await page.evaluate(() => {
        const banner = /** @type {HTMLElement} */ (document.querySelector('[data-testid="connection-banner"]'));
        const w = /** @type {any} */ (window);
        w.backAt = null;
        new MutationObserver(() => {
          if (banner.hidden && document.querySelector('.room.is-stale') == null && w.sawStale) w.backAt = Date.now();
          if (!banner.hidden) w.sawStale = true;
        }).observe(banner, { attributes: true, attributeFilter: ['hidden'], childList: true });
      });
    }

    const A = people[1].page;
    const seatBefore = await H.mySeat(A);
    const restarting = server.restart();
    // While the server is away: stale, said so, and drawn at full contrast.
    await A.getByTestId('connection-banner').waitFor();
    await A.locator('.room.is-stale').waitFor({ state: 'attached' });
    const look = await A.evaluate(() => {
      const grid = /** @type {HTMLElement} */ (document.querySelector('.room-grid'));
      const style = getComputedStyle(grid);
      return { opacity: style.opacity, filter: style.filter, outline: style.outlineStyle };
    });
    assert.deepEqual(look, { opacity: '1', filter: 'none', outline: 'dashed' });
    await H.shot(A, 'ux-restart-stale-360');
    await restarting;
    const upAt = Date.now();

    for (const { page } of people) {
      await page.getByTestId('connection-banner').waitFor({ state: 'hidden', timeout: 15_000 });
      await page.waitForFunction(() => /** @type {any} */ (window).backAt != null);
    }
    const times = await Promise.all(people.map(({ page }) => page.evaluate(() => /** @type {any} */ (window).backAt)));
    const after = times.map((at) => Math.max(0, at - upAt));
    t.diagnostic(`back after the server answered (ms): ${after.join(', ')}`);
    console.log(`ux-restart: pages back ${after.join(', ')} ms after the restarted server was listening`);
    for (const { page } of people) assert.equal(await page.locator('.room.is-stale').count(), 0);
    assert.equal(await H.mySeat(A), seatBefore, 'back in the same seat');
  }, () => pages);
});
