//! The coordinator: splits the rooms over worker processes (or one in-process worker),
//! ramps them up, starts them together, samples the server's and the generator's CPU and
//! memory at the edges of the measured window, merges the workers' histograms and writes
//! the report.
//!
//! Worker processes are this same binary started with `--worker-config`; they speak a
//! line protocol on stdin/stdout: `READY {json}`, then (after the coordinator's `GO`)
//! `RESULT {json}` with the histograms in HdrHistogram V2 form.

use std::io::{BufRead, BufReader, Write};
use std::net::{Ipv4Addr, SocketAddr};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc as std_mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use clap::Parser;
use tokio::sync::oneshot;

use crate::procfs::{self, ProcSample};
use crate::report::{self, Report, Samples};
use crate::stats::Stats;
use crate::worker::{Ready, WorkerConfig, WorkerResult, run_worker, runtime};

/// Hotseat's load generator: N rooms x 7 real WebSocket clients running scripted meetings,
/// open-loop, measuring how fast each update reaches every screen.
#[derive(Debug, Clone, Parser)]
#[command(name = "hotseat-loadgen", version, about)]
pub struct Cli {
    /// The server's address.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub server: SocketAddr,
    /// Rooms (each a facilitator and six members: 7 connections).
    #[arg(long, default_value_t = 10)]
    pub rooms: usize,
    /// Commands per room per second (exponential think times). 0 holds the connections
    /// idle.
    #[arg(long, default_value_t = 1.0)]
    pub rate: f64,
    /// Length of the measured window.
    #[arg(long, default_value = "30s", value_parser = humantime::parse_duration)]
    pub duration: Duration,
    /// Traffic before the measured window (not measured).
    #[arg(long, default_value = "5s", value_parser = humantime::parse_duration)]
    pub warmup: Duration,
    /// Longest wait for outstanding answers after the window.
    #[arg(long, default_value = "5s", value_parser = humantime::parse_duration)]
    pub drain: Duration,
    /// Connections opened per second while ramping up (all processes together).
    #[arg(long, default_value_t = 1000.0)]
    pub ramp: f64,
    /// Spread client sockets over this many loopback source addresses, 127.0.0.1 to
    /// 127.0.0.N (bound before connecting), so the ephemeral ports of one address do not
    /// run out. 1: let the kernel choose.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=254))]
    pub addrs: u8,
    /// The server's process id: its CPU time and memory are read from /proc.
    #[arg(long)]
    pub server_pid: Option<u32>,
    /// Generator processes, each with a share of the rooms (one process may hold at most
    /// ~19,000 sockets: the open-file limit is 20,000).
    #[arg(long, default_value_t = 1)]
    pub processes: usize,
    /// Hot seats per meeting.
    #[arg(long, default_value_t = 2)]
    pub hot_seats: usize,
    /// Open a new circle for every meeting (the seven clients reconnect to it) instead of
    /// the facilitator starting the circle's next meeting in the same room.
    #[arg(long)]
    pub new_circle_per_meeting: bool,
    /// Share of clients that drop once per meeting and resume with their seat token.
    #[arg(long, default_value_t = 0.05)]
    pub drop_fraction: f64,
    /// Relay mode: no meetings; each room's seven clients connect to `/relay/<room>` of a
    /// bare WebSocket relay (`cargo run --release -p hotseat-loadgen --example relay`) and,
    /// on the same schedule, send frames of `--relay-bytes` that the relay hands to all
    /// seven (the sender included).
    #[arg(long)]
    pub relay: bool,
    /// The size of a relay-mode frame, bytes.
    #[arg(long, default_value_t = 200)]
    pub relay_bytes: usize,
    /// Random seed (think times, choices, drops). Default: from the clock.
    #[arg(long)]
    pub seed: Option<u64>,
    /// A label copied into the report (e.g. the suite step).
    #[arg(long)]
    pub label: Option<String>,
    /// The generator's CPU share (of the cores it may use) above which a run is invalid.
    #[arg(long, default_value_t = 0.85)]
    pub max_generator_cpu: f64,
    /// Internal: run as a worker process with this configuration (JSON).
    #[arg(long, hide = true)]
    pub worker_config: Option<String>,
}

