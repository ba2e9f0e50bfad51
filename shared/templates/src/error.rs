//! What can go wrong with a template: reading it, checking it, or planning it.
//!
//! Every variant is the caller's mistake (a bad file, an unknown name, a missing link);
//! each names the file or the item at fault so the CLI can print it as is.

/// A template that cannot be read, or cannot be applied with the arguments given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// No builtin template has this name.
    #[error("no builtin template {name:?}; builtin templates: {known}")]
    UnknownTemplate {
        /// The name asked for.
        name: String,
        /// The builtin names, comma-separated.
        known: String,
    },
    /// The file could not be read.
    #[error("{file}: cannot read the template: {reason}")]
    Unreadable {
        /// The path as given.
        file: String,
        /// The operating system's reason.
        reason: String,
    },
    /// The file is not TOML of the template format (syntax, unknown or missing field,
    /// wrong type); toml's message names the line and the field.
    #[error("{file}: {reason}")]
    Syntax {
        /// The path, or `builtin:<name>`.
        file: String,
        /// toml's message.
        reason: String,
    },
    /// The file is well-formed but a value is not usable (bad id, duplicate, a link to
    /// an objective that does not exist).
    #[error("{file}: {field}: {reason}")]
    Invalid {
        /// The path, or `builtin:<name>`.
        file: String,
        /// Where, e.g. `objectives[2].initiatives[0].id`.
        field: String,
        /// What is wrong.
        reason: String,
    },
    /// A `--link` names a key result or objective the template does not have, or is
    /// not written `key_result=objective`.
    #[error("link {link:?}: {reason}")]
    BadLink {
        /// The link as given.
        link: String,
        /// What is wrong.
        reason: String,
    },
    /// Key results that serve no objective yet: the template does not say which one,
    /// and no link gave one.
    #[error(
        "key results without an objective: {}; link each with --link KEY_RESULT=OBJECTIVE (objectives: {})",
        .key_results.join(", "), .objectives.join(", ")
    )]
    Unlinked {
        /// The key results still without an objective, in template order.
        key_results: Vec<String>,
        /// The template's objectives, to choose from.
        objectives: Vec<String>,
    },
    /// The arguments of `plan` cannot make a valid period or ids.
    #[error("{field}: {reason}")]
    BadArgument {
        /// The argument: `org`, `months`, `owner`, `start`.
        field: &'static str,
        /// What is wrong.
        reason: String,
    },
}
