//! What a person or an app may do with an organisation, from the grants: a viewer
//! reads it, an editor also records events for it, an admin also manages its silences
//! and source expectations (DOMAIN.md, "Roles").

use std::fmt;

/// One role; the order is the order of power (`Viewer < Editor < Admin`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Reads the organisation.
    Viewer,
    /// Also records events for it.
    Editor,
    /// Also manages silences and source expectations.
    Admin,
}

/// A role name that is none of `viewer`, `editor`, `admin`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role {0:?}: expected viewer, editor or admin")]
pub struct RoleError(pub String);

impl Role {
    /// Parses `viewer`, `editor` or `admin`.
    pub fn parse(text: &str) -> Result<Role, RoleError> {
        match text {
            "viewer" => Ok(Role::Viewer),
            "editor" => Ok(Role::Editor),
            "admin" => Ok(Role::Admin),
            other => Err(RoleError(other.to_owned())),
        }
    }

    /// The role's name, as the grants file writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The organisations a grant covers: one, or every one (`*`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OrgPattern {
    /// Every organisation.
    Any,
    /// One organisation.
    One(String),
}

impl OrgPattern {
    /// `*` or an organisation id.
    pub fn parse(text: &str) -> OrgPattern {
        match text {
            "*" => OrgPattern::Any,
            org => OrgPattern::One(org.to_owned()),
        }
    }

    /// Does it cover `org`?
    pub fn covers(&self, org: &str) -> bool {
        match self {
            OrgPattern::Any => true,
            OrgPattern::One(one) => one == org,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_parse_by_name_and_rank_by_power() {
        assert_eq!(Role::parse("editor"), Ok(Role::Editor));
        assert!(Role::Viewer < Role::Editor && Role::Editor < Role::Admin);
        let e = Role::parse("owner").unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown role \"owner\": expected viewer, editor or admin"
        );
    }

    #[test]
    fn a_star_covers_every_organisation_and_a_name_only_its_own() {
        assert!(OrgPattern::parse("*").covers("fabrikam"));
        assert!(OrgPattern::parse("contoso").covers("contoso"));
        assert!(!OrgPattern::parse("contoso").covers("fabrikam"));
    }
}
