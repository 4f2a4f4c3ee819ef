//! The order of a meeting: start, advance, back through every phase (across hot seats and
//! from the closing), skipping a hot seat, ending early, the agenda (set, reorder, shuffle,
//! volunteer) and the removal of the current presenter.

use hotseat_protocol::snapshot::HotSeatOutcome;
use hotseat_protocol::{Command, ErrorCode, Event, Phase, SeatId, TurnKind};
use hotseat_server::engine::transition_allowed;
use hotseat_tests::{Table, ask, commit};

trait Step {
    fn step(&mut self, command: Command) -> Vec<Event>;
}

impl Step for Table {
    /// The facilitator applies `command`; every phase change it causes must be one the rules
    /// allow.
    #[track_caller]
    fn step(&mut self, command: Command) -> Vec<Event> {
        let events = self.fac(command);
        for event in &events {
            if let Event::PhaseChanged { from, to } = event {
                assert!(transition_allowed(*from, *to), "{from:?} -> {to:?}");
            }
        }
        events
    }
}

/// Ana, Bo, Cy and Di, checked in, with `agenda` set and its first hot seat presenting.
fn hot_seats(agenda: &[usize]) -> Table {
    let mut t = Table::new(&["Ana", "Bo", "Cy", "Di"]);
    t.open_meeting();
    let seats: Vec<SeatId> = agenda.iter().map(|i| t.m(*i)).collect();
    t.start_hot_seats(&seats);
    t
}

/// Takes the running hot seat to its commitment step and has its presenter commit.
fn commit_current(t: &mut Table) {
    while t.phase() != Phase::Commitment {
        t.step(Command::Advance);
    }
    let presenter = t.snapshot().agenda.current.expect("a hot seat runs");
    t.act(presenter, commit("Try one thing"));
}

// ---- start and advance ----

#[test]
fn start_opens_the_meeting_from_the_lobby() {
    let mut t = Table::new(&["Ana"]);
    let events = t.step(Command::Start);
    assert!(events.contains(&Event::PhaseChanged {
        from: Phase::Lobby,
        to: Phase::Opening
    }));
    assert_eq!(t.phase(), Phase::Opening);
}

#[test]
fn starting_a_started_meeting_is_wrong_phase() {
    let mut t = Table::new(&["Ana"]);
    t.step(Command::Start);
    let err = t.refuse(t.facilitator, Command::Start);
    assert_eq!(err.code(), ErrorCode::WrongPhase);
}

#[test]
fn advance_in_the_lobby_starts_the_meeting() {
    let mut t = Table::new(&["Ana"]);
    t.step(Command::Advance);
    assert_eq!(t.phase(), Phase::Opening);
}

#[test]
fn advance_from_the_check_in_seats_the_first_presenter_on_the_agenda() {
    let mut t = Table::new(&["Ana", "Bo", "Cy"]);
    t.open_meeting();
    t.step(Command::SetAgenda {
        seats: vec![t.m(2), t.m(0)],
    });
    // The check-in need not be finished to move on.
    let events = t.step(Command::Advance);
    assert!(events.contains(&Event::AgendaChanged));
    assert_eq!(t.phase(), Phase::Presenting);
    let agenda = t.snapshot().agenda;
    assert_eq!(agenda.current, Some(t.m(2)));
    assert_eq!(agenda.upcoming, vec![t.m(0)]);
    assert_eq!(t.floor(), Some(t.m(2)));
    assert_eq!(t.turn(), Some(TurnKind::Presenting));
    assert_eq!(t.snapshot().hot_seat.unwrap().index, 0);
}

#[test]
fn advance_from_the_check_in_with_an_empty_agenda_goes_to_the_closing() {
    let mut t = Table::new(&["Ana"]);
    t.open_meeting();
    t.step(Command::Advance);
    assert_eq!(t.phase(), Phase::Closing);
}

