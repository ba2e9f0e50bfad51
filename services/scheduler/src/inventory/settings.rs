//! The `[inventory]` block of the scheduler TOML: where the Power Platform API and the
//! Entra ID sign-in live, which app signs in and how, and for which organisation the
//! findings are recorded. The collector stays off without it. The client secret is read
//! from a file and never reaches `Debug`.
//!
//! ```toml
//! [inventory]
//! org = "contoso"
//! host = "https://api.powerplatform.com"
//! tenant_id = "00000000-0000-0000-0000-000000000000"
//! client_id = "11111111-1111-1111-1111-111111111111"
//! auth = "device_code"                  # or "client_credentials"
//! client_secret_file = "/etc/govtrack/inventory.secret"   # client_credentials only
//! cron = "0 0 5 * * *"
//! login_host = "https://login.microsoftonline.com"        # default
//! ```

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::settings::SettingsError;

/// Entra ID's sign-in host.
pub const LOGIN_HOST: &str = "https://login.microsoftonline.com";
/// The Power Platform API's scope.
pub const SCOPE: &str = "https://api.powerplatform.com/.default";

/// How the collector gets its access token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMode {
    /// The app's own identity (client id + secret). The inventory page says the API
    /// answers app-only tokens with 403; kept for tenants where it is allowed.
    ClientCredentials,
    /// An admin signs in once (`govtrack inventory login`); runs use the stored
    /// refresh token.
    DeviceCode,
}

impl AuthMode {
    /// The name in the TOML.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthMode::ClientCredentials => "client_credentials",
            AuthMode::DeviceCode => "device_code",
        }
    }
}

/// The collector's settings.
#[derive(Clone, PartialEq)]
pub struct InventorySettings {
    /// Organisation the facts are recorded for.
    pub org: String,
    /// Power Platform API base URL.
    pub host: String,
    /// Entra ID sign-in base URL.
    pub login_host: String,
    /// Directory (tenant) id.
    pub tenant_id: String,
    /// Application (client) id of the registered app.
    pub client_id: String,
    /// Where the client secret is (client credentials).
    pub client_secret_file: Option<PathBuf>,
    /// Sign-in mode.
    pub auth: AuthMode,
    /// Cron expression of the job.
    pub cron: String,
    /// Rows per page asked for (`Options.Top`).
    pub page_size: u32,
    /// How long a run may wait in total for `Retry-After` of 429 / 503 answers.
    pub retry_budget: Duration,
    /// Time-out of one HTTP request.
    pub timeout: Duration,
}

impl fmt::Debug for InventorySettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InventorySettings")
            .field("org", &self.org)
            .field("host", &self.host)
            .field("login_host", &self.login_host)
            .field("tenant_id", &self.tenant_id)
            .field("client_id", &self.client_id)
            .field("client_secret_file", &self.client_secret_file)
            .field("auth", &self.auth)
            .field("cron", &self.cron)
            .finish_non_exhaustive()
    }
}

impl InventorySettings {
    /// Where the refresh token of the device-code sign-in is kept (mode 0600).
    pub fn refresh_token_path(&self, data_dir: &Path) -> PathBuf {
        data_dir.join(format!("inventory-{}.refresh-token", self.org))
    }
}

/// `[inventory]` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct InventoryFile {
    org: String,
    host: String,
    tenant_id: String,
    client_id: String,
    client_secret_file: Option<PathBuf>,
    auth: Option<String>,
    cron: Option<String>,
    login_host: Option<String>,
    page_size: Option<u32>,
    retry_budget: Option<String>,
    timeout: Option<String>,
}

