//! One room of the relay mode (`--relay`): seven plain WebSockets on `/relay/<room>` of a
//! bare relay (`examples/relay.rs`), no meeting and no protocol, read and written by the
//! room's own task as in the meeting mode (`Sockets`).
//!
//! At each tick of the worker's scheduler (the same open-loop Poisson schedule) one of the
//! seven, chosen at random, sends a frame (`RelayFrame`) with the room, an id and the
//! intended send time. The relay should hand it to all seven, the sender's echo included
//! (as Hotseat's sender gets its update), and to nobody else. Latencies are measured from
//! the intended send time as in the meeting mode: per recipient, fan-out (the last of the
//! seven), and the sender's echo as its ack. A frame goes out at its tick: unlike a
//! meeting's commands, frames do not depend on the previous one having taken effect.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::future::poll_fn;
use tokio::sync::mpsc::{self, UnboundedReceiver};
use tokio::sync::watch;

use crate::frame::{self, Incoming};
use crate::relay_frame::RelayFrame;
use crate::rng::Rng;
use crate::room::{CLIENTS, GIVE_UP, Setup, Shared, Windows};
use crate::sockets::{Received, Sockets};
use crate::stats::{self, Counters, micros};

/// Which room a relay room is and what it sends.
#[derive(Debug, Clone, Copy)]
pub struct RelayPlan {
    /// The room's number within its worker.
    pub index: usize,
    /// The room's number in the whole run: its path is `/relay/<room>`.
    pub room: u64,
    /// Each frame's size.
    pub bytes: usize,
    pub seed: u64,
    /// When to open its connections (its slot in the ramp).
    pub start_at: Instant,
}

/// A frame sent and not yet seen by every client expected to see it.
struct Sent {
    t0: Instant,
    sender: usize,
    /// Clients connected when it was sent (bit i = client i).
    expected: u8,
    arrivals: [Option<Instant>; CLIENTS],
    measured: bool,
}

impl Sent {
    fn missing(&self) -> u64 {
        stats::missing(self.expected, &self.arrivals)
    }

    fn echo_missing(&self) -> bool {
        self.arrivals[self.sender].is_none()
    }
}

struct RelayRoom {
    plan: RelayPlan,
    shared: Arc<Shared>,
    rng: Rng,
    ticks: UnboundedReceiver<Instant>,
    sockets: Sockets,
    inbox: VecDeque<Received>,
    windows: Option<Windows>,
    /// Frames sent and not yet complete, by id from `first_id` (`None`: complete).
    sent: VecDeque<Option<Sent>>,
    first_id: u64,
    finished: bool,
}

/// Runs one relay room: waits for its slot in the ramp, opens its seven connections,
/// reports, waits for the go, then sends and receives until the run ends.
pub async fn run_relay_room(
    plan: RelayPlan,
    shared: Arc<Shared>,
    ticks: UnboundedReceiver<Instant>,
    setup_done: mpsc::UnboundedSender<Setup>,
    go: watch::Receiver<Option<Windows>>,
) {
    tokio::time::sleep_until(plan.start_at.into()).await;
    let mut room = RelayRoom {
        plan,
        rng: Rng::new(plan.seed),
        shared,
        ticks,
        sockets: Sockets::with_reader(CLIENTS, frame::incoming_text),
        inbox: VecDeque::new(),
        windows: None,
        sent: VecDeque::new(),
        first_id: 0,
        finished: false,
    };
    let ok = room.open().await;
    room.shared.count(|c| {
        if ok {
            c.rooms_ready += 1;
        } else {
            c.rooms_failed += 1;
        }
    });
    let _ = setup_done.send(Setup {
        room: plan.index,
        ok,
    });
    if ok {
        room.run(go).await;
    }
    room.close_all();
}

