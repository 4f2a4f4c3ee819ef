// @ts-check
/**
 * The client's state, and what the screen shows, as pure functions.
 *
 * `reduce` folds server messages (and the connection's status) into one state object; the
 * latest snapshot is all that is drawn. `deriveView` turns that state into a view model: who
 * has the floor, who is next, whether it is my turn, and the actions that fit right now.
 * Nothing here touches the DOM, the network or a clock.
 */

import {
  PHASE_LABELS, TURN_DOING, YOUR_TURN, REPORT_LABELS, OUTCOME_LABELS, KIND_LABELS,
  HOT_SEAT_STEPS, isHotSeatPhase, goodbyeInfo,
} from './protocol.js';

/**
 * @typedef {{ turns: number, passes: number, questions: number }} VoiceStats
 * @typedef {{ id: number, name: string, role: 'facilitator' | 'member', present: boolean,
 *             acknowledged: boolean, stats: VoiceStats }} SeatView
 * @typedef {'kept' | 'none' | 'not_kept'} Words
 * @typedef {{ id: number, seat: number, text: string | null, words?: Words, kind: string, status: string }} QuestionView
 * @typedef {{ seat: number, text: string | null, words?: Words }} LearningView
 * @typedef {{ index: number, presenter: number, questions: QuestionView[],
 *             mix: { open: number, closed: number, advice: number }, first_round_pending: number[],
 *             learnings: LearningView[], learnings_done: number[], insight_only: boolean }} HotSeatView
 * @typedef {{ id: number, seat: number, text: string, due: string | null, hot_seat: number }} CommitmentView
 * @typedef {{ id: number, seat: number, text: string, due: string | null }} PriorCommitmentView
 * @typedef {{ version: number, circle: { name: string, norms: string[] },
 *             settings: { time_boxes: Record<string, number>, auto_advance: boolean },
 *             locked: boolean, phase: string, seats: SeatView[],
 *             floor: { seat: number, turn: string } | null, next: number | null,
 *             timer: import('./countdown.js').TimerView | null,
 *             agenda: { done: { seat: number, outcome: string }[], current: number | null, upcoming: number[] },
 *             hands: number[],
 *             check_in: { open_commitments: PriorCommitmentView[],
 *                         reports: { commitment: number, seat: number, status: string, note: string | null, words?: Words }[],
 *                         notes: { seat: number, note: string | null, words?: Words }[], done: number[] },
 *             hot_seat: HotSeatView | null, commitments: CommitmentView[],
 *             former_seats: { id: number, name: string }[],
 *             schedule?: import('./schedule.js').Schedule }} Snapshot
 * @typedef {'idle' | 'connecting' | 'live' | 'reconnecting' | 'closed'} Status
 * @typedef {{
 *   status: Status,
 *   attempt: number,
 *   room: string | null,
 *   seat: number | null,
 *   seatToken: string | null,
 *   resumed: boolean,
 *   snapshot: Snapshot | null,
 *   clock: import('./countdown.js').ClockSample | null,
 *   events: { type: string, [k: string]: unknown }[],
 *   goodbye: string | null,
 *   joinError: { code: string, message: string } | null,
 *   hint: { req: number | null, verdict: { kind: string, cue: string | null } } | null,
 * }} ClientState
 */

/** @returns {ClientState} */
export function initialState() {
  return {
    status: 'idle',
    attempt: 0,
    room: null,
    seat: null,
    seatToken: null,
    resumed: false,
    snapshot: null,
    clock: null,
    events: [],
    goodbye: null,
    joinError: null,
    hint: null,
  };
}

/**
 * The connection's status changed (connecting, live, reconnecting, closed).
 * A connection that is not live keeps the last snapshot to draw, marked stale by the view.
 * @param {ClientState} state
 * @param {Status} status
 * @param {number} [attempt]
 * @returns {ClientState}
 */
export function withStatus(state, status, attempt = 0) {
  return { ...state, status, attempt, events: [] };
}