#[test]
fn advance_takes_a_hot_seat_through_its_four_steps_in_order() {
    let mut t = hot_seats(&[0]);
    for next in [Phase::Questions, Phase::Learnings, Phase::Commitment] {
        let before = t.phase();
        let events = t.step(Command::Advance);
        assert!(events.contains(&Event::PhaseChanged {
            from: before,
            to: next
        }));
    }
}

#[test]
fn a_closed_hot_seat_hands_over_to_the_next_presenter() {
    let mut t = hot_seats(&[0, 1]);
    commit_current(&mut t);
    let events = t.step(Command::Advance);
    assert!(events.contains(&Event::PhaseChanged {
        from: Phase::Commitment,
        to: Phase::Presenting
    }));
    let snap = t.snapshot();
    assert_eq!(snap.agenda.current, Some(t.m(1)));
    assert_eq!(snap.agenda.done[0].seat, t.m(0));
    assert_eq!(snap.agenda.done[0].outcome, HotSeatOutcome::Committed);
    assert_eq!(snap.hot_seat.unwrap().index, 1);
    assert_eq!(t.floor(), Some(t.m(1)));
}

#[test]
fn advance_from_the_closing_ends_the_meeting_on_time() {
    let mut t = Table::new(&["Ana"]);
    t.open_meeting();
    t.step(Command::Advance);
    let events = t.step(Command::Advance);
    assert!(events.contains(&Event::MeetingEnded { early: false }));
    assert_eq!(t.phase(), Phase::Ended);
    assert_eq!(t.snapshot().timer, None);
}

// ---- back ----

#[test]
fn there_is_no_going_back_from_the_lobby_or_the_opening_cannot_go_back() {
    let mut t = Table::new(&["Ana"]);
    assert_eq!(
        t.refuse(t.facilitator, Command::Back).code(),
        ErrorCode::CannotGoBack
    );
    t.step(Command::Start);
    assert_eq!(
        t.refuse(t.facilitator, Command::Back).code(),
        ErrorCode::CannotGoBack
    );
}

#[test]
fn back_from_the_check_in_returns_to_the_opening_and_keeps_who_checked_in() {
    let mut t = Table::new(&["Ana", "Bo"]);
    t.open_meeting();
    t.act(t.m(0), Command::Pass);
    t.step(Command::Back);
    assert_eq!(t.phase(), Phase::Opening);
    assert_eq!(t.floor(), None);
    t.step(Command::Advance);
    assert_eq!(t.phase(), Phase::CheckIn);
    assert_eq!(t.floor(), Some(t.m(1)));
}

#[test]
fn back_from_presenting_undoes_the_hot_seat_and_puts_the_presenter_first_on_the_agenda() {
    let mut t = hot_seats(&[1, 2]);
    t.step(Command::Back);
    assert_eq!(t.phase(), Phase::CheckIn);
    let snap = t.snapshot();
    assert_eq!(snap.agenda.current, None);
    assert!(snap.agenda.done.is_empty());
    assert_eq!(snap.agenda.upcoming, vec![t.m(1), t.m(2)]);
    assert_eq!(snap.hot_seat, None);
    // Starting again gives the same hot seat, as the first one.
    t.step(Command::Advance);
    assert_eq!(t.snapshot().agenda.current, Some(t.m(1)));
    assert_eq!(t.snapshot().hot_seat.unwrap().index, 0);
}

#[test]
fn back_walks_a_hot_seat_back_step_by_step() {
    let mut t = hot_seats(&[0]);
    t.step(Command::Advance);
    t.act(t.m(1), ask("What do you need right now?"));
    t.step(Command::Advance);
    t.step(Command::Advance);
    assert_eq!(t.phase(), Phase::Commitment);
    for back_to in [Phase::Learnings, Phase::Questions, Phase::Presenting] {
        let before = t.phase();
        let events = t.step(Command::Back);
        assert!(events.contains(&Event::PhaseChanged {
            from: before,
            to: back_to
        }));
    }
    // The presenter may present again; what was asked is kept.
    assert_eq!(t.floor(), Some(t.m(0)));
    assert_eq!(t.turn(), Some(TurnKind::Presenting));
    assert_eq!(t.snapshot().hot_seat.unwrap().questions.len(), 1);
}