impl RelayRoom {
    /// Opens the seven connections, one after another; false if one failed.
    async fn open(&mut self) -> bool {
        let path = format!("/relay/{}", self.plan.room);
        for i in 0..CLIENTS {
            let opened = self.shared.net.open_plain(&path).await;
            self.shared
                .count_connect(opened.as_ref().map(|(_, took)| *took));
            match opened {
                Ok((ws, _)) => self.sockets.attach(i, ws),
                Err(_) => return false,
            }
        }
        true
    }

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
                _ = housekeeping.tick() => self.housekeeping(Instant::now()),
            }
            while let Some(Received { client, at, what }) = self.inbox.pop_front() {
                match what {
                    Incoming::Text(text) => self.on_frame(client, at, &text),
                    Incoming::Closed(how) => self.on_closed(client, &how),
                    _ => {}
                }
            }
        }
    }

    fn close_all(&mut self) {
        for i in 0..CLIENTS {
            self.sockets.close(i);
        }
        self.inbox.clear();
    }

    fn online_mask(&self) -> u8 {
        (0..CLIENTS)
            .filter(|i| self.sockets.is_open(*i))
            .fold(0, |mask, i| mask | (1 << i))
    }

    /// A random connected client sends the room a frame, now.
    fn on_tick(&mut self, intended: Instant) {
        let Some(windows) = self.windows else { return };
        let now = Instant::now();
        let measured = windows.measured(intended);
        if measured {
            let lag = micros(now.saturating_duration_since(intended));
            self.shared.with(|s| s.hist.tick_lag.saturating_record(lag));
        }
        let expected = self.online_mask();
        if expected == 0 {
            return;
        }
        let start = self.rng.below(CLIENTS);
        let sender = (0..CLIENTS)
            .map(|k| (start + k) % CLIENTS)
            .find(|i| expected & (1 << i) != 0)
            .expect("someone is connected");
        let id = self.first_id + self.sent.len() as u64;
        let text = RelayFrame {
            room: self.plan.room,
            id,
            t0_ns: u64::try_from(intended.saturating_duration_since(windows.go).as_nanos())
                .unwrap_or(u64::MAX),
        }
        .encode(self.plan.bytes);
        if measured {
            self.shared.count(|c| c.commands += 1);
        }
        self.sent.push_back(Some(Sent {
            t0: intended,
            sender,
            expected,
            arrivals: [None; CLIENTS],
            measured,
        }));
        if self.sockets.send(sender, text).is_err() {
            // Handled like any other broken socket, now that the frame is on record.
            self.inbox.push_back(Received {
                client: sender,
                at: now,
                what: Incoming::Closed("send_error".into()),
            });
        }
    }

    /// A frame read on `client`'s socket.
    fn on_frame(&mut self, client: usize, at: Instant, text: &str) {
        if self.windows.is_some_and(|w| w.measured(at)) {
            let bytes = text.len() as u64;
            self.shared.count(|c| {
                c.update_frames += 1;
                c.update_bytes += bytes;
            });
        }
        let frame = RelayFrame::decode(text).filter(|f| f.room == self.plan.room);
        let next_id = self.first_id + self.sent.len() as u64;
        let Some(frame) = frame.filter(|f| f.id < next_id) else {
            self.shared.count(|c| c.relay_foreign_frames += 1);
            return;
        };
        let pos = frame.id.checked_sub(self.first_id).map(|p| p as usize);
        let Some(sent) = pos.and_then(|p| self.sent[p].as_mut()) else {
            // Its fan-out is complete (or was given up): this copy is one too many.
            self.shared.count(|c| c.relay_duplicate_frames += 1);
            return;
        };
        if sent.arrivals[client].is_some() {
            self.shared.count(|c| c.relay_duplicate_frames += 1);
            return;
        }
        sent.arrivals[client] = Some(at);
        if client == sent.sender && sent.measured {
            let took = micros(at.saturating_duration_since(sent.t0));
            self.shared.with(|s| {
                s.counters.acks += 1;
                s.hist.ack.saturating_record(took);
            });
        }
        self.try_complete(pos.expect("found above"));
        self.compact();
    }

    /// Records a frame's latencies once every expected client has it.
    fn try_complete(&mut self, pos: usize) {
        let Some(sent) = &self.sent[pos] else { return };
        if sent.missing() > 0 {
            return;
        }
        let sent = self.sent[pos].take().expect("checked above");
        if sent.measured && sent.expected != 0 {
            self.shared.with(|s| {
                s.record_fan_out(sent.t0, sent.expected, &sent.arrivals);
            });
        }
    }

    /// Forgets the complete frames at the front.
    fn compact(&mut self) {
        while let Some(None) = self.sent.front() {
            self.sent.pop_front();
            self.first_id += 1;
        }
    }

    /// The relay closed `client`'s connection, or it broke: no frame is expected on it any
    /// more, and its frames' echoes are lost.
    fn on_closed(&mut self, client: usize, how: &str) {
        self.sockets.drop_socket(client);
        self.inbox.retain(|r| r.client != client);
        if !self.finished {
            self.shared
                .count(|c| Counters::bump(&mut c.unplanned_disconnects, how));
        }
        let bit = 1u8 << client;
        let mut lost_echoes = 0;
        for pos in 0..self.sent.len() {
            let Some(sent) = self.sent[pos].as_mut() else {
                continue;
            };
            if sent.sender == client && sent.measured && sent.echo_missing() {
                lost_echoes += 1;
            }
            sent.expected &= !bit;
            self.try_complete(pos);
        }
        self.compact();
        if lost_echoes > 0 {
            self.shared.count(|c| c.commands_timed_out += lost_echoes);
        }
    }

    fn housekeeping(&mut self, now: Instant) {
        // Frames that will never reach everyone (sent in order: the oldest are in front).
        while let Some(Some(sent)) = self.sent.front() {
            if now.saturating_duration_since(sent.t0) <= GIVE_UP {
                break;
            }
            let sent = self.sent.pop_front().flatten().expect("checked above");
            self.first_id += 1;
            self.give_up(&sent);
        }
        let Some(windows) = self.windows else { return };
        if now < windows.measure_end {
            return;
        }
        let waiting = self.sent.iter().flatten().any(|s| s.measured);
        if !waiting || now >= windows.drain_until {
            for sent in std::mem::take(&mut self.sent).iter().flatten() {
                self.give_up(sent);
            }
            self.finished = true;
        }
    }

    /// Counts what a frame's fan-out still missed.
    fn give_up(&self, sent: &Sent) {
        if !sent.measured {
            return;
        }
        let (missing, echo) = (sent.missing(), sent.echo_missing());
        self.shared.count(|c| {
            c.deliveries_timed_out += missing;
            c.commands_timed_out += u64::from(echo && sent.expected & (1 << sent.sender) != 0);
        });
    }
}
