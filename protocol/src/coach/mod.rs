//! The question coach: reads one question from the question round and says whether it is
//! open, closed (yes/no form) or advice in disguise, so a client can nudge the asker.

mod reading;
mod tables;
mod words;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use reading::{Sentence, closed_cue, split};

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
///
/// The text is read case-insensitively, with curly apostrophes made straight, bare
/// contractions repaired ("dont" reads as "don't"), and punctuation splitting it into
/// sentences (`.`, `?`, `!`, `;`) and clauses (`,`, `:`, dashes, brackets, ellipses). Each
/// clause is read from its first word after any lead-in ("so", "ok", "well", "just
/// curious", "I wonder", "I think", "can I ask"…). Then, in order:
///
/// 1. **Advice** if any clause *starts* with a proposal ("have you tried / considered /
///    thought about", "why don't you", "why not …", "how about", "what about trying",
///    "you could", "you need to", "you must", "I would", "I'd", "try", "shouldn't you",
///    "wouldn't it be better", "it might be good to", "may I suggest", "what I did"…), or
///    if the asker's own plan or a modal suggestion appears *anywhere* ("you should", "you
///    ought to", "you could just", "you might want to", "what I would do", "if I were
///    you", "my advice"…). A suggestion found mid-sentence is forgiven when it is not the
///    asker speaking: a belief being explored ("How do you know you should stay?", "Who
///    says you should?", "Do you think you should stay?" — but not "I think you should"),
///    a hypothetical ("If you could change one thing…"), or a relative clause ("What's one
///    thing you could try?"). "Why don't you" followed by a verb of feeling or belief
///    ("Why don't you trust her?") asks for reasons and stays open; so does a bare "Why
///    not?", and "Have you tried it?" / "Have you thought about what you want?" are closed
///    rather than advice, as they carry no new idea.
/// 2. **Closed** if the question asked (the last sentence ending in `?`, or the unfinished
///    last sentence) is decided by a clause that starts with an auxiliary verb ("did",
///    "is", "can", "didn't", …). Polite invitations in yes/no form ("Could you tell me
///    more…", "Would you describe…") and reflective offers ("May I say back what I
///    heard?") are open. A leading "If …," or "When you …," clause defers to the clause
///    after it, so "When you told her, was she upset?" is closed.
/// 3. **Open** otherwise: what / how / why / when / where / who / which, "tell me",
///    "describe", "imagine", "if …", and anything the rules above do not recognise.
///
/// The cue is the deciding words as read: lower case, straight apostrophes.
pub fn classify(text: &str) -> Verdict {
    let sentences = split(text);
    if let Some(cue) = sentences.iter().find_map(Sentence::advice_cue) {
        return Verdict {
            kind: QuestionKind::Advice,
            cue: Some(cue),
        };
    }
    match closed_cue(&sentences) {
        Some(cue) => Verdict {
            kind: QuestionKind::Closed,
            cue: Some(cue),
        },
        None => Verdict {
            kind: QuestionKind::Open,
            cue: None,
        },
    }
}

/// A short open question a client can show next to a verdict of this `kind`, as a model of
/// the question round's style. Each one is itself classified as open.
pub fn example_open_question(kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::Open => "What would you like to understand better here?",
        QuestionKind::Closed => "What happened when you raised it?",
        QuestionKind::Advice => "What options have you already considered?",
    }
}

/// A one-line nudge a client can show the asker after a verdict of this `kind`; `None` for
/// an open question, which needs no nudge.
pub fn nudge(kind: QuestionKind) -> Option<&'static str> {
    match kind {
        QuestionKind::Open => None,
        QuestionKind::Closed => {
            Some("That can be answered yes or no. Try starting with what, how or when.")
        }
        QuestionKind::Advice => {
            Some("That sounds like advice. Ask what they see, rather than what you would do.")
        }
    }
}
