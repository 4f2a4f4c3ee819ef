//! `docs/protocol.md` is the client writer's reference, so its examples must be true.
//!
//! Every fenced ```json block in the document names the Rust type it shows (```json command,
//! ```json snapshot, ...). This test parses each one as that type, serializes it back, and
//! checks that nothing in the example was lost on the way: a field the code does not have, a
//! misspelt value or a wrong shape fails with the block's line number. A ```json block
//! without a known type tag fails too, so no example goes unchecked.
//!
//! It also checks that the document covers the protocol: every command, every client and
//! server message, every goodbye reason and every event appears in some example, and every
//! error code has a row in the error-code table.

use std::collections::BTreeSet;
use std::path::PathBuf;

use hotseat_protocol::limits::MESSAGE_MAX_BYTES;
use hotseat_protocol::message::GoodbyeReason;
use hotseat_protocol::snapshot::HotSeatOutcome;
use hotseat_protocol::{
    ClientMessage, Command, CommitmentId, ErrorCode, Event, Hello, PROTOCOL_VERSION, Phase,
    QuestionId, QuestionKind, Report, ReportStatus, Role, SeatId, ServerMessage, Snapshot,
    Timestamp, TurnKind, Verdict,
};
use hotseat_server::http::api::{CircleCreated, CreateCircle};
use hotseat_server::store::{CircleCommitment, MemberData};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The type tags a ```json block may carry, each naming the Rust type it is parsed as.
const TAGS: [&str; 11] = [
    "client_message",
    "server_message",
    "command",
    "event",
    "snapshot",
    "error_code",
    "create_circle",
    "circle_created",
    "member_data",
    "circle_commitments",
    "api_error",
];

/// An HTTP API error: `{"error": {"code", "field", "message"}}`, nothing else.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ApiError {
    error: ApiErrorBody,
}

#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ApiErrorBody {
    code: String,
    field: Option<String>,
    message: String,
}

/// `GET /api/circles/{room}/commitments` answers `{"commitments": [...]}`.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CircleCommitments {
    commitments: Vec<CircleCommitment>,
}

/// The heading of the section whose table must list every error code (after any section
/// number, as in "## 8. Error codes").
const ERROR_TABLE_HEADING: &str = "Error codes";

fn doc_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/protocol.md")
}

fn read_doc() -> String {
    let path = doc_path();
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

// ---------------------------------------------------------------------------------------------
// Finding the examples
// ---------------------------------------------------------------------------------------------

/// One fenced code block: where it starts (1-based line of the opening fence), its info
/// string and its body.
#[derive(Debug)]
struct Block {
    line: usize,
    info: String,
    body: String,
}

/// Every fenced block in `doc` (backtick fences of three or more). An unclosed fence is a
/// problem, not a silent end of the document.
fn fenced_blocks(doc: &str) -> Result<Vec<Block>, String> {
    let mut blocks = Vec::new();
    let mut open: Option<(usize, usize, String, Vec<&str>)> = None;
    for (i, line) in doc.lines().enumerate() {
        let trimmed = line.trim_start();
        let ticks = trimmed.chars().take_while(|c| *c == '`').count();
        match &mut open {
            None if ticks >= 3 => {
                open = Some((i + 1, ticks, trimmed[ticks..].trim().to_owned(), Vec::new()));
            }
            None => {}
            Some((start, fence, info, body)) => {
                if ticks >= *fence && trimmed[ticks..].trim().is_empty() {
                    blocks.push(Block {
                        line: *start,
                        info: std::mem::take(info),
                        body: body.join("\n"),
                    });
                    open = None;
                } else {
                    body.push(line);
                }
            }
        }
    }
    match open {
        Some((start, ..)) => Err(format!("line {start}: code fence is never closed")),
        None => Ok(blocks),
    }
}

/// What the examples show, gathered for the coverage checks.
#[derive(Debug, Default)]
struct Seen {
    examples: usize,
    commands: BTreeSet<String>,
    client_types: BTreeSet<String>,
    server_types: BTreeSet<String>,
    goodbye_reasons: BTreeSet<String>,
    events: BTreeSet<String>,
}

