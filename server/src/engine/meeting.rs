//! The meeting's state and its public entry points. Each entry point runs one handler (in the
//! files beside this one), which checks everything before it changes anything, so a refused
//! command leaves no trace; an accepted one always yields events and bumps the version.

use hotseat_protocol::snapshot::{HotSeatOutcome, QuestionStatus, Schedule, VoiceStats};
use hotseat_protocol::{
    Command, CommitmentId, Event, Phase, QuestionId, QuestionKind, ReportStatus, Role, SeatId,
    Seen, Settings, Timestamp, TurnKind,
};
use serde::{Deserialize, Serialize};

use super::RuleError;
use super::timebox::TimeBox;

/// What a meeting starts from: the circle and what earlier meetings left open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingSetup {
    pub circle_name: String,
    pub norms: Vec<String>,
    pub settings: Settings,
    pub facilitator_name: String,
    /// Commitments from earlier meetings, open for report-back at this check-in.
    pub prior_commitments: Vec<PriorCommitment>,
    /// Members who hold seats from earlier meetings (absent until they connect).
    pub returning_members: Vec<(SeatId, String)>,
    /// The first id this meeting may give a new commitment.
    pub first_commitment_id: u32,
    /// The facilitator's seat id from earlier meetings (a new circle gets a fresh one).
    pub facilitator_seat: Option<SeatId>,
    /// The first id this meeting may give a new seat (ids are never reused in a circle).
    pub first_seat_id: u32,
    /// When the circle meets next and when its round ends.
    pub schedule: Schedule,
}

impl MeetingSetup {
    /// A new circle with the method's default norms and time boxes.
    pub fn new(circle_name: &str) -> MeetingSetup {
        MeetingSetup {
            circle_name: circle_name.to_owned(),
            norms: DEFAULT_NORMS.iter().map(|n| (*n).to_owned()).collect(),
            settings: Settings::default(),
            facilitator_name: "Facilitator".to_owned(),
            prior_commitments: Vec::new(),
            returning_members: Vec::new(),
            first_commitment_id: 1,
            facilitator_seat: None,
            first_seat_id: 1,
            schedule: Schedule::default(),
        }
    }
}

/// The ground rules most circles start from (see METHOD.md); each circle may edit its own.
pub const DEFAULT_NORMS: [&str; 6] = [
    "What is said in the circle stays in the circle.",
    "Everyone has a voice.",
    "Mutual respect: no judgement.",
    "Listen to understand.",
    "Ask rather than tell.",
    "Titles stay outside: here we meet as equals.",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriorCommitment {
    pub id: CommitmentId,
    pub seat: SeatId,
    pub text: String,
    pub due: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Seat {
    pub id: SeatId,
    pub name: String,
    pub role: Role,
    pub present: bool,
    pub acknowledged: bool,
    pub stats: VoiceStats,
}

/// Checkpoints keep a question's shape (who, kind, status), never its words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Question {
    pub id: QuestionId,
    pub seat: SeatId,
    /// `None` once the words are gone: after a restart, or when the meeting is over.
    #[serde(skip)]
    pub text: Option<String>,
    pub kind: QuestionKind,
    pub status: QuestionStatus,
}

/// Checkpoints keep who shared and who passed, never the words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Learning {
    pub seat: SeatId,
    pub passed: bool,
    /// `None` when the seat passed, after a restart (words are never checkpointed) or when
    /// the meeting is over.
    #[serde(skip)]
    pub text: Option<String>,
}

/// One hot seat: its presenter and everything said in it (memory only, never stored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct HotSeat {
    pub index: u32,
    pub presenter: SeatId,
    pub presenting_done: bool,
    pub questions: Vec<Question>,
    /// The question the presenter is answering now.
    pub awaiting_answer: Option<QuestionId>,
    /// Askers whose first turn of the question round is over (asked, passed or skipped).
    pub asked_first: Vec<SeatId>,
    pub learnings: Vec<Learning>,
    pub learnings_done: Vec<SeatId>,
    pub committing_done: bool,
    pub insight_only: bool,
    /// Set when the hot seat is over.
    pub outcome: Option<HotSeatOutcome>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Commitment {
    /// The client's idempotency key, if it sent one.
    #[serde(default)]
    pub key: Option<String>,
    pub id: CommitmentId,
    pub seat: SeatId,
    pub text: String,
    pub due: Option<String>,
    pub hot_seat: u32,
}

