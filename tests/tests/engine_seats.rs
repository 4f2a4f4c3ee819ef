//! Seats and roles: joining, names, capacity, the room lock, removal, the facilitator
//! hand-over, presence, release, and acknowledging the norms (late joiners included).

use hotseat_protocol::{Command, ErrorCode, Event, Phase, Role, SeatId, TurnKind};
use hotseat_server::engine::MeetingSetup;
use hotseat_tests::{Table, ask, check_in};

const SIX: [&str; 6] = ["Ana", "Bo", "Cy", "Di", "Ed", "Flo"];

// ---- joining ----

#[test]
fn a_member_joins_present_under_their_trimmed_name() {
    let mut t = Table::new(&[]);
    let version = t.meeting.version();
    let (seat, events) = t.meeting.join("  Ana  ", t.now).unwrap();
    assert_eq!(events, vec![Event::MemberJoined { seat }]);
    assert_eq!(t.meeting.version(), version + 1);
    let view = t.seat_view(seat);
    assert_eq!(view.name, "Ana");
    assert_eq!(view.role, Role::Member);
    assert!(view.present);
    assert!(!view.acknowledged);
    assert_eq!(t.meeting.member_count(), 1);
}

#[test]
fn every_new_seat_gets_a_fresh_id() {
    let mut t = Table::new(&["Ana", "Bo"]);
    let removed = t.m(1);
    t.fac(Command::RemoveMember { seat: removed });
    let next = t.join("Cy");
    assert!(![t.facilitator, t.m(0), removed].contains(&next));
}

#[test]
fn a_seventh_member_is_refused_room_full() {
    let mut t = Table::new(&SIX);
    assert_eq!(t.meeting.member_count(), 6);
    assert_eq!(t.refuse_join("Gil").code(), ErrorCode::RoomFull);
}

#[test]
fn absent_returning_members_hold_their_places_in_the_six() {
    let mut setup = MeetingSetup::new("Circle");
    setup.returning_members = (1..=6)
        .map(|i| (SeatId(i), format!("Member {i}")))
        .collect();
    let mut t = Table::with_setup(setup, &[]);
    assert!(!t.meeting.is_present(SeatId(1)));
    assert_eq!(t.refuse_join("Gil").code(), ErrorCode::RoomFull);
}

#[test]
fn a_locked_room_refuses_new_members_room_locked() {
    let mut t = Table::new(&["Ana"]);
    let events = t.fac(Command::Lock { locked: true });
    assert!(events.contains(&Event::RoomLocked { locked: true }));
    assert!(t.snapshot().locked);
    assert_eq!(t.refuse_join("Bo").code(), ErrorCode::RoomLocked);
    t.fac(Command::Lock { locked: false });
    t.join("Bo");
}

#[test]
fn a_returning_member_reconnects_to_a_locked_room() {
    let mut t = Table::returning(MeetingSetup::new("Circle"), &["Ana", "Bo"]);
    t.presence(t.m(1), false);
    t.fac(Command::Lock { locked: true });
    let events = t.presence(t.m(1), true);
    assert_eq!(
        events,
        vec![Event::PresenceChanged {
            seat: t.m(1),
            present: true
        }]
    );
}

#[test]
fn locking_a_locked_room_or_opening_an_open_one_is_already_done() {
    let mut t = Table::new(&["Ana"]);
    let err = t.refuse(t.facilitator, Command::Lock { locked: false });
    assert_eq!(err.code(), ErrorCode::AlreadyDone);
    t.fac(Command::Lock { locked: true });
    let err = t.refuse(t.facilitator, Command::Lock { locked: true });
    assert_eq!(err.code(), ErrorCode::AlreadyDone);
}

#[test]
fn a_blank_name_is_refused_invalid_name() {
    let mut t = Table::new(&[]);
    assert_eq!(t.refuse_join("").code(), ErrorCode::InvalidName);
    assert_eq!(t.refuse_join("   ").code(), ErrorCode::InvalidName);
}

