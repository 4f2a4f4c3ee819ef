//! What a seated participant asks the room to do: the `command` inside an `act` message.
//!
//! Who may send which command, and when, is decided by the server's rules engine; see
//! `docs/protocol.md` for the table.

use serde::{Deserialize, Serialize};

use crate::ids::{CommitmentId, SeatId, Timestamp};
use crate::phase::ReportStatus;

/// A participant's command. Tagged by `type` (snake_case); unknown fields are refused, also
/// by the commands without fields (`strict::no_fields`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Command {
    // ---- any member ----
    /// Acknowledge the circle's norms (at the opening, or on arrival when late).
    #[serde(deserialize_with = "crate::strict::no_fields")]
    AcknowledgeNorms,
    /// Ask for a turn in the question round; hands are served in the order raised.
    #[serde(deserialize_with = "crate::strict::no_fields")]
    RaiseHand,
    #[serde(deserialize_with = "crate::strict::no_fields")]
    LowerHand,
    /// Offer to take a hot seat: appended to the agenda.
    #[serde(deserialize_with = "crate::strict::no_fields")]
    Volunteer,

    // ---- the floor holder ----
    /// Check-in: report back on earlier commitments and say how you arrive. Ends the turn.
    CheckIn {
        #[serde(default)]
        reports: Vec<Report>,
        #[serde(default)]
        note: Option<String>,
    },
    /// "I'm done": ends a presenting or commitment turn.
    #[serde(deserialize_with = "crate::strict::no_fields")]
    Done,
    /// Decline this turn (check-in, question round, learnings). Counts as a pass.
    #[serde(deserialize_with = "crate::strict::no_fields")]
    Pass,
    /// Ask one question (question round). The floor goes to the presenter to answer.
    Ask {
        text: String,
    },
    /// The presenter answers the last question (or, with `noted`, just notes it).
    Answer {
        #[serde(default)]
        noted: bool,
    },
    /// Say what you learned about yourself from this hot seat. Ends the turn.
    ShareLearning {
        text: String,
    },
    /// The presenter commits to a concrete action; `due` is an optional `YYYY-MM-DD` date.
    Commit {
        text: String,
        #[serde(default)]
        due: Option<String>,
        /// An idempotency key chosen by the client (1 to 64 characters). A retry with the
        /// same key records nothing new: the commitment is stored once.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        key: Option<String>,
    },
    /// The presenter chooses to end this hot seat with insight only, without an action.
    #[serde(deserialize_with = "crate::strict::no_fields")]
    InsightOnly,

    // ---- the facilitator ----
    /// Lobby -> opening.
    #[serde(deserialize_with = "crate::strict::no_fields")]
    Start,
    /// Move to the next step of the meeting.
    #[serde(deserialize_with = "crate::strict::no_fields")]
    Advance,
    /// Go back one step.
    #[serde(deserialize_with = "crate::strict::no_fields")]
    Back,
    /// End the current speaker's turn.
    #[serde(deserialize_with = "crate::strict::no_fields")]
    Skip,
    /// Skip the whole current hot seat (for example: the presenter is absent) and move on.
    #[serde(deserialize_with = "crate::strict::no_fields")]
    SkipHotSeat,
    /// Hand the floor to a seat now.
    GiveFloor {
        seat: SeatId,
    },
    /// Add time to the current time box.
    Extend {
        secs: u32,
    },
    #[serde(deserialize_with = "crate::strict::no_fields")]
    Pause,
    #[serde(deserialize_with = "crate::strict::no_fields")]
    Resume,
    /// End the meeting now, from any phase.
    #[serde(deserialize_with = "crate::strict::no_fields")]
    EndMeeting,
    /// The hot seats still to come, in order (members only, no repeats).
    SetAgenda {
        seats: Vec<SeatId>,
    },
    /// Put the upcoming hot seats in a random order.
    #[serde(deserialize_with = "crate::strict::no_fields")]
    ShuffleAgenda,
    RemoveMember {
        seat: SeatId,
    },
    /// Lock the room: no new members can join (returning seats still can).
    Lock {
        locked: bool,
    },
    /// Make a member the facilitator; the current facilitator becomes a member.
    HandOver {
        seat: SeatId,
    },
    /// Replace the circle's norms (lobby or opening only); acknowledgements start over.
    SetNorms {
        norms: Vec<String>,
    },
    /// When the circle meets next, and when its round ends. Allowed in any phase, also
    /// after the meeting ended ("when do we meet next?"). Either may be `null` (not set).
    SetSchedule {
        #[serde(default)]
        next_meeting_at: Option<Timestamp>,
        #[serde(default)]
        round_ends_on: Option<String>,
    },
}

/// A report-back on one commitment at check-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    pub commitment: CommitmentId,
    pub status: ReportStatus,
    /// What they learned from trying (kept in memory for this meeting only).
    #[serde(default)]
    pub note: Option<String>,
}

impl Command {
    /// The command's wire name, for metrics and logs (never its content).
    pub fn name(&self) -> &'static str {
        match self {
            Command::AcknowledgeNorms => "acknowledge_norms",
            Command::RaiseHand => "raise_hand",
            Command::LowerHand => "lower_hand",
            Command::Volunteer => "volunteer",
            Command::CheckIn { .. } => "check_in",
            Command::Done => "done",
            Command::Pass => "pass",
            Command::Ask { .. } => "ask",
            Command::Answer { .. } => "answer",
            Command::ShareLearning { .. } => "share_learning",
            Command::Commit { .. } => "commit",
            Command::InsightOnly => "insight_only",
            Command::Start => "start",
            Command::Advance => "advance",
            Command::Back => "back",
            Command::Skip => "skip",
            Command::SkipHotSeat => "skip_hot_seat",
            Command::GiveFloor { .. } => "give_floor",
            Command::Extend { .. } => "extend",
            Command::Pause => "pause",
            Command::Resume => "resume",
            Command::EndMeeting => "end_meeting",
            Command::SetAgenda { .. } => "set_agenda",
            Command::ShuffleAgenda => "shuffle_agenda",
            Command::RemoveMember { .. } => "remove_member",
            Command::Lock { .. } => "lock",
            Command::HandOver { .. } => "hand_over",
            Command::SetNorms { .. } => "set_norms",
            Command::SetSchedule { .. } => "set_schedule",
        }
    }

    /// True for the commands only the facilitator may send.
    pub fn is_facilitator_only(&self) -> bool {
        matches!(
            self,
            Command::Start
                | Command::Advance
                | Command::Back
                | Command::Skip
                | Command::SkipHotSeat
                | Command::GiveFloor { .. }
                | Command::Extend { .. }
                | Command::Pause
                | Command::Resume
                | Command::EndMeeting
                | Command::SetAgenda { .. }
                | Command::ShuffleAgenda
                | Command::RemoveMember { .. }
                | Command::Lock { .. }
                | Command::HandOver { .. }
                | Command::SetNorms { .. }
                | Command::SetSchedule { .. }
        )
    }
}
