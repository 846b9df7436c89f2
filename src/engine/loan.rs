//! What a loan is: its repayment method, rate, day count, term and due dates.
//!
//! [`LoanTerms::new`] is the one gate every loan passes (CLI, store, TUI forms,
//! simulator), so a loan that exists is always valid.

use crate::engine::error::Form;
use crate::engine::field::Field;
use crate::engine::money::Rounding;
use crate::language::Name;
use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// How principal and interest are spread over the term; stored as its spelling
/// (`"equal-installment"`), since a hyphen is no RON identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Method {
    /// 等额本息: the same payment every period (annuity).
    EqualInstallment,
    /// 等额本金: the same principal every period, interest on what is left.
    EqualPrincipal,
    /// 先息后本: interest each period, all principal with the last.
    InterestOnly,
    /// 到期一次还本付息: one payment at maturity.
    Bullet,
    /// 分期手续费: the same principal plus a fixed fee on the original principal.
    FlatFee,
}

impl Method {
    /// Every method, in the order menus list them.
    pub const ALL: [Method; 5] = [
        Method::EqualInstallment,
        Method::EqualPrincipal,
        Method::InterestOnly,
        Method::Bullet,
        Method::FlatFee,
    ];

    /// The command-line and store spelling, e.g. `equal-installment`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::EqualInstallment => "equal-installment",
            Method::EqualPrincipal => "equal-principal",
            Method::InterestOnly => "interest-only",
            Method::Bullet => "bullet",
            Method::FlatFee => "flat-fee",
        }
    }

    /// Its spelling (English) and its Chinese term, as refusals and reasons say it.
    pub const fn name(self) -> Name {
        let zh = match self {
            Method::EqualInstallment => "等额本息",
            Method::EqualPrincipal => "等额本金",
            Method::InterestOnly => "先息后本",
            Method::Bullet => "到期一次还本付息",
            Method::FlatFee => "分期手续费",
        };
        Name {
            en: self.as_str(),
            zh,
        }
    }
}

/// How interest is counted between two dates; stored as its spelling (`"actual/365"`),
/// which is no valid RON identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum DayCount {
    /// Every month is 1/12 of a year.
    Thirty360,
    /// Actual days over a 365-day year.
    Actual365,
    /// Actual days over a 360-day year.
    Actual360,
}

impl DayCount {
    /// Every day count, in the order menus list them.
    pub const ALL: [DayCount; 3] = [
        DayCount::Thirty360,
        DayCount::Actual365,
        DayCount::Actual360,
    ];

    /// The command-line and store spelling, e.g. `actual/365`.
    pub fn as_str(self) -> &'static str {
        match self {
            DayCount::Thirty360 => "30/360",
            DayCount::Actual365 => "actual/365",
            DayCount::Actual360 => "actual/360",
        }
    }

    /// Days in the year that daily and penalty interest divide by.
    pub fn year_days(self) -> Decimal {
        match self {
            DayCount::Actual360 => Decimal::from(360),
            DayCount::Actual365 | DayCount::Thirty360 => Decimal::from(365),
        }
    }
}

/// What an installment paid before its due date costs in interest: a loan term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EarlyInterest {
    /// The scheduled interest, whatever the day it is paid (most lenders).
    #[default]
    AsScheduled,
    /// Interest only to the day paid: the principal of an installment paid early stops
    /// accruing that day. Only for loans whose interest runs on actual days.
    ToPaymentDate,
}

impl EarlyInterest {
    /// Every choice, in the order menus list them.
    pub const ALL: [EarlyInterest; 2] = [EarlyInterest::AsScheduled, EarlyInterest::ToPaymentDate];

    /// The command-line spelling, e.g. `to-payment-date`.
    pub fn as_str(self) -> &'static str {
        match self {
            EarlyInterest::AsScheduled => "as-scheduled",
            EarlyInterest::ToPaymentDate => "to-payment-date",
        }
    }

    /// Refuse interest to the payment date where interest does not run on actual days.
    pub fn check(self, terms: &LoanTerms) -> Result<(), FieldError> {
        let by_days = terms.day_count != DayCount::Thirty360 && terms.method != Method::FlatFee;
        if self == EarlyInterest::ToPaymentDate && !by_days {
            return Err(FieldError::typed(
                Field::EarlyInterest,
                Problem::NeedsActualDays {
                    method: terms.method.name(),
                    day_count: terms.day_count.as_str(),
                },
            ));
        }
        Ok(())
    }
}

/// A nominal rate as the lender quotes it, in percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rate {
    /// Percent per year, e.g. `18.25`.
    Annual(Decimal),
    /// Percent per day, e.g. `0.05` (借呗's 日利率).
    Daily(Decimal),
}

impl Rate {
    /// The day count a lender means when it quotes this kind of rate and says no more.
    pub fn default_day_count(self) -> DayCount {
        match self {
            Rate::Annual(_) => DayCount::Thirty360,
            Rate::Daily(_) => DayCount::Actual365,
        }
    }

    /// The rate as a [`LoanInput`] gives it: (annual, daily), one of them given.
    fn input_fields(self) -> (Option<Decimal>, Option<Decimal>) {
        match self {
            Rate::Annual(a) => (Some(a), None),
            Rate::Daily(d) => (None, Some(d)),
        }
    }

