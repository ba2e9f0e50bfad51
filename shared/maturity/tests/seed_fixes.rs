//! The levels the seed statements of DOMAIN.md move, capability by capability: each fix
//! with the events that reach the level and the one thing that, missing, keeps it below.

use crate::common;

use common::{assert_level_missing, assert_levels, evidence, fact, level_on, sponsor_named};
use govtrack_maturity::Fact;
use serde_json::json;

fn strategy_300() -> Vec<Fact> {
    vec![
        fact("vision.published", 1, json!({"title": "v"})),
        fact("intake_process.established", 1, json!({})),
        fact("product_owner.named", 1, json!({"name": "Grace"})),
        evidence("strategy", "roles_defined", 1),
        fact("coe.established", 2, json!({"lead": "Katherine"})),
    ]
}

#[test]
fn strategy_300_needs_a_defined_coe_team() {
    let facts = strategy_300();
    assert_eq!(level_on(&facts, "strategy", 10), 300);
    let without: Vec<Fact> = (facts.into_iter())
        .filter(|f| f.event_type != "coe.established")
        .collect();
    assert_level_missing(
        &without,
        "strategy",
        10,
        200,
        "a defined Center of Excellence team",
    );
}

#[test]
fn strategy_400_needs_agreed_coe_responsibilities_and_500_formal_sponsorship() {
    let mut facts = strategy_300();
    facts.push(evidence("strategy", "plans_shared_across_departments", 3));
    assert_eq!(level_on(&facts, "strategy", 10), 300);
    facts.push(evidence("strategy", "coe_responsibilities_agreed", 3));
    assert_eq!(level_on(&facts, "strategy", 10), 400);
    facts.push(evidence("strategy", "part_of_transformation_strategy", 3));
    assert_level_missing(&facts, "strategy", 10, 400, "formal executive sponsorship");
    facts.push(sponsor_named(4, "cio", true));
    assert_eq!(level_on(&facts, "strategy", 10), 500);
}

fn operations_300(deployed_on: i64) -> Vec<Fact> {
    vec![
        evidence("operations", "community_support_channel", 1),
        fact("support_tiers.defined", 1, json!({})),
        fact(
            "solution.deployed",
            deployed_on,
            json!({"solution": "s", "from_environment": "test", "to_environment": "prod"}),
        ),
    ]
}

#[test]
fn operations_300_needs_solutions_moved_between_environments_this_year() {
    let facts = operations_300(2);
    assert_levels(&facts, "operations", &[(10, 300), (366, 300), (367, 200)]);
}

#[test]
fn a_pipeline_no_longer_gives_operations_300() {
    let facts = [
        evidence("operations", "community_support_channel", 1),
        fact("support_tiers.defined", 1, json!({})),
        fact("pipeline.enabled", 1, json!({})),
    ];
    assert_level_missing(
        &facts,
        "operations",
        10,
        200,
        "solutions used to move apps and flows",
    );
}

#[test]
fn operations_500_needs_a_simplified_lifecycle() {
    let mut facts = operations_300(2);
    for signal in [
        "dedicated_support_team",
        "support_slas_defined",
        "deployment_approvals",
        "support_tasks_automated",
    ] {
        facts.push(evidence("operations", signal, 3));
    }
    assert_eq!(level_on(&facts, "operations", 10), 400);
    facts.push(evidence("operations", "alm_simplified_for_makers", 4));
    assert_eq!(level_on(&facts, "operations", 10), 500);
}

fn requests(kind: &str, n: i64) -> Fact {
    fact("request_automation.enabled", n, json!({"requests": kind}))
}

#[test]
fn automation_300_needs_both_environment_and_dlp_requests_automated() {
    let base = evidence("automation", "manual_processes_standardised", 1);
    let env_only = [base.clone(), requests("environment", 2)];
    assert_level_missing(&env_only, "automation", 10, 200, "DLP requests");
    let both = [base, requests("environment", 2), requests("dlp", 3)];
    assert_eq!(level_on(&both, "automation", 10), 300);
}

#[test]
fn a_pipeline_alone_no_longer_lifts_automation_past_200() {
    let facts = [
        evidence("automation", "manual_processes_standardised", 1),
        fact("pipeline.enabled", 1, json!({})),
        evidence("automation", "cleanup_automated", 1),
    ];
    assert_eq!(level_on(&facts, "automation", 10), 200);
}

