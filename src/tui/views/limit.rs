//! The credit-limit projection (额度提升): limit per scenario over the next months, the
//! score and its grade, what moves it, and what would raise it. Every figure is an
//! estimate and says so.

use super::columns::{Column, Fitted, full_width};
use super::{cash, wrapped};
use crate::engine::money::round_dp;
use crate::language::fill;
use crate::limit::{MonthProjection, NotApplicable, Outlook, Projection};
use crate::tui::app::App;
use crate::tui::i18n::{self, Strings};
use crate::tui::limit::LineProjection;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Chart, Dataset, GraphType, Paragraph, TableState};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use unicode_width::UnicodeWidthStr;

/// Months the table needs room for before the factors are shown below it: today and
/// every third month.
const TABLE_MIN_MONTHS: u16 = 5;

/// The months (0 is today) the table shows in `rows` rows when `count` are projected:
/// every month when they fit, else `rows` months spread from the first to the last
/// (every 2nd, 3rd… where a step fills the rows exactly, an uneven step otherwise), so
/// no row is left empty while a month is left out.
fn table_months(count: usize, rows: usize) -> Vec<usize> {
    if count <= rows {
        return (0..count).collect();
    }
    if rows < 2 {
        return (0..rows).collect();
    }
    let (last, gaps) = (count - 1, rows - 1);
    // Month i × last / gaps, rounded half-up.
    (0..rows)
        .map(|i| (2 * i * last + gaps) / (2 * gaps))
        .collect()
}

/// Draw the limit view into `area`.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let s = app.strings();
    let block = Block::bordered().title(format!(" {} ", s.limit_title));
    let view = match &app.limit.projection {
        Some(Ok(view)) => view,
        Some(Err(problem)) => {
            frame.render_widget(
                Paragraph::new(wrapped(&i18n::field_error(app.lang, problem), area))
                    .style(app.theme.error)
                    .block(block),
                area,
            );
            return;
        }
        None => {
            frame.render_widget(
                Paragraph::new(wrapped(s.limit_no_lines, area)).block(block),
                area,
            );
            return;
        }
    };
    let Some((scenario, outcome)) = view.scenarios.get(app.limit.scenario) else {
        return;
    };
    let months: &[MonthProjection] = outcome.as_ref().map_or(&[], |p| &p.months);
    // Layout rule, in priority order: the header (line, scenario and, from 80 columns,
    // the estimate note; wrapped, never cut; the keys are the status bar's, made from
    // the keymap); every month of the table (month and limit, score, grade, then the
    // band); what moves it and what would raise it, each box as tall as its lines; the
    // chart, the one part any height suits, takes the rows they leave where it can, so
    // that they are not left blank. The arrangements, first that fits:
    // 1. stacked: the table over the two boxes side by side (with the chart beside the
    //    table from 100 columns, or across between them), when every month fits so;
    //    where the table (every month, its band in it) leaves the chart 40 columns
    //    (`render_wide`), first the table and the boxes one over the other on the
    //    right, the chart the whole height on the left; else, when it leaves fewer
    //    rows blank in the boxes than this, the table with the boxes one over the
    //    other beside it, over the chart across the screen;
    // 2. aside: the table on the left, the two boxes one over the other on its right
    //    (at least ASIDE_NARROWEST wide), when every month fits so; the table's band is
    //    what goes first for it, and the rows each column leaves below (3 or more)
    //    take a Range box with as many months' bands as it holds, spread from the
    //    first month to the last as the table's are: one box across the screen when
    //    the columns end on one row, else one under each (80×24: six of the 13);
    // 3. stacked with every 2nd, 3rd… month: the boxes take their lines, the table
    //    every row left, when that keeps TABLE_MIN_MONTHS months;
    // 4. below 60 columns, the table over each box across the screen, as many boxes
    //    as leave the table TABLE_MIN_MONTHS months; the rows left under them, when
    //    enough, make the chart;
    // 5. the table alone (every row of the body, every 2nd… month).
    // A box left out is counted and named on the table's bottom border. Empty space is
    // never left while a figure is dropped: the boxes are as tall as their lines, and
    // any row they leave goes to the table or the chart.
    let header_lines = header_lines(app, view, scenario, area.width);
    let header_height = u16::try_from(header_lines.len()).unwrap_or(3);
    let [header, body] =
        Layout::vertical([Constraint::Length(header_height), Constraint::Fill(1)]).areas(area);
    frame.render_widget(Paragraph::new(header_lines), header);
    let table_need = table_height(app, outcome, body.width);
    let drawing = Drawing {
        view,
        scenario,
        outcome,
        months,
        table_need,
    };
    if body.width < 60 {
        render_narrow(app, drawing, frame, body);
        return;
    }
    if render_wide(app, drawing, frame, body) {
        return;
    }
    let (half, bottom_height, whole_names) = side_by_side(app, view, months, body.width);
    if table_need + bottom_height > body.height {
        if let Some((table_width, right_width, banded)) = aside_widths(app, months, body.width) {
            let factors = factor_lines(app, months, right_width, true);
            let factors_height = super::boxed(factors.len());
            let right_height =
                factors_height + super::boxed(action_lines(app, view, right_width).len());
            if table_need.max(right_height) <= body.height {
                render_aside(
                    app,
                    drawing,
                    frame,
                    body,
                    table_width,
                    (factors_height, right_height),
                    banded,
                );
                return;
            }
        }
        if body.height < bottom_height + 3 + TABLE_MIN_MONTHS {
            let s = app.strings();
            let dropped = [
                (s.limit_factors, s.limit_factors_short),
                (s.limit_actions, s.limit_actions_short),
            ];
            // No taller than its rows: a row it does not need stays below, not blank
            // inside it.
            let table = Rect {
                height: body.height.min(table_need),
                ..body
            };
            render_table(app, scenario, outcome, frame, table, &dropped);
            return;
        }
    }
    // The rows the table does not need (every month shown) go to the chart: across the
    // screen below 100 columns, where they make one; beside the table from 100 columns
    // (a scenario that cannot apply shows its reason there). Else they stay below the
    // boxes: never empty table rows, nor blank rows inside a box.
    let spare = body.height.saturating_sub(table_need + bottom_height);
    let (top, bottom) = if body.width < 100 && spare >= chart_min(app, view, body.width) {
        let [table, chart, bottom] = Layout::vertical([
            Constraint::Length(table_need),
            Constraint::Fill(1),
            Constraint::Length(bottom_height),
        ])
        .areas(body);
        render_chart(app, view, frame, chart);
        (table, bottom)
    } else {
        let top = if body.width >= 100 {
            body.height - bottom_height
        } else {
            body.height - bottom_height - spare
        };
        let [top, bottom, _] = Layout::vertical([
            Constraint::Length(top),
            Constraint::Length(bottom_height),
            Constraint::Fill(1),
        ])
        .areas(body);
        (top, bottom)
    };
    // The table no taller than its rows (or its reason at the width it has).
    let sized = |area: Rect| Rect {
        height: area.height.min(table_height(app, outcome, area.width)),
        ..area
    };
    if top.width >= 100 && top.height > 3 + TABLE_MIN_MONTHS {
        // The table as wide as its columns whole (the chart keeps at least 40 columns),
        // so no column is dropped beside a stretched chart.
        let table_width = table_columns(app, months, months.len())
            .map_or(top.width * 2 / 5, |c| full_width(&c))
            .min(top.width - 40);
        let [chart, table] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Length(table_width)]).areas(top);
        render_chart(app, view, frame, chart);
        render_table(app, scenario, outcome, frame, sized(table), &[]);
    } else {
        render_table(app, scenario, outcome, frame, sized(top), &[]);
    }
    let [factors, actions] =
        Layout::horizontal([Constraint::Length(half), Constraint::Fill(1)]).areas(bottom);
    // Each as tall as its lines where no split of the width makes them alike.
    let tall = |area: Rect, lines: usize| Rect {
        height: area
            .height
            .min(u16::try_from(lines + 2).unwrap_or(u16::MAX)),
        ..area
    };
    let factors = tall(
        factors,
        factor_lines(app, months, factors.width, whole_names).len(),
    );
    let actions = tall(actions, action_lines(app, view, actions.width).len());
    render_factors(app, months, frame, factors);
    render_actions(app, view, frame, actions);
}

