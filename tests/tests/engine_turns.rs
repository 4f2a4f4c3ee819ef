//! The floor: who speaks in each phase, check-in reports, the question round's voice
//! guarantee and raised hands, answers, passes, learnings, commitments, the facilitator's
//! skip and give_floor, and the voice stats.

use hotseat_protocol::snapshot::{HotSeatOutcome, QuestionStatus, VoiceStats};
use hotseat_protocol::{
    Command, CommitmentId, ErrorCode, Event, Phase, QuestionId, Report, ReportStatus, SeatId,
    TurnKind,
};
use hotseat_server::engine::{MeetingSetup, PriorCommitment};
use hotseat_tests::{Table, ask, check_in, commit, commit_by, learn};

const QUESTION: &str = "What would you like to understand better here?";

/// Ana, Bo, Cy and Di, with Ana in the hot seat at `phase` (a hot-seat step).
fn ana_in_the_hot_seat(phase: Phase) -> Table {
    let mut t = Table::new(&["Ana", "Bo", "Cy", "Di"]);
    t.open_meeting();
    t.start_hot_seats(&[t.m(0)]);
    for step in [Phase::Questions, Phase::Learnings, Phase::Commitment] {
        if t.phase() == phase {
            break;
        }
        if t.phase() == Phase::Presenting {
            t.act(t.m(0), Command::Done);
        }
        t.fac(Command::Advance);
        assert_eq!(t.phase(), step);
    }
    assert_eq!(t.phase(), phase);
    t
}

/// Ana and Bo return from an earlier meeting, each with one open commitment (7 and 8).
fn returning_with_commitments() -> Table {
    let mut setup = MeetingSetup::new("Circle");
    setup.prior_commitments = vec![
        PriorCommitment {
            id: CommitmentId(7),
            seat: SeatId(1),
            text: "Call the supplier".to_owned(),
            due: Some("2026-11-20".to_owned()),
        },
        PriorCommitment {
            id: CommitmentId(8),
            seat: SeatId(2),
            text: "Draft the plan".to_owned(),
            due: None,
        },
    ];
    let mut t = Table::returning(setup, &["Ana", "Bo"]);
    t.open_meeting();
    t
}

fn report(id: u32, status: ReportStatus, note: Option<&str>) -> Report {
    Report {
        commitment: CommitmentId(id),
        status,
        note: note.map(str::to_owned),
    }
}

// ---- nobody's floor ----

#[test]
fn nobody_has_the_floor_in_the_lobby_the_opening_or_the_closing() {
    let mut t = Table::new(&["Ana", "Bo"]);
    assert_eq!(t.floor(), None);
    t.fac(Command::Start);
    assert_eq!(t.floor(), None);
    t.acknowledge_all();
    t.fac(Command::Advance);
    t.fac(Command::Advance);
    assert_eq!(t.phase(), Phase::Closing);
    assert_eq!(t.floor(), None);
}

#[test]
fn the_facilitator_takes_no_turns_not_eligible() {
    let mut t = Table::new(&["Ana"]);
    t.open_meeting();
    let err = t.refuse(t.facilitator, Command::Pass);
    assert_eq!(err.code(), ErrorCode::NotEligible);
    let err = t.refuse(t.facilitator, check_in("hello"));
    assert_eq!(err.code(), ErrorCode::NotEligible);
}

// ---- check-in ----

#[test]
fn check_in_goes_round_the_members_in_the_order_they_joined() {
    let mut t = Table::new(&["Ana", "Bo", "Cy"]);
    t.open_meeting();
    for i in 0..3 {
        assert_eq!(t.floor(), Some(t.m(i)));
        assert_eq!(t.turn(), Some(TurnKind::CheckIn));
        let events = t.act(t.m(i), check_in("arriving"));
        assert!(events.contains(&Event::CheckedIn { seat: t.m(i) }));
    }
    assert_eq!(t.floor(), None);
    assert_eq!(t.snapshot().check_in.done, t.members);
}

#[test]
fn the_snapshot_shows_who_checks_in_next() {
    let mut t = Table::new(&["Ana", "Bo", "Cy"]);
    t.open_meeting();
    assert_eq!(t.snapshot().next, Some(t.m(1)));
    t.act(t.m(0), check_in("here"));
    assert_eq!(t.snapshot().next, Some(t.m(2)));
    t.act(t.m(1), check_in("here"));
    assert_eq!(t.snapshot().next, None);
}

