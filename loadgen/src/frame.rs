//! Reading the server's frames cheaply: an update's version and an ack's numbers straight
//! from the text, a snapshot without serde's buffering of internally tagged enums.

use hotseat_protocol::ServerMessage;
use serde::Deserialize;
use tokio_tungstenite::tungstenite::{self, Message, Utf8Bytes};

use crate::state::RoomState;

/// A server message as the room needs it. Updates are not parsed in full here: the
/// version is read straight from the frame (the room parses the newest snapshot only when
/// it needs to decide the next step).
#[derive(Debug)]
pub enum Incoming {
    Update {
        version: u64,
        frame: Utf8Bytes,
    },
    Ack {
        req: u64,
        version: u64,
    },
    Error {
        req: Option<u64>,
        code: String,
    },
    Goodbye(String),
    /// The connection ended; the close code if the server sent one.
    Closed(String),
    Other,
    /// A text frame taken as it is, not classified (the relay mode's frames).
    Text(Utf8Bytes),
}

const UPDATE_PREFIX: &str = r#"{"type":"update""#;
const VERSION_KEY: &str = r#""snapshot":{"version":"#;
const ACK_PREFIX: &str = r#"{"type":"ack","#;

/// The unsigned number right after the first `key` in `text`.
pub fn number_after(text: &str, key: &str) -> Option<u64> {
    let rest = &text[text.find(key)? + key.len()..];
    let end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    rest[..end].parse().ok()
}

/// What a socket read means for the room; `None` for frames it ignores (pings, pongs).
pub fn incoming(read: Option<Result<Message, tungstenite::Error>>) -> Option<Incoming> {
    read_with(read, classify)
}

/// As `incoming`, but a text frame is handed over as it is (`Incoming::Text`).
pub fn incoming_text(read: Option<Result<Message, tungstenite::Error>>) -> Option<Incoming> {
    read_with(read, Incoming::Text)
}

/// A socket read, with text frames read by `text`.
fn read_with(
    read: Option<Result<Message, tungstenite::Error>>,
    text: impl FnOnce(Utf8Bytes) -> Incoming,
) -> Option<Incoming> {
    Some(match read {
        Some(Ok(Message::Text(frame))) => text(frame),
        Some(Ok(Message::Close(close))) => Incoming::Closed(close.map_or_else(
            || "close".to_owned(),
            |c| format!("close_{}", u16::from(c.code)),
        )),
        Some(Ok(_)) => return None,
        Some(Err(_)) => Incoming::Closed("socket_error".into()),
        None => Incoming::Closed("eof".into()),
    })
}

/// Reads what a frame is, cheaply for the common cases (an update, an ack), falling back
/// to a full parse for anything else.
pub fn classify(frame: Utf8Bytes) -> Incoming {
    if frame.starts_with(UPDATE_PREFIX)
        && let Some(version) = number_after(&frame, VERSION_KEY)
    {
        return Incoming::Update { version, frame };
    }
    if frame.starts_with(ACK_PREFIX)
        && let (Some(req), Some(version)) = (
            number_after(&frame, "\"req\":"),
            number_after(&frame, "\"version\":"),
        )
    {
        return Incoming::Ack { req, version };
    }
    match serde_json::from_str::<ServerMessage>(&frame) {
        Ok(ServerMessage::Update { snapshot, .. }) => Incoming::Update {
            version: snapshot.version,
            frame,
        },
        Ok(ServerMessage::Ack { req, version }) => Incoming::Ack { req, version },
        Ok(ServerMessage::Error { req, code, .. }) => Incoming::Error {
            req,
            code: code.to_string(),
        },
        Ok(ServerMessage::Goodbye { reason }) => Incoming::Goodbye(
            serde_json::to_value(reason)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_else(|| format!("{reason:?}")),
        ),
        Ok(_) => Incoming::Other,
        Err(_) => Incoming::Error {
            req: None,
            code: "unreadable_server_message".into(),
        },
    }
}

/// A `welcome` or an `update` as far as the script needs it: its snapshot's room state. A
/// plain struct is read in one pass; the internally tagged `ServerMessage` would buffer the
/// whole frame first.
#[derive(Deserialize)]
struct SnapshotFrame {
    snapshot: RoomState,
}

/// The room state in the snapshot of a `welcome` or an `update` frame.
pub fn read_room_state(frame: &str) -> Option<RoomState> {
    serde_json::from_str::<SnapshotFrame>(frame)
        .ok()
        .map(|f| f.snapshot)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn updates_and_acks_are_read_without_a_full_parse_and_others_with_one() {
        let update = r#"{"type":"update","server_time":1,"events":[{"type":"hand_raised","seat":3}],"snapshot":{"version":42,"circle":{}}}"#;
        match classify(Utf8Bytes::from(update)) {
            Incoming::Update { version, .. } => assert_eq!(version, 42),
            other => panic!("{other:?}"),
        }
        match classify(Utf8Bytes::from(r#"{"type":"ack","req":7,"version":43}"#)) {
            Incoming::Ack { req, version } => assert_eq!((req, version), (7, 43)),
            other => panic!("{other:?}"),
        }
        match classify(Utf8Bytes::from(
            r#"{"type":"error","req":8,"code":"not_your_turn","message":"x"}"#,
        )) {
            Incoming::Error { req, code } => {
                assert_eq!(req, Some(8));
                assert_eq!(code, "not_your_turn");
            }
            other => panic!("{other:?}"),
        }
        match classify(Utf8Bytes::from(r#"{"type":"goodbye","reason":"too_slow"}"#)) {
            Incoming::Goodbye(reason) => assert_eq!(reason, "too_slow"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_ack_in_another_field_order_is_still_read() {
        match classify(Utf8Bytes::from(r#"{"type":"ack","version":9,"req":4}"#)) {
            Incoming::Ack { req, version } => assert_eq!((req, version), (4, 9)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_frame_without_a_snapshot_has_none() {
        assert!(read_room_state(r#"{"type":"ack","req":7,"version":43}"#).is_none());
        assert!(read_room_state("not json").is_none());
    }

    #[test]
    fn pings_are_ignored_and_closes_say_how() {
        assert!(incoming(Some(Ok(Message::Ping(Default::default())))).is_none());
        assert!(matches!(
            incoming(None),
            Some(Incoming::Closed(how)) if how == "eof"
        ));
    }
}
