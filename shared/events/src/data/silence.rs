//! Silences: an owner mutes matching alerts until a time, recorded on the log so the
//! history of who muted what, and why, is auditable.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::EntityId;

/// Which alerts a silence mutes: every given field must equal the alert's; an absent
/// field matches anything (`org` defaults to the event's organisation).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SilenceMatchers {
    /// The organisation of the alert.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    /// The alert kind, e.g. `initiative_stalled`, `key_result_overdue`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The entity id the alert is about (an initiative, a key result).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
}

/// `silence.created`: matching alerts send no notifications until `expires_at`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SilenceCreated {
    /// Silence id.
    pub silence: EntityId,
    /// What it mutes.
    pub matchers: SilenceMatchers,
    /// Who asked for it.
    pub owner: String,
    /// Why.
    pub reason: String,
    /// When it stops muting.
    pub expires_at: DateTime<Utc>,
}

/// `silence.expired`: a silence is lifted before its expiry time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SilenceExpired {
    /// Silence id.
    pub silence: EntityId,
}
