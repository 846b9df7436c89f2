//! The figures of the dashboard and `loandash list`, computed once per change of the
//! store: per-loan rows, this month's minimum due, the next months' dues, credit lines.

use crate::book::dues::{self, AccountNow, MonthDue, Portfolio, YearMonth};
use crate::book::kept::KeptSchedule;
use crate::book::ledger::{LoanState, Status};
use crate::book::lines;
use crate::engine::error::Problem;
use crate::engine::field::Field;
use crate::engine::loan::{FieldError, Method, Rate};
use crate::engine::schedule::Schedule;
use crate::store::{Loan, PaymentRecord, RevolvingAccount, StoreData, ends};
use chrono::NaiveDate;
use rayon::prelude::*;
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// How many months ahead the dashboard charts.
pub const MONTHS_AHEAD: u32 = 12;

/// One installment loan as the loans table shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoanRow {
    /// Store id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Lender.
    pub lender: String,
    /// Repayment method.
    pub method: Method,
    /// Rate as quoted.
    pub rate: Rate,
    /// Flat fee in percent per month (flat-fee plans; else zero).
    pub fee_rate: Decimal,
    /// Amount borrowed.
    pub principal: Decimal,
    /// Principal left.
    pub balance: Decimal,
    /// Installments fully paid.
    pub paid: usize,
    /// Installments in the schedule.
    pub total: usize,
    /// Next unpaid installment: due date and what settles it now.
    pub next_due: Option<(NaiveDate, Decimal)>,
    /// Installments overdue.
    pub overdue: usize,
    /// True annualized rate in percent, see [`LoanRow::apr`].
    apr: LazyApr,
    /// Interest paid so far, penalties excluded.
    pub interest_paid: Decimal,
    /// Penalty interest paid so far.
    pub penalty_paid: Decimal,
    /// Interest still to pay on the current schedule.
    pub interest_to_pay: Decimal,
    /// The last payment's date on the current schedule.
    pub payoff_date: NaiveDate,
}

impl LoanRow {
    /// True annualized rate in percent (worked out the first time it is asked for).
    pub fn apr(&self) -> Decimal {
        *self.apr.value.get_or_init(|| self.schedule().apr())
    }

    /// The loan's schedule as it is now.
    pub fn schedule(&self) -> &Schedule {
        self.apr.schedule()
    }
}

/// A loan's APR, solved for only when shown or sorted by: it is an IRR, by far the
/// dearest figure of a row, and a screen shows a few dozen loans of thousands.
#[derive(Debug, Clone)]
struct LazyApr {
    schedule: ScheduleOf,
    value: OnceLock<Decimal>,
}

/// A row's schedule: from the loan's replay, or decoded from the states kept beside a
/// large store when first asked for (a first frame shows a few dozen of thousands).
#[derive(Debug, Clone)]
enum ScheduleOf {
    Replayed(Schedule),
    Kept(KeptSchedule, OnceLock<Schedule>),
}

/// Equal when made from the same schedule, whether solved yet or not.
impl PartialEq for LazyApr {
    fn eq(&self, other: &Self) -> bool {
        self.schedule() == other.schedule()
    }
}

impl LazyApr {
    fn schedule(&self) -> &Schedule {
        match &self.schedule {
            ScheduleOf::Replayed(schedule) => schedule,
            ScheduleOf::Kept(kept, schedule) => schedule.get_or_init(|| kept.decode()),
        }
    }
}

impl Eq for LazyApr {}

/// One revolving account as the dashboard shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevolvingRow {
    /// Store id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Who runs the account (支付宝, the card's bank); may be empty.
    pub lender: String,
    /// Latest statement less payments since.
    pub balance: Decimal,
    /// The latest statement's minimum payment.
    pub minimum: Decimal,
    /// What is left of it to pay.
    pub unpaid: Decimal,
    /// The latest statement's due date.
    pub due_date: NaiveDate,
    /// The next minimum still to pay, as [`AccountNow::next_due`] says.
    pub next_due: Option<(NaiveDate, Decimal)>,
}

