//! A refusal of the engine: the field at fault and a typed [`Problem`] (what is wrong,
//! what was given, what is accepted), rendered in English or Chinese by each front end.
//! The English text is the one the command line has always printed.

use crate::engine::money::{NumberError, grouped, plain};
use crate::engine::validate::Invalid;
use crate::language::Language;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::fmt;

/// A field that was not accepted, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct FieldError {
    /// The field (its store and command-line name), e.g. `principal`.
    pub field: &'static str,
    /// What is wrong and what is accepted.
    pub problem: Problem,
}

impl FieldError {
    /// A typed refusal of `field`.
    pub fn typed(field: &'static str, problem: Problem) -> Self {
        Self { field, problem }
    }

    /// The same problem, blamed on another field (a front end's own name for it).
    pub fn on(self, field: &'static str) -> Self {
        Self { field, ..self }
    }

    /// The same refusal, said to be about `record` (one loan of several, …).
    pub fn within(self, record: Record) -> Self {
        Self {
            field: self.field,
            problem: Problem::Within {
                record,
                problem: Box::new(self.problem),
            },
        }
    }

    /// `field: problem` in `lang`.
    pub fn render(&self, lang: Language) -> String {
        let sep = match lang {
            Language::En => ": ",
            Language::Zh => "：",
        };
        format!("{}{sep}{}", self.field, self.problem.render(lang))
    }
}

impl From<Invalid> for FieldError {
    fn from(invalid: Invalid) -> FieldError {
        FieldError {
            field: invalid.field,
            problem: Problem::Invalid(invalid),
        }
    }
}

/// What a required field is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needed {
    /// The amount borrowed.
    Principal,
    /// A repayment method, one of these spellings.
    Method(&'static [&'static str]),
    /// A number of months.
    Term,
    /// An annual or a daily rate.
    Rate,
    /// A flat fee (flat-fee plans).
    FeeRate,
    /// The day the money was drawn.
    Start,
    /// The day a payment was made.
    PaidOn,
    /// The loan or revolving account a payment is for.
    Debt,
}

/// The record a refusal is about, when a check runs over many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    /// A loan, by id.
    Loan(String),
    /// A revolving account, by id.
    Account(String),
    /// A credit line, by name.
    Line(String),
    /// A payment, by its day.
    PaymentOn(NaiveDate),
    /// A saved scenario, by name.
    Scenario(String),
}

impl Record {
    fn render(&self, lang: Language) -> String {
        match (self, lang) {
            (Record::Loan(id), Language::En) => format!("loan {id}"),
            (Record::Loan(id), Language::Zh) => format!("贷款 {id}"),
            (Record::Account(id), Language::En) => format!("account {id}"),
            (Record::Account(id), Language::Zh) => format!("账户 {id}"),
            (Record::Line(name), Language::En) => format!("line {name:?}"),
            (Record::Line(name), Language::Zh) => format!("额度 {name:?}"),
            (Record::PaymentOn(date), Language::En) => format!("payment on {date}"),
            (Record::PaymentOn(date), Language::Zh) => format!("{date} 的还款"),
            (Record::Scenario(name), Language::En) => format!("scenario {name:?}"),
            (Record::Scenario(name), Language::Zh) => format!("情景 {name:?}"),
        }
    }
}

/// The unit a range of a loan term is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Per {
    /// Whole months.
    Months,
    /// Percent per year.
    Year,
    /// Percent per day.
    Day,
    /// Percent of the principal per month.
    Month,
    /// Percent.
    Percent,
}

