//! Talking to the server: `POST /api/circles` over a minimal HTTP/1.1 client, and opening a
//! WebSocket from a chosen loopback source address and saying `hello` (or, in the relay
//! mode, just opening it).

use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use hotseat_protocol::{ClientMessage, Hello, PROTOCOL_VERSION, Role, SeatId, ServerMessage};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio::time::timeout;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{Message, Utf8Bytes};

/// A client's WebSocket.
pub type Ws = WebSocketStream<TcpStream>;

/// How long connecting, the handshake and the hello may take together.
const OPEN_TIMEOUT: Duration = Duration::from_secs(15);

/// Where to connect, and from which source addresses (round robin).
#[derive(Debug)]
pub struct Net {
    pub server: SocketAddr,
    pub sources: Vec<IpAddr>,
    next: AtomicUsize,
}

/// Why opening a connection failed; `kind` is a short label for the report.
#[derive(Debug)]
pub enum OpenError {
    Connect(std::io::Error),
    Http(String),
    Handshake(String),
    Refused(String),
    /// The server sent something the protocol types cannot read.
    Unreadable(String),
    Closed,
    Timeout,
}

impl OpenError {
    pub fn kind(&self) -> String {
        match self {
            OpenError::Connect(e) => format!("tcp_connect: {}", e.kind()),
            OpenError::Http(what) => format!("http: {what}"),
            OpenError::Handshake(what) => format!("handshake: {what}"),
            OpenError::Refused(code) => format!("hello_refused: {code}"),
            OpenError::Unreadable(what) => format!("unreadable_server_message: {what}"),
            OpenError::Closed => "closed_before_welcome".into(),
            OpenError::Timeout => "timeout".into(),
        }
    }
}

/// A new circle: its room and the facilitator's secret.
#[derive(Debug, Clone)]
pub struct Circle {
    pub room: String,
    pub secret: String,
}

/// A connection that has been welcomed.
pub struct Opened {
    pub ws: Ws,
    pub seat: SeatId,
    pub role: Role,
    pub token: String,
    /// The welcome's snapshot version, and the welcome frame itself.
    pub version: u64,
    pub raw: Utf8Bytes,
    /// From the first SYN to the welcome.
    pub took: Duration,
}

/// A client's `hello`.
pub fn hello_join(name: &str) -> Hello {
    Hello {
        protocol: PROTOCOL_VERSION,
        name: Some(name.to_owned()),
        seat_token: None,
        facilitator_secret: None,
    }
}

pub fn hello_facilitator(secret: &str) -> Hello {
    Hello {
        protocol: PROTOCOL_VERSION,
        name: None,
        seat_token: None,
        facilitator_secret: Some(secret.to_owned()),
    }
}

/// Coming back to a seat; members give their name too (to join anew if the seat is gone).
pub fn hello_resume(token: &str, name: Option<&str>) -> Hello {
    Hello {
        protocol: PROTOCOL_VERSION,
        name: name.map(str::to_owned),
        seat_token: Some(token.to_owned()),
        facilitator_secret: None,
    }
}

/// Small buffers: a client reads snapshots of a few KiB, and thousands of them share a
/// process.
fn ws_config() -> WebSocketConfig {
    WebSocketConfig::default()
        .read_buffer_size(4 * 1024)
        .write_buffer_size(0)
}

impl Net {
    pub fn new(server: SocketAddr, sources: Vec<IpAddr>) -> Net {
        Net {
            server,
            sources,
            next: AtomicUsize::new(0),
        }
    }

    /// A TCP connection to the server from the next source address, with Nagle off.
    async fn tcp(&self) -> Result<TcpStream, OpenError> {
        let socket = if self.server.is_ipv4() {
            TcpSocket::new_v4()
        } else {
            TcpSocket::new_v6()
        }
        .map_err(OpenError::Connect)?;
        if !self.sources.is_empty() {
            let i = self.next.fetch_add(1, Ordering::Relaxed) % self.sources.len();
            socket
                .bind(SocketAddr::new(self.sources[i], 0))
                .map_err(OpenError::Connect)?;
        }
        let stream = socket
            .connect(self.server)
            .await
            .map_err(OpenError::Connect)?;
        stream.set_nodelay(true).map_err(OpenError::Connect)?;
        Ok(stream)
    }

