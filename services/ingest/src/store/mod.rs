//! Ingest's own SQLite files. This module, `ingest-ids.sqlite` under the data dir: the
//! durable id index and its checkpoint; [`items`], `ingest-hooks.sqlite`: the
//! webhooks' item state. Every statement ingest runs is in these two files.
//!
//! Opened and migrated by govtrack-runtime's runner (numbered, forward-only, tracked in
//! `PRAGMA user_version`). One writer connection (the index's tailer) and one reader connection (the append
//! path), both in WAL mode so a lookup never waits for a commit.

use std::path::Path;
use std::time::Duration;

use govtrack_runtime::sqlite::{self, MigrationError, SqliteOptions};
use rusqlite::{Connection, OptionalExtension, params};

pub mod items;

/// The migrations, in order; the schema version is their count.
const MIGRATIONS: &[&str] = &[include_str!("001_ids.sql")];

/// How long a statement waits for a lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How ingest's connections are set up; the writer keeps 16 MiB of the index's pages.
fn options(read_only: bool) -> SqliteOptions {
    SqliteOptions {
        busy_timeout: BUSY_TIMEOUT,
        statement_cache: 8,
        read_only,
        cache_kib: (!read_only).then_some(16_384),
        ..SqliteOptions::default()
    }
}

/// Why ingest's store (the id index, the webhooks' items) could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed (I/O, corruption, a full disk, …).
    #[error("ingest's store: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The file could not be brought to this build's schema (or is newer).
    #[error("ingest's store: {0}")]
    Migration(#[from] MigrationError),
}

/// Opens (creating and migrating) the index for writing.
pub fn open_writer(path: &Path) -> Result<Connection, StoreError> {
    Ok(sqlite::open_migrated(path, options(false), MIGRATIONS)?)
}

/// Opens the index for lookups (after [`open_writer`] created it).
pub fn open_reader(path: &Path) -> Result<Connection, StoreError> {
    Ok(sqlite::open(path, options(true))?)
}

/// The last stream sequence indexed.
pub fn checkpoint(conn: &Connection) -> Result<u64, StoreError> {
    let seq: i64 = conn.query_row("SELECT sequence FROM checkpoint WHERE one = 1", [], |r| {
        r.get(0)
    })?;
    Ok(seq as u64)
}

/// Records `(id, sequence)` pairs of a run of the log, in log order, and moves the
/// checkpoint to `last`, in one transaction. The first message of an id stays.
pub fn index(conn: &mut Connection, ids: &[(&str, u64)], last: u64) -> Result<(), StoreError> {
    let tx = conn.transaction()?;
    {
        let mut insert =
            tx.prepare_cached("INSERT OR IGNORE INTO ids (id, sequence) VALUES (?1, ?2)")?;
        for (id, sequence) in ids {
            insert.execute(params![id, *sequence as i64])?;
        }
        tx.execute(
            "UPDATE checkpoint SET sequence = ?1 WHERE one = 1",
            params![last as i64],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// Empties the index (the log it mirrored was replaced).
pub fn reset(conn: &mut Connection) -> Result<(), StoreError> {
    let tx = conn.transaction()?;
    tx.execute("DELETE FROM ids", [])?;
    tx.execute("UPDATE checkpoint SET sequence = 0 WHERE one = 1", [])?;
    tx.commit()?;
    Ok(())
}

/// The sequence of the first message of `id`, if the index holds it.
pub fn lookup(conn: &Connection, id: &str) -> Result<Option<u64>, StoreError> {
    let mut select = conn.prepare_cached("SELECT sequence FROM ids WHERE id = ?1")?;
    let found: Option<i64> = select.query_row([id], |r| r.get(0)).optional()?;
    Ok(found.map(|s| s as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_message_of_an_id_stays_and_the_checkpoint_moves_with_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ids.sqlite");
        let mut writer = open_writer(&path).unwrap();
        let reader = open_reader(&path).unwrap();
        assert_eq!(checkpoint(&writer).unwrap(), 0);
        index(&mut writer, &[("a", 1), ("b", 2)], 2).unwrap();
        index(&mut writer, &[("a", 9)], 9).unwrap();
        assert_eq!(lookup(&reader, "a").unwrap(), Some(1));
        assert_eq!(lookup(&reader, "b").unwrap(), Some(2));
        assert_eq!(lookup(&reader, "c").unwrap(), None);
        assert_eq!(checkpoint(&writer).unwrap(), 9);
        drop(writer);
        let again = open_writer(&path).unwrap();
        assert_eq!(checkpoint(&again).unwrap(), 9, "reopening keeps the index");
        let mut again = again;
        reset(&mut again).unwrap();
        assert_eq!(lookup(&reader, "a").unwrap(), None);
        assert_eq!(checkpoint(&again).unwrap(), 0);
    }
}
