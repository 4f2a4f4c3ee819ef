//! Shared helpers for the black-box tests in `tests/tests/`: a `Table` that seats a circle
//! around the rules engine and drives it with explicit instants (no clocks, no sleeping).

pub mod drive;
pub mod process;
pub mod raw;
pub mod server;

use hotseat_protocol::{Command, Event, Phase, SeatId, Snapshot, Timestamp, TurnKind};
use hotseat_server::engine::{Meeting, MeetingSetup, RuleError};

/// The instant every test meeting starts at (2026-11-21T00:00:00Z).
pub const T0: Timestamp = Timestamp(1_795_219_200_000);

/// A circle at the table: the engine, the test's clock, and who sits where.
pub struct Table {
    pub meeting: Meeting,
    pub now: Timestamp,
    pub facilitator: SeatId,
    pub members: Vec<SeatId>,
}

impl Table {
    /// A circle with the facilitator present and `names` joined as members, in the lobby.
    pub fn new(names: &[&str]) -> Table {
        Table::with_setup(MeetingSetup::new("Test circle"), names)
    }

    pub fn with_setup(setup: MeetingSetup, names: &[&str]) -> Table {
        let mut meeting = Meeting::new(setup);
        let facilitator = meeting.facilitator();
        meeting
            .set_presence(facilitator, true, T0)
            .expect("facilitator connects");
        let members = names
            .iter()
            .map(|name| meeting.join(name, T0).expect("member joins").0)
            .collect();
        Table {
            meeting,
            now: T0,
            facilitator,
            members,
        }
    }

    /// Member `i` (0-based, in join order).
    pub fn m(&self, i: usize) -> SeatId {
        self.members[i]
    }

    /// Applies a command that must be accepted.
    #[track_caller]
    pub fn act(&mut self, actor: SeatId, command: Command) -> Vec<Event> {
        match self.meeting.apply(actor, &command, self.now) {
            Ok(events) => events,
            Err(e) => panic!(
                "{command:?} by {actor} refused in {:?}: {e} ({})",
                self.meeting.phase(),
                e.code()
            ),
        }
    }

    /// Applies a command that must be refused, checks nothing changed, returns the error.
    #[track_caller]
    pub fn refuse(&mut self, actor: SeatId, command: Command) -> RuleError {
        let before = self.meeting.clone();
        let err = self
            .meeting
            .apply(actor, &command, self.now)
            .expect_err("the command should be refused");
        assert_eq!(
            self.meeting, before,
            "a refused command changed the meeting"
        );
        err
    }

    /// The facilitator applies a command that must be accepted.
    #[track_caller]
    pub fn fac(&mut self, command: Command) -> Vec<Event> {
        self.act(self.facilitator, command)
    }

    /// Moves the test clock on and lets the engine see the time.
    pub fn tick(&mut self, ms: u64) -> Vec<Event> {
        self.now = self.now.plus_ms(ms);
        self.meeting.on_time(self.now)
    }

    pub fn phase(&self) -> Phase {
        self.meeting.phase()
    }

    pub fn floor(&self) -> Option<SeatId> {
        self.meeting.floor().map(|(seat, _)| seat)
    }

    pub fn turn(&self) -> Option<TurnKind> {
        self.meeting.floor().map(|(_, turn)| turn)
    }

    pub fn snapshot(&self) -> Snapshot {
        self.meeting.snapshot()
    }

    /// Every member acknowledges the norms (the meeting must be in the opening).
    pub fn acknowledge_all(&mut self) {
        for seat in self.members.clone() {
            self.act(seat, Command::AcknowledgeNorms);
        }
    }

    /// Lobby -> opening -> everyone acknowledges -> check-in.
    pub fn open_meeting(&mut self) {
        self.fac(Command::Start);
        self.acknowledge_all();
        self.fac(Command::Advance);
        assert_eq!(self.phase(), Phase::CheckIn);
    }
}

/// Shorthand for commands with text.
pub fn ask(text: &str) -> Command {
    Command::Ask {
        text: text.to_owned(),
    }
}

pub fn learn(text: &str) -> Command {
    Command::ShareLearning {
        text: text.to_owned(),
    }
}

pub fn commit(text: &str) -> Command {
    Command::Commit {
        text: text.to_owned(),
        due: None,
        key: None,
    }
}

