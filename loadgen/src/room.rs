//! One room of the load: a facilitator and six members on real WebSockets, run by one task
//! that reads their sockets itself (`Sockets`) and follows the meeting script.
//!
//! Timing is open-loop: the worker's scheduler sends the room a tick at each
//! intended send time (a Poisson process at the configured rate), and every latency is
//! measured from that instant. Within a room the commands are a conversation: a command
//! whose tick comes before the previous command has visibly taken effect (its sender has
//! not yet seen a newer update, nor an answer) waits for that (it needs the room as it is
//! now), and the wait counts in its latency, so a slow server cannot hide its queueing (no
//! coordinated omission). Nobody waits for another person's ack: a commitment's ack comes
//! only once it is on disk, and the room goes on meanwhile, as real clients do.
//!
//! The update a command produced is known by its version (the ack carries it; every
//! update's snapshot carries one). Latency to each client is measured from the intended
//! send time to the moment that version's update was read on that client's socket.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use futures_util::future::{BoxFuture, poll_fn};
use futures_util::stream::FuturesUnordered;
use hotseat_protocol::{ClientMessage, Command, Role, SeatId};
use tokio::sync::mpsc::{self, UnboundedReceiver};
use tokio::sync::watch;
use tokio_tungstenite::tungstenite::Utf8Bytes;

use crate::conn::{Net, OpenError, Opened, hello_facilitator, hello_join, hello_resume};
use crate::frame::{self, Incoming};
use crate::rng::Rng;
use crate::script::{Decision, Script};
use crate::sockets::{Received, Sockets};
use crate::state::RoomState;
use crate::stats::{Counters, Stats, micros, missing};

/// The six members' names (the facilitator is the seventh client).
pub const MEMBER_NAMES: [&str; 6] = ["Ana", "Bo", "Cy", "Di", "Ed", "Flo"];
/// Clients per room.
pub const CLIENTS: usize = 7;
/// A command or a delivery not seen within this time is counted as lost.
pub(crate) const GIVE_UP: Duration = Duration::from_secs(30);
/// A seat whose turn it is may be away this long before the facilitator ends the meeting.
const AWAY_PATIENCE: Duration = Duration::from_secs(5);
/// Refusals in a row before the facilitator ends the meeting (the script lost its way).
const REFUSAL_PATIENCE: u32 = 5;
/// Resume attempts after a drop.
const RESUME_ATTEMPTS: u32 = 3;

/// The phases of a run, as instants (shared by every room of a worker).
#[derive(Debug, Clone, Copy)]
pub struct Windows {
    pub go: Instant,
    /// Commands intended from here...
    pub measure_start: Instant,
    /// ...to here are measured. No tick comes after it.
    pub measure_end: Instant,
    /// The last moment to wait for answers after the end.
    pub drain_until: Instant,
}

impl Windows {
    pub fn measured(&self, t: Instant) -> bool {
        t >= self.measure_start && t < self.measure_end
    }
}

/// What a room reports once its first meeting is set up (or could not be).
#[derive(Debug)]
pub struct Setup {
    /// The room's number within its worker.
    pub room: usize,
    pub ok: bool,
}

/// What every room of a worker shares.
pub struct Shared {
    pub net: Net,
    pub stats: Mutex<Stats>,
    pub hot_seats: usize,
    pub drop_fraction: f64,
    /// Open a new circle for each meeting instead of starting the next meeting in the
    /// same room.
    pub new_circle_per_meeting: bool,
}

