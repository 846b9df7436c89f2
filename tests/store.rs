//! The store's file guarantees: every field round-trips, a save killed at any moment leaves
//! the old or the new file, bad and newer files are left untouched, old files migrate,
//! private modes, two writers, the lock, symlinks and rotating backups.

use chrono::{Days, NaiveDate};
use loandash::engine::field::Field;
use loandash::engine::loan::{Conventions, DayCount, Method, Rate};
use loandash::engine::money::Rounding;
use loandash::engine::revolving::{InterestBasis, due_before_next_cut};
use loandash::engine::schedule::PrepayMode;
use loandash::language::Language;
use loandash::store::{
    AttachedPlan, CreditLine, Loan, PaymentKind, PaymentRecord, Plan, PlanRow, Profile,
    RevolvingAccount, SavedScenario, Store, StoreData, StoreError, WhatIf, from_ron, to_ron,
};
use proptest::collection::vec;
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

fn dec(text: &str) -> Decimal {
    text.parse().expect("a test decimal")
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a test date")
}

fn loan(id: &str, method: Method) -> Loan {
    Loan {
        id: id.to_string(),
        name: format!("loan {id}"),
        lender: "蚂蚁".to_string(),
        method,
        principal: dec("10000.00"),
        rate: Rate::Annual(dec("18.25")),
        day_count: DayCount::Thirty360,
        term: 12,
        start: day(2026, 1, 31),
        fee_rate: Decimal::ZERO,
        penalty_rate: None,
        line: None,
        early_interest: Default::default(),
        conventions: None,
        plan: None,
        entered: Default::default(),
    }
}

/// A store using every field and every variant.
fn sample() -> StoreData {
    let mut loans: Vec<Loan> = Method::ALL
        .iter()
        .enumerate()
        .map(|(i, &m)| loan(&format!("L{}", i + 1), m))
        .collect();
    loans[1].rate = Rate::Daily(dec("0.05"));
    loans[1].day_count = DayCount::Actual365;
    loans[1].penalty_rate = Some(dec("27.375"));
    loans[1].line = Some("借呗".to_string());
    loans[2].day_count = DayCount::Actual360;
    loans[4].rate = Rate::Annual(Decimal::ZERO);
    loans[4].fee_rate = dec("0.6");
    loans[0].entered = loandash::store::Entered::Left;
    let mut data = StoreData {
        profile: Profile {
            monthly_income: Some(dec("12000.00")),
            credit_score: Some(700),
            score_date: Some(NaiveDate::from_ymd_opt(2026, 1, 15).expect("a date")),
            completeness: 80,
            score_completeness: Some(60),
            currency: "¥".to_string(),
            language: Some(Language::Zh),
        },
        lines: vec![CreditLine {
            name: "借呗".to_string(),
            lender: "蚂蚁".to_string(),
            limit: dec("50000.00"),
        }],
        loans,
        revolving: vec![RevolvingAccount {
            id: "R1".to_string(),
            name: "花呗".to_string(),
            lender: "蚂蚁".to_string(),
            statement_balance: dec("3000.00"),
            statement_day: 1,
            due_day: 10,
            daily_rate: dec("0.05"),
            min_percent: dec("10"),
            min_floor: dec("50"),
            basis: InterestBasis::Statement,
            line: Some("借呗".to_string()),
        }],
        payments: vec![
            PaymentRecord {
                id: 0,
                date: day(2026, 2, 28),
                amount: dec("917.99"),
                loan: "L1".to_string(),
                kind: PaymentKind::Scheduled,
                mode: None,
            },
            PaymentRecord {
                id: 0,
                date: day(2026, 3, 10),
                amount: dec("3000.00"),
                loan: "L2".to_string(),
                kind: PaymentKind::Prepayment,
                mode: Some(PrepayMode::Reduce),
            },
        ],
        scenarios: vec![SavedScenario {
            name: "装修 plan".to_string(),
            actions: vec![
                WhatIf::Prepay {
                    loan: "L1".to_string(),
                    amount: dec("2000.00"),
                    mode: PrepayMode::Shorten,
                },
                WhatIf::Borrow {
                    line: Some("借呗".to_string()),
                    amount: dec("5000.00"),
                    term: 12,
                },
                WhatIf::Late {
                    loan: "L2".to_string(),
                    days: 30,
                },
                WhatIf::Budget {
                    amount: dec("6000.00"),
                },
            ],
        }],
        ..StoreData::default()
    };
    // As a saved store holds them: every payment numbered.
    data.number_payments();
    data
}

/// A fresh temp dir and the store path inside it.
fn temp_store() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("loans.ron");
    (dir, path)
}

fn saved(path: &Path, data: StoreData) -> Store {
    let mut store = Store::open(path).expect("open");
    *store.data_mut() = data;
    store.save().expect("save");
    store
}

