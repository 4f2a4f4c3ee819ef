// The error-code table cannot drift from the server: every code in protocol/src/error.rs
// (its CODE_NAMES list, read from the Rust source) has a plain sentence here, and nothing else.
// The goodbye reasons are checked against the Rust source the same way.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  ERROR_SENTENCES, errorSentence, sentenceCase, GOODBYE, goodbyeInfo, helloMessage, actMessage,
  checkQuestionMessage, PROTOCOL_VERSION, PHASES, PHASE_LABELS, TURN_DOING, YOUR_TURN,
} from '../assets/js/protocol.js';

/** @param {string} rel */
const rust = (rel) => readFileSync(fileURLToPath(new URL(`../../protocol/src/${rel}`, import.meta.url)), 'utf8');

/** The strings in `const CODE_NAMES: [&str; N] = [ ... ];` */
function codeNames() {
  const source = rust('error.rs');
  const m = /const CODE_NAMES: \[&str; (\d+)\] = \[([\s\S]*?)\];/.exec(source);
  assert.ok(m, 'CODE_NAMES found in protocol/src/error.rs');
  const names = [...m[2].matchAll(/"([a-z_]+)"/g)].map((x) => x[1]);
  assert.equal(names.length, Number(m[1]), 'the declared length matches the list');
  return names;
}

/** @param {string} name CamelCase */
const snake = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/**
 * The variants of a Rust enum, in snake_case.
 * @param {string} file
 * @param {string} enumName
 */
function variants(file, enumName) {
  const source = rust(file);
  const m = new RegExp(`pub enum ${enumName} \\{([\\s\\S]*?)\\n\\}`).exec(source);
  assert.ok(m, `${enumName} found in ${file}`);
  return [...m[1].matchAll(/^\s{4}([A-Z][A-Za-z]+)\s*[,({]/gm)].map((x) => snake(x[1]));
}

test('every error code in protocol/src/error.rs has a plain sentence, and no other code does', () => {
  const names = codeNames();
  assert.ok(names.length >= 30);
  assert.deepEqual(Object.keys(ERROR_SENTENCES).sort(), [...names].sort());
  for (const code of names) {
    const sentence = errorSentence(code);
    assert.equal(sentence, ERROR_SENTENCES[code]);
    assert.match(sentence, /^[A-Z].*[.!]$/, `${code}: a sentence`);
    assert.doesNotMatch(sentence, /[_{}"]|\bnull\b/, `${code}: no codes or JSON in front of people`);
  }
});

test('CODE_NAMES agrees with the ErrorCode enum it spells', () => {
  assert.deepEqual(variants('error.rs', 'ErrorCode'), codeNames());
});

test('an unknown code still gets a sentence', () => {
  assert.equal(errorSentence('made_up_code'), 'Something went wrong. Please try again.');
  assert.equal(errorSentence('made_up_code', '{"raw":"json"}'), 'Something went wrong. Please try again.');
});

test('rule errors add the server’s reason; parse errors do not show serde’s wording', () => {
  assert.equal(errorSentence('not_eligible', 'that member is away'), 'That person cannot take this turn. That member is away.');
  assert.equal(errorSentence('not_your_turn', 'someone else has the floor'), 'It is not your turn yet. Someone else has the floor.');
  assert.equal(
    errorSentence('invalid_message', 'The message has a missing field. (missing field `text` at line 1)'),
    ERROR_SENTENCES.invalid_message,
  );
  assert.equal(errorSentence('already_done', 'That is already the case.'), 'That is already the case.');
  assert.equal(sentenceCase('  hands are raised in the question round '), 'Hands are raised in the question round.');
  assert.equal(sentenceCase(''), '');
});

test('every goodbye reason has a sentence and a reconnect policy', () => {
  const reasons = variants('message.rs', 'GoodbyeReason');
  assert.deepEqual(Object.keys(GOODBYE).sort(), [...reasons].sort());
  assert.equal(goodbyeInfo('removed').reconnect, 'never');
  for (const reason of reasons) {
    assert.match(goodbyeInfo(reason).sentence, /^[A-Z].*[.…]$/, reason);
  }
  assert.equal(goodbyeInfo('replaced_by_new_connection').reconnect, 'ask');
  assert.equal(goodbyeInfo('server_restarting').reconnect, 'auto');
  assert.equal(goodbyeInfo('too_slow').reconnect, 'auto');
  assert.equal(goodbyeInfo('something_new').reconnect, 'auto');
  assert.match(goodbyeInfo('removed').sentence, /removed you/);
});

test('phases and turns match protocol/src/phase.rs and all have words', () => {
  assert.deepEqual([...PHASES], variants('phase.rs', 'Phase'));
  for (const p of PHASES) assert.ok(PHASE_LABELS[p], p);
  for (const t of variants('phase.rs', 'TurnKind')) {
    assert.ok(TURN_DOING[t], t);
    assert.ok(YOUR_TURN[t], t);
  }
});

test('hello presents one credential: the secret, else the token with the name, else the name', () => {
  assert.deepEqual(helloMessage({ facilitatorSecret: 's3cret', seatToken: 't', name: 'Ana' }),
    { type: 'hello', protocol: PROTOCOL_VERSION, facilitator_secret: 's3cret' });
  assert.deepEqual(helloMessage({ seatToken: 'tok', name: 'Ana' }),
    { type: 'hello', protocol: 1, seat_token: 'tok', name: 'Ana' });
  assert.deepEqual(helloMessage({ name: 'Ana' }), { type: 'hello', protocol: 1, name: 'Ana' });
  assert.deepEqual(actMessage({ type: 'ask', text: 'Why?' }, 7), { type: 'act', req: 7, command: { type: 'ask', text: 'Why?' } });
  assert.deepEqual(checkQuestionMessage('Why?', 8), { type: 'check_question', req: 8, text: 'Why?' });
});
