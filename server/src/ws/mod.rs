//! The WebSocket side: the upgrade handshake, the frames the server writes, the shared
//! write path into each socket, and one reading task per connection.

mod close_log;
pub mod connection;
pub mod frame;
pub mod outbound;
pub mod parse;
pub mod rate;
mod socket;
pub mod upgrade;

/// Close codes the server uses; documented in `docs/protocol.md`.
pub mod close_code {
    /// The server is restarting: reconnect shortly.
    pub const RESTART: u16 = 1012;
    /// A framing violation (RFC 6455, section 7.4.1): masking, reserved bits or opcodes,
    /// fragments, control frame size, a malformed close.
    pub const PROTOCOL: u16 = 1002;
    /// A text frame (or a close reason) that is not UTF-8.
    pub const INVALID_DATA: u16 = 1007;
    /// Persistent flooding (policy violation).
    pub const POLICY: u16 = 1008;
    /// A message over 16 KiB.
    pub const TOO_BIG: u16 = 1009;
    /// No room with that id.
    pub const UNKNOWN_ROOM: u16 = 4404;
    /// The server holds its maximum of live rooms: try again later (RFC 6455's 1013).
    pub const TRY_AGAIN_LATER: u16 = 1013;
    /// No `hello` in time.
    pub const HELLO_TIMEOUT: u16 = 4408;
    /// The facilitator removed this seat.
    pub const REMOVED: u16 = 4001;
    /// The same seat connected elsewhere.
    pub const REPLACED: u16 = 4002;
    /// The client did not keep up with the room's updates; reconnect to resync.
    pub const TOO_SLOW: u16 = 4003;
    /// The client stopped answering pings.
    pub const UNRESPONSIVE: u16 = 4004;
    /// The seat or the whole circle no longer exists (erased or deleted).
    pub const GONE: u16 = 4010;
}
