//! The command line: every command with its help text and an example. The services'
//! flags and `GOVTRACK_*` variables are their crates' (`IngestArgs`, `ProjectorArgs`,
//! `ApiArgs`, `SchedulerArgs` and their `*Flags`), as are the shared groups (NATS and
//! stream in govtrack-bus, data dir in govtrack-runtime, tokens in govtrack-auth,
//! models in govtrack-maturity); this module only gathers them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use govtrack_api::{ApiArgs, ApiFlags};
use govtrack_auth::TokensArgs;
use govtrack_bus::{NatsArgs, StreamArgs};
use govtrack_ingest::{IngestArgs, IngestFlags};
use govtrack_maturity::{ModelArg, ModelArgs};
use govtrack_projector::{ProjectorArgs, ProjectorFlags};
use govtrack_runtime::DataDir;
use govtrack_scheduler::{SchedulerArgs, SchedulerFlags};

/// govtrack: a live, auditable tracker of platform-adoption governance.
///
/// Tooling emits events (sponsor named, DLP policy set, hackathon held, key result
/// measured); govtrack keeps them on a NATS JetStream log and derives maturity levels,
/// OKR progress and alerts from it.
#[derive(Debug, Parser)]
#[command(name = "govtrack", version, propagate_version = true)]
pub struct Cli {
    /// More log output (-v info, -vv debug). RUST_LOG overrides.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// The log filter when RUST_LOG is not set.
    pub fn default_log_filter(&self) -> &'static str {
        match (self.verbose, &self.command) {
            (
                0,
                Command::Ingest(_)
                | Command::Projector(_)
                | Command::Api(_)
                | Command::Up(_)
                | Command::Scheduler(_),
            ) => "info",
            (0, _) => "warn",
            (1, _) => "info",
            _ => "debug",
        }
    }
}

/// Every `GOVTRACK_*` variable this binary reads: its flags' and the ones read
/// directly (the log format).
pub fn known_env() -> std::collections::BTreeSet<String> {
    let mut known = govtrack_runtime::clap_env_names(&<Cli as clap::CommandFactory>::command());
    known.extend(
        govtrack_runtime::READ_DIRECTLY
            .iter()
            .map(|s| s.to_string()),
    );
    known
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the ingest service (HTTP + NATS request/reply).
    ///
    /// Example: govtrack ingest --nats-url nats://127.0.0.1:4222 --http-addr 127.0.0.1:8080
    Ingest(IngestArgs),
    /// Emit one event.
    ///
    /// Example: govtrack emit sponsor.named --org contoso --data '{"sponsor":"cio","name":"Ada Lovelace","formal":true}'
    Emit(EmitArgs),
    /// Bulk-load events from a JSON Lines file (one envelope per line).
    ///
    /// Safe to re-run: a line without an `id` gets one derived from its content, so
    /// events already loaded are reported as duplicates, not written twice.
    ///
    /// Example: govtrack import history.jsonl --url http://127.0.0.1:8080
    Import(ImportArgs),
    /// Show the event catalogue, or one type's schema and an example.
    ///
    /// Example: govtrack event-types dlp_policy.set
    EventTypes(EventTypesArgs),
    /// Run everything in one process: ingest, projector, api and scheduler, with its own
    /// nats-server child when GOVTRACK_NATS_URL is not set. Ctrl-C stops it cleanly;
    /// running it again resumes with all state intact.
    ///
    /// Example: govtrack up --demo
    Up(UpArgs),
    /// Load the demo organisation (contoso) through ingest; safe to run twice.
    ///
    /// Example: govtrack demo --url http://127.0.0.1:8080
    Demo(DemoArgs),
    /// Run the projector: fold the log into the SQLite read model (or rebuild it).
    ///
    /// Example: govtrack projector --data-dir ./govtrack-data
    ///
    /// Example: govtrack projector rebuild --data-dir ./govtrack-data
    Projector(ProjectorCommand),
    /// Run the read API (JSON) over the projector's read model.
    ///
    /// Example: govtrack api --data-dir ./govtrack-data --api-addr 127.0.0.1:8081
    Api(ApiArgs),
    /// Run the scheduler (cron jobs: stall scan, overdue key results, weekly digest),
    /// or run its jobs once as of a given instant.
    ///
    /// Example: govtrack scheduler --scheduler-config deploy/examples/scheduler.toml
    ///
    /// Example: govtrack scheduler run-once --now 2026-06-01T09:00:00Z --job stall-scan
    Scheduler(SchedulerCommand),
    /// Alerts the scheduler knows, their deliveries, or a live tail of notifications.
    ///
    /// Example: govtrack alerts --org contoso
    ///
    /// Example: govtrack alerts tail --org contoso
    Alerts(AlertsArgs),
    /// Silences: mute matching alerts for a while, with an owner and a reason.
    ///
    /// Example: govtrack silence add --org contoso --entity app-in-a-day --owner ana --reason "holiday" --for 7d
    Silence(SilenceArgs),
    /// Maturity per capability: level, target, and what is missing for the next level.
    ///
    /// Example: govtrack status --org contoso --as-of 2026-03-31
    Status(StatusArgs),
    /// Objectives, key results (progress and status) and their initiatives.
    ///
    /// Example: govtrack okrs --org contoso
    Okrs(OrgQueryArgs),
    /// The maturity model: every capability's ladder, what each level needs in the
    /// guidance's words, how to record it, and which seed statement it encodes.
    ///
    /// Example: govtrack model show --capability sponsorship
    ///
    /// Example: govtrack model show --model 2021 --json
    Model(ModelArgsCommand),
    /// OKR templates from the adoption guidance: objectives, key results with the
    /// guidance's blank targets, and initiatives, applied to an organisation in one go.
    ///
    /// Example: govtrack template list
    ///
    /// Example: govtrack template apply leadership-buy-in --org contoso --start 2026-01-01 --dry-run
    Template(TemplateArgs),
    /// Initiatives with their check-in state.
    ///
    /// Example: govtrack initiatives --org contoso --stalled
    Initiatives(InitiativesArgs),
}

