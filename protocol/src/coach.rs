//! The question coach: reads a question and says whether it is open, closed (yes/no form)
//! or advice in disguise. PLACEHOLDER: being written.

use serde::{Deserialize, Serialize};

/// The coach's reading of a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    Open,
    Closed,
    Advice,
}

/// The coach's verdict on one question: its kind and the words that decided it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub kind: QuestionKind,
    /// The phrase that decided a `closed` or `advice` verdict (lower case), if any.
    pub cue: Option<String>,
}

/// Classify one question.
pub fn classify(text: &str) -> Verdict {
    let _ = text;
    Verdict { kind: QuestionKind::Open, cue: None }
}
