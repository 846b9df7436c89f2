//! Penalty interest (罚息) on overdue principal, and the rate lenders use when the contract
//! names none.

use crate::engine::loan::{DayCount, LoanTerms};
use crate::engine::money::round_cents;
use rust_decimal::Decimal;

/// The penalty rate lenders apply when the contract names none: 1.5 × the loan's rate.
pub fn default_penalty_percent(terms: &LoanTerms) -> Decimal {
    terms.nominal_annual_percent() * Decimal::new(15, 1)
}

/// Penalty interest on an installment's unpaid principal for `days_late` days:
/// round(unpaid × R / base × days), base 360 under actual/360 else 365.
pub fn penalty_interest(
    unpaid_principal: Decimal,
    penalty_percent: Decimal,
    day_count: DayCount,
    days_late: i64,
) -> Decimal {
    if days_late <= 0 || unpaid_principal <= Decimal::ZERO {
        return Decimal::ZERO;
    }
    round_cents(
        unpaid_principal * penalty_percent / Decimal::ONE_HUNDRED * Decimal::from(days_late)
            / day_count.year_days(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::loan::{LoanInput, Method, Rate};
    use rust_decimal_macros::dec;

    #[test]
    fn penalty_runs_per_day_late_on_unpaid_principal() {
        // 1,616.50 unpaid, 27.375 %/year (1.5 × 18.25), 10 days: 1616.5 × 0.27375 × 10 / 365.
        assert_eq!(
            penalty_interest(dec!(1616.50), dec!(27.375), DayCount::Actual365, 10),
            dec!(12.12)
        );
        assert_eq!(
            penalty_interest(dec!(1000), dec!(36), DayCount::Actual360, 30),
            dec!(30.00)
        );
        assert_eq!(
            penalty_interest(dec!(1000), dec!(36), DayCount::Actual365, 0),
            dec!(0)
        );
    }

    #[test]
    fn default_penalty_is_one_and_a_half_times_the_rate() {
        let rate = Rate::Daily(dec!(0.05));
        let input =
            LoanInput::test_loan(dec!(10000), rate, 6, Method::EqualInstallment, "2026-01-31");
        let terms = LoanTerms::new(&input).unwrap();
        assert_eq!(default_penalty_percent(&terms), dec!(27.375));
    }
}
