//! The inventory query: `POST {host}/resourcequery/resources/query?api-version=2024-10-01`
//! over the `PowerPlatformResources` table, following `skipToken` to the last page.
//! A 429 or 503 waits for its `Retry-After` within the run's budget; a 401 or 403 stops
//! the run with the setting to fix. Nothing is appended from here: the caller gets
//! every row or an error.

use std::time::Duration;

use serde::Deserialize;
use serde_json::{Value, json};

use crate::inventory::error::InventoryError;
use crate::inventory::settings::{AuthMode, InventorySettings};
use crate::retry_after;

/// The `type` values queried (the inventory schema page's resource types).
pub const TYPES: &[&str] = &[
    "microsoft.powerplatform/environments",
    "microsoft.powerapps/canvasapps",
    "microsoft.powerapps/modeldrivenapps",
    "microsoft.powerapps/codeapps",
    "microsoft.powerapps/apps",
    "microsoft.powerautomate/cloudflows",
    "microsoft.powerautomate/agentflows",
    "microsoft.copilotstudio/agents",
];

/// One page of the documented response.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Page {
    #[serde(default)]
    data: Vec<Value>,
    #[serde(default)]
    skip_token: Option<String>,
    #[serde(default)]
    total_records: Option<u64>,
}

/// The request body of one page.
pub fn request(top: u32, skip_token: Option<&str>) -> Value {
    let quoted: Vec<String> = TYPES.iter().map(|t| format!("'{t}'")).collect();
    let mut options = json!({"Top": top});
    if let Some(token) = skip_token {
        options["SkipToken"] = json!(token);
    }
    json!({
        "TableName": "PowerPlatformResources",
        "Clauses": [
            {"$type": "where", "FieldName": "type", "Operator": "in~", "Values": quoted},
            {"$type": "project", "FieldList": ["name", "type", "properties"]}
        ],
        "Options": options,
    })
}

/// Every row of the inventory, all pages; `sleep` waits out `Retry-After` (tests pass
/// their own clock).
pub async fn fetch_all(
    http: &reqwest::Client,
    s: &InventorySettings,
    token: &str,
) -> Result<Vec<Value>, InventoryError> {
    let url = format!(
        "{}/resourcequery/resources/query?api-version=2024-10-01",
        s.host
    );
    let mut rows = Vec::new();
    let mut skip: Option<String> = None;
    let mut waited = Duration::ZERO;
    loop {
        let page = fetch_page(http, s, &url, token, skip.as_deref(), &mut waited).await?;
        rows.extend(page.data);
        tracing::debug!(
            rows = rows.len(),
            total = page.total_records,
            "inventory page"
        );
        match page.skip_token.filter(|t| !t.is_empty()) {
            Some(next) if Some(&next) != skip.as_ref() => skip = Some(next),
            Some(_) => return Err(InventoryError::Paging { url }),
            None => return Ok(rows),
        }
    }
}

async fn fetch_page(
    http: &reqwest::Client,
    s: &InventorySettings,
    url: &str,
    token: &str,
    skip: Option<&str>,
    waited: &mut Duration,
) -> Result<Page, InventoryError> {
    let body = request(s.page_size, skip);
    loop {
        let response = http
            .post(url)
            .bearer_auth(token)
            .timeout(s.timeout)
            .json(&body)
            .send()
            .await
            .map_err(|source| query_failed(url, source))?;
        let status = response.status().as_u16();
        match status {
            200..=299 => {
                let text = (response.text().await).map_err(|source| query_failed(url, source))?;
                return serde_json::from_str(&text).map_err(|source| InventoryError::Parse {
                    url: url.to_owned(),
                    source,
                });
            }
            429 | 503 => {
                // An HTTP date counts from the wall clock, not from the run's `now`.
                let wait = retry_after::of(response.headers(), chrono::Utc::now())
                    .unwrap_or(Duration::from_secs(5));
                if *waited + wait > s.retry_budget {
                    return Err(InventoryError::Throttled {
                        url: url.to_owned(),
                        status,
                        waited_s: waited.as_secs(),
                        budget_s: s.retry_budget.as_secs(),
                    });
                }
                tracing::info!(
                    status,
                    wait_s = wait.as_secs_f64(),
                    "inventory throttled; waiting"
                );
                tokio::time::sleep(wait).await;
                *waited += wait;
            }
            401 => {
                return Err(InventoryError::Denied(format!(
                    "{url} answered 401 Unauthorized: the access token was refused; check inventory.tenant_id and inventory.client_id{}",
                    if s.auth == AuthMode::DeviceCode {
                        ", or run `govtrack inventory login`"
                    } else {
                        ""
                    }
                )));
            }
            403 => return Err(forbidden(url, s.auth)),
            _ => {
                let text = response.text().await.unwrap_or_default();
                return Err(InventoryError::Status {
                    url: url.to_owned(),
                    status,
                    body: text.chars().take(200).collect(),
                });
            }
        }
    }
}

fn query_failed(url: &str, source: reqwest::Error) -> InventoryError {
    InventoryError::Query {
        url: url.to_owned(),
        source,
    }
}

fn forbidden(url: &str, auth: AuthMode) -> InventoryError {
    InventoryError::Denied(match auth {
        AuthMode::ClientCredentials => format!(
            "{url} answered 403 Forbidden to the app's own token: the inventory API accepts delegated (user) tokens only; set auth = \"device_code\" in [inventory] and run `govtrack inventory login`"
        ),
        AuthMode::DeviceCode => format!(
            "{url} answered 403 Forbidden: the signed-in user may not read the tenant's inventory; run `govtrack inventory login` as a Power Platform administrator"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_request_has_the_documented_shape() {
        let first = request(500, None);
        assert_eq!(first["TableName"], "PowerPlatformResources");
        assert_eq!(first["Options"], json!({"Top": 500}));
        assert_eq!(first["Clauses"][0]["$type"], "where");
        let next = request(500, Some("abc"));
        assert_eq!(next["Options"]["SkipToken"], "abc");
    }
}
