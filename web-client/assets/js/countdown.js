// @ts-check
/**
 * The countdown, corrected for clock skew. The server sends a deadline on its own clock,
 * together with its clock's reading (`server_time`) when it sent the message. The client notes
 * its own monotonic time when the message arrived; from then on, time left is
 * `(deadline - server_time) - (now - receivedAt)`. The local wall clock is never used, so a
 * laptop whose clock is minutes off still shows the right time.
 */

/**
 * @typedef {{ scope: string, budget_ms: number, deadline: number | null, remaining_ms: number | null,
 *             paused: string | null, time_up: boolean }} TimerView
 * @typedef {{ serverTime: number, receivedAt: number }} ClockSample
 * @typedef {{ state: 'none' | 'running' | 'paused' | 'time_up', remainingMs: number, text: string,
 *             fraction: number, label: string }} CountdownView
 */

/**
 * Milliseconds left on `timer` at local monotonic time `now` (never below zero).
 * @param {TimerView} timer
 * @param {ClockSample} clock
 * @param {number} now
 */
export function remainingMs(timer, clock, now) {
  if (timer.remaining_ms != null) {
    return Math.max(0, timer.remaining_ms);
  }
  if (timer.deadline == null) {
    return 0;
  }
  const leftAtReceipt = timer.deadline - clock.serverTime;
  const elapsed = Math.max(0, now - clock.receivedAt);
  return Math.max(0, leftAtReceipt - elapsed);
}

/**
 * "4:05", "0:09", "1:02:03". Rounds up, so "0:00" shows only when time is really out.
 * @param {number} ms
 */
export function formatClock(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * Everything the screen shows about the time box.
 * @param {TimerView | null | undefined} timer
 * @param {ClockSample | null | undefined} clock
 * @param {number} now
 * @returns {CountdownView}
 */
export function countdownView(timer, clock, now) {
  if (!timer || !clock) {
    return { state: 'none', remainingMs: 0, text: '–:––', fraction: 0, label: 'No time box' };
  }
  const left = remainingMs(timer, clock, now);
  const fraction = timer.budget_ms > 0 ? Math.min(1, left / timer.budget_ms) : 0;
  const text = formatClock(left);
  const scope = timer.scope === 'turn' ? 'this turn' : 'this step';
  if (timer.time_up || (timer.paused == null && left <= 0)) {
    return { state: 'time_up', remainingMs: 0, text: '0:00', fraction: 0, label: `Time is up for ${scope}` };
  }
  if (timer.paused != null) {
    const why = timer.paused === 'floor_away' ? 'paused while the speaker is away' : 'paused by the facilitator';
    return { state: 'paused', remainingMs: left, text, fraction, label: `${text} left for ${scope}, ${why}` };
  }
  return { state: 'running', remainingMs: left, text, fraction, label: `${text} left for ${scope}` };
}
