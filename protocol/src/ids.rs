//! Identifier newtypes and the wire's notion of time.
//!
//! Ids here are public handles inside one room (small integers); secrets are never ids.

use serde::{Deserialize, Serialize};

macro_rules! small_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u32);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

small_id!(
    /// A seat in a circle (the facilitator's or a member's). Allocated in order, never reused.
    SeatId
);
small_id!(
    /// A question asked in the current meeting.
    QuestionId
);
small_id!(
    /// A commitment: unique within a circle, across its meetings.
    CommitmentId
);

/// An instant on the server's clock: milliseconds since the Unix epoch.
///
/// Deadlines travel as absolute instants together with the server's current time, so a client
/// can correct for its own clock's skew.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub u64);

impl Timestamp {
    /// This instant moved `ms` milliseconds later (saturating).
    pub fn plus_ms(self, ms: u64) -> Timestamp {
        Timestamp(self.0.saturating_add(ms))
    }

    /// Milliseconds from `earlier` to `self`, zero if `earlier` is later.
    pub fn ms_since(self, earlier: Timestamp) -> u64 {
        self.0.saturating_sub(earlier.0)
    }
}
