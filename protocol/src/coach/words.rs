//! The coach's word lists and rules, the source of truth for every verdict: proposals,
//! suggestions, lead-ins and the `|` word lists, plus the word classes patterns name.

// Word lists. Patterns are space-separated words; `a|b` is a choice, a trailing `?` makes a
// word optional, `@adv` skips any run of adverbs, `@ing` is a verb in -ing form, and any
// other `@name` is one of the word classes in `class`.

/// A proposal when it opens a clause.
pub(super) struct Rule {
    pub(super) pattern: &'static str,
    /// Patterns that, right after a match, show it was a genuine question after all.
    pub(super) unless: &'static [&'static str],
    /// "Why not?" on its own is a real question; "Why not ask him?" is advice.
    pub(super) needs_more: bool,
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
pub(super) const PROPOSALS: &[Rule] = &[
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
pub(super) const SUGGESTIONS: &[&str] = &[
    "you @adv should|shouldn't|should've|ought|oughtn't",
    "you @adv could|can @adv just|simply|always|try|consider",
    "you @adv might|may @adv want|wish|like|try|consider",
    "you'd @adv better",
    "you had @adv better",
    "you'd|you @adv would? be better off",
];

/// The asker's own experience or plan, flagged wherever it appears.
pub(super) const ASKER_PLANS: &[&str] = &[
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
pub(super) const LEAD_INS: &[&str] = &[
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
pub(super) const BREAK_LEAD_INS: &[&str] = &[
    "tell me|us",
    "you know",
    "i mean",
    "look|listen|say|see",
    "for you",
    "question for you",
];

pub(super) const AUXILIARIES: &str = concat!(
    "do|does|did|is|are|was|were|have|has|had|can|could|will|would|should|shall|am|may",
    "|might|must|don't|doesn't|didn't|isn't|aren't|wasn't|weren't|haven't|hasn't|hadn't",
    "|can't|cannot|couldn't|won't|wouldn't|shouldn't|shan't|mustn't|mightn't|needn't|ain't",
    "|d'you",
);

pub(super) const QUESTION_WORDS: &str = "what|how|why|who|whom|whose|which|where|when";

/// Clause openers that set up the clause after them ("If this went perfectly, what…").
pub(super) const HYPOTHETICALS: &str = "if|suppose|supposing|assuming|say";

/// Yes/no forms that invite the presenter to talk: "Could you tell me more…".
pub(super) const INVITING_AUXILIARIES: &str = "can|could|would|will|won't|might|do|does|are";
/// These only invite with a frame: "Do you want to say more?" but not "Do you tell her?".
pub(super) const FRAMED_AUXILIARIES: &str = "do|does|are";
pub(super) const INVITING_MODALS: &str = "can|could|would|might|will";
pub(super) const FRAMES: &str =
    "want|wanna|like|care|mind|wish|willing|able|happy|open|ready|prepared|comfortable";
pub(super) const SOFTENERS: &str = concat!(
    "please|perhaps|maybe|possibly|kindly|just|briefly|quickly|now|also|first|to|and|try|be",
    "|further|then|again|feel",
);

/// Verbs that invite the presenter to talk, each with the words that must follow it ("" for
/// any): "tell me" invites, "tell him" does not.
pub(super) const INVITATIONS: &[(&str, &str)] = &[
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
pub(super) const OFFER_OPENINGS: &[&str] = &[
    "may|can|could|might|shall|let i|we|me|us",
    "is|would it @adv be? ok|okay|alright|fine|helpful|useful if|for i|me|we|us",
    "would|do you mind if i|we",
    "do|would you want|like me|us to",
];
pub(super) const REFLECTING: &str = concat!(
    "reflect|reflecting|paraphrase|paraphrasing|summarise|summarising|summarize|summarizing",
    "|recap|recapping|mirror|mirroring|check|checking|echo|sum",
);
/// These reflect only when what follows is about listening: "say back what I heard".
pub(super) const RELAYING: &str = concat!(
    "say|share|tell|offer|give|play|read|repeat|feed|name|put|saying|sharing|telling",
    "|offering|giving|playing|reading|repeating|naming|putting",
);
pub(super) const HEARD: &str = concat!(
    "back|heard|hear|hearing|understood|understand|understanding|noticed|notice|noticing",
    "|sensed|sense|sensing|observed|observation|picked|picking",
);

/// Just before "you should", these make it a hypothetical ("if you should fail").
pub(super) const SUBORDINATORS: &str = concat!(
    "if|whether|unless|when|whenever|once|until|till|wish|where|wherever|while|before|after",
    "|whatever",
);
/// Just before "you could try", these make it a relative clause ("one thing you could try").
pub(super) const RELATIVE_HEADS: &str = concat!(
    "thing|things|anything|something|everything|nothing|one|ones|someone|somebody|anyone",
    "|anybody|everyone|everybody|who|whom|which|else|way|ways|option|options|step|steps",
    "|people|person|place|time|times|moment|moments",
);
/// "Tell me about why you should stay" quotes the presenter's reasons.
pub(super) const EMBEDDED_QUESTION_WORDS: &str = "why|how";
/// Between a belief verb and "you should": "who told you *that* you should", "know *what* you
/// should do".
pub(super) const FRAME_FILLERS: &str = "that|what|like|maybe|perhaps|really|somehow|as|now";
pub(super) const TELLING: &str =
    "told|tell|tells|telling|taught|teach|reminded|remind|reminds|convinced|warned|advised";
/// Verbs of knowing and believing: "How do you know you should stay?" explores a belief.
pub(super) const BELIEFS: &str = concat!(
    "know|knew|knows|think|thinks|thought|thinking|feel|feels|felt|feeling|believe|believes",
    "|believed|believing|sense|senses|sensed|decide|decides|decided|say|says|said|saying",
    "|tell|tells|told|taught|reminded|convinced|warned|advised|sure|certain|mean|means",
    "|meant|assume|assumes|assumed|suppose|supposed|expect|expects|expected|reckon|reckons",
    "|imagine|imagined|guess|hope|hoped|worry|worried|fear|feared|realise|realised|realize",
    "|realized|agree|agreed|seem|seems|seemed|heard",
);
/// ...unless the believer is the asker: "I think you should" is advice.
pub(super) const FIRST_PERSON: &str = "i|i'm|i'd|i've|i'll|we|we're|we'd|we've|we'll|im|ive";
pub(super) const SUBJECT_FILLERS: &str = concat!(
    "do|did|don't|really|just|honestly|personally|also|still|strongly|truly|definitely",
    "|genuinely|actually|would|am|always|kind|of|sort|certainly|somehow",
);

pub(super) const ADVERBS: &str = concat!(
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
pub(super) const NOT_VERBS: &str = concat!(
    "thing|nothing|something|anything|everything|morning|evening|during|wedding|building",
    "|ceiling|sibling|king|ring|spring|string|bring|sing|wing|sling|swing|sting|feeling",
    "|ping|pudding|darling",
);

pub(super) const APOSTROPHES: &[char] = &[
    '\u{2019}', '\u{2018}', '\u{02BC}', '\u{2032}', '\u{00B4}', '`', '\u{FF07}',
];

/// Contractions typed without the apostrophe.
pub(super) const BARE_CONTRACTIONS: &[(&str, &str)] = &[
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

pub(super) fn class(name: &str) -> &'static str {
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
