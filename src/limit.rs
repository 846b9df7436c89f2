//! Credit-limit projection (额度提升): how a credit score and one line's limit may move,
//! month by month, under a scenario — and which actions would raise them most.
//!
//! No lender publishes its model, so this one is transparent and configurable: a RON file
//! of factors, weights and limits ([`LimitModel`], shipped as `assets/limit_model.ron`),
//! and every figure it gives is an estimate. The factors are those of the seeds and of
//! public scoring practice (FICO publishes its weights: payment history 35 %, amounts
//! owed 30 %, length of history 15 %, new credit 10 %, mix 10 %; Sesame Credit names
//! credit history, behaviour, capacity to repay and identity). See [`Factor`] for how
//! each is computed.
//!
//! Inputs come from the store: loans and their payments (through [`ledger::loan_state`]),
//! credit lines, revolving accounts and the profile. Nothing here reads a file; the
//! caller passes the model's text in.
//!
//! Rules where DOMAIN.md is silent:
//! - today's score is the profile's; the model projects only its *change*. Without one,
//!   the model estimates today's score too, and the band is wider;
//! - a scenario acts the day after the as-of date; overdue installments are settled that
//!   day in every scenario (paying on time starts with catching up);
//! - future installments are paid on their due dates, balances follow the schedule, a
//!   revolving balance stays as it is, and utilization is measured against today's
//!   limits (a projected increase does not feed back into the score);
//! - the limit follows the score linearly from today's, rises only at reviews, falls at
//!   once, never below zero, and grows no further than an income ceiling.

use crate::dues::{self, Portfolio, YearMonth};
use crate::ledger::{self, Status};
use crate::loan::{
    DayCount, FieldError, LoanInput, LoanTerms, MAX_ANNUAL_PERCENT, MAX_TERM, Method, Rate,
    add_months, days_between,
};
use crate::money::{grouped, round_cents, round_dp};
use crate::schedule::{self, Schedule};
use crate::store::{CreditLine, PaymentKind, PaymentRecord, StoreData};
use chrono::{Months, NaiveDate};
use rayon::prelude::*;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::ops::Range;
use std::str::FromStr;
use std::sync::OnceLock;

/// The shipped model, `assets/limit_model.ron`.
pub const DEFAULT_MODEL: &str = include_str!("../assets/limit_model.ron");
/// The file name a user's model has in the config folder.
pub const MODEL_FILE_NAME: &str = "limit_model.ron";
/// Lowest credit score (芝麻信用分).
pub const MIN_SCORE: u16 = 350;
/// Highest credit score.
pub const MAX_SCORE: u16 = 950;
/// Longest projection, in months.
pub const MAX_MONTHS: u32 = 120;

/// A factor's weight and curve: points = weight × curve(x) / 100.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weighted {
    /// Most points the factor can give (or, at −100 %, take).
    pub weight: u32,
    /// `(x, percent)` knots, x strictly increasing, percent −100..=100.
    pub curve: Vec<(u64, i32)>,
}

/// Usage frequency: a weighted curve over borrowings per quarter, counted in a window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Usage {
    /// Most points the factor can give or take.
    pub weight: u32,
    /// Months of borrowings counted.
    pub window_months: u32,
    /// `(borrowings per quarter, percent)` knots.
    pub curve: Vec<(u64, i32)>,
}

/// What late payments cost, by the stage each reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverdueWeights {
    /// Most points all late payments together can take.
    pub weight: u32,
    /// Months a late payment counts for.
    pub window_months: u32,
    /// Percent of the weight one late payment costs at the reminder stage.
    pub reminder: u32,
    /// … at the warning stage.
    pub warning: u32,
    /// … once reported.
    pub reported: u32,
}

/// Every factor's weight and curve.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Factors {
    /// Months in good standing.
    pub on_time: Weighted,
    /// Late payments in the window.
    pub overdues: OverdueWeights,
    /// Percent of limits in use.
    pub utilization: Weighted,
    /// Borrowings per quarter.
    pub usage: Usage,
    /// Months since the first borrowing.
    pub history: Weighted,
    /// Profile completeness in percent.
    pub completeness: Weighted,
    /// Monthly income.
    pub income: Weighted,
    /// Everything owed as a percent of a year's income.
    pub debt_to_income: Weighted,
}

/// The lowest score of each risk grade; below `b` is C.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grades {
    /// Lowest AAA score.
    pub aaa: u16,
    /// Lowest AA score.
    pub aa: u16,
    /// Lowest A score.
    pub a: u16,
    /// Lowest B score.
    pub b: u16,
}

/// Days late at which a missed payment moves to the next stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverdueStages {
    /// Days 1..=this: a reminder (and the grace in which good standing is kept).
    pub reminder_days: u32,
    /// Up to this many days: a warning; beyond: reported.
    pub warning_days: u32,
}

/// How the limit follows the score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitRules {
    /// Percent of today's limit that 10 score points are worth.
    pub percent_per_10_points: u32,
    /// Months between the lender's reviews, when a higher score may raise the limit.
    pub review_months: u32,
    /// Growth stops at monthly income × this.
    pub income_multiple: u32,
    /// … and at this amount.
    pub max_limit: u64,
}

/// The width of the low/high band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Score points either side, per month ahead.
    pub points_per_month: u32,
    /// Extra points either side when today's score is itself estimated.
    pub unknown_score_points: u32,
}

/// Terms of a scenario's borrowing when the line has no loan to copy them from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BorrowTerms {
    /// Monthly installments.
    pub term_months: u32,
    /// Nominal rate in percent per year.
    pub annual_rate_percent: u32,
}

/// The credit-limit model: factors, weights, grades, overdue stages and limit rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitModel {
    /// Format version (1).
    pub version: u32,
    /// Score before factor points, used when the profile has no score.
    pub base_score: u16,
    /// Risk-grade thresholds.
    pub grades: Grades,
    /// Overdue stage thresholds.
    pub overdue_stages: OverdueStages,
    /// The factors.
    pub factors: Factors,
    /// How the limit follows the score.
    pub limit: LimitRules,
    /// The estimate's band.
    pub band: Band,
    /// Default terms of a scenario's borrowing.
    pub borrow: BorrowTerms,
}

/// A model value that was not accepted: the field (a path such as
/// `factors.utilization.curve[2]`) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct ModelError {
    /// Path of the field at fault.
    pub field: String,
    /// What is wrong and what is accepted.
    pub problem: String,
}

impl ModelError {
    fn new(field: impl Into<String>, problem: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            problem: problem.into(),
        }
    }
}

/// Which way a curve must run for the model's guarantees to hold.
#[derive(Clone, Copy)]
enum Direction {
    Rising,
    Falling,
    Free,
}

impl LimitModel {
    /// The shipped model (a test proves it parses and validates).
    pub fn shipped() -> Self {
        Self::from_ron(DEFAULT_MODEL).expect("the shipped limit model is valid")
    }

    /// Parse and validate model text; the error names the field at fault.
    pub fn from_ron(text: &str) -> Result<Self, ModelError> {
        let model: LimitModel = ron::from_str(text).map_err(|e| parse_error(text, &e))?;
        model.validate()?;
        Ok(model)
    }

