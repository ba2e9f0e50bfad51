//! The maturity model of each organisation: a default (`GOVTRACK_MODEL`, the built-in
//! 2025 model unless told otherwise) and per-organisation overrides (`--org-model
//! ORG=MODEL`, `GOVTRACK_ORG_MODELS`). Ingest, the api and the scheduler all load them
//! here, so validation, `GET /v1/orgs/{org}/maturity` and the digest agree.
//!
//! A model is a built-in id (`2025`, `2021`) or a TOML file, the one place this crate
//! reads a file; a file with an error is refused with its path, line, column and reason.

use std::collections::HashMap;
use std::sync::Arc;

use crate::Model;

/// Why a model could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ModelsError {
    /// Neither a built-in id nor a readable file.
    #[error(
        "model {spec:?} is neither a built-in model ({builtins}) nor a readable file: {reason}"
    )]
    Unreadable {
        /// What was asked for.
        spec: String,
        /// The built-in ids.
        builtins: String,
        /// The I/O error.
        reason: String,
    },
    /// The file is not a valid model (the message names the line and column).
    #[error(transparent)]
    Invalid(#[from] crate::ModelError),
    /// An override not written `ORG=MODEL`.
    #[error("org model {0:?}: expected ORG=MODEL, e.g. fabrikam=2021")]
    Pair(String),
}

/// The model of every organisation.
#[derive(Debug, Clone)]
pub struct Models {
    default: Arc<Model>,
    per_org: HashMap<String, Arc<Model>>,
}

impl Default for Models {
    /// Every organisation on the built-in default (2025) model.
    fn default() -> Self {
        Models::new(Model::default_model())
    }
}

impl Models {
    /// Every organisation on `default`.
    pub fn new(default: Model) -> Models {
        Models {
            default: Arc::new(default),
            per_org: HashMap::new(),
        }
    }

    /// The default model `spec` and `ORG=MODEL` overrides, as the CLI and the
    /// environment give them.
    pub fn from_specs(spec: &str, org_models: &[String]) -> Result<Models, ModelsError> {
        let mut models = Models::new(load_model(spec)?);
        for pair in org_models.iter().filter(|p| !p.trim().is_empty()) {
            let (org, spec) = pair
                .split_once('=')
                .ok_or_else(|| ModelsError::Pair(pair.clone()))?;
            models = models.with_org(org.trim(), load_model(spec.trim())?);
        }
        Ok(models)
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

/// A model as an installation knows it: the default, one some orgs use, or a built-in
/// model nobody is on yet.
#[derive(Debug, Clone)]
pub struct KnownModel {
    /// The model.
    pub model: Arc<Model>,
    /// Every organisation without an override is on it.
    pub default: bool,
    /// Organisations on it by override, sorted.
    pub orgs: Vec<String>,
}

impl Models {
    /// Every model this installation can evaluate with, one per id: the default first,
    /// then the per-organisation ones, then the built-in models not already listed.
    pub fn known(&self) -> Vec<KnownModel> {
        let mut known = vec![KnownModel {
            model: self.default.clone(),
            default: true,
            orgs: Vec::new(),
        }];
        let mut overrides: Vec<(&String, &Arc<Model>)> = self.per_org.iter().collect();
        overrides.sort_by(|a, b| a.0.cmp(b.0));
        for (org, model) in overrides {
            match known.iter_mut().find(|k| k.model.id() == model.id()) {
                Some(k) => k.orgs.push(org.clone()),
                None => known.push(KnownModel {
                    model: model.clone(),
                    default: false,
                    orgs: vec![org.clone()],
                }),
            }
        }
        for id in Model::builtin_ids() {
            if !known.iter().any(|k| k.model.id() == id)
                && let Some(model) = Model::builtin(id)
            {
                known.push(KnownModel {
                    model: Arc::new(model),
                    default: false,
                    orgs: Vec::new(),
                });
            }
        }
        known
    }

    /// The model with `id` among [`Models::known`].
    pub fn by_id(&self, id: &str) -> Option<Arc<Model>> {
        self.known()
            .into_iter()
            .find(|k| k.model.id() == id)
            .map(|k| k.model)
    }
}

/// A model by built-in id or from a TOML file.
pub fn load_model(spec: &str) -> Result<Model, ModelsError> {
    if let Some(model) = Model::builtin(spec) {
        return Ok(model);
    }
    let text = std::fs::read_to_string(spec).map_err(|e| ModelsError::Unreadable {
        spec: spec.to_owned(),
        builtins: Model::builtin_ids().collect::<Vec<_>>().join(", "),
        reason: e.to_string(),
    })?;
    Ok(Model::parse(spec, &text)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_org_override_applies_to_that_org_only() {
        let models = Models::from_specs("2025", &["fabrikam = 2021".to_owned()]).unwrap();
        assert_eq!(models.for_org("fabrikam").id(), "2021");
        assert_eq!(models.for_org("contoso").id(), "2025");
    }

    #[test]
    fn known_models_list_the_default_the_overrides_and_the_other_builtins_once() {
        let models = Models::from_specs(
            "2025",
            &["fabrikam=2021".to_owned(), "adatum=2021".to_owned()],
        )
        .unwrap();
        let known = models.known();
        let ids: Vec<&str> = known.iter().map(|k| k.model.id()).collect();
        assert_eq!(ids, ["2025", "2021"]);
        assert!(known[0].default && known[0].orgs.is_empty());
        assert_eq!(known[1].orgs, ["adatum", "fabrikam"]);
        assert_eq!(models.by_id("2021").unwrap().id(), "2021");
        assert!(models.by_id("1999").is_none());
        let only_default = Models::from_specs("2021", &[]).unwrap().known();
        let ids: Vec<&str> = only_default.iter().map(|k| k.model.id()).collect();
        assert_eq!(
            ids,
            ["2021", "2025"],
            "built-ins nobody is on are listed too"
        );
    }

    #[test]
    fn bad_specs_are_refused_with_what_was_asked() {
        let err = Models::from_specs("no-such-model", &[]).unwrap_err();
        assert!(err.to_string().contains("no-such-model"), "{err}");
        let err = Models::from_specs("2025", &["fabrikam".to_owned()]).unwrap_err();
        assert!(err.to_string().contains("ORG=MODEL"), "{err}");
    }
}
