//! The room task: owns one meeting's engine, its seats' links and its one timer, and turns
//! connection messages into engine calls and engine events into frames and store writes.
//! Every update is serialized and framed once; the same bytes are written into each
//! connection's socket, and a connection with too much pending is dropped, never waited for.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::Ordering::Relaxed;
use std::time::Duration;

use bytes::Bytes;
use hotseat_protocol::message::GoodbyeReason;
use hotseat_protocol::{
    Command, Credential, ErrorCode, Event, Hello, PROTOCOL_VERSION, Phase, Role, SeatId, Seen,
    ServerMessage, Timestamp,
};
use tokio::sync::mpsc;
use tokio::time::{Instant, sleep_until};

use super::conn::{ConnId, ConnLink};
use super::links::Links;
use super::{RoomMsg, persist};
use crate::clock::Clock;
use crate::engine::Meeting;
use crate::hub::Registry;
use crate::metrics::{Metrics, seconds};
use crate::secret::{self, Secret, log_tag};
use crate::store::{Op, SeatRecord, Store};
use crate::ws::frame;
use crate::ws::outbound::SendError;

/// How far the stored live checkpoint may trail the room. A busy room writes its structure
/// at most every five seconds, not once per change (a hard crash loses at most those seconds
/// of turn-taking, never a word: words are never stored); a change that writes anything else
/// (a commitment, a seat, the meeting's start or end) writes the checkpoint with it.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(5);

/// Whether the room's task carries on after a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Flow {
    Continue,
    /// The circle was deleted: the task ends.
    Stop,
}

/// Settings every room shares.
#[derive(Debug, Clone)]
pub struct RoomConfig {
    /// How long a dropped member's seat is held.
    pub grace: Duration,
    /// How long a room nobody uses (no connection, no meeting running) stays in memory
    /// before it goes back to sleep in storage.
    pub idle_evict: Duration,
}

/// What a room starts from: a new circle, or one rebuilt from storage after a restart.
#[derive(Debug)]
pub struct RoomSeed {
    pub id: Arc<str>,
    pub meeting: Meeting,
    /// Which of the circle's meetings this is (1 for the first).
    pub meeting_no: u32,
    /// SHA-256 of the facilitator secret.
    pub facilitator_secret_hash: [u8; 32],
    /// The seat the facilitator secret opens (the circle's first facilitator).
    pub secret_seat: SeatId,
    /// Each seat's token hash, and whether it has connected before.
    pub seats: Vec<(SeatId, [u8; 32], bool)>,
}

pub(super) struct Room {
    pub(super) id: Arc<str>,
    pub(super) meeting: Meeting,
    pub(super) meeting_no: u32,
    pub(super) facilitator_secret_hash: [u8; 32],
    pub(super) secret_seat: SeatId,
    pub(super) links: Links,
    /// Seats connected at some point during this meeting (its attendance).
    pub(super) attended: BTreeSet<SeatId>,
    pub(super) clock: Clock,
    /// When the changes not yet in the stored checkpoint are due to be written.
    pub(super) checkpoint_due: Option<Instant>,
    /// The last update's size: the next one is about as big, so its buffer is sized once.
    last_update_len: usize,
    pub(super) store: Store,
    pub(super) config: Arc<RoomConfig>,
    pub(super) metrics: Arc<Metrics>,
    /// Where the room takes itself out when it has been idle for `idle_evict`.
    registry: Arc<Registry>,
    /// Since when nobody has used the room (see `is_idle`).
    idle_since: Option<Instant>,
    pub(super) rx: mpsc::Receiver<RoomMsg>,
}

