//! One loan: its schedule with paid, overdue and upcoming rows (a row selected, to edit or
//! delete the payment behind it), and its totals; or one revolving account: its statement,
//! minimum, the interest of paying less, and the minimum-only disclosure.

use super::columns::{Cells, Column, Fitted};
use super::dashboard::method_label;
use super::text::{ellipsize, ellipsize_whole};
use super::{cash, overdue_if, pack, wrapped};
use crate::book::dues::RevolvingProjection;
use crate::book::ledger::Status;
use crate::book::overview::RevolvingRow;
use crate::engine::schedule::{Row, RowKind};
use crate::language::fill;
use crate::lender::plan::PlanRow;
use crate::lender::reconcile::{Part, part_differences};
use crate::tui::app::{App, RowRef};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, TableState};
use unicode_width::UnicodeWidthStr;

/// Draw the selected loan (or revolving account) into `area`.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let s = app.strings();
    if let (Some(RowRef::Revolving(i)), Ok(overview)) = (app.selected_row(), &app.overview) {
        return render_revolving(app, &overview.revolving[i], frame, area);
    }
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
            match row.lender.as_str() {
                "" => method_label(s, row.method).to_string(),
                lender => format!("{lender} · {}", method_label(s, row.method)),
            },
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
        vec![Span::raw(if row.penalty_paid.is_zero() {
            format!("{} {}", s.interest_paid, cash(app, row.interest_paid))
        } else {
            format!(
                "{} {}{}",
                s.interest_paid,
                cash(app, row.interest_paid + row.penalty_paid),
                fill(s.penalty_of, &[("penalty", &cash(app, row.penalty_paid))])
            )
        })],
        vec![Span::raw(format!(
            "{} {}",
            s.interest_to_pay,
            cash(app, row.interest_to_pay)
        ))],
    ];
    // Layout rule: on a short screen the schedule keeps most of the room, the header
    // `room` lines and a blank row under it while every installment shows (else that
    // row shows one more). When the header does not fit, the figures go before the
    // lender and method, and the blank row holds one more line of them. The schedule is
    // as tall as its rows, the screen it does not need left below its frame.
    let room = if area.height >= 20 { 4 } else { 2 };
    let width = usize::from(area.width);
    let mut lines = pack(segments.clone(), width);
    let header_height = if lines.len() <= room {
        // The schedule's frame and header take three rows.
        let all_fit = lines.len() + 1 + state.schedule.rows.len() + 3 <= usize::from(area.height);
        lines.len() + usize::from(all_fit)
    } else {
        let mut segments = segments;
        let lender = segments.remove(1);
        segments.push(lender);
        lines = pack(segments, width);
        lines.truncate(room + 1);
        lines.len()
    };
    let header_height = u16::try_from(header_height).unwrap_or(3);
    let [header, table] =
        Layout::vertical([Constraint::Length(header_height), Constraint::Fill(1)]).areas(area);
    frame.render_widget(Paragraph::new(lines), header);

    let installments = &state.installments;
    let attached = app.attached();
    let (mut lender, mut lender_interest) = (Vec::new(), Vec::new());
    let mut columns = Cells::with_capacity(state.schedule.rows.len());
    let mut styles = Vec::with_capacity(state.schedule.rows.len());
    for r in &state.schedule.rows {
        let (status, penalty, style) = match r.kind {
            RowKind::Prepayment => (s.prepayment.to_string(), String::new(), t.muted),
            RowKind::Scheduled => match installments.iter().find(|i| i.period == r.period) {
                // Paid late: the penalty it paid.
                Some(i) if i.status == Status::Paid => (
                    format!("✓ {}", s.paid),
                    if i.paid_penalty.is_zero() {
                        String::new()
                    } else {
                        cash(app, i.paid_penalty)
                    },
                    t.paid,
                ),
                Some(i) if i.status == Status::Overdue => (
                    format!(
                        "! {}",
                        fill(s.days_late, &[("n", &i.days_late.to_string())])
                    ),
                    format!("+{}", cash(app, i.unpaid_penalty)),
                    overdue_if(app, true),
                ),
                _ => (s.upcoming.to_string(), String::new(), Style::new()),
            },
        };
        // The lender's installment beside ours, marked where the two differ.
        let theirs = match r.kind {
            RowKind::Scheduled => attached.and_then(|a| a.row(r.period)),
            RowKind::Prepayment => None,
        };
        // Their payment, marked where the row differs from our schedule (as drawn, without
        // prepayments), and by how much its principal and interest do.
        lender.push(theirs.map_or_else(String::new, |c| {
            let mark = if c.matches() { "" } else { "≠ " };
            format!("{mark}{}", cash(app, c.theirs.payment))
        }));
        lender_interest.push(
            theirs
                .filter(|c| !c.matches())
                .and_then(|c| c.ours.as_ref().map(|o| (c, o)))
                .map_or_else(String::new, |(c, o)| differences(app, &c.theirs, o)),
        );
        let differs = theirs.is_some_and(|c| !c.matches());
        styles.push(if differs { t.error } else { style });
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
        columns.push(cells);
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
    ] = columns.0;
    let mut block = Block::bordered();
    let mut payments = vec![Column::right(s.col_payment, 0, payment)];
    if let Some(a) = attached {
        let differ = a.result.rows.iter().filter(|c| !c.matches()).count();
        // The count whole: a title too wide for the table cuts the file's name first,
        // then leaves it out.
        let title = |file: &str| {
            // No file: the title without it and the space before it.
            let template = if file.is_empty() {
                s.plan_title.replace(" {file}", "")
            } else {
                s.plan_title.to_string()
            };
            fill(
                &template,
                &[
                    ("file", file),
                    ("differ", &s.rows_differ(differ, a.result.rows.len())),
                ],
            )
        };
        let room = usize::from(table.width.saturating_sub(4));
        let file = a.file_name();
        let file_room = file
            .width()
            .saturating_sub(title(&file).width().saturating_sub(room));
        let file = if file_room >= 4 {
            ellipsize(&file, file_room)
        } else {
            String::new()
        };
        block = block.title(format!(" {} ", ellipsize_whole(&title(&file), room)));
        payments.push(Column::right(s.col_lender_plan, 0, lender));
    }
    let fitted = Fitted {
        block,
        columns: [
            vec![
                Column::right(s.col_period, 4, period),
                Column::left(s.col_due_date, 0, due),
            ],
            payments,
            vec![
                Column::right(s.col_principal, 3, principal),
                Column::right(s.col_interest, 3, interest),
                Column::right(s.col_balance, 2, balance),
                Column::left(s.col_status, 1, status).shrinking(),
                Column::right(s.col_penalty, 1, penalty),
            ],
            match attached {
                Some(_) => {
                    vec![Column::left(s.col_lender_interest, 1, lender_interest)]
                }
                None => Vec::new(),
            },
        ]
        .concat(),
        row_styles: styles,
        header_style: t.header,
        highlight: Some(t.selected),
    };
    let mut table_state = TableState::default()
        .with_offset(app.detail_offset)
        .with_selected(Some(app.detail_selected));
    let table = fitted.sized(table);
    let rows = fitted.render(frame, table, &mut table_state);
    app.page.set(usize::from(rows.height).max(1));
}

