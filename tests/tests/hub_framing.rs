//! Protocol violations are failed the way RFC 6455 says: a framing error closes with 1002,
//! invalid UTF-8 with 1007 (section 7.4.1), never a bare TCP drop; a bad handshake key gets
//! 400; pings count against the rate limit like any frame.

use hotseat_tests::raw::{self, CLOSE, CONTINUATION, Ending, Frame, PING, PONG, RawSocket, TEXT};
use hotseat_tests::server::{PATIENCE, TestServer};

/// Sends `frames` on a fresh connection and returns how the server ended it.
async fn probe(server: &TestServer, room: &str, frames: &[Frame]) -> Ending {
    let mut socket = RawSocket::open(server.addr, room).await;
    for frame in frames {
        if socket.send(frame).await.is_err() {
            break;
        }
    }
    let (_, ending) = socket.read.until_close(PATIENCE).await;
    ending
}

fn with(f: impl FnOnce(&mut Frame), mut frame: Frame) -> Frame {
    f(&mut frame);
    frame
}

fn hello() -> Frame {
    Frame::text(r#"{"type":"sync"}"#)
}

#[tokio::test]
async fn each_framing_violation_closes_with_1002_and_bad_utf8_with_1007() {
    let server = TestServer::start().await;
    let room = server.create_circle("Framing circle").await.room;
    let fragment = |opcode, text: &[u8]| with(|f| f.fin = false, Frame::new(opcode, text));
    let probes: Vec<(&str, Vec<Frame>, u16)> = vec![
        (
            "unmasked frame",
            vec![with(|f| f.mask = None, hello())],
            1002,
        ),
        ("RSV1 set", vec![with(|f| f.rsv = 0b100, hello())], 1002),
        ("RSV3 set", vec![with(|f| f.rsv = 0b001, hello())], 1002),
        ("reserved data opcode", vec![Frame::new(0x3, "x")], 1002),
        ("reserved control opcode", vec![Frame::new(0xB, "")], 1002),
        (
            "continuation with nothing to continue",
            vec![Frame::new(CONTINUATION, "x")],
            1002,
        ),
        (
            "a new message inside a fragmented one",
            vec![fragment(TEXT, b"{\"type\""), hello()],
            1002,
        ),
        (
            "ping over 125 bytes",
            vec![Frame::new(PING, [b'p'; 126])],
            1002,
        ),
        ("fragmented ping", vec![fragment(PING, b"p")], 1002),
        ("1-byte close payload", vec![Frame::new(CLOSE, [3])], 1002),
        ("close code 999", vec![Frame::close(999)], 1002),
        ("close code 1005", vec![Frame::close(1005)], 1002),
        ("close code 5000", vec![Frame::close(5000)], 1002),
        (
            "invalid UTF-8 text",
            vec![Frame::new(TEXT, *b"{\"\xff\"}")],
            1007,
        ),
        (
            "invalid UTF-8 across fragments",
            vec![
                fragment(TEXT, b"{\"type\":\"\xce"),
                Frame::new(CONTINUATION, *b"\xff\"}"),
            ],
            1007,
        ),
        (
            "invalid UTF-8 close reason",
            vec![Frame::new(CLOSE, *b"\x03\xe8\xff\xfe")],
            1007,
        ),
    ];
    let mut wrong = Vec::new();
    for (name, frames, code) in probes {
        let ending = probe(&server, &room, &frames).await;
        println!("{name}: {ending:?}");
        if ending != Ending::Close(Some(code)) {
            wrong.push((name, ending));
        }
    }
    assert!(wrong.is_empty(), "not closed as RFC 6455 says: {wrong:?}");

    // A valid close code from the client is echoed back.
    assert_eq!(
        probe(&server, &room, &[Frame::close(4321)]).await,
        Ending::Close(Some(4321))
    );
    server.shutdown().await;
}

#[tokio::test]
async fn a_bad_sec_websocket_key_gets_400() {
    let server = TestServer::start().await;
    let room = server.create_circle("Key circle").await.room;
    let path = format!("/ws/{room}");
    // 15 and 17 bytes, not base64, base64 without padding, none at all.
    let bad = [
        Some("abc"),
        Some("AAAAAAAAAAAAAAAAAAAA"),
        Some("AAAAAAAAAAAAAAAAAAAAAAA="),
        Some("AAAAAAAAAAAAAAAAAAAAAA=="),
        Some("dGhlIHNhbXBsZSBub25jZQ"),
        Some("dGhlIHNhbXBsZSBub25jZQ==="),
        Some("!!!!!!!!!!!!!!!!!!!!!!=="),
        None,
    ];
    for key in bad {
        let (answer, _) = raw::handshake(server.addr, &path, key)
            .await
            .expect("answers");
        // "AAAA...AA==" is 16 zero bytes: the one good key in the list.
        let expected = if key == Some("AAAAAAAAAAAAAAAAAAAAAA==") {
            101
        } else {
            400
        };
        assert_eq!(answer.status, expected, "{key:?}: {}", answer.head);
    }
    let (answer, _) = raw::handshake(server.addr, &path, Some(raw::GOOD_KEY))
        .await
        .expect("answers");
    assert_eq!(answer.status, 101);
    assert!(
        answer
            .head
            .to_ascii_lowercase()
            .contains("sec-websocket-accept: s3pplmbitxaq9kygzzhzrbk+xoo="),
        "{}",
        answer.head
    );
    server.shutdown().await;
}

#[tokio::test]
async fn pings_get_pongs_and_count_against_the_rate_limit() {
    let server = TestServer::start().await;
    let room = server.create_circle("Ping circle").await.room;

    // A ping is answered with its own payload.
    let mut socket = RawSocket::open(server.addr, &room).await;
    socket
        .send(&Frame::new(PING, "are you there"))
        .await
        .unwrap();
    let pong = socket.read.frame().await.unwrap().expect("a frame");
    assert_eq!(
        (pong.opcode, pong.payload.as_slice()),
        (PONG, &b"are you there"[..])
    );

    // A flood of pings (or pongs) is a flood like any other: told, then closed with 1008.
    for opcode in [PING, PONG] {
        let mut socket = RawSocket::open(server.addr, &room).await;
        let mut frames = Vec::new();
        for _ in 0..500 {
            frames.extend(Frame::new(opcode, "x").bytes());
        }
        let _ = socket.write(&frames).await;
        let (texts, ending) = socket.read.until_close(PATIENCE).await;
        assert_eq!(ending, Ending::Close(Some(1008)), "opcode {opcode}");
        assert_eq!(raw::goodbye_reason(&texts).as_deref(), Some("rate_limited"));
    }
    server.shutdown().await;
}
