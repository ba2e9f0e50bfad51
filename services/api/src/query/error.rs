//! The one error of the reads: an organisation without events, a read-model failure,
//! or a bug (an uncovered instant, an answer that cannot be written).

use govtrack_readmodel::StoreError;

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
