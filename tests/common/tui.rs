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

/// A phone loan `id` paid off in full (1,200 at 12 % over three months from 2026-01-05),
/// added to `data` with its payments: a loan nothing can prepay or pay late.
pub fn add_paid_off(data: &mut StoreData, id: &str) {
    use loandash::engine::loan::{DayCount, Method, Rate};
    use loandash::store::{Loan, PaymentRecord};
    let done = Loan {
        id: id.into(),
        name: "A phone, paid".into(),
        lender: String::new(),
        method: Method::EqualInstallment,
        principal: Decimal::new(1200, 0),
        rate: Rate::Annual(Decimal::new(12, 0)),
        day_count: DayCount::Thirty360,
        term: 3,
        start: NaiveDate::from_ymd_opt(2026, 1, 5).expect("a date"),
        fee_rate: Decimal::ZERO,
        penalty_rate: None,
        line: None,
        conventions: None,
        plan: None,
        early_interest: Default::default(),
        entered: Default::default(),
    };
    let plan = loandash::engine::schedule::build(&done.terms(), &[]).expect("a schedule");
    (data.payments).extend(
        plan.installments()
            .map(|r| PaymentRecord::paid_as_scheduled(id, r)),
    );
    data.loans.push(done);
    data.number_payments();
}

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
    rows(&buffer(app, width, height))
}

/// The buffer of the screen drawn at `width`×`height`.
pub fn buffer(app: &App, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| views::render(app, f)).unwrap();
    terminal.backend().buffer().clone()
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
