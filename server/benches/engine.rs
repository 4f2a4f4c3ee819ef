//! The rules engine under a realistic command mix: a whole 7-seat meeting (opening, norms,
//! check-in, two hot seats with questions, answers, learnings and commitments, closing)
//! replayed command by command, and single commands of each common kind.
//!
//! `cargo bench -p hotseat-server --bench engine`. Results: BENCHMARKS.md.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use hotseat_protocol::{Command, Phase, SeatId, Timestamp, TurnKind};
use hotseat_server::engine::{Meeting, MeetingSetup};

const T0: Timestamp = Timestamp(1_795_219_200_000);

const QUESTIONS: [&str; 6] = [
    "What would a good outcome look like for you?",
    "What does this cost you, and your team?",
    "Did you talk to her about it?",
    "When have you handled something like this well?",
    "Have you tried delegating the report?",
    "If you could change one thing, what would it be?",
];

/// A circle in the lobby: the facilitator and six members, all present.
fn seated() -> Meeting {
    let mut meeting = Meeting::new(MeetingSetup::new("Bench circle"));
    let facilitator = meeting.facilitator();
    meeting
        .set_presence(facilitator, true, T0)
        .expect("facilitator arrives");
    for name in ["Ana", "Bo", "Cy", "Di", "Ed", "Flo"] {
        meeting.join(name, T0).expect("member joins");
    }
    meeting
}

/// Records a whole meeting as (actor, command, instant) steps.
struct Recorder {
    meeting: Meeting,
    now: Timestamp,
    steps: Vec<(SeatId, Command, Timestamp)>,
    asked: usize,
}

impl Recorder {
    fn act(&mut self, seat: SeatId, command: Command) {
        self.now = self.now.plus_ms(20_000);
        if let Err(e) = self.meeting.apply(seat, &command, self.now) {
            panic!("{command:?} refused in {:?}: {e}", self.meeting.phase());
        }
        self.steps.push((seat, command, self.now));
    }

    fn holder(&self) -> Option<(SeatId, TurnKind)> {
        self.meeting.floor()
    }
}

fn whole_meeting() -> (Meeting, Vec<(SeatId, Command, Timestamp)>) {
    let start = seated();
    let facilitator = start.facilitator();
    let members: Vec<SeatId> = start
        .seat_ids()
        .into_iter()
        .filter(|s| *s != facilitator)
        .collect();
    let mut r = Recorder {
        meeting: start.clone(),
        now: T0,
        steps: Vec::new(),
        asked: 0,
    };
    r.act(facilitator, Command::Start);
    for m in &members {
        r.act(*m, Command::AcknowledgeNorms);
    }
    r.act(facilitator, Command::Advance);
    while let Some((seat, TurnKind::CheckIn)) = r.holder() {
        let command = Command::CheckIn {
            reports: Vec::new(),
            note: Some("Steady, a little tired after a long week.".into()),
        };
        r.act(seat, command);
    }
    r.act(members[2], Command::Volunteer);
    r.act(members[4], Command::Volunteer);
    for _ in 0..2 {
        r.act(facilitator, Command::Advance);
        let (presenter, _) = r.holder().expect("the presenter has the floor");
        r.act(presenter, Command::Done);
        r.act(facilitator, Command::Advance);
        let mut extra = members.iter().copied().filter(|m| *m != presenter).take(2);
        loop {
            match r.holder() {
                Some((seat, TurnKind::Asking)) => {
                    let text = QUESTIONS[r.asked % QUESTIONS.len()].to_owned();
                    r.asked += 1;
                    r.act(seat, Command::Ask { text });
                }
                Some((seat, TurnKind::Answering)) => r.act(seat, Command::Answer { noted: false }),
                None => match extra.next() {
                    Some(seat) => r.act(seat, Command::RaiseHand),
                    None => break,
                },
                Some(other) => panic!("unexpected turn {other:?}"),
            }
        }
        r.act(facilitator, Command::Advance);
        while let Some((seat, TurnKind::Learning)) = r.holder() {
            let text = "I learned I jump to solutions too soon.".to_owned();
            r.act(seat, Command::ShareLearning { text });
        }
        r.act(facilitator, Command::Advance);
        let text = "Book the conversation with my manager before Friday.".to_owned();
        r.act(
            presenter,
            Command::Commit {
                text,
                due: None,
                key: None,
            },
        );
        r.act(presenter, Command::Done);
    }
    r.act(facilitator, Command::Advance);
    r.act(facilitator, Command::Advance);
    assert_eq!(r.meeting.phase(), Phase::Ended);
    (start, r.steps)
}

/// The meeting just before step `i`.
fn before(start: &Meeting, steps: &[(SeatId, Command, Timestamp)], i: usize) -> Meeting {
    let mut meeting = start.clone();
    for (seat, command, now) in &steps[..i] {
        meeting.apply(*seat, command, *now).expect("replays");
    }
    meeting
}

fn bench_engine(c: &mut Criterion) {
    let (start, steps) = whole_meeting();
    let mut group = c.benchmark_group("engine");
    group.throughput(Throughput::Elements(steps.len() as u64));
    group.bench_function(format!("whole_meeting_{}_commands", steps.len()), |b| {
        b.iter_batched(
            || start.clone(),
            |mut meeting| {
                for (seat, command, now) in &steps {
                    let events = meeting.apply(*seat, command, *now).expect("accepted");
                    black_box(events);
                }
                meeting
            },
            BatchSize::SmallInput,
        );
    });
    group.finish();

    let mut group = c.benchmark_group("engine_apply");
    for kind in [
        "check_in",
        "ask",
        "answer",
        "raise_hand",
        "share_learning",
        "commit",
        "advance",
    ] {
        // The last occurrence: the meeting is at its fullest there.
        let i = steps
            .iter()
            .rposition(|(_, command, _)| command.name() == kind)
            .expect("the meeting has this kind of command");
        let state = before(&start, &steps, i);
        let (seat, command, now) = steps[i].clone();
        group.bench_function(kind, |b| {
            b.iter_batched(
                || state.clone(),
                |mut meeting| {
                    black_box(meeting.apply(seat, &command, now).expect("accepted"));
                    meeting
                },
                BatchSize::SmallInput,
            );
        });
    }
    // A refused command (someone speaking out of turn) must be cheap too.
    let i = steps
        .iter()
        .rposition(|(_, command, _)| command.name() == "ask")
        .expect("an ask");
    let state = before(&start, &steps, i);
    let (asker, _, now) = steps[i].clone();
    let presenter = state.floor().map(|(s, _)| s).expect("floor");
    let outsider = state
        .seat_ids()
        .into_iter()
        .find(|s| *s != asker && *s != presenter && *s != state.facilitator())
        .expect("another member");
    group.bench_function("refused_not_your_turn", |b| {
        let command = Command::Ask {
            text: "What would you like from us today?".into(),
        };
        b.iter_batched(
            || state.clone(),
            |mut meeting| {
                black_box(
                    meeting
                        .apply(outsider, &command, now)
                        .expect_err("out of turn"),
                );
                meeting
            },
            BatchSize::SmallInput,
        );
    });
    group.finish();
}

criterion_group!(benches, bench_engine);
criterion_main!(benches);