/// Checks every ```json block of `doc`. Returns what the examples cover, or every problem
/// found (each naming its line).
fn check_examples(doc: &str) -> Result<Seen, Vec<String>> {
    let blocks = fenced_blocks(doc).map_err(|e| vec![e])?;
    let mut seen = Seen::default();
    let mut problems = Vec::new();
    for block in &blocks {
        let mut words = block.info.split_whitespace();
        let Some(lang) = words.next() else { continue };
        if !lang.to_ascii_lowercase().starts_with("json") {
            continue;
        }
        let tag = words.next();
        let extra: Vec<&str> = words.collect();
        let result = match tag {
            _ if lang != "json" => Err(format!("write the language as `json`, not `{lang}`")),
            None => Err(format!(
                "a ```json block must name its type: ```json <{}>",
                TAGS.join("|")
            )),
            Some(_) if !extra.is_empty() => {
                Err(format!("unexpected words after the type tag: {extra:?}"))
            }
            Some(tag) => check_block(tag, &block.body, &mut seen),
        };
        match result {
            Ok(()) => seen.examples += 1,
            Err(e) => problems.push(format!("docs/protocol.md line {}: {e}", block.line)),
        }
    }
    if problems.is_empty() {
        Ok(seen)
    } else {
        Err(problems)
    }
}

fn check_block(tag: &str, body: &str, seen: &mut Seen) -> Result<(), String> {
    match tag {
        "client_message" => {
            let msg: ClientMessage = round_trip(body)?;
            let compact = serde_json::to_string(&msg).map_err(|e| e.to_string())?;
            if compact.len() > MESSAGE_MAX_BYTES {
                return Err(format!(
                    "a client message of {} bytes is over the limit",
                    compact.len()
                ));
            }
            match &msg {
                ClientMessage::Hello(hello) if hello.protocol != PROTOCOL_VERSION => {
                    return Err(format!("hello names protocol {}", hello.protocol));
                }
                ClientMessage::Act { command, .. } => {
                    seen.commands.insert(command.name().to_owned());
                }
                _ => {}
            }
            seen.client_types.insert(type_of(&msg));
        }
        "server_message" => {
            let msg: ServerMessage = round_trip(body)?;
            match &msg {
                ServerMessage::Welcome { protocol, .. } if *protocol != PROTOCOL_VERSION => {
                    return Err(format!("welcome names protocol {protocol}"));
                }
                ServerMessage::Update { events, .. } => {
                    seen.events.extend(events.iter().map(type_of));
                }
                ServerMessage::Goodbye { reason } => {
                    seen.goodbye_reasons.insert(string_of(reason));
                }
                _ => {}
            }
            seen.server_types.insert(type_of(&msg));
        }
        "command" => {
            let command: Command = round_trip(body)?;
            seen.commands.insert(command.name().to_owned());
        }
        "event" => {
            let event: Event = round_trip(body)?;
            seen.events.insert(type_of(&event));
        }
        "snapshot" => {
            round_trip::<Snapshot>(body)?;
        }
        "error_code" => {
            round_trip::<ErrorCode>(body)?;
        }
        // The HTTP API's bodies. The request type only parses (the server never sends it);
        // it refuses unknown fields itself, so a misspelt field still fails here.
        "create_circle" => {
            serde_json::from_str::<CreateCircle>(body)
                .map_err(|e| format!("does not parse as a POST /api/circles body: {e}"))?;
        }
        "circle_created" => {
            round_trip::<CircleCreated>(body)?;
        }
        "member_data" => {
            round_trip::<MemberData>(body)?;
        }
        "circle_commitments" => {
            round_trip::<CircleCommitments>(body)?;
        }
        "api_error" => {
            round_trip::<ApiError>(body)?;
        }
        other => {
            return Err(format!(
                "unknown type tag `{other}`; use one of {}",
                TAGS.join(", ")
            ));
        }
    }
    Ok(())
}

/// Parses `body` as `T`, serializes it, and checks the result is stable (serializing what it
/// parses back to gives the same value) and keeps everything the example says: every key of
/// the example is in the serialized value with the same value. Fields the example leaves
/// out (optional or defaulted ones) may appear in the serialized value.
fn round_trip<T: Serialize + DeserializeOwned>(body: &str) -> Result<T, String> {
    let example: Value = serde_json::from_str(body).map_err(|e| format!("not valid JSON: {e}"))?;
    let typed: T = serde_json::from_str(body)
        .map_err(|e| format!("does not parse as {}: {e}", std::any::type_name::<T>()))?;
    let once = serde_json::to_value(&typed).map_err(|e| format!("does not serialize: {e}"))?;
    let again: T = serde_json::from_value(once.clone())
        .map_err(|e| format!("its own serialization does not parse back: {e}"))?;
    let twice = serde_json::to_value(&again).map_err(|e| e.to_string())?;
    if once != twice {
        return Err(format!("unstable round trip:\n{once}\n{twice}"));
    }
    covered(&example, &once, "$")?;
    Ok(typed)
}

