//! The HTTP side: routes, shared state, the WebSocket upgrade with its origin check.

pub mod api;
mod calendar;
mod origin;
mod pages;
mod privacy;

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State, WebSocketUpgrade};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use hotseat_protocol::limits::MESSAGE_MAX_BYTES;

pub use origin::OriginPolicy;

use crate::hub::Hub;
use crate::secret::looks_like_room_id;
use crate::ws::connection::{self, ConnContext};

/// Read buffer per connection, allocated up front: client messages are mostly a few hundred
/// bytes (16 KiB at most, read in several chunks), so 1 KiB keeps idle connections cheap
/// (measured: 14.9 -> 11.9 KiB per connection, BENCHMARKS.md).
const READ_BUFFER: usize = 1024;
/// Write buffer per connection before a flush is forced.
const WRITE_BUFFER: usize = 8 * 1024;

/// What every request handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub hub: Arc<Hub>,
    pub public_url: Arc<str>,
    pub origins: Arc<OriginPolicy>,
    pub conn: ConnContext,
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::start))
        .route("/r/{room}", get(pages::room))
        .route("/r/{room}/next-meeting.ics", get(calendar::next_meeting))
        .route("/assets/{*path}", get(pages::asset))
        .route("/healthz", get(|| async { "ok" }))
        .route("/metrics", get(metrics))
        .route("/api/circles", post(api::create_circle))
        .route("/api/circles/{room}", delete(privacy::delete))
        .route(
            "/api/circles/{room}/me",
            get(privacy::export).delete(privacy::erase),
        )
        .route("/api/circles/{room}/commitments", get(privacy::history))
        .route("/ws/{room}", get(upgrade))
        .with_state(state)
}

async fn metrics(State(state): State<AppState>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.hub.metrics.render(),
    )
        .into_response()
}

/// The WebSocket upgrade. A browser page from another origin is refused before any upgrade;
/// an unknown room still upgrades, so the client gets a typed `unknown_room` error.
async fn upgrade(
    State(state): State<AppState>,
    Path(room): Path<String>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    let origin = headers
        .get(header::ORIGIN)
        .map(|v| v.to_str().unwrap_or("\u{0}"));
    if !state.origins.allows(origin) {
        return (StatusCode::FORBIDDEN, "origin not allowed").into_response();
    }
    let handle = looks_like_room_id(&room)
        .then(|| state.hub.get(&room))
        .flatten();
    let ctx = state.conn.clone();
    ws.max_message_size(MESSAGE_MAX_BYTES)
        .max_frame_size(MESSAGE_MAX_BYTES)
        .read_buffer_size(READ_BUFFER)
        .write_buffer_size(WRITE_BUFFER)
        .on_upgrade(move |socket| connection::run(socket, handle, ctx))
}
