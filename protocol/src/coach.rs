//! The question coach: reads one question from the question round and says whether it is
//! open, closed (yes/no form) or advice in disguise, so a client can nudge the asker.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

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

// ---------------------------------------------------------------------------------------
// Word lists. Patterns are space-separated words; `a|b` is a choice, a trailing `?` makes a
// word optional, `@adv` skips any run of adverbs, `@ing` is a verb in -ing form, and any
// other `@name` is one of the word classes in `class`.

/// A proposal when it opens a clause.
struct Rule {
    pattern: &'static str,
    /// Patterns that, right after a match, show it was a genuine question after all.
    unless: &'static [&'static str],
    /// "Why not?" on its own is a real question; "Why not ask him?" is advice.
    needs_more: bool,
}

const fn rule(pattern: &'static str) -> Rule {
    Rule {
        pattern,
        unless: &[],
        needs_more: false,
    }
}

impl Rule {
    const fn unless(self, unless: &'static [&'static str]) -> Rule {
        Rule { unless, ..self }
    }

    const fn needs_more(self) -> Rule {
        Rule {
            needs_more: true,
            ..self
        }
    }
}

/// "Have you tried it?" asks about the presenter's own attempt, not a new idea.
/// "Have you thought about what you want?" asks them to reflect.
const OWN_ATTEMPT: &[&str] = &[
    "anything|everything|it|that|this|them|those|these|so|before|yet|enough|all|again",
    "what|how|why|where|when|who|which|whether",
];
/// "Tried and tested…", "Considered from her side…" are not "have you" questions.
const NOT_DROPPED_HAVE: &[&str] = &[
    OWN_ATTEMPT[0],
    OWN_ATTEMPT[1],
    "and|or|from|as|by|in|on|out|over",
];
/// "Why don't you trust her?" asks for reasons; "Why don't you tell me more?" invites.
const STATE_FOLLOWS: &[&str] = &["@adv @state", INVITING_FOLLOWS[0], INVITING_FOLLOWS[1]];
/// "Why not now?", "Why not you?" challenge an assumption; "Why not tell me more?" invites.
const WHY_NOT_ASKS: &[&str] = &[
    "now|you|me|yourself|yet|today|so|then|here|earlier|before|already|this|that|it",
    INVITING_FOLLOWS[0],
    INVITING_FOLLOWS[1],
];
/// "Consider what matters most" is a coaching prompt; "Consider yoga" is not.
const PROMPT_OBJECTS: &[&str] =
    &["@adv what|how|why|where|when|who|which|whether|this|that|it|yourself"];
/// "Why not tell me more?", "How about you describe it?" invite the presenter to talk.
const INVITING_FOLLOWS: &[&str] = &[
    "@adv tell|say|share|talk|walk|take|give me|us|more|a|about",
    "@adv describe|explain|expand|elaborate|unpack|paint|picture|imagine",
];
/// "How about your team?" points at a topic, not an action.
const TOPIC_FOLLOWS: &[&str] = &["@topic"];
/// "I'd love to hear…", "I'd be curious…" are invitations, not the asker's plan.
const WISH_FOLLOWS: &[&str] = &[
    "@adv @wish",
    "@adv be @adv curious|interested|keen|glad|happy|grateful|intrigued|fascinated|surprised",
];
/// "Try to imagine…" is a coaching prompt, not a proposal.
const PROMPT_FOLLOWS: &[&str] = &["to|and @adv @prompt"];
/// "What I did not understand…", "What I do wonder…" are not the asker's story.
const NOT_A_STORY: &[&str] =
    &["@adv not|hear|heard|notice|noticed|understand|get|see|mean|say|ask|wonder|want|need"];
/// "You must be exhausted?" is empathy, not an order.
const EMPATHY_FOLLOWS: &[&str] = &["be|feel|know|have|'ve|hate|love|wonder"];

#[rustfmt::skip]
const PROPOSALS: &[Rule] = &[
    // Questions about the past that smuggle in an idea.
    rule("have|haven't|had|hadn't|did|didn't you @adv tried|try|considered|consider")
        .unless(OWN_ATTEMPT),
    rule("have|haven't|had|hadn't|did|didn't you @adv thought|think about|of").unless(OWN_ATTEMPT),
    // The same with "have you" dropped: "Ever thought about coaching?", "Tried yoga?".
    rule("@adv thought about|of").unless(OWN_ATTEMPT),
    rule("@adv tried|considered").unless(NOT_DROPPED_HAVE).needs_more(),
    // "Why don't you…" proposes; "Why not?" alone asks.
    rule("why don't|won't|wouldn't you|we").unless(STATE_FOLLOWS),
    rule("why do|would|will you|we not").unless(STATE_FOLLOWS),
    rule("why can't|couldn't|didn't|shouldn't you|we @adv just|simply"),
    rule("why not").unless(WHY_NOT_ASKS).needs_more(),
    // Leading negatives that carry the asker's opinion.
    rule("shouldn't|mustn't|oughtn't you|we"),
    rule("should|must you|we not"),
    rule("don't|wouldn't|won't you @adv think|agree"),
    rule("could|can|couldn't|can't you|we @adv just|simply"),
    rule("wouldn't|would you|we @adv not? be better off"),
    rule("wouldn't|won't|would|could|might|will it @adv not? be a|an? @good"),
    rule("isn't it @adv @good"),
    rule("is it not @adv @good"),
    rule("wouldn't|won't|would|could|might|will it @adv not? help|pay"),
    rule("wouldn't|won't|would|could|might|will it @adv not? make sense"),
    // Statements of what would be good for them.
    rule("it might|may|could|would|will|can @adv be a|an? @good"),
    rule("it'd @adv be a|an? @good"),
    rule("it might|may|could|would|will|can @adv help|pay"),
    rule("it'd @adv help|pay"),
    rule("that|this might|may|could|would @adv be worth|worthwhile"),
    rule("it's|its|that's|thats @adv worth|time"),
    rule("it|that is @adv worth|time"),
    rule("it's|its @adv best|better|wiser|smarter to"),
    rule("it is @adv best|better|wiser|smarter to"),
    // Hypotheticals and pointers that carry the asker's plan.
    rule("what if you|we @adv @acted"),
    rule("would|could|will|wouldn't you|we @adv consider").unless(OWN_ATTEMPT),
    rule("how about you|we").unless(INVITING_FOLLOWS).needs_more(),
    rule("how about").unless(TOPIC_FOLLOWS).needs_more(),
    rule("what about @adv @ing"),
    // Telling them what to do.
    rule("you @adv could").needs_more(),
    rule("you @adv need|needs to"),
    rule("you @adv must").unless(EMPATHY_FOLLOWS),
    rule("you @adv have|has|got to"),
    rule("you @adv have|has got to"),
    rule("you've|youve @adv got to"),
    rule("you @adv gotta"),
    rule("you @adv can always|just|simply|try"),
    rule("you'd|you'll @adv want|need|have to"),
    rule("you will|would @adv want|need|have to"),
    rule("you'd|you @adv better"),
    rule("you @adv might|may @adv want|wish|like|try|consider|need"),
    // The asker's own plan.
    rule("i'd|i'll @adv suggest|recommend|advise|propose|encourage|urge"),
    rule("i @adv would|will|can suggest|recommend|advise|propose|encourage|urge"),
    rule("i @adv suggest|recommend|advise|propose|urge"),
    rule("i'd").unless(WISH_FOLLOWS).needs_more(),
    rule("i @adv would").unless(WISH_FOLLOWS).needs_more(),
    rule("may|can|could|might|shall i|we @adv suggest|recommend|propose|advise"),
    rule("let me|us @adv suggest|recommend|propose|advise"),
    rule("@permit i|we|me|us @adv @giving a|an|my|some|one|another @sizing? @offering"),
    rule("a|one|another|quick|small|little|pro|friendly suggestion|tip|recommendation"),
    rule("a|one|another idea|option|alternative"),
    rule("in my experience"),
    rule("what i @adv did|do|tried|found|learned|learnt").unless(NOT_A_STORY),
    rule("i|i've @adv had|faced|been in? the|a same|similar @situation"),
    // Imperatives.
    rule("try").unless(PROMPT_FOLLOWS).needs_more(),
    rule("consider").unless(PROMPT_OBJECTS).needs_more(),
    rule("make sure"),
    rule("be sure to"),
    rule("remember to"),
    rule("don't forget"),
    rule("do not forget"),
    rule("stop @ing"),
    rule("talk|speak to|with"),
    rule("ask|tell him|her|them|your|for"),
    rule("go and|talk|ask|tell|speak"),
    rule("let it|him|her|them|that? go"),
];

