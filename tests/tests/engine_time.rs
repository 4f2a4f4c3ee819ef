//! Time boxes, driven by explicit instants (no sleeping): each phase's box from the circle's
//! settings, the per-turn check-in box, time_up, auto-advance, extend / pause / resume, the
//! clock waiting for a floor holder whose connection dropped, and `next_deadline`.

use hotseat_protocol::snapshot::{PauseReason, TimerScope, TimerView};
use hotseat_protocol::{Command, ErrorCode, Event, Phase, Settings, TimeBoxes, Timestamp};
use hotseat_server::engine::MeetingSetup;
use hotseat_tests::{T0, Table, commit};

const SEC: u64 = 1000;

/// A circle with its own time boxes (in seconds): opening 60, check-in 90, presenting 200,
/// questions 400, learnings 250, commitment 150, closing 100.
fn circle(auto_advance: bool, names: &[&str]) -> Table {
    let mut setup = MeetingSetup::new("Timed circle");
    setup.settings = Settings {
        time_boxes: TimeBoxes {
            opening_secs: 60,
            check_in_secs: 90,
            presenting_secs: 200,
            questions_secs: 400,
            learnings_secs: 250,
            commitment_secs: 150,
            closing_secs: 100,
        },
        auto_advance,
    };
    Table::with_setup(setup, names)
}

/// Ana and Bo, checked in, with Ana presenting.
fn ana_presenting(auto_advance: bool) -> Table {
    let mut t = circle(auto_advance, &["Ana", "Bo"]);
    t.open_meeting();
    t.start_hot_seats(&[t.m(0)]);
    t
}

fn timer(t: &Table) -> TimerView {
    t.snapshot().timer.expect("a time box runs")
}

fn deadline(t: &Table) -> Option<Timestamp> {
    t.snapshot().timer.and_then(|timer| timer.deadline)
}

/// Moves the clock to the running box's deadline and lets the engine see it.
fn run_out(t: &mut Table) -> Vec<Event> {
    let left = deadline(t).expect("a running box").ms_since(t.now);
    t.tick(left)
}

// ---- the boxes ----

#[test]
fn no_time_box_runs_in_the_lobby() {
    let t = circle(false, &["Ana"]);
    assert_eq!(t.snapshot().timer, None);
    assert_eq!(t.meeting.next_deadline(), None);
}

#[test]
fn each_phase_runs_the_time_box_the_circle_set() {
    let mut t = circle(false, &["Ana", "Bo"]);
    let expect = |t: &Table, secs: u64| {
        let timer = timer(t);
        assert_eq!(timer.scope, TimerScope::Phase, "{:?}", t.phase());
        assert_eq!(timer.budget_ms, secs * SEC, "{:?}", t.phase());
        assert_eq!(
            timer.deadline,
            Some(t.now.plus_ms(secs * SEC)),
            "{:?}",
            t.phase()
        );
        assert!(!timer.time_up);
    };
    let events = t.fac(Command::Start);
    assert!(events.contains(&Event::TimerStarted {
        deadline: T0.plus_ms(60 * SEC)
    }));
    expect(&t, 60);
    t.acknowledge_all();
    t.wait(5 * SEC);
    t.fac(Command::Advance);
    t.wait(7 * SEC);
    t.start_hot_seats(&[t.m(0)]);
    expect(&t, 200);
    for (phase, secs) in [
        (Phase::Questions, 400),
        (Phase::Learnings, 250),
        (Phase::Commitment, 150),
    ] {
        t.wait(11 * SEC);
        t.fac(Command::Advance);
        assert_eq!(t.phase(), phase);
        expect(&t, secs);
    }
    t.act(t.m(0), commit("Write the memo"));
    t.wait(13 * SEC);
    t.fac(Command::Advance);
    assert_eq!(t.phase(), Phase::Closing);
    expect(&t, 100);
    t.fac(Command::Advance);
    assert_eq!(t.snapshot().timer, None);
}

#[test]
fn the_method_default_gives_five_minutes_of_presenting() {
    let mut t = Table::new(&["Ana"]);
    t.open_meeting();
    t.start_hot_seats(&[t.m(0)]);
    assert_eq!(deadline(&t), Some(t.now.plus_ms(300 * SEC)));
}

