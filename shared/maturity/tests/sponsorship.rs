//! The executive sponsorship ladder as DOMAIN.md fixes it (seeds/004), with level 500's
//! two any-of groups: KPIs or OKRs, and a sponsored hackathon or a celebrated story.

use crate::common;

use common::{
    assert_level_missing, assert_levels, fact, level_on, mentions, missing_on, sponsor_named,
    without,
};
use govtrack_maturity::Fact;
use serde_json::json;

fn review(n: i64, attendees: &[&str]) -> Fact {
    fact(
        "sponsor.review_held",
        n,
        json!({"sponsor": "cio", "attendees": attendees}),
    )
}

fn hackathon(n: i64, sponsor: Option<&str>) -> Fact {
    let data = match sponsor {
        Some(s) => json!({"name": "spring", "participants": 40, "sponsor": s}),
        None => json!({"name": "spring", "participants": 40}),
    };
    fact("hackathon.held", n, data)
}

fn measured(n: i64) -> Fact {
    fact(
        "key_result.measured",
        n,
        json!({"key_result": "kr-1", "value": 12}),
    )
}

/// Everything level 500 needs, all on day 10.
fn full_ladder() -> Vec<Fact> {
    vec![
        sponsor_named(10, "cio", true),
        review(10, &["executive", "business", "it"]),
        measured(10),
        hackathon(10, Some("cio")),
    ]
}

#[test]
fn no_sponsor_means_no_executive_awareness_at_100() {
    assert_level_missing(&[], "sponsorship", 10, 100, "an active executive sponsor");
}

#[test]
fn an_informal_sponsor_gives_200() {
    assert_eq!(
        level_on(&[sponsor_named(1, "cio", false)], "sponsorship", 10),
        200
    );
}

#[test]
fn a_formal_sponsor_gives_300() {
    assert_eq!(
        level_on(&[sponsor_named(1, "cio", true)], "sponsorship", 10),
        300
    );
}

#[test]
fn a_review_with_executive_business_and_it_in_90_days_gives_400() {
    let facts = [
        sponsor_named(1, "cio", true),
        review(5, &["executive", "business", "it", "coe"]),
    ];
    assert_eq!(level_on(&facts, "sponsorship", 10), 400);
}

#[test]
fn a_review_without_it_leadership_does_not_give_400() {
    let facts = [
        sponsor_named(1, "cio", true),
        review(5, &["executive", "business"]),
    ];
    assert_eq!(level_on(&facts, "sponsorship", 10), 300);
}

#[test]
fn a_review_older_than_90_days_no_longer_counts() {
    let facts = [
        sponsor_named(1, "cio", true),
        review(5, &["executive", "business", "it"]),
    ];
    assert_levels(&facts, "sponsorship", &[(94, 400), (95, 300)]);
}

#[test]
fn an_informal_sponsor_with_a_review_stays_at_200() {
    let facts = [
        sponsor_named(1, "cio", false),
        review(5, &["executive", "business", "it"]),
    ];
    assert_eq!(level_on(&facts, "sponsorship", 10), 200);
}

#[test]
fn a_measured_key_result_and_a_sponsored_hackathon_give_500() {
    assert_eq!(level_on(&full_ladder(), "sponsorship", 20), 500);
}

#[test]
fn level_500_needs_the_key_result_measurement() {
    let facts = without(full_ladder(), "key_result.measured");
    assert_level_missing(
        &facts,
        "sponsorship",
        20,
        400,
        "a KPI review or a key-result measurement",
    );
}

#[test]
fn a_hackathon_without_a_sponsor_does_not_give_500() {
    let mut facts = without(full_ladder(), "hackathon.held");
    facts.push(hackathon(10, None));
    assert_eq!(level_on(&facts, "sponsorship", 20), 400);
}

#[test]
fn a_hackathon_sponsored_by_someone_never_named_does_not_give_500() {
    let mut facts = without(full_ladder(), "hackathon.held");
    facts.push(hackathon(10, Some("cfo")));
    assert_eq!(level_on(&facts, "sponsorship", 20), 400);
}

#[test]
fn a_key_result_measured_more_than_90_days_ago_drops_500_to_400() {
    let mut facts = full_ladder();
    facts.push(review(80, &["executive", "business", "it"]));
    assert_levels(&facts, "sponsorship", &[(99, 500), (100, 400)]);
}

