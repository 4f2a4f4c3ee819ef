//! Per-connection rate limit: a token bucket over every frame (pings and pongs too). A burst
//! of 20, refilled at 10 per second; 50 refusals in a row mean abuse, closed with 1008.

use tokio::time::Instant;

pub const BURST: f64 = 20.0;
pub const PER_SECOND: f64 = 10.0;
pub const ABUSE_STREAK: u32 = 50;

#[derive(Debug)]
pub struct TokenBucket {
    tokens: f64,
    last: Instant,
    /// Refusals since the last accepted message.
    pub streak: u32,
}

/// What to do with one incoming message.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Accept,
    /// Refuse it; `first` is true for the first refusal of a streak (tell the client once).
    Refuse {
        first: bool,
    },
    /// Persistent flooding: close the connection.
    Abuse,
}

impl TokenBucket {
    pub fn new(now: Instant) -> TokenBucket {
        TokenBucket {
            tokens: BURST,
            last: now,
            streak: 0,
        }
    }

    pub fn check(&mut self, now: Instant) -> Verdict {
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.last = now;
        self.tokens = (self.tokens + elapsed * PER_SECOND).min(BURST);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            self.streak = 0;
            return Verdict::Accept;
        }
        self.streak += 1;
        if self.streak >= ABUSE_STREAK {
            Verdict::Abuse
        } else {
            Verdict::Refuse {
                first: self.streak == 1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_burst_passes_then_refusals_then_abuse() {
        let t0 = Instant::now();
        let mut bucket = TokenBucket::new(t0);
        for _ in 0..20 {
            assert_eq!(bucket.check(t0), Verdict::Accept);
        }
        assert_eq!(bucket.check(t0), Verdict::Refuse { first: true });
        for _ in 2..ABUSE_STREAK {
            assert_eq!(bucket.check(t0), Verdict::Refuse { first: false });
        }
        assert_eq!(bucket.check(t0), Verdict::Abuse);
    }

    #[test]
    fn the_bucket_refills_at_ten_per_second() {
        let t0 = Instant::now();
        let mut bucket = TokenBucket::new(t0);
        for _ in 0..20 {
            bucket.check(t0);
        }
        assert_eq!(bucket.check(t0), Verdict::Refuse { first: true });
        let later = t0 + Duration::from_millis(500);
        for _ in 0..5 {
            assert_eq!(bucket.check(later), Verdict::Accept);
        }
        assert!(matches!(bucket.check(later), Verdict::Refuse { .. }));
    }
}
