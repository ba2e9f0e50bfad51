//! Unknown `GOVTRACK_*` variables: a typo in a unit file (`GOVTRACK_DATADIR`) would
//! otherwise fall back to a default without a word. The binary lists the variables its
//! command line reads ([`clap_env_names`]) plus [`READ_DIRECTLY`], and [`warn_unknown_env`]
//! names every other `GOVTRACK_*` variable in the environment at start.

use std::collections::BTreeSet;

use crate::telemetry::LOG_FORMAT_ENV;

/// The prefix of every govtrack variable.
pub const ENV_PREFIX: &str = "GOVTRACK_";

/// Variables read with `std::env::var` rather than through a clap `env` attribute:
/// the log format, and where `nats-server` is (`govtrack-bus`, for `up` and the tests).
pub const READ_DIRECTLY: &[&str] = &[LOG_FORMAT_ENV, "GOVTRACK_NATS_SERVER"];

/// Every `env = "…"` of `command`'s arguments and of its subcommands, recursively.
pub fn clap_env_names(command: &clap::Command) -> BTreeSet<String> {
    let mut names: BTreeSet<String> = command
        .get_arguments()
        .filter_map(|arg| arg.get_env())
        .map(|name| name.to_string_lossy().into_owned())
        .collect();
    for sub in command.get_subcommands() {
        names.extend(clap_env_names(sub));
    }
    names
}

/// The `GOVTRACK_*` names among `vars` that are not in `known`, sorted.
pub fn unknown_env<I, K>(vars: I, known: &BTreeSet<String>) -> Vec<String>
where
    I: IntoIterator<Item = K>,
    K: Into<String>,
{
    let mut unknown: Vec<String> = vars
        .into_iter()
        .map(Into::into)
        .filter(|name| name.starts_with(ENV_PREFIX) && !known.contains(name))
        .collect();
    unknown.sort();
    unknown.dedup();
    unknown
}

/// Logs one warning naming every unknown `GOVTRACK_*` variable of this process's
/// environment; returns them.
pub fn warn_unknown_env(known: &BTreeSet<String>) -> Vec<String> {
    let names = std::env::vars_os().filter_map(|(name, _)| name.into_string().ok());
    let unknown = unknown_env(names, known);
    if !unknown.is_empty() {
        tracing::warn!(
            env.unknown = %unknown.join(", "),
            "ignoring unknown GOVTRACK_* variables (a typo falls back to the default)"
        );
    }
    unknown
}

#[cfg(test)]
mod tests {
    use clap::{Arg, Command};

    use super::*;

    fn command() -> Command {
        Command::new("t")
            .arg(Arg::new("url").long("url").env("GOVTRACK_URL"))
            .subcommand(
                Command::new("sub").arg(Arg::new("dir").long("dir").env("GOVTRACK_DATA_DIR")),
            )
    }

    #[test]
    fn env_names_come_from_every_subcommand() {
        let names = clap_env_names(&command());
        let expected: BTreeSet<String> = ["GOVTRACK_DATA_DIR", "GOVTRACK_URL"]
            .map(String::from)
            .into();
        assert_eq!(names, expected);
    }

    #[test]
    fn a_typo_is_named_and_other_variables_are_left_alone() {
        let known = clap_env_names(&command());
        let vars = [
            "GOVTRACK_DATADIR",
            "GOVTRACK_URL",
            "PATH",
            "GOVTRACK_ZZ",
            "HOME",
        ];
        assert_eq!(
            unknown_env(vars, &known),
            vec!["GOVTRACK_DATADIR".to_owned(), "GOVTRACK_ZZ".to_owned()]
        );
    }

    #[test]
    fn the_log_format_is_known_although_clap_does_not_read_it() {
        let mut known = clap_env_names(&command());
        known.extend(READ_DIRECTLY.iter().map(|s| s.to_string()));
        assert!(unknown_env(["GOVTRACK_LOG_FORMAT"], &known).is_empty());
    }
}
