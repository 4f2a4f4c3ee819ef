//! The word lists compiled once into a lexicon, bit sets and pattern lists, so reading a
//! question looks each word up once and then only tests bits.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use super::reading::{Word, is_ing_verb};
use super::words::*;

// The lists of `words`, compiled once. Every word they mention gets a number, so each word
// of a question is looked up once and every test after that is a bit test: the coach runs
// on every `ask`, and re-splitting the `|` lists for each word and rule dominated its cost.

/// A word's number in the lexicon.
pub(super) type WordId = u16;

/// Every word the lists mention, numbered in order of first mention.
#[derive(Default)]
pub(super) struct Lexicon(HashMap<&'static str, WordId, BuildHasherDefault<Fnv>>);

impl Lexicon {
    pub(super) fn id(&self, word: &str) -> Option<WordId> {
        self.0.get(word).copied()
    }

    /// The word as read from a question, numbered if the lexicon knows it.
    pub(super) fn word(&self, text: &str) -> Word {
        match self.0.get_key_value(text) {
            Some((&known, &id)) => Word {
                text: Cow::Borrowed(known),
                id: Some(id),
            },
            None => Word {
                text: Cow::Owned(text.to_string()),
                id: None,
            },
        }
    }

    fn intern(&mut self, word: &'static str) -> WordId {
        let next = WordId::try_from(self.0.len()).expect("fewer than 65536 words");
        *self.0.entry(word).or_insert(next)
    }

    /// The words of a `a|b|c` list.
    fn set(&mut self, choices: &'static str) -> WordSet {
        let mut set = WordSet::default();
        for choice in choices.split('|') {
            set.insert(self.intern(choice));
        }
        set
    }

    fn pattern(&mut self, pattern: &'static str) -> Pattern {
        pattern
            .split_whitespace()
            .map(|element| self.element(element))
            .collect()
    }

    fn patterns(&mut self, patterns: &[&'static str]) -> Vec<Pattern> {
        patterns
            .iter()
            .map(|pattern| self.pattern(pattern))
            .collect()
    }

    fn element(&mut self, element: &'static str) -> Element {
        if element == "@adv" {
            return Element::Adverbs;
        }
        let (choices, optional) = match element.strip_suffix('?') {
            Some(choices) => (choices, true),
            None => (element, false),
        };
        let test = match choices {
            "@ing" => Test::IngVerb,
            _ if choices.starts_with('@') => Test::OneOf(self.set(class(choices))),
            _ => Test::OneOf(self.set(choices)),
        };
        Element::Word { test, optional }
    }
}

/// FNV-1a, for looking up each word of a question in the lexicon. Its keys are short and
/// fixed, and a question can only look them up, so SipHash's resistance to crafted
/// collisions buys nothing here, while it cost most of each lookup.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// A set of lexicon words, one bit per `WordId`.
#[derive(Default)]
pub(super) struct WordSet(Vec<u64>);

impl WordSet {
    fn insert(&mut self, id: WordId) {
        let (slot, bit) = (usize::from(id) / 64, id % 64);
        if self.0.len() <= slot {
            self.0.resize(slot + 1, 0);
        }
        self.0[slot] |= 1 << bit;
    }

    fn union_with(&mut self, other: &WordSet) {
        if self.0.len() < other.0.len() {
            self.0.resize(other.0.len(), 0);
        }
        for (bits, more) in self.0.iter_mut().zip(&other.0) {
            *bits |= more;
        }
    }

    pub(super) fn contains_id(&self, id: Option<WordId>) -> bool {
        id.is_some_and(|id| {
            let (slot, bit) = (usize::from(id) / 64, id % 64);
            self.0.get(slot).is_some_and(|bits| bits >> bit & 1 == 1)
        })
    }

    /// Words outside the lexicon are in no list.
    pub(super) fn contains(&self, word: &Word) -> bool {
        self.contains_id(word.id)
    }
}

/// A pattern of the word lists, one element per space-separated word.
pub(super) type Pattern = Vec<Element>;

pub(super) enum Element {
    /// `@adv`: any run of adverbs.
    Adverbs,
    /// One word, or none if `optional` (a trailing `?`).
    Word { test: Test, optional: bool },
}

pub(super) enum Test {
    /// `@ing`: a verb in -ing form.
    IngVerb,
    /// `a|b`, or a word class `@name`.
    OneOf(WordSet),
}

impl Test {
    pub(super) fn fits(&self, word: &Word) -> bool {
        match self {
            Test::IngVerb => is_ing_verb(word),
            Test::OneOf(set) => set.contains(word),
        }
    }
}

/// The words a match of `pattern` can begin with, or `None` if it can begin with any word
/// (`@ing`) or match no word at all.
fn openers(pattern: &[Element], adverbs: &WordSet) -> Option<WordSet> {
    let mut openers = WordSet::default();
    for element in pattern {
        match element {
            Element::Adverbs => openers.union_with(adverbs),
            Element::Word {
                test: Test::OneOf(set),
                optional,
            } => {
                openers.union_with(set);
                if !optional {
                    return Some(openers);
                }
            }
            Element::Word {
                test: Test::IngVerb,
                ..
            } => return None,
        }
    }
    None
}

/// Patterns tried in turn, and the words any of them can begin with: most words begin
/// none of a list's patterns, and then one bit test skips the whole list.
pub(super) struct PatternList<T> {
    items: Vec<T>,
    /// `None` when some pattern can begin anywhere.
    openers: Option<WordSet>,
}

impl<T> PatternList<T> {
    fn new(items: Vec<T>, pattern: impl Fn(&T) -> &Pattern, adverbs: &WordSet) -> Self {
        let mut all = WordSet::default();
        for item in &items {
            match openers(pattern(item), adverbs) {
                Some(some) => all.union_with(&some),
                None => {
                    return PatternList {
                        items,
                        openers: None,
                    };
                }
            }
        }
        PatternList {
            items,
            openers: Some(all),
        }
    }

    /// The items that may match from word `at` of `words`.
    pub(super) fn at(&self, words: &[Word], at: usize) -> &[T] {
        match &self.openers {
            Some(openers) if !words.get(at).is_some_and(|w| openers.contains(w)) => &[],
            _ => &self.items,
        }
    }
}

/// A `Rule`, compiled.
pub(super) struct Proposal {
    pub(super) pattern: Pattern,
    pub(super) unless: Vec<Pattern>,
    pub(super) needs_more: bool,
}

/// The compiled word lists, one field per list or pattern list in `words`.
pub(super) struct Tables {
    pub(super) lexicon: Lexicon,
    pub(super) proposals: PatternList<Proposal>,
    pub(super) suggestions: PatternList<Pattern>,
    pub(super) asker_plans: PatternList<Pattern>,
    pub(super) lead_ins: PatternList<Pattern>,
    pub(super) break_lead_ins: PatternList<Pattern>,
    pub(super) offer_openings: PatternList<Pattern>,
    /// Inviting verbs, each with the words that must follow it (`None` for any).
    pub(super) invitations: Vec<(WordSet, Option<WordSet>)>,
    pub(super) adverbs: WordSet,
    pub(super) not_verbs: WordSet,
    pub(super) auxiliaries: WordSet,
    pub(super) question_words: WordSet,
    pub(super) hypotheticals: WordSet,
    pub(super) inviting_auxiliaries: WordSet,
    pub(super) framed_auxiliaries: WordSet,
    pub(super) inviting_modals: WordSet,
    pub(super) frames: WordSet,
    pub(super) softeners: WordSet,
    pub(super) reflecting: WordSet,
    pub(super) relaying: WordSet,
    pub(super) heard: WordSet,
    pub(super) subordinators: WordSet,
    pub(super) relative_heads: WordSet,
    pub(super) embedded_question_words: WordSet,
    pub(super) frame_fillers: WordSet,
    pub(super) telling: WordSet,
    pub(super) beliefs: WordSet,
    pub(super) first_person: WordSet,
    pub(super) subject_fillers: WordSet,
}

pub(super) static TABLES: LazyLock<Tables> = LazyLock::new(Tables::build);

impl Tables {
    fn build() -> Tables {
        let mut lx = Lexicon::default();
        let adverbs = lx.set(ADVERBS);
        let proposals = PROPOSALS
            .iter()
            .map(|rule| Proposal {
                pattern: lx.pattern(rule.pattern),
                unless: lx.patterns(rule.unless),
                needs_more: rule.needs_more,
            })
            .collect();
        let list = |lx: &mut Lexicon, patterns| {
            PatternList::new(lx.patterns(patterns), |pattern| pattern, &adverbs)
        };
        let invitations = INVITATIONS
            .iter()
            .map(|&(verbs, followers)| {
                let followers = (!followers.is_empty()).then(|| lx.set(followers));
                (lx.set(verbs), followers)
            })
            .collect();
        Tables {
            proposals: PatternList::new(proposals, |rule| &rule.pattern, &adverbs),
            suggestions: list(&mut lx, SUGGESTIONS),
            asker_plans: list(&mut lx, ASKER_PLANS),
            lead_ins: list(&mut lx, LEAD_INS),
            break_lead_ins: list(&mut lx, BREAK_LEAD_INS),
            offer_openings: list(&mut lx, OFFER_OPENINGS),
            invitations,
            adverbs,
            not_verbs: lx.set(NOT_VERBS),
            auxiliaries: lx.set(AUXILIARIES),
            question_words: lx.set(QUESTION_WORDS),
            hypotheticals: lx.set(HYPOTHETICALS),
            inviting_auxiliaries: lx.set(INVITING_AUXILIARIES),
            framed_auxiliaries: lx.set(FRAMED_AUXILIARIES),
            inviting_modals: lx.set(INVITING_MODALS),
            frames: lx.set(FRAMES),
            softeners: lx.set(SOFTENERS),
            reflecting: lx.set(REFLECTING),
            relaying: lx.set(RELAYING),
            heard: lx.set(HEARD),
            subordinators: lx.set(SUBORDINATORS),
            relative_heads: lx.set(RELATIVE_HEADS),
            embedded_question_words: lx.set(EMBEDDED_QUESTION_WORDS),
            frame_fillers: lx.set(FRAME_FILLERS),
            telling: lx.set(TELLING),
            beliefs: lx.set(BELIEFS),
            first_person: lx.set(FIRST_PERSON),
            subject_fillers: lx.set(SUBJECT_FILLERS),
            lexicon: lx,
        }
    }
}