fn read(path: &Path) -> StoreData {
    let text = fs::read_to_string(path).expect("read the store");
    let (data, read_only) = from_ron(&text, path).expect("parse the store");
    assert_eq!(read_only, None);
    data
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().expect("a file name").to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

// ---- round trip ----------------------------------------------------------------------

/// An amount of any precision within the accepted range, 0 to a trillion.
fn any_amount() -> impl Strategy<Value = Decimal> {
    (0i64..=100_000_000_000_000, 2u32..=12).prop_map(|(m, s)| Decimal::new(m, s))
}

fn percent(max_hundredths: i64) -> impl Strategy<Value = Decimal> {
    (0..=max_hundredths).prop_map(|h| Decimal::new(h, 2))
}

/// Any text but control characters, which every way in removes (a store never holds one).
fn any_text() -> impl Strategy<Value = String> {
    "[^\\x00-\\x1f\\x7f-\\x{9f}]{0,12}"
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    (1900i32..2200, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| day(y, m, d))
}

/// A lender's plan as the plan reader leaves one: rows 1, 2, … a month apart, amounts of
/// any precision that add up to at most the cap, a balance or not.
fn any_plan() -> impl Strategy<Value = AttachedPlan> {
    let half = || (0i64..=50_000_000_000_000, 2u32..=12).prop_map(|(m, s)| Decimal::new(m, s));
    let row = (half(), half(), proptest::option::of(any_amount()));
    (
        1i64..=100_000_000_000_000,
        any_text(),
        any_date(),
        any::<bool>(),
        any::<bool>(),
        vec(row, 1..6),
    )
        .prop_map(|(cents, source, first, has_fee, stated, rows)| {
            let rows: Vec<PlanRow> = rows
                .into_iter()
                .enumerate()
                .map(|(i, (principal, interest, balance))| PlanRow {
                    period: i as u32 + 1,
                    due_date: first + chrono::Months::new(i as u32),
                    payment: principal + interest,
                    principal,
                    interest,
                    balance,
                })
                .collect();
            AttachedPlan {
                source,
                plan: Plan {
                    principal: Decimal::new(cents, 2),
                    start: stated.then_some(first - Days::new(31)),
                    term: None,
                    has_fee,
                    rows,
                },
            }
        })
}

/// A valid loan, and which credit line (by index) it may draw on.
fn any_loan() -> impl Strategy<Value = (Loan, Option<usize>)> {
    let pricing = prop_oneof![
        (
            0usize..4,
            prop_oneof![
                percent(10_000).prop_map(Rate::Annual),
                percent(27).prop_map(Rate::Daily)
            ]
        )
            .prop_map(|(m, rate)| (Method::ALL[m], rate, Decimal::ZERO)),
        (any::<bool>(), percent(1_000)).prop_map(|(daily, fee)| {
            let rate = if daily {
                Rate::Daily(Decimal::ZERO)
            } else {
                Rate::Annual(Decimal::ZERO)
            };
            (Method::FlatFee, rate, fee)
        }),
    ];
    (
        (any_text(), any_text(), pricing, 1i64..=100_000_000_000_000),
        (
            0usize..3,
            1u32..=600,
            any_date(),
            proptest::option::of(percent(100_000)),
        ),
        proptest::option::of(any::<usize>()),
        proptest::option::of(any_plan()),
        proptest::sample::select(loandash::store::Entered::ALL.to_vec()),
    )
        .prop_map(
            |(
                (name, lender, (method, rate, fee_rate), cents),
                (dc, term, start, penalty_rate),
                line,
                plan,
                entered,
            )| {
                let loan = Loan {
                    id: String::new(),
                    name,
                    lender,
                    method,
                    principal: Decimal::new(cents, 2),
                    rate,
                    day_count: DayCount::ALL[dc],
                    term,
                    start,
                    fee_rate,
                    penalty_rate,
                    line: None,
                    early_interest: Default::default(),
                    conventions: None,
                    plan,
                    entered,
                };
                (loan, line)
            },
        )
}

fn any_revolving() -> impl Strategy<Value = (RevolvingAccount, Option<usize>)> {
    (
        // Amounts of any precision, within the ranges a valid account has.
        (
            any_text(),
            any_text(),
            any_amount(),
            (1u32..=31, 1u32..=31).prop_filter("a card's days", |(statement, due)| {
                due_before_next_cut(*statement, *due)
            }),
        ),
        (
            percent(27),
            (1..=10_000i64).prop_map(|h| Decimal::new(h, 2)),
            any_amount(),
            any::<bool>(),
        ),
        proptest::option::of(any::<usize>()),
    )
        .prop_map(
            |(
                (name, lender, statement_balance, (statement_day, due_day)),
                (daily_rate, min_percent, min_floor, whole),
                line,
            )| {
                let account = RevolvingAccount {
                    id: String::new(),
                    name,
                    lender,
                    statement_balance,
                    statement_day,
                    due_day,
                    daily_rate,
                    min_percent,
                    min_floor,
                    basis: if whole {
                        InterestBasis::Statement
                    } else {
                        InterestBasis::Remainder
                    },
                    line: None,
                };
                (account, line)
            },
        )
}

/// A payment, and which loan or account (by index) it went to.
fn any_payment() -> impl Strategy<Value = (PaymentRecord, usize)> {
    let kind = prop_oneof![
        Just((PaymentKind::Scheduled, None)),
        Just((PaymentKind::Prepayment, None)),
        Just((PaymentKind::Prepayment, Some(PrepayMode::Shorten))),
        Just((PaymentKind::Prepayment, Some(PrepayMode::Reduce))),
    ];
    (
        any_date(),
        1i64..=100_000_000_000_000,
        2u32..=12,
        kind,
        any::<usize>(),
    )
        .prop_map(|(date, m, s, (kind, mode), target)| {
            let record = PaymentRecord {
                id: 0,
                date,
                amount: Decimal::new(m, s),
                loan: String::new(),
                kind,
                mode,
            };
            (record, target)
        })
}

fn any_profile() -> impl Strategy<Value = Profile> {
    let language = prop_oneof![
        Just(None),
        Just(Some(Language::En)),
        Just(Some(Language::Zh))
    ];
    (
        proptest::option::of(any_amount()),
        proptest::option::of((350u16..=950, proptest::option::of(0u32..3000))),
        (0u8..=100, proptest::option::of(0u8..=100)),
        prop_oneof![Just("¥"), Just("$"), Just("CNY"), Just("USD")].prop_map(String::from),
        language,
    )
        .prop_map(
            |(monthly_income, score, (completeness, score_completeness), currency, language)| {
                Profile {
                    monthly_income,
                    credit_score: score.map(|(s, _)| s),
                    score_date: score.and_then(|(_, d)| d).and_then(|d| {
                        NaiveDate::from_ymd_opt(2020, 1, 1)?.checked_add_days(Days::new(d.into()))
                    }),
                    completeness,
                    score_completeness,
                    currency,
                    language,
                }
            },
        )
}

/// Valid stores: unique ids and line names, references that resolve.
fn any_store() -> impl Strategy<Value = StoreData> {
    (
        any_profile(),
        vec((any_text(), any_text(), any_amount()), 0..4),
        vec(any_loan(), 0..6),
        vec(any_revolving(), 0..4),
        vec(any_payment(), 0..8),
        vec(vec(any_saved_action(), 0..4), 0..3),
    )
        .prop_map(|(profile, lines, loans, revolving, payments, scenarios)| {
            let lines: Vec<CreditLine> = lines
                .into_iter()
                .enumerate()
                .map(|(i, (name, lender, limit))| CreditLine {
                    name: format!("{name}#{i}"),
                    lender,
                    limit,
                })
                .collect();
            let line_name = |pick: Option<usize>| {
                pick.filter(|_| !lines.is_empty())
                    .map(|i| lines[i % lines.len()].name.clone())
            };
            let loans: Vec<Loan> = loans
                .into_iter()
                .enumerate()
                .map(|(i, (loan, line))| Loan {
                    id: format!("L{}", i + 1),
                    name: format!("{}#{i}", loan.name),
                    line: line_name(line),
                    ..loan
                })
                .collect();
            let revolving: Vec<RevolvingAccount> = revolving
                .into_iter()
                .enumerate()
                .map(|(i, (account, line))| RevolvingAccount {
                    id: format!("R{}", i + 1),
                    name: format!("{}#{i}", account.name),
                    line: line_name(line),
                    ..account
                })
                .collect();
            let ids: Vec<&String> = loans
                .iter()
                .map(|l| &l.id)
                .chain(revolving.iter().map(|a| &a.id))
                .collect();
            let payments = payments
                .into_iter()
                .filter(|_| !ids.is_empty())
                .map(|(record, target)| PaymentRecord {
                    id: 0,
                    loan: ids[target % ids.len()].clone(),
                    ..record
                })
                .collect();
            let scenarios = scenarios
                .into_iter()
                .enumerate()
                .map(|(i, actions)| SavedScenario {
                    name: format!("plan {i}"),
                    actions,
                })
                .collect();
            StoreData {
                profile,
                lines,
                loans,
                revolving,
                payments,
                scenarios,
                ..StoreData::default()
            }
        })
}

/// A saved what-if; its loan or line need not exist (it may have been deleted since).
fn any_saved_action() -> impl Strategy<Value = WhatIf> {
    // Above 0 up to the one cap on every amount (1e12), at any scale.
    let amount = (1i64..=1_000_000_000_000, 0u32..=12).prop_map(|(m, s)| Decimal::new(m, s));
    let mode = prop_oneof![Just(PrepayMode::Shorten), Just(PrepayMode::Reduce)];
    prop_oneof![
        (any_text(), amount.clone(), mode).prop_map(|(loan, amount, mode)| WhatIf::Prepay {
            loan,
            amount,
            mode
        }),
        (proptest::option::of(any_text()), amount.clone(), 1u32..=600)
            .prop_map(|(line, amount, term)| WhatIf::Borrow { line, amount, term }),
        (any_text(), 1u32..=3650).prop_map(|(loan, days)| WhatIf::Late { loan, days }),
        amount.prop_map(|amount| WhatIf::Budget { amount }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_field_round_trips(data in any_store()) {
        prop_assert_eq!(data.validate(), Ok(()));
        let text = to_ron(&data).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back = from_ron(&text, Path::new("loans.ron")).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back, (data, None));
    }
}

#[test]
fn the_file_is_pretty_and_round_trips_through_disk() {
    let (_dir, path) = temp_store();
    saved(&path, sample());
    let text = fs::read_to_string(&path).expect("read");
    assert!(
        text.contains("\n            principal: \"10000.00\",\n"),
        "{text}"
    );
    assert!(text.contains("rate: daily(\"0.05\")"), "{text}");
    assert!(!text.contains("StoreData"), "no struct names: {text}");
    assert_eq!(Store::open(&path).expect("reopen").data(), &sample());
}

#[test]
fn a_missing_store_opens_empty_and_is_created_on_save() {
    let (dir, _) = temp_store();
    let path = dir.path().join("new").join("loans.ron");
    let mut store = Store::open(&path).expect("open a missing store");
    assert_eq!(store.data(), &StoreData::default());
    assert!(!path.exists(), "opening must not create the file");
    store.save().expect("first save");
    assert_eq!(read(&path), StoreData::default());
}

// ---- atomic save under kill ----------------------------------------------------------

const SAVER_ENV: &str = "LOANDASH_TEST_SAVER_STORE";
/// What the saver prints once its store is open, so the kill lands among its saves.
const OPENED: &str = "saver: store opened";
const LOANS: usize = 40;

/// A large store whose every record depends on `generation`, so a file mixing two
/// generations cannot pass for either.
fn generation_store(generation: u64) -> StoreData {
    let g = i64::try_from(generation).expect("a small generation");
    let loans: Vec<Loan> = (1..=LOANS)
        .map(|i| Loan {
            name: format!("loan {i} generation {generation}"),
            principal: Decimal::new(1_000_000 + g, 2),
            ..loan(&format!("L{i}"), Method::ALL[i % Method::ALL.len()])
        })
        .map(|l| match l.method {
            Method::FlatFee => Loan {
                rate: Rate::Annual(Decimal::ZERO),
                fee_rate: dec("0.6"),
                ..l
            },
            _ => l,
        })
        .collect();
    let payments = (0..1_500u64)
        .map(|i| PaymentRecord {
            id: 0,
            date: day(2026, 1, 1) + Days::new(i % 700),
            amount: Decimal::new(100 + i64::try_from(i).expect("small") + g, 2),
            loan: format!("L{}", i as usize % LOANS + 1),
            kind: PaymentKind::Scheduled,
            mode: None,
        })
        .collect();
    let mut data = StoreData {
        loans,
        payments,
        ..StoreData::default()
    };
    data.number_payments();
    data
}

fn generation_of(data: &StoreData) -> u64 {
    data.loans
        .first()
        .and_then(|l| l.name.rsplit(' ').next())
        .and_then(|g| g.parse().ok())
        .expect("a generation store")
}

/// Run only as a child of `a_killed_save_leaves_the_old_or_the_new_file`: saves forever.
#[test]
fn saver_child() {
    let Some(path) = std::env::var_os(SAVER_ENV) else {
        return;
    };
    let mut store = Store::open(Path::new(&path)).expect("child opens the store");
    println!("{OPENED}");
    // Bounded, so a parent that died does not leave it running.
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        let next = generation_of(store.data()) + 1;
        *store.data_mut() = generation_store(next);
        store.save().expect("child saves");
    }
}

/// Poll until a save's temp file for the store (not a backup's) exists, or `limit` passes.
fn wait_for_store_temp_file(dir: &Path, limit: Duration) {
    let start = Instant::now();
    while start.elapsed() < limit {
        let writing = fs::read_dir(dir).is_ok_and(|entries| {
            entries.flatten().any(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.starts_with(".loans.ron.")
                    && name.ends_with(".tmp")
                    && !name.starts_with(".loans.ron.bak.")
            })
        });
        if writing {
            return;
        }
        std::thread::sleep(Duration::from_micros(100));
    }
}