/// A revolving account: its statement and minimum, what paying less costs by the next due
/// date, and the minimum-only disclosure (both plans as the engine computes them).
fn render_revolving(app: &App, row: &RevolvingRow, frame: &mut Frame, area: Rect) {
    let s = app.strings();
    let t = &app.theme;
    let block = Block::bordered();
    let Some(account) = app.data().revolving.iter().find(|a| a.id == row.id) else {
        return;
    };
    let mut lines = vec![
        Line::from(vec![Span::styled(
            fill(
                s.rev_statement,
                &[
                    ("amount", &cash(app, account.statement_balance)),
                    ("cut", &account.statement_day.to_string()),
                    ("due", &account.due_day.to_string()),
                ],
            ),
            t.muted,
        )]),
        Line::from(vec![
            Span::raw(format!("{} ", s.rev_owed)),
            Span::styled(cash(app, row.balance), t.highlight),
            Span::raw(format!("  ·  {} {}%", s.daily_rate, account.daily_rate)),
        ]),
        Line::raw(fill(
            s.rev_minimum,
            &[
                ("date", &row.due_date.to_string()),
                ("amount", &cash(app, row.minimum)),
                ("unpaid", &cash(app, row.unpaid)),
            ],
        )),
    ];
    if account.statement_balance > rust_decimal::Decimal::ZERO {
        let projection =
            RevolvingProjection::new(account, app.data().payments_for(&account.id), app.as_of);
        let due = projection.due_date();
        let (next, text) = if app.as_of > due {
            // The due date has passed: what was paid by it is known, no what-if.
            let owed = crate::book::dues::revolving_balance(app.data(), account, due);
            let (next, interest) = projection.interest_if(account.statement_balance - owed);
            let text = fill(
                s.rev_interest_left,
                &[
                    ("left", &cash(app, owed)),
                    ("interest", &cash(app, interest)),
                ],
            );
            (next, text)
        } else {
            // What was paid since the cut is known; the what-if is about the rest.
            let (next, on_nothing_more) = projection.interest_if(projection.paid());
            let text = if row.balance.is_zero() {
                s.rev_paid_in_full.to_string()
            } else if row.unpaid.is_zero() {
                fill(
                    s.rev_interest_rest,
                    &[
                        ("interest", &cash(app, on_nothing_more)),
                        ("left", &cash(app, row.balance)),
                    ],
                )
            } else {
                let (_, on_minimum) = projection.interest_if(projection.minimum());
                fill(
                    s.rev_interest_if,
                    &[
                        ("minimum", &cash(app, on_minimum)),
                        ("none", &cash(app, on_nothing_more)),
                    ],
                )
            };
            (next, text)
        };
        // The next statement may fall past the date cap, a date nothing shows.
        lines.extend((next <= crate::engine::validate::MAX_DATE).then(|| {
            Line::raw(fill(
                &text,
                &[("date", &due.to_string()), ("next", &next.to_string())],
            ))
        }));
        let disclosure = account.terms().disclosure(account.statement_balance);
        let only = &disclosure.minimum_only;
        lines.push(Line::styled(
            fill(
                s.rev_min_only,
                &[
                    (
                        "months",
                        &only.months.map_or(s.sim_never.to_string(), |n| s.months(n)),
                    ),
                    ("interest", &cash(app, only.total_interest)),
                    ("total", &cash(app, only.total_paid)),
                ],
            ),
            overdue_if(app, true),
        ));
        // A high minimum can clear the debt sooner than 36 months: then the plan costs more.
        let plan = match disclosure.savings.is_sign_negative() {
            false => fill(
                s.rev_plan_36,
                &[("savings", &cash(app, disclosure.savings))],
            ),
            true => fill(
                s.rev_plan_36_costs,
                &[("extra", &cash(app, -disclosure.savings))],
            ),
        };
        lines.push(Line::raw(fill(
            &plan,
            &[
                ("payment", &cash(app, disclosure.payment_36)),
                ("total", &cash(app, disclosure.plan_36.total_paid)),
            ],
        )));
    } else {
        lines.push(Line::styled(s.rev_nothing_owed, t.muted));
    }
    // Wrapped by the line-breaking rule; a line that fits keeps its styles. What the
    // box cannot hold ends in "…" rather than vanishing.
    let inner = block.inner(area);
    let lines: Vec<Line> = lines
        .into_iter()
        .flat_map(|line| {
            if line.width() <= usize::from(inner.width) {
                vec![line]
            } else {
                super::rewrap(vec![line], inner.width)
            }
        })
        .collect();
    // What the box cannot hold scrolls (↑↓), the title marking what is hidden above and
    // below, as a form's does; no line is cut.
    let room = usize::from(inner.height);
    app.account_text.set((lines.len(), room));
    let offset = app.detail_offset.min(lines.len().saturating_sub(room));
    let marks = [(offset > 0, " ↑"), (lines.len() > offset + room, " ↓")];
    let marks: String = marks
        .iter()
        .filter(|(hidden, _)| *hidden)
        .map(|(_, m)| *m)
        .collect();
    let lines: Vec<Line> = lines.into_iter().skip(offset).take(room).collect();
    let block = block.title(format!(" {} {}{marks} ", row.name, row.id));
    // The box as tall as its lines: the screen they do not need stays below it.
    let area = super::as_tall_as(area, lines.len());
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// What of the lender's row is not ours, each part with the lender's minus ours:
/// `Due date 02-13, Interest +0.33`.
fn differences(app: &App, theirs: &PlanRow, ours: &Row) -> String {
    let s = app.strings();
    let signed = |amount: rust_decimal::Decimal| {
        let sign = if amount > rust_decimal::Decimal::ZERO {
            "+"
        } else {
            ""
        };
        format!("{sign}{}", crate::engine::money::plain(amount))
    };
    let mut parts = Vec::new();
    if theirs.due_date != ours.due_date {
        parts.push(format!(
            "{} {}",
            s.col_due_date,
            theirs.due_date.format("%m-%d")
        ));
    }
    for (part, difference) in part_differences(theirs, ours) {
        let label = match part {
            Part::Payment => s.col_payment,
            Part::Principal => s.col_principal,
            Part::Interest => s.col_interest,
            Part::Balance => s.col_balance,
        };
        parts.push(format!("{label} {}", signed(difference)));
    }
    parts.join(app.lang.list_separator())
}
