//! The command line: every command with its help text and an example. The services'
//! flags and `GOVTRACK_*` variables are their crates' (`IngestArgs`, `ProjectorArgs`,
//! `ApiArgs`, `SchedulerArgs` and their `*Flags`), as are the shared groups (NATS and
//! stream in govtrack-bus, data dir in govtrack-runtime, tokens in govtrack-auth,
//! models in govtrack-maturity); this module only gathers them.

use clap::{Args, Parser, Subcommand};

use govtrack_api::{ApiArgs, ApiFlags};
use govtrack_auth::TokensArgs;
use govtrack_auth::oidc::OidcArgs;
use govtrack_bus::LogArgs;
use govtrack_ingest::{IngestArgs, IngestFlags};
use govtrack_maturity::ModelArgs;
use govtrack_projector::{ProjectorArgs, ProjectorFlags};
use govtrack_runtime::DataDir;
use govtrack_scheduler::{SchedulerArgs, SchedulerFlags};

mod client;
mod feeds;
mod ops;
mod org;

pub use client::{
    EmitArgs, EventTypesArgs, EventsArgs, ImportArgs, InitiativesArgs, McpArgs, ModelAction,
    ModelArgsCommand, ModelShowArgs, OrgQueryArgs, ReadTarget, StatusArgs, Target, TemplateAction,
    TemplateApplyArgs, TemplateArgs,
};
pub use feeds::{InventoryAction, InventoryArgs, SourceAction, SourceArgs};
pub use ops::{
    AlertsAction, AlertsArgs, ProjectorAction, ProjectorCommand, SchedulerAction, SchedulerCommand,
    SilenceAction, SilenceArgs,
};

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
    Up(Box<UpArgs>),
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
    /// The Power Platform inventory collector: sign in once, or run it now.
    ///
    /// Example: govtrack inventory login --scheduler-config scheduler.toml
    ///
    /// Example: govtrack inventory sync --now --dry-run --scheduler-config scheduler.toml
    Inventory(InventoryArgs),
    /// The watch on every feed: expect a source at a cadence, list every source's status.
    ///
    /// Example: govtrack source expect hr-sync --every 24h --org contoso
    ///
    /// Example: govtrack source list --org contoso
    Source(SourceArgs),
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
    /// Serve govtrack's MCP tools over stdio, for a local assistant (Claude Desktop, VS
    /// Code): the read tools call the read API, the write tools record through ingest,
    /// both with --token. Logs go to stderr; stdout carries the protocol.
    ///
    /// Example: govtrack mcp --url http://127.0.0.1:8081 --ingest-url http://127.0.0.1:8080 --token "$GOVTRACK_TOKEN"
    Mcp(McpArgs),
    /// Initiatives with their check-in state.
    ///
    /// Example: govtrack initiatives --org contoso --stalled
    Initiatives(InitiativesArgs),
    /// An organisation's timeline, oldest first: what happened, when, and who recorded
    /// it (a person, an app, a token, a webhook; none on events stored before).
    ///
    /// Example: govtrack events --org contoso --limit 20
    Events(EventsArgs),
}

/// `govtrack up`: the shared groups once, then each service's own flags.
#[derive(Debug, Args)]
pub struct UpArgs {
    #[command(flatten)]
    pub log: LogArgs,
    #[command(flatten)]
    pub data: DataDir,
    #[command(flatten)]
    pub tokens: TokensArgs,
    #[command(flatten)]
    pub oidc: OidcArgs,
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

/// Each service's own arguments, composed from the shared groups `up` takes once
/// (with `log` pointing at the server `up` uses): every service reads its settings
/// from them as its own command would.
impl UpArgs {
    pub fn ingest_args(&self, log: &LogArgs) -> IngestArgs {
        IngestArgs {
            log: log.clone(),
            data: self.data.clone(),
            tokens: self.tokens.clone(),
            oidc: self.oidc.clone(),
            models: self.models.clone(),
            ingest: self.ingest.clone(),
        }
    }

    pub fn projector_args(&self, log: &LogArgs) -> ProjectorArgs {
        ProjectorArgs {
            log: log.clone(),
            data: self.data.clone(),
            models: self.models.clone(),
            projector: self.projector.clone(),
        }
    }

    pub fn api_args(&self, log: &LogArgs) -> ApiArgs {
        ApiArgs {
            data: self.data.clone(),
            tokens: self.tokens.clone(),
            oidc: self.oidc.clone(),
            models: self.models.clone(),
            nats: log.nats.clone(),
            api: self.api.clone(),
        }
    }

    pub fn scheduler_args(&self, log: &LogArgs) -> SchedulerArgs {
        SchedulerArgs {
            log: log.clone(),
            data: self.data.clone(),
            models: self.models.clone(),
            scheduler: self.scheduler.clone(),
        }
    }
}

/// `govtrack demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    #[command(flatten)]
    pub target: Target,
}
