//! The README's configuration table lists every `GOVTRACK_*` variable the code reads,
//! and nothing else: the sources are grepped for `env = "GOVTRACK_…"` (clap),
//! `env::var("GOVTRACK_…")` and `…_ENV: &str = "GOVTRACK_…"`, and compared with the
//! names in the table, both ways.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every `.rs` file under the `src` of each crate in `shared/` and `services/`.
fn sources() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for group in ["shared", "services"] {
        for krate in std::fs::read_dir(workspace().join(group)).unwrap() {
            collect(&krate.unwrap().path().join("src"), &mut files);
        }
    }
    files
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

/// The `GOVTRACK_[A-Z_]+` name that starts `text`, if any.
fn name_at(text: &str) -> Option<String> {
    let rest = text.strip_prefix("GOVTRACK_")?;
    let len = rest
        .find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
        .unwrap_or(rest.len());
    (len > 0).then(|| format!("GOVTRACK_{}", rest[..len].trim_end_matches('_')))
}

/// The names read in `text`: after each of the markers.
fn read_in(text: &str) -> BTreeSet<String> {
    let markers = [
        "env = \"",
        "env::var(\"",
        "env::var_os(\"",
        "_ENV: &str = \"",
    ];
    markers
        .iter()
        .flat_map(|marker| text.match_indices(marker).map(|(i, m)| i + m.len()))
        .filter_map(|at| name_at(&text[at..]))
        .collect()
}

fn read_by_code() -> BTreeSet<String> {
    sources()
        .iter()
        .flat_map(|file| read_in(&std::fs::read_to_string(file).unwrap()))
        .collect()
}

fn in_readme_table() -> BTreeSet<String> {
    let readme = std::fs::read_to_string(workspace().join("README.md")).unwrap();
    let start = readme
        .find("## Configuration")
        .expect("a Configuration section");
    let section = &readme[start + 1..];
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    section
        .lines()
        .filter(|line| line.starts_with("| `GOVTRACK_"))
        .flat_map(|line| {
            let first_cell = line.split('|').nth(1).unwrap_or_default();
            first_cell
                .match_indices("GOVTRACK_")
                .filter_map(|(i, _)| name_at(&first_cell[i..]))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn the_readme_lists_every_variable_the_code_reads_and_nothing_else() {
    let code = read_by_code();
    let readme = in_readme_table();
    let undocumented: Vec<_> = code.difference(&readme).collect();
    let stale: Vec<_> = readme.difference(&code).collect();
    assert!(
        undocumented.is_empty(),
        "read but not in README.md: {undocumented:?}"
    );
    assert!(stale.is_empty(), "in README.md but read nowhere: {stale:?}");
}

#[test]
fn the_grep_finds_the_forms_the_code_uses() {
    // The made-up name is split, so that no grep of this file takes it for a
    // variable the code reads.
    let text = concat!(
        r#"#[arg(long, env = "GOVTRACK_DATA_DIR")] std::env::var("GOVTRACK_"#,
        r#"X_Y") pub const LOG_FORMAT_ENV: &str = "GOVTRACK_LOG_FORMAT"; "GOVTRACK_EVENTS""#
    );
    let found: Vec<_> = read_in(text).into_iter().collect();
    let made_up = concat!("GOVTRACK_", "X_Y");
    assert_eq!(found, ["GOVTRACK_DATA_DIR", "GOVTRACK_LOG_FORMAT", made_up]);
}

/// `govtrack event-types` with only `vars` among the `GOVTRACK_*` variables; its stderr.
fn stderr_with(vars: &[(&str, &str)]) -> String {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_govtrack"));
    for (name, _) in std::env::vars().filter(|(n, _)| n.starts_with("GOVTRACK_")) {
        command.env_remove(name);
    }
    let output = command
        .arg("event-types")
        .envs(vars.iter().copied())
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn the_binary_knows_every_documented_variable() {
    // What `govtrack` does not warn about is what its command line declares plus the
    // log format: the same set as the README's.
    let stderr = stderr_with(&[("GOVTRACK_DATADIR", "/tmp/typo")]);
    assert!(stderr.contains("GOVTRACK_DATADIR"), "{stderr}");
    for name in in_readme_table() {
        let stderr = stderr_with(&[(name.as_str(), "x")]);
        assert!(!stderr.contains("unknown GOVTRACK_"), "{name}: {stderr}");
    }
}
