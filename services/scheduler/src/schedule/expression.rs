//! A job's schedule: a cron expression (the `cron` crate's 6/7-field form with seconds,
//! or the common 5-field crontab form) evaluated in an IANA time zone.
//!
//! Daylight saving: a local time that does not exist (spring forward) does not fire;
//! a local time that occurs twice (fall back) fires once, at its first occurrence.

use std::str::FromStr;

use chrono::offset::LocalResult;
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use cron::Schedule;

/// Why a schedule was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    /// The cron expression does not parse.
    #[error("cron expression {expr:?}: {reason}")]
    Cron {
        /// The expression.
        expr: String,
        /// Why.
        reason: String,
    },
    /// Not an IANA time zone name.
    #[error("unknown time zone {0:?} (expected an IANA name such as Europe/Amsterdam)")]
    TimeZone(String),
}

/// A parsed schedule.
#[derive(Debug, Clone)]
pub struct JobSchedule {
    schedule: Schedule,
    tz: Tz,
}

/// A run that is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    /// The fire time to run for: the latest one not after `now`.
    pub scheduled: DateTime<Utc>,
    /// Earlier fire times folded into this run (missed during downtime), capped.
    pub coalesced: u32,
}

/// Most fire times counted when coalescing (the count is only reported).
const COUNT_CAP: u32 = 10_000;

impl JobSchedule {
    /// Parses `expr` (5, 6 or 7 fields) for time zone `tz`.
    pub fn parse(expr: &str, tz: &str) -> Result<JobSchedule, ScheduleError> {
        let tz = Tz::from_str(tz).map_err(|_| ScheduleError::TimeZone(tz.to_owned()))?;
        let normalized = normalize(expr);
        let schedule = Schedule::from_str(&normalized).map_err(|e| ScheduleError::Cron {
            expr: expr.to_owned(),
            reason: e.to_string(),
        })?;
        Ok(JobSchedule { schedule, tz })
    }

    /// The first fire time strictly after `t`.
    pub fn next_after(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let local = t.with_timezone(&self.tz);
        self.schedule
            .after(&local)
            .take(8)
            .find(|f| f.with_timezone(&Utc) > t && !self.is_repeat(f, t))
            .map(|f| f.with_timezone(&Utc))
    }

    /// Whether `fire` is the second occurrence of a local time whose first occurrence
    /// is not after `t` (so it already fired, or was due before `t`).
    fn is_repeat(&self, fire: &DateTime<Tz>, t: DateTime<Utc>) -> bool {
        match self.tz.from_local_datetime(&fire.naive_local()) {
            LocalResult::Ambiguous(earlier, later) => {
                later == *fire && earlier.with_timezone(&Utc) <= t
            }
            _ => false,
        }
    }

    /// The run due at `now` when the last handled fire time was `last`: the latest fire
    /// time in `(last, now]`, once, however many were missed.
    pub fn due(&self, last: DateTime<Utc>, now: DateTime<Utc>) -> Option<Due> {
        let mut at = self.next_after(last)?;
        if at > now {
            return None;
        }
        let mut coalesced = 0;
        let latest = self.latest_at_or_before(now).unwrap_or(at);
        while coalesced < COUNT_CAP {
            match self.next_after(at) {
                Some(next) if next <= latest => {
                    at = next;
                    coalesced += 1;
                }
                _ => break,
            }
        }
        Some(Due {
            scheduled: latest.max(at),
            coalesced,
        })
    }

    fn latest_at_or_before(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let after = (now + TimeDelta::milliseconds(1)).with_timezone(&self.tz);
        self.schedule
            .after(&after)
            .next_back()
            .map(|t| t.with_timezone(&Utc))
    }
}

/// The 5-field crontab form gets a seconds field, and its numeric day of week (0 or 7
/// = Sunday … 6 = Saturday) becomes the cron crate's (1 = Sunday … 7 = Saturday).
fn normalize(expr: &str) -> String {
    let fields: Vec<&str> = expr.split_whitespace().collect();
    if fields.len() != 5 {
        return fields.join(" ");
    }
    let dow = shift_day_of_week(fields[4]);
    format!(
        "0 {} {} {} {} {dow}",
        fields[0], fields[1], fields[2], fields[3]
    )
}