/// Modal suggestions, flagged anywhere unless the context shows someone else's belief, a
/// hypothetical or a relative clause (see `Sentence::reported`).
const SUGGESTIONS: &[&str] = &[
    "you @adv should|shouldn't|should've|ought|oughtn't",
    "you @adv could|can @adv just|simply|always|try|consider",
    "you @adv might|may @adv want|wish|like|try|consider",
    "you'd @adv better",
    "you had @adv better",
    "you'd|you @adv would? be better off",
];

/// The asker's own experience or plan, flagged wherever it appears.
const ASKER_PLANS: &[&str] = &[
    "if i @adv were|was you",
    "if i @adv were|was in your|that|this|the|a|such same|similar? @situation",
    "were i you",
    "if it|that @adv were|was me",
    "when|once i @adv was|had|faced|hit in? this|that|a|the|your|my same|similar? @situation",
    "my @adv advice|suggestion|suggestions|recommendation|recommendations|tip|tips",
    "my two cents",
    "what i'd @adv do|try|suggest|recommend",
    "what i @adv would|will do|try|suggest|recommend",
    "what worked|works|helped|helps for? me",
];

/// Skipped at the start of a clause: they set the tone, not the kind of question.
const LEAD_INS: &[&str] = &[
    "@filler",
    "thank you",
    "fair enough",
    "first of all",
    "got it",
    "that? makes sense",
    "out of curiosity",
    "in other words",
    "i see|understand",
    "i hear|get you",
    "a|one|another|my? quick|small|last|final|follow? up? question|questions",
    "my question is|would be?",
    "just? to check|clarify|confirm|understand",
    "to be clear",
    "i'm|im|i am|i was @adv curious|wondering|interested",
    "i @adv wonder|wondered",
    "i @adv think|feel|believe|guess|reckon|suppose|sense|imagine",
    "let me|us ask you?",
    "can|may|could i @adv ask you?",
    "i'd|i would like to ask you?",
    "i want to ask you?",
    "if i may|can",
    "let's|lets",
    "let us",
];

/// Skipped only when a clause ends right after them: "Tell me, did you…" but not "Tell me
/// more".
const BREAK_LEAD_INS: &[&str] = &[
    "tell me|us",
    "you know",
    "i mean",
    "look|listen|say|see",
    "for you",
    "question for you",
];

const AUXILIARIES: &str = concat!(
    "do|does|did|is|are|was|were|have|has|had|can|could|will|would|should|shall|am|may",
    "|might|must|don't|doesn't|didn't|isn't|aren't|wasn't|weren't|haven't|hasn't|hadn't",
    "|can't|cannot|couldn't|won't|wouldn't|shouldn't|shan't|mustn't|mightn't|needn't|ain't",
    "|d'you",
);

const QUESTION_WORDS: &str = "what|how|why|who|whom|whose|which|where|when";

/// Clause openers that set up the clause after them ("If this went perfectly, what…").
const HYPOTHETICALS: &str = "if|suppose|supposing|assuming|say";

/// Yes/no forms that invite the presenter to talk: "Could you tell me more…".
const INVITING_AUXILIARIES: &str = "can|could|would|will|won't|might|do|does|are";
/// These only invite with a frame: "Do you want to say more?" but not "Do you tell her?".
const FRAMED_AUXILIARIES: &str = "do|does|are";
const INVITING_MODALS: &str = "can|could|would|might|will";
const FRAMES: &str =
    "want|wanna|like|care|mind|wish|willing|able|happy|open|ready|prepared|comfortable";
const SOFTENERS: &str = concat!(
    "please|perhaps|maybe|possibly|kindly|just|briefly|quickly|now|also|first|to|and|try|be",
    "|further|then|again|feel",
);

