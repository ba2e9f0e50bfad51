//! Built-in models and the validation of model files.

use crate::common;

use common::{capability, day, fact};
use govtrack_maturity::{LEVELS, Model, ModelError, evaluate};
use serde_json::json;

/// The smallest valid model: one capability, one requirement a level.
const MINIMAL: &str = include_str!("models/tiny.toml");

fn parse_error(text: &str) -> ModelError {
    Model::parse("test.toml", text).expect_err("the model should be rejected")
}

/// [`MINIMAL`] with `from` replaced by `to` is rejected at `line`, for a reason that
/// mentions `reason`.
#[track_caller]
fn assert_rejected((from, to): (&str, &str), line: usize, reason: &str) {
    let err = parse_error(&MINIMAL.replace(from, to));
    assert_eq!(err.line, line, "{err}");
    assert!(err.reason.contains(reason), "{err}");
}

#[test]
fn both_builtin_models_parse() {
    for id in Model::builtin_ids() {
        let model = Model::builtin(id).unwrap_or_else(|| panic!("builtin {id}"));
        assert_eq!(model.id(), id);
    }
    assert!(Model::builtin("1999").is_none());
}

#[test]
fn the_default_model_is_2025_with_sponsorship() {
    let model = Model::default_model();
    assert_eq!(model.id(), "2025");
    let ids: Vec<&str> = model.capabilities().iter().map(|c| c.id()).collect();
    let expected = [
        "strategy",
        "business_value",
        "security",
        "governance",
        "operations",
        "community",
        "responsible_ai",
        "automation",
        "fusion_teams",
        "sponsorship",
        "plan",
        "availability",
        "readiness",
    ];
    assert_eq!(ids, expected);
    assert_eq!(
        model.capability("sponsorship").unwrap().name(),
        "Executive sponsorship"
    );
}

#[test]
fn every_cell_of_both_builtin_models_has_a_described_requirement() {
    for id in Model::builtin_ids() {
        for cap in Model::builtin(id).unwrap().capabilities() {
            assert!(!cap.name().is_empty());
            for level in LEVELS {
                let reqs: Vec<_> = cap
                    .requirements()
                    .iter()
                    .filter(|r| r.level() == level)
                    .collect();
                assert!(!reqs.is_empty(), "{id}/{} has no {level}", cap.id());
                assert!(reqs.iter().all(|r| !r.words().is_empty()));
            }
        }
    }
}

#[test]
fn the_2021_model_loads_and_evaluates() {
    let model = Model::builtin("2021").unwrap();
    let ids: Vec<&str> = model.capabilities().iter().map(|c| c.id()).collect();
    let expected = [
        "strategy",
        "business_value",
        "admin_governance",
        "support",
        "community",
        "automation",
        "fusion_teams",
    ];
    assert_eq!(ids, expected);
    let facts = [
        fact("coe_kit.deployed", 1, json!({"module": "core"})),
        fact(
            "dlp_policy.set",
            1,
            json!({"policy": "p", "scope": "default"}),
        ),
    ];
    let assessment = evaluate(&model, &facts, day(5));
    assert_eq!(assessment.model, "2021");
    assert_eq!(capability(&assessment, "admin_governance").level, 200);
    assert_eq!(
        capability(&assessment, "community").name,
        "Nurture citizen makers"
    );
}

#[test]
fn a_minimal_custom_model_parses() {
    let model = Model::parse("tiny.toml", MINIMAL).unwrap();
    assert_eq!(
        (model.id(), model.name(), model.attestation_valid_days()),
        ("tiny", "Tiny", 365)
    );
    let first = &model.capabilities()[0].requirements()[0];
    assert_eq!(first.kind_name(), "fact");
    // `description` is read as the older name of `words`; `how` and `source` may be left out.
    assert_eq!(
        (first.words(), first.description()),
        ("a vision", "a vision")
    );
    assert_eq!((first.how(), first.source()), (None, None));
}

#[test]
fn a_toml_syntax_error_reports_file_line_and_column() {
    let broken = MINIMAL.replace("name = \"One\"", "name = \"One");
    let err = parse_error(&broken);
    assert_eq!((err.source_name.as_str(), err.line), ("test.toml", 7));
    assert!(err.to_string().starts_with("test.toml:7:"), "{err}");
}

#[test]
fn an_unknown_requirement_kind_names_its_line() {
    let err = parse_error(&MINIMAL.replace(
        "kind = \"evidence\"\nsignal = \"s3\"",
        "kind = \"vibes\"\nsignal = \"s3\"",
    ));
    assert_eq!(err.line, 17, "{err}");
    assert_eq!(err.column, 8, "{err}");
    assert!(
        err.reason.contains("unknown requirement kind `vibes`"),
        "{err}"
    );
}

#[test]
fn an_unknown_key_is_rejected_with_its_line() {
    assert_rejected(
        ("signal = \"s4\"", "signal = \"s4\"\nweight = 2"),
        25,
        "weight",
    );
}

#[test]
fn a_level_outside_the_ladder_is_rejected() {
    assert_rejected(("level = 300", "level = 350"), 16, "200, 300, 400 or 500");
}

#[test]
fn a_capability_missing_a_level_is_rejected() {
    assert_rejected(
        ("level = 500", "level = 400"),
        6,
        "no requirement for level 500",
    );
}

#[test]
fn a_recent_requirement_needs_a_window() {
    assert_rejected(("kind = \"fact\"", "kind = \"recent\""), 11, "within_days");
}

#[test]
fn an_undeclared_entity_is_rejected() {
    assert_rejected(
        ("event = \"vision.published\"", "entity = \"sponsor\""),
        12,
        "unknown entity `sponsor`",
    );
}

#[test]
fn a_field_of_another_kind_is_rejected() {
    let err = parse_error(&MINIMAL.replace("signal = \"s5\"", "signal = \"s5\"\nevent = \"x.y\""));
    assert!(
        err.reason
            .contains("`event` is not allowed in a evidence requirement"),
        "{err}"
    );
}
