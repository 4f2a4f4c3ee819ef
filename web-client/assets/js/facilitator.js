// @ts-check
/**
 * The facilitator's panel: move the meeting on (and back), keep time, hand out the floor,
 * set the hot-seat agenda, look after the people (voice stats, remove, hand over), watch the
 * question mix, lock the room and end the meeting. Destructive steps ask for a confirmation
 * inline (no browser dialogs).
 */

import { h, replaceChildren, setText, show, copyButton } from './dom.js';
import { invitationText } from './create.js';

/** @typedef {import('./render.js').ReadyView} ReadyView */
/** @typedef {NonNullable<ReadyView['facilitator']>} FacilitatorView */

const TURN_WORDS = /** @type {Record<string, string>} */ ({
  check_in: 'check in',
  presenting: 'present',
  asking: 'ask',
  answering: 'answer',
  learning: 'share a learning',
  committing: 'commit',
});

/**
 * @param {HTMLElement} container
 * @param {{ room: string,
 *           send: (command: { type: string, [k: string]: unknown }, origin: string) => void,
 *           feedback: ReturnType<typeof import('./feedback.js').createFeedback>,
 *           hasSecret: () => boolean,
 *           deleteCircle: () => Promise<{ ok: true } | { ok: false, sentence: string }> }} deps
 */
