//! Dropped connections: a seat is held for the grace period and shown away; coming back with
//! the seat token restores it exactly (and restarts a clock that waited for the floor
//! holder); a second tab replaces the first; after the grace a member's seat is given up,
//! the facilitator's never.

use std::time::Duration;

use hotseat_protocol::message::GoodbyeReason;
use hotseat_protocol::snapshot::PauseReason;
use hotseat_protocol::{Command, Event, Phase, Role, SeatId, Snapshot, TurnKind};
use hotseat_tests::ask;
use hotseat_tests::server::{
    Client, Closed, TestServer, into_questions, open_meeting, settle, step,
};

fn present(snapshot: &Snapshot, seat: SeatId) -> Option<bool> {
    snapshot
        .seats
        .iter()
        .find(|s| s.id == seat)
        .map(|s| s.present)
}

async fn all_see(clients: &mut [Client], pred: impl Fn(&Snapshot) -> bool + Copy) -> Snapshot {
    let mut last = None;
    for client in clients.iter_mut() {
        last = Some(client.until(pred).await);
    }
    last.expect("clients")
}

#[tokio::test]
async fn a_dropped_member_comes_back_to_the_same_seat_and_place() {
    let server = TestServer::start().await;
    let circle = server.create_circle("Reconnect circle").await;
    let mut clients = vec![server.facilitate(&circle).await.0];
    for name in ["Ana", "Bo", "Cy"] {
        clients.push(server.join(&circle.room, name).await.0);
    }
    open_meeting(&mut clients).await;
    // Ana presents; Cy is next on the agenda; Bo has the first question.
    let snapshot = into_questions(&mut clients, &[1, 3]).await;
    let (ana, bo, cy) = (
        clients[1].seat.unwrap(),
        clients[2].seat.unwrap(),
        clients[3].seat.unwrap(),
    );
    assert_eq!(snapshot.phase, Phase::Questions);
    assert_eq!(snapshot.agenda.current, Some(ana));
    assert_eq!(snapshot.agenda.upcoming, vec![cy]);
    assert_eq!(
        snapshot.floor.map(|f| (f.seat, f.turn)),
        Some((bo, TurnKind::Asking))
    );
    let cy_before = snapshot
        .seats
        .iter()
        .find(|s| s.id == cy)
        .cloned()
        .expect("Cy");

    // Cy's tab closes: everyone else sees Cy away, and nothing else moves.
    let cy_client = clients.remove(3);
    let cy_token = cy_client.token.clone().expect("token");
    cy_client.close().await;
    let away = all_see(&mut clients, |s| present(s, cy) == Some(false)).await;
    assert_eq!(
        away.agenda.upcoming,
        vec![cy],
        "an away member keeps their place"
    );
    assert_eq!(away.floor, snapshot.floor);
    assert!(
        away.timer.is_some_and(|t| t.paused.is_none()),
        "the clock runs: Bo has the floor"
    );

    // Cy comes back within the grace: the same seat, resumed, in the same place.
    let (cy_client, welcome) = server.resume(&circle.room, &cy_token).await;
    assert!(welcome.resumed);
    assert_eq!((welcome.seat, welcome.role), (cy, Role::Member));
    assert_eq!(welcome.seat_token, cy_token, "the token stays the same");
    assert_eq!(welcome.snapshot.agenda.upcoming, vec![cy]);
    let cy_after = welcome
        .snapshot
        .seats
        .iter()
        .find(|s| s.id == cy)
        .cloned()
        .expect("Cy");
    assert!(cy_after.present);
    assert_eq!(
        (cy_after.name, cy_after.acknowledged),
        (cy_before.name, cy_before.acknowledged)
    );
    clients.push(cy_client);
    let back = all_see(&mut clients, |s| present(s, cy) == Some(true)).await;
    assert_eq!(back.seats.len(), 4);

    // Now the floor holder drops: the clock waits for them.
    let bo_client = clients.remove(2);
    let bo_token = bo_client.token.clone().expect("token");
    bo_client.close().await;
    let waiting = all_see(&mut clients, |s| present(s, bo) == Some(false)).await;
    let timer = waiting.timer.expect("the question round has a clock");
    assert_eq!(timer.paused, Some(PauseReason::FloorAway));
    assert_eq!(timer.deadline, None);
    let remaining = timer.remaining_ms.expect("the time left is kept");
    assert!(remaining > 0 && remaining <= timer.budget_ms);
    assert_eq!(
        waiting.floor.map(|f| f.seat),
        Some(bo),
        "the floor waits too"
    );

    // Bo returns: the clock runs again, with the time that was left.
    let (bo_client, welcome) = server.resume(&circle.room, &bo_token).await;
    assert!(welcome.resumed);
    assert_eq!(welcome.seat, bo);
    clients.insert(2, bo_client);
    let running = all_see(&mut clients, |s| present(s, bo) == Some(true)).await;
    let timer = running.timer.expect("a clock");
    assert_eq!(timer.paused, None);
    assert_eq!(timer.remaining_ms, None);
    assert!(timer.deadline.is_some());
    assert_eq!(timer.budget_ms, waiting.timer.unwrap().budget_ms);

    // And Bo carries on with the turn.
    step(&mut clients, 2, ask("What would you like to be different?")).await;
    let snapshot = settle(&mut clients, 0).await;
    assert_eq!(
        snapshot.floor.map(|f| (f.seat, f.turn)),
        Some((ana, TurnKind::Answering))
    );
    server.shutdown().await;
}

