//! The credit-limit projection (额度提升): limit per scenario over the next months, the
//! score and its grade, what moves it, and what would raise it. Every figure is an
//! estimate and says so.

use super::columns::{Column, Fitted, full_width};
use super::{cash, wrapped};
use crate::limit::{
    MonthProjection, NotApplicable, Outlook, Projection, SuggestedAction, Suggestion,
};
use crate::tui::app::App;
use crate::tui::i18n::Strings;
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
/// every month when they fit, else every 2nd, 3rd… month that ends on the last one, so
/// no row is left empty while a month is left out that a step could show.
fn table_months(count: usize, rows: usize) -> Vec<usize> {
    let last = count.saturating_sub(1);
    let step = (1..=last.max(1))
        .find(|step| last.is_multiple_of(*step) && last / step < rows)
        .unwrap_or(last.max(1));
    // Too few rows for even the first and last: the first ones.
    (0..count).step_by(step).take(rows).collect()
}

/// Draw the limit view into `area`.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let s = app.strings();
    let block = Block::bordered().title(format!(" {} ", s.limit_title));
    let view = match &app.limit.projection {
        Some(Ok(view)) => view,
        Some(Err(problem)) => {
            frame.render_widget(
                Paragraph::new(wrapped(problem, area))
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
    // Layout rule: the header (line, scenario, keys and the estimate note, wrapped,
    // never cut) first; then the month table (month, limit, score, grade, band: the
    // band goes first when narrow); then what moves the limit and what would
    // raise it, side by side, when 6 rows are left for them; the chart only from 100
    // columns with rows to spare, beside the table. Smaller screens keep the table.
    let header_lines = header_lines(app, view, scenario, area.width);
    let header_height = u16::try_from(header_lines.len()).unwrap_or(3);
    let [header, body] =
        Layout::vertical([Constraint::Length(header_height), Constraint::Fill(1)]).areas(area);
    frame.render_widget(Paragraph::new(header_lines), header);
    let table_height = 3 + TABLE_MIN_MONTHS;
    let bottom_height = body.height.saturating_sub(table_height).min(9);
    if bottom_height < 6 || body.width < 60 {
        render_table(app, scenario, outcome, frame, body);
        return;
    }
    let [top, bottom] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(bottom_height)]).areas(body);
    if top.width >= 100 && top.height > table_height {
        // The table as wide as its columns whole (the chart keeps at least 40 columns),
        // so no column is dropped beside a stretched chart.
        let table_width = table_columns(app, months, months.len())
            .map_or(top.width * 2 / 5, |c| full_width(&c))
            .min(top.width - 40);
        let [chart, table] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Length(table_width)]).areas(top);
        render_chart(app, view, frame, chart);
        render_table(app, scenario, outcome, frame, table);
    } else {
        render_table(app, scenario, outcome, frame, top);
    }
    let [factors, actions] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(bottom);
    render_factors(app, months, frame, factors);
    render_actions(app, view, frame, actions);
}

/// A scenario as people read it, e.g. "borrow ¥5,000.00".
pub(crate) fn scenario_label(s: &Strings, currency: &str, scenario: &Outlook) -> String {
    let money = |amount: Decimal| format!("{currency}{}", crate::engine::money::grouped(amount));
    match scenario {
        Outlook::OnTime => s.scenario_on_time.to_string(),
        Outlook::Borrow(amount) => format!("{} {}", s.scenario_borrow, money(*amount)),
        Outlook::Prepay(amount) => format!("{} {}", s.scenario_prepay, money(*amount)),
        Outlook::Miss(days) => s.scenario_miss.replace("{n}", &days.to_string()),
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
    // The keys and the note, each whole on a line when it fits, else wrapped.
    let note = if width >= 80 {
        s.limit_estimate
    } else {
        s.estimate
    };
    let notes = s
        .limit_keys
        .split(" · ")
        .chain([note])
        .map(|text| vec![Span::styled(text.to_string(), t.muted)])
        .collect();
    lines.extend(super::rewrap(super::pack(notes, usize::from(width)), width));
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
    let block = Block::bordered().title(format!(" {} · {} ", s.limit_limit, s.estimate));
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
                .map(|(i, m)| (i as f64, as_f64(m.limit)))
                .collect()
        })
        .collect();
    let all = shown.iter().flat_map(|(_, _, p)| p.months.iter());
    let low = all.clone().map(|m| m.low).min().unwrap_or_default();
    let high = all
        .map(|m| m.high)
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
                .labels([cash(app, low.round_dp(0)), cash(app, high.round_dp(0))])
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
        Column::right(s.limit_score, 1, column(&|m| m.score.to_string())),
        Column::left(s.limit_grade, 2, column(&|m| m.grade.as_str().to_string())),
        Column::right(s.limit_limit, 0, column(&|m| cash(app, m.limit))),
        Column::left(
            s.limit_band,
            3,
            column(&|m| format!("{}–{}", cash(app, m.low), cash(app, m.high))),
        ),
    ])
}

