//! Checkpoints: a meeting's structure as JSON, so a restarted server resumes each room where
//! it was. What members said (questions, learnings, check-in words) is never in one: those
//! fields are skipped when serializing, and a restored entry's words read as not kept (see
//! `words.rs`). A time box resumes with the time it had left.

use hotseat_protocol::Timestamp;
use hotseat_protocol::snapshot::PauseReason;
use serde::{Deserialize, Serialize};

use super::meeting::Meeting;
use super::timebox::Run;

/// Bumped whenever the checkpoint's shape changes incompatibly.
pub const CHECKPOINT_FORMAT: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum CheckpointError {
    #[error("the checkpoint cannot be read: {0}")]
    Unreadable(#[from] serde_json::Error),
    #[error("checkpoint format {0} is not supported by this version")]
    Format(u32),
}

#[derive(Serialize)]
struct Saving<'a> {
    format: u32,
    saved_at: Timestamp,
    meeting: &'a Meeting,
}

#[derive(Deserialize)]
struct Loading {
    format: u32,
    saved_at: Timestamp,
    meeting: Meeting,
}

impl Meeting {
    /// The meeting's structure at `now`, as JSON.
    pub fn checkpoint(&self, now: Timestamp) -> String {
        let saving = Saving {
            format: CHECKPOINT_FORMAT,
            saved_at: now,
            meeting: self,
        };
        // Plain data with string keys: serializing it cannot fail.
        serde_json::to_string(&saving).unwrap_or_default()
    }

    /// A meeting brought back from a checkpoint at `now`. Nobody is connected yet; the time
    /// that passed while the server was down does not count against the running time box,
    /// and a floor holder's box waits for them to come back, as it would after any drop.
    pub fn restore(json: &str, now: Timestamp) -> Result<Meeting, CheckpointError> {
        let loading: Loading = serde_json::from_str(json)?;
        if loading.format != CHECKPOINT_FORMAT {
            return Err(CheckpointError::Format(loading.format));
        }
        let mut meeting = loading.meeting;
        let downtime = now.ms_since(loading.saved_at);
        for seat in &mut meeting.seats {
            seat.present = false;
        }
        if let Some(timer) = &mut meeting.timer
            && let Run::Running { deadline } = &mut timer.run
        {
            *deadline = deadline.plus_ms(downtime);
            if meeting.floor.is_some() {
                timer.pause(now, PauseReason::FloorAway);
            }
        }
        Ok(meeting)
    }
}