/// What is wrong with a field: each kind of refusal with what was given and what is
/// accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Not given, and needed.
    Required(Needed),
    /// Zero or less where only more than 0 is accepted.
    NotPositive(Decimal),
    /// A principal with more than two decimals or above the largest.
    Principal { got: Decimal, max: Decimal },
    /// Outside `min..=max` in `per`.
    OutOfRange {
        got: Decimal,
        min: Decimal,
        max: Decimal,
        per: Per,
    },
    /// Both an annual and a daily rate.
    BothRates,
    /// A flat fee on a loan of another method.
    FeeOnlyForFlatFee { method: &'static str },
    /// A rate on a flat-fee plan.
    RateOnFlatFee,
    /// A first due date on a bullet loan.
    FirstDueOnBullet,
    /// A first due date not within two months after the start.
    FirstDueWindow {
        start: NaiveDate,
        latest: NaiveDate,
        got: NaiveDate,
    },
    /// A date before [`crate::engine::validate::MIN_DATE`] (a hand-edited store, a plan).
    BeforeFirstDate(NaiveDate),
    /// A loan whose last due date falls after [`crate::engine::validate::MAX_DATE`]:
    /// `max_term` is the longest term its start allows (0: none; the start is too late).
    PastLastDate { maturity: NaiveDate, max_term: u32 },
    /// A rate change on a flat-fee plan.
    RateChangeOnFlatFee,
    /// A rate change outside the loan's life.
    RateChangeWindow {
        date: NaiveDate,
        start: NaiveDate,
        maturity: NaiveDate,
    },
    /// Two rate changes on one day.
    RateChangeTwice(NaiveDate),
    /// A rate change's new rate refused.
    RateChangeRate {
        date: NaiveDate,
        problem: Box<Problem>,
    },
    /// A pinned plan with the wrong number of rows.
    PinnedRows { rows: usize, installments: u32 },
    /// A pinned row not after the one before.
    PinnedOrder {
        row: usize,
        due: NaiveDate,
        after: NaiveDate,
    },
    /// A pinned row with a negative amount.
    PinnedNegative { row: usize },
    /// Pinned rows that do not repay the principal.
    PinnedSum { repaid: Decimal, principal: Decimal },
    /// Interest to the payment day on a loan not counted in actual days.
    NeedsActualDays {
        method: &'static str,
        day_count: &'static str,
    },
    /// A prepayment dated before the loan starts.
    PrepayBeforeStart { date: NaiveDate, start: NaiveDate },
    /// A prepayment dated after the loan ends.
    PrepayAfterEnd {
        date: NaiveDate,
        maturity: NaiveDate,
    },
    /// A prepayment of 0 or less.
    PrepayNotPositive(Decimal),
    /// Terms whose payment never covers the interest.
    Runaway { period: u32, max: Decimal },
    /// A payment dated before the loan starts.
    BeforeStart { date: NaiveDate, start: NaiveDate },
    /// A payment above what pays the loan off that day.
    AboveOwed {
        amount: Decimal,
        payoff: Decimal,
        date: NaiveDate,
    },
    /// More installments paid than are due.
    PaidCount {
        got: u32,
        due: u32,
        as_of: NaiveDate,
    },
    /// Left empty.
    Missing,
    /// Not a number as typed.
    Number(NumberError),
    /// Not a whole number.
    NotAWholeNumber,
    /// A payment dated after today.
    InFuture { date: NaiveDate, today: NaiveDate },
    /// No credit line of this name.
    NoSuchLine(String),
    /// No loan of this id (and where to see them, `list`, when `see_list`).
    NoSuchLoan { id: String, see_list: bool },
    /// A whole number outside `min..=max`.
    Between { got: u32, min: u32, max: u32 },
    /// A date before the as-of date: a what-if happens then or later.
    BeforeAsOf { date: NaiveDate, as_of: NaiveDate },
    /// A date after the as-of date: a payment is recorded when made.
    AfterAsOf { date: NaiveDate, as_of: NaiveDate },
    /// A date more than `years` after `of`.
    TooFarAhead { of: NaiveDate, years: u32 },
    /// More drawn on a line than it has available.
    AboveAvailable {
        drawn: Decimal,
        line: String,
        available: Decimal,
    },
    /// A loan without installment `period` (it has `count`).
    NoInstallment {
        loan: String,
        period: u32,
        count: usize,
    },
    /// An installment already paid.
    InstallmentPaid { loan: String, period: u32 },
    /// The terms of a loan a what-if would borrow, refused.
    Borrowing(Box<FieldError>),
    /// An installment already `days` late.
    AlreadyLate {
        loan: String,
        period: u32,
        days: i64,
    },
    /// A value outside the one range of [`crate::engine::validate`].
    Invalid(Invalid),
    /// A day of the month outside 1–31.
    DayOfMonth(u32),
    /// No minimum payment at all (0 % and no floor).
    NoMinimum,
    /// An id two records share (loans and accounts share one set; payments are `P…`).
    IdTwice(String),
    /// A loan or account drawing on a line the store does not have.
    UnknownLine { id: String, line: String },
    /// Not one of the accepted spellings (a method, a day count, a mode, …).
    NotOneOf {
        got: String,
        accepted: Vec<&'static str>,
    },
    /// Two saved scenarios of one name.
    ScenarioTwice(String),
    /// Not the one value accepted (a store's version when it is saved).
    Exactly { got: u32, want: u32 },
    /// A refusal about one record of several.
    Within {
        record: Record,
        problem: Box<Problem>,
    },
    /// A refusal of a layer above the engine (the book, the limit projection), already
    /// rendered in both languages from its own type.
    Said { en: String, zh: String },
}