/// Every key and value in `example` is in `actual`, at the same place.
fn covered(example: &Value, actual: &Value, path: &str) -> Result<(), String> {
    match (example, actual) {
        (Value::Object(ex), Value::Object(act)) => {
            for (key, value) in ex {
                let here = format!("{path}.{key}");
                let Some(found) = act.get(key) else {
                    return Err(format!(
                        "`{here}` is not a field of the type (it is dropped when parsed)"
                    ));
                };
                covered(value, found, &here)?;
            }
            Ok(())
        }
        (Value::Array(ex), Value::Array(act)) if ex.len() == act.len() => ex
            .iter()
            .zip(act)
            .enumerate()
            .try_for_each(|(i, (e, a))| covered(e, a, &format!("{path}[{i}]"))),
        _ if example == actual => Ok(()),
        _ => Err(format!(
            "`{path}` is {example} in the example but {actual} once parsed"
        )),
    }
}

fn type_of<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.get("type").and_then(Value::as_str).map(str::to_owned))
        .unwrap_or_default()
}

fn string_of<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The codes in the first column of the table(s) in the error-code section.
fn error_table_codes(doc: &str) -> Vec<String> {
    let mut in_section = false;
    let mut codes = Vec::new();
    for line in doc.lines() {
        if line.starts_with('#') {
            in_section = line.trim_end().ends_with(ERROR_TABLE_HEADING);
            continue;
        }
        if !in_section || !line.starts_with('|') {
            continue;
        }
        let first_cell = line.split('|').nth(1).unwrap_or("").trim();
        if let Some(code) = first_cell
            .strip_prefix('`')
            .and_then(|c| c.strip_suffix('`'))
        {
            codes.push(code.to_owned());
        }
    }
    codes
}

// ---------------------------------------------------------------------------------------------
// Every variant of the protocol's enums. The index functions match exhaustively, so a new
// variant does not compile until it is added here, and then must appear in the document.
// ---------------------------------------------------------------------------------------------

const COMMANDS: usize = 29;

fn command_index(command: &Command) -> usize {
    match command {
        Command::AcknowledgeNorms => 0,
        Command::RaiseHand => 1,
        Command::LowerHand => 2,
        Command::Volunteer => 3,
        Command::CheckIn { .. } => 4,
        Command::Done => 5,
        Command::Pass => 6,
        Command::Ask { .. } => 7,
        Command::Answer { .. } => 8,
        Command::ShareLearning { .. } => 9,
        Command::Commit { .. } => 10,
        Command::InsightOnly => 11,
        Command::Start => 12,
        Command::Advance => 13,
        Command::Back => 14,
        Command::Skip => 15,
        Command::SkipHotSeat => 16,
        Command::GiveFloor { .. } => 17,
        Command::Extend { .. } => 18,
        Command::Pause => 19,
        Command::Resume => 20,
        Command::EndMeeting => 21,
        Command::SetAgenda { .. } => 22,
        Command::ShuffleAgenda => 23,
        Command::RemoveMember { .. } => 24,
        Command::Lock { .. } => 25,
        Command::HandOver { .. } => 26,
        Command::SetNorms { .. } => 27,
        Command::SetSchedule { .. } => 28,
    }
}

fn all_commands() -> Vec<Command> {
    let seat = SeatId(2);
    vec![
        Command::AcknowledgeNorms,
        Command::RaiseHand,
        Command::LowerHand,
        Command::Volunteer,
        Command::CheckIn {
            reports: vec![Report {
                commitment: CommitmentId(7),
                status: ReportStatus::Done,
                note: None,
            }],
            note: None,
        },
        Command::Done,
        Command::Pass,
        Command::Ask {
            text: "What do you need?".to_owned(),
        },
        Command::Answer { noted: false },
        Command::ShareLearning {
            text: "I rush.".to_owned(),
        },
        Command::Commit {
            text: "Call Ravi".to_owned(),
            due: None,
            key: None,
        },
        Command::InsightOnly,
        Command::Start,
        Command::Advance,
        Command::Back,
        Command::Skip,
        Command::SkipHotSeat,
        Command::GiveFloor { seat },
        Command::Extend { secs: 60 },
        Command::Pause,
        Command::Resume,
        Command::EndMeeting,
        Command::SetAgenda { seats: vec![seat] },
        Command::ShuffleAgenda,
        Command::RemoveMember { seat },
        Command::Lock { locked: true },
        Command::HandOver { seat },
        Command::SetNorms {
            norms: vec!["Listen.".to_owned()],
        },
        Command::SetSchedule {
            next_meeting_at: None,
            round_ends_on: None,
        },
    ]
}

