//! Checks on decoded `data` that its shape cannot express: values that would decode
//! fine and then count for nothing (DOMAIN.md, "Ingest validates what would otherwise
//! count for nothing").
//!
//! Only what the event itself shows is checked here; checks that need the
//! organisation's state (a `key_result.target_set` against the defined baseline, an
//! evidence signal against the org's model) belong to ingest.

use crate::data::{Direction, KeyResultDefined};
use crate::{EventData, Problem};

/// Problems with the meaning of `data`, each naming its field.
pub(crate) fn check_data(data: &EventData) -> Vec<Problem> {
    match data {
        EventData::KeyResultDefined(d) => target_beyond_baseline(d).into_iter().collect(),
        EventData::SourceExpected(d) => source_name(&d.source).into_iter().collect(),
        EventData::SourceSilent(d) => source_name(&d.source).into_iter().collect(),
        EventData::SourceFailed(d) => source_name(&d.source).into_iter().collect(),
        EventData::SourceRecovered(d) => source_name(&d.source).into_iter().collect(),
        _ => Vec::new(),
    }
}

/// A source is named as envelopes name it (`source`: at most 200 characters, no
/// control characters), and never empty: an empty name would watch nothing.
fn source_name(source: &str) -> Option<Problem> {
    let reason = if source.trim().is_empty() {
        "a source name is required, e.g. \"hr-sync\" as the envelopes' `source` gives it"
    } else if source.len() > 200 || source.chars().any(char::is_control) {
        "at most 200 characters, no control characters"
    } else {
        return None;
    };
    Some(Problem::new("data.source", reason))
}

/// A target on the wrong side of the baseline (or on it) makes a key result done the
/// moment it is defined, or never: progress `(current − baseline) / (target − baseline)`
/// then measures nothing.
fn target_beyond_baseline(d: &KeyResultDefined) -> Option<Problem> {
    let target = d.target?;
    let (baseline, unit) = (d.baseline, &d.unit);
    let reason = if target == d.baseline {
        format!(
            "target {target} equals the baseline {baseline} {unit}: the key result would be \
             done before it starts; set a target beyond the baseline, or leave it out until \
             it is known"
        )
    } else {
        match d.direction {
            Direction::Increase if target < baseline => format!(
                "target {target} is below the baseline {baseline} {unit}, but the direction \
                 is increase; raise the target or use direction decrease"
            ),
            Direction::Decrease if target > baseline => format!(
                "target {target} is above the baseline {baseline} {unit}, but the direction \
                 is decrease; lower the target or use direction increase"
            ),
            _ => return None,
        }
    };
    Some(Problem::new("data.target", reason))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::EntityId;

    fn kr(baseline: f64, target: Option<f64>, direction: Direction) -> EventData {
        EventData::KeyResultDefined(KeyResultDefined {
            key_result: EntityId::parse("kr").unwrap(),
            objective: EntityId::parse("obj").unwrap(),
            title: "Makers trained".into(),
            unit: "makers".into(),
            baseline,
            target,
            direction,
            due: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
            measure: None,
        })
    }

    #[test]
    fn targets_beyond_the_baseline_and_blank_targets_pass() {
        assert!(check_data(&kr(10.0, Some(20.0), Direction::Increase)).is_empty());
        assert!(check_data(&kr(10.0, Some(5.0), Direction::Decrease)).is_empty());
        assert!(check_data(&kr(10.0, None, Direction::Decrease)).is_empty());
    }

    #[test]
    fn a_target_against_the_direction_or_on_the_baseline_is_named() {
        let p = check_data(&kr(10.0, Some(5.0), Direction::Increase));
        assert_eq!(p[0].field, "data.target");
        assert!(p[0].reason.contains("below the baseline 10"), "{}", p[0]);
        let p = check_data(&kr(10.0, Some(20.0), Direction::Decrease));
        assert!(p[0].reason.contains("above the baseline 10"), "{}", p[0]);
        let p = check_data(&kr(10.0, Some(10.0), Direction::Increase));
        assert!(p[0].reason.contains("equals the baseline"), "{}", p[0]);
    }
}