impl Shared {
    pub(crate) fn count(&self, f: impl FnOnce(&mut Counters)) {
        let mut stats = self.stats.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut stats.counters);
    }

    pub(crate) fn with(&self, f: impl FnOnce(&mut Stats)) {
        let mut stats = self.stats.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut stats);
    }

    /// Opens one connection, counting it.
    async fn open(&self, room: &str, hello: &hotseat_protocol::Hello) -> Result<Opened, OpenError> {
        let result = self.net.open(room, hello).await;
        self.count_connect(result.as_ref().map(|opened| opened.took));
        result
    }

    /// Counts a connection opened (how long it took) or not.
    pub(crate) fn count_connect(&self, outcome: Result<Duration, &OpenError>) {
        self.with(|s| match outcome {
            Ok(took) => {
                s.counters.connects_ok += 1;
                s.hist
                    .connect
                    .saturating_record(u64::try_from(took.as_micros()).unwrap_or(u64::MAX));
            }
            Err(e) => {
                s.counters.connects_failed += 1;
                Counters::bump(&mut s.counters.connect_errors, &e.kind());
            }
        });
    }

    /// A new circle and its seven clients: the facilitator first, then the members.
    async fn open_meeting(&self, name: &str) -> Result<(String, Vec<Opened>), OpenError> {
        let circle = self.net.create_circle(name).await.inspect_err(|e| {
            self.count(|c| Counters::bump(&mut c.connect_errors, &e.kind()));
        })?;
        let mut opened = Vec::with_capacity(CLIENTS);
        opened.push(
            self.open(&circle.room, &hello_facilitator(&circle.secret))
                .await?,
        );
        for name in MEMBER_NAMES {
            opened.push(self.open(&circle.room, &hello_join(name)).await?);
        }
        Ok((circle.room, opened))
    }
}

/// One of the room's seven clients.
struct Client {
    /// The member's name (empty for the facilitator).
    name: &'static str,
    seat: SeatId,
    role: Role,
    token: String,
    /// The last update version this connection saw.
    last_version: u64,
    /// Drop the connection once the meeting has had this many commands.
    drop_at: Option<u32>,
    /// The goodbye the server gave, if any, before closing.
    goodbye: Option<String>,
    /// The next meeting was started in the same room after the meeting ended at this
    /// version: the server skips versions there (see
    /// `Counters::version_jumps_at_next_meeting`), so the first update after it may jump.
    jump_after: Option<u64>,
}

/// A command sent and not yet answered (ack or error).
struct InFlight {
    req: u64,
    /// The command's wire name.
    command: &'static str,
    t0: Instant,
    sender: usize,
    /// Clients connected when it was sent (bit i = client i).
    expected: u8,
    measured: bool,
    sent_at: Instant,
    /// The newest version any of the room's clients had seen when the command was sent
    /// (the one the decision was made on).
    base: u64,
    /// The room may go on: the sender has seen a newer update (the command's own, sent
    /// before its ack) or the answer came. A durable command's ack (a commitment, acked
    /// once on disk) may come much later; other people do not wait for it.
    resolved: bool,
}

/// One update version: when it reached each client, and the command behind it once known.
struct Record {
    version: u64,
    arrivals: [Option<Instant>; CLIENTS],
    t0: Option<Instant>,
    expected: u8,
    measured: bool,
    created: Instant,
    /// The command behind this version, once its ack said so.
    command: &'static str,
}

/// What the room's background jobs (reconnects, a new meeting) come back with.
enum Job {
    Resumed {
        client: usize,
        meeting: u32,
        attempt: u32,
        result: Result<Box<Opened>, OpenError>,
    },
    NewMeeting {
        result: Result<(String, Vec<Opened>), OpenError>,
    },
}

pub struct Room {
    name: String,
    shared: Arc<Shared>,
    rng: Rng,
    script: Script,
    /// Ticks: each a command's intended send time.
    ticks: UnboundedReceiver<Instant>,
    room_id: String,
    clients: Vec<Client>,
    /// The clients' sockets (client i's in slot i); open while connected and welcomed.
    sockets: Sockets,
    /// Frames read and not yet handled, in the order read.
    inbox: VecDeque<Received>,
    /// Bumped per meeting (each meeting is a new circle).
    meeting: u32,
    meeting_commands: u32,
    /// The newest frame carrying a snapshot (an update or a welcome) and its version.
    latest: Option<(u64, Utf8Bytes)>,
    /// The room state read from `latest`, kept while it is the newest.
    parsed: Option<RoomState>,
    pending: VecDeque<Instant>,
    /// Commands sent and not yet answered, oldest first.
    flights: VecDeque<InFlight>,
    next_req: u64,
    records: VecDeque<Record>,
    refusals_in_a_row: u32,
    blocked_since: Option<Instant>,
    abandoning: bool,
    between_meetings: bool,
    jobs: FuturesUnordered<BoxFuture<'static, Job>>,
    windows: Option<Windows>,
    finished: bool,
    /// Resume jobs under way.
    resuming: u64,
    /// A planned drop was made when the room was at this version: nothing is sent until
    /// its presence update is seen, so the next decision knows the seat is away.
    drop_barrier: Option<(u64, Instant)>,
}

