//! What a person typed into the event's envelope, and ingest's problems back onto the
//! fields. A form names every required field left empty and every number field that
//! holds no number itself, in words for people, before anything is sent; other text
//! that does not fit its field is sent as text, so ingest refuses it in its own words.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use govtrack_events::Envelope;
use serde_json::{Map, Number, Value};

use crate::duration::{DURATION, ENDS_AT, NO_END, NOT_OFFERED, ends, offered};
use crate::field::{Field, Input};
use crate::form::Form;
use crate::values::Values;

/// The envelope field a form sets besides `data`: when it happened.
pub const OCCURRED_AT: &str = "occurred_at";

/// What validation says of a required field left out, in its words.
pub const MISSING: &str = "required field is missing";

/// The field for [`OCCURRED_AT`]: a day, today unless an earlier one is picked.
pub fn occurred_at_field() -> Field {
    Field {
        name: OCCURRED_AT.to_owned(),
        label: "When it happened".to_owned(),
        help: Some("today, unless you pick an earlier day".to_owned()),
        required: false,
        input: Input::Date,
    }
}

/// The form field a problem of ingest names (`data.attendees`, `data.key_results[1]`,
/// `occurred_at`); `None` for problems of the request as a whole.
pub fn field_of_problem(field: &str) -> Option<&str> {
    if field == OCCURRED_AT {
        return Some(OCCURRED_AT);
    }
    let inner = field.strip_prefix("data.")?;
    inner.split('[').next().filter(|name| !name.is_empty())
}

impl Form {
    /// The envelope of what was typed, for `org`, without an id, as of `now`: today
    /// (or no day) leaves `occurred_at` to ingest, which takes the time it receives
    /// the event; an earlier day is taken at noon UTC. A duration picked instead of an
    /// end ([`DURATION`]) ends that long after `now`.
    pub fn envelope(&self, org: &str, values: &Values, now: DateTime<Utc>) -> Envelope {
        let mut data = self.data(values);
        let typed_end = values.first(ENDS_AT).is_some_and(|v| !v.trim().is_empty());
        let picked = values.first(DURATION).and_then(|v| ends(v.trim(), now));
        if let (false, Some(end), Value::Object(map)) = (typed_end, picked, &mut data) {
            let end = end.to_rfc3339_opts(SecondsFormat::Secs, true);
            map.insert(ENDS_AT.to_owned(), Value::String(end));
        }
        let mut envelope = Envelope::new(self.event_type.name(), org, data);
        envelope.occurred_at = occurred_at(values, now.date_naive());
        envelope
    }

    /// The required fields left empty (a checkbox is never empty: unticked is no).
    /// Validation names only the first of them; a form names them all.
    pub fn missing(&self, values: &Values) -> Vec<&Field> {
        (self.fields.iter())
            .filter(|f| f.required && f.input != Input::Check && value_of(f, values).is_none())
            .collect()
    }

    /// What the form itself can tell is wrong before anything is sent, each with its
    /// field: every required field left empty ([`MISSING`]), every number field that
    /// holds no number, an end given neither as a duration nor as an instant, and a
    /// duration the form does not offer.
    pub fn problems(&self, values: &Values) -> Vec<(&Field, String)> {
        let missing = (self.missing(values).into_iter()).map(|f| (f, MISSING.to_owned()));
        let mut problems: Vec<(&Field, String)> = missing.chain(self.not_numbers(values)).collect();
        if let Some(duration) = self.field(DURATION) {
            let picked = values.first(DURATION).map(str::trim).unwrap_or_default();
            let end = values.first(ENDS_AT).map(str::trim).unwrap_or_default();
            if picked.is_empty() && end.is_empty() {
                problems.push((duration, NO_END.to_owned()));
            } else if !picked.is_empty() && !offered(picked) {
                problems.push((duration, NOT_OFFERED.to_owned()));
            }
        }
        problems
    }

    /// The number fields whose text is not a number (or, for a whole-number field, not
    /// a whole number), each with what to type instead.
    pub fn not_numbers(&self, values: &Values) -> Vec<(&Field, String)> {
        (self.fields.iter())
            .filter_map(|f| {
                let Input::Number { integer, .. } = f.input else {
                    return None;
                };
                let typed = values.first(&f.name).map(str::trim)?;
                let reason = not_a_number(typed, integer)?;
                Some((f, reason))
            })
            .collect()
    }

    /// The event's `data` from what was typed.
    pub fn data(&self, values: &Values) -> Value {
        let mut data = Map::new();
        for group in self.groups.iter().filter(|g| g.required) {
            insert(&mut data, &group.name, Value::Object(Map::new()));
        }
        for field in self.fields.iter().filter(|f| f.name != DURATION) {
            if let Some(value) = value_of(field, values) {
                insert(&mut data, &field.name, value);
            }
        }
        Value::Object(data)
    }
}

