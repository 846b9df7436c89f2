//! Drawing: one free `render_*` function per part of the screen, reading `&App`.

mod columns;
mod dashboard;
mod detail;
mod limit;
mod overlays;
mod payments;
mod simulate;
pub(crate) mod text;

use super::app::{App, RowRef, View};
use super::i18n::Word;
use super::keymap::Action;
use super::overlay::Overlay;
use crate::engine::money::grouped;
use crate::language::fill;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use rust_decimal::Decimal;
use unicode_width::UnicodeWidthStr;

/// The smallest screen drawn; below it a "too small" message shows.
pub const MIN_SIZE: (u16, u16) = (40, 12);

/// Draw the whole screen.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        let lines: Vec<Line> = text::wrap(app.strings().too_small, usize::from(area.width))
            .into_iter()
            .map(Line::from)
            .collect();
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    let [tabs, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    render_tabs(app, frame, tabs);
    match &app.overview {
        Err(problem) => {
            let problem = super::i18n::field_error(app.lang, problem);
            let text = Paragraph::new(wrapped(&problem, body)).style(app.theme.error);
            frame.render_widget(text.block(Block::bordered()), body);
        }
        Ok(_) => match app.view {
            View::Dashboard => dashboard::render(app, frame, body),
            View::Detail => detail::render(app, frame, body),
            View::Payments => payments::render(app, frame, body),
            View::Limit => limit::render(app, frame, body),
            View::Simulate => simulate::render(app, frame, body),
        },
    }
    render_status(app, frame, status);
    overlays::render(app, frame, area);
}

/// The tabs line. Layout rule: the [DEMO] / [READ-ONLY] badges always show (they say
/// whether anything is saved); then the views by name, the app's name and the as-of
/// date while they fit. What goes first: the app name, then the date, then the names
/// of the views not shown (by number only).
fn render_tabs(app: &App, frame: &mut Frame, area: Rect) {
    let s = app.strings();
    let tab = |i: usize, view: View, full: bool| {
        let style = if view == app.view {
            app.theme.selected
        } else {
            app.theme.muted
        };
        let text = if full || view == app.view {
            format!("{} {}", i + 1, view.title(s))
        } else {
            (i + 1).to_string()
        };
        [Span::raw(" "), Span::styled(text, style)]
    };
    let tabs = |full: bool| -> Vec<Span> {
        View::ALL
            .iter()
            .enumerate()
            .flat_map(|(i, v)| tab(i, *v, full))
            .collect()
    };
    let mut badges = String::new();
    if app.is_demo() {
        badges.push_str(&format!("[{}] ", s.demo));
    }
    if app.is_read_only() {
        badges.push_str(&format!("[{}] ", s.read_only));
    }
    let dated = format!("{badges}{} {} ", s.as_of, app.as_of);
    let width = usize::from(area.width);
    let named: Vec<Span> = std::iter::once(Span::styled(format!(" {} ", s.app), app.theme.accent))
        .chain(tabs(true))
        .collect();
    let fits = |spans: &[Span], right: &str| {
        spans.iter().map(Span::width).sum::<usize>() + 1 + right.width() <= width
    };
    let unnamed = tabs(true);
    let (left, right) = if fits(&named, &dated) {
        (named, dated)
    } else if fits(&unnamed, &dated) {
        (unnamed, dated)
    } else if fits(&named, &badges) {
        (named, badges)
    } else if fits(&tabs(false), &dated) {
        (tabs(false), dated)
    } else {
        (tabs(false), badges)
    };
    let right_width = u16::try_from(right.width())
        .unwrap_or(area.width)
        .min(area.width);
    frame.render_widget(Line::from(left), area);
    let at = Rect {
        x: area.right().saturating_sub(right_width),
        width: right_width,
        ..area
    };
    frame.render_widget(Span::styled(right, app.theme.muted), at);
    app.hits.tabs.set(area);
}

