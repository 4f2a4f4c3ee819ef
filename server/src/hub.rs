//! The registry of live rooms: a concurrent map from room id to the room's handle. Looking a
//! live room up never waits on another room. A circle's room is live only while it is used
//! (someone connected, or a meeting running): otherwise it sleeps in storage, is opened on
//! demand, and evicts itself when idle, so `--max-rooms` bounds memory, not circles.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use dashmap::DashMap;
use hotseat_protocol::snapshot::Schedule;
use hotseat_protocol::{CommitmentId, Phase, ReportStatus, Role, SeatId, Timestamp};
use thiserror::Error;
use tokio::sync::oneshot;

use crate::clock::Clock;
use crate::engine::{Meeting, MeetingSetup, PriorCommitment};
use crate::metrics::Metrics;
use crate::room::{RoomConfig, RoomHandle, RoomMsg, RoomSeed};
use crate::secret::{self, Secret};
use crate::store::{CircleRecord, Op, SeatRecord, Store, StoreError, StoredCircle};

#[derive(Debug, Error)]
pub enum HubError {
    #[error("this server holds its maximum number of live rooms")]
    Full,
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[derive(Debug)]
pub struct Hub {
    registry: Arc<Registry>,
    /// One lock per room being opened or deleted while asleep, so two requests for a sleeping
    /// room never bring it up twice (one owner per room).
    opening: DashMap<Arc<str>, Arc<tokio::sync::Mutex<()>>>,
    config: Arc<RoomConfig>,
    store: Store,
    pub metrics: Arc<Metrics>,
}

/// The live rooms, shared with the rooms themselves so an idle room can take itself out.
#[derive(Debug)]
pub struct Registry {
    rooms: DashMap<Arc<str>, RoomHandle>,
    max_rooms: usize,
    /// Rooms live or being opened: reserved before a room is spawned, so concurrent opens
    /// cannot pass `max_rooms` together.
    held: AtomicUsize,
}

impl Registry {
    fn reserve(&self) -> Result<(), HubError> {
        self.held
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |held| {
                (held < self.max_rooms).then_some(held + 1)
            })
            .map(|_| ())
            .map_err(|_| HubError::Full)
    }

    fn release(&self) {
        self.held.fetch_sub(1, Ordering::AcqRel);
    }

    /// Takes an idle room out of the registry, if nobody but the registry holds its handle:
    /// no connection, no request on its way. Checked and removed under the map's lock, so no
    /// one can pick the handle up in between. After `true` the room must write nothing more:
    /// the next open loads the circle again from storage, as the room last wrote it.
    pub fn try_evict(&self, id: &str) -> bool {
        let evicted = self
            .rooms
            .remove_if(id, |_, handle| handle.holders() == 1)
            .is_some();
        if evicted {
            self.release();
        }
        evicted
    }
}

/// A new circle's room: its id and the facilitator's secret.
#[derive(Debug)]
pub struct NewRoom {
    pub id: Arc<str>,
    pub facilitator_secret: Secret,
}

impl Hub {
    pub fn new(config: RoomConfig, store: Store, metrics: Arc<Metrics>, max_rooms: usize) -> Hub {
        Hub {
            registry: Arc::new(Registry {
                rooms: DashMap::new(),
                max_rooms,
                held: AtomicUsize::new(0),
            }),
            opening: DashMap::new(),
            config: Arc::new(config),
            store,
            metrics,
        }
    }

