//! Where the read model's bytes are: each table's and each index's pages, from SQLite's
//! `dbstat` table, read over a read-only connection to the current generation while
//! the projector runs.

use std::path::Path;

use anyhow::Context;
use govtrack_readmodel::ReadModelDir;
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

/// One table or index and the bytes of its pages.
#[derive(Debug, Clone, Serialize)]
pub struct TableSize {
    pub name: String,
    pub bytes: u64,
}

/// Every table and index of the read model under `data_dir`, largest first.
pub fn tables(data_dir: &Path) -> anyhow::Result<Vec<TableSize>> {
    let dir = ReadModelDir::under(data_dir);
    let current = (dir.current())
        .context("reading the read model's CURRENT")?
        .context("no read model yet")?;
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(&current.path, flags)
        .with_context(|| format!("opening {}", current.path.display()))?;
    let mut stmt = conn
        .prepare("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC, 1")
        .context("dbstat (SQLite built without SQLITE_ENABLE_DBSTAT_VTAB?)")?;
    let rows = stmt
        .query_map([], |r| {
            Ok(TableSize {
                name: r.get(0)?,
                bytes: r.get::<_, i64>(1)? as u64,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}