fn occurred_at(values: &Values, today: NaiveDate) -> Option<String> {
    let text = values.first(OCCURRED_AT)?.trim();
    match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        _ if text.is_empty() => None,
        Ok(day) if day == today => None,
        Ok(day) => Some(format!("{day}T12:00:00Z")),
        Err(_) => Some(text.to_owned()),
    }
}

/// The JSON value of one field, `None` when it was left empty.
fn value_of(field: &Field, values: &Values) -> Option<Value> {
    let first = values
        .first(&field.name)
        .map(str::trim)
        .filter(|v| !v.is_empty());
    match &field.input {
        Input::Text { .. } | Input::Date | Input::Choice(_) => first.map(text),
        Input::Number { integer, .. } => first.map(|v| number(v, *integer)),
        Input::DateTime => first.map(instant),
        Input::Choices(_) | Input::Lines => {
            let items: Vec<Value> = (values.all(&field.name))
                .flat_map(str::lines)
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(text)
                .collect();
            (!items.is_empty()).then_some(Value::Array(items))
        }
        Input::Check => match values.first(&field.name) {
            Some(v) if v != "false" => Some(Value::Bool(true)),
            _ => field.required.then_some(Value::Bool(false)),
        },
        Input::YesNo => first.map(|v| match v {
            "true" | "yes" => Value::Bool(true),
            "false" | "no" => Value::Bool(false),
            other => text(other),
        }),
    }
}

fn text(value: &str) -> Value {
    Value::String(value.to_owned())
}

/// Why `typed` is no answer to a number field, if it is not one; empty is for
/// [`Form::missing`].
fn not_a_number(typed: &str, integer: bool) -> Option<String> {
    if typed.is_empty() {
        return None;
    }
    match number(typed, integer) {
        Value::String(_) if integer => Some(format!(
            "\"{typed}\" is not a whole number: type it in digits, such as 12"
        )),
        Value::String(_) => Some(format!(
            "\"{typed}\" is not a number: type it in digits, such as 12 or 2.5"
        )),
        Value::Number(n) if integer && !(n.is_i64() || n.is_u64()) => Some(format!(
            "{typed} is not a whole number: type a whole number, such as 12"
        )),
        _ => None,
    }
}

/// A number when the text is one (a whole number for an integer field, so that a
/// fraction is refused by ingest as a fraction), else the text.
fn number(value: &str, integer: bool) -> Value {
    if integer {
        if let Ok(n) = value.parse::<i64>() {
            return Value::Number(n.into());
        }
        if let Ok(n) = value.parse::<u64>() {
            return Value::Number(n.into());
        }
    }
    match value.parse::<f64>().ok().and_then(Number::from_f64) {
        Some(n) => Value::Number(n),
        None => text(value),
    }
}

/// A date-time input's `2026-12-01T09:30` (no zone) as `2026-12-01T09:30:00Z`.
fn instant(value: &str) -> Value {
    let local = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(value, f).ok());
    match local {
        Some(at) => text(
            &at.and_utc()
                .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        ),
        None => text(value),
    }
}

