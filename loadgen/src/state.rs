//! The room as the script reads it: the fields of a snapshot it decides on, read straight
//! from a frame's JSON. Names, texts, timers and settings are skipped, never allocated.

use hotseat_protocol::snapshot::{AgendaView, Floor, QuestionStatus};
use hotseat_protocol::{CommitmentId, Phase, Role, SeatId, Snapshot};
use serde::Deserialize;

/// A snapshot's decisive fields (same names and meaning as in `Snapshot`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RoomState {
    pub version: u64,
    pub phase: Phase,
    pub seats: Vec<SeatState>,
    pub floor: Option<Floor>,
    pub agenda: AgendaView,
    pub hands: Vec<SeatId>,
    pub check_in: CheckInState,
    pub hot_seat: Option<HotSeatState>,
    pub commitments: Vec<CommitmentState>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SeatState {
    pub id: SeatId,
    pub role: Role,
    pub present: bool,
    pub acknowledged: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CheckInState {
    /// Commitments from earlier meetings to report back on.
    pub open_commitments: Vec<OpenCommitment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct OpenCommitment {
    pub id: CommitmentId,
    pub seat: SeatId,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct HotSeatState {
    pub index: u32,
    pub presenter: SeatId,
    pub questions: Vec<QuestionState>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct QuestionState {
    pub status: QuestionStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CommitmentState {
    /// The index of the hot seat it came from.
    pub hot_seat: u32,
}

impl RoomState {
    /// The state of a whole snapshot, read from its JSON as the wire carries it (for
    /// callers that hold a `Snapshot`, such as tests against the rules engine).
    pub fn of(snapshot: &Snapshot) -> RoomState {
        let json = serde_json::to_string(snapshot).expect("a snapshot serializes");
        serde_json::from_str(&json).expect("a snapshot's JSON holds a room state")
    }
}
