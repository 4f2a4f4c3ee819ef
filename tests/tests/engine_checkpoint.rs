//! Checkpoints: a meeting saved mid question round and restored is the same meeting in
//! structure (phase, presenter, floor, agenda, hands, acknowledgements, commitments, time
//! left), and what members said is nowhere in the saved text.

use hotseat_protocol::snapshot::{PauseReason, Words};
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
    let hand = t
        .members
        .iter()
        .copied()
        .find(|s| *s != second && Some(*s) != t.floor())
        .unwrap();
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
        assert!(
            !saved.contains(marker),
            "{marker} leaked into the checkpoint"
        );
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
        after
            .seats
            .iter()
            .map(|s| (s.id, s.acknowledged, s.stats))
            .collect::<Vec<_>>(),
        before
            .seats
            .iter()
            .map(|s| (s.id, s.acknowledged, s.stats))
            .collect::<Vec<_>>()
    );
    assert!(
        after.seats.iter().all(|s| !s.present),
        "nobody is connected after a restart"
    );
    let hot_seat = after.hot_seat.expect("the hot seat is back");
    assert_eq!(
        hot_seat.questions.len(),
        before.hot_seat.as_ref().unwrap().questions.len()
    );
    assert!(
        hot_seat
            .questions
            .iter()
            .all(|q| q.text.is_none() && q.words == Words::NotKept),
        "words are not restored, and each question says so"
    );

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
    let saved = t
        .meeting
        .checkpoint(t.now)
        .replacen("\"format\":1", "\"format\":99", 1);
    assert!(Meeting::restore(&saved, t.now).is_err());
    assert!(Meeting::restore("{not json", t.now).is_err());
}

#[test]
fn the_next_meeting_keeps_the_circle_and_opens_what_is_not_done() {
    let mut t = mid_question_round();
    let ana = hotseat_protocol::SeatId(1);
    t.fac(Command::EndMeeting);
    let next = t.meeting.next_meeting(&[]);
    let snap = next.snapshot();
    let before = t.snapshot();

    assert_eq!(snap.phase, Phase::Lobby);
    assert_eq!(
        snap.version, before.version,
        "not a visible change until its start"
    );
    assert_eq!(
        snap.seats
            .iter()
            .map(|s| (s.id, s.name.clone(), s.role))
            .collect::<Vec<_>>(),
        before
            .seats
            .iter()
            .map(|s| (s.id, s.name.clone(), s.role))
            .collect::<Vec<_>>(),
        "same seats, same ids, same roles"
    );
    assert!(snap.seats.iter().all(|s| !s.present && !s.acknowledged));
    // Ana reported her earlier commitment only "partly": it stays open, with the new one.
    let open: Vec<_> = snap
        .check_in
        .open_commitments
        .iter()
        .map(|c| (c.id, c.seat))
        .collect();
    assert!(open.contains(&(hotseat_protocol::CommitmentId(40), ana)));
    let made = &before.commitments[0];
    assert!(open.contains(&(made.id, made.seat)));
    assert!(snap.commitments.is_empty());

    // New seats and commitments never reuse an id.
    let mut next = next;
    let (newcomer, _) = next.join("Eve", t.now).unwrap();
    assert!(before.seats.iter().all(|s| s.id < newcomer));
}

#[test]
fn a_commitment_reported_done_is_not_carried_into_the_next_meeting() {
    let mut setup = MeetingSetup::new("Done circle");
    let ana = hotseat_protocol::SeatId(1);
    setup.returning_members = vec![(ana, "Ana".into())];
    setup.prior_commitments = vec![PriorCommitment {
        id: hotseat_protocol::CommitmentId(3),
        seat: ana,
        text: "Write the proposal".into(),
        due: None,
    }];
    let mut t = Table::with_setup(setup, &[]);
    t.meeting.set_presence(ana, true, t.now).unwrap();
    t.members.insert(0, ana);
    t.open_meeting();
    t.act(
        ana,
        Command::CheckIn {
            reports: vec![hotseat_protocol::Report {
                commitment: hotseat_protocol::CommitmentId(3),
                status: ReportStatus::Done,
                note: None,
            }],
            note: None,
        },
    );
    t.fac(Command::EndMeeting);
    let next = t.meeting.next_meeting(&[]);
    assert!(next.snapshot().check_in.open_commitments.is_empty());
}

