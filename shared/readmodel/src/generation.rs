//! Where the read model lives: numbered generations of the SQLite file in one directory,
//! and a `CURRENT` file naming the live one.
//!
//! A rebuild writes generation N+1 beside the live N, then replaces `CURRENT` with an
//! atomic rename. Renaming the database file itself would be unsafe with WAL (the old
//! `-wal` file would pair with the new database); switching a pointer is not. Readers
//! read `CURRENT` when they open a connection and re-open when it changes; the writer
//! checks it before each batch. A generation is deleted only once it is older than the
//! live one and the writer has left it; readers still inside it keep their open files.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

const POINTER: &str = "CURRENT";
const PREFIX: &str = "gen-";
const SUFFIX: &str = ".db";

/// The read model's directory (`{data_dir}/read-model`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadModelDir {
    dir: PathBuf,
}

/// One generation of the read model.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Generation {
    /// Its number; higher is newer.
    pub number: u64,
    /// Its database file.
    pub path: PathBuf,
}

impl ReadModelDir {
    /// The read model under a service data directory.
    pub fn under(data_dir: &Path) -> ReadModelDir {
        ReadModelDir {
            dir: data_dir.join("read-model"),
        }
    }

    /// The directory itself.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// The live generation, if there is one yet.
    pub fn current(&self) -> io::Result<Option<Generation>> {
        match fs::read_to_string(self.dir.join(POINTER)) {
            Ok(text) => Ok(self.parse(text.trim())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The live generation, creating generation 1 (empty) when there is none.
    pub fn current_or_create(&self) -> io::Result<Generation> {
        if let Some(current) = self.current()? {
            return Ok(current);
        }
        let first = self.allocate()?;
        self.publish(&first)?;
        Ok(first)
    }

    /// Reserves a new, empty generation numbered above every existing one.
    pub fn allocate(&self) -> io::Result<Generation> {
        fs::create_dir_all(&self.dir)?;
        let mut number = self.generations()?.last().map_or(0, |g| g.number) + 1;
        loop {
            let path = self.dir.join(format!("{PREFIX}{number:06}{SUFFIX}"));
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(_) => return Ok(Generation { number, path }),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => number += 1,
                Err(e) => return Err(e),
            }
        }
    }

    /// Makes `generation` the live one (atomic: readers see the old or the new name).
    pub fn publish(&self, generation: &Generation) -> io::Result<()> {
        let name = generation
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = self
            .dir
            .join(format!("{POINTER}.{}.tmp", std::process::id()));
        let mut file = File::create(&tmp)?;
        file.write_all(format!("{name}\n").as_bytes())?;
        file.sync_all()?;
        fs::rename(&tmp, self.dir.join(POINTER))?;
        File::open(&self.dir)?.sync_all()
    }

    /// Every generation on disk, oldest first.
    pub fn generations(&self) -> io::Result<Vec<Generation>> {
        let entries = match fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        let mut found = Vec::new();
        for entry in entries {
            if let Some(g) = self.parse(&entry?.file_name().to_string_lossy()) {
                found.push(g);
            }
        }
        found.sort();
        Ok(found)
    }

    /// Deletes the generations older than the live one (with their WAL files).
    pub fn remove_older_than_current(&self) -> io::Result<()> {
        let Some(current) = self.current()? else {
            return Ok(());
        };
        for old in self
            .generations()?
            .into_iter()
            .filter(|g| g.number < current.number)
        {
            remove_generation(&old)?;
            tracing::info!(generation = old.number, "old read model generation removed");
        }
        Ok(())
    }

    fn parse(&self, name: &str) -> Option<Generation> {
        let number = name
            .strip_prefix(PREFIX)?
            .strip_suffix(SUFFIX)?
            .parse()
            .ok()?;
        Some(Generation {
            number,
            path: self.dir.join(name),
        })
    }
}

/// Deletes one generation's database and its `-wal` / `-shm` files.
pub fn remove_generation(generation: &Generation) -> io::Result<()> {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut path = generation.path.clone().into_os_string();
        path.push(suffix);
        match fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_generation_is_created_once_and_published() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = ReadModelDir::under(tmp.path());
        assert_eq!(dir.current().unwrap(), None);
        let first = dir.current_or_create().unwrap();
        assert_eq!(first.number, 1);
        assert_eq!(dir.current_or_create().unwrap(), first);
    }

    #[test]
    fn publishing_a_newer_generation_switches_current_and_old_ones_can_go() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = ReadModelDir::under(tmp.path());
        let first = dir.current_or_create().unwrap();
        let second = dir.allocate().unwrap();
        assert_eq!(second.number, 2);
        assert_eq!(dir.current().unwrap(), Some(first.clone()));
        dir.publish(&second).unwrap();
        assert_eq!(dir.current().unwrap(), Some(second.clone()));
        dir.remove_older_than_current().unwrap();
        assert_eq!(dir.generations().unwrap(), vec![second]);
        assert!(!first.path.exists());
    }
}