/**
 * Folds one server message into the state.
 * @param {ClientState} state
 * @param {any} msg a parsed server message
 * @param {number} receivedAt local monotonic time (ms) when the message arrived
 * @returns {ClientState}
 */
export function reduce(state, msg, receivedAt) {
  if (!msg || typeof msg !== 'object') return state;
  switch (msg.type) {
    case 'welcome':
      return {
        ...state,
        status: 'live',
        attempt: 0,
        room: msg.room,
        seat: msg.seat,
        seatToken: msg.seat_token,
        resumed: Boolean(msg.resumed),
        snapshot: msg.snapshot,
        clock: { serverTime: msg.server_time, receivedAt },
        events: [],
        goodbye: null,
        joinError: null,
      };
    case 'update': {
      if (state.seat == null) return state;
      const current = state.snapshot;
      if (current && msg.snapshot.version < current.version) return state;
      return {
        ...state,
        snapshot: msg.snapshot,
        clock: { serverTime: msg.server_time, receivedAt },
        events: Array.isArray(msg.events) ? msg.events : [],
      };
    }
    case 'error':
      if (state.status !== 'live') {
        return { ...state, joinError: { code: msg.code, message: msg.message ?? '' } };
      }
      return state;
    case 'question_hint':
      return { ...state, hint: { req: msg.req ?? null, verdict: msg.verdict } };
    case 'goodbye':
      return { ...state, goodbye: msg.reason };
    default:
      // ack, and kinds this client does not know: nothing to draw.
      return state;
  }
}

// ---------------------------------------------------------------------------------------
// The view model

const PHASE_ORDER = ['lobby', 'opening', 'check_in', 'hot_seats', 'closing', 'ended'];

/** @param {string} phase */
function phaseRank(phase) {
  return PHASE_ORDER.indexOf(isHotSeatPhase(phase) ? 'hot_seats' : phase);
}

/**
 * A name for any seat id, including seats that have left.
 * @param {Snapshot} snapshot
 * @param {number | null | undefined} seat
 */
export function nameOf(snapshot, seat) {
  if (seat == null) return 'Nobody';
  const s = snapshot.seats.find((x) => x.id === seat);
  if (s) return s.name;
  const former = snapshot.former_seats.find((x) => x.id === seat);
  return former ? former.name : 'Someone who left';
}

/**
 * Possessive, plainly: "Ana’s", "James’".
 * @param {string} name
 */
export function possessive(name) {
  return /s$/i.test(name) ? `${name}’` : `${name}’s`;
}

/**
 * The label of what comes after the current step.
 * @param {Snapshot} s
 */
function nextStepLabel(s) {
  const nextPresenter = s.agenda.upcoming.length > 0 ? nameOf(s, s.agenda.upcoming[0]) : null;
  const hotSeatOrClosing = nextPresenter ? `${possessive(nextPresenter)} hot seat` : 'closing';
  switch (s.phase) {
    case 'lobby': return 'opening and norms';
    case 'opening': return 'check-in';
    case 'check_in': return hotSeatOrClosing;
    case 'presenting': return 'question round';
    case 'questions': return 'learnings';
    case 'learnings': return 'commitment';
    case 'commitment': return hotSeatOrClosing;
    case 'closing': return 'the end of the meeting';
    default: return null;
  }
}

/**
 * The phase stepper: where we are and what comes next.
 * @param {Snapshot} s
 */