    /// `POST /api/circles`: a new circle for one meeting.
    pub async fn create_circle(&self, name: &str) -> Result<Circle, OpenError> {
        timeout(OPEN_TIMEOUT, self.create_circle_inner(name))
            .await
            .map_err(|_| OpenError::Timeout)?
    }

    async fn create_circle_inner(&self, name: &str) -> Result<Circle, OpenError> {
        let mut stream = self.tcp().await?;
        let body = serde_json::json!({ "name": name }).to_string();
        let request = format!(
            "POST /api/circles HTTP/1.1\r\nhost: {}\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            self.server,
            body.len()
        );
        stream
            .write_all(request.as_bytes())
            .await
            .map_err(OpenError::Connect)?;
        let mut raw = Vec::with_capacity(1024);
        stream
            .read_to_end(&mut raw)
            .await
            .map_err(OpenError::Connect)?;
        let text = String::from_utf8_lossy(&raw);
        let status = text.split_whitespace().nth(1).unwrap_or("none");
        if status != "201" {
            return Err(OpenError::Http(format!("status {status}")));
        }
        let body = text.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        let answer: serde_json::Value =
            serde_json::from_str(body).map_err(|_| OpenError::Http("unreadable body".into()))?;
        let room = answer["room"].as_str();
        let secret = answer["facilitator_url"]
            .as_str()
            .and_then(|u| u.split_once("#f="))
            .map(|(_, s)| s);
        match (room, secret) {
            (Some(room), Some(secret)) => Ok(Circle {
                room: room.to_owned(),
                secret: secret.to_owned(),
            }),
            _ => Err(OpenError::Http("answer without room or secret".into())),
        }
    }

    /// Opens `/ws/{room}`, says `hello` and waits for the welcome.
    pub async fn open(&self, room: &str, hello: &Hello) -> Result<Opened, OpenError> {
        let started = Instant::now();
        let mut opened = timeout(OPEN_TIMEOUT, self.open_inner(room, hello))
            .await
            .map_err(|_| OpenError::Timeout)??;
        opened.took = started.elapsed();
        Ok(opened)
    }

    /// Opens a WebSocket to `path` with no hello (the relay mode's), its time included.
    pub async fn open_plain(&self, path: &str) -> Result<(Ws, Duration), OpenError> {
        let started = Instant::now();
        let ws = timeout(OPEN_TIMEOUT, self.websocket(path))
            .await
            .map_err(|_| OpenError::Timeout)??;
        Ok((ws, started.elapsed()))
    }

    /// A TCP connection and the WebSocket handshake for `path`.
    async fn websocket(&self, path: &str) -> Result<Ws, OpenError> {
        let stream = self.tcp().await?;
        let request = format!("ws://{}{path}", self.server)
            .into_client_request()
            .map_err(|e| OpenError::Handshake(e.to_string()))?;
        let (ws, _) =
            tokio_tungstenite::client_async_with_config(request, stream, Some(ws_config()))
                .await
                .map_err(|e| OpenError::Handshake(e.to_string()))?;
        Ok(ws)
    }

    async fn open_inner(&self, room: &str, hello: &Hello) -> Result<Opened, OpenError> {
        let mut ws = self.websocket(&format!("/ws/{room}")).await?;
        let text = serde_json::to_string(&ClientMessage::Hello(hello.clone()))
            .expect("a hello serializes");
        ws.send(Message::text(text))
            .await
            .map_err(|e| OpenError::Handshake(e.to_string()))?;
        loop {
            let Some(frame) = ws.next().await else {
                return Err(OpenError::Closed);
            };
            let Ok(Message::Text(text)) = frame else {
                if let Ok(Message::Close(_)) | Err(_) = frame {
                    return Err(OpenError::Closed);
                }
                continue;
            };
            match serde_json::from_str::<ServerMessage>(&text) {
                Ok(ServerMessage::Welcome {
                    seat,
                    role,
                    seat_token,
                    snapshot,
                    ..
                }) => {
                    return Ok(Opened {
                        ws,
                        seat,
                        role,
                        token: seat_token,
                        version: snapshot.version,
                        raw: text,
                        took: Duration::ZERO,
                    });
                }
                Ok(ServerMessage::Error { code, .. }) => {
                    return Err(OpenError::Refused(code.to_string()));
                }
                Ok(_) => {}
                Err(e) => return Err(OpenError::Unreadable(e.to_string())),
            }
        }
    }
}
