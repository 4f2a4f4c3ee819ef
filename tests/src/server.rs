//! A real `hotseat` server on 127.0.0.1:0 inside the test process, and real WebSocket
//! clients (tokio-tungstenite) that speak the protocol as any client would.

use std::net::SocketAddr;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use hotseat_protocol::message::GoodbyeReason;
use hotseat_protocol::{
    ClientMessage, Command, ErrorCode, Event, Hello, PROTOCOL_VERSION, Role, SeatId, ServerMessage,
    Snapshot,
};
use hotseat_server::{Config, Server};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::{oneshot, watch};
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// How long a test waits for an expected message before failing.
pub const PATIENCE: Duration = Duration::from_secs(10);

pub struct TestServer {
    pub addr: SocketAddr,
    pub public_url: String,
    /// The server's data directory (a fresh temporary one unless the test chose one).
    pub data: std::path::PathBuf,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
    /// Keeps the temporary data directory alive as long as the server.
    _data_dir: Option<tempfile::TempDir>,
}

impl TestServer {
    /// A server with the default configuration on a free port.
    pub async fn start() -> TestServer {
        TestServer::start_with(|_| {}).await
    }

    /// A server whose configuration `tweak` may change (short grace periods, pings...).
    pub async fn start_with(tweak: impl FnOnce(&mut Config)) -> TestServer {
        let dir = tempfile::tempdir().expect("a temporary data directory");
        let mut config = Config::default_for("127.0.0.1:0".parse().expect("address"));
        config.data = dir.path().to_path_buf();
        tweak(&mut config);
        let mut server = TestServer::start_config(config).await;
        server._data_dir = Some(dir);
        server
    }

    /// A handle on a server running elsewhere (another process), for its client helpers.
    pub fn remote(addr: SocketAddr, data: &std::path::Path) -> TestServer {
        TestServer {
            addr,
            public_url: format!("http://{addr}"),
            data: data.to_path_buf(),
            stop: None,
            task: None,
            _data_dir: None,
        }
    }

    /// A server on the data directory `data` (to restart on what an earlier one stored).
    pub async fn start_on(data: &std::path::Path) -> TestServer {
        let mut config = Config::default_for("127.0.0.1:0".parse().expect("address"));
        config.data = data.to_path_buf();
        TestServer::start_config(config).await
    }