/// `govtrack up`: the shared groups once, then each service's own flags.
#[derive(Debug, Args)]
pub struct UpArgs {
    #[command(flatten)]
    pub nats: NatsArgs,
    #[command(flatten)]
    pub stream: StreamArgs,
    #[command(flatten)]
    pub data: DataDir,
    #[command(flatten)]
    pub tokens: TokensArgs,
    #[command(flatten)]
    pub models: ModelArgs,
    #[command(flatten)]
    pub ingest: IngestFlags,
    #[command(flatten)]
    pub projector: ProjectorFlags,
    #[command(flatten)]
    pub api: ApiFlags,
    #[command(flatten)]
    pub scheduler: SchedulerFlags,
    /// Load the demo organisation once everything is up.
    #[arg(long)]
    pub demo: bool,
}

/// `govtrack demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    #[command(flatten)]
    pub target: Target,
}

/// `govtrack scheduler`.
#[derive(Debug, Args)]
pub struct SchedulerCommand {
    #[command(subcommand)]
    pub action: Option<SchedulerAction>,
    #[command(flatten)]
    pub args: SchedulerArgs,
}

/// What the scheduler does.
#[derive(Debug, Subcommand)]
pub enum SchedulerAction {
    /// Run the jobs once as of `--now` (deterministic), then deliver what is due.
    ///
    /// Example: govtrack scheduler run-once --now 2026-06-01T09:00:00Z --job stall-scan
    RunOnce {
        /// The instant the jobs run at (RFC 3339); default now.
        #[arg(long)]
        now: Option<String>,
        /// Only this job (stall-scan, kr-overdue, weekly-digest, or one of the config).
        #[arg(long)]
        job: Option<String>,
    },
}

