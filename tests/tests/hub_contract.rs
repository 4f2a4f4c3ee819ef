//! What docs/protocol.md promises a client writer where the code once said otherwise: a
//! request without a credential is told so, and a commitment key names one commitment.

use hotseat_protocol::{Command, ErrorCode};
use hotseat_tests::drive::Party;
use hotseat_tests::server::{TestServer, http};
use serde_json::Value;

fn keyed(text: &str, key: &str) -> Command {
    Command::Commit {
        text: text.to_owned(),
        due: None,
        key: Some(key.to_owned()),
    }
}

fn error_code(body: &str) -> String {
    let body: Value = serde_json::from_str(body).expect("a JSON error body");
    body["error"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn a_request_without_a_credential_is_told_what_is_missing() {
    let server = TestServer::start().await;
    let party = Party::gather(&server, &["Ana"]).await;
    let room = &party.circle.room;
    for (method, path) in [
        ("GET", format!("/api/circles/{room}/me")),
        ("GET", format!("/api/circles/{room}/commitments")),
        ("DELETE", format!("/api/circles/{room}/me")),
        ("DELETE", format!("/api/circles/{room}")),
    ] {
        let (status, body) = http(server.addr, method, &path, None, &[]).await;
        assert_eq!(status, 401, "{method} {path}: {body}");
        assert_eq!(error_code(&body), "missing_credential", "{method} {path}");
        assert!(!body.contains("no longer held"), "{method} {path}: {body}");
    }
    // A wrong credential is still a wrong one.
    let path = format!("/api/circles/{room}/me");
    let auth = [("authorization", "Bearer not-a-token")];
    let (status, body) = http(server.addr, "GET", &path, None, &auth).await;
    assert_eq!((status, error_code(&body).as_str()), (403, "invalid_token"));
    // The circle is untouched.
    let token = format!("Bearer {}", party.welcomes[1].seat_token);
    let (status, _) = http(
        server.addr,
        "GET",
        &path,
        None,
        &[("authorization", &token)],
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn a_commitment_key_retried_with_other_words_is_refused_and_the_first_words_stay() {
    let server = TestServer::start().await;
    let mut party = Party::gather(&server, &["Ana", "Bo"]).await;
    party.open_and_check_in("here").await;
    let ana = party.clients[1].seat.unwrap();
    party.step(0, Command::SetAgenda { seats: vec![ana] }).await;
    for _ in 0..4 {
        party.step(0, Command::Advance).await;
    }
    let first = party.clients[1]
        .act_and_wait(keyed("Call the supplier", "k-1"))
        .await
        .expect("recorded");

    // The same commitment again (a retry after a lost ack): acked, at the same version.
    let again = party.clients[1]
        .act_and_wait(keyed("  Call the supplier ", "k-1"))
        .await;
    assert_eq!(again, Ok(first));

    // The same key with other words, or another due date: refused, nothing changed.
    let other = party.clients[1]
        .act_and_wait(keyed("Email the supplier", "k-1"))
        .await;
    assert_eq!(other, Err(ErrorCode::KeyReused));
    let dated = party.clients[1]
        .act_and_wait(Command::Commit {
            text: "Call the supplier".into(),
            due: Some("2030-01-02".into()),
            key: Some("k-1".into()),
        })
        .await;
    assert_eq!(dated, Err(ErrorCode::KeyReused));

    // A fresh key is a second commitment; every client sees exactly the two.
    let second = party.clients[1]
        .act_and_wait(keyed("Email the supplier", "k-2"))
        .await
        .expect("a second commitment");
    assert_eq!(second, first + 1);
    let snapshot = party.settle(second).await;
    let texts: Vec<&str> = snapshot
        .commitments
        .iter()
        .map(|c| c.text.as_str())
        .collect();
    assert_eq!(texts, ["Call the supplier", "Email the supplier"]);
}