const EVENTS: usize = 29;

fn event_index(event: &Event) -> usize {
    match event {
        Event::MemberJoined { .. } => 0,
        Event::PresenceChanged { .. } => 1,
        Event::MemberLeft { .. } => 2,
        Event::MemberRemoved { .. } => 3,
        Event::NormsAcknowledged { .. } => 4,
        Event::NormsChanged => 5,
        Event::PhaseChanged { .. } => 6,
        Event::FloorChanged { .. } => 7,
        Event::CheckedIn { .. } => 8,
        Event::Passed { .. } => 9,
        Event::TurnSkipped { .. } => 10,
        Event::QuestionAsked { .. } => 11,
        Event::QuestionAnswered { .. } => 12,
        Event::LearningShared { .. } => 13,
        Event::CommitmentRecorded { .. } => 14,
        Event::InsightOnlyChosen { .. } => 15,
        Event::HotSeatClosed { .. } => 16,
        Event::HandRaised { .. } => 17,
        Event::HandLowered { .. } => 18,
        Event::AgendaChanged => 19,
        Event::TimerStarted { .. } => 20,
        Event::TimerExtended { .. } => 21,
        Event::TimerPaused => 22,
        Event::TimerResumed { .. } => 23,
        Event::TimeUp { .. } => 24,
        Event::RoomLocked { .. } => 25,
        Event::FacilitatorChanged { .. } => 26,
        Event::MeetingEnded { .. } => 27,
        Event::ScheduleChanged => 28,
    }
}

fn all_events() -> Vec<Event> {
    let seat = SeatId(3);
    let at = Timestamp(1_795_544_580_000);
    vec![
        Event::MemberJoined { seat },
        Event::PresenceChanged {
            seat,
            present: true,
        },
        Event::MemberLeft { seat },
        Event::MemberRemoved { seat },
        Event::NormsAcknowledged { seat },
        Event::NormsChanged,
        Event::PhaseChanged {
            from: Phase::Presenting,
            to: Phase::Questions,
        },
        Event::FloorChanged {
            seat: Some(seat),
            turn: Some(TurnKind::Asking),
        },
        Event::CheckedIn { seat },
        Event::Passed { seat },
        Event::TurnSkipped { seat },
        Event::QuestionAsked {
            id: QuestionId(1),
            seat,
            kind: QuestionKind::Open,
        },
        Event::QuestionAnswered {
            id: QuestionId(1),
            noted: false,
        },
        Event::LearningShared { seat },
        Event::CommitmentRecorded {
            id: CommitmentId(9),
            seat,
        },
        Event::InsightOnlyChosen { seat },
        Event::HotSeatClosed {
            seat,
            outcome: HotSeatOutcome::Committed,
        },
        Event::HandRaised { seat },
        Event::HandLowered { seat },
        Event::AgendaChanged,
        Event::TimerStarted { deadline: at },
        Event::TimerExtended { secs: 60 },
        Event::TimerPaused,
        Event::TimerResumed { deadline: at },
        Event::TimeUp {
            phase: Phase::Questions,
        },
        Event::RoomLocked { locked: true },
        Event::FacilitatorChanged { seat },
        Event::MeetingEnded { early: false },
        Event::ScheduleChanged,
    ]
}

fn client_index(msg: &ClientMessage) -> usize {
    match msg {
        ClientMessage::Hello(_) => 0,
        ClientMessage::Act { .. } => 1,
        ClientMessage::CheckQuestion { .. } => 2,
        ClientMessage::Sync => 3,
    }
}

fn all_client_messages() -> Vec<ClientMessage> {
    vec![
        ClientMessage::Hello(Hello {
            protocol: PROTOCOL_VERSION,
            name: Some("Ana".to_owned()),
            seat_token: None,
            facilitator_secret: None,
        }),
        ClientMessage::Act {
            req: Some(1),
            command: Command::Pass,
            seen: None,
        },
        ClientMessage::CheckQuestion {
            req: None,
            text: "Why?".to_owned(),
        },
        ClientMessage::Sync,
    ]
}