    /// Check every value is in range, and every curve runs the way the guarantees need
    /// (an on-time month never lowers the score, an overdue or higher utilization never
    /// raises it).
    pub fn validate(&self) -> Result<(), ModelError> {
        if self.version != 1 {
            return Err(ModelError::new(
                "version",
                format!("must be 1 (got {})", self.version),
            ));
        }
        in_range("base_score", self.base_score.into(), 350, 950)?;
        let g = self.grades;
        for (field, value) in [
            ("grades.aaa", g.aaa),
            ("grades.aa", g.aa),
            ("grades.a", g.a),
            ("grades.b", g.b),
        ] {
            in_range(field, value.into(), 351, 950)?;
        }
        for (field, lower, higher) in [
            ("grades.aa", g.aa, g.aaa),
            ("grades.a", g.a, g.aa),
            ("grades.b", g.b, g.a),
        ] {
            if lower >= higher {
                return Err(ModelError::new(
                    field,
                    format!("must be below the grade above it ({lower} ≥ {higher})"),
                ));
            }
        }
        let s = self.overdue_stages;
        in_range(
            "overdue_stages.reminder_days",
            s.reminder_days.into(),
            1,
            60,
        )?;
        in_range(
            "overdue_stages.warning_days",
            s.warning_days.into(),
            u64::from(s.reminder_days) + 1,
            365,
        )?;
        let f = &self.factors;
        weighted("factors.on_time", &f.on_time, Direction::Rising)?;
        weighted("factors.utilization", &f.utilization, Direction::Falling)?;
        weighted("factors.history", &f.history, Direction::Rising)?;
        weighted("factors.completeness", &f.completeness, Direction::Rising)?;
        weighted("factors.income", &f.income, Direction::Rising)?;
        weighted(
            "factors.debt_to_income",
            &f.debt_to_income,
            Direction::Falling,
        )?;
        in_range("factors.usage.weight", f.usage.weight.into(), 0, 500)?;
        in_range(
            "factors.usage.window_months",
            f.usage.window_months.into(),
            1,
            36,
        )?;
        curve("factors.usage.curve", &f.usage.curve, Direction::Free)?;
        let o = &f.overdues;
        in_range("factors.overdues.weight", o.weight.into(), 0, 500)?;
        in_range(
            "factors.overdues.window_months",
            o.window_months.into(),
            1,
            120,
        )?;
        in_range("factors.overdues.reminder", o.reminder.into(), 0, 100)?;
        in_range(
            "factors.overdues.warning",
            o.warning.into(),
            o.reminder.into(),
            100,
        )?;
        in_range(
            "factors.overdues.reported",
            o.reported.into(),
            o.warning.into(),
            100,
        )?;
        let l = self.limit;
        in_range(
            "limit.percent_per_10_points",
            l.percent_per_10_points.into(),
            0,
            100,
        )?;
        in_range("limit.review_months", l.review_months.into(), 1, 24)?;
        in_range("limit.income_multiple", l.income_multiple.into(), 1, 120)?;
        in_range("limit.max_limit", l.max_limit, 1, 1_000_000_000)?;
        in_range(
            "band.points_per_month",
            self.band.points_per_month.into(),
            0,
            100,
        )?;
        in_range(
            "band.unknown_score_points",
            self.band.unknown_score_points.into(),
            0,
            300,
        )?;
        in_range(
            "borrow.term_months",
            self.borrow.term_months.into(),
            1,
            MAX_TERM.into(),
        )?;
        let max_rate = MAX_ANNUAL_PERCENT.to_u64().unwrap_or(100);
        in_range(
            "borrow.annual_rate_percent",
            self.borrow.annual_rate_percent.into(),
            0,
            max_rate,
        )
    }

    /// The risk grade of a score.
    pub fn grade(&self, score: u16) -> Grade {
        let g = self.grades;
        match score {
            s if s >= g.aaa => Grade::Aaa,
            s if s >= g.aa => Grade::Aa,
            s if s >= g.a => Grade::A,
            s if s >= g.b => Grade::B,
            _ => Grade::C,
        }
    }

    /// The stage a payment `days_late` days past due has reached (`None` when not late).
    pub fn overdue_stage(&self, days_late: i64) -> Option<OverdueStage> {
        let s = self.overdue_stages;
        match days_late {
            d if d <= 0 => None,
            d if d <= i64::from(s.reminder_days) => Some(OverdueStage::Reminder),
            d if d <= i64::from(s.warning_days) => Some(OverdueStage::Warning),
            _ => Some(OverdueStage::Reported),
        }
    }

    /// Every factor's points for `inputs`, in [`Factor::ALL`] order, with what they read.
    pub fn factor_points(&self, inputs: &Inputs) -> Vec<FactorLevel> {
        Factor::ALL
            .iter()
            .map(|&factor| {
                let (points, detail) = self.factor(factor, inputs);
                FactorLevel {
                    factor,
                    points,
                    detail,
                }
            })
            .collect()
    }

    /// `base_score` plus the points (not yet kept within 350–950).
    pub fn raw_score(&self, levels: &[FactorLevel]) -> i32 {
        i32::from(self.base_score) + levels.iter().map(|l| l.points).sum::<i32>()
    }

    fn factor(&self, factor: Factor, i: &Inputs) -> (i32, String) {
        let f = &self.factors;
        match factor {
            Factor::OnTime => (
                points(&f.on_time, i.good_months.into()),
                format!("{} months in good standing", i.good_months),
            ),
            Factor::Overdues => {
                let o = &f.overdues;
                let c = i.overdues;
                let percent =
                    (o.reminder * c.reminder + o.warning * c.warning + o.reported * c.reported)
                        .min(100);
                let detail = if c.total() == 0 {
                    format!("none late in {} months", o.window_months)
                } else {
                    format!(
                        "{} late in {} months ({} reminder, {} warning, {} reported)",
                        c.total(),
                        o.window_months,
                        c.reminder,
                        c.warning,
                        c.reported
                    )
                };
                (
                    -whole(Decimal::from(o.weight * percent) / Decimal::ONE_HUNDRED),
                    detail,
                )
            }
            Factor::Utilization => match &i.utilization {
                None => (0, "no credit line".into()),
                Some(u) => {
                    let percent = (interpolate(&f.utilization.curve, u.overall)
                        + interpolate(&f.utilization.curve, u.worst))
                        / Decimal::TWO;
                    (
                        whole(Decimal::from(f.utilization.weight) * percent / Decimal::ONE_HUNDRED),
                        format!(
                            "{} % of all limits in use; fullest line {} at {} %",
                            round_dp(u.overall, 0),
                            u.worst_line,
                            round_dp(u.worst, 0)
                        ),
                    )
                }
            },
            Factor::Usage => (
                whole(
                    Decimal::from(f.usage.weight)
                        * interpolate(&f.usage.curve, i.borrowings_per_quarter)
                        / Decimal::ONE_HUNDRED,
                ),
                format!(
                    "{} borrowings a quarter (last {} months)",
                    i.borrowings_per_quarter.normalize(),
                    f.usage.window_months
                ),
            ),
            Factor::History => (
                points(&f.history, i.history_months.into()),
                format!("{} months since the first borrowing", i.history_months),
            ),
            Factor::Completeness => (
                points(&f.completeness, i.completeness.into()),
                format!("profile {} % complete", i.completeness),
            ),
            Factor::Income => match i.monthly_income {
                None => (0, "no income in the profile".into()),
                Some(income) => (
                    points(&f.income, income),
                    format!("{} a month", grouped(income)),
                ),
            },
            Factor::DebtToIncome => match i.debt_to_income {
                None => (0, "no income in the profile".into()),
                Some(dti) => (
                    points(&f.debt_to_income, dti),
                    format!("owing {} % of a year's income", round_dp(dti, 0)),
                ),
            },
        }
    }
}

fn in_range(field: &str, value: u64, low: u64, high: u64) -> Result<(), ModelError> {
    if (low..=high).contains(&value) {
        Ok(())
    } else {
        Err(ModelError::new(
            field,
            format!("must be from {low} to {high} (got {value})"),
        ))
    }
}

fn weighted(field: &str, w: &Weighted, direction: Direction) -> Result<(), ModelError> {
    in_range(&format!("{field}.weight"), w.weight.into(), 0, 500)?;
    curve(&format!("{field}.curve"), &w.curve, direction)
}

