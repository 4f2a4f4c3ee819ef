// Issue 15, item 12: a mistyped room link is known before the join form asks for a name; a
// real room's join form stays and works.

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

test('a mistyped room link says "Room not found" without asking a name first', async () => {
  /** @type {import('playwright-core').Page[]} */
  const pages = [];
  await H.withFailureShots('ux-room-check', async () => {
    const circle = await H.createCircle(server.url, { name: 'Real circle', facilitator_name: 'Maya' });
    const dan = await H.newPerson(browser, H.NARROW);
    const D = dan.page;
    pages.push(D);
    // One character off the real link: a room that does not exist.
    const room = new URL(circle.join_url).pathname.replace('/r/', '');
    const typo = `${room.slice(0, -1)}${room.endsWith('A') ? 'B' : 'A'}`;
    await D.goto(`${server.url}/r/${typo}`);
    await D.getByTestId('message-screen').waitFor();
    assert.equal(await D.getByRole('heading', { level: 1 }).innerText(), 'Room not found');
    assert.equal(await D.getByTestId('message-text').innerText(), 'This room does not exist. Check the link you were given.');
    assert.equal(await D.getByTestId('join-screen').isVisible(), false, 'no name is asked for');
    assert.equal(await D.evaluate(() => document.activeElement?.id), 'message-title', 'focus is on the news');

    // The real link keeps its join form, and joining works as before.
    const ana = await H.newPerson(browser, H.NARROW);
    pages.push(ana.page);
    await ana.page.goto(circle.join_url);
    await ana.page.getByTestId('join-name').fill('Ana');
    await ana.page.getByTestId('join-submit').click();
    await ana.page.getByTestId('room-screen').waitFor();
    assert.equal(await ana.page.getByTestId('message-screen').isVisible(), false);
    assert.deepEqual(dan.problems.errors, []);
    assert.deepEqual(ana.problems.errors, []);
  }, () => pages);
});
