//! The dashboard: headline cards, the loans table, the next 12 months' minimum dues.

use super::columns::{Cells, Column, Fitted};
use super::text::{ellipsize, ellipsize_whole, pad};
use super::{cash, overdue_if, wrapped};
use crate::book::overview::{LoanRow, Overview};
use crate::engine::loan::{Method, Rate};
use crate::engine::money::round_dp;
use crate::language::fill;
use crate::tui::app::{App, RowRef};
use crate::tui::i18n::Strings;
use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Paragraph, TableState};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use unicode_width::UnicodeWidthStr;

/// Draw the dashboard into `area`.
///
/// Layout rule. The body (the screen less the tabs and status lines) is handed out in
/// this order, each claim taking only what is left:
/// 1. the minimum due this month, on one line with what is overdue and the due dates
///    (those go to a second line when the screen is too narrow for them);
/// 2. the loans table, with up to [`TABLE_MIN_ROWS`] rows (header and frame included);
/// 3. the other four headline figures, one compact line each, in the order total
///    outstanding, next payment, credit lines, limit in 6 months;
/// 4. the 12-month strip at its compact height ([`STRIP_MIN`]: one row of bars);
/// 5. the rest of the table's rows: the table is never taller than its rows;
/// 6. the strip grows to [`STRIP_MAX`];
/// 7. at [`CARDS_MIN_WIDTH`] columns or more, the five figures become boxed cards with
///    two detail lines each when their extra rows are left;
/// 8. whatever remains goes to the table while it has rows to show (it scrolls on a
///    large store), and the rest to the strip, whose bars grow with it.
///
/// So as the screen shrinks the cards collapse first to lines, then the strip shortens
/// and goes, then the table loses rows down to three, and only then do figures go,
/// from the last, counted and named on the table's bottom border ("+2 more: Credit
/// lines…"); no row is left empty while a figure is missing, and the table has no
/// empty rows while the strip shows. At 80×24 that keeps all five figures, the
/// table sized to its rows and the strip.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let Ok(overview) = &app.overview else { return };
    if overview.loans.is_empty() && overview.revolving.is_empty() {
        render_empty(app, frame, area);
        return;
    }
    let figures = headline(app, overview);
    let due_lines = if figures[0].fits_on_one_line(app.strings(), area.width, &figures) {
        1
    } else {
        2
    };
    let layout = heights(
        area.width,
        area.height,
        app.rows().len(),
        due_lines,
        figures.len(),
    );
    let [cards, table, chart] = Layout::vertical([
        Constraint::Length(layout.headline),
        Constraint::Length(layout.table),
        Constraint::Length(layout.strip),
    ])
    .areas(area);
    if layout.cards {
        render_cards(app, &figures, frame, cards);
    } else {
        render_compact(app, &figures, due_lines, frame, cards);
    }
    // The figures with no row, from the last: counted and named on the table.
    let shown = if layout.cards {
        figures.len()
    } else {
        usize::from(layout.headline.saturating_sub(due_lines)) + 1
    };
    let dropped: Vec<(&str, &str)> = (figures.iter().skip(shown))
        .map(|f| (f.label, f.short))
        .collect();
    render_table(app, overview, frame, table, &dropped);
    if layout.strip > 0 {
        render_chart(app, overview, frame, chart);
    }
}

/// The table's rows (besides its header and frame) kept before the other figures.
const TABLE_MIN_ROWS: u16 = 3;
/// The 12-month strip's heights: one row of bars, and at most.
const STRIP_MIN: u16 = 4;
const STRIP_MAX: u16 = 9;
/// The cards' height (a frame around a figure and two details), and the width from
/// which five of them fit side by side.
const CARDS_HEIGHT: u16 = 5;
const CARDS_MIN_WIDTH: u16 = 110;

/// The heights the dashboard's parts get (see [`render`] for the rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Heights {
    headline: u16,
    cards: bool,
    table: u16,
    strip: u16,
}

