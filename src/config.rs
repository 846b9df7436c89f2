//! The user's configuration files, shared by the command line and the TUI: the limit model
//! here, the TUI's keymap and theme read through [`read_config_file`].

use crate::engine::error::Problem;
use crate::engine::field::Field;
use crate::engine::loan::FieldError;
use crate::language::Language;
use crate::limit::{LoadedModel, MODEL_FILE_NAME};
use crate::paths::config_dir;
use crate::store::io_text;
use std::path::{Path, PathBuf};

/// Where a user's model lives when `--model` is not given.
pub fn user_model_path() -> Option<PathBuf> {
    config_dir().map(|dir| dir.join(MODEL_FILE_NAME))
}

/// The largest model or config file read (1 MiB; the shipped model is a few KiB).
pub const MAX_MODEL_BYTES: u64 = 1 << 20;

/// The text of `name` in the config folder, when there is one.
pub fn read_config_file(name: &str) -> Option<String> {
    crate::store::read_text_capped(&config_dir()?.join(name), MAX_MODEL_BYTES).ok()
}

/// The model to use: `explicit` (an error when it cannot be read), else the config
/// folder's file when there is one, else the shipped model. A file that is not a valid
/// model gives the shipped one, with the reason in `fallback`.
pub fn load_model(explicit: Option<&Path>) -> Result<LoadedModel, FieldError> {
    let path = match (explicit, user_model_path()) {
        (Some(path), _) => path.to_path_buf(),
        (None, Some(path)) if path.exists() => path,
        (None, _) => return Ok(LoadedModel::shipped()),
    };
    let source = path.display().to_string();
    match crate::store::read_text_capped(&path, MAX_MODEL_BYTES) {
        Ok(text) => Ok(LoadedModel::from_text(&source, &text)),
        Err(e) if explicit.is_some() => Err(FieldError::typed(
            Field::Model,
            Problem::said(|lang| match lang {
                Language::En => format!("cannot read {source}: {}", io_text(&e, lang)),
                Language::Zh => format!("无法读取 {source}：{}", io_text(&e, lang)),
            }),
        )),
        Err(e) => Ok(LoadedModel {
            fallback: Some(crate::limit::ModelFallback::Unreadable {
                en: io_text(&e, Language::En),
                zh: io_text(&e, Language::Zh),
                source,
            }),
            ..LoadedModel::shipped()
        }),
    }
}
