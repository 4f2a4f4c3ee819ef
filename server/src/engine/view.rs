//! The one conversion from the engine's state to the wire's `Snapshot`.

use hotseat_protocol::snapshot::Floor;
use hotseat_protocol::snapshot::{
    AgendaEntry, AgendaView, CheckInNoteView, CheckInView, CircleView, CommitmentView, FormerSeat,
    HotSeatView, LearningView, PriorCommitmentView, QuestionMix, QuestionView, ReportView,
    SeatView,
};
use hotseat_protocol::{QuestionKind, Snapshot};

use super::meeting::Meeting;

impl Meeting {
    /// The room as every client draws it. Depends on nothing but the state, so one
    /// serialization serves every connection.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            version: self.version,
            circle: CircleView {
                name: self.circle_name.clone(),
                norms: self.norms.clone(),
            },
            settings: self.settings.clone(),
            locked: self.locked,
            phase: self.phase,
            seats: self
                .seats
                .iter()
                .map(|s| SeatView {
                    id: s.id,
                    name: s.name.clone(),
                    role: s.role,
                    present: s.present,
                    acknowledged: s.acknowledged,
                    stats: s.stats,
                })
                .collect(),
            floor: self.floor.map(|f| Floor {
                seat: f.seat,
                turn: f.turn,
            }),
            next: self
                .next_speaker(self.floor.map(|f| f.seat))
                .map(|f| f.seat)
                .filter(|s| Some(*s) != self.floor.map(|f| f.seat)),
            timer: self.timer.as_ref().map(|t| t.view()),
            agenda: self.agenda_view(),
            hands: self.hands.clone(),
            check_in: CheckInView {
                open_commitments: self
                    .check_in
                    .open
                    .iter()
                    .map(|c| PriorCommitmentView {
                        id: c.id,
                        seat: c.seat,
                        text: c.text.clone(),
                        due: c.due.clone(),
                    })
                    .collect(),
                reports: self
                    .check_in
                    .reports
                    .iter()
                    .map(|r| ReportView {
                        commitment: r.commitment,
                        seat: r.seat,
                        status: r.status,
                        note: r.note.clone(),
                    })
                    .collect(),
                notes: self
                    .check_in
                    .notes
                    .iter()
                    .map(|(seat, note)| CheckInNoteView {
                        seat: *seat,
                        note: note.clone(),
                    })
                    .collect(),
                done: self.check_in.done.clone(),
            },
            hot_seat: self.hot_seat_view(),
            commitments: self
                .commitments
                .iter()
                .map(|c| CommitmentView {
                    id: c.id,
                    seat: c.seat,
                    text: c.text.clone(),
                    due: c.due.clone(),
                    hot_seat: c.hot_seat,
                })
                .collect(),
            schedule: self.schedule.clone(),
            former_seats: self
                .former_seats
                .iter()
                .map(|(id, name)| FormerSeat {
                    id: *id,
                    name: name.clone(),
                })
                .collect(),
        }
    }

    fn agenda_view(&self) -> AgendaView {
        AgendaView {
            done: self
                .hot_seats
                .iter()
                .filter_map(|h| {
                    h.outcome.map(|outcome| AgendaEntry {
                        seat: h.presenter,
                        outcome,
                    })
                })
                .collect(),
            current: self.presenter(),
            upcoming: self.upcoming.clone(),
        }
    }

    fn hot_seat_view(&self) -> Option<HotSeatView> {
        let hot_seat = self.current_hot_seat()?;
        let mut mix = QuestionMix::default();
        for q in &hot_seat.questions {
            match q.kind {
                QuestionKind::Open => mix.open += 1,
                QuestionKind::Closed => mix.closed += 1,
                QuestionKind::Advice => mix.advice += 1,
            }
        }
        Some(HotSeatView {
            index: hot_seat.index,
            presenter: hot_seat.presenter,
            questions: hot_seat
                .questions
                .iter()
                .map(|q| QuestionView {
                    id: q.id,
                    seat: q.seat,
                    text: q.text.clone(),
                    kind: q.kind,
                    status: q.status,
                })
                .collect(),
            mix,
            first_round_pending: self
                .rotation(Some(hot_seat.presenter))
                .into_iter()
                .filter(|s| !hot_seat.asked_first.contains(s) && self.can_take_turn(*s))
                .collect(),
            learnings: hot_seat
                .learnings
                .iter()
                .map(|l| LearningView {
                    seat: l.seat,
                    text: l.text.clone(),
                })
                .collect(),
            learnings_done: hot_seat.learnings_done.clone(),
            insight_only: hot_seat.insight_only,
        })
    }
}
