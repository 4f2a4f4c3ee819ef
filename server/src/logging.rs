//! The log setup: `RUST_LOG` (default `hotseat_server=info`) chooses what is logged, within a
//! fixed cap on the dependencies that would log frame payloads or headers, whatever it says.
//!
//! Why a cap in code: at `debug`/`trace`, tungstenite logs every frame it reads (members'
//! words, the facilitator secret, seat tokens) and close reasons; hyper, h2, axum and tower
//! log headers when their tracing features are on. An operator who turns tracing on to chase
//! a bug must not break the promise that logs never carry what members say.

use tracing::level_filters::LevelFilter;
use tracing_subscriber::filter::{EnvFilter, FilterExt, Targets};
use tracing_subscriber::layer::Filter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::{SubscriberInitExt, TryInitError};
use tracing_subscriber::{Layer, Registry};

use crate::log_format::{self, LogFormat};

/// What is logged when `RUST_LOG` is unset or does not parse.
pub const DEFAULT_FILTER: &str = "hotseat_server=info";

/// Dependency targets that can log payloads or headers, and the most they may log. Their
/// `info` and above carry no payload (tungstenite logs only at `debug`/`trace` on a server).
/// Records from the `log` crate (tungstenite uses it) reach tracing through tracing-log with
/// their own target, so the cap holds for them too.
pub const CAPPED_TARGETS: [&str; 10] = [
    "tungstenite",
    "tokio_tungstenite",
    "hyper",
    "hyper_util",
    "h2",
    "http",
    "axum",
    "tower",
    "tower_http",
    "rusqlite",
];

/// The most a capped target may log.
pub const CAP: LevelFilter = LevelFilter::INFO;

/// The cap alone: every target at any level, except the capped ones above `CAP`.
pub fn cap() -> Targets {
    CAPPED_TARGETS.iter().fold(
        Targets::new().with_default(LevelFilter::TRACE),
        |t, target| t.with_target(*target, CAP),
    )
}

/// `rust_log` (a `RUST_LOG` value; the default when absent or invalid) within the cap.
pub fn filter<S>(rust_log: Option<&str>) -> impl Filter<S> + Send + Sync + 'static
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    let wanted = rust_log
        .and_then(|value| EnvFilter::try_new(value).ok())
        .unwrap_or_else(|| EnvFilter::new(DEFAULT_FILTER));
    wanted.and(cap())
}

/// Installs the process's logger (on stderr, in `format`: see `log_format`), reading
/// `RUST_LOG`, and the bridge that brings the `log` crate's records into it.
pub fn init(format: LogFormat) -> Result<(), TryInitError> {
    let rust_log = std::env::var("RUST_LOG").ok();
    Registry::default()
        .with(log_format::layer(format).with_filter(filter(rust_log.as_deref())))
        .try_init()
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use super::*;

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// What a subscriber built like `init`'s, with `rust_log`, writes for a few events.
    fn logged(rust_log: &str) -> String {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = Registry::default().with(
            tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .with_writer(move || writer.clone())
                .with_filter(filter(Some(rust_log))),
        );
        tracing::subscriber::with_default(subscriber, || {
            tracing::trace!(target: "tungstenite::protocol", "frame payload-a");
            tracing::debug!(target: "tokio_tungstenite", "frame payload-b");
            tracing::trace!(target: "hyper::proto::h1", "header payload-c");
            tracing::info!(target: "tungstenite::protocol", "info-d");
            tracing::trace!(target: "hotseat_server::room", "own-e");
        });
        let bytes = captured.0.lock().unwrap().clone();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn trace_everywhere_still_leaves_out_the_capped_targets_below_info() {
        let log = logged("trace");
        for payload in ["payload-a", "payload-b", "payload-c"] {
            assert!(!log.contains(payload), "{payload} in\n{log}");
        }
        assert!(log.contains("info-d") && log.contains("own-e"), "{log}");
        let log = logged("tungstenite=trace,tokio_tungstenite=trace,hyper=trace");
        assert!(!log.contains("payload"), "{log}");
    }

    #[test]
    fn rust_log_still_chooses_within_the_cap() {
        let log = logged("hotseat_server=info");
        assert!(!log.contains("own-e") && !log.contains("info-d"), "{log}");
        // An invalid value falls back to the default rather than logging nothing.
        let log = logged("hotseat_server=bogus[");
        assert!(!log.contains("own-e"), "{log}");
    }
}
