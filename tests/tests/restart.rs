//! Restart safety: a server killed with SIGKILL in the middle of a question round comes back
//! on the same data directory with each room where it was; the clients come back to their
//! seats; every commitment made before the kill is there exactly once. A graceful restart
//! loses not even the last change.

use std::path::Path;
use std::time::Duration;

use hotseat_protocol::snapshot::PauseReason;
use hotseat_protocol::{Command, Hello, PROTOCOL_VERSION, Phase, Snapshot};
use hotseat_tests::commit;
use hotseat_tests::drive::Party;
use hotseat_tests::process::ServerProcess;
use hotseat_tests::server::TestServer;

/// The version of the newest checkpoint of `room` on disk (polled: a room writes its
/// checkpoint within about a second of a change, never waiting for it).
async fn checkpointed_version(data: &Path, room: &str) -> Option<u64> {
    let conn = rusqlite::Connection::open_with_flags(
        data.join("hotseat.db"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .ok()?;
    let json: String = conn
        .query_row(
            "SELECT checkpoint FROM meetings WHERE room = ?1 AND checkpoint IS NOT NULL",
            [room],
            |row| row.get(0),
        )
        .ok()?;
    let value: serde_json::Value = serde_json::from_str(&json).ok()?;
    value["meeting"]["version"].as_u64()
}

async fn wait_for_checkpoint(data: &Path, room: &str, version: u64) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while checkpointed_version(data, room).await < Some(version) {
        assert!(
            tokio::time::Instant::now() < deadline,
            "checkpoint {version} never reached disk"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn commitments_on_disk(data: &Path) -> Vec<(u32, String)> {
    let conn = rusqlite::Connection::open_with_flags(
        data.join("hotseat.db"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .expect("database opens");
    let mut stmt = conn
        .prepare("SELECT id, text FROM commitments ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The parts of a snapshot a restart must keep.
fn structure(s: &Snapshot) -> impl PartialEq + std::fmt::Debug + use<> {
    (
        s.version,
        s.phase,
        s.floor,
        s.agenda.clone(),
        s.hands.clone(),
        s.commitments.clone(),
        s.check_in.done.clone(),
        s.seats
            .iter()
            .map(|x| (x.id, x.name.clone(), x.role, x.acknowledged, x.stats))
            .collect::<Vec<_>>(),
        s.hot_seat.as_ref().map(|h| {
            (
                h.presenter,
                h.questions.len(),
                h.first_round_pending.clone(),
            )
        }),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_mid_question_round_resumes_every_room_where_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let first = ServerProcess::start(data);
    let remote = first.remote(data);
    let mut party = Party::gather(&remote, &["Ana", "Bo", "Cy", "Di"]).await;
    party.open_and_check_in("arriving calm").await;
    let (ana, bo) = (
        party.clients[1].seat.unwrap(),
        party.clients[2].seat.unwrap(),
    );
    party
        .step(
            0,
            Command::SetAgenda {
                seats: vec![ana, bo],
            },
        )
        .await;

    // Ana's hot seat, all the way to a (keyed) commitment.
    party.step(0, Command::Advance).await;
    party.step(1, Command::Done).await;
    let snapshot = party.step(0, Command::Advance).await;
    let snapshot = party
        .question_round(snapshot, "What matters most to you here?")
        .await;
    assert_eq!(snapshot.phase, Phase::Questions);
    let snapshot = party.step(0, Command::Advance).await;
    party.learnings(snapshot, "I learned to wait.").await;
    party.step(0, Command::Advance).await;
    let keyed = Command::Commit {
        text: "Book the talk with my manager".into(),
        due: Some("2026-12-04".into()),
        key: Some("ana-1".into()),
    };
    party.step(1, keyed.clone()).await;
    party.step(1, commit("Write down three options")).await;
    party.step(0, Command::Advance).await;

    // Bo's hot seat: into the question round, one question answered, a hand up.
    party.step(2, Command::Done).await;
    let snapshot = party.step(0, Command::Advance).await;
    let asker = party.holder(&snapshot);
    party
        .step(
            asker,
            hotseat_tests::ask("What would change if you said no?"),
        )
        .await;
    let snapshot = party.step(2, Command::Answer { noted: false }).await;
    let hand = (1..party.clients.len())
        .find(|i| *i != 2 && *i != party.holder(&snapshot) && *i != asker)
        .unwrap();
    let before = party.step(hand, Command::RaiseHand).await;
    assert_eq!(before.phase, Phase::Questions);
    wait_for_checkpoint(data, &party.circle.room, before.version).await;

    // SIGKILL: no goodbye, no last write.
    let _ = first.kill();
    let second = ServerProcess::start(data);
    let remote = second.remote(data);

    // Everyone comes back to their own seat.
    let mut facilitator = remote.connect(&party.circle.room).await;
    let welcome = facilitator
        .hello(Hello {
            protocol: PROTOCOL_VERSION,
            name: None,
            seat_token: None,
            facilitator_secret: Some(party.circle.secret.clone()),
        })
        .await
        .expect("the facilitator secret still opens the room");
    assert_eq!(Some(welcome.seat), party.clients[0].seat);
    let mut back = vec![facilitator];
    for (client, old) in party.clients.iter().zip(&party.welcomes).skip(1) {
        let mut again = remote.connect(&party.circle.room).await;
        let welcome = again
            .hello_token(&old.seat_token)
            .await
            .expect("the seat token still works");
        assert!(welcome.resumed, "the seat is resumed, not joined anew");
        assert_eq!(Some(welcome.seat), client.seat);
        back.push(again);
    }
    let after = back[0].until(|s| s.seats.iter().all(|x| x.present)).await;
    // Reconnecting is itself news (presence), so only the version may have moved on.
    let mut expected = before.clone();
    expected.version = after.version;
    assert_eq!(structure(&after), structure(&expected));
    assert!(
        after.version >= before.version,
        "the version never goes back"
    );

    // The question round's box is the same box (not restarted, not run out), and it runs
    // again now that everyone is back. (Exact time left: see engine_checkpoint.)
    let (was, is) = (
        before.timer.unwrap(),
        after.timer.expect("the question round's box"),
    );
    assert_eq!(is.budget_ms, was.budget_ms);
    assert!(!is.time_up);
    assert_eq!(
        is.paused, None,
        "everyone is back, so the clock runs: {is:?}"
    );
    assert_ne!(is.paused, Some(PauseReason::Facilitator));

    // Every commitment made before the kill is there, exactly once, also after a retry.
    let version = back[1]
        .act_and_wait(keyed)
        .await
        .expect("a retry is acknowledged");
    assert!(version >= after.version);
    let stored = commitments_on_disk(data);
    assert_eq!(
        stored
            .iter()
            .map(|(_, text)| text.as_str())
            .collect::<Vec<_>>(),
        vec!["Book the talk with my manager", "Write down three options"]
    );
    assert_eq!(after.commitments.len(), 2);
    drop(second);
}

/// A busy room writes its checkpoint at most every five seconds; a graceful stop writes every
/// room's pending one, so a change made just before the restart is still there after it.
#[tokio::test]
async fn a_graceful_restart_right_after_a_change_resumes_at_that_change() {
    let server = TestServer::start().await;
    let mut party = Party::gather(&server, &["Ana", "Bo"]).await;
    party.open_and_check_in("here and ready").await;
    let ana = party.clients[1].seat.unwrap();
    party.step(0, Command::SetAgenda { seats: vec![ana] }).await;
    // A change that writes nothing but the checkpoint, then at once a restart.
    let before = party.step(0, Command::Advance).await;
    assert_eq!(before.phase, Phase::Presenting);
    let circle = party.circle.clone();
    drop(party);
    let again = server.restart().await;
    let (_facilitator, welcome) = again.facilitate(&circle).await;
    assert_eq!(welcome.snapshot.phase, Phase::Presenting);
    let (was, is) = (before.hot_seat.unwrap(), welcome.snapshot.hot_seat.unwrap());
    assert_eq!((is.index, is.presenter), (was.index, was.presenter));
    assert!(welcome.snapshot.version >= before.version);
}
