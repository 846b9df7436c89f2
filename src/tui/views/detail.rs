//! One loan: its schedule with paid, overdue and upcoming rows, and its totals.

use super::columns::{Column, Fitted};
use super::dashboard::method_label;
use super::{cash, overdue_if, pack, wrapped};
use crate::book::ledger::Status;
use crate::engine::schedule::RowKind;
use crate::tui::app::App;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Block, Paragraph, TableState};

/// Draw the selected loan into `area`.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let s = app.strings();
    let (Some((id, state)), Ok(overview)) = (&app.detail, &app.overview) else {
        let block = Block::bordered().title(s.view_detail);
        frame.render_widget(
            Paragraph::new(wrapped(s.no_loan_selected, area)).block(block),
            area,
        );
        return;
    };
    let Some(row) = overview.loans.iter().find(|l| &l.id == id) else {
        return;
    };
    let t = &app.theme;
    let segments = vec![
        vec![
            Span::styled(row.name.clone(), t.accent),
            Span::styled(format!(" {id}"), t.muted),
        ],
        vec![Span::styled(
            format!("{} · {}", row.lender, method_label(s, row.method)),
            t.muted,
        )],
        vec![Span::raw(format!("{} {}%", s.col_apr, row.apr()))],
        vec![
            Span::raw(format!("{} ", s.col_balance)),
            Span::styled(cash(app, row.balance), t.highlight),
        ],
        vec![Span::raw(format!(
            "{} {}/{}",
            s.col_installments, row.paid, row.total
        ))],
        vec![Span::raw(format!("{} {}", s.payoff_date, row.payoff_date))],
        vec![Span::raw(format!(
            "{} {}",
            s.interest_paid,
            cash(app, row.interest_paid)
        ))],
        vec![Span::raw(format!(
            "{} {}",
            s.interest_to_pay,
            cash(app, row.interest_to_pay)
        ))],
    ];
    let mut lines = pack(segments, usize::from(area.width));
    // On a short screen the schedule keeps most of the room.
    lines.truncate(if area.height >= 20 { 4 } else { 2 });
    let header_height = u16::try_from(lines.len() + 1).unwrap_or(3);
    let [header, table] =
        Layout::vertical([Constraint::Length(header_height), Constraint::Fill(1)]).areas(area);
    frame.render_widget(Paragraph::new(lines), header);

    let installments = &state.installments;
    let mut columns: [Vec<String>; 8] = Default::default();
    let mut styles = Vec::with_capacity(state.schedule.rows.len());
    for r in &state.schedule.rows {
        let (status, penalty, style) = match r.kind {
            RowKind::Prepayment => (s.prepayment.to_string(), String::new(), t.muted),
            RowKind::Scheduled => match installments.iter().find(|i| i.period == r.period) {
                Some(i) if i.status == Status::Paid => {
                    (format!("✓ {}", s.paid), String::new(), t.paid)
                }
                Some(i) if i.status == Status::Overdue => (
                    format!("! {}", s.days_late.replace("{n}", &i.days_late.to_string())),
                    format!("+{}", cash(app, i.unpaid_penalty)),
                    overdue_if(app, true),
                ),
                _ => (s.upcoming.to_string(), String::new(), Style::new()),
            },
        };
        styles.push(style);
        let cells = [
            r.period.to_string(),
            r.due_date.to_string(),
            cash(app, r.payment),
            cash(app, r.principal),
            cash(app, r.interest),
            cash(app, r.balance),
            status,
            penalty,
        ];
        for (column, cell) in columns.iter_mut().zip(cells) {
            column.push(cell);
        }
    }
    let [
        period,
        due,
        payment,
        principal,
        interest,
        balance,
        status,
        penalty,
    ] = columns;
    let fitted = Fitted {
        block: Block::bordered(),
        columns: vec![
            Column::right(s.col_period, 4, period),
            Column::left(s.col_due_date, 0, due),
            Column::right(s.col_payment, 0, payment),
            Column::right(s.col_principal, 3, principal),
            Column::right(s.col_interest, 3, interest),
            Column::right(s.col_balance, 2, balance),
            Column::left(s.col_status, 1, status).shrinking(),
            Column::right(s.col_penalty, 1, penalty),
        ],
        row_styles: styles,
        header_style: t.header,
        highlight: None,
    };
    let mut table_state = TableState::default().with_offset(app.detail_offset);
    let rows = fitted.render(frame, table, &mut table_state);
    app.page.set(usize::from(rows.height).max(1));
}
