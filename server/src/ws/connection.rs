//! One task per WebSocket connection. It reads and checks the client's frames (size, rate,
//! shape), forwards commands to its room, and writes what the room queued on its outbox,
//! coalescing queued frames into one flush. It never blocks the room: the room drops it
//! instead when its outbox is full.

use std::sync::Arc;
use std::sync::atomic::Ordering::Relaxed;
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket};
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use hotseat_protocol::message::GoodbyeReason;
use hotseat_protocol::{ClientMessage, ErrorCode, SeatId, ServerMessage};
use tokio::sync::{mpsc, oneshot, watch};
use tokio::time::{Instant, MissedTickBehavior, interval_at, sleep};

use super::close_code;
use super::rate::{TokenBucket, Verdict};
use crate::metrics::Metrics;
use crate::room::{ConnId, ConnLink, Kick, RoomHandle, RoomMsg, encode_message};

/// Most frames written per flush, so one busy connection cannot starve its own reads.
const COALESCE: usize = 32;
/// A write the client does not take within this time ends the connection.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// What every connection needs from the server.
#[derive(Debug, Clone)]
pub struct ConnContext {
    pub metrics: Arc<Metrics>,
    pub outbox: usize,
    pub ping_interval: Duration,
    pub hello_timeout: Duration,
    pub shutdown: watch::Receiver<bool>,
    /// Tracks live connections so shutdown can wait for their goodbyes.
    pub tracker: tokio_util::task::TaskTracker,
}

struct Connection {
    id: ConnId,
    sink: SplitSink<WebSocket, Message>,
    room: RoomHandle,
    seat: Option<SeatId>,
    outbox: mpsc::Sender<Utf8Bytes>,
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
    /// The socket is gone or broken: nothing left to say.
    Dropped,
}

pub async fn run(socket: WebSocket, room: Option<RoomHandle>, ctx: ConnContext) {
    let _alive = ctx.tracker.token();
    ctx.metrics.connections.fetch_add(1, Relaxed);
    let (mut sink, stream) = socket.split();
    match room {
        Some(room) => {
            let (outbox, rx) = mpsc::channel(ctx.outbox.max(1));
            let mut conn = Connection {
                id: ConnId::next(),
                sink,
                room,
                seat: None,
                outbox,
                kick: Arc::new(Kick::default()),
                bucket: TokenBucket::new(Instant::now()),
                metrics: ctx.metrics.clone(),
            };
            let end = conn.serve(stream, rx, &ctx).await;
            if let Some(seat) = conn.seat {
                conn.room
                    .send(RoomMsg::Gone {
                        seat,
                        conn: conn.id,
                    })
                    .await;
            }
            conn.finish(end).await;
        }
        None => {
            let reply = ServerMessage::error(None, ErrorCode::UnknownRoom);
            let _ = sink.send(Message::Text(encode_message(&reply))).await;
            let _ = close(&mut sink, close_code::UNKNOWN_ROOM, "unknown room").await;
        }
    }
    ctx.metrics.connections.fetch_sub(1, Relaxed);
}

impl Connection {
    async fn serve(
        &mut self,
        mut stream: SplitStream<WebSocket>,
        mut rx: mpsc::Receiver<Utf8Bytes>,
        ctx: &ConnContext,
    ) -> End {
        let mut shutdown = ctx.shutdown.clone();
        let mut ping = interval_at(Instant::now() + ctx.ping_interval, ctx.ping_interval);
        ping.set_missed_tick_behavior(MissedTickBehavior::Delay);
        let mut last_heard = Instant::now();
        // No ping sent yet, so none missed: the first tick only sends one.
        let mut last_ping = last_heard;
        let hello_deadline = sleep(ctx.hello_timeout);
        tokio::pin!(hello_deadline);
        let kick = self.kick.clone();
        loop {
            tokio::select! {
                biased;
                _ = shutdown.changed() => {
                    return End::Goodbye(GoodbyeReason::ServerRestarting, close_code::RESTART);
                }
                () = kick.notify.notified() => {
                    let reason = kick.reason().unwrap_or(GoodbyeReason::ServerRestarting);
                    return End::Goodbye(reason, close_code_for(reason));
                }
                frame = rx.recv() => {
                    let Some(frame) = frame else { return End::Dropped };
                    if !self.write_batch(frame, &mut rx).await {
                        return End::Dropped;
                    }
                }
                incoming = stream.next() => {
                    last_heard = Instant::now();
                    match incoming {
                        None => return End::Dropped,
                        Some(Ok(Message::Close(_))) => {
                            // Complete the closing handshake: the library has queued the
                            // echo of the client's close frame, and a flush sends it.
                            let _ = tokio::time::timeout(WRITE_TIMEOUT, self.sink.flush()).await;
                            return End::Dropped;
                        }
                        Some(Err(error)) => return read_error_end(&error),
                        Some(Ok(Message::Text(text))) => {
                            if let Some(end) = self.on_text(&text).await {
                                return end;
                            }
                        }
                        Some(Ok(Message::Binary(_))) => match self.rate_check().await {
                            Gate::Pass => self.refuse(None, ErrorCode::BinaryNotSupported).await,
                            Gate::Drop => {}
                            Gate::End(end) => return end,
                        },
                        Some(Ok(Message::Ping(_) | Message::Pong(_))) => {}
                    }
                }
                _ = ping.tick() => {
                    // Nothing heard since the last ping: the client is gone or frozen.
                    if last_heard < last_ping {
                        return End::Close(close_code::UNRESPONSIVE, "no answer to ping");
                    }
                    last_ping = Instant::now();
                    if !self.write_now(Message::Ping(Default::default())).await {
                        return End::Dropped;
                    }
                }
                () = &mut hello_deadline, if self.seat.is_none() => {
                    self.reply(&ServerMessage::error(None, ErrorCode::NotJoined)).await;
                    return End::Close(close_code::HELLO_TIMEOUT, "no hello in time");
                }
            }
        }
    }

