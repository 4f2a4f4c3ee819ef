//! The documented strictness is real: every message and every command with a field it does
//! not have is refused with `invalid_message` and changes nothing (commands without fields
//! too), and no error's message repeats what the client sent.

use std::time::Duration;

use hotseat_protocol::strict::tag_names;
use hotseat_protocol::{ClientMessage, Command, ErrorCode, Phase, ServerMessage};
use hotseat_tests::server::{Client, TestServer};
use serde_json::{Value, json};

/// A valid instance of every command, by wire name. A new command makes this panic until it
/// gets a sample, so the extra-field check below cannot forget it.
fn command_sample(name: &str) -> Value {
    let fields = match name {
        "check_in" => json!({"reports": [], "note": "fine"}),
        "ask" | "share_learning" | "commit" => json!({"text": "Why?"}),
        "answer" => json!({"noted": true}),
        "give_floor" | "remove_member" | "hand_over" => json!({"seat": 2}),
        "extend" => json!({"secs": 60}),
        "set_agenda" => json!({"seats": [2]}),
        "lock" => json!({"locked": true}),
        "set_norms" => json!({"norms": ["Be kind."]}),
        "set_schedule" => json!({"next_meeting_at": null}),
        "acknowledge_norms" | "raise_hand" | "lower_hand" | "volunteer" | "done" | "pass"
        | "insight_only" | "start" | "advance" | "back" | "skip" | "skip_hot_seat" | "pause"
        | "resume" | "end_meeting" | "shuffle_agenda" => json!({}),
        other => panic!("no sample for the command `{other}`: add one"),
    };
    let mut sample = fields;
    sample["type"] = json!(name);
    sample
}

/// A valid instance of every client message, by wire name.
fn message_sample(name: &str) -> Value {
    match name {
        "hello" => json!({"type": "hello", "protocol": 1, "name": "Cy"}),
        "act" => json!({"type": "act", "req": 1, "command": {"type": "raise_hand"}}),
        "check_question" => json!({"type": "check_question", "text": "Why?"}),
        "sync" => json!({"type": "sync"}),
        other => panic!("no sample for the message `{other}`: add one"),
    }
}

fn with_extra(mut object: Value, key: &str) -> Value {
    object[key] = json!(1);
    object
}

/// Reads until the next error, returning it whole.
async fn next_error_message(client: &mut Client) -> (ErrorCode, String) {
    loop {
        if let ServerMessage::Error { code, message, .. } = client.recv().await {
            return (code, message);
        }
    }
}

