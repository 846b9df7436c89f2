//! The app driven key by key: the tests of what app.rs itself does, and the helpers
//! every test of the app uses.

use super::*;
use crate::demo::demo_store;
use crate::engine::schedule::PrepayMode;
use crate::limit::{Outlook, Record};
use crate::tui::harness::demo_app;
use ratatui::crossterm::event::KeyEventState;
use rust_decimal::Decimal;

pub(super) fn as_of() -> NaiveDate {
    "2026-11-23".parse().unwrap()
}

/// The demo app and the store it opened with, to see what keys changed (or did not).
pub(super) fn demo_with_data() -> (App, StoreData) {
    let app = demo_app();
    let data = app.data().clone();
    (app, data)
}

/// A key, then the end of the save it started (long before a person's next key).
pub(super) fn press(app: &mut App, code: KeyCode) {
    press_only(app, code);
    app.wait_for_saves();
}

/// A key, not waiting for a save it started.
pub(super) fn press_only(app: &mut App, code: KeyCode) {
    app.update(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

/// Each character of `text` pressed in turn: text typed in a form, or keys ("dy").
pub(super) fn typed(app: &mut App, text: &str) {
    text.chars().for_each(|c| press(app, KeyCode::Char(c)));
}

/// The form still open; the test fails saying why it closed.
pub(super) fn open_form(app: &App) -> &Form {
    match &app.overlay {
        Overlay::Form(form) => form,
        _ => panic!("the form closed: {:?}", app.status),
    }
}

/// What the status line says.
pub(super) fn status_text(app: &App) -> &str {
    &app.status.as_ref().unwrap().text
}

pub(super) fn selected_name(app: &App) -> String {
    let overview = app.overview.as_ref().unwrap();
    match app.selected_row().unwrap() {
        RowRef::Loan(i) => overview.loans[i].name.clone(),
        RowRef::Revolving(i) => overview.revolving[i].name.clone(),
    }
}

#[test]
fn c_writes_the_calendar_of_due_dates_where_configured_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("due.ics");
    let mut app = demo_app();
    press(&mut app, KeyCode::Char('c'));
    assert_eq!(status_text(&app), app.strings().calendar_no_path);
    let mut app = demo_app().with_calendar_path(Some(path.clone()));
    press(&mut app, KeyCode::Char('c'));
    let text = std::fs::read_to_string(&path).unwrap();
    let portfolio = crate::book::dues::Portfolio::new(app.data(), as_of()).unwrap();
    let until = crate::engine::loan::add_months(as_of(), crate::export::ics::DEFAULT_MONTHS);
    let due = portfolio.unpaid_until(until);
    assert!(!due.is_empty());
    assert_eq!(text.matches("BEGIN:VEVENT").count(), due.len());
    let status = app.status.as_ref().unwrap();
    assert!(!status.error && status.text.contains(&path.display().to_string()));
    assert!(
        status.text.contains(&format!("{} due dates", due.len())),
        "{}",
        status.text
    );
    // A folder that does not exist: the status bar says why, nothing is written.
    let missing = dir.path().join("no/such.ics");
    let mut app = demo_app().with_calendar_path(Some(missing.clone()));
    press(&mut app, KeyCode::Char('c'));
    assert!(app.status.as_ref().unwrap().error);
    assert!(!missing.exists());
}

#[test]
fn only_presses_act_not_releases() {
    let mut app = demo_app();
    let mut release = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
    release.kind = KeyEventKind::Release;
    release.state = KeyEventState::NONE;
    app.update(&Event::Key(release));
    assert_eq!(app.selected, 0);
}

/// The screen as drawn, one line per row.
pub(super) fn screen(app: &App, width: u16, height: u16) -> String {
    let backend = ratatui::backend::TestBackend::new(width, height);
    let mut terminal = ratatui::Terminal::new(backend).unwrap();
    terminal
        .draw(|f| crate::tui::views::render(app, f))
        .unwrap();
    let buffer = terminal.backend().buffer();
    (0..height)
        .map(|y| {
            (0..width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
                + "\n"
        })
        .collect()
}

#[test]
fn ctrl_c_quits_even_inside_a_form() {
    let mut app = demo_app();
    press(&mut app, KeyCode::Char('a'));
    app.update(&Event::Key(KeyEvent::new(
        KeyCode::Char('c'),
        KeyModifiers::CONTROL,
    )));
    assert!(app.quit);
}

#[test]
fn help_opens_and_closes() {
    let mut app = demo_app();
    press(&mut app, KeyCode::Char('?'));
    assert!(matches!(app.overlay, Overlay::Help));
    press(&mut app, KeyCode::Char('j'));
    assert!(
        matches!(app.overlay, Overlay::Help),
        "keys do not leak through the help"
    );
    assert_eq!(app.selected, 0);
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.overlay, Overlay::None));
}

