// @ts-check
/**
 * The circle's HTTP requests that carry a credential: the commitment history, a member's own
 * data (download and erase) and deleting the circle. The credential travels only in the
 * `Authorization: Bearer` header, never in a URL (docs/protocol.md, "Privacy over HTTP").
 * Every answer becomes either a value or a plain sentence for the person. `fetch` is
 * injectable so the mapping can be tested without a server.
 */

import { fileSlug } from './summary.js';

/** @typedef {typeof fetch} FetchLike */
/** @typedef {{ ok: false, status: number, code: string | null, sentence: string }} Refusal */

const OFFLINE = 'The server could not be reached. Check your connection and try again.';

/**
 * @param {string} room
 * @param {string} [tail]
 */
function circleUrl(room, tail = '') {
  return `/api/circles/${encodeURIComponent(room)}${tail}`;
}

/**
 * The error code in a refusal's JSON body (`{"error": {"code", ...}}`), if any.
 * @param {Response} response
 */
async function errorCode(response) {
  try {
    const body = await response.json();
    return typeof body?.error?.code === 'string' ? body.error.code : null;
  } catch {
    return null;
  }
}

/**
 * A plain sentence for a refused request.
 * @param {'history' | 'export' | 'erase' | 'delete'} what
 * @param {number} status
 * @param {string | null} code
 * @returns {string}
 */
export function refusalSentence(what, status, code) {
  if (status === 0) return OFFLINE;
  if (status === 404 || code === 'unknown_room') return 'This circle no longer exists.';
  if (what === 'erase' && (status === 409 || code === 'not_eligible')) {
    return 'You are the facilitator, so your data cannot be erased yet: hand the facilitator role to someone else first (under “People and voice”, “Make facilitator…”), then erase your data.';
  }
  if (what === 'delete' && (status === 401 || status === 403)) {
    return 'This device does not hold the facilitator link for this circle, so it cannot delete it. Open the facilitator link (the one with #f=…) and try again.';
  }
  if (status === 401 || status === 403) {
    return 'The server no longer recognises your seat in this circle. Reload the page to join again.';
  }
  if (status === 429) return 'Too many requests at once. Please wait a moment and try again.';
  return 'Something went wrong on the server. Nothing was changed; please try again.';
}

/**
 * @param {FetchLike} fetchImpl
 * @param {string} url
 * @param {RequestInit} init
 * @param {'history' | 'export' | 'erase' | 'delete'} what
 * @returns {Promise<{ ok: true, response: Response } | Refusal>}
 */
async function request(fetchImpl, url, init, what) {
  let response;
  try {
    response = await fetchImpl(url, { credentials: 'omit', cache: 'no-store', ...init });
  } catch {
    return { ok: false, status: 0, code: null, sentence: refusalSentence(what, 0, null) };
  }
  if (response.ok) return { ok: true, response };
  const code = await errorCode(response);
  return { ok: false, status: response.status, code, sentence: refusalSentence(what, response.status, code) };
}

/** @param {string} credential */
function bearer(credential) {
  return { Authorization: `Bearer ${credential}` };
}

/**
 * The circle's commitments across its meetings, oldest first.
 * @param {{ room: string, token: string, fetch?: FetchLike }} options
 * @returns {Promise<{ ok: true, commitments: import('./history.js').HistoryCommitment[] } | Refusal>}
 */
export async function fetchHistory({ room, token, fetch: fetchImpl = fetch }) {
  const result = await request(fetchImpl, circleUrl(room, '/commitments'), { headers: bearer(token) }, 'history');
  if (!result.ok) return result;
  try {
    const body = await result.response.json();
    return { ok: true, commitments: Array.isArray(body?.commitments) ? body.commitments : [] };
  } catch {
    return { ok: false, status: 500, code: null, sentence: refusalSentence('history', 500, null) };
  }
}

/**
 * Everything stored about me, as JSON or Markdown text, ready to save as a file.
 * @param {{ room: string, token: string, format: 'json' | 'markdown', fetch?: FetchLike }} options
 * @returns {Promise<{ ok: true, text: string, type: string } | Refusal>}
 */
export async function fetchMyData({ room, token, format, fetch: fetchImpl = fetch }) {
  const url = circleUrl(room, format === 'markdown' ? '/me?format=markdown' : '/me');
  const result = await request(fetchImpl, url, { headers: bearer(token) }, 'export');
  if (!result.ok) return result;
  const raw = await result.response.text();
  if (format === 'markdown') return { ok: true, text: raw, type: 'text/markdown;charset=utf-8' };
  // Pretty-printed, so the file is readable as it is.
  let text = raw;
  try {
    text = `${JSON.stringify(JSON.parse(raw), null, 2)}\n`;
  } catch {
    // keep the server's bytes
  }
  return { ok: true, text, type: 'application/json;charset=utf-8' };
}

/**
 * Erases my seat and everything stored about me in this circle (204).
 * @param {{ room: string, token: string, fetch?: FetchLike }} options
 * @returns {Promise<{ ok: true } | Refusal>}
 */
export async function eraseMyData({ room, token, fetch: fetchImpl = fetch }) {
  const result = await request(fetchImpl, circleUrl(room, '/me'), { method: 'DELETE', headers: bearer(token) }, 'erase');
  return result.ok ? { ok: true } : result;
}

/**
 * Deletes the whole circle (204), with the facilitator secret.
 * @param {{ room: string, secret: string, fetch?: FetchLike }} options
 * @returns {Promise<{ ok: true } | Refusal>}
 */
export async function deleteCircle({ room, secret, fetch: fetchImpl = fetch }) {
  const result = await request(fetchImpl, circleUrl(room), { method: 'DELETE', headers: bearer(secret) }, 'delete');
  return result.ok ? { ok: true } : result;
}

/**
 * A file name for my data: "hotseat-my-data-north-circle-2031-05-20.md".
 * @param {string} circleName
 * @param {string} date YYYY-MM-DD
 * @param {'json' | 'markdown'} format
 */
export function myDataFileName(circleName, date, format) {
  return `hotseat-my-data-${fileSlug(circleName)}-${date}.${format === 'markdown' ? 'md' : 'json'}`;
}
