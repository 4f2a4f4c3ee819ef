// The view model's words and guards that issue 15 asks for: who has not checked in yet (the
// guard on "Next"), and waiting texts that are true of the state they are shown in.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initialState, reduce, deriveView } from '../assets/js/state.js';

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
