//! Property tests of the meeting rules engine: thousands of random meetings, driven by random
//! seats sending random commands (plausible and implausible), joining, dropping, coming back,
//! being released, and time passing; the rules' invariants are checked after every step.
//!
//! The generator is biased so that meetings really progress: most steps are "the sensible next
//! thing" (the floor holder takes their turn, the facilitator moves on, late joiners
//! acknowledge the norms, the presenter commits), resolved against the meeting's state when
//! the step runs. The rest is noise: any command from anyone, with any argument.

use std::collections::{BTreeMap, BTreeSet};

use hotseat_protocol::limits::{
    COMMITMENT_MAX_CHARS, EXTEND_MAX_SECS, MEMBERS_MAX, NAME_MAX_CHARS, NORMS_MAX, TEXT_MAX_CHARS,
};
use hotseat_protocol::snapshot::{HotSeatOutcome, QuestionStatus, TimerScope};
use hotseat_protocol::{
    Command, CommitmentId, Event, Phase, Report, ReportStatus, Role, SeatId, Snapshot, TimeBoxes,
    Timestamp, TurnKind,
};
use hotseat_server::engine::{
    Meeting, MeetingSetup, PriorCommitment, RuleError, transition_allowed,
};
use hotseat_tests::{T0, Table};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::strategy::ValueTree;
use proptest::test_runner::{RngAlgorithm, TestRng, TestRunner};
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// The abstract steps
// ---------------------------------------------------------------------------------------------

/// A seat, named by its relation to the meeting; resolved when the step runs.
#[derive(Debug, Clone)]
enum Who {
    Facilitator,
    /// The i-th member in seat order (modulo how many there are).
    Member(usize),
    FloorHolder,
    Presenter,
    /// A seat that left or was removed during this meeting.
    Former(usize),
    /// A seat id that was never given out.
    Unknown(u32),
}

/// A commitment id for a check-in report.
#[derive(Debug, Clone)]
enum CommitRef {
    /// One of the commitments open for report-back (anyone's).
    Open(usize),
    /// One made in this meeting (never open for report-back).
    Made(usize),
    Raw(u32),
}

/// A command with its seat and commitment references left abstract.
#[derive(Debug, Clone)]
enum Act {
    Ack,
    Raise,
    Lower,
    Volunteer,
    CheckIn {
        reports: Vec<(CommitRef, ReportStatus, Option<String>)>,
        note: Option<String>,
    },
    Done,
    Pass,
    Ask(String),
    Answer(bool),
    Learn(String),
    /// Text, due date, idempotency key.
    Commit(String, Option<String>, Option<String>),
    InsightOnly,
    Start,
    Advance,
    Back,
    Skip,
    SkipHotSeat,
    GiveFloor(Who),
    Extend(u32),
    Pause,
    Resume,
    EndMeeting,
    SetAgenda(Vec<Who>),
    Shuffle,
    Remove(Who),
    Lock(bool),
    HandOver(Who),
    SetNorms(Vec<String>),
}

#[derive(Debug, Clone)]
enum Step {
    /// The sensible next thing for the meeting's state (see `sensible`).
    Sensible(u8, String, Option<String>),
    /// The floor holder takes their turn (ask, answer, pass, check in, ...), or, with nobody
    /// holding the floor, the sensible next thing.
    FloorHolderActs(u8, String, Option<String>),
    /// `who` sends a command.
    Act(Who, Act),
    Join(String),
    Presence(Who, bool),
    Release(Who),
    /// The clock moves on and the engine is told (`on_time`).
    Tick(u64),
    /// The clock moves on and nobody tells the engine: the next command arrives late.
    Late(u64),
}

// ---------------------------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------------------------

// Leaf strategies are `select`s from weighted lists (entries repeat to weigh more): proptest's
// unions fork a random generator for every alternative before the one picked, which made
// generating 200-step meetings slower than running them.

const QUESTIONS: [&str; 6] = [
    "What would you like to understand better here?",
    "What does this cost you, and your team?",
    "Did you talk to her?",
    "Have you tried firing him?",
    "May I say back what I think I heard?",
    "If this went perfectly, what would you see six months from now?",
];

/// Texts at the edges: one character, control characters, right-to-left, emoji, markup.
const ODD_TEXTS: [&str; 8] = [
    "?",
    "a\u{0}b",
    "line\nbreak",
    "\u{202e}reversed",
    "\u{1F600}\u{1F600}",
    "<script>alert(1)</script>",
    " padded ",
    "ANA",
];

/// Questions, learnings, notes and commitments: mostly fine, some empty, blank or too long
/// (for a text, or only for a commitment).
fn text() -> impl Strategy<Value = String> {
    let mut texts: Vec<String> = Vec::new();
    for _ in 0..3 {
        texts.extend(QUESTIONS.iter().map(|q| (*q).to_owned()));
    }
    texts.extend(ODD_TEXTS.iter().map(|t| (*t).to_owned()));
    texts.extend([
        String::new(),
        "   \t ".to_owned(),
        "x".repeat(TEXT_MAX_CHARS + 1),
        "é".repeat(TEXT_MAX_CHARS),
        "c".repeat(COMMITMENT_MAX_CHARS + 1),
        "d".repeat(COMMITMENT_MAX_CHARS),
    ]);
    select(texts)
}

fn due() -> impl Strategy<Value = Option<String>> {
    let dates = [
        None,
        None,
        None,
        None,
        Some("2026-12-01"),
        Some("2026-12-01"),
        Some("2028-02-29"),
        Some("2027-02-29"),
        Some("next week"),
        Some("  "),
        Some("1999-01-01"),
        Some("2026-13-01"),
    ];
    select(
        dates
            .iter()
            .map(|d| d.map(str::to_owned))
            .collect::<Vec<_>>(),
    )
}

/// Idempotency keys for commitments: none, repeated (a retry), empty, too long.
fn key() -> impl Strategy<Value = Option<String>> {
    select(vec![
        None,
        None,
        None,
        Some("retry-1".to_owned()),
        Some("retry-1".to_owned()),
        Some("retry-2".to_owned()),
        Some(String::new()),
        Some("k".repeat(65)),
    ])
}

const RETURNING: [&str; 4] = ["Rita", "Rolf", "Ruth", "Raj"];

const NAMES: [&str; 14] = [
    "Ana", "Bo", "Cy", "Di", "Ed", "Flo", "Gus", "Hal", "ana ", " BO", "Rita", "Zoë", "Ivy", "Jo",
];

/// Names to join with: fresh, taken (in any case), blank, too long, with control characters.
fn name() -> impl Strategy<Value = String> {
    let mut names: Vec<String> = Vec::new();
    for _ in 0..2 {
        names.extend(NAMES.iter().map(|n| (*n).to_owned()));
    }
    names.extend(ODD_TEXTS.iter().map(|t| (*t).to_owned()));
    names.extend([
        String::new(),
        "   ".to_owned(),
        "n".repeat(NAME_MAX_CHARS + 1),
        "m".repeat(NAME_MAX_CHARS),
        "Ana\u{7}".to_owned(),
    ]);
    select(names)
}

fn who() -> impl Strategy<Value = Who> {
    let mut whos = vec![
        Who::Facilitator,
        Who::Facilitator,
        Who::FloorHolder,
        Who::FloorHolder,
        Who::Presenter,
        Who::Presenter,
        Who::Former(0),
        Who::Former(1),
    ];
    whos.extend((0..8).map(Who::Member));
    whos.extend((0..8).map(Who::Member));
    whos.extend([0, 999, 10_000, u32::MAX].map(Who::Unknown));
    select(whos)
}

