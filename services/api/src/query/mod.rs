//! The reads as plain functions of a read-only connection: what each route answers,
//! without HTTP. The CLI may call them on a local read model, the routes call them on a
//! pooled connection, and tests call them directly.

mod alerts;
mod initiatives;
mod maturity;
mod okrs;
mod sources;
mod timeline;

pub use alerts::{alerts, open_alerts};
pub use initiatives::{StatusFilter, initiatives};
pub(crate) use maturity::{facts_after, facts_between, level_change};
pub use maturity::{maturity, maturity_history};
pub use okrs::okrs;
pub use sources::{source_reports, sources};
pub use timeline::{MAX_PAGE, events, orgs};

use govtrack_readmodel::{StoreError, read};
use rusqlite::Connection;

/// Why a read could not be answered.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// No event of this organisation has been applied.
    #[error("organisation {0:?} has no events")]
    UnknownOrg(String),
    /// A cached timeline was asked about an instant past its horizon (a bug).
    #[error("the maturity timeline does not reach {0}")]
    Uncovered(chrono::DateTime<chrono::Utc>),
    /// The read model failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// An answer could not be written as JSON (a bug).
    #[error("cannot write the answer as JSON: {0}")]
    Encode(#[from] serde_json::Error),
}

impl From<rusqlite::Error> for QueryError {
    fn from(e: rusqlite::Error) -> Self {
        QueryError::Store(StoreError::Sqlite(e))
    }
}

/// Fails with [`QueryError::UnknownOrg`] unless `org` has events.
fn known_org(conn: &Connection, org: &str) -> Result<(), QueryError> {
    match read::org(conn, org)? {
        Some(_) => Ok(()),
        None => Err(QueryError::UnknownOrg(org.to_owned())),
    }
}
