//! Liveness: the server pings; a client that stops answering is marked away and closed
//! (4004), while clients that answer stay. A connection that never says hello is closed
//! after the hello timeout (4408), not before.
//!
//! tokio-tungstenite answers a ping only while the socket is being read, so "stops
//! answering" here is simply "stops reading".

use std::time::Duration;

use hotseat_protocol::{Command, ErrorCode, SeatId, ServerMessage, Snapshot};
use hotseat_tests::server::{Closed, TestServer};

const PING: Duration = Duration::from_millis(200);
/// Generous: detection takes about two ping intervals.
const BOUND: Duration = Duration::from_secs(5);

fn present(snapshot: &Snapshot, seat: SeatId) -> Option<bool> {
    snapshot
        .seats
        .iter()
        .find(|s| s.id == seat)
        .map(|s| s.present)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_stops_answering_pings_is_marked_away() {
    let server = TestServer::start_with(|c| c.ping_interval = PING).await;
    let circle = server.create_circle("Heartbeat circle").await;
    let (facilitator, fac) = server.facilitate(&circle).await;
    let mut facilitator = facilitator.in_background();
    let (ana, ana_welcome) = server.join(&circle.room, "Ana").await;
    let mut ana = ana.in_background();
    let (mut frozen, frozen_welcome) = server.join(&circle.room, "Fro").await;
    facilitator.until(|s| s.seats.len() == 3).await;

    // Fro stops reading (a frozen tab, a laptop lid closed): within a few intervals the
    // others see Fro away.
    let away = tokio::time::timeout(
        BOUND,
        facilitator.until(|s| present(s, frozen_welcome.seat) == Some(false)),
    )
    .await
    .expect("marked away within the bound");
    // The clients that kept answering are still here.
    assert_eq!(present(&away, fac.seat), Some(true));
    assert_eq!(present(&away, ana_welcome.seat), Some(true));
    ana.until(|s| present(s, frozen_welcome.seat) == Some(false))
        .await;

    // When Fro reads again, the server has closed the socket as unresponsive.
    let (seen, closed) = frozen.drain_until_closed().await;
    assert_eq!(closed, Closed::Code(4004), "after {seen:?}");

    // The others carry on, through many more pings.
    let mut facilitator = facilitator.stop().await;
    let version = facilitator
        .act_and_wait(Command::Start)
        .await
        .expect("start");
    ana.until(|s| s.version >= version).await;
    let mut ana = ana.stop().await;
    ana.act_and_wait(Command::AcknowledgeNorms)
        .await
        .expect("Ana is still seated");
    server.shutdown().await;
}

#[tokio::test]
async fn a_connection_is_not_cut_off_before_it_was_ever_pinged() {
    // Pings every 200 ms, but a client has 10 s to say hello.
    let server = TestServer::start_with(|c| c.ping_interval = PING).await;
    let circle = server.create_circle("Patient circle").await;
    let mut client = server.connect(&circle.room).await;
    // Three ping intervals without a word from the client (it answers pings, as it reads).
    if let Ok((seen, closed)) = tokio::time::timeout(PING * 3, client.drain_until_closed()).await {
        panic!("closed before hello, never having missed a ping: {closed:?} after {seen:?}");
    }
    let welcome = client.hello_name("Ana").await;
    assert!(welcome.is_ok(), "the hello is still welcome: {welcome:?}");
    server.shutdown().await;
}

#[tokio::test]
async fn a_connection_that_never_says_hello_is_closed_with_4408() {
    let server = TestServer::start_with(|c| c.hello_timeout = Duration::from_millis(300)).await;
    let circle = server.create_circle("Silent circle").await;
    let mut client = server.connect(&circle.room).await;
    let (seen, closed) = client.drain_until_closed().await;
    assert!(
        matches!(
            seen.as_slice(),
            [ServerMessage::Error {
                code: ErrorCode::NotJoined,
                ..
            }]
        ),
        "{seen:?}"
    );
    assert_eq!(closed, Closed::Code(4408));
    // A prompt client is unaffected.
    let (_ana, welcome) = server.join(&circle.room, "Ana").await;
    assert_eq!(welcome.snapshot.seats.len(), 2);
    server.shutdown().await;
}

/// Pings are for silent clients: one that keeps sending is known to be alive and is not
/// pinged; once it falls silent, it is.
#[tokio::test]
async fn only_a_silent_client_is_pinged() {
    use futures_util::StreamExt;
    use hotseat_protocol::ClientMessage;
    use tokio_tungstenite::tungstenite::Message;

    let server = TestServer::start_with(|c| c.ping_interval = PING).await;
    let circle = server.create_circle("Chatty circle").await;
    let (mut client, _) = server.join(&circle.room, "Ana").await;

    /// Reads for `span`, sending a `sync` every 50 ms if `talk`; returns the pings seen.
    async fn pings_while(
        client: &mut hotseat_tests::server::Client,
        span: Duration,
        talk: bool,
    ) -> usize {
        let mut pings = 0;
        let end = tokio::time::Instant::now() + span;
        while tokio::time::Instant::now() < end {
            if talk {
                client.send_message(&ClientMessage::Sync).await;
            }
            let step = tokio::time::Instant::now() + Duration::from_millis(50);
            while let Ok(Some(Ok(frame))) = tokio::time::timeout_at(step, client.ws.next()).await {
                if matches!(frame, Message::Ping(_)) {
                    pings += 1;
                }
            }
        }
        pings
    }

    // Five ping intervals of talking (10 messages a second, well under the rate limit).
    assert_eq!(pings_while(&mut client, PING * 5, true).await, 0);
    // Silent for five intervals: pinged (and still connected, since it answers).
    assert!(pings_while(&mut client, PING * 5, false).await >= 1);
    assert!(
        client.hello_name("Again").await.is_err(),
        "still joined: a second hello is refused"
    );
    server.shutdown().await;
}
