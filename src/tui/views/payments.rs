//! The payment history, newest first by date: each payment's id, what it paid for
//! (principal, interest, a late one's penalty), to edit (`e`, Enter) or delete (`d`).

use super::columns::{Cells, Column, Fitted};
use super::{cash, wrapped};
use crate::book::ledger::PaymentParts;
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
            frame.render_widget(Paragraph::new(wrapped(problem, area)).block(block), area);
            return;
        }
    };
    let mut columns = Cells::with_capacity(listed.len());
    for p in listed {
        let (kind, mode) = match p.kind {
            PaymentKind::Scheduled => (s.scheduled, ""),
            PaymentKind::Prepayment => match p.mode {
                Some(crate::engine::schedule::PrepayMode::Reduce) => (s.prepayment, s.mode_reduce),
                _ => (s.prepayment, s.mode_shorten),
            },
        };
        // An account's payment has no split: "—", as `payments list` prints it.
        let part = |of: fn(&PaymentParts) -> Decimal| {
            p.parts
                .as_ref()
                .map_or_else(|| "—".to_string(), |parts| cash(app, of(parts)))
        };
        let penalty = p
            .parts
            .as_ref()
            .filter(|parts| !parts.penalty.is_zero())
            .map_or_else(String::new, |parts| cash(app, parts.penalty));
        let cells = [
            crate::book::payments::label(p.id),
            p.date.to_string(),
            format!("{} {}", p.loan, p.name).trim().to_string(),
            kind.to_string(),
            cash(app, p.cash),
            part(|parts| parts.principal),
            part(|parts| parts.interest),
            penalty,
            mode.to_string(),
        ];
        columns.push(cells);
    }
    let [
        id,
        date,
        loan,
        kind,
        amount,
        principal,
        interest,
        penalty,
        mode,
    ] = columns.0;
    let fitted = Fitted {
        block,
        columns: vec![
            Column::left(s.col_id, 2, id),
            Column::left(s.col_date, 0, date),
            // The loan is whole before the penalty, kind or mode is kept.
            Column::left(s.col_loan, 1, loan).whole_before(3),
            Column::left(s.col_kind, 4, kind),
            Column::right(s.col_amount, 0, amount),
            Column::right(s.col_principal, 3, principal),
            Column::right(s.col_interest, 3, interest),
            Column::right(s.col_penalty, 3, penalty),
            Column::left(s.col_mode, 5, mode),
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
