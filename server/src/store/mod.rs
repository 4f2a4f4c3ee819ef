//! Storage: what a circle keeps between meetings and across restarts, behind one narrow
//! interface (`Store`: a queue of write operations, and loading at start).
//!
//! The SQLite backend (`sqlite.rs`) runs on its own thread and commits writes in groups; a
//! PostgreSQL backend would implement the same operations. What members say in a meeting
//! (questions, learnings, check-in words) is never an operation here: it cannot reach disk.

mod health;
mod pace;
mod records;
mod schema;
mod sqlite;

use std::path::Path;

use tokio::sync::{mpsc, oneshot};

pub use records::{
    CircleCommitment, CircleRecord, CommitmentRecord, LiveMeeting, MemberData, ReportRecord,
    SeatRecord, StoredCircle,
};

/// Why storage failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the database could not be opened or written: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("the data directory could not be created: {0}")]
    Io(#[from] std::io::Error),
    #[error("a stored value could not be read: {0}")]
    Corrupt(String),
    #[error("the storage thread has stopped")]
    Stopped,
}

/// One write. Writes are applied in the order they were queued.
#[derive(Debug)]
pub enum Op {
    CreateCircle(CircleRecord),
    /// A new seat, or a changed one (role after a hand-over, a new token).
    PutSeat {
        room: String,
        seat: SeatRecord,
    },
    /// A seat given up or removed: its token stops working. Its commitments stay.
    RemoveSeat {
        room: String,
        seat: u32,
    },
    /// The latest structure of a live meeting (replaces the previous one).
    Checkpoint {
        room: String,
        meeting: u32,
        json: String,
        /// When it was taken (the circle's last activity, for retention).
        at: u64,
    },
    Commitment {
        room: String,
        record: CommitmentRecord,
    },
    Report {
        room: String,
        record: ReportRecord,
    },
    MeetingEnded {
        room: String,
        meeting: u32,
        ended_at: u64,
        attendance: Vec<String>,
        presenters: Vec<String>,
    },
    /// The meeting left the lobby.
    MeetingStarted {
        room: String,
        meeting: u32,
        at: u64,
    },
    /// The circle's calendar changed.
    Schedule {
        room: String,
        next_meeting_at: Option<u64>,
        round_ends_on: Option<String>,
    },
    /// A member's right to erasure: their seat, commitments, report-backs and their name in
    /// attendance lists go, and the files keep no trace of them.
    EraseMember {
        room: String,
        seat: u32,
        name: String,
    },
    /// The facilitator deletes the circle: every row of it goes, leaving no trace.
    DeleteCircle {
        room: String,
    },
}

impl Op {
    /// The op's kind, for logs (never its content).
    pub fn kind(&self) -> &'static str {
        match self {
            Op::CreateCircle(_) => "create_circle",
            Op::PutSeat { .. } => "put_seat",
            Op::RemoveSeat { .. } => "remove_seat",
            Op::Checkpoint { .. } => "checkpoint",
            Op::Commitment { .. } => "commitment",
            Op::Report { .. } => "report",
            Op::MeetingEnded { .. } => "meeting_ended",
            Op::Schedule { .. } => "schedule",
            Op::MeetingStarted { .. } => "meeting_started",
            Op::EraseMember { .. } => "erase_member",
            Op::DeleteCircle { .. } => "delete_circle",
        }
    }

    /// Ops after which the write-ahead log is truncated, so erased content does not linger
    /// in old WAL frames (secure_delete already zeroes it in the database file).
    fn erases(&self) -> bool {
        matches!(self, Op::EraseMember { .. } | Op::DeleteCircle { .. })
    }
}

/// A read, answered on the writer thread (so it sees every write queued before it).
#[derive(Debug)]
pub enum Query {
    /// Circles past the retention period: every activity (creation, a checkpoint, a
    /// meeting's end) and the round's end are older than `now - retention`.
    Expired {
        now: u64,
        retention_ms: u64,
        reply: oneshot::Sender<Result<Vec<String>, String>>,
    },
    /// The circle's commitments across its meetings, for its members.
    History {
        room: String,
        reply: oneshot::Sender<Result<Vec<CircleCommitment>, String>>,
    },
    /// Everything stored about one member, for their own download.
    Member {
        room: String,
        seat: u32,
        reply: oneshot::Sender<Result<MemberData, String>>,
    },
    /// One circle with everything stored about it, to open its room on demand.
    Circle {
        room: String,
        reply: oneshot::Sender<Result<Option<StoredCircle>, String>>,
    },
    /// Can storage take writes? (`/readyz`): the last commit went through, the database
    /// file is still the one opened, and the data directory takes a synced write.
    Health {
        reply: oneshot::Sender<Result<(), String>>,
    },
    /// Test hook: the writer thread ends, as if it had died.
    #[cfg(feature = "test-hooks")]
    Halt,
}

