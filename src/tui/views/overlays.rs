//! What opens on top of a view: the help, a form, a confirmation, the saved scenarios.

use super::cash;
use super::text::{pad, wrap};
use crate::simulate::{Enacted, Enactment};
use crate::tui::app::{App, Overlay, RowRef};
use crate::tui::form::Form;
use crate::tui::i18n::Strings;
use crate::tui::keymap::Action;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

/// Draw the overlay, if any, over `area`.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    match &app.overlay {
        Overlay::None => {}
        Overlay::Help => render_help(app, frame, area),
        Overlay::Form(form) => render_form(app, form, frame, area),
        Overlay::ConfirmDelete(row) => render_confirm(app, *row, frame, area),
        Overlay::ConfirmOverwrite(name) => {
            let s = app.strings();
            let question = s.confirm_overwrite.replace("{name}", name);
            render_question(app, &question, s.confirm_overwrite_keys, frame, area);
        }
        Overlay::Scenarios { selected, deleting } => {
            render_scenarios(app, *selected, *deleting, frame, area)
        }
        Overlay::ConfirmApply { enactment, offset } => {
            render_apply(app, enactment, *offset, frame, area)
        }
    }
}

/// A box of at most `width`×`height` centred in `area`.
fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

/// Blank `popup` for an overlay. A wide (CJK) character just left of it would spill into
/// its border, so it is blanked too.
fn clear(frame: &mut Frame, popup: Rect) {
    frame.render_widget(Clear, popup);
    let Some(x) = popup.x.checked_sub(1) else {
        return;
    };
    let buffer = frame.buffer_mut();
    for y in popup.top()..popup.bottom() {
        let cell = &mut buffer[(x, y)];
        if cell.symbol().width() > 1 {
            cell.set_symbol(" ");
        }
    }
}

/// The help's lines: what each group of actions does, from the live key bindings. Every
/// action is in exactly one group, so each key shows once, under what it does.
pub fn help_groups(s: &Strings) -> [(&'static str, &'static [Action]); 25] {
    [
        (
            s.key_views,
            &[
                Action::NextView,
                Action::PreviousView,
                Action::Dashboard,
                Action::LoanDetail,
                Action::Payments,
                Action::Limit,
                Action::Simulate,
            ],
        ),
        (
            s.key_move,
            &[Action::Up, Action::Down, Action::Left, Action::Right],
        ),
        (s.key_top_bottom, &[Action::Top, Action::Bottom]),
        (s.key_page, &[Action::PageUp, Action::PageDown]),
        (s.key_open, &[Action::Open]),
        (s.key_back, &[Action::Back]),
        (s.key_sort, &[Action::Sort, Action::ReverseSort]),
        (s.key_add_loan, &[Action::AddLoan]),
        (s.key_add_revolving, &[Action::AddRevolving]),
        (s.key_edit, &[Action::Edit]),
        (s.key_delete, &[Action::Delete]),
        (s.key_pay, &[Action::Pay]),
        (s.key_undo, &[Action::Undo]),
        (
            s.key_sim_add,
            &[
                Action::SimPrepay,
                Action::SimBorrow,
                Action::SimLate,
                Action::SimBudget,
            ],
        ),
        (s.key_big, &[Action::BigLeft, Action::BigRight]),
        (s.key_sim_target, &[Action::SimTarget]),
        (s.key_sim_mode, &[Action::SimMode]),
        (s.key_sim_dti, &[Action::SimDtiDown, Action::SimDtiUp]),
        (s.key_sim_save, &[Action::SimSave]),
        (s.key_sim_load, &[Action::SimLoad]),
        (s.key_sim_discard, &[Action::SimDiscard]),
        (s.key_sim_apply, &[Action::SimApply]),
        (s.key_export_calendar, &[Action::ExportCalendar]),
        (s.key_help, &[Action::Help]),
        (s.key_quit, &[Action::Quit]),
    ]
}

