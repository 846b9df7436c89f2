//! A loan's state from its recorded payments: which installments are paid, overdue or
//! upcoming, the penalty running on each, and what is left.
//!
//! Rules where DOMAIN.md is silent, chosen as a careful bank would:
//! - a scheduled payment settles installments oldest first, and within one installment
//!   pays penalty, then interest, then principal;
//! - penalty accrues on the installment's unpaid principal, day by day from its due date,
//!   and is rounded each time a payment stops the clock (one rounding when unpaid);
//! - a recorded prepayment's amount is the principal it repaid (its interest follows from
//!   the schedule), and only payments on or before the as-of date count;
//! - an installment paid before its due date costs its scheduled interest, unless the
//!   loan's term is interest to the payment date ([`EarlyInterest::ToPaymentDate`]): then
//!   the principal it repays stops accruing on the day paid (the rest of the balance
//!   still accrues to the due date), provided the payment settles it whole.

use crate::engine::error::{Problem, Record};
use crate::engine::field::Field;
use crate::engine::loan::{EarlyInterest, FieldError, LoanTerms, days_between};
use crate::engine::penalty::penalty_interest;
use crate::engine::schedule::{self, Prepayment, Schedule};
use crate::store::{Loan, PaymentKind, PaymentRecord};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// Where an installment stands on the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Fully paid.
    Paid,
    /// Past its due date and not fully paid.
    Overdue,
    /// Not yet due (or due today) and not fully paid.
    Upcoming,
}

impl Status {
    /// The JSON and CSV spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Paid => "paid",
            Status::Overdue => "overdue",
            Status::Upcoming => "upcoming",
        }
    }
}

/// One installment and what has been paid towards it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Installment {
    /// Installment number.
    pub period: u32,
    /// Due date.
    pub due_date: NaiveDate,
    /// Scheduled principal.
    pub principal: Decimal,
    /// Scheduled interest (or fee).
    pub interest: Decimal,
    /// Principal still unpaid.
    pub unpaid_principal: Decimal,
    /// Interest still unpaid.
    pub unpaid_interest: Decimal,
    /// Penalty accrued and not paid, up to the as-of date.
    pub unpaid_penalty: Decimal,
    /// Penalty paid so far.
    pub paid_penalty: Decimal,
    /// Paid, overdue or upcoming on the as-of date.
    pub status: Status,
    /// Days past due on the as-of date (0 unless overdue).
    pub days_late: i64,
    /// The date of the payment that completed it (`None` while unpaid, and when there
    /// was nothing to pay).
    pub settled_on: Option<NaiveDate>,
    /// Penalty accrual clock: the day up to which `unpaid_penalty` is counted.
    pub(crate) accrued_to: NaiveDate,
    /// The previous due date (or the start): where its interest begins.
    pub(crate) begins: NaiveDate,
}

impl Installment {
    /// What it takes to settle it now: unpaid principal, interest and penalty.
    pub fn outstanding(&self) -> Decimal {
        self.unpaid_principal + self.unpaid_interest + self.unpaid_penalty
    }

    /// Nothing left to pay (the parts are never negative).
    pub fn is_settled(&self) -> bool {
        self.unpaid_principal.is_zero()
            && self.unpaid_interest.is_zero()
            && self.unpaid_penalty.is_zero()
    }

    /// The scheduled amount (principal + interest).
    pub fn amount(&self) -> Decimal {
        self.principal + self.interest
    }

    /// Interest not charged when it is paid whole on `date`, before its due date, on a
    /// loan charging interest only to the payment date: its unpaid principal's interest
    /// from that day (or the period's start) to the due date.
    pub fn early_saving(
        &self,
        terms: &LoanTerms,
        early: EarlyInterest,
        date: NaiveDate,
    ) -> Decimal {
        if early != EarlyInterest::ToPaymentDate || date >= self.due_date {
            return Decimal::ZERO;
        }
        terms
            .accrued_interest(self.unpaid_principal, date.max(self.begins), self.due_date)
            .min(self.unpaid_interest)
    }

    /// What pays it whole on `date` (penalty, interest, principal, less any early saving).
    pub fn settles_on(&self, terms: &LoanTerms, early: EarlyInterest, date: NaiveDate) -> Decimal {
        self.outstanding() - self.early_saving(terms, early, date)
    }

    fn accrue_penalty(&mut self, to: NaiveDate, percent: Decimal, loan: &Loan) {
        let from = self.accrued_to.max(self.due_date);
        if to > from {
            self.unpaid_penalty += penalty_interest(
                self.unpaid_principal,
                percent,
                loan.day_count,
                days_between(from, to),
            );
            self.accrued_to = to;
        }
    }

