//! OKR events: objectives, key results, initiatives.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::date;
use super::feeds::ResourceType;
use super::goals::{Goal, Stakeholder};
use crate::EntityId;

/// `objective.defined`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveDefined {
    /// Objective id.
    pub objective: EntityId,
    /// Title in words.
    pub title: String,
    /// What the objective means, e.g. the guidance's sentence under its title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// One of the seven common goals, e.g. `get_leadership_buy_in`, or `custom`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<Goal>,
    /// Stakeholder groups to align with, e.g. `["it_leadership", "hr"]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stakeholders: Vec<Stakeholder>,
    /// First day, `YYYY-MM-DD`.
    #[serde(deserialize_with = "date::required")]
    pub period_start: NaiveDate,
    /// Last day, `YYYY-MM-DD`.
    #[serde(deserialize_with = "date::required")]
    pub period_end: NaiveDate,
}

/// `objective.closed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveClosed {
    /// Objective id.
    pub objective: EntityId,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Whether a key result should go up or down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Higher is better.
    Increase,
    /// Lower is better.
    Decrease,
}

impl Direction {
    /// The wire form: `increase` or `decrease`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Increase => "increase",
            Direction::Decrease => "decrease",
        }
    }
}

impl std::str::FromStr for Direction {
    type Err = String;
    fn from_str(s: &str) -> Result<Direction, String> {
        match s {
            "increase" => Ok(Direction::Increase),
            "decrease" => Ok(Direction::Decrease),
            other => Err(format!("expected increase or decrease, got {other:?}")),
        }
    }
}

/// `key_result.defined`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyResultDefined {
    /// Key result id.
    pub key_result: EntityId,
    /// The objective it measures.
    pub objective: EntityId,
    /// Title in words.
    pub title: String,
    /// Unit, e.g. `%`, `makers`, `days`.
    pub unit: String,
    /// Starting value.
    pub baseline: f64,
    /// Value to reach; absent while it is a template's blank ("___% of IT staff
    /// trained") until `key_result.target_set` gives it. When present it must lie
    /// beyond the baseline in the key result's direction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    /// Increase or decrease.
    pub direction: Direction,
    /// Due date, `YYYY-MM-DD`.
    #[serde(deserialize_with = "date::required")]
    pub due: NaiveDate,
    /// Binds the key result to an inventory count: each `inventory.counted` that
    /// changes the total then records a measurement ("apps in managed environments").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<Measure>,
}

/// A count of the tenant's inventory that measures a key result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// Apps, flows or agents.
    pub resource_type: ResourceType,
    /// Only those in managed (`true`) or unmanaged (`false`) environments; all when
    /// absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed: Option<bool>,
}

/// `key_result.target_set`: the target of a key result is given (a template's blank
/// filled in) or changed. It applies to the key result's baseline and direction from
/// `key_result.defined`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyResultTargetSet {
    /// Key result id.
    pub key_result: EntityId,
    /// Value to reach.
    pub target: f64,
    /// New due date, `YYYY-MM-DD`; without it the defined one stays.
    #[serde(
        default,
        deserialize_with = "date::optional",
        skip_serializing_if = "Option::is_none"
    )]
    pub due: Option<NaiveDate>,
}

/// `key_result.measured`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyResultMeasured {
    /// Key result id.
    pub key_result: EntityId,
    /// The measured value.
    pub value: f64,
}

/// Planning horizon of an initiative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Horizon {
    /// This period.
    Now,
    /// The next year.
    NextYear,
    /// Three years out.
    ThreeYears,
}

impl Horizon {
    /// The wire form: `now`, `next_year` or `three_years`.
    pub fn as_str(self) -> &'static str {
        match self {
            Horizon::Now => "now",
            Horizon::NextYear => "next_year",
            Horizon::ThreeYears => "three_years",
        }
    }

    /// In words: "now", "next year", "three years".
    pub fn words(self) -> &'static str {
        match self {
            Horizon::Now => "now",
            Horizon::NextYear => "next year",
            Horizon::ThreeYears => "three years",
        }
    }
}

impl std::str::FromStr for Horizon {
    type Err = String;
    fn from_str(s: &str) -> Result<Horizon, String> {
        match s {
            "now" => Ok(Horizon::Now),
            "next_year" => Ok(Horizon::NextYear),
            "three_years" => Ok(Horizon::ThreeYears),
            other => Err(format!(
                "expected now, next_year or three_years, got {other:?}"
            )),
        }
    }
}

/// `initiative.started`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InitiativeStarted {
    /// Initiative id.
    pub initiative: EntityId,
    /// The objective it serves.
    pub objective: EntityId,
    /// Key results it moves.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub key_results: Vec<EntityId>,
    /// Title in words.
    pub title: String,
    /// Who owns it.
    pub owner: String,
    /// Planning horizon.
    pub horizon: Horizon,
    /// Expected days between check-ins (default 14).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkin_days: Option<u32>,
    /// Due date, `YYYY-MM-DD`.
    #[serde(
        default,
        deserialize_with = "date::optional",
        skip_serializing_if = "Option::is_none"
    )]
    pub due: Option<NaiveDate>,
}

/// `initiative.progressed`: a check-in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InitiativeProgressed {
    /// Initiative id.
    pub initiative: EntityId,
    /// What happened.
    pub note: String,
    /// Completion, 0–100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<u8>,
}

/// `initiative.blocked`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InitiativeBlocked {
    /// Initiative id.
    pub initiative: EntityId,
    /// What blocks it.
    pub reason: String,
}

/// `initiative.completed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InitiativeCompleted {
    /// Initiative id.
    pub initiative: EntityId,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `initiative.cancelled`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InitiativeCancelled {
    /// Initiative id.
    pub initiative: EntityId,
    /// Why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}
