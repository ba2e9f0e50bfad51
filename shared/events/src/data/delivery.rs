//! Delivery events: solutions moved between environments, templates for makers, and
//! recovery tests of critical solutions.

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