function stepper(s) {
  const rank = phaseRank(s.phase);
  /** @param {number} r */
  const stateFor = (r) => (r < rank ? 'done' : r === rank ? 'current' : 'upcoming');
  /** @type {{ key: string, label: string, state: string, note?: string, steps?: { key: string, label: string, state: string }[] }[]} */
  const items = [
    { key: 'lobby', label: 'Lobby', state: stateFor(0) },
    { key: 'opening', label: 'Opening', state: stateFor(1) },
    { key: 'check_in', label: 'Check-in', state: stateFor(2) },
  ];
  s.agenda.done.forEach((entry, i) => {
    items.push({
      key: `hot-seat-done-${i}`,
      label: `Hot seat: ${nameOf(s, entry.seat)}`,
      state: 'done',
      note: OUTCOME_LABELS[entry.outcome] ?? entry.outcome,
    });
  });
  if (s.agenda.current != null && isHotSeatPhase(s.phase)) {
    const at = HOT_SEAT_STEPS.indexOf(/** @type {any} */ (s.phase));
    items.push({
      key: 'hot-seat-current',
      label: `Hot seat: ${nameOf(s, s.agenda.current)}`,
      state: 'current',
      steps: HOT_SEAT_STEPS.map((step, i) => ({
        key: step,
        label: PHASE_LABELS[step],
        state: i < at ? 'done' : i === at ? 'current' : 'upcoming',
      })),
    });
  }
  s.agenda.upcoming.forEach((seat) => {
    items.push({ key: `hot-seat-next-${seat}`, label: `Hot seat: ${nameOf(s, seat)}`, state: rank > 3 ? 'skipped' : 'upcoming' });
  });
  if (s.agenda.done.length === 0 && s.agenda.current == null && s.agenda.upcoming.length === 0) {
    items.push({ key: 'hot-seats', label: 'Hot seats', state: stateFor(3) });
  }
  items.push({ key: 'closing', label: 'Closing', state: stateFor(4) });
  items.push({ key: 'ended', label: 'End', state: s.phase === 'ended' ? 'current' : 'upcoming' });
  return items;
}

/**
 * What is happening now, in one sentence (for everyone).
 * @param {Snapshot} s
 * @param {number | null} me
 */
function headline(s, me) {
  const round = roundState(s, me);
  const mine = s.seats.find((x) => x.id === me);
  const floor = s.floor;
  const presenter = s.agenda.current != null ? nameOf(s, s.agenda.current) : 'The presenter';
  const who = floor ? (floor.seat === me ? 'You' : nameOf(s, floor.seat)) : null;
  const be = who === 'You' ? 'are' : 'is';
  switch (s.phase) {
    case 'lobby':
      return mine?.role === 'facilitator'
        ? 'The meeting has not started yet: start it when the members are here.'
        : 'Waiting for the facilitator to start the meeting.';
    case 'opening': return 'Read the circle’s norms together, and acknowledge them to take part.';
    case 'check_in':
      if (who) return `${who} ${be} checking in.`;
      if (round.checkInComplete) return 'Everyone has checked in.';
      if (round.readingNorms.length > 0) {
        const names = round.readingNorms.map((n) => (mine && n === mine.name ? 'you' : n));
        return `Waiting for ${names.join(' and ')} to acknowledge the norms and check in.`;
      }
      return 'Nobody has the floor right now.';
    case 'presenting':
      return who ? `${who} ${be} presenting.` : `${presenter} has finished presenting.`;
    case 'questions':
      if (floor && floor.turn === 'answering') {
        const asked = lastAskedQuestion(s);
        const asker = asked ? nameOf(s, asked.seat) : 'the';
        return `${who} ${be} answering ${asked ? possessive(asker) : 'the'} question.`;
      }
      return who ? `${who} ${be} asking a question.` : 'The first round is over: raise your hand to ask another question.';
    case 'learnings':
      if (who) return `${who} ${be} sharing a learning.`;
      return round.learningsComplete ? 'Everyone has shared a learning.' : 'Nobody has the floor right now.';
    case 'commitment':
      return who ? `${who} ${be} making a commitment.` : `${presenter} has finished the commitment step.`;
    case 'closing': return 'What did we learn today, and what are our next steps?';
    case 'ended': return 'The meeting has ended. Thank you all.';
    default: return '';
  }
}

