//! A member's own data (download, erasure) and the deletion of a whole circle. Each asks the
//! room first (it holds the credentials and the live meeting), then storage; the room never
//! waits for storage: a small task carries the answer back.

use hotseat_protocol::message::GoodbyeReason;
use hotseat_protocol::{ErrorCode, Role};
use tokio::sync::oneshot;

use super::actor::{Flow, Room};
use crate::secret::{self, log_tag};
use crate::store::{CircleCommitment, MemberData, Op, Query};

impl Room {
    pub(super) fn export(
        &mut self,
        token: &str,
        reply: oneshot::Sender<Result<MemberData, ErrorCode>>,
    ) {
        let Some(seat) = self.links.by_token(token) else {
            let _ = reply.send(Err(ErrorCode::InvalidToken));
            return;
        };
        let (answer, answered) = oneshot::channel();
        self.store.query(Query::Member {
            room: self.id.to_string(),
            seat: seat.0,
            reply: answer,
        });
        forward(answered, reply);
    }

    /// The circle's commitments across its meetings: any seat of the room may read them.
    pub(super) fn history(
        &mut self,
        token: &str,
        reply: oneshot::Sender<Result<Vec<CircleCommitment>, ErrorCode>>,
    ) {
        if self.links.by_token(token).is_none() {
            let _ = reply.send(Err(ErrorCode::InvalidToken));
            return;
        }
        let (answer, answered) = oneshot::channel();
        self.store.query(Query::History {
            room: self.id.to_string(),
            reply: answer,
        });
        forward(answered, reply);
    }

    pub(super) fn erase(&mut self, token: &str, reply: oneshot::Sender<Result<(), ErrorCode>>) {
        let Some(seat) = self.links.by_token(token) else {
            let _ = reply.send(Err(ErrorCode::InvalidToken));
            return;
        };
        if self.meeting.role_of(seat) == Some(Role::Facilitator) {
            let _ = reply.send(Err(ErrorCode::NotEligible));
            return;
        }
        let name = self.meeting.name_of(seat).unwrap_or_default().to_owned();
        let now = self.clock.now();
        let events = match self.meeting.erase(seat, now) {
            Ok(events) => events,
            Err(error) => {
                let _ = reply.send(Err(error.code()));
                return;
            }
        };
        if let Some(link) = self.links.remove(seat)
            && let Some(conn) = link.conn
        {
            conn.kick.kick(GoodbyeReason::Erased);
        }
        self.attended.remove(&seat);
        // The new checkpoint (without them) is queued before the erasure, so once the
        // erasure is durable no stored version of this meeting holds them.
        self.changed(events, None);
        if self.checkpoint_due.is_some() {
            self.checkpoint_now();
        }
        let store = self.store.clone();
        let room = self.id.to_string();
        tracing::info!(room = log_tag(&self.id), %seat, "member data erased on request");
        tokio::spawn(async move {
            let result = store
                .write_durable(Op::EraseMember {
                    room,
                    seat: seat.0,
                    name,
                })
                .await
                .map_err(|_| ErrorCode::Internal);
            let _ = reply.send(result);
        });
    }

    pub(super) fn delete(
        &mut self,
        candidate: &str,
        reply: oneshot::Sender<Result<(), ErrorCode>>,
    ) -> Flow {
        if !secret::hash_matches(&self.facilitator_secret_hash, candidate) {
            let _ = reply.send(Err(ErrorCode::Forbidden));
            return Flow::Continue;
        }
        self.remove_circle("circle deleted by its facilitator", reply)
    }

    /// Closes every connection, deletes everything stored, and ends the room's task.
    pub(super) fn remove_circle(
        &mut self,
        why: &'static str,
        reply: oneshot::Sender<Result<(), ErrorCode>>,
    ) -> Flow {
        for (_, conn) in self.links.connections() {
            conn.kick.kick(GoodbyeReason::CircleDeleted);
        }
        // Nothing of the circle may be written after its deletion.
        self.checkpoint_due = None;
        let store = self.store.clone();
        let room = self.id.to_string();
        tracing::info!(room = log_tag(&self.id), "{why}");
        tokio::spawn(async move {
            let result = store
                .write_durable(Op::DeleteCircle { room })
                .await
                .map_err(|_| ErrorCode::Internal);
            let _ = reply.send(result);
        });
        Flow::Stop
    }
}

/// Carries a store answer back to whoever asked the room, without the room waiting.
fn forward<T: Send + 'static>(
    answered: oneshot::Receiver<Result<T, String>>,
    reply: oneshot::Sender<Result<T, ErrorCode>>,
) {
    tokio::spawn(async move {
        let result = match answered.await {
            Ok(Ok(value)) => Ok(value),
            _ => Err(ErrorCode::Internal),
        };
        let _ = reply.send(result);
    });
}
