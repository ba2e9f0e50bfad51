//! Every type of the catalogue against its form: the form's fields are the schema's,
//! each with the input its type calls for, and a form filled in with the catalogue's
//! example records exactly that example, which validation accepts.

use chrono::{NaiveDate, TimeZone, Utc};
use govtrack_events::{EventType, example_data, validate, validate_trusted};
use govtrack_forms::{DURATION, Form, Input, MISSING, OCCURRED_AT, Values};
use serde_json::{Map, Value};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// A schema property with its `$ref` followed and an optional wrapper taken off.
fn resolve<'a>(property: &'a Value, defs: &'a Value) -> &'a Value {
    if let Some(r) = property.get("$ref").and_then(Value::as_str) {
        return resolve(&defs[r.trim_start_matches("#/$defs/")], defs);
    }
    if let Some(any) = property.get("anyOf").and_then(Value::as_array) {
        let inner = any
            .iter()
            .find(|v| v.get("type") != Some(&Value::from("null")));
        return resolve(inner.unwrap(), defs);
    }
    property
}

/// `(dotted name, required, resolved schema)` of every leaf property.
fn leaves<'a>(
    object: &'a Value,
    defs: &'a Value,
    prefix: &str,
    required: bool,
) -> Vec<(String, bool, &'a Value)> {
    let names: Vec<&str> = (object["required"].as_array().into_iter().flatten())
        .filter_map(Value::as_str)
        .collect();
    let mut out = Vec::new();
    for (name, property) in object["properties"].as_object().unwrap() {
        let shape = resolve(property, defs);
        let nullable = property.get("anyOf").is_some()
            || (property["type"].as_array()).is_some_and(|t| t.contains(&Value::from("null")));
        let here = required && names.contains(&name.as_str()) && !nullable;
        let path = format!("{prefix}{name}");
        if shape.get("properties").is_some() {
            out.extend(leaves(shape, defs, &format!("{path}."), here));
        } else {
            out.push((path, here, shape));
        }
    }
    out
}

fn consts(shape: &Value) -> Option<Vec<String>> {
    let one_of = shape.get("oneOf")?.as_array()?;
    Some(
        one_of
            .iter()
            .map(|o| o["const"].as_str().unwrap().to_owned())
            .collect(),
    )
}

#[test]
fn every_type_of_the_catalogue_has_a_form_whose_fields_are_its_schema() {
    for &event_type in EventType::ALL {
        let form = Form::generate(event_type).unwrap_or_else(|e| panic!("{e}"));
        let schema = event_type.data_schema();
        let expected = leaves(&schema, &schema["$defs"], "", true);
        // A form adds a duration before an end instant, which it then does not require.
        let ends_by_duration = form.field(DURATION).is_some();
        let mut names: Vec<&str> = (form.fields.iter())
            .map(|f| f.name.as_str())
            .filter(|n| *n != DURATION)
            .collect();
        let mut wanted: Vec<&str> = expected.iter().map(|(n, _, _)| n.as_str()).collect();
        names.sort();
        wanted.sort();
        assert_eq!(names, wanted, "{event_type}");
        assert_eq!(
            ends_by_duration,
            event_type == EventType::SilenceCreated,
            "{event_type}: only a silence ends"
        );
        for (name, required, shape) in &expected {
            let field = form.field(name).unwrap();
            let at = format!("{event_type} {name}");
            let required = *required && !(ends_by_duration && name == "expires_at");
            assert_eq!(field.required, required, "{at}: required");
            assert!(
                !field.label.is_empty() && !field.label.contains('`'),
                "{at}: {field:?}"
            );
            let of_type = |t: &str| {
                shape["type"] == t
                    || shape["type"]
                        .as_array()
                        .is_some_and(|a| a.contains(&t.into()))
            };
            match &field.input {
                Input::Choice(choices) => {
                    let values: Vec<String> = choices.iter().map(|c| c.value.clone()).collect();
                    assert_eq!(Some(values), consts(shape), "{at}");
                    assert!(choices.iter().all(|c| !c.label.is_empty()), "{at}");
                }
                Input::Choices(choices) => {
                    let items = resolve(&shape["items"], &schema["$defs"]);
                    let values: Vec<String> = choices.iter().map(|c| c.value.clone()).collect();
                    assert_eq!(Some(values), consts(items), "{at}");
                }
                Input::Lines => assert!(of_type("array"), "{at}"),
                Input::Date => assert_eq!(shape["format"], "date", "{at}"),
                Input::DateTime => assert_eq!(shape["format"], "date-time", "{at}"),
                Input::Number { integer: true, .. } => assert!(of_type("integer"), "{at}"),
                Input::Number { integer: false, .. } => assert!(of_type("number"), "{at}"),
                Input::Check | Input::YesNo => assert!(of_type("boolean"), "{at}"),
                Input::Text { pattern, .. } => {
                    assert!(of_type("string") && shape.get("format").is_none(), "{at}");
                    assert_eq!(pattern.as_deref(), shape["pattern"].as_str(), "{at}");
                }
            }
        }
        for group in &form.groups {
            let prefix = format!("{}.", group.name);
            assert!(
                form.fields.iter().any(|f| f.name.starts_with(&prefix)),
                "{event_type}: the group {} holds fields",
                group.name
            );
            let required = schema["required"].as_array().unwrap();
            assert_eq!(
                group.required,
                required.contains(&group.name.as_str().into()),
                "{event_type}"
            );
            assert!(!group.label.is_empty(), "{event_type}");
        }
        // Required fields come first (a required object's optional fields stay in it).
        let top: Vec<bool> = (form.fields.iter())
            .filter(|f| !f.name.contains('.'))
            .map(|f| f.required)
            .collect();
        let first_optional = top.iter().position(|r| !r).unwrap_or(top.len());
        assert!(
            !top[first_optional..].contains(&true),
            "{event_type}: {top:?}"
        );
    }
}

