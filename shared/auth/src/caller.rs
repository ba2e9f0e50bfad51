//! The caller of a request once it is authenticated: who it is (the [`RecordedBy`]
//! every event it records carries) and what it may do with each organisation.
//!
//! Identity is checked once, at the edge (a token, a session, a signed NATS subject),
//! and the typed caller travels with the request from there; nothing further in reads
//! headers or cookies.

use govtrack_events::{EventType, RecordedBy};

use crate::role::{OrgPattern, Role};
use crate::scope::Scope;

/// Who is calling, and what it may do.
#[derive(Debug, Clone)]
pub struct Caller {
    recorded_by: RecordedBy,
    access: Access,
}

/// Where a caller's permissions come from.
#[derive(Debug, Clone)]
enum Access {
    /// The scopes of a tokens-file token.
    Scopes(Vec<Scope>),
    /// Roles per organisation, from the grants that match a person or an app.
    Roles(Vec<(OrgPattern, Role)>),
    /// Everything: the local user of a loopback service without authentication.
    Everything,
}

impl Caller {
    /// A token of the tokens file, with its scopes.
    pub fn token(name: impl Into<String>, scopes: Vec<Scope>) -> Caller {
        Caller {
            recorded_by: RecordedBy::token(name),
            access: Access::Scopes(scopes),
        }
    }

    /// The local user when authentication is off (loopback only): everything is
    /// allowed, and what it records says `local`.
    pub fn local() -> Caller {
        Caller {
            recorded_by: RecordedBy::local(),
            access: Access::Everything,
        }
    }

    /// A person or an app with the roles its grants give, per organisation.
    pub fn with_roles(recorded_by: RecordedBy, roles: Vec<(OrgPattern, Role)>) -> Caller {
        Caller {
            recorded_by,
            access: Access::Roles(roles),
        }
    }

    /// Who this is, as the events it records say.
    pub fn recorded_by(&self) -> &RecordedBy {
        &self.recorded_by
    }

    /// A name for logs and messages: the user name, the app or token name.
    pub fn name(&self) -> &str {
        self.recorded_by.display_name()
    }

    /// The highest role this caller has for `org`, if any. A token's `read` scope is a
    /// viewer, `emit` an editor (it may record without reading), `admin` an admin.
    pub fn role(&self, org: &str) -> Option<Role> {
        match &self.access {
            Access::Everything => Some(Role::Admin),
            Access::Roles(roles) => roles
                .iter()
                .filter(|(orgs, _)| orgs.covers(org))
                .map(|(_, role)| *role)
                .max(),
            Access::Scopes(scopes) => scopes.iter().filter_map(|s| scope_role(s, org)).max(),
        }
    }

    /// May this caller read `org`?
    pub fn may_read(&self, org: &str) -> bool {
        match &self.access {
            // An emit-only token records without reading.
            Access::Scopes(scopes) => scopes.iter().any(|s| s.allows_read(org)),
            _ => self.role(org).is_some(),
        }
    }

    /// May this caller record events for `org`?
    pub fn may_emit(&self, org: &str) -> bool {
        self.role(org) >= Some(Role::Editor)
    }

    /// May this caller manage `org`'s silences and source expectations?
    pub fn may_administer(&self, org: &str) -> bool {
        self.role(org) >= Some(Role::Admin)
    }

    /// May this caller record an event of `event_type` for `org`? Whoever may emit
    /// records what happened; silences and feed cadences are an admin's
    /// ([`EventType::is_administrative`]).
    pub fn may_record(&self, org: &str, event_type: EventType) -> bool {
        if event_type.is_administrative() {
            self.may_administer(org)
        } else {
            self.may_emit(org)
        }
    }

    /// May this caller record events for at least one organisation?
    pub fn may_emit_somewhere(&self) -> bool {
        match &self.access {
            Access::Everything => true,
            Access::Roles(roles) => roles.iter().any(|(_, role)| *role >= Role::Editor),
            Access::Scopes(scopes) => scopes
                .iter()
                .any(|s| matches!(s, Scope::Admin | Scope::Emit(_))),
        }
    }
}

