//! The HTTP edge under floods: idle and dripping sockets are closed in bounded time, those
//! over the connection cap are refused at once, `/healthz` answers, a running meeting misses
//! nothing, and a full file table is logged once per burst (the real binary under `prlimit`).

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Command as Process, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use hotseat_protocol::{Command, ServerMessage};
use hotseat_tests::drive::Party;
use hotseat_tests::process::binary;
use hotseat_tests::server::{TestServer, http};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::{Instant, timeout};

/// Reads until the server closes the socket (EOF or reset); returns what it sent and how
/// long it took. Panics if it stays open for `limit`.
async fn until_closed(socket: &mut TcpStream, limit: Duration) -> (String, Duration) {
    let started = Instant::now();
    let mut seen = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        match timeout(
            limit.saturating_sub(started.elapsed()),
            socket.read(&mut chunk),
        )
        .await
        {
            Err(_) => panic!("the server kept the socket open for {limit:?}"),
            Ok(Ok(0) | Err(_)) => break,
            Ok(Ok(n)) => seen.extend_from_slice(&chunk[..n]),
        }
    }
    (
        String::from_utf8_lossy(&seen).into_owned(),
        started.elapsed(),
    )
}

/// The versions of the updates a client received, in order.
fn versions(history: &[ServerMessage]) -> Vec<u64> {
    history
        .iter()
        .filter_map(|m| match m {
            ServerMessage::Update { snapshot, .. } => Some(snapshot.version),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn a_flood_beyond_the_cap_is_refused_at_once_while_healthz_and_a_meeting_go_on() {
    const CAP: usize = 12;
    let header_timeout = Duration::from_secs(3);
    let server = TestServer::start_with(|c| {
        c.max_connections = Some(CAP);
        c.header_timeout = header_timeout;
    })
    .await;
    // A meeting joined before the flood: three WebSockets, which hold their places.
    let mut party = Party::gather(&server, &["Ana", "Bo"]).await;
    for client in &mut party.clients {
        client.record();
    }

    // The flood: twice the cap of sockets that start a request and never finish it.
    let mut flood = Vec::new();
    for _ in 0..2 * CAP {
        let mut socket = TcpStream::connect(server.addr).await.expect("connects");
        socket
            .write_all(b"GET / HTTP/1.1\r\nhost: x\r\n")
            .await
            .expect("writes");
        flood.push(socket);
    }

    // Over the cap, a request is answered at once: 503 with Retry-After, and /healthz works.
    let (status, body) = http(server.addr, "POST", "/api/circles", Some("{}"), &[]).await;
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("\"server_busy\""), "{body}");
    let mut probe = TcpStream::connect(server.addr).await.unwrap();
    probe
        .write_all(b"POST /api/circles HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\n\r\n{}")
        .await
        .unwrap();
    let (answer, _) = until_closed(&mut probe, header_timeout).await;
    assert!(
        answer.to_ascii_lowercase().contains("retry-after: 5"),
        "{answer}"
    );
    let (status, body) = http(server.addr, "GET", "/healthz", None, &[]).await;
    assert_eq!((status, body.as_str()), (200, "ok"));

    // The meeting runs through the flood.
    party.open_and_check_in("fine").await;

    // Every flood socket is closed within the header timeout (plus slack), none answered
    // with anything but a refusal or a timeout.
    let limit = header_timeout + Duration::from_secs(5);
    for socket in &mut flood {
        let (answer, _) = until_closed(socket, limit).await;
        assert!(
            answer.is_empty() || answer.starts_with("HTTP/1.1 408") || answer.contains(" 503 "),
            "{answer}"
        );
    }

    // Every client saw every update, the same ones, none skipped.
    let seen: Vec<Vec<u64>> = party
        .clients
        .iter()
        .map(|c| versions(c.history()))
        .collect();
    let last = *seen[0].last().expect("updates");
    for (i, versions) in seen.iter().enumerate() {
        let first = versions[0];
        assert_eq!(
            versions,
            &(first..=last).collect::<Vec<_>>(),
            "client {i} missed or repeated an update"
        );
    }
    // Once the flood is gone, the server takes new work again.
    let circle = server.create_circle("After the flood").await;
    assert_eq!(circle.room.len(), 22);
    // Answered at all (accepted or refused) means still connected: `recv` panics on a close.
    let _answer = party.clients[1].act_and_wait(Command::Pause).await;
}

#[tokio::test]
async fn a_client_dripping_its_headers_is_closed_at_the_header_timeout() {
    let header_timeout = Duration::from_secs(2);
    let server = TestServer::start_with(|c| c.header_timeout = header_timeout).await;
    let mut socket = TcpStream::connect(server.addr).await.unwrap();
    socket
        .write_all(b"GET /healthz HTTP/1.1\r\nx-drip: ")
        .await
        .unwrap();
    let started = Instant::now();
    // One byte a second, never ending the headers: the server must not wait for it.
    let closed = loop {
        tokio::time::sleep(Duration::from_millis(500)).await;
        if socket.write_all(b"a").await.is_err() {
            break true;
        }
        let mut byte = [0u8; 512];
        match timeout(Duration::from_millis(500), socket.read(&mut byte)).await {
            Ok(Ok(0) | Err(_)) => break true,
            Ok(Ok(_)) => {}
            Err(_) => {}
        }
        if started.elapsed() > header_timeout * 4 {
            break false;
        }
    };
    assert!(
        closed,
        "a dripping client held its socket for {:?}",
        started.elapsed()
    );
    assert!(started.elapsed() >= header_timeout - Duration::from_millis(600));
}

#[tokio::test]
async fn idle_keep_alive_and_a_stalled_body_are_closed_but_websockets_are_not() {
    let header_timeout = Duration::from_secs(2);
    let idle_timeout = Duration::from_secs(3);
    let server = TestServer::start_with(|c| {
        c.header_timeout = header_timeout;
        c.idle_timeout = idle_timeout;
    })
    .await;
    let circle = server.create_circle("Quiet").await;
    let (mut member, _) = server.join(&circle.room, "Ana").await;

    // One request with keep-alive, answered; then silence: closed after the header timeout.
    let mut keep = TcpStream::connect(server.addr).await.unwrap();
    keep.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n")
        .await
        .unwrap();
    // A body promised and never sent: closed after the idle timeout.
    let mut stalled = TcpStream::connect(server.addr).await.unwrap();
    stalled
        .write_all(b"POST /api/circles HTTP/1.1\r\nhost: x\r\ncontent-length: 100\r\n\r\n{\"na")
        .await
        .unwrap();
    let stalled_at = Instant::now();

    let slack = Duration::from_secs(5);
    let (answer, _) = until_closed(&mut keep, header_timeout + slack).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let (answer, _) = until_closed(&mut stalled, idle_timeout + slack).await;
    assert!(answer.is_empty(), "{answer}");
    let took = stalled_at.elapsed();
    assert!(
        took >= idle_timeout - Duration::from_millis(500),
        "{took:?}"
    );

    // The WebSocket, silent as long, is still there.
    // Answered at all (accepted or refused) means still connected: `recv` panics on a close.
    let _answer = member.act_and_wait(Command::Pause).await;
}

/// Starts the real binary with at most `nofile` open files; returns it, its address and
/// its log as it grows.
fn start_limited(
    nofile: u32,
    data: &std::path::Path,
    args: &[&str],
) -> (std::process::Child, SocketAddr, Arc<Mutex<String>>) {
    let mut child = Process::new("prlimit")
        .arg(format!("--nofile={nofile}:{nofile}"))
        .arg(binary())
        .args(["--listen", "127.0.0.1:0", "--data"])
        .arg(data)
        .args(args)
        .env("RUST_LOG", "hotseat_server=info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("prlimit runs hotseat");
    let log = Arc::new(Mutex::new(String::new()));
    let (found, address) = mpsc::channel();
    let streams: [(Box<dyn std::io::Read + Send>, bool); 2] = [
        (Box::new(child.stdout.take().unwrap()), true),
        (Box::new(child.stderr.take().unwrap()), false),
    ];
    for (stream, announces) in streams {
        let (log, found) = (log.clone(), found.clone());
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(rest) = line.strip_prefix("Hotseat is listening on http://")
                    && announces
                {
                    let _ = found.send(rest.trim().to_owned());
                }
                let mut log = log.lock().unwrap_or_else(|e| e.into_inner());
                log.push_str(&line);
                log.push('\n');
            }
        });
    }
    let addr = address
        .recv_timeout(Duration::from_secs(60))
        .expect("hotseat says where it listens")
        .parse()
        .unwrap();
    (child, addr, log)
}

