//! Time over the wire: every welcome and update carries `server_time`; time boxes travel as
//! absolute deadlines on that clock, so a client can correct for its own clock's skew; the
//! facilitator's extend / pause / resume move them exactly; and a box that runs out is
//! announced (`time_up`) by the room's own timer, moving the meeting on when the circle
//! chose auto-advance.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hotseat_protocol::snapshot::{PauseReason, TimerScope};
use hotseat_protocol::{
    ClientMessage, Command, Event, Hello, PROTOCOL_VERSION, Phase, ServerMessage, Snapshot,
    Timestamp,
};
use hotseat_tests::server::{Client, TestServer};
use serde_json::json;

fn wall_clock_ms() -> u64 {
    u64::try_from(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .expect("after 1970")
            .as_millis(),
    )
    .expect("fits")
}

/// A server clock reading must be close to this machine's wall clock (same machine).
fn near_wall_clock(at: Timestamp) {
    let wall = wall_clock_ms();
    assert!(
        at.0.abs_diff(wall) < 5_000,
        "server time {} vs wall clock {wall}",
        at.0
    );
}

/// Sends a command and returns the update it produced (its `server_time` and snapshot).
async fn act_for_update(
    client: &mut Client,
    command: Command,
) -> (Timestamp, Vec<Event>, Snapshot) {
    let version = client.act_and_wait(command).await.expect("accepted");
    // The update came just before the ack; its server_time is in the recorded history.
    let update = client
        .history()
        .iter()
        .rev()
        .find_map(|m| match m {
            ServerMessage::Update {
                server_time,
                events,
                snapshot,
            } if snapshot.version == version => {
                Some((*server_time, events.clone(), snapshot.clone()))
            }
            _ => None,
        })
        .expect("the update of the accepted command");
    near_wall_clock(update.0);
    update
}

/// Reads until an update whose events satisfy `pred`, waiting up to `wait` in all.
async fn until_event_within(
    client: &mut Client,
    wait: Duration,
    pred: impl Fn(&Event) -> bool,
) -> (Timestamp, Vec<Event>, Snapshot) {
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        match client.try_recv(left).await {
            Some(ServerMessage::Update {
                server_time,
                events,
                snapshot,
            }) if events.iter().any(&pred) => return (server_time, events, snapshot),
            Some(_) => {}
            None => panic!("no such event within {wait:?}"),
        }
    }
}

async fn timed_circle(server: &TestServer, auto_advance: bool) -> (Client, Client) {
    let circle = server
        .create_circle_with(&json!({
            "name": "Timed circle",
            "settings": {
                "time_boxes": {"opening_secs": 10, "check_in_secs": 10, "presenting_secs": 10},
                "auto_advance": auto_advance
            }
        }))
        .await;
    let mut facilitator = server.connect(&circle.room).await;
    facilitator.record();
    facilitator
        .send_message(&ClientMessage::Hello(Hello {
            protocol: PROTOCOL_VERSION,
            name: None,
            seat_token: None,
            facilitator_secret: Some(circle.secret.clone()),
        }))
        .await;
    match facilitator.recv().await {
        ServerMessage::Welcome {
            server_time,
            snapshot,
            seat,
            ..
        } => {
            near_wall_clock(server_time);
            assert!(snapshot.timer.is_none(), "no clock in the lobby");
            facilitator.seat = Some(seat);
        }
        other => panic!("expected a welcome, got {other:?}"),
    }
    let (ana, _) = server.join(&circle.room, "Ana").await;
    facilitator.until(|s| s.seats.len() == 2).await;
    (facilitator, ana)
}

