//! The vocabulary of a meeting: its phases, the roles in a circle, the kinds of turn.

use serde::{Deserialize, Serialize};

/// Where a meeting is. A hot seat runs through `presenting`, `questions`, `learnings`,
/// `commitment` once per presenter on the agenda.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Lobby,
    Opening,
    CheckIn,
    Presenting,
    Questions,
    Learnings,
    Commitment,
    Closing,
    Ended,
}

impl Phase {
    /// True for the four steps of a hot seat.
    pub fn is_hot_seat(self) -> bool {
        matches!(
            self,
            Phase::Presenting | Phase::Questions | Phase::Learnings | Phase::Commitment
        )
    }
}

/// A seat's role in the circle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Facilitator,
    Member,
}

/// What the floor holder is expected to do with the floor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TurnKind {
    /// Reporting back on last meeting's commitments (check-in).
    CheckIn,
    /// The presenter describing their challenge.
    Presenting,
    /// A member asking one question (or passing).
    Asking,
    /// The presenter answering (or noting) the question just asked.
    Answering,
    /// Sharing a learning (or passing).
    Learning,
    /// The presenter recording their commitment.
    Committing,
}

/// A member's report on one commitment from an earlier meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    Done,
    Partly,
    NotDone,
}
