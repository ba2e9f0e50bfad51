//! The page of a record form: the fields `govtrack-forms` generates, as labelled HTML
//! inputs with their help and, after a refused record, each error next to its input
//! (and tied to it with `aria-describedby`), plus a summary of the errors at the top.
//! The one-time `id`, the `csrf` and the way `back` are hidden fields of the POST body,
//! never in an address. Plain HTML: it works without script; the browser's own checks
//! are off (`novalidate`) so that every refusal is ingest's, in ingest's words.

use chrono::NaiveDate;
use govtrack_forms::{Field, Form, Group, Input, Values, occurred_at_field};
use maud::{Markup, html};

use super::layout::{self, SignedIn};

/// One refusal of a record: the field it names (`None`: the record as a whole) and
/// ingest's reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: Option<String>,
    pub reason: String,
}

/// Everything the form page shows.
#[derive(Debug, Clone, Copy)]
pub struct FormPage<'a> {
    pub org: &'a str,
    pub form: &'a Form,
    /// What the fields show: the prefill, or what was typed.
    pub values: &'a Values,
    pub errors: &'a [FieldError],
    /// The one-time event id of this form.
    pub id: &'a str,
    pub csrf: &'a str,
    /// The organisation's page to return to.
    pub back: &'a str,
    /// The latest day "When it happened" offers.
    pub today: NaiveDate,
    /// Who is signed in, if anyone: named in the page's header.
    pub who: Option<&'a SignedIn>,
}

/// The whole page.
pub fn page(p: &FormPage<'_>) -> Markup {
    let title = p.form.title();
    let action = format!("/orgs/{}/record/{}", p.org, p.form.event_type.name());
    let main = html! {
        div .title {
            h1 { "Record: " (title) }
            p .muted { "For " strong { (p.org) } ". " a href=(p.back) { "Back without recording" } }
        }
        @if !p.errors.is_empty() { (summary(p)) }
        form .record method="post" action=(action) novalidate {
            input type="hidden" name="id" value=(p.id);
            input type="hidden" name="csrf" value=(p.csrf);
            input type="hidden" name="back" value=(p.back);
            @for block in blocks(p.form) {
                @match block {
                    Block::Field(f) => (field(f, p)),
                    Block::Group(g, fields) => fieldset .group {
                        legend { (g.label) }
                        @if let Some(help) = &g.help { p .help { (help) } }
                        @for f in fields { (field(f, p)) }
                    },
                }
            }
            (field(&occurred_at_field(), p))
            div .actions {
                button type="submit" { "Record" }
                a href=(p.back) { "Cancel" }
            }
        }
    };
    layout::page(&format!("Record: {title}"), p.who, html! {}, main)
}

/// Fields in order, those of a nested object together.
enum Block<'a> {
    Field(&'a Field),
    Group(&'a Group, Vec<&'a Field>),
}

fn blocks(form: &Form) -> Vec<Block<'_>> {
    let mut blocks: Vec<Block<'_>> = Vec::new();
    for f in &form.fields {
        match (form.group_of(f), blocks.last_mut()) {
            (Some(g), Some(Block::Group(open, fields))) if open.name == g.name => fields.push(f),
            (Some(g), _) => blocks.push(Block::Group(g, vec![f])),
            (None, _) => blocks.push(Block::Field(f)),
        }
    }
    blocks
}

/// The errors at the top, each linked to its field.
fn summary(p: &FormPage<'_>) -> Markup {
    html! {
        div .errors #errors role="alert" {
            h2 { "Nothing was recorded" }
            p { "Correct what is marked below, then record again." }
            ul {
                @for e in p.errors {
                    @match e.field.as_deref().and_then(|name| find(p.form, name)) {
                        Some(f) => li { a href={ "#" (f.dom_id()) } { (f.label) } ": " (e.reason) },
                        None => li { (e.reason) },
                    }
                }
            }
        }
    }
}

fn find(form: &Form, name: &str) -> Option<Field> {
    match form.field(name) {
        Some(f) => Some(f.clone()),
        None => (name == govtrack_forms::OCCURRED_AT).then(occurred_at_field),
    }
}

/// The error of field `name`, if any.
fn error_of<'a>(p: &FormPage<'a>, name: &str) -> Option<&'a str> {
    (p.errors.iter())
        .find(|e| e.field.as_deref() == Some(name))
        .map(|e| e.reason.as_str())
}

