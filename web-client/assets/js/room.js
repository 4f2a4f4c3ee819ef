// @ts-check
/**
 * The room page (`/r/{room}`): joining, the live connection, and drawing the room.
 *
 * The facilitator's link carries its secret in the `#f=` fragment: it is kept in local storage
 * for this room and removed from the address bar at once, so it never shows on a shared
 * screen. Members join with a name; their seat token is kept per room, so a reload or a lost
 * connection brings them back to the same seat.
 */

import { byId, h, show, setText, announce, replaceChildren, copyButton, downloadText } from './dom.js';
import { helloMessage, actMessage, checkQuestionMessage, syncMessage, errorSentence, goodbyeInfo, LIMITS, PHASE_LABELS } from './protocol.js';
import { initialState, reduce, withStatus, deriveView, floorCameToMe, connectionNotice, situationKey, floorOrPhaseSentence } from './state.js';
import { createConnection } from './connection.js';
import { loadRoom, saveRoom, forgetRoom, forgetRoomEntirely } from './storage.js';
import { createFeedback } from './feedback.js';
import { createActions } from './actions.js';
import {
  renderStepper, renderNow, renderCountdown, renderMembers, renderAgenda, renderHands,
  renderCommitments, renderNorms, renderTranscript, pageTitle,
} from './render.js';
import { buildSummary, summaryFileName, isoDate } from './summary.js';
import { createScheduleCard, createHistoryPanel, createMyDataPanel } from './circle.js';
import { formatMeeting, dueLabel } from './schedule.js';
import { fetchHistory, fetchMyData, eraseMyData, deleteCircle, myDataFileName } from './privacy.js';
import { isSoundOn, setSound, chime } from './sound.js';

/** @typedef {import('./state.js').ClientState} ClientState */