/**
 * Where the round stands, for waiting texts that are true of the state: who has had their
 * turn (members here and past the norms are the ones the server's rotation serves).
 * @param {Snapshot} s
 * @param {number | null} me
 */
export function roundState(s, me) {
  const here = s.seats.filter((x) => x.role === 'member' && x.present);
  const serving = here.filter((x) => x.acknowledged);
  const hs = s.hot_seat;
  const checkedIn = (/** @type {number} */ id) => s.check_in.done.includes(id);
  const learned = (/** @type {number} */ id) => Boolean(hs && hs.learnings_done.includes(id));
  // A late joiner reads the norms first; acknowledging them gives them the free floor (the
  // server fills it after every command), so they check in at the end of the order.
  const readingNorms = here.filter((x) => !x.acknowledged && !checkedIn(x.id)).map((x) => x.name);
  return {
    readingNorms,
    everyoneAcknowledged: here.length > 0 && here.every((x) => x.acknowledged),
    myCheckInDone: me != null && checkedIn(me),
    checkInComplete: s.phase === 'check_in' && s.floor == null && serving.length > 0 && serving.every((x) => checkedIn(x.id)) &&
      readingNorms.length === 0,
    myLearningDone: me != null && learned(me),
    learningsComplete: s.phase === 'learnings' && s.floor == null && serving.length > 0 && serving.every((x) => learned(x.id)),
    presentingDone: s.phase === 'presenting' && s.floor == null,
  };
}

/**
 * Why words are missing from an entry (`words: "not_kept"`), in the screen's words: the
 * server never stores what members say, so a restart cannot bring them back.
 */
export const NOT_KEPT_REASON = 'its words were not kept when the server restarted — Hotseat never stores what members say';

/**
 * In place of a question's words the server did not keep: who asked, why the words are gone,
 * and, while the round runs, that it can be asked again. Null when the words are there.
 * @param {QuestionView} q @param {string} asker @param {boolean} mine @param {string} phase
 */
function questionNotice(q, asker, mine, phase) {
  if (q.words !== 'not_kept') return null;
  const again = phase === 'questions' ? ` ${mine ? 'You' : asker} can ask it again.` : '';
  return `${mine ? 'You' : asker} asked a question (${NOT_KEPT_REASON}).${again}`;
}

/** @param {{ words?: Words }} report */
function reportNotice(report) {
  return report.words === 'not_kept' ? `A note was given (${NOT_KEPT_REASON}).` : null;
}

/**
 * The presenter's answering panel: the question's words, or why they are not there.
 * @param {Snapshot} s @param {QuestionView | null} q @param {(seat: number | undefined) => string} name
 */
function answerPanel(s, q, name) {
  const asker = name(q?.seat);
  const text = !q ? 'The question just asked.'
    : questionNotice(q, asker, false, s.phase) ?? q.text ?? '';
  return { question: q, asker, text };
}

/** @param {Snapshot} s */
function lastAskedQuestion(s) {
  const qs = s.hot_seat ? s.hot_seat.questions : [];
  for (let i = qs.length - 1; i >= 0; i -= 1) {
    if (qs[i].status === 'asked') return qs[i];
  }
  return null;
}

/**
 * Why the ask button is off, in a plain sentence; null when I may ask now.
 * @param {Snapshot} s
 * @param {number} me
 * @param {boolean} acknowledged
 */
function askBlockedReason(s, me, acknowledged) {
  if (!acknowledged) return 'Acknowledge the circle’s norms first; then you can take turns.';
  const floor = s.floor;
  if (floor && floor.seat === me && floor.turn === 'asking') return null;
  const firstRound = s.hot_seat ? s.hot_seat.first_round_pending.includes(me) : false;
  const later = firstRound
    ? 'Everyone gets one question in the first round; your turn will come.'
    : 'Raise your hand to ask another question.';
  if (floor && floor.turn === 'asking') {
    return `It is not your turn: ${nameOf(s, floor.seat)} has the floor. ${later}`;
  }
  if (floor && floor.turn === 'answering') {
    return `It is not your turn: ${nameOf(s, floor.seat)} is answering. ${later}`;
  }
  return `It is not your turn. ${later}`;
}