/// The demo store saved in `dir` and opened, then changed on disk by another
/// program: the app's next save must refuse, not clobber it.
pub(super) fn demo_file_app_changed_on_disk(dir: &tempfile::TempDir) -> (App, std::path::PathBuf) {
    let (app, path) = file_app(dir);
    std::fs::write(&path, std::fs::read_to_string(&path).unwrap() + "\n").unwrap();
    (app, path)
}

/// Poll as the event loop does until no save runs.
pub(super) fn settle(app: &mut App) {
    let start = std::time::Instant::now();
    while app.is_saving() {
        assert!(start.elapsed().as_secs() < 20, "a save never ended");
        std::thread::sleep(std::time::Duration::from_millis(2));
        app.poll_saves();
    }
}

/// `act` in the demo app on a file another program changed since: the save it starts
/// fails, said as not saved, and the file keeps what the other program wrote.
pub(super) fn a_save_fails(act: impl FnOnce(&mut App)) -> App {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, path) = demo_file_app_changed_on_disk(&dir);
    let on_disk = std::fs::read(&path).unwrap();
    act(&mut app);
    settle(&mut app);
    let status = app.status.clone().unwrap();
    assert!(
        status.error && status.text.starts_with(app.strings().not_saved),
        "{status:?}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        on_disk,
        "the file is untouched"
    );
    app
}

/// An app on a store file, and another writer's copy of that store.
pub(super) fn file_app(dir: &tempfile::TempDir) -> (App, std::path::PathBuf) {
    let path = dir.path().join("loans.ron");
    let mut seed = Store::open(&path).unwrap();
    *seed.data_mut() = demo_store(as_of());
    seed.save().unwrap();
    let app = crate::tui::harness::opened(
        Backing::File(Store::open(&path).unwrap()),
        as_of(),
        Language::En,
    );
    (app, path)
}

#[test]
fn the_limit_view_cycles_scenarios_and_lines() {
    let mut app = demo_app();
    press(&mut app, KeyCode::Char('4'));
    assert_eq!(app.view, View::Limit);
    let view = app.limit.projection.clone().unwrap().unwrap();
    assert_eq!(view.line, app.data().lines[0].name);
    assert!(view.scenarios.len() >= 3);
    assert!(matches!(view.scenarios[0].0, Outlook::OnTime));
    // Every projection looks a year ahead.
    for (_, projection) in &view.scenarios {
        let projection = projection.as_ref().expect("every demo scenario applies");
        assert_eq!(
            projection.months.len(),
            crate::tui::limit::MONTHS as usize + 1
        );
    }
    press(&mut app, KeyCode::Right);
    assert_eq!(app.limit.scenario, 1);
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Left);
    assert_eq!(
        app.limit.scenario,
        view.scenarios.len() - 1,
        "←/→ wrap around"
    );
    press(&mut app, KeyCode::Down);
    assert_eq!(
        app.limit.projection.clone().unwrap().unwrap().line,
        app.data().lines[1].name
    );
    // A missed payment never projects above paying on time.
    let (_, Ok(on_time)) = &view.scenarios[0] else {
        panic!("on time always applies")
    };
    let (_, Ok(missed)) = view
        .scenarios
        .iter()
        .find(|(s, _)| matches!(s, Outlook::Miss(_)))
        .unwrap()
    else {
        panic!("the demo has a payment to miss")
    };
    assert!(
        missed.months.last().unwrap().limit.value <= on_time.months.last().unwrap().limit.value
    );
}

#[test]
fn the_dashboard_projects_the_limit_six_months_ahead() {
    let app = demo_app();
    let (today, later) = app.limit.in_six.unwrap();
    let total: Decimal = app.data().lines.iter().map(|l| l.limit).sum();
    assert_eq!(today, total);
    assert!(later >= Decimal::ZERO);
}

