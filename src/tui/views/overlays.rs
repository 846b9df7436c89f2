//! What opens on top of a view: the help, a form, a confirmation, the saved scenarios.

use super::cash;
use super::text::{ellipsize_whole, pad, wrap};
use crate::language::fill;
use crate::simulate::{Enacted, Enactment};
use crate::tui::app::App;
use crate::tui::form::{Form, Input};
use crate::tui::i18n::{self, Strings};
use crate::tui::keymap::Action;
use crate::tui::overlay::{Confirm, Overlay, Pending};
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

/// Draw the overlay, if any, over `area`.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    match &app.overlay {
        Overlay::None => {}
        Overlay::Help => render_help(app, frame, between_bars(area)),
        Overlay::Form(form) => render_form(app, form, frame, area),
        Overlay::Confirm(confirm) => render_confirm(app, confirm, frame, area),
        Overlay::DiskChanged => {
            let s = app.strings();
            render_question(app, s.disk_changed, s.disk_changed_keys, frame, area);
        }
        Overlay::Scenarios { selected } => render_scenarios(app, *selected, frame, area),
    }
}

/// `area` less its first and last rows: the help sits between the tab bar and the
/// status bar, so both stay in sight (it scrolls when it does not fit).
fn between_bars(area: Rect) -> Rect {
    Rect {
        y: area.y.saturating_add(1),
        height: area.height.saturating_sub(2),
        ..area
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

/// Blank `popup` and draw `lines` there in `block`.
fn draw_popup(frame: &mut Frame, popup: Rect, block: Block, lines: Vec<Line>) {
    clear(frame, popup);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}

/// `text` wrapped to `width`, muted: a box's keys and notes.
fn muted(app: &App, text: &str, width: usize) -> Vec<Line<'static>> {
    wrap(text, width)
        .into_iter()
        .map(|l| Line::styled(l, app.theme.muted))
        .collect()
}

/// What a box scrolled to `offset` shows: `visible` of `lines`, then `footer`, always in
/// sight.
fn scrolled<'a>(
    lines: Vec<Line<'a>>,
    offset: usize,
    visible: usize,
    footer: Vec<Line<'a>>,
) -> Vec<Line<'a>> {
    let mut shown: Vec<Line> = lines.into_iter().skip(offset).take(visible).collect();
    shown.extend(footer);
    shown
}

/// The marks a scrolled box's title carries: " ↑" while lines are out of sight above,
/// " ↓" while some are below.
fn scroll_marks(offset: usize, visible: usize, lines: usize) -> (&'static str, &'static str) {
    let above = if offset > 0 { " ↑" } else { "" };
    let below = if offset + visible < lines { " ↓" } else { "" };
    (above, below)
}

/// The help's lines: what each group of actions does, from the live key bindings. Every
/// action is in exactly one group, so each key shows once, under what it does.
pub fn help_groups(s: &Strings) -> [(&'static str, &'static [Action]); 27] {
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
        (s.key_attach_plan, &[Action::AttachPlan]),
        (s.key_apply_plan, &[Action::ApplyPlan]),
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
        lines.extend(muted(app, note, inner_width));
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
    let (above, below) = scroll_marks(offset, visible, lines.len());
    let block = Block::bordered().title(format!(" {}{above}{below} ", s.help_title));
    draw_popup(frame, popup, block, lines.split_off(offset));
}

