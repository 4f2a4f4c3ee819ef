//! The database schema, as numbered migrations applied at start (tracked in SQLite's
//! `user_version`). A migration is never edited once released; a change is a new one.

use rusqlite::Connection;

use super::StoreError;

const MIGRATIONS: &[&str] = &[
    // 1: circles, seats, meetings, commitments and report-backs.
    r#"
    CREATE TABLE circles (
        room TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        norms TEXT NOT NULL,
        settings TEXT NOT NULL,
        facilitator_secret_hash BLOB NOT NULL,
        facilitator_seat INTEGER NOT NULL,
        created_at INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE seats (
        room TEXT NOT NULL REFERENCES circles(room) ON DELETE CASCADE,
        seat INTEGER NOT NULL,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        token_hash BLOB NOT NULL,
        joined_at INTEGER NOT NULL,
        PRIMARY KEY (room, seat)
    ) STRICT;
    CREATE TABLE meetings (
        room TEXT NOT NULL REFERENCES circles(room) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        ended_at INTEGER,
        attendance TEXT,
        presenters TEXT,
        checkpoint TEXT,
        PRIMARY KEY (room, number)
    ) STRICT;
    CREATE TABLE commitments (
        room TEXT NOT NULL REFERENCES circles(room) ON DELETE CASCADE,
        id INTEGER NOT NULL,
        seat INTEGER NOT NULL,
        meeting INTEGER NOT NULL,
        text TEXT NOT NULL,
        due TEXT,
        created_at INTEGER NOT NULL,
        idempotency_key TEXT,
        PRIMARY KEY (room, id)
    ) STRICT;
    CREATE UNIQUE INDEX commitments_by_key ON commitments(room, idempotency_key)
        WHERE idempotency_key IS NOT NULL;
    CREATE TABLE report_backs (
        room TEXT NOT NULL,
        commitment INTEGER NOT NULL,
        meeting INTEGER NOT NULL,
        status TEXT NOT NULL,
        reported_at INTEGER NOT NULL,
        PRIMARY KEY (room, commitment, meeting),
        FOREIGN KEY (room, commitment) REFERENCES commitments(room, id) ON DELETE CASCADE
    ) STRICT;
    "#,
    // 2: the circle's calendar.
    r#"
    ALTER TABLE circles ADD COLUMN next_meeting_at INTEGER;
    ALTER TABLE circles ADD COLUMN round_ends_on TEXT;
    "#,
    // 3: when each meeting last changed (the circle's activity, for retention).
    r#"
    ALTER TABLE meetings ADD COLUMN updated_at INTEGER;
    "#,
    // 4: when each meeting started (left the lobby).
    r#"
    ALTER TABLE meetings ADD COLUMN started_at INTEGER;
    "#,
];

/// Applies every migration the database has not seen, each in its own transaction.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let applied: usize = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(applied) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index + 1)?;
        tx.commit()?;
    }
    Ok(())
}
