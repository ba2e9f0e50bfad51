//! The reads as plain functions of a read-only connection: what each route answers,
//! without HTTP. The CLI may call them on a local read model, the routes call them on a
//! pooled connection, and tests call them directly.

mod alerts;
mod error;
mod initiatives;
mod known_org;
mod maturity;
mod okrs;
mod sources;
mod timeline;

pub use alerts::{alerts, open_alerts};
pub use error::QueryError;
pub use initiatives::{StatusFilter, initiatives};
pub(crate) use maturity::{facts_after, facts_between, level_change};
pub use maturity::{maturity, maturity_history};
pub use okrs::okrs;
pub use sources::{source_reports, sources};
pub use timeline::{MAX_PAGE, events, orgs};

use known_org::known_org;