fn curve(field: &str, knots: &[(u64, i32)], direction: Direction) -> Result<(), ModelError> {
    if knots.is_empty() || knots.len() > 32 {
        return Err(ModelError::new(
            field,
            "must have from 1 to 32 (x, percent) knots",
        ));
    }
    for (n, &(x, percent)) in knots.iter().enumerate() {
        let at = format!("{field}[{n}]");
        if !(-100..=100).contains(&percent) {
            return Err(ModelError::new(
                at,
                format!("percent must be from -100 to 100 (got {percent})"),
            ));
        }
        let Some(&(prev_x, prev)) = n.checked_sub(1).and_then(|p| knots.get(p)) else {
            continue;
        };
        if x <= prev_x {
            return Err(ModelError::new(
                at,
                format!("x must be above the previous knot's ({x} ≤ {prev_x})"),
            ));
        }
        match direction {
            Direction::Rising if percent < prev => {
                return Err(ModelError::new(
                    at,
                    format!(
                        "must not fall ({prev} → {percent}): more of this never lowers the score"
                    ),
                ));
            }
            Direction::Falling if percent > prev => {
                return Err(ModelError::new(
                    at,
                    format!(
                        "must not rise ({prev} → {percent}): more of this never raises the score"
                    ),
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

/// weight × curve(x) / 100, rounded half-up to whole points.
fn points(w: &Weighted, x: Decimal) -> i32 {
    whole(Decimal::from(w.weight) * interpolate(&w.curve, x) / Decimal::ONE_HUNDRED)
}

fn whole(value: Decimal) -> i32 {
    round_dp(value, 0).to_i32().unwrap_or(0)
}

/// The curve's percent at `x`: straight lines between knots, flat beyond the ends.
fn interpolate(knots: &[(u64, i32)], x: Decimal) -> Decimal {
    let Some(&(first_x, first)) = knots.first() else {
        return Decimal::ZERO;
    };
    if x <= Decimal::from(first_x) {
        return first.into();
    }
    for pair in knots.windows(2) {
        let ((a, pa), (b, pb)) = (pair[0], pair[1]);
        let (a, b) = (Decimal::from(a), Decimal::from(b));
        if x <= b {
            return Decimal::from(pa) + Decimal::from(pb - pa) * (x - a) / (b - a);
        }
    }
    knots.last().map_or(Decimal::ZERO, |&(_, p)| p.into())
}

/// ron's error, with the path of the field it happened in.
fn parse_error(text: &str, e: &ron::error::SpannedError) -> ModelError {
    let mut path = path_at(text, e.span.start.line, e.span.start.col);
    match &e.code {
        ron::Error::MissingStructField { field, .. } => path.push(field.to_string()),
        ron::Error::NoSuchStructField { found, .. } if path.last() != Some(found) => {
            path.push(found.clone())
        }
        _ => {}
    }
    let field = if path.is_empty() {
        "model".to_string()
    } else {
        path.join(".").replace(".[", "[")
    };
    ModelError::new(
        field,
        format!(
            "line {}, column {}: {}",
            e.span.start.line, e.span.start.col, e.code
        ),
    )
}

/// The path of fields and list indices open at a line and column of RON text.
fn path_at(text: &str, line: usize, col: usize) -> Vec<String> {
    let mut lines = text.split_inclusive('\n');
    let before: usize = lines
        .by_ref()
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let within: usize = lines.next().map_or(0, |l| {
        l.chars()
            .take(col.saturating_sub(1))
            .map(char::len_utf8)
            .sum()
    });
    let head = text.get(..before + within).unwrap_or(text);
    // Each open bracket: its name in the path and, for a list, the current index.
    let mut open: Vec<(Option<String>, Option<usize>)> = Vec::new();
    let mut pending: Option<String> = None;
    let (mut ident, mut ident_done) = (String::new(), false);
    let mut chars = head.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '/' if chars.peek() == Some(&'/') => {
                chars.by_ref().find(|&c| c == '\n');
            }
            '"' => {
                let mut escaped = false;
                for c in chars.by_ref() {
                    if c == '"' && !escaped {
                        break;
                    }
                    escaped = c == '\\' && !escaped;
                }
            }
            letter if letter.is_alphanumeric() || letter == '_' => {
                if ident_done {
                    ident.clear();
                    ident_done = false;
                }
                ident.push(letter);
                continue;
            }
            space if space.is_whitespace() => {
                ident_done = true;
                continue;
            }
            ':' => pending = Some(std::mem::take(&mut ident)),
            '(' | '[' => {
                let name = pending.take().or_else(|| {
                    open.last()
                        .and_then(|(_, index)| index.map(|i| format!("[{i}]")))
                });
                open.push((name, (ch == '[').then_some(0)));
            }
            ')' | ']' => {
                open.pop();
                pending = None;
            }
            ',' => {
                if let Some((_, Some(index))) = open.last_mut() {
                    *index += 1;
                }
                pending = None;
            }
            _ => {}
        }
        ident.clear();
        ident_done = false;
    }
    let mut path: Vec<String> = open.into_iter().filter_map(|(name, _)| name).collect();
    path.extend(pending);
    path
}

/// The model a projection uses, where it came from, and why the default stands in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadedModel {
    /// The model.
    pub model: LimitModel,
    /// The file it was read from, or `default` for the shipped one.
    pub source: String,
    /// Set when a user's model was rejected and the shipped one is used instead.
    pub fallback: Option<String>,
}

impl LoadedModel {
    /// The shipped model.
    pub fn shipped() -> Self {
        Self {
            model: LimitModel::shipped(),
            source: "default".into(),
            fallback: None,
        }
    }

    /// A user's model read from `source`; when `text` is not a valid model, the shipped
    /// one with the reason in `fallback`.
    pub fn from_text(source: &str, text: &str) -> Self {
        match LimitModel::from_ron(text) {
            Ok(model) => Self {
                model,
                source: source.into(),
                fallback: None,
            },
            Err(e) => Self {
                fallback: Some(format!(
                    "model {source} is not valid ({e}); using the shipped default model"
                )),
                ..Self::shipped()
            },
        }
    }
}

/// A risk grade, as the seeds' lenders sort borrowers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Grade {
    /// Best.
    Aaa,
    /// Second.
    Aa,
    /// Third.
    A,
    /// Fourth.
    B,
    /// Worst.
    C,
}

impl Grade {
    /// `AAA`, `AA`, `A`, `B` or `C`.
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Aaa => "AAA",
            Grade::Aa => "AA",
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
        }
    }
}

/// How far a lender has escalated a missed payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OverdueStage {
    /// The first days: an automatic reminder.
    Reminder,
    /// Then: a warning that the credit record is at risk.
    Warning,
    /// Then: reported to the credit record.
    Reported,
}

impl OverdueStage {
    /// `reminder`, `warning` or `reported`.
    pub fn as_str(self) -> &'static str {
        match self {
            OverdueStage::Reminder => "reminder",
            OverdueStage::Warning => "warning",
            OverdueStage::Reported => "reported",
        }
    }
}