#[test]
fn a_name_over_forty_characters_is_refused_invalid_name() {
    let mut t = Table::new(&[]);
    assert_eq!(
        t.refuse_join(&"x".repeat(41)).code(),
        ErrorCode::InvalidName
    );
    // Forty characters (not bytes) are fine.
    t.join(&"é".repeat(40));
}

#[test]
fn a_name_with_control_characters_is_refused_invalid_name() {
    let mut t = Table::new(&[]);
    assert_eq!(t.refuse_join("Ana\nBo").code(), ErrorCode::InvalidName);
    assert_eq!(t.refuse_join("Ana\u{7}").code(), ErrorCode::InvalidName);
}

#[test]
fn a_name_in_use_is_refused_name_taken_whatever_its_case() {
    let mut t = Table::new(&["Ana"]);
    assert_eq!(t.refuse_join("ana").code(), ErrorCode::NameTaken);
    assert_eq!(t.refuse_join("  ANA ").code(), ErrorCode::NameTaken);
}

#[test]
fn the_facilitators_name_is_taken_too() {
    let mut t = Table::new(&[]);
    assert_eq!(t.refuse_join("facilitator").code(), ErrorCode::NameTaken);
}

#[test]
fn an_absent_members_name_stays_taken() {
    let mut t = Table::new(&["Ana"]);
    t.presence(t.m(0), false);
    assert_eq!(t.refuse_join("Ana").code(), ErrorCode::NameTaken);
}

#[test]
fn a_name_is_kept_composed_with_its_spaces_collapsed() {
    let mut t = Table::new(&[]);
    let seat = t.join(" \u{A0}E\u{301}mile \u{3000}  Roux  ");
    assert_eq!(t.seat_view(seat).name, "\u{C9}mile Roux");
    // Forty characters of the composed form: typed as 80 code points, it fits.
    let long = t.join(&"e\u{301}".repeat(40));
    assert_eq!(t.seat_view(long).name, "\u{E9}".repeat(40));
}

#[test]
fn invisible_or_direction_changing_characters_are_refused_invalid_name() {
    let mut t = Table::new(&[]);
    for bad in [
        "Da\u{200B}ra",
        "Da\u{200C}ra",
        "Da\u{200D}ra",
        "\u{202E}arad",
        "Dara\u{2066}",
        "\u{2067}Dara\u{2069}",
        "\u{FEFF}Dara",
        "Dara\u{2028}",
        "Da\u{2029}ra",
        "Dara\n",
        "Da\u{AD}ra",
        "Dara\u{3164}",
        "Dara\u{2800}",
        "\u{3164}",
        "\u{301}",
    ] {
        assert_eq!(t.refuse_join(bad).code(), ErrorCode::InvalidName, "{bad:?}");
    }
}

#[test]
fn a_lookalike_of_a_seated_name_is_refused_name_taken() {
    let mut t = Table::new(&["Dara", "\u{C9}mile", "Da ra"]);
    for lookalike in [
        "D\u{430}ra",
        "\u{FF24}\u{FF41}\u{FF52}\u{FF41}",
        "E\u{301}mile",
        "\u{C9}MILE",
        "dara",
        "DARA",
        "Da  ra",
        "Da\u{A0}ra",
        "Fac\u{456}litator",
        "FaciIitator",
    ] {
        assert_eq!(
            t.refuse_join(lookalike).code(),
            ErrorCode::NameTaken,
            "{lookalike:?}"
        );
    }
    // Close is not the same: these are other people.
    t.join("Emile");
    t.join("Dana");
}

#[test]
fn names_in_every_script_join() {
    let mut t = Table::new(&[]);
    for name in [
        "Zo\u{EB}",
        "Jos\u{E9}",
        "\u{141}ukasz",
        "Ng\u{1ECD}c",
        "\u{738B}\u{82B3}",
        "Ольга",
    ] {
        let seat = t.join(name);
        assert_eq!(t.seat_view(seat).name, name);
    }
    let mut other = Table::new(&[]);
    other.join("محمد");
}

