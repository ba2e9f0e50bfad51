//! Level changes over time, including those caused by time passing.

use crate::common;

use std::time::Instant;

use common::{day, fact, model, sponsor_named, trainings_all_along};
use govtrack_maturity::{Fact, LevelChange, Timeline, evaluate, level_history};
use serde_json::json;

fn changes_of<'a>(history: &'a [LevelChange], capability: &str) -> Vec<&'a LevelChange> {
    history
        .iter()
        .filter(|c| c.capability == capability)
        .collect()
}

#[test]
fn level_history_reports_a_drop_when_a_window_expires() {
    let mut facts = vec![
        fact("welcome_email.enabled", 0, json!({})),
        fact(
            "hackathon.held",
            10,
            json!({"name": "spring", "participants": 9}),
        ),
    ];
    facts.extend(trainings_all_along());
    let history = level_history(&model(), &facts, day(400));
    let community = changes_of(&history, "community");
    assert_eq!(community.len(), 2, "{community:?}");
    assert_eq!(
        (community[0].at, community[0].from, community[0].to),
        (day(10), 100, 200)
    );
    assert_eq!(
        community[0].cause,
        "hackathon.held (spring) — a hackathon in the last 365 days"
    );
    assert_eq!(
        (community[1].at, community[1].from, community[1].to),
        (day(375), 200, 100)
    );
    assert_eq!(
        community[1].cause,
        "window expired: no hackathon.held in the last 365 days"
    );
}

#[test]
fn level_history_follows_the_sponsorship_ladder_up_and_down() {
    let facts = [
        sponsor_named(1, "cio", false),
        sponsor_named(2, "cio", true),
        fact(
            "sponsor.review_held",
            3,
            json!({"sponsor": "cio", "attendees": ["executive", "business", "it"]}),
        ),
        fact("sponsor.stepped_down", 4, json!({"sponsor": "cio"})),
    ];
    let history = level_history(&model(), &facts, day(10));
    let steps: Vec<(u16, u16)> = changes_of(&history, "sponsorship")
        .iter()
        .map(|c| (c.from, c.to))
        .collect();
    assert_eq!(steps, [(100, 200), (200, 300), (300, 400), (400, 100)]);
    let first = &changes_of(&history, "sponsorship")[0];
    assert!(
        first
            .cause
            .starts_with("sponsor.named (cio) — an active executive sponsor"),
        "{}",
        first.cause
    );
    let last = changes_of(&history, "sponsorship")[3];
    assert!(
        last.cause
            .starts_with("sponsor.stepped_down (cio) — no longer:"),
        "{}",
        last.cause
    );
}

#[test]
fn level_history_reports_an_attestation_expiring() {
    let facts = [fact(
        "capability.assessed",
        0,
        json!({"capability": "automation", "level": 300, "assessor": "ann", "valid_days": 30}),
    )];
    let history = level_history(&model(), &facts, day(100));
    let automation = changes_of(&history, "automation");
    assert_eq!(automation.len(), 2);
    assert_eq!(
        automation[0].cause,
        "capability.assessed (level 300 by ann) — attested up to level 300"
    );
    assert_eq!((automation[1].at, automation[1].to), (day(30), 100));
    assert!(
        automation[1].cause.starts_with("attestation expired"),
        "{}",
        automation[1].cause
    );
}

#[test]
fn level_history_stops_at_until() {
    let mut facts = vec![
        fact("welcome_email.enabled", 0, json!({})),
        fact(
            "hackathon.held",
            10,
            json!({"name": "h", "participants": 9}),
        ),
    ];
    facts.extend(trainings_all_along());
    assert_eq!(
        changes_of(&level_history(&model(), &facts, day(9)), "community").len(),
        0
    );
    assert_eq!(
        changes_of(&level_history(&model(), &facts, day(374)), "community").len(),
        1
    );
}

/// `n` facts over 2,000 days that move several capabilities up and down.
fn busy_history(n: usize) -> Vec<Fact> {
    let kinds = [
        "hackathon.held",
        "key_result.measured",
        "environment.created",
        "sponsor.review_held",
        "evidence.recorded",
    ];
    let mut facts: Vec<Fact> = (0..n)
        .map(|i| {
            let data = json!({"environment": format!("env-{i}"), "managed": i % 7 == 0, "name": "h",
                "sponsor": "cio", "attendees": ["executive", "business", "it"],
                "capability": "governance", "signal": "resource_cleanup_reviewed"});
            fact(kinds[i % kinds.len()], (i as i64 * 37) % 2000, data)
        })
        .collect();
    facts.push(fact("welcome_email.enabled", 0, json!({})));
    facts.push(sponsor_named(0, "cio", true));
    facts
}

#[test]
fn level_history_of_ten_thousand_facts_is_quick() {
    let facts = busy_history(10_000);
    let started = Instant::now();
    let history = level_history(&model(), &facts, day(2100));
    assert!(
        started.elapsed().as_secs() < 10,
        "took {:?}",
        started.elapsed()
    );
    assert!(!history.is_empty());
}

#[test]
fn a_timeline_of_a_busy_history_answers_like_a_replay_at_many_days() {
    let (model, facts) = (model(), busy_history(1_000));
    let timeline = Timeline::build(&model, &facts, day(2100));
    let moves = timeline.changes().len();
    assert!(moves >= 3, "the history should move levels, moved {moves}");
    for n in (-10..2100).step_by(25) {
        let replayed = evaluate(&model, &facts, day(n));
        assert_eq!(
            timeline.assess(&model, day(n)).as_ref(),
            Some(&replayed),
            "day {n}"
        );
        assert_eq!(
            timeline.changes_until(day(n)),
            level_history(&model, &facts, day(n)).as_slice()
        );
    }
}
