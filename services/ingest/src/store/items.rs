//! The webhooks' SQLite file, `ingest-hooks.sqlite` under the data dir: each labelled
//! item's open/closed and blocked state per initiative, and the envelope decided for
//! each delivery (docs/adr/0005). Every statement of it is here.

use std::path::Path;
use std::time::Duration;

use govtrack_runtime::sqlite::{self, SqliteOptions};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::StoreError;

/// The migrations of this file, in order.
const MIGRATIONS: &[&str] = &[include_str!("hooks_001_items.sql")];

/// An item's key: which initiative, which sender, which item.
#[derive(Debug, Clone, Copy)]
pub struct ItemKey<'a> {
    /// The organisation.
    pub org: &'a str,
    /// The initiative it is labelled for.
    pub initiative: &'a str,
    /// `github`, `azure-devops`.
    pub sender: &'a str,
    /// The item as a person reads it.
    pub item: &'a str,
}

/// An item's stored state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredItem {
    /// Closed.
    pub closed: bool,
    /// Labelled blocked.
    pub blocked: bool,
    /// The sender's order of the last update applied.
    pub order: String,
}

/// Opens (creating and migrating) the file.
pub fn open(path: &Path) -> Result<Connection, StoreError> {
    let options = SqliteOptions {
        busy_timeout: Duration::from_secs(5),
        statement_cache: 8,
        ..SqliteOptions::default()
    };
    Ok(sqlite::open_migrated(path, options, MIGRATIONS)?)
}

/// The envelope (JSON) decided for the delivery that became event `id`, if any.
pub fn decided(conn: &Connection, id: &str) -> Result<Option<String>, StoreError> {
    let mut select = conn.prepare_cached("SELECT envelope FROM deliveries WHERE id = ?1")?;
    Ok(select.query_row([id], |r| r.get(0)).optional()?)
}

/// Records the envelope decided for event `id`.
pub fn record_decision(tx: &Transaction, id: &str, envelope: &str) -> Result<(), StoreError> {
    tx.prepare_cached("INSERT OR IGNORE INTO deliveries (id, envelope) VALUES (?1, ?2)")?
        .execute(params![id, envelope])?;
    Ok(())
}

/// The item's state, if a delivery named it before.
pub fn item(tx: &Transaction, key: ItemKey) -> Result<Option<StoredItem>, StoreError> {
    let mut select = tx.prepare_cached(
        "SELECT closed, blocked, item_order FROM items
         WHERE org = ?1 AND initiative = ?2 AND sender = ?3 AND item = ?4",
    )?;
    Ok(select
        .query_row(
            params![key.org, key.initiative, key.sender, key.item],
            |r| {
                Ok(StoredItem {
                    closed: r.get(0)?,
                    blocked: r.get(1)?,
                    order: r.get(2)?,
                })
            },
        )
        .optional()?)
}

/// Writes the item's state.
pub fn put_item(tx: &Transaction, key: ItemKey, state: &StoredItem) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO items (org, initiative, sender, item, closed, blocked, item_order)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (org, initiative, sender, item)
         DO UPDATE SET closed = ?5, blocked = ?6, item_order = ?7",
    )?
    .execute(params![
        key.org,
        key.initiative,
        key.sender,
        key.item,
        state.closed,
        state.blocked,
        state.order
    ])?;
    Ok(())
}

/// `(items, closed)` of an initiative.
pub fn tally(tx: &Transaction, org: &str, initiative: &str) -> Result<(u64, u64), StoreError> {
    let mut select = tx.prepare_cached(
        "SELECT COUNT(*), COALESCE(SUM(closed), 0) FROM items WHERE org = ?1 AND initiative = ?2",
    )?;
    Ok(select.query_row(params![org, initiative], |r| {
        Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64))
    })?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_and_decisions_survive_reopening_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hooks.sqlite");
        let key = ItemKey {
            org: "contoso",
            initiative: "dlp",
            sender: "github",
            item: "a/b#1",
        };
        {
            let mut conn = open(&path).unwrap();
            let tx = conn.transaction().unwrap();
            let state = StoredItem {
                closed: true,
                blocked: false,
                order: "2".into(),
            };
            put_item(&tx, key, &state).unwrap();
            let other = ItemKey {
                item: "a/b#2",
                ..key
            };
            put_item(
                &tx,
                other,
                &StoredItem {
                    closed: false,
                    ..state
                },
            )
            .unwrap();
            record_decision(&tx, "github:d1:dlp", "{}").unwrap();
            tx.commit().unwrap();
        }
        let mut conn = open(&path).unwrap();
        assert_eq!(
            decided(&conn, "github:d1:dlp").unwrap().as_deref(),
            Some("{}")
        );
        assert_eq!(decided(&conn, "github:d2:dlp").unwrap(), None);
        let tx = conn.transaction().unwrap();
        assert_eq!(tally(&tx, "contoso", "dlp").unwrap(), (2, 1));
        assert!(item(&tx, key).unwrap().unwrap().closed);
        assert_eq!(tally(&tx, "contoso", "other").unwrap(), (0, 0));
    }
}
