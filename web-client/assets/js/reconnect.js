// @ts-check
/**
 * When to try again after a lost connection: exponential backoff with "full jitter"
 * (a random delay between zero and the exponential bound), capped, so a room full of
 * browsers does not reconnect in lockstep after a server restart.
 */

/** @typedef {{ baseMs?: number, capMs?: number, minMs?: number }} BackoffOptions */

export const DEFAULT_BACKOFF = Object.freeze({ baseMs: 500, capMs: 15_000, minMs: 100 });

/**
 * The upper bound of the delay before retry number `attempt` (0 for the first retry).
 * @param {number} attempt
 * @param {BackoffOptions} [options]
 */
export function backoffCeiling(attempt, options = {}) {
  const { baseMs, capMs } = { ...DEFAULT_BACKOFF, ...options };
  const n = Math.max(0, Math.min(30, Math.floor(attempt)));
  return Math.min(capMs, baseMs * 2 ** n);
}

/**
 * The delay before retry number `attempt`: uniformly random in [minMs, ceiling].
 * @param {number} attempt
 * @param {() => number} [random] returns a number in [0, 1)
 * @param {BackoffOptions} [options]
 */
export function backoffDelay(attempt, random = Math.random, options = {}) {
  const { minMs } = { ...DEFAULT_BACKOFF, ...options };
  const ceiling = backoffCeiling(attempt, options);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(Math.max(minMs, Math.min(ceiling, r * ceiling)));
}
