//! A precise sleep for the runtime's own thread: a Linux timerfd watched by tokio, so a
//! wake-up costs no thread switch and is not rounded to tokio's 1 ms timer wheel.

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::time::{Duration, Instant};

use tokio::io::Interest;
use tokio::io::unix::AsyncFd;

/// A one-shot timer on `CLOCK_MONOTONIC` (the clock `Instant` reads).
pub struct PreciseTimer {
    fd: AsyncFd<OwnedFd>,
}

impl PreciseTimer {
    /// Needs a tokio runtime with I/O enabled.
    pub fn new() -> io::Result<PreciseTimer> {
        // SAFETY: timerfd_create takes plain flags and returns a new descriptor or -1.
        let raw = unsafe {
            libc::timerfd_create(
                libc::CLOCK_MONOTONIC,
                libc::TFD_NONBLOCK | libc::TFD_CLOEXEC,
            )
        };
        if raw < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `raw` is a descriptor we just opened and nothing else owns.
        let fd = unsafe { OwnedFd::from_raw_fd(raw) };
        // SAFETY: an OwnedFd keeps its descriptor open and the same until dropped.
        let fd = unsafe { AsyncFd::register_with_interest(fd, Interest::READABLE) }
            .map_err(io::Error::from)?;
        Ok(PreciseTimer { fd })
    }

    /// Returns at `deadline` or later, never earlier.
    pub async fn sleep_until(&self, deadline: Instant) -> io::Result<()> {
        loop {
            // Armed relative to a `now` read before arming, so it cannot fire early.
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(());
            }
            self.arm(left)?;
            let mut ready = self.fd.readable().await?;
            // Read the expiry count, then forget the readiness: the descriptor stays
            // quiet until the next expiry (tokio would otherwise keep reporting it
            // readable, and the next sleep would pay a read that finds nothing).
            if ready.try_io(|fd| read_expiries(fd.as_raw_fd())).is_ok() {
                ready.clear_ready();
            }
        }
    }

    fn arm(&self, after: Duration) -> io::Result<()> {
        // A zero it_value would disarm the timer: wait at least 1 ns.
        let after = after.max(Duration::from_nanos(1));
        let spec = libc::itimerspec {
            it_interval: libc::timespec {
                tv_sec: 0,
                tv_nsec: 0,
            },
            it_value: libc::timespec {
                tv_sec: after.as_secs() as libc::time_t,
                tv_nsec: after.subsec_nanos() as libc::c_long,
            },
        };
        // SAFETY: the descriptor is ours and `spec` is a valid itimerspec.
        let done =
            unsafe { libc::timerfd_settime(self.fd.as_raw_fd(), 0, &spec, std::ptr::null_mut()) };
        if done < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }
}

/// Reads a timerfd's expiry count (8 bytes).
fn read_expiries(fd: i32) -> io::Result<u64> {
    let mut count = 0u64;
    // SAFETY: reads at most 8 bytes into a u64 we own.
    let n = unsafe { libc::read(fd, (&raw mut count).cast(), 8) };
    if n < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn it_never_wakes_early() {
        let timer = PreciseTimer::new().expect("a timerfd");
        for micros in [0, 1, 50, 300, 1500] {
            let deadline = Instant::now() + Duration::from_micros(micros);
            timer.sleep_until(deadline).await.expect("sleeps");
            assert!(Instant::now() >= deadline);
        }
    }

    #[tokio::test]
    async fn it_is_finer_than_a_millisecond() {
        let timer = PreciseTimer::new().expect("a timerfd");
        let mut best = Duration::MAX;
        for _ in 0..20 {
            let deadline = Instant::now() + Duration::from_micros(200);
            timer.sleep_until(deadline).await.expect("sleeps");
            best = best.min(Instant::now() - deadline);
        }
        assert!(best < Duration::from_micros(500), "late by {best:?}");
    }
}
