//! The error of loading a model file.

use std::ops::Range;

/// A model file that cannot be used: a TOML syntax error or an invalid model.
/// Displays as `file:line:column: reason`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{source_name}:{line}:{column}: {reason}")]
pub struct ModelError {
    /// The name given to [`crate::Model::parse`], usually the file path.
    pub source_name: String,
    /// 1-based line of the offending text.
    pub line: usize,
    /// 1-based column (in characters) of the offending text.
    pub column: usize,
    /// What is wrong, in words.
    pub reason: String,
}

impl ModelError {
    /// An error at byte `span` of `text` (the start of the file when unknown).
    pub(crate) fn at(
        source_name: &str,
        text: &str,
        span: Option<Range<usize>>,
        reason: &str,
    ) -> Self {
        let (line, column) = line_column(text, span.map_or(0, |s| s.start));
        ModelError {
            source_name: source_name.to_owned(),
            line,
            column,
            reason: reason.trim().to_owned(),
        }
    }
}

/// 1-based line and column of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::line_column;

    #[test]
    fn offsets_map_to_one_based_lines_and_columns() {
        let text = "ab\ncdé\nx";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        assert_eq!(line_column(text, 8), (3, 1));
        assert_eq!(line_column(text, 99), (3, 2));
    }
}
