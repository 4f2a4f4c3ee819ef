//! How log lines look (`--log-format`): text for people, or JSON lines (level, target,
//! fields such as the room tag) for a log collector. Always on stderr.

use std::io::IsTerminal;

use tracing_subscriber::Layer;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::registry::LookupSpan;

/// The shape of a log line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum LogFormat {
    /// One readable line per event.
    #[default]
    Text,
    /// One JSON object per line.
    Json,
}

/// The formatting layer for `format`, writing to stderr; colour codes only when stderr is a
/// terminal, so files and collectors get plain text.
pub fn layer<S>(format: LogFormat) -> Box<dyn Layer<S> + Send + Sync>
where
    S: tracing::Subscriber + for<'a> LookupSpan<'a>,
{
    layer_to(format, std::io::stderr, std::io::stderr().is_terminal())
}

/// `layer`, writing to `writer` (tests capture it).
pub fn layer_to<S, W>(format: LogFormat, writer: W, ansi: bool) -> Box<dyn Layer<S> + Send + Sync>
where
    S: tracing::Subscriber + for<'a> LookupSpan<'a>,
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let fmt = tracing_subscriber::fmt::layer().with_writer(writer);
    match format {
        LogFormat::Text => fmt.with_ansi(ansi).boxed(),
        LogFormat::Json => fmt.json().with_ansi(false).boxed(),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use tracing_subscriber::layer::SubscriberExt;

    use super::*;

    /// Log output, in memory.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn logged(format: LogFormat) -> String {
        let captured = Captured::default();
        let sink = captured.clone();
        let subscriber =
            tracing_subscriber::registry().with(layer_to(format, move || sink.clone(), false));
        tracing::subscriber::with_default(subscriber, || {
            tracing::info!(
                room = "ab12cd",
                seat = 3,
                "dropping a client that cannot keep up"
            );
        });
        String::from_utf8(captured.0.lock().unwrap().clone()).unwrap()
    }

    #[test]
    fn json_lines_carry_level_target_and_the_room_tag() {
        let out = logged(LogFormat::Json);
        let line: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON line");
        assert_eq!(line["level"], "INFO");
        assert_eq!(line["target"], "hotseat_server::log_format::tests");
        assert_eq!(line["fields"]["room"], "ab12cd");
        assert_eq!(line["fields"]["seat"], 3);
        assert_eq!(
            line["fields"]["message"],
            "dropping a client that cannot keep up"
        );
        assert!(!out.contains('\u{1b}'), "no colour codes: {out:?}");
    }

    #[test]
    fn text_without_a_terminal_has_no_colour_codes() {
        let out = logged(LogFormat::Text);
        assert!(
            out.contains("room=\"ab12cd\"") || out.contains("room=ab12cd"),
            "{out}"
        );
        assert!(!out.contains('\u{1b}'), "{out:?}");
    }
}