/**
 * The turn a member could be given by the facilitator now, or null.
 * Mirrors `give_floor` in server/src/engine/turns.rs.
 * @param {Snapshot} s
 * @param {SeatView} seat
 */
function floorTurnFor(s, seat) {
  if (seat.role !== 'member' || !seat.present || !seat.acknowledged) return null;
  const isPresenter = s.agenda.current === seat.id;
  const awaiting = lastAskedQuestion(s) != null;
  let turn = null;
  switch (s.phase) {
    case 'check_in': turn = 'check_in'; break;
    case 'presenting': turn = isPresenter ? 'presenting' : null; break;
    case 'questions': turn = isPresenter ? (awaiting ? 'answering' : null) : 'asking'; break;
    case 'learnings': turn = 'learning'; break;
    case 'commitment': turn = isPresenter ? 'committing' : null; break;
    default: turn = null;
  }
  if (turn && s.floor && s.floor.seat === seat.id && s.floor.turn === turn) return null;
  return turn;
}

/**
 * The facilitator's main button: what "next" does here.
 * @param {Snapshot} s
 */
function facilitatorNext(s) {
  if (s.phase === 'lobby') return { command: 'start', label: 'Start the meeting' };
  if (s.phase === 'closing') return { command: 'advance', label: 'Finish the meeting' };
  if (s.phase === 'ended') return null;
  const step = nextStepLabel(s);
  return { command: 'advance', label: `Next: ${step}` };
}

/**
 * Everything the room screen draws, derived from the state.
 * @param {ClientState} state
 */
