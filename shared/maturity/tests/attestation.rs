//! Manual assessments: they satisfy every requirement up to their level until they expire.

use crate::common;

use common::{assert_level_missing, assert_levels, fact, level_on, missing_on};
use govtrack_maturity::Fact;
use serde_json::{Value, json};

fn assessed(n: i64, capability: &str, level: u16, valid_days: Option<u64>) -> Fact {
    let mut data = json!({"capability": capability, "level": level, "assessor": "ann"});
    if let Some(days) = valid_days {
        data["valid_days"] = Value::from(days);
    }
    fact("capability.assessed", n, data)
}

#[test]
fn an_assessment_satisfies_every_requirement_up_to_its_level() {
    let facts = [assessed(1, "security", 300, None)];
    assert_eq!(level_on(&facts, "security", 10), 300);
    let missing = missing_on(&facts, "security", 10);
    assert!(
        missing.iter().all(|m| !m.contains("default environment")),
        "{missing:?}"
    );
}

#[test]
fn signals_above_the_attested_level_still_count() {
    let facts = [
        assessed(1, "fusion_teams", 300, None),
        fact(
            "evidence.recorded",
            2,
            json!({"capability": "fusion_teams", "signal": "cross_functional_teams"}),
        ),
        fact("component_library.published", 2, json!({})),
        fact(
            "app_template.published",
            2,
            json!({"name": "Branded app", "branded": true}),
        ),
    ];
    assert_eq!(level_on(&facts, "fusion_teams", 10), 400);
}

#[test]
fn an_assessment_expires_after_365_days_by_default() {
    let facts = [assessed(0, "strategy", 400, None)];
    assert_levels(&facts, "strategy", &[(364, 400), (365, 100)]);
}

#[test]
fn an_assessment_expires_after_its_own_valid_days() {
    let facts = [assessed(0, "strategy", 200, Some(90))];
    assert_eq!(level_on(&facts, "strategy", 89), 200);
    assert_level_missing(&facts, "strategy", 90, 100, "a documented vision");
}

#[test]
fn an_assessment_of_another_capability_does_not_help() {
    let facts = [assessed(0, "security", 500, None)];
    assert_eq!(level_on(&facts, "strategy", 10), 100);
}

#[test]
fn a_later_assessment_replaces_the_earlier_one() {
    let facts = [
        assessed(0, "operations", 400, None),
        assessed(10, "operations", 200, None),
    ];
    assert_levels(&facts, "operations", &[(5, 400), (20, 200)]);
}

#[test]
fn evidence_completes_a_level_the_assessment_only_partly_covers() {
    let facts = [
        assessed(0, "operations", 200, None),
        fact(
            "solution.deployed",
            1,
            json!({"solution": "s", "from_environment": "test", "to_environment": "prod"}),
        ),
        fact("support_tiers.defined", 1, json!({})),
    ];
    assert_levels(&facts, "operations", &[(10, 300), (400, 100)]);
}
