//! The repayment schedule: a pure function from loan terms and prepayments to rows.

use crate::engine::error::{Form, Problem, spelled};
use crate::engine::field::Field;
use crate::engine::loan::{FieldError, LoanTerms, Method, PinnedRow, Remainder};
use crate::engine::money::round_cents;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// What a prepayment changes: the end date or the installment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PrepayMode {
    /// 缩短期限: keep the installment, end sooner.
    Shorten,
    /// 减少月供: keep the end date, pay less each period.
    Reduce,
}

impl PrepayMode {
    pub const ALL: [PrepayMode; 2] = [PrepayMode::Shorten, PrepayMode::Reduce];

    /// The command-line and store spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            PrepayMode::Shorten => "shorten",
            PrepayMode::Reduce => "reduce",
        }
    }
}

spelled!(PrepayMode);

/// An extra payment of principal on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prepayment {
    /// Day the money is paid.
    pub date: NaiveDate,
    /// Principal offered; capped at the balance on that day.
    pub amount: Decimal,
    /// What the prepayment shortens or reduces.
    pub mode: PrepayMode,
}

impl FromStr for Prepayment {
    type Err = Problem;
    /// Parse `DATE:AMOUNT:MODE`, e.g. `2026-03-10:3000:reduce`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let form = Form::Prepay;
        let [date, amount, mode] = form.parts(s)?;
        Ok(Prepayment {
            date: form.date(s, date)?,
            amount: form.positive_amount(s, amount)?,
            mode: mode
                .parse()
                .map_err(|e| form.refuse_part(s, Field::Mode, e))?,
        })
    }
}

/// Whether a row is an installment or an extra payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowKind {
    /// A contractual installment.
    Scheduled,
    /// An extra payment of principal (with the interest it accrued).
    Prepayment,
}

impl RowKind {
    /// The CSV and JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            RowKind::Scheduled => "scheduled",
            RowKind::Prepayment => "prepayment",
        }
    }
}

/// One payment of the schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Installment number the payment belongs to (a prepayment carries the period it falls in).
    pub period: u32,
    /// Due date, or the prepayment's date.
    pub due_date: NaiveDate,
    /// Principal + interest (or fee).
    pub payment: Decimal,
    /// Principal repaid.
    pub principal: Decimal,
    /// Interest, or the flat fee, paid.
    pub interest: Decimal,
    /// Balance after the payment.
    pub balance: Decimal,
    /// Installment or prepayment.
    pub kind: RowKind,
}

/// Sums over a schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    /// Everything paid.
    pub paid: Decimal,
    /// Principal repaid (equals the loan's principal).
    pub principal: Decimal,
    /// Interest and fees paid.
    pub interest: Decimal,
}

/// A loan's payments from start to payoff, in date order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// The amount the schedule repays.
    pub principal: Decimal,
    /// The day the money was drawn.
    pub start: NaiveDate,
    /// Payments in date order.
    pub rows: Vec<Row>,
}

impl Schedule {
    /// Sums of payment, principal and interest.
    pub fn totals(&self) -> Totals {
        self.rows.iter().fold(Totals::default(), |t, r| Totals {
            paid: t.paid + r.payment,
            principal: t.principal + r.principal,
            interest: t.interest + r.interest,
        })
    }

    /// The date of the last payment.
    pub fn payoff_date(&self) -> NaiveDate {
        self.rows.last().map_or(self.start, |r| r.due_date)
    }

    /// The contractual installments (prepayment rows left out).
    pub fn installments(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.kind == RowKind::Scheduled)
    }
}

/// How each installment's principal is set; changed by `reduce` prepayments.
#[derive(Debug, Clone, Copy)]
enum Installment {
    /// Fixed payment (equal-installment).
    Payment(Decimal),
    /// Fixed principal (equal-principal, flat-fee).
    Principal(Decimal),
    /// Principal only at the end (interest-only, bullet).
    AtMaturity,
}

impl Installment {
    /// The lender's installment where it set one on the amount first borrowed, else ours.
    fn initial(terms: &LoanTerms) -> Self {
        match (terms.conventions.installment, terms.method) {
            (Some(payment), Method::EqualInstallment) => Installment::Payment(payment),
            (Some(each), Method::EqualPrincipal) => Installment::Principal(each),
            _ => Self::repriced(terms, terms.principal, terms.installments(), terms.start),
        }
    }

    /// A `reduce` prepayment's new installment: repriced on the new balance, but never
    /// above the old one (rounding, or day-count drift, could otherwise raise it).
    fn reduced(self, terms: &LoanTerms, balance: Decimal, periods: u32, on: NaiveDate) -> Self {
        match (self, Self::repriced(terms, balance, periods, on)) {
            (Installment::Payment(old), Installment::Payment(new)) => {
                Installment::Payment(old.min(new))
            }
            (Installment::Principal(old), Installment::Principal(new)) => {
                Installment::Principal(old.min(new))
            }
            (_, repriced) => repriced,
        }
    }