/// The status of a report-back is kept; the note (check-in words) never is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct ReportBack {
    pub commitment: CommitmentId,
    pub seat: SeatId,
    pub status: ReportStatus,
    #[serde(skip)]
    pub note: Option<String>,
    /// A note was given (kept in checkpoints, so a restart can say its words were not kept).
    #[serde(default)]
    pub has_note: bool,
}

/// A check-in note: who left one is kept in checkpoints, the words never are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct CheckInNote {
    pub seat: SeatId,
    /// `None` once the words are gone: after a restart, or when the meeting is over.
    #[serde(skip)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct CheckIn {
    pub open: Vec<PriorCommitment>,
    pub reports: Vec<ReportBack>,
    /// "How I arrive" notes; their words live in memory only.
    #[serde(default)]
    pub notes: Vec<CheckInNote>,
    pub done: Vec<SeatId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct FloorHolder {
    pub seat: SeatId,
    pub turn: TurnKind,
}

/// One live meeting of a circle. See the module docs for the rules of engagement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub(super) circle_name: String,
    pub(super) norms: Vec<String>,
    pub(super) settings: Settings,
    pub(super) version: u64,
    pub(super) phase: Phase,
    pub(super) locked: bool,
    /// In the order they joined; the facilitator's seat included.
    pub(super) seats: Vec<Seat>,
    pub(super) former_seats: Vec<(SeatId, String)>,
    pub(super) next_seat: u32,
    pub(super) floor: Option<FloorHolder>,
    pub(super) timer: Option<TimeBox>,
    /// Hot seats of this meeting, in order; while a hot seat runs it is the last one.
    pub(super) hot_seats: Vec<HotSeat>,
    pub(super) upcoming: Vec<SeatId>,
    pub(super) hands: Vec<SeatId>,
    pub(super) check_in: CheckIn,
    pub(super) commitments: Vec<Commitment>,
    pub(super) next_question: u32,
    pub(super) next_commitment: u32,
    /// When the circle meets next and when its round ends.
    #[serde(default)]
    pub(super) schedule: Schedule,
    /// Members released after their grace period: out of this meeting, still in the circle.
    #[serde(default)]
    pub(super) released: Vec<SeatId>,
}

impl Meeting {
    /// A meeting in the lobby, with the facilitator's seat (absent until it connects).
    pub fn new(setup: MeetingSetup) -> Meeting {
        let mut seats: Vec<Seat> = setup
            .returning_members
            .iter()
            .map(|(id, name)| Seat::new(*id, name.clone(), Role::Member, false))
            .collect();
        let highest = seats.iter().map(|s| s.id.0).max().unwrap_or(0);
        let facilitator_id = setup.facilitator_seat.unwrap_or(SeatId(highest + 1));
        seats.insert(
            0,
            Seat::new(
                facilitator_id,
                setup.facilitator_name,
                Role::Facilitator,
                false,
            ),
        );
        let next_seat = highest
            .max(facilitator_id.0)
            .saturating_add(1)
            .max(setup.first_seat_id);
        let first_commitment = setup
            .prior_commitments
            .iter()
            .map(|c| c.id.0 + 1)
            .max()
            .unwrap_or(1)
            .max(setup.first_commitment_id);
        Meeting {
            circle_name: setup.circle_name,
            norms: setup.norms,
            settings: setup.settings,
            version: 1,
            phase: Phase::Lobby,
            locked: false,
            next_seat,
            seats,
            former_seats: Vec::new(),
            floor: None,
            timer: None,
            hot_seats: Vec::new(),
            upcoming: Vec::new(),
            hands: Vec::new(),
            check_in: CheckIn {
                open: setup.prior_commitments,
                ..CheckIn::default()
            },
            commitments: Vec::new(),
            next_question: 1,
            next_commitment: first_commitment,
            schedule: setup.schedule,
            released: Vec::new(),
        }
    }

