//! The built-in maturity models against the catalogue: every event type and data field a
//! model reads exists, and every `how` line of a model is an event ingest accepts.
//!
//! govtrack-maturity does not depend on this crate (models are data, the evaluator reads
//! any JSON); this test is where a typo in a model file would show.

use chrono::{TimeZone, Utc};
use govtrack_events::{Envelope, EventType, validate};
use govtrack_maturity::Model;
use serde_json::Value;

fn models() -> Vec<Model> {
    Model::builtin_ids()
        .map(|id| Model::builtin(id).unwrap())
        .collect()
}

#[test]
fn every_event_type_a_model_reads_is_in_the_catalogue() {
    for model in models() {
        let types = model.event_types();
        assert!(types.contains(&"sponsor.named"), "{types:?}");
        for name in types {
            assert!(
                EventType::parse(name).is_some(),
                "model {} reads `{name}`, which is not in the catalogue",
                model.id()
            );
        }
    }
}

#[test]
fn every_data_field_a_model_reads_is_in_its_type_schema() {
    for model in models() {
        let fields = model.event_fields();
        if model.id() == "2025" {
            assert!(
                fields.contains(&("hackathon.held", "sponsor")),
                "{fields:?}"
            );
            assert!(fields.contains(&("sponsor.review_held", "attendees")));
        }
        for (name, field) in fields {
            let schema = EventType::parse(name).unwrap().data_schema();
            assert!(
                schema["properties"].get(field).is_some(),
                "model {} reads `{field}` of `{name}`, which has no such field",
                model.id()
            );
        }
    }
}

/// `govtrack emit TYPE --org ORG --data '{…}'` → (TYPE, data).
fn emitted(how: &str) -> (String, Value) {
    let rest = how
        .strip_prefix("govtrack emit ")
        .unwrap_or_else(|| panic!("`{how}` is not a govtrack emit line"));
    let event_type = rest.split_whitespace().next().unwrap().to_owned();
    let data = rest
        .split_once(" --data '")
        .and_then(|(_, d)| d.strip_suffix('\''))
        .unwrap_or_else(|| panic!("`{how}` has no --data '…'"));
    assert!(rest.contains(" --org ORG "), "`{how}` names no --org ORG");
    let data = serde_json::from_str(data).unwrap_or_else(|e| panic!("`{how}`: {e}"));
    (event_type, data)
}

#[test]
fn every_how_line_is_an_event_ingest_accepts() {
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap();
    for model in models() {
        for (cap, req) in model.requirements() {
            let Some(how) = req.how() else {
                assert_eq!(
                    req.kind_name(),
                    "any",
                    "{}: `{}` has no how",
                    cap,
                    req.words()
                );
                continue;
            };
            let (event_type, data) = emitted(how);
            validate(Envelope::new(&event_type, "contoso", data.clone()), now)
                .unwrap_or_else(|e| panic!("{} {cap}: `{how}`: {e}", model.id()));
            if event_type == "evidence.recorded" {
                assert_eq!(req.kind_name(), "evidence", "`{how}`");
                assert_eq!(data["capability"], cap, "`{how}`");
                let signal = data["signal"].as_str().unwrap();
                let signals = model.capability(cap).unwrap().evidence_signals();
                assert!(signals.contains(&signal), "`{how}`: {signals:?}");
            } else {
                assert!(
                    model.event_types().contains(&event_type.as_str()),
                    "{cap}: `{how}` emits a type the model does not read"
                );
            }
        }
    }
}