#[test]
fn a_killed_save_leaves_the_old_or_the_new_file() {
    let (dir, path) = temp_store();
    saved(&path, generation_store(0));
    let exe = std::env::current_exe().expect("the test binary");
    let log = dir.path().join("child.log");
    let mut seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(1, |d| d.subsec_nanos() as u64 | 1);
    let mut last = 0;
    let mut killed_mid_write = 0;
    for round in 0..30 {
        let mut child = Command::new(&exe)
            .args(["saver_child", "--exact", "--test-threads=1", "--nocapture"])
            .env(SAVER_ENV, &path)
            .stdout(Stdio::piped())
            .stderr(fs::File::create(&log).expect("a log"))
            .spawn()
            .expect("spawn the saver");
        let stdout = child.stdout.take().expect("the saver's stdout");
        // Kept open until the kill, so the saver never writes into a closed pipe.
        let mut lines = BufReader::new(stdout).lines();
        let opened = lines
            .by_ref()
            .map_while(Result::ok)
            .any(|line| line.contains(OPENED));
        if !opened {
            let _ = child.wait();
            let log = fs::read_to_string(&log).unwrap_or_default();
            panic!("round {round}: the saver did not open the store: {log}");
        }
        // xorshift: a different moment among the saves each round
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_millis(seed % 250));
        if round == 0 {
            // However slow the machine, let one save complete first, so the rounds
            // test an update and not only the untouched original.
            let deadline = std::time::Instant::now() + Duration::from_secs(120);
            while std::time::Instant::now() < deadline {
                let text = fs::read_to_string(&path).unwrap_or_default();
                if from_ron(&text, &path).is_ok_and(|(data, _)| generation_of(&data) > 0) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        if round % 2 == 1 {
            // Half the kills aim at the narrow window where the new file is being written.
            wait_for_store_temp_file(dir.path(), Duration::from_secs(2));
        }
        child.kill().expect("SIGKILL the saver");
        child.wait().expect("reap the saver");
        drop(lines);

        let leftovers = fs::read_dir(dir.path())
            .expect("list")
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .count();
        killed_mid_write += usize::from(leftovers > 0);
        let text = fs::read_to_string(&path).expect("the store exists");
        let (data, _) = from_ron(&text, &path).unwrap_or_else(|e| {
            let log = fs::read_to_string(&log).unwrap_or_default();
            panic!("round {round}: the store does not parse: {e}\nchild: {log}")
        });
        let generation = generation_of(&data);
        assert_eq!(
            data,
            generation_store(generation),
            "round {round}: a torn store"
        );
        assert!(
            generation >= last,
            "round {round}: went back from {last} to {generation}"
        );
        last = generation;
    }
    let log = fs::read_to_string(&log).unwrap_or_default();
    assert!(last > 0, "the child never finished a save: {log}");
    eprintln!("{last} saves completed; {killed_mid_write} of 30 kills left a temp file behind");
}

// ---- bad files are never overwritten -------------------------------------------------

#[test]
fn a_corrupt_store_is_left_untouched_with_its_position() {
    let (dir, path) = temp_store();
    let text = "(\n    version: 3,\n    loans: [\n        (id: \"L1\" name: \"x\"),\n    ],\n)\n";
    fs::write(&path, text).expect("write");
    let err = Store::open(&path).expect_err("a corrupt store must not open");
    match &err {
        StoreError::Parse {
            path: p,
            line,
            column,
            message,
        } => {
            assert_eq!(p, &path);
            assert_eq!((*line, *column), (4, 19), "{err}");
            assert!(message.contains("comma"), "{message}");
        }
        other => panic!("expected a parse error, got {other:?}"),
    }
    let shown = err.to_string();
    assert!(shown.contains("loans.ron:4:19:"), "{shown}");
    assert!(shown.contains("left as it is"), "{shown}");
    assert_eq!(fs::read(&path).expect("read"), text.as_bytes());
    assert_eq!(
        fs::read_dir(dir.path()).expect("list").count(),
        1,
        "nothing else written"
    );
}

#[test]
fn a_bare_float_is_an_error_at_its_position() {
    let (_dir, path) = temp_store();
    let good = to_ron(&sample()).expect("serialize");
    let text = good.replacen("principal: \"10000.00\"", "principal: 10000.5", 1);
    fs::write(&path, &text).expect("write");
    let (line, col) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find("principal: 10000.5").map(|c| (i + 1, c + 12)))
        .expect("the float is there");
    match Store::open(&path) {
        Err(StoreError::Parse {
            line: l,
            column,
            message,
            ..
        }) => {
            assert_eq!((l, column), (line, col));
            assert!(message.contains("Expected string"), "{message}");
            assert!(message.contains("quotes"), "{message}");
        }
        other => panic!("expected a parse error, got {other:?}"),
    }
    assert_eq!(fs::read_to_string(&path).expect("read"), text);
}

