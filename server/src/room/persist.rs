//! What a room writes to storage after an accepted change: a pure mapping from the change's
//! events to store operations. Names, commitments, report-back statuses and the meeting's
//! structure; never what anyone said (the engine's events and checkpoints cannot carry it).

use std::collections::BTreeSet;

use hotseat_protocol::{Event, Phase, SeatId, Timestamp};

use crate::engine::Meeting;
use crate::store::{CommitmentRecord, Op, ReportRecord};

/// The store operations for one accepted change of `meeting` (already applied), apart from
/// the live checkpoint, which the room writes (`checkpoint`) at its own pace.
/// `attended`: the seats that have been connected during this meeting.
pub fn ops_for(
    room: &str,
    meeting_no: u32,
    meeting: &Meeting,
    events: &[Event],
    attended: &BTreeSet<SeatId>,
    now: Timestamp,
) -> Vec<Op> {
    let mut ops = Vec::new();
    if events.is_empty() {
        return ops;
    }
    for event in events {
        match event {
            Event::CommitmentRecorded { id, seat } => {
                if let Some((_, text, due, key)) = meeting.commitment(*id) {
                    ops.push(Op::Commitment {
                        room: room.to_owned(),
                        record: CommitmentRecord {
                            id: id.0,
                            seat: seat.0,
                            meeting: meeting_no,
                            text: text.to_owned(),
                            due: due.map(str::to_owned),
                            created_at: now.0,
                            key: key.map(str::to_owned),
                        },
                    });
                }
            }
            Event::CheckedIn { seat } => {
                for (commitment, status) in meeting.reports_of(*seat) {
                    ops.push(Op::Report {
                        room: room.to_owned(),
                        record: ReportRecord {
                            commitment: commitment.0,
                            meeting: meeting_no,
                            status,
                            reported_at: now.0,
                        },
                    });
                }
            }
            Event::PhaseChanged {
                from: Phase::Lobby, ..
            } => ops.push(Op::MeetingStarted {
                room: room.to_owned(),
                meeting: meeting_no,
                at: now.0,
            }),
            Event::ScheduleChanged => {
                let schedule = meeting.schedule();
                ops.push(Op::Schedule {
                    room: room.to_owned(),
                    next_meeting_at: schedule.next_meeting_at.map(|t| t.0),
                    round_ends_on: schedule.round_ends_on.clone(),
                });
            }
            // A member released after the grace period stays in the circle (no write);
            // removal by the facilitator or erasure takes the seat away.
            Event::MemberRemoved { seat } => {
                ops.push(Op::RemoveSeat {
                    room: room.to_owned(),
                    seat: seat.0,
                });
            }
            _ => {}
        }
    }
    if ends_meeting(events) {
        let names = |seats: &mut dyn Iterator<Item = SeatId>| -> Vec<String> {
            seats
                .filter_map(|s| meeting.name_of(s).map(str::to_owned))
                .collect()
        };
        ops.push(Op::MeetingEnded {
            room: room.to_owned(),
            meeting: meeting_no,
            ended_at: now.0,
            attendance: names(&mut attended.iter().copied()),
            presenters: names(&mut meeting.closed_hot_seats().into_iter().map(|h| h.0)),
        });
    }
    ops
}

/// Whether this change ended the meeting (its record replaces the live checkpoint).
pub fn ends_meeting(events: &[Event]) -> bool {
    events
        .iter()
        .any(|e| matches!(e, Event::MeetingEnded { .. }))
}

/// The live meeting's structure, to resume it after a restart.
pub fn checkpoint(room: &str, meeting_no: u32, meeting: &Meeting, now: Timestamp) -> Op {
    Op::Checkpoint {
        room: room.to_owned(),
        meeting: meeting_no,
        json: meeting.checkpoint(now),
        at: now.0,
    }
}
