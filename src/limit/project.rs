//! The projection: a scenario's plan, its record month by month, the model's inputs on
//! each date and the score and limit they give.

use super::model::*;
use super::record::*;
use crate::book::dues::YearMonth;
use crate::book::ledger;
use crate::book::lines;
use crate::engine::error::{Form, Problem};
use crate::engine::field::Field;
use crate::engine::loan::{FieldError, LoanInput, LoanTerms, add_months, days_between};
use crate::engine::money::{grouped, round_cents, round_dp};
use crate::engine::schedule::{self};
use crate::engine::validate::MAX_DATE;
use crate::language::Language;
use crate::store::{CreditLine, PaymentKind, PaymentRecord, StoreData};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// What moved a month's figures from today's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cause {
    /// A factor's points changed.
    Factor(Factor),
    /// The score was kept within 350–950.
    ScoreRange,
    /// A higher score waits for the lender's next review before it raises the limit.
    Review,
    /// The limit stopped at the income ceiling.
    Ceiling,
    /// The limit stopped at zero.
    Floor,
}

impl Cause {
    /// The name shown and written to JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Cause::Factor(f) => f.as_str(),
            Cause::ScoreRange => "score range",
            Cause::Review => "lender review",
            Cause::Ceiling => "income ceiling",
            Cause::Floor => "limit floor",
        }
    }

    /// What the cause is called in `lang` (the English name is the JSON one).
    pub fn name(self, lang: Language) -> &'static str {
        match (self, lang) {
            (Cause::Factor(f), _) => f.name(lang),
            (_, Language::En) => self.as_str(),
            (Cause::ScoreRange, Language::Zh) => "分数范围",
            (Cause::Review, Language::Zh) => "机构复审",
            (Cause::Ceiling, Language::Zh) => "收入上限",
            (Cause::Floor, Language::Zh) => "额度下限",
        }
    }
}

/// One cause's share of a month's change since today: the effects of a month add up to
/// its score and limit less today's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Effect {
    /// What moved it.
    pub cause: Cause,
    /// Score points since today.
    pub points: i32,
    /// Limit since today.
    pub money: Decimal,
    /// What the factor reads that month, or why the limit was held.
    pub detail: String,
}

/// A payment unpaid past its due date on a month's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CurrentOverdue {
    /// How far the lender has escalated it.
    pub stage: OverdueStage,
    /// Days past due.
    pub days: i64,
}

/// An estimate and the band around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Estimate<T> {
    /// The estimate.
    pub value: T,
    /// Low end of the band.
    pub low: T,
    /// High end of the band.
    pub high: T,
}

impl<T> Estimate<T> {
    /// `at(center)`, in a band from `at(center - width)` to `at(center + width)`.
    fn around(center: i32, width: i32, at: impl Fn(i32) -> T) -> Self {
        Self {
            value: at(center),
            low: at(center - width),
            high: at(center + width),
        }
    }
}

/// One month of a projection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthProjection {
    /// The month.
    pub month: YearMonth,
    /// The date evaluated: the as-of date plus this many months.
    pub date: NaiveDate,
    /// Estimated score.
    pub score: Estimate<u16>,
    /// The score's risk grade.
    pub grade: Grade,
    /// Estimated limit of the line.
    pub limit: Estimate<Decimal>,
    /// What moved score and limit since today (none in month 0).
    pub effects: Vec<Effect>,
    /// The worst payment unpaid past due on that date.
    pub overdue: Option<CurrentOverdue>,
    /// Whether the lender reviews the limit this month.
    pub review: bool,
}

/// A projection of one line under one scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Projection {
    /// The line projected.
    pub line: String,
    /// The scenario.
    pub scenario: Outlook,
    /// Whether today's score is the profile's (else the model's estimate).
    pub score_known: bool,
    /// The day the profile's score was read: the baseline (see [`crate::limit::score_date`]).
    pub score_date: NaiveDate,
    /// What moved the score and limit from the profile's score (or the model's own on
    /// that day) and the line's limit to month 0's; they add up to the difference.
    pub since_score_date: Vec<Effect>,
    /// Today's factor points.
    pub today: Vec<FactorLevel>,
    /// Month 0 (today) and each month ahead.
    pub months: Vec<MonthProjection>,
}

/// What the borrower does from tomorrow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Outlook {
    /// Keep paying on time.
    #[default]
    OnTime,
    /// Borrow this much on the line tomorrow, and repay it on time.
    Borrow(Decimal),
    /// Repay this much principal early on the line tomorrow (dearest debt first).
    Prepay(Decimal),
    /// Pay the next installment this many days late.
    Miss(u32),
}

impl Outlook {
    /// The what-ifs the limit view compares for a line of `limit` with `available` left
    /// and `drawn` in use: on time, borrow or repay a tenth of the limit (whole yuan,
    /// half-up; at most what is left or owed), and a month-late payment.
    pub fn standard(limit: Decimal, available: Decimal, drawn: Decimal) -> Vec<Outlook> {
        let tenth = round_dp(limit / Decimal::TEN, 0);
        let mut scenarios = vec![Outlook::OnTime];
        if available > Decimal::ZERO {
            scenarios.push(Outlook::Borrow(tenth.min(available).max(Decimal::ONE)));
        }
        if drawn > Decimal::ZERO {
            scenarios.push(Outlook::Prepay(tenth.min(drawn).max(Decimal::ONE)));
        }
        scenarios.push(Outlook::Miss(30));
        scenarios
    }
}

