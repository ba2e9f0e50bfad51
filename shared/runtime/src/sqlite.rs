//! Opening a service's own SQLite file, and the one migration runner: numbered,
//! forward-only migrations (`001_init.sql`, `002_….sql`, …) applied in order at open,
//! each in its own transaction together with the new `PRAGMA user_version`, so a crash
//! between two migrations leaves a file at a known version. A file written by a newer
//! build (a higher version than this build's migrations) is refused, never downgraded.
//!
//! Every SQLite connection of govtrack opens through [`open`], which sets every pragma
//! in this one place: a writer in WAL mode with `synchronous=NORMAL`, foreign keys on
//! and temporary tables in memory; a reader read-only; each with its busy timeout,
//! statement cache and page cache as its [`SqliteOptions`] say. Ingest's id index and
//! the scheduler's store migrate with [`open_migrated`]; the read model
//! (`govtrack-readmodel`) opens its generations with [`open`] and migrates them with
//! [`migrate`].

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

/// Why a file could not be opened or brought to this build's schema.
#[derive(Debug, thiserror::Error)]
pub enum MigrationError {
    /// SQLite failed (I/O, corruption, a full disk, a bad migration).
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    /// The file was written by a newer govtrack.
    #[error("schema {found} is newer than this build's ({supported})")]
    TooNew {
        /// Version in the file.
        found: u32,
        /// Version of this build.
        supported: u32,
    },
}

/// How a connection is set up.
#[derive(Debug, Clone, Copy)]
pub struct SqliteOptions {
    /// How long a statement waits for a lock.
    pub busy_timeout: Duration,
    /// Prepared statements kept per connection.
    pub statement_cache: usize,
    /// A reader: opened read-only and `query_only`, no migrations.
    pub read_only: bool,
    /// Page cache in KiB; SQLite's own 2 MiB when `None`.
    pub cache_kib: Option<u32>,
    /// Whether commits checkpoint the WAL (SQLite's default); `false` where another
    /// connection owns the checkpoints.
    pub auto_checkpoint: bool,
}

impl Default for SqliteOptions {
    fn default() -> Self {
        SqliteOptions {
            busy_timeout: Duration::from_secs(10),
            statement_cache: 64,
            read_only: false,
            cache_kib: None,
            auto_checkpoint: true,
        }
    }
}

/// Opens (creating the file and its directory) a writer, and applies the migrations
/// it lacks.
pub fn open_migrated(
    path: &Path,
    options: SqliteOptions,
    migrations: &[&str],
) -> Result<Connection, MigrationError> {
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let mut conn = open(path, options)?;
    migrate(&mut conn, migrations)?;
    Ok(conn)
}

/// Opens a connection with `options` and no migrations: a writer (creating the file)
/// in WAL mode with `synchronous=NORMAL`, or a reader of a file a writer has migrated.
pub fn open(path: &Path, options: SqliteOptions) -> rusqlite::Result<Connection> {
    let conn = if options.read_only {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Connection::open_with_flags(path, flags)?
    } else {
        Connection::open(path)?
    };
    conn.busy_timeout(options.busy_timeout)?;
    conn.set_prepared_statement_cache_capacity(options.statement_cache);
    if options.read_only {
        conn.pragma_update(None, "query_only", "ON")?;
    } else {
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
    }
    if let Some(kib) = options.cache_kib {
        // Negative: a size in KiB rather than in pages.
        conn.pragma_update(None, "cache_size", -i64::from(kib))?;
    }
    if !options.auto_checkpoint {
        manual_checkpoints(&conn)?;
    }
    Ok(conn)
}

/// Stops `conn`'s commits from checkpointing the WAL: another connection (a
/// checkpoint thread) does it.
pub fn manual_checkpoints(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "wal_autocheckpoint", 0)
}

/// The file's schema version (`PRAGMA user_version`).
pub fn schema_version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
}

/// Applies `migrations[version..]`, each with its new version in one transaction;
/// returns the version reached (the number of migrations).
pub fn migrate(conn: &mut Connection, migrations: &[&str]) -> Result<u32, MigrationError> {
    let supported = migrations.len() as u32;
    let found = schema_version(conn)?;
    if found > supported {
        return Err(MigrationError::TooNew { found, supported });
    }
    for (done, sql) in migrations.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", done as u32 + 1)?;
        tx.commit()?;
    }
    Ok(supported)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIGRATIONS: &[&str] = &[
        "CREATE TABLE a (x INTEGER);",
        "ALTER TABLE a ADD COLUMN y TEXT; INSERT INTO a (x, y) VALUES (1, 'one');",
    ];

    fn rows(conn: &Connection) -> i64 {
        conn.query_row("SELECT count(*) FROM a", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn migrations_apply_once_in_order_and_record_the_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/store.db");
        let conn = open_migrated(&path, SqliteOptions::default(), MIGRATIONS).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), 2);
        drop(conn);
        let conn = open_migrated(&path, SqliteOptions::default(), MIGRATIONS).unwrap();
        assert_eq!(rows(&conn), 1, "the second open applies nothing again");
    }

    #[test]
    fn a_file_at_version_one_gets_only_the_second_migration() {
        let mut conn = Connection::open_in_memory().unwrap();
        assert_eq!(migrate(&mut conn, &MIGRATIONS[..1]).unwrap(), 1);
        conn.execute("INSERT INTO a (x) VALUES (0)", []).unwrap();
        assert_eq!(migrate(&mut conn, MIGRATIONS).unwrap(), 2);
        assert_eq!(rows(&conn), 2);
    }

    #[test]
    fn a_file_from_a_newer_build_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, MIGRATIONS).unwrap();
        let err = migrate(&mut conn, &MIGRATIONS[..1]).unwrap_err();
        assert!(matches!(
            err,
            MigrationError::TooNew {
                found: 2,
                supported: 1
            }
        ));
    }

    #[test]
    fn a_failing_migration_leaves_the_previous_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        let broken = [MIGRATIONS[0], "CREATE TABLE b (; -- syntax error"];
        assert!(migrate(&mut conn, &broken).is_err());
        assert_eq!(schema_version(&conn).unwrap(), 1);
    }

    #[test]
    fn a_writer_gets_the_pragmas_its_options_ask_for() {
        let dir = tempfile::tempdir().unwrap();
        let options = SqliteOptions {
            cache_kib: Some(4096),
            auto_checkpoint: false,
            ..SqliteOptions::default()
        };
        let conn = open_migrated(&dir.path().join("store.db"), options, MIGRATIONS).unwrap();
        let pragma = |name: &str| -> String {
            conn.query_row(&format!("PRAGMA {name}"), [], |r| {
                r.get::<_, rusqlite::types::Value>(0)
            })
            .map(|v| format!("{v:?}"))
            .unwrap()
        };
        assert_eq!(pragma("journal_mode"), "Text(\"wal\")");
        assert_eq!(pragma("synchronous"), "Integer(1)", "NORMAL");
        assert_eq!(pragma("foreign_keys"), "Integer(1)");
        assert_eq!(pragma("cache_size"), "Integer(-4096)");
        assert_eq!(pragma("wal_autocheckpoint"), "Integer(0)");
    }

    #[test]
    fn a_reader_cannot_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.db");
        drop(open_migrated(&path, SqliteOptions::default(), MIGRATIONS).unwrap());
        let options = SqliteOptions {
            read_only: true,
            ..SqliteOptions::default()
        };
        let reader = open(&path, options).unwrap();
        assert_eq!(rows(&reader), 1);
        assert!(reader.execute("INSERT INTO a (x) VALUES (2)", []).is_err());
    }
}
