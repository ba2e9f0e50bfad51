//! How long something lasts, picked from a short list instead of typed as the instant
//! it ends: the `duration` field a form puts before an `expires_at` (a silence's end).
//! The instant is counted from the moment the form is sent; a person who wants an
//! exact end leaves the duration out and types `expires_at` instead.

use chrono::{DateTime, TimeDelta, Utc};

use crate::field::{Choice, Field, Input};

/// The form-only field of a duration; it is not part of the event's data.
pub const DURATION: &str = "duration";

/// The data field a duration fills.
pub const ENDS_AT: &str = "expires_at";

/// The durations offered: (value, words, days).
const DURATIONS: [(&str, &str, i64); 6] = [
    ("1d", "1 day", 1),
    ("3d", "3 days", 3),
    ("7d", "1 week", 7),
    ("14d", "2 weeks", 14),
    ("30d", "30 days", 30),
    ("90d", "90 days", 90),
];

/// What a person reads when neither a duration nor an end is given.
pub(crate) const NO_END: &str = "choose how long it lasts, or type when it ends";

/// The duration field, placed before `expires_at`.
pub(crate) fn duration_field() -> Field {
    Field {
        name: DURATION.to_owned(),
        label: "For how long".to_owned(),
        help: Some("from when you send this form".to_owned()),
        required: false,
        input: Input::Choice(
            (DURATIONS.iter())
                .map(|(value, words, _)| Choice {
                    value: (*value).to_owned(),
                    label: (*words).to_owned(),
                })
                .collect(),
        ),
    }
}

/// Whether `value` is one of the durations offered.
pub(crate) fn offered(value: &str) -> bool {
    DURATIONS.iter().any(|(v, _, _)| *v == value)
}

/// What a person reads for a duration not offered (a crafted form).
pub(crate) const NOT_OFFERED: &str = "pick one of the durations offered";

/// When a duration picked as `value` ends, counted from `now`; `None` for a value not
/// offered.
pub(crate) fn ends(value: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let (_, _, days) = DURATIONS.iter().find(|(v, _, _)| *v == value)?;
    Some(now + TimeDelta::days(*days))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_week_ends_seven_days_after_the_form_is_sent_and_an_unknown_value_never() {
        let now: DateTime<Utc> = "2026-03-01T12:30:00Z".parse().unwrap();
        let week: DateTime<Utc> = "2026-03-08T12:30:00Z".parse().unwrap();
        assert_eq!(ends("7d", now), Some(week));
        assert_eq!(ends("1w", now), None);
        assert!(offered("90d") && !offered("1w"));
        let Input::Choice(choices) = duration_field().input else {
            panic!("a duration is picked from a list")
        };
        assert_eq!(choices.len(), DURATIONS.len());
        assert!(choices.iter().all(|c| ends(&c.value, now).is_some()));
    }
}
