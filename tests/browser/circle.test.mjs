// The circle beyond one meeting, clicked through the real UI: the facilitator sets the next
// meeting's date after the end (in their time zone; members see it in theirs and download the
// calendar file), starts the next meeting, a member reports back on last time's commitment,
// the commitment history lists both meetings, a member downloads and then erases their data,
// and the facilitator deletes the circle. A second test restarts the server on the same data
// folder and port, and the open pages come back to their seats by themselves.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as H from './lib/harness.mjs';

/** @type {import('playwright-core').Browser} */
let browser;
/** @type {Awaited<ReturnType<typeof H.startServer>>} */
let server;

H.useServerAndBrowser((started, launched) => {
  server = started;
  browser = launched;
});

/**
 * Downloads what a click offers; resolves to the file's name and text.
 * @param {import('playwright-core').Page} page
 * @param {import('playwright-core').Locator} trigger
 */
async function download(page, trigger) {
  const [file] = await Promise.all([page.waitForEvent('download'), trigger.click()]);
  return { name: file.suggestedFilename(), text: await readFile(/** @type {string} */ (await file.path()), 'utf8') };
}

/**
 * Every person's page stayed free of errors, CSP violations and browser dialogs.
 * @param {Awaited<ReturnType<typeof H.newPerson>>[]} people
 */
function assertNoProblems(people) {
  for (const person of people) {
    assert.deepEqual(person.problems.errors.filter((e) => !e.includes('WebSocket')), [], 'no page errors or CSP violations');
    assert.deepEqual(person.problems.dialogs, [], 'no browser dialogs');
  }
}

