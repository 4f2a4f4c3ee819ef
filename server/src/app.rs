//! Starting and stopping the server: bind, serve, and on shutdown tell every client the
//! server is restarting, close them cleanly, and wait (briefly) for them to go.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio_util::task::TaskTracker;

use crate::clock::Clock;
use crate::config::Config;
use crate::http::client_addr::TrustedProxies;
use crate::http::{AppState, EdgePolicy, OriginPolicy, metrics_router, router};
use crate::hub::Hub;
use crate::metrics::Metrics;
use crate::room::RoomConfig;
use crate::serve::{EdgeLimits, default_max_connections, serve};
use crate::store::Store;
use crate::ws::connection::ConnContext;

/// How long shutdown waits for connections to say goodbye.
const DRAIN: Duration = Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot open the data directory: {0}")]
    Store(#[from] crate::store::StoreError),
    #[error("cannot restore a circle: {0}")]
    Restore(#[from] crate::hub::HubError),
}

/// A bound server, ready to run.
pub struct Server {
    listener: TcpListener,
    state: AppState,
    limits: EdgeLimits,
    shutdown_tx: watch::Sender<bool>,
    pub local_addr: SocketAddr,
    /// `--metrics-listen`, bound: where `/metrics` is served instead of `local_addr`.
    metrics_listener: Option<TcpListener>,
    pub metrics_addr: Option<SocketAddr>,
}

impl Server {
    pub async fn bind(config: &Config) -> Result<Server, ServeError> {
        let listener = TcpListener::bind(config.listen).await?;
        let local_addr = listener.local_addr()?;
        let metrics_listener = match config.metrics_listen {
            Some(addr) => Some(TcpListener::bind(addr).await?),
            None => None,
        };
        let metrics_addr = match &metrics_listener {
            Some(l) => Some(l.local_addr()?),
            None => None,
        };
        let public_url: Arc<str> = config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{local_addr}"))
            .trim_end_matches('/')
            .into();
        let metrics = Arc::new(Metrics::default());
        let (store, stored) =
            Store::open_observed(&config.data, metrics.observed.store_commit_seconds.clone())?;
        let hub = Arc::new(Hub::new(
            RoomConfig {
                grace: config.grace,
                idle_evict: config.room_idle,
            },
            store.clone(),
            metrics.clone(),
            config.max_rooms,
        ));
        let now = Clock::new().now();
        // Only the meetings that were running come back at once; every other circle opens
        // when someone connects.
        let mut restored = 0;
        for circle in stored {
            match hub.restore_running(circle, now) {
                Ok(true) => restored += 1,
                Ok(false) => {}
                Err(crate::hub::HubError::Full) => {
                    tracing::warn!(
                        "more running meetings than --max-rooms: the rest open on demand"
                    );
                    break;
                }
                Err(error) => return Err(error.into()),
            }
        }
        if restored > 0 {
            tracing::info!(circles = restored, "restored from storage");
        }
        crate::retention::spawn_sweeper(hub.clone(), store, config.retention);
        let (shutdown_tx, shutdown_rx) = watch::channel(false);
        let state = AppState {
            hub,
            origins: Arc::new(OriginPolicy::new(&public_url, &config.allowed_origins)),
            public_url,
            edge: EdgePolicy::new(
                TrustedProxies::new(config.trusted_proxies.clone()),
                config.create_rate,
                config.upgrade_rate,
                config.create_code.clone(),
            ),
            conn: ConnContext {
                metrics,
                outbox: config.outbox,
                ping_interval: config.ping_interval,
                hello_timeout: config.hello_timeout,
                shutdown: shutdown_rx,
                tracker: TaskTracker::new(),
            },
            metrics_public: metrics_listener.is_none(),
        };
        let limits = EdgeLimits {
            header_timeout: config.header_timeout,
            idle_timeout: config.idle_timeout,
            max_connections: config
                .max_connections
                .unwrap_or_else(default_max_connections),
        };
        Ok(Server {
            listener,
            state,
            limits,
            shutdown_tx,
            local_addr,
            metrics_listener,
            metrics_addr,
        })
    }

    /// Test hook: stops the storage writer thread, as if it had died.
    #[cfg(feature = "test-hooks")]
    pub fn halt_storage(&self) {
        self.state.hub.store().halt();
    }

    pub fn public_url(&self) -> &str {
        &self.state.public_url
    }

    /// Serves until `shutdown` completes, then closes every connection cleanly.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), ServeError> {
        let Server {
            listener,
            state,
            limits,
            shutdown_tx,
            metrics_listener,
            ..
        } = self;
        if let Some(listener) = metrics_listener {
            spawn_metrics(
                listener,
                metrics_router(state.clone()),
                shutdown_tx.subscribe(),
            );
        }
        let tracker = state.conn.tracker.clone();
        let hub = state.hub.clone();
        let shutdown_rx = state.conn.shutdown.clone();
        let app = router(state);
        let signal = async move {
            shutdown.await;
            tracing::info!("shutting down: telling clients the server is restarting");
            let _ = shutdown_tx.send(true);
        };
        serve(listener, app, limits, signal, shutdown_rx, DRAIN).await;
        tracker.close();
        if tokio::time::timeout(DRAIN, tracker.wait()).await.is_err() {
            tracing::warn!("some connections did not close in time");
        }
        // Writes are queued, never waited for by the rooms: let the queue reach the disk
        // before the process ends, so a graceful stop loses nothing.
        if tokio::time::timeout(DRAIN, hub.flush()).await.is_err() {
            tracing::warn!("storage did not finish writing in time");
        }
        Ok(())
    }
}

/// Serves `/metrics` on its own listener until shutdown. A failure there is logged and
/// leaves the public side running: watching the server must not stop it.
fn spawn_metrics(listener: TcpListener, app: axum::Router, mut shutdown: watch::Receiver<bool>) {
    tokio::spawn(async move {
        let stop = async move {
            let _ = shutdown.wait_for(|stop| *stop).await;
        };
        if let Err(error) = axum::serve(listener, app)
            .with_graceful_shutdown(stop)
            .await
        {
            tracing::error!(%error, "the metrics listener stopped");
        }
    });
}
