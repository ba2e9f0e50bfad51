//! A parsed maturity model: capabilities, their requirements per level, and entities.

use crate::error::ModelError;
use crate::requirement::RequirementKind;

/// The levels above 100, in order; 100 (Initial) needs nothing.
pub const LEVELS: [u16; 4] = [200, 300, 400, 500];

/// The lowest level, which every capability has without any evidence.
pub(crate) const INITIAL: u16 = 100;

/// The highest level.
pub(crate) const TOP: u16 = 500;

const BUILTINS: [(&str, &str, &str); 2] = [
    (
        "2025",
        "models/2025.toml",
        include_str!("../models/2025.toml"),
    ),
    (
        "2021",
        "models/2021.toml",
        include_str!("../models/2021.toml"),
    ),
];

/// A maturity model: an id, a name, and its capabilities in display order.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) attestation_valid_days: u32,
    pub(crate) entities: Vec<Entity>,
    pub(crate) capabilities: Vec<Capability>,
}

/// Something created by one event type and withdrawn by another, keyed by a data field.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entity {
    pub(crate) id: String,
    pub(crate) event: String,
    pub(crate) key: String,
    pub(crate) removed_by: Option<String>,
}

/// One capability of a model (e.g. "sponsorship") with its requirements.
#[derive(Debug, Clone, PartialEq)]
pub struct Capability {
    pub(crate) id: String,
    pub(crate) name: String,
    /// Sorted by level; every level of [`LEVELS`] has at least one.
    pub(crate) requirements: Vec<Requirement>,
}

/// One requirement of one level of a capability.
#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    pub(crate) level: u16,
    pub(crate) description: String,
    pub(crate) kind: RequirementKind,
}

impl Model {
    /// Parses a model file; `source_name` (a path or name) appears in errors.
    pub fn parse(source_name: &str, toml_text: &str) -> Result<Model, ModelError> {
        crate::parse::parse_model(source_name, toml_text)
    }

    /// A model shipped with the crate: `"2025"` (the default) or `"2021"`.
    pub fn builtin(id: &str) -> Option<Model> {
        let (_, path, text) = BUILTINS.iter().find(|(builtin, _, _)| *builtin == id)?;
        Some(Model::parse(path, text).expect("builtin models are valid (tested)"))
    }

    /// The ids of the models shipped with the crate, the default first.
    pub fn builtin_ids() -> impl Iterator<Item = &'static str> {
        BUILTINS.iter().map(|(id, _, _)| *id)
    }

    /// The 2025 model.
    pub fn default_model() -> Model {
        Model::builtin("2025").expect("the 2025 model is built in")
    }

    /// The model id, e.g. `"2025"`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The display name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The capabilities in display order.
    pub fn capabilities(&self) -> &[Capability] {
        &self.capabilities
    }

    /// The capability with this id.
    pub fn capability(&self, id: &str) -> Option<&Capability> {
        self.capabilities.iter().find(|c| c.id == id)
    }

    /// How long an assessment without `valid_days` stays valid.
    pub fn attestation_valid_days(&self) -> u32 {
        self.attestation_valid_days
    }
}

impl Capability {
    /// The capability id, e.g. `"sponsorship"`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The display name, e.g. `"Executive sponsorship"`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// All requirements, sorted by level.
    pub fn requirements(&self) -> &[Requirement] {
        &self.requirements
    }
}

impl Requirement {
    /// The level this requirement belongs to (200–500).
    pub fn level(&self) -> u16 {
        self.level
    }

    /// The requirement in plain words, as listed under `missing`.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The kind as written in the model file: `fact`, `recent` or `evidence`.
    pub fn kind_name(&self) -> &'static str {
        self.kind.name()
    }
}
