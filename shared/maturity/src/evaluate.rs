//! The assessment of an organisation at one instant: what [`crate::evaluate`] and a
//! [`crate::Timeline`] answer.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Every capability of a model, assessed as of an instant.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    /// The model id, e.g. `"2025"`.
    pub model: String,
    /// The instant assessed; later facts were ignored.
    pub as_of: DateTime<Utc>,
    /// In the model's order.
    pub capabilities: Vec<CapabilityAssessment>,
}

/// One capability's level, target and what is missing for the next level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CapabilityAssessment {
    /// The capability id, e.g. `"sponsorship"`.
    pub id: String,
    /// The display name, e.g. `"Executive sponsorship"`.
    pub name: String,
    /// 100 to 500.
    pub level: u16,
    /// The latest `capability.target_set`, if any.
    pub target: Option<Target>,
    /// When the current level was reached; `None` if it has always been 100.
    pub since: Option<DateTime<Utc>>,
    /// The next level and what it still needs; `None` at 500.
    pub next: Option<NextLevel>,
}

/// A target level with its due date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// The level aimed at.
    pub level: u16,
    /// When it should be reached.
    pub due: NaiveDate,
}

/// The next level up and the requirements still missing for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NextLevel {
    /// The current level plus 100.
    pub level: u16,
    /// Plain-words requirements not yet met, lower levels first (a missing lower
    /// requirement is listed too, since it blocks the next level as well).
    pub missing: Vec<String>,
}
