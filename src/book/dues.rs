//! What is owed when: the minimum due for a month (每月最少还) across every loan and
//! revolving account, overdue installments and their penalty interest (罚息).
//!
//! A revolving account's latest statement is due on the first `due_day` after it was cut:
//! in the same month when the due day comes later in it (花呗: cut on the 1st, due on the
//! 10th), else in the next (a card cut on the 20th is due on the 8th of the next month).
//! An account's days are such that it falls due before the next cut
//! ([`crate::engine::revolving::due_before_next_cut`]), so each month has one due date.
//! Later months are projected by paying only the minimum; earlier statements are not
//! known (a statement is replaced when the next one arrives).

use crate::book::ledger::{self, Installment, LoanState, Status};
use crate::engine::field::Field;
use crate::engine::loan::{FieldError, add_months};
use crate::engine::revolving::RevolvingTerms;
use crate::engine::validate;
use crate::store::{Loan, PaymentRecord, RevolvingAccount, StoreData};
use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use rust_decimal::Decimal;
// Keyed by ids, tens of thousands of lookups an opening: a fast hash (no attacker here).
use foldhash::{HashMap, HashMapExt};
use std::fmt;
use std::str::FromStr;

/// A calendar month, `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    /// Calendar year.
    pub year: i32,
    /// Month 1–12.
    pub month: u32,
}

impl YearMonth {
    /// The month `date` falls in.
    pub fn of(date: NaiveDate) -> Self {
        Self {
            year: date.year(),
            month: date.month(),
        }
    }

    /// Its first day.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// Day `day` of this month, clamped to its last day.
    pub fn day(self, day: u32) -> NaiveDate {
        let last = add_months(self.first_day(), 1)
            .pred_opt()
            .unwrap_or(NaiveDate::MAX);
        self.first_day()
            .with_day(day.min(last.day()))
            .unwrap_or(last)
    }

    /// `n` months later.
    pub fn plus(self, n: u32) -> Self {
        Self::of(add_months(self.first_day(), n))
    }

    /// Whether `date` falls in this month.
    pub fn contains(self, date: NaiveDate) -> bool {
        Self::of(date) == self
    }

    /// Months from this one to the last supported (9999-12; 0 when this is it).
    pub fn months_to_last(self) -> usize {
        usize::try_from(self.months_until(Self::of(crate::engine::validate::MAX_DATE))).unwrap_or(0)
    }

    /// Whole months from `self` to `later` (negative when `later` is earlier).
    pub fn months_until(self, later: YearMonth) -> i32 {
        (later.year - self.year) * 12 + later.month as i32 - self.month as i32
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for YearMonth {
    type Err = crate::engine::error::Problem;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // The month's first day read as any date is (a four-digit year, so no
        // `-262143-01` nor `0000-01`).
        crate::engine::validate::date(Field::Month, &format!("{}-01", s.trim()))
            .map(Self::of)
            .map_err(|_| crate::engine::error::Form::Month.refuse(s))
    }
}

/// One line of the minimum due: an installment, or a revolving account's minimum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueItem {
    /// Loan or account id.
    pub loan: String,
    /// Its name.
    pub name: String,
    /// When it is (or was) due.
    pub due_date: NaiveDate,
    /// Principal part (unpaid, or what was due when paid).
    pub principal: Decimal,
    /// Interest part.
    pub interest: Decimal,
    /// Penalty interest to the as-of date.
    pub penalty: Decimal,
    /// Paid, overdue or upcoming.
    pub status: Status,
    /// Days past due.
    pub days_late: i64,
}

impl DueItem {
    /// principal + interest + penalty.
    pub fn amount(&self) -> Decimal {
        self.principal + self.interest + self.penalty
    }

    /// The earliest day it can still be paid: its due date, or `as_of` once overdue (what
    /// a reminder or a forecast dates it on).
    pub fn payable_on(&self, as_of: NaiveDate) -> NaiveDate {
        if self.status == Status::Overdue {
            as_of
        } else {
            self.due_date
        }
    }
}

/// The minimum due for a month: every item, and the total of the unpaid ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthDue {
    /// The month.
    pub month: YearMonth,
    /// The date penalties run to and statuses are judged on.
    pub as_of: NaiveDate,
    /// Items in due-date order.
    pub items: Vec<DueItem>,
}

impl MonthDue {
    /// Sum of the unpaid items' amounts: 每月最少还.
    pub fn total(&self) -> Decimal {
        self.items
            .iter()
            .filter(|i| i.status != Status::Paid)
            .map(DueItem::amount)
            .sum()
    }