#[test]
fn a_hot_seat_that_has_begun_is_not_undone_by_back_not_eligible() {
    let mut t = hot_seats(&[0]);
    t.step(Command::Advance);
    t.act(t.m(1), ask("What would you like to understand better?"));
    t.step(Command::Back);
    assert_eq!(t.phase(), Phase::Presenting);
    let err = t.refuse(t.facilitator, Command::Back);
    assert_eq!(err.code(), ErrorCode::NotEligible);
}

#[test]
fn back_from_the_next_presenting_reopens_the_previous_hot_seat_at_its_commitment() {
    let mut t = hot_seats(&[0, 1]);
    commit_current(&mut t);
    t.step(Command::Advance);
    assert_eq!(t.snapshot().agenda.current, Some(t.m(1)));
    t.step(Command::Back);
    assert_eq!(t.phase(), Phase::Commitment);
    let snap = t.snapshot();
    assert_eq!(snap.agenda.current, Some(t.m(0)));
    assert!(snap.agenda.done.is_empty());
    assert_eq!(snap.agenda.upcoming, vec![t.m(1)]);
    assert_eq!(snap.commitments.len(), 1);
    assert_eq!(t.floor(), Some(t.m(0)));
    assert_eq!(t.turn(), Some(TurnKind::Committing));
    // Moving on again closes it as before and reseats the next presenter.
    t.step(Command::Advance);
    assert_eq!(t.snapshot().agenda.current, Some(t.m(1)));
    assert_eq!(t.snapshot().hot_seat.unwrap().index, 1);
}

#[test]
fn back_from_the_closing_reopens_the_last_hot_seat_at_its_commitment() {
    let mut t = hot_seats(&[0]);
    commit_current(&mut t);
    t.step(Command::Advance);
    assert_eq!(t.phase(), Phase::Closing);
    t.step(Command::Back);
    assert_eq!(t.phase(), Phase::Commitment);
    assert_eq!(t.snapshot().agenda.current, Some(t.m(0)));
    assert!(t.snapshot().agenda.done.is_empty());
    assert_eq!(t.floor(), Some(t.m(0)));
}

#[test]
fn back_from_the_closing_without_hot_seats_returns_to_the_check_in() {
    let mut t = Table::new(&["Ana"]);
    t.open_meeting();
    t.step(Command::Advance);
    t.step(Command::Back);
    assert_eq!(t.phase(), Phase::CheckIn);
    assert_eq!(t.floor(), Some(t.m(0)));
}

#[test]
fn back_into_a_skipped_hot_seat_reopens_its_presenting() {
    let mut t = hot_seats(&[0]);
    t.act(t.m(0), Command::Done);
    t.step(Command::SkipHotSeat);
    assert_eq!(t.phase(), Phase::Closing);
    t.step(Command::Back);
    assert_eq!(t.phase(), Phase::Presenting);
    assert_eq!(t.snapshot().agenda.current, Some(t.m(0)));
    assert_eq!(t.floor(), Some(t.m(0)));
    assert_eq!(t.turn(), Some(TurnKind::Presenting));
}

#[test]
fn back_never_reopens_a_hot_seat_whose_presenter_has_left_not_eligible() {
    let mut t = hot_seats(&[0]);
    t.step(Command::RemoveMember { seat: t.m(0) });
    assert_eq!(t.phase(), Phase::Closing);
    let err = t.refuse(t.facilitator, Command::Back);
    assert_eq!(err.code(), ErrorCode::NotEligible);
}

#[test]
fn back_never_reopens_a_hot_seat_for_a_presenter_who_now_facilitates() {
    let mut t = hot_seats(&[0, 1]);
    commit_current(&mut t);
    t.step(Command::Advance);
    t.step(Command::HandOver { seat: t.m(0) });
    let new_facilitator = t.m(0);
    let err = t.refuse(new_facilitator, Command::Back);
    assert_eq!(err.code(), ErrorCode::NotEligible);
}