fn report() -> impl Strategy<Value = (CommitRef, ReportStatus, Option<String>)> {
    let mut refs: Vec<CommitRef> = (0..6).map(CommitRef::Open).collect();
    refs.extend((0..6).map(CommitRef::Open));
    refs.extend([CommitRef::Made(0), CommitRef::Made(1)]);
    refs.extend([0, 1, 2, 500, u32::MAX].map(CommitRef::Raw));
    (
        select(refs),
        select(vec![
            ReportStatus::Done,
            ReportStatus::Partly,
            ReportStatus::NotDone,
        ]),
        proptest::option::of(text()),
    )
}

fn norms() -> impl Strategy<Value = Vec<String>> {
    let norm = |n: &str| n.to_owned();
    select(vec![
        vec![norm("Listen to understand.")],
        vec![norm("Listen to understand."), norm("Ask rather than tell.")],
        vec![
            norm("Be kind."),
            norm(" Be brief. "),
            norm("Ask rather than tell."),
        ],
        vec![norm("Listen to understand."), norm("Ask rather than tell.")],
        Vec::new(),
        vec![norm("Be kind."); NORMS_MAX],
        vec![norm("Be kind."); NORMS_MAX + 1],
        vec![norm("Be kind."), norm("  ")],
        vec!["z".repeat(201)],
    ])
}

fn member_act() -> impl Strategy<Value = Act> {
    let mut simple = Vec::new();
    simple.extend([Act::Ack, Act::Ack, Act::Ack, Act::Ack]);
    simple.extend([
        Act::Raise,
        Act::Raise,
        Act::Raise,
        Act::Raise,
        Act::Raise,
        Act::Raise,
    ]);
    simple.extend([
        Act::Lower,
        Act::Lower,
        Act::Volunteer,
        Act::Volunteer,
        Act::Volunteer,
    ]);
    simple.extend([Act::Done, Act::Pass, Act::Answer(true), Act::Answer(false)]);
    simple.extend([Act::InsightOnly, Act::Advance, Act::Skip]);
    prop_oneof![
        22 => select(simple),
        2 => (vec(report(), 0..3), proptest::option::of(text()))
            .prop_map(|(reports, note)| Act::CheckIn { reports, note }),
        1 => text().prop_map(Act::Ask),
        1 => text().prop_map(Act::Learn),
        1 => (text(), due(), key()).prop_map(|(t, d, k)| Act::Commit(t, d, k)),
    ]
}

fn facilitator_act() -> impl Strategy<Value = Act> {
    let mut simple = vec![Act::Start];
    simple.extend([Act::Advance, Act::Advance, Act::Advance, Act::Advance]);
    simple.extend([
        Act::Back,
        Act::Back,
        Act::Back,
        Act::Skip,
        Act::Skip,
        Act::Skip,
    ]);
    simple.extend([Act::SkipHotSeat, Act::SkipHotSeat, Act::Pause, Act::Pause]);
    simple.extend([Act::Resume, Act::Resume, Act::EndMeeting, Act::Shuffle]);
    simple.extend([Act::Lock(true), Act::Lock(false)]);
    simple.extend([0, 1, 60, 60, EXTEND_MAX_SECS, EXTEND_MAX_SECS + 1, u32::MAX].map(Act::Extend));
    // What only members do, sent by the facilitator.
    simple.extend([Act::Ack, Act::Raise, Act::Volunteer, Act::Pass]);
    prop_oneof![
        28 => select(simple),
        4 => who().prop_map(Act::GiveFloor),
        3 => vec(who(), 0..8).prop_map(Act::SetAgenda),
        1 => who().prop_map(Act::Remove),
        1 => who().prop_map(Act::HandOver),
        1 => norms().prop_map(Act::SetNorms),
        1 => text().prop_map(Act::Ask),
    ]
}

fn any_act() -> impl Strategy<Value = Act> {
    prop_oneof![member_act(), facilitator_act()]
}

fn tick_ms() -> impl Strategy<Value = u64> {
    prop_oneof![
        3 => 0..700_000u64,
        2 => select(vec![
            0u64, 1, 999, 10_000, 60_000, 120_000, 180_000, 300_000, 600_000, 3_600_000,
        ]),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        30 => (any::<u8>(), text(), due()).prop_map(|(c, t, d)| Step::Sensible(c, t, d)),
        25 => (any::<u8>(), text(), due()).prop_map(|(c, t, d)| Step::FloorHolderActs(c, t, d)),
        10 => facilitator_act().prop_map(|a| Step::Act(Who::Facilitator, a)),
        10 => ((0..8usize), member_act()).prop_map(|(i, a)| Step::Act(Who::Member(i), a)),
        8 => tick_ms().prop_map(Step::Tick),
        5 => (who(), any::<bool>()).prop_map(|(w, p)| Step::Presence(w, p)),
        4 => name().prop_map(Step::Join),
        3 => (who(), any_act()).prop_map(|(w, a)| Step::Act(w, a)),
        2 => tick_ms().prop_map(Step::Late),
        1 => who().prop_map(Step::Release),
    ]
}

/// How a meeting starts: its settings, the seats and commitments earlier meetings left.
#[derive(Debug, Clone)]
struct Plan {
    auto_advance: bool,
    boxes: TimeBoxes,
    returning: usize,
    /// (returning member index, due) for each open commitment.
    prior: Vec<(usize, Option<String>)>,
    first_commitment_id: u32,
    /// Run before the random steps: the facilitator connects, some members join.
    opening_steps: Vec<Step>,
}

impl Plan {
    fn setup(&self) -> MeetingSetup {
        let mut setup = MeetingSetup::new("Property circle");
        setup.settings.auto_advance = self.auto_advance;
        setup.settings.time_boxes = self.boxes.clone();
        setup.returning_members = (0..self.returning)
            .map(|i| (SeatId(i as u32 + 1), RETURNING[i].to_owned()))
            .collect();
        if self.returning > 0 {
            setup.prior_commitments = self
                .prior
                .iter()
                .enumerate()
                .map(|(k, (who, due))| PriorCommitment {
                    id: CommitmentId(k as u32 + 1),
                    seat: SeatId((who % self.returning) as u32 + 1),
                    text: "Talk to my manager".to_owned(),
                    due: due.clone(),
                })
                .collect();
        }
        setup.first_commitment_id = self.first_commitment_id;
        setup
    }
}

fn time_boxes() -> impl Strategy<Value = TimeBoxes> {
    prop_oneof![
        1 => Just(TimeBoxes::default()),
        2 => vec(select(vec![10u32, 30, 60, 120, 300]), 7).prop_map(|s| TimeBoxes {
            opening_secs: s[0],
            check_in_secs: s[1],
            presenting_secs: s[2],
            questions_secs: s[3],
            learnings_secs: s[4],
            commitment_secs: s[5],
            closing_secs: s[6],
        }),
    ]
}

fn plan() -> impl Strategy<Value = Plan> {
    (
        any::<bool>(),
        time_boxes(),
        0..=3usize,
        vec((0..3usize, due()), 0..4),
        1..5u32,
        prop::bool::weighted(0.9),
        vec(select(NAMES.to_vec()), 0..=6),
        vec(0..3usize, 0..3),
    )
        .prop_map(
            |(auto_advance, boxes, returning, prior, first, fac_here, names, back)| {
                let mut opening_steps = Vec::new();
                if fac_here {
                    opening_steps.push(Step::Presence(Who::Facilitator, true));
                }
                opening_steps.extend(names.into_iter().map(|n| Step::Join(n.to_owned())));
                // Some returning members connect (they are the first member seats).
                opening_steps.extend(
                    back.into_iter()
                        .map(|i| Step::Presence(Who::Member(i), true)),
                );
                Plan {
                    auto_advance,
                    boxes,
                    returning,
                    prior,
                    first_commitment_id: first,
                    opening_steps,
                }
            },
        )
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    vec(step(), 1..=200)
}

