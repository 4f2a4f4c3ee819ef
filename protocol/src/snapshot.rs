//! The room as a client draws it: a full snapshot, sent in `welcome` and in every `update`.
//! A client that keeps only the latest snapshot is never out of date.

use serde::{Deserialize, Serialize};

use crate::coach::QuestionKind;
use crate::ids::{CommitmentId, QuestionId, SeatId, Timestamp};
use crate::phase::{Phase, ReportStatus, Role, TurnKind};
use crate::settings::Settings;

/// Everything a client needs to draw the room from nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Grows by one with every accepted change.
    pub version: u64,
    pub circle: CircleView,
    pub settings: Settings,
    /// When true, new members cannot join.
    pub locked: bool,
    pub phase: Phase,
    /// Every seat, in the order they joined; the facilitator's included.
    pub seats: Vec<SeatView>,
    /// Who has the floor, if anyone.
    pub floor: Option<Floor>,
    /// Who would get the floor next, if the turn order is known.
    pub next: Option<SeatId>,
    /// The running (or paused) time box, if the phase has one.
    pub timer: Option<TimerView>,
    pub agenda: AgendaView,
    /// Raised hands in the order raised (question round only).
    pub hands: Vec<SeatId>,
    pub check_in: CheckInView,
    /// The current hot seat's transcript, while a hot seat runs.
    pub hot_seat: Option<HotSeatView>,
    /// Commitments made in this meeting, in order.
    pub commitments: Vec<CommitmentView>,
    /// Seats that left or were removed during this meeting, so their words keep a name.
    pub former_seats: Vec<FormerSeat>,
    /// When the circle meets next and when its round ends.
    pub schedule: Schedule,
}

/// The circle's calendar.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    /// The next meeting's start (the server offers it as an `.ics` file).
    pub next_meeting_at: Option<Timestamp>,
    /// The last day of the circle's current round, `YYYY-MM-DD`.
    pub round_ends_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormerSeat {
    pub id: SeatId,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CircleView {
    pub name: String,
    pub norms: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatView {
    pub id: SeatId,
    pub name: String,
    pub role: Role,
    /// False while the seat's connection is away (held for its grace period).
    pub present: bool,
    /// Has acknowledged the norms in this meeting.
    pub acknowledged: bool,
    pub stats: VoiceStats,
}

/// How much a seat has been heard in this meeting.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoiceStats {
    /// Turns taken with something said: check-in, presenting, question, learning.
    pub turns: u32,
    /// Turns declined with `pass`.
    pub passes: u32,
    /// Questions asked.
    pub questions: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Floor {
    pub seat: SeatId,
    pub turn: TurnKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimerScope {
    /// The time box of the whole phase.
    Phase,
    /// The time box of the current speaker's turn (check-in).
    Turn,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PauseReason {
    /// The facilitator paused the clock.
    Facilitator,
    /// The floor holder's connection dropped; the clock waits for them.
    FloorAway,
}

/// A time box. While running, `deadline` is set; while paused, `remaining_ms` holds the time
/// left. Compare `deadline` with the `server_time` of the message that carried it to correct
/// for clock skew: time left = `deadline - server_time` at the moment the message arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimerView {
    pub scope: TimerScope,
    /// The box's full length, extensions included, in milliseconds.
    pub budget_ms: u64,
    pub deadline: Option<Timestamp>,
    pub remaining_ms: Option<u64>,
    pub paused: Option<PauseReason>,
    /// The box has run out (the meeting waits for the facilitator unless auto-advance is on).
    pub time_up: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HotSeatOutcome {
    /// Closed with at least one commitment.
    Committed,
    /// Closed by the presenter's explicit insight-only choice.
    InsightOnly,
    /// Skipped by the facilitator (for example: the presenter was absent).
    Skipped,
    /// The meeting ended before this hot seat closed.
    Unfinished,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaEntry {
    pub seat: SeatId,
    pub outcome: HotSeatOutcome,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaView {
    /// Hot seats already over, in order.
    pub done: Vec<AgendaEntry>,
    /// The presenter of the hot seat running now.
    pub current: Option<SeatId>,
    /// Presenters still to come, in order.
    pub upcoming: Vec<SeatId>,
}

/// A commitment from an earlier meeting, open for report-back at this check-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriorCommitmentView {
    pub id: CommitmentId,
    pub seat: SeatId,
    pub text: String,
    pub due: Option<String>,
}

/// Whether the server holds the words of an entry that can carry what a member said (a
/// question, a learning, a check-in note, a report-back's note). The words themselves are
/// in the entry's `text` or `note`, which is `null` unless this is `kept`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Words {
    /// The words are in the entry.
    Kept,
    /// Nothing was said: a learning passed, a report-back without a note.
    #[serde(rename = "none")]
    Nothing,
    /// Something was said, but the server no longer holds the words: they were said before
    /// the server restarted (words are never stored), or the meeting is over.
    NotKept,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportView {
    pub commitment: CommitmentId,
    pub seat: SeatId,
    pub status: ReportStatus,
    /// `null` unless `words` is `kept`.
    pub note: Option<String>,
    pub words: Words,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInNoteView {
    pub seat: SeatId,
    /// `null` unless `words` is `kept` (a note said before a restart).
    pub note: Option<String>,
    pub words: Words,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInView {
    /// Commitments from earlier meetings awaiting report-back.
    pub open_commitments: Vec<PriorCommitmentView>,
    pub reports: Vec<ReportView>,
    /// "How I arrive today" notes.
    pub notes: Vec<CheckInNoteView>,
    /// Seats whose check-in turn is over (checked in, passed or skipped).
    pub done: Vec<SeatId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionStatus {
    /// Waiting for the presenter.
    Asked,
    Answered,
    /// The presenter noted it without answering now.
    Noted,
    /// The facilitator moved on before the presenter answered.
    SetAside,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionView {
    pub id: QuestionId,
    pub seat: SeatId,
    /// `null` unless `words` is `kept` (a question asked before a restart).
    pub text: Option<String>,
    pub words: Words,
    pub kind: QuestionKind,
    pub status: QuestionStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LearningView {
    pub seat: SeatId,
    /// `null` unless `words` is `kept`: the seat passed (`none`), or the words were not kept.
    pub text: Option<String>,
    pub words: Words,
}

/// How many questions of each kind this hot seat has had: the facilitator's view of the mix.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionMix {
    pub open: u32,
    pub closed: u32,
    pub advice: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HotSeatView {
    /// 0 for the meeting's first hot seat.
    pub index: u32,
    pub presenter: SeatId,
    pub questions: Vec<QuestionView>,
    pub mix: QuestionMix,
    /// Askers who have not had their first turn of the question round yet.
    pub first_round_pending: Vec<SeatId>,
    pub learnings: Vec<LearningView>,
    /// Seats whose learnings turn is over.
    pub learnings_done: Vec<SeatId>,
    pub insight_only: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitmentView {
    pub id: CommitmentId,
    pub seat: SeatId,
    pub text: String,
    pub due: Option<String>,
    /// Index of the hot seat it was made in.
    pub hot_seat: u32,
}
