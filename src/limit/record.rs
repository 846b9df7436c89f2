//! The store's record on its as-of date as the projection reads it: balances,
//! schedules, late payments and what is owed month by month.

use super::model::*;
use crate::book::dues::{self, Portfolio, YearMonth};
use crate::book::ledger::{LoanState, Status};
use crate::book::lines;
use crate::engine::loan::add_months;
use crate::engine::schedule::Schedule;
use crate::store::cache::{Decoder, Encoder};
use crate::store::{Loan, PaymentRecord, StoreData};
use chrono::{Months, NaiveDate};
use rayon::prelude::*;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

/// A loan on the as-of date: what a projection reads of it.
#[derive(Debug, Clone)]
pub(crate) struct LoanRecord {
    /// Principal not yet repaid.
    pub(super) balance: Decimal,
    pub(super) start: NaiveDate,
    pub(super) principal: Decimal,
    /// Periods of the installments due from the as-of date on and already paid.
    pub(super) paid_ahead: Vec<u32>,
    /// The first installment due from the as-of date on and not paid.
    pub(super) next_due: Option<NaiveDate>,
    /// `(date, balance after)` of the schedule's rows from the last on or before the
    /// score date to [`MAX_MONTHS`] after the as-of date: all a projection reads of them.
    pub(super) rows: Vec<(NaiveDate, Decimal)>,
    /// Installments due before the as-of date and settled late (or not yet), with
    /// their principal: owed past their due date until settled.
    pub(super) behind: Vec<(DueEvent, Decimal)>,
    /// The line it is drawn on (see [`Record::slot`]).
    pub(super) line: Option<usize>,
}

/// How many dates' balances [`Record::owed_on_each`] holds at a time.
const DATES_AT_ONCE: usize = 13;

/// A revolving account on the as-of date.
#[derive(Debug, Clone)]
pub(super) struct RevolvingRecord {
    pub(super) balance: Decimal,
    pub(super) next_due: NaiveDate,
    pub(super) line: Option<usize>,
}

/// A payment falling due, and the day it is (or is assumed) settled.
#[derive(Debug, Clone, Copy)]
pub(super) struct DueEvent {
    pub(super) due: NaiveDate,
    pub(super) settled: NaiveDate,
}

/// What is owed on one date: on each line (by [`Record::slot`]) and in all.
#[derive(Debug, Clone)]
pub(super) struct Owed {
    pub(super) lines: Vec<Decimal>,
    pub(super) total: Decimal,
}

impl Owed {
    /// Move `amount` onto `line` (and the total): one balance's part of what
    /// [`lines::drawn_by_slot`] sums, where a loan's balance changes.
    pub(super) fn add(&mut self, line: Option<usize>, amount: Decimal) {
        self.total += amount;
        if let Some(slot) = line.and_then(|s| self.lines.get_mut(s)) {
            *slot += amount;
        }
    }
}

/// The store's record on its as-of date as the limit projection reads it: each loan's
/// balance, schedule and late payments, and each revolving account's balance. Read it
/// once per store change and share it between every line's [`Projector`]; it belongs
/// to the store it was read from.
#[derive(Debug, Clone)]
pub struct Record {
    pub(super) as_of: NaiveDate,
    /// The day the profile's score was read, at the latest the as-of date (see
    /// [`score_date`]).
    pub(super) score_date: NaiveDate,
    /// The store's lines' names, in store order.
    pub(super) lines: Vec<String>,
    /// One per loan, in store order.
    pub(super) loans: Vec<LoanRecord>,
    /// The loans' payments, grouped when a scenario first prepays one.
    pub(super) payments: OnceLock<Grouped>,
    /// One per revolving account, in store order.
    pub(super) revolving: Vec<RevolvingRecord>,
    /// Revolving minimums settled after their due date, or to be (those unpaid past due
    /// are settled tomorrow in every scenario); payments on time never move the score.
    /// The loans' are their [`LoanRecord::behind`] (see [`Record::late`]).
    pub(super) revolving_late: Vec<DueEvent>,
    /// Every loan's start, earliest first.
    pub(super) starts: Vec<NaiveDate>,
    /// Each line's latest loan (the last to start latest), whose terms a scenario's
    /// borrowing copies.
    pub(super) latest: Vec<Option<usize>>,
    /// What is owed each month from the as-of date without a scenario, computed when
    /// first asked for (every line and scenario starts from it).
    pub(super) owed: Vec<OnceLock<Owed>>,
    /// What was owed on the days asked of [`Record::owed_on`] (the score date, the last
    /// review), as each was first asked for: every line's projection reads the same days.
    pub(super) owed_before: Before,
    /// [`Record::late`]'s events, gathered when first asked for (each month of each
    /// projection reads them all).
    pub(super) late: OnceLock<Vec<DueEvent>>,
}

