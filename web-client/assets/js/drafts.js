// @ts-check
/**
 * Half-typed words survive a reload: each field's draft is kept per room and seat in this
 * tab's sessionStorage only (gone when the tab closes, never sent anywhere), and cleared once
 * the words are sent.
 */

const PREFIX = 'hotseat:v1:draft:';

/** @returns {Storage | null} */
function store() {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/**
 * @param {() => string | null} scope the room and seat ("room:seat"), null before a seat
 */
export function createDrafts(scope) {
  /** @type {{ field: string, input: HTMLInputElement | HTMLTextAreaElement }[]} */
  const bound = [];
  /** @param {string} field */
  const key = (field) => {
    const s = scope();
    return s ? `${PREFIX}${s}:${field}` : null;
  };
  return {
    /**
     * Keeps what is typed in `input` as the draft of `field`.
     * @param {HTMLInputElement | HTMLTextAreaElement} input
     * @param {string} field
     */
    bind(input, field) {
      bound.push({ field, input });
      input.addEventListener('input', () => {
        const k = key(field);
        if (!k) return;
        try {
          if (input.value) store()?.setItem(k, input.value);
          else store()?.removeItem(k);
        } catch {
          // storage full or blocked: the words are still in the field
        }
      });
    },
    /** Puts kept drafts back into empty fields (after a reload, once the seat is known). */
    restore() {
      for (const { field, input } of bound) {
        const k = key(field);
        if (!k || input.value) continue;
        try {
          const draft = store()?.getItem(k);
          if (draft) input.value = draft;
        } catch {
          // blocked: nothing was kept
        }
      }
    },
    /** @param {string} field the words were sent: the draft goes */
    clear(field) {
      const k = key(field);
      try {
        if (k) store()?.removeItem(k);
      } catch {
        // blocked: nothing was kept
      }
    },
  };
}
