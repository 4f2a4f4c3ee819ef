//! A live room: one task owns the room's rules engine and its connections (the actor
//! pattern); everyone else holds a `RoomHandle` and talks to it over a bounded channel.

mod actor;
mod conn;
mod links;
mod persist;
mod privacy;

use std::sync::Arc;

use hotseat_protocol::snapshot::Schedule;
use hotseat_protocol::{Command, ErrorCode, Hello, SeatId, Seen};
use tokio::sync::{mpsc, oneshot};

pub use actor::{RoomConfig, RoomSeed};
pub use conn::{ConnId, ConnLink, Kick};

use crate::hub::Registry;
use crate::metrics::Metrics;
use crate::store::{CircleCommitment, MemberData, Store};

/// How many messages may wait for a room before senders wait their turn.
const ROOM_QUEUE: usize = 256;

/// What a connection tells its room.
#[derive(Debug)]
pub enum RoomMsg {
    /// A `hello`. The answer (welcome or error) is written to the connection's socket; the
    /// seat comes back through `reply` so the connection knows who it is.
    Hello {
        hello: Hello,
        conn: ConnLink,
        reply: oneshot::Sender<Result<SeatId, ErrorCode>>,
    },
    Act {
        seat: SeatId,
        conn: ConnId,
        req: Option<u64>,
        command: Command,
        /// What the sender saw (checked for meeting-moving commands).
        seen: Option<Seen>,
    },
    Sync {
        seat: SeatId,
        conn: ConnId,
    },
    /// The connection ended (closed, dropped, or timed out).
    Gone {
        seat: SeatId,
        conn: ConnId,
    },
    /// A member downloads what is stored about them (authenticated by their seat token).
    Export {
        token: String,
        reply: oneshot::Sender<Result<MemberData, ErrorCode>>,
    },
    /// The circle's commitment history (any seat token of the room).
    History {
        token: String,
        reply: oneshot::Sender<Result<Vec<CircleCommitment>, ErrorCode>>,
    },
    /// A member erases their data (authenticated by their seat token).
    Erase {
        token: String,
        reply: oneshot::Sender<Result<(), ErrorCode>>,
    },
    /// Write the live checkpoint now if changes are waiting for it (at shutdown).
    Persist {
        reply: oneshot::Sender<()>,
    },
    /// The retention period has passed: the circle is deleted. The room's task ends.
    Expire {
        reply: oneshot::Sender<Result<(), ErrorCode>>,
    },
    /// The circle's name and calendar, for the next meeting's `.ics` file.
    Calendar {
        reply: oneshot::Sender<(String, Schedule)>,
    },
    /// The facilitator deletes the circle (authenticated by the facilitator secret). The
    /// room's task ends.
    Delete {
        secret: String,
        reply: oneshot::Sender<Result<(), ErrorCode>>,
    },
}

/// The way to a live room. Cheap to clone.
#[derive(Debug, Clone)]
pub struct RoomHandle {
    pub id: Arc<str>,
    tx: mpsc::Sender<RoomMsg>,
}

impl RoomHandle {
    /// Starts the room's task.
    pub fn spawn(
        seed: RoomSeed,
        store: Store,
        config: Arc<RoomConfig>,
        metrics: Arc<Metrics>,
        registry: Arc<Registry>,
    ) -> RoomHandle {
        let (tx, rx) = mpsc::channel(ROOM_QUEUE);
        let id = seed.id.clone();
        let room = actor::Room::new(seed, store, config, metrics, registry, rx);
        tokio::spawn(room.run());
        RoomHandle { id, tx }
    }

    /// Sends a message to the room, waiting if its queue is full. False if the room is gone.
    pub async fn send(&self, msg: RoomMsg) -> bool {
        self.tx.send(msg).await.is_ok()
    }

    /// How many handles on the room exist (the registry's, each connection's, each request's
    /// on its way): 1 means nobody but the registry can reach it.
    pub fn holders(&self) -> usize {
        self.tx.strong_count()
    }
}
