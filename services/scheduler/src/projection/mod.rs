//! The scheduler's own projection of the log (initiatives, key results, silences, and the
//! facts the maturity evaluator reads), folded with the same checkpointed runner the
//! projector uses. Never the projector's database.

pub mod feeds;
pub mod fold;
mod sink;

pub use sink::{CatchUpError, ProjectionSink, catch_up};
