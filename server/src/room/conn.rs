//! The room's side of a connection: the socket's write path (bounded), and a way to close
//! it that works even when the client stopped reading.

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use hotseat_protocol::message::GoodbyeReason;
use tokio::sync::Notify;

use crate::ws::outbound::Outbound;

/// Identifies one connection for the lifetime of the process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ConnId(pub u64);

impl ConnId {
    pub fn next() -> ConnId {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        ConnId(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// Asks a connection to say goodbye and close. Set once; the first reason wins.
#[derive(Debug, Default)]
pub struct Kick {
    reason: Mutex<Option<GoodbyeReason>>,
    pub notify: Notify,
}

impl Kick {
    pub fn kick(&self, reason: GoodbyeReason) {
        let mut slot = self.reason.lock().unwrap_or_else(|e| e.into_inner());
        if slot.is_none() {
            *slot = Some(reason);
            // notify_one keeps a permit if nobody waits yet, so the kick is never lost.
            self.notify.notify_one();
        }
    }

    pub fn reason(&self) -> Option<GoodbyeReason> {
        *self.reason.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// What a room holds of one connection.
#[derive(Debug, Clone)]
pub struct ConnLink {
    pub id: ConnId,
    pub out: Arc<Outbound>,
    pub kick: Arc<Kick>,
}
