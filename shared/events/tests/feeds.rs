//! The feed events: inventory facts, the bound key result's `measure`, and the source
//! watch's expectation and findings.

use chrono::{TimeZone, Utc};
use govtrack_events::{Envelope, EventData, EventType, validate, validate_trusted};
use serde_json::{Value, json};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap()
}

fn envelope(t: &str, data: Value) -> Envelope {
    Envelope::new(t, "contoso", data)
}

#[test]
fn a_key_result_bound_to_a_count_keeps_its_measure() {
    let data = json!({"key_result": "managed-apps", "objective": "gov", "title": "Apps in managed environments",
        "unit": "apps", "baseline": 0.0, "target": 100.0, "direction": "increase", "due": "2026-12-31",
        "measure": {"resource_type": "apps", "managed": true}});
    let event = validate(envelope("key_result.defined", data.clone()), now()).unwrap();
    let EventData::KeyResultDefined(d) = &event.data else {
        panic!("not a key result");
    };
    let measure = d.measure.as_ref().unwrap();
    assert_eq!(measure.resource_type.as_str(), "apps");
    assert_eq!(measure.managed, Some(true));
    assert_eq!(event.data.to_value(), data);
}

#[test]
fn a_measure_over_an_unknown_resource_type_names_the_choices() {
    let data = json!({"key_result": "k", "objective": "o", "title": "T", "unit": "u", "baseline": 0.0,
        "direction": "increase", "due": "2026-12-31", "measure": {"resource_type": "bots"}});
    let err = validate(envelope("key_result.defined", data), now()).unwrap_err();
    assert_eq!(err.problems[0].field, "data.measure.resource_type");
    assert!(
        err.problems[0].reason.contains("apps, flows, agents"),
        "{err}"
    );
}

#[test]
fn an_expectation_names_a_source_and_a_cadence() {
    let err = validate(
        envelope("source.expected", json!({"source": " ", "every_hours": 24})),
        now(),
    )
    .unwrap_err();
    assert_eq!(err.problems[0].field, "data.source");
    let err = validate(
        envelope(
            "source.expected",
            json!({"source": "hr-sync", "every_hours": -1}),
        ),
        now(),
    )
    .unwrap_err();
    assert_eq!(err.problems[0].field, "data.every_hours");
    validate(
        envelope(
            "source.expected",
            json!({"source": "Power Automate flow", "every_hours": 24}),
        ),
        now(),
    )
    .unwrap();
}

#[test]
fn source_findings_are_the_schedulers_alone() {
    for t in [
        EventType::SourceSilent,
        EventType::SourceFailed,
        EventType::SourceRecovered,
    ] {
        assert!(t.is_reserved(), "{t}");
        let data = govtrack_events::example_data(t);
        let err = validate(envelope(t.name(), data.clone()), now()).unwrap_err();
        assert_eq!(err.problems[0].field, "type", "{t}: {err}");
        validate_trusted(envelope(t.name(), data), now()).unwrap();
    }
    for t in [
        EventType::SourceExpected,
        EventType::InventoryCounted,
        EventType::EnvironmentUpdated,
        EventType::EnvironmentDeleted,
    ] {
        assert!(!t.is_reserved(), "{t}");
    }
}

#[test]
fn environment_changes_live_on_the_environments_subject() {
    for t in ["environment.updated", "environment.deleted"] {
        let data = govtrack_events::example_data(EventType::parse(t).unwrap());
        let event = validate(envelope(t, data), now()).unwrap();
        assert_eq!(
            event.data.entity_key(),
            Some(("environment", "finance-prod")),
            "{t}"
        );
    }
    let counted = validate(
        envelope("inventory.counted", json!({"resource_type": "flows", "environment_kind": "default", "managed": false, "count": 7})),
        now(),
    )
    .unwrap();
    assert_eq!(counted.data.entity_key(), Some(("inventory", "flows")));
}
