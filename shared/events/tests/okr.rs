//! OKR events as the guidance writes them: the seven goals, stakeholder groups, key
//! results with a blank target filled in later, and the mistakes that would otherwise
//! count for nothing.

use chrono::{TimeZone, Utc};
use govtrack_events::data::{Goal, Stakeholder};
use govtrack_events::{
    Envelope, EventData, EventType, ValidationError, describe, example_data, goal_choices,
    stakeholder_choices, validate,
};
use serde_json::{Value, json};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap()
}

fn check(t: EventType, data: Value) -> Result<EventData, ValidationError> {
    validate(Envelope::new(t.name(), "contoso", data), now()).map(|e| e.data)
}

fn only_problem(t: EventType, data: Value) -> (String, String) {
    let err = check(t, data).unwrap_err();
    assert_eq!(err.problems.len(), 1, "{err}");
    let p = &err.problems[0];
    (p.field.clone(), p.reason.clone())
}

fn objective(extra: Value) -> Value {
    let mut data = json!({"objective": "buy-in", "title": "Drive organizational improvement",
        "period_start": "2026-01-01", "period_end": "2026-12-31"});
    for (k, v) in extra.as_object().unwrap() {
        data[k] = v.clone();
    }
    data
}

fn key_result(extra: Value) -> Value {
    let mut data = json!({"key_result": "it-trained", "objective": "buy-in",
        "title": "___% of IT staff trained", "unit": "%", "baseline": 10.0,
        "direction": "increase", "due": "2026-12-31"});
    for (k, v) in extra.as_object().unwrap() {
        data[k] = v.clone();
    }
    data
}

#[test]
fn objectives_take_one_of_the_seven_goals_and_stakeholder_groups() {
    let data = objective(json!({"goal": "realize_value", "stakeholders": ["legal_compliance"]}));
    let EventData::ObjectiveDefined(d) = check(EventType::ObjectiveDefined, data).unwrap() else {
        panic!("not an objective")
    };
    assert_eq!(d.goal, Some(Goal::RealizeValue));
    assert_eq!(d.stakeholders, [Stakeholder::LegalCompliance]);
    let custom = objective(json!({"goal": "custom"}));
    assert!(check(EventType::ObjectiveDefined, custom).is_ok());
    assert!(check(EventType::ObjectiveDefined, objective(json!({}))).is_ok());
}

#[test]
fn an_unknown_goal_is_named_with_the_valid_choices() {
    let data = objective(json!({"goal": "scale_adoption"}));
    let (field, reason) = only_problem(EventType::ObjectiveDefined, data);
    assert_eq!(field, "data.goal");
    assert_eq!(
        reason,
        "expected one of empower_innovation, nurture_maker_community, \
         enhance_operational_efficiency, establish_coe, get_leadership_buy_in, \
         improve_employee_experience, realize_value, custom, got \"scale_adoption\""
    );
}

#[test]
fn an_unknown_stakeholder_is_named_with_its_position() {
    let data = objective(json!({"stakeholders": ["hr", "finance"]}));
    let (field, reason) = only_problem(EventType::ObjectiveDefined, data);
    assert_eq!(field, "data.stakeholders[1]");
    assert!(
        reason.starts_with("expected one of hr, sales, "),
        "{reason}"
    );
}

#[test]
fn the_catalogue_serves_goals_and_stakeholders_with_their_titles() {
    assert_eq!(goal_choices().len(), 8);
    assert_eq!(stakeholder_choices().len(), 6);
    let entry = describe(EventType::ObjectiveDefined);
    let goals = entry["choices"]["goal"].as_array().unwrap();
    assert!(goals.contains(&json!({"id": "get_leadership_buy_in",
        "title": "Get leadership buy-in and organization alignment"})));
    let groups = entry["choices"]["stakeholders"].as_array().unwrap();
    assert!(groups.contains(&json!({"id": "legal_compliance", "title": "Legal and compliance"})));
    let schema = entry["schema"].to_string();
    assert!(schema.contains("nurture_maker_community"), "{schema}");
    assert!(describe(EventType::SponsorNamed).get("choices").is_none());
}

#[test]
fn a_key_result_may_keep_the_blank_target_and_get_it_later() {
    let EventData::KeyResultDefined(d) =
        check(EventType::KeyResultDefined, key_result(json!({}))).unwrap()
    else {
        panic!("not a key result")
    };
    assert_eq!(d.target, None);
    let set = json!({"key_result": "it-trained", "target": 60.0});
    let event = validate(
        Envelope::new("key_result.target_set", "contoso", set),
        now(),
    )
    .unwrap();
    assert_eq!(
        (event.entity().kind, event.entity().id.as_str()),
        ("key_result", "it-trained")
    );
    let t = EventType::KeyResultTargetSet;
    assert!(check(t, example_data(t)).is_ok());
}

#[test]
fn a_target_against_the_direction_is_refused_and_says_why() {
    let data = key_result(json!({"target": 5.0}));
    let (field, reason) = only_problem(EventType::KeyResultDefined, data);
    assert_eq!(field, "data.target");
    assert!(reason.contains("below the baseline 10"), "{reason}");
    let data = key_result(json!({"target": 20.0, "direction": "decrease"}));
    let (field, reason) = only_problem(EventType::KeyResultDefined, data);
    assert_eq!(field, "data.target");
    assert!(reason.contains("above the baseline 10"), "{reason}");
}

#[test]
fn a_target_equal_to_the_baseline_is_refused() {
    let data = key_result(json!({"target": 10.0}));
    let (field, reason) = only_problem(EventType::KeyResultDefined, data);
    assert_eq!(field, "data.target");
    assert!(reason.contains("equals the baseline"), "{reason}");
}

#[test]
fn a_date_sent_as_an_instant_says_what_a_date_looks_like() {
    let data = key_result(json!({"due": "2026-01-01T00:00:00Z"}));
    let (field, reason) = only_problem(EventType::KeyResultDefined, data);
    assert_eq!(field, "data.due");
    assert_eq!(
        reason,
        "expected a date such as 2026-03-01, got \"2026-01-01T00:00:00Z\""
    );
    let data = objective(json!({"period_end": "31/12/2026"}));
    let (field, _) = only_problem(EventType::ObjectiveDefined, data);
    assert_eq!(field, "data.period_end");
    let data = json!({"key_result": "it-trained", "target": 60.0, "due": "2027-01-01T00:00:00Z"});
    let (field, reason) = only_problem(EventType::KeyResultTargetSet, data);
    assert_eq!(field, "data.due");
    assert!(reason.starts_with("expected a date such as"), "{reason}");
}

#[test]
fn evidence_may_be_marked_custom_and_defaults_to_not_custom() {
    let data = json!({"capability": "security", "signal": "our_own_review", "custom": true});
    let EventData::EvidenceRecorded(d) = check(EventType::EvidenceRecorded, data).unwrap() else {
        panic!("not evidence")
    };
    assert!(d.custom);
    let t = EventType::EvidenceRecorded;
    let EventData::EvidenceRecorded(d) = check(t, example_data(t)).unwrap() else {
        panic!("not evidence")
    };
    assert!(!d.custom);
}
