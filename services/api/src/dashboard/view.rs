//! Everything one organisation's page shows, read in one read transaction from what
//! [`crate::cache`] keeps until the organisation's log moves: the maturity timeline
//! serves the grid and the history, the OKR rows the OKRs and initiatives, the facts
//! the event timeline.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use govtrack_events::RecordedBy;
use govtrack_maturity::{Fact, Model};
use govtrack_readmodel::read;
use rusqlite::Connection;

use super::alerts::started_by as alerts_started_by;
use super::next_steps::{Way, ways};
use crate::cache::{OkrRows, OrgKey, ReadCache};
use crate::query::{self, QueryError};
use crate::types::{
    AlertReport, CapabilityLevel, InitiativeReport, LevelChange, ObjectiveReport, SourceReport,
};

/// How many events the timeline shows.
pub const RECENT_EVENTS: usize = 20;

/// How far back from the end of the log the timeline looks up who recorded an event.
/// The latest events by time are almost always among the latest by sequence; one
/// recorded long before a run of back-dated records is shown without its recorder
/// rather than with a walk of the whole log.
const RECORDERS_DEPTH: usize = 10_000;

/// One of the latest events, and who recorded it (none for events stored before
/// govtrack knew its callers).
#[derive(Debug, Clone)]
pub struct Recent {
    pub fact: Fact,
    pub recorded_by: Option<RecordedBy>,
}

/// The data of `/orgs/{org}`.
#[derive(Debug, Clone)]
pub struct OrgView {
    pub org: String,
    /// The maturity model's display name.
    pub model: String,
    /// The instant shown.
    pub as_of: DateTime<Utc>,
    /// True when `as_of` was asked for (a past view), false for "now".
    pub past: bool,
    pub capabilities: Vec<CapabilityLevel>,
    /// Per capability, per missing requirement (in `next.missing` order): how to
    /// record it.
    pub ways: Vec<Vec<Vec<Way>>>,
    /// Level changes up to `as_of`, oldest first.
    pub changes: Vec<LevelChange>,
    /// The first event's time (the start of the history chart).
    pub first_event_at: Option<DateTime<Utc>>,
    /// Events that occurred up to `as_of`.
    pub events: usize,
    pub objectives: Vec<ObjectiveReport>,
    pub initiatives: Vec<InitiativeReport>,
    /// The latest events up to `as_of`, newest first.
    pub recent: Vec<Recent>,
    /// Open alerts that had started by `as_of`, oldest first.
    pub alerts: Vec<AlertReport>,
    /// Every feed with its status at `now`.
    pub sources: Vec<SourceReport>,
    /// When the page was read (the feeds' statuses are as of then).
    pub now: DateTime<Utc>,
}

/// Reads and evaluates `org` as of `as_of`; `past` says whether that was asked for.
pub fn load(
    conn: &Connection,
    model: &Model,
    org: &str,
    (as_of, past, now): (DateTime<Utc>, bool, DateTime<Utc>),
    cache: &ReadCache,
) -> Result<OrgView, QueryError> {
    let key = OrgKey::read(conn, org)?;
    let timeline = cache.timeline(conn, model, &key, (as_of, now))?;
    let capabilities = query::maturity(&timeline, model, org, as_of)?.capabilities;
    let rows = cache.okr_rows(conn, &key)?;
    let objectives = okrs_defined_by(&rows, org, as_of);
    let mut initiatives = query::initiatives(&rows, org, None, as_of).initiatives;
    initiatives.retain(|i| started_by(i, as_of));
    let facts = cache.facts(conn, &key)?;
    let (events, first_event_at, latest) = timeline_of(facts.iter(), as_of);
    let recent = with_recorders(conn, &key, latest)?;
    let alerts = alerts_started_by(query::open_alerts(conn, org, now)?, as_of);
    Ok(OrgView {
        org: org.to_owned(),
        model: model.name().to_owned(),
        as_of,
        past,
        ways: ways(model, &capabilities),
        capabilities,
        changes: (timeline.changes_until(as_of).iter())
            .map(query::level_change)
            .collect(),
        first_event_at,
        events,
        objectives,
        initiatives,
        recent,
        alerts,
        sources: query::source_reports(conn, org, now)?,
        now,
    })
}

/// The OKRs at `as_of`, without the objectives, key results and initiatives defined
/// after it (a past view must not show what did not exist yet).
fn okrs_defined_by(rows: &OkrRows, org: &str, as_of: DateTime<Utc>) -> Vec<ObjectiveReport> {
    let later = |defined: &mut dyn Iterator<Item = (&String, DateTime<Utc>)>| -> HashSet<String> {
        defined
            .filter(|(_, at)| *at > as_of)
            .map(|(id, _)| id.clone())
            .collect()
    };
    let objectives = later(&mut rows.objectives.iter().map(|o| (&o.objective, o.defined_at)));
    let key_results = later(
        &mut rows
            .key_results
            .iter()
            .map(|k| (&k.key_result, k.defined_at)),
    );
    let mut report = query::okrs(rows, org, as_of).objectives;
    report.retain(|o| !objectives.contains(&o.objective));
    for o in &mut report {
        o.key_results
            .retain(|k| !key_results.contains(&k.key_result));
        o.initiatives.retain(|i| started_by(i, as_of));
    }
    report
}

fn started_by(i: &InitiativeReport, as_of: DateTime<Utc>) -> bool {
    i.started_at.is_none_or(|t| t <= as_of)
}

/// The number of events up to `as_of`, the first one's time, and the latest few, each
/// with its place counted from the end of the log (0: the last event).
fn timeline_of<'f>(
    facts: impl DoubleEndedIterator<Item = &'f Fact>,
    as_of: DateTime<Utc>,
) -> (usize, Option<DateTime<Utc>>, Vec<(usize, Fact)>) {
    // Facts are in log order; reversed, a stable sort keeps the later of simultaneous
    // events first.
    let mut seen: Vec<(usize, &Fact)> = (facts.rev().enumerate())
        .filter(|(_, f)| f.occurred_at <= as_of)
        .collect();
    let first = seen.iter().map(|(_, f)| f.occurred_at).min();
    let count = seen.len();
    seen.sort_by_key(|(_, f)| std::cmp::Reverse(f.occurred_at));
    let recent = (seen.into_iter().take(RECENT_EVENTS))
        .map(|(place, f)| (place, f.clone()))
        .collect();
    (count, first, recent)
}

/// The latest events with who recorded each, read from the end of the organisation's
/// timeline up to the cached facts' last sequence.
fn with_recorders(
    conn: &Connection,
    key: &OrgKey,
    latest: Vec<(usize, Fact)>,
) -> Result<Vec<Recent>, QueryError> {
    let depth = latest.iter().map(|(place, _)| place + 1).max().unwrap_or(0);
    let recorders = match depth {
        0 => Vec::new(),
        d => read::latest_recorders(conn, &key.org, key.last_sequence, d.min(RECORDERS_DEPTH))?,
    };
    Ok((latest.into_iter())
        .map(|(place, fact)| Recent {
            recorded_by: (recorders.get(place).cloned().flatten())
                .and_then(|v| serde_json::from_value(v).ok()),
            fact,
        })
        .collect())
}