#[test]
fn a_form_filled_with_the_catalogue_example_records_that_example_and_validates() {
    let now = Utc.from_utc_datetime(&today().and_hms_opt(15, 0, 0).unwrap());
    for &event_type in EventType::ALL {
        let form = Form::of(event_type);
        let example = example_data(event_type);
        let mut typed = form.values_of(&example);
        typed.set(OCCURRED_AT, [today().to_string()]);
        let envelope = form.envelope("contoso", &typed, now);
        assert_eq!(envelope.data, example, "{event_type}: {typed:?}");
        assert_eq!(envelope.occurred_at, None, "{event_type}: today is now");
        let checked = if event_type.is_reserved() {
            validate_trusted(envelope, now)
        } else {
            validate(envelope, now)
        };
        checked.unwrap_or_else(|e| panic!("{event_type}: {e}"));
    }
}

#[test]
fn an_empty_form_names_every_required_field_as_missing_and_nothing_else() {
    let now = Utc.from_utc_datetime(&today().and_hms_opt(15, 0, 0).unwrap());
    for &event_type in EventType::ALL.iter().filter(|t| !t.is_reserved()) {
        let form = Form::of(event_type);
        let envelope = form.envelope("contoso", &Values::default(), now);
        let problems = match validate(envelope, now) {
            Ok(_) => Vec::new(),
            Err(e) => e.problems,
        };
        let missing: Vec<String> = problems.iter().map(|p| p.field.clone()).collect();
        let required: Vec<String> = (form.fields.iter())
            .filter(|f| f.required && f.input != Input::Check)
            .map(|f| format!("data.{}", f.name))
            .collect();
        // serde stops at the first missing field; it is a required one, named in the
        // words a form uses for each of them.
        match required.first() {
            Some(_) => {
                assert!(
                    missing.len() == 1 && required.contains(&missing[0]),
                    "{event_type}: {missing:?} of {required:?}"
                );
                assert_eq!(problems[0].reason, MISSING, "{event_type}");
                let named = form.missing(&Values::default()).len();
                assert_eq!(named, required.len(), "{event_type}");
            }
            None => assert_eq!(missing, Vec::<String>::new(), "{event_type}"),
        }
    }
}

#[test]
fn no_type_has_a_field_named_like_the_fields_a_form_adds() {
    for &event_type in EventType::ALL {
        let schema = event_type.data_schema();
        let properties: &Map<String, Value> = schema["properties"].as_object().unwrap();
        for own in ["id", "csrf", "back", OCCURRED_AT] {
            assert!(
                !properties.contains_key(own),
                "{event_type} has a field {own}"
            );
        }
    }
}
