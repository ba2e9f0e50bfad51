//! A SQLite database on disk: the main file and its `-wal` and `-shm` side files, which
//! the bench measures together and deletes together.

use std::path::{Path, PathBuf};

/// A SQLite database file and its `-wal` and `-shm` side files.
fn database_files(path: &Path) -> [PathBuf; 3] {
    ["", "-wal", "-shm"].map(|suffix| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    })
}

/// Deletes a SQLite database and its side files (best effort: it only frees disk).
pub fn remove_database(path: &Path) {
    for file in database_files(path) {
        let _ = std::fs::remove_file(file);
    }
}

/// The database file plus its `-wal` and `-shm`.
pub fn files_size(path: &Path) -> u64 {
    (database_files(path).iter())
        .filter_map(|file| std::fs::metadata(file).ok().map(|m| m.len()))
        .sum()
}
