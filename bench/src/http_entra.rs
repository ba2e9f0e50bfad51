//! (e) HTTP single-event ingest with Entra ID access tokens: the load of (c), each of
//! its 64 clients an app of the test OpenID provider (`govtrack_testkit::TestProvider`)
//! sending its own client-credentials token, against an ingest that verifies every
//! token (RS256 against the provider's keys, `iss`, `aud`, `exp`, `nbf`) and maps its
//! app role through a grants file. Target: within 10% of (c) in the same run.

use std::ffi::OsString;
use std::path::Path;

use govtrack_testkit::TestProvider;

/// The app registration ingest trusts in (e).
const CLIENT_ID: &str = "govtrack-bench";

/// The `aud` of (e)'s tokens.
const AUDIENCE: &str = "api://govtrack-bench";

/// The app role every client holds, and the grant that makes it an editor.
const ROLE: &str = "Govtrack.Editor";

/// A provider on loopback, and the `govtrack ingest` arguments that trust it (its grants
/// file written under `dir`).
pub async fn provider(dir: &Path) -> anyhow::Result<(TestProvider, Vec<OsString>)> {
    let provider = TestProvider::start(CLIENT_ID, "unused-by-ingest").await;
    let access = dir.join("access.toml");
    let grant = format!("[[grant]]\napp_role = \"{ROLE}\"\norgs = [\"*\"]\nrole = \"editor\"\n");
    std::fs::write(&access, grant)?;
    let args = [
        "--oidc-issuer",
        &provider.issuer(),
        "--oidc-client-id",
        CLIENT_ID,
        "--oidc-audience",
        AUDIENCE,
        "--access-file",
    ]
    .into_iter()
    .map(OsString::from)
    .chain([access.into_os_string()])
    .collect();
    Ok((provider, args))
}

/// One token per client, each for an app of its own.
pub fn tokens(provider: &TestProvider, clients: usize) -> Vec<String> {
    (0..clients)
        .map(|n| provider.app_token(&format!("bench-app-{n}"), &[ROLE], AUDIENCE))
        .collect()
}
