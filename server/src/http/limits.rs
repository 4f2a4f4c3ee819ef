//! Per-client-address rate limits (creating circles, opening WebSockets): one token bucket
//! per address (an IPv6 /64 counts as one address), in a bounded map swept of idle entries.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::str::FromStr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Most addresses tracked at once. A full bucket is the same as no entry, so sweeping drops
/// those; if the map is still full, a new address goes untracked (allowed) rather than
/// locking everyone out during a flood from many addresses.
const MAX_ENTRIES: usize = 100_000;

/// A rate: a burst of `burst` at once, refilled evenly over `per` (e.g. `20/1h`), or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateSpec {
    Off,
    Limit { burst: u32, per: Duration },
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("expected `off` or `<count>/<duration>`, e.g. `20/1h` or `60/1m`")]
pub struct RateSpecError;

impl FromStr for RateSpec {
    type Err = RateSpecError;

    fn from_str(text: &str) -> Result<RateSpec, RateSpecError> {
        if text.trim().eq_ignore_ascii_case("off") {
            return Ok(RateSpec::Off);
        }
        let (count, per) = text.split_once('/').ok_or(RateSpecError)?;
        let burst: u32 = count.trim().parse().map_err(|_| RateSpecError)?;
        let per = humantime::parse_duration(per.trim()).map_err(|_| RateSpecError)?;
        if burst == 0 || per.is_zero() {
            return Err(RateSpecError);
        }
        Ok(RateSpec::Limit { burst, per })
    }
}

impl std::fmt::Display for RateSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RateSpec::Off => f.write_str("off"),
            RateSpec::Limit { burst, per } => {
                write!(f, "{burst}/{}", humantime::format_duration(*per))
            }
        }
    }
}

/// The key an address is counted under: IPv4 as is (also when mapped into IPv6), IPv6 by
/// its /64, since one subscriber usually holds a whole /64.
pub fn address_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let segments = v6.segments();
                IpAddr::V6(Ipv6Addr::new(
                    segments[0],
                    segments[1],
                    segments[2],
                    segments[3],
                    0,
                    0,
                    0,
                    0,
                ))
            }
        },
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

/// One rate limit over every client address.
#[derive(Debug)]
pub struct AddressLimiter {
    spec: RateSpec,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
    max_entries: usize,
}

impl AddressLimiter {
    pub fn new(spec: RateSpec) -> AddressLimiter {
        AddressLimiter::with_capacity(spec, MAX_ENTRIES)
    }

    fn with_capacity(spec: RateSpec, max_entries: usize) -> AddressLimiter {
        AddressLimiter {
            spec,
            buckets: Mutex::new(HashMap::new()),
            max_entries,
        }
    }

