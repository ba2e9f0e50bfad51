//! Why a collector run or a sign-in failed, by the step that failed: the settings, a
//! file, the sign-in, the query, an answer's shape, the store or the log. Every
//! message names what to fix (an `[inventory]` setting, or `govtrack inventory
//! login`); where a library error caused it, that error is the source.

use std::path::PathBuf;

use govtrack_bus::AppendError;
use govtrack_events::ValidationError;

use crate::store::StoreError;

/// A failed run or sign-in.
#[derive(Debug, thiserror::Error)]
pub enum InventoryError {
    /// The configuration is wrong or incomplete (no `[inventory]`, no sign-in yet).
    #[error("{0}")]
    Config(String),
    /// A file the collector reads or writes (the client secret, the stored sign-in).
    #[error("cannot {action} {}", path.display())]
    File {
        /// What was being done, e.g. "read inventory.client_secret_file".
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The HTTP client could not be built.
    #[error("cannot build the HTTP client")]
    Client(#[source] reqwest::Error),
    /// Entra ID's sign-in host could not be reached.
    #[error("cannot reach the sign-in host at {url}; check inventory.login_host")]
    SignInUnreachable {
        /// The endpoint.
        url: String,
        /// Why.
        #[source]
        source: reqwest::Error,
    },
    /// The sign-in host answered something that is not a token endpoint's answer.
    #[error("the token endpoint {url} answered {status} with no token; check inventory.login_host")]
    SignInAnswer {
        /// The endpoint.
        url: String,
        /// Its HTTP status.
        status: u16,
        /// Why the body did not read as an answer.
        #[source]
        source: serde_json::Error,
    },
    /// The stored sign-in can no longer be used, or a sign-in did not complete (Entra
    /// ID's own words).
    #[error("{0}")]
    SignIn(String),
    /// Entra ID or the inventory API refused the credentials or the token (Entra ID's
    /// or the API's words, with the settings to check).
    #[error("{0}")]
    Denied(String),
    /// The inventory API could not be reached, or its answer not read.
    #[error("cannot query {url}; check inventory.host")]
    Query {
        /// The endpoint.
        url: String,
        /// Why.
        #[source]
        source: reqwest::Error,
    },
    /// The API stayed throttled past the run's budget.
    #[error(
        "{url} still answers {status} after waiting {waited_s}s; the run gives up (inventory.retry_budget is {budget_s}s)"
    )]
    Throttled {
        /// The endpoint.
        url: String,
        /// 429 or 503.
        status: u16,
        /// Seconds waited in this run.
        waited_s: u64,
        /// The budget, in seconds.
        budget_s: u64,
    },
    /// The API answered a status the collector does not expect.
    #[error("{url} answered {status}: {body}")]
    Status {
        /// The endpoint.
        url: String,
        /// The status.
        status: u16,
        /// The start of its body.
        body: String,
    },
    /// An answer (a page, a device code) does not have the documented shape.
    #[error("the answer of {url} is not the documented shape")]
    Parse {
        /// The endpoint.
        url: String,
        /// Where it differs.
        #[source]
        source: serde_json::Error,
    },
    /// The API gave the same `skipToken` twice.
    #[error("{url} answered the same skipToken twice; stopped rather than loop")]
    Paging {
        /// The endpoint.
        url: String,
    },
    /// The inventory gave a value that no event can record.
    #[error("the inventory gave a value govtrack cannot record")]
    Record(#[source] ValidationError),
    /// The scheduler's store failed.
    #[error("the scheduler's store failed")]
    Store(#[from] StoreError),
    /// Appending the changes to the log failed.
    #[error("appending to the log failed")]
    Append(#[source] AppendError),
}
