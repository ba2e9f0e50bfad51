//! WAL checkpoints off the commit path.
//!
//! SQLite's automatic checkpoint runs inside the commit that crosses the WAL size
//! limit: that batch then waits for the copy into the main file and its `fsync`
//! (tens to hundreds of milliseconds on a slow disk), and so does the freshness of
//! everything behind it. Instead the writer turns automatic checkpoints off and a
//! thread with its own connection runs a `PASSIVE` checkpoint every second, which
//! never blocks the writer nor the readers.
//!
//! A passive checkpoint cannot restart the WAL while commits keep coming (a catch-up
//! grew it by 1 to 4 KiB per event, without end), so the writer calls
//! [`BackgroundCheckpoints::bound_wal`] after each commit: once the WAL passes
//! [`WAL_LIMIT`] it runs a `RESTART` checkpoint itself, between two batches — most
//! frames are already copied by then, so it costs the rest and one `fsync`, once per
//! [`WAL_LIMIT`] of writes — and the next commit writes the WAL from its start again.
//! `journal_size_limit` trims the file back to [`WAL_KEPT`] whenever the WAL restarts.
//!
//! Once the writer has been idle for two ticks (a caught-up projector), the thread runs
//! a `TRUNCATE` checkpoint instead: the WAL is copied in full and cut to zero bytes, so
//! an idle read model takes the database file's size on disk and no more.
//!
//! Commits stay `synchronous=NORMAL` in WAL mode: a crash of the process loses nothing the OS was given, and a power cut can
//! only lose whole batches together with their checkpoint row, which the projector
//! then replays from the log.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use govtrack_runtime::sqlite::{self, SqliteOptions};
use rusqlite::Connection;

use crate::open::BUSY_TIMEOUT;
use crate::open::StoreError;

/// How often the WAL is copied into the main file.
const EVERY: Duration = Duration::from_secs(1);
/// WAL size past which the writer restarts it. Each restart holds one commit back for
/// 100–300 ms on the bench machine (the rest of the copy, an `fsync`, and waiting for
/// readers off the old frames), so the limit is large: a catch-up of 1,000,000 events
/// writes about 1 GiB of WAL, and a live rate of 1,000 events/s about 12 MiB/s.
const WAL_LIMIT: u64 = 1024 * 1024 * 1024;
/// What the WAL file is cut back to when it restarts.
const WAL_KEPT: i64 = 64 * 1024 * 1024;

/// The checkpointing thread of one writer; stops (after a last checkpoint) on drop.
pub struct BackgroundCheckpoints {
    wal: PathBuf,
    /// [`WAL_LIMIT`], smaller in tests.
    wal_limit: u64,
    stop: Arc<(Mutex<bool>, Condvar)>,
    thread: Option<JoinHandle<()>>,
}

impl BackgroundCheckpoints {
    /// Turns `writer`'s automatic checkpoints off and starts checkpointing `path`.
    pub fn start(writer: &Connection, path: &Path) -> Result<BackgroundCheckpoints, StoreError> {
        let options = SqliteOptions {
            busy_timeout: BUSY_TIMEOUT,
            statement_cache: 0,
            ..SqliteOptions::default()
        };
        let conn = sqlite::open(path, options)?;
        sqlite::manual_checkpoints(writer)?;
        writer.pragma_update(None, "journal_size_limit", WAL_KEPT)?;
        let stop = Arc::new((Mutex::new(false), Condvar::new()));
        let flag = stop.clone();
        let wal = wal_path(path);
        let thread = std::thread::Builder::new()
            .name("wal-checkpoint".to_owned())
            .spawn(move || run(&conn, &wal, &flag))
            .map_err(StoreError::Thread)?;
        Ok(BackgroundCheckpoints {
            wal: wal_path(path),
            wal_limit: WAL_LIMIT,
            stop,
            thread: Some(thread),
        })
    }
}

/// The WAL file beside the database at `path`.
fn wal_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

impl BackgroundCheckpoints {
    /// Empties the WAL through `writer` (between two of its transactions) once it has
    /// grown past [`WAL_LIMIT`].
    pub fn bound_wal(&self, writer: &Connection) -> Result<(), StoreError> {
        if std::fs::metadata(&self.wal).is_ok_and(|m| m.len() > self.wal_limit) {
            let started = std::time::Instant::now();
            writer.query_row("PRAGMA wal_checkpoint(RESTART)", [], |_| Ok(()))?;
            tracing::info!(
                took_ms = started.elapsed().as_millis() as u64,
                "WAL past its limit: checkpointed and restarted"
            );
        }
        Ok(())
    }
}

