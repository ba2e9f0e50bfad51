//! One typed `data` struct per event type, grouped by area.
//!
//! Every struct rejects unknown fields (`deny_unknown_fields`): a typo must not silently
//! drop evidence. Entity ids use [`EntityId`](crate::EntityId), so their charset is
//! checked while decoding. Dates without a time (`due`, `period_start`) are `YYYY-MM-DD`,
//! read by the `date` module so that a full instant is refused in words.

mod community;
mod date;
mod evidence;
mod feeds;
mod findings;
mod goals;
mod governance;
mod lifecycle;
mod okr;
mod silence;
mod sponsorship;
mod strategy;
mod value;

pub use community::{
    Audience, ChampionRecognized, Hackathon, ShowAndTell, SuccessStoryPublished, TrainingHeld,
};
pub use evidence::{CapabilityAssessed, CapabilityTargetSet, EvidenceRecorded};
pub use feeds::{
    EnvironmentDeleted, EnvironmentUpdated, InventoryCounted, ResourceType, SourceExpected,
    SourceFailed, SourceRecovered, SourceSilent,
};
pub use findings::{InitiativeStalled, InitiativeUnstalled, KeyResultOverdue};
pub use goals::{ChoiceError, Goal, Stakeholder, goal_choices, stakeholder_choices};
pub use governance::{
    AdminRoleAssigned, CoeKitDeployed, CoeKitModule, DlpPolicyRemoved, DlpPolicySet, DlpScope,
    EnvironmentCreated, TenantIsolationConfigured,
};
pub use lifecycle::{
    AppTemplatePublished, ApprovalFlowEnabled, DrTestCompleted, RequestAutomationEnabled,
    RequestKind, SolutionDeployed,
};
pub use okr::{
    Direction, Horizon, InitiativeBlocked, InitiativeCancelled, InitiativeCompleted,
    InitiativeProgressed, InitiativeStarted, KeyResultDefined, KeyResultMeasured,
    KeyResultTargetSet, Measure, ObjectiveClosed, ObjectiveDefined,
};
pub use silence::{SilenceCreated, SilenceExpired, SilenceMatchers};
pub use sponsorship::{Role, SponsorNamed, SponsorReviewHeld, SponsorSteppedDown};
pub use strategy::{CoeEstablished, ProductOwnerNamed, Published, VisionPublished};
pub use value::KpiReviewed;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Data of an org-level milestone that needs no more than an optional note
/// (`champion_program.launched`, `welcome_email.enabled`, `pipeline.enabled`, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// Free text for people reading the timeline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}
