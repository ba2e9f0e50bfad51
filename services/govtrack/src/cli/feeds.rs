//! `govtrack inventory login|sync` and `govtrack source expect|list`: the feeds. Both
//! take the scheduler's settings (its TOML holds the `[inventory]` block; its data dir
//! holds the stored sign-in and the store the lists read).

use crate::cli::org::{OrgArg, OrgFilter};
use clap::{Args, Subcommand};
use govtrack_scheduler::SchedulerArgs;

/// `govtrack inventory`.
#[derive(Debug, Args)]
pub struct InventoryArgs {
    #[command(subcommand)]
    pub action: InventoryAction,
}

/// Inventory commands.
#[derive(Debug, Subcommand)]
pub enum InventoryAction {
    /// Sign in once as a Power Platform admin (auth = "device_code"): prints a code and
    /// a URL, waits until you signed in there, and stores the refresh token under the
    /// data dir (mode 0600) for the inventory-sync job.
    ///
    /// Example: govtrack inventory login --scheduler-config scheduler.toml
    Login {
        #[command(flatten)]
        args: SchedulerArgs,
    },
    /// Run the inventory-sync job once: read the tenant's inventory and append the
    /// environment and count changes the log lacks (a failure appends only its
    /// source.failed finding). With --dry-run, print the changes and append nothing.
    ///
    /// Example: govtrack inventory sync --now --scheduler-config scheduler.toml
    ///
    /// Example: govtrack inventory sync --dry-run --scheduler-config scheduler.toml
    Sync {
        /// Run as of this instant (RFC 3339); `--now` alone, or nothing, means the clock.
        #[arg(long, num_args = 0..=1, default_missing_value = "now", value_name = "RFC3339")]
        now: Option<String>,
        /// Print what would be appended; append nothing.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        args: SchedulerArgs,
    },
}

/// `govtrack source`.
#[derive(Debug, Args)]
pub struct SourceArgs {
    #[command(subcommand)]
    pub action: SourceAction,
}

/// Source commands.
#[derive(Debug, Subcommand)]
pub enum SourceAction {
    /// Expect a source (an envelope's `source`, a hook kind, or inventory-sync) to send
    /// events at least every DURATION. Silent for more than twice that, it raises a
    /// source.silent alert. Recorded on the log as source.expected; `--every 0`
    /// withdraws the expectation.
    ///
    /// Example: govtrack source expect hr-sync --every 24h --org contoso
    Expect {
        /// The source's name, as its events' `source` gives it.
        name: String,
        /// The cadence in whole hours, e.g. 24h, 7d; 0 to stop watching.
        #[arg(long, value_name = "DURATION")]
        every: String,
        #[command(flatten)]
        org: OrgArg,
        #[command(flatten)]
        args: SchedulerArgs,
    },
    /// Every source seen on the log: last seen, expected cadence, status
    /// (ok, late, silent, failed, unwatched).
    ///
    /// Example: govtrack source list --org contoso
    List {
        #[command(flatten)]
        org: OrgFilter,
        /// JSON instead of a table.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        args: SchedulerArgs,
    },
}
