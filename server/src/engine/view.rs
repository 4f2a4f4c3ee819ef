//! The room as every client draws it: a view that borrows the meeting and writes the wire's
//! `Snapshot` JSON straight from the state (the one place that layout is written).

use hotseat_protocol::Snapshot;
use hotseat_protocol::snapshot::{QuestionMix, TimerView};
use hotseat_protocol::{QuestionKind, SeatId, Settings};
use serde::Serialize;
use serde::ser::{Error as _, Serializer};
use serde_json::value::RawValue;

use super::meeting::{CheckIn, HotSeat, Meeting};
use crate::wire_json::{JsonWriter, WriteJson};

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
        let json = self.view().to_json().expect("the view serializes");
        serde_json::from_str(&json).expect("the view's JSON is a snapshot")
    }
}

impl SnapshotView<'_> {
    /// The snapshot's JSON as a string (off the hot path: welcome, tests, tools).
    pub fn to_json(self) -> serde_json::Result<String> {
        let mut out = Vec::with_capacity(4096);
        let mut w = JsonWriter::new(&mut out);
        self.write_json(&mut w);
        w.finish()?;
        // The writer appends only `str`s (cut, if at all, beside ASCII bytes) and ASCII.
        Ok(String::from_utf8(out).expect("the JSON writer writes UTF-8"))
    }
}

