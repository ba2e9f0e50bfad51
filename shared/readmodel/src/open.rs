//! Opening a read model's SQLite file (writer or reader), its migrations, and a dump
//! of every table for comparing two read models.
//!
//! One writer connection (WAL, `synchronous=NORMAL`); readers open read-only and never
//! block the writer. Migrations are numbered, forward only, and tracked in
//! `PRAGMA user_version`.

use std::path::Path;
use std::time::Duration;

use govtrack_runtime::sqlite::MigrationError;
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};

/// The migrations, in order; the schema version is their count.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_init.sql"),
    include_str!("migrations/002_blank_targets.sql"),
    include_str!("migrations/003_alerts.sql"),
    include_str!("migrations/004_sources.sql"),
    include_str!("migrations/005_lean_timeline.sql"),
    include_str!("migrations/006_maturity_snapshots.sql"),
    include_str!("migrations/007_recorded_by.sql"),
];

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// How long a statement waits for a lock before giving up.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Why the read model could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed (I/O, corruption, a full disk, …).
    #[error("read model: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The WAL checkpoint thread could not be started.
    #[error("cannot start the WAL checkpoint thread: {0}")]
    Thread(std::io::Error),
    /// The file was written by a newer govtrack.
    #[error("read model schema {found} is newer than this build's ({supported})")]
    TooNew {
        /// Version in the file.
        found: u32,
        /// Version of this build.
        supported: u32,
    },
    /// The file is not (yet) a read model.
    #[error("read model schema {found} is not ready (this build reads {supported})")]
    NotReady {
        /// Version in the file.
        found: u32,
        /// Version of this build.
        supported: u32,
    },
}

/// Opens (creating if needed) the read model for writing and migrates it.
pub fn open_writer(path: &Path) -> Result<Connection, StoreError> {
    let mut conn = Connection::open(path)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // 64 MiB of page cache (negative: KiB): a catch-up touches far more than the
    // default 2 MiB, and re-reading pages from the OS showed in its profile.
    conn.pragma_update(None, "cache_size", -65_536)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    stable_plans(&conn)?;
    conn.set_prepared_statement_cache_capacity(64);
    migrate(&mut conn)?;
    Ok(conn)
}

/// Opens the read model read-only; fails unless its schema is this build's.
pub fn open_reader(path: &Path) -> Result<Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "query_only", "ON")?;
    // 512 KiB of page cache instead of SQLite's 2 MiB: a reader finds what it reads by
    // key, the OS keeps the file's pages anyway, and the api holds eight readers, whose
    // caches otherwise filled as the read model grew (16 MiB of its RSS at 1,000,000
    // events, none at 100,000).
    conn.pragma_update(None, "cache_size", -512)?;
    stable_plans(&conn)?;
    conn.set_prepared_statement_cache_capacity(32);
    match schema_version(&conn)? {
        SCHEMA_VERSION => Ok(conn),
        found if found > SCHEMA_VERSION => Err(StoreError::TooNew {
            found,
            supported: SCHEMA_VERSION,
        }),
        found => Err(StoreError::NotReady {
            found,
            supported: SCHEMA_VERSION,
        }),
    }
}

/// Plans that do not depend on the values bound to a statement (SQLite's query planner
/// stability guarantee), so that a cached statement is prepared once. Without it,
/// SQLite re-prepared some of the writer's statements on every run (the latest
/// measurement of a key result, `ORDER BY sequence DESC LIMIT 1`): 14% of a
/// catch-up's CPU went to parsing SQL. No statement here plans better for its values
/// (there is no `LIKE` on a bound pattern, and no `ANALYZE` statistics).
fn stable_plans(conn: &Connection) -> Result<(), StoreError> {
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    Ok(())
}

/// Flushes the WAL into the main file, so the file alone is the whole read model.
pub fn checkpoint_wal(conn: &Connection) -> Result<(), StoreError> {
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(())
}

fn schema_version(conn: &Connection) -> Result<u32, StoreError> {
    Ok(govtrack_runtime::sqlite::schema_version(conn)?)
}

/// The migrations this file lacks, through the one runner every store uses.
fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let found = schema_version(conn)?;
    match govtrack_runtime::sqlite::migrate(conn, MIGRATIONS) {
        Ok(reached) if reached > found => {
            tracing::info!(
                schema.version = reached,
                from = found,
                "read model migrated"
            );
            reclaim_free_pages(conn)
        }
        Ok(_) => Ok(()),
        Err(MigrationError::TooNew { found, supported }) => {
            Err(StoreError::TooNew { found, supported })
        }
        Err(MigrationError::Sqlite(e)) => Err(e.into()),
    }
}

