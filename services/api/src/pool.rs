//! Read-only connections to the live read model, re-opened when a rebuild swaps a new
//! generation in.
//!
//! Every use reads the generation pointer first (a few microseconds); an idle connection
//! of an older generation is dropped instead of reused, so requests after a swap see the
//! new file while requests already running finish on the old one.

use std::sync::Mutex;

use govtrack_readmodel::{self as store, StoreError};
use govtrack_readmodel::{Generation, ReadModelDir};
use rusqlite::Connection;

/// Idle connections kept per process.
const MAX_IDLE: usize = 16;

/// Why no connection could be had.
#[derive(Debug, thiserror::Error)]
pub enum PoolError {
    /// No projector has created the read model yet.
    #[error("the read model does not exist yet (is the projector running?)")]
    NoReadModel,
    /// The generation pointer could not be read.
    #[error("cannot read the read model pointer: {0}")]
    Io(#[from] std::io::Error),
    /// The file could not be opened or has another schema.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A pool of read-only connections that follows the live generation.
pub struct ReadPool {
    dir: ReadModelDir,
    idle: Mutex<Vec<(u64, Connection)>>,
}

impl ReadPool {
    /// A pool over the read model in `dir`.
    pub fn new(dir: ReadModelDir) -> ReadPool {
        ReadPool {
            dir,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// Runs `f` on a connection to the live generation (blocking).
    pub fn with_conn<T>(&self, f: impl FnOnce(&Connection) -> T) -> Result<T, PoolError> {
        let generation = self.dir.current()?.ok_or(PoolError::NoReadModel)?;
        let conn = match self.take(generation.number) {
            Some(conn) => conn,
            None => store::open_reader(&generation.path)?,
        };
        // One read transaction: every statement of the answer sees the same commit,
        // however many batches the projector commits meanwhile.
        conn.execute_batch("BEGIN DEFERRED")
            .map_err(StoreError::from)?;
        let answer = f(&conn);
        conn.execute_batch("COMMIT").map_err(StoreError::from)?;
        self.give_back(&generation, conn);
        Ok(answer)
    }

    /// The live generation, if any.
    pub fn generation(&self) -> Result<Option<Generation>, PoolError> {
        Ok(self.dir.current()?)
    }

    fn take(&self, generation: u64) -> Option<Connection> {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        idle.retain(|(g, _)| *g >= generation);
        let at = idle.iter().position(|(g, _)| *g == generation)?;
        Some(idle.swap_remove(at).1)
    }

    fn give_back(&self, generation: &Generation, conn: Connection) {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        if idle.len() < MAX_IDLE {
            idle.push((generation.number, conn));
        }
    }
}
