//! The loan detail: the selected loan replayed, its schedule's selected row and the
//! payment behind it.

use super::{App, View};
use crate::book::ledger;
use crate::engine::schedule::RowKind;

impl App {
    pub(super) fn refresh_detail(&mut self) {
        self.refresh_plans();
        self.detail = self.selected_loan_id().and_then(|id| {
            let loan = self.data().loan(&id)?;
            let state = ledger::loan_state(loan, self.data().payments_for(&id), self.as_of).ok()?;
            Some((id, state))
        });
        self.clamp_detail();
    }

    /// Show the selected loan at its next unpaid installment with a couple of paid rows
    /// above it, so a mortgage in its third year does not open on rows paid long ago.
    pub(super) fn open_detail(&mut self) {
        const PAID_ROWS_ABOVE: usize = 2;
        self.detail_selected = self.detail.as_ref().map_or(0, |(_, state)| {
            let rows = &state.schedule.rows;
            state
                .next_unpaid()
                .and_then(|next| {
                    rows.iter()
                        .position(|r| r.kind == RowKind::Scheduled && r.period == next.period)
                })
                .unwrap_or(rows.len().saturating_sub(1))
        });
        self.detail_offset = self.detail_selected.saturating_sub(PAID_ROWS_ABOVE);
        self.view = View::Detail;
    }

    /// Keep the detail's selected row on the schedule, and in sight.
    pub(super) fn clamp_detail(&mut self) {
        let rows = self
            .detail
            .as_ref()
            .map_or(0, |(_, s)| s.schedule.rows.len());
        self.detail_selected = self.detail_selected.min(rows.saturating_sub(1));
        let page = self.page.get().max(1);
        self.detail_offset = self
            .detail_offset
            .min(self.detail_selected)
            .max((self.detail_selected + 1).saturating_sub(page));
    }

