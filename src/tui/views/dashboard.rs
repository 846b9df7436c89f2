//! The dashboard: headline cards, the loans table, the next 12 months' minimum dues.

use super::columns::{Column, Fitted};
use super::{cash, overdue_if, wrapped};
use crate::loan::{Method, Rate};
use crate::money::round_dp;
use crate::overview::{LoanRow, Overview};
use crate::tui::app::{App, RowRef};
use crate::tui::i18n::Strings;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Paragraph, TableState};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// Draw the dashboard into `area`.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let Ok(overview) = &app.overview else { return };
    if overview.loans.is_empty() && overview.revolving.is_empty() {
        render_empty(app, frame, area);
        return;
    }
    let roomy = area.height >= 24 && area.width >= 110;
    let chart_height = if area.height >= 30 { 9 } else { 0 };
    let cards_height = if roomy { 5 } else { 2 };
    let [cards, table, chart] = Layout::vertical([
        Constraint::Length(cards_height),
        Constraint::Fill(1),
        Constraint::Length(chart_height),
    ])
    .areas(area);
    if roomy {
        render_cards(app, overview, frame, cards);
    } else {
        render_summary(app, overview, frame, cards);
    }
    render_table(app, overview, frame, table);
    if chart_height > 0 {
        render_chart(app, overview, frame, chart);
    }
}

fn render_empty(app: &App, frame: &mut Frame, area: Rect) {
    let s = app.strings();
    let mut text = vec![
        Line::from(Span::styled(s.empty_title, app.theme.accent)),
        Line::raw(""),
    ];
    text.extend(wrapped(s.empty_body, area));
    let block = Block::bordered().title(s.view_dashboard);
    frame.render_widget(Paragraph::new(text).block(block), area);
}

/// The due dates of this month's unpaid items, short (`03-10 03-31`), overdue first.
fn due_dates(overview: &Overview) -> String {
    let dates: Vec<String> = overview
        .this_month
        .due_dates()
        .iter()
        .map(|d| d.format("%m-%d").to_string())
        .collect();
    dates.join(" ")
}

/// A headline card: its figure, then up to two lines of detail, each led by its
/// figure so that a narrow card can only clip a word, never a number.
fn card<'a>(title: &'a str, value: Span<'a>, details: Vec<Line<'a>>) -> Paragraph<'a> {
    let mut lines = vec![Line::from(value)];
    lines.extend(details);
    Paragraph::new(lines).block(Block::bordered().title(title))
}

fn render_cards(app: &App, overview: &Overview, frame: &mut Frame, area: Rect) {
    let s = app.strings();
    let t = &app.theme;
    let areas = Layout::horizontal([Constraint::Fill(1); 5]).split(area);
    let muted = |text: String| Line::styled(text, t.muted);

    let overdue = overview.overdue_count();
    let total = overview.this_month.total();
    let mut due = Vec::new();
    if overdue > 0 {
        due.push(Line::styled(
            format!("! {overdue} {}", s.overdue),
            t.overdue,
        ));
    }
    due.push(if total.is_zero() {
        muted(s.nothing_due.into())
    } else {
        muted(format!("{} {}", s.due_on, due_dates(overview)))
    });
    frame.render_widget(
        card(s.min_due, Span::styled(cash(app, total), t.highlight), due),
        areas[0],
    );

    frame.render_widget(
        card(
            s.outstanding,
            Span::styled(cash(app, overview.total_outstanding()), t.highlight),
            vec![
                muted(format!("{} {}", overview.loans.len(), s.loans)),
                muted(format!("{} {}", overview.revolving.len(), s.revolving)),
            ],
        ),
        areas[1],
    );

    let next = match overview.next_payment() {
        Some((date, amount)) if date < app.as_of => card(
            s.next_payment,
            Span::styled(cash(app, amount), t.highlight),
            vec![Line::styled(format!("{date} ! {}", s.overdue), t.overdue)],
        ),
        Some((date, amount)) => card(
            s.next_payment,
            Span::styled(cash(app, amount), t.highlight),
            vec![muted(format!("{date} {}", s.due_on))],
        ),
        None => card(
            s.next_payment,
            Span::styled(s.not_yet, t.muted),
            vec![muted(s.nothing_due.into())],
        ),
    };
    frame.render_widget(next, areas[2]);

    let (limit, used) = overview.credit();
    let credit = if overview.lines.is_empty() {
        card(
            s.credit,
            Span::styled(s.not_yet, t.muted),
            vec![muted(s.no_lines.into())],
        )
    } else {
        card(
            s.credit,
            Span::styled(
                format!(
                    "{} {}",
                    cash(app, (limit - used).max(Decimal::ZERO)),
                    s.available
                ),
                t.highlight,
            ),
            vec![
                muted(format!("{} {}", cash(app, used), s.used)),
                muted(format!("/ {}", cash(app, limit))),
            ],
        )
    };
    frame.render_widget(credit, areas[3]);

    let projected = match app.limit_in_six {
        Some((today, later)) => {
            let change = later - today;
            let sign = if change < Decimal::ZERO { "" } else { "+" };
            card(
                s.projected_limit,
                Span::styled(cash(app, later), t.highlight),
                vec![
                    muted(format!("{sign}{}", cash(app, change))),
                    muted(s.estimate.into()),
                ],
            )
        }
        None => card(
            s.projected_limit,
            Span::styled(s.not_yet, t.muted),
            vec![muted(s.no_lines.into())],
        ),
    };
    frame.render_widget(projected, areas[4]);
}

