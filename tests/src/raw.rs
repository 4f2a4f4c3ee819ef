//! A WebSocket client by hand over a plain TCP socket: the handshake, frames written byte by
//! byte (masked or not, any opcode, any bits), frames read back, so tests can break the rules.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};

/// The RFC 6455 example key (section 1.3): base64 of 16 bytes.
pub const GOOD_KEY: &str = "dGhlIHNhbXBsZSBub25jZQ==";

pub const TEXT: u8 = 0x1;
pub const BINARY: u8 = 0x2;
pub const CONTINUATION: u8 = 0x0;
pub const CLOSE: u8 = 0x8;
pub const PING: u8 = 0x9;
pub const PONG: u8 = 0xA;

/// One frame as a client writes it.
#[derive(Debug, Clone)]
pub struct Frame {
    pub fin: bool,
    /// RSV1..3 as the three bits below FIN (0b100 is RSV1).
    pub rsv: u8,
    pub opcode: u8,
    /// `None` writes an unmasked frame, which a server must refuse.
    pub mask: Option<[u8; 4]>,
    pub payload: Vec<u8>,
}

impl Frame {
    /// A final, masked frame: what a well-behaved client sends.
    pub fn new(opcode: u8, payload: impl Into<Vec<u8>>) -> Frame {
        Frame {
            fin: true,
            rsv: 0,
            opcode,
            mask: Some([0x37, 0xfa, 0x21, 0x3d]),
            payload: payload.into(),
        }
    }

    pub fn text(text: &str) -> Frame {
        Frame::new(TEXT, text.as_bytes())
    }

    /// A close frame with a code (and no reason).
    pub fn close(code: u16) -> Frame {
        Frame::new(CLOSE, code.to_be_bytes())
    }

    /// The frame's bytes on the wire.
    pub fn bytes(&self) -> Vec<u8> {
        let mut out = vec![(u8::from(self.fin) << 7) | (self.rsv << 4) | self.opcode];
        let mask_bit = if self.mask.is_some() { 0x80 } else { 0 };
        let len = self.payload.len();
        if len < 126 {
            out.push(mask_bit | len as u8);
        } else if len <= usize::from(u16::MAX) {
            out.push(mask_bit | 126);
            out.extend_from_slice(&(len as u16).to_be_bytes());
        } else {
            out.push(mask_bit | 127);
            out.extend_from_slice(&(len as u64).to_be_bytes());
        }
        match self.mask {
            Some(mask) => {
                out.extend_from_slice(&mask);
                out.extend(
                    self.payload
                        .iter()
                        .enumerate()
                        .map(|(i, b)| b ^ mask[i % 4]),
                );
            }
            None => out.extend_from_slice(&self.payload),
        }
        out
    }
}

/// A frame the server sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub opcode: u8,
    pub payload: Vec<u8>,
}

impl Received {
    /// A close frame's code (`None` for an empty close or another frame).
    pub fn close_code(&self) -> Option<u16> {
        (self.opcode == CLOSE && self.payload.len() >= 2)
            .then(|| u16::from_be_bytes([self.payload[0], self.payload[1]]))
    }

    pub fn text(&self) -> Option<&str> {
        (self.opcode == TEXT)
            .then(|| std::str::from_utf8(&self.payload).ok())
            .flatten()
    }
}

/// How a read of everything up to the close ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    /// The server's close frame arrived, with this code (`None`: an empty close).
    Close(Option<u16>),
    /// The TCP connection ended (FIN) before any close frame.
    Eof,
    /// The connection was reset (or broke) before any close frame: the browser's 1006.
    Reset(String),
    /// Nothing came within the patience.
    Timeout,
}

/// The status line's code and the headers of an HTTP answer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub head: String,
}

/// Sends an upgrade request with `key` and reads the answer's head. The socket is left
/// ready for frames (when the answer was 101).
pub async fn handshake(
    addr: SocketAddr,
    path: &str,
    key: Option<&str>,
) -> std::io::Result<(Answer, RawSocket)> {
    handshake_on(TcpStream::connect(addr).await?, addr, path, key).await
}

