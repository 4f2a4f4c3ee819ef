// A whole meeting, clicked through the real UI by a facilitator and three members, each in
// their own browser context: start page, links, joining, norms, check-in, one full hot seat
// (presenting, questions with answers, learnings, commitment), closing, the end and the
// summary. Screenshots of the main screens go to tests/artifacts/.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as H from './lib/harness.mjs';

/** @type {Awaited<ReturnType<typeof H.startServer>>} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;

H.useServerAndBrowser((started, launched) => {
  server = started;
  browser = launched;
});

test('a facilitator and three members run a complete meeting through every phase', async () => {
  /** @type {import('playwright-core').Page[]} */
  const pages = [];
  await H.withFailureShots('meeting', () => meeting(pages), () => pages);
});

/** @param {import('playwright-core').Page[]} pages */
async function meeting(pages) {
  const fac = await H.newPerson(browser, H.DESKTOP);
  pages.push(fac.page);
  const F = fac.page;
  await fac.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });

  // ---- the start page ----------------------------------------------------------------
  await F.goto(`${server.url}/`);
  await F.getByTestId('circle-name').waitFor();
  assert.equal(await F.getByTestId('norm-input').count(), 6, 'the method’s six norms are prefilled');
  assert.equal(await F.getByTestId('tb-questions').inputValue(), '10');
  await H.shot(F, 'start-desktop');
  await F.setViewportSize(H.NARROW);
  assert.equal(await H.scrollsSideways(F), false, 'the start page fits 360 px');
  await H.shot(F, 'start-360');
  await F.setViewportSize(H.DESKTOP);

  // An empty name is refused next to the field.
  await F.getByTestId('create-circle').click();
  await F.getByTestId('error-name').filter({ hasText: 'Give the circle a name.' }).waitFor();

  // A time box the server refuses (6 seconds): its 400 answer is shown next to that field.
  await F.getByTestId('circle-name').fill('Leaders’ Circle North');
  await F.getByTestId('tb-opening').fill('0.1');
  await F.getByTestId('create-circle').click();
  await F.getByTestId('error-opening_secs').filter({ hasText: '10 seconds to 2 hours' }).waitFor();
  assert.equal(await F.getByTestId('tb-opening').getAttribute('aria-invalid'), 'true');
  assert.equal(await F.getByTestId('error-name').isVisible(), false);
  await F.getByTestId('tb-opening').fill('2');

  await F.getByTestId('facilitator-name').fill('Maya');
  await F.getByTestId('norm-add').click();
  await F.getByTestId('norm-input').nth(6).fill('Cameras on when we can.');
  await F.getByTestId('tb-questions').fill('8');
  await F.getByTestId('create-circle').click();
  await F.getByTestId('created-screen').waitFor();

  const joinUrl = await F.getByTestId('join-url').inputValue();
  const facilitatorUrl = await F.getByTestId('facilitator-url').inputValue();
  assert.match(joinUrl, /^http:\/\/127\.0\.0\.1:\d+\/r\/[A-Za-z0-9_-]{22}$/);
  assert.ok(facilitatorUrl.startsWith(`${joinUrl}#f=`), 'the facilitator link carries its secret in the fragment');
  assert.ok((await F.getByTestId('invitation-text').inputValue()).includes(joinUrl));
  assert.equal(await F.getByTestId('facilitator-url').getAttribute('type'), 'password', 'the secret link is masked on screen');
  await F.getByTestId('facilitator-warning').filter({ hasText: 'keep it secret' }).waitFor();
  await F.getByTestId('copy-join-url').click();
  await F.getByTestId('copy-join-url').filter({ hasText: 'Copied' }).waitFor();
  assert.equal(await F.evaluate(() => navigator.clipboard.readText()), joinUrl);
  await F.getByTestId('copy-invitation').click();
  assert.ok((await F.evaluate(() => navigator.clipboard.readText())).includes('Join our mastermind circle'));
  await H.shot(F, 'links-desktop');
  await F.setViewportSize(H.NARROW);
  assert.equal(await H.scrollsSideways(F), false, 'the links page fits 360 px');
  await H.shot(F, 'links-360');
  await F.setViewportSize(H.DESKTOP);

  // ---- the facilitator opens the room; the secret leaves the address bar ----------------
  await F.getByTestId('open-as-facilitator').click();
  await F.getByTestId('facilitator-panel').waitFor();
  assert.ok(!F.url().includes('#'), 'the facilitator secret is removed from the address bar');
  assert.equal(F.url(), joinUrl);

  // ---- three members join from the members' link --------------------------------------
  const ana = await H.newPerson(browser, H.NARROW);
  const ben = await H.newPerson(browser, H.DESKTOP);
  const cleo = await H.newPerson(browser, H.NARROW);
  const A = ana.page;
  const B = ben.page;
  const C = cleo.page;
  pages.push(A, B, C);
  await A.goto(joinUrl);
  await A.getByTestId('join-name').waitFor();
  await H.shot(A, 'join-360');
  await A.getByTestId('join-name').fill('Ana');
  await A.getByTestId('join-submit').click();
  await A.getByTestId('room-screen').waitFor();
  await H.join(B, joinUrl, 'Ben');
  await H.shot(B, 'join-desktop-after');
  await H.join(C, joinUrl, 'Cleo');
  await F.getByTestId('member').filter({ hasText: 'Cleo' }).waitFor();
  assert.equal(await F.getByTestId('member').count(), 4);
  assert.equal(await A.getByTestId('circle-name').textContent(), 'Leaders’ Circle North');

  // ---- the agenda: Ana volunteers; the facilitator edits the order ----------------------
  await A.getByTestId('volunteer').click();
  await F.getByTestId('f-agenda-item').filter({ hasText: 'Ana' }).waitFor();
  await F.getByTestId('f-agenda-add-select').selectOption({ label: 'Ben' });
  await F.getByTestId('f-agenda-add').click();
  await F.getByTestId('f-agenda-item').nth(1).filter({ hasText: 'Ben' }).waitFor();
  await F.getByTestId('f-agenda-item').filter({ hasText: 'Ana' }).getByTestId('f-agenda-down').click();
  await F.getByTestId('f-agenda-item').nth(0).filter({ hasText: 'Ben' }).waitFor();
  await B.getByTestId('agenda-upcoming').nth(0).filter({ hasText: 'Ben' }).waitFor();
  await F.getByTestId('f-agenda-item').filter({ hasText: 'Ben' }).getByTestId('f-agenda-remove').click();
  await F.getByTestId('f-agenda-item').filter({ hasText: 'Ben' }).waitFor({ state: 'detached' });
  assert.deepEqual(await F.getByTestId('f-agenda-item').allTextContents().then((t) => t.map((x) => x.includes('Ana'))), [true]);
  await H.shot(F, 'facilitator-lobby-desktop');

  // ---- opening: the norms ----------------------------------------------------------------
  await H.facilitatorNext(F, 'Opening');
  await A.getByTestId('ack-norms').waitFor();
  const normsShown = await A.getByTestId('panel-norms').getByRole('listitem').allTextContents();
  assert.ok(normsShown.includes('Cameras on when we can.'), 'the edited norms are shown');
  await H.shot(A, 'member-opening-360');
  await A.getByTestId('ack-norms').click();
  await B.getByTestId('ack-norms').click();
  await A.getByTestId('panel-norms').waitFor({ state: 'hidden' });
  // Moving on before everyone has acknowledged is refused with a plain sentence.
  await F.getByTestId('f-norms-pending').filter({ hasText: 'Cleo' }).waitFor();
  await F.getByTestId('f-next').click();
  await F.getByTestId('f-flow').getByTestId('action-error')
    .filter({ hasText: 'Not everyone here has acknowledged the norms yet.' }).waitFor();
  await C.getByTestId('ack-norms').click();
  await F.getByTestId('f-norms-pending').waitFor({ state: 'hidden' });
  await H.facilitatorNext(F, 'Check-in');

  // ---- check-in: each member in turn ----------------------------------------------------
  await H.waitForMyTurn(A);
  await A.getByTestId('your-turn-text').filter({ hasText: 'Your turn to check in' }).waitFor();
  await A.getByTestId('live-assertive').filter({ hasText: 'Your turn to check in' }).waitFor();
  assert.ok((await A.title()).startsWith('● Your turn'), 'the tab title shows the turn');
  assert.equal(await B.getByTestId('your-turn-banner').isVisible(), false);
  await B.getByTestId('floor-holder').filter({ hasText: 'Ana' }).waitFor();
  await B.getByTestId('next-speaker').filter({ hasText: 'You' }).waitFor();
  await H.shot(A, 'member-your-turn-checkin-360');
  await A.getByTestId('checkin-note').fill('Energised, and a little nervous about my hot seat.');
  await A.getByTestId('checkin-submit').click();
  await H.waitForMyTurn(B);
  await B.getByTestId('checkin-note').fill('A bit tired after a long week.');
  await B.getByTestId('checkin-submit').click();
  await H.waitForMyTurn(C);
  await H.shot(B, 'member-checkin-desktop');
  await C.getByTestId('checkin-pass').click();
  await F.getByTestId('floor-holder').filter({ hasText: 'Nobody' }).waitFor();
  await F.getByTestId('checkin-note-item').filter({ hasText: 'A bit tired' }).waitFor();
  // Cleo passed: the facilitator sees she has not been heard yet.
  await F.getByTestId('f-person').filter({ hasText: 'Cleo' }).getByTestId('f-not-heard').waitFor();
  await F.getByTestId('f-person').filter({ hasText: 'Cleo' }).getByTestId('f-stats')
    .filter({ hasText: '0 turns · 1 pass · 0 questions' }).waitFor();

  // ---- Ana's hot seat: presenting --------------------------------------------------------
  await H.facilitatorNext(F, 'Presenting');
  await H.waitForMyTurn(A);
  await A.getByTestId('your-turn-text').filter({ hasText: 'You are in the hot seat' }).waitFor();
  await B.getByTestId('substep-presenting').and(B.locator('[data-state="current"]')).waitFor();
  await A.getByTestId('presenting-done').click();
  await F.getByTestId('headline').filter({ hasText: 'Ana has finished presenting.' }).waitFor();

  // ---- the question round ----------------------------------------------------------------
  await H.facilitatorNext(F, 'Question round');
  await H.waitForMyTurn(B);
  await B.getByTestId('ask-input').fill('What would success look like for you six months from now?');
  await B.getByTestId('coach-hint').filter({ hasText: 'open question' }).waitFor();
  await C.getByTestId('ask-explanation').filter({ hasText: 'Ben has the floor' }).waitFor();
  await H.shot(B, 'question-round-desktop');
  await H.shot(C, 'question-round-waiting-360');
  assert.equal(await H.scrollsSideways(C), false, 'the question round fits 360 px');
  await B.getByTestId('ask-submit').click();
  await B.waitForFunction(() => /** @type {HTMLTextAreaElement} */ (document.getElementById('ask-input')).value === '');
  await H.waitForMyTurn(A);
  await A.getByTestId('answer-question').filter({ hasText: 'What would success look like' }).waitFor();
  await H.shot(A, 'presenter-answering-360');
  await A.getByTestId('answer').click();
  await H.waitForMyTurn(C);
  await C.getByTestId('ask-input').fill('How does this affect your team?');
  await C.getByTestId('ask-submit').click();
  await H.waitForMyTurn(A);
  await A.getByTestId('note-question').click();
  // The first round is over: nobody has the floor until a hand goes up.
  await B.getByTestId('headline').filter({ hasText: 'raise your hand' }).waitFor();
  await B.getByTestId('raise-hand').click();
  await H.waitForMyTurn(B);
  await B.getByTestId('ask-input').fill('What do you need from us right now?');
  await B.getByTestId('ask-submit').click();
  await H.waitForMyTurn(A);
  await A.getByTestId('answer').click();
  // The third answer reaches the facilitator's screen a moment after Ana's click.
  await F.locator('[data-testid="question"][data-status="answered"]').nth(1).waitFor();
  const statuses = await F.getByTestId('question').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
  assert.deepEqual(statuses, ['answered', 'noted', 'answered']);
  await F.getByTestId('f-mix-open').filter({ hasText: '3' }).waitFor();
  await H.shot(F, 'facilitator-questions-desktop');
  await F.setViewportSize(H.NARROW);
  assert.equal(await H.scrollsSideways(F), false, 'the facilitator panel fits 360 px');
  await H.shot(F, 'facilitator-questions-360');
  await F.setViewportSize(H.DESKTOP);

  // ---- learnings: everyone, the presenter last --------------------------------------------
  await H.facilitatorNext(F, 'Learnings');
  await H.waitForMyTurn(B);
  await B.getByTestId('learning-input').fill('I rush to solutions when I feel unsure.');
  await B.getByTestId('learning-submit').click();
  await H.waitForMyTurn(C);
  await C.getByTestId('learning-pass').click();
  await H.waitForMyTurn(A);
  await A.getByTestId('learning-input').fill('I wait too long before asking for help.');
  await A.getByTestId('learning-submit').click();
  await F.getByTestId('learning').nth(2).waitFor();
  assert.deepEqual(
    await F.getByTestId('learning').allTextContents(),
    ['BenI rush to solutions when I feel unsure.', 'Cleopassed', 'AnaI wait too long before asking for help.'],
  );

  // ---- commitment ----------------------------------------------------------------------
  await H.facilitatorNext(F, 'Commitment');
  await H.waitForMyTurn(A);
  await A.getByTestId('commit-text').fill('Talk to my manager about the hiring plan');
  await A.getByTestId('commit-due').fill('2031-05-20');
  await A.getByTestId('commit-submit').click();
  await A.getByTestId('commit-made-item').filter({ hasText: 'hiring plan' }).waitFor();
  await H.shot(A, 'presenter-commitment-360');
  assert.equal(await H.scrollsSideways(A), false, 'the commitment form fits 360 px');
  await A.getByTestId('commit-done').click();
  await B.getByTestId('commitment').filter({ hasText: 'Talk to my manager about the hiring plan' }).waitFor();

  // ---- closing and the end ---------------------------------------------------------------
  await H.facilitatorNext(F, 'Closing');
  await F.getByTestId('agenda-done').filter({ hasText: 'committed' }).waitFor();
  await F.getByTestId('summary').filter({ hasText: 'Commitments so far' }).waitFor();
  await H.facilitatorNext(F, 'Ended');

  for (const page of [F, A, B, C]) {
    await page.getByTestId('summary').filter({ hasText: 'Summary: our commitments' }).waitFor();
    const item = page.getByTestId('summary-item');
    assert.equal(await item.count(), 1);
    const text = await item.textContent();
    assert.ok(text?.includes('Ana') && text.includes('Talk to my manager about the hiring plan') && /due \D*(May 20|20 May),? 2031/.test(text));
  }
  // After the end the facilitator's controls shrink to what comes next: no steps, no clock.
  await F.getByTestId('f-start-next').waitFor();
  for (const gone of ['f-next', 'f-back', 'f-pause', 'f-end', 'f-people-list']) {
    assert.equal(await F.getByTestId(gone).isVisible(), false, `no ${gone} after the end`);
  }
  await H.shot(B, 'summary-desktop');
  await H.shot(C, 'summary-360');

  // The summary copies and downloads as Markdown.
  await F.getByTestId('copy-summary').click();
  const copied = await F.evaluate(() => navigator.clipboard.readText());
  assert.ok(copied.includes('- **Ana**: Talk to my manager about the hiring plan (due 2031-05-20)'), copied);
  const [download] = await Promise.all([F.waitForEvent('download'), F.getByTestId('download-summary').click()]);
  assert.match(download.suggestedFilename(), /^hotseat-leaders-circle-north-\d{4}-\d{2}-\d{2}\.md$/);
  const file = await readFile(/** @type {string} */ (await download.path()), 'utf8');
  assert.equal(file, copied);

  for (const person of [fac, ana, ben, cleo]) {
    // The one expected console line: the refused time box's 400 answer on the start page.
    const errors = person.problems.errors.filter((e) => !(person === fac && e.includes('status of 400')));
    assert.deepEqual(errors, [], 'no page errors or CSP violations');
    assert.deepEqual(person.problems.dialogs, [], 'no browser dialogs');
    await person.context.close();
  }
}