#[test]
fn a_chosen_facilitator_name_is_taken_by_its_skeleton() {
    let mut setup = MeetingSetup::new("Circle");
    setup.facilitator_name = "Maya".to_owned();
    let mut t = Table::with_setup(setup, &[]);
    assert_eq!(
        t.refuse_join("M\u{430}y\u{430}").code(),
        ErrorCode::NameTaken
    );
    assert_eq!(t.refuse_join("MAYA").code(), ErrorCode::NameTaken);
    // The default name is free once the facilitator chose another.
    t.join("Facilitator");
}

#[test]
fn a_released_members_name_stays_taken_until_they_return() {
    let mut t = Table::new(&["Dara", "Bo"]);
    let dara = t.m(0);
    t.presence(dara, false);
    t.release(dara);
    assert_eq!(t.refuse_join("D\u{430}ra").code(), ErrorCode::NameTaken);
    assert_eq!(t.refuse_join("dara").code(), ErrorCode::NameTaken);
    t.meeting
        .rejoin(dara, t.now)
        .expect("Dara comes back under her own name");
    assert_eq!(t.seat_view(dara).name, "Dara");
}

#[test]
fn joining_an_ended_meeting_is_refused_meeting_ended() {
    let mut t = Table::new(&["Ana"]);
    t.fac(Command::EndMeeting);
    assert_eq!(t.refuse_join("Bo").code(), ErrorCode::MeetingEnded);
}

// ---- commands from outside the room, and the facilitator's commands ----

#[test]
fn a_command_from_a_seat_not_in_the_room_is_refused_unknown_seat() {
    let mut t = Table::new(&["Ana"]);
    let err = t.refuse(SeatId(99), Command::RaiseHand);
    assert_eq!(err.code(), ErrorCode::UnknownSeat);
}

#[test]
fn every_facilitator_only_command_from_a_member_is_refused_not_facilitator() {
    let mut t = Table::new(&["Ana", "Bo", "Cy"]);
    t.open_meeting();
    let member = t.m(0);
    let other = t.m(1);
    let commands = [
        Command::Start,
        Command::Advance,
        Command::Back,
        Command::Skip,
        Command::SkipHotSeat,
        Command::GiveFloor { seat: other },
        Command::Extend { secs: 60 },
        Command::Pause,
        Command::Resume,
        Command::EndMeeting,
        Command::SetAgenda { seats: vec![other] },
        Command::ShuffleAgenda,
        Command::RemoveMember { seat: other },
        Command::Lock { locked: true },
        Command::HandOver { seat: member },
        Command::SetNorms {
            norms: vec!["Be kind.".to_owned()],
        },
    ];
    for command in commands {
        assert!(command.is_facilitator_only(), "{command:?}");
        let err = t.refuse(member, command.clone());
        assert_eq!(err.code(), ErrorCode::NotFacilitator, "{command:?}");
    }
}

// ---- removal ----

#[test]
fn a_removed_member_leaves_the_room_and_keeps_their_name_in_former_seats() {
    let mut t = Table::new(&["Ana", "Bo"]);
    let bo = t.m(1);
    let events = t.fac(Command::RemoveMember { seat: bo });
    assert!(events.contains(&Event::MemberRemoved { seat: bo }));
    let snap = t.snapshot();
    assert!(snap.seats.iter().all(|s| s.id != bo));
    assert!(
        snap.former_seats
            .iter()
            .any(|f| f.id == bo && f.name == "Bo")
    );
    assert_eq!(t.meeting.member_count(), 1);
}

#[test]
fn a_removed_member_can_no_longer_act_unknown_seat() {
    let mut t = Table::new(&["Ana", "Bo"]);
    t.fac(Command::RemoveMember { seat: t.m(1) });
    let err = t.refuse(t.m(1), Command::Volunteer);
    assert_eq!(err.code(), ErrorCode::UnknownSeat);
}

