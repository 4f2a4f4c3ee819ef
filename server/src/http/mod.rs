//! The HTTP side: routes, shared state, the WebSocket upgrade with its origin check.

pub mod api;
mod assets;
mod calendar;
pub mod client_addr;
pub mod create_code;
pub mod edge;
pub mod limits;
mod origin;
mod pages;
mod privacy;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{ConnectInfo, Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};

pub use edge::EdgePolicy;
pub use origin::OriginPolicy;

use hotseat_protocol::ErrorCode;

use crate::hub::{Hub, HubError};
use crate::net::SharedTcp;
use crate::room::RoomHandle;
use crate::secret::looks_like_room_id;
use crate::serve::ConnSlot;
use crate::ws::connection::{self, ConnContext};
use crate::ws::upgrade;

/// What every request handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub hub: Arc<Hub>,
    pub public_url: Arc<str>,
    pub origins: Arc<OriginPolicy>,
    pub edge: Arc<EdgePolicy>,
    pub conn: ConnContext,
    /// `/metrics` on the public listener (false when `--metrics-listen` gives it its own).
    pub metrics_public: bool,
}

impl AppState {
    /// The room a path names, opened from storage if it is asleep; the error a client gets
    /// otherwise (`unknown_room`, `server_busy`, `internal`).
    pub async fn open_room(&self, room: &str) -> Result<RoomHandle, ErrorCode> {
        if !looks_like_room_id(room) {
            return Err(ErrorCode::UnknownRoom);
        }
        match self.hub.open(room).await {
            Ok(Some(handle)) => Ok(handle),
            Ok(None) => Err(ErrorCode::UnknownRoom),
            Err(HubError::Full) => Err(ErrorCode::ServerBusy),
            Err(HubError::Store(error)) => {
                tracing::error!(%error, "cannot open a room from storage");
                Err(ErrorCode::Internal)
            }
        }
    }
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::start))
        .route("/r/{room}", get(pages::room))
        .route("/r/{room}/next-meeting.ics", get(calendar::next_meeting))
        .route("/assets/{*path}", get(pages::asset))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/api/config", get(api::config))
        .route("/api/circles", post(api::create_circle))
        .route("/api/circles/{room}", delete(privacy::delete))
        .route(
            "/api/circles/{room}/me",
            get(privacy::export).delete(privacy::erase),
        )
        .route("/api/circles/{room}/commitments", get(privacy::history))
        .route("/ws/{room}", get(websocket))
        .merge(if state.metrics_public {
            metrics_routes()
        } else {
            Router::new()
        })
        .with_state(state)
}

/// `/metrics` alone, served on `--metrics-listen`.
pub fn metrics_router(state: AppState) -> Router {
    metrics_routes().with_state(state)
}

fn metrics_routes() -> Router<AppState> {
    Router::new().route("/metrics", get(metrics))
}

async fn metrics(State(state): State<AppState>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.hub.metrics.render(),
    )
        .into_response()
}

/// Ready to serve: storage takes writes and its writer thread answers within a second.
/// Unlike `/healthz` (the process lives), a load balancer should stop sending circles here
/// while this fails. The reason goes to the log, not to the caller.
async fn readyz(State(state): State<AppState>) -> Response {
    match state.hub.store().health(Duration::from_secs(1)).await {
        Ok(()) => "ready".into_response(),
        Err(error) => {
            tracing::warn!(%error, "not ready: storage does not take writes");
            (StatusCode::SERVICE_UNAVAILABLE, "storage unavailable").into_response()
        }
    }
}

/// The WebSocket upgrade. A browser page from another origin is refused before any upgrade,
/// so is an address over its upgrade rate (429); an unknown room still upgrades, so the
/// client gets a typed `unknown_room` error.
async fn websocket(
    State(state): State<AppState>,
    Path(room): Path<String>,
    ConnectInfo(tcp): ConnectInfo<SharedTcp>,
    mut req: Request,
) -> Response {
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .map(|v| v.to_str().unwrap_or("\u{0}"));
    if !state.origins.allows(origin) {
        return (StatusCode::FORBIDDEN, "origin not allowed").into_response();
    }
    if let Err(too_many) = state
        .edge
        .admit(edge::Limited::Upgrade, state.edge.client_ip(&req))
    {
        return too_many;
    }
    // The WebSocket keeps the connection's place under the cap for as long as it lives.
    let slot = req.extensions().get::<ConnSlot>().cloned();
    let (answer, on_upgrade) = match upgrade::accept(&mut req) {
        Ok(accepted) => accepted,
        Err(refused) => return refused,
    };
    let handle = state.open_room(&room).await;
    let ctx = state.conn.clone();
    tokio::spawn(async move {
        let _slot = slot;
        if let Some((tcp, read_ahead)) = upgrade::socket(on_upgrade, tcp).await {
            connection::run(tcp, read_ahead, handle, ctx).await;
        }
    });
    answer
}

/// A file to download: `body` of `content_type`, saved as `filename` (both fixed by us).
fn attachment(body: String, content_type: &'static str, filename: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}
