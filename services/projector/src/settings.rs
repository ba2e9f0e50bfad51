//! The projector's settings, loaded once by the caller (CLI flags, `GOVTRACK_*`
//! variables, a file) and passed down.

use std::net::SocketAddr;
use std::path::PathBuf;

use govtrack_bus::consume::BatchSettings;

use govtrack_readmodel::ReadModelDir;

/// Most events in one transaction. Live batches stay small (a batch closes a few
/// milliseconds after its first event unless the writer is still busy); a catch-up
/// fills them, and fewer, larger transactions rewrite each touched page less often
/// (on the 2-core bench machine, 10,000 caught up 1.5 times as fast as 2,000).
pub const BATCH_EVENTS: usize = 10_000;

/// What the projector needs besides a connection to the log.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The service data directory; the read model lives in `{data_dir}/read-model`
    /// (`GOVTRACK_DATA_DIR`).
    pub data_dir: PathBuf,
    /// How the log is cut into transactions.
    pub batch: BatchSettings,
    /// Where to serve `/healthz`, `/readyz` and `/metrics`; none when `None`.
    pub http_addr: Option<SocketAddr>,
}

impl Settings {
    /// Defaults for a data directory: batches of up to [`BATCH_EVENTS`], no HTTP.
    pub fn new(data_dir: impl Into<PathBuf>) -> Settings {
        Settings {
            data_dir: data_dir.into(),
            batch: BatchSettings {
                max_events: BATCH_EVENTS,
                ..BatchSettings::default()
            },
            http_addr: None,
        }
    }

    /// The read model's directory.
    pub fn read_model(&self) -> ReadModelDir {
        ReadModelDir::under(&self.data_dir)
    }
}
