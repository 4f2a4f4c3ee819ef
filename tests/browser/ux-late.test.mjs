// Issue 15, item 6: a member who joins during the check-in reads the norms, then checks in
// at the end of the order (acknowledging gives them the free floor); the screens say so.

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

test('a late joiner at check-in acknowledges the norms and then checks in; the words match', async () => {
  /** @type {import('playwright-core').Page[]} */
  const pages = [];
  await H.withFailureShots('ux-late', async () => {
    const circle = await H.createCircle(server.url, { name: 'Late circle', facilitator_name: 'Maya' });
    const fac = await H.newPerson(browser, H.DESKTOP);
    const ana = await H.newPerson(browser, H.NARROW);
    const F = fac.page;
    const A = ana.page;
    pages.push(F, A);
    await H.openAsFacilitator(F, circle.facilitator_url);
    await H.join(A, circle.join_url, 'Ana');
    await H.facilitatorNext(F, 'Opening');
    await A.getByTestId('ack-norms').click();
    await F.getByTestId('f-norms-pending').waitFor({ state: 'hidden' });
    await H.facilitatorNext(F, 'Check-in');
    await A.getByTestId('checkin-pass').click();
    await F.getByTestId('headline').filter({ hasText: 'Everyone has checked in.' }).waitFor();

    // Cleo arrives: the round is not complete any more, and the screens say what happens next.
    const cleo = await H.newPerson(browser, H.NARROW);
    const C = cleo.page;
    pages.push(C);
    await H.join(C, circle.join_url, 'Cleo');
    await F.getByTestId('headline').filter({ hasText: 'Waiting for Cleo to acknowledge the norms and check in.' }).waitFor();
    await A.getByTestId('headline').filter({ hasText: 'Waiting for Cleo to acknowledge the norms and check in.' }).waitFor();
    await C.getByTestId('headline').filter({ hasText: 'Waiting for you to acknowledge the norms and check in.' }).waitFor();
    assert.equal(await F.getByTestId('f-round-complete').isVisible(), false);
    // "Next" would go past her check-in: it asks first.
    await F.getByTestId('f-next').click();
    assert.match(await F.getByTestId('f-checkin-pending').innerText(), /^Cleo has not checked in yet\./);
    await F.getByTestId('f-checkin-stay').click();

    // She acknowledges: the floor is hers at once, without "Give the floor".
    await C.getByTestId('ack-norms').click();
    await H.waitForMyTurn(C);
    await F.getByTestId('headline').filter({ hasText: 'Cleo is checking in.' }).waitFor();
    await C.getByTestId('checkin-pass').click();
    await F.getByTestId('headline').filter({ hasText: 'Everyone has checked in.' }).waitFor();
    await F.getByTestId('f-round-complete').waitFor();
  }, () => pages);
});
