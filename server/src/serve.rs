//! The HTTP edge: our own accept loop on hyper, with a header-read timeout, an idle timeout,
//! a cap on open connections (with a small lane for quick refusals and `/healthz` beyond
//! it) and accept errors (a full file table) logged once per burst, with back-off.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderValue, Method, Request, Response, StatusCode, header};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};
use tokio::time::Instant;
use tokio_util::task::TaskTracker;
use tower_service::Service;

use crate::net::SharedTcp;

/// File descriptors kept below the open-file limit by the default connection cap: the
/// database and its journal, the listener, the runtime's own, and the refusal lane.
pub const FD_RESERVE: usize = 256;
/// Connections beyond the cap answered at once (503, or `/healthz`) rather than dropped.
const OVERFLOW_LANE: usize = 64;
/// How long a connection in the refusal lane may take to send its request.
const OVERFLOW_TIMEOUT: Duration = Duration::from_secs(2);
/// What an over-cap client is told to wait before trying again.
pub const BUSY_RETRY_AFTER_SECS: u64 = 5;

/// The edge's limits (from the configuration).
#[derive(Debug, Clone, Copy)]
pub struct EdgeLimits {
    pub header_timeout: Duration,
    pub idle_timeout: Duration,
    pub max_connections: usize,
}

/// The default connection cap: the soft open-file limit minus `FD_RESERVE` (at least 16).
pub fn default_max_connections() -> usize {
    open_file_limit()
        .map_or(1024, |limit| limit.saturating_sub(FD_RESERVE))
        .max(16)
}

fn open_file_limit() -> Option<usize> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes into the struct we pass.
    let ok = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0;
    (ok && limit.rlim_cur != libc::RLIM_INFINITY).then_some(limit.rlim_cur as usize)
}

/// A connection's place under the cap. Every request carries a clone, so a WebSocket keeps
/// the place for as long as it lives, after hyper has let go of the connection.
#[derive(Debug, Clone)]
pub struct ConnSlot(#[allow(dead_code)] Arc<OwnedSemaphorePermit>);

/// The TCP peer's address, on every request (the client, unless a trusted proxy forwards).
#[derive(Debug, Clone, Copy)]
pub struct Peer(pub SocketAddr);

/// Serves `router` on `listener` until `signal` completes; then stops accepting, lets
/// connections finish their request (at most `drain`) and returns.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: EdgeLimits,
    signal: impl Future<Output = ()>,
    shutdown: watch::Receiver<bool>,
    drain: Duration,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let overflow = Arc::new(Semaphore::new(OVERFLOW_LANE));
    let tracker = TaskTracker::new();
    let mut backoff = AcceptBackoff::default();
    tokio::pin!(signal);
    loop {
        let accepted = tokio::select! {
            () = &mut signal => break,
            accepted = listener.accept() => accepted,
        };
        let (tcp, addr) = match accepted {
            Ok(accepted) => accepted,
            Err(error) => {
                if let Some(pause) = backoff.failed(&error, Instant::now()) {
                    tokio::select! {
                        () = &mut signal => break,
                        () = tokio::time::sleep(pause) => {}
                    }
                }
                continue;
            }
        };
        if let Some(failures) = backoff.succeeded(Instant::now()) {
            tracing::warn!(failures, "accepting connections again");
        }
        // Nagle off: an update is one small write that should leave now, not wait (up to
        // 40 ms, with the peer's delayed ack) for more bytes.
        let _ = tcp.set_nodelay(true);
        let tcp = SharedTcp(Arc::new(tcp));
        let shutdown = shutdown.clone();
        if let Ok(permit) = slots.clone().try_acquire_owned() {
            let slot = ConnSlot(Arc::new(permit));
            let router = router.clone();
            tracker.spawn(connection(tcp, addr, slot, router, limits, shutdown));
        } else if let Ok(permit) = overflow.clone().try_acquire_owned() {
            tracker.spawn(refuse_busy(tcp, permit, shutdown));
        } else {
            // Beyond the refusal lane too: closing at once is all we can afford.
            drop(tcp);
        }
    }
    drop(listener);
    tracker.close();
    if tokio::time::timeout(drain, tracker.wait()).await.is_err() {
        tracing::warn!("some HTTP connections did not finish in time");
    }
}

