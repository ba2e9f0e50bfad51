//! The key that encrypts and authenticates session cookies (`GOVTRACK_SESSION_KEY_FILE`,
//! default `{data_dir}/session.key`): 64 random bytes, base64 in the file. A missing
//! file is created with mode 0600; api processes given the same file share sessions.

use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// Bytes of key material: cookie's `Key` takes 64 (signing and encryption halves).
const KEY_BYTES: usize = 64;

/// A session key file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SessionKeyError {
    #[error("cannot read the session key file {}: {source}", path.display())]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot create the session key file {}: {source}", path.display())]
    Uncreatable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "the session key file {} must hold base64 of at least {KEY_BYTES} random bytes \
         (e.g. `head -c 64 /dev/urandom | base64 -w0`); delete it to have one made",
        path.display()
    )]
    Malformed { path: PathBuf },
}

/// The key in `path`, made there (mode 0600) when the file is missing.
pub fn load_or_create(path: &Path) -> Result<cookie::Key, SessionKeyError> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(path, &text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => create(path),
        Err(source) => Err(SessionKeyError::Unreadable {
            path: path.to_owned(),
            source,
        }),
    }
}

fn parse(path: &Path, text: &str) -> Result<cookie::Key, SessionKeyError> {
    let malformed = || SessionKeyError::Malformed {
        path: path.to_owned(),
    };
    let bytes = STANDARD.decode(text.trim()).map_err(|_| malformed())?;
    if bytes.len() < KEY_BYTES {
        return Err(malformed());
    }
    if let Ok(meta) = std::fs::metadata(path)
        && meta.permissions().mode() & 0o077 != 0
    {
        tracing::warn!(
            path = %path.display(),
            "the session key file is readable by others than its owner: chmod 600 it"
        );
    }
    Ok(cookie::Key::from(&bytes[..KEY_BYTES]))
}

fn create(path: &Path) -> Result<cookie::Key, SessionKeyError> {
    let uncreatable = |source| SessionKeyError::Uncreatable {
        path: path.to_owned(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(uncreatable)?;
    }
    let key = cookie::Key::generate();
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path);
    match file {
        Ok(mut file) => {
            let text = STANDARD.encode(key.master());
            file.write_all(text.as_bytes())
                .and_then(|()| file.write_all(b"\n"))
                .map_err(uncreatable)?;
            tracing::info!(path = %path.display(), "session key created");
            Ok(key)
        }
        // Another process made it first: use theirs, so both share sessions.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => load_or_create(path),
        Err(e) => Err(uncreatable(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_key_is_made_owner_only_and_read_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/session.key");
        let made = load_or_create(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let again = load_or_create(&path).unwrap();
        assert_eq!(made.master(), again.master());
    }

    #[test]
    fn a_short_or_garbled_key_is_refused_by_file_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("session.key");
        for bad in ["not base64 !!", "c2hvcnQ="] {
            std::fs::write(&path, bad).unwrap();
            let e = load_or_create(&path).unwrap_err().to_string();
            assert!(
                e.contains("session.key") && e.contains("64 random bytes"),
                "{e}"
            );
        }
    }
}
