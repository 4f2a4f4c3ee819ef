// Issue 15, item 1: once "Open as facilitator" has replaced the links page, the facilitator
// still has the members' link and the invitation in the room (after a reload too), with copy
// buttons that work; members never see them.

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

test('the facilitator finds the members’ link and the invitation in the room', async () => {
  /** @type {import('playwright-core').Page[]} */
  const pages = [];
  await H.withFailureShots('ux-invite', async () => {
    const circle = await H.createCircle(server.url, { name: 'Invite circle', facilitator_name: 'Maya' });
    const fac = await H.newPerson(browser, H.NARROW);
    await fac.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const F = fac.page;
    pages.push(F);
    await H.openAsFacilitator(F, circle.facilitator_url);

    const url = F.getByTestId('f-invite-url');
    await url.waitFor();
    assert.equal(await url.inputValue(), circle.join_url);
    assert.equal(await F.getByLabel('Members’ link').inputValue(), circle.join_url);
    const invitation = await F.getByTestId('f-invite-text').inputValue();
    assert.match(invitation, /Invite circle/);
    assert.ok(invitation.includes(circle.join_url), invitation);
    assert.ok(!invitation.includes('#f='), 'the invitation never carries the facilitator secret');

    // The copy buttons put exactly those texts on the clipboard.
    await F.getByTestId('f-copy-invite-url').click();
    await F.getByTestId('f-copy-invite-url').filter({ hasText: 'Copied' }).waitFor();
    assert.equal(await F.evaluate(() => navigator.clipboard.readText()), circle.join_url);
    await F.getByTestId('f-copy-invitation').click();
    await F.getByTestId('f-copy-invitation').filter({ hasText: 'Copied' }).waitFor();
    assert.equal(await F.evaluate(() => navigator.clipboard.readText()), invitation);

    // The link works: a member joins with it, and sees no invitation of their own.
    const ana = await H.newPerson(browser, H.NARROW);
    pages.push(ana.page);
    await H.join(ana.page, await url.inputValue(), 'Ana');
    assert.equal(await ana.page.getByTestId('f-invite-url').count(), 0);

    // Later in the meeting, and after a reload (the secret is gone from the address bar by
    // then), the facilitator still has it.
    await ana.page.getByTestId('volunteer').click();
    await H.facilitatorNext(F, 'Opening');
    await F.reload();
    await F.getByTestId('facilitator-panel').waitFor();
    assert.equal(await F.getByTestId('f-invite-url').inputValue(), circle.join_url);
    assert.ok(!(await H.scrollsSideways(F)), 'no sideways scrolling at 360 px');
    assert.deepEqual(await H.unlabelledControls(F), []);
    await H.shotOf(F.getByTestId('f-invite'), 'ux-invite');
    assert.deepEqual(fac.problems.errors, []);
  }, () => pages);
});
