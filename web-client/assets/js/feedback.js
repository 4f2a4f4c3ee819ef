// @ts-check
/**
 * What happened to the things I asked for: each `act` carries a `req`, remembered with the
 * place on screen it came from (its "origin"). An `error` is shown there as a plain sentence;
 * an error with no known origin becomes a toast. Nothing fails silently. A sentence shown is
 * about the room as it was: once the room's situation has changed, it goes (`settle`).
 */

import { h } from './dom.js';

/**
 * @param {HTMLElement} toastBox
 * @param {() => void} onChange called when an origin becomes busy or free (to redraw)
 * @param {() => string} [situation] what the room's situation is now (see `situationKey`)
 */
export function createFeedback(toastBox, onChange, situation = () => '') {
  /** @type {Map<string, { slot: HTMLElement, onAck?: () => void, sentences?: Record<string, string>, shownFor?: string | null }>} */
  const origins = new Map();
  /** @type {Map<number, string>} */
  const pending = new Map();

  /** @param {string} origin */
  function clear(origin) {
    const entry = origins.get(origin);
    if (entry) {
      entry.slot.textContent = '';
      entry.slot.hidden = true;
      entry.shownFor = null;
    }
  }

  /**
   * @param {string} text
   * @param {'error' | 'info'} [kind]
   */
  function toast(text, kind = 'error') {
    const close = h('button', { type: 'button', class: 'btn btn-quiet btn-small', 'aria-label': 'Dismiss', text: '×' });
    const item = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status', testid: 'toast' },
      h('p', { text }), close);
    close.addEventListener('click', () => item.remove());
    toastBox.appendChild(item);
    while (toastBox.children.length > 3) toastBox.firstElementChild?.remove();
    setTimeout(() => item.remove(), kind === 'error' ? 10_000 : 5_000);
  }

  return {
    /**
     * @param {string} origin
     * @param {HTMLElement} slot where its errors are shown
     * @param {() => void} [onAck] called when a request from it is accepted
     * @param {Record<string, string>} [sentences] this place's own words for some error codes
     */
    register(origin, slot, onAck, sentences) {
      origins.set(origin, { slot, onAck, sentences });
    },
    /**
     * @param {number} req
     * @param {string} origin
     */
    sent(req, origin) {
      pending.set(req, origin);
      clear(origin);
      onChange();
    },
    /** @param {number} req */
    ack(req) {
      const origin = pending.get(req);
      pending.delete(req);
      if (origin) {
        clear(origin);
        origins.get(origin)?.onAck?.();
      }
      onChange();
    },
    /**
     * @param {number | null | undefined} req
     * @param {string} sentence
     * @param {string} [code] the error code, for a place that words some codes its own way
     */
    error(req, sentence, code) {
      const origin = req != null ? pending.get(req) : undefined;
      if (req != null) pending.delete(req);
      const entry = origin ? origins.get(origin) : undefined;
      if (entry && entry.slot.isConnected && !entry.slot.parentElement?.closest('[hidden]')) {
        entry.slot.textContent = (code && entry.sentences?.[code]) || sentence;
        entry.slot.hidden = false;
        entry.shownFor = situation();
      } else {
        toast(sentence);
      }
      onChange();
    },
    /**
     * Shows a sentence at an origin without a request (e.g. "you are offline").
     * @param {string} origin
     * @param {string} sentence
     */
    say(origin, sentence) {
      const entry = origins.get(origin);
      if (entry) {
        entry.slot.textContent = sentence;
        entry.slot.hidden = false;
        entry.shownFor = situation();
      } else {
        toast(sentence);
      }
    },
    clear,
    /** Takes away the sentences about a situation the room has since left. */
    settle() {
      const now = situation();
      for (const [origin, entry] of origins) {
        if (entry.shownFor != null && entry.shownFor !== now) clear(origin);
      }
    },
    toast,
    /** @param {string} origin */
    isBusy(origin) {
      for (const o of pending.values()) if (o === origin) return true;
      return false;
    },
    /** A new connection: answers to old requests will never come. */
    reset() {
      pending.clear();
      onChange();
    },
  };
}
