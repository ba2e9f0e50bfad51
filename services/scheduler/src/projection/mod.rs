//! The scheduler's own projection of the log (initiatives, key results, silences),
//! folded with the same checkpointed runner the projector uses.

pub mod fold;
mod sink;

pub use sink::{ProjectionSink, catch_up};
