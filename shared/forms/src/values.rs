//! What a form holds: name/value pairs as a browser sends them (a name may repeat, one
//! pair per ticked checkbox), and the pairs that show a given `data` in a form.

use serde_json::Value;

use crate::field::Input;
use crate::form::Form;

/// A form's name/value pairs, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Values(Vec<(String, String)>);

impl Values {
    /// Pairs as given (a decoded query string or form body).
    pub fn from_pairs<N: Into<String>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (N, V)>,
    ) -> Values {
        Values(
            pairs
                .into_iter()
                .map(|(n, v)| (n.into(), v.into()))
                .collect(),
        )
    }

    /// The first value of `name`.
    pub fn first(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `name`, in order.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        (self.0.iter())
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Replaces the values of `name`.
    pub fn set(&mut self, name: &str, values: impl IntoIterator<Item = String>) {
        self.0.retain(|(n, _)| n != name);
        self.0
            .extend(values.into_iter().map(|v| (name.to_owned(), v)));
    }

    /// Every pair.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// The pairs that show `data` (dotted names for nested objects, one pair per item
    /// of a list): what a link that prefills a form puts in its query.
    pub fn of_data(data: &Value) -> Values {
        let mut pairs = Vec::new();
        flatten("", data, &mut pairs);
        Values(pairs)
    }
}

fn flatten(name: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(fields) => {
            for (field, inner) in fields {
                let path = if name.is_empty() {
                    field.clone()
                } else {
                    format!("{name}.{field}")
                };
                flatten(&path, inner, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| flatten(name, item, out)),
        Value::Null => {}
        Value::String(text) => out.push((name.to_owned(), text.clone())),
        other => out.push((name.to_owned(), other.to_string())),
    }
}

impl Form {
    /// `values` as this form shows them: the several values of a one-per-line list
    /// joined into its one text, an instant as the day and time a date-time input
    /// takes; names the form does not have are dropped.
    pub fn shown(&self, values: &Values) -> Values {
        let mut shown = Values::default();
        for field in &self.fields {
            let given: Vec<String> = values.all(&field.name).map(str::to_owned).collect();
            let given = match field.input {
                Input::Lines if given.len() > 1 => vec![given.join("\n")],
                Input::DateTime => given.iter().map(|v| local_time(v)).collect(),
                _ => given,
            };
            shown.set(&field.name, given);
        }
        shown
    }

    /// The values a person would type to record `data`.
    pub fn values_of(&self, data: &Value) -> Values {
        self.shown(&Values::of_data(data))
    }
}

/// `2026-12-01T00:00:00Z` → `2026-12-01T00:00`, what `<input type="datetime-local">`
/// shows (seconds kept when there are any); other text as it is.
fn local_time(text: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(text) {
        Ok(at) => {
            let utc = at.with_timezone(&chrono::Utc);
            let format = if utc.timestamp() % 60 == 0 {
                "%Y-%m-%dT%H:%M"
            } else {
                "%Y-%m-%dT%H:%M:%S"
            };
            utc.format(format).to_string()
        }
        Err(_) => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use govtrack_events::EventType;
    use serde_json::json;

    use super::*;

    #[test]
    fn nested_objects_become_dotted_names_and_lists_repeat_their_name() {
        let values = Values::of_data(&json!({
            "matchers": {"kind": "initiative_stalled", "org": null},
            "stakeholders": ["hr", "it_leadership"], "formal": true, "value": 2.5}));
        let pairs: Vec<(&str, &str)> = values.pairs().collect();
        assert_eq!(
            pairs,
            [
                ("formal", "true"),
                ("matchers.kind", "initiative_stalled"),
                ("stakeholders", "hr"),
                ("stakeholders", "it_leadership"),
                ("value", "2.5"),
            ]
        );
    }

    #[test]
    fn a_form_shows_a_list_of_ids_one_per_line_and_an_instant_as_a_local_time() {
        let started = Form::of(EventType::InitiativeStarted);
        let shown = started.values_of(&json!({"key_results": ["a", "b"], "unknown": 1}));
        assert_eq!(shown.first("key_results"), Some("a\nb"));
        assert_eq!(shown.first("unknown"), None);
        let silence = Form::of(EventType::SilenceCreated);
        let shown = silence.values_of(&json!({"expires_at": "2026-12-01T00:00:00Z"}));
        assert_eq!(shown.first("expires_at"), Some("2026-12-01T00:00"));
    }
}