#[test]
fn a_check_in_reports_back_on_last_meetings_commitments() {
    let mut t = returning_with_commitments();
    let (ana, bo) = (t.m(0), t.m(1));
    let open = t.snapshot().check_in.open_commitments;
    assert_eq!(open.len(), 2);
    assert_eq!(open[0].text, "Call the supplier");
    assert_eq!(open[0].due.as_deref(), Some("2026-11-20"));
    assert_eq!(t.floor(), Some(ana));
    t.act(
        ana,
        Command::CheckIn {
            reports: vec![report(
                7,
                ReportStatus::Partly,
                Some("  Calling is easier than I feared  "),
            )],
            note: Some("arriving calm".to_owned()),
        },
    );
    t.act(
        bo,
        Command::CheckIn {
            reports: vec![report(8, ReportStatus::NotDone, None)],
            note: None,
        },
    );
    let check_in = t.snapshot().check_in;
    assert_eq!(check_in.reports.len(), 2);
    assert_eq!(check_in.reports[0].seat, ana);
    assert_eq!(check_in.reports[0].status, ReportStatus::Partly);
    assert_eq!(
        check_in.reports[0].note.as_deref(),
        Some("Calling is easier than I feared")
    );
    assert_eq!(check_in.reports[1].commitment, CommitmentId(8));
    assert_eq!(check_in.reports[1].status, ReportStatus::NotDone);
    assert_eq!(check_in.notes.len(), 1);
    assert_eq!(check_in.notes[0].seat, ana);
    assert_eq!(check_in.notes[0].note.as_deref(), Some("arriving calm"));
}

#[test]
fn a_report_on_someone_elses_commitment_is_refused_unknown_commitment() {
    let mut t = returning_with_commitments();
    let err = t.refuse(
        t.m(0),
        Command::CheckIn {
            reports: vec![report(8, ReportStatus::Done, None)],
            note: None,
        },
    );
    assert_eq!(err.code(), ErrorCode::UnknownCommitment);
}

#[test]
fn a_report_on_a_commitment_that_does_not_exist_is_refused_unknown_commitment() {
    let mut t = returning_with_commitments();
    let err = t.refuse(
        t.m(0),
        Command::CheckIn {
            reports: vec![
                report(7, ReportStatus::Done, None),
                report(99, ReportStatus::Done, None),
            ],
            note: None,
        },
    );
    assert_eq!(err.code(), ErrorCode::UnknownCommitment);
}

#[test]
fn a_new_commitment_is_numbered_after_the_earlier_meetings_ones() {
    let mut t = returning_with_commitments();
    t.start_hot_seats(&[t.m(0)]);
    t.fac(Command::Advance);
    t.fac(Command::Advance);
    t.fac(Command::Advance);
    let events = t.act(t.m(0), commit("Ask for the budget"));
    assert_eq!(
        events,
        vec![Event::CommitmentRecorded {
            id: CommitmentId(9),
            seat: t.m(0)
        }]
    );
}

#[test]
fn checking_in_out_of_turn_is_refused_not_your_turn() {
    let mut t = Table::new(&["Ana", "Bo"]);
    t.open_meeting();
    let err = t.refuse(t.m(1), check_in("me first"));
    assert_eq!(err.code(), ErrorCode::NotYourTurn);
}

#[test]
fn checking_in_outside_the_check_in_is_refused_wrong_phase() {
    let mut t = ana_in_the_hot_seat(Phase::Questions);
    let err = t.refuse(t.m(1), check_in("late check-in"));
    assert_eq!(err.code(), ErrorCode::WrongPhase);
}

#[test]
fn a_check_in_note_over_500_characters_is_refused_invalid_text() {
    let mut t = Table::new(&["Ana"]);
    t.open_meeting();
    let err = t.refuse(t.m(0), check_in(&"x".repeat(501)));
    assert_eq!(err.code(), ErrorCode::InvalidText);
    t.act(t.m(0), check_in(&"x".repeat(500)));
}

#[test]
fn a_member_may_pass_their_check_in() {
    let mut t = Table::new(&["Ana", "Bo"]);
    t.open_meeting();
    let events = t.act(t.m(0), Command::Pass);
    assert!(events.contains(&Event::Passed { seat: t.m(0) }));
    assert_eq!(t.floor(), Some(t.m(1)));
    assert_eq!(t.snapshot().check_in.done, vec![t.m(0)]);
    assert!(t.snapshot().check_in.notes.is_empty());
}

