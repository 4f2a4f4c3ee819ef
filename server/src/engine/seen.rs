//! The `seen` precondition: a meeting-moving command names the step and floor its sender saw,
//! and is refused (`stale`) when the meeting has moved on, so one click never moves it twice.

use hotseat_protocol::{Command, Phase, Seen};

use super::RuleError;
use super::meeting::Meeting;

/// What part of the meeting a command acts on, and so what of `seen` must still be current.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// The step: phase and hot seat.
    Step,
    /// The step and the floor holder's turn.
    Turn,
}

impl Scope {
    /// `None` for commands that do not move the meeting: they ignore `seen`. `start` is not
    /// here: it only leaves the lobby (a second one gets `wrong_phase`), and after the end it
    /// opens the next meeting from a step the sender cannot have seen.
    fn of(command: &Command, phase: Phase) -> Option<Scope> {
        match command {
            Command::Advance | Command::Back | Command::SkipHotSeat | Command::EndMeeting => {
                Some(Scope::Step)
            }
            Command::Skip | Command::GiveFloor { .. } => Some(Scope::Turn),
            // The clock commands act on the running box: the step's, or in the check-in the
            // turn's (each check-in turn has its own box).
            Command::Extend { .. } | Command::Pause | Command::Resume => {
                Some(if phase == Phase::CheckIn {
                    Scope::Turn
                } else {
                    Scope::Step
                })
            }
            _ => None,
        }
    }
}

impl Meeting {
    /// What a client drawing this meeting's snapshot shows (`Seen::of` its snapshot).
    pub fn seen(&self) -> Seen {
        Seen {
            phase: self.phase,
            hot_seat: self.current_hot_seat().map(|h| h.index),
            floor: self.floor.map(|f| f.seat),
        }
    }

    /// Refuses `command` with `stale` when what its sender saw is no longer current in the
    /// part of the meeting the command acts on. Pure: reads the meeting, changes nothing.
    pub fn check_seen(&self, command: &Command, seen: &Seen) -> Result<(), RuleError> {
        let Some(scope) = Scope::of(command, self.phase) else {
            return Ok(());
        };
        let current = self.seen();
        let same_step = seen.phase == current.phase && seen.hot_seat == current.hot_seat;
        let same_turn = scope == Scope::Step || seen.floor == current.floor;
        if same_step && same_turn {
            Ok(())
        } else {
            Err(RuleError::Stale)
        }
    }
}
