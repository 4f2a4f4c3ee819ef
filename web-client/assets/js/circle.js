// @ts-check
/**
 * The circle beyond one meeting, drawn for everyone: when it meets next (and, for the
 * facilitator, the form to set it), the commitment history across meetings, and "your data"
 * (download it, or erase it). Each part is built once and updated in place, so what someone
 * is typing survives every update. Every user string goes through text nodes (see dom.js).
 */

import { h, replaceChildren, setText, show } from './dom.js';
import { scheduleView, scheduleCommand, scheduleUnchanged, msToLocalInput, localTimeZoneName } from './schedule.js';
import { historyView } from './history.js';

/** @typedef {import('./render.js').ReadyView} ReadyView */
/** @typedef {ReturnType<typeof import('./feedback.js').createFeedback>} Feedback */

// ---------------------------------------------------------------------------------------
// When do we meet next?

/**
 * @param {HTMLElement} card an empty `<section>`
 * @param {{ room: string,
 *           send: (command: { type: string, [k: string]: unknown }, origin: string) => void,
 *           feedback: Feedback,
 *           serverNow: () => number }} deps
 */
export function createScheduleCard(card, deps) {
  const { room, send, feedback } = deps;
  const title = h('h2', { id: 'schedule-title', text: 'Next meeting' });
  const when = h('p', { class: 'schedule-when', testid: 'next-meeting-date' });
  const zone = h('p', { class: 'hint', testid: 'next-meeting-zone' });
  const ends = h('p', { class: 'schedule-ends', testid: 'round-ends' });
  const empty = h('p', { class: 'muted', testid: 'schedule-empty' });
  const calendar = h('a', {
    class: 'btn btn-secondary', testid: 'add-to-calendar', download: 'next-meeting.ics', text: 'Add to calendar',
  });

  // The facilitator's form.
  const nextInput = h('input', {
    id: 'schedule-next', type: 'datetime-local', testid: 'schedule-next', 'aria-describedby': 'schedule-next-hint',
  });
  const endsInput = h('input', {
    id: 'schedule-round-end', type: 'date', min: '2000-01-01', testid: 'schedule-round-end', 'aria-describedby': 'schedule-round-end-hint',
  });
  const nextHint = h('p', { id: 'schedule-next-hint', class: 'hint' });
  const errorSlot = h('p', { class: 'field-error', role: 'alert', testid: 'schedule-error', hidden: true });
  const save = h('button', { type: 'submit', class: 'btn btn-primary', testid: 'schedule-save', text: 'Save the dates' });
  const form = h('form', { class: 'schedule-form', testid: 'schedule-form', novalidate: true },
    h('div', { class: 'field' },
      h('label', { for: 'schedule-next', text: 'Next meeting: date and time' }),
      nextInput,
      nextHint),
    h('div', { class: 'field' },
      h('label', { for: 'schedule-round-end', text: 'This round ends on (optional)' }),
      endsInput,
      h('p', { id: 'schedule-round-end-hint', class: 'hint', text: 'The last day of the circle’s current round. Leave a field empty to clear it.' })),
    h('div', { class: 'row' }, save),
    errorSlot);
  const editSummary = h('summary', { class: 'schedule-edit-summary', testid: 'schedule-edit-toggle', text: 'Set the dates' });
  const edit = h('details', { class: 'schedule-edit', testid: 'schedule-edit' }, editSummary, form);
  feedback.register('schedule', errorSlot, () => {
    // Saved: the form shows the server's dates again (as the server keeps them).
    dirty = false;
    shownKey = '';
    if (last) update(last);
  }, {
    invalid_date: 'The next meeting has to be in the future, and the round’s end a real date.',
    already_done: 'Nothing to save: those are the dates already.',
  });

  replaceChildren(card, title, when, zone, ends, empty, h('div', { class: 'row row-calendar' }, calendar), edit);

  /** @type {ReadyView | null} */
  let last = null;
  /** The form holds the person's own edits, not the server's values. */
  let dirty = false;
  let shownKey = '';
  let lastPhase = '';

  for (const input of [nextInput, endsInput]) {
    input.addEventListener('input', () => {
      dirty = true;
      input.removeAttribute('aria-invalid');
    });
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!last) return;
    nextInput.removeAttribute('aria-invalid');
    endsInput.removeAttribute('aria-invalid');
    const values = { next: nextInput.value, roundEnds: endsInput.value };
    if (scheduleUnchanged(values, last.schedule)) {
      feedback.say('schedule', 'Nothing to save: those are the dates already.');
      return;
    }
    const built = scheduleCommand({ ...values, now: deps.serverNow() });
    if (!built.ok) {
      const input = built.field === 'next' ? nextInput : endsInput;
      input.setAttribute('aria-invalid', 'true');
      feedback.say('schedule', built.message);
      input.focus();
      return;
    }
    send(built.command, 'schedule');
  });

  /** @param {ReadyView} vm */
  function update(vm) {
    last = vm;
    const view = scheduleView(vm.schedule, { room, now: deps.serverNow() });
    const closing = vm.phase === 'closing' || vm.phase === 'ended';
    setText(title, closing ? 'When do we meet next?' : 'Next meeting');
    card.classList.toggle('is-prominent', closing);

    show(when, Boolean(view.next));
    setText(when, view.next ? `${view.next.text}${view.next.past ? ' (this date has passed)' : ''}` : '');
    const tz = localTimeZoneName();
    show(zone, Boolean(view.next));
    setText(zone, tz ? `In your local time (${tz.replace(/_/g, ' ')}).` : 'In your local time.');
    show(ends, Boolean(view.roundEnds));
    setText(ends, view.roundEnds ? `This round ends on ${view.roundEnds.text}.` : '');
    show(empty, !view.next);
    setText(empty, view.next ? ''
      : vm.isFacilitator
        ? 'No date for the next meeting yet. Agree it with the circle, then set it here.'
        : 'No date for the next meeting yet. The facilitator sets it, usually at the close of the meeting.');
    show(/** @type {HTMLElement} */ (calendar.parentElement), Boolean(view.calendarUrl));
    if (view.calendarUrl && calendar.getAttribute('href') !== view.calendarUrl) calendar.setAttribute('href', view.calendarUrl);

    // The facilitator's form: open when the date is the subject (closing, the end), or unset.
    show(edit, vm.isFacilitator);
    if (!vm.isFacilitator) {
      lastPhase = vm.phase;
      return;
    }
    if (vm.phase !== lastPhase) {
      if (closing || (!view.set && vm.phase === 'lobby')) edit.open = true;
      else if (lastPhase === 'closing' || lastPhase === 'ended') edit.open = false;
      lastPhase = vm.phase;
    }
    setText(editSummary, view.set ? 'Change the dates' : 'Set the dates');
    const key = `${vm.schedule.next_meeting_at}|${vm.schedule.round_ends_on}`;
    if (key !== shownKey && !dirty) {
      shownKey = key;
      nextInput.value = view.next ? view.next.input : '';
      endsInput.value = vm.schedule.round_ends_on ?? '';
    } else if (key !== shownKey && dirty) {
      // Someone else changed the dates while this form was being edited: keep the edit,
      // and show the new dates above it.
      shownKey = key;
    }
    nextInput.min = msToLocalInput(deps.serverNow());
    setText(nextHint, tz
      ? `In your local time (${tz.replace(/_/g, ' ')}); everyone sees it in their own.`
      : 'In your local time; everyone sees it in their own.');
    save.disabled = feedback.isBusy('schedule');
  }

  return { update, element: card };
}