    /// Writes a new circle to disk. Its room opens when someone first connects, so creating
    /// circles takes no room from the live ones.
    pub async fn create(&self, setup: MeetingSetup, now: Timestamp) -> Result<NewRoom, HubError> {
        let id: Arc<str> = secret::room_id().into();
        let facilitator_secret = Secret::generate();
        let meeting = Meeting::new(setup.clone());
        let facilitator = meeting.facilitator();
        let seat_token_hash = secret::hash(Secret::generate().expose());
        self.store.write(Op::CreateCircle(CircleRecord {
            room: id.to_string(),
            name: setup.circle_name.clone(),
            norms: setup.norms.clone(),
            settings: setup.settings.clone(),
            facilitator_secret_hash: secret::hash(facilitator_secret.expose()),
            facilitator_seat: facilitator.0,
            created_at: now.0,
            next_meeting_at: None,
            round_ends_on: None,
        }));
        self.store
            .write_durable(Op::PutSeat {
                room: id.to_string(),
                seat: SeatRecord {
                    seat: facilitator.0,
                    name: setup.facilitator_name.clone(),
                    role: Role::Facilitator,
                    token_hash: seat_token_hash,
                    joined_at: now.0,
                },
            })
            .await?;
        tracing::info!(room = secret::log_tag(&id), "circle created");
        Ok(NewRoom {
            id,
            facilitator_secret,
        })
    }

    /// At start: brings back a stored circle whose meeting was running (past the lobby, not
    /// ended), where it was. The others stay asleep until someone opens them. False when the
    /// circle was not running.
    pub fn restore_running(&self, stored: StoredCircle, now: Timestamp) -> Result<bool, HubError> {
        let (seed, meeting_no) = seed_from(stored, now);
        if matches!(seed.meeting.phase(), Phase::Lobby | Phase::Ended) {
            return Ok(false);
        }
        self.registry.reserve()?;
        let id = seed.id.clone();
        self.spawn(seed);
        tracing::info!(
            room = secret::log_tag(&id),
            meeting = meeting_no,
            "circle restored"
        );
        Ok(true)
    }

    /// The room of a circle, opened from storage if it is asleep. `None` when no circle has
    /// this id; `Full` when the server holds its maximum of live rooms.
    pub async fn open(&self, id: &str) -> Result<Option<RoomHandle>, HubError> {
        if let Some(handle) = self.get(id) {
            return Ok(Some(handle));
        }
        let lock = self.opening.entry(id.into()).or_default().clone();
        let opened = {
            let _opening = lock.lock().await;
            self.open_locked(id).await
        };
        drop(lock);
        self.opening
            .remove_if(id, |_, lock| Arc::strong_count(lock) == 1);
        opened
    }

    async fn open_locked(&self, id: &str) -> Result<Option<RoomHandle>, HubError> {
        // Opened by the request before us, while we waited for the lock.
        if let Some(handle) = self.get(id) {
            return Ok(Some(handle));
        }
        self.registry.reserve()?;
        let stored = match self.store.load(id).await {
            Ok(Some(stored)) => stored,
            other => {
                self.registry.release();
                return other.map(|_| None).map_err(HubError::from);
            }
        };
        let (seed, meeting_no) = seed_from(stored, Clock::new().now());
        let handle = self.spawn(seed);
        tracing::debug!(
            room = secret::log_tag(id),
            meeting = meeting_no,
            "room opened"
        );
        Ok(Some(handle))
    }
}

/// A stored circle's room: its live meeting where it was, or its next meeting.
fn seed_from(stored: StoredCircle, now: Timestamp) -> (RoomSeed, u32) {
    let id: Arc<str> = stored.circle.room.as_str().into();
    let (meeting, meeting_no) = match &stored.live {
        Some(live) => match Meeting::restore(&live.checkpoint, now) {
            Ok(meeting) => (meeting, live.number),
            Err(error) => {
                tracing::error!(room = secret::log_tag(&id), %error, "checkpoint unreadable; opening the next meeting");
                (next_meeting_from(&stored), stored.meetings + 1)
            }
        },
        None => (next_meeting_from(&stored), stored.meetings + 1),
    };
    // A circle that never had a meeting nor a checkpoint has never had anyone connected
    // (a hello writes a checkpoint): its seats are new, as when it was created.
    let used = stored.meetings > 0 || stored.live.is_some();
    let seats = stored
        .seats
        .iter()
        .filter(|s| {
            let seat = SeatId(s.seat);
            meeting.role_of(seat).is_some() || meeting.is_released(seat)
        })
        .map(|s| (SeatId(s.seat), s.token_hash, used))
        .collect();
    let seed = RoomSeed {
        id,
        meeting,
        meeting_no,
        facilitator_secret_hash: stored.circle.facilitator_secret_hash,
        secret_seat: SeatId(stored.circle.facilitator_seat),
        seats,
    };
    (seed, meeting_no)
}

