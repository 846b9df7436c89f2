//! Paying an installment before its due date (DOMAIN.md, "Recording a payment"): over
//! random loans (all five methods, all day counts, terms 1–48), paying each installment
//! on a random day of its period leaves nothing overdue, and costs the schedule's
//! interest — or less, on a loan that charges interest only to the payment date.

mod common;

use chrono::{Days, NaiveDate};
use loandash::book::ledger::{self, Apply, Status};
use loandash::engine::loan::{DayCount, EarlyInterest, LoanInput, LoanTerms, Method};
use loandash::engine::schedule::{self, PrepayMode};
use loandash::store::{Loan, PaymentRecord};
use proptest::prelude::*;
use rust_decimal::Decimal;

#[derive(Debug, Clone)]
struct Case {
    principal_cents: i64,
    /// Hundredths of a percent a year.
    rate_bp: i64,
    term: u32,
    method: Method,
    day_count: DayCount,
    start: NaiveDate,
    /// Per installment, how many days before its due date it is paid (modulo its period).
    early_days: Vec<u16>,
    to_payment_date: bool,
}

impl Case {
    fn loan(&self) -> Loan {
        let flat = self.method == Method::FlatFee;
        let input = LoanInput {
            principal: Some(Decimal::new(self.principal_cents, 2)),
            annual_rate: (!flat).then(|| Decimal::new(self.rate_bp, 2)),
            fee_rate: flat.then(|| Decimal::new(self.rate_bp / 20, 2)),
            term: Some(self.term),
            method: Some(self.method),
            start: Some(self.start),
            day_count: Some(self.day_count),
            ..LoanInput::default()
        };
        let terms = LoanTerms::new(&input).expect("valid loan");
        let by_days = self.day_count != DayCount::Thirty360 && !flat;
        Loan {
            early_interest: if self.to_payment_date && by_days {
                EarlyInterest::ToPaymentDate
            } else {
                EarlyInterest::AsScheduled
            },
            ..Loan::with_terms("L1".into(), "loan".into(), String::new(), &terms)
        }
    }
}

fn case() -> impl Strategy<Value = Case> {
    (
        10_000i64..=10_000_000,
        0i64..=3600,
        1u32..=48,
        prop::sample::select(Method::ALL.to_vec()),
        prop::sample::select(DayCount::ALL.to_vec()),
        (2020i32..=2030, 1u32..=12, 1u32..=31),
        prop::collection::vec(any::<u16>(), 48),
        any::<bool>(),
    )
        .prop_map(
            |(principal_cents, rate_bp, term, method, day_count, (y, m, d), early_days, tpd)| {
                let start = (0..4)
                    .find_map(|back| NaiveDate::from_ymd_opt(y, m, d - back))
                    .expect("a day 28–31 exists in every month");
                Case {
                    principal_cents,
                    rate_bp,
                    term,
                    method,
                    day_count,
                    start,
                    early_days,
                    to_payment_date: tpd,
                }
            },
        )
}

proptest! {
    #![proptest_config(common::proptest_config(192))]

    #[test]
    fn paying_each_installment_early_leaves_nothing_overdue(case in case()) {
        let loan = case.loan();
        let terms = loan.terms();
        let planned = schedule::build(&terms, &[]).unwrap();
        let mut payments: Vec<PaymentRecord> = Vec::new();
        let mut previous = terms.start;
        for (row, early) in planned.installments().zip(&case.early_days) {
            // Any day after the previous due date, up to and including its own.
            let span = (row.due_date - previous).num_days() as u64;
            let day = row.due_date - Days::new(u64::from(*early) % span);
            if row.payment.is_zero() {
                // An interest-only month at 0 %: nothing to pay, and the next installment
                // with something owed is a later one.
                previous = row.due_date;
                continue;
            }
            let amount = if loan.early_interest == EarlyInterest::ToPaymentDate {
                let settles = ledger::settles_next(&loan, &payments, day).unwrap();
                prop_assert!(settles <= row.payment, "{settles} > scheduled {}", row.payment);
                settles
            } else {
                row.payment
            };
            previous = row.due_date;
            let split = ledger::split_payment(
                &loan, &payments, day, amount, PrepayMode::Shorten, Apply::Installments,
            ).unwrap_or_else(|e| panic!("paying {amount} on {day} refused: {e}"));
            prop_assert_eq!(split.prepaid_principal, Decimal::ZERO, "on {}", day);
            payments.extend(split.records);
            // Between payments nothing is ever overdue.
            let state = ledger::loan_state(&loan, &payments, row.due_date).unwrap();
            prop_assert_eq!(state.overdue().count(), 0, "after paying on {}", day);
        }
        let after = terms.maturity() + Days::new(40);
        let state = ledger::loan_state(&loan, &payments, after).unwrap();
        prop_assert!(state.installments.iter().all(|i| i.status == Status::Paid));
        prop_assert_eq!(state.balance, Decimal::ZERO);
        prop_assert_eq!(state.credit, Decimal::ZERO);
        let scheduled = planned.totals().interest;
        if loan.early_interest == EarlyInterest::ToPaymentDate {
            prop_assert!(state.interest_paid() <= scheduled);
        } else {
            prop_assert_eq!(state.interest_paid(), scheduled);
        }
    }
}