/// What every arrangement draws: the line's projection, the outlook shown and what it
/// comes to (its months), and the rows the table needs for every month.
#[derive(Clone, Copy)]
struct Drawing<'a> {
    view: &'a LineProjection,
    scenario: &'a Outlook,
    outcome: &'a Result<Projection, NotApplicable>,
    months: &'a [MonthProjection],
    table_need: u16,
}

/// Below 60 columns: the table over each box across the screen, the boxes in order
/// (what moves it, then what would raise it) as many as leave the table
/// TABLE_MIN_MONTHS months; the table takes the rest, or only its rows when every box
/// shows. The rows all of them leave make the chart where they are enough for one,
/// else, where the table has no room for its Range column, a Range box with as many
/// months' bands as they hold (first to last); what is left stays below the boxes.
fn render_narrow(app: &App, drawing: Drawing, frame: &mut Frame, body: Rect) {
    let (view, months, table_need) = (drawing.view, drawing.months, drawing.table_need);
    let s = app.strings();
    let boxes = [
        (
            (s.limit_factors, s.limit_factors_short),
            factor_lines(app, months, body.width, true),
        ),
        (
            (s.limit_actions, s.limit_actions_short),
            action_lines(app, view, body.width),
        ),
    ];
    let table_min = table_need.min(3 + TABLE_MIN_MONTHS);
    let mut used = 0;
    let mut shown = Vec::new();
    for (title, lines) in &boxes {
        let height = super::boxed(lines.len());
        if table_min + used + height > body.height {
            break;
        }
        used += height;
        shown.push((*title, lines.clone(), height));
    }
    let dropped: Vec<(&str, &str)> = boxes[shown.len()..].iter().map(|(t, _)| *t).collect();
    let table_rows = if dropped.is_empty() {
        table_need.min(body.height - used)
    } else {
        body.height - used
    };
    let left = body.height - used - table_rows;
    let banded = table_columns(app, months, months.len())
        .is_some_and(|columns| full_width(&columns) <= body.width);
    let below = if left >= chart_min(app, view, body.width) {
        Below::Chart(left)
    } else if left >= 3 && !banded && !months.is_empty() {
        // No taller than the bands need: the rest stays below it.
        let (_, per_row, lines) = band_layout(app, months, body.width);
        let need = u16::try_from(months.len().div_ceil(per_row) * lines + 2).unwrap_or(u16::MAX);
        Below::Bands(left.min(need))
    } else {
        Below::Nothing
    };
    let mut constraints = vec![Constraint::Length(table_rows)];
    constraints.extend(
        shown
            .iter()
            .map(|(_, _, height)| Constraint::Length(*height)),
    );
    constraints.push(Constraint::Length(match below {
        Below::Chart(rows) | Below::Bands(rows) => rows,
        Below::Nothing => 0,
    }));
    constraints.push(Constraint::Fill(1));
    let areas = Layout::vertical(constraints).split(body);
    render_table(
        app,
        drawing.scenario,
        drawing.outcome,
        frame,
        areas[0],
        &dropped,
    );
    for (((title, _), lines, _), area) in shown.iter().zip(areas.iter().skip(1)) {
        let block = super::titled(&format!(" {title} "), area.width);
        frame.render_widget(Paragraph::new(lines.clone()).block(block), *area);
    }
    let under = areas[shown.len() + 1];
    match below {
        Below::Chart(_) => render_chart(app, view, frame, under),
        Below::Bands(_) => {
            let these = shown_months(months, band_capacity(app, months, under));
            render_bands(app, months, &these, frame, under);
        }
        Below::Nothing => {}
    }
}

