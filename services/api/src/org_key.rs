//! The key every per-organisation cache entry is stored under: the organisation and the
//! last sequence the read model applied for it, so a newer event makes a new key.

use govtrack_readmodel::read;
use rusqlite::Connection;

use crate::query::QueryError;

/// An organisation known to the read model, at its last applied sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgKey {
    pub org: String,
    pub last_sequence: u64,
}

impl OrgKey {
    /// The key of `org`, or [`QueryError::UnknownOrg`] if it has no events.
    pub fn read(conn: &Connection, org: &str) -> Result<OrgKey, QueryError> {
        let row = read::org(conn, org)?.ok_or_else(|| QueryError::UnknownOrg(org.to_owned()))?;
        Ok(OrgKey {
            org: row.org,
            last_sequence: row.last_sequence,
        })
    }
}
