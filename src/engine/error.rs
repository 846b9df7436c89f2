//! A refusal of the engine: the field at fault and a typed [`Problem`] (what is wrong,
//! what was given, what is accepted), rendered in English or Chinese by each front end.
//! The English text is the one the command line has always printed.

use crate::engine::field::Field;
use crate::engine::money::{NumberError, grouped, plain};
use crate::engine::validate::Invalid;
use crate::language::{Language, Name};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::fmt;

/// A field that was not accepted, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct FieldError {
    /// The field, spelled by whoever renders the refusal.
    pub field: Field,
    /// What is wrong and what is accepted.
    pub problem: Problem,
}

impl FieldError {
    /// A typed refusal of `field`.
    pub fn typed(field: Field, problem: Problem) -> Self {
        Self { field, problem }
    }

    /// The same problem, blamed on another field (the one the user gave).
    pub fn on(self, field: Field) -> Self {
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
        format!(
            "{}{}{}",
            self.field,
            lang.colon(),
            self.problem.render(lang)
        )
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
    /// A first due date (a due day past a short month's end is kept beside it).
    FirstDue,
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
        let say = |en: String, zh: String| lang.pick(en, zh);
        match self {
            Record::Loan(id) => say(format!("loan {id}"), format!("贷款 {id}")),
            Record::Account(id) => say(format!("account {id}"), format!("账户 {id}")),
            Record::Line(name) => say(format!("line {name:?}"), format!("额度 {name:?}")),
            Record::PaymentOn(date) => say(format!("payment on {date}"), format!("{date} 的还款")),
            Record::Scenario(name) => say(format!("scenario {name:?}"), format!("情景 {name:?}")),
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
    FeeOnlyForFlatFee { method: Name },
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
    /// A due day that is not later than the first due date's day, or a first due date
    /// that a short month did not clamp (it is not its month's last day). `next`: the
    /// date was given as the next due date of a loan entered from what is left.
    DueDayNotCutShort {
        day: u32,
        first_due: NaiveDate,
        next: bool,
    },
    /// A lender's installment on a method without a level one.
    InstallmentMethod,
    /// What is left of a bullet or flat-fee loan, which needs its original terms.
    LeftMethod,
    /// What is left on a loan given beside one of its original terms (this field).
    LeftWithTerms(Field),
    /// A lender's installment above what repays the whole balance at once.
    InstallmentOverBalance { most: Decimal, got: Decimal },
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
    /// The first rows of a longer pinned plan that already repay the whole principal.
    PinnedPaidOff { rows: usize, installments: u32 },
    /// Rows from the middle of a plan, pinned: neither its first nor its last rows.
    PinnedMiddleRows {
        first: u32,
        last: u32,
        installments: u32,
    },
    /// Pinned from a plan's last rows, the installment before them would repay a negative
    /// principal: the lender's rows start from more than ours leave before that one.
    PinnedLastRowsOwe {
        installment: u32,
        ours: Decimal,
        lenders: Decimal,
    },
    /// A store's count of estimated pinned rows that leaves no lender's row, or whose
    /// lender's rows stop short of the last installment.
    PinnedEstimated {
        estimated: u32,
        rows: usize,
        installments: u32,
    },
    /// Rows read as a whole plan whose last row still leaves `left` owed: pinned, they
    /// would make the loan what they repay.
    PinnedNotWhole { left: Decimal },
    /// Interest to the payment day on a loan not counted in actual days.
    NeedsActualDays {
        method: Name,
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
    /// A statement day and due day that make some statement fall due on or after the
    /// next cut (see [`crate::engine::revolving::due_before_next_cut`]).
    DueOnNextCut { statement_day: u32, due_day: u32 },
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
    /// Not a percentage as typed.
    NotPercent(NumberError),
    /// Not a whole number of months (from 1 to `max`).
    NotMonths { max: u32 },
    /// Not of the form of a value typed in parts (`DATE:RATE`, …).
    NotForm { form: Form, got: String },
    /// One part of a value typed in parts refused: the part is its field.
    Part {
        form: Form,
        whole: String,
        part: Box<FieldError>,
    },
    /// A refusal of a layer above the engine (the book, the limit projection), already
    /// rendered in both languages from its own type.
    Said { en: String, zh: String },
}

/// A value typed as one piece of text with parts (a flag, a CSV cell): what its form is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `DATE:RATE`: a rate change.
    RateChange,
    /// `DATE:AMOUNT:MODE`: a prepayment.
    Prepay,
    /// `DATE:PRINCIPAL:INTEREST`: a lender's installment kept as the loan's own.
    PinnedRow,
    /// `on-time`, `borrow:AMOUNT`, `prepay:AMOUNT` or `miss:DAYS`: a limit outlook.
    Outlook,
    /// `YYYY-MM`: a month.
    Month,
}

impl Form {
    /// What is expected, with an example.
    fn expected(self, lang: Language) -> &'static str {
        let (en, zh) = match self {
            Form::RateChange => (
                "expected DATE:RATE, e.g. 2027-01-01:3.95",
                "应为 日期:利率，日期为 YYYY-MM-DD，利率为百分数，例如 2027-01-01:3.95",
            ),
            Form::Prepay => (
                "expected DATE:AMOUNT:MODE, e.g. 2026-03-10:3000:reduce",
                "应为 日期:金额:方式，日期为 YYYY-MM-DD，金额大于 0，方式为 shorten 或 reduce，例如 2026-03-10:3000:reduce",
            ),
            Form::PinnedRow => (
                "expected DATE:PRINCIPAL:INTEREST, e.g. 2026-02-10:1616.50:140.00",
                "应为 日期:本金:利息，日期为 YYYY-MM-DD，金额最多两位小数，例如 2026-02-10:1616.50:140.00",
            ),
            Form::Outlook => (
                "expected on-time, borrow:AMOUNT, prepay:AMOUNT or miss:DAYS",
                "应为 on-time、borrow:金额、prepay:金额（金额大于 0）或 miss:天数（1 至 3650）",
            ),
            Form::Month => (
                "expected a month YYYY-MM with a four-digit year",
                "应为四位年份的月份 YYYY-MM，例如 2026-12",
            ),
        };
        lang.pick(en, zh)
    }

    /// `whole` split at each ':' into its `N` parts; refused whole with more or fewer.
    pub fn parts<const N: usize>(self, whole: &str) -> Result<[&str; N], Problem> {
        let parts: Vec<&str> = whole.split(':').collect();
        parts.try_into().map_err(|_| self.refuse(whole))
    }

    /// The date part `text` of `whole`: YYYY-MM-DD.
    pub fn date(self, whole: &str, text: &str) -> Result<NaiveDate, Problem> {
        crate::engine::validate::date(Field::Date, text)
            .map_err(|e| self.refuse_part(whole, Field::Date, Problem::Invalid(e)))
    }

    /// The amount part `text` of `whole`: more than 0, with at most two decimals.
    pub fn positive_amount(self, whole: &str, text: &str) -> Result<Decimal, Problem> {
        let refuse = |problem| self.refuse_part(whole, Field::Amount, problem);
        match crate::engine::money::parse_decimal(text, 2) {
            Ok(amount) if amount > Decimal::ZERO => Ok(amount),
            Ok(amount) => Err(refuse(Problem::NotPositive(amount))),
            Err(e) => Err(refuse(Problem::Number(e))),
        }
    }

    /// `text` refused as a whole: not of this form.
    pub fn refuse(self, text: &str) -> Problem {
        Problem::NotForm {
            form: self,
            got: text.to_string(),
        }
    }

    /// `text` refused for its part `field`, with `problem`.
    pub fn refuse_part(self, text: &str, field: Field, problem: Problem) -> Problem {
        Problem::Part {
            form: self,
            whole: text.to_string(),
            part: Box::new(FieldError::typed(field, problem)),
        }
    }
}

/// The name of a part of a value typed in parts.
fn part_name(field: Field, lang: Language) -> &'static str {
    let zh = match field {
        Field::Date => "日期",
        Field::Amount => "金额",
        Field::Rate => "利率",
        Field::Mode => "方式",
        Field::Days => "天数",
        Field::Principal => "本金",
        Field::Interest => "利息",
        _ => field.flag(),
    };
    lang.pick(field.flag(), zh)
}