fn render_status(app: &App, frame: &mut Frame, area: Rect) {
    let line = match &app.status {
        Some(status) => {
            let style = if status.error {
                app.theme.error
            } else {
                app.theme.paid
            };
            // One row: what does not fit is cut with "…", a figure whole or not at all.
            let text = text::ellipsize_whole(&status.text, usize::from(area.width));
            Line::from(Span::styled(text, style))
        }
        // A form or a question shows its own keys; the view's would not answer under it.
        None if !matches!(app.overlay, Overlay::None | Overlay::Help) => Line::default(),
        None => Line::from(Span::styled(
            key_hint(app, usize::from(area.width)),
            app.theme.muted,
        )),
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// What the keys do on the view shown (or in the help, when it is open), most useful
/// first, each action under its own key in the keymap (a rebound key shows as bound, an
/// unbound action not at all). What does not fit is left out from the end; the last
/// items (help and quit; in the help, close) are always kept.
pub fn key_hint(app: &App, width: usize) -> String {
    let (actions, kept) = if matches!(app.overlay, Overlay::Help) {
        (help_hint_actions(), 1)
    } else {
        (hint_actions(app), 2)
    };
    let items = hint_items(app, &actions);
    let (mut shown, last) = items.split_at(items.len().saturating_sub(kept));
    loop {
        let hint = [shown, last].concat().join(" · ");
        if hint.width() <= width || shown.is_empty() {
            return text::ellipsize_whole(&hint, width);
        }
        shown = &shown[..shown.len() - 1];
    }
}

/// The key the keymap binds to `action` as a hint shows it: the shortest, an arrow or
/// sign before a letter of the same width; `None` when it is unbound.
pub(crate) fn bound_key(app: &App, action: Action) -> Option<String> {
    let keys = app.keymap.keys_by_action();
    keys.get(&action)?
        .iter()
        .min_by_key(|k| (k.width(), k.chars().all(|c| c.is_ascii_alphanumeric())))
        .cloned()
}

/// Each item as "keys word" under the keys bound now ("↑↓ select", "PgUp/PgDn page");
/// an item with an unbound action is left out.
pub(crate) fn hint_items(app: &App, items: &[Hint]) -> Vec<String> {
    let s = app.strings();
    (items.iter())
        .filter_map(|(actions, word)| {
            let bound: Option<Vec<String>> = actions.iter().map(|a| bound_key(app, *a)).collect();
            let bound = bound?;
            // Arrows read as a pair ("↑↓"); names need a mark between ("PgUp/PgDn").
            let named = bound.iter().any(|k| k.chars().any(char::is_alphanumeric));
            Some(format!(
                "{} {}",
                bound.join(if named { "/" } else { "" }),
                word(s)
            ))
        })
        .collect()
}

/// What a view left out for want of room, for a border `room` columns wide, each item
/// a name and its short form: counted and named ("+2 more: Credit lines, Limit in 6
/// months"), by the short names where those do not fit ("+2 more: Credit, Limit 6 mo"),
/// then as many short names as fit whole ("+2 more: Credit, …"), else the count alone;
/// never a name cut mid-word.
pub(crate) fn more_note(app: &App, dropped: &[(&str, &str)], room: usize) -> String {
    let s = app.strings();
    let count = fill(s.more, &[("n", &dropped.len().to_string())]);
    let sep = app.lang.list_separator();
    let named = |names: &[&str]| format!("{count}{}{}", app.lang.colon(), names.join(sep));
    let full: Vec<&str> = dropped.iter().map(|(name, _)| *name).collect();
    let short: Vec<&str> = dropped.iter().map(|(_, short)| *short).collect();
    let some = (1..short.len())
        .rev()
        .map(|n| format!("{}{sep}…", named(&short[..n])));
    [named(&full), named(&short)]
        .into_iter()
        .chain(some)
        .find(|note| note.width() <= room)
        .unwrap_or_else(|| text::ellipsize(&count, room))
}

/// A hint's item: the keys of these actions, and the word for what they do.
pub(crate) type Hint = (&'static [Action], Word);

// The items the views' hints share, each written once.
pub(crate) const SELECT: Hint = (&[Action::Up, Action::Down], |s| s.hint_select);
pub(crate) const OPEN: Hint = (&[Action::Open], |s| s.hint_open);
pub(crate) const DELETE: Hint = (&[Action::Delete], |s| s.hint_delete);
pub(crate) const CLOSE: Hint = (&[Action::Back], |s| s.hint_close);
const PAY: Hint = (&[Action::Pay], |s| s.hint_pay);
const EDIT: Hint = (&[Action::Edit], |s| s.hint_edit);
const UNDO: Hint = (&[Action::Undo], |s| s.hint_undo);
const BACK: Hint = (&[Action::Back], |s| s.hint_back);
const ADD_LOAN: Hint = (&[Action::AddLoan], |s| s.hint_add_loan);
const ADD_REVOLVING: Hint = (&[Action::AddRevolving], |s| s.hint_add_revolving);
const VIEWS: Hint = (&[Action::NextView], |s| s.hint_views);
const SCENARIO: Hint = (&[Action::Left, Action::Right], |s| s.hint_scenario);

/// The keys the open help answers (see `App::handle_key`): it scrolls, and closes.
fn help_hint_actions() -> Vec<Hint> {
    use Action::*;
    vec![
        (&[Up, Down], |s| s.hint_scroll),
        (&[PageUp, PageDown], |s| s.hint_page),
        (&[Top, Bottom], |s| s.hint_first_last),
        CLOSE,
    ]
}

/// The actions each view's hint lists, in order; help and quit last.
fn hint_actions(app: &App) -> Vec<Hint> {
    use Action::*;
    let revolving = matches!(app.selected_row(), Some(RowRef::Revolving(_)));
    let mut items: Vec<Hint> = match app.view {
        // An account has no rows to select and no lender's plan.
        View::Detail if revolving => {
            let mut items = vec![PAY, EDIT, DELETE, UNDO, BACK];
            // Its text scrolls when the box cannot hold it.
            let (lines, shown) = app.account_text.get();
            if lines > shown {
                items.insert(0, (&[Up, Down], |s| s.hint_scroll));
            }
            items
        }
        // Nothing to select, open or pay yet: what adds something first.
        View::Dashboard if app.rows().is_empty() => vec![ADD_LOAN, ADD_REVOLVING, UNDO, VIEWS],
        View::Dashboard => vec![
            SELECT,
            OPEN,
            PAY,
            ADD_LOAN,
            ADD_REVOLVING,
            EDIT,
            DELETE,
            UNDO,
            VIEWS,
        ],
        View::Detail => vec![
            SELECT,
            PAY,
            EDIT,
            DELETE,
            (&[AttachPlan], |s| s.hint_plan),
            UNDO,
            BACK,
        ],
        View::Payments => vec![SELECT, EDIT, DELETE, UNDO, BACK],
        // No line, nothing projected: ←→ and ↑↓ have nothing to move between.
        View::Limit if app.data().lines.is_empty() => vec![BACK],
        // ↑↓ move between lines: with one line they do nothing, so are not offered.
        View::Limit if app.data().lines.len() < 2 => vec![SCENARIO, BACK],
        View::Limit => vec![SCENARIO, (&[Up, Down], |s| s.hint_line), BACK],
        View::Simulate => vec![
            (&[SimPrepay], |s| s.hint_prepay),
            (&[SimBorrow], |s| s.hint_borrow),
            (&[SimLate], |s| s.hint_late),
            (&[SimApply], |s| s.hint_apply),
            (&[SimSave], |s| s.hint_save),
            (&[SimLoad], |s| s.hint_load),
            BACK,
        ],
    };
    items.push((&[Help], |s| s.hint_help));
    items.push((&[Quit], |s| s.hint_quit));
    items
}

/// An amount with the store's currency sign and thousands separators.
pub(crate) fn cash(app: &App, amount: Decimal) -> String {
    let sign = if amount < Decimal::ZERO { "-" } else { "" };
    format!(
        "{sign}{}{}",
        app.data().profile.currency,
        grouped(amount.abs())
    )
}

/// A bordered box titled `title` (its padding spaces kept), the title cut with "…" where
/// it is wider than the top border of a box `width` wide: ratatui would cut it mid-word
/// with no mark ("What moves it (month").
pub(crate) fn titled(title: &str, width: u16) -> Block<'static> {
    let core = title.trim_matches(' ');
    let pads = title.width() - core.width();
    let room = usize::from(width.saturating_sub(2)).saturating_sub(pads);
    let lead = if title.starts_with(' ') { " " } else { "" };
    let tail = if title.ends_with(' ') && !core.is_empty() {
        " "
    } else {
        ""
    };
    Block::bordered().title(format!("{lead}{}{tail}", text::ellipsize_whole(core, room)))
}

/// `text` wrapped to the inside of a bordered box `area` wide.
/// The height of a bordered box around `lines` lines: theirs and its two borders.
pub(crate) fn boxed(lines: usize) -> u16 {
    u16::try_from(lines + 2).unwrap_or(u16::MAX)
}

/// `area` no taller than a bordered box around `lines` lines: what it does not need
/// stays free below it.
pub(crate) fn as_tall_as(area: Rect, lines: usize) -> Rect {
    Rect {
        height: area.height.min(boxed(lines)),
        ..area
    }
}

pub(crate) fn wrapped(text: &str, area: Rect) -> Vec<Line<'static>> {
    text::wrap(text, usize::from(area.width.saturating_sub(2)))
        .into_iter()
        .map(Line::from)
        .collect()
}

/// Lines re-wrapped to `width` columns, each piece keeping its line's first style (and
/// its leading indent).
pub(crate) fn rewrap(lines: Vec<Line<'static>>, width: u16) -> Vec<Line<'static>> {
    rewrap_hanging(lines, width, 0)
}

/// [`rewrap`], the pieces after each line's first indented `hang` columns more, so
/// that a wrapped entry reads as one.
pub(crate) fn rewrap_hanging(
    lines: Vec<Line<'static>>,
    width: u16,
    hang: usize,
) -> Vec<Line<'static>> {
    lines
        .into_iter()
        .flat_map(|line| {
            let style = line
                .spans
                .first()
                .map_or(line.style, |s| line.style.patch(s.style));
            text::wrap_hanging(&line.to_string(), usize::from(width), hang)
                .into_iter()
                .map(move |t| Line::styled(t, style))
        })
        .collect()
}

/// A style for a row or figure that is overdue, or the default.
pub(crate) fn overdue_if(app: &App, overdue: bool) -> Style {
    if overdue {
        app.theme.overdue
    } else {
        Style::new()
    }
}

/// Lay segments out on lines of at most `width` columns, ` · ` between them.
pub(crate) fn pack(segments: Vec<Vec<Span<'static>>>, width: usize) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = Vec::new();
    let mut current: Vec<Span> = Vec::new();
    let mut used = 0;
    for segment in segments {
        let size: usize = segment.iter().map(Span::width).sum();
        if !current.is_empty() && used + 3 + size > width {
            lines.push(Line::from(std::mem::take(&mut current)));
            used = 0;
        }
        if !current.is_empty() {
            current.push(Span::raw(" · "));
            used += 3;
        }
        current.extend(segment);
        used += size;
    }
    if !current.is_empty() {
        lines.push(Line::from(current));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    /// The top border of a box `width` wide titled `title`, as drawn.
    fn top(title: &str, width: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, 3)).unwrap();
        terminal
            .draw(|f| f.render_widget(titled(title, width), f.area()))
            .unwrap();
        let buffer = terminal.backend().buffer();
        let mut row = String::new();
        let mut x = 0;
        while x < width {
            let symbol = buffer[(x, 0)].symbol();
            row.push_str(symbol);
            // A wide character's second cell is drawn by the first.
            x += u16::try_from(symbol.width().max(1)).unwrap_or(1);
        }
        row
    }

    /// A title too wide for its box ends in "…" before the corner, its padding kept, and
    /// one that fits is drawn as given ("What moves it (month" had no mark at 70 columns).
    #[test]
    fn a_title_wider_than_its_box_is_cut_with_a_mark() {
        for (title, width, drawn) in [
            (" What moves it (month 6) ", 20, "┌ What moves it (… ┐"),
            (" 影响因素（第6个月） ", 14, "┌ 影响因素… ─┐"),
            ("Minimum due this month", 16, "┌Minimum due t…┐"),
            (" Loans ", 12, "┌ Loans ───┐"),
        ] {
            assert_eq!(top(title, width), drawn);
        }
    }
}
