//! The stable error codes a client can receive, each with a default human sentence.

use serde::{Deserialize, Serialize};

/// Every error the server reports, as a stable snake_case code. Clients switch on the code and
/// may show `message` (or their own sentence) to the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    // ---- the message itself ----
    /// The frame is not valid JSON.
    MalformedJson,
    /// The JSON has a `type` the server does not know.
    UnknownMessageType,
    /// A field is missing, unknown or of the wrong type.
    InvalidMessage,
    /// A binary frame: the protocol is JSON text only.
    BinaryNotSupported,
    /// The client's protocol version is not supported.
    UnsupportedProtocol,
    /// Too many messages too fast; slow down.
    RateLimited,

    // ---- joining ----
    /// A room command before a successful `hello`.
    NotJoined,
    /// A second `hello` on the same connection.
    AlreadyJoined,
    /// No room with that id.
    UnknownRoom,
    /// The seat token is unknown or its seat was released.
    InvalidToken,
    /// Wrong facilitator secret, or a credential for another room.
    Forbidden,
    /// The circle already has six members.
    RoomFull,
    /// The facilitator locked the room to new members.
    RoomLocked,
    /// The display name is empty, too long or has control characters.
    InvalidName,
    /// Someone in the room already uses that name.
    NameTaken,

    // ---- the rules ----
    /// Only the facilitator may do that.
    NotFacilitator,
    /// Someone else has the floor.
    NotYourTurn,
    /// That does not fit the phase the meeting is in.
    WrongPhase,
    /// The hot seat cannot close without a commitment (or an explicit insight-only choice).
    CommitmentRequired,
    /// Acknowledge the circle's norms before taking part.
    NormsNotAcknowledged,
    /// Some present members have not acknowledged the norms yet.
    NormsPending,
    /// No seat with that id in this room.
    UnknownSeat,
    /// That seat cannot take this role or turn (for example the presenter asking a question).
    NotEligible,
    /// A text is empty or too long.
    InvalidText,
    /// A date is not a valid `YYYY-MM-DD`.
    InvalidDate,
    /// The agenda names a seat twice, a non-member, or the current presenter.
    InvalidAgenda,
    /// The number of seconds is out of range.
    InvalidDuration,
    /// There is no earlier step to go back to.
    CannotGoBack,
    /// Nobody has the floor, so there is no turn to skip.
    NoFloor,
    /// The report names a commitment that is not open for this member.
    UnknownCommitment,
    /// The meeting has ended.
    MeetingEnded,
    /// The command would change nothing (already acknowledged, already paused, ...).
    AlreadyDone,
    /// The meeting had moved on from what the sender saw (`seen`); nothing was changed.
    Stale,

    // ---- the server ----
    /// The server holds as many live rooms as it may (`--max-rooms`): try again shortly.
    ServerBusy,
    /// An HTTP request that needs a credential came without an `Authorization: Bearer` header.
    MissingCredential,
    /// A `commit` retried with a `key` already used for a different text or due date.
    KeyReused,
    /// Something went wrong on the server; nothing was changed.
    Internal,
}

