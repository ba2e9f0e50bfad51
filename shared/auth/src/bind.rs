//! Without tokens or an identity provider, anyone who can reach the port is trusted:
//! only loopback then.

use std::net::SocketAddr;

use crate::authenticator::Authenticator;

/// A non-loopback address without any token configured.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "refusing to listen on {addr} without authentication: no tokens file and no identity \
     provider are configured (set GOVTRACK_TOKENS_FILE or GOVTRACK_OIDC_ISSUER), or listen \
     on a loopback address such as 127.0.0.1"
)]
pub struct OpenBindError {
    /// The refused address.
    pub addr: SocketAddr,
}

/// Refuses a non-loopback `addr` when `auth` authenticates nobody, and warns that
/// authentication is off when it is loopback. `service` names the service in the log.
pub fn check_bind(
    auth: &Authenticator,
    addr: SocketAddr,
    service: &str,
) -> Result<(), OpenBindError> {
    if !auth.is_open() {
        return Ok(());
    }
    if !addr.ip().is_loopback() {
        return Err(OpenBindError { addr });
    }
    tracing::warn!(
        %addr,
        service,
        "no tokens configured: authentication is off, listening on loopback only"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_tokens_only_loopback_is_allowed() {
        let none = Authenticator::default();
        assert!(check_bind(&none, "127.0.0.1:0".parse().unwrap(), "test").is_ok());
        assert!(check_bind(&none, "[::1]:0".parse().unwrap(), "test").is_ok());
        let e = check_bind(&none, "0.0.0.0:8081".parse().unwrap(), "test").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("refusing to listen on 0.0.0.0:8081 without authentication"),
            "{e}"
        );
    }

    #[test]
    fn with_tokens_any_address_is_allowed() {
        let text = format!(
            "[[token]]\nname = \"t\"\nsha256 = \"{}\"\nscopes = [\"admin\"]\n",
            crate::hash_token("t")
        );
        let tokens = Authenticator::new(crate::TokenStore::parse(&text).unwrap(), None);
        assert!(check_bind(&tokens, "0.0.0.0:8081".parse().unwrap(), "test").is_ok());
    }
}
