// @ts-check
/**
 * The circle's calendar as the browser shows it: converting between a `datetime-local`
 * input (the person's own wall-clock time) and the server's instants (milliseconds since the
 * Unix epoch), words for the next meeting and the round's end, and the `set_schedule`
 * command built from the facilitator's form. Pure: no DOM, no network; the time zone is the
 * runtime's own (the browser's), and the clock is passed in.
 */

/** @typedef {{ next_meeting_at: number | null, round_ends_on: string | null }} Schedule */

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** @param {number} n @param {number} [width] */
const pad = (n, width = 2) => String(n).padStart(width, '0');

/**
 * A real calendar date written `YYYY-MM-DD`, from the year 2000 on (as the server wants).
 * @param {string} value
 */
export function isIsoDate(value) {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 2000 || mo < 1 || mo > 12 || d < 1) return false;
  // Day 0 of the next month is the last day of this one (UTC: no time zone involved).
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/**
 * A `datetime-local` value ("2026-03-03T18:30", seconds optional) read as the person's own
 * local time, as an instant in milliseconds. `null` for an empty value; `NaN` for one that
 * is not a real date and time. A wall-clock time skipped by a daylight-saving change (say
 * 02:30 on the night clocks go forward) becomes the instant the clocks show just after it.
 * @param {string} value
 * @returns {number | null}
 */
export function localInputToMs(value) {
  const text = String(value ?? '').trim();
  if (!text) return null;
  const m = LOCAL_DATE_TIME.exec(text);
  if (!m) return NaN;
  const [y, mo, d, hh, mm, ss] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
  if (!isIsoDate(`${m[1]}-${m[2]}-${m[3]}`) || hh > 23 || mm > 59 || ss > 59) return NaN;
  const date = new Date(y, mo - 1, d, hh, mm, ss, 0);
  // Years below 100 are read as 19xx by the Date constructor; the four digits are meant.
  if (y < 100) date.setFullYear(y);
  return date.getTime();
}

/**
 * An instant as a `datetime-local` value in the person's own time zone ("2026-03-03T18:30").
 * @param {number} ms
 */
export function msToLocalInput(ms) {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '';
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * The next meeting in words, in the person's time zone and language:
 * "Tuesday 20 May 2031, 18:30" (en-GB) or "Tuesday, May 20, 2031 at 6:30 PM" (en-US).
 * @param {number} ms
 * @param {string | string[]} [locale] default: the runtime's
 * @param {string} [timeZone] default: the runtime's
 */
export function formatMeeting(ms, locale, timeZone) {
  return new Intl.DateTimeFormat(locale, {
    weekday: 'long', year: 'numeric', month: 'long', day: 'numeric',
    hour: 'numeric', minute: '2-digit', timeZone,
  }).format(new Date(ms));
}

/**
 * A calendar date (`YYYY-MM-DD`) in words, "Monday 31 March 2031": the same day wherever
 * the person is (a date has no time zone).
 * @param {string} iso
 * @param {string | string[]} [locale]
 */
export function formatDay(iso, locale) {
  if (!isIsoDate(iso)) return iso;
  const [y, mo, d] = iso.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, {
    weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC',
  }).format(new Date(Date.UTC(y, mo - 1, d)));
}

/**
 * A commitment's due date on screen, in the same style as the next meeting:
 * "due Sunday, June 1, 2031" (the Markdown summary keeps `YYYY-MM-DD`).
 * @param {string} iso
 * @param {string | string[]} [locale]
 */
export function dueLabel(iso, locale) {
  return `due ${formatDay(iso, locale)}`;
}

/**
 * The name of the person's time zone, for a hint under the date ("Europe/Amsterdam"), or ''.
 */
export function localTimeZoneName() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone ?? '';
  } catch {
    return '';
  }
}

/**
 * What the schedule card shows.
 * @param {Schedule | null | undefined} schedule
 * @param {{ locale?: string | string[], timeZone?: string, room?: string | null, now?: number }} [options]
 *   `now`: the server's clock, estimated (to say whether the date has passed)
 */
export function scheduleView(schedule, options = {}) {
  const at = schedule?.next_meeting_at ?? null;
  const ends = schedule?.round_ends_on ?? null;
  const next = at != null && Number.isFinite(at) ? {
    ms: at,
    text: formatMeeting(at, options.locale, options.timeZone),
    input: msToLocalInput(at),
    past: options.now != null && at <= options.now,
  } : null;
  return {
    set: Boolean(next || ends),
    next,
    roundEnds: ends ? { iso: ends, text: formatDay(ends, options.locale) } : null,
    calendarUrl: next && options.room ? `/r/${encodeURIComponent(options.room)}/next-meeting.ics` : null,
  };
}

/**
 * The `set_schedule` command for what the facilitator typed, or why it cannot be sent.
 * Leaving a field empty clears it (`null`). `now` is the server's clock, estimated; the
 * server checks again with its own.
 * @param {{ next: string, roundEnds: string, now: number }} form
 * @returns {{ ok: true, command: { type: 'set_schedule', next_meeting_at: number | null, round_ends_on: string | null } }
 *         | { ok: false, field: 'next' | 'roundEnds', message: string }}
 */
export function scheduleCommand(form) {
  const at = localInputToMs(form.next);
  if (at != null && Number.isNaN(at)) {
    return { ok: false, field: 'next', message: 'Please give a real date and time for the next meeting.' };
  }
  if (at != null && at <= form.now) {
    return { ok: false, field: 'next', message: 'The next meeting has to be in the future.' };
  }
  const roundEnds = String(form.roundEnds ?? '').trim();
  if (roundEnds && !isIsoDate(roundEnds)) {
    return { ok: false, field: 'roundEnds', message: 'Please give a real date for the end of the round.' };
  }
  return {
    ok: true,
    command: { type: 'set_schedule', next_meeting_at: at, round_ends_on: roundEnds || null },
  };
}

/**
 * True when the form holds exactly what the server already has (nothing to save).
 * @param {{ next: string, roundEnds: string }} form
 * @param {Schedule | null | undefined} schedule
 */
export function scheduleUnchanged(form, schedule) {
  const at = localInputToMs(form.next);
  const ends = String(form.roundEnds ?? '').trim() || null;
  const current = schedule?.next_meeting_at ?? null;
  // A datetime-local input holds whole minutes: compare at that precision.
  const sameAt = at === null || current === null
    ? at === current
    : Math.floor(at / 60_000) === Math.floor(current / 60_000);
  return sameAt && ends === (schedule?.round_ends_on ?? null);
}