    /// Unpaid items that fall due within the month itself (not carried from before).
    pub fn falling_due(&self) -> Decimal {
        self.items
            .iter()
            .filter(|i| i.status != Status::Paid && self.month.contains(i.due_date))
            .map(DueItem::amount)
            .sum()
    }

    /// The distinct dates the unpaid items fall due on.
    pub fn due_dates(&self) -> Vec<NaiveDate> {
        let mut dates: Vec<_> = self
            .items
            .iter()
            .filter(|i| i.status != Status::Paid)
            .map(|i| i.due_date)
            .collect();
        dates.dedup();
        dates
    }
}

/// Every loan's state on one as-of date, computed once and shared by every month's due,
/// the dashboard and the list (payments are grouped by loan and account in one pass, so
/// nothing scans the whole payment history per loan).
#[derive(Debug, Clone)]
pub struct Portfolio<'a> {
    data: &'a StoreData,
    as_of: NaiveDate,
    states: Vec<LoanState>,
    /// Each loan's and revolving account's payments, in store order.
    payments: HashMap<&'a str, Vec<&'a PaymentRecord>>,
}

impl<'a> Portfolio<'a> {
    /// Replay each loan's payments as of `as_of`.
    pub fn new(data: &'a StoreData, as_of: NaiveDate) -> Result<Self, FieldError> {
        let mut portfolio = Self::with_states(data, as_of, Vec::new());
        // Loans are independent: replay them on every core (order is kept).
        portfolio.states = data
            .loans
            .par_iter()
            .map(|loan| {
                let payments = portfolio.payments_of(&loan.id).iter().copied();
                ledger::loan_state(loan, payments, as_of)
            })
            .collect::<Result<_, _>>()?;
        Ok(portfolio)
    }

    /// The portfolio of `data` on `as_of` from its loans' `states` as [`Portfolio::new`]
    /// computed them (one per loan, in store order), e.g. kept from an earlier run.
    pub fn with_states(data: &'a StoreData, as_of: NaiveDate, states: Vec<LoanState>) -> Self {
        let mut payments: HashMap<&str, Vec<&PaymentRecord>> = HashMap::new();
        for payment in &data.payments {
            payments
                .entry(payment.loan.as_str())
                .or_default()
                .push(payment);
        }
        Self {
            data,
            as_of,
            states,
            payments,
        }
    }

    /// The payments recorded for one loan or account, in store order.
    pub fn payments_of(&self, id: &str) -> &[&'a PaymentRecord] {
        self.payments.get(id).map_or(&[], Vec::as_slice)
    }