/// Verbs that invite the presenter to talk, each with the words that must follow it ("" for
/// any): "tell me" invites, "tell him" does not.
const INVITATIONS: &[(&str, &str)] = &[
    (
        "tell|telling",
        "me|us|more|a|about|what|how|why|where|when|who|which|whether",
    ),
    (
        "say|saying",
        "more|a|what|how|why|where|when|who|which|back|something|anything|about",
    ),
    ("talk|talking", "more|about|me|us|through|a"),
    ("walk|walking|take|taking", "me|us|through"),
    (
        "share|sharing",
        "more|a|an|some|what|how|why|where|when|who|which|anything|something|examples|example",
    ),
    ("give|giving", "me|us|an|some|more|examples|example"),
    ("help|helping", "me|us"),
    ("go|going", "into|deeper|further"),
    ("speak|speaking", "more|about"),
    ("think|thinking", "of|back"),
    (
        "remember|remembering|recall|recalling",
        "a|an|when|what|how|why|where|who|which|the|any|some|times|moments",
    ),
    (DESCRIBING, ""),
];

/// Openings of the reflective offer: "May I…", "Is it OK if I…", "Would you like me to…".
const OFFER_OPENINGS: &[&str] = &[
    "may|can|could|might|shall|let i|we|me|us",
    "is|would it @adv be? ok|okay|alright|fine|helpful|useful if|for i|me|we|us",
    "would|do you mind if i|we",
    "do|would you want|like me|us to",
];
const REFLECTING: &str = concat!(
    "reflect|reflecting|paraphrase|paraphrasing|summarise|summarising|summarize|summarizing",
    "|recap|recapping|mirror|mirroring|check|checking|echo|sum",
);
/// These reflect only when what follows is about listening: "say back what I heard".
const RELAYING: &str = concat!(
    "say|share|tell|offer|give|play|read|repeat|feed|name|put|saying|sharing|telling",
    "|offering|giving|playing|reading|repeating|naming|putting",
);
const HEARD: &str = concat!(
    "back|heard|hear|hearing|understood|understand|understanding|noticed|notice|noticing",
    "|sensed|sense|sensing|observed|observation|picked|picking",
);

/// Just before "you should", these make it a hypothetical ("if you should fail").
const SUBORDINATORS: &str = concat!(
    "if|whether|unless|when|whenever|once|until|till|wish|where|wherever|while|before|after",
    "|whatever",
);
/// Just before "you could try", these make it a relative clause ("one thing you could try").
const RELATIVE_HEADS: &str = concat!(
    "thing|things|anything|something|everything|nothing|one|ones|someone|somebody|anyone",
    "|anybody|everyone|everybody|who|whom|which|else|way|ways|option|options|step|steps",
    "|people|person|place|time|times|moment|moments",
);
/// "Tell me about why you should stay" quotes the presenter's reasons.
const EMBEDDED_QUESTION_WORDS: &str = "why|how";
/// Between a belief verb and "you should": "who told you *that* you should", "know *what* you
/// should do".
const FRAME_FILLERS: &str = "that|what|like|maybe|perhaps|really|somehow|as|now";
const TELLING: &str =
    "told|tell|tells|telling|taught|teach|reminded|remind|reminds|convinced|warned|advised";
/// Verbs of knowing and believing: "How do you know you should stay?" explores a belief.
const BELIEFS: &str = concat!(
    "know|knew|knows|think|thinks|thought|thinking|feel|feels|felt|feeling|believe|believes",
    "|believed|believing|sense|senses|sensed|decide|decides|decided|say|says|said|saying",
    "|tell|tells|told|taught|reminded|convinced|warned|advised|sure|certain|mean|means",
    "|meant|assume|assumes|assumed|suppose|supposed|expect|expects|expected|reckon|reckons",
    "|imagine|imagined|guess|hope|hoped|worry|worried|fear|feared|realise|realised|realize",
    "|realized|agree|agreed|seem|seems|seemed|heard",
);
/// ...unless the believer is the asker: "I think you should" is advice.
const FIRST_PERSON: &str = "i|i'm|i'd|i've|i'll|we|we're|we'd|we've|we'll|im|ive";
const SUBJECT_FILLERS: &str = concat!(
    "do|did|don't|really|just|honestly|personally|also|still|strongly|truly|definitely",
    "|genuinely|actually|would|am|always|kind|of|sort|certainly|somehow",
);

const ADVERBS: &str = concat!(
    "really|probably|definitely|just|maybe|perhaps|surely|certainly|still|also|absolutely",
    "|seriously|honestly|simply|obviously|clearly|ever|not|already|yet|even|actually",
    "|genuinely|personally|then|now|first|possibly|truly|totally",
);
/// "Wouldn't it be better…", "it might be good to…".
const GOOD: &str = concat!(
    "better|best|easier|simpler|good|wise|wiser|smart|smarter|nice|great|worth|worthwhile",
    "|helpful|useful|idea|option|time|sensible|valuable|important",
);
/// Verbs of feeling and belief after "why don't you".
const STATES: &str = concat!(
    "like|love|want|trust|believe|think|feel|know|agree|enjoy|care|mind|understand|remember",
    "|seem|hate|respect",
);
/// Topics after "how about": "How about your team?".
const TOPICS: &str = concat!(
    "the|your|his|her|their|its|our|my|this|that|these|those|them|him|it|you|yourself|us|me",
    "|now|then|everyone|everybody|others|other|people|anyone|someone|today|tomorrow|next",
    "|last|when|what|how|why|where|who|which",
);
/// What "May I offer…" offers when it is advice.
const OFFERINGS: &str = concat!(
    "suggestion|suggestions|idea|ideas|tip|tips|advice|recommendation|thought|thoughts",
    "|option|options|perspective",
);
/// After "I'd": wishes to hear more, not plans.
const WISHES: &str =
    "like|love|want|wonder|imagine|guess|welcome|appreciate|hope|think|expect|bet|agree|assume";
/// After "try to": coaching prompts.
const PROMPTS: &str =
    "imagine|picture|recall|remember|think|describe|notice|name|put|say|explain|feel|sense";
/// After "what if you": an action the asker has in mind.
const ACTED: &str = "just|simply|tried|try|talked|asked|told|spoke|called|wrote|said|stopped|let";
/// "May I offer a *quick* suggestion?"
const SIZINGS: &str = "small|quick|little|different|alternative|possible|radical|crazy|wild";
/// "If I were in your *shoes*".
const SITUATIONS: &str =
    "situation|position|shoes|place|spot|role|boat|seat|problem|issue|challenge|dilemma";
