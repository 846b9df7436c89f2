//! Editing the store: the forms' submissions, deleting (a debt with its payments),
//! committing a change for undo and the save, and undo.

use super::App;
use crate::book::ledger;
use crate::book::payments;
use crate::engine::field::Field;
use crate::engine::money::grouped;
use crate::engine::schedule;
use crate::language::fill;
use crate::store::StoreData;
use crate::tui::form::{Form, FormEvent, Submission};
use crate::tui::overlay::{Confirm, Overlay, Pending};
use rust_decimal::Decimal;

impl App {
    pub(super) fn form_event(&mut self, mut form: Form, event: FormEvent) {
        match event {
            FormEvent::Cancel => {}
            FormEvent::Editing => {
                let offered = self.account_offer(Some(form.value(Field::Loan)));
                form.follow(self.data(), offered, self.as_of);
                // Validate as you type, but only flag a field once you have left it or
                // tried to save, so an empty new form is not all red.
                if form.problem.is_some() {
                    form.check(self.data(), self.as_of);
                }
                self.overlay = Overlay::Form(form);
            }
            FormEvent::Submit => match form.check(self.data(), self.as_of) {
                Some(submission) => self.submit(submission),
                None => {
                    self.say_error(self.strings().form_invalid);
                    // Take the cursor to the field at fault.
                    if let Some((at, _)) = form.problem {
                        form.focus = at;
                    }
                    self.overlay = Overlay::Form(form);
                }
            },
        }
    }

    pub(super) fn submit(&mut self, submission: Submission) {
        let mut data = self.data().clone();
        let s = self.strings();
        let (done, select) = match submission {
            Submission::ScenarioName(name) => {
                if data.scenarios.iter().any(|x| x.name == name) {
                    self.overlay = Confirm::ask(Pending::OverwriteScenario(name));
                } else {
                    self.save_scenario(name);
                }
                return;
            }
            Submission::Loan(loan, paid, next_due) => {
                let id = loan.id.clone();
                let mut done = fill(s.entry_done, &[("name", &loan.name)]);
                let terms = loan.terms();
                if let (Some(ours), Some(got)) = (
                    schedule::installment_unlike_ours(&terms),
                    terms.conventions.installment,
                ) {
                    let note = fill(
                        s.installment_unlike,
                        &[("got", &grouped(got)), ("ours", &grouped(ours))],
                    );
                    done = format!("{done} · {note}");
                }
                if let Some(next_due) = next_due
                    && let Some(n) = ledger::due_before_entry(&terms, next_due, self.as_of)
                {
                    // Said as `add --balance` says it.
                    let note = match n {
                        1 => s.next_due_past_one,
                        _ => s.next_due_past,
                    };
                    let note = fill(
                        note,
                        &[
                            ("date", &next_due.to_string()),
                            ("today", &self.as_of.to_string()),
                            ("n", &n.to_string()),
                        ],
                    );
                    done = format!("{done} · {note}");
                }
                data.upsert_loan(*loan);
                data.record_payments(paid);
                (done, Some(id))
            }
            Submission::Revolving(account) => {
                let id = account.id.clone();
                let done = fill(s.entry_done, &[("name", &account.name)]);
                data.upsert_revolving(account);
                (done, Some(id))
            }
            Submission::Payments(records) => {
                data.record_payments(records);
                (s.payment_recorded.to_string(), None)
            }
            Submission::SaveAs(path) => return self.save_as(&path),
            Submission::Plan(id, path, plan) => return self.attach_plan(id, path, *plan),
            Submission::DetachPlan(id) => return self.detach_plan(&id),
            Submission::PaymentEdit(id, change) => {
                let edited = payments::find(&data, &payments::label(id))
                    .and_then(|index| payments::edit(&mut data, index, change));
                let ids = match edited {
                    Ok(ids) => ids,
                    Err(refusal) => {
                        self.say_error(refusal.problem(self.lang));
                        return;
                    }
                };
                // Cash beyond the installment became a prepayment of its own: named too.
                let excess: Vec<String> = ids
                    .into_iter()
                    .filter(|n| *n != id)
                    .map(payments::label)
                    .collect();
                let template = match excess.is_empty() {
                    true => s.payment_edited,
                    false => s.payment_edited_excess,
                };
                let done = fill(
                    template,
                    &[
                        ("more", &excess.join(self.lang.list_separator())),
                        ("id", &payments::label(id)),
                    ],
                );
                self.commit(data, &done);
                return;
            }
        };
        self.commit(data, &done);
        if let Some(id) = select {
            self.select_id(&id);
        }
    }

