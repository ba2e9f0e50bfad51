//! How far the projector has applied the log, read from its read model: what a test
//! waits on before it reads what it appended.

use std::path::Path;
use std::time::{Duration, Instant};

use govtrack_readmodel::{ReadModelDir, open_reader, write};

/// The last log sequence applied by the live read model under `data_dir`; 0 before
/// the projector has made one (or while it cannot be read).
pub fn read_model_checkpoint(data_dir: &Path) -> u64 {
    let Ok(Some(live)) = ReadModelDir::under(data_dir).current() else {
        return 0;
    };
    open_reader(&live.path).map_or(0, |conn| write::checkpoint(&conn).unwrap_or(0))
}

/// Waits until the read model under `data_dir` has applied `sequence`; panics after a
/// minute, saying where it stopped.
pub async fn wait_for_read_model(data_dir: &Path, sequence: u64) {
    let started = Instant::now();
    loop {
        let at = read_model_checkpoint(data_dir);
        if at >= sequence {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "read model stuck at {at}, waiting for {sequence}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
