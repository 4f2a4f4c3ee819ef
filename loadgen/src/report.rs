//! The run's report: a human summary and one JSON line for machines. A run whose generator
//! was near saturation is marked INVALID: its latencies would be the generator's, not the
//! server's.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::coord::Cli;
use crate::procfs::{self, ProcSample};
use crate::stats::{Counters, Stats, Summary};
use crate::worker::Ready;

/// What the coordinator read from /proc during the run.
#[derive(Debug, Default)]
pub struct Samples {
    pub server_before: Option<ProcSample>,
    pub server_idle: Option<ProcSample>,
    pub server_start: Option<ProcSample>,
    pub server_end: Option<ProcSample>,
    pub kernel_tcp_before: Option<u64>,
    pub kernel_tcp_idle: Option<u64>,
    pub kernel_slab_before: Option<u64>,
    pub kernel_slab_idle: Option<u64>,
    pub generator_start: Vec<Option<ProcSample>>,
    pub generator_end: Vec<Option<ProcSample>>,
    pub window: Duration,
    pub loadavg_start: String,
    pub loadavg_end: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Latencies {
    /// Intended send -> the update on one client's socket, every recipient.
    pub delivery: Summary,
    /// Intended send -> the update on the last of the room's clients.
    pub fanout: Summary,
    /// Intended send -> the ack on the sender's socket.
    pub ack: Summary,
    /// Intended send -> the generator handling the tick (its own lag).
    pub tick_lag: Summary,
    /// TCP connect -> welcome, per connection.
    pub connect: Summary,
    /// Fan-out by command.
    pub fanout_by_command: BTreeMap<String, Summary>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ServerFigures {
    /// Server CPU (user + system) per command in the measured window, µs.
    pub cpu_us_per_command: Option<f64>,
    /// Server CPU used in the window, in cores.
    pub cpu_cores: f64,
    /// Commands per second one fully busy server core would carry at this cost.
    pub commands_per_core_second: Option<f64>,
    pub rss_before_bytes: Option<u64>,
    pub rss_idle_bytes: u64,
    pub rss_end_bytes: u64,
    /// (RSS with every connection open and idle - RSS before) / connections, rooms
    /// included.
    pub rss_per_connection_bytes: Option<f64>,
    /// Kernel TCP buffer memory (both ends: client and server sockets) per connection.
    pub kernel_tcp_per_connection_bytes: Option<f64>,
    /// Kernel slab growth (sockets, files, epoll entries; both ends; machine-wide, so noisy
    /// on a shared machine) per connection.
    pub kernel_slab_per_connection_bytes: Option<f64>,
    pub fds: u64,
    pub threads: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GeneratorFigures {
    pub processes: usize,
    /// CPUs the generator may run on (its affinity mask).
    pub cpus_allowed: usize,
    /// CPU used in the window, in cores.
    pub cpu_cores: f64,
    /// `cpu_cores` / min(processes, cpus_allowed).
    pub utilization: f64,
    /// Each process's share of one core.
    pub per_process: Vec<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub label: Option<String>,
    /// Relay mode (`--relay`): the frame size; absent for meetings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relay_bytes: Option<usize>,
    pub valid: bool,
    pub invalid_reasons: Vec<String>,
    pub warnings: Vec<String>,
    pub seed: u64,
    pub rooms: usize,
    pub connections_target: usize,
    pub rate_per_room: f64,
    pub warmup_s: f64,
    pub duration_s: f64,
    pub window_s: f64,
    pub source_addrs: u8,
    pub loadavg_start: String,
    pub loadavg_end: String,
    pub rooms_ready: u64,
    pub rooms_failed: u64,
    pub connections_at_ready: u64,
    pub ramp_s: f64,
    pub connects_per_s: f64,
    pub commands_per_s: f64,
    pub deliveries_per_s: f64,
    pub mean_update_bytes: f64,
    pub counters: Counters,
    pub latency_us: Latencies,
    pub server: Option<ServerFigures>,
    pub generator: GeneratorFigures,
}

fn cpu_between(a: &Option<ProcSample>, b: &Option<ProcSample>) -> Option<Duration> {
    Some(b.as_ref()?.cpu.saturating_sub(a.as_ref()?.cpu))
}

pub fn build(
    cli: &Cli,
    stats: &Stats,
    readies: &[Ready],
    ramp_secs: f64,
    samples: &Samples,
    seed: u64,
) -> Report {
    let c = &stats.counters;
    let window = samples.window.as_secs_f64().max(1e-9);
    let connections_at_ready: u64 = readies.iter().map(|r| r.connections).sum();
    let rooms_ready: u64 = readies.iter().map(|r| r.rooms_ready).sum();
    let rooms_failed: u64 = readies.iter().map(|r| r.rooms_failed).sum();
    let ramp_s = readies
        .iter()
        .map(|r| r.ramp_secs)
        .fold(ramp_secs, f64::max);

    // The generator's own CPU in the window.
    let per_process: Vec<f64> = samples
        .generator_start
        .iter()
        .zip(&samples.generator_end)
        .map(|(a, b)| cpu_between(a, b).map_or(0.0, |d| d.as_secs_f64() / window))
        .collect();
    let cpus_allowed = procfs::cpus_allowed();
    let processes = per_process.len().max(1);
    let gen_cores: f64 = per_process.iter().sum();
    let capacity = processes.min(cpus_allowed).max(1) as f64;
    let utilization = gen_cores / capacity;

    let server = samples.server_idle.map(|idle| {
        let cpu = cpu_between(&samples.server_start, &samples.server_end).unwrap_or_default();
        let cores = cpu.as_secs_f64() / window;
        let per_command = (c.commands > 0).then(|| cpu.as_secs_f64() * 1e6 / c.commands as f64);
        let conns = connections_at_ready.max(1) as f64;
        ServerFigures {
            cpu_us_per_command: per_command,
            cpu_cores: cores,
            commands_per_core_second: per_command.filter(|p| *p > 0.0).map(|p| 1e6 / p),
            rss_before_bytes: samples.server_before.map(|s| s.rss),
            rss_idle_bytes: idle.rss,
            rss_end_bytes: samples.server_end.map_or(0, |s| s.rss),
            rss_per_connection_bytes: samples
                .server_before
                .map(|b| idle.rss.saturating_sub(b.rss) as f64 / conns),
            kernel_tcp_per_connection_bytes: samples
                .kernel_tcp_before
                .zip(samples.kernel_tcp_idle)
                .map(|(b, i)| i.saturating_sub(b) as f64 / conns),
            kernel_slab_per_connection_bytes: samples
                .kernel_slab_before
                .zip(samples.kernel_slab_idle)
                .map(|(b, i)| i.saturating_sub(b) as f64 / conns),
            fds: idle.fds,
            threads: idle.threads,
        }
    });

    let mut invalid = Vec::new();
    let mut warnings = Vec::new();
    if utilization > cli.max_generator_cpu {
        invalid.push(format!(
            "generator CPU {:.0}% of its {} core(s) > {:.0}%",
            utilization * 100.0,
            capacity,
            cli.max_generator_cpu * 100.0
        ));
    }
    for (i, share) in per_process.iter().enumerate() {
        if processes > 1 && *share > cli.max_generator_cpu {
            invalid.push(format!(
                "generator process {i} used {:.0}% of its single-threaded core",
                share * 100.0
            ));
        }
    }
    let tick_lag = Summary::of(&stats.hist.tick_lag);
    if tick_lag.p99 > 5_000 {
        invalid.push(format!(
            "generator scheduling lag p99 {} µs > 5 ms: it could not keep its own schedule",
            tick_lag.p99
        ));
    } else if tick_lag.p99 > 500 {
        warnings.push(format!("generator scheduling lag p99 {} µs", tick_lag.p99));
    }
    if c.unplanned_disconnects
        .keys()
        .any(|k| k.contains("too_slow"))
    {
        warnings.push("the server dropped clients as too slow".into());
    }
    match cli.server_pid {
        None => warnings.push("no --server-pid: no server CPU or memory figures".into()),
        Some(pid) if samples.server_idle.is_none() || samples.server_end.is_none() => {
            invalid.push(format!(
                "the server process {pid} could not be read from /proc"
            ));
        }
        Some(_) => {}
    }
    if rooms_failed > 0 || c.connects_failed > 0 {
        warnings.push(format!(
            "{} connection(s) failed, {rooms_failed} room(s) could not start",
            c.connects_failed
        ));
    }

    Report {
        label: cli.label.clone(),
        relay_bytes: cli.relay.then_some(cli.relay_bytes),
        valid: invalid.is_empty(),
        invalid_reasons: invalid,
        warnings,
        seed,
        rooms: cli.rooms,
        connections_target: cli.rooms * crate::room::CLIENTS,
        rate_per_room: cli.rate,
        warmup_s: cli.warmup.as_secs_f64(),
        duration_s: cli.duration.as_secs_f64(),
        window_s: window,
        source_addrs: cli.addrs,
        loadavg_start: samples.loadavg_start.trim().to_owned(),
        loadavg_end: samples.loadavg_end.trim().to_owned(),
        rooms_ready,
        rooms_failed,
        connections_at_ready,
        ramp_s,
        connects_per_s: connections_at_ready as f64 / ramp_s.max(1e-9),
        commands_per_s: c.commands as f64 / window,
        deliveries_per_s: c.deliveries as f64 / window,
        mean_update_bytes: if c.update_frames > 0 {
            c.update_bytes as f64 / c.update_frames as f64
        } else {
            0.0
        },
        counters: c.clone(),
        latency_us: Latencies {
            delivery: Summary::of(&stats.hist.delivery),
            fanout: Summary::of(&stats.hist.fanout),
            ack: Summary::of(&stats.hist.ack),
            tick_lag,
            connect: Summary::of(&stats.hist.connect),
            fanout_by_command: stats
                .hist
                .fanout_by_command
                .iter()
                .map(|(name, h)| (name.clone(), Summary::of(h)))
                .collect(),
        },
        server,
        generator: GeneratorFigures {
            processes,
            cpus_allowed,
            cpu_cores: gen_cores,
            utilization,
            per_process,
        },
    }
}

fn kib(bytes: f64) -> String {
    format!("{:.1} KiB", bytes / 1024.0)
}

fn map(m: &BTreeMap<String, u64>) -> String {
    if m.is_empty() {
        return "none".into();
    }
    m.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The human summary.
pub fn human(r: &Report) -> String {
    let mut out = String::new();
    let c = &r.counters;
    let _ = writeln!(
        out,
        "== hotseat-loadgen{}{}: {} rooms x 7 = {} connections, {} command(s)/room/s, warm-up {}s, measured {:.1}s, {} process(es), {} source address(es)",
        r.label
            .as_deref()
            .map(|l| format!(" [{l}]"))
            .unwrap_or_default(),
        r.relay_bytes
            .map(|b| format!(" (relay mode, {b}-byte frames)"))
            .unwrap_or_default(),
        r.rooms,
        r.connections_target,
        r.rate_per_room,
        r.warmup_s,
        r.window_s,
        r.generator.processes,
        r.source_addrs
    );
    let _ = writeln!(
        out,
        "load average: {} (start) / {} (end)",
        r.loadavg_start, r.loadavg_end
    );
    let _ = writeln!(
        out,
        "connect: {} ok, {} failed ({}); {} rooms ready, {} failed; ramp {:.2}s = {:.0} connections/s; connect+hello p50 {} µs, p99 {} µs, max {} µs",
        c.connects_ok,
        c.connects_failed,
        map(&c.connect_errors),
        r.rooms_ready,
        r.rooms_failed,
        r.ramp_s,
        r.connects_per_s,
        r.latency_us.connect.p50,
        r.latency_us.connect.p99,
        r.latency_us.connect.max
    );
    let _ = writeln!(
        out,
        "traffic: {} commands ({:.1}/s), {} acked, refused: {}; {} deliveries ({:.1}/s), {} fan-outs, mean update {:.0} bytes",
        c.commands,
        r.commands_per_s,
        c.acks,
        map(&c.refused),
        c.deliveries,
        r.deliveries_per_s,
        c.fanouts,
        r.mean_update_bytes
    );
    let _ = writeln!(
        out,
        "integrity: lost updates {}, out of order {}, version jumps at next meeting {}, deliveries timed out {}, commands timed out {}, server errors without req: {}",
        c.lost_updates,
        c.out_of_order_updates,
        c.version_jumps_at_next_meeting,
        c.deliveries_timed_out,
        c.commands_timed_out,
        map(&c.unsolicited_errors)
    );
    if r.relay_bytes.is_some() {
        let _ = writeln!(
            out,
            "relay: frames not of the reader's room {}, duplicates {}; unplanned disconnects: {}",
            c.relay_foreign_frames,
            c.relay_duplicate_frames,
            map(&c.unplanned_disconnects)
        );
    } else {
        meetings(&mut out, c);
    }
    let _ = writeln!(
        out,
        "latency from intended send (µs)    count      p50      p99    p99.9      max"
    );
    for (name, s) in [
        ("per recipient", &r.latency_us.delivery),
        ("fan-out (last of 7)", &r.latency_us.fanout),
        ("ack to sender", &r.latency_us.ack),
        ("generator tick lag", &r.latency_us.tick_lag),
    ] {
        let _ = writeln!(
            out,
            "  {name:<31} {:>7} {:>8} {:>8} {:>8} {:>8}",
            s.count, s.p50, s.p99, s.p999, s.max
        );
    }
    if !r.latency_us.fanout_by_command.is_empty() {
        let _ = writeln!(
            out,
            "fan-out by command (µs)             count      p50      p99    p99.9      max"
        );
        for (name, s) in &r.latency_us.fanout_by_command {
            let _ = writeln!(
                out,
                "  {name:<31} {:>7} {:>8} {:>8} {:>8} {:>8}",
                s.count, s.p50, s.p99, s.p999, s.max
            );
        }
    }
    match &r.server {
        Some(s) => {
            let _ = writeln!(
                out,
                "server: CPU {} per command, {:.1}% of a core in the window ({}); RSS {:.1} MiB idle with every connection open, {:.1} MiB at the end; {} per connection (rooms included); kernel, per connection (both ends): TCP buffers {}, slab {}; {} fds, {} threads",
                s.cpu_us_per_command
                    .map_or("n/a".into(), |v| format!("{v:.1} µs")),
                s.cpu_cores * 100.0,
                s.commands_per_core_second
                    .map_or("n/a".into(), |v| format!("{v:.0} commands/s per core")),
                s.rss_idle_bytes as f64 / 1048576.0,
                s.rss_end_bytes as f64 / 1048576.0,
                s.rss_per_connection_bytes.map_or("n/a".into(), kib),
                s.kernel_tcp_per_connection_bytes.map_or("n/a".into(), kib),
                s.kernel_slab_per_connection_bytes.map_or("n/a".into(), kib),
                s.fds,
                s.threads
            );
        }
        None => {
            let _ = writeln!(out, "server: no figures");
        }
    }
    let _ = writeln!(
        out,
        "generator: {:.1}% of {} core(s) ({:.2} cores; per process {})",
        r.generator.utilization * 100.0,
        r.generator.processes.min(r.generator.cpus_allowed),
        r.generator.cpu_cores,
        r.generator
            .per_process
            .iter()
            .map(|p| format!("{:.0}%", p * 100.0))
            .collect::<Vec<_>>()
            .join(" ")
    );
    for w in &r.warnings {
        let _ = writeln!(out, "warning: {w}");
    }
    if r.valid {
        let _ = writeln!(out, "VALID");
    } else {
        let _ = writeln!(out, "INVALID: {}", r.invalid_reasons.join("; "));
    }
    out
}

/// The meeting mode's line: meetings, drops and resumes.
fn meetings(out: &mut String, c: &Counters) {
    let _ = writeln!(
        out,
        "meetings: {} completed, {} abandoned; drops: {} planned, {} resumed, {} resume failures, {} superseded, {} pending at the end; unplanned disconnects: {}; ticks deferred {}",
        c.meetings_completed,
        c.meetings_abandoned,
        c.planned_drops,
        c.resumes_ok,
        c.resumes_failed,
        c.resumes_superseded,
        c.resumes_pending_at_end,
        map(&c.unplanned_disconnects),
        c.ticks_deferred
    );
}
