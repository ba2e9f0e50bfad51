//! Maturity as of an instant, and its history: read from the organisation's timeline
//! (the evaluator's replay of its stored facts, see [`crate::cache`]).

use chrono::{DateTime, Utc};
use govtrack_maturity::{Assessment, CapabilityAssessment, Fact, Model, Timeline};
use govtrack_readmodel::read;
use rusqlite::Connection;

use super::QueryError;
use crate::types::{
    CapabilityLevel, LevelChange, MaturityHistory, MaturityReport, NextLevel, TargetLevel,
};

/// Every capability's level, target, since and next level as of `as_of`, read from the
/// organisation's timeline.
pub fn maturity(
    timeline: &Timeline,
    model: &Model,
    org: &str,
    as_of: DateTime<Utc>,
) -> Result<MaturityReport, QueryError> {
    let assessment = (timeline.assess(model, as_of)).ok_or(QueryError::Uncovered(as_of))?;
    Ok(report(org, assessment))
}

/// Every level change up to `until`, with its cause.
pub fn maturity_history(
    timeline: &Timeline,
    model: &Model,
    org: &str,
    until: DateTime<Utc>,
) -> Result<MaturityHistory, QueryError> {
    if !timeline.covers(until) {
        return Err(QueryError::Uncovered(until));
    }
    Ok(MaturityHistory {
        org: org.to_owned(),
        model: model.id().to_owned(),
        until,
        changes: timeline
            .changes_until(until)
            .iter()
            .map(level_change)
            .collect(),
    })
}

/// A level change as the api reports it.
pub(crate) fn level_change(c: &govtrack_maturity::LevelChange) -> LevelChange {
    LevelChange {
        capability: c.capability.clone(),
        at: c.at,
        from: c.from,
        to: c.to,
        cause: c.cause.clone(),
    }
}

/// The facts of `org` after sequence `after`, in log order.
pub(crate) fn facts_after(
    conn: &Connection,
    org: &str,
    after: u64,
) -> Result<Vec<Fact>, QueryError> {
    Ok(facts(read::facts_after(conn, org, after)?))
}

/// The facts of `org` after sequence `after` up to and including `upto`.
pub(crate) fn facts_between(
    conn: &Connection,
    org: &str,
    (after, upto): (u64, u64),
) -> Result<Vec<Fact>, QueryError> {
    Ok(facts(read::facts_between(conn, org, after, upto)?))
}

fn facts(rows: Vec<read::FactRow>) -> Vec<Fact> {
    (rows.into_iter())
        .map(|r| Fact::new(r.event_type, r.occurred_at, r.data))
        .collect()
}

/// The response body of an assessment.
pub(crate) fn report(org: &str, assessment: Assessment) -> MaturityReport {
    MaturityReport {
        org: org.to_owned(),
        as_of: assessment.as_of,
        model: assessment.model,
        capabilities: assessment
            .capabilities
            .into_iter()
            .map(capability)
            .collect(),
    }
}

fn capability(c: CapabilityAssessment) -> CapabilityLevel {
    CapabilityLevel {
        id: c.id,
        name: c.name,
        level: c.level,
        target: c.target.map(|t| TargetLevel {
            level: t.level,
            due: t.due,
        }),
        since: c.since,
        next: c.next.map(|n| NextLevel {
            level: n.level,
            missing: n.missing,
        }),
    }
}