/// The selected scenario's months, titled with its name so that ←/→ shows which; or
/// why it cannot apply.
fn render_table(
    app: &App,
    scenario: &Outlook,
    outcome: &Result<Projection, NotApplicable>,
    frame: &mut Frame,
    area: Rect,
) {
    let s = app.strings();
    let currency = &app.data().profile.currency;
    let title = format!(
        " {} {} · {} ",
        marker(scenario),
        scenario_label(s, currency, scenario),
        s.estimate
    );
    let months = match outcome {
        Ok(projection) => &projection.months,
        Err(why) => {
            let text = format!("{}: {}", s.limit_not_applicable, why.render(app.lang));
            frame.render_widget(
                Paragraph::new(wrapped(&text, area))
                    .style(app.theme.muted)
                    .block(Block::bordered().title(title)),
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
        block: Block::bordered().title(title),
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

/// What moves month 6 (or the last), led by the first payment past due by then with
/// its stage.
fn render_factors(app: &App, months: &[MonthProjection], frame: &mut Frame, area: Rect) {
    let s = app.strings();
    let block = Block::bordered().title(format!(" {} ", s.limit_factors));
    let inner = usize::from(area.width.saturating_sub(2));
    let month = months.get(6).or(months.last());
    let overdue = months
        .iter()
        .take(7)
        .find_map(|m| Some((m.month, m.overdue?)));
    let late = overdue.map(|(when, o)| {
        let stage = o.stage.name(app.lang);
        let text = s
            .limit_overdue
            .replace("{month}", &when.to_string())
            .replace("{n}", &o.days.to_string())
            .replace("{stage}", stage);
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
    // The figures whole and right-aligned, points and money each in a column; the
    // causes' names cut with … when short of room.
    let widest = |pick: fn(&(_, String, String)) -> &String| {
        effects.iter().map(|e| pick(e).width()).max().unwrap_or(0)
    };
    let (points_width, money_width) = (widest(|e| &e.1), widest(|e| &e.2));
    let room = inner.saturating_sub(points_width + 2 + money_width + 1);
    let lines = effects.into_iter().map(|(e, points, money)| {
        let style = if e.points < 0 || e.money < Decimal::ZERO {
            app.theme.overdue
        } else {
            app.theme.paid
        };
        let cause = super::text::ellipsize(e.cause.name(app.lang), room);
        let figures = format!(
            "{}{points}  {}{money}",
            " ".repeat(points_width - points.width()),
            " ".repeat(money_width - money.width())
        );
        Line::from(vec![
            Span::raw(super::text::pad(&cause, 22.min(room + 1))),
            Span::styled(figures, style),
        ])
    });
    let lines: Vec<Line> = late.into_iter().chain(lines).collect();
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn render_actions(app: &App, view: &LineProjection, frame: &mut Frame, area: Rect) {
    let s = app.strings();
    let block = Block::bordered().title(format!(" {} ", s.limit_actions));
    let lines: Vec<Line> = if view.suggestions.is_empty() {
        wrapped(s.limit_no_actions, area)
    } else {
        view.suggestions
            .iter()
            .flat_map(|suggestion| {
                wrapped(&format!("• {}", suggestion_text(app, suggestion)), area)
            })
            .collect()
    };
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// A suggestion in the interface language, from the engine's structured action.
fn suggestion_text(app: &App, suggestion: &Suggestion) -> String {
    let s = app.strings();
    let what = match &suggestion.action {
        SuggestedAction::PayDown {
            line,
            amount,
            below_percent,
        } => s
            .suggest_pay_down
            .replace("{line}", line)
            .replace("{pct}", &below_percent.to_string())
            .replace("{amount}", &cash(app, *amount)),
        SuggestedAction::CompleteProfile { from_percent } => s
            .suggest_profile
            .replace("{pct}", &from_percent.to_string()),
        SuggestedAction::BorrowRegularly {
            line,
            amount,
            every_months,
        } => s
            .suggest_borrow
            .replace("{line}", line)
            .replace("{n}", &every_months.to_string())
            .replace("{amount}", &cash(app, *amount)),
    };
    let gain = if suggestion.limit_gain > Decimal::ZERO {
        format!("+{}", cash(app, suggestion.limit_gain))
    } else {
        format!("+{} {}", suggestion.score_gain, s.points)
    };
    let when = s
        .suggest_gain
        .replace("{gain}", &gain)
        .replace("{month}", &suggestion.by.to_string());
    format!("{what}{}{when}", app.lang.colon())
}

#[cfg(test)]
mod tests {
    use super::table_months;

    #[test]
    fn the_table_shows_as_many_months_as_it_has_rows_for_ending_on_the_last() {
        assert_eq!(table_months(13, 20), (0..13).collect::<Vec<_>>());
        assert_eq!(table_months(13, 8), [0, 2, 4, 6, 8, 10, 12]);
        assert_eq!(table_months(13, 5), [0, 3, 6, 9, 12]);
        assert_eq!(table_months(13, 4), [0, 4, 8, 12]);
        assert_eq!(table_months(13, 1), [0]);
        assert!(table_months(13, 0).is_empty());
        assert!(table_months(0, 5).is_empty());
    }
}
