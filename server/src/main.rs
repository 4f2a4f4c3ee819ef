//! The `hotseat` binary: parse the configuration, start the server, stop on Ctrl-C or
//! SIGTERM.

use anyhow::Context;
use clap::Parser;
use hotseat_server::{Config, Server};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    tracing_subscriber::registry()
        .with(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "hotseat_server=info".into()),
        )
        .with(hotseat_server::log_format::layer(config.log_format))
        .init();
    let server = Server::bind(&config)
        .await
        .with_context(|| format!("starting on {}", config.listen))?;
    println!("Hotseat is listening on {}", server.public_url());
    server.run(shutdown_signal()).await?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
