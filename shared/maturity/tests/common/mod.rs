//! Helpers shared by the integration tests: instants by day number, facts, lookups, and
//! ([`event_types`]) the event types the property tests draw facts from.
#![allow(dead_code)]

pub mod event_types;

use chrono::{DateTime, Duration, TimeZone, Utc};
use govtrack_maturity::{Assessment, CapabilityAssessment, Fact, Model, evaluate};
use serde_json::Value;

/// Midnight UTC, `n` days after 2025-01-01.
pub fn day(n: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap() + Duration::days(n)
}

/// A fact of `event_type` on day `n`.
pub fn fact(event_type: &str, n: i64, data: Value) -> Fact {
    Fact::new(event_type, day(n), data)
}

/// `sponsor.named`: `sponsor`, formally identified or not, on day `n`.
pub fn sponsor_named(n: i64, sponsor: &str, formal: bool) -> Fact {
    fact(
        "sponsor.named",
        n,
        serde_json::json!({"sponsor": sponsor, "name": "Ada Lovelace", "formal": formal}),
    )
}

/// The default (2025) model.
pub fn model() -> Model {
    Model::default_model()
}

/// One capability of an assessment.
pub fn capability<'a>(assessment: &'a Assessment, id: &str) -> &'a CapabilityAssessment {
    (assessment.capabilities.iter())
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no capability {id}"))
}

/// The level of one capability under the default model as of day `n`.
pub fn level_on(facts: &[Fact], id: &str, n: i64) -> u16 {
    capability(&evaluate(&model(), facts, day(n)), id).level
}

/// What the next level of one capability still misses as of day `n`.
pub fn missing_on(facts: &[Fact], id: &str, n: i64) -> Vec<String> {
    let assessment = evaluate(&model(), facts, day(n));
    let next = capability(&assessment, id).next.clone();
    next.map(|n| n.missing).unwrap_or_default()
}

/// Asserts the level of one capability under the default model on each day of
/// `expected`: `(day, level)` pairs.
#[track_caller]
pub fn assert_levels(facts: &[Fact], id: &str, expected: &[(i64, u16)]) {
    let got: Vec<(i64, u16)> = (expected.iter())
        .map(|&(n, _)| (n, level_on(facts, id, n)))
        .collect();
    assert_eq!(got, expected, "{id}: (day, level)");
}

/// Asserts the level of one capability under the default model as of day `n`, and that
/// what its next level still misses mentions `needle`.
#[track_caller]
pub fn assert_level_missing(facts: &[Fact], id: &str, n: i64, level: u16, needle: &str) {
    assert_eq!(level_on(facts, id, n), level, "{id} on day {n}");
    let missing = missing_on(facts, id, n);
    assert!(
        mentions(&missing, needle),
        "{id} on day {n} misses {missing:?}, none of which mentions {needle:?}"
    );
}

/// `facts` without those of `event_type`.
pub fn without(mut facts: Vec<Fact>, event_type: &str) -> Vec<Fact> {
    facts.retain(|f| f.event_type != event_type);
    facts
}

/// Whether any of `missing` mentions `needle`.
pub fn mentions(missing: &[String], needle: &str) -> bool {
    missing.iter().any(|m| m.contains(needle))
}

/// A maker training every 200 days from day 0 to day 2000: community 200's training in
/// the last 365 days always holds, so a test can move the other requirements alone.
pub fn trainings_all_along() -> Vec<Fact> {
    (0..=10)
        .map(|i| {
            fact(
                "training.held",
                i * 200,
                serde_json::json!({"kind": "lunch_and_learn", "attendees": 12}),
            )
        })
        .collect()
}

/// `evidence.recorded` of `signal` for `capability` on day `n`.
pub fn evidence(capability: &str, signal: &str, n: i64) -> Fact {
    fact(
        "evidence.recorded",
        n,
        serde_json::json!({"capability": capability, "signal": signal}),
    )
}