#[test]
fn an_absent_member_is_passed_over_and_checks_in_on_return() {
    let mut t = Table::new(&["Ana", "Bo", "Cy"]);
    t.open_meeting();
    t.presence(t.m(1), false);
    t.act(t.m(0), check_in("here"));
    assert_eq!(t.floor(), Some(t.m(2)));
    t.act(t.m(2), check_in("here"));
    assert_eq!(t.floor(), None);
    t.presence(t.m(1), true);
    assert_eq!(t.floor(), Some(t.m(1)));
    assert_eq!(t.turn(), Some(TurnKind::CheckIn));
}

// ---- presenting ----

#[test]
fn the_presenter_holds_the_floor_while_presenting_until_done() {
    let mut t = ana_in_the_hot_seat(Phase::Presenting);
    assert_eq!(t.floor(), Some(t.m(0)));
    assert_eq!(t.turn(), Some(TurnKind::Presenting));
    let events = t.act(t.m(0), Command::Done);
    assert!(events.contains(&Event::FloorChanged {
        seat: None,
        turn: None
    }));
    assert_eq!(t.floor(), None);
    assert_eq!(t.phase(), Phase::Presenting);
}

#[test]
fn only_the_presenter_ends_the_presenting_not_your_turn() {
    let mut t = ana_in_the_hot_seat(Phase::Presenting);
    let err = t.refuse(t.m(1), Command::Done);
    assert_eq!(err.code(), ErrorCode::NotYourTurn);
}

#[test]
fn done_outside_presenting_or_commitment_is_wrong_phase() {
    let mut t = Table::new(&["Ana"]);
    t.open_meeting();
    let err = t.refuse(t.m(0), Command::Done);
    assert_eq!(err.code(), ErrorCode::WrongPhase);
}

#[test]
fn nobody_passes_while_the_presenter_presents_wrong_phase() {
    let mut t = ana_in_the_hot_seat(Phase::Presenting);
    let err = t.refuse(t.m(0), Command::Pass);
    assert_eq!(err.code(), ErrorCode::WrongPhase);
}

// ---- the question round ----

#[test]
fn the_question_round_starts_with_the_member_seated_after_the_presenter() {
    let mut t = Table::new(&["Ana", "Bo", "Cy", "Di"]);
    t.open_meeting();
    t.start_hot_seats(&[t.m(2)]);
    t.act(t.m(2), Command::Done);
    t.fac(Command::Advance);
    let mut order = Vec::new();
    while let Some(asker) = t.floor() {
        order.push(asker);
        t.act(asker, Command::Pass);
    }
    assert_eq!(order, vec![t.m(3), t.m(0), t.m(1)]);
}

#[test]
fn a_question_gives_the_presenter_the_floor_to_answer() {
    let mut t = ana_in_the_hot_seat(Phase::Questions);
    assert_eq!(t.floor(), Some(t.m(1)));
    assert_eq!(t.turn(), Some(TurnKind::Asking));
    let events = t.act(t.m(1), ask(QUESTION));
    assert!(events.iter().any(|e| matches!(e,
        Event::QuestionAsked { id: QuestionId(1), seat, .. } if *seat == t.m(1))));
    assert_eq!(t.floor(), Some(t.m(0)));
    assert_eq!(t.turn(), Some(TurnKind::Answering));
    let hot_seat = t.snapshot().hot_seat.unwrap();
    assert_eq!(hot_seat.questions[0].text.as_deref(), Some(QUESTION));
    assert_eq!(hot_seat.questions[0].status, QuestionStatus::Asked);
}

#[test]
fn the_presenter_answers_or_just_notes_a_question() {
    let mut t = ana_in_the_hot_seat(Phase::Questions);
    t.act(t.m(1), ask(QUESTION));
    let events = t.act(t.m(0), Command::Answer { noted: false });
    assert!(events.contains(&Event::QuestionAnswered {
        id: QuestionId(1),
        noted: false
    }));
    assert_eq!(t.floor(), Some(t.m(2)));
    t.act(t.m(2), ask("What do you need right now?"));
    t.act(t.m(0), Command::Answer { noted: true });
    let questions = t.snapshot().hot_seat.unwrap().questions;
    assert_eq!(questions[0].status, QuestionStatus::Answered);
    assert_eq!(questions[1].status, QuestionStatus::Noted);
}

#[test]
fn only_the_presenter_answers_not_your_turn() {
    let mut t = ana_in_the_hot_seat(Phase::Questions);
    t.act(t.m(1), ask(QUESTION));
    let err = t.refuse(t.m(1), Command::Answer { noted: false });
    assert_eq!(err.code(), ErrorCode::NotYourTurn);
}

