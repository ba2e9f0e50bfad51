//! The maturity facts the weekly digest evaluates: the organisations that have any, and
//! one organisation's facts in log order. Written by [`super::projection`].

use govtrack_maturity::Fact;
use rusqlite::types::Type;
use rusqlite::{Connection, params};

use super::{StoreError, at};

/// Organisations with at least one fact, in order.
pub fn orgs(conn: &Connection) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT DISTINCT org FROM facts ORDER BY org")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every fact of `org`, in log order.
pub fn of_org(conn: &Connection, org: &str) -> Result<Vec<Fact>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT type, occurred_ms, data FROM facts WHERE org = ?1 ORDER BY sequence",
    )?;
    let rows = stmt.query_map(params![org], |r| {
        let data: String = r.get(2)?;
        let data = serde_json::from_str(&data)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(2, Type::Text, Box::new(e)))?;
        Ok(Fact::new(r.get::<_, String>(0)?, at(r.get(1)?), data))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
