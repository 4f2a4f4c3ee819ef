//! The Hotseat wire protocol: every message between the server and its clients, as serde
//! types, plus the question coach. No I/O here; the server and the tests share these types.
//!
//! Messages are JSON text frames with a `type` field in snake_case. `docs/protocol.md` is the
//! reference for client writers; a test parses every example in it with these types.

pub mod coach;
pub mod command;
pub mod error;
pub mod event;
pub mod ids;
pub mod limits;
pub mod message;
pub mod phase;
pub mod seen;
pub mod settings;
pub mod snapshot;
pub mod strict;

pub use coach::{QuestionKind, Verdict, classify};
pub use command::{Command, Report};
pub use error::ErrorCode;
pub use event::Event;
pub use ids::{CommitmentId, QuestionId, SeatId, Timestamp};
pub use message::{ClientMessage, Credential, Hello, ServerMessage};
pub use phase::{Phase, ReportStatus, Role, TurnKind};
pub use seen::Seen;
pub use settings::{Settings, TimeBoxes};
pub use snapshot::Snapshot;

/// The protocol version a client names in its `hello`. Bumped on any incompatible change.
pub const PROTOCOL_VERSION: u32 = 1;
