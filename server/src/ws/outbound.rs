//! The write side of one client's socket, shared by its room and its connection task. The
//! room writes a frame straight into the socket from its own task (no channel, no hop to
//! another task); what the kernel cannot take at once waits here, bounded, until the
//! connection task finishes writing it when the socket is writable again.

use std::collections::VecDeque;
use std::io::{self, IoSlice};
use std::sync::{Arc, Mutex, MutexGuard};

use bytes::Bytes;
use tokio::net::TcpStream;
use tokio::sync::Notify;

/// Most pending frames written in one system call.
const MAX_SLICES: usize = 32;

/// Why a frame was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendError {
    /// The client is not reading: its pending frames reached the limit.
    Full,
    /// The socket is closed or broken.
    Closed,
}

pub struct Outbound {
    tcp: Arc<TcpStream>,
    state: Mutex<State>,
    /// Wakes the connection task when frames are left pending.
    pending: Notify,
    /// Most frames left pending before the client counts as too slow.
    limit: usize,
}

#[derive(Default)]
struct State {
    /// Whole frames (the first may be partly written already), in order.
    frames: VecDeque<Bytes>,
    /// The last frame (a close) is queued: nothing more is taken, what is pending still goes.
    ended: bool,
    /// The socket broke: nothing more is written.
    broken: bool,
}

impl std::fmt::Debug for Outbound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Outbound")
    }
}

impl Outbound {
    pub fn new(tcp: Arc<TcpStream>, limit: usize) -> Outbound {
        Outbound {
            tcp,
            state: Mutex::default(),
            pending: Notify::new(),
            limit: limit.max(1),
        }
    }

    /// The socket, for the connection task's reads.
    pub fn tcp(&self) -> &TcpStream {
        &self.tcp
    }

    /// Writes a whole frame now if the socket takes it, else queues (the rest of) it behind
    /// what is already pending. Never waits.
    pub fn send(&self, frame: &Bytes) -> Result<(), SendError> {
        self.send_all(&[frame])
    }

    /// `send` for frames that go together, in one system call.
    pub fn send_all(&self, frames: &[&Bytes]) -> Result<(), SendError> {
        let mut state = self.lock();
        self.push(&mut state, frames, self.limit)
    }

    fn push(&self, state: &mut State, frames: &[&Bytes], limit: usize) -> Result<(), SendError> {
        if state.ended || state.broken {
            return Err(SendError::Closed);
        }
        if !state.frames.is_empty() {
            if state.frames.len() + frames.len() > limit {
                return Err(SendError::Full);
            }
            state.frames.extend(frames.iter().map(|f| (*f).clone()));
            return Ok(());
        }
        let result = match frames {
            [one] => self.tcp.try_write(one),
            _ => {
                let slices: Vec<IoSlice<'_>> = frames.iter().map(|f| IoSlice::new(f)).collect();
                self.tcp.try_write_vectored(&slices)
            }
        };
        let mut written = match result {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => 0,
            Err(_) => {
                state.broken = true;
                return Err(SendError::Closed);
            }
        };
        // Usually all of it went: keep only what did not.
        for frame in frames {
            if written >= frame.len() {
                written -= frame.len();
            } else {
                state.frames.push_back(frame.slice(written..));
                written = 0;
            }
        }
        if !state.frames.is_empty() {
            // notify_one keeps a permit if the task is busy, so the wake is never lost.
            self.pending.notify_one();
        }
        Ok(())
    }

    /// Resolves when frames are waiting for the socket (see `flush`).
    pub fn pending(&self) -> &Notify {
        &self.pending
    }

    /// Writes everything pending, waiting for the socket to take it.
    pub async fn flush(&self) -> io::Result<()> {
        loop {
            if self.write_pending()? {
                return Ok(());
            }
            self.tcp.writable().await?;
        }
    }