/// The simulator's limits 6 months ahead are the dashboard card's projection: with
/// no what-if they sum to the card's figure; a what-if late payment lowers them.
#[test]
fn the_simulator_and_the_dashboard_card_read_one_projection() {
    let mut app = demo_app();
    let (today, card) = app.limit.in_six.unwrap();
    press(&mut app, KeyCode::Char('5'));
    shift(&mut app, 'D');
    let limits = &app.sim.as_ref().unwrap().limit;
    assert_eq!(limits.len(), app.data().lines.len());
    let sum =
        |f: fn(&crate::simulate::LimitEffect) -> Decimal| limits.iter().map(f).sum::<Decimal>();
    assert_eq!((sum(|e| e.today), sum(|e| e.baseline)), (today, card));
    assert!(sum(|e| e.scenario) < card, "{limits:?}");
    assert!(
        limits.iter().all(|e| e.scenario <= e.baseline),
        "{limits:?}"
    );
}

pub(super) fn shift(app: &mut App, c: char) {
    app.update(&Event::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::SHIFT,
    )));
}

/// Open the detail of loan `id` from the dashboard.
pub(super) fn open_loan(app: &mut App, id: &str) {
    press(app, KeyCode::Char('g'));
    while app.selected_loan_id().as_deref() != Some(id) {
        press(app, KeyCode::Char('j'));
    }
    press(app, KeyCode::Enter);
    assert_eq!(app.view, View::Detail);
}

/// An edit the figures test makes, picked by numbers taken modulo what there is.
#[derive(Debug, Clone)]
enum Edit {
    Pay {
        loan: usize,
        days_back: i64,
        cents: i64,
    },
    Prepay {
        loan: usize,
        cents: i64,
    },
    DeletePayment(usize),
    PaymentAmount {
        payment: usize,
        cents: i64,
    },
    RenameLoan(usize),
    Rate {
        loan: usize,
        step: i64,
    },
    PayCard {
        card: usize,
        cents: i64,
    },
    Undo,
}

fn edit() -> impl proptest::strategy::Strategy<Value = Edit> {
    use proptest::prelude::*;
    prop_oneof![
        (any::<usize>(), 0i64..400, 1i64..500_000).prop_map(|(loan, days_back, cents)| {
            Edit::Pay {
                loan,
                days_back,
                cents,
            }
        }),
        (any::<usize>(), 1i64..2_000_000).prop_map(|(loan, cents)| Edit::Prepay { loan, cents }),
        any::<usize>().prop_map(Edit::DeletePayment),
        (any::<usize>(), 1i64..500_000)
            .prop_map(|(payment, cents)| Edit::PaymentAmount { payment, cents }),
        any::<usize>().prop_map(Edit::RenameLoan),
        (any::<usize>(), -50i64..50).prop_map(|(loan, step)| Edit::Rate { loan, step }),
        (any::<usize>(), 1i64..100_000).prop_map(|(card, cents)| Edit::PayCard { card, cents }),
        Just(Edit::Undo),
    ]
}

/// `edit` made on `data` (`None`: nothing to make it on, or undo).
fn edited(data: &StoreData, edit: &Edit) -> Option<StoreData> {
    let mut data = data.clone();
    let payment = |loan: &str, date, cents, kind| PaymentRecord {
        id: 0,
        date,
        amount: Decimal::new(cents, 2),
        loan: loan.to_string(),
        kind,
        mode: (kind == PaymentKind::Prepayment).then_some(PrepayMode::Shorten),
    };
    let loans = data.loans.len();
    let payments = data.payments.len();
    match *edit {
        Edit::Pay {
            loan,
            days_back,
            cents,
        } => {
            let id = data.loans.get(loan % loans.max(1))?.id.clone();
            let date = as_of() - chrono::Duration::days(days_back);
            data.payments
                .push(payment(&id, date, cents, PaymentKind::Scheduled));
        }
        Edit::Prepay { loan, cents } => {
            let id = data.loans.get(loan % loans.max(1))?.id.clone();
            data.payments
                .push(payment(&id, as_of(), cents, PaymentKind::Prepayment));
        }
        Edit::DeletePayment(k) if payments > 0 => {
            data.payments.remove(k % payments);
        }
        Edit::PaymentAmount { payment, cents } if payments > 0 => {
            data.payments[payment % payments].amount = Decimal::new(cents, 2);
        }
        Edit::RenameLoan(loan) if loans > 0 => {
            data.loans[loan % loans].name.push('+');
        }
        Edit::Rate { loan, step } if loans > 0 => {
            let loan = &mut data.loans[loan % loans];
            loan.rate = match loan.rate {
                Rate::Annual(r) => Rate::Annual((r + Decimal::new(step, 1)).max(Decimal::ONE)),
                Rate::Daily(r) => Rate::Daily(r),
            };
        }
        Edit::PayCard { card, cents } if !data.revolving.is_empty() => {
            let id = data.revolving[card % data.revolving.len()].id.clone();
            data.payments
                .push(payment(&id, as_of(), cents, PaymentKind::Scheduled));
        }
        _ => return None,
    }
    Some(data)
}

