//! The shell's clock: tokio's monotonic (and, in tests, pausable) time, expressed as the wire's
//! epoch-millisecond instants. The engine never reads it; the shell passes `now` in.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hotseat_protocol::Timestamp;
use tokio::time::Instant;

#[derive(Debug, Clone, Copy)]
pub struct Clock {
    base: Instant,
    base_ms: u64,
}

impl Clock {
    /// Anchors the monotonic clock to the wall clock once, so wall-clock jumps later never
    /// move a deadline.
    pub fn new() -> Clock {
        let wall = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        Clock {
            base: Instant::now(),
            base_ms: u64::try_from(wall.as_millis()).unwrap_or(u64::MAX),
        }
    }

    pub fn now(&self) -> Timestamp {
        let elapsed = u64::try_from(self.base.elapsed().as_millis()).unwrap_or(u64::MAX);
        Timestamp(self.base_ms.saturating_add(elapsed))
    }

    /// The monotonic instant at which the wire instant `at` falls.
    pub fn instant_at(&self, at: Timestamp) -> Instant {
        self.base + Duration::from_millis(at.0.saturating_sub(self.base_ms))
    }
}

impl Default for Clock {
    fn default() -> Self {
        Clock::new()
    }
}
