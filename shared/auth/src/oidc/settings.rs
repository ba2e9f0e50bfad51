//! The OpenID Connect settings ingest and the api share: the issuer, the client, the
//! audience of access tokens, and the grants file.

use std::path::PathBuf;

/// How to reach and trust the identity provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OidcSettings {
    /// `https://login.microsoftonline.com/{tenant}/v2.0`; its
    /// `/.well-known/openid-configuration` is the discovery document.
    pub issuer: String,
    /// The app registration's application (client) id: the `aud` of ID tokens.
    pub client_id: String,
    /// The `aud` access tokens must carry (default: the client id).
    pub audience: String,
    /// The file holding the client secret (the dashboard's sign-in needs it).
    pub client_secret_file: Option<PathBuf>,
    /// The grants file: who may read, record or administer which organisation.
    pub access_file: Option<PathBuf>,
}

/// Settings that cannot work together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct OidcSettingsError(pub String);

impl OidcSettings {
    /// Checks what the flags gave: the client id goes with the issuer, and the issuer
    /// is `https://` (plain `http://` only on a loopback host, for tests).
    pub fn new(
        issuer: Option<&str>,
        client_id: Option<&str>,
        audience: Option<&str>,
        client_secret_file: Option<PathBuf>,
        access_file: Option<PathBuf>,
    ) -> Result<Option<OidcSettings>, OidcSettingsError> {
        let error = |s: &str| Err(OidcSettingsError(s.to_owned()));
        let Some(issuer) = issuer.map(|i| i.trim().trim_end_matches('/')) else {
            if client_id.is_some() || audience.is_some() || access_file.is_some() {
                return error(
                    "GOVTRACK_OIDC_CLIENT_ID, GOVTRACK_OIDC_AUDIENCE and GOVTRACK_ACCESS_FILE \
                     need GOVTRACK_OIDC_ISSUER (--oidc-issuer)",
                );
            }
            return Ok(None);
        };
        if !secure_or_loopback(issuer) {
            return error(&format!(
                "GOVTRACK_OIDC_ISSUER {issuer:?} must be an https:// URL \
                 (http:// is accepted for 127.0.0.1 and localhost only)"
            ));
        }
        let Some(client_id) = client_id.map(str::trim).filter(|c| !c.is_empty()) else {
            return error(
                "GOVTRACK_OIDC_ISSUER needs GOVTRACK_OIDC_CLIENT_ID (--oidc-client-id): \
                 the app registration's application (client) id",
            );
        };
        Ok(Some(OidcSettings {
            issuer: issuer.to_owned(),
            client_id: client_id.to_owned(),
            audience: audience.unwrap_or(client_id).trim().to_owned(),
            client_secret_file,
            access_file,
        }))
    }

    /// The client secret, read from its file (trimmed).
    pub fn client_secret(&self) -> Result<String, OidcSettingsError> {
        let Some(path) = &self.client_secret_file else {
            return Err(OidcSettingsError(
                "the dashboard's sign-in needs the client secret: set \
                 GOVTRACK_OIDC_CLIENT_SECRET_FILE (--oidc-client-secret-file)"
                    .into(),
            ));
        };
        let text = std::fs::read_to_string(path).map_err(|e| {
            OidcSettingsError(format!(
                "cannot read the client secret file {}: {e}",
                path.display()
            ))
        })?;
        let secret = text.trim();
        if secret.is_empty() {
            return Err(OidcSettingsError(format!(
                "the client secret file {} is empty",
                path.display()
            )));
        }
        Ok(secret.to_owned())
    }
}

fn secure_or_loopback(url: &str) -> bool {
    if url.starts_with("https://") {
        return url.len() > "https://".len();
    }
    let Some(rest) = url.strip_prefix("http://") else {
        return false;
    };
    let host = rest.split(['/', ':']).next().unwrap_or_default();
    host == "127.0.0.1" || host == "localhost" || rest.starts_with("[::1]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_an_issuer_sign_in_is_off_and_its_companions_are_refused() {
        assert_eq!(OidcSettings::new(None, None, None, None, None), Ok(None));
        let e = OidcSettings::new(None, Some("c"), None, None, None).unwrap_err();
        assert!(e.0.contains("need GOVTRACK_OIDC_ISSUER"), "{e}");
    }

    #[test]
    fn the_audience_defaults_to_the_client_id() {
        let s = OidcSettings::new(
            Some("https://login.example/t/v2.0/"),
            Some("cid"),
            None,
            None,
            None,
        )
        .unwrap()
        .unwrap();
        assert_eq!(s.issuer, "https://login.example/t/v2.0");
        assert_eq!(s.audience, "cid");
        let s = OidcSettings::new(
            Some("https://x"),
            Some("cid"),
            Some("api://govtrack"),
            None,
            None,
        )
        .unwrap()
        .unwrap();
        assert_eq!(s.audience, "api://govtrack");
    }

    #[test]
    fn an_issuer_needs_a_client_id_and_https_off_loopback() {
        let e = OidcSettings::new(Some("https://x"), None, None, None, None).unwrap_err();
        assert!(e.0.contains("GOVTRACK_OIDC_CLIENT_ID"), "{e}");
        let e = OidcSettings::new(Some("http://login.example"), Some("c"), None, None, None)
            .unwrap_err();
        assert!(e.0.contains("https://"), "{e}");
        assert!(
            OidcSettings::new(Some("http://127.0.0.1:9/t"), Some("c"), None, None, None).is_ok()
        );
    }

    #[test]
    fn a_missing_secret_file_is_named() {
        let s = OidcSettings::new(
            Some("https://x"),
            Some("c"),
            None,
            Some("/nonexistent/secret".into()),
            None,
        )
        .unwrap()
        .unwrap();
        assert!(
            s.client_secret()
                .unwrap_err()
                .0
                .contains("/nonexistent/secret")
        );
    }
}
