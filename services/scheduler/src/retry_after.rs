//! `Retry-After` (RFC 9110, section 10.2.3), the one rule for every answer the
//! scheduler reads it from (a webhook endpoint, the inventory API): a number of
//! seconds, or an HTTP date, which counts from `now`; a date already past means at
//! once. Anything else is no hint at all, and the caller's own back-off applies.

use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::header::{HeaderMap, RETRY_AFTER};

/// The wait a `Retry-After` value asks for.
pub fn parse(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return value.parse().ok().map(Duration::from_secs);
    }
    let at = DateTime::parse_from_rfc2822(value)
        .ok()?
        .with_timezone(&Utc);
    Some((at - now).to_std().unwrap_or_default())
}

/// The wait an answer's `Retry-After` header asks for, if it has one.
pub fn of(headers: &HeaderMap, now: DateTime<Utc>) -> Option<Duration> {
    parse(headers.get(RETRY_AFTER)?.to_str().ok()?, now)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-03-01T10:00:00Z".parse().unwrap()
    }

    #[test]
    fn seconds_are_a_wait_from_now() {
        assert_eq!(parse("120", now()), Some(Duration::from_secs(120)));
        assert_eq!(parse(" 0 ", now()), Some(Duration::ZERO));
    }

    #[test]
    fn an_http_date_is_the_time_until_it_and_a_past_one_is_no_wait() {
        assert_eq!(
            parse("Sun, 01 Mar 2026 10:01:00 GMT", now()),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            parse("Sun, 01 Mar 2026 09:00:00 GMT", now()),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn anything_else_is_no_hint() {
        for bad in ["", "soon", "-5", "1.5", "99999999999999999999999"] {
            assert_eq!(parse(bad, now()), None, "{bad:?}");
        }
    }

    #[test]
    fn the_header_is_read_from_an_answer() {
        let mut headers = HeaderMap::new();
        assert_eq!(of(&headers, now()), None);
        headers.insert(RETRY_AFTER, "3".parse().unwrap());
        assert_eq!(of(&headers, now()), Some(Duration::from_secs(3)));
    }
}
