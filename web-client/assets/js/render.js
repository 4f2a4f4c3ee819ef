// @ts-check
/**
 * Drawing the room for everyone: the stepper, the "now" card with the countdown, the people,
 * the hot-seat agenda, raised hands, commitments, norms and what has been said. Every user
 * string goes through text nodes (see dom.js).
 */

import { h, replaceChildren, setText, show } from './dom.js';
import { countdownView } from './countdown.js';
import { PHASE_LABELS } from './protocol.js';
import { dueLabel } from './schedule.js';

/** @typedef {ReturnType<typeof import('./state.js').deriveView>} View */
/** @typedef {Extract<View, { ready: true }>} ReadyView */

const STEP_STATE_TEXT = /** @type {Record<string, string>} */ ({
  done: 'done',
  current: 'now',
  upcoming: 'to come',
  skipped: 'not reached',
});

/**
 * @param {HTMLElement} nav
 * @param {ReadyView} vm
 */
export function renderStepper(nav, vm) {
  const items = vm.stepper.map((step) => {
    const current = step.state === 'current';
    const sub = step.steps
      ? h('ol', { class: 'substeps' }, step.steps.map((sstep) => h('li', {
        class: `substep is-${sstep.state}`,
        'aria-current': sstep.state === 'current' ? 'step' : null,
        testid: `substep-${sstep.key}`,
        'data-state': sstep.state,
      }, h('span', { class: 'sr-only', text: `${STEP_STATE_TEXT[sstep.state]}: ` }), sstep.label)))
      : null;
    return h('li', {
      class: `step is-${step.state}${sub ? ' has-substeps' : ''}`,
      'aria-current': current && !sub ? 'step' : null,
      testid: 'step',
      'data-key': step.key,
      'data-state': step.state,
    },
    h('span', { class: 'step-dot', 'aria-hidden': 'true' }),
    h('span', { class: 'step-label' },
      h('span', { class: 'sr-only', text: `${STEP_STATE_TEXT[step.state] ?? step.state}: ` }),
      step.label,
      step.note ? h('span', { class: 'step-note', text: ` (${step.note})` }) : null),
    sub);
  });
  replaceChildren(nav, h('ol', { class: 'steps' }, items));
}

/** The "now" card's parts, made once and updated in place. */
/** @type {null | Record<string, HTMLElement>} */
let nowParts = null;

/** @param {HTMLElement} card */
function nowCard(card) {
  if (nowParts && card.contains(nowParts.phase)) return nowParts;
  const phase = h('h2', { id: 'phase-name', class: 'phase-name', testid: 'phase-name' });
  const headline = h('p', { class: 'headline', testid: 'headline' });
  const floor = h('strong', { testid: 'floor-holder' });
  const next = h('strong', { testid: 'next-speaker' });
  const countdown = h('p', { class: 'countdown', role: 'timer', testid: 'countdown' });
  const countdownNote = h('p', { class: 'countdown-note', testid: 'countdown-note' });
  const bar = h('div', { class: 'progress-bar' });
  const progress = h('div', { class: 'progress', 'aria-hidden': 'true' }, bar);
  const nextStep = h('p', { class: 'next-step', testid: 'next-step' });
  const floorBox = h('div', { class: 'who' }, h('span', { class: 'label', text: 'Has the floor' }), floor);
  const nextBox = h('div', { class: 'who' }, h('span', { class: 'label', text: 'Next' }), next);
  const timeBox = h('div', { class: 'time' }, countdown, countdownNote);
  replaceChildren(card,
    h('div', { class: 'now-top' }, h('div', {}, phase, headline), timeBox),
    progress,
    h('div', { class: 'now-people' }, floorBox, nextBox),
    nextStep);
  nowParts = { phase, headline, floor, next, countdown, countdownNote, bar, progress, nextStep, floorBox, nextBox, timeBox };
  return nowParts;
}

/**
 * @param {HTMLElement} card
 * @param {ReadyView} vm
 */
