// The commitment history's view model: grouped by meeting (newest first), each commitment with
// its owner or "a former member", its due date and its latest report-back; and the requests
// behind it and "your data", mapped to values or plain sentences.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { historyView, latestReport, FORMER_MEMBER } from '../assets/js/history.js';
import { formatDay } from '../assets/js/schedule.js';
import { fetchHistory, fetchMyData, eraseMyData, deleteCircle, refusalSentence, myDataFileName } from '../assets/js/privacy.js';

/** As `GET /api/circles/{room}/commitments` answers, oldest first. */
const COMMITMENTS = [
  {
    id: 1, seat: 2, owner: 'Ana', meeting: 1, text: 'Ask my manager for a decision', due: '2031-06-01', created_at: 10,
    reports: [{ meeting: 2, status: 'partly', reported_at: 20 }],
  },
  { id: 2, seat: 5, owner: null, meeting: 1, text: 'Write the plan', due: null, created_at: 11, reports: [] },
  {
    id: 3, seat: 3, owner: 'Ben', meeting: 2, text: 'Book the one-to-one', due: null, created_at: 21,
    reports: [{ meeting: 3, status: 'not_done', reported_at: 30 }, { meeting: 4, status: 'done', reported_at: 40 }],
  },
];

test('grouped by meeting, newest meeting first; within a meeting in the order made', () => {
  const view = historyView(COMMITMENTS, { me: 2 });
  assert.deepEqual(view.meetings.map((m) => [m.title, m.count]), [['Meeting 2', 1], ['Meeting 1', 2]]);
  assert.deepEqual(view.meetings[1].items.map((c) => c.id), [1, 2]);
  assert.equal(view.total, 3);
  assert.equal(view.empty, false);
});

test('each commitment: owner (or a former member), mine, due date and the latest report-back', () => {
  const view = historyView(COMMITMENTS, { me: 2 });
  const [ana, former] = view.meetings[1].items;
  const [ben] = view.meetings[0].items;
  assert.deepEqual(
    { owner: ana.owner, isMine: ana.isMine, status: ana.status, label: ana.statusLabel, due: ana.dueLabel, at: ana.reportedLabel },
    { owner: 'Ana', isMine: true, status: 'partly', label: 'Partly', due: `due ${formatDay('2031-06-01')}`, at: 'reported at meeting 2' });
  assert.equal(former.owner, FORMER_MEMBER);
  assert.equal(former.ownerKnown, false);
  assert.equal(former.isMine, false);
  assert.equal(former.status, 'open');
  assert.equal(former.statusLabel, 'Not reported yet');
  assert.equal(former.dueLabel, 'no due date');
  assert.equal(former.reportedLabel, null);
  assert.equal(ben.status, 'done', 'the latest report counts');
  assert.equal(ben.reportedAt, 4);
  assert.equal(ben.isMine, false);
  assert.deepEqual(view.counts, { done: 1, partly: 1, not_done: 0, open: 1 });
  assert.equal(view.summary, '3 commitments over 2 meetings: 1 done, 1 partly, 1 not reported yet.');
});

test('an empty or missing history says so plainly', () => {
  for (const none of [[], null, undefined]) {
    const view = historyView(none);
    assert.equal(view.empty, true);
    assert.deepEqual(view.meetings, []);
    assert.match(view.summary, /^No commitments yet/);
  }
  assert.equal(historyView([COMMITMENTS[1]]).summary, '1 commitment over 1 meeting: 1 not reported yet.');
});

test('the latest report is the one from the latest meeting, then the latest time', () => {
  assert.equal(latestReport([]), null);
  assert.equal(latestReport(undefined), null);
  assert.equal(latestReport([
    { meeting: 3, status: 'done', reported_at: 5 },
    { meeting: 2, status: 'not_done', reported_at: 9 },
    { meeting: 3, status: 'partly', reported_at: 7 },
  ])?.status, 'partly');
});

/**
 * A fetch that records its calls and answers with `status` and `body`.
 * @param {number} status
 * @param {unknown} [body]
 */
function fakeFetch(status, body) {
  /** @type {{ url: string, init: RequestInit }[]} */
  const calls = [];
  /** @type {any} */
  const impl = async (/** @type {string} */ url, /** @type {RequestInit} */ init) => {
    calls.push({ url, init });
    const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    return new Response(status === 204 ? null : text, { status });
  };
  return { impl, calls };
}

