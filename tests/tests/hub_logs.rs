//! What is said in the circle stays in the circle: at `RUST_LOG=trace`, the server's
//! logs carry neither what anyone said (check-in notes, questions, learnings, commitments,
//! names, norms) nor any secret (the facilitator secret, seat tokens, even wrong guesses), nor
//! a full room id.
//!
//! This file holds one test, as it installs the process-wide log subscriber.

use std::io::Write;
use std::sync::{Arc, Mutex};

use hotseat_protocol::{Command, ErrorCode, Phase, TurnKind};
use hotseat_tests::server::{Client, TestServer, holder, settle, step};
use serde_json::json;
use tracing_subscriber::Layer;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Log lines, in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|e| e.into_inner())).into_owned()
    }
}

/// Unusual enough never to appear by chance.
fn marker(what: &str) -> String {
    format!("zq{what}Marker7x")
}

/// The distinct markers in `logs`.
fn markers_in(logs: &str) -> std::collections::BTreeSet<&str> {
    logs.match_indices("Marker7x")
        .filter_map(|(end, _)| {
            let start = logs[..end].rfind("zq")?;
            Some(&logs[start..end + "Marker7x".len()])
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_carry_no_meeting_content_and_no_secrets() {
    let captured = Captured::default();
    let writer = captured.clone();
    // The server's own log filter at RUST_LOG=trace, for every crate (the WebSocket library
    // of both the server and these test clients too), with the bridge from the `log` crate.
    tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .with_writer(move || writer.clone())
                .with_filter(hotseat_server::logging::filter(Some("trace"))),
        )
        .try_init()
        .expect("the only subscriber");

    let server = TestServer::start().await;
    let circle = server
        .create_circle_with(&json!({
            "name": marker("Circle"),
            "facilitator_name": marker("Fac"),
            "norms": [marker("Norm")],
        }))
        .await;
    let mut clients: Vec<Client> = vec![server.facilitate(&circle).await.0];
    let (ana, ana_welcome) = server.join(&circle.room, &marker("Ana")).await;
    let (bo, bo_welcome) = server.join(&circle.room, &marker("Bo")).await;
    clients.push(ana);
    clients.push(bo);
    let mut secrets = vec![
        ("facilitator secret", circle.secret.clone()),
        (
            "facilitator token",
            clients[0].token.clone().expect("token"),
        ),
        ("Ana's token", ana_welcome.seat_token.clone()),
        ("Bo's token", bo_welcome.seat_token.clone()),
        ("room id", circle.room.clone()),
    ];

    // Some refusals carrying content and credentials, too.
    let guess = format!("{}Guess", &circle.secret[..20]);
    let mut intruder = server.connect(&circle.room).await;
    assert_eq!(
        intruder.hello_secret(&guess).await.err(),
        Some(ErrorCode::Forbidden)
    );
    secrets.push(("a guessed secret", guess));
    let mut intruder = server.connect(&circle.room).await;
    let guessed_token = format!("{}Guess", &ana_welcome.seat_token[..20]);
    assert_eq!(
        intruder.hello_token(&guessed_token).await.err(),
        Some(ErrorCode::InvalidToken)
    );
    secrets.push(("a guessed token", guessed_token));
    clients[1]
        .send_text(&format!(
            "{{\"type\":\"act\",\"command\":{{\"type\":\"ask\",\"text\":\"{}\"",
            marker("Broken")
        ))
        .await;
    assert_eq!(clients[1].next_error().await, ErrorCode::MalformedJson);
    clients[1]
        .send_text(&json!({"type": "check_question", "text": marker("Draft")}).to_string())
        .await;
    clients[1].recv().await;

    // A whole meeting, every kind of content marked.
    step(&mut clients, 0, Command::Start).await;
    step(&mut clients, 1, Command::AcknowledgeNorms).await;
    step(&mut clients, 2, Command::AcknowledgeNorms).await;
    let mut snapshot = step(&mut clients, 0, Command::Advance).await;
    assert_eq!(
        clients[2]
            .act_and_wait(hotseat_tests::ask(&marker("OutOfTurn")))
            .await,
        Err(ErrorCode::WrongPhase)
    );
    while snapshot.floor.is_some() {
        let who = holder(&clients, &snapshot);
        snapshot = step(
            &mut clients,
            who,
            hotseat_tests::check_in(&marker(&format!("CheckIn{who}"))),
        )
        .await;
    }
    let ana_seat = clients[1].seat.expect("seated");
    step(
        &mut clients,
        0,
        Command::SetAgenda {
            seats: vec![ana_seat],
        },
    )
    .await;
    step(&mut clients, 0, Command::Advance).await;
    step(&mut clients, 1, Command::Done).await;
    let mut snapshot = step(&mut clients, 0, Command::Advance).await;
    while let Some(floor) = snapshot.floor {
        let who = holder(&clients, &snapshot);
        let command = match floor.turn {
            TurnKind::Asking => hotseat_tests::ask(&marker("Question")),
            TurnKind::Answering => Command::Answer { noted: false },
            other => panic!("unexpected turn {other:?}"),
        };
        snapshot = step(&mut clients, who, command).await;
    }
    let mut snapshot = step(&mut clients, 0, Command::Advance).await;
    while snapshot.floor.is_some() {
        let who = holder(&clients, &snapshot);
        snapshot = step(
            &mut clients,
            who,
            hotseat_tests::learn(&marker(&format!("Learning{who}"))),
        )
        .await;
    }
    step(&mut clients, 0, Command::Advance).await;
    step(
        &mut clients,
        1,
        hotseat_tests::commit_by(&marker("Commitment"), "2030-01-31"),
    )
    .await;
    step(&mut clients, 0, Command::Advance).await;
    let end = step(&mut clients, 0, Command::Advance).await;
    assert_eq!(end.phase, Phase::Ended);
    assert_eq!(end.commitments.len(), 1);
    settle(&mut clients, end.version).await;
    // A dropped connection and the server's shutdown are logged too.
    clients.pop().expect("Bo").close().await;
    server.shutdown().await;

    let logs = captured.text();
    assert!(
        logs.lines().count() >= 5,
        "the server does log (so this test can fail):\n{logs}"
    );
    assert!(logs.contains("circle created"), "{logs}");
    let secrets_in_log: Vec<&str> = secrets
        .iter()
        .filter(|(_, secret)| logs.contains(secret.as_str()))
        .map(|(what, _)| *what)
        .collect();
    // Every piece of content carries the marker; none reaches the logs.
    let leaked = markers_in(&logs);
    assert!(
        secrets_in_log.is_empty() && leaked.is_empty(),
        "in the logs: {secrets_in_log:?}; {} distinct pieces of meeting content {leaked:?}",
        leaked.len()
    );
}
