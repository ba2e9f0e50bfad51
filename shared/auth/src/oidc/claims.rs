//! What a verified token says about its bearer: the claims govtrack reads from an
//! Entra ID token, and the [`Identity`] they make, a person or an app.
//!
//! A token with a person behind it carries `scp` (delegated), `idtyp: user`, or a user
//! name; a client-credentials token has none of them and is an app, named by `azp`
//! (v2 tokens) or `appid` (v1).

use govtrack_events::RecordedBy;
use serde::{Deserialize, Serialize};

/// The claims govtrack reads. Everything is optional here: the verifier has checked
/// `iss`, `aud`, `exp` and `nbf` already, and [`Identity::from_claims`] says what is
/// missing.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Claims {
    /// Expiry, seconds since the epoch (checked by the verifier).
    pub exp: Option<u64>,
    pub oid: Option<String>,
    pub sub: Option<String>,
    pub tid: Option<String>,
    pub name: Option<String>,
    pub preferred_username: Option<String>,
    pub upn: Option<String>,
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub groups: Vec<String>,
    /// Present when Entra left `groups` out (more than the token holds).
    #[serde(rename = "_claim_names")]
    pub claim_names: Option<serde_json::Map<String, serde_json::Value>>,
    pub azp: Option<String>,
    pub appid: Option<String>,
    pub idtyp: Option<String>,
    pub scp: Option<String>,
    pub nonce: Option<String>,
}

/// Who a token or a session is, with the groups and app roles it came with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    pub principal: Principal,
    /// Object ids of the groups the token listed.
    #[serde(default)]
    pub groups: Vec<String>,
    /// Values of the app roles the token listed.
    #[serde(default)]
    pub app_roles: Vec<String>,
    /// Entra left the groups out: too many for a token (`_claim_names`).
    #[serde(default)]
    pub groups_overage: bool,
}

/// A person or an app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Principal {
    /// A signed-in person.
    User {
        /// Object id: stable, what events record.
        oid: String,
        /// Display name.
        name: Option<String>,
        /// `preferred_username`, else `upn`.
        user_name: Option<String>,
        /// `upn` when it differs from the user name.
        upn: Option<String>,
        /// Tenant id.
        tenant: Option<String>,
    },
    /// An application on its own (client credentials).
    App {
        /// Application (client) id.
        app_id: String,
        /// Tenant id.
        tenant: Option<String>,
    },
}

/// A verified token that names nobody govtrack can record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct IdentityError(String);

impl Identity {
    /// The identity the claims describe.
    pub fn from_claims(claims: Claims) -> Result<Identity, IdentityError> {
        let person = claims.scp.is_some()
            || claims.idtyp.as_deref() == Some("user")
            || claims.preferred_username.is_some()
            || claims.upn.is_some();
        let principal = if person && claims.idtyp.as_deref() != Some("app") {
            let oid = claims.oid.or(claims.sub).ok_or_else(|| {
                IdentityError("the token names no person: it has neither oid nor sub".into())
            })?;
            let user_name = claims.preferred_username.or_else(|| claims.upn.clone());
            let upn = claims.upn.filter(|u| Some(u) != user_name.as_ref());
            Principal::User {
                oid,
                name: claims.name,
                user_name,
                upn,
                tenant: claims.tid,
            }
        } else {
            let app_id = claims.azp.or(claims.appid).ok_or_else(|| {
                IdentityError("an app-only token must name its app in azp or appid".into())
            })?;
            Principal::App {
                app_id,
                tenant: claims.tid,
            }
        };
        let groups_overage = claims
            .claim_names
            .as_ref()
            .is_some_and(|names| names.contains_key("groups"));
        Ok(Identity {
            principal,
            groups: claims.groups,
            app_roles: claims.roles,
            groups_overage,
        })
    }

    /// The name to show: the display name, else the user name, else the id.
    pub fn display_name(&self) -> &str {
        match &self.principal {
            Principal::User {
                oid,
                name,
                user_name,
                ..
            } => name.as_deref().or(user_name.as_deref()).unwrap_or(oid),
            Principal::App { app_id, .. } => app_id,
        }
    }

    /// Who the events this identity records say recorded them: a person by object id
    /// with their user name, an app by its app id.
    pub fn recorded_by(&self) -> RecordedBy {
        match &self.principal {
            Principal::User {
                oid,
                name,
                user_name,
                ..
            } => RecordedBy::user(oid, user_name.clone().or_else(|| name.clone())),
            Principal::App { app_id, .. } => RecordedBy::app(app_id, None),
        }
    }

    /// The names a `user = …` grant may use for this identity: the user name, the
    /// upn and the object id (an app's id for an app).
    pub fn grant_names(&self) -> Vec<&str> {
        match &self.principal {
            Principal::User {
                oid,
                user_name,
                upn,
                ..
            } => [Some(oid.as_str()), user_name.as_deref(), upn.as_deref()]
                .into_iter()
                .flatten()
                .collect(),
            Principal::App { app_id, .. } => vec![app_id.as_str()],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(json: serde_json::Value) -> Claims {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn a_delegated_token_is_a_person_named_by_oid_with_their_user_name() {
        let id = Identity::from_claims(claims(serde_json::json!({
            "oid": "o1", "sub": "s1", "tid": "t1", "name": "Ada Lovelace",
            "preferred_username": "ada@contoso.com", "scp": "Events.ReadWrite",
            "groups": ["g1"], "roles": ["Govtrack.Editor"], "azp": "client"
        })))
        .unwrap();
        assert_eq!(
            id.principal,
            Principal::User {
                oid: "o1".into(),
                name: Some("Ada Lovelace".into()),
                user_name: Some("ada@contoso.com".into()),
                upn: None,
                tenant: Some("t1".into()),
            }
        );
        assert_eq!(id.groups, ["g1"]);
        assert_eq!(id.app_roles, ["Govtrack.Editor"]);
        assert_eq!(id.display_name(), "Ada Lovelace");
        assert!(!id.groups_overage);
    }

    #[test]
    fn a_client_credentials_token_is_an_app_named_by_azp_or_appid() {
        let v2 = claims(serde_json::json!({"oid": "sp", "azp": "app-1", "roles": ["r"]}));
        let id = Identity::from_claims(v2).unwrap();
        assert!(matches!(id.principal, Principal::App { ref app_id, .. } if app_id == "app-1"));
        let v1 = claims(serde_json::json!({"oid": "sp", "appid": "app-2", "idtyp": "app"}));
        assert_eq!(Identity::from_claims(v1).unwrap().display_name(), "app-2");
        let nameless = claims(serde_json::json!({"oid": "sp"}));
        let e = Identity::from_claims(nameless).unwrap_err();
        assert!(e.to_string().contains("azp or appid"), "{e}");
    }

    #[test]
    fn claim_names_for_groups_is_the_overage_signal() {
        let id = Identity::from_claims(claims(serde_json::json!({
            "oid": "o1", "preferred_username": "u", "_claim_names": {"groups": "src1"}
        })))
        .unwrap();
        assert!(id.groups_overage && id.groups.is_empty());
    }
}