impl RevolvingRow {
    /// What a payment on it is offered at: what is left of the minimum, else the whole
    /// balance (paying in full stops the interest); `None` when nothing is owed.
    pub fn offered_payment(&self) -> Option<Decimal> {
        [self.unpaid, self.balance]
            .into_iter()
            .find(|amount| !amount.is_zero())
    }
}

/// A credit line and how much of it is drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineRow {
    /// Name.
    pub name: String,
    /// Lender.
    pub lender: String,
    /// Limit.
    pub limit: Decimal,
    /// Balances of the loans and statements drawn on it.
    pub used: Decimal,
}

impl LineRow {
    /// What is left to borrow.
    pub fn available(&self) -> Decimal {
        lines::available(self.limit, self.used)
    }
}

/// The earliest unpaid payment and what falls due with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextPayment {
    pub date: NaiveDate,
    /// Everything falling due that day.
    pub amount: Decimal,
    /// The loans and accounts it is for, by name.
    pub names: Vec<String>,
}

/// Everything the dashboard shows, for one as-of date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overview {
    /// The date it was computed for.
    pub as_of: NaiveDate,
    /// Installment loans, in store order.
    pub loans: Vec<LoanRow>,
    /// Revolving accounts, in store order.
    pub revolving: Vec<RevolvingRow>,
    /// Credit lines.
    pub lines: Vec<LineRow>,
    /// The as-of month's minimum due (每月最少还).
    pub this_month: MonthDue,
    /// Minimum due for this month and the next ones ([`MONTHS_AHEAD`] in all).
    pub months: Vec<(YearMonth, Decimal)>,
}

impl Overview {
    /// Solve every loan's APR now, on every core (before sorting or listing them all).
    pub fn solve_aprs(&self) {
        self.loans.par_iter().for_each(|row| {
            row.apr();
        });
    }

    /// Every loan's principal left plus every revolving balance.
    pub fn total_outstanding(&self) -> Decimal {
        self.loans.iter().map(|l| l.balance).sum::<Decimal>()
            + self.revolving.iter().map(|r| r.balance).sum::<Decimal>()
    }

    /// The earliest unpaid payment, overdue or upcoming, this month or later: its date,
    /// the total of everything falling due that day, and the names of what falls due.
    pub fn next_payment(&self) -> Option<NextPayment> {
        let unpaid: Vec<_> = self
            .this_month
            .items
            .iter()
            .filter(|i| i.status != Status::Paid)
            .collect();
        if let Some(first) = unpaid.iter().map(|i| i.due_date).min() {
            let due: Vec<_> = unpaid.iter().filter(|i| i.due_date == first).collect();
            let mut names: Vec<String> = due.iter().map(|i| i.name.clone()).collect();
            names.dedup();
            return Some(NextPayment {
                date: first,
                amount: due.iter().map(|i| i.amount()).sum(),
                names,
            });
        }
        // Nothing left this month: the loans' next installments and the accounts' next
        // minimums.
        let next = || {
            let loans = (self.loans.iter()).filter_map(|l| Some((&l.name, l.next_due?)));
            loans.chain((self.revolving.iter()).filter_map(|r| Some((&r.name, r.next_due?))))
        };
        let first = next().map(|(_, (date, _))| date).min()?;
        let due = || next().filter(|(_, (d, _))| *d == first);
        Some(NextPayment {
            date: first,
            amount: due().map(|(_, (_, a))| a).sum(),
            names: due().map(|(name, _)| name.clone()).collect(),
        })
    }

    /// What is left to borrow on every line, summed: each line's own, so a line drawn
    /// past its limit adds nothing rather than eating another line's room.
    pub fn available(&self) -> Decimal {
        self.lines.iter().map(LineRow::available).sum()
    }

    /// Sum of the credit lines' limits and of what is drawn on them.
    pub fn credit(&self) -> (Decimal, Decimal) {
        let limit = self.lines.iter().map(|l| l.limit).sum();
        let used = self.lines.iter().map(|l| l.used).sum();
        (limit, used)
    }

