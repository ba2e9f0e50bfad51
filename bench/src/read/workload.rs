//! A realistic history for the read side: many organisations, every event type of the
//! catalogue, unique ids, and references that hold together.
//!
//! Event `n` belongs to organisation `n % orgs` and is that organisation's `k`-th event
//! (`k = n / orgs`), so organisations interleave on the log as they would in a shared
//! installation. An organisation's history spans two years up to an hour ago and is cut
//! into OKR cycles of [`CYCLE`] events:
//!
//! - its first events lay the foundation (CoE, sponsor, vision, DLP, targets, …);
//! - each cycle opens by defining 4 objectives, 3 key results each and 2 initiatives per
//!   objective that name their objective and key results;
//! - the rest of a cycle is a weighted mix of every type ([`MIX`], weight 1 for types
//!   not listed): evidence for real signals of the model the services run with
//!   ([`crate::model`]), measurements of the
//!   cycle's key results trending to their targets, check-ins on its initiatives, the
//!   previous cycle's objectives closed and initiatives completed, silences created and
//!   lifted, the scheduler's findings (reserved types, appended as govtrack itself does).
//!
//! Everything is a pure function of `n` (a hash of it stands in for randomness), so the
//! raw SQLite rows of (a) are the same events the projector folds in (b). Every event
//! is checked as ingest would check it, against the catalogue and the model: the log's
//! history as govtrack appends it, the live events as a client sends them.

use chrono::{DateTime, Duration, NaiveDate, SecondsFormat, Utc};
use govtrack_events::{Envelope, Event, EventType};
use serde_json::{Value, json};

use crate::model::ModelChoices;

/// Events per organisation in one OKR cycle (about 146 days with 5,000 events per org).
pub const CYCLE: u64 = 1000;
/// Objectives defined per cycle.
const OBJECTIVES: u64 = 4;
/// Key results per objective.
const KEY_RESULTS: u64 = 3;
/// Initiatives per objective.
const INITIATIVES: u64 = 2;
/// Events that define one cycle's OKRs: each objective, its key results, its initiatives.
const OKR_STEPS: u64 = OBJECTIVES * (1 + KEY_RESULTS + INITIATIVES);

/// An organisation's first events: what a CoE sets up before anything else.
const FOUNDATION: &[EventType] = &[
    EventType::CoeEstablished,
    EventType::SponsorNamed,
    EventType::VisionPublished,
    EventType::ProductOwnerNamed,
    EventType::IntakeProcessEstablished,
    EventType::TenantIsolationConfigured,
    EventType::DlpPolicySet,
    EventType::EnvironmentStrategyPublished,
    EventType::CoeKitDeployed,
    EventType::AdminRoleAssigned,
    EventType::ChampionProgramLaunched,
    EventType::WelcomeEmailEnabled,
    EventType::CapabilityTargetSet,
    EventType::CapabilityTargetSet,
    EventType::CapabilityTargetSet,
    EventType::SupportTiersDefined,
];

/// Weights of the mix; every other type of the catalogue has weight 1.
const MIX: &[(EventType, usize)] = &[
    (EventType::EvidenceRecorded, 20),
    (EventType::KeyResultMeasured, 16),
    (EventType::InitiativeProgressed, 14),
    (EventType::EnvironmentCreated, 6),
    (EventType::TrainingHeld, 4),
    (EventType::ChampionRecognized, 4),
    (EventType::SponsorReviewHeld, 3),
    (EventType::CapabilityAssessed, 3),
    (EventType::ShowAndTellHeld, 3),
    (EventType::KpiReviewed, 3),
    (EventType::DlpPolicySet, 2),
    (EventType::SuccessStoryPublished, 2),
    (EventType::InitiativeBlocked, 2),
    (EventType::ObjectiveClosed, 2),
    (EventType::InitiativeCompleted, 2),
];

/// Words organisation ids are made of (`contoso-000`, `fabrikam-001`, …).
const ORG_WORDS: &[&str] = &[
    "contoso",
    "fabrikam",
    "northwind",
    "tailspin",
    "woodgrove",
    "litware",
    "adatum",
    "proseware",
    "wingtip",
    "alpine",
];