    /// The nominal annual rate in percent: a daily rate × 365 (× 360 under actual/360).
    pub fn annual_percent(self, day_count: DayCount) -> Decimal {
        match self {
            Rate::Annual(a) => a,
            Rate::Daily(d) => d * day_count.year_days(),
        }
    }
}

pub use crate::engine::error::FieldError;
use crate::engine::error::{Needed, Per, Problem, spelled};
use crate::engine::validate::{
    MAX_ANNUAL_PERCENT, MAX_DAILY_PERCENT, MAX_DATE, MAX_FEE_PERCENT, MAX_PRINCIPAL, MAX_TERM,
    MIN_DATE,
};

/// The contract of one loan: everything its schedule is computed from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoanTerms {
    /// Amount borrowed.
    pub principal: Decimal,
    /// Nominal rate as quoted (zero for a flat-fee plan).
    pub rate: Rate,
    /// How interest is counted.
    pub day_count: DayCount,
    /// Number of monthly periods (months to maturity for a bullet loan).
    pub term: u32,
    /// Repayment method.
    pub method: Method,
    /// Date the money was drawn; due dates fall on its day of month.
    pub start: NaiveDate,
    /// Flat fee in percent of the principal per month (flat-fee plans only, else zero).
    pub fee_rate: Decimal,
    /// How the lender computes where it departs from our defaults.
    pub conventions: Conventions,
}

/// Where an even split's cent remainder goes (equal-principal and flat-fee principal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Remainder {
    /// The last period settles the balance (ours).
    #[default]
    Last,
    /// The first period carries the remainder; the others are exactly even.
    First,
}

impl Remainder {
    /// Both choices, the default first.
    pub const ALL: [Remainder; 2] = [Remainder::Last, Remainder::First];

    /// The command-line and store spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Remainder::Last => "last",
            Remainder::First => "first",
        }
    }
}

// Rounding is spelled here, with the other conventions, so that money.rs stays below the
// error types (which format money).
spelled!(Method, DayCount, EarlyInterest, Remainder, Rounding);
spelled!(text: Method, DayCount, Rounding);

/// From `date` on, the loan runs at `rate` (in the unit the loan's rate is quoted in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateChange {
    /// First day of the new rate.
    pub date: NaiveDate,
    /// Percent per year (or per day, for a loan quoted daily).
    pub rate: Decimal,
}

impl fmt::Display for RateChange {
    /// `DATE:RATE`, e.g. `2027-01-01:3.95`, as `from_str` reads it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.date, self.rate.normalize())
    }
}

impl FromStr for RateChange {
    type Err = Problem;
    /// Parse `DATE:RATE`, e.g. `2027-01-01:3.95`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let form = Form::RateChange;
        let [date, rate] = form.parts(s)?;
        let date = form.date(s, date)?;
        let rate = crate::engine::money::parse_decimal(rate, 6)
            .map_err(|e| form.refuse_part(s, Field::Rate, Problem::Number(e)))?;
        Ok(RateChange { date, rate })
    }
}

/// A lender's own ways of computing (DOMAIN.md "Lender conventions"); the default is
/// exactly the schedule DOMAIN.md's money rules give.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
// Every field may be left out: a missing one is the default's.
#[serde(default)]
pub struct Conventions {
    /// First due date when it is not start + 1 month; later ones fall monthly on its day.
    pub first_due: Option<NaiveDate>,
    /// The day of month due dates fall on when a short month clamped the first one
    /// (a first due date of 02-28 on a loan due on the 31st); later ones clamp each month.
    pub due_day: Option<u32>,
    /// The installment the lender set on the amount first borrowed, kept where these terms
    /// begin later (a loan entered from what is left on it): the level payment
    /// (equal-installment) or the principal each period repays (equal-principal). None:
    /// computed from these terms.
    pub installment: Option<Decimal>,
    /// Rounding of the payment, each period's interest (or fee) and an even split.
    pub rounding: Rounding,
    /// Where an even split's remainder goes.
    pub remainder: Remainder,
    /// Rate changes (e.g. LPR repricing), in date order.
    pub rate_changes: Vec<RateChange>,
    /// The lender's own installments, kept as the schedule when no convention reproduces
    /// them (`reconcile --pin`); empty: computed.
    pub pinned: Vec<PinnedRow>,
    /// How many of the pinned rows, from the first, are loandash's estimate rather than
    /// the lender's: pinned from a plan's last rows, the installments before them, which
    /// the plan does not show (0: every pinned row is the lender's).
    pub estimated: u32,
}

/// One installment of a lender's plan, kept as the loan's own (`reconcile --pin`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinnedRow {
    pub due_date: NaiveDate,
    pub principal: Decimal,
    /// Interest and any fee.
    pub interest: Decimal,
}

impl Conventions {
    /// Whether these are our defaults.
    pub fn is_default(&self) -> bool {
        *self == Conventions::default()
    }

    /// The conventions a new loan from the same lender would share: its ways of rounding
    /// and splitting, not this loan's dates.
    pub fn lender_habits(&self) -> Conventions {
        Conventions {
            rounding: self.rounding,
            remainder: self.remainder,
            ..Conventions::default()
        }
    }
}

