//! The meeting script: given the room as the clients last saw it, who does what next. It
//! follows the method (METHOD.md) and the server's rules: the facilitator starts and moves
//! the meeting on, members acknowledge the norms, check in, volunteer for hot seats, ask
//! questions (a realistic mix of open, closed and advice-shaped ones), the presenter
//! answers, everyone shares a learning, the presenter commits, and the meeting closes.
//!
//! Pure: no sockets, no clock. The room driver sends what `decide` says, with the seat's
//! own connection.

use hotseat_protocol::snapshot::QuestionStatus;
use hotseat_protocol::{Command, Phase, Report, ReportStatus, Role, SeatId, TurnKind};

use crate::rng::Rng;
use crate::state::RoomState;

/// What to do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// This seat sends this command.
    Act { seat: SeatId, command: Command },
    /// The meeting is over: open a new circle for the next meeting (when the script is not
    /// set to continue in the same room).
    NewMeeting,
}

/// Questions as members really ask them: mostly open, some closed, a few advice in disguise
/// (the server's coach classifies each one).
const QUESTIONS: [&str; 12] = [
    "What would a good outcome look like for you?",
    "What does this cost you, and your team?",
    "When have you handled something like this well?",
    "If this went perfectly, what would you see six months from now?",
    "What do you need right now?",
    "If you could change one thing, what would it be?",
    "May I say back what I think I heard?",
    "What are you not saying about this?",
    "Did you talk to her about it?",
    "Is that the real problem?",
    "Have you tried delegating the report?",
    "Why don't you just ask for more budget?",
];

const NOTES: [&str; 4] = [
    "Steady, a little tired after a long week.",
    "Arriving distracted, but glad to be here.",
    "Good energy today: the launch went well.",
    "Mixed: one win, one worry.",
];

const LEARNINGS: [&str; 4] = [
    "I learned I jump to solutions before I understand the problem.",
    "I noticed how often I avoid the hard conversation myself.",
    "Hearing this made me see my own habit of over-promising.",
    "I learned that asking for help is a strength I underuse.",
];

const COMMITMENTS: [&str; 3] = [
    "Book the conversation with my manager before Friday.",
    "Write down the three priorities and share them with the team.",
    "Ask two peers for feedback on the draft plan.",
];

/// The script's memory of the current meeting (what the snapshot does not say).
#[derive(Debug, Clone)]
pub struct Script {
    /// Hot seats per meeting (members volunteer for them after the check-in).
    pub hot_seats: usize,
    /// Extra questions by raised hands per hot seat, after everyone's first turn.
    pub extra_questions: u32,
    /// After a meeting ends, the facilitator starts the circle's next meeting in the same
    /// room (`start`); otherwise the script asks for a new circle.
    pub same_room: bool,
    /// (hot seat index, hands raised in it so far).
    raised: (u32, u32),
}

impl Script {
    pub fn new(hot_seats: usize, same_room: bool) -> Script {
        Script {
            hot_seats,
            extra_questions: 2,
            same_room,
            raised: (u32::MAX, 0),
        }
    }

    /// Forget the last meeting.
    pub fn new_meeting(&mut self) {
        self.raised = (u32::MAX, 0);
    }

