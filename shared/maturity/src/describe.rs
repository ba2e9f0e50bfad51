//! A model described for display: what `GET /v1/models/{id}` serves and
//! `govtrack model show` prints.
//!
//! The description is the model as a CoE lead reads it: capabilities, each with its five
//! levels named as the guidance names them, and per level the requirements in words,
//! how to record each and where each comes from. Matchers, windows and entities stay
//! inside the evaluator; the words say them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{Capability, INITIAL, LEVELS, Model};
use crate::requirement::Requirement;

/// The five levels of the ladder and their names, lowest first.
pub const LEVEL_NAMES: [(u16, &str); 5] = [
    (100, "Initial"),
    (200, "Repeatable"),
    (300, "Defined"),
    (400, "Capable"),
    (500, "Efficient"),
];

/// The guidance's name of a level (`300` → `"Defined"`), `None` off the ladder.
pub fn level_name(level: u16) -> Option<&'static str> {
    LEVEL_NAMES
        .iter()
        .find(|(l, _)| *l == level)
        .map(|(_, name)| *name)
}

/// A whole model for display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ModelDescription {
    /// The model id, e.g. `"2025"`.
    pub id: String,
    /// The display name.
    pub name: String,
    /// How long an assessment without `valid_days` vouches for its level.
    pub attestation_valid_days: u32,
    /// In display order.
    pub capabilities: Vec<CapabilityDescription>,
}

/// One capability and its ladder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CapabilityDescription {
    /// The capability id, e.g. `"sponsorship"`.
    pub id: String,
    /// The display name, e.g. `"Executive sponsorship"`.
    pub name: String,
    /// Levels 100 to 500; 100 has no requirements (every capability starts there).
    pub levels: Vec<LevelDescription>,
}

/// One level of a capability and what it adds to the levels below.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct LevelDescription {
    /// 100 to 500.
    pub level: u16,
    /// Initial, Repeatable, Defined, Capable or Efficient.
    pub name: String,
    /// The requirements of this level alone (the levels below are needed too).
    pub requirements: Vec<RequirementDescription>,
}

/// One requirement, or one alternative of an any-of group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RequirementDescription {
    /// `fact`, `recent`, `evidence` or `any`.
    pub kind: String,
    /// What a CoE lead reads.
    pub words: String,
    /// How to record it (a `govtrack emit …` line); a group's is its alternatives'.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub how: Option<String>,
    /// The seed statement it encodes, or `govtrack: <reason>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// For an any-of group: the alternatives, any one of which is enough.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub any: Vec<RequirementDescription>,
}

impl Model {
    /// The model for display (see [`ModelDescription`]).
    pub fn describe(&self) -> ModelDescription {
        ModelDescription {
            id: self.id.clone(),
            name: self.name.clone(),
            attestation_valid_days: self.attestation_valid_days,
            capabilities: self.capabilities.iter().map(Capability::describe).collect(),
        }
    }
}

impl Capability {
    /// The capability's ladder for display.
    pub fn describe(&self) -> CapabilityDescription {
        let levels = std::iter::once(INITIAL)
            .chain(LEVELS)
            .map(|level| LevelDescription {
                level,
                name: level_name(level).unwrap_or_default().to_owned(),
                requirements: (self.requirements.iter())
                    .filter(|r| r.level == level)
                    .map(Requirement::describe)
                    .collect(),
            })
            .collect();
        CapabilityDescription {
            id: self.id.clone(),
            name: self.name.clone(),
            levels,
        }
    }
}

impl Requirement {
    /// The requirement for display, alternatives nested.
    pub fn describe(&self) -> RequirementDescription {
        RequirementDescription {
            kind: self.kind_name().to_owned(),
            words: self.words.clone(),
            how: self.how.clone(),
            source: self.source.clone(),
            any: self
                .alternatives()
                .iter()
                .map(Requirement::describe)
                .collect(),
        }
    }
}