// ---- skip_hot_seat ----

#[test]
fn skip_hot_seat_closes_it_as_skipped_and_seats_the_next_presenter() {
    let mut t = hot_seats(&[0, 1]);
    t.step(Command::Advance);
    let events = t.step(Command::SkipHotSeat);
    assert!(events.contains(&Event::HotSeatClosed {
        seat: t.m(0),
        outcome: HotSeatOutcome::Skipped
    }));
    assert_eq!(t.phase(), Phase::Presenting);
    assert_eq!(t.snapshot().agenda.current, Some(t.m(1)));
    assert_eq!(
        t.meeting.closed_hot_seats(),
        vec![(t.m(0), HotSeatOutcome::Skipped, 0, false)]
    );
}

#[test]
fn skipping_the_last_hot_seat_goes_to_the_closing() {
    let mut t = hot_seats(&[0]);
    t.step(Command::SkipHotSeat);
    assert_eq!(t.phase(), Phase::Closing);
}

#[test]
fn skip_hot_seat_with_no_hot_seat_running_is_wrong_phase() {
    let mut t = Table::new(&["Ana"]);
    t.open_meeting();
    let err = t.refuse(t.facilitator, Command::SkipHotSeat);
    assert_eq!(err.code(), ErrorCode::WrongPhase);
}

// ---- ending ----

#[test]
fn ending_early_marks_the_running_hot_seat_unfinished_and_keeps_its_commitments() {
    let mut t = hot_seats(&[0, 1]);
    commit_current(&mut t);
    let events = t.step(Command::EndMeeting);
    assert!(events.contains(&Event::HotSeatClosed {
        seat: t.m(0),
        outcome: HotSeatOutcome::Unfinished
    }));
    assert!(events.contains(&Event::MeetingEnded { early: true }));
    assert_eq!(t.phase(), Phase::Ended);
    assert_eq!(
        t.meeting.closed_hot_seats(),
        vec![(t.m(0), HotSeatOutcome::Unfinished, 1, false)]
    );
    let snap = t.snapshot();
    assert_eq!(snap.commitments.len(), 1);
    assert_eq!(snap.floor, None);
    assert_eq!(snap.timer, None);
}

#[test]
fn ending_from_the_lobby_is_early() {
    let mut t = Table::new(&["Ana"]);
    let events = t.step(Command::EndMeeting);
    assert!(events.contains(&Event::MeetingEnded { early: true }));
    assert_eq!(t.phase(), Phase::Ended);
}

#[test]
fn ending_from_the_closing_is_not_early() {
    let mut t = Table::new(&["Ana"]);
    t.open_meeting();
    t.step(Command::Advance);
    let events = t.step(Command::EndMeeting);
    assert!(events.contains(&Event::MeetingEnded { early: false }));
}

#[test]
fn after_the_end_every_command_is_refused_meeting_ended() {
    let mut t = Table::new(&["Ana"]);
    t.open_meeting();
    t.step(Command::EndMeeting);
    for command in [
        Command::Advance,
        Command::Back,
        Command::EndMeeting,
        Command::Start,
    ] {
        let err = t.refuse(t.facilitator, command.clone());
        assert_eq!(err.code(), ErrorCode::MeetingEnded, "{command:?}");
    }
    let err = t.refuse(t.m(0), Command::Volunteer);
    assert_eq!(err.code(), ErrorCode::MeetingEnded);
}

// ---- the agenda ----

#[test]
fn the_facilitator_sets_the_order_of_the_hot_seats() {
    let mut t = Table::new(&["Ana", "Bo", "Cy"]);
    let events = t.step(Command::SetAgenda {
        seats: vec![t.m(2), t.m(0)],
    });
    assert_eq!(events, vec![Event::AgendaChanged]);
    assert_eq!(t.snapshot().agenda.upcoming, vec![t.m(2), t.m(0)]);
}

