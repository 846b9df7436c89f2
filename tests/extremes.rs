//! No panic on extreme stores (issue 19): stores at the edges of every accepted range —
//! the largest amounts, rates and terms, long payment histories, dates at the ends of the
//! four-digit years, saved what-ifs at the caps — are written as a hand-editor would;
//! every command runs on them through the real binary (the writes on a copy) and the
//! dashboard draws every view on them in-process. Each must answer — output, or a
//! refusal saying why — without panicking (exit 101) or hanging.

mod common;

use common::{Sandbox, args};
use proptest::prelude::*;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Output;
use std::time::Duration;

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
    start: String,
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
/// `LATEST`: the latest start the term allows, so the last due date is 9999-12-31.
const STARTS: [&str; 6] = [
    "1000-01-31",
    "1999-12-31",
    "2026-01-31",
    "2026-03-05",
    "9949-12-31",
    LATEST,
];
const LATEST: &str = "latest";
/// The largest date supported: a loan's last due date may not pass it.
const MAX_DATE: &str = "9999-12-31";
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
                    start: if start == LATEST {
                        let max: chrono::NaiveDate = MAX_DATE.parse().unwrap();
                        (max - chrono::Months::new(term)).to_string()
                    } else {
                        start.to_string()
                    },
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
        // Statement and due days at the month's ends, in the pairs a card may have (a
        // statement falls due before the next is cut).
        prop::sample::select(vec![(1u32, 31u32), (31, 1), (27, 31), (31, 27), (28, 15)]),
        prop::sample::select(vec!["0.01", "10", "100"]),
        prop::sample::select(vec!["0", "0.01", MAX_AMOUNT]),
        prop::sample::select(vec!["remainder", "statement"]),
    )
        .prop_map(
            |(balance, daily_rate, (statement_day, due_day), min_percent, min_floor, basis)| {
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
                start: "2026-01-31".to_string(),
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

/// An optional amount as RON spells it: `None`, or `Some("12.50")`.
fn ron_option(value: Option<impl std::fmt::Display>) -> String {
    value.map_or("None".to_string(), |v| format!("Some(\"{v}\")"))
}

/// The store as its RON file, the way a hand-editor would write it.
fn ron(spec: &StoreSpec) -> String {
    let mut text = String::from("(\n    version: 4,\n");
    let income = ron_option(spec.income);
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
        let penalty = ron_option(loan.penalty_rate);
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
            let Some(date) = start
                .checked_add_months(chrono::Months::new(k))
                .filter(|d| *d <= MAX_DATE.parse().unwrap())
            else {
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
    text.push_str("    ],\n");
    // Saved what-ifs at the edge of each range (the dashboard opens them).
    writeln!(
        text,
        "    scenarios: [(name: \"edge\", actions: [prepay(loan: \"L1\", amount: \"{MAX_AMOUNT}\", mode: shorten), borrow(line: Some(\"Max\"), amount: \"{MAX_AMOUNT}\", term: 600), late(loan: \"L1\", days: 3650), budget(amount: \"{MAX_AMOUNT}\")])],"
    )
    .unwrap();
    text.push_str(")\n");
    text
}

/// What a run left: its exit code, stdout and stderr.
struct Outcome {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Run `loandash` with `args` in `sandbox` (its HOME, no store of its own); a hang fails
/// the test.
fn run(sandbox: &Sandbox, args: &[&str]) -> Outcome {
    let mut cmd = sandbox.bare();
    cmd.args(args).env("RUST_BACKTRACE", "0");
    let Output {
        status,
        stdout,
        stderr,
    } = common::within(Duration::from_secs(120), cmd);
    Outcome {
        code: status.code(),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// Commands that only read the store, one a line.
const READS: &[&str] = &[
    "list",
    "list --format json",
    "list --format csv",
    "due",
    "due --format csv",
    "due --within 3660",
    "due --month 9999-12",
    "status",
    "status --short",
    "profile",
    "payments list",
    "payments list --format json",
    "project-limit",
    "project-limit --scenario miss:90 --format json",
    "project-limit --scenario borrow:1000000000000",
    "project-limit --scenario prepay:1000000000000",
    "simulate prepay --loan L1 --amount 1",
    "simulate prepay --loan L1 --amount 1000000000000",
    "simulate payoff --budget 1000000000000",
    "simulate payoff --budget 0.01",
    "simulate borrow --principal 1000000000000 --annual-rate 100 --term 600 --method equal-installment --start 2026-01-31",
    "export loans",
    "export payments",
    "export ics",
    "export hledger --forecast 120",
    "export beancount",
];

/// Commands that change the store, each run on a fresh copy of it.
const WRITES: &[&[&str]] = &[
    &["pay", "--loan", "L1", "--amount", "0.01"],
    &["pay", "--loan", "L1", "--amount", "1000000000000"],
    &["pay", "--loan", "R1", "--amount", "1000000000000"],
    &["payments", "edit", "P1", "--amount", "1000000000000"],
    &["payments", "delete", "P1"],
    &[
        "add",
        "--name",
        "edge",
        "--principal",
        "1000000000000",
        "--annual-rate",
        "100",
        "--term",
        "600",
        "--method",
        "equal-installment",
        "--start",
        "9949-12-31",
        "--line",
        "Max",
    ],
    &[
        "revolving",
        "--name",
        "card 0",
        "--balance",
        "1000000000000",
        "--daily-rate",
        "0.27",
    ],
    &["line", "--name", "Max", "--limit", "0"],
    &["profile", "--income", "1000000000000"],
];

/// Every command on the store at `path`, as of `as_of`: each answers — output, or a
/// refusal on stderr saying why (exit 1 or 2) — and none panics.
fn every_command_answers(path: &Path, as_of: &str) -> Result<(), String> {
    let copy = path.with_extension("copy.ron");
    let sandbox = Sandbox::new();
    for (command, writes) in READS
        .iter()
        .map(|c| (args(c), false))
        .chain(WRITES.iter().map(|c| (c.to_vec(), true)))
    {
        let store = if writes {
            std::fs::copy(path, &copy).unwrap();
            copy.to_str().unwrap()
        } else {
            path.to_str().unwrap()
        };
        let mut args = vec!["--store", store, "--as-of", as_of];
        args.extend_from_slice(&command);
        let out = run(&sandbox, &args);
        let said = format!(
            "`loandash {}`: {:?} {}",
            args.join(" "),
            out.code,
            out.stderr
        );
        if out.code == Some(101) || out.stderr.contains("panicked") {
            return Err(format!("panicked: {said}"));
        }
        if out.stdout.contains("10000-") {
            return Err(format!("a date past 9999-12-31: {said}"));
        }
        // Exit 1 with output is `due --within` saying something is due.
        let answered = match out.code {
            Some(0 | 1) if !out.stdout.trim().is_empty() => true,
            Some(1 | 2) => out.stderr.starts_with("error: ") && out.stdout.is_empty(),
            _ => false,
        };
        if !answered {
            return Err(format!("neither an answer nor a clear refusal: {said}"));
        }
    }
    Ok(())
}

/// The dashboard on the store at `path`: every view drawn at the largest and smallest
/// sizes, a row opened, and each what-if (the saved one at the caps among them) built and
/// stepped to its largest amount.
fn the_dashboard_answers(path: &Path, as_of: &str) {
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    let as_of: chrono::NaiveDate = as_of.parse().unwrap();
    let data = loandash::store::Store::open(path).unwrap().data().clone();
    let mut app = common::tui::app_of(data, as_of);
    // Enter may open a form (a paid row edits its payment): Esc closes it again.
    let keys = "1j\n\u{1b}2jj\n\u{1b}3j\n\u{1b}4jl5PLBLDLMLlo\n";
    let keys = keys.chars().map(|c| match c {
        '\n' => KeyCode::Enter,
        '\u{1b}' => KeyCode::Esc,
        c => KeyCode::Char(c),
    });
    for key in keys.chain([KeyCode::Right]) {
        let modifiers = match key {
            KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
            _ => KeyModifiers::NONE,
        };
        app.update(&Event::Key(KeyEvent::new(key, modifiers)));
        for (width, height) in [(120, 40), (40, 12)] {
            let mut terminal =
                ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
            terminal
                .draw(|f| loandash::tui::views::render(&app, f))
                .unwrap();
            // No date or month past the cap is shown as a figure ("+10000-01-31", "10000-01").
            let screen: String = terminal
                .backend()
                .buffer()
                .content()
                .iter()
                .map(|cell| cell.symbol())
                .collect();
            // A refusal may name the date a change would need ("would be 10000-12-31").
            let shown = screen.replace("would be 10000-", "");
            assert!(!shown.contains("10000-"), "{screen}");
        }
    }
    let opened = app
        .sim
        .as_ref()
        .map(|sim| (sim.name.clone(), sim.items.len()));
    assert_eq!(
        opened,
        Some((Some("edge".to_string()), 4)),
        "the saved what-if"
    );
}

#[test]
fn the_worst_store_panics_no_command_and_no_screen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("loans.ron");
    std::fs::write(&path, ron(&the_worst_store())).unwrap();
    for as_of in ["2026-03-05", "2076-02-29", "9999-12-31"] {
        every_command_answers(&path, as_of).unwrap();
        the_dashboard_answers(&path, as_of);
    }
}

#[test]
fn schedules_at_the_edges_of_every_range_do_not_panic() {
    let sandbox = Sandbox::new();
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
                    ("9949-12-31", "9999-12-30:1:shorten"),
                ] {
                    let out = run(
                        &sandbox,
                        &[
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
                        ],
                    );
                    assert_ne!(out.code, Some(101), "{method} {rate:?}: {}", out.stderr);
                    // The latest start the longest term allows is within the date cap.
                    assert!(!out.stderr.contains("latest date"), "{}", out.stderr);
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn extreme_but_valid_looking_stores_panic_no_command(
        spec in any_store(),
        as_of in prop::sample::select(vec!["1000-01-01", "2026-03-05", "9999-12-31"]),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("loans.ron");
        std::fs::write(&path, ron(&spec)).unwrap();
        every_command_answers(&path, as_of).map_err(TestCaseError::fail)?;
        the_dashboard_answers(&path, as_of);
    }
}