/// Share `height` rows by the layout rule; `rows` is the table's row count, `due_lines`
/// the minimum due's lines, `figures` the headline figures in all.
fn heights(width: u16, height: u16, rows: usize, due_lines: u16, figures: usize) -> Heights {
    let rows = u16::try_from(rows).unwrap_or(u16::MAX);
    let others = u16::try_from(figures.saturating_sub(1)).unwrap_or(0);
    let mut left = height;
    let mut take = |want: u16| {
        let got = want.min(left);
        left -= got;
        got
    };
    let mut headline = take(due_lines);
    // Frame and header, then the rows.
    let mut table = take(3 + rows.min(TABLE_MIN_ROWS));
    headline += take(others);
    let mut strip = take(STRIP_MIN);
    table += take((3 + rows).saturating_sub(table));
    strip += take(STRIP_MAX - STRIP_MIN);
    if strip < STRIP_MIN {
        // Too short to read: its rows go back to the table.
        left += strip;
        strip = 0;
    }
    let all_figures = headline == due_lines + others;
    let cards = width >= CARDS_MIN_WIDTH
        && all_figures
        && strip == STRIP_MAX
        && headline + left >= CARDS_HEIGHT;
    if cards {
        left = (headline + left) - CARDS_HEIGHT;
        headline = CARDS_HEIGHT;
    }
    if strip > 0 {
        // A table as tall as its rows; the strip, which reads at any height, the rest.
        let rows_left = (3 + rows).saturating_sub(table).min(left);
        table += rows_left;
        strip += left - rows_left;
    } else {
        table += left;
    }
    Heights {
        headline,
        cards,
        table,
        strip,
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
    // As tall as its lines, the rest of the screen below it.
    let area = super::as_tall_as(area, text.len());
    frame.render_widget(Paragraph::new(text).block(block), area);
}

/// A date as short as it reads unambiguously: `12-05` within the as-of year, else with
/// its year.
fn short_date(date: NaiveDate, as_of: NaiveDate) -> String {
    if date.year() == as_of.year() {
        date.format("%m-%d").to_string()
    } else {
        date.to_string()
    }
}

/// `due 11-15 12-05 +2 more` in at most `width` columns: every date of this month's
/// unpaid items (overdue first), or as many as fit and how many more there are.
fn due_list(s: &Strings, dates: &[String], width: usize) -> String {
    due_rows(s, dates, width, 1).concat()
}

/// The due dates over at most `rows` lines `width` wide: every date, or as many as fit
/// and how many more there are at the end of the last line.
fn due_rows(s: &Strings, dates: &[String], width: usize, rows: usize) -> Vec<String> {
    let more = |n: usize| fill(s.more, &[("n", &n.to_string())]);
    let mut lines = vec![s.due_on.to_string()];
    let mut dates = dates.iter().peekable();
    while let Some(&date) = dates.peek() {
        let count = dates.len();
        let last_row = lines.len() == rows;
        let line = lines.last_mut().expect("one line at least");
        let gap = usize::from(!line.is_empty());
        // The last line keeps room for the count of the dates after this one.
        let tail = match count - 1 {
            left if left > 0 && last_row => 1 + more(left).width(),
            _ => 0,
        };
        if line.width() + gap + date.width() + tail <= width {
            if gap > 0 {
                line.push(' ');
            }
            line.push_str(date);
            dates.next();
        } else if !last_row && !line.is_empty() {
            lines.push(String::new());
        } else {
            let gap = if line.is_empty() { "" } else { " " };
            line.push_str(&format!("{gap}{}", more(count)));
            break;
        }
    }
    lines
}

/// What follows a headline figure on its line.
enum Detail {
    /// Words only: cut with "…" when short of room.
    Words(String, Style),
    /// Text carrying a figure: shown whole or not at all.
    Whole(String, Style),
    /// Like `Whole`, with a shorter form used where the long one leaves a later detail
    /// no room ("11-15 !" for "11-15 ! overdue", so the loan's name still shows).
    Shortened(String, String, Style),
    /// The due dates: as many as fit, then "+N more".
    Dates(Vec<String>, Style),
}

/// One headline figure as a compact line: label, figure, details.
struct Figure {
    label: &'static str,
    /// The label where room is short: the table's border naming a figure left out.
    short: &'static str,
    value: Span<'static>,
    details: Vec<Detail>,
}

/// Space between the figure and its details, and between details.
const GAP: &str = "  ";
const SEPARATOR: &str = " · ";

/// Details laid out in `width` columns, each whole, cut (words) or left out with "…"
/// where it would be; the second value is whether every detail got its place. Where
/// not every detail does, the shorter forms are used.
fn place(s: &Strings, details: &[Detail], width: usize) -> (Vec<Span<'static>>, bool) {
    let full = place_as(s, details, width, false);
    if full.1 || !details.iter().any(|d| matches!(d, Detail::Shortened(..))) {
        return full;
    }
    place_as(s, details, width, true)
}

/// [`place`], each detail in its shorter form where it has one and `short`.
fn place_as(
    s: &Strings,
    details: &[Detail],
    width: usize,
    short: bool,
) -> (Vec<Span<'static>>, bool) {
    let mut spans = Vec::new();
    let mut used = 0;
    for (i, detail) in details.iter().enumerate() {
        let lead = if i == 0 { "" } else { SEPARATOR };
        let room = width.saturating_sub(used + lead.width());
        let (text, style) = match detail {
            Detail::Words(text, style) | Detail::Whole(text, style) => (text.clone(), *style),
            Detail::Shortened(long, shorter, style) => {
                (if short { shorter } else { long }.clone(), *style)
            }
            Detail::Dates(dates, style) => (due_list(s, dates, room), *style),
        };
        // Cut where short of room: words anywhere, text with a figure between words
        // (the figure whole or not at all), the dates not at all ("+N more" says it).
        let cut = match detail {
            _ if text.width() <= room => None,
            Detail::Words(..) => Some(ellipsize(&text, room)),
            Detail::Whole(..) | Detail::Shortened(..) => Some(ellipsize_whole(&text, room)),
            Detail::Dates(..) => Some(String::new()),
        };
        let (text, placed) = match cut {
            None => (text, true),
            Some(cut) if cut.width() > 1 => (cut, false),
            Some(_) => {
                // A figure left out is marked as such, never silently dropped: after a
                // single space where the separator leaves no room for the mark.
                let lead = if room >= 1 || lead.is_empty() {
                    lead
                } else {
                    " "
                };
                if used + lead.width() < width {
                    spans.push(Span::raw(lead));
                    spans.push(Span::styled("…", style));
                }
                return (spans, false);
            }
        };
        spans.push(Span::raw(lead));
        used += lead.width() + text.width();
        spans.push(Span::styled(text, style));
        if !placed {
            return (spans, false);
        }
    }
    (spans, true)
}

/// The five headline figures, the minimum due first.
fn headline(app: &App, overview: &Overview) -> Vec<Figure> {
    let s = app.strings();
    let t = &app.theme;
    let figure = |amount: Decimal| Span::styled(cash(app, amount), t.highlight);
    let none = || Span::styled(s.not_yet, t.muted);
    let mut figures = Vec::with_capacity(5);

    let overdue = overview.overdue_count();
    let total = overview.this_month.total();
    let mut due = Vec::new();
    if overdue > 0 {
        due.push(Detail::Whole(
            format!("! {overdue} {}", s.overdue),
            t.overdue,
        ));
    }
    due.push(if total.is_zero() {
        Detail::Words(s.nothing_due.into(), t.muted)
    } else {
        let dates = overview.this_month.due_dates();
        let dates = dates.iter().map(|d| short_date(*d, app.as_of)).collect();
        Detail::Dates(dates, t.muted)
    });
    figures.push(Figure {
        label: s.min_due,
        // The first figure, never left out.
        short: s.min_due,
        value: figure(total),
        details: due,
    });

    figures.push(Figure {
        label: s.outstanding,
        short: s.outstanding_short,
        value: figure(overview.total_outstanding()),
        details: vec![
            Detail::Whole(s.loan_count(overview.loans.len()), t.muted),
            Detail::Whole(s.revolving_count(overview.revolving.len()), t.muted),
        ],
    });

    // Dated as the due card dates (the year only outside the as-of year), so the date
    // fits where a full one would be left out; then what it is for.
    let (value, details) = match overview.next_payment() {
        Some(next) => {
            let date = short_date(next.date, app.as_of);
            let when = if next.date < app.as_of {
                let long = format!("{date} ! {}", s.overdue);
                Detail::Shortened(long, format!("{date} !"), t.overdue)
            } else {
                Detail::Whole(format!("{} {date}", s.due_on), t.muted)
            };
            let names = next.names.join(app.lang.list_separator());
            (
                figure(next.amount),
                vec![when, Detail::Words(names, t.muted)],
            )
        }
        None => (none(), vec![Detail::Words(s.nothing_due.into(), t.muted)]),
    };
    figures.push(Figure {
        label: s.next_payment,
        short: s.next_payment_short,
        value,
        details,
    });

    let (limit, used) = overview.credit();
    figures.push(if overview.lines.is_empty() {
        Figure {
            label: s.credit,
            short: s.credit_short,
            value: none(),
            details: vec![Detail::Words(s.no_lines.into(), t.muted)],
        }
    } else {
        Figure {
            label: s.credit,
            short: s.credit_short,
            value: figure(overview.available()),
            details: vec![
                Detail::Words(s.available.into(), t.muted),
                Detail::Whole(format!("{} {}", cash(app, used), s.used), t.muted),
                Detail::Whole(format!("{} {}", cash(app, limit), s.limit_total), t.muted),
            ],
        }
    });

    figures.push(match app.limit.in_six {
        Some((today, later)) => {
            let change = later - today;
            let sign = if change < Decimal::ZERO { "" } else { "+" };
            Figure {
                label: s.projected_limit,
                short: s.projected_limit_short,
                value: figure(later),
                details: vec![
                    Detail::Whole(format!("{sign}{}", cash(app, change)), t.muted),
                    Detail::Words(s.estimate.into(), t.muted),
                ],
            }
        }
        None => Figure {
            label: s.projected_limit,
            short: s.projected_limit_short,
            value: none(),
            details: vec![Detail::Words(s.no_lines.into(), t.muted)],
        },
    });
    figures
}

/// Label and figure columns of the compact lines: labels padded to the widest, figures
/// right-aligned, when that fits in `width`; else each label as long as it is.
fn columns_of(figures: &[Figure], width: u16) -> (usize, usize) {
    let label = figures.iter().map(|f| f.label.width()).max().unwrap_or(0);
    let value = figures.iter().map(|f| f.value.width()).max().unwrap_or(0);
    if label + 1 + value + GAP.width() + 8 <= usize::from(width) {
        (label, value)
    } else {
        (0, 0)
    }
}

impl Figure {
    /// The label and figure, aligned in columns `(label, value)` wide; a label is cut
    /// (never the figure) when the line is too narrow.
    fn lead(&self, (label_width, value_width): (usize, usize), width: usize) -> Vec<Span<'static>> {
        let value = self.value.width();
        let room = width.saturating_sub(value.max(value_width) + 1);
        let label = pad(&ellipsize(self.label, room), label_width.min(room));
        let padding = " ".repeat(value_width.saturating_sub(value));
        vec![Span::raw(format!("{label} {padding}")), self.value.clone()]
    }

    /// Whether this figure's details all fit on its line at `width` columns.
    fn fits_on_one_line(&self, s: &Strings, width: u16, figures: &[Figure]) -> bool {
        let columns = columns_of(figures, width);
        let used: usize = self
            .lead(columns, usize::from(width))
            .iter()
            .map(Span::width)
            .sum();
        let room = usize::from(width).saturating_sub(used + GAP.width());
        place(s, &self.details, room).1
    }
}

