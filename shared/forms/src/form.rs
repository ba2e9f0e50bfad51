//! The form of one event type: its fields, generated once from the type's schema.

use std::sync::OnceLock;

use govtrack_events::EventType;

use crate::duration::{ENDS_AT, duration_field};
use crate::field::{Field, Group, Input};
use crate::generate::fields_of;

/// The form that records one event type.
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub event_type: EventType,
    /// The data fields, the required ones first (in the schema's order), then the
    /// optional ones.
    pub fields: Vec<Field>,
    /// The nested objects the fields sit in (`matchers`, `measure`).
    pub groups: Vec<Group>,
}

/// A schema this crate cannot turn into a form (a shape the catalogue does not use).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{event_type}: field {field:?}: {reason}")]
pub struct SchemaError {
    pub event_type: EventType,
    pub field: String,
    pub reason: String,
}

impl Form {
    /// The form of `event_type`, generated at its first use.
    pub fn of(event_type: EventType) -> &'static Form {
        static FORMS: OnceLock<Vec<Form>> = OnceLock::new();
        let forms = FORMS.get_or_init(|| {
            (EventType::ALL.iter())
                .map(|t| Form::generate(*t).expect("every catalogue type has a form (tested)"))
                .collect()
        });
        let at = EventType::ALL.iter().position(|t| *t == event_type);
        &forms[at.expect("every type is in EventType::ALL")]
    }

    /// Generates the form of `event_type` from its JSON Schema.
    pub fn generate(event_type: EventType) -> Result<Form, SchemaError> {
        let generated =
            fields_of(&event_type.data_schema()).map_err(|(field, reason)| SchemaError {
                event_type,
                field,
                reason,
            })?;
        Ok(Form {
            event_type,
            fields: with_duration(generated.fields),
            groups: generated.groups,
        })
    }

    /// The field named `name`.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The nested object `field` sits in, if any.
    pub fn group_of(&self, field: &Field) -> Option<&Group> {
        (self.groups.iter()).find(|g| {
            field
                .name
                .strip_prefix(&g.name)
                .is_some_and(|r| r.starts_with('.'))
        })
    }

    /// The type in words for a heading: `training.held` → "Training held",
    /// `dlp_policy.set` → "DLP policy set".
    pub fn title(&self) -> String {
        let words: Vec<String> = (self.event_type.name().split(['.', '_']))
            .map(|word| match word {
                "coe" => "CoE".to_owned(),
                "dlp" | "kpi" | "dr" => word.to_uppercase(),
                other => other.to_owned(),
            })
            .collect();
        let words = words.join(" ");
        let mut chars = words.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => words,
        }
    }
}

/// The fields with a [`duration_field`] before an end instant (`expires_at`), which it
/// then no longer requires: one of the two is enough.
fn with_duration(mut fields: Vec<Field>) -> Vec<Field> {
    let at = fields
        .iter()
        .position(|f| f.name == ENDS_AT && f.input == Input::DateTime);
    if let Some(at) = at {
        let ends = &mut fields[at];
        ends.required = false;
        ends.label = "Or until".to_owned();
        ends.help = Some("a day and time in UTC, instead of a duration".to_owned());
        fields.insert(at, duration_field());
    }
    fields
}
