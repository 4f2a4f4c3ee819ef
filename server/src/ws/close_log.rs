//! Why a connection was closed, in the log at info: the close code and the server's own
//! fixed reason, never anything the client sent (an operator sees floods, over-size
//! messages, protocol errors and slow clients without reading members' words).

use tokio_tungstenite::tungstenite::Error as WsError;

use super::close_code;

/// The server closes with `code` and its fixed `reason`. A restart closes every connection
/// at once: that one stays at debug, so a shutdown is one line, not thousands.
pub fn closing(code: u16, reason: &'static str) {
    if code == close_code::RESTART {
        tracing::debug!(code, reason, "closing a connection");
    } else {
        tracing::info!(code, reason, "closing a connection");
    }
}

/// Reading failed. A protocol or encoding
/// error names what was wrong (tungstenite's fixed descriptions, no payload); a socket
/// that simply broke is ordinary and stays at debug.
pub fn read_failed(error: &WsError) {
    match error {
        WsError::Protocol(problem) => {
            tracing::info!(reason = %problem, "a client broke the WebSocket protocol (closed with 1002)");
        }
        WsError::Utf8(_) => {
            tracing::info!("a client sent text that was not UTF-8 (closed with 1007)");
        }
        // Over-size messages are closed with 1009 and logged by `closing`.
        WsError::Capacity(_) => {}
        other => tracing::debug!(error = %other, "a connection broke"),
    }
}
