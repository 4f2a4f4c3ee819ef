//! Whatever a client sends, the hub answers with a typed error and carries on, or closes
//! with the documented code: bad JSON, unknown types, wrong fields, binary frames, commands
//! before `hello`, a second `hello`, an old protocol, over-size messages, floods, and rooms
//! that do not exist.

use futures_util::SinkExt;
use hotseat_protocol::message::GoodbyeReason;
use hotseat_protocol::{Command, ErrorCode, Hello, ServerMessage};
use hotseat_tests::server::{Closed, TestServer};
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;

/// The next message (room news aside) must be an error with this code, and no `req`, as
/// nothing was parsed.
async fn expect_error(client: &mut hotseat_tests::server::Client, sent: &str, code: ErrorCode) {
    let mut reply = client.recv().await;
    while matches!(reply, ServerMessage::Update { .. }) {
        reply = client.recv().await;
    }
    match reply {
        ServerMessage::Error {
            code: got,
            req,
            message,
        } => {
            assert_eq!(got, code, "{sent} -> {message}");
            assert_eq!(req, None, "{sent}");
            assert!(!message.is_empty());
        }
        other => panic!("{sent}: expected an error, got {other:?}"),
    }
}

#[tokio::test]
async fn bad_messages_get_typed_errors_and_the_connection_carries_on() {
    let server = TestServer::start().await;
    let circle = server.create_circle("Input circle").await;
    let (mut facilitator, _) = server.facilitate(&circle).await;
    let (mut ana, _) = server.join(&circle.room, "Ana").await;

    let cases = [
        ("{not json", ErrorCode::MalformedJson),
        ("", ErrorCode::MalformedJson),
        ("[1, 2", ErrorCode::MalformedJson),
        (
            r#"{"type":"act","command":{"type":"start"}"#,
            ErrorCode::MalformedJson,
        ),
        (r#"{"type":"dance"}"#, ErrorCode::UnknownMessageType),
        (
            r#"{"type":"welcome","seat":1}"#,
            ErrorCode::UnknownMessageType,
        ),
        (r#"{"type":"act"}"#, ErrorCode::InvalidMessage),
        (r#"{"command":{"type":"start"}}"#, ErrorCode::InvalidMessage),
        (
            r#"{"type":"act","command":{"type":"extend","secs":"ten"}}"#,
            ErrorCode::InvalidMessage,
        ),
        (
            r#"{"type":"act","command":{"type":"extend"}}"#,
            ErrorCode::InvalidMessage,
        ),
        (
            r#"{"type":"act","command":{"type":"teleport"}}"#,
            ErrorCode::InvalidMessage,
        ),
        (
            r#"{"type":"act","command":{"type":"raise_hand"},"extra":1}"#,
            ErrorCode::InvalidMessage,
        ),
        (
            r#"{"type":"act","req":"one","command":{"type":"raise_hand"}}"#,
            ErrorCode::InvalidMessage,
        ),
        (r#"{"type":"check_question"}"#, ErrorCode::InvalidMessage),
        (r#"{"type":7}"#, ErrorCode::InvalidMessage),
        ("[1,2]", ErrorCode::InvalidMessage),
        (r#""hello""#, ErrorCode::InvalidMessage),
    ];
    // Shared between two members, to stay inside the rate limit (a burst of 20).
    let (mut bo, _) = server.join(&circle.room, "Bo").await;
    for (i, (text, code)) in cases.into_iter().enumerate() {
        let client = if i % 2 == 0 { &mut ana } else { &mut bo };
        client.send_text(text).await;
        expect_error(client, text, code).await;
    }

    // Still open, still seated: a question hint, a sync, and the room's news all arrive.
    ana.send_json(&json!({"type": "check_question", "req": 9, "text": "Did you ask her?"}))
        .await;
    match ana.recv().await {
        ServerMessage::QuestionHint { req, verdict, .. } => {
            assert_eq!(req, Some(9));
            assert_eq!(verdict.kind, hotseat_protocol::QuestionKind::Closed);
        }
        other => panic!("expected a question hint, got {other:?}"),
    }
    let version = ana.sync().await.version;
    let accepted = facilitator
        .act_and_wait(Command::Start)
        .await
        .expect("start");
    assert_eq!(accepted, version + 1, "the bad messages changed nothing");
    ana.until(|s| s.version == version + 1).await;
    bo.until(|s| s.version == version + 1).await;
    assert_eq!(
        ana.act_and_wait(Command::AcknowledgeNorms).await,
        Ok(version + 2)
    );
    assert_eq!(
        bo.act_and_wait(Command::AcknowledgeNorms).await,
        Ok(version + 3)
    );
    server.shutdown().await;
}

#[tokio::test]
async fn binary_frames_are_refused_and_the_connection_carries_on() {
    let server = TestServer::start().await;
    let circle = server.create_circle("Binary circle").await;
    let mut client = server.connect(&circle.room).await;
    client.send_binary(b"{\"type\":\"sync\"}".to_vec()).await;
    assert_eq!(client.next_error().await, ErrorCode::BinaryNotSupported);
    client
        .hello_name("Ana")
        .await
        .expect("joins after a binary frame");
    client.send_binary(vec![0, 159, 146, 150]).await;
    assert_eq!(client.next_error().await, ErrorCode::BinaryNotSupported);
    client.sync().await;
    server.shutdown().await;
}

#[tokio::test]
async fn hello_comes_first_and_only_once() {
    let server = TestServer::start().await;
    let circle = server.create_circle("Hello circle").await;
    let mut client = server.connect(&circle.room).await;

    let req = client.act(Command::RaiseHand).await;
    match client.recv().await {
        ServerMessage::Error { code, req: r, .. } => {
            assert_eq!(code, ErrorCode::NotJoined);
            assert_eq!(r, Some(req), "the act's req is echoed");
        }
        other => panic!("expected not_joined, got {other:?}"),
    }
    client.send_json(&json!({"type": "sync"})).await;
    assert_eq!(client.next_error().await, ErrorCode::NotJoined);

    // A question hint needs no seat.
    client
        .send_json(&json!({"type": "check_question", "text": "What matters?"}))
        .await;
    assert!(matches!(
        client.recv().await,
        ServerMessage::QuestionHint { .. }
    ));

    // A hello with no credential at all.
    client
        .send_json(&json!({"type": "hello", "protocol": 1}))
        .await;
    assert_eq!(client.next_error().await, ErrorCode::InvalidMessage);

    let welcome = client.hello_name("Ana").await.expect("joins");
    assert_eq!(
        client.hello_name("Ana again").await.err(),
        Some(ErrorCode::AlreadyJoined)
    );
    assert_eq!(
        client.hello_secret(&circle.secret).await.err(),
        Some(ErrorCode::AlreadyJoined),
        "not even the facilitator secret changes a joined connection's seat"
    );
    let snapshot = client.sync().await;
    assert_eq!(snapshot.seats.len(), 2, "facilitator and Ana, nobody else");
    assert_eq!(client.seat, Some(welcome.seat));
    server.shutdown().await;
}

#[tokio::test]
async fn an_old_protocol_version_is_refused() {
    let server = TestServer::start().await;
    let circle = server.create_circle("Versions circle").await;
    for protocol in [0, 2, u32::MAX] {
        let mut client = server.connect(&circle.room).await;
        let result = client
            .hello(Hello {
                protocol,
                name: Some("Ana".into()),
                seat_token: None,
                facilitator_secret: None,
            })
            .await;
        assert_eq!(
            result.err(),
            Some(ErrorCode::UnsupportedProtocol),
            "protocol {protocol}"
        );
    }
    // Nobody was seated by those; the right version joins.
    let (mut ana, welcome) = server.join(&circle.room, "Ana").await;
    assert_eq!(welcome.snapshot.seats.len(), 2);
    assert_eq!(ana.sync().await.seats.len(), 2);
    server.shutdown().await;
}

#[tokio::test]
async fn a_message_over_16_kib_closes_with_1009() {
    let server = TestServer::start().await;
    let circle = server.create_circle("Big circle").await;
    let (mut facilitator, _) = server.facilitate(&circle).await;
    let (mut ana, welcome) = server.join(&circle.room, "Ana").await;

    // Just under the limit is fine.
    let text = "w".repeat(16 * 1024 - 100);
    ana.send_json(&json!({"type": "check_question", "text": text}))
        .await;
    assert!(matches!(
        ana.recv().await,
        ServerMessage::QuestionHint { .. }
    ));

    let text = "w".repeat(17 * 1024);
    ana.send_json(&json!({"type": "check_question", "text": text}))
        .await;
    let (_, closed) = ana.drain_until_closed().await;
    assert_eq!(closed, Closed::Code(1009));
    facilitator
        .until(|s| {
            s.seats
                .iter()
                .any(|seat| seat.id == welcome.seat && !seat.present)
        })
        .await;
    server.shutdown().await;
}

#[tokio::test]
async fn a_flood_is_told_once_then_closed_while_the_room_carries_on() {
    let server = TestServer::start().await;
    let circle = server.create_circle("Flood circle").await;
    let (mut facilitator, _) = server.facilitate(&circle).await;
    let (mut bo, _) = server.join(&circle.room, "Bo").await;
    facilitator.until(|s| s.seats.len() == 2).await;

    // A burst of 20 passes (the hello among them), then 50 refusals in a row mean abuse:
    // 70 messages on a fresh connection, all at once.
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
        let text = json!({"type": "check_question", "req": i, "text": "What matters most?"});
        flooder
            .ws
            .feed(Message::text(text.to_string()))
            .await
            .expect("queued");
    }
    flooder.ws.flush().await.expect("sent");

    // Meanwhile the room goes on: the facilitator's news reaches Bo.
    let room_goes_on = async {
        let version = facilitator
            .act_and_wait(Command::Lock { locked: true })
            .await
            .expect("lock");
        bo.until(|s| s.version >= version && s.locked).await;
        let version = facilitator
            .act_and_wait(Command::Lock { locked: false })
            .await
            .expect("unlock");
        bo.until(|s| s.version >= version && !s.locked).await;
    };
    let ((seen, closed), ()) = tokio::join!(flooder.drain_until_closed(), room_goes_on);

    let hints = seen
        .iter()
        .filter(|m| matches!(m, ServerMessage::QuestionHint { .. }))
        .count();
    let rate_limited = seen
        .iter()
        .filter(|m| {
            matches!(
                m,
                ServerMessage::Error {
                    code: ErrorCode::RateLimited,
                    ..
                }
            )
        })
        .count();
    assert!(hints >= burst - 1, "the burst is served: {hints} hints");
    let flooder_seat = seen
        .iter()
        .find_map(|m| match m {
            ServerMessage::Welcome { seat, .. } => Some(*seat),
            _ => None,
        })
        .expect("the flooder was welcomed");
    assert_eq!(rate_limited, 1, "told once, not once per dropped message");
    let position = |pred: &dyn Fn(&ServerMessage) -> bool| seen.iter().position(pred);
    let told = position(&|m| {
        matches!(
            m,
            ServerMessage::Error {
                code: ErrorCode::RateLimited,
                ..
            }
        )
    });
    let goodbye = position(&|m| {
        matches!(
            m,
            ServerMessage::Goodbye {
                reason: GoodbyeReason::RateLimited
            }
        )
    });
    assert!(goodbye.is_some(), "goodbye rate_limited: {seen:?}");
    assert!(told < goodbye, "told first, then shown out");
    assert_eq!(
        goodbye,
        Some(seen.len() - 1),
        "the goodbye is the last word"
    );
    assert_eq!(closed, Closed::Code(1008));

    // The flooder is away; Bo is still here and still hears the room.
    facilitator
        .until(|s| {
            s.seats
                .iter()
                .any(|seat| seat.id == flooder_seat && !seat.present)
        })
        .await;
    let version = facilitator
        .act_and_wait(Command::Start)
        .await
        .expect("start");
    bo.until(|s| s.version >= version).await;
    assert_eq!(
        server.metric("hotseat_abusive_clients_closed_total").await,
        1.0
    );
    server.shutdown().await;
}

#[tokio::test]
async fn an_unknown_room_gets_unknown_room_and_close_4404() {
    let server = TestServer::start().await;
    server.create_circle("Real circle").await;
    for room in [
        "AAAAAAAAAAAAAAAAAAAAAA",
        "nope",
        "..%2F..%2Fetc",
        &"x".repeat(200),
    ] {
        let mut client = server.connect(room).await;
        let (seen, closed) = client.drain_until_closed().await;
        assert!(
            matches!(
                seen.as_slice(),
                [ServerMessage::Error {
                    code: ErrorCode::UnknownRoom,
                    ..
                }]
            ),
            "{room}: {seen:?}"
        );
        assert_eq!(closed, Closed::Code(4404), "{room}");
    }
    server.shutdown().await;
}

/// A client should wait for the `101` before it speaks, but one that sends its `hello` in
/// the same packet as the upgrade request is still heard (the bytes the HTTP layer read past
/// the request are not lost).
#[tokio::test]
async fn a_hello_sent_with_the_upgrade_request_is_heard() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio_tungstenite::WebSocketStream;
    use tokio_tungstenite::tungstenite::protocol::Role;
    use tokio_tungstenite::tungstenite::protocol::frame::Frame;
    use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data, OpCode};

    let server = TestServer::start().await;
    let circle = server.create_circle("Eager circle").await;
    let hello = json!({"type": "hello", "protocol": 1, "name": "Ana"}).to_string();
    let mut frame = Frame::message(hello.into_bytes(), OpCode::Data(Data::Text), true);
    frame.header_mut().mask = Some([1, 2, 3, 4]);
    let mut bytes = format!(
        "GET /ws/{} HTTP/1.1\r\nHost: {}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\
         Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
        circle.room, server.addr
    )
    .into_bytes();
    frame.format(&mut bytes).unwrap();
    let mut tcp = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    tcp.write_all(&bytes).await.unwrap();

    // The response head, a byte at a time so no frame is read with it.
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        head.push(tcp.read_u8().await.unwrap());
    }
    assert!(
        head.starts_with(b"HTTP/1.1 101"),
        "{}",
        String::from_utf8_lossy(&head)
    );
    let mut ws = WebSocketStream::from_raw_socket(tcp, Role::Client, None).await;
    let welcome = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        while let Some(Ok(message)) = futures_util::StreamExt::next(&mut ws).await {
            if let Message::Text(text) = message
                && let Ok(ServerMessage::Welcome { seat, .. }) =
                    serde_json::from_str::<ServerMessage>(&text)
            {
                return Some(seat);
            }
        }
        None
    })
    .await
    .expect("an answer in time");
    assert!(welcome.is_some(), "the early hello was answered");
    server.shutdown().await;
}
