//! The simulator's saved scenarios: save, load, delete, and apply one to the store.

use super::{App, View};
use crate::language::fill;
use crate::simulate::Enactment;
use crate::store::{SavedScenario, WhatIf};
use crate::tui::i18n;
use crate::tui::keymap::Action;
use crate::tui::overlay::{Confirm, Overlay, Pending};
use ratatui::crossterm::event::KeyEvent;

impl App {
    /// Save the scenario being edited under `name`, replacing one of that name.
    pub(super) fn save_scenario(&mut self, name: String) {
        let Some(sim) = &mut self.sim else { return };
        let data = self.editor.data();
        let saved = SavedScenario {
            name: name.clone(),
            actions: sim.saved_actions(),
        };
        let mut data = data.clone();
        data.upsert_scenario(saved);
        let done = fill(self.lang.strings().sim_saved, &[("name", &name)]);
        sim.name = Some(name);
        self.commit(data, &done);
    }

    pub(super) fn scenarios_key(&mut self, key: &KeyEvent, selected: usize) {
        let count = self.data().scenarios.len();
        let selected = match self.keymap.action(key) {
            Some(Action::Back | Action::Quit | Action::SimLoad) => return,
            Some(Action::Open) if selected < count => return self.load_scenario(selected),
            Some(Action::Delete) if selected < count => {
                let name = self.data().scenarios[selected].name.clone();
                self.overlay = Confirm::ask(Pending::DeleteScenario { name, selected });
                return;
            }
            Some(Action::Down) => (selected + 1).min(count.saturating_sub(1)),
            Some(Action::Up) => selected.saturating_sub(1),
            _ => selected,
        };
        self.overlay = Overlay::Scenarios { selected };
    }

    pub(super) fn load_scenario(&mut self, index: usize) {
        let Some(saved) = self.data().scenarios.get(index).cloned() else {
            return;
        };
        self.show(View::Simulate);
        let data = self.editor.data();
        let Some(sim) = &mut self.sim else { return };
        let skipped = sim.load(&saved, data);
        let s = self.strings();
        let mut text = fill(s.sim_loaded, &[("name", &saved.name)]);
        if skipped > 0 {
            text = format!(
                "{text} · {}",
                fill(s.sim_skipped, &[("n", &skipped.to_string())])
            );
        }
        self.say(text);
    }

    pub(super) fn delete_scenario(&mut self, name: &str, selected: usize) {
        let mut data = self.data().clone();
        if !data.remove_scenario(name) {
            return self.say(fill(self.strings().gone, &[("name", name)]));
        }
        let done = fill(self.strings().sim_deleted, &[("name", name)]);
        self.commit(data, &done);
        let left = self.data().scenarios.len();
        if left > 0 {
            self.overlay = Overlay::Scenarios {
                selected: selected.min(left - 1),
            };
        }
    }

    /// Ask before applying the scenario, listing what it would write.
    pub(super) fn open_apply(&mut self) {
        let s = self.strings();
        let Some(sim) = &self.sim else { return };
        if sim.items.is_empty() {
            self.say(s.sim_empty_scenario);
            return;
        }
        match sim.enact(self.data(), s.sim_new_loan) {
            Err(problem) => self.say_error(i18n::field_error(self.lang, &problem)),
            Ok(enactment) if !enactment.writes() => self.say(s.sim_nothing_to_apply),
            Ok(enactment) => self.overlay = Confirm::ask(Pending::Apply(Box::new(enactment))),
        }
    }

    /// Write the scenario's payments and loans; the what-ifs that only simulate stay.
    pub(super) fn apply_scenario(&mut self, enactment: Enactment) {
        if let Some(sim) = &mut self.sim {
            sim.items
                .retain(|i| matches!(i, WhatIf::Late { .. } | WhatIf::Budget { .. }));
        }
        self.commit(enactment.data, self.strings().sim_applied);
    }
}
