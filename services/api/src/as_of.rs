//! Parsing the instants of query strings (`as_of`, `until`).

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use crate::error::ApiError;

/// What an instant in a query string may look like.
pub const EXPECTED: &str = "an RFC 3339 instant such as 2026-03-01T10:00:00Z, or a date such as 2026-03-01 (meaning the end of that day, UTC)";

/// Parses `value` of parameter `name`, or answers 400 saying the expected format.
pub fn parse_instant(name: &str, value: &str) -> Result<DateTime<Utc>, ApiError> {
    if let Ok(t) = DateTime::parse_from_rfc3339(value) {
        return Ok(t.to_utc());
    }
    if let Ok(date) = value.parse::<NaiveDate>() {
        let end = NaiveTime::from_hms_milli_opt(23, 59, 59, 999).unwrap_or_default();
        return Ok(date.and_time(end).and_utc());
    }
    Err(ApiError::BadRequest(format!(
        "{name}={value:?} is not a valid time: expected {EXPECTED}"
    )))
}

/// The instant of an optional parameter, `now` when absent or empty (`?as_of=`, as a
/// cleared date field of a form sends it).
pub fn instant_or(
    name: &str,
    value: Option<&str>,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, ApiError> {
    match value.map(str::trim) {
        None | Some("") => Ok(now),
        Some(v) => parse_instant(name, v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_instant_means_now() {
        let now = Utc::now();
        assert_eq!(instant_or("as_of", Some(""), now).unwrap(), now);
        assert_eq!(instant_or("as_of", None, now).unwrap(), now);
        assert!(instant_or("as_of", Some("yesterday"), now).is_err());
    }

    #[test]
    fn instants_and_dates_are_accepted() {
        let t = parse_instant("as_of", "2026-03-01T10:00:00+01:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-03-01T09:00:00+00:00");
        let d = parse_instant("as_of", "2026-03-01").unwrap();
        assert_eq!(d.to_rfc3339(), "2026-03-01T23:59:59.999+00:00");
    }

    #[test]
    fn anything_else_is_a_bad_request_naming_the_format() {
        let err = parse_instant("as_of", "last tuesday").unwrap_err();
        assert!(err.to_string().contains("RFC 3339"), "{err}");
        assert!(err.to_string().contains("as_of"), "{err}");
    }
}