/// Sponsors an organisation may name; `cio` is named first and never steps down.
const SPONSORS: &[&str] = &["cio", "cfo", "coo", "cdo", "ciso"];

/// History: this long, ending an hour before the run.
const HISTORY_DAYS: i64 = 730;

/// Builds event `n` of a run's history.
#[derive(Debug, Clone)]
pub struct History {
    run: String,
    orgs: Vec<String>,
    per_org: u64,
    start: DateTime<Utc>,
    mix: Vec<EventType>,
    model: ModelChoices,
}

impl History {
    /// A history of `events` events over `orgs` organisations, as of `now`, drawing
    /// capabilities and signals from `model`.
    pub fn new(events: u64, orgs: usize, now: DateTime<Utc>, model: ModelChoices) -> History {
        let orgs = orgs.max(1);
        let mix = EventType::ALL
            .iter()
            .flat_map(|&t| {
                let weight = MIX.iter().find(|(m, _)| *m == t).map_or(1, |&(_, w)| w);
                std::iter::repeat_n(t, weight)
            })
            .collect();
        History {
            run: format!("rb{}", now.timestamp_millis()),
            orgs: (0..orgs)
                .map(|i| format!("{}-{i:03}", ORG_WORDS[i % ORG_WORDS.len()]))
                .collect(),
            per_org: events.div_ceil(orgs as u64).max(1),
            start: now - Duration::hours(1) - Duration::days(HISTORY_DAYS),
            mix,
            model,
        }
    }

    /// The organisation ids.
    pub fn orgs(&self) -> &[String] {
        &self.orgs
    }

    /// Event `n`, validated as govtrack itself appends it (reserved types allowed),
    /// and against the model.
    pub fn event(&self, n: u64) -> anyhow::Result<Event> {
        let envelope = self.envelope(n);
        let event_type = envelope.event_type.clone();
        (self.model.trusted_event(envelope))
            .map_err(|e| anyhow::anyhow!("history event {n} ({event_type}) is invalid: {e}"))
    }

    /// A client's event after the history (for ingest): the `i`-th of a phase tagged
    /// `tag`, in the organisations' current OKR cycle, never a reserved type, happening
    /// now.
    pub fn live(&self, tag: &str, i: u64) -> anyhow::Result<Envelope> {
        let org = (i % self.orgs.len() as u64) as usize;
        let mut step = self.step(self.per_org - 1);
        step.within = step.within.max(FOUNDATION.len() as u64 + OKR_STEPS);
        step.hash = splitmix(i ^ 0x11fe);
        let event_type = match self.mix[(step.hash % self.mix.len() as u64) as usize] {
            t if t.is_reserved() => EventType::InitiativeProgressed,
            t => t,
        };
        let envelope = Envelope {
            id: Some(format!("{}-{tag}-{i}", self.run)),
            source: Some("govtrack-bench".to_owned()),
            ..Envelope::new(
                event_type.name(),
                &self.orgs[org],
                self.data(event_type, org, &step),
            )
        };
        (self.model.client_event(envelope.clone()))
            .map_err(|e| anyhow::anyhow!("live event {i} ({event_type}) would be refused: {e}"))?;
        Ok(envelope)
    }

    fn envelope(&self, n: u64) -> Envelope {
        let orgs = self.orgs.len() as u64;
        let org = (n % orgs) as usize;
        let step = self.step(n / orgs);
        let event_type = self.event_type(&step);
        Envelope {
            id: Some(format!("{}-{n}", self.run)),
            occurred_at: Some(step.at.to_rfc3339_opts(SecondsFormat::Millis, true)),
            source: Some(SOURCES[(step.hash % SOURCES.len() as u64) as usize].to_owned()),
            ..Envelope::new(
                event_type.name(),
                &self.orgs[org],
                self.data(event_type, org, &step),
            )
        }
    }

    /// Where the `k`-th event of an organisation stands in its history.
    fn step(&self, k: u64) -> Step {
        let span = Duration::days(HISTORY_DAYS).num_seconds() as f64;
        let offset = (k.min(self.per_org) as f64 / self.per_org as f64 * span) as i64;
        Step {
            k,
            cycle: k / CYCLE,
            within: k % CYCLE,
            at: self.start + Duration::seconds(offset),
            hash: splitmix(k ^ 0x5eed),
        }
    }

