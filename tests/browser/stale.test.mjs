// The facilitator's clicks name what the screen showed (`seen`), and a click the meeting has
// overtaken is refused as `stale`: the page says so in plain words and shows the meeting as it
// is. The race is made by holding the facilitator's socket: a click's `seen` is rewritten to
// what the screen showed a moment earlier, as if it had been sent just before a time-out.

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

test('the facilitator sends what they saw, and a stale click changes nothing and says so', async () => {
  /** @type {import('playwright-core').Page[]} */
  const pages = [];
  await H.withFailureShots('stale', async () => {
    const circle = await H.createCircle(server.url, { name: 'Stale circle', facilitator_name: 'Maya' });
    const fac = await H.newPerson(browser, H.DESKTOP);
    const ana = await H.newPerson(browser, H.NARROW);
    const F = fac.page;
    const A = ana.page;
    pages.push(F, A);

    /** @type {any[]} every `act` the facilitator's page sent, as the server received it */
    const acts = [];
    /** @type {any} when set, the next `seen` sent is replaced by this one */
    let rewind = null;
    await F.routeWebSocket(/\/ws\//, (ws) => {
      const upstream = ws.connectToServer();
      ws.onMessage((message) => {
        const msg = JSON.parse(String(message));
        if (msg.type === 'act') {
          if (rewind && msg.seen) {
            msg.seen = rewind;
            rewind = null;
          }
          acts.push(msg);
        }
        upstream.send(JSON.stringify(msg));
      });
    });

    await H.openAsFacilitator(F, circle.facilitator_url);
    await H.join(A, circle.join_url, 'Ana');
    const anaSeat = await H.mySeat(A);
    await H.facilitatorNext(F, 'Opening');
    await A.getByTestId('ack-norms').click();
    // Ana's page saw her acknowledgement accepted before the facilitator moves on.
    await A.getByTestId('ack-norms').waitFor({ state: 'hidden' });
    await H.facilitatorNext(F, 'Check-in');

    // "start" names nothing; "next" names the opening the screen showed.
    assert.deepEqual(acts.map((a) => a.command.type), ['start', 'advance']);
    assert.equal('seen' in acts[0], false);
    assert.deepEqual(acts[1].seen, { phase: 'opening', hot_seat: null, floor: null });

    // Ana's check-in turn runs. The facilitator's skip is sent as if clicked while the
    // opening was still on screen: the server refuses it, and Ana keeps her turn.
    await H.waitForMyTurn(A);
    rewind = { phase: 'opening', hot_seat: null, floor: null };
    await F.getByTestId('f-skip').click();
    await F.getByText('The meeting had already moved on; nothing was changed.').waitFor();
    assert.equal(acts.at(-1).command.type, 'skip');
    assert.deepEqual(acts.at(-1).seen, { phase: 'opening', hot_seat: null, floor: null });
    await F.getByTestId('phase-name').filter({ hasText: 'Check-in' }).waitFor();
    assert.equal(await A.getByTestId('your-turn-banner').isVisible(), true, 'Ana keeps her turn');

    // Clicked on what the screen shows now, the skip ends Ana's turn.
    await F.getByTestId('f-skip').click();
    await A.getByTestId('your-turn-banner').waitFor({ state: 'hidden' });
    assert.deepEqual(acts.at(-1).seen, { phase: 'check_in', hot_seat: null, floor: anaSeat });
  }, () => pages);
});