    /// One text frame from the client.
    async fn on_text(&mut self, text: &str) -> Option<End> {
        match self.rate_check().await {
            Gate::Pass => {}
            Gate::Drop => return None,
            Gate::End(end) => return Some(end),
        }
        let message = match serde_json::from_str::<ClientMessage>(text) {
            Ok(message) => message,
            Err(error) => {
                let code = parse_error_code(text, &error);
                // serde's sentence names the field at fault; it goes only to this client.
                let reply = ServerMessage::Error {
                    req: None,
                    code,
                    message: format!("{} ({error})", code.default_message()),
                };
                self.metrics.error(code);
                self.reply(&reply).await;
                return None;
            }
        };
        match message {
            ClientMessage::Hello(hello) => {
                if self.seat.is_some() {
                    self.refuse(None, ErrorCode::AlreadyJoined).await;
                    return None;
                }
                let (reply, answer) = oneshot::channel();
                let link = ConnLink {
                    id: self.id,
                    outbox: self.outbox.clone(),
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
                    Ok(Err(code)) => self.reply(&ServerMessage::error(None, code)).await,
                    Err(_) => {
                        return Some(End::Goodbye(
                            GoodbyeReason::ServerRestarting,
                            close_code::RESTART,
                        ));
                    }
                }
            }
            ClientMessage::Act { req, command } => match self.seat {
                Some(seat) => {
                    let msg = RoomMsg::Act {
                        seat,
                        conn: self.id,
                        req,
                        command,
                    };
                    if !self.room.send(msg).await {
                        return Some(End::Goodbye(
                            GoodbyeReason::ServerRestarting,
                            close_code::RESTART,
                        ));
                    }
                }
                None => self.refuse(req, ErrorCode::NotJoined).await,
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
                None => self.refuse(None, ErrorCode::NotJoined).await,
            },
            ClientMessage::CheckQuestion { req, text } => {
                self.reply(&ServerMessage::question_hint(req, &text)).await;
            }
        }
        None
    }

    /// Applies the rate limit to one incoming message.
    async fn rate_check(&mut self) -> Gate {
        match self.bucket.check(Instant::now()) {
            Verdict::Accept => Gate::Pass,
            Verdict::Refuse { first } => {
                // Tell the client once per streak, not once per flooded message; the metric
                // counts errors sent, like every other code.
                if first {
                    self.refuse(None, ErrorCode::RateLimited).await;
                }
                Gate::Drop
            }
            Verdict::Abuse => {
                self.metrics.abusive_clients_closed.fetch_add(1, Relaxed);
                Gate::End(End::Goodbye(GoodbyeReason::RateLimited, close_code::POLICY))
            }
        }
    }

    async fn refuse(&mut self, req: Option<u64>, code: ErrorCode) {
        self.metrics.error(code);
        self.reply(&ServerMessage::error(req, code)).await;
    }

    /// A reply from the connection itself (not the room), written straight away.
    async fn reply(&mut self, msg: &ServerMessage) {
        let frame = encode_message(msg);
        self.write_now(Message::Text(frame)).await;
    }

    async fn write_now(&mut self, message: Message) -> bool {
        matches!(
            tokio::time::timeout(WRITE_TIMEOUT, self.sink.send(message)).await,
            Ok(Ok(()))
        )
    }

    /// Feeds this frame and whatever else is queued (up to `COALESCE`), then flushes once:
    /// one write system call for a burst of updates.
    async fn write_batch(&mut self, first: Utf8Bytes, rx: &mut mpsc::Receiver<Utf8Bytes>) -> bool {
        let batch = async {
            self.sink.feed(Message::Text(first)).await?;
            for _ in 1..COALESCE {
                match rx.try_recv() {
                    Ok(frame) => self.sink.feed(Message::Text(frame)).await?,
                    Err(_) => break,
                }
            }
            self.sink.flush().await
        };
        matches!(tokio::time::timeout(WRITE_TIMEOUT, batch).await, Ok(Ok(())))
    }