#[test]
fn answering_outside_the_question_round_is_wrong_phase() {
    let mut t = ana_in_the_hot_seat(Phase::Learnings);
    let err = t.refuse(t.m(0), Command::Answer { noted: false });
    assert_eq!(err.code(), ErrorCode::WrongPhase);
}

#[test]
fn asking_out_of_turn_is_refused_not_your_turn() {
    let mut t = ana_in_the_hot_seat(Phase::Questions);
    let err = t.refuse(t.m(2), ask(QUESTION));
    assert_eq!(err.code(), ErrorCode::NotYourTurn);
}

#[test]
fn asking_outside_the_question_round_is_wrong_phase() {
    let mut t = ana_in_the_hot_seat(Phase::Learnings);
    let err = t.refuse(t.m(1), ask(QUESTION));
    assert_eq!(err.code(), ErrorCode::WrongPhase);
}

#[test]
fn the_presenter_neither_asks_nor_raises_a_hand_not_eligible() {
    let mut t = ana_in_the_hot_seat(Phase::Questions);
    assert_eq!(
        t.refuse(t.m(0), ask(QUESTION)).code(),
        ErrorCode::NotEligible
    );
    assert_eq!(
        t.refuse(t.m(0), Command::RaiseHand).code(),
        ErrorCode::NotEligible
    );
}

#[test]
fn a_blank_or_overlong_question_is_refused_invalid_text() {
    let mut t = ana_in_the_hot_seat(Phase::Questions);
    assert_eq!(t.refuse(t.m(1), ask("   ")).code(), ErrorCode::InvalidText);
    assert_eq!(
        t.refuse(t.m(1), ask(&"?".repeat(501))).code(),
        ErrorCode::InvalidText
    );
}

#[test]
fn every_member_asks_once_before_a_raised_hand_is_served() {
    let mut t = ana_in_the_hot_seat(Phase::Questions);
    let (ana, bo, cy, di) = (t.m(0), t.m(1), t.m(2), t.m(3));
    t.act(bo, ask(QUESTION));
    t.act(bo, Command::RaiseHand);
    t.act(ana, Command::Answer { noted: false });
    // Bo's hand waits: Cy and Di have not had their first turn.
    assert_eq!(t.floor(), Some(cy));
    assert_eq!(
        t.snapshot().hot_seat.unwrap().first_round_pending,
        vec![cy, di]
    );
    t.act(cy, ask(QUESTION));
    t.act(ana, Command::Answer { noted: false });
    assert_eq!(t.floor(), Some(di));
    t.act(di, Command::Pass);
    assert_eq!(t.floor(), Some(bo));
    assert_eq!(t.turn(), Some(TurnKind::Asking));
    // A served hand comes down.
    assert!(t.snapshot().hands.is_empty());
}

#[test]
fn after_the_first_round_raised_hands_are_served_in_the_order_raised() {
    let mut t = ana_in_the_hot_seat(Phase::Questions);
    let (ana, bo, cy, di) = (t.m(0), t.m(1), t.m(2), t.m(3));
    t.act(bo, Command::Pass);
    t.act(cy, Command::Pass);
    // While Di asks, Cy then Bo raise their hands.
    t.act(cy, Command::RaiseHand);
    t.act(bo, Command::RaiseHand);
    assert_eq!(t.snapshot().hands, vec![cy, bo]);
    t.act(di, ask(QUESTION));
    t.act(ana, Command::Answer { noted: false });
    assert_eq!(t.floor(), Some(cy));
    t.act(cy, ask(QUESTION));
    t.act(ana, Command::Answer { noted: false });
    assert_eq!(t.floor(), Some(bo));
    t.act(bo, ask(QUESTION));
    t.act(ana, Command::Answer { noted: false });
    assert_eq!(t.floor(), None);
}

#[test]
fn a_hand_raised_when_the_floor_is_free_gets_it_at_once() {
    let mut t = ana_in_the_hot_seat(Phase::Questions);
    for i in 1..4 {
        t.act(t.m(i), Command::Pass);
    }
    assert_eq!(t.floor(), None);
    t.act(t.m(2), Command::RaiseHand);
    assert_eq!(t.floor(), Some(t.m(2)));
    assert_eq!(t.turn(), Some(TurnKind::Asking));
}

