//! The facilitator's clock controls (extend, pause, resume) and what happens when a time box
//! runs out: `time_up`, and with auto-advance the step the facilitator would have taken.

use hotseat_protocol::limits::EXTEND_MAX_SECS;
use hotseat_protocol::snapshot::{PauseReason, TimerScope};
use hotseat_protocol::{Event, Timestamp};

use super::RuleError;
use super::meeting::Meeting;
use super::timebox::TimeBox;

impl Meeting {
    pub(super) fn extend(
        &mut self,
        secs: u32,
        now: Timestamp,
        events: &mut Vec<Event>,
    ) -> Result<(), RuleError> {
        if secs == 0 || secs > EXTEND_MAX_SECS {
            return Err(RuleError::InvalidDuration);
        }
        let timer = self.running_box()?;
        timer.extend(secs, now);
        events.push(Event::TimerExtended { secs });
        Ok(())
    }

    pub(super) fn pause(
        &mut self,
        now: Timestamp,
        events: &mut Vec<Event>,
    ) -> Result<(), RuleError> {
        let timer = self.running_box()?;
        if timer.paused() == Some(PauseReason::Facilitator) {
            return Err(RuleError::AlreadyDone("the clock is paused already"));
        }
        timer.pause(now, PauseReason::Facilitator);
        events.push(Event::TimerPaused);
        Ok(())
    }

    pub(super) fn resume(
        &mut self,
        now: Timestamp,
        events: &mut Vec<Event>,
    ) -> Result<(), RuleError> {
        let timer = self.running_box()?;
        if timer.paused().is_none() {
            return Err(RuleError::AlreadyDone("the clock is running already"));
        }
        let deadline = timer.resume(now);
        events.push(Event::TimerResumed { deadline });
        Ok(())
    }

    fn running_box(&mut self) -> Result<&mut TimeBox, RuleError> {
        self.timer
            .as_mut()
            .ok_or(RuleError::WrongPhase("no time box is running in this step"))
    }

    /// Announces a box that ran out, once. With auto-advance a check-in turn moves to the next
    /// member and a phase moves on, unless the rules forbid it (a hot seat still needs its
    /// commitment): then the meeting waits for the facilitator.
    pub(super) fn expire_time_box(&mut self, now: Timestamp, events: &mut Vec<Event>) {
        let Some(timer) = self.timer.as_mut() else {
            return;
        };
        let expired = !timer.time_up && timer.deadline().is_some_and(|d| d <= now);
        if !expired {
            return;
        }
        timer.time_up = true;
        let scope = timer.scope;
        events.push(Event::TimeUp { phase: self.phase });
        if !self.settings.auto_advance {
            return;
        }
        match (scope, self.floor) {
            (TimerScope::Turn, Some(holder)) => self.skip_turn(holder, events),
            (TimerScope::Turn, None) => {}
            (TimerScope::Phase, _) => {
                // A refused advance changes nothing; time_up stands and the facilitator decides.
                let _ = self.advance(now, events);
            }
        }
    }
}
