//! What the sender of a meeting-moving command saw: the step (phase and hot seat) and the
//! floor holder. The server refuses the command with `stale` when the meeting has moved on.

use serde::{Deserialize, Serialize};

use crate::ids::SeatId;
use crate::phase::Phase;
use crate::snapshot::Snapshot;

/// The `seen` of an `act`: read from the snapshot the sender's screen showed when the person
/// clicked. A field left out counts as `null`. Which fields a command is judged on is in
/// `docs/protocol.md` ("What the sender saw"): the floor matters only to commands that act
/// on a turn, so a busy question round does not make the facilitator's "next" stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seen {
    /// `snapshot.phase`.
    pub phase: Phase,
    /// `snapshot.hot_seat.index`, `null` when no hot seat runs.
    #[serde(default)]
    pub hot_seat: Option<u32>,
    /// `snapshot.floor.seat`, `null` when nobody has the floor.
    #[serde(default)]
    pub floor: Option<SeatId>,
}

impl Seen {
    /// What a screen drawing `snapshot` shows.
    pub fn of(snapshot: &Snapshot) -> Seen {
        Seen {
            phase: snapshot.phase,
            hot_seat: snapshot.hot_seat.as_ref().map(|h| h.index),
            floor: snapshot.floor.map(|f| f.seat),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn left_out_fields_are_null_and_unknown_ones_are_refused() {
        let seen: Seen = serde_json::from_str(r#"{"phase":"closing"}"#).unwrap();
        assert_eq!(
            seen,
            Seen {
                phase: Phase::Closing,
                hot_seat: None,
                floor: None
            }
        );
        let full: Seen =
            serde_json::from_str(r#"{"phase":"questions","hot_seat":1,"floor":4}"#).unwrap();
        assert_eq!((full.hot_seat, full.floor), (Some(1), Some(SeatId(4))));
        assert!(serde_json::from_str::<Seen>(r#"{"phase":"closing","version":3}"#).is_err());
        assert!(serde_json::from_str::<Seen>(r#"{"hot_seat":1}"#).is_err());
    }
}
