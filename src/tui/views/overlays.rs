//! What opens on top of a view: the help, a form, a delete confirmation.

use crate::tui::app::{App, Overlay, RowRef};
use crate::tui::form::Form;
use crate::tui::i18n::Strings;
use crate::tui::keymap::Action;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

/// Draw the overlay, if any, over `area`.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    match &app.overlay {
        Overlay::None => {}
        Overlay::Help => render_help(app, frame, area),
        Overlay::Form(form) => render_form(app, form, frame, area),
        Overlay::ConfirmDelete(row) => render_confirm(app, *row, frame, area),
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

/// The help's lines: what each group of actions does, from the live key bindings.
fn help_groups(s: &Strings) -> [(&'static str, &'static [Action]); 14] {
    [
        (
            s.key_views,
            &[
                Action::NextView,
                Action::PreviousView,
                Action::Dashboard,
                Action::LoanDetail,
                Action::Payments,
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
        (s.key_quit, &[Action::Quit, Action::Help]),
    ]
}

fn render_help(app: &App, frame: &mut Frame, area: Rect) {
    let s = app.strings();
    let keys = app.keymap.keys_by_action();
    let mut lines: Vec<Line> = help_groups(s)
        .iter()
        .map(|(what, actions)| {
            let bound: Vec<String> = actions
                .iter()
                .flat_map(|a| keys.get(a).cloned().unwrap_or_default())
                .collect();
            Line::from(vec![
                Span::styled(format!("{:<24}", bound.join(" ")), app.theme.accent),
                Span::raw(*what),
            ])
        })
        .collect();
    lines.push(Line::styled(s.key_mouse, app.theme.muted));
    lines.push(Line::styled(s.help_close, app.theme.muted));
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let popup = centered(area, 72, height);
    frame.render_widget(Clear, popup);
    let block = Block::bordered().title(format!(" {} ", s.help_title));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        popup,
    );
}

fn form_title(s: &Strings, form: &Form) -> &'static str {
    use crate::tui::form::FormKind;
    match form.kind {
        FormKind::AddLoan => s.form_add_loan,
        FormKind::EditLoan(_) => s.form_edit_loan,
        FormKind::AddRevolving => s.form_add_revolving,
        FormKind::EditRevolving(_) => s.form_edit_revolving,
        FormKind::Pay => s.form_pay,
    }
}

fn render_form(app: &App, form: &Form, frame: &mut Frame, area: Rect) {
    let s = app.strings();
    let t = &app.theme;
    let mut lines = Vec::new();
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let marker = match (&form.problem, focused) {
            (Some((at, _)), _) if *at == i => Span::styled("!", t.overdue),
            (_, true) => Span::styled("›", t.accent),
            _ => Span::raw(" "),
        };
        let label = format!(" {:<22}", (field.label)(s));
        let mut value = field.display(s);
        if focused && !field.is_choice() {
            value.push('▏');
        }
        let value_style = if focused {
            t.highlight
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::from(vec![
            marker,
            Span::raw(label),
            Span::styled(value, value_style),
        ]));
        if let Some((at, problem)) = &form.problem
            && *at == i
        {
            lines.push(Line::styled(format!("   ! {problem}"), t.overdue));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(s.form_hint, t.muted));
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let popup = centered(area, 70, height);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .title(format!(" {} ", form_title(s, form)))
        .border_style(t.accent);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}

fn render_confirm(app: &App, row: RowRef, frame: &mut Frame, area: Rect) {
    let s = app.strings();
    let Ok(overview) = &app.overview else { return };
    let (id, name) = match row {
        RowRef::Loan(i) => (&overview.loans[i].id, &overview.loans[i].name),
        RowRef::Revolving(i) => (&overview.revolving[i].id, &overview.revolving[i].name),
    };
    let payments = app.data().payments_for(id).count();
    let lines = vec![
        Line::from(format!(
            "{} {id} {name}? ({payments} × {})",
            s.confirm_delete, s.view_payments
        )),
        Line::styled(s.confirm_keys, app.theme.muted),
    ];
    let popup = centered(area, 60, 4);
    frame.render_widget(Clear, popup);
    let block = Block::bordered().border_style(app.theme.overdue);
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        popup,
    );
}