#[test]
fn automation_400_needs_approvals_with_teams_messages() {
    let mut facts = vec![
        evidence("automation", "manual_processes_standardised", 1),
        requests("environment", 1),
        requests("dlp", 1),
        fact("pipeline.enabled", 1, json!({})),
        evidence("automation", "cleanup_automated", 1),
        fact(
            "approval_flow.enabled",
            2,
            json!({"process": "environment_request", "teams": false}),
        ),
    ];
    assert_eq!(level_on(&facts, "automation", 10), 300);
    facts.push(fact(
        "approval_flow.enabled",
        3,
        json!({"process": "environment_request", "teams": true}),
    ));
    assert_eq!(level_on(&facts, "automation", 10), 400);
}

#[test]
fn governance_400_needs_an_app_catalog() {
    let mut facts = vec![
        fact("coe_kit.deployed", 1, json!({"module": "core"})),
        fact(
            "dlp_policy.set",
            1,
            json!({"policy": "p", "scope": "default"}),
        ),
        fact("environment_strategy.published", 1, json!({})),
        fact(
            "environment.created",
            1,
            json!({"environment": "prod", "kind": "production", "managed": true}),
        ),
        fact("coe_kit.deployed", 1, json!({"module": "governance"})),
        evidence("governance", "resource_cleanup_reviewed", 1),
    ];
    assert_level_missing(&facts, "governance", 10, 300, "app catalog");
    facts.push(fact("app_catalog.published", 2, json!({})));
    assert_eq!(level_on(&facts, "governance", 10), 400);
}

fn fusion_300() -> Vec<Fact> {
    vec![
        evidence("fusion_teams", "peer_reviews", 1),
        evidence("fusion_teams", "joint_planning", 1),
        evidence("fusion_teams", "components_shared", 1),
    ]
}

#[test]
fn a_component_library_now_counts_at_fusion_teams_400_not_300() {
    let library = fact("component_library.published", 1, json!({}));
    let facts = [
        evidence("fusion_teams", "peer_reviews", 1),
        evidence("fusion_teams", "joint_planning", 1),
        library.clone(),
    ];
    assert_eq!(level_on(&facts, "fusion_teams", 10), 200);
    let mut facts = fusion_300();
    assert_eq!(level_on(&facts, "fusion_teams", 10), 300);
    facts.push(evidence("fusion_teams", "cross_functional_teams", 2));
    facts.push(library);
    assert_level_missing(&facts, "fusion_teams", 10, 300, "branded app templates");
}

#[test]
fn fusion_teams_400_needs_a_branded_template() {
    let mut facts = fusion_300();
    facts.push(evidence("fusion_teams", "cross_functional_teams", 2));
    facts.push(fact("component_library.published", 2, json!({})));
    let template = |branded| {
        fact(
            "app_template.published",
            3,
            json!({"name": "t", "branded": branded}),
        )
    };
    facts.push(template(false));
    assert_eq!(level_on(&facts, "fusion_teams", 10), 300);
    facts.push(template(true));
    assert_eq!(level_on(&facts, "fusion_teams", 10), 400);
}

#[test]
fn business_value_400_needs_an_assessment_this_year() {
    let facts = [
        evidence("business_value", "business_cases_documented", 1),
        fact("kpi.reviewed", 300, json!({"kpi": "k"})),
        evidence("business_value", "pain_points_measured", 1),
        evidence("business_value", "value_reports_shared", 1),
        fact("value_assessment.completed", 5, json!({})),
    ];
    assert_levels(&facts, "business_value", &[(369, 400), (370, 300)]);
}

#[test]
fn security_200_needs_a_dlp_impact_analysis() {
    let mut facts = vec![
        fact(
            "dlp_policy.set",
            1,
            json!({"policy": "p", "scope": "default"}),
        ),
        fact("tenant_isolation.configured", 1, json!({})),
        evidence("security", "sharing_limits_set", 1),
    ];
    assert_level_missing(&facts, "security", 10, 100, "DLP impact analysis");
    facts.push(evidence("security", "dlp_impact_analysis", 1));
    assert_eq!(level_on(&facts, "security", 10), 200);
}
