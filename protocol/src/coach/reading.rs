//! Reading a question: splitting it into sentences, clauses and words, matching the
//! compiled patterns against them, and deciding what each sentence asks.

use std::borrow::Cow;

use super::tables::{Element, Pattern, PatternList, Proposal, TABLES, WordId};
use super::words::{APOSTROPHES, BARE_CONTRACTIONS};

enum Shape {
    Open,
    Closed(String),
    /// "If …" / "When you …": open unless a later clause decides.
    Hypothetical,
    Undecided,
}

/// One word of a question as read: lower case, apostrophes straight, contractions repaired.
pub(super) struct Word {
    /// Borrowed from the lexicon when it is there, which saves allocating most words.
    pub(super) text: Cow<'static, str>,
    /// Its number in the lexicon; `None` for a word no list mentions.
    pub(super) id: Option<WordId>,
}

impl Word {
    fn is(&self, text: &str) -> bool {
        self.text == text
    }
}

pub(super) struct Sentence {
    words: Vec<Word>,
    /// Where each clause begins; always holds 0.
    breaks: Vec<usize>,
    /// Where each clause's substance begins, once lead-ins are skipped.
    starts: Vec<usize>,
    /// Ends in `?`, or is the unfinished end of the text.
    asks: bool,
}

pub(super) fn split(text: &str) -> Vec<Sentence> {
    let mut sentences: Vec<Sentence> = Vec::new();
    let mut words = Vec::new();
    let mut breaks = Vec::new();
    let mut word = String::new();
    let mut at_break = true;
    let mut prev = ' ';
    let mut chars = text.chars().peekable();
    while let Some(raw) = chars.next() {
        let c = if APOSTROPHES.contains(&raw) {
            '\''
        } else {
            raw
        };
        if c.is_alphanumeric() || c == '\'' {
            push_lowercase(&mut word, c);
            prev = c;
            continue;
        }
        push_word(&mut word, &mut words, &mut breaks, &mut at_break);
        let ends = match c {
            '?' | '\u{FF1F}' => Some(true),
            '!' | ';' | '\u{3002}' | '\u{FF01}' => Some(false),
            // An ellipsis trails off mid-thought; "e.g" and "2.5" are not stops at all.
            '.' if prev == '.' || chars.peek() == Some(&'.') => {
                at_break = true;
                None
            }
            '.' if chars.peek().is_some_and(|n| n.is_alphanumeric()) => None,
            '.' => Some(false),
            // A dash between words ("stuck - where?"), not a hyphen inside one.
            '-' if !prev.is_alphanumeric() => {
                at_break = true;
                None
            }
            ',' | ':' | '\u{2026}' | '\u{2014}' | '\u{2013}' | '(' | ')' | '[' | ']' | '"'
            | '\u{201C}' | '\u{201D}' | '/' => {
                at_break = true;
                None
            }
            _ => None,
        };
        if let Some(asks) = ends {
            if words.is_empty() {
                // "?!" or "!?": the question mark still counts.
                if let Some(last) = sentences.last_mut() {
                    last.asks |= asks;
                }
            } else {
                sentences.push(Sentence::new(
                    std::mem::take(&mut words),
                    std::mem::take(&mut breaks),
                    asks,
                ));
            }
            at_break = true;
        }
        prev = c;
    }
    push_word(&mut word, &mut words, &mut breaks, &mut at_break);
    if !words.is_empty() {
        sentences.push(Sentence::new(words, breaks, true));
    }
    sentences
}

/// Most text is ASCII, which lowercases without the Unicode tables.
fn push_lowercase(word: &mut String, c: char) {
    if c.is_ascii() {
        word.push(c.to_ascii_lowercase());
    } else {
        word.extend(c.to_lowercase());
    }
}

fn push_word(
    word: &mut String,
    words: &mut Vec<Word>,
    breaks: &mut Vec<usize>,
    at_break: &mut bool,
) {
    let trimmed = word.trim_matches('\'');
    if !trimmed.is_empty() {
        if *at_break {
            breaks.push(words.len());
            *at_break = false;
        }
        let repaired = BARE_CONTRACTIONS
            .iter()
            .find(|(bare, _)| *bare == trimmed)
            .map_or(trimmed, |(_, full)| full);
        words.push(TABLES.lexicon.word(repaired));
    }
    word.clear();
}

impl Sentence {
    fn new(words: Vec<Word>, breaks: Vec<usize>, asks: bool) -> Sentence {
        let mut sentence = Sentence {
            words,
            breaks,
            starts: Vec::new(),
            asks,
        };
        let mut starts = Vec::new();
        for &b in &sentence.breaks {
            let start = sentence.skip_lead_ins(b);
            if start < sentence.words.len() && !starts.contains(&start) {
                starts.push(start);
            }
        }
        sentence.starts = starts;
        sentence
    }

    fn word(&self, i: usize) -> Option<&Word> {
        self.words.get(i)
    }