/// The one of `all` spelled `text` (each spelled by `name`), or which spellings are
/// accepted.
pub fn choose<T: Copy>(text: &str, all: &[T], name: fn(T) -> &'static str) -> Result<T, Problem> {
    (all.iter().copied().find(|x| name(*x) == text)).ok_or_else(|| Problem::NotOneOf {
        got: text.to_string(),
        accepted: all.iter().map(|x| name(*x)).collect(),
    })
}

/// Choices spelled by `as_str` and listed in `ALL` (`spelled!(Method, …)`): shown as
/// their spelling and read back by [`choose`], the one way every choice is written and
/// read; `spelled!(text: …)` adds serde's `String` conversions for those the store keeps
/// as their spelling (`actual/365` is no RON identifier).
macro_rules! spelled {
    (text: $($choice:ty),+) => {$(
        impl From<$choice> for String {
            fn from(choice: $choice) -> String {
                choice.as_str().to_string()
            }
        }

        impl TryFrom<String> for $choice {
            type Error = $crate::engine::error::Problem;
            fn try_from(text: String) -> Result<Self, Self::Error> {
                text.parse()
            }
        }
    )+};
    ($($choice:ty),+) => {$(
        impl std::fmt::Display for $choice {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $choice {
            type Err = $crate::engine::error::Problem;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $crate::engine::error::choose(s, &<$choice>::ALL, <$choice>::as_str)
            }
        }
    )+};
}
pub(crate) use spelled;