/// Runs one room: waits for its slot in the ramp, sets up its first meeting, reports, waits
/// for the go, then runs meetings until the run ends.
#[allow(clippy::too_many_arguments)]
pub async fn run_room(
    index: usize,
    name: String,
    seed: u64,
    start_at: Instant,
    shared: Arc<Shared>,
    ticks: UnboundedReceiver<Instant>,
    setup_done: mpsc::UnboundedSender<Setup>,
    go: watch::Receiver<Option<Windows>>,
) {
    tokio::time::sleep_until(start_at.into()).await;
    let mut room = Room {
        name,
        script: Script::new(shared.hot_seats, !shared.new_circle_per_meeting),
        shared,
        rng: Rng::new(seed),
        ticks,
        room_id: String::new(),
        clients: Vec::new(),
        sockets: Sockets::new(CLIENTS),
        inbox: VecDeque::new(),
        meeting: 0,
        meeting_commands: 0,
        latest: None,
        parsed: None,
        pending: VecDeque::new(),
        flights: VecDeque::new(),
        next_req: 1,
        records: VecDeque::new(),
        refusals_in_a_row: 0,
        blocked_since: None,
        abandoning: false,
        between_meetings: false,
        jobs: FuturesUnordered::new(),
        windows: None,
        finished: false,
        resuming: 0,
        drop_barrier: None,
    };
    let first = room.shared.open_meeting(&room.meeting_name()).await;
    let ok = first.is_ok();
    room.shared.count(|c| {
        if ok {
            c.rooms_ready += 1;
        } else {
            c.rooms_failed += 1;
        }
    });
    let _ = setup_done.send(Setup { room: index, ok });
    let Ok((room_id, opened)) = first else {
        return;
    };
    room.attach_meeting(room_id, opened);
    room.run(go).await;
}

impl Room {
    fn meeting_name(&self) -> String {
        format!("{} #{}", self.name, self.meeting + 1)
    }

    /// Serves the room's connections (before the go too: pings, presence, resumes) until
    /// the run is over.
    async fn run(&mut self, mut go: watch::Receiver<Option<Windows>>) {
        let mut housekeeping = tokio::time::interval(Duration::from_millis(500));
        while !self.finished {
            tokio::select! {
                changed = go.changed(), if self.windows.is_none() => match changed {
                    Ok(()) => self.windows = *go.borrow(),
                    Err(_) => self.finished = true,
                },
                Some(tick) = self.ticks.recv() => self.on_tick(tick),
                () = poll_fn(|cx| self.sockets.poll_read(cx, &mut self.inbox)) => {}
                Some(job) = self.jobs.next(), if !self.jobs.is_empty() => self.on_job(job),
                _ = housekeeping.tick() => self.housekeeping(Instant::now()),
            }
            self.handle_inbox();
        }
        self.close_all();
    }

    // ---- setting up ----

    /// Takes the seven welcomed connections of a new meeting into service.
    fn attach_meeting(&mut self, room_id: String, opened: Vec<Opened>) {
        self.room_id = room_id;
        self.meeting_commands = 0;
        self.latest = None;
        self.parsed = None;
        self.records.clear();
        self.flights.clear();
        self.drop_barrier = None;
        self.refusals_in_a_row = 0;
        self.blocked_since = None;
        self.abandoning = false;
        self.between_meetings = false;
        self.script.new_meeting();
        let fresh = self.clients.is_empty();
        for (i, opened) in opened.into_iter().enumerate() {
            if fresh {
                self.clients.push(Client {
                    name: if i == 0 { "" } else { MEMBER_NAMES[i - 1] },
                    seat: opened.seat,
                    role: opened.role,
                    token: String::new(),
                    last_version: 0,
                    drop_at: None,
                    goodbye: None,
                    jump_after: None,
                });
            }
            self.attach(i, opened);
        }
        self.plan_drops();
    }

