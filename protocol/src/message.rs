//! The envelopes: what a client sends (`ClientMessage`) and what the server sends back
//! (`ServerMessage`). Both are JSON objects tagged by `type`.

use serde::{Deserialize, Serialize};

use crate::coach::Verdict;
use crate::command::Command;
use crate::error::ErrorCode;
use crate::event::Event;
use crate::ids::{SeatId, Timestamp};
use crate::phase::Role;
use crate::seen::Seen;
use crate::snapshot::Snapshot;

/// A message from a client. Unknown fields are refused, in every message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ClientMessage {
    /// The first message on a connection: who is joining.
    Hello(Hello),
    /// Ask the room to do something. `req`, if given, is echoed in the `ack` or `error`.
    Act {
        #[serde(default)]
        req: Option<u64>,
        command: Command,
        /// What the sender saw when it sent a meeting-moving command; `stale` if the
        /// meeting has moved on since. Optional: without it the command is not checked.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        seen: Option<Seen>,
    },
    /// Ask the question coach about a draft question; nothing is recorded.
    CheckQuestion {
        #[serde(default)]
        req: Option<u64>,
        text: String,
    },
    /// Ask for a fresh snapshot (answered with an `update` with no events).
    #[serde(deserialize_with = "crate::strict::no_fields")]
    Sync,
}

/// The `hello` message. Give `name` to join as a new member, `seat_token` to come back to a
/// seat you hold (with `name` too, to join anew if the seat is gone), or `facilitator_secret`
/// to take the facilitator's seat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hello {
    pub protocol: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seat_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facilitator_secret: Option<String>,
}

/// Which credential a `hello` presents, once checked for shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    Facilitator {
        secret: String,
    },
    Resume {
        token: String,
        fallback_name: Option<String>,
    },
    Join {
        name: String,
    },
}

impl Hello {
    /// The credential this hello presents, or `None` when it presents none.
    pub fn credential(&self) -> Option<Credential> {
        if let Some(secret) = &self.facilitator_secret {
            return Some(Credential::Facilitator {
                secret: secret.clone(),
            });
        }
        if let Some(token) = &self.seat_token {
            return Some(Credential::Resume {
                token: token.clone(),
                fallback_name: self.name.clone(),
            });
        }
        self.name.clone().map(|name| Credential::Join { name })
    }
}

/// Why the server is about to close a connection (sent in `goodbye` just before the close).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoodbyeReason {
    /// The server is shutting down or restarting: reconnect in a moment.
    ServerRestarting,
    /// The facilitator removed this seat.
    Removed,
    /// The same seat connected from another tab or device.
    ReplacedByNewConnection,
    /// This client could not keep up with the room's updates: reconnect to resync.
    TooSlow,
    /// Too many messages, for too long.
    RateLimited,
    /// This member's data was erased at their request; the seat no longer exists.
    Erased,
    /// The facilitator deleted the circle.
    CircleDeleted,
}

/// A message from the server. `S` is the snapshot's type: clients read a `Snapshot`; the
/// server writes a view that borrows its meeting and serializes to the same JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMessage<S = Snapshot> {
    /// The answer to a successful `hello`.
    Welcome {
        protocol: u32,
        room: String,
        seat: SeatId,
        role: Role,
        /// Keep this (for example in local storage) to come back to the same seat.
        seat_token: String,
        /// True when this connection took back a seat it already held.
        resumed: bool,
        server_time: Timestamp,
        snapshot: S,
    },
    /// The room changed. Identical bytes go to every connection in the room.
    Update {
        server_time: Timestamp,
        events: Vec<Event>,
        snapshot: S,
    },
    /// The command with this `req` was accepted; `version` is the room version it produced.
    Ack { req: u64, version: u64 },
    Error {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        req: Option<u64>,
        code: ErrorCode,
        message: String,
    },
    /// The coach's verdict on a `check_question` draft, with the words to show the asker:
    /// a gentle `nudge` (absent for an open question) and an `example` of an open question.
    QuestionHint {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        req: Option<u64>,
        verdict: Verdict,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        nudge: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        example: Option<String>,
    },
    /// Sent just before the server closes the connection, saying why.
    Goodbye { reason: GoodbyeReason },
}

impl ServerMessage {
    /// The coach's answer to a draft question: verdict, nudge and example, from one place.
    pub fn question_hint(req: Option<u64>, text: &str) -> ServerMessage {
        let verdict = crate::coach::classify(text);
        let kind = verdict.kind;
        ServerMessage::QuestionHint {
            req,
            nudge: crate::coach::nudge(kind).map(str::to_owned),
            example: (kind != crate::coach::QuestionKind::Open)
                .then(|| crate::coach::example_open_question(kind).to_owned()),
            verdict,
        }
    }

    /// An error reply with the code's default sentence.
    pub fn error(req: Option<u64>, code: ErrorCode) -> ServerMessage {
        ServerMessage::Error {
            req,
            code,
            message: code.default_message().to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coach::QuestionKind;

    #[test]
    fn a_hint_carries_the_coach_words_only_when_the_question_is_not_open() {
        let ServerMessage::QuestionHint {
            verdict,
            nudge,
            example,
            req,
        } = ServerMessage::question_hint(Some(3), "Did you talk to her?")
        else {
            panic!("a question hint");
        };
        assert_eq!((req, verdict.kind), (Some(3), QuestionKind::Closed));
        assert!(nudge.is_some_and(|n| n.contains("yes or no")));
        let example = example.expect("an example open question");
        assert_eq!(crate::coach::classify(&example).kind, QuestionKind::Open);

        let open = ServerMessage::question_hint(None, "What would a good outcome look like?");
        let json = serde_json::to_value(&open).unwrap();
        assert_eq!(json["verdict"]["kind"], "open");
        assert!(json.get("nudge").is_none() && json.get("example").is_none());
    }
}
