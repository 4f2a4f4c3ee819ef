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
    let mut socket = RawSocket::open(addr, room).await;
    let hello = json!({"type": "hello", "protocol": 1, "name": name});
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