impl FromStr for Outlook {
    type Err = Problem;
    /// `on-time`, `borrow:AMOUNT`, `prepay:AMOUNT` or `miss:DAYS`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let form = Form::Outlook;
        let amount = |text| form.positive_amount(s, text);
        match s.trim().split_once(':') {
            None if s.trim() == "on-time" => Ok(Outlook::OnTime),
            Some(("borrow", a)) => amount(a).map(Outlook::Borrow),
            Some(("prepay", a)) => amount(a).map(Outlook::Prepay),
            Some(("miss", d)) => match d.trim().parse::<u32>() {
                Ok(days @ 1..=3650) => Ok(Outlook::Miss(days)),
                Ok(got) => Err(form.refuse_part(
                    s,
                    Field::Days,
                    Problem::Between {
                        got,
                        min: 1,
                        max: 3650,
                    },
                )),
                Err(_) => Err(form.refuse_part(s, Field::Days, Problem::NotAWholeNumber)),
            },
            _ => Err(form.refuse(s)),
        }
    }
}

impl fmt::Display for Outlook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outlook::OnTime => f.write_str("on-time"),
            Outlook::Borrow(a) => write!(f, "borrow:{}", crate::engine::money::plain(*a)),
            Outlook::Prepay(a) => write!(f, "prepay:{}", crate::engine::money::plain(*a)),
            Outlook::Miss(d) => write!(f, "miss:{d}"),
        }
    }
}

/// A step of the simulator's scenario as the limit projection reads it (see
/// [`Projector::project_events`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Repay `amount` of loan `loan`'s principal early (at most what is left of it).
    Prepay {
        /// Loan id.
        loan: String,
        /// Principal repaid.
        amount: Decimal,
        /// Shorten the term or reduce the installment.
        mode: schedule::PrepayMode,
    },
    /// Borrow `amount` on `line`, or on no line.
    Borrow {
        /// Credit line name.
        line: Option<String>,
        /// Principal.
        amount: Decimal,
    },
    /// Pay the next payment due `days` late.
    Late {
        /// Days after the due date.
        days: u32,
    },
}

/// Why a scenario cannot apply to a store: shown beside the scenarios that can, in the
/// reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotApplicable {
    /// Borrowing more than the line has available.
    AboveAvailable {
        /// The line.
        line: String,
        /// What the scenario borrows.
        amount: Decimal,
        /// What the line has available.
        available: Decimal,
    },
    /// Repaying early more than is owed on the line once what is past due is paid.
    AboveOwed {
        /// The line.
        line: String,
        /// What the scenario repays early.
        amount: Decimal,
        /// What is owed on the line after catching up.
        owed: Decimal,
    },
    /// Nothing falls due that could be paid late.
    NothingDue,
}

impl NotApplicable {
    /// The reason, amounts with `currency`, e.g. `borrowing ¥50,000.00 is more than the
    /// ¥4,000.00 available on 借呗`.
    pub fn render(&self, lang: Language, currency: &str) -> String {
        let money = |amount: &Decimal| format!("{currency}{}", grouped(*amount));
        match (self, lang) {
            (
                NotApplicable::AboveAvailable {
                    line,
                    amount,
                    available,
                },
                Language::En,
            ) => format!(
                "borrowing {} is more than the {} available on {line}",
                money(amount),
                money(available)
            ),
            (
                NotApplicable::AboveAvailable {
                    line,
                    amount,
                    available,
                },
                Language::Zh,
            ) => format!(
                "借 {} 超过了{line}的可用额度 {}",
                money(amount),
                money(available)
            ),
            (NotApplicable::AboveOwed { line, amount, owed }, Language::En) => format!(
                "repaying {} early is more than the {} owed on {line} once what is past due is paid (every scenario pays that first)",
                money(amount),
                money(owed)
            ),
            (NotApplicable::AboveOwed { line, amount, owed }, Language::Zh) => format!(
                "提前还 {} 超过了{line}还清逾期后尚欠的 {}（每个情景都先还清逾期）",
                money(amount),
                money(owed)
            ),
            (NotApplicable::NothingDue, Language::En) => {
                "nothing falls due that could be paid late".to_string()
            }
            (NotApplicable::NothingDue, Language::Zh) => "没有可以逾期的待还款项".to_string(),
        }
    }
}

/// Why a projection was not made: the scenario cannot apply, or an input is wrong.
#[derive(Debug, Clone)]
pub(super) enum Refusal {
    NotApplicable(NotApplicable),
    Invalid(FieldError),
}

impl From<FieldError> for Refusal {
    fn from(e: FieldError) -> Self {
        Refusal::Invalid(e)
    }
}

impl From<NotApplicable> for Refusal {
    fn from(n: NotApplicable) -> Self {
        Refusal::NotApplicable(n)
    }
}

