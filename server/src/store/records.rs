//! The records storage keeps. Only what the circle keeps between meetings: names, norms,
//! settings, hashed secrets, commitments and their report-back statuses, meeting dates and
//! attendance, and the structure of a live meeting. Never what anyone said in it.

use hotseat_protocol::{ReportStatus, Role, Settings};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CircleRecord {
    pub room: String,
    pub name: String,
    pub norms: Vec<String>,
    pub settings: Settings,
    /// SHA-256 of the facilitator secret (the secret itself is never stored).
    pub facilitator_secret_hash: [u8; 32],
    /// The seat the facilitator secret opens.
    pub facilitator_seat: u32,
    pub created_at: u64,
    /// When the circle meets next (ms since the epoch) and when its round ends.
    pub next_meeting_at: Option<u64>,
    pub round_ends_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeatRecord {
    pub seat: u32,
    pub name: String,
    pub role: Role,
    /// SHA-256 of the seat token.
    pub token_hash: [u8; 32],
    pub joined_at: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitmentRecord {
    pub id: u32,
    pub seat: u32,
    pub meeting: u32,
    pub text: String,
    pub due: Option<String>,
    pub created_at: u64,
    /// The client's idempotency key: a retried commitment is stored once.
    pub key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRecord {
    pub commitment: u32,
    pub meeting: u32,
    pub status: ReportStatus,
    pub reported_at: u64,
}

/// A meeting that was running when the server stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveMeeting {
    pub number: u32,
    pub checkpoint: String,
}

/// Everything stored about one circle, as loaded at start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCircle {
    pub circle: CircleRecord,
    pub seats: Vec<SeatRecord>,
    pub commitments: Vec<CommitmentRecord>,
    pub reports: Vec<ReportRecord>,
    pub live: Option<LiveMeeting>,
    /// Meetings held so far (ended or live).
    pub meetings: u32,
}

/// What storage holds about one member, for their own download.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MemberData {
    pub circle: String,
    pub seat: u32,
    pub name: String,
    pub role: Role,
    pub joined_at: u64,
    pub commitments: Vec<MemberCommitment>,
    /// The meetings they attended, by number.
    pub meetings_attended: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MemberCommitment {
    pub id: u32,
    pub meeting: u32,
    pub text: String,
    pub due: Option<String>,
    pub created_at: u64,
    pub reports: Vec<MemberReport>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MemberReport {
    pub meeting: u32,
    pub status: ReportStatus,
    pub reported_at: u64,
}

/// One commitment in the circle's history, with its owner's name while they are a member.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CircleCommitment {
    pub seat: u32,
    /// `None` once the owner has left the circle.
    pub owner: Option<String>,
    #[serde(flatten)]
    pub commitment: MemberCommitment,
}
