//! The TUI's store editing: every change goes through [`Editor::change`], which keeps how
//! to take it back and saves it on a worker, one save at a time, so no key waits for the
//! disk. What happened comes back as [`SaveNews`]; the app words it and draws it.

use crate::book::dues::Portfolio;
use crate::book::payments::{self, Refusal};
use crate::engine::loan::FieldError;
use crate::store::merge::{self, Conflict};
use crate::store::{Reverse, Saved, Store, StoreData, StoreError};
use crate::summary::{self, Figures};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

/// How many changes undo can take back.
const UNDO_DEPTH: usize = 50;
/// How many records (loans, payments…) undo keeps in all: each change keeps only the
/// records it replaced, so this bounds its memory whatever the store's size.
const UNDO_RECORDS: usize = 20_000;

/// Where the data lives.
#[derive(Debug)]
pub enum Backing {
    /// The user's store file: every change is saved atomically.
    File(Store),
    /// A sample store in memory (`--demo`): changes are never written.
    Demo(StoreData),
}

impl Backing {
    /// The data.
    pub fn data(&self) -> &StoreData {
        match self {
            Backing::File(store) => store.data(),
            Backing::Demo(data) => data,
        }
    }
}

/// What became of a change's save. Each carries the words for the change (`done`).
#[derive(Debug)]
pub enum SaveNews {
    /// Kept in memory only: the sample store is never written.
    Demo(String),
    /// Being written (or next in line behind the save running).
    Saving(String),
    /// Written.
    Saved(String),
    /// Not written; every change stays in memory, to be saved with the next.
    Failed(String, StoreError),
}

/// Why the changes not saved could not be merged with the file as it is now.
#[derive(Debug)]
pub enum MergeRefused {
    /// The file cannot be read now.
    Unreadable(StoreError),
    /// Both sides changed the same record differently.
    Conflict(Conflict),
    /// Payments from both sides together pay more than is owed.
    Overpaid(Refusal),
}

/// The store being edited: its data, how to undo, and the saves under way.
#[derive(Debug)]
pub struct Editor {
    backing: Backing,
    /// How to take back each change (only what it replaced), newest last.
    undo: Vec<Reverse>,
    /// The save running, and what changed (for its news).
    running: Option<(JoinHandle<Result<Saved, StoreError>>, String)>,
    /// What changed while it ran: saved next, with everything before it.
    next: Option<String>,
}

impl Editor {
    /// Edit the store in `backing`.
    pub fn new(backing: Backing) -> Editor {
        Editor {
            backing,
            undo: Vec::new(),
            running: None,
            next: None,
        }
    }

    /// The data shown.
    pub fn data(&self) -> &StoreData {
        self.backing.data()
    }

    /// The store file, unless this is the sample store.
    pub fn file(&self) -> Option<&Store> {
        match &self.backing {
            Backing::File(store) => Some(store),
            Backing::Demo(_) => None,
        }
    }

    /// The figures as of `as_of` (kept beside a large store between runs).
    pub fn figures(&self, as_of: NaiveDate) -> Result<Figures, FieldError> {
        match &self.backing {
            Backing::File(store) => summary::figures(store, as_of),
            Backing::Demo(data) => Ok(Figures::of(Portfolio::new(data, as_of)?)),
        }
    }

    /// Make `data` the data, keep how to take it back, and save it. Returns the data it
    /// replaced and how its save goes.
    pub fn change(&mut self, data: StoreData, done: String) -> (Arc<StoreData>, SaveNews) {
        self.undo.push(Reverse::between(self.data(), &data));
        let changed = self.set_and_save(data, done);
        // The latest change can always be undone; older ones go past the bounds.
        while self.undo.len() > UNDO_DEPTH
            || (self.undo.len() > 1
                && self.undo.iter().map(Reverse::records).sum::<usize>() > UNDO_RECORDS)
        {
            self.undo.remove(0);
        }
        changed
    }

    /// Take back the latest change and save; `None` when there is none.
    pub fn undo(&mut self, done: String) -> Option<(Arc<StoreData>, SaveNews)> {
        let reverse = self.undo.pop()?;
        let data = reverse.undo(self.data());
        Some(self.set_and_save(data, done))
    }

