//! The retention policy: a circle is deleted, with everything stored about it, once the
//! retention period has passed since the later of its last activity (its creation, the last
//! change to a meeting, the end of its last meeting) and its round's end date. A sweep runs
//! at start and then every hour (or every retention period, if shorter).

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::oneshot;

use crate::clock::Clock;
use crate::hub::Hub;
use crate::room::RoomMsg;
use crate::secret::log_tag;
use crate::store::{Query, Store};

/// How often the sweep runs at most.
const SWEEP_EVERY: Duration = Duration::from_secs(3600);

/// Runs the sweep for as long as the server runs.
pub fn spawn_sweeper(hub: Arc<Hub>, store: Store, retention: Duration) {
    let every = retention.clamp(Duration::from_millis(100), SWEEP_EVERY);
    tokio::spawn(async move {
        loop {
            let deleted = sweep(&hub, &store, retention).await;
            if deleted > 0 {
                tracing::info!(circles = deleted, "retention: expired circles deleted");
            }
            tokio::time::sleep(every).await;
        }
    });
}

/// Deletes every circle past the retention period; returns how many.
pub async fn sweep(hub: &Hub, store: &Store, retention: Duration) -> usize {
    let (reply, answer) = oneshot::channel();
    store.query(Query::Expired {
        now: Clock::new().now().0,
        retention_ms: u64::try_from(retention.as_millis()).unwrap_or(u64::MAX),
        reply,
    });
    let Ok(Ok(rooms)) = answer.await else {
        return 0;
    };
    let mut deleted = 0;
    for room in rooms {
        // A sleeping circle is deleted from storage directly; a live one through its room,
        // which tells whoever is connected.
        match hub.delete_asleep(&room).await {
            Ok(true) => {
                deleted += 1;
                continue;
            }
            Ok(false) => {}
            Err(error) => {
                tracing::warn!(room = log_tag(&room), %error, "retention: could not delete an expired circle");
                continue;
            }
        }
        let Some(handle) = hub.get(&room) else {
            continue;
        };
        let (reply, done) = oneshot::channel();
        if handle.send(RoomMsg::Expire { reply }).await && matches!(done.await, Ok(Ok(()))) {
            hub.remove(&room);
            deleted += 1;
        } else {
            tracing::warn!(
                room = log_tag(&room),
                "retention: could not delete an expired circle"
            );
        }
    }
    deleted
}