#[tokio::test]
async fn deadlines_are_absolute_instants_on_the_servers_clock() {
    let server = TestServer::start().await;
    let (mut facilitator, mut ana) = timed_circle(&server, false).await;

    // Start: the opening's 10 s box, as a deadline 10 s after the update's server_time.
    let (server_time, events, snapshot) = act_for_update(&mut facilitator, Command::Start).await;
    let timer = snapshot.timer.expect("the opening has a clock");
    assert_eq!(timer.scope, TimerScope::Phase);
    assert_eq!(timer.budget_ms, 10_000);
    assert!(!timer.time_up);
    let deadline = timer.deadline.expect("running");
    assert!(
        events.contains(&Event::TimerStarted { deadline }),
        "{events:?}"
    );
    let left = deadline.0 - server_time.0;
    assert!(
        (9_000..=10_000).contains(&left),
        "{left} ms left at the update"
    );

    // Extend: exactly 30 s later, and a budget of 40 s.
    let (_, events, snapshot) =
        act_for_update(&mut facilitator, Command::Extend { secs: 30 }).await;
    assert!(events.contains(&Event::TimerExtended { secs: 30 }));
    let timer = snapshot.timer.expect("clock");
    assert_eq!(timer.deadline, Some(deadline.plus_ms(30_000)));
    assert_eq!(timer.budget_ms, 40_000);

    // Pause: no deadline, the time left kept.
    let (paused_at, _, snapshot) = act_for_update(&mut facilitator, Command::Pause).await;
    let timer = snapshot.timer.expect("clock");
    assert_eq!(
        (timer.paused, timer.deadline),
        (Some(PauseReason::Facilitator), None)
    );
    let remaining = timer.remaining_ms.expect("time left");
    let expected = deadline.plus_ms(30_000).ms_since(paused_at);
    assert!(
        remaining.abs_diff(expected) < 1_000,
        "{remaining} vs {expected}"
    );

    // Resume: a new deadline that much after the update's server_time.
    let (resumed_at, events, snapshot) = act_for_update(&mut facilitator, Command::Resume).await;
    let timer = snapshot.timer.expect("clock");
    let new_deadline = timer.deadline.expect("running again");
    assert!(events.contains(&Event::TimerResumed {
        deadline: new_deadline
    }));
    let left = new_deadline.ms_since(resumed_at);
    assert!(
        left <= remaining && remaining - left < 1_000,
        "{left} vs {remaining}"
    );

    // Members see the same instants.
    let seen = ana.until(|s| s.version == snapshot.version).await;
    assert_eq!(seen.timer, snapshot.timer);

    // Check-in: each turn its own box, scoped to the turn.
    ana.act_and_wait(Command::AcknowledgeNorms)
        .await
        .expect("ack");
    let (server_time, _, snapshot) = act_for_update(&mut facilitator, Command::Advance).await;
    assert_eq!(snapshot.phase, Phase::CheckIn);
    let timer = snapshot.timer.expect("a turn clock");
    assert_eq!((timer.scope, timer.budget_ms), (TimerScope::Turn, 10_000));
    let left = timer.deadline.expect("running").ms_since(server_time);
    assert!((9_000..=10_000).contains(&left), "{left}");
    server.shutdown().await;
}

/// The one test that waits for a real time box (10 s, the shortest allowed): two circles at
/// once, one that only announces time up and one that moves on by itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_time_box_runs_out_on_time_and_auto_advance_moves_on() {
    let server = TestServer::start().await;
    let (mut announce, _announce_ana) = timed_circle(&server, false).await;
    let (mut auto, mut auto_ana) = timed_circle(&server, true).await;
    let (_, _, started) = act_for_update(&mut announce, Command::Start).await;
    let announce_deadline = started.timer.and_then(|t| t.deadline).expect("deadline");
    let (_, _, started) = act_for_update(&mut auto, Command::Start).await;
    let auto_deadline = started.timer.and_then(|t| t.deadline).expect("deadline");
    auto_ana
        .act_and_wait(Command::AcknowledgeNorms)
        .await
        .expect("ack");

    let wait = Duration::from_secs(30);
    let is_time_up = |e: &Event| {
        matches!(
            e,
            Event::TimeUp {
                phase: Phase::Opening
            }
        )
    };
    let ((announce_at, announce_events, announce_snapshot), (auto_at, auto_events, auto_snapshot)) = tokio::join!(
        until_event_within(&mut announce, wait, is_time_up),
        until_event_within(&mut auto, wait, is_time_up),
    );

    // Announced no earlier than the deadline (and not wildly later).
    for (at, deadline) in [(announce_at, announce_deadline), (auto_at, auto_deadline)] {
        assert!(
            at >= deadline,
            "time up at {} before the deadline {}",
            at.0,
            deadline.0
        );
        assert!(
            at.ms_since(deadline) < 5_000,
            "time up {} ms late",
            at.ms_since(deadline)
        );
    }

    // Without auto-advance the meeting waits for the facilitator.
    assert_eq!(
        announce_events,
        vec![Event::TimeUp {
            phase: Phase::Opening
        }]
    );
    assert_eq!(announce_snapshot.phase, Phase::Opening);
    let timer = announce_snapshot.timer.expect("clock");
    assert!(timer.time_up);
    assert_eq!(timer.deadline, Some(announce_deadline));
    // Extending a box that ran out counts from now.
    let (now, _, snapshot) = act_for_update(&mut announce, Command::Extend { secs: 20 }).await;
    let timer = snapshot.timer.expect("clock");
    assert!(!timer.time_up);
    let left = timer.deadline.expect("running").ms_since(now);
    assert!((19_000..=20_000).contains(&left), "{left}");

    // With auto-advance (and the norms acknowledged) it moves on to the check-in.
    assert!(
        auto_events.contains(&Event::PhaseChanged {
            from: Phase::Opening,
            to: Phase::CheckIn
        }),
        "{auto_events:?}"
    );
    assert_eq!(auto_snapshot.phase, Phase::CheckIn);
    assert_eq!(auto_snapshot.floor.map(|f| f.seat), auto_ana.seat);
    auto_ana.until(|s| s.phase == Phase::CheckIn).await;
    server.shutdown().await;
}