    /// About `drop_fraction` of clients drop once, somewhere in the meeting.
    fn plan_drops(&mut self) {
        for i in 0..self.clients.len() {
            let drop_at = self
                .rng
                .chance(self.shared.drop_fraction)
                .then(|| 3 + self.rng.below(60) as u32);
            self.clients[i].drop_at = drop_at;
        }
    }

    /// The facilitator starts the circle's next meeting in the same room.
    fn next_meeting_in_room(&mut self, ended_at: u64) {
        let abandoned = self.abandoning;
        self.shared.count(|c| {
            if abandoned {
                c.meetings_abandoned += 1;
            } else {
                c.meetings_completed += 1;
            }
        });
        self.abandoning = false;
        self.meeting_commands = 0;
        self.refusals_in_a_row = 0;
        for client in &mut self.clients {
            client.jump_after = Some(ended_at);
        }
        self.plan_drops();
    }

    /// A welcomed connection becomes client `i`'s.
    fn attach(&mut self, i: usize, opened: Opened) {
        let Opened {
            ws,
            seat,
            role,
            token,
            version,
            raw,
            ..
        } = opened;
        let client = &mut self.clients[i];
        client.seat = seat;
        client.role = role;
        client.token = token;
        client.last_version = version;
        client.goodbye = None;
        self.sockets.attach(i, ws);
        self.see_snapshot(version, raw);
    }

    /// Every client leaves cleanly (tabs closing).
    fn close_all(&mut self) {
        for i in 0..self.clients.len() {
            self.sockets.close(i);
        }
        // What the closed sockets said last is of no interest any more.
        self.inbox.clear();
    }

    // ---- events ----

    /// Handles what the sockets said, in the order it was read.
    fn handle_inbox(&mut self) {
        while let Some(Received { client, at, what }) = self.inbox.pop_front() {
            self.on_message(client, at, what);
        }
    }

    fn on_tick(&mut self, intended: Instant) {
        let Some(windows) = self.windows else { return };
        let now = Instant::now();
        if windows.measured(intended) {
            let lag = micros(now.saturating_duration_since(intended));
            self.shared.with(|s| s.hist.tick_lag.saturating_record(lag));
        }
        self.pending.push_back(intended);
        self.try_send(now);
    }

    fn on_message(&mut self, client: usize, at: Instant, what: Incoming) {
        match what {
            Incoming::Update { version, frame } => self.on_update(client, at, version, frame),
            Incoming::Ack { req, version } => self.on_answer(req, at, Ok(version)),
            Incoming::Error {
                req: Some(req),
                code,
            } => self.on_answer(req, at, Err(code)),
            Incoming::Error { req: None, code } => {
                self.shared
                    .count(|c| Counters::bump(&mut c.unsolicited_errors, &code));
            }
            Incoming::Goodbye(reason) => self.clients[client].goodbye = Some(reason),
            Incoming::Closed(how) => self.on_closed(client, &how),
            Incoming::Other | Incoming::Text(_) => {}
        }
    }

