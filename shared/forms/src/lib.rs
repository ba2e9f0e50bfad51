//! # govtrack-forms
//!
//! The forms a person records events with, generated from the event catalogue: each
//! type's JSON Schema (`EventType::data_schema`) becomes a [`Form`], a list of
//! [`Field`]s, each with a label and help in the schema's own words, whether it is
//! required, and the kind of input that fits it ([`Input`]): a select for a closed list
//! of words, a date input for a date, a number input for a number, checkboxes or one
//! line per item for a list, a checkbox for yes or no.
//!
//! What a person typed arrives as the form's name/value pairs ([`Values`]) and becomes
//! the event's envelope ([`Form::envelope`]); ingest then validates it like any other
//! record, and each problem it names maps back onto its field ([`field_of_problem`]).
//! The conversion is lenient on purpose: text that is not a number stays text, so that
//! ingest refuses it in its own words, next to the field. Nothing here decides what is
//! valid.
//!
//! A silence's end can be picked as a duration ("1 week", [`DURATION`]), counted from
//! the moment the form is sent, or typed as an instant.
//!
//! Pure: no I/O, no clock (now is a parameter), no HTML (the dashboard renders the
//! fields).
//!
//! ```
//! use govtrack_events::EventType;
//! use govtrack_forms::{Form, Values};
//! let form = Form::of(EventType::TrainingHeld);
//! assert_eq!(form.fields[0].label, "Kind");
//! let typed = Values::from_pairs([("kind", "onboarding"), ("attendees", "25")]);
//! let now = "2026-03-01T12:00:00Z".parse().unwrap();
//! let envelope = form.envelope("contoso", &typed, now);
//! assert_eq!(envelope.data, serde_json::json!({"kind": "onboarding", "attendees": 25}));
//! ```

mod duration;
mod field;
mod form;
mod generate;
mod submit;
mod values;
mod words;

pub use duration::DURATION;
pub use field::{Choice, Field, Group, Input};
pub use form::{Form, SchemaError};
pub use submit::{MISSING, OCCURRED_AT, field_of_problem, occurred_at_field};
pub use values::Values;
