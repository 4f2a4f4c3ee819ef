//! What members said lives only for the live meeting: each entry says whether its words are
//! still held (`Words`), and the meeting drops every word it holds when it ends.

use hotseat_protocol::snapshot::Words;

use super::meeting::{CheckInNote, Learning, Meeting, Question, ReportBack};

impl Meeting {
    /// The meeting is over: check-in notes go, and so do the words of report-backs,
    /// questions and learnings (their shape stays: statuses, who passed, who asked).
    pub(super) fn forget_words(&mut self) {
        self.check_in.notes.clear();
        for report in &mut self.check_in.reports {
            report.note = None;
        }
        for hot_seat in &mut self.hot_seats {
            for question in &mut hot_seat.questions {
                question.text = None;
            }
            for learning in &mut hot_seat.learnings {
                learning.text = None;
            }
        }
    }
}

impl Question {
    /// Every question was said; without its text the words were not kept.
    pub(super) fn words(&self) -> Words {
        held(self.text.is_some(), true)
    }
}

impl Learning {
    pub(super) fn words(&self) -> Words {
        held(self.text.is_some(), !self.passed)
    }
}

impl ReportBack {
    pub(super) fn words(&self) -> Words {
        held(self.note.is_some(), self.has_note)
    }
}

impl CheckInNote {
    /// A note entry exists only where something was said.
    pub(super) fn words(&self) -> Words {
        held(self.note.is_some(), true)
    }
}

fn held(has_text: bool, said: bool) -> Words {
    match (has_text, said) {
        (true, _) => Words::Kept,
        (false, true) => Words::NotKept,
        (false, false) => Words::Nothing,
    }
}
