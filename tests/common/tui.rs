//! The TUI driven as a person drives it: the demo store opened, keys pressed by their
//! keymap spelling, the screen read back as text. The integration tests reach it as
//! `common::tui`; the TUI's own unit tests include this file by path, so both drive the
//! app alike.

use chrono::NaiveDate;
use loandash::demo::demo_store;
use loandash::language::Language;
use loandash::store::StoreData;
use loandash::tui::app::{App, RowRef};
use loandash::tui::editor::Backing;
use loandash::tui::keymap::{Key, Keymap};
use loandash::tui::theme::Theme;
use loandash::tui::views;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event, KeyEvent};
use rust_decimal::Decimal;
use unicode_width::UnicodeWidthStr;

/// The day the demo store is opened on.
pub fn demo_as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// The demo store opened on its day.
pub fn demo_app() -> App {
    app_of(demo_store(demo_as_of()), demo_as_of())
}

/// `data` opened in memory on `as_of`, in English.
pub fn app_of(data: StoreData, as_of: NaiveDate) -> App {
    opened(Backing::Demo(data), as_of, Language::En)
}

/// The app on `backing` as of `as_of` in `lang`, with plain colours and the shipped keys.
pub fn opened(backing: Backing, as_of: NaiveDate, lang: Language) -> App {
    App::new(
        backing,
        as_of,
        lang,
        Theme::plain(),
        Keymap::load(None).unwrap(),
    )
}

/// A key as the keymap spells it (`j`, `S`, `pagedown`, `ctrl-c`).
pub fn press(app: &mut App, key: &str) {
    let key: Key = key.parse().unwrap();
    app.update(&Event::Key(KeyEvent::from(key)));
}

/// The screen drawn at `width`×`height`, one string a row.
pub fn drawn(app: &App, width: u16, height: u16) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| views::render(app, f)).unwrap();
    rows(terminal.backend().buffer())
}

/// The loans' balances in the order the dashboard lists them.
pub fn listed_balances(app: &App) -> Vec<Decimal> {
    let overview = app.overview.as_ref().unwrap();
    app.rows()
        .iter()
        .filter_map(|r| match r {
            RowRef::Loan(i) => Some(overview.loans[*i].balance),
            RowRef::Revolving(_) => None,
        })
        .collect()
}

/// Each row as a terminal shows it: a wide (CJK) character's hidden second cell is not
/// text, so it is skipped.
pub fn rows(buffer: &Buffer) -> Vec<String> {
    (0..buffer.area.height)
        .map(|y| {
            let mut row = String::new();
            let mut hidden = 0;
            for x in 0..buffer.area.width {
                if hidden > 0 {
                    hidden -= 1;
                    continue;
                }
                let symbol = buffer[(x, y)].symbol();
                hidden = symbol.width().saturating_sub(1);
                row.push_str(symbol);
            }
            row
        })
        .collect()
}
