//! The dashboard at scale: a generated 10,000-loan store draws at 120×40 and scrolls to
//! the bottom and a page back up with the selection and every visible row where the
//! overview says they are. Correctness, not speed (the benchmarks measure speed).

mod common;

use chrono::NaiveDate;
use loandash::book::overview::Overview;
use loandash::engine::money::grouped;
use loandash::generate::generate;
use loandash::language::Language;
use loandash::store::StoreData;
use loandash::tui::app::{App, RowRef};
use loandash::tui::editor::Backing;
use loandash::tui::views;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Modifier;

const LOANS: usize = 10_000;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// The generated store, credit lines and all.
fn store() -> StoreData {
    generate(LOANS, 8, as_of())
}

fn press(app: &mut App, code: KeyCode) {
    let modifiers = match code {
        KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
        _ => KeyModifiers::NONE,
    };
    app.update(&Event::Key(KeyEvent::new(code, modifiers)));
}

fn draw(app: &App, terminal: &mut Terminal<TestBackend>) -> Buffer {
    terminal.draw(|f| views::render(app, f)).unwrap();
    terminal.backend().buffer().clone()
}

/// The name and balance a dashboard row shows.
fn expected(overview: &Overview, row: RowRef) -> (String, String) {
    match row {
        RowRef::Loan(i) => (
            overview.loans[i].name.clone(),
            grouped(overview.loans[i].balance),
        ),
        RowRef::Revolving(i) => (
            overview.revolving[i].name.clone(),
            grouped(overview.revolving[i].balance),
        ),
    }
}

/// Every visible table line shows the row the overview puts there, and the selected
/// row is drawn selected.
fn assert_table(app: &App, buffer: &Buffer, step: &str) {
    let overview = app.overview.as_ref().unwrap();
    let rows = app.rows();
    let area = app.hits.table_rows.get();
    assert!(area.height >= 10, "{step}: only {} rows fit", area.height);
    assert_eq!(app.page.get(), usize::from(area.height), "{step}");
    assert!(
        (app.offset..app.offset + usize::from(area.height)).contains(&app.selected),
        "{step}: selection {} outside the rows shown from {}",
        app.selected,
        app.offset
    );
    let shown = common::tui::rows(buffer);
    for k in 0..area.height {
        let index = app.offset + usize::from(k);
        let y = area.y + k;
        let text = &shown[usize::from(y)];
        let (name, balance) = expected(overview, rows[index]);
        assert!(
            text.contains(&name) && text.contains(&balance),
            "{step}: line {y} should show row {index} ({name}, {balance}): {text:?}"
        );
        let selected = buffer[(area.x + 2, y)]
            .modifier
            .contains(Modifier::REVERSED);
        assert_eq!(
            selected,
            index == app.selected,
            "{step}: line {y}: {text:?}"
        );
    }
}

#[test]
fn the_dashboard_of_10_000_rows_draws_and_scrolls_where_the_overview_says() {
    let data = store();
    let loans = data.loans.len();
    assert_eq!(loans, LOANS);
    let rows = loans + data.revolving.len();
    // Plain: the selected row is reversed, nothing else is.
    let mut app = common::tui::app_of(data, as_of());
    let overview = app.overview.as_ref().unwrap();
    assert_eq!(overview.loans.len() + overview.revolving.len(), rows);
    assert_eq!(app.rows().len(), rows);
    // Every credit line projected for the dashboard's limit card.
    assert!(app.limit.in_six.is_some());
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();

    let buffer = draw(&app, &mut terminal);
    assert_eq!((app.selected, app.offset), (0, 0));
    assert_table(&app, &buffer, "first frame");
    let page = app.page.get();

    // G: the last row (the last revolving account) selected, the last page shown.
    press(&mut app, KeyCode::Char('G'));
    let buffer = draw(&app, &mut terminal);
    assert_eq!(app.selected, rows - 1);
    assert_eq!(app.offset, rows - page);
    assert_eq!(app.rows()[rows - 1], RowRef::Revolving(rows - loans - 1));
    assert_table(&app, &buffer, "after G");

    // PgUp: a page up, the selection at the top of the rows shown.
    press(&mut app, KeyCode::PageUp);
    let buffer = draw(&app, &mut terminal);
    assert_eq!(app.selected, rows - 1 - page);
    assert_eq!(app.offset, app.selected);
    assert_table(&app, &buffer, "after PgUp");

    // Sorted by balance, largest first: the table follows the new order.
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Char('S'));
    let buffer = draw(&app, &mut terminal);
    assert_eq!((app.selected, app.offset), (0, 0));
    let balances = common::tui::listed_balances(&app);
    assert!(balances.windows(2).all(|w| w[0] >= w[1]));
    assert_table(&app, &buffer, "sorted by balance");
}

/// At 80×24, the size most terminals open at, the big store's dashboard keeps every
/// figure: counts grouped and plural-correct, and a figure on every bar of the strip
/// (millions as `11M`, whole and with their scale, never cut to fit). Asserted, not
/// snapshotted: the generated names and amounts are not this test's concern.
#[test]
fn the_dashboard_of_10_000_rows_at_80x24_shows_every_figure() {
    let data = store();
    let revolving = data.revolving.len();
    for (lang, counts) in [
        (
            Language::En,
            format!("10,000 loans · {revolving} revolving"),
        ),
        (
            Language::Zh,
            format!("10,000 笔借款 · {revolving} 个信用账户"),
        ),
    ] {
        let app = common::tui::opened(Backing::Demo(data.clone()), as_of(), lang);
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        let buffer = draw(&app, &mut terminal);
        let lines = common::tui::rows(&buffer);
        let text = lines.join("\n");
        assert!(text.contains(&counts), "{counts:?} in\n{text}");
        // The strip's bar row (above its month labels and bottom border): twelve figures,
        // each a number with at most one decimal and a k/M/B/T scale.
        let bars = &lines[lines.len() - 4];
        let labels: Vec<&str> = bars
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
            .filter(|t| !t.is_empty())
            .collect();
        assert_eq!(labels.len(), 12, "{bars}\n{text}");
        for label in labels {
            let digits = label.trim_end_matches(['k', 'M', 'B', 'T']);
            assert!(
                label.len() <= 4 && !digits.is_empty() && digits.parse::<f64>().is_ok(),
                "{label:?} in {bars}"
            );
        }
    }
}