/// A client's current snapshot version and phase, asked for with `sync`.
async fn synced(client: &mut Client) -> (u64, Phase) {
    client.send_text(r#"{"type":"sync"}"#).await;
    loop {
        if let ServerMessage::Update {
            snapshot, events, ..
        } = client.recv().await
            && events.is_empty()
        {
            return (snapshot.version, snapshot.phase);
        }
    }
}

#[test]
fn every_sample_is_valid_without_its_extra_field() {
    for name in tag_names::<Command>() {
        let command: Command = serde_json::from_value(command_sample(name)).expect(name);
        assert_eq!(command.name(), *name);
        let extra = with_extra(command_sample(name), "x");
        assert!(serde_json::from_value::<Command>(extra).is_err(), "{name}");
    }
    for name in tag_names::<ClientMessage>() {
        serde_json::from_value::<ClientMessage>(message_sample(name)).expect(name);
    }
    assert_eq!(tag_names::<Command>().len(), 29);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_command_and_message_with_an_extra_field_is_refused_and_changes_nothing() {
    let server = TestServer::start().await;
    let circle = server.create_circle("Strict circle").await;
    let (mut fac, _) = server.facilitate(&circle).await;
    let (mut ana, _) = server.join(&circle.room, "Ana").await;
    let before = synced(&mut fac).await;
    assert_eq!(before.1, Phase::Lobby);

    // Within the rate limit (10 messages a second per connection): refused, not dropped.
    let mut pace = tokio::time::interval(Duration::from_millis(110));
    // Every command, from the facilitator (who may send most of them) and from a member.
    for name in tag_names::<Command>() {
        for client in [&mut fac, &mut ana] {
            pace.tick().await;
            let act =
                json!({"type": "act", "req": 7, "command": with_extra(command_sample(name), "x")});
            client.send_text(&act.to_string()).await;
            let (code, _) = next_error_message(client).await;
            assert_eq!(
                code,
                ErrorCode::InvalidMessage,
                "{name} with an extra field"
            );
        }
    }
    // Every message type, on a seated connection and (for hello) on a fresh one.
    for name in tag_names::<ClientMessage>() {
        let extra = with_extra(message_sample(name), "x").to_string();
        pace.tick().await;
        ana.send_text(&extra).await;
        let (code, _) = next_error_message(&mut ana).await;
        assert_eq!(
            code,
            ErrorCode::InvalidMessage,
            "{name} with an extra field"
        );
    }
    let mut fresh = server.connect(&circle.room).await;
    fresh
        .send_text(&with_extra(message_sample("hello"), "x").to_string())
        .await;
    assert_eq!(
        next_error_message(&mut fresh).await.0,
        ErrorCode::InvalidMessage
    );
    // Still not joined: the hello was refused, not half carried out.
    fresh.send_text(r#"{"type":"sync"}"#).await;
    assert_eq!(next_error_message(&mut fresh).await.0, ErrorCode::NotJoined);

    // Nothing moved: not the meeting (`start` did not start it), not the room's version
    // (no hand raised, no volunteer, no lock).
    assert_eq!(synced(&mut fac).await, before);
    assert_eq!(synced(&mut ana).await, before);
    // The valid forms are carried out, so the refusals above were about the extra field.
    assert!(fac.act_and_wait(Command::Start).await.is_ok());
    assert_eq!(synced(&mut fac).await.1, Phase::Opening);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_reply_repeats_the_clients_unknown_names_or_values() {
    let server = TestServer::start().await;
    let circle = server.create_circle("Echo circle").await;
    let (mut fac, _) = server.facilitate(&circle).await;
    let marker = "zqEchoMarker";
    let texts = [
        json!({"type": "zqEchoMarkerType"}),
        json!({"type": "sync", "zqEchoMarkerField": 1}),
        json!({"type": "act", "zqEchoMarkerField": 1, "command": {"type": "start"}}),
        json!({"type": "act", "command": {"type": "zqEchoMarkerVariant"}}),
        json!({"type": "act", "command": {"type": "start", "zqEchoMarkerField": 1}}),
        json!({"type": "act", "command": {"type": "ask", "text": ["zqEchoMarkerValue"]}}),
        json!({"type": "act", "command": {"type": "extend", "secs": "zqEchoMarkerValue"}}),
        json!({"type": "act", "command": {"type": "check_in", "reports": [{"zqEchoMarkerField": 1}]}}),
        json!({"type": "act", "command": {"type": "check_in", "reports": [
            {"commitment": 1, "status": "zqEchoMarkerVariant"}]}}),
        json!({"type": "act", "command": "zqEchoMarkerValue"}),
        json!({"type": "check_question", "text": 5, "zqEchoMarkerField": 1}),
        json!({"type": "hello", "protocol": "zqEchoMarkerValue"}),
        json!(["zqEchoMarkerValue"]),
    ];
    for text in &texts {
        fac.send_text(&text.to_string()).await;
        let (code, message) = next_error_message(&mut fac).await;
        assert_ne!(code, ErrorCode::MalformedJson, "{text}");
        assert!(!message.contains(marker), "{text} -> {message}");
        assert!(
            message.len() > code_len(code),
            "{text}: says what is wrong: {message}"
        );
    }
    // Nothing else came back that quotes it either.
    while let Some(reply) = fac.try_recv(Duration::from_millis(200)).await {
        let reply = serde_json::to_string(&reply).expect("serializes");
        assert!(!reply.contains(marker), "{reply}");
    }

    // The HTTP API's refusals too.
    let bodies = [
        json!({"name": "Circle", "zqEchoMarkerField": 1}),
        json!({"name": "Circle", "settings": {"zqEchoMarkerField": 1}}),
        json!({"name": "Circle", "settings": {"time_boxes": {"zqEchoMarkerField": 60}}}),
        json!({"name": "Circle", "settings": {"time_boxes": {"opening_secs": "zqEchoMarkerValue"}}}),
        json!({"name": ["zqEchoMarkerValue"]}),
        json!({"name": "Circle", "norms": ["ok", {"zqEchoMarkerField": 1}]}),
    ];
    for body in &bodies {
        let (status, answer) = server.post("/api/circles", &body.to_string()).await;
        assert_eq!(status, 400, "{body} -> {answer}");
        assert_eq!(
            answer["error"]["code"], "invalid_field",
            "{body} -> {answer}"
        );
        assert!(!answer.to_string().contains(marker), "{body} -> {answer}");
    }
    server.shutdown().await;
}

/// The length of a code's default sentence: a message longer than it adds a detail.
fn code_len(code: ErrorCode) -> usize {
    code.default_message().len()
}