#[test]
fn reordering_the_agenda_mid_meeting_changes_who_presents_next() {
    let mut t = hot_seats(&[0, 1, 2]);
    t.step(Command::SetAgenda {
        seats: vec![t.m(2), t.m(1)],
    });
    commit_current(&mut t);
    t.step(Command::Advance);
    assert_eq!(t.snapshot().agenda.current, Some(t.m(2)));
}

#[test]
fn an_empty_agenda_ends_the_hot_seats_after_the_current_one() {
    let mut t = hot_seats(&[0, 1]);
    t.step(Command::SetAgenda { seats: Vec::new() });
    commit_current(&mut t);
    t.step(Command::Advance);
    assert_eq!(t.phase(), Phase::Closing);
}

#[test]
fn an_agenda_naming_a_member_twice_is_invalid_agenda() {
    let mut t = Table::new(&["Ana", "Bo"]);
    let err = t.refuse(
        t.facilitator,
        Command::SetAgenda {
            seats: vec![t.m(0), t.m(1), t.m(0)],
        },
    );
    assert_eq!(err.code(), ErrorCode::InvalidAgenda);
}

#[test]
fn an_agenda_naming_the_facilitator_is_invalid_agenda() {
    let mut t = Table::new(&["Ana"]);
    let err = t.refuse(
        t.facilitator,
        Command::SetAgenda {
            seats: vec![t.m(0), t.facilitator],
        },
    );
    assert_eq!(err.code(), ErrorCode::InvalidAgenda);
}

#[test]
fn an_agenda_naming_the_presenter_in_the_hot_seat_is_invalid_agenda() {
    let mut t = hot_seats(&[0]);
    let err = t.refuse(
        t.facilitator,
        Command::SetAgenda {
            seats: vec![t.m(1), t.m(0)],
        },
    );
    assert_eq!(err.code(), ErrorCode::InvalidAgenda);
}

#[test]
fn an_agenda_of_more_than_six_is_invalid_agenda() {
    let mut t = Table::new(&["Ana", "Bo", "Cy", "Di", "Ed", "Flo"]);
    let mut seats = t.members.clone();
    seats.push(SeatId(99));
    let err = t.refuse(t.facilitator, Command::SetAgenda { seats });
    assert_eq!(err.code(), ErrorCode::InvalidAgenda);
}

#[test]
fn an_agenda_naming_a_seat_not_in_the_room_is_unknown_seat() {
    let mut t = Table::new(&["Ana"]);
    let err = t.refuse(
        t.facilitator,
        Command::SetAgenda {
            seats: vec![t.m(0), SeatId(99)],
        },
    );
    assert_eq!(err.code(), ErrorCode::UnknownSeat);
}

#[test]
fn setting_the_same_agenda_again_is_already_done() {
    let mut t = Table::new(&["Ana", "Bo"]);
    let seats = vec![t.m(1), t.m(0)];
    t.step(Command::SetAgenda {
        seats: seats.clone(),
    });
    let err = t.refuse(t.facilitator, Command::SetAgenda { seats });
    assert_eq!(err.code(), ErrorCode::AlreadyDone);
}

#[test]
fn the_agenda_is_closed_once_the_hot_seats_are_over_wrong_phase() {
    let mut t = Table::new(&["Ana"]);
    t.open_meeting();
    t.step(Command::Advance);
    assert_eq!(t.phase(), Phase::Closing);
    let err = t.refuse(
        t.facilitator,
        Command::SetAgenda {
            seats: vec![t.m(0)],
        },
    );
    assert_eq!(err.code(), ErrorCode::WrongPhase);
    assert_eq!(
        t.refuse(t.facilitator, Command::ShuffleAgenda).code(),
        ErrorCode::WrongPhase
    );
    assert_eq!(
        t.refuse(t.m(0), Command::Volunteer).code(),
        ErrorCode::WrongPhase
    );
}

