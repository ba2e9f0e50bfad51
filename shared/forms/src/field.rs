//! One field of a form: what a person reads (label, help), whether it is required, and
//! the input that fits the value.

/// One field of a record form.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The data field it fills, dotted inside a nested object (`matchers.kind`); also
    /// the input's `name`.
    pub name: String,
    /// What the field is, from the schema's description ("How many attended").
    pub label: String,
    /// The rest of the description, when there is more ("for new makers", "0–100").
    pub help: Option<String>,
    /// The record is refused without it.
    pub required: bool,
    /// The input that fits the value.
    pub input: Input,
}

/// The input of a field, chosen from the schema's type.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// A line of text (`multiline`: a paragraph, for notes and reasons); `pattern` is
    /// the schema's regular expression for ids.
    Text {
        multiline: bool,
        pattern: Option<String>,
    },
    /// A number; `integer` when fractions are refused.
    Number {
        integer: bool,
        min: Option<f64>,
        max: Option<f64>,
    },
    /// A calendar day, `YYYY-MM-DD`.
    Date,
    /// An instant, typed as a day and a time in UTC.
    DateTime,
    /// One of a closed list of words.
    Choice(Vec<Choice>),
    /// Any number of a closed list of words (checkboxes).
    Choices(Vec<Choice>),
    /// A list of free values, one per line.
    Lines,
    /// Yes when checked, no when not.
    Check,
    /// Yes, no, or not given.
    YesNo,
}

/// A nested object of the data, whose fields sit together under its label (a
/// fieldset): `matchers` of `silence.created`, "What it mutes".
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The object's field (its fields' names start with it and a dot).
    pub name: String,
    pub label: String,
    pub help: Option<String>,
    /// Sent even when none of its fields is filled in.
    pub required: bool,
}

/// One word of a closed list: the value sent, and how a person reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

impl Field {
    /// The element id of the field's input on a page: its name with dots as dashes.
    pub fn dom_id(&self) -> String {
        format!("f-{}", self.name.replace('.', "-"))
    }
}
