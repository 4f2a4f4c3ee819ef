//! WebSocket frames the server sends, built once as bytes (tungstenite's frame format) so
//! the same bytes can be written to every socket of a room.

use bytes::Bytes;
use hotseat_protocol::ServerMessage;
use serde::Serialize;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::{CloseCode, Data, OpCode};
use tokio_tungstenite::tungstenite::protocol::frame::{Frame, FrameHeader};

/// The longest text frame header: 2 bytes and a 64-bit length.
const MAX_HEADER: usize = 10;

/// A message serialized to JSON and framed as one text frame.
pub fn message(msg: &ServerMessage) -> Bytes {
    message_sized(msg, 256)
}

/// `message`, for a JSON text of about `expected` bytes (a room passes its last update's
/// size): the JSON is written once, into one buffer, right behind room for the header.
pub fn message_sized<S: Serialize>(msg: &ServerMessage<S>, expected: usize) -> Bytes {
    let mut out = Vec::with_capacity(MAX_HEADER + expected + expected / 8);
    out.resize(MAX_HEADER, 0);
    if serde_json::to_writer(&mut out, msg).is_err() {
        // Our own types always serialize; if that ever broke, say so rather than go silent.
        return text(
            br#"{"type":"error","code":"internal","message":"Something went wrong on the server. Nothing was changed."}"#,
        );
    }
    let length = (out.len() - MAX_HEADER) as u64;
    let header = text_header();
    let start = MAX_HEADER - header.len(length);
    // Writing into a slice of exactly the header's length cannot fail.
    let _ = header.format(length, &mut &mut out[start..MAX_HEADER]);
    Bytes::from(out).slice(start..)
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
    fn close_carries_its_code_and_reason() {
        let (header, payload) = parse(&close(4003, "too slow to keep up"));
        assert_eq!(header.opcode, OpCode::Control(Control::Close));
        assert_eq!(u16::from_be_bytes([payload[0], payload[1]]), 4003);
        assert_eq!(&payload[2..], b"too slow to keep up");
    }
}