/// What goes in the rows the narrow arrangement's table and boxes leave, and how many
/// it takes.
enum Below {
    Chart(u16),
    Bands(u16),
    Nothing,
}

/// The ways to lay out every month with its band and both boxes beside a chart that
/// keeps 40 columns, by the rows each leaves blank.
enum Wide {
    /// The chart the whole height on the left; on the right the table, what moves it
    /// and what would raise it, each as tall as its lines (no box blank below them:
    /// the chart already has every row).
    Column { factors: u16, actions: u16 },
    /// The table, and beside it the two boxes one over the other, each as tall as its
    /// lines (the shorter side leaves its rows below it), over the chart across the
    /// screen, which takes every row they do not need.
    OverChart {
        factors: u16,
        actions: u16,
        block: u16,
    },
}

/// Where the table keeps every month and its band with a chart of 40 columns or more
/// beside or under it: the column when every part fits in it, else the chart under
/// the rest when that leaves fewer rows blank in the boxes than the stacked arrangement
/// would (the table over the boxes side by side, the rows they do not need shared
/// between those). False, drawing nothing, otherwise.
fn render_wide(app: &App, drawing: Drawing, frame: &mut Frame, body: Rect) -> bool {
    let (view, months, table_need) = (drawing.view, drawing.months, drawing.table_need);
    let Some(columns) = table_columns(app, months, months.len()) else {
        return false;
    };
    let width = full_width(&columns);
    let rows = |lines: Vec<Line>| super::boxed(lines.len());
    let boxes = |w: u16| {
        (
            rows(factor_lines(app, months, w, true)),
            rows(action_lines(app, view, w)),
        )
    };
    let mut choices: Vec<(u16, Wide)> = Vec::new();
    if width >= ASIDE_MIN && width + 40 <= body.width {
        let (factors, actions) = boxes(width);
        if table_need + factors + actions <= body.height {
            choices.push((0, Wide::Column { factors, actions }));
        }
    }
    let right = body.width.saturating_sub(width);
    if right >= ASIDE_MIN && choices.is_empty() {
        let (factors, actions) = boxes(right);
        let block = table_need.max(factors + actions);
        if body.height.saturating_sub(block) >= chart_min(app, view, body.width) {
            let blank = block - table_need.min(factors + actions);
            choices.push((
                blank,
                Wide::OverChart {
                    factors,
                    actions,
                    block,
                },
            ));
        }
    }
    // The column first: its chart the whole height keeps the four lines apart, where
    // one across the screen, wider than tall, lets them cover each other.
    let Some((blank, choice)) = choices.into_iter().next() else {
        return false;
    };
    if !matches!(choice, Wide::Column { .. })
        && stacked_blank(app, view, months, body, table_need).is_some_and(|b| b <= blank)
    {
        return false;
    }
    let (table, factors, actions, chart) = match choice {
        Wide::Column { factors, actions } => {
            let [chart, right] =
                Layout::horizontal([Constraint::Fill(1), Constraint::Length(width)]).areas(body);
            let [table, factors, actions, _] = Layout::vertical([
                Constraint::Length(table_need),
                Constraint::Length(factors),
                Constraint::Length(actions),
                Constraint::Fill(1),
            ])
            .areas(right);
            (table, factors, actions, chart)
        }
        Wide::OverChart {
            factors,
            actions,
            block,
        } => {
            let [top, chart] =
                Layout::vertical([Constraint::Length(block), Constraint::Fill(1)]).areas(body);
            let [left, right] =
                Layout::horizontal([Constraint::Length(width), Constraint::Fill(1)]).areas(top);
            let [table, _] =
                Layout::vertical([Constraint::Length(table_need), Constraint::Fill(1)]).areas(left);
            let [factors, actions, _] = Layout::vertical([
                Constraint::Length(factors),
                Constraint::Length(actions),
                Constraint::Fill(1),
            ])
            .areas(right);
            (table, factors, actions, chart)
        }
    };
    render_chart(app, view, frame, chart);
    render_table(app, drawing.scenario, drawing.outcome, frame, table, &[]);
    render_factors(app, months, frame, factors);
    render_actions(app, view, frame, actions);
    true
}

