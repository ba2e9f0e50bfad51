//! Model files: the raw TOML shape and its validation into a [`Model`].

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::checked::{
    Checked, MAX_DAYS, event_type, invalid, is_identifier, non_empty, within_range,
};
use crate::error::ModelError;
use crate::model::{Capability, LEVELS, Model};
use crate::parse_requirement::{RawRequirement, build_requirement};
use crate::requirement::Entity;

const DEFAULT_ATTESTATION_DAYS: u32 = 365;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModel {
    id: Spanned<String>,
    name: Spanned<String>,
    attestation_valid_days: Option<Spanned<i64>>,
    #[serde(default)]
    entities: BTreeMap<String, Spanned<RawEntity>>,
    #[serde(default)]
    capability: Vec<RawCapability>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntity {
    event: Spanned<String>,
    key: Spanned<String>,
    updated_by: Option<Spanned<String>>,
    removed_by: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCapability {
    id: Spanned<String>,
    name: Spanned<String>,
    #[serde(default)]
    requirement: Vec<RawRequirement>,
}

impl Model {
    /// Parses a model file; `source_name` (a path or name) appears in errors.
    pub fn parse(source_name: &str, toml_text: &str) -> Result<Model, ModelError> {
        let raw: RawModel = toml::from_str(toml_text)
            .map_err(|e| ModelError::at(source_name, toml_text, e.span(), e.message()))?;
        build_model(raw)
            .map_err(|e| ModelError::at(source_name, toml_text, Some(e.span), &e.reason))
    }
}

fn build_model(raw: RawModel) -> Checked<Model> {
    let id = non_empty(&raw.id, "model id")?;
    let name = non_empty(&raw.name, "model name")?;
    let attestation_valid_days = match &raw.attestation_valid_days {
        Some(days) => within_range(days, 1, MAX_DAYS, "attestation_valid_days")? as u32,
        None => DEFAULT_ATTESTATION_DAYS,
    };
    let entities = raw
        .entities
        .iter()
        .map(|(id, entity)| build_entity(id, entity))
        .collect::<Checked<Vec<_>>>()?;
    let capabilities = build_capabilities(&raw, &entities)?;
    Ok(Model {
        id,
        name,
        attestation_valid_days,
        entities,
        capabilities,
        shared: Default::default(),
    })
}

fn build_entity(id: &str, raw: &Spanned<RawEntity>) -> Checked<Entity> {
    if !is_identifier(id) {
        return invalid(raw, format!("entity name `{id}` must be snake_case"));
    }
    let entity = raw.as_ref();
    let removed_by = entity.removed_by.as_ref().map(event_type).transpose()?;
    let updated_by = entity.updated_by.as_ref().map(event_type).transpose()?;
    Ok(Entity {
        id: id.to_owned(),
        event: event_type(&entity.event)?,
        key: non_empty(&entity.key, "entity key")?,
        updated_by,
        removed_by,
    })
}

fn build_capabilities(raw: &RawModel, entities: &[Entity]) -> Checked<Vec<Capability>> {
    if raw.capability.is_empty() {
        return invalid(&raw.id, "a model needs at least one [[capability]]");
    }
    let mut capabilities: Vec<Capability> = Vec::new();
    for cap in &raw.capability {
        if capabilities.iter().any(|c| c.id == *cap.id.as_ref()) {
            return invalid(
                &cap.id,
                format!("capability `{}` is defined twice", cap.id.as_ref()),
            );
        }
        capabilities.push(build_capability(cap, entities)?);
    }
    Ok(capabilities)
}

fn build_capability(raw: &RawCapability, entities: &[Entity]) -> Checked<Capability> {
    let id = raw.id.as_ref();
    if !is_identifier(id) {
        return invalid(&raw.id, format!("capability id `{id}` must be snake_case"));
    }
    let mut requirements = raw
        .requirement
        .iter()
        .map(|r| build_requirement(r, entities))
        .collect::<Checked<Vec<_>>>()?;
    if let Some(level) = LEVELS
        .iter()
        .find(|l| !requirements.iter().any(|r| r.level == **l))
    {
        let reason = format!(
            "capability `{id}` has no requirement for level {level} (every level 200-500 needs one)"
        );
        return invalid(&raw.id, reason);
    }
    requirements.sort_by_key(|r| r.level);
    let capability = Capability {
        id: id.to_owned(),
        name: non_empty(&raw.name, "capability name")?,
        requirements,
        leaves: Vec::new(),
    };
    Ok(capability.with_leaves())
}
