//! What the HTTP edge decides per request: who the client is (trusted proxies), whether its
//! address may create a circle or open a WebSocket now (rate limits), and the creation code.

use std::net::IpAddr;
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::client_addr::TrustedProxies;
use super::create_code::CreateCode;
use super::limits::{AddressLimiter, RateSpec};
use crate::serve::Peer;

/// How often addresses whose buckets have refilled are forgotten.
const SWEEP_EVERY: Duration = Duration::from_secs(60);

#[derive(Debug)]
pub struct EdgePolicy {
    pub trusted: TrustedProxies,
    pub create: AddressLimiter,
    pub upgrade: AddressLimiter,
    pub create_code: Option<CreateCode>,
}

/// Which rate limit a request ran into.
#[derive(Debug, Clone, Copy)]
pub enum Limited {
    Create,
    Upgrade,
}

impl EdgePolicy {
    pub fn new(
        trusted: TrustedProxies,
        create: RateSpec,
        upgrade: RateSpec,
        create_code: Option<CreateCode>,
    ) -> Arc<EdgePolicy> {
        let policy = Arc::new(EdgePolicy {
            trusted,
            create: AddressLimiter::new(create),
            upgrade: AddressLimiter::new(upgrade),
            create_code,
        });
        spawn_sweeper(Arc::downgrade(&policy));
        policy
    }

    /// The client's address for `req` (the peer, or what a trusted proxy says).
    pub fn client_ip(&self, req: &Request) -> Option<IpAddr> {
        self.client_ip_of(req.extensions().get::<Peer>(), req.headers())
    }

    pub fn client_ip_of(&self, peer: Option<&Peer>, headers: &HeaderMap) -> Option<IpAddr> {
        Some(self.trusted.client_ip(peer?.0, headers))
    }

    /// Takes a token for this request's client from `which` limit, or the 429 to answer.
    #[allow(clippy::result_large_err)]
    pub fn admit(&self, which: Limited, client: Option<IpAddr>) -> Result<(), Response> {
        let Some(client) = client else {
            return Ok(());
        };
        let limiter = match which {
            Limited::Create => &self.create,
            Limited::Upgrade => &self.upgrade,
        };
        limiter
            .check(client, Instant::now())
            .map_err(|wait| too_many(which, wait))
    }
}

/// `429 Too Many Requests` with `Retry-After` (whole seconds, rounded up) and the API's
/// typed error body.
pub fn too_many(which: Limited, wait: Duration) -> Response {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let secs = secs.max(1);
    let what = match which {
        Limited::Create => "Too many circles were created from your address",
        Limited::Upgrade => "Too many connections were opened from your address",
    };
    let body = serde_json::json!({ "error": {
        "code": "rate_limited",
        "field": null,
        "message": format!("{what}; try again in {secs} seconds."),
    }});
    let mut answer = (StatusCode::TOO_MANY_REQUESTS, Json(body)).into_response();
    answer
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    answer
}

/// Forgets refilled buckets every minute, until the server (its policy) is gone.
fn spawn_sweeper(policy: Weak<EdgePolicy>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(SWEEP_EVERY);
        tick.tick().await;
        loop {
            tick.tick().await;
            let Some(policy) = policy.upgrade() else {
                return;
            };
            let now = Instant::now();
            policy.create.sweep(now);
            policy.upgrade.sweep(now);
        }
    });
}