fn form_title(s: &Strings, form: &Form) -> &'static str {
    use crate::tui::form::FormKind;
    match form.kind {
        FormKind::AddLoan => s.form_add_loan,
        FormKind::EditLoan(_) => s.form_edit_loan,
        FormKind::AddRevolving => s.form_add_revolving,
        FormKind::EditRevolving(_) => s.form_edit_revolving,
        FormKind::Pay => s.form_pay,
        FormKind::EditPayment(_) => s.form_edit_payment,
        FormKind::SaveScenario => s.form_save_scenario,
        FormKind::SaveAs => s.form_save_as,
        FormKind::AttachPlan(_) => s.form_attach_plan,
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
    let (mut focus_line, mut focus_end) = (0, 0);
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
        let room = if stacked {
            inner_width.saturating_sub(3)
        } else {
            inner_width.saturating_sub(2 + label_width)
        };
        let value = field_value(s, field, focused, room);
        // Text the form offered shows selected while focused: typing replaces it.
        let value_style = if focused && field.offered && !field.text.is_empty() {
            t.selected
        } else if focused {
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
        if let Some((at, error)) = &form.problem
            && *at == i
        {
            // Named by the label above it, so the message reads alone (and in the status line).
            let problem = i18n::labelled(app.lang, (field.label)(s), &error.problem);
            let wrapped = wrap(&problem, inner_width.saturating_sub(5));
            // One mark per message: its wrapped lines are indented under the first.
            lines.extend(wrapped.into_iter().enumerate().map(|(k, l)| {
                let mark = if k == 0 { "!" } else { " " };
                Line::styled(format!("   {mark} {l}"), t.overdue)
            }));
        }
        if focused {
            focus_end = lines.len();
        }
    }
    // Layout rule: the form sits between the tab and status bars; its key hint stays at
    // its foot; when the fields do not all fit they scroll with the cursor, and the title
    // marks what is hidden above (↑) and below (↓).
    let area = between_bars(area);
    let on_choice = form.fields.get(form.focus).is_some_and(|f| f.is_choice());
    let mut hint = vec![Line::styled(form_keys(s, on_choice, inner_width), t.muted)];
    let room = usize::from(area.height.saturating_sub(2));
    if lines.len() + 1 + hint.len() <= room {
        hint.insert(0, Line::raw(""));
    }
    let visible = room.saturating_sub(hint.len()).min(lines.len());
    // The focused field and the problem under it in view, the field centred if it can be.
    let offset = (focus_line.saturating_sub(visible / 2))
        .max(focus_end.saturating_sub(visible))
        .min(focus_line)
        .min(lines.len().saturating_sub(visible));
    let (above, below) = scroll_marks(offset, visible, lines.len());
    let shown = scrolled(lines, offset, visible, hint);
    let height = super::boxed(shown.len());
    let popup = centered(area, popup_width, height.min(area.height));
    let block = Block::bordered()
        .title(format!(" {}{above}{below} ", form_title(s, form)))
        .border_style(t.accent);
    draw_popup(frame, popup, block, shown);
}

/// What a field shows in `room` columns, never running past the frame: a choice cut
/// with "…" inside its marks (which say it is a choice); typed text whole, else — while
/// typed into — its end with the cursor after a "…", or its start and a "…".
fn field_value(s: &Strings, field: &Input, focused: bool, room: usize) -> String {
    let mut value = field.display(s);
    if field.is_choice() {
        if value.width() <= room {
            return value;
        }
        let label = value.trim_start_matches("‹ ").trim_end_matches(" ›");
        return format!("‹ {} ›", ellipsize_whole(label, room.saturating_sub(4)));
    }
    if !focused {
        return ellipsize_whole(&value, room);
    }
    value.push('▏');
    if value.width() <= room {
        return value;
    }
    let mut tail: Vec<char> = Vec::new();
    let mut used = 1;
    for c in value.chars().rev() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        tail.push(c);
    }
    std::iter::once('…').chain(tail.into_iter().rev()).collect()
}

/// The form's keys on one line of `width` columns: saving and cancelling always, then
/// ←→ (only while a choice is focused: they change nothing else), then Tab/↑↓, while
/// they fit; what goes first is the moving between fields, which ↑↓ make plain.
fn form_keys(s: &Strings, on_choice: bool, width: usize) -> String {
    let mut keys = vec![s.form_key_field];
    if on_choice {
        keys.push(s.form_key_choice);
    }
    keys.extend([s.form_key_save, s.form_key_cancel]);
    one_line(&keys, 2, width)
}