impl Room {
    pub(super) fn new(
        seed: RoomSeed,
        store: Store,
        config: Arc<RoomConfig>,
        metrics: Arc<Metrics>,
        registry: Arc<Registry>,
        rx: mpsc::Receiver<RoomMsg>,
    ) -> Room {
        let mut links = Links::default();
        for (seat, hash, ever) in seed.seats {
            links.insert(seat, hash, ever);
        }
        Room {
            id: seed.id,
            meeting: seed.meeting,
            meeting_no: seed.meeting_no,
            facilitator_secret_hash: seed.facilitator_secret_hash,
            secret_seat: seed.secret_seat,
            links,
            attended: BTreeSet::new(),
            clock: Clock::new(),
            checkpoint_due: None,
            last_update_len: 0,
            store,
            config,
            metrics,
            registry,
            idle_since: Some(Instant::now()),
            rx,
        }
    }

    pub(super) async fn run(mut self) {
        self.metrics.rooms_live.fetch_add(1, Relaxed);
        // Rooms by phase and connections in rooms, brought up to date after each message
        // (a comparison; the gauges move only on a change).
        let mut phase = self.meeting.phase();
        let mut connected = 0;
        self.metrics.room_phase(None, Some(phase));
        // The room's one timer, moved only when its instant changes: most messages leave it
        // where it was, and re-registering a timer on every message has its cost.
        let timer = sleep_until(far_future());
        tokio::pin!(timer);
        loop {
            self.idle_since = if self.is_idle() {
                self.idle_since.or_else(|| Some(Instant::now()))
            } else {
                None
            };
            let wake = self.next_wake();
            if let Some(at) = wake
                && timer.deadline() != at
            {
                timer.as_mut().reset(at);
            }
            tokio::select! {
                msg = self.rx.recv() => match msg {
                    Some(msg) => {
                        if self.handle(msg) == Flow::Stop {
                            break;
                        }
                    }
                    None => break,
                },
                () = &mut timer, if wake.is_some() => {
                    self.on_wake();
                    if self.evict_if_idle() {
                        break;
                    }
                }
            }
            let now_phase = self.meeting.phase();
            if now_phase != phase {
                self.metrics.room_phase(Some(phase), Some(now_phase));
                phase = now_phase;
            }
            let now_connected = self.links.connections().count() as i64;
            if now_connected != connected {
                self.metrics.in_room(now_connected - connected);
                connected = now_connected;
            }
        }
        if self.checkpoint_due.is_some() {
            self.checkpoint_now();
        }
        self.metrics.room_phase(Some(phase), None);
        self.metrics.in_room(-connected);
        self.metrics.rooms_live.fetch_sub(1, Relaxed);
    }

    /// One timer per room: the engine's next deadline, the first grace period to run out, or
    /// the checkpoint falling due, whichever comes first.
    fn next_wake(&self) -> Option<Instant> {
        let deadline = self
            .meeting
            .next_deadline()
            .map(|at| self.clock.instant_at(at));
        let grace = self.links.earliest_away().map(|t| t + self.config.grace);
        let evict = self.idle_since.map(|t| t + self.config.idle_evict);
        [deadline, grace, self.checkpoint_due, evict]
            .into_iter()
            .flatten()
            .min()
    }

    fn on_wake(&mut self) {
        self.on_time();
        if self.checkpoint_due.is_some_and(|due| due <= Instant::now()) {
            self.checkpoint_now();
        }
    }

    /// Nobody uses the room: no connection, no seat waiting out its grace period, and no
    /// meeting running (the lobby or an ended meeting keep nothing ticking).
    fn is_idle(&self) -> bool {
        matches!(self.meeting.phase(), Phase::Lobby | Phase::Ended)
            && self.links.connections().next().is_none()
            && self.links.earliest_away().is_none()
    }

    /// Idle for `idle_evict`: writes what is due, then leaves the registry if nobody holds
    /// a handle on the room. True when the room must end now, writing nothing more.
    fn evict_if_idle(&mut self) -> bool {
        let Some(since) = self.idle_since else {
            return false;
        };
        if !self.is_idle() || since + self.config.idle_evict > Instant::now() {
            return false;
        }
        // Written before the room leaves the registry: whoever opens it next loads this.
        if self.checkpoint_due.is_some() {
            self.checkpoint_now();
        }
        if self.registry.try_evict(&self.id) {
            tracing::debug!(room = log_tag(&self.id), "idle room back to sleep");
            return true;
        }
        // Someone is on their way in: wait for them.
        self.idle_since = Some(Instant::now());
        false
    }