/// The width of "what moves it" when the two boxes sit side by side `width` wide, their
/// height, and whether its causes' names are whole (on a line of their own where they
/// do not fit beside their figures) rather than cut with "…".
///
/// Layout rule of the split: the boxes least tall first, since every row they take is
/// a month the table above them may have to skip; then the causes' names whole, where a
/// split with whole names is as short (the taller box sets the height, so a narrow
/// "what moves it" with its names on lines of their own often costs no row); then the
/// two most alike in height (no blank row in the shorter: its text wraps narrower, the
/// other has room for its causes' names); then nearest the middle.
fn side_by_side(
    app: &App,
    view: &LineProjection,
    months: &[MonthProjection],
    width: u16,
) -> (u16, u16, bool) {
    let rows = |lines: Vec<Line>| super::boxed(lines.len());
    let half = width / 2;
    (width / 3..=width - width / 3)
        .flat_map(|left| {
            let actions = rows(action_lines(app, view, width - left));
            [true, false].map(|whole| {
                let factors = rows(factor_lines(app, months, left, whole));
                let tall = factors.max(actions);
                let diff = tall - factors.min(actions);
                (tall, !whole, diff, left.abs_diff(half), left)
            })
        })
        .min()
        .map_or((half, 2, true), |(tall, cut, _, _, left)| {
            (left, tall, !cut)
        })
}

/// The rows the stacked arrangement (see [`render`]) would leave blank in the boxes
/// with every month shown; `None` when it cannot show every month.
fn stacked_blank(
    app: &App,
    view: &LineProjection,
    months: &[MonthProjection],
    body: Rect,
    table_need: u16,
) -> Option<u16> {
    let (half, bottom, whole_names) = side_by_side(app, view, months, body.width);
    let factors = u16::try_from(factor_lines(app, months, half, whole_names).len() + 2).ok()?;
    let actions = u16::try_from(action_lines(app, view, body.width - half).len() + 2).ok()?;
    let spare = body.height.checked_sub(table_need + bottom)?;
    // Below 100 columns the spare rows make a chart across when they are enough.
    let spare = if body.width < 100 && spare >= chart_min(app, view, body.width) {
        0
    } else {
        spare
    };
    Some(2 * (bottom + spare) - factors - actions)
}

/// The fewest rows the chart takes `width` wide: its frame, axis and labels, its key,
/// and a plot of four rows.
fn chart_min(app: &App, view: &LineProjection, width: u16) -> u16 {
    let key = legend(app, view, width.saturating_sub(2)).len();
    u16::try_from(key + 8).unwrap_or(u16::MAX)
}

/// The boxes' width beside a chart or a banded table: a cause's name, its points and its
/// money whole on one line.
const ASIDE_MIN: u16 = 40;
/// The narrowest the boxes beside a table without its band may be: the points and money
/// whole on a line (a cause's name above them), the tips a few words a line. Every
/// month beside narrower boxes is worth more than a name on its own line (at 70×24 the
/// table otherwise skips every other month).
const ASIDE_NARROWEST: u16 = 34;

/// The widths of the table and of the boxes beside it, and whether the table keeps its
/// band; `None` when the table would lose more than its band there: the table with its
/// band when the boxes keep `ASIDE_MIN` columns, else without it, the boxes at least
/// `ASIDE_NARROWEST`.
fn aside_widths(app: &App, months: &[MonthProjection], width: u16) -> Option<(u16, u16, bool)> {
    let columns = table_columns(app, months, months.len())?;
    let whole = full_width(&columns);
    let banded = columns.last().map_or(0, |c| c.width() + 1);
    let (table, kept) = if whole + ASIDE_MIN <= width {
        (whole, true)
    } else {
        (whole.saturating_sub(banded), false)
    };
    let right = width.saturating_sub(table);
    (right >= ASIDE_NARROWEST).then_some((table, right, kept))
}

