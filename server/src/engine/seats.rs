//! Seats and roles: joining, presence, leaving, removal, the facilitator hand-over, the room
//! lock and the norms every member acknowledges.

use hotseat_protocol::limits::MEMBERS_MAX;
use hotseat_protocol::snapshot::{HotSeatOutcome, PauseReason};
use hotseat_protocol::{Event, Phase, Role, SeatId, Timestamp};

use super::meeting::{Meeting, Seat};
use super::{RuleError, text};

impl Meeting {
    pub(super) fn join_member(
        &mut self,
        raw_name: &str,
        events: &mut Vec<Event>,
    ) -> Result<SeatId, RuleError> {
        if self.phase == Phase::Ended {
            return Err(RuleError::MeetingEnded);
        }
        if self.locked {
            return Err(RuleError::RoomLocked);
        }
        // A released member is still in the circle and keeps their place.
        if self.member_count() + self.released.len() >= MEMBERS_MAX {
            return Err(RuleError::RoomFull);
        }
        let name = text::name(raw_name)?;
        if self.name_in_use(&name, None) {
            return Err(RuleError::NameTaken);
        }
        let id = SeatId(self.next_seat);
        self.next_seat += 1;
        self.seats.push(Seat::new(id, name, Role::Member, true));
        events.push(Event::MemberJoined { seat: id });
        Ok(id)
    }

    pub(super) fn change_presence(
        &mut self,
        seat: SeatId,
        present: bool,
        now: Timestamp,
        events: &mut Vec<Event>,
    ) -> Result<(), RuleError> {
        let entry = self.seat_mut(seat).ok_or(RuleError::UnknownSeat)?;
        if entry.present == present {
            return Ok(());
        }
        entry.present = present;
        events.push(Event::PresenceChanged { seat, present });
        if self.floor.is_some_and(|f| f.seat == seat) {
            if present {
                self.resume_after_floor_away(now, events);
            } else {
                self.pause_for_absent_floor_holder(now, events);
            }
        }
        Ok(())
    }

    pub(super) fn release_member(
        &mut self,
        seat: SeatId,
        now: Timestamp,
        events: &mut Vec<Event>,
    ) -> Result<(), RuleError> {
        let entry = self.seat(seat).ok_or(RuleError::UnknownSeat)?;
        if entry.role == Role::Facilitator {
            return Err(RuleError::NotEligible(
                "the facilitator's seat is never given up",
            ));
        }
        if entry.present {
            return Err(RuleError::NotEligible("that member is still connected"));
        }
        self.depart(seat, now, events);
        // They leave this meeting, not the circle: their seat comes back with their token.
        self.released.push(seat);
        events.push(Event::MemberLeft { seat });
        Ok(())
    }

    /// A member released after their grace period comes back with their token: the same
    /// seat, at the end of the turn order, off the agenda.
    pub(super) fn rejoin_member(
        &mut self,
        seat: SeatId,
        events: &mut Vec<Event>,
    ) -> Result<(), RuleError> {
        if self.phase == Phase::Ended {
            return Err(RuleError::MeetingEnded);
        }
        if !self.released.contains(&seat) {
            return Err(RuleError::UnknownSeat);
        }
        if self.member_count() >= MEMBERS_MAX {
            return Err(RuleError::RoomFull);
        }
        let name = self
            .former_seats
            .iter()
            .find(|(id, _)| *id == seat)
            .map(|(_, name)| name.clone())
            .unwrap_or_default();
        if self.name_in_use(&name, Some(seat)) {
            return Err(RuleError::NameTaken);
        }
        self.released.retain(|s| *s != seat);
        self.former_seats.retain(|(id, _)| *id != seat);
        self.seats.push(Seat::new(seat, name, Role::Member, true));
        events.push(Event::MemberJoined { seat });
        Ok(())
    }