impl InventoryFile {
    pub(crate) fn into_settings(self) -> Result<InventorySettings, SettingsError> {
        let invalid = |what: String| SettingsError::Invalid(format!("inventory.{what}"));
        let auth = match self.auth.as_deref().unwrap_or("device_code") {
            "client_credentials" => AuthMode::ClientCredentials,
            "device_code" => AuthMode::DeviceCode,
            other => {
                return Err(invalid(format!(
                    "auth: {other:?} is not one of client_credentials, device_code"
                )));
            }
        };
        if auth == AuthMode::ClientCredentials && self.client_secret_file.is_none() {
            return Err(invalid(
                "client_secret_file: required with auth = \"client_credentials\" (a file holding the app's client secret)".into(),
            ));
        }
        govtrack_events::Org::parse(&self.org).map_err(|e| invalid(format!("org: {e}")))?;
        for (key, url) in [
            ("host", &self.host),
            ("login_host", &self.login_host.clone().unwrap_or_default()),
        ] {
            if !(url.is_empty() || url.starts_with("https://") || url.starts_with("http://")) {
                return Err(invalid(format!("{key}: {url:?} is not an http(s) URL")));
            }
        }
        let cron = self.cron.unwrap_or_else(|| "0 0 5 * * *".to_owned());
        crate::schedule::JobSchedule::parse(&cron, "UTC")
            .map_err(|e| invalid(format!("cron: {e}")))?;
        let duration = |key: &str, v: Option<String>, default: u64| match v {
            None => Ok(Duration::from_secs(default)),
            Some(v) => crate::settings::parse_duration(&v).ok_or_else(|| {
                invalid(format!("{key}: {v:?} is not a duration like 30s, 15m, 2h"))
            }),
        };
        Ok(InventorySettings {
            org: self.org,
            host: self.host.trim_end_matches('/').to_owned(),
            login_host: (self.login_host.as_deref().unwrap_or(LOGIN_HOST))
                .trim_end_matches('/')
                .to_owned(),
            tenant_id: self.tenant_id,
            client_id: self.client_id,
            client_secret_file: self.client_secret_file,
            auth,
            cron,
            page_size: self.page_size.unwrap_or(1000).clamp(1, 1000),
            retry_budget: duration("retry_budget", self.retry_budget, 120)?,
            timeout: duration("timeout", self.timeout, 30)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::jobs::JobKind;
    use crate::settings::Settings;

    const BLOCK: &str = "[inventory]\norg = \"contoso\"\nhost = \"http://127.0.0.1:1\"\ntenant_id = \"t\"\nclient_id = \"c\"\n";

    fn load(extra: &str) -> Result<Settings, String> {
        Settings::new("/tmp/x")
            .with_toml(&format!("{BLOCK}{extra}"))
            .map_err(|e| e.to_string())
    }

    #[test]
    fn the_block_turns_the_job_on_with_its_cron_and_device_code_by_default() {
        assert!(
            Settings::new("/tmp/x")
                .jobs
                .iter()
                .all(|j| j.kind != JobKind::InventorySync)
        );
        let s = load("cron = \"0 0 */6 * * *\"\n").unwrap();
        let job = s
            .jobs
            .iter()
            .find(|j| j.kind == JobKind::InventorySync)
            .unwrap();
        assert_eq!(job.cron, "0 0 */6 * * *");
        let inv = s.inventory.unwrap();
        assert_eq!(inv.auth.as_str(), "device_code");
        assert_eq!(inv.login_host, super::LOGIN_HOST);
    }

    #[test]
    fn a_bad_block_names_the_key_to_fix() {
        let err = load("auth = \"password\"\n").unwrap_err();
        assert!(
            err.contains("inventory.auth") && err.contains("device_code"),
            "{err}"
        );
        let err = load("auth = \"client_credentials\"\n").unwrap_err();
        assert!(err.contains("inventory.client_secret_file"), "{err}");
        let err = load("cron = \"every day\"\n").unwrap_err();
        assert!(err.contains("inventory.cron"), "{err}");
        let err = load("retry_budget = \"soon\"\n").unwrap_err();
        assert!(err.contains("inventory.retry_budget"), "{err}");
        let err = Settings::new("/tmp/x")
            .with_toml("[inventory]\norg = \"contoso\"\n")
            .unwrap_err();
        assert!(err.to_string().contains("host"), "{err}");
    }
}
