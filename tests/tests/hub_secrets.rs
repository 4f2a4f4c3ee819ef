//! Links, secrets and seat tokens: the facilitator secret travels only after `#`, every
//! credential opens only its own room and seat, and nobody is sent anyone else's secret.

use std::collections::HashSet;

use hotseat_protocol::{Command, ErrorCode, Role};
use hotseat_tests::server::TestServer;

fn is_base64url(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[tokio::test]
async fn links_carry_the_secret_only_in_the_fragment_and_ids_are_long_and_random() {
    let server = TestServer::start().await;
    let mut rooms = HashSet::new();
    let mut secrets = HashSet::new();
    for i in 0..20 {
        let circle = server.create_circle(&format!("Circle {i}")).await;
        assert_eq!(
            circle.room.len(),
            22,
            "128 bits of URL-safe base64: {}",
            circle.room
        );
        assert!(is_base64url(&circle.room), "{}", circle.room);
        assert_eq!(circle.secret.len(), 43, "256 bits of URL-safe base64");
        assert!(is_base64url(&circle.secret));
        assert_eq!(
            circle.join_url,
            format!("{}/r/{}", server.public_url, circle.room)
        );
        assert!(
            !circle.join_url.contains(&circle.secret),
            "the join link has no secret"
        );
        let (before_fragment, fragment) =
            circle.facilitator_url.split_once('#').expect("a fragment");
        assert_eq!(
            before_fragment, circle.join_url,
            "the part a browser sends is the join link"
        );
        assert!(!before_fragment.contains(&circle.secret));
        assert_eq!(fragment, format!("f={}", circle.secret));
        assert!(
            rooms.insert(circle.room.clone()),
            "room ids are never repeated"
        );
        assert!(
            secrets.insert(circle.secret.clone()),
            "secrets are never repeated"
        );
    }
    assert!(rooms.is_disjoint(&secrets));
    server.shutdown().await;
}

#[tokio::test]
async fn credentials_open_only_their_own_room_and_seat() {
    let server = TestServer::start().await;
    let north = server.create_circle("North").await;
    let south = server.create_circle("South").await;
    let (mut north_facilitator, north_welcome) = server.facilitate(&north).await;
    let (_north_ana, ana) = server.join(&north.room, "Ana").await;
    let (_south_facilitator, _) = server.facilitate(&south).await;
    assert_eq!(ana.seat_token.len(), 43, "seat tokens are 256 bits too");
    assert!(is_base64url(&ana.seat_token));
    assert_ne!(ana.seat_token, north_welcome.seat_token);
    assert_ne!(
        north_welcome.seat_token, north.secret,
        "the facilitator's seat token is not the secret"
    );

    // Wrong facilitator secrets.
    let mut tail = north.secret.clone();
    tail.pop();
    tail.push(if north.secret.ends_with('A') {
        'B'
    } else {
        'A'
    });
    for wrong in [
        String::new(),
        "x".to_owned(),
        tail,
        south.secret.clone(),
        ana.seat_token.clone(),
        north_welcome.seat_token.clone(),
        format!("{} ", north.secret),
    ] {
        let mut client = server.connect(&north.room).await;
        assert_eq!(
            client.hello_secret(&wrong).await.err(),
            Some(ErrorCode::Forbidden),
            "{wrong:?}"
        );
    }

    // Seat tokens from elsewhere.
    for wrong in [
        north.secret.clone(),
        ana.seat_token.clone(),
        north_welcome.seat_token.clone(),
    ] {
        let mut client = server.connect(&south.room).await;
        assert_eq!(
            client.hello_token(&wrong).await.err(),
            Some(ErrorCode::InvalidToken)
        );
    }
    // With a name to fall back on, a token from another room joins anew: a fresh seat here.
    let mut client = server.connect(&south.room).await;
    let anew = client
        .hello_token_or_name(&ana.seat_token, "Ana")
        .await
        .expect("joins");
    assert!(!anew.resumed);
    assert_eq!(anew.role, Role::Member);
    assert_ne!(anew.seat_token, ana.seat_token);
    assert_eq!(anew.snapshot.circle.name, "South");

    // A member's token opens the member's seat, never the facilitator's; a member's commands
    // are a member's.
    let (mut ana_again, resumed) = server.resume(&north.room, &ana.seat_token).await;
    assert!(resumed.resumed);
    assert_eq!((resumed.seat, resumed.role), (ana.seat, Role::Member));
    for command in [
        Command::Start,
        Command::Lock { locked: true },
        Command::HandOver { seat: ana.seat },
    ] {
        assert_eq!(
            ana_again.act_and_wait(command).await,
            Err(ErrorCode::NotFacilitator)
        );
    }
    // Nothing changed in North.
    let snapshot = north_facilitator.sync().await;
    assert!(!snapshot.locked);
    assert_eq!(
        snapshot
            .seats
            .iter()
            .filter(|s| s.role == Role::Facilitator)
            .count(),
        1
    );
    assert_eq!(snapshot.seats[0].id, north_welcome.seat);
    assert_eq!(
        server
            .metric("hotseat_errors_total{code=\"forbidden\"}")
            .await,
        7.0
    );
    server.shutdown().await;
}

#[tokio::test]
async fn nobody_is_ever_sent_another_seats_token_or_the_facilitator_secret() {
    let server = TestServer::start().await;
    let circle = server.create_circle("Quiet circle").await;
    // Every message each client receives, its welcome included, is kept.
    let mut clients = Vec::new();
    for _ in 0..3 {
        let mut client = server.connect(&circle.room).await;
        client.record();
        clients.push(client);
    }
    let facilitator_welcome = clients[0]
        .hello_secret(&circle.secret)
        .await
        .expect("joins");
    let ana_welcome = clients[1].hello_name("Ana").await.expect("joins");
    let bo_welcome = clients[2].hello_name("Bo").await.expect("joins");
    hotseat_tests::server::open_meeting(&mut clients).await;
    for client in &mut clients {
        client.sync().await;
    }
    let secrets = [
        ("facilitator secret", circle.secret.as_str()),
        ("facilitator token", facilitator_welcome.seat_token.as_str()),
        ("Ana's token", ana_welcome.seat_token.as_str()),
        ("Bo's token", bo_welcome.seat_token.as_str()),
    ];
    for (client, own) in clients.iter().zip([1, 2, 3]) {
        assert!(matches!(
            client.history()[0],
            hotseat_protocol::ServerMessage::Welcome { .. }
        ));
        let wire: String = client
            .history()
            .iter()
            .map(|m| serde_json::to_string(m).expect("serializes"))
            .collect();
        for (i, (what, secret)) in secrets.iter().enumerate() {
            if i != own {
                assert!(!wire.contains(secret), "{what} was sent to client {own}");
            }
        }
        assert!(
            !wire.contains(&circle.secret),
            "the facilitator secret is never sent back"
        );
    }
    assert!(!server.metrics().await.contains(&circle.room));
    server.shutdown().await;
}
