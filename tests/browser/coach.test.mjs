// The question coach: while a member types a question, the client asks the server's coach
// (debounced) and shows a gentle hint for a closed question or advice in disguise, with an
// example of an open question. The member may still ask it as it is.

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

test('the coach hints at closed questions and advice while typing', async () => {
  /** @type {import('playwright-core').Page[]} */
  const pages = [];
  await H.withFailureShots('coach', async () => {
    const { fac, people } = await H.meetingAtQuestions(browser, server.url, { members: ['Ana', 'Ben'] });
    const B = people.Ben.page;
    pages.push(fac.page, B, people.Ana.page);
    await H.waitForMyTurn(B);
    const hint = B.getByTestId('coach-hint');

    // A closed question.
    await B.getByTestId('ask-input').pressSequentially('Did you talk to her?', { delay: 20 });
    await hint.filter({ hasText: 'That can be answered yes or no.' }).waitFor();
    assert.ok((await hint.textContent())?.includes('What happened when you raised it?'), 'an open example is offered');
    assert.equal(await hint.getAttribute('data-kind'), 'closed');
    await H.shot(B, 'coach-closed-360');

    // Advice in disguise.
    await B.getByTestId('ask-input').fill('');
    await B.getByTestId('ask-input').pressSequentially('Have you tried firing him?', { delay: 20 });
    await hint.filter({ hasText: 'That sounds like advice.' }).waitFor();
    assert.ok((await hint.textContent())?.includes('What options have you already considered?'));
    assert.equal(await hint.getAttribute('data-kind'), 'advice');
    await H.shot(B, 'coach-advice-360');

    // An open question earns no nudge.
    await B.getByTestId('ask-input').fill('What would success look like for you?');
    await hint.filter({ hasText: 'open question' }).waitFor();
    assert.equal(await hint.getAttribute('data-kind'), 'open');

    // The coach never blocks: the member may still ask a closed question.
    await B.getByTestId('ask-input').fill('Did you talk to her?');
    assert.equal(await B.getByTestId('ask-submit').isEnabled(), true);
    await B.getByTestId('ask-submit').click();
    const asked = fac.page.getByTestId('question').filter({ hasText: 'Did you talk to her?' });
    await asked.waitFor();
    assert.equal(await asked.getAttribute('data-kind'), 'closed');
    await fac.page.getByTestId('f-mix-closed').filter({ hasText: '1' }).waitFor();

    for (const person of [fac, ...Object.values(people)]) {
      assert.deepEqual(person.problems.errors, []);
      assert.deepEqual(person.problems.dialogs, []);
      await person.context.close();
    }
  }, () => pages);
});
