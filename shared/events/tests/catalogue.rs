//! Every catalogue type against its documented example and its common mistakes.

use chrono::{TimeZone, Utc};
use govtrack_events::{
    BatchError, Envelope, EventType, MAX_BATCH, StoredEvent, example_data, parse_batch, validate,
    validate_batch,
};
use serde_json::{Value, json};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap()
}

fn envelope(t: EventType, data: Value) -> Envelope {
    Envelope::new(t.name(), "contoso", data)
}

#[test]
fn every_client_type_accepts_its_example() {
    for &t in EventType::ALL.iter().filter(|t| !t.is_reserved()) {
        let event = validate(envelope(t, example_data(t)), now())
            .unwrap_or_else(|e| panic!("{t} example rejected: {e}"));
        assert_eq!(event.event_type(), t);
        assert_eq!(event.data.to_value(), example_data(t), "{t} round trip");
    }
}

#[test]
fn every_type_rejects_a_typo_field_and_names_it() {
    for &t in EventType::ALL {
        let mut data = example_data(t);
        data.as_object_mut()
            .unwrap()
            .insert("notte".into(), json!("x"));
        let err = govtrack_events::validate_trusted(envelope(t, data), now()).unwrap_err();
        assert_eq!(err.problems.len(), 1, "{t}: {err}");
        assert_eq!(err.problems[0].field, "data.notte", "{t}");
        assert!(
            err.problems[0].reason.starts_with("unknown field"),
            "{t}: {err}"
        );
    }
}

#[test]
fn every_type_has_an_object_schema_that_forbids_extra_fields() {
    for &t in EventType::ALL {
        let schema = t.data_schema();
        assert_eq!(schema["type"], "object", "{t}");
        assert_eq!(schema["additionalProperties"], false, "{t}");
        let expected = if t == EventType::ObjectiveDefined {
            2
        } else {
            1
        };
        assert_eq!(t.version(), expected, "{t}");
        assert_eq!(EventType::parse(t.name()), Some(t));
    }
}

#[test]
fn a_bad_enum_value_names_the_choices_and_what_was_sent() {
    let data = json!({"policy": "p1", "scope": "globl"});
    let err = validate(envelope(EventType::DlpPolicySet, data), now()).unwrap_err();
    assert_eq!(err.problems[0].field, "data.scope");
    assert_eq!(
        err.problems[0].reason,
        "expected one of default, tenant, environment, got \"globl\""
    );
}

#[test]
fn a_missing_field_is_named() {
    let data = json!({"sponsor": "cio", "name": "Ada"});
    let err = validate(envelope(EventType::SponsorNamed, data), now()).unwrap_err();
    assert_eq!(err.problems[0].field, "data.formal");
    assert_eq!(err.problems[0].reason, "required field is missing");
}

#[test]
fn a_nested_wrong_value_is_named_with_its_position() {
    let data = json!({"sponsor": "cio", "attendees": ["executive", "boss"]});
    let err = validate(envelope(EventType::SponsorReviewHeld, data), now()).unwrap_err();
    assert_eq!(err.problems[0].field, "data.attendees[1]");
}

#[test]
fn entity_ids_and_orgs_follow_the_charset() {
    let data = json!({"sponsor": "The CIO", "name": "Ada", "formal": true});
    let mut env = envelope(EventType::SponsorNamed, data);
    env.org = "Contoso Ltd".into();
    let err = validate(env, now()).unwrap_err();
    let fields: Vec<_> = err.problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["org", "data.sponsor"]);
}

#[test]
fn envelope_problems_are_all_reported_at_once() {
    let mut env = envelope(EventType::SponsorSteppedDown, json!({"sponsor": "cio"}));
    env.id = Some("has space".into());
    env.occurred_at = Some("yesterday".into());
    env.event_type = "sponsor.steped_down".into();
    let err = validate(env, now()).unwrap_err();
    let fields: Vec<_> = err.problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["id", "occurred_at", "type"]);
    assert!(err.problems[1].reason.contains("RFC 3339"));
}