pub fn check_in(note: &str) -> Command {
    Command::CheckIn {
        reports: Vec::new(),
        note: Some(note.to_owned()),
    }
}

// ---- helpers for the engine rule tests (engine_seats, engine_turns, engine_flow, engine_time) ----

impl Table {
    /// A circle whose `names` hold seats from earlier meetings (seat ids 1, 2, ...), all
    /// connected, in the lobby. Use with `setup.prior_commitments` naming those seat ids.
    pub fn returning(mut setup: MeetingSetup, names: &[&str]) -> Table {
        setup.returning_members = names
            .iter()
            .zip(1u32..)
            .map(|(name, id)| (SeatId(id), (*name).to_owned()))
            .collect();
        let mut table = Table::with_setup(setup, &[]);
        for (_, id) in names.iter().zip(1u32..) {
            table
                .meeting
                .set_presence(SeatId(id), true, T0)
                .expect("returning member connects");
            table.members.push(SeatId(id));
        }
        table
    }

    /// A new member joins now (appended to `members`); must be accepted.
    #[track_caller]
    pub fn join(&mut self, name: &str) -> SeatId {
        let (seat, _) = self
            .meeting
            .join(name, self.now)
            .unwrap_or_else(|e| panic!("join {name:?} refused: {e} ({})", e.code()));
        self.members.push(seat);
        seat
    }

    /// A join that must be refused; checks nothing changed.
    #[track_caller]
    pub fn refuse_join(&mut self, name: &str) -> RuleError {
        let before = self.meeting.clone();
        let err = self
            .meeting
            .join(name, self.now)
            .expect_err("the join should be refused");
        assert_eq!(self.meeting, before, "a refused join changed the meeting");
        err
    }

    /// A seat's connection comes or goes now; must be accepted.
    #[track_caller]
    pub fn presence(&mut self, seat: SeatId, present: bool) -> Vec<Event> {
        self.meeting
            .set_presence(seat, present, self.now)
            .unwrap_or_else(|e| panic!("presence of {seat} refused: {e} ({})", e.code()))
    }

    /// A presence change that must be refused; checks nothing changed.
    #[track_caller]
    pub fn refuse_presence(&mut self, seat: SeatId, present: bool) -> RuleError {
        let before = self.meeting.clone();
        let err = self
            .meeting
            .set_presence(seat, present, self.now)
            .expect_err("the presence change should be refused");
        assert_eq!(
            self.meeting, before,
            "a refused presence change changed the meeting"
        );
        err
    }

    /// A seat's grace period runs out now; must be accepted.
    #[track_caller]
    pub fn release(&mut self, seat: SeatId) -> Vec<Event> {
        self.meeting
            .release(seat, self.now)
            .unwrap_or_else(|e| panic!("release of {seat} refused: {e} ({})", e.code()))
    }

    /// A release that must be refused; checks nothing changed.
    #[track_caller]
    pub fn refuse_release(&mut self, seat: SeatId) -> RuleError {
        let before = self.meeting.clone();
        let err = self
            .meeting
            .release(seat, self.now)
            .expect_err("the release should be refused");
        assert_eq!(
            self.meeting, before,
            "a refused release changed the meeting"
        );
        err
    }

    /// Moves the test clock on without telling the engine (as between two commands).
    pub fn wait(&mut self, ms: u64) {
        self.now = self.now.plus_ms(ms);
    }

    /// From the check-in: everyone still due passes, the agenda is set, and the first hot
    /// seat begins (presenting).
    pub fn start_hot_seats(&mut self, agenda: &[SeatId]) {
        assert_eq!(self.phase(), Phase::CheckIn);
        while let Some(seat) = self.floor() {
            self.act(seat, Command::Pass);
        }
        self.fac(Command::SetAgenda {
            seats: agenda.to_vec(),
        });
        self.fac(Command::Advance);
        assert_eq!(self.phase(), Phase::Presenting);
    }

    /// A seat as the latest snapshot shows it.
    pub fn seat_view(&self, seat: SeatId) -> hotseat_protocol::snapshot::SeatView {
        self.snapshot()
            .seats
            .into_iter()
            .find(|s| s.id == seat)
            .expect("the seat is in the room")
    }
}

/// A member's commitment with a due date.
pub fn commit_by(text: &str, due: &str) -> Command {
    Command::Commit {
        text: text.to_owned(),
        due: Some(due.to_owned()),
        key: None,
    }
}