impl WriteJson for SnapshotView<'_> {
    /// Exactly what serde_json writes for the owned `Snapshot` of this meeting (same fields,
    /// same order, same escaping).
    fn write_json(&self, w: &mut JsonWriter<'_>) {
        let m = self.0;
        warm(m);
        w.raw(r#"{"version":"#);
        w.int(m.version);
        w.raw(r#","circle":{"name":"#);
        w.str(&m.circle_name);
        w.raw(r#","norms":"#);
        w.seq(&m.norms, |w, norm| w.str(norm));
        w.raw(r#"},"settings":"#);
        settings(w, &m.settings);
        w.raw(r#","locked":"#);
        w.bool(m.locked);
        w.raw(r#","phase":"#);
        w.variant(&m.phase);
        w.raw(r#","seats":"#);
        w.seq(&m.seats, |w, s| {
            w.raw(r#"{"id":"#);
            w.int(s.id.0);
            w.raw(r#","name":"#);
            w.str(&s.name);
            w.raw(r#","role":"#);
            w.variant(&s.role);
            w.raw(r#","present":"#);
            w.bool(s.present);
            w.raw(r#","acknowledged":"#);
            w.bool(s.acknowledged);
            w.raw(r#","stats":{"turns":"#);
            w.int(s.stats.turns);
            w.raw(r#","passes":"#);
            w.int(s.stats.passes);
            w.raw(r#","questions":"#);
            w.int(s.stats.questions);
            w.raw("}}");
        });
        w.raw(r#","floor":"#);
        match m.floor {
            Some(f) => {
                w.raw(r#"{"seat":"#);
                w.int(f.seat.0);
                w.raw(r#","turn":"#);
                w.variant(&f.turn);
                w.raw("}");
            }
            None => w.null(),
        }
        let holder = m.floor.map(|f| f.seat);
        let next = m
            .next_speaker(holder)
            .map(|f| f.seat)
            .filter(|s| Some(*s) != holder);
        w.raw(r#","next":"#);
        w.opt_int(next.map(|s| s.0));
        w.raw(r#","timer":"#);
        match &m.timer {
            Some(t) => timer(w, &t.view()),
            None => w.null(),
        }
        w.raw(r#","agenda":{"done":"#);
        let done = m
            .hot_seats
            .iter()
            .filter_map(|h| h.outcome.map(|outcome| (h.presenter, outcome)));
        w.seq(done, |w, (seat, outcome)| {
            w.raw(r#"{"seat":"#);
            w.int(seat.0);
            w.raw(r#","outcome":"#);
            w.variant(&outcome);
            w.raw("}");
        });
        w.raw(r#","current":"#);
        w.opt_int(m.presenter().map(|s| s.0));
        w.raw(r#","upcoming":"#);
        seats(w, &m.upcoming);
        w.raw(r#"},"hands":"#);
        seats(w, &m.hands);
        w.raw(r#","check_in":"#);
        check_in(w, &m.check_in);
        w.raw(r#","hot_seat":"#);
        match m.current_hot_seat() {
            Some(h) => hot_seat(w, m, h),
            None => w.null(),
        }
        w.raw(r#","commitments":"#);
        w.seq(&m.commitments, |w, c| {
            w.raw(r#"{"id":"#);
            w.int(c.id.0);
            w.raw(r#","seat":"#);
            w.int(c.seat.0);
            w.raw(r#","text":"#);
            w.str(&c.text);
            w.raw(r#","due":"#);
            w.opt_str(c.due.as_deref());
            w.raw(r#","hot_seat":"#);
            w.int(c.hot_seat);
            w.raw("}");
        });
        w.raw(r#","former_seats":"#);
        w.seq(&m.former_seats, |w, (id, name)| {
            w.raw(r#"{"id":"#);
            w.int(id.0);
            w.raw(r#","name":"#);
            w.str(name);
            w.raw("}");
        });
        w.raw(r#","schedule":{"next_meeting_at":"#);
        w.opt_int(m.schedule.next_meeting_at.map(|t| t.0));
        w.raw(r#","round_ends_on":"#);
        w.opt_str(m.schedule.round_ends_on.as_deref());
        w.raw("}}");
    }
}

/// Reads the first and last byte of every text the view is about to write, before writing
/// any. Under load a room's texts are out of cache by the time of its next update, and each
/// is an allocation of its own: met one by one while writing, every cache miss waited its
/// turn (a profile put nine tenths of the escaper's time on its first load of a text); read
/// here together, the misses overlap.
fn warm(m: &Meeting) {
    let mut sum = 0u8;
    let mut touch = |text: &str| {
        if let (Some(first), Some(last)) = (text.as_bytes().first(), text.as_bytes().last()) {
            sum = sum.wrapping_add(first ^ last);
        }
    };
    touch(&m.circle_name);
    m.norms.iter().for_each(|t| touch(t));
    m.seats.iter().for_each(|s| touch(&s.name));
    m.check_in.open.iter().for_each(|p| touch(&p.text));
    m.check_in
        .reports
        .iter()
        .filter_map(|r| r.note.as_deref())
        .for_each(&mut touch);
    m.check_in
        .notes
        .iter()
        .filter_map(|n| n.note.as_deref())
        .for_each(&mut touch);
    if let Some(h) = m.current_hot_seat() {
        h.questions
            .iter()
            .filter_map(|q| q.text.as_deref())
            .for_each(&mut touch);
        h.learnings
            .iter()
            .filter_map(|l| l.text.as_deref())
            .for_each(&mut touch);
    }
    m.commitments.iter().for_each(|c| touch(&c.text));
    m.former_seats.iter().for_each(|(_, t)| touch(t));
    // Keeps the loads: the sum itself is of no use.
    std::hint::black_box(sum);
}

/// For the rare paths that go through serde (welcome, tools): the writer's JSON, embedded
/// as is. Off the hot path, so the raw value's validation is affordable.
impl Serialize for SnapshotView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let json = self.to_json().map_err(S::Error::custom)?;
        RawValue::from_string(json)
            .map_err(S::Error::custom)?
            .serialize(serializer)
    }
}

fn seats(w: &mut JsonWriter<'_>, seats: &[SeatId]) {
    w.seq(seats, |w, s| w.int(s.0));
}

fn settings(w: &mut JsonWriter<'_>, s: &Settings) {
    let t = &s.time_boxes;
    w.raw(r#"{"time_boxes":{"opening_secs":"#);
    w.int(t.opening_secs);
    w.raw(r#","check_in_secs":"#);
    w.int(t.check_in_secs);
    w.raw(r#","presenting_secs":"#);
    w.int(t.presenting_secs);
    w.raw(r#","questions_secs":"#);
    w.int(t.questions_secs);
    w.raw(r#","learnings_secs":"#);
    w.int(t.learnings_secs);
    w.raw(r#","commitment_secs":"#);
    w.int(t.commitment_secs);
    w.raw(r#","closing_secs":"#);
    w.int(t.closing_secs);
    w.raw(r#"},"auto_advance":"#);
    w.bool(s.auto_advance);
    w.raw("}");
}

fn timer(w: &mut JsonWriter<'_>, t: &TimerView) {
    w.raw(r#"{"scope":"#);
    w.variant(&t.scope);
    w.raw(r#","budget_ms":"#);
    w.int(t.budget_ms);
    w.raw(r#","deadline":"#);
    w.opt_int(t.deadline.map(|d| d.0));
    w.raw(r#","remaining_ms":"#);
    w.opt_int(t.remaining_ms);
    w.raw(r#","paused":"#);
    match &t.paused {
        Some(reason) => w.variant(reason),
        None => w.null(),
    }
    w.raw(r#","time_up":"#);
    w.bool(t.time_up);
    w.raw("}");
}

fn check_in(w: &mut JsonWriter<'_>, c: &CheckIn) {
    w.raw(r#"{"open_commitments":"#);
    w.seq(&c.open, |w, p| {
        w.raw(r#"{"id":"#);
        w.int(p.id.0);
        w.raw(r#","seat":"#);
        w.int(p.seat.0);
        w.raw(r#","text":"#);
        w.str(&p.text);
        w.raw(r#","due":"#);
        w.opt_str(p.due.as_deref());
        w.raw("}");
    });
    w.raw(r#","reports":"#);
    w.seq(&c.reports, |w, r| {
        w.raw(r#"{"commitment":"#);
        w.int(r.commitment.0);
        w.raw(r#","seat":"#);
        w.int(r.seat.0);
        w.raw(r#","status":"#);
        w.variant(&r.status);
        w.raw(r#","note":"#);
        w.opt_str(r.note.as_deref());
        w.raw(r#","words":"#);
        w.variant(&r.words());
        w.raw("}");
    });
    w.raw(r#","notes":"#);
    w.seq(&c.notes, |w, n| {
        w.raw(r#"{"seat":"#);
        w.int(n.seat.0);
        w.raw(r#","note":"#);
        w.opt_str(n.note.as_deref());
        w.raw(r#","words":"#);
        w.variant(&n.words());
        w.raw("}");
    });
    w.raw(r#","done":"#);
    seats(w, &c.done);
    w.raw("}");
}

/// The running hot seat: its transcript, the question mix and who still owes a first turn.
fn hot_seat(w: &mut JsonWriter<'_>, m: &Meeting, h: &HotSeat) {
    let mut mix = QuestionMix::default();
    for q in &h.questions {
        match q.kind {
            QuestionKind::Open => mix.open += 1,
            QuestionKind::Closed => mix.closed += 1,
            QuestionKind::Advice => mix.advice += 1,
        }
    }
    w.raw(r#"{"index":"#);
    w.int(h.index);
    w.raw(r#","presenter":"#);
    w.int(h.presenter.0);
    w.raw(r#","questions":"#);
    w.seq(&h.questions, |w, q| {
        w.raw(r#"{"id":"#);
        w.int(q.id.0);
        w.raw(r#","seat":"#);
        w.int(q.seat.0);
        w.raw(r#","text":"#);
        w.opt_str(q.text.as_deref());
        w.raw(r#","words":"#);
        w.variant(&q.words());
        w.raw(r#","kind":"#);
        w.variant(&q.kind);
        w.raw(r#","status":"#);
        w.variant(&q.status);
        w.raw("}");
    });
    w.raw(r#","mix":{"open":"#);
    w.int(mix.open);
    w.raw(r#","closed":"#);
    w.int(mix.closed);
    w.raw(r#","advice":"#);
    w.int(mix.advice);
    w.raw(r#"},"first_round_pending":"#);
    let pending = m
        .rotation(Some(h.presenter))
        .filter(|s| !h.asked_first.contains(s) && m.can_take_turn(*s));
    w.seq(pending, |w, s| w.int(s.0));
    w.raw(r#","learnings":"#);
    w.seq(&h.learnings, |w, l| {
        w.raw(r#"{"seat":"#);
        w.int(l.seat.0);
        w.raw(r#","text":"#);
        w.opt_str(l.text.as_deref());
        w.raw(r#","words":"#);
        w.variant(&l.words());
        w.raw("}");
    });
    w.raw(r#","learnings_done":"#);
    seats(w, &h.learnings_done);
    w.raw(r#","insight_only":"#);
    w.bool(h.insight_only);
    w.raw("}");
}

#[cfg(test)]
pub(crate) mod tests {
    use hotseat_protocol::snapshot::{
        AgendaEntry, AgendaView, CheckInNoteView, CheckInView, CircleView, CommitmentView, Floor,
        FormerSeat, HotSeatView, LearningView, PauseReason, PriorCommitmentView, QuestionStatus,
        QuestionView, ReportView, Schedule, SeatView, Words,
    };
    use hotseat_protocol::{
        Command, CommitmentId, Event, Report, ReportStatus, ServerMessage, Timestamp, TurnKind,
    };

    use super::super::timebox::TimeBox;
    use super::super::{MeetingSetup, PriorCommitment, RuleError};
    use super::*;

    const T0: Timestamp = Timestamp(1_795_219_200_000);

    /// The snapshot built field by field from the meeting, as owned protocol values: the
    /// oracle the writer's JSON is held to (serde_json's output for it).
    fn expected(m: &Meeting) -> Snapshot {
        let holder = m.floor.map(|f| f.seat);
        Snapshot {
            version: m.version,
            circle: CircleView {
                name: m.circle_name.clone(),
                norms: m.norms.clone(),
            },
            settings: m.settings.clone(),
            locked: m.locked,
            phase: m.phase,
            seats: m
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
            floor: m.floor.map(|f| Floor {
                seat: f.seat,
                turn: f.turn,
            }),
            next: m
                .next_speaker(holder)
                .map(|f| f.seat)
                .filter(|s| Some(*s) != holder),
            timer: m.timer.as_ref().map(TimeBox::view),
            agenda: AgendaView {
                done: m
                    .hot_seats
                    .iter()
                    .filter_map(|h| {
                        h.outcome.map(|outcome| AgendaEntry {
                            seat: h.presenter,
                            outcome,
                        })
                    })
                    .collect(),
                current: m.presenter(),
                upcoming: m.upcoming.clone(),
            },
            hands: m.hands.clone(),
            check_in: CheckInView {
                open_commitments: m
                    .check_in
                    .open
                    .iter()
                    .map(|p| PriorCommitmentView {
                        id: p.id,
                        seat: p.seat,
                        text: p.text.clone(),
                        due: p.due.clone(),
                    })
                    .collect(),
                reports: m
                    .check_in
                    .reports
                    .iter()
                    .map(|r| ReportView {
                        commitment: r.commitment,
                        seat: r.seat,
                        status: r.status,
                        note: r.note.clone(),
                        words: r.words(),
                    })
                    .collect(),
                notes: m
                    .check_in
                    .notes
                    .iter()
                    .map(|n| CheckInNoteView {
                        seat: n.seat,
                        note: n.note.clone(),
                        words: n.words(),
                    })
                    .collect(),
                done: m.check_in.done.clone(),
            },
            hot_seat: m.current_hot_seat().map(|h| HotSeatView {
                index: h.index,
                presenter: h.presenter,
                questions: h
                    .questions
                    .iter()
                    .map(|q| QuestionView {
                        id: q.id,
                        seat: q.seat,
                        text: q.text.clone(),
                        words: q.words(),
                        kind: q.kind,
                        status: q.status,
                    })
                    .collect(),
                mix: QuestionMix {
                    open: count(h, QuestionKind::Open),
                    closed: count(h, QuestionKind::Closed),
                    advice: count(h, QuestionKind::Advice),
                },
                first_round_pending: m
                    .rotation(Some(h.presenter))
                    .filter(|s| !h.asked_first.contains(s) && m.can_take_turn(*s))
                    .collect(),
                learnings: h
                    .learnings
                    .iter()
                    .map(|l| LearningView {
                        seat: l.seat,
                        text: l.text.clone(),
                        words: l.words(),
                    })
                    .collect(),
                learnings_done: h.learnings_done.clone(),
                insight_only: h.insight_only,
            }),
            commitments: m
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
            former_seats: m
                .former_seats
                .iter()
                .map(|(id, name)| FormerSeat {
                    id: *id,
                    name: name.clone(),
                })
                .collect(),
            schedule: m.schedule.clone(),
        }
    }

    fn count(h: &HotSeat, kind: QuestionKind) -> u32 {
        h.questions.iter().filter(|q| q.kind == kind).count() as u32
    }

    /// Which corners of the snapshot a scenario has shown (so the test shows it covered them).
    #[derive(Debug, Default)]
    struct Seen {
        paused_by_facilitator: bool,
        paused_floor_away: bool,
        time_up: bool,
        turn_timer: bool,
        statuses: Vec<QuestionStatus>,
        kinds: Vec<QuestionKind>,
        passed_learning: bool,
        shared_learning: bool,
        report_note: (bool, bool),
        prior_due: (bool, bool),
        commitment_due: (bool, bool),
        hands: bool,
        next: bool,
        agenda_done: bool,
        former_seats: bool,
        locked: bool,
        notes: bool,
        insight_only: bool,
        first_round_pending: bool,
        /// Which entries were seen in which `Words` state.
        words: Vec<(&'static str, Words)>,
    }

    impl Seen {
        fn note(&mut self, s: &Snapshot) {
            if let Some(t) = s.timer {
                self.paused_by_facilitator |= t.paused == Some(PauseReason::Facilitator);
                self.paused_floor_away |= t.paused == Some(PauseReason::FloorAway);
                self.time_up |= t.time_up;
                self.turn_timer |= t.scope == hotseat_protocol::snapshot::TimerScope::Turn;
            }
            let mut words = |entry: &'static str, state: Words| {
                if !self.words.contains(&(entry, state)) {
                    self.words.push((entry, state));
                }
            };
            if let Some(h) = &s.hot_seat {
                h.questions.iter().for_each(|q| words("question", q.words));
                h.learnings.iter().for_each(|l| words("learning", l.words));
            }
            s.check_in.notes.iter().for_each(|n| words("note", n.words));
            s.check_in
                .reports
                .iter()
                .for_each(|r| words("report", r.words));
            if let Some(h) = &s.hot_seat {
                for q in &h.questions {
                    if !self.statuses.contains(&q.status) {
                        self.statuses.push(q.status);
                    }
                    if !self.kinds.contains(&q.kind) {
                        self.kinds.push(q.kind);
                    }
                }
                self.passed_learning |= h.learnings.iter().any(|l| l.text.is_none());
                self.shared_learning |= h.learnings.iter().any(|l| l.text.is_some());
                self.insight_only |= h.insight_only;
                self.first_round_pending |= !h.first_round_pending.is_empty();
            }
            for r in &s.check_in.reports {
                self.report_note.0 |= r.note.is_some();
                self.report_note.1 |= r.note.is_none();
            }
            for p in &s.check_in.open_commitments {
                self.prior_due.0 |= p.due.is_some();
                self.prior_due.1 |= p.due.is_none();
            }
            for c in &s.commitments {
                self.commitment_due.0 |= c.due.is_some();
                self.commitment_due.1 |= c.due.is_none();
            }
            self.notes |= !s.check_in.notes.is_empty();
            self.hands |= !s.hands.is_empty();
            self.next |= s.next.is_some();
            self.agenda_done |= !s.agenda.done.is_empty();
            self.former_seats |= !s.former_seats.is_empty();
            self.locked |= s.locked;
        }
    }

    /// Sees the meeting and the events after every accepted step.
    type EachStep<'a> = Box<dyn FnMut(&Meeting, &[Event]) + 'a>;

    /// A meeting driven through every phase, with texts that need escaping everywhere.
    pub(crate) struct Script<'a> {
        m: Meeting,
        now: Timestamp,
        seen: Seen,
        steps: usize,
        each: EachStep<'a>,
    }

    impl<'a> Script<'a> {
        fn new(each: EachStep<'a>) -> Script<'a> {
            let mut setup = MeetingSetup::new("Circle \"Q\" \\ é\u{1}\u{1F600}");
            setup.norms = vec![
                "Be kind.\n".to_owned(),
                "Tab\there, \"quoted\", back\\slash, \u{7f}, \u{2028}".to_owned(),
            ];
            let boxes = &mut setup.settings.time_boxes;
            boxes.opening_secs = 61;
            boxes.check_in_secs = 62;
            boxes.presenting_secs = 63;
            boxes.questions_secs = 64;
            boxes.learnings_secs = 65;
            boxes.commitment_secs = 66;
            boxes.closing_secs = 67;
            setup.facilitator_name = "Fa \"cil\" \\ itator".to_owned();
            setup.returning_members = vec![
                (SeatId(3), "Ana \"the\" \\ one".to_owned()),
                (SeatId(5), "Bö \u{1F600}".to_owned()),
            ];
            setup.prior_commitments = vec![
                PriorCommitment {
                    id: CommitmentId(40),
                    seat: SeatId(3),
                    text: "Call \"Mo\"\u{7}\r\n".to_owned(),
                    due: Some("2031-01-31".to_owned()),
                },
                PriorCommitment {
                    id: CommitmentId(41),
                    seat: SeatId(5),
                    text: "x".to_owned(),
                    due: None,
                },
            ];
            setup.first_commitment_id = 50;
            setup.first_seat_id = 10;
            setup.schedule = Schedule {
                next_meeting_at: Some(T0.plus_ms(7 * 86_400_000)),
                round_ends_on: Some("2031-06-30".to_owned()),
            };
            let mut script = Script {
                m: Meeting::new(setup),
                now: T0,
                seen: Seen::default(),
                steps: 0,
                each,
            };
            script.check();
            script
        }

        fn check(&mut self) {
            let m = &self.m;
            let snapshot = expected(m);
            let json = m.view().to_json().expect("the view writes");
            assert_eq!(
                json,
                serde_json::to_string(&snapshot).unwrap(),
                "step {}",
                self.steps
            );
            self.seen.note(&snapshot);
            self.steps += 1;
        }

        /// Runs one engine call at a later time and checks the JSON after it.
        fn run(
            &mut self,
            call: impl FnOnce(&mut Meeting, Timestamp) -> Result<Vec<Event>, RuleError>,
        ) -> bool {
            self.now = self.now.plus_ms(7_000);
            let outcome = call(&mut self.m, self.now);
            if let Ok(events) = &outcome {
                (self.each)(&self.m, events);
            }
            self.check();
            outcome.is_ok()
        }

        #[track_caller]
        fn act(&mut self, seat: SeatId, command: Command) {
            let described = format!("{command:?}");
            assert!(
                self.run(|m, now| m.apply(seat, &command, now)),
                "{described} by {seat} refused"
            );
        }

        fn fac(&mut self, command: Command) {
            let fac = self.m.facilitator();
            self.act(fac, command);
        }

        #[track_caller]
        fn presence(&mut self, seat: SeatId, present: bool) {
            assert!(self.run(|m, now| m.set_presence(seat, present, now)));
        }

        fn floor(&self) -> Option<(SeatId, TurnKind)> {
            self.m.floor()
        }

        /// The server restarts: the meeting comes back from its checkpoint a minute later.
        fn restart(&mut self) {
            let saved = self.m.checkpoint(self.now);
            self.now = self.now.plus_ms(60_000);
            self.m = Meeting::restore(&saved, self.now).expect("the checkpoint restores");
            self.check();
        }
    }

    fn played_meeting() -> Script<'static> {
        played_meeting_each(|_, _| {})
    }

    /// `played_meeting`, with `each` seeing the meeting and its events after every
    /// accepted step (for tests elsewhere that hold other writers to this one).
    pub(crate) fn played_meeting_each<'a>(each: impl FnMut(&Meeting, &[Event]) + 'a) -> Script<'a> {
        let mut s = Script::new(Box::new(each));
        let (ana, bo) = (SeatId(3), SeatId(5));
        let fac = s.m.facilitator();
        s.presence(fac, true);
        s.presence(ana, true);
        s.presence(bo, true);
        let mut joined = Vec::new();
        for name in ["Cy <b>&amp;</b>", "Di \\\\", "Ed \u{a0}é"] {
            let mut seat = None;
            assert!(s.run(|m, now| m.join(name, now).map(|(id, events)| {
                seat = Some(id);
                events
            })));
            joined.push(seat.expect("joined"));
        }
        let (cy, di, ed) = (joined[0], joined[1], joined[2]);
        s.fac(Command::Start);
        for seat in [ana, bo, cy, di, ed] {
            s.act(seat, Command::AcknowledgeNorms);
        }
        s.fac(Command::Advance);
        // Check-in, with the floor holder's connection dropping once and the facilitator
        // pausing once.
        s.fac(Command::Pause);
        s.fac(Command::Resume);
        let (away, _) = s.floor().expect("a check-in turn");
        s.presence(away, false);
        s.presence(away, true);
        while let Some((seat, TurnKind::CheckIn)) = s.floor() {
            let command = if seat == ana {
                Command::CheckIn {
                    reports: vec![Report {
                        commitment: CommitmentId(40),
                        status: ReportStatus::Partly,
                        note: Some("half \"done\"\n\t\u{0}".to_owned()),
                    }],
                    note: Some("Tired\tbut \\here\\".to_owned()),
                }
            } else if seat == bo {
                Command::CheckIn {
                    reports: vec![Report {
                        commitment: CommitmentId(41),
                        status: ReportStatus::NotDone,
                        note: None,
                    }],
                    note: None,
                }
            } else if seat == cy {
                Command::Pass
            } else {
                Command::CheckIn {
                    reports: Vec::new(),
                    note: Some("ok \u{1b}[31m".to_owned()),
                }
            };
            s.act(seat, command);
        }
        s.act(ana, Command::Volunteer);
        s.act(di, Command::Volunteer);

        // Ana's hot seat: every kind of question and every answer; time running out once.
        s.fac(Command::Advance);
        s.fac(Command::Pause);
        s.fac(Command::Resume);
        let deadline = s.m.next_deadline().expect("a running time box");
        s.run(|m, _| Ok(m.on_time(deadline)));
        s.act(ana, Command::Done);
        s.fac(Command::Advance);
        let questions = [
            "What would you \"really\" want?",
            "Did you talk to her?\n",
            "Have you tried firing him? \\o/",
            "What does this cost you?",
        ];
        let mut asked = 0;
        while let Some((seat, turn)) = s.floor() {
            if asked == questions.len() {
                break;
            }
            let command = match turn {
                TurnKind::Asking => {
                    asked += 1;
                    Command::Ask {
                        text: questions[asked - 1].to_owned(),
                    }
                }
                _ => Command::Answer {
                    noted: asked % 2 == 0,
                },
            };
            s.act(seat, command);
            if asked == 2 && turn == TurnKind::Asking {
                s.act(ed, Command::RaiseHand);
            }
        }
        // The facilitator ends the presenter's answer: the last question is set aside.
        s.fac(Command::Skip);
        s.fac(Command::Advance);
        while let Some((seat, TurnKind::Learning)) = s.floor() {
            let command = if seat == bo {
                Command::Pass
            } else {
                Command::ShareLearning {
                    text: format!("learned \"{seat}\" \\ \u{1f}"),
                }
            };
            s.act(seat, command);
        }
        // The server restarts: said words read as not kept; everyone comes back.
        s.restart();
        for seat in [fac, ana, bo, cy, di, ed] {
            s.presence(seat, true);
        }
        s.fac(Command::Advance);
        s.act(
            ana,
            Command::Commit {
                text: "Write \"it\" down\\".to_owned(),
                due: Some("2031-02-28".to_owned()),
                key: Some("k\"1".to_owned()),
            },
        );
        s.act(
            ana,
            Command::Commit {
                text: "And tell Bo.".to_owned(),
                due: None,
                key: None,
            },
        );

        // Di's hot seat ends with insight only; Ed leaves; the room locks.
        s.fac(Command::Advance);
        s.act(di, Command::Done);
        s.fac(Command::Advance);
        s.fac(Command::Advance);
        s.fac(Command::Advance);
        s.act(di, Command::InsightOnly);
        s.fac(Command::RemoveMember { seat: ed });
        s.fac(Command::Lock { locked: true });
        s.fac(Command::SetSchedule {
            next_meeting_at: Some(T0.plus_ms(14 * 86_400_000)),
            round_ends_on: None,
        });
        s.fac(Command::Advance);
        s.fac(Command::EndMeeting);
        s
    }

    #[test]
    fn the_json_is_serde_jsons_for_the_owned_snapshot_after_every_step() {
        let s = played_meeting();
        let seen = &s.seen;
        assert!(
            seen.paused_by_facilitator
                && seen.paused_floor_away
                && seen.time_up
                && seen.turn_timer
                && seen.passed_learning
                && seen.shared_learning
                && seen.report_note == (true, true)
                && seen.prior_due == (true, true)
                && seen.commitment_due == (true, true)
                && seen.hands
                && seen.next
                && seen.agenda_done
                && seen.former_seats
                && seen.locked
                && seen.notes
                && seen.insight_only
                && seen.first_round_pending,
            "the scenario shows every corner of the snapshot: {seen:?}"
        );
        assert_eq!(seen.kinds.len(), 3, "{seen:?}");
        for entry in ["question", "learning", "note", "report"] {
            for state in [Words::Kept, Words::NotKept] {
                assert!(seen.words.contains(&(entry, state)), "{entry} {state:?}");
            }
        }
        assert!(seen.words.contains(&("learning", Words::Nothing)));
        assert!(seen.words.contains(&("report", Words::Nothing)));
        assert_eq!(seen.statuses.len(), 4, "{seen:?}");
    }

    #[test]
    fn through_serde_the_view_is_the_same_json_and_reads_back_as_the_snapshot() {
        let s = played_meeting();
        let m = &s.m;
        let json = m.view().to_json().unwrap();
        assert_eq!(serde_json::to_string(&m.view()).unwrap(), json);
        assert_eq!(
            serde_json::to_value(m.view()).unwrap(),
            serde_json::to_value(expected(m)).unwrap()
        );
        assert_eq!(m.snapshot(), expected(m));
        let welcome = ServerMessage::Welcome {
            protocol: 1,
            room: "r".to_owned(),
            seat: m.facilitator(),
            role: hotseat_protocol::Role::Facilitator,
            seat_token: "t".to_owned(),
            resumed: false,
            server_time: T0,
            snapshot: m.view(),
        };
        let read: ServerMessage = serde_json::from_str(&serde_json::to_string(&welcome).unwrap())
            .expect("a client reads the welcome");
        let ServerMessage::Welcome { snapshot, .. } = read else {
            panic!("a welcome");
        };
        assert_eq!(snapshot, expected(m));
    }
}