/// The table on the left, what moves it and what would raise it one over the other on
/// its right; `table` is the table's width and the rows it needs, `right` the factors'
/// rows and the two boxes'. The rows each column leaves below (3 or more) go to the
/// months' bands when the table has no room for its Range column: one box across the
/// screen when both columns end on one row, else a box under each, so that no row is
/// left empty beside a taller neighbour while a band is left out.
fn render_aside(
    app: &App,
    drawing: Drawing,
    frame: &mut Frame,
    body: Rect,
    table_width: u16,
    (factors_height, right_height): (u16, u16),
    banded: bool,
) {
    let (view, months, table_need) = (drawing.view, drawing.months, drawing.table_need);
    let below = |need: u16| match body.height - need {
        rows if rows >= 3 && !banded => rows,
        _ => 0,
    };
    let [left, right] =
        Layout::horizontal([Constraint::Length(table_width), Constraint::Fill(1)]).areas(body);
    let (left_bands, right_bands) = (below(table_need), below(right_height));
    let (table, factors_area, actions_area, bands) = if left_bands == right_bands {
        let [aside, across] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(left_bands)]).areas(body);
        let [table, right] =
            Layout::horizontal([Constraint::Length(table_width), Constraint::Fill(1)]).areas(aside);
        let [factors, actions] =
            Layout::vertical([Constraint::Length(factors_height), Constraint::Fill(1)])
                .areas(right);
        (table, factors, actions, vec![across])
    } else {
        let [table, under_table] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(left_bands)]).areas(left);
        let [factors, actions, under_boxes] = Layout::vertical([
            Constraint::Length(factors_height),
            Constraint::Fill(1),
            Constraint::Length(right_bands),
        ])
        .areas(right);
        (table, factors, actions, vec![under_table, under_boxes])
    };
    // The table and the boxes as tall as their lines: rows they leave with no band to
    // show stay outside them (100×24 left four table rows empty).
    let table = Rect {
        height: table.height.min(table_need),
        ..table
    };
    let actions_area = Rect {
        height: actions_area.height.min(right_height - factors_height),
        ..actions_area
    };
    render_table(app, drawing.scenario, drawing.outcome, frame, table, &[]);
    render_factors(app, months, frame, factors_area);
    render_actions(app, view, frame, actions_area);
    let bands: Vec<Rect> = bands.into_iter().filter(|a| a.height >= 3).collect();
    let capacity: Vec<usize> = bands
        .iter()
        .map(|a| band_capacity(app, months, *a))
        .collect();
    let mut shown = shown_months(months, capacity.iter().sum()).into_iter();
    for (area, holds) in bands.iter().zip(capacity) {
        let these: Vec<&MonthProjection> = shown.by_ref().take(holds).collect();
        render_bands(app, months, &these, frame, *area);
    }
}

/// Space between two months' bands on a row.
const BAND_GAP: usize = 3;

/// A month's band as the Range box shows it.
fn band_entry(app: &App, m: &MonthProjection) -> String {
    format!(
        "{} {}–{}",
        m.month,
        cash(app, m.limit.low),
        cash(app, m.limit.high)
    )
}

/// A month's band on the lines of a box too narrow for it on one: broken after the
/// dash, each figure whole, under the month's column.
fn band_lines(app: &App, m: &MonthProjection, inner: usize) -> Vec<String> {
    let entry = band_entry(app, m);
    if entry.width() <= inner {
        return vec![entry];
    }
    let text = format!(
        "{} {}– {}",
        m.month,
        cash(app, m.limit.low),
        cash(app, m.limit.high)
    );
    super::text::wrap_hanging(&text, inner, m.month.to_string().width() + 1)
}

/// How the bands of `months` sit in a box `width` wide: the widest entry, how many to a
/// row, and the lines each takes (more than one only where one does not fit a line).
fn band_layout(app: &App, months: &[MonthProjection], width: u16) -> (usize, usize, usize) {
    let inner = usize::from(width.saturating_sub(2));
    let entry = months
        .iter()
        .map(|m| band_entry(app, m).width())
        .max()
        .unwrap_or(0);
    let lines = months
        .iter()
        .map(|m| band_lines(app, m, inner).len())
        .max()
        .unwrap_or(1);
    (
        entry,
        ((inner + BAND_GAP) / (entry + BAND_GAP)).max(1),
        lines,
    )
}

/// How many months' bands a box `area` holds.
fn band_capacity(app: &App, months: &[MonthProjection], area: Rect) -> usize {
    let (_, per_row, lines) = band_layout(app, months, area.width);
    usize::from(area.height.saturating_sub(2)) / lines * per_row
}

