//! The sample store of `loandash --demo`, kept current whatever the date.

use crate::book::dues::{self, YearMonth};
use crate::engine::schedule;
use crate::store::{self, PaymentRecord, StoreData};
use chrono::{Months, NaiveDate};
use std::path::Path;

/// The shipped sample store.
pub const DEMO_STORE: &str = include_str!("../assets/demo.ron");

/// The month the sample's dates are written for.
const WRITTEN_FOR: YearMonth = YearMonth {
    year: 2026,
    month: 11,
};

/// The loan whose latest installment was missed.
const MISSED: &str = "L2";

/// The sample store moved to `as_of`'s month, with its on-time payment history.
pub fn demo_store(as_of: NaiveDate) -> StoreData {
    let (mut data, _) = store::from_ron(DEMO_STORE, Path::new("assets/demo.ron"))
        .expect("the shipped demo store parses (tested)");
    let shift = WRITTEN_FOR.months_until(YearMonth::of(as_of));
    let moved = |date: NaiveDate| {
        let months = Months::new(shift.unsigned_abs());
        if shift >= 0 {
            date.checked_add_months(months)
        } else {
            date.checked_sub_months(months)
        }
        .unwrap_or(date)
    };
    for loan in &mut data.loans {
        loan.start = moved(loan.start);
    }
    let mut payments = Vec::new();
    for loan in &data.loans {
        let Ok(plan) = schedule::build(&loan.terms(), &[]) else {
            continue;
        };
        let due: Vec<_> = plan.installments().filter(|r| r.due_date < as_of).collect();
        // The missed loan's latest installment stays unpaid.
        let paid = if loan.id == MISSED {
            due.len().saturating_sub(1)
        } else {
            due.len()
        };
        payments.extend(
            due[..paid]
                .iter()
                .map(|row| PaymentRecord::paid_as_scheduled(&loan.id, row)),
        );
    }
    // Each card's minimum is paid on its due date once that has passed.
    for account in &data.revolving {
        let due = dues::RevolvingProjection::new(account, [], as_of).due_date();
        if due < as_of {
            payments.push(PaymentRecord::scheduled(
                account.id.clone(),
                due,
                account.terms().minimum_payment(account.statement_balance),
            ));
        }
    }
    payments.sort_by_key(|p| p.date);
    data.payments = payments;
    data.number_payments();
    data
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::dues::minimum_due;
    use crate::book::ledger::Status;

    #[test]
    fn the_demo_is_valid_and_has_one_overdue_installment_whatever_the_date() {
        for as_of in ["2026-11-01", "2026-11-23", "2027-03-31", "2026-02-28"] {
            let as_of: NaiveDate = as_of.parse().unwrap();
            let data = demo_store(as_of);
            data.validate().unwrap();
            let due = minimum_due(&data, YearMonth::of(as_of), as_of).unwrap();
            let overdue: Vec<_> = due
                .items
                .iter()
                .filter(|i| i.status == Status::Overdue)
                .collect();
            assert_eq!(overdue.len(), 1, "{as_of}: {overdue:?}");
            assert_eq!(overdue[0].loan, MISSED);
            assert!(overdue[0].penalty > rust_decimal::Decimal::ZERO);
            let mut keys: Vec<_> = data
                .payments
                .iter()
                .map(|p| (p.date, p.loan.clone()))
                .collect();
            keys.sort();
            let before = keys.len();
            keys.dedup();
            assert_eq!(keys.len(), before, "{as_of}: a payment is recorded twice");
        }
    }
}
