//! Where a form returns to: the organisation's page it was opened from, as its reader
//! had it (its `as_of`), never anywhere else. The form carries it as its hidden `back`
//! field, which is checked again when the form comes back, so a changed field cannot
//! send anyone to another site.

use axum::http::{HeaderMap, header};

use crate::dashboard::notice::Recorded;

/// The page a form opened from the request with `headers` returns to: the page of
/// `org` that the `Referer` names on this site, else the organisation's page.
pub fn from_referer(headers: &HeaderMap, org: &str) -> String {
    let text = |name: &header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    let path = match (text(&header::REFERER), text(&header::HOST)) {
        (Some(referer), Some(host)) => (referer.split_once("://"))
            .and_then(|(_, rest)| rest.strip_prefix(host))
            .filter(|path| path.starts_with('/')),
        _ => None,
    };
    checked(path, org)
}

/// A sent form's `back`, kept when it is the page of `org` (with its `as_of`), else
/// the organisation's page.
pub fn checked(back: Option<&str>, org: &str) -> String {
    let page = format!("/orgs/{org}");
    let (path, query) = match back.map(|b| b.split_once('?').unwrap_or((b, ""))) {
        Some((path, query)) if path == page => (path, query),
        _ => return page,
    };
    let as_of = (form_urlencoded::parse(query.as_bytes()))
        .find(|(name, value)| name == "as_of" && !value.is_empty())
        .map(|(_, value)| value.into_owned());
    match as_of {
        Some(day) => format!("{path}?{}", encode(&[("as_of", day)])),
        None => path.to_owned(),
    }
}

/// `back` with the query that makes its page say what was recorded.
pub fn with_notice(back: &str, recorded: &Recorded) -> String {
    let separator = if back.contains('?') { '&' } else { '?' };
    format!("{back}{separator}{}", encode(&recorded.pairs()))
}

fn encode(pairs: &[(&str, String)]) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (name, value) in pairs {
        query.append_pair(name, value);
    }
    query.finish()
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn referer(value: &'static str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8081"));
        h.insert(header::REFERER, HeaderValue::from_static(value));
        h
    }

    #[test]
    fn a_form_returns_to_the_organisation_page_it_came_from_with_its_date() {
        let back = from_referer(
            &referer("http://127.0.0.1:8081/orgs/contoso?as_of=2026-01-31&recorded=4"),
            "contoso",
        );
        assert_eq!(back, "/orgs/contoso?as_of=2026-01-31");
        assert_eq!(from_referer(&HeaderMap::new(), "contoso"), "/orgs/contoso");
    }

    #[test]
    fn nothing_but_the_organisation_page_of_this_site_is_a_way_back() {
        for elsewhere in [
            "https://evil.example/orgs/contoso",
            "http://127.0.0.1:8081/orgs/fabrikam",
            "http://127.0.0.1:8081/orgs/contoso/record/training.held",
        ] {
            assert_eq!(
                from_referer(&referer(elsewhere), "contoso"),
                "/orgs/contoso",
                "{elsewhere}"
            );
        }
        for sent in [
            "//evil.example",
            "https://evil.example/orgs/contoso",
            "/orgs/contosoevil",
            "/\\evil",
        ] {
            assert_eq!(checked(Some(sent), "contoso"), "/orgs/contoso", "{sent}");
        }
        assert_eq!(
            checked(Some("/orgs/contoso?as_of=x%22%3E&next=//evil"), "contoso"),
            "/orgs/contoso?as_of=x%22%3E"
        );
    }

    #[test]
    fn the_notice_follows_the_page_query() {
        let recorded = Recorded {
            sequence: 12,
            again: false,
            levels: vec![("community".into(), 400)],
        };
        assert_eq!(
            with_notice("/orgs/c", &recorded),
            "/orgs/c?recorded=12&levels=community%3A400"
        );
        assert_eq!(
            with_notice(
                "/orgs/c?as_of=2026-01-31",
                &Recorded {
                    again: true,
                    levels: vec![],
                    ..recorded
                }
            ),
            "/orgs/c?as_of=2026-01-31&recorded=12&again=1"
        );
    }
}
