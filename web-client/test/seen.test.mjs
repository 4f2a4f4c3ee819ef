// The client's half of "one click never moves the meeting two steps": every meeting-moving
// command carries what the screen showed (`seen`), the set of such commands is the server's
// (read from server/src/engine/seen.rs), and `stale` reads as a short, true sentence.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { actMessage, seenOf, SEEN_COMMANDS, errorSentence } from '../assets/js/protocol.js';

const presenting = { phase: 'presenting', hot_seat: { index: 1 }, floor: { seat: 3, turn: 'presenting' }, version: 40 };
const closing = { phase: 'closing', hot_seat: null, floor: null, version: 90 };

/** The commands `Scope::of` in the engine judges on `seen`, in snake_case. */
function serverSeenCommands() {
  const source = readFileSync(fileURLToPath(new URL('../../server/src/engine/seen.rs', import.meta.url)), 'utf8');
  const m = /fn of\(command: &Command, phase: Phase\) -> Option<Scope> \{([\s\S]*?)_ => None/.exec(source);
  assert.ok(m, 'Scope::of found in server/src/engine/seen.rs');
  return [...m[1].matchAll(/Command::([A-Z][A-Za-z]+)/g)]
    .map((x) => x[1].replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase());
}

test('the client sends seen with exactly the commands the server judges on it', () => {
  assert.deepEqual([...SEEN_COMMANDS].sort(), serverSeenCommands().sort());
});

test('a meeting-moving command names the step and floor on screen, not the version', () => {
  for (const type of SEEN_COMMANDS) {
    const msg = actMessage({ type }, 7, presenting);
    assert.deepEqual(msg.seen, { phase: 'presenting', hot_seat: 1, floor: 3 }, type);
    assert.deepEqual(msg.command, { type });
  }
  assert.deepEqual(actMessage({ type: 'end_meeting' }, 8, closing),
    { type: 'act', req: 8, command: { type: 'end_meeting' }, seen: { phase: 'closing', hot_seat: null, floor: null } });
  assert.deepEqual(seenOf(closing), { phase: 'closing', hot_seat: null, floor: null });
});

test('other commands, and a client with nothing on screen yet, send no seen', () => {
  for (const type of ['raise_hand', 'ask', 'start', 'lock', 'set_agenda', 'shuffle_agenda', 'commit']) {
    assert.equal('seen' in actMessage({ type }, 9, presenting), false, type);
  }
  assert.equal('seen' in actMessage({ type: 'advance' }, 10, null), false);
  assert.equal('seen' in actMessage({ type: 'advance' }, 10), false);
});

test('a stale refusal says the meeting had moved on and nothing changed', () => {
  const sentence = errorSentence('stale', 'the meeting had already moved on; nothing was changed');
  assert.equal(sentence, 'The meeting had already moved on; nothing was changed.');
});