/// The one of `all` spelled `text` (each spelled by `name`), or which spellings are
/// accepted.
pub fn choose<T: Copy>(text: &str, all: &[T], name: fn(T) -> &'static str) -> Result<T, Problem> {
    (all.iter().copied().find(|x| name(*x) == text)).ok_or_else(|| Problem::NotOneOf {
        got: text.to_string(),
        accepted: all.iter().map(|x| name(*x)).collect(),
    })
}

impl std::error::Error for Problem {}

impl Problem {
    /// Another layer's refusal, from its own rendering in each language.
    pub fn said(render: impl Fn(Language) -> String) -> Problem {
        Problem::Said {
            en: render(Language::En),
            zh: render(Language::Zh),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Language::En))
    }
}

impl Problem {
    /// What is wrong and what is accepted, in `lang`.
    pub fn render(&self, lang: Language) -> String {
        match lang {
            Language::En => self.en(),
            Language::Zh => self.zh(),
        }
    }

    fn en(&self) -> String {
        match self {
            Problem::Required(needed) => match needed {
                Needed::Principal => "required: the amount borrowed".into(),
                Needed::Method(all) => format!("required; accepted: {}", all.join(", ")),
                Needed::Term => "required: number of months".into(),
                Needed::Rate => {
                    "required: --annual-rate (percent per year) or --daily-rate (percent per day)"
                        .into()
                }
                Needed::FeeRate => {
                    "required with --method flat-fee: percent of the principal per month, e.g. 0.6"
                        .into()
                }
                Needed::Start => "required: the date the money was drawn, YYYY-MM-DD".into(),
                Needed::PaidOn => "required: the date paid, YYYY-MM-DD".into(),
                Needed::Debt => "required: a loan or account id".into(),
            },
            Problem::NotPositive(got) => format!("must be greater than 0 (got {got})"),
            Problem::Principal { got, max } => {
                format!("must have at most 2 decimals and be at most {max} (got {got})")
            }
            Problem::OutOfRange { got, min, max, per } => {
                let what = match per {
                    Per::Months => "a whole number of months",
                    Per::Year => "a percent per year",
                    Per::Day => "a percent per day",
                    Per::Month => "a percent per month",
                    Per::Percent => "a percent",
                };
                format!("must be {what} from {min} to {max} (got {got})")
            }
            Problem::BothRates => "give either --annual-rate or --daily-rate, not both".into(),
            Problem::FeeOnlyForFlatFee { method } => {
                format!("only applies to --method flat-fee (this loan is {method})")
            }
            Problem::RateOnFlatFee => {
                "a flat-fee plan is priced by --fee-rate; leave the rate out (or 0)".into()
            }
            Problem::FirstDueOnBullet => {
                "does not apply to a bullet loan (its one payment is at maturity)".into()
            }
            Problem::FirstDueWindow { start, latest, got } => format!(
                "must be after the start ({start}) and at most two months later ({latest}) (got {got})"
            ),
            Problem::BeforeFirstDate(got) => format!(
                "{} is before {}, the earliest date supported; accepted: {} to {}",
                date_text(*got),
                crate::engine::validate::MIN_DATE,
                crate::engine::validate::MIN_DATE,
                crate::engine::validate::MAX_DATE
            ),
            Problem::PastLastDate { maturity, max_term } => {
                let last = crate::engine::validate::MAX_DATE;
                let accepted = if *max_term == 0 {
                    format!("an earlier start, so that the last due date falls by {last}")
                } else {
                    format!("1 to {max_term} months from this start")
                };
                format!(
                    "the last due date would be {}, after {last}, the latest date supported; accepted: {accepted}",
                    date_text(*maturity)
                )
            }
            Problem::RateChangeOnFlatFee => {
                "a flat-fee plan has no rate to change (its fee is fixed)".into()
            }
            Problem::RateChangeWindow {
                date,
                start,
                maturity,
            } => format!(
                "date {date} must be after the start ({start}) and on or before the last due date ({maturity})"
            ),
            Problem::RateChangeTwice(date) => format!("two rate changes on {date}; give one"),
            Problem::RateChangeRate { date, problem } => format!("on {date}: {}", problem.en()),
            Problem::PinnedRows { rows, installments } => {
                format!("{rows} rows for a loan of {installments} installments")
            }
            Problem::PinnedOrder { row, due, after } => {
                format!("row {row}: due date {due} must be after {after}")
            }
            Problem::PinnedNegative { row } => format!("row {row}: amounts must be 0 or more"),
            Problem::PinnedSum { repaid, principal } => {
                format!("the rows repay {repaid}, the loan is {principal}")
            }
            Problem::NeedsActualDays { method, day_count } => format!(
                "to-payment-date needs interest on actual days (--day-count actual/365 or actual/360, not flat-fee); this loan is {method} {day_count}"
            ),
            Problem::PrepayBeforeStart { date, start } => {
                format!("date {date} is before the loan starts ({start})")
            }
            Problem::PrepayAfterEnd { date, maturity } => {
                format!("date {date} is after the loan ends ({maturity})")
            }
            Problem::PrepayNotPositive(got) => format!("amount must be greater than 0 (got {got})"),
            Problem::Runaway { period, max } => format!(
                "the payment does not cover the interest, and by period {period} the \
                 balance would pass {}: a shorter term, a lower rate or another method",
                plain(*max)
            ),
            Problem::BeforeStart { date, start } => {
                format!("{date} is before the loan starts ({start})")
            }
            Problem::AboveOwed {
                amount,
                payoff,
                date,
            } => format!(
                "{} is more than is owed: {} pays the loan off on {date}",
                plain(*amount),
                plain(*payoff)
            ),
            Problem::PaidCount { got, due, as_of } => format!(
                "must be from 0 to {due}, the installments due by {as_of} (got {got}); record later ones with `pay` when paid"
            ),
            Problem::Missing => "required".into(),
            Problem::Number(e) => e.to_string(),
            Problem::NotAWholeNumber => "expected a whole number".into(),
            Problem::InFuture { date, today } => {
                format!("{date} is in the future (today is {today})")
            }
            Problem::NoSuchLine(name) => format!("no credit line named {name:?}"),
            Problem::NoSuchLoan { id, see_list } => {
                let see = if *see_list {
                    "; see `loandash list`"
                } else {
                    ""
                };
                format!("no loan with id {id:?}{see}")
            }
            Problem::Between { got, min, max } => {
                format!("must be from {min} to {max} (got {got})")
            }
            Problem::BeforeAsOf { date, as_of } => {
                format!("{date} is before the as-of date {as_of}; a what-if happens then or later")
            }
            Problem::AfterAsOf { date, as_of } => {
                format!("{date} is after the as-of date {as_of}; a payment is recorded when made")
            }
            Problem::TooFarAhead { of, years } => format!("must be within {years} years of {of}"),
            Problem::AboveAvailable {
                drawn,
                line,
                available,
            } => format!(
                "{} is more than line {line} has available ({})",
                grouped(*drawn),
                grouped(*available)
            ),
            Problem::NoInstallment {
                loan,
                period,
                count,
            } => format!("loan {loan} has no installment {period} (1–{count})"),
            Problem::InstallmentPaid { loan, period } => {
                format!("installment {period} of loan {loan} is already paid")
            }
            Problem::AlreadyLate { loan, period, days } => {
                format!("installment {period} of loan {loan} is already {days} days late")
            }
            Problem::Borrowing(e) => format!("borrowing: {e}"),
            Problem::Invalid(invalid) => invalid.problem(Language::En),
            Problem::DayOfMonth(day) => format!("must be a day of month 1–31 (got {day})"),
            Problem::NoMinimum => "must be above 0 unless min_floor sets a minimum".into(),
            Problem::IdTwice(id) => format!("id {id} is used twice"),
            Problem::UnknownLine { id, line } => format!("{id} draws on unknown line {line:?}"),
            Problem::NotOneOf { got, accepted } => {
                format!("{got:?} is not accepted; accepted: {}", accepted.join(", "))
            }
            Problem::ScenarioTwice(name) => format!("scenario {name:?} is saved twice"),
            Problem::Exactly { got, want } => format!("must be {want} (got {got})"),
            Problem::Within { record, problem } => {
                format!("{}: {}", record.render(Language::En), problem.en())
            }
            Problem::Said { en, .. } => en.clone(),
        }
    }

