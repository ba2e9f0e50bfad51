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

use std::path::{Path, PathBuf};
use std::time::Duration;

use govtrack_runtime::deserialize_duration;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer};

/// Entra ID's sign-in host.
pub const LOGIN_HOST: &str = "https://login.microsoftonline.com";
/// The Power Platform API's scope.
pub const SCOPE: &str = "https://api.powerplatform.com/.default";

/// How the collector gets its access token.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthMode {
    /// The app's own identity (client id + secret). The inventory page says the API
    /// answers app-only tokens with 403; kept for tenants where it is allowed.
    ClientCredentials,
    /// An admin signs in once (`govtrack inventory login`); runs use the stored
    /// refresh token.
    #[default]
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

/// The collector's settings (`[inventory]`), as the file gives them. The client
/// secret stays in its file: only the path is held here.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InventorySettings {
    /// Organisation the facts are recorded for.
    #[serde(deserialize_with = "org")]
    pub org: String,
    /// Power Platform API base URL.
    #[serde(deserialize_with = "http_url")]
    pub host: String,
    /// Entra ID sign-in base URL.
    #[serde(default = "login_host", deserialize_with = "http_url")]
    pub login_host: String,
    /// Directory (tenant) id.
    pub tenant_id: String,
    /// Application (client) id of the registered app.
    pub client_id: String,
    /// Where the client secret is (client credentials).
    #[serde(default)]
    pub client_secret_file: Option<PathBuf>,
    /// Sign-in mode (device code by default).
    #[serde(default)]
    pub auth: AuthMode,
    /// Cron expression of the job (UTC; daily at 05:00 by default).
    #[serde(default = "daily", deserialize_with = "cron")]
    pub cron: String,
    /// Rows per page asked for (`Options.Top`, 1 to 1000).
    #[serde(default = "page_size", deserialize_with = "page_size_in_range")]
    pub page_size: u32,
    /// How long a run may wait in total for `Retry-After` of 429 / 503 answers.
    #[serde(default = "retry_budget", deserialize_with = "deserialize_duration")]
    pub retry_budget: Duration,
    /// Time-out of one HTTP request.
    #[serde(default = "timeout", deserialize_with = "deserialize_duration")]
    pub timeout: Duration,
}

impl InventorySettings {
    /// Where the refresh token of the device-code sign-in is kept (mode 0600).
    pub fn refresh_token_path(&self, data_dir: &Path) -> PathBuf {
        data_dir.join(format!("inventory-{}.refresh-token", self.org))
    }

    /// `[inventory]` read and checked across its keys: client credentials need the
    /// file that holds the secret.
    pub(crate) fn deserialize_checked<'de, D>(d: D) -> Result<Option<Self>, D::Error>
    where
        D: Deserializer<'de>,
    {
        let settings = Option::<InventorySettings>::deserialize(d)?;
        if let Some(s) = &settings
            && s.auth == AuthMode::ClientCredentials
            && s.client_secret_file.is_none()
        {
            return Err(D::Error::custom(
                "client_secret_file: required with auth = \"client_credentials\" (a file holding the app's client secret)",
            ));
        }
        Ok(settings)
    }
}

fn login_host() -> String {
    LOGIN_HOST.to_owned()
}

fn daily() -> String {
    "0 0 5 * * *".to_owned()
}

fn page_size() -> u32 {
    1000
}

fn retry_budget() -> Duration {
    Duration::from_secs(120)
}

fn timeout() -> Duration {
    Duration::from_secs(30)
}

fn org<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let org = String::deserialize(d)?;
    govtrack_events::Org::parse(&org).map_err(D::Error::custom)?;
    Ok(org)
}

/// An `http(s)://` base URL, without its trailing `/`.
fn http_url<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let url = String::deserialize(d)?;
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(D::Error::custom(format!("{url:?} is not an http(s) URL")));
    }
    Ok(url.trim_end_matches('/').to_owned())
}

fn cron<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let cron = String::deserialize(d)?;
    crate::schedule::JobSchedule::parse(&cron, "UTC").map_err(D::Error::custom)?;
    Ok(cron)
}

fn page_size_in_range<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    match u32::deserialize(d)? {
        n @ 1..=1000 => Ok(n),
        n => Err(D::Error::custom(format!(
            "{n} rows per page: the API takes 1 to 1000"
        ))),
    }
}
