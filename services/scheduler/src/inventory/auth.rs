//! Entra ID tokens for the Power Platform API: client credentials, or the device-code
//! sign-in of an admin whose refresh token later runs use
//! (`{login_host}/{tenant}/oauth2/v2.0/token` and `…/devicecode`).

use std::time::Duration;

use serde::Deserialize;

use crate::inventory::error::InventoryError;
use crate::inventory::settings::{AuthMode, InventorySettings, SCOPE};
use crate::inventory::token_file;

const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";
const LOGIN_FIX: &str = "run `govtrack inventory login` to sign in again";

/// A token endpoint's answer, success or error.
#[derive(Deserialize)]
struct TokenAnswer {
    access_token: Option<String>,
    refresh_token: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

/// The device-code endpoint's answer.
#[derive(Deserialize)]
struct DeviceCode {
    device_code: String,
    user_code: String,
    verification_uri: String,
    #[serde(default)]
    expires_in: Option<u64>,
    #[serde(default)]
    interval: Option<u64>,
}

/// What `govtrack inventory login` shows the admin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    /// Where to sign in.
    pub url: String,
    /// The code to type there.
    pub code: String,
    /// Seconds until the code expires.
    pub expires_in: Option<u64>,
}

fn token_url(s: &InventorySettings) -> String {
    format!("{}/{}/oauth2/v2.0/token", s.login_host, s.tenant_id)
}

fn delegated_scope() -> String {
    format!("{SCOPE} offline_access")
}

/// An access token for one run.
pub async fn access_token(
    http: &reqwest::Client,
    s: &InventorySettings,
    data_dir: &std::path::Path,
) -> Result<String, InventoryError> {
    match s.auth {
        AuthMode::ClientCredentials => client_credentials(http, s).await,
        AuthMode::DeviceCode => refresh(http, s, data_dir).await,
    }
}

async fn client_credentials(
    http: &reqwest::Client,
    s: &InventorySettings,
) -> Result<String, InventoryError> {
    let path = s.client_secret_file.as_ref().ok_or_else(|| {
        InventoryError::Config(
            "inventory.client_secret_file is required with auth = \"client_credentials\"".into(),
        )
    })?;
    let secret = std::fs::read_to_string(path).map_err(|source| InventoryError::File {
        action: "read inventory.client_secret_file",
        path: path.clone(),
        source,
    })?;
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", s.client_id.as_str()),
        ("client_secret", secret.trim()),
        ("scope", SCOPE),
    ];
    let answer = post_token(http, &token_url(s), &form).await?;
    answer.access_token.ok_or_else(|| {
        InventoryError::Denied(format!(
            "Entra ID refused the client credentials ({}); check inventory.tenant_id, inventory.client_id and the secret in inventory.client_secret_file",
            describe(&answer.error, &answer.error_description)
        ))
    })
}

async fn refresh(
    http: &reqwest::Client,
    s: &InventorySettings,
    data_dir: &std::path::Path,
) -> Result<String, InventoryError> {
    let path = s.refresh_token_path(data_dir);
    let Some(stored) = token_file::read(&path)? else {
        return Err(InventoryError::Config(format!(
            "no sign-in stored for the inventory of {} (auth = \"device_code\"); run `govtrack inventory login` once",
            s.org
        )));
    };
    let scope = delegated_scope();
    let form = [
        ("grant_type", "refresh_token"),
        ("client_id", s.client_id.as_str()),
        ("refresh_token", stored.as_str()),
        ("scope", scope.as_str()),
    ];
    let answer = post_token(http, &token_url(s), &form).await?;
    if let Some(access) = answer.access_token {
        if let Some(new) = answer.refresh_token.filter(|t| *t != stored) {
            token_file::write(&path, &new)?;
        }
        return Ok(access);
    }
    let why = describe(&answer.error, &answer.error_description);
    Err(match answer.error.as_deref() {
        Some("invalid_grant") => InventoryError::SignIn(format!(
            "the stored inventory sign-in has expired or was revoked ({why}); {LOGIN_FIX}"
        )),
        _ => InventoryError::Denied(format!(
            "Entra ID refused the stored sign-in ({why}); check inventory.tenant_id and inventory.client_id, or {LOGIN_FIX}"
        )),
    })
}