    /// The store it was computed from.
    pub fn data(&self) -> &'a StoreData {
        self.data
    }

    /// The as-of date.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// Each loan with its state, in store order.
    pub fn loans(&self) -> impl Iterator<Item = (&'a Loan, &LoanState)> {
        self.data.loans.iter().zip(&self.states)
    }

    /// Each loan's state, in store order.
    pub fn states(&self) -> &[LoanState] {
        &self.states
    }

    /// The loans' states, in store order, for whoever keeps them.
    pub fn into_states(self) -> Vec<LoanState> {
        self.states
    }

    /// The minimum due in `month`: installments due in the month, everything overdue and
    /// unpaid (when the month is not in the past) with its penalty to the as-of date, and
    /// each revolving account's minimum payment.
    pub fn month_due(&self, month: YearMonth) -> MonthDue {
        let mut items = Vec::new();
        for (loan, state) in self.loans() {
            items.extend(loan_due_items(loan, state, month, self.as_of));
        }
        let payments = |id: &str| self.payments_of(id).iter().copied();
        with_revolving(&self.data.revolving, items, payments, month, self.as_of)
    }

    /// Everything unpaid that is overdue or falls due on or before `until`: each
    /// installment and revolving minimum once, in due-date order (so overdue first). What
    /// reminders, calendars and forecasts are made of.
    pub fn unpaid_until(&self, until: NaiveDate) -> Vec<DueItem> {
        // Loans end by the date cap; a card's minimums go on, but nothing is listed past
        // it (the calendar and the journals write four-digit years).
        let until = until.min(crate::engine::validate::MAX_DATE);
        let mut items: Vec<DueItem> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut month = YearMonth::of(self.as_of);
        while month.first_day() <= until {
            // A month carries what is still overdue: keep each item once.
            for item in self.month_due(month).items {
                if item.status != Status::Paid
                    && item.due_date <= until
                    && seen.insert((item.loan.clone(), item.due_date))
                {
                    items.push(item);
                }
            }
            month = month.plus(1);
        }
        items.sort_by(|a, b| (a.due_date, &a.loan).cmp(&(b.due_date, &b.loan)));
        items
    }

    /// `self.month_due(m).falling_due()` for months `m` from `from`, one for each of the
    /// loans' part of it, `loans` ([`Portfolio::loans_falling_due`], worked out once),
    /// without listing the items: what the dashboard charts for the months ahead.
    pub fn falling_due(&self, from: YearMonth, loans: Vec<Decimal>) -> Vec<Decimal> {
        let mut months = loans;
        let payments = |id: &str| self.payments_of(id).iter().copied();
        revolving_falling_due(self.data, payments, self.as_of, from, &mut months);
        months
    }

    /// The loans' part of [`Portfolio::falling_due`].
    pub fn loans_falling_due(&self, from: YearMonth, count: u32) -> Vec<Decimal> {
        let mut months = vec![Decimal::ZERO; count as usize];
        for state in &self.states {
            for (k, amount) in loan_falling_due(state, from, count) {
                months[k] += amount;
            }
        }
        months
    }

    /// The first day on or after the as-of date when something unpaid falls due: a
    /// loan's installment or an account's next minimum (what is overdue is counted apart).
    pub fn next_due_date(&self) -> Option<NaiveDate> {
        let installments = self.states.iter().filter_map(|state| {
            let unpaid = state
                .installments
                .iter()
                .filter(|i| i.status != Status::Paid);
            unpaid.map(|i| i.due_date).find(|d| *d >= self.as_of)
        });
        // An account's statement while it is still to pay, else (paid, or overdue) the
        // following one's, cut after the as-of date.
        let minimums = self.data.revolving.iter().filter_map(|account| {
            let now = self.account_now(account);
            match now.statement.filter(|i| i.status == Status::Upcoming) {
                Some(item) => Some(item.due_date),
                None => now.following.map(|(date, _)| date),
            }
        });
        installments.chain(minimums).min()
    }

    /// `account` as it stands on the as-of date.
    pub fn account_now(&self, account: &RevolvingAccount) -> AccountNow {
        AccountNow::of(
            account,
            self.payments_of(&account.id).iter().copied(),
            self.as_of,
        )
    }
}

/// One loan's items in [`Portfolio::month_due`]: its installments due in `month`, and
/// (when the month is not in the past) those overdue and unpaid.
pub fn loan_due_items<'s>(
    loan: &'s Loan,
    state: &'s LoanState,
    month: YearMonth,
    as_of: NaiveDate,
) -> impl Iterator<Item = DueItem> + 's {
    let rule = MonthDueRule::new(month, as_of);
    state.installments.iter().filter_map(move |inst| {
        if !rule.takes(inst.due_date, inst.status) {
            return None;
        }
        let [principal, interest, penalty] = due_amounts(inst);
        Some(DueItem {
            loan: loan.id.clone(),
            name: loan.name.clone(),
            due_date: inst.due_date,
            principal,
            interest,
            penalty,
            status: inst.status,
            days_late: inst.days_late,
        })
    })
}

/// Which installments are part of `month`'s due on `as_of`: those falling due in the
/// month, and those overdue when the month is not past. Worked out once for many, by day
/// numbers, so that a kept installment is passed over before its date is built.
#[derive(Debug, Clone, Copy)]
pub struct MonthDueRule {
    /// The month's first and last days, as days from CE.
    days: (i64, i64),
    overdue_too: bool,
}

impl MonthDueRule {
    pub fn new(month: YearMonth, as_of: NaiveDate) -> Self {
        let day = |date: NaiveDate| i64::from(date.num_days_from_ce());
        MonthDueRule {
            // `day` clamps 31 to the month's last day.
            days: (day(month.first_day()), day(month.day(31))),
            overdue_too: month >= YearMonth::of(as_of),
        }
    }

    /// Whether an installment due on `due_date` with `status` is part of the due.
    pub fn takes(&self, due_date: NaiveDate, status: Status) -> bool {
        self.takes_day(due_date.num_days_from_ce().into(), status)
    }

    /// The same for a due date given as days from CE.
    pub fn takes_day(&self, due_day: i64, status: Status) -> bool {
        (self.days.0..=self.days.1).contains(&due_day)
            || (self.overdue_too && status == Status::Overdue)
    }
}

