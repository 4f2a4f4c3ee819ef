//! `GET /r/{room}/next-meeting.ics`: the circle's next meeting as a calendar file (RFC 5545),
//! so members can put it in their calendar with one click. Anyone with the room link may
//! fetch it: it holds the circle's name, the date and the link, nothing said in a meeting.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use hotseat_protocol::ErrorCode;
use tokio::sync::oneshot;

use super::AppState;
use crate::clock::Clock;
use crate::room::RoomMsg;

/// How long the calendar entry lasts: a typical meeting of a six-member circle.
const MEETING_MINUTES: u32 = 90;

pub async fn next_meeting(State(state): State<AppState>, Path(room): Path<String>) -> Response {
    let not_found = |why: &'static str| (StatusCode::NOT_FOUND, why).into_response();
    let handle = match state.open_room(&room).await {
        Ok(handle) => handle,
        Err(ErrorCode::ServerBusy) => {
            return (StatusCode::SERVICE_UNAVAILABLE, "server busy").into_response();
        }
        Err(_) => return not_found("no such room"),
    };
    let (reply, answer) = oneshot::channel();
    if !handle.send(RoomMsg::Calendar { reply }).await {
        return not_found("no such room");
    }
    let Ok((name, schedule)) = answer.await else {
        return not_found("no such room");
    };
    let Some(start) = schedule.next_meeting_at else {
        return not_found("the next meeting has no date yet");
    };
    let link = format!("{}/r/{room}", state.public_url.trim_end_matches('/'));
    let ics = render(&room, &name, start.0, Clock::new().now().0, &link);
    super::attachment(ics, "text/calendar; charset=utf-8", "next-meeting.ics")
}

/// The calendar file for one meeting starting at `start_ms`.
pub fn render(room: &str, circle: &str, start_ms: u64, now_ms: u64, link: &str) -> String {
    let lines = [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Hotseat//Hotseat//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{room}-{start_ms}@hotseat"),
        format!("DTSTAMP:{}", utc_stamp(now_ms)),
        format!("DTSTART:{}", utc_stamp(start_ms)),
        format!("DURATION:PT{MEETING_MINUTES}M"),
        format!(
            "SUMMARY:{}",
            escape(&format!("{circle}: mastermind circle"))
        ),
        format!(
            "DESCRIPTION:{}",
            escape(&format!("Open the Hotseat room beside the call: {link}"))
        ),
        format!("URL:{link}"),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ];
    lines
        .iter()
        .map(|line| fold(line))
        .collect::<Vec<_>>()
        .join("")
}

/// Text values escape backslash, semicolon, comma and line breaks (RFC 5545 3.3.11).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Lines are at most 75 octets; longer ones continue on lines that start with a space, and
/// every line ends with CRLF (RFC 5545 3.1). Splits never cut a UTF-8 character.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

/// `YYYYMMDDTHHMMSSZ` for milliseconds since the epoch (days to civil date: Hinnant's
/// algorithm, valid for the proleptic Gregorian calendar).
pub fn utc_stamp(ms: u64) -> String {
    let secs = ms / 1000;
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_are_utc_calendar_times() {
        assert_eq!(utc_stamp(0), "19700101T000000Z");
        assert_eq!(utc_stamp(951_782_400_000), "20000229T000000Z");
        assert_eq!(
            utc_stamp(1_795_219_200_000 + 18 * 3_600_000 + 30_000),
            "20261121T180030Z"
        );
        assert_eq!(utc_stamp(4_102_444_799_000), "20991231T235959Z");
    }

    #[test]
    fn a_calendar_file_is_valid_folded_and_escaped() {
        let ics = render(
            "r00m",
            "Leaders; North, \\ and\nSouth",
            1_795_219_200_000,
            0,
            "https://h.example/r/r00m",
        );
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(ics.contains("DTSTART:20261121T000000Z\r\n"));
        assert!(ics.contains("SUMMARY:Leaders\\; North\\, \\\\ and\\nSouth: mastermind circle"));
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "folded: {line:?}");
        }
        let long = fold(&format!("DESCRIPTION:{}", "é".repeat(60)));
        assert!(long.split("\r\n").all(|l| l.len() <= 75));
        assert_eq!(
            long.replace("\r\n ", "").trim_end(),
            format!("DESCRIPTION:{}", "é".repeat(60))
        );
    }
}