#[test]
fn a_lowered_hand_is_not_served() {
    let mut t = ana_in_the_hot_seat(Phase::Questions);
    t.act(t.m(1), Command::Pass);
    t.act(t.m(2), Command::Pass);
    t.act(t.m(1), Command::RaiseHand);
    let events = t.act(t.m(1), Command::LowerHand);
    assert_eq!(events, vec![Event::HandLowered { seat: t.m(1) }]);
    t.act(t.m(3), Command::Pass);
    assert_eq!(t.floor(), None);
}

#[test]
fn raising_a_raised_hand_is_already_done() {
    let mut t = ana_in_the_hot_seat(Phase::Questions);
    t.act(t.m(2), Command::RaiseHand);
    let err = t.refuse(t.m(2), Command::RaiseHand);
    assert_eq!(err.code(), ErrorCode::AlreadyDone);
}

#[test]
fn the_floor_holder_raising_a_hand_is_already_done() {
    let mut t = ana_in_the_hot_seat(Phase::Questions);
    let err = t.refuse(t.m(1), Command::RaiseHand);
    assert_eq!(err.code(), ErrorCode::AlreadyDone);
}

#[test]
fn lowering_a_hand_that_is_not_up_is_already_done() {
    let mut t = ana_in_the_hot_seat(Phase::Questions);
    let err = t.refuse(t.m(2), Command::LowerHand);
    assert_eq!(err.code(), ErrorCode::AlreadyDone);
}

#[test]
fn hands_are_raised_only_in_the_question_round_wrong_phase() {
    let mut t = ana_in_the_hot_seat(Phase::Presenting);
    let err = t.refuse(t.m(1), Command::RaiseHand);
    assert_eq!(err.code(), ErrorCode::WrongPhase);
}

#[test]
fn raised_hands_come_down_when_the_question_round_ends() {
    let mut t = ana_in_the_hot_seat(Phase::Questions);
    t.act(t.m(2), Command::RaiseHand);
    t.fac(Command::Advance);
    assert!(t.snapshot().hands.is_empty());
}

#[test]
fn a_pass_in_the_question_round_counts_as_the_first_turn() {
    let mut t = ana_in_the_hot_seat(Phase::Questions);
    let events = t.act(t.m(1), Command::Pass);
    assert!(events.contains(&Event::Passed { seat: t.m(1) }));
    assert_eq!(t.floor(), Some(t.m(2)));
    assert_eq!(
        t.snapshot().hot_seat.unwrap().first_round_pending,
        vec![t.m(2), t.m(3)]
    );
}

// ---- learnings ----

#[test]
fn learnings_go_round_everyone_with_the_presenter_last() {
    let mut t = Table::new(&["Ana", "Bo", "Cy", "Di"]);
    t.open_meeting();
    t.start_hot_seats(&[t.m(1)]);
    t.fac(Command::Advance);
    t.fac(Command::Advance);
    assert_eq!(t.phase(), Phase::Learnings);
    let mut order = Vec::new();
    while let Some(speaker) = t.floor() {
        assert_eq!(t.turn(), Some(TurnKind::Learning));
        order.push(speaker);
        let events = t.act(speaker, learn("I rush to solutions."));
        assert!(events.contains(&Event::LearningShared { seat: speaker }));
    }
    assert_eq!(order, vec![t.m(2), t.m(3), t.m(0), t.m(1)]);
    let hot_seat = t.snapshot().hot_seat.unwrap();
    assert_eq!(hot_seat.learnings.len(), 4);
    assert_eq!(hot_seat.learnings_done, order);
}

#[test]
fn a_pass_in_learnings_is_kept_without_words() {
    let mut t = ana_in_the_hot_seat(Phase::Learnings);
    t.act(t.m(1), Command::Pass);
    let hot_seat = t.snapshot().hot_seat.unwrap();
    assert_eq!(hot_seat.learnings[0].seat, t.m(1));
    assert_eq!(hot_seat.learnings[0].text, None);
    assert_eq!(hot_seat.learnings_done, vec![t.m(1)]);
    assert_eq!(t.floor(), Some(t.m(2)));
}

#[test]
fn a_blank_learning_is_refused_invalid_text() {
    let mut t = ana_in_the_hot_seat(Phase::Learnings);
    let err = t.refuse(t.m(1), learn(" "));
    assert_eq!(err.code(), ErrorCode::InvalidText);
}

#[test]
fn sharing_a_learning_out_of_turn_is_refused_not_your_turn() {
    let mut t = ana_in_the_hot_seat(Phase::Learnings);
    let err = t.refuse(t.m(0), learn("Me first"));
    assert_eq!(err.code(), ErrorCode::NotYourTurn);
}

