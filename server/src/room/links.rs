//! The room's record of each seat's credential and connection: the hash of the seat token,
//! the live connection if any, and since when it has been away (for the grace period).

use std::collections::HashMap;

use hotseat_protocol::SeatId;
use tokio::time::Instant;

use super::conn::ConnLink;
use crate::secret;

#[derive(Debug)]
pub struct SeatLink {
    /// SHA-256 of the seat token; the token itself is only ever in the client's hands.
    pub token_hash: [u8; 32],
    pub conn: Option<ConnLink>,
    /// Set while the seat has no connection; the seat is given up at `away_since + grace`.
    pub away_since: Option<Instant>,
    /// The seat has had a connection before (a new hello for it is a resume).
    pub ever_connected: bool,
}

#[derive(Debug, Default)]
pub struct Links {
    seats: HashMap<SeatId, SeatLink>,
}

impl Links {
    pub fn insert(&mut self, seat: SeatId, token_hash: [u8; 32], ever_connected: bool) {
        self.seats.insert(
            seat,
            SeatLink {
                token_hash,
                conn: None,
                away_since: None,
                ever_connected,
            },
        );
    }

    pub fn get(&self, seat: SeatId) -> Option<&SeatLink> {
        self.seats.get(&seat)
    }

    pub fn get_mut(&mut self, seat: SeatId) -> Option<&mut SeatLink> {
        self.seats.get_mut(&seat)
    }

    pub fn remove(&mut self, seat: SeatId) -> Option<SeatLink> {
        self.seats.remove(&seat)
    }

    /// The seat whose token this is. Every seat is compared (in constant time), so the time
    /// taken does not reveal which seat, if any, matched.
    pub fn by_token(&self, token: &str) -> Option<SeatId> {
        let candidate = secret::hash(token);
        let mut found = None;
        for (seat, link) in &self.seats {
            if secret::hashes_match(&link.token_hash, &candidate) {
                found = Some(*seat);
            }
        }
        found
    }

    /// Live connections, for broadcasting.
    pub fn connections(&self) -> impl Iterator<Item = (SeatId, &ConnLink)> {
        self.seats
            .iter()
            .filter_map(|(seat, link)| link.conn.as_ref().map(|c| (*seat, c)))
    }

    /// Seats away since before `cutoff`.
    pub fn away_before(&self, cutoff: Instant) -> Vec<SeatId> {
        self.seats
            .iter()
            .filter(|(_, l)| l.away_since.is_some_and(|t| t <= cutoff))
            .map(|(seat, _)| *seat)
            .collect()
    }

    /// The earliest instant a seat went away, if any is away.
    pub fn earliest_away(&self) -> Option<Instant> {
        self.seats.values().filter_map(|l| l.away_since).min()
    }
}
