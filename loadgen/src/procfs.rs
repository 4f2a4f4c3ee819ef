//! Reading a process's CPU time and memory from `/proc`, the kernel's TCP memory from
//! `/proc/net/sockstat`, and raising this process's open-file limit to its hard limit.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// A process at one instant.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
pub struct ProcSample {
    /// User + system CPU time so far (all threads).
    pub cpu: Duration,
    /// Resident set size, bytes.
    pub rss: u64,
    /// Open file descriptors (sockets included).
    pub fds: u64,
    pub threads: u64,
}

fn clock_ticks_per_sec() -> u64 {
    // SAFETY: sysconf only reads a configuration value.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    u64::try_from(ticks).ok().filter(|t| *t > 0).unwrap_or(100)
}

/// CPU time (utime + stime) of `pid` ("self" for this process).
pub fn cpu_time(pid: &str) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces; the fields after its ')' are fixed.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // After ')': field 3 (state) is index 0, so utime (14) is 11 and stime (15) is 12.
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    let ticks = clock_ticks_per_sec();
    Some(Duration::from_micros((utime + stime) * 1_000_000 / ticks))
}

fn status_kib(status: &str, key: &str) -> Option<u64> {
    status
        .lines()
        .find(|l| l.starts_with(key))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// CPU, RSS, descriptors and threads of `pid` ("self" for this process).
pub fn sample(pid: &str) -> Option<ProcSample> {
    let cpu = cpu_time(pid)?;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let rss = status_kib(&status, "VmRSS:")? * 1024;
    let threads = status_kib(&status, "Threads:").unwrap_or(0);
    let fds = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .map(|d| d.count() as u64)
        .unwrap_or(0);
    Some(ProcSample {
        cpu,
        rss,
        fds,
        threads,
    })
}

/// The kernel's memory for TCP socket buffers (all sockets on the machine), bytes, from
/// the `mem` field (pages) of `/proc/net/sockstat`.
pub fn tcp_kernel_memory() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/net/sockstat").ok()?;
    let line = text.lines().find(|l| l.starts_with("TCP:"))?;
    let mut words = line.split_whitespace();
    while let Some(word) = words.next() {
        if word == "mem" {
            let pages: u64 = words.next()?.parse().ok()?;
            // SAFETY: sysconf only reads a configuration value.
            let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
            return Some(pages * u64::try_from(page).unwrap_or(4096));
        }
    }
    None
}

/// The kernel's slab memory (`Slab:` in `/proc/meminfo`), bytes: socket, file, inode and
/// epoll objects live there. Machine-wide, so only a delta on a quiet machine means much.
pub fn kernel_slab() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    status_kib(&text, "Slab:").map(|kib| kib * 1024)
}

/// Raises the soft open-file limit to the hard one; returns the limit now in force.
pub fn raise_nofile_limit() -> u64 {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit write to and read from the struct we own.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return 0;
        }
        if limit.rlim_cur < limit.rlim_max {
            let raised = libc::rlimit {
                rlim_cur: limit.rlim_max,
                rlim_max: limit.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                limit = raised;
            }
        }
    }
    limit.rlim_cur
}

/// How many CPUs this process may run on (its affinity mask, e.g. under `taskset`).
pub fn cpus_allowed() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_can_be_sampled() {
        let s = sample("self").expect("/proc/self is readable");
        assert!(s.rss > 0);
        assert!(s.fds > 0);
        assert!(s.threads >= 1);
    }
}