#[test]
fn removing_a_seat_that_is_not_in_the_room_is_refused_unknown_seat() {
    let mut t = Table::new(&["Ana"]);
    let err = t.refuse(t.facilitator, Command::RemoveMember { seat: SeatId(99) });
    assert_eq!(err.code(), ErrorCode::UnknownSeat);
}

#[test]
fn the_facilitator_cannot_remove_their_own_seat_not_eligible() {
    let mut t = Table::new(&["Ana"]);
    let err = t.refuse(
        t.facilitator,
        Command::RemoveMember {
            seat: t.facilitator,
        },
    );
    assert_eq!(err.code(), ErrorCode::NotEligible);
}

#[test]
fn removing_the_floor_holder_passes_the_floor_to_the_next_member() {
    let mut t = Table::new(&["Ana", "Bo"]);
    t.open_meeting();
    assert_eq!(t.floor(), Some(t.m(0)));
    t.fac(Command::RemoveMember { seat: t.m(0) });
    assert_eq!(t.floor(), Some(t.m(1)));
    assert_eq!(t.turn(), Some(TurnKind::CheckIn));
}

#[test]
fn a_removed_member_leaves_the_agenda_and_the_raised_hands() {
    let mut t = Table::new(&["Ana", "Bo", "Cy", "Di"]);
    t.open_meeting();
    t.start_hot_seats(&[t.m(0), t.m(3)]);
    t.act(t.m(0), Command::Done);
    t.fac(Command::Advance);
    // Bo has the floor; Cy raises a hand.
    t.act(t.m(2), Command::RaiseHand);
    assert_eq!(t.snapshot().hands, vec![t.m(2)]);
    t.fac(Command::RemoveMember { seat: t.m(2) });
    t.fac(Command::RemoveMember { seat: t.m(3) });
    let snap = t.snapshot();
    assert!(snap.hands.is_empty());
    assert!(snap.agenda.upcoming.is_empty());
}

// ---- the hand-over ----

#[test]
fn handing_over_swaps_the_facilitator_and_the_member() {
    let mut t = Table::new(&["Ana", "Bo"]);
    t.fac(Command::Start);
    let (old, ana) = (t.facilitator, t.m(0));
    let events = t.fac(Command::HandOver { seat: ana });
    assert!(events.contains(&Event::FacilitatorChanged { seat: ana }));
    assert_eq!(t.meeting.facilitator(), ana);
    assert_eq!(t.meeting.role_of(old), Some(Role::Member));
    // The old facilitator ran the opening: the norms are theirs already.
    assert!(t.seat_view(old).acknowledged);
    assert_eq!(t.meeting.member_count(), 2);
    // The new facilitator runs the meeting; the old one is refused facilitator commands.
    assert_eq!(
        t.refuse(old, Command::Advance).code(),
        ErrorCode::NotFacilitator
    );
    t.act(t.m(1), Command::AcknowledgeNorms);
    t.act(ana, Command::Advance);
    assert_eq!(t.phase(), Phase::CheckIn);
    // The old facilitator now takes turns like any member, from their seat at the table.
    assert_eq!(t.floor(), Some(old));
    t.act(old, check_in("glad to sit on this side for once"));
    assert_eq!(t.floor(), Some(t.m(1)));
}

#[test]
fn the_new_facilitator_leaves_the_agenda_and_the_floor() {
    let mut t = Table::new(&["Ana", "Bo"]);
    t.open_meeting();
    t.fac(Command::SetAgenda {
        seats: vec![t.m(0), t.m(1)],
    });
    assert_eq!(t.floor(), Some(t.m(0)));
    let old = t.facilitator;
    t.fac(Command::HandOver { seat: t.m(0) });
    assert_eq!(t.snapshot().agenda.upcoming, vec![t.m(1)]);
    // The floor moves on to the next member: the old facilitator, seated first.
    assert_eq!(t.floor(), Some(old));
}

