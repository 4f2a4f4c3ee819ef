//! The floor: who speaks next in each phase, and the commands that take or end a turn.
//!
//! Turn order goes round the members in seat order, starting after the presenter. In the
//! question round every present member has a first turn before anyone is served a second
//! (the voice guarantee); after that, raised hands are served in the order raised.

use hotseat_protocol::limits::{COMMITMENT_MAX_CHARS, TEXT_MAX_CHARS};
use hotseat_protocol::snapshot::{QuestionStatus, TimerScope};
use hotseat_protocol::{
    CommitmentId, Event, Phase, QuestionId, Report, Role, SeatId, Timestamp, TurnKind, classify,
};

use super::meeting::{
    CheckInNote, Commitment, FloorHolder, Learning, Meeting, Question, ReportBack,
};
use super::timebox::TimeBox;
use super::{RuleError, text};

/// Longest idempotency key on a commitment.
const KEY_MAX_CHARS: usize = 64;

impl Meeting {
    /// Members in turn order: those seated after `after` first, then those before it; `after`
    /// itself is left out.
    pub(super) fn rotation(&self, after: Option<SeatId>) -> impl Iterator<Item = SeatId> + '_ {
        // Walked on demand rather than collected: the view asks for it on every update.
        let members = move || {
            self.seats
                .iter()
                .filter(|s| s.role == Role::Member)
                .map(|s| s.id)
        };
        let split = after
            .and_then(|a| members().position(|s| s == a))
            .map_or(0, |i| i + 1);
        members()
            .skip(split)
            .chain(members().take(split))
            .filter(move |s| Some(*s) != after)
    }

    /// Who should get the floor now that nobody holds it. `skipping` is treated as if their
    /// turn were over (used to show who comes next).
    pub(super) fn next_speaker(&self, skipping: Option<SeatId>) -> Option<FloorHolder> {
        let pick = |candidates: &mut dyn Iterator<Item = SeatId>, done: &[SeatId], turn| {
            for seat in candidates {
                if Some(seat) != skipping && !done.contains(&seat) && self.can_take_turn(seat) {
                    return Some(FloorHolder { seat, turn });
                }
            }
            None
        };
        let presenter_turn = |turn| {
            self.presenter()
                .filter(|p| Some(*p) != skipping)
                .map(|seat| FloorHolder { seat, turn })
        };
        match self.phase {
            Phase::CheckIn => pick(
                &mut self.rotation(None),
                &self.check_in.done,
                TurnKind::CheckIn,
            ),
            Phase::Presenting => self
                .current_hot_seat()
                .filter(|h| !h.presenting_done)
                .and_then(|_| presenter_turn(TurnKind::Presenting)),
            Phase::Questions => {
                let hot_seat = self.current_hot_seat()?;
                if hot_seat.awaiting_answer.is_some() && skipping.is_none() {
                    return presenter_turn(TurnKind::Answering);
                }
                pick(
                    &mut self.rotation(Some(hot_seat.presenter)),
                    &hot_seat.asked_first,
                    TurnKind::Asking,
                )
                .or_else(|| pick(&mut self.hands.iter().copied(), &[], TurnKind::Asking))
            }
            Phase::Learnings => {
                let hot_seat = self.current_hot_seat()?;
                // The presenter speaks last, having heard everyone else.
                let mut order = self
                    .rotation(Some(hot_seat.presenter))
                    .chain([hot_seat.presenter]);
                pick(&mut order, &hot_seat.learnings_done, TurnKind::Learning)
            }
            Phase::Commitment => self
                .current_hot_seat()
                .filter(|h| !h.committing_done)
                .and_then(|_| presenter_turn(TurnKind::Committing)),
            Phase::Lobby | Phase::Opening | Phase::Closing | Phase::Ended => None,
        }
    }

    pub(super) fn fill_floor(&mut self) {
        if self.floor.is_none() {
            self.floor = self.next_speaker(None);
        }
    }

    /// The floor moved: a served hand comes down, and each check-in turn gets its own box.
    pub(super) fn on_floor_change(&mut self, now: Timestamp, events: &mut Vec<Event>) {
        if let Some(holder) = self.floor.filter(|f| f.turn == TurnKind::Asking) {
            self.hands.retain(|s| *s != holder.seat);
        }
        if self.phase == Phase::CheckIn {
            self.timer = self.floor.map(|_| {
                TimeBox::start(
                    TimerScope::Turn,
                    self.settings.time_boxes.check_in_secs,
                    now,
                )
            });
            if let Some(deadline) = self.timer.as_ref().and_then(TimeBox::deadline) {
                events.push(Event::TimerStarted { deadline });
            }
        }
    }

    /// The actor must hold the floor for `turn` in `phase`.
    fn require_turn(&self, actor: SeatId, phase: Phase, turn: TurnKind) -> Result<(), RuleError> {
        if self.phase != phase {
            return Err(RuleError::WrongPhase(
                "that is not part of this step of the meeting",
            ));
        }
        match self.floor {
            Some(f) if f.seat == actor && f.turn == turn => Ok(()),
            _ => Err(RuleError::NotYourTurn("someone else has the floor")),
        }
    }

    pub(super) fn check_in_turn(
        &mut self,
        actor: SeatId,
        reports: &[Report],
        note: Option<&str>,
        events: &mut Vec<Event>,
    ) -> Result<(), RuleError> {
        self.require_member(actor)?;
        self.require_turn(actor, Phase::CheckIn, TurnKind::CheckIn)?;
        let note = text::optional(note, TEXT_MAX_CHARS)?;
        let mut accepted: Vec<ReportBack> = Vec::with_capacity(reports.len());
        for report in reports {
            let open = self
                .check_in
                .open
                .iter()
                .any(|c| c.id == report.commitment && c.seat == actor);
            if !open {
                return Err(RuleError::UnknownCommitment);
            }
            accepted.retain(|r| r.commitment != report.commitment);
            let note = text::optional(report.note.as_deref(), TEXT_MAX_CHARS)?;
            accepted.push(ReportBack {
                commitment: report.commitment,
                seat: actor,
                status: report.status,
                has_note: note.is_some(),
                note,
            });
        }
        let reported: Vec<CommitmentId> = accepted.iter().map(|r| r.commitment).collect();
        self.check_in
            .reports
            .retain(|r| !reported.contains(&r.commitment));
        self.check_in.reports.extend(accepted);
        self.check_in.notes.retain(|n| n.seat != actor);
        if let Some(note) = note {
            self.check_in.notes.push(CheckInNote {
                seat: actor,
                note: Some(note),
            });
        }
        self.end_turn(actor, true);
        events.push(Event::CheckedIn { seat: actor });
        Ok(())
    }

    pub(super) fn done(&mut self, actor: SeatId, events: &mut Vec<Event>) -> Result<(), RuleError> {
        if !matches!(self.phase, Phase::Presenting | Phase::Commitment) {
            return Err(RuleError::WrongPhase(
                "\"done\" ends a presenting or commitment turn",
            ));
        }
        self.require_member(actor)?;
        let turn = if self.phase == Phase::Presenting {
            TurnKind::Presenting
        } else {
            TurnKind::Committing
        };
        self.require_turn(actor, self.phase, turn)?;
        // Presenting is a turn heard; closing the commitment step is not (the voice stats
        // count check-ins, presentations, questions and learnings).
        self.end_turn(actor, turn == TurnKind::Presenting);
        // The floor change is the event; the transaction announces it.
        let _ = events;
        Ok(())
    }

    pub(super) fn pass(&mut self, actor: SeatId, events: &mut Vec<Event>) -> Result<(), RuleError> {
        let turn = match self.phase {
            Phase::CheckIn => TurnKind::CheckIn,
            Phase::Questions => TurnKind::Asking,
            Phase::Learnings => TurnKind::Learning,
            _ => {
                return Err(RuleError::WrongPhase(
                    "there is no turn to pass in this step",
                ));
            }
        };
        self.require_member(actor)?;
        self.require_turn(actor, self.phase, turn)?;
        if let Some(seat) = self.seat_mut(actor) {
            seat.stats.passes += 1;
        }
        if turn == TurnKind::Learning
            && let Some(hot_seat) = self.current_hot_seat_mut()
        {
            hot_seat.learnings.push(Learning {
                seat: actor,
                passed: true,
                text: None,
            });
        }
        self.end_turn(actor, false);
        events.push(Event::Passed { seat: actor });
        Ok(())
    }

    pub(super) fn ask(
        &mut self,
        actor: SeatId,
        raw: &str,
        events: &mut Vec<Event>,
    ) -> Result<(), RuleError> {
        if self.phase != Phase::Questions {
            return Err(RuleError::WrongPhase(
                "questions are asked in the question round",
            ));
        }
        self.require_member(actor)?;
        if self.presenter() == Some(actor) {
            return Err(RuleError::NotEligible(
                "the presenter answers; the others ask",
            ));
        }
        self.require_turn(actor, Phase::Questions, TurnKind::Asking)?;
        let question = text::required(raw, TEXT_MAX_CHARS)?;
        let kind = classify(&question).kind;
        let id = QuestionId(self.next_question);
        self.next_question += 1;
        if let Some(hot_seat) = self.current_hot_seat_mut() {
            hot_seat.questions.push(Question {
                id,
                seat: actor,
                text: Some(question),
                kind,
                status: QuestionStatus::Asked,
            });
            hot_seat.awaiting_answer = Some(id);
        }
        if let Some(seat) = self.seat_mut(actor) {
            seat.stats.questions += 1;
        }
        self.end_turn(actor, true);
        events.push(Event::QuestionAsked {
            id,
            seat: actor,
            kind,
        });
        Ok(())
    }

    pub(super) fn answer(
        &mut self,
        actor: SeatId,
        noted: bool,
        events: &mut Vec<Event>,
    ) -> Result<(), RuleError> {
        self.require_turn(actor, Phase::Questions, TurnKind::Answering)?;
        let hot_seat = self
            .current_hot_seat_mut()
            .ok_or(RuleError::WrongPhase("no hot seat is running"))?;
        let id = hot_seat
            .awaiting_answer
            .take()
            .ok_or(RuleError::AlreadyDone("there is no question waiting"))?;
        if let Some(question) = hot_seat.questions.iter_mut().find(|q| q.id == id) {
            question.status = if noted {
                QuestionStatus::Noted
            } else {
                QuestionStatus::Answered
            };
        }
        self.floor = None;
        events.push(Event::QuestionAnswered { id, noted });
        Ok(())
    }

    pub(super) fn share_learning(
        &mut self,
        actor: SeatId,
        raw: &str,
        events: &mut Vec<Event>,
    ) -> Result<(), RuleError> {
        self.require_member(actor)?;
        self.require_turn(actor, Phase::Learnings, TurnKind::Learning)?;
        let learning = text::required(raw, TEXT_MAX_CHARS)?;
        if let Some(hot_seat) = self.current_hot_seat_mut() {
            hot_seat.learnings.push(Learning {
                seat: actor,
                passed: false,
                text: Some(learning),
            });
        }
        self.end_turn(actor, true);
        events.push(Event::LearningShared { seat: actor });
        Ok(())
    }

    pub(super) fn commit(
        &mut self,
        actor: SeatId,
        raw: &str,
        due: Option<&str>,
        key: Option<&str>,
        events: &mut Vec<Event>,
    ) -> Result<(), RuleError> {
        if let Some(key) = key {
            if key.is_empty() || key.chars().count() > KEY_MAX_CHARS {
                return Err(RuleError::InvalidText(
                    "an idempotency key is 1 to 64 characters",
                ));
            }
            // A retry of a commitment already recorded: accepted, and nothing new happens.
            // The same key with other words is a client bug, not a retry: keeping either
            // text silently would lose the other, so it is refused.
            let earlier = self
                .commitments
                .iter()
                .find(|c| c.seat == actor && c.key.as_deref() == Some(key));
            if let Some(earlier) = earlier {
                let same = text::required(raw, COMMITMENT_MAX_CHARS).ok().as_ref()
                    == Some(&earlier.text)
                    && text::due_date(due).ok().as_ref() == Some(&earlier.due);
                return if same {
                    Ok(())
                } else {
                    Err(RuleError::KeyReused)
                };
            }
        }
        let index = self.require_presenter_in_commitment(actor)?;
        let action = text::required(raw, COMMITMENT_MAX_CHARS)?;
        let due = text::due_date(due)?;
        let id = CommitmentId(self.next_commitment);
        self.next_commitment += 1;
        self.commitments.push(Commitment {
            key: key.map(str::to_owned),
            id,
            seat: actor,
            text: action,
            due,
            hot_seat: index,
        });
        events.push(Event::CommitmentRecorded { id, seat: actor });
        Ok(())
    }

    pub(super) fn insight_only(
        &mut self,
        actor: SeatId,
        events: &mut Vec<Event>,
    ) -> Result<(), RuleError> {
        self.require_presenter_in_commitment(actor)?;
        let hot_seat = self
            .current_hot_seat_mut()
            .ok_or(RuleError::WrongPhase("no hot seat is running"))?;
        if hot_seat.insight_only {
            return Err(RuleError::AlreadyDone("insight only is chosen already"));
        }
        hot_seat.insight_only = true;
        events.push(Event::InsightOnlyChosen { seat: actor });
        Ok(())
    }

    /// The presenter may record commitments throughout the commitment step, floor or not.
    fn require_presenter_in_commitment(&self, actor: SeatId) -> Result<u32, RuleError> {
        if self.phase != Phase::Commitment {
            return Err(RuleError::WrongPhase(
                "commitments are made in the commitment step",
            ));
        }
        self.require_member(actor)?;
        let hot_seat = self
            .current_hot_seat()
            .ok_or(RuleError::WrongPhase("no hot seat is running"))?;
        if hot_seat.presenter != actor {
            return Err(RuleError::NotEligible(
                "only the presenter commits in their hot seat",
            ));
        }
        Ok(hot_seat.index)
    }

    pub(super) fn raise_hand(
        &mut self,
        actor: SeatId,
        events: &mut Vec<Event>,
    ) -> Result<(), RuleError> {
        if self.phase != Phase::Questions {
            return Err(RuleError::WrongPhase(
                "hands are raised in the question round",
            ));
        }
        self.require_member(actor)?;
        if self.presenter() == Some(actor) {
            return Err(RuleError::NotEligible(
                "the presenter answers; the others ask",
            ));
        }
        if self.hands.contains(&actor) {
            return Err(RuleError::AlreadyDone("your hand is up already"));
        }
        if self.floor.is_some_and(|f| f.seat == actor) {
            return Err(RuleError::AlreadyDone("you have the floor"));
        }
        self.hands.push(actor);
        events.push(Event::HandRaised { seat: actor });
        Ok(())
    }

    pub(super) fn lower_hand(
        &mut self,
        actor: SeatId,
        events: &mut Vec<Event>,
    ) -> Result<(), RuleError> {
        if !self.hands.contains(&actor) {
            return Err(RuleError::AlreadyDone("your hand is not up"));
        }
        self.hands.retain(|s| *s != actor);
        events.push(Event::HandLowered { seat: actor });
        Ok(())
    }

    /// The facilitator ends the floor holder's turn; it counts as their turn for the round.
    pub(super) fn skip(&mut self, events: &mut Vec<Event>) -> Result<(), RuleError> {
        let holder = self.floor.ok_or(RuleError::NoFloor)?;
        self.skip_turn(holder, events);
        Ok(())
    }

    pub(super) fn skip_turn(&mut self, holder: FloorHolder, events: &mut Vec<Event>) {
        if holder.turn == TurnKind::Answering {
            if let Some(hot_seat) = self.current_hot_seat_mut() {
                hot_seat.set_aside_waiting_question();
            }
            self.floor = None;
        } else {
            self.end_turn(holder.seat, false);
        }
        events.push(Event::TurnSkipped { seat: holder.seat });
    }

    pub(super) fn give_floor(
        &mut self,
        seat: SeatId,
        events: &mut Vec<Event>,
    ) -> Result<(), RuleError> {
        let target = self.seat(seat).ok_or(RuleError::UnknownSeat)?;
        if target.role != Role::Member {
            return Err(RuleError::NotEligible(
                "the facilitator does not take turns",
            ));
        }
        if !target.present {
            return Err(RuleError::NotEligible("that member is away"));
        }
        if !target.acknowledged {
            return Err(RuleError::NotEligible(
                "that member has not acknowledged the norms",
            ));
        }
        let presenter = self.presenter();
        let awaiting = self.current_hot_seat().and_then(|h| h.awaiting_answer);
        let is_presenter = presenter == Some(seat);
        let turn = match self.phase {
            Phase::CheckIn => TurnKind::CheckIn,
            Phase::Presenting if is_presenter => TurnKind::Presenting,
            Phase::Questions if is_presenter && awaiting.is_some() => TurnKind::Answering,
            Phase::Questions if !is_presenter => TurnKind::Asking,
            Phase::Learnings => TurnKind::Learning,
            Phase::Commitment if is_presenter => TurnKind::Committing,
            Phase::Presenting | Phase::Questions | Phase::Commitment => {
                return Err(RuleError::NotEligible("that member cannot take this turn"));
            }
            Phase::Lobby | Phase::Opening | Phase::Closing | Phase::Ended => {
                return Err(RuleError::WrongPhase("nobody takes turns in this step"));
            }
        };
        let holder = FloorHolder { seat, turn };
        if self.floor == Some(holder) {
            return Err(RuleError::AlreadyDone("that member has the floor already"));
        }
        if let Some(hot_seat) = self.current_hot_seat_mut() {
            match turn {
                TurnKind::Presenting => hot_seat.presenting_done = false,
                TurnKind::Committing => hot_seat.committing_done = false,
                // Handing the floor to an asker sets the waiting question aside.
                TurnKind::Asking => hot_seat.set_aside_waiting_question(),
                _ => {}
            }
        }
        self.floor = Some(holder);
        // The floor change itself is announced by the transaction; nothing else happened.
        let _ = events;
        Ok(())
    }

    /// Closes `seat`'s turn in the current phase. `spoke`: they said something (a turn in
    /// the voice stats) rather than passing or being skipped.
    pub(super) fn end_turn(&mut self, seat: SeatId, spoke: bool) {
        if spoke && let Some(entry) = self.seat_mut(seat) {
            entry.stats.turns += 1;
        }
        match self.phase {
            Phase::CheckIn => push_once(&mut self.check_in.done, seat),
            Phase::Presenting | Phase::Questions | Phase::Learnings | Phase::Commitment => {
                let phase = self.phase;
                if let Some(hot_seat) = self.current_hot_seat_mut() {
                    match phase {
                        Phase::Presenting => hot_seat.presenting_done = true,
                        Phase::Questions => push_once(&mut hot_seat.asked_first, seat),
                        Phase::Learnings => push_once(&mut hot_seat.learnings_done, seat),
                        _ => hot_seat.committing_done = true,
                    }
                }
            }
            _ => {}
        }
        if self.floor.is_some_and(|f| f.seat == seat) {
            self.floor = None;
        }
    }
}

fn push_once(list: &mut Vec<SeatId>, seat: SeatId) {
    if !list.contains(&seat) {
        list.push(seat);
    }
}
