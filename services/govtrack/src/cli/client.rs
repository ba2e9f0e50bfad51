//! The flags of the client commands: emit, import, event types, the read commands,
//! templates and models.

use std::path::PathBuf;

use crate::cli::org::OrgArg;
use clap::{Args, Subcommand};
use govtrack_maturity::ModelArg;

/// `govtrack template`.
#[derive(Debug, Args)]
pub struct TemplateArgs {
    #[command(subcommand)]
    pub action: TemplateAction,
}

/// What `govtrack template` does.
#[derive(Debug, Subcommand)]
pub enum TemplateAction {
    /// The built-in templates.
    ///
    /// Example: govtrack template list
    List,
    /// One template: its objectives, key results and initiatives, and its source.
    ///
    /// Example: govtrack template show leadership-buy-in
    Show {
        /// A built-in template's name, or a template file of your own.
        name: String,
    },
    /// Append a template's events for an organisation through ingest. Safe to run
    /// twice: every event id is built from org, template and item, so a second run
    /// appends nothing. Key results whose objective the template leaves open are asked
    /// for in a terminal, or set with --link.
    ///
    /// Example: govtrack template apply leadership-buy-in --org contoso --start 2026-01-01 --link strategic-use-cases=drive-improvement
    Apply(TemplateApplyArgs),
}

/// `govtrack template apply`.
#[derive(Debug, Args)]
pub struct TemplateApplyArgs {
    /// A built-in template's name, or a template file of your own.
    pub name: String,
    #[command(flatten)]
    pub org: OrgArg,
    /// First day of the objectives' period (YYYY-MM-DD).
    #[arg(long)]
    pub start: chrono::NaiveDate,
    /// Length of the period in months; key results are due on its last day.
    #[arg(long, default_value_t = 12)]
    pub months: u32,
    /// Owner of the initiatives (default: unassigned).
    #[arg(long)]
    pub owner: Option<String>,
    /// Which objective a key result serves, as KEY_RESULT=OBJECTIVE (repeatable).
    #[arg(long = "link", value_name = "KEY_RESULT=OBJECTIVE")]
    pub links: Vec<String>,
    /// Print the events instead of appending them.
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub target: Target,
}

/// `govtrack mcp`.
#[derive(Debug, Args)]
pub struct McpArgs {
    /// Base URL of the read API, which the read tools call.
    #[arg(
        long = "url",
        env = "GOVTRACK_API_URL",
        default_value = "http://127.0.0.1:8081"
    )]
    pub url: String,
    /// Base URL of ingest, where the write tools record (POST /v1/events).
    #[arg(long, env = "GOVTRACK_URL", default_value = "http://127.0.0.1:8080")]
    pub ingest_url: String,
    /// Token for both, sent as Bearer: its read scopes decide what the read tools see,
    /// its emit scopes what the write tools may record.
    #[arg(long, env = "GOVTRACK_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    #[command(flatten)]
    pub mcp: govtrack_api::McpFlags,
}

/// `govtrack model`.
#[derive(Debug, Args)]
pub struct ModelArgsCommand {
    #[command(subcommand)]
    pub action: ModelAction,
}

/// What `govtrack model` does.
#[derive(Debug, Subcommand)]
pub enum ModelAction {
    /// Print a model's ladder, level by level, with words, how and source.
    ///
    /// Example: govtrack model show --capability governance
    Show(ModelShowArgs),
}

/// `govtrack model show`.
#[derive(Debug, Args)]
pub struct ModelShowArgs {
    #[command(flatten)]
    pub model: ModelArg,
    /// Only this capability (its id, e.g. sponsorship).
    #[arg(long)]
    pub capability: Option<String>,
    /// Print JSON (the same as GET /v1/models/{id}).
    #[arg(long)]
    pub json: bool,
}

/// Where the read API is, and the output format.
#[derive(Debug, Args)]
pub struct ReadTarget {
    /// Base URL of the read API.
    #[arg(
        long,
        env = "GOVTRACK_API_URL",
        default_value = "http://127.0.0.1:8081"
    )]
    pub api_url: String,
    /// Token for the read API (a read:ORG, read:* or admin scope), sent as Bearer.
    #[arg(long, env = "GOVTRACK_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Print the API's JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// `govtrack status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub org: OrgArg,
    /// A past date (YYYY-MM-DD, end of that day UTC) or instant (RFC 3339).
    #[arg(long)]
    pub as_of: Option<String>,
    #[command(flatten)]
    pub target: ReadTarget,
}

/// `govtrack okrs`.
#[derive(Debug, Args)]
pub struct OrgQueryArgs {
    #[command(flatten)]
    pub org: OrgArg,
    #[command(flatten)]
    pub target: ReadTarget,
}

/// `govtrack events`.
#[derive(Debug, Args)]
pub struct EventsArgs {
    /// Organisation id.
    #[arg(long, env = "GOVTRACK_ORG")]
    pub org: String,
    /// Start after this stream sequence (the last page's `next after`).
    #[arg(long, default_value_t = 0)]
    pub after: u64,
    /// Events to show, oldest first.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub limit: u32,
    #[command(flatten)]
    pub target: ReadTarget,
}

/// `govtrack initiatives`.
#[derive(Debug, Args)]
pub struct InitiativesArgs {
    #[command(flatten)]
    pub org: OrgArg,
    /// Only stalled initiatives.
    #[arg(long)]
    pub stalled: bool,
    #[command(flatten)]
    pub target: ReadTarget,
}

/// Where a client command sends events.
#[derive(Debug, Args)]
pub struct Target {
    /// Base URL of the ingest HTTP API.
    #[arg(long, env = "GOVTRACK_URL", default_value = "http://127.0.0.1:8080")]
    pub url: String,
    /// Bearer token for the API.
    #[arg(long, env = "GOVTRACK_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Send over NATS request/reply to this server instead of HTTP.
    #[arg(long = "via-nats", value_name = "NATS_URL")]
    pub via_nats: Option<String>,
}

/// `govtrack emit`.
#[derive(Debug, Args)]
pub struct EmitArgs {
    /// Event type, e.g. sponsor.named (see `govtrack event-types`).
    pub event_type: String,
    #[command(flatten)]
    pub org: OrgArg,
    /// The data as JSON, or @FILE to read it from a file.
    #[arg(long, default_value = "{}")]
    pub data: String,
    /// Idempotency key; generated when absent.
    #[arg(long)]
    pub id: Option<String>,
    /// When it happened (RFC 3339); default now.
    #[arg(long)]
    pub occurred_at: Option<String>,
    /// Optimistic concurrency: the entity version you saw.
    #[arg(long)]
    pub expected_version: Option<u64>,
    /// The emitting tool's name.
    #[arg(long, default_value = "govtrack-cli")]
    pub source: String,
    #[command(flatten)]
    pub target: Target,
}

/// `govtrack import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// JSON Lines file, one envelope per line (`-` for standard input).
    pub file: PathBuf,
    /// Events per request (at most 1000).
    #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub batch: u16,
    /// Hide the progress bar.
    #[arg(long)]
    pub quiet: bool,
    #[command(flatten)]
    pub target: Target,
}

/// `govtrack event-types`.
#[derive(Debug, Args)]
pub struct EventTypesArgs {
    /// One type to show in full.
    pub event_type: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}
