//! One generator process's share of the load: its rooms (meetings, or in the relay mode
//! relay rooms) on a single-threaded tokio runtime, and a scheduler task that sends each
//! room a tick at every intended send time.
//!
//! The scheduler sleeps on a timerfd (`PreciseTimer`) rather than on tokio's timer, whose
//! 1 ms granularity would add up to a millisecond to every measured latency, and on the
//! runtime's own thread: a tick costs no thread switch, and ticks do not queue up behind a
//! busy runtime as a ticker thread's did (tick lag p99 at 10,000 commands/s: 0.5-5 ms,
//! against 2-115 ms). The lag between a tick's intended time and its handling is itself
//! measured (`tick_lag`) so the report shows what the generator adds.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use tokio::sync::mpsc::{self, UnboundedSender};
use tokio::sync::{oneshot, watch};

use crate::conn::Net;
use crate::relay_room::{RelayPlan, run_relay_room};
use crate::rng::Rng;
use crate::room::{CLIENTS, Setup, Shared, Windows, run_room};
use crate::stats::{Stats, StatsWire};
use crate::timer::PreciseTimer;

/// What one worker runs. Passed to a child process as JSON.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WorkerConfig {
    /// This worker's number (0-based).
    pub worker: usize,
    pub server: SocketAddr,
    /// Rooms this worker runs.
    pub rooms: usize,
    /// Commands per room per second (0: connections only, held idle).
    pub rate: f64,
    pub warmup_ms: u64,
    pub duration_ms: u64,
    /// How long to wait for answers after the measured window.
    pub drain_ms: u64,
    /// Connections per second this worker opens while ramping up.
    pub ramp: f64,
    /// Loopback source addresses to spread connections over (empty: the kernel picks).
    pub sources: Vec<Ipv4Addr>,
    pub hot_seats: usize,
    pub drop_fraction: f64,
    pub new_circle_per_meeting: bool,
    pub seed: u64,
    /// Relay mode (`relay_room.rs`) with frames of this many bytes; `None`: meetings.
    pub relay_bytes: Option<usize>,
    /// The run-wide number of this worker's first room (relay paths are `/relay/<n>`).
    pub first_room: usize,
}

/// Sent when every room has tried to set up its first meeting.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Ready {
    pub rooms_ready: u64,
    pub rooms_failed: u64,
    pub connections: u64,
    /// From the first connection to the last room set up.
    pub ramp_secs: f64,
}

/// A worker's measurements.
#[derive(Debug, Serialize, Deserialize)]
pub struct WorkerResult {
    pub stats: StatsWire,
    pub ramp_secs: f64,
}

