// Issue 15, items 13 to 16: an h1 on every room screen, unique landmark names, the banners
// inside a landmark, visible labels that start the accessible name, "Copied" announced,
// focus kept after asking with the keyboard, 24 px checkboxes, and one polite sentence per
// floor or step change.

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

/**
 * The page's landmark problems: no h1, duplicate landmark names, visible content of the
 * banners outside any landmark.
 * @param {import('playwright-core').Page} page
 */
async function landmarkProblems(page) {
  return page.evaluate(() => {
    const problems = [];
    const visible = (/** @type {Element} */ el) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0;
    };
    const h1s = [...document.querySelectorAll('h1')].filter((el) => !el.closest('[hidden]'));
    if (h1s.length !== 1) problems.push(`h1 count ${h1s.length}`);
    /** @type {Map<string, number>} */
    const names = new Map();
    for (const el of document.querySelectorAll('section[aria-labelledby], section[aria-label], nav, aside, main, header')) {
      if (el.closest('[hidden]') || !visible(el)) continue;
      const label = el.getAttribute('aria-label')
        ?? (el.getAttribute('aria-labelledby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent?.trim() ?? '').join(' ');
      const key = `${el.tagName === 'SECTION' ? 'region' : el.tagName.toLowerCase()}:${label}`;
      names.set(key, (names.get(key) ?? 0) + 1);
    }
    for (const [key, n] of names) if (n > 1) problems.push(`landmark named alike ${n}x: ${key}`);
    for (const id of ['connection-banner', 'your-turn-banner', 'live-polite', 'live-assertive']) {
      if (!document.getElementById(id)?.closest('main, header, nav, aside, footer')) problems.push(`${id} outside a landmark`);
    }
    return problems;
  });
}

/**
 * Buttons whose visible text does not start their accessible name (label in name).
 * @param {import('playwright-core').Page} page
 */
async function labelNotInName(page) {
  return page.evaluate(() => [...document.querySelectorAll('button')]
    .filter((b) => !b.closest('[hidden]') && b.getBoundingClientRect().width > 0)
    .filter((b) => {
      const text = (b.textContent ?? '').trim();
      const name = b.getAttribute('aria-label');
      return name != null && /\p{L}/u.test(text) && !name.toLowerCase().startsWith(text.toLowerCase());
    })
    .map((b) => `${b.textContent} / ${b.getAttribute('aria-label')}`));
}

/** Records every sentence put in the polite live region. @param {import('playwright-core').Page} page */
async function recordPolite(page) {
  await page.evaluate(() => {
    const region = /** @type {HTMLElement} */ (document.getElementById('live-polite'));
    const w = /** @type {any} */ (window);
    w.polite = [];
    new MutationObserver(() => { if (region.textContent) w.polite.push(region.textContent); })
      .observe(region, { childList: true, characterData: true, subtree: true });
  });
}
/** @param {import('playwright-core').Page} page @returns {Promise<string[]>} */
const polite = (page) => page.evaluate(() => /** @type {any} */ (window).polite);

test('room screens are well-formed for assistive technology, and changes are announced once', async () => {
  /** @type {import('playwright-core').Page[]} */
  const pages = [];
  await H.withFailureShots('ux-access', async () => {
    const circle = await H.createCircle(server.url, { name: 'Access circle', facilitator_name: 'Maya' });
    const fac = await H.newPerson(browser, H.DESKTOP);
    await fac.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const ana = await H.newPerson(browser, H.NARROW);
    const ben = await H.newPerson(browser, H.NARROW, { colorScheme: 'dark' });
    const [F, A, B] = [fac.page, ana.page, ben.page];
    pages.push(F, A, B);
    await H.openAsFacilitator(F, circle.facilitator_url);
    await H.join(A, circle.join_url, 'Ana');
    await H.join(B, circle.join_url, 'Ben');
    assert.equal(await A.getByRole('heading', { level: 1 }).innerText(), 'Access circle: Lobby');

    // Label in name: the sound switch and the agenda's Remove.
    const sound = A.getByTestId('sound-toggle');
    assert.equal(await sound.getAttribute('aria-label'), null);
    assert.equal(await A.getByRole('button', { name: 'Sound off' }).count(), 1);
    await A.getByTestId('volunteer').click();
    await F.getByTestId('f-agenda-item').first().waitFor();
    assert.equal(await F.getByRole('button', { name: 'Remove Ana from the agenda' }).count(), 1);
    assert.deepEqual(await labelNotInName(F), []);
    assert.deepEqual(await labelNotInName(A), []);

    // "Copied" is said, not only shown.
    await F.getByTestId('f-copy-invite-url').click();
    await F.getByTestId('f-copy-invite-url-status').filter({ hasText: 'Copied' }).waitFor({ state: 'attached' });
    assert.equal(await F.getByTestId('f-copy-invite-url-status').getAttribute('role'), 'status');

    for (const p of [F, A, B]) await recordPolite(p);
    await H.facilitatorNext(F, 'Opening');
    for (const p of [A, B]) {
      await p.getByTestId('ack-norms').click();
      await p.getByTestId('panel-norms').waitFor({ state: 'hidden' });
    }
    await H.facilitatorNext(F, 'Check-in');
    // One polite sentence for the change: who has the floor, and the step.
    await B.waitForFunction(() => /** @type {any} */ (window).polite.includes('Ana has the floor. Check-in.'));
    assert.deepEqual(await polite(B), ['Opening and norms.', 'Ana has the floor. Check-in.']);
    for (const p of [F, A, B]) assert.deepEqual(await landmarkProblems(p), [], await p.url());
    await A.getByTestId('checkin-pass').click();
    await A.waitForFunction(() => /** @type {any} */ (window).polite.includes('Ben has the floor.'));
    await B.getByTestId('checkin-pass').click();
    await H.facilitatorNext(F, 'Presenting');
    await A.getByTestId('presenting-done').click();
    await H.facilitatorNext(F, 'Question round');
    await B.waitForFunction(() => /** @type {any} */ (window).polite.at(-1) === 'Question round.');
    await A.waitForFunction(() => /** @type {any} */ (window).polite.at(-1) === 'Ben has the floor. Question round.');
    for (const p of [F, A, B]) assert.deepEqual(await landmarkProblems(p), [], await p.url());

    // Ben asks with the keyboard only: focus stays in the ask panel, not on the page body.
    await B.getByTestId('ask-input').fill('What would change if you said no?');
    await B.getByTestId('ask-submit').focus();
    await B.keyboard.press('Enter');
    await A.getByTestId('panel-answer').waitFor();
    await B.waitForFunction(() => document.activeElement !== document.body && document.activeElement?.id === 'panel-ask-title');
    assert.deepEqual(await landmarkProblems(B), []);
    for (const person of [fac, ana, ben]) assert.deepEqual(person.problems.errors, []);
  }, () => pages);
});

test('checkboxes are 24 px targets', async () => {
  const person = await H.newPerson(browser, H.NARROW);
  try {
    await person.page.goto(server.url);
    const box = await person.page.getByTestId('auto-advance').boundingBox();
    assert.ok(box && box.width >= 24 && box.height >= 24, JSON.stringify(box));
  } finally {
    await person.context.close();
  }
});