/// A scenario, with any suggested action, as dated changes to the record.
#[derive(Debug, Clone, Default)]
pub(super) struct DatedChanges {
    /// Date, amount and the slot of the line drawn on (none: a loan on no line).
    pub(super) borrows: Vec<(NaiveDate, Decimal, Option<usize>)>,
    /// Early repayments on a line, spread over its debts.
    pub(super) prepays: Vec<(String, Decimal)>,
    /// Early repayments of one loan (by index).
    pub(super) loan_prepays: Vec<(usize, Decimal, schedule::PrepayMode)>,
    pub(super) miss_days: Option<u32>,
    pub(super) completeness: Option<u8>,
}

/// A plan's record: its late payments, borrowings and what is owed each month.
pub(super) struct Timeline {
    /// The payment the plan misses (the others late are the record's).
    pub(super) missed: Option<DueEvent>,
    /// The dates it borrows on.
    pub(super) borrows: Vec<NaiveDate>,
    /// What is owed each month from the as-of date.
    pub(super) owed: Vec<Owed>,
    /// Profile completeness from tomorrow (today's is the store's).
    pub(super) completeness: u8,
}

/// Projects one credit line of a store under a model, from the store's [`Record`]:
/// projections and suggestions per scenario.
pub struct Projector<'a> {
    pub(super) data: &'a StoreData,
    pub(super) record: &'a Record,
    pub(super) model: &'a LimitModel,
    pub(super) as_of: NaiveDate,
    pub(super) line: &'a CreditLine,
    /// The line's slot in the record.
    pub(super) slot: usize,
}

impl<'a> Projector<'a> {
    /// Project `line` (default: the first line) of `data`, whose record is `record`.
    pub fn new(
        data: &'a StoreData,
        record: &'a Record,
        model: &'a LimitModel,
        line: Option<&str>,
    ) -> Result<Self, FieldError> {
        debug_assert_eq!(
            record.loans.len(),
            data.loans.len(),
            "another store's record"
        );
        let line = match line {
            Some(name) => data.line(name)?,
            None => data.lines.first().ok_or_else(|| {
                let problem = Problem::said(|lang| match lang {
                    Language::En => "the store has no credit line to project; add one with `loandash line --name … --limit …`",
                    Language::Zh => "没有可推算的额度；先用 `loandash line --name … --limit …` 添加一个",
                }.to_string());
                FieldError::typed(Field::Line, problem)
            })?,
        };
        let slot = record.slot(&line.name).ok_or_else(|| {
            FieldError::typed(Field::Line, Problem::NoSuchLine(line.name.clone()))
        })?;
        Ok(Self {
            data,
            record,
            model,
            as_of: record.as_of,
            line,
            slot,
        })
    }

    /// A refusal as the field `scenario` is refused, amounts with the store's currency.
    pub(super) fn refused(&self, refusal: Refusal) -> FieldError {
        match refusal {
            Refusal::NotApplicable(n) => {
                let currency = &self.data.profile.currency;
                let problem = Problem::said(|lang| n.render(lang, currency));
                FieldError::typed(Field::Scenario, problem)
            }
            Refusal::Invalid(e) => e,
        }
    }

    /// The line projected.
    pub fn line(&self) -> &CreditLine {
        self.line
    }

    /// Score and limit for today and each of `months` months ahead under `scenario`; a
    /// scenario that cannot apply is refused as the field `scenario`.
    pub fn project(&self, scenario: &Outlook, months: u32) -> Result<Projection, FieldError> {
        self.outcome(scenario, months)?
            .map_err(|n| self.refused(Refusal::NotApplicable(n)))
    }

    /// [`Projector::project`], or why `scenario` cannot apply to this store (shown
    /// beside the scenarios that can).
    pub fn outcome(
        &self,
        scenario: &Outlook,
        months: u32,
    ) -> Result<Result<Projection, NotApplicable>, FieldError> {
        let run = match self.plan(scenario).and_then(|plan| self.run(&plan, months)) {
            Ok(run) => run,
            Err(Refusal::NotApplicable(why)) => return Ok(Err(why)),
            Err(Refusal::Invalid(e)) => return Err(e),
        };
        Ok(Ok(Projection {
            line: self.line.name.clone(),
            scenario: *scenario,
            score_known: self.data.profile.credit_score.is_some(),
            score_date: self.record.score_date,
            since_score_date: run.since_score_date,
            today: run.today,
            months: run.months,
        }))
    }