#[test]
fn handing_over_to_an_absent_member_is_refused_not_eligible() {
    let mut t = Table::new(&["Ana"]);
    t.presence(t.m(0), false);
    let err = t.refuse(t.facilitator, Command::HandOver { seat: t.m(0) });
    assert_eq!(err.code(), ErrorCode::NotEligible);
}

#[test]
fn handing_over_to_the_presenter_in_the_hot_seat_is_refused_not_eligible() {
    let mut t = Table::new(&["Ana", "Bo"]);
    t.open_meeting();
    t.start_hot_seats(&[t.m(0)]);
    let err = t.refuse(t.facilitator, Command::HandOver { seat: t.m(0) });
    assert_eq!(err.code(), ErrorCode::NotEligible);
}

#[test]
fn handing_over_to_the_facilitator_themselves_is_already_done() {
    let mut t = Table::new(&["Ana"]);
    let err = t.refuse(
        t.facilitator,
        Command::HandOver {
            seat: t.facilitator,
        },
    );
    assert_eq!(err.code(), ErrorCode::AlreadyDone);
}

#[test]
fn handing_over_to_a_seat_not_in_the_room_is_refused_unknown_seat() {
    let mut t = Table::new(&["Ana"]);
    let err = t.refuse(t.facilitator, Command::HandOver { seat: SeatId(99) });
    assert_eq!(err.code(), ErrorCode::UnknownSeat);
}

// ---- presence and release ----

#[test]
fn a_dropped_connection_keeps_the_seat_and_shows_it_away() {
    let mut t = Table::new(&["Ana"]);
    let version = t.meeting.version();
    let events = t.presence(t.m(0), false);
    assert_eq!(
        events,
        vec![Event::PresenceChanged {
            seat: t.m(0),
            present: false
        }]
    );
    assert_eq!(t.meeting.version(), version + 1);
    assert!(!t.seat_view(t.m(0)).present);
    assert_eq!(t.meeting.member_count(), 1);
}

#[test]
fn unchanged_presence_is_no_change() {
    let mut t = Table::new(&["Ana"]);
    let before = t.meeting.clone();
    let events = t.presence(t.m(0), true);
    assert!(events.is_empty());
    assert_eq!(t.meeting, before);
}

#[test]
fn presence_of_a_seat_not_in_the_room_is_refused_unknown_seat() {
    let mut t = Table::new(&["Ana"]);
    assert_eq!(
        t.refuse_presence(SeatId(99), true).code(),
        ErrorCode::UnknownSeat
    );
}

#[test]
fn a_released_member_leaves_the_meeting_but_keeps_their_place_in_the_circle() {
    let mut t = Table::new(&SIX);
    let flo = t.m(5);
    t.presence(flo, false);
    let events = t.release(flo);
    assert!(events.contains(&Event::MemberLeft { seat: flo }));
    assert_eq!(t.meeting.member_count(), 5);
    assert!(t.meeting.is_released(flo));
    assert!(t.snapshot().former_seats.iter().any(|f| f.id == flo));
    // Still one of the six: a newcomer cannot take the place.
    assert_eq!(t.refuse_join("Gil").code(), ErrorCode::RoomFull);
    // Flo comes back to the same seat.
    let events = t.meeting.rejoin(flo, t.now).expect("rejoins");
    assert!(events.contains(&Event::MemberJoined { seat: flo }));
    assert_eq!(t.meeting.member_count(), 6);
    assert!(t.snapshot().former_seats.iter().all(|f| f.id != flo));
}

#[test]
fn the_facilitator_can_remove_a_released_member_for_good() {
    let mut t = Table::new(&SIX);
    let flo = t.m(5);
    t.presence(flo, false);
    t.release(flo);
    let events = t.fac(Command::RemoveMember { seat: flo });
    assert!(events.contains(&Event::MemberRemoved { seat: flo }));
    assert!(!t.meeting.is_released(flo));
    assert_eq!(
        t.meeting.rejoin(flo, t.now).unwrap_err().code(),
        ErrorCode::UnknownSeat
    );
    t.join("Gil");
}

