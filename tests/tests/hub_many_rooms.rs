//! A hundred circles at once on one server: each room's clients only ever hear their own
//! room (its name, its seats, its words) with its own, gap-free versions.

use futures_util::future::join_all;
use hotseat_protocol::{Command, Phase, ServerMessage, Snapshot};
use hotseat_tests::check_in;
use hotseat_tests::server::{Client, TestServer, settle, step};
use serde_json::json;

const ROOMS: usize = 100;

/// Everything that names the room in a snapshot must carry this room's prefix.
fn assert_own_room(snapshot: &Snapshot, prefix: &str, who: &str) {
    assert_eq!(snapshot.circle.name, format!("{prefix} circle"), "{who}");
    for seat in &snapshot.seats {
        assert!(
            seat.name.starts_with(prefix),
            "{who} saw seat {:?}",
            seat.name
        );
    }
    for note in &snapshot.check_in.notes {
        assert!(
            note.note.as_deref().is_some_and(|n| n.starts_with(prefix)),
            "{who} saw note {:?}",
            note.note
        );
    }
    for norm in &snapshot.circle.norms {
        assert!(norm.starts_with(prefix), "{who} saw norm {norm:?}");
    }
}

/// One circle's whole story; returns its clients for the checks.
async fn run_room(server: &TestServer, i: usize) -> (String, String, Vec<Client>) {
    let prefix = format!("R{i:03}");
    let circle = server
        .create_circle_with(&json!({
            "name": format!("{prefix} circle"),
            "facilitator_name": format!("{prefix} Fac"),
            "norms": [format!("{prefix}: what is said here stays here.")],
        }))
        .await;
    let mut clients = Vec::new();
    for _ in 0..3 {
        let mut client = server.connect(&circle.room).await;
        client.record();
        clients.push(client);
    }
    clients[0]
        .hello_secret(&circle.secret)
        .await
        .expect("facilitator");
    clients[1]
        .hello_name(&format!("{prefix} Ana"))
        .await
        .expect("Ana");
    clients[2]
        .hello_name(&format!("{prefix} Bo"))
        .await
        .expect("Bo");
    // Versions: 1 new, 2 facilitator here, 3 and 4 the joins.
    settle(&mut clients, 4).await;
    step(&mut clients, 0, Command::Start).await;
    step(&mut clients, 1, Command::AcknowledgeNorms).await;
    step(&mut clients, 2, Command::AcknowledgeNorms).await;
    step(&mut clients, 0, Command::Advance).await;
    step(
        &mut clients,
        1,
        check_in(&format!("{prefix} arriving calm")),
    )
    .await;
    let last = step(
        &mut clients,
        2,
        check_in(&format!("{prefix} arriving late")),
    )
    .await;
    assert_eq!(
        last.version, 10,
        "{prefix}: every accepted change is one version"
    );
    assert_eq!(last.phase, Phase::CheckIn);
    (prefix, circle.room, clients)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_rooms_at_once_never_cross() {
    let server = TestServer::start().await;
    let rooms = join_all((0..ROOMS).map(|i| run_room(&server, i))).await;
    server
        .wait_metric("hotseat_rooms_live", |v| v == ROOMS as f64)
        .await;
    assert_eq!(
        server.metric("hotseat_connections").await,
        (3 * ROOMS) as f64
    );

    for (prefix, room, clients) in &rooms {
        for (c, client) in clients.iter().enumerate() {
            let who = format!("{prefix} client {c}");
            let mut last_version = 0;
            let mut updates = 0;
            for message in client.history() {
                match message {
                    ServerMessage::Welcome {
                        room: welcome_room,
                        snapshot,
                        ..
                    } => {
                        assert_eq!(welcome_room, room, "{who}");
                        assert_own_room(snapshot, prefix, &who);
                        last_version = snapshot.version;
                    }
                    ServerMessage::Update { snapshot, .. } => {
                        assert_own_room(snapshot, prefix, &who);
                        assert_eq!(
                            snapshot.version,
                            last_version + 1,
                            "{who}: no gaps, no repeats"
                        );
                        last_version = snapshot.version;
                        updates += 1;
                    }
                    ServerMessage::Ack { version, .. } => {
                        assert_eq!(*version, last_version, "{who}: the ack follows its update");
                    }
                    other => panic!("{who} got {other:?}"),
                }
            }
            assert_eq!(last_version, 10, "{who}");
            assert!(updates >= 6, "{who} saw {updates} updates");
        }
        // All three clients of a room end on the same snapshot.
        let finals: Vec<&Snapshot> = clients
            .iter()
            .map(|c| c.last.as_ref().expect("snapshot"))
            .collect();
        assert!(finals.windows(2).all(|w| w[0] == w[1]), "{prefix}");
        assert_eq!(finals[0].check_in.notes.len(), 2);
    }
    // Room ids are all different.
    let mut ids: Vec<&String> = rooms.iter().map(|(_, room, _)| room).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), ROOMS);
    server.shutdown().await;
}