/// What [`Record::owed_on`] gave for each day asked, in the order asked.
#[derive(Debug, Default)]
pub(super) struct Before(std::sync::Mutex<Vec<(NaiveDate, Owed)>>);

impl Clone for Before {
    fn clone(&self) -> Self {
        Self(std::sync::Mutex::new(self.lock().clone()))
    }
}

impl Before {
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<(NaiveDate, Owed)>> {
        // A panic while holding it left it whole (a push is the only change).
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Record {
    /// The record of the portfolio's store on its as-of date.
    pub fn new(portfolio: &Portfolio) -> Self {
        let data = portfolio.data();
        let as_of = portfolio.as_of();
        let anchor = score_date(data, as_of);
        let lines = line_names(data);
        // Loans are independent: read them on every core (order is kept).
        let loans: Vec<LoanRecord> = data
            .loans
            .par_iter()
            .zip(portfolio.states())
            .map(|(loan, state)| LoanRecord::new(loan, state, as_of, anchor, &lines))
            .collect();
        Self::with_loans(data, as_of, loans)
    }

    /// The record of `data` on `as_of` from its `loans`' records (as [`Record::new`]
    /// reads them, e.g. kept beside a large store).
    pub(crate) fn with_loans(data: &StoreData, as_of: NaiveDate, loans: Vec<LoanRecord>) -> Self {
        let tomorrow = as_of.succ_opt().unwrap_or(as_of);
        let anchor = score_date(data, as_of);
        let lines = line_names(data);
        let mut late = Vec::new();
        let month = YearMonth::of(as_of);
        // Only payments since last month can count towards this month's minimum.
        let since = months_before(month.first_day(), 1);
        let ids: HashMap<&str, usize> = (data.revolving.iter().enumerate())
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        let mut recent: Vec<Vec<&PaymentRecord>> = vec![Vec::new(); data.revolving.len()];
        for p in data
            .payments
            .iter()
            .filter(|p| p.date >= since && p.date <= as_of)
        {
            if let Some(&i) = ids.get(p.loan.as_str()) {
                recent[i].push(p);
            }
        }
        let revolving = data
            .revolving
            .iter()
            .zip(recent)
            .map(|(account, recent)| {
                // The latest statement's minimum, as the month it falls due lists it.
                let now = dues::AccountNow::of(account, recent, as_of);
                let item = now.statement.as_ref();
                if let Some(item) = item.filter(|i| i.status == Status::Overdue) {
                    late.push(DueEvent {
                        due: item.due_date,
                        settled: tomorrow,
                    });
                }
                let open = item.is_some_and(|i| i.status == Status::Upcoming);
                RevolvingRecord {
                    balance: now.balance,
                    next_due: if open {
                        now.due_date
                    } else {
                        YearMonth::of(now.due_date).plus(1).day(account.due_day)
                    },
                    line: slot(&lines, account.line.as_deref()),
                }
            })
            .collect();
        let (starts, latest) = starts_and_latest(data, &loans, lines.len());
        Self {
            as_of,
            score_date: anchor,
            lines,
            loans,
            revolving,
            revolving_late: late,
            starts,
            latest,
            owed: (0..=MAX_MONTHS).map(|_| OnceLock::new()).collect(),
            owed_before: Before::default(),
            late: OnceLock::new(),
            payments: OnceLock::new(),
        }
    }

    /// The record of `data` after only the loans in `changed` changed (index and state
    /// after, see [`crate::book::overview::changed_loans`]): equal to reading it again.
    /// `schedule(i)` is loan `i`'s schedule, read again by every loan when the score
    /// date moved (a payment is the store's latest change).
    pub fn patch<'s>(
        &mut self,
        data: &StoreData,
        changed: &[(usize, &LoanState)],
        schedule: impl Fn(usize) -> &'s Schedule + Sync,
    ) {
        let anchor = score_date(data, self.as_of);
        if anchor != self.score_date {
            self.score_date = anchor;
            let as_of = self.as_of;
            self.loans
                .par_iter_mut()
                .enumerate()
                .for_each(|(i, loan)| loan.rows = rows_read(schedule(i), anchor, as_of));
        }
        let as_of = self.as_of;
        for &(i, state) in changed {
            let new = LoanRecord::new(&data.loans[i], state, as_of, anchor, &self.lines);
            let old = std::mem::replace(&mut self.loans[i], new);
            let new = &self.loans[i];
            // What is owed from the as-of date on, where worked out already, changes by
            // this loan's part (the rows it reads do not depend on the score date).
            for (m, cell) in (0u32..).zip(&mut self.owed) {
                if let Some(owed) = cell.get_mut() {
                    let date = add_months(as_of, m);
                    owed.add(old.line, -old.balance_on(&old.rows, date, as_of));
                    owed.add(new.line, new.balance_on(&new.rows, date, as_of));
                }
            }
        }
        (self.starts, self.latest) = starts_and_latest(data, &self.loans, self.lines.len());
        self.payments = OnceLock::new();
        self.owed_before = Before::default();
        self.late = OnceLock::new();
    }

    /// Payments settled after their due date, or to be: the loans' installments, then
    /// the revolving accounts' minimums.
    pub(super) fn late(&self) -> &[DueEvent] {
        self.late.get_or_init(|| {
            (self.loans.iter())
                .flat_map(|l| l.behind.iter().map(|(event, _)| *event))
                .chain(self.revolving_late.iter().copied())
                .collect()
        })
    }

    /// Loan `i`'s payments up to the as-of date, in store order.
    pub(super) fn payments_of<'d>(
        &self,
        data: &'d StoreData,
        i: usize,
    ) -> impl Iterator<Item = &'d PaymentRecord> {
        let grouped = self.payments.get_or_init(|| Grouped::new(data, self.as_of));
        let range = grouped.ranges.get(i).cloned().unwrap_or_default();
        grouped.indices[range].iter().map(|&n| &data.payments[n])
    }

    /// The day the profile's score was read, at the latest the as-of date.
    pub fn score_date(&self) -> NaiveDate {
        self.score_date
    }

    /// What is owed on `date` without a scenario: before the as-of date, balances as
    /// scheduled plus what was past due then; after it, as scheduled. Revolving
    /// balances stay today's (the store keeps no other statement).
    pub(super) fn owed_on(&self, date: NaiveDate) -> Owed {
        if let Some((_, owed)) = self.owed_before.lock().iter().find(|(d, _)| *d == date) {
            return owed.clone();
        }
        let owed = self.owed_on_each(&[date]).pop().expect("one date, one sum");
        self.owed_before.lock().push((date, owed.clone()));
        owed
    }

    /// [`Record::owed_on`] each of `dates`. Each loan's balances on all of them are read
    /// first, loan by loan: a loan's schedule is read once for all the dates (read again
    /// for each date, 10,000 loans' schedules out of the cache each time, it was a sixth
    /// of the dashboard's first frame). Each date's sums then add the same balances in
    /// the same order as that date alone. The balances are held for [`DATES_AT_ONCE`]
    /// dates at a time: for all of 121 months they were 39 MB on 10,000 loans.
    fn owed_on_each(&self, dates: &[NaiveDate]) -> Vec<Owed> {
        (dates.chunks(DATES_AT_ONCE))
            .flat_map(|dates| self.owed_on_block(dates))
            .collect()
    }

    /// [`Record::owed_on_each`] of a few `dates`.
    fn owed_on_block(&self, dates: &[NaiveDate]) -> Vec<Owed> {
        let on = |l: &LoanRecord, date| (l.line, l.balance_on(&l.rows, date, self.as_of));
        let balances: Vec<(Option<usize>, Decimal)> = (self.loans.iter())
            .flat_map(|l| dates.iter().map(move |&date| on(l, date)))
            .collect();
        (0..dates.len())
            .map(|k| {
                let loans = balances.iter().skip(k).step_by(dates.len()).copied();
                let accounts = self.revolving.iter().map(|a| (a.line, a.balance));
                let mut total = Decimal::ZERO;
                let balances = loans.chain(accounts).inspect(|(_, b)| total += b);
                let lines = lines::drawn_by_slot(self.lines.len(), balances);
                Owed { lines, total }
            })
            .collect()
    }

    /// Where a line's balances are summed (see [`slot`]).
    pub(super) fn slot(&self, line: &str) -> Option<usize> {
        slot(&self.lines, Some(line))
    }

    /// What is owed `months` after the as-of date without a scenario (`None` beyond
    /// [`MAX_MONTHS`]).
    pub(super) fn owed(&self, months: u32) -> Option<&Owed> {
        self.owed_through(months)?.pop()
    }

    /// What is owed 0, 1 … `months` months after the as-of date without a scenario
    /// (`None` beyond [`MAX_MONTHS`]), the months not yet worked out worked out together.
    pub(super) fn owed_through(&self, months: u32) -> Option<Vec<&Owed>> {
        let cells = self.owed.get(..=usize::try_from(months).ok()?)?;
        let missing: Vec<(&OnceLock<Owed>, NaiveDate)> = (0..=months)
            .zip(cells)
            .filter(|(_, cell)| cell.get().is_none())
            .map(|(m, cell)| (cell, add_months(self.as_of, m)))
            .collect();
        if !missing.is_empty() {
            let dates: Vec<NaiveDate> = missing.iter().map(|(_, date)| *date).collect();
            for ((cell, _), owed) in missing.iter().zip(self.owed_on_each(&dates)) {
                // Set by another thread meanwhile: to the same sums.
                let _ = cell.set(owed);
            }
        }
        cells.iter().map(OnceLock::get).collect()
    }
}

