//! What `/metrics` shows, in the Prometheus text format: counters (atomics), and through the
//! `prometheus` crate histograms, gauges by phase and state, build and process figures.

mod process;

use std::fmt::Write;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering::Relaxed};
use std::time::Duration;

use hotseat_protocol::{ErrorCode, Phase};
use prometheus::{
    Encoder, Gauge, Histogram, HistogramOpts, IntGauge, IntGaugeVec, Opts, Registry, TextEncoder,
};

/// Every phase, in meeting order, with its name on the wire.
const PHASES: [(Phase, &str); 9] = [
    (Phase::Lobby, "lobby"),
    (Phase::Opening, "opening"),
    (Phase::CheckIn, "check_in"),
    (Phase::Presenting, "presenting"),
    (Phase::Questions, "questions"),
    (Phase::Learnings, "learnings"),
    (Phase::Commitment, "commitment"),
    (Phase::Closing, "closing"),
    (Phase::Ended, "ended"),
];

/// The series kept by the `prometheus` crate, one registry per server (so servers in one
/// process, as in the tests, count apart). Label children are resolved once here: the hot
/// path only touches atomics.
#[derive(Debug)]
pub struct Observed {
    registry: Registry,
    /// Time a room actor spends on one command.
    pub command_seconds: Histogram,
    /// Time one broadcast takes to queue an update to every connection.
    pub fanout_seconds: Histogram,
    /// Time the storage writer takes to commit one batch.
    pub store_commit_seconds: Histogram,
    rooms_by_phase: [IntGauge; PHASES.len()],
    in_room: IntGauge,
    joining: IntGauge,
    cpu_seconds: Gauge,
    resident_bytes: Gauge,
    open_fds: Gauge,
    max_fds: Gauge,
}

impl Observed {
    fn new() -> Result<Observed, prometheus::Error> {
        let registry = Registry::new();
        // 50 µs to about 1.6 s: a command or a fan-out takes microseconds, a commit with
        // an fsync milliseconds; the top buckets catch a stalled disk or a starved thread.
        let buckets = prometheus::exponential_buckets(50e-6, 2.0, 16)?;
        let histogram = |name: &str, help: &str| -> Result<Histogram, prometheus::Error> {
            let h = Histogram::with_opts(HistogramOpts::new(name, help).buckets(buckets.clone()))?;
            registry.register(Box::new(h.clone()))?;
            Ok(h)
        };
        let command_seconds = histogram(
            "hotseat_command_seconds",
            "Time a room spends handling one command.",
        )?;
        let fanout_seconds = histogram(
            "hotseat_fanout_seconds",
            "Time one room update takes to reach every connection's queue.",
        )?;
        let store_commit_seconds = histogram(
            "hotseat_store_commit_seconds",
            "Time the storage writer takes to commit one batch.",
        )?;
        let phases = IntGaugeVec::new(
            Opts::new("hotseat_rooms_by_phase", "Live rooms by meeting phase."),
            &["phase"],
        )?;
        registry.register(Box::new(phases.clone()))?;
        let rooms_by_phase = PHASES.map(|(_, name)| phases.with_label_values(&[name]));
        let states = IntGaugeVec::new(
            Opts::new(
                "hotseat_connections_by_state",
                "Open WebSocket connections: joining (no welcome yet) or in_room.",
            ),
            &["state"],
        )?;
        registry.register(Box::new(states.clone()))?;
        let in_room = states.with_label_values(&["in_room"]);
        let joining = states.with_label_values(&["joining"]);
        let build = IntGaugeVec::new(
            Opts::new("hotseat_build_info", "The running build (always 1)."),
            &["version", "commit"],
        )?;
        registry.register(Box::new(build.clone()))?;
        build
            .with_label_values(&[
                env!("CARGO_PKG_VERSION"),
                option_env!("HOTSEAT_COMMIT").unwrap_or("unknown"),
            ])
            .set(1);
        let gauge = |name: &str, help: &str| -> Result<Gauge, prometheus::Error> {
            let g = Gauge::new(name, help)?;
            registry.register(Box::new(g.clone()))?;
            Ok(g)
        };
        Ok(Observed {
            cpu_seconds: gauge(
                "process_cpu_seconds_total",
                "User and system CPU time spent, in seconds.",
            )?,
            resident_bytes: gauge(
                "process_resident_memory_bytes",
                "Resident memory size in bytes.",
            )?,
            open_fds: gauge("process_open_fds", "Open file descriptors.")?,
            max_fds: gauge(
                "process_max_fds",
                "Most file descriptors the process may open.",
            )?,
            registry,
            command_seconds,
            fanout_seconds,
            store_commit_seconds,
            rooms_by_phase,
            in_room,
            joining,
        })
    }
}

