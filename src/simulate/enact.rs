//! A scenario made real: the payments and loans applying it writes to the store.

use super::{Scenario, Simulator, Step};
use crate::book::ledger;
use crate::engine::error::Problem;
use crate::engine::field::Field;
use crate::engine::loan::FieldError;
use crate::engine::schedule::{self, PrepayMode, Prepayment};
use crate::store::{Loan, PaymentRecord, StoreData};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// What applying one step to the store writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Enacted {
    /// A payment recorded as `loandash pay` records it: what falls due on or before the
    /// date first, then the prepayment.
    Payment {
        /// Loan id.
        loan: String,
        /// Day paid.
        date: NaiveDate,
        /// Shorten or reduce.
        mode: PrepayMode,
        /// Cash paid in all.
        cash: Decimal,
        /// How `pay` splits it, with the records it appends.
        split: ledger::PaymentSplit,
    },
    /// A new loan, as `loandash add` adds it.
    Loan(Box<Loan>),
    /// A late payment or a budget: a what-if only, nothing to record.
    Skipped,
}

/// The store with a scenario made real, and what each step became (in order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enactment {
    /// The store's data with every record added.
    pub data: StoreData,
    /// One entry per step of the scenario.
    pub steps: Vec<Enacted>,
}

impl Enactment {
    /// Whether anything would be written.
    pub fn writes(&self) -> bool {
        self.steps.iter().any(|a| !matches!(a, Enacted::Skipped))
    }
}

/// The cash that makes `pay` record `prepayment` as planned: what falls due on or before
/// its date (which `pay` settles first), then its principal, at most what is left, with
/// the interest that principal accrued since the last due date.
pub(super) fn prepayment_cash(
    loan: &Loan,
    history: &[PaymentRecord],
    prepayment: &Prepayment,
) -> Result<Decimal, FieldError> {
    let state = ledger::loan_state(loan, history, prepayment.date)?;
    let due = state
        .installments
        .iter()
        .filter(|i| i.due_date <= prepayment.date);
    let due_now: Decimal = due.clone().map(ledger::Installment::outstanding).sum();
    let left = state.balance - due.map(|i| i.unpaid_principal).sum::<Decimal>();
    let principal = prepayment.amount.min(left);
    Ok(due_now
        + principal
        + schedule::prepayment_interest(&loan.terms(), principal, prepayment.date))
}

impl Simulator {
    /// The store with `scenario` made real: each prepayment recorded as `pay` records a
    /// payment (whatever is due first, then the prepayment), each borrowing added as a
    /// loan named `new_loan_name`; late payments and budgets are skipped. The scenario
    /// must evaluate (same checks), and a payment cannot be dated after the as-of date.
    pub fn enact(&self, scenario: &Scenario, new_loan_name: &str) -> Result<Enactment, FieldError> {
        self.evaluate(scenario)?;
        let mut data = self.data.clone();
        let mut steps = Vec::with_capacity(scenario.steps.len());
        for step in &scenario.steps {
            steps.push(match step {
                Step::Prepay { loan, prepayment } => {
                    if prepayment.date > self.as_of {
                        return Err(FieldError::typed(
                            Field::Date,
                            Problem::AfterAsOf {
                                date: prepayment.date,
                                as_of: self.as_of,
                            },
                        ));
                    }
                    let Some(record) = data.loan(loan) else {
                        return Err(FieldError::typed(
                            Field::Loan,
                            Problem::NoSuchLoan {
                                id: loan.to_string(),
                                see_list: false,
                            },
                        ));
                    };
                    let history: Vec<PaymentRecord> = data.payments_for(loan).cloned().collect();
                    let cash = prepayment_cash(record, &history, prepayment)?;
                    let split = ledger::split_payment(
                        record,
                        &history,
                        prepayment.date,
                        cash,
                        prepayment.mode,
                        ledger::Apply::Prepayment,
                    )?;
                    data.record_payments(split.records.iter().cloned());
                    Enacted::Payment {
                        loan: loan.clone(),
                        date: prepayment.date,
                        mode: prepayment.mode,
                        cash,
                        split,
                    }
                }
                Step::Borrow { terms, line } => {
                    let lender = line
                        .as_deref()
                        .and_then(|name| data.line(name).ok())
                        .map(|l| l.lender.clone())
                        .unwrap_or_default();
                    let id = data.next_id("L");
                    let name = free_name(&data, new_loan_name);
                    let loan = Loan {
                        line: line.clone(),
                        ..Loan::with_terms(id, name, lender, terms)
                    };
                    data.upsert_loan(loan.clone());
                    Enacted::Loan(Box::new(loan))
                }
                Step::Delay { .. } | Step::Budget { .. } => Enacted::Skipped,
            });
        }
        data.validate()?;
        Ok(Enactment { data, steps })
    }
}

/// `name`, or `name 2`, `name 3`, … the first no loan has: loan names are unique, and a
/// scenario may borrow more than once.
fn free_name(data: &StoreData, name: &str) -> String {
    let taken = |candidate: &str| data.loan_names_but(None).any(|n| n == candidate);
    (1..)
        .map(|n| match n {
            1 => name.to_string(),
            n => format!("{name} {n}"),
        })
        .find(|candidate| !taken(candidate))
        .unwrap_or_default()
}
