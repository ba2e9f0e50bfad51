//! Schedule state: per job, the last scheduled fire time handled and the last outcome.

use rusqlite::{Connection, OptionalExtension, params};

use super::StoreError;

/// The last fire time handled for `job`, ms.
pub fn last_scheduled(conn: &Connection, job: &str) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT last_scheduled_ms FROM job_state WHERE job = ?1")?
        .query_row(params![job], |r| r.get(0))
        .optional()?)
}

/// Records that the fire at `scheduled_ms` was handled.
pub fn set_scheduled(conn: &Connection, job: &str, scheduled_ms: i64) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO job_state (job, last_scheduled_ms) VALUES (?1, ?2)
         ON CONFLICT (job) DO UPDATE SET last_scheduled_ms = excluded.last_scheduled_ms",
    )?
    .execute(params![job, scheduled_ms])?;
    Ok(())
}

/// Records a run's start.
pub fn started(conn: &Connection, job: &str, at_ms: i64) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO job_state (job, last_scheduled_ms, last_started_ms) VALUES (?1, ?2, ?2)
         ON CONFLICT (job) DO UPDATE SET last_started_ms = excluded.last_started_ms",
    )?
    .execute(params![job, at_ms])?;
    Ok(())
}

/// Records a run's end.
pub fn finished(conn: &Connection, job: &str, at_ms: i64, outcome: &str) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE job_state SET last_finished_ms = ?2, last_outcome = ?3 WHERE job = ?1",
    )?
    .execute(params![job, at_ms, outcome])?;
    Ok(())
}
