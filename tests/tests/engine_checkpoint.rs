//! Checkpoints: a meeting saved mid question round and restored is the same meeting in
//! structure (phase, presenter, floor, agenda, hands, acknowledgements, commitments, time
//! left), and what members said is nowhere in the saved text.

use hotseat_protocol::snapshot::PauseReason;
use hotseat_protocol::{Command, Phase, ReportStatus, TurnKind};
use hotseat_server::engine::{Meeting, MeetingSetup, PriorCommitment};
use hotseat_tests::{Table, ask, commit, learn};

const MARKERS: [&str; 5] = [
    "QUESTION-MARKER-7f3a",
    "LEARNING-MARKER-91bc",
    "CHECKIN-NOTE-MARKER-22de",
    "REPORT-NOTE-MARKER-5e10",
    "ANSWER-MARKER-unused",
];

/// A meeting well into its second hot seat's question round, with a hand up.
fn mid_question_round() -> Table {
    let mut setup = MeetingSetup::new("Checkpoint circle");
    setup.returning_members = vec![(hotseat_protocol::SeatId(1), "Ana".into())];
    setup.prior_commitments = vec![PriorCommitment {
        id: hotseat_protocol::CommitmentId(40),
        seat: hotseat_protocol::SeatId(1),
        text: "Ask for the budget".into(),
        due: None,
    }];
    let mut t = Table::with_setup(setup, &["Bo", "Cy", "Di"]);
    // Ana comes back (returning member, absent until she connects).
    let ana = hotseat_protocol::SeatId(1);
    t.meeting.set_presence(ana, true, t.now).unwrap();
    t.members.insert(0, ana);
    t.open_meeting();
    while let Some(who) = t.floor() {
        let reports = if who == ana {
            vec![hotseat_protocol::Report {
                commitment: hotseat_protocol::CommitmentId(40),
                status: ReportStatus::Partly,
                note: Some(MARKERS[3].into()),
            }]
        } else {
            Vec::new()
        };
        t.act(
            who,
            Command::CheckIn {
                reports,
                note: Some(MARKERS[2].into()),
            },
        );
    }
    t.fac(Command::SetAgenda {
        seats: vec![t.m(1), t.m(2)],
    });
    // First hot seat, all the way through.
    t.fac(Command::Advance);
    let first = t.m(1);
    t.act(first, Command::Done);
    t.fac(Command::Advance);
    while let Some(who) = t.floor() {
        if t.turn() == Some(TurnKind::Answering) {
            t.act(who, Command::Answer { noted: false });
        } else {
            t.act(who, ask(MARKERS[0]));
        }
    }
    t.fac(Command::Advance);
    while let Some(who) = t.floor() {
        t.act(who, learn(MARKERS[1]));
    }
    t.fac(Command::Advance);
    t.act(first, commit("Call the supplier before the 10th"));
    t.fac(Command::Advance);
    // Second hot seat: into the question round, one question asked, a hand raised.
    let second = t.m(2);
    t.act(second, Command::Done);
    t.fac(Command::Advance);
    let asker = t.floor().unwrap();
    t.act(asker, ask(MARKERS[0]));
    t.act(second, Command::Answer { noted: true });
    let hand = t.members.iter().copied().find(|s| *s != second && Some(*s) != t.floor()).unwrap();
    t.act(hand, Command::RaiseHand);
    t.tick(30_000);
    assert_eq!(t.phase(), Phase::Questions);
    t
}

#[test]
fn a_checkpoint_holds_no_words_members_said() {
    let t = mid_question_round();
    let saved = t.meeting.checkpoint(t.now);
    for marker in MARKERS {
        assert!(!saved.contains(marker), "{marker} leaked into the checkpoint");
    }
    // It does hold what the circle keeps: names and commitments.
    assert!(saved.contains("Call the supplier before the 10th"));
    assert!(saved.contains("Cy"));
}

#[test]
fn a_restored_meeting_has_the_same_structure_and_time_left() {
    let t = mid_question_round();
    let saved = t.meeting.checkpoint(t.now);
    let before = t.snapshot();
    // The server comes back ten minutes later.
    let later = t.now.plus_ms(600_000);
    let restored = Meeting::restore(&saved, later).expect("restores");
    let after = restored.snapshot();

    assert_eq!(after.version, before.version);
    assert_eq!(after.phase, before.phase);
    assert_eq!(after.floor, before.floor);
    assert_eq!(after.agenda, before.agenda);
    assert_eq!(after.hands, before.hands);
    assert_eq!(after.commitments, before.commitments);
    assert_eq!(after.check_in.done, before.check_in.done);
    assert_eq!(
        after.seats.iter().map(|s| (s.id, s.acknowledged, s.stats)).collect::<Vec<_>>(),
        before.seats.iter().map(|s| (s.id, s.acknowledged, s.stats)).collect::<Vec<_>>()
    );
    assert!(after.seats.iter().all(|s| !s.present), "nobody is connected after a restart");
    let hot_seat = after.hot_seat.expect("the hot seat is back");
    assert_eq!(hot_seat.questions.len(), before.hot_seat.as_ref().unwrap().questions.len());
    assert!(hot_seat.questions.iter().all(|q| q.text.is_empty()), "words are not restored");

    // The floor holder is away, so their box waits, holding exactly the time it had left.
    let timer_before = before.timer.expect("timer");
    let timer_after = after.timer.expect("timer");
    let left_before = timer_before.deadline.unwrap().ms_since(t.now);
    assert_eq!(timer_after.paused, Some(PauseReason::FloorAway));
    assert_eq!(timer_after.remaining_ms, Some(left_before));
}

#[test]
fn a_checkpoint_from_another_format_is_refused() {
    let t = mid_question_round();
    let saved = t.meeting.checkpoint(t.now).replacen("\"format\":1", "\"format\":99", 1);
    assert!(Meeting::restore(&saved, t.now).is_err());
    assert!(Meeting::restore("{not json", t.now).is_err());
}
