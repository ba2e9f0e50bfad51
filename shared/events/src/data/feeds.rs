//! Feed events: what the inventory collector finds (environments changed or gone,
//! resource counts) and the watch on every source of events (an expected cadence, and
//! the scheduler's findings when a source goes quiet or a collector run fails).

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::EntityId;

/// `environment.updated`: an environment's kind or managed flag changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnvironmentUpdated {
    /// Environment id.
    pub environment: EntityId,
    /// Kind now: `production`, `sandbox`, `developer`, `default`, `teams`, …
    pub kind: String,
    /// Whether it is a managed environment now.
    pub managed: bool,
}

/// `environment.deleted`: the environment no longer exists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnvironmentDeleted {
    /// Environment id.
    pub environment: EntityId,
}

/// What the inventory counts.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ResourceType {
    /// Canvas, model-driven, code and App Builder apps.
    Apps,
    /// Cloud flows and agent flows.
    Flows,
    /// Copilot Studio agents.
    Agents,
}

impl ResourceType {
    /// Every resource type, in order.
    pub const ALL: [ResourceType; 3] = [Self::Apps, Self::Flows, Self::Agents];

    /// The name as on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Apps => "apps",
            Self::Flows => "flows",
            Self::Agents => "agents",
        }
    }
}

/// `inventory.counted`: how many resources of a type live in environments of one kind
/// and managed flag, as the tenant's inventory lists them now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InventoryCounted {
    /// Apps, flows or agents.
    pub resource_type: ResourceType,
    /// The kind of the environments counted, e.g. `production`, `default`.
    pub environment_kind: String,
    /// Whether those environments are managed.
    pub managed: bool,
    /// How many.
    pub count: u64,
}

/// `source.expected`: a source of events should speak at least every `every_hours`;
/// silent for longer than twice that, it raises `source.silent`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceExpected {
    /// The source, as it appears in envelopes' `source` (e.g. `hr-sync`, `github`,
    /// `inventory-sync`).
    pub source: String,
    /// The expected cadence in hours (at least 1); 0 withdraws the expectation.
    pub every_hours: u32,
}

/// `source.silent` (scheduler): a source stayed silent past twice its cadence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceSilent {
    /// The source.
    pub source: String,
    /// Its last event; absent when it has never spoken since it was expected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_seen_at: Option<DateTime<Utc>>,
    /// The expected cadence in hours.
    pub every_hours: u32,
}

/// `source.recovered` (scheduler): a collector run succeeded after a failure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceRecovered {
    /// The collector, e.g. `inventory-sync`.
    pub source: String,
}

/// `source.failed` (scheduler): a collector run failed; nothing of it was appended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceFailed {
    /// The collector, e.g. `inventory-sync`.
    pub source: String,
    /// What went wrong, with the setting or command that fixes it.
    pub error: String,
}
