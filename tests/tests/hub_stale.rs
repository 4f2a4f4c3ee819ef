//! The stale click through a real server: with auto-advance, the facilitator's "next" or
//! `skip` that was on its way when a time box ran out is refused as `stale` (it names the
//! step its sender saw), so the time-out and the click never move the meeting two steps.
//!
//! Each race waits for one real 10-second time box (the shortest allowed); the trials run at
//! once, one circle each, on one server.

use std::time::Duration;

use futures_util::future::join_all;
use hotseat_protocol::{
    ClientMessage, Command, ErrorCode, Phase, Seen, ServerMessage, Snapshot, TurnKind,
};
use hotseat_tests::server::{Client, TestServer, open_meeting, step};
use serde_json::{Value, json};

/// How many circles race at once.
const TRIALS: usize = 6;

/// A circle with a 10 s presenting box and 10 s check-in turns, auto-advance on; the
/// facilitator (client 0), Ana and Ben, in the check-in.
async fn racing_circle(server: &TestServer) -> Vec<Client> {
    let circle = server
        .create_circle_with(&json!({
            "name": "Racing circle",
            "settings": {
                "time_boxes": {"check_in_secs": 10, "presenting_secs": 10},
                "auto_advance": true
            }
        }))
        .await;
    let (facilitator, _) = server.facilitate(&circle).await;
    let (ana, _) = server.join(&circle.room, "Ana").await;
    let (ben, _) = server.join(&circle.room, "Ben").await;
    let mut clients = vec![facilitator, ana, ben];
    open_meeting(&mut clients).await;
    clients
}

/// Reads until a snapshot satisfies `pred`, for longer than a time box.
async fn until_long(client: &mut Client, pred: impl Fn(&Snapshot) -> bool) -> Snapshot {
    loop {
        match client.try_recv(Duration::from_secs(30)).await {
            Some(ServerMessage::Update { snapshot, .. }) if pred(&snapshot) => return snapshot,
            Some(_) => {}
            None => panic!("no such snapshot within 30 s"),
        }
    }
}

/// Sends `command` with what `seen` names (as the browser does) and returns the answer to it:
/// `Ok(version)` for an ack, `Err(code)` for an error.
async fn act_seen(
    client: &mut Client,
    req: u64,
    command: Command,
    seen: Seen,
) -> Result<u64, ErrorCode> {
    client
        .send_message(&ClientMessage::Act {
            req: Some(req),
            command,
            seen: Some(seen),
        })
        .await;
    loop {
        match client.recv().await {
            ServerMessage::Ack { req: r, version } if r == req => return Ok(version),
            ServerMessage::Error {
                req: Some(r), code, ..
            } if r == req => return Err(code),
            _ => {}
        }
    }
}

/// One race: the presenting box runs out; the facilitator's "next", clicked on the
/// presenting step, arrives just after. Returns the click's answer and the phase after.
async fn next_after_time_out(server: &TestServer) -> (Result<u64, ErrorCode>, Phase) {
    let mut clients = racing_circle(server).await;
    let ana = clients[1].seat.expect("seated");
    step(&mut clients, 0, Command::SetAgenda { seats: vec![ana] }).await;
    let presenting = step(&mut clients, 0, Command::Advance).await;
    assert_eq!(presenting.phase, Phase::Presenting);
    let clicked_on = Seen::of(&presenting);
    let facilitator = &mut clients[0];
    // The time-out's update is on its way while the click is: the click is sent the moment
    // the update arrives, before the screen could have shown it.
    until_long(facilitator, |s| s.phase == Phase::Questions).await;
    let answer = act_seen(facilitator, 900, Command::Advance, clicked_on).await;
    let after = facilitator.sync().await;
    (answer, after.phase)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn next_arriving_just_after_a_time_out_is_stale_and_the_question_round_is_not_skipped() {
    let server = TestServer::start().await;
    let races = join_all((0..TRIALS).map(|_| next_after_time_out(&server))).await;
    let skipped = races
        .iter()
        .filter(|(_, phase)| *phase != Phase::Questions)
        .count();
    println!("{skipped} of {TRIALS} races skipped the question round");
    for (answer, phase) in races {
        assert_eq!(answer, Err(ErrorCode::Stale));
        assert_eq!(phase, Phase::Questions, "the question round runs");
    }
    server.shutdown().await;
}

/// One race: Ana's check-in turn times out and Ben's begins; the facilitator's skip, clicked
/// on Ana's turn, arrives just after. Returns the skip's answer and the check-in after it.
async fn skip_after_time_out(server: &TestServer) -> (Result<u64, ErrorCode>, Snapshot) {
    let mut clients = racing_circle(server).await;
    let ana = clients[1].seat.expect("seated");
    let facilitator = &mut clients[0];
    let shown = facilitator.last.clone().expect("a snapshot");
    let floor = shown.floor.expect("a check-in turn");
    assert_eq!((floor.seat, floor.turn), (ana, TurnKind::CheckIn));
    let clicked_on = Seen::of(&shown);
    until_long(facilitator, |s| s.check_in.done == [ana]).await;
    let answer = act_seen(facilitator, 901, Command::Skip, clicked_on).await;
    (answer, facilitator.sync().await)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn skip_arriving_just_after_a_check_in_turn_times_out_ends_no_second_turn() {
    let server = TestServer::start().await;
    let races = join_all((0..TRIALS).map(|_| skip_after_time_out(&server))).await;
    let two_turns = races
        .iter()
        .filter(|(_, after)| after.check_in.done.len() > 1)
        .count();
    println!("{two_turns} of {TRIALS} races ended two check-in turns");
    for (answer, after) in races {
        assert_eq!(answer, Err(ErrorCode::Stale));
        assert_eq!(after.check_in.done.len(), 1, "only Ana's turn ended");
        let ben = after
            .seats
            .iter()
            .find(|s| s.name == "Ben")
            .expect("Ben")
            .id;
        assert_eq!(after.floor.map(|f| f.seat), Some(ben), "Ben keeps his turn");
        // Seeing Ben's turn, the facilitator's skip would end it: the client can carry on.
        assert_eq!(Seen::of(&after).floor, Some(ben));
    }
    server.shutdown().await;
}

#[tokio::test]
async fn seen_is_optional_and_strict() {
    let server = TestServer::start().await;
    let mut clients = racing_circle(&server).await;
    let facilitator = &mut clients[0];
    // A `seen` with a field it does not have is refused and changes nothing.
    let version = facilitator.last.as_ref().expect("a snapshot").version;
    facilitator
        .send_json(
            &json!({"type": "act", "req": 5, "command": {"type": "lock", "locked": true},
            "seen": {"phase": "check_in", "version": version}}),
        )
        .await;
    assert_eq!(facilitator.next_error().await, ErrorCode::InvalidMessage);
    assert_eq!(facilitator.sync().await.version, version);
    // Left out, the fields are null: in the check-in Ana holds the floor, so a skip naming
    // nobody's turn is stale.
    let sent: Value = json!({"type": "act", "req": 6, "command": {"type": "skip"},
        "seen": {"phase": "check_in"}});
    facilitator.send_json(&sent).await;
    assert_eq!(facilitator.next_error().await, ErrorCode::Stale);
    // Without `seen` (an older client) the command is judged as it always was.
    facilitator
        .act_and_wait(Command::Lock { locked: true })
        .await
        .expect("accepted");
    server.shutdown().await;
}