export function renderNow(card, vm) {
  const p = nowCard(card);
  setText(p.phase, vm.presenter && vm.phase !== 'ended' && vm.phase !== 'closing' && vm.phase !== 'check_in'
    ? `${vm.phaseLabel}: ${vm.presenter.isMe ? 'your hot seat' : `${vm.presenter.name}’s hot seat`}`
    : vm.phaseLabel);
  setText(p.headline, vm.headline);
  setText(p.floor, vm.floor ? (vm.floor.isMe ? 'You' : vm.floor.name) : 'Nobody');
  setText(p.next, vm.next ? (vm.next.isMe ? 'You' : vm.next.name) : '—');
  show(p.nextBox, vm.phase !== 'lobby' && vm.phase !== 'ended');
  show(p.floorBox, vm.phase !== 'lobby' && vm.phase !== 'ended');
  setText(p.nextStep, vm.nextStep ? `Coming next: ${vm.nextStep}` : '');
  show(p.nextStep, Boolean(vm.nextStep));
}

/**
 * The countdown, redrawn several times a second from the last clock sample.
 * @param {HTMLElement} card
 * @param {ReadyView} vm
 * @param {import('./countdown.js').ClockSample | null} clock
 * @param {number} now
 */
export function renderCountdown(card, vm, clock, now) {
  const p = nowCard(card);
  const view = countdownView(vm.timer, clock, now);
  const stale = !vm.live;
  setText(p.countdown, view.state === 'none' ? '' : view.text);
  p.countdown.setAttribute('data-state', stale ? 'stale' : view.state);
  p.countdown.setAttribute('aria-label', view.label);
  const note = stale ? 'reconnecting…'
    : view.state === 'paused' ? 'paused'
      : view.state === 'time_up' ? 'time is up'
        : view.state === 'running' ? (vm.timer?.scope === 'turn' ? 'left for this turn' : 'left for this step') : '';
  setText(p.countdownNote, note);
  p.countdownNote.setAttribute('data-state', stale ? 'stale' : view.state);
  show(p.timeBox, view.state !== 'none');
  show(p.progress, view.state !== 'none');
  p.bar.style.width = `${Math.round(view.fraction * 1000) / 10}%`;
  p.bar.setAttribute('data-state', view.state);
  return view;
}

/**
 * @param {HTMLElement} list
 * @param {ReadyView} vm
 */
export function renderMembers(list, vm) {
  const people = [...vm.members].sort((a, b) => (a.role === b.role ? 0 : a.role === 'facilitator' ? -1 : 1));
  replaceChildren(list, people.map((m) => {
    const tags = [];
    if (m.role === 'facilitator') tags.push(h('span', { class: 'tag tag-role', text: 'Facilitator' }));
    if (m.isPresenter) tags.push(h('span', { class: 'tag tag-hot', text: 'Hot seat' }));
    if (m.hasFloor) tags.push(h('span', { class: 'tag tag-floor', text: 'Has the floor' }));
    else if (m.isNext) tags.push(h('span', { class: 'tag', text: 'Next' }));
    if (m.hand > 0) tags.push(h('span', { class: 'tag', text: `Hand up #${m.hand}` }));
    if (m.role === 'member' && vm.phase !== 'lobby') {
      tags.push(m.acknowledged
        ? h('span', { class: 'tag tag-ok', text: 'Norms ✓' })
        : h('span', { class: 'tag tag-warn', text: 'Norms not yet' }));
    }
    return h('li', {
      class: `person${m.present ? '' : ' is-away'}${m.hasFloor ? ' has-floor' : ''}`,
      testid: 'member',
      'data-seat': String(m.id),
      'data-present': String(m.present),
    },
    h('span', { class: `presence ${m.present ? 'is-here' : 'is-away'}`, 'aria-hidden': 'true' }),
    h('span', { class: 'person-main' },
      h('span', { class: 'person-name', testid: 'member-name', text: m.name }),
      m.isMe ? h('span', { class: 'you', text: ' (you)' }) : null,
      h('span', { class: 'presence-text', text: m.present ? ' · here' : ' · away' })),
    tags.length ? h('span', { class: 'tags' }, tags) : null);
  }));
}

/**
 * @param {HTMLElement} box
 * @param {ReadyView} vm
 */