export function deriveView(state) {
  const s = state.snapshot;
  const live = state.status === 'live';
  if (!s) {
    return { ready: /** @type {const} */ (false), live, status: state.status, attempt: state.attempt };
  }
  const meId = state.seat;
  const me = s.seats.find((x) => x.id === meId) ?? null;
  const isFacilitator = me?.role === 'facilitator';
  const isMember = me?.role === 'member';
  const phase = s.phase;
  const floor = s.floor;
  const myTurn = Boolean(me && floor && floor.seat === me.id);
  const presenterId = s.agenda.current;
  const isPresenter = me != null && presenterId === me.id && isHotSeatPhase(phase);
  const acknowledged = Boolean(me?.acknowledged);
  const inHands = me ? s.hands.indexOf(me.id) : -1;
  const name = (/** @type {number | null | undefined} */ seat) => nameOf(s, seat);
  const hotSeat = s.hot_seat;
  const spoke = (/** @type {SeatView} */ seat) => seat.stats.turns + seat.stats.questions > 0;

  const members = s.seats.map((seat) => ({
    id: seat.id,
    name: seat.name,
    role: seat.role,
    present: seat.present,
    acknowledged: seat.acknowledged,
    isMe: seat.id === meId,
    hasFloor: floor?.seat === seat.id,
    isNext: s.next === seat.id,
    isPresenter: presenterId === seat.id && isHotSeatPhase(phase),
    hand: s.hands.indexOf(seat.id) + 1,
    stats: seat.stats,
    notHeardYet: seat.role === 'member' && !spoke(seat) && !['lobby', 'opening'].includes(phase),
  }));

  const open = isMember && me ? s.check_in.open_commitments.filter((c) => c.seat === me.id) : [];
  const agendaOpen = !['closing', 'ended'].includes(phase);

  const actions = {
    acknowledgeNorms: isMember && !acknowledged && phase !== 'lobby' && phase !== 'ended',
    volunteer:
      isMember && ['lobby', 'opening', 'check_in'].includes(phase) && (acknowledged || phase === 'lobby') && me != null &&
      !s.agenda.upcoming.includes(me.id) && !isPresenter,
    checkIn: myTurn && floor?.turn === 'check_in' ? { commitments: open } : null,
    pass: myTurn && ['check_in', 'asking', 'learning'].includes(floor?.turn ?? ''),
    presentingDone: myTurn && floor?.turn === 'presenting',
    ask: phase === 'questions' && isMember && !isPresenter && me != null
      ? { enabled: myTurn && floor?.turn === 'asking', reason: askBlockedReason(s, me.id, acknowledged) }
      : null,
    answer: myTurn && floor?.turn === 'answering'
      ? answerPanel(s, lastAskedQuestion(s), name)
      : null,
    shareLearning: myTurn && floor?.turn === 'learning',
    commit: phase === 'commitment' && isPresenter && hotSeat
      ? {
        canFinish: myTurn && floor?.turn === 'committing',
        insightOnlyChosen: hotSeat.insight_only,
        made: s.commitments.filter((c) => c.hot_seat === hotSeat.index),
      }
      : null,
    raiseHand: phase === 'questions' && isMember && !isPresenter && acknowledged && inHands < 0 && !myTurn,
    lowerHand: inHands >= 0,
    handPosition: inHands + 1,
  };

  const nextAction = facilitatorNext(s);
  const questionsAsked = hotSeat ? hotSeat.questions : [];
  const round = roundState(s, meId);
  const facilitator = isFacilitator ? {
    next: nextAction,
    // Before the hot seats, an empty agenda would send the meeting straight to its closing.
    agendaEmpty: ['lobby', 'opening', 'check_in'].includes(phase) && s.agenda.upcoming.length === 0 &&
      s.agenda.done.length === 0 && s.agenda.current == null,
    // The cue that the round is complete and it is time to move on.
    roundComplete: round.checkInComplete ? `Everyone has checked in: move on to ${nextStepLabel(s)} when the circle is ready.`
      : round.learningsComplete ? `Everyone has shared a learning: move on to the ${nextStepLabel(s)} when the circle is ready.`
        : null,
    canBack: !['lobby', 'opening', 'ended'].includes(phase),
    canSkip: floor != null && phase !== 'ended',
    skipLabel: floor ? `Skip ${possessive(name(floor.seat))} turn` : 'Skip the speaker',
    canSkipHotSeat: isHotSeatPhase(phase) && presenterId != null,
    floorCandidates: s.seats
      .map((seat) => ({ seat, turn: floorTurnFor(s, seat) }))
      .filter((x) => x.turn != null)
      .map((x) => ({ id: x.seat.id, name: x.seat.name, turn: /** @type {string} */ (x.turn) })),
    timer: s.timer ? { paused: s.timer.paused != null, timeUp: s.timer.time_up } : null,
    agenda: {
      editable: agendaOpen && phase !== 'ended',
      upcoming: s.agenda.upcoming.map((seat) => ({ id: seat, name: name(seat) })),
      addable: s.seats
        .filter((seat) => seat.role === 'member' && !s.agenda.upcoming.includes(seat.id) &&
          !(presenterId === seat.id && isHotSeatPhase(phase)))
        .map((seat) => ({ id: seat.id, name: seat.name })),
    },
    locked: s.locked,
    members: s.seats.filter((seat) => seat.role === 'member').map((seat) => ({
      id: seat.id,
      name: seat.name,
      present: seat.present,
      acknowledged: seat.acknowledged,
      stats: seat.stats,
      notHeardYet: !spoke(seat) && !['lobby', 'opening'].includes(phase),
      canHandOver: seat.present && !(presenterId === seat.id && isHotSeatPhase(phase)),
    })),
    // Members who have not had their check-in turn: moving on past them asks first.
    pendingCheckIn: phase === 'check_in'
      ? s.seats
        .filter((seat) => seat.role === 'member' && seat.present && !s.check_in.done.includes(seat.id))
        .map((seat) => seat.name)
      : [],
    pendingNorms: s.seats
      .filter((seat) => seat.role === 'member' && seat.present && !seat.acknowledged)
      .map((seat) => seat.name),
    mix: hotSeat ? { ...hotSeat.mix, total: questionsAsked.length } : null,
    canEditNorms: phase === 'lobby' || phase === 'opening',
    ended: phase === 'ended',
    // After the end the facilitator opens the circle's next meeting (`start`).
    startNext: phase === 'ended',
  } : null;

  return {
    ready: /** @type {const} */ (true),
    live,
    stale: !live,
    status: state.status,
    attempt: state.attempt,
    version: s.version,
    circleName: s.circle.name,
    me: me ? { id: me.id, name: me.name, role: me.role, acknowledged } : null,
    isFacilitator,
    isMember,
    isPresenter,
    phase,
    phaseLabel: PHASE_LABELS[phase] ?? phase,
    headline: headline(s, meId),
    nextStep: nextStepLabel(s),
    stepper: stepper(s),
    floor: floor ? {
      seat: floor.seat,
      name: name(floor.seat),
      turn: floor.turn,
      isMe: myTurn,
      doing: TURN_DOING[floor.turn] ?? 'has the floor',
    } : null,
    next: s.next != null ? { seat: s.next, name: name(s.next), isMe: s.next === meId } : null,
    presenter: presenterId != null ? { seat: presenterId, name: name(presenterId), isMe: presenterId === meId } : null,
    yourTurn: myTurn && floor ? { turn: floor.turn, text: YOUR_TURN[floor.turn] ?? 'You have the floor' } : null,
    timer: s.timer,
    members,
    agenda: {
      done: s.agenda.done.map((d) => ({ seat: d.seat, name: name(d.seat), outcome: d.outcome, outcomeLabel: OUTCOME_LABELS[d.outcome] ?? d.outcome })),
      current: presenterId != null ? { seat: presenterId, name: name(presenterId) } : null,
      upcoming: s.agenda.upcoming.map((seat) => ({ seat, name: name(seat), isMe: seat === meId })),
    },
    hands: s.hands.map((seat) => ({ seat, name: name(seat), isMe: seat === meId })),
    norms: s.circle.norms,
    commitments: s.commitments.map((c) => ({ ...c, name: name(c.seat) })),
    checkIn: {
      notes: s.check_in.notes.map((n) => ({
        seat: n.seat, name: name(n.seat), note: n.note,
        notice: n.words === 'not_kept' ? `said how they arrive (${NOT_KEPT_REASON}).` : null,
      })),
      reports: s.check_in.reports.map((r) => ({
        seat: r.seat,
        name: name(r.seat),
        commitment: s.check_in.open_commitments.find((c) => c.id === r.commitment)?.text ?? '',
        status: r.status,
        statusLabel: REPORT_LABELS[r.status] ?? r.status,
        note: r.note,
        notice: reportNotice(r),
      })),
      done: s.check_in.done.map((seat) => ({ seat, name: name(seat) })),
      open: s.check_in.open_commitments.map((c) => {
        const report = s.check_in.reports.find((r) => r.commitment === c.id) ?? null;
        return {
          ...c,
          name: name(c.seat),
          isMine: c.seat === meId,
          report: report ? {
            status: report.status,
            statusLabel: REPORT_LABELS[report.status] ?? report.status,
            note: report.note,
            notice: reportNotice(report),
          } : null,
        };
      }),
    },
    schedule: s.schedule ?? { next_meeting_at: null, round_ends_on: null },
    hotSeat: hotSeat ? {
      index: hotSeat.index,
      presenter: name(hotSeat.presenter),
      questions: hotSeat.questions.map((q) => ({
        id: q.id,
        seat: q.seat,
        asker: name(q.seat),
        text: q.text,
        notice: questionNotice(q, name(q.seat), q.seat === meId, phase),
        kind: q.kind,
        kindLabel: KIND_LABELS[q.kind] ?? q.kind,
        // `set_aside` comes from the server when the facilitator moved on before an answer.
        status: q.status,
      })),
      learnings: hotSeat.learnings.map((l) => ({
        seat: l.seat,
        name: name(l.seat),
        text: l.text,
        // A pass is `none`; a learning shared before a restart is `not_kept`, never a pass.
        passed: l.words ? l.words === 'none' : l.text == null,
        notice: l.words === 'not_kept' ? `shared a learning (${NOT_KEPT_REASON}).` : null,
      })),
      insightOnly: hotSeat.insight_only,
      firstRoundPending: hotSeat.first_round_pending.map((seat) => name(seat)),
    } : null,
    actions,
    facilitator,
    round,
    ended: phase === 'ended',
  };
}

