//! `loandash fit` on a 30-year mortgage plan (360 rows, two LPR repricings), and on a
//! mortgage's last rows that no convention explains (the slow path): the target is well
//! under 200 ms.

use criterion::{Criterion, criterion_group, criterion_main};
use loandash::engine::loan::{Conventions, LoanInput, LoanTerms, Method, RateChange};
use loandash::engine::money::plain;
use loandash::engine::schedule;
use loandash::lender::{fit, plan};
use rust_decimal::Decimal;
use std::hint::black_box;

fn mortgage_plan() -> String {
    let date = |s: &str| s.parse().expect("a valid date");
    let terms = LoanTerms::new(&LoanInput {
        principal: Some(Decimal::new(100_000_000, 2)),
        annual_rate: Some(Decimal::new(49, 1)),
        term: Some(360),
        method: Some(Method::EqualInstallment),
        start: Some(date("2026-01-31")),
        conventions: Conventions {
            rate_changes: vec![
                RateChange {
                    date: date("2027-01-01"),
                    rate: Decimal::new(42, 1),
                },
                RateChange {
                    date: date("2028-01-01"),
                    rate: Decimal::new(395, 2),
                },
            ],
            ..Conventions::default()
        },
        ..LoanInput::default()
    })
    .expect("valid terms");
    let built = schedule::build(&terms, &[]).expect("valid terms");
    let mut text = String::from("期数,还款日,月供,本金,利息,剩余本金\n");
    for r in built.installments() {
        text.push_str(&format!(
            "{},{},{},{},{},{}\n",
            r.period,
            r.due_date,
            plain(r.payment),
            plain(r.principal),
            plain(r.interest),
            plain(r.balance)
        ));
    }
    text
}

/// The slow path: a mortgage's last 12 rows (1,000,000 at 4.9 % from 2019-01-15, repriced
/// to 4.65 % on 2021-01-01, 27 years before the rows) with a cent more principal and
/// payment in one row: every row's interest still follows the new rate, so each candidate's
/// earlier rate change is sought, and none reproduces the rows.
fn last_rows_no_convention_explains() -> String {
    let date = |s: &str| s.parse().expect("a valid date");
    let terms = LoanTerms::new(&LoanInput {
        principal: Some(Decimal::new(100_000_000, 2)),
        annual_rate: Some(Decimal::new(49, 1)),
        term: Some(360),
        method: Some(Method::EqualInstallment),
        start: Some(date("2019-01-15")),
        conventions: Conventions {
            rate_changes: vec![RateChange {
                date: date("2021-01-01"),
                rate: Decimal::new(465, 2),
            }],
            ..Conventions::default()
        },
        ..LoanInput::default()
    })
    .expect("valid terms");
    let built = schedule::build(&terms, &[]).expect("valid terms");
    let mut text =
        String::from("借款金额: 1000000.00\n期数: 360\n期数,还款日,月供,本金,利息,剩余本金\n");
    for r in built.installments().skip(348) {
        let moved = Decimal::new(i64::from(r.period == 350), 2);
        text.push_str(&format!(
            "{},{},{},{},{},{}\n",
            r.period,
            r.due_date,
            plain(r.payment + moved),
            plain(r.principal + moved),
            plain(r.interest),
            plain(r.balance)
        ));
    }
    text
}

fn fit_360(c: &mut Criterion) {
    let text = mortgage_plan();
    let parsed = plan::parse(&text).expect("a valid plan");
    assert!(fit::fit(&parsed).expect("a fit").exact());
    c.bench_function("fit_360_row_mortgage", |b| {
        b.iter(|| fit::fit(&plan::parse(black_box(&text)).expect("a valid plan")))
    });
}

fn fit_last_rows_unexplained(c: &mut Criterion) {
    let text = last_rows_no_convention_explains();
    let parsed = plan::parse(&text).expect("a valid plan");
    let found = fit::fit(&parsed).expect("a fit");
    assert!(!found.exact());
    c.bench_function("fit_last_12_rows_no_convention", |b| {
        b.iter(|| fit::fit(&plan::parse(black_box(&text)).expect("a valid plan")))
    });
}

criterion_group!(benches, fit_360, fit_last_rows_unexplained);
criterion_main!(benches);