impl ErrorCode {
    /// A plain sentence for the person in front of the screen.
    pub fn default_message(self) -> &'static str {
        match self {
            ErrorCode::MalformedJson => "The message is not valid JSON.",
            ErrorCode::UnknownMessageType => "The server does not know this kind of message.",
            ErrorCode::InvalidMessage => "The message has a missing, unknown or wrong field.",
            ErrorCode::BinaryNotSupported => "Only JSON text messages are supported.",
            ErrorCode::UnsupportedProtocol => "This app is out of date: please reload the page.",
            ErrorCode::RateLimited => "Too many actions at once: please slow down.",
            ErrorCode::NotJoined => "Join the room first.",
            ErrorCode::AlreadyJoined => "You have already joined this room.",
            ErrorCode::UnknownRoom => "This room does not exist. Check the link.",
            ErrorCode::InvalidToken => "Your seat is no longer held. Join again with your name.",
            ErrorCode::Forbidden => "This link does not give access to that.",
            ErrorCode::RoomFull => "The circle is full: it already has six members.",
            ErrorCode::RoomLocked => "The facilitator has locked the room.",
            ErrorCode::InvalidName => {
                "Please choose a name of 1 to 40 characters, with no invisible or direction-changing characters."
            }
            ErrorCode::NameTaken => "Someone in the room already uses that name.",
            ErrorCode::NotFacilitator => "Only the facilitator can do that.",
            ErrorCode::NotYourTurn => "It is not your turn yet.",
            ErrorCode::WrongPhase => "That does not fit this part of the meeting.",
            ErrorCode::CommitmentRequired => {
                "The presenter needs to commit to an action (or choose insight only) first."
            }
            ErrorCode::NormsNotAcknowledged => "Please acknowledge the circle's norms first.",
            ErrorCode::NormsPending => "Not everyone present has acknowledged the norms yet.",
            ErrorCode::UnknownSeat => "That person is not in this room.",
            ErrorCode::NotEligible => "That person cannot take this turn.",
            ErrorCode::InvalidText => "The text is empty or too long.",
            ErrorCode::InvalidDate => "Please give the date as YYYY-MM-DD.",
            ErrorCode::InvalidAgenda => "The agenda can list each member once, not the presenter.",
            ErrorCode::InvalidDuration => "That amount of time is out of range.",
            ErrorCode::CannotGoBack => "There is no earlier step to go back to.",
            ErrorCode::NoFloor => "Nobody has the floor right now.",
            ErrorCode::UnknownCommitment => "That commitment is not open for you.",
            ErrorCode::MeetingEnded => "The meeting has ended.",
            ErrorCode::AlreadyDone => "That is already the case.",
            ErrorCode::Stale => "The meeting had already moved on; nothing was changed.",
            ErrorCode::ServerBusy => {
                "The server is busy with other circles: please try again in a minute."
            }
            ErrorCode::MissingCredential => {
                "This request needs a credential in an Authorization: Bearer header."
            }
            ErrorCode::KeyReused => {
                "That key already names a different commitment; nothing was changed."
            }
            ErrorCode::Internal => "Something went wrong on the server. Nothing was changed.",
        }
    }

    /// Every code, for documentation tests and client tables.
    pub const ALL: [ErrorCode; 37] = [
        ErrorCode::MalformedJson,
        ErrorCode::UnknownMessageType,
        ErrorCode::InvalidMessage,
        ErrorCode::BinaryNotSupported,
        ErrorCode::UnsupportedProtocol,
        ErrorCode::RateLimited,
        ErrorCode::NotJoined,
        ErrorCode::AlreadyJoined,
        ErrorCode::UnknownRoom,
        ErrorCode::InvalidToken,
        ErrorCode::Forbidden,
        ErrorCode::RoomFull,
        ErrorCode::RoomLocked,
        ErrorCode::InvalidName,
        ErrorCode::NameTaken,
        ErrorCode::NotFacilitator,
        ErrorCode::NotYourTurn,
        ErrorCode::WrongPhase,
        ErrorCode::CommitmentRequired,
        ErrorCode::NormsNotAcknowledged,
        ErrorCode::NormsPending,
        ErrorCode::UnknownSeat,
        ErrorCode::NotEligible,
        ErrorCode::InvalidText,
        ErrorCode::InvalidDate,
        ErrorCode::InvalidAgenda,
        ErrorCode::InvalidDuration,
        ErrorCode::CannotGoBack,
        ErrorCode::NoFloor,
        ErrorCode::UnknownCommitment,
        ErrorCode::MeetingEnded,
        ErrorCode::AlreadyDone,
        ErrorCode::Stale,
        ErrorCode::ServerBusy,
        ErrorCode::MissingCredential,
        ErrorCode::KeyReused,
        ErrorCode::Internal,
    ];

    /// The snake_case code as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        // A test checks this table against serde's spelling, so the two cannot drift.
        CODE_NAMES[self as usize]
    }
}

const CODE_NAMES: [&str; 37] = [
    "malformed_json",
    "unknown_message_type",
    "invalid_message",
    "binary_not_supported",
    "unsupported_protocol",
    "rate_limited",
    "not_joined",
    "already_joined",
    "unknown_room",
    "invalid_token",
    "forbidden",
    "room_full",
    "room_locked",
    "invalid_name",
    "name_taken",
    "not_facilitator",
    "not_your_turn",
    "wrong_phase",
    "commitment_required",
    "norms_not_acknowledged",
    "norms_pending",
    "unknown_seat",
    "not_eligible",
    "invalid_text",
    "invalid_date",
    "invalid_agenda",
    "invalid_duration",
    "cannot_go_back",
    "no_floor",
    "unknown_commitment",
    "meeting_ended",
    "already_done",
    "stale",
    "server_busy",
    "missing_credential",
    "key_reused",
    "internal",
];

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_spells_as_serde_does_and_has_a_sentence() {
        for (i, code) in ErrorCode::ALL.iter().enumerate() {
            assert_eq!(*code as usize, i, "ALL is in declaration order");
            let json = serde_json::to_string(code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert!(code.default_message().ends_with('.'));
        }
    }
}