#[test]
fn each_check_in_turn_gets_its_own_time_box() {
    let mut t = circle(false, &["Ana", "Bo"]);
    t.fac(Command::Start);
    t.acknowledge_all();
    t.fac(Command::Advance);
    let first = timer(&t);
    assert_eq!(first.scope, TimerScope::Turn);
    assert_eq!(first.deadline, Some(t.now.plus_ms(90 * SEC)));
    t.wait(30 * SEC);
    let events = t.act(t.m(0), Command::Pass);
    let next = t.now.plus_ms(90 * SEC);
    assert!(events.contains(&Event::TimerStarted { deadline: next }));
    assert_eq!(timer(&t).scope, TimerScope::Turn);
    assert_eq!(deadline(&t), Some(next));
    // With nobody left to check in, no box runs.
    t.act(t.m(1), Command::Pass);
    assert_eq!(t.snapshot().timer, None);
}

// ---- time up ----

#[test]
fn time_passing_before_the_deadline_changes_nothing() {
    let mut t = circle(false, &["Ana"]);
    t.fac(Command::Start);
    let before = t.meeting.clone();
    assert!(t.tick(60 * SEC - 1).is_empty());
    assert_eq!(t.meeting, before);
}

#[test]
fn time_up_is_announced_once_and_the_meeting_waits_for_the_facilitator() {
    let mut t = circle(false, &["Ana"]);
    t.fac(Command::Start);
    t.act(t.m(0), Command::AcknowledgeNorms);
    let version = t.meeting.version();
    let events = t.tick(60 * SEC);
    assert_eq!(
        events,
        vec![Event::TimeUp {
            phase: Phase::Opening
        }]
    );
    assert_eq!(t.meeting.version(), version + 1);
    assert_eq!(t.phase(), Phase::Opening);
    assert!(timer(&t).time_up);
    assert_eq!(t.meeting.next_deadline(), None);
    let before = t.meeting.clone();
    assert!(t.tick(600 * SEC).is_empty());
    assert_eq!(t.meeting, before);
}

#[test]
fn without_auto_advance_a_check_in_turn_that_runs_out_keeps_the_floor() {
    let mut t = circle(false, &["Ana", "Bo"]);
    t.open_meeting();
    let events = run_out(&mut t);
    assert_eq!(
        events,
        vec![Event::TimeUp {
            phase: Phase::CheckIn
        }]
    );
    assert_eq!(t.floor(), Some(t.m(0)));
}

// ---- auto-advance ----

#[test]
fn auto_advance_hands_the_check_in_to_the_next_member_when_a_turn_runs_out() {
    let mut t = circle(true, &["Ana", "Bo"]);
    t.open_meeting();
    let events = run_out(&mut t);
    assert!(events.contains(&Event::TimeUp {
        phase: Phase::CheckIn
    }));
    assert!(events.contains(&Event::TurnSkipped { seat: t.m(0) }));
    assert_eq!(t.floor(), Some(t.m(1)));
    assert_eq!(deadline(&t), Some(t.now.plus_ms(90 * SEC)));
    assert_eq!(t.snapshot().check_in.done, vec![t.m(0)]);
    // The last turn running out leaves the check-in for the facilitator to close.
    run_out(&mut t);
    assert_eq!(t.floor(), None);
    assert_eq!(t.phase(), Phase::CheckIn);
    assert_eq!(t.meeting.next_deadline(), None);
}

#[test]
fn auto_advance_moves_a_phase_on_when_its_box_runs_out() {
    let mut t = ana_presenting(true);
    let events = run_out(&mut t);
    assert!(events.contains(&Event::TimeUp {
        phase: Phase::Presenting
    }));
    assert!(events.contains(&Event::PhaseChanged {
        from: Phase::Presenting,
        to: Phase::Questions
    }));
    assert_eq!(deadline(&t), Some(t.now.plus_ms(400 * SEC)));
    assert!(!timer(&t).time_up);
}

#[test]
fn auto_advance_does_not_leave_the_opening_before_the_norms_are_acknowledged() {
    let mut t = circle(true, &["Ana"]);
    t.fac(Command::Start);
    let events = run_out(&mut t);
    assert_eq!(
        events,
        vec![Event::TimeUp {
            phase: Phase::Opening
        }]
    );
    assert_eq!(t.phase(), Phase::Opening);
}