// ---------------------------------------------------------------------------------------------
// Resolving abstract steps against the meeting
// ---------------------------------------------------------------------------------------------

fn members(s: &Snapshot) -> Vec<SeatId> {
    s.seats
        .iter()
        .filter(|x| x.role == Role::Member)
        .map(|x| x.id)
        .collect()
}

fn resolve(who: &Who, m: &Meeting, s: &Snapshot) -> SeatId {
    let unknown = SeatId(10_001);
    match who {
        Who::Facilitator => m.facilitator(),
        Who::Member(i) => {
            let ms = members(s);
            if ms.is_empty() {
                unknown
            } else {
                ms[i % ms.len()]
            }
        }
        Who::FloorHolder => m.floor().map_or(unknown, |(seat, _)| seat),
        Who::Presenter => s
            .agenda
            .current
            .or_else(|| s.agenda.done.last().map(|e| e.seat))
            .unwrap_or(unknown),
        Who::Former(i) => {
            if s.former_seats.is_empty() {
                unknown
            } else {
                s.former_seats[i % s.former_seats.len()].id
            }
        }
        Who::Unknown(id) => SeatId(*id),
    }
}

fn resolve_commitment(r: &CommitRef, s: &Snapshot) -> CommitmentId {
    match r {
        CommitRef::Open(i) if !s.check_in.open_commitments.is_empty() => {
            s.check_in.open_commitments[i % s.check_in.open_commitments.len()].id
        }
        CommitRef::Made(i) if !s.commitments.is_empty() => {
            s.commitments[i % s.commitments.len()].id
        }
        CommitRef::Open(_) | CommitRef::Made(_) => CommitmentId(777),
        CommitRef::Raw(id) => CommitmentId(*id),
    }
}

fn command(act: &Act, m: &Meeting, s: &Snapshot) -> Command {
    match act {
        Act::Ack => Command::AcknowledgeNorms,
        Act::Raise => Command::RaiseHand,
        Act::Lower => Command::LowerHand,
        Act::Volunteer => Command::Volunteer,
        Act::CheckIn { reports, note } => Command::CheckIn {
            reports: reports
                .iter()
                .map(|(r, status, note)| Report {
                    commitment: resolve_commitment(r, s),
                    status: *status,
                    note: note.clone(),
                })
                .collect(),
            note: note.clone(),
        },
        Act::Done => Command::Done,
        Act::Pass => Command::Pass,
        Act::Ask(text) => Command::Ask { text: text.clone() },
        Act::Answer(noted) => Command::Answer { noted: *noted },
        Act::Learn(text) => Command::ShareLearning { text: text.clone() },
        Act::Commit(text, due, key) => Command::Commit {
            text: text.clone(),
            due: due.clone(),
            key: key.clone(),
        },
        Act::InsightOnly => Command::InsightOnly,
        Act::Start => Command::Start,
        Act::Advance => Command::Advance,
        Act::Back => Command::Back,
        Act::Skip => Command::Skip,
        Act::SkipHotSeat => Command::SkipHotSeat,
        Act::GiveFloor(w) => Command::GiveFloor {
            seat: resolve(w, m, s),
        },
        Act::Extend(secs) => Command::Extend { secs: *secs },
        Act::Pause => Command::Pause,
        Act::Resume => Command::Resume,
        Act::EndMeeting => Command::EndMeeting,
        Act::SetAgenda(ws) => Command::SetAgenda {
            seats: ws.iter().map(|w| resolve(w, m, s)).collect(),
        },
        Act::Shuffle => Command::ShuffleAgenda,
        Act::Remove(w) => Command::RemoveMember {
            seat: resolve(w, m, s),
        },
        Act::Lock(locked) => Command::Lock { locked: *locked },
        Act::HandOver(w) => Command::HandOver {
            seat: resolve(w, m, s),
        },
        Act::SetNorms(norms) => Command::SetNorms {
            norms: norms.clone(),
        },
    }
}

/// What the floor holder would do with their turn.
fn holder_act(
    m: &Meeting,
    s: &Snapshot,
    choice: u8,
    text: &str,
    due: &Option<String>,
) -> Option<(SeatId, Command)> {
    let (seat, turn) = m.floor()?;
    let command = match turn {
        TurnKind::CheckIn if choice.is_multiple_of(4) => Command::Pass,
        TurnKind::CheckIn => Command::CheckIn {
            reports: s
                .check_in
                .open_commitments
                .iter()
                // Now and then they report on someone else's commitment too (refused).
                .filter(|c| c.seat == seat || choice % 8 == 7)
                .map(|c| Report {
                    commitment: c.id,
                    status: [
                        ReportStatus::Done,
                        ReportStatus::Partly,
                        ReportStatus::NotDone,
                    ][usize::from(choice) % 3],
                    note: (choice.is_multiple_of(2))
                        .then(|| "I learned to ask earlier.".to_owned()),
                })
                .collect(),
            note: (!choice.is_multiple_of(3)).then(|| text.to_owned()),
        },
        TurnKind::Presenting => Command::Done,
        TurnKind::Asking if choice.is_multiple_of(4) => Command::Pass,
        TurnKind::Asking => Command::Ask {
            text: text.to_owned(),
        },
        TurnKind::Answering => Command::Answer {
            noted: choice.is_multiple_of(2),
        },
        TurnKind::Learning if choice.is_multiple_of(4) => Command::Pass,
        TurnKind::Learning => Command::ShareLearning {
            text: text.to_owned(),
        },
        TurnKind::Committing => match choice % 4 {
            0 => Command::InsightOnly,
            1 => Command::Done,
            _ => Command::Commit {
                text: text.to_owned(),
                due: due.clone(),
                key: [None, Some("holder-retry".to_owned())][usize::from(choice / 4) % 2].clone(),
            },
        },
    };
    Some((seat, command))
}

