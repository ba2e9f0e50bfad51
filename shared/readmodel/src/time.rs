//! Times as the read model stores them: RFC 3339 UTC with microseconds
//! (`2026-03-01T10:00:00.000000Z`), so text order is time order; in the timeline,
//! where every event stores two, as integer microseconds since 1970 UTC
//! ([`time_micros`], 8 bytes instead of 27).
//!
//! Every applied event stores two, so they are written digit by digit here rather
//! than through a general formatter (which took a third of the decoding thread).

use chrono::{DateTime, Datelike, SecondsFormat, Timelike, Utc};

/// `t` as the timeline stores it: microseconds since 1970 UTC. A leap second counts
/// as the next second's start, as the migration from text does.
pub fn time_micros(t: DateTime<Utc>) -> i64 {
    let nanos = i64::from(t.nanosecond());
    t.timestamp() * 1_000_000 + nanos / 1000
}

/// The instant `micros` (as [`time_micros`] stores it), if it is representable.
pub fn from_micros(micros: i64) -> Option<DateTime<Utc>> {
    DateTime::<Utc>::from_timestamp_micros(micros)
}

/// `t` as stored.
pub fn time_text(t: DateTime<Utc>) -> String {
    let year = t.year();
    if !(0..=9999).contains(&year) {
        // Outside four digits: the general form (which signs the year).
        return t.to_rfc3339_opts(SecondsFormat::Micros, true);
    }
    // A leap second shows as 60, as chrono writes it.
    let nanos = t.nanosecond();
    let (second, nanos) = if nanos >= 1_000_000_000 {
        (t.second() + 1, nanos - 1_000_000_000)
    } else {
        (t.second(), nanos)
    };
    let mut out = [0u8; 27];
    digits(&mut out[0..4], year as u32);
    out[4] = b'-';
    digits(&mut out[5..7], t.month());
    out[7] = b'-';
    digits(&mut out[8..10], t.day());
    out[10] = b'T';
    digits(&mut out[11..13], t.hour());
    out[13] = b':';
    digits(&mut out[14..16], t.minute());
    out[16] = b':';
    digits(&mut out[17..19], second);
    out[19] = b'.';
    digits(&mut out[20..26], nanos / 1000);
    out[26] = b'Z';
    out.iter().map(|&b| b as char).collect()
}

/// Writes `value` into `out` as decimal digits, zero-padded to its length.
fn digits(out: &mut [u8], mut value: u32) {
    for slot in out.iter_mut().rev() {
        *slot = b'0' + (value % 10) as u8;
        value /= 10;
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone};

    use super::*;

    fn general(t: DateTime<Utc>) -> String {
        t.to_rfc3339_opts(SecondsFormat::Micros, true)
    }

    #[test]
    fn matches_the_general_formatter() {
        let times = [
            Utc.with_ymd_and_hms(2026, 3, 1, 10, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(1999, 12, 31, 23, 59, 59).unwrap(),
            Utc.with_ymd_and_hms(0, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).unwrap(),
            Utc.timestamp_nanos(1_780_000_000_123_456_789),
            Utc.timestamp_nanos(1_780_000_000_000_000_999),
            Utc.timestamp_nanos(-1),
        ];
        for t in times {
            assert_eq!(time_text(t), general(t), "{t:?}");
        }
    }

    #[test]
    fn micros_round_trip_to_the_microsecond() {
        let t = Utc.timestamp_nanos(1_780_000_000_123_456_789);
        let back = from_micros(time_micros(t)).unwrap();
        assert_eq!(back, Utc.timestamp_nanos(1_780_000_000_123_456_000));
        let before_1970 = Utc.timestamp_nanos(-1_500);
        assert_eq!(
            from_micros(time_micros(before_1970)).unwrap(),
            Utc.timestamp_nanos(-2_000),
            "floored, as the text form truncates"
        );
    }

    #[test]
    fn years_outside_four_digits_keep_their_sign() {
        for year in [-1, 10_000] {
            let t = Utc.with_ymd_and_hms(year, 6, 1, 0, 0, 0).unwrap();
            assert_eq!(time_text(t), general(t));
        }
    }

    #[test]
    fn a_leap_second_is_written_as_chrono_writes_it() {
        let t = NaiveDate::from_ymd_opt(2016, 12, 31)
            .unwrap()
            .and_hms_nano_opt(23, 59, 59, 1_500_000_000)
            .unwrap()
            .and_utc();
        assert_eq!(time_text(t), general(t));
    }

    #[test]
    fn text_order_is_time_order() {
        let mut previous = String::new();
        for step in 0..2000i64 {
            let t = Utc.timestamp_nanos(1_700_000_000_000_000_000 + step * 987_654_321_011);
            let text = time_text(t);
            assert!(text > previous, "{text} after {previous}");
            previous = text;
        }
    }
}
