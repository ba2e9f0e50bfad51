//! The device-code sign-in's refresh token on disk: one file under the data dir, mode
//! 0600, replaced atomically (written beside, fsynced, renamed) so a crash leaves the
//! old token or the new one, never half of one. Its content is never logged.

use std::io::Write;
use std::path::Path;

use crate::inventory::error::InventoryError;

/// Reads the stored refresh token; `None` when nobody has signed in yet.
pub fn read(path: &Path) -> Result<Option<String>, InventoryError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text.trim().to_owned()).filter(|t| !t.is_empty())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(InventoryError::File {
            action: "read the stored sign-in",
            path: path.to_owned(),
            source,
        }),
    }
}

/// Stores `token`, readable and writable by the owner only.
pub fn write(path: &Path, token: &str) -> Result<(), InventoryError> {
    let fail = |source| InventoryError::File {
        action: "store the sign-in in",
        path: path.to_owned(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let tmp = path.with_extension("tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&tmp).map_err(fail)?;
    #[cfg(unix)]
    std::fs::set_permissions(&tmp, std::os::unix::fs::PermissionsExt::from_mode(0o600))
        .map_err(fail)?;
    file.write_all(token.as_bytes()).map_err(fail)?;
    file.sync_all().map_err(fail)?;
    std::fs::rename(&tmp, path).map_err(fail)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_is_private_to_its_owner_and_replaced_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t");
        assert_eq!(read(&path).unwrap(), None);
        write(&path, "first").unwrap();
        write(&path, "second").unwrap();
        assert_eq!(read(&path).unwrap().as_deref(), Some("second"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