    fn on_update(&mut self, client: usize, at: Instant, version: u64, frame: Utf8Bytes) {
        let measured = self.windows.is_some_and(|w| w.measured(at));
        let last = self.clients[client].last_version;
        // The first update after the end of a meeting (this client may not have seen the
        // end yet when the facilitator started the next one).
        let jump_expected = self.clients[client]
            .jump_after
            .is_some_and(|ended| last >= ended);
        if jump_expected {
            self.clients[client].jump_after = None;
        }
        let (mut lost, out_of_order) = if version > last + 1 {
            (version - last - 1, 0)
        } else if version <= last {
            (0, 1)
        } else {
            (0, 0)
        };
        if jump_expected && lost > 0 {
            self.shared
                .count(|c| c.version_jumps_at_next_meeting += lost);
            lost = 0;
        }
        self.clients[client].last_version = version.max(last);
        if lost > 0 && std::env::var_os("LOADGEN_DEBUG_GAPS").is_some() {
            eprintln!(
                "gap: room {} client {client} saw {version} after {last} (meeting command {})",
                self.name, self.meeting_commands
            );
        }
        let bytes = frame.len() as u64;
        if measured || lost > 0 || out_of_order > 0 {
            self.shared.count(|c| {
                if measured {
                    c.update_frames += 1;
                    c.update_bytes += bytes;
                }
                c.lost_updates += lost;
                c.out_of_order_updates += out_of_order;
            });
        }
        self.see_snapshot(version, frame);
        let pos = self.record_for(version, at);
        if self.records[pos].arrivals[client].is_none() {
            self.records[pos].arrivals[client] = Some(at);
        }
        self.try_complete(pos);
        // The sender sees the room move past where it was: its command took effect (or
        // something else happened first; the script decides on what it sees either way).
        let mut resolved = false;
        for flight in &mut self.flights {
            if !flight.resolved && flight.sender == client && version > flight.base {
                flight.resolved = true;
                resolved = true;
            }
        }
        if self.drop_barrier.is_some_and(|(at, _)| version > at) {
            self.drop_barrier = None;
            resolved = true;
        }
        if resolved {
            self.try_send(Instant::now());
        }
    }

    /// The index of the record of `version`, made (unclaimed, seen first at `at`) if new.
    fn record_for(&mut self, version: u64, at: Instant) -> usize {
        if let Some(pos) = self.records.iter().position(|r| r.version == version) {
            return pos;
        }
        self.records.push_back(Record {
            version,
            arrivals: [None; CLIENTS],
            t0: None,
            expected: 0,
            measured: false,
            created: at,
            command: "",
        });
        self.records.len() - 1
    }

    /// The ack (or refusal) of a command.
    fn on_answer(&mut self, req: u64, at: Instant, answer: Result<u64, String>) {
        let Some(index) = self.flights.iter().position(|f| f.req == req) else {
            return;
        };
        let flight = self.flights.remove(index).expect("position is valid");
        self.meeting_commands += 1;
        match answer {
            Ok(version) => {
                self.refusals_in_a_row = 0;
                if flight.measured {
                    let took = micros(at.saturating_duration_since(flight.t0));
                    self.shared.with(|s| {
                        s.counters.acks += 1;
                        s.hist.ack.saturating_record(took);
                    });
                }
                // With no older command unanswered, versions before this one came from
                // timers or presence: no command of ours will claim them.
                if index == 0 {
                    self.records
                        .retain(|r| r.version >= version || r.t0.is_some());
                }
                let pos = self.record_for(version, at);
                let online = self.online_mask();
                let record = &mut self.records[pos];
                record.t0 = Some(flight.t0);
                record.command = flight.command;
                record.expected = flight.expected & online;
                record.measured = flight.measured;
                self.try_complete(pos);
            }
            Err(code) => {
                self.refusals_in_a_row += 1;
                if flight.measured {
                    self.shared.count(|c| Counters::bump(&mut c.refused, &code));
                }
            }
        }
        self.try_send(Instant::now());
    }

    /// Records a version's latencies once its command is known and every expected client
    /// has it.
    fn try_complete(&mut self, pos: usize) {
        let record = &self.records[pos];
        let Some(t0) = record.t0 else { return };
        if missing(record.expected, &record.arrivals) > 0 {
            return;
        }
        let record = self.records.remove(pos).expect("position is valid");
        if !record.measured || record.expected == 0 {
            return;
        }
        self.shared.with(|s| {
            let fanout = s.record_fan_out(t0, record.expected, &record.arrivals);
            s.hist.record_fanout_of(record.command, fanout);
        });
    }