// Here, not in language.rs (which the engine imports): its refusal is a `Problem`.
impl std::str::FromStr for Language {
    type Err = Problem;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        choose(s, &Language::ALL, Language::as_str)
    }
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
    /// What is wrong and what is accepted, in `lang`: each kind said once, in both
    /// languages side by side.
    pub fn render(&self, lang: Language) -> String {
        let say = |en: String, zh: String| lang.pick(en, zh);
        let first = crate::engine::validate::MIN_DATE;
        let last = crate::engine::validate::MAX_DATE;
        match self {
            Problem::Required(needed) => needed.render(lang),
            Problem::NotPositive(got) => say(
                format!("must be greater than 0 (got {got})"),
                format!("必须大于 0（输入为 {got}）"),
            ),
            Problem::Principal { got, max } => say(
                format!("must have at most 2 decimals and be at most {max} (got {got})"),
                format!("最多两位小数，且不超过 {max}（输入为 {got}）"),
            ),
            Problem::OutOfRange { got, min, max, per } => {
                let per = per.said(lang);
                say(
                    format!("must be {per} from {min} to {max} (got {got})"),
                    format!("{per}须在 {min} 至 {max} 之间（输入为 {got}）"),
                )
            }
            Problem::BothRates => say(
                "give either --annual-rate or --daily-rate, not both".into(),
                "年利率和日利率只能填一个".into(),
            ),
            Problem::FeeOnlyForFlatFee { method } => say(
                format!(
                    "only applies to --method flat-fee (this loan is {})",
                    method.en
                ),
                format!("仅适用于分期手续费方式（此贷款为{}）", method.zh),
            ),
            Problem::RateOnFlatFee => say(
                "a flat-fee plan is priced by --fee-rate; leave the rate out (or 0)".into(),
                "分期手续费方式按手续费计价；利率请留空（或填 0）".into(),
            ),
            Problem::FirstDueOnBullet => say(
                "does not apply to a bullet loan (its one payment is at maturity)".into(),
                "不适用于到期一次还本付息（只在到期日还一次）".into(),
            ),
            Problem::FirstDueWindow { start, latest, got } => say(
                format!(
                    "must be after the start ({start}) and at most two months later ({latest}) (got {got})"
                ),
                format!("须晚于放款日（{start}），且最多晚两个月（{latest}）（输入为 {got}）"),
            ),
            Problem::DueDayNotCutShort {
                day,
                first_due,
                next,
            } => {
                let (en, zh) = match next {
                    true => ("next due date", "下次还款日"),
                    false => ("first due date", "首个还款日"),
                };
                say(
                    format!(
                        "day {day} goes with a {en} cut short by a short month, on its last day and before day {day} (got {first_due}); otherwise give the {en} alone"
                    ),
                    format!(
                        "还款日 {day} 日只配合因小月提前到月末的{zh}（须为当月最后一天，且早于 {day} 日；输入为 {first_due}）；否则只填{zh}"
                    ),
                )
            }
            Problem::InstallmentMethod => say(
                "applies only to equal-installment (the level payment) and equal-principal (the principal each period repays)".into(),
                "只适用于等额本息（每月还款额）和等额本金（每期应还本金）".into(),
            ),
            Problem::LeftMethod => say(
                "a bullet loan's interest runs from the day it was drawn and a flat fee is charged on the amount first borrowed: enter it with its original terms and the installments already paid".into(),
                "到期一次还本付息的利息自放款日起算、分期手续费按最初借款额收取：请按最初的借款条款和已还期数录入".into(),
            ),
            Problem::LeftWithTerms(term) => {
                let term = term.key();
                say(
                    format!("a loan is entered by what is left on it or by its original terms, not both: {term} is one of those"),
                    format!("借款按剩余本金与期数录入，或按原借款条款录入，不能同时给出：{term} 属于原借款条款"),
                )
            }
            Problem::InstallmentOverBalance { most, got } => {
                let (most, got) = (grouped(*most), grouped(*got));
                say(
                    format!("{got} is more than repays the whole balance at once ({most})"),
                    format!("{got} 超过一次还清全部余额所需（{most}）"),
                )
            }
            Problem::BeforeFirstDate(got) => {
                let got = date_text(*got);
                say(
                    format!(
                        "{got} is before {first}, the earliest date supported; accepted: {first} to {last}"
                    ),
                    format!("{got} 早于支持的最早日期 {first}；可接受：{first} 至 {last}"),
                )
            }
            Problem::PastLastDate { maturity, max_term } => {
                let maturity = date_text(*maturity);
                let accepted = match max_term {
                    0 => say(
                        format!("an earlier start, so that the last due date falls by {last}"),
                        format!("更早的放款日，使最后到期日不晚于 {last}"),
                    ),
                    n => say(
                        format!("1 to {n} months from this start"),
                        format!("从此放款日起 1 至 {n}个月"),
                    ),
                };
                say(
                    format!(
                        "the last due date would be {maturity}, after {last}, the latest date supported; accepted: {accepted}"
                    ),
                    format!(
                        "最后到期日将是 {maturity}，晚于支持的最晚日期 {last}；可接受：{accepted}"
                    ),
                )
            }
            Problem::RateChangeOnFlatFee => say(
                "a flat-fee plan has no rate to change (its fee is fixed)".into(),
                "分期手续费方式没有可调整的利率（手续费固定）".into(),
            ),
            Problem::RateChangeWindow {
                date,
                start,
                maturity,
            } => say(
                format!(
                    "date {date} must be after the start ({start}) and on or before the last due date ({maturity})"
                ),
                format!("日期 {date} 须晚于放款日（{start}），且不晚于最后到期日（{maturity}）"),
            ),
            Problem::RateChangeTwice(date) => say(
                format!("two rate changes on {date}; give one"),
                format!("{date} 有两次利率调整；只能有一次"),
            ),
            Problem::RateChangeRate { date, problem } => {
                format!(
                    "{}{}{}",
                    lang.pick(format!("on {date}"), date.to_string()),
                    lang.colon(),
                    problem.render(lang)
                )
            }
            Problem::PinnedRows { rows, installments } => say(
                format!("{rows} rows for a loan of {installments} installments"),
                format!("{rows} 行，但贷款共 {installments} 期"),
            ),
            Problem::PinnedOrder { row, due, after } => say(
                format!("row {row}: due date {due} must be after {after}"),
                format!("第 {row} 行：到期日 {due} 须晚于 {after}"),
            ),
            Problem::PinnedNegative { row } => say(
                format!("row {row}: amounts must be 0 or more"),
                format!("第 {row} 行：金额须大于或等于 0"),
            ),
            Problem::PinnedSum { repaid, principal } => say(
                format!("the rows repay {repaid}, the loan is {principal}"),
                format!("各行合计还本 {repaid}，贷款本金为 {principal}"),
            ),
            Problem::PinnedPaidOff { rows, installments } => say(
                format!(
                    "the {rows} rows repay the whole loan, yet it has {installments} installments"
                ),
                format!("这 {rows} 行已还清全部本金，但贷款共 {installments} 期"),
            ),
            Problem::PinnedNotWhole { left } => say(
                format!(
                    "the last row leaves {} owed, so these are not the whole plan; give its term (a 期数 line or --term) to pin its first rows",
                    grouped(*left)
                ),
                format!(
                    "最后一行之后仍欠 {}，这不是完整的计划；请给出总期数（期数 一行或 --term）以固定其前几期",
                    grouped(*left)
                ),
            ),
            Problem::PinnedMiddleRows {
                first,
                last,
                installments,
            } => say(
                format!(
                    "the rows are installments {first} to {last} of {installments}; a plan's first rows or its last ones can be pinned, not rows from its middle"
                ),
                format!(
                    "各行为共 {installments} 期中的第 {first} 至 {last} 期；只能固定计划的前几期或最后几期，不能固定中间几期"
                ),
            ),
            Problem::PinnedLastRowsOwe {
                installment,
                ours,
                lenders,
            } => say(
                format!(
                    "the lender's rows start from {} owed, more than our schedule leaves before installment {installment} ({}), so that installment's principal would be negative",
                    grouped(*lenders),
                    grouped(*ours)
                ),
                format!(
                    "机构各行起始时欠 {}，多于我们的计划在第 {installment} 期之前剩余的 {}，该期本金将为负",
                    grouped(*lenders),
                    grouped(*ours)
                ),
            ),
            Problem::PinnedEstimated {
                estimated,
                rows,
                installments,
            } => say(
                format!(
                    "{estimated} of {rows} rows; the rows after the estimated ones are the lender's, at least one, reaching installment {installments}"
                ),
                format!(
                    "{rows} 行中的 {estimated} 行；估算各行之后须为机构的各行（至少一行），直到第 {installments} 期"
                ),
            ),
            Problem::NeedsActualDays { method, day_count } => say(
                format!(
                    "to-payment-date needs interest on actual days (--day-count actual/365 or actual/360, not flat-fee); this loan is {} {day_count}",
                    method.en
                ),
                format!(
                    "按实际还款日计息需要按实际天数计息（计息方式 actual/365 或 actual/360，且非分期手续费）；此贷款为{} {day_count}",
                    method.zh
                ),
            ),
            Problem::PrepayBeforeStart { date, start } => say(
                format!("date {date} is before the loan starts ({start})"),
                format!("日期 {date} 早于放款日（{start}）"),
            ),
            Problem::PrepayAfterEnd { date, maturity } => say(
                format!("date {date} is after the loan ends ({maturity})"),
                format!("日期 {date} 晚于贷款结束日（{maturity}）"),
            ),
            Problem::PrepayNotPositive(got) => say(
                format!("amount must be greater than 0 (got {got})"),
                format!("金额必须大于 0（输入为 {got}）"),
            ),
            Problem::Runaway { period, max } => {
                let max = grouped(*max);
                say(
                    format!(
                        "the payment does not cover the interest, and by period {period} the \
                         balance would pass {max}: a shorter term, a lower rate or another method"
                    ),
                    format!(
                        "每期还款不足以覆盖利息，到第 {period} 期余额将超过 {max}：请缩短期限、降低利率或换一种还款方式"
                    ),
                )
            }
            Problem::BeforeStart { date, start } => say(
                format!("{date} is before the loan starts ({start})"),
                format!("{date} 早于放款日（{start}）"),
            ),
            Problem::AboveOwed {
                amount,
                payoff,
                date,
            } => {
                let (amount, payoff) = (plain(*amount), grouped(*payoff));
                say(
                    format!("{amount} is more than is owed: {payoff} pays the loan off on {date}"),
                    format!("{amount} 超过了欠款：{date} 还 {payoff} 即可结清"),
                )
            }
            Problem::PaidCount { got, due, as_of } => say(
                format!(
                    "must be from 0 to {due}, the installments due by {as_of} (got {got}); record later ones with `pay` when paid"
                ),
                format!(
                    "须在 0 至 {due} 之间，即 {as_of} 前已到期的期数（输入为 {got}）；之后的还款请在还款时记录"
                ),
            ),
            Problem::Missing => say("required".into(), "必填".into()),
            Problem::Number(e) => say(
                e.to_string(),
                match e {
                    NumberError::Malformed => {
                        "不是普通的十进制数字（只含数字，最多一个“.”）".into()
                    }
                    NumberError::TooPrecise(dp) => format!("小数位不能超过 {dp} 位"),
                    NumberError::NotAnAmount => "不是金额（例如 12000.50 或 ¥12,000.50）".into(),
                },
            ),
            Problem::NotAWholeNumber => say("expected a whole number".into(), "应为整数".into()),
            Problem::InFuture { date, today } => say(
                format!("{date} is in the future (today is {today})"),
                format!("{date} 在未来（今天是 {today}）"),
            ),
            Problem::NoSuchLine(name) => say(
                format!("no credit line named {name:?}"),
                format!("没有名为 {name:?} 的额度"),
            ),
            Problem::NoSuchLoan { id, see_list } => {
                let see = match see_list {
                    true => say(
                        "; see `loandash list`".into(),
                        "；见 `loandash list`".into(),
                    ),
                    false => String::new(),
                };
                say(
                    format!("no loan with id {id:?}{see}"),
                    format!("没有编号为 {id:?} 的贷款{see}"),
                )
            }
            Problem::Between { got, min, max } => say(
                format!("must be from {min} to {max} (got {got})"),
                format!("须在 {min} 至 {max} 之间（输入为 {got}）"),
            ),
            Problem::BeforeAsOf { date, as_of } => say(
                format!("{date} is before the as-of date {as_of}; a what-if happens then or later"),
                format!("{date} 早于计算日 {as_of}；假设只能发生在当天或之后"),
            ),
            Problem::AfterAsOf { date, as_of } => say(
                format!("{date} is after the as-of date {as_of}; a payment is recorded when made"),
                format!("{date} 晚于计算日 {as_of}；还款在发生时才记录"),
            ),
            Problem::TooFarAhead { of, years } => say(
                format!("must be within {years} years of {of}"),
                format!("须在 {of} 之后 {years} 年以内"),
            ),
            Problem::AboveAvailable {
                drawn,
                line,
                available,
            } => {
                let (drawn, available) = (grouped(*drawn), grouped(*available));
                say(
                    format!("{drawn} is more than line {line} has available ({available})"),
                    format!("{drawn} 超过了额度 {line} 的可用金额（{available}）"),
                )
            }
            Problem::NoInstallment {
                loan,
                period,
                count,
            } => say(
                format!("loan {loan} has no installment {period} (1–{count})"),
                format!("贷款 {loan} 没有第 {period} 期（共 1–{count} 期）"),
            ),
            Problem::InstallmentPaid { loan, period } => say(
                format!("installment {period} of loan {loan} is already paid"),
                format!("贷款 {loan} 的第 {period} 期已还清"),
            ),
            Problem::AlreadyLate { loan, period, days } => say(
                format!(
                    "installment {period} of loan {loan} is already {days} {} late",
                    if *days == 1 { "day" } else { "days" }
                ),
                format!("贷款 {loan} 的第 {period} 期已逾期 {days}天"),
            ),
            Problem::Borrowing(e) => {
                format!(
                    "{}{}{}",
                    say("borrowing".into(), "借款".into()),
                    lang.colon(),
                    e.render(lang)
                )
            }
            Problem::Invalid(invalid) => invalid.problem(lang),
            Problem::DayOfMonth(day) => say(
                format!("must be a day of month 1–31 (got {day})"),
                format!("须为每月的第 1–31 日（输入为 {day}）"),
            ),
            Problem::NoMinimum => say(
                "must be above 0 unless min_floor sets a minimum".into(),
                "须大于 0，除非设了最低还款额（min_floor）".into(),
            ),
            Problem::DueOnNextCut {
                statement_day,
                due_day,
            } => say(
                format!(
                    "due day {due_day} and statement day {statement_day} would make some \
                     statement fall due on or after the next one is cut: the two days must \
                     differ and the earlier be 1–27"
                ),
                format!(
                    "还款日 {due_day} 日与账单日 {statement_day} 日会使某期账单在下一期账单日\
                     当天或之后才到期：两个日期须不同，且较早的一个在 1–27 日"
                ),
            ),
            Problem::IdTwice(id) => say(
                format!("id {id} is used twice"),
                format!("编号 {id} 重复使用"),
            ),
            Problem::UnknownLine { id, line } => say(
                format!("{id} draws on unknown line {line:?}"),
                format!("{id} 使用的额度 {line:?} 不存在"),
            ),
            Problem::NotOneOf { got, accepted } => say(
                format!(
                    "{got:?} is not accepted; accepted: {}",
                    accepted.join(lang.list_separator())
                ),
                format!(
                    "不接受 {got:?}；可选：{}",
                    accepted.join(lang.list_separator())
                ),
            ),
            Problem::ScenarioTwice(name) => say(
                format!("scenario {name:?} is saved twice"),
                format!("情景 {name:?} 保存了两次"),
            ),
            Problem::Exactly { got, want } => say(
                format!("must be {want} (got {got})"),
                format!("须为 {want}（输入为 {got}）"),
            ),
            Problem::Within { record, problem } => {
                format!(
                    "{}{}{}",
                    record.render(lang),
                    lang.colon(),
                    problem.render(lang)
                )
            }
            Problem::NotPercent(e) => {
                let problem = Problem::Number(e.clone()).render(lang);
                say(
                    format!("{problem}; expected a percentage such as 18.25 or 0.05"),
                    format!("{problem}；应为百分数，例如 18.25 或 0.05"),
                )
            }
            Problem::NotMonths { max } => say(
                format!("expected a whole number of months from 1 to {max}"),
                format!("应为 1 到 {max} 的整月数"),
            ),
            Problem::NotForm { form, got } => say(
                format!("{} (got {got:?})", form.expected(lang)),
                format!("{}（输入为 {got:?}）", form.expected(lang)),
            ),
            Problem::Part { form, whole, part } => {
                let (name, problem) = (part_name(part.field, lang), part.problem.render(lang));
                let expected = form.expected(lang);
                say(
                    format!("{name} in {whole:?}: {problem}; {expected}"),
                    format!("{name}（{whole:?} 中）：{problem}；{expected}"),
                )
            }
            Problem::Said { en, zh } => say(en.clone(), zh.clone()),
        }
    }
}

