//! # govtrack-readmodel
//!
//! The read model's SQLite schema and everything that touches it: the projector writes
//! it, the api (and the CLI through the api) reads it, and neither holds a line of its
//! SQL. The projector decides what an event changes ([`Change`]); this crate applies it.
//!
//! - [`ReadModelDir`]: numbered generations of the file in one directory and the
//!   `CURRENT` pointer a rebuild swaps ([`generation`]).
//! - [`open_writer`] / [`open_reader`]: one writer (WAL, migrated on open), read-only
//!   readers that refuse a schema other than [`SCHEMA_VERSION`].
//! - [`write`]: one transaction per batch ([`write::Batch`]), the checkpoint row
//!   committed with the rows; [`BackgroundCheckpoints`] keeps the WAL off the commit path.
//! - [`read`]: typed rows for the api: organisations, the timeline, OKRs, initiatives,
//!   dead letters and open [`read::AlertRow`]s.
//! - [`sources`]: every feed seen on the log, its expected cadence and latest failure.
//! - [`saved_timelines`]: maturity timelines saved by the projector when it is idle, so
//!   a first request replays only the events after them (a cache: never in a [`dump`]).
//! - Alerts are derived from the scheduler's findings and silences on the log
//!   ([`alerts`]), so a rebuild gives the same alerts as the live read model.

mod alerts;
mod change;
mod checkpoints;
pub mod generation;
mod open;
pub mod read;
pub mod saved_timelines;
pub mod sources;
mod time;
pub mod write;

pub use change::{Change, Effect, InitiativeState, ReadyEvent};
pub use checkpoints::BackgroundCheckpoints;
pub use generation::{Generation, ReadModelDir, remove_generation};
pub use open::{
    SCHEMA_VERSION, StoreError, WRITER, checkpoint_wal, dump, open_reader, open_writer,
    open_writer_with,
};
pub use time::{from_micros, time_micros, time_text};
