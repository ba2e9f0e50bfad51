//! `source-watch`: a source given an expected cadence (`source.expected`) that stays
//! silent for more than twice that cadence is reported once per silence
//! (`source.silent`); the alert resolves when the source speaks again (DOMAIN.md,
//! "Feeds are watched the same way"). A source never seen is measured from the time
//! it was expected.

use chrono::{DateTime, Utc};

use crate::rules::Finding;
use crate::store::at;
use crate::store::feeds::SourceRow;

pub use govtrack_okr::SourceStatus;
use govtrack_okr::{Feed, silent_after as threshold, source_status};

/// What one source calls for at `now`.
pub fn scan(row: &SourceRow, now: DateTime<Utc>) -> Option<Finding> {
    if row.every_hours == 0 {
        return None;
    }
    let alive = row.alive_ms();
    let from = at(alive.or(row.expected_ms)?);
    let since = from + threshold(row.every_hours);
    let reported = row.silent_seen_ms == Some(alive.unwrap_or(0));
    (now > since && !reported).then(|| Finding::SourceSilent {
        org: row.org.clone(),
        source: row.source.clone(),
        last_seen_at: alive.map(at),
        every_hours: row.every_hours,
        since,
    })
}

/// Whether the open silence of `row` still holds: reported for its latest sign of life,
/// and the source still expected.
pub fn still_silent(row: &SourceRow) -> bool {
    row.every_hours > 0
        && row
            .silent_seen_ms
            .is_some_and(|s| s == row.alive_ms().unwrap_or(0))
}

/// Whether the latest collector failure of `row` still stands: no successful run since.
pub fn still_failing(row: &SourceRow) -> bool {
    row.failed
        .as_ref()
        .is_some_and(|(failed, _)| row.last_ok_ms.is_none_or(|ok| ok < *failed))
}

/// The status of `row` at `now` (the shared rule of `govtrack_okr::feed`).
pub fn status(row: &SourceRow, now: DateTime<Utc>) -> SourceStatus {
    let feed = Feed {
        last_seen: row.alive_ms().map(at),
        every_hours: row.every_hours,
        expected_at: row.expected_ms.map(at),
        failing: still_failing(row),
    };
    source_status(&feed, now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    fn t0() -> DateTime<Utc> {
        "2026-03-01T10:00:00Z".parse().unwrap()
    }

    fn row(last_seen: Option<DateTime<Utc>>, silent_seen: Option<i64>) -> SourceRow {
        SourceRow {
            org: "contoso".into(),
            source: "hr-sync".into(),
            last_seen_ms: last_seen.map(|t| t.timestamp_millis()),
            every_hours: 24,
            expected_ms: Some(t0().timestamp_millis()),
            silent_seen_ms: silent_seen,
            silent_since_ms: None,
            failed: None,
            last_ok_ms: None,
        }
    }

    #[test]
    fn silent_only_past_twice_the_cadence() {
        assert_eq!(
            scan(&row(Some(t0()), None), t0() + TimeDelta::hours(48)),
            None
        );
        let found = scan(&row(Some(t0()), None), t0() + TimeDelta::hours(49)).unwrap();
        assert!(matches!(
            found,
            Finding::SourceSilent {
                every_hours: 24,
                ..
            }
        ));
        assert_eq!(found.occurred_at(), t0() + TimeDelta::hours(48));
    }

    #[test]
    fn a_reported_silence_is_not_reported_again_until_the_source_speaks() {
        let reported = Some(t0().timestamp_millis());
        let r = row(Some(t0()), reported);
        assert_eq!(scan(&r, t0() + TimeDelta::days(30)), None);
        assert!(still_silent(&r));
        let spoke = row(Some(t0() + TimeDelta::hours(60)), reported);
        assert!(!still_silent(&spoke));
    }

    #[test]
    fn a_source_never_seen_counts_from_its_expectation_and_unexpected_ones_never_fire() {
        let never = row(None, None);
        assert!(scan(&never, t0() + TimeDelta::hours(49)).is_some());
        let unexpected = SourceRow {
            every_hours: 0,
            ..row(Some(t0()), None)
        };
        assert_eq!(scan(&unexpected, t0() + TimeDelta::days(400)), None);
    }
}