/// Two lines for small screens: the headline figure, then what is overdue (or the total).
fn render_summary(app: &App, overview: &Overview, frame: &mut Frame, area: Rect) {
    let s = app.strings();
    let overdue = overview.overdue_count();
    let first = Line::from(vec![
        Span::styled(format!("{} ", s.min_due), app.theme.accent),
        Span::styled(cash(app, overview.this_month.total()), app.theme.highlight),
    ]);
    let second = if overdue > 0 {
        let dates: Vec<String> = overview
            .this_month
            .due_dates()
            .iter()
            .take(3)
            .map(|d| d.format("%m-%d").to_string())
            .collect();
        Line::styled(
            format!(
                "! {overdue} {} · {} {}",
                s.overdue,
                s.due_on,
                dates.join(" ")
            ),
            app.theme.overdue,
        )
    } else {
        Line::styled(
            format!(
                "{} {}",
                s.outstanding,
                cash(app, overview.total_outstanding())
            ),
            app.theme.muted,
        )
    };
    frame.render_widget(Paragraph::new(vec![first, second]), area);
}

fn rate_label(s: &Strings, loan: &LoanRow) -> String {
    match loan.rate {
        _ if loan.method == Method::FlatFee => {
            format!("{}%{}", loan.fee_rate.normalize(), s.fee_per_month)
        }
        Rate::Annual(a) => format!("{}%{}", a.normalize(), s.per_year),
        Rate::Daily(d) => format!("{}%{}", d.normalize(), s.per_day),
    }
}

pub(crate) fn method_label(s: &Strings, method: Method) -> &'static str {
    match method {
        Method::EqualInstallment => s.method_equal_installment,
        Method::EqualPrincipal => s.method_equal_principal,
        Method::InterestOnly => s.method_interest_only,
        Method::Bullet => s.method_bullet,
        Method::FlatFee => s.method_flat_fee,
    }
}