impl fmt::Display for PinnedRow {
    /// `DATE:PRINCIPAL:INTEREST`, e.g. `2026-02-10:1616.50:140.00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}",
            self.due_date,
            crate::engine::money::plain(self.principal),
            crate::engine::money::plain(self.interest)
        )
    }
}

impl FromStr for PinnedRow {
    type Err = Problem;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let form = Form::PinnedRow;
        let [date, principal, interest] = form.parts(s)?;
        let amount = |field, text: &str| {
            crate::engine::money::parse_amount(text)
                .map_err(|e| form.refuse_part(s, field, Problem::Number(e)))
        };
        Ok(PinnedRow {
            due_date: form.date(s, date)?,
            principal: amount(Field::Principal, principal)?,
            interest: amount(Field::Interest, interest)?,
        })
    }
}

/// The raw fields of a loan before validation; `None` means "not given".
#[derive(Debug, Clone, Default)]
pub struct LoanInput {
    pub principal: Option<Decimal>,
    pub annual_rate: Option<Decimal>,
    pub daily_rate: Option<Decimal>,
    pub fee_rate: Option<Decimal>,
    pub term: Option<u32>,
    pub method: Option<Method>,
    pub start: Option<NaiveDate>,
    pub day_count: Option<DayCount>,
    pub conventions: Conventions,
}

impl From<&LoanTerms> for LoanInput {
    /// The fields of existing terms, so they can be validated again (e.g. after a hand edit).
    fn from(terms: &LoanTerms) -> Self {
        let (annual_rate, daily_rate) = terms.rate.input_fields();
        LoanInput {
            principal: Some(terms.principal),
            annual_rate,
            daily_rate,
            fee_rate: (terms.method == Method::FlatFee).then_some(terms.fee_rate),
            term: Some(terms.term),
            method: Some(terms.method),
            start: Some(terms.start),
            day_count: Some(terms.day_count),
            conventions: terms.conventions.clone(),
        }
    }
}

impl LoanInput {
    /// A loan for tests: `principal` at `rate` over `term` months by `method`, drawn on
    /// `start` (YYYY-MM-DD); every other field left out.
    #[cfg(test)]
    pub(crate) fn test_loan(
        principal: Decimal,
        rate: Rate,
        term: u32,
        method: Method,
        start: &str,
    ) -> Self {
        let (annual_rate, daily_rate) = rate.input_fields();
        LoanInput {
            principal: Some(principal),
            annual_rate,
            daily_rate,
            term: Some(term),
            method: Some(method),
            start: Some(start.parse().unwrap()),
            ..LoanInput::default()
        }
    }

    /// A loan entered from what is left on it, as a lender's app shows it: `balance` to
    /// repay over `left` installments, the next due on `next_due` (on day `due_day` of each
    /// month, when a short month cut it short). These are the terms of a loan drawn on the
    /// previous due date, so every installment from the next one is the lender's; the
    /// installments before are not in the store. A bullet loan's interest runs from the
    /// day it was drawn and a flat fee is charged on the amount first borrowed: those are
    /// entered with their original terms and what was paid. A refusal names the field
    /// entered (the balance, not the principal it stands for).
    pub fn left(
        mut self,
        balance: Decimal,
        left: u32,
        next_due: NaiveDate,
        due_day: Option<u32>,
    ) -> Result<LoanTerms, FieldError> {
        if matches!(self.method, Some(Method::Bullet | Method::FlatFee)) {
            return Err(FieldError::typed(Field::Balance, Problem::LeftMethod));
        }
        let day = due_day.unwrap_or(next_due.day());
        let month_before = next_due
            .checked_sub_months(Months::new(1))
            .unwrap_or(next_due);
        let previous = on_day_clamped(month_before, day);
        // Regular: a month after the previous due date, on the due day (a due day the
        // next due date does not fall on is kept, for validation to refuse).
        let regular =
            add_months(previous, 1) == next_due && on_day_clamped(next_due, day) == next_due;
        self.principal = Some(balance);
        self.term = Some(left);
        self.start = Some(previous);
        self.conventions.first_due = (!regular).then_some(next_due);
        self.conventions.due_day = due_day.filter(|d| !regular && *d != next_due.day());
        LoanTerms::new(&self).map_err(|e| match (e.field, e.problem) {
            (Field::Principal, problem) => FieldError::typed(Field::Balance, problem),
            (Field::Term, problem) => FieldError::typed(Field::InstallmentsLeft, problem),
            (Field::Start | Field::FirstDue, problem) => FieldError::typed(Field::NextDue, problem),
            (field, Problem::DueDayNotCutShort { day, first_due, .. }) => FieldError::typed(
                field,
                Problem::DueDayNotCutShort {
                    day,
                    first_due,
                    next: true,
                },
            ),
            (field, problem) => FieldError::typed(field, problem),
        })
    }
}

