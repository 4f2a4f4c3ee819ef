// @ts-check
/**
 * What the browser remembers, in localStorage: per room the seat token, the name and the
 * facilitator secret; and the sound preference. Storage can be unavailable (private mode,
 * blocked): then everything still works for this visit.
 */

const PREFIX = 'hotseat:v1:';

/** @typedef {{ seatToken?: string, name?: string, facilitatorSecret?: string }} RoomMemory */

/** @returns {Storage | null} */
function store() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/**
 * @param {string} room
 * @returns {RoomMemory}
 */
export function loadRoom(room) {
  try {
    const raw = store()?.getItem(`${PREFIX}room:${room}`);
    const parsed = raw ? JSON.parse(raw) : {};
    return parsed && typeof parsed === 'object' ? parsed : {};
  } catch {
    return {};
  }
}

/**
 * Merges fields into what is remembered for a room (undefined fields are removed).
 * @param {string} room
 * @param {RoomMemory} fields
 */
export function saveRoom(room, fields) {
  const next = { ...loadRoom(room), ...fields };
  for (const [k, v] of Object.entries(next)) {
    if (v == null || v === '') delete next[/** @type {keyof RoomMemory} */ (k)];
  }
  try {
    store()?.setItem(`${PREFIX}room:${room}`, JSON.stringify(next));
  } catch {
    // storage full or blocked: this visit still works
  }
}

/**
 * @param {string} room
 * @param {(keyof RoomMemory)[]} fields
 */
export function forgetRoom(room, fields) {
  /** @type {RoomMemory} */
  const cleared = {};
  for (const f of fields) cleared[f] = undefined;
  saveRoom(room, cleared);
}

/**
 * Forgets everything remembered for a room (its circle was deleted, or my data erased).
 * @param {string} room
 */
export function forgetRoomEntirely(room) {
  try {
    store()?.removeItem(`${PREFIX}room:${room}`);
  } catch {
    // blocked: nothing was stored either
  }
}

export function soundEnabled() {
  try {
    return store()?.getItem(`${PREFIX}sound`) === 'on';
  } catch {
    return false;
  }
}

/** @param {boolean} on */
export function setSoundEnabled(on) {
  try {
    store()?.setItem(`${PREFIX}sound`, on ? 'on' : 'off');
  } catch {
    // ignore
  }
}
