//! The dashboard's external base URL (`--public-url`, `GOVTRACK_PUBLIC_URL`), as the
//! people and assistants who reach the api through a proxy or a DNS name see it. It
//! names the host that `/mcp` answers besides loopback (its DNS-rebinding check), and
//! the origin a browser may call it from.

use std::fmt;
use std::str::FromStr;

use axum::http::Uri;

/// An absolute `http` or `https` URL with a host, e.g. `https://govtrack.contoso.com`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrl {
    scheme: String,
    host: String,
    port: Option<u16>,
    path: String,
}

/// Why a public URL was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("public URL {given:?}: {reason}")]
pub struct PublicUrlError {
    given: String,
    reason: &'static str,
}

impl FromStr for PublicUrl {
    type Err = PublicUrlError;

    fn from_str(given: &str) -> Result<PublicUrl, PublicUrlError> {
        let refuse = |reason| PublicUrlError {
            given: given.to_owned(),
            reason,
        };
        let uri: Uri = given.trim().parse().map_err(|_| refuse("not a URL"))?;
        let scheme = match uri.scheme_str().map(str::to_ascii_lowercase) {
            Some(s) if s == "http" || s == "https" => s,
            _ => return Err(refuse("expected http:// or https:// and a host")),
        };
        let authority = uri.authority().ok_or_else(|| refuse("no host"))?;
        if authority.as_str().contains('@') {
            return Err(refuse("a user or password has no place in it"));
        }
        if uri.query().is_some() {
            return Err(refuse("a query has no place in it"));
        }
        Ok(PublicUrl {
            scheme,
            host: authority
                .host()
                .trim_matches(['[', ']'])
                .to_ascii_lowercase(),
            port: authority.port_u16(),
            path: uri.path().trim_end_matches('/').to_owned(),
        })
    }
}

impl PublicUrl {
    /// The host name or address, lower case, without brackets or port.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// `scheme://host[:port]`, the `Origin` a browser sends from it.
    pub fn origin(&self) -> String {
        let host = match self.host.contains(':') {
            true => format!("[{}]", self.host),
            false => self.host.clone(),
        };
        match self.port {
            Some(port) => format!("{}://{host}:{port}", self.scheme),
            None => format!("{}://{host}", self.scheme),
        }
    }

    /// The URL of `path` (which starts with `/`) under this base.
    pub fn join(&self, path: &str) -> String {
        format!("{}{}{path}", self.origin(), self.path)
    }
}

impl fmt::Display for PublicUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.origin(), self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_public_url_gives_its_host_origin_and_paths() {
        let url: PublicUrl = "https://GovTrack.Contoso.com/".parse().unwrap();
        assert_eq!(url.host(), "govtrack.contoso.com");
        assert_eq!(url.origin(), "https://govtrack.contoso.com");
        assert_eq!(url.join("/mcp"), "https://govtrack.contoso.com/mcp");
        let proxied: PublicUrl = "http://10.0.0.5:8443/govtrack".parse().unwrap();
        assert_eq!(proxied.origin(), "http://10.0.0.5:8443");
        assert_eq!(proxied.join("/mcp"), "http://10.0.0.5:8443/govtrack/mcp");
        let v6: PublicUrl = "http://[::1]:8081".parse().unwrap();
        assert_eq!(
            (v6.host(), v6.origin().as_str()),
            ("::1", "http://[::1]:8081")
        );
    }

    #[test]
    fn a_url_without_scheme_or_host_or_with_a_user_is_refused_by_name() {
        for bad in [
            "govtrack.contoso.com",
            "ftp://x.example",
            "/mcp",
            "https://u:p@x.example",
            "",
        ] {
            let e = bad.parse::<PublicUrl>().unwrap_err().to_string();
            assert!(e.starts_with(&format!("public URL {bad:?}: ")), "{e}");
        }
    }
}
