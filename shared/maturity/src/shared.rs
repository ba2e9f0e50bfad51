//! What every replay under one model shares: the model itself and its index.
//!
//! Each replay's engine holds the model and the lookup tables built from it, and a
//! cached timeline keeps its frontier's engine. Were each a copy, a cache of 2,000
//! timelines would hold 2,000 copies of the model (words, names, matchers) and of its
//! index, none of which depends on the history. The cell sits in the model, so every
//! clone of a model finds the same one.
//!
//! The cell holds both type-erased, so this file names neither the model nor the index
//! (the model holds the cell, and the index is built from the model).

use std::any::Any;
use std::sync::{Arc, Mutex, OnceLock, Weak};

type Erased = dyn Any + Send + Sync;

/// The cell; cloned with the model.
#[derive(Default, Clone)]
pub(crate) struct Shared(Arc<Cell>);

#[derive(Default)]
struct Cell {
    /// The model as engines hold it, while any does (a strong reference here would be
    /// a cycle: the model holds this cell).
    model: Mutex<Option<Weak<Erased>>>,
    index: OnceLock<Arc<Erased>>,
}

impl Shared {
    /// The model this cell belongs to (`model`), shared with every engine holding it.
    pub(crate) fn model<M: Clone + Send + Sync + 'static>(&self, model: &M) -> Arc<M> {
        let mut shared = self.0.model.lock().unwrap_or_else(|e| e.into_inner());
        let live = shared.as_ref().and_then(Weak::upgrade);
        if let Some(live) = live.and_then(|any| any.downcast::<M>().ok()) {
            return live;
        }
        let live = Arc::new(model.clone());
        let erased: Arc<Erased> = live.clone();
        *shared = Some(Arc::downgrade(&erased));
        live
    }

    /// The index of `model`, the model this cell belongs to, built once by `build`.
    pub(crate) fn index<M, I: Send + Sync + 'static>(
        &self,
        model: &M,
        build: impl Fn(&M) -> I,
    ) -> Arc<I> {
        let any = Arc::clone(
            self.0
                .index
                .get_or_init(|| Arc::new(build(model)) as Arc<Erased>),
        );
        // Only one index type is ever kept here; were it another, build a fresh one.
        any.downcast::<I>()
            .unwrap_or_else(|_| Arc::new(build(model)))
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
