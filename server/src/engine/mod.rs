//! The meeting rules engine: a pure state machine for one live meeting of a circle.
//! No sockets, no clock reads, no randomness: time comes in as `now`, changes go out as events.
//!
//! The entry points are on [`Meeting`]: `apply` for what a seated participant asks, `join`,
//! `set_presence` and `release` for what the connection layer observes, and `next_deadline` /
//! `on_time` for time boxes. Every call either returns the events of an accepted change (and
//! the version grows by one) or a [`RuleError`] and leaves the meeting exactly as it was.

mod agenda;
mod checkpoint;
mod clock;
mod error;
mod meeting;
mod names;
mod phases;
mod schedule;
mod seats;
mod seen;
pub mod text;
mod timebox;
mod turns;
mod view;
mod words;

pub use checkpoint::{CHECKPOINT_FORMAT, CheckpointError};
pub use error::RuleError;
pub use meeting::{Meeting, MeetingSetup, PriorCommitment};
pub use phases::transition_allowed;
#[cfg(test)]
pub(crate) use view::tests::played_meeting_each;