fn run(conn: &Connection, wal: &Path, stop: &(Mutex<bool>, Condvar)) {
    let (lock, wake) = stop;
    let mut stopped = lock.lock().unwrap_or_else(|e| e.into_inner());
    let mut idle = Idle::default();
    loop {
        stopped = match wake.wait_timeout(stopped, EVERY) {
            Ok((guard, _)) => guard,
            Err(poisoned) => poisoned.into_inner().0,
        };
        let mode = if idle.tick(conn) && wal_len(wal) > 0 {
            "TRUNCATE"
        } else {
            "PASSIVE"
        };
        let sql = format!("PRAGMA wal_checkpoint({mode})");
        if let Err(e) = conn.query_row(&sql, [], |_| Ok(())) {
            tracing::warn!(error = %e, mode, "WAL checkpoint failed; retrying");
        }
        if *stopped {
            return;
        }
    }
}

/// Whether the writer has been idle: no commit for [`IDLE_TICKS`] ticks in a row.
/// A caught-up projector's WAL is then copied into the main file and cut to zero
/// bytes, so that an idle read model is the database file alone on disk.
#[derive(Default)]
struct Idle {
    last_version: Option<i64>,
    ticks: u32,
}

/// Ticks without a commit after which the WAL is truncated.
const IDLE_TICKS: u32 = 2;

impl Idle {
    /// Counts one tick; true once the writer has been idle long enough.
    fn tick(&mut self, conn: &Connection) -> bool {
        // Changes whenever another connection commits.
        let version: Option<i64> = conn.query_row("PRAGMA data_version", [], |r| r.get(0)).ok();
        if version.is_some() && version == self.last_version {
            self.ticks += 1;
        } else {
            self.ticks = 0;
        }
        self.last_version = version;
        self.ticks >= IDLE_TICKS
    }
}

/// The length of the WAL file (0 when there is none).
fn wal_len(wal: &Path) -> u64 {
    std::fs::metadata(wal).map_or(0, |m| m.len())
}

impl Drop for BackgroundCheckpoints {
    fn drop(&mut self) {
        let (lock, wake) = &*self.stop;
        *lock.lock().unwrap_or_else(|e| e.into_inner()) = true;
        wake.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wal_len(db: &Path) -> u64 {
        super::wal_len(&wal_path(db))
    }

    #[test]
    fn an_idle_writer_s_wal_is_truncated_to_nothing_and_its_rows_stay() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("rm.db");
        let mut writer = crate::open::open_writer(&db).unwrap();
        let checkpoints = BackgroundCheckpoints::start(&writer, &db).unwrap();
        let tx = writer.transaction().unwrap();
        tx.execute_batch("CREATE TABLE blobs (n INTEGER PRIMARY KEY, b BLOB NOT NULL)")
            .unwrap();
        for n in 1..=256 {
            tx.execute("INSERT INTO blobs (n, b) VALUES (?1, zeroblob(4000))", [n])
                .unwrap();
        }
        tx.commit().unwrap();
        assert!(
            wal_len(&db) > 1024 * 1024,
            "the writes went to the WAL first"
        );
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while wal_len(&db) > 0 && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(200));
        }
        assert_eq!(wal_len(&db), 0, "the idle writer's WAL was truncated");
        let rows: i64 = writer
            .query_row("SELECT count(*) FROM blobs", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 256);
        drop(checkpoints);
    }

    #[test]
    fn the_wal_restarts_past_its_limit_and_nothing_written_is_lost() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("rm.db");
        let mut writer = crate::open::open_writer(&db).unwrap();
        writer
            .execute_batch("CREATE TABLE blobs (n INTEGER PRIMARY KEY, b BLOB NOT NULL)")
            .unwrap();
        let mut checkpoints = BackgroundCheckpoints::start(&writer, &db).unwrap();
        let limit = 2 * 1024 * 1024;
        checkpoints.wal_limit = limit;
        let mut largest = 0;
        for batch in 0..40 {
            let tx = writer.transaction().unwrap();
            for i in 0..64 {
                tx.execute(
                    "INSERT INTO blobs (n, b) VALUES (?1, zeroblob(4000))",
                    [batch * 64 + i],
                )
                .unwrap();
            }
            tx.commit().unwrap();
            largest = largest.max(wal_len(&db));
            checkpoints.bound_wal(&writer).unwrap();
        }
        // 40 batches of ~256 KiB: without the bound the WAL would pass 10 MiB.
        assert!(largest < limit + 1024 * 1024, "WAL reached {largest} bytes");
        let rows: i64 = writer
            .query_row("SELECT count(*) FROM blobs", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 40 * 64);
        drop(checkpoints);
    }
}
