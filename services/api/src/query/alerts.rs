//! `GET /v1/orgs/{org}/alerts` and the dashboard's alerts section: the open alerts the
//! projector derived from the scheduler's findings on the log, with a sentence each and
//! whether a silence mutes them now.

use chrono::{DateTime, Utc};
use govtrack_readmodel::read::{self, AlertRow};
use rusqlite::Connection;

use super::{QueryError, known_org};
use crate::types::{AlertList, AlertReport};

/// Kind of the alert of a stalled initiative.
const STALLED: &str = "initiative_stalled";
/// Kind of the alert of an overdue key result.
const OVERDUE: &str = "key_result_overdue";
/// Kind of the alert of a feed silent past twice its cadence.
const SILENT: &str = "source_silent";
/// Kind of the alert of a failed collector run.
const FAILED: &str = "source_failed";

/// The open alerts of `org`, silenced or not as of `now`.
pub fn alerts(conn: &Connection, org: &str, now: DateTime<Utc>) -> Result<AlertList, QueryError> {
    known_org(conn, org)?;
    Ok(AlertList {
        org: org.to_owned(),
        as_of: now,
        alerts: open_alerts(conn, org, now)?,
    })
}

/// The open alerts of `org` (the organisation may have none, or no events yet).
pub fn open_alerts(
    conn: &Connection,
    org: &str,
    now: DateTime<Utc>,
) -> Result<Vec<AlertReport>, QueryError> {
    let rows = read::open_alerts(conn, org)?;
    Ok(rows.into_iter().map(|row| report(row, now)).collect())
}

fn report(row: AlertRow, now: DateTime<Utc>) -> AlertReport {
    AlertReport {
        summary: summary(&row),
        silenced: row.silenced_until.is_some_and(|until| until > now),
        kind: row.kind,
        entity: row.entity,
        title: row.title,
        since: row.since,
        last_activity_at: row.last_activity_at,
        silenced_by: row.silenced_by,
        silenced_until: row.silenced_until,
    }
}

/// The sentence the scheduler's notifications say, from what the read model knows.
fn summary(row: &AlertRow) -> String {
    let name = row.title.as_deref().unwrap_or(&row.entity);
    let last = row
        .last_activity_at
        .map(|t| t.format("%Y-%m-%d").to_string());
    match row.kind.as_str() {
        STALLED => format!(
            "Initiative \"{name}\" (owner {}) has had no check-in since {}",
            row.owner.as_deref().unwrap_or("unknown"),
            last.as_deref().unwrap_or("it started")
        ),
        OVERDUE => {
            format!("Key result \"{name}\" is past its due date and has not reached its target")
        }
        SILENT => match last {
            Some(last) => format!(
                "Feed \"{name}\" has sent nothing since {last}, more than twice its expected cadence"
            ),
            None => format!(
                "Feed \"{name}\" has sent nothing since it was expected, for more than twice its cadence"
            ),
        },
        FAILED => format!(
            "Collector \"{name}\" failed its last run (`govtrack source list` shows the error)"
        ),
        other => format!("{other} of \"{name}\""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(kind: &str, silenced_until: Option<&str>) -> AlertRow {
        AlertRow {
            kind: kind.to_owned(),
            entity: "migrate-flows".to_owned(),
            title: Some("Migrate the flows".to_owned()),
            owner: Some("ada".to_owned()),
            since: "2026-02-20T00:00:00Z".parse().unwrap(),
            last_activity_at: Some("2026-01-05T09:00:00Z".parse().unwrap()),
            silenced_by: silenced_until.map(|_| "freeze".to_owned()),
            silenced_until: silenced_until.map(|t| t.parse().unwrap()),
        }
    }

    fn now() -> DateTime<Utc> {
        "2026-03-01T12:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_stalled_initiative_says_whose_it_is_and_since_when() {
        let report = report(row(STALLED, None), now());
        assert_eq!(
            report.summary,
            "Initiative \"Migrate the flows\" (owner ada) has had no check-in since 2026-01-05"
        );
        assert!(!report.silenced);
    }

    #[test]
    fn a_silence_mutes_until_it_runs_out() {
        assert!(report(row(OVERDUE, Some("2026-03-02T00:00:00Z")), now()).silenced);
        assert!(!report(row(OVERDUE, Some("2026-03-01T12:00:00Z")), now()).silenced);
    }

    #[test]
    fn a_feed_alert_names_the_feed_and_what_went_wrong() {
        let mut silent = row(SILENT, None);
        silent.entity = "hr-sync".to_owned();
        silent.title = None;
        assert_eq!(
            report(silent.clone(), now()).summary,
            "Feed \"hr-sync\" has sent nothing since 2026-01-05, more than twice its expected cadence"
        );
        silent.last_activity_at = None;
        assert!(
            report(silent, now())
                .summary
                .contains("since it was expected")
        );
        let mut failed = row(FAILED, None);
        failed.entity = "inventory-sync".to_owned();
        failed.title = None;
        assert!(
            report(failed, now())
                .summary
                .starts_with("Collector \"inventory-sync\" failed")
        );
    }
}
