//! What members say never reaches disk or logs: marker strings sent through every spoken
//! field (check-in words, report-back notes, questions, learnings) are found neither in the
//! database file, nor its write-ahead log, nor the server's log at trace level; neither are
//! the facilitator secret or seat tokens. Commitments, which the circle keeps, are on disk.

use hotseat_protocol::{Command, Phase, Report, ReportStatus};
use hotseat_tests::drive::Party;
use hotseat_tests::process::ServerProcess;
use hotseat_tests::{check_in, commit};

const CHECK_IN: &str = "MARKER-checkin-6b1d";
const REPORT_NOTE: &str = "MARKER-report-note-0c4e";
const QUESTION: &str = "What MARKER-question-93fa would change?";
const LEARNING: &str = "MARKER-learning-d27a";
const COMMITMENT: &str = "Call the supplier KEPT-commitment-5a";

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spoken_words_reach_neither_disk_nor_logs() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let server = ServerProcess::start(data);
    let remote = server.remote(data);
    let mut party = Party::gather(&remote, &["Ana", "Bo", "Cy"]).await;

    // Meeting 1: check-in words, a full hot seat, a commitment.
    party.open_and_check_in(CHECK_IN).await;
    let ana = party.clients[1].seat.unwrap();
    party.step(0, Command::SetAgenda { seats: vec![ana] }).await;
    party.step(0, Command::Advance).await;
    party.step(1, Command::Done).await;
    let snapshot = party.step(0, Command::Advance).await;
    let snapshot = party.question_round(snapshot, QUESTION).await;
    assert_eq!(snapshot.phase, Phase::Questions);
    let snapshot = party.step(0, Command::Advance).await;
    party.learnings(snapshot, LEARNING).await;
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
                    note: Some(REPORT_NOTE.into()),
                }],
                note: Some(CHECK_IN.into()),
            }
        } else {
            check_in(CHECK_IN)
        };
        snapshot = party.step(who, command).await;
    }
    assert_eq!(snapshot.check_in.reports.len(), 1);
    party.step(0, Command::EndMeeting).await;

    let secret = party.circle.secret.clone();
    let tokens: Vec<String> = party
        .welcomes
        .iter()
        .map(|w| w.seat_token.clone())
        .collect();
    // A graceful stop flushes everything the server would ever write.
    let log = server.terminate();

    assert!(
        !log.is_empty(),
        "the server logged something (so this check can fail)"
    );
    for marker in [CHECK_IN, REPORT_NOTE, "MARKER-question-93fa", LEARNING] {
        assert_eq!(
            files_contain(data, marker),
            Vec::<String>::new(),
            "{marker} reached disk"
        );
        assert!(!log.contains(marker), "{marker} reached the log");
    }
    assert!(
        !log.contains(&secret),
        "the facilitator secret reached the log"
    );
    for token in &tokens {
        assert!(
            !log.contains(token.as_str()),
            "a seat token reached the log"
        );
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