#[test]
fn sharing_a_learning_during_the_question_round_is_wrong_phase() {
    let mut t = ana_in_the_hot_seat(Phase::Questions);
    let err = t.refuse(t.m(1), learn("Too early"));
    assert_eq!(err.code(), ErrorCode::WrongPhase);
}

// ---- commitment ----

#[test]
fn the_presenter_holds_the_floor_to_commit() {
    let t = ana_in_the_hot_seat(Phase::Commitment);
    assert_eq!(t.floor(), Some(t.m(0)));
    assert_eq!(t.turn(), Some(TurnKind::Committing));
}

#[test]
fn a_hot_seat_does_not_close_without_a_commitment_commitment_required() {
    let mut t = ana_in_the_hot_seat(Phase::Commitment);
    let err = t.refuse(t.facilitator, Command::Advance);
    assert_eq!(err.code(), ErrorCode::CommitmentRequired);
    // Saying "done" is not a commitment either.
    t.act(t.m(0), Command::Done);
    let err = t.refuse(t.facilitator, Command::Advance);
    assert_eq!(err.code(), ErrorCode::CommitmentRequired);
}

#[test]
fn a_commitment_is_recorded_with_its_due_date_and_closes_the_hot_seat() {
    let mut t = ana_in_the_hot_seat(Phase::Commitment);
    let ana = t.m(0);
    let events = t.act(ana, commit_by("  Talk to my manager  ", "2026-12-01"));
    assert!(events.contains(&Event::CommitmentRecorded {
        id: CommitmentId(1),
        seat: ana
    }));
    // Recording it does not end the turn: the presenter may add another.
    assert_eq!(t.floor(), Some(ana));
    t.act(ana, commit("Block an hour for planning"));
    t.act(ana, Command::Done);
    let commitments = t.snapshot().commitments;
    assert_eq!(commitments.len(), 2);
    assert_eq!(commitments[0].text, "Talk to my manager");
    assert_eq!(commitments[0].due.as_deref(), Some("2026-12-01"));
    assert_eq!(commitments[0].hot_seat, 0);
    let events = t.fac(Command::Advance);
    assert!(events.contains(&Event::HotSeatClosed {
        seat: ana,
        outcome: HotSeatOutcome::Committed
    }));
    assert_eq!(
        t.meeting.closed_hot_seats(),
        vec![(ana, HotSeatOutcome::Committed, 2, false)]
    );
}

#[test]
fn the_presenter_may_commit_after_ending_their_turn() {
    let mut t = ana_in_the_hot_seat(Phase::Commitment);
    t.act(t.m(0), Command::Done);
    assert_eq!(t.floor(), None);
    t.act(t.m(0), commit("Ask for feedback"));
    t.fac(Command::Advance);
    assert_eq!(t.phase(), Phase::Closing);
}

#[test]
fn a_due_date_that_is_not_a_real_date_is_refused_invalid_date() {
    let mut t = ana_in_the_hot_seat(Phase::Commitment);
    for due in ["2026-02-30", "next friday", "01-12-2026"] {
        let err = t.refuse(t.m(0), commit_by("Call her", due));
        assert_eq!(err.code(), ErrorCode::InvalidDate, "{due}");
    }
}

#[test]
fn a_commitment_over_300_characters_is_refused_invalid_text() {
    let mut t = ana_in_the_hot_seat(Phase::Commitment);
    let err = t.refuse(t.m(0), commit(&"a".repeat(301)));
    assert_eq!(err.code(), ErrorCode::InvalidText);
    let err = t.refuse(t.m(0), commit(""));
    assert_eq!(err.code(), ErrorCode::InvalidText);
}

#[test]
fn only_the_presenter_commits_in_their_hot_seat_not_eligible() {
    let mut t = ana_in_the_hot_seat(Phase::Commitment);
    let err = t.refuse(t.m(1), commit("I will help Ana"));
    assert_eq!(err.code(), ErrorCode::NotEligible);
    let err = t.refuse(t.m(1), Command::InsightOnly);
    assert_eq!(err.code(), ErrorCode::NotEligible);
}

#[test]
fn committing_before_the_commitment_step_is_wrong_phase() {
    let mut t = ana_in_the_hot_seat(Phase::Learnings);
    let err = t.refuse(t.m(0), commit("Early bird"));
    assert_eq!(err.code(), ErrorCode::WrongPhase);
    let err = t.refuse(t.m(0), Command::InsightOnly);
    assert_eq!(err.code(), ErrorCode::WrongPhase);
}

