//! The cumulative rule: a missing lower requirement always wins.

use crate::common;

use common::{capability, day, fact, level_on, mentions, missing_on, model, sponsor_named};
use govtrack_maturity::{Fact, evaluate};
use serde_json::json;

/// Every 400-level governance signal, without the 200-level DLP policy.
fn governance_400_without_dlp() -> Vec<Fact> {
    vec![
        fact("coe_kit.deployed", 1, json!({"module": "core"})),
        fact("environment_strategy.published", 1, json!({})),
        fact(
            "environment.created",
            1,
            json!({"environment": "prod", "kind": "production", "managed": true}),
        ),
        fact("coe_kit.deployed", 1, json!({"module": "governance"})),
        fact("app_catalog.published", 1, json!({})),
        fact(
            "evidence.recorded",
            1,
            json!({"capability": "governance", "signal": "resource_cleanup_reviewed"}),
        ),
    ]
}

#[test]
fn higher_level_signals_without_the_200_ones_leave_the_capability_at_100() {
    assert_eq!(
        level_on(&governance_400_without_dlp(), "governance", 10),
        100
    );
}

#[test]
fn missing_names_the_absent_200_requirement() {
    let missing = missing_on(&governance_400_without_dlp(), "governance", 10);
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(mentions(&missing, "DLP policy on the default environment"));
}

#[test]
fn adding_the_missing_200_requirement_unlocks_400_at_once() {
    let mut facts = governance_400_without_dlp();
    facts.push(fact(
        "dlp_policy.set",
        2,
        json!({"policy": "p", "scope": "default"}),
    ));
    assert_eq!(level_on(&facts, "governance", 10), 400);
}

#[test]
fn next_lists_missing_lower_requirements_before_the_next_levels_own() {
    let facts = [sponsor_named(1, "cio", false)];
    let assessment = evaluate(&model(), &facts, day(10));
    let next = capability(&assessment, "sponsorship").next.clone().unwrap();
    assert_eq!(next.level, 300);
    assert_eq!(
        next.missing,
        vec!["an active executive sponsor, formally identified with clear expectations"]
    );
}

#[test]
fn an_empty_history_puts_every_capability_at_100_with_a_next_level() {
    let assessment = evaluate(&model(), &[], day(0));
    assert_eq!(assessment.model, "2025");
    assert_eq!(assessment.capabilities.len(), 13);
    for cap in &assessment.capabilities {
        assert_eq!(cap.level, 100);
        assert_eq!(cap.since, None);
        let next = cap.next.as_ref().unwrap();
        assert_eq!(next.level, 200);
        assert!(!next.missing.is_empty());
    }
}

#[test]
fn there_is_no_next_level_at_500() {
    let facts = [fact(
        "capability.assessed",
        1,
        json!({"capability": "automation", "level": 500, "assessor": "ann"}),
    )];
    let assessment = evaluate(&model(), &facts, day(10));
    let automation = capability(&assessment, "automation");
    assert_eq!(automation.level, 500);
    assert_eq!(automation.next, None);
}

#[test]
fn the_latest_target_wins() {
    let facts = [
        fact(
            "capability.target_set",
            1,
            json!({"capability": "security", "level": 300, "due": "2025-06-30"}),
        ),
        fact(
            "capability.target_set",
            2,
            json!({"capability": "security", "level": 400, "due": "2025-12-31"}),
        ),
    ];
    let assessment = evaluate(&model(), &facts, day(10));
    let target = capability(&assessment, "security").target.clone().unwrap();
    assert_eq!(
        (target.level, target.due.to_string()),
        (400, "2025-12-31".to_owned())
    );
}
