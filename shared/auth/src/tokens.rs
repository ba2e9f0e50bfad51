//! The tokens file. It holds SHA-256 hashes, never the tokens:
//!
//! ```toml
//! [[token]]
//! name = "hr-sync"                       # shown in logs
//! sha256 = "9f86d081884c7d65…"           # sha256 of the token, hex
//! scopes = ["emit:contoso", "read:contoso"]
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::caller::Caller;
use crate::scope::{Scope, ScopeError};

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

/// A tokens file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum TokensFileError {
    /// The file is missing or unreadable.
    #[error("cannot read the tokens file {}: {source}", path.display())]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file was read but one of its entries is wrong.
    #[error("tokens file {}: {problem}", path.display())]
    Invalid {
        path: PathBuf,
        problem: TokensProblem,
    },
}

/// What is wrong inside a tokens file.
#[derive(Debug, thiserror::Error)]
pub enum TokensProblem {
    /// Not TOML of the expected shape.
    #[error("{0}")]
    Syntax(String),
    /// `sha256` is not 64 hex digits.
    #[error("token {0:?}: sha256 must be 64 hex digits")]
    BadHash(String),
    /// One of the scopes is unknown.
    #[error("token {token:?}: {source}")]
    BadScope {
        token: String,
        #[source]
        source: ScopeError,
    },
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

impl TokenStore {
    /// Reads a tokens file; errors name the file and the entry.
    pub fn load(path: &Path) -> Result<TokenStore, TokensFileError> {
        let text = std::fs::read_to_string(path).map_err(|source| TokensFileError::Unreadable {
            path: path.to_owned(),
            source,
        })?;
        Self::parse(&text).map_err(|problem| TokensFileError::Invalid {
            path: path.to_owned(),
            problem,
        })
    }

    /// Reads the tokens file at `path` when there is one; none means no tokens.
    pub fn load_optional(path: Option<&Path>) -> Result<TokenStore, TokensFileError> {
        path.map_or_else(|| Ok(TokenStore::default()), TokenStore::load)
    }

    /// Parses the TOML text of a tokens file.
    pub fn parse(text: &str) -> Result<TokenStore, TokensProblem> {
        let file: TokensFile =
            toml::from_str(text).map_err(|e| TokensProblem::Syntax(e.to_string()))?;
        let tokens = file
            .token
            .into_iter()
            .map(Token::from_entry)
            .collect::<Result<_, _>>()?;
        Ok(TokenStore { tokens })
    }

    /// True when no token is configured.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// Finds the caller of a token.
    pub fn authenticate(&self, token: &str) -> Option<Caller> {
        let digest: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        self.tokens
            .iter()
            .find(|t| t.sha256 == digest)
            .map(|t| Caller::token(t.name.clone(), t.scopes.clone()))
    }
}

impl Token {
    fn from_entry(entry: TokenEntry) -> Result<Token, TokensProblem> {
        let sha256 = hex::decode(entry.sha256.trim())
            .ok()
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .ok_or_else(|| TokensProblem::BadHash(entry.name.clone()))?;
        let scopes = entry
            .scopes
            .iter()
            .map(|s| Scope::parse(s))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|source| TokensProblem::BadScope {
                token: entry.name.clone(),
                source,
            })?;
        Ok(Token {
            name: entry.name,
            sha256,
            scopes,
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
        assert_eq!(caller.name(), "hr");
        assert!(caller.may_emit("contoso"));
        assert!(!caller.may_emit("fabrikam"));
        assert!(caller.may_read("fabrikam"));
        assert!(caller.may_emit_somewhere());
        assert!(store.authenticate("wrong").is_none());
    }

    #[test]
    fn a_bad_scope_or_hash_is_named() {
        let bad_hash = "[[token]]\nname = \"x\"\nsha256 = \"00\"\nscopes = []\n";
        let e = TokenStore::parse(bad_hash).unwrap_err().to_string();
        assert!(e.contains("64 hex digits"), "{e}");
        let file = format!(
            "[[token]]\nname = \"x\"\nsha256 = \"{}\"\nscopes = [\"write:all\"]\n",
            hash_token("t")
        );
        let e = TokenStore::parse(&file).unwrap_err().to_string();
        assert!(
            e.contains("token \"x\": unknown scope \"write:all\""),
            "{e}"
        );
    }

    #[test]
    fn a_missing_file_is_named_and_no_file_means_no_tokens() {
        let e = TokenStore::load(Path::new("/nonexistent/tokens.toml")).unwrap_err();
        assert!(e.to_string().contains("/nonexistent/tokens.toml"), "{e}");
        assert!(TokenStore::load_optional(None).unwrap().is_empty());
    }

    #[test]
    fn the_deploy_example_parses() {
        let text = include_str!("../../../deploy/examples/tokens.toml");
        let store = TokenStore::parse(text).unwrap();
        let dashboard = store.authenticate("change-me-dashboard").unwrap();
        assert!(dashboard.may_read("contoso") && !dashboard.may_emit("contoso"));
        assert!(!dashboard.may_emit_somewhere());
    }
}