impl LoanTerms {
    /// Validate raw fields into loan terms, naming the first field at fault.
    pub fn new(input: &LoanInput) -> Result<Self, FieldError> {
        let principal = input.principal.ok_or(FieldError::typed(
            Field::Principal,
            Problem::Required(Needed::Principal),
        ))?;
        if principal <= Decimal::ZERO {
            return Err(FieldError::typed(
                Field::Principal,
                Problem::NotPositive(principal),
            ));
        }
        if principal.scale() > 2 || principal > MAX_PRINCIPAL {
            return Err(FieldError::typed(
                Field::Principal,
                Problem::Principal {
                    got: principal,
                    max: MAX_PRINCIPAL,
                },
            ));
        }
        const METHODS: [&str; 5] = [
            Method::ALL[0].as_str(),
            Method::ALL[1].as_str(),
            Method::ALL[2].as_str(),
            Method::ALL[3].as_str(),
            Method::ALL[4].as_str(),
        ];
        let method = input.method.ok_or(FieldError::typed(
            Field::Method,
            Problem::Required(Needed::Method(&METHODS)),
        ))?;
        let term = input.term.ok_or(FieldError::typed(
            Field::Term,
            Problem::Required(Needed::Term),
        ))?;
        if !(1..=MAX_TERM).contains(&term) {
            return Err(FieldError::typed(
                Field::Term,
                Problem::OutOfRange {
                    got: term.into(),
                    min: Decimal::ONE,
                    max: MAX_TERM.into(),
                    per: Per::Months,
                },
            ));
        }
        let rate = Self::validate_rate(input, method)?;
        let fee_rate = match (method, input.fee_rate) {
            (Method::FlatFee, None) => {
                return Err(FieldError::typed(
                    Field::FeeRate,
                    Problem::Required(Needed::FeeRate),
                ));
            }
            (Method::FlatFee, Some(f)) if f < Decimal::ZERO || f > MAX_FEE_PERCENT => {
                return Err(FieldError::typed(
                    Field::FeeRate,
                    Problem::OutOfRange {
                        got: f,
                        min: Decimal::ZERO,
                        max: MAX_FEE_PERCENT,
                        per: Per::Month,
                    },
                ));
            }
            (Method::FlatFee, Some(f)) => f,
            (_, Some(_)) => {
                return Err(FieldError::typed(
                    Field::FeeRate,
                    Problem::FeeOnlyForFlatFee {
                        method: method.name(),
                    },
                ));
            }
            (_, None) => Decimal::ZERO,
        };
        let start = input.start.ok_or(FieldError::typed(
            Field::Start,
            Problem::Required(Needed::Start),
        ))?;
        if start < MIN_DATE {
            return Err(FieldError::typed(
                Field::Start,
                Problem::BeforeFirstDate(start),
            ));
        }
        let day_count = input.day_count.unwrap_or(rate.default_day_count());
        let terms = Self {
            principal,
            rate,
            day_count,
            term,
            method,
            start,
            fee_rate,
            conventions: Conventions::default(),
        };
        let conventions = terms.validate_conventions(&input.conventions)?;
        let terms = Self {
            conventions,
            ..terms
        };
        terms.validate_last_date()?;
        Ok(terms)
    }

    /// The last due date must be a four-digit-year date (on or before [`MAX_DATE`]),
    /// else the calendar, the journals and the store would write dates nothing reads.
    fn validate_last_date(&self) -> Result<(), FieldError> {
        let maturity = self.maturity();
        if maturity <= MAX_DATE {
            return Ok(());
        }
        // Maturity grows with the term: the longest term that still ends in time.
        let max_term = (1..self.term)
            .rev()
            .find(|&term| {
                LoanTerms {
                    term,
                    conventions: Conventions {
                        pinned: Vec::new(),
                        ..self.conventions.clone()
                    },
                    ..self.clone()
                }
                .maturity()
                    <= MAX_DATE
            })
            .unwrap_or(0);
        let field = if max_term == 0 {
            Field::Start
        } else {
            Field::Term
        };
        Err(FieldError::typed(
            field,
            Problem::PastLastDate { maturity, max_term },
        ))
    }