    /// A pinned plan's installment `row` as a level installment, where a prepayment
    /// re-plans from, or the installments after a plan's first rows go on from (an
    /// estimate: the lender's own re-plan is not known).
    fn following(terms: &LoanTerms, row: &PinnedRow) -> Self {
        match terms.method {
            Method::EqualInstallment => Installment::Payment(row.principal + row.interest),
            Method::EqualPrincipal | Method::FlatFee => Installment::Principal(row.principal),
            Method::InterestOnly | Method::Bullet => Installment::AtMaturity,
        }
    }

    /// The installment that repays `balance` over `periods` periods at the rate of `on`.
    fn repriced(terms: &LoanTerms, balance: Decimal, periods: u32, on: NaiveDate) -> Self {
        let each = || terms.installment_for(balance, periods, on);
        match terms.method {
            Method::EqualInstallment => Installment::Payment(each()),
            Method::EqualPrincipal | Method::FlatFee => Installment::Principal(each()),
            Method::InterestOnly | Method::Bullet => Installment::AtMaturity,
        }
    }
}

/// Check prepayments against the loan: none before the start or after maturity.
pub fn validate_prepayments(
    terms: &LoanTerms,
    prepayments: &[Prepayment],
) -> Result<(), FieldError> {
    let maturity = terms.maturity();
    for p in prepayments {
        if p.date < terms.start {
            return Err(FieldError::typed(
                Field::Prepay,
                Problem::PrepayBeforeStart {
                    date: p.date,
                    start: terms.start,
                },
            ));
        }
        if p.date > maturity {
            return Err(FieldError::typed(
                Field::Prepay,
                Problem::PrepayAfterEnd {
                    date: p.date,
                    maturity,
                },
            ));
        }
        if p.amount <= Decimal::ZERO {
            return Err(FieldError::typed(
                Field::Prepay,
                Problem::PrepayNotPositive(p.amount),
            ));
        }
    }
    Ok(())
}

/// Interest a prepayment of `amount` on `date` carries: what it accrued since the previous
/// due date; none on a due date (the installment came first).
pub fn prepayment_interest(terms: &LoanTerms, amount: Decimal, date: NaiveDate) -> Decimal {
    let periods = terms.installments();
    let period = (1..=periods)
        .find(|&k| terms.due_date(k) >= date)
        .unwrap_or(periods);
    if terms.due_date(period) == date {
        return Decimal::ZERO;
    }
    accrued_since(terms, amount, terms.due_date(period - 1), date)
}

/// A flat-fee plan is priced by its fee alone, so prepaid principal accrues nothing.
fn accrued_since(terms: &LoanTerms, amount: Decimal, from: NaiveDate, to: NaiveDate) -> Decimal {
    match terms.method {
        Method::FlatFee => Decimal::ZERO,
        _ => terms.accrued_interest(amount, from, to),
    }
}

/// Build the schedule of `terms` with `prepayments` applied as DOMAIN.md specifies.
pub fn build(terms: &LoanTerms, prepayments: &[Prepayment]) -> Result<Schedule, FieldError> {
    validate_prepayments(terms, prepayments)?;
    let mut prepayments = prepayments.to_vec();
    prepayments.sort_by_key(|p| p.date);
    build_sorted(terms, &prepayments, |_| true)
}

/// The installments of `terms` without prepayments, built one at a time while `go_on`
/// accepts the last built: a comparison that has seen enough stops building.
pub fn build_while(
    terms: &LoanTerms,
    go_on: impl FnMut(&Row) -> bool,
) -> Result<Schedule, FieldError> {
    build_sorted(terms, &[], go_on)
}

/// Ours, where the lender's installment is unlike it. A lender's installment set on the
/// amount first borrowed differs from ours on what is left by rounding and, on actual
/// days, by the months' lengths, by a few percent at most over decades. Unlike is more
/// than 10 % away and outside the installments of one period more and one fewer, or,
/// kept, repaying the loan in fewer installments than ours does (its term, or one fewer
/// on actual days), or leaving a last installment more than a tenth of ours away from
/// our last (3,890.12 kept on 86,500 over 24 at 4.2 % ends with 737.21): the term, the
/// rate or the installment was typed wrong (a lender's own figures agree on the count
/// and end near the level payment).
pub fn installment_unlike_ours(terms: &LoanTerms) -> Option<Decimal> {
    let each = terms.conventions.installment?;
    let periods = terms.installments();
    let over = |n: u32| terms.installment_for(terms.principal, n.max(1), terms.start);
    let ours = over(periods);
    let tenth = ours / Decimal::TEN;
    let low = over(periods + 1).min(round_cents(ours - tenth));
    let high = over(periods - 1).max(round_cents(ours + tenth));
    let far = each < low || each > high;
    let ends_unlike = || {
        let mut without = terms.clone();
        without.conventions.installment = None;
        let (Ok(kept), Ok(own)) = (build(terms, &[]), build(&without, &[])) else {
            return false;
        };
        let last = |s: &Schedule| s.installments().last().map(|row| row.payment);
        kept.installments().count() < own.installments().count()
            || matches!((last(&kept), last(&own)), (Some(k), Some(o)) if (k - o).abs() > tenth)
    };
    (far || ends_unlike()).then_some(ours)
}

