//! The process's own figures for `/metrics`, read from /proc/self at scrape time: CPU
//! seconds, resident memory, open files and their limit (Linux; elsewhere nothing).

/// One reading; a figure the system does not give is `None`.
#[derive(Debug, Default)]
pub struct Reading {
    pub cpu_seconds: Option<f64>,
    pub resident_bytes: Option<f64>,
    pub open_fds: Option<f64>,
    pub max_fds: Option<f64>,
}

#[cfg(target_os = "linux")]
pub fn read() -> Reading {
    // SAFETY: sysconf only reads its integer argument.
    let (ticks, page) = unsafe {
        (
            libc::sysconf(libc::_SC_CLK_TCK),
            libc::sysconf(libc::_SC_PAGESIZE),
        )
    };
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may hold spaces) start at state, field 3.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let field = |n: usize| fields.get(n - 3).and_then(|f| f.parse::<f64>().ok());
    let cpu_seconds = match (field(14), field(15)) {
        (Some(user), Some(system)) if ticks > 0 => Some((user + system) / ticks as f64),
        _ => None,
    };
    let resident_bytes = field(24).map(|pages| pages * page as f64);
    let open_fds = std::fs::read_dir("/proc/self/fd")
        .ok()
        .map(|dir| dir.count() as f64);
    let max_fds = std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|limits| {
            limits
                .lines()
                .find(|l| l.starts_with("Max open files"))
                .and_then(|l| l.split_whitespace().nth(3))
                .and_then(|soft| soft.parse().ok())
        });
    Reading {
        cpu_seconds,
        resident_bytes,
        open_fds,
        max_fds,
    }
}

#[cfg(not(target_os = "linux"))]
pub fn read() -> Reading {
    Reading::default()
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn this_process_has_memory_and_open_files() {
        let reading = super::read();
        assert!(reading.resident_bytes.is_some_and(|b| b > 0.0));
        assert!(reading.open_fds.is_some_and(|n| n >= 1.0));
        assert!(reading.max_fds.is_some_and(|n| n >= 1.0));
        assert!(reading.cpu_seconds.is_some());
    }
}
