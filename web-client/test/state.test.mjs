// The reducer and the view model: who has the floor, who is next, whether it is my turn, and
// the actions that fit, for members and the facilitator, through the phases of a meeting.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initialState, reduce, withStatus, deriveView, floorCameToMe, nameOf, possessive } from '../assets/js/state.js';

const FAC = 10;
const ANA = 1;
const BEN = 2;
const CLEO = 3;

/** @param {Partial<import('../assets/js/state.js').Snapshot>} [over] */
function snapshot(over = {}) {
  /** @param {number} id @param {string} name @param {'facilitator' | 'member'} role */
  const seat = (id, name, role = 'member') => ({
    id, name, role, present: true, acknowledged: role === 'member', stats: { turns: 0, passes: 0, questions: 0 },
  });
  return {
    version: 5,
    circle: { name: 'North', norms: ['Listen to understand.'] },
    settings: { time_boxes: { opening_secs: 120 }, auto_advance: false },
    locked: false,
    phase: 'lobby',
    seats: [seat(FAC, 'Maya', 'facilitator'), seat(ANA, 'Ana'), seat(BEN, 'Ben'), seat(CLEO, 'Cleo')],
    floor: null,
    next: null,
    timer: null,
    agenda: { done: [], current: null, upcoming: [] },
    hands: [],
    check_in: { open_commitments: [], reports: [], notes: [], done: [] },
    hot_seat: null,
    commitments: [],
    former_seats: [],
    ...over,
  };
}

/** A hot seat for Ana, in `phase`. */
/** @param {string} phase @param {Partial<import('../assets/js/state.js').Snapshot>} [over] */
function hotSeat(phase, over = {}) {
  return snapshot({
    phase,
    agenda: { done: [], current: ANA, upcoming: [CLEO] },
    hot_seat: {
      index: 0, presenter: ANA, questions: [], mix: { open: 0, closed: 0, advice: 0 },
      first_round_pending: [BEN, CLEO], learnings: [], learnings_done: [], insight_only: false,
    },
    ...over,
  });
}

/**
 * State as seen by `seat` after a welcome with this snapshot.
 * @param {number} seat
 * @param {ReturnType<typeof snapshot>} snap
 */
function seated(seat, snap) {
  return reduce(initialState(), {
    type: 'welcome', protocol: 1, room: 'r', seat, role: seat === FAC ? 'facilitator' : 'member',
    seat_token: `tok-${seat}`, resumed: false, server_time: 1_000_000, snapshot: snap,
  }, 50);
}

/** @param {number} seat @param {ReturnType<typeof snapshot>} snap */
function view(seat, snap) {
  const vm = deriveView(seated(seat, snap));
  assert.ok(vm.ready);
  return /** @type {Extract<ReturnType<typeof deriveView>, { ready: true }>} */ (vm);
}

test('welcome makes the state live with the seat, token, snapshot and clock sample', () => {
  const s = seated(BEN, snapshot());
  assert.equal(s.status, 'live');
  assert.equal(s.seat, BEN);
  assert.equal(s.seatToken, `tok-${BEN}`);
  assert.deepEqual(s.clock, { serverTime: 1_000_000, receivedAt: 50 });
  assert.equal(s.snapshot?.version, 5);
});

test('updates replace the snapshot; an older version is ignored; events are kept for cues', () => {
  let s = seated(BEN, snapshot());
  s = reduce(s, { type: 'update', server_time: 1_000_500, events: [{ type: 'norms_changed' }], snapshot: snapshot({ version: 6, phase: 'opening' }) }, 70);
  assert.equal(s.snapshot?.phase, 'opening');
  assert.deepEqual(s.clock, { serverTime: 1_000_500, receivedAt: 70 });
  assert.equal(s.events.length, 1);
  const stale = reduce(s, { type: 'update', server_time: 1, events: [], snapshot: snapshot({ version: 4, phase: 'lobby' }) }, 80);
  assert.equal(stale, s);
  const sync = reduce(s, { type: 'update', server_time: 1_000_600, events: [], snapshot: snapshot({ version: 6, phase: 'opening' }) }, 90);
  assert.equal(sync.clock?.receivedAt, 90, 'a sync reply with the same version refreshes the clock');
});