fn server_index(msg: &ServerMessage) -> usize {
    match msg {
        ServerMessage::Welcome { .. } => 0,
        ServerMessage::Update { .. } => 1,
        ServerMessage::Ack { .. } => 2,
        ServerMessage::Error { .. } => 3,
        ServerMessage::QuestionHint { .. } => 4,
        ServerMessage::Goodbye { .. } => 5,
    }
}

/// The smallest valid snapshot, for building messages that carry one.
fn empty_snapshot() -> Snapshot {
    serde_json::from_value(serde_json::json!({
        "version": 1,
        "circle": { "name": "C", "norms": [] },
        "settings": {},
        "locked": false,
        "phase": "lobby",
        "seats": [],
        "floor": null,
        "next": null,
        "timer": null,
        "agenda": { "done": [], "current": null, "upcoming": [] },
        "hands": [],
        "check_in": { "open_commitments": [], "reports": [], "notes": [], "done": [] },
        "hot_seat": null,
        "commitments": [],
        "former_seats": [],
        "schedule": { "next_meeting_at": null, "round_ends_on": null }
    }))
    .expect("a minimal snapshot parses")
}

fn all_server_messages() -> Vec<ServerMessage> {
    let now = Timestamp(1_795_543_260_000);
    vec![
        ServerMessage::Welcome {
            protocol: PROTOCOL_VERSION,
            room: "r".to_owned(),
            seat: SeatId(1),
            role: Role::Member,
            seat_token: "t".to_owned(),
            resumed: false,
            server_time: now,
            snapshot: empty_snapshot(),
        },
        ServerMessage::Update {
            server_time: now,
            events: Vec::new(),
            snapshot: empty_snapshot(),
        },
        ServerMessage::Ack { req: 1, version: 2 },
        ServerMessage::error(None, ErrorCode::Internal),
        ServerMessage::QuestionHint {
            req: None,
            verdict: Verdict {
                kind: QuestionKind::Open,
                cue: None,
            },
            nudge: None,
            example: None,
        },
        ServerMessage::Goodbye {
            reason: GoodbyeReason::TooSlow,
        },
    ]
}

fn goodbye_index(reason: GoodbyeReason) -> usize {
    match reason {
        GoodbyeReason::ServerRestarting => 0,
        GoodbyeReason::Removed => 1,
        GoodbyeReason::ReplacedByNewConnection => 2,
        GoodbyeReason::TooSlow => 3,
        GoodbyeReason::RateLimited => 4,
        GoodbyeReason::Erased => 5,
        GoodbyeReason::CircleDeleted => 6,
    }
}

const ALL_GOODBYE_REASONS: [GoodbyeReason; 7] = [
    GoodbyeReason::ServerRestarting,
    GoodbyeReason::Removed,
    GoodbyeReason::ReplacedByNewConnection,
    GoodbyeReason::TooSlow,
    GoodbyeReason::RateLimited,
    GoodbyeReason::Erased,
    GoodbyeReason::CircleDeleted,
];

/// The list holds each variant exactly once (by its index), so it is complete.
#[track_caller]
fn assert_complete<T>(items: &[T], count: usize, index: impl Fn(&T) -> usize) {
    let mut indices: Vec<usize> = items.iter().map(index).collect();
    indices.sort_unstable();
    assert_eq!(
        indices,
        (0..count).collect::<Vec<_>>(),
        "the variant list is incomplete"
    );
}

