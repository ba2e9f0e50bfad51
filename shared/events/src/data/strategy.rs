//! Strategy events: vision, product owner, CoE, intake.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `vision.published`: the adoption vision (goal, reason, method) is documented.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VisionPublished {
    /// Title of the vision statement.
    pub title: String,
    /// Where it is published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// `product_owner.named`: a product owner for the platform is named.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductOwnerNamed {
    /// The person's name.
    pub name: String,
    /// The person's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// `coe.established`: the Center of Excellence team exists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CoeEstablished {
    /// The CoE lead.
    pub lead: String,
    /// Team size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members: Option<u32>,
}

/// Data of a document or process made available (`intake_process.established`,
/// `environment_strategy.published`, `app_catalog.published`, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct Published {
    /// Where it lives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}