impl Cli {
    fn worker_configs(&self, seed: u64) -> Vec<WorkerConfig> {
        let processes = self.processes.max(1).min(self.rooms.max(1));
        let sources: Vec<Ipv4Addr> = if self.addrs > 1 {
            (1..=self.addrs)
                .map(|i| Ipv4Addr::new(127, 0, 0, i))
                .collect()
        } else {
            Vec::new()
        };
        let rooms_of = |w: usize| self.rooms / processes + usize::from(w < self.rooms % processes);
        (0..processes)
            .map(|w| WorkerConfig {
                worker: w,
                server: self.server,
                rooms: rooms_of(w),
                rate: self.rate,
                warmup_ms: millis(self.warmup),
                duration_ms: millis(self.duration),
                drain_ms: millis(self.drain),
                ramp: self.ramp / processes as f64,
                // Each worker starts on a different address.
                sources: rotate(&sources, w),
                hot_seats: self.hot_seats,
                drop_fraction: self.drop_fraction,
                new_circle_per_meeting: self.new_circle_per_meeting,
                seed: seed.wrapping_add(w as u64 * 1_000_003),
                relay_bytes: self.relay.then_some(self.relay_bytes),
                first_room: (0..w).map(rooms_of).sum(),
            })
            .collect()
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

fn rotate<T: Clone>(items: &[T], by: usize) -> Vec<T> {
    if items.is_empty() {
        return Vec::new();
    }
    let by = by % items.len();
    items[by..].iter().chain(&items[..by]).cloned().collect()
}

/// A worker: a thread in this process, or a child process.
enum Worker {
    Thread {
        ready: Option<oneshot::Receiver<Ready>>,
        go: Option<oneshot::Sender<()>>,
        join: Option<std::thread::JoinHandle<WorkerResult>>,
    },
    Process {
        child: Child,
        stdin: ChildStdin,
        lines: std_mpsc::Receiver<String>,
    },
}

impl Worker {
    fn in_thread(cfg: WorkerConfig) -> Worker {
        let (ready_tx, ready_rx) = oneshot::channel();
        let (go_tx, go_rx) = oneshot::channel();
        let join = std::thread::Builder::new()
            .name("worker".into())
            .spawn(move || runtime().block_on(run_worker(cfg, ready_tx, go_rx)))
            .expect("the worker thread starts");
        Worker::Thread {
            ready: Some(ready_rx),
            go: Some(go_tx),
            join: Some(join),
        }
    }

    fn in_process(cfg: &WorkerConfig) -> anyhow::Result<Worker> {
        let exe = std::env::current_exe().context("finding this program")?;
        let mut child = Command::new(exe)
            .arg("--worker-config")
            .arg(serde_json::to_string(cfg)?)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .context("starting a worker process")?;
        let stdin = child.stdin.take().context("worker stdin")?;
        let stdout = child.stdout.take().context("worker stdout")?;
        let (tx, lines) = std_mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Ok(Worker::Process {
            child,
            stdin,
            lines,
        })
    }

    /// The process to read CPU time from.
    fn pid(&self) -> String {
        match self {
            Worker::Thread { .. } => "self".into(),
            Worker::Process { child, .. } => child.id().to_string(),
        }
    }

    fn line(
        lines: &std_mpsc::Receiver<String>,
        prefix: &str,
        deadline: Instant,
    ) -> anyhow::Result<String> {
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = lines
                .recv_timeout(left)
                .map_err(|_| anyhow!("no {prefix} from a worker in time"))?;
            if let Some(rest) = line.strip_prefix(prefix) {
                return Ok(rest.trim().to_owned());
            }
        }
    }

    fn wait_ready(&mut self, deadline: Instant) -> anyhow::Result<Ready> {
        match self {
            Worker::Thread { ready, .. } => {
                let rx = ready.take().context("ready asked twice")?;
                let left = deadline.saturating_duration_since(Instant::now());
                let (tx, done) = std_mpsc::channel();
                std::thread::spawn(move || {
                    let _ = tx.send(rx.blocking_recv());
                });
                done.recv_timeout(left)
                    .map_err(|_| anyhow!("the worker was not ready in time"))?
                    .map_err(|_| anyhow!("the worker stopped before it was ready"))
            }
            Worker::Process { lines, .. } => {
                let json = Worker::line(lines, "READY ", deadline)?;
                Ok(serde_json::from_str(&json)?)
            }
        }
    }

    fn go(&mut self) -> anyhow::Result<()> {
        match self {
            Worker::Thread { go, .. } => {
                let tx = go.take().context("go sent twice")?;
                tx.send(()).map_err(|_| anyhow!("the worker stopped"))
            }
            Worker::Process { stdin, .. } => {
                writeln!(stdin, "GO")?;
                stdin.flush()?;
                Ok(())
            }
        }
    }

    fn result(&mut self, deadline: Instant) -> anyhow::Result<WorkerResult> {
        match self {
            Worker::Thread { join, .. } => {
                let join = join.take().context("result asked twice")?;
                join.join()
                    .map_err(|_| anyhow!("the worker thread panicked"))
            }
            Worker::Process { child, lines, .. } => {
                let json = Worker::line(lines, "RESULT ", deadline)?;
                let _ = child.wait();
                Ok(serde_json::from_str(&json)?)
            }
        }
    }
}

/// Runs as a worker process: the other end of `Worker::Process`.
pub fn worker_main(config_json: &str) -> anyhow::Result<()> {
    let cfg: WorkerConfig = serde_json::from_str(config_json).context("worker configuration")?;
    runtime().block_on(async move {
        let (ready_tx, ready_rx) = oneshot::channel();
        let (go_tx, go_rx) = oneshot::channel();
        let worker = tokio::spawn(run_worker(cfg, ready_tx, go_rx));
        if let Ok(ready) = ready_rx.await {
            println!("READY {}", serde_json::to_string(&ready)?);
            std::io::stdout().flush()?;
        }
        let line = tokio::task::spawn_blocking(|| {
            let mut line = String::new();
            std::io::stdin().read_line(&mut line).map(|_| line)
        })
        .await?;
        if line.is_ok_and(|l| l.trim() == "GO") {
            let _ = go_tx.send(());
        } else {
            drop(go_tx);
        }
        let result = worker.await?;
        println!("RESULT {}", serde_json::to_string(&result)?);
        std::io::stdout().flush()?;
        Ok(())
    })
}

fn sample_all(pids: &[String]) -> Vec<Option<ProcSample>> {
    pids.iter().map(|p| procfs::sample(p)).collect()
}

fn sleep_until(t: Instant) {
    let now = Instant::now();
    if t > now {
        std::thread::sleep(t - now);
    }
}

/// Runs the whole load as `cli` says and returns the report.
pub fn coordinate(cli: &Cli) -> anyhow::Result<Report> {
    if cli.rate < 0.0 || !cli.rate.is_finite() {
        bail!("--rate must be 0 or more");
    }
    let seed = cli.seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64)
    });
    let server_pid = cli.server_pid.map(|p| p.to_string());
    let server = |pid: &Option<String>| pid.as_deref().and_then(procfs::sample);
    let mut samples = Samples {
        server_before: server(&server_pid),
        kernel_tcp_before: procfs::tcp_kernel_memory(),
        kernel_slab_before: procfs::kernel_slab(),
        ..Samples::default()
    };
    let configs = cli.worker_configs(seed);
    let connections = (cli.rooms * crate::room::CLIENTS) as f64;
    let ramp_deadline =
        Instant::now() + Duration::from_secs_f64(connections / cli.ramp.max(1.0) * 3.0 + 120.0);
    let mut workers = Vec::with_capacity(configs.len());
    for cfg in &configs {
        workers.push(if configs.len() == 1 {
            Worker::in_thread(cfg.clone())
        } else {
            Worker::in_process(cfg)?
        });
    }
    let pids: Vec<String> = workers.iter().map(Worker::pid).collect();
    let mut readies = Vec::with_capacity(workers.len());
    for worker in &mut workers {
        readies.push(worker.wait_ready(ramp_deadline)?);
    }
    // Every room is set up and idle: the memory figures.
    std::thread::sleep(Duration::from_millis(500));
    samples.server_idle = server(&server_pid);
    samples.kernel_tcp_idle = procfs::tcp_kernel_memory();
    samples.kernel_slab_idle = procfs::kernel_slab();
    samples.loadavg_start = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    for worker in &mut workers {
        worker.go()?;
    }
    let go = Instant::now();
    sleep_until(go + cli.warmup);
    samples.server_start = server(&server_pid);
    samples.generator_start = sample_all(&pids);
    let window_start = Instant::now();
    sleep_until(go + cli.warmup + cli.duration);
    samples.server_end = server(&server_pid);
    samples.generator_end = sample_all(&pids);
    samples.window = window_start.elapsed();
    samples.loadavg_end = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let result_deadline = Instant::now() + cli.drain + Duration::from_secs(60);
    let mut merged = Stats::default();
    let mut ramp_secs: f64 = 0.0;
    for worker in &mut workers {
        let result = worker.result(result_deadline)?;
        merged.add(&Stats::from_wire(&result.stats)?);
        ramp_secs = ramp_secs.max(result.ramp_secs);
    }
    Ok(report::build(
        cli, &merged, &readies, ramp_secs, &samples, seed,
    ))
}