    /// Writes the live checkpoint now (it covers every change so far).
    pub(super) fn checkpoint_now(&mut self) {
        self.checkpoint_due = None;
        let now = self.clock.now();
        self.store.write(persist::checkpoint(
            &self.id,
            self.meeting_no,
            &self.meeting,
            now,
        ));
    }

    /// Time boxes running out, and members away for longer than the grace period.
    fn on_time(&mut self) {
        let now = self.clock.now();
        let events = self.meeting.on_time(now);
        self.changed(events, None);
        // A machine up for less than the grace period has no instant that far back: then
        // nobody can have been away that long.
        let Some(cutoff) = Instant::now().checked_sub(self.config.grace) else {
            return;
        };
        for seat in self.links.away_before(cutoff) {
            if let Some(link) = self.links.get_mut(seat) {
                link.away_since = None;
            }
            // After the end there is no meeting to leave: the seat simply waits.
            if self.meeting.phase() == Phase::Ended {
                continue;
            }
            // They leave this meeting (turns and agenda move on without them) but stay in
            // the circle: the link stays, so their token brings them back. The facilitator's
            // seat is never released (the engine refuses).
            if let Ok(events) = self.meeting.release(seat, now) {
                self.changed(events, None);
            }
        }
    }

    fn handle(&mut self, msg: RoomMsg) -> Flow {
        match msg {
            RoomMsg::Hello { hello, conn, reply } => {
                let result = self.hello(hello, conn);
                if let Err(code) = result {
                    self.metrics.error(code);
                }
                let _ = reply.send(result);
            }
            RoomMsg::Act {
                seat,
                conn,
                req,
                command,
                seen,
            } => {
                // Real time, even under a test's paused clock.
                let started = std::time::Instant::now();
                self.act(seat, conn, req, &command, seen.as_ref());
                self.metrics
                    .observed
                    .command_seconds
                    .observe(seconds(started.elapsed()));
            }
            RoomMsg::Sync { seat, conn } => {
                if self.is_current(seat, conn) {
                    let bytes = frame::update(
                        self.clock.now(),
                        &[],
                        self.meeting.view(),
                        self.last_update_len,
                    );
                    self.send_frame(seat, &bytes);
                }
            }
            RoomMsg::Gone { seat, conn } => self.gone(seat, conn),
            RoomMsg::Calendar { reply } => {
                let name = self.meeting.circle_name().to_owned();
                let _ = reply.send((name, self.meeting.schedule().clone()));
            }
            RoomMsg::Export { token, reply } => self.export(&token, reply),
            RoomMsg::History { token, reply } => self.history(&token, reply),
            RoomMsg::Erase { token, reply } => self.erase(&token, reply),
            RoomMsg::Delete { secret, reply } => return self.delete(&secret, reply),
            RoomMsg::Persist { reply } => {
                if self.checkpoint_due.is_some() {
                    self.checkpoint_now();
                }
                let _ = reply.send(());
            }
            RoomMsg::Expire { reply } => {
                return self.remove_circle("circle deleted: its retention period passed", reply);
            }
        }
        Flow::Continue
    }