fn render_table(app: &App, overview: &Overview, frame: &mut Frame, area: Rect) {
    let s = app.strings();
    let all = app.rows();
    // Only the rows that can show are formatted (and their APR solved): a store may hold
    // thousands. Columns are sized to them.
    let start = app.offset.min(all.len());
    let rows = &all[start..(start + usize::from(area.height)).min(all.len())];
    // One entry per row: (marker, name, lender, method, balance, paid, next date, amount, rate, apr, style).
    let mut columns: [Vec<String>; 10] = Default::default();
    let mut styles = Vec::with_capacity(rows.len());
    for row in rows {
        let cells: [String; 10] = match row {
            RowRef::Loan(i) => {
                let l = &overview.loans[*i];
                let (next_date, next_amount) = match l.next_due {
                    Some((date, amount)) => (date.to_string(), cash(app, amount)),
                    None => (s.paid.to_string(), String::new()),
                };
                styles.push(overdue_if(app, l.overdue > 0));
                [
                    if l.overdue > 0 {
                        "!".into()
                    } else {
                        " ".into()
                    },
                    l.name.clone(),
                    l.lender.clone(),
                    method_label(s, l.method).into(),
                    cash(app, l.balance),
                    format!("{}/{}", l.paid, l.total),
                    next_date,
                    next_amount,
                    rate_label(s, l),
                    format!("{}%", l.apr()),
                ]
            }
            RowRef::Revolving(i) => {
                let a = &overview.revolving[*i];
                styles.push(Style::new());
                [
                    " ".into(),
                    a.name.clone(),
                    String::new(),
                    s.revolving.into(),
                    cash(app, a.balance),
                    s.minimum.into(),
                    if a.unpaid.is_zero() {
                        format!("✓ {}", s.paid)
                    } else {
                        a.due_date.to_string()
                    },
                    if a.unpaid.is_zero() {
                        String::new()
                    } else {
                        cash(app, a.unpaid)
                    },
                    String::new(),
                    String::new(),
                ]
            }
        };
        for (column, cell) in columns.iter_mut().zip(cells) {
            column.push(cell);
        }
    }
    let [
        marker,
        name,
        lender,
        method,
        balance,
        paid,
        next,
        amount,
        rate,
        apr,
    ] = columns;
    let title = format!(
        " {} · {} {}{} ",
        s.loans,
        s.sorted_by,
        app.sort.label(s),
        if app.sort_descending { " ↓" } else { "" }
    );
    let table = Fitted {
        block: Block::bordered().title(title),
        columns: vec![
            Column::left("", 0, marker),
            Column::left(s.col_name, 0, name).shrinking(),
            Column::left(s.col_lender, 6, lender),
            Column::left(s.col_method, 7, method),
            Column::right(s.col_balance, 3, balance),
            Column::right(s.col_installments, 4, paid),
            Column::left(s.col_next_due, 1, next),
            Column::right(s.col_amount, 2, amount),
            Column::left(s.col_rate, 8, rate),
            Column::right(s.col_apr, 5, apr),
        ],
        row_styles: styles,
        header_style: app.theme.header,
        highlight: Some(app.theme.selected),
    };
    let mut state = TableState::default().with_selected(app.selected.checked_sub(start));
    let data_rows = table.render(frame, area, &mut state);
    app.hits.table_rows.set(data_rows);
    app.page.set(usize::from(data_rows.height).max(1));
}

fn render_chart(app: &App, overview: &Overview, frame: &mut Frame, area: Rect) {
    let s = app.strings();
    let bars: Vec<Bar> = overview
        .months
        .iter()
        .map(|(month, total)| {
            Bar::default()
                .value(total.trunc().to_u64().unwrap_or(0))
                .text_value(compact(*total))
                .label(Line::from(format!("{:02}", month.month)))
                .style(app.theme.bar)
        })
        .collect();
    let block = Block::bordered().title(format!(" {} ", s.chart_title));
    let width = (area.width.saturating_sub(2) / 12)
        .saturating_sub(1)
        .clamp(1, 9);
    let chart = BarChart::default()
        .block(block)
        .data(BarGroup::default().bars(&bars))
        .bar_width(width)
        .bar_gap(1)
        .value_style(Style::new())
        .label_style(app.theme.muted);
    frame.render_widget(chart, area);
}

/// A short figure for a bar (`4.3k`, `870`), the exact amounts being in the table.
fn compact(amount: Decimal) -> String {
    let thousands = amount / Decimal::ONE_THOUSAND;
    match amount {
        a if a >= Decimal::from(10_000) => format!("{}k", round_dp(thousands, 0)),
        a if a >= Decimal::ONE_THOUSAND => format!("{}k", round_dp(thousands, 1)),
        a => round_dp(a, 0).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::compact;
    use rust_decimal_macros::dec;

    #[test]
    fn bar_labels_round_half_up() {
        assert_eq!(compact(dec!(2183.15)), "2.2k");
        assert_eq!(compact(dec!(2149.99)), "2.1k");
        assert_eq!(compact(dec!(19999)), "20k");
        assert_eq!(compact(dec!(870.5)), "871");
    }
}