    /// The projection under the simulator's steps, all from tomorrow: a prepayment
    /// repays its loan (on a line or not), a borrowing takes the terms of its line's
    /// latest loan (the model's on no line), a late payment is the first payment falling
    /// due.
    pub fn project_events(
        &self,
        events: &[Event],
        months: u32,
    ) -> Result<Vec<MonthProjection>, FieldError> {
        let mut plan = DatedChanges::default();
        for event in events {
            match event {
                Event::Prepay { loan, amount, mode } => {
                    let i =
                        (self.data.loans.iter().position(|l| l.id == *loan)).ok_or_else(|| {
                            FieldError::typed(
                                Field::Loan,
                                Problem::NoSuchLoan {
                                    id: loan.clone(),
                                    see_list: false,
                                },
                            )
                        })?;
                    plan.loan_prepays.push((i, *amount, *mode));
                }
                Event::Borrow { line, amount } => {
                    let slot = match line {
                        None => None,
                        Some(line) => Some(self.record.slot(line).ok_or_else(|| {
                            FieldError::typed(Field::Line, Problem::NoSuchLine(line.clone()))
                        })?),
                    };
                    plan.borrows.push((self.tomorrow(), *amount, slot));
                }
                Event::Late { days } => plan.miss_days = Some(*days),
            }
        }
        let run = self.run(&plan, months).map_err(|r| self.refused(r))?;
        Ok(run.months)
    }

    pub(super) fn tomorrow(&self) -> NaiveDate {
        self.as_of.succ_opt().unwrap_or(self.as_of)
    }

    pub(super) fn plan(&self, scenario: &Outlook) -> Result<DatedChanges, Refusal> {
        let mut plan = DatedChanges::default();
        match *scenario {
            Outlook::OnTime => {}
            Outlook::Borrow(amount) => {
                let available = self.available_now();
                if amount > available {
                    return Err(NotApplicable::AboveAvailable {
                        line: self.line.name.clone(),
                        amount,
                        available,
                    }
                    .into());
                }
                plan.borrows
                    .push((self.tomorrow(), amount, Some(self.slot)));
            }
            Outlook::Prepay(amount) => plan.prepays.push((self.line.name.clone(), amount)),
            Outlook::Miss(days) => plan.miss_days = Some(days),
        }
        Ok(plan)
    }

    /// What is left to borrow on the line today ([`lines::available`]).
    pub(super) fn available_now(&self) -> Decimal {
        lines::available(self.line.limit, self.used_now(&self.line.name))
    }

    /// What is drawn on `line` today.
    pub(super) fn used_now(&self, line: &str) -> Decimal {
        let owed = self.record.owed(0);
        self.record
            .slot(line)
            .and_then(|s| owed?.lines.get(s))
            .copied()
            .unwrap_or_default()
    }

