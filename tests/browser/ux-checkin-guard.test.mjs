// Issue 15, item 7: "Next" out of check-in asks first while members have not had their turn,
// so neither one click nor a double Enter on "Next: check-in" skips every check-in.

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

test('moving on from check-in with members still to check in needs a confirmation', async () => {
  /** @type {import('playwright-core').Page[]} */
  const pages = [];
  await H.withFailureShots('ux-checkin-guard', async () => {
    const circle = await H.createCircle(server.url, { name: 'Guard circle', facilitator_name: 'Maya' });
    const fac = await H.newPerson(browser, H.DESKTOP);
    const ana = await H.newPerson(browser, H.NARROW);
    const ben = await H.newPerson(browser, H.NARROW);
    const F = fac.page;
    pages.push(F, ana.page, ben.page);
    await H.openAsFacilitator(F, circle.facilitator_url);
    await H.join(ana.page, circle.join_url, 'Ana');
    await H.join(ben.page, circle.join_url, 'Ben');
    await ana.page.getByTestId('volunteer').click();
    await F.getByTestId('f-agenda-item').first().waitFor();
    await H.facilitatorNext(F, 'Opening');
    for (const p of [ana.page, ben.page]) {
      await p.getByTestId('ack-norms').click();
      await p.getByTestId('panel-norms').waitFor({ state: 'hidden' });
    }
    await F.getByTestId('f-norms-pending').waitFor({ state: 'hidden' });

    // A double Enter on "Next: check-in": the first opens the check-in, the second only asks.
    const next = F.getByTestId('f-next');
    await next.filter({ hasText: 'Next: check-in' }).waitFor();
    await next.focus();
    await F.keyboard.press('Enter');
    await F.keyboard.press('Enter');
    await F.getByTestId('phase-name').filter({ hasText: 'Check-in' }).waitFor();
    // The second Enter either met the confirmation or was refused as stale: never an advance.
    await F.locator('[data-testid="f-checkin-confirm"]:visible, [data-testid="f-flow"] [data-testid="action-error"]:visible').first().waitFor();
    if (!(await F.getByTestId('f-checkin-confirm').isVisible())) await next.click();
    const confirm = F.getByTestId('f-checkin-confirm');
    await confirm.waitFor();
    assert.match(await F.getByTestId('f-checkin-pending').innerText(), /^Ana and Ben have not checked in yet\. Move on to Ana’s hot seat anyway\?$/);
    // The safe choice has focus: a third Enter keeps the check-in.
    assert.equal(await F.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'f-checkin-stay');
    await F.keyboard.press('Enter');
    await confirm.waitFor({ state: 'hidden' });
    assert.equal(await F.getByTestId('phase-name').innerText(), 'Check-in');
    assert.match(await ana.page.getByTestId('headline').innerText(), /You are checking in/);

    // Ana checks in: only Ben is left; Escape keeps the check-in too.
    await ana.page.getByTestId('checkin-pass').click();
    await F.getByTestId('headline').filter({ hasText: 'Ben is checking in' }).waitFor();
    await next.click();
    assert.equal(await F.getByTestId('f-checkin-pending').innerText(), 'Ben has not checked in yet. Move on to Ana’s hot seat anyway?');
    await F.keyboard.press('Escape');
    await confirm.waitFor({ state: 'hidden' });

    // Once asked, moving on anyway works.
    await next.click();
    await F.getByTestId('f-checkin-go').click();
    await F.getByTestId('phase-name').filter({ hasText: 'Presenting' }).waitFor();
    await confirm.waitFor({ state: 'hidden' });
    assert.deepEqual(fac.problems.errors, []);
  }, () => pages);
});

test('when everyone has checked in, Next moves on at once', async () => {
  /** @type {import('playwright-core').Page[]} */
  const pages = [];
  await H.withFailureShots('ux-checkin-done', async () => {
    const circle = await H.createCircle(server.url, { name: 'Done circle', facilitator_name: 'Maya' });
    const fac = await H.newPerson(browser, H.DESKTOP);
    const ana = await H.newPerson(browser, H.NARROW);
    const F = fac.page;
    pages.push(F, ana.page);
    await H.openAsFacilitator(F, circle.facilitator_url);
    await H.join(ana.page, circle.join_url, 'Ana');
    await H.facilitatorNext(F, 'Opening');
    await ana.page.getByTestId('ack-norms').click();
    await F.getByTestId('f-norms-pending').waitFor({ state: 'hidden' });
    await H.facilitatorNext(F, 'Check-in');
    await ana.page.getByTestId('checkin-pass').click();
    await F.getByTestId('checkin-done').waitFor();
    await H.facilitatorNext(F, 'Closing');
    assert.equal(await F.getByTestId('f-checkin-confirm').isVisible(), false);
  }, () => pages);
});
