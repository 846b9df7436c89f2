//! How fast loandash is at any size: one long schedule, and a 10,000-loan store loaded,
//! saved, scheduled, summed for a month's due, its limit projected, drawn in the
//! dashboard and the loan detail, and adjusted in the simulator.
//!
//! Full run: `cargo bench --bench scale` (a few minutes; reports in target/criterion).
//! Quick mode, every benchmark once: `cargo test --bench scale` (`cargo test` runs it).
//! One group: `cargo bench --bench scale -- store_10k`.

use chrono::NaiveDate;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use loandash::book::dues::{self, YearMonth};
use loandash::book::kept;
use loandash::engine::loan::{DayCount, LoanTerms, Method, Rate};
use loandash::engine::schedule;
use loandash::generate::generate;
use loandash::language::Language;
use loandash::limit::{LimitModel, Outlook, Projector, Record};
use loandash::store::{Store, StoreData, from_ron, to_ron};
use loandash::summary;
use loandash::tui::app::App;
use loandash::tui::editor::Backing;
use loandash::tui::keymap::Keymap;
use loandash::tui::theme::Theme;
use loandash::tui::views;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use rust_decimal::Decimal;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

/// Rows in the large store.
const LARGE: usize = 10_000;
/// Rows in a typical store.
const TYPICAL: usize = 20;
/// Seed of the generated stores.
const SEED: u64 = 8;
/// The screen the TUI is drawn on.
const SCREEN: (u16, u16) = (120, 40);

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("a valid date")
}

fn store(rows: usize) -> StoreData {
    generate(rows, SEED, as_of())
}

/// Write `data` to `path` the way `loandash demo --generate` does.
fn write(path: &Path, data: StoreData) {
    let mut store = Store::open(path).expect("a new store opens");
    *store.data_mut() = data;
    store.save().expect("the generated store saves");
}

fn app(backing: Backing) -> App {
    App::new(
        backing,
        as_of(),
        Language::En,
        Theme::plain(),
        Keymap::load(None).expect("the shipped keymap parses"),
    )
}

fn press(app: &mut App, code: KeyCode) {
    let modifiers = match code {
        KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
        _ => KeyModifiers::NONE,
    };
    app.update(&Event::Key(KeyEvent::new(code, modifiers)));
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(SCREEN.0, SCREEN.1)).expect("a test terminal")
}

/// One 30-year mortgage: 360 monthly periods.
fn schedule_360(c: &mut Criterion) {
    let terms = LoanTerms {
        principal: Decimal::new(100_000_000, 2),
        rate: Rate::Annual(Decimal::new(49, 1)),
        day_count: DayCount::Thirty360,
        term: 360,
        method: Method::EqualInstallment,
        start: NaiveDate::from_ymd_opt(2026, 1, 31).expect("a valid date"),
        fee_rate: Decimal::ZERO,
        conventions: Default::default(),
    };
    let mut group = c.benchmark_group("schedule");
    group.bench_function("build_360_periods", |b| {
        b.iter(|| schedule::build(black_box(&terms), &[]).expect("valid terms"))
    });
    let built = schedule::build(&terms, &[]).expect("valid terms");
    group.bench_function("apr_360_periods", |b| b.iter(|| black_box(&built).apr()));
    group.finish();
}

/// The engine over the 10,000-loan store.
fn store_10k(c: &mut Criterion) {
    let data = store(LARGE);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("big.ron");
    write(&path, data.clone());
    let month = YearMonth::of(as_of());

    let mut group = c.benchmark_group("store_10k");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("all_schedules", |b| {
        b.iter(|| {
            for loan in &data.loans {
                black_box(schedule::build(&loan.terms(), &[]).expect("valid terms"));
            }
        })
    });
    group.bench_function("due_month", |b| {
        b.iter(|| dues::minimum_due(black_box(&data), month, as_of()).expect("a valid store"))
    });
    group.bench_function("overview", |b| {
        b.iter(|| {
            loandash::book::overview::overview(black_box(&data), as_of()).expect("a valid store")
        })
    });
    // Opening reads the binary copy beside the file (written by the save above)...
    group.bench_function("load", |b| {
        b.iter(|| Store::open(black_box(&path)).expect("the store opens"))
    });
    // What `loandash due` does in the process: open, this month's due (read from the
    // due copy kept beside the store for the day after the first run).
    group.bench_function("open_and_due", |b| {
        b.iter(|| {
            let store = Store::open(black_box(&path)).expect("the store opens");
            let due = kept::month_due(&store, as_of(), month).expect("a valid store");
            black_box(due.total())
        })
    });
    // What `loandash due` does in the process on a large store: this month's due from
    // the due copy alone (kept by the runs above), the store itself left unread.
    group.bench_function("due", |b| {
        b.iter(|| {
            let kept = kept::kept_month_due(black_box(&path), as_of(), month);
            black_box(kept.expect("the due copy is kept").due.total())
        })
    });
    // What `loandash project-limit` does in the process: open, the limit record (read
    // from the summary kept beside the store for the day after the first run), the
    // on-time projection for 12 months and the actions that would raise the limit most.
    let model = LimitModel::shipped();
    group.bench_function("project_limit", |b| {
        b.iter(|| {
            let store = Store::open(black_box(&path)).expect("the store opens");
            let record = match summary::figures(&store, as_of())
                .expect("a valid store")
                .record
            {
                Some(record) => record,
                None => Record::new(&kept::portfolio(&store, as_of()).expect("a valid store")),
            };
            let projector =
                Projector::new(store.data(), &record, &model, None).expect("a credit line");
            let projection = (projector.outcome(&Outlook::OnTime, 12))
                .expect("a valid store")
                .expect("paying on time applies");
            black_box(
                projector
                    .suggest(&projection.scenario, 12)
                    .expect("suggestions"),
            )
        })
    });
    // ...and, when the file changed or has no copy, parses the RON.
    let text = std::fs::read_to_string(&path).expect("the store reads");
    group.bench_function("parse_ron", |b| {
        b.iter(|| from_ron(black_box(&text), &path).expect("the store parses"))
    });
    group.bench_function("serialize", |b| {
        b.iter(|| to_ron(black_box(&data)).expect("the store serializes"))
    });
    // A real save writes: each time one field changes, so the file and backups rotate.
    let mut opened = Store::open(&path).expect("the store opens");
    let mut flip = false;
    group.bench_function("save", |b| {
        b.iter(|| {
            flip = !flip;
            opened.data_mut().profile.completeness = if flip { 61 } else { 62 };
            opened.save().expect("the store saves");
        })
    });
    group.finish();
}

