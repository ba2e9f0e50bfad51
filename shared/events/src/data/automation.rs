//! Automation events: requests handled by flows, and approvals routed between the CoE,
//! IT and admins.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Which requests of makers are handled by an automated process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// Requests for a new environment.
    Environment,
    /// Requests for a DLP policy change or exception.
    Dlp,
}

/// `request_automation.enabled`: makers' requests of one kind are now handled by an
/// automated process (a form and a flow), not by hand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestAutomationEnabled {
    /// Which requests.
    pub requests: RequestKind,
    /// Free text, e.g. the flow's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `approval_flow.enabled`: an approval between the CoE, IT and admins is routed
/// automatically, through approvals and, when `teams` is set, Microsoft Teams messages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApprovalFlowEnabled {
    /// What is approved, e.g. `environment_request`, `app_publication`.
    pub process: String,
    /// The approvers are notified, and answer, in Microsoft Teams.
    pub teams: bool,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}
