//! The loan view as a borrower a few years into a long loan sees it: it opens where the
//! loan is now, fills its table, and leaves no empty slot for what the loan lacks.

mod common;

use common::Sandbox;
use loandash::language::Language;
use loandash::store::Store;
use loandash::tui::app::{App, View};
use loandash::tui::editor::Backing;
use loandash::tui::keymap::{Key, Keymap};
use loandash::tui::theme::Theme;
use loandash::tui::views;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyEvent};

const AS_OF: &str = "2026-12-06";

fn press(app: &mut App, key: &str) {
    let key: Key = key.parse().unwrap();
    app.update(&Event::Key(KeyEvent::from(key)));
}

fn lines(app: &App) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| views::render(app, f)).unwrap();
    common::screen::rows(terminal.backend().buffer())
}

/// Rows of the schedule's box, between its header and bottom border.
fn table_rows(screen: &[String]) -> Vec<&str> {
    let header = screen.iter().position(|l| l.contains("Due date")).unwrap();
    screen[header + 1..]
        .iter()
        .take_while(|l| !l.starts_with('└'))
        .map(|l| l.trim_matches('│').trim())
        .collect()
}

#[test]
fn a_mortgage_in_its_second_year_opens_at_its_next_installment() {
    let s = Sandbox::new();
    let terms = "--principal 1000000 --annual-rate 3.1 --term 360 --method equal-installment \
                 --start 2025-03-15 --paid-through 2026-11-30";
    let add = [&["add", "--name", "mortgage"][..], &common::args(terms)].concat();
    s.ok(AS_OF, &add);
    let store = Store::open(&s.store).unwrap();
    let mut app = App::new(
        Backing::File(store),
        AS_OF.parse().unwrap(),
        Language::En,
        Theme::plain(),
        Keymap::load(None).unwrap(),
    );
    press(&mut app, "Enter");
    assert_eq!(app.view, View::Detail);
    let screen = lines(&app);
    // No lender was given: no empty "·  ·" slot where it would be.
    assert!(
        screen[1].contains("mortgage L1 · equal installment"),
        "{}",
        screen[1]
    );
    let rows = table_rows(&screen);
    assert!(
        rows[0].starts_with("19 2026-10-15"),
        "two paid rows above: {rows:?}"
    );
    assert!(rows[2].starts_with("21 2026-12-15"), "{rows:?}");
    assert!(rows.iter().all(|r| !r.is_empty()));

    // At the end of the schedule the table is still full: no empty rows under the last.
    press(&mut app, "G");
    let screen = lines(&app);
    let rows = table_rows(&screen);
    assert!(
        rows.last().unwrap().starts_with("360 2055-03-15"),
        "{rows:?}"
    );
    assert!(rows.iter().all(|r| !r.is_empty()), "{rows:?}");
}