/// The step a well-run meeting would take next.
fn sensible(
    m: &Meeting,
    s: &Snapshot,
    choice: u8,
    text: &str,
    due: &Option<String>,
) -> Option<(SeatId, Command)> {
    let fac = m.facilitator();
    let unacknowledged = s
        .seats
        .iter()
        .find(|x| x.role == Role::Member && x.present && !x.acknowledged)
        .map(|x| x.id);
    if !matches!(s.phase, Phase::Lobby | Phase::Ended)
        && choice.is_multiple_of(3)
        && let Some(seat) = unacknowledged
    {
        return Some((seat, Command::AcknowledgeNorms));
    }
    let ms = members(s);
    let some_member = (!ms.is_empty()).then(|| ms[usize::from(choice) % ms.len()]);
    // Now and then the facilitator corrects course, or someone offers to present (again).
    let in_hot_seat = s.phase.is_hot_seat();
    match choice % 16 {
        3 if in_hot_seat => return some_member.map(|seat| (seat, Command::Volunteer)),
        5 if in_hot_seat || s.phase == Phase::CheckIn => return Some((fac, Command::Back)),
        7 if in_hot_seat => return Some((fac, Command::SkipHotSeat)),
        _ => {}
    }
    match s.phase {
        Phase::Lobby => Some((fac, Command::Start)),
        Phase::Opening => match unacknowledged {
            Some(seat) => Some((seat, Command::AcknowledgeNorms)),
            None => Some((fac, Command::Advance)),
        },
        Phase::CheckIn => {
            if m.floor().is_some() {
                return holder_act(m, s, choice, text, due);
            }
            match some_member {
                Some(seat) if s.agenda.upcoming.len() < 2 && !choice.is_multiple_of(4) => {
                    Some((seat, Command::Volunteer))
                }
                _ => Some((fac, Command::Advance)),
            }
        }
        Phase::Questions if choice % 5 == 1 => {
            let asker = ms
                .iter()
                .copied()
                .filter(|seat| Some(*seat) != s.agenda.current)
                .nth(usize::from(choice / 5) % ms.len().max(1));
            asker.map(|seat| (seat, Command::RaiseHand))
        }
        Phase::Presenting | Phase::Questions | Phase::Learnings => {
            if m.floor().is_some() {
                holder_act(m, s, choice, text, due)
            } else {
                Some((fac, Command::Advance))
            }
        }
        Phase::Commitment => {
            let hot_seat = s.hot_seat.as_ref()?;
            let committed = s.commitments.iter().any(|c| c.hot_seat == hot_seat.index);
            if !committed && !hot_seat.insight_only && choice % 16 == 9 {
                // The facilitator tries to move on too early (refused: no commitment yet).
                Some((fac, Command::Advance))
            } else if !committed && !hot_seat.insight_only {
                let command = if choice.is_multiple_of(5) {
                    Command::InsightOnly
                } else {
                    Command::Commit {
                        text: text.to_owned(),
                        due: due.clone(),
                        key: None,
                    }
                };
                Some((hot_seat.presenter, command))
            } else if m.floor().is_some() && choice.is_multiple_of(2) {
                holder_act(m, s, choice, text, due)
            } else {
                Some((fac, Command::Advance))
            }
        }
        Phase::Closing if choice.is_multiple_of(4) => Some((fac, Command::Back)),
        Phase::Closing => Some((fac, Command::Advance)),
        Phase::Ended => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Running a meeting
// ---------------------------------------------------------------------------------------------

/// What one step did.
enum Outcome {
    /// The engine was not called (the clock moved silently, or nothing fit the state).
    NotCalled,
    Refused(RuleError),
    Accepted(Vec<Event>),
}

/// One step's call into the engine, as the step checks need it.
struct Call {
    outcome: Outcome,
    /// The call was the facilitator's `give_floor` (which may override the turn order).
    give_floor: bool,
    /// The engine was told the time (`on_time`) at this instant.
    told_time: Option<Timestamp>,
}

/// What the generated meetings reached, to check that the generator explores.
#[derive(Debug, Default)]
struct Coverage {
    phases: BTreeSet<String>,
    outcomes: BTreeSet<String>,
    errors: BTreeMap<String, usize>,
    hands_served: usize,
    time_ups: usize,
    auto_advances: usize,
    commitments: usize,
    full_rooms: usize,
    hand_overs: usize,
    steps: usize,
    refused: usize,
}

struct Run {
    meeting: Meeting,
    snapshot: Snapshot,
    now: Timestamp,
    auto_advance: bool,
}

impl Run {
    fn new(plan: &Plan) -> Result<Run, TestCaseError> {
        let meeting = Meeting::new(plan.setup());
        let snapshot = meeting.snapshot();
        check_state(&meeting, &snapshot)?;
        Ok(Run {
            meeting,
            snapshot,
            now: T0,
            auto_advance: plan.auto_advance,
        })
    }

    /// Runs one step and checks every invariant.
    fn step(&mut self, step: &Step, cov: &mut Coverage) -> Result<(), TestCaseError> {
        let before = self.meeting.clone();
        let bs = std::mem::replace(&mut self.snapshot, before.snapshot());
        let (m, s) = (&before, &bs);
        let mut give_floor = false;
        let mut call = |meeting: &mut Meeting, actor: SeatId, command: Command, now| {
            give_floor = matches!(command, Command::GiveFloor { .. });
            if matches!(command, Command::HandOver { .. }) {
                cov.hand_overs += 1;
            }
            match meeting.apply(actor, &command, now) {
                Ok(events) => Outcome::Accepted(events),
                Err(e) => Outcome::Refused(e),
            }
        };
        let outcome = match step {
            Step::Sensible(choice, text, due) => match sensible(m, s, *choice, text, due) {
                Some((actor, command)) => call(&mut self.meeting, actor, command, self.now),
                None => Outcome::NotCalled,
            },
            Step::FloorHolderActs(choice, text, due) => {
                let act = holder_act(m, s, *choice, text, due)
                    .or_else(|| sensible(m, s, *choice, text, due));
                match act {
                    Some((actor, command)) => call(&mut self.meeting, actor, command, self.now),
                    None => Outcome::NotCalled,
                }
            }
            Step::Act(who, act) => {
                let actor = resolve(who, m, s);
                call(&mut self.meeting, actor, command(act, m, s), self.now)
            }
            Step::Join(name) => match self.meeting.join(name, self.now) {
                Ok((seat, events)) => {
                    prop_assert_eq!(self.meeting.role_of(seat), Some(Role::Member));
                    prop_assert!(self.meeting.is_present(seat));
                    Outcome::Accepted(events)
                }
                Err(e) => {
                    if e == RuleError::RoomFull {
                        cov.full_rooms += 1;
                    }
                    Outcome::Refused(e)
                }
            },
            Step::Presence(who, present) => {
                let seat = resolve(who, m, s);
                match self.meeting.set_presence(seat, *present, self.now) {
                    Ok(events) => Outcome::Accepted(events),
                    Err(e) => Outcome::Refused(e),
                }
            }
            Step::Release(who) => {
                let seat = resolve(who, m, s);
                match self.meeting.release(seat, self.now) {
                    Ok(events) => Outcome::Accepted(events),
                    Err(e) => Outcome::Refused(e),
                }
            }
            Step::Tick(ms) => {
                self.now = self.now.plus_ms(*ms);
                Outcome::Accepted(self.meeting.on_time(self.now))
            }
            Step::Late(ms) => {
                self.now = self.now.plus_ms(*ms);
                Outcome::NotCalled
            }
        };
        self.snapshot = self.meeting.snapshot();
        let (after, snap) = (&self.meeting, &self.snapshot);
        if std::env::var_os(TRACE_VAR).is_some() {
            trace(step, &outcome, snap);
        }

        cov.steps += 1;
        cov.phases.insert(format!("{:?}", snap.phase));
        for (_, outcome, _, _) in after.closed_hot_seats() {
            cov.outcomes.insert(format!("{outcome:?}"));
        }
        cov.commitments = cov.commitments.max(snap.commitments.len());
        if let Outcome::Refused(e) = &outcome {
            cov.refused += 1;
            *cov.errors.entry(format!("{:?}", e.code())).or_default() += 1;
        }
        if let Outcome::Accepted(events) = &outcome {
            cov.time_ups += events
                .iter()
                .filter(|e| matches!(e, Event::TimeUp { .. }))
                .count();
            if self.auto_advance
                && matches!(step, Step::Tick(_))
                && events
                    .iter()
                    .any(|e| matches!(e, Event::PhaseChanged { .. }))
            {
                cov.auto_advances += 1;
            }
        }

        check_state(after, snap)?;
        let call = Call {
            outcome,
            give_floor,
            told_time: matches!(step, Step::Tick(_)).then_some(self.now),
        };
        check_step(&before, &bs, after, snap, &call, cov)
    }
}

/// Set this variable to print every step, what it did and the state after it (replay a
/// minimized case in a one-off `#[test]` calling `run_case` to read its story).
const TRACE_VAR: &str = "HOTSEAT_PROPERTIES_TRACE";

fn trace(step: &Step, outcome: &Outcome, s: &Snapshot) {
    let did = match outcome {
        Outcome::NotCalled => "-".to_owned(),
        Outcome::Refused(e) => format!("refused: {e:?}"),
        Outcome::Accepted(events) => format!("{events:?}"),
    };
    let seats: Vec<_> = s
        .seats
        .iter()
        .map(|x| (x.id.0, x.role, x.present, x.acknowledged))
        .collect();
    eprintln!(
        "{step:?}\n  => {did}\n  {:?} v{} floor {:?} hands {:?} pending {:?} agenda {:?} seats {:?}",
        s.phase,
        s.version,
        s.floor.map(|f| (f.seat.0, f.turn)),
        s.hands,
        s.hot_seat.as_ref().map(|h| &h.first_round_pending),
        s.agenda.upcoming,
        seats,
    );
}

fn run_case(plan: &Plan, steps: &[Step], cov: &mut Coverage) -> Result<(), TestCaseError> {
    let mut run = Run::new(plan)?;
    for (i, step) in plan.opening_steps.iter().chain(steps).enumerate() {
        run.step(step, cov).map_err(|e| {
            TestCaseError::fail(format!(
                "after step {i} ({step:?}) in {:?} at +{} ms: {e}",
                run.meeting.phase(),
                run.now.ms_since(T0)
            ))
        })?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The invariants
// ---------------------------------------------------------------------------------------------

/// Invariant 3, written independently of the engine: every move between phases the method
/// allows, as (from, to) pairs. Forwards one step; back one step (into the hot seat before,
/// at its last step, or at its presenting when it had been skipped; to the check-in when there
/// was none); skipping (or losing the presenter of) a hot seat, to the next one's presenting
/// or to the close; and ending, from anywhere but the end.
fn allowed_by_method(from: Phase, to: Phase) -> bool {
    use Phase::*;
    const TABLE: &[(Phase, Phase)] = &[
        // forwards
        (Lobby, Opening),
        (Opening, CheckIn),
        (CheckIn, Presenting),
        (CheckIn, Closing),
        (Presenting, Questions),
        (Questions, Learnings),
        (Learnings, Commitment),
        (Commitment, Presenting),
        (Commitment, Closing),
        (Closing, Ended),
        // back
        (CheckIn, Opening),
        (Presenting, CheckIn),
        (Presenting, Commitment),
        (Presenting, Presenting),
        (Questions, Presenting),
        (Learnings, Questions),
        (Commitment, Learnings),
        (Closing, Commitment),
        (Closing, Presenting),
        (Closing, CheckIn),
        // a hot seat skipped, or its presenter gone
        (Questions, Closing),
        (Learnings, Presenting),
        (Learnings, Closing),
        (Presenting, Closing),
        // ending early
        (Lobby, Ended),
        (Opening, Ended),
        (CheckIn, Ended),
        (Presenting, Ended),
        (Questions, Ended),
        (Learnings, Ended),
        (Commitment, Ended),
    ];
    TABLE.contains(&(from, to))
}

const ALL_PHASES: [Phase; 9] = [
    Phase::Lobby,
    Phase::Opening,
    Phase::CheckIn,
    Phase::Presenting,
    Phase::Questions,
    Phase::Learnings,
    Phase::Commitment,
    Phase::Closing,
    Phase::Ended,
];

fn eligible(s: &Snapshot, seat: SeatId) -> bool {
    s.seats
        .iter()
        .any(|x| x.id == seat && x.role == Role::Member && x.present && x.acknowledged)
}

fn no_duplicates(list: &[SeatId]) -> bool {
    list.iter().collect::<BTreeSet<_>>().len() == list.len()
}

/// The view's values against the meeting's own record of its state: what its checkpoint
/// holds, which serde writes from the engine's fields (words left out), not through the view.
fn check_view_values(m: &Meeting, wire: &Value) -> Result<(), TestCaseError> {
    let state = &serde_json::to_value(m).expect("the meeting serializes");
    for (on_wire, in_state) in [
        ("/version", "/version"),
        ("/circle/name", "/circle_name"),
        ("/circle/norms", "/norms"),
        ("/settings", "/settings"),
        ("/locked", "/locked"),
        ("/phase", "/phase"),
        ("/seats", "/seats"),
        ("/floor", "/floor"),
        ("/agenda/upcoming", "/upcoming"),
        ("/hands", "/hands"),
        ("/check_in/open_commitments", "/check_in/open"),
        ("/check_in/done", "/check_in/done"),
        ("/schedule", "/schedule"),
    ] {
        prop_assert_eq!(
            wire.pointer(on_wire),
            state.pointer(in_state),
            "{}",
            on_wire
        );
    }
    let pick = |value: &Value, fields: &[&str]| -> Value {
        fields
            .iter()
            .map(|f| ((*f).to_owned(), value[*f].clone()))
            .collect()
    };
    let list = |value: &Value| value.as_array().cloned().unwrap_or_default();
    let commitment = ["id", "seat", "text", "due", "hot_seat"];
    prop_assert_eq!(
        list(&wire["commitments"]),
        list(&state["commitments"])
            .iter()
            .map(|c| pick(c, &commitment))
            .collect::<Vec<_>>(),
        "commitments"
    );
    prop_assert_eq!(
        list(&wire["former_seats"]),
        list(&state["former_seats"])
            .iter()
            .map(|pair| json!({"id": pair[0], "name": pair[1]}))
            .collect::<Vec<_>>(),
        "former seats"
    );
    let hot_seats = list(&state["hot_seats"]);
    prop_assert_eq!(
        list(&wire["agenda"]["done"]),
        hot_seats
            .iter()
            .filter(|h| !h["outcome"].is_null())
            .map(|h| json!({"seat": h["presenter"], "outcome": h["outcome"]}))
            .collect::<Vec<_>>(),
        "agenda done"
    );
    let running = hot_seats.last().filter(|h| h["outcome"].is_null());
    prop_assert_eq!(
        wire["hot_seat"].is_null(),
        running.is_none(),
        "a hot seat runs"
    );
    if let Some(h) = running {
        let view = &wire["hot_seat"];
        for field in ["index", "presenter", "learnings_done", "insight_only"] {
            prop_assert_eq!(&view[field], &h[field], "hot seat {}", field);
        }
        let question = ["id", "seat", "kind", "status"];
        prop_assert_eq!(
            list(&view["questions"])
                .iter()
                .map(|q| pick(q, &question))
                .collect::<Vec<_>>(),
            list(&h["questions"])
                .iter()
                .map(|q| pick(q, &question))
                .collect::<Vec<_>>(),
            "questions"
        );
        prop_assert_eq!(
            list(&view["learnings"])
                .iter()
                .map(|l| pick(l, &["seat"]))
                .collect::<Vec<_>>(),
            list(&h["learnings"])
                .iter()
                .map(|l| pick(l, &["seat"]))
                .collect::<Vec<_>>(),
            "learnings"
        );
    }
    Ok(())
}

/// Invariants of a single state.
fn check_state(m: &Meeting, s: &Snapshot) -> Result<(), TestCaseError> {
    // 8. The snapshot is the meeting's, and the view the server sends is exactly that
    //    snapshot on the wire (no field more, none less, none different).
    prop_assert_eq!(s.version, m.version(), "snapshot version");
    let wire = m.view().to_json().expect("the view writes");
    let wire_value: Value = serde_json::from_str(&wire).expect("the view writes JSON");
    // `Snapshot` reads past unknown fields, so `s` (read from `wire`) cannot show one the
    // type lacks: compare the JSON values, where an extra field shows.
    prop_assert_eq!(
        &wire_value,
        &serde_json::to_value(s).expect("the snapshot serializes"),
        "the view's JSON is the snapshot's"
    );
    // Byte for byte, too: serde_json's own field order and escaping.
    prop_assert_eq!(
        &wire,
        &serde_json::to_string(s).expect("the snapshot serializes"),
        "the view writes what serde_json writes for the snapshot"
    );
    check_view_values(m, &wire_value)?;
    prop_assert_eq!(s.phase, m.phase());
    prop_assert_eq!(s.floor.map(|f| (f.seat, f.turn)), m.floor());

    // 1. At most six members, exactly one facilitator, seat ids unique.
    let ids: Vec<SeatId> = s.seats.iter().map(|x| x.id).collect();
    prop_assert!(no_duplicates(&ids), "duplicate seat ids {:?}", ids);
    let facilitators: Vec<SeatId> = s
        .seats
        .iter()
        .filter(|x| x.role == Role::Facilitator)
        .map(|x| x.id)
        .collect();
    prop_assert_eq!(facilitators.len(), 1, "facilitators: {:?}", facilitators);
    prop_assert_eq!(facilitators[0], m.facilitator());
    let member_ids = members(s);
    prop_assert!(
        member_ids.len() <= MEMBERS_MAX,
        "{} members",
        member_ids.len()
    );
    prop_assert_eq!(m.member_count(), member_ids.len());
    let in_room = |seat: SeatId| ids.contains(&seat);
    let is_member = |seat: SeatId| member_ids.contains(&seat);
    let known = |seat: SeatId| in_room(seat) || s.former_seats.iter().any(|f| f.id == seat);

    // 8. The hot seat runs exactly in the hot seat's steps; its presenter is a member here.
    prop_assert_eq!(
        s.hot_seat.is_some(),
        s.phase.is_hot_seat(),
        "a hot seat view in {:?}",
        s.phase
    );
    let presenter = s.hot_seat.as_ref().map(|h| h.presenter);
    prop_assert_eq!(s.agenda.current, presenter);
    if let Some(p) = presenter {
        prop_assert!(is_member(p), "presenter {} is not a member here", p);
    }

    // 2. The floor.
    if let Some(floor) = s.floor {
        prop_assert!(
            is_member(floor.seat),
            "floor holder {} is not a member here",
            floor.seat
        );
        let ok = match s.phase {
            Phase::Lobby | Phase::Opening | Phase::Closing | Phase::Ended => false,
            Phase::CheckIn => floor.turn == TurnKind::CheckIn,
            Phase::Presenting => {
                floor.turn == TurnKind::Presenting && presenter == Some(floor.seat)
            }
            Phase::Questions => match floor.turn {
                TurnKind::Asking => presenter != Some(floor.seat),
                TurnKind::Answering => presenter == Some(floor.seat),
                _ => false,
            },
            Phase::Learnings => floor.turn == TurnKind::Learning,
            Phase::Commitment => {
                floor.turn == TurnKind::Committing && presenter == Some(floor.seat)
            }
        };
        prop_assert!(
            ok,
            "floor {:?} in {:?} (presenter {:?})",
            floor,
            s.phase,
            presenter
        );
    }

    // 6. No hot seat closes without a commitment or an explicit insight-only choice.
    for (seat, outcome, made, insight_only) in m.closed_hot_seats() {
        match outcome {
            HotSeatOutcome::Committed => {
                prop_assert!(
                    made >= 1,
                    "hot seat of {} closed committed without one",
                    seat
                );
            }
            HotSeatOutcome::InsightOnly => {
                prop_assert!(
                    insight_only,
                    "hot seat of {} closed insight-only unchosen",
                    seat
                );
            }
            HotSeatOutcome::Skipped | HotSeatOutcome::Unfinished => {}
        }
    }
    let closed = m.closed_hot_seats();
    prop_assert_eq!(closed.len(), s.agenda.done.len());
    for ((seat, outcome, _, _), entry) in closed.iter().zip(&s.agenda.done) {
        prop_assert_eq!((*seat, *outcome), (entry.seat, entry.outcome));
    }

    // 8. Every seat named is in the room (history may name former seats).
    if let Some(next) = s.next {
        prop_assert!(in_room(next), "next {} is not here", next);
        prop_assert!(
            s.floor.is_none_or(|f| f.seat != next),
            "next is the floor holder"
        );
    }
    prop_assert!(no_duplicates(&s.hands), "duplicate hands {:?}", s.hands);
    for hand in &s.hands {
        prop_assert!(is_member(*hand), "hand {} is not a member here", hand);
        prop_assert!(Some(*hand) != presenter, "the presenter's hand is up");
        prop_assert!(
            s.floor
                .is_none_or(|f| f.seat != *hand || f.turn != TurnKind::Asking),
            "the asker's hand is still up"
        );
    }
    prop_assert!(
        s.hands.is_empty() || s.phase == Phase::Questions,
        "hands up in {:?}",
        s.phase
    );
    prop_assert!(
        no_duplicates(&s.agenda.upcoming),
        "agenda {:?}",
        s.agenda.upcoming
    );
    for seat in &s.agenda.upcoming {
        prop_assert!(is_member(*seat), "agenda names {}, not a member here", seat);
        prop_assert!(
            Some(*seat) != presenter,
            "agenda names the current presenter {}",
            seat
        );
    }
    for entry in &s.agenda.done {
        prop_assert!(
            known(entry.seat),
            "agenda history names unknown {}",
            entry.seat
        );
    }
    for c in &s.commitments {
        prop_assert!(known(c.seat), "commitment by unknown {}", c.seat);
    }

    // Every step but the lobby, the check-in and the end runs its phase's time box; the
    // check-in runs one box per turn, exactly while someone has the floor.
    match s.phase {
        Phase::Lobby | Phase::Ended => {}
        Phase::CheckIn => {
            prop_assert_eq!(s.timer.is_some(), s.floor.is_some(), "check-in turn box");
            prop_assert!(s.timer.is_none_or(|t| t.scope == TimerScope::Turn));
        }
        _ => prop_assert!(
            s.timer.is_some_and(|t| t.scope == TimerScope::Phase),
            "no phase box in {:?}",
            s.phase
        ),
    }

    // At most one question waits for an answer; the presenter answering has one waiting.
    if let Some(h) = &s.hot_seat {
        let waiting = h
            .questions
            .iter()
            .filter(|q| q.status == QuestionStatus::Asked)
            .count();
        prop_assert!(waiting <= 1, "{} questions wait for an answer", waiting);
        if s.floor.is_some_and(|f| f.turn == TurnKind::Answering) {
            prop_assert_eq!(waiting, 1, "the presenter answers no question");
        }
    }

    // Hot seats are numbered in order, and each commitment is its hot seat's presenter's.
    if let Some(h) = &s.hot_seat {
        prop_assert_eq!(h.index as usize, s.agenda.done.len(), "hot seat index");
    }
    for c in &s.commitments {
        let i = c.hot_seat as usize;
        let presenter_then = match s.agenda.done.get(i) {
            Some(entry) => Some(entry.seat),
            None => s
                .hot_seat
                .as_ref()
                .filter(|h| h.index as usize == i)
                .map(|h| h.presenter),
        };
        prop_assert_eq!(
            presenter_then,
            Some(c.seat),
            "commitment {:?} in hot seat {}",
            c.id,
            i
        );
    }

    // 9. Deadlines: none in the lobby or after the end, none while paused or after time is up.
    let deadline = m.next_deadline();
    if matches!(s.phase, Phase::Lobby | Phase::Ended) {
        prop_assert_eq!(deadline, None, "a deadline in {:?}", s.phase);
        prop_assert!(s.timer.is_none(), "a timer in {:?}", s.phase);
    }
    match s.timer {
        None => prop_assert_eq!(deadline, None),
        Some(t) if t.paused.is_some() || t.time_up => {
            prop_assert_eq!(deadline, None, "deadline with timer {:?}", t);
        }
        Some(t) => {
            prop_assert!(
                deadline.is_some(),
                "no deadline for a running timer {:?}",
                t
            );
            prop_assert_eq!(deadline, t.deadline);
        }
    }

    // 7 (state part). The floor is never idle while someone is due a turn: with nobody on
    // the floor, no present, acknowledged member is still waiting for their first question,
    // their check-in or their learning.
    if s.floor.is_none() {
        match (s.phase, &s.hot_seat) {
            (Phase::Questions, Some(h)) => {
                prop_assert!(
                    h.first_round_pending.is_empty(),
                    "idle floor while {:?} wait for a first turn",
                    h.first_round_pending
                );
                prop_assert!(
                    !s.hands.iter().any(|hand| eligible(s, *hand)),
                    "idle floor with hands up {:?}",
                    s.hands
                );
            }
            (Phase::Learnings, Some(h)) => {
                for seat in &member_ids {
                    prop_assert!(
                        !eligible(s, *seat) || h.learnings_done.contains(seat),
                        "idle floor while {} has not shared a learning",
                        seat
                    );
                }
            }
            (Phase::CheckIn, _) => {
                for seat in &member_ids {
                    prop_assert!(
                        !eligible(s, *seat) || s.check_in.done.contains(seat),
                        "idle floor while {} has not checked in",
                        seat
                    );
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Invariants of one step, from `before` to `after`.
fn check_step(
    before: &Meeting,
    bs: &Snapshot,
    after: &Meeting,
    s: &Snapshot,
    call: &Call,
    cov: &mut Coverage,
) -> Result<(), TestCaseError> {
    let (give_floor, told_time) = (call.give_floor, call.told_time);
    let events: &[Event] = match &call.outcome {
        // 4. An error never changes the state (nor does a call that was not made).
        Outcome::Refused(e) => {
            prop_assert!(after == before, "refused ({:?}) but changed", e);
            return Ok(());
        }
        Outcome::NotCalled => {
            prop_assert!(after == before);
            return Ok(());
        }
        Outcome::Accepted(events) => events,
    };

    // 5. The version grows by one with every change, and only then; an accepted call without
    // events changed nothing at all.
    if events.is_empty() {
        prop_assert_eq!(after.version(), before.version());
        prop_assert!(after == before, "changed without an event");
    } else {
        prop_assert_eq!(after.version(), before.version() + 1, "events {:?}", events);
    }

    // 3. Phases move only as the rules allow, every move announced, in order.
    let mut phase = before.phase();
    for event in events {
        if let Event::PhaseChanged { from, to } = event {
            prop_assert_eq!(*from, phase, "phase change announced from the wrong phase");
            prop_assert!(
                transition_allowed(*from, *to),
                "engine table: {:?} -> {:?}",
                from,
                to
            );
            prop_assert!(
                allowed_by_method(*from, *to),
                "method: {:?} -> {:?}",
                from,
                to
            );
            phase = *to;
        }
    }
    prop_assert_eq!(phase, after.phase(), "unannounced phase change");
    if before.phase() != after.phase() {
        prop_assert!(transition_allowed(before.phase(), after.phase()));
        prop_assert!(allowed_by_method(before.phase(), after.phase()));
    }

    // Voice stats only grow.
    for seat in &s.seats {
        if let Some(was) = bs.seats.iter().find(|x| x.id == seat.id) {
            let (a, b) = (was.stats, seat.stats);
            prop_assert!(
                b.turns >= a.turns && b.passes >= a.passes && b.questions >= a.questions,
                "stats of {} shrank: {:?} -> {:?}",
                seat.id,
                a,
                b
            );
        }
    }

    // Nothing committed is lost: this meeting's commitments only grow.
    prop_assert!(
        s.commitments.len() >= bs.commitments.len()
            && s.commitments[..bs.commitments.len()] == bs.commitments[..],
        "a commitment was lost or changed"
    );

    // A time box that runs out says so: time_up is only ever set with a time_up event.
    let was_up = bs.timer.is_some_and(|t| t.time_up);
    if s.timer.is_some_and(|t| t.time_up) && !was_up {
        prop_assert!(
            events.iter().any(|e| matches!(e, Event::TimeUp { .. })),
            "time ran out silently: {:?} -> {:?}, events {:?}",
            bs.timer,
            s.timer,
            events
        );
    }

    // Once the engine has been told the time, no running box is left overdue.
    if let Some(now) = told_time {
        let deadline = after.next_deadline();
        prop_assert!(
            deadline.is_none_or(|d| d > now),
            "overdue deadline {:?}",
            deadline
        );
    }

    // 7. The voice guarantee. Whenever the engine (not the facilitator's give_floor) hands the
    // floor to an asker H in the question round:
    //  - if H is still owed a first turn (in first_round_pending), H is the first of them in
    //    turn order;
    //  - otherwise H got the floor through a raised hand: then first_round_pending is empty
    //    (no present, acknowledged member still waiting for a first turn is passed over),
    //    H's hand was up before the step, and every hand raised before H's belongs to someone
    //    who cannot take a turn now (hands are served in the order raised).
    let floor_moved = bs.floor != s.floor;
    if let (Phase::Questions, Some(floor), Some(h), true, false) =
        (s.phase, s.floor, &s.hot_seat, floor_moved, give_floor)
        && floor.turn == TurnKind::Asking
    {
        if h.first_round_pending.contains(&floor.seat) {
            prop_assert_eq!(
                h.first_round_pending[0],
                floor.seat,
                "first turns out of order"
            );
        } else {
            cov.hands_served += 1;
            prop_assert!(
                h.first_round_pending.is_empty(),
                "{} served from the hands while {:?} still wait for a first turn",
                floor.seat,
                h.first_round_pending
            );
            // The hand may have gone up in this very step (and been served at once).
            let mut hands = bs.hands.clone();
            if events.contains(&Event::HandRaised { seat: floor.seat }) {
                hands.push(floor.seat);
            }
            let position = hands.iter().position(|x| *x == floor.seat);
            prop_assert!(
                position.is_some(),
                "{} got a second turn without a hand",
                floor.seat
            );
            for earlier in &hands[..position.unwrap_or(0)] {
                prop_assert!(!eligible(s, *earlier), "hand {} was passed over", earlier);
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------

/// Random meetings per run: `PROPTEST_CASES` when set (a quick CI pass or a long soak), else
/// 2000. A struct literal's `cases` overrides proptest's own reading of the variable.
fn cases() -> u32 {
    match std::env::var("PROPTEST_CASES") {
        Ok(text) => text
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("PROPTEST_CASES must be a whole number, got {text:?}")),
        Err(_) => 2000,
    }
}

proptest! {
    // XorShift: in a debug build ChaCha made generating the steps slower than running them.
    #![proptest_config(ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        rng_algorithm: RngAlgorithm::XorShift,
        ..ProptestConfig::default()
    })]

    #[test]
    fn invariants_hold_after_every_step(plan in plan(), steps in steps()) {
        run_case(&plan, &steps, &mut Coverage::default())?;
    }
}

/// The engine's table of phase moves is the method's.
#[test]
fn the_engines_transition_table_is_the_methods() {
    for from in ALL_PHASES {
        for to in ALL_PHASES {
            assert_eq!(
                transition_allowed(from, to),
                allowed_by_method(from, to),
                "{from:?} -> {to:?}"
            );
        }
    }
}

/// The generator explores: over a fixed sample, meetings reach every phase and every hot seat
/// outcome, hands are served, time runs out and auto-advance moves meetings on.
#[test]
fn the_generator_reaches_every_part_of_a_meeting() {
    let config = ProptestConfig {
        rng_algorithm: RngAlgorithm::XorShift,
        ..ProptestConfig::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::XorShift));
    let strategy = (plan(), steps());
    let mut cov = Coverage::default();
    for _ in 0..300 {
        let (plan, steps) = strategy.new_tree(&mut runner).expect("a case").current();
        if let Err(e) = run_case(&plan, &steps, &mut cov) {
            panic!("{e}\nplan: {plan:?}\nsteps: {steps:?}");
        }
    }
    eprintln!("coverage: {cov:#?}");
    for phase in ALL_PHASES {
        assert!(
            cov.phases.contains(&format!("{phase:?}")),
            "never reached {phase:?}"
        );
    }
    for outcome in ["Committed", "InsightOnly", "Skipped", "Unfinished"] {
        assert!(
            cov.outcomes.contains(outcome),
            "no hot seat ended {outcome}"
        );
    }
    // Implausible arguments and actors reach every rule the engine enforces.
    for code in [
        "RoomFull",
        "RoomLocked",
        "InvalidName",
        "NameTaken",
        "NotFacilitator",
        "NotYourTurn",
        "WrongPhase",
        "CommitmentRequired",
        "NormsNotAcknowledged",
        "NormsPending",
        "UnknownSeat",
        "NotEligible",
        "InvalidText",
        "InvalidDate",
        "InvalidAgenda",
        "InvalidDuration",
        "CannotGoBack",
        "NoFloor",
        "UnknownCommitment",
        "MeetingEnded",
        "AlreadyDone",
    ] {
        assert!(
            cov.errors.contains_key(code),
            "no command was refused with {code}"
        );
    }
    assert!(cov.hands_served > 0, "no raised hand was ever served");
    assert!(
        cov.time_ups > 0 && cov.auto_advances > 0,
        "time never moved a meeting"
    );
    assert!(cov.full_rooms > 0, "the room never filled up");
    assert!(cov.hand_overs > 0 && cov.commitments > 2);
    assert!(
        cov.refused > 0 && cov.refused < cov.steps / 2,
        "{} of {} refused",
        cov.refused,
        cov.steps
    );
}

// ---------------------------------------------------------------------------------------------
// Regressions: the minimized cases of engine bugs the properties found
// ---------------------------------------------------------------------------------------------

/// A Table in the check-in with everyone acknowledged and `agenda` set.
fn table_in_check_in(agenda: &[usize]) -> Table {
    let mut t = Table::new(&["Ana", "Bo", "Cy"]);
    t.open_meeting();
    let seats = agenda.iter().map(|i| t.m(*i)).collect();
    t.fac(Command::SetAgenda { seats });
    t
}

/// Found by "time_up is only ever set with a time_up event": an extension given after the
/// deadline had passed, but before the engine was told the time, marked the box as run out
/// without announcing it, and `next_deadline` went quiet, so with auto-advance the meeting
/// never moved on. Now the extension counts from now and the box runs again.
#[test]
fn an_extension_after_an_unannounced_deadline_counts_from_now() {
    let mut t = Table::new(&["Ana"]);
    t.fac(Command::Start);
    let deadline = t.meeting.next_deadline().expect("the opening box runs");
    t.now = deadline.plus_ms(181_000);
    t.fac(Command::Extend { secs: 1 });
    let timer = t.snapshot().timer.expect("a timer");
    assert!(!timer.time_up, "time up was set silently");
    assert_eq!(t.meeting.next_deadline(), Some(t.now.plus_ms(1_000)));
    let events = t.tick(1_000);
    assert!(events.contains(&Event::TimeUp {
        phase: Phase::Opening
    }));
}

/// Found by "the agenda never names the current presenter, nor anyone twice": a presenter
/// whose hot seat was skipped volunteers again; going back reopened their hot seat while
/// they stayed on the agenda, and going back once more put them on it twice.
#[test]
fn going_back_into_a_hot_seat_takes_its_presenter_off_the_agenda() {
    let mut t = table_in_check_in(&[0, 1]);
    let (ana, bo) = (t.m(0), t.m(1));
    t.fac(Command::Advance);
    assert_eq!(t.phase(), Phase::Presenting);
    assert_eq!(t.snapshot().agenda.current, Some(ana));
    t.fac(Command::SkipHotSeat);
    assert_eq!(t.snapshot().agenda.current, Some(bo));
    t.act(ana, Command::Volunteer);
    assert_eq!(t.snapshot().agenda.upcoming, vec![ana]);

    t.fac(Command::Back);
    let agenda = t.snapshot().agenda;
    assert_eq!(agenda.current, Some(ana));
    assert_eq!(agenda.upcoming, vec![bo]);

    t.fac(Command::Back);
    assert_eq!(t.phase(), Phase::CheckIn);
    assert_eq!(t.snapshot().agenda.upcoming, vec![ana, bo]);
}

/// Found by "at most one question waits for an answer": going back from the question round
/// to presenting dropped the waiting question without setting it aside, so it stayed
/// "asked" for ever and the next question made two waiting at once.
#[test]
fn going_back_to_presenting_sets_the_waiting_question_aside() {
    let mut t = table_in_check_in(&[0]);
    let (ana, bo) = (t.m(0), t.m(1));
    while t.phase() == Phase::CheckIn {
        match t.floor() {
            Some(seat) => t.act(seat, Command::Pass),
            None => t.fac(Command::Advance),
        };
    }
    t.act(ana, Command::Done);
    t.fac(Command::Advance);
    assert_eq!(t.floor(), Some(bo));
    t.act(
        bo,
        hotseat_tests::ask("What would you like to understand better here?"),
    );
    assert_eq!(t.turn(), Some(TurnKind::Answering));

    t.fac(Command::Back);
    assert_eq!(t.phase(), Phase::Presenting);
    let statuses = |t: &Table| -> Vec<QuestionStatus> {
        let hot_seat = t.snapshot().hot_seat.expect("a hot seat");
        hot_seat.questions.iter().map(|q| q.status).collect()
    };
    assert_eq!(statuses(&t), vec![QuestionStatus::SetAside]);

    t.act(ana, Command::Done);
    t.fac(Command::Advance);
    let asker = t.floor().expect("an asker");
    t.act(asker, hotseat_tests::ask("What do you need right now?"));
    assert_eq!(
        statuses(&t),
        vec![QuestionStatus::SetAside, QuestionStatus::Asked]
    );
}
