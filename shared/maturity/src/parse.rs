//! Model files: the raw TOML shape and its validation into a [`Model`].

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Deserialize;
use serde_json::Value;
use toml::Spanned;

use crate::error::ModelError;
use crate::model::{Capability, Entity, LEVELS, Model, Requirement};
use crate::requirement::{FactSource, Matcher, RequirementKind};

const DEFAULT_ATTESTATION_DAYS: u32 = 365;
const MAX_DAYS: i64 = 36_500;
const MAX_COUNT: i64 = 100_000;

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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRequirement {
    level: Spanned<i64>,
    kind: Spanned<String>,
    description: Spanned<String>,
    event: Option<Spanned<String>>,
    entity: Option<Spanned<String>>,
    signal: Option<Spanned<String>>,
    count: Option<Spanned<i64>>,
    within_days: Option<Spanned<i64>>,
    #[serde(rename = "match")]
    equals: Option<Spanned<BTreeMap<String, toml::Value>>>,
    includes: Option<Spanned<BTreeMap<String, Vec<String>>>>,
    active: Option<Spanned<BTreeMap<String, String>>>,
}

/// A validation failure at a byte span of the file.
struct Invalid {
    span: Range<usize>,
    reason: String,
}

type Checked<T> = Result<T, Invalid>;

fn invalid<T, S>(at: &Spanned<S>, reason: impl Into<String>) -> Checked<T> {
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
    Ok(Capability {
        id: id.to_owned(),
        name: non_empty(&raw.name, "capability name")?,
        requirements,
    })
}

fn build_requirement(raw: &RawRequirement, entities: &[Entity]) -> Checked<Requirement> {
    let level = *raw.level.as_ref();
    if !LEVELS.iter().any(|l| i64::from(*l) == level) {
        return invalid(
            &raw.level,
            format!("level must be 200, 300, 400 or 500, not {level}"),
        );
    }
    let kind = match raw.kind.as_ref().as_str() {
        "fact" => build_fact(raw, entities)?,
        "recent" => build_recent(raw, entities)?,
        "evidence" => build_evidence(raw)?,
        other => {
            let reason =
                format!("unknown requirement kind `{other}` (expected fact, recent or evidence)");
            return invalid(&raw.kind, reason);
        }
    };
    Ok(Requirement {
        level: level as u16,
        description: non_empty(&raw.description, "description")?,
        kind,
    })
}

fn build_fact(raw: &RawRequirement, entities: &[Entity]) -> Checked<RequirementKind> {
    forbid(&raw.signal, "signal", "fact")?;
    forbid(&raw.within_days, "within_days", "fact")?;
    forbid(&raw.active, "active", "fact")?;
    let source = match (&raw.event, &raw.entity) {
        (Some(event), None) => FactSource::Event(event_type(event)?),
        (None, Some(entity)) => FactSource::Entity(entity_ref(entity, entities)?),
        _ => {
            return invalid(
                &raw.kind,
                "a fact requirement needs exactly one of `event` or `entity`",
            );
        }
    };
    Ok(RequirementKind::Fact {
        source,
        count: count(raw)?,
        matcher: matcher(raw, entities)?,
    })
}

fn build_recent(raw: &RawRequirement, entities: &[Entity]) -> Checked<RequirementKind> {
    forbid(&raw.signal, "signal", "recent")?;
    forbid(&raw.entity, "entity", "recent")?;
    let Some(event) = &raw.event else {
        return invalid(&raw.kind, "a recent requirement needs `event`");
    };
    let Some(days) = &raw.within_days else {
        return invalid(&raw.kind, "a recent requirement needs `within_days`");
    };
    Ok(RequirementKind::Recent {
        event: event_type(event)?,
        count: count(raw)?,
        within_days: within_range(days, 1, MAX_DAYS, "within_days")? as u32,
        matcher: matcher(raw, entities)?,
    })
}

fn build_evidence(raw: &RawRequirement) -> Checked<RequirementKind> {
    forbid(&raw.event, "event", "evidence")?;
    forbid(&raw.entity, "entity", "evidence")?;
    forbid(&raw.count, "count", "evidence")?;
    forbid(&raw.equals, "match", "evidence")?;
    forbid(&raw.includes, "includes", "evidence")?;
    forbid(&raw.active, "active", "evidence")?;
    let Some(signal) = &raw.signal else {
        return invalid(&raw.kind, "an evidence requirement needs `signal`");
    };
    if !is_identifier(signal.as_ref()) {
        return invalid(
            signal,
            format!("signal `{}` must be snake_case", signal.as_ref()),
        );
    }
    let within_days = match &raw.within_days {
        Some(days) => Some(within_range(days, 1, MAX_DAYS, "within_days")? as u32),
        None => None,
    };
    Ok(RequirementKind::Evidence {
        signal: signal.as_ref().clone(),
        within_days,
    })
}

fn matcher(raw: &RawRequirement, entities: &[Entity]) -> Checked<Matcher> {
    let mut matcher = Matcher::default();
    if let Some(equals) = &raw.equals {
        for (field, value) in equals.as_ref() {
            matcher
                .equals
                .push((field.clone(), json_value(equals, field, value)?));
        }
    }
    if let Some(includes) = &raw.includes {
        for (field, wanted) in includes.as_ref() {
            if wanted.is_empty() {
                return invalid(includes, format!("includes for `{field}` lists no values"));
            }
            matcher.includes.push((field.clone(), wanted.clone()));
        }
    }
    if let Some(active) = &raw.active {
        for (field, entity) in active.as_ref() {
            let index = lookup_entity(active, entity, entities)?;
            matcher.active.push((field.clone(), index));
        }
    }
    Ok(matcher)
}

fn json_value<S>(at: &Spanned<S>, field: &str, value: &toml::Value) -> Checked<Value> {
    let json = match value {
        toml::Value::String(s) => Some(Value::String(s.clone())),
        toml::Value::Integer(i) => Some(Value::from(*i)),
        toml::Value::Boolean(b) => Some(Value::Bool(*b)),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f).map(Value::Number),
        _ => None,
    };
    match json {
        Some(json) => Ok(json),
        None => invalid(
            at,
            format!("match value for `{field}` must be a string, number or boolean"),
        ),
    }
}

fn count(raw: &RawRequirement) -> Checked<usize> {
    match &raw.count {
        Some(count) => Ok(within_range(count, 1, MAX_COUNT, "count")? as usize),
        None => Ok(1),
    }
}

fn entity_ref(name: &Spanned<String>, entities: &[Entity]) -> Checked<usize> {
    lookup_entity(name, name.as_ref(), entities)
}

fn lookup_entity<S>(at: &Spanned<S>, name: &str, entities: &[Entity]) -> Checked<usize> {
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

fn forbid<T>(field: &Option<Spanned<T>>, name: &str, kind: &str) -> Checked<()> {
    match field {
        Some(at) => invalid(
            at,
            format!("`{name}` is not allowed in a {kind} requirement"),
        ),
        None => Ok(()),
    }
}

fn within_range(value: &Spanned<i64>, min: i64, max: i64, what: &str) -> Checked<i64> {
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

fn non_empty(value: &Spanned<String>, what: &str) -> Checked<String> {
    if value.as_ref().trim().is_empty() {
        return invalid(value, format!("{what} must not be empty"));
    }
    Ok(value.as_ref().clone())
}

fn event_type(value: &Spanned<String>) -> Checked<String> {
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

fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