    fn is_break(&self, i: usize) -> bool {
        i >= self.words.len() || self.breaks.contains(&i)
    }

    /// Where the clause holding word `i` begins.
    fn clause_of(&self, i: usize) -> usize {
        self.breaks
            .iter()
            .copied()
            .filter(|&b| b <= i)
            .max()
            .unwrap_or(0)
    }

    fn matches(&self, at: usize, pattern: &[Element]) -> Option<usize> {
        match_words(&self.words, at, pattern)
    }

    /// The first of `patterns` to match at `at`, and where it ends.
    fn first_match(&self, at: usize, patterns: &PatternList<Pattern>) -> Option<usize> {
        patterns
            .at(&self.words, at)
            .iter()
            .find_map(|pattern| self.matches(at, pattern))
    }

    fn phrase(&self, from: usize, to: usize) -> String {
        let words: Vec<&str> = self.words[from..to]
            .iter()
            .map(|w| w.text.as_ref())
            .collect();
        words.join(" ")
    }

    fn skip_lead_ins(&self, mut at: usize) -> usize {
        let tables = &*TABLES;
        loop {
            let lead_in = self.first_match(at, &tables.lead_ins);
            let end = lead_in.filter(|&end| end > at).or_else(|| {
                self.first_match(at, &tables.break_lead_ins)
                    .filter(|&end| end > at && self.is_break(end))
            });
            match end {
                Some(end) => at = end,
                None => return at,
            }
        }
    }

    /// The phrase that makes this sentence advice, if any.
    pub(super) fn advice_cue(&self) -> Option<String> {
        let tables = &*TABLES;
        for i in 0..self.words.len() {
            if self.starts.contains(&i)
                && !self.invites(i)
                && let Some(end) = tables
                    .proposals
                    .at(&self.words, i)
                    .iter()
                    .find_map(|rule| self.fires(rule, i))
            {
                return Some(self.phrase(i, end));
            }
            for pattern in tables.suggestions.at(&self.words, i) {
                if let Some(end) = self.matches(i, pattern)
                    && !self.reported(i)
                {
                    return Some(self.phrase(i, end));
                }
            }
            if let Some(end) = self.first_match(i, &tables.asker_plans) {
                return Some(self.phrase(i, end));
            }
        }
        None
    }

    fn fires(&self, rule: &Proposal, at: usize) -> Option<usize> {
        let end = self.matches(at, &rule.pattern)?;
        if rule.needs_more && self.is_break(end) {
            return None;
        }
        if rule
            .unless
            .iter()
            .any(|pattern| self.matches(end, pattern).is_some())
        {
            return None;
        }
        Some(end)
    }

    /// Whether the suggestion whose "you" is at `you` reports someone else's view rather
    /// than making the asker's own: a belief being explored, a hypothetical or a relative
    /// clause.
    fn reported(&self, you: usize) -> bool {
        let tables = &*TABLES;
        let floor = self.clause_of(you);
        if you == floor || self.starts.contains(&you) {
            return false;
        }
        let prev = &self.words[you - 1];
        if tables.subordinators.contains(prev) || tables.relative_heads.contains(prev) {
            return true;
        }
        if tables.embedded_question_words.contains(prev) {
            return !self.starts.contains(&(you - 1));
        }
        let mut k = you;
        while k > floor && tables.frame_fillers.contains(&self.words[k - 1]) {
            k -= 1;
        }
        if k >= floor + 2
            && self.words[k - 1].is("you")
            && tables.telling.contains(&self.words[k - 2])
        {
            k -= 1;
        }
        if k > floor && tables.beliefs.contains(&self.words[k - 1]) {
            return !self.asker_believes(k - 1, floor);
        }
        false
    }

    /// Whether the belief verb at `verb` has the asker as its subject ("I really think…").
    fn asker_believes(&self, verb: usize, floor: usize) -> bool {
        let tables = &*TABLES;
        let mut j = verb;
        while j > floor && tables.subject_fillers.contains(&self.words[j - 1]) {
            j -= 1;
        }
        j > floor && tables.first_person.contains(&self.words[j - 1])
    }

    /// A yes/no form that is really an invitation to talk, or a reflective offer.
    fn invites(&self, at: usize) -> bool {
        self.is_invitation(at) || self.is_reflective_offer(at)
    }

    fn is_invitation(&self, at: usize) -> bool {
        let tables = &*TABLES;
        let (mut k, needs_frame) = match (self.word(at), self.word(at + 1)) {
            (Some(aux), Some(you))
                if you.is("you") && tables.inviting_auxiliaries.contains(aux) =>
            {
                (at + 2, tables.framed_auxiliaries.contains(aux))
            }
            // After "I wonder if": "you could tell me more".
            (Some(you), Some(modal)) if you.is("you") && tables.inviting_modals.contains(modal) => {
                (at + 2, false)
            }
            _ => return false,
        };
        let mut framed = false;
        while let Some(w) = self.word(k) {
            if tables.frames.contains(w) {
                framed = true;
            } else if !tables.softeners.contains(w) {
                break;
            }
            k += 1;
        }
        (framed || !needs_frame) && self.invites_talk(k)
    }

