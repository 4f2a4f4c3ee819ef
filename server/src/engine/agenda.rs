//! The agenda: who takes a hot seat and in what order. The facilitator sets, reorders and
//! shuffles it; members volunteer.

use hotseat_protocol::limits::MEMBERS_MAX;
use hotseat_protocol::{Event, Phase, Role, SeatId, Timestamp};

use super::RuleError;
use super::meeting::Meeting;

impl Meeting {
    fn require_agenda_open(&self) -> Result<(), RuleError> {
        if matches!(self.phase, Phase::Closing | Phase::Ended) {
            return Err(RuleError::WrongPhase("the hot seats are over"));
        }
        Ok(())
    }

    pub(super) fn set_agenda(
        &mut self,
        seats: &[SeatId],
        events: &mut Vec<Event>,
    ) -> Result<(), RuleError> {
        self.require_agenda_open()?;
        if seats.len() > MEMBERS_MAX {
            return Err(RuleError::InvalidAgenda(
                "an agenda lists at most six members",
            ));
        }
        for (i, seat) in seats.iter().enumerate() {
            let entry = self.seat(*seat).ok_or(RuleError::UnknownSeat)?;
            if entry.role != Role::Member {
                return Err(RuleError::InvalidAgenda("only members take a hot seat"));
            }
            if seats[..i].contains(seat) {
                return Err(RuleError::InvalidAgenda("each member is listed once"));
            }
            if self.presenter() == Some(*seat) && self.phase.is_hot_seat() {
                return Err(RuleError::InvalidAgenda(
                    "that member is in the hot seat now",
                ));
            }
        }
        if self.upcoming == seats {
            return Err(RuleError::AlreadyDone("that is the agenda already"));
        }
        self.upcoming = seats.to_vec();
        events.push(Event::AgendaChanged);
        Ok(())
    }

    /// A random order for the upcoming hot seats. The engine holds no random source, so the
    /// order comes from mixing the instant and the version: unpredictable to people, yet the
    /// same in a replay.
    pub(super) fn shuffle_agenda(
        &mut self,
        now: Timestamp,
        events: &mut Vec<Event>,
    ) -> Result<(), RuleError> {
        self.require_agenda_open()?;
        if self.upcoming.len() < 2 {
            return Err(RuleError::AlreadyDone("there is nothing to shuffle"));
        }
        let before = self.upcoming.clone();
        let mut state = now.0 ^ self.version.rotate_left(32);
        for i in (1..self.upcoming.len()).rev() {
            state = splitmix64(state);
            let j = usize::try_from(state % (i as u64 + 1)).unwrap_or(0);
            self.upcoming.swap(i, j);
        }
        if self.upcoming == before {
            // A shuffle that lands on the same order would look like a broken button.
            self.upcoming.rotate_left(1);
        }
        events.push(Event::AgendaChanged);
        Ok(())
    }

    pub(super) fn volunteer(
        &mut self,
        actor: SeatId,
        events: &mut Vec<Event>,
    ) -> Result<(), RuleError> {
        self.require_agenda_open()?;
        self.require_member(actor)?;
        let in_seat = self.presenter() == Some(actor) && self.phase.is_hot_seat();
        if in_seat || self.upcoming.contains(&actor) {
            return Err(RuleError::AlreadyDone("you are on the agenda already"));
        }
        self.upcoming.push(actor);
        events.push(Event::AgendaChanged);
        Ok(())
    }
}

/// SplitMix64: a tiny, well-mixed step function (Steele, Lea, Flood 2014).
fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