/// Keys (`{key} {what}`) on one line of `width` columns, ` · ` between: the last `kept`
/// always, the others while they fit, the first left out first.
fn one_line(keys: &[&str], kept: usize, width: usize) -> String {
    let mut from = 0;
    loop {
        let line = keys[from..].join(" · ");
        if line.width() <= width || from + kept >= keys.len() {
            return super::text::ellipsize(&line, width);
        }
        from += 1;
    }
}

/// The question on top, worded for the change it carries.
fn render_confirm(app: &App, confirm: &Confirm, frame: &mut Frame, area: Rect) {
    let s = app.strings();
    let (question, keys) = match &confirm.pending {
        Pending::Apply(enactment) => {
            return render_apply(app, enactment, confirm.offset, frame, area);
        }
        Pending::DeleteDebt(id) => (delete_debt_question(app, id), s.confirm_keys),
        Pending::DeletePayment(id) => (delete_payment_question(app, *id), s.confirm_keys),
        Pending::Quit => (Some(s.quit_unsaved.to_string()), s.quit_unsaved_keys),
        Pending::OverwriteScenario(name) => (
            Some(fill(s.confirm_overwrite, &[("name", name)])),
            s.confirm_overwrite_keys,
        ),
        Pending::DeleteScenario { name, .. } => (
            Some(fill(s.confirm_delete_scenario, &[("name", name)])),
            s.confirm_keys,
        ),
        Pending::ApplyPlan { loan, .. } => {
            (app.apply_plan_question(loan), s.confirm_apply_plan_keys)
        }
    };
    if let Some(question) = question {
        render_question(app, &question, keys, frame, area);
    }
}

/// Delete this loan or account? It is named, with how many payments go with it.
fn delete_debt_question(app: &App, id: &str) -> Option<String> {
    let s = app.strings();
    let name = app.data().debt_name(id)?;
    let payments = app.data().payments_for(id).count();
    Some(fill(
        s.confirm_delete,
        &[
            ("id", id),
            ("name", name),
            (
                "payments",
                &s.payments(u32::try_from(payments).unwrap_or(u32::MAX)),
            ),
        ],
    ))
}

/// Delete this payment? It is named by id, day, loan and amount.
fn delete_payment_question(app: &App, id: u32) -> Option<String> {
    let s = app.strings();
    let payment = app.payments().as_ref().ok()?.iter().find(|p| p.id == id)?;
    Some(fill(
        s.confirm_delete_payment,
        &[
            ("id", &crate::book::payments::label(id)),
            ("date", &payment.date.to_string()),
            ("loan", format!("{} {}", payment.loan, payment.name).trim()),
            ("amount", &super::cash(app, payment.cash)),
        ],
    ))
}

/// A yes/no question in a small box.
fn render_question(app: &App, question: &str, keys: &str, frame: &mut Frame, area: Rect) {
    let width = 60.min(area.width);
    let inner = usize::from(width.saturating_sub(2));
    let mut lines: Vec<Line> = wrap(question, inner).into_iter().map(Line::from).collect();
    lines.extend(muted(app, keys, inner));
    let popup = centered(area, width, super::boxed(lines.len()));
    let block = Block::bordered().border_style(app.theme.overdue);
    draw_popup(frame, popup, block, lines);
}

