//! A circle's settings: its time boxes and whether time running out moves the meeting on.

use serde::{Deserialize, Serialize};

use crate::limits::{TIME_BOX_MAX_SECS, TIME_BOX_MIN_SECS};

/// Time boxes in seconds. Defaults follow the method: about 2 minutes per check-in, and a
/// 23-minute hot seat (5 presenting, 10 questions, 5 learnings, 3 commitment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TimeBoxes {
    /// Reading and acknowledging the norms.
    pub opening_secs: u32,
    /// Each member's check-in turn.
    pub check_in_secs: u32,
    pub presenting_secs: u32,
    pub questions_secs: u32,
    pub learnings_secs: u32,
    pub commitment_secs: u32,
    pub closing_secs: u32,
}

impl Default for TimeBoxes {
    fn default() -> Self {
        TimeBoxes {
            opening_secs: 120,
            check_in_secs: 120,
            presenting_secs: 300,
            questions_secs: 600,
            learnings_secs: 300,
            commitment_secs: 180,
            closing_secs: 300,
        }
    }
}

impl TimeBoxes {
    /// Each field with its name, for validation and display.
    pub fn fields(&self) -> [(&'static str, u32); 7] {
        [
            ("opening_secs", self.opening_secs),
            ("check_in_secs", self.check_in_secs),
            ("presenting_secs", self.presenting_secs),
            ("questions_secs", self.questions_secs),
            ("learnings_secs", self.learnings_secs),
            ("commitment_secs", self.commitment_secs),
            ("closing_secs", self.closing_secs),
        ]
    }

    /// The name of the first field outside the allowed range, if any.
    pub fn invalid_field(&self) -> Option<&'static str> {
        self.fields()
            .into_iter()
            .find(|(_, secs)| !(TIME_BOX_MIN_SECS..=TIME_BOX_MAX_SECS).contains(secs))
            .map(|(name, _)| name)
    }
}

/// Everything about how a circle's meetings run that the circle may choose.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    pub time_boxes: TimeBoxes,
    /// When true, a time box running out moves the meeting on as the facilitator's "next"
    /// would. When false (the default) it only announces `time_up`.
    pub auto_advance: bool,
}
