//! `GET /v1/orgs/{org}/sources` and the dashboard's feeds section: every source seen
//! on the organisation's log with its last-seen time, expected cadence and status at
//! `now` (the shared rule of `govtrack_okr::feed`). A collector failure counts until
//! the source's next event.

use chrono::{DateTime, Utc};
use govtrack_okr::{Feed, source_status};
use govtrack_readmodel::sources::{self, SourceRow};
use rusqlite::Connection;

use super::{QueryError, known_org};
use crate::types::{SourceList, SourceReport};

/// The sources of `org` at `now`.
pub fn sources(conn: &Connection, org: &str, now: DateTime<Utc>) -> Result<SourceList, QueryError> {
    known_org(conn, org)?;
    Ok(SourceList {
        org: org.to_owned(),
        as_of: now,
        sources: source_reports(conn, org, now)?,
    })
}

/// The sources of `org` at `now` (none for an organisation without events).
pub fn source_reports(
    conn: &Connection,
    org: &str,
    now: DateTime<Utc>,
) -> Result<Vec<SourceReport>, QueryError> {
    let rows = sources::sources(conn, org)?;
    Ok(rows.into_iter().map(|row| report(row, now)).collect())
}

fn report(row: SourceRow, now: DateTime<Utc>) -> SourceReport {
    let failing = row
        .failed
        .as_ref()
        .is_some_and(|(at, _)| row.last_seen_at.is_none_or(|seen| seen < *at));
    let feed = Feed {
        last_seen: row.last_seen_at,
        every_hours: row.every_hours.unwrap_or(0),
        expected_at: row.expected_at,
        failing,
    };
    SourceReport {
        status: source_status(&feed, now).as_str().to_owned(),
        error: row.failed.filter(|_| failing).map(|(_, e)| e),
        name: row.source,
        last_seen_at: row.last_seen_at,
        every_hours: row.every_hours,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn a_failure_counts_until_the_source_speaks_again() {
        let row = SourceRow {
            source: "inventory-sync".into(),
            last_seen_at: Some(t("2026-03-01T00:00:00Z")),
            every_hours: Some(24),
            expected_at: None,
            failed: Some((t("2026-03-01T05:00:00Z"), "401".into())),
        };
        let failed = report(row.clone(), t("2026-03-01T06:00:00Z"));
        assert_eq!(
            (failed.status.as_str(), failed.error.as_deref()),
            ("failed", Some("401"))
        );
        let spoke = SourceRow {
            last_seen_at: Some(t("2026-03-01T07:00:00Z")),
            ..row
        };
        let ok = report(spoke, t("2026-03-01T08:00:00Z"));
        assert_eq!((ok.status.as_str(), ok.error), ("ok", None));
    }
}