    fn hello(&mut self, hello: Hello, conn: ConnLink) -> Result<SeatId, ErrorCode> {
        if hello.protocol != PROTOCOL_VERSION {
            return Err(ErrorCode::UnsupportedProtocol);
        }
        let now = self.clock.now();
        let credential = hello.credential().ok_or(ErrorCode::InvalidMessage)?;
        let (seat, resumed, token, join_events) = match credential {
            Credential::Facilitator { secret } => {
                let seat_exists = self.links.get(self.secret_seat).is_some();
                if !secret::hash_matches(&self.facilitator_secret_hash, &secret) || !seat_exists {
                    return Err(ErrorCode::Forbidden);
                }
                let resumed = self
                    .links
                    .get(self.secret_seat)
                    .is_some_and(|l| l.ever_connected);
                // Only the hash of a token is kept, so the facilitator's seat gets a fresh
                // token with each hello (the secret is how the facilitator comes back).
                let token = Secret::generate();
                if let Some(link) = self.links.get_mut(self.secret_seat) {
                    link.token_hash = secret::hash(token.expose());
                }
                self.store_seat(self.secret_seat);
                (
                    self.secret_seat,
                    resumed,
                    token.expose().to_owned(),
                    Vec::new(),
                )
            }
            Credential::Resume {
                token,
                fallback_name,
            } => match (self.links.by_token(&token), fallback_name) {
                (Some(seat), _) if self.meeting.is_released(seat) => {
                    // Back after the grace period: the same seat, back into the meeting.
                    let events = self.meeting.rejoin(seat, now).map_err(|e| e.code())?;
                    (seat, true, token, events)
                }
                (Some(seat), _) => (seat, true, token, Vec::new()),
                (None, Some(name)) => self.join(&name, now)?,
                (None, None) => return Err(ErrorCode::InvalidToken),
            },
            Credential::Join { name } => self.join(&name, now)?,
        };
        self.metrics.joins.fetch_add(1, Relaxed);
        let conn_id = conn.id;
        self.bind(seat, conn);
        let presence = self
            .meeting
            .set_presence(seat, true, now)
            .unwrap_or_default();
        let welcome = ServerMessage::Welcome {
            protocol: PROTOCOL_VERSION,
            room: self.id.to_string(),
            seat,
            role: self.meeting.role_of(seat).unwrap_or(Role::Member),
            seat_token: token,
            resumed,
            server_time: now,
            snapshot: self.meeting.view(),
        };
        let bytes = frame::message_sized(&welcome, self.last_update_len);
        self.send_frame(seat, &bytes);
        let mut events = join_events;
        events.extend(presence);
        self.changed(events, Some(conn_id));
        tracing::debug!(room = log_tag(&self.id), %seat, resumed, "seat connected");
        Ok(seat)
    }

    /// A new member: a seat in the engine, a token for the client, its hash in storage.
    fn join(
        &mut self,
        name: &str,
        now: Timestamp,
    ) -> Result<(SeatId, bool, String, Vec<Event>), ErrorCode> {
        let (seat, events) = self.meeting.join(name, now).map_err(|e| e.code())?;
        let token = Secret::generate();
        self.links.insert(seat, secret::hash(token.expose()), false);
        self.store_seat(seat);
        Ok((seat, false, token.expose().to_owned(), events))
    }

    /// Writes a seat's name, role and token hash.
    fn store_seat(&self, seat: SeatId) {
        let (Some(link), Some(role), Some(name)) = (
            self.links.get(seat),
            self.meeting.role_of(seat),
            self.meeting.name_of(seat),
        ) else {
            return;
        };
        self.store.write(Op::PutSeat {
            room: self.id.to_string(),
            seat: SeatRecord {
                seat: seat.0,
                name: name.to_owned(),
                role,
                token_hash: link.token_hash,
                joined_at: self.clock.now().0,
            },
        });
    }

    /// Attaches a connection to a seat; a connection already there (another tab) is told it
    /// was replaced and closed.
    fn bind(&mut self, seat: SeatId, conn: ConnLink) {
        if let Some(link) = self.links.get_mut(seat) {
            if let Some(old) = link.conn.replace(conn) {
                old.kick.kick(GoodbyeReason::ReplacedByNewConnection);
            }
            link.away_since = None;
            link.ever_connected = true;
        }
        self.attended.insert(seat);
    }

    fn is_current(&self, seat: SeatId, conn: ConnId) -> bool {
        self.links
            .get(seat)
            .and_then(|l| l.conn.as_ref())
            .is_some_and(|c| c.id == conn)
    }

