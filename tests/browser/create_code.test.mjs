// The creation code on a private server: the start page learns from GET /api/config that a
// code is needed and asks for it; an empty code is caught on the page, a wrong one is refused
// by the server (403) and shown next to the field, the right one creates the circle. On a
// server without a code the field stays hidden.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './lib/harness.mjs';

/** @type {import('playwright-core').Browser} */
let browser;
/** @type {Awaited<ReturnType<typeof H.startServer>>} */
let privateServer;
/** @type {Awaited<ReturnType<typeof H.startServer>>} */
let openServer;

before(async () => {
  privateServer = await H.startServer({ env: { HOTSEAT_CREATE_CODE: 'north star 7' } });
  openServer = await H.startServer();
  browser = await H.launchBrowser();
});

after(async () => {
  await browser?.close();
  await privateServer?.stop();
  await openServer?.stop();
});

test('a private server asks for its creation code and creates the circle only with it', async () => {
  const fac = await H.newPerson(browser, H.DESKTOP);
  await H.withFailureShots('create-code', async () => {
    const F = fac.page;
    await F.goto(`${privateServer.url}/`);
    await F.getByTestId('create-code').waitFor({ state: 'visible' });
    await F.getByTestId('circle-name').fill('Private circle');

    // Empty: caught on the page, next to the field.
    await F.getByTestId('create-circle').click();
    await F.getByTestId('error-create_code').filter({ hasText: 'needs its creation code' }).waitFor();
    assert.equal(await F.getByTestId('create-code').getAttribute('aria-invalid'), 'true');

    // Wrong: the server says 403, shown next to the field; nothing is created.
    await F.getByTestId('create-code').fill('north star 8');
    await F.getByTestId('create-circle').click();
    await F.getByTestId('error-create_code').filter({ hasText: 'not this server’s creation code' }).waitFor();
    assert.equal(await F.getByTestId('created-screen').isVisible(), false);
    await H.shot(F, 'start-create-code-wrong');

    // Right: created.
    await F.getByTestId('create-code').fill('north star 7');
    await F.getByTestId('create-circle').click();
    await F.getByTestId('created-screen').waitFor();
    assert.match(await F.getByTestId('join-url').inputValue(), /\/r\/[A-Za-z0-9_-]{22}$/);
    assert.deepEqual(fac.problems.errors.filter((e) => !e.includes('403')), [], 'no page errors or CSP violations');
    assert.deepEqual(fac.problems.dialogs, []);
  }, [fac.page]);
  await fac.context.close();
});

test('a server without a creation code does not ask for one', async () => {
  const fac = await H.newPerson(browser, H.DESKTOP);
  await H.withFailureShots('create-no-code', async () => {
    const F = fac.page;
    const asked = F.waitForResponse((r) => r.url().endsWith('/api/config'));
    await F.goto(`${openServer.url}/`);
    await asked;
    await F.getByTestId('circle-name').fill('Open circle');
    assert.equal(await F.getByTestId('create-code').isVisible(), false);
    await F.getByTestId('create-circle').click();
    await F.getByTestId('created-screen').waitFor();
  }, [fac.page]);
  await fac.context.close();
});
