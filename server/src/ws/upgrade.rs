//! The WebSocket opening handshake (RFC 6455, section 4.2.2) on hyper's upgrade, keeping
//! the TCP socket itself, so a room can write its frames straight into it (`outbound`).

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

use hotseat_protocol::limits::MESSAGE_MAX_BYTES;
use hyper::upgrade::{OnUpgrade, Upgraded};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;

use crate::net::SharedTcp;

/// Checks an upgrade request. On success: the `101 Switching Protocols` answer, and the
/// upgrade that resolves once it has been sent.
#[allow(clippy::result_large_err)]
pub fn accept(req: &mut Request) -> Result<(Response, OnUpgrade), Response> {
    let refuse = |status: StatusCode, why: &'static str| (status, why).into_response();
    if req.method() != Method::GET {
        return Err(refuse(
            StatusCode::METHOD_NOT_ALLOWED,
            "a WebSocket upgrade is a GET",
        ));
    }
    let headers = req.headers();
    if !has_token(headers, header::CONNECTION, "upgrade")
        || !has_token(headers, header::UPGRADE, "websocket")
    {
        return Err(refuse(
            StatusCode::BAD_REQUEST,
            "expected a WebSocket upgrade (Connection: upgrade, Upgrade: websocket)",
        ));
    }
    if headers
        .get(header::SEC_WEBSOCKET_VERSION)
        .is_none_or(|v| v.as_bytes() != b"13")
    {
        let mut answer = refuse(
            StatusCode::UPGRADE_REQUIRED,
            "only WebSocket version 13 is spoken here",
        );
        answer.headers_mut().insert(
            header::SEC_WEBSOCKET_VERSION,
            HeaderValue::from_static("13"),
        );
        return Err(answer);
    }
    let Some(key) = headers.get(header::SEC_WEBSOCKET_KEY) else {
        return Err(refuse(StatusCode::BAD_REQUEST, "missing Sec-WebSocket-Key"));
    };
    if !is_valid_key(key.as_bytes()) {
        return Err(refuse(
            StatusCode::BAD_REQUEST,
            "Sec-WebSocket-Key must be base64 of 16 bytes",
        ));
    }
    let accept_key = derive_accept_key(key.as_bytes());
    let Some(on_upgrade) = req.extensions_mut().remove::<OnUpgrade>() else {
        return Err(refuse(
            StatusCode::UPGRADE_REQUIRED,
            "this connection cannot be upgraded",
        ));
    };
    let mut answer = Response::new(Body::empty());
    *answer.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
    let answer_headers = answer.headers_mut();
    answer_headers.insert(header::CONNECTION, HeaderValue::from_static("upgrade"));
    answer_headers.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
    if let Ok(value) = HeaderValue::from_str(&accept_key) {
        answer_headers.insert(header::SEC_WEBSOCKET_ACCEPT, value);
    }
    Ok((answer, on_upgrade))
}

/// Once the `101` is sent: the socket, and any bytes hyper had read past the request (a
/// client should wait for the `101`, but one may not). `None` if the client went away.
pub async fn socket(on_upgrade: OnUpgrade, tcp: SharedTcp) -> Option<(Arc<TcpStream>, Vec<u8>)> {
    let mut upgraded = on_upgrade.await.ok()?;
    let read_ahead = read_ahead(&mut upgraded);
    // hyper's handle on the socket goes; the shared socket lives on.
    drop(upgraded);
    Some((tcp.0, read_ahead))
}

/// What the upgraded connection yields without waiting: hyper's buffer, then whatever the
/// socket already holds (bounded: the rest is read as frames).
fn read_ahead(upgraded: &mut Upgraded) -> Vec<u8> {
    let mut cx = Context::from_waker(Waker::noop());
    let mut taken = Vec::new();
    let mut chunk = [0u8; 4096];
    while taken.len() < MESSAGE_MAX_BYTES {
        let mut buf = hyper::rt::ReadBuf::new(&mut chunk);
        match hyper::rt::Read::poll_read(Pin::new(&mut *upgraded), &mut cx, buf.unfilled()) {
            Poll::Ready(Ok(())) if !buf.filled().is_empty() => {
                taken.extend_from_slice(buf.filled());
            }
            _ => break,
        }
    }
    taken
}

