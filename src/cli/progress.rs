//! Progress of long work on a terminal — generating a store, importing, saving a large or
//! migrated store — drawn by indicatif on stderr. When stdout or stderr is not a terminal
//! (a script, a pipe, a cron job) nothing at all is drawn: the output is only the result.

use crate::language::fill;
use crate::store::{Store, StoreError};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressFinish, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// Saving a store with this many loans and payments together takes long enough (about a
/// second and more) to show that it is working.
const LARGE_STORE_RECORDS: usize = 20_000;

/// A bar of `len` steps, e.g. loans generated or rows imported; it clears itself when
/// dropped, so an error stopping the work is printed on a clean line.
pub fn bar(len: usize, message: &'static str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(len as u64), target())
        .with_finish(ProgressFinish::AndClear);
    if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} {eta}") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(message);
    bar
}

/// Save the store, with a spinner while a large or migrated one is written (the save
/// validates, serializes, reads back and fsyncs the whole file).
pub fn save(store: &mut Store) -> Result<(), StoreError> {
    let data = store.data();
    let records = data.loans.len() + data.payments.len();
    // The profile's language (else LANG): this runs deep inside commands that know no more.
    let w = super::words::words(crate::language::Language::from_env(
        None,
        data.profile.language,
    ));
    let path = store.path().display().to_string();
    let message = match store.migrating_from() {
        Some(version) => fill(
            w.migrating,
            &[("path", &path), ("version", &version.to_string())],
        ),
        None if records >= LARGE_STORE_RECORDS => fill(w.saving, &[("path", &path)]),
        None => return store.save(),
    };
    let spinner = ProgressBar::with_draw_target(None, target())
        .with_style(ProgressStyle::default_spinner())
        .with_message(message);
    spinner.enable_steady_tick(Duration::from_millis(120));
    let saved = store.save();
    spinner.finish_and_clear();
    saved
}

fn target() -> ProgressDrawTarget {
    if std::io::stdout().is_terminal() && std::io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    }
}