/// Runs one worker: ramps its rooms up, says `ready`, waits for `go`, runs the windows,
/// returns what it measured.
pub async fn run_worker(
    cfg: WorkerConfig,
    ready: oneshot::Sender<Ready>,
    go: oneshot::Receiver<()>,
) -> WorkerResult {
    let shared = Arc::new(Shared {
        net: Net::new(
            cfg.server,
            cfg.sources.iter().map(|a| IpAddr::V4(*a)).collect(),
        ),
        stats: Mutex::new(Stats::default()),
        hot_seats: cfg.hot_seats,
        drop_fraction: cfg.drop_fraction,
        new_circle_per_meeting: cfg.new_circle_per_meeting,
    });
    let (go_tx, go_rx) = watch::channel(None);
    let (setup_tx, mut setup_rx) = mpsc::unbounded_channel::<Setup>();
    let ramp_start = Instant::now() + Duration::from_millis(20);
    let room_spacing = Duration::from_secs_f64(CLIENTS as f64 / cfg.ramp.max(0.001));
    let mut senders: Vec<UnboundedSender<Instant>> = Vec::with_capacity(cfg.rooms);
    let mut tasks = Vec::with_capacity(cfg.rooms);
    let mut seeds = Rng::new(cfg.seed ^ (cfg.worker as u64).wrapping_mul(0x9E37_79B9));
    for r in 0..cfg.rooms {
        let (tx, rx) = mpsc::unbounded_channel();
        senders.push(tx);
        let start_at = ramp_start + room_spacing.mul_f64(r as f64);
        let seed = seeds.next_u64();
        tasks.push(match cfg.relay_bytes {
            None => tokio::spawn(run_room(
                r,
                format!("Load circle w{}-r{r}", cfg.worker),
                seed,
                start_at,
                shared.clone(),
                rx,
                setup_tx.clone(),
                go_rx.clone(),
            )),
            Some(bytes) => tokio::spawn(run_relay_room(
                RelayPlan {
                    index: r,
                    room: (cfg.first_room + r) as u64,
                    bytes,
                    seed,
                    start_at,
                },
                shared.clone(),
                rx,
                setup_tx.clone(),
                go_rx.clone(),
            )),
        });
    }
    drop(setup_tx);
    let mut ok_rooms = vec![false; cfg.rooms];
    let mut ready_count = 0u64;
    for _ in 0..cfg.rooms {
        let Some(setup) = setup_rx.recv().await else {
            break;
        };
        ok_rooms[setup.room] = setup.ok;
        ready_count += u64::from(setup.ok);
    }
    let ramp_secs = ramp_start.elapsed().as_secs_f64();
    let counters = shared
        .stats
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .counters
        .clone();
    let _ = ready.send(Ready {
        rooms_ready: ready_count,
        rooms_failed: cfg.rooms as u64 - ready_count,
        connections: counters.connects_ok,
        ramp_secs,
    });
    if go.await.is_err() {
        // The coordinator went away: stop.
        drop(go_tx);
        for task in tasks {
            let _ = task.await;
        }
        return finish(&shared, ramp_secs);
    }
    let now = Instant::now();
    let windows = Windows {
        go: now,
        measure_start: now + Duration::from_millis(cfg.warmup_ms),
        measure_end: now + Duration::from_millis(cfg.warmup_ms + cfg.duration_ms),
        drain_until: now + Duration::from_millis(cfg.warmup_ms + cfg.duration_ms + cfg.drain_ms),
    };
    let _ = go_tx.send(Some(windows));
    let ticker = (cfg.rate > 0.0).then(|| {
        let senders: Vec<_> = senders
            .into_iter()
            .zip(ok_rooms)
            .filter_map(|(s, ok)| ok.then_some(s))
            .collect();
        let (rate, seed) = (cfg.rate, cfg.seed ^ 0x5EED ^ cfg.worker as u64);
        tokio::spawn(scheduler(senders, rate, windows, seed))
    });
    for task in tasks {
        let _ = task.await;
    }
    if let Some(ticker) = ticker {
        let _ = ticker.await;
    }
    finish(&shared, ramp_secs)
}

fn finish(shared: &Shared, ramp_secs: f64) -> WorkerResult {
    let stats = shared.stats.lock().unwrap_or_else(|e| e.into_inner());
    WorkerResult {
        stats: stats.to_wire(),
        ramp_secs,
    }
}

/// Sends every room a tick at each of its intended send times: independent Poisson
/// processes at `rate` per room, from the go to the end of the measured window.
async fn scheduler(rooms: Vec<UnboundedSender<Instant>>, rate: f64, windows: Windows, seed: u64) {
    let timer = PreciseTimer::new().expect("a timerfd (Linux) for the scheduler");
    let mut rng = Rng::new(seed);
    let next = |rng: &mut Rng, from: Instant| from + Duration::from_secs_f64(rng.exp_secs(rate));
    let mut heap: BinaryHeap<Reverse<(Instant, usize)>> = rooms
        .iter()
        .enumerate()
        .map(|(i, _)| Reverse((next(&mut rng, windows.go), i)))
        .collect();
    while let Some(&Reverse((due, room))) = heap.peek() {
        if due >= windows.measure_end {
            break;
        }
        if due > Instant::now() {
            timer
                .sleep_until(due)
                .await
                .expect("the scheduler's timerfd works");
            continue;
        }
        heap.pop();
        let _ = rooms[room].send(due);
        heap.push(Reverse((next(&mut rng, due), room)));
    }
}

/// A single-threaded runtime: one generator process uses one core, so its figures say
/// plainly when that core is saturated.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime starts")
}
