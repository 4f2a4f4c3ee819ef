//! The SQLite backend: one connection, owned by one writer thread. It drains the queue,
//! keeps only the newest checkpoint per room in a batch, writes the batch in one
//! transaction (one fsync for many writes), then tells whoever waits that it is durable.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::sync::mpsc;

use super::health::Health;
use super::pace::Pace;
use super::records::{
    CircleCommitment, CircleRecord, CommitmentRecord, LiveMeeting, MemberCommitment, MemberData,
    MemberReport, ReportRecord, SeatRecord, StoredCircle,
};
use super::{Op, Queued, StoreError};

/// Most writes committed in one transaction.
const BATCH: usize = 512;

pub fn connect(path: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open(path)?;
    // WAL: readers never block the writer. secure_delete: erased rows are overwritten, not
    // left in free pages. The writer picks the sync level per batch (see `writer`).
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "secure_delete", "ON")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Room for every statement the writer uses (about a dozen).
    conn.set_prepared_statement_cache_capacity(32);
    Ok(conn)
}

pub fn writer(
    mut conn: Connection,
    mut rx: mpsc::UnboundedReceiver<Queued>,
    path: &Path,
    commit_seconds: &prometheus::Histogram,
) {
    yield_to_rooms();
    let mut health = Health::new(path);
    let mut full_sync = false;
    let mut pace = Pace::default();
    while let Some(first) = rx.blocking_recv() {
        // Gather until the batch is due (`Pace`): writes nobody waits on linger, so one
        // transaction (and one wake-up of this thread) carries many rooms' writes; a write
        // someone waits on unparks the thread (`Store`) and is committed as soon as the
        // pace allows. Spurious wake-ups only lead to another look.
        let oldest = Instant::now();
        let mut batch = vec![first];
        let mut closed = false;
        loop {
            closed |= drain(&mut rx, &mut batch);
            let waited_on = batch.iter().any(Queued::waited_on);
            let now = Instant::now();
            let due = pace.due(oldest, waited_on);
            if closed || batch.len() >= BATCH || now >= due {
                break;
            }
            std::thread::park_timeout(due - now);
        }
        loop {
            let full = batch.len() >= BATCH;
            let started = Instant::now();
            commit(
                &mut conn,
                std::mem::take(&mut batch),
                &mut full_sync,
                &mut health,
            );
            let now = Instant::now();
            commit_seconds.observe((now - started).as_secs_f64());
            pace.committed(now);
            if health.halted {
                return;
            }
            if !full {
                break;
            }
            drain(&mut rx, &mut batch);
            if batch.is_empty() {
                break;
            }
        }
    }
}

/// Moves what is queued into `batch`, up to `BATCH` writes; true once every sender is gone.
fn drain(rx: &mut mpsc::UnboundedReceiver<Queued>, batch: &mut Vec<Queued>) -> bool {
    while batch.len() < BATCH {
        match rx.try_recv() {
            Ok(next) => batch.push(next),
            Err(mpsc::error::TryRecvError::Empty) => return false,
            Err(mpsc::error::TryRecvError::Disconnected) => return true,
        }
    }
    false
}

/// Lowers this thread's scheduling priority (nice 10). A batch of writes can take
/// milliseconds of CPU; on a core shared with the rooms' event loop it would hold back
/// their fan-outs for that long. At nice 10 the event loop preempts it as soon as it has
/// work, and the writer still gets about a tenth of a busy core, so it never starves.
fn yield_to_rooms() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only reads its integer arguments; on Linux, PRIO_PROCESS with
    // id 0 applies to the calling thread alone.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

/// Writes one batch in one transaction, then answers whoever waits on it.
fn commit(
    conn: &mut Connection,
    mut batch: Vec<Queued>,
    full_sync: &mut bool,
    health: &mut Health,
) {
    // In WAL mode NORMAL already survives a crash of the process (even SIGKILL); only
    // a power cut can lose its last commits. A batch someone waits on (a commitment's
    // ack, an erasure) commits with FULL: fsynced before the answer, and with it
    // everything written before.
    let waited_on = batch.iter().any(|q| q.done.is_some());
    if waited_on != *full_sync {
        let level = if waited_on { "FULL" } else { "NORMAL" };
        if conn.pragma_update(None, "synchronous", level).is_ok() {
            *full_sync = waited_on;
        }
    }
    let mut result = write_batch(conn, &mut batch).map_err(|e| e.to_string());
    if result.is_err() {
        // One bad write must not take the others down with it: apply each on its own.
        result = write_one_by_one(conn, &batch);
    }
    let erased = batch.iter().any(|q| q.op.as_ref().is_some_and(Op::erases));
    if erased && result.is_ok() {
        // Old WAL frames still hold what was just erased: fold the log into the database
        // (where secure_delete has zeroed it) and cut the log to nothing.
        result = conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .map_err(|e| e.to_string());
    }
    if let Err(error) = &result {
        tracing::error!(%error, "storage write failed");
    }
    health.last_commit = result.clone();
    for queued in batch {
        if let Some(done) = queued.done {
            let _ = done.send(result.clone());
        }
        if let Some(query) = queued.query {
            answer(conn, query, health);
        }
    }
}

