//! `loandash fit` on a 30-year mortgage plan (360 rows, two LPR repricings), on a
//! mortgage's last rows that no convention explains (the slow path), and on the last row
//! alone of an equal-principal loan: the target is well under 200 ms.

use criterion::{Criterion, criterion_group, criterion_main};
use loandash::engine::loan::{Conventions, LoanInput, LoanTerms, Method, RateChange};
use loandash::engine::money::plain;
use loandash::engine::schedule;
use loandash::lender::{fit, plan};
use rust_decimal::Decimal;
use std::hint::black_box;

/// A 1,000,000 mortgage at 4.9 % over 30 years from `start`, repriced on each of `changes`.
fn mortgage(start: &str, changes: &[(&str, Decimal)]) -> schedule::Schedule {
    let date = |s: &str| s.parse().expect("a valid date");
    let terms = LoanTerms::new(&LoanInput {
        principal: Some(Decimal::new(100_000_000, 2)),
        annual_rate: Some(Decimal::new(49, 1)),
        term: Some(360),
        method: Some(Method::EqualInstallment),
        start: Some(date(start)),
        conventions: Conventions {
            rate_changes: changes
                .iter()
                .map(|&(on, rate)| RateChange {
                    date: date(on),
                    rate,
                })
                .collect(),
            ..Conventions::default()
        },
        ..LoanInput::default()
    })
    .expect("valid terms");
    schedule::build(&terms, &[]).expect("valid terms")
}

/// `rows` as a lender's plan below `head`, a cent more principal and payment in period
/// `moved` (0: none).
fn plan_text<'a>(head: &str, rows: impl Iterator<Item = &'a schedule::Row>, moved: u32) -> String {
    let mut text = format!("{head}期数,还款日,月供,本金,利息,剩余本金\n");
    for r in rows {
        let cent = Decimal::new(i64::from(r.period == moved), 2);
        text.push_str(&format!(
            "{},{},{},{},{},{}\n",
            r.period,
            r.due_date,
            plain(r.payment + cent),
            plain(r.principal + cent),
            plain(r.interest),
            plain(r.balance)
        ));
    }
    text
}

/// 30 years from 2026-01-31, repriced twice (LPR): every row.
fn mortgage_plan() -> String {
    let changes = [
        ("2027-01-01", Decimal::new(42, 1)),
        ("2028-01-01", Decimal::new(395, 2)),
    ];
    plan_text("", mortgage("2026-01-31", &changes).installments(), 0)
}

/// The slow path: a mortgage's last 12 rows (from 2019-01-15, repriced to 4.65 % on
/// 2021-01-01, 27 years before the rows) with a cent more principal and payment in one
/// row: every row's interest still follows the new rate, so each candidate's earlier rate
/// change is sought on every date back to the first, and none reproduces the rows; the
/// closest (4.9 % until 2021-01-01) differs in that row alone.
fn last_rows_no_convention_explains() -> String {
    let built = mortgage("2019-01-15", &[("2021-01-01", Decimal::new(465, 2))]);
    let head = "借款金额: 1000000.00\n期数: 360\n";
    plan_text(head, built.installments().skip(348), 350)
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
    assert_eq!(found.differing.len(), 1, "{:?}", found.differing);
    c.bench_function("fit_last_12_rows_no_convention", |b| {
        b.iter(|| fit::fit(&plan::parse(black_box(&text)).expect("a valid plan")))
    });
}

/// The last row alone of 333,184.34 repaid equal-principal over 18 months at 0.0255 % a
/// day, a 1 January inside it: every level payment tried sought a rate change inside that
/// row (2.5 s in a debug build) before equal-principal was tried.
fn fit_last_row_alone(c: &mut Criterion) {
    let text = "放款日：2025-07-27\n借款金额：333184.34\n期数：18\n\
                期数,还款日,应还金额,本金,利息,剩余本金\n\
                18,2027-01-27,18656.58,18510.26,146.32,0.00\n";
    let parsed = plan::parse(text).expect("a valid plan");
    assert!(fit::fit(&parsed).expect("a fit").exact());
    c.bench_function("fit_last_row_alone_equal_principal", |b| {
        b.iter(|| fit::fit(&plan::parse(black_box(text)).expect("a valid plan")))
    });
}

criterion_group!(
    benches,
    fit_360,
    fit_last_rows_unexplained,
    fit_last_row_alone
);
criterion_main!(benches);