impl Needed {
    fn render(self, lang: Language) -> String {
        let say = |en: &str, zh: &str| lang.pick(en, zh).to_string();
        match self {
            Needed::Principal => say("required: the amount borrowed", "必填：借款金额"),
            Needed::Method(all) => lang.pick(
                format!("required; accepted: {}", all.join(lang.list_separator())),
                format!("必填；可选：{}", all.join(lang.list_separator())),
            ),
            Needed::Term => say("required: number of months", "必填：月数"),
            Needed::Rate => say(
                "required: --annual-rate (percent per year) or --daily-rate (percent per day)",
                "必填：年利率（每年 %）或日利率（每日 %）",
            ),
            Needed::FeeRate => say(
                "required with --method flat-fee: percent of the principal per month, e.g. 0.6",
                "分期手续费方式必填：每月占本金的百分比，如 0.6",
            ),
            Needed::Start => say(
                "required: the date the money was drawn, YYYY-MM-DD",
                "必填：放款日期，YYYY-MM-DD",
            ),
            Needed::FirstDue => say(
                "required with a due day: the first due date, YYYY-MM-DD",
                "填写还款日时必填：首个还款日，YYYY-MM-DD",
            ),
            Needed::PaidOn => say(
                "required: the date paid, YYYY-MM-DD",
                "必填：还款日期，YYYY-MM-DD",
            ),
            Needed::Debt => say("required: a loan or account id", "必填：贷款或账户编号"),
        }
    }
}