/// Whether a `Sec-WebSocket-Key` is what section 4.1 asks for: 16 bytes, base64-encoded
/// (24 characters, canonical padding).
fn is_valid_key(key: &[u8]) -> bool {
    use base64::Engine;
    key.len() == 24
        && base64::engine::general_purpose::STANDARD
            .decode(key)
            .is_ok_and(|bytes| bytes.len() == 16)
}

/// Whether a comma-separated header holds `token` (case-insensitive).
fn has_token(headers: &HeaderMap, name: header::HeaderName, token: &str) -> bool {
    headers.get_all(name).iter().any(|value| {
        value
            .to_str()
            .unwrap_or("")
            .split(',')
            .any(|part| part.trim().eq_ignore_ascii_case(token))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(headers: &[(&'static str, &'static str)]) -> Request {
        let mut builder = Request::builder().method(Method::GET).uri("/ws/x");
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(Body::empty()).unwrap()
    }

    const GOOD: [(&str, &str); 4] = [
        ("connection", "keep-alive, Upgrade"),
        ("upgrade", "websocket"),
        ("sec-websocket-version", "13"),
        ("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ=="),
    ];

    fn status_without(name: &str) -> StatusCode {
        let headers: Vec<_> = GOOD.iter().copied().filter(|(n, _)| *n != name).collect();
        match accept(&mut request(&headers)) {
            Ok(_) => StatusCode::SWITCHING_PROTOCOLS,
            Err(answer) => answer.status(),
        }
    }

    #[test]
    fn each_missing_handshake_header_is_refused_with_its_status() {
        assert_eq!(status_without("connection"), StatusCode::BAD_REQUEST);
        assert_eq!(status_without("upgrade"), StatusCode::BAD_REQUEST);
        assert_eq!(
            status_without("sec-websocket-version"),
            StatusCode::UPGRADE_REQUIRED
        );
        assert_eq!(status_without("sec-websocket-key"), StatusCode::BAD_REQUEST);
        // All headers present, but a request built by hand is not upgradable.
        assert_eq!(status_without("none"), StatusCode::UPGRADE_REQUIRED);
    }

    #[test]
    fn only_base64_of_16_bytes_is_a_key() {
        assert!(is_valid_key(b"dGhlIHNhbXBsZSBub25jZQ=="));
        assert!(is_valid_key(b"AAAAAAAAAAAAAAAAAAAAAA=="));
        for bad in [
            &b"abc"[..],
            b"",
            b"dGhlIHNhbXBsZSBub25jZQ",
            b"dGhlIHNhbXBsZSBub25jZQ===",
            b"AAAAAAAAAAAAAAAAAAAAAAA=",
            b"AAAAAAAAAAAAAAAAAAAAAB==",
            b"!!!!!!!!!!!!!!!!!!!!!!==",
            b" GhlIHNhbXBsZSBub25jZQ==",
        ] {
            assert!(!is_valid_key(bad), "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn the_accept_key_is_the_rfc_example() {
        // RFC 6455, section 1.3.
        assert_eq!(
            derive_accept_key(b"dGhlIHNhbXBsZSBub25jZQ=="),
            "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
        );
    }

    #[test]
    fn tokens_are_found_in_lists_in_any_case() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONNECTION,
            HeaderValue::from_static("keep-alive, UPGRADE"),
        );
        assert!(has_token(&headers, header::CONNECTION, "upgrade"));
        headers.insert(header::CONNECTION, HeaderValue::from_static("upgrades"));
        assert!(!has_token(&headers, header::CONNECTION, "upgrade"));
    }
}
