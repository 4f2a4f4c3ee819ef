// @ts-check
/**
 * The meeting's commitments as Markdown, to copy into notes or download. Every string that a
 * person typed is escaped, so a name or commitment can never turn into a link, an image, a
 * heading or HTML when the Markdown is rendered elsewhere.
 */

import { nameOf } from './state.js';

/**
 * Escapes text for use inline in Markdown (CommonMark and GitHub's flavour). Our texts never
 * start a line (they follow "- **Name**: " or "# "), so only inline markup needs escaping:
 * emphasis, code, links and images, HTML and entities, strikethrough, table pipes and
 * closing heading hashes. Line breaks fold into spaces so one item stays one line. Ordinary
 * punctuation (. , : - ") is left alone so the text stays readable as plain text.
 * @param {string} text
 */
export function escapeMarkdown(text) {
  return String(text)
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[\\`*_[\]<>&!|~#]/g, (c) => `\\${c}`)
    .trim();
}

/**
 * A file name for the download: "hotseat-leaders-circle-2025-01-31.md".
 * @param {string} circleName
 * @param {string} date YYYY-MM-DD
 */
export function summaryFileName(circleName, date) {
  return `hotseat-${fileSlug(circleName)}-${date}.md`;
}

/**
 * A circle's name as a safe piece of a file name: "Leaders’ Circle!" → "leaders-circle".
 * @param {string} circleName
 */
export function fileSlug(circleName) {
  const slug = String(circleName)
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '-')
    .slice(0, 40)
    .replace(/^-+|-+$/g, '');
  return slug || 'circle';
}

/**
 * A local calendar date as YYYY-MM-DD.
 * @param {Date} d
 */
export function isoDate(d) {
  const p = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/**
 * The Markdown summary of a meeting's commitments.
 * @param {import('./state.js').Snapshot} snapshot
 * @param {string} date the meeting's date, YYYY-MM-DD
 */
export function buildSummary(snapshot, date) {
  const lines = [];
  lines.push(`# ${escapeMarkdown(snapshot.circle.name)}: commitments`);
  lines.push('');
  lines.push(`Meeting of ${date}.`);
  lines.push('');
  if (snapshot.commitments.length === 0) {
    lines.push('No commitments were made in this meeting.');
  } else {
    for (const c of snapshot.commitments) {
      const who = escapeMarkdown(nameOf(snapshot, c.seat));
      const due = c.due ? ` (due ${c.due})` : '';
      lines.push(`- **${who}**: ${escapeMarkdown(c.text)}${due}`);
    }
  }
  const insightOnly = snapshot.agenda.done.filter((d) => d.outcome === 'insight_only');
  if (insightOnly.length > 0) {
    lines.push('');
    lines.push(`Insight only, without an action: ${insightOnly.map((d) => escapeMarkdown(nameOf(snapshot, d.seat))).join(', ')}.`);
  }
  lines.push('');
  lines.push('What is said in the circle stays in the circle.');
  return `${lines.join('\n')}\n`;
}
