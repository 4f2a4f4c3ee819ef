//! The hub's HTTP side: creating a circle (`POST /api/circles`) and how bad bodies are refused,
//! the health check, and the Prometheus metrics page.

use hotseat_tests::server::{TestServer, metric_value};
use serde_json::{Value, json};

/// Posts `body` and expects a 400 `invalid_field` naming `field`.
async fn refused_field(server: &TestServer, body: &str, field: &str) {
    let (status, answer) = server.post("/api/circles", body).await;
    assert_eq!(status, 400, "{body} -> {answer}");
    assert_eq!(
        answer["error"]["code"], "invalid_field",
        "{body} -> {answer}"
    );
    assert_eq!(answer["error"]["field"], field, "{body} -> {answer}");
    assert!(
        answer["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "a sentence for people: {answer}"
    );
}

#[tokio::test]
async fn creating_a_circle_answers_201_with_both_links() {
    let server = TestServer::start().await;
    let body = json!({
        "name": "Thursday circle",
        "norms": ["Listen to understand.", "Ask rather than tell."],
        "facilitator_name": "Maya",
        "settings": {"time_boxes": {"opening_secs": 60, "questions_secs": 900}, "auto_advance": true}
    });
    let (status, answer) = server.post("/api/circles", &body.to_string()).await;
    assert_eq!(status, 201, "{answer}");
    let room = answer["room"].as_str().expect("room");
    let join_url = answer["join_url"].as_str().expect("join_url");
    let facilitator_url = answer["facilitator_url"].as_str().expect("facilitator_url");
    assert_eq!(join_url, format!("{}/r/{room}", server.public_url));
    assert!(
        facilitator_url.starts_with(&format!("{join_url}#f=")),
        "{facilitator_url}"
    );

    // The room is live and carries what was asked for.
    let secret = facilitator_url.split_once("#f=").expect("fragment").1;
    let mut facilitator = server.connect(room).await;
    let welcome = facilitator
        .hello_secret(secret)
        .await
        .expect("facilitator joins");
    let snapshot = welcome.snapshot;
    assert_eq!(snapshot.circle.name, "Thursday circle");
    assert_eq!(
        snapshot.circle.norms,
        ["Listen to understand.", "Ask rather than tell."]
    );
    assert_eq!(snapshot.seats[0].name, "Maya");
    assert_eq!(snapshot.settings.time_boxes.opening_secs, 60);
    assert_eq!(snapshot.settings.time_boxes.questions_secs, 900);
    assert_eq!(
        snapshot.settings.time_boxes.presenting_secs, 300,
        "unnamed boxes keep their default"
    );
    assert!(snapshot.settings.auto_advance);

    // Only `name` is required.
    let (status, answer) = server.post("/api/circles", r#"{"name":"Minimal"}"#).await;
    assert_eq!(status, 201, "{answer}");
    server.shutdown().await;
}

#[tokio::test]
async fn bad_fields_are_refused_with_400_naming_the_field() {
    let server = TestServer::start().await;
    let long_norm = "n".repeat(201);
    let cases: Vec<(Value, &str)> = vec![
        // The name.
        (json!({}), "name"),
        (json!({"name": ""}), "name"),
        (json!({"name": "   "}), "name"),
        (json!({"name": "x".repeat(81)}), "name"),
        (json!({"name": "Bell\u{7}"}), "name"),
        (json!({"name": 5}), "name"),
        (json!({"name": null}), "name"),
        // Fields nobody asked for: named by the object they are in, never by the
        // client's own key.
        (json!({"name": "Circle", "colour": "red"}), "."),
        (
            json!({"name": "Circle", "settings": {"speed": 2}}),
            "settings",
        ),
        (
            json!({"name": "Circle", "settings": {"time_boxes": {"nap_secs": 60}}}),
            "settings.time_boxes",
        ),
        // Time boxes.
        (
            json!({"name": "Circle", "settings": {"time_boxes": {"opening_secs": 5}}}),
            "settings.time_boxes.opening_secs",
        ),
        (
            json!({"name": "Circle", "settings": {"time_boxes": {"questions_secs": 7201}}}),
            "settings.time_boxes.questions_secs",
        ),
        (
            json!({"name": "Circle", "settings": {"time_boxes": {"closing_secs": 0}}}),
            "settings.time_boxes.closing_secs",
        ),
        (
            json!({"name": "Circle", "settings": {"time_boxes": {"opening_secs": "ten"}}}),
            "settings.time_boxes.opening_secs",
        ),
        (
            json!({"name": "Circle", "settings": {"time_boxes": {"opening_secs": -1}}}),
            "settings.time_boxes.opening_secs",
        ),
        (
            json!({"name": "Circle", "settings": {"auto_advance": "yes"}}),
            "settings.auto_advance",
        ),
        // Norms.
        (json!({"name": "Circle", "norms": []}), "norms"),
        (
            json!({"name": "Circle", "norms": vec!["Be kind."; 13]}),
            "norms",
        ),
        (
            json!({"name": "Circle", "norms": ["Be kind.", "  "]}),
            "norms",
        ),
        (json!({"name": "Circle", "norms": [long_norm]}), "norms"),
        (json!({"name": "Circle", "norms": "Be kind."}), "norms"),
        (
            json!({"name": "Circle", "norms": ["Be kind.", 3]}),
            "norms[1]",
        ),
        // The facilitator's name.
        (
            json!({"name": "Circle", "facilitator_name": ""}),
            "facilitator_name",
        ),
        (
            json!({"name": "Circle", "facilitator_name": "f".repeat(41)}),
            "facilitator_name",
        ),
    ];
    for (body, field) in cases {
        refused_field(&server, &body.to_string(), field).await;
    }
    server.shutdown().await;
}

#[tokio::test]
async fn a_body_that_is_not_json_is_malformed_json() {
    let server = TestServer::start().await;
    for body in ["{not json", "", "{\"name\": \"Circle\"", "[1, 2"] {
        let (status, answer) = server.post("/api/circles", body).await;
        assert_eq!(status, 400, "{body:?} -> {answer}");
        assert_eq!(
            answer["error"]["code"], "malformed_json",
            "{body:?} -> {answer}"
        );
    }
    // Valid JSON of the wrong shape is a field problem, not malformed JSON.
    let (status, answer) = server.post("/api/circles", "[1, 2]").await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(answer["error"]["code"], "invalid_field", "{answer}");
    server.shutdown().await;
}

#[tokio::test]
async fn healthz_answers_200() {
    let server = TestServer::start().await;
    let (status, body) = server.get("/healthz").await;
    assert_eq!(status, 200);
    assert_eq!(body.trim(), "ok");
    server.shutdown().await;
}

#[tokio::test]
async fn metrics_are_prometheus_text_and_move_with_the_rooms() {
    let server = TestServer::start().await;
    let text = server.metrics().await;
    for series in [
        "hotseat_rooms_live",
        "hotseat_connections",
        "hotseat_commands_total",
        "hotseat_joins_total",
        "hotseat_updates_sent_total",
        "hotseat_slow_clients_dropped_total",
        "hotseat_abusive_clients_closed_total",
        "hotseat_errors_total{code=\"room_full\"}",
        "hotseat_errors_total{code=\"malformed_json\"}",
        "hotseat_errors_total{code=\"not_facilitator\"}",
        "hotseat_errors_total{code=\"internal\"}",
    ] {
        assert_eq!(
            metric_value(&text, series),
            Some(0.0),
            "{series} starts at 0 in:\n{text}"
        );
    }
    for kind in [
        "hotseat_rooms_live gauge",
        "hotseat_connections gauge",
        "hotseat_commands_total counter",
        "hotseat_errors_total counter",
    ] {
        assert!(
            text.contains(&format!("# TYPE {kind}")),
            "{kind} in:\n{text}"
        );
    }
    // Every line is a comment or `series value`.
    for line in text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let (_, value) = line.rsplit_once(' ').expect("series and value");
        assert!(value.parse::<f64>().is_ok(), "{line}");
    }
    let (status, head) =
        hotseat_tests::server::http(server.addr, "GET", "/metrics", None, &[]).await;
    assert_eq!(status, 200, "{head}");

    // A room, a connection, a command, an error: each shows.
    let circle = server.create_circle("Metrics circle").await;
    let (mut facilitator, _) = server.facilitate(&circle).await;
    server.wait_metric("hotseat_rooms_live", |v| v == 1.0).await;
    let (mut member, _) = server.join(&circle.room, "Ana").await;
    assert_eq!(server.metric("hotseat_connections").await, 2.0);
    assert_eq!(server.metric("hotseat_joins_total").await, 2.0);
    facilitator
        .act_and_wait(hotseat_protocol::Command::Start)
        .await
        .expect("start");
    assert_eq!(
        member
            .act_and_wait(hotseat_protocol::Command::Advance)
            .await,
        Err(hotseat_protocol::ErrorCode::NotFacilitator)
    );
    member.send_text("{nope").await;
    assert_eq!(
        member.next_error().await,
        hotseat_protocol::ErrorCode::MalformedJson
    );
    assert_eq!(server.metric("hotseat_commands_total").await, 1.0);
    assert_eq!(
        server
            .metric("hotseat_errors_total{code=\"not_facilitator\"}")
            .await,
        1.0
    );
    assert_eq!(
        server
            .metric("hotseat_errors_total{code=\"malformed_json\"}")
            .await,
        1.0
    );
    assert!(server.metric("hotseat_updates_sent_total").await >= 3.0);

    // A refused hello counts once.
    let mut stranger = server.connect(&circle.room).await;
    assert_eq!(
        stranger.hello_secret("not-the-secret").await.err(),
        Some(hotseat_protocol::ErrorCode::Forbidden)
    );
    assert_eq!(
        server
            .metric("hotseat_errors_total{code=\"forbidden\"}")
            .await,
        1.0
    );

    // Connections leave the gauge when they close.
    facilitator.close().await;
    member.close().await;
    stranger.close().await;
    server
        .wait_metric("hotseat_connections", |v| v == 0.0)
        .await;
    server.shutdown().await;
}
