//! Rooms are live only while used: a circle sleeps in storage until someone connects, an idle
//! room goes back to sleep, and `--max-rooms` bounds the live rooms, not the circles. So
//! anonymous creations cannot lock real circles out, and a woken room is exactly as it was.

use std::time::Duration;

use futures_util::future::join_all;
use hotseat_protocol::{Command, ErrorCode, ServerMessage};
use hotseat_tests::server::{Circle, Closed, TestServer};

/// Short enough for a test to watch a room fall asleep.
const IDLE: Duration = Duration::from_millis(200);

#[tokio::test]
async fn creating_circles_takes_no_live_room() {
    let server = TestServer::start_with(|c| c.max_rooms = 2).await;
    // Today's lock-out: fifty anonymous creations filled the server for good.
    for i in 0..10 {
        let (status, answer) = server
            .post("/api/circles", &format!(r#"{{"name":"Circle {i}"}}"#))
            .await;
        assert_eq!(status, 201, "creation {i}: {answer}");
    }
    assert_eq!(server.metric("hotseat_rooms_live").await, 0.0);
    server.shutdown().await;
}

#[tokio::test]
async fn a_full_server_says_server_busy_until_a_room_falls_asleep() {
    let server = TestServer::start_with(|c| {
        c.max_rooms = 2;
        c.room_idle = IDLE;
    })
    .await;
    let mut circles: Vec<Circle> = Vec::new();
    for i in 0..3 {
        circles.push(server.create_circle(&format!("C{i}")).await);
    }
    let (first, _) = server.facilitate(&circles[0]).await;
    let (_second, _) = server.facilitate(&circles[1]).await;
    server.wait_metric("hotseat_rooms_live", |v| v == 2.0).await;

    // A third circle cannot open while two are in use: a typed error and 1013.
    let mut third = server.connect(&circles[2].room).await;
    let (seen, closed) = third.drain_until_closed().await;
    assert!(
        matches!(
            seen.as_slice(),
            [ServerMessage::Error {
                code: ErrorCode::ServerBusy,
                ..
            }]
        ),
        "{seen:?}"
    );
    assert_eq!(closed, Closed::Code(1013));

    // Once the first circle's facilitator leaves, its room sleeps and the third can open.
    first.close().await;
    server.wait_metric("hotseat_rooms_live", |v| v == 1.0).await;
    let (_third, welcome) = server.facilitate(&circles[2]).await;
    assert_eq!(welcome.snapshot.circle.name, "C2");
    server.shutdown().await;
}

#[tokio::test]
async fn an_idle_room_falls_asleep_and_wakes_with_its_seats() {
    let server = TestServer::start_with(|c| {
        c.room_idle = IDLE;
        c.grace = Duration::from_millis(100);
    })
    .await;
    let circle = server.create_circle("Sleepy circle").await;
    let (facilitator, _) = server.facilitate(&circle).await;
    let (ana, joined) = server.join(&circle.room, "Ana").await;
    server.wait_metric("hotseat_rooms_live", |v| v == 1.0).await;
    facilitator.close().await;
    ana.close().await;
    // Ana's grace period ends, then the idle time: the room goes back to storage.
    server.wait_metric("hotseat_rooms_live", |v| v == 0.0).await;

    let (_ana, back) = server.resume(&circle.room, &joined.seat_token).await;
    assert!(back.resumed, "her token still holds her seat");
    assert_eq!(back.seat, joined.seat);
    let names: Vec<(hotseat_protocol::SeatId, &str)> = back
        .snapshot
        .seats
        .iter()
        .map(|s| (s.id, s.name.as_str()))
        .chain(
            back.snapshot
                .former_seats
                .iter()
                .map(|s| (s.id, s.name.as_str())),
        )
        .collect();
    assert!(names.contains(&(joined.seat, "Ana")), "{names:?}");
    assert_eq!(server.metric("hotseat_rooms_live").await, 1.0);
    // The facilitator's secret still opens the facilitator's seat.
    let (_f, again) = server.facilitate(&circle).await;
    assert!(again.resumed);
    server.shutdown().await;
}

#[tokio::test]
async fn a_restart_brings_back_only_the_meetings_that_were_running() {
    let server = TestServer::start().await;
    let running = server.create_circle("Running").await;
    let waiting = server.create_circle("Waiting").await;
    let _untouched = server.create_circle("Untouched").await;
    let (mut facilitator, _) = server.facilitate(&running).await;
    facilitator
        .act_and_wait(Command::Start)
        .await
        .expect("the meeting starts");
    let (_lobby, _) = server.facilitate(&waiting).await;
    server.wait_metric("hotseat_rooms_live", |v| v == 2.0).await;

    let server = server.restart().await;
    assert_eq!(
        server.metric("hotseat_rooms_live").await,
        1.0,
        "only the running meeting is loaded at start"
    );
    // The others open when someone comes.
    let (_back, welcome) = server.facilitate(&waiting).await;
    assert_eq!(welcome.snapshot.circle.name, "Waiting");
    let (_running, welcome) = server.facilitate(&running).await;
    assert_ne!(welcome.snapshot.phase, hotseat_protocol::Phase::Lobby);
    assert_eq!(server.metric("hotseat_rooms_live").await, 2.0);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simultaneous_arrivals_wake_one_room() {
    let server = TestServer::start().await;
    let circle = server.create_circle("Everyone at once").await;
    let names: Vec<String> = (0..6).map(|i| format!("Member {i}")).collect();
    let joined = join_all(names.iter().map(|name| server.join(&circle.room, name))).await;
    assert_eq!(server.metric("hotseat_rooms_live").await, 1.0);
    // They all sit in the same room: each sees all six.
    for (mut client, _) in joined {
        client.until(|s| s.seats.len() == 7).await;
    }
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simultaneous_opens_never_pass_the_room_limit() {
    let server = TestServer::start_with(|c| c.max_rooms = 3).await;
    let mut circles: Vec<Circle> = Vec::new();
    for i in 0..10 {
        circles.push(server.create_circle(&format!("Circle {i}")).await);
    }
    let outcomes = join_all(circles.iter().map(|circle| async {
        let mut client = server.connect(&circle.room).await;
        let result = client.hello_secret(&circle.secret).await;
        (client, result)
    }))
    .await;
    let welcomed = outcomes.iter().filter(|(_, r)| r.is_ok()).count();
    let busy = outcomes
        .iter()
        .filter(|(_, r)| matches!(r, Err(ErrorCode::ServerBusy)))
        .count();
    assert_eq!(
        (welcomed, busy),
        (3, 7),
        "{:?}",
        outcomes
            .iter()
            .map(|(_, r)| r.as_ref().err())
            .collect::<Vec<_>>()
    );
    assert_eq!(server.metric("hotseat_rooms_live").await, 3.0);
    server.shutdown().await;
}
