//! The api with sign-in through a real OpenID provider on loopback, and a visitor that
//! follows redirects and keeps cookies the way a browser does.

use std::collections::BTreeMap;

use govtrack_api::Settings;
use govtrack_auth::oidc::OidcSettings;
use govtrack_testkit::{Grant, TestProvider, TestUser, write_grants};
use reqwest::header;
use tempfile::TempDir;
use tokio_util::sync::CancellationToken;

pub const CLIENT_ID: &str = "4a1d9b7e-govtrack-dashboard";
pub const CLIENT_SECRET: &str = "dashboard-secret";

/// Grants of the sign-in tests: a group that views contoso, an app role that views
/// everything, a user who administers northwind.
pub const GRANTS: &[Grant] = &[
    Grant::group("g-contoso-viewers", &["contoso"], "viewer"),
    Grant::app_role("Govtrack.Viewer", &["*"], "viewer"),
    Grant::user("lead@contoso.com", &["northwind"], "admin"),
];

/// An api with sign-in, its provider, and the files they read.
pub struct SignInApi {
    pub base_url: String,
    pub provider: TestProvider,
    _files: TempDir,
}

impl SignInApi {
    /// `path` on this api, e.g. `/orgs/contoso`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// A new visitor who signs in at the provider as `person` on the way to `path`:
    /// the visitor, and every hop it made.
    pub async fn visit_as(&self, person: &TestUser, path: &str) -> (Visitor, Vec<Hop>) {
        self.provider.sign_in_as(person);
        let mut visitor = Visitor::new();
        let hops = visitor.follow(&self.url(path)).await;
        (visitor, hops)
    }
}

/// The api over `data_dir` signing people in at a fresh provider, with [`GRANTS`].
pub async fn start(data_dir: &std::path::Path, shutdown: CancellationToken) -> SignInApi {
    let provider = TestProvider::start(CLIENT_ID, CLIENT_SECRET).await;
    let files = tempfile::tempdir().unwrap();
    let mut settings = Settings::new(data_dir);
    let base_url = trust(&mut settings, &provider, GRANTS, files.path());
    let started = super::start_api_with(settings, shutdown).await;
    assert_eq!(started, base_url);
    SignInApi {
        base_url,
        provider,
        _files: files,
    }
}

/// Sets `settings` to sign in at `provider` with `grants` (files under `files`), on a
/// port chosen now: the redirect URI names it before the api binds it. The base URL.
pub fn trust(
    settings: &mut Settings,
    provider: &TestProvider,
    grants: &[Grant],
    files: &std::path::Path,
) -> String {
    let access = write_grants(files, grants);
    let secret = files.join("oidc.secret");
    std::fs::write(&secret, format!("{CLIENT_SECRET}\n")).unwrap();
    let port = crate::support::free_port();
    let base_url = format!("http://127.0.0.1:{port}");
    settings.http_addr = format!("127.0.0.1:{port}").parse().unwrap();
    settings.oidc = OidcSettings::new(
        Some(&provider.issuer()),
        Some(CLIENT_ID),
        None,
        Some(secret),
        Some(access),
    )
    .unwrap();
    settings.public_url = Some(base_url.parse().unwrap());
    settings.session_key_file = files.join("session.key");
    base_url
}

/// One answer the visitor got.
#[derive(Debug)]
pub struct Hop {
    pub url: String,
    pub status: u16,
    pub location: Option<String>,
    pub set_cookies: Vec<String>,
    pub body: String,
}

/// A browser without the rendering: cookies by name, redirects followed on request.
pub struct Visitor {
    http: reqwest::Client,
    pub cookies: BTreeMap<String, String>,
}

impl Default for Visitor {
    fn default() -> Self {
        Visitor::new()
    }
}

impl Visitor {
    pub fn new() -> Visitor {
        let http = govtrack_runtime::http_client_builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(20))
            .build()
            .unwrap();
        Visitor {
            http,
            cookies: BTreeMap::new(),
        }
    }

    /// One GET, sending the cookies held and keeping the ones set.
    pub async fn get(&mut self, url: &str) -> Hop {
        let mut request = self.http.get(url);
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            request = request.header(header::COOKIE, jar.join("; "));
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get(header::LOCATION)
            .map(|v| v.to_str().unwrap().to_owned());
        let set_cookies: Vec<String> = response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        for set in &set_cookies {
            let pair = set.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() || set.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let body = response.text().await.unwrap();
        Hop {
            url: url.to_owned(),
            status,
            location,
            set_cookies,
            body,
        }
    }

    /// GETs `url` and follows redirects (at most 10); every hop, the last one last.
    pub async fn follow(&mut self, url: &str) -> Vec<Hop> {
        let mut hops = Vec::new();
        let mut next = url.to_owned();
        for _ in 0..10 {
            let hop = self.get(&next).await;
            let location = hop.location.clone();
            let from = hop.url.clone();
            hops.push(hop);
            match location {
                Some(to) => next = absolute(&from, &to),
                None => return hops,
            }
        }
        panic!("more than 10 redirects from {url}: {hops:#?}");
    }
}

/// `to` resolved against the URL it was given by.
pub fn absolute(from: &str, to: &str) -> String {
    if to.starts_with("http://") || to.starts_with("https://") {
        return to.to_owned();
    }
    let origin_end = from[8..].find('/').map_or(from.len(), |i| i + 8);
    format!("{}{to}", &from[..origin_end])
}
