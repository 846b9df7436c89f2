//! The what-if simulator: the scenario's actions, and baseline against scenario for
//! every figure, redrawn on each adjustment.

use super::columns::{Column, Fitted, full_width};
use super::{cash, pack, rewrap, rewrap_hanging, wrapped};
use crate::engine::loan::FieldError;
use crate::engine::money::round_dp;
use crate::language::fill;
use crate::simulate::{Comparison, PayoffPlan, PlanError, Refinance};
use crate::store::WhatIf;
use crate::tui::app::App;
use crate::tui::i18n;
use crate::tui::sim::SimState;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Chart, Dataset, GraphType, Paragraph, TableState};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use unicode_width::UnicodeWidthStr;

/// Months the chart and table cover.
const MONTHS_SHOWN: usize = 24;
/// The chart's rows kept below the summary: its frame, axis and labels, and a plot.
const CHART_MIN: u16 = 8;
/// Months of the table kept on a small screen before the summary's last entries.
const TABLE_MIN_ROWS: u16 = 3;

/// Draw the simulator into `area`.
///
/// Layout rule. First the what-ifs with the keys for the selected one (at most a third
/// of the height; with none yet, how to add one, or only the add keys where that takes
/// more). Where a what-if cannot apply, its reason next ("not applicable",
/// as tall as its lines), and the rest below for the other what-ifs. Then, with or
/// without what-ifs, from 90×16 left: on the left the summary,
/// every entry while the 24-month chart below it keeps [`CHART_MIN`] rows, and the
/// chart the rest (it draws the table's figures, so it gives way to the summary); the
/// month table on the right, as wide as its columns (at most two fifths of the width)
/// and as tall as its rows (below it, the rows it does not need stay empty: there is
/// nothing more to show). Smaller: the summary's entries in their
/// order (interest, payoff, savings, plans, limit, changed loans, warnings,
/// refinancing, cards), each whole or not at all, as many as leave the month table three
/// months, but for the budget's plans while it is selected: those are kept before the
/// entries above them, in short (the two plans alone) where whole they do not fit; the
/// table takes the rest. On a screen too short for both, the summary only.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let s = app.strings();
    let Some(sim) = &app.sim else { return };
    let body = if sim.items.is_empty() {
        // How to start, in full where it takes at most a third of the screen, else
        // the add keys alone: the figures below matter more.
        let inner = area.width.saturating_sub(2);
        let intro = rewrap(vec![Line::raw(s.sim_empty)], inner);
        let intro = if intro.len() + 2 <= usize::from(area.height / 3) {
            intro
        } else {
            let keys = s.sim_keys_add.split(" · ");
            pack(
                keys.map(|k| vec![Span::raw(k.to_string())]).collect(),
                usize::from(inner),
            )
        };
        let height = u16::try_from(intro.len() + 2).unwrap_or(area.height);
        let [items, body] =
            Layout::vertical([Constraint::Length(height), Constraint::Fill(1)]).areas(area);
        let lines: Vec<Line> = intro
            .into_iter()
            .map(|l| l.style(app.theme.muted))
            .collect();
        let block = super::titled(&title(app, sim), items.width);
        frame.render_widget(Paragraph::new(lines).block(block), items);
        body
    } else {
        let wanted = item_lines(app, sim, area.width.saturating_sub(2)).len() + 2;
        let items_height = u16::try_from(wanted)
            .unwrap_or(u16::MAX)
            .min(area.height / 3)
            .max(4);
        let [items, body] =
            Layout::vertical([Constraint::Length(items_height), Constraint::Fill(1)]).areas(area);
        render_items(app, sim, frame, items);
        body
    };
    let (comparison, body) = match (&sim.comparison, &sim.others) {
        (Ok(comparison), _) => (comparison, body),
        (Err(problem), others) => {
            // The reasons as tall as their lines, each led by its what-if when there are
            // others; the other what-ifs' figures below them.
            let reason = |why| i18n::field_error(app.lang, why);
            let texts: Vec<String> = match sim.not_applicable.as_slice() {
                [] => vec![reason(problem)],
                [(_, why)] if sim.items.len() == 1 => vec![reason(why)],
                each => (each.iter())
                    .map(|(item, why)| {
                        format!("{} — {}", item_label(app, &sim.items[*item]), reason(why))
                    })
                    .collect(),
            };
            let lines: Vec<Line> = texts.iter().flat_map(|t| wrapped(t, body)).collect();
            let height = u16::try_from(lines.len() + 2).map_or(body.height, |h| h.min(body.height));
            let [reason, rest] =
                Layout::vertical([Constraint::Length(height), Constraint::Fill(1)]).areas(body);
            let title = format!(" {} ", app.strings().limit_not_applicable);
            frame.render_widget(
                Paragraph::new(lines)
                    .style(app.theme.error)
                    .block(super::titled(&title, reason.width)),
                reason,
            );
            match others {
                Some(comparison) => (comparison, rest),
                None => return,
            }
        }
    };
    let roomy = body.width >= 90 && body.height >= 16;
    if !roomy {
        // The summary's entries whole, as many as leave the month table room for
        // TABLE_MIN_ROWS months (or all of them, when that leaves it none).
        let entries = summary(app, sim, comparison, body.width);
        let table_min = 3 + TABLE_MIN_ROWS;
        let room = if body.height >= table_min + 3 {
            body.height - table_min
        } else {
            body.height
        };
        let shown = whole_entries(app, entries, body.width, room);
        let height = u16::try_from(shown.len()).unwrap_or(body.height);
        let [facts, table] =
            Layout::vertical([Constraint::Length(height), Constraint::Fill(1)]).areas(body);
        frame.render_widget(Paragraph::new(shown), facts);
        if table.height >= table_min {
            render_table(app, comparison, frame, table);
        }
        return;
    }
    // The table no wider than its columns: what it does not need goes to the left.
    let table_width = full_width(&month_table(app, comparison).columns).min(body.width * 2 / 5);
    let [left, right] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(table_width)]).areas(body);
    // The facts take what they need, leaving the chart CHART_MIN rows; the chart the rest.
    let inner = left.width.saturating_sub(2);
    let entries = summary(app, sim, comparison, inner);
    let all: usize = (entries.iter())
        .map(|e| rewrap_hanging(e.lines.clone(), inner, HANG).len())
        .sum();
    let facts_height = u16::try_from(all + 2)
        .unwrap_or(u16::MAX)
        .max(8)
        .min(left.height.saturating_sub(CHART_MIN));
    let facts_lines = whole_entries(app, entries, inner, facts_height.saturating_sub(2));
    let [facts, chart] =
        Layout::vertical([Constraint::Length(facts_height), Constraint::Fill(1)]).areas(left);
    frame.render_widget(Paragraph::new(facts_lines).block(Block::bordered()), facts);
    render_chart(app, comparison, frame, chart);
    render_table(app, comparison, frame, right);
}