fn render_help(app: &App, frame: &mut Frame, area: Rect) {
    let s = app.strings();
    let keys = app.keymap.keys_by_action();
    let popup = centered(area, 72, area.height);
    let inner_width = usize::from(popup.width.saturating_sub(2));
    // Side by side when there is room; else each description under its keys.
    let side_by_side = inner_width >= 56;
    let mut lines: Vec<Line> = Vec::new();
    for (what, actions) in help_groups(s) {
        let bound: Vec<String> = actions
            .iter()
            .flat_map(|a| keys.get(a).cloned().unwrap_or_default())
            .collect();
        let bound = bound.join(" ");
        if side_by_side {
            // Long descriptions continue under themselves, not under the keys.
            for (i, part) in wrap(what, inner_width - 24).into_iter().enumerate() {
                let keys = if i == 0 {
                    pad(&bound, 24)
                } else {
                    " ".repeat(24)
                };
                lines.push(Line::from(vec![
                    Span::styled(keys, app.theme.accent),
                    Span::raw(part),
                ]));
            }
        } else {
            lines.push(Line::styled(bound, app.theme.accent));
            lines.extend(
                wrap(what, inner_width.saturating_sub(2))
                    .into_iter()
                    .map(|l| Line::raw(format!("  {l}"))),
            );
        }
    }
    for note in [s.key_mouse, s.help_close] {
        lines.extend(
            wrap(note, inner_width)
                .into_iter()
                .map(|l| Line::styled(l, app.theme.muted)),
        );
    }
    let height = u16::try_from(lines.len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let popup = centered(area, 72, height);
    // Scrolls when it does not fit; the app keeps the offset within what can scroll.
    let visible = usize::from(popup.height.saturating_sub(2));
    let last = lines.len().saturating_sub(visible);
    app.hits.help.set((visible, last));
    let offset = app.help_offset.min(last);
    clear(frame, popup);
    let more = if offset + visible < lines.len() {
        " ↓"
    } else {
        ""
    };
    let block = Block::bordered().title(format!(" {}{more} ", s.help_title));
    frame.render_widget(Paragraph::new(lines.split_off(offset)).block(block), popup);
}

fn form_title(s: &Strings, form: &Form) -> &'static str {
    use crate::tui::form::FormKind;
    match form.kind {
        FormKind::AddLoan => s.form_add_loan,
        FormKind::EditLoan(_) => s.form_edit_loan,
        FormKind::AddRevolving => s.form_add_revolving,
        FormKind::EditRevolving(_) => s.form_edit_revolving,
        FormKind::Pay => s.form_pay,
        FormKind::SaveScenario => s.form_save_scenario,
    }
}

fn render_form(app: &App, form: &Form, frame: &mut Frame, area: Rect) {
    let s = app.strings();
    let t = &app.theme;
    let popup_width = 70.min(area.width);
    let inner_width = usize::from(popup_width.saturating_sub(2));
    let label_width = form
        .fields
        .iter()
        .map(|f| (f.label)(s).width())
        .max()
        .unwrap_or(0)
        + 1;
    let stacked = inner_width < label_width + 24;
    let mut lines = Vec::new();
    let mut focus_line = 0;
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        if focused {
            focus_line = lines.len();
        }
        let marker = match (&form.problem, focused) {
            (Some((at, _)), _) if *at == i => Span::styled("!", t.overdue),
            (_, true) => Span::styled("›", t.accent),
            _ => Span::raw(" "),
        };
        let mut value = field.display(s);
        if focused && !field.is_choice() {
            value.push('▏');
        }
        let value_style = if focused {
            t.highlight
        } else {
            ratatui::style::Style::new()
        };
        if stacked {
            // Narrow: each value on its own line under its label.
            lines.push(Line::from(vec![
                marker,
                Span::raw(format!(" {}", (field.label)(s))),
            ]));
            lines.push(Line::from(vec![
                Span::raw("   "),
                Span::styled(value, value_style),
            ]));
        } else {
            let label = Span::raw(format!(" {}", pad((field.label)(s), label_width)));
            lines.push(Line::from(vec![
                marker,
                label,
                Span::styled(value, value_style),
            ]));
        }
        if let Some((at, problem)) = &form.problem
            && *at == i
        {
            let wrapped = wrap(problem, inner_width.saturating_sub(5));
            lines.extend(
                wrapped
                    .into_iter()
                    .map(|l| Line::styled(format!("   ! {l}"), t.overdue)),
            );
        }
    }
    lines.push(Line::raw(""));
    lines.extend(
        wrap(s.form_hint, inner_width)
            .into_iter()
            .map(|l| Line::styled(l, t.muted)),
    );
    let height = u16::try_from(lines.len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let popup = centered(area, popup_width, height);
    // Keep the focused field in view when the form is taller than the screen.
    let visible = usize::from(popup.height.saturating_sub(2));
    let offset = focus_line
        .saturating_sub(visible / 2)
        .min(lines.len().saturating_sub(visible));
    clear(frame, popup);
    let block = Block::bordered()
        .title(format!(" {} ", form_title(s, form)))
        .border_style(t.accent);
    frame.render_widget(Paragraph::new(lines.split_off(offset)).block(block), popup);
}

