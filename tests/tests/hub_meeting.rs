//! A whole meeting over real WebSockets: a facilitator and six members on one real server,
//! every phase, and at the end every client's snapshot is the same.

use hotseat_protocol::{Command, Phase, ServerMessage, Snapshot, TurnKind};
use hotseat_tests::server::{Client, TestServer};
use hotseat_tests::{ask, check_in, commit, learn};

/// Reads every client's messages until each has seen `version`; returns their snapshots.
async fn settle(clients: &mut [Client], version: u64) -> Vec<Snapshot> {
    let mut snapshots = Vec::new();
    for client in clients.iter_mut() {
        snapshots.push(client.until(|s| s.version >= version).await);
    }
    snapshots
}

/// The client holding the floor, by seat.
fn holder(clients: &[Client], snapshot: &Snapshot) -> usize {
    let seat = snapshot.floor.expect("someone has the floor").seat;
    clients
        .iter()
        .position(|c| c.seat == Some(seat))
        .expect("the floor holder is one of ours")
}

#[tokio::test]
async fn seven_clients_run_a_whole_meeting_and_end_with_identical_snapshots() {
    let server = TestServer::start().await;
    let circle = server.create_circle("Thursday circle").await;
    let (facilitator, _) = server.facilitate(&circle).await;
    let mut clients = vec![facilitator];
    for name in ["Ana", "Bo", "Cy", "Di", "Ed", "Flo"] {
        clients.push(server.join(&circle.room, name).await.0);
    }

    // Each step: one client acts, and every client must see the resulting version.
    async fn step(clients: &mut [Client], who: usize, command: Command) -> Snapshot {
        let version = clients[who].act_and_wait(command).await.expect("accepted");
        settle(clients, version).await.remove(0)
    }

    step(&mut clients, 0, Command::Start).await;
    for i in 1..=6 {
        step(&mut clients, i, Command::AcknowledgeNorms).await;
    }
    let mut snap = step(&mut clients, 0, Command::Advance).await;
    assert_eq!(snap.phase, Phase::CheckIn);
    while snap.floor.is_some() {
        let who = holder(&clients, &snap);
        snap = step(&mut clients, who, check_in("steady, a little tired")).await;
    }
    let agenda = vec![clients[3].seat.unwrap(), clients[1].seat.unwrap()];
    step(&mut clients, 0, Command::SetAgenda { seats: agenda }).await;

    for _ in 0..2 {
        snap = step(&mut clients, 0, Command::Advance).await;
        assert_eq!(snap.phase, Phase::Presenting);
        let presenter = holder(&clients, &snap);
        step(&mut clients, presenter, Command::Done).await;
        snap = step(&mut clients, 0, Command::Advance).await;
        while let Some(floor) = snap.floor {
            let who = holder(&clients, &snap);
            let command = match floor.turn {
                TurnKind::Asking => ask("What would a good outcome look like for you?"),
                TurnKind::Answering => Command::Answer { noted: false },
                other => panic!("unexpected turn {other:?} in the question round"),
            };
            snap = step(&mut clients, who, command).await;
        }
        snap = step(&mut clients, 0, Command::Advance).await;
        while snap.floor.is_some() {
            let who = holder(&clients, &snap);
            snap = step(&mut clients, who, learn("I learned I interrupt.")).await;
        }
        step(&mut clients, 0, Command::Advance).await;
        step(
            &mut clients,
            presenter,
            commit("Book the conversation by Friday"),
        )
        .await;
    }
    step(&mut clients, 0, Command::Advance).await;
    let end = step(&mut clients, 0, Command::Advance).await;
    assert_eq!(end.phase, Phase::Ended);

    // Everyone ends on the same room: ask each for a fresh snapshot and compare.
    let mut finals = Vec::new();
    for client in clients.iter_mut() {
        client
            .send_message(&hotseat_protocol::ClientMessage::Sync)
            .await;
        loop {
            if let ServerMessage::Update {
                snapshot, events, ..
            } = client.recv().await
                && events.is_empty()
            {
                finals.push(snapshot);
                break;
            }
        }
    }
    assert!(
        finals.windows(2).all(|w| w[0] == w[1]),
        "every client sees the same room"
    );
    assert_eq!(finals[0].commitments.len(), 2);
    assert_eq!(finals[0].seats.len(), 7);
    server.shutdown().await;
}
