//! What the credit-limit property tests share: loans on line "A" and the month-by-month
//! comparison of two projections.

use chrono::NaiveDate;
use loandash::engine::loan::{DayCount, Method, Rate};
use loandash::limit::Projection;
use loandash::store::Loan;
use proptest::prelude::*;
use rust_decimal::Decimal;

/// A loan named "loan ID" on credit line "A": `annual` %/year under 30/360, no fee, no
/// penalty rate, no lender's conventions.
pub fn line_loan(
    id: &str,
    principal: Decimal,
    term: u32,
    start: NaiveDate,
    method: Method,
    annual: u32,
) -> Loan {
    Loan {
        id: id.into(),
        name: format!("loan {id}"),
        lender: String::new(),
        method,
        principal,
        rate: Rate::Annual(annual.into()),
        day_count: DayCount::Thirty360,
        term,
        start,
        fee_rate: Decimal::ZERO,
        penalty_rate: None,
        line: Some("A".into()),
        early_interest: Default::default(),
        conventions: None,
        plan: None,
        entered: Default::default(),
    }
}

/// Both projections have the same months, and every month of `low` is at most the same
/// month of `high`, score and limit.
pub fn never_above(low: &Projection, high: &Projection) -> Result<(), TestCaseError> {
    prop_assert_eq!(low.months.len(), high.months.len());
    for (l, h) in low.months.iter().zip(&high.months) {
        prop_assert!(
            l.score.value <= h.score.value,
            "{}: score {} > {}",
            l.month,
            l.score.value,
            h.score.value
        );
        prop_assert!(
            l.limit.value <= h.limit.value,
            "{}: limit {} > {}",
            l.month,
            l.limit.value,
            h.limit.value
        );
    }
    Ok(())
}