    /// Today's factor levels and each month's projection under `plan`.
    ///
    /// The score moves from the profile's by the factor points gained or lost since its
    /// score date, so what happened before that day (already in the score) is never
    /// counted again, and whatever happens after it counts from the day it happens.
    /// The line's limit is taken as it was on the score date too; it moves at the
    /// lender's reviews, every `review_months` calendar months from the score date's,
    /// by the score then against the profile's. Month 0 shows it after the last review
    /// up to the as-of date (the line's own limit when there was none).
    pub(super) fn run(&self, plan: &DatedChanges, months: u32) -> Result<Run, Refusal> {
        if months > MAX_MONTHS {
            return Err(FieldError::typed(
                Field::Months,
                Problem::Between {
                    got: months,
                    min: 0,
                    max: MAX_MONTHS,
                },
            )
            .into());
        }
        // No month past the last supported date: as of 9999-12-31 only month 0 is shown
        // (month 1 would be "10000-01").
        let months = months.min(whole_months(self.as_of, MAX_DATE));
        let model = self.model;
        let timeline = self.timeline(plan, months)?;
        let levels: Vec<(NaiveDate, Vec<FactorLevel>, Option<CurrentOverdue>)> = (0..=months)
            .zip(&timeline.owed)
            .map(|(m, owed)| {
                let date = add_months(self.as_of, m);
                let (inputs, overdue) = self.inputs_at(&timeline, owed, date);
                (date, model.factor_points(&inputs), overdue)
            })
            .collect();
        // Before today the profile is taken as the score was read with it: a change of
        // completeness since counts from today.
        let profile = &self.data.profile;
        let read_with = profile.score_completeness.unwrap_or(profile.completeness);
        let levels_before = |date: NaiveDate| {
            let (inputs, _) = self.inputs_at(&timeline, &self.record.owed_on(date), date);
            model.factor_points(&Inputs {
                completeness: read_with,
                ..inputs
            })
        };
        let anchor_date = self.record.score_date;
        let anchor = levels_before(anchor_date);
        let known = self.data.profile.credit_score;
        let anchor_raw = model.raw_score(&anchor);
        let score_of = |levels: &[FactorLevel]| -> u16 {
            let raw = model.raw_score(levels);
            clamp_score(known.map_or(raw, |k| i32::from(k) + raw - anchor_raw))
        };
        let today = levels
            .first()
            .map(|(_, l, _)| l.clone())
            .unwrap_or_default();
        let s0 = i32::from(score_of(&today));
        // Reviews fall every `review_months` calendar months from the score date's.
        let every = i64::from(model.limit.review_months);
        let since_anchor =
            i64::from(YearMonth::of(anchor_date).months_until(YearMonth::of(self.as_of)));
        let back = u32::try_from(since_anchor % every).unwrap_or(0);
        let s_ref = i32::from(score_of(&anchor));
        // The score of the last review up to today, if one fell after the score date.
        let reviewed = (i64::from(back) < since_anchor).then(|| {
            let date = months_before(self.as_of, back);
            (date, i32::from(score_of(&levels_before(date))))
        });
        let l0 = self.line.limit;
        let k = round_cents(
            l0 * Decimal::from(model.limit.percent_per_10_points) / Decimal::ONE_THOUSAND,
        );
        let ceiling = self
            .data
            .profile
            .monthly_income
            .map_or(Decimal::from(model.limit.max_limit), |income| {
                (income * Decimal::from(model.limit.income_multiple))
                    .min(Decimal::from(model.limit.max_limit))
            })
            .max(l0);
        let limit_at = |e: i32| {
            (l0 + k * Decimal::from(e - s_ref))
                .max(Decimal::ZERO)
                .min(ceiling)
        };
        let unknown = if known.is_some() {
            0
        } else {
            model.band.unknown_score_points
        };
        let mut held = reviewed.map_or(s_ref, |(_, s)| s);
        let (unbounded0, limit0) = (l0 + k * Decimal::from(held - s_ref), limit_at(held));
        let mut out = Vec::with_capacity(levels.len());
        for (m, (date, levels, overdue)) in (0u32..).zip(levels) {
            let score = score_of(&levels);
            let s = i32::from(score);
            let review = m > 0 && (since_anchor + i64::from(m)) % every == 0;
            if review {
                held = s;
            }
            let width =
                i32::try_from(model.band.points_per_month * m + unknown).unwrap_or(i32::MAX);
            let limit = Estimate::around(held, width, limit_at);
            let mut effects = moves(&levels, &today, k);
            let moved: i32 = effects.iter().map(|e| e.points).sum();
            let clamped = s - s0 - moved;
            let unbounded = l0 + k * Decimal::from(held - s_ref);
            let bound = (limit.value - unbounded) - (limit0 - unbounded0);
            let extra = [
                (
                    Cause::ScoreRange,
                    clamped,
                    k * Decimal::from(clamped),
                    "kept within 350–950".to_string(),
                ),
                (
                    Cause::Review,
                    0,
                    unbounded - unbounded0 - k * Decimal::from(s - s0),
                    format!(
                        "the limit moves only at the lender's review, every {} months from the score date ({anchor_date})",
                        model.limit.review_months
                    ),
                ),
                bound_effect(bound, limit.value > unbounded, ceiling),
            ];
            effects.extend(nonzero(extra));
            out.push(MonthProjection {
                month: YearMonth::of(date),
                date,
                score: Estimate::around(s, width, clamp_score),
                grade: model.grade(score),
                limit,
                effects,
                overdue,
                review,
            });
        }
        // From the profile's score and the line's limit to month 0's.
        let mut since_score_date = moves(&today, &anchor, Decimal::ZERO);
        let moved: i32 = since_score_date.iter().map(|e| e.points).sum();
        let clamped = s0 - s_ref - moved;
        let extra = [
            (
                Cause::ScoreRange,
                clamped,
                Decimal::ZERO,
                "kept within 350–950".to_string(),
            ),
            (
                Cause::Review,
                0,
                unbounded0 - l0,
                reviewed.map_or_else(String::new, |(date, score)| {
                    format!(
                        "the lender's review of {} at score {score}",
                        YearMonth::of(date)
                    )
                }),
            ),
            bound_effect(limit0 - unbounded0, limit0 > unbounded0, ceiling),
        ];
        since_score_date.extend(nonzero(extra));
        Ok(Run {
            today,
            since_score_date,
            months: out,
        })
    }

