//! The caller of a request once its token is known.

use crate::scope::Scope;

/// Who is calling, once authenticated.
#[derive(Debug, Clone)]
pub struct Caller {
    name: String,
    scopes: Vec<Scope>,
}

impl Caller {
    pub(crate) fn new(name: String, scopes: Vec<Scope>) -> Caller {
        Caller { name, scopes }
    }

    /// The caller when authentication is off: everything is allowed.
    pub fn anonymous() -> Caller {
        Caller::new("anonymous".to_owned(), vec![Scope::Admin])
    }

    /// The token's name, for logs.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// May this caller emit events for `org`?
    pub fn may_emit(&self, org: &str) -> bool {
        self.scopes.iter().any(|s| s.allows_emit(org))
    }

    /// May this caller emit events for at least one organisation? (What a client may
    /// be offered before it names one: the MCP write tools.)
    pub fn may_emit_somewhere(&self) -> bool {
        self.scopes
            .iter()
            .any(|s| matches!(s, Scope::Admin | Scope::Emit(_)))
    }

    /// May this caller read `org`?
    pub fn may_read(&self, org: &str) -> bool {
        self.scopes.iter().any(|s| s.allows_read(org))
    }
}
