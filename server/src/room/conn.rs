//! The room's side of a connection: its bounded outbox, and a way to close it that works
//! even when the outbox is full.

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::extract::ws::Utf8Bytes;
use hotseat_protocol::message::GoodbyeReason;
use tokio::sync::{Notify, mpsc};

/// Identifies one connection for the lifetime of the process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ConnId(pub u64);

impl ConnId {
    pub fn next() -> ConnId {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        ConnId(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// Frames on their way to one client: serialized once, shared by reference count.
pub type Outbox = mpsc::Sender<Utf8Bytes>;

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
    pub outbox: Outbox,
    pub kick: Arc<Kick>,
}