#[test]
fn an_unknown_field_is_an_error_not_silently_dropped() {
    let (_dir, path) = temp_store();
    let text = to_ron(&sample()).expect("serialize").replacen(
        "lender: \"蚂蚁\",\n            method",
        "lendr: \"蚂蚁\",\n            method",
        1,
    );
    fs::write(&path, &text).expect("write");
    match Store::open(&path) {
        Err(e @ StoreError::UnknownField { .. }) => {
            let shown = e.to_string();
            assert!(
                shown.contains("`lendr`") && shown.contains("loans[0]"),
                "{shown}"
            );
        }
        other => panic!("expected an unknown field, got {other:?}"),
    }
    assert_eq!(fs::read_to_string(&path).expect("read"), text);
}

#[test]
fn invalid_data_is_never_saved() {
    let (_dir, path) = temp_store();
    let mut store = saved(&path, sample());
    let before = fs::read(&path).expect("read");
    store.data_mut().loans[0].term = 0;
    assert!(matches!(
        store.save(),
        Err(StoreError::Invalid {
            field: Field::Term,
            ..
        })
    ));
    store.data_mut().loans[0].term = 12;
    store.data_mut().version = 7;
    assert!(matches!(
        store.save(),
        Err(StoreError::Invalid {
            field: Field::Version,
            ..
        })
    ));
    assert_eq!(fs::read(&path).expect("read"), before);
}