pub(super) fn item_label(app: &App, item: &WhatIf) -> String {
    let s = app.strings();
    let data = app.data();
    let loan_name = |id: &str| {
        data.loan(id)
            .map_or_else(String::new, |l| format!("{} {}", l.id, l.name))
    };
    match item {
        WhatIf::Prepay { loan, amount, mode } => {
            let mode = match mode {
                crate::engine::schedule::PrepayMode::Shorten => s.mode_shorten,
                crate::engine::schedule::PrepayMode::Reduce => s.mode_reduce,
            };
            format!(
                "{} {} · {} · {mode}",
                s.sim_prepay,
                cash(app, *amount),
                loan_name(loan)
            )
        }
        WhatIf::Borrow { line, amount, term } => {
            let line = line.as_deref().unwrap_or(s.sim_no_line);
            let months = s.months(*term);
            format!(
                "{} {} · {months} · {line}",
                s.sim_borrow,
                cash(app, *amount)
            )
        }
        WhatIf::Late { loan, days } => {
            format!("{} {} · {}", s.sim_late, s.days(*days), loan_name(loan))
        }
        WhatIf::Budget { amount } => format!("{} {}", s.sim_budget, cash(app, *amount)),
    }
}

/// The box title: the simulator, and the saved scenario's name when it has one.
fn title(app: &App, sim: &SimState) -> String {
    match &sim.name {
        Some(name) => format!(" {} · {name} ", app.strings().sim_title),
        None => format!(" {} ", app.strings().sim_title),
    }
}