/// Single-word lead-ins.
const FILLERS: &str = concat!(
    "so|and|but|or|ok|okay|oh|ah|well|now|then|right|alright|hmm|hm|hmmm|um|umm|uh|er|erm",
    "|also|yes|yeah|yep|no|sure|hey|hi|hello|just|maybe|perhaps|actually|honestly",
    "|personally|basically|sorry|anyway|anyways|again|like|please|thanks|cool|great",
    "|interesting|besides|first|firstly|second|secondly|finally|lastly|plus|quickly",
    "|genuinely|surely|obviously|clearly|curious|wondering",
);
/// Verbs that invite the presenter to talk whatever follows.
const DESCRIBING: &str = concat!(
    "describe|describing|explain|explaining|elaborate|elaborating|expand|expanding|unpack",
    "|unpacking|clarify|clarifying|outline|outlining|illustrate|illustrating|summarise",
    "|summarising|summarize|summarizing|articulate|articulating|paint|painting|picture",
    "|picturing|imagine|imagining|reflect|reflecting|name|naming",
);

/// Words ending in -ing that are not verbs.
const NOT_VERBS: &str = concat!(
    "thing|nothing|something|anything|everything|morning|evening|during|wedding|building",
    "|ceiling|sibling|king|ring|spring|string|bring|sing|wing|sling|swing|sting|feeling",
    "|ping|pudding|darling",
);

const APOSTROPHES: &[char] = &[
    '\u{2019}', '\u{2018}', '\u{02BC}', '\u{2032}', '\u{00B4}', '`', '\u{FF07}',
];

/// Contractions typed without the apostrophe.
const BARE_CONTRACTIONS: &[(&str, &str)] = &[
    ("dont", "don't"),
    ("didnt", "didn't"),
    ("doesnt", "doesn't"),
    ("isnt", "isn't"),
    ("arent", "aren't"),
    ("wasnt", "wasn't"),
    ("werent", "weren't"),
    ("havent", "haven't"),
    ("hasnt", "hasn't"),
    ("hadnt", "hadn't"),
    ("cant", "can't"),
    ("couldnt", "couldn't"),
    ("wouldnt", "wouldn't"),
    ("shouldnt", "shouldn't"),
    ("mustnt", "mustn't"),
    ("wont", "won't"),
    ("youve", "you've"),
    ("youd", "you'd"),
    ("youll", "you'll"),
    ("ive", "i've"),
    ("im", "i'm"),
    ("whats", "what's"),
    ("hows", "how's"),
];

// ---------------------------------------------------------------------------------------
// The lists above, compiled once. Every word they mention gets a number, so each word of a
// question is looked up once and every test after that is a bit test: the coach runs on
// every `ask`, and re-splitting the `|` lists for each word and rule dominated its cost.

/// A word's number in the lexicon.
type WordId = u16;

