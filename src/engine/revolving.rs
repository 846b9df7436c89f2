//! Revolving lines (花呗, credit cards): the minimum payment, interest after the due
//! date, and the "minimum payment warning" a US card statement must carry.

use crate::engine::money::annuity_payment;
use crate::engine::money::round_cents;
use crate::engine::schedule::MAX_BALANCE;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What daily interest runs on when a statement is not paid in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InterestBasis {
    /// Only the unpaid remainder (花呗's way).
    Remainder,
    /// The whole statement balance (many cards' way).
    Statement,
}

/// The pricing of a revolving account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevolvingTerms {
    /// Interest in percent per day, e.g. `0.05`.
    pub daily_rate: Decimal,
    /// Minimum payment as a percent of the statement balance (default 10).
    pub min_percent: Decimal,
    /// Minimum payment floor in money (default 0).
    pub min_floor: Decimal,
    /// What interest runs on after the due date.
    pub basis: InterestBasis,
}

impl Default for RevolvingTerms {
    fn default() -> Self {
        Self {
            daily_rate: Decimal::new(5, 2),
            min_percent: Decimal::TEN,
            min_floor: Decimal::ZERO,
            basis: InterestBasis::Remainder,
        }
    }
}

/// Longest horizon simulated before a plan is reported as never paying off (100 years).
pub const MAX_MONTHS: u32 = 1200;

/// The outcome of paying a balance down month by month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Payoff {
    /// Payments made; `None` when the balance is not cleared within [`MAX_MONTHS`].
    pub months: Option<u32>,
    /// Sum of the payments made.
    pub total_paid: Decimal,
    /// Interest charged along the way.
    pub total_interest: Decimal,
}

/// What a statement must tell: paying only the minimum vs clearing it in 36 months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Disclosure {
    /// Paying only the minimum each month.
    pub minimum_only: Payoff,
    /// The level monthly payment that clears the balance in 36 months.
    pub payment_36: Decimal,
    /// Paying `payment_36` each month.
    pub plan_36: Payoff,
    /// What the 36-month plan saves over paying only the minimum.
    pub savings: Decimal,
}

/// Whether every statement of a card cut on `statement_day` and due on `due_day` falls
/// due before the next one is cut, in every month (both days clamped to short months):
/// the days differ and the earlier is before the 28th. Otherwise, in some month, a
/// statement would fall due on or after the next cut and be replaced before it is due
/// (cut on the 31st and due on the 30th: February's cut is the day January's is due).
pub fn due_before_next_cut(statement_day: u32, due_day: u32) -> bool {
    const SHORTEST_MONTH: u32 = 28;
    statement_day != due_day && statement_day.min(due_day) < SHORTEST_MONTH
}

impl RevolvingTerms {
    /// max(floor, pct × balance), capped at the balance, and at least a cent while one is owed.
    pub fn minimum_payment(&self, balance: Decimal) -> Decimal {
        if balance <= Decimal::ZERO {
            return Decimal::ZERO;
        }
        let by_percent = round_cents(balance * self.min_percent / Decimal::ONE_HUNDRED);
        by_percent
            .max(self.min_floor)
            .max(Decimal::new(1, 2))
            .min(balance)
    }

    /// Interest from the day after the due date over `days`, when `paid` of
    /// `statement_balance` was paid by the due date.
    pub fn interest_after_due(
        &self,
        statement_balance: Decimal,
        paid: Decimal,
        days: i64,
    ) -> Decimal {
        let unpaid = statement_balance - paid;
        if unpaid <= Decimal::ZERO || days <= 0 {
            return Decimal::ZERO;
        }
        let base = match self.basis {
            InterestBasis::Remainder => unpaid,
            InterestBasis::Statement => statement_balance,
        };
        round_cents(base * self.daily_rate / Decimal::ONE_HUNDRED * Decimal::from(days))
    }

    /// The monthly periodic rate, daily rate × 365 / 12 (as a fraction).
    fn monthly_rate(&self) -> Decimal {
        self.daily_rate / Decimal::ONE_HUNDRED * Decimal::from(365) / Decimal::from(12)
    }

    /// Pay `balance` down from the statement, as US Regulation Z's Appendix M does: each
    /// month the month's interest is charged first, then `payment(month, owed)` is paid,
    /// the first one month after the statement, until nothing is owed.
    pub fn payoff(&self, balance: Decimal, payment: impl Fn(u32, Decimal) -> Decimal) -> Payoff {
        let rate = self.monthly_rate();
        let mut owed = balance;
        let (mut total_paid, mut total_interest) = (Decimal::ZERO, Decimal::ZERO);
        for month in 1..=MAX_MONTHS {
            let interest = round_cents(owed * rate);
            total_interest += interest;
            owed += interest;
            // A minimum below the interest lets the debt grow without end: past the
            // bound every projection keeps to, it is never cleared.
            if owed > MAX_BALANCE {
                break;
            }
            let paid = payment(month, owed).clamp(Decimal::ZERO, owed);
            total_paid += paid;
            owed -= paid;
            if owed.is_zero() {
                return Payoff {
                    months: Some(month),
                    total_paid,
                    total_interest,
                };
            }
        }
        Payoff {
            months: None,
            total_paid,
            total_interest,
        }
    }