/// Names in `expected` that are not in `seen`.
fn missing(expected: impl IntoIterator<Item = String>, seen: &BTreeSet<String>) -> Vec<String> {
    expected
        .into_iter()
        .filter(|name| !seen.contains(name))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------

fn checked_doc() -> (String, Seen) {
    let doc = read_doc();
    match check_examples(&doc) {
        Ok(seen) => (doc, seen),
        Err(problems) => panic!(
            "{} example(s) in docs/protocol.md are wrong:\n{}",
            problems.len(),
            problems.join("\n")
        ),
    }
}

#[test]
fn every_json_example_parses_as_its_type_and_round_trips() {
    let (_, seen) = checked_doc();
    assert!(
        seen.examples > 0,
        "docs/protocol.md has no checked examples"
    );
}

#[test]
fn every_command_has_an_example() {
    let commands = all_commands();
    assert_complete(&commands, COMMANDS, command_index);
    let (_, seen) = checked_doc();
    let absent = missing(commands.iter().map(|c| c.name().to_owned()), &seen.commands);
    assert!(
        absent.is_empty(),
        "commands with no example in docs/protocol.md: {absent:?}"
    );
}

#[test]
fn every_client_and_server_message_has_an_example() {
    let client = all_client_messages();
    assert_complete(&client, 4, client_index);
    let server = all_server_messages();
    assert_complete(&server, 6, server_index);
    let (_, seen) = checked_doc();
    let absent = missing(client.iter().map(type_of), &seen.client_types);
    assert!(
        absent.is_empty(),
        "client messages with no example: {absent:?}"
    );
    let absent = missing(server.iter().map(type_of), &seen.server_types);
    assert!(
        absent.is_empty(),
        "server messages with no example: {absent:?}"
    );
}

#[test]
fn every_goodbye_reason_has_an_example() {
    assert_complete(&ALL_GOODBYE_REASONS, 7, |r| goodbye_index(*r));
    let (_, seen) = checked_doc();
    let absent = missing(
        ALL_GOODBYE_REASONS.iter().map(string_of),
        &seen.goodbye_reasons,
    );
    assert!(
        absent.is_empty(),
        "goodbye reasons with no example: {absent:?}"
    );
}

#[test]
fn every_event_has_an_example() {
    let events = all_events();
    assert_complete(&events, EVENTS, event_index);
    let (_, seen) = checked_doc();
    let absent = missing(events.iter().map(type_of), &seen.events);
    assert!(absent.is_empty(), "events with no example: {absent:?}");
}

#[test]
fn the_error_table_lists_every_code_once() {
    let doc = read_doc();
    let codes = error_table_codes(&doc);
    let mut listed = BTreeSet::new();
    for code in &codes {
        let parsed: Result<ErrorCode, _> = serde_json::from_value(Value::String(code.clone()));
        assert!(
            parsed.is_ok(),
            "the error table lists `{code}`, which is not an error code"
        );
        assert!(
            listed.insert(code.clone()),
            "the error table lists `{code}` twice"
        );
    }
    let absent = missing(
        ErrorCode::ALL.iter().map(|c| c.as_str().to_owned()),
        &listed,
    );
    assert!(
        absent.is_empty(),
        "error codes missing from the table under the \"{ERROR_TABLE_HEADING}\" heading: {absent:?}"
    );
}

// ---- the checker checks: it refuses what it should ----

fn problems_in(doc: &str) -> Vec<String> {
    check_examples(doc).err().unwrap_or_default()
}

#[test]
fn a_json_block_without_a_type_tag_fails() {
    let doc = "# Title\n\nSome text.\n\n```json\n{\"type\":\"sync\"}\n```\n";
    let problems = problems_in(doc);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("line 5"), "{problems:?}");
}

#[test]
fn a_json_block_with_an_unknown_tag_fails() {
    let problems = problems_in("```json message\n{\"type\":\"sync\"}\n```\n");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("unknown type tag"), "{problems:?}");
    assert_eq!(
        problems_in("```JSON client_message\n{\"type\":\"sync\"}\n```\n").len(),
        1
    );
}

#[test]
fn an_example_naming_a_field_the_type_lacks_fails() {
    // `Event` does not refuse unknown fields when parsing, so only the key check catches it.
    let problems = problems_in("```json event\n{\"type\":\"timer_paused\",\"by\":5}\n```\n");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("$.by"), "{problems:?}");
    // Nor does an optional field the server never writes as null.
    let problems = problems_in(
        "```json server_message\n{\"type\":\"error\",\"req\":null,\"code\":\"internal\",\"message\":\"x\"}\n```\n",
    );
    assert_eq!(problems.len(), 1, "{problems:?}");
}

#[test]
fn an_example_that_does_not_parse_fails_with_its_line() {
    let doc = "text\n```json command\n{\"type\":\"ask\"}\n```\n\n```json command\n{\"type\":\"pass\"}\n```\n";
    let problems = problems_in(doc);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("line 2"), "{problems:?}");
}

#[test]
fn other_blocks_and_omitted_optional_fields_pass() {
    let doc = "```text\nnot json\n```\n```\nplain\n```\n\
               ```json client_message\n{\"type\":\"act\",\"command\":{\"type\":\"commit\",\"text\":\"Call Ravi\"}}\n```\n";
    let seen = check_examples(doc).expect("valid examples");
    assert_eq!(seen.examples, 1);
    assert!(seen.commands.contains("commit"));
}

#[test]
fn an_unclosed_fence_fails() {
    assert_eq!(
        problems_in("```json command\n{\"type\":\"pass\"}\n").len(),
        1
    );
}