#[test]
fn a_released_member_is_in_the_next_meeting_with_their_open_commitments() {
    let mut t = Table::new(&["Ana", "Bo"]);
    let bo = t.m(1);
    t.presence(bo, false);
    t.release(bo);
    t.fac(Command::Start);
    t.fac(Command::EndMeeting);
    let next = t.meeting.next_meeting(&[]);
    assert!(
        next.snapshot()
            .seats
            .iter()
            .any(|s| s.id == bo && s.name == "Bo")
    );
}

#[test]
fn a_connected_member_is_not_released_not_eligible() {
    let mut t = Table::new(&["Ana"]);
    assert_eq!(t.refuse_release(t.m(0)).code(), ErrorCode::NotEligible);
}

#[test]
fn the_facilitators_seat_is_never_released_not_eligible() {
    let mut t = Table::new(&["Ana"]);
    t.presence(t.facilitator, false);
    assert_eq!(
        t.refuse_release(t.facilitator).code(),
        ErrorCode::NotEligible
    );
}

#[test]
fn releasing_a_seat_not_in_the_room_is_refused_unknown_seat() {
    let mut t = Table::new(&["Ana"]);
    assert_eq!(t.refuse_release(SeatId(99)).code(), ErrorCode::UnknownSeat);
}

// ---- the norms ----

#[test]
fn norms_are_not_acknowledged_in_the_lobby_wrong_phase() {
    let mut t = Table::new(&["Ana"]);
    let err = t.refuse(t.m(0), Command::AcknowledgeNorms);
    assert_eq!(err.code(), ErrorCode::WrongPhase);
}

#[test]
fn a_member_acknowledges_the_norms_once_already_done() {
    let mut t = Table::new(&["Ana"]);
    t.fac(Command::Start);
    let events = t.act(t.m(0), Command::AcknowledgeNorms);
    assert_eq!(events, vec![Event::NormsAcknowledged { seat: t.m(0) }]);
    assert!(t.seat_view(t.m(0)).acknowledged);
    let err = t.refuse(t.m(0), Command::AcknowledgeNorms);
    assert_eq!(err.code(), ErrorCode::AlreadyDone);
}

#[test]
fn the_facilitator_does_not_acknowledge_the_norms_not_eligible() {
    let mut t = Table::new(&["Ana"]);
    t.fac(Command::Start);
    let err = t.refuse(t.facilitator, Command::AcknowledgeNorms);
    assert_eq!(err.code(), ErrorCode::NotEligible);
}

#[test]
fn the_opening_waits_for_every_present_member_norms_pending() {
    let mut t = Table::new(&["Ana", "Bo"]);
    t.fac(Command::Start);
    t.act(t.m(0), Command::AcknowledgeNorms);
    let err = t.refuse(t.facilitator, Command::Advance);
    assert_eq!(err.code(), ErrorCode::NormsPending);
    t.act(t.m(1), Command::AcknowledgeNorms);
    t.fac(Command::Advance);
    assert_eq!(t.phase(), Phase::CheckIn);
}

#[test]
fn an_absent_member_does_not_hold_up_the_opening() {
    let mut t = Table::new(&["Ana", "Bo"]);
    t.fac(Command::Start);
    t.act(t.m(0), Command::AcknowledgeNorms);
    t.presence(t.m(1), false);
    t.fac(Command::Advance);
    assert_eq!(t.phase(), Phase::CheckIn);
}

#[test]
fn a_member_who_has_not_acknowledged_takes_no_part_norms_not_acknowledged() {
    let mut t = Table::new(&["Ana", "Bo"]);
    t.fac(Command::Start);
    t.act(t.m(0), Command::AcknowledgeNorms);
    t.presence(t.m(1), false);
    t.fac(Command::Advance);
    t.presence(t.m(1), true);
    let err = t.refuse(t.m(1), Command::Volunteer);
    assert_eq!(err.code(), ErrorCode::NormsNotAcknowledged);
}