/// The role one token scope gives for `org`.
fn scope_role(scope: &Scope, org: &str) -> Option<Role> {
    match scope {
        Scope::Admin => Some(Role::Admin),
        Scope::Emit(_) if scope.allows_emit(org) => Some(Role::Editor),
        Scope::Read(_) if scope.allows_read(org) => Some(Role::Viewer),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use govtrack_events::RecorderKind;

    use super::*;

    fn scopes(names: &[&str]) -> Vec<Scope> {
        names.iter().map(|s| Scope::parse(s).unwrap()).collect()
    }

    #[test]
    fn a_token_is_named_by_its_name_and_may_what_its_scopes_say() {
        let hr = Caller::token("hr-sync", scopes(&["emit:contoso", "read:*"]));
        assert_eq!(hr.recorded_by().kind, RecorderKind::Token);
        assert_eq!(hr.name(), "hr-sync");
        assert!(hr.may_emit("contoso") && !hr.may_emit("fabrikam"));
        assert!(hr.may_read("fabrikam"));
        assert!(!hr.may_administer("contoso"));
        let emit_only = Caller::token("flow", scopes(&["emit:contoso"]));
        assert!(emit_only.may_emit("contoso") && !emit_only.may_read("contoso"));
        assert!(emit_only.may_emit_somewhere());
        assert!(!Caller::token("dash", scopes(&["read:*"])).may_emit_somewhere());
        assert!(Caller::token("root", scopes(&["admin"])).may_administer("any"));
    }

    #[test]
    fn the_highest_matching_role_applies() {
        let ada = Caller::with_roles(
            RecordedBy::user("oid-1", Some("ada@contoso.com".into())),
            vec![
                (OrgPattern::Any, Role::Viewer),
                (OrgPattern::One("contoso".into()), Role::Admin),
                (OrgPattern::One("fabrikam".into()), Role::Editor),
            ],
        );
        assert_eq!(ada.role("contoso"), Some(Role::Admin));
        assert_eq!(ada.role("fabrikam"), Some(Role::Editor));
        assert_eq!(ada.role("tailspin"), Some(Role::Viewer));
        assert!(ada.may_read("tailspin") && !ada.may_emit("tailspin"));
        assert!(ada.may_emit_somewhere());
        assert_eq!(ada.name(), "ada@contoso.com");
    }

    #[test]
    fn an_editor_records_what_happened_and_only_an_admin_silences_or_sets_cadences() {
        let editor = Caller::with_roles(
            RecordedBy::user("oid", None),
            vec![(OrgPattern::One("contoso".into()), Role::Editor)],
        );
        assert!(editor.may_record("contoso", EventType::TrainingHeld));
        assert!(!editor.may_record("contoso", EventType::SilenceCreated));
        assert!(!editor.may_record("contoso", EventType::SourceExpected));
        assert!(!editor.may_record("fabrikam", EventType::TrainingHeld));
        let viewer = Caller::with_roles(
            RecordedBy::user("v", None),
            vec![(OrgPattern::Any, Role::Viewer)],
        );
        assert!(!viewer.may_record("contoso", EventType::TrainingHeld));
        assert!(Caller::local().may_record("contoso", EventType::SourceExpected));
        let emitter = Caller::token("flow", scopes(&["emit:contoso"]));
        assert!(!emitter.may_record("contoso", EventType::SilenceExpired));
        let root = Caller::token("root", scopes(&["admin"]));
        assert!(root.may_record("contoso", EventType::SilenceExpired));
    }

    #[test]
    fn someone_without_a_grant_may_do_nothing() {
        let nobody = Caller::with_roles(RecordedBy::user("oid-2", None), vec![]);
        assert_eq!(nobody.role("contoso"), None);
        assert!(!nobody.may_read("contoso") && !nobody.may_emit_somewhere());
        assert_eq!(nobody.name(), "oid-2");
    }

    #[test]
    fn the_local_user_may_do_everything_and_records_as_local() {
        let local = Caller::local();
        assert!(local.may_administer("contoso") && local.may_read("x"));
        assert_eq!(local.recorded_by().kind, RecorderKind::Local);
    }
}
