//! Why the engine refused a command. Each variant maps to one stable wire code; the messages
//! never contain anything a participant typed, so they are safe to log.

use hotseat_protocol::ErrorCode;
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RuleError {
    #[error("the circle already has six members")]
    RoomFull,
    #[error("the facilitator has locked the room")]
    RoomLocked,
    #[error("invalid name: {0}")]
    InvalidName(&'static str),
    #[error("someone in the room already uses that name")]
    NameTaken,
    #[error("only the facilitator can {0}")]
    NotFacilitator(&'static str),
    #[error("{0}")]
    NotYourTurn(&'static str),
    #[error("{0}")]
    WrongPhase(&'static str),
    #[error("the presenter needs to commit to an action, or choose insight only, first")]
    CommitmentRequired,
    #[error("acknowledge the circle's norms first")]
    NormsNotAcknowledged,
    #[error("not everyone present has acknowledged the norms yet")]
    NormsPending,
    #[error("no such seat in this room")]
    UnknownSeat,
    #[error("{0}")]
    NotEligible(&'static str),
    #[error("{0}")]
    InvalidText(&'static str),
    #[error("dates are written YYYY-MM-DD")]
    InvalidDate,
    #[error("{0}")]
    InvalidAgenda(&'static str),
    #[error("extensions are 1 second to 30 minutes")]
    InvalidDuration,
    #[error("there is no earlier step to go back to")]
    CannotGoBack,
    #[error("nobody has the floor")]
    NoFloor,
    #[error("that commitment is not open for this member")]
    UnknownCommitment,
    #[error("the meeting has ended")]
    MeetingEnded,
    #[error("{0}")]
    AlreadyDone(&'static str),
    #[error("the meeting had already moved on; nothing was changed")]
    Stale,
    #[error("that key already names a different commitment; nothing was changed")]
    KeyReused,
}

impl RuleError {
    /// The stable code this error travels as.
    pub fn code(&self) -> ErrorCode {
        match self {
            RuleError::RoomFull => ErrorCode::RoomFull,
            RuleError::RoomLocked => ErrorCode::RoomLocked,
            RuleError::InvalidName(_) => ErrorCode::InvalidName,
            RuleError::NameTaken => ErrorCode::NameTaken,
            RuleError::NotFacilitator(_) => ErrorCode::NotFacilitator,
            RuleError::NotYourTurn(_) => ErrorCode::NotYourTurn,
            RuleError::WrongPhase(_) => ErrorCode::WrongPhase,
            RuleError::CommitmentRequired => ErrorCode::CommitmentRequired,
            RuleError::NormsNotAcknowledged => ErrorCode::NormsNotAcknowledged,
            RuleError::NormsPending => ErrorCode::NormsPending,
            RuleError::UnknownSeat => ErrorCode::UnknownSeat,
            RuleError::NotEligible(_) => ErrorCode::NotEligible,
            RuleError::InvalidText(_) => ErrorCode::InvalidText,
            RuleError::InvalidDate => ErrorCode::InvalidDate,
            RuleError::InvalidAgenda(_) => ErrorCode::InvalidAgenda,
            RuleError::InvalidDuration => ErrorCode::InvalidDuration,
            RuleError::CannotGoBack => ErrorCode::CannotGoBack,
            RuleError::NoFloor => ErrorCode::NoFloor,
            RuleError::UnknownCommitment => ErrorCode::UnknownCommitment,
            RuleError::MeetingEnded => ErrorCode::MeetingEnded,
            RuleError::AlreadyDone(_) => ErrorCode::AlreadyDone,
            RuleError::Stale => ErrorCode::Stale,
            RuleError::KeyReused => ErrorCode::KeyReused,
        }
    }
}
