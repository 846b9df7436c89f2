//! The user's loan store: one RON file that never loses data.

pub mod cache;
mod diff;
mod edit;
pub mod ends;
mod file;
pub mod merge;
mod migrate;
mod place;
mod schema;
mod text;

pub use diff::Reverse;
pub use file::{
    BACKUPS, DEFAULT_FILE_NAME, FileIdentity, LOCK_NOTICE_AFTER, LOCK_WAIT, ReadOnly, Refused,
    STORE_ENV, SaveJob, Saved, Store, StoreError, from_ron, io_text, open_regular,
    read_beside_large_file, read_text_capped, resolve_path, ron_error, ron_message, to_ron,
    write_file_atomically,
};
pub use schema::*;