    fn zh(&self) -> String {
        match self {
            Problem::Required(needed) => match needed {
                Needed::Principal => "必填：借款金额".into(),
                Needed::Method(all) => format!("必填；可选：{}", all.join("、")),
                Needed::Term => "必填：月数".into(),
                Needed::Rate => "必填：年利率（每年 %）或日利率（每日 %）".into(),
                Needed::FeeRate => "分期手续费方式必填：每月占本金的百分比，如 0.6".into(),
                Needed::Start => "必填：放款日期，YYYY-MM-DD".into(),
                Needed::PaidOn => "必填：还款日期，YYYY-MM-DD".into(),
                Needed::Debt => "必填：贷款或账户编号".into(),
            },
            Problem::NotPositive(got) => format!("必须大于 0（输入为 {got}）"),
            Problem::Principal { got, max } => {
                format!("最多两位小数，且不超过 {max}（输入为 {got}）")
            }
            Problem::OutOfRange { got, min, max, per } => {
                let what = match per {
                    Per::Months => "月数（整数）",
                    Per::Year => "年利率（%）",
                    Per::Day => "日利率（%）",
                    Per::Month => "每月费率（%）",
                    Per::Percent => "百分比（%）",
                };
                format!("{what}须在 {min} 至 {max} 之间（输入为 {got}）")
            }
            Problem::BothRates => "年利率和日利率只能填一个".into(),
            Problem::FeeOnlyForFlatFee { method } => {
                format!("仅适用于分期手续费方式（此贷款为 {method}）")
            }
            Problem::RateOnFlatFee => "分期手续费方式按手续费计价；利率请留空（或填 0）".into(),
            Problem::FirstDueOnBullet => "不适用于到期一次还本付息（只在到期日还一次）".into(),
            Problem::FirstDueWindow { start, latest, got } => {
                format!("须晚于放款日（{start}），且最多晚两个月（{latest}）（输入为 {got}）")
            }
            Problem::BeforeFirstDate(got) => format!(
                "{} 早于支持的最早日期 {}；可接受：{} 至 {}",
                date_text(*got),
                crate::engine::validate::MIN_DATE,
                crate::engine::validate::MIN_DATE,
                crate::engine::validate::MAX_DATE
            ),
            Problem::PastLastDate { maturity, max_term } => {
                let last = crate::engine::validate::MAX_DATE;
                let accepted = if *max_term == 0 {
                    format!("更早的放款日，使最后到期日不晚于 {last}")
                } else {
                    format!("从此放款日起 1 至 {max_term} 个月")
                };
                format!(
                    "最后到期日将是 {}，晚于支持的最晚日期 {last}；可接受：{accepted}",
                    date_text(*maturity)
                )
            }
            Problem::RateChangeOnFlatFee => "分期手续费方式没有可调整的利率（手续费固定）".into(),
            Problem::RateChangeWindow {
                date,
                start,
                maturity,
            } => format!("日期 {date} 须晚于放款日（{start}），且不晚于最后到期日（{maturity}）"),
            Problem::RateChangeTwice(date) => format!("{date} 有两次利率调整；只能有一次"),
            Problem::RateChangeRate { date, problem } => format!("{date}：{}", problem.zh()),
            Problem::PinnedRows { rows, installments } => {
                format!("{rows} 行，但贷款共 {installments} 期")
            }
            Problem::PinnedOrder { row, due, after } => {
                format!("第 {row} 行：到期日 {due} 须晚于 {after}")
            }
            Problem::PinnedNegative { row } => format!("第 {row} 行：金额须大于或等于 0"),
            Problem::PinnedSum { repaid, principal } => {
                format!("各行合计还本 {repaid}，贷款本金为 {principal}")
            }
            Problem::NeedsActualDays { method, day_count } => format!(
                "按实际还款日计息需要按实际天数计息（计息方式 actual/365 或 actual/360，且非分期手续费）；此贷款为 {method} {day_count}"
            ),
            Problem::PrepayBeforeStart { date, start } => {
                format!("日期 {date} 早于放款日（{start}）")
            }
            Problem::PrepayAfterEnd { date, maturity } => {
                format!("日期 {date} 晚于贷款结束日（{maturity}）")
            }
            Problem::PrepayNotPositive(got) => format!("金额必须大于 0（输入为 {got}）"),
            Problem::Runaway { period, max } => format!(
                "每期还款不足以覆盖利息，到第 {period} 期余额将超过 {}：请缩短期限、降低利率或换一种还款方式",
                plain(*max)
            ),
            Problem::BeforeStart { date, start } => {
                format!("{date} 早于放款日（{start}）")
            }
            Problem::AboveOwed {
                amount,
                payoff,
                date,
            } => format!(
                "{} 超过了欠款：{date} 还 {} 即可结清",
                plain(*amount),
                plain(*payoff)
            ),
            Problem::PaidCount { got, due, as_of } => format!(
                "须在 0 至 {due} 之间，即 {as_of} 前已到期的期数（输入为 {got}）；之后的还款请在还款时记录"
            ),
            Problem::Missing => "必填".into(),
            Problem::Number(NumberError::Malformed) => {
                "不是普通的十进制数字（只含数字，最多一个“.”）".into()
            }
            Problem::Number(NumberError::TooPrecise(dp)) => format!("小数位不能超过 {dp} 位"),
            Problem::NotAWholeNumber => "应为整数".into(),
            Problem::InFuture { date, today } => format!("{date} 在未来（今天是 {today}）"),
            Problem::NoSuchLine(name) => format!("没有名为 {name:?} 的额度"),
            Problem::NoSuchLoan { id, see_list } => {
                let see = if *see_list {
                    "；见 `loandash list`"
                } else {
                    ""
                };
                format!("没有编号为 {id:?} 的贷款{see}")
            }
            Problem::Between { got, min, max } => {
                format!("须在 {min} 至 {max} 之间（输入为 {got}）")
            }
            Problem::BeforeAsOf { date, as_of } => {
                format!("{date} 早于计算日 {as_of}；假设只能发生在当天或之后")
            }
            Problem::AfterAsOf { date, as_of } => {
                format!("{date} 晚于计算日 {as_of}；还款在发生时才记录")
            }
            Problem::TooFarAhead { of, years } => format!("须在 {of} 之后 {years} 年以内"),
            Problem::AboveAvailable {
                drawn,
                line,
                available,
            } => format!(
                "{} 超过了额度 {line} 的可用金额（{}）",
                grouped(*drawn),
                grouped(*available)
            ),
            Problem::NoInstallment {
                loan,
                period,
                count,
            } => format!("贷款 {loan} 没有第 {period} 期（共 1–{count} 期）"),
            Problem::InstallmentPaid { loan, period } => {
                format!("贷款 {loan} 的第 {period} 期已还清")
            }
            Problem::AlreadyLate { loan, period, days } => {
                format!("贷款 {loan} 的第 {period} 期已逾期 {days} 天")
            }
            Problem::Borrowing(e) => format!("借款：{}", e.render(Language::Zh)),
            Problem::Invalid(invalid) => invalid.problem(Language::Zh),
            Problem::DayOfMonth(day) => format!("须为每月的第 1–31 日（输入为 {day}）"),
            Problem::NoMinimum => "须大于 0，除非设了最低还款额（min_floor）".into(),
            Problem::IdTwice(id) => format!("编号 {id} 重复使用"),
            Problem::UnknownLine { id, line } => format!("{id} 使用的额度 {line:?} 不存在"),
            Problem::NotOneOf { got, accepted } => {
                format!("不接受 {got:?}；可选：{}", accepted.join("、"))
            }
            Problem::ScenarioTwice(name) => format!("情景 {name:?} 保存了两次"),
            Problem::Exactly { got, want } => format!("须为 {want}（输入为 {got}）"),
            Problem::Within { record, problem } => {
                format!("{}：{}", record.render(Language::Zh), problem.zh())
            }
            Problem::Said { zh, .. } => zh.clone(),
            // Untyped checks speak English only; the field name still says where.
        }
    }
}