    /// The next step of the meeting from the room as it stands.
    pub fn decide(&mut self, room: &RoomState, rng: &mut Rng) -> Decision {
        let facilitator = room
            .seats
            .iter()
            .find(|s| s.role == Role::Facilitator)
            .map(|s| s.id);
        let fac = |command| match facilitator {
            Some(seat) => Decision::Act { seat, command },
            // Not expected: a room always has a facilitator. Treat as over.
            None => Decision::NewMeeting,
        };
        let by = |seat: SeatId, command| Decision::Act { seat, command };

        // Anyone present who has not acknowledged the norms does so first (late arrivals).
        if !matches!(room.phase, Phase::Lobby | Phase::Closing | Phase::Ended)
            && let Some(seat) = room
                .seats
                .iter()
                .find(|s| s.role == Role::Member && s.present && !s.acknowledged)
        {
            return by(seat.id, Command::AcknowledgeNorms);
        }
        let floor = room.floor.map(|f| (f.seat, f.turn));
        match room.phase {
            Phase::Lobby => fac(Command::Start),
            Phase::Opening => fac(Command::Advance),
            Phase::CheckIn => match floor {
                Some((seat, TurnKind::CheckIn)) => {
                    // Report back on every commitment still open from earlier meetings.
                    let reports = room
                        .check_in
                        .open_commitments
                        .iter()
                        .filter(|c| c.seat == seat)
                        .map(|c| Report {
                            commitment: c.id,
                            status: *rng.pick(&[
                                ReportStatus::Done,
                                ReportStatus::Done,
                                ReportStatus::Partly,
                                ReportStatus::NotDone,
                            ]),
                            note: Some("Tried it; the first step was the hardest.".to_owned()),
                        })
                        .collect();
                    let note = Some((*rng.pick(&NOTES)).to_owned());
                    by(seat, Command::CheckIn { reports, note })
                }
                _ => {
                    let members: Vec<SeatId> = room
                        .seats
                        .iter()
                        .filter(|s| s.role == Role::Member && s.present && s.acknowledged)
                        .map(|s| s.id)
                        .filter(|id| !room.agenda.upcoming.contains(id))
                        .collect();
                    let wanted = self.hot_seats;
                    if room.agenda.upcoming.len() < wanted
                        && room.agenda.done.is_empty()
                        && room.agenda.current.is_none()
                        && !members.is_empty()
                    {
                        by(*rng.pick(&members), Command::Volunteer)
                    } else {
                        fac(Command::Advance)
                    }
                }
            },
            Phase::Presenting => match floor {
                Some((seat, TurnKind::Presenting)) => by(seat, Command::Done),
                _ => fac(Command::Advance),
            },
            Phase::Questions => match floor {
                Some((seat, TurnKind::Asking)) => {
                    if rng.chance(0.1) {
                        by(seat, Command::Pass)
                    } else {
                        let text = (*rng.pick(&QUESTIONS)).to_owned();
                        by(seat, Command::Ask { text })
                    }
                }
                Some((seat, TurnKind::Answering)) => by(
                    seat,
                    Command::Answer {
                        noted: rng.chance(0.2),
                    },
                ),
                _ => self
                    .extra_question(room, rng)
                    .unwrap_or_else(|| fac(Command::Advance)),
            },
            Phase::Learnings => match floor {
                Some((seat, TurnKind::Learning)) => {
                    if rng.chance(0.15) {
                        by(seat, Command::Pass)
                    } else {
                        let text = (*rng.pick(&LEARNINGS)).to_owned();
                        by(seat, Command::ShareLearning { text })
                    }
                }
                _ => fac(Command::Advance),
            },
            Phase::Commitment => {
                let Some(hot_seat) = &room.hot_seat else {
                    return fac(Command::Advance);
                };
                let committed = room
                    .commitments
                    .iter()
                    .any(|c| c.hot_seat == hot_seat.index);
                if !committed {
                    let text = (*rng.pick(&COMMITMENTS)).to_owned();
                    // Clients send an idempotency key so a retried commit is stored once.
                    let key = Some(format!("lg-{:016x}", rng.next_u64()));
                    by(
                        hot_seat.presenter,
                        Command::Commit {
                            text,
                            due: None,
                            key,
                        },
                    )
                } else if floor == Some((hot_seat.presenter, TurnKind::Committing)) {
                    by(hot_seat.presenter, Command::Done)
                } else {
                    fac(Command::Advance)
                }
            }
            Phase::Closing => fac(Command::Advance),
            Phase::Ended if self.same_room => {
                self.new_meeting();
                fac(Command::Start)
            }
            Phase::Ended => Decision::NewMeeting,
        }
    }

    /// After everyone's first question, a few members raise a hand for another.
    fn extra_question(&mut self, room: &RoomState, rng: &mut Rng) -> Option<Decision> {
        let hot_seat = room.hot_seat.as_ref()?;
        if self.raised.0 != hot_seat.index {
            self.raised = (hot_seat.index, 0);
        }
        let waiting = hot_seat
            .questions
            .iter()
            .any(|q| q.status == QuestionStatus::Asked);
        if self.raised.1 >= self.extra_questions || waiting || !room.hands.is_empty() {
            return None;
        }
        let askers: Vec<SeatId> = room
            .seats
            .iter()
            .filter(|s| s.role == Role::Member && s.present && s.acknowledged)
            .map(|s| s.id)
            .filter(|id| *id != hot_seat.presenter)
            .collect();
        if askers.is_empty() {
            return None;
        }
        self.raised.1 += 1;
        Some(Decision::Act {
            seat: *rng.pick(&askers),
            command: Command::RaiseHand,
        })
    }
}
