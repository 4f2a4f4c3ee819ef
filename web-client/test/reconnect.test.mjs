// Reconnect backoff: exponential, capped, with full jitter (uniform between a small floor and
// the exponential ceiling), so a room of browsers does not reconnect in lockstep.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffCeiling, backoffDelay, DEFAULT_BACKOFF } from '../assets/js/reconnect.js';

test('the ceiling doubles from the base and stops at the cap', () => {
  const ceilings = Array.from({ length: 10 }, (_, i) => backoffCeiling(i));
  assert.deepEqual(ceilings, [500, 1000, 2000, 4000, 8000, 15000, 15000, 15000, 15000, 15000]);
  assert.equal(backoffCeiling(1e9), DEFAULT_BACKOFF.capMs, 'huge attempt counts do not overflow');
  assert.equal(backoffCeiling(-3), 500);
  assert.equal(backoffCeiling(2, { baseMs: 100, capMs: 250 }), 250);
});

test('the delay stays within [floor, ceiling] for any random value', () => {
  for (let attempt = 0; attempt < 12; attempt += 1) {
    const ceiling = backoffCeiling(attempt);
    for (const r of [0, 1e-9, 0.25, 0.5, 0.999999, 1, -1, 2]) {
      const d = backoffDelay(attempt, () => r);
      assert.ok(d >= DEFAULT_BACKOFF.minMs && d <= ceiling, `attempt ${attempt}, r ${r}: ${d}`);
    }
  }
  assert.equal(backoffDelay(3, () => 0.5), 2000, 'half the ceiling for r = 0.5');
  assert.equal(backoffDelay(20, () => 0.999999), 15000);
  assert.equal(backoffDelay(0, () => 0), DEFAULT_BACKOFF.minMs);
});

test('full jitter spreads delays over the whole range', () => {
  // A small deterministic generator: delays for one attempt should cover low and high values.
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const delays = Array.from({ length: 400 }, () => backoffDelay(5, random));
  const min = Math.min(...delays);
  const max = Math.max(...delays);
  const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
  assert.ok(min < 1500, `some short delays (${min})`);
  assert.ok(max > 13500, `some long delays (${max})`);
  assert.ok(mean > 6000 && mean < 9000, `centred near half the ceiling (${mean})`);
  assert.ok(new Set(delays).size > 300, 'not in lockstep');
});
