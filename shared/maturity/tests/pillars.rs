//! The capabilities seeds/002's pillars add: plan, availability and readiness, each
//! climbed level by level, and what stops each one.

use crate::common;

use common::{assert_level_missing, assert_levels, evidence, fact, level_on};
use govtrack_maturity::{Fact, Model};
use serde_json::json;

#[test]
fn the_pillars_are_capabilities_with_names_in_words() {
    let model = Model::default_model();
    for (id, name) in [
        ("plan", "Plan"),
        ("availability", "Availability"),
        ("readiness", "Readiness"),
    ] {
        assert_eq!(model.capability(id).unwrap().name(), name);
    }
}

#[test]
fn plan_climbs_from_roles_to_a_reviewed_delivery_model() {
    let mut facts = vec![evidence("plan", "roles_identified", 1)];
    let steps = [
        ("delivery_model_chosen", 300),
        ("roles_staffed", 400),
        ("delivery_model_reviewed", 500),
    ];
    assert_eq!(level_on(&facts, "plan", 10), 200);
    for (signal, level) in steps {
        facts.push(evidence("plan", signal, 2));
        assert_eq!(level_on(&facts, "plan", 10), level, "{signal}");
    }
    assert_levels(&facts, "plan", &[(366, 500), (367, 400)]);
}

fn dr_test(n: i64, restored: bool) -> Fact {
    fact(
        "dr_test.completed",
        n,
        json!({"scope": "finance-prod", "restored": restored}),
    )
}

#[test]
fn availability_climbs_from_known_critical_solutions_to_tested_recovery() {
    let mut facts = vec![evidence("availability", "critical_solutions_identified", 1)];
    assert_eq!(level_on(&facts, "availability", 10), 200);
    facts.push(evidence("availability", "recovery_plan_documented", 2));
    assert_eq!(level_on(&facts, "availability", 10), 300);
    facts.push(dr_test(3, false));
    assert_level_missing(&facts, "availability", 10, 300, "restored a backup");
    facts.push(dr_test(4, true));
    assert_eq!(level_on(&facts, "availability", 10), 400);
    facts.push(dr_test(180, true));
    assert_levels(
        &facts,
        "availability",
        &[(200, 500), (368, 500), (369, 400), (545, 300)],
    );
}

fn training(n: i64) -> Fact {
    fact(
        "training.held",
        n,
        json!({"kind": "app_in_a_day", "attendees": 20}),
    )
}

#[test]
fn readiness_climbs_from_learning_resources_to_an_innovation_backlog() {
    let mut facts = vec![evidence("readiness", "learning_resources_shared", 1)];
    assert_eq!(level_on(&facts, "readiness", 10), 200);
    facts.push(evidence("readiness", "upskilling_paths_defined", 2));
    assert_eq!(level_on(&facts, "readiness", 10), 200);
    facts.push(evidence("readiness", "use_case_envisioning", 2));
    assert_eq!(level_on(&facts, "readiness", 10), 300);
    facts.extend([training(3), training(90), training(180)]);
    assert_eq!(level_on(&facts, "readiness", 200), 300);
    facts.push(training(270));
    assert_levels(&facts, "readiness", &[(300, 400), (366, 400)]);
    assert_eq!(
        level_on(&facts, "readiness", 367),
        200,
        "the envisioning session lapsed"
    );
    facts.push(fact("innovation_backlog.launched", 280, json!({})));
    assert_level_missing(&facts, "readiness", 300, 400, "most valuable ideas");
    facts.push(evidence("readiness", "ideas_prioritised_by_value", 290));
    assert_eq!(level_on(&facts, "readiness", 300), 500);
}
