//! The hooks file (`GOVTRACK_HOOKS_FILE`, TOML; example in `deploy/examples/hooks.toml`):
//! GitHub secrets per org, the `source` each sender's events carry, and the Dataverse
//! mappings (a table and a message become an event type, its data fields taken from
//! the row's attributes). Read and checked once at start: a mistake stops ingest with
//! the file's name and the field, rather than dropping deliveries later.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, bail};
use govtrack_events::{EventType, Org};
use serde::Deserialize;

/// Everything the webhooks are configured with.
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HooksConfig {
    /// GitHub webhooks.
    #[serde(default)]
    pub github: GithubConfig,
    /// Azure DevOps service hooks.
    #[serde(default)]
    pub azure_devops: SenderConfig,
    /// Dataverse webhooks (service endpoints).
    #[serde(default)]
    pub dataverse: DataverseConfig,
}

/// The `source` a sender's events carry (#13 watches every source's last-seen time).
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SenderConfig {
    /// Overrides the sender's name (`azure-devops`, `github`, `dataverse`).
    pub source: Option<String>,
}

/// `[github]`: the source, and the secret each org's webhook signs with.
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GithubConfig {
    /// Overrides `github` as the events' source.
    pub source: Option<String>,
    /// `org = "secret"`; orgs not listed use `GOVTRACK_GITHUB_WEBHOOK_SECRET`.
    #[serde(default)]
    pub secrets: BTreeMap<String, String>,
    /// Filled from `GOVTRACK_GITHUB_WEBHOOK_SECRET`, never from the file.
    #[serde(skip)]
    pub default_secret: Option<String>,
}

/// `[dataverse]`: the source and the mappings.
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataverseConfig {
    /// Overrides `dataverse` as the events' source.
    pub source: Option<String>,
    /// `[[dataverse.mapping]]`, one per table and message.
    #[serde(default)]
    pub mapping: Vec<DataverseMapping>,
}

/// One Dataverse table and message that becomes an event.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataverseMapping {
    /// The table's logical name (`PrimaryEntityName`), e.g. `cr5d_coetraining`.
    pub table: String,
    /// The message (`MessageName`): `Create`, `Update`, `Delete`, …
    pub message: String,
    /// The event type recorded, e.g. `training.held`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// This mapping's own source (overrides `[dataverse] source`).
    pub source: Option<String>,
    /// `data field = "attribute logical name"`: taken from the row.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// `data field = value`: the same for every row.
    #[serde(default)]
    pub set: BTreeMap<String, toml::Value>,
}

impl std::fmt::Debug for HooksConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Secrets never reach Debug or the logs.
        f.debug_struct("HooksConfig")
            .field("github_orgs_with_secrets", &self.github.secrets.keys())
            .field(
                "github_default_secret",
                &self.github.default_secret.is_some(),
            )
            .field("dataverse_mappings", &self.dataverse.mapping)
            .finish()
    }
}

