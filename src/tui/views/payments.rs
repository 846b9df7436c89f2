//! The payment history, newest first.

use super::columns::{Column, Fitted};
use super::{cash, wrapped};
use crate::store::PaymentKind;
use crate::tui::app::App;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Paragraph, TableState};

/// Draw the payments view into `area`.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let s = app.strings();
    let data = app.data();
    let block = Block::bordered().title(format!(" {} ", s.view_payments));
    if data.payments.is_empty() {
        frame.render_widget(
            Paragraph::new(wrapped(s.no_payments, area)).block(block),
            area,
        );
        return;
    }
    let name_of = |id: &str| {
        data.loans
            .iter()
            .map(|l| (&l.id, &l.name))
            .chain(data.revolving.iter().map(|a| (&a.id, &a.name)))
            .find(|(i, _)| i.as_str() == id)
            .map_or_else(|| id.to_string(), |(i, n)| format!("{i} {n}"))
    };
    let mut columns: [Vec<String>; 5] = Default::default();
    for p in data.payments.iter().rev() {
        let (kind, mode) = match p.kind {
            PaymentKind::Scheduled => (s.scheduled, ""),
            PaymentKind::Prepayment => match p.mode {
                Some(crate::schedule::PrepayMode::Reduce) => (s.prepayment, s.mode_reduce),
                _ => (s.prepayment, s.mode_shorten),
            },
        };
        let cells = [
            p.date.to_string(),
            name_of(&p.loan),
            kind.to_string(),
            cash(app, p.amount),
            mode.to_string(),
        ];
        for (column, cell) in columns.iter_mut().zip(cells) {
            column.push(cell);
        }
    }
    let [date, loan, kind, amount, mode] = columns;
    let fitted = Fitted {
        block,
        columns: vec![
            Column::left(s.col_date, 0, date),
            Column::left(s.col_loan, 1, loan).shrinking(),
            Column::left(s.col_kind, 3, kind),
            Column::right(s.col_amount, 0, amount),
            Column::left(s.col_mode, 4, mode),
        ],
        row_styles: Vec::new(),
        header_style: app.theme.header,
        highlight: Some(app.theme.selected),
    };
    let mut state = TableState::default().with_selected(Some(app.payment_selected));
    let rows = fitted.render(frame, area, &mut state);
    app.page.set(usize::from(rows.height).max(1));
}
