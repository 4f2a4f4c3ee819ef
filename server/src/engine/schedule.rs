//! The circle's calendar: when it meets next and when its round ends. The facilitator sets
//! it at any time, also after the meeting ended, when the circle agrees its next date.

use hotseat_protocol::snapshot::Schedule;
use hotseat_protocol::{Event, Timestamp};

use super::meeting::Meeting;
use super::{RuleError, text};

impl Meeting {
    pub(super) fn set_schedule(
        &mut self,
        next_meeting_at: Option<Timestamp>,
        round_ends_on: Option<&str>,
        now: Timestamp,
        events: &mut Vec<Event>,
    ) -> Result<(), RuleError> {
        if next_meeting_at.is_some_and(|at| at <= now) {
            return Err(RuleError::InvalidDate);
        }
        let schedule = Schedule {
            next_meeting_at,
            round_ends_on: text::due_date(round_ends_on)?,
        };
        if schedule == self.schedule {
            return Err(RuleError::AlreadyDone("that is the schedule already"));
        }
        self.schedule = schedule;
        events.push(Event::ScheduleChanged);
        Ok(())
    }
}
