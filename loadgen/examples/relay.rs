//! A bare WebSocket relay: the reference point of issue 6 ("a bare tokio-tungstenite relay
//! with no meeting rules at all costs about 100 µs of server CPU per command at 5,000
//! commands/s over 1,000 rooms x 7 clients").
//!
//! The host's speed drifts from day to day, so that figure is only comparable with
//! Hotseat's when measured in the same hour, with the same generator, pinning and CPU
//! accounting: `hotseat-loadgen --relay` against this program (see `--help` there).
//!
//! It is written the way a Rust developer would write a chat relay with tokio-tungstenite,
//! neither tuned nor handicapped: the default multi-thread runtime, Nagle off, one task
//! per connection, rooms as `tokio::sync::broadcast` channels in a `DashMap`. A client
//! connects to `/relay/<room>`; every text frame it sends goes to everyone in the room,
//! itself included. No rules, no parsing of what is relayed.
//!
//!     cargo build --release -p hotseat-loadgen --example relay
//!     taskset -c 0 target/release/examples/relay --listen 127.0.0.1:19091

use std::net::SocketAddr;
use std::sync::Arc;

use clap::Parser;
use dashmap::DashMap;
use futures_util::{SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::broadcast::{self, error::RecvError};
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::http::StatusCode;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{self, Message};

/// A bare WebSocket relay: whatever a client of `/relay/<room>` sends goes to the room.
#[derive(Debug, Parser)]
struct Args {
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:9091")]
    listen: SocketAddr,
    /// tungstenite's read buffer per connection, bytes. Default: tungstenite's own
    /// (128 KiB, zero-filled before every read attempt in tungstenite 0.29).
    #[arg(long)]
    read_buffer_size: Option<usize>,
}

/// Messages waiting for the slowest member of a room before it starts missing some.
const ROOM_BACKLOG: usize = 256;

/// The rooms by name, each a broadcast channel its members subscribe to.
pub type Rooms = Arc<DashMap<String, broadcast::Sender<Message>>>;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let listener = TcpListener::bind(args.listen).await?;
    println!("relay listening on {}", listener.local_addr()?);
    let config = args
        .read_buffer_size
        .map(|size| WebSocketConfig::default().read_buffer_size(size));
    serve(listener, config).await
}

/// Accepts connections until the listener fails; `config`: tungstenite's settings
/// (`None`: its defaults).
pub async fn serve(listener: TcpListener, config: Option<WebSocketConfig>) -> anyhow::Result<()> {
    let rooms = Rooms::default();
    loop {
        let (stream, _) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(e) => {
                // Out of file descriptors, say: try again shortly.
                eprintln!("accept: {e}");
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                continue;
            }
        };
        let rooms = rooms.clone();
        tokio::spawn(async move {
            if let Err(e) = connection(stream, rooms, config).await {
                match e {
                    tungstenite::Error::ConnectionClosed | tungstenite::Error::Protocol(_) => {}
                    e => eprintln!("connection: {e}"),
                }
            }
        });
    }
}

/// One client: the handshake, then relaying both ways until it leaves.
#[allow(clippy::result_large_err)] // the handshake callback's error type is tungstenite's
async fn connection(
    stream: TcpStream,
    rooms: Rooms,
    config: Option<WebSocketConfig>,
) -> Result<(), tungstenite::Error> {
    stream.set_nodelay(true)?;
    let mut room = None;
    let callback = |req: &Request, res: Response| match req.uri().path().strip_prefix("/relay/") {
        Some(name) if !name.is_empty() => {
            room = Some(name.to_owned());
            Ok(res)
        }
        _ => {
            let mut not_found = ErrorResponse::new(Some("no such room".into()));
            *not_found.status_mut() = StatusCode::NOT_FOUND;
            Err(not_found)
        }
    };
    let ws = tokio_tungstenite::accept_hdr_async_with_config(stream, callback, config).await?;
    let room = room.expect("the handshake read the room");
    let tx = rooms
        .entry(room.clone())
        .or_insert_with(|| broadcast::channel(ROOM_BACKLOG).0)
        .clone();
    let mut rx = tx.subscribe();
    let (mut sink, mut stream) = ws.split();

    let result = loop {
        tokio::select! {
            incoming = stream.next() => match incoming {
                Some(Ok(msg @ Message::Text(_))) => {
                    let _ = tx.send(msg);
                }
                Some(Ok(Message::Close(_))) | None => break Ok(()),
                Some(Ok(_)) => {} // pings are answered by tungstenite
                Some(Err(e)) => break Err(e),
            },
            outgoing = rx.recv() => match outgoing {
                Ok(msg) => {
                    if let Err(e) = sink.send(msg).await {
                        break Err(e);
                    }
                }
                Err(RecvError::Lagged(missed)) => eprintln!("room {room}: a client missed {missed}"),
                Err(RecvError::Closed) => break Ok(()),
            },
        }
    };

    // The last one out closes the room.
    drop(rx);
    rooms.remove_if(&room, |_, tx| tx.receiver_count() == 0);
    result
}