    /// Make `data` the current data: remember the old for undo, save, report.
    pub(super) fn commit(&mut self, data: StoreData, done: &str) {
        let (old, news) = self.editor.change(data, done.to_string());
        self.tell(news);
        self.refresh_since(&old);
    }

    pub(super) fn delete(&mut self, id: &str) {
        let mut data = self.data().clone();
        if !data.remove_debt(id) {
            return self.say(fill(self.strings().gone, &[("name", id)]));
        }
        let done = format!("{} {id}", self.strings().deleted);
        self.commit(data, &done);
    }

    pub(super) fn delete_payment(&mut self, id: u32) {
        let mut data = self.data().clone();
        let label = payments::label(id);
        let Ok(index) = payments::find(&data, &label) else {
            return self.say(fill(self.strings().gone, &[("name", &label)]));
        };
        payments::delete(&mut data, index);
        let done = fill(
            self.strings().payment_deleted,
            &[("id", &payments::label(id))],
        );
        self.commit(data, &done);
        let count = self.payments().as_ref().map_or(0, Vec::len);
        self.payment_selected = self.payment_selected.min(count.saturating_sub(1));
    }

    pub(super) fn undo(&mut self) {
        let undone = self.strings().undone.to_string();
        let Some((old, news)) = self.editor.undo(undone) else {
            self.say(self.strings().nothing_to_undo);
            return;
        };
        self.tell(news);
        self.refresh_since(&old);
    }

    pub(super) fn edit_selected(&mut self) {
        let Some(id) = self.selected_row().and_then(|r| self.row_id(r)) else {
            return;
        };
        let data = self.data();
        let form = if let Some(loan) = data.loan(&id) {
            Form::loan(data, Some(loan), self.as_of)
        } else if let Some(account) = data.revolving.iter().find(|a| a.id == id) {
            Form::revolving(data, Some(account))
        } else {
            return;
        };
        self.overlay = Overlay::Form(form);
    }

    pub(super) fn edit_payment(&mut self) {
        match self.selected_payment() {
            Some(payment) => self.overlay = Overlay::Form(Form::edit_payment(payment)),
            None => self.say(self.strings().nothing_selected),
        }
    }

    pub(super) fn edit_payment_id(&mut self, id: u32) {
        let listed = self.payments().as_ref().ok();
        if let Some(payment) = listed.and_then(|l| l.iter().find(|p| p.id == id)) {
            self.overlay = Overlay::Form(Form::edit_payment(payment));
        }
    }

    pub(super) fn open_payment(&mut self) {
        if self.data().loans.is_empty() && self.data().revolving.is_empty() {
            return;
        }
        let id = self.selected_row().and_then(|r| self.row_id(r));
        self.overlay = Overlay::Form(Form::payment(
            self.data(),
            id.as_deref(),
            self.account_offer(id.as_deref()),
            self.as_of,
        ));
    }

