//! Generic evidence, manual assessments and targets per capability.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::date;
use crate::EntityId;

/// `evidence.recorded`: a signal that no tool emits natively.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceRecorded {
    /// Capability id of the maturity model, e.g. `security`.
    pub capability: EntityId,
    /// Signal name from the model, e.g. `admin_conditional_access`.
    pub signal: EntityId,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// True for a signal of the organisation's own that its maturity model does not
    /// list; ingest then skips the check against the model (default false).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub custom: bool,
}

/// `capability.assessed`: a person attests a level; it satisfies the capability's
/// requirements up to that level until it expires.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CapabilityAssessed {
    /// Capability id.
    pub capability: EntityId,
    /// 100, 200, 300, 400 or 500.
    pub level: u16,
    /// Who assessed.
    pub assessor: String,
    /// Days the attestation stays valid (default 365).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_days: Option<u32>,
}

/// `capability.target_set`: the level the organisation aims for, and by when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CapabilityTargetSet {
    /// Capability id.
    pub capability: EntityId,
    /// 100, 200, 300, 400 or 500.
    pub level: u16,
    /// Due date, `YYYY-MM-DD`.
    #[serde(deserialize_with = "date::required")]
    pub due: NaiveDate,
}