    /// One round of writing what is pending: true once nothing is left.
    fn write_pending(&self) -> io::Result<bool> {
        let mut state = self.lock();
        loop {
            if state.broken {
                return Err(io::ErrorKind::BrokenPipe.into());
            }
            if state.frames.is_empty() {
                return Ok(true);
            }
            let slices: Vec<IoSlice<'_>> = state
                .frames
                .iter()
                .take(MAX_SLICES)
                .map(|f| IoSlice::new(f))
                .collect();
            let written = match self.tcp.try_write_vectored(&slices) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(false),
                Err(e) => {
                    state.broken = true;
                    return Err(e);
                }
            };
            advance(&mut state.frames, written);
        }
    }

    /// Queues the last frames (a goodbye and a close, or nothing): after them every write is
    /// refused, so nothing follows a close on the wire (RFC 6455, section 5.5.1). They are
    /// taken beyond the pending limit (a few bytes more), so a client dropped for being too
    /// slow still hears why. Only the first end counts. `flush` still writes what is pending.
    pub fn end(&self, last: &[&Bytes]) {
        let mut state = self.lock();
        if state.ended {
            return;
        }
        if !last.is_empty() {
            let _ = self.push(&mut state, last, usize::MAX);
        }
        state.ended = true;
    }

    /// Ends the sending side (TCP FIN) once everything is flushed: the client reads to the
    /// end, and the socket stays open for reading what it still sends.
    pub fn shutdown_write(&self) {
        // Already shut down or disconnected: the end it asked for is there.
        let _ = socket2::SockRef::from(&*self.tcp).shutdown(std::net::Shutdown::Write);
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // Nothing can leave the state half-changed, so a poisoned lock is still good.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Drops `written` bytes from the front of `frames`.
fn advance(frames: &mut VecDeque<Bytes>, mut written: usize) {
    while written > 0 {
        let Some(front) = frames.front_mut() else {
            return;
        };
        if written >= front.len() {
            written -= front.len();
            frames.pop_front();
        } else {
            *front = front.slice(written..);
            written = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(parts: &[&'static [u8]]) -> VecDeque<Bytes> {
        parts.iter().map(|p| Bytes::from_static(p)).collect()
    }

    #[test]
    fn advance_drops_whole_frames_then_the_written_part_of_the_next() {
        let mut queue = frames(&[b"abc", b"defg", b"hi"]);
        advance(&mut queue, 5);
        assert_eq!(queue, frames(&[b"fg", b"hi"]));
        advance(&mut queue, 2);
        assert_eq!(queue, frames(&[b"hi"]));
        advance(&mut queue, 2);
        assert!(queue.is_empty());
    }

    async fn pair() -> (Outbound, TcpStream) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let client = TcpStream::connect(listener.local_addr().unwrap());
        let (client, accepted) = tokio::join!(client, listener.accept());
        (
            Outbound::new(Arc::new(accepted.unwrap().0), 4),
            client.unwrap(),
        )
    }

    #[tokio::test]
    async fn frames_arrive_whole_and_in_order_also_after_the_socket_was_full() {
        use tokio::io::AsyncReadExt;
        let (out, mut client) = pair().await;
        // Fill the kernel's buffers until frames wait here, then one more is refused.
        let frame = Bytes::from(vec![7u8; 64 * 1024]);
        let mut sent = 0usize;
        loop {
            match out.send(&frame) {
                Ok(()) => sent += 1,
                Err(SendError::Full) => break,
                Err(SendError::Closed) => panic!("the socket is open"),
            }
        }
        assert!(out.lock().frames.len() == 4, "the limit holds frames back");
        let last = Bytes::from_static(b"the end");
        assert_eq!(out.send(&last), Err(SendError::Full));
        // The client reads while the connection task flushes: every byte arrives.
        let reader = tokio::spawn(async move {
            let mut all = Vec::new();
            let expected = sent * frame.len();
            while all.len() < expected {
                let mut buf = vec![0u8; 256 * 1024];
                let n = client.read(&mut buf).await.unwrap();
                assert!(n > 0, "closed early");
                all.extend_from_slice(&buf[..n]);
            }
            all
        });
        out.flush().await.unwrap();
        let all = reader.await.unwrap();
        assert!(all.iter().all(|b| *b == 7));
        assert!(out.lock().frames.is_empty());
    }

    #[tokio::test]
    async fn nothing_follows_the_last_frame() {
        use tokio::io::AsyncReadExt;
        let (out, mut client) = pair().await;
        out.send(&Bytes::from_static(b"update,")).unwrap();
        out.end(&[
            &Bytes::from_static(b"goodbye,"),
            &Bytes::from_static(b"close"),
        ]);
        assert_eq!(
            out.send(&Bytes::from_static(b"late")),
            Err(SendError::Closed)
        );
        // A second end (the room's kick after a client's close, say) adds nothing.
        out.end(&[&Bytes::from_static(b"close again")]);
        out.flush().await.unwrap();
        // The FIN ends the client's read while the socket is still open.
        out.shutdown_write();
        let mut all = Vec::new();
        client.read_to_end(&mut all).await.unwrap();
        assert_eq!(all, b"update,goodbye,close");
    }

    #[tokio::test]
    async fn the_last_frames_are_taken_even_when_the_queue_is_full() {
        use tokio::io::AsyncReadExt;
        let (out, mut client) = pair().await;
        let frame = Bytes::from(vec![7u8; 64 * 1024]);
        let mut sent = 0usize;
        while out.send(&frame).is_ok() {
            sent += 1;
        }
        out.end(&[&Bytes::from_static(b"close")]);
        let reader = tokio::spawn(async move {
            let mut all = Vec::new();
            client.read_to_end(&mut all).await.unwrap();
            all
        });
        out.flush().await.unwrap();
        out.shutdown_write();
        let all = reader.await.unwrap();
        assert_eq!(all.len(), sent * frame.len() + 5);
        assert!(all.ends_with(b"close"));
    }
}
