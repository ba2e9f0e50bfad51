//! Parsing the instants of query strings (`as_of`, `until`).

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use utoipa::openapi::schema::{AnyOf, KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type};

use crate::error::ApiError;

/// What an instant in a query string may look like.
pub const EXPECTED: &str = "an RFC 3339 instant such as 2026-03-01T10:00:00Z, or a date such as 2026-03-01 (meaning the end of that day, UTC)";

/// The schema of an instant parameter: an RFC 3339 instant, a date, or empty (now).
pub fn instant_schema() -> Schema {
    let described = "An RFC 3339 instant (2026-03-01T10:00:00Z) or a date (2026-03-01, meaning the end of that day, UTC); empty or absent: now.";
    let string = |format| {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(format)))
    };
    let empty = ObjectBuilder::new()
        .schema_type(Type::String)
        .max_length(Some(0));
    Schema::AnyOf(
        AnyOf::builder()
            .item(string(KnownFormat::DateTime))
            .item(string(KnownFormat::Date))
            .item(empty)
            .description(Some(described))
            .build(),
    )
}

/// Parses `value` of parameter `name`, or answers 400 saying the expected format.
pub fn parse_instant(name: &str, value: &str) -> Result<DateTime<Utc>, ApiError> {
    // Strictly the documented forms: RFC 3339 with `T` between date and time (chrono
    // would also take a space), or a plain YYYY-MM-DD.
    let separator_ok = matches!(value.as_bytes().get(10), Some(b'T' | b't'));
    if separator_ok && let Ok(t) = DateTime::parse_from_rfc3339(value) {
        return Ok(t.to_utc());
    }
    let plain_date = value.len() == 10
        && value.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if let Some(date) = plain_date
        .then(|| value.parse::<NaiveDate>().ok())
        .flatten()
    {
        let end = NaiveTime::from_hms_milli_opt(23, 59, 59, 999).unwrap_or_default();
        return Ok(date.and_time(end).and_utc());
    }
    Err(ApiError::BadRequest(format!(
        "{name}={value:?} is not a valid time: expected {EXPECTED}"
    )))
}

/// The instant of an optional parameter, `now` when absent or empty (`?as_of=`, as a
/// cleared date field of a form sends it); whitespace is not empty.
pub fn instant_or(
    name: &str,
    value: Option<&str>,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, ApiError> {
    match value {
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
        assert!(
            instant_or("as_of", Some("\t"), now).is_err(),
            "whitespace is not empty"
        );
        assert!(instant_or("as_of", Some("2026-03-01 10:00:00Z"), now).is_err());
        assert!(instant_or("as_of", Some("+2026-03-01"), now).is_err());
        assert!(instant_or("as_of", Some("2026-03-01t10:00:00z"), now).is_ok());
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
