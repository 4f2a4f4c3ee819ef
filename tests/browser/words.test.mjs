// After a server restart the room says plainly what happened to what members said: a
// question or a learning said before it was not kept (Hotseat never stores what members say),
// never an empty question or a pass; the presenter and everyone read it; the meeting goes on.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './lib/harness.mjs';

/** @type {import('playwright-core').Browser} */
let browser;

H.useServerAndBrowser((_started, launched) => {
  browser = launched;
});

const NOT_KEPT = 'its words were not kept when the server restarted — Hotseat never stores what members say';

/** Every page is back from the restart: its banner gone, its seat live again. */
async function backFromRestart(/** @type {import('playwright-core').Page[]} */ pages) {
  for (const page of pages) {
    await page.getByTestId('connection-banner').waitFor({ state: 'hidden', timeout: 20_000 });
  }
}

test('after a restart, questions and learnings said before it read as not kept, for the presenter and everyone', async () => {
  const own = await H.startServer();
  /** @type {import('playwright-core').Page[]} */
  const pages = [];
  try {
    await H.withFailureShots('words', async () => {
      const { fac, people } = await H.meetingAtQuestions(browser, own.url, { members: ['Ana', 'Ben', 'Cleo'] });
      const F = fac.page;
      const A = people.Ana.page;
      const B = people.Ben.page;
      const C = people.Cleo.page;
      pages.push(F, A, B, C);

      // ---- two questions; Ana is answering Cleo's when the server restarts -------------
      await H.waitForMyTurn(B);
      await B.getByTestId('ask-input').fill('What would change if you said no?');
      await B.getByTestId('ask-submit').click();
      await H.waitForMyTurn(A);
      await A.getByTestId('answer').click();
      await H.waitForMyTurn(C);
      await C.getByTestId('ask-input').fill('Who else knows about this?');
      await C.getByTestId('ask-submit').click();
      await H.waitForMyTurn(A);
      await A.getByTestId('answer-question').filter({ hasText: 'Who else knows about this?' }).waitFor();

      await own.restart();
      await backFromRestart(pages);

      // The presenter is told why there are no words, and that Cleo can ask again.
      await H.waitForMyTurn(A);
      await A.getByTestId('answer-question').filter({ hasText: `Cleo asked a question (${NOT_KEPT}). Cleo can ask it again.` }).waitFor();
      const expected = [
        `Ben asked a question (${NOT_KEPT}). Ben can ask it again.`,
        `Cleo asked a question (${NOT_KEPT}). Cleo can ask it again.`,
      ];
      for (const page of [A, F, B]) {
        await page.getByTestId('question-text').nth(1).filter({ hasText: 'Cleo' }).waitFor();
      }
      assert.deepEqual(await F.getByTestId('question-text').allTextContents(), expected, 'the facilitator reads it');
      assert.deepEqual(await A.getByTestId('question-text').allTextContents(), expected, 'the presenter reads it');
      await C.getByTestId('question-text').nth(1).filter({ hasText: 'You asked a question' }).waitFor();
      assert.equal(await C.getByTestId('question-text').nth(1).textContent(),
        `You asked a question (${NOT_KEPT}). You can ask it again.`);
      for (const page of [F, A, B, C]) {
        const body = await page.locator('body').textContent() ?? '';
        assert.ok(!body.includes('Who else knows') && !body.includes('if you said no'), 'no words came back');
      }
      await H.shot(A, 'words-not-kept-presenter-360');

      // ---- the meeting goes on: learnings, one shared and one passed, then a restart --
      await A.getByTestId('answer').click();
      await F.getByTestId('question').nth(1).and(F.locator('[data-status="answered"]')).waitFor();
      await H.facilitatorNext(F, 'Learnings');
      await H.waitForMyTurn(B);
      await B.getByTestId('learning-input').fill('I say yes too quickly.');
      await B.getByTestId('learning-submit').click();
      await H.waitForMyTurn(C);
      await C.getByTestId('learning-pass').click();
      await H.waitForMyTurn(A);
      assert.deepEqual(await F.getByTestId('learning').allTextContents(), ['BenI say yes too quickly.', 'Cleopassed']);

      await own.restart();
      await backFromRestart(pages);
      await H.waitForMyTurn(A);
      await F.getByTestId('learning').first().filter({ hasText: 'shared a learning' }).waitFor();
      assert.deepEqual(await F.getByTestId('learning').allTextContents(),
        [`Benshared a learning (${NOT_KEPT}).`, 'Cleopassed'], 'a shared learning is not a pass');
      await B.getByTestId('learning').first().filter({ hasText: 'shared a learning' }).waitFor();

      // Words said after the restart are shown as usual.
      await A.getByTestId('learning-input').fill('I can ask for time.');
      await A.getByTestId('learning-submit').click();
      await F.getByTestId('learning').nth(2).filter({ hasText: 'I can ask for time.' }).waitFor();
      await H.shot(F, 'words-not-kept-learnings-desktop');

      for (const person of [fac, people.Ana, people.Ben, people.Cleo]) {
        assert.deepEqual(person.problems.errors.filter((e) => !e.includes('WebSocket')), [], 'no page errors');
        assert.deepEqual(person.problems.dialogs, []);
        await person.context.close();
      }
    }, () => pages);
  } finally {
    await own.stop();
  }
});