test('a circle across two meetings: schedule, next meeting, report-back, history, my data, erase, delete', async () => {
  /** @type {import('playwright-core').Page[]} */
  const pages = [];
  await H.withFailureShots('circle', async () => {
    const circle = await H.createCircle(server.url, { name: 'Leaders’ Circle North', facilitator_name: 'Maya' });
    // Maya facilitates from Amsterdam; Ana is in New York (and reads US English); Ben uses dark mode.
    const fac = await H.newPerson(browser, H.DESKTOP, { timezoneId: 'Europe/Amsterdam', locale: 'en-GB' });
    const ana = await H.newPerson(browser, H.NARROW, { timezoneId: 'America/New_York', locale: 'en-US' });
    const ben = await H.newPerson(browser, H.NARROW, { timezoneId: 'Europe/Amsterdam', locale: 'en-GB', colorScheme: 'dark' });
    const F = fac.page;
    const A = ana.page;
    const B = ben.page;
    pages.push(F, A, B);

    await H.openAsFacilitator(F, circle.facilitator_url);
    await H.join(A, circle.join_url, 'Ana');
    await H.join(B, circle.join_url, 'Ben');

    // Before any date: everyone is told who sets it; no calendar link yet.
    await A.getByTestId('schedule-empty').filter({ hasText: 'The facilitator sets it' }).waitFor();
    assert.equal(await A.getByTestId('add-to-calendar').isVisible(), false);
    assert.equal(await A.getByTestId('schedule-form').isVisible(), false, 'members have no schedule form');

    // ---- meeting 1: Ana presents and commits ------------------------------------------
    await A.getByTestId('volunteer').click();
    await F.getByTestId('f-agenda-item').first().waitFor();
    await H.facilitatorNext(F, 'Opening');
    await A.getByTestId('ack-norms').click();
    await B.getByTestId('ack-norms').click();
    await F.getByTestId('f-norms-pending').waitFor({ state: 'hidden' });
    await H.facilitatorNext(F, 'Check-in');
    await H.waitForMyTurn(A);
    await A.getByTestId('panel-checkin').waitFor();
    assert.equal(await A.getByTestId('report-form').count(), 0, 'no earlier commitments in a first meeting');
    await H.facilitatorNext(F, 'Presenting');
    await H.facilitatorNext(F, 'Question round');
    await H.facilitatorNext(F, 'Learnings');
    await H.facilitatorNext(F, 'Commitment');
    await A.getByTestId('commit-text').fill('Ask my manager for a clear decision on the reorg');
    await A.getByTestId('commit-due').fill('2031-06-01');
    await A.getByTestId('commit-submit').click();
    await F.getByTestId('commitment').filter({ hasText: 'Ask my manager' }).waitFor();
    await H.facilitatorNext(F, 'Closing');

    // Closing: "When do we meet next?" moves up, beside the summary.
    await F.getByTestId('schedule').filter({ hasText: 'When do we meet next?' }).waitFor();
    assert.equal(await F.getByTestId('schedule-form').isVisible(), true, 'the form is open at the close');
    await H.shot(F, 'circle-closing-facilitator-desktop');
    await H.facilitatorNext(F, 'Ended');

    // ---- after the end: the facilitator sets the dates ------------------------------------
    await F.getByTestId('f-start-next').waitFor();
    assert.equal(await F.getByTestId('f-next').isVisible(), false, 'no "next step" after the end');
    assert.equal(await F.getByTestId('schedule-form').isVisible(), true, 'the date is the subject after the end');
    await H.shot(F, 'circle-ended-facilitator-desktop');
    await F.setViewportSize(H.NARROW);
    assert.equal(await H.scrollsSideways(F), false, 'the facilitator’s ended screen fits 360 px');
    await H.shot(F, 'circle-ended-facilitator-360');
    await F.setViewportSize(H.DESKTOP);
    // A date in the past is refused next to the form, before it is sent.
    await F.getByTestId('schedule-next').fill('2020-01-01T10:00');
    await F.getByTestId('schedule-save').click();
    await F.getByTestId('schedule-error').filter({ hasText: 'has to be in the future' }).waitFor();
    assert.equal(await F.getByTestId('schedule-next').getAttribute('aria-invalid'), 'true');
    // 18:30 in Amsterdam on 20 May 2031 (summer time, UTC+2) is 16:30 UTC and 12:30 in New York.
    await F.getByTestId('schedule-next').fill('2031-05-20T18:30');
    await F.getByTestId('schedule-round-end').fill('2031-09-30');
    await F.getByTestId('schedule-save').click();
    await F.getByTestId('next-meeting-date').filter({ hasText: '20 May 2031' }).filter({ hasText: '18:30' }).waitFor();
    await F.getByTestId('schedule-error').waitFor({ state: 'hidden' });
    assert.equal(await F.getByTestId('schedule-next').inputValue(), '2031-05-20T18:30', 'the form shows the saved date');

    await A.getByTestId('next-meeting-date').filter({ hasText: 'Tuesday, May 20, 2031' }).filter({ hasText: '12:30' }).waitFor();
    assert.match(await A.getByTestId('next-meeting-zone').textContent() ?? '', /New York/);
    assert.match(await A.getByTestId('round-ends').textContent() ?? '', /September 30, 2031/);
    await B.getByTestId('next-meeting-date').filter({ hasText: '18:30' }).waitFor();
    await A.getByTestId('panel-guide').filter({ hasText: 'the facilitator starts the next meeting' }).waitFor();

    // The calendar file, from the member's page.
    const ics = await download(A, A.getByTestId('add-to-calendar'));
    assert.equal(ics.name, 'next-meeting.ics');
    assert.ok(ics.text.startsWith('BEGIN:VCALENDAR'), ics.text.slice(0, 80));
    assert.match(ics.text, /DTSTART:20310520T163000Z/);
    await H.shot(A, 'circle-ended-member-360');
    assert.equal(await H.scrollsSideways(A), false, 'the ended screen fits 360 px');
    await H.shot(B, 'circle-ended-member-dark-360');
    assert.equal(await H.scrollsSideways(F), false);
    assert.deepEqual(await H.unlabelledControls(F), [], 'every control of the facilitator is labelled');
    assert.deepEqual(await H.unlabelledControls(A), []);

    // Between meetings a newcomer cannot join, and is told when they can.
    const cleo = await H.newPerson(browser, H.NARROW);
    await cleo.page.goto(circle.join_url);
    await cleo.page.getByTestId('join-name').fill('Cleo');
    await cleo.page.getByTestId('join-submit').click();
    await cleo.page.getByTestId('message-text').filter({ hasText: 'once the facilitator has started the next meeting' }).waitFor();
    await cleo.context.close();

    // ---- the next meeting ------------------------------------------------------------------
    await F.getByTestId('f-start-next').click();
    await F.getByTestId('f-start-next-confirm').click();
    for (const page of [F, A, B]) await page.getByTestId('phase-name').filter({ hasText: 'Opening' }).waitFor();
    assert.equal(await F.getByTestId('summary').isVisible(), false, 'the new meeting starts afresh');
    await A.getByTestId('next-meeting-date').filter({ hasText: '12:30' }).waitFor();
    await A.getByTestId('ack-norms').click();
    await B.getByTestId('ack-norms').click();
    await F.getByTestId('f-norms-pending').waitFor({ state: 'hidden' });
    await B.getByTestId('volunteer').click();
    await F.getByTestId('f-agenda-item').first().waitFor();
    await H.facilitatorNext(F, 'Check-in');

    // Ana reports back: partly, with what she learned.
    await H.waitForMyTurn(A);
    const form = A.getByTestId('report-form');
    await form.filter({ hasText: 'Ask my manager for a clear decision on the reorg' }).waitFor();
    assert.match(await form.textContent() ?? '', /due \D*(June 1|1 June),? 2031/);
    await F.getByTestId('open-commitment').filter({ hasText: 'not reported yet' }).waitFor();
    await form.getByTestId('report-partly').check();
    await form.getByTestId('report-note').fill('I asked; the decision is promised for next month.');
    await A.getByTestId('checkin-note').fill('Glad to be back.');
    await H.shot(A, 'circle-report-back-360');
    assert.equal(await H.scrollsSideways(A), false, 'the report-back form fits 360 px');
    await A.getByTestId('checkin-submit').click();
    const report = F.getByTestId('report').filter({ hasText: 'Ana' });
    await report.filter({ hasText: 'Partly' }).waitFor();
    assert.match(await report.textContent() ?? '', /I asked; the decision is promised for next month\./);
    assert.equal(await report.getAttribute('data-status'), 'partly');
    await B.getByTestId('report').filter({ hasText: 'Partly' }).waitFor();
    await H.shot(F, 'circle-report-back-facilitator-desktop');

    // Ben passes, presents and commits: a commitment in the second meeting.
    await H.waitForMyTurn(B);
    await B.getByTestId('checkin-pass').click();
    await H.facilitatorNext(F, 'Presenting');
    await H.facilitatorNext(F, 'Question round');
    await H.facilitatorNext(F, 'Learnings');
    await H.facilitatorNext(F, 'Commitment');
    await B.getByTestId('commit-text').fill('Book a one-to-one with my team lead');
    await B.getByTestId('commit-submit').click();
    await F.getByTestId('commitment').filter({ hasText: 'Book a one-to-one' }).waitFor();

    // ---- the history lists both meetings --------------------------------------------------
    await A.getByTestId('history-toggle').click();
    const meetings = A.getByTestId('history-meeting');
    await meetings.first().waitFor();
    assert.deepEqual(await meetings.evaluateAll((els) => els.map((e) => e.getAttribute('data-meeting'))), ['2', '1'], 'newest meeting first');
    const anaItem = A.getByTestId('history-item').filter({ hasText: 'Ask my manager for a clear decision on the reorg' });
    assert.equal(await anaItem.getAttribute('data-status'), 'partly');
    assert.match(await anaItem.textContent() ?? '', /Ana \(you\).*due \D*(June 1|1 June),? 2031.*reported at meeting 2/s);
    const benItem = A.getByTestId('history-item').filter({ hasText: 'Book a one-to-one with my team lead' });
    assert.equal(await benItem.getAttribute('data-status'), 'open');
    assert.match(await benItem.textContent() ?? '', /Ben.*Not reported yet.*no due date/s);
    assert.equal(await meetings.nth(0).getByTestId('history-item').count(), 1);
    assert.equal(await meetings.nth(1).getByTestId('history-item').count(), 1);
    await A.getByTestId('history-status').filter({ hasText: '2 commitments over 2 meetings' }).waitFor();
    await H.shot(A, 'circle-history-360');
    await H.shotOf(A.getByTestId('history'), 'circle-history-panel-360');
    await F.getByTestId('history-toggle').click();
    await F.getByTestId('history-item').nth(1).waitFor();

    // ---- my data: download it ---------------------------------------------------------------
    await A.getByTestId('my-data-toggle').click();
    const md = await download(A, A.getByTestId('download-my-data-md'));
    assert.match(md.name, /^hotseat-my-data-leaders-circle-north-\d{4}-\d{2}-\d{2}\.md$/);
    assert.ok(md.text.includes('Ask my manager for a clear decision on the reorg'), md.text);
    assert.ok(md.text.includes('partly'), md.text);
    assert.ok(!md.text.includes('Book a one-to-one'), 'only my own commitments');
    const json = await download(A, A.getByTestId('download-my-data-json'));
    assert.match(json.name, /\.json$/);
    const data = JSON.parse(json.text);
    assert.equal(data.name, 'Ana');
    assert.deepEqual(data.commitments.map((/** @type {{ text: string }} */ c) => c.text), ['Ask my manager for a clear decision on the reorg']);
    await A.getByTestId('my-data-done').filter({ hasText: 'JSON' }).waitFor();
    await H.shotOf(A.getByTestId('my-data'), 'circle-my-data-360');
    // The facilitator is told why their data cannot be erased, rather than offered a button.
    await F.getByTestId('my-data-toggle').click();
    await F.getByTestId('erase-facilitator-note').filter({ hasText: 'hand the facilitator role to someone else first' }).waitFor();
    assert.equal(await F.getByTestId('erase-my-data').isVisible(), false);

    // ---- Ben erases his data --------------------------------------------------------------
    await B.getByTestId('my-data-toggle').click();
    await B.getByTestId('erase-my-data').click();
    await B.getByTestId('erase-confirm-box').filter({ hasText: 'cannot be undone' }).waitFor();
    await H.shotOf(B.getByTestId('my-data'), 'circle-erase-confirm-dark-360');
    // Cancel first, with the keyboard: Escape closes the question and nothing happens.
    assert.equal(await B.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'erase-cancel', 'focus starts on the safe choice');
    await B.keyboard.press('Escape');
    assert.equal(await B.getByTestId('erase-confirm-box').isVisible(), false);
    assert.equal(await B.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'erase-my-data', 'focus returns');
    await B.keyboard.press('Enter');
    await B.getByTestId('erase-confirm').click();
    await B.getByTestId('message-screen').waitFor();
    await B.getByTestId('message-text').filter({ hasText: 'Your data in this circle was erased, as you asked.' }).waitFor();
    assert.equal(await B.getByTestId('connection-banner').isVisible(), false, 'no reconnecting after an erasure');
    assert.equal(await B.evaluate(() => Object.keys(localStorage).filter((k) => k.includes(':room:')).length), 0, 'the room is forgotten on this device');
    await H.shot(B, 'circle-erased-dark-360');
    // The others no longer see Ben, nor his commitment.
    await F.getByTestId('member').filter({ hasText: 'Ben' }).waitFor({ state: 'detached' });
    await A.getByTestId('member').filter({ hasText: 'Ben' }).waitFor({ state: 'detached' });
    await A.getByTestId('history-refresh').click();
    await A.getByTestId('history-item').filter({ hasText: 'Book a one-to-one' }).waitFor({ state: 'detached' });
    await A.getByTestId('history-item').filter({ hasText: 'Ask my manager' }).waitFor();
    await B.waitForTimeout(300);
    assert.equal(await B.getByTestId('room-screen').isVisible(), false, 'Ben stays out');

    // ---- the facilitator deletes the circle -----------------------------------------------
    await F.getByTestId('f-delete-circle').click();
    assert.equal(await F.getByTestId('f-delete-confirm').isDisabled(), true, 'not before typing delete');
    await F.getByTestId('f-delete-input').fill('delete');
    await H.shotOf(F.getByTestId('f-circle'), 'circle-delete-confirm-desktop');
    await F.getByTestId('f-delete-input').press('Enter');
    for (const page of [F, A]) {
      await page.getByTestId('message-screen').waitFor();
      await page.getByTestId('message-text').filter({ hasText: 'The facilitator deleted this circle.' }).waitFor();
      assert.equal(await page.getByTestId('connection-banner').isVisible(), false, 'no reconnecting after a deletion');
    }
    await H.shot(A, 'circle-deleted-360');
    const gone = await fetch(`${server.url}/r/${circle.room}/next-meeting.ics`);
    assert.equal(gone.status, 404, 'the circle and its calendar are gone');

    assertNoProblems([fac, ana, ben]);
    for (const person of [fac, ana, ben]) await person.context.close();
  }, () => pages);
});