impl Hub {
    /// Starts a room's task (its place in `max_rooms` already reserved).
    fn spawn(&self, seed: RoomSeed) -> RoomHandle {
        let id = seed.id.clone();
        let handle = RoomHandle::spawn(
            seed,
            self.store.clone(),
            self.config.clone(),
            self.metrics.clone(),
            self.registry.clone(),
        );
        self.registry.rooms.insert(id, handle.clone());
        handle
    }

    /// The way to storage (for `/readyz`, and test hooks).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Resolves once every room's live checkpoint and every write queued so far is on disk
    /// (used at shutdown).
    pub async fn flush(&self) {
        let handles: Vec<RoomHandle> = self
            .registry
            .rooms
            .iter()
            .map(|r| r.value().clone())
            .collect();
        for handle in handles {
            let (reply, written) = oneshot::channel();
            if handle.send(RoomMsg::Persist { reply }).await {
                let _ = written.await;
            }
        }
        let _ = self.store.barrier().await;
    }

    /// Forgets a room whose task has ended (its circle was deleted).
    pub fn remove(&self, id: &str) {
        if self.registry.rooms.remove(id).is_some() {
            self.registry.release();
        }
    }

    /// A live room (one that is not live is not opened: see `open`).
    pub fn get(&self, id: &str) -> Option<RoomHandle> {
        self.registry.rooms.get(id).map(|r| r.value().clone())
    }

    /// Deletes a sleeping circle from storage, unless its room is live (then `false`: the
    /// caller asks the room). Holds the circle's opening lock, so it cannot wake meanwhile.
    pub async fn delete_asleep(&self, id: &str) -> Result<bool, HubError> {
        let lock = self.opening.entry(id.into()).or_default().clone();
        let deleted = {
            let _opening = lock.lock().await;
            if self.get(id).is_some() {
                Ok(false)
            } else {
                self.store
                    .write_durable(Op::DeleteCircle {
                        room: id.to_owned(),
                    })
                    .await
                    .map(|()| true)
                    .map_err(HubError::from)
            }
        };
        drop(lock);
        self.opening
            .remove_if(id, |_, lock| Arc::strong_count(lock) == 1);
        deleted
    }
}

/// A stored circle's next meeting: its seats, and its commitments not yet reported done.
fn next_meeting_from(stored: &StoredCircle) -> Meeting {
    let circle = &stored.circle;
    let mut setup = MeetingSetup::new(&circle.name);
    setup.norms = circle.norms.clone();
    setup.settings = circle.settings.clone();
    setup.schedule = Schedule {
        next_meeting_at: circle.next_meeting_at.map(Timestamp),
        round_ends_on: circle.round_ends_on.clone(),
    };
    for seat in &stored.seats {
        match seat.role {
            Role::Facilitator => {
                setup.facilitator_seat = Some(SeatId(seat.seat));
                setup.facilitator_name = seat.name.clone();
            }
            Role::Member => setup
                .returning_members
                .push((SeatId(seat.seat), seat.name.clone())),
        }
    }
    let seated = |seat: u32| stored.seats.iter().any(|s| s.seat == seat);
    let done = |id: u32| {
        stored
            .reports
            .iter()
            .any(|r| r.commitment == id && r.status == ReportStatus::Done)
    };
    setup.prior_commitments = stored
        .commitments
        .iter()
        .filter(|c| seated(c.seat) && !done(c.id))
        .map(|c| PriorCommitment {
            id: CommitmentId(c.id),
            seat: SeatId(c.seat),
            text: c.text.clone(),
            due: c.due.clone(),
        })
        .collect();
    setup.first_commitment_id = stored
        .commitments
        .iter()
        .map(|c| c.id + 1)
        .max()
        .unwrap_or(1);
    setup.first_seat_id = stored.seats.iter().map(|s| s.seat + 1).max().unwrap_or(1);
    Meeting::new(setup)
}
