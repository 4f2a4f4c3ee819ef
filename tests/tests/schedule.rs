//! The circle's calendar: the facilitator sets the next meeting's date and the round's end,
//! also after the meeting ended; members download the next meeting as an .ics file; the
//! schedule is kept across the circle's meetings and a server restart.

use hotseat_protocol::{Command, ErrorCode, Event, Phase, Timestamp};
use hotseat_tests::server::TestServer;
use hotseat_tests::{T0, Table};

fn schedule(next: Option<Timestamp>, round_ends: Option<&str>) -> Command {
    Command::SetSchedule {
        next_meeting_at: next,
        round_ends_on: round_ends.map(str::to_owned),
    }
}

#[test]
fn the_next_date_is_set_after_the_meeting_ended_and_carried_into_the_next_meeting() {
    let mut t = Table::new(&["Ana"]);
    t.fac(Command::Start);
    t.fac(Command::EndMeeting);
    assert_eq!(t.phase(), Phase::Ended);
    let next = T0.plus_ms(14 * 86_400_000);
    let events = t.fac(schedule(Some(next), Some("2027-03-31")));
    assert_eq!(events, vec![Event::ScheduleChanged]);
    assert_eq!(t.snapshot().schedule.next_meeting_at, Some(next));
    // Other commands stay refused after the end.
    assert_eq!(
        t.refuse(t.facilitator, Command::Start).code(),
        ErrorCode::MeetingEnded
    );
    let following = t.meeting.next_meeting(&[]);
    assert_eq!(
        following.snapshot().schedule.round_ends_on.as_deref(),
        Some("2027-03-31")
    );
}

#[test]
fn a_next_meeting_in_the_past_or_a_bad_round_end_is_refused() {
    let mut t = Table::new(&["Ana"]);
    let err = t.refuse(t.facilitator, schedule(Some(T0), None));
    assert_eq!(err.code(), ErrorCode::InvalidDate);
    let err = t.refuse(t.facilitator, schedule(None, Some("2027-02-30")));
    assert_eq!(err.code(), ErrorCode::InvalidDate);
    let err = t.refuse(t.m(0), schedule(None, Some("2027-03-31")));
    assert_eq!(err.code(), ErrorCode::NotFacilitator);
    t.fac(schedule(None, Some("2027-03-31")));
    let err = t.refuse(t.facilitator, schedule(None, Some("2027-03-31")));
    assert_eq!(err.code(), ErrorCode::AlreadyDone);
}

#[tokio::test]
async fn members_download_the_next_meeting_and_the_schedule_survives_a_restart() {
    let server = TestServer::start().await;
    let circle = server.create_circle("Calendar, circle; North").await;
    let (mut facilitator, welcome) = server.facilitate(&circle).await;
    let ics_path = format!("/r/{}/next-meeting.ics", circle.room);
    let (status, _) = server.get(&ics_path).await;
    assert_eq!(status, 404, "no date yet");

    assert_eq!(welcome.snapshot.schedule.next_meeting_at, None);
    let start = Timestamp(4_102_444_800_000); // 2100-01-01T00:00:00Z
    facilitator
        .act_and_wait(schedule(Some(start), Some("2099-12-31")))
        .await
        .expect("the facilitator sets the schedule");
    let (status, ics) = server.get(&ics_path).await;
    assert_eq!(status, 200);
    assert!(ics.contains("BEGIN:VEVENT"));
    assert!(ics.contains("DTSTART:21000101T000000Z"));
    assert!(ics.contains("SUMMARY:Calendar\\, circle\\; North: mastermind circle"));
    assert!(ics.contains(&format!("/r/{}", circle.room)));

    // Restart on the same data: the schedule is still there.
    let again = server.restart().await;
    let (status, ics) = again.get(&ics_path).await;
    assert_eq!(status, 200, "the schedule came back: {ics}");
    assert!(ics.contains("DTSTART:21000101T000000Z"));
    let (_, welcome) = again.facilitate(&circle).await;
    assert_eq!(
        welcome.snapshot.schedule.round_ends_on.as_deref(),
        Some("2099-12-31")
    );
}
