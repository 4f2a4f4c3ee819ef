// Issue 15, item 9: a half-typed question survives a reload (kept in this tab only, per room
// and seat), and is gone once sent.

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

test('a draft question is kept across a reload, in this tab only, and cleared when asked', async () => {
  /** @type {import('playwright-core').Page[]} */
  const pages = [];
  await H.withFailureShots('ux-drafts', async () => {
    const { circle, fac, people } = await H.meetingAtQuestions(browser, server.url, { members: ['Ana', 'Ben'] });
    const B = people.Ben.page;
    pages.push(fac.page, people.Ana.page, B);
    const words = 'What would you try if you knew it could not fail?';
    await B.getByTestId('ask-input').fill(words);
    await B.reload();
    await B.getByTestId('room-screen').waitFor();
    assert.equal(await B.getByTestId('ask-input').inputValue(), words, 'the draft is back after the reload');
    // Kept in sessionStorage, under the room and seat; nothing in localStorage.
    const seat = await H.mySeat(B);
    const kept = await B.evaluate(() => ({
      session: Object.keys(sessionStorage).filter((k) => k.includes('draft')),
      local: Object.values(localStorage).join(' '),
    }));
    const room = new URL(circle.join_url).pathname.replace('/r/', '');
    assert.deepEqual(kept.session, [`hotseat:v1:draft:${room}:${seat}:ask`]);
    assert.ok(!kept.local.includes(words), 'the words are not in localStorage');
    assert.match(await B.getByTestId('drafts-note').textContent() ?? '', /kept only in this browser tab/);

    // Asked: the draft goes, and a reload brings back an empty field.
    await B.getByTestId('ask-submit').click();
    await people.Ana.page.getByTestId('panel-answer').waitFor();
    await B.waitForFunction(() => !Object.keys(sessionStorage).some((k) => k.includes('draft')));
    await B.reload();
    await B.getByTestId('room-screen').waitFor();
    await B.getByTestId('phase-name').filter({ hasText: 'Question round' }).waitFor();
    assert.equal(await B.getByTestId('ask-input').inputValue(), '');
  }, () => pages);
});