test('an update before any welcome is ignored', () => {
  const s = reduce(initialState(), { type: 'update', server_time: 1, events: [], snapshot: snapshot() }, 1);
  assert.equal(s.snapshot, null);
});

test('an error before the welcome is a join error; after it, it is left to the action', () => {
  const refused = reduce(withStatus(initialState(), 'connecting'), { type: 'error', code: 'name_taken', message: 'x' }, 1);
  assert.deepEqual(refused.joinError, { code: 'name_taken', message: 'x' });
  const live = seated(ANA, snapshot());
  assert.equal(reduce(live, { type: 'error', req: 3, code: 'not_your_turn', message: 'x' }, 1), live);
});

test('hints and goodbyes are recorded; unknown message kinds change nothing', () => {
  let s = seated(ANA, snapshot());
  s = reduce(s, { type: 'question_hint', req: 4, verdict: { kind: 'closed', cue: 'did' } }, 1);
  assert.deepEqual(s.hint, { req: 4, verdict: { kind: 'closed', cue: 'did' } });
  s = reduce(s, { type: 'goodbye', reason: 'removed' }, 2);
  assert.equal(s.goodbye, 'removed');
  assert.equal(reduce(s, { type: 'brand_new_kind' }, 3), s);
  assert.equal(reduce(s, null, 3), s);
});

test('a connection that is not live marks the view stale and keeps the last snapshot', () => {
  const s = withStatus(seated(ANA, snapshot()), 'reconnecting', 2);
  const vm = deriveView(s);
  assert.ok(vm.ready);
  assert.equal(vm.live, false);
  assert.equal(vm.stale, true);
  assert.equal(vm.attempt, 2);
  assert.equal(deriveView(initialState()).ready, false);
});

test('check-in: who has the floor, who is next, my turn and its actions', () => {
  const snap = snapshot({
    phase: 'check_in',
    floor: { seat: ANA, turn: 'check_in' },
    next: BEN,
    check_in: {
      open_commitments: [{ id: 7, seat: ANA, text: 'Call the supplier', due: null }, { id: 8, seat: BEN, text: 'Rest', due: null }],
      reports: [], notes: [], done: [],
    },
  });
  const ana = view(ANA, snap);
  assert.equal(ana.floor?.isMe, true);
  assert.equal(ana.yourTurn?.text, 'Your turn to check in');
  assert.deepEqual(ana.actions.checkIn?.commitments.map((c) => c.id), [7], 'only my own open commitments');
  assert.equal(ana.actions.pass, true);
  assert.equal(ana.headline, 'You are checking in.');
  const ben = view(BEN, snap);
  assert.equal(ben.floor?.name, 'Ana');
  assert.equal(ben.next?.isMe, true);
  assert.equal(ben.yourTurn, null);
  assert.equal(ben.actions.checkIn, null);
  assert.equal(ben.actions.pass, false);
  assert.equal(ben.headline, 'Ana is checking in.');
  assert.equal(ben.nextStep, 'closing', 'no hot seat on the agenda');
});

test('check-in report-back: everyone sees each open commitment with its report, or that none came yet', () => {
  const snap = snapshot({
    phase: 'check_in',
    floor: { seat: BEN, turn: 'check_in' },
    check_in: {
      open_commitments: [{ id: 7, seat: ANA, text: 'Call the supplier', due: '2031-06-01' }, { id: 8, seat: BEN, text: 'Rest', due: null }],
      reports: [{ commitment: 7, seat: ANA, status: 'partly', note: 'Called; waiting for the answer.' }],
      notes: [], done: [ANA],
    },
  });
  const maya = view(FAC, snap);
  assert.deepEqual(maya.checkIn.open.map((c) => [c.id, c.name, c.report?.statusLabel ?? null, c.report?.note ?? null]), [
    [7, 'Ana', 'Partly', 'Called; waiting for the answer.'],
    [8, 'Ben', null, null],
  ]);
  assert.equal(maya.checkIn.reports[0].commitment, 'Call the supplier');
  assert.deepEqual(view(ANA, snap).checkIn.open.map((c) => c.isMine), [true, false]);
  assert.deepEqual(view(BEN, snap).actions.checkIn?.commitments.map((c) => c.text), ['Rest']);
});