export function renderAgenda(box, vm) {
  const rows = [];
  for (const d of vm.agenda.done) {
    rows.push(h('li', { class: 'agenda-item is-done', testid: 'agenda-done', 'data-seat': String(d.seat) },
      h('span', { class: 'agenda-name', text: d.name }), h('span', { class: 'tag', text: d.outcomeLabel })));
  }
  if (vm.agenda.current && vm.phase !== 'closing' && vm.phase !== 'ended') {
    rows.push(h('li', { class: 'agenda-item is-current', testid: 'agenda-current', 'data-seat': String(vm.agenda.current.seat) },
      h('span', { class: 'agenda-name', text: vm.agenda.current.name }), h('span', { class: 'tag tag-hot', text: 'now' })));
  }
  vm.agenda.upcoming.forEach((u, i) => {
    rows.push(h('li', { class: 'agenda-item', testid: 'agenda-upcoming', 'data-seat': String(u.seat) },
      h('span', { class: 'agenda-name', text: u.name }),
      u.isMe ? h('span', { class: 'you', text: ' (you)' }) : null,
      h('span', { class: 'tag', text: i === 0 ? 'next' : `#${i + 1}` })));
  });
  replaceChildren(box, rows.length
    ? h('ol', { class: 'agenda-list' }, rows)
    : h('p', { class: 'muted', text: vm.phase === 'ended' ? 'No hot seats.' : 'Nobody is on the agenda yet. Members can volunteer.' }));
}

/**
 * @param {HTMLElement} card
 * @param {HTMLElement} list
 * @param {ReadyView} vm
 */
export function renderHands(card, list, vm) {
  show(card, vm.phase === 'questions');
  replaceChildren(list, vm.hands.map((hand) => h('li', { testid: 'hand', 'data-seat': String(hand.seat) }, hand.name, hand.isMe ? ' (you)' : '')));
  show(list, vm.hands.length > 0);
  const empty = card.querySelector('[data-empty]') ?? card.appendChild(h('p', { class: 'muted', 'data-empty': 'true', text: 'No hands raised.' }));
  show(empty, vm.hands.length === 0);
}

/**
 * @param {HTMLElement} box
 * @param {ReadyView} vm
 */
export function renderCommitments(box, vm) {
  replaceChildren(box, vm.commitments.length
    ? h('ul', { class: 'commitment-list' }, vm.commitments.map((c) => h('li', { testid: 'commitment', 'data-id': String(c.id) },
      h('span', { class: 'commitment-who', text: c.name }),
      h('span', { class: 'commitment-text', text: c.text }),
      c.due ? h('span', { class: 'commitment-due', text: dueLabel(c.due) }) : null)))
    : h('p', { class: 'muted', text: 'No commitments yet in this meeting.' }));
}

/**
 * @param {HTMLDetailsElement} details
 * @param {HTMLElement} list
 * @param {ReadyView} vm
 * @param {boolean} phaseChanged
 */
export function renderNorms(details, list, vm, phaseChanged) {
  replaceChildren(list, vm.norms.map((n) => h('li', { testid: 'norm', text: n })));
  // Open while the norms are the subject, unless the acknowledge panel already shows them.
  if (phaseChanged) details.open = vm.phase === 'lobby' || (vm.phase === 'opening' && !vm.actions.acknowledgeNorms);
}

const STATUS_TEXT = /** @type {Record<string, string>} */ ({
  asked: 'waiting for the answer',
  answered: 'answered',
  noted: 'noted for later',
  set_aside: 'set aside',
});

/**
 * What has been said: check-in notes and report-backs, the hot seat's questions and learnings.
 * @param {HTMLElement} box
 * @param {ReadyView} vm
 */
