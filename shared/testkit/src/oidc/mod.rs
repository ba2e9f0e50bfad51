//! [`TestProvider`]: an OpenID provider on a loopback port, for the tests and the bench.
//! It speaks the parts of OpenID Connect that govtrack uses, the way Entra ID lays
//! them out, and hands the tests the tokens a verifier must accept or refuse.

mod grants;
mod keys;
mod routes;
mod user;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use grants::{Grant, Grantee, write_grants};
use routes::{Inner, Shared, lock, merge};
pub use user::TestUser;

/// A running test provider. Dropping it stops it.
pub struct TestProvider {
    shared: Shared,
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl TestProvider {
    /// Starts a provider for one confidential client on a free loopback port, with a
    /// fresh RSA key. Panics when it cannot listen: a test without its provider must
    /// fail.
    pub async fn start(client_id: &str, client_secret: &str) -> TestProvider {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the test OpenID provider");
        let addr = listener.local_addr().expect("the provider's address");
        let tenant = format!("tenant-{}", ulid::Ulid::new().to_string().to_lowercase());
        let issuer = format!("http://{addr}/{tenant}/v2.0");
        let inner = Inner::new(issuer, tenant.clone(), client_id, client_secret);
        let shared: Shared = Arc::new(Mutex::new(inner));
        let app = routes::router(&tenant, shared.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        TestProvider {
            shared,
            addr,
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// The issuer: `http://127.0.0.1:{port}/{tenant}/v2.0`, whose
    /// `/.well-known/openid-configuration` is the discovery document.
    pub fn issuer(&self) -> String {
        lock(&self.shared).issuer.clone()
    }

    /// The tenant id (`tid` of every token).
    pub fn tenant(&self) -> String {
        lock(&self.shared).tenant.clone()
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The person the authorize endpoint signs in from now on.
    pub fn sign_in_as(&self, user: &TestUser) {
        lock(&self.shared).next_user = Some(user.clone());
    }

    /// `iss`, `aud`, `iat`, `nbf` (now) and `exp` (in an hour): the start of any token.
    pub fn standard_claims(&self, audience: &str) -> Value {
        lock(&self.shared).standard_claims(audience)
    }

    /// A person's access token for `audience`, as a delegated Entra token has it
    /// (`scp`, the person's claims, `azp` the client that asked).
    pub fn user_token(&self, user: &TestUser, audience: &str) -> String {
        let inner = lock(&self.shared);
        let mut claims = inner.standard_claims(audience);
        merge(&mut claims, user.claims(&inner.tenant));
        merge(
            &mut claims,
            json!({ "scp": "Events.ReadWrite", "azp": inner.client_id, "idtyp": "user" }),
        );
        inner.keys.sign(&claims)
    }

    /// An app-only (client credentials) token of `app_id` with the app roles `roles`:
    /// no person, `azp` names the app.
    pub fn app_token(&self, app_id: &str, roles: &[&str], audience: &str) -> String {
        let inner = lock(&self.shared);
        let mut claims = inner.standard_claims(audience);
        let sp = format!("sp-{app_id}");
        merge(
            &mut claims,
            json!({ "azp": app_id, "oid": sp, "sub": sp, "tid": inner.tenant,
                    "roles": roles, "idtyp": "app" }),
        );
        inner.keys.sign(&claims)
    }

    /// `claims` as they are, signed RS256 by the current key.
    pub fn sign(&self, claims: &Value) -> String {
        lock(&self.shared).keys.sign(claims)
    }

    /// `claims` signed by the current key but naming `kid` in the header.
    pub fn sign_naming_kid(&self, claims: &Value, kid: &str) -> String {
        lock(&self.shared).keys.sign_as(claims, kid)
    }

    /// `claims` with `alg: none` and no signature.
    pub fn unsigned(&self, claims: &Value) -> String {
        let kid = lock(&self.shared).keys.current_kid();
        let header = json!({ "alg": "none", "typ": "JWT", "kid": kid });
        format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        )
    }

    /// `claims` signed HS256 with the current key's public PEM as the HMAC secret: the
    /// forgery a verifier that lets the token pick its algorithm accepts.
    pub fn hs256_with_public_key(&self, claims: &Value) -> String {
        let keys = &lock(&self.shared).keys;
        let secret = EncodingKey::from_secret(keys.public_pem().as_bytes()).expect("a secret");
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(keys.current_kid());
        jsonwebtoken::encode(&header, claims, &secret).expect("HS256 signing")
    }

    /// Publishes a fresh key that signs from now on (the older ones stay published).
    /// Its `kid`.
    pub fn add_key(&self) -> String {
        lock(&self.shared).keys.add()
    }

    /// How often the JWKS was fetched.
    pub fn jwks_fetches(&self) -> usize {
        lock(&self.shared).jwks_fetches
    }

    /// How often the end-session endpoint was called.
    pub fn end_sessions(&self) -> usize {
        lock(&self.shared).end_sessions
    }

    /// Stops answering: the listener closes and open connections end, as when the
    /// provider is unreachable.
    pub async fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take()
            && tokio::time::timeout(Duration::from_secs(5), task)
                .await
                .is_err()
        {
            panic!("the test OpenID provider did not stop within 5 s");
        }
    }
}

impl Drop for TestProvider {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}