    /// The conventions checked against these terms, rate changes put in date order.
    fn validate_conventions(&self, given: &Conventions) -> Result<Conventions, FieldError> {
        if let Some(first) = given.first_due {
            let latest = add_months(self.start, 2);
            if self.method == Method::Bullet {
                return Err(FieldError::typed(
                    Field::FirstDue,
                    Problem::FirstDueOnBullet,
                ));
            }
            if first <= self.start || first > latest {
                return Err(FieldError::typed(
                    Field::FirstDue,
                    Problem::FirstDueWindow {
                        start: self.start,
                        latest,
                        got: first,
                    },
                ));
            }
        }
        if let Some(day) = given.due_day {
            let Some(first_due) = given.first_due else {
                return Err(FieldError::typed(
                    Field::FirstDue,
                    Problem::Required(Needed::FirstDue),
                ));
            };
            if first_due.day() >= day || day > 31 || !is_month_end(first_due) {
                return Err(FieldError::typed(
                    Field::DueDay,
                    Problem::DueDayNotCutShort {
                        day,
                        first_due,
                        next: false,
                    },
                ));
            }
        }
        if let Some(each) = given.installment {
            self.validate_installment(each)?;
        }
        let mut changes = given.rate_changes.clone();
        changes.sort_by_key(|c| c.date);
        if !changes.is_empty() && self.method == Method::FlatFee {
            return Err(FieldError::typed(
                Field::RateChange,
                Problem::RateChangeOnFlatFee,
            ));
        }
        // Only a rate change needs the maturity (most terms `fit` tries have none).
        let maturity = || {
            let with = Conventions {
                first_due: given.first_due,
                rate_changes: Vec::new(),
                ..given.clone()
            };
            LoanTerms {
                conventions: with,
                ..self.clone()
            }
            .maturity()
        };
        for (i, change) in changes.iter().enumerate() {
            let maturity = maturity();
            if change.date <= self.start || change.date > maturity {
                return Err(FieldError::typed(
                    Field::RateChange,
                    Problem::RateChangeWindow {
                        date: change.date,
                        start: self.start,
                        maturity,
                    },
                ));
            }
            if i > 0 && changes[i - 1].date == change.date {
                return Err(FieldError::typed(
                    Field::RateChange,
                    Problem::RateChangeTwice(change.date),
                ));
            }
            let probe = LoanInput {
                annual_rate: matches!(self.rate, Rate::Annual(_)).then_some(change.rate),
                daily_rate: matches!(self.rate, Rate::Daily(_)).then_some(change.rate),
                ..LoanInput::default()
            };
            Self::validate_rate(&probe, self.method).map_err(|e| {
                FieldError::typed(
                    Field::RateChange,
                    Problem::RateChangeRate {
                        date: change.date,
                        problem: Box::new(e.problem),
                    },
                )
            })?;
        }
        self.validate_pinned(&given.pinned, given.estimated, given)?;
        Ok(Conventions {
            rate_changes: changes,
            ..given.clone()
        })
    }

    /// A lender's installment: more than nothing and, with more than one left, no more
    /// than repays the whole balance at once (not even more than a month's interest: on
    /// actual days a long loan's level payment can fall below it, as the property found) (the last installment settles whatever is
    /// left, so any amount in between is a schedule; [`crate::engine::schedule::installment_unlike_ours`]
    /// flags a slip).
    fn validate_installment(&self, each: Decimal) -> Result<(), FieldError> {
        let refuse = |problem| Err(FieldError::typed(Field::Installment, problem));
        if !matches!(
            self.method,
            Method::EqualInstallment | Method::EqualPrincipal
        ) {
            return refuse(Problem::InstallmentMethod);
        }
        if each <= Decimal::ZERO {
            return refuse(Problem::NotPositive(each));
        }
        if each.scale() > 2 {
            return refuse(Problem::Number(
                crate::engine::money::NumberError::TooPrecise(2),
            ));
        }
        let most = self.installment_for(self.principal, 1, self.start);
        if each > most && self.installments() > 1 {
            return refuse(Problem::InstallmentOverBalance { most, got: each });
        }
        Ok(())
    }

    /// The installment that repays `balance` over `periods` periods at the rate of `on`:
    /// the level payment (equal-installment), else an even share of the balance.
    pub fn installment_for(&self, balance: Decimal, periods: u32, on: NaiveDate) -> Decimal {
        match self.method {
            Method::EqualInstallment => crate::engine::money::rounded_annuity_payment(
                balance,
                self.monthly_fraction_on(on),
                periods,
                self.conventions.rounding,
            ),
            _ => self.round(balance / Decimal::from(periods)),
        }
    }

    /// A pinned plan is the lender's rows for this loan's installments, in date order
    /// after the start, amounts of 0 or more: all of them, repaying the principal, or its
    /// first ones (an app's first page), leaving a balance that the installments after
    /// them, falling on the loan's own due dates after the last row, repay.
    fn validate_pinned(
        &self,
        rows: &[PinnedRow],
        estimated: u32,
        dates: &Conventions,
    ) -> Result<(), FieldError> {
        let problem = |problem| Err(FieldError::typed(Field::Pinned, problem));
        let estimate = |problem| Err(FieldError::typed(Field::Estimated, problem));
        if rows.is_empty() {
            return match estimated {
                0 => Ok(()),
                _ => estimate(Problem::PinnedEstimated {
                    estimated,
                    rows: 0,
                    installments: self.installments(),
                }),
            };
        }
        let installments = self.installments();
        if rows.len() > installments as usize {
            return problem(Problem::PinnedRows {
                rows: rows.len(),
                installments,
            });
        }
        let mut after = self.start;
        for (i, row) in rows.iter().enumerate() {
            if row.due_date <= after {
                return problem(Problem::PinnedOrder {
                    row: i + 1,
                    due: row.due_date,
                    after,
                });
            }
            if row.principal < Decimal::ZERO || row.interest < Decimal::ZERO {
                return problem(Problem::PinnedNegative { row: i + 1 });
            }
            after = row.due_date;
        }
        // Our estimate comes before the lender's rows, which then reach the last installment.
        if estimated > 0 && (estimated as usize >= rows.len() || rows.len() < installments as usize)
        {
            return estimate(Problem::PinnedEstimated {
                estimated,
                rows: rows.len(),
                installments,
            });
        }
        let repaid: Decimal = rows.iter().map(|r| r.principal).sum();
        if rows.len() == installments as usize {
            if repaid != self.principal {
                return problem(Problem::PinnedSum {
                    repaid,
                    principal: self.principal,
                });
            }
            return Ok(());
        }
        if repaid >= self.principal {
            return problem(Problem::PinnedPaidOff {
                rows: rows.len(),
                installments,
            });
        }
        // The installments after the rows fall on the loan's own dates.
        let next = rows.len() as u32 + 1;
        let unpinned = LoanTerms {
            conventions: Conventions {
                first_due: dates.first_due,
                due_day: dates.due_day,
                ..Conventions::default()
            },
            ..self.clone()
        };
        if unpinned.due_date(next) <= after {
            return problem(Problem::PinnedOrder {
                row: next as usize,
                due: unpinned.due_date(next),
                after,
            });
        }
        Ok(())
    }

