//! What happened in a room, carried in every `update` so clients can cue people (your turn,
//! time up). Events name seats and ids, never what anyone said: they are safe to log.

use serde::{Deserialize, Serialize};

use crate::coach::QuestionKind;
use crate::ids::{CommitmentId, QuestionId, SeatId, Timestamp};
use crate::phase::{Phase, TurnKind};
use crate::snapshot::HotSeatOutcome;

/// One thing that happened. Tagged by `type` (snake_case).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    MemberJoined {
        seat: SeatId,
    },
    /// A seat's connection came or went (a seat that drops is held for a grace period).
    PresenceChanged {
        seat: SeatId,
        present: bool,
    },
    /// A seat was given up after its grace period ran out.
    MemberLeft {
        seat: SeatId,
    },
    MemberRemoved {
        seat: SeatId,
    },
    NormsAcknowledged {
        seat: SeatId,
    },
    NormsChanged,
    PhaseChanged {
        from: Phase,
        to: Phase,
    },
    /// Who has the floor now (`seat: null` when nobody does).
    FloorChanged {
        seat: Option<SeatId>,
        turn: Option<TurnKind>,
    },
    CheckedIn {
        seat: SeatId,
    },
    Passed {
        seat: SeatId,
    },
    /// The facilitator ended this seat's turn.
    TurnSkipped {
        seat: SeatId,
    },
    QuestionAsked {
        id: QuestionId,
        seat: SeatId,
        kind: QuestionKind,
    },
    QuestionAnswered {
        id: QuestionId,
        noted: bool,
    },
    LearningShared {
        seat: SeatId,
    },
    CommitmentRecorded {
        id: CommitmentId,
        seat: SeatId,
    },
    InsightOnlyChosen {
        seat: SeatId,
    },
    HotSeatClosed {
        seat: SeatId,
        outcome: HotSeatOutcome,
    },
    HandRaised {
        seat: SeatId,
    },
    HandLowered {
        seat: SeatId,
    },
    AgendaChanged,
    /// A time box started or restarted.
    TimerStarted {
        deadline: Timestamp,
    },
    TimerExtended {
        secs: u32,
    },
    TimerPaused,
    TimerResumed {
        deadline: Timestamp,
    },
    /// The current time box ran out.
    TimeUp {
        phase: Phase,
    },
    RoomLocked {
        locked: bool,
    },
    FacilitatorChanged {
        seat: SeatId,
    },
    MeetingEnded {
        early: bool,
    },
    /// The next meeting's date or the round's end date changed.
    ScheduleChanged,
}
