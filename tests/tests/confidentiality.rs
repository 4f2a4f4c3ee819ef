//! What members say never reaches disk or logs: a unique marker string for every spoken
//! thing (each check-in, report-back note, question, learning, draft question, name,
//! commitment) is found neither in the database file, nor its write-ahead log, nor the
//! server's log at `RUST_LOG=trace` (every crate, the WebSocket library too); neither are
//! the facilitator secret or seat tokens. Commitments, which the circle keeps, are on disk.

use hotseat_protocol::{Command, Phase, Report, ReportStatus, TurnKind};
use hotseat_tests::drive::Party;
use hotseat_tests::process::ServerProcess;
use hotseat_tests::{ask, check_in, commit, learn};
use serde_json::json;

const COMMITMENT: &str = "Call the supplier KEPT-commitment-5a";

/// Hands out a new marker for each thing said, and remembers them all.
#[derive(Default)]
struct Spoken(Vec<String>);

impl Spoken {
    fn say(&mut self, what: &str) -> String {
        let marker = format!("MARKER-{what}-{}-6b1d", self.0.len());
        self.0.push(marker.clone());
        marker
    }
}

fn files_contain(dir: &std::path::Path, needle: &str) -> Vec<String> {
    let mut hits = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap_or_default();
        if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
            hits.push(path.display().to_string());
        }
    }
    hits
}

/// Everyone whose turn it is checks in with their own words.
async fn check_in_round(party: &mut Party, spoken: &mut Spoken) {
    let mut snapshot = party.step(0, Command::Advance).await;
    while snapshot.floor.is_some() {
        let who = party.holder(&snapshot);
        snapshot = party.step(who, check_in(&spoken.say("checkin"))).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spoken_words_reach_neither_disk_nor_logs() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let server = ServerProcess::start_logging(data, "trace");
    let remote = server.remote(data);
    let mut spoken = Spoken::default();
    let names = [spoken.say("name"), spoken.say("name"), spoken.say("name")];
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut party = Party::gather(&remote, &names).await;
    // Names are kept on disk (the circle's members); only the log is checked for them.
    let on_disk_too = spoken.0.len();

    // Meeting 1: check-in words, a full hot seat, a commitment.
    party.step(0, Command::Start).await;
    for i in 1..party.clients.len() {
        party.step(i, Command::AcknowledgeNorms).await;
    }
    check_in_round(&mut party, &mut spoken).await;
    let ana = party.clients[1].seat.unwrap();
    party.step(0, Command::SetAgenda { seats: vec![ana] }).await;
    party.step(0, Command::Advance).await;
    party.step(1, Command::Done).await;
    let draft = spoken.say("draft");
    party.clients[2]
        .send_text(&json!({"type": "check_question", "text": draft}).to_string())
        .await;
    party.clients[2].recv().await;
    let mut snapshot = party.step(0, Command::Advance).await;
    while let Some(floor) = snapshot.floor {
        let who = party.holder(&snapshot);
        let command = match floor.turn {
            TurnKind::Asking => ask(&format!("What {} would change?", spoken.say("question"))),
            TurnKind::Answering => Command::Answer { noted: false },
            other => panic!("unexpected turn {other:?} in the question round"),
        };
        snapshot = party.step(who, command).await;
    }
    assert_eq!(snapshot.phase, Phase::Questions);
    let mut snapshot = party.step(0, Command::Advance).await;
    while snapshot.floor.is_some() {
        let who = party.holder(&snapshot);
        snapshot = party.step(who, learn(&spoken.say("learning"))).await;
    }
    party.step(0, Command::Advance).await;
    party.step(1, commit(COMMITMENT)).await;
    let closing = party.step(0, Command::Advance).await;
    assert_eq!(closing.phase, Phase::Closing);
    let ended = party.step(0, Command::Advance).await;
    assert_eq!(ended.phase, Phase::Ended);

    // Meeting 2: Ana reports back on her commitment, with a note.
    let next = party.step(0, Command::Start).await;
    assert_eq!(next.phase, Phase::Opening);
    let open = &next.check_in.open_commitments;
    assert_eq!(open.len(), 1, "the commitment opens the next check-in");
    let commitment = open[0].id;
    for i in 1..party.clients.len() {
        party.step(i, Command::AcknowledgeNorms).await;
    }
    let mut snapshot = party.step(0, Command::Advance).await;
    while snapshot.floor.is_some() {
        let who = party.holder(&snapshot);
        let command = if who == 1 {
            Command::CheckIn {
                reports: vec![Report {
                    commitment,
                    status: ReportStatus::Partly,
                    note: Some(spoken.say("report-note")),
                }],
                note: Some(spoken.say("checkin")),
            }
        } else {
            check_in(&spoken.say("checkin"))
        };
        snapshot = party.step(who, command).await;
    }
    assert_eq!(snapshot.check_in.reports.len(), 1);
    party.step(0, Command::EndMeeting).await;
    // Every member comes back to their seat with its token (a reload, say).
    for welcome in &party.welcomes[1..] {
        let mut back = remote.connect(&party.circle.room).await;
        back.hello_token(&welcome.seat_token)
            .await
            .expect("the seat is still theirs");
    }

    let secret = party.circle.secret.clone();
    let tokens: Vec<String> = party
        .welcomes
        .iter()
        .map(|w| w.seat_token.clone())
        .collect();
    // A graceful stop flushes everything the server would ever write.
    let log = server.terminate();

    // RUST_LOG=trace took effect (the server's own targets log at debug at most), so this
    // check can fail: before the log cap, tungstenite logged every frame read here.
    assert!(
        log.lines().count() >= 5 && log.contains("DEBUG"),
        "the server logged verbosely:\n{log}"
    );
    // Counted first, then asserted together, so a failure says how much leaked.
    let in_log: Vec<&String> = spoken
        .0
        .iter()
        .filter(|m| log.contains(m.as_str()))
        .collect();
    let tokens_in_log = tokens.iter().filter(|t| log.contains(t.as_str())).count();
    let leaks = format!(
        "in the log: {} of {} spoken markers {in_log:?}; {tokens_in_log} of {} seat tokens; \
         facilitator secret: {}; commitment: {}",
        in_log.len(),
        spoken.0.len(),
        tokens.len(),
        log.contains(&secret),
        log.contains(COMMITMENT),
    );
    assert!(
        in_log.is_empty() && tokens_in_log == 0 && !log.contains(&secret),
        "{leaks}"
    );
    assert!(!log.contains(COMMITMENT), "{leaks}");
    for marker in &spoken.0[on_disk_too..] {
        assert_eq!(
            files_contain(data, marker),
            Vec::<String>::new(),
            "{marker} reached disk"
        );
    }
    for token in &tokens {
        assert!(
            files_contain(data, token).is_empty(),
            "a seat token reached disk"
        );
    }
    assert!(
        files_contain(data, &secret).is_empty(),
        "the facilitator secret reached disk"
    );
    // What the circle keeps is there: the scan reads the right files.
    assert!(!files_contain(data, "KEPT-commitment-5a").is_empty());
}
