//! Sessions of signed-in people, kept by their browsers: a cookie whose value is the
//! session's JSON encrypted and authenticated with the session key (AES-256-GCM, the
//! cookie's name bound in). A changed byte makes it no session at all. The expiry is
//! inside the sealed value, so an old cookie a browser kept is refused too.
//!
//! The same sealing keeps a sign-in's `state`, `nonce` and PKCE verifier between
//! `/auth/login` and `/auth/callback` ([`SIGN_IN_COOKIE`], ten minutes, `/auth` only).

use axum::http::{HeaderMap, HeaderValue, header};
use cookie::{Cookie, CookieJar, Key, SameSite};
use govtrack_auth::oidc::{Grants, Identity};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The session cookie.
pub const SESSION_COOKIE: &str = "govtrack_session";

/// The cookie of a sign-in under way.
pub const SIGN_IN_COOKIE: &str = "govtrack_signin";

/// Groups a session keeps: those a grant names first, then others to show on the
/// no-grant page, up to this many (a cookie holds about 4 KB).
const GROUPS_KEPT: usize = 40;

/// A signed-in person (or, from a bearer token, an app).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub identity: Identity,
    /// How many groups the ID token listed (the session keeps at most [`GROUPS_KEPT`]).
    pub groups_seen: usize,
    /// Unix seconds after which the session is over.
    pub expires_at: i64,
}

impl Session {
    /// A session of `identity` until `expires_at`, keeping the groups `grants` names.
    pub fn new(mut identity: Identity, grants: &Grants, expires_at: i64) -> Session {
        let groups_seen = identity.groups.len();
        let (named, others): (Vec<String>, Vec<String>) = std::mem::take(&mut identity.groups)
            .into_iter()
            .partition(|g| grants.names_group(g));
        let room = GROUPS_KEPT.saturating_sub(named.len());
        identity.groups = named
            .into_iter()
            .chain(others.into_iter().take(room))
            .collect();
        identity.app_roles.truncate(GROUPS_KEPT);
        Session {
            identity,
            groups_seen,
            expires_at,
        }
    }
}

/// Seals and opens cookies with the session key.
#[derive(Clone)]
pub struct Sessions {
    key: Key,
    hours: u32,
    secure: bool,
}

impl Sessions {
    /// Sessions lasting `hours`; `secure` when the site is https.
    pub fn new(key: Key, hours: u32, secure: bool) -> Sessions {
        Sessions { key, hours, secure }
    }

    /// The session key's bytes, for keys derived from it (the record forms' `csrf`
    /// key): every api given the same key file accepts the others' forms too.
    pub fn secret(&self) -> &[u8] {
        self.key.master()
    }

    /// How long a session lasts, in seconds.
    pub fn lifetime_seconds(&self) -> i64 {
        i64::from(self.hours) * 3600
    }

    /// The `Set-Cookie` of `session`.
    pub fn start(&self, session: &Session) -> HeaderValue {
        self.seal(SESSION_COOKIE, session, "/", self.lifetime_seconds())
    }

    /// The request's session, when its cookie opens and has not expired at `now`.
    pub fn read(&self, headers: &HeaderMap, now: i64) -> Option<Session> {
        let session: Session = self.open(headers, SESSION_COOKIE)?;
        (session.expires_at > now).then_some(session)
    }

    /// The `Set-Cookie` that removes cookie `name` (at `path`).
    pub fn remove(&self, name: &str, path: &str) -> HeaderValue {
        let cookie = self.attributes(Cookie::build((name.to_owned(), "")), path, 0);
        HeaderValue::from_str(&cookie.to_string()).expect("a cookie is a header value")
    }