#[test]
fn occurred_at_far_in_the_future_is_refused() {
    let mut env = envelope(EventType::SponsorSteppedDown, json!({"sponsor": "cio"}));
    env.occurred_at = Some("2027-01-01T00:00:00Z".into());
    let err = validate(env, now()).unwrap_err();
    assert_eq!(err.problems[0].field, "occurred_at");
}

#[test]
fn scheduler_findings_are_refused_from_clients() {
    let t = EventType::InitiativeStalled;
    let err = validate(envelope(t, example_data(t)), now()).unwrap_err();
    assert_eq!(err.problems[0].field, "type");
    assert!(govtrack_events::validate_trusted(envelope(t, example_data(t)), now()).is_ok());
}

#[test]
fn entities_decide_the_subject_parts() {
    let e = validate(
        envelope(
            EventType::DlpPolicySet,
            example_data(EventType::DlpPolicySet),
        ),
        now(),
    )
    .unwrap();
    assert_eq!(
        (e.entity().kind, e.entity().id.as_str()),
        ("dlp_policy", "default-env")
    );
    let t = EventType::HackathonHeld;
    let e = validate(envelope(t, example_data(t)), now()).unwrap();
    assert_eq!(
        (e.entity().kind, e.entity().id.as_str()),
        ("org", "contoso")
    );
}

#[test]
fn a_batch_with_one_bad_event_is_rejected_with_its_index() {
    let good =
        json!({"type": "sponsor.stepped_down", "org": "contoso", "data": {"sponsor": "cio"}});
    let bad =
        json!({"type": "dlp_policy.set", "org": "contoso", "data": {"policy": "p", "scope": "x"}});
    let body = serde_json::to_vec(&json!([good, good, bad])).unwrap();
    let (envelopes, indexed) = parse_batch(&body).unwrap();
    let err = validate_batch(envelopes, indexed, now()).unwrap_err();
    assert_eq!(err.problems.len(), 1);
    assert_eq!(err.problems[0].index, Some(2));
    assert_eq!(err.problems[0].field, "data.scope");
}

#[test]
fn an_unknown_envelope_field_is_named() {
    let body = br#"{"type": "sponsor.stepped_down", "org": "contoso", "orgg": 1, "data": {"sponsor": "cio"}}"#;
    let err = parse_batch(body).unwrap_err();
    let BatchError::Invalid(err) = err else {
        panic!("{err}")
    };
    assert_eq!(err.problems[0].field, "orgg");
}

#[test]
fn batches_over_the_limit_and_empty_batches_are_refused() {
    let one = json!({"type": "sponsor.stepped_down", "org": "c", "data": {"sponsor": "cio"}});
    let body = serde_json::to_vec(&vec![one; MAX_BATCH + 1]).unwrap();
    assert!(matches!(
        parse_batch(&body),
        Err(BatchError::TooMany {
            count: 1001,
            max: 1000
        })
    ));
    assert!(matches!(parse_batch(b"[]"), Err(BatchError::Invalid(_))));
    assert!(matches!(
        parse_batch(b"{not json"),
        Err(BatchError::Invalid(_))
    ));
}

#[test]
fn stored_events_round_trip_through_the_log_format() {
    let t = EventType::KeyResultDefined;
    let event = validate(envelope(t, example_data(t)), now()).unwrap();
    let stored = StoredEvent::from_event(&event, now());
    let back = StoredEvent::decode(&stored.to_bytes()).unwrap();
    assert_eq!(back, stored);
    assert_eq!(back.typed().unwrap(), event.data);
    let mut taken = back.clone();
    assert_eq!(taken.take_typed().unwrap(), event.data);
    assert!(taken.data.is_null(), "take_typed leaves null behind");
    assert!(StoredEvent::decode(b"garbage").is_err());
}