    /// What the payment form offers on a revolving account.
    pub(super) fn account_offer(&self, id: Option<&str>) -> Option<Decimal> {
        let overview = self.overview.as_ref().ok()?;
        let id = id?;
        overview
            .revolving
            .iter()
            .find(|r| r.id == id)
            .and_then(|r| r.offered_payment())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language::Language;
    use crate::store::PaymentKind;
    use crate::tui::app::RowRef;
    use crate::tui::app::tests::*;
    use crate::tui::harness::demo_app;
    use chrono::NaiveDate;
    use ratatui::crossterm::event::KeyCode;

    /// The field the open form's cursor is on (where a refusal puts it).
    fn focused(app: &App) -> Field {
        let form = open_form(app);
        form.fields[form.focus].key
    }

    /// The form stayed open on `key`, the field it refuses (its problem shown if not).
    fn refused_on(app: &App, key: Field) {
        assert_eq!(focused(app), key, "{:?}", open_form(app).problem);
    }

    /// Tab to the open form's field `key`.
    fn tab_to(app: &mut App, key: Field) {
        while !matches!(&app.overlay, Overlay::Form(form) if form.fields[form.focus].key == key) {
            press(app, KeyCode::Tab);
        }
    }

    /// The add-loan form from its principal on: `principal`, a daily rate of 0.045 % and
    /// 12 months, the other fields as they are.
    fn fill_from_principal(app: &mut App, principal: &str) {
        tab_to(app, Field::Principal);
        typed(app, principal);
        (0..3).for_each(|_| press(app, KeyCode::Tab));
        typed(app, "0.045");
        (0..2).for_each(|_| press(app, KeyCode::Tab));
        typed(app, "12");
    }

    /// The add-loan form opened and filled: `name`, then from `principal` on.
    fn add_loan_form(app: &mut App, name: &str, principal: &str) {
        press(app, KeyCode::Char('a'));
        typed(app, name);
        fill_from_principal(app, principal);
    }

    #[test]
    fn adding_a_loan_through_the_form_saves_it_and_selects_it() {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('a'));
        typed(&mut app, "网商贷");
        press(&mut app, KeyCode::Enter);
        assert!(
            matches!(app.overlay, Overlay::Form(_)),
            "an incomplete form is not saved"
        );
        assert!(app.status.as_ref().is_some_and(|s| s.error));
        // The cursor went to the field at fault: the principal.
        assert_eq!(focused(&app), Field::Principal);
        fill_from_principal(&mut app, "8000");
        press(&mut app, KeyCode::Enter);
        assert!(matches!(app.overlay, Overlay::None), "{:?}", app.status);
        assert_eq!(app.data().loans.len(), 5);
        assert_eq!(selected_name(&app), "网商贷");
        assert!(app.status.as_ref().is_some_and(|s| !s.error));
    }

    /// A new loan named `name` entered from what is left: 5,000.00 over 12 installments at
    /// 0.05 %/day, the next due on `next_due`, the lender's `installment` where given. The
    /// test fails unless it is added and selected.
    fn add_from_what_is_left(app: &mut App, name: &str, next_due: &str, installment: Option<&str>) {
        press(app, KeyCode::Char('a'));
        typed(app, name);
        tab_to(app, Field::Entered);
        press(app, KeyCode::Right);
        let left = [(Field::Balance, "5000"), (Field::InstallmentsLeft, "12")];
        let fields = (left.into_iter())
            .chain([(Field::NextDue, next_due)])
            .chain(installment.map(|typed| (Field::Installment, typed)))
            .chain([(Field::Rate, "0.05")]);
        for (key, text) in fields {
            tab_to(app, key);
            typed(app, text);
        }
        press(app, KeyCode::Enter);
        assert!(matches!(app.overlay, Overlay::None), "{:?}", app.status);
        assert_eq!(selected_name(app), name);
    }

    /// Entered from what is left with an installment far from what the terms give, the
    /// loan is added (it is still a schedule) and the status says to check it, as the CLI
    /// does on stderr.
    #[test]
    fn a_loan_from_what_is_left_with_an_unlikely_installment_is_added_with_a_note() {
        let mut app = demo_app();
        app.lang = Language::Zh;
        add_from_what_is_left(&mut app, "装修贷", "2026-12-20", Some("4000"));
        let status = app.status.clone().unwrap();
        assert!(!status.error);
        let added = app
            .data()
            .loans
            .iter()
            .find(|l| l.name == "装修贷")
            .unwrap();
        assert_eq!(added.terms().start, "2026-11-20".parse().unwrap());
        let ours = grouped(schedule::installment_unlike_ours(&added.terms()).unwrap());
        let said = format!("每期还款额 4,000.00 与按这些条款算出的 {ours} 不符");
        assert!(status.text.contains(&said), "{}", status.text);
    }

    /// Entered from what is left with a next due date before today, the loan is added
    /// and the status says how many installments that makes past due, as `add` does.
    #[test]
    fn a_loan_from_what_is_left_due_before_today_is_added_with_a_note() {
        let mut app = demo_app();
        add_from_what_is_left(&mut app, "sofa", "2026-11-10", None);
        let said = app.status.clone().unwrap().text;
        let note = "the next due date 2026-11-10 is before today (2026-11-23): 1 installment";
        assert!(said.contains(note), "{said}");
    }