/// The bands of `shown` (months spread from the first to the last as the table's are),
/// a few to a row: where the table beside the boxes has no room for its Range column.
/// Money is never cut: a band wider than the box takes two lines.
fn render_bands(
    app: &App,
    months: &[MonthProjection],
    shown: &[&MonthProjection],
    frame: &mut Frame,
    area: Rect,
) {
    let s = app.strings();
    let block = super::titled(&format!(" {} · {} ", s.limit_band, s.estimate), area.width);
    let (width, per_row, lines) = band_layout(app, months, area.width);
    let lines: Vec<Line> = if lines > 1 {
        let inner = usize::from(area.width.saturating_sub(2));
        (shown.iter())
            .flat_map(|m| band_lines(app, m, inner))
            .map(Line::raw)
            .collect()
    } else {
        shown
            .chunks(per_row)
            .map(|row| {
                let cells: Vec<String> = row
                    .iter()
                    .map(|m| super::text::pad(&band_entry(app, m), width))
                    .collect();
                Line::raw(cells.join(&" ".repeat(BAND_GAP)).trim_end().to_string())
            })
            .collect()
    };
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// The rows the table takes with every month (frame and header take three), or with
/// why its scenario cannot apply.
fn table_height(app: &App, outcome: &Result<Projection, NotApplicable>, width: u16) -> u16 {
    let rows = match outcome {
        Ok(projection) => projection.months.len() + 3,
        Err(why) => {
            let area = Rect::new(0, 0, width, 0);
            wrapped(&not_applicable(app, why), area).len() + 2
        }
    };
    u16::try_from(rows).unwrap_or(u16::MAX)
}

fn not_applicable(app: &App, why: &NotApplicable) -> String {
    format!(
        "{}{}{}",
        app.strings().limit_not_applicable,
        app.lang.colon(),
        why.render(app.lang, &app.data().profile.currency)
    )
}

/// A scenario as people read it, e.g. "borrow ¥5,000.00".
pub(crate) fn scenario_label(s: &Strings, currency: &str, scenario: &Outlook) -> String {
    let money = |amount: Decimal| format!("{currency}{}", crate::engine::money::grouped(amount));
    match scenario {
        Outlook::OnTime => s.scenario_on_time.to_string(),
        Outlook::Borrow(amount) => format!("{} {}", s.scenario_borrow, money(*amount)),
        Outlook::Prepay(amount) => format!("{} {}", s.scenario_prepay, money(*amount)),
        Outlook::Miss(days) => fill(s.scenario_miss, &[("days", &s.days(*days))]),
    }
}

fn header_lines(
    app: &App,
    view: &LineProjection,
    scenario: &Outlook,
    width: u16,
) -> Vec<Line<'static>> {
    let s = app.strings();
    let t = &app.theme;
    let currency = &app.data().profile.currency;
    let lines_count = app.data().lines.len();
    let line = vec![
        Span::raw(format!("{} ", s.limit_line)),
        Span::styled(
            format!("{} ({}/{lines_count})", view.line, app.limit.line + 1),
            t.accent,
        ),
    ];
    let chosen = vec![
        Span::raw(format!("{} ", s.limit_scenario)),
        Span::styled(
            format!("‹ {} ›", scenario_label(s, currency, scenario)),
            t.highlight,
        ),
    ];
    let mut lines = super::pack(vec![line, chosen], usize::from(width));
    // Narrower, the table's and the chart's titles say "estimate" alone.
    if width >= 80 {
        let note = Line::styled(s.limit_estimate, t.muted);
        lines.extend(super::rewrap(vec![note], width));
    }
    lines
}

fn as_f64(amount: Decimal) -> f64 {
    // Plotting only: the figures themselves stay Decimal.
    amount.to_f64().unwrap_or(0.0)
}

/// The mark a scenario's line is drawn with, so that lines read apart without colour.
fn marker(scenario: &Outlook) -> char {
    match scenario {
        Outlook::OnTime => '*',
        Outlook::Borrow(_) => '+',
        Outlook::Prepay(_) => 'o',
        Outlook::Miss(_) => 'x',
    }
}

/// The chart's key, below the plot so it never covers a line: each scenario's mark and
/// name, the selected one in brackets, one that cannot apply saying so; as many to a
/// row as fit in `width`.
fn legend(app: &App, view: &LineProjection, width: u16) -> Vec<Line<'static>> {
    let s = app.strings();
    let currency = &app.data().profile.currency;
    let mut lines: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let mut used = 0;
    for (i, (scenario, outcome)) in view.scenarios.iter().enumerate() {
        let mut text = format!(
            "{} {}",
            marker(scenario),
            scenario_label(s, currency, scenario)
        );
        if outcome.is_err() {
            text = format!("{text}: {}", s.limit_not_applicable);
        }
        let (text, style) = if i == app.limit.scenario {
            (format!("[{text}]"), app.theme.highlight)
        } else {
            (text, app.theme.muted)
        };
        let w = text.width() + 2;
        if used > 0 && used + w > usize::from(width) {
            lines.push(Vec::new());
            used = 0;
        }
        used += w;
        if let Some(row) = lines.last_mut() {
            row.push(Span::styled(text, style));
            row.push(Span::raw("  "));
        }
    }
    lines.into_iter().map(Line::from).collect()
}

