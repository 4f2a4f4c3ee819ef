// The start page's logic: defaults from the method, the request body, where the server's
// field errors are shown, and the invitation for the call's chat.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_NORMS, TIME_BOXES, validate, buildRequest, errorTarget, errorMessage, invitationText } from '../assets/js/create.js';

const form = (over = {}) => ({
  name: ' North ',
  facilitatorName: ' Maya ',
  norms: [...DEFAULT_NORMS, '  ', 'Phones away. '],
  minutes: Object.fromEntries(TIME_BOXES.map((b) => [b.field, String(b.minutes)])),
  autoAdvance: false,
  ...over,
});

test('the defaults are the server’s: six norms and the method’s time boxes', () => {
  const rust = readFileSync(fileURLToPath(new URL('../../server/src/engine/meeting.rs', import.meta.url)), 'utf8');
  for (const norm of DEFAULT_NORMS) assert.ok(rust.includes(`"${norm}"`), norm);
  const settings = readFileSync(fileURLToPath(new URL('../../protocol/src/settings.rs', import.meta.url)), 'utf8');
  for (const box of TIME_BOXES) {
    assert.ok(new RegExp(`${box.field}: ${box.minutes * 60},`).test(settings), box.field);
  }
});

test('the request: trimmed text, blank norms dropped, minutes in whole seconds', () => {
  const body = buildRequest(form({ minutes: { ...form().minutes, questions_secs: '7.5', closing_secs: '0,5' }, autoAdvance: true }));
  assert.equal(body.name, 'North');
  assert.equal(body.facilitator_name, 'Maya');
  assert.deepEqual(body.norms, [...DEFAULT_NORMS, 'Phones away.']);
  assert.deepEqual(body.settings, {
    time_boxes: {
      opening_secs: 120, check_in_secs: 120, presenting_secs: 300, questions_secs: 450,
      learnings_secs: 300, commitment_secs: 180, closing_secs: 30,
    },
    auto_advance: true,
  });
  assert.equal('facilitator_name' in buildRequest(form({ facilitatorName: '  ' })), false);
});

test('validation catches what the server would refuse', () => {
  assert.deepEqual(validate(form()), []);
  assert.deepEqual(validate(form({ name: '   ' })).map((e) => e.field), ['name']);
  assert.deepEqual(validate(form({ name: 'x'.repeat(81) })).map((e) => e.field), ['name']);
  assert.deepEqual(validate(form({ norms: ['', ' '] })).map((e) => e.field), ['norms']);
  assert.deepEqual(validate(form({ norms: Array(13).fill('n') })).map((e) => e.field), ['norms']);
  assert.deepEqual(validate(form({ minutes: { ...form().minutes, presenting_secs: 'soon' } })).map((e) => e.field),
    ['settings.time_boxes.presenting_secs']);
});

test('server field errors go next to their field', () => {
  assert.equal(errorTarget('name'), 'name');
  assert.equal(errorTarget('facilitator_name'), 'facilitator_name');
  assert.equal(errorTarget('norms'), 'norms');
  assert.equal(errorTarget('norms[3]'), 'norms');
  assert.equal(errorTarget('settings.time_boxes.opening_secs'), 'settings.time_boxes.opening_secs');
  assert.equal(errorTarget('settings.auto_advance'), 'settings');
  assert.equal(errorTarget('settings.time_boxes.nonsense'), 'settings');
  assert.equal(errorTarget(null), 'form');
  assert.equal(errorTarget('something_else'), 'form');
});

test('server error messages become sentences for people', () => {
  assert.equal(errorMessage({ code: 'invalid_field', field: 'name', message: 'A circle’s name is 1 to 80 characters.' }),
    'A circle’s name is 1 to 80 characters.');
  assert.equal(errorMessage({ code: 'invalid_field', field: 'norms', message: 'the text cannot be empty' }), 'The text cannot be empty.');
  assert.match(errorMessage({ code: 'invalid_field', field: 'settings.time_boxes.opening_secs', message: 'x' }), /10 seconds to 2 hours/);
  assert.match(errorMessage({ code: 'server_full', field: null, message: 'x' }), /try again later/);
  assert.match(errorMessage(null), /could not be created/);
});

test('the invitation names the circle and carries the members’ link only', () => {
  const text = invitationText('North', 'https://h/r/abc');
  assert.ok(text.includes('“North”'));
  assert.ok(text.includes('https://h/r/abc'));
  assert.ok(!text.includes('#f='));
});

test('the creation code is asked for only when the server needs one, and sent trimmed', () => {
  assert.equal('create_code' in buildRequest(form()), false);
  assert.equal(buildRequest(form({ createCode: '  north star 7 ' })).create_code, 'north star 7');
  assert.deepEqual(validate(form({ codeRequired: true, createCode: ' ' })).map((e) => e.field), ['create_code']);
  assert.deepEqual(validate(form({ codeRequired: true, createCode: 'x' })), []);
  assert.deepEqual(validate(form({ codeRequired: false })), []);
  assert.equal(errorTarget('create_code'), 'create_code');
  assert.match(errorMessage({ code: 'create_code', field: 'create_code', message: 'x' }), /creation code/);
  assert.match(errorMessage({ code: 'rate_limited', field: null, message: 'x' }), /try again later/);
  assert.match(errorMessage({ code: 'server_busy', field: null, message: 'x' }), /few seconds/);
});
