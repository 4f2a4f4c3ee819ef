//! WebSocket frames the server sends, built once as bytes (tungstenite's frame format) so
//! the same bytes can be written to every socket of a room.

use bytes::Bytes;
use hotseat_protocol::{Event, ServerMessage, Timestamp};
use serde::Serialize;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::{CloseCode, Data, OpCode};
use tokio_tungstenite::tungstenite::protocol::frame::{Frame, FrameHeader};

use crate::wire_json::{JsonWriter, WriteJson};

/// The longest text frame header: 2 bytes and a 64-bit length.
const MAX_HEADER: usize = 10;

/// A message serialized to JSON and framed as one text frame.
pub fn message(msg: &ServerMessage) -> Bytes {
    message_sized(msg, 256)
}

/// `message`, for a JSON text of about `expected` bytes (a room passes its last update's
/// size): the JSON is written once, into one buffer, right behind room for the header.
pub fn message_sized<S: Serialize>(msg: &ServerMessage<S>, expected: usize) -> Bytes {
    let mut out = with_header_room(expected);
    if serde_json::to_writer(&mut out, msg).is_err() {
        return internal_error();
    }
    finish(out)
}

/// The hot path: an `update` (the same JSON as `message_sized` of `ServerMessage::Update`),
/// framed; see `update_json`.
pub fn update(
    server_time: Timestamp,
    events: &[Event],
    snapshot: impl WriteJson,
    expected: usize,
) -> Bytes {
    let mut out = with_header_room(expected);
    if update_json(&mut out, server_time, events, snapshot).is_err() {
        return internal_error();
    }
    finish(out)
}