    fn on_closed(&mut self, client: usize, how: &str) {
        let reason = self.clients[client]
            .goodbye
            .take()
            .map_or_else(|| how.to_owned(), |g| format!("goodbye_{g}"));
        self.shared
            .count(|c| Counters::bump(&mut c.unplanned_disconnects, &reason));
        self.go_offline(client);
        let lost = self
            .flights
            .iter()
            .filter(|f| f.sender == client && f.measured)
            .count() as u64;
        self.flights.retain(|f| f.sender != client);
        if lost > 0 {
            self.shared.count(|c| c.commands_timed_out += lost);
        }
        if !self.finished && !self.between_meetings {
            self.schedule_resume(client, Duration::from_millis(500), 1);
        }
    }

    // ---- sending ----

    /// Sends the next command if one is due and nothing is awaiting an answer.
    fn try_send(&mut self, now: Instant) {
        if self.flights.iter().any(|f| !f.resolved)
            || self.pending.is_empty()
            || self.drop_barrier.is_some()
        {
            return;
        }
        let Some(windows) = self.windows else { return };
        if self.between_meetings || now >= windows.measure_end {
            self.defer_pending();
            return;
        }
        if self.planned_drops() {
            // Wait for the room to show the seat away before deciding.
            return;
        }
        let Some(state) = self.take_state() else {
            self.defer_pending();
            return;
        };
        let decision = if self.refusals_in_a_row >= REFUSAL_PATIENCE {
            self.abandoning = true;
            end_meeting(&state)
        } else {
            Some(self.script.decide(&state, &mut self.rng))
        };
        let (phase, version) = (state.phase, state.version);
        self.keep_state(state);
        match decision {
            None => self.defer_pending(),
            Some(Decision::NewMeeting) => {
                let abandoned = self.abandoning;
                self.shared.count(|c| {
                    if abandoned {
                        c.meetings_abandoned += 1;
                    } else {
                        c.meetings_completed += 1;
                    }
                });
                self.defer_pending();
                self.start_new_meeting();
            }
            Some(Decision::Act { seat, command }) => {
                let actor = self.clients.iter().position(|c| c.seat == seat);
                match actor.filter(|i| self.sockets.is_open(*i)) {
                    Some(i) => {
                        let t0 = self.pending.pop_front().expect("checked above");
                        self.blocked_since = None;
                        if phase == hotseat_protocol::Phase::Ended && command == Command::Start {
                            self.next_meeting_in_room(version);
                        }
                        self.send(i, t0, now, &command, &windows);
                    }
                    None => {
                        // The seat whose turn it is is away (a planned drop): nobody acts.
                        let since = *self.blocked_since.get_or_insert(now);
                        self.defer_pending();
                        if now.duration_since(since) > AWAY_PATIENCE * 3 {
                            self.abandoning = true;
                            self.shared.count(|c| c.meetings_abandoned += 1);
                            self.start_new_meeting();
                        } else if now.duration_since(since) > AWAY_PATIENCE {
                            self.refusals_in_a_row = REFUSAL_PATIENCE;
                        }
                    }
                }
            }
        }
    }

    fn send(&mut self, i: usize, t0: Instant, now: Instant, command: &Command, windows: &Windows) {
        let req = self.next_req;
        self.next_req += 1;
        let text = serde_json::to_string(&ClientMessage::Act {
            req: Some(req),
            command: command.clone(),
            seen: None,
        })
        .expect("a command serializes");
        let measured = windows.measured(t0);
        if measured {
            self.shared.count(|c| c.commands += 1);
        }
        let expected = self.online_mask();
        if self.sockets.send(i, text).is_err() {
            // Handled like any other broken socket, once this command is in flight.
            self.inbox.push_back(Received {
                client: i,
                at: now,
                what: Incoming::Closed("send_error".into()),
            });
        }
        self.flights.push_back(InFlight {
            req,
            command: command.name(),
            t0,
            sender: i,
            expected,
            measured,
            sent_at: now,
            base: self.latest.as_ref().map_or(0, |(v, _)| *v),
            resolved: false,
        });
    }

