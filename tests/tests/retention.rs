//! The retention policy: a circle whose activity and round end are older than the retention
//! period is deleted with everything stored about it; one whose round has not ended stays.

use std::time::Duration;

use hotseat_protocol::{Command, ErrorCode};
use hotseat_tests::server::TestServer;

fn in_files(server: &TestServer, needle: &str) -> bool {
    std::fs::read_dir(&server.data).unwrap().any(|entry| {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap_or_default();
        bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
    })
}

#[tokio::test]
async fn an_expired_circle_is_deleted_and_one_in_its_round_stays() {
    let server = TestServer::start_with(|c| c.retention = Duration::from_millis(600)).await;
    let old = server.create_circle("EXPIRING-circle-31c").await;
    let current = server.create_circle("CURRENT-circle-8d0").await;
    let (mut facilitator, _) = server.facilitate(&current).await;
    facilitator
        .act_and_wait(Command::SetSchedule {
            next_meeting_at: None,
            round_ends_on: Some("2099-12-31".into()),
        })
        .await
        .expect("the round runs to 2099");

    // Wait (on the condition, bounded) for the sweep to delete the expired circle: gone from
    // the server ("no such room") and from the files (the room's task ends at once, the
    // deletion reaches the disk a moment later).
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        let (_, body) = server
            .get(&format!("/r/{}/next-meeting.ics", old.room))
            .await;
        if body.contains("no such room") && !in_files(&server, "EXPIRING-circle-31c") {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the expired circle was never deleted"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut late = server.connect(&old.room).await;
    assert_eq!(
        late.hello_name("Late").await.unwrap_err(),
        ErrorCode::UnknownRoom
    );
    // The circle still in its round is untouched.
    let mut member = server.connect(&current.room).await;
    assert!(member.hello_name("Ana").await.is_ok());
    assert!(in_files(&server, "CURRENT-circle-8d0"));
}
