//! Executive sponsorship events.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::EntityId;

/// Roles that attend reviews and events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// An executive (CEO, CIO, sponsor).
    Executive,
    /// The business side.
    Business,
    /// IT.
    It,
    /// The Center of Excellence team.
    Coe,
    /// Security and compliance.
    Security,
    /// Makers, citizen or professional.
    Maker,
}

/// `sponsor.named`: an executive sponsor is named.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SponsorNamed {
    /// Sponsor id, e.g. `cio`.
    pub sponsor: EntityId,
    /// The person's name.
    pub name: String,
    /// The person's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Formally identified, with clear expectations (maturity 300), or informal (200).
    pub formal: bool,
}

/// `sponsor.review_held`: a review between the sponsor and the programme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SponsorReviewHeld {
    /// Sponsor id.
    pub sponsor: EntityId,
    /// Roles present.
    pub attendees: Vec<Role>,
}

/// `sponsor.stepped_down`: the sponsor is no longer active.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SponsorSteppedDown {
    /// Sponsor id.
    pub sponsor: EntityId,
}