/// Seconds as the histograms take them.
pub fn seconds(elapsed: Duration) -> f64 {
    elapsed.as_secs_f64()
}

#[derive(Debug)]
pub struct Metrics {
    pub rooms_live: AtomicI64,
    pub connections: AtomicI64,
    pub commands: AtomicU64,
    pub joins: AtomicU64,
    pub updates_sent: AtomicU64,
    pub slow_clients_dropped: AtomicU64,
    pub abusive_clients_closed: AtomicU64,
    errors: [AtomicU64; ErrorCode::ALL.len()],
    pub observed: Observed,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            rooms_live: AtomicI64::new(0),
            connections: AtomicI64::new(0),
            commands: AtomicU64::new(0),
            joins: AtomicU64::new(0),
            updates_sent: AtomicU64::new(0),
            slow_clients_dropped: AtomicU64::new(0),
            abusive_clients_closed: AtomicU64::new(0),
            errors: std::array::from_fn(|_| AtomicU64::new(0)),
            // Fixed names and labels: this only fails on a programming error.
            observed: Observed::new().expect("valid metric definitions"),
        }
    }
}

impl Metrics {
    pub fn error(&self, code: ErrorCode) {
        self.errors[code as usize].fetch_add(1, Relaxed);
    }

    pub fn errors_of(&self, code: ErrorCode) -> u64 {
        self.errors[code as usize].load(Relaxed)
    }

    /// A room moved from `from` (None: it just opened) to `to` (None: it closed).
    pub fn room_phase(&self, from: Option<Phase>, to: Option<Phase>) {
        let gauge = |phase: Phase| {
            PHASES
                .iter()
                .position(|(p, _)| *p == phase)
                .map(|i| &self.observed.rooms_by_phase[i])
        };
        if let Some(g) = from.and_then(gauge) {
            g.dec();
        }
        if let Some(g) = to.and_then(gauge) {
            g.inc();
        }
    }

    /// A room's count of connections in it changed by `delta`.
    pub fn in_room(&self, delta: i64) {
        self.observed.in_room.add(delta);
    }

    pub fn render(&self) -> String {
        let mut out = String::with_capacity(4096);
        let mut metric = |name: &str, kind: &str, help: &str, value: String| {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
            );
        };
        metric(
            "hotseat_rooms_live",
            "gauge",
            "Live rooms held in memory.",
            self.rooms_live.load(Relaxed).to_string(),
        );
        metric(
            "hotseat_connections",
            "gauge",
            "Open WebSocket connections.",
            self.connections.load(Relaxed).to_string(),
        );
        metric(
            "hotseat_commands_total",
            "counter",
            "Room commands accepted.",
            self.commands.load(Relaxed).to_string(),
        );
        metric(
            "hotseat_joins_total",
            "counter",
            "Successful hellos (joins and resumes).",
            self.joins.load(Relaxed).to_string(),
        );
        metric(
            "hotseat_updates_sent_total",
            "counter",
            "Room updates queued to connections.",
            self.updates_sent.load(Relaxed).to_string(),
        );
        metric(
            "hotseat_slow_clients_dropped_total",
            "counter",
            "Connections dropped for not keeping up.",
            self.slow_clients_dropped.load(Relaxed).to_string(),
        );
        metric(
            "hotseat_abusive_clients_closed_total",
            "counter",
            "Connections closed for persistent flooding.",
            self.abusive_clients_closed.load(Relaxed).to_string(),
        );
        let _ = writeln!(
            out,
            "# HELP hotseat_errors_total Errors sent to clients, by code.\n# TYPE hotseat_errors_total counter"
        );
        for code in ErrorCode::ALL {
            let _ = writeln!(
                out,
                "hotseat_errors_total{{code=\"{code}\"}} {}",
                self.errors_of(code)
            );
        }
        self.render_observed(&mut out);
        out
    }

    /// The crate's series, with the figures read at scrape time brought up to date.
    fn render_observed(&self, out: &mut String) {
        let o = &self.observed;
        let open = self.connections.load(Relaxed);
        o.joining.set((open - o.in_room.get()).max(0));
        let reading = process::read();
        for (gauge, value) in [
            (&o.cpu_seconds, reading.cpu_seconds),
            (&o.resident_bytes, reading.resident_bytes),
            (&o.open_fds, reading.open_fds),
            (&o.max_fds, reading.max_fds),
        ] {
            gauge.set(value.unwrap_or(0.0));
        }
        let mut text = Vec::with_capacity(8192);
        if let Err(error) = TextEncoder::new().encode(&o.registry.gather(), &mut text) {
            tracing::error!(%error, "cannot encode metrics");
        }
        out.push_str(&String::from_utf8_lossy(&text));
    }
}
