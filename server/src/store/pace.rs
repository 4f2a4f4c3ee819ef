//! When the storage writer commits what it has gathered: a pure rule over instants, so the
//! group commit can be tested without a clock or a database.

use std::time::{Duration, Instant};

/// How long the writer gathers writes nobody waits on before it commits them. A crash can
/// lose at most this much more than the last commit (never an acknowledged commitment).
pub const LINGER: Duration = Duration::from_millis(20);

/// Under load, commits someone waits on (a commitment's ack, an erasure, a barrier) are
/// spaced at least this far apart, so one fsync carries every commitment that arrives in
/// between (group commit). When the writer has been idle that long, they commit at once.
pub const DURABLE_GAP: Duration = Duration::from_millis(10);

/// The writer's memory of its last commit.
#[derive(Debug, Default, Clone, Copy)]
pub struct Pace {
    last_commit: Option<Instant>,
}

impl Pace {
    /// When a batch should be committed: `oldest` is when its first write arrived,
    /// `waited_on` whether anyone waits on a write in it. Never later than `oldest + LINGER`.
    pub fn due(&self, oldest: Instant, waited_on: bool) -> Instant {
        let lingered = oldest + LINGER;
        if !waited_on {
            return lingered;
        }
        match self.last_commit {
            Some(last) => (last + DURABLE_GAP).min(lingered),
            None => oldest,
        }
    }

    /// A commit just finished.
    pub fn committed(&mut self, at: Instant) {
        self.last_commit = Some(at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn writes_nobody_waits_on_linger() {
        let t0 = Instant::now();
        let mut pace = Pace::default();
        assert_eq!(pace.due(t0, false), t0 + LINGER);
        pace.committed(t0);
        assert_eq!(pace.due(t0 + ms(1), false), t0 + ms(1) + LINGER);
    }

    #[test]
    fn a_waited_write_on_an_idle_writer_commits_at_once() {
        let t0 = Instant::now();
        let mut pace = Pace::default();
        assert_eq!(pace.due(t0, true), t0, "first ever commit");
        pace.committed(t0);
        let later = t0 + DURABLE_GAP + ms(5);
        assert!(pace.due(later, true) <= later, "idle longer than the gap");
    }

    #[test]
    fn waited_writes_soon_after_a_commit_share_the_next_one() {
        let t0 = Instant::now();
        let mut pace = Pace::default();
        pace.committed(t0);
        // Two commitments 2 and 7 ms after a commit: both wait for the same instant.
        assert_eq!(pace.due(t0 + ms(2), true), t0 + DURABLE_GAP);
        assert_eq!(pace.due(t0 + ms(7), true), t0 + DURABLE_GAP);
    }

    #[test]
    fn a_waited_write_joining_lingering_writes_never_waits_longer_than_they_would() {
        let t0 = Instant::now();
        let mut pace = Pace::default();
        pace.committed(t0);
        // The batch began lingering before the commit; the linger's end comes first.
        let oldest = t0 - LINGER + ms(3);
        assert_eq!(pace.due(oldest, true), oldest + LINGER);
    }
}