/// The what-ifs' box: its lines when it has all the room it wants.
fn item_lines(app: &App, sim: &SimState, width: u16) -> ItemLines {
    let s = app.strings();
    let items = sim
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let selected = i == sim.selected;
            let label = item_label(app, item);
            let text = match format!("‹ {label} ›") {
                // The closing mark goes first when short of room.
                framed if selected && framed.width() <= usize::from(width) => framed,
                _ if selected => format!("‹ {label}"),
                _ => format!("  {label}"),
            };
            let style = if selected {
                app.theme.highlight
            } else {
                Style::new()
            };
            // The kind and amount lead, so a cut falls on the loan's name or the mode.
            Line::styled(super::text::ellipsize(&text, usize::from(width)), style)
        })
        .collect();
    // Each key's hint whole on a line, so none is split.
    let hints = keys_hint(app, sim.items.get(sim.selected))
        .into_iter()
        .map(|hint| vec![Span::styled(hint, app.theme.muted)]);
    ItemLines {
        items,
        hints: pack(hints.collect(), usize::from(width)),
        scenario: rewrap(
            vec![Line::styled(s.sim_keys_scenario, app.theme.muted)],
            width,
        ),
    }
}

struct ItemLines {
    items: Vec<Line<'static>>,
    hints: Vec<Line<'static>>,
    scenario: Vec<Line<'static>>,
}

impl ItemLines {
    fn len(&self) -> usize {
        self.items.len() + self.hints.len() + self.scenario.len()
    }
}

/// Layout rule of the what-ifs' box: the selected what-if and what the keys do to it
/// first; then the others around it, with a count of those that do not fit; then the
/// scenario's keys (save, open, discard, apply).
fn render_items(app: &App, sim: &SimState, frame: &mut Frame, area: Rect) {
    let width = area.width.saturating_sub(2);
    let rows = usize::from(area.height.saturating_sub(2));
    let ItemLines {
        items,
        hints,
        scenario,
    } = item_lines(app, sim, width);
    let room = rows.saturating_sub(hints.len()).max(1);
    let mut position = String::new();
    let mut lines = if items.len() <= room {
        items
    } else {
        // A window around the selected one, and a line counting the rest.
        let window = room.saturating_sub(1).max(1);
        let first = sim
            .selected
            .saturating_sub(window / 2)
            .min(items.len() - window);
        let hidden = items.len() - window;
        let more = fill(app.strings().more, &[("n", &hidden.to_string())]);
        let mut shown: Vec<Line> = items.into_iter().skip(first).take(window).collect();
        if room > window {
            shown.push(Line::styled(format!("  … {more}"), app.theme.muted));
        } else {
            // No row for the count: the title says which of how many this is.
            position = format!("{}/{} ", sim.selected + 1, sim.items.len());
        }
        shown
    };
    let fits = lines.len() + hints.len() + scenario.len() <= rows;
    lines.extend(hints);
    if fits {
        lines.extend(scenario);
    }
    frame.render_widget(
        Paragraph::new(lines).block(super::titled(&(title(app, sim) + &position), area.width)),
        area,
    );
}

/// What the keys do to the selected what-if: ←/→ step its amount or its days late, `t`
/// moves it to another loan or line, `m` switches a prepayment's mode.
fn keys_hint(app: &App, item: Option<&WhatIf>) -> Vec<String> {
    use crate::tui::sim::{AMOUNT_STEP, BIG_STEPS, DAYS_STEP};
    let s = app.strings();
    let steps = |template: &str, step: String, big: String| {
        fill(template, &[("step", &step), ("big", &big)])
    };
    let amount = || {
        let big = AMOUNT_STEP * rust_decimal::Decimal::from(BIG_STEPS);
        let whole = |x| {
            crate::engine::money::grouped(x)
                .trim_end_matches(".00")
                .to_string()
        };
        steps(s.sim_keys_amount, whole(AMOUNT_STEP), whole(big))
    };
    let parts: Vec<String> = match item {
        Some(WhatIf::Prepay { .. }) => {
            vec![amount(), s.sim_keys_loan.into(), s.sim_keys_mode.into()]
        }
        Some(WhatIf::Borrow { .. }) => vec![amount(), s.sim_keys_line.into()],
        Some(WhatIf::Late { .. }) => vec![
            steps(
                s.sim_keys_days,
                s.days(DAYS_STEP),
                s.days(DAYS_STEP * u32::try_from(BIG_STEPS).unwrap_or(10)),
            ),
            s.sim_keys_loan.into(),
        ],
        Some(WhatIf::Budget { .. }) => vec![amount()],
        None => Vec::new(),
    };
    parts
        .into_iter()
        .chain(s.sim_keys_common.split(" · ").map(String::from))
        .collect()
}

