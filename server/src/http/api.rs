//! `POST /api/circles`: create a circle and its live room; answer with the two links.

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use hotseat_protocol::Settings;
use hotseat_protocol::limits::CIRCLE_NAME_MAX_CHARS;
use serde::{Deserialize, Serialize};

use super::AppState;
use super::edge::{Limited, too_many};
use crate::clock::Clock;
use crate::engine::{MeetingSetup, RuleError, text};
use crate::hub::HubError;
use crate::serve::Peer;

/// The request body. Only `name` is required.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateCircle {
    pub name: String,
    #[serde(default)]
    pub norms: Option<Vec<String>>,
    #[serde(default)]
    pub settings: Option<Settings>,
    #[serde(default)]
    pub facilitator_name: Option<String>,
    /// The server's creation code, when it has one (`GET /api/config` says).
    #[serde(default)]
    pub create_code: Option<String>,
}

/// `GET /api/config`: what the start page needs to know before it asks for anything.
#[derive(Debug, Serialize, Deserialize)]
pub struct PublicConfig {
    pub create_code_required: bool,
}

pub async fn config(State(state): State<AppState>) -> Json<PublicConfig> {
    Json(PublicConfig {
        create_code_required: state.edge.create_code.is_some(),
    })
}

/// The answer: the members' link and the facilitator's (its secret in the `#fragment`).
#[derive(Debug, Serialize, Deserialize)]
pub struct CircleCreated {
    pub room: String,
    pub join_url: String,
    pub facilitator_url: String,
}

/// Why the API refused a request. Sent as `{"error": {"code", "field", "message"}}`.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("The body is not valid JSON.")]
    MalformedJson,
    #[error("{message}")]
    InvalidField { field: String, message: String },
    #[error("This server holds its maximum number of live rooms; try again later.")]
    ServerFull,
    #[error("Creating a circle on this server needs its creation code.")]
    CreateCode,
    #[error("Too many circles were created from your address.")]
    RateLimited(Duration),
    #[error("The circle could not be saved. Please try again.")]
    Storage,
}

impl ApiError {
    fn field(field: &str, error: &RuleError) -> ApiError {
        ApiError::InvalidField {
            field: field.to_owned(),
            message: error.to_string(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::RateLimited(wait) = self {
            return too_many(Limited::Create, wait);
        }
        let (status, code, field) = match &self {
            ApiError::MalformedJson => (StatusCode::BAD_REQUEST, "malformed_json", None),
            ApiError::InvalidField { field, .. } => (
                StatusCode::BAD_REQUEST,
                "invalid_field",
                Some(field.clone()),
            ),
            ApiError::ServerFull => (StatusCode::SERVICE_UNAVAILABLE, "server_full", None),
            ApiError::Storage => (StatusCode::INTERNAL_SERVER_ERROR, "storage", None),
            ApiError::CreateCode => (
                StatusCode::FORBIDDEN,
                "create_code",
                Some("create_code".to_owned()),
            ),
            ApiError::RateLimited(_) => (StatusCode::TOO_MANY_REQUESTS, "rate_limited", None),
        };
        let body = serde_json::json!({
            "error": { "code": code, "field": field, "message": self.to_string() }
        });
        (status, Json(body)).into_response()
    }
}

impl From<HubError> for ApiError {
    fn from(error: HubError) -> Self {
        match error {
            HubError::Full => ApiError::ServerFull,
            HubError::Store(error) => {
                tracing::error!(%error, "could not store a new circle");
                ApiError::Storage
            }
        }
    }
}

pub async fn create_circle(
    State(state): State<AppState>,
    peer: Option<Extension<Peer>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<CircleCreated>), ApiError> {
    // Every attempt counts, also a wrong code: that slows guessing it too.
    let client = state.edge.client_ip_of(peer.as_deref(), &headers);
    if let Some(client) = client {
        state
            .edge
            .create
            .check(client, std::time::Instant::now())
            .map_err(ApiError::RateLimited)?;
    }
    let request = parse(&body)?;
    if let Some(code) = &state.edge.create_code {
        let given = request.create_code.as_deref().unwrap_or("");
        if !code.matches(given) {
            return Err(ApiError::CreateCode);
        }
    }
    let setup = setup_from(request)?;
    let room = state.hub.create(setup, Clock::new().now()).await?;
    let base = state.public_url.trim_end_matches('/');
    let created = CircleCreated {
        join_url: format!("{base}/r/{}", room.id),
        facilitator_url: format!(
            "{base}/r/{}#f={}",
            room.id,
            room.facilitator_secret.expose()
        ),
        room: room.id.to_string(),
    };
    Ok((StatusCode::CREATED, Json(created)))
}

/// Parses the body, naming the field at fault when it does not fit, and the shape it should
/// have, never the body's own text (an unknown key or a value sent).
fn parse(body: &[u8]) -> Result<CreateCircle, ApiError> {
    let error = match serde_json::from_slice::<CreateCircle>(body) {
        Ok(request) => return Ok(request),
        Err(error) => error,
    };
    // serde stops at the first problem, which may come before the JSON itself breaks
    // (`[1, 2` is a type error at `1`): a body that is not JSON at all is malformed.
    let value = serde_json::from_slice::<serde_json::Value>(body);
    let (Ok(value), serde_json::error::Category::Data) = (value, error.classify()) else {
        return Err(ApiError::MalformedJson);
    };
    let (field, message) = match crate::misfit::check_at::<CreateCircle>(&value) {
        Err((field, misfit)) => (field, format!("The request does not fit: {misfit}.")),
        // serde_json refuses a duplicate key that a `Value` keeps once.
        Ok(_) => (String::new(), "The request does not fit.".to_owned()),
    };
    Err(ApiError::InvalidField {
        field: if field.is_empty() {
            ".".to_owned()
        } else {
            field
        },
        message,
    })
}

fn setup_from(request: CreateCircle) -> Result<MeetingSetup, ApiError> {
    let name = request.name.trim();
    let name_ok = !name.is_empty()
        && name.chars().count() <= CIRCLE_NAME_MAX_CHARS
        && !name.chars().any(char::is_control);
    if !name_ok {
        return Err(ApiError::InvalidField {
            field: "name".into(),
            message: "A circle's name is 1 to 80 characters.".into(),
        });
    }
    let mut setup = MeetingSetup::new(name);
    if let Some(norms) = request.norms {
        setup.norms = text::norms(&norms).map_err(|e| ApiError::field("norms", &e))?;
    }
    if let Some(settings) = request.settings {
        if let Some(field) = settings.time_boxes.invalid_field() {
            return Err(ApiError::InvalidField {
                field: format!("settings.time_boxes.{field}"),
                message: "Time boxes are 10 seconds to 2 hours.".into(),
            });
        }
        setup.settings = settings;
    }
    if let Some(facilitator) = request.facilitator_name {
        setup.facilitator_name =
            text::name(&facilitator).map_err(|e| ApiError::field("facilitator_name", &e))?;
    }
    Ok(setup)
}