struct Queued {
    op: Option<Op>,
    query: Option<Query>,
    /// Told once the op (and everything queued before it) is durable.
    done: Option<oneshot::Sender<Result<(), String>>>,
}

impl Queued {
    /// Someone waits on this: it should not linger in the queue.
    fn waited_on(&self) -> bool {
        self.done.is_some() || self.query.is_some()
    }
}

/// The way to storage. Cheap to clone; every clone feeds the same writer.
#[derive(Clone)]
pub struct Store {
    tx: mpsc::UnboundedSender<Queued>,
    /// The writer thread, unparked when someone waits (it lingers otherwise).
    writer: std::thread::Thread,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Store")
    }
}

impl Store {
    /// Opens (or creates) the database in `dir`, applies migrations, loads what is stored,
    /// and starts the writer.
    pub fn open(dir: &Path) -> Result<(Store, Vec<StoredCircle>), StoreError> {
        let unobserved = prometheus::Histogram::with_opts(prometheus::HistogramOpts::new(
            "unobserved",
            "Commit times nobody reads.",
        ))
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        Store::open_observed(dir, unobserved)
    }

    /// `open`, timing each batch commit into `commit_seconds`.
    pub fn open_observed(
        dir: &Path,
        commit_seconds: prometheus::Histogram,
    ) -> Result<(Store, Vec<StoredCircle>), StoreError> {
        std::fs::create_dir_all(dir)?;
        let path = dir.join("hotseat.db");
        let mut conn = sqlite::connect(&path)?;
        schema::migrate(&mut conn)?;
        let circles = sqlite::load_all(&conn)?;
        let (tx, rx) = mpsc::unbounded_channel();
        let writer = std::thread::Builder::new()
            .name("hotseat-store".into())
            .spawn(move || sqlite::writer(conn, rx, &path, &commit_seconds))?
            .thread()
            .clone();
        Ok((Store { tx, writer }, circles))
    }

    /// Queues a write; it will be applied in order, soon (within `pace::LINGER`), in a
    /// group with others.
    pub fn write(&self, op: Op) {
        let _ = self.tx.send(Queued {
            op: Some(op),
            query: None,
            done: None,
        });
    }

    /// Queues something a caller waits on, and wakes the writer if it is lingering.
    fn send_waited(&self, queued: Queued) -> Result<(), StoreError> {
        self.tx.send(queued).map_err(|_| StoreError::Stopped)?;
        self.writer.unpark();
        Ok(())
    }

    /// Queues a write and waits until it is on disk.
    pub async fn write_durable(&self, op: Op) -> Result<(), StoreError> {
        let (done, durable) = oneshot::channel();
        self.send_waited(Queued {
            op: Some(op),
            query: None,
            done: Some(done),
        })?;
        durable
            .await
            .map_err(|_| StoreError::Stopped)?
            .map_err(StoreError::Corrupt)
    }

    /// Answers a read after every write queued before it.
    pub fn query(&self, query: Query) {
        let _ = self.send_waited(Queued {
            op: None,
            query: Some(query),
            done: None,
        });
    }

