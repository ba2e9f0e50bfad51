//! Grants files (`GOVTRACK_ACCESS_FILE`) for tests: a service trusting the
//! [`super::TestProvider`] reads from one which of its people and apps may do what.
//! A test lists its grants one a line and writes them where the service looks.

use std::path::{Path, PathBuf};

/// Whom a grant names, by the claim it matches.
#[derive(Debug, Clone, Copy)]
pub enum Grantee<'a> {
    /// A group's object id (`groups`).
    Group(&'a str),
    /// An app role's value (`roles`).
    AppRole(&'a str),
    /// One person's user name (`preferred_username`).
    User(&'a str),
}

/// One `[[grant]]`: a role on some organisations (`*` for all).
#[derive(Debug, Clone, Copy)]
pub struct Grant<'a> {
    /// Whom it names.
    pub who: Grantee<'a>,
    /// The organisations it covers.
    pub orgs: &'a [&'a str],
    /// `viewer`, `editor` or `admin`.
    pub role: &'a str,
}

impl<'a> Grant<'a> {
    /// `role` on `orgs` for the members of group `id`.
    pub const fn group(id: &'a str, orgs: &'a [&'a str], role: &'a str) -> Grant<'a> {
        Grant {
            who: Grantee::Group(id),
            orgs,
            role,
        }
    }

    /// `role` on `orgs` for whoever holds app role `value`.
    pub const fn app_role(value: &'a str, orgs: &'a [&'a str], role: &'a str) -> Grant<'a> {
        Grant {
            who: Grantee::AppRole(value),
            orgs,
            role,
        }
    }

    /// `role` on `orgs` for the person `user_name`.
    pub const fn user(user_name: &'a str, orgs: &'a [&'a str], role: &'a str) -> Grant<'a> {
        Grant {
            who: Grantee::User(user_name),
            orgs,
            role,
        }
    }

    /// As the grants file writes it.
    fn toml(&self) -> String {
        let (key, name) = match self.who {
            Grantee::Group(id) => ("group", id),
            Grantee::AppRole(value) => ("app_role", value),
            Grantee::User(user_name) => ("user", user_name),
        };
        let (orgs, role) = (self.orgs, self.role);
        format!("[[grant]]\n{key} = {name:?}\norgs = {orgs:?}\nrole = {role:?}\n")
    }
}

/// Writes `grants` to `access.toml` in `dir`; its path.
pub fn write_grants(dir: &Path, grants: &[Grant<'_>]) -> PathBuf {
    let text: Vec<String> = grants.iter().map(Grant::toml).collect();
    let path = dir.join("access.toml");
    std::fs::write(&path, text.join("\n")).expect("write the grants file");
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grant_is_written_as_the_grants_file_spells_it() {
        let grant = Grant::app_role("Govtrack.Viewer", &["*"], "viewer");
        assert_eq!(
            grant.toml(),
            "[[grant]]\napp_role = \"Govtrack.Viewer\"\norgs = [\"*\"]\nrole = \"viewer\"\n"
        );
    }
}
