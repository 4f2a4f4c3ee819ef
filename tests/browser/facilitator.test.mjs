// The facilitator's controls, clicked for real: lock and unlock, remove a member (with a
// confirmation), time running out, extend, pause and resume, skip a speaker, give the floor,
// go back, hand the role over, and end the meeting early. Also: an unknown room, joining by
// keyboard only, labels on every control, and the room in dark mode.

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

/** Seconds shown on a countdown like "1:05". @param {string | null} text */
const seconds = (text) => {
  const [m, s] = String(text).split(':').map(Number);
  return m * 60 + s;
};

test('the facilitator runs the room: lock, remove, time, floor, back, hand over, end', async () => {
  /** @type {import('playwright-core').Page[]} */
  const pages = [];
  await H.withFailureShots('facilitator', async () => {
    const circle = await H.createCircle(server.url, {
      name: 'Controls circle', facilitator_name: 'Maya', settings: { time_boxes: { opening_secs: 10 } },
    });
    const fac = await H.newPerson(browser, H.DESKTOP);
    const ana = await H.newPerson(browser, H.NARROW);
    const ben = await H.newPerson(browser, H.NARROW);
    const cleo = await H.newPerson(browser, H.NARROW, { colorScheme: 'dark', reducedMotion: 'reduce' });
    const dan = await H.newPerson(browser, H.NARROW);
    const F = fac.page;
    const A = ana.page;
    const B = ben.page;
    const C = cleo.page;
    const D = dan.page;
    pages.push(F, A, B, C, D);

    // An unknown room says so in plain words (before the join form asks a name: issue 15).
    await D.goto(`${server.url}/r/AAAAAAAAAAAAAAAAAAAAAA`);
    await D.getByTestId('message-text').filter({ hasText: 'This room does not exist.' }).waitFor();

    await H.openAsFacilitator(F, circle.facilitator_url);
    await H.join(A, circle.join_url, 'Ana');
    await H.join(B, circle.join_url, 'Ben');

    // Cleo joins with the keyboard only: the name field has focus, Enter joins.
    await C.goto(circle.join_url);
    await C.getByTestId('join-name').waitFor();
    assert.equal(await C.evaluate(() => document.activeElement?.id), 'join-name');
    await C.keyboard.type('Cleo');
    await C.keyboard.press('Enter');
    await C.getByTestId('room-screen').waitFor();

    // ---- lock: a newcomer is turned away with a sentence; unlock lets them in ----------
    await F.getByTestId('f-lock').click();
    await F.getByTestId('f-lock').filter({ hasText: 'Unlock the room' }).waitFor();
    await D.goto(circle.join_url);
    await D.getByTestId('join-name').fill('Dan');
    await D.getByTestId('join-submit').click();
    await D.getByTestId('join-error').filter({ hasText: 'The facilitator has locked the room to new members.' }).waitFor();
    await F.getByTestId('f-lock').click();
    await F.getByTestId('f-lock').filter({ hasText: 'Lock the room' }).waitFor();
    await D.getByTestId('join-submit').click();
    await D.getByTestId('room-screen').waitFor();

    // ---- remove, after a confirmation ---------------------------------------------------
    const danRow = F.getByTestId('f-person').filter({ hasText: 'Dan' });
    await danRow.getByTestId('f-remove').click();
    await danRow.getByTestId('f-cancel').click();
    await danRow.getByTestId('f-remove').click();
    await danRow.getByTestId('f-remove-confirm').click();
    await D.getByTestId('message-text').filter({ hasText: 'The facilitator removed you from this room.' }).waitFor();
    await F.getByTestId('member').filter({ hasText: 'Dan' }).waitFor({ state: 'detached' });
    assert.equal(await F.getByTestId('member').count(), 4);

    // ---- time running out, extend, pause, resume ----------------------------------------
    // ---- the agenda: add, shuffle ---------------------------------------------------------
    await A.getByTestId('volunteer').click();
    await F.getByTestId('f-agenda-item').filter({ hasText: 'Ana' }).waitFor();
    for (const name of ['Ben', 'Cleo']) {
      await F.getByTestId('f-agenda-add-select').selectOption({ label: name });
      await F.getByTestId('f-agenda-add').click();
      await F.getByTestId('f-agenda-item').filter({ hasText: name }).waitFor();
    }
    /** @returns {Promise<string[]>} */
    const order = () => F.getByTestId('f-agenda-item').evaluateAll((els) => els.map((e) => String(e.getAttribute('data-seat'))));
    const before = await order();
    await F.getByTestId('f-shuffle').click();
    await F.waitForFunction((b) => [...document.querySelectorAll('[data-testid="f-agenda-item"]')]
      .map((e) => e.getAttribute('data-seat')).join() !== b, before.join());
    assert.deepEqual([...(await order())].sort(), [...before].sort(), 'the same people, in another order');
    await H.facilitatorNext(F, 'Opening');
    for (const page of [A, B, C]) await page.getByTestId('ack-norms').click();
    await H.shot(C, 'member-dark-360');
    await F.getByTestId('f-time-up').waitFor({ timeout: 15_000 });
    assert.equal(await F.getByTestId('countdown').getAttribute('data-state'), 'time_up');
    await A.getByTestId('countdown-note').filter({ hasText: 'time is up' }).waitFor();
    await F.getByTestId('f-extend-60').click();
    await F.getByTestId('f-time-up').waitFor({ state: 'hidden' });
    await F.getByTestId('countdown').and(F.locator('[data-state="running"]')).waitFor();
    const extended = seconds(await F.getByTestId('countdown').textContent());
    assert.ok(extended > 50 && extended <= 60, `a minute more: ${extended}`);
    await F.getByTestId('f-pause').click();
    await B.getByTestId('countdown-note').filter({ hasText: 'paused' }).waitFor();
    await F.getByTestId('f-resume').click();
    await B.getByTestId('countdown-note').filter({ hasText: 'left for this step' }).waitFor();

    // ---- the floor: skip a speaker, give the floor, go back -----------------------------
    await H.facilitatorNext(F, 'Check-in');
    await H.waitForMyTurn(A);
    assert.deepEqual(await H.unlabelledControls(F), [], 'every control has a label');
    assert.deepEqual(await H.unlabelledControls(A), []);
    await F.getByTestId('f-skip').filter({ hasText: 'Skip Ana’s turn' }).click();
    await H.waitForMyTurn(B);
    await F.getByTestId('f-floor-select').selectOption({ label: 'Cleo (check in)' });
    await F.getByTestId('f-give-floor').click();
    await H.waitForMyTurn(C);
    await B.getByTestId('your-turn-banner').waitFor({ state: 'hidden' });
    await H.shot(C, 'member-dark-your-turn-360');
    await F.getByTestId('f-back').click();
    await F.getByTestId('phase-name').filter({ hasText: 'Opening' }).waitFor();
    await H.facilitatorNext(F, 'Check-in');

    // ---- hand over the role -------------------------------------------------------------
    const benRow = F.getByTestId('f-person').filter({ hasText: 'Ben' });
    await benRow.getByTestId('f-handover').click();
    await benRow.getByTestId('f-handover-confirm').click();
    await B.getByTestId('facilitator-panel').waitFor();
    await F.getByTestId('facilitator-panel').waitFor({ state: 'hidden' });
    await F.getByTestId('member').filter({ hasText: 'Ben' }).filter({ hasText: 'Facilitator' }).waitFor();
    await H.shot(B, 'facilitator-handed-over-360');

    // ---- end the meeting early, after a confirmation -------------------------------------
    await B.getByTestId('f-end').click();
    await B.getByTestId('f-end-confirm').click();
    for (const page of [F, A, B, C]) {
      await page.getByTestId('phase-name').filter({ hasText: 'Ended' }).waitFor();
      await page.getByTestId('summary').filter({ hasText: 'No commitments were made in this meeting.' }).waitFor();
    }
    await B.getByTestId('f-start-next').waitFor();
    assert.equal(await B.getByTestId('f-next').isVisible(), false, 'after the end, only the next meeting');
    assert.equal(await B.getByTestId('f-end').isVisible(), false);
    // Ben became facilitator by hand-over: he never had the facilitator link, so he cannot delete the circle.
    await B.getByTestId('f-delete-no-secret').waitFor();
    assert.equal(await B.getByTestId('f-delete-circle').isVisible(), false);

    for (const person of [fac, ana, ben, cleo, dan]) {
      assert.deepEqual(person.problems.errors, []);
      assert.deepEqual(person.problems.dialogs, []);
      await person.context.close();
    }
  }, () => pages);
});