use crate::engine::loan::Rate;
use crate::store::{PaymentKind, PaymentRecord};

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    /// After any edits and undos, the figures worked out for only the loans an edit
    /// touched are those of the whole store worked out again: the dashboard's, and
    /// the record every limit projection reads.
    #[test]
    fn figures_refreshed_for_the_changed_loans_equal_a_full_refresh(
        seed in 0u64..10_000,
        loans in 1usize..30,
        edits in proptest::collection::vec(edit(), 1..12),
        unpaid_days in 0i64..200,
    ) {
        // Nothing paid lately: a payment today moves the score date a long way.
        let mut data = crate::generate::generate(loans, seed, as_of());
        let cut = as_of() - chrono::Duration::days(unpaid_days);
        data.payments.retain(|p| p.date <= cut);
        let mut app = crate::tui::harness::app_of(data, as_of());
        for edit in &edits {
            match edited(app.data(), edit) {
                Some(data) if data.validate().is_ok() => app.commit(data, "edited"),
                Some(_) => continue,
                None if matches!(edit, Edit::Undo) => app.undo(),
                None => continue,
            }
            let full = overview::overview(app.data(), as_of());
            match (&app.overview, &full) {
                (Ok(patched), Ok(full)) => proptest::prop_assert_eq!(patched, full),
                (Err(_), Err(_)) => {}
                (patched, full) => proptest::prop_assert!(false, "{patched:?} against {full:?}"),
            }
            if let (Some(record), Ok(portfolio)) =
                (app.limit.record(), crate::book::dues::Portfolio::new(app.data(), as_of()))
            {
                let full = Record::new(&portfolio);
                proptest::prop_assert_eq!(record.figures(), full.figures());
                proptest::prop_assert_eq!(record.owed_figures(12), full.owed_figures(12));
            }
        }
    }
}

/// Figures the engine refuses (a prepayment of less than nothing, as a hand-edited store
/// may hold) are said in the language the screen is drawn in: the refusal is kept, not
/// its English text, so switching the language says it again in Chinese.
#[test]
fn refused_figures_are_said_in_the_language_drawn() {
    let mut data = demo_store(as_of());
    let mut negative = data.payments[0].clone();
    negative.kind = crate::store::PaymentKind::Prepayment;
    negative.mode = Some(PrepayMode::Shorten);
    negative.amount = Decimal::NEGATIVE_ONE;
    data.payments.push(negative);
    data.number_payments();
    let mut app = crate::tui::harness::app_of(data, as_of());
    let problem = app.overview.clone().unwrap_err();
    assert_eq!(app.payments().as_ref().unwrap_err(), &problem);
    press(&mut app, KeyCode::Char('4'));
    assert!(matches!(&app.limit.projection, Some(Err(e)) if *e == problem));
    let shown = |app: &App| screen(app, 200, 20).replace(' ', "");
    for lang in [Language::En, Language::Zh] {
        app.lang = lang;
        let said = i18n::field_error(lang, &problem).replace(' ', "");
        assert!(shown(&app).contains(&said), "{lang:?}: {said}");
    }
    assert_ne!(
        i18n::field_error(Language::En, &problem),
        i18n::field_error(Language::Zh, &problem)
    );
}

/// The dashboard's credit figure is what every line has left, summed: a line drawn past
/// its limit adds nothing, and takes nothing from the others.
#[test]
fn the_dashboard_says_what_the_lines_have_left_with_one_overdrawn() {
    let mut data = demo_store(as_of());
    data.lines[0].limit = Decimal::new(1000, 0);
    let app = crate::tui::harness::app_of(data, as_of());
    let overview = app.overview.as_ref().unwrap();
    let left: Vec<Decimal> = overview.lines.iter().map(|l| l.available()).collect();
    assert_eq!(left[0], Decimal::ZERO);
    let (limit, used) = overview.credit();
    assert!(limit - used < left.iter().sum(), "{limit} − {used}");
    let text = screen(&app, 140, 40);
    let said = crate::engine::money::grouped(left.iter().sum());
    assert!(text.contains(&said), "{said}\n{text}");
}
