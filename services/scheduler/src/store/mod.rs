//! The scheduler's SQLite file: opening it, its migrations, and every SQL statement of
//! the scheduler, one module per concern ([`projection`] for the fold of the log,
//! [`scan`] for what the rules read, [`facts`] for what the maturity evaluator reads, [`feeds`] for sources and
//! the inventory,
//! [`alerts`] for the lifecycle and notification log, [`outbox`] for deliveries,
//! [`jobs`] for the schedule state).
//!
//! Migrations are numbered and forward-only (`user_version`), applied by
//! govtrack-runtime's one runner. One that adds projected
//! state the earlier schema did not keep also resets the projection's checkpoint, so the
//! next catch-up refolds the log (see `migrations/002_maturity_facts.sql`).
//!
//! WAL, `synchronous=NORMAL`; rusqlite blocks, so async callers go through [`Db::call`],
//! which runs the closure on a blocking thread.

pub mod alerts;
pub mod facts;
pub mod feeds;
pub mod jobs;
pub mod outbox;
pub mod projection;
pub mod scan;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use govtrack_runtime::sqlite::{self, MigrationError, SqliteOptions};
use rusqlite::Connection;

const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_init.sql"),
    include_str!("migrations/002_maturity_facts.sql"),
    include_str!("migrations/003_applied_ids.sql"),
    include_str!("migrations/004_blank_targets.sql"),
    include_str!("migrations/005_feeds.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Why the store could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed (I/O, corruption, a full disk, …).
    #[error("scheduler store: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The file could not be brought to this build's schema (or is newer).
    #[error("scheduler store: {0}")]
    Migration(#[from] MigrationError),
    /// The blocking task died.
    #[error("scheduler store task failed")]
    Task(#[source] tokio::task::JoinError),
}

/// The store file under a data directory.
pub fn path_under(data_dir: &Path) -> PathBuf {
    data_dir.join("scheduler.db")
}

/// Opens (creating if needed) the store and migrates it, with govtrack-runtime's
/// runner.
pub fn open(path: &Path) -> Result<Connection, StoreError> {
    let options = SqliteOptions {
        busy_timeout: BUSY_TIMEOUT,
        statement_cache: 64,
        ..SqliteOptions::default()
    };
    Ok(sqlite::open_migrated(path, options, MIGRATIONS)?)
}

/// A shared connection for async code.
#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
    path: PathBuf,
}

impl Db {
    /// Opens the store at `path`.
    pub fn open(path: &Path) -> Result<Db, StoreError> {
        Ok(Db {
            conn: Arc::new(Mutex::new(open(path)?)),
            path: path.to_owned(),
        })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` with the connection on a blocking thread.
    pub async fn call<R, F>(&self, f: F) -> Result<R, StoreError>
    where
        R: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<R, StoreError> + Send + 'static,
    {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = conn.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut guard)
        })
        .await
        .map_err(StoreError::Task)?
    }
}

/// Milliseconds since the epoch, as stored.
pub fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

/// A stored time back as a date-time.
pub fn at(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_apply_to_an_empty_file_and_are_idempotent() {
        let dir = tempfile::tempdir().unwrap();
        let path = path_under(dir.path());
        drop(open(&path).unwrap());
        let conn = open(&path).unwrap();
        let v: u32 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
    }

    #[test]
    fn a_schema_1_store_refolds_its_projection_and_keeps_its_own_memory() {
        let dir = tempfile::tempdir().unwrap();
        let path = path_under(dir.path());
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(MIGRATIONS[0]).unwrap();
            conn.pragma_update(None, "user_version", 1).unwrap();
            conn.execute_batch(
                "UPDATE checkpoint SET sequence = 42;
                 INSERT INTO objectives (org, objective, title) VALUES ('contoso', 'o', 'O');
                 INSERT INTO job_state (job, last_scheduled_ms) VALUES ('stall-scan', 7);",
            )
            .unwrap();
        }
        let conn = open(&path).unwrap();
        assert_eq!(projection::checkpoint(&conn).unwrap(), 0, "refold from 1");
        let count = |table: &str| -> i64 {
            conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
                .unwrap()
        };
        assert_eq!(count("objectives"), 0);
        assert_eq!(count("facts"), 0);
        assert_eq!(jobs::last_scheduled(&conn, "stall-scan").unwrap(), Some(7));
    }
}
