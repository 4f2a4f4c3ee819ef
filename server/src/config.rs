//! The server's settings: command-line flags, each with a matching environment variable.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;

use crate::http::client_addr::Cidr;
use crate::http::create_code::CreateCode;
use crate::http::limits::RateSpec;

/// Circles one address may create by default: far more than a facilitator needs (one a
/// round), far fewer than it takes to fill a server.
pub const DEFAULT_CREATE_RATE: &str = "20/1h";
/// WebSockets one address may open by default: eight circles of seven behind one office
/// address reconnecting at once after a restart fit in the burst.
pub const DEFAULT_UPGRADE_RATE: &str = "60/1m";

use crate::log_format::LogFormat;

/// Hotseat: the shared table beside a mastermind circle's video call.
#[derive(Debug, Clone, Parser)]
// `--version` names the commit too (server/build.rs), so a report can say which build ran.
#[command(
    name = "hotseat",
    version = concat!(env!("CARGO_PKG_VERSION"), " (commit ", env!("HOTSEAT_COMMIT"), ")"),
    about
)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "HOTSEAT_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Directory for the circle's data.
    #[arg(long, env = "HOTSEAT_DATA", default_value = "./data")]
    pub data: PathBuf,

    /// Base URL used in generated links (for running behind a proxy), e.g.
    /// `https://hotseat.example.org`. Defaults to `http://<listen address>`.
    #[arg(long, env = "HOTSEAT_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// An origin (scheme://host[:port]) allowed to open WebSockets. Repeatable; the public
    /// URL's origin is always allowed.
    #[arg(
        long = "allowed-origin",
        env = "HOTSEAT_ALLOWED_ORIGINS",
        value_delimiter = ','
    )]
    pub allowed_origins: Vec<String>,

    /// How long a dropped member's seat is held for them (e.g. `2m`, `90s`).
    #[arg(long, env = "HOTSEAT_GRACE", default_value = "2m", value_parser = humantime::parse_duration)]
    pub grace: Duration,

    /// How often the server pings each client; one that misses a ping is marked away.
    #[arg(long, env = "HOTSEAT_PING_INTERVAL", default_value = "15s", value_parser = humantime::parse_duration)]
    pub ping_interval: Duration,

    /// How long a new connection may take to send its `hello`.
    #[arg(long, env = "HOTSEAT_HELLO_TIMEOUT", default_value = "10s", value_parser = humantime::parse_duration)]
    pub hello_timeout: Duration,

    /// Frames queued for one connection before it counts as too slow and is dropped.
    #[arg(long, env = "HOTSEAT_OUTBOX", default_value_t = 64)]
    pub outbox: usize,

    /// How long a circle's data is kept after its round ended (or, without a round end
    /// date, after its last activity), e.g. `365days`, `6months`. Then it is deleted.
    #[arg(long, env = "HOTSEAT_RETENTION", default_value = "365days", value_parser = humantime::parse_duration)]
    pub retention: Duration,

    /// Most live rooms one server holds in memory. A room is live while someone is
    /// connected or its meeting runs; the others wait in storage and open on demand.
    #[arg(long, env = "HOTSEAT_MAX_ROOMS", default_value_t = 10_000)]
    pub max_rooms: usize,

    /// How long a room nobody uses (nobody connected, no meeting running) stays in memory
    /// before it goes back to storage (e.g. `5m`).
    #[arg(long, env = "HOTSEAT_ROOM_IDLE", default_value = "5m", value_parser = humantime::parse_duration)]
    pub room_idle: Duration,

    /// How long a request's headers may take to arrive, counted from when the connection is
    /// ready for it (its opening, or the previous answer); then the connection is closed.
    #[arg(long, env = "HOTSEAT_HEADER_TIMEOUT", default_value = "10s", value_parser = humantime::parse_duration)]
    pub header_timeout: Duration,

    /// How long an HTTP connection may go without receiving a byte (a stalled body, a
    /// silent keep-alive); then it is closed. Not applied to WebSockets (they have pings).
    #[arg(long, env = "HOTSEAT_IDLE_TIMEOUT", default_value = "60s", value_parser = humantime::parse_duration)]
    pub idle_timeout: Duration,

    /// Most open connections (HTTP and WebSocket). Default: the open-file limit minus a
    /// reserve for the database, the listener and quick refusals.
    #[arg(long, env = "HOTSEAT_MAX_CONNECTIONS")]
    pub max_connections: Option<usize>,

    /// Circles one client address may create: `<burst>/<refill period>` or `off`.
    #[arg(long, env = "HOTSEAT_CREATE_RATE", default_value = DEFAULT_CREATE_RATE)]
    pub create_rate: RateSpec,

    /// WebSocket upgrades one client address may open: `<burst>/<refill period>` or `off`.
    #[arg(long, env = "HOTSEAT_UPGRADE_RATE", default_value = DEFAULT_UPGRADE_RATE)]
    pub upgrade_rate: RateSpec,

    /// Reverse proxies (IPs or CIDR networks, comma-separated) whose `X-Forwarded-For` or
    /// `Forwarded` header names the client. Default: none, the TCP peer is the client.
    #[arg(long, env = "HOTSEAT_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<Cidr>,

    /// A code people must give to create a circle (for a private server). Default: none.
    #[arg(long, env = "HOTSEAT_CREATE_CODE", hide_env_values = true)]
    pub create_code: Option<CreateCode>,

    /// Serve `/metrics` on this address only (e.g. `127.0.0.1:9090`), not on `--listen`.
    #[arg(long, env = "HOTSEAT_METRICS_LISTEN")]
    pub metrics_listen: Option<SocketAddr>,

    /// How log lines look on stderr: `text` (for people) or `json` (one object per line).
    #[arg(long, env = "HOTSEAT_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

impl Config {
    /// The defaults, as if started with no flags (for tests and embedding), except the
    /// per-address rate limits: off, since a test's clients all share one address. A test
    /// of the limits sets them.
    pub fn default_for(listen: SocketAddr) -> Config {
        let mut config = Config::parse_from(["hotseat"]);
        config.listen = listen;
        config.create_rate = RateSpec::Off;
        config.upgrade_rate = RateSpec::Off;
        config
    }
}
