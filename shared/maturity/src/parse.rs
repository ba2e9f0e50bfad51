//! Model files: the raw TOML shape and its validation into a [`Model`].

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use crate::error::ModelError;
use crate::model::{Capability, Entity, LEVELS, Model};
use crate::parse_requirement::{RawRequirement, build_requirement};

const DEFAULT_ATTESTATION_DAYS: u32 = 365;
pub(crate) const MAX_DAYS: i64 = 36_500;

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

/// A validation failure at a byte span of the file.
pub(crate) struct Invalid {
    span: Range<usize>,
    reason: String,
}

pub(crate) type Checked<T> = Result<T, Invalid>;

pub(crate) fn invalid<T, S>(at: &Spanned<S>, reason: impl Into<String>) -> Checked<T> {
    Err(Invalid {
        span: at.span(),
        reason: reason.into(),
    })
}

/// Parses and validates a model file.
pub(crate) fn parse_model(source_name: &str, text: &str) -> Result<Model, ModelError> {
    let raw: RawModel = toml::from_str(text)
        .map_err(|e| ModelError::at(source_name, text, e.span(), e.message()))?;
    build_model(raw).map_err(|e| ModelError::at(source_name, text, Some(e.span), &e.reason))
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
    })
}

fn build_entity(id: &str, raw: &Spanned<RawEntity>) -> Checked<Entity> {
    if !is_identifier(id) {
        return invalid(raw, format!("entity name `{id}` must be snake_case"));
    }
    let entity = raw.as_ref();
    let removed_by = entity.removed_by.as_ref().map(event_type).transpose()?;
    Ok(Entity {
        id: id.to_owned(),
        event: event_type(&entity.event)?,
        key: non_empty(&entity.key, "entity key")?,
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

pub(crate) fn lookup_entity<S>(at: &Spanned<S>, name: &str, entities: &[Entity]) -> Checked<usize> {
    match entities.iter().position(|e| e.id == name) {
        Some(index) => Ok(index),
        None => {
            let declared: Vec<&str> = entities.iter().map(|e| e.id.as_str()).collect();
            let known = if declared.is_empty() {
                "none".to_owned()
            } else {
                declared.join(", ")
            };
            let reason = format!("unknown entity `{name}` (declared in [entities]: {known})");
            invalid(at, reason)
        }
    }
}

pub(crate) fn forbid<T>(field: &Option<Spanned<T>>, name: &str, kind: &str) -> Checked<()> {
    match field {
        Some(at) => invalid(
            at,
            format!("`{name}` is not allowed in a {kind} requirement"),
        ),
        None => Ok(()),
    }
}

pub(crate) fn within_range(value: &Spanned<i64>, min: i64, max: i64, what: &str) -> Checked<i64> {
    let v = *value.as_ref();
    if (min..=max).contains(&v) {
        Ok(v)
    } else {
        invalid(
            value,
            format!("{what} must be between {min} and {max}, not {v}"),
        )
    }
}

pub(crate) fn non_empty(value: &Spanned<String>, what: &str) -> Checked<String> {
    if value.as_ref().trim().is_empty() {
        return invalid(value, format!("{what} must not be empty"));
    }
    Ok(value.as_ref().clone())
}

pub(crate) fn event_type(value: &Spanned<String>) -> Checked<String> {
    let name = value.as_ref();
    let valid = name.contains('.') && name.split('.').all(is_identifier);
    if !valid {
        return invalid(
            value,
            format!("`{name}` is not an event type (like `sponsor.named`)"),
        );
    }
    Ok(name.clone())
}

pub(crate) fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
