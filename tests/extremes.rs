//! No panic on extreme stores (issue 19): stores at the edges of every accepted range —
//! the largest amounts, rates and terms, long payment histories, dates at the ends of the
//! four-digit years — are written as a hand-editor would, and every read command runs on
//! them through the real binary. Each must answer (an error is fine) without panicking
//! (exit 101) or hanging.

use proptest::prelude::*;
use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const MAX_AMOUNT: &str = "1000000000000.00";

#[derive(Debug, Clone)]
struct LoanSpec {
    method: &'static str,
    /// `annual("…")` or `daily("…")`.
    rate: String,
    fee_rate: &'static str,
    day_count: &'static str,
    principal: &'static str,
    term: u32,
    start: &'static str,
    penalty_rate: Option<&'static str>,
    /// Payments: how many, each of this amount, a month apart from the start.
    payments: (usize, &'static str),
}

#[derive(Debug, Clone)]
struct CardSpec {
    balance: &'static str,
    daily_rate: &'static str,
    statement_day: u32,
    due_day: u32,
    min_percent: &'static str,
    min_floor: &'static str,
    basis: &'static str,
}

#[derive(Debug, Clone)]
struct StoreSpec {
    income: Option<&'static str>,
    score: u16,
    completeness: u8,
    loans: Vec<LoanSpec>,
    cards: Vec<CardSpec>,
}

const METHODS: [&str; 5] = [
    "equal-installment",
    "equal-principal",
    "interest-only",
    "bullet",
    "flat-fee",
];
const DAY_COUNTS: [&str; 3] = ["30/360", "actual/365", "actual/360"];
const STARTS: [&str; 6] = [
    "1000-01-31",
    "1999-12-31",
    "2026-01-31",
    "2026-03-05",
    "9949-12-31",
    "9999-12-31",
];
const AMOUNTS: [&str; 4] = ["0.01", "1.00", "999999999999.99", MAX_AMOUNT];

fn any_loan() -> impl Strategy<Value = LoanSpec> {
    (
        0..METHODS.len(),
        prop_oneof![
            prop::sample::select(vec!["0", "0.01", "36", "100"])
                .prop_map(|a| format!("annual(\"{a}\")")),
            prop::sample::select(vec!["0", "0.0001", "0.05", "0.27"])
                .prop_map(|d| format!("daily(\"{d}\")")),
        ],
        prop::sample::select(vec!["0", "0.6", "10"]),
        prop::sample::select(DAY_COUNTS.to_vec()),
        prop::sample::select(AMOUNTS.to_vec()),
        prop::sample::select(vec![1u32, 2, 360, 600]),
        prop::sample::select(STARTS.to_vec()),
        prop::option::of(Just("1000")),
        (0usize..=700, prop::sample::select(AMOUNTS.to_vec())),
    )
        .prop_map(
            |(method, rate, fee, day_count, principal, term, start, penalty_rate, payments)| {
                let method = METHODS[method];
                let flat = method == "flat-fee";
                LoanSpec {
                    method,
                    // A flat-fee plan is priced by its fee alone.
                    rate: if flat {
                        "annual(\"0\")".to_string()
                    } else {
                        rate
                    },
                    fee_rate: if flat { fee } else { "0" },
                    day_count,
                    principal,
                    term,
                    start,
                    penalty_rate,
                    payments,
                }
            },
        )
}

fn any_card() -> impl Strategy<Value = CardSpec> {
    (
        prop::sample::select(vec!["0.00", "0.01", MAX_AMOUNT]),
        prop::sample::select(vec!["0", "0.0001", "0.27"]),
        prop::sample::select(vec![1u32, 28, 31]),
        prop::sample::select(vec![1u32, 15, 31]),
        prop::sample::select(vec!["0.01", "10", "100"]),
        prop::sample::select(vec!["0", "0.01", MAX_AMOUNT]),
        prop::sample::select(vec!["remainder", "statement"]),
    )
        .prop_map(
            |(balance, daily_rate, statement_day, due_day, min_percent, min_floor, basis)| {
                CardSpec {
                    balance,
                    daily_rate,
                    statement_day,
                    due_day,
                    min_percent,
                    min_floor,
                    basis,
                }
            },
        )
}

fn any_store() -> impl Strategy<Value = StoreSpec> {
    (
        prop::option::of(prop::sample::select(vec!["0.00", "0.01", MAX_AMOUNT])),
        prop::sample::select(vec![350u16, 950]),
        prop::sample::select(vec![0u8, 100]),
        prop::collection::vec(any_loan(), 1..4),
        prop::collection::vec(any_card(), 0..3),
    )
        .prop_map(|(income, score, completeness, loans, cards)| StoreSpec {
            income,
            score,
            completeness,
            loans,
            cards,
        })
}

/// Every field at its most extreme at once.
fn the_worst_store() -> StoreSpec {
    let loans = METHODS
        .iter()
        .flat_map(|&method| {
            ["annual(\"100\")", "daily(\"0.27\")"]
                .into_iter()
                .map(move |rate| (method, rate))
        })
        .zip(DAY_COUNTS.iter().cycle())
        .map(|((method, rate), &day_count)| {
            let flat = method == "flat-fee";
            LoanSpec {
                method,
                rate: if flat { "annual(\"0\")" } else { rate }.to_string(),
                fee_rate: if flat { "10" } else { "0" },
                day_count,
                principal: MAX_AMOUNT,
                term: 600,
                start: "2026-01-31",
                penalty_rate: Some("1000"),
                payments: (3, "0.01"),
            }
        })
        .collect();
    StoreSpec {
        income: Some(MAX_AMOUNT),
        score: 950,
        completeness: 100,
        loans,
        cards: vec![CardSpec {
            balance: MAX_AMOUNT,
            daily_rate: "0.27",
            statement_day: 31,
            due_day: 1,
            min_percent: "0.01",
            min_floor: "0",
            basis: "statement",
        }],
    }
}

/// The store as its RON file, the way a hand-editor would write it.
fn ron(spec: &StoreSpec) -> String {
    let mut text = String::from("(\n    version: 3,\n");
    let income = spec
        .income
        .map_or("None".to_string(), |i| format!("Some(\"{i}\")"));
    writeln!(
        text,
        "    profile: (monthly_income: {income}, credit_score: Some({}), score_date: Some(\"2026-01-01\"), completeness: {}, currency: \"¥\"),",
        spec.score, spec.completeness
    )
    .unwrap();
    writeln!(
        text,
        "    lines: [(name: \"Max\", lender: \"\", limit: \"{MAX_AMOUNT}\")],"
    )
    .unwrap();
    text.push_str("    loans: [\n");
    for (i, loan) in spec.loans.iter().enumerate() {
        let penalty = loan
            .penalty_rate
            .map_or("None".to_string(), |r| format!("Some(\"{r}\")"));
        writeln!(
            text,
            "        (id: \"L{}\", name: \"loan {i}\", lender: \"\", method: \"{}\", principal: \"{}\", rate: {}, day_count: \"{}\", term: {}, start: \"{}\", fee_rate: \"{}\", penalty_rate: {penalty}, line: Some(\"Max\")),",
            i + 1,
            loan.method,
            loan.principal,
            loan.rate,
            loan.day_count,
            loan.term,
            loan.start,
            loan.fee_rate,
        )
        .unwrap();
    }
    text.push_str("    ],\n    revolving: [\n");
    for (i, card) in spec.cards.iter().enumerate() {
        writeln!(
            text,
            "        (id: \"R{}\", name: \"card {i}\", lender: \"\", statement_balance: \"{}\", statement_day: {}, due_day: {}, daily_rate: \"{}\", min_percent: \"{}\", min_floor: \"{}\", basis: {}, line: Some(\"Max\")),",
            i + 1,
            card.balance,
            card.statement_day,
            card.due_day,
            card.daily_rate,
            card.min_percent,
            card.min_floor,
            card.basis,
        )
        .unwrap();
    }
    text.push_str("    ],\n    payments: [\n");
    for (i, loan) in spec.loans.iter().enumerate() {
        let start: chrono::NaiveDate = loan.start.parse().unwrap();
        let (count, amount) = loan.payments;
        for k in 1..=count as u32 {
            let Some(date) = start.checked_add_months(chrono::Months::new(k)) else {
                break;
            };
            writeln!(
                text,
                "        (date: \"{date}\", amount: \"{amount}\", loan: \"L{}\", kind: scheduled),",
                i + 1
            )
            .unwrap();
        }
    }
    text.push_str("    ],\n)\n");
    text
}

/// Run `loandash` with `args`; a hang fails the test.
fn run(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_loandash"))
        .args(args)
        .env_remove("LOANDASH_STORE")
        .env("LANG", "C")
        .env("RUST_BACKTRACE", "0")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run loandash");
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(120) {
        if child.try_wait().expect("poll").is_some() {
            return child.wait_with_output().expect("output");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("`loandash {}` still runs after two minutes", args.join(" "));
}

/// Every read command on the store at `path`, as of `as_of`: none may panic.
fn every_read_command_answers(path: &Path, as_of: &str) -> Result<(), String> {
    let store = path.to_str().unwrap();
    let commands: &[&[&str]] = &[
        &["list"],
        &["list", "--format", "json"],
        &["due"],
        &["due", "--format", "csv"],
        &["due", "--within", "3660"],
        &["status"],
        &["status", "--short"],
        &["project-limit"],
        &["project-limit", "--scenario", "miss:90", "--format", "json"],
        &["project-limit", "--scenario", "borrow:1000000000000"],
        &["simulate", "prepay", "--loan", "L1", "--amount", "1"],
        &["simulate", "payoff", "--budget", "1000000000000"],
        &[
            "simulate",
            "borrow",
            "--principal",
            "1000000000000",
            "--annual-rate",
            "100",
            "--term",
            "600",
            "--method",
            "equal-installment",
            "--start",
            "2026-01-31",
        ],
        &["export", "loans"],
        &["export", "payments"],
        &["export", "ics"],
        &["export", "hledger", "--forecast", "12"],
        &["export", "beancount"],
    ];
    for command in commands {
        let mut args = vec!["--store", store, "--as-of", as_of];
        args.extend_from_slice(command);
        let out = run(&args);
        let message = String::from_utf8_lossy(&out.stderr);
        if out.status.code() == Some(101) || message.contains("panicked") {
            return Err(format!("`loandash {}` panicked: {message}", args.join(" ")));
        }
    }
    Ok(())
}

#[test]
fn the_worst_store_panics_no_command() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("loans.ron");
    std::fs::write(&path, ron(&the_worst_store())).unwrap();
    for as_of in ["2026-03-05", "2076-02-29", "9999-12-31"] {
        every_read_command_answers(&path, as_of).unwrap();
    }
}

#[test]
fn schedules_at_the_edges_of_every_range_do_not_panic() {
    for method in METHODS {
        for rate in [
            ["--annual-rate", "100"],
            ["--daily-rate", "0.27"],
            ["--annual-rate", "0"],
        ] {
            for day_count in DAY_COUNTS {
                let flat = method == "flat-fee";
                let rate = if flat { ["--fee-rate", "10"] } else { rate };
                for (start, prepay) in [
                    ("2026-01-31", "2050-06-15:1:reduce"),
                    ("9999-12-31", "9999-12-31:1:shorten"),
                ] {
                    let out = run(&[
                        "schedule",
                        "--principal",
                        MAX_AMOUNT,
                        rate[0],
                        rate[1],
                        "--term",
                        "600",
                        "--method",
                        method,
                        "--start",
                        start,
                        "--day-count",
                        day_count,
                        "--prepay",
                        prepay,
                        "--format",
                        "json",
                    ]);
                    let message = String::from_utf8_lossy(&out.stderr);
                    assert_ne!(out.status.code(), Some(101), "{method} {rate:?}: {message}");
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn extreme_but_valid_looking_stores_panic_no_read_command(
        spec in any_store(),
        as_of in prop::sample::select(vec!["1000-01-01", "2026-03-05", "9999-12-31"]),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("loans.ron");
        std::fs::write(&path, ron(&spec)).unwrap();
        every_read_command_answers(&path, as_of).map_err(TestCaseError::fail)?;
    }
}
