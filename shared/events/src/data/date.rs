//! Reading calendar dates (`due`, `period_start`, …) so that a mistake says what a
//! date looks like.
//!
//! chrono's own deserializer answers a full instant such as `2026-01-01T00:00:00Z`
//! with only "trailing input"; tools that send timestamps everywhere make that mistake
//! first. These functions accept exactly `YYYY-MM-DD` and otherwise answer
//! `expected a date such as 2026-03-01, got "2026-01-01T00:00:00Z"`; the field is
//! named by the path serde_path_to_error keeps. The JSON Schema is unchanged
//! (schemars reads the field's type, a `date` string).

use std::fmt;

use chrono::NaiveDate;
use serde::Deserializer;
use serde::de::{self, Visitor};

/// How a date must be written, for messages.
const EXAMPLE: &str = "expected a date such as 2026-03-01";

struct DateVisitor;

impl Visitor<'_> for DateVisitor {
    type Value = NaiveDate;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date such as 2026-03-01")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<NaiveDate, E> {
        parse(text).ok_or_else(|| E::custom(format!("{EXAMPLE}, got {text:?}")))
    }
}

/// `YYYY-MM-DD` and nothing else (no time, no offset, no surrounding space).
fn parse(text: &str) -> Option<NaiveDate> {
    if text.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// A required date field: `#[serde(deserialize_with = "date::required")]`.
pub(crate) fn required<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    d.deserialize_str(DateVisitor)
}

/// An optional date field (with `#[serde(default)]`): `null` reads as absent.
pub(crate) fn optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    struct OptionalVisitor;

    impl<'de> Visitor<'de> for OptionalVisitor {
        type Value = Option<NaiveDate>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a date such as 2026-03-01, or null")
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            required(d).map(Some)
        }
    }

    d.deserialize_option(OptionalVisitor)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    use super::*;

    #[derive(Debug, Deserialize)]
    struct Dates {
        #[serde(deserialize_with = "required")]
        due: NaiveDate,
        #[serde(default, deserialize_with = "optional")]
        until: Option<NaiveDate>,
    }

    fn read(value: serde_json::Value) -> Result<Dates, String> {
        serde_json::from_value(value).map_err(|e| e.to_string())
    }

    #[test]
    fn plain_dates_are_read_and_optional_ones_may_be_absent_or_null() {
        let d = read(json!({"due": "2026-03-01"})).unwrap();
        assert_eq!(d.due, NaiveDate::from_ymd_opt(2026, 3, 1).unwrap());
        assert_eq!(d.until, None);
        let d = read(json!({"due": "2026-03-01", "until": null})).unwrap();
        assert_eq!(d.until, None);
        let d = read(json!({"due": "2026-03-01", "until": "2026-12-31"})).unwrap();
        assert_eq!(d.until, NaiveDate::from_ymd_opt(2026, 12, 31));
    }

    #[test]
    fn an_instant_is_refused_with_an_example_of_a_date() {
        let err = read(json!({"due": "2026-01-01T00:00:00Z"})).unwrap_err();
        assert_eq!(
            err,
            "expected a date such as 2026-03-01, got \"2026-01-01T00:00:00Z\""
        );
        let err = read(json!({"due": "2026-03-01", "until": "2026-02-30"})).unwrap_err();
        assert!(err.contains("got \"2026-02-30\""), "{err}");
        assert!(read(json!({"due": 20260301})).is_err());
    }
}