    /// Loads one circle (after every write queued before this call), or `None` when no
    /// circle has this id.
    pub async fn load(&self, room: &str) -> Result<Option<StoredCircle>, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.send_waited(Queued {
            op: None,
            query: Some(Query::Circle {
                room: room.to_owned(),
                reply,
            }),
            done: None,
        })?;
        answer
            .await
            .map_err(|_| StoreError::Stopped)?
            .map_err(StoreError::Corrupt)
    }

    /// Whether storage takes writes, answered by the writer thread within `within` (a
    /// writer that is gone or stuck counts as not ready).
    pub async fn health(&self, within: std::time::Duration) -> Result<(), StoreError> {
        let (reply, answer) = oneshot::channel();
        self.send_waited(Queued {
            op: None,
            query: Some(Query::Health { reply }),
            done: None,
        })?;
        match tokio::time::timeout(within, answer).await {
            Ok(answer) => answer
                .map_err(|_| StoreError::Stopped)?
                .map_err(StoreError::Corrupt),
            Err(_) => Err(StoreError::Stopped),
        }
    }

    /// Test hook: stops the writer thread, so a test can see what happens without it.
    #[cfg(feature = "test-hooks")]
    pub fn halt(&self) {
        let _ = self.send_waited(Queued {
            op: None,
            query: Some(Query::Halt),
            done: None,
        });
    }

    /// Resolves once everything queued before it is on disk.
    pub fn barrier(&self) -> oneshot::Receiver<Result<(), String>> {
        let (done, durable) = oneshot::channel();
        let _ = self.send_waited(Queued {
            op: None,
            query: None,
            done: Some(done),
        });
        durable
    }
}

#[cfg(test)]
mod tests {
    use hotseat_protocol::{ReportStatus, Role, Settings};

    use super::*;

    fn circle(room: &str) -> CircleRecord {
        CircleRecord {
            room: room.into(),
            name: "Tuesday circle".into(),
            norms: vec!["Listen to understand.".into()],
            settings: Settings::default(),
            facilitator_secret_hash: [7; 32],
            facilitator_seat: 1,
            created_at: 1_000,
            next_meeting_at: None,
            round_ends_on: None,
        }
    }

    fn seat(id: u32, name: &str) -> SeatRecord {
        SeatRecord {
            seat: id,
            name: name.into(),
            role: Role::Member,
            token_hash: [id as u8; 32],
            joined_at: 2_000,
        }
    }

    fn commitment(id: u32, key: &str) -> CommitmentRecord {
        CommitmentRecord {
            id,
            seat: 2,
            meeting: 1,
            text: "Call the supplier".into(),
            due: Some("2026-12-01".into()),
            created_at: 3_000,
            key: Some(key.into()),
        }
    }

    #[tokio::test]
    async fn what_is_written_is_loaded_again_after_reopening() {
        let dir = tempfile::tempdir().unwrap();
        {
            let (store, loaded) = Store::open(dir.path()).unwrap();
            assert!(loaded.is_empty());
            store.write(Op::CreateCircle(circle("room-a")));
            store.write(Op::PutSeat {
                room: "room-a".into(),
                seat: seat(2, "Ana"),
            });
            store.write(Op::PutSeat {
                room: "room-a".into(),
                seat: seat(3, "Bo"),
            });
            store.write(Op::RemoveSeat {
                room: "room-a".into(),
                seat: 3,
            });
            store.write(Op::Checkpoint {
                room: "room-a".into(),
                meeting: 1,
                json: "{\"old\":1}".into(),
                at: 5_000,
            });
            store.write(Op::Checkpoint {
                room: "room-a".into(),
                meeting: 1,
                json: "{\"new\":2}".into(),
                at: 5_000,
            });
            store.write(Op::Commitment {
                room: "room-a".into(),
                record: commitment(1, "k1"),
            });
            // A retry with the same key is stored once.
            store.write(Op::Commitment {
                room: "room-a".into(),
                record: commitment(2, "k1"),
            });
            store.write(Op::Report {
                room: "room-a".into(),
                record: ReportRecord {
                    commitment: 1,
                    meeting: 2,
                    status: ReportStatus::Partly,
                    reported_at: 4_000,
                },
            });
            store
                .write_durable(Op::PutSeat {
                    room: "room-a".into(),
                    seat: seat(4, "Cy"),
                })
                .await
                .unwrap();
        }
        // The writer thread ends when the last handle goes; reopen like a restart would.
        std::thread::sleep(std::time::Duration::from_millis(50));
        let (_store, loaded) = Store::open(dir.path()).unwrap();
        assert_eq!(loaded.len(), 1);
        let stored = &loaded[0];
        assert_eq!(stored.circle, circle("room-a"));
        assert_eq!(stored.seats, vec![seat(2, "Ana"), seat(4, "Cy")]);
        assert_eq!(stored.commitments, vec![commitment(1, "k1")]);
        assert_eq!(stored.reports.len(), 1);
        assert_eq!(stored.reports[0].status, ReportStatus::Partly);
        let live = stored.live.as_ref().expect("a live meeting");
        assert_eq!((live.number, live.checkpoint.as_str()), (1, "{\"new\":2}"));
        assert_eq!(stored.meetings, 1);
    }

