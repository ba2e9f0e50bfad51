//! Governance 200 and 300 as DOMAIN.md fixes them (seeds/003).

use crate::common;

use common::{assert_level_missing, assert_levels, fact, level_on};
use govtrack_maturity::Fact;
use serde_json::json;

fn core_kit(n: i64) -> Fact {
    fact("coe_kit.deployed", n, json!({"module": "core"}))
}

fn dlp(n: i64, policy: &str, scope: &str) -> Fact {
    fact(
        "dlp_policy.set",
        n,
        json!({"policy": policy, "scope": scope}),
    )
}

fn level_200() -> Vec<Fact> {
    vec![core_kit(1), dlp(2, "baseline", "default")]
}

fn level_300() -> Vec<Fact> {
    let mut facts = level_200();
    facts.push(fact("environment_strategy.published", 3, json!({})));
    facts.push(fact(
        "environment.created",
        4,
        json!({"environment": "prod", "kind": "production", "managed": true}),
    ));
    facts
}

#[test]
fn the_core_kit_and_a_default_dlp_policy_give_200() {
    assert_eq!(level_on(&level_200(), "governance", 10), 200);
}

#[test]
fn the_core_kit_alone_stays_at_100_and_names_the_dlp_policy() {
    let facts = [core_kit(1)];
    assert_level_missing(
        &facts,
        "governance",
        10,
        100,
        "DLP policy on the default environment",
    );
}

#[test]
fn a_dlp_policy_on_another_scope_does_not_count() {
    let facts = [core_kit(1), dlp(2, "tenant-wide", "tenant")];
    assert_eq!(level_on(&facts, "governance", 10), 100);
}

#[test]
fn another_kit_module_does_not_replace_core() {
    let facts = [
        fact("coe_kit.deployed", 1, json!({"module": "nurture"})),
        dlp(2, "baseline", "default"),
    ];
    assert_eq!(level_on(&facts, "governance", 10), 100);
}

#[test]
fn removing_the_default_dlp_policy_drops_governance_to_100() {
    let mut facts = level_200();
    facts.push(fact("dlp_policy.removed", 5, json!({"policy": "baseline"})));
    assert_levels(&facts, "governance", &[(4, 200), (5, 100)]);
}

#[test]
fn removing_one_of_two_default_policies_keeps_200() {
    let mut facts = level_200();
    facts.push(dlp(3, "second", "default"));
    facts.push(fact("dlp_policy.removed", 5, json!({"policy": "baseline"})));
    assert_eq!(level_on(&facts, "governance", 10), 200);
}

#[test]
fn an_environment_strategy_and_a_managed_environment_give_300() {
    assert_eq!(level_on(&level_300(), "governance", 10), 300);
}

#[test]
fn an_unmanaged_environment_does_not_give_300() {
    let mut facts = level_200();
    facts.push(fact("environment_strategy.published", 3, json!({})));
    facts.push(fact(
        "environment.created",
        4,
        json!({"environment": "dev", "kind": "sandbox", "managed": false}),
    ));
    assert_level_missing(&facts, "governance", 10, 200, "managed environment");
}

#[test]
fn the_environment_strategy_alone_does_not_give_300() {
    let mut facts = level_200();
    facts.push(fact("environment_strategy.published", 3, json!({})));
    assert_eq!(level_on(&facts, "governance", 10), 200);
}

#[test]
fn an_environment_no_longer_managed_or_deleted_by_the_inventory_withdraws_300() {
    let mut unmanaged = level_300();
    unmanaged.push(fact(
        "environment.updated",
        6,
        json!({"environment": "prod", "kind": "production", "managed": false}),
    ));
    assert_levels(&unmanaged, "governance", &[(5, 300), (6, 200)]);
    unmanaged.push(fact(
        "environment.updated",
        8,
        json!({"environment": "prod", "kind": "production", "managed": true}),
    ));
    assert_eq!(level_on(&unmanaged, "governance", 8), 300, "managed again");

    let mut deleted = level_300();
    deleted.push(fact(
        "environment.deleted",
        7,
        json!({"environment": "prod"}),
    ));
    assert_levels(&deleted, "governance", &[(6, 300), (7, 200)]);
}