fn write_batch(conn: &mut Connection, batch: &mut [Queued]) -> Result<(), StoreError> {
    // Only the newest checkpoint of each room matters; older ones in the batch are skipped.
    let mut newest: HashMap<&str, usize> = HashMap::new();
    for (i, queued) in batch.iter().enumerate() {
        if let Some(Op::Checkpoint { room, .. }) = &queued.op {
            newest.insert(room.as_str(), i);
        }
    }
    let keep: Vec<bool> = batch
        .iter()
        .enumerate()
        .map(|(i, q)| match &q.op {
            Some(Op::Checkpoint { room, .. }) => newest.get(room.as_str()) == Some(&i),
            _ => true,
        })
        .collect();
    let tx = conn.transaction()?;
    for (queued, keep) in batch.iter().zip(keep) {
        if let (Some(op), true) = (&queued.op, keep) {
            apply(&tx, op)?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// The slow path after a failed batch: every write in its own transaction. Failures are
/// logged (by kind, never content) and reported; the rest are kept.
fn write_one_by_one(conn: &mut Connection, batch: &[Queued]) -> Result<(), String> {
    let mut failed = 0;
    for op in batch.iter().filter_map(|q| q.op.as_ref()) {
        let outcome = conn
            .transaction()
            .map_err(StoreError::from)
            .and_then(|tx| apply(&tx, op).and_then(|()| tx.commit().map_err(StoreError::from)));
        if let Err(error) = outcome {
            failed += 1;
            tracing::error!(%error, op = op.kind(), "a storage write failed");
        }
    }
    if failed == 0 {
        Ok(())
    } else {
        Err(format!("{failed} writes failed"))
    }
}

/// Runs a write through the connection's statement cache, so each statement is parsed and
/// planned once rather than on every write (it was 8% of the server's CPU under load).
fn exec(
    tx: &rusqlite::Transaction<'_>,
    sql: &str,
    params: impl rusqlite::Params,
) -> Result<usize, StoreError> {
    Ok(tx.prepare_cached(sql)?.execute(params)?)
}

fn apply(tx: &rusqlite::Transaction<'_>, op: &Op) -> Result<(), StoreError> {
    match op {
        Op::CreateCircle(c) => {
            exec(tx,
                "INSERT INTO circles (room, name, norms, settings, facilitator_secret_hash, facilitator_seat, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    c.room,
                    c.name,
                    json(&c.norms),
                    json(&c.settings),
                    c.facilitator_secret_hash.as_slice(),
                    c.facilitator_seat,
                    c.created_at as i64
                ],
            )?;
        }
        Op::PutSeat { room, seat } => {
            exec(tx,
                "INSERT INTO seats (room, seat, name, role, token_hash, joined_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (room, seat) DO UPDATE SET name = excluded.name, role = excluded.role, token_hash = excluded.token_hash",
                params![room, seat.seat, seat.name, word(&seat.role), seat.token_hash.as_slice(), seat.joined_at as i64],
            )?;
        }
        Op::RemoveSeat { room, seat } => {
            exec(
                tx,
                "DELETE FROM seats WHERE room = ?1 AND seat = ?2",
                params![room, seat],
            )?;
        }
        Op::Checkpoint {
            room,
            meeting,
            json,
            at,
        } => {
            exec(tx,
                "INSERT INTO meetings (room, number, checkpoint, updated_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (room, number) DO UPDATE SET checkpoint = excluded.checkpoint,
                 updated_at = excluded.updated_at
                 WHERE meetings.ended_at IS NULL",
                params![room, meeting, json, *at as i64],
            )?;
        }
        Op::Commitment { room, record: c } => {
            exec(tx,
                "INSERT INTO commitments (room, id, seat, meeting, text, due, created_at, idempotency_key)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING",
                params![room, c.id, c.seat, c.meeting, c.text, c.due, c.created_at as i64, c.key],
            )?;
        }
        Op::Report { room, record: r } => {
            exec(tx,
                "INSERT INTO report_backs (room, commitment, meeting, status, reported_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (room, commitment, meeting) DO UPDATE SET status = excluded.status, reported_at = excluded.reported_at",
                params![room, r.commitment, r.meeting, word(&r.status), r.reported_at as i64],
            )?;
        }
        Op::MeetingStarted { room, meeting, at } => {
            exec(
                tx,
                "INSERT INTO meetings (room, number, started_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (room, number) DO UPDATE
                 SET started_at = COALESCE(meetings.started_at, excluded.started_at)",
                params![room, meeting, *at as i64],
            )?;
        }
        Op::Schedule {
            room,
            next_meeting_at,
            round_ends_on,
        } => {
            exec(
                tx,
                "UPDATE circles SET next_meeting_at = ?2, round_ends_on = ?3 WHERE room = ?1",
                params![room, next_meeting_at.map(|t| t as i64), round_ends_on],
            )?;
        }
        Op::EraseMember { room, seat, name } => erase_member(tx, room, *seat, name)?,
        Op::DeleteCircle { room } => {
            // Report-backs go with their commitments, everything else with the circle.
            exec(tx, "DELETE FROM circles WHERE room = ?1", [room])?;
        }
        Op::MeetingEnded {
            room,
            meeting,
            ended_at,
            attendance,
            presenters,
        } => {
            exec(tx,
                "INSERT INTO meetings (room, number, ended_at, attendance, presenters, checkpoint) VALUES (?1, ?2, ?3, ?4, ?5, NULL)
                 ON CONFLICT (room, number) DO UPDATE SET ended_at = excluded.ended_at,
                 attendance = excluded.attendance, presenters = excluded.presenters, checkpoint = NULL",
                params![room, meeting, *ended_at as i64, json(attendance), json(presenters)],
            )?;
        }
    }
    Ok(())
}

fn erase_member(
    tx: &rusqlite::Transaction<'_>,
    room: &str,
    seat: u32,
    name: &str,
) -> Result<(), StoreError> {
    exec(
        tx,
        "DELETE FROM report_backs WHERE room = ?1 AND commitment IN
         (SELECT id FROM commitments WHERE room = ?1 AND seat = ?2)",
        params![room, seat],
    )?;
    exec(
        tx,
        "DELETE FROM commitments WHERE room = ?1 AND seat = ?2",
        params![room, seat],
    )?;
    exec(
        tx,
        "DELETE FROM seats WHERE room = ?1 AND seat = ?2",
        params![room, seat],
    )?;
    // Attendance and presenters are kept as names: take theirs out of every meeting.
    let mut rows = Vec::new();
    {
        let mut stmt =
            tx.prepare("SELECT number, attendance, presenters FROM meetings WHERE room = ?1")?;
        for row in stmt.query_map([room], |r| {
            Ok((
                r.get::<_, u32>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })? {
            rows.push(row?);
        }
    }
    let without = |list: Option<String>| -> Result<Option<String>, StoreError> {
        list.map(|text| {
            let names: Vec<String> = parse(&text)?;
            Ok(json(
                &names.into_iter().filter(|n| n != name).collect::<Vec<_>>(),
            ))
        })
        .transpose()
    };
    for (number, attendance, presenters) in rows {
        exec(
            tx,
            "UPDATE meetings SET attendance = ?3, presenters = ?4 WHERE room = ?1 AND number = ?2",
            params![room, number, without(attendance)?, without(presenters)?],
        )?;
    }
    Ok(())
}

fn answer(conn: &Connection, query: super::Query, health: &mut Health) {
    match query {
        super::Query::Expired {
            now,
            retention_ms,
            reply,
        } => {
            let _ = reply.send(expired(conn, now, retention_ms).map_err(|e| e.to_string()));
        }
        super::Query::History { room, reply } => {
            let _ = reply.send(commitments(conn, &room, None).map_err(|e| e.to_string()));
        }
        super::Query::Member { room, seat, reply } => {
            let _ = reply.send(member_data(conn, &room, seat).map_err(|e| e.to_string()));
        }
        super::Query::Circle { room, reply } => {
            let _ = reply.send(load_one(conn, &room).map_err(|e| e.to_string()));
        }
        super::Query::Health { reply } => {
            let _ = reply.send(health.check());
        }
        #[cfg(feature = "test-hooks")]
        super::Query::Halt => health.halted = true,
    }
}

/// Rooms whose last activity and round end are both older than `now - retention`.
fn expired(conn: &Connection, now: u64, retention_ms: u64) -> Result<Vec<String>, StoreError> {
    let cutoff = now.saturating_sub(retention_ms);
    let mut stmt = conn.prepare(
        "SELECT c.room, c.round_ends_on,
                MAX(c.created_at, COALESCE(MAX(m.ended_at), 0), COALESCE(MAX(m.updated_at), 0))
         FROM circles c LEFT JOIN meetings m ON m.room = c.room GROUP BY c.room",
    )?;
    let mut rooms = Vec::new();
    for row in stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })? {
        let (room, round_ends_on, last_active) = row?;
        let round_end = round_ends_on
            .as_deref()
            .and_then(end_of_day_ms)
            .unwrap_or(0);
        if (last_active.max(0) as u64).max(round_end) < cutoff {
            rooms.push(room);
        }
    }
    Ok(rooms)
}

/// The last millisecond of a `YYYY-MM-DD` day, UTC.
fn end_of_day_ms(date: &str) -> Option<u64> {
    let mut parts = date.splitn(3, '-').map(str::parse::<i64>);
    let (year, month, day) = (
        parts.next()?.ok()?,
        parts.next()?.ok()?,
        parts.next()?.ok()?,
    );
    // Days from civil (Hinnant), the inverse of the calendar stamp in http/calendar.rs.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    u64::try_from((days + 1) * 86_400_000 - 1).ok()
}

/// Commitments of the circle (or of one seat), oldest first, each with its report-backs and
/// its owner's current name (`None` once the owner has left the circle).
fn commitments(
    conn: &Connection,
    room: &str,
    seat: Option<u32>,
) -> Result<Vec<CircleCommitment>, StoreError> {
    let mut out = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT c.id, c.seat, s.name, c.meeting, c.text, c.due, c.created_at
         FROM commitments c LEFT JOIN seats s ON s.room = c.room AND s.seat = c.seat
         WHERE c.room = ?1 AND (?2 IS NULL OR c.seat = ?2) ORDER BY c.id",
    )?;
    let mut reports = conn.prepare(
        "SELECT meeting, status, reported_at FROM report_backs
         WHERE room = ?1 AND commitment = ?2 ORDER BY reported_at",
    )?;
    for row in stmt.query_map(params![room, seat], |r| {
        Ok((
            r.get::<_, u32>(0)?,
            r.get::<_, u32>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, u32>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, i64>(6)?,
        ))
    })? {
        let (id, owner_seat, owner, meeting, text, due, created_at) = row?;
        let mut found = Vec::new();
        for report in reports.query_map(params![room, id], |r| {
            Ok((
                r.get::<_, u32>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })? {
            let (meeting, status, reported_at) = report?;
            found.push(MemberReport {
                meeting,
                status: from_word(&status)?,
                reported_at: reported_at as u64,
            });
        }
        out.push(CircleCommitment {
            seat: owner_seat,
            owner,
            commitment: MemberCommitment {
                id,
                meeting,
                text,
                due,
                created_at: created_at as u64,
                reports: found,
            },
        });
    }
    Ok(out)
}

fn member_data(conn: &Connection, room: &str, seat: u32) -> Result<MemberData, StoreError> {
    let circle: String =
        conn.query_row("SELECT name FROM circles WHERE room = ?1", [room], |r| {
            r.get(0)
        })?;
    let (name, role, joined_at): (String, String, i64) = conn.query_row(
        "SELECT name, role, joined_at FROM seats WHERE room = ?1 AND seat = ?2",
        params![room, seat],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let commitments = commitments(conn, room, Some(seat))?
        .into_iter()
        .map(|c| c.commitment)
        .collect();
    let mut meetings_attended = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT number, attendance FROM meetings WHERE room = ?1 AND attendance IS NOT NULL ORDER BY number",
    )?;
    for row in stmt.query_map([room], |r| {
        Ok((r.get::<_, u32>(0)?, r.get::<_, String>(1)?))
    })? {
        let (number, attendance) = row?;
        let names: Vec<String> = parse(&attendance)?;
        if names.contains(&name) {
            meetings_attended.push(number);
        }
    }
    Ok(MemberData {
        circle,
        seat,
        name,
        role: from_word(&role)?,
        joined_at: joined_at as u64,
        commitments,
        meetings_attended,
    })
}

/// Everything stored, for rebuilding the rooms that were live at start.
pub fn load_all(conn: &Connection) -> Result<Vec<StoredCircle>, StoreError> {
    circles_where(conn, "1 = 1 ORDER BY created_at", rusqlite::params![])
}

/// One circle, when it exists (a room opened on demand).
fn load_one(conn: &Connection, room: &str) -> Result<Option<StoredCircle>, StoreError> {
    Ok(circles_where(conn, "room = ?1", [room])?.pop())
}

/// The circles a `WHERE` clause selects, each with everything stored about it.
fn circles_where<P: rusqlite::Params>(
    conn: &Connection,
    clause: &str,
    params: P,
) -> Result<Vec<StoredCircle>, StoreError> {
    let mut circles = Vec::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT room, name, norms, settings, facilitator_secret_hash, facilitator_seat, created_at,
                next_meeting_at, round_ends_on FROM circles WHERE {clause}"
    ))?;
    let rows = stmt.query_map(params, |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
            row.get::<_, String>(3)?,
            row.get::<_, Vec<u8>>(4)?,
            row.get::<_, u32>(5)?,
            row.get::<_, i64>(6)?,
            row.get::<_, Option<i64>>(7)?,
            row.get::<_, Option<String>>(8)?,
        ))
    })?;
    for row in rows {
        let (
            room,
            name,
            norms,
            settings,
            hash,
            facilitator_seat,
            created_at,
            next_meeting_at,
            round_ends_on,
        ) = row?;
        let circle = CircleRecord {
            norms: parse(&norms)?,
            settings: parse(&settings)?,
            facilitator_secret_hash: hash32(&hash)?,
            facilitator_seat,
            created_at: created_at as u64,
            next_meeting_at: next_meeting_at.map(|t| t as u64),
            round_ends_on,
            name,
            room,
        };
        circles.push(load_circle(conn, circle)?);
    }
    Ok(circles)
}

