//! The `hotseat` binary: parse the configuration, start the server, stop on Ctrl-C or
//! SIGTERM.

use anyhow::Context;
use clap::Parser;
use hotseat_server::{Config, Server};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    hotseat_server::logging::init(config.log_format).context("installing the logger")?;
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
