//! The registry of live rooms: a concurrent map from room id to the room's handle. Looking a
//! room up never waits on another room. New circles are written to storage before anyone
//! gets their links; stored circles are rebuilt here at start.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use dashmap::DashMap;
use hotseat_protocol::snapshot::Schedule;
use hotseat_protocol::{CommitmentId, ReportStatus, Role, SeatId, Timestamp};
use thiserror::Error;
use tokio::sync::oneshot;

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
    rooms: DashMap<Arc<str>, RoomHandle>,
    config: Arc<RoomConfig>,
    store: Store,
    pub metrics: Arc<Metrics>,
    max_rooms: usize,
    /// Rooms held or being created: reserved before a new room is written, so concurrent
    /// creations cannot pass `max_rooms` together.
    held: AtomicUsize,
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
            rooms: DashMap::new(),
            config: Arc::new(config),
            store,
            metrics,
            max_rooms,
            held: AtomicUsize::new(0),
        }
    }

    /// Opens a live room for a new circle, once the circle is on disk.
    pub async fn create(&self, setup: MeetingSetup, now: Timestamp) -> Result<NewRoom, HubError> {
        let reserved = self
            .held
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |held| {
                (held < self.max_rooms).then_some(held + 1)
            });
        if reserved.is_err() {
            return Err(HubError::Full);
        }
        let created = self.create_reserved(setup, now).await;
        if created.is_err() {
            self.held.fetch_sub(1, Ordering::AcqRel);
        }
        created
    }

    async fn create_reserved(
        &self,
        setup: MeetingSetup,
        now: Timestamp,
    ) -> Result<NewRoom, HubError> {
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
        let seed = RoomSeed {
            id: id.clone(),
            meeting,
            meeting_no: 1,
            facilitator_secret_hash: secret::hash(facilitator_secret.expose()),
            secret_seat: facilitator,
            seats: vec![(facilitator, seat_token_hash, false)],
        };
        self.spawn(seed);
        tracing::info!(room = secret::log_tag(&id), "circle created");
        Ok(NewRoom {
            id,
            facilitator_secret,
        })
    }

    /// Brings a stored circle back: its live meeting where it was, or its next meeting.
    pub fn restore(&self, stored: StoredCircle, now: Timestamp) -> Result<(), HubError> {
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
        let seats = stored
            .seats
            .iter()
            .filter(|s| {
                let seat = SeatId(s.seat);
                meeting.role_of(seat).is_some() || meeting.is_released(seat)
            })
            .map(|s| (SeatId(s.seat), s.token_hash, true))
            .collect();
        let seed = RoomSeed {
            id: id.clone(),
            meeting,
            meeting_no,
            facilitator_secret_hash: stored.circle.facilitator_secret_hash,
            secret_seat: SeatId(stored.circle.facilitator_seat),
            seats,
        };
        self.held.fetch_add(1, Ordering::AcqRel);
        self.spawn(seed);
        tracing::info!(
            room = secret::log_tag(&id),
            meeting = meeting_no,
            "circle restored"
        );
        Ok(())
    }

    fn spawn(&self, seed: RoomSeed) {
        let id = seed.id.clone();
        let handle = RoomHandle::spawn(
            seed,
            self.store.clone(),
            self.config.clone(),
            self.metrics.clone(),
        );
        self.rooms.insert(id, handle);
    }

    /// Resolves once every room's live checkpoint and every write queued so far is on disk
    /// (used at shutdown).
    pub async fn flush(&self) {
        let handles: Vec<RoomHandle> = self.rooms.iter().map(|r| r.value().clone()).collect();
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
        if self.rooms.remove(id).is_some() {
            self.held.fetch_sub(1, Ordering::AcqRel);
        }
    }

    pub fn get(&self, id: &str) -> Option<RoomHandle> {
        self.rooms.get(id).map(|r| r.value().clone())
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
