//! The data directory flag: `--data-dir` / `GOVTRACK_DATA_DIR`, one default for every
//! service. Ingest keeps its id index there, the projector its read model (which the
//! api reads), the scheduler its store and `govtrack up` NATS's store.

use std::path::{Path, PathBuf};

use clap::Args;

/// Where govtrack's state lives when nothing says otherwise.
pub const DEFAULT_DATA_DIR: &str = "./govtrack-data";

/// Where the data lives.
#[derive(Debug, Clone, Args)]
pub struct DataDir {
    /// Directory for govtrack's state: the read model, ingest's id index, the
    /// scheduler's store (and, with `up`, NATS's store).
    #[arg(long, env = "GOVTRACK_DATA_DIR", default_value = DEFAULT_DATA_DIR)]
    pub data_dir: PathBuf,
}

impl DataDir {
    /// The directory.
    pub fn path(&self) -> &Path {
        &self.data_dir
    }

    /// Creates the directory (and its parents) when it does not exist yet.
    pub fn create(&self) -> std::io::Result<&Path> {
        std::fs::create_dir_all(&self.data_dir).map_err(|e| {
            std::io::Error::new(
                e.kind(),
                format!("cannot create data dir {}: {e}", self.data_dir.display()),
            )
        })?;
        Ok(&self.data_dir)
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        data: DataDir,
    }

    #[test]
    fn every_service_defaults_to_the_same_directory() {
        let cli = Cli::parse_from(["t"]);
        assert_eq!(cli.data.path(), Path::new(DEFAULT_DATA_DIR));
    }

    #[test]
    fn create_makes_missing_parents() {
        let tmp = std::env::temp_dir().join(format!("govtrack-data-dir-{}", std::process::id()));
        let nested = tmp.join("a/b");
        let cli = Cli::parse_from(["t", "--data-dir", nested.to_str().unwrap()]);
        assert!(cli.data.create().unwrap().is_dir());
        std::fs::remove_dir_all(&tmp).unwrap();
    }
}
