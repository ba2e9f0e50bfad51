//! Community 200 and 300 as DOMAIN.md fixes them (seeds/003).

mod common;

use common::{fact, level_on, mentions, missing_on};
use govtrack_maturity::Fact;
use serde_json::json;

fn level_200(hackathon_day: i64) -> Vec<Fact> {
    vec![
        fact("welcome_email.enabled", 1, json!({})),
        fact(
            "hackathon.held",
            hackathon_day,
            json!({"name": "h1", "participants": 30}),
        ),
    ]
}

#[test]
fn a_welcome_email_and_a_hackathon_this_year_give_200() {
    assert_eq!(level_on(&level_200(5), "community", 10), 200);
}

#[test]
fn a_welcome_email_without_a_hackathon_stays_at_100() {
    let facts = [fact("welcome_email.enabled", 1, json!({}))];
    assert_eq!(level_on(&facts, "community", 10), 100);
    assert!(mentions(
        &missing_on(&facts, "community", 10),
        "hackathon.held"
    ));
}

#[test]
fn a_hackathon_365_days_old_no_longer_counts() {
    let facts = level_200(5);
    assert_eq!(level_on(&facts, "community", 369), 200);
    assert_eq!(level_on(&facts, "community", 370), 100);
}

#[test]
fn a_champion_program_and_the_nurture_kit_give_300() {
    let mut facts = level_200(5);
    facts.push(fact("champion_program.launched", 6, json!({})));
    facts.push(fact("coe_kit.deployed", 7, json!({"module": "nurture"})));
    assert_eq!(level_on(&facts, "community", 10), 300);
}

#[test]
fn a_champion_program_without_the_nurture_kit_stays_at_200() {
    let mut facts = level_200(5);
    facts.push(fact("champion_program.launched", 6, json!({})));
    assert_eq!(level_on(&facts, "community", 10), 200);
    assert!(mentions(
        &missing_on(&facts, "community", 10),
        "module: nurture"
    ));
}