test('after the end: the facilitator may start the next meeting; the schedule is in the view', () => {
  const ended = snapshot({ phase: 'ended', schedule: { next_meeting_at: 1_900_000_000_000, round_ends_on: '2031-09-30' } });
  const maya = view(FAC, ended);
  assert.equal(maya.facilitator?.startNext, true);
  assert.equal(maya.facilitator?.next, null, 'no "next step" button: starting the next meeting is its own control');
  assert.deepEqual(maya.schedule, { next_meeting_at: 1_900_000_000_000, round_ends_on: '2031-09-30' });
  assert.equal(view(FAC, snapshot({ phase: 'closing' })).facilitator?.startNext, false);
  assert.equal(view(ANA, ended).facilitator, null);
  assert.deepEqual(view(ANA, snapshot()).schedule, { next_meeting_at: null, round_ends_on: null }, 'a snapshot without a schedule');
});

test('opening: members who have not acknowledged see the norms; the facilitator sees who is pending', () => {
  const snap = snapshot({ phase: 'opening' });
  snap.seats[2].acknowledged = false;
  assert.equal(view(BEN, snap).actions.acknowledgeNorms, true);
  assert.equal(view(ANA, snap).actions.acknowledgeNorms, false);
  const f = view(FAC, snap);
  assert.equal(f.actions.acknowledgeNorms, false, 'the facilitator holds the norms');
  assert.deepEqual(f.facilitator?.pendingNorms, ['Ben']);
  assert.equal(f.facilitator?.next?.label, 'Next: check-in');
  // A late arrival after the opening is asked too, and cannot ask questions yet.
  const late = hotSeat('questions', { floor: { seat: CLEO, turn: 'asking' } });
  late.seats[2].acknowledged = false;
  const ben = view(BEN, late);
  assert.equal(ben.actions.acknowledgeNorms, true);
  assert.equal(ben.actions.ask?.enabled, false);
  assert.match(ben.actions.ask?.reason ?? '', /Acknowledge the circle’s norms first/);
  // In the lobby nobody acknowledges yet.
  const lobby = snapshot();
  lobby.seats[1].acknowledged = false;
  assert.equal(view(ANA, lobby).actions.acknowledgeNorms, false);
});

test('question round: the asker may ask or pass; the others see why not; the presenter answers', () => {
  const asking = hotSeat('questions', { floor: { seat: BEN, turn: 'asking' }, next: CLEO });
  const ben = view(BEN, asking);
  assert.deepEqual(ben.actions.ask, { enabled: true, reason: null });
  assert.equal(ben.actions.pass, true);
  assert.equal(ben.actions.raiseHand, false, 'no hand needed while holding the floor');
  const cleo = view(CLEO, asking);
  assert.equal(cleo.actions.ask?.enabled, false);
  assert.equal(cleo.actions.ask?.reason, 'It is not your turn: Ben has the floor. Everyone gets one question in the first round; your turn will come.');
  assert.equal(cleo.actions.raiseHand, true);
  const ana = view(ANA, asking);
  assert.equal(ana.actions.ask, null, 'the presenter does not ask');
  assert.equal(ana.actions.raiseHand, false);
  assert.equal(ana.isPresenter, true);

  const answering = hotSeat('questions', {
    floor: { seat: ANA, turn: 'answering' },
    hands: [CLEO],
  });
  answering.hot_seat = { ...answering.hot_seat, questions: [{ id: 1, seat: BEN, text: 'What now?', kind: 'open', status: 'asked' }], first_round_pending: [] };
  const anaAnswering = view(ANA, answering);
  assert.equal(anaAnswering.actions.answer?.question?.text, 'What now?');
  assert.equal(anaAnswering.actions.answer?.asker, 'Ben');
  assert.equal(anaAnswering.yourTurn?.text, 'Your turn to answer the question (or note it)');
  assert.equal(view(BEN, answering).headline, 'Ana is answering Ben’s question.');
  const cleoWaiting = view(CLEO, answering);
  assert.equal(cleoWaiting.actions.lowerHand, true);
  assert.equal(cleoWaiting.actions.handPosition, 1);
  assert.equal(cleoWaiting.actions.raiseHand, false);
  assert.match(cleoWaiting.actions.ask?.reason ?? '', /Ana is answering\. Raise your hand/);
  assert.deepEqual(view(FAC, answering).hands, [{ seat: CLEO, name: 'Cleo', isMe: false }]);
});