/// One connection under the cap: the router, with the timeouts.
async fn connection(
    tcp: SharedTcp,
    addr: SocketAddr,
    slot: ConnSlot,
    router: Router,
    limits: EdgeLimits,
    shutdown: watch::Receiver<bool>,
) {
    let io = Watched::new(tcp.clone());
    let service = hyper::service::service_fn(move |mut req: Request<Incoming>| {
        let extensions = req.extensions_mut();
        extensions.insert(ConnectInfo(tcp.clone()));
        extensions.insert(Peer(addr));
        extensions.insert(slot.clone());
        let mut router = router.clone();
        // A Router is always ready: no `poll_ready` needed before `call`.
        router.call(req.map(Body::new))
    });
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    drive(&builder, io, service, limits.idle_timeout, None, shutdown).await;
}

/// A connection beyond the cap: `/healthz` is answered (so monitoring sees the server
/// alive), anything else gets a quick 503 with `Retry-After`; then it closes.
async fn refuse_busy(
    tcp: SharedTcp,
    permit: OwnedSemaphorePermit,
    shutdown: watch::Receiver<bool>,
) {
    let _permit = permit;
    let io = Watched::new(tcp);
    let service = hyper::service::service_fn(|req: Request<Incoming>| async move {
        Ok::<_, std::convert::Infallible>(busy_answer(req.method(), req.uri().path()))
    });
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .keep_alive(false)
        .header_read_timeout(OVERFLOW_TIMEOUT);
    drive(
        &builder,
        io,
        service,
        OVERFLOW_TIMEOUT,
        Some(OVERFLOW_TIMEOUT * 2),
        shutdown,
    )
    .await;
}

/// What the refusal lane answers.
pub fn busy_answer(method: &Method, path: &str) -> Response<Body> {
    if method == Method::GET && path == "/healthz" {
        return Response::new(Body::from("ok"));
    }
    let body = serde_json::json!({ "error": {
        "code": "server_busy",
        "field": null,
        "message": "This server has too many open connections; try again in a few seconds.",
    }});
    let mut answer = Response::new(Body::from(body.to_string()));
    *answer.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
    let headers = answer.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(
        header::RETRY_AFTER,
        HeaderValue::from(BUSY_RETRY_AFTER_SECS),
    );
    headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
    answer
}

/// Runs one hyper connection until it ends, it receives nothing for `idle`, it outlives
/// `lifetime`, or shutdown (then it finishes its request and closes).
async fn drive<S>(
    builder: &http1::Builder,
    io: Watched,
    service: S,
    idle: Duration,
    lifetime: Option<Duration>,
    mut shutdown: watch::Receiver<bool>,
) where
    S: hyper::service::HttpService<Incoming, ResBody = Body>,
    S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let started = io.started;
    let last_read = io.last_read.clone();
    let conn = builder
        .serve_connection(TokioIo::new(io), service)
        .with_upgrades();
    tokio::pin!(conn);
    let mut draining = *shutdown.borrow();
    if draining {
        conn.as_mut().graceful_shutdown();
    }
    let end_of_life = lifetime.map(|l| started + l);
    loop {
        let idle_at = started + Duration::from_millis(last_read.load(Relaxed)) + idle;
        let deadline = end_of_life.map_or(idle_at, |end| end.min(idle_at));
        tokio::select! {
            result = conn.as_mut() => {
                // Only hyper's own words (a timeout, a parse error), never the bytes sent.
                if let Err(error) = result {
                    tracing::debug!(%error, "HTTP connection ended");
                }
                return;
            }
            changed = shutdown.changed(), if !draining => {
                draining = true;
                if changed.is_ok() {
                    conn.as_mut().graceful_shutdown();
                }
            }
            () = tokio::time::sleep_until(deadline) => {
                let idle_at = started + Duration::from_millis(last_read.load(Relaxed)) + idle;
                if Instant::now() >= idle_at || end_of_life.is_some_and(|end| Instant::now() >= end) {
                    // Dropping the connection closes it (the socket goes with its last owner).
                    return;
                }
            }
        }
    }
}

/// The socket as hyper sees it, noting when it last received bytes (for the idle timeout).
struct Watched {
    tcp: SharedTcp,
    started: Instant,
    /// Milliseconds after `started` of the last read that returned bytes.
    last_read: Arc<AtomicU64>,
}

impl Watched {
    fn new(tcp: SharedTcp) -> Watched {
        Watched {
            tcp,
            started: Instant::now(),
            last_read: Arc::new(AtomicU64::new(0)),
        }
    }
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let result = Pin::new(&mut self.tcp).poll_read(cx, buf);
        if matches!(result, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            let millis = self.started.elapsed().as_millis();
            self.last_read
                .store(u64::try_from(millis).unwrap_or(u64::MAX), Relaxed);
        }
        result
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.tcp).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.tcp).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.tcp.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.tcp).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.tcp).poll_shutdown(cx)
    }
}