    /// Takes one token for `ip` at `now`; `Err(wait)` when it has none left, with how long
    /// until the next one.
    pub fn check(&self, ip: IpAddr, now: Instant) -> Result<(), Duration> {
        let RateSpec::Limit { burst, per } = self.spec else {
            return Ok(());
        };
        let burst = f64::from(burst);
        let per_token = per.as_secs_f64() / burst;
        // A poisoned lock only means another request panicked mid-update: the map is
        // still a valid map.
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let key = address_key(ip);
        if !buckets.contains_key(&key) && buckets.len() >= self.max_entries {
            sweep(&mut buckets, now, burst, per_token);
            if buckets.len() >= self.max_entries {
                return Ok(());
            }
        }
        let bucket = buckets.entry(key).or_insert(Bucket {
            tokens: burst,
            last: now,
        });
        let elapsed = now.saturating_duration_since(bucket.last).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed / per_token).min(burst);
        bucket.last = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            return Ok(());
        }
        let wait = (1.0 - bucket.tokens) * per_token;
        Err(Duration::from_secs_f64(wait))
    }

    /// Drops the addresses whose buckets have refilled (they would start full anyway).
    pub fn sweep(&self, now: Instant) {
        let RateSpec::Limit { burst, per } = self.spec else {
            return;
        };
        let burst = f64::from(burst);
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        sweep(&mut buckets, now, burst, per.as_secs_f64() / burst);
    }

    pub fn tracked(&self) -> usize {
        self.buckets.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

fn sweep(buckets: &mut HashMap<IpAddr, Bucket>, now: Instant, burst: f64, per_token: f64) {
    buckets.retain(|_, bucket| {
        let elapsed = now.saturating_duration_since(bucket.last).as_secs_f64();
        bucket.tokens + elapsed / per_token < burst
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn specs_parse_and_print() {
        assert_eq!(
            "20/1h".parse(),
            Ok(RateSpec::Limit {
                burst: 20,
                per: Duration::from_secs(3600)
            })
        );
        assert_eq!("OFF".parse(), Ok(RateSpec::Off));
        for bad in ["", "20", "0/1h", "20/0s", "x/1h", "20/soon", "-1/1h"] {
            assert_eq!(bad.parse::<RateSpec>(), Err(RateSpecError), "{bad}");
        }
        assert_eq!("60/1m".parse::<RateSpec>().unwrap().to_string(), "60/1m");
    }

    #[test]
    fn a_burst_is_allowed_then_refused_until_a_token_refills() {
        let limiter = AddressLimiter::new("3/30s".parse().unwrap());
        let t0 = Instant::now();
        let client = ip("203.0.113.9");
        for _ in 0..3 {
            assert_eq!(limiter.check(client, t0), Ok(()));
        }
        let wait = limiter.check(client, t0).unwrap_err();
        assert_eq!(wait.as_secs(), 10, "one token per 10 s");
        // Another address has its own bucket.
        assert_eq!(limiter.check(ip("203.0.113.10"), t0), Ok(()));
        assert!(limiter.check(client, t0 + Duration::from_secs(9)).is_err());
        assert_eq!(limiter.check(client, t0 + Duration::from_secs(20)), Ok(()));
    }

    #[test]
    fn an_ipv6_slash_64_is_one_address_and_mapped_ipv4_is_ipv4() {
        let limiter = AddressLimiter::new("1/1h".parse().unwrap());
        let t0 = Instant::now();
        assert_eq!(limiter.check(ip("2001:db8:1:2::1"), t0), Ok(()));
        assert!(limiter.check(ip("2001:db8:1:2:ffff::9"), t0).is_err());
        assert_eq!(limiter.check(ip("2001:db8:1:3::1"), t0), Ok(()));
        assert_eq!(limiter.check(ip("192.0.2.1"), t0), Ok(()));
        assert!(limiter.check(ip("::ffff:192.0.2.1"), t0).is_err());
    }

    #[test]
    fn off_allows_everything_and_tracks_nothing() {
        let limiter = AddressLimiter::new(RateSpec::Off);
        let t0 = Instant::now();
        for _ in 0..1000 {
            assert_eq!(limiter.check(ip("192.0.2.1"), t0), Ok(()));
        }
        assert_eq!(limiter.tracked(), 0);
    }

    #[test]
    fn memory_stays_bounded_refilled_entries_are_swept() {
        let limiter = AddressLimiter::with_capacity("2/10s".parse().unwrap(), 4);
        let t0 = Instant::now();
        for i in 0..4 {
            limiter.check(ip(&format!("192.0.2.{i}")), t0).unwrap();
        }
        // Full, nothing refilled yet: a fifth address goes untracked (allowed).
        assert_eq!(limiter.check(ip("192.0.2.200"), t0), Ok(()));
        assert_eq!(limiter.tracked(), 4);
        // Once the buckets refill they are swept and new addresses tracked again.
        let later = t0 + Duration::from_secs(10);
        limiter.check(ip("192.0.2.201"), later).unwrap();
        assert_eq!(limiter.tracked(), 1);
        limiter.sweep(later + Duration::from_secs(10));
        assert_eq!(limiter.tracked(), 0);
    }
}