/// Every word the lists mention, numbered in order of first mention.
#[derive(Default)]
struct Lexicon(HashMap<&'static str, WordId, BuildHasherDefault<Fnv>>);

impl Lexicon {
    fn id(&self, word: &str) -> Option<WordId> {
        self.0.get(word).copied()
    }

    /// The word as read from a question, numbered if the lexicon knows it.
    fn word(&self, text: &str) -> Word {
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
struct WordSet(Vec<u64>);

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

    fn contains_id(&self, id: Option<WordId>) -> bool {
        id.is_some_and(|id| {
            let (slot, bit) = (usize::from(id) / 64, id % 64);
            self.0.get(slot).is_some_and(|bits| bits >> bit & 1 == 1)
        })
    }

    /// Words outside the lexicon are in no list.
    fn contains(&self, word: &Word) -> bool {
        self.contains_id(word.id)
    }
}

/// A pattern of the word lists, one element per space-separated word.
type Pattern = Vec<Element>;

enum Element {
    /// `@adv`: any run of adverbs.
    Adverbs,
    /// One word, or none if `optional` (a trailing `?`).
    Word { test: Test, optional: bool },
}

enum Test {
    /// `@ing`: a verb in -ing form.
    IngVerb,
    /// `a|b`, or a word class `@name`.
    OneOf(WordSet),
}

impl Test {
    fn fits(&self, word: &Word) -> bool {
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
struct PatternList<T> {
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
    fn at(&self, words: &[Word], at: usize) -> &[T] {
        match &self.openers {
            Some(openers) if !words.get(at).is_some_and(|w| openers.contains(w)) => &[],
            _ => &self.items,
        }
    }
}

/// A `Rule`, compiled.
struct Proposal {
    pattern: Pattern,
    unless: Vec<Pattern>,
    needs_more: bool,
}

/// The compiled word lists, one field per list or pattern list above.
struct Tables {
    lexicon: Lexicon,
    proposals: PatternList<Proposal>,
    suggestions: PatternList<Pattern>,
    asker_plans: PatternList<Pattern>,
    lead_ins: PatternList<Pattern>,
    break_lead_ins: PatternList<Pattern>,
    offer_openings: PatternList<Pattern>,
    /// Inviting verbs, each with the words that must follow it (`None` for any).
    invitations: Vec<(WordSet, Option<WordSet>)>,
    adverbs: WordSet,
    not_verbs: WordSet,
    auxiliaries: WordSet,
    question_words: WordSet,
    hypotheticals: WordSet,
    inviting_auxiliaries: WordSet,
    framed_auxiliaries: WordSet,
    inviting_modals: WordSet,
    frames: WordSet,
    softeners: WordSet,
    reflecting: WordSet,
    relaying: WordSet,
    heard: WordSet,
    subordinators: WordSet,
    relative_heads: WordSet,
    embedded_question_words: WordSet,
    frame_fillers: WordSet,
    telling: WordSet,
    beliefs: WordSet,
    first_person: WordSet,
    subject_fillers: WordSet,
}

static TABLES: LazyLock<Tables> = LazyLock::new(Tables::build);

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

// ---------------------------------------------------------------------------------------

enum Shape {
    Open,
    Closed(String),
    /// "If …" / "When you …": open unless a later clause decides.
    Hypothetical,
    Undecided,
}

/// One word of a question as read: lower case, apostrophes straight, contractions repaired.
struct Word {
    /// Borrowed from the lexicon when it is there, which saves allocating most words.
    text: Cow<'static, str>,
    /// Its number in the lexicon; `None` for a word no list mentions.
    id: Option<WordId>,
}

impl Word {
    fn is(&self, text: &str) -> bool {
        self.text == text
    }
}

struct Sentence {
    words: Vec<Word>,
    /// Where each clause begins; always holds 0.
    breaks: Vec<usize>,
    /// Where each clause's substance begins, once lead-ins are skipped.
    starts: Vec<usize>,
    /// Ends in `?`, or is the unfinished end of the text.
    asks: bool,
}

fn split(text: &str) -> Vec<Sentence> {
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
    fn advice_cue(&self) -> Option<String> {
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
fn closed_cue(sentences: &[Sentence]) -> Option<String> {
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

fn class(name: &str) -> &'static str {
    match name {
        "@good" => GOOD,
        "@state" => STATES,
        "@topic" => TOPICS,
        "@offering" => OFFERINGS,
        "@wish" => WISHES,
        "@prompt" => PROMPTS,
        "@acted" => ACTED,
        "@sizing" => SIZINGS,
        "@giving" => "offer|give|share|make|add",
        "@permit" => "may|can|could|might|shall|let",
        "@situation" => SITUATIONS,
        "@filler" => FILLERS,
        _ => "",
    }
}

fn is_ing_verb(word: &Word) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    use QuestionKind::{Advice, Closed, Open};

    fn check(cases: &[(&str, QuestionKind, Option<&str>)]) {
        let mut failures = Vec::new();
        for &(text, kind, cue) in cases {
            let got = classify(text);
            let want = Verdict {
                kind,
                cue: cue.map(str::to_string),
            };
            if got != want {
                failures.push(format!("{text:?}: got {got:?}, want {want:?}"));
            }
        }
        assert!(
            failures.is_empty(),
            "{} of {} wrong:\n{}",
            failures.len(),
            cases.len(),
            failures.join("\n")
        );
    }

    /// Every example of METHOD.md.
    #[rustfmt::skip]
    const METHOD_EXAMPLES: &[(&str, QuestionKind, Option<&str>)] = &[
        ("What does this cost you, and your team?", Open, None),
        ("What would you like to understand better here?", Open, None),
        ("When have you handled something like this well?", Open, None),
        ("If this went perfectly, what would you see six months from now?", Open, None),
        ("What do you need right now?", Open, None),
        ("If you could change one thing, what would it be?", Open, None),
        ("May I say back what I think I heard?", Open, None),
        ("may I say what I heard?", Open, None),
        ("Did you talk to her?", Closed, Some("did")),
        ("Have you thought about firing him?", Advice, Some("have you thought about")),
        ("What I would do is…", Advice, Some("what i would do")),
    ];

    #[rustfmt::skip]
    #[test]
    fn method_examples() {
        check(METHOD_EXAMPLES);
    }

    #[rustfmt::skip]
    #[test]
    fn advice_patterns() {
        check(&[
            ("Have you tried talking to him?", Advice, Some("have you tried")),
            ("What I did in a similar case was escalate.", Advice, Some("what i did")),
            ("What I found helpful was a list?", Advice, Some("what i found")),
            ("When I had this problem, I ignored it.", Advice, Some("when i had this problem")),
            ("I had the same issue, what about a mentor?", Advice, Some("i had the same issue")),
            ("Ever thought about coaching?", Advice, Some("ever thought about")),
            ("Tried yoga?", Advice, Some("tried")),
            ("Considered quitting?", Advice, Some("considered")),
            ("Have you ever tried saying no?", Advice, Some("have you ever tried")),
            ("Haven't you tried delegating?", Advice, Some("haven't you tried")),
            ("Have you considered a coach?", Advice, Some("have you considered")),
            ("Have you thought of moving teams?", Advice, Some("have you thought of")),
            ("Did you try asking for help?", Advice, Some("did you try")),
            ("Did you consider resigning?", Advice, Some("did you consider")),
            ("Why don't you ask him directly?", Advice, Some("why don't you")),
            ("Why dont you ask him?", Advice, Some("why don't you")),
            ("Why not ask for a raise?", Advice, Some("why not")),
            ("Why not just quit?", Advice, Some("why not")),
            ("Why wouldn't you take the job?", Advice, Some("why wouldn't you")),
            ("Why can't you just say no?", Advice, Some("why can't you just")),
            ("You should talk to HR.", Advice, Some("you should")),
            ("Maybe you should talk to HR?", Advice, Some("you should")),
            ("You really should rest", Advice, Some("you really should")),
            ("What's stopping you? You should go for it.", Advice, Some("you should")),
            ("Is it that you should leave?", Advice, Some("you should")),
            ("You ought to tell her", Advice, Some("you ought")),
            ("You could ask him", Advice, Some("you could")),
            ("You could just ignore it?", Advice, Some("you could")),
            ("Then you could always say no?", Advice, Some("you could")),
            ("I guess you could try again?", Advice, Some("you could")),
            ("You need to set boundaries", Advice, Some("you need to")),
            ("You must tell her", Advice, Some("you must")),
            ("You have to stand up for yourself", Advice, Some("you have to")),
            ("You've got to push back", Advice, Some("you've got to")),
            ("You can always leave?", Advice, Some("you can always")),
            ("You might want to check with legal?", Advice, Some("you might want")),
            ("Perhaps you may wish to wait?", Advice, Some("you may wish")),
            ("You'd better hurry", Advice, Some("you'd better")),
            ("Wouldn't you be better off alone?", Advice, Some("wouldn't you be better off")),
            ("What I'd do is call her", Advice, Some("what i'd do")),
            ("So what I would do is wait a week", Advice, Some("what i would do")),
            ("If I were you, I'd quit.", Advice, Some("if i were you")),
            ("If I was in your position I'd leave", Advice, Some("if i was in your position")),
            ("If it were me, I'd push back?", Advice, Some("if it were me")),
            ("I would talk to her first.", Advice, Some("i would")),
            ("I'd just quit?", Advice, Some("i'd")),
            ("Personally, I'd ask for more time", Advice, Some("i'd")),
            ("I think I would say no", Advice, Some("i would")),
            ("I suggest you wait", Advice, Some("i suggest")),
            ("I'd recommend a mentor", Advice, Some("i'd recommend")),
            ("My advice would be to wait", Advice, Some("my advice")),
            ("My suggestion: talk to her.", Advice, Some("my suggestion")),
            ("Just a suggestion, but what about a break?", Advice, Some("a suggestion")),
            ("What worked for me was journaling", Advice, Some("what worked for me")),
            ("In my experience, that never works?", Advice, Some("in my experience")),
            ("How about asking her?", Advice, Some("how about")),
            ("How about you ask her?", Advice, Some("how about you")),
            ("What about trying a different approach?", Advice, Some("what about trying")),
            ("What about just asking her?", Advice, Some("what about just asking")),
            ("What if you just said no?", Advice, Some("what if you just said")),
            ("What if you talked to her?", Advice, Some("what if you talked")),
            ("Would you consider a coach?", Advice, Some("would you consider")),
            ("Shouldn't you tell your manager?", Advice, Some("shouldn't you")),
            ("Should you not tell her?", Advice, Some("should you not")),
            ("Don't you think you should apologise?", Advice, Some("don't you think")),
            ("Wouldn't you agree it's time?", Advice, Some("wouldn't you agree")),
            ("Wouldn't it be better to wait?", Advice, Some("wouldn't it be better")),
            ("Wouldn't it make sense to ask?", Advice, Some("wouldn't it make sense")),
            ("Would it help to write it down?", Advice, Some("would it help")),
            ("Would it be worth asking her?", Advice, Some("would it be worth")),
            ("Would it not be a good idea to rest?", Advice, Some("would it not be a good")),
            ("Isn't it time to move on?", Advice, Some("isn't it time")),
            ("It might be good to talk to her.", Advice, Some("it might be good")),
            ("It might be an idea to rest?", Advice, Some("it might be an idea")),
            ("It could help to write it down", Advice, Some("it could help")),
            ("It'd be wise to wait?", Advice, Some("it'd be wise")),
            ("It's worth asking, no?", Advice, Some("it's worth")),
            ("That might be worth a try?", Advice, Some("that might be worth")),
            ("Try talking to her.", Advice, Some("try")),
            ("Maybe try a different angle?", Advice, Some("try")),
            ("Consider asking for feedback?", Advice, Some("consider")),
            ("Maybe consider yoga?", Advice, Some("consider")),
            ("One option is yoga?", Advice, Some("one option")),
            ("Just a thought - have you tried yoga?", Advice, Some("have you tried")),
            ("It's your call, but have you tried yoga?", Advice, Some("have you tried")),
            ("Make sure you document it", Advice, Some("make sure")),
            ("Don't forget to ask for help", Advice, Some("don't forget")),
            ("Talk to your manager?", Advice, Some("talk to")),
            ("Ask him what he meant?", Advice, Some("ask him")),
            ("Let it go?", Advice, Some("let it go")),
            ("May I suggest a different approach?", Advice, Some("may i suggest")),
            ("Can I offer a suggestion?", Advice, Some("can i offer a suggestion")),
            ("Could you just ask him?", Advice, Some("could you just")),
        ]);
    }

    #[rustfmt::skip]
    #[test]
    fn closed_patterns() {
        let auxiliaries = [
            "Did", "Do", "Does", "Is", "Are", "Was", "Were", "Have", "Has", "Had", "Can", "Could",
            "Will", "Would", "Should", "Shall", "Am", "May", "Might", "Must", "Didn't", "Isn't",
            "Aren't", "Don't", "Doesn't", "Haven't", "Hasn't", "Wasn't", "Weren't", "Won't",
            "Wouldn't", "Couldn't", "Can't",
        ];
        let cases: Vec<(String, Option<String>)> = auxiliaries
            .iter()
            .map(|aux| (format!("{aux} it end well?"), Some(aux.to_lowercase())))
            .collect();
        let cases: Vec<(&str, QuestionKind, Option<&str>)> = cases
            .iter()
            .map(|(text, cue)| (text.as_str(), Closed, cue.as_deref()))
            .collect();
        check(&cases);
        check(&[
            ("Did you talk to her", Closed, Some("did")),
            ("Is she aware of this?", Closed, Some("is")),
            ("Are you sure?", Closed, Some("are")),
            ("Was it hard?", Closed, Some("was")),
            ("Have you talked to her?", Closed, Some("have")),
            ("Has he apologised?", Closed, Some("has")),
            ("Can you delegate it?", Closed, Some("can")),
            ("Could she be right?", Closed, Some("could")),
            ("Will you stay?", Closed, Some("will")),
            ("Would you do it again?", Closed, Some("would")),
            ("Should you stay?", Closed, Some("should")),
            ("Shall we move on?", Closed, Some("shall")),
            ("Am I right?", Closed, Some("am")),
            ("May I ask you something personal? Do you like your job?", Closed, Some("do")),
            ("Must it be today?", Closed, Some("must")),
            ("Didnt he know?", Closed, Some("didn't")),
            ("Doesn't she care?", Closed, Some("doesn't")),
            ("Is there anything else?", Closed, Some("is")),
            ("You told her, didn't you?", Closed, Some("didn't")),
            ("When you told her, was she upset?", Closed, Some("was")),
            ("If it worked, would you be happy?", Closed, Some("would")),
            ("What happened? Did you tell her?", Closed, Some("did")),
            ("Did you tell her? Because she seemed upset", Closed, Some("did")),
            ("Have you tried it?", Closed, Some("have")),
            ("Have you thought about it?", Closed, Some("have")),
            ("Have you thought about what you want?", Closed, Some("have")),
            ("Would you consider it?", Closed, Some("would")),
            ("Have you tried anything yet?", Closed, Some("have")),
            ("Do you think you should stay?", Closed, Some("do")),
            ("Do you tell her everything?", Closed, Some("do")),
            ("Could you tell him?", Closed, Some("could")),
            ("Is there someone you could ask?", Closed, Some("is")),
            ("Is there anything you could try?", Closed, Some("is")),
            ("Sam, did you sleep?", Closed, Some("did")),
        ]);
    }

    #[rustfmt::skip]
    #[test]
    fn open_patterns() {
        check(&[
            ("What happened next?", Open, None),
            ("How did that feel?", Open, None),
            ("Why does this matter to you?", Open, None),
            ("When did you first notice it?", Open, None),
            ("Where do you feel stuck?", Open, None),
            ("Who else is affected?", Open, None),
            ("Which part worries you most?", Open, None),
            ("Whose voice is loudest here?", Open, None),
            ("What's the real challenge here?", Open, None),
            ("How's that landing?", Open, None),
            ("How come it matters so much?", Open, None),
            ("Tell me more about the team.", Open, None),
            ("Describe a good day at work", Open, None),
            ("Imagine it's solved. What's different?", Open, None),
            ("If you had a magic wand?", Open, None),
            ("What would you like to happen?", Open, None),
            ("What would you do with more time?", Open, None),
            ("What have you tried so far?", Open, None),
            ("What I did not understand is why she left?", Open, None),
            ("What I do wonder is what you want.", Open, None),
            ("Thought about it much?", Open, None),
            ("Considered from her side, how does it look?", Open, None),
            ("When I asked, you smiled. What was that?", Open, None),
            ("What have you already considered?", Open, None),
            ("What about the budget?", Open, None),
            ("What about everything else?", Open, None),
            ("How about your team, how do they see it?", Open, None),
            ("How about you?", Open, None),
            ("Why not?", Open, None),
            ("Why not now?", Open, None),
            ("Why not you?", Open, None),
            ("Consider what matters most to you here.", Open, None),
            ("What's a follow-up step for you?", Open, None),
            ("Why don't you trust her?", Open, None),
            ("Why don't you want to go?", Open, None),
            ("Why didn't you tell her?", Open, None),
            ("What's one thing you could try?", Open, None),
            ("What do you think you could try?", Open, None),
            ("If you could just wave a wand, what would change?", Open, None),
            ("I'd love to hear more about that.", Open, None),
            ("I'd be curious what she said?", Open, None),
            ("I would like to know what you need", Open, None),
            ("Try to imagine the best outcome: what do you see?", Open, None),
            ("You must be exhausted, what keeps you going?", Open, None),
            ("Think back to a time it went well. What did you do?", Open, None),
            ("Your team: what does it cost them?", Open, None),
            ("Did you talk to her? What happened?", Open, None),
            ("You talked to her. What did she say", Open, None),
            ("It's hard. What would help?", Open, None),
            ("That makes sense. What's next for you?", Open, None),
        ]);
    }

    /// Yes/no in form, but they invite the presenter to talk.
    #[rustfmt::skip]
    #[test]
    fn invitations_and_reflective_offers() {
        check(&[
            ("Could you tell me more about that?", Open, None),
            ("Can you say more?", Open, None),
            ("Can you say a bit more about the team?", Open, None),
            ("Would you describe the meeting?", Open, None),
            ("Can you walk me through it?", Open, None),
            ("Could you explain?", Open, None),
            ("Could you just tell me more?", Open, None),
            ("Can you please describe what happened?", Open, None),
            ("Would you be willing to share more?", Open, None),
            ("Would you mind telling us what happened?", Open, None),
            ("Do you want to say more about that?", Open, None),
            ("Are you able to describe it?", Open, None),
            ("Could you give us an example?", Open, None),
            ("Can you help me understand?", Open, None),
            ("Can you think of a time it went well?", Open, None),
            ("Could you tell me more about why you should stay?", Open, None),
            ("I wonder if you could tell me more?", Open, None),
            ("Why don't you tell me more?", Open, None),
            ("Why not say more about that?", Open, None),
            ("How about you describe the meeting?", Open, None),
            ("May I say back what I think I heard?", Open, None),
            ("Can I reflect back what I'm hearing?", Open, None),
            ("May I paraphrase?", Open, None),
            ("Could I just summarise?", Open, None),
            ("Can I check my understanding?", Open, None),
            ("Can I share what I noticed?", Open, None),
            ("Is it OK if I say back what I heard?", Open, None),
            ("Would you like me to play back what I heard?", Open, None),
            ("Do you mind if I reflect that back?", Open, None),
        ]);
    }

    /// Good open questions a facilitator would not want flagged, and the documented rule
    /// for a suggestion found mid-question.
    #[rustfmt::skip]
    #[test]
    fn no_false_advice() {
        check(&[
            ("What would you like to understand better here?", Open, None),
            ("What does this cost you, and your team?", Open, None),
            ("When have you handled something like this well?", Open, None),
            ("If you could change one thing, what would it be?", Open, None),
            ("How do you know you should stay?", Open, None),
            ("Why do you think you should stay?", Open, None),
            ("Who says you should?", Open, None),
            ("Who told you that you should stay?", Open, None),
            ("Who do you trust to tell you what you should do?", Open, None),
            ("Do you know what you should do?", Closed, Some("do")),
            ("I know what you should do", Advice, Some("you should")),
            ("Is that what you should do?", Advice, Some("you should")),
            ("What makes you feel like you should fix it?", Open, None),
            ("What do you think you should do?", Open, None),
            ("If you should fail, what then?", Open, None),
            ("What's one thing you should stop doing?", Open, None),
            ("Why do you feel you need to fix everything?", Open, None),
            ("What do you need to feel ready?", Open, None),
            ("What could you try next?", Open, None),
            ("What might you want instead?", Open, None),
            ("What options have you already considered?", Open, None),
            ("You said you could try harder - what would that look like?", Open, None),
            ("I heard you say you should stay. What's behind that?", Open, None),
            ("How can you better support her?", Open, None),
            // The asker's own belief is advice.
            ("I think you should stay?", Advice, Some("you should")),
            ("I really think you should stay", Advice, Some("you should")),
            ("I'm sure you should stay", Advice, Some("you should")),
            ("I told you that you should stay", Advice, Some("you should")),
            ("Why, you should stay!", Advice, Some("you should")),
            ("What you should do is quit", Advice, Some("you should")),
        ]);
    }

    #[rustfmt::skip]
    #[test]
    fn lead_ins() {
        check(&[
            ("So, have you tried talking to him?", Advice, Some("have you tried")),
            ("Just wondering, why don't you ask?", Advice, Some("why don't you")),
            ("Just curious, did you tell her?", Closed, Some("did")),
            ("So did you tell her?", Closed, Some("did")),
            ("And did you?", Closed, Some("did")),
            ("OK, was it worth it?", Closed, Some("was")),
            ("Okay so is she coming?", Closed, Some("is")),
            ("Well... did it work?", Closed, Some("did")),
            ("I wonder, did she know?", Closed, Some("did")),
            ("I wonder what she knew", Open, None),
            ("I'm curious: is it the money?", Closed, Some("is")),
            ("Out of curiosity, how did it end?", Open, None),
            ("Quick question: do you like him?", Closed, Some("do")),
            ("Can I ask, did you sleep?", Closed, Some("did")),
            ("May I ask what you need?", Open, None),
            ("Tell me, did you sleep?", Closed, Some("did")),
            ("Hmm, um, so, what now?", Open, None),
            ("Thank you. So what's next?", Open, None),
            ("So you should just leave?", Advice, Some("you should")),
            ("Maybe you could ask her?", Advice, Some("you could")),
            ("Well, I'd wait.", Advice, Some("i'd")),
        ]);
    }

    #[rustfmt::skip]
    #[test]
    fn tolerant_of_typing() {
        check(&[
            ("   did you talk to her   ", Closed, Some("did")),
            ("DID YOU TALK TO HER?", Closed, Some("did")),
            ("did    you   talk to her ? ", Closed, Some("did")),
            ("Why don\u{2019}t you ask him?", Advice, Some("why don't you")),
            ("Didn\u{2019}t you ask him?", Closed, Some("didn't")),
            ("I\u{2019}d ask him", Advice, Some("i'd")),
            ("\u{2018}Did you ask?\u{2019}", Closed, Some("did")),
            ("What\u{2019}s the hardest part", Open, None),
            ("whats the hardest part", Open, None),
            ("Wouldnt it be better to wait", Advice, Some("wouldn't it be better")),
            ("did you?!", Closed, Some("did")),
            ("Did you talk to her\n", Closed, Some("did")),
            ("So,did you talk to her", Closed, Some("did")),
            ("Have you tried...talking to him?", Advice, Some("have you tried")),
        ]);
    }

    #[rustfmt::skip]
    #[test]
    fn empty_and_odd_input() {
        check(&[
            ("", Open, None),
            ("   ", Open, None),
            ("\n\t", Open, None),
            ("?", Open, None),
            ("?!?...,,,", Open, None),
            ("'", Open, None),
            ("\u{2019}\u{2019}", Open, None),
            ("So", Open, None),
            ("Hmm, well, ok", Open, None),
            ("🙂", Open, None),
            ("Did", Closed, Some("did")),
        ]);
    }

    /// Every table case reads the same with extra spaces, no question mark, another case,
    /// or curly apostrophes.
    #[test]
    fn variants_read_the_same() {
        for &(text, kind, cue) in METHOD_EXAMPLES {
            let want = Verdict {
                kind,
                cue: cue.map(str::to_string),
            };
            let variants = [
                format!("  {text}  "),
                text.replace(' ', "   "),
                text.trim_end_matches('?').to_string(),
                text.to_uppercase(),
                text.replace('\'', "\u{2019}"),
                format!("So, {text}"),
            ];
            for variant in variants {
                assert_eq!(classify(&variant), want, "{variant:?}");
            }
        }
    }

    #[test]
    fn examples_are_open() {
        for kind in [Open, Closed, Advice] {
            assert_eq!(classify(example_open_question(kind)).kind, Open, "{kind:?}");
        }
        assert_eq!(nudge(Open), None);
        assert!(nudge(Closed).is_some() && nudge(Advice).is_some());
    }

    /// A misspelt word class would silently never match.
    #[test]
    fn every_word_class_in_a_pattern_exists() {
        let mut patterns: Vec<&str> = Vec::new();
        for rule in PROPOSALS {
            patterns.push(rule.pattern);
            patterns.extend(rule.unless);
        }
        for list in [
            SUGGESTIONS,
            ASKER_PLANS,
            LEAD_INS,
            BREAK_LEAD_INS,
            OFFER_OPENINGS,
        ] {
            patterns.extend(list);
        }
        for pattern in patterns {
            for element in pattern.split(' ') {
                let name = element.trim_end_matches('?');
                if name.starts_with('@') && name != "@adv" && name != "@ing" {
                    assert!(!class(name).is_empty(), "{name} in {pattern:?}");
                }
            }
        }
    }

    #[test]
    fn verdict_serialises_in_snake_case() {
        let verdict = classify("Did you?");
        let json = serde_json::to_value(&verdict).unwrap();
        assert_eq!(json, serde_json::json!({ "kind": "closed", "cue": "did" }));
    }

    const VOCABULARY: &[&str] = &[
        "you", "should", "could", "have", "tried", "why", "don't", "not", "how", "about", "what",
        "i", "would", "do", "if", "were", "may", "say", "back", "heard", "tell", "me", "more",
        "so", "well", "did", "it", "be", "better", "try", "just", "think", "know", "when", "?",
        ",", ".", "...", "\u{2019}", "  ", "-", "!",
    ];

    proptest! {
        #[test]
        fn never_panics(text in any::<String>()) {
            let verdict = classify(&text);
            prop_assert_eq!(verdict.kind == Open, verdict.cue.is_none());
        }

        #[test]
        fn never_panics_on_question_like_text(
            parts in prop::collection::vec(prop::sample::select(VOCABULARY), 0..16),
        ) {
            let text = parts.join(" ");
            let verdict = classify(&text);
            prop_assert_eq!(verdict.kind == Open, verdict.cue.is_none());
            if let Some(cue) = verdict.cue {
                prop_assert!(!cue.is_empty());
                prop_assert_eq!(cue.to_lowercase(), cue.clone());
            }
        }

        #[test]
        fn case_insensitive(text in "[ -~]{0,80}") {
            let verdict = classify(&text);
            prop_assert_eq!(classify(&text.to_uppercase()), verdict.clone());
            prop_assert_eq!(classify(&text.to_lowercase()), verdict);
        }

        #[test]
        fn case_insensitive_on_question_like_text(
            parts in prop::collection::vec(prop::sample::select(VOCABULARY), 0..16),
        ) {
            let text = parts.join(" ");
            prop_assert_eq!(classify(&text.to_uppercase()), classify(&text));
        }
    }
}