#[test]
fn insight_only_closes_the_hot_seat_without_an_action() {
    let mut t = ana_in_the_hot_seat(Phase::Commitment);
    let ana = t.m(0);
    let events = t.act(ana, Command::InsightOnly);
    assert_eq!(events, vec![Event::InsightOnlyChosen { seat: ana }]);
    assert!(t.snapshot().hot_seat.unwrap().insight_only);
    let events = t.fac(Command::Advance);
    assert!(events.contains(&Event::HotSeatClosed {
        seat: ana,
        outcome: HotSeatOutcome::InsightOnly
    }));
    assert_eq!(
        t.meeting.closed_hot_seats(),
        vec![(ana, HotSeatOutcome::InsightOnly, 0, true)]
    );
}

#[test]
fn choosing_insight_only_twice_is_already_done() {
    let mut t = ana_in_the_hot_seat(Phase::Commitment);
    t.act(t.m(0), Command::InsightOnly);
    let err = t.refuse(t.m(0), Command::InsightOnly);
    assert_eq!(err.code(), ErrorCode::AlreadyDone);
}

// ---- skip ----

#[test]
fn skip_ends_the_floor_holders_turn_without_counting_it() {
    let mut t = Table::new(&["Ana", "Bo"]);
    t.open_meeting();
    let events = t.fac(Command::Skip);
    assert!(events.contains(&Event::TurnSkipped { seat: t.m(0) }));
    assert_eq!(t.floor(), Some(t.m(1)));
    assert_eq!(t.snapshot().check_in.done, vec![t.m(0)]);
    assert_eq!(t.seat_view(t.m(0)).stats, VoiceStats::default());
}

#[test]
fn skipping_the_answer_sets_the_question_aside_for_the_next_asker() {
    let mut t = ana_in_the_hot_seat(Phase::Questions);
    t.act(t.m(1), ask(QUESTION));
    t.fac(Command::Skip);
    assert_eq!(t.floor(), Some(t.m(2)));
    assert_eq!(t.turn(), Some(TurnKind::Asking));
    let questions = t.snapshot().hot_seat.unwrap().questions;
    assert_eq!(questions[0].status, QuestionStatus::SetAside);
}

#[test]
fn a_retried_commitment_with_the_same_key_is_recorded_once() {
    let mut t = ana_in_the_hot_seat(Phase::Commitment);
    let keyed = || Command::Commit {
        text: "Call the supplier".into(),
        due: None,
        key: Some("c-7d1f".into()),
    };
    let first = t.act(t.m(0), keyed());
    assert!(!first.is_empty());
    let version = t.meeting.version();
    let retry = t.act(t.m(0), keyed());
    assert!(retry.is_empty(), "a retry changes nothing");
    assert_eq!(t.meeting.version(), version);
    assert_eq!(t.snapshot().commitments.len(), 1);
    let bad = t.refuse(
        t.m(0),
        Command::Commit {
            text: "x".into(),
            due: None,
            key: Some(String::new()),
        },
    );
    assert_eq!(bad.code(), hotseat_protocol::ErrorCode::InvalidText);
}

#[test]
fn skip_with_nobody_on_the_floor_is_refused_no_floor() {
    let mut t = Table::new(&["Ana"]);
    t.fac(Command::Start);
    let err = t.refuse(t.facilitator, Command::Skip);
    assert_eq!(err.code(), ErrorCode::NoFloor);
}

// ---- give_floor ----

#[test]
fn give_floor_hands_a_check_in_turn_out_of_order() {
    let mut t = Table::new(&["Ana", "Bo", "Cy"]);
    t.open_meeting();
    t.fac(Command::GiveFloor { seat: t.m(2) });
    assert_eq!(t.floor(), Some(t.m(2)));
    assert_eq!(t.turn(), Some(TurnKind::CheckIn));
    t.act(t.m(2), check_in("I have to leave early"));
    // The round carries on where it was.
    assert_eq!(t.floor(), Some(t.m(0)));
}

#[test]
fn give_floor_lets_the_presenter_present_again_after_done() {
    let mut t = ana_in_the_hot_seat(Phase::Presenting);
    t.act(t.m(0), Command::Done);
    t.fac(Command::GiveFloor { seat: t.m(0) });
    assert_eq!(t.floor(), Some(t.m(0)));
    assert_eq!(t.turn(), Some(TurnKind::Presenting));
}