fn render_confirm(app: &App, row: RowRef, frame: &mut Frame, area: Rect) {
    let s = app.strings();
    let Ok(overview) = &app.overview else { return };
    let (id, name) = match row {
        RowRef::Loan(i) => (&overview.loans[i].id, &overview.loans[i].name),
        RowRef::Revolving(i) => (&overview.revolving[i].id, &overview.revolving[i].name),
    };
    let payments = app.data().payments_for(id).count();
    let question = format!(
        "{} {id} {name}? ({payments} × {})",
        s.confirm_delete, s.view_payments
    );
    render_question(app, &question, s.confirm_keys, frame, area);
}

/// A yes/no question in a small box.
fn render_question(app: &App, question: &str, keys: &str, frame: &mut Frame, area: Rect) {
    let width = 60.min(area.width);
    let inner = usize::from(width.saturating_sub(2));
    let mut lines: Vec<Line> = wrap(question, inner).into_iter().map(Line::from).collect();
    lines.extend(
        wrap(keys, inner)
            .into_iter()
            .map(|l| Line::styled(l, app.theme.muted)),
    );
    let popup = centered(
        area,
        width,
        u16::try_from(lines.len() + 2).unwrap_or(u16::MAX),
    );
    clear(frame, popup);
    let block = Block::bordered().border_style(app.theme.overdue);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}

/// The saved scenarios: ↑/↓ pick one, Enter opens it, d deletes it (after y).
fn render_scenarios(app: &App, selected: usize, deleting: bool, frame: &mut Frame, area: Rect) {
    let s = app.strings();
    let t = &app.theme;
    let width = 60.min(area.width);
    let inner = usize::from(width.saturating_sub(2));
    let scenarios = &app.data().scenarios;
    let mut list: Vec<Line> = scenarios
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let text = format!("{} ({})", x.name, x.actions.len());
            if i == selected {
                Line::styled(format!("› {text}"), t.highlight)
            } else {
                Line::raw(format!("  {text}"))
            }
        })
        .collect();
    if scenarios.is_empty() {
        list.extend(
            wrap(s.scenarios_empty, inner)
                .into_iter()
                .map(|l| Line::styled(l, t.muted)),
        );
    }
    let footer: Vec<Line> = match scenarios.get(selected).filter(|_| deleting) {
        Some(x) => wrap(&s.confirm_delete_scenario.replace("{name}", &x.name), inner)
            .into_iter()
            .map(|l| Line::styled(l, t.overdue))
            .collect(),
        None => wrap(s.scenarios_hint, inner)
            .into_iter()
            .map(|l| Line::styled(l, t.muted))
            .collect(),
    };
    let height = u16::try_from(list.len() + footer.len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let popup = centered(area, width, height);
    // Keep the highlighted scenario in view above the footer.
    let visible = usize::from(popup.height.saturating_sub(2)).saturating_sub(footer.len());
    let offset = (selected + 1).saturating_sub(visible.max(1));
    let mut lines: Vec<Line> = list.into_iter().skip(offset).take(visible).collect();
    lines.extend(footer);
    clear(frame, popup);
    let block = Block::bordered()
        .title(format!(" {} ", s.scenarios_title))
        .border_style(t.accent);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}

