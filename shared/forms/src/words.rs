//! Labels and help from the schema's descriptions, which are written for people:
//! "Kind: `onboarding` (for new makers), …" becomes the label "Kind" and the help
//! "onboarding (for new makers), …". Code quotes lose their backticks, line breaks
//! become spaces.

/// `(label, help)` for a field named `name` described as `description`: the label is
/// the description up to the first `: ` or `; `, or a `, ` that starts an example or
/// the values ("Due date, `YYYY-MM-DD`", "Completion, 0–100"), never inside
/// parentheses; the help is the rest.
pub fn label_and_help(name: &str, description: Option<&str>) -> (String, Option<String>) {
    let Some(text) = description.map(one_line).filter(|t| !t.is_empty()) else {
        return (field_words(name), None);
    };
    let (label, help) = match split_at(&text) {
        Some((at, len)) => (&text[..at], Some(&text[at + len..])),
        None => (text.as_str(), None),
    };
    let label = plain(label.trim_end_matches('.'));
    // "100, 200, 300, 400 or 500." says what the values are, not what the field is.
    if label.chars().count() < 3 || label.starts_with(|c: char| c.is_ascii_digit()) {
        return (field_words(name), Some(plain(text.trim_end_matches('.'))));
    }
    let help = help
        .map(|h| plain(h.trim().trim_end_matches('.')))
        .filter(|h| !h.is_empty());
    (label, help)
}

/// Where the label ends: `(byte offset, separator length)`.
fn split_at(text: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    for (at, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ':' | ';' if depth == 0 && text[at + 1..].starts_with(' ') => return Some((at, 2)),
            ',' if depth == 0 && text[at + 1..].starts_with(' ') => {
                let rest = &text[at + 2..];
                let values = rest.starts_with("e.g.")
                    || rest.starts_with('`')
                    || rest.starts_with(|c: char| c.is_ascii_digit());
                if values {
                    return Some((at, 2));
                }
            }
            _ => {}
        }
    }
    None
}

/// A closed list's word in words: the description of its value, or the value itself.
pub fn choice_label(value: &str, description: Option<&str>) -> String {
    match description
        .map(one_line)
        .map(|t| plain(&t))
        .filter(|t| !t.is_empty())
    {
        Some(text) => text.trim_end_matches('.').to_owned(),
        None => field_words(value),
    }
}

/// `every_hours` → "Every hours": a field's name when the schema says nothing.
fn field_words(name: &str) -> String {
    let last = name.rsplit('.').next().unwrap_or(name).replace('_', " ");
    let mut chars = last.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => last,
    }
}

/// On one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Without the backticks of code quotes.
fn plain(text: &str) -> String {
    text.replace('`', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(name: &str, description: &str) -> (String, Option<String>) {
        label_and_help(name, Some(description))
    }

    #[test]
    fn the_first_clause_is_the_label_and_the_rest_the_help() {
        assert_eq!(
            both(
                "kind",
                "Kind: `app_in_a_day`, `onboarding` (for new makers),\n`admin`, …"
            ),
            (
                "Kind".to_owned(),
                Some("app_in_a_day, onboarding (for new makers), admin, …".to_owned())
            )
        );
        assert_eq!(
            both("percent", "Completion, 0–100."),
            ("Completion".to_owned(), Some("0–100".to_owned()))
        );
        assert_eq!(
            both("note", "What happened."),
            ("What happened".to_owned(), None)
        );
        assert_eq!(
            both("resource_type", "Apps, flows or agents."),
            ("Apps, flows or agents".to_owned(), None)
        );
        assert_eq!(
            both(
                "entity",
                "The entity id the alert is about (an initiative, a key result)."
            ),
            (
                "The entity id the alert is about (an initiative, a key result)".to_owned(),
                None
            )
        );
        assert_eq!(
            both("sponsor", "Sponsor id, e.g. `cio`."),
            ("Sponsor id".to_owned(), Some("e.g. cio".to_owned()))
        );
        assert_eq!(
            both(
                "every_hours",
                "The expected cadence in hours (at least 1); 0 withdraws the expectation."
            ),
            (
                "The expected cadence in hours (at least 1)".to_owned(),
                Some("0 withdraws the expectation".to_owned())
            )
        );
    }

    #[test]
    fn a_description_of_values_keeps_the_field_name_as_label() {
        assert_eq!(
            both("level", "100, 200, 300, 400 or 500."),
            (
                "Level".to_owned(),
                Some("100, 200, 300, 400 or 500".to_owned())
            )
        );
        assert_eq!(
            label_and_help("matchers.org", None),
            ("Org".to_owned(), None)
        );
    }

    #[test]
    fn a_choice_reads_as_its_description() {
        assert_eq!(
            choice_label("default", Some("The default environment.")),
            "The default environment"
        );
        assert_eq!(choice_label("next_year", None), "Next year");
    }
}