    #[test]
    fn a_loan_name_another_loan_has_is_refused_in_the_add_and_edit_forms() {
        let (mut app, before) = demo_with_data();
        let mine = selected_name(&app);
        let other = before.loans.iter().find(|l| l.name != mine).unwrap();
        let other = other.name.clone();
        let clear = |app: &mut App| (0..40).for_each(|_| press(app, KeyCode::Backspace));
        // Renaming a loan to another's name stays in the form on the name field.
        press(&mut app, KeyCode::Char('e'));
        clear(&mut app);
        typed(&mut app, &format!(" {other} "));
        press(&mut app, KeyCode::Enter);
        refused_on(&app, Field::Name);
        assert_eq!(app.data(), &before);
        // Its own name is no other loan's.
        clear(&mut app);
        typed(&mut app, &mine);
        press(&mut app, KeyCode::Enter);
        assert!(matches!(app.overlay, Overlay::None), "{:?}", app.status);
        // A new loan under a name in use is refused the same way, said in Chinese too.
        app.lang = Language::Zh;
        add_loan_form(&mut app, &other, "8000");
        press(&mut app, KeyCode::Enter);
        assert_eq!(focused(&app), Field::Name);
        let shown = screen(&app, 100, 30).replace(' ', "");
        assert!(shown.contains("已被使用"), "{shown}");
        assert_eq!(app.data().loans.len(), before.loans.len());
    }

    #[test]
    fn a_loan_past_what_its_line_has_left_stays_in_the_form_on_its_principal() {
        let (mut app, before) = demo_with_data();
        add_loan_form(&mut app, "too much", "999999");
        tab_to(&mut app, Field::Line);
        press(&mut app, KeyCode::Right);
        press(&mut app, KeyCode::Enter);
        assert!(!open_form(&app).value(Field::Line).is_empty());
        refused_on(&app, Field::Principal);
        let shown = screen(&app, 100, 30);
        assert!(shown.contains("has available"), "{shown}");
        assert_eq!(app.data(), &before);
    }

    #[test]
    fn d_in_payments_deletes_the_selected_payment_named_in_the_question_not_a_loan() {
        let (mut app, before) = demo_with_data();
        typed(&mut app, "3j");
        let chosen = app.selected_payment().unwrap().clone();
        press(&mut app, KeyCode::Char('d'));
        assert!(
            matches!(app.overlay, Overlay::Confirm(Confirm { pending: Pending::DeletePayment(id), .. }) if id == chosen.id),
            "{:?}",
            app.overlay
        );
        let screen = screen(&app, 100, 30);
        let label = crate::book::payments::label(chosen.id);
        assert!(
            screen.contains(&format!("Delete payment {label}: {}", chosen.date)),
            "{screen}"
        );
        press(&mut app, KeyCode::Char('y'));
        assert_eq!(app.data().loans, before.loans, "no loan was deleted");
        assert_eq!(app.data().payments.len(), before.payments.len() - 1);
        assert!(!app.data().payments.iter().any(|p| p.id == chosen.id));
        press(&mut app, KeyCode::Char('u'));
        assert_eq!(app.data(), &before);
    }

    #[test]
    fn the_payments_view_lists_newest_first_by_date() {
        let mut app = demo_app();
        // Recorded last but paid earliest: it belongs at the bottom.
        let mut data = app.data().clone();
        let mut oldest = data.payments[0].clone();
        oldest.id = 0;
        oldest.date = data.payments.iter().map(|p| p.date).min().unwrap();
        data.payments.push(oldest);
        app.commit(data, "");
        let dates: Vec<NaiveDate> = app
            .payments()
            .as_ref()
            .unwrap()
            .iter()
            .map(|p| p.date)
            .collect();
        assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
        let newest = app.payments().as_ref().unwrap()[0].id;
        assert_eq!(newest, app.selected_payment().unwrap().id);
    }