    /// The payment behind the detail's selected row: a prepayment's own, or the one that
    /// completed the installment (the last recorded that day); `None` while it is unpaid.
    pub fn detail_payment(&self) -> Option<u32> {
        let (id, state) = self.detail.as_ref()?;
        let row = state.schedule.rows.get(self.detail_selected)?;
        let date = match row.kind {
            RowKind::Prepayment => row.due_date,
            RowKind::Scheduled => {
                state
                    .installments
                    .iter()
                    .find(|i| i.period == row.period)?
                    .settled_on?
            }
        };
        self.data()
            .payments_for(id)
            .filter(|p| p.date == date)
            .map(|p| p.id)
            .max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::RowRef;
    use crate::tui::app::tests::*;
    use crate::tui::harness::demo_app;
    use crate::tui::overlay::{Confirm, Overlay, Pending};
    use chrono::NaiveDate;
    use ratatui::crossterm::event::KeyCode;
    use rust_decimal::Decimal;

    #[test]
    fn enter_opens_the_selected_loan() {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('j'));
        let name = selected_name(&app);
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.view, View::Detail);
        let (id, state) = app.detail.as_ref().unwrap();
        assert_eq!(app.data().loan(id).unwrap().name, name);
        // It opens on the next unpaid installment, two paid rows above it in sight.
        let next = state.next_unpaid().unwrap().period;
        let row = &state.schedule.rows[app.detail_selected];
        assert_eq!((row.kind, row.period), (RowKind::Scheduled, next));
        assert!(next > 3, "a loan with paid installments: {next}");
        assert_eq!(app.detail_offset, app.detail_selected - 2);
    }

    #[test]
    fn the_detail_edits_or_deletes_the_payment_of_the_selected_row_and_names_it() {
        let mut app = demo_app();
        open_loan(&mut app, "L1");
        // Row 2 (July) was paid on its due date by one payment.
        typed(&mut app, "gj");
        let july = "2026-07-20".parse::<NaiveDate>().unwrap();
        let paid_july = app
            .data()
            .payments_for("L1")
            .find(|p| p.date == july)
            .map(|p| p.id)
            .unwrap();
        assert_eq!(app.detail_payment(), Some(paid_july));
        press(&mut app, KeyCode::Char('e'));
        match &app.overlay {
            Overlay::Form(form) => {
                assert_eq!(
                    form.kind,
                    crate::tui::form::FormKind::EditPayment(paid_july)
                )
            }
            other => panic!("e edits the payment: {other:?}"),
        }
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Char('d'));
        assert!(
            matches!(app.overlay, Overlay::Confirm(Confirm { pending: Pending::DeletePayment(id), .. }) if id == paid_july)
        );
        let text = screen(&app, 120, 40);
        assert!(
            text.contains(&format!("Delete payment P{paid_july}: 2026-07-20, L1")),
            "d names the payment: {text}"
        );
        press(&mut app, KeyCode::Char('y'));
        assert!(app.data().payments.iter().all(|p| p.id != paid_july));
        assert_eq!(app.data().loans.len(), 4, "only the payment went");
        // The later payments now pay July late: the detail shows the penalty they paid.
        let row = app
            .overview
            .as_ref()
            .unwrap()
            .loans
            .iter()
            .find(|l| l.id == "L1")
            .unwrap();
        let (_, state) = app.detail.as_ref().unwrap();
        assert!(row.penalty_paid > Decimal::ZERO);
        assert_eq!(row.penalty_paid, state.penalty_paid());
        let text = screen(&app, 120, 40);
        let total = crate::tui::views::cash(&app, row.interest_paid + row.penalty_paid);
        let penalty = crate::tui::views::cash(&app, row.penalty_paid);
        assert!(
            text.contains(&format!(
                "Interest paid {total} (of which penalty {penalty})"
            )),
            "{text}"
        );
        let july_row = text.lines().find(|l| l.contains(" 2 2026-07-20")).unwrap();
        let paid = crate::tui::views::cash(&app, state.installments[1].paid_penalty);
        assert!(
            july_row.contains("✓ paid") && july_row.contains(&paid),
            "{july_row}"
        );

        // The last row is not paid: Enter says so, e and d act on the loan, named.
        press(&mut app, KeyCode::Char('G'));
        assert_eq!(app.detail_payment(), None);
        press(&mut app, KeyCode::Enter);
        assert_eq!(status_text(&app), app.strings().row_unpaid);
        press(&mut app, KeyCode::Char('d'));
        assert!(matches!(
            app.overlay,
            Overlay::Confirm(Confirm {
                pending: Pending::DeleteDebt(_),
                ..
            })
        ));
        let text = screen(&app, 120, 40);
        assert!(text.contains("Delete L1 借"), "{text}");
    }

    #[test]
    fn enter_on_a_revolving_account_opens_its_statement_minimum_and_disclosure() {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('G'));
        assert!(matches!(app.selected_row(), Some(RowRef::Revolving(_))));
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.view, View::Detail);
        let account = app.data().revolving[0].clone();
        let disclosure = account.terms().disclosure(account.statement_balance);
        let projection = crate::book::dues::RevolvingProjection::new(
            &account,
            app.data().payments_for(&account.id),
            as_of(),
        );
        let (next, on_minimum) = projection.interest_if(projection.minimum());
        let cash = |x| crate::tui::views::cash(&app, x);
        let text = screen(&app, 120, 40);
        for part in [
            format!("Statement {}", cash(account.statement_balance)),
            format!(
                "Minimum due {}: {}",
                projection.due_date(),
                cash(projection.minimum())
            ),
            // Past the due date, on which the demo paid the minimum.
            format!("interest to {next}: {}", cash(on_minimum)),
            format!(
                "Paying only the minimum: {}",
                app.strings()
                    .months(disclosure.minimum_only.months.unwrap())
            ),
            format!(
                "Paying {} a month clears it in 36 months",
                cash(disclosure.payment_36)
            ),
        ] {
            assert!(text.contains(&part), "{part}: {text}");
        }
        // e edits the account, as on the dashboard.
        press(&mut app, KeyCode::Char('e'));
        assert!(matches!(
            &app.overlay,
            Overlay::Form(form) if form.kind == crate::tui::form::FormKind::EditRevolving(account.id.clone())
        ));
    }
}
