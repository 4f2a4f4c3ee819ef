//! An operator can see why connections were closed: an over-size message and a flood each
//! leave an info line with the close code and the server's reason, and never what the
//! client sent.
//!
//! This file holds one test, as it installs the process-wide log subscriber.

use std::io::Write;
use std::sync::{Arc, Mutex};

use futures_util::SinkExt;
use hotseat_tests::server::{Closed, TestServer};
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;
use tracing_subscriber::EnvFilter;

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

#[tokio::test]
async fn size_and_flood_closes_are_logged_with_their_reason_and_no_content() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::new("hotseat_server=info"))
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");

    let server = TestServer::start().await;
    let circle = server.create_circle("Loud circle").await;
    let (_facilitator, _) = server.facilitate(&circle).await;

    let (mut big, _) = server.join(&circle.room, "Ana").await;
    let text = "zqBigMarker7x".repeat(17 * 1024 / 13 + 1);
    big.send_json(&json!({"type": "check_question", "text": text}))
        .await;
    assert_eq!(big.drain_until_closed().await.1, Closed::Code(1009));

    let burst = hotseat_server::ws::rate::BURST as usize;
    let streak = hotseat_server::ws::rate::ABUSE_STREAK as usize;
    let mut flooder = server.connect(&circle.room).await;
    let hello = json!({"type": "hello", "protocol": 1, "name": "Flo"});
    flooder
        .ws
        .feed(Message::text(hello.to_string()))
        .await
        .expect("queued");
    for i in 1..burst + streak {
        let text = json!({"type": "check_question", "req": i, "text": "zqFloodMarker7x"});
        flooder
            .ws
            .feed(Message::text(text.to_string()))
            .await
            .expect("queued");
    }
    flooder.ws.flush().await.expect("sent");
    assert_eq!(flooder.drain_until_closed().await.1, Closed::Code(1008));
    server.shutdown().await;

    let logs = captured.text();
    let closing = |code: &str, reason: &str| {
        logs.lines().any(|l| {
            l.contains(" INFO ")
                && l.contains("closing a connection")
                && l.contains(&format!("code={code}"))
                && l.contains(reason)
        })
    };
    assert!(closing("1009", "message too big"), "{logs}");
    assert!(closing("1008", "too many messages"), "{logs}");
    assert!(!logs.contains("Marker7x"), "no content in the logs: {logs}");
    assert!(
        !logs.contains("code=1012"),
        "a restart's closes stay below info: {logs}"
    );
}
