// Issue 15, item 5: every waiting text is true of the state it is shown in, and the
// facilitator is told when a round is complete and it is time to move on.

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

/** @param {import('playwright-core').Page} page @param {string | RegExp} text */
const headline = (page, text) => page.getByTestId('headline').filter({ hasText: text }).waitFor();
/** @param {import('playwright-core').Page} page @param {string | RegExp} text */
const guide = (page, text) => page.getByTestId('guide-text').filter({ hasText: text }).waitFor();
/** @param {import('playwright-core').Page[]} pages */
const texts = async (pages) => (await Promise.all(pages.map(async (p) => [
  await p.getByTestId('headline').innerText(),
  (await p.getByTestId('panel-guide').isVisible()) ? await p.getByTestId('guide-text').innerText() : '',
]))).flat().join('\n');

test('waiting texts follow the meeting; the facilitator is cued when a round is complete', async () => {
  /** @type {import('playwright-core').Page[]} */
  const pages = [];
  await H.withFailureShots('ux-waiting', async () => {
    const circle = await H.createCircle(server.url, { name: 'Words circle', facilitator_name: 'Maya' });
    const fac = await H.newPerson(browser, H.DESKTOP);
    const ana = await H.newPerson(browser, H.NARROW);
    const ben = await H.newPerson(browser, H.NARROW);
    const [F, A, B] = [fac.page, ana.page, ben.page];
    pages.push(F, A, B);
    await H.openAsFacilitator(F, circle.facilitator_url);
    await H.join(A, circle.join_url, 'Ana');
    await H.join(B, circle.join_url, 'Ben');

    // Lobby: the facilitator is not told to wait for the facilitator.
    await headline(F, 'The meeting has not started yet: start it when the members are here.');
    await headline(A, 'Waiting for the facilitator to start the meeting.');
    await A.getByTestId('volunteer').click();
    await F.getByTestId('f-agenda-item').first().waitFor();
    await H.facilitatorNext(F, 'Opening');

    // Opening: "waiting for the others" only while someone has not acknowledged.
    await A.getByTestId('ack-norms').click();
    await guide(A, 'Thank you for acknowledging the norms. Waiting for the others.');
    await B.getByTestId('ack-norms').click();
    await guide(A, 'Everyone has acknowledged the norms. The facilitator opens the check-in next.');
    await guide(B, 'Everyone has acknowledged the norms.');
    await H.facilitatorNext(F, 'Check-in');

    // Check-in: who has had their turn is not told it comes in order.
    await A.getByTestId('checkin-pass').click();
    await guide(A, 'Thank you for checking in. Listen to the others’ check-ins.');
    assert.equal(await F.getByTestId('f-round-complete').isVisible(), false);
    await B.getByTestId('checkin-pass').click();
    for (const p of [F, A, B]) await headline(p, 'Everyone has checked in.');
    await guide(A, 'Everyone has checked in. The facilitator moves the circle on next.');
    await F.getByTestId('f-round-complete')
      .filter({ hasText: 'Everyone has checked in: move on to Ana’s hot seat when the circle is ready.' }).waitFor();
    await H.shotOf(F.getByTestId('f-flow'), 'ux-round-complete');
    assert.doesNotMatch(await texts([F, A, B]), /Waiting for the next member|comes in order/);
    await H.facilitatorNext(F, 'Presenting');
    assert.equal(await F.getByTestId('f-checkin-confirm').isVisible(), false, 'no question once all checked in');
    await F.getByTestId('f-round-complete').waitFor({ state: 'hidden' });

    // Presenting: once Ana is done, nobody reads "no questions yet" as if she were still on.
    await A.getByTestId('presenting-done').click();
    await guide(A, 'You have finished presenting. The circle’s questions come next.');
    await guide(B, 'Ana has finished presenting. Questions come in the next step.');
    await H.facilitatorNext(F, 'Question round');
    await B.getByTestId('ask-pass').click();
    await headline(B, 'The first round is over');
    await H.facilitatorNext(F, 'Learnings');

    // Learnings: Ben first, Ana (the presenter) last; then the round is complete.
    await B.getByTestId('learning-pass').click();
    await guide(B, 'Thank you for sharing. Listen to the others’ learnings.');
    await A.getByTestId('learning-pass').click();
    for (const p of [F, A, B]) await headline(p, 'Everyone has shared a learning.');
    await guide(B, 'Everyone has shared a learning. The facilitator moves the circle on next.');
    await F.getByTestId('f-round-complete')
      .filter({ hasText: 'Everyone has shared a learning: move on to the commitment when the circle is ready.' }).waitFor();
    assert.doesNotMatch(await texts([F, A, B]), /Waiting for the next member/);
    for (const person of [fac, ana, ben]) assert.deepEqual(person.problems.errors, []);
  }, () => pages);
});