test('after a server restart on the same data, open pages come back to their seats by themselves', async () => {
  const own = await H.startServer();
  /** @type {import('playwright-core').Page[]} */
  const pages = [];
  try {
    await H.withFailureShots('restart', async () => {
      const circle = await H.createCircle(own.url, { name: 'Restart circle', facilitator_name: 'Maya' });
      const fac = await H.newPerson(browser, H.DESKTOP);
      const ana = await H.newPerson(browser, H.NARROW);
      const F = fac.page;
      const A = ana.page;
      pages.push(F, A);
      await H.openAsFacilitator(F, circle.facilitator_url);
      await H.join(A, circle.join_url, 'Ana');
      await H.facilitatorNext(F, 'Opening');
      await A.getByTestId('ack-norms').click();
      await F.getByTestId('member').filter({ hasText: 'Ana' }).filter({ hasText: 'Norms ✓' }).waitFor();
      // A date for the next meeting, set during the meeting (from the side column).
      if (!(await F.getByTestId('schedule-form').isVisible())) await F.getByTestId('schedule-edit-toggle').click();
      await F.getByTestId('schedule-next').fill('2031-05-20T18:30');
      await F.getByTestId('schedule-save').click();
      await A.getByTestId('add-to-calendar').waitFor();
      const dateBefore = await A.getByTestId('next-meeting-date').textContent();
      const anaSeat = await H.mySeat(A);
      const mayaSeat = await H.mySeat(F);
      const ws = [];
      A.on('websocket', (socket) => ws.push(socket.url()));

      await own.restart();

      // The pages notice, say so, and come back by themselves (no click).
      await A.getByTestId('connection-banner').waitFor({ state: 'hidden', timeout: 20_000 });
      await F.getByTestId('connection-banner').waitFor({ state: 'hidden', timeout: 20_000 });
      await A.getByTestId('toast').filter({ hasText: 'Reconnected' }).waitFor();
      assert.ok(ws.length >= 1, 'Ana’s page opened a new connection');
      assert.equal(await H.mySeat(A), anaSeat, 'Ana is back in her seat');
      assert.equal(await H.mySeat(F), mayaSeat, 'Maya is back in the facilitator’s seat');
      assert.equal(await A.getByTestId('join-screen').isVisible(), false, 'nobody is asked for a name');
      for (const page of [F, A]) {
        await page.getByTestId('phase-name').filter({ hasText: 'Opening' }).waitFor();
      }
      assert.equal(await A.getByTestId('panel-norms').isVisible(), false, 'the norms stay acknowledged');
      assert.equal(await A.getByTestId('next-meeting-date').textContent(), dateBefore, 'the date survives the restart');
      await F.getByTestId('facilitator-panel').waitFor();
      assert.equal(await F.getByTestId('member').count(), 2, 'no new seats');
      await H.shot(A, 'circle-after-restart-360');

      // The room works as before: the meeting moves on.
      await F.getByTestId('f-next').click();
      await A.getByTestId('phase-name').filter({ hasText: 'Check-in' }).waitFor();
      await H.waitForMyTurn(A);

      assertNoProblems([fac, ana]);
      await fac.context.close();
      await ana.context.close();
    }, () => pages);
  } finally {
    await own.stop();
  }
});

