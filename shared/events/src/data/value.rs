//! Business-value events.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `kpi.reviewed`: a KPI is reviewed against its goal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KpiReviewed {
    /// The KPI, e.g. `hours_saved`.
    pub kpi: String,
    /// Its value at the review.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}
