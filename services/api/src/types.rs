//! The JSON the api answers, as public Rust types: the server serialises them,
//! clients (the `govtrack` CLI, [`crate::client`]) deserialise the same types, and the
//! OpenAPI document describes them (`ToSchema`; the enums of the pure crates through
//! their `schemars` schemas, see [`crate::openapi`]).

use chrono::{DateTime, NaiveDate, Utc};
use govtrack_okr::{CheckIn, Direction, InitiativeState, KrStatus};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use crate::openapi::{
    CheckInSchema, DirectionSchema, GoalSchema, HorizonSchema, InitiativeStateSchema,
    KrStatusSchema, RecordedBySchema, SourceStatusSchema, StakeholderSchema,
};

/// `GET /v1/orgs/{org}/maturity`: every capability's level as of an instant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MaturityReport {
    pub org: String,
    pub as_of: DateTime<Utc>,
    /// The model id, e.g. `2025`.
    pub model: String,
    /// In the model's order.
    pub capabilities: Vec<CapabilityLevel>,
}

/// One capability: level, target, since when, and what the next level still needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CapabilityLevel {
    pub id: String,
    pub name: String,
    /// 100 to 500.
    #[schema(minimum = 100, maximum = 500, multiple_of = 100)]
    pub level: u16,
    pub target: Option<TargetLevel>,
    /// When the current level was reached; `null` if it has always been 100.
    pub since: Option<DateTime<Utc>>,
    /// `null` at 500.
    pub next: Option<NextLevel>,
}

/// A target level with its due date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TargetLevel {
    pub level: u16,
    pub due: NaiveDate,
}

/// The next level and the requirements still missing for it, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NextLevel {
    pub level: u16,
    pub missing: Vec<String>,
}

/// `GET /v1/orgs/{org}/maturity/history`: every level change up to `until`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MaturityHistory {
    pub org: String,
    pub model: String,
    pub until: DateTime<Utc>,
    /// In time order.
    pub changes: Vec<LevelChange>,
}

/// One change of level of one capability, with its cause in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LevelChange {
    pub capability: String,
    pub at: DateTime<Utc>,
    pub from: u16,
    pub to: u16,
    pub cause: String,
}

/// `GET /v1/orgs/{org}/okrs`: objectives → key results → initiatives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OkrReport {
    pub org: String,
    pub as_of: DateTime<Utc>,
    pub objectives: Vec<ObjectiveReport>,
}

/// An objective with its roll-up (mean progress, worst status).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ObjectiveReport {
    pub objective: String,
    pub title: String,
    /// One of the seven common goals, or `custom`.
    #[schema(value_type = Option<GoalSchema>)]
    pub goal: Option<String>,
    /// The goal in words ("Get leadership buy-in and organization alignment").
    pub goal_title: Option<String>,
    /// Stakeholder group ids (`hr`, `it_leadership`, …).
    #[schema(value_type = Vec<StakeholderSchema>)]
    pub stakeholders: Vec<String>,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub closed_at: Option<DateTime<Utc>>,
    /// In [0, 1]: the mean of its key results that have a target.
    #[schema(minimum = 0, maximum = 1)]
    pub progress: f64,
    /// The worst status of its key results.
    #[schema(value_type = KrStatusSchema)]
    pub status: KrStatus,
    pub key_results: Vec<KeyResultReport>,
    pub initiatives: Vec<InitiativeReport>,
}

/// A key result: its definition, latest measurement, progress, expected pace, status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct KeyResultReport {
    pub key_result: String,
    pub title: String,
    pub unit: String,
    pub baseline: f64,
    /// `null` while the target is a blank ("target not set").
    pub target: Option<f64>,
    #[schema(value_type = DirectionSchema)]
    pub direction: Direction,
    pub due: NaiveDate,
    pub current: Option<f64>,
    pub measured_at: Option<DateTime<Utc>>,
    /// In [0, 1]; `null` without a target.
    #[schema(minimum = 0, maximum = 1)]
    pub progress: Option<f64>,
    /// In [0, 1]: the elapsed share of [defined, due].
    #[schema(minimum = 0, maximum = 1)]
    pub expected: f64,
    #[schema(value_type = KrStatusSchema)]
    pub status: KrStatus,
}

/// `GET /v1/orgs/{org}/initiatives`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct InitiativeList {
    pub org: String,
    pub as_of: DateTime<Utc>,
    pub initiatives: Vec<InitiativeReport>,
}