#[cfg(test)]
impl Record {
    /// Everything it holds but what is worked out on demand (to compare two records).
    pub(crate) fn figures(&self) -> String {
        let mut bare = self.clone();
        bare.owed = Vec::new();
        bare.owed_before = Before::default();
        bare.late = OnceLock::new();
        bare.payments = OnceLock::new();
        format!("{bare:?}")
    }

    /// What is owed each month from the as-of date to `months` after it.
    pub(crate) fn owed_figures(&self, months: u32) -> Vec<(Vec<Decimal>, Decimal)> {
        (0..=months)
            .filter_map(|m| self.owed(m).map(|o| (o.lines.clone(), o.total)))
            .collect()
    }
}

/// The months from the as-of date whose sums a summary keeps ([`Record::encode_owed`]):
/// the twelve the limit view and `project-limit` show (the dashboard's card, six).
pub(crate) const KEPT_MONTHS: u32 = 12;

/// What is owed 0 … [`KEPT_MONTHS`] months from the as-of date, as kept beside a large
/// store, to be set in the record read with it ([`Record::keep_owed`]).
pub(crate) struct KeptOwed(Vec<Owed>);

impl Record {
    /// Each loan's record, in store order.
    pub(crate) fn loan_records(&self) -> &[LoanRecord] {
        &self.loans
    }

