//! Tokens and scopes. The tokens file holds SHA-256 hashes, never the tokens:
//!
//! ```toml
//! [[token]]
//! name = "hr-sync"                       # shown in logs
//! sha256 = "9f86d081884c7d65…"           # sha256 of the bearer token, hex
//! scopes = ["emit:contoso", "read:contoso"]
//! ```
//! Scopes: `emit:{org}`, `emit:*`, `read:{org}`, `read:*`, `admin` (everything).

use std::path::Path;

use serde::Deserialize;
use sha2::{Digest, Sha256};

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

impl Scope {
    /// Parses `emit:contoso`, `emit:*`, `read:…`, `admin`.
    pub fn parse(s: &str) -> Result<Scope, String> {
        let org = |rest: &str| {
            if rest == "*" {
                None
            } else {
                Some(rest.to_owned())
            }
        };
        match s.split_once(':') {
            Some(("emit", rest)) if !rest.is_empty() => Ok(Scope::Emit(org(rest))),
            Some(("read", rest)) if !rest.is_empty() => Ok(Scope::Read(org(rest))),
            None if s == "admin" => Ok(Scope::Admin),
            _ => Err(format!(
                "unknown scope {s:?}: expected emit:ORG, emit:*, read:ORG, read:* or admin"
            )),
        }
    }

    fn allows_emit(&self, org: &str) -> bool {
        match self {
            Scope::Admin | Scope::Emit(None) => true,
            Scope::Emit(Some(o)) => o == org,
            Scope::Read(_) => false,
        }
    }

    fn allows_read(&self, org: &str) -> bool {
        match self {
            Scope::Admin | Scope::Read(None) => true,
            Scope::Read(Some(o)) => o == org,
            Scope::Emit(_) => false,
        }
    }
}

#[derive(Debug, Clone)]
struct Token {
    name: String,
    sha256: [u8; 32],
    scopes: Vec<Scope>,
}

/// The configured tokens. Empty means "no authentication" (loopback only).
#[derive(Debug, Clone, Default)]
pub struct TokenStore {
    tokens: Vec<Token>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TokensFile {
    #[serde(default)]
    token: Vec<TokenEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenEntry {
    name: String,
    sha256: String,
    scopes: Vec<String>,
}

/// Who is calling, once authenticated.
#[derive(Debug, Clone)]
pub struct Caller {
    name: String,
    scopes: Vec<Scope>,
}

impl Caller {
    /// The token's name, for logs.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// May this caller emit events for `org`?
    pub fn may_emit(&self, org: &str) -> bool {
        self.scopes.iter().any(|s| s.allows_emit(org))
    }
    /// May this caller read `org`?
    pub fn may_read(&self, org: &str) -> bool {
        self.scopes.iter().any(|s| s.allows_read(org))
    }
    /// The caller when authentication is off.
    pub fn anonymous() -> Caller {
        Caller {
            name: "anonymous".to_owned(),
            scopes: vec![Scope::Admin],
        }
    }
}

impl TokenStore {
    /// Reads a tokens file; errors name the file and the entry.
    pub fn load(path: &Path) -> Result<TokenStore, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Self::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Parses the TOML text of a tokens file.
    pub fn parse(text: &str) -> Result<TokenStore, String> {
        let file: TokensFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut tokens = Vec::with_capacity(file.token.len());
        for entry in file.token {
            let bytes = hex::decode(entry.sha256.trim())
                .ok()
                .and_then(|b| <[u8; 32]>::try_from(b).ok())
                .ok_or_else(|| format!("token {:?}: sha256 must be 64 hex digits", entry.name))?;
            let scopes = entry
                .scopes
                .iter()
                .map(|s| Scope::parse(s).map_err(|e| format!("token {:?}: {e}", entry.name)))
                .collect::<Result<Vec<_>, _>>()?;
            tokens.push(Token {
                name: entry.name,
                sha256: bytes,
                scopes,
            });
        }
        Ok(TokenStore { tokens })
    }

    /// True when no token is configured.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// Finds the caller of a bearer token.
    pub fn authenticate(&self, bearer: &str) -> Option<Caller> {
        let digest: [u8; 32] = Sha256::digest(bearer.as_bytes()).into();
        self.tokens
            .iter()
            .find(|t| t.sha256 == digest)
            .map(|t| Caller {
                name: t.name.clone(),
                scopes: t.scopes.clone(),
            })
    }
}

/// The hex SHA-256 of a token, as written in the tokens file.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_grant_what_they_name() {
        let file = format!(
            "[[token]]\nname = \"hr\"\nsha256 = \"{}\"\nscopes = [\"emit:contoso\", \"read:*\"]\n",
            hash_token("s3cret")
        );
        let store = TokenStore::parse(&file).unwrap();
        let caller = store.authenticate("s3cret").unwrap();
        assert!(caller.may_emit("contoso"));
        assert!(!caller.may_emit("fabrikam"));
        assert!(caller.may_read("fabrikam"));
        assert!(store.authenticate("wrong").is_none());
    }

    #[test]
    fn a_bad_scope_or_hash_is_named() {
        let bad_scope = "[[token]]\nname = \"x\"\nsha256 = \"00\"\nscopes = []\n";
        assert!(
            TokenStore::parse(bad_scope)
                .unwrap_err()
                .contains("64 hex digits")
        );
        let file = format!(
            "[[token]]\nname = \"x\"\nsha256 = \"{}\"\nscopes = [\"write:all\"]\n",
            hash_token("t")
        );
        assert!(
            TokenStore::parse(&file)
                .unwrap_err()
                .contains("unknown scope \"write:all\"")
        );
    }
}
