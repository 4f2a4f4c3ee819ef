// Issue 15, item 8: an error on screen goes once the state it was about has changed (the
// facilitator's "commit first" after the presenter chose insight only), and stays while it
// is still true (extending the time changes nothing about it).

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

test('an error goes when the state it was about has changed', async () => {
  /** @type {import('playwright-core').Page[]} */
  const pages = [];
  await H.withFailureShots('ux-errors', async () => {
    const { fac, people } = await H.meetingAtQuestions(browser, server.url, { members: ['Ana', 'Ben'] });
    const F = fac.page;
    const A = people.Ana.page;
    const B = people.Ben.page;
    pages.push(F, A, B);
    await B.getByTestId('ask-pass').click();
    await H.facilitatorNext(F, 'Learnings');
    await B.getByTestId('learning-pass').click();
    await A.getByTestId('learning-pass').click();
    await H.facilitatorNext(F, 'Commitment');

    // "Next" before Ana commits: refused, said in the flow section.
    const error = F.getByTestId('f-flow').getByTestId('action-error');
    await F.getByTestId('f-next').click();
    await error.filter({ hasText: 'The presenter needs to commit to an action (or choose insight only) first.' }).waitFor();

    // It stays while it is still true: the facilitator extending the time changes nothing
    // about it (the update that follows leaves the step, the floor and the choice as they were).
    const seconds = async () => {
      const [m, sec] = (await F.getByTestId('countdown').innerText()).split(':').map(Number);
      return m * 60 + sec;
    };
    const before = await seconds();
    await F.getByTestId('f-extend-300').click();
    await F.waitForFunction((b) => {
      const [m, sec] = String(document.querySelector('[data-testid="countdown"]')?.textContent).split(':').map(Number);
      return m * 60 + sec > b + 200;
    }, before);
    assert.equal(await error.isVisible(), true, 'still true: Ana has not chosen yet');

    // Ana chooses insight only: the error is no longer true, and goes.
    await A.getByTestId('insight-only').click();
    await error.waitFor({ state: 'hidden' });
    await H.facilitatorNext(F, /Closing/);
    // Item 17: the on-screen summary says so too, as the Markdown does.
    await F.getByTestId('summary-item-insight').filter({ hasText: 'Ana' }).filter({ hasText: 'insight only' }).waitFor();
    assert.deepEqual(fac.problems.errors, []);
  }, () => pages);
});
