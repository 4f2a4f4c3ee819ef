// The Markdown summary of commitments: every typed string is escaped, so it can never become a
// link, an image, emphasis, a heading or HTML when the Markdown is shown elsewhere.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeMarkdown, buildSummary, summaryFileName, isoDate } from '../assets/js/summary.js';

/** @param {object} over */
function snapshot(over = {}) {
  return {
    version: 9,
    circle: { name: 'North Circle', norms: [] },
    settings: { time_boxes: {}, auto_advance: false },
    locked: false,
    phase: 'ended',
    seats: [
      { id: 1, name: 'Ana', role: 'member', present: true, acknowledged: true, stats: { turns: 0, passes: 0, questions: 0 } },
      { id: 2, name: '*Ben*_[x](http://evil)', role: 'member', present: true, acknowledged: true, stats: { turns: 0, passes: 0, questions: 0 } },
    ],
    floor: null,
    next: null,
    timer: null,
    agenda: { done: [], current: null, upcoming: [] },
    hands: [],
    check_in: { open_commitments: [], reports: [], notes: [], done: [] },
    hot_seat: null,
    commitments: [],
    former_seats: [{ id: 3, name: 'Dara' }],
    ...over,
  };
}

test('markdown specials are escaped, line breaks fold, ordinary punctuation stays', () => {
  assert.equal(escapeMarkdown('*bold* _it_ `code`'), '\\*bold\\* \\_it\\_ \\`code\\`');
  assert.equal(escapeMarkdown('[link](http://x) ![img](y)'), '\\[link\\](http://x) \\!\\[img\\](y)');
  assert.equal(escapeMarkdown('<img src=x onerror=alert(1)>'), '\\<img src=x onerror=alert(1)\\>');
  assert.equal(escapeMarkdown('a & b &lt; c'), 'a \\& b \\&lt; c');
  assert.equal(escapeMarkdown('back\\slash | pipe ~~strike~~ # hash'), 'back\\\\slash \\| pipe \\~\\~strike\\~\\~ \\# hash');
  assert.equal(escapeMarkdown('line one\n# heading\r\n- item'), 'line one \\# heading - item');
  assert.equal(escapeMarkdown('Call the supplier, then: rest.'), 'Call the supplier, then: rest.');
});

test('the summary lists who committed to what, and by when', () => {
  const md = buildSummary(snapshot({
    commitments: [
      { id: 1, seat: 1, text: 'Talk to my manager', due: '2030-01-31', hot_seat: 0 },
      { id: 2, seat: 2, text: 'Ship <script>alert(1)</script>', due: null, hot_seat: 1 },
      { id: 3, seat: 3, text: 'Rest', due: null, hot_seat: 2 },
    ],
    agenda: { done: [{ seat: 1, outcome: 'committed' }, { seat: 3, outcome: 'insight_only' }], current: null, upcoming: [] },
  }), '2030-01-01');
  const lines = md.split('\n');
  assert.equal(lines[0], '# North Circle: commitments');
  assert.ok(lines.includes('Meeting of 2030-01-01.'));
  assert.ok(lines.includes('- **Ana**: Talk to my manager (due 2030-01-31)'));
  assert.ok(lines.includes('- **\\*Ben\\*\\_\\[x\\](http://evil)**: Ship \\<script\\>alert(1)\\</script\\>'));
  assert.ok(lines.includes('- **Dara**: Rest'), 'a member who left keeps their name');
  assert.ok(lines.includes('Insight only, without an action: Dara.'));
  assert.ok(md.endsWith('\n'));
  assert.ok(!/<script>/.test(md));
});

test('a meeting without commitments says so', () => {
  assert.match(buildSummary(snapshot(), '2030-01-01'), /No commitments were made in this meeting\./);
});

test('the file name is a safe slug with the date', () => {
  assert.equal(summaryFileName('Leaders’ Circle North', '2030-01-01'), 'hotseat-leaders-circle-north-2030-01-01.md');
  assert.equal(summaryFileName('<img src=x>/../..', '2030-01-01'), 'hotseat-img-srcx-2030-01-01.md');
  assert.equal(summaryFileName('???', '2030-01-01'), 'hotseat-circle-2030-01-01.md');
  assert.equal(isoDate(new Date(2030, 0, 5)), '2030-01-05');
});