/// The largest balance a schedule or a card's projection may reach (a million times the
/// largest amount accepted). A level payment below a long month's interest (actual days
/// at the highest rates), or a card's minimum below its interest, lets the balance grow,
/// as the rules have it; over the longest horizons it would grow past what Decimal holds.
/// Past this bound a loan is refused and a card's projection stops growing, so every
/// later product (a period's interest, a penalty over decades, the totals) stays far
/// inside Decimal's range.
pub const MAX_BALANCE: Decimal = Decimal::from_parts(2_808_348_672, 232_830_643, 0, false, 0);

fn build_sorted(
    terms: &LoanTerms,
    prepayments: &[Prepayment],
    mut go_on: impl FnMut(&Row) -> bool,
) -> Result<Schedule, FieldError> {
    let periods = terms.installments();
    let mut rows = Vec::with_capacity(periods as usize + prepayments.len());
    let mut balance = terms.principal;
    let mut installment = Installment::initial(terms);
    let mut pending = prepayments.iter().peekable();
    let flat_fee = terms.round(terms.principal * terms.fee_rate / Decimal::ONE_HUNDRED);
    // A pinned plan is the schedule until the first prepayment, or past its last row when
    // it is only the plan's first rows; from there it is re-planned.
    let pinned = &terms.conventions.pinned;
    let mut replanned = pinned.is_empty();

    // The due dates of periods k − 2 and k − 1, carried from one period to the next.
    let mut from = terms.due_date(0);
    let mut before = from;
    for period in 1..=periods {
        let due = terms.due_date(period);
        if !replanned && period as usize > pinned.len() {
            installment = Installment::following(terms, &pinned[pinned.len() - 1]);
            replanned = true;
        }
        // A rate change since the last period began re-annuitizes a level payment.
        if period > 1
            && terms.method == Method::EqualInstallment
            && terms.rate_changes_within(before, from)
        {
            installment = Installment::repriced(terms, balance, periods - period + 1, from);
        }

        // Prepayments between due dates: principal plus the interest it accrued.
        while let Some(p) = pending.next_if(|p| p.date < due) {
            let amount = p.amount.min(balance);
            if amount.is_zero() {
                continue;
            }
            let interest = accrued_since(terms, amount, from, p.date);
            if !replanned {
                installment = Installment::following(terms, &pinned[period as usize - 1]);
                replanned = true;
            }
            balance -= amount;
            rows.push(Row {
                period,
                due_date: p.date,
                payment: amount + interest,
                principal: amount,
                interest,
                balance,
                kind: RowKind::Prepayment,
            });
            if p.mode == PrepayMode::Reduce {
                installment = installment.reduced(terms, balance, periods - period + 1, p.date);
            }
        }

        if balance.is_zero() {
            break;
        }
        let lenders = pinned.get(period as usize - 1).filter(|_| !replanned);
        let interest = match (lenders, terms.method) {
            (Some(row), _) => row.interest,
            (None, Method::FlatFee) => flat_fee,
            (None, _) => {
                terms.round(terms.unrounded_interest_of_period(balance, period, (from, due)))
            }
        };
        let last = period == periods;
        let remainder_first = period == 1 && terms.conventions.remainder == Remainder::First;
        let principal = match lenders {
            Some(row) => row.principal.min(balance),
            None => match installment {
                // A payment never repays more than is owed: where the level payment (priced
                // at A/12) has outrun interest on actual days, the loan ends before its term.
                Installment::Payment(payment) if last || balance + interest <= payment => balance,
                // The spec's level payment: principal = payment − interest, even when a long
                // month's interest exceeds it (the last period settles the balance).
                Installment::Payment(payment) => payment - interest,
                Installment::Principal(_) if last => balance,
                Installment::Principal(each) if remainder_first => {
                    (balance - each * Decimal::from(periods - 1)).clamp(Decimal::ZERO, balance)
                }
                Installment::Principal(each) => each.min(balance),
                Installment::AtMaturity if last => balance,
                Installment::AtMaturity => Decimal::ZERO,
            },
        };
        balance -= principal;
        if balance > MAX_BALANCE {
            return Err(FieldError::typed(
                Field::Term,
                Problem::Runaway {
                    period,
                    max: MAX_BALANCE,
                },
            ));
        }
        let row = Row {
            period,
            due_date: due,
            payment: principal + interest,
            principal,
            interest,
            balance,
            kind: RowKind::Scheduled,
        };
        let enough = !go_on(&row);
        rows.push(row);
        if enough {
            break;
        }

        // Prepayments on the due date: after the installment, no further interest.
        while let Some(p) = pending.next_if(|p| p.date == due) {
            let amount = p.amount.min(balance);
            if amount.is_zero() {
                continue;
            }
            if !replanned {
                // The lender's next installment, or (its first rows pinned) its last one.
                let next = pinned
                    .get(period as usize)
                    .unwrap_or(&pinned[pinned.len() - 1]);
                installment = Installment::following(terms, next);
                replanned = true;
            }
            balance -= amount;
            rows.push(Row {
                period,
                due_date: due,
                payment: amount,
                principal: amount,
                interest: Decimal::ZERO,
                balance,
                kind: RowKind::Prepayment,
            });
            if p.mode == PrepayMode::Reduce && period < periods {
                installment = installment.reduced(terms, balance, periods - period, due);
            }
        }

        if balance.is_zero() {
            break;
        }
        (before, from) = (from, due);
    }
    Ok(Schedule {
        principal: terms.principal,
        start: terms.start,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::loan::{DayCount, LoanInput, Rate};
    use crate::engine::money::{Rounding, annuity_payment};
    use Method::{Bullet, EqualInstallment, EqualPrincipal, FlatFee, InterestOnly};
    use rust_decimal_macros::dec;

    fn terms(
        principal: Decimal,
        annual: Decimal,
        term: u32,
        method: Method,
        start: &str,
    ) -> LoanTerms {
        let input = LoanInput::test_loan(principal, Rate::Annual(annual), term, method, start);
        LoanTerms::new(&input).unwrap()
    }

    /// The schedule of `terms` with no prepayment.
    fn plain(terms: &LoanTerms) -> Schedule {
        build(terms, &[]).unwrap()
    }

    /// `amount` of principal prepaid on `date` (YYYY-MM-DD), shortening or reducing.
    fn prepay(date: &str, amount: Decimal, mode: PrepayMode) -> Prepayment {
        Prepayment {
            date: date.parse().unwrap(),
            amount,
            mode,
        }
    }

    /// Equal-installment terms with the lender's installment `each` kept.
    fn kept(
        principal: Decimal,
        annual: Decimal,
        term: u32,
        start: &str,
        each: Decimal,
    ) -> LoanTerms {
        let mut input = LoanInput::from(&terms(principal, annual, term, EqualInstallment, start));
        input.conventions.installment = Some(each);
        LoanTerms::new(&input).unwrap()
    }

    /// A car loan typed from what is left: 48,230.55 over 30 at 4.8 % is 1,706.98 a month.
    /// 1,800 is within a tenth of it, yet kept it repays the loan in 29 installments, not
    /// the 30 typed: the rate or the installment is wrong, and the note says so.
    #[test]
    fn a_lenders_installment_that_changes_the_count_is_unlike_ours() {
        let with = |each| kept(dec!(48230.55), dec!(4.8), 30, "2026-11-20", each);
        let typed = with(dec!(1800));
        assert_eq!(build(&typed, &[]).unwrap().rows.len(), 29);
        let ours = installment_unlike_ours(&typed).expect("unlike: 29 installments, not 30");
        assert_eq!(
            ours,
            typed.installment_for(typed.principal, 30, typed.start)
        );
        assert!(ours * dec!(1.1) > dec!(1800), "within a tenth: {ours}");
        // Ours and a cent either side of it are the lender's rounding, not a slip.
        for each in [ours - dec!(0.01), ours, ours + dec!(0.01)] {
            assert_eq!(installment_unlike_ours(&with(each)), None, "{each}");
        }
        // Nor is ours where ours itself clears a period early (a level payment on actual
        // days, as below): 215 rows of 216 kept is what the terms give.
        let mut input = LoanInput::from(&terms(
            dec!(10000),
            dec!(21.9),
            216,
            EqualInstallment,
            "2025-01-31",
        ));
        input.day_count = Some(DayCount::Actual365);
        let own = LoanTerms::new(&input).unwrap();
        assert_eq!(build(&own, &[]).unwrap().installments().count(), 215);
        input.conventions.installment = Some(own.installment_for(own.principal, 216, own.start));
        assert_eq!(
            installment_unlike_ours(&LoanTerms::new(&input).unwrap()),
            None
        );
    }

    /// 3,890.12 is within a tenth of the 3,763.96 that 86,500 over 24 at 4.2 % gives and
    /// keeps the count, but the last installment would be 737.21: a slip, said so. The
    /// lender's 1,066.19 set on 12,000 over 12 at 12 %, kept on the 8,158.09 left after 4
    /// (ours 1,066.18), ends within cents of ours: no note.
    #[test]
    fn a_lenders_installment_that_leaves_a_last_unlike_ours_is_unlike_ours() {
        let typed = kept(dec!(86500), dec!(4.2), 24, "2026-11-20", dec!(3890.12));
        let rows = build(&typed, &[]).unwrap();
        assert_eq!(rows.installments().count(), 24);
        assert_eq!(rows.installments().last().unwrap().payment, dec!(737.21));
        assert_eq!(installment_unlike_ours(&typed), Some(dec!(3763.96)));
        let lenders = kept(dec!(8158.09), dec!(12), 8, "2026-05-01", dec!(1066.19));
        assert_eq!(
            lenders.installment_for(lenders.principal, 8, lenders.start),
            dec!(1066.18)
        );
        assert_eq!(installment_unlike_ours(&lenders), None);
    }

    #[test]
    fn bullet_is_one_row_with_simple_interest() {
        let s = plain(&terms(dec!(10000), dec!(6), 6, Bullet, "2026-01-31"));
        assert_eq!(s.rows.len(), 1);
        let row = &s.rows[0];
        assert_eq!(row.due_date.to_string(), "2026-07-31");
        assert_eq!(
            (row.principal, row.interest, row.balance),
            (dec!(10000), dec!(300.00), dec!(0))
        );
    }

    #[test]
    fn bullet_under_actual_days_counts_the_days() {
        let mut t = terms(dec!(10000), dec!(7.3), 3, Bullet, "2026-01-01");
        t.day_count = DayCount::Actual365;
        let s = build(&t, &[]).unwrap();
        // Jan 1 → Apr 1 is 90 days: 10000 × 0.073 × 90 / 365 = 180.00.
        assert_eq!(s.rows[0].interest, dec!(180.00));
    }

    #[test]
    fn equal_principal_last_period_takes_the_remainder() {
        let s = plain(&terms(dec!(100), dec!(12), 3, EqualPrincipal, "2026-01-15"));
        let principal: Vec<_> = s.rows.iter().map(|r| r.principal).collect();
        assert_eq!(principal, [dec!(33.33), dec!(33.33), dec!(33.34)]);
        let interest: Vec<_> = s.rows.iter().map(|r| r.interest).collect();
        assert_eq!(interest, [dec!(1.00), dec!(0.67), dec!(0.33)]);
    }

    #[test]
    fn interest_only_repays_principal_with_the_last_period() {
        let s = plain(&terms(dec!(12000), dec!(12), 3, InterestOnly, "2026-01-15"));
        let payments: Vec<_> = s.rows.iter().map(|r| r.payment).collect();
        assert_eq!(payments, [dec!(120.00), dec!(120.00), dec!(12120.00)]);
    }

    #[test]
    fn flat_fee_charges_the_fee_on_the_original_principal() {
        let mut input = LoanInput {
            principal: Some(dec!(12000)),
            fee_rate: Some(dec!(0.6)),
            term: Some(12),
            method: Some(FlatFee),
            start: Some("2026-01-15".parse().unwrap()),
            ..LoanInput::default()
        };
        let t = LoanTerms::new(&input).unwrap();
        let s = build(&t, &[]).unwrap();
        assert!(
            s.rows
                .iter()
                .all(|r| r.interest == dec!(72.00) && r.principal == dec!(1000.00))
        );
        // 0.6 %/month flat is not 7.2 % a year (numpy-financial: irr × 1200 = 13.034).
        assert_eq!(s.apr(), dec!(13.03));
        input.annual_rate = Some(dec!(5));
        assert_eq!(LoanTerms::new(&input).unwrap_err().field, Field::AnnualRate);
    }

    #[test]
    fn prepayment_on_a_due_date_follows_the_installment() {
        let t = terms(dec!(12000), dec!(12), 12, EqualPrincipal, "2026-01-15");
        let s = build(&t, &[prepay("2026-03-15", dec!(2000), PrepayMode::Shorten)]).unwrap();
        let row = &s.rows[2];
        assert_eq!(
            (row.period, row.kind, row.interest),
            (2, RowKind::Prepayment, dec!(0))
        );
        assert_eq!(row.balance, dec!(8000.00));
        // Shorten keeps 1,000 a month: 8,000 left after period 2 ends at period 10.
        assert_eq!(s.installments().count(), 10);
        assert_eq!(s.totals().principal, dec!(12000));
    }

    #[test]
    fn prepayment_larger_than_the_balance_pays_off() {
        let t = terms(dec!(5000), dec!(12), 6, EqualInstallment, "2026-01-15");
        let s = build(&t, &[prepay("2026-02-20", dec!(99999), PrepayMode::Reduce)]).unwrap();
        let last = s.rows.last().unwrap();
        assert_eq!(last.kind, RowKind::Prepayment);
        assert_eq!(last.balance, dec!(0));
        assert_eq!(s.totals().principal, dec!(5000));
    }

    #[test]
    fn prepayment_interest_matches_the_schedule_row() {
        let t = terms(dec!(10000), dec!(18.25), 6, EqualInstallment, "2026-01-31");
        for (date, amount) in [("2026-03-10", dec!(3000)), ("2026-03-31", dec!(3000))] {
            let date: NaiveDate = date.parse().unwrap();
            let prepay = Prepayment {
                date,
                amount,
                mode: PrepayMode::Shorten,
            };
            let s = build(&t, &[prepay]).unwrap();
            let row = s
                .rows
                .iter()
                .find(|r| r.kind == RowKind::Prepayment)
                .unwrap();
            assert_eq!(
                prepayment_interest(&t, amount, date),
                row.interest,
                "{date}"
            );
        }
    }

    #[test]
    fn prepayments_outside_the_loan_are_refused() {
        let t = terms(dec!(5000), dec!(12), 6, EqualInstallment, "2026-01-15");
        for (date, needle) in [("2026-01-14", "before"), ("2026-07-16", "after")] {
            let err = build(&t, &[prepay(date, dec!(1), PrepayMode::Reduce)]).unwrap_err();
            assert_eq!(err.field, Field::Prepay);
            assert!(err.problem.to_string().contains(needle), "{err}");
        }
    }

    #[test]
    fn prepay_spec_parses_and_names_its_parts() {
        let p: Prepayment = "2026-03-10:3000:reduce".parse().unwrap();
        assert_eq!((p.amount, p.mode), (dec!(3000), PrepayMode::Reduce));
        let refused = [
            ("2026-03-10:3000", "DATE:AMOUNT:MODE"),
            ("2026-03-10:x:reduce", "amount"),
            ("2026-03-10:10:later", "shorten, reduce"),
            ("2026-13-10:10:reduce", "2026-01-31"),
        ];
        for (spec, named) in refused {
            let said = spec.parse::<Prepayment>().unwrap_err().to_string();
            assert!(said.contains(named), "{spec}: {said}");
        }
    }

    fn with_conventions(
        mut t: LoanTerms,
        conventions: crate::engine::loan::Conventions,
    ) -> LoanTerms {
        t.conventions = conventions;
        LoanTerms::new(&LoanInput::from(&t)).unwrap()
    }

    fn column(s: &Schedule, f: fn(&Row) -> Decimal) -> Vec<Decimal> {
        s.rows.iter().map(f).collect()
    }

    /// Each row's interest, then each row's principal.
    fn interest_and_principal(s: &Schedule) -> [Vec<Decimal>; 2] {
        [column(s, |r| r.interest), column(s, |r| r.principal)]
    }

    #[test]
    fn a_first_due_date_makes_an_irregular_first_period() {
        let t = terms(dec!(10000), dec!(12), 3, EqualInstallment, "2026-01-10");
        let first_due = Some("2026-02-15".parse().unwrap());
        let t = with_conventions(
            t,
            crate::engine::loan::Conventions {
                first_due,
                ..Default::default()
            },
        );
        let s = build(&t, &[]).unwrap();
        let dues: Vec<_> = s.rows.iter().map(|r| r.due_date.to_string()).collect();
        assert_eq!(dues, ["2026-02-15", "2026-03-15", "2026-04-15"]);
        // 35 days under 30/360: 10000 × 12 % × 35/360 = 116.67; the payment is as today.
        assert_eq!(s.rows[0].interest, dec!(116.67));
        assert_eq!(
            column(&s, |r| r.payment)[..2],
            [dec!(3400.22), dec!(3400.22)]
        );
        assert_eq!(s.totals().principal, dec!(10000));
        // Under actual/365 it is 36 days: 118.36.
        let mut actual = t.clone();
        actual.day_count = DayCount::Actual365;
        assert_eq!(build(&actual, &[]).unwrap().rows[0].interest, dec!(118.36));
    }

    #[test]
    fn rounding_down_and_remainder_first_follow_the_lender() {
        let t = terms(dec!(1000), dec!(7), 3, EqualPrincipal, "2026-01-10");
        let ours = build(&t, &[]).unwrap();
        assert_eq!(
            interest_and_principal(&ours),
            [
                [dec!(5.83), dec!(3.89), dec!(1.94)],
                [dec!(333.33), dec!(333.33), dec!(333.34)]
            ]
        );
        let theirs = with_conventions(
            t,
            crate::engine::loan::Conventions {
                rounding: Rounding::Down,
                remainder: Remainder::First,
                ..Default::default()
            },
        );
        let s = build(&theirs, &[]).unwrap();
        // 666.66 × 7 %/12 = 3.888 85: cut to 3.88, not rounded to 3.89.
        assert_eq!(
            interest_and_principal(&s),
            [
                [dec!(5.83), dec!(3.88), dec!(1.94)],
                [dec!(333.34), dec!(333.33), dec!(333.33)]
            ]
        );
    }

    #[test]
    fn half_even_rounds_the_level_payment() {
        // 2,000.50 at 0 % over 4 periods is 500.125 a period: a tie.
        let t = terms(dec!(2000.50), dec!(0), 4, EqualInstallment, "2026-01-10");
        assert_eq!(build(&t, &[]).unwrap().rows[0].payment, dec!(500.13));
        let even = with_conventions(
            t,
            crate::engine::loan::Conventions {
                rounding: Rounding::HalfEven,
                ..Default::default()
            },
        );
        let s = build(&even, &[]).unwrap();
        assert_eq!(s.rows[0].payment, dec!(500.12));
        assert_eq!(s.rows[3].payment, dec!(500.14));
    }

    #[test]
    fn a_rate_change_splits_its_period_and_reprices_the_level_payment() {
        let t = terms(dec!(12000), dec!(6), 4, EqualInstallment, "2026-01-01");
        let change = crate::engine::loan::RateChange {
            date: "2026-02-16".parse().unwrap(),
            rate: dec!(3),
        };
        let t = with_conventions(
            t,
            crate::engine::loan::Conventions {
                rate_changes: vec![change],
                ..Default::default()
            },
        );
        let s = build(&t, &[]).unwrap();
        // Feb 1 → Feb 16 at 6 %, Feb 16 → Mar 1 at 3 %: 9022.41 × (6 %·15 + 3 %·15)/360.
        assert_eq!(s.rows[1].interest, dec!(33.83));
        assert_eq!(s.rows[1].payment, dec!(3037.59));
        // From the next period: an annuity over 2 periods on 6018.65 at 3 %/12.
        let repriced = annuity_payment(s.rows[1].balance, dec!(0.0025), 2);
        assert_eq!(s.rows[2].payment, repriced);
        assert_eq!(s.rows[2].interest, dec!(15.05));
        assert_eq!(s.totals().principal, dec!(12000));
    }

    /// DOMAIN prices the level payment at A/12 whatever the day count, while interest runs
    /// on actual days: a short month repays more principal than the annuity planned and
    /// saves interest in every month after it. At 0.06 % a day over 18 years that drift,
    /// compounding at the loan's rate, overpays 181.99 of 10,000 unrounded (0.98 of a
    /// payment); the payment rounded up (186.25 for 186.2457) adds 11.51, so period 215
    /// already clears the balance. On whole months (30/360) the rounding alone leaves a
    /// last payment 10.98 short of the level one, all 216 kept.
    #[test]
    fn a_level_payment_on_actual_days_can_clear_before_its_term() {
        let mut t = terms(dec!(10000), dec!(21.9), 216, EqualInstallment, "2025-01-31");
        let whole_months = build(&t, &[]).unwrap();
        t.day_count = DayCount::Actual365;
        let actual_days = build(&t, &[]).unwrap();
        for (s, rows, last_payment) in [
            (&whole_months, 216, dec!(175.27)),
            (&actual_days, 215, dec!(179.22)),
        ] {
            assert_eq!(s.installments().count(), rows);
            assert!(s.rows.iter().all(|r| r.principal >= Decimal::ZERO));
            assert!(s.rows[..rows - 1].iter().all(|r| r.payment == dec!(186.25)));
            let last = s.rows.last().unwrap();
            assert_eq!((last.payment, last.balance), (last_payment, Decimal::ZERO));
            assert_eq!(s.totals().principal, dec!(10000));
        }
    }

    #[test]
    fn conventions_that_cannot_apply_are_refused_by_name() {
        let t = terms(dec!(1000), dec!(6), 3, EqualInstallment, "2026-01-10");
        let bad = |conventions| {
            let mut input = LoanInput::from(&t);
            input.conventions = conventions;
            LoanTerms::new(&input).unwrap_err()
        };
        let first_due = |d: &str| crate::engine::loan::Conventions {
            first_due: Some(d.parse().unwrap()),
            ..Default::default()
        };
        assert_eq!(bad(first_due("2026-01-10")).field, Field::FirstDue);
        assert_eq!(bad(first_due("2026-03-11")).field, Field::FirstDue);
        let change = |d: &str, rate| crate::engine::loan::Conventions {
            rate_changes: vec![crate::engine::loan::RateChange {
                date: d.parse().unwrap(),
                rate,
            }],
            ..Default::default()
        };
        assert_eq!(bad(change("2026-05-01", dec!(5))).field, Field::RateChange);
        let err = bad(change("2026-02-01", dec!(101)));
        assert!(err.problem.to_string().contains("2026-02-01"), "{err}");
    }

    fn pinned(rows: &[(&str, Decimal, Decimal)]) -> crate::engine::loan::Conventions {
        crate::engine::loan::Conventions {
            pinned: rows
                .iter()
                .map(|&(date, principal, interest)| PinnedRow {
                    due_date: date.parse().unwrap(),
                    principal,
                    interest,
                })
                .collect(),
            ..Default::default()
        }
    }

    /// The lender's first two rows of six, pinned: they are the schedule, and the
    /// installments after them go on from the lender's balance with its level payment.
    #[test]
    fn a_plans_first_rows_pinned_are_followed_by_a_plan_from_their_balance() {
        let t = terms(dec!(10000), dec!(12), 6, EqualInstallment, "2026-01-10");
        let first = [
            ("2026-02-10", dec!(1625.46), dec!(100.02)),
            ("2026-03-10", dec!(1641.73), dec!(83.75)),
        ];
        let t = with_conventions(t, pinned(&first));
        assert!(t.plans_past_pinned());
        let s = build(&t, &[]).unwrap();
        let dues: Vec<_> = s.rows.iter().map(|r| r.due_date.to_string()).collect();
        assert_eq!(dues.len(), 6);
        assert_eq!(dues[5], "2026-07-10");
        assert_eq!(column(&s, |r| r.interest)[..2], [dec!(100.02), dec!(83.75)]);
        // From the lender's balance 10000 − 1625.46 − 1641.73 = 6732.81: interest at 1 %
        // a month 67.33, principal 1725.48 − 67.33 = 1658.15 (ours would be 6732.79 …).
        let third = &s.rows[2];
        assert_eq!(
            (
                third.payment,
                third.interest,
                third.principal,
                third.balance
            ),
            (dec!(1725.48), dec!(67.33), dec!(1658.15), dec!(5074.66))
        );
        assert_eq!(s.totals().principal, dec!(10000));

        // A `reduce` prepayment on the last row's date reprices from there: 5732.81 over
        // 4 periods at 1 % is 1469.21, not the lender's 1725.48 the plan goes on with.
        let s = build(&t, &[prepay("2026-03-10", dec!(1000), PrepayMode::Reduce)]).unwrap();
        let next = s.installments().nth(2).unwrap();
        assert_eq!((next.payment, next.interest), (dec!(1469.21), dec!(57.33)));

        // The whole plan pinned plans nothing past it.
        let whole = build(
            &terms(dec!(10000), dec!(12), 2, EqualInstallment, "2026-01-10"),
            &[],
        )
        .unwrap();
        let rows: Vec<_> = whole
            .rows
            .iter()
            .map(|r| (r.due_date.to_string(), r.principal, r.interest))
            .collect();
        let rows: Vec<_> = rows.iter().map(|(d, p, i)| (d.as_str(), *p, *i)).collect();
        let t2 = with_conventions(
            terms(dec!(10000), dec!(12), 2, EqualInstallment, "2026-01-10"),
            pinned(&rows),
        );
        assert!(t2.is_pinned() && !t2.plans_past_pinned());
    }

    #[test]
    fn first_rows_that_cannot_begin_the_plan_are_refused() {
        let t = terms(dec!(10000), dec!(12), 6, EqualInstallment, "2026-01-10");
        let bad = |rows: &[(&str, Decimal, Decimal)]| {
            let mut input = LoanInput::from(&t);
            input.conventions = pinned(rows);
            LoanTerms::new(&input).unwrap_err().problem
        };
        let cases = [
            // Two rows that already repay everything leave nothing for installments 3 to 6.
            (
                vec![
                    ("2026-02-10", dec!(5000), dec!(100)),
                    ("2026-03-10", dec!(5000), dec!(50)),
                ],
                Problem::PinnedPaidOff {
                    rows: 2,
                    installments: 6,
                },
            ),
            // Installment 3 falls on 2026-04-10, the loan's own date: not after the last row.
            (
                vec![
                    ("2026-02-10", dec!(1625.46), dec!(100.02)),
                    ("2026-04-20", dec!(1641.73), dec!(83.75)),
                ],
                Problem::PinnedOrder {
                    row: 3,
                    due: "2026-04-10".parse().unwrap(),
                    after: "2026-04-20".parse().unwrap(),
                },
            ),
            // More rows than the loan has installments.
            (
                vec![("2026-02-10", dec!(1), dec!(0)); 7],
                Problem::PinnedRows {
                    rows: 7,
                    installments: 6,
                },
            ),
        ];
        for (rows, refused) in cases {
            assert_eq!(bad(&rows), refused, "{rows:?}");
        }
    }

    /// A store's count of estimated rows (a plan's last rows pinned) must leave the lender
    /// at least one row, reaching the last installment.
    #[test]
    fn estimated_rows_must_come_before_lender_rows_that_reach_the_end() {
        let t = terms(dec!(3000), dec!(0), 3, EqualInstallment, "2026-01-10");
        let with = |rows: &[(&str, Decimal, Decimal)], estimated| {
            let mut input = LoanInput::from(&t);
            input.conventions = pinned(rows);
            input.conventions.estimated = estimated;
            LoanTerms::new(&input).map(|t| t.estimated_before_pinned())
        };
        let whole = [
            ("2026-02-10", dec!(1000), dec!(0)),
            ("2026-03-10", dec!(1000), dec!(0)),
            ("2026-04-10", dec!(1000), dec!(0)),
        ];
        assert_eq!(with(&whole, 2).unwrap(), Some(3));
        assert_eq!(with(&whole, 0).unwrap(), None);
        for (rows, estimated) in [(&whole[..], 3), (&whole[..2], 1), (&[][..], 1)] {
            let refused = with(rows, estimated).unwrap_err();
            assert_eq!(
                (refused.field, refused.problem),
                (
                    crate::engine::field::Field::Estimated,
                    Problem::PinnedEstimated {
                        estimated,
                        rows: rows.len(),
                        installments: 3
                    }
                )
            );
        }
    }
}
