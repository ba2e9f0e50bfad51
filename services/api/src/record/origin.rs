//! Whether a form was sent by a page of this site. Browsers name the page's origin in
//! `Origin` on every POST (or at least say `Sec-Fetch-Site`); a write whose origin is
//! another site is refused before anything else is read. This site is the one the
//! request's `Host` names, or the public URL (`GOVTRACK_PUBLIC_URL`) behind a proxy
//! that rewrites `Host`. A client that is no browser sends neither header, and still
//! needs the form's `csrf`.

use axum::http::{HeaderMap, header};

/// Why a write is refused as coming from another site.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}: forms may only be sent from this site's own pages")]
pub struct ForeignOrigin(String);

/// Refuses a write sent from a page of another site than the one `Host` names or the
/// `public` origin (`https://govtrack.contoso.com`).
pub fn same_origin(headers: &HeaderMap, public: Option<&str>) -> Result<(), ForeignOrigin> {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let host = text(header::HOST.as_str());
    match text(header::ORIGIN.as_str()) {
        Some(origin) if Some(origin) == public => Ok(()),
        Some(origin) => {
            let authority = origin.split_once("://").map(|(_, rest)| rest);
            match (authority, host) {
                (Some(a), Some(h)) if a.eq_ignore_ascii_case(h) => Ok(()),
                _ => Err(ForeignOrigin(format!("a page of {origin} sent this form"))),
            }
        }
        None if headers.contains_key(header::ORIGIN) => {
            Err(ForeignOrigin("an unreadable Origin".to_owned()))
        }
        None => match text("sec-fetch-site") {
            Some(site @ ("cross-site" | "same-site")) => Err(ForeignOrigin(format!(
                "a page of another site ({site}) sent this form"
            ))),
            _ => Ok(()),
        },
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn a_page_of_this_site_may_send_a_form() {
        let own = [
            ("host", "127.0.0.1:8081"),
            ("origin", "http://127.0.0.1:8081"),
        ];
        assert_eq!(same_origin(&headers(&own), None), Ok(()));
        let no_browser = [("host", "127.0.0.1:8081")];
        assert_eq!(same_origin(&headers(&no_browser), None), Ok(()));
        let fetch = [("host", "h"), ("sec-fetch-site", "same-origin")];
        assert_eq!(same_origin(&headers(&fetch), None), Ok(()));
    }

    #[test]
    fn a_page_of_another_site_may_not() {
        for origin in ["https://evil.example", "null", "http://127.0.0.1:8082"] {
            let h = headers(&[("host", "127.0.0.1:8081"), ("origin", origin)]);
            let e = same_origin(&h, Some("https://govtrack.contoso.com")).unwrap_err();
            assert!(e.to_string().contains(origin), "{e}");
        }
        let h = headers(&[("host", "h"), ("sec-fetch-site", "cross-site")]);
        assert!(same_origin(&h, None).is_err());
    }

    #[test]
    fn behind_a_proxy_the_public_url_is_this_site() {
        let proxied = [
            ("host", "10.0.0.5:8081"),
            ("origin", "https://govtrack.contoso.com"),
        ];
        let public = Some("https://govtrack.contoso.com");
        assert_eq!(same_origin(&headers(&proxied), public), Ok(()));
        assert!(same_origin(&headers(&proxied), None).is_err());
    }
}