#[test]
fn a_store_breaking_the_rules_is_invalid_naming_the_field() {
    let (_dir, path) = temp_store();
    let text = to_ron(&sample())
        .expect("serialize")
        .replace("id: \"L2\"", "id: \"L1\"");
    fs::write(&path, &text).expect("write");
    match Store::open(&path) {
        Err(
            e @ StoreError::Invalid {
                field: Field::Id, ..
            },
        ) => {
            assert!(e.to_string().contains("loans.ron"), "{e}");
        }
        other => panic!("expected an invalid id, got {other:?}"),
    }
}

// ---- versions ------------------------------------------------------------------------

#[test]
fn a_newer_store_opens_read_only_and_is_never_written() {
    let (dir, path) = temp_store();
    let text = to_ron(&sample()).expect("serialize").replacen(
        "version: 4,",
        "version: 5,\n    budgets: [(name: \"food\")],",
        1,
    );
    fs::write(&path, &text).expect("write");
    let mut store = Store::open(&path).expect("a newer store opens");
    let reason = store.read_only().expect("read-only").to_string();
    assert!(reason.contains("newer loandash (version 5)"), "{reason}");
    assert_eq!(store.data().loans, sample().loans);
    store.data_mut().profile.completeness = 1;
    match store.save() {
        Err(e @ StoreError::ReadOnly { .. }) => assert!(e.to_string().contains(&reason), "{e}"),
        other => panic!("expected read-only, got {other:?}"),
    }
    assert_eq!(fs::read_to_string(&path).expect("read"), text);
    assert_eq!(
        fs::read_dir(dir.path()).expect("list").count(),
        1,
        "no backup, lock or temp"
    );
}

const V1_FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/store_v1.ron");

#[test]
fn a_v1_store_migrates_with_a_backup_of_the_original() {
    let (_dir, path) = temp_store();
    let original = fs::read(V1_FIXTURE).expect("the v1 fixture");
    fs::write(&path, &original).expect("write");
    let mut store = Store::open(&path).expect("a v1 store opens");
    assert_eq!(store.read_only(), None);
    let data = store.data().clone();
    assert_eq!(data.version, 4);
    let l1 = data.loan("L1").expect("L1");
    assert_eq!(l1.rate, Rate::Annual(dec("18.25")));
    assert_eq!(l1.day_count, DayCount::Thirty360);
    assert_eq!(
        (l1.method, l1.term, l1.principal),
        (Method::EqualInstallment, 12, dec("10000.00"))
    );
    assert_eq!(
        (l1.lender.as_str(), l1.penalty_rate, &l1.line),
        ("", None, &None)
    );
    let l2 = data.loan("L2").expect("L2");
    assert_eq!(
        (l2.method, l2.rate, l2.start),
        (
            Method::EqualPrincipal,
            Rate::Annual(dec("4.8")),
            day(2025, 6, 15)
        )
    );
    assert_eq!(data.payments.len(), 3);
    assert_eq!(data.payments[1].kind, PaymentKind::Prepayment);
    assert!(data.payments.iter().all(|p| p.mode.is_none()));
    assert_eq!(
        (&data.profile, data.lines.len(), data.revolving.len()),
        (&Profile::default(), 0, 0)
    );
    assert_eq!(
        fs::read(&path).expect("read"),
        original,
        "opening never writes"
    );

    store.save().expect("save migrates");
    let v1_backup = sibling(&path, ".v1.bak");
    assert_eq!(fs::read(&v1_backup).expect("the v1 backup"), original);
    assert_eq!(read(&path), data);

    store.data_mut().profile.completeness = 50;
    store.save().expect("a second save");
    assert_eq!(
        fs::read(&v1_backup).expect("the v1 backup"),
        original,
        "kept as it was"
    );
}

#[test]
fn an_existing_v1_backup_is_never_overwritten() {
    let (_dir, path) = temp_store();
    fs::copy(V1_FIXTURE, &path).expect("copy the fixture");
    let v1_backup = sibling(&path, ".v1.bak");
    fs::write(&v1_backup, "an older backup").expect("write");
    Store::open(&path).expect("open").save().expect("save");
    assert_eq!(
        fs::read_to_string(&v1_backup).expect("read"),
        "an older backup"
    );
    assert_eq!(read(&path).version, 4);
}

/// The line of the counter version 3 added beside payment ids (version 2 had neither;
/// its payments are numbered on reading, so the counter comes back the same).
fn last_payment_id(data: &StoreData) -> String {
    format!("    last_payment_id: {},\n", data.last_payment_id)
}

#[test]
fn a_v2_store_migrates_with_a_backup_and_refuses_keys_v2_did_not_have() {
    let (_dir, path) = temp_store();
    let v2 = StoreData {
        scenarios: Vec::new(),
        ..sample()
    };
    let original = to_ron(&v2)
        .expect("serialize")
        .replacen("version: 4,", "version: 2,", 1)
        .replace("    scenarios: [],\n", "")
        .replace(&last_payment_id(&v2), "");
    assert!(!original.contains("scenarios"), "{original}");
    fs::write(&path, &original).expect("write");
    let mut store = Store::open(&path).expect("a v2 store opens");
    assert_eq!(store.data(), &v2, "every v2 field is kept");
    store.save().expect("save migrates");
    let v2_backup = sibling(&path, ".v2.bak");
    assert_eq!(
        fs::read_to_string(&v2_backup).expect("the v2 backup"),
        original
    );
    assert_eq!(read(&path), v2);
    assert!(fs::read_to_string(&path).unwrap().contains("version: 4,"));

    // Saved scenarios came with version 3: in a version-2 file the key is unknown.
    let (_dir, path) = temp_store();
    let text = to_ron(&sample())
        .expect("serialize")
        .replacen("version: 4,", "version: 2,", 1)
        .replace(&last_payment_id(&sample()), "");
    fs::write(&path, &text).expect("write");
    match Store::open(&path) {
        Err(StoreError::UnknownField { field, .. }) => assert_eq!(field, "scenarios"),
        other => panic!("expected an unknown field, got {other:?}"),
    }
}

