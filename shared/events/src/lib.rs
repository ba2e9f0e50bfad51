//! # govtrack-events
//!
//! The public contract of govtrack's log: the event [`Envelope`] that tooling sends, the
//! v1 catalogue of event types with one typed `data` struct per type, the validation
//! that turns an envelope into a checked [`Event`] (or names every problem by field),
//! the JSON form stored on the log ([`StoredEvent`]) with a schema version per type and
//! a place for upcasters, and a JSON Schema per type.
//!
//! This crate is pure: no I/O, no clock. Callers pass "now" in.
//!
//! ```
//! use govtrack_events::{Envelope, validate};
//! let body = serde_json::json!({
//!     "type": "sponsor.named", "org": "contoso",
//!     "data": {"sponsor": "cio", "name": "Ada Lovelace", "formal": true}
//! });
//! let envelope: Envelope = serde_json::from_value(body).unwrap();
//! let event = validate(envelope, chrono::Utc::now()).unwrap();
//! assert_eq!(event.entity().kind, "sponsor");
//! ```

mod catalogue;
pub mod data;
mod decoded;
mod envelope;
mod error;
mod examples;
mod ids;
mod recorded_by;
mod rules;
mod stored;
mod upcast;
mod validate;

pub use catalogue::{EventData, EventType};
pub use data::{Goal, Stakeholder, goal_choices, stakeholder_choices};
pub use decoded::DecodedEvent;
pub use envelope::{Entity, Envelope, Event};
pub use error::{Problem, ValidationError};
pub use examples::{describe, example_data};
pub use ids::{EntityId, EventId, IdError, Org};
pub use recorded_by::{RecordedBy, RecorderKind};
pub use stored::{DecodeError, StoredEvent};
pub use upcast::upcast;
pub use validate::{
    BatchError, MAX_BATCH, parse_batch, validate, validate_batch, validate_trusted,
};