    /// The record under `plan` for each of `months` months ahead.
    pub(super) fn timeline(&self, plan: &DatedChanges, months: u32) -> Result<Timeline, Refusal> {
        let record = self.record;
        let as_of = self.as_of;
        let tomorrow = self.tomorrow();
        let mut extra: BTreeMap<usize, Vec<PaymentRecord>> = BTreeMap::new();
        let mut revolving_paid = vec![Decimal::ZERO; record.revolving.len()];
        for (line, amount) in &plan.prepays {
            self.allocate_prepayment(line, *amount, tomorrow, &mut extra, &mut revolving_paid)?;
        }
        for &(i, amount, mode) in &plan.loan_prepays {
            let part = amount.min(self.prepayable(i, tomorrow, &extra));
            if part > Decimal::ZERO {
                let repayment = self.early_repayment(i, tomorrow, part, mode);
                extra.entry(i).or_default().push(repayment);
            }
        }
        let dates: Vec<NaiveDate> = (0..=months).map(|m| add_months(as_of, m)).collect();
        let mut owed: Vec<Owed> = record
            .owed_through(months)
            .map(|owed| owed.into_iter().cloned().collect())
            .ok_or_else(|| {
                FieldError::typed(
                    Field::Months,
                    Problem::Between {
                        got: months,
                        min: 0,
                        max: MAX_MONTHS,
                    },
                )
            })?;
        // Only what the plan changes is owed differently from the record (today's
        // balances stay as they are).
        let mut change = |line: Option<usize>, balance: &dyn Fn(NaiveDate) -> Decimal| {
            for (owed, &date) in owed.iter_mut().zip(&dates).filter(|(_, d)| **d > as_of) {
                owed.add(line, balance(date));
            }
        };
        let end = dates.last().copied().unwrap_or(as_of);
        // Each prepaid loan's next installment due under the plan.
        let mut next_due_after: BTreeMap<usize, Option<NaiveDate>> = BTreeMap::new();
        for (&i, extra) in &extra {
            let base = &record.loans[i];
            let schedule = ledger::loan_state(
                &self.data.loans[i],
                record.payments_of(self.data, i).chain(extra),
                end.max(tomorrow),
            )?
            .schedule;
            let rows: Vec<(NaiveDate, Decimal)> = schedule
                .rows
                .iter()
                .map(|r| (r.due_date, r.balance))
                .collect();
            change(base.line, &|date| {
                base.balance_on(&rows, date, as_of) - base.balance_on(&base.rows, date, as_of)
            });
            next_due_after.insert(i, next_due(&schedule, &base.paid_ahead, as_of));
        }
        let mut borrows = Vec::new();
        for &(date, amount, slot) in &plan.borrows {
            let terms = self.borrow_terms(slot, date, amount)?;
            let built = schedule::build(&terms, &[])?;
            let rows: Vec<(NaiveDate, Decimal)> =
                built.rows.iter().map(|r| (r.due_date, r.balance)).collect();
            // Not missable, and repaid on time: only its balance and its date count.
            change(slot, &|day| {
                if day < date {
                    Decimal::ZERO
                } else {
                    scheduled_balance(&rows, day, amount)
                }
            });
            borrows.push(date);
        }
        for (account, paid) in record.revolving.iter().zip(revolving_paid) {
            if !paid.is_zero() {
                change(account.line, &|_| -paid);
            }
        }
        let missed = match plan.miss_days {
            None => None,
            Some(days) => {
                // The payment missed: the first due, on the projected line if any is.
                let loans = record.loans.iter().enumerate().filter_map(|(i, loan)| {
                    let due = next_due_after.get(&i).copied().unwrap_or(loan.next_due)?;
                    Some((loan.line != Some(self.slot), due))
                });
                let revolving = record
                    .revolving
                    .iter()
                    .filter(|a| a.balance > Decimal::ZERO)
                    .map(|a| (a.line != Some(self.slot), a.next_due));
                let (_, due) = loans
                    .chain(revolving)
                    .min()
                    .ok_or(NotApplicable::NothingDue)?;
                Some(DueEvent {
                    due,
                    settled: due + chrono::Days::new(days.into()),
                })
            }
        };
        Ok(Timeline {
            missed,
            borrows,
            owed,
            completeness: plan.completeness.unwrap_or(self.data.profile.completeness),
        })
    }

    /// A scenario's new loan on the line ([`lines::new_loan`], as every new loan on a line;
    /// the line's latest loan is the record's).
    pub(super) fn borrow_terms(
        &self,
        slot: Option<usize>,
        start: NaiveDate,
        amount: Decimal,
    ) -> Result<LoanTerms, FieldError> {
        let latest = slot.and_then(|s| self.record.latest.get(s).copied().flatten());
        let given = LoanInput {
            principal: Some(amount),
            start: Some(start),
            ..LoanInput::default()
        };
        let model = |start| self.model.borrow.input(start);
        lines::new_loan(
            &given,
            start,
            latest.and_then(|i| self.data.loans.get(i)),
            model,
        )
        .map_err(|e| FieldError::typed(Field::Scenario, Problem::Borrowing(Box::new(e))))
    }

    /// What is left of loan `i` to repay early on `date`, once what is past due is paid
    /// and the repayments already in `extra` are made.
    pub(super) fn prepayable(
        &self,
        i: usize,
        date: NaiveDate,
        extra: &BTreeMap<usize, Vec<PaymentRecord>>,
    ) -> Decimal {
        let base = &self.record.loans[i];
        let scheduled = scheduled_balance(&base.rows, date, self.data.loans[i].principal);
        let planned: Decimal = extra.get(&i).into_iter().flatten().map(|p| p.amount).sum();
        scheduled.min(base.balance) - planned
    }

    /// A planned early repayment of `amount` principal of loan `i` on `date`.
    fn early_repayment(
        &self,
        i: usize,
        date: NaiveDate,
        amount: Decimal,
        mode: schedule::PrepayMode,
    ) -> PaymentRecord {
        PaymentRecord {
            id: 0,
            date,
            amount,
            loan: self.data.loans[i].id.clone(),
            kind: PaymentKind::Prepayment,
            mode: Some(mode),
        }
    }

