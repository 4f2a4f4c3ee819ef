// @ts-check
/**
 * The WebSocket's life: open, say hello (with the seat token, so a reload or a dropped line
 * comes back to the same seat), pass messages on, and reconnect after an unexpected close
 * with capped exponential backoff and full jitter. Until a fresh `welcome` arrives the status
 * is not "live", and the room screen marks what it shows as possibly out of date.
 *
 * The WebSocket class, the timers, the clock and the random source are injectable so the
 * behaviour can be tested without a browser.
 */

import { backoffDelay } from './reconnect.js';
import { goodbyeInfo } from './protocol.js';

/** Close codes after which retrying cannot help (docs/protocol.md, "Close codes"). */
const CLOSE_UNKNOWN_ROOM = 4404;
/** The seat's data was erased, or the circle deleted. */
const CLOSE_GONE = 4010;
/** Close codes that say what a lost `goodbye` would have said. */
const CLOSE_GOODBYES = /** @type {Record<number, string>} */ ({ 4001: 'removed', 4002: 'replaced_by_new_connection' });
/** How long to wait for a `welcome` after the socket opens. */
const HELLO_TIMEOUT_MS = 10_000;
/** A `goodbye: rate_limited` waits at least this many backoff steps. */
const RATE_LIMITED_ATTEMPT = 4;
/**
 * After `goodbye: server_restarting` the server is back within seconds: the first retry as
 * usual (0.1 to 0.5 s), then every 0.1 to 1 s (full jitter, so the room's browsers spread
 * out) for this many attempts, so a page is back within about a second of the server
 * answering, however long the restart took; then the usual backoff.
 */
const RESTART_BACKOFF = Object.freeze({ baseMs: 500, capMs: 1000, minMs: 100 });
const RESTART_FAST_ATTEMPTS = 60;
/** Errors to a `hello` that are worth retrying; the others need the person. */
const RETRYABLE_HELLO_ERRORS = new Set(['rate_limited', 'internal']);

/**
 * @typedef {import('./state.js').Status} Status
 * @typedef {{
 *   url: string,
 *   hello: () => object,
 *   onMessage: (msg: any, receivedAt: number) => void,
 *   onStatus: (status: Status, attempt: number) => void,
 *   onStop?: (why: { goodbye?: string, code?: number, helloError?: string }) => void,
 *   WebSocketImpl?: typeof WebSocket,
 *   now?: () => number,
 *   setTimer?: (fn: () => void, ms: number) => any,
 *   clearTimer?: (id: any) => void,
 *   random?: () => number,
 * }} ConnectionOptions
 */

/**
 * @param {ConnectionOptions} options
 */
export function createConnection(options) {
  const WS = options.WebSocketImpl ?? WebSocket;
  const now = options.now ?? (() => performance.now());
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((id) => clearTimeout(id));
  const random = options.random ?? Math.random;

  /** @type {WebSocket | null} */
  let ws = null;
  let attempt = 0;
  /** @type {any} */
  let retryTimer = null;
  /** @type {any} */
  let helloTimer = null;
  let stopped = true;
  let joined = false;
  /** Why the server said goodbye on the current socket, if it did. */
  /** @type {string | null} */
  let goodbye = null;
  /** @type {string | null} */
  let helloError = null;
  /** The server said it is restarting: retry promptly until back. */
  let restarting = false;

  function clearTimers() {
    if (retryTimer != null) clearTimer(retryTimer);
    if (helloTimer != null) clearTimer(helloTimer);
    retryTimer = null;
    helloTimer = null;
  }

  function open() {
    clearTimers();
    goodbye = null;
    helloError = null;
    joined = false;
    options.onStatus(attempt === 0 ? 'connecting' : 'reconnecting', attempt);
    let socket;
    try {
      socket = new WS(options.url);
    } catch {
      scheduleRetry();
      return;
    }
    ws = socket;
    socket.onopen = () => {
      if (ws !== socket) return;
      socket.send(JSON.stringify(options.hello()));
      helloTimer = setTimer(() => {
        helloTimer = null;
        if (ws === socket && !joined) socket.close();
      }, HELLO_TIMEOUT_MS);
    };
    socket.onmessage = (event) => {
      if (ws !== socket) return;
      const receivedAt = now();
      let msg;
      try {
        msg = JSON.parse(String(event.data));
      } catch {
        return;
      }
      if (msg.type === 'welcome') {
        joined = true;
        attempt = 0;
        restarting = false;
        if (helloTimer != null) clearTimer(helloTimer);
        helloTimer = null;
        options.onMessage(msg, receivedAt);
        options.onStatus('live', 0);
        return;
      }
      if (msg.type === 'error' && !joined) {
        helloError = msg.code;
      }
      if (msg.type === 'goodbye') {
        goodbye = msg.reason;
      }
      options.onMessage(msg, receivedAt);
      if (msg.type === 'error' && !joined && !RETRYABLE_HELLO_ERRORS.has(msg.code)) {
        // The hello was refused (a taken name, a locked room...): the person must act.
        // A fresh connection will be opened for the next attempt.
        stopped = true;
        socket.close();
      }
    };
    socket.onclose = (event) => {
      if (ws !== socket) return;
      ws = null;
      joined = false;
      clearTimers();
      if (!goodbye && CLOSE_GOODBYES[event.code]) goodbye = CLOSE_GOODBYES[event.code];
      const info = goodbye ? goodbyeInfo(goodbye) : null;
      if (event.code === CLOSE_UNKNOWN_ROOM || event.code === CLOSE_GONE || (info && info.reconnect !== 'auto')) {
        stopped = true;
      }
      if (stopped) {
        options.onStatus('closed', attempt);
        options.onStop?.({ goodbye: goodbye ?? undefined, code: event.code, helloError: helloError ?? undefined });
        return;
      }
      if (goodbye === 'rate_limited') attempt = Math.max(attempt, RATE_LIMITED_ATTEMPT);
      if (goodbye === 'server_restarting') restarting = true;
      scheduleRetry();
    };
  }

  function scheduleRetry() {
    const delay = restarting && attempt < RESTART_FAST_ATTEMPTS
      ? backoffDelay(Math.min(attempt, 1), random, RESTART_BACKOFF)
      : backoffDelay(attempt, random);
    attempt += 1;
    options.onStatus('reconnecting', attempt);
    retryTimer = setTimer(() => {
      retryTimer = null;
      if (!stopped) open();
    }, delay);
  }

  return {
    /** Opens the connection (again, after a stop). */
    start() {
      stopped = false;
      attempt = 0;
      restarting = false;
      open();
    },
    /** Closes for good (until `start`). */
    stop() {
      stopped = true;
      clearTimers();
      const socket = ws;
      ws = null;
      joined = false;
      if (socket) socket.close(1000, 'bye');
    },
    /** While waiting to retry, retry now (the network came back, the tab became visible). */
    retryNow() {
      if (!stopped && retryTimer != null) {
        open();
      }
    },
    /**
     * Sends a message if the connection is live; false if it could not be sent.
     * @param {object} msg
     */
    send(msg) {
      if (!ws || !joined || ws.readyState !== 1) return false;
      ws.send(JSON.stringify(msg));
      return true;
    },
    /**
     * Sends a message that needs no seat (a question check), if the socket is open.
     * @param {object} msg
     */
    sendAnytime(msg) {
      if (!ws || ws.readyState !== 1) return false;
      ws.send(JSON.stringify(msg));
      return true;
    },
    get live() {
      return joined;
    },
    get attempt() {
      return attempt;
    },
  };
}