/// Starts the device-code sign-in: asks for a code and shows it through `show`, then
/// polls until the admin signed in, and stores the refresh token.
pub async fn device_login(
    http: &reqwest::Client,
    s: &InventorySettings,
    data_dir: &std::path::Path,
    show: impl FnOnce(&Prompt),
) -> Result<(), InventoryError> {
    let url = format!("{}/{}/oauth2/v2.0/devicecode", s.login_host, s.tenant_id);
    let scope = delegated_scope();
    let form = [
        ("client_id", s.client_id.as_str()),
        ("scope", scope.as_str()),
    ];
    let response = http
        .post(&url)
        .form(&form)
        .send()
        .await
        .map_err(|source| unreachable(&url, source))?;
    let status = response.status();
    let text = (response.text().await).map_err(|source| unreachable(&url, source))?;
    if !status.is_success() {
        let answer: Option<TokenAnswer> = serde_json::from_str(&text).ok();
        let why = answer.map_or_else(
            || status.to_string(),
            |a| describe(&a.error, &a.error_description),
        );
        return Err(InventoryError::Denied(format!(
            "Entra ID refused to start the sign-in ({why}); check inventory.tenant_id and inventory.client_id (the app must allow public client flows)"
        )));
    }
    let code: DeviceCode = serde_json::from_str(&text).map_err(|source| InventoryError::Parse {
        url: url.clone(),
        source,
    })?;
    show(&Prompt {
        url: code.verification_uri.clone(),
        code: code.user_code.clone(),
        expires_in: code.expires_in,
    });
    let mut interval = Duration::from_secs(code.interval.unwrap_or(5));
    loop {
        tokio::time::sleep(interval).await;
        let form = [
            ("grant_type", DEVICE_GRANT),
            ("client_id", s.client_id.as_str()),
            ("device_code", code.device_code.as_str()),
        ];
        let answer = post_token(http, &token_url(s), &form).await?;
        match (answer.refresh_token, answer.error.as_deref()) {
            (Some(refresh), _) => {
                return token_file::write(&s.refresh_token_path(data_dir), &refresh);
            }
            (None, Some("authorization_pending")) => {}
            (None, Some("slow_down")) => interval += Duration::from_secs(5),
            (None, Some("expired_token")) => {
                return Err(InventoryError::SignIn(format!(
                    "the code {} expired before anyone signed in; run `govtrack inventory login` again",
                    code.user_code
                )));
            }
            (None, _) => {
                return Err(InventoryError::SignIn(format!(
                    "the sign-in did not complete ({}); run `govtrack inventory login` again",
                    describe(&answer.error, &answer.error_description)
                )));
            }
        }
    }
}

async fn post_token(
    http: &reqwest::Client,
    url: &str,
    form: &[(&str, &str)],
) -> Result<TokenAnswer, InventoryError> {
    let response = http
        .post(url)
        .form(form)
        .send()
        .await
        .map_err(|source| unreachable(url, source))?;
    let status = response.status();
    let text = (response.text().await).map_err(|source| unreachable(url, source))?;
    serde_json::from_str(&text).map_err(|source| InventoryError::SignInAnswer {
        url: url.to_owned(),
        status: status.as_u16(),
        source,
    })
}

fn unreachable(url: &str, source: reqwest::Error) -> InventoryError {
    InventoryError::SignInUnreachable {
        url: url.to_owned(),
        source,
    }
}

fn describe(error: &Option<String>, description: &Option<String>) -> String {
    let error = error.as_deref().unwrap_or("no error code");
    match description.as_deref().and_then(|d| d.lines().next()) {
        Some(first) => format!("{error}: {first}"),
        None => error.to_owned(),
    }
}
