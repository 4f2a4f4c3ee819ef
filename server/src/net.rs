//! The socket the server runs on. It is shared (reference counted)
//! between hyper, which speaks HTTP on it, and, after a WebSocket upgrade, the connection's
//! reader and its room, which writes frames straight into it (`ws::outbound`).

use std::io;
use std::net::Shutdown;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use tokio::io::{AsyncRead, AsyncWrite, Interest, ReadBuf};
use tokio::net::TcpStream;

/// One accepted socket. Every request on it carries a clone (as `ConnectInfo`), so the
/// WebSocket upgrade can keep the socket itself once hyper lets go of the connection.
#[derive(Debug, Clone)]
pub struct SharedTcp(pub Arc<TcpStream>);

/// Reads what the socket has, waiting until it has something (end of stream: nothing read).
pub fn poll_read(
    tcp: &TcpStream,
    cx: &mut Context<'_>,
    buf: &mut ReadBuf<'_>,
) -> Poll<io::Result<()>> {
    loop {
        ready!(tcp.poll_read_ready(cx))?;
        let wanted = buf.remaining();
        let mut read = 0;
        // A read that fills less than it asked for has drained the socket: answering "would
        // block" to tokio makes it clear the readiness now, which spares the next poll a
        // system call that could only say so (tokio's own TcpStream does the same).
        let result = tcp.try_io(Interest::READABLE, || {
            read = tcp.try_read(buf.initialize_unfilled())?;
            if read > 0 && read < wanted {
                return Err(io::ErrorKind::WouldBlock.into());
            }
            Ok(())
        });
        match result {
            Ok(()) => {}
            // Nothing there after all (the readiness was stale): wait again.
            Err(e) if e.kind() == io::ErrorKind::WouldBlock && read == 0 => continue,
            // A short read: the bytes are there.
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            Err(e) => return Poll::Ready(Err(e)),
        }
        buf.advance(read);
        return Poll::Ready(Ok(()));
    }
}

impl AsyncRead for SharedTcp {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        poll_read(&self.0, cx, buf)
    }
}

impl SharedTcp {
    /// Waits until the socket is writable, then writes with `write`.
    fn poll_write_with(
        &self,
        cx: &mut Context<'_>,
        write: impl Fn(&TcpStream) -> io::Result<usize>,
    ) -> Poll<io::Result<usize>> {
        loop {
            ready!(self.0.poll_write_ready(cx))?;
            match write(&self.0) {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                done => return Poll::Ready(done),
            }
        }
    }
}

impl AsyncWrite for SharedTcp {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.poll_write_with(cx, |tcp| tcp.try_write(buf))
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.poll_write_with(cx, |tcp| tcp.try_write_vectored(bufs))
    }

    fn is_write_vectored(&self) -> bool {
        true
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    /// Ends the sending side (the socket itself closes with its last owner).
    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let result = socket2::SockRef::from(&*self.0).shutdown(Shutdown::Write);
        // Already shut down or disconnected: the end it asked for is there.
        Poll::Ready(match result {
            Err(e) if e.kind() == io::ErrorKind::NotConnected => Ok(()),
            other => other,
        })
    }
}
