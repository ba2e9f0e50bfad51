//! The flags of the operator's commands: scheduler, alerts, silence, projector.

use crate::cli::org::{OrgArg, OrgFilter};
use clap::{Args, Subcommand};
use govtrack_projector::ProjectorArgs;
use govtrack_scheduler::SchedulerArgs;

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
    #[command(flatten)]
    pub org: OrgFilter,
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
        #[command(flatten)]
        org: OrgArg,
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
        #[arg(long = "for", value_name = "DURATION", value_parser = govtrack_runtime::duration_arg)]
        duration: std::time::Duration,
    },
    /// List silences and whether they are active.
    ///
    /// Example: govtrack silence list --org contoso
    List {
        #[command(flatten)]
        org: OrgFilter,
    },
    /// End a silence now.
    ///
    /// Example: govtrack silence expire --org contoso SILENCE_ID
    Expire {
        #[command(flatten)]
        org: OrgArg,
        /// The silence id.
        silence: String,
    },
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
