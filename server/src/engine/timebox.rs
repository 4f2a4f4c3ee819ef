//! A time box: a budget of time that runs, pauses, is extended, and runs out.
//! Deadlines are absolute instants; nothing here reads a clock.

use hotseat_protocol::Timestamp;
use hotseat_protocol::snapshot::{PauseReason, TimerScope, TimerView};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeBox {
    pub scope: TimerScope,
    /// Full length with extensions, in ms.
    pub budget_ms: u64,
    pub run: Run,
    /// The deadline passed and `time_up` was announced.
    pub time_up: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Run {
    Running {
        deadline: Timestamp,
    },
    Paused {
        remaining_ms: u64,
        reason: PauseReason,
    },
}

impl TimeBox {
    pub fn start(scope: TimerScope, secs: u32, now: Timestamp) -> TimeBox {
        let budget_ms = u64::from(secs) * 1000;
        TimeBox {
            scope,
            budget_ms,
            run: Run::Running {
                deadline: now.plus_ms(budget_ms),
            },
            time_up: false,
        }
    }

    pub fn deadline(&self) -> Option<Timestamp> {
        match self.run {
            Run::Running { deadline } => Some(deadline),
            Run::Paused { .. } => None,
        }
    }

    pub fn paused(&self) -> Option<PauseReason> {
        match self.run {
            Run::Running { .. } => None,
            Run::Paused { reason, .. } => Some(reason),
        }
    }

    pub fn pause(&mut self, now: Timestamp, reason: PauseReason) {
        self.run = match self.run {
            Run::Running { deadline } => Run::Paused {
                remaining_ms: deadline.ms_since(now),
                reason,
            },
            Run::Paused { remaining_ms, .. } => Run::Paused {
                remaining_ms,
                reason,
            },
        };
    }

    /// Starts the clock again; returns the new deadline.
    pub fn resume(&mut self, now: Timestamp) -> Timestamp {
        let deadline = match self.run {
            Run::Running { deadline } => deadline,
            Run::Paused { remaining_ms, .. } => now.plus_ms(remaining_ms),
        };
        self.run = Run::Running { deadline };
        deadline
    }

    /// Adds time. A box that had run out (or whose deadline has passed) runs again from `now`.
    pub fn extend(&mut self, secs: u32, now: Timestamp) {
        let ms = u64::from(secs) * 1000;
        self.budget_ms += ms;
        match &mut self.run {
            Run::Running { deadline } => {
                // Once the deadline has passed (announced as time up or not yet), an extension
                // counts from now so the facilitator's "two more minutes" gives two real
                // minutes. Time up is only ever set by `Meeting::on_time`, which announces it.
                *deadline = now.max(*deadline).plus_ms(ms);
                self.time_up = false;
            }
            Run::Paused { remaining_ms, .. } => {
                *remaining_ms += ms;
                self.time_up = false;
            }
        }
    }

    pub fn view(&self) -> TimerView {
        let (deadline, remaining_ms) = match self.run {
            Run::Running { deadline } => (Some(deadline), None),
            Run::Paused { remaining_ms, .. } => (None, Some(remaining_ms)),
        };
        TimerView {
            scope: self.scope,
            budget_ms: self.budget_ms,
            deadline,
            remaining_ms,
            paused: self.paused(),
            time_up: self.time_up,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: Timestamp = Timestamp(1_000_000);

    #[test]
    fn pause_keeps_the_remaining_time_and_resume_restores_it() {
        let mut tb = TimeBox::start(TimerScope::Phase, 60, T0);
        assert_eq!(tb.deadline(), Some(T0.plus_ms(60_000)));
        tb.pause(T0.plus_ms(20_000), PauseReason::Facilitator);
        assert_eq!(tb.deadline(), None);
        assert_eq!(tb.view().remaining_ms, Some(40_000));
        let deadline = tb.resume(T0.plus_ms(500_000));
        assert_eq!(deadline, T0.plus_ms(540_000));
    }

    #[test]
    fn extending_a_box_that_ran_out_counts_from_now() {
        let mut tb = TimeBox::start(TimerScope::Phase, 60, T0);
        tb.time_up = true;
        tb.extend(120, T0.plus_ms(90_000));
        assert_eq!(tb.deadline(), Some(T0.plus_ms(210_000)));
        assert!(!tb.time_up);
        assert_eq!(tb.budget_ms, 180_000);
    }

    #[test]
    fn extending_a_running_box_moves_its_deadline() {
        let mut tb = TimeBox::start(TimerScope::Turn, 60, T0);
        tb.extend(30, T0.plus_ms(10_000));
        assert_eq!(tb.deadline(), Some(T0.plus_ms(90_000)));
    }
}
