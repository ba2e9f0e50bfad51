//! OKR arithmetic for govtrack: key-result progress and status, objective roll-ups,
//! and the check-in / stall rules for initiatives.
//!
//! The crate is pure: no I/O and no clock. Every function that depends on time takes
//! `now` as a parameter, so the projector, the API and the scheduler's stall scan all
//! reach the same answer for the same events (see DOMAIN.md, "OKRs" and "Stalled
//! initiatives").
//!
//! - [`key_result`]: progress, expected pace and [`KrStatus`] of one key result.
//! - [`objective`]: an objective's progress (mean) and status (worst of its key results).
//! - [`initiative`]: whether an initiative is fresh, due for check-in or stalled.
//! - [`feed`]: whether a source of events is on time, late, silent or failing.

pub mod feed;
pub mod initiative;
pub mod key_result;
pub mod objective;

pub use feed::{Feed, SourceStatus, silent_after, source_status};
pub use initiative::{
    CheckIn, DEFAULT_CHECKIN_DAYS, HorizonCadences, InitiativeState, StallThresholds,
    UnknownInitiativeState, checkin, stalled_since,
};
pub use key_result::OkrError;
pub use key_result::{
    Direction, KeyResultSpec, KrProgress, KrStatus, PaceThresholds, assess, assess_with, expected,
    progress,
};
pub use objective::{ObjectiveProgress, rollup};
