// @ts-check
/**
 * The wire protocol as the browser speaks it: message builders, the plain sentences for every
 * error code and goodbye reason, and the words used for phases and turns.
 * The Rust types in protocol/src/ are the truth; test/protocol.test.mjs keeps this table in
 * step with protocol/src/error.rs.
 */

/** The protocol version named in `hello`. */
export const PROTOCOL_VERSION = 1;

/** Input limits (protocol/src/limits.rs). */
export const LIMITS = Object.freeze({
  nameMax: 40,
  textMax: 500,
  commitmentMax: 300,
  normMax: 200,
  normsMax: 12,
  circleNameMax: 80,
  membersMax: 6,
  extendMaxSecs: 30 * 60,
  timeBoxMinSecs: 10,
  timeBoxMaxSecs: 2 * 60 * 60,
});

/**
 * @typedef {{ protocol: number, name?: string, seat_token?: string, facilitator_secret?: string }} HelloFields
 * @typedef {{ type: string, [key: string]: unknown }} Command
 */

/**
 * The first message on a connection. Presents the facilitator secret if there is one, else
 * the seat token (with the name as a fallback, so the server joins anew if the seat is gone),
 * else the name.
 * @param {{ name?: string | null, seatToken?: string | null, facilitatorSecret?: string | null }} who
 */
export function helloMessage(who) {
  /** @type {HelloFields & { type: 'hello' }} */
  const msg = { type: 'hello', protocol: PROTOCOL_VERSION };
  if (who.facilitatorSecret) {
    msg.facilitator_secret = who.facilitatorSecret;
    return msg;
  }
  if (who.seatToken) msg.seat_token = who.seatToken;
  if (who.name) msg.name = who.name;
  return msg;
}

/**
 * The commands the server judges on what their sender saw (protocol.md, `act`, `seen`): they
 * move the meeting's step, floor or clock, so a click the meeting has overtaken is refused
 * (`stale`) instead of moving it a second step.
 */
export const SEEN_COMMANDS = new Set([
  'advance', 'back', 'skip', 'skip_hot_seat', 'give_floor', 'end_meeting', 'extend', 'pause', 'resume',
]);

/**
 * What a screen drawing `snapshot` shows, as `seen` names it: the step and the floor holder.
 * @param {{ phase: string, hot_seat: { index: number } | null, floor: { seat: number } | null }} snapshot
 */
export function seenOf(snapshot) {
  return {
    phase: snapshot.phase,
    hot_seat: snapshot.hot_seat ? snapshot.hot_seat.index : null,
    floor: snapshot.floor ? snapshot.floor.seat : null,
  };
}

/**
 * @param {Command} command
 * @param {number} req
 * @param {Parameters<typeof seenOf>[0] | null} [shown] the snapshot on screen when the person
 *   clicked: a meeting-moving command carries what it showed
 */
export function actMessage(command, req, shown) {
  if (shown && SEEN_COMMANDS.has(command.type)) {
    return { type: 'act', req, command, seen: seenOf(shown) };
  }
  return { type: 'act', req, command };
}

/**
 * @param {string} text
 * @param {number} req
 */
export function checkQuestionMessage(text, req) {
  return { type: 'check_question', req, text };
}

export function syncMessage() {
  return { type: 'sync' };
}

/**
 * A plain sentence for every error code the server can send (protocol/src/error.rs).
 * @type {Readonly<Record<string, string>>}
 */
export const ERROR_SENTENCES = Object.freeze({
  malformed_json: 'The app sent something the server could not read. Please reload the page.',
  unknown_message_type: 'The app and the server do not understand each other. Please reload the page.',
  invalid_message: 'The app sent a message the server could not accept. Please reload the page.',
  binary_not_supported: 'The app sent data the server does not accept. Please reload the page.',
  unsupported_protocol: 'This app is out of date: please reload the page.',
  rate_limited: 'Too many actions at once: please slow down a little.',
  not_joined: 'You are not in the room yet. Please wait a moment or reload the page.',
  already_joined: 'You are already in this room.',
  unknown_room: 'This room does not exist. Check the link you were given.',
  invalid_token: 'Your seat is no longer held. Join again with your name.',
  forbidden: 'This link does not open the facilitator’s seat. Check the link.',
  room_full: 'The circle is full: it already has six members.',
  room_locked: 'The facilitator has locked the room to new members.',
  invalid_name: 'Please choose a name of 1 to 40 characters, with no invisible or direction-changing characters.',
  name_taken: 'Someone in the room already uses that name. Please choose another.',
  not_facilitator: 'Only the facilitator can do that.',
  not_your_turn: 'It is not your turn yet.',
  wrong_phase: 'That does not fit this part of the meeting.',
  commitment_required: 'The presenter needs to commit to an action (or choose insight only) first.',
  norms_not_acknowledged: 'Please acknowledge the circle’s norms first.',
  norms_pending: 'Not everyone here has acknowledged the norms yet.',
  unknown_seat: 'That person is no longer in this room.',
  not_eligible: 'That person cannot take this turn.',
  invalid_text: 'The text is empty or too long.',
  invalid_date: 'Please give a real date (year-month-day).',
  invalid_agenda: 'The agenda can list each member once, and not the presenter.',
  invalid_duration: 'That amount of time is out of range.',
  cannot_go_back: 'There is no earlier step to go back to.',
  no_floor: 'Nobody has the floor right now.',
  unknown_commitment: 'That commitment is not open for you.',
  meeting_ended: 'The meeting has ended.',
  already_done: 'That is already the case.',
  stale: 'The meeting had already moved on; nothing was changed.',
  server_busy: 'The server is busy with other circles right now: it will try again in a moment.',
  missing_credential: 'Your seat could not be found in this browser. Please open your room link again.',
  key_reused: 'That commitment was already saved with different words. Please reload the page to see it.',
  internal: 'Something went wrong on the server. Nothing was changed; please try again.',
});