test('learnings and commitment: the right people get the right forms', () => {
  const learning = hotSeat('learnings', { floor: { seat: CLEO, turn: 'learning' } });
  assert.equal(view(CLEO, learning).actions.shareLearning, true);
  assert.equal(view(BEN, learning).actions.shareLearning, false);

  const committing = hotSeat('commitment', {
    floor: { seat: ANA, turn: 'committing' },
    commitments: [{ id: 3, seat: ANA, text: 'Call Bo', due: '2030-01-01', hot_seat: 0 }],
  });
  const ana = view(ANA, committing);
  assert.equal(ana.actions.commit?.canFinish, true);
  assert.equal(ana.actions.commit?.made.length, 1);
  assert.equal(view(BEN, committing).actions.commit, null);
  const noFloor = view(ANA, hotSeat('commitment'));
  assert.equal(noFloor.actions.commit?.canFinish, false, 'the presenter may still commit without the floor');
  assert.equal(view(ANA, hotSeat('presenting', { floor: { seat: ANA, turn: 'presenting' } })).actions.presentingDone, true);
});

test('volunteering fits before the hot seats, once', () => {
  assert.equal(view(BEN, snapshot()).actions.volunteer, true);
  assert.equal(view(BEN, snapshot({ agenda: { done: [], current: null, upcoming: [BEN] } })).actions.volunteer, false);
  assert.equal(view(FAC, snapshot()).actions.volunteer, false);
  assert.equal(view(BEN, snapshot({ phase: 'closing' })).actions.volunteer, false);
});

test('the stepper shows where we are and what comes next', () => {
  const snap = hotSeat('learnings', { agenda: { done: [{ seat: BEN, outcome: 'committed' }], current: ANA, upcoming: [CLEO] } });
  const vm = view(FAC, snap);
  const summary = vm.stepper.map((s) => `${s.label}:${s.state}`);
  assert.deepEqual(summary, [
    'Lobby:done', 'Opening:done', 'Check-in:done', 'Hot seat: Ben:done', 'Hot seat: Ana:current',
    'Hot seat: Cleo:upcoming', 'Closing:upcoming', 'End:upcoming',
  ]);
  const current = vm.stepper.find((s) => s.state === 'current');
  assert.deepEqual(current?.steps?.map((s) => `${s.key}:${s.state}`),
    ['presenting:done', 'questions:done', 'learnings:current', 'commitment:upcoming']);
  assert.equal(vm.stepper[3].note, 'committed');
  assert.equal(vm.nextStep, 'commitment');
  assert.equal(view(FAC, hotSeat('commitment')).facilitator?.next?.label, 'Next: Cleo’s hot seat');
  assert.equal(view(FAC, snapshot()).stepper.find((s) => s.key === 'hot-seats')?.state, 'upcoming');
});

test('the facilitator’s controls follow the phase', () => {
  const lobby = view(FAC, snapshot());
  assert.deepEqual(lobby.facilitator?.next, { command: 'start', label: 'Start the meeting' });
  assert.equal(lobby.facilitator?.canBack, false);
  assert.equal(view(BEN, snapshot()).facilitator, null, 'members get no facilitator controls');

  const q = hotSeat('questions', { floor: { seat: BEN, turn: 'asking' }, timer: { scope: 'phase', budget_ms: 600000, deadline: 2, remaining_ms: null, paused: null, time_up: true } });
  const f = view(FAC, q).facilitator;
  assert.ok(f);
  assert.equal(f.canSkip, true);
  assert.equal(f.skipLabel, 'Skip Ben’s turn');
  assert.equal(f.canSkipHotSeat, true);
  assert.deepEqual(f.timer, { paused: false, timeUp: true });
  assert.deepEqual(f.floorCandidates.map((c) => `${c.name}:${c.turn}`), ['Cleo:asking'],
    'Ben has the floor already; the presenter answers only when a question waits');
  assert.deepEqual(f.agenda.addable.map((m) => m.name), ['Ben'], 'not the presenter, not those already listed');
  assert.equal(view(FAC, snapshot({ phase: 'closing' })).facilitator?.next?.label, 'Finish the meeting');
  assert.equal(view(FAC, snapshot({ phase: 'ended' })).facilitator?.next, null);

  const away = snapshot({ phase: 'check_in' });
  away.seats[3].present = false;
  assert.deepEqual(view(FAC, away).facilitator?.floorCandidates.map((c) => c.name), ['Ana', 'Ben'], 'away members cannot be given the floor');
});

