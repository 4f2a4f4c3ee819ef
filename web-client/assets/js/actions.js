// @ts-check
/**
 * A member's actions: the forms and buttons that fit the moment (acknowledge the norms, check
 * in, present, ask or pass, answer, share a learning, commit, raise a hand, volunteer). Each
 * panel is built once and shown or hidden, so what someone is typing survives every update.
 */

import { h, replaceChildren, setText, show } from './dom.js';
import { LIMITS, REPORT_LABELS } from './protocol.js';
import { createDrafts } from './drafts.js';
import { dueLabel } from './schedule.js';

/** @typedef {import('./render.js').ReadyView} ReadyView */
/**
 * @typedef {{
 *   send: (command: { type: string, [k: string]: unknown }, origin: string) => void,
 *   checkQuestion: (text: string) => void,
 *   feedback: ReturnType<typeof import('./feedback.js').createFeedback>,
 *   draftScope?: () => string | null,
 * }} ActionDeps
 */

const DEBOUNCE_MS = 300;
const MIN_CHECK_CHARS = 4;

/**
 * @param {HTMLElement} container
 * @param {ActionDeps} deps
 */
export function createActions(container, deps) {
  const { send, feedback } = deps;
  const drafts = createDrafts(deps.draftScope ?? (() => null));

  /**
   * A panel: a card with a heading, its content and an error slot for its requests.
   * @param {string} key
   * @param {string} title
   * @param {(() => void) | undefined} onAck
   * @param {...import('./dom.js').Child} children
   */
  function panel(key, title, onAck, ...children) {
    const heading = h('h2', { id: `panel-${key}-title`, text: title });
    const slot = h('p', { class: 'field-error', role: 'alert', testid: 'action-error', hidden: true });
    const el = h('section', {
      class: 'card action-panel', testid: `panel-${key}`, 'aria-labelledby': `panel-${key}-title`, hidden: true,
    }, heading, children, slot);
    feedback.register(key, slot, onAck);
    container.appendChild(el);
    return { el, heading };
  }

  /**
   * @param {string} text
   * @param {string} testid
   * @param {() => void} onClick
   * @param {string} [kind]
   */
  function button(text, testid, onClick, kind = 'btn-primary') {
    return h('button', { type: 'button', class: `btn ${kind}`, testid, text, on: { click: onClick } });
  }

  // ---- norms -------------------------------------------------------------------------
  const normsList = h('ol', { class: 'norms', testid: 'ack-norms-list' });
  const normsIntro = h('p', { class: 'hint' });
  const norms = panel('norms', 'Read and agree to our norms', undefined,
    normsIntro, normsList,
    h('div', { class: 'row' }, button('I agree to these norms', 'ack-norms', () => send({ type: 'acknowledge_norms' }, 'norms'))));

  // ---- check-in ----------------------------------------------------------------------
  const reportsBox = h('div', { class: 'stack' });
  const arriveNote = h('textarea', {
    id: 'checkin-note', rows: 2, maxlength: LIMITS.textMax, testid: 'checkin-note',
  });
  /** @type {string | null} */
  let reportKey = null;
  const checkIn = panel('checkin', 'Your check-in', () => {
    arriveNote.value = '';
    drafts.clear('checkin');
    reportKey = null;
  },
  h('p', { class: 'hint', text: 'Report back on what you committed to last time, and say how you are arriving today.' }),
  reportsBox,
  h('div', { class: 'field' },
    h('label', { for: 'checkin-note', text: 'How are you arriving today? (optional)' }),
    arriveNote),
  h('div', { class: 'row' },
    button('Check in', 'checkin-submit', () => {
      /** @type {{ commitment: number, status: string, note?: string }[]} */
      const reports = [];
      for (const fs of reportsBox.querySelectorAll('fieldset[data-commitment]')) {
        const id = Number(fs.getAttribute('data-commitment'));
        const picked = /** @type {HTMLInputElement | null} */ (fs.querySelector('input[type=radio]:checked'));
        const note = /** @type {HTMLInputElement | null} */ (fs.querySelector('input[type=text]'))?.value.trim();
        if (picked) reports.push(note ? { commitment: id, status: picked.value, note } : { commitment: id, status: picked.value });
      }
      const note = arriveNote.value.trim();
      send(note ? { type: 'check_in', reports, note } : { type: 'check_in', reports }, 'checkin');
    }),
    button('Pass', 'checkin-pass', () => send({ type: 'pass' }, 'checkin'), 'btn-secondary')));

  /** @param {import('./state.js').PriorCommitmentView[]} commitments */
  function drawReports(commitments) {
    const key = commitments.map((c) => c.id).join(',');
    if (key === reportKey) return;
    reportKey = key;
    replaceChildren(reportsBox, commitments.length === 0
      ? h('p', { class: 'muted', text: 'You have no open commitments from an earlier meeting.' })
      : commitments.map((c) => h('fieldset', { class: 'group report', 'data-commitment': String(c.id), testid: 'report-form' },
        h('legend', {}, 'Your commitment: ', h('span', { class: 'quote', text: c.text }), c.due ? ` (${dueLabel(c.due)})` : ''),
        h('div', { class: 'radio-row' }, Object.entries(REPORT_LABELS).map(([value, label]) => {
          const id = `report-${c.id}-${value}`;
          return h('span', { class: 'radio' },
            h('input', { type: 'radio', id, name: `report-${c.id}`, value, testid: `report-${value}` }),
            h('label', { for: id, text: label }));
        })),
        h('div', { class: 'field' },
          h('label', { for: `report-${c.id}-note`, text: 'What did you learn from trying? (optional)' }),
          h('input', { type: 'text', id: `report-${c.id}-note`, maxlength: LIMITS.textMax, testid: 'report-note' })))));
  }

  // ---- presenting --------------------------------------------------------------------
  const presenting = panel('presenting', 'You are in the hot seat', undefined,
    h('p', { class: 'hint', text: 'Describe your challenge or goal, and say what you would like from the group today. The others listen without interrupting.' }),
    h('div', { class: 'row' }, button('I’m done presenting', 'presenting-done', () => send({ type: 'done' }, 'presenting'))));

  // ---- ask ---------------------------------------------------------------------------
  const askInput = h('textarea', {
    id: 'ask-input', rows: 3, maxlength: LIMITS.textMax, testid: 'ask-input',
    'aria-describedby': 'ask-explanation coach-hint',
  });
  const coachHint = h('div', { id: 'coach-hint', class: 'coach', 'aria-live': 'polite', testid: 'coach-hint', hidden: true });
  const askExplanation = h('p', { id: 'ask-explanation', class: 'explain', testid: 'ask-explanation', hidden: true });
  const askSubmit = button('Ask', 'ask-submit', () => {
    const text = askInput.value.trim();
    if (!text) {
      feedback.say('ask', 'Write your question first.');
      askInput.focus();
      return;
    }
    send({ type: 'ask', text }, 'ask');
  });
  askSubmit.setAttribute('aria-describedby', 'ask-explanation');
  const askPass = button('Pass', 'ask-pass', () => send({ type: 'pass' }, 'ask'), 'btn-secondary');
  const raise = button('Raise hand', 'raise-hand', () => send({ type: 'raise_hand' }, 'ask'), 'btn-secondary');
  const lower = button('Lower hand', 'lower-hand', () => send({ type: 'lower_hand' }, 'ask'), 'btn-secondary');
  const handStatus = h('p', { class: 'muted', testid: 'hand-status', 'aria-live': 'polite' });
  let lastChecked = '';
  /** @type {ReturnType<typeof setTimeout> | null} */
  let debounce = null;
  const ask = panel('ask', 'Ask a question', () => {
    askInput.value = '';
    drafts.clear('ask');
    lastChecked = '';
    show(coachHint, false);
    // The field and button go off once the question is asked: keep keyboard focus in the
    // panel (its heading) rather than let it drop to the page.
    const active = document.activeElement;
    if (!active || active === document.body || ask.el.contains(active)) {
      ask.heading.tabIndex = -1;
      ask.heading.focus();
    }
  },
  h('p', { class: 'hint', text: 'Open, curious questions help most: what, how, when, what else… One question at a time.' }),
  h('div', { class: 'field' }, h('label', { for: 'ask-input', text: 'Your question' }), askInput),
  coachHint,
  askExplanation,
  h('div', { class: 'row' }, askSubmit, askPass, raise, lower),
  handStatus);

  askInput.addEventListener('input', () => {
    if (debounce) clearTimeout(debounce);
    debounce = setTimeout(() => {
      debounce = null;
      const text = askInput.value.trim();
      if (text.length < MIN_CHECK_CHARS) {
        show(coachHint, false);
        lastChecked = '';
        return;
      }
      if (text === lastChecked) return;
      lastChecked = text;
      deps.checkQuestion(text);
    }, DEBOUNCE_MS);
  });

  // ---- answer ------------------------------------------------------------------------
  const answerQuote = h('blockquote', { class: 'quote-block', testid: 'answer-question' });
  const answer = panel('answer', 'Answer the question', undefined,
    answerQuote,
    h('p', { class: 'hint', text: 'Answer out loud in the call, or just note the question to think about later.' }),
    h('div', { class: 'row' },
      button('I have answered', 'answer', () => send({ type: 'answer', noted: false }, 'answer')),
      button('Note it for later', 'note-question', () => send({ type: 'answer', noted: true }, 'answer'), 'btn-secondary')));

  // ---- learning ----------------------------------------------------------------------
  const learningInput = h('textarea', { id: 'learning-input', rows: 2, maxlength: LIMITS.textMax, testid: 'learning-input' });
  const learning = panel('learning', 'Your learning', () => { learningInput.value = ''; drafts.clear('learning'); },
    h('p', { class: 'hint', text: 'What did you learn about yourself from this hot seat?' }),
    h('div', { class: 'field' }, h('label', { for: 'learning-input', text: 'What I learned' }), learningInput),
    h('div', { class: 'row' },
      button('Share', 'learning-submit', () => {
        const text = learningInput.value.trim();
        if (!text) {
          feedback.say('learning', 'Write what you learned first, or pass.');
          learningInput.focus();
          return;
        }
        send({ type: 'share_learning', text }, 'learning');
      }),
      button('Pass', 'learning-pass', () => send({ type: 'pass' }, 'learning'), 'btn-secondary')));

  // ---- commitment --------------------------------------------------------------------
  const commitText = h('input', { id: 'commit-text', type: 'text', maxlength: LIMITS.commitmentMax, testid: 'commit-text' });
  const commitDue = h('input', { id: 'commit-due', type: 'date', testid: 'commit-due' });
  const madeList = h('ul', { class: 'commitment-list', testid: 'commit-made' });
  const insightNote = h('p', { class: 'muted', testid: 'insight-chosen', text: 'You chose to end this hot seat with insight only.', hidden: true });
  const insightBtn = button('Insight only, no action', 'insight-only', () => send({ type: 'insight_only' }, 'commit'), 'btn-secondary');
  const commitDone = button('I’m done', 'commit-done', () => send({ type: 'done' }, 'commit'));
  const commit = panel('commit', 'Your commitment', () => {
    commitText.value = '';
    drafts.clear('commit');
    commitDue.value = '';
  },
  h('p', { class: 'hint', text: 'Commit to at least one concrete action to take before the next meeting.' }),
  madeList,
  h('div', { class: 'field' }, h('label', { for: 'commit-text', text: 'I will…' }), commitText),
  h('div', { class: 'field' },
    h('label', { for: 'commit-due', text: 'By when (optional)' }),
    commitDue),
  h('div', { class: 'row' },
    button('Record commitment', 'commit-submit', () => {
      const text = commitText.value.trim();
      if (!text) {
        feedback.say('commit', 'Write the action you commit to first.');
        commitText.focus();
        return;
      }
      const due = commitDue.value.trim();
      send(due ? { type: 'commit', text, due } : { type: 'commit', text }, 'commit');
    }),
    insightBtn,
    commitDone),
  insightNote);

  // ---- volunteer ---------------------------------------------------------------------
  const volunteer = panel('volunteer', 'Take a hot seat', undefined,
    h('p', { class: 'hint', text: 'Want the circle’s help with a challenge or goal? Offer to take a hot seat.' }),
    h('div', { class: 'row' }, button('Volunteer for a hot seat', 'volunteer', () => send({ type: 'volunteer' }, 'volunteer'), 'btn-secondary')));
  volunteer.el.classList.add('is-quiet');

  // ---- guidance when there is nothing to do ------------------------------------------
  const guideText = h('p', { testid: 'guide-text' });
  const guide = h('section', { class: 'card guide', testid: 'panel-guide', 'aria-live': 'polite' }, guideText);
  container.appendChild(guide);

  drafts.bind(arriveNote, 'checkin');
  drafts.bind(askInput, 'ask');
  drafts.bind(learningInput, 'learning');
  drafts.bind(commitText, 'commit');

  /** The panels that belong to a turn, for "go to your turn". */
  const turnPanels = [checkIn.el, presenting.el, ask.el, answer.el, learning.el, commit.el];

  /**
   * @param {ReadyView} vm
   */
  function update(vm) {
    drafts.restore();
    const a = vm.actions;
    const busy = (/** @type {string} */ origin) => feedback.isBusy(origin);

    // norms
    show(norms.el, a.acknowledgeNorms);
    if (a.acknowledgeNorms) {
      setText(norms.heading, vm.phase === 'opening' ? 'Read and agree to our norms' : 'Welcome: first, our norms');
      setText(normsIntro, vm.phase === 'opening'
        ? 'Read them together, then acknowledge them to take part.'
        : 'You joined after the opening. Please read the circle’s norms and acknowledge them to take part.');
      replaceChildren(normsList, vm.norms.map((n) => h('li', { text: n })));
      setDisabled(norms.el, busy('norms'));
    }

    // check-in
    show(checkIn.el, Boolean(a.checkIn));
    if (a.checkIn) {
      drawReports(a.checkIn.commitments);
      setDisabled(checkIn.el, busy('checkin'));
    }

    show(presenting.el, a.presentingDone);
    if (a.presentingDone) setDisabled(presenting.el, busy('presenting'));

    // ask
    show(ask.el, Boolean(a.ask));
    if (a.ask) {
      const mine = a.ask.enabled;
      setText(ask.heading, mine ? 'Your turn: ask a question' : 'Ask a question');
      askSubmit.disabled = !mine || busy('ask');
      askPass.hidden = !mine;
      askPass.disabled = busy('ask');
      show(askExplanation, !mine && Boolean(a.ask.reason));
      setText(askExplanation, a.ask.reason ?? '');
      raise.hidden = !a.raiseHand;
      lower.hidden = !a.lowerHand;
      raise.disabled = busy('ask');
      lower.disabled = busy('ask');
      setText(handStatus, a.lowerHand ? `Your hand is up (#${a.handPosition}). You get the floor when it is your turn.` : '');
    }

    // answer
    show(answer.el, Boolean(a.answer));
    if (a.answer) {
      replaceChildren(answerQuote,
        h('p', { text: a.answer.text }),
        h('footer', { text: `${a.answer.asker} asked` }));
      setDisabled(answer.el, busy('answer'));
    }

    show(learning.el, a.shareLearning);
    if (a.shareLearning) setDisabled(learning.el, busy('learning'));

    // commitment
    show(commit.el, Boolean(a.commit));
    if (a.commit) {
      replaceChildren(madeList, a.commit.made.map((c) => h('li', { testid: 'commit-made-item' },
        h('span', { class: 'commitment-text', text: c.text }),
        c.due ? h('span', { class: 'commitment-due', text: dueLabel(c.due) }) : null)));
      show(madeList, a.commit.made.length > 0);
      insightBtn.hidden = a.commit.insightOnlyChosen || a.commit.made.length > 0;
      show(insightNote, a.commit.insightOnlyChosen);
      commitDone.hidden = !(a.commit.canFinish && (a.commit.made.length > 0 || a.commit.insightOnlyChosen));
      setText(commit.heading, a.commit.canFinish ? 'Your turn: commit to an action' : 'Your commitment');
      setDisabled(commit.el, busy('commit'));
    }

    show(volunteer.el, a.volunteer);
    if (a.volunteer) setDisabled(volunteer.el, busy('volunteer'));

    const anyShown = [norms.el, checkIn.el, presenting.el, ask.el, answer.el, learning.el, commit.el]
      .some((el) => !el.hidden);
    const text = guidance(vm);
    setText(guideText, text);
    show(guide, !anyShown && Boolean(text));
  }

  return {
    update,
    /** True when a field of mine holds words not sent yet. */
    hasTypedWords() {
      return [arriveNote, askInput, learningInput, commitText].some((el) => el.value.trim() !== '');
    },
    /**
     * The coach's answer on the draft question: its verdict, and the server's own words
     * for a nudge and an example (one coach, one wording, for every client).
     * @param {{ verdict: { kind: string, cue: string | null }, nudge?: string, example?: string }} hint
     */
    showHint({ verdict, nudge, example }) {
      if (!askInput.value.trim()) return;
      if (verdict.kind === 'open' || !nudge) {
        replaceChildren(coachHint, h('p', { class: 'coach-ok', text: 'That reads as an open question.' }));
        coachHint.setAttribute('data-kind', verdict.kind);
        show(coachHint, true);
        return;
      }
      replaceChildren(coachHint,
        h('p', { class: 'coach-nudge', testid: 'coach-nudge' },
          nudge,
          verdict.cue ? h('span', { class: 'coach-cue' }, ' (because of “', h('strong', { text: verdict.cue }), '”)') : null),
        example ? h('p', { class: 'coach-example' }, 'For example: ', h('q', { text: example })) : null,
        h('p', { class: 'muted', text: 'You can still ask it as it is.' }));
      coachHint.setAttribute('data-kind', verdict.kind);
      show(coachHint, true);
    },
    /** Moves focus to the first control of my turn (from the your-turn banner). */
    focusTurn() {
      for (const el of turnPanels) {
        if (el.hidden) continue;
        const control = /** @type {HTMLElement | null} */ (
          el.querySelector('textarea:not([disabled]), input:not([disabled]), button:not([disabled]):not([hidden])'));
        if (control) {
          control.focus();
          return;
        }
      }
    },
  };
}

