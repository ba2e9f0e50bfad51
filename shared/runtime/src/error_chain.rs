//! An error with its causes, as one line (`outer: cause: root cause`), for errors that
//! are kept as text: a finding on the log, a delivery attempt, a log field. Typed
//! errors keep their cause as `source()`; this is where it is written out.

use std::error::Error;

/// `error` and every `source()` under it, joined by `: `; a cause whose text the
/// error's own already ends with is not written twice.
pub fn error_chain(error: &dyn Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let line = cause.to_string();
        if !text.ends_with(&line) {
            text.push_str(": ");
            text.push_str(&line);
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("cannot read the settings")]
    struct Outer(#[source] std::io::Error);

    #[test]
    fn every_cause_is_written_once() {
        let root = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        assert_eq!(
            error_chain(&Outer(root)),
            "cannot read the settings: no such file"
        );
    }
}
