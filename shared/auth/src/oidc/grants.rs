//! The grants file (`GOVTRACK_ACCESS_FILE`): which people and apps of the identity
//! provider may read, record or administer which organisations.
//!
//! ```toml
//! [[grant]]
//! group = "6f1c2a9e-…"          # an Entra group's object id (the groups claim)
//! orgs = ["contoso"]            # or ["*"]
//! role = "viewer"               # viewer | editor | admin
//! ```
//!
//! Each grant names exactly one of `group`, `app_role` (an app role's value, the roles
//! claim) or `user` (a user name, upn or object id). An identity gets every grant that
//! matches it; per organisation, the highest role applies ([`crate::Caller::role`]).
//! A file with a mistake is refused whole, naming the line and the reason.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::claims::Identity;
use crate::role::{OrgPattern, Role};

/// Who a grant is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grantee {
    /// Members of a group (object id).
    Group(String),
    /// Holders of an app role (its value).
    AppRole(String),
    /// One person or app (user name, upn or object id; an app id for an app).
    User(String),
}

/// One grant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub grantee: Grantee,
    pub orgs: Vec<OrgPattern>,
    pub role: Role,
}

/// Every grant of the file. Empty: nobody of the provider may do anything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grants {
    grants: Vec<Grant>,
}

/// A grants file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum GrantsFileError {
    /// Missing or unreadable.
    #[error("cannot read the grants file {}: {source}", path.display())]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Read, but wrong at `line`.
    #[error("grants file {}, line {line}: {reason}", path.display())]
    Invalid {
        path: PathBuf,
        line: usize,
        reason: String,
    },
}

