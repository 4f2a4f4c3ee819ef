// The connection's life without a browser: a fake WebSocket and fake timers. Hello carries
// the stored credentials; only a welcome makes it live; an unexpected close reconnects with
// backoff; goodbyes and refused hellos stop it where a person has to decide.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConnection } from '../assets/js/connection.js';

class FakeSocket {
  /** @type {FakeSocket[]} */
  static all = [];
  /** @param {string} url */
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    /** @type {string[]} */
    this.sent = [];
    this.closed = false;
    /** @type {any} */ this.onopen = null;
    /** @type {any} */ this.onmessage = null;
    /** @type {any} */ this.onclose = null;
    FakeSocket.all.push(this);
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  /** @param {object} msg */
  receive(msg) {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
  /** @param {string} data */
  send(data) {
    this.sent.push(data);
  }
  close(code = 1000) {
    if (this.closed) return;
    this.closed = true;
    this.readyState = 3;
    this.onclose?.({ code });
  }
  /** The server side drops the line. @param {number} code */
  drop(code = 1006) {
    this.close(code);
  }
}

function harness(random = () => 0.5) {
  FakeSocket.all = [];
  /** @type {{ fn: () => void, ms: number, id: number }[]} */
  const timers = [];
  let nextId = 1;
  /** @type {string[]} */
  const statuses = [];
  /** @type {any[]} */
  const messages = [];
  /** @type {any[]} */
  const stops = [];
  const conn = createConnection({
    url: 'ws://host/ws/room',
    hello: () => ({ type: 'hello', protocol: 1, seat_token: 'tok', name: 'Ana' }),
    onMessage: (msg) => messages.push(msg),
    onStatus: (status, attempt) => statuses.push(`${status}:${attempt}`),
    onStop: (why) => stops.push(why),
    WebSocketImpl: /** @type {any} */ (FakeSocket),
    now: () => 123,
    setTimer: (fn, ms) => {
      const id = nextId++;
      timers.push({ fn, ms, id });
      return id;
    },
    clearTimer: (id) => {
      const i = timers.findIndex((t) => t.id === id);
      if (i >= 0) timers.splice(i, 1);
    },
    random,
  });
  const runNextTimer = () => {
    const t = timers.shift();
    assert.ok(t, 'a timer is pending');
    t.fn();
    return t.ms;
  };
  const last = () => FakeSocket.all[FakeSocket.all.length - 1];
  const welcome = { type: 'welcome', protocol: 1, room: 'room', seat: 1, role: 'member', seat_token: 'tok', resumed: true, server_time: 1, snapshot: {} };
  return { conn, timers, statuses, messages, stops, runNextTimer, last, welcome };
}

test('hello on open; live only after the welcome; sends only while live', () => {
  const h = harness();
  h.conn.start();
  assert.deepEqual(h.statuses, ['connecting:0']);
  assert.equal(h.last().url, 'ws://host/ws/room');
  assert.equal(h.conn.send({ type: 'act' }), false, 'not before open');
  h.last().open();
  assert.deepEqual(JSON.parse(h.last().sent[0]), { type: 'hello', protocol: 1, seat_token: 'tok', name: 'Ana' });
  assert.equal(h.conn.live, false);
  assert.equal(h.conn.send({ type: 'act' }), false, 'not before the welcome');
  assert.equal(h.conn.sendAnytime({ type: 'check_question', text: 'Why?' }), true, 'the coach needs no seat');
  h.last().receive(h.welcome);
  assert.equal(h.conn.live, true);
  assert.deepEqual(h.statuses, ['connecting:0', 'live:0']);
  assert.equal(h.messages[0].type, 'welcome');
  assert.equal(h.conn.send({ type: 'act', req: 1 }), true);
  assert.equal(h.last().sent.length, 3);
  assert.equal(h.timers.length, 0, 'the hello timeout is cleared');
});

test('an unexpected close reconnects with growing, jittered delays and a fresh hello', () => {
  const h = harness(() => 0.5);
  h.conn.start();
  h.last().open();
  h.last().receive(h.welcome);
  h.last().drop();
  assert.deepEqual(h.statuses.slice(-1), ['reconnecting:1']);
  assert.equal(h.conn.live, false);
  assert.equal(h.conn.send({ type: 'act' }), false, 'nothing is sent while reconnecting');
  const delays = [];
  for (let i = 0; i < 4; i += 1) {
    delays.push(h.runNextTimer());
    assert.equal(FakeSocket.all.length, i + 2, 'a new socket per attempt');
    h.last().drop();
  }
  assert.deepEqual(delays, [250, 500, 1000, 2000], 'half of 500 · 2^n with random = 0.5');
  h.runNextTimer();
  h.last().open();
  assert.equal(JSON.parse(h.last().sent[0]).seat_token, 'tok', 'the seat token comes back in the hello');
  h.last().receive(h.welcome);
  assert.equal(h.statuses.at(-1), 'live:0');
  h.last().drop();
  assert.equal(h.runNextTimer(), 250, 'the backoff starts over after a welcome');
});

test('retryNow skips the wait; stop closes for good', () => {
  const h = harness();
  h.conn.start();
  h.last().open();
  h.last().drop();
  assert.equal(FakeSocket.all.length, 1);
  h.conn.retryNow();
  assert.equal(FakeSocket.all.length, 2);
  assert.equal(h.timers.length, 0);
  h.conn.stop();
  assert.equal(h.last().closed, true);
  assert.equal(h.statuses.at(-1), 'reconnecting:1', 'stop is the caller’s own doing: no status');
  h.conn.retryNow();
  assert.equal(FakeSocket.all.length, 2, 'no retry after stop');
});

test('goodbye: removed and replaced stop; server restarting and too slow reconnect', () => {
  for (const [reason, stops] of /** @type {const} */ ([
    ['removed', true], ['replaced_by_new_connection', true], ['server_restarting', false], ['too_slow', false], ['rate_limited', false],
  ])) {
    const h = harness(() => 0.999);
    h.conn.start();
    h.last().open();
    h.last().receive(h.welcome);
    h.last().receive({ type: 'goodbye', reason });
    h.last().drop(4001);
    if (stops) {
      assert.equal(h.statuses.at(-1), 'closed:0', reason);
      assert.equal(h.stops[0].goodbye, reason);
      assert.equal(h.timers.length, 0);
    } else {
      assert.match(h.statuses.at(-1) ?? '', /^reconnecting:/, reason);
      assert.equal(h.stops.length, 0);
      const delay = h.timers[0].ms;
      if (reason === 'rate_limited') assert.ok(delay > 5000, `a longer pause after rate limiting (${delay})`);
    }
  }
});

test('a refused hello stops, so the person can act; a retryable one does not', () => {
  const h = harness();
  h.conn.start();
  h.last().open();
  h.last().receive({ type: 'error', code: 'name_taken', message: 'x' });
  assert.equal(h.last().closed, true, 'a fresh connection is used for the next attempt');
  assert.equal(h.statuses.at(-1), 'closed:0');
  assert.equal(h.stops[0].helloError, 'name_taken');
  assert.equal(h.messages[0].code, 'name_taken', 'the error reaches the app');

  const r = harness();
  r.conn.start();
  r.last().open();
  r.last().receive({ type: 'error', code: 'internal', message: 'x' });
  assert.equal(r.last().closed, false);
  r.last().drop();
  assert.match(r.statuses.at(-1) ?? '', /^reconnecting/);
});

test('an unknown room stops at once; a silent server is given up on after the hello timeout', () => {
  const h = harness();
  h.conn.start();
  h.last().open();
  h.last().receive({ type: 'error', code: 'unknown_room', message: 'x' });
  assert.equal(h.statuses.at(-1), 'closed:0');

  const s = harness();
  s.conn.start();
  s.last().open();
  assert.equal(s.timers[0].ms, 10_000);
  s.runNextTimer();
  assert.equal(s.last().closed, true);
  assert.match(s.statuses.at(-1) ?? '', /^reconnecting/);
});

test('erased and circle_deleted stop for good; so do their close codes when the goodbye is lost', () => {
  for (const reason of ['erased', 'circle_deleted']) {
    const h = harness(() => 0.999);
    h.conn.start();
    h.last().open();
    h.last().receive(h.welcome);
    h.last().receive({ type: 'goodbye', reason });
    h.last().drop(4010);
    assert.equal(h.statuses.at(-1), 'closed:0', reason);
    assert.equal(h.stops[0].goodbye, reason);
    assert.equal(h.timers.length, 0, `no reconnecting after ${reason}`);
  }
  for (const [code, goodbye] of /** @type {const} */ ([[4010, undefined], [4001, 'removed'], [4002, 'replaced_by_new_connection']])) {
    const h = harness();
    h.conn.start();
    h.last().open();
    h.last().receive(h.welcome);
    h.last().drop(code);
    assert.equal(h.statuses.at(-1), 'closed:0', `close ${code}`);
    assert.deepEqual({ code: h.stops[0].code, goodbye: h.stops[0].goodbye }, { code, goodbye });
    assert.equal(h.timers.length, 0);
  }
  const restart = harness();
  restart.conn.start();
  restart.last().open();
  restart.last().receive(restart.welcome);
  restart.last().drop(1012);
  assert.match(restart.statuses.at(-1) ?? '', /^reconnecting/, 'a restart without goodbye reconnects');
});