    fn event_type(&self, step: &Step) -> EventType {
        let foundation = FOUNDATION.len() as u64;
        match step.within {
            j if step.cycle == 0 && j < foundation => FOUNDATION[j as usize],
            j if (foundation..foundation + OKR_STEPS).contains(&j) => {
                match (j - foundation) % (1 + KEY_RESULTS + INITIATIVES) {
                    0 => EventType::ObjectiveDefined,
                    s if s <= KEY_RESULTS => EventType::KeyResultDefined,
                    _ => EventType::InitiativeStarted,
                }
            }
            _ => self.mix[(step.hash % self.mix.len() as u64) as usize],
        }
    }

    fn data(&self, event_type: EventType, org: usize, step: &Step) -> Value {
        let r = splitmix(step.hash ^ org as u64);
        let day = step.at.date_naive();
        let okr = Okr::of(step, r);
        use EventType as T;
        match event_type {
            T::SponsorNamed => {
                let sponsor = if step.k == 1 {
                    "cio"
                } else {
                    pick(SPONSORS, r)
                };
                json!({"sponsor": sponsor, "name": format!("Sponsor {sponsor}"), "title": sponsor.to_uppercase(), "formal": !r.is_multiple_of(3)})
            }
            T::SponsorReviewHeld => {
                json!({"sponsor": "cio", "attendees": pick(&[&["executive", "business", "it"][..], &["executive", "coe"], &["executive", "business", "it", "coe"]], r)})
            }
            T::SponsorSteppedDown => json!({"sponsor": pick(&SPONSORS[1..], r)}),
            T::DlpPolicySet if step.k < FOUNDATION.len() as u64 => {
                json!({"policy": "default-env", "scope": "default"})
            }
            T::DlpPolicySet => {
                json!({"policy": format!("policy-{}", r % 20), "scope": pick(&["default", "tenant", "environment"], r >> 8)})
            }
            T::DlpPolicyRemoved => json!({"policy": format!("policy-{}", r % 20)}),
            T::EnvironmentCreated => {
                json!({"environment": format!("env-{}", step.k), "kind": pick(&["production", "sandbox", "developer", "trial"], r), "managed": !r.is_multiple_of(4)})
            }
            T::CoeKitDeployed => {
                json!({"module": pick(&["core", "governance", "nurture", "innovation_backlog", "business_value"], if step.k < 16 { 0 } else { r }), "version": "4.50"})
            }
            T::HackathonHeld => {
                json!({"name": format!("Hackathon {}", step.k), "participants": 10 + r % 90, "sponsor": "cio"})
            }
            T::TrainingHeld => {
                json!({"kind": pick(&["app_in_a_day", "copilot_studio", "governance_basics", "alm"], r), "attendees": 5 + r % 40})
            }
            T::ChampionRecognized => {
                let champion = r % 400;
                json!({"champion": format!("champion-{champion}"), "name": format!("Champion {champion}")})
            }
            T::ShowAndTellHeld => {
                json!({"topic": format!("Maker demo {}", step.k), "attendees": 20 + r % 100})
            }
            T::KpiReviewed => {
                json!({"kpi": pick(&["hours_saved", "active_makers", "apps_in_production"], r), "value": (step.k * 3 + r % 50) as f64})
            }
            T::EvidenceRecorded => {
                let (capability, signal) = self.model.signal(r);
                json!({"capability": capability, "signal": signal, "note": format!("reviewed in cycle {}", step.cycle)})
            }
            T::CapabilityAssessed => {
                json!({"capability": self.model.capability(r), "level": 100 * (1 + r % 4), "assessor": "coe-lead", "valid_days": 180})
            }
            T::CapabilityTargetSet => {
                json!({"capability": self.model.capability(r + step.k), "level": 300 + 100 * (r % 3), "due": day + Duration::days(365)})
            }
            T::ObjectiveDefined => okr.objective_defined(day),
            T::ObjectiveClosed => {
                json!({"objective": okr.previous_objective(), "note": "cycle review"})
            }
            T::KeyResultDefined => okr.key_result_defined(day),
            T::KeyResultMeasured => okr.measured(step),
            T::KeyResultOverdue => json!({"key_result": okr.previous_key_result()}),
            T::InitiativeStarted => okr.initiative_started(day),
            T::InitiativeProgressed => {
                json!({"initiative": okr.initiative(), "note": format!("check-in {}", step.k), "percent": progress(step) as u8})
            }
            T::InitiativeBlocked => {
                json!({"initiative": okr.initiative(), "reason": "waiting for licences"})
            }
            T::InitiativeCompleted => json!({"initiative": okr.previous_initiative()}),
            T::InitiativeCancelled => {
                json!({"initiative": okr.previous_initiative(), "reason": "merged into another"})
            }
            T::InitiativeStalled => {
                let last = step.at - Duration::days(30);
                json!({"initiative": okr.initiative(), "last_activity_at": last.to_rfc3339_opts(SecondsFormat::Secs, true), "threshold_days": 28})
            }
            T::InitiativeUnstalled => json!({"initiative": okr.initiative()}),
            T::SilenceCreated => {
                let expires = step.at + Duration::days(14);
                json!({"silence": okr.silence(), "matchers": {"kind": "initiative_stalled", "entity": okr.initiative()}, "owner": "coe-lead", "reason": "owner on leave", "expires_at": expires.to_rfc3339_opts(SecondsFormat::Secs, true)})
            }
            T::SilenceExpired => json!({"silence": okr.silence()}),
            other => govtrack_events::example_data(other),
        }
    }
}

