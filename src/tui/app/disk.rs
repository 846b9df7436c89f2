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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::{ledger, payments};
    use crate::demo::demo_store;
    use crate::engine::field::Field;
    use crate::engine::schedule::PrepayMode;
    use crate::language::Language;
    use crate::store::Store;
    use crate::tui::app::View;
    use crate::tui::app::tests::*;
    use crate::tui::editor::Backing;
    use crate::tui::overlay::{Confirm, Pending};
    use ratatui::crossterm::event::KeyCode;
    use rust_decimal::Decimal;

    #[test]
    fn a_save_runs_on_a_worker_saying_saving_then_saved_and_keys_still_act() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, path) = file_app(&dir);
        let before = app.data().payments.len();
        let s = app.strings();
        app.view = View::Dashboard;
        press_only(&mut app, KeyCode::Char('p'));
        press_only(&mut app, KeyCode::Enter);
        assert!(app.is_saving());
        let status = app.status.clone().unwrap();
        assert_eq!(
            status.text,
            format!("{} · {}", s.payment_recorded, s.saving)
        );
        assert!(!status.error);
        assert_eq!(app.data().payments.len(), before + 1, "shown at once");
        // The keys act meanwhile.
        press_only(&mut app, KeyCode::Char('j'));
        assert_eq!(app.selected, 1);
        settle(&mut app);
        assert_eq!(
            status_text(&app),
            format!("{} · {}", s.payment_recorded, s.saved)
        );
        assert!(!app.has_unsaved());
        assert_eq!(Store::open(&path).unwrap().data(), app.data());
        assert!(!app.watch_disk(), "the app's own save is no outside change");
    }

    #[test]
    fn two_quick_edits_both_end_up_on_disk_one_save_after_the_other() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, path) = file_app(&dir);
        app.lang = Language::Zh;
        let s = app.strings();
        let before = app.data().payments.len();
        app.view = View::Dashboard;
        for _ in 0..2 {
            press_only(&mut app, KeyCode::Char('p'));
            press_only(&mut app, KeyCode::Enter);
        }
        assert_eq!(app.data().payments.len(), before + 2);
        assert!(app.editor.is_queued(), "the second waits for the first");
        assert_eq!(
            status_text(&app),
            format!("{} · {}", s.payment_recorded, s.saving)
        );
        // The undo of the second, made while saving, is saved too.
        press_only(&mut app, KeyCode::Char('u'));
        press_only(&mut app, KeyCode::Char('p'));
        press_only(&mut app, KeyCode::Enter);
        settle(&mut app);
        assert_eq!(
            status_text(&app),
            format!("{} · {}", s.payment_recorded, s.saved)
        );
        assert!(!app.has_unsaved());
        let on_disk = Store::open(&path).unwrap();
        assert_eq!(on_disk.data().payments.len(), before + 2);
        assert_eq!(on_disk.data(), app.data());
    }

    #[test]
    fn quitting_while_saving_waits_for_the_save_and_asks_if_it_fails() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, path) = file_app(&dir);
        let before = app.data().payments.len();
        app.view = View::Dashboard;
        press_only(&mut app, KeyCode::Char('p'));
        press_only(&mut app, KeyCode::Enter);
        press_only(&mut app, KeyCode::Char('q'));
        assert!(!app.quit, "not while saving");
        assert_eq!(status_text(&app), app.strings().quit_when_saved);
        settle(&mut app);
        assert!(app.quit);
        assert_eq!(
            Store::open(&path).unwrap().data().payments.len(),
            before + 1
        );
        // A save that fails: the quit is asked about, the change kept.
        let (mut app, _path) = demo_file_app_changed_on_disk(&dir);
        press_only(&mut app, KeyCode::Char('d'));
        press_only(&mut app, KeyCode::Char('y'));
        press_only(&mut app, KeyCode::Char('q'));
        settle(&mut app);
        assert!(!app.quit);
        assert!(
            matches!(
                app.overlay,
                Overlay::Confirm(Confirm {
                    pending: Pending::Quit,
                    ..
                })
            ),
            "{:?}",
            app.overlay
        );
        assert!(app.has_unsaved());
        assert!(app.status.as_ref().unwrap().error);
    }

    #[test]
    fn a_failed_save_is_shown_and_the_change_kept_in_memory() {
        let app = a_save_fails(|app| {
            press(app, KeyCode::Char('d'));
            press_only(app, KeyCode::Char('y'));
            assert!(
                !app.status.as_ref().unwrap().error,
                "saving, not failed yet"
            );
        });
        assert_eq!(app.data().loans.len(), 3, "the change stays in memory");
    }

    /// Another loandash records a payment of 1.00 on loan L1 (as `loandash pay` does).
    fn pay_elsewhere(path: &std::path::Path) {
        let mut other = Store::open(path).unwrap();
        let records = payments::paying(
            other.data(),
            "L1",
            as_of(),
            Decimal::ONE,
            PrepayMode::Shorten,
            ledger::Apply::Installments,
        )
        .unwrap()
        .records();
        other.data_mut().record_payments(records);
        other.save().unwrap();
    }

    /// A payment recorded in the app through its form (the prefilled amount).
    fn pay_here(app: &mut App) {
        app.view = View::Dashboard;
        press(app, KeyCode::Char('p'));
        press(app, KeyCode::Enter);
    }

    /// Another loandash deletes the loan or account `id` (as `loandash delete` does).
    fn delete_elsewhere(path: &std::path::Path, id: &str) {
        let mut other = Store::open(path).unwrap();
        assert!(other.data_mut().remove_debt(id));
        other.save().unwrap();
    }

    #[test]
    fn an_open_delete_question_keeps_to_its_record_when_the_file_changes_under_it() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, path) = file_app(&dir);
        // Ask about L4 (the last loan); another program then deletes L3, so the loan asked
        // about moves up one place as the app reloads (it pointed past the end before).
        let asked = "L4".to_string();
        app.select_id(&asked);
        press(&mut app, KeyCode::Char('d'));
        delete_elsewhere(&path, "L3");
        assert!(app.watch_disk());
        let text = screen(&app, 120, 40);
        assert!(text.contains(&format!("Delete {asked} ")), "{text}");
        press(&mut app, KeyCode::Char('y'));
        let saved = Store::open(&path).unwrap();
        let ids: Vec<_> = (saved.data().loans.iter().map(|l| &l.id))
            .chain(saved.data().revolving.iter().map(|a| &a.id))
            .collect();
        assert!(!ids.contains(&&asked), "{asked} deleted: {ids:?}");
        assert_eq!(
            ids.len(),
            demo_store(as_of()).loans.len() + 1 - 2,
            "{ids:?}"
        );
        assert_eq!(ids.len(), app.rows().len());

        // The record asked about goes away itself: the question closes and says so.
        press(&mut app, KeyCode::Char('g'));
        let id = app.row_id(app.rows()[0]).unwrap();
        press(&mut app, KeyCode::Char('d'));
        delete_elsewhere(&path, &id);
        assert!(app.watch_disk());
        assert!(matches!(app.overlay, Overlay::None), "{:?}", app.overlay);
        assert_eq!(
            status_text(&app),
            fill(app.strings().gone, &[("name", &id)])
        );
    }

    #[test]
    fn a_change_on_disk_with_nothing_unsaved_is_shown_at_once_and_the_next_edit_saves() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, path) = file_app(&dir);
        let before = app.data().payments.len();
        assert!(!app.watch_disk(), "nothing changed yet");
        pay_elsewhere(&path);
        assert!(app.watch_disk());
        assert_eq!(app.data().payments.len(), before + 1);
        assert_eq!(status_text(&app), app.strings().disk_reloaded);
        assert!(matches!(app.overlay, Overlay::None));
        pay_here(&mut app);
        assert!(!app.has_unsaved(), "{:?}", app.status);
        assert_eq!(
            Store::open(&path).unwrap().data().payments.len(),
            before + 2
        );
    }

    #[test]
    fn unsaved_changes_under_a_changed_file_are_merged_when_asked_and_nothing_is_lost() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, path) = file_app(&dir);
        let before = app.data().payments.len();
        // The other writer saves between the app's last look and its next save.
        pay_elsewhere(&path);
        pay_here(&mut app);
        assert!(app.has_unsaved());
        assert!(
            matches!(app.overlay, Overlay::DiskChanged),
            "{:?}",
            app.overlay
        );
        let screen = screen(&app, 80, 24);
        assert!(screen.contains("r reload (drop mine)"), "{screen}");
        press(&mut app, KeyCode::Char('m'));
        assert!(!app.has_unsaved(), "{:?}", app.status);
        assert_eq!(status_text(&app), app.strings().disk_merged);
        let saved = Store::open(&path).unwrap();
        assert_eq!(saved.data().payments.len(), before + 2, "theirs and mine");
        assert_eq!(saved.data(), app.data());
        assert!(!app.watch_disk(), "the app's own save is no outside change");
    }

    #[test]
    fn reload_drops_the_unsaved_change_only_when_chosen_and_the_poll_asks_once() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, path) = file_app(&dir);
        pay_elsewhere(&path);
        pay_here(&mut app);
        press(&mut app, KeyCode::Esc);
        assert!(app.has_unsaved(), "Esc decides later and keeps the change");
        assert!(!app.watch_disk(), "asked once already");
        press(&mut app, KeyCode::Char('q'));
        assert!(
            matches!(
                app.overlay,
                Overlay::Confirm(Confirm {
                    pending: Pending::Quit,
                    ..
                })
            ),
            "q asks first"
        );
        press(&mut app, KeyCode::Char('n'));
        assert!(!app.quit);
        // The next edit asks again; reload takes the file as it is.
        pay_here(&mut app);
        assert!(matches!(app.overlay, Overlay::DiskChanged));
        press(&mut app, KeyCode::Char('r'));
        assert!(!app.has_unsaved());
        assert_eq!(app.data(), Store::open(&path).unwrap().data());
        press(&mut app, KeyCode::Char('q'));
        assert!(app.quit, "nothing unsaved: q quits");
    }

    #[test]
    fn unsaved_changes_can_be_saved_elsewhere_and_the_changed_file_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, path) = file_app(&dir);
        pay_elsewhere(&path);
        let theirs = std::fs::read(&path).unwrap();
        pay_here(&mut app);
        let mine = app.data().clone();
        press(&mut app, KeyCode::Char('s'));
        let form = open_form(&app);
        assert_eq!(form.value(Field::Path), format!("{}.mine", path.display()));
        press(&mut app, KeyCode::Enter);
        assert!(!app.has_unsaved(), "{:?}", app.status);
        let elsewhere = dir.path().join("loans.ron.mine");
        assert_eq!(Store::open(&elsewhere).unwrap().data(), &mine);
        assert_eq!(std::fs::read(&path).unwrap(), theirs);
    }

    #[test]
    fn a_true_conflict_is_refused_and_the_question_stays() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, path) = file_app(&dir);
        let mut other = Store::open(&path).unwrap();
        other.data_mut().loans[0].name = "renamed there".into();
        other.save().unwrap();
        let mut data = app.data().clone();
        data.loans[0].name = "renamed here".into();
        app.commit(data, "");
        app.wait_for_saves();
        assert!(matches!(app.overlay, Overlay::DiskChanged));
        press(&mut app, KeyCode::Char('m'));
        assert!(matches!(app.overlay, Overlay::DiskChanged));
        assert!(app.status.as_ref().unwrap().error);
        assert_eq!(app.data().loans[0].name, "renamed here", "mine is kept");
        assert_eq!(
            Store::open(&path).unwrap().data().loans[0].name,
            "renamed there"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_file_opens_read_only_said_in_the_status_bar() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("loans.ron");
        let mut seed = Store::open(&path).unwrap();
        *seed.data_mut() = demo_store(as_of());
        seed.save().unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o400)).unwrap();
        let on_disk = std::fs::read(&path).unwrap();
        let mut app = crate::tui::harness::opened(
            Backing::File(Store::open(&path).unwrap()),
            as_of(),
            Language::En,
        );
        assert!(app.is_read_only());
        let status = app.status.clone().unwrap();
        assert!(status.text.starts_with("READ-ONLY: "), "{status:?}");
        assert!(
            status.text.contains("permissions forbid writing"),
            "{status:?}"
        );
        let zh = crate::tui::harness::opened(
            Backing::File(Store::open(&path).unwrap()),
            as_of(),
            Language::Zh,
        );
        let status = zh.status.clone().unwrap();
        assert!(status.text.starts_with("只读："), "{status:?}");
        typed(&mut app, "dy");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            on_disk,
            "the file is untouched"
        );
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o400);
    }
}