/// The principal, interest and penalty an installment shows in a month's due: what was
/// paid once it is paid, else what is unpaid.
pub fn due_amounts(inst: &Installment) -> [Decimal; 3] {
    if inst.status == Status::Paid {
        [inst.principal, inst.interest, inst.paid_penalty]
    } else {
        [
            inst.unpaid_principal,
            inst.unpaid_interest,
            inst.unpaid_penalty,
        ]
    }
}

/// [`Portfolio::month_due`] from its loans' items (`items`, in store order): each
/// revolving account's minimum is added and everything put in due-date order.
fn with_revolving<'p, I: Iterator<Item = &'p PaymentRecord> + Clone>(
    revolving: &[RevolvingAccount],
    mut items: Vec<DueItem>,
    payments_of: impl Fn(&str) -> I,
    month: YearMonth,
    as_of: NaiveDate,
) -> MonthDue {
    for account in revolving {
        items.extend(revolving_item(
            account,
            payments_of(&account.id),
            month,
            as_of,
        ));
        items.extend(overdue_statement(
            account,
            payments_of(&account.id),
            month,
            as_of,
        ));
    }
    items.sort_by(|a, b| (a.due_date, &a.loan).cmp(&(b.due_date, &b.loan)));
    MonthDue {
        month,
        as_of,
        items,
    }
}

/// The revolving accounts' payments, by account in store order: all that their figures
/// read, for figures whose loans' part is kept (not every loan's payments gathered).
pub struct RevolvingPayments<'a>(HashMap<&'a str, Vec<&'a PaymentRecord>>);

impl<'a> RevolvingPayments<'a> {
    /// Gather the payments of `data`'s revolving accounts.
    pub fn new(data: &'a StoreData) -> Self {
        Self::gather(&data.revolving, &data.payments)
    }

    /// Gather the payments of `accounts` among `payments`.
    pub fn gather(accounts: &'a [RevolvingAccount], payments: &'a [PaymentRecord]) -> Self {
        let mut of: HashMap<&str, Vec<&PaymentRecord>> = accounts
            .iter()
            .map(|a| (a.id.as_str(), Vec::new()))
            .collect();
        for payment in payments {
            if let Some(of_account) = of.get_mut(payment.loan.as_str()) {
                of_account.push(payment);
            }
        }
        Self(of)
    }

    /// One account's payments.
    pub fn of(&self, id: &str) -> impl Iterator<Item = &'a PaymentRecord> + Clone + use<'_, 'a> {
        self.0.get(id).into_iter().flatten().copied()
    }

    /// `account` as it stands on `as_of`.
    pub fn now(&self, account: &RevolvingAccount, as_of: NaiveDate) -> AccountNow {
        let payments = self
            .0
            .get(account.id.as_str())
            .map_or(&[][..], Vec::as_slice);
        AccountNow::of(account, payments.iter().copied(), as_of)
    }
}

/// A revolving account as it stands on the as-of date: what is owed, and its latest
/// statement's minimum as the month that statement falls due lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountNow {
    /// The statement less payments since it was cut.
    pub balance: Decimal,
    /// The statement's due item (`None` when it asks for nothing).
    pub statement: Option<DueItem>,
    /// The day the statement falls due.
    pub due_date: NaiveDate,
    /// The following statement's due date and minimum as projected (`None`: it would
    /// ask nothing).
    pub following: Option<(NaiveDate, Decimal)>,
}

impl AccountNow {
    /// `account` with its `payments`.
    pub fn of<'a, P>(account: &RevolvingAccount, payments: P, as_of: NaiveDate) -> Self
    where
        P: IntoIterator<Item = &'a PaymentRecord> + Clone,
    {
        let projection = RevolvingProjection::new(account, payments.clone(), as_of);
        let following = projection
            .next_statement()
            .map(|next| (next.due_date(), next.minimum()))
            .filter(|(_, minimum)| !minimum.is_zero());
        Self {
            balance: balance_after(account, payments.clone(), as_of),
            statement: projection.due_item(account, payments, as_of),
            due_date: projection.due_date(),
            following,
        }
    }

    /// The next minimum still to pay and its due date: the statement's while it is
    /// unpaid, else the following one's (`None`: nothing is owed).
    pub fn next_due(&self) -> Option<(NaiveDate, Decimal)> {
        match &self.statement {
            Some(item) if item.status != Status::Paid => Some((item.due_date, item.amount())),
            _ => self.following,
        }
    }
}

