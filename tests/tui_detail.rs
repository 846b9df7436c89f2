//! The loan view as a borrower a few years into a long loan sees it: it opens where the
//! loan is now, fills its table, and leaves no empty slot for what the loan lacks.

mod common;

use common::Sandbox;
use common::tui::{drawn, press};
use loandash::demo::demo_store;
use loandash::language::Language;
use loandash::store::{PaymentRecord, Store};
use loandash::tui::app::{App, View};
use loandash::tui::editor::Backing;

const AS_OF: &str = "2026-12-06";

fn lines(app: &App) -> Vec<String> {
    drawn(app, 80, 24)
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
    let mut app = common::tui::opened(Backing::File(store), AS_OF.parse().unwrap(), Language::En);
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

#[test]
fn an_account_too_long_for_a_small_screen_scrolls_instead_of_being_cut() {
    let as_of = AS_OF.parse().unwrap();
    let mut app = common::tui::opened(Backing::Demo(demo_store(as_of)), as_of, Language::En);
    press(&mut app, "G");
    press(&mut app, "Enter");
    let text = |screen: &[String]| -> Vec<String> {
        screen[2..screen.len() - 2]
            .iter()
            .map(|l| l.trim_matches('│').trim_end().to_string())
            .collect()
    };
    let first = drawn(&app, 40, 12);
    assert!(
        first[1].contains(" ↓ ") && !first[1].contains('↑'),
        "{}",
        first[1]
    );
    assert!(first[11].starts_with("↑↓ scroll"), "{}", first[11]);
    assert!(
        first.iter().all(|l| !l.contains('…')),
        "nothing cut: {first:#?}"
    );
    // Down to the end: the 36-month plan's last words show, the title marks what is above.
    let mut seen = text(&first);
    for _ in 0..20 {
        press(&mut app, "Down");
        let screen = drawn(&app, 40, 12);
        seen.push(text(&screen).last().unwrap().clone());
    }
    let last = drawn(&app, 40, 12);
    assert!(
        last[1].contains(" ↑ ") && !last[1].contains('↓'),
        "{}",
        last[1]
    );
    assert!(seen.iter().any(|l| l.contains("minimum only")), "{seen:#?}");
    // Every figure the roomy screen shows was seen on the small one.
    let whole = drawn(&app, 120, 40).join(" ");
    let figures = whole.split(' ').filter(|w| w.starts_with('¥'));
    let small = seen.join(" ");
    for figure in figures {
        let figure = figure.trim_end_matches([',', ';', ')', ':']);
        assert!(
            small.contains(figure),
            "{figure} not seen at 40x12: {seen:#?}"
        );
    }
}

/// Once an account's due date has passed, its view says what was left unpaid on it and
/// the interest that costs, not what paying the minimum by then would have cost.
#[test]
fn an_account_past_its_due_date_shows_what_was_left_and_its_interest() {
    let as_of = "2026-11-23".parse().unwrap();
    let open = |language| {
        let mut app = common::tui::opened(Backing::Demo(demo_store(as_of)), as_of, language);
        press(&mut app, "G");
        press(&mut app, "Enter");
        assert_eq!(app.view, View::Detail);
        drawn(&app, 120, 40).join("\n")
    };
    // The demo's 花呗: a 2,350.00 statement due 11-10, its 235.00 minimum paid that day;
    // 2,115.00 left at 0.05 % a day for the 30 days to 12-10.
    let left = common::dec("2115.00");
    let interest = common::half_up(left * common::dec("0.0005") * rust_decimal::Decimal::from(30));
    assert_eq!(interest, common::dec("31.73"));
    let en = open(Language::En);
    assert!(
        en.contains("Left unpaid on 2026-11-10: ¥2,115.00; interest to 2026-12-10: ¥31.73"),
        "{en}"
    );
    assert!(
        !en.contains("if only the minimum is paid by 2026-11-10"),
        "{en}"
    );
    let zh = open(Language::Zh);
    assert!(
        zh.contains("2026-11-10 未还 ¥2,115.00，到 2026-12-10 的利息 ¥31.73"),
        "{zh}"
    );
}

/// Before the due date, what was paid since the cut is known: the account view's what-if
/// is about the rest, and a statement paid in full costs nothing.
#[test]
fn an_account_paid_before_its_due_date_asks_only_about_the_rest() {
    let as_of = "2026-12-05".parse().unwrap();
    let open = |paid: &[&str], language| {
        let mut data = demo_store(as_of);
        let account = data.revolving[0].clone();
        let cut = loandash::book::dues::last_statement_date(&account, as_of);
        data.payments
            .retain(|p| p.loan != account.id || p.date <= cut);
        for amount in paid {
            data.payments.push(PaymentRecord::scheduled(
                &account.id,
                as_of,
                common::dec(amount),
            ));
        }
        let mut app = common::tui::opened(Backing::Demo(data), as_of, language);
        press(&mut app, "G");
        press(&mut app, "Enter");
        assert_eq!(app.view, View::Detail);
        (account, drawn(&app, 120, 40).join("\n"))
    };
    let (account, nothing) = open(&[], Language::En);
    assert_eq!(
        (
            account.statement_day,
            account.due_day,
            account.statement_balance
        ),
        (1, 10, common::dec("2350.00")),
        "the demo's 花呗, cut on 12-01 and due on 12-10"
    );
    assert!(
        nothing.contains("if only the minimum is paid by 2026-12-10"),
        "{nothing}"
    );
    // 1,000 paid of 2,350.00 (more than the 235.00 minimum): 1,350.00 left at 0.05 % a
    // day for the 31 days from 12-10 to 01-10.
    let left = common::dec("1350.00");
    let interest = common::half_up(left * common::dec("0.0005") * rust_decimal::Decimal::from(31));
    let (_, some) = open(&["1000"], Language::En);
    assert!(
        some.contains(&format!(
            "Interest to 2027-01-10 if nothing more is paid by 2026-12-10: ¥{interest}; none if \
             the ¥1,350.00 left is paid"
        )),
        "{some}"
    );
    assert!(!some.contains("if only the minimum"), "{some}");
    let (_, all) = open(&["2000", "350"], Language::En);
    assert!(
        all.contains("Paid in full: no interest to 2027-01-10"),
        "{all}"
    );
    assert!(!all.contains("if nothing"), "{all}");
    let (_, zh) = open(&["2350"], Language::Zh);
    assert!(zh.contains("已全部还清：到 2027-01-10 无利息"), "{zh}");
}
