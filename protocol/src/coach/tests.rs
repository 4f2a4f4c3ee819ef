//! Tests of the question coach: its verdicts on example questions, the consistency of its
//! word lists, and properties that hold for any text.

use super::words::{
    ASKER_PLANS, BREAK_LEAD_INS, LEAD_INS, OFFER_OPENINGS, PROPOSALS, SUGGESTIONS, class,
};
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
    "you", "should", "could", "have", "tried", "why", "don't", "not", "how", "about", "what", "i",
    "would", "do", "if", "were", "may", "say", "back", "heard", "tell", "me", "more", "so", "well",
    "did", "it", "be", "better", "try", "just", "think", "know", "when", "?", ",", ".", "...",
    "\u{2019}", "  ", "-", "!",
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
