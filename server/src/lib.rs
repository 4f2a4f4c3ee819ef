//! Hotseat's server: the pure meeting rules engine (`engine`) and the thin shell around it
//! that talks to the world: HTTP and WebSocket (`http`, `ws`), live rooms (`hub`, `room`).

pub mod app;
pub mod clock;
pub mod config;
pub mod engine;
pub mod http;
pub mod hub;
pub mod log_format;
pub mod logging;
pub mod metrics;
pub mod misfit;
pub mod net;
pub mod retention;
pub mod room;
pub mod secret;
pub mod serve;
pub mod store;
pub mod wire_json;
pub mod ws;

pub use app::Server;
pub use config::Config;
