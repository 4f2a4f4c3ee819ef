// Fair turns, seen from a member who tries to act out of turn. The ask form stays visible while
// someone else has the floor, with the button off and a plain sentence saying why; and when a
// member's screen is a moment behind (the floor moved but the update has not arrived yet),
// the server's refusal is shown as a plain sentence next to the form, never as raw JSON.

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

test('a member acting out of turn sees a clear sentence', async () => {
  /** @type {import('playwright-core').Page[]} */
  const pages = [];
  await H.withFailureShots('turns', async () => {
    // Ben's incoming room updates can be held back, to make his screen lag behind.
    let hold = false;
    /** @type {(() => void)[]} */
    const held = [];
    const { fac, people } = await H.meetingAtQuestions(browser, server.url, {
      members: ['Ana', 'Ben', 'Cleo'],
      beforeJoin: {
        Ben: (page) => page.routeWebSocket(/\/ws\//, (ws) => {
          const upstream = ws.connectToServer();
          ws.onMessage((m) => upstream.send(m));
          upstream.onMessage((m) => {
            if (hold && String(m).includes('"type":"update"')) held.push(() => ws.send(m));
            else ws.send(m);
          });
        }),
      },
    });
    const F = fac.page;
    const B = people.Ben.page;
    const C = people.Cleo.page;
    pages.push(F, B, C, people.Ana.page);

    // The question round starts with Ben (seated after the presenter, Ana).
    await H.waitForMyTurn(B);
    await B.getByTestId('ask-input').fill('What matters most to you here?');
    assert.equal(await B.getByTestId('ask-submit').isEnabled(), true);

    // ---- Ben's screen lags: the facilitator gives the floor to Cleo --------------------
    hold = true;
    await F.getByTestId('f-floor-select').selectOption({ label: 'Cleo (ask)' });
    await F.getByTestId('f-give-floor').click();
    await H.waitForMyTurn(C);
    assert.equal(await B.getByTestId('ask-submit').isEnabled(), true, 'Ben has not heard yet');
    await B.getByTestId('ask-submit').click();
    const refusal = B.getByTestId('panel-ask').getByTestId('action-error');
    await refusal.filter({ hasText: 'It is not your turn yet.' }).waitFor();
    const sentence = /** @type {string} */ (await refusal.textContent());
    assert.ok(!/[{}"]|not_your_turn/.test(sentence), `a plain sentence, not raw JSON: ${sentence}`);
    assert.equal(await B.getByTestId('ask-input').inputValue(), 'What matters most to you here?', 'the draft is kept');
    await H.shot(B, 'out-of-turn-refused-360');

    // ---- the update arrives: the form explains who has the floor ----------------------
    hold = false;
    for (const send of held.splice(0)) send();
    await B.getByTestId('ask-explanation').filter({ hasText: 'It is not your turn: Cleo has the floor.' }).waitFor();
    assert.equal(await B.getByTestId('ask-submit').isDisabled(), true);
    assert.equal(await B.getByTestId('ask-input').isEditable(), true, 'Ben can keep drafting');
    assert.equal(await B.getByTestId('your-turn-banner').isVisible(), false);
    await H.shot(B, 'out-of-turn-explained-360');

    // Cleo asks; Ben's turn comes back once Ana has answered.
    await C.getByTestId('ask-input').fill('What would you like to understand better?');
    await C.getByTestId('ask-submit').click();
    await H.waitForMyTurn(people.Ana.page);
    await B.getByTestId('ask-explanation').filter({ hasText: 'Ana is answering' }).waitFor();
    await people.Ana.page.getByTestId('answer').click();
    await H.waitForMyTurn(B);
    await B.getByTestId('ask-submit').click();
    await F.getByTestId('question').nth(1).filter({ hasText: 'What matters most to you here?' }).waitFor();

    for (const person of [fac, ...Object.values(people)]) {
      assert.deepEqual(person.problems.errors, []);
      assert.deepEqual(person.problems.dialogs, []);
      await person.context.close();
    }
  }, () => pages);
});
