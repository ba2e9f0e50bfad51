//! The template file format: what a TOML template holds, as Rust types.
//!
//! The shape mirrors the guidance's pages: a goal, objectives (each with the
//! initiatives listed under it, in order), and key results that the page lists apart
//! from the objectives. Fields the guidance leaves open are optional here and stay
//! open: a key result's `target` does not exist in the format at all, its `objective`
//! and `baseline` and an initiative's `horizon` may be left out.

use govtrack_events::data::{Direction, Goal, Horizon, Stakeholder};
use serde::{Deserialize, Serialize};

/// A template: one goal of the guidance, ready to apply to an organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// Short name, also part of every event id the plan makes: `leadership-buy-in`.
    pub name: String,
    /// Title in the guidance's words.
    pub title: String,
    /// The common goal every objective of the template serves.
    pub goal: Goal,
    /// Where the words come from, e.g. `seeds/001: Get leadership buy-in …`.
    pub source: String,
    /// The objectives, in the guidance's order.
    pub objectives: Vec<TemplateObjective>,
    /// The key results, in the guidance's order.
    #[serde(default)]
    pub key_results: Vec<TemplateKeyResult>,
}

/// An objective and the initiatives the guidance lists under it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateObjective {
    /// Id of the objective it becomes, `[a-z0-9][a-z0-9_-]{0,62}`.
    pub id: String,
    /// Title in the guidance's words.
    pub title: String,
    /// The guidance's sentence under the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Stakeholder groups to align with; empty when the guidance does not say.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stakeholders: Vec<Stakeholder>,
    /// The initiatives under this objective, in the guidance's order.
    #[serde(default)]
    pub initiatives: Vec<TemplateInitiative>,
}

/// A key result as the guidance writes it: with its blank, and no target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateKeyResult {
    /// Id of the key result it becomes.
    pub id: String,
    /// Title in the guidance's words, blank kept ("___% of IT staff trained").
    pub title: String,
    /// Unit of the measure, e.g. `% of IT staff`.
    pub unit: String,
    /// Which way the measure should move.
    pub direction: Direction,
    /// Starting value, when the wording fixes it; applying without one starts at 0
    /// and says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<f64>,
    /// The objective it serves, when the template knows; else `apply` needs a link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objective: Option<String>,
}

/// An initiative as the guidance writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateInitiative {
    /// Id of the initiative it becomes.
    pub id: String,
    /// Title in the guidance's words.
    pub title: String,
    /// Now, next year or three years, when the guidance says; applying without one
    /// starts it as `now` and says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub horizon: Option<Horizon>,
}

impl Template {
    /// Every initiative with the id of the objective it sits under, in order.
    pub fn initiatives(&self) -> impl Iterator<Item = (&TemplateObjective, &TemplateInitiative)> {
        self.objectives
            .iter()
            .flat_map(|o| o.initiatives.iter().map(move |i| (o, i)))
    }

    /// The objective with this id.
    pub fn objective(&self, id: &str) -> Option<&TemplateObjective> {
        self.objectives.iter().find(|o| o.id == id)
    }

    /// The key result with this id.
    pub fn key_result(&self, id: &str) -> Option<&TemplateKeyResult> {
        self.key_results.iter().find(|k| k.id == id)
    }
}