fn render_chart(app: &App, view: &LineProjection, frame: &mut Frame, area: Rect) {
    let s = app.strings();
    let block = super::titled(&format!(" {} · {} ", s.limit_limit, s.estimate), area.width);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let key = legend(app, view, inner.width);
    let key_height = u16::try_from(key.len()).unwrap_or(1);
    let [plot, below] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(key_height)]).areas(inner);
    frame.render_widget(Paragraph::new(key), below);
    // The selected scenario is drawn last, on top where lines meet.
    let mut shown: Vec<(usize, &Outlook, &Projection)> = (view.scenarios.iter().enumerate())
        .filter_map(|(i, (scenario, outcome))| Some((i, scenario, outcome.as_ref().ok()?)))
        .collect();
    shown.sort_by_key(|(i, _, _)| *i == app.limit.scenario);
    let points: Vec<Vec<(f64, f64)>> = shown
        .iter()
        .map(|(_, _, p)| {
            p.months
                .iter()
                .enumerate()
                .map(|(i, m)| (i as f64, as_f64(m.limit.value)))
                .collect()
        })
        .collect();
    let all = shown.iter().flat_map(|(_, _, p)| p.months.iter());
    let low = all.clone().map(|m| m.limit.low).min().unwrap_or_default();
    let high = all
        .map(|m| m.limit.high)
        .max()
        .unwrap_or_default()
        .max(low + Decimal::ONE);
    let datasets: Vec<Dataset> = shown
        .iter()
        .zip(&points)
        .map(|((i, scenario, _), data)| {
            let style = if *i == app.limit.scenario {
                app.theme.highlight
            } else {
                app.theme.muted
            };
            Dataset::default()
                .marker(Marker::Custom(marker(scenario)))
                .graph_type(GraphType::Line)
                .style(style)
                .data(data)
        })
        .collect();
    let months = f64::from(crate::tui::limit::MONTHS);
    let chart = Chart::new(datasets)
        .x_axis(
            Axis::default()
                .bounds([0.0, months])
                .labels(["0", "6", "12"])
                .style(app.theme.muted),
        )
        .y_axis(
            Axis::default()
                .bounds([as_f64(low), as_f64(high)])
                .labels([cash(app, round_dp(low, 0)), cash(app, round_dp(high, 0))])
                .style(app.theme.muted),
        )
        .legend_position(None);
    frame.render_widget(chart, plot);
}

/// The months of `months` shown in `rows` rows.
fn shown_months(months: &[MonthProjection], rows: usize) -> Vec<&MonthProjection> {
    table_months(months.len(), rows)
        .into_iter()
        .filter_map(|i| months.get(i))
        .collect()
}

/// The month table's columns for the months shown in `rows` rows. Priority: month and
/// limit, then score, then the grade (five cells), then the band (the widest); `None`
/// when there is nothing to show.
fn table_columns(app: &App, months: &[MonthProjection], rows: usize) -> Option<Vec<Column>> {
    let s = app.strings();
    let shown = shown_months(months, rows);
    if shown.is_empty() {
        return None;
    }
    let column =
        |f: &dyn Fn(&MonthProjection) -> String| shown.iter().map(|m| f(m)).collect::<Vec<_>>();
    Some(vec![
        Column::left(s.limit_month, 0, column(&|m| m.month.to_string())),
        Column::right(s.limit_score, 1, column(&|m| m.score.value.to_string())),
        Column::left(s.limit_grade, 2, column(&|m| m.grade.as_str().to_string())),
        Column::right(s.limit_limit, 0, column(&|m| cash(app, m.limit.value))),
        Column::left(
            s.limit_band,
            3,
            column(&|m| format!("{}–{}", cash(app, m.limit.low), cash(app, m.limit.high))),
        ),
    ])
}

/// The selected scenario's months, titled with its name so that ←/→ shows which; or
/// why it cannot apply. The boxes `dropped` for want of room are counted and named on
/// its bottom border ("+2 more: What moves it…"), so that none goes unmarked.
fn render_table(
    app: &App,
    scenario: &Outlook,
    outcome: &Result<Projection, NotApplicable>,
    frame: &mut Frame,
    area: Rect,
    dropped: &[(&str, &str)],
) {
    let s = app.strings();
    let currency = &app.data().profile.currency;
    let mut title = format!(
        " {} {} · {} ",
        marker(scenario),
        scenario_label(s, currency, scenario),
        s.estimate
    );
    // Too narrow for the scenario's name (the header names it too): the name cut with
    // "…" (a figure in it whole or not at all), else only its mark, and the word
    // estimate, which every figure keeps.
    if title.width() + 2 > usize::from(area.width) {
        let bare = format!(" {} {} ", marker(scenario), s.estimate);
        let room = usize::from(area.width).saturating_sub(bare.width() + 2 + " · ".width());
        let name = super::text::ellipsize_whole(&scenario_label(s, currency, scenario), room);
        title = if name.chars().count() > 3 {
            format!(" {} {name} · {} ", marker(scenario), s.estimate)
        } else {
            bare
        };
    }
    let mut block = Block::bordered().title(title);
    if !dropped.is_empty() {
        let note = super::more_note(app, dropped, usize::from(area.width.saturating_sub(4)));
        block = block.title_bottom(Line::styled(format!(" {note} "), app.theme.muted));
    }
    let months = match outcome {
        Ok(projection) => &projection.months,
        Err(why) => {
            frame.render_widget(
                Paragraph::new(wrapped(&not_applicable(app, why), area))
                    .style(app.theme.muted)
                    .block(block),
                area,
            );
            return;
        }
    };
    // Frame and header take three rows.
    let rows = usize::from(area.height.saturating_sub(3));
    let shown = shown_months(months, rows);
    let Some(columns) = table_columns(app, months, rows) else {
        return;
    };
    let table = Fitted {
        block,
        columns,
        row_styles: shown
            .iter()
            .map(|m| {
                if m.overdue.is_some() {
                    app.theme.overdue
                } else {
                    Style::new()
                }
            })
            .collect(),
        header_style: app.theme.header,
        highlight: None,
    };
    table.render(frame, area, &mut TableState::default());
}