#[test]
fn shuffling_puts_the_same_presenters_in_a_new_order() {
    let mut t = Table::new(&["Ana", "Bo", "Cy", "Di", "Ed", "Flo"]);
    let before = t.members.clone();
    t.step(Command::SetAgenda {
        seats: before.clone(),
    });
    for _ in 0..5 {
        let current = t.snapshot().agenda.upcoming;
        let events = t.step(Command::ShuffleAgenda);
        assert_eq!(events, vec![Event::AgendaChanged]);
        let shuffled = t.snapshot().agenda.upcoming;
        assert_ne!(shuffled, current, "a shuffle always changes the order");
        let mut sorted = shuffled.clone();
        sorted.sort();
        assert_eq!(sorted, before);
        t.wait(1_234);
    }
}

#[test]
fn shuffling_two_presenters_swaps_them() {
    let mut t = Table::new(&["Ana", "Bo"]);
    t.step(Command::SetAgenda {
        seats: vec![t.m(0), t.m(1)],
    });
    t.step(Command::ShuffleAgenda);
    assert_eq!(t.snapshot().agenda.upcoming, vec![t.m(1), t.m(0)]);
}

#[test]
fn shuffling_fewer_than_two_presenters_is_already_done() {
    let mut t = Table::new(&["Ana"]);
    t.step(Command::SetAgenda {
        seats: vec![t.m(0)],
    });
    let err = t.refuse(t.facilitator, Command::ShuffleAgenda);
    assert_eq!(err.code(), ErrorCode::AlreadyDone);
}

#[test]
fn a_member_volunteers_onto_the_end_of_the_agenda() {
    let mut t = Table::new(&["Ana", "Bo"]);
    t.open_meeting();
    t.step(Command::SetAgenda {
        seats: vec![t.m(1)],
    });
    let events = t.act(t.m(0), Command::Volunteer);
    assert_eq!(events, vec![Event::AgendaChanged]);
    assert_eq!(t.snapshot().agenda.upcoming, vec![t.m(1), t.m(0)]);
}

#[test]
fn volunteering_twice_is_already_done() {
    let mut t = Table::new(&["Ana"]);
    t.open_meeting();
    t.act(t.m(0), Command::Volunteer);
    let err = t.refuse(t.m(0), Command::Volunteer);
    assert_eq!(err.code(), ErrorCode::AlreadyDone);
}

#[test]
fn the_presenter_in_the_hot_seat_volunteering_is_already_done() {
    let mut t = hot_seats(&[0]);
    let err = t.refuse(t.m(0), Command::Volunteer);
    assert_eq!(err.code(), ErrorCode::AlreadyDone);
}

// ---- the presenter leaves ----

#[test]
fn removing_the_presenter_skips_their_hot_seat_and_seats_the_next() {
    let mut t = hot_seats(&[0, 1]);
    t.step(Command::Advance);
    assert_eq!(t.phase(), Phase::Questions);
    let events = t.step(Command::RemoveMember { seat: t.m(0) });
    assert!(events.contains(&Event::HotSeatClosed {
        seat: t.m(0),
        outcome: HotSeatOutcome::Skipped
    }));
    assert!(events.contains(&Event::MemberRemoved { seat: t.m(0) }));
    assert_eq!(t.phase(), Phase::Presenting);
    assert_eq!(t.snapshot().agenda.current, Some(t.m(1)));
    assert_eq!(t.floor(), Some(t.m(1)));
}

#[test]
fn removing_the_last_presenter_goes_to_the_closing() {
    let mut t = hot_seats(&[0]);
    t.step(Command::RemoveMember { seat: t.m(0) });
    assert_eq!(t.phase(), Phase::Closing);
    assert_eq!(t.floor(), None);
}

#[test]
fn an_absent_presenters_seat_released_skips_their_hot_seat() {
    let mut t = hot_seats(&[0, 1]);
    t.presence(t.m(0), false);
    let events = t.release(t.m(0));
    assert!(events.contains(&Event::HotSeatClosed {
        seat: t.m(0),
        outcome: HotSeatOutcome::Skipped
    }));
    assert_eq!(t.snapshot().agenda.current, Some(t.m(1)));
}
