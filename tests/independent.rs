//! The engine against reference figures computed outside it.
//!
//! `tests/fixtures/independent/*.csv` were written by `generate.py` beside them, with
//! Python's `decimal` (half-up cents) and numpy-financial's `pmt`/`irr` (see the README
//! there). Every row is checked and every disagreement reported, not just the first.

use chrono::NaiveDate;
use loandash::engine::loan::{DayCount, LoanInput, LoanTerms, Method};
use loandash::engine::revolving::{InterestBasis, RevolvingTerms};
use loandash::engine::schedule;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::path::PathBuf;
use std::str::FromStr;

const CENT: Decimal = Decimal::from_parts(1, 0, 0, false, 2);

fn fixture(name: &str) -> Vec<HashMap<String, String>> {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "tests",
        "fixtures",
        "independent",
        name,
    ]
    .iter()
    .collect();
    let mut reader = csv::Reader::from_path(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let headers = reader.headers().expect("header line").clone();
    let rows: Vec<HashMap<String, String>> = reader
        .records()
        .map(|record| {
            let record = record.expect("well-formed CSV record");
            headers
                .iter()
                .zip(record.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect();
    assert!(!rows.is_empty(), "{} has no rows", path.display());
    rows
}

fn dec(row: &HashMap<String, String>, field: &str) -> Decimal {
    let text = &row[field];
    Decimal::from_str(text).unwrap_or_else(|e| panic!("{field} = {text:?}: {e}"))
}

fn report(what: &str, checked: usize, failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} of {checked} {what} disagree with the independent reference:\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
}

#[test]
fn payments_match_numpy_financial() {
    let rows = fixture("payments.csv");
    let mut failures = Vec::new();
    for row in &rows {
        let method = Method::from_str(&row["method"]).expect("known method");
        let principal = dec(row, "principal");
        let annual = dec(row, "annual_rate");
        let fee_rate = (!row["fee_rate"].is_empty()).then(|| dec(row, "fee_rate"));
        let term: u32 = row["term"].parse().expect("term");
        let label = format!(
            "{method} P={principal} A={annual}% fee={} N={term}",
            row["fee_rate"]
        );
        let terms = LoanTerms::new(&LoanInput {
            principal: Some(principal),
            annual_rate: Some(annual),
            fee_rate,
            term: Some(term),
            method: Some(method),
            start: NaiveDate::from_ymd_opt(2026, 1, 15),
            day_count: Some(DayCount::Thirty360),
            daily_rate: None,
            ..LoanInput::default()
        });
        let terms = match terms {
            Ok(t) => t,
            Err(e) => {
                failures.push(format!("{label}: refused: {e}"));
                continue;
            }
        };
        let schedule = match schedule::build(&terms, &[]) {
            Ok(s) => s,
            Err(e) => {
                failures.push(format!("{label}: no schedule: {e}"));
                continue;
            }
        };
        let mut wrong = Vec::new();
        let first = schedule.rows.first().map(|r| r.payment);
        let expected_payment = dec(row, "payment");
        if first != Some(expected_payment) {
            wrong.push(format!("payment 1 {first:?}, expected {expected_payment}"));
        }
        let interest = schedule.totals().interest;
        let expected_interest = dec(row, "total_interest");
        if interest != expected_interest {
            wrong.push(format!(
                "total interest {interest}, expected {expected_interest}"
            ));
        }
        let apr = schedule.apr();
        let expected_apr = dec(row, "apr");
        if (apr - expected_apr).abs() > CENT {
            wrong.push(format!("apr {apr}, expected {expected_apr} (±0.01 point)"));
        }
        if !wrong.is_empty() {
            failures.push(format!("{label}: {}", wrong.join("; ")));
        }
    }
    report("loans", rows.len(), &failures);
}

#[test]
fn revolving_disclosure_matches_the_reference_simulation() {
    let rows = fixture("revolving.csv");
    let mut failures = Vec::new();
    for row in &rows {
        let balance = dec(row, "balance");
        let basis = match row["basis"].as_str() {
            "remainder" => InterestBasis::Remainder,
            "statement" => InterestBasis::Statement,
            other => panic!("unknown basis {other:?}"),
        };
        let terms = RevolvingTerms {
            daily_rate: dec(row, "daily_rate"),
            min_percent: dec(row, "min_pct"),
            min_floor: dec(row, "min_floor"),
            basis,
        };
        let label = format!(
            "balance {balance} at {}%/day, min {}% floor {} ({})",
            row["daily_rate"], row["min_pct"], row["min_floor"], row["basis"]
        );
        let d = terms.disclosure(balance);

        let mut wrong = Vec::new();
        let months: i64 = row["months_minimum_only"].parse().expect("months");
        let expected_months = u32::try_from(months).ok(); // -1: never pays off
        if d.minimum_only.months != expected_months {
            wrong.push(format!(
                "minimum-only months {:?}, expected {expected_months:?}",
                d.minimum_only.months
            ));
        }
        let checks = [
            (
                "minimum-only total paid",
                d.minimum_only.total_paid,
                "total_paid_minimum_only",
            ),
            ("36-month payment", d.payment_36, "payment_36"),
            ("36-month total paid", d.plan_36.total_paid, "total_paid_36"),
            ("savings", d.savings, "savings"),
        ];
        for (name, got, field) in checks {
            let expected = dec(row, field);
            if got != expected {
                wrong.push(format!("{name} {got}, expected {expected}"));
            }
        }
        if !wrong.is_empty() {
            failures.push(format!("{label}: {}", wrong.join("; ")));
        }
    }
    report("revolving balances", rows.len(), &failures);
}
