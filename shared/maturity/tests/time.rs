//! Time is a parameter: windows slide, later facts are ignored, order does not matter.

use crate::common;

use common::{assert_levels, capability, day, fact, model, sponsor_named, trainings_all_along};
use govtrack_maturity::{Fact, evaluate};
use serde_json::json;

fn community_200(hackathon_day: i64) -> Vec<Fact> {
    let mut facts = vec![
        fact("welcome_email.enabled", 0, json!({})),
        fact(
            "hackathon.held",
            hackathon_day,
            json!({"name": "h", "participants": 9}),
        ),
    ];
    facts.extend(trainings_all_along());
    facts
}

#[test]
fn a_window_holds_an_occurrence_for_exactly_its_length() {
    let facts = community_200(10);
    assert_levels(
        &facts,
        "community",
        &[(9, 100), (10, 200), (374, 200), (375, 100)],
    );
}

#[test]
fn a_newer_occurrence_keeps_the_window_filled() {
    let mut facts = community_200(10);
    facts.push(fact(
        "hackathon.held",
        300,
        json!({"name": "h2", "participants": 9}),
    ));
    assert_levels(&facts, "community", &[(500, 200), (665, 100)]);
}

#[test]
fn windowed_evidence_lapses_with_its_window() {
    let facts = [
        fact(
            "capability.assessed",
            0,
            json!({"capability": "governance", "level": 300, "assessor": "a", "valid_days": 1000}),
        ),
        fact("coe_kit.deployed", 0, json!({"module": "governance"})),
        fact("app_catalog.published", 0, json!({})),
        fact(
            "evidence.recorded",
            5,
            json!({"capability": "governance", "signal": "resource_cleanup_reviewed"}),
        ),
    ];
    assert_levels(&facts, "governance", &[(94, 400), (95, 300)]);
}

#[test]
fn facts_after_as_of_are_ignored() {
    let facts = community_200(10);
    let assessment = evaluate(&model(), &facts, day(5));
    assert_eq!(capability(&assessment, "community").level, 100);
    assert_eq!(assessment.as_of, day(5));
}

#[test]
fn the_order_of_the_facts_does_not_matter() {
    let facts = [
        fact("sponsor.stepped_down", 5, json!({"sponsor": "cio"})),
        sponsor_named(1, "cio", true),
    ];
    let mut reversed = facts.to_vec();
    reversed.reverse();
    assert_levels(&facts, "sponsorship", &[(3, 300), (6, 100)]);
    assert_eq!(
        evaluate(&model(), &facts, day(6)),
        evaluate(&model(), &reversed, day(6))
    );
}

#[test]
fn since_is_when_the_current_level_was_reached() {
    let facts = [
        sponsor_named(1, "cio", false),
        sponsor_named(4, "cio", true),
    ];
    let assessment = evaluate(&model(), &facts, day(10));
    assert_eq!(capability(&assessment, "sponsorship").since, Some(day(4)));
}

#[test]
fn the_assessment_serialises_to_json_with_plain_fields() {
    let facts = [fact(
        "capability.target_set",
        0,
        json!({"capability": "strategy", "level": 300, "due": "2025-09-30"}),
    )];
    let json = serde_json::to_value(evaluate(&model(), &facts, day(1))).unwrap();
    let strategy = &json["capabilities"][0];
    assert_eq!(strategy["id"], "strategy");
    assert_eq!(
        strategy["target"],
        json!({"level": 300, "due": "2025-09-30"})
    );
    assert_eq!(strategy["next"]["level"], 200);
}