    /// Pay up to `cash` towards penalty, interest, principal; returns what is left of it.
    fn pay(&mut self, mut cash: Decimal) -> Decimal {
        for part in [
            &mut self.unpaid_penalty,
            &mut self.unpaid_interest,
            &mut self.unpaid_principal,
        ] {
            let taken = cash.min(*part);
            *part -= taken;
            cash -= taken;
        }
        cash
    }
}

/// A loan on the as-of date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoanState {
    /// The schedule with every recorded prepayment applied.
    pub schedule: Schedule,
    /// Its installments with what was paid.
    pub installments: Vec<Installment>,
    /// Principal not yet repaid.
    pub balance: Decimal,
    /// Paid more than everything due (kept, never lost).
    pub credit: Decimal,
}

impl LoanState {
    /// Installments fully paid.
    pub fn paid_count(&self) -> usize {
        self.installments
            .iter()
            .filter(|i| i.status == Status::Paid)
            .count()
    }

    /// The first installment not fully paid.
    pub fn next_unpaid(&self) -> Option<&Installment> {
        self.installments.iter().find(|i| i.status != Status::Paid)
    }

    /// Installments past due and unpaid.
    pub fn overdue(&self) -> impl Iterator<Item = &Installment> {
        self.installments
            .iter()
            .filter(|i| i.status == Status::Overdue)
    }

    /// Penalty interest paid so far (on installments paid late).
    pub fn penalty_paid(&self) -> Decimal {
        self.installments.iter().map(|i| i.paid_penalty).sum()
    }

    /// Interest (and fees) paid so far, penalties excluded.
    pub fn interest_paid(&self) -> Decimal {
        let prepaid: Decimal = self
            .schedule
            .rows
            .iter()
            .filter(|r| r.kind == crate::engine::schedule::RowKind::Prepayment)
            .map(|r| r.interest)
            .sum();
        prepaid
            + self
                .installments
                .iter()
                .map(|i| i.interest - i.unpaid_interest)
                .sum::<Decimal>()
    }
}

/// Replay `payments` (of this loan) onto its schedule as of `as_of`.
pub fn loan_state<'a>(
    loan: &Loan,
    payments: impl IntoIterator<Item = &'a PaymentRecord>,
    as_of: NaiveDate,
) -> Result<LoanState, FieldError> {
    loan_state_with(loan, payments, &[], as_of)
}

/// [`loan_state`] with `planned` prepayments (what-ifs, usually after `as_of`) in the
/// schedule too; those dated on or before `as_of` also lower the balance.
pub fn loan_state_with<'a>(
    loan: &Loan,
    payments: impl IntoIterator<Item = &'a PaymentRecord>,
    planned: &[Prepayment],
    as_of: NaiveDate,
) -> Result<LoanState, FieldError> {
    replay(loan, payments, planned, as_of, None)
}

/// What one recorded payment paid for, as the replay applied it: the split a
/// bookkeeper posts (see [`payment_parts`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentParts {
    /// Day paid.
    pub date: NaiveDate,
    /// Installment or prepayment.
    pub kind: PaymentKind,
    /// Principal repaid.
    pub principal: Decimal,
    /// Interest (or a flat-fee plan's fee) paid.
    pub interest: Decimal,
    /// Penalty interest paid.
    pub penalty: Decimal,
    /// Cash beyond everything owed, held by the lender.
    pub credit: Decimal,
}

impl PaymentParts {
    /// The cash paid: every part together.
    pub fn cash(&self) -> Decimal {
        self.principal + self.interest + self.penalty + self.credit
    }
}

/// How each of `payments` (of this loan, dated on or before `as_of`) was applied, in
/// date order: the same replay as [`loan_state`], so the principal parts add up to
/// what the balance lost.
pub fn payment_parts<'a>(
    loan: &Loan,
    payments: impl IntoIterator<Item = &'a PaymentRecord>,
    as_of: NaiveDate,
) -> Result<Vec<PaymentParts>, FieldError> {
    let mut parts = Vec::new();
    replay(loan, payments, &[], as_of, Some(&mut parts))?;
    Ok(parts)
}

