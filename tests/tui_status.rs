//! What the status bar and the simulator's hints say as keys are pressed: a message
//! answers one action and clears on the next; hints name what the keys do to the
//! selected what-if.

mod common;

use chrono::NaiveDate;
use common::tui::{demo_app, drawn, press};
use loandash::demo::demo_store;
use loandash::language::Language;
use loandash::tui::app::{App, View};
use loandash::tui::editor::Backing;
use loandash::tui::overlay::Overlay;
use loandash::tui::views;

fn screen(app: &App) -> String {
    screen_at(app, 120, 40)
}

fn screen_at(app: &App, width: u16, height: u16) -> String {
    drawn(app, width, height).join("\n")
}

#[test]
fn a_message_clears_on_the_next_key_and_on_a_view_change() {
    let mut app = demo_app();
    let s = app.strings();
    press(&mut app, "u");
    assert_eq!(app.status.as_ref().unwrap().text, s.nothing_to_undo);
    press(&mut app, "2");
    assert_eq!(app.view, View::Detail);
    assert_eq!(app.status, None, "a view change clears it");
    press(&mut app, "u");
    press(&mut app, "j");
    assert_eq!(app.status, None, "any key clears it");
}

#[test]
fn the_form_error_message_goes_with_the_form() {
    let mut app = demo_app();
    let s = app.strings();
    press(&mut app, "a");
    press(&mut app, "enter");
    assert!(matches!(app.overlay, Overlay::Form(_)));
    assert_eq!(app.status.as_ref().unwrap().text, s.form_invalid);
    press(&mut app, "esc");
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(app.status, None);
}

#[test]
fn the_hints_say_what_the_keys_do_to_the_selected_what_if() {
    let mut app = demo_app();
    press(&mut app, "5");
    press(&mut app, "P");
    let text = screen(&app);
    assert!(text.contains("←→ ±100 · Shift ±1,000"), "{text}");
    assert!(text.contains("m shorten/reduce"), "{text}");
    press(&mut app, "D");
    let text = screen(&app);
    assert!(text.contains("←→ ±1 day late · Shift ±10 days"), "{text}");
    assert!(!text.contains("±100"), "a late payment moves days:\n{text}");
    assert!(!text.contains("m shorten/reduce"), "{text}");
    press(&mut app, "M");
    let text = screen(&app);
    assert!(text.contains("←→ ±100 · Shift ±1,000"), "{text}");
    assert!(
        !text.contains("t next"),
        "a budget has no loan or line:\n{text}"
    );
}

/// A store changed on disk by another program: the refused save says so in Chinese.
#[test]
fn a_save_conflict_is_reported_in_the_interface_language() {
    use loandash::store::Store;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("loans.ron");
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let mut seed = Store::open(&path).unwrap();
    *seed.data_mut() = demo_store(as_of);
    seed.save().unwrap();
    let mut app = common::tui::opened(
        Backing::File(Store::open(&path).unwrap()),
        as_of,
        Language::Zh,
    );
    std::fs::write(&path, std::fs::read_to_string(&path).unwrap() + "\n").unwrap();
    press(&mut app, "d");
    press(&mut app, "y");
    app.wait_for_saves();
    let status = app.status.clone().unwrap();
    assert!(status.error, "{status:?}");
    assert!(
        status.text.starts_with(app.strings().not_saved) && status.text.contains("未写入"),
        "{status:?}"
    );
    assert!(!status.text.contains("changed on disk"), "{status:?}");
}

#[test]
fn a_long_message_is_cut_with_an_ellipsis_and_never_mid_figure() {
    let mut app = demo_app();
    app.status = Some(loandash::tui::app::StatusLine {
        text: "Recorded P23 on L2 微粒贷 周转: ¥1,068.00 paid, ¥4,000.00 left".into(),
        error: false,
    });
    let text = screen_at(&app, 40, 12);
    assert_eq!(
        text.lines().last().unwrap().trim_end(),
        "Recorded P23 on L2 微粒贷 周转…"
    );
}

/// ←→ change a choice and do nothing in a text field: the form's hint names them only
/// while a choice is focused.
#[test]
fn the_form_hint_names_the_arrows_only_on_a_choice() {
    let mut app = demo_app();
    press(&mut app, "a");
    let text = screen_at(&app, 80, 24);
    assert!(text.contains("Tab/↑↓ field · Enter save"), "{text}");
    assert!(!text.contains("←→"), "the name is focused:\n{text}");
    for _ in 0..2 {
        press(&mut app, "tab");
    }
    let text = screen_at(&app, 80, 24);
    assert!(text.contains("‹ the original terms ›"), "{text}");
    assert!(
        text.contains("←→ choice"),
        "how it is entered is focused:\n{text}"
    );
    press(&mut app, "tab");
    let text = screen_at(&app, 80, 24);
    assert!(!text.contains("←→"), "the principal is focused:\n{text}");
}