// ---------------------------------------------------------------------------------------
// Commitment history

/**
 * @param {HTMLElement} card an empty `<section>`
 * @param {{ load: () => Promise<{ ok: true, commitments: import('./history.js').HistoryCommitment[] }
 *                              | { ok: false, sentence: string }>,
 *           me: () => number | null }} deps
 */
export function createHistoryPanel(card, deps) {
  const summary = h('summary', { id: 'history-title', class: 'card-heading', testid: 'history-toggle', text: 'Commitment history' });
  const intro = h('p', { class: 'hint', text: 'Every commitment made in this circle, meeting by meeting, with its latest report-back.' });
  const status = h('p', { class: 'muted', testid: 'history-status', role: 'status' });
  const body = h('div', { testid: 'history-body' });
  const refresh = h('button', { type: 'button', class: 'btn btn-quiet btn-small', testid: 'history-refresh', text: 'Refresh', 'aria-label': 'Refresh the commitment history' });
  const details = h('details', { class: 'history', testid: 'history' }, summary, intro, status, body, h('div', { class: 'row' }, refresh));
  replaceChildren(card, details);

  let loading = false;
  let again = false;
  /** @type {ReturnType<typeof setTimeout> | null} */
  let soon = null;

  async function load() {
    if (loading) {
      again = true;
      return;
    }
    loading = true;
    card.setAttribute('aria-busy', 'true');
    if (!body.hasChildNodes()) setText(status, 'Loading…');
    refresh.disabled = true;
    const result = await deps.load();
    loading = false;
    refresh.disabled = false;
    card.setAttribute('aria-busy', 'false');
    if (!result.ok) {
      setText(status, result.sentence);
      status.classList.add('field-error');
    } else {
      status.classList.remove('field-error');
      draw(historyView(result.commitments, { me: deps.me() }));
    }
    if (again) {
      again = false;
      void load();
    }
  }

  /** @param {ReturnType<typeof historyView>} view */
  function draw(view) {
    setText(status, view.summary);
    replaceChildren(body, view.meetings.map((m) => h('section', { class: 'history-meeting', testid: 'history-meeting', 'data-meeting': String(m.number) },
      h('h3', { class: 'subheading', text: m.title }),
      h('ul', { class: 'commitment-list' }, m.items.map((c) => h('li', {
        class: `history-item is-${c.status}`, testid: 'history-item', 'data-id': String(c.id), 'data-status': c.status,
      },
      h('span', { class: `commitment-who${c.ownerKnown ? '' : ' is-former'}`, testid: 'history-owner' },
        c.owner, c.isMine ? h('span', { class: 'you', text: ' (you)' }) : null),
      h('span', { class: 'commitment-text', testid: 'history-text', text: c.text }),
      h('span', { class: 'history-meta' },
        h('span', { class: `tag tag-report-${c.status}`, testid: 'history-status-tag', text: c.statusLabel }),
        h('span', { class: 'commitment-due', text: c.reportedLabel ? `${c.dueLabel} · ${c.reportedLabel}` : c.dueLabel }))))))));
  }

  details.addEventListener('toggle', () => {
    if (details.open) void load();
  });
  refresh.addEventListener('click', () => void load());

  return {
    /**
     * Something the history shows may have changed (a commitment, a report, a new meeting):
     * reload it if the panel is open.
     */
    changed() {
      if (!details.open) return;
      if (soon) clearTimeout(soon);
      soon = setTimeout(() => {
        soon = null;
        void load();
      }, 400);
    },
  };
}

