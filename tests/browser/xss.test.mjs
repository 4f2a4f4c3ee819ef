// Everything people type is shown as text, never as HTML: a member named
// `<img src=x onerror=alert(1)>` appears as those characters, no image element is created and
// no dialog opens; the same holds for a circle name, norms and a question.

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

const EVIL_NAME = '<img src=x onerror=alert(1)>';
const EVIL_CIRCLE = '<b>Bold</b> & <i>co</i>';
const EVIL_NORM = '<script>alert(3)</script> stays text';
const EVIL_QUESTION = 'What if <img src=y onerror=alert(2)> were gone?';

test('names, norms and questions with HTML in them are shown as text', async () => {
  /** @type {import('playwright-core').Page[]} */
  const pages = [];
  await H.withFailureShots('xss', async () => {
    const { fac, people } = await H.meetingAtQuestions(browser, server.url, {
      members: ['Ana', EVIL_NAME],
      circle: { name: EVIL_CIRCLE, norms: ['Listen to understand.', EVIL_NORM] },
    });
    const F = fac.page;
    const evil = people[EVIL_NAME];
    const E = evil.page;
    pages.push(F, E, people.Ana.page);

    // The member's name, as text, everywhere it appears.
    await F.getByTestId('member-name').filter({ hasText: EVIL_NAME }).waitFor();
    assert.equal(await F.getByTestId('member-name').filter({ hasText: EVIL_NAME }).textContent(), EVIL_NAME);
    await E.getByTestId('member').filter({ hasText: '(you)' }).getByTestId('member-name').filter({ hasText: EVIL_NAME }).waitFor();
    await F.getByTestId('f-person').filter({ hasText: EVIL_NAME }).waitFor();
    assert.equal(await F.getByTestId('circle-name').textContent(), EVIL_CIRCLE);
    assert.ok((await F.getByTestId('norms').textContent())?.includes(EVIL_NORM));

    // The question round starts with the member after the presenter: the evil-named one.
    await H.waitForMyTurn(E);
    await E.getByTestId('ask-input').fill(EVIL_QUESTION);
    await E.getByTestId('ask-submit').click();
    await F.getByTestId('question-text').filter({ hasText: EVIL_QUESTION }).waitFor();
    await people.Ana.page.getByTestId('answer-question').filter({ hasText: EVIL_QUESTION }).waitFor();
    assert.equal(await F.getByTestId('question-text').textContent(), EVIL_QUESTION);
    assert.ok((await F.getByTestId('floor-holder').textContent())?.includes('Ana'));
    await H.shot(F, 'xss-facilitator-desktop');

    for (const page of pages) {
      assert.equal(await page.locator('img').count(), 0, 'no image element was created');
      assert.equal(await page.locator('main script, main b, main i').count(), 0, 'no markup from user text');
    }
    for (const person of [fac, ...Object.values(people)]) {
      assert.deepEqual(person.problems.dialogs, [], 'no dialog fired');
      assert.deepEqual(person.problems.errors, []);
      await person.context.close();
    }
  }, () => pages);
});