/// A date as people write it: past year 9999 chrono writes `+10049-12-31`; the sign is
/// dropped so the message reads as a date.
fn date_text(date: NaiveDate) -> String {
    date.to_string().trim_start_matches('+').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn english_is_the_command_lines_text_and_chinese_names_the_same_values() {
        let e = FieldError::typed(
            "term",
            Problem::OutOfRange {
                got: dec!(0),
                min: dec!(1),
                max: dec!(600),
                per: Per::Months,
            },
        );
        assert_eq!(
            e.to_string(),
            "term: must be a whole number of months from 1 to 600 (got 0)"
        );
        assert_eq!(
            e.render(Language::Zh),
            "term：月数（整数）须在 1 至 600 之间（输入为 0）"
        );
        let e = e.within(Record::Loan("L3".into()));
        assert_eq!(
            e.to_string(),
            "term: loan L3: must be a whole number of months from 1 to 600 (got 0)"
        );
        assert!(e.render(Language::Zh).contains("贷款 L3："));
    }

    #[test]
    fn the_simulators_refusals_keep_their_english_and_have_chinese() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let cases = [
            (
                Problem::Between {
                    got: 400,
                    min: 1,
                    max: 365,
                },
                "must be from 1 to 365 (got 400)",
            ),
            (
                Problem::BeforeAsOf {
                    date: d("2026-01-01"),
                    as_of: d("2026-02-01"),
                },
                "2026-01-01 is before the as-of date 2026-02-01; a what-if happens then or later",
            ),
            (
                Problem::AboveAvailable {
                    drawn: dec!(5000),
                    line: "jb".into(),
                    available: dec!(1000),
                },
                "5,000.00 is more than line jb has available (1,000.00)",
            ),
            (
                Problem::Borrowing(Box::new(FieldError::typed(
                    "term",
                    Problem::Required(Needed::Term),
                ))),
                "borrowing: term: required: number of months",
            ),
        ];
        for (problem, en) in cases {
            assert_eq!(problem.to_string(), en);
            let zh = problem.render(Language::Zh);
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{zh}"
            );
        }
    }
}