fn replay<'a>(
    loan: &Loan,
    payments: impl IntoIterator<Item = &'a PaymentRecord>,
    planned: &[Prepayment],
    as_of: NaiveDate,
    mut parts: Option<&mut Vec<PaymentParts>>,
) -> Result<LoanState, FieldError> {
    let mut payments: Vec<&PaymentRecord> =
        payments.into_iter().filter(|p| p.date <= as_of).collect();
    payments.sort_by_key(|p| p.date);
    let mut prepayments: Vec<Prepayment> = payments
        .iter()
        .filter(|p| p.kind == PaymentKind::Prepayment)
        .map(|p| Prepayment {
            date: p.date,
            amount: p.amount,
            mode: p
                .mode
                .unwrap_or(crate::engine::schedule::PrepayMode::Shorten),
        })
        .collect();
    prepayments.extend_from_slice(planned);
    let terms = loan.terms();
    let schedule = schedule::build(&terms, &prepayments)
        .map_err(|e| e.within(Record::Loan(loan.id.clone())))?;
    let penalty_percent = loan.penalty_percent();
    let mut begins = terms.start;
    let mut installments: Vec<Installment> = schedule
        .installments()
        .map(|row| Installment {
            period: row.period,
            due_date: row.due_date,
            principal: row.principal,
            interest: row.interest,
            unpaid_principal: row.principal,
            unpaid_interest: row.interest,
            unpaid_penalty: Decimal::ZERO,
            paid_penalty: Decimal::ZERO,
            status: Status::Upcoming,
            days_late: 0,
            settled_on: None,
            accrued_to: row.due_date,
            begins: std::mem::replace(&mut begins, row.due_date),
        })
        .collect();

    let mut credit = Decimal::ZERO;
    // Installments are settled oldest first and stay settled: each payment starts at the
    // first one still open (a long loan has hundreds of payments).
    let mut first_open = 0;
    // Recorded prepayments meet their schedule rows in date order (a row is left out
    // only when nothing was left to prepay).
    let mut prepaid_rows = schedule
        .rows
        .iter()
        .filter(|r| r.kind == crate::engine::schedule::RowKind::Prepayment)
        .peekable();
    for payment in &payments {
        if payment.kind == PaymentKind::Prepayment {
            if let Some(parts) = parts.as_deref_mut() {
                let row = prepaid_rows.next_if(|r| r.due_date == payment.date);
                let (principal, interest) = row.map_or((Decimal::ZERO, Decimal::ZERO), |r| {
                    (r.principal, r.interest)
                });
                parts.push(PaymentParts {
                    date: payment.date,
                    kind: payment.kind,
                    principal,
                    interest,
                    penalty: Decimal::ZERO,
                    credit: payment.amount - principal,
                });
            }
            continue;
        }
        let mut cash = payment.amount;
        let mut applied = PaymentParts {
            date: payment.date,
            kind: payment.kind,
            principal: Decimal::ZERO,
            interest: Decimal::ZERO,
            penalty: Decimal::ZERO,
            credit: Decimal::ZERO,
        };
        for installment in installments[first_open..]
            .iter_mut()
            .filter(|i| !i.is_settled())
        {
            if cash.is_zero() {
                break;
            }
            installment.accrue_penalty(payment.date, penalty_percent, loan);
            let saving = installment.early_saving(&terms, loan.early_interest, payment.date);
            if !saving.is_zero() && cash >= installment.outstanding() - saving {
                installment.interest -= saving;
                installment.unpaid_interest -= saving;
            }
            let before = installment.clone();
            cash = installment.pay(cash);
            applied.penalty += before.unpaid_penalty - installment.unpaid_penalty;
            applied.interest += before.unpaid_interest - installment.unpaid_interest;
            applied.principal += before.unpaid_principal - installment.unpaid_principal;
            installment.paid_penalty += before.unpaid_penalty - installment.unpaid_penalty;
            if installment.is_settled() {
                installment.settled_on = Some(payment.date);
            }
        }
        while installments
            .get(first_open)
            .is_some_and(Installment::is_settled)
        {
            first_open += 1;
        }
        credit += cash;
        if let Some(parts) = parts.as_deref_mut() {
            applied.credit = cash;
            parts.push(applied);
        }
    }

    for installment in &mut installments {
        if installment.is_settled() {
            installment.status = Status::Paid;
        } else if as_of > installment.due_date {
            installment.accrue_penalty(as_of, penalty_percent, loan);
            installment.status = Status::Overdue;
            installment.days_late = days_between(installment.due_date, as_of);
        }
    }

    let prepaid: Decimal = prepayments
        .iter()
        .filter(|p| p.date <= as_of)
        .map(|p| p.amount)
        .sum::<Decimal>()
        .min(terms.principal);
    let repaid: Decimal = installments
        .iter()
        .map(|i| i.principal - i.unpaid_principal)
        .sum();
    Ok(LoanState {
        balance: terms.principal - prepaid - repaid,
        schedule,
        installments,
        credit,
    })
}

/// How a payment of `amount` on `date` is split, as `loandash pay` records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentSplit {
    /// Towards installments due on or before the date, with their penalty.
    pub towards_due: Decimal,
    /// Towards installments not yet due (paid early, not a prepayment).
    pub towards_upcoming: Decimal,
    /// Principal prepaid with the rest.
    pub prepaid_principal: Decimal,
    /// Interest the prepaid principal accrued since the last due date.
    pub prepaid_interest: Decimal,
    /// The records to append to the store.
    pub records: Vec<PaymentRecord>,
}