/// An initiative with its lifecycle state and where it stands against its cadence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct InitiativeReport {
    pub initiative: String,
    /// `null` until `initiative.started` is seen (the fields below likewise).
    pub objective: Option<String>,
    pub title: Option<String>,
    pub owner: Option<String>,
    #[schema(value_type = Option<HorizonSchema>)]
    pub horizon: Option<String>,
    pub key_results: Vec<String>,
    #[schema(value_type = InitiativeStateSchema)]
    pub state: InitiativeState,
    #[schema(maximum = 100)]
    pub percent: Option<u8>,
    pub note: Option<String>,
    /// Days between expected check-ins.
    pub checkin_days: u32,
    pub due: Option<NaiveDate>,
    pub started_at: Option<DateTime<Utc>>,
    /// Latest `initiative.*` event or measurement of one of its key results.
    pub last_activity_at: DateTime<Utc>,
    #[schema(value_type = CheckInSchema)]
    pub checkin: CheckIn,
    /// Stalled by the cadence rule, or flagged by the scheduler and silent since.
    pub stalled: bool,
}

/// `GET /v1/orgs/{org}/events`: a page of the timeline, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EventPage {
    pub org: String,
    pub events: Vec<TimelineEvent>,
    /// Pass as `after` for the next page; `null` on the last page.
    pub next_after: Option<u64>,
}

/// One event of the timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TimelineEvent {
    pub sequence: u64,
    pub id: String,
    #[serde(rename = "type")]
    pub event_type: String,
    pub occurred_at: DateTime<Utc>,
    pub recorded_at: DateTime<Utc>,
    pub source: Option<String>,
    /// The event's data, as its type's schema says (`GET /v1/event-types/{type}` of ingest).
    #[schema(value_type = Object)]
    pub data: Value,
    /// Who recorded it; absent on events stored before govtrack knew its callers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<RecordedBySchema>)]
    pub recorded_by: Option<govtrack_events::RecordedBy>,
}

/// `GET /v1/me`: the caller as the api authenticated it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Me {
    /// Who the caller is, as the events it records say.
    #[schema(value_type = RecordedBySchema)]
    pub recorded_by: govtrack_events::RecordedBy,
    /// Whether the caller may record events for at least one organisation (ingest
    /// still decides per organisation and per event type).
    pub may_record_somewhere: bool,
}

/// `GET /v1/models`: the maturity models this installation evaluates with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ModelList {
    pub models: Vec<ModelSummary>,
}

/// One entry of `GET /v1/models`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ModelSummary {
    pub id: String,
    pub name: String,
    /// Every organisation without an override is assessed with it.
    pub default: bool,
    /// Organisations assessed with it by override.
    pub orgs: Vec<String>,
    /// Capability ids, in display order.
    pub capabilities: Vec<String>,
}

/// `GET /v1/orgs`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OrgList {
    pub orgs: Vec<OrgSummary>,
}

/// An organisation with events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OrgSummary {
    pub org: String,
    pub events: u64,
    pub last_sequence: u64,
    pub last_occurred_at: DateTime<Utc>,
}

/// Every error answer: `{"error": {"code", "message", "problems"?}}`, the one body
/// of every govtrack service.
pub use govtrack_runtime::{ErrorBody, ErrorDetail};
/// `GET /v1/orgs/{org}/alerts`: the organisation's open (firing) alerts, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AlertList {
    pub org: String,
    /// The instant `silenced` was decided at.
    pub as_of: DateTime<Utc>,
    pub alerts: Vec<AlertReport>,
}

/// One open alert, from the scheduler's findings on the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AlertReport {
    /// `initiative_stalled`, `key_result_overdue`, `source_silent` or `source_failed`.
    pub kind: String,
    /// The initiative or key result id, or the feed's source name.
    pub entity: String,
    /// Its title, once defined.
    pub title: Option<String>,
    /// One sentence for a person.
    pub summary: String,
    /// When it started firing.
    pub since: DateTime<Utc>,
    /// The entity's last activity as last seen (a check-in, a measurement).
    pub last_activity_at: Option<DateTime<Utc>>,
    /// A silence mutes it at `as_of`.
    pub silenced: bool,
    /// The silence that mutes it longest, and until when.
    pub silenced_by: Option<String>,
    pub silenced_until: Option<DateTime<Utc>>,
}

/// `GET /v1/orgs/{org}/sources`: every feed seen on the organisation's log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SourceList {
    pub org: String,
    /// The instant the statuses were decided at.
    pub as_of: DateTime<Utc>,
    pub sources: Vec<SourceReport>,
}

/// One feed: an envelope `source`, a hook kind, or `inventory-sync`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SourceReport {
    /// Its name, as its events' `source` gives it.
    pub name: String,
    /// When the log last received an event from it.
    pub last_seen_at: Option<DateTime<Utc>>,
    /// The cadence expected of it (`source.expected`), in hours.
    #[schema(minimum = 1)]
    pub every_hours: Option<u32>,
    /// `ok`, `late` (past one cadence), `silent` (past two), `failed` (its latest
    /// collector run failed) or `unwatched` (no cadence expected).
    #[schema(value_type = SourceStatusSchema)]
    pub status: String,
    /// The error of the failed run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}