/// [`Portfolio::month_due`] of a store with these `revolving` accounts (their
/// `payments`) from its loans' items (`items`, in store order, as [`loan_due_items`]
/// gives them) without holding every loan's state.
pub fn month_due_of_loan_items(
    revolving: &[RevolvingAccount],
    payments: &RevolvingPayments,
    items: Vec<DueItem>,
    month: YearMonth,
    as_of: NaiveDate,
) -> MonthDue {
    with_revolving(revolving, items, |id| payments.of(id), month, as_of)
}

/// Add the revolving accounts' part of [`Portfolio::falling_due`] to `months` (the
/// months from `from`), their `payments_of` each.
pub fn revolving_falling_due<'p, I: Iterator<Item = &'p PaymentRecord>>(
    data: &StoreData,
    payments_of: impl Fn(&str) -> I,
    as_of: NaiveDate,
    from: YearMonth,
    months: &mut [Decimal],
) {
    for account in &data.revolving {
        // One projection walked month by month (as `revolving_item` does for each).
        let mut projection = RevolvingProjection::new(account, payments_of(&account.id), as_of);
        let first = projection.month();
        let mut projected = 0;
        for (month, total) in (0..).map(|k| from.plus(k)).zip(months.iter_mut()) {
            let Ok(ahead) = u32::try_from(first.months_until(month)) else {
                continue;
            };
            while projected < ahead {
                projection.pay(projection.planned());
                projected += 1;
            }
            let item = projection.due_item(account, payments_of(&account.id), as_of);
            if let Some(item) = item
                && item.status != Status::Paid
                && month.contains(item.due_date)
            {
                *total += item.amount();
            }
        }
    }
}

/// One loan's part of [`Portfolio::falling_due`]: what is unpaid of each installment
/// due in the `count` months from `from`, with the month's offset from `from`.
pub fn loan_falling_due(
    state: &LoanState,
    from: YearMonth,
    count: u32,
) -> impl Iterator<Item = (usize, Decimal)> + '_ {
    state
        .installments
        .iter()
        .filter(|i| i.status != Status::Paid)
        .filter_map(move |installment| {
            let offset = from.months_until(YearMonth::of(installment.due_date));
            let k = usize::try_from(offset)
                .ok()
                .filter(|k| *k < count as usize)?;
            Some((k, installment.outstanding()))
        })
}

/// The minimum due in `month` as of `as_of` (see [`Portfolio::month_due`]).
pub fn minimum_due(
    data: &StoreData,
    month: YearMonth,
    as_of: NaiveDate,
) -> Result<MonthDue, FieldError> {
    Ok(Portfolio::new(data, as_of)?.month_due(month))
}

/// The day a statement cut on `cut` falls due (see the module's first lines).
pub fn statement_due_date(account: &RevolvingAccount, cut: NaiveDate) -> NaiveDate {
    let month = YearMonth::of(cut);
    let same_month = month.day(account.due_day);
    // No date exists past the last month: a statement cut in it is due in it.
    if same_month > cut || month.months_to_last() == 0 {
        same_month
    } else {
        month.plus(1).day(account.due_day)
    }
}

/// The day the latest statement on or before `as_of` was cut.
pub fn last_statement_date(account: &RevolvingAccount, as_of: NaiveDate) -> NaiveDate {
    let month = YearMonth::of(as_of);
    let this_month = month.day(account.statement_day);
    if this_month <= as_of {
        this_month
    } else {
        YearMonth::of(month.first_day().pred_opt().unwrap_or(NaiveDate::MIN))
            .day(account.statement_day)
    }
}

/// What is owed on a revolving account: its latest statement less payments made since
/// the statement was cut.
pub fn revolving_balance(
    data: &StoreData,
    account: &RevolvingAccount,
    as_of: NaiveDate,
) -> Decimal {
    balance_after(account, data.payments_for(&account.id), as_of)
}

/// [`revolving_balance`] from the account's own `payments`.
fn balance_after<'a>(
    account: &RevolvingAccount,
    payments: impl IntoIterator<Item = &'a PaymentRecord>,
    as_of: NaiveDate,
) -> Decimal {
    let cut = last_statement_date(account, as_of);
    let paid: Decimal = payments
        .into_iter()
        .filter(|p| p.date > cut && p.date <= as_of)
        .map(|p| p.amount)
        .sum();
    (account.statement_balance - paid).max(Decimal::ZERO)
}

fn revolving_item<'a>(
    account: &RevolvingAccount,
    payments: impl IntoIterator<Item = &'a PaymentRecord> + Clone,
    month: YearMonth,
    as_of: NaiveDate,
) -> Option<DueItem> {
    let mut projection = RevolvingProjection::new(account, payments.clone(), as_of);
    let ahead = u32::try_from(projection.month().months_until(month)).ok()?;
    for _ in 0..ahead {
        projection.pay(projection.planned());
    }
    projection.due_item(account, payments, as_of)
}

