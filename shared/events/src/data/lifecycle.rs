//! Lifecycle events: solutions moved between environments, templates made available to
//! makers, recovery tests of critical solutions, and the requests and approvals that
//! flows now handle instead of people.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::EntityId;

/// `solution.deployed`: a solution (apps and flows packaged together) is moved from
/// one environment to another, e.g. from test to production.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SolutionDeployed {
    /// The solution's name.
    pub solution: String,
    /// Environment id it came from.
    pub from_environment: EntityId,
    /// Environment id it went to.
    pub to_environment: EntityId,
}

/// `app_template.published`: an app template is made available to all makers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AppTemplatePublished {
    /// The template's name.
    pub name: String,
    /// Follows the organisation's standard branding.
    pub branded: bool,
    /// Where makers find it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// `dr_test.completed`: a disaster-recovery test of a critical solution or environment
/// was run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DrTestCompleted {
    /// What was tested: a solution or an environment.
    pub scope: String,
    /// A backup was restored and the solution worked afterwards.
    pub restored: bool,
    /// Free text, e.g. the recovery time reached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

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
