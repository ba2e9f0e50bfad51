//! The watch on a feed, like the check-in rule of an initiative: a source expected
//! every N hours is `late` past one cadence and `silent` past two (DOMAIN.md, "Feeds
//! are watched the same way"); a collector whose latest run failed is `failed` until a
//! later sign of life. Pure: the scheduler's watch, the api and the dashboard word a
//! source the same way from the same facts.

use chrono::{DateTime, TimeDelta, Utc};
use schemars::JsonSchema;
use serde::Serialize;

/// Silence longer than this many cadences is a finding.
pub const SILENT_FACTOR: i64 = 2;

/// A source's state at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SourceStatus {
    /// Spoke within its cadence.
    Ok,
    /// Past one cadence, not yet two.
    Late,
    /// Past twice its cadence.
    Silent,
    /// Its latest collector run failed.
    Failed,
    /// Seen, but no cadence is expected of it.
    Unwatched,
}

impl SourceStatus {
    /// The word shown to people.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceStatus::Ok => "ok",
            SourceStatus::Late => "late",
            SourceStatus::Silent => "silent",
            SourceStatus::Failed => "failed",
            SourceStatus::Unwatched => "unwatched",
        }
    }
}

/// What the watch knows of one source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Feed {
    /// Its latest sign of life (an event on the log, a successful collector run).
    pub last_seen: Option<DateTime<Utc>>,
    /// The cadence expected of it, hours (0: none).
    pub every_hours: u32,
    /// When that cadence was recorded (a source never seen is measured from it).
    pub expected_at: Option<DateTime<Utc>>,
    /// Its latest failure, if no sign of life came after it.
    pub failing: bool,
}

/// The silence threshold of a cadence.
pub fn silent_after(every_hours: u32) -> TimeDelta {
    TimeDelta::hours(i64::from(every_hours) * SILENT_FACTOR)
}

/// The status of `feed` at `now`.
pub fn source_status(feed: &Feed, now: DateTime<Utc>) -> SourceStatus {
    if feed.failing {
        return SourceStatus::Failed;
    }
    let Some(from) = feed
        .last_seen
        .or(feed.expected_at)
        .filter(|_| feed.every_hours > 0)
    else {
        return SourceStatus::Unwatched;
    };
    let quiet = now - from;
    if quiet > silent_after(feed.every_hours) {
        SourceStatus::Silent
    } else if quiet > TimeDelta::hours(i64::from(feed.every_hours)) {
        SourceStatus::Late
    } else {
        SourceStatus::Ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t0() -> DateTime<Utc> {
        "2026-03-01T10:00:00Z".parse().unwrap()
    }

    fn feed(every_hours: u32, failing: bool) -> Feed {
        Feed {
            last_seen: Some(t0()),
            every_hours,
            expected_at: None,
            failing,
        }
    }

    #[test]
    fn the_status_words_follow_the_cadence_and_a_failure_wins() {
        let at = |h| t0() + TimeDelta::hours(h);
        assert_eq!(source_status(&feed(24, false), at(24)), SourceStatus::Ok);
        assert_eq!(source_status(&feed(24, false), at(30)), SourceStatus::Late);
        assert_eq!(source_status(&feed(24, false), at(48)), SourceStatus::Late);
        assert_eq!(
            source_status(&feed(24, false), at(49)),
            SourceStatus::Silent
        );
        assert_eq!(source_status(&feed(24, true), at(1)), SourceStatus::Failed);
        assert_eq!(
            source_status(&feed(0, false), at(900)),
            SourceStatus::Unwatched
        );
    }

    #[test]
    fn a_source_never_seen_is_measured_from_its_expectation() {
        let never = Feed {
            last_seen: None,
            expected_at: Some(t0()),
            ..feed(12, false)
        };
        assert_eq!(
            source_status(&never, t0() + TimeDelta::hours(25)),
            SourceStatus::Silent
        );
    }
}