/// When the listener cannot accept (no file descriptors left, no memory), retrying at once
/// would spin: wait, doubling from 10 ms up to 1 s while failures follow each other. Log
/// the first failure of a burst and, once accepting has worked after `QUIET` without a
/// failure, the burst's end and size: near the limit, accepts and failures alternate, and
/// one line per failure would flood the log.
#[derive(Debug, Default)]
pub struct AcceptBackoff {
    /// Failures in the current burst (0: none).
    failures: u32,
    /// Failures since the last successful accept (the pause doubles with it).
    streak: u32,
    last_failure: Option<Instant>,
}

const BACKOFF_FIRST: Duration = Duration::from_millis(10);
const BACKOFF_MAX: Duration = Duration::from_secs(1);
/// How long accepting must go without a failure for a burst to be over.
pub const QUIET: Duration = Duration::from_secs(5);

impl AcceptBackoff {
    /// A failed accept at `now`: how long to pause, or `None` for errors of one connection
    /// only (it went away before we took it), which are skipped at once.
    pub fn failed(&mut self, error: &io::Error, now: Instant) -> Option<Duration> {
        if is_connection_error(error) {
            return None;
        }
        if self.failures == 0 {
            tracing::error!(%error, "cannot accept connections; backing off until it clears");
        }
        self.failures += 1;
        self.streak += 1;
        self.last_failure = Some(now);
        let doublings = (self.streak - 1).min(10);
        Some((BACKOFF_FIRST * 2u32.pow(doublings)).min(BACKOFF_MAX))
    }

    /// A successful accept at `now`: the size of the burst it ends, if it ends one.
    pub fn succeeded(&mut self, now: Instant) -> Option<u32> {
        self.streak = 0;
        let quiet = self
            .last_failure
            .is_none_or(|last| now.saturating_duration_since(last) >= QUIET);
        (self.failures > 0 && quiet).then(|| std::mem::take(&mut self.failures))
    }
}

fn is_connection_error(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionRefused
            | io::ErrorKind::Interrupted
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn emfile() -> io::Error {
        io::Error::from_raw_os_error(libc::EMFILE)
    }

    #[test]
    fn a_burst_of_accept_errors_backs_off_doubling_and_ends_after_a_quiet_spell() {
        let mut backoff = AcceptBackoff::default();
        let t0 = Instant::now();
        assert_eq!(backoff.succeeded(t0), None, "no burst yet");
        let pauses: Vec<_> = (0..10)
            .map(|_| backoff.failed(&emfile(), t0).unwrap().as_millis())
            .collect();
        assert_eq!(pauses, [10, 20, 40, 80, 160, 320, 640, 1000, 1000, 1000]);
        // Near the limit accepts and failures alternate: still one burst, and after an
        // accept the pause starts short again.
        assert_eq!(backoff.succeeded(t0 + Duration::from_secs(1)), None);
        let t2 = t0 + Duration::from_secs(2);
        assert_eq!(backoff.failed(&emfile(), t2), Some(BACKOFF_FIRST));
        assert_eq!(backoff.failures, 11, "the same burst");
        // Quiet for QUIET: the burst is over, with its size.
        assert_eq!(backoff.succeeded(t2 + QUIET), Some(11));
        assert_eq!(backoff.succeeded(t2 + QUIET * 2), None);
        // A new burst starts from the short pause again.
        assert_eq!(
            backoff.failed(&emfile(), t2 + QUIET * 3),
            Some(BACKOFF_FIRST)
        );
        assert_eq!(backoff.failures, 1);
    }

    #[test]
    fn a_client_that_left_before_its_accept_is_skipped_without_pause() {
        let mut backoff = AcceptBackoff::default();
        let aborted = io::Error::from(io::ErrorKind::ConnectionAborted);
        assert_eq!(backoff.failed(&aborted, Instant::now()), None);
        assert_eq!(backoff.succeeded(Instant::now()), None);
    }

    #[test]
    fn the_default_cap_leaves_a_reserve_below_the_open_file_limit() {
        let cap = default_max_connections();
        if let Some(limit) = open_file_limit() {
            assert!(cap + FD_RESERVE <= limit.max(16 + FD_RESERVE));
        }
        assert!(cap >= 16);
    }

    #[test]
    fn the_refusal_lane_answers_healthz_and_refuses_the_rest() {
        assert_eq!(
            busy_answer(&Method::GET, "/healthz").status(),
            StatusCode::OK
        );
        let busy = busy_answer(&Method::POST, "/api/circles");
        assert_eq!(busy.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(busy.headers()[header::RETRY_AFTER], "5");
    }
}
