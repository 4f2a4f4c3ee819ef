// The view model's words and guards that issue 15 asks for: who has not checked in yet (the
// guard on "Next"), waiting texts that are true of the state they are shown in, and the
// situation an error on screen is about.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initialState, reduce, deriveView, situationKey, withStatus } from '../assets/js/state.js';

const FAC = 10;
const ANA = 1;
const BEN = 2;

/** @param {object} [over] */
function snapshot(over = {}) {
  /** @param {number} id @param {string} name @param {'facilitator' | 'member'} role */
  const seat = (id, name, role = 'member') => ({
    id, name, role, present: true, acknowledged: role === 'member', stats: { turns: 0, passes: 0, questions: 0 },
  });
  return {
    version: 5,
    circle: { name: 'North', norms: ['Listen to understand.'] },
    settings: { time_boxes: {}, auto_advance: false },
    locked: false,
    phase: 'check_in',
    seats: [seat(FAC, 'Maya', 'facilitator'), seat(ANA, 'Ana'), seat(BEN, 'Ben')],
    floor: null,
    next: null,
    timer: null,
    agenda: { done: [], current: null, upcoming: [] },
    hands: [],
    check_in: { open_commitments: [], reports: [], notes: [], done: [] },
    hot_seat: null,
    commitments: [],
    former_seats: [],
    ...over,
  };
}

/** @param {number} seat @param {object} snap */
function view(seat, snap) {
  const vm = deriveView(reduce(initialState(), {
    type: 'welcome', protocol: 1, room: 'r', seat, role: seat === FAC ? 'facilitator' : 'member',
    seat_token: 't', resumed: false, server_time: 1, snapshot: snap,
  }, 0));
  assert.ok(vm.ready);
  return /** @type {any} */ (vm);
}

test('check-in: the facilitator knows who has not checked in yet, and nobody once all have', () => {
  const during = view(FAC, snapshot({ floor: { seat: ANA, turn: 'check_in' }, next: BEN }));
  assert.deepEqual(during.facilitator.pendingCheckIn, ['Ana', 'Ben']);
  const half = view(FAC, snapshot({ floor: { seat: BEN, turn: 'check_in' }, check_in: { open_commitments: [], reports: [], notes: [], done: [ANA] } }));
  assert.deepEqual(half.facilitator.pendingCheckIn, ['Ben']);
  const all = view(FAC, snapshot({ check_in: { open_commitments: [], reports: [], notes: [], done: [ANA, BEN] } }));
  assert.deepEqual(all.facilitator.pendingCheckIn, []);
  // Away members are not waited for; outside the check-in nothing is pending.
  const away = snapshot();
  away.seats[2].present = false;
  assert.deepEqual(view(FAC, { ...away, check_in: { open_commitments: [], reports: [], notes: [], done: [ANA] } }).facilitator.pendingCheckIn, []);
  assert.deepEqual(view(FAC, snapshot({ phase: 'opening' })).facilitator.pendingCheckIn, []);
});

test('waiting texts are true of the state: lobby, a complete check-in, a complete learnings round', () => {
  assert.equal(view(FAC, snapshot({ phase: 'lobby' })).headline, 'The meeting has not started yet: start it when the members are here.');
  assert.equal(view(ANA, snapshot({ phase: 'lobby' })).headline, 'Waiting for the facilitator to start the meeting.');
  const done = snapshot({ check_in: { open_commitments: [], reports: [], notes: [], done: [ANA, BEN] } });
  assert.equal(view(ANA, done).headline, 'Everyone has checked in.');
  assert.match(view(FAC, done).facilitator.roundComplete, /^Everyone has checked in: move on to closing/);
  const midway = view(ANA, snapshot({ floor: { seat: BEN, turn: 'check_in' }, check_in: { open_commitments: [], reports: [], notes: [], done: [ANA] } }));
  assert.equal(midway.round.myCheckInDone, true);
  assert.equal(midway.round.checkInComplete, false);
  const learnt = snapshot({
    phase: 'learnings',
    agenda: { done: [], current: ANA, upcoming: [] },
    hot_seat: {
      index: 0, presenter: ANA, questions: [], mix: { open: 0, closed: 0, advice: 0 },
      first_round_pending: [], learnings: [], learnings_done: [BEN, ANA], insight_only: false,
    },
  });
  assert.equal(view(BEN, learnt).headline, 'Everyone has shared a learning.');
  assert.equal(view(FAC, learnt).facilitator.roundComplete, 'Everyone has shared a learning: move on to the commitment when the circle is ready.');
});

test('the situation an error is about: the step, floor and choices count; hands and the timer do not', () => {
  /** @param {object} snap */
  const key = (snap) => situationKey(reduce(initialState(), {
    type: 'welcome', protocol: 1, room: 'r', seat: FAC, role: 'facilitator', seat_token: 't', resumed: false, server_time: 1, snapshot: snap,
  }, 0));
  const base = snapshot({ floor: { seat: ANA, turn: 'check_in' } });
  assert.equal(key(base), key({ ...base, version: 9, hands: [BEN], timer: { deadline: 5 } }));
  assert.notEqual(key(base), key({ ...base, floor: { seat: BEN, turn: 'check_in' } }));
  assert.notEqual(key(base), key({ ...base, phase: 'presenting' }));
  const hs = { index: 0, presenter: ANA, questions: [], mix: { open: 0, closed: 0, advice: 0 }, first_round_pending: [], learnings: [], learnings_done: [], insight_only: false };
  const commitment = { ...base, phase: 'commitment', hot_seat: hs };
  assert.notEqual(key(commitment), key({ ...commitment, hot_seat: { ...hs, insight_only: true } }));
  const live = reduce(initialState(), { type: 'welcome', protocol: 1, room: 'r', seat: FAC, role: 'facilitator', seat_token: 't', resumed: false, server_time: 1, snapshot: base }, 0);
  assert.notEqual(situationKey(live), situationKey(withStatus(live, 'reconnecting', 1)));
});