    /// Whether `name` reads as the name of a seat in the room (absent ones included) or of a
    /// released member, who is still in the circle and may come back: nobody may wear it.
    fn name_in_use(&self, name: &str, except: Option<SeatId>) -> bool {
        let seated = self.seats.iter().map(|s| (s.id, &s.name));
        let released = self
            .former_seats
            .iter()
            .filter(|(id, _)| self.released.contains(id))
            .map(|(id, name)| (*id, name));
        seated
            .chain(released)
            .any(|(id, taken)| Some(id) != except && text::same_name(taken, name))
    }

    pub(super) fn remove_member(
        &mut self,
        seat: SeatId,
        now: Timestamp,
        events: &mut Vec<Event>,
    ) -> Result<(), RuleError> {
        if self.released.contains(&seat) {
            // Out of this meeting already; now out of the circle too.
            self.released.retain(|s| *s != seat);
            events.push(Event::MemberRemoved { seat });
            return Ok(());
        }
        let entry = self.seat(seat).ok_or(RuleError::UnknownSeat)?;
        if entry.role == Role::Facilitator {
            return Err(RuleError::NotEligible("hand the role over before leaving"));
        }
        self.depart(seat, now, events);
        events.push(Event::MemberRemoved { seat });
        Ok(())
    }

    /// Takes a member out of the meeting. Their words and commitments stay, under their name.
    fn depart(&mut self, seat: SeatId, now: Timestamp, events: &mut Vec<Event>) {
        self.upcoming.retain(|s| *s != seat);
        self.hands.retain(|s| *s != seat);
        if self.floor.is_some_and(|f| f.seat == seat) {
            self.floor = None;
        }
        if let Some(index) = self.seats.iter().position(|s| s.id == seat) {
            let gone = self.seats.remove(index);
            self.former_seats.push((gone.id, gone.name));
        }
        if self.presenter() == Some(seat) && self.phase.is_hot_seat() {
            self.close_hot_seat(HotSeatOutcome::Skipped, events);
            self.begin_next_hot_seat_or_close(now, events);
        }
    }

    pub(super) fn hand_over(
        &mut self,
        actor: SeatId,
        seat: SeatId,
        events: &mut Vec<Event>,
    ) -> Result<(), RuleError> {
        let target = self.seat(seat).ok_or(RuleError::UnknownSeat)?;
        if target.role == Role::Facilitator {
            return Err(RuleError::AlreadyDone(
                "that seat is the facilitator already",
            ));
        }
        if !target.present {
            return Err(RuleError::NotEligible(
                "hand the role to someone who is here",
            ));
        }
        if self.presenter() == Some(seat) {
            return Err(RuleError::NotEligible(
                "the presenter is in the hot seat right now",
            ));
        }
        for s in &mut self.seats {
            if s.id == seat {
                s.role = Role::Facilitator;
            } else if s.id == actor {
                s.role = Role::Member;
                // They ran the opening: the norms are theirs already.
                s.acknowledged = true;
            }
        }
        if self.upcoming.contains(&seat) {
            self.upcoming.retain(|s| *s != seat);
            events.push(Event::AgendaChanged);
        }
        self.hands.retain(|s| *s != seat);
        if self.floor.is_some_and(|f| f.seat == seat) {
            self.floor = None;
        }
        events.push(Event::FacilitatorChanged { seat });
        Ok(())
    }

    pub(super) fn lock(&mut self, locked: bool, events: &mut Vec<Event>) -> Result<(), RuleError> {
        if self.locked == locked {
            return Err(RuleError::AlreadyDone(if locked {
                "the room is locked already"
            } else {
                "the room is open already"
            }));
        }
        self.locked = locked;
        events.push(Event::RoomLocked { locked });
        Ok(())
    }

    pub(super) fn acknowledge_norms(
        &mut self,
        actor: SeatId,
        events: &mut Vec<Event>,
    ) -> Result<(), RuleError> {
        if self.phase == Phase::Lobby {
            return Err(RuleError::WrongPhase("the norms are read at the opening"));
        }
        let seat = self.seat_mut(actor).ok_or(RuleError::UnknownSeat)?;
        if seat.role != Role::Member {
            return Err(RuleError::NotEligible("the facilitator holds the norms"));
        }
        if seat.acknowledged {
            return Err(RuleError::AlreadyDone(
                "you have acknowledged the norms already",
            ));
        }
        seat.acknowledged = true;
        events.push(Event::NormsAcknowledged { seat: actor });
        Ok(())
    }

