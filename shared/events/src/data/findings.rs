//! Findings the scheduler writes back to the log.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::EntityId;

/// `initiative.stalled`: no activity for longer than the stall threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InitiativeStalled {
    /// Initiative id.
    pub initiative: EntityId,
    /// The latest activity seen.
    pub last_activity_at: DateTime<Utc>,
    /// The threshold that was passed, in days.
    pub threshold_days: u32,
}

/// `initiative.unstalled`: activity resumed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InitiativeUnstalled {
    /// Initiative id.
    pub initiative: EntityId,
}

/// `key_result.overdue`: the due date passed before the target was reached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyResultOverdue {
    /// Key result id.
    pub key_result: EntityId,
}
