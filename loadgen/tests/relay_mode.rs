//! The generator's relay mode end to end on 127.0.0.1, against the bare relay of
//! `examples/relay.rs` (its very code, served in this process): every frame sent reaches
//! all seven clients of its room and none of another room's. A relay that leaks frames
//! between rooms is caught. Counts only: no timing is asserted.

use std::net::SocketAddr;

use clap::Parser;
use futures_util::{SinkExt, StreamExt};
use hotseat_loadgen::coord::{Cli, coordinate};
use hotseat_loadgen::report::Report;
use tokio::net::TcpListener;
use tokio::sync::broadcast;
use tokio_tungstenite::tungstenite::Message;

#[allow(dead_code)] // its `main`: the tests call `serve`
#[path = "../examples/relay.rs"]
mod relay;

const ROOMS: u64 = 5;
const BYTES: usize = 150;

/// A short relay-mode run against `server`: every frame is sent in the measured window.
async fn run(server: SocketAddr) -> Report {
    let cli = Cli::parse_from([
        "hotseat-loadgen".to_owned(),
        "--relay".into(),
        "--relay-bytes".into(),
        BYTES.to_string(),
        "--server".into(),
        server.to_string(),
        "--rooms".into(),
        ROOMS.to_string(),
        "--rate".into(),
        "20".into(),
        "--warmup".into(),
        "0s".into(),
        "--duration".into(),
        "3s".into(),
        "--drain".into(),
        "3s".into(),
        "--addrs".into(),
        "2".into(),
        "--seed".into(),
        "7".into(),
    ]);
    tokio::task::spawn_blocking(move || coordinate(&cli))
        .await
        .expect("the coordinator runs")
        .expect("the run completes")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_frame_reaches_all_seven_of_its_room_and_no_other() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
    let addr = listener.local_addr().expect("an address");
    let serving = tokio::spawn(relay::serve(listener, None));

    let report = run(addr).await;
    let c = &report.counters;
    assert_eq!(report.relay_bytes, Some(BYTES));
    assert_eq!(report.rooms_ready, ROOMS);
    assert_eq!(c.connects_ok, ROOMS * 7);
    assert_eq!(c.connects_failed, 0, "{:?}", c.connect_errors);
    // 5 rooms x 20/s x 3 s: about 300 frames.
    assert!(c.commands > 150, "frames sent: {}", c.commands);
    assert_eq!(c.fanouts, c.commands, "each frame reached its whole room");
    assert_eq!(c.deliveries, 7 * c.commands, "seven copies of each frame");
    assert_eq!(c.acks, c.commands, "each sender got its echo");
    assert_eq!(c.deliveries_timed_out, 0);
    assert_eq!(c.commands_timed_out, 0);
    assert_eq!(c.relay_foreign_frames, 0, "no frame of another room");
    assert_eq!(c.relay_duplicate_frames, 0);
    assert!(
        c.unplanned_disconnects.is_empty(),
        "{:?}",
        c.unplanned_disconnects
    );
    assert_eq!(report.latency_us.fanout.count, c.commands);
    assert_eq!(report.latency_us.delivery.count, 7 * c.commands);
    assert_eq!(report.mean_update_bytes, BYTES as f64);

    serving.abort();
}

/// A faulty relay: one channel for every connection, whatever its room.
async fn leaky_relay(listener: TcpListener) {
    let (all, _) = broadcast::channel::<Message>(1024);
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            return;
        };
        let (tx, mut rx) = (all.clone(), all.subscribe());
        tokio::spawn(async move {
            let Ok(ws) = tokio_tungstenite::accept_async(stream).await else {
                return;
            };
            let (mut sink, mut stream) = ws.split();
            loop {
                tokio::select! {
                    Some(Ok(msg)) = stream.next() => {
                        if msg.is_text() {
                            let _ = tx.send(msg);
                        }
                    }
                    Ok(msg) = rx.recv() => {
                        if sink.send(msg).await.is_err() {
                            return;
                        }
                    }
                    else => return,
                }
            }
        });
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_that_leaks_between_rooms_is_caught() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
    let addr = listener.local_addr().expect("an address");
    let serving = tokio::spawn(leaky_relay(listener));

    let report = run(addr).await;
    let c = &report.counters;
    assert!(c.commands > 150, "frames sent: {}", c.commands);
    // Each room still gets its own frames, and every other room's too.
    assert_eq!(c.fanouts, c.commands);
    assert!(
        c.relay_foreign_frames >= c.commands,
        "frames of other rooms seen: {} (frames sent: {})",
        c.relay_foreign_frames,
        c.commands
    );

    serving.abort();
}