    fn set_and_save(&mut self, mut data: StoreData, done: String) -> (Arc<StoreData>, SaveNews) {
        // New payments get their ids now, so that they can be edited before a save.
        data.number_payments();
        let old = match &mut self.backing {
            Backing::File(store) => store.replace_data(data),
            Backing::Demo(held) => {
                return (
                    Arc::new(std::mem::replace(held, data)),
                    SaveNews::Demo(done),
                );
            }
        };
        let news = if self.running.is_some() {
            self.next = Some(done.clone());
            SaveNews::Saving(done)
        } else {
            self.start_save(done)
        };
        (old, news)
    }

    /// Save the data as it is now on a worker thread.
    fn start_save(&mut self, done: String) -> SaveNews {
        let Backing::File(store) = &mut self.backing else {
            return SaveNews::Demo(done);
        };
        match store.begin_save() {
            Ok(job) => {
                self.running = Some((std::thread::spawn(move || job.run()), done.clone()));
                SaveNews::Saving(done)
            }
            Err(e) => SaveNews::Failed(done, e),
        }
    }

    /// Whether a save is running.
    pub fn is_saving(&self) -> bool {
        self.running.is_some()
    }

    /// Whether a change waits for the running save to end.
    #[cfg(test)]
    pub fn is_queued(&self) -> bool {
        self.next.is_some()
    }

    /// Whether the running save has ended (so [`Editor::end_save`] will not wait).
    pub fn save_ended(&self) -> bool {
        self.running.as_ref().is_some_and(|(w, _)| w.is_finished())
    }

    /// Wait for the running save and take in how it ended: saved, the change made
    /// meanwhile is saved next (its news is then [`SaveNews::Saving`]); failed, every
    /// change stays in memory. `None` when no save runs.
    pub fn end_save(&mut self) -> Option<SaveNews> {
        let (worker, done) = self.running.take()?;
        // A save that panicked is a bug: panic here too, which restores the terminal.
        let outcome = worker
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let Backing::File(store) = &mut self.backing else {
            return None;
        };
        let news = match store.finish_save(outcome) {
            Ok(()) => match self.next.take() {
                Some(next) => self.start_save(next),
                None => SaveNews::Saved(done),
            },
            Err(e) => {
                self.next = None;
                SaveNews::Failed(done, e)
            }
        };
        Some(news)
    }

    /// Whether another program changed the file (the editor's own save aside).
    pub fn changed_on_disk(&mut self) -> bool {
        match &mut self.backing {
            Backing::File(store) => self.running.is_none() && store.changed_on_disk(),
            Backing::Demo(_) => false,
        }
    }

    /// Take the file as it is now, dropping changes not saved. Undo starts afresh: an
    /// older state written back would drop what the other program wrote. The caller
    /// waits for the running save first.
    pub fn reload(&mut self) -> Result<(), StoreError> {
        let Backing::File(store) = &mut self.backing else {
            return Ok(());
        };
        store.reload()?;
        self.undo.clear();
        Ok(())
    }

    /// Re-apply the changes not saved on top of the file as it is now, and save. Refused,
    /// with nothing changed, where they truly conflict. The caller waits for the running
    /// save first.
    pub fn merge_with_disk(&mut self) -> Result<Result<(), StoreError>, MergeRefused> {
        let Backing::File(store) = &mut self.backing else {
            return Ok(Ok(()));
        };
        let theirs = Store::open(store.path()).map_err(MergeRefused::Unreadable)?;
        let merged = merge::merge(store.on_file(), store.data(), theirs.data())
            .map_err(MergeRefused::Conflict)?;
        for (debt, _) in merged.debts() {
            payments::later_still_owed(theirs.data(), &merged, debt, 0)
                .map_err(MergeRefused::Overpaid)?;
        }
        // Saved over the version merged with, not the file read again: a change written
        // there since is then a conflict rather than lost.
        store.adopt(theirs);
        store.replace_data(merged);
        let saved = store.save();
        if saved.is_ok() {
            // The merged store is what undo starts from: an older state would drop theirs.
            self.undo.clear();
        }
        Ok(saved)
    }

    /// Where to save instead, by default: beside the store file.
    pub fn save_as_suggestion(&self) -> Option<PathBuf> {
        let mut suggested = self.file()?.path().as_os_str().to_owned();
        suggested.push(".mine");
        Some(PathBuf::from(suggested))
    }

    /// Save everything to `path` (a new file), which is then the file edited. The caller
    /// waits for the running save first.
    pub fn save_as(&mut self, path: &Path) -> Result<(), StoreError> {
        match &mut self.backing {
            Backing::File(store) => store.save_as(path),
            Backing::Demo(_) => Ok(()),
        }
    }
}