/// Sets `value` at the dotted `path`, making the objects on the way.
fn insert(data: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            data.insert(path.to_owned(), value);
        }
        Some((head, rest)) => {
            let inner = data
                .entry(head.to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(inner) = inner {
                insert(inner, rest, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use govtrack_events::EventType;
    use serde_json::json;

    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
    }

    #[test]
    fn typed_text_becomes_typed_data_and_empty_fields_are_left_out() {
        let form = Form::of(EventType::InitiativeProgressed);
        let typed =
            Values::from_pairs([("initiative", "dlp"), ("note", " booked "), ("percent", "")]);
        assert_eq!(
            form.data(&typed),
            json!({"initiative": "dlp", "note": "booked"})
        );
        let typed = Values::from_pairs([("percent", "forty")]);
        assert_eq!(
            form.data(&typed),
            json!({"percent": "forty"}),
            "ingest names it"
        );
        let typed = Values::from_pairs([("percent", "2.5")]);
        assert_eq!(
            form.data(&typed),
            json!({"percent": 2.5}),
            "ingest names it"
        );
    }

    #[test]
    fn lists_checkboxes_and_nested_objects_take_their_shape() {
        let form = Form::of(EventType::InitiativeStarted);
        let typed = Values::from_pairs([("key_results", "a\r\n\r\n b \n")]);
        assert_eq!(form.data(&typed)["key_results"], json!(["a", "b"]));
        let form = Form::of(EventType::SponsorNamed);
        assert_eq!(form.data(&Values::default()), json!({"formal": false}));
        let typed = Values::from_pairs([("formal", "true")]);
        assert_eq!(form.data(&typed), json!({"formal": true}));
        let form = Form::of(EventType::SilenceCreated);
        assert_eq!(form.data(&Values::default()), json!({"matchers": {}}));
        let typed =
            Values::from_pairs([("matchers.kind", "k"), ("expires_at", "2026-12-01T09:30")]);
        assert_eq!(
            form.data(&typed),
            json!({"matchers": {"kind": "k"}, "expires_at": "2026-12-01T09:30:00Z"})
        );
        let form = Form::of(EventType::KeyResultDefined);
        assert_eq!(
            form.data(&Values::default()),
            json!({}),
            "measure is optional"
        );
    }

    #[test]
    fn today_leaves_the_time_to_ingest_and_an_earlier_day_is_taken_at_noon() {
        let form = Form::of(EventType::WelcomeEmailEnabled);
        let at = |day: &str| {
            let typed = Values::from_pairs([(OCCURRED_AT, day)]);
            let now = today().and_hms_opt(15, 0, 0).unwrap().and_utc();
            form.envelope("contoso", &typed, now).occurred_at
        };
        assert_eq!(at("2026-03-01"), None);
        assert_eq!(at(""), None);
        assert_eq!(at("2026-02-20").as_deref(), Some("2026-02-20T12:00:00Z"));
        assert_eq!(
            at("last week").as_deref(),
            Some("last week"),
            "ingest names it"
        );
    }

    #[test]
    fn every_required_field_left_empty_is_named() {
        let form = Form::of(EventType::TrainingHeld);
        let names = |typed: &Values| -> Vec<String> {
            form.missing(typed).iter().map(|f| f.name.clone()).collect()
        };
        assert_eq!(names(&Values::default()), ["kind", "attendees"]);
        assert_eq!(
            names(&Values::from_pairs([("kind", " "), ("attendees", "3")])),
            ["kind"]
        );
        let sponsor = Form::of(EventType::SponsorNamed);
        let typed = Values::from_pairs([("sponsor", "cio"), ("name", "Ada")]);
        assert!(
            sponsor.missing(&typed).is_empty(),
            "an unticked box is an answer"
        );
    }

    #[test]
    fn a_silence_ends_a_picked_duration_after_the_form_is_sent_or_when_typed() {
        let form = Form::of(EventType::SilenceCreated);
        let names: Vec<&str> = form.fields.iter().map(|f| f.name.as_str()).collect();
        let at = names.iter().position(|n| *n == DURATION).unwrap();
        assert_eq!(names[at + 1], ENDS_AT, "{names:?}");
        assert!(!form.field(ENDS_AT).unwrap().required);
        let now = "2026-03-01T12:30:00Z".parse().unwrap();
        let base = [("silence", "s1"), ("owner", "ana"), ("reason", "on leave")];
        let with = |extra: &[(&'static str, &'static str)]| {
            let typed = Values::from_pairs(base.iter().chain(extra).copied());
            let data = form.envelope("contoso", &typed, now).data;
            let problems: Vec<String> = (form.problems(&typed).into_iter())
                .map(|(f, why)| format!("{}: {why}", f.name))
                .collect();
            (data[ENDS_AT].clone(), data.get(DURATION).cloned(), problems)
        };
        let (ends, duration, problems) = with(&[(DURATION, "7d")]);
        assert_eq!(ends, json!("2026-03-08T12:30:00Z"));
        assert_eq!(duration, None, "a duration is not part of the data");
        assert!(problems.is_empty(), "{problems:?}");
        let (ends, _, _) = with(&[(DURATION, "7d"), (ENDS_AT, "2026-03-04T09:00")]);
        assert_eq!(ends, json!("2026-03-04T09:00:00Z"), "a typed end wins");
        let (ends, _, problems) = with(&[]);
        assert_eq!(ends, Value::Null);
        assert_eq!(problems, [format!("{DURATION}: {NO_END}")]);
        let (ends, _, problems) = with(&[(DURATION, "5y")]);
        assert_eq!(ends, Value::Null);
        assert_eq!(problems, [format!("{DURATION}: {NOT_OFFERED}")]);
    }

    #[test]
    fn a_number_field_holding_letters_or_a_fraction_is_named_with_what_to_type() {
        let form = Form::of(EventType::TrainingHeld);
        let reasons = |attendees: &str| -> Vec<String> {
            let typed = Values::from_pairs([("kind", "onboarding"), ("attendees", attendees)]);
            (form.not_numbers(&typed).into_iter())
                .map(|(f, why)| format!("{}: {why}", f.name))
                .collect()
        };
        assert_eq!(
            reasons("twelve"),
            ["attendees: \"twelve\" is not a whole number: type it in digits, such as 12"]
        );
        assert_eq!(
            reasons("2.5"),
            ["attendees: 2.5 is not a whole number: type a whole number, such as 12"]
        );
        assert!(reasons(" 12 ").is_empty());
        assert!(
            reasons("").is_empty(),
            "an empty field is missing, not a bad number"
        );
    }

    #[test]
    fn a_problem_of_ingest_names_its_field() {
        assert_eq!(field_of_problem("data.attendees"), Some("attendees"));
        assert_eq!(field_of_problem("data.key_results[1]"), Some("key_results"));
        assert_eq!(
            field_of_problem("data.matchers.kind"),
            Some("matchers.kind")
        );
        assert_eq!(field_of_problem("occurred_at"), Some("occurred_at"));
        assert_eq!(field_of_problem("id"), None);
        assert_eq!(field_of_problem("data"), None);
    }
}
