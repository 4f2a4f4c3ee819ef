//! The registry of live rooms: a concurrent map from room id to the room's handle. Looking a
//! room up never waits on another room.

use std::sync::Arc;

use dashmap::DashMap;
use thiserror::Error;

use crate::engine::{Meeting, MeetingSetup};
use crate::metrics::Metrics;
use crate::room::{RoomConfig, RoomHandle};
use crate::secret::{self, Secret};

#[derive(Debug, Error)]
pub enum HubError {
    #[error("this server holds its maximum number of live rooms")]
    Full,
}

#[derive(Debug)]
pub struct Hub {
    rooms: DashMap<Arc<str>, RoomHandle>,
    config: Arc<RoomConfig>,
    pub metrics: Arc<Metrics>,
    max_rooms: usize,
}

/// A new circle's room: its id and the facilitator's secret.
#[derive(Debug)]
pub struct NewRoom {
    pub id: Arc<str>,
    pub facilitator_secret: Secret,
}

impl Hub {
    pub fn new(config: RoomConfig, metrics: Arc<Metrics>, max_rooms: usize) -> Hub {
        Hub {
            rooms: DashMap::new(),
            config: Arc::new(config),
            metrics,
            max_rooms,
        }
    }

    /// Opens a live room for a new circle.
    pub fn create(&self, setup: MeetingSetup) -> Result<NewRoom, HubError> {
        if self.rooms.len() >= self.max_rooms {
            return Err(HubError::Full);
        }
        let id: Arc<str> = secret::room_id().into();
        let facilitator_secret = Secret::generate();
        let handle = RoomHandle::spawn(
            id.clone(),
            Meeting::new(setup),
            facilitator_secret.clone(),
            self.config.clone(),
            self.metrics.clone(),
        );
        self.rooms.insert(id.clone(), handle);
        tracing::info!(room = secret::log_tag(&id), "circle created");
        Ok(NewRoom {
            id,
            facilitator_secret,
        })
    }

    pub fn get(&self, id: &str) -> Option<RoomHandle> {
        self.rooms.get(id).map(|r| r.value().clone())
    }
}