impl Per {
    /// The unit, in `lang`.
    fn said(self, lang: Language) -> &'static str {
        let (en, zh) = match self {
            Per::Months => ("a whole number of months", "月数（整数）"),
            Per::Year => ("a percent per year", "年利率（%）"),
            Per::Day => ("a percent per day", "日利率（%）"),
            Per::Month => ("a percent per month", "每月费率（%）"),
            Per::Percent => ("a percent", "百分比（%）"),
        };
        lang.pick(en, zh)
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
    fn amounts_the_engine_states_are_grouped_as_on_screen() {
        let runaway = Problem::Runaway {
            period: 7,
            max: dec!(1000000),
        };
        assert!(
            runaway
                .render(Language::En)
                .contains("would pass 1,000,000.00:")
        );
        assert!(
            runaway
                .render(Language::Zh)
                .contains("余额将超过 1,000,000.00：")
        );
    }

    #[test]
    fn a_language_not_offered_is_refused_like_any_other_choice_in_either_language() {
        let refused = "fr".parse::<Language>().unwrap_err();
        assert_eq!(
            Language::ALL.map(|lang| refused.render(lang)),
            [
                r#""fr" is not accepted; accepted: en, zh"#,
                r#"不接受 "fr"；可选：en、zh"#
            ]
        );
    }

    #[test]
    fn one_day_late_is_said_in_the_singular() {
        let late = |days| Problem::AlreadyLate {
            loan: "L1".into(),
            period: 2,
            days,
        };
        assert_eq!(
            late(1).render(Language::En),
            "installment 2 of loan L1 is already 1 day late"
        );
        assert_eq!(
            late(3).render(Language::En),
            "installment 2 of loan L1 is already 3 days late"
        );
    }

    #[test]
    fn english_is_the_command_lines_text_and_chinese_names_the_same_values() {
        let e = FieldError::typed(
            Field::Term,
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
                    Field::Term,
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