#[test]
fn give_floor_lets_a_member_share_a_second_learning() {
    let mut t = ana_in_the_hot_seat(Phase::Learnings);
    t.act(t.m(1), learn("First thought"));
    t.fac(Command::GiveFloor { seat: t.m(1) });
    assert_eq!(t.floor(), Some(t.m(1)));
    t.act(t.m(1), learn("Second thought"));
    assert_eq!(t.snapshot().hot_seat.unwrap().learnings.len(), 2);
}

#[test]
fn give_floor_to_an_asker_sets_a_waiting_question_aside() {
    let mut t = ana_in_the_hot_seat(Phase::Questions);
    t.act(t.m(1), ask(QUESTION));
    t.fac(Command::GiveFloor { seat: t.m(3) });
    assert_eq!(t.floor(), Some(t.m(3)));
    assert_eq!(t.turn(), Some(TurnKind::Asking));
    t.act(t.m(3), ask("What would you see six months from now?"));
    assert_eq!(t.floor(), Some(t.m(0)));
    assert_eq!(t.turn(), Some(TurnKind::Answering));
}

#[test]
fn give_floor_to_someone_who_cannot_take_the_turn_is_not_eligible() {
    let mut t = ana_in_the_hot_seat(Phase::Presenting);
    let fac = t.facilitator;
    // Only the presenter presents.
    let err = t.refuse(fac, Command::GiveFloor { seat: t.m(1) });
    assert_eq!(err.code(), ErrorCode::NotEligible);
    // The facilitator takes no turns.
    let err = t.refuse(fac, Command::GiveFloor { seat: fac });
    assert_eq!(err.code(), ErrorCode::NotEligible);
    // An absent member cannot speak.
    t.presence(t.m(1), false);
    t.act(t.m(0), Command::Done);
    t.fac(Command::Advance);
    let err = t.refuse(fac, Command::GiveFloor { seat: t.m(1) });
    assert_eq!(err.code(), ErrorCode::NotEligible);
    // The presenter only takes the floor in the question round to answer a question.
    let err = t.refuse(fac, Command::GiveFloor { seat: t.m(0) });
    assert_eq!(err.code(), ErrorCode::NotEligible);
}

#[test]
fn give_floor_to_a_member_who_has_not_acknowledged_is_not_eligible() {
    let mut t = Table::new(&["Ana"]);
    t.open_meeting();
    let late = t.join("Bo");
    let err = t.refuse(t.facilitator, Command::GiveFloor { seat: late });
    assert_eq!(err.code(), ErrorCode::NotEligible);
}

#[test]
fn give_floor_to_a_seat_not_in_the_room_is_refused_unknown_seat() {
    let mut t = Table::new(&["Ana"]);
    t.open_meeting();
    let err = t.refuse(t.facilitator, Command::GiveFloor { seat: SeatId(99) });
    assert_eq!(err.code(), ErrorCode::UnknownSeat);
}

#[test]
fn give_floor_in_a_step_without_turns_is_wrong_phase() {
    let mut t = Table::new(&["Ana"]);
    t.fac(Command::Start);
    t.act(t.m(0), Command::AcknowledgeNorms);
    let err = t.refuse(t.facilitator, Command::GiveFloor { seat: t.m(0) });
    assert_eq!(err.code(), ErrorCode::WrongPhase);
}

#[test]
fn give_floor_to_the_floor_holder_is_already_done() {
    let mut t = Table::new(&["Ana"]);
    t.open_meeting();
    let err = t.refuse(t.facilitator, Command::GiveFloor { seat: t.m(0) });
    assert_eq!(err.code(), ErrorCode::AlreadyDone);
}

// ---- voice stats ----

#[test]
fn voice_stats_count_turns_spoken_passes_and_questions() {
    let mut t = ana_in_the_hot_seat(Phase::Presenting);
    let (ana, bo) = (t.m(0), t.m(1));
    // In the check-in everyone passed.
    assert_eq!(t.seat_view(bo).stats.passes, 1);
    t.act(ana, Command::Done);
    t.fac(Command::Advance);
    t.act(bo, ask(QUESTION));
    t.act(ana, Command::Answer { noted: false });
    t.fac(Command::Advance);
    t.act(bo, Command::Pass);
    assert_eq!(
        t.seat_view(bo).stats,
        VoiceStats {
            turns: 1,
            passes: 2,
            questions: 1
        }
    );
    // Presenting counts as a turn; answering does not add one.
    assert_eq!(
        t.seat_view(ana).stats,
        VoiceStats {
            turns: 1,
            passes: 1,
            questions: 0
        }
    );
}