const room = decodeURIComponent(location.pathname.replace(/^\/r\//, '').replace(/\/.*$/, ''));

// ---- the facilitator's secret: read it, keep it, and take it out of the address bar ----
(function takeSecretFromFragment() {
  const match = /(?:^#|&)f=([^&]+)/.exec(location.hash);
  if (match) {
    saveRoom(room, { facilitatorSecret: decodeURIComponent(match[1]) });
  }
  if (location.hash) {
    history.replaceState(null, '', location.pathname + location.search);
  }
})();

const screens = {
  loading: byId('loading-screen'),
  join: byId('join-screen'),
  message: byId('message-screen'),
  room: byId('room-screen'),
};

/** @param {keyof typeof screens} which */
function showScreen(which) {
  for (const [name, el] of Object.entries(screens)) show(el, name === which);
}

const els = {
  circleTitle: byId('circle-title'),
  banner: byId('connection-banner'),
  turnBanner: byId('your-turn-banner'),
  politeLive: byId('live-polite'),
  assertiveLive: byId('live-assertive'),
  stepper: byId('stepper'),
  now: byId('now'),
  actions: /** @type {HTMLFieldSetElement} */ (byId('my-actions')),
  facilitator: /** @type {HTMLFieldSetElement} */ (byId('facilitator-panel')),
  transcript: byId('transcript'),
  summary: byId('summary'),
  members: byId('members'),
  agenda: byId('agenda'),
  handsCard: byId('hands-card'),
  hands: byId('hands'),
  commitments: byId('commitments'),
  schedule: byId('schedule'),
  scheduleMainSlot: byId('schedule-main-slot'),
  scheduleSideSlot: byId('schedule-side-slot'),
  historyCard: byId('history-card'),
  myDataCard: byId('my-data-card'),
  normsDetails: /** @type {HTMLDetailsElement} */ (byId('norms-details')),
  norms: byId('norms'),
  toasts: byId('toasts'),
  joinForm: /** @type {HTMLFormElement} */ (byId('join-form')),
  joinName: /** @type {HTMLInputElement} */ (byId('join-name')),
  joinError: byId('join-error'),
  joinSubmit: /** @type {HTMLButtonElement} */ (byId('join-submit')),
  sound: byId('sound-toggle'),
};

/** @type {ClientState} */
let state = initialState();
let req = 0;
let lastCheckReq = -1;
/** The name to join with (also the fallback when a seat token is no longer held). */
let joinName = loadRoom(room).name ?? '';

const feedback = createFeedback(els.toasts, () => render(), () => situationKey(state));

/**
 * Sends a command to the room; its answer (ack or error) comes back to `origin`.
 * @param {{ type: string, [k: string]: unknown }} command
 * @param {string} origin
 */
function send(command, origin) {
  if (state.status !== 'live') {
    feedback.say(origin, 'You are offline right now. Your action was not sent; try again when you are reconnected.');
    return;
  }
  req += 1;
  // The snapshot on screen now: a meeting-moving command names what the person saw.
  if (!connection.send(actMessage(command, req, state.snapshot))) {
    feedback.say(origin, 'You are offline right now. Your action was not sent; try again when you are reconnected.');
    return;
  }
  feedback.sent(req, origin);
}

/** @param {string} text */
function checkQuestion(text) {
  req += 1;
  lastCheckReq = req;
  connection.sendAnytime(checkQuestionMessage(text, req));
}

/** The server's clock now, estimated from the last message (section 1 of the protocol). */
function serverNow() {
  const clock = state.clock;
  return clock ? clock.serverTime + (performance.now() - clock.receivedAt) : Date.now();
}

/** My seat token for the circle's HTTP requests (never put in a URL). */
function seatToken() {
  return state.seatToken ?? loadRoom(room).seatToken ?? '';
}

/** What a request needing my seat answers when this device holds no seat token. */
function noSeat() {
  return { ok: /** @type {const} */ (false), status: 403, code: 'invalid_token',
    sentence: 'This device holds no seat in this circle. Reload the page to join again.' };
}

// Drafts are kept per room and seat, in this tab only (drafts.js).
const actions = createActions(els.actions, {
  send, checkQuestion, feedback, draftScope: () => (state.seat != null ? `${room}:${state.seat}` : null),
});
// The facilitator's controls are loaded only for the facilitator: members never download them.
/** @type {ReturnType<typeof import('./facilitator.js').createFacilitatorPanel> | null} */
let facilitatorPanel = null;
let facilitatorPanelLoading = false;

function loadFacilitatorPanel() {
  if (facilitatorPanel || facilitatorPanelLoading) return;
  facilitatorPanelLoading = true;
  import('./facilitator.js').then(({ createFacilitatorPanel }) => {
    facilitatorPanel = createFacilitatorPanel(els.facilitator, {
      room,
      send,
      feedback,
      hasSecret: () => Boolean(loadRoom(room).facilitatorSecret),
      deleteCircle: async () => {
        const secret = loadRoom(room).facilitatorSecret;
        if (!secret) return { ok: false, sentence: 'This device does not hold the facilitator link for this circle.' };
        const result = await deleteCircle({ room, secret });
        if (result.ok) circleDeleted();
        return result;
      },
    });
    render();
  }, () => {
    facilitatorPanelLoading = false;
    feedback.say('facilitator-loader', 'The facilitator controls could not load: please reload the page.');
  });
}

const scheduleCard = createScheduleCard(els.schedule, { room, send, feedback, serverNow });
const historyPanel = createHistoryPanel(els.historyCard, {
  load: async () => {
    const token = seatToken();
    if (!token) return noSeat();
    return fetchHistory({ room, token });
  },
  me: () => state.seat,
});
const myDataPanel = createMyDataPanel(els.myDataCard, {
  download: async (format) => {
    const token = seatToken();
    if (!token) return noSeat();
    const result = await fetchMyData({ room, token, format });
    if (!result.ok) return result;
    const circleName = state.snapshot?.circle.name ?? 'circle';
    downloadText(myDataFileName(circleName, isoDate(new Date()), format), result.text, result.type);
    return { ok: true };
  },
  erase: async () => {
    const token = seatToken();
    if (!token) return noSeat();
    const result = await eraseMyData({ room, token });
    if (result.ok) dataErased();
    return result;
  },
});

/** The events after which the commitment history may read differently. */
const HISTORY_EVENTS = new Set([
  'commitment_recorded', 'checked_in', 'phase_changed', 'member_left', 'member_removed', 'meeting_ended',
]);

const connection = createConnection({
  url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/${encodeURIComponent(room)}`,
  hello: () => {
    const memory = loadRoom(room);
    return helloMessage({
      facilitatorSecret: memory.facilitatorSecret,
      seatToken: memory.seatToken,
      name: joinName || memory.name,
    });
  },
  onStatus: (status, attempt) => {
    if (status === 'live') feedback.reset();
    dispatchStatus(status, attempt);
  },
  onMessage: (msg, receivedAt) => onMessage(msg, receivedAt),
  onStop: (why) => onStop(why),
});

/**
 * @param {import('./state.js').Status} status
 * @param {number} attempt
 */
function dispatchStatus(status, attempt) {
  state = withStatus(state, status, attempt);
  render();
}

/**
 * @param {any} msg
 * @param {number} receivedAt
 */
function onMessage(msg, receivedAt) {
  const before = state;
  state = reduce(state, msg, receivedAt);
  switch (msg.type) {
    case 'welcome': {
      const me = msg.snapshot.seats.find((/** @type {{ id: number }} */ s) => s.id === msg.seat);
      saveRoom(room, { seatToken: msg.seat_token, name: me?.name ?? (joinName || undefined) });
      if (me) joinName = me.name;
      if (before.status === 'reconnecting' && before.snapshot) {
        feedback.toast('Reconnected. You are back in your seat.', 'info');
      }
      showScreen('room');
      break;
    }
    case 'ack':
      feedback.ack(msg.req);
      break;
    case 'error':
      if (before.status === 'live') {
        // Sent from a view a moment behind a skip: say what happened, not "someone else".
        const afterSkip = skippedMe && ['not_your_turn', 'no_floor', 'stale'].includes(msg.code);
        feedback.error(msg.req, afterSkip
          ? 'Your turn was skipped just before this was sent, so it was not. What you typed is still here.'
          : errorSentence(msg.code, msg.message), afterSkip ? undefined : msg.code);
        // A refusal like this often means our picture of the room is behind: ask for a fresh one.
        // `stale`: the update that moved the meeting on came first; the sync makes sure.
        if (['not_your_turn', 'wrong_phase', 'no_floor', 'unknown_seat', 'stale'].includes(msg.code)) connection.send(syncMessage());
      }
      break;
    case 'question_hint':
      if (msg.req === lastCheckReq) actions.showHint(msg);
      break;
    default:
      break;
  }
  if (msg.type === 'update' || msg.type === 'welcome') {
    cue(before, state);
    if (msg.type === 'welcome' || state.events.some((e) => HISTORY_EVENTS.has(e.type))) historyPanel.changed();
  }
  render();
}

/**
 * The connection stopped for good (until the person acts).
 * @param {{ goodbye?: string, code?: number, helloError?: string }} why
 */
function onStop(why) {
  if (why.goodbye) {
    const info = goodbyeInfo(why.goodbye);
    if (why.goodbye === 'removed') {
      forgetRoom(room, ['seatToken', 'facilitatorSecret']);
      message('You have left the room', info.sentence, []);
    } else if (why.goodbye === 'erased') {
      dataErased();
    } else if (why.goodbye === 'circle_deleted') {
      circleDeleted();
    } else if (why.goodbye === 'replaced_by_new_connection') {
      message('Open in another tab', info.sentence, [
        h('button', {
          type: 'button', class: 'btn btn-primary', testid: 'use-this-tab', text: 'Use this tab instead',
          on: { click: () => { showScreen('loading'); connection.start(); } },
        }),
      ]);
    }
    return;
  }
  if (why.code === 4010) {
    // The seat's data was erased, or the circle deleted, and the goodbye did not arrive.
    forgetRoomEntirely(room);
    message('This room is closed', 'Your seat in this circle no longer exists: it was erased, or the circle was deleted.', [
      h('a', { class: 'btn btn-secondary', href: '/', text: 'Go to the start page' }),
    ]);
    return;
  }
  const code = why.helloError ?? (why.code === 4404 ? 'unknown_room' : null);
  if (!code) return;
  const sentence = errorSentence(code);
  switch (code) {
    case 'name_taken':
    case 'invalid_name':
    case 'room_full':
    case 'room_locked':
    case 'invalid_token':
      forgetRoom(room, ['seatToken']);
      if (state.snapshot && code !== 'invalid_token') {
        // Our seat was given up while we were away, and joining anew failed.
        joinError(`Your seat was given up while you were away. ${sentence}`);
      } else {
        joinError(sentence);
      }
      break;
    case 'forbidden':
      forgetRoom(room, ['facilitatorSecret']);
      message('This link does not work', `${sentence} If you are a member, open the members’ link instead.`, [
        h('a', { class: 'btn btn-primary', href: location.pathname, text: 'Join as a member' }),
      ]);
      break;
    case 'unsupported_protocol':
      message('Please reload', sentence, [
        h('button', { type: 'button', class: 'btn btn-primary', text: 'Reload', on: { click: () => location.reload() } }),
      ]);
      break;
    case 'meeting_ended':
      // Between meetings nobody new can join: the circle's next meeting opens the room again.
      message('The meeting has ended',
        'This circle’s last meeting has ended, so nobody can join it now. Open this link again once the facilitator has started the next meeting.',
        [h('button', { type: 'button', class: 'btn btn-primary', testid: 'try-again', text: 'Try again', on: { click: () => location.reload() } })]);
      break;
    default:
      message(code === 'unknown_room' ? 'Room not found' : 'Could not join',
        sentence, [h('a', { class: 'btn btn-secondary', href: '/', text: 'Go to the start page' })]);
  }
}

/** My data was erased (my own request answered 204, or the server's goodbye): forget the room. */
function dataErased() {
  forgetRoomEntirely(room);
  connection.stop();
  message('Your data was erased', goodbyeInfo('erased').sentence, [
    h('a', { class: 'btn btn-secondary', href: '/', text: 'Go to the start page' }),
  ]);
}

/** The facilitator deleted the circle (my own request answered 204, or the goodbye). */
function circleDeleted() {
  forgetRoomEntirely(room);
  connection.stop();
  message('The circle was deleted', goodbyeInfo('circle_deleted').sentence, [
    h('a', { class: 'btn btn-secondary', href: '/', text: 'Go to the start page' }),
  ]);
}

/** @param {string} text */
function joinError(text) {
  showScreen('join');
  els.joinError.textContent = text;
  els.joinError.hidden = false;
  els.joinName.value = els.joinName.value || joinName;
  els.joinName.setAttribute('aria-invalid', 'true');
  els.joinName.focus();
  els.joinSubmit.disabled = false;
}

/**
 * @param {string} title
 * @param {string} text
 * @param {HTMLElement[]} buttons
 */
function message(title, text, buttons) {
  setText(byId('message-title'), title);
  setText(byId('message-text'), text);
  replaceChildren(byId('message-actions'), buttons);
  show(els.banner, false);
  show(els.turnBanner, false);
  showScreen('message');
  byId('message-title').focus();
}

// ---- cues: my turn, phase changes, time up ----------------------------------------------

/**
 * @param {ClientState} before
 * @param {ClientState} after
 */
function cue(before, after) {
  if (!after.snapshot) return;
  if (after.seat != null && after.events.some((e) => e.type === 'turn_skipped' && e.seat === after.seat)) {
    // Told plainly, with the words kept (issue 15, item 4): the turn was ended for me.
    skippedMe = true;
    const kept = actions.hasTypedWords();
    feedback.toast(`Your turn was skipped, so nothing was sent.${kept ? ' What you typed is still here.' : ''}`, 'info');
  }
  if (after.snapshot.floor?.seat === after.seat) skippedMe = false;
  if (floorCameToMe(before, after)) {
    const vm = deriveView(after);
    if (vm.ready && vm.yourTurn) {
      announce(els.assertiveLive, `${vm.yourTurn.text}.`);
      // The step, if it changed too, still gets its one polite sentence.
      const was = before.snapshot?.phase;
      if (was && was !== after.snapshot.phase) announce(els.politeLive, `${PHASE_LABELS[after.snapshot.phase] ?? after.snapshot.phase}.`);
      chime();
      els.turnBanner.classList.remove('is-new');
      void els.turnBanner.offsetWidth;
      els.turnBanner.classList.add('is-new');
    }
    return;
  }
  if (after.events.some((e) => e.type === 'schedule_changed')) {
    const at = after.snapshot.schedule?.next_meeting_at;
    announce(els.politeLive, at != null ? `The next meeting: ${formatMeeting(at)}.` : 'The date of the next meeting was cleared.');
    return;
  }
  const change = floorOrPhaseSentence(before, after);
  if (change) {
    announce(els.politeLive, change);
  } else if (after.events.some((e) => e.type === 'time_up')) {
    announce(els.politeLive, 'Time is up for this step.');
  }
}

// ---- drawing -------------------------------------------------------------------------

let lastPhase = '';
/** My last turn was skipped and the floor has not come back to me since. */
let skippedMe = false;
/** @type {ReturnType<typeof deriveView> | null} */
let lastView = null;

function render() {
  const vm = deriveView(state);
  lastView = vm;
  feedback.settle();
  renderBanner();
  if (!vm.ready) return;
  if (screens.room.hidden && state.status === 'live') showScreen('room');
  setText(els.circleTitle, vm.circleName);
  setText(byId('room-heading'), `${vm.circleName}: ${vm.phaseLabel}`);
  document.title = pageTitle(vm);
  screens.room.classList.toggle('is-stale', vm.stale);
  els.actions.disabled = vm.stale;
  els.facilitator.disabled = vm.stale;

  const phaseChanged = vm.phase !== lastPhase;
  lastPhase = vm.phase;
  renderStepper(els.stepper, vm);
  renderNow(els.now, vm);
  renderCountdown(els.now, vm, state.clock, performance.now());
  actions.update(vm);
  if (vm.isFacilitator) loadFacilitatorPanel();
  facilitatorPanel?.update(vm);
  show(els.facilitator, vm.isFacilitator && facilitatorPanel !== null);
  placeSchedule(vm);
  scheduleCard.update(vm);
  myDataPanel.update(vm);
  renderTranscript(els.transcript, vm);
  renderSummary(vm);
  renderMembers(els.members, vm);
  renderAgenda(els.agenda, vm);
  renderHands(els.handsCard, els.hands, vm);
  renderCommitments(els.commitments, vm);
  renderNorms(els.normsDetails, els.norms, vm, phaseChanged);
  renderTurnBanner(vm);
}

/**
 * "When do we meet next?" is the subject of the closing and of the end: then the schedule
 * card sits in the main column, under the "now" card; otherwise in the side column.
 * @param {Extract<ReturnType<typeof deriveView>, { ready: true }>} vm
 */
function placeSchedule(vm) {
  const slot = vm.phase === 'closing' || vm.phase === 'ended' ? els.scheduleMainSlot : els.scheduleSideSlot;
  if (els.schedule.parentElement !== slot) {
    const hadFocus = els.schedule.contains(document.activeElement) ? /** @type {HTMLElement} */ (document.activeElement) : null;
    slot.appendChild(els.schedule);
    hadFocus?.focus();
  }
}

function renderBanner() {
  const notice = connectionNotice(state);
  show(els.banner, Boolean(notice) && screens.message.hidden);
  if (!notice) return;
  replaceChildren(els.banner,
    h('p', {}, h('strong', { testid: 'connection-title', text: notice.title }), ' ', notice.detail),
    h('button', {
      type: 'button', class: 'btn btn-small btn-secondary', testid: 'reconnect-now', text: 'Try now',
      on: { click: () => connection.retryNow() },
    }));
}

/** @param {Extract<ReturnType<typeof deriveView>, { ready: true }>} vm */
function renderTurnBanner(vm) {
  const mine = vm.yourTurn && vm.live;
  show(els.turnBanner, Boolean(mine));
  if (!mine || !vm.yourTurn) return;
  const text = vm.yourTurn.text;
  const current = els.turnBanner.querySelector('[data-testid="your-turn-text"]');
  if (current && current.textContent === text) return;
  replaceChildren(els.turnBanner,
    h('p', {}, h('span', { class: 'turn-dot', 'aria-hidden': 'true' }), h('strong', { testid: 'your-turn-text', text })),
    h('button', {
      type: 'button', class: 'btn btn-small btn-on-accent', testid: 'your-turn-go', text: 'Go to my turn',
      on: { click: () => actions.focusTurn() },
    }));
}

/** The commitments summary, in closing and at the end. */
/** @type {string} */
let summaryKey = '';
/** @param {Extract<ReturnType<typeof deriveView>, { ready: true }>} vm */
function renderSummary(vm) {
  const shown = vm.phase === 'closing' || vm.phase === 'ended';
  show(els.summary, shown);
  if (!shown || !state.snapshot) return;
  const snapshot = state.snapshot;
  const date = isoDate(new Date());
  const markdown = buildSummary(snapshot, date);
  const key = `${vm.phase}|${markdown}`;
  if (key === summaryKey) return;
  summaryKey = key;
  const fileName = summaryFileName(snapshot.circle.name, date);
  replaceChildren(els.summary,
    h('h2', { id: 'summary-title', text: vm.phase === 'ended' ? 'Summary: our commitments' : 'Commitments so far' }),
    vm.phase === 'ended' ? h('p', { class: 'lead', text: 'Keep your commitments somewhere safe until the next meeting: copy them, or download them as a file.' }) : null,
    vm.commitments.length
      ? h('ul', { class: 'commitment-list', testid: 'summary-list' }, vm.commitments.map((c) => h('li', { testid: 'summary-item' },
        h('span', { class: 'commitment-who', text: c.name }),
        h('span', { class: 'commitment-text', text: c.text }),
        h('span', { class: 'commitment-due', text: c.due ? dueLabel(c.due) : 'no due date' }))))
      : h('p', { class: 'muted', text: 'No commitments were made in this meeting.' }),
    // Hot seats that ended in insight only are part of the record too (as in the Markdown).
    vm.agenda.done.some((d) => d.outcome === 'insight_only')
      ? h('ul', { class: 'commitment-list', testid: 'summary-insight-only' }, vm.agenda.done.filter((d) => d.outcome === 'insight_only')
        .map((d) => h('li', { testid: 'summary-item-insight' }, h('span', { class: 'commitment-who', text: d.name }), h('span', { class: 'commitment-text', text: 'insight only' }))))
      : null,
    h('div', { class: 'row' },
      copyButton('Copy as Markdown', () => markdown, 'copy-summary'),
      h('button', {
        type: 'button', class: 'btn btn-secondary', testid: 'download-summary', text: 'Download (.md)',
        on: { click: () => downloadText(fileName, markdown) },
      })),
    h('details', { class: 'markdown-preview' },
      h('summary', { text: 'Show the Markdown' }),
      h('pre', { testid: 'summary-markdown', text: markdown })));
}

// ---- the countdown ticks between updates ------------------------------------------------
setInterval(() => {
  if (lastView && lastView.ready && !screens.room.hidden) {
    renderCountdown(els.now, lastView, state.clock, performance.now());
  }
}, 250);

// ---- joining ---------------------------------------------------------------------------
els.joinForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const name = els.joinName.value.trim();
  els.joinError.hidden = true;
  els.joinName.removeAttribute('aria-invalid');
  // The server counts characters of the name's NFC form (docs/protocol.md, Display names).
  if (!name || [...name.normalize('NFC')].length > LIMITS.nameMax) {
    joinError(errorSentence('invalid_name'));
    return;
  }
  joinName = name;
  saveRoom(room, { name });
  els.joinSubmit.disabled = true;
  connection.start();
});

// ---- sound -------------------------------------------------------------------------------
function drawSound() {
  const on = isSoundOn();
  els.sound.setAttribute('aria-pressed', String(on));
  setText(els.sound, on ? 'Sound on' : 'Sound off');
  // The visible label is the name (WCAG 2.5.3); what it does is in the title.
  els.sound.title = 'A chime when it is your turn';
}
els.sound.addEventListener('click', () => {
  setSound(!isSoundOn());
  drawSound();
  if (isSoundOn()) chime();
});
drawSound();

// ---- come back quickly when the network or the tab comes back ------------------------------
window.addEventListener('online', () => connection.retryNow());
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') connection.retryNow();
});

// ---- start -------------------------------------------------------------------------------
function boot() {
  if (!/^[A-Za-z0-9_-]{10,64}$/.test(room)) {
    message('Room not found', errorSentence('unknown_room'), [h('a', { class: 'btn btn-secondary', href: '/', text: 'Go to the start page' })]);
    return;
  }
  const memory = loadRoom(room);
  if (memory.facilitatorSecret || (memory.seatToken && (memory.name || joinName))) {
    showScreen('loading');
    connection.start();
  } else {
    showScreen('join');
    if (memory.name) els.joinName.value = memory.name;
    els.joinName.focus();
    checkRoomExists();
  }
}

/**
 * A mistyped or expired room link is known before anyone types a name: the server answers
 * `unknown_room` (and closes with 4404) as soon as a socket opens for a room that does not
 * exist, before any hello. The probe sends nothing and is closed when the join begins or
 * after a moment (an existing room says nothing until a hello).
 */
function checkRoomExists() {
  /** @type {WebSocket} */
  let probe;
  try {
    probe = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/${encodeURIComponent(room)}`);
  } catch {
    return;
  }
  let settled = false;
  const done = () => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    els.joinForm.removeEventListener('submit', done);
    if (probe.readyState === WebSocket.CONNECTING || probe.readyState === WebSocket.OPEN) probe.close(1000);
  };
  const unknown = () => {
    if (settled || screens.join.hidden) return done();
    done();
    message('Room not found', errorSentence('unknown_room'), [h('a', { class: 'btn btn-secondary', href: '/', text: 'Go to the start page' })]);
  };
  const timer = setTimeout(done, 3000);
  els.joinForm.addEventListener('submit', done);
  probe.addEventListener('message', (event) => {
    try {
      const msg = JSON.parse(String(event.data));
      if (msg && msg.type === 'error' && msg.code === 'unknown_room') unknown();
    } catch {
      // not ours to read: the real connection reads the room's messages
    }
  });
  probe.addEventListener('close', (event) => {
    if (event.code === 4404) unknown();
  });
}

boot();