    /// The circle's next meeting, once this one has ended: the same seats, norms, settings,
    /// schedule and lock; `present` are the seats connected now. It keeps this meeting's
    /// version: it is not a change anyone sees until the `start` that opens it (the next
    /// version), so clients see the end and then the new meeting's opening, one step apart.
    /// Open for report-back: this meeting's commitments, and earlier ones not reported done,
    /// of members still in the circle.
    pub fn next_meeting(&self, present: &[SeatId]) -> Meeting {
        let seated = |seat: SeatId| self.seat(seat).is_some() || self.released.contains(&seat);
        let done = |id: CommitmentId| {
            self.check_in
                .reports
                .iter()
                .any(|r| r.commitment == id && r.status == ReportStatus::Done)
        };
        let mut open: Vec<PriorCommitment> = self
            .check_in
            .open
            .iter()
            .filter(|c| seated(c.seat) && !done(c.id))
            .cloned()
            .collect();
        open.extend(
            self.commitments
                .iter()
                .filter(|c| seated(c.seat))
                .map(|c| PriorCommitment {
                    id: c.id,
                    seat: c.seat,
                    text: c.text.clone(),
                    due: c.due.clone(),
                }),
        );
        let facilitator = self
            .seats
            .iter()
            .find(|s| s.role == Role::Facilitator)
            .expect("a meeting always has a facilitator");
        let setup = MeetingSetup {
            circle_name: self.circle_name.clone(),
            norms: self.norms.clone(),
            settings: self.settings.clone(),
            facilitator_name: facilitator.name.clone(),
            facilitator_seat: Some(facilitator.id),
            returning_members: self
                .seats
                .iter()
                .filter(|s| s.role == Role::Member)
                .map(|s| (s.id, s.name.clone()))
                .chain(
                    self.former_seats
                        .iter()
                        .filter(|(id, _)| self.released.contains(id))
                        .cloned(),
                )
                .collect(),
            prior_commitments: open,
            first_commitment_id: self.next_commitment,
            first_seat_id: self.next_seat,
            schedule: self.schedule.clone(),
        };
        let mut next = Meeting::new(setup);
        next.locked = self.locked;
        next.version = self.version;
        for seat in &mut next.seats {
            seat.present = present.contains(&seat.id);
        }
        next
    }

    // ---- reading ----

    pub fn version(&self) -> u64 {
        self.version
    }

    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// The facilitator's seat.
    pub fn facilitator(&self) -> SeatId {
        self.seats
            .iter()
            .find(|s| s.role == Role::Facilitator)
            .map(|s| s.id)
            .expect("a meeting always has a facilitator")
    }

    /// Who has the floor, and for what.
    pub fn floor(&self) -> Option<(SeatId, TurnKind)> {
        self.floor.map(|f| (f.seat, f.turn))
    }

    /// Member seats (the facilitator not counted).
    pub fn member_count(&self) -> usize {
        self.seats.iter().filter(|s| s.role == Role::Member).count()
    }

    pub fn role_of(&self, seat: SeatId) -> Option<Role> {
        self.seat(seat).map(|s| s.role)
    }

    pub fn is_present(&self, seat: SeatId) -> bool {
        self.seat(seat).is_some_and(|s| s.present)
    }

    /// Every seat id in the room, in join order.
    pub fn seat_ids(&self) -> Vec<SeatId> {
        self.seats.iter().map(|s| s.id).collect()
    }

    /// Outcomes of the hot seats that are over, with how many commitments each produced.
    pub fn closed_hot_seats(&self) -> Vec<(SeatId, HotSeatOutcome, usize, bool)> {
        self.hot_seats
            .iter()
            .filter_map(|h| {
                let made = self
                    .commitments
                    .iter()
                    .filter(|c| c.hot_seat == h.index)
                    .count();
                h.outcome.map(|o| (h.presenter, o, made, h.insight_only))
            })
            .collect()
    }

    /// A commitment made in this meeting: (seat, text, due date, idempotency key).
    pub fn commitment(
        &self,
        id: CommitmentId,
    ) -> Option<(SeatId, &str, Option<&str>, Option<&str>)> {
        self.commitments
            .iter()
            .find(|c| c.id == id)
            .map(|c| (c.seat, c.text.as_str(), c.due.as_deref(), c.key.as_deref()))
    }

    /// A seat's report-backs at this check-in: which commitment, and its status.
    pub fn reports_of(&self, seat: SeatId) -> Vec<(CommitmentId, ReportStatus)> {
        self.check_in
            .reports
            .iter()
            .filter(|r| r.seat == seat)
            .map(|r| (r.commitment, r.status))
            .collect()
    }