    /// Items overdue now: installments and revolving minimums.
    pub fn overdue_count(&self) -> usize {
        self.this_month
            .items
            .iter()
            .filter(|i| i.status == Status::Overdue)
            .count()
    }
}

/// A loan whose figures changed between two versions of a store: its index (the same
/// in both) and its state before and after.
#[derive(Debug)]
pub struct ChangedLoan {
    pub index: usize,
    pub before: LoanState,
    pub after: LoanState,
}

/// The loans whose figures may differ between `old` and `new` (indices into both), when
/// only loans and their payments changed: the same loans in the same order, the same
/// revolving accounts, lines and profile, no revolving payment touched. `None` when
/// anything else changed: then every figure is computed again.
pub fn changed_loans(old: &StoreData, new: &StoreData) -> Option<Vec<usize>> {
    let same_shape = old.loans.len() == new.loans.len()
        && old.revolving == new.revolving
        && old.lines == new.lines
        && old.profile == new.profile
        && old.loans.iter().zip(&new.loans).all(|(a, b)| a.id == b.id);
    if !same_shape {
        return None;
    }
    // Payments outside the part between the common head and tail keep their order, so
    // only the accounts paid in that part can have other payments.
    let (a, b) = (&old.payments, &new.payments);
    let (in_a, in_b) = ends::difference(a, b);
    let paid: HashSet<&str> = (a[in_a].iter())
        .chain(&b[in_b])
        .map(|p| p.loan.as_str())
        .collect();
    if old.revolving.iter().any(|r| paid.contains(r.id.as_str())) {
        return None;
    }
    Some(
        (old.loans.iter().zip(&new.loans).enumerate())
            .filter(|(_, (a, b))| a != b || paid.contains(a.id.as_str()))
            .map(|(i, _)| i)
            .collect(),
    )
}

impl Overview {
    /// The overview of `data` after the loans in `changed` changed as they say (see
    /// [`changed_loans`]): equal to computing it again, at the cost of those loans.
    pub fn patch(&mut self, data: &StoreData, changed: Vec<ChangedLoan>) {
        let month = YearMonth::of(self.as_of);
        let ids: HashSet<&str> = changed
            .iter()
            .map(|c| data.loans[c.index].id.as_str())
            .collect();
        let items = &mut self.this_month.items;
        items.retain(|i| !ids.contains(i.loan.as_str()));
        for c in &changed {
            let loan = &data.loans[c.index];
            items.extend(dues::loan_due_items(loan, &c.after, month, self.as_of));
        }
        // As `Portfolio::month_due` sorts: a loan's own items keep their order.
        items.sort_by(|a, b| (a.due_date, &a.loan).cmp(&(b.due_date, &b.loan)));
        self.months[0].1 = self.this_month.total();
        let ahead = &mut self.months[1..];
        let count = u32::try_from(ahead.len()).unwrap_or(0);
        for c in changed {
            for (k, amount) in dues::loan_falling_due(&c.before, month.plus(1), count) {
                ahead[k].1 -= amount;
            }
            for (k, amount) in dues::loan_falling_due(&c.after, month.plus(1), count) {
                ahead[k].1 += amount;
            }
            self.loans[c.index] = loan_row(&data.loans[c.index], c.after);
        }
        let used_by_line = lines::drawn_by_line(
            data,
            self.loans.iter().map(|r| r.balance),
            self.revolving.iter().map(|r| r.balance),
        );
        for (line, used) in self.lines.iter_mut().zip(used_by_line) {
            line.used = used;
        }
    }
}

/// What each credit line has left to borrow on `as_of`, by name.
pub fn line_room(
    data: &StoreData,
    as_of: NaiveDate,
) -> Result<HashMap<String, Decimal>, FieldError> {
    let lines = overview(data, as_of)?.lines;
    Ok(lines
        .into_iter()
        .map(|l| (l.available(), l.name))
        .map(|(a, n)| (n, a))
        .collect())
}