fn load_circle(conn: &Connection, circle: CircleRecord) -> Result<StoredCircle, StoreError> {
    let room = circle.room.clone();
    let mut seats = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT seat, name, role, token_hash, joined_at FROM seats WHERE room = ?1 ORDER BY seat",
    )?;
    for row in stmt.query_map([&room], |r| {
        Ok((
            r.get::<_, u32>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Vec<u8>>(3)?,
            r.get::<_, i64>(4)?,
        ))
    })? {
        let (seat, name, role, hash, joined_at) = row?;
        seats.push(SeatRecord {
            seat,
            name,
            role: from_word(&role)?,
            token_hash: hash32(&hash)?,
            joined_at: joined_at as u64,
        });
    }
    let mut commitments = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT id, seat, meeting, text, due, created_at, idempotency_key FROM commitments WHERE room = ?1 ORDER BY id",
    )?;
    for row in stmt.query_map([&room], |r| {
        Ok(CommitmentRecord {
            id: r.get(0)?,
            seat: r.get(1)?,
            meeting: r.get(2)?,
            text: r.get(3)?,
            due: r.get(4)?,
            created_at: r.get::<_, i64>(5)? as u64,
            key: r.get(6)?,
        })
    })? {
        commitments.push(row?);
    }
    let mut reports = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT commitment, meeting, status, reported_at FROM report_backs WHERE room = ?1 ORDER BY reported_at",
    )?;
    for row in stmt.query_map([&room], |r| {
        Ok((
            r.get::<_, u32>(0)?,
            r.get::<_, u32>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })? {
        let (commitment, meeting, status, reported_at) = row?;
        reports.push(ReportRecord {
            commitment,
            meeting,
            status: from_word(&status)?,
            reported_at: reported_at as u64,
        });
    }
    let live = conn
        .query_row(
            "SELECT number, checkpoint FROM meetings WHERE room = ?1 AND ended_at IS NULL AND checkpoint IS NOT NULL
             ORDER BY number DESC LIMIT 1",
            [&room],
            |r| Ok(LiveMeeting { number: r.get(0)?, checkpoint: r.get(1)? }),
        )
        .optional()?;
    let meetings: u32 = conn.query_row(
        "SELECT COALESCE(MAX(number), 0) FROM meetings WHERE room = ?1",
        [&room],
        |r| r.get(0),
    )?;
    Ok(StoredCircle {
        circle,
        seats,
        commitments,
        reports,
        live,
        meetings,
    })
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn parse<T: DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// A unit enum's snake_case wire name ("facilitator", "not_done").
fn word<T: Serialize>(value: &T) -> String {
    json(value).trim_matches('"').to_owned()
}

fn from_word<T: DeserializeOwned>(word: &str) -> Result<T, StoreError> {
    parse(&format!("\"{word}\""))
}

fn hash32(bytes: &[u8]) -> Result<[u8; 32], StoreError> {
    bytes
        .try_into()
        .map_err(|_| StoreError::Corrupt("a stored hash is not 32 bytes".into()))
}