/// What applying the scenario writes, item by item, and what it leaves out.
fn render_apply(app: &App, enactment: &Enactment, offset: usize, frame: &mut Frame, area: Rect) {
    let s = app.strings();
    let t = &app.theme;
    let data = app.data();
    let width = 72.min(area.width);
    let inner = usize::from(width.saturating_sub(2));
    let items = app.sim.as_ref().map_or(&[][..], |sim| sim.items.as_slice());
    let loan_name = |id: &str| data.loan(id).map_or(String::new(), |l| l.name.clone());
    let mut lines: Vec<Line> = Vec::new();
    for (i, enacted) in enactment.actions.iter().enumerate() {
        let (text, style) = match enacted {
            Enacted::Payment {
                loan,
                date,
                mode,
                cash: paid,
                split,
            } => {
                let mode = match mode {
                    crate::schedule::PrepayMode::Shorten => s.mode_shorten,
                    crate::schedule::PrepayMode::Reduce => s.mode_reduce,
                };
                let text = s
                    .apply_payment
                    .replace("{loan}", &format!("{loan} {}", loan_name(loan)))
                    .replace("{cash}", &cash(app, *paid))
                    .replace("{date}", &date.to_string())
                    .replace("{due}", &cash(app, split.towards_due))
                    .replace("{principal}", &cash(app, split.prepaid_principal))
                    .replace("{mode}", mode)
                    .replace("{interest}", &cash(app, split.prepaid_interest));
                (text, ratatui::style::Style::new())
            }
            Enacted::Loan(loan) => {
                let line = loan.line.clone().unwrap_or(s.sim_no_line.to_string());
                let text = s
                    .apply_loan
                    .replace("{id}", &loan.id)
                    .replace("{name}", &loan.name)
                    .replace("{principal}", &cash(app, loan.principal))
                    .replace("{term}", &s.months(loan.term))
                    .replace("{start}", &loan.start.to_string())
                    .replace("{line}", &line);
                (text, ratatui::style::Style::new())
            }
            Enacted::Skipped => {
                let item = items
                    .get(i)
                    .map_or(String::new(), |item| super::simulate::item_label(app, item));
                (s.apply_skipped.replace("{item}", &item), t.muted)
            }
        };
        for (k, part) in wrap(&text, inner.saturating_sub(2)).into_iter().enumerate() {
            let bullet = if k == 0 { "• " } else { "  " };
            lines.push(Line::styled(format!("{bullet}{part}"), style));
        }
    }
    let keys: Vec<Line> = wrap(s.apply_keys, inner)
        .into_iter()
        .map(|l| Line::styled(l, t.muted))
        .collect();
    let height = u16::try_from(lines.len() + keys.len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let popup = centered(area, width, height);
    // Scrolls with ↑/↓ when the list does not fit; the keys always show.
    let visible = usize::from(popup.height.saturating_sub(2)).saturating_sub(keys.len());
    let offset = offset.min(lines.len().saturating_sub(visible));
    let more = if offset + visible < lines.len() {
        " ↓"
    } else {
        ""
    };
    let mut shown: Vec<Line> = lines.into_iter().skip(offset).take(visible).collect();
    shown.extend(keys);
    clear(frame, popup);
    let block = Block::bordered()
        .title(format!(" {}{more} ", s.apply_title))
        .border_style(t.overdue);
    frame.render_widget(Paragraph::new(shown).block(block), popup);
}