#[test]
fn auto_advance_never_closes_a_hot_seat_without_a_commitment() {
    let mut t = ana_presenting(true);
    for _ in 0..3 {
        t.fac(Command::Advance);
    }
    assert_eq!(t.phase(), Phase::Commitment);
    let events = run_out(&mut t);
    assert_eq!(
        events,
        vec![Event::TimeUp {
            phase: Phase::Commitment
        }]
    );
    assert_eq!(t.phase(), Phase::Commitment);
    assert_eq!(t.floor(), Some(t.m(0)));
    assert!(t.tick(600 * SEC).is_empty());
    // Once the presenter commits, the facilitator moves on.
    t.act(t.m(0), commit("Book the meeting"));
    t.fac(Command::Advance);
    assert_eq!(t.phase(), Phase::Closing);
}

#[test]
fn auto_advance_closes_a_committed_hot_seat_when_its_box_runs_out() {
    let mut t = ana_presenting(true);
    for _ in 0..3 {
        t.fac(Command::Advance);
    }
    t.act(t.m(0), commit("Book the meeting"));
    let events = run_out(&mut t);
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::HotSeatClosed { .. }))
    );
    assert_eq!(t.phase(), Phase::Closing);
}

// ---- extend, pause, resume ----

#[test]
fn extend_adds_time_to_the_running_box() {
    let mut t = circle(false, &["Ana"]);
    t.fac(Command::Start);
    t.wait(10 * SEC);
    let events = t.fac(Command::Extend { secs: 30 });
    assert_eq!(events, vec![Event::TimerExtended { secs: 30 }]);
    assert_eq!(deadline(&t), Some(T0.plus_ms(90 * SEC)));
    assert_eq!(timer(&t).budget_ms, 90 * SEC);
}

#[test]
fn extend_after_time_up_counts_from_now_and_time_up_can_come_again() {
    let mut t = circle(false, &["Ana"]);
    t.fac(Command::Start);
    t.tick(70 * SEC);
    assert!(timer(&t).time_up);
    t.fac(Command::Extend { secs: 120 });
    assert!(!timer(&t).time_up);
    assert_eq!(t.meeting.next_deadline(), Some(T0.plus_ms(190 * SEC)));
    assert!(t.tick(120 * SEC - 1).is_empty());
    assert_eq!(
        t.tick(1),
        vec![Event::TimeUp {
            phase: Phase::Opening
        }]
    );
}

#[test]
fn an_extension_of_zero_or_over_thirty_minutes_is_invalid_duration() {
    let mut t = circle(false, &["Ana"]);
    t.fac(Command::Start);
    for secs in [0, 30 * 60 + 1] {
        let err = t.refuse(t.facilitator, Command::Extend { secs });
        assert_eq!(err.code(), ErrorCode::InvalidDuration, "{secs}");
    }
    t.fac(Command::Extend { secs: 30 * 60 });
}

#[test]
fn the_clock_controls_need_a_time_box_wrong_phase() {
    let mut t = circle(false, &["Ana"]);
    for command in [
        Command::Extend { secs: 60 },
        Command::Pause,
        Command::Resume,
    ] {
        let err = t.refuse(t.facilitator, command.clone());
        assert_eq!(err.code(), ErrorCode::WrongPhase, "{command:?}");
    }
}

#[test]
fn pause_keeps_the_time_left_and_resume_gives_it_back() {
    let mut t = circle(false, &["Ana"]);
    t.fac(Command::Start);
    t.wait(20 * SEC);
    let events = t.fac(Command::Pause);
    assert_eq!(events, vec![Event::TimerPaused]);
    let paused = timer(&t);
    assert_eq!(paused.paused, Some(PauseReason::Facilitator));
    assert_eq!(paused.remaining_ms, Some(40 * SEC));
    assert_eq!(paused.deadline, None);
    assert_eq!(t.meeting.next_deadline(), None);
    // A paused box does not run out.
    assert!(t.tick(500 * SEC).is_empty());
    let events = t.fac(Command::Resume);
    let resumed = t.now.plus_ms(40 * SEC);
    assert_eq!(events, vec![Event::TimerResumed { deadline: resumed }]);
    assert_eq!(t.meeting.next_deadline(), Some(resumed));
}

