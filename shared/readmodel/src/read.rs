//! The reads of the read model, for the api and the CLI. Rows come back typed; the
//! arithmetic (levels, progress, check-ins) is the caller's.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde_json::Value;

use crate::open::StoreError;
use crate::time::time_text;

/// An organisation with events.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgRow {
    pub org: String,
    pub events: u64,
    pub first_sequence: u64,
    pub last_sequence: u64,
    pub last_occurred_at: DateTime<Utc>,
}

/// What the maturity evaluator needs of one event.
#[derive(Debug, Clone, PartialEq)]
pub struct FactRow {
    pub event_type: String,
    pub occurred_at: DateTime<Utc>,
    pub data: Value,
}

/// One event of the timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub sequence: u64,
    pub id: String,
    pub event_type: String,
    pub occurred_at: DateTime<Utc>,
    pub recorded_at: DateTime<Utc>,
    pub source: Option<String>,
    pub data: Value,
    /// Who recorded it (`{"kind","id","name"}`); none on events stored before.
    pub recorded_by: Option<Value>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ObjectiveRow {
    pub objective: String,
    pub title: String,
    pub goal: Option<String>,
    /// Stakeholder group ids.
    pub stakeholders: Vec<String>,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub defined_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct KeyResultRow {
    pub key_result: String,
    pub objective: String,
    pub title: String,
    pub unit: String,
    pub baseline: f64,
    /// `None` while the target is a blank (a template's "___").
    pub target: Option<f64>,
    /// `increase` or `decrease`.
    pub direction: String,
    pub due: NaiveDate,
    pub defined_at: DateTime<Utc>,
    pub overdue_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MeasurementRow {
    pub key_result: String,
    pub sequence: u64,
    pub value: f64,
    pub occurred_at: DateTime<Utc>,
}

/// An initiative; `title` and the other definition fields are `None` until its
/// `initiative.started` has been applied.
#[derive(Debug, Clone, PartialEq)]
pub struct InitiativeRow {
    pub initiative: String,
    pub objective: Option<String>,
    pub key_results: Vec<String>,
    pub title: Option<String>,
    pub owner: Option<String>,
    pub horizon: Option<String>,
    pub checkin_days: Option<u32>,
    pub due: Option<NaiveDate>,
    /// `active`, `blocked`, `completed` or `cancelled`.
    pub state: String,
    pub percent: Option<u8>,
    pub note: Option<String>,
    pub started_at: Option<DateTime<Utc>>,
    pub last_activity_at: DateTime<Utc>,
    pub stalled_since: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DeadLetterRow {
    pub sequence: u64,
    pub subject: String,
    pub msg_id: Option<String>,
    pub reason: String,
    pub raw: Vec<u8>,
}

/// A firing alert, with what it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertRow {
    /// `initiative_stalled` or `key_result_overdue`.
    pub kind: String,
    /// The initiative or key result.
    pub entity: String,
    /// The entity's title, once defined.
    pub title: Option<String>,
    /// The initiative's owner (key results have none).
    pub owner: Option<String>,
    /// When it started firing.
    pub since: DateTime<Utc>,
    /// The entity's last activity as last seen (a check-in, a measurement).
    pub last_activity_at: Option<DateTime<Utc>>,
    /// The silence that mutes it longest, and until when (it mutes while that is ahead).
    pub silenced_by: Option<String>,
    pub silenced_until: Option<DateTime<Utc>>,
}

/// The firing alerts of an organisation, oldest first.
pub fn open_alerts(conn: &Connection, org: &str) -> Result<Vec<AlertRow>, StoreError> {
    let sql = "SELECT a.kind, a.entity, coalesce(i.title, k.title), i.owner, a.since, a.last_activity_at,
                      a.silenced_by, a.silenced_until
               FROM alerts a
               LEFT JOIN initiatives i ON a.kind = 'initiative_stalled' AND i.org = a.org AND i.initiative = a.entity
               LEFT JOIN key_results k ON a.kind = 'key_result_overdue' AND k.org = a.org AND k.key_result = a.entity
               WHERE a.org = ?1 AND a.status = 'firing' ORDER BY a.since, a.kind, a.entity";
    collect(conn, sql, [org], |r| {
        Ok(AlertRow {
            kind: r.get(0)?,
            entity: r.get(1)?,
            title: r.get(2)?,
            owner: r.get(3)?,
            since: time(r, 4)?,
            last_activity_at: opt_time(r, 5)?,
            silenced_by: r.get(6)?,
            silenced_until: opt_time(r, 7)?,
        })
    })
}

/// Every organisation, by id.
pub fn orgs(conn: &Connection) -> Result<Vec<OrgRow>, StoreError> {
    let sql = "SELECT org, events, first_sequence, last_sequence, last_occurred_at FROM orgs ORDER BY org";
    collect(conn, sql, [], org_row)
}

/// One organisation, if it has events.
pub fn org(conn: &Connection, org: &str) -> Result<Option<OrgRow>, StoreError> {
    let sql = "SELECT org, events, first_sequence, last_sequence, last_occurred_at FROM orgs WHERE org = ?1";
    Ok(conn
        .prepare_cached(sql)?
        .query_row([org], org_row)
        .optional()?)
}

/// Every event of an organisation in log order, as the maturity evaluator reads it.
pub fn facts(conn: &Connection, org: &str) -> Result<Vec<FactRow>, StoreError> {
    facts_after(conn, org, 0)
}

/// The events of an organisation after sequence `after`, in log order, as the maturity
/// evaluator reads them (what a cache holding the earlier ones lacks).
pub fn facts_after(conn: &Connection, org: &str, after: u64) -> Result<Vec<FactRow>, StoreError> {
    facts_between(conn, org, after, i64::MAX as u64)
}

/// The events of an organisation after sequence `after` up to and including `upto`,
/// in log order (what a snapshot taken at `upto` folds in after an earlier one).
pub fn facts_between(
    conn: &Connection,
    org: &str,
    after: u64,
    upto: u64,
) -> Result<Vec<FactRow>, StoreError> {
    let sql = "SELECT type, occurred_at, data FROM events
               WHERE org = ?1 AND sequence > ?2 AND sequence <= ?3 ORDER BY sequence";
    let upto = upto.min(i64::MAX as u64) as i64;
    collect(conn, sql, params![org, after as i64, upto], |r| {
        Ok(FactRow {
            event_type: r.get(0)?,
            occurred_at: micros(r, 1)?,
            data: json(r, 2)?,
        })
    })
}

/// A page of an organisation's timeline: events after sequence `after`, oldest first.
pub fn events_page(
    conn: &Connection,
    org: &str,
    after: u64,
    limit: u32,
) -> Result<Vec<EventRow>, StoreError> {
    let sql = "SELECT sequence, id, type, occurred_at, recorded_at, source, data, recorded_by
               FROM events WHERE org = ?1 AND sequence > ?2 ORDER BY sequence LIMIT ?3";
    collect(conn, sql, params![org, after as i64, limit], |r| {
        Ok(EventRow {
            sequence: r.get::<_, i64>(0)? as u64,
            id: r.get(1)?,
            event_type: r.get(2)?,
            occurred_at: micros(r, 3)?,
            recorded_at: micros(r, 4)?,
            source: r.get(5)?,
            data: json(r, 6)?,
            recorded_by: r
                .get::<_, Option<String>>(7)?
                .map(|text| serde_json::from_str(&text).map_err(|e| conversion(7, e)))
                .transpose()?,
        })
    })
}

/// An organisation's objectives, by id.
pub fn objectives(conn: &Connection, org: &str) -> Result<Vec<ObjectiveRow>, StoreError> {
    let sql = "SELECT objective, title, goal, period_start, period_end, defined_at, closed_at, stakeholders
               FROM objectives WHERE org = ?1 ORDER BY objective";
    collect(conn, sql, [org], |r| {
        let stakeholders: String = r.get(7)?;
        Ok(ObjectiveRow {
            objective: r.get(0)?,
            title: r.get(1)?,
            goal: r.get(2)?,
            stakeholders: serde_json::from_str(&stakeholders).unwrap_or_default(),
            period_start: date(r, 3)?,
            period_end: date(r, 4)?,
            defined_at: time(r, 5)?,
            closed_at: opt_time(r, 6)?,
        })
    })
}

/// An organisation's key results, by id.
pub fn key_results(conn: &Connection, org: &str) -> Result<Vec<KeyResultRow>, StoreError> {
    let sql = "SELECT key_result, objective, title, unit, baseline, target, direction, due, defined_at, overdue_at
               FROM key_results WHERE org = ?1 ORDER BY key_result";
    collect(conn, sql, [org], |r| {
        Ok(KeyResultRow {
            key_result: r.get(0)?,
            objective: r.get(1)?,
            title: r.get(2)?,
            unit: r.get(3)?,
            baseline: r.get(4)?,
            target: r.get(5)?,
            direction: r.get(6)?,
            due: date(r, 7)?,
            defined_at: time(r, 8)?,
            overdue_at: opt_time(r, 9)?,
        })
    })
}

/// An organisation's measurements up to `until`, per key result in time order.
pub fn measurements(
    conn: &Connection,
    org: &str,
    until: DateTime<Utc>,
) -> Result<Vec<MeasurementRow>, StoreError> {
    let sql = "SELECT key_result, sequence, value, occurred_at FROM measurements
               WHERE org = ?1 AND occurred_at <= ?2 ORDER BY key_result, occurred_at, sequence";
    collect(conn, sql, params![org, time_text(until)], measurement_row)
}

/// An organisation's measurements after sequence `after` (what a cache holding the
/// earlier ones lacks), per key result in time order.
pub fn measurements_after(
    conn: &Connection,
    org: &str,
    after: u64,
) -> Result<Vec<MeasurementRow>, StoreError> {
    let sql = "SELECT key_result, sequence, value, occurred_at FROM measurements
               WHERE org = ?1 AND sequence > ?2 ORDER BY key_result, occurred_at, sequence";
    collect(conn, sql, params![org, after as i64], measurement_row)
}

fn measurement_row(r: &Row<'_>) -> rusqlite::Result<MeasurementRow> {
    Ok(MeasurementRow {
        key_result: r.get(0)?,
        sequence: r.get::<_, i64>(1)? as u64,
        value: r.get(2)?,
        occurred_at: time(r, 3)?,
    })
}

/// An organisation's initiatives, by id.
pub fn initiatives(conn: &Connection, org: &str) -> Result<Vec<InitiativeRow>, StoreError> {
    let sql = "SELECT initiative, objective, key_results, title, owner, horizon, checkin_days, due, state, percent,
                      note, started_at, last_activity_at, stalled_since
               FROM initiatives WHERE org = ?1 ORDER BY initiative";
    collect(conn, sql, [org], |r| {
        Ok(InitiativeRow {
            initiative: r.get(0)?,
            objective: r.get(1)?,
            key_results: serde_json::from_str(&r.get::<_, String>(2)?).unwrap_or_default(),
            title: r.get(3)?,
            owner: r.get(4)?,
            horizon: r.get(5)?,
            checkin_days: r.get(6)?,
            due: opt_date(r, 7)?,
            state: r.get(8)?,
            percent: r.get(9)?,
            note: r.get(10)?,
            started_at: opt_time(r, 11)?,
            last_activity_at: time(r, 12)?,
            stalled_since: opt_time(r, 13)?,
        })
    })
}

/// Dead letters after sequence `after`, oldest first.
pub fn dead_letters(
    conn: &Connection,
    after: u64,
    limit: u32,
) -> Result<Vec<DeadLetterRow>, StoreError> {
    let sql = "SELECT sequence, subject, msg_id, reason, raw FROM dead_letter WHERE sequence > ?1
               ORDER BY sequence LIMIT ?2";
    collect(conn, sql, params![after as i64, limit], |r| {
        Ok(DeadLetterRow {
            sequence: r.get::<_, i64>(0)? as u64,
            subject: r.get(1)?,
            msg_id: r.get(2)?,
            reason: r.get(3)?,
            raw: r.get(4)?,
        })
    })
}

fn collect<T, P: rusqlite::Params>(
    conn: &Connection,
    sql: &str,
    params: P,
    map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt
        .query_map(params, map)?
        .collect::<Result<Vec<T>, _>>()?;
    Ok(rows)
}

fn org_row(r: &Row<'_>) -> rusqlite::Result<OrgRow> {
    Ok(OrgRow {
        org: r.get(0)?,
        events: r.get::<_, i64>(1)? as u64,
        first_sequence: r.get::<_, i64>(2)? as u64,
        last_sequence: r.get::<_, i64>(3)? as u64,
        last_occurred_at: time(r, 4)?,
    })
}

fn conversion(i: usize, e: impl std::error::Error + Send + Sync + 'static) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
}

fn time(r: &Row<'_>, i: usize) -> rusqlite::Result<DateTime<Utc>> {
    let text: String = r.get(i)?;
    DateTime::parse_from_rfc3339(&text)
        .map(|t| t.to_utc())
        .map_err(|e| conversion(i, e))
}

/// A timeline time ([`crate::time_micros`]).
fn micros(r: &Row<'_>, i: usize) -> rusqlite::Result<DateTime<Utc>> {
    let value: i64 = r.get(i)?;
    crate::time::from_micros(value).ok_or(rusqlite::Error::IntegralValueOutOfRange(i, value))
}

fn opt_time(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    match r.get_ref(i)? {
        rusqlite::types::ValueRef::Null => Ok(None),
        _ => time(r, i).map(Some),
    }
}

fn date(r: &Row<'_>, i: usize) -> rusqlite::Result<NaiveDate> {
    let text: String = r.get(i)?;
    text.parse().map_err(|e| conversion(i, e))
}

fn opt_date(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    match r.get_ref(i)? {
        rusqlite::types::ValueRef::Null => Ok(None),
        _ => date(r, i).map(Some),
    }
}

fn json(r: &Row<'_>, i: usize) -> rusqlite::Result<Value> {
    let text: String = r.get(i)?;
    serde_json::from_str(&text).map_err(|e| conversion(i, e))
}
