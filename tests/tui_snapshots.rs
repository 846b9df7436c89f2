//! Every TUI screen drawn with ratatui's `TestBackend` and checked with insta snapshots:
//! the dashboard, a loan's detail, the payments, the help, the add-loan form with an
//! inline error, the delete confirmation and the empty store, at 120×40, 100×30, 80×24
//! and 40×12, in
//! English and 简体中文, plus the "terminal too small" message at 39×11.
//!
//! Each screen is reached the way a user reaches it: key events fed to `App::update`
//! on the sample store of `--demo`, at a fixed date so the figures never move. The text
//! of a snapshot is the screen as a terminal shows it (a double-width character takes
//! two columns), with trailing blanks trimmed.
//!
//! One `Buffer` assertion checks what colour means: an overdue row is drawn in the
//! overdue style *and* carries the `!` marker, so it never rests on colour alone.

mod common;

use chrono::NaiveDate;
use common::tui::buffer as draw;
use loandash::demo::demo_store;
use loandash::language::Language;
use loandash::store::Store;
use loandash::tui::app::{App, View};
use loandash::tui::editor::Backing;
use loandash::tui::keymap::Keymap;
use loandash::tui::overlay::{Confirm, Overlay, Pending};
use loandash::tui::theme::Theme;
use loandash::tui::views;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Modifier;
use unicode_width::UnicodeWidthStr;

/// The date every screen is drawn for (the demo store is written for November 2026).
fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// The sizes every view is drawn at: roomy, in between, the size most terminals open
/// at, and the smallest supported.
const SIZES: [(u16, u16); 4] = [(120, 40), (100, 30), (80, 24), (40, 12)];

const LANGS: [(Language, &str); 2] = [(Language::En, "en"), (Language::Zh, "zh")];

fn demo_app(lang: Language, theme: Theme) -> App {
    App::new(
        Backing::Demo(demo_store(as_of())),
        as_of(),
        lang,
        theme,
        Keymap::load(None).unwrap(),
    )
}

