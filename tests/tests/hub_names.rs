//! Display names cannot impersonate, over the wire: lookalikes of a seated name get
//! `name_taken`, invisible or direction-changing characters get `invalid_name`, legit names in
//! any script join, and the name shown is the NFC form of what was typed.

use hotseat_protocol::{ErrorCode, Hello, PROTOCOL_VERSION};
use hotseat_tests::server::{Client, TestServer};
use serde_json::json;

/// A fresh connection's `hello` with `name`: the welcome's seat, or the error code.
async fn try_join(server: &TestServer, room: &str, name: &str) -> Result<String, ErrorCode> {
    let mut client = server.connect(room).await;
    let answer = client.hello_name(name).await;
    let shown = answer.map(|welcome| {
        let seat = welcome
            .snapshot
            .seats
            .iter()
            .find(|s| s.id == welcome.seat)
            .expect("the welcome shows the new seat");
        seat.name.clone()
    });
    client.close().await;
    shown
}

/// The names the room shows, as a member's `sync` sees them.
async fn names(client: &mut Client) -> Vec<String> {
    let snapshot = client.sync().await;
    snapshot.seats.iter().map(|s| s.name.clone()).collect()
}

/// A room with "Dara", "Émile" and "Da ra" seated (and the facilitator's seat, named
/// "Facilitator"), their connections held open so that no seat goes away.
async fn seated_room(server: &TestServer) -> (String, Vec<Client>) {
    let circle = server.create_circle("Names circle").await;
    let mut clients = Vec::new();
    for name in ["Dara", "\u{C9}mile", "Da ra"] {
        clients.push(server.join(&circle.room, name).await.0);
    }
    (circle.room, clients)
}

