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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::demo_store;
    use crate::engine::schedule::PrepayMode;
    use crate::store::StoreData;
    use crate::tui::app::tests::*;
    use crate::tui::harness::demo_app;
    use ratatui::crossterm::event::{Event, KeyCode, KeyModifiers};
    use rust_decimal::Decimal;

    /// With every loan paid off, `P` and `D` in the simulator say there is none to
    /// prepay or pay late, rather than aim at the first loan (which nothing can apply to).
    #[test]
    fn a_prepayment_with_every_loan_paid_off_says_there_is_none() {
        let mut data = StoreData::default();
        crate::tui::harness::add_paid_off(&mut data, "L1");
        let mut app = crate::tui::harness::app_of(data, as_of());
        press(&mut app, KeyCode::Char('5'));
        for key in ['P', 'D'] {
            press(&mut app, KeyCode::Char(key));
            assert!(app.sim.as_ref().unwrap().items.is_empty(), "{key}");
            let said = app.status.as_ref().map(|s| s.text.clone());
            assert_eq!(said.as_deref(), Some(app.strings().sim_none_owing), "{key}");
        }
    }

    #[test]
    fn brackets_move_the_debt_to_income_warning_and_a_store_change_keeps_it() {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('5'));
        let warning = |app: &App| {
            let sim = app.sim.as_ref().unwrap();
            sim.comparison.as_ref().unwrap().dti_warning
        };
        assert_eq!(warning(&app), Decimal::from(50));
        typed(&mut app, "]][");
        assert_eq!(warning(&app), Decimal::from(55));
        for _ in 0..30 {
            press(&mut app, KeyCode::Char('['));
        }
        assert_eq!(warning(&app), Decimal::from(5), "never below one step");
        app.refresh();
        assert_eq!(warning(&app), Decimal::from(5));
    }

    #[test]
    fn the_simulator_recomputes_on_every_adjustment() {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('5'));
        assert_eq!(app.view, View::Simulate);
        let sim = app.sim.as_ref().unwrap();
        assert!(sim.items.is_empty());
        assert_eq!(
            sim.comparison.as_ref().unwrap().interest_saved(),
            Decimal::ZERO
        );

        press(&mut app, KeyCode::Char('P'));
        let saved = |app: &App| {
            app.sim
                .as_ref()
                .unwrap()
                .comparison
                .as_ref()
                .unwrap()
                .interest_saved()
        };
        let first = saved(&app);
        assert!(first > Decimal::ZERO, "prepaying saves interest");
        press(&mut app, KeyCode::Right);
        let more = saved(&app);
        assert!(more >= first, "a larger prepayment saves at least as much");
        let Some(WhatIf::Prepay { amount, .. }) = app.sim.as_ref().unwrap().items.first().cloned()
        else {
            panic!()
        };
        assert_eq!(amount, Decimal::from(1100));
        app.update(&Event::Key(KeyEvent::new(
            KeyCode::Left,
            KeyModifiers::SHIFT,
        )));
        let Some(WhatIf::Prepay { amount, .. }) = app.sim.as_ref().unwrap().items.first().cloned()
        else {
            panic!()
        };
        assert_eq!(
            amount,
            Decimal::ONE_HUNDRED,
            "Shift steps by 1,000 and never below one step"
        );

        press(&mut app, KeyCode::Char('D'));
        assert_eq!(app.sim.as_ref().unwrap().items.len(), 2);
        assert!(saved(&app) < more, "paying late costs penalty interest");
        press(&mut app, KeyCode::Char('d'));
        assert_eq!(app.sim.as_ref().unwrap().items.len(), 1);
        // The scenario never touches the store.
        assert_eq!(app.data(), &demo_store(as_of()));
    }

    fn items(app: &App) -> Vec<WhatIf> {
        app.sim.as_ref().unwrap().items.clone()
    }

    #[test]
    fn a_what_if_amount_stays_inside_the_accepted_range() {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('5'));
        shift(&mut app, 'M');
        let max = crate::engine::validate::MAX_AMOUNT;
        let set = |app: &mut App, amount: Decimal| {
            app.sim.as_mut().unwrap().items[0] = WhatIf::Budget { amount };
        };
        let amount = |app: &App| match items(app)[0] {
            WhatIf::Budget { amount } => amount,
            ref other => panic!("{other:?}"),
        };
        // At the cap (and from a value past it, as a hand-edited scenario once held)
        // a step up stays at the cap instead of overflowing.
        for start in [max, Decimal::MAX] {
            set(&mut app, start);
            shift(&mut app, 'L');
            assert_eq!(amount(&app), max);
        }
        press(&mut app, KeyCode::Left);
        assert_eq!(amount(&app), max - crate::tui::sim::AMOUNT_STEP);
    }

    #[test]
    fn scenarios_are_saved_by_name_replaced_only_when_confirmed_and_opened_again() {
        use crate::store::WhatIf;
        let mut app = demo_app();
        typed(&mut app, "5w");
        assert!(matches!(app.overlay, Overlay::None), "nothing to save yet");
        shift(&mut app, 'P');
        press(&mut app, KeyCode::Right);
        press(&mut app, KeyCode::Char('w'));
        assert!(matches!(app.overlay, Overlay::Form(_)));
        press(&mut app, KeyCode::Enter);
        assert!(
            matches!(app.overlay, Overlay::Form(_)),
            "a name is required"
        );
        typed(&mut app, "plan");
        press(&mut app, KeyCode::Enter);
        assert!(matches!(app.overlay, Overlay::None));
        let first = app.selected_loan_id().unwrap();
        let saved = |app: &App| app.data().scenarios.clone();
        assert_eq!(saved(&app).len(), 1);
        assert_eq!(saved(&app)[0].name, "plan");
        assert_eq!(
            saved(&app)[0].actions,
            [WhatIf::Prepay {
                loan: first,
                amount: "1100.00".parse().unwrap(),
                mode: PrepayMode::Shorten,
            }]
        );
        assert!(status_text(&app).contains("plan"));

        // The same name again: asked first; n keeps the saved one, y replaces it.
        press(&mut app, KeyCode::Left);
        press(&mut app, KeyCode::Char('w'));
        press(&mut app, KeyCode::Enter);
        assert!(
            matches!(&app.overlay, Overlay::Confirm(Confirm { pending: Pending::OverwriteScenario(n), .. }) if n == "plan")
        );
        let before = app.data().clone();
        press(&mut app, KeyCode::Char('n'));
        assert_eq!(app.data(), &before);
        press(&mut app, KeyCode::Char('w'));
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Char('y'));
        assert_eq!(saved(&app).len(), 1);
        let WhatIf::Prepay { amount, .. } = &saved(&app)[0].actions[0] else {
            panic!()
        };
        assert_eq!(*amount, Decimal::ONE_THOUSAND);

        // Discard, then open it again from the list.
        let edited = items(&app);
        press(&mut app, KeyCode::Char('x'));
        assert!(items(&app).is_empty());
        press(&mut app, KeyCode::Char('o'));
        assert!(matches!(
            app.overlay,
            Overlay::Scenarios { selected: 0, .. }
        ));
        press(&mut app, KeyCode::Enter);
        assert!(matches!(app.overlay, Overlay::None));
        assert_eq!(items(&app), edited);
        assert_eq!(app.sim.as_ref().unwrap().name.as_deref(), Some("plan"));

        // Delete asks first, and undo brings it back.
        typed(&mut app, "od");
        assert!(screen(&app, 80, 24).contains("Delete the saved scenario plan?"));
        press(&mut app, KeyCode::Char('n'));
        assert_eq!(saved(&app).len(), 1);
        assert!(
            matches!(app.overlay, Overlay::Scenarios { selected: 0 }),
            "no goes back to the list: {:?}",
            app.overlay
        );
        typed(&mut app, "dy");
        assert!(saved(&app).is_empty());
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Char('u'));
        assert_eq!(saved(&app).len(), 1);
    }

    #[test]
    fn a_saved_scenario_whose_loan_is_gone_opens_without_it() {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('5'));
        shift(&mut app, 'P');
        shift(&mut app, 'M');
        press(&mut app, KeyCode::Char('w'));
        typed(&mut app, "gone");
        press(&mut app, KeyCode::Enter);
        typed(&mut app, "1dyo");
        assert_eq!(app.view, View::Simulate);
        press(&mut app, KeyCode::Enter);
        assert!(matches!(items(&app)[..], [WhatIf::Budget { .. }]));
        let status = app.status.clone().unwrap();
        assert!(status.text.contains('1') && !status.error, "{status:?}");
    }

    #[test]
    fn applying_asks_first_lists_what_it_writes_and_undo_takes_it_back() {
        let (mut app, before) = demo_with_data();
        press(&mut app, KeyCode::Char('5'));
        shift(&mut app, 'P');
        shift(&mut app, 'B');
        let expected = app.sim.as_ref().unwrap().comparison.clone().unwrap();
        shift(&mut app, 'D');
        shift(&mut app, 'A');
        let Overlay::Confirm(Confirm {
            pending: Pending::Apply(enactment),
            ..
        }) = &app.overlay
        else {
            panic!("{:?}", app.status)
        };
        use crate::simulate::Enacted;
        assert!(matches!(
            enactment.steps[..],
            [Enacted::Payment { .. }, Enacted::Loan(_), Enacted::Skipped]
        ));
        assert_eq!(app.data(), &before, "nothing is written before y");
        press(&mut app, KeyCode::Char('n'));
        assert!(matches!(app.overlay, Overlay::None));
        assert_eq!(app.data(), &before);

        shift(&mut app, 'A');
        press(&mut app, KeyCode::Char('y'));
        assert_eq!(app.data().loans.len(), before.loans.len() + 1);
        let new = &app.data().payments[before.payments.len()..];
        assert!(
            new.iter()
                .any(|p| p.kind == crate::store::PaymentKind::Prepayment
                    && p.amount == Decimal::ONE_THOUSAND),
            "{new:?}"
        );
        assert_eq!(
            status_text(&app),
            format!(
                "{} ({})",
                app.strings().sim_applied,
                app.strings().demo_not_saved
            )
        );
        // Only the late payment is left to simulate, on the store as it now is; without
        // it, the store's own figures are those the scenario showed.
        assert!(matches!(items(&app)[..], [WhatIf::Late { .. }]));
        press(&mut app, KeyCode::Char('d'));
        let now = app.sim.as_ref().unwrap().comparison.clone().unwrap();
        assert_eq!(now.baseline, expected.scenario);

        press(&mut app, KeyCode::Char('u'));
        assert_eq!(app.data(), &before);
    }

    #[test]
    fn late_payments_and_budgets_alone_apply_nothing() {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('5'));
        shift(&mut app, 'A');
        assert_eq!(status_text(&app), app.strings().sim_empty_scenario);
        shift(&mut app, 'D');
        shift(&mut app, 'M');
        shift(&mut app, 'A');
        assert!(matches!(app.overlay, Overlay::None));
        assert_eq!(status_text(&app), app.strings().sim_nothing_to_apply);
        assert_eq!(app.data(), &demo_store(as_of()));
    }

    #[test]
    fn a_failed_apply_is_shown_and_the_file_left_alone() {
        a_save_fails(|app| {
            press(app, KeyCode::Char('5'));
            shift(app, 'P');
            shift(app, 'A');
            press(app, KeyCode::Char('y'));
        });
    }

    #[test]
    fn a_what_if_stays_on_its_loan_when_another_is_deleted_and_goes_with_its_own() {
        let mut app = demo_app();
        let ids: Vec<String> = app.data().loans.iter().map(|l| l.id.clone()).collect();
        let last = ids.last().unwrap().clone();
        app.select_id(&last);
        shift(&mut app, 'P');
        press(&mut app, KeyCode::Char('1'));
        app.select_id(&ids[0]);
        typed(&mut app, "dy");
        assert!(app.data().loan(&ids[0]).is_none());
        let items = items(&app);
        assert!(
            matches!(&items[..], [WhatIf::Prepay { loan, .. }] if *loan == last),
            "{items:?}"
        );
        app.select_id(&last);
        typed(&mut app, "dy");
        assert!(self::items(&app).is_empty());
    }

    #[test]
    fn the_simulator_compares_moving_the_selected_loan_to_a_cheaper_line() {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('5'));
        assert!(app.sim.as_ref().unwrap().refinance.is_none());
        shift(&mut app, 'P');
        let sim = app.sim.as_ref().unwrap();
        let (id, refinance) = sim.refinance.clone().unwrap();
        assert_eq!(Some(&id), app.selected_loan_id().as_ref());
        let simulator = sim.simulator.as_ref().unwrap();
        assert_eq!(refinance, simulator.refinance(&id));
        // Every revolving account that owes something carries its disclosure.
        assert_eq!(sim.disclosures.len(), simulator.disclosures().len());
        assert!(!sim.disclosures.is_empty());
    }

    #[test]
    fn a_budget_below_the_minimums_is_infeasible_not_a_hang() {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('M'));
        for _ in 0..20 {
            app.update(&Event::Key(KeyEvent::new(
                KeyCode::Left,
                KeyModifiers::SHIFT,
            )));
        }
        let comparison = app.sim.as_ref().unwrap().comparison.clone().unwrap();
        let plans = comparison.plans.unwrap();
        assert!(matches!(
            plans.avalanche,
            Err(crate::simulate::PlanError::Infeasible(_))
        ));
    }
}