/// The saved scenarios: ↑/↓ pick one, Enter opens it, d deletes it (after y).
fn render_scenarios(app: &App, selected: usize, frame: &mut Frame, area: Rect) {
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
        // The key that saves one, as bound now.
        let empty = match super::bound_key(app, Action::SimSave) {
            Some(key) => fill(s.scenarios_empty_save, &[("key", &key)]),
            None => s.scenarios_empty.to_string(),
        };
        list.extend(muted(app, &empty, inner));
    }
    // The keys as bound now: opening and closing always; deleting, then ↑↓, while they
    // fit. With none saved, closing is all the keys do.
    use super::{CLOSE, DELETE, OPEN, SELECT};
    let actions = if scenarios.is_empty() {
        vec![CLOSE]
    } else {
        vec![SELECT, DELETE, OPEN, CLOSE]
    };
    let keys = super::hint_items(app, &actions);
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    let footer = vec![Line::styled(one_line(&keys, 2, inner), t.muted)];
    let height = u16::try_from(list.len() + footer.len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let popup = centered(area, width, height);
    // Keep the highlighted scenario in view above the footer.
    let visible = usize::from(popup.height.saturating_sub(2)).saturating_sub(footer.len());
    let offset = (selected + 1).saturating_sub(visible.max(1));
    let block = Block::bordered()
        .title(format!(" {} ", s.scenarios_title))
        .border_style(t.accent);
    draw_popup(frame, popup, block, scrolled(list, offset, visible, footer));
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
    for (i, enacted) in enactment.steps.iter().enumerate() {
        let (text, style) = match enacted {
            Enacted::Payment {
                loan,
                date,
                mode,
                cash: paid,
                split,
            } => {
                let mode = match mode {
                    crate::engine::schedule::PrepayMode::Shorten => s.mode_shorten,
                    crate::engine::schedule::PrepayMode::Reduce => s.mode_reduce,
                };
                // Nothing due that day is left unsaid, not shown as "0.00 due now".
                let template = if split.towards_due.is_zero() {
                    s.apply_prepaid
                } else {
                    s.apply_payment
                };
                let text = fill(
                    template,
                    &[
                        ("loan", &format!("{loan} {}", loan_name(loan))),
                        ("cash", &cash(app, *paid)),
                        ("date", &date.to_string()),
                        ("due", &cash(app, split.towards_due)),
                        ("principal", &cash(app, split.prepaid_principal)),
                        ("mode", mode),
                        ("interest", &cash(app, split.prepaid_interest)),
                    ],
                );
                (text, ratatui::style::Style::new())
            }
            Enacted::Loan(loan) => {
                let line = loan.line.clone().unwrap_or(s.sim_no_line.to_string());
                let text = fill(
                    s.apply_loan,
                    &[
                        ("id", &loan.id),
                        ("name", &loan.name),
                        ("principal", &cash(app, loan.principal)),
                        ("term", &s.months(loan.term)),
                        ("start", &loan.start.to_string()),
                        ("line", &line),
                    ],
                );
                (text, ratatui::style::Style::new())
            }
            Enacted::Skipped => {
                let item = items
                    .get(i)
                    .map_or(String::new(), |item| super::simulate::item_label(app, item));
                (fill(s.apply_skipped, &[("item", &item)]), t.muted)
            }
        };
        for (k, part) in wrap(&text, inner.saturating_sub(2)).into_iter().enumerate() {
            let bullet = if k == 0 { "• " } else { "  " };
            lines.push(Line::styled(format!("{bullet}{part}"), style));
        }
    }
    let keys = muted(app, s.apply_keys, inner);
    let height = u16::try_from(lines.len() + keys.len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let popup = centered(area, width, height);
    // Scrolls with ↑/↓ when the list does not fit; the keys always show.
    let visible = usize::from(popup.height.saturating_sub(2)).saturating_sub(keys.len());
    let offset = offset.min(lines.len().saturating_sub(visible));
    let (_, more) = scroll_marks(offset, visible, lines.len());
    let block = Block::bordered()
        .title(format!(" {}{more} ", s.apply_title))
        .border_style(t.overdue);
    draw_popup(frame, popup, block, scrolled(lines, offset, visible, keys));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::schedule::PrepayMode;
    use crate::language::Language;
    use crate::store::WhatIf;
    use crate::tui::app::View;
    use crate::tui::keymap::{Key, Keymap};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::KeyEvent;
    use std::collections::HashMap;

    const README: &str = include_str!("../../../README.md");
    use crate::tui::harness::{demo_app, drawn, press};

    /// The help as drawn on a screen tall enough to hold it whole.
    fn help_screen() -> Vec<String> {
        let mut app = demo_app();
        press(&mut app, "?");
        // As wide as the help box, so nothing of the view behind shows beside it.
        drawn(&app, 72, 120)
    }

    #[test]
    fn the_form_keys_fit_one_line_saving_and_cancelling_first() {
        for lang in [Language::En, Language::Zh] {
            let s = lang.strings();
            // From the narrowest form (a 40-column screen) up.
            for width in 38..80 {
                for on_choice in [false, true] {
                    let keys = form_keys(s, on_choice, width);
                    assert!(keys.width() <= width, "{width}: {keys}");
                    assert!(keys.ends_with(s.form_key_cancel), "{width}: {keys}");
                    assert!(keys.contains(s.form_key_save), "{width}: {keys}");
                    // The arrows are named only on a choice, and go after Tab/↑↓.
                    assert!(!keys.contains(s.form_key_choice) || on_choice, "{keys}");
                    if keys.contains(s.form_key_field) && on_choice {
                        assert!(keys.contains(s.form_key_choice), "{width}: {keys}");
                    }
                }
            }
        }
        let en = Language::En.strings();
        // The saved scenarios' keys at 40×12: opening and closing first.
        let keys = ["↑↓ select", "d delete", "Enter open", "Esc close"];
        assert_eq!(one_line(&keys, 2, 38), "d delete · Enter open · Esc close");
        assert_eq!(one_line(&keys, 2, 20), "Enter open · Esc cl…");
        // The payment form at 40×12 (38 inside the box): the loan, a choice, is focused.
        assert_eq!(
            form_keys(en, true, 38),
            "←→ choice · Enter save · Esc cancel"
        );
        assert_eq!(
            form_keys(en, true, 68),
            "Tab/↑↓ field · ←→ choice · Enter save · Esc cancel"
        );
    }

    #[test]
    fn every_action_is_in_one_help_group_so_every_key_shows_once() {
        let s = Language::En.strings();
        let mut seen: HashMap<Action, usize> = HashMap::new();
        for (_, actions) in help_groups(s) {
            for action in actions {
                *seen.entry(*action).or_default() += 1;
            }
        }
        for (action, name) in Action::ALL {
            assert_eq!(seen.get(&action), Some(&1), "{name}");
        }
        let screen = help_screen().join("\n");
        let keys = demo_app().keymap.keys_by_action();
        for (action, bound) in keys {
            for key in bound {
                let token = format!("{key} ");
                let times = screen
                    .lines()
                    .map(|l| l.split('│').nth(1).unwrap_or(""))
                    .filter(|keys| keys.chars().take(24).collect::<String>().contains(&token))
                    .count();
                assert!(times >= 1, "{action:?}: {key} is not in the help");
            }
        }
    }

    #[test]
    fn the_help_scrolls_with_every_scrolling_key_and_stops_at_its_end() {
        let mut app = demo_app();
        press(&mut app, "?");
        let mut terminal = Terminal::new(TestBackend::new(40, 12)).unwrap();
        let mut draw = |app: &App| {
            terminal.draw(|f| super::super::render(app, f)).unwrap();
        };
        draw(&app);
        let (page, last) = app.hits.help.get();
        assert!(page > 0 && last > page, "the help is taller than 40×12");
        for (key, offset) in [
            ("pagedown", page),
            ("j", page + 1),
            ("down", page + 2),
            ("pageup", 2),
            ("k", 1),
            ("end", last),
            ("pagedown", last),
            ("j", last),
            ("home", 0),
            ("G", last),
            ("g", 0),
        ] {
            press(&mut app, key);
            draw(&app);
            assert!(
                matches!(app.overlay, Overlay::Help),
                "{key} closed the help"
            );
            assert_eq!(app.help_offset, offset, "{key}");
        }
        press(&mut app, "esc");
        assert!(matches!(app.overlay, Overlay::None));
    }

    fn sim(app: &App) -> &crate::tui::sim::SimState {
        app.sim.as_ref().unwrap()
    }

    fn prepay(app: &App) -> Option<(String, rust_decimal::Decimal, PrepayMode)> {
        match sim(app).items.first()? {
            WhatIf::Prepay { loan, amount, mode } => Some((loan.clone(), *amount, *mode)),
            _ => None,
        }
    }

    // What a key did, seen in the app before and after it.
    fn opens_a_form(_: &App, after: &App) -> bool {
        matches!(after.overlay, Overlay::Form(_))
    }

    fn opens_the_help(_: &App, after: &App) -> bool {
        matches!(after.overlay, Overlay::Help)
    }

    fn clears_the_what_ifs(_: &App, after: &App) -> bool {
        sim(after).items.is_empty()
    }

    /// How much the prepayment grew from `before` to `after`.
    fn prepay_growth(before: &App, after: &App) -> rust_decimal::Decimal {
        prepay(after).unwrap().1 - prepay(before).unwrap().1
    }

    /// Every key the README documents: it is bound to the action the help lists it
    /// under, and pressing it does that.
    #[test]
    fn every_documented_key_does_what_the_help_says() {
        type Check = fn(&App, &App) -> bool;
        type Row = (&'static str, &'static str, Action, fn(&mut App), Check);
        let on_dashboard: fn(&mut App) = |_| {};
        let with_a_prepayment: fn(&mut App) = |app| {
            press(app, "5");
            press(app, "P");
        };
        // (as the README writes it, as the keymap spells it, the action, the state it is
        // pressed in, what it does: before and after).
        let table: [Row; 36] = [
            ("`q`", "q", Action::Quit, on_dashboard, |_, a| a.quit),
            ("Ctrl-C", "ctrl-c", Action::Quit, on_dashboard, |_, a| {
                a.quit
            }),
            ("`?`", "?", Action::Help, on_dashboard, opens_the_help),
            ("F1", "f1", Action::Help, on_dashboard, opens_the_help),
            ("Tab", "tab", Action::NextView, on_dashboard, |_, a| {
                a.view == View::Detail
            }),
            ("keys 1–5", "4", Action::Limit, on_dashboard, |_, a| {
                a.view == View::Limit
            }),
            ("keys 1–5", "5", Action::Simulate, on_dashboard, |_, a| {
                a.view == View::Simulate
            }),
            ("`hjkl`", "j", Action::Down, on_dashboard, |b, a| {
                a.selected == b.selected + 1
            }),
            (
                "`hjkl`",
                "k",
                Action::Up,
                |app| press(app, "j"),
                |b, a| a.selected + 1 == b.selected,
            ),
            ("`g`/`G`", "G", Action::Bottom, on_dashboard, |_, a| {
                a.selected == a.rows().len() - 1
            }),
            ("`g`/`G`", "g", Action::Top, on_dashboard, |_, a| {
                a.selected == 0
            }),
            (
                "PgUp/PgDn",
                "pagedown",
                Action::PageDown,
                on_dashboard,
                |b, a| a.selected > b.selected,
            ),
            ("Enter", "enter", Action::Open, on_dashboard, |_, a| {
                a.view == View::Detail
            }),
            ("Esc", "esc", Action::Back, with_a_prepayment, |_, a| {
                a.view == View::Dashboard
            }),
            ("`s` cycles", "s", Action::Sort, on_dashboard, |b, a| {
                a.sort != b.sort
            }),
            (
                "`S` reverses",
                "S",
                Action::ReverseSort,
                on_dashboard,
                |b, a| a.sort_descending != b.sort_descending,
            ),
            (
                "`a` adds a loan",
                "a",
                Action::AddLoan,
                on_dashboard,
                opens_a_form,
            ),
            (
                "`r` a revolving",
                "r",
                Action::AddRevolving,
                on_dashboard,
                opens_a_form,
            ),
            ("`e` edits", "e", Action::Edit, on_dashboard, opens_a_form),
            ("`d` deletes", "d", Action::Delete, on_dashboard, |_, a| {
                matches!(
                    a.overlay,
                    Overlay::Confirm(Confirm {
                        pending: Pending::DeleteDebt(_),
                        ..
                    })
                )
            }),
            (
                "`p` records a payment",
                "p",
                Action::Pay,
                on_dashboard,
                opens_a_form,
            ),
            ("`u` undoes", "u", Action::Undo, on_dashboard, |_, a| {
                a.status
                    .as_ref()
                    .is_some_and(|s| s.text == a.strings().nothing_to_undo)
            }),
            ("`P`", "P", Action::SimPrepay, on_dashboard, |_, a| {
                prepay(a).is_some_and(|(_, _, mode)| mode == PrepayMode::Shorten)
            }),
            (
                "`B` borrows",
                "B",
                Action::SimBorrow,
                on_dashboard,
                |_, a| matches!(sim(a).items[..], [WhatIf::Borrow { .. }]),
            ),
            ("`D` pays", "D", Action::SimLate, on_dashboard, |_, a| {
                matches!(sim(a).items[..], [WhatIf::Late { .. }])
            }),
            (
                "`M` sets a monthly budget",
                "M",
                Action::SimBudget,
                on_dashboard,
                |_, a| matches!(sim(a).items[..], [WhatIf::Budget { .. }]),
            ),
            (
                "←/→ change the amount by 100",
                "right",
                Action::Right,
                with_a_prepayment,
                |b, a| prepay_growth(b, a) == rust_decimal::Decimal::ONE_HUNDRED,
            ),
            (
                "`H`/`L`, by 1,000",
                "L",
                Action::BigRight,
                with_a_prepayment,
                |b, a| prepay_growth(b, a) == rust_decimal::Decimal::ONE_THOUSAND,
            ),
            (
                "`t` picks the loan or line",
                "t",
                Action::SimTarget,
                with_a_prepayment,
                |b, a| prepay(a).unwrap().0 != prepay(b).unwrap().0,
            ),
            (
                "`m` switches shorten/reduce",
                "m",
                Action::SimMode,
                with_a_prepayment,
                |_, a| prepay(a).unwrap().2 == PrepayMode::Reduce,
            ),
            (
                "`d` removes an action",
                "d",
                Action::Delete,
                with_a_prepayment,
                clears_the_what_ifs,
            ),
            (
                "`[`/`]`",
                "]",
                Action::SimDtiUp,
                with_a_prepayment,
                |b, a| {
                    let warning = |app: &App| sim(app).comparison.as_ref().unwrap().dti_warning;
                    warning(a) > warning(b)
                },
            ),
            (
                "`A` lists what",
                "A",
                Action::SimApply,
                with_a_prepayment,
                |_, a| {
                    matches!(
                        a.overlay,
                        Overlay::Confirm(Confirm {
                            pending: Pending::Apply(_),
                            ..
                        })
                    )
                },
            ),
            (
                "`w` saves",
                "w",
                Action::SimSave,
                with_a_prepayment,
                opens_a_form,
            ),
            (
                "`o` lists",
                "o",
                Action::SimLoad,
                with_a_prepayment,
                |_, a| matches!(a.overlay, Overlay::Scenarios { .. }),
            ),
            (
                "`x` discards",
                "x",
                Action::SimDiscard,
                with_a_prepayment,
                clears_the_what_ifs,
            ),
        ];
        let keymap = Keymap::load(None).unwrap();
        let keys = keymap.keys_by_action();
        let screen = help_screen();
        let s = Language::En.strings();
        for (documented, spelling, action, setup, does) in table {
            assert!(README.contains(documented), "README lacks {documented}");
            let key: Key = spelling.parse().unwrap();
            assert_eq!(
                keymap.action(&KeyEvent::from(key)),
                Some(action),
                "{spelling}"
            );
            // The help shows the key on the line of the group that holds the action.
            let (what, _) = help_groups(s)
                .into_iter()
                .find(|(_, actions)| actions.contains(&action))
                .unwrap();
            let first_words = wrap(what, 40).remove(0);
            let line = screen
                .iter()
                .find(|l| l.contains(&first_words))
                .unwrap_or_else(|| panic!("no help line for {what}"));
            assert!(
                keys[&action].iter().all(|k| line.contains(k.as_str())),
                "{spelling}: {line}"
            );
            let mut before = demo_app();
            setup(&mut before);
            let mut after = demo_app();
            setup(&mut after);
            press(&mut after, spelling);
            assert!(
                does(&before, &after),
                "{spelling} ({documented}) did not {what}"
            );
        }
    }
}
