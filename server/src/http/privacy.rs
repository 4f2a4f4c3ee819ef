//! A member's own data and the deletion of a circle, over HTTP. Credentials travel in the
//! `Authorization: Bearer` header, never in a URL: the member's seat token for their own
//! data, the facilitator secret for the circle. A header can't be sent cross-site without a
//! CORS preflight, which this server never grants.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hotseat_protocol::ErrorCode;
use serde::Deserialize;
use tokio::sync::oneshot;

use super::AppState;
use crate::room::RoomMsg;
use crate::store::MemberData;

#[derive(Debug, Deserialize)]
pub struct ExportFormat {
    #[serde(default)]
    format: Option<String>,
}

/// `GET /api/circles/{room}/me[?format=markdown]`
pub async fn export(
    State(state): State<AppState>,
    Path(room): Path<String>,
    Query(format): Query<ExportFormat>,
    headers: HeaderMap,
) -> Response {
    let data = match ask_with(&state, &room, &headers, |token, reply| RoomMsg::Export {
        token,
        reply,
    })
    .await
    {
        Ok(data) => data,
        Err(response) => return response,
    };
    if format.format.as_deref() == Some("markdown") {
        return super::attachment(
            markdown(&data),
            "text/markdown; charset=utf-8",
            "my-hotseat-data.md",
        );
    }
    Json(data).into_response()
}

/// `GET /api/circles/{room}/commitments`: the circle's commitments across its meetings.
pub async fn history(
    State(state): State<AppState>,
    Path(room): Path<String>,
    headers: HeaderMap,
) -> Response {
    match ask_with(&state, &room, &headers, |token, reply| RoomMsg::History {
        token,
        reply,
    })
    .await
    {
        Ok(commitments) => Json(serde_json::json!({ "commitments": commitments })).into_response(),
        Err(response) => response,
    }
}

/// `DELETE /api/circles/{room}/me`: erase the member's data.
pub async fn erase(
    State(state): State<AppState>,
    Path(room): Path<String>,
    headers: HeaderMap,
) -> Response {
    match ask_with(&state, &room, &headers, |token, reply| RoomMsg::Erase {
        token,
        reply,
    })
    .await
    {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(response) => response,
    }
}

/// `DELETE /api/circles/{room}`: the facilitator deletes the whole circle.
pub async fn delete(
    State(state): State<AppState>,
    Path(room): Path<String>,
    headers: HeaderMap,
) -> Response {
    match ask_with(&state, &room, &headers, |secret, reply| RoomMsg::Delete {
        secret,
        reply,
    })
    .await
    {
        Ok(()) => {
            state.hub.remove(&room);
            StatusCode::NO_CONTENT.into_response()
        }
        Err(response) => response,
    }
}

/// Reads the bearer credential, builds the room message with it, and waits for the answer.
async fn ask_with<T>(
    state: &AppState,
    room: &str,
    headers: &HeaderMap,
    message: impl FnOnce(String, oneshot::Sender<Result<T, ErrorCode>>) -> RoomMsg,
) -> Result<T, Response> {
    let Some(credential) = bearer(headers) else {
        // No credential is not a wrong one: say what is missing, not that a seat was lost.
        let mut response = refused(StatusCode::UNAUTHORIZED, ErrorCode::MissingCredential);
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            axum::http::HeaderValue::from_static("Bearer"),
        );
        return Err(response);
    };
    let (reply, answer) = oneshot::channel();
    ask(state, room, message(credential, reply), answer).await
}

/// Sends `msg` to the room and waits for its answer.
async fn ask<T>(
    state: &AppState,
    room: &str,
    msg: RoomMsg,
    answer: oneshot::Receiver<Result<T, ErrorCode>>,
) -> Result<T, Response> {
    let handle = match state.open_room(room).await {
        Ok(handle) => handle,
        Err(code) => return Err(refused(status_for(code), code)),
    };
    if !handle.send(msg).await {
        return Err(refused(StatusCode::NOT_FOUND, ErrorCode::UnknownRoom));
    }
    match answer.await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(code)) => Err(refused(status_for(code), code)),
        Err(_) => Err(refused(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
        )),
    }
}

fn status_for(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::InvalidToken | ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        ErrorCode::NotEligible => StatusCode::CONFLICT,
        ErrorCode::UnknownRoom => StatusCode::NOT_FOUND,
        ErrorCode::ServerBusy => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn refused(status: StatusCode, code: ErrorCode) -> Response {
    let body = serde_json::json!({
        "error": { "code": code, "field": null, "message": code.default_message() }
    });
    (status, Json(body)).into_response()
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    value
        .strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// The member's data as a readable Markdown document. Their own words go in as written; a
/// Markdown file is text, not a web page.
pub fn markdown(data: &MemberData) -> String {
    let mut out = format!(
        "# Your data in the circle \"{}\"\n\nName: {}\n\n## Commitments\n\n",
        data.circle, data.name
    );
    if data.commitments.is_empty() {
        out.push_str("None yet.\n");
    }
    for c in &data.commitments {
        let due = c
            .due
            .as_deref()
            .map(|d| format!(" (due {d})"))
            .unwrap_or_default();
        out.push_str(&format!("- Meeting {}: {}{}\n", c.meeting, c.text, due));
        for r in &c.reports {
            let status = serde_json::to_string(&r.status).unwrap_or_default();
            out.push_str(&format!(
                "  - reported at meeting {}: {}\n",
                r.meeting,
                status.trim_matches('"')
            ));
        }
    }
    let attended: Vec<String> = data.meetings_attended.iter().map(u32::to_string).collect();
    out.push_str(&format!(
        "\n## Meetings attended\n\n{}\n",
        if attended.is_empty() {
            "None yet.".to_owned()
        } else {
            attended.join(", ")
        }
    ));
    out
}
