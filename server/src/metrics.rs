//! Counters for `/metrics`, in the Prometheus text format. Atomics only: nothing on the hot
//! path takes a lock.

use std::fmt::Write;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering::Relaxed};

use hotseat_protocol::ErrorCode;

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
        out
    }
}