#[test]
fn after_a_restart_said_words_read_as_not_kept_and_a_pass_still_as_a_pass() {
    let mut t = mid_question_round();
    t.fac(Command::Advance);
    assert_eq!(t.phase(), Phase::Learnings);
    let sharer = t.floor().unwrap();
    t.act(sharer, learn(MARKERS[1]));
    let passer = t.floor().unwrap();
    t.act(passer, Command::Pass);
    let before = t.snapshot();
    let hot_seat = before.hot_seat.as_ref().unwrap();
    assert!(hot_seat.questions.iter().all(|q| q.words == Words::Kept));
    assert_eq!(
        hot_seat
            .learnings
            .iter()
            .map(|l| (l.seat, l.words, l.text.is_some()))
            .collect::<Vec<_>>(),
        [(sharer, Words::Kept, true), (passer, Words::Nothing, false)]
    );
    assert!(before.check_in.notes.iter().all(|n| n.words == Words::Kept));
    assert_eq!(before.check_in.reports[0].words, Words::Kept);

    let restored = Meeting::restore(&t.meeting.checkpoint(t.now), t.now.plus_ms(60_000)).unwrap();
    let after = restored.snapshot();
    let hot_seat = after.hot_seat.as_ref().unwrap();
    assert!(!hot_seat.questions.is_empty());
    assert!(
        hot_seat
            .questions
            .iter()
            .all(|q| q.words == Words::NotKept && q.text.is_none())
    );
    assert_eq!(
        hot_seat
            .learnings
            .iter()
            .map(|l| (l.seat, l.words, l.text.is_some()))
            .collect::<Vec<_>>(),
        [
            (sharer, Words::NotKept, false),
            (passer, Words::Nothing, false)
        ],
        "a shared learning is not a pass after a restart"
    );
    // Every check-in note keeps its place and says its words were not kept.
    assert_eq!(
        after
            .check_in
            .notes
            .iter()
            .map(|n| (n.seat, n.words, n.note.is_some()))
            .collect::<Vec<_>>(),
        before
            .check_in
            .notes
            .iter()
            .map(|n| (n.seat, Words::NotKept, false))
            .collect::<Vec<_>>()
    );
    assert_eq!(after.check_in.notes.len(), 4);
    let report = &after.check_in.reports[0];
    assert_eq!(
        (report.words, report.note.is_none()),
        (Words::NotKept, true)
    );
    assert_eq!(report.status, ReportStatus::Partly);
    let json = restored.view().to_json().unwrap();
    for marker in MARKERS {
        assert!(!json.contains(marker), "{marker} came back after a restart");
    }
}

#[test]
fn a_report_back_without_a_note_reads_as_none_before_and_after_a_restart() {
    let mut setup = MeetingSetup::new("Quiet circle");
    let ana = hotseat_protocol::SeatId(1);
    setup.returning_members = vec![(ana, "Ana".into())];
    setup.prior_commitments = vec![PriorCommitment {
        id: hotseat_protocol::CommitmentId(3),
        seat: ana,
        text: "Write the proposal".into(),
        due: None,
    }];
    let mut t = Table::with_setup(setup, &["Bo"]);
    t.meeting.set_presence(ana, true, t.now).unwrap();
    t.members.insert(0, ana);
    t.open_meeting();
    t.act(
        ana,
        Command::CheckIn {
            reports: vec![hotseat_protocol::Report {
                commitment: hotseat_protocol::CommitmentId(3),
                status: ReportStatus::NotDone,
                note: None,
            }],
            note: None,
        },
    );
    assert_eq!(t.snapshot().check_in.reports[0].words, Words::Nothing);
    assert!(t.snapshot().check_in.notes.is_empty());
    let restored = Meeting::restore(&t.meeting.checkpoint(t.now), t.now).unwrap();
    let after = restored.snapshot();
    assert_eq!(after.check_in.reports[0].words, Words::Nothing);
    assert!(after.check_in.notes.is_empty(), "no note, no entry");
}

#[test]
fn the_end_of_the_meeting_clears_every_word_members_said() {
    let mut t = mid_question_round();
    let ana = hotseat_protocol::SeatId(1);
    assert!(!t.snapshot().check_in.notes.is_empty());
    t.fac(Command::EndMeeting);
    let after = t.snapshot();
    assert_eq!(after.phase, Phase::Ended);
    assert!(after.check_in.notes.is_empty(), "check-in notes are gone");
    // The report-back's status is the circle's; its note was words and is gone.
    let report = &after.check_in.reports[0];
    assert_eq!(
        (
            report.seat,
            report.status,
            report.note.as_deref(),
            report.words
        ),
        (ana, ReportStatus::Partly, None, Words::NotKept)
    );
    assert!(after.hot_seat.is_none());
    let json = t.meeting.view().to_json().unwrap();
    for marker in MARKERS {
        assert!(!json.contains(marker), "{marker} outlived the meeting");
    }
    // Nor does the ended meeting hold them in memory (its debug form is its whole state).
    let state = format!("{:?}", t.meeting);
    for marker in MARKERS {
        assert!(!state.contains(marker), "{marker} is still held");
    }
}

#[test]
fn the_end_after_the_closing_clears_check_in_words_too() {
    let mut t = Table::new(&["Ana", "Bo"]);
    t.open_meeting();
    while let Some(who) = t.floor() {
        t.act(who, hotseat_tests::check_in(MARKERS[2]));
    }
    t.fac(Command::Advance);
    assert_eq!(t.phase(), Phase::Closing);
    assert_eq!(t.snapshot().check_in.notes.len(), 2);
    t.fac(Command::Advance);
    assert_eq!(t.phase(), Phase::Ended);
    assert!(t.snapshot().check_in.notes.is_empty());
    assert!(!format!("{:?}", t.meeting).contains(MARKERS[2]));
}

#[test]
fn a_checkpoint_written_before_words_were_tracked_still_restores() {
    let t = mid_question_round();
    let mut saved: serde_json::Value = serde_json::from_str(&t.meeting.checkpoint(t.now)).unwrap();
    // The shape of format 1 before check-in notes and report-back notes were recorded.
    let check_in = &mut saved["meeting"]["check_in"];
    check_in.as_object_mut().unwrap().remove("notes");
    for report in check_in["reports"].as_array_mut().unwrap() {
        report.as_object_mut().unwrap().remove("has_note");
    }
    let restored = Meeting::restore(&saved.to_string(), t.now).expect("restores");
    let after = restored.snapshot();
    assert!(after.check_in.notes.is_empty());
    assert_eq!(after.check_in.reports[0].words, Words::Nothing);
    let hot_seat = after.hot_seat.expect("the hot seat is back");
    assert!(hot_seat.questions.iter().all(|q| q.words == Words::NotKept));
}