/// Tools that emit the events.
const SOURCES: &[&str] = &[
    "hr-sync",
    "coe-kit-flow",
    "admin-script",
    "okr-tracker",
    "govtrack-cli",
];

/// One organisation's position: its `k`-th event, in OKR cycle `cycle` at `within`.
struct Step {
    k: u64,
    cycle: u64,
    within: u64,
    at: DateTime<Utc>,
    hash: u64,
}

/// The OKR entities an event of a cycle refers to.
struct Okr {
    cycle: u64,
    objective: u64,
    key_result: u64,
    initiative: u64,
}

impl Okr {
    /// During the defining steps, the entity being defined; otherwise a random one.
    fn of(step: &Step, r: u64) -> Okr {
        let foundation = FOUNDATION.len() as u64;
        let per_objective = 1 + KEY_RESULTS + INITIATIVES;
        let defining = step
            .within
            .checked_sub(foundation)
            .filter(|s| *s < OKR_STEPS);
        match defining {
            Some(s) => {
                let slot = s % per_objective;
                Okr {
                    cycle: step.cycle,
                    objective: s / per_objective,
                    key_result: slot.saturating_sub(1).min(KEY_RESULTS - 1),
                    initiative: slot.saturating_sub(1 + KEY_RESULTS),
                }
            }
            // Before this cycle's OKRs exist, refer to the previous cycle's.
            None => Okr {
                cycle: if step.within < foundation + OKR_STEPS {
                    step.cycle.saturating_sub(1)
                } else {
                    step.cycle
                },
                objective: r % OBJECTIVES,
                key_result: (r >> 8) % KEY_RESULTS,
                initiative: (r >> 16) % INITIATIVES,
            },
        }
    }

    fn objective(&self) -> String {
        format!("obj-{}-{}", self.cycle, self.objective)
    }

    fn key_result(&self) -> String {
        format!("kr-{}-{}-{}", self.cycle, self.objective, self.key_result)
    }

    fn initiative(&self) -> String {
        format!("ini-{}-{}-{}", self.cycle, self.objective, self.initiative)
    }

    fn previous(&self) -> Okr {
        Okr {
            cycle: self.cycle.saturating_sub(1),
            ..*self
        }
    }

    fn previous_objective(&self) -> String {
        self.previous().objective()
    }

    fn previous_key_result(&self) -> String {
        self.previous().key_result()
    }

    fn previous_initiative(&self) -> String {
        self.previous().initiative()
    }

    fn silence(&self) -> String {
        format!("silence-{}-{}", self.cycle, self.initiative)
    }

    fn target(&self) -> f64 {
        (10 + 10 * ((self.objective * KEY_RESULTS + self.key_result) % 9)) as f64
    }

