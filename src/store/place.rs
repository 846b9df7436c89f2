//! Where the store's files lie: the store's folder, its siblings (lock, backups, binary
//! copies) and the private temporary files a save writes before renaming.

use std::io;
use std::path::{Path, PathBuf};

/// The folder `path` is in (`.` for a bare file name).
pub(super) fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// `loans.ron` + `suffix`, in the same folder.
pub(super) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// The start of the names of the temporary files written beside `target`.
pub(super) fn temp_prefix(target: &Path) -> String {
    format!(
        ".{}.",
        target.file_name().unwrap_or_default().to_string_lossy()
    )
}

/// An empty temp file in `path`'s folder, mode 0600, to be renamed over `path`.
pub(super) fn private_temp(path: &Path) -> io::Result<tempfile::NamedTempFile> {
    let dir = parent_dir(path);
    let temp = tempfile::Builder::new()
        .prefix(&temp_prefix(path))
        .suffix(".tmp")
        .tempfile_in(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        temp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(temp)
}
