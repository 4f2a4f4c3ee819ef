//! The browser client's files load like a product's: compressed in the encoding the browser
//! accepts, tagged, so a reload is answered 304 with no body, and the same bytes whatever
//! the encoding.

use std::collections::HashMap;
use std::io::Read;

use hotseat_tests::server::TestServer;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

struct Answer {
    status: u16,
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

async fn get(server: &TestServer, path: &str, headers: &[(&str, &str)]) -> Answer {
    let mut stream = TcpStream::connect(server.addr).await.expect("connects");
    let mut request = format!(
        "GET {path} HTTP/1.1\r\nhost: {}\r\nconnection: close\r\n",
        server.addr
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).await.expect("writes");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("reads");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a head");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Answer {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .expect("valid brotli");
    out
}

fn ungzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("valid gzip");
    out
}

#[tokio::test]
async fn files_come_compressed_as_accepted_and_unpack_to_the_same_bytes() {
    let server = TestServer::start().await;
    for path in [
        "/",
        "/r/AAAAAAAAAAAAAAAAAAAAAA",
        "/assets/js/room.js",
        "/assets/app.css",
    ] {
        let plain = get(&server, path, &[]).await;
        assert_eq!(plain.status, 200, "{path}");
        assert_eq!(plain.headers.get("content-encoding"), None, "{path}");
        let br = get(
            &server,
            path,
            &[("accept-encoding", "gzip, deflate, br, zstd")],
        )
        .await;
        assert_eq!(br.status, 200);
        assert_eq!(br.headers["content-encoding"], "br", "{path}");
        assert_eq!(br.headers["vary"], "accept-encoding");
        assert!(
            br.body.len() * 2 < plain.body.len(),
            "{path}: brotli at least halves it"
        );
        assert_eq!(unbrotli(&br.body), plain.body, "{path}");
        let gz = get(&server, path, &[("accept-encoding", "gzip")]).await;
        assert_eq!(gz.headers["content-encoding"], "gzip", "{path}");
        assert_eq!(ungzip(&gz.body), plain.body, "{path}");
        // Each encoding has its own tag; the security headers are on every one.
        assert_ne!(br.headers["etag"], plain.headers["etag"]);
        assert_ne!(gz.headers["etag"], br.headers["etag"]);
        for answer in [&plain, &br, &gz] {
            assert!(answer.headers.contains_key("content-security-policy"));
            assert_eq!(answer.headers["cache-control"], "no-cache");
            assert_eq!(answer.headers["x-content-type-options"], "nosniff");
        }
    }
    server.shutdown().await;
}

#[tokio::test]
async fn a_reload_with_the_tag_gets_304_and_no_body() {
    let server = TestServer::start().await;
    let first = get(&server, "/assets/js/state.js", &[("accept-encoding", "br")]).await;
    let etag = first.headers["etag"].clone();
    let again = get(
        &server,
        "/assets/js/state.js",
        &[("accept-encoding", "br"), ("if-none-match", &etag)],
    )
    .await;
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(again.headers["etag"], etag);
    assert!(again.headers.contains_key("content-security-policy"));
    // A tag from another encoding names the same content; another file's tag does not.
    let plain_tag = get(&server, "/assets/js/state.js", &[]).await.headers["etag"].clone();
    let cross = get(
        &server,
        "/assets/js/state.js",
        &[("accept-encoding", "br"), ("if-none-match", &plain_tag)],
    )
    .await;
    assert_eq!(cross.status, 304);
    let other = get(
        &server,
        "/assets/js/room.js",
        &[("accept-encoding", "br"), ("if-none-match", &etag)],
    )
    .await;
    assert_eq!(other.status, 200);
    assert!(!other.body.is_empty());
    server.shutdown().await;
}

#[tokio::test]
async fn an_unknown_file_is_404() {
    let server = TestServer::start().await;
    let answer = get(&server, "/assets/js/nope.js", &[("accept-encoding", "br")]).await;
    assert_eq!(answer.status, 404);
    server.shutdown().await;
}