#[tokio::test]
async fn a_second_tab_replaces_the_first() {
    let server = TestServer::start().await;
    let circle = server.create_circle("Two tabs").await;
    let (mut facilitator, _) = server.facilitate(&circle).await;
    let (mut first, ana) = server.join(&circle.room, "Ana").await;
    facilitator.until(|s| s.seats.len() == 2).await;

    let (mut second, welcome) = server.resume(&circle.room, &ana.seat_token).await;
    assert!(welcome.resumed);
    assert_eq!(welcome.seat, ana.seat);
    let (seen, closed) = first.drain_until_closed().await;
    assert_eq!(
        seen.last(),
        Some(&hotseat_protocol::ServerMessage::Goodbye {
            reason: GoodbyeReason::ReplacedByNewConnection
        })
    );
    assert_eq!(closed, Closed::Code(4002));

    // The second tab speaks for the seat, which never looked away.
    let version = second
        .act_and_wait(Command::Volunteer)
        .await
        .expect("volunteer");
    let snapshot = facilitator.until(|s| s.version >= version).await;
    assert_eq!(snapshot.agenda.upcoming, vec![ana.seat]);
    assert_eq!(present(&snapshot, ana.seat), Some(true));
    assert_eq!(snapshot.seats.len(), 2);

    // The facilitator's seat works the same way.
    let mut other_tab = server.connect(&circle.room).await;
    let again = other_tab
        .hello_secret(&circle.secret)
        .await
        .expect("facilitator again");
    assert!(again.resumed);
    assert_eq!(again.role, Role::Facilitator);
    let (_, closed) = facilitator.drain_until_closed().await;
    assert_eq!(closed, Closed::Code(4002));
    other_tab
        .act_and_wait(Command::Start)
        .await
        .expect("the new tab facilitates");
    server.shutdown().await;
}