/// What cash beyond the installments due goes to first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Apply {
    /// The next installment not yet due, then a prepayment with what is left.
    Installments,
    /// All of it is a prepayment (the next installment stays due on its date).
    Prepayment,
}

/// Split a payment as a lender applies cash (DOMAIN.md, "Recording a payment"): the
/// installments due first (penalty, interest, principal), then — unless `apply` says
/// prepayment — the next installment not yet due, at what settles it on `date`; what is
/// left is a prepayment in `mode` whose principal plus accrued interest equals it.
pub fn split_payment(
    loan: &Loan,
    payments: &[PaymentRecord],
    date: NaiveDate,
    amount: Decimal,
    mode: crate::engine::schedule::PrepayMode,
    apply: Apply,
) -> Result<PaymentSplit, FieldError> {
    if amount <= Decimal::ZERO {
        return Err(FieldError::typed(
            Field::Amount,
            Problem::NotPositive(amount),
        ));
    }
    if date < loan.start {
        return Err(FieldError::typed(
            Field::Date,
            Problem::BeforeStart {
                date,
                start: loan.start,
            },
        ));
    }
    let terms = loan.terms();
    let state = loan_state(loan, payments, date)?;
    let due = state.installments.iter().filter(|i| i.due_date <= date);
    let due_now: Decimal = due.clone().map(Installment::outstanding).sum();
    let towards_due = amount.min(due_now);
    let rest = amount - towards_due;
    let balance_after_due = state.balance - due.map(|i| i.unpaid_principal).sum::<Decimal>();
    let accrued = |principal: Decimal| schedule::prepayment_interest(&terms, principal, date);
    let next = state
        .installments
        .iter()
        .find(|i| i.due_date > date && !i.is_settled())
        .filter(|_| apply == Apply::Installments);
    let too_much = |owed: Decimal| {
        FieldError::typed(
            Field::Amount,
            Problem::AboveOwed {
                amount,
                payoff: towards_due + owed,
                date,
            },
        )
    };
    // Paying the loan off: its balance with the interest accrued to the day.
    let payoff = balance_after_due + accrued(balance_after_due);
    let settle = next.map_or(Decimal::ZERO, |i| {
        i.settles_on(&terms, loan.early_interest, date)
    });
    let (towards_upcoming, prepaid_principal) = match next {
        _ if rest > settle.max(payoff) => return Err(too_much(settle.max(payoff))),
        Some(_) if rest <= settle => (rest, Decimal::ZERO),
        Some(next) if rest < payoff && next.unpaid_principal < balance_after_due => {
            // A prepayment on `date` reprices the installment it falls in, so what
            // settles that installment is found with the prepayment in place.
            let settle_after = |principal: Decimal| -> Result<Decimal, FieldError> {
                let mut with = payments.to_vec();
                with.push(prepayment_record(loan, date, principal, mode));
                let after = loan_state(loan, &with, date)?;
                Ok(after
                    .installments
                    .iter()
                    .find(|i| i.period == next.period)
                    .map_or(Decimal::ZERO, |i| {
                        i.settles_on(&terms, loan.early_interest, date)
                    }))
            };
            let cap = balance_after_due - next.unpaid_principal;
            settle_after(cap)?;
            let principal = principal_within(rest, cap, |x| {
                accrued(x) + settle_after(x).unwrap_or(settle)
            });
            (rest - principal - accrued(principal), principal)
        }
        // A prepayment (or enough to pay the loan off); a cent it cannot use goes to
        // the next installment rather than being lost.
        _ => {
            let principal = principal_within(rest, balance_after_due, accrued);
            (rest - principal - accrued(principal), principal)
        }
    };
    let mut records = Vec::new();
    let scheduled = towards_due + towards_upcoming;
    if !scheduled.is_zero() {
        records.push(PaymentRecord {
            id: 0,
            date,
            amount: scheduled,
            loan: loan.id.clone(),
            kind: PaymentKind::Scheduled,
            mode: None,
        });
    }
    if !prepaid_principal.is_zero() {
        records.push(prepayment_record(loan, date, prepaid_principal, mode));
    }
    Ok(PaymentSplit {
        towards_due,
        towards_upcoming,
        prepaid_principal,
        prepaid_interest: accrued(prepaid_principal),
        records,
    })
}

fn prepayment_record(
    loan: &Loan,
    date: NaiveDate,
    principal: Decimal,
    mode: crate::engine::schedule::PrepayMode,
) -> PaymentRecord {
    PaymentRecord {
        id: 0,
        date,
        amount: principal,
        loan: loan.id.clone(),
        kind: PaymentKind::Prepayment,
        mode: Some(mode),
    }
}

