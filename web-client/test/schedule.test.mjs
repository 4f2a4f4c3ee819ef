// The circle's calendar in the browser: a datetime-local value is the person's own wall-clock
// time, converted to the server's instant and back, across time zones and daylight-saving
// changes; the words shown for the next meeting and the round's end; the set_schedule command.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isIsoDate, localInputToMs, msToLocalInput, formatMeeting, formatDay, scheduleView, scheduleCommand, scheduleUnchanged,
} from '../assets/js/schedule.js';

/**
 * Runs `fn` with the runtime's time zone set to `zone` (Node reads TZ afresh when it changes).
 * @param {string} zone
 * @param {() => void} fn
 */
function inZone(zone, fn) {
  const before = process.env.TZ;
  process.env.TZ = zone;
  try {
    fn();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}

const UTC = (/** @type {string} */ iso) => Date.parse(iso);

test('a local date and time becomes the instant it names in the person’s own time zone', () => {
  inZone('Europe/Amsterdam', () => {
    // Summer time: UTC+2. Winter: UTC+1.
    assert.equal(localInputToMs('2031-05-20T18:30'), UTC('2031-05-20T16:30:00Z'));
    assert.equal(localInputToMs('2031-01-20T18:30'), UTC('2031-01-20T17:30:00Z'));
    assert.equal(localInputToMs('2031-05-20T18:30:15'), UTC('2031-05-20T16:30:15Z'), 'seconds, when the input has them');
  });
  inZone('America/New_York', () => {
    assert.equal(localInputToMs('2031-05-20T12:30'), UTC('2031-05-20T16:30:00Z'), 'the same instant from New York');
  });
  inZone('Asia/Kolkata', () => {
    assert.equal(localInputToMs('2031-05-20T22:00'), UTC('2031-05-20T16:30:00Z'), 'half-hour offsets');
  });
  inZone('UTC', () => {
    assert.equal(localInputToMs('2031-12-31T23:59'), UTC('2031-12-31T23:59:00Z'));
  });
});

test('an instant becomes the datetime-local value of the person’s own wall clock, and back', () => {
  const instant = UTC('2031-05-20T16:30:00Z');
  inZone('Europe/Amsterdam', () => assert.equal(msToLocalInput(instant), '2031-05-20T18:30'));
  inZone('America/New_York', () => assert.equal(msToLocalInput(instant), '2031-05-20T12:30'));
  inZone('Pacific/Auckland', () => assert.equal(msToLocalInput(instant), '2031-05-21T04:30', 'the next day there'));
  for (const zone of ['Europe/Amsterdam', 'America/Los_Angeles', 'Australia/Adelaide', 'UTC']) {
    inZone(zone, () => {
      for (const value of ['2031-03-30T01:15', '2031-07-04T09:05', '2031-10-26T23:45', '2032-02-29T12:00']) {
        const ms = localInputToMs(value);
        assert.equal(msToLocalInput(/** @type {number} */ (ms)), value, `${value} round-trips in ${zone}`);
      }
    });
  }
  assert.equal(msToLocalInput(NaN), '');
});

test('daylight-saving changes: a skipped hour moves forward, a repeated hour is still a valid instant', () => {
  inZone('Europe/Amsterdam', () => {
    // On 30 March 2031 clocks go from 02:00 to 03:00: 02:30 does not exist there.
    const skipped = localInputToMs('2031-03-30T02:30');
    assert.ok(Number.isFinite(skipped));
    assert.equal(msToLocalInput(/** @type {number} */ (skipped)), '2031-03-30T03:30');
    // On 26 October 2031 clocks go back from 03:00 to 02:00: 02:30 happens twice; either is fine.
    const twice = /** @type {number} */ (localInputToMs('2031-10-26T02:30'));
    assert.ok([UTC('2031-10-26T00:30:00Z'), UTC('2031-10-26T01:30:00Z')].includes(twice));
    assert.equal(msToLocalInput(twice), '2031-10-26T02:30');
  });
});

test('empty means "not set"; anything that is not a real date and time is NaN', () => {
  assert.equal(localInputToMs(''), null);
  assert.equal(localInputToMs('   '), null);
  for (const bad of ['2031-02-30T10:00', '2031-13-01T10:00', '2031-05-20T24:00', '2031-05-20T10:60', '20/05/2031 18:30',
    '2031-05-20', '1999-12-31T10:00', 'tomorrow']) {
    assert.ok(Number.isNaN(localInputToMs(bad)), bad);
  }
  assert.ok(isIsoDate('2032-02-29'));
  assert.ok(!isIsoDate('2031-02-29'));
  assert.ok(!isIsoDate('1999-12-31'), 'the server wants the year 2000 or later');
  assert.ok(!isIsoDate('2031-9-30'));
});

test('the words for the next meeting follow the person’s language and time zone; a day has no zone', () => {
  const instant = UTC('2031-05-20T16:30:00Z');
  const gb = formatMeeting(instant, 'en-GB', 'Europe/Amsterdam');
  assert.match(gb, /Tuesday/);
  assert.match(gb, /20 May 2031/);
  assert.match(gb, /18:30/);
  const us = formatMeeting(instant, 'en-US', 'America/New_York');
  assert.match(us, /Tuesday, May 20, 2031/);
  assert.match(us, /12:30\s?PM/);
  for (const zone of ['Pacific/Auckland', 'America/Los_Angeles']) {
    inZone(zone, () => assert.match(formatDay('2031-09-30', 'en-GB'), /Tuesday,? 30 September 2031/, `the same day in ${zone}`));
  }
  assert.equal(formatDay('not a date', 'en-GB'), 'not a date');
});

test('the schedule card: the date, the round’s end, and the calendar link only with a date', () => {
  const none = scheduleView({ next_meeting_at: null, round_ends_on: null }, { room: 'Room_1', locale: 'en-GB', timeZone: 'UTC' });
  assert.equal(none.set, false);
  assert.equal(none.next, null);
  assert.equal(none.calendarUrl, null);
  assert.equal(scheduleView(undefined).set, false, 'an older server without a schedule');

  const instant = UTC('2031-05-20T16:30:00Z');
  const view = scheduleView({ next_meeting_at: instant, round_ends_on: '2031-09-30' },
    { room: 'Room_1', locale: 'en-GB', timeZone: 'UTC', now: instant - 1 });
  assert.equal(view.set, true);
  assert.match(view.next?.text ?? '', /16:30/);
  assert.equal(view.next?.past, false);
  assert.match(view.roundEnds?.text ?? '', /30 September 2031/);
  assert.equal(view.calendarUrl, '/r/Room_1/next-meeting.ics');
  assert.equal(scheduleView({ next_meeting_at: instant, round_ends_on: null }, { room: 'r', now: instant + 1 }).next?.past, true);

  const onlyEnd = scheduleView({ next_meeting_at: null, round_ends_on: '2031-09-30' }, { room: 'r' });
  assert.equal(onlyEnd.set, true);
  assert.equal(onlyEnd.calendarUrl, null, 'no calendar file without a date');
});

test('the set_schedule command: local time to the server’s instant, empty fields clear, checked first', () => {
  inZone('Europe/Amsterdam', () => {
    const now = UTC('2031-05-01T00:00:00Z');
    assert.deepEqual(scheduleCommand({ next: '2031-05-20T18:30', roundEnds: '2031-09-30', now }), {
      ok: true,
      command: { type: 'set_schedule', next_meeting_at: UTC('2031-05-20T16:30:00Z'), round_ends_on: '2031-09-30' },
    });
    assert.deepEqual(scheduleCommand({ next: '', roundEnds: '', now }), {
      ok: true, command: { type: 'set_schedule', next_meeting_at: null, round_ends_on: null },
    }, 'both cleared');
    const past = scheduleCommand({ next: '2031-04-30T10:00', roundEnds: '', now });
    assert.equal(past.ok, false);
    assert.equal(!past.ok && past.field, 'next');
    const bad = scheduleCommand({ next: '2031-02-30T10:00', roundEnds: '', now });
    assert.equal(!bad.ok && bad.field, 'next');
    const badEnd = scheduleCommand({ next: '', roundEnds: '2031-02-30', now });
    assert.equal(!badEnd.ok && badEnd.field, 'roundEnds');

    const saved = { next_meeting_at: UTC('2031-05-20T16:30:20Z'), round_ends_on: '2031-09-30' };
    assert.equal(scheduleUnchanged({ next: '2031-05-20T18:30', roundEnds: '2031-09-30' }, saved), true, 'compared to the minute');
    assert.equal(scheduleUnchanged({ next: '2031-05-20T18:31', roundEnds: '2031-09-30' }, saved), false);
    assert.equal(scheduleUnchanged({ next: '2031-05-20T18:30', roundEnds: '' }, saved), false);
    assert.equal(scheduleUnchanged({ next: '', roundEnds: '' }, { next_meeting_at: null, round_ends_on: null }), true);
  });
});
