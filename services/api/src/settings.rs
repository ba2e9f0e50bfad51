//! The api's settings and the maturity models it evaluates with.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use govtrack_maturity::Model;
use govtrack_projector::ReadModelDir;

/// What the api needs.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The data directory the projector writes (`GOVTRACK_DATA_DIR`); the read model is
    /// `{data_dir}/read-model`.
    pub data_dir: PathBuf,
    /// Where to listen (`GOVTRACK_HTTP_ADDR`); port 0 picks a free one.
    pub http_addr: SocketAddr,
    /// The maturity model(s) (`GOVTRACK_MODEL`, per-organisation overrides).
    pub models: Models,
    /// Tokens file (`GOVTRACK_TOKENS_FILE`, TOML with SHA-256 hashes and scopes): every
    /// organisation's routes then need a token with `read:{org}`, `read:*` or `admin`.
    /// Without one the api only binds to loopback.
    pub tokens_file: Option<PathBuf>,
}

impl Settings {
    /// Loopback on port 8081 with the default (2025) model and no tokens.
    pub fn new(data_dir: impl Into<PathBuf>) -> Settings {
        Settings {
            data_dir: data_dir.into(),
            http_addr: SocketAddr::from(([127, 0, 0, 1], 8081)),
            models: Models::new(Model::default_model()),
            tokens_file: None,
        }
    }

    /// The read model's directory.
    pub fn read_model(&self) -> ReadModelDir {
        ReadModelDir::under(&self.data_dir)
    }
}

/// The model each organisation is assessed with.
#[derive(Debug, Clone)]
pub struct Models {
    default: Arc<Model>,
    per_org: HashMap<String, Arc<Model>>,
}

impl Models {
    /// Every organisation on `default`.
    pub fn new(default: Model) -> Models {
        Models {
            default: Arc::new(default),
            per_org: HashMap::new(),
        }
    }

    /// `org` on its own model.
    pub fn with_org(mut self, org: impl Into<String>, model: Model) -> Models {
        self.per_org.insert(org.into(), Arc::new(model));
        self
    }

    /// The model of `org`.
    pub fn for_org(&self, org: &str) -> Arc<Model> {
        self.per_org.get(org).unwrap_or(&self.default).clone()
    }
}

/// A model by built-in id (`2025`, `2021`) or from a TOML file; a file with an error
/// is refused with its path, line, column and reason.
pub fn load_model(spec: &str) -> anyhow::Result<Model> {
    if let Some(model) = Model::builtin(spec) {
        return Ok(model);
    }
    let text = std::fs::read_to_string(spec).with_context(|| {
        let builtins: Vec<&str> = Model::builtin_ids().collect();
        format!(
            "model {spec:?} is neither a built-in model ({}) nor a readable file",
            builtins.join(", ")
        )
    })?;
    Ok(Model::parse(spec, &text)?)
}