/// The dashboard and a loan's detail on the 10,000-loan store, and the first frame.
fn tui(c: &mut Criterion) {
    let data = store(LARGE);
    let typical = store(TYPICAL);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let big = dir.path().join("big.ron");
    let small = dir.path().join("small.ron");
    write(&big, data.clone());
    write(&small, typical);

    let mut group = c.benchmark_group("tui_10k");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    let mut dashboard = app(Backing::Demo(data.clone()));
    let mut term = terminal();
    group.bench_function("render_dashboard", |b| {
        b.iter(|| {
            term.draw(|f| views::render(&dashboard, f))
                .expect("the test terminal draws");
        })
    });
    // The largest balance first (a 30-year mortgage, most likely), then its detail.
    press(&mut dashboard, KeyCode::Char('s'));
    press(&mut dashboard, KeyCode::Char('S'));
    press(&mut dashboard, KeyCode::Enter);
    group.bench_function("render_detail", |b| {
        b.iter(|| {
            term.draw(|f| views::render(&dashboard, f))
                .expect("the test terminal draws");
        })
    });
    group.bench_function("app_new", |b| {
        b.iter_batched(|| Backing::Demo(data.clone()), app, BatchSize::LargeInput)
    });
    // What a user waits for: read the file, compute every figure, draw the first frame.
    // Freeing it all is left out, as the TUI leaves it to the process's end.
    group.bench_function("first_frame", |b| {
        b.iter_with_large_drop(|| first_frame(&big))
    });
    // A payment recorded on the dashboard (p, Enter) and the frame drawn: what the key
    // press costs before the status line says "saving…", and until the save on the
    // worker has ended ("saved"). Each payment is undone after, untimed.
    let mut edited = app(Backing::File(Store::open(&big).expect("the store opens")));
    let mut pay = |until_saved: bool, iters: u64| {
        let mut timed = Duration::ZERO;
        for _ in 0..iters {
            let start = Instant::now();
            press(&mut edited, KeyCode::Char('p'));
            press(&mut edited, KeyCode::Enter);
            if until_saved {
                edited.wait_for_saves();
            }
            term.draw(|f| views::render(&edited, f))
                .expect("the test terminal draws");
            timed += start.elapsed();
            let status = edited.status.as_ref().expect("a status line");
            assert!(!status.error, "{}", status.text);
            edited.wait_for_saves();
            press(&mut edited, KeyCode::Char('u'));
            edited.wait_for_saves();
        }
        timed
    };
    group.bench_function("pay_to_saving", |b| {
        b.iter_custom(|iters| pay(false, iters))
    });
    group.bench_function("pay_to_saved", |b| b.iter_custom(|iters| pay(true, iters)));
    group.finish();

    let mut group = c.benchmark_group("tui_20");
    group.bench_function("first_frame", |b| {
        b.iter_with_large_drop(|| first_frame(&small))
    });
    group.finish();
}

/// The app and its terminal after the first frame, to be freed untimed.
fn first_frame(path: &Path) -> (App, Terminal<TestBackend>) {
    let store = Store::open(path).expect("the store opens");
    let app = app(Backing::File(store));
    let mut term = terminal();
    term.draw(|f| views::render(&app, f))
        .expect("the test terminal draws");
    (app, term)
}

/// One key press in the simulator on the 10,000-loan store: a prepayment's amount moves
/// a step (→, then ← so every sample sees the same scenario) and the view is redrawn.
fn simulator(c: &mut Criterion) {
    let mut app = app(Backing::Demo(store(LARGE)));
    let mut term = terminal();
    press(&mut app, KeyCode::Char('5'));
    press(&mut app, KeyCode::Char('P'));
    let mut group = c.benchmark_group("simulator_10k");
    group.sample_size(50);
    let mut right = true;
    group.bench_function("adjust_prepayment_and_redraw", |b| {
        b.iter(|| {
            press(&mut app, if right { KeyCode::Right } else { KeyCode::Left });
            right = !right;
            term.draw(|f| views::render(&app, f))
                .expect("the test terminal draws");
        })
    });
    group.finish();
}

criterion_group!(benches, schedule_360, store_10k, tui, simulator);
criterion_main!(benches);