#[test]
fn saved_scenarios_refuse_unknown_keys_and_bad_values_by_field() {
    let text = to_ron(&sample()).expect("serialize");
    assert!(text.contains("prepay("), "{text}");
    let typo = text.replacen("days: 30,", "days: 30,\n                    dayz: 3,", 1);
    match from_ron(&typo, Path::new("loans.ron")) {
        Err(StoreError::UnknownField {
            field, location, ..
        }) => {
            assert_eq!(field, "dayz");
            assert!(
                location.starts_with("scenarios[0].actions[2]"),
                "{location}"
            );
        }
        other => panic!("expected an unknown field, got {other:?}"),
    }
    let cases = [
        ("amount: \"2000.00\"", "amount: \"0\"", "amount"),
        (
            "term: 12,\n                ),",
            "term: 0,\n                ),",
            "term",
        ),
        ("days: 30", "days: 0", "days"),
        ("name: \"装修 plan\"", "name: \" \"", "name"),
    ];
    for (from, to, field) in cases {
        assert!(text.contains(from), "{from}");
        let bad = text.replacen(from, to, 1);
        match from_ron(&bad, Path::new("loans.ron")) {
            Err(StoreError::Invalid { field: f, .. }) => assert_eq!(f.key(), field, "{to}"),
            other => panic!("{to}: expected invalid {field}, got {other:?}"),
        }
    }
    let mut twice = sample();
    twice.scenarios.push(twice.scenarios[0].clone());
    assert_eq!(twice.validate().map_err(|e| e.field), Err(Field::Name));
    // A scenario whose loan was deleted since stays valid.
    let mut gone = sample();
    gone.scenarios[0].actions.push(WhatIf::Late {
        loan: "L99".to_string(),
        days: 1,
    });
    assert_eq!(gone.validate(), Ok(()));
}

// ---- modes, writers, lock, symlinks, backups -----------------------------------------

#[cfg(unix)]
#[test]
fn the_file_is_0600_and_new_folders_0700() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, _) = temp_store();
    let path = dir.path().join("a").join("b").join("loans.ron");
    let mut store = saved(&path, sample());
    store.data_mut().profile.completeness = 1;
    store.save().expect("second save");
    let mode = |p: &Path| fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&sibling(&path, ".bak.1")), 0o600);
    assert_eq!(mode(&sibling(&path, ".lock")), 0o600);
    assert_eq!(mode(&dir.path().join("a")), 0o700);
    assert_eq!(mode(&dir.path().join("a").join("b")), 0o700);
}

#[test]
fn a_second_writer_gets_a_conflict_not_a_clobber() {
    let (_dir, path) = temp_store();
    saved(&path, sample());
    let mut first = Store::open(&path).expect("first");
    let mut second = Store::open(&path).expect("second");
    first.data_mut().profile.completeness = 11;
    first.save().expect("first saves");
    first.data_mut().profile.completeness = 12;
    first
        .save()
        .expect("first saves again: its fingerprint follows its own saves");
    second.data_mut().profile.completeness = 99;
    match second.save() {
        Err(e @ StoreError::Conflict { .. }) => {
            let shown = e.to_string();
            assert!(
                shown.contains("loans.ron")
                    && shown.contains("reload")
                    && shown.contains("save elsewhere"),
                "{shown}"
            );
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(read(&path).profile.completeness, 12);

    let elsewhere = path.with_file_name("mine.ron");
    assert!(matches!(
        second.save_as(&path),
        Err(StoreError::Exists { .. })
    ));
    second.save_as(&elsewhere).expect("save elsewhere");
    assert_eq!(read(&elsewhere).profile.completeness, 99);
    assert_eq!(read(&path).profile.completeness, 12);

    first.reload().expect("reload");
    assert_eq!(first.data().profile.completeness, 12);
}

#[test]
fn what_is_computed_from_one_read_saves_over_that_read_only() {
    // The TUI's merge: the file read (theirs), changes merged onto it, saved. Another
    // program writing between that read and the save must get a conflict: reading the
    // file a second time before saving would take its write as the base and drop it.
    let (_dir, path) = temp_store();
    let mut mine = saved(&path, sample());
    let theirs = Store::open(&path).expect("the version merged with");
    let mut other = Store::open(&path).expect("another program");
    other.data_mut().profile.completeness = 33;
    other.save().expect("it writes after the merge read");
    mine.adopt(theirs);
    mine.data_mut().profile.completeness = 44;
    assert!(matches!(mine.save(), Err(StoreError::Conflict { .. })));
    assert_eq!(read(&path).profile.completeness, 33);
}

/// An editor rewrites the file in place within the file system's time granularity:
/// same length, same modification time, other content.
fn rewrite_keeping_length_and_time(path: &Path) {
    let stamp = fs::metadata(path)
        .and_then(|m| m.modified())
        .expect("mtime");
    let text = fs::read_to_string(path).expect("read");
    let edited = text.replacen("completeness: 80,", "completeness: 81,", 1);
    assert_ne!(edited, text);
    let file = fs::OpenOptions::new()
        .write(true)
        .open(path)
        .expect("open in place");
    std::io::Write::write_all(&mut &file, edited.as_bytes()).expect("write in place");
    file.set_modified(stamp).expect("the same time stamp");
}

#[test]
fn a_change_of_the_same_length_and_time_stamp_is_noticed() {
    let (_dir, path) = temp_store();
    let mut store = saved(&path, sample());
    rewrite_keeping_length_and_time(&path);
    assert!(store.changed_on_disk());
}

/// The same rewrite looked at only once the file's time is old: its length and time
/// still match what was read, but the content was read while that time was recent (and
/// another write could carry it), so the content is what tells.
#[test]
fn a_change_of_the_same_length_and_time_stamp_is_noticed_once_the_time_is_old() {
    let (_dir, path) = temp_store();
    let mut store = saved(&path, sample());
    assert!(!store.changed_on_disk(), "nothing has happened yet");
    rewrite_keeping_length_and_time(&path);
    // Past the 2 s a file system's time stamps may lump together.
    std::thread::sleep(std::time::Duration::from_millis(2200));
    assert!(store.changed_on_disk());
}

#[test]
fn two_writers_of_a_missing_store_conflict_too() {
    let (_dir, path) = temp_store();
    let mut first = Store::open(&path).expect("first");
    let mut second = Store::open(&path).expect("second");
    first.save().expect("first creates it");
    assert!(matches!(second.save(), Err(StoreError::Conflict { .. })));
}

#[test]
fn a_hand_edit_after_reading_is_a_conflict() {
    let (_dir, path) = temp_store();
    let mut store = saved(&path, sample());
    let edited = to_ron(&sample())
        .expect("serialize")
        .replace("\"loan L1\"", "\"my loan\"");
    fs::write(&path, &edited).expect("an editor writes");
    store.data_mut().profile.completeness = 5;
    assert!(matches!(store.save(), Err(StoreError::Conflict { .. })));
    assert_eq!(fs::read_to_string(&path).expect("read"), edited);
    store.reload().expect("reload");
    assert_eq!(store.data().loans[0].name, "my loan");
    store.save().expect("save after reload");
}

fn take_lock(path: &Path) -> fs::File {
    let lock = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(sibling(path, ".lock"))
        .expect("open the lock file");
    lock.try_lock().expect("take the lock");
    lock
}

#[test]
fn a_lock_held_for_all_of_the_wait_makes_save_fail_clearly() {
    let (_dir, path) = temp_store();
    let mut store = saved(&path, sample());
    let before = fs::read(&path).expect("read");
    let lock = take_lock(&path);
    store.data_mut().profile.completeness = 7;
    let start = Instant::now();
    match store.save() {
        Err(e @ StoreError::Locked { .. }) => {
            assert!(e.to_string().contains("another loandash kept"), "{e}");
            assert!(e.to_string().contains("nothing was written"), "{e}");
        }
        other => panic!("expected locked, got {other:?}"),
    }
    assert!(
        start.elapsed() >= loandash::store::LOCK_WAIT,
        "it waited first"
    );
    assert_eq!(fs::read(&path).expect("read"), before);
    drop(lock);
    store.save().expect("saves once the lock is free");
    assert_eq!(read(&path).profile.completeness, 7);
}

#[test]
fn a_save_waits_for_the_lock_and_then_succeeds() {
    let (_dir, path) = temp_store();
    let mut store = saved(&path, sample());
    let lock = take_lock(&path);
    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(1500));
        drop(lock);
    });
    store.data_mut().profile.completeness = 7;
    store.save().expect("the save waits for the lock");
    release.join().expect("the releasing thread");
    assert_eq!(read(&path).profile.completeness, 7);
}

