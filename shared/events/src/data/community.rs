//! Community events: hackathons, trainings, champions, stories.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::EntityId;

/// `hackathon.held`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Hackathon {
    /// Its name.
    pub name: String,
    /// How many took part.
    pub participants: u32,
    /// The sponsor id when an executive sponsor backed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sponsor: Option<EntityId>,
}

/// `training.held`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrainingHeld {
    /// Kind: `app_in_a_day`, `onboarding` (for new makers), `lunch_and_learn`,
    /// `responsible_ai`, `admin`, …
    pub kind: String,
    /// How many attended.
    pub attendees: u32,
}

/// `champion.recognized`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChampionRecognized {
    /// Champion id.
    pub champion: EntityId,
    /// The person's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// Who a success story is told to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// People of the organisation.
    Internal,
    /// Outside the organisation: the community, events, the vendor's stories.
    External,
}

/// `success_story.published`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SuccessStoryPublished {
    /// Title of the story.
    pub title: String,
    /// Where it is published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Who it is told to; without it, people of the organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<Audience>,
    /// The sponsor id when an executive sponsor celebrates it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sponsor: Option<EntityId>,
}

/// `show_and_tell.held`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ShowAndTell {
    /// Topic shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// How many attended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attendees: Option<u32>,
}
