// After `goodbye: server_restarting` the client retries promptly (0.1 to 1 s, jittered) while
// the server is down, so a room is back within about a second of the server answering; an
// ordinary lost line keeps the growing backoff.

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
    /** @type {any} */ this.onopen = null;
    /** @type {any} */ this.onmessage = null;
    /** @type {any} */ this.onclose = null;
    FakeSocket.all.push(this);
  }
  open() { this.readyState = 1; this.onopen?.({}); }
  /** @param {object} msg */
  receive(msg) { this.onmessage?.({ data: JSON.stringify(msg) }); }
  send() {}
  close(code = 1000) { this.readyState = 3; this.onclose?.({ code }); }
}

/** @param {() => number} random */
function setup(random) {
  FakeSocket.all = [];
  /** @type {{ fn: () => void, ms: number, id: number }[]} */
  const timers = [];
  let id = 0;
  const conn = createConnection({
    url: 'ws://host/ws/room',
    hello: () => ({ type: 'hello' }),
    onMessage: () => {},
    onStatus: () => {},
    WebSocketImpl: /** @type {any} */ (FakeSocket),
    setTimer: (fn, ms) => { timers.push({ fn, ms, id: ++id }); return id; },
    clearTimer: (x) => { const i = timers.findIndex((t) => t.id === x); if (i >= 0) timers.splice(i, 1); },
    random,
  });
  const last = () => FakeSocket.all[FakeSocket.all.length - 1];
  const welcome = { type: 'welcome', protocol: 1, room: 'room', seat: 1, role: 'member', seat_token: 't', resumed: true, server_time: 1, snapshot: {} };
  /** The next retry's delay; runs it (a new socket that fails to connect). */
  const retry = () => {
    const t = timers.filter((x) => x.ms !== 10_000).shift();
    assert.ok(t, 'a retry is pending');
    timers.splice(timers.indexOf(t), 1);
    t.fn();
    return t.ms;
  };
  return { conn, last, welcome, retry };
}

test('after server_restarting, every retry comes within 1 s, jittered; ordinary drops back off', () => {
  for (const r of [0, 0.5, 0.999]) {
    const h = setup(() => r);
    h.conn.start();
    h.last().open();
    h.last().receive(h.welcome);
    h.last().receive({ type: 'goodbye', reason: 'server_restarting' });
    h.last().close(1012);
    // The server stays down for twenty attempts: none waits more than a second.
    const delays = [];
    for (let i = 0; i < 20; i += 1) {
      delays.push(h.retry());
      h.last().close(1006);
    }
    assert.ok(delays.every((d) => d >= 100 && d <= 1000), `delays ${delays}`);
    // Back: a welcome ends the fast retries; a later ordinary drop backs off as before.
    h.retry();
    h.last().open();
    h.last().receive(h.welcome);
    h.last().close(1006);
    const ordinary = [];
    for (let i = 0; i < 6; i += 1) {
      ordinary.push(h.retry());
      h.last().close(1006);
    }
    if (r > 0.9) assert.ok(ordinary[5] > 1000, `an ordinary drop grows its backoff: ${ordinary}`);
  }
  // The jitter spreads a room's browsers out.
  const spread = [0.1, 0.9].map((r) => {
    const h = setup(() => r);
    h.conn.start();
    h.last().open();
    h.last().receive({ type: 'goodbye', reason: 'server_restarting' });
    h.last().close(1012);
    return h.retry();
  });
  assert.notEqual(spread[0], spread[1]);
});