#[test]
fn open_for_update_holds_the_lock_until_dropped_and_says_it_waited() {
    let (_dir, path) = temp_store();
    saved(&path, sample());
    let mut first = Store::open_for_update(&path, || panic!("nothing to wait for")).unwrap();
    first.data_mut().profile.completeness = 1;
    let second = std::thread::spawn({
        let path = path.clone();
        move || {
            let mut waited = false;
            let mut store = Store::open_for_update(&path, || waited = true).unwrap();
            // Read after the first writer saved: its change is there to build on.
            assert_eq!(store.data().profile.completeness, 1);
            store.data_mut().profile.completeness = 2;
            store.save().expect("no conflict: read under the lock");
            waited
        }
    });
    std::thread::sleep(Duration::from_millis(1300));
    first.save().expect("the holder saves");
    drop(first);
    assert!(
        second.join().expect("second writer"),
        "it said it was waiting"
    );
    assert_eq!(read(&path).profile.completeness, 2);
}

#[cfg(unix)]
#[test]
fn a_read_only_file_opens_read_only_and_is_never_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path) = temp_store();
    saved(&path, sample());
    fs::set_permissions(&path, fs::Permissions::from_mode(0o400)).unwrap();
    let before = fs::read(&path).unwrap();
    let mut store = Store::open(&path).expect("opens to read");
    assert!(
        store
            .read_only()
            .unwrap()
            .to_string()
            .contains("permissions")
    );
    store.data_mut().profile.completeness = 9;
    assert!(matches!(store.save(), Err(StoreError::ReadOnly { .. })));
    assert!(matches!(
        Store::open_for_update(&path, || {}),
        Err(StoreError::ReadOnly { .. })
    ));
    assert_eq!(fs::read(&path).unwrap(), before);
    let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o400);
}