    fn defer_pending(&mut self) {
        let n = self.pending.len() as u64;
        if n > 0 {
            self.shared.count(|c| c.ticks_deferred += n);
            self.pending.clear();
        }
    }

    fn online_mask(&self) -> u8 {
        (0..self.clients.len())
            .filter(|i| self.sockets.is_open(*i))
            .fold(0, |mask, i| mask | (1 << i))
    }

    /// Takes the room state of the newest snapshot any of the room's clients has seen,
    /// reading its frame if it is newer than the last one read. Give it back with
    /// `keep_state`.
    fn take_state(&mut self) -> Option<RoomState> {
        let (version, raw) = self.latest.as_ref()?;
        match self.parsed.take() {
            Some(state) if state.version == *version => Some(state),
            _ => {
                let state = frame::read_room_state(raw);
                if state.is_none() {
                    self.shared.count(|c| {
                        Counters::bump(&mut c.unsolicited_errors, "unreadable_snapshot");
                    });
                }
                state
            }
        }
    }

    /// Keeps a state taken with `take_state` for the next decision on the same version
    /// (reading a 3 KB frame costs more than the rest of a decision).
    fn keep_state(&mut self, state: RoomState) {
        self.parsed = Some(state);
    }

    fn see_snapshot(&mut self, version: u64, frame: Utf8Bytes) {
        if self.latest.as_ref().is_none_or(|(v, _)| version > *v) {
            self.latest = Some((version, frame));
        }
    }

    // ---- drops, resumes, new meetings ----

    /// Drops the connections whose planned moment has come. A client still waiting for an
    /// answer drops later, so no ack is lost with it.
    fn planned_drops(&mut self) -> bool {
        let mut dropped = false;
        for i in 0..self.clients.len() {
            let due = self.clients[i]
                .drop_at
                .is_some_and(|at| self.meeting_commands >= at);
            let waiting = self.flights.iter().any(|f| f.sender == i);
            if !due || waiting || !self.sockets.is_open(i) {
                continue;
            }
            self.clients[i].drop_at = None;
            self.shared.count(|c| c.planned_drops += 1);
            dropped = true;
            self.go_offline(i);
            let pause = Duration::from_millis(200 + self.rng.below(1300) as u64);
            self.schedule_resume(i, pause, 1);
        }
        if dropped {
            let at = self.latest.as_ref().map_or(0, |(v, _)| *v);
            self.drop_barrier = Some((at, Instant::now()));
        }
        dropped
    }

    /// Client `i` is gone: drop its socket (abruptly, as a lost network would) and stop
    /// expecting updates on it.
    fn go_offline(&mut self, i: usize) {
        self.sockets.drop_socket(i);
        // Frames read from it but not handled yet die with it, as if never read.
        self.inbox.retain(|r| r.client != i);
        let bit = !(1u8 << i);
        for pos in (0..self.records.len()).rev() {
            self.records[pos].expected &= bit;
            self.try_complete(pos);
        }
        for flight in &mut self.flights {
            flight.expected &= bit;
        }
    }

    fn schedule_resume(&mut self, i: usize, pause: Duration, attempt: u32) {
        let client = &self.clients[i];
        let hello = hello_resume(
            &client.token,
            (!client.name.is_empty()).then_some(client.name),
        );
        let room = self.room_id.clone();
        let shared = self.shared.clone();
        let meeting = self.meeting;
        self.resuming += 1;
        self.jobs.push(Box::pin(async move {
            tokio::time::sleep(pause).await;
            let result = shared.open(&room, &hello).await.map(Box::new);
            Job::Resumed {
                client: i,
                meeting,
                attempt,
                result,
            }
        }));
    }

    fn start_new_meeting(&mut self) {
        self.between_meetings = true;
        self.flights.clear();
        self.drop_barrier = None;
        self.close_all();
        let shared = self.shared.clone();
        self.meeting += 1;
        let name = self.meeting_name();
        self.jobs.push(Box::pin(async move {
            Job::NewMeeting {
                result: shared.open_meeting(&name).await,
            }
        }));
    }