// ---------------------------------------------------------------------------------------
// Your data

/**
 * @param {HTMLElement} card an empty `<section>`
 * @param {{ download: (format: 'json' | 'markdown') => Promise<{ ok: true } | { ok: false, sentence: string }>,
 *           erase: () => Promise<{ ok: true } | { ok: false, sentence: string }> }} deps
 */
export function createMyDataPanel(card, deps) {
  const summary = h('summary', { id: 'my-data-title', class: 'card-heading', testid: 'my-data-toggle', text: 'Your data' });
  const errorSlot = h('p', { class: 'field-error', role: 'alert', testid: 'my-data-error', hidden: true });
  const done = h('p', { class: 'notice', role: 'status', testid: 'my-data-done', hidden: true });
  const json = h('button', { type: 'button', class: 'btn btn-secondary', testid: 'download-my-data-json', text: 'Download my data (.json)' });
  const md = h('button', { type: 'button', class: 'btn btn-secondary', testid: 'download-my-data-md', text: 'Download (.md)' });
  md.setAttribute('aria-label', 'Download (.md): my data as Markdown');
  const eraseButton = h('button', { type: 'button', class: 'btn btn-danger-quiet', testid: 'erase-my-data', text: 'Erase my data…' });
  const facilitatorNote = h('p', {
    class: 'hint', testid: 'erase-facilitator-note',
    text: 'You are the facilitator, so your data cannot be erased yet: hand the facilitator role to someone else first (under “People and voice”, “Make facilitator…”).',
  });
  const confirmYes = h('button', { type: 'button', class: 'btn btn-danger', testid: 'erase-confirm', text: 'Erase my data now' });
  const confirmNo = h('button', { type: 'button', class: 'btn btn-secondary', testid: 'erase-cancel', text: 'Cancel' });
  const confirm = h('div', { class: 'confirm', role: 'group', 'aria-labelledby': 'erase-confirm-text', testid: 'erase-confirm-box', hidden: true },
    h('p', { id: 'erase-confirm-text', text: 'Erase your data from this circle?' }),
    h('ul', { class: 'confirm-list' },
      h('li', { text: 'Your seat, your name in the attendance lists, your commitments and your report-backs are erased for good, from this meeting too.' }),
      h('li', { text: 'You leave the room now, and the others no longer see you.' }),
      h('li', { text: 'This cannot be undone. Download your data first if you want a copy.' })),
    h('div', { class: 'row' }, confirmYes, confirmNo));
  const details = h('details', { class: 'my-data', testid: 'my-data' },
    summary,
    h('p', { class: 'hint', text: 'Everything this circle stores about you: your name and role, your commitments with their report-backs, and the meetings you attended.' }),
    h('p', { class: 'hint', testid: 'drafts-note', text: 'What you have typed but not sent yet is kept only in this browser tab, so a reload does not lose it; it goes once sent, or when you close the tab.' }),
    h('div', { class: 'row' }, json, md),
    h('h3', { class: 'subheading', text: 'Erase my data' }),
    facilitatorNote,
    h('div', { class: 'row' }, eraseButton),
    confirm,
    done,
    errorSlot);
  replaceChildren(card, details);

  let busy = false;
  /** @param {boolean} on */
  function setBusy(on) {
    busy = on;
    for (const b of [json, md, eraseButton, confirmYes]) b.disabled = on;
    details.setAttribute('aria-busy', String(on));
  }

  /** @param {string | null} text */
  function error(text) {
    setText(errorSlot, text ?? '');
    show(errorSlot, Boolean(text));
  }

  /** @param {'json' | 'markdown'} format */
  async function download(format) {
    if (busy) return;
    error(null);
    show(done, false);
    setBusy(true);
    const result = await deps.download(format);
    setBusy(false);
    if (!result.ok) error(result.sentence);
    else {
      setText(done, format === 'markdown' ? 'Your data was downloaded as a Markdown file.' : 'Your data was downloaded as a JSON file.');
      show(done, true);
    }
  }
  json.addEventListener('click', () => void download('json'));
  md.addEventListener('click', () => void download('markdown'));

  eraseButton.addEventListener('click', () => {
    error(null);
    show(confirm, true);
    show(/** @type {HTMLElement} */ (eraseButton.parentElement), false);
    confirmNo.focus();
  });
  confirm.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !confirmNo.disabled) {
      event.preventDefault();
      confirmNo.click();
    }
  });
    confirmNo.addEventListener('click', () => {
    show(confirm, false);
    show(/** @type {HTMLElement} */ (eraseButton.parentElement), true);
    eraseButton.focus();
  });
  confirmYes.addEventListener('click', async () => {
    if (busy) return;
    error(null);
    setBusy(true);
    const result = await deps.erase();
    setBusy(false);
    if (!result.ok) {
      error(result.sentence);
      show(confirm, false);
      show(/** @type {HTMLElement} */ (eraseButton.parentElement), true);
    }
    // On success the room page leaves for the "erased" message.
  });

  return {
    /** @param {ReadyView} vm */
    update(vm) {
      show(facilitatorNote, vm.isFacilitator);
      show(/** @type {HTMLElement} */ (eraseButton.parentElement), !vm.isFacilitator && confirm.hidden);
      if (vm.isFacilitator) show(confirm, false);
    },
  };
}