    async fn start_config(config: Config) -> TestServer {
        let data = config.data.clone();
        let server = Server::bind(&config).await.expect("server binds");
        let addr = server.local_addr;
        let public_url = server.public_url().to_owned();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            server
                .run(async {
                    let _ = stopped.await;
                })
                .await
                .expect("server runs");
        });
        TestServer {
            addr,
            public_url,
            data,
            stop: Some(stop),
            task: Some(task),
            _data_dir: None,
        }
    }

    /// Stops the server as SIGTERM would and starts a new one on the same data directory.
    pub async fn restart(mut self) -> TestServer {
        let dir = self._data_dir.take();
        let data = self.data.clone();
        self.shutdown().await;
        let mut again = TestServer::start_on(&data).await;
        again._data_dir = dir;
        again
    }

    /// Stops the server as SIGTERM would, and waits for it to finish.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = tokio::time::timeout(PATIENCE, task).await;
        }
    }

    /// `POST /api/circles` with `body`; returns the status and the JSON answer.
    pub async fn post(&self, path: &str, body: &str) -> (u16, Value) {
        let (status, text) = http(self.addr, "POST", path, Some(body), &[]).await;
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    pub async fn get(&self, path: &str) -> (u16, String) {
        http(self.addr, "GET", path, None, &[]).await
    }

    /// Creates a circle; returns (room id, facilitator secret).
    pub async fn create_circle(&self, name: &str) -> Circle {
        self.create_circle_with(&serde_json::json!({ "name": name }))
            .await
    }

    pub async fn create_circle_with(&self, body: &Value) -> Circle {
        let (status, answer) = self.post("/api/circles", &body.to_string()).await;
        assert_eq!(status, 201, "circle created: {answer}");
        let facilitator_url = answer["facilitator_url"].as_str().expect("facilitator_url");
        let secret = facilitator_url
            .split_once("#f=")
            .expect("secret in the fragment")
            .1
            .to_owned();
        Circle {
            room: answer["room"].as_str().expect("room").to_owned(),
            secret,
            join_url: answer["join_url"].as_str().expect("join_url").to_owned(),
            facilitator_url: facilitator_url.to_owned(),
        }
    }

    /// A WebSocket to `/ws/{room}` with this server's own origin, as its page would open.
    pub async fn connect(&self, room: &str) -> Client {
        self.connect_with_origin(room, Some(&self.public_url.clone()))
            .await
            .expect("websocket opens")
    }

    pub async fn connect_with_origin(
        &self,
        room: &str,
        origin: Option<&str>,
    ) -> Result<Client, WsError> {
        let mut request = format!("ws://{}/ws/{room}", self.addr)
            .into_client_request()
            .expect("request");
        if let Some(origin) = origin {
            request
                .headers_mut()
                .insert("origin", origin.parse().expect("origin header"));
        }
        let (ws, _) = tokio_tungstenite::connect_async(request).await?;
        Ok(Client {
            ws,
            seat: None,
            token: None,
            last: None,
            next_req: 1,
            history: None,
        })
    }

    /// Connects and joins as a member named `name`.
    pub async fn join(&self, room: &str, name: &str) -> (Client, Welcome) {
        let mut client = self.connect(room).await;
        let welcome = client.hello_name(name).await.expect("joins");
        (client, welcome)
    }

    /// Connects and takes the facilitator's seat.
    pub async fn facilitate(&self, circle: &Circle) -> (Client, Welcome) {
        let mut client = self.connect(&circle.room).await;
        let welcome = client
            .hello(Hello {
                protocol: PROTOCOL_VERSION,
                name: None,
                seat_token: None,
                facilitator_secret: Some(circle.secret.clone()),
            })
            .await
            .expect("facilitator joins");
        (client, welcome)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

#[derive(Debug, Clone)]
pub struct Circle {
    pub room: String,
    pub secret: String,
    pub join_url: String,
    pub facilitator_url: String,
}

/// What a successful `hello` gave.
#[derive(Debug, Clone)]
pub struct Welcome {
    pub seat: SeatId,
    pub role: Role,
    pub seat_token: String,
    pub resumed: bool,
    pub snapshot: Snapshot,
}

pub struct Client {
    pub ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    pub seat: Option<SeatId>,
    pub token: Option<String>,
    /// The newest snapshot this client has received (welcome or update).
    pub last: Option<Snapshot>,
    next_req: u64,
    /// Every message received, once `record` was called.
    history: Option<Vec<ServerMessage>>,
}

/// How a connection ended, as the client saw it.
#[derive(Debug, PartialEq, Eq)]
pub enum Closed {
    /// A close frame with this code.
    Code(u16),
    /// The socket ended without a close frame.
    Abrupt,
}

impl Client {
    pub async fn send_json(&mut self, value: &Value) {
        self.send_text(&value.to_string()).await;
    }

    pub async fn send_text(&mut self, text: &str) {
        self.ws
            .send(Message::text(text.to_owned()))
            .await
            .expect("send");
    }

    pub async fn send_message(&mut self, message: &ClientMessage) {
        let text = serde_json::to_string(message).expect("serializes");
        self.send_text(&text).await;
    }

    pub async fn hello(&mut self, hello: Hello) -> Result<Welcome, ErrorCode> {
        self.send_message(&ClientMessage::Hello(hello)).await;
        loop {
            match self.recv().await {
                ServerMessage::Welcome {
                    seat,
                    role,
                    seat_token,
                    resumed,
                    snapshot,
                    ..
                } => {
                    self.seat = Some(seat);
                    self.token = Some(seat_token.clone());
                    return Ok(Welcome {
                        seat,
                        role,
                        seat_token,
                        resumed,
                        snapshot,
                    });
                }
                ServerMessage::Error { code, .. } => return Err(code),
                _ => {}
            }
        }
    }

    pub async fn hello_name(&mut self, name: &str) -> Result<Welcome, ErrorCode> {
        self.hello(Hello {
            protocol: PROTOCOL_VERSION,
            name: Some(name.to_owned()),
            seat_token: None,
            facilitator_secret: None,
        })
        .await
    }

    pub async fn hello_token(&mut self, token: &str) -> Result<Welcome, ErrorCode> {
        self.hello(Hello {
            protocol: PROTOCOL_VERSION,
            name: None,
            seat_token: Some(token.to_owned()),
            facilitator_secret: None,
        })
        .await
    }

    /// Sends a command with a fresh `req`; returns the `req`.
    pub async fn act(&mut self, command: Command) -> u64 {
        let req = self.next_req;
        self.next_req += 1;
        self.send_message(&ClientMessage::Act {
            req: Some(req),
            command,
            seen: None,
        })
        .await;
        req
    }

    /// Sends a command and waits for its ack (returning the new version) or error.
    pub async fn act_and_wait(&mut self, command: Command) -> Result<u64, ErrorCode> {
        let req = self.act(command).await;
        loop {
            match self.recv().await {
                ServerMessage::Ack { req: r, version } if r == req => return Ok(version),
                ServerMessage::Error {
                    req: Some(r), code, ..
                } if r == req => return Err(code),
                _ => {}
            }
        }
    }

    /// The next server message (pings are answered by the library); panics after PATIENCE.
    pub async fn recv(&mut self) -> ServerMessage {
        match self.try_recv(PATIENCE).await {
            Some(message) => message,
            None => panic!("no message from the server within {PATIENCE:?}"),
        }
    }

    /// The next server message within `wait`, or None (timeout or closed).
    pub async fn try_recv(&mut self, wait: Duration) -> Option<ServerMessage> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let frame = tokio::time::timeout_at(deadline, self.ws.next())
                .await
                .ok()??;
            match frame {
                Ok(Message::Text(text)) => {
                    let message: ServerMessage = serde_json::from_str(&text).unwrap_or_else(|e| {
                        panic!("server sent a message the protocol types cannot read: {e}: {text}")
                    });
                    if let ServerMessage::Update { snapshot, .. }
                    | ServerMessage::Welcome { snapshot, .. } = &message
                    {
                        self.last = Some(snapshot.clone());
                    }
                    if let Some(history) = &mut self.history {
                        history.push(message.clone());
                    }
                    return Some(message);
                }
                Ok(Message::Close(_)) | Err(_) => return None,
                Ok(_) => {}
            }
        }
    }

    /// Reads until an update whose snapshot satisfies `pred`; returns that snapshot.
    /// The newest snapshot already received counts too.
    pub async fn until(&mut self, pred: impl Fn(&Snapshot) -> bool) -> Snapshot {
        if let Some(last) = self.last.as_ref().filter(|s| pred(s)) {
            return last.clone();
        }
        loop {
            match self.recv().await {
                ServerMessage::Update { snapshot, .. }
                | ServerMessage::Welcome { snapshot, .. }
                    if pred(&snapshot) =>
                {
                    return snapshot;
                }
                _ => {}
            }
        }
    }

    /// Reads until the server sends an error; returns its code.
    pub async fn next_error(&mut self) -> ErrorCode {
        loop {
            if let ServerMessage::Error { code, .. } = self.recv().await {
                return code;
            }
        }
    }

    /// Reads until the connection closes; returns the goodbye reason seen (if any) and how
    /// it closed.
    pub async fn until_closed(&mut self) -> (Option<GoodbyeReason>, Closed) {
        let mut goodbye = None;
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            match tokio::time::timeout_at(deadline, self.ws.next()).await {
                Err(_) => panic!("the connection did not close within {PATIENCE:?}"),
                Ok(None) => return (goodbye, Closed::Abrupt),
                Ok(Some(Err(_))) => return (goodbye, Closed::Abrupt),
                Ok(Some(Ok(Message::Close(frame)))) => {
                    let code = frame.map_or(Closed::Abrupt, |f| Closed::Code(u16::from(f.code)));
                    return (goodbye, code);
                }
                Ok(Some(Ok(Message::Text(text)))) => {
                    if let Ok(ServerMessage::Goodbye { reason }) =
                        serde_json::from_str::<ServerMessage>(&text)
                    {
                        goodbye = Some(reason);
                    }
                }
                Ok(Some(Ok(_))) => {}
            }
        }
    }

    /// Closes the socket as a browser tab closing would.
    pub async fn close(mut self) {
        let _ = self.ws.close(None).await;
        // Drain until the server's close arrives, so the server has seen it.
        let _ = tokio::time::timeout(Duration::from_secs(2), async {
            while let Some(Ok(_)) = self.ws.next().await {}
        })
        .await;
    }
}

