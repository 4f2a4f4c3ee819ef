// The countdown is corrected for clock skew: it runs from the server's own `deadline -
// server_time` and the local monotonic time since the message arrived, never from the local
// wall clock.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { remainingMs, formatClock, countdownView } from '../assets/js/countdown.js';

/** @param {Partial<import('../assets/js/countdown.js').TimerView>} over */
const timer = (over) => ({ scope: 'phase', budget_ms: 300_000, deadline: null, remaining_ms: null, paused: null, time_up: false, ...over });

test('time left is deadline minus server time, less the time since the message arrived', () => {
  const serverTime = 1_700_000_000_000;
  const t = timer({ deadline: serverTime + 120_000 });
  const clock = { serverTime, receivedAt: 5_000 };
  assert.equal(remainingMs(t, clock, 5_000), 120_000);
  assert.equal(remainingMs(t, clock, 35_000), 90_000);
  assert.equal(remainingMs(t, clock, 200_000), 0, 'never below zero');
});

test('a local clock minutes off makes no difference', () => {
  // The same message seen by two laptops: one clock right, one 7 minutes fast. Both note
  // only their own monotonic time of arrival, so both show the same time left.
  const serverTime = 1_700_000_000_000;
  const t = timer({ deadline: serverTime + 60_000 });
  const right = remainingMs(t, { serverTime, receivedAt: 1_000 }, 11_000);
  const fast = remainingMs(t, { serverTime, receivedAt: 1_000 + 7 * 60_000 }, 11_000 + 7 * 60_000);
  assert.equal(right, 50_000);
  assert.equal(fast, 50_000);
  // A later update re-anchors the countdown to the server's clock.
  const later = { serverTime: serverTime + 30_000, receivedAt: 40_000 };
  assert.equal(remainingMs(t, later, 40_000), 30_000);
});

test('a clock sample from the future (time going backwards locally) does not add time', () => {
  const t = timer({ deadline: 10_000 });
  assert.equal(remainingMs(t, { serverTime: 0, receivedAt: 500 }, 100), 10_000);
});

test('a paused box shows its remaining time, standing still', () => {
  const t = timer({ remaining_ms: 42_000, paused: 'facilitator' });
  const clock = { serverTime: 0, receivedAt: 0 };
  assert.equal(remainingMs(t, clock, 0), 42_000);
  assert.equal(remainingMs(t, clock, 999_999), 42_000);
  const v = countdownView(t, clock, 10_000);
  assert.equal(v.state, 'paused');
  assert.equal(v.text, '0:42');
  assert.match(v.label, /paused by the facilitator/);
  assert.match(countdownView(timer({ remaining_ms: 1000, paused: 'floor_away' }), clock, 0).label, /speaker is away/);
});

test('time up: from the server’s flag, or when the running box reaches zero', () => {
  const clock = { serverTime: 0, receivedAt: 0 };
  assert.equal(countdownView(timer({ deadline: 1000, time_up: true }), clock, 0).state, 'time_up');
  const v = countdownView(timer({ deadline: 1000 }), clock, 1500);
  assert.equal(v.state, 'time_up');
  assert.equal(v.text, '0:00');
  assert.equal(v.fraction, 0);
  assert.equal(countdownView(null, clock, 0).state, 'none');
  assert.equal(countdownView(timer({ deadline: 1000 }), null, 0).state, 'none');
});

test('running: text, fraction of the budget and a spoken label', () => {
  const v = countdownView(timer({ scope: 'turn', budget_ms: 120_000, deadline: 60_000 }), { serverTime: 0, receivedAt: 0 }, 0);
  assert.equal(v.state, 'running');
  assert.equal(v.text, '1:00');
  assert.equal(v.fraction, 0.5);
  assert.equal(v.label, '1:00 left for this turn');
});

test('clock format rounds up and shows hours when needed', () => {
  assert.equal(formatClock(0), '0:00');
  assert.equal(formatClock(1), '0:01');
  assert.equal(formatClock(999), '0:01');
  assert.equal(formatClock(1000), '0:01');
  assert.equal(formatClock(1001), '0:02');
  assert.equal(formatClock(65_000), '1:05');
  assert.equal(formatClock(600_000), '10:00');
  assert.equal(formatClock(3_723_000), '1:02:03');
  assert.equal(formatClock(-5), '0:00');
});