#[tokio::test]
async fn after_the_grace_a_member_leaves_the_meeting_not_the_circle_and_the_facilitator_never_leaves()
 {
    let server = TestServer::start_with(|c| c.grace = Duration::from_millis(300)).await;
    let circle = server.create_circle("Grace circle").await;
    let (facilitator, facilitator_welcome) = server.facilitate(&circle).await;
    let (mut ana, _) = server.join(&circle.room, "Ana").await;
    let (bo, bo_welcome) = server.join(&circle.room, "Bo").await;
    let fac_seat = facilitator_welcome.seat;
    ana.until(|s| s.seats.len() == 3).await;

    // The facilitator leaves first, then Bo.
    facilitator.close().await;
    ana.until(|s| present(s, fac_seat) == Some(false)).await;
    bo.close().await;
    ana.until(|s| present(s, bo_welcome.seat) == Some(false))
        .await;

    // Bo's grace runs out: Bo leaves this meeting (turns and agenda go on without Bo)...
    let (snapshot, _) = ana
        .until_event(|e| {
            *e == Event::MemberLeft {
                seat: bo_welcome.seat,
            }
        })
        .await;
    assert_eq!(
        present(&snapshot, bo_welcome.seat),
        None,
        "Bo's seat is gone"
    );
    assert!(
        snapshot
            .former_seats
            .iter()
            .any(|f| f.id == bo_welcome.seat && f.name == "Bo")
    );
    // ...but the facilitator, away for longer, still has theirs.
    assert_eq!(present(&snapshot, fac_seat), Some(false));
    assert_eq!(snapshot.seats.len(), 2);

    // ...but not the circle: Bo's place is held against newcomers while the circle is
    // full, and Bo's token brings Bo back to the same seat.
    let mut bo_again = server.connect(&circle.room).await;
    let back = bo_again
        .hello_token(&bo_welcome.seat_token)
        .await
        .expect("Bo comes back with the same token");
    assert!(back.resumed);
    assert_eq!(back.seat, bo_welcome.seat);
    let snapshot = ana
        .until(|s| present(s, bo_welcome.seat) == Some(true))
        .await;
    assert!(
        snapshot
            .former_seats
            .iter()
            .all(|f| f.id != bo_welcome.seat)
    );

    // The facilitator comes back, long after a member's grace, to the same seat.
    let mut facilitator = server.connect(&circle.room).await;
    let back = facilitator
        .hello_secret(&circle.secret)
        .await
        .expect("facilitator returns");
    assert!(back.resumed);
    assert_eq!((back.seat, back.role), (fac_seat, Role::Facilitator));
    let snapshot = ana.until(|s| present(s, fac_seat) == Some(true)).await;
    assert_eq!(snapshot.seats.len(), 3, "the facilitator, Ana and Bo");
    facilitator
        .act_and_wait(Command::Start)
        .await
        .expect("and runs the meeting");
    server.shutdown().await;
}

#[tokio::test]
async fn a_tab_that_closes_cleanly_gets_its_close_echoed_and_shows_away() {
    use futures_util::StreamExt;
    use tokio_tungstenite::tungstenite::Message;
    use tokio_tungstenite::tungstenite::protocol::CloseFrame;
    use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

    let server = TestServer::start().await;
    let circle = server.create_circle("Goodbye circle").await;
    let (mut facilitator, _) = server.facilitate(&circle).await;
    let (mut ana, welcome) = server.join(&circle.room, "Ana").await;
    facilitator.until(|s| s.seats.len() == 2).await;

    ana.ws
        .close(Some(CloseFrame {
            code: CloseCode::Normal,
            reason: "bye".into(),
        }))
        .await
        .expect("close sent");
    // The server answers the close (RFC 6455, 5.5.1) before the socket ends.
    let mut echoed = None;
    while let Some(frame) = tokio::time::timeout(hotseat_tests::server::PATIENCE, ana.ws.next())
        .await
        .expect("the server answers")
    {
        match frame {
            Ok(Message::Close(frame)) => echoed = Some(frame.map(|f| u16::from(f.code))),
            Ok(_) => {}
            Err(error) => panic!("closing handshake not completed: {error}"),
        }
    }
    assert_eq!(echoed, Some(Some(1000)), "the close is echoed");
    facilitator
        .until(|s| present(s, welcome.seat) == Some(false))
        .await;
    server.shutdown().await;
}