/// A minimal HTTP/1.1 request (the tests need no more than this).
pub async fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: Option<&str>,
    headers: &[(&str, &str)],
) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).await.expect("connects");
    let body = body.unwrap_or("");
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).await.expect("writes");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("reads");
    let text = String::from_utf8_lossy(&raw).to_string();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    // Chunked bodies: keep only the JSON payload between the chunk sizes.
    let body = if text
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body.lines()
            .filter(|l| !l.chars().all(|c| c.is_ascii_hexdigit()))
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        body
    };
    (status, body)
}

/// The close code as a number.
pub fn code_of(code: CloseCode) -> u16 {
    u16::from(code)
}

// ---- helpers for the hub tests (hub_*.rs) ----

impl TestServer {
    /// The `/metrics` page.
    pub async fn metrics(&self) -> String {
        let (status, text) = self.get("/metrics").await;
        assert_eq!(status, 200, "/metrics answers");
        text
    }

    /// One series of `/metrics`, by its full name (labels included, e.g.
    /// `hotseat_errors_total{code="room_full"}`). Panics when the series is missing.
    pub async fn metric(&self, series: &str) -> f64 {
        let text = self.metrics().await;
        metric_value(&text, series)
            .unwrap_or_else(|| panic!("no series {series} in /metrics:\n{text}"))
    }

