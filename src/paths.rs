//! Where loandash keeps the user's files, and the user's home, per platform (one lookup
//! for every caller).

use std::path::PathBuf;

fn project() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "loandash")
}

/// The data folder (the store), e.g. `~/.local/share/loandash/` on Linux.
pub fn data_dir() -> Option<PathBuf> {
    project().map(|d| d.data_dir().to_path_buf())
}

/// The config folder (model, keymap, theme), e.g. `~/.config/loandash/` on Linux.
pub fn config_dir() -> Option<PathBuf> {
    project().map(|d| d.config_dir().to_path_buf())
}

/// The user's home folder, for a configured path that starts with `~`.
pub fn home_dir() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf())
}