    /// Spread an early repayment over the debts on `line`, dearest first.
    pub(super) fn allocate_prepayment(
        &self,
        line: &str,
        amount: Decimal,
        date: NaiveDate,
        extra: &mut BTreeMap<usize, Vec<PaymentRecord>>,
        revolving_paid: &mut [Decimal],
    ) -> Result<(), NotApplicable> {
        let record = self.record;
        let slot = record.slot(line);
        let on_line = |l: Option<usize>| l.is_some() && l == slot;
        // (annual rate, loan index or revolving index, balance left to repay).
        let mut debts: Vec<(Decimal, Result<usize, usize>, Decimal)> = Vec::new();
        for (i, (base, loan)) in record.loans.iter().zip(&self.data.loans).enumerate() {
            if !on_line(base.line) || loan.start > date {
                continue;
            }
            debts.push((
                loan.terms().nominal_annual_percent(),
                Ok(i),
                self.prepayable(i, date, extra),
            ));
        }
        for (i, (base, account)) in record
            .revolving
            .iter()
            .zip(&self.data.revolving)
            .enumerate()
        {
            if on_line(base.line) {
                debts.push((
                    account.daily_rate * Decimal::from(365),
                    Err(i),
                    base.balance - revolving_paid[i],
                ));
            }
        }
        let owed: Decimal = debts.iter().map(|d| d.2.max(Decimal::ZERO)).sum();
        if amount > owed {
            return Err(NotApplicable::AboveOwed {
                line: line.to_string(),
                amount,
                owed,
            });
        }
        debts.sort_by_key(|d| Reverse(d.0));
        let mut left = amount;
        for (_, which, balance) in debts {
            let part = left.min(balance.max(Decimal::ZERO));
            if part.is_zero() {
                continue;
            }
            left -= part;
            match which {
                Ok(i) => {
                    let repayment =
                        self.early_repayment(i, date, part, schedule::PrepayMode::Shorten);
                    extra.entry(i).or_default().push(repayment);
                }
                Err(i) => revolving_paid[i] += part,
            }
        }
        Ok(())
    }

    /// The model's inputs on `date`, when `owed` is owed, and the worst payment unpaid
    /// past due then.
    pub(super) fn inputs_at(
        &self,
        timeline: &Timeline,
        owed: &Owed,
        date: NaiveDate,
    ) -> (Inputs, Option<CurrentOverdue>) {
        let model = self.model;
        let record = self.record;
        let window = months_before(date, model.factors.overdues.window_months);
        let first_draw = record
            .starts
            .first()
            .into_iter()
            .chain(&timeline.borrows)
            .min()
            .copied()
            .filter(|d| *d <= date);
        let mut overdues = OverdueCounts::default();
        let mut last_break: Option<NaiveDate> = None;
        let mut in_arrears = false;
        let mut current: Option<CurrentOverdue> = None;
        let late = record.late().iter().chain(&timeline.missed);
        for event in late.filter(|e| e.due <= date) {
            let unpaid = event.settled > date;
            let days = days_between(event.due, event.settled.min(date));
            let Some(stage) = model.overdue_stage(days) else {
                continue;
            };
            if event.due > window {
                overdues.add(stage);
            }
            if unpaid && current.is_none_or(|c| days > c.days) {
                current = Some(CurrentOverdue { stage, days });
            }
            if stage != OverdueStage::Grace {
                if unpaid {
                    in_arrears = true;
                } else {
                    last_break = last_break.max(Some(event.settled));
                }
            }
        }
        // Good standing needs a record to stand on: it starts with the first borrowing.
        let good_months = match first_draw {
            Some(first) if !in_arrears => {
                whole_months(last_break.map_or(first, |b| b.max(first)), date)
            }
            _ => 0,
        };
        let usage_from = months_before(date, model.factors.usage.window_months);
        let started = |day: NaiveDate| record.starts.partition_point(|d| *d <= day);
        let borrowings = started(date) - started(usage_from)
            + timeline
                .borrows
                .iter()
                .filter(|d| **d > usage_from && **d <= date)
                .count();
        let borrowings_per_quarter = round_dp(
            Decimal::from(borrowings * 3) / Decimal::from(model.factors.usage.window_months),
            2,
        );

        let mut total_used = Decimal::ZERO;
        let mut total_limit = Decimal::ZERO;
        let mut worst: Option<(Decimal, &str)> = None;
        for line in &self.data.lines {
            let used = record
                .slot(&line.name)
                .and_then(|s| owed.lines.get(s))
                .copied()
                .unwrap_or_default();
            let percent = if line.limit > Decimal::ZERO {
                percent_of(used, line.limit)
            } else if used > Decimal::ZERO {
                Decimal::ONE_HUNDRED
            } else {
                continue;
            };
            total_used = total_used.saturating_add(used);
            total_limit = total_limit.saturating_add(line.limit);
            if worst.is_none_or(|(w, _)| percent > w) {
                worst = Some((percent, &line.name));
            }
        }
        let utilization = worst.map(|(worst, line)| Utilization {
            overall: if total_limit > Decimal::ZERO {
                round_dp(percent_of(total_used, total_limit), 2)
            } else {
                Decimal::ONE_HUNDRED
            },
            worst: round_dp(worst, 2),
            worst_line: line.to_string(),
        });
        let income = self
            .data
            .profile
            .monthly_income
            .filter(|i| *i > Decimal::ZERO)
            .map(|monthly| Income {
                monthly,
                debt_to_income: round_dp(percent_of(owed.total, monthly * Decimal::from(12)), 2),
            });
        let inputs = Inputs {
            good_months,
            overdues,
            utilization,
            borrowings_per_quarter,
            history_months: first_draw.map_or(0, |d| whole_months(d, date)),
            completeness: if date > self.as_of {
                timeline.completeness
            } else {
                self.data.profile.completeness
            },
            income,
        };
        (inputs, current)
    }
}

