//! One task per WebSocket connection. It reads and checks the client's frames (size, rate,
//! shape) and forwards commands to its room. Writes do not pass through it: the room writes
//! its frames straight into the socket (`outbound`), and this task only finishes writing
//! what the kernel could not take at once. It never blocks the room: the room drops it
//! instead when too much is pending. Its close lingers, so the close always reaches the client.

use std::sync::Arc;
use std::sync::atomic::Ordering::Relaxed;
use std::time::Duration;

use futures_util::StreamExt;
use hotseat_protocol::limits::MESSAGE_MAX_BYTES;
use hotseat_protocol::message::GoodbyeReason;
use hotseat_protocol::{ClientMessage, ErrorCode, SeatId, ServerMessage};
use tokio::net::TcpStream;
use tokio::sync::{oneshot, watch};
use tokio::time::{Instant, MissedTickBehavior, interval_at, sleep, timeout_at};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::error::ProtocolError;
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, Role, WebSocketConfig};
use tokio_tungstenite::tungstenite::{Error as WsError, Message};

use super::close_code;
use super::frame;
use super::outbound::Outbound;
use super::parse;
use super::rate::{TokenBucket, Verdict};
use super::socket::SocketIo;
use crate::metrics::Metrics;
use crate::room::{ConnId, ConnLink, Kick, RoomHandle, RoomMsg};

/// Read buffer per connection, allocated up front: client messages are mostly a few hundred
/// bytes (16 KiB at most, read in several chunks), so 1 KiB keeps idle connections cheap
/// (measured: 14.9 -> 11.9 KiB per connection, BENCHMARKS.md).
const READ_BUFFER: usize = 1024;
/// tungstenite writes only its own control frames (pongs, a close echo) here.
const WRITE_BUFFER: usize = 128;
/// A write the client does not take within this time ends the connection.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// After the close, how long the server keeps reading (and discarding) what the client still
/// sends, waiting for its close or FIN: closing a socket with unread data makes the kernel
/// reset the connection, and the reset destroys the close before the client reads it.
const LINGER: Duration = Duration::from_secs(2);

/// What every connection needs from the server.
#[derive(Debug, Clone)]
pub struct ConnContext {
    pub metrics: Arc<Metrics>,
    /// Frames left pending for one connection before it counts as too slow.
    pub outbox: usize,
    pub ping_interval: Duration,
    pub hello_timeout: Duration,
    pub shutdown: watch::Receiver<bool>,
    /// Tracks live connections so shutdown can wait for their goodbyes.
    pub tracker: tokio_util::task::TaskTracker,
}

type Socket = WebSocketStream<SocketIo>;

struct Connection {
    id: ConnId,
    out: Arc<Outbound>,
    room: RoomHandle,
    seat: Option<SeatId>,
    kick: Arc<Kick>,
    bucket: TokenBucket,
    metrics: Arc<Metrics>,
}