fn field(f: &Field, p: &FormPage<'_>) -> Markup {
    let id = f.dom_id();
    let error = error_of(p, &f.name);
    let help = help_of(f);
    let help_id = help.as_ref().map(|_| format!("{id}-help"));
    let error_id = error.map(|_| format!("{id}-error"));
    let described: Vec<&str> = [&help_id, &error_id]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    let aria = Aria {
        described: (!described.is_empty()).then(|| described.join(" ")),
        invalid: error.map(|_| "true"),
    };
    let notes = html! {
        @if let (Some(text), Some(hid)) = (&help, &help_id) { p .help id=(hid) { (text) } }
        @if let (Some(reason), Some(eid)) = (error, &error_id) { p .error id=(eid) { "Error: " (reason) } }
    };
    let class = if error.is_some() {
        "field invalid"
    } else {
        "field"
    };
    match &f.input {
        Input::Check => html! {
            div class={ (class) " check" } {
                input type="checkbox" id=(id) name=(f.name) value="true"
                    checked[p.values.first(&f.name).is_some_and(|v| v != "false")]
                    aria-describedby=[aria.described.as_deref()] aria-invalid=[aria.invalid];
                label for=(id) { (f.label) }
                (notes)
            }
        },
        Input::Choices(choices) => html! {
            fieldset class={ (class) " choices" } aria-describedby=[aria.described.as_deref()] {
                legend { (f.label) (required(f)) }
                (notes)
                @for (i, c) in choices.iter().enumerate() {
                    @let option = format!("{id}-{i}");
                    div .option {
                        input type="checkbox" id=(option) name=(f.name) value=(c.value)
                            checked[p.values.all(&f.name).any(|v| v == c.value)];
                        label for=(option) { (c.label) }
                    }
                }
            }
        },
        _ => html! {
            div class=(class) {
                label for=(id) { (f.label) (required(f)) }
                (notes)
                (control(f, &id, p, &aria))
            }
        },
    }
}

/// The accessible description and validity of an input.
struct Aria {
    described: Option<String>,
    invalid: Option<&'static str>,
}

fn required(f: &Field) -> Markup {
    html! { @if f.required { " " span .req { "(required)" } } }
}

/// The field's help, with what the input takes when the schema does not say.
fn help_of(f: &Field) -> Option<String> {
    let extra = match f.input {
        Input::Lines => Some("One per line.".to_owned()),
        Input::DateTime => Some("Day and time in UTC.".to_owned()),
        Input::Number { min, max, .. } => bounds(min, max),
        _ => None,
    };
    match (&f.help, extra) {
        (Some(help), Some(extra)) => Some(format!("{help}. {extra}")),
        (Some(help), None) => Some(help.clone()),
        (None, extra) => extra,
    }
}

/// A number field's bounds in words, from its schema's `minimum` and `maximum`.
fn bounds(min: Option<f64>, max: Option<f64>) -> Option<String> {
    match (min, max) {
        (Some(min), Some(max)) => Some(format!("From {min} to {max}.")),
        (Some(min), None) => Some(format!("{min} or more.")),
        (None, Some(max)) => Some(format!("At most {max}.")),
        (None, None) => None,
    }
}

fn control(f: &Field, id: &str, p: &FormPage<'_>, aria: &Aria) -> Markup {
    let value = p.values.first(&f.name).unwrap_or_default();
    let described = aria.described.as_deref();
    let invalid = aria.invalid;
    let today = p.today.to_string();
    let max_day = (f.name == govtrack_forms::OCCURRED_AT).then_some(today.as_str());
    match &f.input {
        Input::Text {
            multiline: true, ..
        }
        | Input::Lines => html! {
            textarea id=(id) name=(f.name) rows="3" required[f.required]
                aria-describedby=[described] aria-invalid=[invalid] { (value) }
        },
        Input::Text { pattern, .. } => html! {
            input type="text" id=(id) name=(f.name) value=(value) required[f.required]
                pattern=[pattern.as_deref()] autocapitalize=[pattern.as_ref().map(|_| "none")]
                spellcheck=[pattern.as_ref().map(|_| "false")]
                aria-describedby=[described] aria-invalid=[invalid];
        },
        // A text input with a numeric keyboard, not `type="number"`: a browser sends an
        // empty value for letters in a number input, which the form would call
        // missing; as text, what was typed comes back named.
        Input::Number { integer, .. } => html! {
            input type="text" id=(id) name=(f.name) value=(value) required[f.required]
                inputmode=(if *integer { "numeric" } else { "decimal" })
                autocomplete="off" spellcheck="false"
                aria-describedby=[described] aria-invalid=[invalid];
        },
        Input::Date => html! {
            input type="date" id=(id) name=(f.name) value=(value) required[f.required] max=[max_day]
                aria-describedby=[described] aria-invalid=[invalid];
        },
        Input::DateTime => html! {
            input type="datetime-local" id=(id) name=(f.name) value=(value) required[f.required]
                aria-describedby=[described] aria-invalid=[invalid];
        },
        Input::Choice(choices) => html! {
            select id=(id) name=(f.name) required[f.required] aria-describedby=[described] aria-invalid=[invalid] {
                option value="" { (if f.required { "Choose one" } else { "Not given" }) }
                @for c in choices { option value=(c.value) selected[value == c.value] { (c.label) } }
            }
        },
        Input::YesNo => html! {
            select id=(id) name=(f.name) aria-describedby=[described] aria-invalid=[invalid] {
                option value="" { "Not given" }
                option value="true" selected[value == "true"] { "Yes" }
                option value="false" selected[value == "false"] { "No" }
            }
        },
        Input::Check | Input::Choices(_) => html! {},
    }
}