    /// What is owed 0 … [`KEPT_MONTHS`] months from the as-of date, in the compact form
    /// of the copies kept beside a large store (worked out now if it was not yet).
    pub(crate) fn encode_owed(&self, out: &mut Encoder) {
        let owed = self.owed_through(KEPT_MONTHS).expect("within MAX_MONTHS");
        for owed in owed {
            out.uint(owed.lines.len() as u64);
            owed.lines.iter().for_each(|&amount| out.decimal(amount));
            out.decimal(owed.total);
        }
    }

    /// What [`Record::encode_owed`] wrote.
    pub(crate) fn decode_owed(input: &mut Decoder) -> Option<KeptOwed> {
        let owed = (0..=KEPT_MONTHS)
            .map(|_| {
                let lines = (0..input.count()?)
                    .map(|_| input.decimal())
                    .collect::<Option<_>>()?;
                Some(Owed {
                    lines,
                    total: input.decimal()?,
                })
            })
            .collect::<Option<_>>()?;
        Some(KeptOwed(owed))
    }

    /// Take the sums kept with this record's loans as worked out; `None` (nothing
    /// taken) when they do not fit its lines.
    pub(crate) fn keep_owed(&self, kept: KeptOwed) -> Option<()> {
        if kept
            .0
            .iter()
            .any(|owed| owed.lines.len() != self.lines.len())
        {
            return None;
        }
        for (cell, owed) in self.owed.iter().zip(kept.0) {
            let _ = cell.set(owed);
        }
        Some(())
    }
}

