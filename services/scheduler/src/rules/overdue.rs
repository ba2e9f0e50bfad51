//! `kr-overdue`: a key result whose due date passed before it reached its target is
//! reported once (`key_result.overdue`).

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use govtrack_okr::{Direction, KeyResultSpec, KrStatus, assess};

use crate::rules::Finding;
use crate::store::at;

/// One projected key result.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyResultView {
    /// Organisation.
    pub org: String,
    /// Key result id.
    pub key_result: String,
    /// Objective id.
    pub objective: String,
    /// Title.
    pub title: String,
    /// Starting value.
    pub baseline: f64,
    /// Value to reach.
    pub target: f64,
    /// `increase` or `decrease`.
    pub direction: String,
    /// Due date.
    pub due: NaiveDate,
    /// When it was defined, ms.
    pub defined_ms: i64,
    /// Latest measurement.
    pub current: Option<f64>,
    /// Whether `key_result.overdue` is already on the log.
    pub overdue_reported: bool,
}

impl KeyResultView {
    /// The spec the OKR arithmetic needs; the due date is met until the end of its day.
    pub fn spec(&self) -> KeyResultSpec {
        KeyResultSpec {
            baseline: self.baseline,
            target: Some(self.target),
            direction: match self.direction.parse() {
                Ok(govtrack_events::data::Direction::Decrease) => Direction::Decrease,
                _ => Direction::Increase,
            },
            defined_at: at(self.defined_ms),
            due: end_of_day(self.due),
        }
    }

    /// The key result's status at `now`.
    pub fn status(&self, now: DateTime<Utc>) -> KrStatus {
        assess(&self.spec(), self.current, now).status
    }
}

/// The end of a due day (UTC), as the api reads it.
pub fn end_of_day(date: NaiveDate) -> DateTime<Utc> {
    date.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default())
        .and_utc()
}

/// The finding for one key result at `now`, if any.
pub fn scan(kr: &KeyResultView, now: DateTime<Utc>) -> Option<Finding> {
    if kr.overdue_reported || kr.status(now) != KrStatus::Overdue {
        return None;
    }
    Some(Finding::Overdue {
        org: kr.org.clone(),
        key_result: kr.key_result.clone(),
        due_at: end_of_day(kr.due),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kr(current: Option<f64>) -> KeyResultView {
        KeyResultView {
            org: "contoso".into(),
            key_result: "kr".into(),
            objective: "o".into(),
            title: "t".into(),
            baseline: 0.0,
            target: 4.0,
            direction: govtrack_events::data::Direction::Increase.as_str().into(),
            due: "2026-06-30".parse().unwrap(),
            defined_ms: 0,
            current,
            overdue_reported: false,
        }
    }

    #[test]
    fn overdue_only_after_the_due_day_and_only_when_not_done() {
        let due_evening: DateTime<Utc> = "2026-06-30T23:00:00Z".parse().unwrap();
        let next_day: DateTime<Utc> = "2026-07-01T00:00:00Z".parse().unwrap();
        assert_eq!(scan(&kr(Some(1.0)), due_evening), None);
        assert!(scan(&kr(Some(1.0)), next_day).is_some());
        assert_eq!(scan(&kr(Some(4.0)), next_day), None);
        let reported = KeyResultView {
            overdue_reported: true,
            ..kr(None)
        };
        assert_eq!(scan(&reported, next_day), None);
    }
}