    /// When the circle meets next and when its round ends.
    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }

    pub fn circle_name(&self) -> &str {
        &self.circle_name
    }

    /// The name a seat has (or had, if it has left this meeting).
    pub fn name_of(&self, seat: SeatId) -> Option<&str> {
        self.seat(seat).map(|s| s.name.as_str()).or_else(|| {
            self.former_seats
                .iter()
                .find(|(id, _)| *id == seat)
                .map(|(_, name)| name.as_str())
        })
    }

    /// The instant the current time box runs out, if it is running and has not run out yet.
    pub fn next_deadline(&self) -> Option<Timestamp> {
        self.timer
            .as_ref()
            .filter(|t| !t.time_up)
            .and_then(TimeBox::deadline)
    }

    // ---- changing ----

    /// A seated participant asks for `command` at `now`.
    pub fn apply(
        &mut self,
        actor: SeatId,
        command: &Command,
        now: Timestamp,
    ) -> Result<Vec<Event>, RuleError> {
        self.apply_seen(actor, command, None, now)
    }

    /// `apply`, with what the sender saw: a meeting-moving command is refused (`stale`) when
    /// the meeting has moved on since (see `check_seen`).
    pub fn apply_seen(
        &mut self,
        actor: SeatId,
        command: &Command,
        seen: Option<&Seen>,
        now: Timestamp,
    ) -> Result<Vec<Event>, RuleError> {
        let role = self.role_of(actor).ok_or(RuleError::UnknownSeat)?;
        // The next date is agreed at the close, so the schedule may change after the end.
        if self.phase == Phase::Ended && !matches!(command, Command::SetSchedule { .. }) {
            return Err(RuleError::MeetingEnded);
        }
        if command.is_facilitator_only() && role != Role::Facilitator {
            return Err(RuleError::NotFacilitator(command.name()));
        }
        // After who may send it, before the command's own rules: those would be judged
        // against a meeting the sender did not see.
        if let Some(seen) = seen {
            self.check_seen(command, seen)?;
        }
        self.transact(now, |m, events| m.dispatch(actor, command, now, events))
            .map(|((), events)| events)
    }

    /// A new member asks to join with `name`. Returns their seat.
    pub fn join(&mut self, name: &str, now: Timestamp) -> Result<(SeatId, Vec<Event>), RuleError> {
        self.transact(now, |m, events| m.join_member(name, events))
    }

    /// The connection layer saw a seat's connection come or go. Unchanged presence is no
    /// change (no events, same version).
    pub fn set_presence(
        &mut self,
        seat: SeatId,
        present: bool,
        now: Timestamp,
    ) -> Result<Vec<Event>, RuleError> {
        self.transact(now, |m, events| {
            m.change_presence(seat, present, now, events)
        })
        .map(|((), events)| events)
    }

    /// A member's grace period ran out: their seat is given up. The facilitator's seat is
    /// never released.
    pub fn release(&mut self, seat: SeatId, now: Timestamp) -> Result<Vec<Event>, RuleError> {
        self.transact(now, |m, events| m.release_member(seat, now, events))
            .map(|((), events)| events)
    }

    /// A member released after their grace period comes back (see `rejoin_member`).
    pub fn rejoin(&mut self, seat: SeatId, now: Timestamp) -> Result<Vec<Event>, RuleError> {
        self.transact(now, |m, events| m.rejoin_member(seat, events))
            .map(|((), events)| events)
    }

    /// True for a member released after their grace period: still in the circle.
    pub fn is_released(&self, seat: SeatId) -> bool {
        self.released.contains(&seat)
    }

    /// A member's data is to be erased: their seat and everything of theirs leave the meeting.
    pub fn erase(&mut self, seat: SeatId, now: Timestamp) -> Result<Vec<Event>, RuleError> {
        self.transact(now, |m, events| m.erase_member(seat, now, events))
            .map(|((), events)| events)
    }

    /// Time passes: announces a time box that ran out (and, with auto-advance, moves on).
    pub fn on_time(&mut self, now: Timestamp) -> Vec<Event> {
        self.transact(now, |m, events| {
            m.expire_time_box(now, events);
            Ok(())
        })
        .map(|((), events)| events)
        .unwrap_or_default()
    }

    fn dispatch(
        &mut self,
        actor: SeatId,
        command: &Command,
        now: Timestamp,
        events: &mut Vec<Event>,
    ) -> Result<(), RuleError> {
        match command {
            Command::AcknowledgeNorms => self.acknowledge_norms(actor, events),
            Command::RaiseHand => self.raise_hand(actor, events),
            Command::LowerHand => self.lower_hand(actor, events),
            Command::Volunteer => self.volunteer(actor, events),
            Command::CheckIn { reports, note } => {
                self.check_in_turn(actor, reports, note.as_deref(), events)
            }
            Command::Done => self.done(actor, events),
            Command::Pass => self.pass(actor, events),
            Command::Ask { text } => self.ask(actor, text, events),
            Command::Answer { noted } => self.answer(actor, *noted, events),
            Command::ShareLearning { text } => self.share_learning(actor, text, events),
            Command::Commit { text, due, key } => {
                self.commit(actor, text, due.as_deref(), key.as_deref(), events)
            }
            Command::InsightOnly => self.insight_only(actor, events),
            Command::Start => self.start(now, events),
            Command::Advance => self.advance(now, events),
            Command::Back => self.back(now, events),
            Command::Skip => self.skip(events),
            Command::SkipHotSeat => self.skip_hot_seat(now, events),
            Command::GiveFloor { seat } => self.give_floor(*seat, events),
            Command::Extend { secs } => self.extend(*secs, now, events),
            Command::Pause => self.pause(now, events),
            Command::Resume => self.resume(now, events),
            Command::EndMeeting => self.end_meeting(now, events),
            Command::SetAgenda { seats } => self.set_agenda(seats, events),
            Command::ShuffleAgenda => self.shuffle_agenda(now, events),
            Command::RemoveMember { seat } => self.remove_member(*seat, now, events),
            Command::Lock { locked } => self.lock(*locked, events),
            Command::HandOver { seat } => self.hand_over(actor, *seat, events),
            Command::SetNorms { norms } => self.set_norms(norms, events),
            Command::SetSchedule {
                next_meeting_at,
                round_ends_on,
            } => self.set_schedule(*next_meeting_at, round_ends_on.as_deref(), now, events),
        }
    }

    /// Runs one handler. On success: gives the floor to whoever is next, keeps the clock in
    /// step with the floor, and bumps the version if anything happened. On error the handler
    /// has changed nothing (each handler checks before it writes).
    fn transact<T>(
        &mut self,
        now: Timestamp,
        handler: impl FnOnce(&mut Self, &mut Vec<Event>) -> Result<T, RuleError>,
    ) -> Result<(T, Vec<Event>), RuleError> {
        let (phase_before, floor_before) = (self.phase, self.floor);
        let mut events = Vec::new();
        let value = handler(self, &mut events)?;
        self.fill_floor();
        if self.floor != floor_before {
            events.push(Event::FloorChanged {
                seat: self.floor.map(|f| f.seat),
                turn: self.floor.map(|f| f.turn),
            });
            self.on_floor_change(now, &mut events);
        }
        if self.floor != floor_before || self.phase != phase_before {
            self.pause_for_absent_floor_holder(now, &mut events);
        }
        if !events.is_empty() {
            self.version += 1;
        }
        Ok((value, events))
    }

    // ---- small shared helpers ----

    pub(super) fn seat(&self, id: SeatId) -> Option<&Seat> {
        self.seats.iter().find(|s| s.id == id)
    }

    pub(super) fn seat_mut(&mut self, id: SeatId) -> Option<&mut Seat> {
        self.seats.iter_mut().find(|s| s.id == id)
    }

    pub(super) fn current_hot_seat(&self) -> Option<&HotSeat> {
        self.hot_seats.last().filter(|h| h.outcome.is_none())
    }

    pub(super) fn current_hot_seat_mut(&mut self) -> Option<&mut HotSeat> {
        self.hot_seats.last_mut().filter(|h| h.outcome.is_none())
    }

    pub(super) fn presenter(&self) -> Option<SeatId> {
        self.current_hot_seat().map(|h| h.presenter)
    }
}

impl HotSeat {
    /// The question waiting for an answer is set aside (the facilitator moved on).
    pub(super) fn set_aside_waiting_question(&mut self) {
        if let Some(id) = self.awaiting_answer.take()
            && let Some(question) = self.questions.iter_mut().find(|q| q.id == id)
        {
            question.status = QuestionStatus::SetAside;
        }
    }
}

impl Seat {
    pub(super) fn new(id: SeatId, name: String, role: Role, present: bool) -> Seat {
        Seat {
            id,
            name,
            role,
            present,
            acknowledged: false,
            stats: VoiceStats::default(),
        }
    }
}
