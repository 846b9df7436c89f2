//! loandash: an exact engine for personal loans, credit lines and cards.
//!
//! Everything here is pure: no terminal, no files. The money rules live in one place
//! each: [`schedule`] (repayment schedules and prepayments), [`apr`] (the true annualized
//! rate), [`dues`] (overdue and penalty interest), [`revolving`] (credit-card minimums and
//! their disclosure). Amounts are [`rust_decimal::Decimal`], rounded by [`money`].

pub mod apr;
pub mod cli;
pub mod config;
pub mod demo;
pub mod dues;
pub mod export;
pub mod generate;
pub mod language;
pub mod ledger;
pub mod lender;
pub mod limit;
pub mod loan;
pub mod money;
pub mod overview;
pub mod paths;
pub mod payments;
pub mod penalty;
pub mod revolving;
pub mod schedule;
pub mod simulate;
pub mod store;
pub mod tui;
pub mod validate;