    fn act(
        &mut self,
        seat: SeatId,
        conn: ConnId,
        req: Option<u64>,
        command: &Command,
        seen: Option<&Seen>,
    ) {
        if !self.is_current(seat, conn) {
            // A replaced tab's late message: it no longer speaks for the seat.
            return;
        }
        let now = self.clock.now();
        if self.meeting.phase() == Phase::Ended
            && *command == Command::Start
            && self.meeting.role_of(seat) == Some(Role::Facilitator)
        {
            self.begin_next_meeting();
        }
        // `seen` is judged in this room's order of changes, the one its updates told the
        // sender: a box that ran out counts from the room's timer firing, not from its
        // deadline, so a click that arrives first acts on the step it named (one step), and
        // one that arrives after the time-out's update went out is stale.
        match self.meeting.apply_seen(seat, command, seen, now) {
            Ok(events) => {
                self.metrics.commands.fetch_add(1, Relaxed);
                let must_be_durable = matches!(command, Command::Commit { .. });
                let removed: Vec<SeatId> = events
                    .iter()
                    .filter_map(|e| match e {
                        Event::MemberRemoved { seat } => Some(*seat),
                        _ => None,
                    })
                    .collect();
                let handed_over = events
                    .iter()
                    .any(|e| matches!(e, Event::FacilitatorChanged { .. }));
                let version = self.meeting.version();
                // An ack that need not wait for the disk rides behind the update.
                let ack = req
                    .filter(|_| !must_be_durable)
                    .map(|req| (seat, frame::message(&ServerMessage::Ack { req, version })));
                self.changed_then(events, None, ack);
                if handed_over {
                    // Both seats changed role.
                    for s in self.meeting.seat_ids() {
                        self.store_seat(s);
                    }
                }
                for gone in removed {
                    if let Some(link) = self.links.remove(gone)
                        && let Some(conn) = link.conn
                    {
                        conn.kick.kick(GoodbyeReason::Removed);
                    }
                }
                if let Some(req) = req.filter(|_| must_be_durable) {
                    self.ack_when_durable(seat, req, version);
                }
            }
            Err(error) => {
                let code = error.code();
                self.metrics.error(code);
                tracing::debug!(room = log_tag(&self.id), %seat, command = command.name(), %code, "command refused");
                let reply = ServerMessage::Error {
                    req,
                    code,
                    message: error.to_string(),
                };
                self.send_to(seat, &reply);
            }
        }
    }

    /// A commitment is acknowledged only once it is on disk: the ack waits for the store (in
    /// its own small task, so the room never waits).
    fn ack_when_durable(&mut self, seat: SeatId, req: u64, version: u64) {
        let ack = ServerMessage::Ack { req, version };
        let Some(out) = self
            .links
            .get(seat)
            .and_then(|l| l.conn.as_ref())
            .map(|c| c.out.clone())
        else {
            return;
        };
        let written = self.store.barrier();
        tokio::spawn(async move {
            let reply = match written.await {
                Ok(Ok(())) => ack,
                _ => ServerMessage::error(Some(req), ErrorCode::Internal),
            };
            // A client too slow to take its ack is being dropped anyway; it will resync.
            let _ = out.send(&frame::message(&reply));
        });
    }

    /// The meeting ended and the facilitator starts the next: same circle, same seats, those
    /// connected present. The `start` applied right after is its first visible change.
    fn begin_next_meeting(&mut self) {
        let connected: Vec<SeatId> = self.links.connections().map(|(seat, _)| seat).collect();
        self.meeting = self.meeting.next_meeting(&connected);
        self.meeting_no += 1;
        self.attended = connected.into_iter().collect();
        tracing::info!(
            room = log_tag(&self.id),
            meeting = self.meeting_no,
            "next meeting"
        );
    }

    pub(super) fn gone(&mut self, seat: SeatId, conn: ConnId) {
        if !self.is_current(seat, conn) {
            return;
        }
        let is_facilitator = self.meeting.role_of(seat) == Some(Role::Facilitator);
        if let Some(link) = self.links.get_mut(seat) {
            link.conn = None;
            // The facilitator's seat is held for as long as it takes.
            link.away_since = (!is_facilitator).then(Instant::now);
        }
        let events = self
            .meeting
            .set_presence(seat, false, self.clock.now())
            .unwrap_or_default();
        self.changed(events, None);
    }

