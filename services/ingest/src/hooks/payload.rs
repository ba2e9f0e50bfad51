//! Reading a sender's JSON: each missing or mistyped field is a 400 naming its path
//! (`resource.revision.fields`), which the sender shows in its delivery log.

use serde_json::Value;

use crate::IngestError;

/// The body as JSON, or 400.
pub fn parse(body: &[u8]) -> Result<Value, IngestError> {
    serde_json::from_slice(body)
        .map_err(|e| IngestError::BadPayload(format!("the payload is not JSON: {e}")))
}

/// The value at a dotted `path`, if present and not null.
pub fn get<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.')
        .try_fold(value, |v, key| v.get(key))
        .filter(|v| !v.is_null())
}

/// The value at `path`, or 400 naming it.
pub fn need<'a>(value: &'a Value, path: &str) -> Result<&'a Value, IngestError> {
    get(value, path).ok_or_else(|| missing(path))
}

/// The text at `path`, or 400.
pub fn text<'a>(value: &'a Value, path: &str) -> Result<&'a str, IngestError> {
    need(value, path)?
        .as_str()
        .ok_or_else(|| IngestError::BadPayload(format!("`{path}` must be a string")))
}

/// The text or number at `path` as text (ids come as either), or 400.
pub fn id(value: &Value, path: &str) -> Result<String, IngestError> {
    match need(value, path)? {
        Value::String(s) if !s.is_empty() => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        _ => Err(IngestError::BadPayload(format!(
            "`{path}` must be a non-empty string or a number"
        ))),
    }
}

/// The 400 for a missing field.
pub fn missing(path: &str) -> IngestError {
    IngestError::BadPayload(format!("the payload has no `{path}`"))
}

/// The first line of `text`, at most `max` characters, HTML tags removed (ADO sends
/// comments as HTML).
pub fn excerpt(text: &str, max: usize) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => plain.push(c),
            _ => {}
        }
    }
    let line = plain
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    if line.chars().count() > max {
        let cut: String = line.chars().take(max).collect();
        format!("{cut}…")
    } else {
        line.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn missing_and_mistyped_fields_are_named() {
        let v = json!({"resource": {"id": 7, "title": null}});
        assert_eq!(id(&v, "resource.id").unwrap(), "7");
        let e = need(&v, "resource.title").unwrap_err().to_string();
        assert!(e.contains("resource.title"), "{e}");
        assert!(
            text(&v, "resource.id")
                .unwrap_err()
                .to_string()
                .contains("must be a string")
        );
    }

    #[test]
    fn excerpts_drop_tags_and_stop_at_the_limit() {
        assert_eq!(
            excerpt("<div>Rolled out to <b>HR</b></div>\nmore", 80),
            "Rolled out to HR"
        );
        assert_eq!(excerpt("abcdef", 3), "abc…");
    }
}
