//! The tokens-file flag (behind the `clap` feature): ingest and the read API read the
//! same file, so `--tokens-file` / `GOVTRACK_TOKENS_FILE` is declared once, here, and
//! both services flatten it.

use std::path::PathBuf;

use clap::Args;

use crate::{TokenStore, TokensFileError};

/// Where the tokens are.
#[derive(Debug, Clone, Default, Args)]
pub struct TokensArgs {
    /// Tokens file (TOML with SHA-256 hashes and scopes) of the ingest API (emit
    /// scopes) and the read API (read:ORG, read:* or admin). Without it, only loopback.
    #[arg(long, env = "GOVTRACK_TOKENS_FILE")]
    pub tokens_file: Option<PathBuf>,
}

impl TokensArgs {
    /// The tokens, when a file is set.
    pub fn load(&self) -> Result<Option<TokenStore>, TokensFileError> {
        self.tokens_file
            .as_deref()
            .map(TokenStore::load)
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        tokens: TokensArgs,
    }

    #[test]
    fn without_a_file_there_are_no_tokens() {
        let cli = Cli::parse_from(["t"]);
        assert!(cli.tokens.load().unwrap().is_none());
    }

    #[test]
    fn a_missing_file_is_an_error_not_an_open_service() {
        let cli = Cli::parse_from(["t", "--tokens-file", "/nonexistent/tokens.toml"]);
        assert!(cli.tokens.load().is_err());
    }
}
