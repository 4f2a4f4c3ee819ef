//! The generator against a real server in this process: a few rooms run whole meetings
//! over real sockets, with drops and resumes, and everything sent is answered and seen.
//! Counts only: no timing is asserted (figures belong in BENCHMARKS.md).

use clap::Parser;
use hotseat_loadgen::coord::{Cli, coordinate};
use hotseat_server::{Config, Server};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_short_run_completes_meetings_and_loses_nothing() {
    let data = tempfile::tempdir().expect("a temporary data directory");
    let mut config = Config::default_for("127.0.0.1:0".parse().expect("address"));
    config.data = data.path().to_path_buf();
    let server = Server::bind(&config).await.expect("server binds");
    let addr = server.local_addr;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(server.run(async {
        let _ = stopped.await;
    }));

    let cli = Cli::parse_from([
        "hotseat-loadgen",
        "--server",
        &addr.to_string(),
        "--rooms",
        "3",
        "--rate",
        "15",
        "--warmup",
        "500ms",
        "--duration",
        "4s",
        "--drain",
        "3s",
        "--hot-seats",
        "1",
        "--drop-fraction",
        "0.2",
        "--addrs",
        "2",
        "--seed",
        "42",
    ]);
    let report = tokio::task::spawn_blocking(move || coordinate(&cli))
        .await
        .expect("the coordinator runs")
        .expect("the run completes");
    let c = &report.counters;
    assert_eq!(report.rooms_ready, 3);
    assert_eq!(c.connects_failed, 0, "{:?}", c.connect_errors);
    assert!(c.commands > 20, "commands sent: {}", c.commands);
    assert_eq!(
        c.acks + c.refused.values().sum::<u64>() + c.commands_timed_out,
        c.commands
    );
    assert!(
        c.refused.is_empty(),
        "the script follows the rules: {:?}",
        c.refused
    );
    assert_eq!(c.lost_updates, 0);
    assert_eq!(c.out_of_order_updates, 0);
    assert_eq!(c.deliveries_timed_out, 0);
    assert!(
        c.unplanned_disconnects.is_empty(),
        "{:?}",
        c.unplanned_disconnects
    );
    assert!(
        c.meetings_completed >= 1,
        "a meeting of one hot seat ends within the run"
    );
    assert!(
        c.deliveries >= c.fanouts * 5,
        "each fan-out reaches the room's clients"
    );
    assert_eq!(report.latency_us.fanout.count, c.fanouts);

    let _ = stop.send(());
    let _ = serving.await;
}