    /// Whether the verb at `at` invites the presenter to talk ("tell me", "describe").
    fn invites_talk(&self, at: usize) -> bool {
        let Some(verb) = self.word(at) else {
            return false;
        };
        TABLES.invitations.iter().any(|(verbs, followers)| {
            verbs.contains(verb)
                && followers.as_ref().is_none_or(|followers| {
                    self.word(at + 1).is_some_and(|f| followers.contains(f))
                })
        })
    }

    fn is_reflective_offer(&self, at: usize) -> bool {
        let tables = &*TABLES;
        tables
            .offer_openings
            .at(&self.words, at)
            .iter()
            .filter_map(|pattern| self.matches(at, pattern))
            .any(|mut k| {
                while self.word(k).is_some_and(|w| tables.softeners.contains(w)) {
                    k += 1;
                }
                match self.word(k) {
                    Some(verb) if tables.reflecting.contains(verb) => true,
                    Some(verb) if tables.relaying.contains(verb) => self.words[k + 1..]
                        .iter()
                        .take(8)
                        .any(|w| tables.heard.contains(w)),
                    _ => false,
                }
            })
    }

    fn clause_shape(&self, at: usize) -> Shape {
        let tables = &*TABLES;
        let Some(first) = self.word(at) else {
            return Shape::Undecided;
        };
        if self.invites(at) || self.invites_talk(at) {
            return Shape::Open;
        }
        let head = first.text.split('\'').next().unwrap_or(&first.text);
        if tables.question_words.contains_id(tables.lexicon.id(head)) {
            // "When did…" asks; "When you told her, …" sets the scene for the next clause.
            let sets_scene = (head == "when" || head == "where")
                && head.len() == first.text.len()
                && !self
                    .word(at + 1)
                    .is_some_and(|w| tables.auxiliaries.contains(w));
            return if sets_scene {
                Shape::Hypothetical
            } else {
                Shape::Open
            };
        }
        if tables.auxiliaries.contains(first) {
            return Shape::Closed(first.text.to_string());
        }
        if tables.hypotheticals.contains(first) {
            return Shape::Hypothetical;
        }
        Shape::Undecided
    }

    fn shape(&self) -> Shape {
        let mut hypothetical = false;
        for &start in &self.starts {
            match self.clause_shape(start) {
                Shape::Hypothetical => hypothetical = true,
                Shape::Undecided => {}
                decided => return decided,
            }
        }
        if hypothetical {
            Shape::Open
        } else {
            Shape::Undecided
        }
    }
}

/// The auxiliary that makes the question asked a yes/no one. The presenter answers the last
/// question asked, so that one decides.
pub(super) fn closed_cue(sentences: &[Sentence]) -> Option<String> {
    let asking: Vec<&Sentence> = sentences.iter().filter(|s| s.asks).collect();
    let pool = if asking.is_empty() {
        sentences.iter().collect()
    } else {
        asking
    };
    for sentence in pool.iter().rev() {
        match sentence.shape() {
            Shape::Closed(cue) => return Some(cue),
            Shape::Open => return None,
            Shape::Hypothetical | Shape::Undecided => {}
        }
    }
    None
}

pub(super) fn is_ing_verb(word: &Word) -> bool {
    word.text.len() > 4 && word.text.ends_with("ing") && !TABLES.not_verbs.contains(word)
}

/// Matches `pattern` against `words` from `at`; returns where the match ends.
fn match_words(words: &[Word], at: usize, pattern: &[Element]) -> Option<usize> {
    let Some((element, rest)) = pattern.split_first() else {
        return Some(at);
    };
    let (test, optional) = match element {
        Element::Adverbs => return match_after_adverbs(words, at, rest),
        Element::Word { test, optional } => (test, *optional),
    };
    let fits = words.get(at).is_some_and(|w| test.fits(w));
    if fits && let Some(end) = match_words(words, at + 1, rest) {
        return Some(end);
    }
    if optional {
        match_words(words, at, rest)
    } else {
        None
    }
}

/// Matches `rest` after skipping a run of adverbs from `at`.
fn match_after_adverbs(words: &[Word], at: usize, rest: &[Element]) -> Option<usize> {
    let adverbs = &TABLES.adverbs;
    let mut n = 0;
    while words.get(at + n).is_some_and(|w| adverbs.contains(w)) {
        n += 1;
    }
    // Longest run first, so "have you not yet tried" still finds "tried".
    loop {
        if let Some(end) = match_words(words, at + n, rest) {
            return Some(end);
        }
        if n == 0 {
            return None;
        }
        n -= 1;
    }
}
