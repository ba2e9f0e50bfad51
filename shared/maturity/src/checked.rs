//! Validating one value of a model file: each check answers the value or an
//! [`Invalid`] at the value's span, which the parser turns into a located error.

use std::ops::Range;

use toml::Spanned;

use crate::requirement::Entity;

/// The most days a window or a validity may span (a century).
pub(crate) const MAX_DAYS: i64 = 36_500;

/// A validation failure at a byte span of the file.
pub(crate) struct Invalid {
    pub(crate) span: Range<usize>,
    pub(crate) reason: String,
}

pub(crate) type Checked<T> = Result<T, Invalid>;

pub(crate) fn invalid<T, S>(at: &Spanned<S>, reason: impl Into<String>) -> Checked<T> {
    Err(Invalid {
        span: at.span(),
        reason: reason.into(),
    })
}

/// Parses and validates a model file.
pub(crate) fn lookup_entity<S>(at: &Spanned<S>, name: &str, entities: &[Entity]) -> Checked<usize> {
    match entities.iter().position(|e| e.id == name) {
        Some(index) => Ok(index),
        None => {
            let declared: Vec<&str> = entities.iter().map(|e| e.id.as_str()).collect();
            let known = if declared.is_empty() {
                "none".to_owned()
            } else {
                declared.join(", ")
            };
            let reason = format!("unknown entity `{name}` (declared in [entities]: {known})");
            invalid(at, reason)
        }
    }
}

pub(crate) fn forbid<T>(field: &Option<Spanned<T>>, name: &str, kind: &str) -> Checked<()> {
    match field {
        Some(at) => invalid(
            at,
            format!("`{name}` is not allowed in a {kind} requirement"),
        ),
        None => Ok(()),
    }
}

pub(crate) fn within_range(value: &Spanned<i64>, min: i64, max: i64, what: &str) -> Checked<i64> {
    let v = *value.as_ref();
    if (min..=max).contains(&v) {
        Ok(v)
    } else {
        invalid(
            value,
            format!("{what} must be between {min} and {max}, not {v}"),
        )
    }
}

pub(crate) fn non_empty(value: &Spanned<String>, what: &str) -> Checked<String> {
    if value.as_ref().trim().is_empty() {
        return invalid(value, format!("{what} must not be empty"));
    }
    Ok(value.as_ref().clone())
}

pub(crate) fn event_type(value: &Spanned<String>) -> Checked<String> {
    let name = value.as_ref();
    let valid = name.contains('.') && name.split('.').all(is_identifier);
    if !valid {
        return invalid(
            value,
            format!("`{name}` is not an event type (like `sponsor.named`)"),
        );
    }
    Ok(name.clone())
}

pub(crate) fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
