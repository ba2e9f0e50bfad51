//! The rules: pure functions from projected rows and `now` to [`Finding`]s. Nothing here
//! reads the clock, the log or the store.

pub mod digest;
pub(crate) mod finding;
pub mod maturity;
pub mod overdue;
pub mod source_watch;
pub mod stall;

pub use finding::Finding;
