//! Validation problems, each naming the field and the reason.

use serde::Serialize;

/// One problem with one field of one event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Position in a batch (0-based); absent for a single event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
    /// Dotted path of the field, e.g. `data.scope` or `data.attendees[1]`.
    pub field: String,
    /// What is wrong, in words.
    pub reason: String,
}

impl Problem {
    /// A problem with `field`.
    pub fn new(field: impl Into<String>, reason: impl Into<String>) -> Problem {
        Problem {
            index: None,
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// The same problem, placed at `index` of a batch.
    pub fn at(mut self, index: usize) -> Problem {
        self.index = Some(index);
        self
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(i) = self.index {
            write!(f, "[{i}] ")?;
        }
        write!(f, "{}: {}", self.field, self.reason)
    }
}

/// An event (or batch) that failed validation: every problem found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid event: {}", summary(.problems))]
pub struct ValidationError {
    /// The problems, in order.
    pub problems: Vec<Problem>,
}

fn summary(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(Problem::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Turns a serde error with its path into a [`Problem`] under `prefix`, rewording
/// serde's messages so the field that is wrong is always in `field`.
pub(crate) fn problem_from_serde(
    prefix: &str,
    err: serde_path_to_error::Error<serde_json::Error>,
) -> Problem {
    let path = err.path().to_string();
    let base = if path == "." || path.is_empty() {
        prefix.to_owned()
    } else if prefix.is_empty() {
        path
    } else {
        format!("{prefix}.{path}")
    };
    reword(&base, &without_position(&err.into_inner()))
}

/// A problem found by serde_json itself (e.g. trailing characters), under `prefix`.
pub(crate) fn problem_from_serde_json(prefix: &str, err: serde_json::Error) -> Problem {
    reword(prefix, &without_position(&err))
}

/// serde_json's message without its " at line L column C", which is the same whatever
/// the input was read from (text or tree), and in text points into `data`, not the body.
fn without_position(err: &serde_json::Error) -> String {
    let message = err.to_string();
    let position = format!(" at line {} column {}", err.line(), err.column());
    match message.strip_suffix(&position) {
        Some(bare) => bare.to_owned(),
        None => message,
    }
}

fn reword(base: &str, message: &str) -> Problem {
    let join = |name: &str| {
        if base.is_empty() {
            name.to_owned()
        } else {
            format!("{base}.{name}")
        }
    };
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (name, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known = expected
            .trim_start_matches(", expected one of ")
            .trim_start_matches(", expected ")
            .replace('`', "");
        let reason = if known.is_empty() || known.starts_with(", there are no fields") {
            "unknown field; this type has no fields".to_owned()
        } else {
            format!("unknown field; expected one of {known}")
        };
        // serde_path_to_error already puts the unknown key at the end of the path.
        let field = if base == name || base.ends_with(&format!(".{name}")) {
            base.to_owned()
        } else {
            join(name)
        };
        return Problem::new(field, reason);
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or(rest);
        return Problem::new(join(name), "required field is missing");
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (got, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known = expected
            .trim_start_matches(", expected one of ")
            .trim_start_matches(", expected ")
            .replace('`', "");
        return Problem::new(base, format!("expected one of {known}, got {got:?}"));
    }
    Problem::new(base, message.to_owned())
}