/**
 * The room's situation in one string: what an error on screen is about. When it changes (the
 * step, the floor, the hot seat, a choice like "insight only", a commitment or report made,
 * who has acknowledged, the connection), an error shown before is no longer true and goes.
 * Hands and presence are left out: they move often and do not answer an error.
 * @param {ClientState} state
 */
export function situationKey(state) {
  const s = state.snapshot;
  if (!s) return state.status;
  const hs = s.hot_seat;
  return JSON.stringify([
    state.status === 'live', s.phase, s.floor, s.agenda.current, s.agenda.upcoming, s.locked,
    hs ? [hs.index, hs.insight_only, hs.questions.length, hs.learnings_done] : null,
    s.commitments.length, s.check_in.done, s.check_in.reports.length,
    s.seats.map((x) => [x.id, x.role, x.acknowledged]),
  ]);
}

/**
 * What the connection banner says, or null when there is nothing to say (live, or not yet
 * in the room). A goodbye's reason is given in plain words when the server gave one.
 * @param {ClientState} state
 * @returns {{ title: string, detail: string } | null}
 */
export function connectionNotice(state) {
  const away = state.status === 'reconnecting' || state.status === 'connecting';
  if (!away || !state.snapshot) return null;
  const title = state.goodbye ? goodbyeInfo(state.goodbye).sentence : 'Connection lost. Reconnecting…';
  const attempt = state.attempt > 1 ? ` (attempt ${state.attempt})` : '';
  return {
    title,
    detail: `What you see may be out of date, and actions are paused until you are back.${attempt}`,
  };
}

