//! What members say lives only for the live meeting, seen over real sockets: a seat away
//! the whole meeting comes back after its end to no check-in words, and after a restart
//! every entry said before it reads `not_kept`, never an empty question or a pass.

use hotseat_protocol::snapshot::Words;
use hotseat_protocol::{Command, Phase, Snapshot};
use hotseat_tests::server::{Client, TestServer, holder, open_meeting, settle, step};
use hotseat_tests::{ask, check_in, learn};

const NOTE: &str = "CHECKIN-WORDS-3c1f";
const QUESTION: &str = "What would QUESTION-WORDS-8d2e change for you?";
const LEARNING: &str = "LEARNING-WORDS-51aa";

fn words_in(snapshot: &Snapshot) -> String {
    serde_json::to_string(snapshot).expect("a snapshot serializes")
}

/// A circle with a facilitator and `names` as members, every one connected.
async fn circle(server: &TestServer, names: &[&str]) -> (String, Vec<Client>) {
    let circle = server.create_circle("Words circle").await;
    let (fac, _) = server.facilitate(&circle).await;
    let mut clients = vec![fac];
    for name in names {
        clients.push(server.join(&circle.room, name).await.0);
    }
    (circle.room, clients)
}

#[tokio::test]
async fn a_seat_away_the_whole_meeting_comes_back_after_the_end_to_no_check_in_words() {
    let server = TestServer::start().await;
    let (room, mut clients) = circle(&server, &["Ana", "Bo", "Cy"]).await;
    // Cy takes a seat in the lobby and drops before the meeting starts.
    let away = clients.pop().expect("Cy");
    let token = away.token.clone().expect("a seat token");
    away.close().await;
    let mut snapshot = open_meeting(&mut clients).await;
    while snapshot.floor.is_some() {
        let who = holder(&clients, &snapshot);
        snapshot = step(&mut clients, who, check_in(NOTE)).await;
    }
    assert_eq!(
        snapshot.check_in.notes.len(),
        2,
        "both present members checked in"
    );
    assert!(words_in(&snapshot).contains(NOTE));
    let ended = step(&mut clients, 0, Command::EndMeeting).await;
    assert_eq!(ended.phase, Phase::Ended);
    assert!(ended.check_in.notes.is_empty(), "{:?}", ended.check_in);
    assert!(!words_in(&ended).contains(NOTE));

    let (_, welcome) = server.resume(&room, &token).await;
    assert!(welcome.resumed);
    assert_eq!(welcome.snapshot.phase, Phase::Ended);
    assert!(welcome.snapshot.check_in.notes.is_empty());
    assert!(
        !words_in(&welcome.snapshot).contains(NOTE),
        "a seat away the whole meeting got its check-in words after the end"
    );
}

#[tokio::test]
async fn after_a_restart_what_was_said_reads_not_kept_and_a_pass_still_a_pass() {
    let server = TestServer::start().await;
    let (room, mut clients) = circle(&server, &["Ana", "Bo", "Cy"]).await;
    let tokens: Vec<String> = clients
        .iter()
        .map(|c| c.token.clone().expect("a seat token"))
        .collect();
    let mut snapshot = open_meeting(&mut clients).await;
    while snapshot.floor.is_some() {
        let who = holder(&clients, &snapshot);
        snapshot = step(&mut clients, who, check_in(NOTE)).await;
    }
    let ana = clients[1].seat.expect("seated");
    step(&mut clients, 0, Command::SetAgenda { seats: vec![ana] }).await;
    step(&mut clients, 0, Command::Advance).await;
    step(&mut clients, 1, Command::Done).await;
    snapshot = step(&mut clients, 0, Command::Advance).await;
    let asker = holder(&clients, &snapshot);
    step(&mut clients, asker, ask(QUESTION)).await;
    step(&mut clients, 1, Command::Answer { noted: false }).await;
    snapshot = step(&mut clients, 0, Command::Advance).await;
    assert_eq!(snapshot.phase, Phase::Learnings);
    let sharer = holder(&clients, &snapshot);
    snapshot = step(&mut clients, sharer, learn(LEARNING)).await;
    let passer = holder(&clients, &snapshot);
    snapshot = step(&mut clients, passer, Command::Pass).await;
    let before = snapshot.hot_seat.clone().expect("a hot seat");
    assert_eq!(before.questions[0].words, Words::Kept);
    // The last change reaches disk at once on a graceful stop.
    for client in clients {
        client.close().await;
    }

    let server = server.restart().await;
    let (_, welcome) = server.resume(&room, &tokens[0]).await;
    let after = welcome.snapshot;
    assert_eq!(after.phase, Phase::Learnings);
    let hot_seat = after.hot_seat.as_ref().expect("the hot seat is back");
    assert_eq!(hot_seat.questions.len(), 1);
    let question = &hot_seat.questions[0];
    assert_eq!(
        (question.text.as_deref(), question.words),
        (None, Words::NotKept)
    );
    let learnings: Vec<_> = hot_seat
        .learnings
        .iter()
        .map(|l| (l.seat, l.text.as_deref(), l.words))
        .collect();
    let seat = |i: usize| before.learnings[i].seat;
    assert_eq!(
        learnings,
        [
            (seat(0), None, Words::NotKept),
            (seat(1), None, Words::Nothing)
        ],
        "the shared learning reads as not kept, the pass as a pass"
    );
    assert_eq!(after.check_in.notes.len(), 3);
    assert!(
        after
            .check_in
            .notes
            .iter()
            .all(|n| n.note.is_none() && n.words == Words::NotKept)
    );
    for marker in [NOTE, QUESTION, LEARNING] {
        assert!(
            !words_in(&after).contains(marker),
            "{marker} after a restart"
        );
    }
}

#[tokio::test]
async fn words_said_after_a_restart_are_kept_as_usual() {
    let server = TestServer::start().await;
    let (room, mut clients) = circle(&server, &["Ana", "Bo"]).await;
    let tokens: Vec<String> = clients
        .iter()
        .map(|c| c.token.clone().expect("a seat token"))
        .collect();
    let snapshot = open_meeting(&mut clients).await;
    let first = holder(&clients, &snapshot);
    step(&mut clients, first, check_in(NOTE)).await;
    for client in clients {
        client.close().await;
    }
    let server = server.restart().await;
    let mut clients = Vec::new();
    for token in &tokens {
        clients.push(server.resume(&room, token).await.0);
    }
    let snapshot = settle(&mut clients, 0).await;
    let snapshot = clients[0]
        .until(|s| s.floor.is_some() && s.version >= snapshot.version)
        .await;
    let second = holder(&clients, &snapshot);
    let snapshot = step(&mut clients, second, check_in("Here, after the restart")).await;
    let notes: Vec<_> = snapshot
        .check_in
        .notes
        .iter()
        .map(|n| (n.note.as_deref(), n.words))
        .collect();
    assert_eq!(
        notes,
        [
            (None, Words::NotKept),
            (Some("Here, after the restart"), Words::Kept)
        ]
    );
}