#[tokio::test]
async fn lookalikes_of_a_seated_name_are_refused_and_change_nothing() {
    let server = TestServer::start().await;
    let cases: &[(&str, &str, ErrorCode)] = &[
        ("Cyrillic a", "D\u{430}ra", ErrorCode::NameTaken),
        (
            "full-width",
            "\u{FF24}\u{FF41}\u{FF52}\u{FF41}",
            ErrorCode::NameTaken,
        ),
        ("decomposed", "E\u{301}mile", ErrorCode::NameTaken),
        ("lower case", "dara", ErrorCode::NameTaken),
        ("upper case", "DARA", ErrorCode::NameTaken),
        ("two spaces", "Da  ra", ErrorCode::NameTaken),
        ("no-break space", "Da\u{A0}ra", ErrorCode::NameTaken),
        ("capital I for l", "FaciIitator", ErrorCode::NameTaken),
        (
            "Cyrillic a and c",
            "F\u{430}\u{441}ilitator",
            ErrorCode::NameTaken,
        ),
        ("zero-width space", "Da\u{200B}ra", ErrorCode::InvalidName),
        ("zero-width joiner", "Da\u{200D}ra", ErrorCode::InvalidName),
        (
            "right-to-left override",
            "\u{202E}arad",
            ErrorCode::InvalidName,
        ),
        (
            "left-to-right isolate",
            "Dara\u{2066}",
            ErrorCode::InvalidName,
        ),
        ("byte order mark", "\u{FEFF}Dara", ErrorCode::InvalidName),
        ("line separator", "Da\u{2028}ra", ErrorCode::InvalidName),
        (
            "paragraph separator",
            "Dara\u{2029}",
            ErrorCode::InvalidName,
        ),
        ("tab", "Da\tra", ErrorCode::InvalidName),
        (
            "trailing Hangul filler",
            "Dara\u{3164}",
            ErrorCode::InvalidName,
        ),
        ("only a Hangul filler", "\u{3164}", ErrorCode::InvalidName),
        (
            "only a combining accent",
            " \u{301} ",
            ErrorCode::InvalidName,
        ),
        ("only spaces", "\u{3000} \u{A0}", ErrorCode::InvalidName),
    ];
    let mut wrong = Vec::new();
    for (label, name, expected) in cases {
        // A room of its own, so that an impostor let in cannot fill the next one's room.
        let (room, mut clients) = seated_room(&server).await;
        let before = clients[0].sync().await;
        let answer = try_join(&server, &room, name).await;
        if answer != Err(*expected) {
            wrong.push(format!(
                "{label} {name:?}: {answer:?}, expected {expected:?}"
            ));
            continue;
        }
        let after = clients[0].sync().await;
        assert_eq!(
            after.version, before.version,
            "{label}: a refused join moved the room"
        );
        assert_eq!(after.seats, before.seats, "{label}");
    }
    assert!(
        wrong.is_empty(),
        "{} of {} wrong:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
}

#[tokio::test]
async fn names_in_every_script_join_and_show_their_nfc_form() {
    let server = TestServer::start().await;
    let circle = server.create_circle("World circle").await;
    let (mut first, welcome) = server.join(&circle.room, "Zo\u{EB}").await;
    assert_eq!(welcome.snapshot.seats.len(), 2);
    for name in [
        "Jos\u{E9}",
        "\u{141}ukasz",
        "Ng\u{1ECD}c",
        "\u{738B}\u{82B3}",
        "Ольга",
    ] {
        assert_eq!(
            try_join(&server, &circle.room, name).await,
            Ok(name.to_owned())
        );
    }
    let seated = names(&mut first).await;
    assert_eq!(seated.len(), 7, "{seated:?}");

    let other = server.create_circle("Second circle").await;
    assert_eq!(
        try_join(&server, &other.room, "محمد").await,
        Ok("محمد".to_owned())
    );
    // Typed decomposed, shown composed; spaces trimmed and collapsed.
    assert_eq!(
        try_join(&server, &other.room, "  Nguye\u{302}\u{303}n   Van  ").await,
        Ok("Nguy\u{1EC5}n Van".to_owned())
    );
    // Forty characters are counted after composing: 80 code points typed, 40 shown.
    let composed = "e\u{301}".repeat(40);
    assert_eq!(
        try_join(&server, &other.room, &composed).await,
        Ok("\u{E9}".repeat(40))
    );
    assert_eq!(
        try_join(&server, &other.room, &"x".repeat(41)).await,
        Err(ErrorCode::InvalidName)
    );
}

#[tokio::test]
async fn the_facilitators_name_follows_the_same_rule() {
    let server = TestServer::start().await;
    for bad in ["Ma\u{202E}ya", "Maya\u{200B}", "\u{2066}", " "] {
        let body = json!({ "name": "Circle", "facilitator_name": bad });
        let (status, answer) = server.post("/api/circles", &body.to_string()).await;
        assert_eq!(status, 400, "{bad:?}: {answer}");
        assert_eq!(answer["error"]["field"], "facilitator_name", "{bad:?}");
    }

    let circle = server
        .create_circle_with(&json!({ "name": "Circle", "facilitator_name": "Mai\u{308}a" }))
        .await;
    let (_, welcome) = server.facilitate(&circle).await;
    assert_eq!(welcome.snapshot.seats[0].name, "Ma\u{EF}a");
    assert_eq!(
        try_join(&server, &circle.room, "MA\u{CF}A").await,
        Err(ErrorCode::NameTaken)
    );
    assert_eq!(
        try_join(&server, &circle.room, "M\u{430}\u{457}a").await,
        Err(ErrorCode::NameTaken)
    );

    // The default name "Facilitator" is taken too.
    let plain = server.create_circle("Plain circle").await;
    assert_eq!(
        try_join(&server, &plain.room, "FACILITATOR").await,
        Err(ErrorCode::NameTaken)
    );
}

#[tokio::test]
async fn a_refused_name_says_why_and_the_connection_can_try_again() {
    let server = TestServer::start().await;
    let circle = server.create_circle("Retry circle").await;
    let mut client = server.connect(&circle.room).await;
    client.record();
    assert_eq!(
        client.hello_name("Da\u{202E}ra").await.err(),
        Some(ErrorCode::InvalidName)
    );
    let said = format!("{:?}", client.history());
    assert!(
        said.contains("invisible"),
        "the error explains the rule: {said}"
    );
    let welcome = client
        .hello(Hello {
            protocol: PROTOCOL_VERSION,
            name: Some("Dara".into()),
            seat_token: None,
            facilitator_secret: None,
        })
        .await
        .expect("a clean name joins on the same connection");
    assert_eq!(welcome.snapshot.seats.len(), 2);
}
