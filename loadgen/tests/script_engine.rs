//! The meeting script against the real rules engine (no sockets): every step it chooses is
//! accepted, and meetings run from the lobby to the end.

use hotseat_loadgen::rng::Rng;
use hotseat_loadgen::script::{Decision, Script};
use hotseat_loadgen::state::RoomState;
use hotseat_protocol::{Command, Phase};
use hotseat_server::engine::Meeting;

mod common;

use common::{T0, seated};

/// Runs the script until it asks for a new meeting; returns the commands it took.
fn run(
    meeting: &mut Meeting,
    script: &mut Script,
    rng: &mut Rng,
    mut away: impl FnMut(&mut Meeting, u32),
) -> u32 {
    let mut now = T0;
    for step in 0..1000 {
        away(meeting, step);
        match script.decide(&RoomState::of(&meeting.snapshot()), rng) {
            Decision::NewMeeting => return step,
            Decision::Act { seat, command } => {
                now = now.plus_ms(1500);
                if !meeting.is_present(seat) {
                    // The room driver waits for an away seat; here it comes straight back.
                    meeting.set_presence(seat, true, now).expect("seat returns");
                    continue;
                }
                if let Err(e) = meeting.apply(seat, &command, now) {
                    panic!(
                        "step {step}: {command:?} by {seat} refused in {:?}: {e}",
                        meeting.phase()
                    );
                }
            }
        }
    }
    panic!("the meeting did not end in 1000 steps");
}

#[test]
fn the_script_runs_whole_meetings_without_a_refusal() {
    for seed in 0..40 {
        for hot_seats in [1, 2, 3, 6] {
            let mut meeting = seated("Script circle");
            let mut script = Script::new(hot_seats, false);
            let mut rng = Rng::new(seed);
            let steps = run(&mut meeting, &mut script, &mut rng, |_, _| {});
            assert_eq!(meeting.phase(), Phase::Ended);
            let closed = meeting.closed_hot_seats();
            assert_eq!(closed.len(), hot_seats, "seed {seed}");
            assert!(
                closed.iter().all(|(_, _, made, _)| *made >= 1),
                "every hot seat ends in a commitment"
            );
            assert!(steps > 20, "a real meeting takes more than {steps} steps");
        }
    }
}

#[test]
fn the_script_copes_with_members_who_drop_and_come_back() {
    for seed in 0..40 {
        let mut meeting = seated("Script circle");
        let mut script = Script::new(2, false);
        let mut rng = Rng::new(seed);
        let mut chaos = Rng::new(seed + 1000);
        run(&mut meeting, &mut script, &mut rng, |m, step| {
            if m.phase() == Phase::Ended || step % 7 != 3 {
                return;
            }
            let seats = m.seat_ids();
            let seat = *chaos.pick(&seats);
            let present = m.is_present(seat);
            m.set_presence(seat, !present, T0.plus_ms(u64::from(step) * 1500))
                .expect("presence changes");
        });
        assert_eq!(meeting.phase(), Phase::Ended, "seed {seed}");
    }
}

#[test]
fn the_mix_includes_every_kind_of_step() {
    let mut meeting = seated("Script circle");
    let mut script = Script::new(3, false);
    let mut rng = Rng::new(5);
    let mut seen = std::collections::BTreeSet::new();
    let mut now = T0;
    while let Decision::Act { seat, command } =
        script.decide(&RoomState::of(&meeting.snapshot()), &mut rng)
    {
        seen.insert(command.name());
        now = now.plus_ms(1000);
        meeting.apply(seat, &command, now).expect("accepted");
    }
    for name in [
        Command::Start.name(),
        Command::AcknowledgeNorms.name(),
        "check_in",
        Command::Volunteer.name(),
        Command::Done.name(),
        "ask",
        "answer",
        Command::RaiseHand.name(),
        "share_learning",
        "commit",
        Command::Advance.name(),
    ] {
        assert!(seen.contains(name), "{name} missing from {seen:?}");
    }
}

#[test]
fn the_next_meeting_in_the_same_room_reports_back_on_commitments() {
    let mut meeting = seated("Script circle");
    let mut script = Script::new(2, true);
    let mut rng = Rng::new(9);
    let mut now = T0;
    let mut meetings = 0;
    let mut reports = 0;
    for _ in 0..2000 {
        let Decision::Act { seat, command } =
            script.decide(&RoomState::of(&meeting.snapshot()), &mut rng)
        else {
            panic!("the script continues in the same room");
        };
        now = now.plus_ms(1000);
        if meeting.phase() == Phase::Ended {
            assert_eq!(command, Command::Start);
            // What the room does on `start` after the end: the circle's next meeting.
            meeting = meeting.next_meeting(&[]);
            for s in meeting.seat_ids() {
                meeting.set_presence(s, true, now).expect("present");
            }
            meetings += 1;
            if meetings == 3 {
                break;
            }
        }
        if let Command::CheckIn { reports: r, .. } = &command {
            reports += r.len();
        }
        meeting.apply(seat, &command, now).expect("accepted");
    }
    assert_eq!(meetings, 3);
    assert!(
        reports >= 2,
        "members report back on last meeting's commitments"
    );
}