/// The headline: interest and payoff without and with the scenario, what it saves, the
/// payoff plans, each line's limit, the changed loans, the debt-to-income warnings,
/// moving the selected loan to a cheaper line and what paying only a card's minimum
/// takes.
fn summary(app: &App, sim: &SimState, c: &Comparison, width: u16) -> Vec<Entry> {
    let s = app.strings();
    let t = &app.theme;
    let payoff =
        |date: Option<chrono::NaiveDate>| date.map_or(s.sim_never.to_string(), |d| d.to_string());
    let colon = app.lang.colon();
    let mut lines = vec![
        Line::from(format!(
            "{}{colon}{} {} → {} {}",
            s.sim_total_interest,
            s.sim_baseline_inline,
            cash(app, c.baseline.total_interest),
            s.sim_scenario_inline,
            cash(app, c.scenario.total_interest)
        )),
        Line::from(format!(
            "{}{colon}{} → {}",
            s.sim_payoff,
            payoff(c.baseline.payoff_date),
            payoff(c.scenario.payoff_date)
        )),
    ];
    let (word, style) = if c.interest_saved() < Decimal::ZERO {
        (s.sim_costs, t.overdue)
    } else {
        (s.sim_saves, t.paid)
    };
    lines.push(Line::from(Span::styled(
        format!("{word} {}", cash(app, c.interest_saved().abs())),
        style.add_modifier(ratatui::style::Modifier::BOLD),
    )));
    // Each line is an entry, but for the plans: their heading goes with them. They
    // follow the interest and payoff they compare with, before the entries a budget
    // does not move, so that a screen short of rows keeps what the budget asked for;
    // with the budget selected they are kept first, in short where they do not fit.
    let mut entries: Vec<Entry> = lines.drain(..).map(Entry::line).collect();
    if let Some(plans) = &c.plans {
        let mut plan_lines = vec![Line::styled(s.sim_plans, t.accent)];
        plan_lines.push(Line::raw(format!(
            "  {}{colon}{} · {}",
            s.sim_minimums,
            cash(app, c.scenario.total_interest),
            payoff(c.scenario.payoff_date)
        )));
        // In short, the two plans alone: the minimums are the "with" figures above.
        let mut short = Vec::new();
        for (label, short_label, plan) in [
            (s.sim_avalanche, s.sim_avalanche_short, &plans.avalanche),
            (s.sim_snowball, s.sim_snowball_short, &plans.snowball),
        ] {
            let text = plan_text(app, plan);
            plan_lines.push(Line::raw(format!("  {label}{colon}{text}")));
            short.push(Line::raw(format!("{short_label}{colon}{text}")));
        }
        let selected = sim.items.get(sim.selected);
        entries.push(Entry {
            lines: plan_lines,
            short,
            leads: matches!(selected, Some(WhatIf::Budget { .. })),
        });
    }
    for limit in &sim.limit {
        lines.push(Line::from(format!(
            "{} ≈ {} → {}",
            fill(
                s.sim_limit,
                &[
                    ("line", &limit.line),
                    ("months", &s.months(crate::simulate::LIMIT_EFFECT_MONTHS))
                ]
            ),
            cash(app, limit.baseline),
            cash(app, limit.scenario),
        )));
    }
    for change in &c.changed {
        let date = payoff(change.scenario.payoff_date);
        let before = change
            .baseline
            .as_ref()
            .map_or(String::new(), |b| format!("{} → ", payoff(b.payoff_date)));
        // A borrowing is a loan the engine names in English; it is named here as
        // applying it would name it.
        let name = match change.baseline {
            Some(_) => change.scenario.name.as_str(),
            None => s.sim_new_loan,
        };
        lines.push(Line::styled(
            format!("{} {name}{colon}{before}{date}", change.scenario.id),
            t.muted,
        ));
    }
    let alerts = c.dti_alerts().count();
    if alerts > 0 {
        let text = fill(
            s.sim_dti_warning,
            &[("pct", &c.dti_warning.normalize().to_string())],
        );
        lines.push(Line::styled(format!("! {alerts} {text}"), t.overdue));
    }
    if let Some((loan, refinance)) = &sim.refinance {
        lines.push(refinance_line(app, loan, refinance, width));
    }
    entries.extend(lines.into_iter().map(Entry::line));
    for (name, disclosure) in &sim.disclosures {
        let only = &disclosure.minimum_only;
        let months = only.months.map_or(s.sim_never.to_string(), |n| s.months(n));
        let text = fill(
            s.sim_min_only,
            &[
                ("name", name),
                ("months", &months),
                ("interest", &cash(app, only.total_interest)),
            ],
        );
        entries.push(Entry::line(Line::styled(text, t.muted)));
    }
    entries
}

