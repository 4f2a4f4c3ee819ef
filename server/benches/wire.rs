//! What the server does per update besides the rules: write the update's JSON once, straight
//! from the meeting (the same bytes go to all seven connections), frame it, serialize the ack,
//! and parse a client's `act`; beside it, serde_json writing the same update, for scale.
//! Measured on a meeting in its second hot seat, where the snapshot is at its largest
//! (questions, learnings and commitments on the table).
//!
//! `cargo bench -p hotseat-server --bench wire`. Results: BENCHMARKS.md.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use hotseat_protocol::{ClientMessage, Command, Phase, ServerMessage, Timestamp, TurnKind};
use hotseat_server::engine::{Meeting, MeetingSetup};
use hotseat_server::ws::frame;

const T0: Timestamp = Timestamp(1_795_219_200_000);

/// A meeting in the question round of its second hot seat, after four questions, with
/// the first hot seat's commitment recorded. Returns it with the events of its last step.
fn busy_meeting() -> (Meeting, Vec<hotseat_protocol::Event>) {
    let mut m = Meeting::new(MeetingSetup::new("Bench circle"));
    let fac = m.facilitator();
    m.set_presence(fac, true, T0).expect("facilitator");
    let members: Vec<_> = ["Ana", "Bo", "Cy", "Di", "Ed", "Flo"]
        .iter()
        .map(|n| m.join(n, T0).expect("joins").0)
        .collect();
    let mut now = T0;
    let mut last = Vec::new();
    let mut act = |m: &mut Meeting, seat, command: Command| {
        now = now.plus_ms(20_000);
        last = m.apply(seat, &command, now).expect("accepted");
    };
    act(&mut m, fac, Command::Start);
    for s in &members {
        act(&mut m, *s, Command::AcknowledgeNorms);
    }
    act(&mut m, fac, Command::Advance);
    while let Some((seat, TurnKind::CheckIn)) = m.floor() {
        let note = Some("Arriving distracted, but glad to be here.".to_owned());
        act(
            &mut m,
            seat,
            Command::CheckIn {
                reports: Vec::new(),
                note,
            },
        );
    }
    act(&mut m, members[1], Command::Volunteer);
    act(&mut m, members[3], Command::Volunteer);
    for hot_seat in 0..2 {
        act(&mut m, fac, Command::Advance);
        let (presenter, _) = m.floor().expect("presenter");
        act(&mut m, presenter, Command::Done);
        act(&mut m, fac, Command::Advance);
        let mut asked = 0;
        while let Some((seat, turn)) = m.floor() {
            if hot_seat == 1 && asked == 4 && turn == TurnKind::Asking {
                return (m, last);
            }
            let command = match turn {
                TurnKind::Asking => {
                    asked += 1;
                    Command::Ask {
                        text: "If this went perfectly, what would you see six months from now?"
                            .into(),
                    }
                }
                _ => Command::Answer { noted: false },
            };
            act(&mut m, seat, command);
        }
        act(&mut m, fac, Command::Advance);
        while let Some((seat, TurnKind::Learning)) = m.floor() {
            let text = "I noticed how often I avoid the hard conversation myself.".to_owned();
            act(&mut m, seat, Command::ShareLearning { text });
        }
        act(&mut m, fac, Command::Advance);
        let text = "Write down the three priorities and share them with the team.".to_owned();
        act(
            &mut m,
            presenter,
            Command::Commit {
                text,
                due: None,
                key: None,
            },
        );
    }
    unreachable!("returns in the second hot seat")
}

fn bench_wire(c: &mut Criterion) {
    let (meeting, events) = busy_meeting();
    assert_eq!(meeting.phase(), Phase::Questions);
    let now = Timestamp(T0.0 + 3_600_000);
    let mut json = Vec::new();
    frame::update_json(&mut json, now, &events, meeting.view()).expect("writes");
    let bytes = json.len();
    eprintln!("update frame on this meeting: {bytes} bytes");

    let mut group = c.benchmark_group("wire");
    // What the room does: the update's JSON, written straight from the meeting's view.
    group.bench_function("update_serialize", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(bytes);
            frame::update_json(&mut out, now, black_box(&events), meeting.view()).expect("writes");
            black_box(out)
        })
    });
    // The same JSON through serde_json (the owned `Snapshot`, as a client's types would
    // write it): the yardstick for the writer above.
    let owned = ServerMessage::Update {
        server_time: now,
        events: events.clone(),
        snapshot: meeting.snapshot(),
    };
    assert_eq!(
        serde_json::to_vec(&owned).expect("serializes"),
        json,
        "the writer writes serde_json's bytes"
    );
    group.bench_function("update_serialize_serde", |b| {
        b.iter(|| black_box(serde_json::to_string(black_box(&owned)).expect("serializes")))
    });
    group.bench_function("update_frame", |b| {
        b.iter(|| {
            black_box(frame::update(
                now,
                black_box(&events),
                meeting.view(),
                bytes,
            ))
        })
    });
    group.bench_function("ack_serialize", |b| {
        let ack: ServerMessage = ServerMessage::Ack {
            req: 4711,
            version: 95,
        };
        b.iter(|| black_box(serde_json::to_string(&ack).expect("serializes")))
    });
    let act = r#"{"type":"act","req":4711,"command":{"type":"ask","text":"What would a good outcome look like for you?"}}"#;
    group.bench_function("client_act_parse", |b| {
        b.iter(|| black_box(serde_json::from_str::<ClientMessage>(black_box(act)).expect("parses")))
    });
    group.bench_function("update_parse_client_side", |b| {
        let text = String::from_utf8(json.clone()).expect("UTF-8");
        b.iter(|| black_box(serde_json::from_str::<ServerMessage>(&text).expect("parses")))
    });
    // The live checkpoint a room stores beside each durable write and every few seconds.
    eprintln!(
        "checkpoint of this meeting: {} bytes",
        meeting.checkpoint(now).len()
    );
    group.bench_function("checkpoint_serialize", |b| {
        b.iter(|| black_box(meeting.checkpoint(black_box(now))))
    });
    group.finish();
}

criterion_group!(benches, bench_wire);
criterion_main!(benches);
