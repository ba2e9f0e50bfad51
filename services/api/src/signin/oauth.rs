//! The OAuth 2.0 half of sign-in, by the `oauth2` crate: the authorization URL (code
//! flow, PKCE S256, `state`, plus OpenID's `nonce` and scopes) and the code exchange
//! at the token endpoint, over govtrack's HTTP client (which follows no redirects).

use oauth2::basic::{
    BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse,
    BasicTokenType,
};
use oauth2::{
    AuthType, AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointNotSet,
    EndpointSet, ExtraTokenFields, HttpRequest, HttpResponse, PkceCodeChallenge, PkceCodeVerifier,
    RedirectUrl, Scope, StandardRevocableToken, StandardTokenResponse, TokenUrl,
};
use serde::{Deserialize, Serialize};

use govtrack_auth::oidc::ProviderMetadata;

/// OpenID's addition to the token response.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IdTokenField {
    pub id_token: Option<String>,
}

impl ExtraTokenFields for IdTokenField {}

type TokenResponse = StandardTokenResponse<IdTokenField, BasicTokenType>;

type Client = oauth2::Client<
    BasicErrorResponse,
    TokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// What `/auth/callback` needs to finish a sign-in it started.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Pending {
    pub state: String,
    pub nonce: String,
    pub verifier: String,
    pub next: String,
}

/// The app registration as the dashboard uses it.
#[derive(Clone)]
pub struct OAuthClient {
    pub client_id: String,
    client_secret: String,
    redirect_uri: String,
    http: reqwest::Client,
}

impl std::fmt::Debug for OAuthClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuthClient")
            .field("client_id", &self.client_id)
            .field("redirect_uri", &self.redirect_uri)
            .finish_non_exhaustive()
    }
}

/// The code exchange failed.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ExchangeError(pub String);

/// An HTTP failure talking to the token endpoint.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct HttpError(String);

impl OAuthClient {
    pub fn new(client_id: &str, client_secret: &str, redirect_uri: String) -> OAuthClient {
        let http = govtrack_runtime::http_client_builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(15))
            .build()
            .expect("an HTTP client builds once a TLS provider is installed");
        OAuthClient {
            client_id: client_id.to_owned(),
            client_secret: client_secret.to_owned(),
            redirect_uri,
            http,
        }
    }

    fn client(&self, provider: &ProviderMetadata) -> Result<Client, ExchangeError> {
        let bad = |what: &str, e: &dyn std::fmt::Display| {
            ExchangeError(format!("the provider's {what} is not a URL: {e}"))
        };
        let auth = AuthUrl::new(provider.authorization_endpoint.clone())
            .map_err(|e| bad("authorization_endpoint", &e))?;
        let token = TokenUrl::new(provider.token_endpoint.clone())
            .map_err(|e| bad("token_endpoint", &e))?;
        let redirect =
            RedirectUrl::new(self.redirect_uri.clone()).map_err(|e| bad("redirect URI", &e))?;
        Ok(oauth2::Client::new(ClientId::new(self.client_id.clone()))
            .set_client_secret(ClientSecret::new(self.client_secret.clone()))
            .set_auth_type(AuthType::RequestBody)
            .set_auth_uri(auth)
            .set_token_uri(token)
            .set_redirect_uri(redirect))
    }

    /// Where to send the browser, and what the callback must check then.
    pub fn authorize(
        &self,
        provider: &ProviderMetadata,
        next: String,
    ) -> Result<(String, Pending), ExchangeError> {
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let nonce = CsrfToken::new_random().secret().clone();
        let (url, state) = self
            .client(provider)?
            .authorize_url(CsrfToken::new_random)
            .add_scope(Scope::new("openid".into()))
            .add_scope(Scope::new("profile".into()))
            .add_extra_param("nonce", nonce.clone())
            .set_pkce_challenge(challenge)
            .url();
        let pending = Pending {
            state: state.secret().clone(),
            nonce,
            verifier: verifier.secret().clone(),
            next,
        };
        Ok((url.to_string(), pending))
    }

    /// Trades `code` for the ID token, proving the PKCE verifier and the secret.
    pub async fn exchange(
        &self,
        provider: &ProviderMetadata,
        code: &str,
        pending: &Pending,
    ) -> Result<String, ExchangeError> {
        let http = Transport(&self.http);
        let response = self
            .client(provider)?
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .set_pkce_verifier(PkceCodeVerifier::new(pending.verifier.clone()))
            .request_async(&http)
            .await
            .map_err(|e| ExchangeError(describe(&e)))?;
        response
            .extra_fields()
            .id_token
            .clone()
            .ok_or_else(|| ExchangeError("the token endpoint returned no id_token".into()))
    }
}

/// oauth2's HTTP calls over govtrack's client.
struct Transport<'a>(&'a reqwest::Client);

impl<'c> oauth2::AsyncHttpClient<'c> for Transport<'_> {
    type Error = HttpError;
    type Future = std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<HttpResponse, HttpError>> + Send + 'c>,
    >;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(send(self.0, request))
    }
}

async fn send(http: &reqwest::Client, request: HttpRequest) -> Result<HttpResponse, HttpError> {
    let request = reqwest::Request::try_from(request)
        .map_err(|e| HttpError(format!("cannot build the request: {e}")))?;
    let response = http
        .execute(request)
        .await
        .map_err(|e| HttpError(e.to_string()))?;
    let mut builder = axum::http::Response::builder().status(response.status());
    for (name, value) in response.headers() {
        builder = builder.header(name, value);
    }
    let body = response
        .bytes()
        .await
        .map_err(|e| HttpError(e.to_string()))?;
    builder
        .body(body.to_vec())
        .map_err(|e| HttpError(e.to_string()))
}

/// A token endpoint failure in words, with the provider's own error when it gave one.
fn describe(e: &oauth2::RequestTokenError<HttpError, BasicErrorResponse>) -> String {
    match e {
        oauth2::RequestTokenError::ServerResponse(r) => match r.error_description() {
            Some(d) => format!("the provider refused the code: {} ({d})", r.error()),
            None => format!("the provider refused the code: {}", r.error()),
        },
        oauth2::RequestTokenError::Request(e) => {
            format!("the token endpoint cannot be reached: {e}")
        }
        oauth2::RequestTokenError::Parse(e, _) => format!("the token endpoint's answer: {e}"),
        oauth2::RequestTokenError::Other(e) => e.clone(),
    }
}