test('the requests carry the credential in the Authorization header only, never in the URL', async () => {
  const history = fakeFetch(200, { commitments: COMMITMENTS });
  const got = await fetchHistory({ room: 'Room_1', token: 'tok-secret', fetch: history.impl });
  assert.ok(got.ok);
  assert.equal(got.ok && got.commitments.length, 3);
  assert.equal(history.calls[0].url, '/api/circles/Room_1/commitments');
  assert.deepEqual(history.calls[0].init.headers, { Authorization: 'Bearer tok-secret' });

  const md = fakeFetch(200, '# Your data\n- Meeting 1: Ask\n');
  const mine = await fetchMyData({ room: 'Room_1', token: 'tok-secret', format: 'markdown', fetch: md.impl });
  assert.deepEqual(mine, { ok: true, text: '# Your data\n- Meeting 1: Ask\n', type: 'text/markdown;charset=utf-8' });
  assert.equal(md.calls[0].url, '/api/circles/Room_1/me?format=markdown');

  const json = fakeFetch(200, { name: 'Ana', commitments: [] });
  const asJson = await fetchMyData({ room: 'Room_1', token: 't', format: 'json', fetch: json.impl });
  assert.ok(asJson.ok);
  assert.equal(asJson.ok && asJson.text, '{\n  "name": "Ana",\n  "commitments": []\n}\n', 'pretty-printed');
  assert.equal(json.calls[0].url, '/api/circles/Room_1/me');

  const erase = fakeFetch(204);
  assert.deepEqual(await eraseMyData({ room: 'Room_1', token: 't', fetch: erase.impl }), { ok: true });
  assert.equal(erase.calls[0].init.method, 'DELETE');
  assert.equal(erase.calls[0].url, '/api/circles/Room_1/me');

  const del = fakeFetch(204);
  assert.deepEqual(await deleteCircle({ room: 'Room_1', secret: 'fac-secret', fetch: del.impl }), { ok: true });
  assert.equal(del.calls[0].url, '/api/circles/Room_1');
  assert.deepEqual(del.calls[0].init.headers, { Authorization: 'Bearer fac-secret' });
  for (const call of [...history.calls, ...md.calls, ...erase.calls, ...del.calls]) {
    assert.ok(!call.url.includes('secret') && !call.url.includes('tok'), call.url);
  }
});

test('refusals become plain sentences: the facilitator is told to hand over first', async () => {
  const conflict = fakeFetch(409, { error: { code: 'not_eligible', field: null, message: 'x' } });
  const refused = await eraseMyData({ room: 'r', token: 't', fetch: conflict.impl });
  assert.equal(refused.ok, false);
  assert.equal(!refused.ok && refused.code, 'not_eligible');
  assert.match(!refused.ok ? refused.sentence : '', /hand the facilitator role to someone else first/);

  const wrongSecret = await deleteCircle({ room: 'r', secret: 'nope', fetch: fakeFetch(403, { error: { code: 'forbidden' } }).impl });
  assert.match(!wrongSecret.ok ? wrongSecret.sentence : '', /facilitator link/);
  const gone = await fetchHistory({ room: 'r', token: 't', fetch: fakeFetch(404, { error: { code: 'unknown_room' } }).impl });
  assert.equal(!gone.ok && gone.sentence, 'This circle no longer exists.');
  const offline = await fetchHistory({ room: 'r', token: 't', fetch: /** @type {any} */ (async () => { throw new TypeError('offline'); }) });
  assert.match(!offline.ok ? offline.sentence : '', /could not be reached/);
  const garbled = await fetchHistory({ room: 'r', token: 't', fetch: fakeFetch(200, 'not json').impl });
  assert.equal(garbled.ok, false);
  assert.match(refusalSentence('export', 403, 'invalid_token'), /Reload the page/);
  assert.match(refusalSentence('export', 500, 'internal'), /Nothing was changed/);
});

test('my data downloads under a readable file name', () => {
  assert.equal(myDataFileName('Leaders’ Circle North', '2031-05-20', 'markdown'), 'hotseat-my-data-leaders-circle-north-2031-05-20.md');
  assert.equal(myDataFileName('***', '2031-05-20', 'json'), 'hotseat-my-data-circle-2031-05-20.json');
});
