//! The store as it is: every debt's dues by month, interest and payoff, computed once.

use super::{DebtOutcome, HORIZON_MONTHS};
use crate::book::dues::{self, RevolvingProjection, YearMonth};
use crate::book::ledger::{LoanState, Status};
use crate::engine::error::Problem;
use crate::engine::field::Field;
use crate::engine::loan::{FieldError, LoanTerms, days_between};
use crate::store::{Loan, PaymentRecord, RevolvingAccount};
use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;

/// Amounts by month offset from the as-of month.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Series {
    pub(super) first: usize,
    pub(super) amounts: Vec<Decimal>,
}

impl Series {
    pub(super) fn from_items(items: &[(usize, Decimal)]) -> Self {
        let (Some(first), Some(last)) = (
            items.iter().map(|i| i.0).min(),
            items.iter().map(|i| i.0).max(),
        ) else {
            return Self::default();
        };
        let mut amounts = vec![Decimal::ZERO; last - first + 1];
        for &(k, amount) in items {
            amounts[k - first] += amount;
        }
        Self { first, amounts }
    }

    pub(super) fn end(&self) -> usize {
        self.first + self.amounts.len()
    }

    /// Add this series to per-month `totals` from offset `from` on (or take it away).
    pub(super) fn apply(&self, totals: &mut Vec<Decimal>, from: usize, subtract: bool) {
        if totals.len() < self.end() {
            totals.resize(self.end(), Decimal::ZERO);
        }
        let skip = from.saturating_sub(self.first);
        let start = self.first.max(from);
        for (total, amount) in totals[start..]
            .iter_mut()
            .zip(self.amounts.iter().skip(skip))
        {
            if subtract {
                *total -= amount;
            } else {
                *total += amount;
            }
        }
    }
}

/// What one debt contributes: its dues by month, interest, payoff and balance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Figures {
    pub(super) dues: Series,
    pub(super) interest: Decimal,
    /// `NaiveDate::MAX` when not paid off within the horizon.
    pub(super) payoff: NaiveDate,
    pub(super) balance: Decimal,
}

/// A debt: a loan, named by `L` (its store index, or the planner's `Key`), or a
/// revolving account by its store index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Debt<L = usize> {
    Loan(L),
    Revolving(usize),
}

pub(super) fn outcome(id: &str, name: &str, f: &Figures) -> DebtOutcome {
    DebtOutcome {
        id: id.to_string(),
        name: name.to_string(),
        balance: f.balance,
        interest: f.interest,
        payoff_date: (f.payoff != NaiveDate::MAX).then_some(f.payoff),
    }
}

impl Figures {
    pub(super) fn empty() -> Self {
        Self {
            dues: Series::default(),
            interest: Decimal::ZERO,
            payoff: NaiveDate::MIN,
            balance: Decimal::ZERO,
        }
    }

    /// Whether anything is still to pay.
    pub(super) fn owes(&self) -> bool {
        !self.balance.is_zero() || !self.dues.amounts.is_empty()
    }
}

/// A loan's dues by month, interest and payoff, with installments paid late by `delays`
/// (installment, days after its due date).
pub(super) fn loan_figures(
    loan: &Loan,
    state: &LoanState,
    delays: &[(u32, u32)],
    as_of: NaiveDate,
) -> Result<Figures, FieldError> {
    for &(period, _) in delays {
        match state.installments.iter().find(|i| i.period == period) {
            None => {
                return Err(FieldError::typed(
                    Field::Period,
                    Problem::NoInstallment {
                        loan: loan.id.clone(),
                        period,
                        count: state.installments.len(),
                    },
                ));
            }
            Some(i) if i.status == Status::Paid => {
                return Err(FieldError::typed(
                    Field::Period,
                    Problem::InstallmentPaid {
                        loan: loan.id.clone(),
                        period,
                    },
                ));
            }
            Some(_) => {}
        }
    }
    let month0 = YearMonth::of(as_of);
    let percent = loan.penalty_percent();
    let mut penalty = Decimal::ZERO;
    let mut payoff = state.schedule.payoff_date();
    let mut items = Vec::new();
    for inst in &state.installments {
        penalty += inst.paid_penalty + inst.unpaid_penalty;
        if inst.status == Status::Paid {
            continue;
        }
        // An overdue installment is settled on the as-of date; its penalty runs to then.
        let mut paid_on = inst.due_date.max(as_of);
        let mut amount = inst.outstanding();
        if let Some(&(_, days)) = delays.iter().rev().find(|d| d.0 == inst.period) {
            let late = inst.due_date + Days::new(days.into());
            if late > crate::engine::validate::MAX_DATE {
                // Paid after the date cap: a date no figure can show.
                let most = (crate::engine::validate::MAX_DATE - inst.due_date).num_days();
                return Err(FieldError::typed(
                    Field::Days,
                    Problem::Between {
                        got: days,
                        min: 1,
                        max: u32::try_from(most).unwrap_or(0),
                    },
                ));
            }
            if late < as_of {
                return Err(FieldError::typed(
                    Field::Days,
                    Problem::AlreadyLate {
                        loan: loan.id.clone(),
                        period: inst.period,
                        days: inst.days_late,
                    },
                ));
            }
            let extra = crate::engine::penalty::penalty_interest(
                inst.unpaid_principal,
                percent,
                loan.day_count,
                days_between(paid_on, late),
            );
            penalty += extra;
            amount += extra;
            paid_on = late;
        }
        let offset = usize::try_from(month0.months_until(YearMonth::of(paid_on))).unwrap_or(0);
        items.push((offset, amount));
        payoff = payoff.max(paid_on);
    }
    Ok(Figures {
        dues: Series::from_items(&items),
        interest: state.schedule.totals().interest + penalty,
        payoff,
        balance: state.balance,
    })
}

