//! Stopping the server (as SIGTERM does): every open connection is told
//! `server_restarting` and closed with 1012, so clients know to come back in a moment.

use hotseat_protocol::message::GoodbyeReason;
use hotseat_protocol::{Command, ServerMessage};
use hotseat_tests::server::{Closed, TestServer};

#[tokio::test]
async fn shutdown_says_goodbye_to_every_client_with_1012() {
    let server = TestServer::start().await;
    let north = server.create_circle("North").await;
    let south = server.create_circle("South").await;
    let (mut north_facilitator, _) = server.facilitate(&north).await;
    north_facilitator
        .act_and_wait(Command::Start)
        .await
        .expect("start");
    let (ana, _) = server.join(&north.room, "Ana").await;
    let (bo, _) = server.join(&north.room, "Bo").await;
    let (south_facilitator, _) = server.facilitate(&south).await;
    let (cy, _) = server.join(&south.room, "Cy").await;
    // A connection that has not said hello yet.
    let newcomer = server.connect(&south.room).await;
    server
        .wait_metric("hotseat_connections", |v| v == 6.0)
        .await;
    let addr = server.addr;

    server.shutdown().await;

    for (name, mut client) in [
        ("north facilitator", north_facilitator),
        ("Ana", ana),
        ("Bo", bo),
        ("south facilitator", south_facilitator),
        ("Cy", cy),
        ("newcomer", newcomer),
    ] {
        let (seen, closed) = client.drain_until_closed().await;
        assert_eq!(
            seen.last(),
            Some(&ServerMessage::Goodbye {
                reason: GoodbyeReason::ServerRestarting
            }),
            "{name}: {seen:?}"
        );
        assert_eq!(closed, Closed::Code(1012), "{name}");
    }

    // And the server is gone.
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}
