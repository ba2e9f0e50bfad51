//! The model flags (behind the `clap` feature): `--model` / `GOVTRACK_MODEL` for the
//! default model and `--org-model` / `GOVTRACK_ORG_MODELS` for organisations on another
//! one. Every service that evaluates or validates against a model flattens
//! [`ModelArgs`]; a command that shows one model flattens [`ModelArg`] alone.

use clap::Args;

use crate::Model;
use crate::models::{Models, ModelsError, load_model};

/// One maturity model, by name or file.
#[derive(Debug, Clone, Args)]
pub struct ModelArg {
    /// Maturity model: 2025 (default), 2021, or a TOML file.
    #[arg(long, env = "GOVTRACK_MODEL", default_value = "2025")]
    pub model: String,
}

impl ModelArg {
    /// The model named.
    pub fn load(&self) -> Result<Model, ModelsError> {
        load_model(&self.model)
    }
}

/// Which maturity model each organisation is assessed with.
#[derive(Debug, Clone, Args)]
pub struct ModelArgs {
    /// The default model.
    #[command(flatten)]
    pub default: ModelArg,
    /// One organisation on another model, as ORG=MODEL (repeatable; the env variable
    /// takes a comma-separated list), e.g. --org-model fabrikam=2021.
    #[arg(
        long = "org-model",
        env = "GOVTRACK_ORG_MODELS",
        value_delimiter = ',',
        value_name = "ORG=MODEL"
    )]
    pub org_models: Vec<String>,
}

impl ModelArgs {
    /// The models these flags name, loaded.
    pub fn models(&self) -> Result<Models, ModelsError> {
        Models::from_specs(&self.default.model, &self.org_models)
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        models: ModelArgs,
    }

    #[test]
    fn an_organisation_can_be_put_on_another_model() {
        let cli = Cli::parse_from(["t", "--org-model", "fabrikam=2021"]);
        let models = cli.models.models().unwrap();
        assert_ne!(models.for_org("fabrikam").id, models.for_org("contoso").id);
    }

    #[test]
    fn a_pair_without_equals_is_refused() {
        let cli = Cli::parse_from(["t", "--model", "2021", "--org-model", "fabrikam"]);
        assert!(cli.models.models().is_err());
        assert_eq!(cli.models.default.model, "2021");
    }
}
