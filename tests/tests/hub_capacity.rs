//! A circle never has more than six members, even when twelve people click the link at the
//! same instant: the room's one task decides joins one at a time.

use std::collections::HashSet;

use futures_util::future::join_all;
use hotseat_protocol::{ErrorCode, Role};
use hotseat_tests::server::{Client, TestServer};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twelve_simultaneous_hellos_seat_exactly_six_members() {
    let server = TestServer::start().await;
    let circle = server.create_circle("Popular circle").await;

    // Every socket is open before anyone says hello.
    let mut facilitator = server.connect(&circle.room).await;
    let mut clients: Vec<Client> = Vec::new();
    for _ in 0..12 {
        clients.push(server.connect(&circle.room).await);
    }
    let names: Vec<String> = (0..12).map(|i| format!("Person {i}")).collect();

    // Then all thirteen hellos at once.
    let facilitator_hello = facilitator.hello_secret(&circle.secret);
    let member_hellos = join_all(
        clients
            .iter_mut()
            .zip(&names)
            .map(|(client, name)| client.hello_name(name)),
    );
    let (facilitator_welcome, results) = tokio::join!(facilitator_hello, member_hellos);
    let facilitator_welcome = facilitator_welcome.expect("the facilitator always gets in");
    assert_eq!(facilitator_welcome.role, Role::Facilitator);

    let welcomed: Vec<_> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    let refused: Vec<ErrorCode> = results
        .iter()
        .filter_map(|r| r.as_ref().err().copied())
        .collect();
    assert_eq!(welcomed.len(), 6, "exactly six members: {results:?}");
    assert_eq!(
        refused,
        vec![ErrorCode::RoomFull; 6],
        "the rest are told the room is full"
    );
    assert!(
        welcomed
            .iter()
            .all(|w| w.role == Role::Member && !w.resumed)
    );
    let seats: HashSet<_> = welcomed.iter().map(|w| w.seat).collect();
    assert_eq!(seats.len(), 6, "six distinct seats");
    let tokens: HashSet<_> = welcomed.iter().map(|w| w.seat_token.clone()).collect();
    assert_eq!(tokens.len(), 6, "six distinct seat tokens");

    // The room agrees: seven seats, the six welcomed names among them, everyone present.
    let snapshot = facilitator
        .until(|s| s.seats.len() == 7 && s.seats.iter().all(|seat| seat.present))
        .await;
    let seated_names: HashSet<&str> = snapshot.seats.iter().map(|s| s.name.as_str()).collect();
    for (result, name) in results.iter().zip(&names) {
        assert_eq!(
            result.is_ok(),
            seated_names.contains(name.as_str()),
            "{name}: {result:?}"
        );
    }
    assert_eq!(
        snapshot
            .seats
            .iter()
            .filter(|s| s.role == Role::Member)
            .count(),
        6
    );

    // A refused client is told so and may try again (on a fresh connection) only to be
    // refused again; the room still has seven seats.
    let mut late = server.connect(&circle.room).await;
    assert_eq!(
        late.hello_name("Latecomer").await.err(),
        Some(ErrorCode::RoomFull)
    );
    let snapshot = facilitator.sync().await;
    assert_eq!(snapshot.seats.len(), 7);

    // Each refusal is counted once.
    assert_eq!(
        server
            .metric("hotseat_errors_total{code=\"room_full\"}")
            .await,
        7.0
    );
    assert_eq!(server.metric("hotseat_joins_total").await, 7.0);
    server.shutdown().await;
}