    /// Whether the schedule is the lender's own rows (`reconcile --pin`).
    pub fn is_pinned(&self) -> bool {
        !self.conventions.pinned.is_empty()
    }

    /// Whether the pinned rows are only the first of the plan: the installments after
    /// them are planned with these terms from the lender's balance, an estimate.
    pub fn plans_past_pinned(&self) -> bool {
        self.is_pinned() && self.conventions.pinned.len() < self.installments() as usize
    }

    /// The installment the lender's pinned rows start from, when the ones before it are
    /// our estimate (a plan's last rows pinned).
    pub fn estimated_before_pinned(&self) -> Option<u32> {
        (self.conventions.estimated > 0).then_some(self.conventions.estimated + 1)
    }

    fn validate_rate(input: &LoanInput, method: Method) -> Result<Rate, FieldError> {
        let rate = match (input.annual_rate, input.daily_rate) {
            (Some(_), Some(_)) => {
                return Err(FieldError::typed(Field::AnnualRate, Problem::BothRates));
            }
            (Some(a), None) => Rate::Annual(a),
            (None, Some(d)) => Rate::Daily(d),
            (None, None) if method == Method::FlatFee => Rate::Annual(Decimal::ZERO),
            (None, None) => {
                return Err(FieldError::typed(
                    Field::AnnualRate,
                    Problem::Required(Needed::Rate),
                ));
            }
        };
        match rate {
            Rate::Annual(a) if a < Decimal::ZERO || a > MAX_ANNUAL_PERCENT => {
                Err(FieldError::typed(
                    Field::AnnualRate,
                    Problem::OutOfRange {
                        got: a,
                        min: Decimal::ZERO,
                        max: MAX_ANNUAL_PERCENT,
                        per: Per::Year,
                    },
                ))
            }
            Rate::Daily(d) if d < Decimal::ZERO || d > MAX_DAILY_PERCENT => Err(FieldError::typed(
                Field::DailyRate,
                Problem::OutOfRange {
                    got: d,
                    min: Decimal::ZERO,
                    max: MAX_DAILY_PERCENT,
                    per: Per::Day,
                },
            )),
            // A flat-fee plan is priced by its fee alone; a second price would be ambiguous.
            Rate::Annual(r) | Rate::Daily(r) if method == Method::FlatFee && !r.is_zero() => {
                Err(FieldError::typed(Field::AnnualRate, Problem::RateOnFlatFee))
            }
            _ => Ok(rate),
        }
    }

    /// Nominal annual rate as a fraction (18.25 % → 0.1825), as first agreed.
    pub fn annual_fraction(&self) -> Decimal {
        self.rate.annual_percent(self.day_count) / Decimal::ONE_HUNDRED
    }

    /// The rate in force on `date`: the latest rate change on or before it, else the first.
    pub fn rate_on(&self, date: NaiveDate) -> Rate {
        match self
            .conventions
            .rate_changes
            .iter()
            .rfind(|c| c.date <= date)
        {
            None => self.rate,
            Some(change) => match self.rate {
                Rate::Annual(_) => Rate::Annual(change.rate),
                Rate::Daily(_) => Rate::Daily(change.rate),
            },
        }
    }

    /// The annual rate in force on `date`, as a fraction.
    fn annual_fraction_on(&self, date: NaiveDate) -> Decimal {
        self.rate_on(date).annual_percent(self.day_count) / Decimal::ONE_HUNDRED
    }

    /// The monthly rate of the annuity formula, A/12, whatever the day count, as first agreed.
    pub fn monthly_fraction(&self) -> Decimal {
        self.annual_fraction() / Decimal::from(12)
    }

    /// The annuity formula's monthly rate (A/12) in force on `date`.
    pub fn monthly_fraction_on(&self, date: NaiveDate) -> Decimal {
        self.annual_fraction_on(date) / Decimal::from(12)
    }

    /// Whether a rate change takes effect after `from` and on or before `to`.
    pub fn rate_changes_within(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.conventions
            .rate_changes
            .iter()
            .any(|c| from < c.date && c.date <= to)
    }

    /// An amount rounded to the cent the lender's way.
    pub fn round(&self, amount: Decimal) -> Decimal {
        self.conventions.rounding.cents(amount)
    }

    /// Nominal annual rate in percent; for a flat-fee plan its fee × 12.
    pub fn nominal_annual_percent(&self) -> Decimal {
        match self.method {
            Method::FlatFee => self.fee_rate * Decimal::from(12),
            _ => self.rate.annual_percent(self.day_count),
        }
    }

    /// Number of scheduled installments (a bullet loan has one).
    pub fn installments(&self) -> u32 {
        if self.method == Method::Bullet {
            1
        } else {
            self.term
        }
    }

