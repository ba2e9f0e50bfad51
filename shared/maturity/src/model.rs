//! A parsed maturity model: capabilities, their requirements per level, and entities.

use crate::requirement::{Entity, Requirement, RequirementKind};
use crate::shared::Shared;

/// The levels above 100, in order; 100 (Initial) needs nothing.
pub const LEVELS: [u16; 4] = [200, 300, 400, 500];

/// The lowest level, which every capability has without any evidence.
pub(crate) const INITIAL: u16 = 100;

/// The highest level.
pub(crate) const TOP: u16 = 500;

/// A maturity model: an id, a name, and its capabilities in display order.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) attestation_valid_days: u32,
    pub(crate) entities: Vec<Entity>,
    pub(crate) capabilities: Vec<Capability>,
    /// What every replay under this model shares.
    pub(crate) shared: Shared,
}

/// One capability of a model (e.g. "sponsorship") with its requirements.
#[derive(Debug, Clone, PartialEq)]
pub struct Capability {
    pub(crate) id: String,
    pub(crate) name: String,
    /// Sorted by level; every level of [`LEVELS`] has at least one.
    pub(crate) requirements: Vec<Requirement>,
    /// The requirements' conditions flattened: a plain requirement is one leaf, an
    /// any-of group one leaf per alternative. The evaluator keeps its state per leaf.
    pub(crate) leaves: Vec<Leaf>,
}

/// Where one leaf condition sits: its requirement, and its alternative in an any-of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Leaf {
    /// Index into the capability's requirements.
    pub(crate) owner: usize,
    /// Index into the owner's alternatives (`None` for a plain requirement).
    pub(crate) alternative: Option<usize>,
}

impl Model {
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

    /// Every requirement of every capability, any-of groups followed by each of their
    /// alternatives, with the capability's id: what checks of a whole model walk.
    pub fn requirements(&self) -> Vec<(&str, &Requirement)> {
        let mut out = Vec::new();
        for cap in &self.capabilities {
            for req in cap.requirements() {
                out.push((cap.id(), req));
                out.extend(req.alternatives().iter().map(|a| (cap.id(), a)));
            }
        }
        out
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

    /// The evidence signals this capability's requirements name (inside any-of groups
    /// too), in model order, each once: what `evidence.recorded` may carry for it.
    pub fn evidence_signals(&self) -> Vec<&str> {
        let mut signals: Vec<&str> = Vec::new();
        for l in 0..self.leaves.len() {
            if let RequirementKind::Evidence { signal, .. } = self.leaf_kind(l)
                && !signals.contains(&signal.as_str())
            {
                signals.push(signal);
            }
        }
        signals
    }

    /// Flattens the requirements into leaves (call once the requirements are sorted).
    pub(crate) fn with_leaves(mut self) -> Self {
        self.leaves = (self.requirements.iter().enumerate())
            .flat_map(|(owner, req)| match &req.kind {
                RequirementKind::Any(alternatives) => (0..alternatives.len())
                    .map(|a| Leaf {
                        owner,
                        alternative: Some(a),
                    })
                    .collect(),
                _ => vec![Leaf {
                    owner,
                    alternative: None,
                }],
            })
            .collect();
        self
    }

    /// The condition of leaf `l`.
    pub(crate) fn leaf_kind(&self, l: usize) -> &RequirementKind {
        let leaf = self.leaves[l];
        let req = &self.requirements[leaf.owner];
        match (&req.kind, leaf.alternative) {
            (RequirementKind::Any(alternatives), Some(a)) => &alternatives[a].kind,
            (kind, _) => kind,
        }
    }
}
