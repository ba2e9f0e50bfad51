//! The log position a SQLite projection has folded up to: the one row of its
//! `checkpoint (id = 1, sequence)` table. The read model and the scheduler's projection
//! both keep one, and move it in the same transaction as the batch it ends, so a crash
//! never leaves applied changes without their position (or the reverse).

use rusqlite::{Connection, OptionalExtension, params};

/// The last stream sequence applied (0 for a fresh file).
pub fn read(conn: &Connection) -> rusqlite::Result<u64> {
    let seq: Option<i64> = conn
        .query_row("SELECT sequence FROM checkpoint WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(seq.unwrap_or(0) as u64)
}

/// Moves the checkpoint to `sequence`; `conn` is the batch's transaction.
pub fn write(conn: &Connection, sequence: u64) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE checkpoint SET sequence = ?1 WHERE id = 1",
        params![sequence as i64],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checkpoint_reads_back_what_was_written_and_starts_at_zero() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), sequence INTEGER NOT NULL);
             INSERT INTO checkpoint (id, sequence) VALUES (1, 0);",
        )
        .unwrap();
        assert_eq!(read(&conn).unwrap(), 0);
        write(&conn, 42).unwrap();
        assert_eq!(read(&conn).unwrap(), 42);
    }
}