    /// Polls `/metrics` until `series` satisfies `pred` (counters and gauges move a moment
    /// after the event that moves them); returns the value. Panics after PATIENCE.
    pub async fn wait_metric(&self, series: &str, pred: impl Fn(f64) -> bool) -> f64 {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let value = self.metric(series).await;
            if pred(value) {
                return value;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{series} stayed at {value} for {PATIENCE:?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Connects and comes back to a seat with its token (no fallback name).
    pub async fn resume(&self, room: &str, token: &str) -> (Client, Welcome) {
        let mut client = self.connect(room).await;
        let welcome = client.hello_token(token).await.expect("resumes");
        (client, welcome)
    }
}

/// The value of one series in a Prometheus text page.
pub fn metric_value(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .find_map(|line| {
            let (name, value) = line.rsplit_once(' ')?;
            (name == series).then(|| value.parse().ok()).flatten()
        })
}

impl Client {
    /// From now on, keep every message received (see `history`).
    pub fn record(&mut self) {
        self.history.get_or_insert_with(Vec::new);
    }

    /// Every message received since `record` was called.
    pub fn history(&self) -> &[ServerMessage] {
        self.history.as_deref().unwrap_or(&[])
    }

    pub async fn send_binary(&mut self, bytes: Vec<u8>) {
        self.ws.send(Message::binary(bytes)).await.expect("send");
    }

    pub async fn hello_secret(&mut self, secret: &str) -> Result<Welcome, ErrorCode> {
        self.hello(Hello {
            protocol: PROTOCOL_VERSION,
            name: None,
            seat_token: None,
            facilitator_secret: Some(secret.to_owned()),
        })
        .await
    }

    /// A `hello` with a stored seat token and the person's name to fall back on.
    pub async fn hello_token_or_name(
        &mut self,
        token: &str,
        name: &str,
    ) -> Result<Welcome, ErrorCode> {
        self.hello(Hello {
            protocol: PROTOCOL_VERSION,
            name: Some(name.to_owned()),
            seat_token: Some(token.to_owned()),
            facilitator_secret: None,
        })
        .await
    }

    /// Like `act_and_wait`, but a command dropped by the rate limit is sent again after a
    /// pause (for tests that generate many updates on purpose).
    pub async fn act_paced(&mut self, command: Command) -> Result<u64, ErrorCode> {
        loop {
            let req = self.act(command.clone()).await;
            loop {
                match self.recv().await {
                    ServerMessage::Ack { req: r, version } if r == req => return Ok(version),
                    ServerMessage::Error {
                        req: Some(r), code, ..
                    } if r == req => return Err(code),
                    ServerMessage::Error {
                        req: None,
                        code: ErrorCode::RateLimited,
                        ..
                    } => break,
                    _ => {}
                }
            }
            // The bucket refills at ten a second: wait for more than one token.
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// Asks for a fresh snapshot (`sync`) and returns it.
    pub async fn sync(&mut self) -> Snapshot {
        self.send_message(&ClientMessage::Sync).await;
        loop {
            if let ServerMessage::Update {
                snapshot, events, ..
            } = self.recv().await
                && events.is_empty()
            {
                return snapshot;
            }
        }
    }

    /// Reads until the connection closes; returns every message seen and how it closed.
    pub async fn drain_until_closed(&mut self) -> (Vec<ServerMessage>, Closed) {
        let mut seen = Vec::new();
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            match tokio::time::timeout_at(deadline, self.ws.next()).await {
                Err(_) => panic!("the connection did not close within {PATIENCE:?}; saw {seen:?}"),
                Ok(None | Some(Err(_))) => return (seen, Closed::Abrupt),
                Ok(Some(Ok(Message::Close(frame)))) => {
                    let code = frame.map_or(Closed::Abrupt, |f| Closed::Code(u16::from(f.code)));
                    return (seen, code);
                }
                Ok(Some(Ok(Message::Text(text)))) => {
                    let message: ServerMessage = serde_json::from_str(&text)
                        .unwrap_or_else(|e| panic!("unreadable server message: {e}: {text}"));
                    seen.push(message);
                }
                Ok(Some(Ok(_))) => {}
            }
        }
    }

    /// Reads until an update carrying an event that satisfies `pred`; returns that update's
    /// snapshot and the event.
    pub async fn until_event(&mut self, pred: impl Fn(&Event) -> bool) -> (Snapshot, Event) {
        loop {
            if let ServerMessage::Update {
                events, snapshot, ..
            } = self.recv().await
                && let Some(event) = events.into_iter().find(|e| pred(e))
            {
                return (snapshot, event);
            }
        }
    }

    /// Hands the client to a task that keeps reading (so it answers pings and its socket
    /// never fills) and publishes each snapshot it receives.
    pub fn in_background(mut self) -> Background {
        let (stop, mut stopped) = oneshot::channel::<()>();
        let (publish, snapshots) = watch::channel(self.last.clone());
        let task = tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = &mut stopped => break,
                    message = self.try_recv(Duration::from_secs(3600)) => match message {
                        Some(ServerMessage::Update { snapshot, .. } | ServerMessage::Welcome { snapshot, .. }) => {
                            let _ = publish.send(Some(snapshot));
                        }
                        Some(_) => {}
                        None => break,
                    },
                }
            }
            self
        });
        Background {
            stop,
            task,
            snapshots,
        }
    }
}

