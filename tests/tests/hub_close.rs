//! A close always reaches the client, also one that is still sending: the server says goodbye,
//! closes, and keeps reading until the client's close or FIN, so no TCP reset destroys it.

use std::net::SocketAddr;
use std::time::Duration;

use futures_util::future::join_all;
use hotseat_protocol::{Command, SeatId};
use hotseat_tests::raw::{self, Ending, Frame, RawSocket};
use hotseat_tests::server::{PATIENCE, TestServer, http};
use serde_json::{Value, json};
use tokio::io::AsyncWriteExt;
use tokio::net::tcp::OwnedWriteHalf;
use tokio::sync::oneshot;

const TRIALS: usize = 100;

fn question(i: usize) -> Frame {
    Frame::text(
        &json!({"type": "check_question", "req": i, "text": "What matters most?"}).to_string(),
    )
}

/// Ends a trial as a polite client does: answers the close and goes.
async fn answer_close(mut socket: RawSocket) {
    let _ = socket.send(&Frame::close(1000)).await;
    let _ = socket.write.shutdown().await;
}

/// Counts the trials that saw `reason` (if any) and then the close code `code`; prints what
/// the others saw.
fn tally(name: &str, seen: &[(Vec<String>, Ending)], reason: Option<&str>, code: u16) -> usize {
    let good = seen
        .iter()
        .filter(|(texts, ending)| {
            *ending == Ending::Close(Some(code))
                && reason.is_none_or(|r| raw::goodbye_reason(texts).as_deref() == Some(r))
        })
        .count();
    let others: Vec<_> = seen
        .iter()
        .filter(|(_, ending)| *ending != Ending::Close(Some(code)))
        .map(|(texts, ending)| (texts.len(), ending))
        .take(3)
        .collect();
    println!(
        "{name}: {good} of {} got the close; e.g. {others:?}",
        seen.len()
    );
    good
}

