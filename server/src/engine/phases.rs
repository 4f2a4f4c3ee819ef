//! The order of a meeting: lobby, opening, check-in, the hot seats (presenting, questions,
//! learnings, commitment for each presenter), closing, ended; and how the facilitator moves
//! through it, forwards and back.

use hotseat_protocol::snapshot::{HotSeatOutcome, TimerScope};
use hotseat_protocol::{Event, Phase, Role, Timestamp};

use super::RuleError;
use super::meeting::{HotSeat, Meeting};
use super::timebox::TimeBox;

/// Every move between phases the rules allow (forwards, back one step, skipping a hot seat,
/// or ending early). Property tests hold the engine to this table.
pub fn transition_allowed(from: Phase, to: Phase) -> bool {
    use Phase::*;
    if from == to {
        // From one hot seat's step to the next presenter's presenting.
        return from == Presenting;
    }
    if to == Ended {
        return true;
    }
    match from {
        Lobby => to == Opening,
        Opening => to == CheckIn,
        CheckIn => matches!(to, Opening | Presenting | Closing),
        Presenting => matches!(to, Questions | CheckIn | Commitment | Closing),
        Questions => matches!(to, Presenting | Learnings | Closing),
        Learnings => matches!(to, Questions | Commitment | Presenting | Closing),
        Commitment => matches!(to, Learnings | Presenting | Closing),
        Closing => matches!(to, Commitment | Presenting | CheckIn),
        Ended => false,
    }
}

impl Meeting {
    pub(super) fn start(
        &mut self,
        now: Timestamp,
        events: &mut Vec<Event>,
    ) -> Result<(), RuleError> {
        if self.phase != Phase::Lobby {
            return Err(RuleError::WrongPhase("the meeting has started already"));
        }
        self.enter(Phase::Opening, now, events);
        Ok(())
    }

    pub(super) fn advance(
        &mut self,
        now: Timestamp,
        events: &mut Vec<Event>,
    ) -> Result<(), RuleError> {
        match self.phase {
            Phase::Lobby => self.start(now, events)?,
            Phase::Opening => {
                let pending = self.seats.iter().any(|s| {
                    s.role == hotseat_protocol::Role::Member && s.present && !s.acknowledged
                });
                if pending {
                    return Err(RuleError::NormsPending);
                }
                self.enter(Phase::CheckIn, now, events);
            }
            Phase::CheckIn => self.begin_next_hot_seat_or_close(now, events),
            Phase::Presenting => self.enter(Phase::Questions, now, events),
            Phase::Questions => self.enter(Phase::Learnings, now, events),
            Phase::Learnings => self.enter(Phase::Commitment, now, events),
            Phase::Commitment => {
                let outcome = self.commitment_outcome()?;
                self.close_hot_seat(outcome, events);
                self.begin_next_hot_seat_or_close(now, events);
            }
            Phase::Closing => {
                events.push(Event::MeetingEnded { early: false });
                self.enter(Phase::Ended, now, events);
            }
            Phase::Ended => return Err(RuleError::MeetingEnded),
        }
        Ok(())
    }

    /// How the current hot seat may close: with its commitments, or by the presenter's
    /// explicit insight-only choice. Never without either.
    fn commitment_outcome(&self) -> Result<HotSeatOutcome, RuleError> {
        let hot_seat = self
            .current_hot_seat()
            .ok_or(RuleError::WrongPhase("no hot seat is running"))?;
        if self
            .commitments
            .iter()
            .any(|c| c.hot_seat == hot_seat.index)
        {
            Ok(HotSeatOutcome::Committed)
        } else if hot_seat.insight_only {
            Ok(HotSeatOutcome::InsightOnly)
        } else {
            Err(RuleError::CommitmentRequired)
        }
    }

    pub(super) fn back(
        &mut self,
        now: Timestamp,
        events: &mut Vec<Event>,
    ) -> Result<(), RuleError> {
        match self.phase {
            Phase::Lobby | Phase::Opening => return Err(RuleError::CannotGoBack),
            Phase::Ended => return Err(RuleError::MeetingEnded),
            Phase::CheckIn => self.enter(Phase::Opening, now, events),
            Phase::Presenting => {
                let begun = self.current_hot_seat().is_some_and(|h| {
                    !h.questions.is_empty()
                        || !h.learnings.is_empty()
                        || self.commitments.iter().any(|c| c.hot_seat == h.index)
                });
                if begun {
                    return Err(RuleError::NotEligible(
                        "this hot seat has begun; skip it rather than undo it",
                    ));
                }
                let before = self.hot_seats.len().checked_sub(2);
                self.require_reopenable(before.and_then(|i| self.hot_seats.get(i)))?;
                if let Some(undone) = self.hot_seats.pop() {
                    self.upcoming.insert(0, undone.presenter);
                    events.push(Event::AgendaChanged);
                }
                self.reopen_last_hot_seat_or(Phase::CheckIn, now, events);
            }
            Phase::Questions => {
                if let Some(hot_seat) = self.current_hot_seat_mut() {
                    hot_seat.presenting_done = false;
                    // Back to presenting: a question still waiting for its answer is set
                    // aside, not left "asked" for ever.
                    hot_seat.set_aside_waiting_question();
                }
                self.enter(Phase::Presenting, now, events);
            }
            Phase::Learnings => self.enter(Phase::Questions, now, events),
            Phase::Commitment => self.enter(Phase::Learnings, now, events),
            Phase::Closing => {
                self.require_reopenable(self.hot_seats.last())?;
                self.reopen_last_hot_seat_or(Phase::CheckIn, now, events);
            }
        }
        Ok(())
    }

