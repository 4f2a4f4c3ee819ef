//! The relay mode's message: a small chat-like JSON text carrying its room, its id within
//! the room and its intended send time, padded to a chosen size. The relay passes it on
//! untouched; the generator reads the three numbers straight from the text.

use std::fmt::Write;

use crate::frame::number_after;

/// What a relay frame says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RelayFrame {
    /// The room (the path's `/relay/<room>`) it was sent in.
    pub room: u64,
    /// Its number within the room, from 0 in sending order.
    pub id: u64,
    /// Its intended send time, nanoseconds after the run's go.
    pub t0_ns: u64,
}

const PREFIX: &str = r#"{"room":"#;

impl RelayFrame {
    /// The frame's text, `bytes` long (longer only if its numbers alone need more).
    pub fn encode(&self, bytes: usize) -> String {
        let mut text = String::with_capacity(bytes.max(64));
        let _ = write!(
            text,
            r#"{PREFIX}{},"id":{},"t0":{},"pad":""#,
            self.room, self.id, self.t0_ns
        );
        let pad = bytes.saturating_sub(text.len() + 2);
        text.extend(std::iter::repeat_n('x', pad));
        text.push_str("\"}");
        text
    }

    /// Reads a frame made by `encode`; `None` for any other text.
    pub fn decode(text: &str) -> Option<RelayFrame> {
        if !text.starts_with(PREFIX) {
            return None;
        }
        Some(RelayFrame {
            room: number_after(text, PREFIX)?,
            id: number_after(text, r#","id":"#)?,
            t0_ns: number_after(text, r#","t0":"#)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_has_the_size_asked_and_reads_back() {
        let frame = RelayFrame {
            room: 999,
            id: 123_456,
            t0_ns: 30_000_000_001,
        };
        for bytes in [60, 200, 3000] {
            let text = frame.encode(bytes);
            assert_eq!(text.len(), bytes);
            assert_eq!(RelayFrame::decode(&text), Some(frame));
            let json: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
            assert_eq!(json["id"], 123_456);
        }
    }

    #[test]
    fn a_size_too_small_for_the_numbers_gives_the_shortest_frame() {
        let frame = RelayFrame {
            room: 1,
            id: 2,
            t0_ns: 3,
        };
        let text = frame.encode(0);
        assert_eq!(text, r#"{"room":1,"id":2,"t0":3,"pad":""}"#);
        assert_eq!(RelayFrame::decode(&text), Some(frame));
    }

    #[test]
    fn other_texts_are_not_relay_frames() {
        assert_eq!(RelayFrame::decode(r#"{"type":"ack","req":7}"#), None);
        assert_eq!(RelayFrame::decode(r#"{"room":5}"#), None);
        assert_eq!(RelayFrame::decode(""), None);
    }
}