    /// After an accepted change: write what storage keeps, then tell the room.
    pub(super) fn changed(&mut self, events: Vec<Event>, skip: Option<ConnId>) {
        self.changed_then(events, skip, None);
    }

    /// `changed`, with a frame (an ack) for one seat written right behind its update,
    /// in the same system call.
    fn changed_then(
        &mut self,
        events: Vec<Event>,
        skip: Option<ConnId>,
        then: Option<(SeatId, Bytes)>,
    ) {
        if events.is_empty() {
            if let Some((seat, frame)) = then {
                self.send_frame(seat, &frame);
            }
            return;
        }
        let now = self.clock.now();
        let ops = persist::ops_for(
            &self.id,
            self.meeting_no,
            &self.meeting,
            &events,
            &self.attended,
            now,
        );
        let wrote = !ops.is_empty();
        for op in ops {
            self.store.write(op);
        }
        if persist::ends_meeting(&events) {
            // The meeting's record replaces its live checkpoint.
            self.checkpoint_due = None;
        } else if wrote {
            // Keep the checkpoint in step with what was just written beside it.
            self.checkpoint_now();
        } else if self.checkpoint_due.is_none() {
            self.checkpoint_due = Some(Instant::now() + CHECKPOINT_EVERY);
        }
        self.broadcast(events, skip, then);
    }

    /// One serialization; the same bytes to every connection except `skip` (and `then`'s
    /// frame right behind them for its seat). A connection that cannot take them is
    /// dropped as too slow, which is itself news for the others.
    fn broadcast(
        &mut self,
        events: Vec<Event>,
        skip: Option<ConnId>,
        then: Option<(SeatId, Bytes)>,
    ) {
        let bytes = frame::update(
            self.clock.now(),
            &events,
            self.meeting.view(),
            self.last_update_len,
        );
        self.last_update_len = bytes.len();
        let mut slow = Vec::new();
        let mut sent = 0;
        // Timed once per update, never per recipient.
        let started = std::time::Instant::now();
        for (seat, conn) in self.links.connections() {
            if Some(conn.id) == skip {
                continue;
            }
            let result = match &then {
                Some((to, frame)) if *to == seat => conn.out.send_all(&[&bytes, frame]),
                _ => conn.out.send(&bytes),
            };
            match result {
                Ok(()) => sent += 1,
                Err(SendError::Full) => slow.push(seat),
                // The connection is ending; its `Gone` is on the way.
                Err(SendError::Closed) => {}
            }
        }
        self.metrics
            .observed
            .fanout_seconds
            .observe(seconds(started.elapsed()));
        self.metrics.updates_sent.fetch_add(sent, Relaxed);
        for seat in slow {
            self.drop_slow(seat);
        }
    }

    /// A frame for a seat's connection, if it has one.
    fn send_frame(&mut self, seat: SeatId, frame: &Bytes) {
        let Some(conn) = self.links.get(seat).and_then(|l| l.conn.as_ref()) else {
            return;
        };
        if let Err(SendError::Full) = conn.out.send(frame) {
            self.drop_slow(seat);
        }
    }

    fn send_to(&mut self, seat: SeatId, msg: &ServerMessage) {
        self.send_frame(seat, &frame::message(msg));
    }

    fn drop_slow(&mut self, seat: SeatId) {
        let Some(conn) = self.links.get(seat).and_then(|l| l.conn.clone()) else {
            return;
        };
        self.metrics.slow_clients_dropped.fetch_add(1, Relaxed);
        tracing::info!(room = log_tag(&self.id), %seat, "dropping a client that cannot keep up");
        conn.kick.kick(GoodbyeReason::TooSlow);
        self.gone(seat, conn.id);
    }
}

fn far_future() -> Instant {
    Instant::now() + Duration::from_secs(86_400 * 365)
}