    /// Due date of installment `k` (1-based); installment 0 is the start.
    pub fn due_date(&self, k: u32) -> NaiveDate {
        if let Some(row) = k
            .checked_sub(1)
            .and_then(|i| self.conventions.pinned.get(i as usize))
        {
            return row.due_date;
        }
        if let (Some(first), 1..) = (self.conventions.first_due, k) {
            let due = add_months(first, k - 1);
            return match self.conventions.due_day {
                Some(day) => on_day_clamped(due, day),
                None => due,
            };
        }
        let months = if self.method == Method::Bullet {
            k * self.term
        } else {
            k
        };
        add_months(self.start, months)
    }

    /// The last scheduled due date.
    pub fn maturity(&self) -> NaiveDate {
        self.due_date(self.installments())
    }

    /// Months one installment spans (the whole term for a bullet loan).
    pub fn months_per_installment(&self) -> u32 {
        if self.method == Method::Bullet {
            self.term
        } else {
            1
        }
    }

    /// Interest on `balance` for installment period `k` (from due date k−1 to due date k).
    /// Under 30/360 a whole period is months × A/12; an irregular first period, or one a
    /// rate change splits, counts its 30/360 days instead.
    pub fn period_interest(&self, balance: Decimal, k: u32) -> Decimal {
        self.round(self.unrounded_period_interest(balance, k))
    }

    /// [`Self::period_interest`] before rounding to the cent.
    pub fn unrounded_period_interest(&self, balance: Decimal, k: u32) -> Decimal {
        self.unrounded_interest_of_period(balance, k, (self.due_date(k - 1), self.due_date(k)))
    }

    /// [`Self::unrounded_period_interest`] of period `k`, from and to its due dates, which
    /// a schedule built period by period already has (each costs a month's arithmetic).
    pub(crate) fn unrounded_interest_of_period(
        &self,
        balance: Decimal,
        k: u32,
        (from, to): (NaiveDate, NaiveDate),
    ) -> Decimal {
        let irregular = k == 1 && !self.first_period_is_a_month();
        let split = self.rate_changes_within(from, to - chrono::Days::new(1));
        match self.day_count {
            DayCount::Thirty360 if !irregular && !split => {
                balance
                    * self.annual_fraction_on(from)
                    * Decimal::from(self.months_per_installment())
                    / Decimal::from(12)
            }
            _ => self.unrounded_interest(balance, from, to),
        }
    }

    /// Whether the first period runs a whole month: from a start on the due day (clamped in
    /// a short month) to the same day a month on. A loan entered from what is left on it
    /// starts on its previous due date, Feb 28 for one due on the 29th.
    fn first_period_is_a_month(&self) -> bool {
        self.conventions.first_due.is_none_or(|first| {
            let day = self.conventions.due_day.unwrap_or(first.day());
            on_day_clamped(self.start, day) == self.start
                && on_day_clamped(add_months(self.start, 1), day) == first
        })
    }

    /// Interest accrued on `amount` over part of a period (a prepayment's interest).
    pub fn accrued_interest(&self, amount: Decimal, from: NaiveDate, to: NaiveDate) -> Decimal {
        self.round(self.unrounded_interest(amount, from, to))
    }

    /// Interest from `from` to `to` by the day count, each stretch at the rate in force.
    fn unrounded_interest(&self, amount: Decimal, from: NaiveDate, to: NaiveDate) -> Decimal {
        let mut total = Decimal::ZERO;
        let mut since = from;
        let changes = self.conventions.rate_changes.iter().map(|c| c.date);
        for until in changes.filter(|&d| from < d && d < to).chain([to]) {
            let days = match self.day_count {
                DayCount::Thirty360 => Decimal::from(days_30_360(since, until)),
                _ => Decimal::from((until - since).num_days()),
            };
            let year = match self.day_count {
                DayCount::Thirty360 => Decimal::from(360),
                _ => self.day_count.year_days(),
            };
            total += amount * self.annual_fraction_on(since) * days / year;
            since = until;
        }
        total
    }
}

/// `date` + `months`, on `date`'s day of month, clamped to the month's last day.
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// Day `day` of `date`'s month, or the month's last day when it is shorter.
pub fn on_day_clamped(date: NaiveDate, day: u32) -> NaiveDate {
    let first = date.with_day(1).unwrap_or(date);
    let last = add_months(first, 1).pred_opt().unwrap_or(date);
    first.with_day(day.clamp(1, last.day())).unwrap_or(date)
}

/// Whether `date` is the last day of its month.
pub fn is_month_end(date: NaiveDate) -> bool {
    date.succ_opt()
        .is_none_or(|next| next.month() != date.month())
}

