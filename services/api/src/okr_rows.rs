//! An organisation's OKR rows (objectives, key results, measurements, initiatives) as
//! the projector stores them: what the OKR and initiative reads compute from, and what
//! the cache keeps per organisation.

use std::mem::size_of;

use chrono::{DateTime, Utc};
use govtrack_readmodel::read::{self, InitiativeRow, KeyResultRow, ObjectiveRow};
use rusqlite::Connection;

use crate::measured::Measurements;
use crate::org_cache::Weigh;
use crate::query::QueryError;

/// An organisation's OKR rows, as the projector stores them.
#[derive(Debug, Clone, Default)]
pub struct OkrRows {
    pub objectives: Vec<ObjectiveRow>,
    pub key_results: Vec<KeyResultRow>,
    pub measurements: Measurements,
    pub initiatives: Vec<InitiativeRow>,
}

impl OkrRows {
    /// Reads every OKR row of `org` (the caller has checked that it exists).
    pub fn read(conn: &Connection, org: &str) -> Result<OkrRows, QueryError> {
        Ok(OkrRows {
            measurements: Measurements::new(read::measurements(conn, org, end_of_time())?),
            ..Self::read_definitions(conn, org)?
        })
    }

    /// The rows of `org` when `earlier` held them up to sequence `after`: the
    /// definitions and initiatives (few rows, updated in place) are read again, the
    /// measurements (many, append-only) only from `after` on.
    pub fn read_since(
        conn: &Connection,
        org: &str,
        (after, earlier): (u64, &OkrRows),
    ) -> Result<OkrRows, QueryError> {
        let new = read::measurements_after(conn, org, after)?;
        let mut measurements = earlier.measurements.clone();
        measurements.extend(new);
        Ok(OkrRows {
            measurements,
            ..Self::read_definitions(conn, org)?
        })
    }

    fn read_definitions(conn: &Connection, org: &str) -> Result<OkrRows, QueryError> {
        Ok(OkrRows {
            objectives: read::objectives(conn, org)?,
            key_results: read::key_results(conn, org)?,
            measurements: Measurements::default(),
            initiatives: read::initiatives(conn, org)?,
        })
    }
}

/// Later than any event's time (stored times are four-digit-year RFC 3339 text).
fn end_of_time() -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(253_402_300_799, 0).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

impl Weigh for OkrRows {
    fn weight(&self) -> usize {
        let text = |s: &String| s.capacity();
        let opt = |s: &Option<String>| s.as_ref().map_or(0, String::capacity);
        let list =
            |v: &[String]| -> usize { v.iter().map(|s| size_of::<String>() + s.capacity()).sum() };
        let objectives: usize = (self.objectives.iter())
            .map(|o| {
                size_of::<ObjectiveRow>()
                    + text(&o.objective)
                    + text(&o.title)
                    + opt(&o.goal)
                    + list(&o.stakeholders)
            })
            .sum();
        let key_results: usize = (self.key_results.iter())
            .map(|k| {
                size_of::<KeyResultRow>()
                    + text(&k.key_result)
                    + text(&k.objective)
                    + text(&k.title)
                    + text(&k.unit)
                    + text(&k.direction)
            })
            .sum();
        let initiatives: usize = (self.initiatives.iter())
            .map(|i| {
                size_of::<InitiativeRow>()
                    + text(&i.initiative)
                    + opt(&i.objective)
                    + opt(&i.title)
                    + opt(&i.owner)
                    + opt(&i.horizon)
                    + text(&i.state)
                    + opt(&i.note)
                    + list(&i.key_results)
            })
            .sum();
        size_of::<OkrRows>()
            + objectives
            + key_results
            + initiatives
            + self.measurements.heap_bytes()
    }
}
