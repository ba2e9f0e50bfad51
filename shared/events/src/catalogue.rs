//! The v1 event catalogue: every event type, its schema version, its typed data and the
//! entity it belongs to (which decides its subject on the log).
//!
//! One table, expanded by a macro, keeps the type name, the data struct and the entity
//! mapping side by side so they cannot drift apart.

use serde_json::Value;

use crate::data::*;
use crate::error::{Problem, problem_from_serde, problem_from_serde_json};

/// Which entity of the organisation an event is about: `(kind, data field)`; `None` for
/// organisation-level facts, which live under kind `org`.
type EntityOf<D> = fn(&D) -> Option<(&'static str, &str)>;

fn org_level<D>(_: &D) -> Option<(&'static str, &str)> {
    None
}

macro_rules! catalogue {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $ver:literal, $data:ty, $entity:expr, $reserved:literal; )*) => {
        /// Every event type of the v1 catalogue.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum EventType {
            $( $(#[$doc])* $variant, )*
        }

        impl EventType {
            /// All types, in catalogue order.
            pub const ALL: &'static [EventType] = &[$(EventType::$variant),*];

            /// The wire name, e.g. `sponsor.named`.
            pub fn name(self) -> &'static str {
                match self { $(EventType::$variant => $name,)* }
            }

            /// Looks a wire name up.
            pub fn parse(name: &str) -> Option<EventType> {
                match name { $($name => Some(EventType::$variant),)* _ => None }
            }

            /// The current schema version of this type's `data`.
            pub fn version(self) -> u32 {
                match self { $(EventType::$variant => $ver,)* }
            }

            /// Types that only govtrack itself emits (the scheduler's findings).
            pub fn is_reserved(self) -> bool {
                match self { $(EventType::$variant => $reserved,)* }
            }

            /// The JSON Schema of this type's `data`.
            pub fn data_schema(self) -> Value {
                let schema = match self {
                    $(EventType::$variant => schemars::schema_for!($data),)*
                };
                schema.to_value()
            }
        }

        /// The typed `data` of a validated event.
        #[derive(Debug, Clone, PartialEq)]
        pub enum EventData {
            $( $(#[$doc])* $variant($data), )*
        }

        impl EventData {
            /// Decodes `data` for `event_type`, naming the field of the first problem.
            pub fn decode(event_type: EventType, data: Value) -> Result<EventData, Problem> {
                match event_type {
                    $(EventType::$variant => serde_path_to_error::deserialize(data)
                        .map(EventData::$variant)
                        .map_err(|e| problem_from_serde("data", e)),)*
                }
            }

            /// Decodes `data` for `event_type` from its JSON text, without building a
            /// tree first; problems are named as [`EventData::decode`] names them.
            pub fn decode_json(event_type: EventType, text: &str) -> Result<EventData, Problem> {
                let mut json = serde_json::Deserializer::from_str(text);
                let data = match event_type {
                    $(EventType::$variant => serde_path_to_error::deserialize(&mut json)
                        .map(EventData::$variant)
                        .map_err(|e| problem_from_serde("data", e))?,)*
                };
                json.end().map_err(|e| problem_from_serde_json("data", e))?;
                Ok(data)
            }

            /// The type this data belongs to.
            pub fn event_type(&self) -> EventType {
                match self { $(EventData::$variant(_) => EventType::$variant,)* }
            }

            /// `(entity kind, entity id)`, or `None` for an organisation-level fact.
            pub fn entity_key(&self) -> Option<(&'static str, &str)> {
                match self {
                    $(EventData::$variant(d) => {
                        let f: EntityOf<$data> = $entity;
                        f(d)
                    })*
                }
            }

            /// The data as JSON, as stored on the log.
            pub fn to_value(&self) -> Value {
                let value = match self {
                    $(EventData::$variant(d) => serde_json::to_value(d),)*
                };
                value.unwrap_or(Value::Null)
            }
        }
    };
}

catalogue! {
    /// An executive sponsor is named.
    SponsorNamed = "sponsor.named", 1, SponsorNamed, |d| Some(("sponsor", d.sponsor.as_str())), false;
    /// The sponsor holds a review.
    SponsorReviewHeld = "sponsor.review_held", 1, SponsorReviewHeld, |d| Some(("sponsor", d.sponsor.as_str())), false;
    /// The sponsor steps down.
    SponsorSteppedDown = "sponsor.stepped_down", 1, SponsorSteppedDown, |d| Some(("sponsor", d.sponsor.as_str())), false;
    /// The vision is published.
    VisionPublished = "vision.published", 1, VisionPublished, org_level, false;
    /// A product owner is named.
    ProductOwnerNamed = "product_owner.named", 1, ProductOwnerNamed, org_level, false;
    /// The CoE is established.
    CoeEstablished = "coe.established", 1, CoeEstablished, org_level, false;
    /// An intake process exists.
    IntakeProcessEstablished = "intake_process.established", 1, Published, org_level, false;
    /// A DLP policy is set.
    DlpPolicySet = "dlp_policy.set", 1, DlpPolicySet, |d| Some(("dlp_policy", d.policy.as_str())), false;
    /// A DLP policy is removed.
    DlpPolicyRemoved = "dlp_policy.removed", 1, DlpPolicyRemoved, |d| Some(("dlp_policy", d.policy.as_str())), false;
    /// Tenant isolation is configured.
    TenantIsolationConfigured = "tenant_isolation.configured", 1, TenantIsolationConfigured, org_level, false;
    /// An environment is created.
    EnvironmentCreated = "environment.created", 1, EnvironmentCreated, |d| Some(("environment", d.environment.as_str())), false;
    /// An environment's kind or managed flag changed.
    EnvironmentUpdated = "environment.updated", 1, EnvironmentUpdated, |d| Some(("environment", d.environment.as_str())), false;
    /// An environment is deleted.
    EnvironmentDeleted = "environment.deleted", 1, EnvironmentDeleted, |d| Some(("environment", d.environment.as_str())), false;
    /// The inventory counts resources of a type in environments of a kind.
    InventoryCounted = "inventory.counted", 1, InventoryCounted, |d| Some(("inventory", d.resource_type.as_str())), false;
    /// The environment strategy is published.
    EnvironmentStrategyPublished = "environment_strategy.published", 1, Published, org_level, false;
    /// A CoE Starter Kit module is deployed.
    CoeKitDeployed = "coe_kit.deployed", 1, CoeKitDeployed, |d| Some(("coe_kit", d.module.as_str())), false;
    /// An admin role is assigned.
    AdminRoleAssigned = "admin_role.assigned", 1, AdminRoleAssigned, org_level, false;
    /// A hackathon is held.
    HackathonHeld = "hackathon.held", 1, Hackathon, org_level, false;
    /// A training is held.
    TrainingHeld = "training.held", 1, TrainingHeld, org_level, false;
    /// A champion is recognised.
    ChampionRecognized = "champion.recognized", 1, ChampionRecognized, |d| Some(("champion", d.champion.as_str())), false;
    /// The champion programme is launched.
    ChampionProgramLaunched = "champion_program.launched", 1, Note, org_level, false;
    /// New makers get a welcome email.
    WelcomeEmailEnabled = "welcome_email.enabled", 1, Note, org_level, false;
    /// A success story is published.
    SuccessStoryPublished = "success_story.published", 1, SuccessStoryPublished, org_level, false;
    /// A show-and-tell is held.
    ShowAndTellHeld = "show_and_tell.held", 1, ShowAndTell, org_level, false;
    /// A KPI is reviewed.
    KpiReviewed = "kpi.reviewed", 1, KpiReviewed, org_level, false;
    /// A value assessment is completed.
    ValueAssessmentCompleted = "value_assessment.completed", 1, Published, org_level, false;
    /// Support tiers are defined.
    SupportTiersDefined = "support_tiers.defined", 1, Published, org_level, false;
    /// Deployment pipelines are enabled.
    PipelineEnabled = "pipeline.enabled", 1, Note, org_level, false;
    /// The app catalog is published.
    AppCatalogPublished = "app_catalog.published", 1, Published, org_level, false;
    /// A component library is published.
    ComponentLibraryPublished = "component_library.published", 1, Published, org_level, false;
    /// The innovation backlog is launched.
    InnovationBacklogLaunched = "innovation_backlog.launched", 1, Note, org_level, false;
    /// A solution is moved from one environment to another.
    SolutionDeployed = "solution.deployed", 1, SolutionDeployed, org_level, false;
    /// Makers' environment or DLP requests are handled by an automated process.
    RequestAutomationEnabled = "request_automation.enabled", 1, RequestAutomationEnabled, org_level, false;
    /// Approvals between the CoE, IT and admins are routed automatically.
    ApprovalFlowEnabled = "approval_flow.enabled", 1, ApprovalFlowEnabled, org_level, false;
    /// An app template is made available to all makers.
    AppTemplatePublished = "app_template.published", 1, AppTemplatePublished, org_level, false;
    /// A disaster-recovery test is run.
    DrTestCompleted = "dr_test.completed", 1, DrTestCompleted, org_level, false;
    /// Evidence for a signal of a capability.
    EvidenceRecorded = "evidence.recorded", 1, EvidenceRecorded, |d| Some(("capability", d.capability.as_str())), false;
    /// A manual assessment of a capability.
    CapabilityAssessed = "capability.assessed", 1, CapabilityAssessed, |d| Some(("capability", d.capability.as_str())), false;
    /// A target level for a capability.
    CapabilityTargetSet = "capability.target_set", 1, CapabilityTargetSet, |d| Some(("capability", d.capability.as_str())), false;
    /// An objective is defined.
    /// v2: `goal` is one of the seven common goals or `custom` (v1 took any text).
    ObjectiveDefined = "objective.defined", 2, ObjectiveDefined, |d| Some(("objective", d.objective.as_str())), false;
    /// An objective is closed.
    ObjectiveClosed = "objective.closed", 1, ObjectiveClosed, |d| Some(("objective", d.objective.as_str())), false;
    /// A key result is defined.
    KeyResultDefined = "key_result.defined", 1, KeyResultDefined, |d| Some(("key_result", d.key_result.as_str())), false;
    /// A key result is measured.
    KeyResultMeasured = "key_result.measured", 1, KeyResultMeasured, |d| Some(("key_result", d.key_result.as_str())), false;
    /// A key result's target is given (a template's blank filled in) or changed.
    KeyResultTargetSet = "key_result.target_set", 1, KeyResultTargetSet, |d| Some(("key_result", d.key_result.as_str())), false;
    /// An initiative starts.
    InitiativeStarted = "initiative.started", 1, InitiativeStarted, |d| Some(("initiative", d.initiative.as_str())), false;
    /// An initiative checks in.
    InitiativeProgressed = "initiative.progressed", 1, InitiativeProgressed, |d| Some(("initiative", d.initiative.as_str())), false;
    /// An initiative is blocked.
    InitiativeBlocked = "initiative.blocked", 1, InitiativeBlocked, |d| Some(("initiative", d.initiative.as_str())), false;
    /// An initiative is completed.
    InitiativeCompleted = "initiative.completed", 1, InitiativeCompleted, |d| Some(("initiative", d.initiative.as_str())), false;
    /// An initiative is cancelled.
    InitiativeCancelled = "initiative.cancelled", 1, InitiativeCancelled, |d| Some(("initiative", d.initiative.as_str())), false;
    /// The scheduler found an initiative stalled.
    InitiativeStalled = "initiative.stalled", 1, InitiativeStalled, |d| Some(("initiative", d.initiative.as_str())), true;
    /// The scheduler saw a stalled initiative move again.
    InitiativeUnstalled = "initiative.unstalled", 1, InitiativeUnstalled, |d| Some(("initiative", d.initiative.as_str())), true;
    /// The scheduler found a key result overdue.
    KeyResultOverdue = "key_result.overdue", 1, KeyResultOverdue, |d| Some(("key_result", d.key_result.as_str())), true;
    /// A source of events is expected to speak at a cadence.
    SourceExpected = "source.expected", 1, SourceExpected, org_level, false;
    /// The scheduler found a source silent past twice its cadence.
    SourceSilent = "source.silent", 1, SourceSilent, org_level, true;
    /// The scheduler's collector run failed.
    SourceFailed = "source.failed", 1, SourceFailed, org_level, true;
    /// The scheduler's collector succeeded again after a failure.
    SourceRecovered = "source.recovered", 1, SourceRecovered, org_level, true;
    /// An owner silences matching alerts until a time.
    SilenceCreated = "silence.created", 1, SilenceCreated, |d| Some(("silence", d.silence.as_str())), false;
    /// A silence is lifted early.
    SilenceExpired = "silence.expired", 1, SilenceExpired, |d| Some(("silence", d.silence.as_str())), false;
}

impl std::fmt::Display for EventType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl EventType {
    /// Types that administer an organisation's watch rather than record what happened:
    /// silences and feed cadences. Only an organisation's admin records them
    /// (DOMAIN.md, "Roles": "a platform admin also administers: silences, feed
    /// cadences, access").
    pub fn is_administrative(self) -> bool {
        matches!(
            self,
            EventType::SilenceCreated | EventType::SilenceExpired | EventType::SourceExpected
        )
    }
}