impl LoanRecord {
    /// In the compact form of the copies kept beside a large store ([`LoanRecord::decode`]).
    pub(crate) fn encode(&self, out: &mut Encoder) {
        out.decimal(self.balance);
        out.date(self.start);
        out.decimal(self.principal);
        out.uint(self.paid_ahead.len() as u64);
        self.paid_ahead.iter().for_each(|&p| out.uint(p.into()));
        out.opt_date(self.next_due);
        out.uint(self.rows.len() as u64);
        for &(date, balance) in &self.rows {
            out.date(date);
            out.decimal(balance);
        }
        out.uint(self.behind.len() as u64);
        for (event, principal) in &self.behind {
            out.date(event.due);
            out.date(event.settled);
            out.decimal(*principal);
        }
        out.uint(self.line.map_or(0, |slot| slot as u64 + 1));
    }

    /// What [`LoanRecord::encode`] wrote.
    pub(crate) fn decode(input: &mut Decoder) -> Option<Self> {
        Some(LoanRecord {
            balance: input.decimal()?,
            start: input.date()?,
            principal: input.decimal()?,
            paid_ahead: (0..input.count()?)
                .map(|_| input.u32())
                .collect::<Option<_>>()?,
            next_due: input.opt_date()?,
            rows: (0..input.count()?)
                .map(|_| Some((input.date()?, input.decimal()?)))
                .collect::<Option<_>>()?,
            behind: (0..input.count()?)
                .map(|_| {
                    let (due, settled) = (input.date()?, input.date()?);
                    Some((DueEvent { due, settled }, input.decimal()?))
                })
                .collect::<Option<_>>()?,
            line: input.uint_usize()?.checked_sub(1),
        })
    }
}

/// The names of `data`'s lines, in store order.
fn line_names(data: &StoreData) -> Vec<String> {
    data.lines.iter().map(|l| l.name.clone()).collect()
}

/// The place of `line` among the `lines` names, where its balances are summed.
fn slot(lines: &[String], line: Option<&str>) -> Option<usize> {
    line.and_then(|name| lines.iter().position(|n| n == name))
}

impl LoanRecord {
    /// What a projection reads of `loan` in `state` on `as_of`, with the score read on
    /// `anchor`; `lines` are the store's lines' names.
    fn new(
        loan: &Loan,
        state: &LoanState,
        as_of: NaiveDate,
        anchor: NaiveDate,
        lines: &[String],
    ) -> Self {
        let tomorrow = as_of.succ_opt().unwrap_or(as_of);
        let mut behind = Vec::new();
        let mut paid_ahead = Vec::new();
        for inst in &state.installments {
            // Paid with nothing to pay (a zero installment) is on time.
            let settled = if inst.status == Status::Paid {
                if inst.due_date >= as_of {
                    paid_ahead.push(inst.period);
                }
                inst.settled_on
            } else {
                (inst.due_date < as_of).then_some(tomorrow)
            };
            if let Some(settled) = settled.filter(|d| *d > inst.due_date) {
                let event = DueEvent {
                    due: inst.due_date,
                    settled,
                };
                behind.push((event, inst.principal));
            }
        }
        LoanRecord {
            balance: state.balance,
            start: loan.start,
            principal: loan.principal,
            next_due: next_due(&state.schedule, &paid_ahead, as_of),
            paid_ahead,
            rows: rows_read(&state.schedule, anchor, as_of),
            behind,
            line: slot(lines, loan.line.as_deref()),
        }
    }
}

/// `(date, balance after)` of the `schedule`'s rows a projection reads: from the last on
/// or before the score date `anchor` to [`MAX_MONTHS`] after `as_of`.
fn rows_read(
    schedule: &Schedule,
    anchor: NaiveDate,
    as_of: NaiveDate,
) -> Vec<(NaiveDate, Decimal)> {
    let horizon = add_months(as_of, MAX_MONTHS);
    let rows = &schedule.rows;
    let first = rows
        .partition_point(|r| r.due_date <= anchor)
        .saturating_sub(1);
    let last = rows.partition_point(|r| r.due_date <= horizon);
    rows[first..last]
        .iter()
        .map(|r| (r.due_date, r.balance))
        .collect()
}