#[test]
fn a_late_joiner_acknowledges_on_arrival_then_gets_a_check_in_turn() {
    let mut t = Table::new(&["Ana"]);
    t.open_meeting();
    t.act(t.m(0), check_in("here"));
    assert_eq!(t.floor(), None);
    let late = t.join("Bo");
    // Not on the floor before the norms are acknowledged.
    assert_eq!(t.floor(), None);
    assert_eq!(
        t.refuse(late, check_in("sorry I'm late")).code(),
        ErrorCode::NormsNotAcknowledged
    );
    t.act(late, Command::AcknowledgeNorms);
    assert_eq!(t.floor(), Some(late));
    assert_eq!(t.turn(), Some(TurnKind::CheckIn));
    t.act(late, check_in("sorry I'm late"));
    assert_eq!(t.snapshot().check_in.done, vec![t.m(0), late]);
}

#[test]
fn a_late_joiner_in_the_question_round_asks_after_acknowledging() {
    let mut t = Table::new(&["Ana", "Bo"]);
    t.open_meeting();
    t.start_hot_seats(&[t.m(0)]);
    t.act(t.m(0), Command::Done);
    t.fac(Command::Advance);
    t.act(t.m(1), ask("What matters most to you here?"));
    t.act(t.m(0), Command::Answer { noted: false });
    assert_eq!(t.floor(), None);
    let late = t.join("Cy");
    assert_eq!(
        t.refuse(late, Command::RaiseHand).code(),
        ErrorCode::NormsNotAcknowledged
    );
    t.act(late, Command::AcknowledgeNorms);
    // Their first turn of the round, ahead of any second turn.
    assert_eq!(t.floor(), Some(late));
    assert_eq!(t.turn(), Some(TurnKind::Asking));
}

#[test]
fn new_norms_replace_the_old_and_acknowledgements_start_over() {
    let mut t = Table::new(&["Ana"]);
    t.fac(Command::Start);
    t.act(t.m(0), Command::AcknowledgeNorms);
    let events = t.fac(Command::SetNorms {
        norms: vec![
            "  Confidentiality.  ".to_owned(),
            "Ask, don't tell.".to_owned(),
        ],
    });
    assert!(events.contains(&Event::NormsChanged));
    assert_eq!(
        t.snapshot().circle.norms,
        vec!["Confidentiality.", "Ask, don't tell."]
    );
    assert!(!t.seat_view(t.m(0)).acknowledged);
    assert_eq!(
        t.refuse(t.facilitator, Command::Advance).code(),
        ErrorCode::NormsPending
    );
}

#[test]
fn norms_are_not_changed_after_the_opening_wrong_phase() {
    let mut t = Table::new(&["Ana"]);
    t.open_meeting();
    let err = t.refuse(
        t.facilitator,
        Command::SetNorms {
            norms: vec!["Be kind.".to_owned()],
        },
    );
    assert_eq!(err.code(), ErrorCode::WrongPhase);
}

#[test]
fn an_empty_or_overlong_list_of_norms_is_refused_invalid_text() {
    let mut t = Table::new(&["Ana"]);
    let none = t.refuse(t.facilitator, Command::SetNorms { norms: Vec::new() });
    assert_eq!(none.code(), ErrorCode::InvalidText);
    let thirteen = t.refuse(
        t.facilitator,
        Command::SetNorms {
            norms: vec!["Be kind.".to_owned(); 13],
        },
    );
    assert_eq!(thirteen.code(), ErrorCode::InvalidText);
    let blank = t.refuse(
        t.facilitator,
        Command::SetNorms {
            norms: vec!["Be kind.".to_owned(), "  ".to_owned()],
        },
    );
    assert_eq!(blank.code(), ErrorCode::InvalidText);
}

#[test]
fn setting_the_same_norms_again_is_already_done() {
    let mut t = Table::new(&["Ana"]);
    let norms = t.snapshot().circle.norms;
    let err = t.refuse(t.facilitator, Command::SetNorms { norms });
    assert_eq!(err.code(), ErrorCode::AlreadyDone);
}
