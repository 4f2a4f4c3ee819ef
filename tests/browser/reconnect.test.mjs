// Coming back: a member who reloads the page mid-meeting returns to the same seat (same
// name, same seat, same place on the agenda, same turn); a dropped connection shows a
// "reconnecting" banner, pauses the actions, and resumes the seat; a second tab takes over.

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

test('a member who reloads, or whose connection drops, comes back to the same seat', async () => {
  /** @type {import('playwright-core').Page[]} */
  const pages = [];
  await H.withFailureShots('reconnect', async () => {
    const circle = await H.createCircle(server.url, { name: 'Reconnect circle', facilitator_name: 'Maya' });
    const fac = await H.newPerson(browser, H.DESKTOP);
    const ana = await H.newPerson(browser, H.NARROW);
    const ben = await H.newPerson(browser, H.NARROW);
    const F = fac.page;
    const A = ana.page;
    const B = ben.page;
    pages.push(F, A, B);

    // Ben's socket goes through a switch, so the test can cut his line.
    /** @type {{ page: import('playwright-core').WebSocketRoute, server: import('playwright-core').WebSocketRoute }[]} */
    const lines = [];
    let cut = false;
    await B.routeWebSocket(/\/ws\//, (ws) => {
      if (cut) {
        ws.close({ code: 1006, reason: 'cut' });
        return;
      }
      lines.push({ page: ws, server: ws.connectToServer() });
    });

    await H.openAsFacilitator(F, circle.facilitator_url);
    await H.join(A, circle.join_url, 'Ana');
    await H.join(B, circle.join_url, 'Ben');
    await B.getByTestId('volunteer').click();
    await A.getByTestId('volunteer').click();
    await F.getByTestId('f-agenda-item').nth(1).waitFor();
    await H.facilitatorNext(F, 'Opening');
    await A.getByTestId('ack-norms').click();
    await B.getByTestId('ack-norms').click();
    await F.getByTestId('f-norms-pending').waitFor({ state: 'hidden' });
    await H.facilitatorNext(F, 'Check-in');
    await H.waitForMyTurn(A);

    const benSeat = await H.mySeat(B);
    /** @param {import('playwright-core').Page} page */
    const agendaSeats = (page) => page.getByTestId('agenda-upcoming').evaluateAll((els) => els.map((e) => e.getAttribute('data-seat')));
    const agendaBefore = await agendaSeats(F);
    assert.equal(agendaBefore.length, 2);

    // ---- Ben turns the chime on, then reloads while Ana checks in -------------------
    assert.equal(await B.getByTestId('sound-toggle').getAttribute('aria-pressed'), 'false', 'sound is off by default');
    await B.getByTestId('sound-toggle').click();
    assert.equal(await B.getByTestId('sound-toggle').getAttribute('aria-pressed'), 'true');
    await B.reload();
    await B.getByTestId('room-screen').waitFor();
    await B.getByTestId('member').filter({ hasText: '(you)' }).waitFor();
    assert.equal(await H.mySeat(B), benSeat, 'same seat after a reload');
    assert.equal(await B.getByTestId('member').filter({ hasText: '(you)' }).getByTestId('member-name').textContent(), 'Ben');
    assert.equal(await B.getByTestId('join-screen').isVisible(), false, 'no name asked again');
    assert.equal(await B.getByTestId('sound-toggle').getAttribute('aria-pressed'), 'true', 'the sound choice is remembered');
    assert.equal(await B.getByTestId('panel-norms').isVisible(), false, 'norms stay acknowledged');
    assert.equal(await F.getByTestId('member').count(), 3, 'no second seat for Ben');
    assert.deepEqual(await agendaSeats(F), agendaBefore, 'agenda place kept');
    assert.deepEqual(await agendaSeats(B), agendaBefore);
    assert.equal(agendaBefore[0], String(benSeat), 'Ben is still first on the agenda');

    // ---- Ana, holding the floor, reloads: the turn waits for her --------------------
    const anaSeat = await H.mySeat(A);
    await A.reload();
    await H.waitForMyTurn(A);
    assert.equal(await H.mySeat(A), anaSeat);
    await A.getByTestId('checkin-note').fill('Back again.');
    await A.getByTestId('checkin-submit').click();
    await H.waitForMyTurn(B);
    await B.getByTestId('checkin-pass').waitFor();

    // ---- Ben's line is cut while it is his turn ------------------------------------
    cut = true;
    for (const line of lines.splice(0)) {
      await line.server.close();
      await line.page.close({ code: 1006, reason: 'cut' });
    }
    await B.getByTestId('connection-banner').filter({ hasText: 'Reconnecting' }).waitFor();
    assert.equal(await B.getByTestId('my-actions').evaluate((el) => /** @type {HTMLFieldSetElement} */ (el).disabled), true,
      'actions are paused while reconnecting');
    assert.equal(await B.getByTestId('checkin-pass').isDisabled(), true);
    assert.equal(await B.getByTestId('your-turn-banner').isVisible(), false, 'no stale your-turn cue');
    await F.getByTestId('member').filter({ hasText: 'Ben' }).and(F.locator('[data-present="false"]')).waitFor();
    await F.getByTestId('countdown-note').filter({ hasText: 'paused' }).waitFor();
    await H.shot(B, 'reconnecting-360');

    cut = false;
    // "Try now" skips the wait; under load the page's own backoff timer may get there first
    // and the button is gone, which is just as good: the checks below are what matter.
    await B.getByTestId('reconnect-now').click({ timeout: 3000 }).catch(() => {});
    await B.getByTestId('connection-banner').waitFor({ state: 'hidden' });
    await B.getByTestId('toast').filter({ hasText: 'Reconnected' }).waitFor();
    assert.equal(await H.mySeat(B), benSeat, 'same seat after the line came back');
    await H.waitForMyTurn(B);
    await F.getByTestId('member').filter({ hasText: 'Ben' }).and(F.locator('[data-present="true"]')).waitFor();
    await B.getByTestId('checkin-pass').click();
    await F.getByTestId('floor-holder').filter({ hasText: 'Nobody' }).waitFor();

    // ---- the same seat opened in a second tab takes over ------------------------------
    const B2 = await ben.context.newPage();
    pages.push(B2);
    await B2.goto(circle.join_url);
    await B2.getByTestId('room-screen').waitFor();
    await B.getByTestId('message-text').filter({ hasText: 'open in another tab' }).waitFor();
    assert.equal(await H.mySeat(B2), benSeat);
    await B.getByTestId('use-this-tab').click();
    await B.getByTestId('room-screen').waitFor();
    await B2.getByTestId('message-text').filter({ hasText: 'open in another tab' }).waitFor();

    for (const person of [fac, ana, ben]) {
      assert.deepEqual(person.problems.errors.filter((e) => !e.includes('WebSocket')), [], 'no page errors');
      assert.deepEqual(person.problems.dialogs, []);
      await person.context.close();
    }
  }, () => pages);
});