/// `govtrack alerts`.
#[derive(Debug, Args)]
pub struct AlertsArgs {
    #[command(subcommand)]
    pub action: Option<AlertsAction>,
    /// Organisation (all when absent).
    #[arg(long, global = true, env = "GOVTRACK_ORG")]
    pub org: Option<String>,
    /// Print JSON.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(flatten)]
    pub args: SchedulerArgs,
}

/// Alert views.
#[derive(Debug, Subcommand)]
pub enum AlertsAction {
    /// Every delivery attempt of notifications (webhooks).
    ///
    /// Example: govtrack alerts deliveries --org contoso
    Deliveries {
        /// Most recent N.
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// Follow the GOVTRACK_ALERTS stream.
    ///
    /// Example: govtrack alerts tail --org contoso --from-start
    Tail {
        /// Replay what the stream keeps before following.
        #[arg(long)]
        from_start: bool,
    },
}

/// `govtrack silence`.
#[derive(Debug, Args)]
pub struct SilenceArgs {
    #[command(subcommand)]
    pub action: SilenceAction,
    #[command(flatten)]
    pub args: SchedulerArgs,
}

/// Silence commands.
#[derive(Debug, Subcommand)]
pub enum SilenceAction {
    /// Mute alerts matching org / kind / entity until it expires.
    ///
    /// Example: govtrack silence add --org contoso --entity app-in-a-day --owner ana --reason "trainer on leave" --for 14d
    Add {
        /// Organisation.
        #[arg(long, env = "GOVTRACK_ORG")]
        org: String,
        /// Alert kind, e.g. initiative_stalled.
        #[arg(long)]
        kind: Option<String>,
        /// Entity id (initiative, key result).
        #[arg(long)]
        entity: Option<String>,
        /// Who asks.
        #[arg(long)]
        owner: String,
        /// Why.
        #[arg(long)]
        reason: String,
        /// How long, e.g. 2h, 7d.
        #[arg(long = "for", value_name = "DURATION")]
        duration: String,
    },
    /// List silences and whether they are active.
    ///
    /// Example: govtrack silence list --org contoso
    List {
        /// Organisation (all when absent).
        #[arg(long, env = "GOVTRACK_ORG")]
        org: Option<String>,
    },
    /// End a silence now.
    ///
    /// Example: govtrack silence expire --org contoso SILENCE_ID
    Expire {
        /// Organisation.
        #[arg(long, env = "GOVTRACK_ORG")]
        org: String,
        /// The silence id.
        silence: String,
    },
}

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
    /// Organisation id.
    #[arg(long, env = "GOVTRACK_ORG")]
    pub org: String,
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

/// `govtrack projector`.
#[derive(Debug, Args)]
pub struct ProjectorCommand {
    #[command(subcommand)]
    pub action: Option<ProjectorAction>,
    #[command(flatten)]
    pub args: ProjectorArgs,
}

/// What the projector does.
#[derive(Debug, Subcommand)]
pub enum ProjectorAction {
    /// Build a fresh read model from sequence 1 beside the live one and swap it in
    /// atomically; the api keeps answering meanwhile.
    ///
    /// Example: govtrack projector rebuild --data-dir ./govtrack-data
    Rebuild,
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
    /// Organisation id.
    #[arg(long, env = "GOVTRACK_ORG")]
    pub org: String,
    /// A past date (YYYY-MM-DD, end of that day UTC) or instant (RFC 3339).
    #[arg(long)]
    pub as_of: Option<String>,
    #[command(flatten)]
    pub target: ReadTarget,
}

/// `govtrack okrs`.
#[derive(Debug, Args)]
pub struct OrgQueryArgs {
    /// Organisation id.
    #[arg(long, env = "GOVTRACK_ORG")]
    pub org: String,
    #[command(flatten)]
    pub target: ReadTarget,
}

/// `govtrack initiatives`.
#[derive(Debug, Args)]
pub struct InitiativesArgs {
    /// Organisation id.
    #[arg(long, env = "GOVTRACK_ORG")]
    pub org: String,
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
    /// Organisation id.
    #[arg(long, env = "GOVTRACK_ORG")]
    pub org: String,
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