/// With the help open the status bar lists the help's own keys (it scrolls and closes),
/// not the view's, whose keys do nothing there; and each key it names does that.
#[test]
fn the_status_bar_under_the_help_names_the_helps_keys() {
    for lang in [Language::En, Language::Zh] {
        let mut app = demo_app();
        app.lang = lang;
        let s = app.strings();
        press(&mut app, "?");
        for (width, height) in [(120, 40), (80, 24), (40, 12)] {
            let text = screen_at(&app, width, height);
            let status = text.lines().last().unwrap().trim_end().to_string();
            let close = format!("Esc {}", s.hint_close);
            assert!(status.ends_with(&close), "{width}: {status}");
            assert!(
                status.starts_with(&format!("↑↓ {}", s.hint_scroll)),
                "{width}: {status}"
            );
            assert!(!status.contains(s.hint_open), "{width}: {status}");
            assert!(!status.contains(s.hint_quit), "q closes the help: {status}");
        }
        let status = screen_at(&app, 120, 40);
        let status = status.lines().last().unwrap();
        let page = format!("PgUp/PgDn {}", s.hint_page);
        assert!(status.contains(&page), "{status}");
        assert!(
            status.contains(&format!("g/G {}", s.hint_first_last)),
            "{status}"
        );
        // What it names: ↓ and PgDn scroll, G goes to the end, Esc closes.
        screen_at(&app, 40, 12);
        for key in ["down", "pagedown", "G"] {
            let before = app.help_offset;
            press(&mut app, key);
            assert!(app.help_offset > before, "{key}");
            assert!(matches!(app.overlay, Overlay::Help), "{key}");
        }
        press(&mut app, "esc");
        assert!(matches!(app.overlay, Overlay::None));
    }
}

/// On a revolving account (花呗) the hint names only what its keys do there: no rows to
/// select, no lender's plan; `f` there says a plan needs a loan, not "edit or delete".
#[test]
fn the_hint_on_a_revolving_account_names_only_what_acts_on_it() {
    let mut app = demo_app();
    let s = app.strings();
    press(&mut app, "G");
    press(&mut app, "enter");
    assert_eq!(app.view, View::Detail);
    let hint = views::key_hint(&app, usize::MAX);
    assert!(hint.starts_with(&format!("p {}", s.hint_pay)), "{hint}");
    assert!(
        !hint.contains(s.hint_select) && !hint.contains(s.hint_plan),
        "{hint}"
    );
    press(&mut app, "f");
    assert_eq!(app.status.as_ref().unwrap().text, s.plan_needs_loan);
    // On a loan they are there.
    press(&mut app, "1");
    press(&mut app, "g");
    press(&mut app, "enter");
    let hint = views::key_hint(&app, usize::MAX);
    assert!(
        hint.contains(s.hint_select) && hint.contains(s.hint_plan),
        "{hint}"
    );
}

/// On an empty store the dashboard's hint leads with adding, not with selecting or
/// opening rows that are not there.
#[test]
fn the_hint_on_an_empty_store_leads_with_adding() {
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let app = common::tui::opened(Backing::Demo(Default::default()), as_of, Language::En);
    assert!(app.rows().is_empty());
    let s = app.strings();
    let hint = views::key_hint(&app, 80);
    assert!(
        hint.starts_with(&format!(
            "a {} · r {}",
            s.hint_add_loan, s.hint_add_revolving
        )),
        "{hint}"
    );
    let hint = views::key_hint(&app, 40);
    assert!(
        hint.starts_with(&format!("a {}", s.hint_add_loan)),
        "{hint}"
    );
    assert!(
        !hint.contains(s.hint_select) && !hint.contains(s.hint_open),
        "{hint}"
    );
}

/// Issue 16: the Limit view offers ↑↓ between credit lines only when there are two or
/// more; with one they do nothing; with none, ←→ have no scenario to move between.
#[test]
fn the_limit_hint_offers_moving_between_lines_only_when_there_are_two() {
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    for lang in [Language::En, Language::Zh] {
        let none = Backing::Demo(loandash::store::StoreData::default());
        let mut app = common::tui::opened(none, as_of, lang);
        press(&mut app, "4");
        let s = app.strings();
        let hint = views::key_hint(&app, usize::MAX);
        assert!(
            !hint.contains(s.hint_scenario) && !hint.contains(s.hint_line),
            "{hint}"
        );
        assert!(hint.contains(s.hint_back), "{hint}");

        let mut one = loandash::store::StoreData::default();
        one.lines.push(loandash::store::CreditLine {
            name: "借呗".into(),
            lender: String::new(),
            limit: "10000".parse().unwrap(),
        });
        let mut app = common::tui::opened(Backing::Demo(one), as_of, lang);
        let s = app.strings();
        let line = format!("↑↓ {}", s.hint_line);
        press(&mut app, "4");
        assert_eq!(app.view, View::Limit);
        let hint = views::key_hint(&app, usize::MAX);
        assert!(hint.contains(s.hint_scenario), "{hint}");
        assert!(!hint.contains(&line), "{hint}");

        let mut app = common::tui::opened(Backing::Demo(demo_store(as_of)), as_of, lang);
        assert!(app.data().lines.len() >= 2);
        press(&mut app, "4");
        let hint = views::key_hint(&app, usize::MAX);
        assert!(hint.contains(&line), "{hint}");
    }
}

/// A card an older version kept with days now refused (cut on the 31st, due on the 30th):
/// the dashboard opens and says which account to fix, in the user's language.
#[test]
fn a_card_with_refused_days_opens_with_a_note() {
    let as_of = common::tui::demo_as_of();
    for (language, said) in [
        (
            Language::En,
            "Account R1: its days make a statement fall due on or after the next cut",
        ),
        (
            Language::Zh,
            "账户 R1 的账单日与还款日会使账单在下一期账单日当天或之后才到期",
        ),
    ] {
        let mut data = demo_store(as_of);
        (data.revolving[0].statement_day, data.revolving[0].due_day) = (31, 30);
        let app = common::tui::opened(Backing::Demo(data), as_of, language);
        let text = &app.status.as_ref().expect("a note").text;
        assert!(text.starts_with(said), "{text}");
    }
}