/// `GET /healthz` on a fresh connection; `None` if it fails or takes over 3 s.
async fn try_healthz(addr: SocketAddr) -> Option<String> {
    let exchange = async {
        let mut socket = TcpStream::connect(addr).await.ok()?;
        socket
            .write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
            .await
            .ok()?;
        let mut answer = Vec::new();
        socket.read_to_end(&mut answer).await.ok()?;
        Some(String::from_utf8_lossy(&answer).into_owned())
    };
    timeout(Duration::from_secs(3), exchange).await.ok()?
}

#[tokio::test]
async fn a_full_file_table_is_logged_once_per_burst_and_the_server_recovers() {
    let dir = tempfile::tempdir().unwrap();
    // A cap above the file limit, so accepting itself runs out of descriptors.
    let (mut child, addr, log) = start_limited(
        64,
        dir.path(),
        &["--max-connections", "1000", "--header-timeout", "2s"],
    );
    let mut idle = Vec::new();
    for _ in 0..120 {
        if let Ok(Ok(socket)) = timeout(Duration::from_secs(1), TcpStream::connect(addr)).await {
            idle.push(socket);
        }
    }
    // Wait for the accept failure to be logged.
    let deadline = Instant::now() + Duration::from_secs(20);
    let text = loop {
        let text = log.lock().unwrap().clone();
        if text.contains("cannot accept connections") || Instant::now() > deadline {
            break text;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(text.contains("cannot accept connections"), "log:\n{text}");
    assert!(text.contains("Too many open files"), "log:\n{text}");
    drop(idle);
    // Once descriptors free up (the idle sockets closed, the header timeout emptied the
    // rest), /healthz answers and the end of the burst is logged; the burst was one line.
    let deadline = Instant::now() + Duration::from_secs(20);
    let healthy = loop {
        if let Some(answer) = try_healthz(addr).await {
            break answer.starts_with("HTTP/1.1 200") && answer.ends_with("ok");
        }
        assert!(Instant::now() < deadline, "/healthz never answered again");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(healthy);
    // The burst ends with the first accept after a quiet spell (5 s without a failure).
    let deadline = Instant::now() + Duration::from_secs(20);
    let text = loop {
        let _ = try_healthz(addr).await;
        let text = log.lock().unwrap().clone();
        if text.contains("accepting connections again") || Instant::now() > deadline {
            break text;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(text.contains("accepting connections again"), "log:\n{text}");
    assert_eq!(
        text.matches("cannot accept connections").count(),
        1,
        "one line per burst:\n{text}"
    );
    let _ = child.kill();
    let _ = child.wait();
}