/// What `loan`, with `paid` (its payments), owes on `as_of`: all of it when it starts later.
pub fn owed_on(
    loan: &Loan,
    paid: &[PaymentRecord],
    as_of: NaiveDate,
) -> Result<Decimal, FieldError> {
    match loan.start > as_of {
        true => Ok(loan.principal),
        false => Ok(crate::book::ledger::loan_state(loan, paid, as_of)?.balance),
    }
}

/// `drawn` on `line` within what it has `available`: a lender lends no more than the limit
/// left, so a loan past it is refused on its principal.
pub fn within_room(drawn: Decimal, line: &str, available: Decimal) -> Result<(), FieldError> {
    match drawn > available {
        true => Err(FieldError::typed(
            Field::Principal,
            Problem::AboveAvailable {
                drawn,
                line: line.to_string(),
                available,
            },
        )),
        false => Ok(()),
    }
}

/// Whether `loan`, with `paid` (its payments, recorded or about to be), fits on its credit
/// line on `as_of`: what it owes then is at most what the line has available without it.
/// A loan on no line, or on one the store lacks (refused elsewhere), is not checked.
pub fn check_line_room(
    data: &StoreData,
    loan: &Loan,
    paid: &[PaymentRecord],
    as_of: NaiveDate,
) -> Result<(), FieldError> {
    let Some(line) = loan.line.as_deref() else {
        return Ok(());
    };
    let mut others = data.clone();
    others.loans.retain(|l| l.id != loan.id);
    others.payments.retain(|p| p.loan != loan.id);
    match line_room(&others, as_of)?.get(line) {
        Some(available) => within_room(owed_on(loan, paid, as_of)?, line, *available),
        None => Ok(()),
    }
}

/// Compute the overview of `data` on `as_of`.
pub fn overview(data: &StoreData, as_of: NaiveDate) -> Result<Overview, FieldError> {
    Ok(overview_of(Portfolio::new(data, as_of)?))
}

/// The overview of a portfolio already replayed (so the limit projection can read it
/// first); the loans' schedules move into the rows for their APR.
pub fn overview_of(portfolio: Portfolio) -> Overview {
    let next = YearMonth::of(portfolio.as_of()).plus(1);
    let loans_ahead = portfolio.loans_falling_due(next, MONTHS_AHEAD - 1);
    overview_with_loans_ahead(portfolio, loans_ahead)
}

/// [`overview_of`] with the loans' part of the months after this one worked out already
/// ([`Portfolio::loans_falling_due`] from next month, as the summary keeps it).
pub fn overview_with_loans_ahead(portfolio: Portfolio, loans_ahead: Vec<Decimal>) -> Overview {
    let (data, as_of) = (portfolio.data(), portfolio.as_of());
    let month = YearMonth::of(as_of);
    let this_month = portfolio.month_due(month);
    // What is overdue counts once, in this month; later months show what falls due in them.
    let ahead = portfolio.falling_due(month.plus(1), loans_ahead);
    let accounts = (data.revolving.iter())
        .map(|a| portfolio.account_now(a))
        .collect();
    let loans: Vec<LoanRow> = data
        .loans
        .par_iter()
        .zip(portfolio.into_states())
        .map(|(loan, state)| loan_row(loan, state))
        .collect();
    assemble(data, loans, this_month, ahead, accounts)
}

/// The overview of `data` from its parts: the loans' rows, this month's due, what falls
/// due in each month after it, and each revolving account as it stands.
pub fn assemble(
    data: &StoreData,
    loans: Vec<LoanRow>,
    this_month: MonthDue,
    ahead: Vec<Decimal>,
    accounts: Vec<AccountNow>,
) -> Overview {
    let (month, as_of) = (this_month.month, this_month.as_of);
    let months = std::iter::once((month, this_month.total()))
        .chain((1..MONTHS_AHEAD).map(|k| month.plus(k)).zip(ahead))
        .collect();
    let revolving: Vec<RevolvingRow> = (data.revolving.iter())
        .zip(accounts)
        .map(|(a, now)| revolving_row(a, now))
        .collect();
    let used_by_line = lines::drawn_by_line(
        data,
        loans.iter().map(|r| r.balance),
        revolving.iter().map(|r| r.balance),
    );
    let lines = (data.lines.iter())
        .zip(used_by_line)
        .map(|(l, used)| LineRow {
            name: l.name.clone(),
            lender: l.lender.clone(),
            limit: l.limit,
            used,
        })
        .collect();
    Overview {
        as_of,
        loans,
        revolving,
        lines,
        this_month,
        months,
    }
}