    /// Says goodbye (when there is a reason to give) and closes with a code.
    async fn finish(mut self, end: End) {
        match end {
            End::Goodbye(reason, code) => {
                self.reply(&ServerMessage::Goodbye { reason }).await;
                let _ = close(&mut self.sink, code, goodbye_text(reason)).await;
            }
            End::Close(code, text) => {
                let _ = close(&mut self.sink, code, text).await;
            }
            End::Dropped => {}
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

async fn close(
    sink: &mut SplitSink<WebSocket, Message>,
    code: u16,
    reason: &'static str,
) -> Result<(), ()> {
    let frame = CloseFrame {
        code,
        reason: Utf8Bytes::from_static(reason),
    };
    tokio::time::timeout(WRITE_TIMEOUT, sink.send(Message::Close(Some(frame))))
        .await
        .map_err(|_| ())?
        .map_err(|_| ())
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

/// A read error: an over-size message is answered with 1009; anything else means the socket
/// is broken.
fn read_error_end(error: &axum::Error) -> End {
    use tokio_tungstenite::tungstenite::Error as WsError;
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = source {
        if let Some(WsError::Capacity(_)) = current.downcast_ref::<WsError>() {
            return End::Close(close_code::TOO_BIG, "message too big");
        }
        source = current.source();
    }
    End::Dropped
}

/// The `type`s a client may send.
pub const CLIENT_TYPES: [&str; 4] = ["hello", "act", "check_question", "sync"];

/// Which error a message that did not parse earns: not JSON, an unknown `type`, or a known
/// type with missing, unknown or wrong fields.
fn parse_error_code(text: &str, error: &serde_json::Error) -> ErrorCode {
    use serde_json::error::Category;
    if !matches!(error.classify(), Category::Data) {
        return ErrorCode::MalformedJson;
    }
    // serde stops at the first problem, which may come before the JSON itself breaks
    // (`[1, 2` is a type error at `1`): text that is not JSON at all is malformed.
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return ErrorCode::MalformedJson;
    };
    let kind = value
        .get("type")
        .and_then(|t| t.as_str())
        .map(str::to_owned);
    match kind {
        Some(kind) if !CLIENT_TYPES.contains(&kind.as_str()) => ErrorCode::UnknownMessageType,
        _ => ErrorCode::InvalidMessage,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_for(text: &str) -> ErrorCode {
        let error = serde_json::from_str::<ClientMessage>(text).expect_err("does not parse");
        parse_error_code(text, &error)
    }

    #[test]
    fn parse_errors_get_the_right_code() {
        assert_eq!(code_for("{not json"), ErrorCode::MalformedJson);
        assert_eq!(code_for(""), ErrorCode::MalformedJson);
        assert_eq!(
            code_for(r#"{"type":"dance"}"#),
            ErrorCode::UnknownMessageType
        );
        assert_eq!(code_for(r#"{"type":"hello"}"#), ErrorCode::InvalidMessage);
        assert_eq!(
            code_for(r#"{"type":"act","command":{"type":"ask"}}"#),
            ErrorCode::InvalidMessage
        );
        assert_eq!(
            code_for(r#"{"type":"check_question","text":"Why?","x":1}"#),
            ErrorCode::InvalidMessage
        );
        assert_eq!(
            code_for(r#"{"type":"act","command":{"type":"ask","text":"Why?","x":1}}"#),
            ErrorCode::InvalidMessage
        );
        assert_eq!(
            code_for(r#"{"type":"hello","protocol":"one","name":"Ana"}"#),
            ErrorCode::InvalidMessage
        );
        assert_eq!(code_for(r#"[1,2]"#), ErrorCode::InvalidMessage);
        assert_eq!(code_for(r#"[1, 2"#), ErrorCode::MalformedJson);
        assert_eq!(
            code_for(r#"{"type":"act","command":{"type":"dance"}"#),
            ErrorCode::MalformedJson
        );
    }

    #[test]
    fn every_client_type_is_known() {
        let samples = [
            r#"{"type":"hello","protocol":1,"name":"Ana"}"#,
            r#"{"type":"act","command":{"type":"start"}}"#,
            r#"{"type":"check_question","text":"What?"}"#,
            r#"{"type":"sync"}"#,
        ];
        for (sample, kind) in samples.iter().zip(CLIENT_TYPES) {
            assert!(
                serde_json::from_str::<ClientMessage>(sample).is_ok(),
                "{sample}"
            );
            assert!(sample.contains(&format!("\"type\":\"{kind}\"")));
        }
    }
}
