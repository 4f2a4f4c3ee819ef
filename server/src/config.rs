//! The server's settings: command-line flags, each with a matching environment variable.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;

use crate::log_format::LogFormat;

/// Hotseat: the shared table beside a mastermind circle's video call.
#[derive(Debug, Clone, Parser)]
#[command(name = "hotseat", version, about)]
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

    /// Serve `/metrics` on this address only (e.g. `127.0.0.1:9090`), not on `--listen`.
    #[arg(long, env = "HOTSEAT_METRICS_LISTEN")]
    pub metrics_listen: Option<SocketAddr>,

    /// How log lines look on stderr: `text` (for people) or `json` (one object per line).
    #[arg(long, env = "HOTSEAT_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

impl Config {
    /// The defaults, as if started with no flags (for tests and embedding).
    pub fn default_for(listen: SocketAddr) -> Config {
        let mut config = Config::parse_from(["hotseat"]);
        config.listen = listen;
        config
    }
}