/// The factors of the score. Each gives weight × curve(x) / 100 points (see
/// [`LimitModel`]); what x is and why it matters:
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Factor {
    /// Months in good standing: since the first borrowing, or since the last payment
    /// more than `reminder_days` late was settled; zero while one is unpaid past that.
    /// Time since the last delinquency is what bureaus weigh most (FICO's payment
    /// history, 35 %); a late payment inside the grace days does not break it.
    OnTime,
    /// Late payments due within the window (24 months by default), each costing a
    /// percent of the weight by the stage it reached — reminder, warning, reported —
    /// as the seeds' lenders escalate; a payment still unpaid counts at its stage so far.
    Overdues,
    /// Balances of loans and revolving statements drawn on each line, over its limit:
    /// the average of the curve at all lines together and at the fullest line, as
    /// scoring models look at both (FICO's amounts owed, 30 %; under 30 % is the common
    /// advice).
    Utilization,
    /// Borrowings (loans drawn) per quarter, averaged over the window. The seeds: lines
    /// left unused do not grow (使用频率低), and borrowing all the time reads as need
    /// (避免过度借贷), as new-credit seeking does for FICO.
    Usage,
    /// Months since the first borrowing in the store: a longer record is a surer one
    /// (FICO's length of history, 15 %; Sesame's 信用历史).
    History,
    /// The profile's completeness: the seeds' first step is 完善个人信息 (identity,
    /// Sesame's 身份特质).
    Completeness,
    /// Monthly income: the capacity to repay (Sesame's 履约能力); no points when unknown.
    Income,
    /// Everything owed (loan balances and revolving balances) as a percent of a year's
    /// income. Balances rather than payments, so a loan's last lump does not jump it;
    /// China's 2020 rules on online micro-loans cap a borrower's balance at a third of
    /// annual income. No points when the income is unknown.
    DebtToIncome,
}

impl Factor {
    /// Every factor, in the order they are shown.
    pub const ALL: [Factor; 8] = [
        Factor::OnTime,
        Factor::Overdues,
        Factor::Utilization,
        Factor::Usage,
        Factor::History,
        Factor::Completeness,
        Factor::Income,
        Factor::DebtToIncome,
    ];

    /// The name shown and written to JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Factor::OnTime => "on-time record",
            Factor::Overdues => "overdues",
            Factor::Utilization => "utilization",
            Factor::Usage => "usage frequency",
            Factor::History => "history length",
            Factor::Completeness => "profile completeness",
            Factor::Income => "income",
            Factor::DebtToIncome => "debt-to-income",
        }
    }
}

/// Late payments in the window, by the stage each reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OverdueCounts {
    /// At the reminder stage.
    pub reminder: u32,
    /// At the warning stage.
    pub warning: u32,
    /// Reported.
    pub reported: u32,
}

impl OverdueCounts {
    /// All of them.
    pub fn total(&self) -> u32 {
        self.reminder + self.warning + self.reported
    }

    fn add(&mut self, stage: OverdueStage) {
        match stage {
            OverdueStage::Reminder => self.reminder += 1,
            OverdueStage::Warning => self.warning += 1,
            OverdueStage::Reported => self.reported += 1,
        }
    }
}

/// How much of the credit lines is in use, in percent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Utilization {
    /// All lines together.
    pub overall: Decimal,
    /// The fullest line.
    pub worst: Decimal,
    /// Its name.
    pub worst_line: String,
}

/// What the model scores: the borrower's record on one date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs {
    /// Months in good standing.
    pub good_months: u32,
    /// Late payments in the window.
    pub overdues: OverdueCounts,
    /// Lines in use; `None` without a line.
    pub utilization: Option<Utilization>,
    /// Borrowings per quarter.
    pub borrowings_per_quarter: Decimal,
    /// Months since the first borrowing.
    pub history_months: u32,
    /// Profile completeness in percent.
    pub completeness: u8,
    /// Monthly income, if known.
    pub monthly_income: Option<Decimal>,
    /// Everything owed as a percent of a year's income, if the income is known.
    pub debt_to_income: Option<Decimal>,
}

/// A factor's points on one date and what it read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactorLevel {
    /// The factor.
    pub factor: Factor,
    /// Its points.
    pub points: i32,
    /// What it read, e.g. `14 months in good standing`.
    pub detail: String,
}

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

/// One month of a projection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthProjection {
    /// The month.
    pub month: YearMonth,
    /// The date evaluated: the as-of date plus this many months.
    pub date: NaiveDate,
    /// Estimated score.
    pub score: u16,
    /// Low end of the score's band.
    pub score_low: u16,
    /// High end of the score's band.
    pub score_high: u16,
    /// The score's risk grade.
    pub grade: Grade,
    /// Estimated limit of the line.
    pub limit: Decimal,
    /// Low end of the limit's band.
    pub low: Decimal,
    /// High end of the limit's band.
    pub high: Decimal,
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
    pub scenario: Scenario,
    /// Whether today's score is the profile's (else the model's estimate).
    pub score_known: bool,
    /// Today's factor points.
    pub today: Vec<FactorLevel>,
    /// Month 0 (today) and each month ahead.
    pub months: Vec<MonthProjection>,
}

/// What the borrower does from tomorrow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scenario {
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

impl FromStr for Scenario {
    type Err = String;
    /// `on-time`, `borrow:AMOUNT`, `prepay:AMOUNT` or `miss:DAYS`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        const FORMS: &str = "expected on-time, borrow:AMOUNT, prepay:AMOUNT or miss:DAYS";
        let amount = |text: &str| {
            crate::money::parse_decimal(text, 2)
                .map_err(|e| format!("amount {text:?}: {e}; {FORMS}"))
                .and_then(|a| {
                    if a > Decimal::ZERO {
                        Ok(a)
                    } else {
                        Err(format!("amount must be greater than 0 (got {a})"))
                    }
                })
        };
        match s.trim().split_once(':') {
            None if s.trim() == "on-time" => Ok(Scenario::OnTime),
            Some(("borrow", a)) => amount(a).map(Scenario::Borrow),
            Some(("prepay", a)) => amount(a).map(Scenario::Prepay),
            Some(("miss", d)) => match d.trim().parse::<u32>() {
                Ok(days @ 1..=3650) => Ok(Scenario::Miss(days)),
                _ => Err(format!(
                    "days late must be a whole number from 1 to 3650 (got {d:?})"
                )),
            },
            _ => Err(format!("{FORMS} (got {s:?})")),
        }
    }
}

impl fmt::Display for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scenario::OnTime => f.write_str("on-time"),
            Scenario::Borrow(a) => write!(f, "borrow:{}", crate::money::plain(*a)),
            Scenario::Prepay(a) => write!(f, "prepay:{}", crate::money::plain(*a)),
            Scenario::Miss(d) => write!(f, "miss:{d}"),
        }
    }
}

/// An action that could raise the projection, tried through it by [`Projector::suggest`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Repay `amount` early on `line`, bringing it below `below_percent` utilization.
    PayDown {
        /// The line.
        line: String,
        /// Principal to repay.
        amount: Decimal,
        /// The utilization it brings the line under.
        below_percent: u64,
    },
    /// Complete the profile (from `from_percent` to 100 %).
    CompleteProfile {
        /// Today's completeness.
        from_percent: u8,
    },
    /// Borrow `amount` on `line` every `every_months` months, repaying on time.
    BorrowRegularly {
        /// The line.
        line: String,
        /// Each borrowing.
        amount: Decimal,
        /// Months between borrowings.
        every_months: u32,
    },
}

/// An action and what it would add to the projection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// What to do.
    pub action: Action,
    /// The most it adds to the limit in any month.
    pub limit_gain: Decimal,
    /// What it adds to the score that month.
    pub score_gain: i32,
    /// The first month it adds that much.
    pub by: YearMonth,
}

