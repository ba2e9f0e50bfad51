//! One permission of a token: `emit:{org}`, `emit:*`, `read:{org}`, `read:*`, `admin`.

/// One permission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Emit events for one org, or all (`None`).
    Emit(Option<String>),
    /// Read one org, or all (`None`).
    Read(Option<String>),
    /// Everything.
    Admin,
}

/// A scope that is none of the known forms.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown scope {0:?}: expected emit:ORG, emit:*, read:ORG, read:* or admin")]
pub struct ScopeError(pub String);

impl Scope {
    /// Parses `emit:contoso`, `emit:*`, `read:…`, `admin`.
    pub fn parse(s: &str) -> Result<Scope, ScopeError> {
        let org = |rest: &str| (rest != "*").then(|| rest.to_owned());
        match s.split_once(':') {
            Some(("emit", rest)) if !rest.is_empty() => Ok(Scope::Emit(org(rest))),
            Some(("read", rest)) if !rest.is_empty() => Ok(Scope::Read(org(rest))),
            None if s == "admin" => Ok(Scope::Admin),
            _ => Err(ScopeError(s.to_owned())),
        }
    }

    /// Does this scope allow emitting events for `org`?
    pub fn allows_emit(&self, org: &str) -> bool {
        match self {
            Scope::Admin | Scope::Emit(None) => true,
            Scope::Emit(Some(o)) => o == org,
            Scope::Read(_) => false,
        }
    }

    /// Does this scope allow reading `org`?
    pub fn allows_read(&self, org: &str) -> bool {
        match self {
            Scope::Admin | Scope::Read(None) => true,
            Scope::Read(Some(o)) => o == org,
            Scope::Emit(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_form_parses_and_grants_what_it_names() {
        let contoso = Scope::parse("read:contoso").unwrap();
        assert!(contoso.allows_read("contoso") && !contoso.allows_read("fabrikam"));
        assert!(!contoso.allows_emit("contoso"));
        assert!(Scope::parse("read:*").unwrap().allows_read("fabrikam"));
        assert!(Scope::parse("emit:*").unwrap().allows_emit("fabrikam"));
        let admin = Scope::parse("admin").unwrap();
        assert!(admin.allows_read("x") && admin.allows_emit("y"));
    }

    #[test]
    fn an_unknown_or_empty_scope_is_refused_by_name() {
        for bad in ["write:all", "read:", "admin:x", ""] {
            let e = Scope::parse(bad).unwrap_err();
            assert!(e.to_string().contains(&format!("{bad:?}")), "{e}");
        }
    }
}