/**
 * One sentence for a screen reader when the floor or the step changed ("Ben has the floor.
 * Question round."), or null when neither did. The floor coming to me is said elsewhere.
 * @param {ClientState} before
 * @param {ClientState} after
 */
export function floorOrPhaseSentence(before, after) {
  const was = before.snapshot;
  const now = after.snapshot;
  if (!was || !now) return null;
  const phaseChanged = was.phase !== now.phase;
  const f = now.floor;
  const floorChanged = (was.floor?.seat ?? null) !== (f?.seat ?? null) || (was.floor?.turn ?? null) !== (f?.turn ?? null);
  if (!phaseChanged && !floorChanged) return null;
  const parts = [];
  if (f && (floorChanged || phaseChanged)) {
    parts.push(f.seat === after.seat ? 'You have the floor.' : `${nameOf(now, f.seat)} has the floor.`);
  } else if (!f && floorChanged && !phaseChanged) {
    parts.push('Nobody has the floor.');
  }
  if (phaseChanged) parts.push(`${PHASE_LABELS[now.phase] ?? now.phase}.`);
  return parts.join(' ');
}

/**
 * True when this update handed me the floor (for the your-turn cue: banner, sound).
 * @param {ClientState} before
 * @param {ClientState} after
 */
export function floorCameToMe(before, after) {
  const me = after.seat;
  if (me == null || !after.snapshot || !after.snapshot.floor) return false;
  const now = after.snapshot.floor;
  if (now.seat !== me) return false;
  const was = before.snapshot?.floor;
  return !(was && was.seat === me && was.turn === now.turn && before.seat === me);
}