/// A projection's figures before they are labelled with line and scenario.
pub(super) struct Run {
    pub(super) today: Vec<FactorLevel>,
    pub(super) since_score_date: Vec<Effect>,
    pub(super) months: Vec<MonthProjection>,
}

/// The causes that moved anything, as effects.
fn nonzero(extra: [(Cause, i32, Decimal, String); 3]) -> impl Iterator<Item = Effect> {
    extra
        .into_iter()
        .filter(|(_, points, money, _)| *points != 0 || !money.is_zero())
        .map(|(cause, points, money, detail)| Effect {
            cause,
            points,
            money,
            detail,
        })
}

/// The part of a limit's change a bound made: `money` held back by the ceiling, or
/// added back by the floor.
fn bound_effect(money: Decimal, floor: bool, ceiling: Decimal) -> (Cause, i32, Decimal, String) {
    if floor {
        (
            Cause::Floor,
            0,
            money,
            "a limit never falls below zero".into(),
        )
    } else {
        (
            Cause::Ceiling,
            0,
            money,
            format!("growth stops at {}", grouped(ceiling)),
        )
    }
}

/// Each factor whose points differ from `then` to `now`, worth `per_point` of limit a
/// point.
fn moves(now: &[FactorLevel], then: &[FactorLevel], per_point: Decimal) -> Vec<Effect> {
    now.iter()
        .zip(then)
        .filter(|(now, then)| now.points != then.points)
        .map(|(now, then)| Effect {
            cause: Cause::Factor(now.factor),
            points: now.points - then.points,
            money: per_point * Decimal::from(now.points - then.points),
            detail: now.detail.clone(),
        })
        .collect()
}

pub(super) fn clamp_score(score: i32) -> u16 {
    u16::try_from(score.clamp(MIN_SCORE.into(), MAX_SCORE.into())).unwrap_or(MIN_SCORE)
}

/// `part` as a percent of `whole` (above 0), saturating: a store's sums are not capped,
/// only each amount in it.
pub(super) fn percent_of(part: Decimal, whole: Decimal) -> Decimal {
    part.checked_div(whole)
        .and_then(|q| q.checked_mul(Decimal::ONE_HUNDRED))
        .unwrap_or(Decimal::MAX)
}

/// Whole months from `from` to `to` (0 when `to` is earlier).
pub(super) fn whole_months(from: NaiveDate, to: NaiveDate) -> u32 {
    let n = u32::try_from(YearMonth::of(from).months_until(YearMonth::of(to))).unwrap_or(0);
    if n > 0 && add_months(from, n) > to {
        n - 1
    } else {
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_standard_scenarios_round_a_tenth_of_the_limit_half_up() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        // 1,234.5 is 1,235 half-up (banker's rounding would give 1,234).
        assert_eq!(
            Outlook::standard(d("12345"), d("5000"), d("7345")),
            [
                Outlook::OnTime,
                Outlook::Borrow(d("1235")),
                Outlook::Prepay(d("1235")),
                Outlook::Miss(30),
            ]
        );
        // Never more than is left or owed, never less than one yuan; nothing to borrow
        // or repay drops that scenario.
        assert_eq!(
            Outlook::standard(d("12345"), d("0"), d("0.40")),
            [Outlook::OnTime, Outlook::Prepay(d("1")), Outlook::Miss(30)]
        );
        assert_eq!(
            Outlook::standard(d("12345"), d("300"), d("0")),
            [
                Outlook::OnTime,
                Outlook::Borrow(d("300")),
                Outlook::Miss(30)
            ]
        );
    }

    #[test]
    fn scenarios_parse_and_print_back() {
        for text in ["on-time", "borrow:1000.00", "prepay:250.50", "miss:10"] {
            assert_eq!(text.parse::<Outlook>().unwrap().to_string(), text);
        }
        for bad in [
            "",
            "borrow",
            "borrow:-5",
            "borrow:1e3",
            "miss:0",
            "miss:x",
            "later",
        ] {
            assert!(bad.parse::<Outlook>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_percent_of_sums_past_decimals_range_saturates_not_panics() {
        let huge = Decimal::MAX / Decimal::TEN;
        assert_eq!(percent_of(huge, Decimal::new(1, 2)), Decimal::MAX);
        assert_eq!(percent_of(Decimal::ONE, Decimal::TWO), Decimal::from(50));
    }

    #[test]
    fn whole_months_count_clamped_month_ends() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(whole_months(d("2026-01-31"), d("2026-02-28")), 1);
        assert_eq!(whole_months(d("2026-01-15"), d("2026-02-14")), 0);
        assert_eq!(whole_months(d("2026-01-15"), d("2027-01-15")), 12);
        assert_eq!(whole_months(d("2026-03-01"), d("2026-01-01")), 0);
    }
}