/// One entry of the summary: its lines, shown together or not at all.
struct Entry {
    lines: Vec<Line<'static>>,
    /// The entry in short, shown where it does not fit whole (empty: none).
    short: Vec<Line<'static>>,
    /// Kept before the entries above it on a screen short of rows: what the selected
    /// what-if asks for.
    leads: bool,
}

impl Entry {
    fn line(line: Line<'static>) -> Entry {
        Entry {
            lines: vec![line],
            short: Vec::new(),
            leads: false,
        }
    }
}

/// How much deeper a summary entry's wrapped lines are indented than its first, so
/// that each reads as one entry.
const HANG: usize = 2;

/// The summary's entries wrapped to `width`, as many as fit in `height` rows, each
/// whole, in short, or not at all (a small screen loses the last entries that do not
/// fit, never half a figure; one that leads is kept, in short where need be, before
/// those above it); those left out are counted, "… +N more": after the last entry
/// shown when its last line has room for it, else on a line of its own.
fn whole_entries(app: &App, entries: Vec<Entry>, width: u16, height: u16) -> Vec<Line<'static>> {
    let height = usize::from(height);
    let wrap = |lines: Vec<Line<'static>>| rewrap_hanging(lines, width, HANG);
    let wrapped: Vec<(Vec<Line<'static>>, Vec<Line<'static>>, bool)> = entries
        .into_iter()
        .map(|e| (wrap(e.lines), wrap(e.short), e.leads))
        .collect();
    if wrapped.iter().map(|e| e.0.len()).sum::<usize>() <= height {
        return wrapped.into_iter().flat_map(|e| e.0).collect();
    }
    // The entries in order, each whole or in short, an entry too tall passed over for a
    // later one that fits, so no row is left empty while one is left out; the rows the
    // one that leads needs at least are held for it until its turn.
    let lead = wrapped.iter().position(|e| e.2);
    let least = |i: usize| {
        let (whole, short, _) = &wrapped[i];
        if short.is_empty() { whole } else { short }.len()
    };
    let fitted = |mut room: usize| {
        let mut held = lead.map_or(0, least);
        if held > room {
            held = 0;
        }
        room -= held;
        let mut shown: Vec<Line<'static>> = Vec::new();
        let mut hidden = 0;
        for (i, (whole, short, _)) in wrapped.iter().enumerate() {
            if Some(i) == lead {
                room += held;
            }
            let fits = [whole, short]
                .into_iter()
                .find(|lines| !lines.is_empty() && lines.len() <= room);
            match fits {
                Some(lines) => {
                    room -= lines.len();
                    shown.extend(lines.iter().cloned());
                }
                None => hidden += 1,
            }
        }
        (shown, hidden)
    };
    let count = |hidden: usize| {
        let more = fill(app.strings().more, &[("n", &hidden.to_string())]);
        Span::styled(format!("… {more}"), app.theme.muted)
    };
    // The count on a row of its own…
    let (mut shown, hidden) = fitted(height.saturating_sub(1));
    if shown.len() + 1 < height {
        // …unless no entry fills the rows above it: then every row to the entries,
        // the count after the last one's figure where its line has room.
        let (mut all_rows, hidden) = fitted(height);
        let gap = "  ";
        if let Some(last) = all_rows.last_mut() {
            let count = count(hidden);
            if last.width() + gap.width() + count.width() <= usize::from(width) {
                last.spans.extend([Span::raw(gap), count]);
                return all_rows;
            }
        }
    }
    if height > 0 {
        shown.push(Line::from(count(hidden)));
    }
    shown
}

/// Whether moving loan `loan` to the cheapest line with room saves or costs;
/// in short, naming only the line, when the whole does not fit in `width`.
fn refinance_line(
    app: &App,
    loan: &str,
    refinance: &Result<Option<Refinance>, FieldError>,
    width: u16,
) -> Line<'static> {
    let s = app.strings();
    let t = &app.theme;
    let name = (app.data().loan(loan)).map_or_else(String::new, |l| format!("{} {}", l.id, l.name));
    match refinance {
        Ok(Some(r)) => {
            let (verdict, style) = if r.saves() {
                (s.sim_saves, t.paid)
            } else {
                (s.sim_costs, t.overdue)
            };
            let long = fill(s.sim_refinance, &[("loan", &name)]);
            let template = if long.width() > usize::from(width) {
                s.sim_refinance_short
            } else {
                &long
            };
            let text = fill(
                template,
                &[
                    ("apr", &format!("{}%", r.loan_apr)),
                    ("line", &r.line),
                    ("line_apr", &format!("{}%", r.line_apr)),
                    ("verdict", verdict),
                    ("amount", &cash(app, r.interest_saved.abs())),
                ],
            );
            Line::styled(text, style)
        }
        Ok(None) => Line::styled(fill(s.sim_no_refinance, &[("loan", &name)]), t.muted),
        Err(problem) => Line::styled(i18n::field_error(app.lang, problem), t.error),
    }
}

