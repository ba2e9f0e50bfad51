//! The maturity model the bench's services run with, and what the workloads draw from
//! it. Every service the bench starts is given [`MODEL`] (`--model`), and every event
//! the bench sends or appends is checked beforehand as ingest checks it: against the
//! catalogue, then against this model (`govtrack_ingest::model_check`), so a workload
//! that drifts from the model fails before any clock starts instead of being measured
//! as refusals.

use std::sync::Arc;

use anyhow::Context;
use govtrack_events::{Envelope, Event, validate, validate_trusted};
use govtrack_maturity::Models;

/// The model every service of a bench run is started with.
pub const MODEL: &str = "2025";

/// The model's capabilities and the evidence signals each one asks for (cheap to clone).
#[derive(Debug, Clone)]
pub struct ModelChoices {
    models: Arc<Models>,
    /// Every capability of the model, in model order, with its signals.
    capabilities: Arc<Vec<(String, Vec<String>)>>,
    /// The indexes of the capabilities that list evidence signals.
    with_signals: Arc<Vec<usize>>,
}

impl ModelChoices {
    /// The choices of [`MODEL`].
    pub fn load() -> anyhow::Result<ModelChoices> {
        let models = Models::from_specs(MODEL, &[])
            .with_context(|| format!("cannot load the maturity model {MODEL}"))?;
        let model = models.for_org("");
        let capabilities: Vec<(String, Vec<String>)> = (model.capabilities().iter())
            .map(|c| {
                let signals = c.evidence_signals().into_iter().map(str::to_owned);
                (c.id().to_owned(), signals.collect())
            })
            .collect();
        let with_signals = (0..capabilities.len())
            .filter(|&i| !capabilities[i].1.is_empty())
            .collect::<Vec<_>>();
        anyhow::ensure!(
            !with_signals.is_empty(),
            "the maturity model {MODEL} lists no evidence signals"
        );
        Ok(ModelChoices {
            models: Arc::new(models),
            capabilities: Arc::new(capabilities),
            with_signals: Arc::new(with_signals),
        })
    }

    /// Any capability of the model, chosen by `r`.
    pub fn capability(&self, r: u64) -> &str {
        &self.capabilities[(r % self.capabilities.len() as u64) as usize].0
    }

    /// A capability that lists evidence signals, and one of them, chosen by `r`.
    pub fn signal(&self, r: u64) -> (&str, &str) {
        let i = self.with_signals[(r % self.with_signals.len() as u64) as usize];
        let (capability, signals) = &self.capabilities[i];
        let signal = &signals[((r >> 8) % signals.len() as u64) as usize];
        (capability, signal)
    }

    /// `envelope` as ingest accepts it from a client: valid for the catalogue and
    /// for the model.
    pub fn client_event(&self, envelope: Envelope) -> anyhow::Result<Event> {
        let event = validate(envelope, chrono::Utc::now()).map_err(|e| anyhow::anyhow!("{e}"))?;
        self.fits_model(event)
    }

    /// `envelope` as govtrack appends it itself (reserved types allowed), valid for
    /// the model.
    pub fn trusted_event(&self, envelope: Envelope) -> anyhow::Result<Event> {
        let event =
            validate_trusted(envelope, chrono::Utc::now()).map_err(|e| anyhow::anyhow!("{e}"))?;
        self.fits_model(event)
    }

    fn fits_model(&self, event: Event) -> anyhow::Result<Event> {
        govtrack_ingest::model_check::check(std::slice::from_ref(&event), &self.models, false)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok(event)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_signal_chosen_belongs_to_its_capability_in_the_model() {
        let choices = ModelChoices::load().unwrap();
        let model = Models::from_specs(MODEL, &[]).unwrap().for_org("");
        for r in 0..1000 {
            let (capability, signal) = choices.signal(r);
            let listed = model.capability(capability).unwrap().evidence_signals();
            assert!(listed.contains(&signal), "{capability} {signal}");
            assert!(model.capability(choices.capability(r)).is_some());
        }
    }
}