/// An `update`'s JSON, appended to `out`: the envelope and the snapshot (the meeting's view)
/// written directly, only the few events going through serde.
pub fn update_json(
    out: &mut Vec<u8>,
    server_time: Timestamp,
    events: &[Event],
    snapshot: impl WriteJson,
) -> serde_json::Result<()> {
    let mut w = JsonWriter::new(out);
    w.raw(r#"{"type":"update","server_time":"#);
    w.int(server_time.0);
    w.raw(r#","events":"#);
    w.serde(events);
    w.raw(r#","snapshot":"#);
    snapshot.write_json(&mut w);
    w.raw("}");
    w.finish()
}

/// A buffer for a JSON text of about `expected` bytes, with room for the header before it.
fn with_header_room(expected: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(MAX_HEADER + expected + expected / 8);
    out.resize(MAX_HEADER, 0);
    out
}

/// The frame around the JSON written behind `with_header_room`'s room.
fn finish(mut out: Vec<u8>) -> Bytes {
    let length = (out.len() - MAX_HEADER) as u64;
    let header = text_header();
    let start = MAX_HEADER - header.len(length);
    // Writing into a slice of exactly the header's length cannot fail.
    let _ = header.format(length, &mut &mut out[start..MAX_HEADER]);
    Bytes::from(out).slice(start..)
}

/// Our own types always serialize; if that ever broke, say so rather than go silent.
fn internal_error() -> Bytes {
    text(
        br#"{"type":"error","code":"internal","message":"Something went wrong on the server. Nothing was changed."}"#,
    )
}

fn text_header() -> FrameHeader {
    FrameHeader {
        opcode: OpCode::Data(Data::Text),
        ..FrameHeader::default()
    }
}

/// One final, unmasked text frame (servers never mask) around UTF-8 `payload`.
fn text(payload: &[u8]) -> Bytes {
    let header = text_header();
    let length = payload.len() as u64;
    let mut out = Vec::with_capacity(header.len(length) + payload.len());
    // Writing into a Vec cannot fail.
    let _ = header.format(length, &mut out);
    out.extend_from_slice(payload);
    Bytes::from(out)
}

/// A ping (the heartbeat); the client's pong proves it is still there.
pub fn ping() -> Bytes {
    encode(Frame::ping(Bytes::new()))
}

/// The answer to a client's ping, with its payload (at most 125 bytes: tungstenite refuses
/// longer pings before they get here).
pub fn pong(payload: &[u8]) -> Bytes {
    encode(Frame::pong(Bytes::copy_from_slice(payload)))
}

/// The echo of a client's close frame: its code (none if it gave none), no reason.
pub fn close_echo(code: Option<u16>) -> Bytes {
    encode(Frame::close(code.map(|code| CloseFrame {
        code: CloseCode::from(code),
        reason: "".into(),
    })))
}

/// A close frame with a code and a short reason.
pub fn close(code: u16, reason: &'static str) -> Bytes {
    encode(Frame::close(Some(CloseFrame {
        code: CloseCode::from(code),
        reason: reason.into(),
    })))
}

fn encode(frame: Frame) -> Bytes {
    let mut out = Vec::with_capacity(frame.len());
    let _ = frame.format(&mut out);
    Bytes::from(out)
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use tokio_tungstenite::tungstenite::protocol::frame::coding::Control;

    use super::*;

    /// Reads back what `bytes` holds with tungstenite's own parser, as a client would.
    fn parse(bytes: &[u8]) -> (FrameHeader, Vec<u8>) {
        let mut cursor = Cursor::new(bytes);
        let (header, length) = FrameHeader::parse(&mut cursor)
            .expect("a valid header")
            .expect("a complete header");
        let start = cursor.position() as usize;
        assert_eq!(start + length as usize, bytes.len(), "exactly one frame");
        (header, bytes[start..].to_vec())
    }

    #[test]
    fn a_message_is_one_final_unmasked_text_frame_of_its_json() {
        let msg = ServerMessage::Goodbye {
            reason: hotseat_protocol::message::GoodbyeReason::Removed,
        };
        let (header, payload) = parse(&message(&msg));
        assert!(header.is_final);
        assert_eq!(header.opcode, OpCode::Data(Data::Text));
        assert_eq!(header.mask, None);
        assert_eq!(payload, serde_json::to_vec(&msg).unwrap());
    }

    #[test]
    fn a_message_of_any_length_is_its_json_whatever_size_was_expected() {
        // Texts long enough for each header form: 7-bit, 16-bit and 64-bit lengths.
        for text_len in [10, 200, 70_000] {
            let msg: ServerMessage = ServerMessage::Error {
                req: None,
                code: hotseat_protocol::ErrorCode::Internal,
                message: "x".repeat(text_len),
            };
            let json = serde_json::to_vec(&msg).unwrap();
            for expected in [0, 100, json.len(), 200_000] {
                let (header, payload) = parse(&message_sized(&msg, expected));
                assert_eq!(header.opcode, OpCode::Data(Data::Text));
                assert_eq!(payload, json, "text {text_len}, expected {expected}");
            }
        }
    }

    #[test]
    fn an_update_frame_reads_as_the_serde_update_of_the_same_view() {
        let server_time = Timestamp(1_795_219_300_000);
        let mut steps = 0;
        // A meeting through every phase, texts that need escaping everywhere.
        crate::engine::played_meeting_each(|m, events| {
            steps += 1;
            for events in [events, &[]] {
                let msg = ServerMessage::Update {
                    server_time,
                    events: events.to_vec(),
                    snapshot: m.view(),
                };
                let (_, serde_payload) = parse(&message_sized(&msg, 256));
                let by_serde: ServerMessage = serde_json::from_slice(&serde_payload).unwrap();
                for expected in [0, 3_000, 200_000] {
                    let fast = update(server_time, events, m.view(), expected);
                    let (header, payload) = parse(&fast);
                    assert_eq!(header.opcode, OpCode::Data(Data::Text));
                    let read: ServerMessage = serde_json::from_slice(&payload).expect("parses");
                    assert_eq!(read, by_serde, "step {steps}, as a client reads it");
                    assert_eq!(fast, message_sized(&msg, expected), "step {steps}, bytes");
                }
            }
        });
        assert!(steps > 40, "the meeting went far: {steps} steps");
    }

    #[test]
    fn every_length_form_frames_its_payload_exactly() {
        // Up to 125 bytes, 16-bit and 64-bit lengths use different header forms.
        for size in [0, 125, 126, 3_000, 65_535, 65_536, 70_000] {
            let payload = vec![b'a'; size];
            let (header, read) = parse(&text(&payload));
            assert_eq!(header.opcode, OpCode::Data(Data::Text));
            assert_eq!(read, payload, "size {size}");
        }
    }

    #[test]
    fn pong_and_close_echo_are_control_frames_with_their_payload() {
        let (header, payload) = parse(&pong(b"are you there"));
        assert_eq!(header.opcode, OpCode::Control(Control::Pong));
        assert_eq!(payload, b"are you there");
        let (header, payload) = parse(&close_echo(Some(4321)));
        assert_eq!(header.opcode, OpCode::Control(Control::Close));
        assert_eq!(payload, 4321u16.to_be_bytes());
        assert!(parse(&close_echo(None)).1.is_empty());
    }

    #[test]
    fn close_carries_its_code_and_reason() {
        let (header, payload) = parse(&close(4003, "too slow to keep up"));
        assert_eq!(header.opcode, OpCode::Control(Control::Close));
        assert_eq!(u16::from_be_bytes([payload[0], payload[1]]), 4003);
        assert_eq!(&payload[2..], b"too slow to keep up");
    }
}