test('voice stats: members not heard yet are flagged from the check-in on', () => {
  const snap = snapshot({ phase: 'check_in' });
  snap.seats[1].stats = { turns: 1, passes: 0, questions: 0 };
  snap.seats[2].stats = { turns: 0, passes: 1, questions: 0 };
  const f = view(FAC, snap).facilitator;
  assert.deepEqual(f?.members.map((m) => `${m.name}:${m.notHeardYet}`), ['Ana:false', 'Ben:true', 'Cleo:true']);
  assert.deepEqual(view(FAC, snapshot()).facilitator?.members.map((m) => m.notHeardYet), [false, false, false]);
});

test('names survive a member leaving; possessives read naturally', () => {
  const snap = snapshot({ former_seats: [{ id: 9, name: 'Dara' }] });
  assert.equal(nameOf(snap, 9), 'Dara');
  assert.equal(nameOf(snap, 99), 'Someone who left');
  assert.equal(nameOf(snap, null), 'Nobody');
  assert.equal(possessive('Ana'), 'Ana’s');
  assert.equal(possessive('James'), 'James’');
});

test('the your-turn cue fires once, when the floor comes to me', () => {
  const before = seated(BEN, hotSeat('questions', { floor: { seat: CLEO, turn: 'asking' } }));
  const after = reduce(before, { type: 'update', server_time: 1, events: [], snapshot: hotSeat('questions', { version: 6, floor: { seat: BEN, turn: 'asking' } }) }, 2);
  assert.equal(floorCameToMe(before, after), true);
  const again = reduce(after, { type: 'update', server_time: 2, events: [], snapshot: hotSeat('questions', { version: 7, floor: { seat: BEN, turn: 'asking' } }) }, 3);
  assert.equal(floorCameToMe(after, again), false, 'not again while I keep it');
  assert.equal(floorCameToMe(initialState(), seated(BEN, hotSeat('questions', { floor: { seat: BEN, turn: 'asking' } }))), true,
    'a welcome into my own turn (after a reload) cues too');
  const presenter = seated(ANA, hotSeat('questions', { floor: { seat: ANA, turn: 'answering' } }));
  const nextTurn = reduce(presenter, { type: 'update', server_time: 3, events: [], snapshot: hotSeat('questions', { version: 8, floor: { seat: ANA, turn: 'answering' } }) }, 4);
  assert.equal(floorCameToMe(presenter, nextTurn), false);
});

test('the connection banner: nothing while live; why, in plain words, while reconnecting', async () => {
  const { connectionNotice } = await import('../assets/js/state.js');
  const live = seated(ANA, snapshot());
  assert.equal(connectionNotice(live), null);
  assert.equal(connectionNotice(withStatus(initialState(), 'connecting')), null, 'not in the room yet: the loading screen says it');
  const lost = withStatus(live, 'reconnecting', 1);
  assert.deepEqual(connectionNotice(lost), {
    title: 'Connection lost. Reconnecting…',
    detail: 'What you see may be out of date, and actions are paused until you are back.',
  });
  const restarting = withStatus(reduce(live, { type: 'goodbye', reason: 'server_restarting' }, 1), 'reconnecting', 3);
  assert.equal(connectionNotice(restarting)?.title, 'The server is restarting. Reconnecting in a moment…');
  assert.match(connectionNotice(restarting)?.detail ?? '', /\(attempt 3\)$/);
  const slow = withStatus(reduce(live, { type: 'goodbye', reason: 'too_slow' }, 1), 'reconnecting', 1);
  assert.equal(connectionNotice(slow)?.title, 'Your connection could not keep up. Reconnecting…');
  const back = reduce(slow, { type: 'welcome', protocol: 1, room: 'r', seat: ANA, role: 'member', seat_token: 't', resumed: true, server_time: 2, snapshot: snapshot() }, 2);
  assert.equal(back.goodbye, null);
  assert.equal(connectionNotice(back), null);
});