#[cfg(unix)]
#[test]
fn only_a_regular_file_is_read_as_the_store() {
    let (dir, _) = temp_store();
    let fifo = dir.path().join("fifo.ron");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    // Opening a FIFO to read would block here forever.
    let err = Store::open(&fifo).expect_err("a FIFO is refused");
    assert!(err.to_string().contains("not a regular file"), "{err}");
    let err = Store::open(Path::new("/dev/zero")).expect_err("a device is refused");
    assert!(err.to_string().contains("not a regular file"), "{err}");
    let err = Store::open(dir.path()).expect_err("a folder is refused");
    assert!(err.to_string().contains("not a regular file"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_symlinked_store_keeps_its_link() {
    let (dir, _) = temp_store();
    fs::create_dir(dir.path().join("real")).expect("mkdir");
    let target = dir.path().join("real").join("loans.ron");
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink("real/loans.ron", &link).expect("symlink");

    let mut store = Store::open(&link).expect("open through a dangling link");
    assert_eq!(store.path(), link);
    *store.data_mut() = sample();
    store.save().expect("creates the target");
    store.data_mut().profile.completeness = 3;
    store.save().expect("replaces the target");

    assert!(
        fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink()
    );
    assert_eq!(read(&target).profile.completeness, 3);
    assert_eq!(read(&link).profile.completeness, 3);
    assert_eq!(read(&sibling(&target, ".bak.1")), sample());
    assert!(
        !sibling(&link, ".bak.1").exists(),
        "backups live beside the target"
    );
}

#[test]
fn backups_rotate_and_stop_at_ten() {
    let (_dir, path) = temp_store();
    let mut store = Store::open(&path).expect("open");
    for completeness in 0..13 {
        store.data_mut().profile.completeness = completeness;
        store.save().expect("save");
    }
    store.save().expect("an unchanged save");
    for n in 1..=10u8 {
        let backup = read(&sibling(&path, &format!(".bak.{n}")));
        assert_eq!(backup.profile.completeness, 12 - n, "bak.{n}");
    }
    assert!(!sibling(&path, ".bak.11").exists());
    assert_eq!(read(&path).profile.completeness, 12);
}

// ---- large stores --------------------------------------------------------------------

#[test]
fn a_large_store_opens_from_its_binary_copy_only_while_the_file_is_unchanged() {
    let (dir, path) = temp_store();
    let data = loandash::generate::generate(400, 5, day(2026, 11, 23));
    saved(&path, data.clone());
    let cache = sibling(&path, ".cache");
    assert!(cache.exists(), "a large store is saved with its copy");
    assert_eq!(Store::open(&path).expect("open").data(), &data);

    // Edited by hand: the copy is stale, the file wins, and the copy follows it.
    let text = fs::read_to_string(&path).expect("read");
    let renamed = text.replacen(&data.loans[0].name, "renamed by hand", 1);
    fs::write(&path, &renamed).expect("write");
    for _ in 0..2 {
        let store = Store::open(&path).expect("open");
        assert_eq!(store.data().loans[0].name, "renamed by hand");
        assert_eq!(store.data().loans[1..], data.loans[1..]);
    }

    // A damaged copy is ignored, never an error.
    fs::write(&cache, b"loandash and then garbage").expect("write");
    assert_eq!(Store::open(&path).expect("open").data(), &read(&path));
    // The store file itself was never touched by any of this.
    assert_eq!(fs::read_to_string(&path).expect("read"), renamed);
    drop(dir);
}

// ---- a lender's plan kept with its loan ------------------------------------------------

/// The sample with a lender's plan kept with its first loan.
fn sample_with_plan() -> StoreData {
    let mut data = sample();
    let row = |period, due_date, principal: &str, interest: &str| PlanRow {
        period,
        due_date,
        payment: dec(principal) + dec(interest),
        principal: dec(principal),
        interest: dec(interest),
        balance: None,
    };
    data.loans[0].plan = Some(AttachedPlan {
        source: "借呗 plan.csv".into(),
        plan: Plan {
            principal: dec("200.00"),
            start: Some(day(2026, 1, 10)),
            term: None,
            has_fee: false,
            rows: vec![
                row(1, day(2026, 2, 10), "100.00", "1.50"),
                row(2, day(2026, 3, 10), "100.00", "0.75"),
            ],
        },
    });
    data
}

/// The last rows of a plan, kept with their whole term, open as saved.
#[test]
fn a_kept_plan_of_a_loans_last_rows_round_trips_with_its_term() {
    let (_dir, path) = temp_store();
    let mut data = sample_with_plan();
    let plan = &mut data.loans[0].plan.as_mut().unwrap().plan;
    plan.rows.iter_mut().for_each(|r| r.period += 10);
    plan.term = Some(12);
    saved(&path, data.clone());
    let text = fs::read_to_string(&path).expect("read");
    assert!(text.contains("term: Some(12)"), "{text}");
    let store = Store::open(&path).expect("open");
    assert_eq!(store.data().loans[0].plan, data.loans[0].plan);
}

#[test]
fn a_kept_plan_round_trips_through_disk() {
    let (_dir, path) = temp_store();
    saved(&path, sample_with_plan());
    let text = fs::read_to_string(&path).expect("read");
    assert!(text.contains("source: \"借呗 plan.csv\""), "{text}");
    assert_eq!(
        Store::open(&path).expect("reopen").data(),
        &sample_with_plan()
    );
}

#[test]
fn a_v3_store_with_conventions_and_a_kept_plan_migrates_to_v4_keeping_both() {
    // Version 3 files written before the bump may hold both: they open as they are, and
    // the next save keeps the file as it was in `.v3.bak` and writes version 4.
    let (_dir, path) = temp_store();
    let mut data = sample_with_plan();
    data.loans[1].conventions = Some(Conventions {
        rounding: Rounding::Down,
        ..Conventions::default()
    });
    let original = to_ron(&data)
        .expect("serialize")
        .replacen("version: 4,", "version: 3,", 1);
    assert!(original.contains("version: 3,") && original.contains("conventions: Some("));
    fs::write(&path, &original).expect("write");
    let mut store = Store::open(&path).expect("a v3 store opens");
    assert_eq!(store.read_only(), None);
    assert_eq!(store.data(), &data, "the plan and the conventions are kept");
    store.save().expect("save migrates");
    assert_eq!(
        fs::read_to_string(sibling(&path, ".v3.bak")).expect("the v3 backup"),
        original
    );
    assert!(fs::read_to_string(&path).unwrap().contains("version: 4,"));
    assert_eq!(read(&path), data);
}

#[test]
fn a_store_written_before_plans_were_kept_loads_with_none() {
    // A store of this version saved before loans had a `plan` field.
    let (_dir, path) = temp_store();
    let text = to_ron(&sample()).expect("serialize");
    let old: String = text
        .lines()
        .filter(|l| l.trim() != "plan: None,")
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(old, text, "the field is written today");
    assert!(!old.contains("plan:"), "{old}");
    fs::write(&path, &old).expect("write");
    let store = Store::open(&path).expect("an old store opens");
    assert_eq!(store.data(), &sample());
    assert!(store.data().loans.iter().all(|l| l.plan.is_none()));
}

#[test]
fn a_hand_edited_kept_plan_that_breaks_the_rules_is_refused_naming_the_loan_and_row() {
    type Edit = fn(&mut Plan);
    let edits: [(Edit, &str); 9] = [
        (|p| p.rows[1].period = 3, "row 2: period 3"),
        // The last rows of a plan need its whole term, reaching them.
        (
            |p| p.rows.iter_mut().for_each(|r| r.period += 8),
            "a term of no installments where the plan's rows reach installment 10",
        ),
        (
            |p| {
                p.rows.iter_mut().for_each(|r| r.period += 8);
                p.term = Some(9);
            },
            "a term of 9 installments where the plan's rows reach installment 10",
        ),
        (|p| p.term = Some(1), "a term of 1 installments"),
        (|p| p.rows[1].due_date = day(2026, 2, 1), "row 2: "),
        (
            |p| p.rows[1].payment = dec("100.76"),
            "row 2: payment 100.76",
        ),
        (|p| p.rows[1].interest = dec("-0.75"), "row 2: interest"),
        (
            |p| p.rows[1].due_date = day(-262_143, 1, 1),
            "row 2: due date",
        ),
        (|p| p.rows.clear(), "no rows"),
    ];
    for (edit, said) in edits {
        let mut data = sample_with_plan();
        edit(&mut data.loans[0].plan.as_mut().unwrap().plan);
        let (_dir, path) = temp_store();
        fs::write(&path, to_ron(&data).expect("serialize")).expect("write");
        let before = fs::read(&path).expect("read");
        match Store::open(&path) {
            Err(
                e @ StoreError::Invalid {
                    field: Field::Plan, ..
                },
            ) => {
                let text = e.to_string();
                assert!(
                    text.contains("loan L1") && text.contains(said),
                    "{said}: {text}"
                );
            }
            other => panic!("{said}: expected the plan refused, got {other:?}"),
        }
        assert_eq!(fs::read(&path).expect("read"), before, "left untouched");
    }
}