    fn objective_defined(&self, day: NaiveDate) -> Value {
        json!({"objective": self.objective(), "title": format!("Objective {} of cycle {}", self.objective + 1, self.cycle + 1),
               "goal": pick(&["get_leadership_buy_in", "empower_innovation", "establish_coe", "realize_value"], self.objective),
               "period_start": day, "period_end": day + Duration::days(180)})
    }

    fn key_result_defined(&self, day: NaiveDate) -> Value {
        let decrease = self.key_result == 2;
        let (baseline, target) = if decrease {
            (self.target(), self.target() / 4.0)
        } else {
            (0.0, self.target())
        };
        json!({"key_result": self.key_result(), "objective": self.objective(),
               "title": format!("Key result {} of objective {}", self.key_result + 1, self.objective + 1),
               "unit": pick(&["apps", "makers", "days"], self.key_result), "baseline": baseline, "target": target,
               "direction": if decrease { "decrease" } else { "increase" }, "due": day + Duration::days(180)})
    }

    fn measured(&self, step: &Step) -> Value {
        let share = progress(step) / 100.0;
        let value = if self.key_result == 2 {
            self.target() * (1.0 - 0.75 * share)
        } else {
            self.target() * share
        };
        json!({"key_result": self.key_result(), "value": (value * 10.0).round() / 10.0})
    }

    fn initiative_started(&self, day: NaiveDate) -> Value {
        json!({"initiative": self.initiative(), "objective": self.objective(),
               "key_results": [self.key_result_of_initiative()],
               "title": format!("Initiative {} for objective {}", self.initiative + 1, self.objective + 1),
               "owner": pick(&["coe-lead", "platform-team", "security-team", "champions"], self.objective + self.initiative),
               "horizon": pick(&["now", "next_year", "three_years"], self.initiative), "checkin_days": 14,
               "due": day + Duration::days(150)})
    }

    fn key_result_of_initiative(&self) -> String {
        format!(
            "kr-{}-{}-{}",
            self.cycle,
            self.objective,
            self.initiative % KEY_RESULTS
        )
    }
}

/// How far through its cycle an event is, in percent.
fn progress(step: &Step) -> f64 {
    (step.within as f64 / CYCLE as f64 * 100.0).min(100.0)
}

fn pick<T: Copy>(items: &[T], r: u64) -> T {
    items[(r % items.len() as u64) as usize]
}

/// A well-mixed 64-bit hash (SplitMix64's finaliser): stands in for randomness.
fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn model() -> ModelChoices {
        ModelChoices::load().unwrap()
    }

    #[test]
    fn every_type_of_the_catalogue_appears_and_every_event_is_valid_for_the_model() {
        let events = 20_000;
        let history = History::new(events, 4, Utc::now(), model());
        let mut types = HashSet::new();
        let mut ids = HashSet::new();
        for n in 0..events {
            let event = history.event(n).unwrap();
            types.insert(event.event_type());
            assert!(ids.insert(event.id.to_string()));
        }
        let missing: Vec<_> = EventType::ALL
            .iter()
            .filter(|t| !types.contains(t))
            .collect();
        assert!(missing.is_empty(), "missing types: {missing:?}");
    }

    #[test]
    fn measurements_and_check_ins_name_entities_defined_before_them() {
        let history = History::new(10_000, 2, Utc::now(), model());
        let mut defined = HashSet::new();
        for n in 0..10_000 {
            let event = history.event(n).unwrap();
            let entity = event.entity();
            let data = event.data.to_value();
            match event.event_type() {
                EventType::KeyResultDefined | EventType::InitiativeStarted => {
                    defined.insert((event.org.to_string(), entity.id));
                }
                EventType::KeyResultMeasured | EventType::InitiativeProgressed => {
                    let key = (event.org.to_string(), entity.id);
                    assert!(
                        defined.contains(&key),
                        "event {n} refers to {key:?}: {data}"
                    );
                }
                _ => {}
            }
        }
    }

    #[test]
    fn live_events_are_client_types_with_fresh_ids() {
        let history = History::new(1000, 10, Utc::now(), model());
        let mut ids = HashSet::new();
        for i in 0..2000 {
            let envelope = history.live("c", i).unwrap();
            let t = EventType::parse(&envelope.event_type).unwrap();
            assert!(!t.is_reserved());
            assert!(ids.insert(envelope.id.unwrap()));
        }
    }
}
