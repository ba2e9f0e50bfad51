//! Time is a parameter: windows slide, later facts are ignored, order does not matter.

use crate::common;

use common::{capability, day, fact, level_on, model, trainings_all_along};
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
    assert_eq!(level_on(&facts, "community", 9), 100);
    assert_eq!(level_on(&facts, "community", 10), 200);
    assert_eq!(level_on(&facts, "community", 374), 200);
    assert_eq!(level_on(&facts, "community", 375), 100);
}

#[test]
fn a_newer_occurrence_keeps_the_window_filled() {
    let mut facts = community_200(10);
    facts.push(fact(
        "hackathon.held",
        300,
        json!({"name": "h2", "participants": 9}),
    ));
    assert_eq!(level_on(&facts, "community", 500), 200);
    assert_eq!(level_on(&facts, "community", 665), 100);
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
    assert_eq!(level_on(&facts, "governance", 94), 400);
    assert_eq!(level_on(&facts, "governance", 95), 300);
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
        fact(
            "sponsor.named",
            1,
            json!({"sponsor": "cio", "name": "A", "formal": true}),
        ),
    ];
    let mut reversed = facts.to_vec();
    reversed.reverse();
    assert_eq!(level_on(&facts, "sponsorship", 3), 300);
    assert_eq!(level_on(&facts, "sponsorship", 6), 100);
    assert_eq!(
        evaluate(&model(), &facts, day(6)),
        evaluate(&model(), &reversed, day(6))
    );
}

#[test]
fn since_is_when_the_current_level_was_reached() {
    let facts = [
        fact(
            "sponsor.named",
            1,
            json!({"sponsor": "cio", "name": "A", "formal": false}),
        ),
        fact(
            "sponsor.named",
            4,
            json!({"sponsor": "cio", "name": "A", "formal": true}),
        ),
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