    pub(super) fn set_norms(
        &mut self,
        raw: &[String],
        events: &mut Vec<Event>,
    ) -> Result<(), RuleError> {
        if !matches!(self.phase, Phase::Lobby | Phase::Opening) {
            return Err(RuleError::WrongPhase(
                "norms are agreed before the check-in",
            ));
        }
        let norms = text::norms(raw)?;
        if norms == self.norms {
            return Err(RuleError::AlreadyDone("those are the norms already"));
        }
        self.norms = norms;
        for seat in &mut self.seats {
            seat.acknowledged = false;
        }
        events.push(Event::NormsChanged);
        Ok(())
    }

    /// A member who has not acknowledged the norms takes no part yet (late joiners
    /// acknowledge on arrival). In the lobby nobody has been shown the norms yet.
    pub(super) fn require_member(&self, actor: SeatId) -> Result<&Seat, RuleError> {
        let seat = self.seat(actor).ok_or(RuleError::UnknownSeat)?;
        if seat.role != Role::Member {
            return Err(RuleError::NotEligible(
                "the facilitator does not take turns",
            ));
        }
        if !seat.acknowledged && self.phase != Phase::Lobby {
            return Err(RuleError::NormsNotAcknowledged);
        }
        Ok(seat)
    }

    /// Present members who have acknowledged the norms: the ones who can take a turn.
    pub(super) fn can_take_turn(&self, seat: SeatId) -> bool {
        self.seat(seat)
            .is_some_and(|s| s.role == Role::Member && s.present && s.acknowledged)
    }

    /// The clock waits while the floor holder is away.
    pub(super) fn pause_for_absent_floor_holder(
        &mut self,
        now: Timestamp,
        events: &mut Vec<Event>,
    ) {
        let holder_away = self.floor.is_some_and(|f| !self.is_present(f.seat));
        match (&mut self.timer, holder_away) {
            (Some(timer), true) if timer.paused().is_none() => {
                timer.pause(now, PauseReason::FloorAway);
                events.push(Event::TimerPaused);
            }
            (Some(_), false) => self.resume_after_floor_away(now, events),
            _ => {}
        }
    }

    pub(super) fn resume_after_floor_away(&mut self, now: Timestamp, events: &mut Vec<Event>) {
        if let Some(timer) = &mut self.timer
            && timer.paused() == Some(PauseReason::FloorAway)
        {
            let deadline = timer.resume(now);
            events.push(Event::TimerResumed { deadline });
        }
    }

    /// A member asked for their data to be erased: they leave the meeting as if removed, and
    /// nothing of theirs stays in it: not their words, not their commitments, not their name.
    pub(super) fn erase_member(
        &mut self,
        seat: SeatId,
        now: Timestamp,
        events: &mut Vec<Event>,
    ) -> Result<(), RuleError> {
        self.remove_member(seat, now, events)?;
        self.former_seats.retain(|(id, _)| *id != seat);
        self.commitments.retain(|c| c.seat != seat);
        self.check_in.open.retain(|c| c.seat != seat);
        self.check_in.reports.retain(|r| r.seat != seat);
        self.check_in.notes.retain(|n| n.seat != seat);
        self.check_in.done.retain(|s| *s != seat);
        for hot_seat in &mut self.hot_seats {
            let theirs: Vec<_> = hot_seat
                .questions
                .iter()
                .filter(|q| q.seat == seat)
                .map(|q| q.id)
                .collect();
            if hot_seat
                .awaiting_answer
                .is_some_and(|id| theirs.contains(&id))
            {
                hot_seat.awaiting_answer = None;
            }
            hot_seat.questions.retain(|q| q.seat != seat);
            hot_seat.learnings.retain(|l| l.seat != seat);
            hot_seat.asked_first.retain(|s| *s != seat);
            hot_seat.learnings_done.retain(|s| *s != seat);
        }
        Ok(())
    }
}