/// Days between two dates under 30E/360 (ISDA): a month-end counts as the 30th, so a
/// part-period from a clamped due date (Feb 28) counts the days a person would.
pub fn days_30_360(from: NaiveDate, to: NaiveDate) -> i64 {
    let day = |d: NaiveDate| {
        if is_month_end(d) {
            30
        } else {
            i64::from(d.day()).min(30)
        }
    };
    let years = i64::from(to.year() - from.year());
    let months = i64::from(to.month()) - i64::from(from.month());
    360 * years + 30 * months + day(to) - day(from)
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// A nominal annual rate in percent rendered for people, e.g. `18.25 %`.
pub fn percent_label(percent: Decimal) -> String {
    format!(
        "{} %",
        crate::engine::money::round_dp(percent, 2).normalize()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::date;
    use rust_decimal_macros::dec;

    /// 1,000 at 12 % a year, four equal installments, drawn on `start`.
    fn twelve_percent_over_four_months(start: &str) -> LoanInput {
        let rate = Rate::Annual(dec!(12));
        LoanInput::test_loan(dec!(1000), rate, 4, Method::EqualInstallment, start)
    }

    #[test]
    fn due_dates_clamp_from_the_start_day() {
        let terms = LoanTerms::new(&twelve_percent_over_four_months("2026-01-31")).unwrap();
        let dues: Vec<_> = (1..=4).map(|k| terms.due_date(k).to_string()).collect();
        assert_eq!(
            dues,
            ["2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31"]
        );
        assert_eq!(add_months(date("2028-01-31"), 1), date("2028-02-29"));
    }

    /// The installments after a plan's first rows fall on the loan's own dates, its due
    /// day past a short month's end included: a row on 04-29 comes before the next
    /// installment on 04-30, not after one on 04-28.
    #[test]
    fn pinned_rows_are_checked_against_the_due_day() {
        let row = |due: &str, principal| PinnedRow {
            due_date: date(due),
            principal,
            interest: dec!(10),
        };
        let input = LoanInput {
            conventions: Conventions {
                first_due: Some(date("2027-02-28")),
                due_day: Some(31),
                pinned: vec![row("2027-02-28", dec!(250)), row("2027-04-29", dec!(250))],
                ..Conventions::default()
            },
            ..twelve_percent_over_four_months("2027-01-15")
        };
        let terms = LoanTerms::new(&input).expect("the third installment falls on 04-30");
        assert_eq!(terms.due_date(3), date("2027-04-30"));
        let later = LoanInput {
            conventions: Conventions {
                pinned: vec![row("2027-02-28", dec!(250)), row("2027-04-30", dec!(250))],
                ..input.conventions.clone()
            },
            ..input
        };
        let refused = LoanTerms::new(&later).unwrap_err();
        assert_eq!(refused.field, Field::Pinned);
    }

    #[test]
    fn a_due_day_cut_short_by_february_comes_back_in_march() {
        let with = |first_due: Option<&str>, due_day| {
            LoanTerms::new(&LoanInput {
                conventions: Conventions {
                    first_due: first_due.map(date),
                    due_day,
                    ..Conventions::default()
                },
                ..twelve_percent_over_four_months("2028-01-10")
            })
        };
        let terms = with(Some("2028-02-29"), Some(31)).unwrap();
        let dues: Vec<_> = (1..=4).map(|k| terms.due_date(k).to_string()).collect();
        assert_eq!(
            dues,
            ["2028-02-29", "2028-03-31", "2028-04-30", "2028-05-31"]
        );
        // The day must be one the first due date was cut short from.
        for (first_due, day, field) in [
            (None, 31, Field::FirstDue),
            (Some("2028-02-28"), 31, Field::DueDay),
            (Some("2028-02-29"), 29, Field::DueDay),
            (Some("2028-02-29"), 32, Field::DueDay),
            (Some("2028-02-15"), 31, Field::DueDay),
        ] {
            let refused = with(first_due, Some(day)).unwrap_err();
            assert_eq!(refused.field, field, "{first_due:?} {day}");
        }
        assert_eq!(on_day_clamped(date("2027-02-10"), 30), date("2027-02-28"));
        assert_eq!(on_day_clamped(date("2027-03-10"), 30), date("2027-03-30"));
    }

    #[test]
    fn daily_rate_means_actual_365_and_times_365() {
        let rate = Rate::Daily(dec!(0.05));
        assert_eq!(rate.default_day_count(), DayCount::Actual365);
        assert_eq!(rate.annual_percent(DayCount::Actual365), dec!(18.25));
        assert_eq!(rate.annual_percent(DayCount::Actual360), dec!(18.00));
        assert_eq!(
            Rate::Annual(dec!(6)).default_day_count(),
            DayCount::Thirty360
        );
    }

    #[test]
    fn thirty_360_counts_month_ends_as_the_30th() {
        assert_eq!(days_30_360(date("2026-02-28"), date("2026-03-10")), 10);
        assert_eq!(days_30_360(date("2026-01-31"), date("2026-02-28")), 30);
        assert_eq!(days_30_360(date("2026-01-15"), date("2026-07-15")), 180);
        assert_eq!(days_30_360(date("2025-12-20"), date("2026-01-05")), 15);
    }

    #[test]
    fn names_round_trip_and_unknown_names_list_the_accepted() {
        for m in Method::ALL {
            assert_eq!(m.as_str().parse::<Method>(), Ok(m));
        }
        for d in DayCount::ALL {
            assert_eq!(d.as_str().parse::<DayCount>(), Ok(d));
        }
        let err = "annuity".parse::<Method>().unwrap_err().to_string();
        assert!(
            err.contains("equal-installment") && err.contains("flat-fee"),
            "{err}"
        );
    }
}