/// What is wrong in grants text, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct GrantsProblem {
    pub line: usize,
    pub reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GrantsFile {
    #[serde(default)]
    grant: Vec<Spanned<GrantEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GrantEntry {
    group: Option<Spanned<String>>,
    app_role: Option<Spanned<String>>,
    user: Option<Spanned<String>>,
    orgs: Option<Spanned<Vec<Spanned<String>>>>,
    role: Option<Spanned<String>>,
}

impl Grants {
    /// Reads and checks a grants file.
    pub fn load(path: &Path) -> Result<Grants, GrantsFileError> {
        let text = std::fs::read_to_string(path).map_err(|source| GrantsFileError::Unreadable {
            path: path.to_owned(),
            source,
        })?;
        Self::parse(&text).map_err(|p| GrantsFileError::Invalid {
            path: path.to_owned(),
            line: p.line,
            reason: p.reason,
        })
    }

    /// Parses grants text.
    pub fn parse(text: &str) -> Result<Grants, GrantsProblem> {
        let file: GrantsFile = toml::from_str(text).map_err(|e| GrantsProblem {
            line: e.span().map_or(1, |s| line_of(text, s.start)),
            reason: e.message().to_owned(),
        })?;
        let grants = file
            .grant
            .into_iter()
            .map(|entry| {
                let line = line_of(text, entry.span().start);
                Grant::from_entry(entry.into_inner(), line, text)
            })
            .collect::<Result<_, _>>()?;
        Ok(Grants { grants })
    }

    /// True when there is no grant.
    pub fn is_empty(&self) -> bool {
        self.grants.is_empty()
    }

    /// The roles the matching grants give `identity`, per organisation pattern.
    pub fn roles_of(&self, identity: &Identity) -> Vec<(OrgPattern, Role)> {
        self.grants
            .iter()
            .filter(|g| g.matches(identity))
            .flat_map(|g| g.orgs.iter().map(|o| (o.clone(), g.role)))
            .collect()
    }

    /// Whether some grant names group `group` (the sessions keep those first).
    pub fn names_group(&self, group: &str) -> bool {
        self.grants
            .iter()
            .any(|g| matches!(&g.grantee, Grantee::Group(x) if x == group))
    }
}

impl Grant {
    fn from_entry(entry: GrantEntry, line: usize, text: &str) -> Result<Grant, GrantsProblem> {
        let problem = |line: usize, reason: String| GrantsProblem { line, reason };
        let grantee = match (entry.group, entry.app_role, entry.user) {
            (Some(g), None, None) => Grantee::Group(non_empty(g, "group", text)?),
            (None, Some(r), None) => Grantee::AppRole(non_empty(r, "app_role", text)?),
            (None, None, Some(u)) => Grantee::User(non_empty(u, "user", text)?),
            (None, None, None) => {
                return Err(problem(
                    line,
                    "a grant needs one of group, app_role or user".into(),
                ));
            }
            _ => {
                return Err(problem(
                    line,
                    "a grant names exactly one of group, app_role or user, not several".into(),
                ));
            }
        };
        let role = entry
            .role
            .ok_or_else(|| problem(line, "a grant needs role = viewer, editor or admin".into()))?;
        let role_line = line_of(text, role.span().start);
        let role = Role::parse(role.get_ref()).map_err(|e| problem(role_line, e.to_string()))?;
        let orgs = entry
            .orgs
            .ok_or_else(|| problem(line, "a grant needs orgs = [\"…\"] or [\"*\"]".into()))?;
        let orgs_line = line_of(text, orgs.span().start);
        let orgs = orgs.into_inner();
        if orgs.is_empty() {
            return Err(problem(
                orgs_line,
                "orgs is empty: name organisations or \"*\"".into(),
            ));
        }
        let orgs = orgs
            .into_iter()
            .map(|org| org_pattern(org, text))
            .collect::<Result<_, _>>()?;
        Ok(Grant {
            grantee,
            orgs,
            role,
        })
    }

    fn matches(&self, identity: &Identity) -> bool {
        match &self.grantee {
            Grantee::Group(group) => identity.groups.iter().any(|g| g == group),
            Grantee::AppRole(role) => identity.app_roles.iter().any(|r| r == role),
            Grantee::User(name) => identity
                .grant_names()
                .iter()
                .any(|n| n.eq_ignore_ascii_case(name)),
        }
    }
}

fn non_empty(value: Spanned<String>, key: &str, text: &str) -> Result<String, GrantsProblem> {
    let line = line_of(text, value.span().start);
    let value = value.into_inner();
    if value.trim().is_empty() {
        return Err(GrantsProblem {
            line,
            reason: format!("{key} is empty"),
        });
    }
    Ok(value.trim().to_owned())
}

fn org_pattern(org: Spanned<String>, text: &str) -> Result<OrgPattern, GrantsProblem> {
    let line = line_of(text, org.span().start);
    let org = org.into_inner();
    if org != "*" {
        govtrack_events::Org::check(&org).map_err(|e| GrantsProblem {
            line,
            reason: format!("orgs: {e}"),
        })?;
    }
    Ok(OrgPattern::parse(&org))
}

/// The 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oidc::Principal;

    fn person(user_name: &str, groups: &[&str], roles: &[&str]) -> Identity {
        Identity {
            principal: Principal::User {
                oid: "oid-1".into(),
                name: None,
                user_name: Some(user_name.into()),
                upn: None,
                tenant: None,
            },
            groups: groups.iter().map(|g| (*g).to_owned()).collect(),
            app_roles: roles.iter().map(|r| (*r).to_owned()).collect(),
            groups_overage: false,
        }
    }

    const FILE: &str = r#"
[[grant]]
group = "g-viewers"
orgs = ["contoso"]
role = "viewer"

[[grant]]
app_role = "Govtrack.Editor"
orgs = ["*"]
role = "editor"

[[grant]]
user = "ada@contoso.com"
orgs = ["contoso", "fabrikam"]
role = "admin"
"#;

    #[test]
    fn each_kind_of_grant_matches_its_claim() {
        let grants = Grants::parse(FILE).unwrap();
        let viewer = grants.roles_of(&person("bob@contoso.com", &["g-viewers"], &[]));
        assert_eq!(viewer, [(OrgPattern::One("contoso".into()), Role::Viewer)]);
        let editor = grants.roles_of(&person("eve@contoso.com", &[], &["Govtrack.Editor"]));
        assert_eq!(editor, [(OrgPattern::Any, Role::Editor)]);
        let ada = grants.roles_of(&person("Ada@Contoso.com", &["g-viewers"], &[]));
        assert_eq!(ada.len(), 3);
        assert!(
            grants
                .roles_of(&person("nobody@x", &["g-other"], &["Other"]))
                .is_empty()
        );
        assert!(grants.names_group("g-viewers") && !grants.names_group("g-other"));
    }

    #[test]
    fn a_bad_grant_is_refused_with_its_line_and_reason() {
        let cases = [
            (
                "[[grant]]\norgs = [\"*\"]\nrole = \"viewer\"\n",
                1,
                "one of group, app_role or user",
            ),
            (
                "[[grant]]\ngroup = \"g\"\nuser = \"u\"\norgs = [\"*\"]\nrole = \"viewer\"\n",
                1,
                "not several",
            ),
            (
                "[[grant]]\ngroup = \"g\"\norgs = [\"*\"]\nrole = \"owner\"\n",
                4,
                "unknown role \"owner\"",
            ),
            (
                "[[grant]]\ngroup = \"g\"\norgs = [\"Contoso\"]\nrole = \"viewer\"\n",
                3,
                "invalid id \"Contoso\"",
            ),
            (
                "[[grant]]\ngroup = \"g\"\norgs = []\nrole = \"viewer\"\n",
                3,
                "orgs is empty",
            ),
            (
                "[[grant]]\ngroup = \"g\"\nrole = \"viewer\"\n",
                1,
                "needs orgs",
            ),
            (
                "[[grant]]\ngroup = \"g\"\norgs = [\"*\"]\n",
                1,
                "needs role",
            ),
            (
                "\n\n[[grant]]\ngroupe = \"g\"\n",
                4,
                "unknown field `groupe`",
            ),
            (
                "[[grant]]\ngroup = \"g\"\norgs = \"*\"\n",
                3,
                "invalid type",
            ),
        ];
        for (text, line, reason) in cases {
            let e = Grants::parse(text).unwrap_err();
            assert_eq!(e.line, line, "{text:?}: {e}");
            assert!(e.reason.contains(reason), "{text:?}: {e}");
        }
    }

    #[test]
    fn a_missing_file_is_named() {
        let e = Grants::load(Path::new("/nonexistent/access.toml")).unwrap_err();
        assert!(e.to_string().contains("/nonexistent/access.toml"), "{e}");
    }

    #[test]
    fn the_deploy_example_parses() {
        let text = include_str!("../../../../deploy/examples/access.toml");
        assert!(!Grants::parse(text).unwrap().is_empty());
    }
}