export function renderTranscript(box, vm) {
  const parts = [];
  const ci = vm.checkIn;
  if ((vm.phase === 'check_in' || ci.notes.length || ci.reports.length) && vm.phase !== 'ended' && vm.phase !== 'closing') {
    if (vm.phase === 'check_in' || !vm.hotSeat) {
      parts.push(h('section', { class: 'card', 'aria-labelledby': 'checkin-title', testid: 'checkin-transcript' },
        h('h2', { id: 'checkin-title', text: 'Said at check-in' }),
        ci.open.length ? h('h3', { class: 'subheading', text: 'Commitments from last time' }) : null,
        ci.open.length ? h('ul', { class: 'said-list report-list', testid: 'open-commitments' }, ci.open.map((c) => h('li', {
          testid: c.report ? 'report' : 'open-commitment', 'data-id': String(c.id), 'data-status': c.report ? c.report.status : 'open',
        },
        h('span', { class: 'said-who' }, c.name, c.isMine ? h('span', { class: 'you', text: ' (you)' }) : null),
        c.report
          ? h('span', { class: `tag tag-report-${c.report.status}`, text: c.report.statusLabel })
          : h('span', { class: 'tag', text: 'not reported yet' }),
        h('span', { class: 'said-text', text: c.text }),
        c.due ? h('span', { class: 'commitment-due', text: dueLabel(c.due) }) : null,
        c.report?.note ? h('span', { class: 'said-note', testid: 'report-note-text', text: c.report.note }) : null,
        c.report?.notice ? h('span', { class: 'said-note not-kept', testid: 'report-note-not-kept', text: c.report.notice }) : null))) : null,
        ci.open.length ? h('h3', { class: 'subheading', text: 'How everyone arrives' }) : null,
        ci.notes.length
          ? h('ul', { class: 'said-list' }, ci.notes.map((n) => h('li', { testid: 'checkin-note-item' },
            h('span', { class: 'said-who', text: n.name }),
            n.notice
              ? h('span', { class: 'said-text not-kept', testid: 'not-kept', text: n.notice })
              : h('span', { class: 'said-text', text: n.note ?? '' }))))
          : h('p', { class: 'muted', text: 'How everyone arrives today will appear here.' }),
        ci.done.length ? h('p', { class: 'muted', testid: 'checkin-done', text: `Turns done: ${ci.done.map((d) => d.name).join(', ')}.` }) : null));
    }
  }
  const hs = vm.hotSeat;
  if (hs) {
    parts.push(h('section', { class: 'card', 'aria-labelledby': 'questions-title', testid: 'questions' },
      h('h2', { id: 'questions-title', text: `Questions for ${hs.presenter}` }),
      hs.questions.length
        ? h('ol', { class: 'question-list' }, hs.questions.map((q) => h('li', {
          class: `question is-${q.status}`, testid: 'question', 'data-kind': q.kind, 'data-status': q.status,
        },
        q.notice
          ? h('p', { class: 'question-text not-kept', testid: 'question-text', 'data-words': 'not_kept', text: q.notice })
          : h('p', { class: 'question-text', testid: 'question-text', text: q.text ?? '' }),
        h('p', { class: 'question-meta' },
          h('span', { class: 'said-who', text: q.asker }),
          h('span', { class: `tag tag-kind-${q.kind}`, title: 'How the question coach reads it', text: q.kindLabel }),
          h('span', { class: 'muted', text: STATUS_TEXT[q.status] ?? q.status })))))
        : h('p', { class: 'muted', text: vm.phase === 'presenting' ? 'Questions come after the presenting.' : 'No questions yet.' })));
    if (vm.phase === 'learnings' || vm.phase === 'commitment' || hs.learnings.length) {
      parts.push(h('section', { class: 'card', 'aria-labelledby': 'learnings-title', testid: 'learnings' },
        h('h2', { id: 'learnings-title', text: 'Learnings shared' }),
        hs.learnings.length
          ? h('ul', { class: 'said-list' }, hs.learnings.map((l) => h('li', { testid: 'learning' },
            h('span', { class: 'said-who', text: l.name }),
            learningWords(l))))
          : h('p', { class: 'muted', text: 'What each person learned about themselves will appear here.' })));
    }
  }
  replaceChildren(box, parts);
  show(box, parts.length > 0);
}

/**
 * A learning's words; for a pass, "passed"; for words not kept across a restart, why not.
 * @param {NonNullable<ReadyView['hotSeat']>['learnings'][number]} l
 */
function learningWords(l) {
  if (l.notice) return h('span', { class: 'said-text not-kept', testid: 'not-kept', text: l.notice });
  if (l.passed) return h('span', { class: 'muted', text: 'passed' });
  return h('span', { class: 'said-text', text: l.text ?? '' });
}

/**
 * The page title: the circle, and a cue when it is my turn (visible in the tab strip while
 * the video call has the focus).
 * @param {ReadyView} vm
 */
export function pageTitle(vm) {
  const base = `${vm.circleName} · ${PHASE_LABELS[vm.phase] ?? vm.phase} · Hotseat`;
  return vm.yourTurn && vm.live ? `● Your turn · ${base}` : base;
}