/**
 * Disables or enables every button in a panel (while a request from it is on its way).
 * @param {HTMLElement} el
 * @param {boolean} disabled
 */
function setDisabled(el, disabled) {
  for (const b of el.querySelectorAll('button')) b.disabled = disabled;
  el.setAttribute('aria-busy', String(disabled));
}

/**
 * What a person with nothing to do right now might do, in the spirit of the method.
 * @param {ReadyView} vm
 */
function guidance(vm) {
  if (vm.isFacilitator) {
    return vm.phase === 'ended' ? '' : 'You are facilitating: you keep time, move the circle on and protect the method. Your controls are below.';
  }
  if (!vm.isMember) return '';
  switch (vm.phase) {
    case 'lobby': return 'The meeting has not started yet. The facilitator will open it.';
    case 'opening':
      return vm.round.everyoneAcknowledged
        ? 'Everyone has acknowledged the norms. The facilitator opens the check-in next.'
        : 'Thank you for acknowledging the norms. Waiting for the others.';
    case 'check_in':
      if (vm.round.checkInComplete) return 'Everyone has checked in. The facilitator moves the circle on next.';
      return vm.round.myCheckInDone
        ? 'Thank you for checking in. Listen to the others’ check-ins.'
        : 'Listen to each check-in. Your turn comes in order.';
    case 'presenting':
      if (vm.isPresenter) return vm.round.presentingDone ? 'You have finished presenting. The circle’s questions come next.' : '';
      return vm.round.presentingDone
        ? `${vm.presenter?.name ?? 'The presenter'} has finished presenting. Questions come in the next step.`
        : 'Listen actively: no interrupting and no questions yet. Questions come in the next step.';
    case 'questions': return vm.isPresenter ? 'Listen to each question. You answer, or note it, after each one.' : '';
    case 'learnings':
      if (vm.round.learningsComplete) return 'Everyone has shared a learning. The facilitator moves the circle on next.';
      return vm.round.myLearningDone
        ? 'Thank you for sharing. Listen to the others’ learnings.'
        : 'When it is your turn, say what you learned about yourself. The presenter speaks last.';
    case 'commitment': return vm.presenter ? `${vm.presenter.name} is choosing a concrete action to take before the next meeting.` : '';
    case 'closing': return 'Closing: what did you learn today, and what are your next steps?';
    case 'ended': return 'The meeting has ended. When the circle meets again, the facilitator starts the next meeting here and this page follows by itself: keep the link. At its check-in you report back on your commitments.';
    default: return '';
  }
}
