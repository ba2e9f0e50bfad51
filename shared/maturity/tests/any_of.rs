//! Any-of groups in model files: how they parse, what they say is missing, how an
//! assessment covers them and how a change of level explains them.

use crate::common;

use common::{capability, day, fact};
use govtrack_maturity::{Model, evaluate, level_history};
use serde_json::json;

/// A model of one capability whose levels 200 and 300 are any-of groups.
const GROUPED: &str = include_str!("models/grouped.toml");

fn grouped() -> Model {
    Model::parse("grouped.toml", GROUPED).unwrap()
}

fn level(facts: &[govtrack_maturity::Fact], n: i64) -> u16 {
    capability(&evaluate(&grouped(), facts, day(n)), "one").level
}

fn missing(facts: &[govtrack_maturity::Fact], n: i64) -> Vec<String> {
    let assessment = evaluate(&grouped(), facts, day(n));
    capability(&assessment, "one").next.clone().unwrap().missing
}

#[test]
fn a_group_without_words_is_named_by_every_alternative() {
    assert_eq!(
        missing(&[], 0),
        ["a KPI review in the last 90 days or a key-result measurement in the last 30 days"]
    );
    let model = grouped();
    let group = &model.capability("one").unwrap().requirements()[0];
    assert_eq!(group.kind_name(), "any");
    assert_eq!(group.alternatives().len(), 2);
    assert_eq!(group.how(), None);
    assert_eq!(group.source(), Some("govtrack: a test"));
    assert_eq!(
        group.alternatives()[0].how(),
        Some("govtrack emit kpi.reviewed --org ORG --data '{\"kpi\":\"k\"}'")
    );
}

#[test]
fn either_alternative_of_a_recent_group_is_enough_each_for_its_own_window() {
    let kpi = [fact("kpi.reviewed", 0, json!({"kpi": "k"}))];
    assert_eq!((level(&kpi, 89), level(&kpi, 90)), (200, 100));
    let kr = [fact("key_result.measured", 0, json!({"key_result": "kr"}))];
    assert_eq!((level(&kr, 29), level(&kr, 30)), (200, 100));
    let both = [kpi[0].clone(), kr[0].clone()];
    assert_eq!((level(&both, 29), level(&both, 60)), (200, 200));
}

#[test]
fn either_alternative_of_a_fact_or_evidence_group_is_enough() {
    let base = fact("kpi.reviewed", 0, json!({"kpi": "k"}));
    let sponsor = [
        base.clone(),
        fact("sponsor.named", 1, json!({"sponsor": "cio"})),
        fact("sponsor.stepped_down", 5, json!({"sponsor": "cio"})),
    ];
    assert_eq!((level(&sponsor, 4), level(&sponsor, 5)), (300, 200));
    let evidence = [
        base,
        fact(
            "evidence.recorded",
            1,
            json!({"capability": "one", "signal": "roles_defined"}),
        ),
    ];
    assert_eq!((level(&evidence, 10), level(&evidence, 11)), (300, 200));
    assert_eq!(
        missing(&evidence, 11),
        ["an active sponsor or a roles signal"]
    );
}

#[test]
fn an_assessment_covers_a_group() {
    let facts = [fact(
        "capability.assessed",
        0,
        json!({"capability": "one", "level": 300, "assessor": "ann"}),
    )];
    assert_eq!(level(&facts, 10), 300);
    assert_eq!(missing(&facts, 10), ["s4"]);
}

#[test]
fn a_change_caused_by_an_alternative_names_the_event_and_the_group() {
    let facts = [
        fact("key_result.measured", 0, json!({"key_result": "kr"})),
        fact(
            "evidence.recorded",
            2,
            json!({"capability": "one", "signal": "roles_defined"}),
        ),
    ];
    let history = level_history(&grouped(), &facts, day(40));
    let causes: Vec<(u16, &str)> = history.iter().map(|c| (c.to, c.cause.as_str())).collect();
    assert_eq!(
        causes,
        [
            (
                200,
                "key_result.measured (kr) — a KPI review in the last 90 days or a key-result measurement in the last 30 days"
            ),
            (
                300,
                "evidence.recorded (roles_defined) — an active sponsor or a roles signal"
            ),
            (
                200,
                "window expired: no longer an active sponsor or a roles signal"
            ),
            (
                100,
                "window expired: no longer a KPI review in the last 90 days or a key-result measurement in the last 30 days"
            ),
        ]
    );
}

fn rejected(text: &str) -> String {
    Model::parse("bad.toml", text).unwrap_err().to_string()
}

#[test]
fn an_alternative_with_a_level_is_rejected() {
    let err = rejected(&GROUPED.replacen(
        "[[capability.requirement.any]]\nkind = \"recent\"",
        "[[capability.requirement.any]]\nlevel = 200\nkind = \"recent\"",
        1,
    ));
    assert!(err.contains("takes its group's level"), "{err}");
}

#[test]
fn a_group_of_one_or_a_group_in_a_group_is_rejected() {
    let one = GROUPED.replacen(
        "[[capability.requirement.any]]\nkind = \"recent\"\nevent = \"key_result.measured\"",
        "[[capability.requirement]]\nlevel = 200\nkind = \"recent\"\nevent = \"key_result.measured\"",
        1,
    );
    assert!(rejected(&one).contains("at least two alternatives"));
    let nested = GROUPED.replacen(
        "kind = \"evidence\"\nsignal = \"roles_defined\"",
        "kind = \"any\"\nsignal = \"roles_defined\"",
        1,
    );
    assert!(rejected(&nested).contains("cannot be a group itself"));
}

#[test]
fn words_and_their_older_name_together_are_rejected() {
    let err = rejected(&GROUPED.replace(
        "description = \"an active sponsor\"",
        "description = \"an active sponsor\"\nwords = \"a sponsor\"",
    ));
    assert!(err.contains("older name of `words`"), "{err}");
    let err = rejected(&GROUPED.replace("words = \"s5\"\n", ""));
    assert!(err.contains("needs `words`"), "{err}");
}

#[test]
fn a_group_with_a_condition_of_its_own_is_rejected() {
    let err = rejected(&GROUPED.replacen(
        "kind = \"any\"\nsource",
        "kind = \"any\"\nevent = \"kpi.reviewed\"\nsource",
        1,
    ));
    assert!(
        err.contains("`event` is not allowed in a any requirement"),
        "{err}"
    );
    let err =
        rejected(&GROUPED.replacen("kind = \"evidence\"\nsignal = \"s4\"", "kind = \"any\"", 1));
    assert!(err.contains("needs its alternatives"), "{err}");
}

#[test]
fn evidence_signals_include_those_inside_groups() {
    let model = grouped();
    let signals = model.capability("one").unwrap().evidence_signals();
    assert_eq!(signals, ["roles_defined", "s4", "s5"]);
}
