// Issue 15, item 11: before the hot seats begin, an empty agenda is pointed out to the
// facilitator (also in the circle's second meeting, which opens without a lobby), and
// members can still volunteer.

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

test('an empty agenda is offered before the hot seats, in the first and the second meeting', async () => {
  /** @type {import('playwright-core').Page[]} */
  const pages = [];
  await H.withFailureShots('ux-agenda', async () => {
    const circle = await H.createCircle(server.url, { name: 'Agenda circle', facilitator_name: 'Maya' });
    const fac = await H.newPerson(browser, H.DESKTOP);
    const ana = await H.newPerson(browser, H.NARROW);
    const F = fac.page;
    const A = ana.page;
    pages.push(F, A);
    await H.openAsFacilitator(F, circle.facilitator_url);
    await H.join(A, circle.join_url, 'Ana');
    const notice = F.getByTestId('f-agenda-empty');
    await notice.waitFor();
    await A.getByTestId('volunteer').click();
    await notice.waitFor({ state: 'hidden' });

    // End this meeting and open the next: it starts at its opening, with an empty agenda.
    await F.getByTestId('f-end').click();
    await F.getByTestId('f-end-confirm').click();
    await F.getByTestId('f-start-next').click();
    await F.getByTestId('f-start-next-confirm').click();
    await F.getByTestId('phase-name').filter({ hasText: 'Opening' }).waitFor();
    await notice.waitFor();
    assert.match(await notice.innerText(), /No hot seats on the agenda yet/);
    // Ana acknowledges the norms of this meeting and volunteers right there; the notice goes.
    await A.getByTestId('phase-name').filter({ hasText: 'Opening' }).waitFor();
    await A.getByTestId('ack-norms').click();
    await A.getByTestId('volunteer').click();
    await notice.waitFor({ state: 'hidden' });
    await F.getByTestId('f-next').filter({ hasText: 'Next: check-in' }).waitFor();
  }, () => pages);
});
