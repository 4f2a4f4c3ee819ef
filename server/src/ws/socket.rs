//! The socket as tungstenite sees it on the reading side: reads come from the TCP stream;
//! what tungstenite would write itself (a pong, the echo of a close) is discarded, because the
//! connection writes those through the outbound: pongs only within the rate limit, and the
//! close echo as the outbound's last frame, so nothing ever follows it.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use super::outbound::Outbound;

pub struct SocketIo {
    out: Arc<Outbound>,
}

impl SocketIo {
    pub fn new(out: Arc<Outbound>) -> SocketIo {
        SocketIo { out }
    }
}

impl AsyncRead for SocketIo {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        crate::net::poll_read(self.out.tcp(), cx, buf)
    }
}

impl AsyncWrite for SocketIo {
    /// Taken and dropped: tungstenite's automatic replies never reach the wire.
    fn poll_write(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}
