//! Which pages may open a WebSocket: the server's own origin and any `--allowed-origin`;
//! clients that send no `Origin` at all (not browsers: nothing a cross-site page can make) are
//! let in too. Any other origin is refused with 403 before the upgrade.

use hotseat_tests::server::TestServer;
use tokio_tungstenite::tungstenite::Error as WsError;

/// The upgrade is refused: 403, and no WebSocket.
async fn refused(server: &TestServer, room: &str, origin: &str) {
    match server.connect_with_origin(room, Some(origin)).await {
        Ok(_) => panic!("{origin} was allowed to open a WebSocket"),
        Err(WsError::Http(response)) => {
            assert_eq!(response.status().as_u16(), 403, "{origin}");
        }
        Err(other) => panic!("{origin}: expected an HTTP 403, got {other:?}"),
    }
}

/// The upgrade goes through and the socket speaks the protocol.
async fn allowed(server: &TestServer, room: &str, origin: Option<&str>, name: &str) {
    let mut client = server
        .connect_with_origin(room, origin)
        .await
        .unwrap_or_else(|e| panic!("{origin:?} refused: {e}"));
    client.hello_name(name).await.expect("joins");
}

#[tokio::test]
async fn foreign_origins_are_refused_before_the_upgrade() {
    let server =
        TestServer::start_with(|c| c.allowed_origins = vec!["https://Circle.Example.org".into()])
            .await;
    let circle = server.create_circle("Origin circle").await;
    let port = server.addr.port();
    for origin in [
        "https://evil.example".to_owned(),
        "null".to_owned(),
        format!("http://127.0.0.1:{}", port + 1),
        format!("https://127.0.0.1:{port}"),
        format!("http://localhost:{port}"),
        "https://circle.example.org.evil.example".to_owned(),
        "http://circle.example.org".to_owned(),
        String::new(),
    ] {
        refused(&server, &circle.room, &origin).await;
    }
    // The same goes for a room that does not exist: the origin is checked first.
    refused(&server, "AAAAAAAAAAAAAAAAAAAAAA", "https://evil.example").await;

    // Nobody got in through any of that.
    let (mut facilitator, welcome) = server.facilitate(&circle).await;
    assert_eq!(welcome.snapshot.seats.len(), 1);
    assert_eq!(facilitator.sync().await.seats.len(), 1);
    server.shutdown().await;
}

#[tokio::test]
async fn the_servers_own_origin_no_origin_and_listed_origins_are_allowed() {
    let server = TestServer::start_with(|c| {
        c.allowed_origins = vec![
            "https://Circle.Example.org".into(),
            "http://localhost:5173/".into(),
        ];
    })
    .await;
    let circle = server.create_circle("Origin circle").await;
    let own = server.public_url.clone();
    allowed(&server, &circle.room, Some(&own), "Own").await;
    allowed(&server, &circle.room, Some(&own.to_uppercase()), "Shouting").await;
    allowed(&server, &circle.room, None, "No origin").await;
    allowed(
        &server,
        &circle.room,
        Some("https://circle.example.org"),
        "Listed",
    )
    .await;
    allowed(
        &server,
        &circle.room,
        Some("http://localhost:5173"),
        "Dev server",
    )
    .await;
    let (mut facilitator, _) = server.facilitate(&circle).await;
    assert_eq!(facilitator.sync().await.seats.len(), 6);
    server.shutdown().await;
}
