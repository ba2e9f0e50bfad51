//! # govtrack-templates
//!
//! OKR templates from the Power Platform adoption guidance, kept as TOML data, and the
//! pure planner that turns one into the events that apply it to an organisation
//! (`govtrack template list|show|apply`).
//!
//! The guidance writes each common goal as objectives, key results with blank targets
//! ("___% of IT staff trained") and initiatives. A template keeps exactly that and no
//! more: where the guidance is silent (targets, which objective a key result serves,
//! whether an initiative is for now or later) the template is silent too, and the plan
//! says what it chose.
//!
//! ## The template file
//!
//! ```toml
//! name = "leadership-buy-in"            # slug; part of every event id
//! title = "Get leadership buy-in and organization alignment"
//! goal = "get_leadership_buy_in"        # one of the seven common goals, or "custom"
//! source = "seeds/001: Get leadership buy-in and organization alignment"
//!
//! [[key_results]]                       # as many as the guidance lists, in its order
//! id = "it-staff-trained"               # slug: [a-z0-9][a-z0-9_-]{0,62}
//! title = "Establish IT as an ambassador …, with ___% of IT staff trained …"
//! unit = "% of IT staff"
//! direction = "increase"                # or "decrease"
//! baseline = 0                          # optional: 0 when absent (the plan says so)
//! objective = "drive-improvement"       # optional: else `apply` needs a link
//! # no `target`: a template keeps the guidance's blank
//!
//! [[objectives]]
//! id = "drive-improvement"
//! title = "Drive organizational improvement"
//! description = "Secure leadership support and …"      # optional
//! stakeholders = ["it_leadership"]      # optional: hr, sales, customer_service,
//!                                       # legal_compliance, operations_management,
//!                                       # it_leadership
//!
//! [[objectives.initiatives]]            # under the objective above, in order
//! id = "engage-senior-leaders"
//! title = "Engage senior leaders through presentations and discussions …"
//! horizon = "now"                       # optional: now, next_year, three_years;
//!                                       # `now` when absent (the plan says so)
//! ```
//!
//! Unknown fields are refused, ids must be slugs and unique per kind, and a key
//! result's `objective` must exist; errors name the file and the field.
//!
//! ## Applying one
//!
//! [`plan`] takes the template, the organisation, the first day, a number of months,
//! an owner for the initiatives and links (`key_result=objective`), and returns the
//! envelopes to append: `objective.defined` per objective, `key_result.defined`
//! (without a target, due on the period's last day) per key result,
//! `initiative.started` per initiative, with ids `tpl:<template>:<org>:<kind>:<item>`.
//! Every envelope passes `govtrack_events::validate`. [`unlinked`] lists the key
//! results a caller must still link.
//!
//! ```
//! let template = govtrack_templates::builtin("leadership-buy-in").unwrap();
//! let links: Vec<govtrack_templates::Link> = govtrack_templates::unlinked(&template, &[])
//!     .iter()
//!     .map(|k| format!("{}=drive-improvement", k.id).parse().unwrap())
//!     .collect();
//! let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
//! let plan = govtrack_templates::plan(&template, "contoso", start, 12, None, &links).unwrap();
//! assert_eq!(plan.events.len(), 36);
//! ```
//!
//! The crate is pure but for [`load`], which reads a user's file.

mod error;
mod event_id;
mod format;
mod load;
mod plan;

pub use error::TemplateError;
pub use event_id::event_id;
pub use format::{Template, TemplateInitiative, TemplateKeyResult, TemplateObjective};
pub use load::{builtin, builtin_names, builtin_templates, load, parse, resolve};
pub use plan::{DEFAULT_OWNER, Link, MAX_MONTHS, Plan, plan, unlinked};
