//! Anonymous visitors cannot lock out real circles: per-address rates on creating circles
//! and opening WebSockets (429 with Retry-After), client addresses believed from trusted
//! proxies only, and the optional creation code (403 without it).

use std::net::SocketAddr;

use futures_util::future::join_all;
use hotseat_server::config::{DEFAULT_CREATE_RATE, DEFAULT_UPGRADE_RATE};
use hotseat_server::http::client_addr::Cidr;
use hotseat_server::http::create_code::CreateCode;
use hotseat_server::http::limits::RateSpec;
use hotseat_tests::server::TestServer;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Error as WsError;

/// One HTTP exchange: status, headers (lower-case names) and the JSON body.
async fn exchange(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: &str,
    headers: &[(&str, &str)],
) -> (u16, Vec<(String, String)>, Value) {
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    let mut socket = TcpStream::connect(addr).await.expect("connects");
    socket.write_all(request.as_bytes()).await.expect("writes");
    let mut raw = Vec::new();
    socket.read_to_end(&mut raw).await.expect("reads");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").expect("a whole answer");
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    (
        status,
        headers,
        serde_json::from_str(body).unwrap_or(Value::Null),
    )
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

async fn create(server: &TestServer, body: &Value, headers: &[(&str, &str)]) -> (u16, Value) {
    let (status, answer_headers, answer) = exchange(
        server.addr,
        "POST",
        "/api/circles",
        &body.to_string(),
        headers,
    )
    .await;
    if status == 429 {
        let retry: u64 = header(&answer_headers, "retry-after")
            .expect("a 429 says when to retry")
            .parse()
            .expect("whole seconds");
        assert!(retry >= 1, "{retry}");
    }
    (status, answer)
}

fn rate(text: &str) -> RateSpec {
    text.parse().expect("a rate")
}

#[tokio::test]
async fn an_address_past_its_creation_rate_gets_429_with_retry_after() {
    let server = TestServer::start_with(|c| c.create_rate = rate("3/1h")).await;
    let body = json!({ "name": "Circle" });
    for _ in 0..3 {
        assert_eq!(create(&server, &body, &[]).await.0, 201);
    }
    let (status, answer) = create(&server, &body, &[]).await;
    assert_eq!(status, 429, "{answer}");
    assert_eq!(answer["error"]["code"], "rate_limited");
    assert!(answer["error"]["field"].is_null());
    // One token every 20 minutes: the wait is stated, in seconds.
    let (_, headers, _) = exchange(server.addr, "POST", "/api/circles", "{}", &[]).await;
    let retry: u64 = header(&headers, "retry-after").unwrap().parse().unwrap();
    assert!((1..=1200).contains(&retry), "{retry}");
    // Without trusted proxies a forwarding header changes nothing: still this address.
    let spoofed = [("x-forwarded-for", "198.51.100.1")];
    assert_eq!(create(&server, &body, &spoofed).await.0, 429);
    // Other requests are not limited by it.
    assert_eq!(server.get("/healthz").await.0, 200);
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_rate() {
    let server = TestServer::start_with(|c| {
        c.create_rate = rate("2/1h");
        c.trusted_proxies = vec!["127.0.0.0/8".parse::<Cidr>().unwrap()];
    })
    .await;
    let body = json!({ "name": "Circle" });
    let alice = [("x-forwarded-for", "203.0.113.1")];
    assert_eq!(create(&server, &body, &alice).await.0, 201);
    assert_eq!(create(&server, &body, &alice).await.0, 201);
    assert_eq!(create(&server, &body, &alice).await.0, 429);
    // A spoofed leftmost entry does not make Alice someone else: the proxy appended her.
    let spoofing = [("x-forwarded-for", "192.0.2.77, 203.0.113.1")];
    assert_eq!(create(&server, &body, &spoofing).await.0, 429);
    // Another client behind the same proxy is not held back by Alice.
    let bob = [("x-forwarded-for", "203.0.113.2")];
    assert_eq!(create(&server, &body, &bob).await.0, 201);
    // `Forwarded` works as well, IPv6 counted by its /64.
    let carol = [("forwarded", "for=\"[2001:db8:5:6::1]:4711\";proto=https")];
    let carol_again = [("forwarded", "for=\"[2001:db8:5:6::ff]\"")];
    assert_eq!(create(&server, &body, &carol).await.0, 201);
    assert_eq!(create(&server, &body, &carol_again).await.0, 201);
    assert_eq!(create(&server, &body, &carol).await.0, 429);
}

#[tokio::test]
async fn an_address_past_its_upgrade_rate_gets_429_before_the_upgrade() {
    let server = TestServer::start_with(|c| c.upgrade_rate = rate("3/1m")).await;
    let circle = server.create_circle("Busy").await;
    let mut open = Vec::new();
    for _ in 0..3 {
        open.push(server.connect(&circle.room).await);
    }
    match server
        .connect_with_origin(&circle.room, Some(&server.public_url))
        .await
    {
        Err(WsError::Http(response)) => {
            assert_eq!(response.status().as_u16(), 429);
            assert!(response.headers().contains_key("retry-after"));
            let body: Value =
                serde_json::from_slice(response.body().as_deref().unwrap_or(b"null")).unwrap();
            assert_eq!(body["error"]["code"], "rate_limited");
        }
        Err(other) => panic!("expected a 429, got {other}"),
        Ok(_) => panic!("a fourth upgrade within the minute was let through"),
    }
    // The open connections are not disturbed.
    let (mut ana, _) = (open.remove(0), ());
    assert!(ana.hello_name("Ana").await.is_ok());
}

#[tokio::test]
async fn with_the_default_rates_eight_circles_reconnecting_at_once_from_one_address_pass() {
    // The shipped defaults, not the test harness's (which turns the limits off).
    let defaults = hotseat_server::Config::default_for("127.0.0.1:0".parse().unwrap());
    assert_eq!(defaults.create_rate, RateSpec::Off);
    let server = TestServer::start_with(|c| {
        c.create_rate = rate(DEFAULT_CREATE_RATE);
        c.upgrade_rate = rate(DEFAULT_UPGRADE_RATE);
    })
    .await;
    let mut circles = Vec::new();
    for i in 0..8 {
        circles.push(server.create_circle(&format!("Office circle {i}")).await);
    }
    // Seven sockets per circle, all at once, as after a server restart.
    let opened = join_all(
        circles
            .iter()
            .flat_map(|c| std::iter::repeat_n(c.room.clone(), 7))
            .map(|room| {
                let server = &server;
                async move {
                    server
                        .connect_with_origin(&room, Some(&server.public_url))
                        .await
                }
            }),
    )
    .await;
    let refused = opened.iter().filter(|r| r.is_err()).count();
    assert_eq!(refused, 0, "a real office's circles were rate limited");
}

#[tokio::test]
async fn with_a_creation_code_only_those_who_know_it_create_circles() {
    let server =
        TestServer::start_with(|c| c.create_code = Some(CreateCode::new("open sesame"))).await;
    let (status, config) = server.get("/api/config").await;
    assert_eq!(status, 200);
    let config: Value = serde_json::from_str(&config).unwrap();
    assert_eq!(config, json!({ "create_code_required": true }));

    for body in [
        json!({ "name": "Circle" }),
        json!({ "name": "Circle", "create_code": "open sesam" }),
        json!({ "name": "Circle", "create_code": "" }),
    ] {
        let (status, answer) = create(&server, &body, &[]).await;
        assert_eq!(status, 403, "{body}: {answer}");
        assert_eq!(answer["error"]["code"], "create_code");
        assert_eq!(answer["error"]["field"], "create_code");
        assert!(!answer.to_string().contains("sesam"), "{answer}");
    }
    let right = json!({ "name": "Circle", "create_code": "open sesame" });
    assert_eq!(create(&server, &right, &[]).await.0, 201);
}

#[tokio::test]
async fn without_a_creation_code_the_start_page_is_told_none_is_needed() {
    let server = TestServer::start().await;
    let (_, config) = server.get("/api/config").await;
    let config: Value = serde_json::from_str(&config).unwrap();
    assert_eq!(config, json!({ "create_code_required": false }));
    // A code sent anyway is ignored.
    let body = json!({ "name": "Circle", "create_code": "anything" });
    assert_eq!(create(&server, &body, &[]).await.0, 201);
}