/// What a loan's row shows of its state but its schedule: what is kept of it beside a
/// large store (see [`LoanRow`] for each figure).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowFigures {
    pub balance: Decimal,
    pub paid: usize,
    pub total: usize,
    pub next_due: Option<(NaiveDate, Decimal)>,
    pub overdue: usize,
    pub interest_paid: Decimal,
    pub penalty_paid: Decimal,
    pub interest_to_pay: Decimal,
    pub payoff_date: NaiveDate,
}

impl RowFigures {
    /// The figures of a loan in `state`.
    pub fn of(state: &LoanState) -> Self {
        let interest_paid = state.interest_paid();
        RowFigures {
            balance: state.balance,
            paid: state.paid_count(),
            total: state.installments.len(),
            next_due: state.next_unpaid().map(|i| (i.due_date, i.outstanding())),
            overdue: state.overdue().count(),
            interest_paid,
            penalty_paid: state.penalty_paid(),
            interest_to_pay: state.schedule.totals().interest - interest_paid,
            payoff_date: state.schedule.payoff_date(),
        }
    }
}

impl LoanRow {
    /// `loan`'s row from its kept `figures`, its schedule decoded from `kept` when asked for.
    pub fn kept(loan: &Loan, figures: RowFigures, kept: KeptSchedule) -> Self {
        Self::with(loan, figures, ScheduleOf::Kept(kept, OnceLock::new()))
    }

    fn with(loan: &Loan, figures: RowFigures, schedule: ScheduleOf) -> Self {
        LoanRow {
            id: loan.id.clone(),
            name: loan.name.clone(),
            lender: loan.lender.clone(),
            method: loan.method,
            rate: loan.rate,
            fee_rate: loan.fee_rate,
            principal: loan.principal,
            balance: figures.balance,
            paid: figures.paid,
            total: figures.total,
            next_due: figures.next_due,
            overdue: figures.overdue,
            interest_paid: figures.interest_paid,
            penalty_paid: figures.penalty_paid,
            interest_to_pay: figures.interest_to_pay,
            payoff_date: figures.payoff_date,
            apr: LazyApr {
                schedule,
                value: OnceLock::new(),
            },
        }
    }
}

fn loan_row(loan: &Loan, state: LoanState) -> LoanRow {
    let figures = RowFigures::of(&state);
    LoanRow::with(loan, figures, ScheduleOf::Replayed(state.schedule))
}

fn revolving_row(account: &RevolvingAccount, now: AccountNow) -> RevolvingRow {
    let item = now.statement.as_ref();
    RevolvingRow {
        id: account.id.clone(),
        name: account.name.clone(),
        lender: account.lender.clone(),
        balance: now.balance,
        minimum: account.terms().minimum_payment(account.statement_balance),
        unpaid: item
            .filter(|i| i.status != Status::Paid)
            .map_or(Decimal::ZERO, |i| i.amount()),
        due_date: now.due_date,
        next_due: now.next_due(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    /// Line A drawn 500 past its limit, line B untouched: 1,000 is left to borrow (B's),
    /// not the 500 that the summed limit less the summed use would say.
    #[test]
    fn an_overdrawn_line_leaves_the_others_room_available() {
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut overview = overview(&crate::demo::demo_store(as_of), as_of).unwrap();
        let line = |name: &str, used| LineRow {
            name: name.into(),
            lender: String::new(),
            limit: dec!(1000),
            used,
        };
        overview.lines = vec![line("A", dec!(1500)), line("B", dec!(0))];
        assert_eq!(overview.available(), dec!(1000));
        assert_eq!(overview.credit(), (dec!(2000), dec!(1500)));
    }
}