    /// The minimum-payment warning for a statement of `balance`: paying only the minimum,
    /// and the level payment that clears it in 36 months; both plans on the same timing,
    /// so "saves" is the difference of their totals.
    pub fn disclosure(&self, balance: Decimal) -> Disclosure {
        let minimum_only = self.payoff(balance, |_, owed| self.minimum_payment(owed));
        let payment_36 = annuity_payment(balance, self.monthly_rate(), 36);
        // The 36th payment takes what is left (a cent or so off the level payment).
        let plan_36 = self.payoff(
            balance,
            |month, owed| {
                if month >= 36 { owed } else { payment_36 }
            },
        );
        Disclosure {
            minimum_only,
            payment_36,
            plan_36,
            savings: minimum_only.total_paid - plan_36.total_paid,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn card(basis: InterestBasis) -> RevolvingTerms {
        RevolvingTerms {
            basis,
            ..RevolvingTerms::default()
        }
    }

    #[test]
    fn minimum_is_the_larger_of_floor_and_percent_capped_at_balance() {
        let terms = RevolvingTerms {
            min_floor: dec!(100),
            ..RevolvingTerms::default()
        };
        assert_eq!(terms.minimum_payment(dec!(10000)), dec!(1000.00));
        assert_eq!(terms.minimum_payment(dec!(500)), dec!(100));
        assert_eq!(terms.minimum_payment(dec!(60)), dec!(60));
        assert_eq!(terms.minimum_payment(dec!(0)), dec!(0));
        assert_eq!(
            card(InterestBasis::Remainder).minimum_payment(dec!(0.04)),
            dec!(0.01)
        );
    }

    #[test]
    fn interest_basis_decides_what_interest_runs_on() {
        // 10,000 statement, 1,000 paid, 30 days at 0.05 %/day.
        assert_eq!(
            card(InterestBasis::Remainder).interest_after_due(dec!(10000), dec!(1000), 30),
            dec!(135.00)
        );
        assert_eq!(
            card(InterestBasis::Statement).interest_after_due(dec!(10000), dec!(1000), 30),
            dec!(150.00)
        );
        assert_eq!(
            card(InterestBasis::Statement).interest_after_due(dec!(10000), dec!(10000), 30),
            dec!(0)
        );
    }

    #[test]
    fn paying_only_a_small_minimum_takes_years_and_costs_more() {
        let terms = RevolvingTerms {
            min_percent: dec!(2),
            min_floor: dec!(50),
            ..card(InterestBasis::Remainder)
        };
        let d = terms.disclosure(dec!(10000));
        let months = d.minimum_only.months.expect("pays off eventually");
        assert!(months > 36, "{months}");
        assert_eq!(d.plan_36.months, Some(36));
        assert!(d.savings > Decimal::ZERO);
        assert_eq!(d.savings, d.minimum_only.total_paid - d.plan_36.total_paid);
        assert_eq!(d.plan_36.total_paid - d.plan_36.total_interest, dec!(10000));
        assert_eq!(
            d.minimum_only.total_paid - d.minimum_only.total_interest,
            dec!(10000)
        );
    }

    #[test]
    fn the_36_month_plan_and_its_saving_agree_with_appendix_m() {
        // 1,000 at 0.05 %/day = 18.25 % a year: Appendix M's 36-month payment is 36.28.
        let terms = card(InterestBasis::Remainder);
        let d = terms.disclosure(dec!(1000));
        assert_eq!(d.payment_36, dec!(36.28));
        // The plan pays 35 × 36.28 and a 36th payment off it only by the rounding of the
        // level payment (at most half a cent a month, with interest): 36.17. It was 10.53
        // when the first payment fell on the due date, before any interest.
        assert_eq!(d.plan_36.months, Some(36));
        let last = d.plan_36.total_paid - dec!(36.28) * Decimal::from(35);
        assert_eq!(last, dec!(36.17));
        assert_eq!(d.plan_36.total_paid - d.plan_36.total_interest, dec!(1000));
        // One month after the statement the month's interest is charged first: paid in
        // full then, 1,000 costs 1,015.21.
        let at_once = terms.payoff(dec!(1000), |_, owed| owed);
        assert_eq!(
            (at_once.months, at_once.total_paid),
            (Some(1), dec!(1015.21))
        );
        assert_eq!(d.savings, d.minimum_only.total_paid - d.plan_36.total_paid);
    }
}
