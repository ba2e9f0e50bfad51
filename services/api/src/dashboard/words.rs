//! How the dashboard says things: level names, statuses, dates and durations in words.

use chrono::{DateTime, NaiveDate, Utc};
use govtrack_events::{RecordedBy, RecorderKind};
use govtrack_okr::{CheckIn, InitiativeState, KrStatus};

/// The five rungs of the ladder, lowest first.
pub const LEVELS: [u16; 5] = [100, 200, 300, 400, 500];

/// `Initial`, `Repeatable`, … for 100 … 500.
pub fn level_name(level: u16) -> &'static str {
    match level {
        ..=100 => "Initial",
        101..=200 => "Repeatable",
        201..=300 => "Defined",
        301..=400 => "Capable",
        _ => "Efficient",
    }
}

/// A key-result status as shown (text) and its CSS class (colour).
pub fn kr_status(status: KrStatus) -> (&'static str, &'static str) {
    match status {
        KrStatus::Done => ("Done", "st-done"),
        KrStatus::OnTrack => ("On track", "st-on-track"),
        KrStatus::NotStarted => ("Not started", "st-not-started"),
        KrStatus::TargetNotSet => ("Target not set", "st-not-started"),
        KrStatus::AtRisk => ("At risk", "st-at-risk"),
        KrStatus::OffTrack => ("Off track", "st-off-track"),
        KrStatus::Overdue => ("Overdue", "st-overdue"),
    }
}

/// An initiative's state and check-in as shown, with its CSS class.
pub fn initiative_status(
    state: InitiativeState,
    checkin: CheckIn,
    stalled: bool,
) -> (&'static str, &'static str) {
    match (state, checkin) {
        (InitiativeState::Completed, _) => ("Completed", "st-done"),
        (InitiativeState::Cancelled, _) => ("Cancelled", "st-not-started"),
        _ if stalled => ("Stalled", "st-off-track"),
        (InitiativeState::Blocked, _) => ("Blocked", "st-overdue"),
        (_, CheckIn::DueForCheckIn) => ("Check-in due", "st-at-risk"),
        _ => ("Active", "st-on-track"),
    }
}

/// `1 Mar 2026`.
pub fn date(t: DateTime<Utc>) -> String {
    day(t.date_naive())
}

/// `1 Mar 2026`.
pub fn day(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// `2026-03-01`, for `<time datetime>` and form values.
pub fn iso_day(t: DateTime<Utc>) -> String {
    t.date_naive().to_string()
}

/// A duration between two instants: days up to 99 (`75 days` is more telling than
/// `2 months` for silent work), then months, then years and months.
pub fn duration(from: DateTime<Utc>, to: DateTime<Utc>) -> String {
    let days = (to - from).num_days().max(0);
    match days {
        0 => "less than a day".to_owned(),
        1..=99 => plural(days, "day"),
        100..=364 => plural(days / 30, "month"),
        _ => match (days % 365) / 30 {
            0 => plural(days / 365, "year"),
            months => format!("{} {}", plural(days / 365, "year"), plural(months, "month")),
        },
    }
}

fn plural(n: i64, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

/// A share in [0, 1] as a whole percentage.
pub fn percent(share: f64) -> u32 {
    (share.clamp(0.0, 1.0) * 100.0).round() as u32
}

/// A measured value without a pointless `.0`.
pub fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        format!("{value:.2}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_owned()
    }
}

/// Who recorded an event, for people: a person or an app by name, a token, a webhook,
/// the local user or a part of govtrack by what it is.
pub fn recorder(by: &RecordedBy) -> String {
    let name = by.display_name();
    match by.kind {
        RecorderKind::User | RecorderKind::App => name.to_owned(),
        RecorderKind::Token => format!("the token {name}"),
        RecorderKind::Hook => format!("the {name} webhook"),
        RecorderKind::Local => "the local user".to_owned(),
        RecorderKind::Nats => format!("a NATS request ({name})"),
        RecorderKind::Service => format!("govtrack ({name})"),
    }
}

/// An initiative's horizon as the guidance says it: "now", "next year", "three years".
pub fn horizon(horizon: Option<&str>) -> &'static str {
    match horizon {
        Some("now") => "now",
        Some("next_year") => "next year",
        Some("three_years") => "three years",
        _ => "not given",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn durations_use_the_largest_sensible_unit() {
        let t = at("2026-01-01T00:00:00Z");
        assert_eq!(duration(t, at("2026-01-01T05:00:00Z")), "less than a day");
        assert_eq!(duration(t, at("2026-01-02T00:00:00Z")), "1 day");
        assert_eq!(duration(t, at("2026-03-17T00:00:00Z")), "75 days");
        assert_eq!(duration(t, at("2026-05-01T00:00:00Z")), "4 months");
        assert_eq!(duration(t, at("2027-03-05T00:00:00Z")), "1 year 2 months");
    }

    #[test]
    fn numbers_drop_a_pointless_fraction() {
        assert_eq!(number(4.0), "4");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(1.0 / 3.0), "0.33");
    }
}
