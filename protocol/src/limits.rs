//! Input limits shared by the server (which enforces them) and clients (which can pre-check).

/// Longest display name, in characters (Unicode scalar values) of its NFC form, after trimming
/// and collapsing whitespace.
pub const NAME_MAX_CHARS: usize = 40;
/// Longest question, learning or check-in note, in characters.
pub const TEXT_MAX_CHARS: usize = 500;
/// Longest commitment, in characters.
pub const COMMITMENT_MAX_CHARS: usize = 300;
/// Longest single norm, in characters.
pub const NORM_MAX_CHARS: usize = 200;
/// Most norms a circle may have.
pub const NORMS_MAX: usize = 12;
/// Longest circle name, in characters.
pub const CIRCLE_NAME_MAX_CHARS: usize = 80;
/// Most members in a circle (the facilitator is not counted).
pub const MEMBERS_MAX: usize = 6;
/// Longest single time-box extension, in seconds.
pub const EXTEND_MAX_SECS: u32 = 30 * 60;
/// Shortest and longest configurable time box, in seconds.
pub const TIME_BOX_MIN_SECS: u32 = 10;
pub const TIME_BOX_MAX_SECS: u32 = 2 * 60 * 60;
/// Largest WebSocket message the server accepts, in bytes.
pub const MESSAGE_MAX_BYTES: usize = 16 * 1024;