#[test]
fn pausing_a_paused_clock_is_already_done() {
    let mut t = circle(false, &["Ana"]);
    t.fac(Command::Start);
    t.fac(Command::Pause);
    let err = t.refuse(t.facilitator, Command::Pause);
    assert_eq!(err.code(), ErrorCode::AlreadyDone);
}

#[test]
fn resuming_a_running_clock_is_already_done() {
    let mut t = circle(false, &["Ana"]);
    t.fac(Command::Start);
    let err = t.refuse(t.facilitator, Command::Resume);
    assert_eq!(err.code(), ErrorCode::AlreadyDone);
}

// ---- the floor holder away ----

#[test]
fn the_floor_holder_dropping_pauses_their_box_and_returning_resumes_it() {
    let mut t = circle(false, &["Ana", "Bo"]);
    t.open_meeting();
    t.wait(30 * SEC);
    let events = t.presence(t.m(0), false);
    assert!(events.contains(&Event::TimerPaused));
    let paused = timer(&t);
    assert_eq!(paused.paused, Some(PauseReason::FloorAway));
    assert_eq!(paused.remaining_ms, Some(60 * SEC));
    // They keep the floor, and their time, while away.
    assert_eq!(t.floor(), Some(t.m(0)));
    assert!(t.tick(1000 * SEC).is_empty());
    let events = t.presence(t.m(0), true);
    let resumed = t.now.plus_ms(60 * SEC);
    assert!(events.contains(&Event::TimerResumed { deadline: resumed }));
    assert_eq!(t.meeting.next_deadline(), Some(resumed));
}

#[test]
fn a_member_without_the_floor_dropping_leaves_the_clock_running() {
    let mut t = circle(false, &["Ana", "Bo"]);
    t.open_meeting();
    let events = t.presence(t.m(1), false);
    assert!(!events.contains(&Event::TimerPaused));
    assert_eq!(timer(&t).paused, None);
}

#[test]
fn a_presenter_absent_when_their_hot_seat_begins_finds_the_clock_waiting() {
    let mut t = circle(false, &["Ana", "Bo"]);
    t.open_meeting();
    t.act(t.m(0), Command::Pass);
    t.act(t.m(1), Command::Pass);
    t.fac(Command::SetAgenda {
        seats: vec![t.m(0)],
    });
    t.presence(t.m(0), false);
    t.fac(Command::Advance);
    assert_eq!(t.floor(), Some(t.m(0)));
    let waiting = timer(&t);
    assert_eq!(waiting.paused, Some(PauseReason::FloorAway));
    assert_eq!(waiting.remaining_ms, Some(200 * SEC));
    t.wait(45 * SEC);
    t.presence(t.m(0), true);
    assert_eq!(deadline(&t), Some(t.now.plus_ms(200 * SEC)));
}

#[test]
fn the_clock_runs_again_when_the_floor_passes_on_from_an_absent_holder() {
    let mut t = ana_presenting(false);
    t.presence(t.m(0), false);
    assert_eq!(timer(&t).paused, Some(PauseReason::FloorAway));
    // The facilitator moves on: the question round's box runs, Bo has the floor.
    t.fac(Command::Advance);
    assert_eq!(t.floor(), Some(t.m(1)));
    assert_eq!(timer(&t).paused, None);
    assert_eq!(deadline(&t), Some(t.now.plus_ms(400 * SEC)));
}

#[test]
fn a_facilitator_pause_holds_when_the_floor_holder_returns() {
    let mut t = circle(false, &["Ana", "Bo"]);
    t.open_meeting();
    t.presence(t.m(0), false);
    t.fac(Command::Pause);
    assert_eq!(timer(&t).paused, Some(PauseReason::Facilitator));
    let events = t.presence(t.m(0), true);
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, Event::TimerResumed { .. }))
    );
    assert_eq!(timer(&t).paused, Some(PauseReason::Facilitator));
    t.fac(Command::Resume);
    assert_eq!(timer(&t).paused, None);
}
