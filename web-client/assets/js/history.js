// @ts-check
/**
 * The circle's commitments across its meetings (`GET /api/circles/{room}/commitments`), as
 * the history panel shows them: grouped by meeting, newest meeting first, each with its
 * owner (or "a former member" once they left), its due date and its latest report-back.
 * Pure: no DOM, no network.
 */

import { REPORT_LABELS } from './protocol.js';
import { dueLabel } from './schedule.js';

/**
 * @typedef {{ meeting: number, status: string, reported_at: number }} HistoryReport
 * @typedef {{ id: number, seat: number, owner: string | null, meeting: number, text: string,
 *             due: string | null, created_at: number, reports: HistoryReport[] }} HistoryCommitment
 */

export const FORMER_MEMBER = 'a former member';
const OPEN_LABEL = 'Not reported yet';

/**
 * The latest report-back on a commitment (by meeting, then time), or null.
 * @param {HistoryReport[] | null | undefined} reports
 */
export function latestReport(reports) {
  let latest = null;
  for (const r of reports ?? []) {
    if (!latest || r.meeting > latest.meeting || (r.meeting === latest.meeting && r.reported_at >= latest.reported_at)) {
      latest = r;
    }
  }
  return latest;
}

/**
 * The history panel's view model.
 * @param {HistoryCommitment[] | null | undefined} commitments as the server sends them
 * @param {{ me?: number | null }} [options] my seat, to mark my own commitments
 */
export function historyView(commitments, options = {}) {
  const list = Array.isArray(commitments) ? commitments : [];
  /** @type {Map<number, ReturnType<typeof item>[]>} */
  const byMeeting = new Map();
  const counts = { done: 0, partly: 0, not_done: 0, open: 0 };

  /** @param {HistoryCommitment} c */
  function item(c) {
    const report = latestReport(c.reports);
    const status = report ? report.status : 'open';
    const isMine = options.me != null && c.seat === options.me && c.owner != null;
    return {
      id: c.id,
      owner: c.owner ?? FORMER_MEMBER,
      ownerKnown: c.owner != null,
      isMine,
      text: c.text,
      due: c.due ?? null,
      dueLabel: c.due ? dueLabel(c.due) : 'no due date',
      status,
      statusLabel: report ? (REPORT_LABELS[status] ?? status) : OPEN_LABEL,
      reportedAt: report ? report.meeting : null,
      reportedLabel: report ? `reported at meeting ${report.meeting}` : null,
    };
  }

  for (const c of list) {
    const entry = item(c);
    if (entry.status in counts) counts[/** @type {keyof typeof counts} */ (entry.status)] += 1;
    const group = byMeeting.get(c.meeting) ?? [];
    group.push(entry);
    byMeeting.set(c.meeting, group);
  }
  const meetings = [...byMeeting.entries()]
    .sort((a, b) => b[0] - a[0])
    .map(([number, items]) => ({
      number,
      title: `Meeting ${number}`,
      count: items.length,
      items: items.sort((a, b) => a.id - b.id),
    }));
  const n = list.length;
  const parts = [];
  if (counts.done) parts.push(`${counts.done} done`);
  if (counts.partly) parts.push(`${counts.partly} partly`);
  if (counts.not_done) parts.push(`${counts.not_done} not done`);
  if (counts.open) parts.push(`${counts.open} not reported yet`);
  const summary = n === 0
    ? 'No commitments yet. They appear here once a presenter commits to an action.'
    : `${n} ${n === 1 ? 'commitment' : 'commitments'} over ${meetings.length} ${meetings.length === 1 ? 'meeting' : 'meetings'}: ${parts.join(', ')}.`;
  return { empty: n === 0, total: n, counts, meetings, summary };
}