/// The figures as five boxed cards: the figure (with a first detail in words beside it),
/// then a detail per line, each cut or left out as on a compact line; each card as tall
/// as its lines.
fn render_cards(app: &App, figures: &[Figure], frame: &mut Frame, area: Rect) {
    let s = app.strings();
    let areas = Layout::horizontal([Constraint::Fill(1); 5]).split(area);
    for (figure, area) in figures.iter().zip(areas.iter()) {
        let width = usize::from(area.width.saturating_sub(2));
        let mut details = &figure.details[..];
        let mut first = vec![figure.value.clone()];
        if let Some(Detail::Words(..)) = details.first() {
            let room = width.saturating_sub(figure.value.width() + 1);
            first.push(Span::raw(" "));
            first.extend(place(s, &details[..1], room).0);
            details = &details[1..];
        }
        // Rows no detail takes go to the due dates, so no card has a blank row beside
        // the others.
        let rows = usize::from(area.height.saturating_sub(2));
        let spare = rows.saturating_sub(1 + details.len());
        let mut lines = vec![Line::from(first)];
        for detail in details {
            match detail {
                Detail::Dates(dates, style) if spare > 0 => lines.extend(
                    (due_rows(s, dates, width, 1 + spare).into_iter())
                        .map(|line| Line::styled(line, *style)),
                ),
                _ => lines.push(Line::from(place(s, std::slice::from_ref(detail), width).0)),
            }
        }
        // As tall as its lines: a card with less to say (no credit lines) leaves its
        // rows below it rather than blank inside it.
        let area = super::as_tall_as(*area, lines.len());
        let card = Paragraph::new(lines).block(super::titled(figure.label, area.width));
        frame.render_widget(card, area);
    }
}

