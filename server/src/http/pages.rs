//! The browser client's pages and files, embedded in the binary (so `cargo run` is all a
//! user needs; `assets.rs` compresses and tags them) and served with headers that keep the
//! page to itself: nothing loads from elsewhere, no inline script runs, and the room link
//! never leaks through a referrer.

use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;

use super::assets;

/// Only same-origin scripts, styles, images and sockets; no framing, no plugins.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; media-src 'self' data:; manifest-src 'self'; \
                   base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

pub async fn start(request: HeaderMap) -> Response {
    file("index.html", &request)
}

pub async fn room(request: HeaderMap) -> Response {
    file("room.html", &request)
}

pub async fn asset(Path(path): Path<String>, request: HeaderMap) -> Response {
    file(&format!("assets/{path}"), &request)
}

fn file(path: &str, request: &HeaderMap) -> Response {
    let mut response = assets::respond(path, request);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Revalidated on every load (a stale client must not talk to a newer server), but the
    // ETag makes that a 304 with no body unless the file changed.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}