/// Why the read loop ended.
enum End {
    /// Say goodbye with a reason, then close with a code.
    Goodbye(GoodbyeReason, u16),
    /// Close with a code and no goodbye.
    Close(u16, &'static str),
    /// The client broke the protocol (RFC 6455, section 7.1.7): close with 1002, 1007 or
    /// 1009. What it sent next can no longer be read as frames.
    Fail(u16, &'static str),
    /// The client closed: echo its close code.
    Echo(Option<u16>),
    /// The socket is gone or broken: nothing left to say.
    Dropped,
}

/// Serves one upgraded socket (`read_ahead`: bytes the HTTP layer read past the upgrade).
/// Without a room (`Err`: unknown, or the server busy) the client is told why and closed.
pub async fn run(
    tcp: Arc<TcpStream>,
    read_ahead: Vec<u8>,
    room: Result<RoomHandle, ErrorCode>,
    ctx: ConnContext,
) {
    let _alive = ctx.tracker.token();
    ctx.metrics.connections.fetch_add(1, Relaxed);
    let out = Arc::new(Outbound::new(tcp, ctx.outbox));
    let config = WebSocketConfig::default()
        .max_message_size(Some(MESSAGE_MAX_BYTES))
        .max_frame_size(Some(MESSAGE_MAX_BYTES))
        .read_buffer_size(READ_BUFFER)
        .write_buffer_size(WRITE_BUFFER);
    let mut socket = WebSocketStream::from_partially_read(
        SocketIo::new(out.clone()),
        read_ahead,
        Role::Server,
        Some(config),
    )
    .await;
    match room {
        Ok(room) => {
            let mut conn = Connection {
                id: ConnId::next(),
                out,
                room,
                seat: None,
                kick: Arc::new(Kick::default()),
                bucket: TokenBucket::new(Instant::now()),
                metrics: ctx.metrics.clone(),
            };
            let end = conn.serve(&mut socket, &ctx).await;
            if let Some(seat) = conn.seat {
                conn.room
                    .send(RoomMsg::Gone {
                        seat,
                        conn: conn.id,
                    })
                    .await;
            }
            finish(&conn.out, end, &mut socket).await;
        }
        Err(code) => {
            ctx.metrics.error(code);
            let _ = out.send(&frame::message(&ServerMessage::error(None, code)));
            let end = match code {
                ErrorCode::ServerBusy => End::Close(close_code::TRY_AGAIN_LATER, "server busy"),
                _ => End::Close(close_code::UNKNOWN_ROOM, "unknown room"),
            };
            finish(&out, end, &mut socket).await;
        }
    }
    ctx.metrics.connections.fetch_sub(1, Relaxed);
}

impl Connection {
    async fn serve(&mut self, socket: &mut Socket, ctx: &ConnContext) -> End {
        let mut shutdown = ctx.shutdown.clone();
        let mut ping = interval_at(Instant::now() + ctx.ping_interval, ctx.ping_interval);
        ping.set_missed_tick_behavior(MissedTickBehavior::Delay);
        let mut last_heard = Instant::now();
        // No ping sent yet, so none missed: the first tick only sends one.
        let mut last_ping = last_heard;
        let hello_deadline = sleep(ctx.hello_timeout);
        tokio::pin!(hello_deadline);
        // Long-lived waits, made once rather than on every turn of the loop (each new wait
        // on a `Notify` takes its lock).
        let (kick, out) = (self.kick.clone(), self.out.clone());
        let kicked = kick.notify.notified();
        let shutting_down = shutdown.changed();
        let pending = out.pending().notified();
        tokio::pin!(kicked, shutting_down, pending);
        loop {
            tokio::select! {
                biased;
                _ = &mut shutting_down => {
                    return End::Goodbye(GoodbyeReason::ServerRestarting, close_code::RESTART);
                }
                () = &mut kicked => {
                    let reason = kick.reason().unwrap_or(GoodbyeReason::ServerRestarting);
                    return End::Goodbye(reason, close_code_for(reason));
                }
                () = &mut pending => {
                    pending.set(out.pending().notified());
                    if !flush(&out).await {
                        return End::Dropped;
                    }
                }
                incoming = socket.next() => {
                    last_heard = Instant::now();
                    match incoming {
                        None => return End::Dropped,
                        Some(Ok(Message::Close(frame))) => {
                            // tungstenite has turned a close code a client may not send into
                            // 1002 already (section 7.4.1); the echo completes the handshake.
                            return End::Echo(frame.map(|f: CloseFrame| u16::from(f.code)));
                        }
                        Some(Err(error)) => return read_error_end(&error),
                        Some(Ok(Message::Text(text))) => {
                            if let Some(end) = self.on_text(&text).await {
                                return end;
                            }
                        }
                        Some(Ok(Message::Binary(_))) => match self.rate_check() {
                            Gate::Pass => self.refuse(None, ErrorCode::BinaryNotSupported),
                            Gate::Drop => {}
                            Gate::End(end) => return end,
                        },
                        // Pings and pongs count like any frame (a browser answers the
                        // server's pings and never sends its own): a flood of them is closed.
                        Some(Ok(Message::Ping(payload))) => match self.rate_check() {
                            Gate::Pass => {
                                let _ = self.out.send(&frame::pong(&payload));
                            }
                            Gate::Drop => {}
                            Gate::End(end) => return end,
                        },
                        Some(Ok(Message::Pong(_))) => {
                            if let Gate::End(end) = self.rate_check() {
                                return end;
                            }
                        }
                        Some(Ok(Message::Frame(_))) => {}
                    }
                }
                _ = ping.tick() => {
                    // Nothing heard since the last ping: the client is gone or frozen.
                    if last_heard < last_ping {
                        return End::Close(close_code::UNRESPONSIVE, "no answer to ping");
                    }
                    // A client heard from within the interval is alive: only a silent one
                    // is pinged (and must answer by the next tick).
                    if last_heard.elapsed() < ctx.ping_interval {
                        continue;
                    }
                    last_ping = Instant::now();
                    if self.out.send(&frame::ping()).is_err() {
                        return End::Dropped;
                    }
                }
                () = &mut hello_deadline, if self.seat.is_none() => {
                    self.reply(&ServerMessage::error(None, ErrorCode::NotJoined));
                    return End::Close(close_code::HELLO_TIMEOUT, "no hello in time");
                }
            }
        }
    }

    /// One text frame from the client.
    async fn on_text(&mut self, text: &str) -> Option<End> {
        match self.rate_check() {
            Gate::Pass => {}
            Gate::Drop => return None,
            Gate::End(end) => return Some(end),
        }
        let message = match parse::client_message(text) {
            Ok(message) => message,
            Err(refusal) => {
                self.metrics.error(refusal.code);
                self.reply(&refusal.reply());
                return None;
            }
        };
        match message {
            ClientMessage::Hello(hello) => {
                if self.seat.is_some() {
                    self.refuse(None, ErrorCode::AlreadyJoined);
                    return None;
                }
                let (reply, answer) = oneshot::channel();
                let link = ConnLink {
                    id: self.id,
                    out: self.out.clone(),
                    kick: self.kick.clone(),
                };
                if !self
                    .room
                    .send(RoomMsg::Hello {
                        hello,
                        conn: link,
                        reply,
                    })
                    .await
                {
                    return Some(End::Goodbye(
                        GoodbyeReason::ServerRestarting,
                        close_code::RESTART,
                    ));
                }
                match answer.await {
                    Ok(Ok(seat)) => self.seat = Some(seat),
                    // The room has counted this error already; only tell the client.
                    Ok(Err(code)) => self.reply(&ServerMessage::error(None, code)),
                    Err(_) => {
                        return Some(End::Goodbye(
                            GoodbyeReason::ServerRestarting,
                            close_code::RESTART,
                        ));
                    }
                }
            }
            ClientMessage::Act { req, command, seen } => match self.seat {
                Some(seat) => {
                    let msg = RoomMsg::Act {
                        seat,
                        conn: self.id,
                        req,
                        command,
                        seen,
                    };
                    if !self.room.send(msg).await {
                        return Some(End::Goodbye(
                            GoodbyeReason::ServerRestarting,
                            close_code::RESTART,
                        ));
                    }
                }
                None => self.refuse(req, ErrorCode::NotJoined),
            },
            ClientMessage::Sync => match self.seat {
                Some(seat) => {
                    self.room
                        .send(RoomMsg::Sync {
                            seat,
                            conn: self.id,
                        })
                        .await;
                }
                None => self.refuse(None, ErrorCode::NotJoined),
            },
            ClientMessage::CheckQuestion { req, text } => {
                self.reply(&ServerMessage::question_hint(req, &text));
            }
        }
        None
    }

    /// Applies the rate limit to one incoming message.
    fn rate_check(&mut self) -> Gate {
        match self.bucket.check(Instant::now()) {
            Verdict::Accept => Gate::Pass,
            Verdict::Refuse { first } => {
                // Tell the client once per streak, not once per flooded message; the metric
                // counts errors sent, like every other code.
                if first {
                    self.refuse(None, ErrorCode::RateLimited);
                }
                Gate::Drop
            }
            Verdict::Abuse => {
                self.metrics.abusive_clients_closed.fetch_add(1, Relaxed);
                Gate::End(End::Goodbye(GoodbyeReason::RateLimited, close_code::POLICY))
            }
        }
    }

    fn refuse(&mut self, req: Option<u64>, code: ErrorCode) {
        self.metrics.error(code);
        self.reply(&ServerMessage::error(req, code));
    }

    /// A reply from the connection itself (not the room). A client too slow to take it is
    /// being dropped by its room anyway.
    fn reply(&self, msg: &ServerMessage) {
        let _ = self.out.send(&frame::message(msg));
    }
}

/// Writes what is pending; false when the socket broke or the client took too long.
async fn flush(out: &Outbound) -> bool {
    matches!(
        tokio::time::timeout(WRITE_TIMEOUT, out.flush()).await,
        Ok(Ok(()))
    )
}

/// Says goodbye (when there is a reason to give), closes with a code, lets what is pending
/// reach the client, ends the sending side (FIN), then lingers: reads and discards what the
/// client still sends until its close or FIN (or `LINGER`), so the socket is never closed on
/// unread data, which would reset the connection and destroy the close on its way. Nothing
/// the room sends after the close frame is written.
async fn finish(out: &Outbound, end: End, socket: &mut Socket) {
    let close = match &end {
        End::Goodbye(reason, code) => frame::close(*code, goodbye_text(*reason)),
        End::Close(code, text) | End::Fail(code, text) => frame::close(*code, text),
        End::Echo(code) => frame::close_echo(*code),
        // Broken or gone: nothing can reach the client any more.
        End::Dropped => return out.end(&[]),
    };
    match &end {
        End::Goodbye(reason, code) => super::close_log::closing(*code, goodbye_text(*reason)),
        End::Close(code, text) | End::Fail(code, text) => super::close_log::closing(*code, text),
        End::Echo(_) | End::Dropped => {}
    }
    match &end {
        End::Goodbye(reason, _) => {
            let goodbye = frame::message(&ServerMessage::Goodbye { reason: *reason });
            out.end(&[&goodbye, &close]);
        }
        _ => out.end(&[&close]),
    }
    if !flush(out).await {
        return;
    }
    out.shutdown_write();
    let deadline = Instant::now() + LINGER;
    match end {
        // The client closed first: it sends nothing more.
        End::Echo(_) => {}
        // Frames still parse: wait for the client's close frame, or its FIN.
        End::Goodbye(..) | End::Close(..) => {
            let _ = timeout_at(deadline, until_closed(socket, out)).await;
        }
        End::Fail(..) | End::Dropped => {
            let _ = timeout_at(deadline, discard(out)).await;
        }
    }
}

/// Reads frames (and drops them) until the client's close frame or the end of the stream.
async fn until_closed(socket: &mut Socket, out: &Outbound) {
    loop {
        match socket.next().await {
            Some(Ok(Message::Close(_))) | None => return,
            Some(Ok(_)) => {}
            // Not frames any more: read to the end all the same.
            Some(Err(_)) => return discard(out).await,
        }
    }
}

/// Reads and drops bytes until the client's FIN (or the socket breaks).
async fn discard(out: &Outbound) {
    let tcp = out.tcp();
    let mut buf = [0u8; 4096];
    loop {
        if tcp.readable().await.is_err() {
            return;
        }
        match tcp.try_read(&mut buf) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(_) => return,
        }
    }
}

/// Whether an incoming message goes on to be handled.
enum Gate {
    Pass,
    /// Refused by the rate limit; the connection stays open.
    Drop,
    End(End),
}

fn close_code_for(reason: GoodbyeReason) -> u16 {
    match reason {
        GoodbyeReason::ServerRestarting => close_code::RESTART,
        GoodbyeReason::Removed => close_code::REMOVED,
        GoodbyeReason::ReplacedByNewConnection => close_code::REPLACED,
        GoodbyeReason::TooSlow => close_code::TOO_SLOW,
        GoodbyeReason::RateLimited => close_code::POLICY,
        GoodbyeReason::Erased | GoodbyeReason::CircleDeleted => close_code::GONE,
    }
}

fn goodbye_text(reason: GoodbyeReason) -> &'static str {
    match reason {
        GoodbyeReason::ServerRestarting => "server restarting",
        GoodbyeReason::Removed => "removed by the facilitator",
        GoodbyeReason::ReplacedByNewConnection => "replaced by a newer connection",
        GoodbyeReason::TooSlow => "too slow to keep up",
        GoodbyeReason::RateLimited => "too many messages",
        GoodbyeReason::Erased => "this member's data was erased",
        GoodbyeReason::CircleDeleted => "the circle was deleted",
    }
}

/// A read error: an over-size message is answered with 1009, invalid UTF-8 (in a text frame
/// or a close reason) with 1007, any other framing violation with 1002 (RFC 6455, sections
/// 7.1.7 and 7.4.1); an I/O error or a vanished client means the socket is gone.
fn read_error_end(error: &WsError) -> End {
    super::close_log::read_failed(error);
    match error {
        WsError::Capacity(_) => End::Fail(close_code::TOO_BIG, "message too big"),
        WsError::Utf8(_) => End::Fail(close_code::INVALID_DATA, "invalid UTF-8"),
        WsError::Protocol(ProtocolError::ResetWithoutClosingHandshake) => End::Dropped,
        WsError::Protocol(_) => End::Fail(close_code::PROTOCOL, "protocol violation"),
        _ => End::Dropped,
    }
}
