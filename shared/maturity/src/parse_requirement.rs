//! Model files: one `[[capability.requirement]]` (or one alternative of an any-of group)
//! and its validation into a [`Requirement`].

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;
use toml::Spanned;

use crate::checked::{
    Checked, MAX_DAYS, event_type, forbid, invalid, is_identifier, lookup_entity, non_empty,
    within_range,
};
use crate::model::LEVELS;
use crate::requirement::{Entity, Requirement};
use crate::requirement::{FactSource, Matcher, RequirementKind};

const MAX_COUNT: i64 = 100_000;

/// A requirement as written; an alternative of an any-of group has no `level`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRequirement {
    level: Option<Spanned<i64>>,
    kind: Spanned<String>,
    words: Option<Spanned<String>>,
    /// The older name of `words`, still read in custom model files.
    description: Option<Spanned<String>>,
    how: Option<Spanned<String>>,
    source: Option<Spanned<String>>,
    event: Option<Spanned<String>>,
    entity: Option<Spanned<String>>,
    signal: Option<Spanned<String>>,
    count: Option<Spanned<i64>>,
    within_days: Option<Spanned<i64>>,
    #[serde(rename = "match")]
    equals: Option<Spanned<BTreeMap<String, toml::Value>>>,
    includes: Option<Spanned<BTreeMap<String, Vec<String>>>>,
    active: Option<Spanned<BTreeMap<String, String>>>,
    any: Option<Spanned<Vec<RawRequirement>>>,
}

/// Validates a top-level requirement of a capability.
pub(crate) fn build_requirement(raw: &RawRequirement, entities: &[Entity]) -> Checked<Requirement> {
    let Some(at) = &raw.level else {
        return invalid(
            &raw.kind,
            "a requirement needs `level` (200, 300, 400 or 500)",
        );
    };
    let level = *at.as_ref();
    if !LEVELS.iter().any(|l| i64::from(*l) == level) {
        return invalid(
            at,
            format!("level must be 200, 300, 400 or 500, not {level}"),
        );
    }
    build(raw, entities, level as u16, false)
}

fn build(
    raw: &RawRequirement,
    entities: &[Entity],
    level: u16,
    alternative: bool,
) -> Checked<Requirement> {
    let kind = match raw.kind.as_ref().as_str() {
        "fact" => build_fact(raw, entities)?,
        "recent" => build_recent(raw, entities)?,
        "evidence" => build_evidence(raw)?,
        "any" if alternative => {
            return invalid(&raw.kind, "an any-of alternative cannot be a group itself");
        }
        "any" => build_any(raw, entities, level)?,
        other => {
            let reason = format!(
                "unknown requirement kind `{other}` (expected fact, recent, evidence or any)"
            );
            return invalid(&raw.kind, reason);
        }
    };
    if !matches!(kind, RequirementKind::Any(_)) {
        forbid(&raw.any, "any", raw.kind.as_ref())?;
    }
    Ok(Requirement {
        level,
        words: words(raw, &kind)?,
        how: optional_text(&raw.how, "how")?,
        source: optional_text(&raw.source, "source")?,
        kind,
    })
}

/// `words`, or its older name `description`; an any-of group may leave both out.
fn words(raw: &RawRequirement, kind: &RequirementKind) -> Checked<String> {
    match (&raw.words, &raw.description, kind) {
        (Some(_), Some(older), _) => invalid(
            older,
            "`description` is the older name of `words`: give only one",
        ),
        (Some(words), None, _) | (None, Some(words), _) => non_empty(words, "words"),
        (None, None, RequirementKind::Any(alternatives)) => Ok(alternatives
            .iter()
            .map(|a| a.words.as_str())
            .collect::<Vec<_>>()
            .join(" or ")),
        (None, None, _) => invalid(&raw.kind, "a requirement needs `words`"),
    }
}

fn optional_text(value: &Option<Spanned<String>>, what: &str) -> Checked<Option<String>> {
    value.as_ref().map(|v| non_empty(v, what)).transpose()
}

fn build_any(raw: &RawRequirement, entities: &[Entity], level: u16) -> Checked<RequirementKind> {
    for (field, name) in [
        (&raw.event, "event"),
        (&raw.entity, "entity"),
        (&raw.signal, "signal"),
    ] {
        forbid(field, name, "any")?;
    }
    forbid(&raw.count, "count", "any")?;
    forbid(&raw.within_days, "within_days", "any")?;
    forbid(&raw.equals, "match", "any")?;
    forbid(&raw.includes, "includes", "any")?;
    forbid(&raw.active, "active", "any")?;
    let Some(group) = &raw.any else {
        return invalid(
            &raw.kind,
            "an any requirement needs its alternatives ([[capability.requirement.any]])",
        );
    };
    if group.as_ref().len() < 2 {
        return invalid(group, "an any-of group needs at least two alternatives");
    }
    let mut alternatives = Vec::new();
    for alternative in group.as_ref() {
        if let Some(at) = &alternative.level {
            return invalid(at, "an alternative takes its group's level: drop `level`");
        }
        alternatives.push(build(alternative, entities, level, true)?);
    }
    Ok(RequirementKind::Any(alternatives))
}

fn build_fact(raw: &RawRequirement, entities: &[Entity]) -> Checked<RequirementKind> {
    forbid(&raw.signal, "signal", "fact")?;
    forbid(&raw.within_days, "within_days", "fact")?;
    forbid(&raw.active, "active", "fact")?;
    let source = match (&raw.event, &raw.entity) {
        (Some(event), None) => FactSource::Event(event_type(event)?),
        (None, Some(entity)) => {
            FactSource::Entity(lookup_entity(entity, entity.as_ref(), entities)?)
        }
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