#[cfg(test)]
mod tests {
    use govtrack_events::EventType;

    use super::*;

    fn render(t: EventType, values: &Values, errors: &[FieldError]) -> String {
        page(&FormPage {
            org: "contoso",
            form: Form::of(t),
            values,
            errors,
            id: "01JFORMID",
            csrf: "123.abc",
            back: "/orgs/contoso",
            today: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            who: None,
        })
        .into_string()
    }

    #[test]
    fn every_input_has_a_label_and_required_ones_say_so() {
        let html = render(
            EventType::TrainingHeld,
            &Values::from_pairs([("kind", "onboarding")]),
            &[],
        );
        assert!(
            html.contains(
                r#"<label for="f-kind">Kind <span class="req">(required)</span></label>"#
            ),
            "{html}"
        );
        assert!(
            html.contains(
                r#"<input type="text" id="f-kind" name="kind" value="onboarding" required"#
            ),
            "{html}"
        );
        assert!(
            html.contains(
                r#"type="text" id="f-attendees" name="attendees" value="" required inputmode="numeric""#
            ),
            "{html}"
        );
        assert!(html.contains(r#"<input type="date" id="f-occurred_at" name="occurred_at" value="" max="2026-03-01""#), "{html}");
        assert!(html.contains(r#"<input type="hidden" name="id" value="01JFORMID">"#));
        assert!(html.contains(r#"<input type="hidden" name="csrf" value="123.abc">"#));
        assert!(
            html.contains(
                r#"method="post" action="/orgs/contoso/record/training.held" novalidate"#
            )
        );
        assert!(!html.contains("<script"));
    }

    #[test]
    fn closed_lists_are_selects_and_checkboxes_and_groups_are_fieldsets() {
        let html = render(
            EventType::ObjectiveDefined,
            &Values::from_pairs([("stakeholders", "hr")]),
            &[],
        );
        assert!(html.contains(r#"<option value="custom">"#), "{html}");
        assert!(html.contains(r#"<input type="checkbox" id="f-stakeholders-0" name="stakeholders" value="hr" checked>"#), "{html}");
        let html = render(EventType::SilenceCreated, &Values::default(), &[]);
        assert!(
            html.contains(r#"<fieldset class="group"><legend>What it mutes</legend>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"type="datetime-local" id="f-expires_at""#),
            "{html}"
        );
    }

    #[test]
    fn an_error_sits_next_to_its_field_and_is_tied_to_its_input() {
        let errors = [
            FieldError {
                field: Some("attendees".into()),
                reason: "invalid type: string \"many\", expected u32".into(),
            },
            FieldError {
                field: None,
                reason: "ingest is down".into(),
            },
        ];
        let html = render(
            EventType::TrainingHeld,
            &Values::from_pairs([("attendees", "many")]),
            &errors,
        );
        assert!(html.contains(r#"<p class="error" id="f-attendees-error">Error: invalid type: string &quot;many&quot;, expected u32</p>"#), "{html}");
        assert!(
            html.contains(
                r#"aria-describedby="f-attendees-help f-attendees-error" aria-invalid="true""#
            ),
            "{html}"
        );
        assert!(
            html.contains(r##"<a href="#f-attendees">How many attended</a>: invalid type"##),
            "{html}"
        );
        assert!(
            html.contains(r#"<p class="help" id="f-attendees-help">0 or more.</p>"#),
            "a number's bounds in words: {html}"
        );
        assert!(html.contains("<li>ingest is down</li>"), "{html}");
        assert!(
            html.contains(r#"value="many""#),
            "what was typed is kept: {html}"
        );
    }
}