fn plan_text(app: &App, plan: &Result<PayoffPlan, PlanError>) -> String {
    let s = app.strings();
    match plan {
        Ok(plan) => format!(
            "{} · {}",
            cash(app, plan.summary.total_interest),
            plan.summary
                .payoff_date
                .map_or(s.sim_never.to_string(), |d| d.to_string())
        ),
        Err(PlanError::Infeasible(_)) => s.sim_infeasible.to_string(),
        Err(PlanError::Scenario(problem)) => i18n::field_error(app.lang, problem),
    }
}

fn render_chart(app: &App, c: &Comparison, frame: &mut Frame, area: Rect) {
    let s = app.strings();
    // Plotting only: the figures stay Decimal.
    let series = |pick: fn(&crate::simulate::MonthFigures) -> Decimal| -> Vec<(f64, f64)> {
        c.months
            .iter()
            .take(MONTHS_SHOWN)
            .enumerate()
            .map(|(i, m)| (i as f64, pick(m).to_f64().unwrap_or(0.0)))
            .collect()
    };
    let (baseline, scenario) = (series(|m| m.baseline), series(|m| m.scenario));
    let high = c
        .months
        .iter()
        .take(MONTHS_SHOWN)
        .map(|m| m.baseline.max(m.scenario))
        .max()
        .unwrap_or_default()
        .max(Decimal::ONE);
    let line = |name, style, data| {
        Dataset::default()
            .name(name)
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(style)
            .data(data)
    };
    let datasets = vec![
        line(s.sim_baseline, app.theme.muted, &baseline),
        line(s.sim_scenario, app.theme.highlight, &scenario),
    ];
    let chart = Chart::new(datasets)
        .block(Block::bordered().title(format!(" {} ", s.sim_chart)))
        .x_axis(
            Axis::default()
                .bounds([0.0, MONTHS_SHOWN as f64])
                .labels(["0", "12", "24"])
                .style(app.theme.muted),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, high.to_f64().unwrap_or(1.0)])
                .labels(["0".to_string(), cash(app, round_dp(high, 0))])
                .style(app.theme.muted),
        )
        .hidden_legend_constraints((Constraint::Ratio(1, 2), Constraint::Ratio(1, 2)));
    frame.render_widget(chart, area);
}

fn render_table(app: &App, c: &Comparison, frame: &mut Frame, area: Rect) {
    let table = month_table(app, c);
    // Every month shown leaves the rows it does not need below the table.
    let area = table.sized(area);
    table.render(frame, area, &mut TableState::default());
}

/// The minimum due month by month, without and with the scenario, and its
/// debt-to-income.
fn month_table(app: &App, c: &Comparison) -> Fitted<'static> {
    let s = app.strings();
    let shown: Vec<_> = c.months.iter().take(MONTHS_SHOWN).collect();
    let dti = |r: Option<Decimal>| r.map_or(String::new(), |r| format!("{}%", round_dp(r, 0)));
    let styles = shown
        .iter()
        .map(|m| {
            if m.scenario_dti.is_some_and(|r| r > c.dti_warning) {
                app.theme.overdue
            } else {
                Style::new()
            }
        })
        .collect();
    Fitted {
        block: Block::bordered(),
        columns: vec![
            Column::left(
                s.limit_month,
                0,
                shown.iter().map(|m| m.month.to_string()).collect(),
            ),
            Column::right(
                s.sim_baseline,
                0,
                shown.iter().map(|m| cash(app, m.baseline)).collect(),
            ),
            Column::right(
                s.sim_scenario,
                0,
                shown.iter().map(|m| cash(app, m.scenario)).collect(),
            ),
            Column::right(
                s.sim_dti,
                1,
                shown.iter().map(|m| dti(m.scenario_dti)).collect(),
            ),
        ],
        row_styles: styles,
        header_style: app.theme.header,
        highlight: None,
    }
}