impl Suggestion {
    /// One line for people, amounts with `currency`, e.g. `Pay down 借呗 below 50 %
    /// utilization (repay ¥1,001.00 early): +¥2,000.00 by 2027-03`.
    pub fn text(&self, currency: &str) -> String {
        let what = match &self.action {
            Action::PayDown {
                line,
                amount,
                below_percent,
            } => format!(
                "Pay down {line} below {below_percent} % utilization (repay {currency}{} early)",
                grouped(*amount)
            ),
            Action::CompleteProfile { from_percent } => {
                format!("Complete your profile ({from_percent} % → 100 %)")
            }
            Action::BorrowRegularly {
                line,
                amount,
                every_months,
            } => format!(
                "Borrow {currency}{} on {line} every {every_months} months and repay on time",
                grouped(*amount)
            ),
        };
        let gain = if self.limit_gain > Decimal::ZERO {
            format!("+{currency}{}", grouped(self.limit_gain))
        } else {
            format!("+{} points", self.score_gain)
        };
        format!("{what}: {gain} by {}", self.by)
    }
}

/// A what-if of the simulator as the projection reads it (see
/// [`Projector::project_what_ifs`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WhatIf {
    /// Repay `amount` early on the debts drawn on `line`.
    Prepay {
        /// Credit line name.
        line: String,
        /// Principal repaid.
        amount: Decimal,
    },
    /// Borrow `amount` on `line`.
    Borrow {
        /// Credit line name.
        line: String,
        /// Principal.
        amount: Decimal,
    },
    /// Pay the next payment due `days` late.
    Late {
        /// Days after the due date.
        days: u32,
    },
}

/// A scenario, with any suggested action, as dated changes to the record.
#[derive(Debug, Clone, Default)]
struct Plan {
    /// Date, amount and the slot of the line drawn on.
    borrows: Vec<(NaiveDate, Decimal, usize)>,
    prepays: Vec<(String, Decimal)>,
    miss_days: Option<u32>,
    completeness: Option<u8>,
}

/// A loan on the as-of date: what a projection reads of it.
#[derive(Debug, Clone)]
struct LoanRecord {
    /// Principal not yet repaid.
    balance: Decimal,
    start: NaiveDate,
    principal: Decimal,
    /// Periods of the installments due from the as-of date on and already paid.
    paid_ahead: Vec<u32>,
    /// The first installment due from the as-of date on and not paid.
    next_due: Option<NaiveDate>,
    /// `(date, balance after)` of the schedule's rows from the last on or before the
    /// as-of date to [`MAX_MONTHS`] after it: all a projection reads of them.
    rows: Vec<(NaiveDate, Decimal)>,
    /// The line it is drawn on (see [`Record::slot`]).
    line: Option<usize>,
}

/// A revolving account on the as-of date.
#[derive(Debug, Clone)]
struct RevolvingRecord {
    balance: Decimal,
    next_due: NaiveDate,
    line: Option<usize>,
}

/// A payment falling due, and the day it is (or is assumed) settled.
#[derive(Debug, Clone, Copy)]
struct DueEvent {
    due: NaiveDate,
    settled: NaiveDate,
}

/// What is owed on one date: on each line (by [`Record::slot`]) and in all.
#[derive(Debug, Clone)]
struct Owed {
    lines: Vec<Decimal>,
    total: Decimal,
}

impl Owed {
    fn add(&mut self, line: Option<usize>, amount: Decimal) {
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
    as_of: NaiveDate,
    /// The store's lines' names, in store order.
    lines: Vec<String>,
    /// One per loan, in store order.
    loans: Vec<LoanRecord>,
    /// The loans' payments, grouped when a scenario first prepays one.
    payments: OnceLock<Grouped>,
    /// One per revolving account, in store order.
    revolving: Vec<RevolvingRecord>,
    /// Payments settled after their due date, or to be (those unpaid past due are
    /// settled tomorrow in every scenario); payments on time never move the score.
    late: Vec<DueEvent>,
    /// Every loan's start, earliest first.
    starts: Vec<NaiveDate>,
    /// Each line's latest loan (the last to start latest), whose terms a scenario's
    /// borrowing copies.
    latest: Vec<Option<usize>>,
    /// What is owed each month from the as-of date without a scenario, computed when
    /// first asked for (every line and scenario starts from it).
    owed: Vec<OnceLock<Owed>>,
}

impl Record {
    /// The record of the portfolio's store on its as-of date.
    pub fn new(portfolio: &Portfolio) -> Self {
        let data = portfolio.data();
        let as_of = portfolio.as_of();
        let tomorrow = as_of.succ_opt().unwrap_or(as_of);
        let horizon = add_months(as_of, MAX_MONTHS);
        let lines: Vec<String> = data.lines.iter().map(|l| l.name.clone()).collect();
        let slot = |line: &Option<String>| {
            line.as_deref()
                .and_then(|name| lines.iter().position(|n| n == name))
        };
        // Loans are independent: read them on every core (order is kept).
        let (loans, late): (Vec<LoanRecord>, Vec<Vec<DueEvent>>) = data
            .loans
            .par_iter()
            .zip(portfolio.states())
            .map(|(loan, state)| {
                let mut late = Vec::new();
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
                        late.push(DueEvent {
                            due: inst.due_date,
                            settled,
                        });
                    }
                }
                let rows = &state.schedule.rows;
                let first = rows
                    .partition_point(|r| r.due_date <= as_of)
                    .saturating_sub(1);
                let last = rows.partition_point(|r| r.due_date <= horizon);
                let record = LoanRecord {
                    balance: state.balance,
                    start: loan.start,
                    principal: loan.principal,
                    next_due: next_due(&state.schedule, &paid_ahead, as_of),
                    paid_ahead,
                    rows: rows[first..last]
                        .iter()
                        .map(|r| (r.due_date, r.balance))
                        .collect(),
                    line: slot(&loan.line),
                };
                (record, late)
            })
            .unzip();
        let mut late: Vec<DueEvent> = late.into_iter().flatten().collect();
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
                // The as-of month's minimum due, as `Portfolio::month_due` lists it.
                let item = dues::revolving_due_item(
                    account,
                    recent,
                    month,
                    as_of,
                    dues::RevolvingProjection::new(account, as_of).minimum(),
                );
                if let Some(item) = item.as_ref().filter(|i| i.status == Status::Overdue) {
                    late.push(DueEvent {
                        due: item.due_date,
                        settled: tomorrow,
                    });
                }
                let this_month = month.day(account.due_day);
                let open = item.is_some_and(|i| i.status == Status::Upcoming);
                RevolvingRecord {
                    balance: portfolio.revolving_balance(account),
                    next_due: if open && this_month >= as_of {
                        this_month
                    } else {
                        month.plus(1).day(account.due_day)
                    },
                    line: slot(&account.line),
                }
            })
            .collect();
        let mut starts: Vec<NaiveDate> = data.loans.iter().map(|l| l.start).collect();
        starts.sort_unstable();
        let mut latest: Vec<Option<usize>> = vec![None; lines.len()];
        for (i, (loan, record)) in data.loans.iter().zip(&loans).enumerate() {
            if let Some(slot) = record.line.and_then(|s| latest.get_mut(s))
                && slot.is_none_or(|j| data.loans[j].start <= loan.start)
            {
                *slot = Some(i);
            }
        }
        Self {
            as_of,
            lines,
            loans,
            revolving,
            late,
            starts,
            latest,
            owed: (0..=MAX_MONTHS).map(|_| OnceLock::new()).collect(),
            payments: OnceLock::new(),
        }
    }

    /// Loan `i`'s payments up to the as-of date, in store order.
    fn payments_of<'d>(
        &self,
        data: &'d StoreData,
        i: usize,
    ) -> impl Iterator<Item = &'d PaymentRecord> {
        let grouped = self.payments.get_or_init(|| Grouped::new(data, self.as_of));
        let range = grouped.ranges.get(i).cloned().unwrap_or_default();
        grouped.indices[range].iter().map(|&n| &data.payments[n])
    }

    /// Where a line's balances are summed: the first line of that name.
    fn slot(&self, line: &str) -> Option<usize> {
        self.lines.iter().position(|n| n == line)
    }

    /// What is owed `months` after the as-of date without a scenario (`None` beyond
    /// [`MAX_MONTHS`]).
    fn owed(&self, months: u32) -> Option<&Owed> {
        let cell = self.owed.get(usize::try_from(months).ok()?)?;
        Some(cell.get_or_init(|| {
            let date = add_months(self.as_of, months);
            let mut owed = Owed {
                lines: vec![Decimal::ZERO; self.lines.len()],
                total: Decimal::ZERO,
            };
            for loan in &self.loans {
                owed.add(loan.line, loan.balance_on(&loan.rows, date, self.as_of));
            }
            for account in &self.revolving {
                owed.add(account.line, account.balance);
            }
            owed
        }))
    }
}

