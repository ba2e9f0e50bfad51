//! A person the test provider signs in, with the claims Entra ID would give them.

use serde_json::{Value, json};

/// A person of the test tenant.
#[derive(Debug, Clone)]
pub struct TestUser {
    /// Object id (`oid`).
    pub oid: String,
    /// Display name (`name`).
    pub name: String,
    /// User name (`preferred_username`).
    pub user_name: String,
    /// Object ids of their groups (`groups`).
    pub groups: Vec<String>,
    /// Values of the app roles assigned to them (`roles`).
    pub app_roles: Vec<String>,
    /// More groups than a token carries: `groups` is left out and `_claim_names`
    /// points at Microsoft Graph instead, as Entra does past 200 groups.
    pub group_overage: bool,
}

impl TestUser {
    /// `user_name` (e.g. `ada@contoso.com`) called `name`, with an object id of its own
    /// and no groups or roles.
    pub fn new(user_name: &str, name: &str) -> TestUser {
        TestUser {
            oid: format!("oid-{}", ulid::Ulid::new().to_string().to_lowercase()),
            name: name.to_owned(),
            user_name: user_name.to_owned(),
            groups: Vec::new(),
            app_roles: Vec::new(),
            group_overage: false,
        }
    }

    /// The same person in `groups` (object ids).
    pub fn in_groups(mut self, groups: &[&str]) -> TestUser {
        self.groups = groups.iter().map(|g| (*g).to_owned()).collect();
        self
    }

    /// The same person with the app roles `roles` (values).
    pub fn with_app_roles(mut self, roles: &[&str]) -> TestUser {
        self.app_roles = roles.iter().map(|r| (*r).to_owned()).collect();
        self
    }

    /// The same person in too many groups for a token.
    pub fn with_group_overage(mut self) -> TestUser {
        self.group_overage = true;
        self
    }

    /// Their claims in a token of tenant `tenant`: `oid`, `sub`, `tid`, `name`,
    /// `preferred_username`, `roles`, and `groups` or the overage pointer.
    pub fn claims(&self, tenant: &str) -> Value {
        let mut claims = json!({
            "oid": self.oid,
            "sub": format!("sub-{}", self.oid),
            "tid": tenant,
            "name": self.name,
            "preferred_username": self.user_name,
        });
        if !self.app_roles.is_empty() {
            claims["roles"] = json!(self.app_roles);
        }
        if self.group_overage {
            claims["_claim_names"] = json!({ "groups": "src1" });
            claims["_claim_sources"] = json!({
                "src1": { "endpoint": format!("https://graph.microsoft.com/v1.0/users/{}/getMemberObjects", self.oid) }
            });
        } else if !self.groups.is_empty() {
            claims["groups"] = json!(self.groups);
        }
        claims
    }
}