#[test]
fn the_ladder_goes_back_down_to_100_when_the_sponsor_steps_down() {
    let mut facts = full_ladder();
    facts.push(fact("sponsor.stepped_down", 30, json!({"sponsor": "cio"})));
    assert_eq!(level_on(&facts, "sponsorship", 29), 500);
    assert_level_missing(&facts, "sponsorship", 30, 100, "formal or not");
}

#[test]
fn another_sponsor_stepping_down_changes_nothing() {
    let mut facts = full_ladder();
    facts.push(fact("sponsor.stepped_down", 30, json!({"sponsor": "cfo"})));
    assert_eq!(level_on(&facts, "sponsorship", 31), 500);
}

#[test]
fn a_remaining_informal_sponsor_keeps_200_when_the_formal_one_leaves() {
    let facts = [
        sponsor_named(1, "cio", true),
        sponsor_named(2, "cmo", false),
        fact("sponsor.stepped_down", 5, json!({"sponsor": "cio"})),
    ];
    assert_eq!(level_on(&facts, "sponsorship", 10), 200);
}

#[test]
fn a_sponsor_named_again_after_stepping_down_is_active_again() {
    let facts = [
        sponsor_named(1, "cio", true),
        fact("sponsor.stepped_down", 5, json!({"sponsor": "cio"})),
        sponsor_named(8, "cio", true),
    ];
    assert_levels(&facts, "sponsorship", &[(6, 100), (10, 300)]);
}

#[test]
fn renaming_a_sponsor_informally_withdraws_the_formal_status() {
    let facts = [
        sponsor_named(1, "cio", true),
        sponsor_named(5, "cio", false),
    ];
    assert_eq!(level_on(&facts, "sponsorship", 10), 200);
}

fn kpi_reviewed(n: i64) -> Fact {
    fact(
        "kpi.reviewed",
        n,
        json!({"kpi": "hours_saved", "value": 1200.0}),
    )
}

fn story(n: i64, sponsor: Option<&str>) -> Fact {
    let data = match sponsor {
        Some(s) => json!({"title": "Expense approvals", "sponsor": s}),
        None => json!({"title": "Expense approvals"}),
    };
    fact("success_story.published", n, data)
}

#[test]
fn a_kpi_review_instead_of_a_key_result_gives_500() {
    let mut facts = without(full_ladder(), "key_result.measured");
    facts.push(kpi_reviewed(10));
    facts.push(review(80, &["executive", "business", "it"]));
    assert_levels(&facts, "sponsorship", &[(20, 500), (99, 500), (100, 400)]);
}

#[test]
fn a_story_celebrated_by_the_sponsor_instead_of_a_hackathon_gives_500() {
    let mut facts = without(full_ladder(), "hackathon.held");
    facts.push(story(10, Some("cio")));
    assert_eq!(level_on(&facts, "sponsorship", 20), 500);
}

#[test]
fn a_story_without_an_active_sponsor_does_not_give_500() {
    let mut facts = without(full_ladder(), "hackathon.held");
    facts.push(story(10, None));
    facts.push(story(11, Some("cfo")));
    assert_eq!(level_on(&facts, "sponsorship", 20), 400);
    let missing = missing_on(&facts, "sponsorship", 20);
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(
        mentions(&missing, "a hackathon they sponsored"),
        "{missing:?}"
    );
}

#[test]
fn a_story_stops_counting_when_its_sponsor_steps_down() {
    let mut facts = without(full_ladder(), "hackathon.held");
    facts.push(sponsor_named(10, "cfo", false));
    facts.push(story(10, Some("cfo")));
    facts.push(fact("sponsor.stepped_down", 15, json!({"sponsor": "cfo"})));
    assert_levels(&facts, "sponsorship", &[(14, 500), (15, 400)]);
}

#[test]
fn without_either_alternative_level_500_names_both() {
    let facts = [
        sponsor_named(1, "cio", true),
        review(5, &["executive", "business", "it"]),
    ];
    let missing = missing_on(&facts, "sponsorship", 10);
    assert_eq!(missing.len(), 2, "{missing:?}");
    assert!(mentions(
        &missing,
        "a KPI review or a key-result measurement"
    ));
    assert!(mentions(
        &missing,
        "a hackathon they sponsored or a success story they celebrated"
    ));
}