impl LoanRecord {
    /// The balance on `date` with the schedule `rows` (in date order), today's up to
    /// `as_of`.
    fn balance_on(
        &self,
        rows: &[(NaiveDate, Decimal)],
        date: NaiveDate,
        as_of: NaiveDate,
    ) -> Decimal {
        if date <= as_of {
            self.balance
        } else if date < self.start {
            Decimal::ZERO
        } else {
            scheduled_balance(rows, date, self.principal)
        }
    }
}

/// The balance after the last of `rows` (in date order) on or before `date`.
fn scheduled_balance(
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
struct Grouped {
    /// Loan by loan, each in store order.
    indices: Vec<usize>,
    /// Each loan's part of `indices`.
    ranges: Vec<Range<usize>>,
}

impl Grouped {
    /// Group in one pass (a counting sort by loan).
    fn new(data: &StoreData, as_of: NaiveDate) -> Self {
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
fn next_due(schedule: &Schedule, paid: &[u32], as_of: NaiveDate) -> Option<NaiveDate> {
    schedule
        .installments()
        .filter(|r| r.due_date >= as_of && paid.binary_search(&r.period).is_err())
        .map(|r| r.due_date)
        .min()
}

/// A plan's record: its late payments, borrowings and what is owed each month.
struct Timeline {
    /// The payment the plan misses (the others late are the record's).
    missed: Option<DueEvent>,
    /// The dates it borrows on.
    borrows: Vec<NaiveDate>,
    /// What is owed each month from the as-of date.
    owed: Vec<Owed>,
    /// Profile completeness from tomorrow (today's is the store's).
    completeness: u8,
}

/// Projects one credit line of a store under a model, from the store's [`Record`]:
/// projections and suggestions per scenario.
pub struct Projector<'a> {
    data: &'a StoreData,
    record: &'a Record,
    model: &'a LimitModel,
    as_of: NaiveDate,
    line: &'a CreditLine,
    /// The line's slot in the record.
    slot: usize,
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
            Some(name) => data.lines.iter().find(|l| l.name == name).ok_or_else(|| {
                FieldError::new(
                    "line",
                    format!("no credit line named {name:?}; see `loandash line`"),
                )
            })?,
            None => data.lines.first().ok_or_else(|| {
                FieldError::new(
                    "line",
                    "the store has no credit line to project; add one with `loandash line --name … --limit …`",
                )
            })?,
        };
        let slot = record.slot(&line.name).ok_or_else(|| {
            FieldError::new("line", format!("{:?} is not in the record", line.name))
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

    /// The line projected.
    pub fn line(&self) -> &CreditLine {
        self.line
    }

    /// Score and limit for today and each of `months` months ahead under `scenario`.
    pub fn project(&self, scenario: &Scenario, months: u32) -> Result<Projection, FieldError> {
        let plan = self.plan(scenario)?;
        let (today, months) = self.run(&plan, months)?;
        Ok(Projection {
            line: self.line.name.clone(),
            scenario: *scenario,
            score_known: self.data.profile.credit_score.is_some(),
            today,
            months,
        })
    }

    /// The projection under the simulator's what-ifs, all from tomorrow: a prepayment
    /// spreads over the debts of its line (dearest first), a borrowing takes the terms
    /// of its line's latest loan, a late payment is the first payment falling due.
    pub fn project_what_ifs(
        &self,
        what_ifs: &[WhatIf],
        months: u32,
    ) -> Result<Vec<MonthProjection>, FieldError> {
        let mut plan = Plan::default();
        for what_if in what_ifs {
            match what_if {
                WhatIf::Prepay { line, amount } => plan.prepays.push((line.clone(), *amount)),
                WhatIf::Borrow { line, amount } => {
                    let slot = self.record.slot(line).ok_or_else(|| {
                        FieldError::new("line", format!("no credit line named {line:?}"))
                    })?;
                    plan.borrows.push((self.tomorrow(), *amount, slot));
                }
                WhatIf::Late { days } => plan.miss_days = Some(*days),
            }
        }
        Ok(self.run(&plan, months)?.1)
    }

    /// Up to three actions that would raise the projection under `scenario` most, each
    /// tried through the same projection; best first (limit gained, then score).
    pub fn suggest(&self, scenario: &Scenario, months: u32) -> Result<Vec<Suggestion>, FieldError> {
        let plan = self.plan(scenario)?;
        let (_, base) = self.run(&plan, months)?;
        let mut found = Vec::new();
        for action in self.candidates(months) {
            let mut tried = plan.clone();
            self.apply(&action, &mut tried, months);
            // An action that does not fit beside the scenario (e.g. repaying more than
            // is owed after its prepayment) is simply not suggested.
            let Ok((_, run)) = self.run(&tried, months) else {
                continue;
            };
            let best = base
                .iter()
                .zip(&run)
                .map(|(b, r)| {
                    (
                        r.limit - b.limit,
                        i32::from(r.score) - i32::from(b.score),
                        r.month,
                    )
                })
                .fold(
                    None,
                    |best: Option<(Decimal, i32, YearMonth)>, gain| match best {
                        Some(b) if (b.0, b.1) >= (gain.0, gain.1) => Some(b),
                        _ => Some(gain),
                    },
                );
            if let Some((limit_gain, score_gain, by)) = best
                && (limit_gain > Decimal::ZERO || score_gain > 0)
            {
                found.push(Suggestion {
                    action,
                    limit_gain,
                    score_gain,
                    by,
                });
            }
        }
        found.sort_by_key(|s| Reverse((s.limit_gain, s.score_gain)));
        found.truncate(3);
        Ok(found)
    }

    fn tomorrow(&self) -> NaiveDate {
        self.as_of.succ_opt().unwrap_or(self.as_of)
    }

    fn plan(&self, scenario: &Scenario) -> Result<Plan, FieldError> {
        let mut plan = Plan::default();
        match *scenario {
            Scenario::OnTime => {}
            Scenario::Borrow(amount) => {
                let available = self.line.limit - self.used_now(&self.line.name);
                if amount > available {
                    return Err(FieldError::new(
                        "scenario",
                        format!(
                            "borrowing {} is more than the {} available on {}",
                            grouped(amount),
                            grouped(available.max(Decimal::ZERO)),
                            self.line.name
                        ),
                    ));
                }
                plan.borrows.push((self.tomorrow(), amount, self.slot));
            }
            Scenario::Prepay(amount) => plan.prepays.push((self.line.name.clone(), amount)),
            Scenario::Miss(days) => plan.miss_days = Some(days),
        }
        Ok(plan)
    }

    /// What is drawn on `line` today.
    fn used_now(&self, line: &str) -> Decimal {
        let owed = self.record.owed(0);
        self.record
            .slot(line)
            .and_then(|s| owed?.lines.get(s))
            .copied()
            .unwrap_or_default()
    }

    fn candidates(&self, months: u32) -> Vec<Action> {
        let mut actions = Vec::new();
        let knots = &self.model.factors.utilization.curve;
        for line in self.data.lines.iter().filter(|l| l.limit > Decimal::ZERO) {
            let used = self.used_now(&line.name);
            let percent = used / line.limit * Decimal::ONE_HUNDRED;
            let now = interpolate(knots, percent);
            // The highest knot below today's utilization that scores better.
            let target = knots
                .iter()
                .rev()
                .find(|&&(x, p)| Decimal::from(x) < percent && Decimal::from(p) > now);
            if let Some(&(below, _)) = target {
                let goal = line.limit * Decimal::from(below) / Decimal::ONE_HUNDRED;
                let amount = ((used - goal).floor() + Decimal::ONE).min(used);
                actions.push(Action::PayDown {
                    line: line.name.clone(),
                    amount,
                    below_percent: below,
                });
            }
        }
        let completeness = self.data.profile.completeness;
        if completeness < 100 {
            actions.push(Action::CompleteProfile {
                from_percent: completeness,
            });
        }
        let every_months = 3;
        let amount = ((self.line.limit / Decimal::TEN / Decimal::ONE_HUNDRED).floor()
            * Decimal::ONE_HUNDRED)
            .max(Decimal::ONE_HUNDRED);
        if months > 0 && amount <= self.line.limit - self.used_now(&self.line.name) {
            actions.push(Action::BorrowRegularly {
                line: self.line.name.clone(),
                amount,
                every_months,
            });
        }
        actions
    }

    fn apply(&self, action: &Action, plan: &mut Plan, months: u32) {
        match action {
            Action::PayDown { line, amount, .. } => plan.prepays.push((line.clone(), *amount)),
            Action::CompleteProfile { .. } => plan.completeness = Some(100),
            Action::BorrowRegularly {
                amount,
                every_months,
                ..
            } => {
                let first = self.tomorrow();
                plan.borrows.extend(
                    (0..months)
                        .step_by(*every_months as usize)
                        .map(|m| (add_months(first, m), *amount, self.slot)),
                );
            }
        }
    }

    /// Today's factor levels and each month's projection under `plan`.
    fn run(
        &self,
        plan: &Plan,
        months: u32,
    ) -> Result<(Vec<FactorLevel>, Vec<MonthProjection>), FieldError> {
        if months > MAX_MONTHS {
            return Err(FieldError::new(
                "months",
                format!("must be from 0 to {MAX_MONTHS} (got {months})"),
            ));
        }
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
        let today = levels
            .first()
            .map(|(_, l, _)| l.clone())
            .unwrap_or_default();
        let today_raw = model.raw_score(&today);
        let known = self.data.profile.credit_score;
        let score_of = |levels: &[FactorLevel]| -> u16 {
            let raw = model.raw_score(levels);
            clamp_score(known.map_or(raw, |k| i32::from(k) + raw - today_raw))
        };
        let s0 = i32::from(score_of(&today));
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
            (l0 + k * Decimal::from(e - s0))
                .max(Decimal::ZERO)
                .min(ceiling)
        };
        let unknown = if known.is_some() {
            0
        } else {
            model.band.unknown_score_points
        };
        let mut held = s0;
        let mut out = Vec::with_capacity(levels.len());
        for (m, (date, levels, overdue)) in (0u32..).zip(levels) {
            let score = score_of(&levels);
            let s = i32::from(score);
            let review = m > 0 && m % model.limit.review_months == 0;
            // Reviews raise the limit; a lower score cuts it at once.
            held = if m == 0 || review { s } else { s.min(held) };
            let limit = limit_at(held);
            let width =
                i32::try_from(model.band.points_per_month * m + unknown).unwrap_or(i32::MAX);
            let mut effects: Vec<Effect> = levels
                .iter()
                .zip(&today)
                .filter(|(now, then)| now.points != then.points)
                .map(|(now, then)| Effect {
                    cause: Cause::Factor(now.factor),
                    points: now.points - then.points,
                    money: k * Decimal::from(now.points - then.points),
                    detail: now.detail.clone(),
                })
                .collect();
            let moved: i32 = effects.iter().map(|e| e.points).sum();
            let clamped = s - s0 - moved;
            let unbounded = l0 + k * Decimal::from(held - s0);
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
                    k * Decimal::from(held - s),
                    format!(
                        "a higher score raises the limit only at the lender's review, every {} months",
                        model.limit.review_months
                    ),
                ),
                (
                    if limit > unbounded {
                        Cause::Floor
                    } else {
                        Cause::Ceiling
                    },
                    0,
                    limit - unbounded,
                    if limit > unbounded {
                        "a limit never falls below zero".to_string()
                    } else {
                        format!("growth stops at {}", grouped(ceiling))
                    },
                ),
            ];
            effects.extend(
                extra
                    .into_iter()
                    .filter(|(_, points, money, _)| *points != 0 || !money.is_zero())
                    .map(|(cause, points, money, detail)| Effect {
                        cause,
                        points,
                        money,
                        detail,
                    }),
            );
            out.push(MonthProjection {
                month: YearMonth::of(date),
                date,
                score,
                score_low: clamp_score(s - width),
                score_high: clamp_score(s + width),
                grade: model.grade(score),
                limit,
                low: limit_at(held - width),
                high: limit_at(held + width),
                effects,
                overdue,
                review,
            });
        }
        Ok((today, out))
    }

    /// The record under `plan` for each of `months` months ahead.
    fn timeline(&self, plan: &Plan, months: u32) -> Result<Timeline, FieldError> {
        let record = self.record;
        let as_of = self.as_of;
        let tomorrow = self.tomorrow();
        let mut extra: BTreeMap<usize, Vec<PaymentRecord>> = BTreeMap::new();
        let mut revolving_paid = vec![Decimal::ZERO; record.revolving.len()];
        for (line, amount) in &plan.prepays {
            self.allocate_prepayment(line, *amount, tomorrow, &mut extra, &mut revolving_paid)?;
        }
        let dates: Vec<NaiveDate> = (0..=months).map(|m| add_months(as_of, m)).collect();
        let mut owed: Vec<Owed> = (0..=months)
            .map(|m| record.owed(m).cloned())
            .collect::<Option<_>>()
            .ok_or_else(|| FieldError::new("months", format!("at most {MAX_MONTHS}")))?;
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
            change(Some(slot), &|day| {
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
                let (_, due) = loans.chain(revolving).min().ok_or_else(|| {
                    FieldError::new("scenario", "nothing falls due that could be missed")
                })?;
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

    /// A scenario's new loan on the line: the terms of the line's latest loan, else the
    /// model's.
    fn borrow_terms(
        &self,
        slot: usize,
        start: NaiveDate,
        amount: Decimal,
    ) -> Result<LoanTerms, FieldError> {
        let latest = self.record.latest.get(slot).copied().flatten();
        let terms = match latest.and_then(|i| self.data.loans.get(i)) {
            Some(loan) => {
                let terms = loan.terms();
                LoanTerms {
                    principal: amount,
                    start,
                    conventions: terms.conventions.lender_habits(),
                    ..terms
                }
            }
            None => LoanTerms {
                principal: amount,
                rate: Rate::Annual(self.model.borrow.annual_rate_percent.into()),
                day_count: DayCount::Thirty360,
                term: self.model.borrow.term_months,
                method: Method::EqualInstallment,
                start,
                fee_rate: Decimal::ZERO,
                conventions: Default::default(),
            },
        };
        LoanTerms::new(&LoanInput::from(&terms))
            .map_err(|e| FieldError::new("scenario", format!("borrowing: {e}")))
    }

    /// Spread an early repayment over the debts on `line`, dearest first.
    fn allocate_prepayment(
        &self,
        line: &str,
        amount: Decimal,
        date: NaiveDate,
        extra: &mut BTreeMap<usize, Vec<PaymentRecord>>,
        revolving_paid: &mut [Decimal],
    ) -> Result<(), FieldError> {
        let record = self.record;
        let slot = record.slot(line);
        let on_line = |l: Option<usize>| l.is_some() && l == slot;
        // (annual rate, loan index or revolving index, balance left to repay).
        let mut debts: Vec<(Decimal, Result<usize, usize>, Decimal)> = Vec::new();
        for (i, (base, loan)) in record.loans.iter().zip(&self.data.loans).enumerate() {
            if !on_line(base.line) || loan.start > date {
                continue;
            }
            let scheduled = scheduled_balance(&base.rows, date, loan.principal);
            let planned: Decimal = extra.get(&i).into_iter().flatten().map(|p| p.amount).sum();
            debts.push((
                loan.terms().nominal_annual_percent(),
                Ok(i),
                scheduled.min(base.balance) - planned,
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
            return Err(FieldError::new(
                "scenario",
                format!(
                    "repaying {} early is more than the {} owed on {line}",
                    grouped(amount),
                    grouped(owed)
                ),
            ));
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
                Ok(i) => extra.entry(i).or_default().push(PaymentRecord {
                    date,
                    amount: part,
                    loan: self.data.loans[i].id.clone(),
                    kind: PaymentKind::Prepayment,
                    mode: Some(schedule::PrepayMode::Shorten),
                }),
                Err(i) => revolving_paid[i] += part,
            }
        }
        Ok(())
    }

    /// The model's inputs on `date`, when `owed` is owed, and the worst payment unpaid
    /// past due then.
    fn inputs_at(
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
        let late = record.late.iter().chain(&timeline.missed);
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
            if stage != OverdueStage::Reminder {
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
                used / line.limit * Decimal::ONE_HUNDRED
            } else if used > Decimal::ZERO {
                Decimal::ONE_HUNDRED
            } else {
                continue;
            };
            total_used += used;
            total_limit += line.limit;
            if worst.is_none_or(|(w, _)| percent > w) {
                worst = Some((percent, &line.name));
            }
        }
        let utilization = worst.map(|(worst, line)| Utilization {
            overall: if total_limit > Decimal::ZERO {
                round_dp(total_used / total_limit * Decimal::ONE_HUNDRED, 2)
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
            .filter(|i| *i > Decimal::ZERO);
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
            monthly_income: income,
            debt_to_income: income.map(|i| {
                round_dp(
                    owed.total / (i * Decimal::from(12)) * Decimal::ONE_HUNDRED,
                    2,
                )
            }),
        };
        (inputs, current)
    }
}

fn clamp_score(score: i32) -> u16 {
    u16::try_from(score.clamp(MIN_SCORE.into(), MAX_SCORE.into())).unwrap_or(MIN_SCORE)
}

fn months_before(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}

/// Whole months from `from` to `to` (0 when `to` is earlier).
fn whole_months(from: NaiveDate, to: NaiveDate) -> u32 {
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
    fn shipped_model_is_valid() {
        assert_eq!(
            LimitModel::from_ron(DEFAULT_MODEL),
            Ok(LimitModel::shipped())
        );
    }

    #[test]
    fn malformed_model_names_the_field() {
        let bad = DEFAULT_MODEL.replace(
            "percent_per_10_points: 5",
            "percent_per_10_points: \"five\"",
        );
        let e = LimitModel::from_ron(&bad).unwrap_err();
        assert_eq!(e.field, "limit.percent_per_10_points", "{e}");
        assert!(e.problem.contains("line "), "{e}");

        let typo = DEFAULT_MODEL.replace("review_months: 3", "review_month: 3");
        let e = LimitModel::from_ron(&typo).unwrap_err();
        assert_eq!(e.field, "limit.review_month", "{e}");

        let missing = DEFAULT_MODEL.replace("max_limit: 200000,", "");
        let e = LimitModel::from_ron(&missing).unwrap_err();
        assert_eq!(e.field, "limit.max_limit", "{e}");

        let knot = DEFAULT_MODEL.replace("(30, 100), (50, 60)", "(30, 100), (50, \"x\")");
        let e = LimitModel::from_ron(&knot).unwrap_err();
        assert_eq!(e.field, "factors.utilization.curve[2]", "{e}");
    }

    #[test]
    fn out_of_range_model_names_the_field() {
        let cases = [
            (
                "grades: (aaa: 700, aa: 650",
                "grades: (aaa: 700, aa: 720",
                "grades.aa",
            ),
            (
                "reminder_days: 3",
                "reminder_days: 0",
                "overdue_stages.reminder_days",
            ),
            (
                "(50, 60), (70, 20)",
                "(50, 60), (70, 80)",
                "factors.utilization.curve[3]",
            ),
            (
                "(12, 65), (24, 90)",
                "(12, 65), (24, 50)",
                "factors.on_time.curve[4]",
            ),
            (
                "(30, 100), (50, 60)",
                "(30, 100), (30, 60)",
                "factors.utilization.curve[2]",
            ),
            ("reported: 70", "reported: 20", "factors.overdues.reported"),
            ("base_score: 500", "base_score: 1000", "base_score"),
            (
                "review_months: 3",
                "review_months: 0",
                "limit.review_months",
            ),
            ("(3, 20)", "(3, 120)", "factors.on_time.curve[1]"),
        ];
        for (from, to, field) in cases {
            let text = DEFAULT_MODEL.replace(from, to);
            assert_ne!(text, DEFAULT_MODEL, "{from}");
            let e = LimitModel::from_ron(&text).unwrap_err();
            assert_eq!(e.field, field, "{e}");
        }
    }

    #[test]
    fn a_rejected_model_falls_back_to_the_default_and_says_why() {
        let loaded = LoadedModel::from_text("/tmp/m.ron", "(version: 2)");
        assert_eq!(loaded.source, "default");
        assert_eq!(loaded.model, LimitModel::shipped());
        let why = loaded.fallback.unwrap();
        assert!(
            why.contains("/tmp/m.ron") && why.contains("shipped default"),
            "{why}"
        );

        let good = LoadedModel::from_text("mine.ron", DEFAULT_MODEL);
        assert_eq!((good.source.as_str(), good.fallback), ("mine.ron", None));
    }

    #[test]
    fn grades_and_stages_follow_the_thresholds() {
        let m = LimitModel::shipped();
        let grades: Vec<&str> = [950, 700, 699, 650, 600, 550, 549, 350]
            .map(|s| m.grade(s).as_str())
            .to_vec();
        assert_eq!(grades, ["AAA", "AAA", "AA", "AA", "A", "B", "C", "C"]);
        let stages: Vec<Option<OverdueStage>> =
            [0, 1, 3, 4, 30, 31].map(|d| m.overdue_stage(d)).to_vec();
        use OverdueStage::*;
        assert_eq!(
            stages,
            [
                None,
                Some(Reminder),
                Some(Reminder),
                Some(Warning),
                Some(Warning),
                Some(Reported)
            ]
        );
    }

    #[test]
    fn curves_interpolate_and_stay_flat_beyond_their_ends() {
        let knots = [(10, 0), (20, 100)];
        assert_eq!(interpolate(&knots, Decimal::ZERO), Decimal::ZERO);
        assert_eq!(interpolate(&knots, Decimal::from(15)), Decimal::from(50));
        assert_eq!(interpolate(&knots, Decimal::from(99)), Decimal::ONE_HUNDRED);
    }

    #[test]
    fn scenarios_parse_and_print_back() {
        for text in ["on-time", "borrow:1000.00", "prepay:250.50", "miss:10"] {
            assert_eq!(text.parse::<Scenario>().unwrap().to_string(), text);
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
            assert!(bad.parse::<Scenario>().is_err(), "{bad}");
        }
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