/// The latest statement's minimum when it fell due before the as-of month and is unpaid:
/// like an overdue installment it counts in `month` (the as-of month or later) until paid.
pub fn overdue_statement<'a>(
    account: &RevolvingAccount,
    payments: impl IntoIterator<Item = &'a PaymentRecord> + Clone,
    month: YearMonth,
    as_of: NaiveDate,
) -> Option<DueItem> {
    let projection = RevolvingProjection::new(account, payments.clone(), as_of);
    let current = YearMonth::of(as_of);
    if projection.month() >= current || month < current {
        return None;
    }
    projection
        .due_item(account, payments, as_of)
        .filter(|item| item.status == Status::Overdue)
}

/// A revolving account's latest statement paid down month by month from its due date
/// (last month, this month or next): the projection later months' minimum is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevolvingProjection {
    terms: RevolvingTerms,
    statement_day: u32,
    due_day: u32,
    /// The day the statement falling due in `month` was cut.
    cut: NaiveDate,
    month: YearMonth,
    balance: Decimal,
    /// Paid towards the first statement since its cut, up to the as-of date.
    paid: Decimal,
}

impl RevolvingProjection {
    /// The latest statement as of `as_of`, in the month it falls due, with the
    /// account's `payments` made since it was cut.
    pub fn new<'a>(
        account: &RevolvingAccount,
        payments: impl IntoIterator<Item = &'a PaymentRecord>,
        as_of: NaiveDate,
    ) -> Self {
        let cut = last_statement_date(account, as_of);
        Self {
            paid: account.statement_balance - balance_after(account, payments, as_of),
            terms: account.terms(),
            statement_day: account.statement_day,
            due_day: account.due_day,
            cut,
            month: YearMonth::of(statement_due_date(account, cut)),
            balance: account.statement_balance,
        }
    }

    /// The month whose due date comes next.
    pub fn month(&self) -> YearMonth {
        self.month
    }

    /// That month's due date.
    pub fn due_date(&self) -> NaiveDate {
        self.month.day(self.due_day)
    }

    /// What is owed on that due date.
    pub fn balance(&self) -> Decimal {
        self.balance
    }

    /// The minimum payment on that due date.
    pub fn minimum(&self) -> Decimal {
        self.terms.minimum_payment(self.balance)
    }

    /// The next month's projection after [`Self::planned`] is paid (`None` in December
    /// 9999: no later due date exists).
    pub fn next_statement(&self) -> Option<Self> {
        let mut next = self.clone();
        next.pay(next.planned());
        (self.month.months_to_last() > 0).then_some(next)
    }

    /// What was paid towards the first statement since its cut, up to the as-of date.
    pub fn paid(&self) -> Decimal {
        self.paid
    }

    /// What paying only the minimum pays on that due date: the minimum, or what was paid
    /// towards the statement since its cut when that is more (a card paid in full asks
    /// nothing next month). A payment made after the due date counts as made on it.
    pub fn planned(&self) -> Decimal {
        self.minimum().max(self.paid)
    }

    /// What paying `paid` on the due date would cost in interest by the next due date,
    /// and that date.
    pub fn interest_if(&self, paid: Decimal) -> (NaiveDate, Decimal) {
        let mut after = self.clone();
        let interest = after.pay(paid);
        (after.due_date(), interest)
    }

    /// Pay `paid` (capped at the balance) on the due date; interest runs to the next due
    /// date, which becomes current. Returns the interest charged.
    pub fn pay(&mut self, paid: Decimal) -> Decimal {
        let paid = paid.clamp(Decimal::ZERO, self.balance);
        let next = self.month.plus(1);
        let days = crate::engine::loan::days_between(self.due_date(), next.day(self.due_day));
        let left = self.balance - paid;
        let interest = self
            .terms
            .interest_after_due(self.balance, paid, days)
            .min((crate::engine::schedule::MAX_BALANCE - left).max(Decimal::ZERO));
        self.balance = left + interest;
        self.month = next;
        self.cut = YearMonth::of(self.cut).plus(1).day(self.statement_day);
        self.paid = Decimal::ZERO;
        interest
    }

    /// What `account` (whose projection this is) adds to this month's minimum due: its
    /// `payments` since the statement was cut, up to the due date and the as-of date,
    /// count towards it.
    pub fn due_item<'a>(
        &self,
        account: &RevolvingAccount,
        payments: impl IntoIterator<Item = &'a PaymentRecord>,
        as_of: NaiveDate,
    ) -> Option<DueItem> {
        let minimum = self.minimum();
        if minimum.is_zero() {
            return None;
        }
        let due_date = self.due_date();
        // Payments before the cut are in the statement's balance already; one after the
        // due date pays the minimum late, as it does an overdue installment.
        let paid: Decimal = payments
            .into_iter()
            .filter(|p| p.date > self.cut && p.date <= as_of)
            .map(|p| p.amount)
            .sum();
        let unpaid = (minimum - paid).max(Decimal::ZERO);
        let status = if unpaid.is_zero() {
            Status::Paid
        } else if as_of > due_date {
            Status::Overdue
        } else {
            Status::Upcoming
        };
        Some(DueItem {
            loan: account.id.clone(),
            name: account.name.clone(),
            due_date,
            principal: if status == Status::Paid {
                minimum
            } else {
                unpaid
            },
            interest: Decimal::ZERO,
            penalty: Decimal::ZERO,
            days_late: if status == Status::Overdue {
                crate::engine::loan::days_between(due_date, as_of)
            } else {
                0
            },
            status,
        })
    }
}