test('a question set aside by the server shows as set aside; the waiting one as asked', () => {
  const qs = [
    { id: 1, seat: BEN, text: 'What now?', kind: 'open', status: 'set_aside' },
    { id: 2, seat: CLEO, text: 'And then?', kind: 'open', status: 'asked' },
  ];
  const answering = hotSeat('questions', { floor: { seat: ANA, turn: 'answering' } });
  answering.hot_seat = { ...answering.hot_seat, questions: qs };
  assert.deepEqual(view(BEN, answering).hotSeat?.questions.map((q) => q.status), ['set_aside', 'asked']);
});

test('after a restart, words the server did not keep are said plainly: never an empty question, never a pass', () => {
  const restarted = hotSeat('questions', { floor: { seat: ANA, turn: 'answering' } });
  restarted.hot_seat = {
    ...restarted.hot_seat,
    questions: [
      { id: 1, seat: CLEO, text: null, words: 'not_kept', kind: 'open', status: 'asked' },
      { id: 2, seat: BEN, text: 'Asked after the restart?', words: 'kept', kind: 'closed', status: 'answered' },
    ],
    learnings: [
      { seat: BEN, text: null, words: 'not_kept' },
      { seat: CLEO, text: null, words: 'none' },
      { seat: FAC, text: 'Kept words.', words: 'kept' },
    ],
  };
  restarted.check_in = {
    open_commitments: [{ id: 7, seat: BEN, text: 'Call the bank', due: null }],
    reports: [{ commitment: 7, seat: BEN, status: 'partly', note: null, words: 'not_kept' }],
    notes: [{ seat: CLEO, note: null, words: 'not_kept' }, { seat: BEN, note: 'Here again', words: 'kept' }],
    done: [BEN, CLEO],
  };
  const reason = 'its words were not kept when the server restarted — Hotseat never stores what members say';

  // The presenter, answering: the panel says what happened instead of quoting nothing.
  const ana = view(ANA, restarted);
  assert.equal(ana.actions.answer?.text, `Cleo asked a question (${reason}). Cleo can ask it again.`);
  assert.equal(ana.actions.answer?.asker, 'Cleo');
  const [lost, kept] = ana.hotSeat?.questions ?? [];
  assert.equal(lost.notice, `Cleo asked a question (${reason}). Cleo can ask it again.`);
  assert.equal(kept.notice, null);
  assert.equal(kept.text, 'Asked after the restart?');
  // The asker is told it is theirs to ask again; everyone else reads the same notice.
  assert.equal(view(CLEO, restarted).hotSeat?.questions[0].notice, `You asked a question (${reason}). You can ask it again.`);
  assert.equal(view(FAC, restarted).hotSeat?.questions[0].notice, lost.notice);

  // Learnings: the one shared before the restart is not a pass; the pass still is.
  assert.deepEqual(ana.hotSeat?.learnings.map((l) => [l.name, l.passed, l.notice]), [
    ['Ben', false, `shared a learning (${reason}).`],
    ['Cleo', true, null],
    ['Maya', false, null],
  ]);

  // Check-in notes and a report-back's note.
  assert.deepEqual(ana.checkIn.notes.map((n) => [n.name, n.note, n.notice]), [
    ['Cleo', null, `said how they arrive (${reason}).`],
    ['Ben', 'Here again', null],
  ]);
  assert.equal(ana.checkIn.reports[0].notice, `A note was given (${reason}).`);
  assert.equal(ana.checkIn.open[0].report?.notice, `A note was given (${reason}).`);

  // Once the round is over nobody is told to ask again.
  const later = { ...restarted, phase: 'learnings', floor: null };
  assert.equal(view(ANA, later).hotSeat?.questions[0].notice, `Cleo asked a question (${reason}).`);
});

test('a learning passed reads as a pass also from a server without the words field', () => {
  const old = hotSeat('learnings');
  old.hot_seat = { ...old.hot_seat, learnings: [{ seat: BEN, text: null }, { seat: CLEO, text: 'Mine' }] };
  assert.deepEqual(view(ANA, old).hotSeat?.learnings.map((l) => [l.passed, l.notice]), [[true, null], [false, null]]);
});
