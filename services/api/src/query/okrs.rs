//! Objectives → key results (progress, expected pace, status) → initiatives.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use govtrack_okr::{Direction, KeyResultSpec, KrProgress, assess, rollup};
use govtrack_readmodel::read::{KeyResultRow, ObjectiveRow};

use super::initiatives::report;
use crate::cache::OkrRows;
use crate::measured::Measurements;
use crate::types::{InitiativeReport, KeyResultReport, ObjectiveReport, OkrReport};

/// An organisation's OKRs at `now`, from its OKR rows.
pub fn okrs(rows: &OkrRows, org: &str, now: DateTime<Utc>) -> OkrReport {
    let measured = &rows.measurements;
    let mut krs_of: HashMap<String, Vec<KeyResultReport>> = HashMap::new();
    for row in &rows.key_results {
        krs_of
            .entry(row.objective.clone())
            .or_default()
            .push(key_result(row.clone(), measured, now));
    }
    let initiatives: Vec<InitiativeReport> = (rows.initiatives.iter())
        .map(|row| report(row.clone(), measured, now))
        .collect();
    let objectives = (rows.objectives.iter().cloned())
        .map(|o| {
            let krs = krs_of.remove(&o.objective).unwrap_or_default();
            let mine = initiatives
                .iter()
                .filter(|i| i.objective.as_deref() == Some(&o.objective))
                .cloned()
                .collect();
            objective(o, krs, mine)
        })
        .collect();
    OkrReport {
        org: org.to_owned(),
        as_of: now,
        objectives,
    }
}

fn objective(
    o: ObjectiveRow,
    key_results: Vec<KeyResultReport>,
    initiatives: Vec<InitiativeReport>,
) -> ObjectiveReport {
    let progress: Vec<KrProgress> = key_results
        .iter()
        .map(|kr| KrProgress {
            current: kr.current,
            progress: kr.progress,
            expected: kr.expected,
            status: kr.status,
        })
        .collect();
    let rolled = rollup(&progress);
    ObjectiveReport {
        objective: o.objective,
        title: o.title,
        goal_title: o.goal.as_deref().and_then(goal_title),
        goal: o.goal,
        stakeholders: o.stakeholders,
        period_start: o.period_start,
        period_end: o.period_end,
        closed_at: o.closed_at,
        progress: rolled.progress,
        status: rolled.status,
        key_results,
        initiatives,
    }
}

fn key_result(row: KeyResultRow, measured: &Measurements, now: DateTime<Utc>) -> KeyResultReport {
    // Stored by the projector from the catalogue's own type; anything else reads as
    // increase, the more common case.
    let direction: Direction = row.direction.parse().unwrap_or(Direction::Increase);
    let spec = KeyResultSpec {
        baseline: row.baseline,
        target: row.target,
        direction,
        defined_at: row.defined_at,
        due: end_of_day(row.due),
    };
    let latest = measured.latest(&row.key_result, now);
    let assessed = assess(&spec, latest.map(|(v, _)| v), now);
    KeyResultReport {
        key_result: row.key_result,
        title: row.title,
        unit: row.unit,
        baseline: row.baseline,
        target: row.target,
        direction,
        due: row.due,
        current: assessed.current,
        measured_at: latest.map(|(_, at)| at),
        progress: assessed.progress,
        expected: assessed.expected,
        status: assessed.status,
    }
}

/// A due date is met until the end of that day (UTC).
fn end_of_day(date: NaiveDate) -> DateTime<Utc> {
    date.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default())
        .and_utc()
}

/// The title of a common goal id, `None` for `custom` or an unknown id.
fn goal_title(goal: &str) -> Option<String> {
    let goal: govtrack_events::Goal = goal.parse().ok()?;
    Some(goal.title().to_owned())
}