/// Checks a new payment of `amount` on `date` to the loan or revolving account `id`, as every way
/// in records one: above 0; on a loan, dated at most a year after its last due date (what
/// is owed on a loan is the ledger's to check, as it splits the cash); on an account,
/// not more than its balance that day.
pub fn new_payment(
    data: &StoreData,
    id: &str,
    date: NaiveDate,
    amount: Decimal,
) -> Result<(), validate::Invalid> {
    validate::positive_amount(Field::Amount, amount)?;
    if let Some(loan) = data.loan(id) {
        validate::payment_date(Field::Date, date, loan.terms().maturity())?;
    } else if let Some(account) = data.revolving.iter().find(|a| a.id == id) {
        let owed = revolving_balance(data, account, date);
        validate::payment(Field::Amount, amount, owed)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::ledger::tests::{huabei, worked_loan};
    use crate::engine::date;

    use crate::store::PaymentRecord;
    use rust_decimal_macros::dec;

    fn store() -> StoreData {
        StoreData {
            loans: vec![worked_loan()],
            ..StoreData::default()
        }
    }

    #[test]
    fn falling_due_is_what_the_month_due_says_without_listing_it() {
        let as_of = date("2026-11-23");
        let data = crate::generate::generate(300, 5, as_of);
        let portfolio = Portfolio::new(&data, as_of).unwrap();
        let past = YearMonth::of(date("2026-06-01"));
        let months = portfolio.falling_due(past, portfolio.loans_falling_due(past, 20));
        for (k, falling_due) in (0..20).zip(months) {
            let month = past.plus(k);
            let due = minimum_due(&data, month, as_of).unwrap();
            assert_eq!(falling_due, due.falling_due(), "{month}");
        }
        for account in &data.revolving {
            assert_eq!(
                portfolio.account_now(account).balance,
                revolving_balance(&data, account, as_of)
            );
        }
    }

    #[test]
    fn month_due_carries_the_missed_installment_with_its_penalty() {
        let due = minimum_due(&store(), "2026-03".parse().unwrap(), date("2026-03-10")).unwrap();
        let summary: Vec<_> = due
            .items
            .iter()
            .map(|i| (i.due_date.to_string(), i.amount(), i.penalty, i.status))
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "2026-02-28".into(),
                    dec!(1768.62),
                    dec!(12.12),
                    Status::Overdue
                ),
                (
                    "2026-03-31".into(),
                    dec!(1756.50),
                    dec!(0),
                    Status::Upcoming
                ),
            ]
        );
        assert_eq!(due.total(), dec!(3525.12));
    }

    #[test]
    fn a_paid_installment_is_listed_but_not_totalled() {
        let mut data = store();
        data.payments.push(PaymentRecord::scheduled(
            "L1",
            date("2026-02-28"),
            dec!(1756.50),
        ));
        let due = minimum_due(&data, "2026-02".parse().unwrap(), date("2026-03-01")).unwrap();
        assert_eq!(due.items.len(), 1);
        assert_eq!(
            (due.items[0].status, due.items[0].amount()),
            (Status::Paid, dec!(1756.50))
        );
        assert_eq!(due.total(), dec!(0));
        // A past month does not pick up what became overdue later.
        let due = minimum_due(&store(), "2026-02".parse().unwrap(), date("2026-04-01")).unwrap();
        assert_eq!(due.items.len(), 1);
    }

    #[test]
    fn revolving_minimum_joins_the_month_and_projects_forward() {
        let mut data = store();
        data.revolving.push(RevolvingAccount {
            lender: "Ant".into(),
            ..huabei(dec!(3000))
        });
        let march = minimum_due(&data, "2026-03".parse().unwrap(), date("2026-03-01")).unwrap();
        let card = march.items.iter().find(|i| i.loan == "R1").unwrap();
        assert_eq!(
            (card.due_date.to_string(), card.amount()),
            ("2026-03-10".into(), dec!(300.00))
        );
        // April: 2,700 left plus 31 days at 0.05 % (41.85), minimum 10 % of 2,741.85.
        let april = minimum_due(&data, "2026-04".parse().unwrap(), date("2026-03-01")).unwrap();
        let card = april.items.iter().find(|i| i.loan == "R1").unwrap();
        assert_eq!(card.amount(), dec!(274.19));
    }

    #[test]
    fn year_month_parses_and_clamps_days() {
        let m: YearMonth = "2026-02".parse().unwrap();
        assert_eq!(m.day(31).to_string(), "2026-02-28");
        assert_eq!(m.plus(11).to_string(), "2027-01");
        assert!("2026-13".parse::<YearMonth>().is_err());
    }

    #[test]
    fn interest_if_is_what_paying_that_much_costs_by_the_next_due_date() {
        let account = huabei(dec!(2350));
        let projection = RevolvingProjection::new(&account, [], date("2026-11-23"));
        // Nov 10 → Dec 10 is 30 days: the minimum 235.00 leaves 2,115 × 0.05 % × 30 =
        // 31.725 → 31.73; nothing paid, 2,350 × 0.05 % × 30 = 35.25.
        assert_eq!(
            projection.interest_if(dec!(235)),
            (date("2026-12-10"), dec!(31.73))
        );
        assert_eq!(
            projection.interest_if(dec!(0)),
            (date("2026-12-10"), dec!(35.25))
        );
        assert_eq!(projection.interest_if(dec!(2350)).1, dec!(0));
        assert_eq!(projection.due_date(), date("2026-11-10"), "unchanged");
    }
    #[test]
    fn every_statement_a_card_may_have_falls_due_before_the_next_cut() {
        for (statement_day, due_day) in (1..=31).flat_map(|s| (1..=31).map(move |d| (s, d))) {
            if !crate::engine::revolving::due_before_next_cut(statement_day, due_day) {
                continue;
            }
            let account = RevolvingAccount {
                statement_day,
                due_day,
                ..huabei(dec!(100000))
            };
            // From a leap year's January through the next year's: every month length.
            let mut projection = RevolvingProjection::new(&account, [], date("2028-01-31"));
            for k in 0..24 {
                let cut = YearMonth {
                    year: 2028,
                    month: 1,
                }
                .plus(k)
                .day(statement_day);
                let next_cut = YearMonth {
                    year: 2028,
                    month: 1,
                }
                .plus(k + 1)
                .day(statement_day);
                let due = statement_due_date(&account, cut);
                let case = format!("statement day {statement_day}, due day {due_day}, cut {cut}");
                assert!(cut < due && due < next_cut, "{case}: due {due}");
                if k > 0 {
                    projection.pay(projection.planned());
                }
                assert_eq!(projection.due_date(), due, "{case}: the projection");
            }
        }
    }

    #[test]
    fn a_statement_falls_due_on_the_first_due_day_after_its_cut() {
        let due = |statement_day, due_day, cut: &str| {
            let account = RevolvingAccount {
                statement_day,
                due_day,
                ..huabei(dec!(100))
            };
            let due = statement_due_date(&account, date(cut));
            let projection = RevolvingProjection::new(&account, [], date(cut));
            assert_eq!(projection.due_date(), due, "the projection's due date");
            due.to_string()
        };
        for (statement_day, due_day, cut, expected, why) in [
            (1, 10, "2026-12-01", "2026-12-10", "花呗: the same month"),
            (20, 8, "2026-12-20", "2027-01-08", "a card: the next month"),
            (27, 31, "2027-02-27", "2027-02-28", "a short month clamps"),
            (
                31,
                27,
                "2027-02-28",
                "2027-03-27",
                "a cut clamped to a short month",
            ),
            (20, 8, "9999-12-20", "9999-12-08", "no month past the last"),
        ] {
            assert_eq!(due(statement_day, due_day, cut), expected, "{why}");
        }
    }
}