fn shift_day_of_week(field: &str) -> String {
    field
        .split(',')
        .map(|item| {
            let (range, step) = match item.split_once('/') {
                Some((r, s)) => (r, Some(s)),
                None => (item, None),
            };
            let range = range
                .split('-')
                .map(|d| match d.parse::<u8>() {
                    Ok(7) => "1".to_owned(),
                    Ok(n) if n < 7 => (n + 1).to_string(),
                    _ => d.to_owned(),
                })
                .collect::<Vec<_>>()
                .join("-");
            match step {
                Some(s) => format!("{range}/{s}"),
                None => range,
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    /// `expression` in `zone` fires next at `next` after `after`.
    #[track_caller]
    fn assert_next((expression, zone): (&str, &str), after: &str, next: &str) {
        let schedule = JobSchedule::parse(expression, zone).unwrap();
        let got = schedule.next_after(utc(after));
        assert_eq!(got, Some(utc(next)), "{expression} in {zone} after {after}");
    }

    #[test]
    fn five_field_crontab_is_accepted_with_sunday_as_zero() {
        // 2026-03-02 is a Monday.
        let monday = ("30 9 * * 1", "UTC");
        assert_next(monday, "2026-03-01T00:00:00Z", "2026-03-02T09:30:00Z");
        let sunday = ("0 8 * * 0", "UTC");
        assert_next(sunday, "2026-03-02T00:00:00Z", "2026-03-08T08:00:00Z");
        assert_eq!(normalize("0 8 * * 1-5"), "0 0 8 * * 2-6");
    }

    #[test]
    fn next_fire_follows_local_time_across_spring_forward() {
        // Europe/Amsterdam moves from UTC+1 to UTC+2 on 2026-03-29.
        let nine = ("0 0 9 * * *", "Europe/Amsterdam");
        assert_next(nine, "2026-03-28T12:00:00Z", "2026-03-29T07:00:00Z");
        assert_next(nine, "2026-03-27T12:00:00Z", "2026-03-28T08:00:00Z");
        // 02:30 does not exist on the day of the change.
        let gap = ("0 30 2 * * *", "Europe/Amsterdam");
        assert_next(gap, "2026-03-28T12:00:00Z", "2026-03-30T00:30:00Z");
    }

    #[test]
    fn a_repeated_local_time_fires_once_at_fall_back() {
        // 2026-10-25: Europe/Amsterdam goes from UTC+2 back to UTC+1; 02:30 happens twice.
        let s = JobSchedule::parse("0 30 2 * * *", "Europe/Amsterdam").unwrap();
        let first = s.next_after(utc("2026-10-24T12:00:00Z")).unwrap();
        assert_eq!(first, utc("2026-10-25T00:30:00Z"));
        assert_eq!(s.next_after(first), Some(utc("2026-10-26T01:30:00Z")));
    }

    #[test]
    fn missed_runs_are_coalesced_into_one() {
        let s = JobSchedule::parse("0 0 * * * *", "UTC").unwrap();
        let due = s
            .due(utc("2026-03-01T10:00:00Z"), utc("2026-03-01T15:30:00Z"))
            .unwrap();
        assert_eq!(due.scheduled, utc("2026-03-01T15:00:00Z"));
        assert_eq!(due.coalesced, 4);
        assert_eq!(s.due(due.scheduled, utc("2026-03-01T15:59:59Z")), None);
    }

    #[test]
    fn bad_expressions_and_zones_are_named() {
        assert!(matches!(
            JobSchedule::parse("nope", "UTC"),
            Err(ScheduleError::Cron { .. })
        ));
        assert!(matches!(
            JobSchedule::parse("0 * * * *", "Mars/Base"),
            Err(ScheduleError::TimeZone(_))
        ));
    }
}