    #[tokio::test]
    async fn an_ended_meeting_keeps_no_checkpoint() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::open(dir.path()).unwrap();
        store.write(Op::CreateCircle(circle("room-b")));
        store.write(Op::Checkpoint {
            room: "room-b".into(),
            meeting: 1,
            json: "{}".into(),
            at: 5_000,
        });
        store
            .write_durable(Op::MeetingEnded {
                room: "room-b".into(),
                meeting: 1,
                ended_at: 9_000,
                attendance: vec!["Ana".into()],
                presenters: vec![],
            })
            .await
            .unwrap();
        // A late checkpoint for an ended meeting does not bring it back.
        store
            .write_durable(Op::Checkpoint {
                room: "room-b".into(),
                meeting: 1,
                json: "{}".into(),
                at: 5_000,
            })
            .await
            .unwrap();
        drop(store);
        std::thread::sleep(std::time::Duration::from_millis(50));
        let (_store, loaded) = Store::open(dir.path()).unwrap();
        assert_eq!(loaded[0].live, None);
        assert_eq!(loaded[0].meetings, 1);
    }

    #[tokio::test]
    async fn a_circle_expires_only_after_its_activity_and_its_round_end() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::open(dir.path()).unwrap();
        // created at t=1000; "room-c" has a round ending 2100-01-01.
        store.write(Op::CreateCircle(circle("room-a")));
        store.write(Op::CreateCircle(circle("room-c")));
        store.write(Op::Schedule {
            room: "room-c".into(),
            next_meeting_at: None,
            round_ends_on: Some("2100-01-01".into()),
        });
        let expired = |now: u64| {
            let (reply, answer) = oneshot::channel();
            store.query(Query::Expired {
                now,
                retention_ms: 10_000,
                reply,
            });
            answer
        };
        let mut rooms = expired(5_000).await.unwrap().unwrap();
        assert!(
            rooms.is_empty(),
            "not yet: activity at 1000 + 10000 retention"
        );
        rooms = expired(20_000).await.unwrap().unwrap();
        assert_eq!(
            rooms,
            vec!["room-a".to_owned()],
            "room-c's round has not ended"
        );
        // Activity moves the clock on: a checkpoint at 15000 keeps room-a until 25000.
        store.write(Op::Checkpoint {
            room: "room-a".into(),
            meeting: 1,
            json: "{}".into(),
            at: 15_000,
        });
        assert!(expired(20_000).await.unwrap().unwrap().is_empty());
        // 2100-01-01 ends at 4102531199999 ms.
        let after_round = 4_102_531_199_999 + 10_001;
        let mut rooms = expired(after_round).await.unwrap().unwrap();
        rooms.sort();
        assert_eq!(rooms, vec!["room-a".to_owned(), "room-c".to_owned()]);
    }

    #[tokio::test]
    async fn a_meeting_keeps_when_it_started_and_ended() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::open(dir.path()).unwrap();
        store.write(Op::CreateCircle(circle("room-d")));
        store.write(Op::MeetingStarted {
            room: "room-d".into(),
            meeting: 1,
            at: 7_000,
        });
        // A second start (a restart replaying) keeps the first instant.
        store.write(Op::MeetingStarted {
            room: "room-d".into(),
            meeting: 1,
            at: 8_000,
        });
        store
            .write_durable(Op::MeetingEnded {
                room: "room-d".into(),
                meeting: 1,
                ended_at: 9_000,
                attendance: vec!["Ana".into()],
                presenters: vec!["Ana".into()],
            })
            .await
            .unwrap();
        let conn = rusqlite::Connection::open(dir.path().join("hotseat.db")).unwrap();
        let (started, ended): (i64, i64) = conn
            .query_row(
                "SELECT started_at, ended_at FROM meetings WHERE room = 'room-d' AND number = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((started, ended), (7_000, 9_000));
    }
}
