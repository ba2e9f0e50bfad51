//! What every replay under one model shares: the model itself and its index.
//!
//! Each replay's engine holds the model and the lookup tables built from it, and a
//! cached timeline keeps its frontier's engine. Were each a copy, a cache of 2,000
//! timelines would hold 2,000 copies of the model (words, names, matchers) and of its
//! index, none of which depends on the history. The cell sits in the model, so every
//! clone of a model finds the same one.

use std::sync::{Arc, Mutex, OnceLock, Weak};

use crate::index::Index;
use crate::model::Model;

/// The cell; cloned with the model.
#[derive(Default, Clone)]
pub(crate) struct Shared(Arc<Cell>);

#[derive(Default)]
struct Cell {
    /// The model as engines hold it, while any does (a strong reference here would be
    /// a cycle: the model holds this cell).
    model: Mutex<Weak<Model>>,
    index: OnceLock<Arc<Index>>,
}

impl Shared {
    /// The model this cell belongs to (`model`), shared with every engine holding it.
    pub(crate) fn model(&self, model: &Model) -> Arc<Model> {
        let mut shared = self.0.model.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(live) = shared.upgrade() {
            return live;
        }
        let live = Arc::new(model.clone());
        *shared = Arc::downgrade(&live);
        live
    }

    /// The index of `model`, the model this cell belongs to.
    pub(crate) fn index(&self, model: &Model) -> Arc<Index> {
        Arc::clone(self.0.index.get_or_init(|| Arc::new(Index::new(model))))
    }
}

/// Not its content: a model's `Debug` form is its fingerprint ([`crate::saved`]), which
/// must not depend on what has been shared yet.
impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Shared")
    }
}

/// A cache, not part of what a model is: equal models are equal whatever they share.
impl PartialEq for Shared {
    fn eq(&self, _: &Shared) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeDelta, Utc};
    use serde_json::json;

    use crate::{Fact, Model, Timeline};

    #[test]
    fn timelines_of_one_model_share_one_copy_of_it() {
        let model = Model::default_model();
        let fact = Fact::new("sponsor.named", Utc::now(), json!({"sponsor": "cio"}));
        let horizon = Utc::now() + TimeDelta::days(10);
        let a = Timeline::build(&model, std::slice::from_ref(&fact), horizon);
        let b = Timeline::build(&model.clone(), &[fact], horizon);
        assert!(std::sync::Arc::ptr_eq(&a.engine_model(), &b.engine_model()));
        drop((a, b));
        let c = Timeline::build(&model, &[], horizon);
        assert_eq!(
            c.engine_model().id,
            model.id,
            "a new copy once none is held"
        );
    }
}
