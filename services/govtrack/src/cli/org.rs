//! `--org` and `GOVTRACK_ORG`, declared once for every command: [`OrgArg`] where a
//! command works on one organisation, [`OrgFilter`] where it may take them all.

use clap::Args;

/// The variable `--org` falls back to.
pub const ORG_ENV: &str = "GOVTRACK_ORG";

/// One organisation.
#[derive(Debug, Clone, Args)]
pub struct OrgArg {
    /// Organisation id, e.g. contoso (lower-case letters, digits, `-` and `_`).
    #[arg(id = "org", long = "org", value_name = "ORG", env = ORG_ENV)]
    pub id: String,
}

/// One organisation, or every one.
#[derive(Debug, Clone, Args)]
pub struct OrgFilter {
    /// Organisation id, e.g. contoso; every organisation when absent.
    #[arg(id = "org", long = "org", value_name = "ORG", env = ORG_ENV, global = true)]
    pub id: Option<String>,
}

impl OrgFilter {
    /// The organisation, if one was given.
    pub fn as_deref(&self) -> Option<&str> {
        self.id.as_deref()
    }
}