/// What moves it in `area`: the causes' names whole where it has the rows for them (the
/// layout made it as tall as their lines), else cut with "…".
fn render_factors(app: &App, months: &[MonthProjection], frame: &mut Frame, area: Rect) {
    let block = super::titled(&format!(" {} ", app.strings().limit_factors), area.width);
    let whole = factor_lines(app, months, area.width, true);
    let lines = if whole.len() + 2 <= usize::from(area.height) {
        whole
    } else {
        factor_lines(app, months, area.width, false)
    };
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// What moves month 6 (or the last), led by the first payment past due by then with
/// its stage, for a box `width` wide; a cause's name that does not fit beside its
/// figures goes on a line of its own above them where `whole_names`, else is cut.
fn factor_lines(
    app: &App,
    months: &[MonthProjection],
    width: u16,
    whole_names: bool,
) -> Vec<Line<'static>> {
    let s = app.strings();
    // A scenario that cannot apply moves nothing: the box says so (the table says why).
    if months.is_empty() {
        return vec![Line::styled(s.limit_not_applicable, app.theme.muted)];
    }
    let inner = usize::from(width.saturating_sub(2));
    let month = months.get(6).or(months.last());
    let overdue = months
        .iter()
        .take(7)
        .find_map(|m| Some((m.month, m.overdue?)));
    let late = overdue.map(|(when, o)| {
        let stage = o.stage.name(app.lang);
        let text = fill(
            s.limit_overdue,
            &[
                ("month", &when.to_string()),
                ("days", &s.days(u32::try_from(o.days).unwrap_or(u32::MAX))),
                ("stage", stage),
            ],
        );
        Line::styled(super::text::ellipsize(&text, inner), app.theme.overdue)
    });
    let effects: Vec<_> = month
        .map(|m| {
            m.effects
                .iter()
                .filter(|e| e.points != 0 || !e.money.is_zero())
                .map(|e| {
                    let sign = if e.money < Decimal::ZERO { "" } else { "+" };
                    let points = format!("{:+} {}", e.points, s.points);
                    (e, points, format!("{sign}{}", cash(app, e.money)))
                })
                .collect()
        })
        .unwrap_or_default();
    // The figures whole and right-aligned, points and money each in a column; a cause's
    // name beside them, else (see `whole_names`) on its own line or cut with "…".
    let widest = |pick: fn(&(_, String, String)) -> &String| {
        effects.iter().map(|e| pick(e).width()).max().unwrap_or(0)
    };
    let (points_width, money_width) = (widest(|e| &e.1), widest(|e| &e.2));
    let room = inner.saturating_sub(points_width + 2 + money_width + 1);
    let mut lines: Vec<Line> = late.into_iter().collect();
    for (e, points, money) in effects {
        let style = if e.points < 0 || e.money < Decimal::ZERO {
            app.theme.overdue
        } else {
            app.theme.paid
        };
        let name = e.cause.name(app.lang);
        let beside = if name.width() <= room {
            name.to_string()
        } else if whole_names {
            lines.push(Line::raw(super::text::ellipsize(name, inner)));
            String::new()
        } else {
            super::text::ellipsize(name, room)
        };
        let figures = format!(
            "{}{points}  {}{money}",
            " ".repeat(points_width - points.width()),
            " ".repeat(money_width - money.width())
        );
        lines.push(Line::from(vec![
            Span::raw(super::text::pad(&beside, 22.min(room + 1))),
            Span::styled(figures, style),
        ]));
    }
    lines
}

fn render_actions(app: &App, view: &LineProjection, frame: &mut Frame, area: Rect) {
    let block = super::titled(&format!(" {} ", app.strings().limit_actions), area.width);
    let lines = action_lines(app, view, area.width);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// The actions that would raise the limit most, wrapped for a box `width` wide.
fn action_lines(app: &App, view: &LineProjection, width: u16) -> Vec<Line<'static>> {
    let area = Rect::new(0, 0, width, 0);
    if view.suggestions.is_empty() {
        return wrapped(app.strings().limit_no_actions, area);
    }
    view.suggestions
        .iter()
        .flat_map(|suggestion| {
            wrapped(
                &format!("• {}", suggestion.said(app.lang, |a| cash(app, a))),
                area,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::table_months;

    #[test]
    fn the_table_shows_as_many_months_as_it_has_rows_for_ending_on_the_last() {
        assert_eq!(table_months(13, 20), (0..13).collect::<Vec<_>>());
        assert_eq!(table_months(13, 13), (0..13).collect::<Vec<_>>());
        assert_eq!(table_months(13, 7), [0, 2, 4, 6, 8, 10, 12]);
        assert_eq!(table_months(13, 5), [0, 3, 6, 9, 12]);
        assert_eq!(table_months(13, 4), [0, 4, 8, 12]);
        // No even step fills 6 or 8 rows: uneven ones do, rather than a row left empty.
        assert_eq!(table_months(13, 6), [0, 2, 5, 7, 10, 12]);
        assert_eq!(table_months(13, 8), [0, 2, 3, 5, 7, 9, 10, 12]);
        assert_eq!(table_months(13, 2), [0, 12]);
        assert_eq!(table_months(13, 1), [0]);
        assert!(table_months(13, 0).is_empty());
        assert!(table_months(0, 5).is_empty());
    }
}