fn press(app: &mut App, code: KeyCode) {
    let modifiers = match code {
        KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
        _ => KeyModifiers::NONE,
    };
    app.update(&Event::Key(KeyEvent::new(code, modifiers)));
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// The buffer as a terminal shows it: a wide character's hidden second cell is skipped,
/// so each line is exactly as wide on screen as the buffer (before trimming).
fn screen_text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        let mut hidden = 0usize;
        for x in 0..area.width {
            if hidden > 0 {
                hidden -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            line.push_str(symbol);
            hidden = symbol.width().saturating_sub(1);
        }
        // Every line is exactly as wide as the screen: no wide character straddles
        // the right edge.
        assert_eq!(
            line.width(),
            usize::from(area.width),
            "line {y} is not {} columns wide: {line:?}",
            area.width
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Text never runs over a frame: on every row each box that opens also closes (a
/// wide character that spills over a right border leaves a row with an odd number of
/// `│`). Checked before a snapshot is taken, so a broken screen is never recorded.
fn assert_frames_intact(name: &str, text: &str) {
    // A chart's axes are drawn with box lines too (also under the simulator's dialogs);
    // there the exact line widths that screen_text checks are what catch a spill.
    let charted = ["limit", "simulate", "scenarios", "apply"];
    if charted.iter().any(|view| name.starts_with(view)) {
        return;
    }
    for (y, line) in text.lines().enumerate() {
        let count = |c: char| line.chars().filter(|x| *x == c).count();
        assert!(
            count('│') % 2 == 0 && count('┌') == count('┐') && count('└') == count('┘'),
            "{name}: row {y} runs over a frame: {line:?}\n{text}"
        );
    }
}

/// Money is never cut: every `¥` on screen starts a whole amount, `1,234.56` (a view
/// behind an overlay is covered, not cut, so only views alone are checked).
fn assert_money_whole(name: &str, text: &str) {
    for line in text.lines() {
        for (at, _) in line.match_indices('¥') {
            let amount: String = line[at + '¥'.len_utf8()..]
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
                .collect();
            let amount = amount.trim_end_matches(',');
            let (whole, cents) = amount.split_once('.').unwrap_or((amount, ""));
            let groups: Vec<&str> = whole.split(',').collect();
            let grouped = !groups[0].is_empty()
                && groups[0].len() <= 3
                && groups[1..].iter().all(|g| g.len() == 3);
            assert!(
                grouped && cents.len() == 2 && cents.chars().all(|c| c.is_ascii_digit()),
                "{name}: a cut amount ¥{amount} in {line:?}\n{text}"
            );
        }
    }
}

/// Empty space is never left while a figure is dropped: a screen that counts what it
/// left out ("+N more") has no blank row between the tabs and the status line.
fn assert_no_blank_row_while_more(name: &str, app: &App, text: &str) {
    let more = app.strings().more;
    let (before, after) = more.split_once("{n}").unwrap();
    let counted = text.lines().any(|line| {
        line.match_indices(before).any(|(at, _)| {
            let rest = &line[at + before.len()..];
            let digits = rest.chars().take_while(char::is_ascii_digit).count();
            digits > 0 && rest[digits..].starts_with(after)
        })
    });
    if !counted {
        return;
    }
    let lines: Vec<&str> = text.lines().collect();
    for (y, line) in lines.iter().enumerate().take(lines.len() - 1).skip(1) {
        assert!(
            !line.is_empty(),
            "{name}: row {y} is blank while a figure is left out\n{text}"
        );
    }
}

fn snapshot(name: &str, app: &App, width: u16, height: u16) {
    let buffer = draw(app, width, height);
    let text = screen_text(&buffer);
    assert_frames_intact(name, &text);
    if matches!(app.overlay, Overlay::None) {
        assert_money_whole(name, &text);
        assert_no_blank_row_while_more(name, app, &text);
        common::assert_no_blank_box_feet(&buffer, name);
    }
    insta::assert_snapshot!(name, text);
}

/// Without credit lines the cards are as tall as their lines: the credit and limit
/// cards, one line each, kept two blank rows inside their frames at 112×40.
#[test]
fn cards_without_credit_lines_have_no_blank_rows() {
    let mut data = demo_store(as_of());
    data.lines.clear();
    for loan in &mut data.loans {
        loan.line = None;
    }
    data.validate().unwrap();
    for (lang, _) in LANGS {
        let app = App::new(
            Backing::Demo(data.clone()),
            as_of(),
            lang,
            Theme::plain(),
            Keymap::load(None).unwrap(),
        );
        let buffer = draw(&app, 112, 40);
        let text = screen_text(&buffer);
        assert!(
            text.contains(lang.strings().no_lines),
            "{lang:?}: cards\n{text}"
        );
        common::assert_no_blank_box_feet(&buffer, &format!("{lang:?}"));
    }
}

/// At 40×12 the next payment names what it is for, if only its start: the overdue
/// date gives up its word, "!" still marks it (the name was dropped without a mark).
#[test]
fn the_next_payment_names_its_loan_at_40x12() {
    for (lang, _) in LANGS {
        let s = lang.strings();
        let app = demo_app(lang, Theme::plain());
        let text = screen_text(&draw(&app, 40, 12));
        let line = text.lines().find(|l| l.starts_with(s.next_payment));
        let line = line.unwrap_or_else(|| panic!("{lang:?}: no next payment\n{text}"));
        assert!(
            line.contains("11-15 !") && line.contains("微粒"),
            "{lang:?}:\n{text}"
        );
    }
}

/// Select the dashboard row of loan `id`.
fn select_loan(app: &mut App, id: &str) {
    press(app, KeyCode::Char('g'));
    for _ in 0..app.rows().len() {
        if app.selected_loan_id().as_deref() == Some(id) {
            return;
        }
        press(app, KeyCode::Char('j'));
    }
    panic!("no dashboard row for loan {id}");
}

/// The simulator opened on the overdue loan, then `keys` pressed in turn (P prepay,
/// B borrow, D pay late, M budget, w save, A apply).
fn simulate_overdue_loan(app: &mut App, keys: &str) {
    select_loan(app, OVERDUE_LOAN);
    press(app, KeyCode::Char('5'));
    for key in keys.chars() {
        press(app, KeyCode::Char(key));
    }
}

/// The demo's loan with an overdue installment.
const OVERDUE_LOAN: &str = "L2";

/// Run `setup` on a fresh demo app and snapshot the result in both languages and sizes.
fn every_language_and_size(view: &str, setup: impl Fn(&mut App)) {
    for (lang, code) in LANGS {
        for (width, height) in SIZES {
            let mut app = demo_app(lang, Theme::plain());
            setup(&mut app);
            snapshot(
                &format!("{view}_{code}_{width}x{height}"),
                &app,
                width,
                height,
            );
        }
    }
}

#[test]
fn dashboard() {
    every_language_and_size("dashboard", |app| {
        assert_eq!(app.view, View::Dashboard);
    });
}

/// A headline figure with no row is never dropped silently: the loans table's bottom
/// border counts and names those left out (issue 16: at 40×12 Credit lines and Limit in
/// 6 months went without a mark), and says nothing while every figure shows.
#[test]
fn a_figure_left_out_of_the_dashboard_is_counted() {
    for (lang, _) in LANGS {
        let s = lang.strings();
        let app = demo_app(lang, Theme::plain());
        for (width, height) in [(40, 12), (40, 14), (40, 16), (80, 12), (80, 24), (120, 40)] {
            let text = screen_text(&draw(&app, width, height));
            // A figure's line starts with its label (cut with … only where narrow).
            let missing = [s.outstanding, s.next_payment, s.credit, s.projected_limit]
                .iter()
                .filter(|label| {
                    let start: String = label.chars().take(3).collect();
                    !text.lines().any(|row| row.starts_with(&start))
                        && !text.contains(&format!("┌{label}"))
                })
                .count();
            let count = |n: usize| {
                format!(
                    "└ {}{}",
                    s.more.replace("{n}", &n.to_string()),
                    lang.colon()
                )
            };
            if missing > 0 {
                assert!(
                    text.contains(&count(missing)),
                    "{width}×{height}: {missing} left out\n{text}"
                );
                // Each named whole, in full or short ("Limi…" said nothing), or "…".
                let names = [
                    s.outstanding,
                    s.outstanding_short,
                    s.next_payment,
                    s.next_payment_short,
                    s.credit,
                    s.credit_short,
                    s.projected_limit,
                    s.projected_limit_short,
                    "…",
                ];
                common::assert_more_note_names_whole(
                    &text,
                    lang,
                    &names,
                    &format!("{width}×{height}"),
                );
            } else {
                let before = s.more.split_once("{n}").map_or(s.more, |(b, _)| b);
                let marked = format!("└ {before}");
                assert!(!text.contains(&marked), "{width}×{height}:\n{text}");
            }
        }
    }
}

/// The next payment is the earliest one still owed: once this month's installments are
/// paid, a card cut on the 20th and due on the 8th of next month comes before a loan's
/// installment on the 15th (it showed the loan's, while `status` named the card's date).
#[test]
fn the_next_payment_counts_a_card_falling_due_next_month() {
    use loandash::engine::loan::{LoanInput, LoanTerms, Method};
    use loandash::engine::revolving::InterestBasis;
    use loandash::store::{Loan, PaymentRecord, RevolvingAccount, StoreData};
    let day = |text: &str| text.parse::<NaiveDate>().unwrap();
    let terms = LoanTerms::new(&LoanInput {
        principal: Some("12000".parse().unwrap()),
        daily_rate: Some("0.04".parse().unwrap()),
        term: Some(12),
        method: Some(Method::EqualInstallment),
        start: Some(day("2026-06-15")),
        ..LoanInput::default()
    })
    .unwrap();
    let loan = Loan::with_terms("L1".into(), "借呗".into(), String::new(), &terms);
    let schedule = loandash::engine::schedule::build(&terms, &[]).unwrap();
    let payments = schedule
        .installments()
        .filter(|r| r.due_date <= as_of())
        .map(|r| PaymentRecord::scheduled("L1", r.due_date, r.payment))
        .collect();
    let card = RevolvingAccount {
        id: "R1".into(),
        name: "招行信用卡".into(),
        lender: String::new(),
        statement_balance: "3456.78".parse().unwrap(),
        statement_day: 20,
        due_day: 8,
        daily_rate: "0.05".parse().unwrap(),
        min_percent: "10".parse().unwrap(),
        min_floor: "0".parse().unwrap(),
        basis: InterestBasis::Remainder,
        line: None,
    };
    let data = StoreData {
        loans: vec![loan],
        revolving: vec![card],
        payments,
        ..StoreData::default()
    };
    let app = App::new(
        Backing::Demo(data),
        as_of(),
        Language::En,
        Theme::plain(),
        Keymap::load(None).unwrap(),
    );
    let text = screen_text(&draw(&app, 80, 24));
    let next = text
        .lines()
        .find(|l| l.starts_with("Next payment"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(next.contains("¥345.68") && next.contains("12-08"), "{text}");
}

#[test]
fn loan_detail() {
    every_language_and_size("detail", |app| {
        select_loan(app, OVERDUE_LOAN);
        press(app, KeyCode::Enter);
        assert_eq!(app.view, View::Detail);
        assert_eq!(
            app.detail.as_ref().map(|(id, _)| id.as_str()),
            Some(OVERDUE_LOAN)
        );
    });
}

#[test]
fn revolving_detail() {
    every_language_and_size("revolving_detail", |app| {
        press(app, KeyCode::Char('G'));
        press(app, KeyCode::Enter);
        assert_eq!(app.view, View::Detail);
        assert_eq!(app.detail, None, "no loan: the account is shown");
    });
}

/// The demo's car loan held against a plan that truncates to the cent (written by the
/// engine with `rounding: down`).
#[test]
fn detail_lender_plan() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("car.csv");
    let data = loandash::demo::demo_store(as_of());
    let mut input = loandash::engine::loan::LoanInput::from(&data.loan("L3").unwrap().terms());
    input.conventions.rounding = loandash::engine::money::Rounding::Down;
    let terms = loandash::engine::loan::LoanTerms::new(&input).unwrap();
    let mut text = String::from("期数,还款日,应还金额,本金,利息\n");
    for r in loandash::engine::schedule::build(&terms, &[]).unwrap().rows {
        text.push_str(&format!(
            "{},{},{},{},{}\n",
            r.period, r.due_date, r.payment, r.principal, r.interest
        ));
    }
    std::fs::write(&path, text).unwrap();
    every_language_and_size("detail_lender_plan", |app| {
        select_loan(app, "L3");
        press(app, KeyCode::Char('f'));
        type_text(app, path.to_str().unwrap());
        press(app, KeyCode::Enter);
        press(app, KeyCode::Char('j'));
        assert_eq!(app.view, View::Detail);
        assert_eq!(app.plans.len(), 1);
    });
}

#[test]
fn payments() {
    every_language_and_size("payments", |app| {
        press(app, KeyCode::Char('3'));
        assert_eq!(app.view, View::Payments);
        assert!(!app.data().payments.is_empty());
    });
}

/// At the size most terminals open at, each payment shows what it paid for: its principal
/// and interest as the replay split it (an account's payment has no split: "—").
#[test]
fn payments_show_principal_and_interest_at_80x24() {
    let mut app = demo_app(Language::En, Theme::plain());
    press(&mut app, KeyCode::Char('3'));
    let text = screen_text(&draw(&app, 80, 24));
    let header = text.lines().nth(2).expect("the table header");
    assert!(
        header.contains("Principal") && header.contains("Interest"),
        "{text}"
    );
    let Ok(listed) = app.payments() else {
        panic!("the demo's payments replay");
    };
    let row = |id: &str| {
        let label = format!("│{id} ");
        text.lines()
            .find(|l| l.starts_with(&label))
            .unwrap_or_else(|| panic!("{id} on screen:\n{text}"))
            .to_string()
    };
    let shown = listed
        .iter()
        .take(20)
        .filter(|p| text.contains(&format!("│P{} ", p.id)));
    let mut split = 0;
    for p in shown {
        let line = row(&format!("P{}", p.id));
        let cells: Vec<&str> = line.split_whitespace().collect();
        match &p.parts {
            Some(parts) => {
                split += 1;
                for figure in [parts.principal, parts.interest] {
                    let money = format!("¥{}", loandash::engine::money::grouped(figure));
                    assert!(cells.contains(&money.as_str()), "{money} in {line}");
                }
            }
            None => assert!(cells.contains(&"—"), "an account's payment: {line}"),
        }
    }
    assert!(split > 0, "a loan's payment is on screen:\n{text}");
}

#[test]
fn limit_projection() {
    every_language_and_size("limit", |app| {
        press(app, KeyCode::Char('4'));
        assert_eq!(app.view, View::Limit);
        assert!(
            matches!(app.limit.projection, Some(Ok(_))),
            "{:?}",
            app.limit.projection
        );
    });
}

#[test]
fn simulator() {
    every_language_and_size("simulate", |app| {
        simulate_overdue_loan(app, "P");
        press(app, KeyCode::Right);
        assert!(app.sim.as_ref().is_some_and(|s| s.comparison.is_ok()));
    });
}

/// A what-if of every kind, the borrowing selected: the selected one and its keys stay
/// in sight, the summary's entries are whole (the plans with their heading) and those
/// left out are counted.
#[test]
fn simulator_with_every_kind() {
    every_language_and_size("simulate_every_kind", |app| {
        simulate_overdue_loan(app, "PBDM");
        press(app, KeyCode::Up);
        press(app, KeyCode::Up);
        assert_eq!(app.sim.as_ref().map(|s| s.items.len()), Some(4));
    });
    for (lang, _) in LANGS {
        for (width, height) in SIZES {
            let mut app = demo_app(lang, Theme::plain());
            press(&mut app, KeyCode::Char('5'));
            for key in ['P', 'B', 'D', 'M'] {
                press(&mut app, KeyCode::Char(key));
            }
            let text = screen_text(&draw(&app, width, height));
            let s = lang.strings();
            // The budget is selected: its line and its keys show.
            assert!(text.contains(&format!("‹ {}", s.sim_budget)), "{text}");
            assert!(
                text.contains(s.sim_keys_common.split(" · ").next().unwrap()),
                "{text}"
            );
            if text.contains(s.sim_plans) {
                assert!(
                    text.contains(s.sim_avalanche) && text.contains(s.sim_snowball),
                    "{text}"
                );
            }
        }
    }
}

/// A budget asks for the payoff plans: with a what-if of every kind, whichever is
/// selected, they show whole from 80×24, ahead of the entries the budget does not move
/// (issue 16: at 100×30 they were counted out, "+1 more").
#[test]
fn the_budget_plans_show_beside_every_other_what_if() {
    for (lang, _) in LANGS {
        let s = lang.strings();
        for selected in 0..4 {
            let mut app = demo_app(lang, Theme::plain());
            press(&mut app, KeyCode::Char('5'));
            for key in ['P', 'B', 'D', 'M'] {
                press(&mut app, KeyCode::Char(key));
            }
            for _ in selected..3 {
                press(&mut app, KeyCode::Up);
            }
            assert_eq!(app.sim.as_ref().map(|s| s.selected), Some(selected));
            for (width, height) in [(120, 40), (100, 30), (80, 24)] {
                let text = screen_text(&draw(&app, width, height));
                for part in [s.sim_plans, s.sim_minimums, s.sim_avalanche, s.sim_snowball] {
                    assert!(
                        text.contains(part),
                        "{width}×{height}, what-if {selected} selected: {part}\n{text}"
                    );
                }
            }
        }
    }
}

/// With the budget selected, a small screen keeps its plans (in short: the two plans'
/// names and figures) before the entries above them, never a card's line in their
/// place (issue 16: at 40×12 the plans were counted out while the 花呗 line showed).
#[test]
fn a_selected_budget_keeps_its_plans_on_a_small_screen() {
    for (lang, _) in LANGS {
        let s = lang.strings();
        let mut app = demo_app(lang, Theme::plain());
        press(&mut app, KeyCode::Char('5'));
        press(&mut app, KeyCode::Char('M'));
        for (width, height) in [(40, 12), (40, 16), (60, 14), (80, 24)] {
            let text = screen_text(&draw(&app, width, height));
            for plan in [s.sim_avalanche_short, s.sim_snowball_short] {
                assert!(text.contains(plan), "{width}×{height}: {plan}\n{text}");
            }
        }
    }
}

/// The simulator before any what-if: how to add one, and the store's own figures and
/// months below it (the month table too, where there is room).
#[test]
fn simulator_empty() {
    every_language_and_size("simulate_empty", |app| {
        press(app, KeyCode::Char('5'));
        assert!(app.sim.as_ref().is_some_and(|s| s.items.is_empty()));
    });
}

/// The saved scenarios, one just saved under a name and highlighted.
#[test]
fn saved_scenarios() {
    every_language_and_size("scenarios", |app| {
        simulate_overdue_loan(app, "Pw");
        type_text(app, "装修 plan");
        press(app, KeyCode::Enter);
        press(app, KeyCode::Char('o'));
        assert!(matches!(app.overlay, Overlay::Scenarios { .. }));
    });
}

/// With no scenario saved, the list's hint offers only what works: closing it (it
/// offered ↑↓, d and Enter on nothing).
#[test]
fn an_empty_scenario_list_offers_only_closing() {
    for (lang, _) in LANGS {
        let s = lang.strings();
        let keys = [
            format!("↑↓ {}", s.hint_select),
            format!("d {}", s.hint_delete),
            format!("Enter {}", s.hint_open),
            format!("Esc {}", s.hint_close),
        ];
        let mut app = demo_app(lang, Theme::plain());
        press(&mut app, KeyCode::Char('5'));
        press(&mut app, KeyCode::Char('o'));
        assert!(matches!(app.overlay, Overlay::Scenarios { .. }));
        for (width, height) in SIZES {
            let text = screen_text(&draw(&app, width, height));
            // The popup's rows: centred, 60 columns at most, from its title down.
            let popup = 60.min(usize::from(width));
            let left = (usize::from(width) - popup) / 2;
            let title = format!("┌ {} ", s.scenarios_title);
            let inside: Vec<String> = text
                .lines()
                .skip_while(|row| !row.contains(&title))
                .map(|row| {
                    let mut at = 0;
                    let mut cell = String::new();
                    for c in row.chars() {
                        if (left..left + popup).contains(&at) {
                            cell.push(c);
                        }
                        at += c.to_string().width();
                    }
                    cell
                })
                .collect();
            let footer = inside
                .iter()
                .position(|row| row.starts_with('└'))
                .and_then(|end| inside.get(end - 1))
                .unwrap_or_else(|| panic!("the popup's footer:\n{text}"));
            assert!(footer.contains(&keys[keys.len() - 1]), "{text}");
            for key in &keys[..keys.len() - 1] {
                assert!(!footer.contains(key.as_str()), "{key}:\n{text}");
            }
        }
    }
}

/// Applying a scenario asks first, listing what each what-if writes or why it cannot:
/// the prepayment settles the overdue installment first, as `pay` does.
#[test]
fn apply_confirmation() {
    every_language_and_size("apply", |app| {
        simulate_overdue_loan(app, "PBDA");
        assert!(
            matches!(
                app.overlay,
                Overlay::Confirm(Confirm {
                    pending: Pending::Apply(_),
                    ..
                })
            ),
            "{:?}",
            app.status
        );
    });
}

/// A new prepayment starts on a loan that still owes something, and `t` passes over
/// loans paid off (issue 16: on a generated store the first row, paid off, opened the
/// simulator on "date 2026-12-07 is after the loan ends" in place of every figure).
#[test]
fn a_what_if_acts_only_on_loans_that_still_owe() {
    use loandash::store::WhatIf;
    let mut data = demo_store(as_of());
    common::tui::add_paid_off(&mut data, "L9");
    data.validate().unwrap();
    let mut app = App::new(
        Backing::Demo(data),
        as_of(),
        Language::En,
        Theme::plain(),
        Keymap::load(None).unwrap(),
    );
    // Sorted by name, the paid-off loan is the first row, selected.
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(app.selected_loan_id().as_deref(), Some("L9"));
    press(&mut app, KeyCode::Char('5'));
    for kind in ['P', 'D'] {
        press(&mut app, KeyCode::Char(kind));
        for _ in 0..=app.data().loans.len() {
            let sim = app.sim.as_ref().unwrap();
            let loan = match &sim.items[sim.selected] {
                WhatIf::Prepay { loan, .. } | WhatIf::Late { loan, .. } => loan.clone(),
                other => panic!("{other:?}"),
            };
            assert_ne!(loan, "L9", "{kind}: a what-if on a loan paid off");
            let text = screen_text(&draw(&app, 100, 30));
            assert!(!text.contains("after the loan ends"), "{text}");
            press(&mut app, KeyCode::Char('t'));
        }
    }
}

/// The demo's simulator with a prepayment and a borrowing raised `presses` times by `L`
/// (50 or more borrow past what its line has left).
fn prepay_and_borrow_past_the_line(lang: Language, presses: usize) -> App {
    let mut app = demo_app(lang, Theme::plain());
    for key in ['5', 'P', 'B'] {
        press(&mut app, KeyCode::Char(key));
    }
    for _ in 0..presses {
        press(&mut app, KeyCode::Char('L'));
    }
    app
}

/// A what-if that cannot apply (borrowing more than the line has left) says so as "not
/// applicable" with its reason, and the others' figures still show below it (it blanked
/// every figure, its reason alone in a box of empty rows).
#[test]
fn a_what_if_that_cannot_apply_leaves_the_others_figures() {
    for (lang, _) in LANGS {
        let s = lang.strings();
        let app = prepay_and_borrow_past_the_line(lang, 50);
        let sim = app.sim.as_ref().unwrap();
        assert!(sim.comparison.is_err(), "{:?}", sim.items);
        let buffer = draw(&app, 80, 24);
        let text = screen_text(&buffer);
        assert!(text.contains(s.limit_not_applicable), "{lang:?}:\n{text}");
        // The prepayment's figures: it saves interest.
        let others = sim.others.as_ref().unwrap();
        assert!(others.interest_saved() > rust_decimal::Decimal::ZERO);
        assert!(
            text.contains(s.sim_total_interest) && text.contains("2026-12 ¥"),
            "{lang:?}: the prepayment's figures and the months\n{text}"
        );
        common::assert_no_blank_box_feet(&buffer, &format!("{lang:?}"));
    }
}

/// With a what-if that cannot apply and another one selected, adjusting the selected one
/// keeps the figures: the one that cannot apply is left out, named with its reason (it
/// re-evaluated without the selected one, which still failed, and blanked every figure).
#[test]
fn adjusting_another_what_if_keeps_the_figures_beside_one_that_cannot_apply() {
    for (lang, _) in LANGS {
        let s = lang.strings();
        let mut app = prepay_and_borrow_past_the_line(lang, 60);
        press(&mut app, KeyCode::Up);
        press(&mut app, KeyCode::Right);
        let sim = app.sim.as_ref().unwrap();
        assert_eq!(sim.selected, 0, "{:?}", sim.items);
        assert!(sim.comparison.is_err(), "{:?}", sim.items);
        let failing: Vec<usize> = sim.not_applicable.iter().map(|(i, _)| *i).collect();
        assert_eq!(failing, [1], "the borrowing alone cannot apply");
        let others = sim.others.as_ref().expect("the prepayment's figures");
        assert!(others.interest_saved() > rust_decimal::Decimal::ZERO);
        let buffer = draw(&app, 80, 24);
        let text = screen_text(&buffer);
        assert!(
            text.contains(s.limit_not_applicable) && text.contains(s.sim_total_interest),
            "{lang:?}:\n{text}"
        );
        // The reason is led by the what-if it belongs to, the borrowing.
        let borrow = format!("{} ¥", s.sim_borrow);
        let reason_line = text
            .lines()
            .find(|l| l.contains(&borrow) && l.contains(" — "));
        assert!(reason_line.is_some(), "{lang:?}:\n{text}");
        common::assert_no_blank_box_feet(&buffer, &format!("{lang:?}"));
    }
}

/// A prepayment applied on a day nothing falls due says what it pays, not "¥0.00 due
/// now" (当期应还 ¥0.00 read as if an installment were due and nothing owed).
#[test]
fn applying_a_prepayment_between_due_dates_names_no_zero_due() {
    for (lang, _) in LANGS {
        let mut app = demo_app(lang, Theme::plain());
        // The car loan falls due on the 10th; the demo is opened on the 23rd.
        select_loan(&mut app, "L3");
        press(&mut app, KeyCode::Char('5'));
        press(&mut app, KeyCode::Char('P'));
        press(&mut app, KeyCode::Char('A'));
        let text = screen_text(&draw(&app, 100, 30));
        let zero_due = match lang {
            Language::En => "¥0.00 due now",
            Language::Zh => "当期应还 ¥0.00",
        };
        let prepaid = match lang {
            Language::En => "¥1,000.00 prepaid",
            Language::Zh => "提前还本 ¥1,000.00",
        };
        assert!(
            !text.contains(zero_due) && text.contains(prepaid),
            "{lang:?}:\n{text}"
        );
    }
}

/// The payment form on the overdue loan, prefilled with what settles its next
/// installment; the loan (a choice) is focused, so ←→ are named. Its keys fit one line.
#[test]
fn pay_form() {
    every_language_and_size("pay_form", |app| {
        select_loan(app, OVERDUE_LOAN);
        press(app, KeyCode::Char('p'));
        assert!(matches!(app.overlay, Overlay::Form(_)));
    });
    for (lang, code) in LANGS {
        for (width, height) in SIZES {
            let mut app = demo_app(lang, Theme::plain());
            select_loan(&mut app, OVERDUE_LOAN);
            press(&mut app, KeyCode::Char('p'));
            let text = screen_text(&draw(&app, width, height));
            let s = app.strings();
            // The hint is the form's last line inside its frame: whole, on one line.
            let hint = text
                .lines()
                .filter(|l| l.contains(s.form_key_cancel))
                .collect::<Vec<_>>();
            assert_eq!(hint.len(), 1, "{code} {width}x{height}:\n{text}");
            assert!(hint[0].contains(s.form_key_save), "{code}:\n{text}");
        }
    }
}

/// The form adding a revolving account (花呗, a card), empty.
#[test]
fn add_revolving_form() {
    every_language_and_size("add_revolving_form", |app| {
        press(app, KeyCode::Char('r'));
        assert!(matches!(app.overlay, Overlay::Form(_)));
    });
}

#[test]
fn help_overlay() {
    every_language_and_size("help", |app| {
        press(app, KeyCode::Char('?'));
        assert!(matches!(app.overlay, Overlay::Help));
    });
}

/// Issue 16: the help sits between the tab bar and the status bar; both stay whole at
/// every size, in both languages.
#[test]
fn the_help_leaves_the_tab_and_status_bars_in_sight() {
    for (lang, code) in LANGS {
        for (width, height) in SIZES {
            let mut app = demo_app(lang, Theme::plain());
            let before = screen_text(&draw(&app, width, height));
            press(&mut app, KeyCode::Char('?'));
            let after = screen_text(&draw(&app, width, height));
            let first = |t: &str| t.lines().next().unwrap_or_default().to_string();
            let last = |t: &str| t.lines().last().unwrap_or_default().to_string();
            assert_eq!(first(&after), first(&before), "{code} {width}x{height}");
            // The status bar stays, now with the help's own keys.
            let hint = views::key_hint(&app, usize::from(width));
            assert_eq!(last(&after), hint, "{code} {width}x{height}");
        }
    }
}

/// Issue 16: a form taller than the screen sits between the tab and status bars, keeps its
/// key hint in sight, scrolls with the cursor and marks the fields hidden above and below.
#[test]
fn a_form_at_40x12_keeps_the_bars_and_its_hint_and_marks_hidden_fields() {
    for (lang, code) in LANGS {
        let mut app = demo_app(lang, Theme::plain());
        let tabs = screen_text(&draw(&app, 40, 12))
            .lines()
            .next()
            .unwrap()
            .to_string();
        press(&mut app, KeyCode::Char('a'));
        let hint_start = app.strings().form_key_save;
        let title = |text: &str| text.lines().nth(1).unwrap_or_default().to_string();
        let text = screen_text(&draw(&app, 40, 12));
        assert_eq!(text.lines().next().unwrap(), tabs, "{code}: {text}");
        assert!(text.contains(hint_start), "{code}: the hint shows: {text}");
        assert!(
            title(&text).contains('↓') && !title(&text).contains('↑'),
            "{code}: {text}"
        );
        for _ in 0..6 {
            press(&mut app, KeyCode::Tab);
        }
        let text = screen_text(&draw(&app, 40, 12));
        assert!(title(&text).contains("↑ ↓"), "{code}: {text}");
        assert!(text.contains(hint_start), "{code}: {text}");
        assert!(
            text.contains('›'),
            "{code}: the cursor's field shows: {text}"
        );
    }
}

/// A table with more rows than it shows counts those out of sight on its bottom border,
/// above and below, as the selection moves (the demo's five rows at 40×12 show three).
#[test]
fn rows_out_of_sight_are_counted() {
    for (lang, code) in LANGS {
        let mut app = demo_app(lang, Theme::plain());
        let bottom = |app: &App| {
            let text = screen_text(&draw(app, 40, 12));
            let line = text.lines().rev().find(|l| l.starts_with('└')).unwrap();
            line.to_string()
        };
        assert!(bottom(&app).ends_with(" ↓2 ┘"), "{code}: {}", bottom(&app));
        press(&mut app, KeyCode::Char('G'));
        assert!(bottom(&app).ends_with(" ↑2 ┘"), "{code}: {}", bottom(&app));
        press(&mut app, KeyCode::Up);
        press(&mut app, KeyCode::Up);
        press(&mut app, KeyCode::Up);
        assert!(
            bottom(&app).ends_with(" ↑1 ↓1 ┘"),
            "{code}: {}",
            bottom(&app)
        );
        // Scrolled there, then roomy enough for every row: all of them, no count.
        let text = screen_text(&draw(&app, 80, 24));
        let borders = text.lines().filter(|l| l.starts_with('└'));
        assert!(
            borders
                .clone()
                .all(|l| !l.contains('↓') && !l.contains('↑')),
            "{code}: {text}"
        );
    }
}

/// A value wider than its form is never cut silently at the frame: a choice keeps its
/// marks with the name cut by "…" inside them, text being typed shows its end and the
/// cursor after a "…", and typed text not focused ends in "…".
#[test]
fn form_values_wider_than_the_form_are_cut_with_a_mark() {
    let long = "装修贷款（客厅与厨房翻新工程第二期）and more words";
    for (lang, code) in LANGS {
        let mut data = demo_store(as_of());
        let loan = data
            .loans
            .iter_mut()
            .find(|l| l.id == OVERDUE_LOAN)
            .unwrap();
        loan.name = long.into();
        let mut app = App::new(
            Backing::Demo(data),
            as_of(),
            lang,
            Theme::plain(),
            Keymap::load(None).unwrap(),
        );
        select_loan(&mut app, OVERDUE_LOAN);
        press(&mut app, KeyCode::Char('p'));
        let text = screen_text(&draw(&app, 40, 12));
        let choice = text.lines().find(|l| l.contains('‹')).unwrap();
        assert!(choice.contains("… ›"), "{code}: {text}");

        let mut app = demo_app(lang, Theme::plain());
        press(&mut app, KeyCode::Char('a'));
        type_text(&mut app, long);
        let text = screen_text(&draw(&app, 40, 12));
        assert!(
            text.lines()
                .any(|l| l.contains("…") && l.contains("more words▏")),
            "{code}: the end typed and the cursor show: {text}"
        );
        press(&mut app, KeyCode::Tab);
        let text = screen_text(&draw(&app, 40, 12));
        assert!(
            text.lines()
                .any(|l| l.contains("装修贷款") && l.contains('…')),
            "{code}: {text}"
        );
    }
}

/// The add-loan form after a bad principal and Enter: the field is marked, the message
/// sits under it, the cursor is on it, and nothing was saved.
fn add_loan_with_a_bad_principal(app: &mut App) {
    let loans = app.data().loans.len();
    press(app, KeyCode::Char('a'));
    type_text(app, "装修贷");
    (0..3).for_each(|_| press(app, KeyCode::Tab));
    type_text(app, "12,34x");
    press(app, KeyCode::Enter);
    let Overlay::Form(form) = &app.overlay else {
        panic!("the form closed on a bad principal");
    };
    let (at, _) = form.problem.as_ref().expect("the form names a problem");
    assert_eq!(form.fields[*at].key.flag(), "principal");
    assert_eq!(form.fields[form.focus].key.flag(), "principal");
    assert!(app.status.as_ref().is_some_and(|s| s.error));
    assert_eq!(app.data().loans.len(), loans);
}

/// In a form every value starts in the same screen column, whatever the width of the
/// labels' characters (CJK labels are two columns a character).
fn assert_form_values_line_up(name: &str, app: &App, text: &str) {
    let Overlay::Form(form) = &app.overlay else {
        panic!("no form open");
    };
    let strings = app.strings();
    let mut starts = Vec::new();
    for field in &form.fields {
        let (label, value) = ((field.label)(strings), field.display(strings));
        if value.is_empty() {
            continue;
        }
        // The field's row: its label, then (after padding) its value.
        let Some(line) = text.lines().find(|l| {
            l.find(label)
                .is_some_and(|at| l[at + label.len()..].trim_start().starts_with(&value))
        }) else {
            continue; // below the bottom of a small screen
        };
        let label_at = line.find(label).unwrap();
        let value_at =
            label_at + label.len() + line[label_at + label.len()..].find(&value).unwrap();
        starts.push((line[..value_at].width(), line.to_string()));
    }
    assert!(starts.len() >= 3, "{name}: too few fields found:\n{text}");
    let first = starts[0].0;
    for (column, line) in &starts {
        assert_eq!(
            *column, first,
            "{name}: a value does not line up with the others: {line:?}\n{text}"
        );
    }
}

#[test]
fn add_loan_form_with_an_inline_error() {
    for (lang, code) in LANGS {
        for (width, height) in SIZES {
            let name = format!("add_loan_error_{code}_{width}x{height}");
            let mut app = demo_app(lang, Theme::plain());
            add_loan_with_a_bad_principal(&mut app);
            let text = screen_text(&draw(&app, width, height));
            // Narrow forms put each value under its label instead.
            if width >= 80 {
                assert_form_values_line_up(&name, &app, &text);
            }
            snapshot(&name, &app, width, height);
        }
    }
}

/// The status bar's key hint is the view's own, built from the keymap: only whole items,
/// help and quit always there, whatever the width.
#[test]
fn key_hints_follow_the_view_and_are_never_cut() {
    for (lang, code) in LANGS {
        let mut app = demo_app(lang, Theme::plain());
        let mut hints = Vec::new();
        for view in ['1', '2', '3', '4', '5'] {
            press(&mut app, KeyCode::Char(view));
            let full = views::key_hint(&app, usize::MAX);
            let items: Vec<&str> = full.split(" · ").collect();
            for width in 40..=130 {
                let text = screen_text(&draw(&app, width, 24));
                let status = text.lines().last().unwrap().trim_end();
                let shown: Vec<&str> = status.split(" · ").collect();
                assert!(
                    shown.iter().all(|item| items.contains(item))
                        && shown.ends_with(&items[items.len() - 2..]),
                    "{code} view {view} at {width} columns: {status:?} of {full:?}"
                );
            }
            hints.push(full);
        }
        hints.dedup();
        assert_eq!(hints.len(), 5, "each view has its own hint: {hints:?}");
    }
}

/// A key rebound in the user's keymap shows in the hint as bound.
#[test]
fn the_key_hint_shows_the_users_keys() {
    let keymap = Keymap::load(Some(r#"{"p": "sim-prepay", "n": "pay"}"#)).unwrap();
    let app = App::new(
        Backing::Demo(demo_store(as_of())),
        as_of(),
        Language::En,
        Theme::plain(),
        keymap,
    );
    let hint = views::key_hint(&app, usize::MAX);
    assert!(hint.contains("n pay") && !hint.contains("p pay"), "{hint}");
    assert!(hint.starts_with("↑↓ select · Enter open"), "{hint}");
}

/// The saved scenarios' list says the keys as the user bound them: the key that saves
/// one, and those of the list (it said "w" and "Esc" whatever the keymap).
#[test]
fn the_scenario_list_shows_the_users_keys() {
    let keymap = Keymap::load(Some(
        r#"{"W": "sim-save", "w": "sim-discard", "f2": "back"}"#,
    ))
    .unwrap();
    let mut app = App::new(
        Backing::Demo(demo_store(as_of())),
        as_of(),
        Language::En,
        Theme::plain(),
        keymap,
    );
    press(&mut app, KeyCode::Char('5'));
    press(&mut app, KeyCode::Char('o'));
    let text = screen_text(&draw(&app, 80, 24));
    assert!(text.contains("No saved scenario yet: W saves"), "{text}");
    assert!(text.contains("F2 close"), "{text}");
    press(&mut app, KeyCode::F(2));
    assert!(matches!(app.overlay, Overlay::None), "F2 closes the list");
    // With one saved, the list's keys: ↑↓, d and Enter as bound, F2 to close.
    press(&mut app, KeyCode::Char('P'));
    press(&mut app, KeyCode::Char('W'));
    type_text(&mut app, "plan");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('o'));
    let text = screen_text(&draw(&app, 80, 24));
    assert!(
        text.contains("↑↓ select · d delete · Enter open · F2 close"),
        "{text}"
    );
}

#[test]
fn delete_confirmation() {
    every_language_and_size("confirm_delete", |app| {
        select_loan(app, OVERDUE_LOAN);
        press(app, KeyCode::Char('d'));
        assert!(matches!(
            app.overlay,
            Overlay::Confirm(Confirm {
                pending: Pending::DeleteDebt(_),
                ..
            })
        ));
    });
}

#[test]
fn empty_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("loans.ron");
    for (lang, code) in LANGS {
        for (width, height) in SIZES {
            let app = App::new(
                Backing::File(Store::open(&path).unwrap()),
                as_of(),
                lang,
                Theme::plain(),
                Keymap::load(None).unwrap(),
            );
            assert!(app.rows().is_empty());
            snapshot(
                &format!("empty_{code}_{width}x{height}"),
                &app,
                width,
                height,
            );
        }
    }
    // Drawing saves nothing.
    assert!(!path.exists());
}

#[test]
fn terminal_too_small() {
    for (lang, code) in LANGS {
        let app = demo_app(lang, Theme::plain());
        snapshot(&format!("too_small_{code}_39x11"), &app, 39, 11);
    }
    // One cell short in either direction is enough for the message.
    for (width, height) in [(39, 12), (40, 11)] {
        let app = demo_app(Language::En, Theme::plain());
        let text = screen_text(&draw(&app, width, height));
        assert!(
            text.starts_with("Terminal too small"),
            "{width}×{height}:\n{text}"
        );
    }
    // The smallest supported size draws the dashboard.
    let app = demo_app(Language::En, Theme::plain());
    let text = screen_text(&draw(&app, 40, 12));
    assert!(!text.contains("too small"), "{text}");
}

/// Sizes from far too small to roomy draw without a panic, on every view and the help.
#[test]
fn no_size_panics() {
    for (lang, _) in LANGS {
        let mut app = demo_app(lang, Theme::plain());
        for key in [
            KeyCode::Char('1'),
            KeyCode::Char('2'),
            KeyCode::Char('3'),
            KeyCode::Char('?'),
            KeyCode::Esc,
            // The simulator, the saved scenarios and the apply confirmation.
            KeyCode::Char('5'),
            KeyCode::Char('P'),
            KeyCode::Char('o'),
            KeyCode::Esc,
            KeyCode::Char('A'),
        ] {
            press(&mut app, key);
            // Around every threshold the layout switches at, and the extremes.
            for width in [1, 2, 10, 30, 39, 40, 41, 60, 79, 80, 81, 109, 110, 120, 200] {
                for height in [1, 2, 5, 11, 12, 13, 19, 20, 23, 24, 29, 30, 40, 60] {
                    draw(&app, width, height);
                }
            }
        }
    }
}

/// Colour carries meaning on an overdue row, so the row also carries the `!` marker.
#[test]
fn overdue_rows_are_coloured_and_marked() {
    let theme = Theme::load(None, false).unwrap();
    let overdue = theme.overdue;
    assert!(
        overdue.fg.is_some(),
        "the shipped theme colours overdue rows"
    );
    let mut app = demo_app(Language::En, theme);
    let name = app.data().loan(OVERDUE_LOAN).unwrap().name.clone();
    // Keep the selection (drawn reversed) off the overdue row.
    press(&mut app, KeyCode::Char('g'));
    assert_ne!(app.selected_loan_id().as_deref(), Some(OVERDUE_LOAN));

    let buffer = draw(&app, 120, 40);
    let text = screen_text(&buffer);
    let lines: Vec<&str> = text.lines().collect();
    // The last line naming it is the table's row (the next payment's card names it too).
    let row = lines
        .iter()
        .rposition(|l| l.contains(&name))
        .unwrap_or_else(|| panic!("no row for {name}:\n{text}"));
    let line = lines[row];
    let y = u16::try_from(row).unwrap();

    // The marker: a `!` in the table's first column, before the name.
    let name_at = line.find(&name).unwrap();
    assert!(
        line[..name_at].trim_start_matches('│').trim() == "!",
        "overdue row without its marker: {line:?}"
    );
    // Every cell of the row's text is in the overdue style (colour and bold).
    let inner = 1..buffer.area.width - 1;
    let mut styled = 0;
    for x in inner.clone() {
        let cell = &buffer[(x, y)];
        if cell.symbol().trim().is_empty() {
            continue;
        }
        assert_eq!(cell.fg, overdue.fg.unwrap(), "cell {x} of {line:?}");
        assert!(
            cell.modifier.contains(Modifier::BOLD),
            "cell {x} of {line:?}"
        );
        styled += 1;
    }
    assert!(styled > name.width(), "{line:?}");

    // The other loans' rows are neither coloured as overdue nor marked.
    for other in app.data().loans.iter().filter(|l| l.id != OVERDUE_LOAN) {
        let row = lines.iter().position(|l| l.contains(&other.name)).unwrap();
        let line = lines[row];
        let name_at = line.find(&other.name).unwrap();
        assert_eq!(
            line[..name_at].trim_start_matches('│').trim(),
            "",
            "{line:?}"
        );
        let y = u16::try_from(row).unwrap();
        for x in inner.clone() {
            assert_ne!(buffer[(x, y)].fg, overdue.fg.unwrap(), "{line:?}");
        }
    }

    // In the loan's schedule the overdue installment is coloured and marked too.
    select_loan(&mut app, OVERDUE_LOAN);
    press(&mut app, KeyCode::Enter);
    let buffer = draw(&app, 120, 40);
    let text = screen_text(&buffer);
    let (row, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("d late"))
        .unwrap_or_else(|| panic!("no overdue installment in the schedule:\n{text}"));
    let y = u16::try_from(row).unwrap();
    let x = u16::try_from(line[..line.find('!').unwrap()].width()).unwrap();
    assert_eq!(buffer[(x, y)].fg, overdue.fg.unwrap(), "{line:?}");
    assert!(buffer[(x, y)].modifier.contains(Modifier::BOLD));
}

/// The field with `key` in the open form takes `text` (typed, or chosen with →), reached
/// with Tab as a user reaches it.
fn fill(app: &mut App, key: &str, text: &str) {
    let form = |app: &App| match &app.overlay {
        Overlay::Form(form) => form.clone(),
        _ => panic!("no form open"),
    };
    let fields = form(app).fields;
    let at = fields.iter().position(|f| f.key.flag() == key).unwrap();
    while form(app).focus != at {
        press(app, KeyCode::Tab);
    }
    if form(app).fields[at].is_choice() {
        while form(app).value(fields[at].key) != text {
            press(app, KeyCode::Right);
        }
    } else {
        app.update(&Event::Key(KeyEvent::new(
            KeyCode::Char('u'),
            KeyModifiers::CONTROL,
        )));
        type_text(app, text);
    }
}

/// The message under the field marked `!`, as drawn.
fn shown_problem(app: &App, lang: Language) -> String {
    let text = screen_text(&draw(app, 120, 40));
    // The first line carries the mark; the lines it wraps to sit under it, unmarked.
    /// `line` from display column `column` on.
    fn from_column(line: &str, column: usize) -> Option<&str> {
        let mut width = 0;
        line.char_indices().find_map(|(i, c)| {
            let here = (width == column).then_some(&line[i..]);
            width += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            here
        })
    }
    let mut lines: Vec<&str> = Vec::new();
    let mut column = None;
    for line in text.lines() {
        let message = match (line.find("   ! "), column) {
            (Some(mark), _) => {
                column = Some(line[..mark].width());
                &line[mark + 5..]
            }
            (None, Some(at)) => match from_column(line, at) {
                Some(rest) if rest.starts_with("     ") => &rest[5..],
                _ => break,
            },
            (None, None) => continue,
        };
        lines.push(message.split('│').next().unwrap_or_default().trim());
    }
    assert!(!lines.is_empty(), "no problem drawn:\n{text}");
    // English wraps at spaces; Chinese anywhere.
    lines.join(if lang == Language::En { " " } else { "" })
}

/// Two ASCII words in a row ("is too", "must be"): English prose, not a value.
fn english_prose(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split(' ').collect();
    let word = |w: &str| w.len() > 1 && w.chars().all(|c| c.is_ascii_alphabetic());
    words
        .windows(2)
        .find(|pair| word(pair[0]) && word(pair[1]))
        .map(|pair| pair.join(" "))
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3000}'..='\u{303f}').contains(&c)
}

/// Bad values of every kind in the add-loan, payment and card forms: the form stays
/// open, marks the field at fault, and says why in the interface language, naming the
/// field by its label (no English sentence in Chinese, no Chinese in English, no Rust).
#[test]
fn every_refusal_in_a_form_is_said_in_the_interface_language_and_names_the_field() {
    let long_name = "x".repeat(101);
    let loan_cases: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("principal", vec![("principal", "12,34x")]),
        ("principal", vec![("principal", "0")]),
        ("principal", vec![("principal", "100.123")]),
        ("principal", vec![("principal", "2000000000000")]),
        ("principal", vec![("principal", "")]),
        ("rate", vec![("rate", "9")]),
        ("rate", vec![("rate-kind", "annual"), ("rate", "150")]),
        ("rate", vec![("rate", "")]),
        ("term", vec![("term", "0")]),
        ("term", vec![("term", "601")]),
        ("term", vec![("term", "1.5")]),
        ("fee-rate", vec![("fee-rate", "1")]),
        ("fee-rate", vec![("method", "flat-fee"), ("rate", "")]),
        (
            "fee-rate",
            vec![("method", "flat-fee"), ("rate", ""), ("fee-rate", "20")],
        ),
        ("rate", vec![("method", "flat-fee"), ("fee-rate", "0.6")]),
        ("start", vec![("start", "26-01-01")]),
        ("name", vec![("name", "  ")]),
        ("name", vec![("name", &long_name)]),
        ("penalty-rate", vec![("penalty-rate", "2000")]),
        ("penalty-rate", vec![("penalty-rate", "1e3")]),
        ("paid", vec![("start", "2026-01-05"), ("paid", "99")]),
    ];
    // A loan entered from what is left on it (the lender's app's figures).
    let left_cases: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("balance", vec![("balance", "0")]),
        ("balance", vec![("balance", "1,2x")]),
        // The method is what to change, not the balance (the command line names
        // --balance, the flag that asks for what is left).
        ("method", vec![("method", "bullet")]),
        ("installments-left", vec![("installments-left", "0")]),
        ("due-day", vec![("due-day", "32")]),
        ("installments-left", vec![("installments-left", "")]),
        ("next-due", vec![("next-due", "2026-02-30")]),
        ("installment", vec![("installment", "-5")]),
        ("installment", vec![("installment", "9000")]),
    ];
    let pay_cases: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("amount", vec![("amount", "99999999")]),
        ("amount", vec![("amount", "-1")]),
        ("date", vec![("date", "2030-01-01")]),
        ("date", vec![("date", "2026-13-01")]),
    ];
    let account_cases: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("balance", vec![("balance", "1e3")]),
        ("statement-day", vec![("statement-day", "40")]),
        ("daily-rate", vec![("daily-rate", "1")]),
        ("min-percent", vec![("min-percent", "150")]),
        (
            "min-percent",
            vec![("min-percent", "0"), ("min-floor", "0")],
        ),
        ("min-floor", vec![("min-floor", "2000000000000")]),
    ];
    for (lang, code) in LANGS {
        let borrowed: &[(&str, &str)] = &[
            ("name", "装修贷"),
            ("principal", "10000"),
            ("rate", "0.05"),
            ("term", "12"),
        ];
        let left: &[(&str, &str)] = &[
            ("name", "车贷"),
            ("entered", "left"),
            ("balance", "5000"),
            ("installments-left", "12"),
            ("next-due", "2026-12-15"),
            ("rate", "0.05"),
        ];
        let cases = (loan_cases.iter().map(|c| ('a', borrowed, c)))
            .chain(left_cases.iter().map(|c| ('a', left, c)))
            .chain(pay_cases.iter().map(|c| ('p', &[][..], c)))
            .chain(
                account_cases
                    .iter()
                    .map(|c| ('r', &[("name", "卡2"), ("balance", "1000")][..], c)),
            );
        for (open, valid, (field, values)) in cases {
            let mut app = demo_app(lang, Theme::plain());
            let loans = app.data().clone();
            press(&mut app, KeyCode::Char(open));
            for (key, text) in valid {
                fill(&mut app, key, text);
            }
            for (key, text) in values {
                fill(&mut app, key, text);
            }
            press(&mut app, KeyCode::Enter);
            let case = format!("{code} {values:?}");
            let Overlay::Form(form) = &app.overlay else {
                panic!("{case}: the form closed");
            };
            let (at, _) = form.problem.as_ref().expect("a problem");
            assert_eq!(form.fields[*at].key.flag(), *field, "{case}");
            assert_eq!(app.data(), &loans, "{case}: nothing is saved");
            let label = (form.fields[*at].label)(app.strings());
            let message = shown_problem(&app, lang);
            assert!(message.starts_with(label), "{case}: {message}");
            let problem = &message[label.len()..];
            assert!(
                !problem.contains("Some(") && !problem.contains("::"),
                "{case}: {message}"
            );
            match lang {
                Language::Zh => {
                    assert!(problem.chars().any(is_cjk), "{case}: {message}");
                    assert_eq!(english_prose(problem), None, "{case}: {message}");
                }
                Language::En => {
                    assert!(!message.chars().any(is_cjk), "{case}: {message}");
                    let word = |w: &str| w.len() > 1 && w.chars().all(|c| c.is_ascii_alphabetic());
                    assert!(problem.split(' ').any(word), "{case}: {message}");
                }
            }
        }
    }
}

/// Issue 16: a help scrolled a page down says there is more above (↑) as well as below
/// (↓), at every size where it scrolls.
#[test]
fn help_scrolled_marks_what_is_above() {
    for (lang, code) in LANGS {
        for (width, height) in SIZES {
            let mut app = demo_app(lang, Theme::plain());
            press(&mut app, KeyCode::Char('?'));
            // Drawn once, so the help knows how far it can scroll.
            draw(&app, width, height);
            press(&mut app, KeyCode::PageDown);
            snapshot(
                &format!("help_scrolled_{code}_{width}x{height}"),
                &app,
                width,
                height,
            );
        }
    }
}
