//! Watching a running server: `/readyz` says whether storage takes writes (beside `/healthz`,
//! which only says the process lives).

use hotseat_server::{Config, Server};
use hotseat_tests::server::{TestServer, http, metric_value};

#[tokio::test]
async fn readyz_answers_200_on_a_healthy_server() {
    let server = TestServer::start().await;
    let (status, body) = server.get("/readyz").await;
    assert_eq!((status, body.trim()), (200, "ready"));
    // Still ready after real writes went through the writer.
    server.create_circle("Monday circle").await;
    let (status, _) = server.get("/readyz").await;
    assert_eq!(status, 200);
    server.shutdown().await;
}

#[tokio::test]
async fn readyz_fails_when_the_database_file_is_replaced() {
    let server = TestServer::start().await;
    server.create_circle("Monday circle").await;
    // The open connection would keep writing to a file nobody reads again: not ready.
    for file in ["hotseat.db", "hotseat.db-wal", "hotseat.db-shm"] {
        let _ = std::fs::remove_file(server.data.join(file));
    }
    std::fs::create_dir(server.data.join("hotseat.db")).expect("a directory in its place");
    let (status, body) = server.get("/readyz").await;
    assert_eq!(status, 503, "{body}");
    assert!(
        !body.contains("hotseat.db"),
        "the reason is logged, not told: {body}"
    );
    let (status, _) = server.get("/healthz").await;
    assert_eq!(status, 200, "the process itself still lives");
    server.shutdown().await;
}

#[tokio::test]
async fn readyz_fails_once_the_storage_writer_is_gone() {
    let dir = tempfile::tempdir().expect("a data directory");
    let mut config = Config::default_for("127.0.0.1:0".parse().expect("address"));
    config.data = dir.path().to_path_buf();
    let server = Server::bind(&config).await.expect("server binds");
    let addr = server.local_addr;
    server.halt_storage();
    let task = tokio::spawn(server.run(std::future::pending()));
    let (status, _) = http(addr, "GET", "/readyz", None, &[]).await;
    assert_eq!(status, 503);
    let (status, _) = http(addr, "GET", "/healthz", None, &[]).await;
    assert_eq!(status, 200);
    task.abort();
}

#[tokio::test]
async fn metrics_show_build_process_histograms_phases_and_states() {
    let server = TestServer::start().await;
    let circle = server.create_circle("Monday circle").await;
    let (mut facilitator, _) = server.facilitate(&circle).await;
    let (_member, _) = server.join(&circle.room, "Ana").await;
    facilitator
        .act_and_wait(hotseat_protocol::Command::Start)
        .await
        .expect("the meeting starts");
    server
        .wait_metric("hotseat_rooms_by_phase{phase=\"opening\"}", |v| v == 1.0)
        .await;
    let text = server.metrics().await;
    let value = |series: &str| metric_value(&text, series);
    assert_eq!(value("hotseat_rooms_by_phase{phase=\"lobby\"}"), Some(0.0));
    assert_eq!(
        value("hotseat_connections_by_state{state=\"in_room\"}"),
        Some(2.0),
        "{text}"
    );
    assert_eq!(
        value("hotseat_connections_by_state{state=\"joining\"}"),
        Some(0.0)
    );
    assert!(
        text.lines().any(|l| l.starts_with("hotseat_build_info{")
            && l.contains(concat!("version=\"", env!("CARGO_PKG_VERSION"), "\""))),
        "{text}"
    );
    for series in [
        "process_resident_memory_bytes",
        "process_open_fds",
        "process_max_fds",
    ] {
        assert!(
            value(series).is_some_and(|v| v > 0.0),
            "{series} in:\n{text}"
        );
    }
    assert!(value("process_cpu_seconds_total").is_some());
    assert!(
        value("hotseat_command_seconds_count").is_some_and(|n| n >= 1.0),
        "{text}"
    );
    assert!(value("hotseat_fanout_seconds_count").is_some_and(|n| n >= 1.0));
    assert!(value("hotseat_store_commit_seconds_count").is_some_and(|n| n >= 1.0));
    assert!(text.contains("# TYPE hotseat_command_seconds histogram"));
    server.shutdown().await;
}

#[tokio::test]
async fn metrics_listen_moves_metrics_off_the_public_listener() {
    let dir = tempfile::tempdir().expect("a data directory");
    let mut config = Config::default_for("127.0.0.1:0".parse().expect("address"));
    config.data = dir.path().to_path_buf();
    config.metrics_listen = Some("127.0.0.1:0".parse().expect("address"));
    let server = Server::bind(&config).await.expect("server binds");
    let (public, private) = (server.local_addr, server.metrics_addr.expect("bound"));
    let task = tokio::spawn(server.run(std::future::pending()));
    let (status, _) = http(public, "GET", "/metrics", None, &[]).await;
    assert_eq!(status, 404, "not on the public listener");
    let (status, _) = http(public, "GET", "/healthz", None, &[]).await;
    assert_eq!(status, 200, "the rest of the public side is there");
    let (status, text) = http(private, "GET", "/metrics", None, &[]).await;
    assert_eq!(status, 200);
    assert!(text.contains("# TYPE hotseat_rooms_live gauge"), "{text}");
    let (status, _) = http(private, "GET", "/api/circles", None, &[]).await;
    assert_eq!(status, 404, "only /metrics on the metrics listener");
    task.abort();
}