impl HooksConfig {
    /// Reads and checks `file` (none: the built-in mappings only), with the GitHub
    /// secret for orgs the file does not name.
    pub fn load(file: Option<&Path>, github_secret: Option<String>) -> anyhow::Result<HooksConfig> {
        let mut config = match file {
            None => HooksConfig::default(),
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read the hooks file {}", path.display()))?;
                HooksConfig::parse(&text)
                    .with_context(|| format!("in the hooks file {}", path.display()))?
            }
        };
        config.github.default_secret = github_secret.filter(|s| !s.is_empty());
        Ok(config)
    }

    /// Parses and checks the file's text.
    pub fn parse(text: &str) -> anyhow::Result<HooksConfig> {
        let config: HooksConfig = toml::from_str(text)?;
        config.check()?;
        Ok(config)
    }

    fn check(&self) -> anyhow::Result<()> {
        for (org, secret) in &self.github.secrets {
            Org::check(org).map_err(|e| anyhow::anyhow!("[github.secrets] {e}"))?;
            if secret.is_empty() {
                bail!("[github.secrets] {org}: the secret is empty");
            }
        }
        let mut seen = BTreeMap::new();
        for (i, m) in self.dataverse.mapping.iter().enumerate() {
            let at = format!(
                "[[dataverse.mapping]] #{} ({} {})",
                i + 1,
                m.table,
                m.message
            );
            if m.table.is_empty() || m.message.is_empty() {
                bail!("{at}: `table` and `message` must not be empty");
            }
            let Some(t) = EventType::parse(&m.event_type) else {
                bail!("{at}: unknown event type {:?}", m.event_type);
            };
            if t.is_reserved() {
                bail!("{at}: {} is emitted by govtrack itself", m.event_type);
            }
            if let Some(field) = m.fields.keys().find(|f| m.set.contains_key(*f)) {
                bail!("{at}: data field {field:?} is both in `fields` and in `set`");
            }
            let key = (m.table.to_ascii_lowercase(), m.message.to_ascii_lowercase());
            if let Some(first) = seen.insert(key, i + 1) {
                bail!("{at}: mapping #{first} already maps this table and message");
            }
        }
        Ok(())
    }

    /// The secret `org`'s GitHub webhook signs with.
    pub fn github_secret(&self, org: &str) -> Option<&str> {
        self.github
            .secrets
            .get(org)
            .or(self.github.default_secret.as_ref())
            .map(String::as_str)
    }

    /// The Dataverse mapping of `table` and `message` (case-insensitive).
    pub fn dataverse_mapping(&self, table: &str, message: &str) -> Option<&DataverseMapping> {
        self.dataverse.mapping.iter().find(|m| {
            m.table.eq_ignore_ascii_case(table) && m.message.eq_ignore_ascii_case(message)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_file_loads() {
        let text = include_str!("../../../../deploy/examples/hooks.toml");
        let config = HooksConfig::parse(text).unwrap();
        assert!(!config.dataverse.mapping.is_empty());
        assert!(
            config
                .dataverse_mapping("cr5d_coetraining", "create")
                .is_some()
        );
    }

    #[test]
    fn mistakes_name_the_mapping_and_the_field() {
        let unknown =
            "[[dataverse.mapping]]\ntable = \"t\"\nmessage = \"Create\"\ntype = \"no.such\"\n";
        let e = HooksConfig::parse(unknown).unwrap_err().to_string();
        assert!(e.contains("#1") && e.contains("no.such"), "{e}");
        let twice = "[[dataverse.mapping]]\ntable = \"t\"\nmessage = \"Create\"\ntype = \"hackathon.held\"\n\
                     [[dataverse.mapping]]\ntable = \"T\"\nmessage = \"create\"\ntype = \"training.held\"\n";
        let e = HooksConfig::parse(twice).unwrap_err().to_string();
        assert!(e.contains("already maps"), "{e}");
        let typo = "[github]\nsecret = \"x\"\n";
        assert!(
            HooksConfig::parse(typo).is_err(),
            "unknown keys are refused"
        );
        let reserved = "[[dataverse.mapping]]\ntable = \"t\"\nmessage = \"Create\"\ntype = \"initiative.stalled\"\n";
        assert!(HooksConfig::parse(reserved).is_err());
    }

    #[test]
    fn an_org_without_its_own_secret_uses_the_shared_one_and_debug_hides_both() {
        let mut config =
            HooksConfig::parse("[github.secrets]\ncontoso = \"own-secret\"\n").unwrap();
        config.github.default_secret = Some("shared-secret".into());
        assert_eq!(config.github_secret("contoso"), Some("own-secret"));
        assert_eq!(config.github_secret("fabrikam"), Some("shared-secret"));
        let shown = format!("{config:?}");
        assert!(!shown.contains("own-secret") && !shown.contains("shared-secret"));
    }
}