    /// The `Set-Cookie` of `value` as JSON, sealed under `name`.
    pub fn seal<T: Serialize>(
        &self,
        name: &str,
        value: &T,
        path: &str,
        seconds: i64,
    ) -> HeaderValue {
        let json = serde_json::to_string(value).expect("a session serialises");
        let mut jar = CookieJar::new();
        jar.private_mut(&self.key)
            .add(Cookie::new(name.to_owned(), json));
        let sealed = jar
            .get(name)
            .expect("the cookie just added")
            .value()
            .to_owned();
        let cookie = self.attributes(Cookie::build((name.to_owned(), sealed)), path, seconds);
        HeaderValue::from_str(&cookie.to_string()).expect("a sealed cookie is a header value")
    }

    /// The value sealed under `name` in the request's cookies, if one opens.
    pub fn open<T: DeserializeOwned>(&self, headers: &HeaderMap, name: &str) -> Option<T> {
        let mut jar = CookieJar::new();
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| Cookie::parse(pair.trim().to_owned()).ok())
            .filter(|c| c.name() == name)
            .for_each(|c| jar.add_original(c));
        let opened = jar.private(&self.key).get(name)?;
        serde_json::from_str(opened.value()).ok()
    }

    fn attributes(
        &self,
        builder: cookie::CookieBuilder<'static>,
        path: &str,
        seconds: i64,
    ) -> Cookie<'static> {
        builder
            .path(path.to_owned())
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(self.secure)
            .max_age(cookie::time::Duration::seconds(seconds))
            .build()
    }
}

#[cfg(test)]
mod tests {
    use govtrack_auth::oidc::Principal;

    use super::*;

    fn ada() -> Identity {
        Identity {
            principal: Principal::User {
                oid: "oid-1".into(),
                name: Some("Ada".into()),
                user_name: Some("ada@contoso.com".into()),
                upn: None,
                tenant: Some("t".into()),
            },
            groups: (0..100).map(|n| format!("g-{n}")).collect(),
            app_roles: vec![],
            groups_overage: false,
        }
    }

    fn sessions(secure: bool) -> Sessions {
        Sessions::new(Key::generate(), 8, secure)
    }

    fn request_with(set_cookie: &HeaderValue) -> HeaderMap {
        let pair = set_cookie
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("other=1; {pair}")).unwrap(),
        );
        headers
    }

    #[test]
    fn a_session_reads_back_until_it_expires() {
        let sessions = sessions(false);
        let grants =
            Grants::parse("[[grant]]\ngroup = \"g-99\"\norgs = [\"*\"]\nrole = \"viewer\"\n")
                .unwrap();
        let session = Session::new(ada(), &grants, 1_000);
        assert_eq!(session.groups_seen, 100);
        assert_eq!(session.identity.groups.len(), GROUPS_KEPT);
        assert_eq!(
            session.identity.groups[0], "g-99",
            "the named group is kept first"
        );
        let set = sessions.start(&session);
        let text = set.to_str().unwrap();
        assert!(
            text.contains("HttpOnly") && text.contains("SameSite=Lax"),
            "{text}"
        );
        assert!(
            !text.contains("Secure") && !text.contains("ada@contoso.com"),
            "{text}"
        );
        assert!(text.len() < 4000, "{} bytes", text.len());
        let headers = request_with(&set);
        assert_eq!(sessions.read(&headers, 999), Some(session));
        assert_eq!(sessions.read(&headers, 1_000), None);
    }

    #[test]
    fn a_tampered_or_foreign_cookie_is_no_session() {
        let sessions = sessions(true);
        let set = sessions.start(&Session::new(ada(), &Grants::default(), 1_000));
        assert!(set.to_str().unwrap().contains("Secure"));
        let text = set.to_str().unwrap().split(';').next().unwrap().to_owned();
        let (name, value) = text.split_once('=').unwrap();
        let mut bytes = value.as_bytes().to_vec();
        let middle = bytes.len() / 2;
        bytes[middle] = if bytes[middle] == b'A' { b'B' } else { b'A' };
        let tampered = format!("{name}={}", String::from_utf8(bytes).unwrap());
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_str(&tampered).unwrap());
        assert_eq!(sessions.read(&headers, 0), None);
        let other_key = self::sessions(true);
        assert_eq!(other_key.read(&request_with(&set), 0), None);
    }
}
