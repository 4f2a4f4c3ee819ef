// Issue 15, item 4: a member whose turn the facilitator skips is told so, and keeps what they
// had typed.

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

test('the skipped member is told, and the half-typed question stays', async () => {
  /** @type {import('playwright-core').Page[]} */
  const pages = [];
  await H.withFailureShots('ux-skip', async () => {
    const { fac, people } = await H.meetingAtQuestions(browser, server.url, { members: ['Ana', 'Ben', 'Cleo'] });
    const F = fac.page;
    pages.push(F, ...Object.values(people).map((p) => p.page));
    // Whoever asks first (Ben or Cleo) starts typing, and the facilitator skips them.
    await F.getByTestId('headline').filter({ hasText: 'is asking a question' }).waitFor();
    const asker = (await F.getByTestId('headline').innerText()).split(' ')[0];
    const P = people[asker].page;
    await H.waitForMyTurn(P);
    const words = 'What is the smallest step you could take tomorrow?';
    await P.getByTestId('ask-input').fill(words);
    await F.getByTestId('f-skip').click();
    await P.getByTestId('toast').filter({ hasText: 'Your turn was skipped, so nothing was sent. What you typed is still here.' }).waitFor();
    assert.equal(await P.getByTestId('ask-input').inputValue(), words);
    await P.getByTestId('your-turn-banner').waitFor({ state: 'hidden' });
    // Someone else has the floor now, truly.
    assert.doesNotMatch(await P.getByTestId('headline').innerText(), new RegExp(`^${asker} `));
    // The others are not told anything of the sort.
    const other = people[asker === 'Ben' ? 'Cleo' : 'Ben'].page;
    assert.equal(await other.getByTestId('toast').filter({ hasText: 'skipped' }).count(), 0);
  }, () => pages);
});
