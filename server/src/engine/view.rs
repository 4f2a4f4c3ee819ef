//! The room as every client draws it: a view that borrows the meeting and serializes to the
//! wire's `Snapshot`, so an update is written straight from the state, without a copy of it.

use hotseat_protocol::snapshot::{AgendaEntry, Floor, QuestionMix, QuestionStatus, VoiceStats};
use hotseat_protocol::{
    CommitmentId, QuestionId, QuestionKind, ReportStatus, Role, SeatId, Snapshot,
};
use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

use super::meeting::{HotSeat, Meeting};

/// The meeting as the wire's `Snapshot`, borrowed. It depends on nothing but the state, so
/// one serialization serves every connection of the room.
#[derive(Clone, Copy)]
pub struct SnapshotView<'a>(&'a Meeting);

impl Meeting {
    /// The view every client draws the room from (what `welcome` and `update` carry).
    pub fn view(&self) -> SnapshotView<'_> {
        SnapshotView(self)
    }

    /// The same view as an owned `Snapshot`, read back from its JSON: for tests and tools
    /// that inspect a snapshot as a client would. The server itself sends `view`.
    pub fn snapshot(&self) -> Snapshot {
        // The view and `Snapshot` describe the same JSON (the engine's property test holds
        // them to it after every step), so neither step can fail.
        let json = serde_json::to_value(self.view()).expect("the view serializes");
        serde_json::from_value(json).expect("the view's JSON is a snapshot")
    }
}

/// A sequence written from an iterator made on demand: nothing collected in between.
struct Seq<F>(F);

impl<F, I> Serialize for Seq<F>
where
    F: Fn() -> I,
    I: IntoIterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

impl Serialize for SnapshotView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let m = self.0;
        let floor = m.floor.map(|f| Floor {
            seat: f.seat,
            turn: f.turn,
        });
        let next = m
            .next_speaker(m.floor.map(|f| f.seat))
            .map(|f| f.seat)
            .filter(|s| Some(*s) != m.floor.map(|f| f.seat));
        let mut s = serializer.serialize_struct("Snapshot", 16)?;
        s.serialize_field("version", &m.version)?;
        s.serialize_field(
            "circle",
            &CircleRef {
                name: &m.circle_name,
                norms: &m.norms,
            },
        )?;
        s.serialize_field("settings", &m.settings)?;
        s.serialize_field("locked", &m.locked)?;
        s.serialize_field("phase", &m.phase)?;
        s.serialize_field(
            "seats",
            &Seq(|| {
                m.seats.iter().map(|s| SeatRef {
                    id: s.id,
                    name: &s.name,
                    role: s.role,
                    present: s.present,
                    acknowledged: s.acknowledged,
                    stats: s.stats,
                })
            }),
        )?;
        s.serialize_field("floor", &floor)?;
        s.serialize_field("next", &next)?;
        s.serialize_field("timer", &m.timer.as_ref().map(|t| t.view()))?;
        s.serialize_field(
            "agenda",
            &AgendaRef {
                done: Seq(|| {
                    m.hot_seats.iter().filter_map(|h| {
                        h.outcome.map(|outcome| AgendaEntry {
                            seat: h.presenter,
                            outcome,
                        })
                    })
                }),
                current: m.presenter(),
                upcoming: &m.upcoming,
            },
        )?;
        s.serialize_field("hands", &m.hands)?;
        s.serialize_field("check_in", &check_in(m))?;
        s.serialize_field("hot_seat", &m.current_hot_seat().map(|h| HotSeatRef(m, h)))?;
        s.serialize_field(
            "commitments",
            &Seq(|| {
                m.commitments.iter().map(|c| CommitmentRef {
                    id: c.id,
                    seat: c.seat,
                    text: &c.text,
                    due: c.due.as_deref(),
                    hot_seat: c.hot_seat,
                })
            }),
        )?;
        s.serialize_field(
            "former_seats",
            &Seq(|| {
                m.former_seats
                    .iter()
                    .map(|(id, name)| FormerSeatRef { id: *id, name })
            }),
        )?;
        s.serialize_field("schedule", &m.schedule)?;
        s.end()
    }
}

