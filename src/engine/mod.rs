//! The money rules, pure: no files, no terminal, no store. Each rule has one home here.
//!
//! [`error`] is every refusal, typed and rendered in en and zh, naming a [`field`]; [`money`] rounds, [`loan`] holds a loan's terms, [`schedule`] builds repayment
//! schedules and prepayments, [`apr`] the true annualized rate, [`penalty`] overdue
//! interest, [`revolving`] credit-card minimums and their disclosure, [`validate`] the one
//! range of every amount, rate, count and date.

pub mod apr;
pub mod error;
pub mod field;
pub mod loan;
pub mod money;
pub mod penalty;
pub mod revolving;
pub mod schedule;
pub mod validate;

/// A date as a test writes it, `YYYY-MM-DD`.
#[cfg(test)]
pub(crate) fn date(text: &str) -> chrono::NaiveDate {
    text.parse().unwrap()
}