/// What a payment form offers on `date`: everything due by then, or when nothing is,
/// what settles the next installment (paid early).
pub fn settles_next(
    loan: &Loan,
    payments: &[PaymentRecord],
    date: NaiveDate,
) -> Result<Decimal, FieldError> {
    let terms = loan.terms();
    let state = loan_state(loan, payments, date)?;
    let due_now: Decimal = state
        .installments
        .iter()
        .filter(|i| i.due_date <= date)
        .map(Installment::outstanding)
        .sum();
    if !due_now.is_zero() {
        return Ok(due_now);
    }
    Ok(state
        .installments
        .iter()
        .find(|i| !i.is_settled())
        .map_or(Decimal::ZERO, |i| {
            i.settles_on(&terms, loan.early_interest, date)
        }))
}

/// The first `count` installments of a loan entered after it started, each paid at its
/// scheduled amount on its due date (DOMAIN.md: `--paid N`); only those due by `as_of`.
pub fn paid_on_due_dates(
    loan: &Loan,
    count: u32,
    as_of: NaiveDate,
) -> Result<Vec<PaymentRecord>, FieldError> {
    let terms = loan.terms();
    let due = installments_due_by(&terms, as_of);
    if count > due {
        return Err(FieldError::typed(
            Field::Paid,
            Problem::PaidCount {
                got: count,
                due,
                as_of,
            },
        ));
    }
    let schedule = schedule::build(&terms, &[])?;
    Ok(schedule
        .installments()
        .take(count as usize)
        .filter(|row| !row.payment.is_zero())
        .map(|row| PaymentRecord::paid_as_scheduled(&loan.id, row))
        .collect())
}

/// A loan entered from what is left with its next due date before `as_of` (a year typed
/// wrong looks like this): how many of its installments fell due before that day, to say
/// before the dues show them overdue; `None` for a next due date today or later.
pub fn due_before_entry(terms: &LoanTerms, next_due: NaiveDate, as_of: NaiveDate) -> Option<u32> {
    let before = as_of.pred_opt().filter(|_| next_due < as_of)?;
    Some(installments_due_by(terms, before))
}

/// How many installments fall due on or before `date`.
pub fn installments_due_by(terms: &LoanTerms, date: NaiveDate) -> u32 {
    (1..=terms.installments())
        .take_while(|&k| terms.due_date(k) <= date)
        .count() as u32
}

