//! `explain_next_level`'s answer: one capability's next level with each missing
//! requirement as the model describes it (words, how to record it, source, any-of
//! alternatives), put together from the maturity report (what is missing, in words)
//! and the model's description (what those words stand for). Pure.

use chrono::{DateTime, Utc};
use govtrack_maturity::{
    CapabilityDescription, ModelDescription, RequirementDescription, level_name,
};
use serde::Serialize;

use super::backend::ToolError;
use crate::types::{MaturityReport, TargetLevel};

/// What one capability still needs for its next level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NextLevelExplanation {
    pub org: String,
    pub as_of: DateTime<Utc>,
    pub model: String,
    pub capability: String,
    /// The capability's display name.
    pub name: String,
    pub level: u16,
    /// Initial, Repeatable, Defined, Capable or Efficient.
    pub level_name: String,
    pub target: Option<TargetLevel>,
    pub since: Option<DateTime<Utc>>,
    /// `null` at 500.
    pub next_level: Option<u16>,
    pub next_level_name: Option<String>,
    /// Lower levels first; empty at 500.
    pub missing: Vec<MissingRequirement>,
}

/// One requirement still missing, with the level it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissingRequirement {
    pub level: u16,
    #[serde(flatten)]
    pub requirement: RequirementDescription,
}

/// The capability `id` of `model`, or an error that lists the valid ids.
pub(crate) fn capability<'m>(
    model: &'m ModelDescription,
    id: &str,
) -> Result<&'m CapabilityDescription, ToolError> {
    model
        .capabilities
        .iter()
        .find(|c| c.id == id)
        .ok_or_else(|| {
            let ids: Vec<&str> = model.capabilities.iter().map(|c| c.id.as_str()).collect();
            ToolError::Invalid(format!(
                "model {} has no capability {id:?}; its capabilities are {}",
                model.id,
                ids.join(", ")
            ))
        })
}

/// `capability` of `report` explained with `model` (the model the report was made with).
pub(crate) fn explain(
    report: &MaturityReport,
    model: &ModelDescription,
    capability_id: &str,
) -> Result<NextLevelExplanation, ToolError> {
    let described = capability(model, capability_id)?;
    let assessed = (report.capabilities.iter())
        .find(|c| c.id == capability_id)
        .ok_or_else(|| {
            ToolError::Service(format!(
                "the maturity report of model {} has no capability {capability_id:?}",
                report.model
            ))
        })?;
    let next = assessed.next.as_ref();
    let missing = next.map_or_else(Vec::new, |n| {
        (n.missing.iter())
            .map(|words| requirement(described, n.level, words))
            .collect()
    });
    Ok(NextLevelExplanation {
        org: report.org.clone(),
        as_of: report.as_of,
        model: report.model.clone(),
        capability: assessed.id.clone(),
        name: assessed.name.clone(),
        level: assessed.level,
        level_name: level_name(assessed.level).unwrap_or_default().to_owned(),
        target: assessed.target.clone(),
        since: assessed.since,
        next_level: next.map(|n| n.level),
        next_level_name: next.and_then(|n| level_name(n.level)).map(str::to_owned),
        missing,
    })
}

/// The requirement of `capability` up to level `upto` whose words are `words`; only
/// the words when the model has none such (a model changed under the report).
fn requirement(capability: &CapabilityDescription, upto: u16, words: &str) -> MissingRequirement {
    let found = (capability.levels.iter())
        .filter(|l| l.level <= upto)
        .flat_map(|l| l.requirements.iter().map(move |r| (l.level, r)))
        .find(|(_, r)| r.words == words);
    match found {
        Some((level, r)) => MissingRequirement {
            level,
            requirement: r.clone(),
        },
        None => MissingRequirement {
            level: upto,
            requirement: RequirementDescription {
                kind: "unknown".to_owned(),
                words: words.to_owned(),
                how: None,
                source: None,
                any: vec![],
            },
        },
    }
}
