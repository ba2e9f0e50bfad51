//! Requirements: what a level of a capability needs ([`Requirement`] and its kinds), the
//! entities facts are kept for, and the field matchers that filter events.

use serde_json::Value;

/// Something created by one event type, replaced by another (its new data), and
/// withdrawn by a third, keyed by a data field.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entity {
    pub(crate) id: String,
    pub(crate) event: String,
    pub(crate) key: String,
    pub(crate) updated_by: Option<String>,
    pub(crate) removed_by: Option<String>,
}

impl Entity {
    /// The event types whose data becomes the entity's: its creation and its updates.
    pub(crate) fn writers(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.event.as_str()).chain(self.updated_by.as_deref())
    }
}

/// One requirement of one level of a capability (or one alternative of an any-of group,
/// which carries its group's level).
#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    pub(crate) level: u16,
    /// What a CoE lead reads, in the guidance's terms.
    pub(crate) words: String,
    /// How to record it (a `govtrack emit …` line).
    pub(crate) how: Option<String>,
    /// The seed statement it encodes, or `govtrack: <reason>`.
    pub(crate) source: Option<String>,
    pub(crate) kind: RequirementKind,
}

/// What must hold for a requirement to be met (attestation applies to all kinds).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RequirementKind {
    /// At least `count` matching events ever, or active matching entities.
    Fact {
        source: FactSource,
        count: usize,
        matcher: Matcher,
    },
    /// At least `count` matching events in the last `within_days` days.
    Recent {
        event: String,
        count: usize,
        within_days: u32,
        matcher: Matcher,
    },
    /// An `evidence.recorded` of this capability with `signal`, optionally recent.
    Evidence {
        signal: String,
        within_days: Option<u32>,
    },
    /// Holds when any one of the alternatives holds (alternatives are never groups).
    Any(Vec<Requirement>),
}

/// Where a current fact comes from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FactSource {
    /// Presence of an event of this type (org-level facts such as `vision.published`).
    Event(String),
    /// An active entity (index into the model's entities), removals honoured.
    Entity(usize),
}

/// Field conditions on an event's data; all must hold.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Matcher {
    /// `field == value`.
    pub(crate) equals: Vec<(String, Value)>,
    /// The array `field` contains every listed string.
    pub(crate) includes: Vec<(String, Vec<String>)>,
    /// The value of `field` is the id of an active entity (index into entities).
    pub(crate) active: Vec<(String, usize)>,
}

impl RequirementKind {
    /// The kind as written in a model file.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            RequirementKind::Fact { .. } => "fact",
            RequirementKind::Recent { .. } => "recent",
            RequirementKind::Evidence { .. } => "evidence",
            RequirementKind::Any(_) => "any",
        }
    }

    /// Event types that can make this requirement hold (`rising`) or stop holding.
    pub(crate) fn relevant_types<'a>(
        &'a self,
        entities: &'a [Entity],
        rising: bool,
    ) -> Vec<&'a str> {
        match self {
            RequirementKind::Fact { source, .. } => source_types(source, entities, rising),
            RequirementKind::Recent { event, matcher, .. } => {
                let refs = matcher.active.iter().map(|(_, e)| &entities[*e]);
                if rising {
                    std::iter::once(event.as_str())
                        .chain(refs.flat_map(Entity::writers))
                        .collect()
                } else {
                    refs.flat_map(|e| {
                        e.updated_by
                            .as_deref()
                            .into_iter()
                            .chain(e.removed_by.as_deref())
                    })
                    .collect()
                }
            }
            RequirementKind::Evidence { .. } if rising => vec!["evidence.recorded"],
            RequirementKind::Evidence { .. } => Vec::new(),
            RequirementKind::Any(alternatives) => {
                let mut types: Vec<&str> = Vec::new();
                for alternative in alternatives {
                    for t in alternative.kind.relevant_types(entities, rising) {
                        if !types.contains(&t) {
                            types.push(t);
                        }
                    }
                }
                types
            }
        }
    }
}

fn source_types<'a>(source: &'a FactSource, entities: &'a [Entity], rising: bool) -> Vec<&'a str> {
    match source {
        FactSource::Event(event) if rising => vec![event.as_str()],
        FactSource::Event(_) => Vec::new(),
        FactSource::Entity(e) => {
            let entity = &entities[*e];
            let removal = entity.removed_by.as_deref().filter(|_| !rising);
            entity.writers().chain(removal).collect()
        }
    }
}

impl Matcher {
    /// Whether `data` passes the field conditions (not the `active` ones, which depend on
    /// the state at evaluation time).
    pub(crate) fn matches_fields(&self, data: &Value) -> bool {
        let equal = self
            .equals
            .iter()
            .all(|(field, want)| data.get(field).is_some_and(|got| same_value(got, want)));
        equal
            && self
                .includes
                .iter()
                .all(|(field, wanted)| includes_all(data.get(field), wanted))
    }
}

/// JSON equality where numbers compare by value (`1` equals `1.0`).
fn same_value(got: &Value, want: &Value) -> bool {
    match (got.as_f64(), want.as_f64()) {
        (Some(a), Some(b)) => a == b,
        _ => got == want,
    }
}

fn includes_all(array: Option<&Value>, wanted: &[String]) -> bool {
    let Some(items) = array.and_then(Value::as_array) else {
        return false;
    };
    wanted
        .iter()
        .all(|w| items.iter().any(|item| item.as_str() == Some(w)))
}

impl Requirement {
    /// The level this requirement belongs to (200–500).
    pub fn level(&self) -> u16 {
        self.level
    }

    /// The requirement in the guidance's words, as listed under `missing`. For an any-of
    /// group without words of its own: its alternatives' words joined with " or ".
    pub fn words(&self) -> &str {
        &self.words
    }

    /// The older name of [`Requirement::words`].
    pub fn description(&self) -> &str {
        &self.words
    }

    /// How to record it, e.g. `govtrack emit app_catalog.published --org ORG --data '{}'`.
    pub fn how(&self) -> Option<&str> {
        self.how.as_deref()
    }

    /// Where the rule comes from: `seeds/003 level 400: create an app catalog`, or
    /// `govtrack: <reason>` for a rule of our own judgement.
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }

    /// The kind as written in the model file: `fact`, `recent`, `evidence` or `any`.
    pub fn kind_name(&self) -> &'static str {
        self.kind.name()
    }

    /// The alternatives of an any-of group (empty for other kinds).
    pub fn alternatives(&self) -> &[Requirement] {
        match &self.kind {
            RequirementKind::Any(alternatives) => alternatives,
            _ => &[],
        }
    }
}