/// The figures as compact lines, as many as `area` holds; the minimum due's details
/// take a second line when `due_lines` is 2.
fn render_compact(app: &App, figures: &[Figure], due_lines: u16, frame: &mut Frame, area: Rect) {
    let s = app.strings();
    let width = usize::from(area.width);
    let columns = columns_of(figures, area.width);
    let mut lines = Vec::new();
    for (i, figure) in figures.iter().enumerate() {
        let mut spans = figure.lead(columns, width);
        let used: usize = spans.iter().map(Span::width).sum();
        if i == 0 && due_lines == 2 {
            lines.push(Line::from(spans));
            let (details, _) = place(s, &figure.details, width.saturating_sub(2));
            spans = std::iter::once(Span::raw("  ")).chain(details).collect();
        } else {
            let (details, _) = place(s, &figure.details, width.saturating_sub(used + GAP.width()));
            if !details.is_empty() {
                spans.push(Span::raw(GAP));
                spans.extend(details);
            }
        }
        lines.push(Line::from(spans));
    }
    lines.truncate(usize::from(area.height));
    frame.render_widget(Paragraph::new(lines), area);
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

/// The loans table; `dropped` names the headline figures left out for want of rows.
fn render_table(
    app: &App,
    overview: &Overview,
    frame: &mut Frame,
    area: Rect,
    dropped: &[(&str, &str)],
) {
    let s = app.strings();
    let all = app.rows();
    // Only the rows that can show are formatted (and their APR solved): a store may hold
    // thousands. Columns are sized to them.
    // Scrolled on a shorter screen, the table is still full: no row is left empty
    // while one above is out of sight.
    let visible = usize::from(area.height.saturating_sub(3));
    let start = app.offset.min(all.len().saturating_sub(visible));
    let rows = &all[start..(start + usize::from(area.height)).min(all.len())];
    // One entry per row: (marker, name, lender, method, balance, paid, next date, amount, rate, apr, style).
    let mut columns = Cells::with_capacity(rows.len());
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
                    a.lender.clone(),
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
        columns.push(cells);
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
    ] = columns.0;
    let title = format!(
        " {} · {}{} ",
        s.loans,
        fill(s.sorted_by, &[("key", app.sort.label(s))]),
        if app.sort_descending { " ↓" } else { "" }
    );
    let mut block = Block::bordered().title(title);
    if !dropped.is_empty() {
        // Left of the count of rows out of sight (at its widest), which keeps its place.
        let marks = if all.len() > visible {
            super::columns::hidden_marks(all.len(), all.len()).width()
        } else {
            0
        };
        let room = usize::from(area.width).saturating_sub(marks + 5);
        let note = super::more_note(app, dropped, room);
        block = block.title_bottom(Line::styled(format!(" {note} "), app.theme.muted));
    }
    let table = Fitted {
        block,
        columns: vec![
            Column::left("", 0, marker),
            Column::left(s.col_name, 0, name).whole_before(6),
            Column::left(s.col_lender, 6, lender).shrinking(),
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
    let outside = (start, all.len() - start - rows.len());
    let data_rows = table.render_among(frame, area, &mut state, outside);
    app.hits.table_first.set(start + state.offset());
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
    let block = super::titled(&format!(" {} ", s.chart_title), area.width);
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

/// A short figure for a bar, at most four columns so it fits the narrowest bar (five
/// at 80 columns): `870`, `4.3k`, `43k`, `1.1M`, `11M`. The scale is always written
/// out, so an abbreviated amount never reads as a cut one; the exact amounts are in
/// the table.
fn compact(amount: Decimal) -> String {
    let whole = round_dp(amount, 0);
    if whole < Decimal::ONE_THOUSAND {
        return whole.to_string();
    }
    let mut scale = Decimal::ONE;
    for unit in ["k", "M", "B", "T"] {
        scale *= Decimal::ONE_THOUSAND;
        let scaled = amount / scale;
        let tenths = round_dp(scaled, 1);
        if tenths < Decimal::TEN {
            return format!("{tenths}{unit}");
        }
        let units = round_dp(scaled, 0);
        if units < Decimal::ONE_THOUSAND {
            return format!("{units}{unit}");
        }
    }
    format!("{}T", round_dp(amount / scale, 0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::i18n::{EN, ZH};
    use rust_decimal_macros::dec;

    /// The body of a `width`×`height` screen: less the tabs and status lines.
    fn body(width: u16, height: u16, rows: usize, due_lines: u16) -> Heights {
        heights(width, height - 2, rows, due_lines, 5)
    }

    #[test]
    fn at_80x24_every_figure_the_whole_table_and_the_strip() {
        let layout = body(80, 24, 5, 1);
        assert_eq!(
            layout,
            Heights {
                headline: 5,
                cards: false,
                table: 3 + 5,
                strip: STRIP_MAX,
            }
        );
    }

    #[test]
    fn a_small_store_on_a_tall_screen_gives_the_table_its_rows_and_the_strip_the_rest() {
        // The demo store (five rows) at 100×30 and 120×40: no empty table row.
        assert_eq!(
            body(100, 30, 5, 1),
            Heights {
                headline: 5,
                cards: false,
                table: 3 + 5,
                strip: 28 - 5 - 8,
            }
        );
        assert_eq!(
            body(120, 40, 5, 1),
            Heights {
                headline: CARDS_HEIGHT,
                cards: true,
                table: 3 + 5,
                strip: 38 - CARDS_HEIGHT - 8,
            }
        );
        // A store with more rows than fit scrolls in the table, the strip compact.
        let big = body(120, 40, 300, 1);
        assert_eq!((big.strip, big.table), (STRIP_MIN, 38 - 5 - STRIP_MIN));
    }

    #[test]
    fn the_space_is_always_all_used() {
        for (width, height) in [(40, 12), (80, 24), (100, 30), (120, 40), (200, 60)] {
            for rows in [1, 3, 5, 12, 10_500] {
                for due_lines in [1, 2] {
                    let p = body(width, height, rows, due_lines);
                    assert_eq!(p.headline + p.table + p.strip, height - 2, "{p:?}");
                    let figures = p.cards || p.headline >= due_lines + 4;
                    // A figure is missing only when the table is down to its minimum.
                    if !figures {
                        assert_eq!(p.table, 3 + TABLE_MIN_ROWS, "{p:?}");
                        assert_eq!(p.strip, 0);
                    }
                    // Empty table rows only once every figure shows, and only where
                    // the strip has no room to be read.
                    if usize::from(p.table) > 3 + rows {
                        assert!(figures, "{p:?}");
                        assert_eq!(p.strip, 0, "{p:?}");
                        assert!(p.table < 3 + rows as u16 + STRIP_MIN, "{p:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn cards_on_a_wide_tall_screen_a_big_store_scrolls_in_the_table() {
        assert!(body(120, 40, 5, 1).cards);
        assert!(!body(100, 30, 5, 1).cards, "five cards need 110 columns");
        let big = body(80, 24, 10_500, 1);
        assert_eq!((big.headline, big.strip), (5, STRIP_MIN));
        assert_eq!(big.table, 22 - 5 - STRIP_MIN);
        let small = body(40, 12, 5, 2);
        assert_eq!((small.headline, small.table, small.strip), (4, 6, 0));
    }

    #[test]
    fn due_dates_all_or_as_many_as_fit_and_how_many_more() {
        let dates: Vec<String> = ["11-15", "12-05", "12-10", "12-20"]
            .map(String::from)
            .to_vec();
        assert_eq!(due_list(&EN, &dates, 40), "due 11-15 12-05 12-10 12-20");
        assert_eq!(due_list(&EN, &dates, 25), "due 11-15 12-05 +2 more");
        assert_eq!(due_list(&EN, &dates, 5), "due +4 more");
        assert_eq!(due_list(&ZH, &dates, 20), "到期 11-15 另3个");
    }

    #[test]
    fn due_dates_take_the_rows_a_card_has_spare() {
        let dates = ["11-15", "12-05", "12-10", "12-20"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            due_rows(&EN, &dates, 22, 2),
            ["due 11-15 12-05 12-10", "12-20"]
        );
        assert_eq!(
            due_rows(&EN, &dates, 16, 2),
            ["due 11-15 12-05", "12-10 12-20"]
        );
        // The last row keeps room for the count of those left out.
        assert_eq!(due_rows(&EN, &dates, 13, 2), ["due 11-15", "12-05 +2 more"]);
        assert_eq!(due_rows(&EN, &dates, 23, 1), ["due 11-15 12-05 +2 more"]);
    }

    /// The text of the details `place` lays out in `width` columns.
    fn placed(details: &[Detail], width: usize) -> String {
        let (spans, _) = place(&EN, details, width);
        spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn a_detail_with_a_figure_keeps_the_figure_and_cuts_the_words_after_it() {
        let next = || vec![Detail::Whole("2026-11-15 ! overdue".into(), Style::new())];
        // 40×12: the date shows, the words after it are cut.
        assert_eq!(placed(&next(), 16), "2026-11-15 ! ov…");
        // No room for the date and a word after it: it is left out, marked ("2026-11-15…"
        // would read as a date cut).
        assert_eq!(placed(&next(), 12), "…");
        let zh = vec![Detail::Whole("2026-11-15 ! 逾期".into(), Style::new())];
        assert_eq!(placed(&zh, 15), "2026-11-15 !…");
        // A second detail is cut the same way after the first, or marked left out.
        let counts = vec![
            Detail::Whole("4 loans".into(), Style::new()),
            Detail::Whole("12 revolving".into(), Style::new()),
        ];
        // A word after the figure cut to a stub ("12 re…") is dropped, the figure kept.
        assert_eq!(placed(&counts, 16), "4 loans · 12 …");
        assert_eq!(placed(&counts, 17), "4 loans · 12 rev…");
        assert_eq!(placed(&counts, 12), "4 loans · …");
        // Too narrow for " · …": the mark still says something is left out.
        assert_eq!(placed(&counts, 10), "4 loans …");
        assert_eq!(placed(&counts, 7), "4 loans");
    }

    #[test]
    fn dates_outside_the_as_of_year_carry_it() {
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(short_date(date(2026, 12, 5), as_of), "12-05");
        assert_eq!(short_date(date(2024, 7, 20), as_of), "2024-07-20");
        assert_eq!(short_date(date(2027, 1, 5), as_of), "2027-01-05");
    }

    #[test]
    fn bar_labels_round_half_up_and_fit_a_five_column_bar_with_their_scale() {
        for (amount, label) in [
            // Half up.
            (dec!(2183.15), "2.2k"),
            (dec!(2149.99), "2.1k"),
            (dec!(19999), "20k"),
            (dec!(870.5), "871"),
            // At a scale's edge, the next scale once rounding reaches it.
            (dec!(999.49), "999"),
            (dec!(999.5), "1.0k"),
            (dec!(999_499), "999k"),
            (dec!(999_500), "1.0M"),
            (dec!(1_149_999), "1.1M"),
            (dec!(11_193_412.55), "11M"),
            (dec!(999_600_000), "1.0B"),
        ] {
            assert_eq!(compact(amount), label, "{amount}");
        }
        for amount in [
            dec!(0),
            dec!(9_950),
            dec!(99_999),
            dec!(123_456_789),
            dec!(999_999_999_999.99),
        ] {
            assert!(compact(amount).len() <= 4, "{amount}: {}", compact(amount));
        }
    }
}
