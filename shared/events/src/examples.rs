//! A valid example `data` for every event type: shown by `govtrack event-types TYPE`
//! and used by the tests to prove each type accepts what its docs show.

use serde_json::{Value, json};

use crate::EventType;
use crate::data::{goal_choices, stakeholder_choices};

/// A valid example of `data` for `event_type`.
pub fn example_data(event_type: EventType) -> Value {
    use EventType as T;
    match event_type {
        T::SponsorNamed => {
            json!({"sponsor": "cio", "name": "Ada Lovelace", "title": "CIO", "formal": true})
        }
        T::SponsorReviewHeld => {
            json!({"sponsor": "cio", "attendees": ["executive", "business", "it"]})
        }
        T::SponsorSteppedDown => json!({"sponsor": "cio"}),
        T::VisionPublished => {
            json!({"title": "Empower every team to build", "url": "https://intranet/vision"})
        }
        T::ProductOwnerNamed => json!({"name": "Grace Hopper", "title": "Platform product owner"}),
        T::CoeEstablished => json!({"lead": "Katherine Johnson", "members": 5}),
        T::IntakeProcessEstablished
        | T::EnvironmentStrategyPublished
        | T::ValueAssessmentCompleted
        | T::SupportTiersDefined
        | T::AppCatalogPublished
        | T::ComponentLibraryPublished => json!({"url": "https://intranet/coe", "note": "v1"}),
        T::DlpPolicySet => json!({"policy": "default-env", "scope": "default"}),
        T::DlpPolicyRemoved => json!({"policy": "default-env"}),
        T::TenantIsolationConfigured => json!({"direction": "both"}),
        T::EnvironmentCreated => {
            json!({"environment": "finance-prod", "kind": "production", "managed": true})
        }
        T::EnvironmentUpdated => {
            json!({"environment": "finance-prod", "kind": "production", "managed": false})
        }
        T::EnvironmentDeleted => json!({"environment": "finance-prod"}),
        T::InventoryCounted => {
            json!({"resource_type": "apps", "environment_kind": "production", "managed": true, "count": 42})
        }
        T::CoeKitDeployed => json!({"module": "core", "version": "4.50"}),
        T::AdminRoleAssigned => json!({"role": "power_platform_admin", "assignee": "coe-admins"}),
        T::HackathonHeld => json!({"name": "Spring hack", "participants": 40, "sponsor": "cio"}),
        T::TrainingHeld => json!({"kind": "app_in_a_day", "attendees": 25}),
        T::ChampionRecognized => json!({"champion": "jdoe", "name": "Jane Doe"}),
        T::ChampionProgramLaunched
        | T::WelcomeEmailEnabled
        | T::PipelineEnabled
        | T::InnovationBacklogLaunched => json!({"note": "announced on the intranet"}),
        T::SuccessStoryPublished => {
            json!({"title": "Expense approvals in a day", "url": "https://intranet/story", "audience": "internal", "sponsor": "cio"})
        }
        T::SolutionDeployed => {
            json!({"solution": "Expense approvals", "from_environment": "finance-test", "to_environment": "finance-prod"})
        }
        T::RequestAutomationEnabled => {
            json!({"requests": "environment", "note": "environment request form and flow"})
        }
        T::ApprovalFlowEnabled => {
            json!({"process": "environment_request", "teams": true})
        }
        T::AppTemplatePublished => {
            json!({"name": "Branded canvas app", "branded": true, "url": "https://intranet/templates"})
        }
        T::DrTestCompleted => {
            json!({"scope": "finance-prod", "restored": true, "note": "restored in 3 hours"})
        }
        T::ShowAndTellHeld => json!({"topic": "Field inspections app", "attendees": 60}),
        T::KpiReviewed => json!({"kpi": "hours_saved", "value": 1200.0}),
        T::EvidenceRecorded => {
            json!({"capability": "security", "signal": "admin_conditional_access", "note": "policy CA-01"})
        }
        T::CapabilityAssessed => {
            json!({"capability": "automation", "level": 300, "assessor": "coe-lead", "valid_days": 180})
        }
        T::CapabilityTargetSet => {
            json!({"capability": "governance", "level": 400, "due": "2027-06-30"})
        }
        T::ObjectiveDefined => {
            json!({"objective": "buy-in", "title": "Get leadership buy-in", "description": "Secure leadership support for the adoption", "goal": "get_leadership_buy_in", "stakeholders": ["it_leadership", "hr"], "period_start": "2026-01-01", "period_end": "2026-12-31"})
        }
        T::ObjectiveClosed => json!({"objective": "buy-in"}),
        T::KeyResultDefined => {
            json!({"key_result": "exec-reviews", "objective": "buy-in", "title": "Quarterly sponsor reviews held", "unit": "reviews", "baseline": 0.0, "target": 4.0, "direction": "increase", "due": "2026-12-31"})
        }
        T::KeyResultMeasured => json!({"key_result": "exec-reviews", "value": 2.0}),
        T::KeyResultTargetSet => {
            json!({"key_result": "exec-reviews", "target": 6.0, "due": "2027-03-31"})
        }
        T::InitiativeStarted => {
            json!({"initiative": "sponsor-cadence", "objective": "buy-in", "key_results": ["exec-reviews"], "title": "Set up a sponsor review cadence", "owner": "coe-lead", "horizon": "now", "checkin_days": 14})
        }
        T::InitiativeProgressed => {
            json!({"initiative": "sponsor-cadence", "note": "first review booked", "percent": 30})
        }
        T::InitiativeBlocked => {
            json!({"initiative": "sponsor-cadence", "reason": "sponsor on leave"})
        }
        T::InitiativeCompleted => json!({"initiative": "sponsor-cadence"}),
        T::InitiativeCancelled => {
            json!({"initiative": "sponsor-cadence", "reason": "merged into another"})
        }
        T::InitiativeStalled => {
            json!({"initiative": "sponsor-cadence", "last_activity_at": "2026-03-01T10:00:00Z", "threshold_days": 28})
        }
        T::InitiativeUnstalled => json!({"initiative": "sponsor-cadence"}),
        T::KeyResultOverdue => json!({"key_result": "exec-reviews"}),
        T::SilenceCreated => {
            json!({"silence": "holiday-freeze", "matchers": {"kind": "initiative_stalled", "entity": "sponsor-cadence"}, "owner": "coe-lead", "reason": "owner on leave until December", "expires_at": "2026-12-01T00:00:00Z"})
        }
        T::SourceExpected => json!({"source": "hr-sync", "every_hours": 24}),
        T::SourceSilent => {
            json!({"source": "hr-sync", "last_seen_at": "2026-03-01T10:00:00Z", "every_hours": 24})
        }
        T::SourceFailed => {
            json!({"source": "inventory-sync", "error": "the query endpoint answered 401 Unauthorized"})
        }
        T::SourceRecovered => json!({"source": "inventory-sync"}),
        T::SilenceExpired => json!({"silence": "holiday-freeze"}),
    }
}

/// The catalogue entry of a type: name, version, whether only govtrack emits it, the
/// JSON Schema of its data and an example. Types with closed lists of words also carry
/// `choices`: per field, the `{id, title}` pairs in the guidance's words
/// (`objective.defined`: `goal` and `stakeholders`).
pub fn describe(event_type: EventType) -> Value {
    let mut entry = json!({
        "type": event_type.name(),
        "version": event_type.version(),
        "reserved": event_type.is_reserved(),
        "schema": event_type.data_schema(),
        "example": example_data(event_type),
    });
    if event_type == EventType::ObjectiveDefined {
        entry["choices"] = json!({
            "goal": titled(&goal_choices()),
            "stakeholders": titled(&stakeholder_choices()),
        });
    }
    entry
}

fn titled(pairs: &[(&str, &str)]) -> Value {
    pairs
        .iter()
        .map(|(id, title)| json!({"id": id, "title": title}))
        .collect()
}