    /// A hot seat opens again only while its presenter is still a member of the room: not
    /// one who left or was removed, nor one who has since become the facilitator.
    fn require_reopenable(&self, hot_seat: Option<&HotSeat>) -> Result<(), RuleError> {
        let member = |h: &HotSeat| self.role_of(h.presenter) == Some(Role::Member);
        if hot_seat.is_some_and(|h| !member(h)) {
            return Err(RuleError::NotEligible(
                "the presenter of that hot seat is no longer a member here",
            ));
        }
        Ok(())
    }

    /// Going back into the hot seat before: a closed one opens again at its last step (its
    /// presenting, when it had been skipped). With no hot seat before, go to `otherwise`.
    /// The presenter is back in the hot seat, so a later turn they had volunteered for
    /// leaves the agenda (which never names the current presenter, nor anyone twice).
    fn reopen_last_hot_seat_or(
        &mut self,
        otherwise: Phase,
        now: Timestamp,
        events: &mut Vec<Event>,
    ) {
        let Some(last) = self.hot_seats.last_mut() else {
            self.enter(otherwise, now, events);
            return;
        };
        let step = if last.outcome == Some(HotSeatOutcome::Skipped) {
            last.presenting_done = false;
            Phase::Presenting
        } else {
            last.committing_done = false;
            Phase::Commitment
        };
        last.outcome = None;
        let presenter = last.presenter;
        self.upcoming.retain(|s| *s != presenter);
        events.push(Event::AgendaChanged);
        self.enter(step, now, events);
    }

    pub(super) fn skip_hot_seat(
        &mut self,
        now: Timestamp,
        events: &mut Vec<Event>,
    ) -> Result<(), RuleError> {
        if !self.phase.is_hot_seat() {
            return Err(RuleError::WrongPhase("no hot seat is running"));
        }
        self.close_hot_seat(HotSeatOutcome::Skipped, events);
        self.begin_next_hot_seat_or_close(now, events);
        Ok(())
    }

    pub(super) fn end_meeting(
        &mut self,
        now: Timestamp,
        events: &mut Vec<Event>,
    ) -> Result<(), RuleError> {
        if self.current_hot_seat().is_some() && self.phase.is_hot_seat() {
            self.close_hot_seat(HotSeatOutcome::Unfinished, events);
        }
        events.push(Event::MeetingEnded {
            early: self.phase != Phase::Closing,
        });
        self.enter(Phase::Ended, now, events);
        Ok(())
    }

    pub(super) fn close_hot_seat(&mut self, outcome: HotSeatOutcome, events: &mut Vec<Event>) {
        if let Some(hot_seat) = self.current_hot_seat_mut() {
            hot_seat.outcome = Some(outcome);
            let seat = hot_seat.presenter;
            events.push(Event::HotSeatClosed { seat, outcome });
        }
    }

    pub(super) fn begin_next_hot_seat_or_close(&mut self, now: Timestamp, events: &mut Vec<Event>) {
        if self.upcoming.is_empty() {
            self.enter(Phase::Closing, now, events);
            return;
        }
        let presenter = self.upcoming.remove(0);
        let index = u32::try_from(self.hot_seats.len()).unwrap_or(u32::MAX);
        self.hot_seats.push(HotSeat {
            index,
            presenter,
            presenting_done: false,
            questions: Vec::new(),
            awaiting_answer: None,
            asked_first: Vec::new(),
            learnings: Vec::new(),
            learnings_done: Vec::new(),
            committing_done: false,
            insight_only: false,
            outcome: None,
        });
        events.push(Event::AgendaChanged);
        self.enter(Phase::Presenting, now, events);
    }

    /// Moves to `to`: the floor is cleared (the transaction fills it again), raised hands
    /// belong to one question round, and the phase's time box starts.
    fn enter(&mut self, to: Phase, now: Timestamp, events: &mut Vec<Event>) {
        let from = self.phase;
        self.phase = to;
        self.floor = None;
        if to == Phase::Ended {
            // What members said lives only for the live meeting.
            self.forget_words();
        }
        if to != Phase::Questions {
            self.hands.clear();
        }
        events.push(Event::PhaseChanged { from, to });
        let boxes = &self.settings.time_boxes;
        let secs = match to {
            Phase::Opening => Some(boxes.opening_secs),
            Phase::Presenting => Some(boxes.presenting_secs),
            Phase::Questions => Some(boxes.questions_secs),
            Phase::Learnings => Some(boxes.learnings_secs),
            Phase::Commitment => Some(boxes.commitment_secs),
            Phase::Closing => Some(boxes.closing_secs),
            // Check-in runs a box per turn; lobby and end have none.
            Phase::Lobby | Phase::CheckIn | Phase::Ended => None,
        };
        self.timer = secs.map(|secs| TimeBox::start(TimerScope::Phase, secs, now));
        if let Some(deadline) = self.timer.as_ref().and_then(TimeBox::deadline) {
            events.push(Event::TimerStarted { deadline });
        }
    }
}