/// `handshake` on a socket already connected to `addr`.
pub async fn handshake_on(
    mut tcp: TcpStream,
    addr: SocketAddr,
    path: &str,
    key: Option<&str>,
) -> std::io::Result<(Answer, RawSocket)> {
    tcp.set_nodelay(true)?;
    let mut request = format!(
        "GET {path} HTTP/1.1\r\nhost: {addr}\r\nconnection: Upgrade\r\nupgrade: websocket\r\n\
         sec-websocket-version: 13\r\n"
    );
    if let Some(key) = key {
        request.push_str(&format!("sec-websocket-key: {key}\r\n"));
    }
    request.push_str("\r\n");
    tcp.write_all(request.as_bytes()).await?;
    // Byte by byte up to the blank line, so no frame bytes are read as part of the head.
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        let mut byte = [0u8; 1];
        if tcp.read(&mut byte).await? == 0 {
            break;
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let (read, write) = tcp.into_split();
    Ok((
        Answer { status, head },
        RawSocket {
            read: RawReader {
                read,
                buf: Vec::new(),
            },
            write,
        },
    ))
}

/// An open WebSocket, spoken by hand.
pub struct RawSocket {
    pub read: RawReader,
    pub write: OwnedWriteHalf,
}

impl RawSocket {
    /// Opens `/ws/{room}` with a good key; panics unless the answer is 101.
    pub async fn open(addr: SocketAddr, room: &str) -> RawSocket {
        let (answer, socket) = handshake(addr, &format!("/ws/{room}"), Some(GOOD_KEY))
            .await
            .expect("connects");
        assert_eq!(answer.status, 101, "upgraded: {}", answer.head);
        socket
    }

    /// `open` for a client that falls behind quickly: a small kernel receive buffer and small
    /// segments (the server's send buffer grows with the segment size, on loopback 64 KiB).
    pub async fn open_slow(addr: SocketAddr, room: &str) -> RawSocket {
        let socket = tokio::net::TcpSocket::new_v4().expect("a socket");
        socket.set_recv_buffer_size(4096).expect("buffer size");
        socket2::SockRef::from(&socket)
            .set_tcp_mss(536)
            .expect("segment size");
        let tcp = socket.connect(addr).await.expect("connects");
        let (answer, socket) = handshake_on(tcp, addr, &format!("/ws/{room}"), Some(GOOD_KEY))
            .await
            .expect("handshake");
        assert_eq!(answer.status, 101, "upgraded: {}", answer.head);
        socket
    }

    /// Writes raw bytes in one write.
    pub async fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.write.write_all(bytes).await
    }

    pub async fn send(&mut self, frame: &Frame) -> std::io::Result<()> {
        self.write(&frame.bytes()).await
    }
}

/// The reading half, with what was read past the last whole frame.
pub struct RawReader {
    read: OwnedReadHalf,
    buf: Vec<u8>,
}

impl RawReader {
    /// The next whole frame; `Ok(None)` at the end of the stream.
    pub async fn frame(&mut self) -> std::io::Result<Option<Received>> {
        loop {
            if let Some((frame, used)) = parse(&self.buf) {
                self.buf.drain(..used);
                return Ok(Some(frame));
            }
            let mut chunk = [0u8; 8192];
            let n = self.read.read(&mut chunk).await?;
            if n == 0 {
                return Ok(None);
            }
            self.buf.extend_from_slice(&chunk[..n]);
        }
    }

    /// Reads every frame up to and including the server's close frame (or the end of the
    /// connection, or `patience`): the text frames seen, and how it ended.
    pub async fn until_close(&mut self, patience: Duration) -> (Vec<String>, Ending) {
        let mut texts = Vec::new();
        let deadline = tokio::time::Instant::now() + patience;
        loop {
            match tokio::time::timeout_at(deadline, self.frame()).await {
                Err(_) => return (texts, Ending::Timeout),
                Ok(Err(e)) => return (texts, Ending::Reset(e.to_string())),
                Ok(Ok(None)) => return (texts, Ending::Eof),
                Ok(Ok(Some(frame))) if frame.opcode == CLOSE => {
                    return (texts, Ending::Close(frame.close_code()));
                }
                Ok(Ok(Some(frame))) => {
                    if let Some(text) = frame.text() {
                        texts.push(text.to_owned());
                    }
                }
            }
        }
    }
}

/// One server frame from the front of `buf` (servers never mask), and the bytes it took.
fn parse(buf: &[u8]) -> Option<(Received, usize)> {
    if buf.len() < 2 {
        return None;
    }
    let opcode = buf[0] & 0x0f;
    let (len, start) = match buf[1] & 0x7f {
        126 if buf.len() >= 4 => (usize::from(u16::from_be_bytes([buf[2], buf[3]])), 4),
        127 if buf.len() >= 10 => {
            let bytes: [u8; 8] = buf[2..10].try_into().ok()?;
            (u64::from_be_bytes(bytes) as usize, 10)
        }
        126 | 127 => return None,
        n => (usize::from(n), 2),
    };
    let end = start + len;
    (buf.len() >= end).then(|| {
        (
            Received {
                opcode,
                payload: buf[start..end].to_vec(),
            },
            end,
        )
    })
}

/// The `goodbye` reason among texts read, if any (`"rate_limited"`, ...).
pub fn goodbye_reason(texts: &[String]) -> Option<String> {
    texts.iter().find_map(|text| {
        let value: serde_json::Value = serde_json::from_str(text).ok()?;
        (value["type"] == "goodbye").then(|| value["reason"].as_str().map(str::to_owned))?
    })
}