/// After a migration that copied a table, its old pages are free but still in the
/// file: when they are more than a quarter of it, `VACUUM` gives them back to the disk
/// (once, at start; a rebuild never needs it).
fn reclaim_free_pages(conn: &Connection) -> Result<(), StoreError> {
    let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    let free: i64 = conn.query_row("PRAGMA freelist_count", [], |r| r.get(0))?;
    if free > 0 && free * 4 > pages {
        tracing::info!(
            pages.free = free,
            pages.total = pages,
            "reclaiming the space a migration freed"
        );
        conn.execute_batch("VACUUM")?;
    }
    Ok(())
}

/// Every table of the read model with all its rows as text, in a stable order: two
/// read models hold the same state exactly when their dumps are equal. The maturity
/// snapshots are left out: they are a cache of the timeline, written when the
/// projector is idle, so two read models of the same log may hold different ones.
pub fn dump(conn: &Connection) -> Result<Vec<(String, Vec<String>)>, StoreError> {
    let mut tables = Vec::new();
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'maturity_snapshots' ORDER BY name")?
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    for name in names {
        let rows = dump_table(conn, &name)?;
        tables.push((name, rows));
    }
    Ok(tables)
}

fn dump_table(conn: &Connection, table: &str) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\""))?;
    let width = stmt.column_count();
    let mut rows: Vec<String> = stmt
        .query_map([], |row| {
            let cells: Vec<String> = (0..width)
                .map(|i| row.get_ref(i).map(|v| format!("{v:?}")))
                .collect::<Result<_, _>>()?;
            Ok(cells.join(" | "))
        })?
        .collect::<Result<_, _>>()?;
    rows.sort();
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_apply_to_an_empty_file_and_are_idempotent() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rm.db");
        drop(open_writer(&path).unwrap());
        let conn = open_writer(&path).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), SCHEMA_VERSION);
        drop(conn);
        assert!(open_reader(&path).is_ok());
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rm.db");
        let conn = open_writer(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        drop(conn);
        assert!(matches!(open_writer(&path), Err(StoreError::TooNew { .. })));
    }

    #[test]
    fn schema_2_migrates_to_3_keeping_its_rows_with_no_alerts_yet() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rm.db");
        let conn = Connection::open(&path).unwrap();
        for sql in &MIGRATIONS[..2] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 2).unwrap();
        conn.execute_batch(
            "INSERT INTO initiatives (org, initiative, last_activity_at, stalled_since)
             VALUES ('contoso', 'quiet', '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z')",
        )
        .unwrap();
        drop(conn);
        let conn = open_writer(&path).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), SCHEMA_VERSION);
        let count = |table: &str| -> i64 {
            conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
                .unwrap()
        };
        assert_eq!(count("initiatives"), 1);
        assert_eq!((count("alerts"), count("silences")), (0, 0));
    }

    #[test]
    fn schema_5_migrates_in_place_with_an_empty_snapshot_table_and_no_recorders() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rm.db");
        let conn = Connection::open(&path).unwrap();
        for sql in &MIGRATIONS[..5] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 5).unwrap();
        conn.execute_batch(
            "INSERT INTO orgs (org, events, first_sequence, last_sequence, last_occurred_at)
             VALUES ('contoso', 1, 7, 7, '2026-01-01T00:00:00.000000Z');
             INSERT INTO events (org, sequence, id, type, occurred_at, recorded_at, source, data)
             VALUES ('contoso', 7, 'e1', 'vision.published', 0, 0, NULL, '{}');
             INSERT INTO checkpoint (id, sequence) VALUES (1, 7)
             ON CONFLICT (id) DO UPDATE SET sequence = excluded.sequence;",
        )
        .unwrap();
        let before = dump(&conn).unwrap();
        drop(conn);
        let conn = open_writer(&path).unwrap();
        assert_eq!(schema_version(&conn).unwrap() as usize, MIGRATIONS.len());
        // Schema 7 adds `recorded_by`, empty on every event stored before.
        let recorded_by_added = |tables: Vec<(String, Vec<String>)>| {
            (tables.into_iter())
                .map(|(name, rows)| match name.as_str() {
                    "events" => (name, rows.into_iter().map(|r| r + " | Null").collect()),
                    _ => (name, rows),
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            dump(&conn).unwrap(),
            recorded_by_added(before),
            "no row changed"
        );
        let snapshots: i64 = conn
            .query_row("SELECT count(*) FROM maturity_snapshots", [], |r| r.get(0))
            .unwrap();
        assert_eq!(snapshots, 0);
        drop(conn);
        assert!(open_reader(&path).is_ok());
    }
}
