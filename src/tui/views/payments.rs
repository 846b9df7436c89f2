//! The payment history, newest first by date: each payment's id, what it paid for
//! (principal, interest, a late one's penalty), to edit (`e`, Enter) or delete (`d`).

use super::columns::{Column, Fitted};
use super::{cash, wrapped};
use crate::book::ledger::PaymentParts;
use crate::book::payments::{self, Listed};
use crate::engine::schedule::PrepayMode;
use crate::store::PaymentKind;
use crate::tui::app::App;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, TableState};
use rust_decimal::Decimal;

/// Draw the payments view into `area`.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let s = app.strings();
    let block = super::titled(&format!(" {} ", s.view_payments), area.width);
    let listed = match app.payments() {
        Ok(listed) if !listed.is_empty() => listed,
        Ok(_) => {
            frame.render_widget(
                Paragraph::new(wrapped(s.no_payments, area)).block(block),
                area,
            );
            return;
        }
        Err(problem) => {
            let problem = crate::tui::i18n::field_error(app.lang, problem);
            frame.render_widget(Paragraph::new(wrapped(&problem, area)).block(block), area);
            return;
        }
    };
    // The kind, and a prepayment's mode.
    let kind = |p: &Listed| match p.kind {
        PaymentKind::Scheduled => (s.scheduled, ""),
        PaymentKind::Prepayment => match p.mode {
            Some(PrepayMode::Reduce) => (s.prepayment, s.mode_reduce),
            _ => (s.prepayment, s.mode_shorten),
        },
    };
    // An account's payment has no split: "—", as `payments list` prints it.
    let part = |of: fn(&PaymentParts) -> Decimal| {
        move |p: &Listed| {
            p.parts
                .as_ref()
                .map_or_else(|| "—".to_string(), |parts| cash(app, of(parts)))
        }
    };
    let penalty = |p: &Listed| {
        p.parts
            .as_ref()
            .filter(|parts| !parts.penalty.is_zero())
            .map_or_else(String::new, |parts| cash(app, parts.penalty))
    };
    let column = |cell: &dyn Fn(&Listed) -> String| listed.iter().map(cell).collect();
    let fitted = Fitted {
        block,
        columns: vec![
            Column::left(s.col_id, 2, column(&|p| payments::label(p.id))),
            Column::left(s.col_date, 0, column(&|p| p.date.to_string())),
            // The loan is whole before the penalty, kind or mode is kept.
            Column::left(
                s.col_loan,
                1,
                column(&|p| format!("{} {}", p.loan, p.name).trim().to_string()),
            )
            .whole_before(3),
            Column::left(s.col_kind, 4, column(&|p| kind(p).0.to_string())),
            Column::right(s.col_amount, 0, column(&|p| cash(app, p.cash))),
            Column::right(s.col_principal, 3, column(&part(|parts| parts.principal))),
            Column::right(s.col_interest, 3, column(&part(|parts| parts.interest))),
            Column::right(s.col_penalty, 3, column(&penalty)),
            Column::left(s.col_mode, 5, column(&|p| kind(p).1.to_string())),
        ],
        row_styles: Vec::new(),
        header_style: app.theme.header,
        highlight: Some(app.theme.selected),
    };
    let mut state = TableState::default().with_selected(Some(app.payment_selected));
    // Layout rule: the table as tall as its rows; a short history leaves the rest of the
    // screen below it.
    let area = fitted.sized(area);
    let rows = fitted.render(frame, area, &mut state);
    app.page.set(usize::from(rows.height).max(1));
}
