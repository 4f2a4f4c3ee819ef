//! Privacy controls: a member downloads what is stored about them and can erase it; the
//! facilitator can delete the whole circle. Erased data must not survive in the database
//! file or its write-ahead log: the tests scan the bytes.

use hotseat_protocol::message::GoodbyeReason;
use hotseat_protocol::{Command, ErrorCode, Event, ServerMessage};
use hotseat_tests::commit;
use hotseat_tests::drive::Party;
use hotseat_tests::server::{Closed, TestServer, http};

const NAME: &str = "Zed MARKERNAME";
const PRIVATE: &str = "MARKER-erased-commitment-4f2";
const KEPT: &str = "KEPT-other-commitment-77";

fn data_contains(server: &TestServer, needle: &str) -> bool {
    std::fs::read_dir(&server.data).unwrap().any(|entry| {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap_or_default();
        bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
    })
}

/// Ana (client 1) and Zed (client 2) each take a hot seat and commit.
async fn two_commitments(server: &TestServer) -> Party {
    let mut party = Party::gather(server, &["Ana", NAME, "Cy"]).await;
    party.open_and_check_in("here").await;
    let seats = vec![
        party.clients[1].seat.unwrap(),
        party.clients[2].seat.unwrap(),
    ];
    party.step(0, Command::SetAgenda { seats }).await;
    for (presenter, text) in [(1, KEPT), (2, PRIVATE)] {
        party.step(0, Command::Advance).await;
        party.step(0, Command::Advance).await;
        party.step(0, Command::Advance).await;
        party.step(0, Command::Advance).await;
        party.step(presenter, commit(text)).await;
    }
    party.step(0, Command::Advance).await;
    party
}

async fn with_bearer(server: &TestServer, method: &str, path: &str, token: &str) -> (u16, String) {
    let auth = format!("Bearer {token}");
    http(server.addr, method, path, None, &[("authorization", &auth)]).await
}

#[tokio::test]
async fn a_member_downloads_their_own_data_as_json_and_markdown() {
    let server = TestServer::start().await;
    let party = two_commitments(&server).await;
    let room = &party.circle.room;
    let token = &party.welcomes[2].seat_token;

    let (status, body) =
        with_bearer(&server, "GET", &format!("/api/circles/{room}/me"), token).await;
    assert_eq!(status, 200, "{body}");
    let data: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(data["name"], NAME);
    assert_eq!(data["commitments"].as_array().unwrap().len(), 1);
    assert_eq!(data["commitments"][0]["text"], PRIVATE);
    assert!(!body.contains(KEPT), "only their own data");

    let (status, body) = with_bearer(
        &server,
        "GET",
        &format!("/api/circles/{room}/me?format=markdown"),
        token,
    )
    .await;
    assert_eq!(status, 200);
    assert!(body.contains(PRIVATE) && body.contains("## Commitments"));

    let (status, _) = with_bearer(&server, "GET", &format!("/api/circles/{room}/me"), "nope").await;
    assert_eq!(status, 403);
    let (status, _) = http(
        server.addr,
        "GET",
        &format!("/api/circles/{room}/me"),
        None,
        &[],
    )
    .await;
    assert_eq!(status, 401);
    let (status, _) = with_bearer(
        &server,
        "GET",
        "/api/circles/AAAAAAAAAAAAAAAAAAAAAA/me",
        token,
    )
    .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn an_erased_member_leaves_no_trace_in_the_files() {
    let server = TestServer::start().await;
    let mut party = two_commitments(&server).await;
    let room = party.circle.room.clone();
    let zed = party.clients[2].seat.unwrap();
    let token = party.welcomes[2].seat_token.clone();
    assert!(
        data_contains(&server, PRIVATE),
        "the commitment was stored (so the scan can fail)"
    );

    let (status, body) = with_bearer(
        &server,
        "DELETE",
        &format!("/api/circles/{room}/me"),
        &token,
    )
    .await;
    assert_eq!(status, 204, "{body}");

    // Zed is told and closed; the others see them go, with their commitment.
    let (goodbye, closed) = party.clients[2].until_closed().await;
    assert_eq!(goodbye, Some(GoodbyeReason::Erased));
    assert_eq!(closed, Closed::Code(4010));
    let after = loop {
        if let ServerMessage::Update {
            events, snapshot, ..
        } = party.clients[1].recv().await
            && events.contains(&Event::MemberRemoved { seat: zed })
        {
            break snapshot;
        }
    };
    assert!(after.seats.iter().all(|s| s.id != zed));
    assert!(
        after.former_seats.iter().all(|s| s.id != zed),
        "not even their name stays"
    );
    assert!(after.commitments.iter().all(|c| c.text != PRIVATE));

    // Their token opens nothing any more; nothing of theirs is left in the files.
    let mut again = server.connect(&room).await;
    assert_eq!(
        again.hello_token(&token).await.unwrap_err(),
        ErrorCode::InvalidToken
    );
    assert!(
        !data_contains(&server, PRIVATE),
        "the erased commitment survived on disk"
    );
    assert!(
        !data_contains(&server, "MARKERNAME"),
        "the erased name survived on disk"
    );
    assert!(
        data_contains(&server, KEPT),
        "other members' commitments stay"
    );
}

#[tokio::test]
async fn the_facilitator_cannot_erase_their_seat_but_can_delete_the_circle() {
    let server = TestServer::start().await;
    let mut party = two_commitments(&server).await;
    let room = party.circle.room.clone();
    let facilitator_token = party.welcomes[0].seat_token.clone();
    let (status, _) = with_bearer(
        &server,
        "DELETE",
        &format!("/api/circles/{room}/me"),
        &facilitator_token,
    )
    .await;
    assert_eq!(status, 409, "hand the role over first");

    let (status, _) =
        with_bearer(&server, "DELETE", &format!("/api/circles/{room}"), "wrong").await;
    assert_eq!(status, 403);
    let secret = party.circle.secret.clone();
    let (status, body) =
        with_bearer(&server, "DELETE", &format!("/api/circles/{room}"), &secret).await;
    assert_eq!(status, 204, "{body}");
    for client in &mut party.clients {
        let (goodbye, closed) = client.until_closed().await;
        assert_eq!(goodbye, Some(GoodbyeReason::CircleDeleted));
        assert_eq!(closed, Closed::Code(4010));
    }
    let mut late = server.connect(&room).await;
    assert_eq!(
        late.hello_name("Late").await.unwrap_err(),
        ErrorCode::UnknownRoom
    );
    for gone in [PRIVATE, KEPT, "Driven circle", "MARKERNAME"] {
        assert!(
            !data_contains(&server, gone),
            "{gone} survived the circle's deletion"
        );
    }
}

#[tokio::test]
async fn members_see_the_circles_commitment_history() {
    let server = TestServer::start().await;
    let party = two_commitments(&server).await;
    let room = &party.circle.room;
    let path = format!("/api/circles/{room}/commitments");
    let (status, body) = with_bearer(&server, "GET", &path, &party.welcomes[3].seat_token).await;
    assert_eq!(status, 200, "{body}");
    let history: serde_json::Value = serde_json::from_str(&body).unwrap();
    let entries = history["commitments"].as_array().unwrap();
    let seen: Vec<(&str, &str)> = entries
        .iter()
        .map(|c| (c["owner"].as_str().unwrap(), c["text"].as_str().unwrap()))
        .collect();
    assert_eq!(seen, vec![("Ana", KEPT), (NAME, PRIVATE)]);
    assert_eq!(entries[0]["meeting"], 1);
    let (status, _) = with_bearer(&server, "GET", &path, "not-a-token").await;
    assert_eq!(status, 403);
}