/**
 * Codes whose server message adds a useful, content-free detail (the rules engine's reason,
 * e.g. "that member is away"). Parse errors carry serde's wording, which is not for people.
 */
const DETAILED_CODES = new Set([
  'not_your_turn', 'wrong_phase', 'not_eligible', 'invalid_text', 'invalid_agenda', 'already_done',
]);

/**
 * The sentence to show a person for an error: never raw JSON, never silent.
 * @param {string} code
 * @param {string | null | undefined} [serverMessage]
 */
export function errorSentence(code, serverMessage) {
  const known = ERROR_SENTENCES[code];
  if (!known) {
    return 'Something went wrong. Please try again.';
  }
  if (serverMessage && DETAILED_CODES.has(code)) {
    const detail = sentenceCase(serverMessage);
    if (detail && detail.toLowerCase() !== known.toLowerCase()) {
      return `${known} ${detail}`;
    }
  }
  return known;
}

/**
 * "someone else has the floor" -> "Someone else has the floor."
 * @param {string} text
 */
export function sentenceCase(text) {
  const t = text.trim();
  if (!t) return '';
  const first = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

/**
 * Why the server closed the connection (`goodbye.reason`), in plain words, and what the
 * client does next.
 * @type {Readonly<Record<string, { sentence: string, reconnect: 'auto' | 'ask' | 'never' }>>}
 */
export const GOODBYE = Object.freeze({
  server_restarting: { sentence: 'The server is restarting. Reconnecting in a moment…', reconnect: 'auto' },
  removed: { sentence: 'The facilitator removed you from this room.', reconnect: 'never' },
  replaced_by_new_connection: {
    sentence: 'This room is open in another tab or window, so this one has stopped.',
    reconnect: 'ask',
  },
  too_slow: { sentence: 'Your connection could not keep up. Reconnecting…', reconnect: 'auto' },
  rate_limited: { sentence: 'Too many actions were sent too fast. Reconnecting after a pause…', reconnect: 'auto' },
  erased: { sentence: 'Your data in this circle was erased, as you asked. Your seat no longer exists.', reconnect: 'never' },
  circle_deleted: { sentence: 'The facilitator deleted this circle. The room is closed.', reconnect: 'never' },
});

/** @param {string} reason */
export function goodbyeInfo(reason) {
  return GOODBYE[reason] ?? { sentence: 'The server closed the connection. Reconnecting…', reconnect: 'auto' };
}

/** The steps of a meeting, in order (protocol/src/phase.rs). */
export const PHASES = /** @type {const} */ ([
  'lobby', 'opening', 'check_in', 'presenting', 'questions', 'learnings', 'commitment', 'closing', 'ended',
]);

/** @type {Readonly<Record<string, string>>} */
export const PHASE_LABELS = Object.freeze({
  lobby: 'Lobby',
  opening: 'Opening and norms',
  check_in: 'Check-in',
  presenting: 'Presenting',
  questions: 'Question round',
  learnings: 'Learnings',
  commitment: 'Commitment',
  closing: 'Closing',
  ended: 'Ended',
});

/** The four steps of one hot seat. */
export const HOT_SEAT_STEPS = /** @type {const} */ (['presenting', 'questions', 'learnings', 'commitment']);

/** @param {string} phase */
export function isHotSeatPhase(phase) {
  return /** @type {readonly string[]} */ (HOT_SEAT_STEPS).includes(phase);
}

/** What someone else is doing with the floor. @type {Readonly<Record<string, string>>} */
export const TURN_DOING = Object.freeze({
  check_in: 'is checking in',
  presenting: 'is presenting',
  asking: 'is asking a question',
  answering: 'is answering',
  learning: 'is sharing a learning',
  committing: 'is making a commitment',
});

/** The cue when the floor comes to you. @type {Readonly<Record<string, string>>} */
export const YOUR_TURN = Object.freeze({
  check_in: 'Your turn to check in',
  presenting: 'You are in the hot seat: describe your challenge',
  asking: 'Your turn to ask a question',
  answering: 'Your turn to answer the question (or note it)',
  learning: 'Your turn to share what you learned',
  committing: 'Your turn to commit to an action',
});

/** @type {Readonly<Record<string, string>>} */
export const REPORT_LABELS = Object.freeze({ done: 'Done', partly: 'Partly', not_done: 'Not done' });

/** @type {Readonly<Record<string, string>>} */
export const OUTCOME_LABELS = Object.freeze({
  committed: 'committed',
  insight_only: 'insight only',
  skipped: 'skipped',
  unfinished: 'unfinished',
});

/** @type {Readonly<Record<string, string>>} */
export const KIND_LABELS = Object.freeze({ open: 'open', closed: 'closed', advice: 'advice' });

