//! Maturity models as data, and the evaluator that turns an organisation's event history
//! into a maturity level per capability.
//!
//! This crate is pure: no I/O, no clock, no async. Every answer is a function of a
//! [`Model`], a slice of [`Fact`]s and an instant, so "as of last March" costs the same as
//! "now". The projector and the API call [`evaluate`] and [`level_history`]; the models
//! ship embedded ([`Model::builtin`]) and an installation may load its own file with
//! [`Model::parse`].
//!
//! # Levels
//!
//! Every capability climbs the same ladder: 100 Initial, 200 Repeatable, 300 Defined,
//! 400 Capable, 500 Efficient. A capability is at level L when every requirement of L
//! **and of every level below** holds; a missing lower requirement always wins.
//!
//! # Requirement kinds
//!
//! - `fact` — a current fact derived from events, removals honoured: either the presence
//!   of an event (`vision.published`, `coe_kit.deployed` with `module = "core"`), or an
//!   active *entity* (a sponsor named and not stepped down, a DLP policy set and not
//!   removed), optionally filtered by field matchers and counted (`count`).
//! - `recent` — at least `count` events of a type in the last `within_days` days before
//!   the evaluation time, optionally filtered by field matchers.
//! - `evidence` — an `evidence.recorded` event with this capability and a `signal`,
//!   optionally only if recorded in the last `within_days` days.
//! - `any` — an any-of group: holds when any one of its alternatives (each a `fact`,
//!   `recent` or `evidence` requirement without a level) holds; what is missing names
//!   every alternative.
//! - attestation, always on: a `capability.assessed {capability, level, valid_days?}`
//!   satisfies every requirement of that capability up to `level` until it expires
//!   (`valid_days`, default `attestation_valid_days` of the model, itself default 365).
//!   The latest assessment of a capability replaces the earlier ones.
//!
//! # Model file format (TOML)
//!
//! ```toml
//! id = "2025"                        # model id, as reported in assessments
//! name = "Adoption maturity (2025)"  # display name
//! attestation_valid_days = 365       # optional, default 365
//!
//! # Entities: things that are created and withdrawn by events, keyed by a data field.
//! [entities.sponsor]
//! event = "sponsor.named"            # creates or updates the entity (latest data wins)
//! key = "sponsor"                    # data field holding the entity id
//! # updated_by = "…"                # optional; an event type whose data replaces the entity's
//! removed_by = "sponsor.stepped_down"  # optional; withdraws the entity with that id
//!
//! [[capability]]                     # capabilities, in display order
//! id = "sponsorship"
//! name = "Executive sponsorship"
//!
//! [[capability.requirement]]
//! level = 300                        # 200, 300, 400 or 500
//! kind = "fact"                      # fact | recent | evidence
//! entity = "sponsor"                 # fact: `entity = "…"` or `event = "…"`
//! match = { formal = true }          # optional: data field equals value
//! words = "an active executive sponsor, formally identified"  # what a CoE lead reads
//! how = "govtrack emit sponsor.named --org ORG --data '{…}'"  # optional: how to record it
//! source = "seeds/004 level 300: An executive sponsor is formally identified"  # optional
//!
//! [[capability.requirement]]
//! level = 500
//! kind = "recent"
//! event = "hackathon.held"
//! within_days = 365                  # required for recent
//! count = 1                          # optional, default 1 (fact and recent)
//! active = { sponsor = "sponsor" }   # optional: data field names an active entity
//! words = "a hackathon in the last 365 days sponsored by an active sponsor"
//!
//! [[capability.requirement]]
//! level = 500
//! kind = "any"                       # any one alternative below is enough
//! words = "a KPI review or a key-result measurement in the last 90 days"  # optional
//!
//! [[capability.requirement.any]]     # an alternative: a requirement without `level`
//! kind = "recent"
//! event = "kpi.reviewed"
//! within_days = 90
//! words = "a KPI reviewed in the last 90 days"
//!
//! [[capability.requirement.any]]
//! kind = "recent"
//! event = "key_result.measured"
//! within_days = 90
//! words = "a key result measured in the last 90 days"
//! ```
//!
//! `words` is what a CoE lead reads, in the guidance's terms; `description` is its older
//! name, still read. A group without `words` is described by its alternatives' words
//! joined with " or ". `source` says where a rule comes from (`seeds/003 level 400:
//! create an app catalog`, or `govtrack: <reason>`); [`Model::describe`] shows it.
//!
//! Other matchers: `includes = { attendees = ["executive", "business", "it"] }` (an array
//! field contains every listed string). `active` is allowed on `recent` only. An
//! `evidence` requirement takes `signal` and an optional `within_days`. Unknown keys,
//! unknown kinds, levels other than 200–500, an alternative with a level or a group in a
//! group, and a capability missing a level are errors
//! that name the file, line and column ([`ModelError`]).

#[cfg(feature = "clap")]
mod args;
mod builtin;
mod cause;
mod checked;
mod describe;
mod error;
mod evaluate;
mod fact;
mod history;
mod index;
mod model;
mod models;
mod parse;
mod parse_requirement;
mod recording;
mod references;
mod requirement;
mod saved;
mod shared;
mod state;
mod timeline;
mod weight;

#[cfg(feature = "clap")]
pub use args::{ModelArg, ModelArgs};
pub use describe::{
    CapabilityDescription, LEVEL_NAMES, LevelDescription, ModelDescription, RequirementDescription,
    level_name,
};
pub use error::ModelError;
pub use evaluate::{Assessment, CapabilityAssessment, NextLevel, Target};
pub use fact::Fact;
pub use history::{LevelChange, level_history};
pub use model::{Capability, LEVELS, Model};
pub use models::{KnownModel, Models, ModelsError, load_model};
pub use recording::Recording;
pub use requirement::Requirement;
pub use timeline::{HORIZON_DAYS, Timeline, evaluate};
pub use weight::json_heap_bytes;
