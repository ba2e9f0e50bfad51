//! Maturity as of an instant, and its history: the evaluator run over the stored facts.

use chrono::{DateTime, Utc};
use govtrack_maturity::{Assessment, CapabilityAssessment, Fact, Model, evaluate, level_history};
use govtrack_projector::store::read;
use rusqlite::Connection;

use super::{QueryError, known_org};
use crate::types::{
    CapabilityLevel, LevelChange, MaturityHistory, MaturityReport, NextLevel, TargetLevel,
};

/// Every capability's level, target, since and next level as of `as_of`.
pub fn maturity(
    conn: &Connection,
    model: &Model,
    org: &str,
    as_of: DateTime<Utc>,
) -> Result<MaturityReport, QueryError> {
    let facts = facts(conn, org)?;
    Ok(report(org, evaluate(model, &facts, as_of)))
}

/// Every level change up to `until`, with its cause.
pub fn maturity_history(
    conn: &Connection,
    model: &Model,
    org: &str,
    until: DateTime<Utc>,
) -> Result<MaturityHistory, QueryError> {
    let facts = facts(conn, org)?;
    let changes = level_history(model, &facts, until)
        .into_iter()
        .map(|c| LevelChange {
            capability: c.capability,
            at: c.at,
            from: c.from,
            to: c.to,
            cause: c.cause,
        })
        .collect();
    Ok(MaturityHistory {
        org: org.to_owned(),
        model: model.id().to_owned(),
        until,
        changes,
    })
}

/// Every fact of `org`, in log order (fails for an organisation without events).
pub(crate) fn facts(conn: &Connection, org: &str) -> Result<Vec<Fact>, QueryError> {
    known_org(conn, org)?;
    let rows = read::facts(conn, org)?;
    Ok(rows
        .into_iter()
        .map(|r| Fact::new(r.event_type, r.occurred_at, r.data))
        .collect())
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