// A member who closes the page after the end keeps their seat in the circle (the grace period
// only takes someone out of a running meeting, never out of the circle), so their commitment
// opens the next meeting's check-in.
test('a member who closed the page after the end reports back at the next meeting', async () => {
  const own = await H.startServer({ env: { HOTSEAT_GRACE: '1s' } });
  const fac = await H.newPerson(browser, H.DESKTOP);
  const ana = await H.newPerson(browser, H.NARROW);
  try {
    const circle = await H.createCircle(own.url, { name: 'Between meetings', facilitator_name: 'Maya' });
    const F = fac.page;
    const A = ana.page;
    await H.openAsFacilitator(F, circle.facilitator_url);
    await H.join(A, circle.join_url, 'Ana');
    await A.getByTestId('volunteer').click();
    await F.getByTestId('f-agenda-item').first().waitFor();
    await H.facilitatorNext(F, 'Opening');
    await A.getByTestId('ack-norms').click();
    await F.getByTestId('f-norms-pending').waitFor({ state: 'hidden' });
    for (const step of ['Check-in', 'Presenting', 'Question round', 'Learnings', 'Commitment']) await H.facilitatorNext(F, step);
    await A.getByTestId('commit-text').fill('Call the supplier');
    await A.getByTestId('commit-submit').click();
    await F.getByTestId('commitment').waitFor();
    await H.facilitatorNext(F, 'Closing');
    await H.facilitatorNext(F, 'Ended');

    // Ana closes the page after the meeting, as people do, and comes back for the next one.
    await A.close();
    await F.waitForTimeout(2_500);
    await F.getByTestId('f-start-next').click();
    await F.getByTestId('f-start-next-confirm').click();
    await F.getByTestId('phase-name').filter({ hasText: 'Opening' }).waitFor();
    const A2 = await ana.context.newPage();
    await A2.goto(circle.join_url);
    await A2.getByTestId('ack-norms').click();
    await F.getByTestId('f-norms-pending').waitFor({ state: 'hidden' });
    await H.facilitatorNext(F, 'Check-in');
    await H.waitForMyTurn(A2);
    await A2.getByTestId('report-form').filter({ hasText: 'Call the supplier' }).waitFor({ timeout: 3_000 });
  } finally {
    await fac.context.close();
    await ana.context.close();
    await own.stop();
  }
});