fn check_in(m: &Meeting) -> impl Serialize + '_ {
    let c = &m.check_in;
    CheckInRef {
        open_commitments: Seq(|| {
            c.open.iter().map(|p| PriorRef {
                id: p.id,
                seat: p.seat,
                text: &p.text,
                due: p.due.as_deref(),
            })
        }),
        reports: Seq(|| {
            c.reports.iter().map(|r| ReportRef {
                commitment: r.commitment,
                seat: r.seat,
                status: r.status,
                note: r.note.as_deref(),
            })
        }),
        notes: Seq(|| {
            c.notes
                .iter()
                .map(|(seat, note)| NoteRef { seat: *seat, note })
        }),
        done: &c.done,
    }
}

/// The running hot seat: its transcript, the question mix and who still owes a first turn.
struct HotSeatRef<'a>(&'a Meeting, &'a HotSeat);

impl Serialize for HotSeatRef<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (m, h) = (self.0, self.1);
        let mut mix = QuestionMix::default();
        for q in &h.questions {
            match q.kind {
                QuestionKind::Open => mix.open += 1,
                QuestionKind::Closed => mix.closed += 1,
                QuestionKind::Advice => mix.advice += 1,
            }
        }
        let mut s = serializer.serialize_struct("HotSeatView", 8)?;
        s.serialize_field("index", &h.index)?;
        s.serialize_field("presenter", &h.presenter)?;
        s.serialize_field(
            "questions",
            &Seq(|| {
                h.questions.iter().map(|q| QuestionRef {
                    id: q.id,
                    seat: q.seat,
                    text: &q.text,
                    kind: q.kind,
                    status: q.status,
                })
            }),
        )?;
        s.serialize_field("mix", &mix)?;
        s.serialize_field(
            "first_round_pending",
            &Seq(|| {
                m.rotation(Some(h.presenter))
                    .into_iter()
                    .filter(|s| !h.asked_first.contains(s) && m.can_take_turn(*s))
            }),
        )?;
        s.serialize_field(
            "learnings",
            &Seq(|| {
                h.learnings.iter().map(|l| LearningRef {
                    seat: l.seat,
                    text: l.text.as_deref(),
                })
            }),
        )?;
        s.serialize_field("learnings_done", &h.learnings_done)?;
        s.serialize_field("insight_only", &h.insight_only)?;
        s.end()
    }
}

// Borrowed twins of the protocol's view types (same field names, same JSON).

#[derive(Serialize)]
struct CircleRef<'a> {
    name: &'a str,
    norms: &'a [String],
}

#[derive(Serialize)]
struct SeatRef<'a> {
    id: SeatId,
    name: &'a str,
    role: Role,
    present: bool,
    acknowledged: bool,
    stats: VoiceStats,
}

#[derive(Serialize)]
struct AgendaRef<'a, D> {
    done: D,
    current: Option<SeatId>,
    upcoming: &'a [SeatId],
}

#[derive(Serialize)]
struct CheckInRef<'a, O, R, N> {
    open_commitments: O,
    reports: R,
    notes: N,
    done: &'a [SeatId],
}

#[derive(Serialize)]
struct PriorRef<'a> {
    id: CommitmentId,
    seat: SeatId,
    text: &'a str,
    due: Option<&'a str>,
}

#[derive(Serialize)]
struct ReportRef<'a> {
    commitment: CommitmentId,
    seat: SeatId,
    status: ReportStatus,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct NoteRef<'a> {
    seat: SeatId,
    note: &'a str,
}

#[derive(Serialize)]
struct QuestionRef<'a> {
    id: QuestionId,
    seat: SeatId,
    text: &'a str,
    kind: QuestionKind,
    status: QuestionStatus,
}

#[derive(Serialize)]
struct LearningRef<'a> {
    seat: SeatId,
    text: Option<&'a str>,
}

#[derive(Serialize)]
struct CommitmentRef<'a> {
    id: CommitmentId,
    seat: SeatId,
    text: &'a str,
    due: Option<&'a str>,
    hot_seat: u32,
}

#[derive(Serialize)]
struct FormerSeatRef<'a> {
    id: SeatId,
    name: &'a str,
}