    #[test]
    fn a_payment_is_edited_through_its_form_recomputed_at_once_and_undone() {
        let (mut app, before) = demo_with_data();
        press(&mut app, KeyCode::Char('3'));
        let chosen = app.selected_payment().unwrap().clone();
        press(&mut app, KeyCode::Char('e'));
        let form = open_form(&app);
        assert_eq!(form.value(Field::Date), chosen.date.to_string());
        // A day earlier.
        let earlier = chosen.date.pred_opt().unwrap().to_string();
        for _ in 0..12 {
            press(&mut app, KeyCode::Backspace);
        }
        typed(&mut app, &earlier);
        press(&mut app, KeyCode::Enter);
        assert!(matches!(app.overlay, Overlay::None), "{:?}", app.status);
        let edited = app
            .data()
            .payments
            .iter()
            .find(|p| p.id == chosen.id)
            .unwrap();
        assert_eq!(edited.date.to_string(), earlier);
        assert_eq!(
            app.payments()
                .as_ref()
                .unwrap()
                .iter()
                .find(|p| p.id == chosen.id)
                .unwrap()
                .date
                .to_string(),
            earlier
        );
        press(&mut app, KeyCode::Char('u'));
        assert_eq!(app.data(), &before);
    }

    #[test]
    fn an_edit_paying_more_than_the_installment_names_the_prepayment_it_makes() {
        let mut app = demo_app();
        // A loan's latest installment payment: paying the next installment too and 100
        // more on its day, the 100 is a prepayment (the next one is settled early).
        let chosen = app
            .data()
            .payments
            .iter()
            .filter(|p| p.loan.starts_with('L') && p.kind == PaymentKind::Scheduled)
            .max_by_key(|p| p.date)
            .unwrap()
            .clone();
        press(&mut app, KeyCode::Char('3'));
        app.edit_payment_id(chosen.id);
        press(&mut app, KeyCode::Tab);
        for _ in 0..20 {
            press(&mut app, KeyCode::Backspace);
        }
        typed(
            &mut app,
            &(chosen.amount * Decimal::TWO + Decimal::ONE_HUNDRED).to_string(),
        );
        press(&mut app, KeyCode::Enter);
        assert!(matches!(app.overlay, Overlay::None), "{:?}", app.status);
        let excess = app.data().payments.iter().map(|p| p.id).max().unwrap();
        assert_ne!(excess, chosen.id);
        let said = status_text(&app);
        let expected = format!(
            "Payment P{} changed; the excess is prepayment P{excess}",
            chosen.id
        );
        assert!(said.starts_with(&expected), "{said}");
    }

    #[test]
    fn an_edit_above_what_is_owed_stays_in_the_form_and_changes_nothing() {
        let (mut app, before) = demo_with_data();
        press(&mut app, KeyCode::Char('3'));
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Tab);
        for _ in 0..20 {
            press(&mut app, KeyCode::Backspace);
        }
        typed(&mut app, "99999999");
        press(&mut app, KeyCode::Enter);
        refused_on(&app, Field::Amount);
        assert_eq!(app.data(), &before);
    }

    #[test]
    fn d_and_e_where_nothing_is_selected_say_so_and_change_nothing() {
        let (mut app, before) = demo_with_data();
        typed(&mut app, "4d");
        assert!(matches!(app.overlay, Overlay::None));
        assert_eq!(status_text(&app), app.strings().nothing_selected);
        assert_eq!(app.data(), &before);
    }

    #[test]
    fn delete_asks_first_and_undo_brings_it_back() {
        let (mut app, before) = demo_with_data();
        typed(&mut app, "dn");
        assert_eq!(app.data(), &before);
        typed(&mut app, "dy");
        assert_eq!(app.data().loans.len(), before.loans.len() - 1);
        press(&mut app, KeyCode::Char('u'));
        assert_eq!(app.data(), &before);
        press(&mut app, KeyCode::Char('u'));
        assert_eq!(status_text(&app), app.strings().nothing_to_undo);
    }

    #[test]
    fn paying_the_prefilled_amount_settles_the_overdue_installment() {
        let mut app = demo_app();
        let overdue = app.rows().iter().position(|r| match r {
            RowRef::Loan(i) => app.overview.as_ref().unwrap().loans[*i].overdue > 0,
            RowRef::Revolving(_) => false,
        });
        app.select(overdue.unwrap());
        press(&mut app, KeyCode::Char('p'));
        press(&mut app, KeyCode::Enter);
        assert!(matches!(app.overlay, Overlay::None), "{:?}", app.status);
        let overview = app.overview.as_ref().unwrap();
        assert_eq!(overview.overdue_count(), 0);
        assert!(
            app.status
                .as_ref()
                .unwrap()
                .text
                .starts_with(app.strings().payment_recorded)
        );
    }
}