/// A client read continuously by its own task (see `Client::in_background`).
pub struct Background {
    stop: oneshot::Sender<()>,
    task: JoinHandle<Client>,
    pub snapshots: watch::Receiver<Option<Snapshot>>,
}

impl Background {
    /// Waits until the newest snapshot satisfies `pred`; panics after PATIENCE.
    pub async fn until(&mut self, pred: impl Fn(&Snapshot) -> bool) -> Snapshot {
        let found = tokio::time::timeout(
            PATIENCE,
            self.snapshots.wait_for(|s| s.as_ref().is_some_and(&pred)),
        )
        .await;
        match found {
            Ok(Ok(snapshot)) => snapshot.clone().expect("a snapshot"),
            Ok(Err(_)) => panic!("the background client stopped before the condition held"),
            Err(_) => panic!("condition not met within {PATIENCE:?}"),
        }
    }

    /// Stops reading and gives the client back.
    pub async fn stop(self) -> Client {
        let _ = self.stop.send(());
        self.task.await.expect("the reading task ends")
    }
}

/// The resident memory of this process (server and clients together), in KiB, from
/// `/proc/self/status`; `None` where that file does not exist.
pub fn resident_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}

// ---- driving a meeting over the wire: `clients[0]` is the facilitator ----

/// Reads every client's messages until each has seen `version`; returns the first one's
/// snapshot.
pub async fn settle(clients: &mut [Client], version: u64) -> Snapshot {
    let mut first = None;
    for client in clients.iter_mut() {
        let snapshot = client.until(|s| s.version >= version).await;
        first.get_or_insert(snapshot);
    }
    first.expect("at least one client")
}

/// Client `who` sends a command that must be accepted; every client then sees its version.
pub async fn step(clients: &mut [Client], who: usize, command: Command) -> Snapshot {
    let version = clients[who]
        .act_and_wait(command.clone())
        .await
        .unwrap_or_else(|code| panic!("{command:?} by client {who} refused: {code}"));
    settle(clients, version).await
}

/// The index of the client holding the floor.
pub fn holder(clients: &[Client], snapshot: &Snapshot) -> usize {
    let seat = snapshot.floor.expect("someone has the floor").seat;
    clients
        .iter()
        .position(|c| c.seat == Some(seat))
        .expect("the floor holder is one of these clients")
}

/// Lobby -> opening -> every member acknowledges -> check-in.
pub async fn open_meeting(clients: &mut [Client]) -> Snapshot {
    step(clients, 0, Command::Start).await;
    for i in 1..clients.len() {
        step(clients, i, Command::AcknowledgeNorms).await;
    }
    step(clients, 0, Command::Advance).await
}

/// From the check-in: everyone passes, the agenda is `presenters` (client indices), and the
/// first presenter presents and is done: the question round is open.
pub async fn into_questions(clients: &mut [Client], presenters: &[usize]) -> Snapshot {
    let mut snapshot = settle(clients, 0).await;
    while snapshot.floor.is_some() {
        let who = holder(clients, &snapshot);
        snapshot = step(clients, who, Command::Pass).await;
    }
    let seats = presenters
        .iter()
        .map(|i| clients[*i].seat.expect("seated"))
        .collect();
    step(clients, 0, Command::SetAgenda { seats }).await;
    step(clients, 0, Command::Advance).await;
    step(clients, presenters[0], Command::Done).await;
    step(clients, 0, Command::Advance).await
}
