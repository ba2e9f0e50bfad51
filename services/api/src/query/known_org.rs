//! The first check of every read of one organisation: it has events.

use govtrack_readmodel::read;
use rusqlite::Connection;

use super::error::QueryError;

/// Fails with [`QueryError::UnknownOrg`] unless `org` has events.
pub(super) fn known_org(conn: &Connection, org: &str) -> Result<(), QueryError> {
    match read::org(conn, org)? {
        Some(_) => Ok(()),
        None => Err(QueryError::UnknownOrg(org.to_owned())),
    }
}