    fn on_job(&mut self, job: Job) {
        match job {
            Job::Resumed {
                client,
                meeting,
                attempt,
                result,
            } => {
                self.resuming -= 1;
                self.on_resumed(client, meeting, attempt, result);
            }
            Job::NewMeeting { result } => match result {
                Ok((room_id, opened)) if !self.finished => self.attach_meeting(room_id, opened),
                Ok(_) => {}
                Err(e) => {
                    // No new circle (the server may be full): this room stops.
                    self.shared.count(|c| {
                        Counters::bump(
                            &mut c.connect_errors,
                            &format!("new_meeting: {}", e.kind()),
                        );
                    });
                    self.finished = true;
                }
            },
        }
    }

    fn on_resumed(
        &mut self,
        client: usize,
        meeting: u32,
        attempt: u32,
        result: Result<Box<Opened>, OpenError>,
    ) {
        let current = meeting == self.meeting && !self.finished && !self.between_meetings;
        match result {
            Ok(opened) if current => {
                self.shared.count(|c| c.resumes_ok += 1);
                self.attach(client, *opened);
            }
            // The meeting moved to a new circle meanwhile (or the run ended): this seat
            // belongs to an old one.
            Ok(_) => self.shared.count(|c| c.resumes_superseded += 1),
            Err(_) if current && attempt < RESUME_ATTEMPTS => {
                self.schedule_resume(client, Duration::from_secs(1), attempt + 1);
            }
            Err(_) => self.shared.count(|c| c.resumes_failed += 1),
        }
    }

    // ---- time ----

    fn housekeeping(&mut self, now: Instant) {
        // Nobody left to see a drop's presence update: go on regardless.
        if self
            .drop_barrier
            .is_some_and(|(_, since)| now.duration_since(since) > Duration::from_secs(2))
        {
            self.drop_barrier = None;
            self.try_send(now);
        }
        // Records that will never complete.
        let mut timed_out = 0u64;
        self.records.retain(|r| {
            let old = now.duration_since(r.created) > GIVE_UP;
            if old && r.measured && r.t0.is_some() {
                timed_out += missing(r.expected, &r.arrivals);
            }
            !old
        });
        if timed_out > 0 {
            self.shared.count(|c| c.deliveries_timed_out += timed_out);
        }
        let stale = |f: &InFlight| now.duration_since(f.sent_at) > GIVE_UP;
        if self.flights.iter().any(stale) {
            let lost = self
                .flights
                .iter()
                .filter(|f| stale(f) && f.measured)
                .count() as u64;
            self.flights.retain(|f| !stale(f));
            self.shared.count(|c| c.commands_timed_out += lost);
            self.try_send(now);
        }
        let Some(windows) = self.windows else { return };
        if now < windows.measure_end {
            return;
        }
        let waiting = self.flights.iter().any(|f| f.measured)
            || self.records.iter().any(|r| r.measured && r.t0.is_some());
        if !waiting || now >= windows.drain_until {
            self.finish();
        }
    }

    /// The run is over: count what never came, and close.
    fn finish(&mut self) {
        let never_arrived: u64 = self
            .records
            .iter()
            .filter(|r| r.measured && r.t0.is_some())
            .map(|r| missing(r.expected, &r.arrivals))
            .sum();
        let lost_commands = self.flights.iter().filter(|f| f.measured).count() as u64;
        let resuming = self.resuming;
        self.shared.count(|c| {
            c.resumes_pending_at_end += resuming;
            c.deliveries_timed_out += never_arrived;
            c.commands_timed_out += lost_commands;
        });
        self.finished = true;
    }
}

/// The facilitator ends a meeting that has lost its way.
fn end_meeting(state: &RoomState) -> Option<Decision> {
    if state.phase == hotseat_protocol::Phase::Ended {
        return Some(Decision::NewMeeting);
    }
    let facilitator = state.seats.iter().find(|s| s.role == Role::Facilitator)?;
    Some(Decision::Act {
        seat: facilitator.id,
        command: Command::EndMeeting,
    })
}
