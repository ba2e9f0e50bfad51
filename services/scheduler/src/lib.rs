//! # govtrack-scheduler
//!
//! govtrack's worker. Cron-scheduled jobs notice what nobody did — an initiative with
//! no check-in, a key result past its date — write that finding back to the log as an
//! event, and tell the right people exactly once, then remind, then say when it is
//! resolved.
//!
//! - **Projection** ([`projection`]): its own SQLite (`{data_dir}/scheduler.db`) folded
//!   from `GOVTRACK_EVENTS` with the bus's checkpointed runner — initiatives with their
//!   last activity (a measurement of a linked key result counts), key results,
//!   silences, and the facts the maturity evaluator reads. Never the projector's
//!   database.
//! - **Jobs** ([`jobs`], [`schedule`]): `stall-scan`, `kr-overdue`, `weekly-digest` (per
//!   organisation: maturity levels with targets and what the next level needs, OKR
//!   status, initiatives, open alerts; the model per organisation is in [`Models`]),
//!   each with a cron expression (6/7 fields, or 5-field crontab) in an IANA time zone.
//!   `source-watch` (expected sources silent past twice their cadence) and, with
//!   `[inventory]`, `inventory-sync` ([`inventory`]: the Power Platform inventory
//!   collector).
//!   Schedule state is persisted: after downtime a missed run happens once; runs never
//!   overlap; a [`lease`] on NATS lets one scheduler act at a time.
//! - **Rules** ([`rules`]): pure functions of projected rows and `now`. Findings become
//!   `initiative.stalled` / `initiative.unstalled` / `key_result.overdue` with
//!   deterministic ids (`stalled:{org}:{initiative}:{last_activity_at}`), so a re-run
//!   or a second scheduler appends nothing new.
//! - **Alerts** ([`alerts`]): Alertmanager-like lifecycle — fingerprint, grouping per
//!   org with a group wait, firing once, reminders every repeat interval, resolved,
//!   silences (events `silence.created` / `silence.expired`), and a notification log
//!   persisted with the decision.
//! - **Delivery** ([`delivery`]): `GOVTRACK_ALERTS` (`govtrack.alerts.{org}.{kind}`)
//!   and webhooks (`native`, `alertmanager` v4, `slack`, `teams`) signed per Standard
//!   Webhooks, from an outbox with exponential back-off and jitter, honouring
//!   `Retry-After`; a 410 disables the endpoint; every attempt is recorded.
//!
//! - **Lease** ([`lease`]): a stream with the same replica count as the log
//!   ([`Settings::stream_replicas`]), so on an R3 cluster it survives a lost node.
//! - **Observability** ([`SchedulerMetrics`], `http`): with [`Settings::http_addr`] the service
//!   serves `/healthz`, `/readyz` and `/metrics` (`govtrack_scheduler_*`: job runs by
//!   job and outcome, findings, notifications by reason, delivery attempts by target and
//!   outcome, outbox backlog, lease held, projection checkpoint and lag). `govtrack up`
//!   serves them only when given `--scheduler-http-addr`: each service of `up` keeps
//!   its own registry, there is no shared `/metrics` to join.
//!
//! Entry points: [`Scheduler`] / [`run`] (the service), [`run_once`] (deterministic,
//! `--now`), and the CLI helpers in [`commands`].

pub mod alerts;
mod args;
pub mod commands;
mod context;
mod cycle;
pub mod delivery;
mod http;
pub mod inventory;
mod job_run;
pub mod jobs;
pub mod lease;
mod metrics;
mod notification_log;
pub mod projection;
mod retry_after;
pub mod rules;
mod run_once;
pub mod schedule;
mod service;
mod settings;
pub mod store;

pub use args::{SchedulerArgs, SchedulerFlags};
pub use context::Context;
pub use cycle::{Planned, RunReport, evaluate_alerts, stall_findings};
pub use delivery::settings::{DeliverySettings, WebhookConfig};
pub use delivery::worker::{DeliveryReport, deliver_due};
pub use govtrack_maturity::{Models, ModelsError, load_model};
pub use job_run::JobRun;
pub use lease::LeaseSettings;
pub use metrics::SchedulerMetrics;
pub use run_once::run_once;
pub use service::{ScanNow, Scheduler, run};
pub use settings::{Settings, SettingsError};
