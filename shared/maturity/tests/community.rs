//! Community 200 and 300 as DOMAIN.md fixes them (seeds/003), with what the seeds add:
//! a training event at 200, a success story at 300.

use crate::common;

use common::{
    assert_level_missing, assert_levels, fact, level_on, mentions, missing_on, trainings_all_along,
    without,
};
use govtrack_maturity::Fact;
use serde_json::json;

fn hackathon(n: i64) -> Fact {
    fact(
        "hackathon.held",
        n,
        json!({"name": format!("h{n}"), "participants": 30}),
    )
}

fn training(n: i64, kind: &str) -> Fact {
    fact("training.held", n, json!({"kind": kind, "attendees": 20}))
}

fn story(n: i64, audience: Option<&str>) -> Fact {
    let data = match audience {
        Some(a) => json!({"title": "Inspections app", "audience": a}),
        None => json!({"title": "Inspections app"}),
    };
    fact("success_story.published", n, data)
}

fn level_200(hackathon_day: i64) -> Vec<Fact> {
    let mut facts = vec![
        fact("welcome_email.enabled", 1, json!({})),
        hackathon(hackathon_day),
    ];
    facts.extend(trainings_all_along());
    facts
}

fn level_300() -> Vec<Fact> {
    let mut facts = level_200(5);
    facts.push(fact("champion_program.launched", 6, json!({})));
    facts.push(fact("coe_kit.deployed", 7, json!({"module": "nurture"})));
    facts.push(story(8, None));
    facts
}

#[test]
fn a_welcome_email_a_hackathon_and_a_training_this_year_give_200() {
    assert_eq!(level_on(&level_200(5), "community", 10), 200);
}

#[test]
fn a_welcome_email_without_a_hackathon_stays_at_100() {
    let mut facts = vec![fact("welcome_email.enabled", 1, json!({}))];
    facts.extend(trainings_all_along());
    assert_level_missing(&facts, "community", 10, 100, "a hackathon");
}

#[test]
fn without_a_training_event_a_hackathon_is_not_enough_for_200() {
    let facts = [fact("welcome_email.enabled", 1, json!({})), hackathon(5)];
    assert_eq!(level_on(&facts, "community", 10), 100);
    let missing = missing_on(&facts, "community", 10);
    assert!(mentions(&missing, "lunch and learn"), "{missing:?}");
    let mut facts = facts.to_vec();
    facts.push(training(6, "app_in_a_day"));
    assert_levels(&facts, "community", &[(10, 200), (370, 100)]);
}

#[test]
fn a_hackathon_365_days_old_no_longer_counts() {
    let facts = level_200(5);
    assert_levels(&facts, "community", &[(369, 200), (370, 100)]);
}

#[test]
fn a_champion_program_the_nurture_kit_and_a_success_story_give_300() {
    assert_eq!(level_on(&level_300(), "community", 10), 300);
}

#[test]
fn without_a_success_story_300_is_not_reached() {
    let facts = without(level_300(), "success_story.published");
    assert_level_missing(&facts, "community", 10, 200, "success story");
}

#[test]
fn a_champion_program_without_the_nurture_kit_stays_at_200() {
    let facts = without(level_300(), "coe_kit.deployed");
    assert_level_missing(&facts, "community", 10, 200, "nurture components");
}

/// Level 300 plus what 400 asks: regular hackathons, new makers trained, a show-and-tell.
fn level_400() -> Vec<Fact> {
    let mut facts = level_300();
    facts.push(hackathon(9));
    facts.push(training(9, "onboarding"));
    facts.push(fact("show_and_tell.held", 9, json!({"topic": "t"})));
    facts
}

#[test]
fn regular_hackathons_trained_new_makers_and_a_show_and_tell_give_400() {
    assert_eq!(level_on(&level_400(), "community", 10), 400);
}

#[test]
fn a_training_that_is_not_for_new_makers_does_not_give_400() {
    let mut facts = level_400();
    facts.retain(|f| f.data["kind"] != "onboarding");
    assert_level_missing(&facts, "community", 10, 300, "new makers trained");
}

#[test]
fn one_hackathon_a_year_is_not_regular() {
    let mut facts = level_400();
    facts.retain(|f| f.data["name"] != "h9");
    assert_eq!(level_on(&facts, "community", 10), 300);
}

#[test]
fn level_500_needs_a_story_told_outside() {
    let mut facts = level_400();
    for i in 0..10 {
        facts.push(fact(
            "champion.recognized",
            9,
            json!({"champion": format!("c{i}")}),
        ));
    }
    for signal in ["maker_career_path", "mentoring_program"] {
        facts.push(fact(
            "evidence.recorded",
            9,
            json!({"capability": "community", "signal": signal}),
        ));
    }
    assert_level_missing(
        &facts,
        "community",
        10,
        400,
        "a story told outside the organisation",
    );
    facts.push(story(9, Some("internal")));
    assert_eq!(level_on(&facts, "community", 10), 400);
    facts.push(story(9, Some("external")));
    assert_eq!(level_on(&facts, "community", 10), 500);
}