/// The largest principal X ≤ `cap` with X + accrued(X) ≤ `cash` (to the cent).
pub fn principal_within(
    cash: Decimal,
    cap: Decimal,
    accrued: impl Fn(Decimal) -> Decimal,
) -> Decimal {
    let cent = Decimal::new(1, 2);
    let (mut low, mut high) = (Decimal::ZERO, cap.min(cash));
    // Bisection over cents: accrued interest only grows with the principal.
    while high - low > cent {
        let mid = crate::engine::money::round_cents((low + high) / Decimal::TWO);
        if mid + accrued(mid) <= cash {
            low = mid
        } else {
            high = mid
        }
    }
    if high + accrued(high) <= cash {
        high
    } else {
        low
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::engine::date;
    use crate::engine::loan::EarlyInterest;
    use crate::engine::loan::{DayCount, Method, Rate};
    use crate::engine::schedule::PrepayMode;
    use crate::store::RevolvingAccount;
    use rust_decimal_macros::dec;

    /// A 花呗 statement of `balance` cut on the 1st, due on the 10th, at 0.05 %/day with
    /// a 10 % minimum: the revolving account the tests share.
    pub fn huabei(balance: Decimal) -> RevolvingAccount {
        RevolvingAccount {
            id: "R1".into(),
            name: "花呗".into(),
            lender: String::new(),
            statement_balance: balance,
            statement_day: 1,
            due_day: 10,
            daily_rate: dec!(0.05),
            min_percent: dec!(10),
            min_floor: dec!(0),
            basis: crate::engine::revolving::InterestBasis::Remainder,
            line: None,
        }
    }

    /// The worked example of DOMAIN.md: 10,000 at 0.05 %/day over 6 months from Jan 31.
    pub fn worked_loan() -> Loan {
        Loan {
            id: "L1".into(),
            name: "借呗".into(),
            lender: "Ant".into(),
            method: Method::EqualInstallment,
            principal: dec!(10000),
            rate: Rate::Daily(dec!(0.05)),
            day_count: DayCount::Actual365,
            term: 6,
            start: date("2026-01-31"),
            fee_rate: Decimal::ZERO,
            penalty_rate: None,
            line: None,
            early_interest: EarlyInterest::AsScheduled,
            conventions: None,
            plan: None,
            entered: Default::default(),
        }
    }

    /// The worked loan's state on `as_of` (YYYY-MM-DD) with `payments` recorded.
    fn worked_state(payments: &[PaymentRecord], as_of: &str) -> LoanState {
        loan_state(&worked_loan(), payments, date(as_of)).unwrap()
    }

    fn paid(on: &str, amount: Decimal) -> PaymentRecord {
        PaymentRecord {
            id: 0,
            date: date(on),
            amount,
            loan: "L1".into(),
            kind: PaymentKind::Scheduled,
            mode: None,
        }
    }

    #[test]
    fn a_missed_installment_runs_penalty_per_day_on_its_principal() {
        let state = worked_state(&[], "2026-03-10");
        let first = &state.installments[0];
        assert_eq!((first.status, first.days_late), (Status::Overdue, 10));
        // 1,616.50 × 27.375 % × 10 / 365 (penalty rate 1.5 × 18.25 %).
        assert_eq!(first.unpaid_penalty, dec!(12.12));
        assert_eq!(first.outstanding(), dec!(1768.62));
        assert_eq!(state.installments[1].status, Status::Upcoming);
        assert_eq!(state.balance, dec!(10000));
    }

    #[test]
    fn a_late_payment_settles_penalty_interest_then_principal() {
        let late = [paid("2026-03-05", dec!(1762.56))];
        let state = worked_state(&late, "2026-03-10");
        let first = &state.installments[0];
        assert_eq!(
            (first.status, first.paid_penalty),
            (Status::Paid, dec!(6.06))
        );
        assert_eq!(state.balance, dec!(8383.50));
        assert_eq!(state.paid_count(), 1);

        // A partial payment: penalty 6.06, interest 140.00, then 853.94 of principal;
        // the remaining 762.56 runs penalty again from Mar 5 to Mar 10.
        let partial = [paid("2026-03-05", dec!(1000))];
        let state = worked_state(&partial, "2026-03-10");
        let first = &state.installments[0];
        assert_eq!(first.unpaid_principal, dec!(762.56));
        assert_eq!(first.unpaid_interest, dec!(0));
        assert_eq!(first.unpaid_penalty, dec!(2.86));
        assert_eq!(first.status, Status::Overdue);
    }

    #[test]
    fn payments_after_the_as_of_date_do_not_count() {
        let state = worked_state(&[paid("2026-02-28", dec!(1756.50))], "2026-02-27");
        assert_eq!(state.installments[0].status, Status::Upcoming);
        let state = worked_state(&[paid("2026-02-28", dec!(1756.50))], "2026-02-28");
        assert_eq!(state.installments[0].status, Status::Paid);
    }

    #[test]
    fn overpaying_installments_is_kept_as_credit() {
        let state = worked_state(&[paid("2026-02-28", dec!(20000))], "2026-12-01");
        assert!(state.installments.iter().all(|i| i.status == Status::Paid));
        assert_eq!(state.credit, dec!(20000) - dec!(10528.39));
        assert_eq!(state.balance, dec!(0));
    }

    #[test]
    fn split_pays_what_is_due_then_prepays_principal_with_its_interest() {
        let loan = worked_loan();
        let split = split_payment(
            &loan,
            &[],
            date("2026-03-10"),
            dec!(5000),
            PrepayMode::Reduce,
            Apply::Prepayment,
        )
        .unwrap();
        assert_eq!(split.towards_due, dec!(1768.62));
        // 3,231.38 left = X + X × 0.05 % × 10 days → X = 3,215.30, interest 16.08.
        assert_eq!(
            (split.prepaid_principal, split.prepaid_interest),
            (dec!(3215.30), dec!(16.08))
        );
        assert_eq!(split.records.len(), 2);
        let state = loan_state(&loan, &split.records, date("2026-03-10")).unwrap();
        assert_eq!(state.installments[0].status, Status::Paid);
        assert_eq!(state.balance, dec!(8383.50) - dec!(3215.30));
        // The prepayment row of the rebuilt schedule carries exactly that interest.
        let row = state
            .schedule
            .rows
            .iter()
            .find(|r| r.kind == crate::engine::schedule::RowKind::Prepayment)
            .unwrap();
        assert_eq!((row.principal, row.interest), (dec!(3215.30), dec!(16.08)));
    }

    fn split(loan: &Loan, history: &[PaymentRecord], on: &str, cash: Decimal) -> PaymentSplit {
        split_payment(
            loan,
            history,
            date(on),
            cash,
            PrepayMode::Shorten,
            Apply::Installments,
        )
        .unwrap()
    }

    #[test]
    fn paying_the_next_installment_days_early_settles_it_and_prepays_nothing() {
        let loan = worked_loan();
        let paid = split(&loan, &[], "2026-02-20", dec!(1756.50));
        assert_eq!(
            (
                paid.towards_due,
                paid.towards_upcoming,
                paid.prepaid_principal
            ),
            (dec!(0), dec!(1756.50), dec!(0))
        );
        // Past its due date it is paid, not overdue, and nothing runs penalty.
        let state = loan_state(&loan, &paid.records, date("2026-03-05")).unwrap();
        assert_eq!(state.installments[0].status, Status::Paid);
        assert_eq!(state.installments[0].settled_on, Some(date("2026-02-20")));
        assert_eq!(state.overdue().count(), 0);
        assert_eq!(state.balance, dec!(8383.50));
        // `--prepay` keeps the old meaning: all of it is principal, the installment stays due.
        let prepaid = split_payment(
            &loan,
            &[],
            date("2026-02-20"),
            dec!(1756.50),
            PrepayMode::Shorten,
            Apply::Prepayment,
        )
        .unwrap();
        assert_eq!(prepaid.towards_upcoming, dec!(0));
        assert!(prepaid.prepaid_principal > dec!(1700));
    }

    #[test]
    fn cash_beyond_the_next_installment_is_a_prepayment_that_adds_up() {
        let loan = worked_loan();
        let paid = split(&loan, &[], "2026-02-20", dec!(3000));
        assert!(paid.towards_upcoming >= dec!(1756.50), "{paid:?}");
        assert!(paid.prepaid_principal > dec!(1200), "{paid:?}");
        assert_eq!(
            paid.towards_upcoming + paid.prepaid_principal + paid.prepaid_interest,
            dec!(3000)
        );
        let state = loan_state(&loan, &paid.records, date("2026-03-05")).unwrap();
        assert_eq!(state.installments[0].status, Status::Paid);
        assert_eq!(
            state.balance,
            dec!(10000) - state.installments[0].principal - paid.prepaid_principal
        );
    }

    #[test]
    fn a_bullet_loans_whole_amount_is_accepted_before_maturity() {
        let loan = Loan {
            method: crate::engine::loan::Method::Bullet,
            principal: dec!(100),
            rate: Rate::Annual(dec!(5)),
            day_count: DayCount::Thirty360,
            term: 12,
            start: date("2026-01-15"),
            ..worked_loan()
        };
        // The form offers 105.00 (100 + 5 % for the year); a month early it settles the loan.
        assert_eq!(
            settles_next(&loan, &[], date("2026-12-10")).unwrap(),
            dec!(105)
        );
        let paid = split(&loan, &[], "2026-12-10", dec!(105));
        assert_eq!(paid.towards_upcoming, dec!(105));
        let state = loan_state(&loan, &paid.records, date("2027-02-01")).unwrap();
        assert_eq!((state.balance, state.credit), (dec!(0), dec!(0)));
        assert_eq!(state.installments[0].status, Status::Paid);
        let more = split_payment(
            &loan,
            &[],
            date("2026-12-10"),
            dec!(105.01),
            PrepayMode::Shorten,
            Apply::Installments,
        );
        assert_eq!(more.unwrap_err().field, Field::Amount);
    }

    #[test]
    fn interest_to_the_payment_date_charges_the_early_principal_no_more() {
        let loan = Loan {
            early_interest: EarlyInterest::ToPaymentDate,
            ..worked_loan()
        };
        // 1,616.50 of principal paid 10 days before Feb 28: 1,616.50 × 18.25 % × 10 / 365.
        let saving = dec!(8.08);
        let offered = settles_next(&loan, &[], date("2026-02-18")).unwrap();
        assert_eq!(offered, dec!(1756.50) - saving);
        let paid = split(&loan, &[], "2026-02-18", offered);
        assert_eq!(paid.prepaid_principal, dec!(0));
        let state = loan_state(&loan, &paid.records, date("2026-03-05")).unwrap();
        assert_eq!(state.installments[0].status, Status::Paid);
        assert_eq!(state.interest_paid(), dec!(140.00) - saving);
        // On the due date itself, the scheduled amount.
        assert_eq!(
            settles_next(&loan, &[], date("2026-02-28")).unwrap(),
            dec!(1756.50)
        );
    }

    /// The settled dates as they were found before the ledger recorded them: replay the
    /// ledger at each payment date and take the first at which the installment is paid.
    fn settled_by_replay(
        loan: &Loan,
        payments: &[&PaymentRecord],
        as_of: NaiveDate,
    ) -> Vec<Option<NaiveDate>> {
        let state = loan_state(loan, payments.iter().copied(), as_of).unwrap();
        let mut settled = vec![None; state.installments.len()];
        let mut dates: Vec<NaiveDate> = payments
            .iter()
            .map(|p| p.date)
            .filter(|d| *d <= as_of)
            .collect();
        dates.sort();
        dates.dedup();
        for date in dates {
            let then = loan_state(loan, payments.iter().copied(), date).unwrap();
            for (slot, inst) in settled.iter_mut().zip(&state.installments) {
                let paid_then = then
                    .installments
                    .iter()
                    .any(|i| i.period == inst.period && i.status == Status::Paid);
                if slot.is_none() && inst.status == Status::Paid && paid_then {
                    *slot = Some(date);
                }
            }
        }
        settled
    }

    #[test]
    fn settled_dates_are_those_found_by_replaying_at_each_payment_date() {
        let as_of = date("2026-11-23");
        let mut data = crate::generate::generate(300, 8, as_of);
        // The generator pays on time: pay some installments late, so that they run
        // penalty and are settled in parts, some after a prepayment.
        for (n, p) in data.payments.iter_mut().enumerate() {
            if p.kind == PaymentKind::Scheduled && n % 7 == 0 {
                p.date = p.date + chrono::Days::new(n as u64 % 45);
            }
        }
        let (mut paid, mut late) = (0, 0);
        for loan in &data.loans {
            let payments: Vec<&PaymentRecord> = data.payments_for(&loan.id).collect();
            let state = loan_state(loan, payments.iter().copied(), as_of).unwrap();
            let recorded: Vec<Option<NaiveDate>> =
                state.installments.iter().map(|i| i.settled_on).collect();
            assert_eq!(
                recorded,
                settled_by_replay(loan, &payments, as_of),
                "loan {}",
                loan.id
            );
            for inst in &state.installments {
                paid += usize::from(inst.status == Status::Paid);
                late += usize::from(inst.settled_on.is_some_and(|d| d > inst.due_date));
            }
        }
        // The store exercises what matters: many settled installments, some late.
        assert!(paid > 1000 && late > 10, "{paid} paid, {late} late");
    }

    #[test]
    fn split_refuses_more_than_is_owed() {
        let err = split_payment(
            &worked_loan(),
            &[],
            date("2026-02-28"),
            dec!(20000),
            PrepayMode::Shorten,
            Apply::Installments,
        )
        .unwrap_err();
        assert_eq!(err.field, Field::Amount);
        // The payoff is grouped as on screen; the amount stays as typed.
        assert_eq!(
            err.problem.to_string(),
            "20000.00 is more than is owed: 10,140.00 pays the loan off on 2026-02-28"
        );
        // Exactly the payoff amount is fine and clears the loan.
        let payoff = dec!(1756.50) + dec!(8383.50);
        let split = split_payment(
            &worked_loan(),
            &[],
            date("2026-02-28"),
            payoff,
            PrepayMode::Shorten,
            Apply::Prepayment,
        )
        .unwrap();
        let state = worked_state(&split.records, "2026-02-28");
        assert_eq!(state.balance, dec!(0));
    }

    #[test]
    fn payment_parts_add_up_to_the_cash_paid_and_what_the_balance_lost() {
        let as_of = date("2026-11-23");
        let data = crate::generate::generate(200, 9, as_of);
        let mut prepayments = 0;
        for loan in &data.loans {
            let payments: Vec<_> = data.payments_for(&loan.id).collect();
            let parts = payment_parts(loan, payments.iter().copied(), as_of).unwrap();
            let state = loan_state(loan, payments.iter().copied(), as_of).unwrap();
            let repaid: Decimal = parts.iter().map(|p| p.principal).sum();
            assert_eq!(loan.principal - repaid, state.balance, "{}", loan.id);
            let paid_penalty: Decimal = state.installments.iter().map(|i| i.paid_penalty).sum();
            assert_eq!(
                parts.iter().map(|p| p.penalty).sum::<Decimal>(),
                paid_penalty
            );
            let counted = payments.iter().filter(|p| p.date <= as_of);
            for (part, record) in parts.iter().zip(counted) {
                assert_eq!(part.date, record.date);
                let cash = match record.kind {
                    PaymentKind::Scheduled => record.amount,
                    PaymentKind::Prepayment => record.amount + part.interest,
                };
                assert_eq!(part.cash(), cash, "{} {part:?}", loan.id);
                prepayments += usize::from(part.kind == PaymentKind::Prepayment);
            }
        }
        // (Penalty paid is checked on a late payment below: generated payments are on time.)
        assert!(prepayments > 5, "{prepayments}");
    }

    #[test]
    fn a_late_payment_pays_penalty_then_interest_then_principal() {
        let paid = [PaymentRecord::scheduled(
            "L1",
            date("2026-03-10"),
            dec!(1000),
        )];
        let parts = payment_parts(&worked_loan(), &paid, date("2026-03-10")).unwrap();
        // DOMAIN.md: 10 days late on 1,616.50 at 27.375 % is 12.12 of penalty.
        assert_eq!(
            (parts[0].penalty, parts[0].interest, parts[0].principal),
            (dec!(12.12), dec!(140.00), dec!(847.88))
        );
    }
}