export function createFacilitatorPanel(container, deps) {
  const { send, feedback } = deps;
  /** @type {null | { kind: 'remove' | 'hand_over' | 'end', seat?: number }} */
  let confirming = null;
  /** @type {ReadyView | null} */
  let last = null;

  /**
   * @param {string} key
   * @param {string} title
   * @param {...import('./dom.js').Child} children
   */
  function section(key, title, ...children) {
    const slot = h('p', { class: 'field-error', role: 'alert', testid: 'action-error', hidden: true });
    const el = h('section', { class: 'card f-section', testid: key, 'aria-labelledby': `${key}-title` },
      h('h2', { id: `${key}-title`, text: title }), children, slot);
    feedback.register(key, slot);
    return el;
  }

  /**
   * @param {string} text
   * @param {string} testid
   * @param {() => void} onClick
   * @param {string} [kind]
   * @param {string} [key]
   */
  function button(text, testid, onClick, kind = 'btn-secondary', key) {
    return h('button', { type: 'button', class: `btn ${kind}`, testid, text, key, on: { click: onClick } });
  }

  // ---- flow --------------------------------------------------------------------------
  const next = button('Next', 'f-next', () => {
    const n = last?.facilitator?.next;
    if (!n) return;
    // Out of check-in while members have not had their turn: ask first (so one click, or a
    // double Enter on "Next: check-in", cannot skip every check-in).
    if ((last?.facilitator?.pendingCheckIn.length ?? 0) > 0) {
      show(checkInConfirm, true);
      checkInStay.focus();
      return;
    }
    send({ type: n.command }, 'f-flow');
  }, 'btn-primary btn-large');
  const checkInQuestion = h('p', { id: 'f-checkin-q', testid: 'f-checkin-pending' });
  const checkInGo = button('Move on anyway', 'f-checkin-go', () => {
    show(checkInConfirm, false);
    const n = last?.facilitator?.next;
    if (n) send({ type: n.command }, 'f-flow');
    next.focus();
  }, 'btn-primary');
  const checkInStay = button('Keep checking in', 'f-checkin-stay', () => {
    show(checkInConfirm, false);
    next.focus();
  });
  const checkInConfirm = h('div', { class: 'confirm confirm-calm', role: 'group', 'aria-labelledby': 'f-checkin-q', testid: 'f-checkin-confirm', hidden: true },
    checkInQuestion,
    h('div', { class: 'row' }, checkInGo, checkInStay));
  const back = button('Back one step', 'f-back', () => send({ type: 'back' }, 'f-flow'));
  const skip = button('Skip the speaker', 'f-skip', () => send({ type: 'skip' }, 'f-flow'));
  const skipHotSeat = button('Skip this hot seat', 'f-skip-hot-seat', () => send({ type: 'skip_hot_seat' }, 'f-flow'));
  const normsPending = h('p', { class: 'notice', testid: 'f-norms-pending', hidden: true });
  const timeUp = h('p', { class: 'notice notice-warn', testid: 'f-time-up', hidden: true,
    text: 'Time is up for this step. Extend it, or move on when the circle is ready.' });
  const roundComplete = h('p', { class: 'notice', testid: 'f-round-complete', hidden: true });
  const agendaEmpty = h('p', { class: 'notice notice-warn', testid: 'f-agenda-empty', hidden: true,
    text: 'No hot seats on the agenda yet: after the check-in the meeting would go straight to its closing. Ask who would like a hot seat (members can volunteer now), or add members under “Hot-seat agenda”.' });
  const flow = section('f-flow', 'Run the meeting',
    timeUp, normsPending, agendaEmpty, roundComplete,
    h('div', { class: 'row' }, next), checkInConfirm,
    h('div', { class: 'row' }, back, skip, skipHotSeat));

  // ---- inviting the members: the links page is gone once the room is open, so the
  // members' link and the invitation stay at hand here (also after a reload).
  const membersLink = `${location.origin}/r/${encodeURIComponent(deps.room)}`;
  const inviteUrl = h('input', {
    id: 'f-invite-url', type: 'text', readonly: true, testid: 'f-invite-url', 'aria-describedby': 'f-invite-hint',
  });
  inviteUrl.value = membersLink;
  const inviteText = h('textarea', { id: 'f-invite-text', rows: 3, readonly: true, testid: 'f-invite-text' });
  const invite = section('f-invite', 'Invite the members',
    h('p', { id: 'f-invite-hint', class: 'hint', text: 'Paste the members’ link or the invitation in the call’s chat. Anyone with it can join with their name.' }),
    h('div', { class: 'field' },
      h('label', { for: 'f-invite-url', text: 'Members’ link' }),
      h('div', { class: 'copy-row' }, inviteUrl, copyButton('Copy link', () => inviteUrl.value, 'f-copy-invite-url'))),
    h('div', { class: 'field' },
      h('label', { for: 'f-invite-text', text: 'Invitation for the chat' }),
      inviteText,
      h('div', { class: 'row' }, copyButton('Copy invitation', () => inviteText.value, 'f-copy-invitation'))));

  // ---- time --------------------------------------------------------------------------
  const pause = button('Pause', 'f-pause', () => send({ type: 'pause' }, 'f-time'));
  const resume = button('Resume', 'f-resume', () => send({ type: 'resume' }, 'f-time'));
  const time = section('f-time', 'Time',
    h('div', { class: 'row' },
      [1, 2, 5].map((m) => button(`+${m} min`, `f-extend-${m * 60}`, () => send({ type: 'extend', secs: m * 60 }, 'f-time'))),
      pause, resume));

  // ---- floor -------------------------------------------------------------------------
  const floorSelect = h('select', { id: 'f-floor-select', testid: 'f-floor-select' });
  const floor = section('f-floor', 'Give the floor',
    h('div', { class: 'field' },
      h('label', { for: 'f-floor-select', text: 'Member' }),
      h('div', { class: 'row row-tight' }, floorSelect,
        button('Give the floor', 'f-give-floor', () => {
          const seat = Number(floorSelect.value);
          if (Number.isFinite(seat) && floorSelect.value !== '') send({ type: 'give_floor', seat }, 'f-floor');
        }, 'btn-primary'))));

  // ---- agenda ------------------------------------------------------------------------
  const agendaList = h('ol', { class: 'edit-list', testid: 'f-agenda-list' });
  const addSelect = h('select', { id: 'f-agenda-add-select', testid: 'f-agenda-add-select' });
  const addRow = h('div', { class: 'field' },
    h('label', { for: 'f-agenda-add-select', text: 'Add to the agenda' }),
    h('div', { class: 'row row-tight' }, addSelect,
      button('Add', 'f-agenda-add', () => {
        const seat = Number(addSelect.value);
        const v = last?.facilitator;
        if (!v || addSelect.value === '') return;
        send({ type: 'set_agenda', seats: [...v.agenda.upcoming.map((u) => u.id), seat] }, 'f-agenda');
      })));
  const shuffle = button('Shuffle the order', 'f-shuffle', () => send({ type: 'shuffle_agenda' }, 'f-agenda'));
  const agenda = section('f-agenda', 'Hot-seat agenda',
    h('p', { class: 'hint', text: 'Who presents, in order. Not everyone needs a hot seat in every meeting.' }),
    agendaList, addRow, h('div', { class: 'row' }, shuffle));

  // ---- people and voice --------------------------------------------------------------
  const peopleList = h('ul', { class: 'f-people', testid: 'f-people-list' });
  const people = section('f-people', 'People and voice',
    h('p', { class: 'hint', text: 'Turns, passes and questions in this meeting. Make sure quiet members get their turn.' }),
    peopleList);

  // ---- question mix ------------------------------------------------------------------
  const mixBox = h('div', { testid: 'f-mix' });
  const mix = section('f-mix-section', 'Question mix', mixBox);

  // ---- room --------------------------------------------------------------------------
  const lock = button('Lock the room', 'f-lock', () => send({ type: 'lock', locked: !last?.facilitator?.locked }, 'f-room'));
  const endBox = h('div', { class: 'row' });
  const room = section('f-room', 'Room', h('div', { class: 'row' }, lock), endBox);

  // ---- the next meeting (after the end) ----------------------------------------------
  const startNext = button('Start the next meeting…', 'f-start-next', () => {
    show(startNextConfirm, true);
    show(startNextRow, false);
    startNextYes.focus();
  }, 'btn-primary btn-large');
  /** Once the next meeting has begun, focus goes to its first step (not lost with this section). */
  let focusAfterStart = false;
  const startNextYes = button('Start the next meeting now', 'f-start-next-confirm', () => {
    show(startNextConfirm, false);
    show(startNextRow, true);
    focusAfterStart = true;
    send({ type: 'start' }, 'f-next-meeting');
  }, 'btn-primary');
  const startNextNo = button('Cancel', 'f-start-next-cancel', () => {
    show(startNextConfirm, false);
    show(startNextRow, true);
    startNext.focus();
  });
  const startNextRow = h('div', { class: 'row' }, startNext);
  /**
   * Escape closes an open confirmation, as Cancel does.
   * @param {HTMLElement} box
   * @param {HTMLButtonElement} cancel
   */
  const escapeCancels = (box, cancel) => box.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !cancel.disabled) {
      event.preventDefault();
      cancel.click();
    }
  });
  const startNextConfirm = h('div', { class: 'confirm confirm-calm', role: 'group', 'aria-labelledby': 'f-start-next-q', hidden: true },
    h('p', { id: 'f-start-next-q', text: 'Start the circle’s next meeting now, for everyone in the room?' }),
    h('p', { class: 'hint', text: 'Everyone moves to its opening. This meeting’s summary closes; its commitments stay in the commitment history.' }),
    h('div', { class: 'row' }, startNextYes, startNextNo));
  escapeCancels(startNextConfirm, startNextNo);
  escapeCancels(checkInConfirm, checkInStay);
  const nextMeeting = section('f-next-meeting', 'The next meeting',
    h('p', { class: 'hint', text: 'When the circle meets again, open its next meeting here: the same members and norms, and its check-in lists the commitments still open.' }),
    startNextRow, startNextConfirm);

  // ---- the circle: delete it -----------------------------------------------------------
  const deleteOpen = button('Delete the circle…', 'f-delete-circle', () => {
    deleteInput.value = '';
    deleteYes.disabled = true;
    show(deleteConfirm, true);
    show(deleteRow, false);
    deleteInput.focus();
  }, 'btn-danger-quiet');
  const deleteRow = h('div', { class: 'row' }, deleteOpen);
  const deleteInput = h('input', {
    id: 'f-delete-input', type: 'text', autocomplete: 'off', spellcheck: 'false', testid: 'f-delete-input',
    'aria-describedby': 'f-delete-q',
  });
  const deleteYes = button('Delete the circle for everyone', 'f-delete-confirm', async () => {
    if (deleteInput.value.trim().toLowerCase() !== 'delete') {
      deleteInput.setAttribute('aria-invalid', 'true');
      deleteInput.focus();
      return;
    }
    deleteYes.disabled = true;
    deleteNo.disabled = true;
    feedback.clear('f-circle');
    const result = await deps.deleteCircle();
    deleteNo.disabled = false;
    if (!result.ok) {
      deleteYes.disabled = false;
      feedback.say('f-circle', result.sentence);
    }
    // On success every connection gets `goodbye` `circle_deleted`, and the page says so.
  }, 'btn-danger');
  deleteYes.disabled = true;
  const deleteNo = button('Cancel', 'f-delete-cancel', () => {
    show(deleteConfirm, false);
    show(deleteRow, true);
    feedback.clear('f-circle');
    deleteOpen.focus();
  });
  deleteInput.addEventListener('input', () => {
    deleteInput.removeAttribute('aria-invalid');
    deleteYes.disabled = deleteInput.value.trim().toLowerCase() !== 'delete';
  });
  deleteInput.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !deleteYes.disabled) deleteYes.click();
  });
  const deleteConfirm = h('div', { class: 'confirm', role: 'group', 'aria-labelledby': 'f-delete-q', testid: 'f-delete-box', hidden: true },
    h('p', { id: 'f-delete-q', text: 'Delete this circle for everyone, for good?' }),
    h('ul', { class: 'confirm-list' },
      h('li', { text: 'Every meeting, member, commitment and report-back of the circle is erased, and its dates.' }),
      h('li', { text: 'Everyone in the room is disconnected now, and the circle’s links stop working.' }),
      h('li', { text: 'This cannot be undone. Members can download their own data first (under “Your data”).' })),
    h('div', { class: 'field field-compact' },
      h('label', { for: 'f-delete-input', text: 'Type delete to confirm' }),
      deleteInput),
    h('div', { class: 'row' }, deleteYes, deleteNo));
  const noSecret = h('p', {
    class: 'hint', testid: 'f-delete-no-secret',
    text: 'Only the facilitator link (the one with #f=…) can delete the circle. Open it on this device to delete the circle here.',
  });
  escapeCancels(deleteConfirm, deleteNo);
  const circle = section('f-circle', 'The circle', noSecret, deleteRow, deleteConfirm);

  container.append(nextMeeting, flow, time, floor, agenda, people, invite, mix, room, circle);

  function redraw() {
    if (last) update(last);
  }

  /**
   * @param {number} seat
   * @param {string} name
   * @param {FacilitatorView['members'][number]} m
   */
  function personActions(seat, name, m) {
    if (confirming && confirming.seat === seat && confirming.kind === 'remove') {
      return h('div', { class: 'confirm', role: 'group', 'aria-label': `Remove ${name}?` },
        h('p', { text: `Remove ${name} from the room? Their words and commitments stay in the record.` }),
        h('div', { class: 'row' },
          button(`Remove ${name}`, 'f-remove-confirm', () => {
            confirming = null;
            send({ type: 'remove_member', seat }, 'f-people');
          }, 'btn-danger', `remove-confirm-${seat}`),
          button('Cancel', 'f-cancel', () => { confirming = null; redraw(); }, 'btn-secondary', `cancel-${seat}`)));
    }
    if (confirming && confirming.seat === seat && confirming.kind === 'hand_over') {
      return h('div', { class: 'confirm', role: 'group', 'aria-label': `Hand over to ${name}?` },
        h('p', { text: `Make ${name} the facilitator? You become a member of the circle.` }),
        h('div', { class: 'row' },
          button('Hand over', 'f-handover-confirm', () => {
            confirming = null;
            send({ type: 'hand_over', seat }, 'f-people');
          }, 'btn-primary', `handover-confirm-${seat}`),
          button('Cancel', 'f-cancel', () => { confirming = null; redraw(); }, 'btn-secondary', `cancel-${seat}`)));
    }
    return h('div', { class: 'row row-tight' },
      m.canHandOver
        ? button('Make facilitator…', 'f-handover', () => { confirming = { kind: 'hand_over', seat }; redraw(); focusKey(`handover-confirm-${seat}`); }, 'btn-quiet btn-small', `handover-${seat}`)
        : null,
      button('Remove…', 'f-remove', () => { confirming = { kind: 'remove', seat }; redraw(); focusKey(`remove-confirm-${seat}`); }, 'btn-quiet btn-small', `remove-${seat}`));
  }

  /** @param {string} key */
  function focusKey(key) {
    const el = /** @type {HTMLElement | null} */ (container.querySelector(`[data-key="${key}"]`));
    el?.focus();
  }

  /**
   * @param {ReadyView} vm
   */
  function update(vm) {
    last = vm;
    const f = vm.facilitator;
    show(container, Boolean(f));
    if (!f) return;

    // flow
    show(next, Boolean(f.next));
    if (f.next) setText(next, f.next.label);
    back.hidden = !f.canBack;
    skip.hidden = !f.canSkip;
    setText(skip, f.skipLabel);
    skipHotSeat.hidden = !f.canSkipHotSeat;
    const waiting = vm.phase === 'opening' && f.pendingNorms.length > 0;
    show(normsPending, waiting);
    setText(normsPending, waiting ? `Waiting for the norms to be acknowledged by: ${f.pendingNorms.join(', ')}.` : '');
    // The question stays true of the room: gone once everyone has checked in or the step moved.
    if (f.pendingCheckIn.length === 0) {
      if (!checkInConfirm.hidden && checkInConfirm.contains(document.activeElement)) next.focus();
      show(checkInConfirm, false);
    }
    const pending = f.pendingCheckIn;
    setText(checkInQuestion, pending.length === 0 ? ''
      : `${pending.length === 1 ? `${pending[0]} has` : `${listNames(pending)} have`} not checked in yet. Move on to ${f.next?.label.replace(/^Next: /, '') ?? 'the next step'} anyway?`);
    show(agendaEmpty, f.agendaEmpty);
    show(roundComplete, Boolean(f.roundComplete));
    setText(roundComplete, f.roundComplete ?? '');
    show(timeUp, Boolean(f.timer?.timeUp));
    show(flow, !f.ended);

    // invite
    const invitation = invitationText(vm.circleName, membersLink);
    if (inviteText.value !== invitation) inviteText.value = invitation;

    // time
    show(time, Boolean(f.timer) && !f.ended);
    pause.hidden = !f.timer || f.timer.paused;
    resume.hidden = !f.timer || !f.timer.paused;

    // floor
    show(floor, f.floorCandidates.length > 0);
    const chosen = floorSelect.value;
    replaceChildren(floorSelect, f.floorCandidates.map((c) => h('option', {
      value: String(c.id), text: `${c.name} (${TURN_WORDS[c.turn] ?? c.turn})`, selected: String(c.id) === chosen,
    })));

    // agenda
    show(agenda, f.agenda.editable);
    const upcoming = f.agenda.upcoming;
    const ids = upcoming.map((u) => u.id);
    /** @param {number[]} seats */
    const setAgenda = (seats) => send({ type: 'set_agenda', seats }, 'f-agenda');
    replaceChildren(agendaList, upcoming.length === 0
      ? h('li', { class: 'muted', text: 'Nobody yet. Add members below, or they can volunteer.' })
      : upcoming.map((u, i) => h('li', { class: 'edit-item', testid: 'f-agenda-item', 'data-seat': String(u.id) },
        h('span', { class: 'edit-name' }, `${i + 1}. `, u.name),
        h('span', { class: 'row row-tight' },
          button('↑', 'f-agenda-up', () => {
            const order = [...ids];
            [order[i - 1], order[i]] = [order[i], order[i - 1]];
            setAgenda(order);
          }, 'btn-quiet btn-small', `up-${u.id}`),
          button('↓', 'f-agenda-down', () => {
            const order = [...ids];
            [order[i + 1], order[i]] = [order[i], order[i + 1]];
            setAgenda(order);
          }, 'btn-quiet btn-small', `down-${u.id}`),
          button('Remove', 'f-agenda-remove', () => setAgenda(ids.filter((x) => x !== u.id)), 'btn-quiet btn-small', `agenda-remove-${u.id}`)))));
    for (const li of agendaList.querySelectorAll('li[data-seat]')) {
      const i = [...agendaList.children].indexOf(li);
      const name = upcoming[i]?.name ?? '';
      const [up, down, remove] = li.querySelectorAll('button');
      up.setAttribute('aria-label', `Move ${name} up`);
      down.setAttribute('aria-label', `Move ${name} down`);
      remove.setAttribute('aria-label', `Remove ${name} from the agenda`);
      up.disabled = i === 0;
      down.disabled = i === upcoming.length - 1;
    }
    const addChosen = addSelect.value;
    replaceChildren(addSelect, f.agenda.addable.map((m) => h('option', {
      value: String(m.id), text: m.name, selected: String(m.id) === addChosen,
    })));
    show(addRow, f.agenda.addable.length > 0 && upcoming.length < 6);
    shuffle.hidden = upcoming.length < 2;

    // people (nothing to change about them once the meeting has ended)
    show(people, !f.ended);
    if (confirming && confirming.seat != null && !f.members.some((m) => m.id === confirming?.seat)) confirming = null;
    replaceChildren(peopleList, f.members.length === 0
      ? h('li', { class: 'muted', text: 'No members yet. Share the members’ link (under “Invite the members”) in the call’s chat.' })
      : f.members.map((m) => h('li', {
        class: `f-person${m.notHeardYet ? ' not-heard' : ''}`, testid: 'f-person', 'data-seat': String(m.id),
      },
      h('div', { class: 'f-person-head' },
        h('span', { class: 'person-name', text: m.name }),
        h('span', { class: 'muted', text: m.present ? ' · here' : ' · away' }),
        m.notHeardYet ? h('span', { class: 'tag tag-warn', testid: 'f-not-heard', text: 'Not heard yet' }) : null),
      h('p', { class: 'stats', testid: 'f-stats' },
        plural(m.stats.turns, 'turn'), ' · ', plural(m.stats.passes, 'pass', 'passes'), ' · ', plural(m.stats.questions, 'question')),
      personActions(m.id, m.name, m))));

    // mix
    show(mix, Boolean(f.mix));
    if (f.mix) {
      const total = Math.max(1, f.mix.total);
      const row = (/** @type {string} */ kind, /** @type {string} */ label, /** @type {number} */ n) => {
        const bar = h('span', { class: `mix-bar mix-${kind}` });
        bar.style.width = `${Math.round((n / total) * 100)}%`;
        return h('li', { class: 'mix-row', testid: `f-mix-${kind}` },
          h('span', { class: 'mix-label', text: label }),
          h('span', { class: 'mix-track', 'aria-hidden': 'true' }, bar),
          h('span', { class: 'mix-count', text: String(n) }));
      };
      const drifting = f.mix.closed + f.mix.advice > f.mix.open && f.mix.total >= 2;
      replaceChildren(mixBox,
        h('ul', { class: 'mix' }, row('open', 'Open', f.mix.open), row('closed', 'Closed (yes/no)', f.mix.closed), row('advice', 'Advice', f.mix.advice)),
        drifting ? h('p', { class: 'notice', text: 'Many closed questions or advice: invite the circle back to open, curious questions.' }) : null);
    }

    // the next meeting, and the circle
    show(nextMeeting, f.startNext);
    if (!f.startNext) {
      show(startNextConfirm, false);
      show(startNextRow, true);
      if (focusAfterStart && f.next && vm.live) {
        focusAfterStart = false;
        next.focus();
      }
    }
    startNext.disabled = feedback.isBusy('f-next-meeting');
    startNextYes.disabled = feedback.isBusy('f-next-meeting');
    const secret = deps.hasSecret();
    show(noSecret, !secret);
    if (!secret) {
      show(deleteRow, false);
      show(deleteConfirm, false);
    } else if (deleteConfirm.hidden) {
      show(deleteRow, true);
    }

    // room
    setText(lock, f.locked ? 'Unlock the room' : 'Lock the room');
    lock.setAttribute('aria-pressed', String(f.locked));
    show(room, !f.ended);
    if (confirming && confirming.kind === 'end') {
      replaceChildren(endBox, h('div', { class: 'confirm', role: 'group', 'aria-label': 'End the meeting?' },
        h('p', { text: 'End the meeting now for everyone? This cannot be undone.' }),
        h('div', { class: 'row' },
          button('End the meeting', 'f-end-confirm', () => { confirming = null; send({ type: 'end_meeting' }, 'f-room'); }, 'btn-danger', 'end-confirm'),
          button('Cancel', 'f-cancel', () => { confirming = null; redraw(); }, 'btn-secondary', 'end-cancel'))));
    } else {
      replaceChildren(endBox, button('End the meeting…', 'f-end', () => {
        confirming = { kind: 'end' };
        redraw();
        focusKey('end-confirm');
      }, 'btn-danger-quiet', 'end'));
    }
  }

  return { update };
}

/**
 * @param {number} n
 * @param {string} one
 * @param {string} [many]
 */
function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * "Ana", "Ana and Ben", "Ana, Ben and Cleo".
 * @param {string[]} names
 */
function listNames(names) {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
