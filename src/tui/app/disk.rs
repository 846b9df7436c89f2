//! The store on disk: saves running on the worker and how they end, another program's
//! change to the file (reload, merge, or ask), and saving elsewhere.

use super::App;
use crate::language::fill;
use crate::store::StoreError;
use crate::tui::editor::{MergeRefused, SaveNews};
use crate::tui::form::Form;
use crate::tui::i18n;
use crate::tui::overlay::Overlay;

impl App {
    /// Say how a change's save goes.
    pub(super) fn tell(&mut self, news: SaveNews) {
        let s = self.strings();
        match news {
            SaveNews::Demo(done) => self.say(format!("{done} ({})", s.demo_not_saved)),
            SaveNews::Saving(done) => self.say(format!("{done} · {}", s.saving)),
            SaveNews::Saved(done) => self.say(format!("{done} · {}", s.saved)),
            SaveNews::Failed(_, e) => self.save_failed(&e),
        }
    }

    /// Whether a save is running (the event loop then looks for its end often).
    pub fn is_saving(&self) -> bool {
        self.editor.is_saving()
    }

    /// Take in a save that has ended and start the next one; returns whether anything
    /// changed on screen. Never waits.
    pub fn poll_saves(&mut self) -> bool {
        let ended = self.editor.save_ended();
        if ended {
            self.end_save();
        }
        ended
    }

    /// Wait until every change is saved or a save fails (on the way out, before
    /// touching the store file otherwise, and in tests).
    pub fn wait_for_saves(&mut self) {
        while self.editor.is_saving() {
            self.end_save();
        }
    }

    /// Wait for the running save and say how it ended; the change made meanwhile is
    /// saved next. Once nothing is left to save, a quit asked for meanwhile goes ahead
    /// (or asks, should the save have failed).
    pub(super) fn end_save(&mut self) {
        let Some(news) = self.editor.end_save() else {
            return;
        };
        if !matches!(news, SaveNews::Failed(..)) {
            // Once saved, a later change on disk may be asked about again.
            self.disk_prompted = false;
        }
        let still_saving = matches!(news, SaveNews::Saving(_));
        self.tell(news);
        if !still_saving && std::mem::take(&mut self.quit_when_saved) {
            self.quit_asking();
        }
    }

    /// Notice a change another program made to the store file: with nothing unsaved here,
    /// show the file as it is now; else ask what to do (once, and not over a form or a
    /// question). Returns whether anything changed on screen. Called every half second.
    pub fn watch_disk(&mut self) -> bool {
        if !self.editor.changed_on_disk() {
            return false;
        }
        if !self.has_unsaved() {
            self.reload();
            return true;
        }
        if self.disk_prompted || !matches!(self.overlay, Overlay::None) {
            return false;
        }
        self.disk_prompted = true;
        self.overlay = Overlay::DiskChanged;
        true
    }

    /// Show the file as it is now, dropping changes not saved. Undo starts afresh: an
    /// older state written back would drop what the other program wrote.
    pub(super) fn reload(&mut self) {
        self.wait_for_saves();
        if self.is_demo() {
            return;
        }
        let s = self.lang.strings();
        match self.editor.reload() {
            Ok(()) => {
                self.disk_prompted = false;
                self.say(s.disk_reloaded);
            }
            Err(e) => {
                self.fail(s.disk_unreadable, i18n::store_error(self.lang, &e));
            }
        }
        self.refresh();
        self.select(self.selected);
        let count = self.payments().as_ref().map_or(0, Vec::len);
        self.payment_selected = self.payment_selected.min(count.saturating_sub(1));
        if let Overlay::Confirm(confirm) = &self.overlay
            && let Some(name) = confirm.pending.gone_from(self.editor.data())
        {
            self.overlay = Overlay::None;
            self.say(fill(self.strings().gone, &[("name", &name)]));
        }
    }

    /// Re-apply the changes not saved on top of the file as it is now and save; refused,
    /// with nothing changed and the question open again, where they truly conflict.
    pub(super) fn merge_with_disk(&mut self) {
        self.wait_for_saves();
        if self.is_demo() {
            return;
        }
        let saved = match self.editor.merge_with_disk() {
            Ok(saved) => saved,
            Err(refused) => {
                let text = match refused {
                    MergeRefused::Unreadable(e) => i18n::store_error(self.lang, &e),
                    MergeRefused::Conflict(c) => c.render(self.lang),
                    MergeRefused::Overpaid(r) => r.problem(self.lang),
                };
                self.say_error(text);
                self.overlay = Overlay::DiskChanged;
                return;
            }
        };
        match saved {
            Ok(()) => {
                self.disk_prompted = false;
                self.say(self.lang.strings().disk_merged);
            }
            Err(e) => self.save_failed(&e),
        }
        self.refresh();
        self.select(self.selected);
    }

    /// Ask where to save the store instead (next to it by default).
    pub(super) fn ask_save_as(&mut self) {
        if let Some(suggested) = self.editor.save_as_suggestion() {
            self.overlay = Overlay::Form(Form::save_as(&suggested));
        }
    }

    /// Save everything shown to `path` (a new file), which the dashboard then shows.
    pub(super) fn save_as(&mut self, path: &std::path::Path) {
        self.wait_for_saves();
        if self.is_demo() {
            return;
        }
        match self.editor.save_as(path) {
            Ok(()) => {
                self.disk_prompted = false;
                let text = fill(
                    self.strings().saved_as,
                    &[("path", &path.display().to_string())],
                );
                self.say(text);
            }
            Err(e) => {
                self.fail(self.strings().not_saved, i18n::store_error(self.lang, &e));
                self.overlay = Overlay::Form(Form::save_as(path));
            }
        }
    }

    /// A save failed: say so; every change stays in memory. Another program changed the
    /// file: ask now rather than at the next poll.
    pub(super) fn save_failed(&mut self, error: &StoreError) {
        if matches!(error, StoreError::Conflict { .. }) && matches!(self.overlay, Overlay::None) {
            self.disk_prompted = true;
            self.overlay = Overlay::DiskChanged;
        }
        self.fail(
            self.strings().not_saved,
            i18n::store_error(self.lang, error),
        );
    }
}
