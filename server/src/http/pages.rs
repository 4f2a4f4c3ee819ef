//! The browser client's files, embedded in the binary (so `cargo run` is all a user needs)
//! and served with headers that keep the page to itself: nothing loads from elsewhere, no
//! inline script runs, and the room link never leaks through a referrer.

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "../web-client/"]
#[include = "*.html"]
#[include = "assets/*"]
struct Client;

/// Only same-origin scripts, styles, images and sockets; no framing, no plugins.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; media-src 'self' data:; manifest-src 'self'; \
                   base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

pub async fn start() -> Response {
    file("index.html")
}

pub async fn room() -> Response {
    file("room.html")
}

pub async fn asset(Path(path): Path<String>) -> Response {
    file(&format!("assets/{path}"))
}

fn file(path: &str) -> Response {
    let Some(content) = Client::get(path) else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let mime = match path.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("json") => "application/json",
        Some("wav") => "audio/wav",
        _ => "application/octet-stream",
    };
    let mut response = content.data.into_owned().into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
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
    // Pages are tiny; always fresh avoids a stale client talking to a newer server.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}