/// One flooding client: 150 frames in a tight loop, then it reads what came back.
async fn flood(addr: SocketAddr, room: String) -> (Vec<String>, Ending) {
    let mut socket = RawSocket::open(addr, &room).await;
    for i in 0..150 {
        // A reset may end the writing early; the reading below tells what arrived.
        if socket.send(&question(i)).await.is_err() {
            break;
        }
    }
    let seen = socket.read.until_close(PATIENCE).await;
    answer_close(socket).await;
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flooding_client_receives_goodbye_and_1008() {
    let server = TestServer::start().await;
    let circle = server.create_circle("Flood circle").await;
    let seen = join_all((0..TRIALS).map(|_| flood(server.addr, circle.room.clone()))).await;
    let good = tally("flood", &seen, Some("rate_limited"), 1008);
    assert!(good >= 99, "{good} of {TRIALS} flooding clients heard why");
    server.shutdown().await;
}

/// A 20 KiB text frame in two writes: the server refuses it after the header.
async fn too_big(addr: SocketAddr, room: String) -> (Vec<String>, Ending) {
    let mut socket = RawSocket::open(addr, &room).await;
    let text = json!({"type": "check_question", "text": "w".repeat(20 * 1024)}).to_string();
    let bytes = Frame::text(&text).bytes();
    let (first, second) = bytes.split_at(bytes.len() / 2);
    if socket.write(first).await.is_ok() {
        tokio::task::yield_now().await;
        let _ = socket.write(second).await;
    }
    let seen = socket.read.until_close(PATIENCE).await;
    answer_close(socket).await;
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_frame_over_16_kib_in_two_writes_receives_1009() {
    let server = TestServer::start().await;
    let circle = server.create_circle("Big circle").await;
    let seen = join_all((0..TRIALS).map(|_| too_big(server.addr, circle.room.clone()))).await;
    let good = tally("too big", &seen, None, 1009);
    assert!(good >= 99, "{good} of {TRIALS} heard 1009");
    server.shutdown().await;
}

/// A client that keeps sending (a question every 5 ms: over the rate limit, not abusive)
/// until the server's close arrives.
struct Sender {
    stop: oneshot::Sender<()>,
    task: tokio::task::JoinHandle<OwnedWriteHalf>,
}

fn keep_sending(mut write: OwnedWriteHalf) -> Sender {
    let (stop, mut stopped) = oneshot::channel();
    let task = tokio::spawn(async move {
        for i in 0.. {
            tokio::select! {
                _ = &mut stopped => break,
                () = tokio::time::sleep(Duration::from_millis(5)) => {}
            }
            if write.write_all(&question(i).bytes()).await.is_err() {
                break;
            }
        }
        write
    });
    Sender { stop, task }
}

/// A member seated by hand: the socket, its seat and its token.
async fn join_raw(addr: SocketAddr, room: &str, name: &str) -> (RawSocket, SeatId, String) {
    seat_raw(RawSocket::open(addr, room).await, name).await
}

async fn seat_raw(socket: RawSocket, name: &str) -> (RawSocket, SeatId, String) {
    hello_raw(
        socket,
        json!({"type": "hello", "protocol": 1, "name": name}),
    )
    .await
}

async fn hello_raw(mut socket: RawSocket, hello: Value) -> (RawSocket, SeatId, String) {
    socket
        .send(&Frame::text(&hello.to_string()))
        .await
        .expect("hello");
    loop {
        let frame = socket.read.frame().await.expect("reads").expect("open");
        let Some(text) = frame.text() else { continue };
        let value: Value = serde_json::from_str(text).expect("JSON");
        if value["type"] == "welcome" {
            let seat = serde_json::from_value(value["seat"].clone()).expect("seat");
            let token = value["seat_token"].as_str().expect("token").to_owned();
            return (socket, seat, token);
        }
    }
}

/// Seats `names` by hand, each sending all the time, runs `close` (which makes the server
/// close them all) and returns what each one read.
async fn close_while_sending<F: Future<Output = ()>>(
    addr: SocketAddr,
    room: &str,
    names: &[&str],
    close: impl FnOnce(Vec<(SeatId, String)>) -> F,
) -> Vec<(Vec<String>, Ending)> {
    let mut members = Vec::new();
    for name in names {
        members.push(join_raw(addr, room, name).await);
    }
    let seats = members.iter().map(|(_, s, t)| (*s, t.clone())).collect();
    let readers = members.into_iter().map(|(socket, _, _)| {
        let RawSocket { mut read, write } = socket;
        let sender = keep_sending(write);
        async move {
            let seen = read.until_close(PATIENCE).await;
            let _ = sender.stop.send(());
            let write = sender.task.await.expect("writer");
            answer_close(RawSocket { read, write }).await;
            seen
        }
    });
    let readers = tokio::spawn(join_all(readers));
    // Let every sender get going before the server closes.
    tokio::time::sleep(Duration::from_millis(50)).await;
    close(seats).await;
    readers.await.expect("readers")
}

const FIVE: [&str; 5] = ["Ana", "Bo", "Cy", "Di", "Ed"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn close_codes_the_client_acts_on_reach_a_client_that_keeps_sending() {
    let server = TestServer::start().await;
    let addr = server.addr;
    let mut good = Vec::new();

    // 4001: the facilitator removes each member.
    let circle = server.create_circle("Removal circle").await;
    let (mut facilitator, _) = server.facilitate(&circle).await;
    let seen = close_while_sending(addr, &circle.room, &FIVE, |seats| async move {
        for (seat, _) in seats {
            facilitator
                .act_and_wait(Command::RemoveMember { seat })
                .await
                .expect("removed");
        }
    })
    .await;
    good.push((tally("4001", &seen, Some("removed"), 4001), seen.len()));

    // 4002: each seat connects again elsewhere.
    let circle = server.create_circle("Replaced circle").await;
    // The new connections stay open until the end, so each seat stays with its new one.
    let mut again = Vec::new();
    let (s, kept, room) = (&server, &mut again, &circle.room);
    let seen = close_while_sending(addr, room, &FIVE, |seats| async move {
        for (_, token) in seats {
            let mut client = s.connect(room).await;
            client.hello_token(&token).await.expect("resumes");
            kept.push(client);
        }
    })
    .await;
    good.push((
        tally("4002", &seen, Some("replaced_by_new_connection"), 4002),
        seen.len(),
    ));

    // 4010: each member erases their data.
    let circle = server.create_circle("Erased circle").await;
    let room = &circle.room;
    let seen = close_while_sending(addr, room, &FIVE, |seats| async move {
        for (_, token) in seats {
            let auth = format!("Bearer {token}");
            let path = format!("/api/circles/{room}/me");
            let (status, body) =
                http(addr, "DELETE", &path, None, &[("authorization", &auth)]).await;
            assert_eq!(status, 204, "{body}");
        }
    })
    .await;
    good.push((tally("4010", &seen, Some("erased"), 4010), seen.len()));

    // 1012: the server shuts down.
    let circle = server.create_circle("Restart circle").await;
    let room = circle.room.clone();
    let seen = close_while_sending(addr, &room, &FIVE, |_| server.shutdown()).await;
    good.push((
        tally("1012", &seen, Some("server_restarting"), 1012),
        seen.len(),
    ));

    drop(again);
    for (got, of) in good {
        assert_eq!(got, of, "every client that kept sending heard why");
    }
}

/// A four-byte character: 200 of them make an 800-byte norm, so every update is large.
const WIDE: char = '\u{1FA91}';

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_too_slow_to_keep_up_still_hears_4003() {
    let server = TestServer::start_with(|c| c.outbox = 1).await;
    let norms: Vec<String> = (0..12)
        .map(|i| format!("{i:02} {}", String::from(WIDE).repeat(197)))
        .collect();
    let circle = server
        .create_circle_with(&json!({"name": "Slow circle", "norms": norms}))
        .await;
    let (mut facilitator, _) = server.facilitate(&circle).await;
    // A member with a small receive buffer who stops reading but keeps sending.
    let socket = RawSocket::open_slow(server.addr, &circle.room).await;
    let (socket, seat, _) = seat_raw(socket, "Slow").await;
    let RawSocket { mut read, write } = socket;
    let sender = keep_sending(write);

    // The facilitator makes updates until the room drops the slow one (shown away).
    let away = |f: &hotseat_tests::server::Client| {
        f.last
            .as_ref()
            .is_some_and(|s| s.seats.iter().any(|x| x.id == seat && !x.present))
    };
    let generate = async {
        for n in 0.. {
            if away(&facilitator) {
                return n;
            }
            let locked = n % 2 == 0;
            let _ = facilitator.act_paced(Command::Lock { locked }).await;
        }
        unreachable!()
    };
    let updates = tokio::time::timeout(Duration::from_secs(60), generate)
        .await
        .expect("the slow client was dropped");

    // Now it reads: everything it was sent, then why it was dropped.
    let (texts, ending) = read.until_close(PATIENCE).await;
    let _ = sender.stop.send(());
    let write = sender.task.await.expect("writer");
    answer_close(RawSocket { read, write }).await;
    println!("4003 after {updates} updates: {ending:?}");
    assert_eq!(raw::goodbye_reason(&texts).as_deref(), Some("too_slow"));
    assert_eq!(ending, Ending::Close(Some(4003)));
    server.shutdown().await;
}

/// A member closes while the room is busy: its close is echoed, and nothing follows the echo
/// (RFC 6455, section 5.5.1), not even an update the room was writing at that moment.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_follows_the_echo_of_a_clients_close() {
    let server = TestServer::start().await;
    let circle = server.create_circle("Busy circle").await;
    let (mut facilitator, _) = server.facilitate(&circle).await;
    let mut tokens = Vec::new();
    for name in FIVE {
        tokens.push(join_raw(server.addr, &circle.room, name).await.2);
    }
    let mut after = Vec::new();
    for round in 0..4 {
        let mut members = Vec::new();
        for token in &tokens {
            let socket = RawSocket::open(server.addr, &circle.room).await;
            let hello = json!({"type": "hello", "protocol": 1, "seat_token": token});
            members.push(hello_raw(socket, hello).await.0);
        }
        // Updates in flight to every member while each of them closes.
        for n in 0..8 {
            facilitator
                .act(Command::Lock {
                    locked: (round + n) % 2 == 0,
                })
                .await;
        }
        let closes = members.into_iter().map(|mut socket| async move {
            socket.send(&Frame::close(1000)).await.expect("close sent");
            let (_, ending) = socket.read.until_close(PATIENCE).await;
            assert_eq!(ending, Ending::Close(Some(1000)), "the close is echoed");
            let mut later = 0;
            while let Ok(Some(_)) = socket.read.frame().await {
                later += 1;
            }
            later
        });
        after.extend(join_all(closes).await);
        // Drain the facilitator's acks before the next burst (the rate limit refills).
        tokio::time::sleep(Duration::from_millis(900)).await;
        while facilitator
            .try_recv(Duration::from_millis(10))
            .await
            .is_some()
        {}
    }
    assert!(
        after.iter().all(|n| *n == 0),
        "frames after the close: {after:?}"
    );
    server.shutdown().await;
}