/// Every loan's start, earliest first, and each of `lines` lines' latest loan.
fn starts_and_latest(
    data: &StoreData,
    loans: &[LoanRecord],
    lines: usize,
) -> (Vec<NaiveDate>, Vec<Option<usize>>) {
    let mut starts: Vec<NaiveDate> = data.loans.iter().map(|l| l.start).collect();
    starts.sort_unstable();
    let mut latest: Vec<Option<usize>> = vec![None; lines];
    for (i, (loan, record)) in data.loans.iter().zip(loans).enumerate() {
        if let Some(slot) = record.line.and_then(|s| latest.get_mut(s))
            && slot.is_none_or(|j| data.loans[j].start <= loan.start)
        {
            *slot = Some(i);
        }
    }
    (starts, latest)
}

impl LoanRecord {
    /// The balance on `date` with the schedule `rows` (in date order): today's on
    /// `as_of`; before it, as scheduled plus the principal then past due.
    pub(super) fn balance_on(
        &self,
        rows: &[(NaiveDate, Decimal)],
        date: NaiveDate,
        as_of: NaiveDate,
    ) -> Decimal {
        if date == as_of {
            self.balance
        } else if date < self.start {
            Decimal::ZERO
        } else if date < as_of {
            let past_due: Decimal = (self.behind.iter())
                .filter(|(e, _)| e.due <= date && e.settled > date)
                .map(|(_, principal)| *principal)
                .sum();
            scheduled_balance(rows, date, self.principal) + past_due
        } else {
            scheduled_balance(rows, date, self.principal)
        }
    }
}

/// The day the profile's score was read, the baseline of every projection: the
/// profile's score date; for a store written before it was kept, the store's last
/// change (its latest payment or loan start up to the as-of date), else the as-of date.
/// Never after the as-of date.
pub fn score_date(data: &StoreData, as_of: NaiveDate) -> NaiveDate {
    data.profile.score_date.map_or_else(
        || {
            let payments = data.payments.iter().map(|p| p.date);
            let starts = data.loans.iter().map(|l| l.start);
            payments
                .chain(starts)
                .filter(|d| *d <= as_of)
                .max()
                .unwrap_or(as_of)
        },
        |date| date.min(as_of),
    )
}

/// The balance after the last of `rows` (in date order) on or before `date`.
pub(super) fn scheduled_balance(
    rows: &[(NaiveDate, Decimal)],
    date: NaiveDate,
    principal: Decimal,
) -> Decimal {
    match rows.partition_point(|(d, _)| *d <= date) {
        0 => principal,
        n => rows[n - 1].1,
    }
}

/// Each loan's payments up to the as-of date, as indices into the store's.
#[derive(Debug, Clone)]
pub(super) struct Grouped {
    /// Loan by loan, each in store order.
    pub(super) indices: Vec<usize>,
    /// Each loan's part of `indices`.
    pub(super) ranges: Vec<Range<usize>>,
}

impl Grouped {
    /// Group in one pass (a counting sort by loan).
    pub(super) fn new(data: &StoreData, as_of: NaiveDate) -> Self {
        let ids: HashMap<&str, usize> = (data.loans.iter().enumerate())
            .map(|(i, l)| (l.id.as_str(), i))
            .collect();
        let owner: Vec<Option<usize>> = data
            .payments
            .iter()
            .map(|p| {
                ids.get(p.loan.as_str())
                    .copied()
                    .filter(|_| p.date <= as_of)
            })
            .collect();
        let mut ends = vec![0; data.loans.len()];
        for &i in owner.iter().flatten() {
            ends[i] += 1;
        }
        let mut total = 0;
        for end in &mut ends {
            total += *end;
            *end = total;
        }
        let mut starts = ends.clone();
        let mut indices = vec![0; total];
        for (n, &i) in owner.iter().enumerate().rev() {
            if let Some(i) = i {
                starts[i] -= 1;
                indices[starts[i]] = n;
            }
        }
        Self {
            indices,
            ranges: starts.into_iter().zip(ends).map(|(s, e)| s..e).collect(),
        }
    }
}

/// The first installment of `schedule` due from `as_of` on and not `paid` (periods).
pub(super) fn next_due(schedule: &Schedule, paid: &[u32], as_of: NaiveDate) -> Option<NaiveDate> {
    schedule
        .installments()
        .filter(|r| r.due_date >= as_of && paid.binary_search(&r.period).is_err())
        .map(|r| r.due_date)
        .min()
}

/// `months` calendar months before `date`, a month end clamped to the shorter month.
pub(super) fn months_before(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}