/// A revolving account paying only its minimum, as the minimum due projects it.
pub(super) fn revolving_figures(
    account: &RevolvingAccount,
    payments: &[&PaymentRecord],
    as_of: NaiveDate,
) -> Option<Figures> {
    if account.statement_balance <= Decimal::ZERO {
        return None;
    }
    let (mut projection, mut interest) = projection_from_as_of_month(account, payments, as_of);
    // A statement cut late in the month falls due in the next (months count from as-of's).
    let first = month_offset(as_of, &projection);
    let mut items = Vec::new();
    // A minimum missed last month counts this month, as the minimum due carries it.
    let overdue = dues::overdue_statement(
        account,
        payments.iter().copied(),
        YearMonth::of(as_of),
        as_of,
    );
    items.extend(overdue.map(|item| (0, item.amount())));
    let mut last_due = as_of;
    for k in first..HORIZON_MONTHS {
        if projection.balance().is_zero() {
            break;
        }
        let planned = projection.planned();
        items.push((k, unpaid_due(account, payments, &projection, as_of)));
        last_due = projection.due_date();
        interest += projection.pay(planned);
    }
    Some(Figures {
        dues: Series::from_items(&items),
        interest,
        payoff: if projection.balance().is_zero() {
            last_due
        } else {
            NaiveDate::MAX
        },
        balance: account.statement_balance,
    })
}

/// `account`'s projection from the as-of month on: a statement that fell due last month
/// is paid its minimum then, as the minimum due projects this month's from it; with the
/// interest that leaves.
pub(super) fn projection_from_as_of_month(
    account: &RevolvingAccount,
    payments: &[&PaymentRecord],
    as_of: NaiveDate,
) -> (RevolvingProjection, Decimal) {
    let mut projection = RevolvingProjection::new(account, payments.iter().copied(), as_of);
    let mut interest = Decimal::ZERO;
    while projection.month() < YearMonth::of(as_of) {
        interest += projection.pay(projection.planned());
    }
    (projection, interest)
}

/// How many months after the as-of month `projection`'s month is.
pub(super) fn month_offset(as_of: NaiveDate, projection: &RevolvingProjection) -> usize {
    usize::try_from(YearMonth::of(as_of).months_until(projection.month())).unwrap_or(0)
}

/// What of the projection's minimum in its month is still to pay.
pub(super) fn unpaid_due(
    account: &RevolvingAccount,
    payments: &[&PaymentRecord],
    projection: &RevolvingProjection,
    as_of: NaiveDate,
) -> Decimal {
    let item = projection.due_item(account, payments.iter().copied(), as_of);
    item.filter(|i| i.status != Status::Paid)
        .map_or(Decimal::ZERO, |i| i.amount())
}

/// The principal left after every payment up to and including `day`.
pub(super) fn balance_on(state: &LoanState, terms: &LoanTerms, day: NaiveDate) -> Decimal {
    let rows = &state.schedule.rows;
    match rows.partition_point(|r| r.due_date <= day) {
        0 => terms.principal,
        n => rows[n - 1].balance,
    }
}
