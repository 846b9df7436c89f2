//! The model's file format: factors, weights, curves, stages and limit rules, how they
//! are read and checked, and the vocabulary of its figures (grades, stages, factors).

use crate::engine::loan::{DayCount, LoanInput, Method};
use crate::engine::money::{grouped, round_dp};
use crate::engine::validate::{MAX_ANNUAL_PERCENT, MAX_TERM};
use crate::language::Language;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

/// The shipped model, `assets/limit_model.ron`.
pub const DEFAULT_MODEL: &str = include_str!("../../assets/limit_model.ron");
/// The file name a user's model has in the config folder.
pub const MODEL_FILE_NAME: &str = "limit_model.ron";
/// Lowest credit score (芝麻信用分).
pub const MIN_SCORE: u16 = 350;
/// Highest credit score.
pub const MAX_SCORE: u16 = 950;
/// Longest projection, in months.
pub const MAX_MONTHS: u32 = 120;
/// The model file's format version.
pub const MODEL_VERSION: u32 = 2;

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
    /// Percent of the weight one late payment costs once it reached the grace stage.
    pub grace: u32,
    /// … the warning stage.
    pub warning: u32,
    /// … the penalty stage.
    pub penalty: u32,
    /// … collection (reported to the credit record).
    pub collection: u32,
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
    /// Days 1..=this: grace, a reminder; good standing is kept.
    pub grace_days: u32,
    /// Up to this many days: a warning that the record is at risk.
    pub warning_days: u32,
    /// Up to this many days: penalty, marked late; beyond: collection, reported.
    pub penalty_days: u32,
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

impl BorrowTerms {
    /// A new loan's terms from these, starting on `start`, equal installments on a
    /// 30/360 basis; the principal is left to choose.
    pub fn input(&self, start: NaiveDate) -> LoanInput {
        LoanInput {
            annual_rate: Some(self.annual_rate_percent.into()),
            term: Some(self.term_months),
            method: Some(Method::EqualInstallment),
            day_count: Some(DayCount::Thirty360),
            start: Some(start),
            ..LoanInput::default()
        }
    }
}

/// The credit-limit model: factors, weights, grades, overdue stages and limit rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitModel {
    /// Format version (2: the four overdue stages).
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
        if self.version != MODEL_VERSION {
            return Err(ModelError::new(
                "version",
                format!(
                    "must be {MODEL_VERSION} (got {}); version 2 names four overdue stages \
                     (grace, warning, penalty, collection): start again from the shipped model",
                    self.version
                ),
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
        // Each stage begins after the one before it.
        for (name, value, after, high) in [
            ("grace_days", s.grace_days, 0, 60),
            ("warning_days", s.warning_days, s.grace_days, 365),
            ("penalty_days", s.penalty_days, s.warning_days, 730),
        ] {
            let field = format!("overdue_stages.{name}");
            in_range(&field, value.into(), u64::from(after) + 1, high)?;
        }
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
        // A later stage never costs less: a payment later still never scores better.
        for (name, value, low, high) in [
            ("weight", o.weight, 0, 500),
            ("window_months", o.window_months, 1, 120),
            ("grace", o.grace, 0, 100),
            ("warning", o.warning, o.grace, 100),
            ("penalty", o.penalty, o.warning, 100),
            ("collection", o.collection, o.penalty, 100),
        ] {
            let field = format!("factors.overdues.{name}");
            in_range(&field, value.into(), low.into(), high)?;
        }
        let l = self.limit;
        for (name, value, low, high) in [
            ("percent_per_10_points", l.percent_per_10_points, 0, 100),
            ("review_months", l.review_months, 1, 24),
            ("income_multiple", l.income_multiple, 1, 120),
        ] {
            in_range(&format!("limit.{name}"), value.into(), low, high)?;
        }
        in_range("limit.max_limit", l.max_limit, 1, 1_000_000_000)?;
        let band = self.band;
        for (name, value, high) in [
            ("points_per_month", band.points_per_month, 100),
            ("unknown_score_points", band.unknown_score_points, 300),
        ] {
            in_range(&format!("band.{name}"), value.into(), 0, high)?;
        }
        let b = self.borrow;
        in_range(
            "borrow.term_months",
            b.term_months.into(),
            1,
            MAX_TERM.into(),
        )?;
        let max_rate = MAX_ANNUAL_PERCENT.to_u64().unwrap_or(100);
        in_range(
            "borrow.annual_rate_percent",
            b.annual_rate_percent.into(),
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
            d if d <= i64::from(s.grace_days) => Some(OverdueStage::Grace),
            d if d <= i64::from(s.warning_days) => Some(OverdueStage::Warning),
            d if d <= i64::from(s.penalty_days) => Some(OverdueStage::Penalty),
            _ => Some(OverdueStage::Collection),
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
                // Saturating: the counts come from the store, however many payments it has.
                let percent = [
                    (o.grace, c.grace),
                    (o.warning, c.warning),
                    (o.penalty, c.penalty),
                    (o.collection, c.collection),
                ]
                .iter()
                .fold(0u32, |sum, (w, n)| sum.saturating_add(w.saturating_mul(*n)))
                .min(100);
                let detail = if c.total() == 0 {
                    format!("none late in {} months", o.window_months)
                } else {
                    format!(
                        "{} late in {} months ({})",
                        c.total(),
                        o.window_months,
                        c.stages_text()
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
            Factor::Income => match i.income {
                None => (0, "no income in the profile".into()),
                Some(income) => (
                    points(&f.income, income.monthly),
                    format!("{} a month", grouped(income.monthly)),
                ),
            },
            Factor::DebtToIncome => match i.income {
                None => (0, "no income in the profile".into()),
                Some(income) => (
                    points(&f.debt_to_income, income.debt_to_income),
                    format!(
                        "owing {} % of a year's income",
                        round_dp(income.debt_to_income, 0)
                    ),
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
pub(super) fn interpolate(knots: &[(u64, i32)], x: Decimal) -> Decimal {
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
            e.span.start.line,
            e.span.start.col,
            crate::store::ron_message(&e.code)
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
    pub fallback: Option<ModelFallback>,
}

/// Why a user's model was set aside for the shipped one: its file is not a valid model
/// (the field and what is wrong, in English as the file's own keys are), or could not be
/// read (the system's reason in each language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelFallback {
    Invalid {
        source: String,
        error: ModelError,
    },
    Unreadable {
        source: String,
        en: String,
        zh: String,
    },
}

impl ModelFallback {
    /// The note that the shipped model stands in, in `lang`.
    pub fn said(&self, lang: Language) -> String {
        match (self, lang) {
            (Self::Invalid { source, error }, Language::En) => {
                format!("model {source} is not valid ({error}); using the shipped default model")
            }
            (Self::Invalid { source, error }, Language::Zh) => {
                format!("额度模型 {source} 无效（{error}）；改用内置的默认模型")
            }
            (Self::Unreadable { source, en, .. }, Language::En) => {
                format!("model {source} not read ({en}); using the shipped default model")
            }
            (Self::Unreadable { source, zh, .. }, Language::Zh) => {
                format!("额度模型 {source} 无法读取（{zh}）；改用内置的默认模型")
            }
        }
    }
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
            Err(error) => Self {
                fallback: Some(ModelFallback::Invalid {
                    source: source.into(),
                    error,
                }),
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
    /// The first days: an automatic reminder; good standing is kept.
    Grace,
    /// Then: a warning that the credit record is at risk.
    Warning,
    /// Then: marked late, penalty interest keeps running.
    Penalty,
    /// Then: handed to collection and reported to the credit record (负面清单).
    Collection,
}

impl OverdueStage {
    /// Every stage, earliest first.
    pub const ALL: [OverdueStage; 4] = [
        OverdueStage::Grace,
        OverdueStage::Warning,
        OverdueStage::Penalty,
        OverdueStage::Collection,
    ];

    /// `grace`, `warning`, `penalty` or `collection`.
    pub fn as_str(self) -> &'static str {
        match self {
            OverdueStage::Grace => "grace",
            OverdueStage::Warning => "warning",
            OverdueStage::Penalty => "penalty",
            OverdueStage::Collection => "collection",
        }
    }

    /// What the stage is called in `lang` (the English name is the JSON one).
    pub fn name(self, lang: Language) -> &'static str {
        match lang {
            Language::En => self.as_str(),
            Language::Zh => match self {
                OverdueStage::Grace => "宽限期",
                OverdueStage::Warning => "警示期",
                OverdueStage::Penalty => "罚息期",
                OverdueStage::Collection => "催收期",
            },
        }
    }
}

/// The factors of the score. Each gives weight × curve(x) / 100 points (see
/// [`LimitModel`]); what x is and why it matters:
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Factor {
    /// Months in good standing: since the first borrowing, or since the last payment
    /// more than `grace_days` late was settled; zero while one is unpaid past that.
    /// Time since the last delinquency is what bureaus weigh most (FICO's payment
    /// history, 35 %); a late payment inside the grace days does not break it.
    OnTime,
    /// Late payments due within the window (24 months by default), each costing a
    /// percent of the weight by the stage it reached — grace, warning, penalty, collection —
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

    /// What the factor is called in `lang` (the English name is the JSON one).
    pub fn name(self, lang: Language) -> &'static str {
        match lang {
            Language::En => self.as_str(),
            Language::Zh => match self {
                Factor::OnTime => "按时还款记录",
                Factor::Overdues => "逾期记录",
                Factor::Utilization => "额度使用率",
                Factor::Usage => "使用频率",
                Factor::History => "信用历史长度",
                Factor::Completeness => "资料完整度",
                Factor::Income => "收入",
                Factor::DebtToIncome => "负债收入比",
            },
        }
    }
}

/// Late payments in the window, by the stage each reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OverdueCounts {
    /// That reached the grace stage only.
    pub grace: u32,
    /// At the warning stage.
    pub warning: u32,
    /// … the penalty stage.
    pub penalty: u32,
    /// … collection.
    pub collection: u32,
}

impl OverdueCounts {
    /// All of them.
    pub fn total(&self) -> u32 {
        self.grace
            .saturating_add(self.warning)
            .saturating_add(self.penalty)
            .saturating_add(self.collection)
    }

    /// `1 warning, 2 penalty`: the stages that have any.
    pub fn stages_text(&self) -> String {
        OverdueStage::ALL
            .iter()
            .zip([self.grace, self.warning, self.penalty, self.collection])
            .filter(|(_, n)| *n > 0)
            .map(|(stage, n)| format!("{n} {}", stage.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub(super) fn add(&mut self, stage: OverdueStage) {
        match stage {
            OverdueStage::Grace => self.grace = self.grace.saturating_add(1),
            OverdueStage::Warning => self.warning = self.warning.saturating_add(1),
            OverdueStage::Penalty => self.penalty = self.penalty.saturating_add(1),
            OverdueStage::Collection => self.collection = self.collection.saturating_add(1),
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

/// The borrower's income, with what is owed against it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Income {
    /// A month's income.
    pub monthly: Decimal,
    /// Everything owed as a percent of a year's income.
    pub debt_to_income: Decimal,
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
    /// Income, if the profile has one.
    pub income: Option<Income>,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The counts come from the store and are not capped: at their largest the overdue
    /// factor costs its whole weight, no more, and nothing overflows.
    #[test]
    fn overdue_counts_at_their_largest_saturate() {
        let model = LimitModel::shipped();
        let mut counts = OverdueCounts {
            grace: u32::MAX,
            warning: u32::MAX,
            penalty: u32::MAX,
            collection: u32::MAX,
        };
        counts.add(OverdueStage::Collection);
        assert_eq!(counts.total(), u32::MAX);
        let inputs = Inputs {
            good_months: u32::MAX,
            overdues: counts,
            utilization: None,
            borrowings_per_quarter: Decimal::ZERO,
            history_months: u32::MAX,
            completeness: 100,
            income: None,
        };
        let levels = model.factor_points(&inputs);
        let overdues = levels
            .iter()
            .find(|l| l.factor == Factor::Overdues)
            .unwrap();
        let weight = i32::try_from(model.factors.overdues.weight).unwrap();
        assert_eq!(overdues.points, -weight);
    }

    #[test]
    fn every_factor_and_stage_has_its_own_chinese_name() {
        let names: Vec<&str> = (Factor::ALL.iter().map(|f| f.name(Language::Zh)))
            .chain(OverdueStage::ALL.iter().map(|s| s.name(Language::Zh)))
            .collect();
        for name in &names {
            assert!(!name.is_empty() && !name.chars().any(|c| c.is_ascii_alphabetic()));
        }
        let distinct: std::collections::BTreeSet<_> = names.iter().collect();
        assert_eq!(distinct.len(), names.len(), "{names:?}");
        assert_eq!(Factor::Usage.name(Language::En), Factor::Usage.as_str());
    }

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
        assert!(e.problem.to_string().contains("line "), "{e}");

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
                "grace_days: 3",
                "grace_days: 0",
                "overdue_stages.grace_days",
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
            (
                "collection: 90",
                "collection: 20",
                "factors.overdues.collection",
            ),
            (
                "penalty_days: 90",
                "penalty_days: 30",
                "overdue_stages.penalty_days",
            ),
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
        let loaded = LoadedModel::from_text("/tmp/m.ron", "(version: 1)");
        assert_eq!(loaded.source, "default");
        assert_eq!(loaded.model, LimitModel::shipped());
        let why = loaded.fallback.unwrap();
        let en = why.said(Language::En);
        assert!(
            en.contains("/tmp/m.ron") && en.contains("shipped default"),
            "{en}"
        );
        let zh = why.said(Language::Zh);
        assert!(
            zh.contains("/tmp/m.ron") && zh.contains("内置的默认模型"),
            "{zh}"
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
        let stages: Vec<Option<OverdueStage>> = [0, 1, 3, 4, 30, 31, 90, 91]
            .map(|d| m.overdue_stage(d))
            .to_vec();
        use OverdueStage::*;
        assert_eq!(
            stages,
            [
                None,
                Some(Grace),
                Some(Grace),
                Some(Warning),
                Some(Warning),
                Some(Penalty),
                Some(Penalty),
                Some(Collection)
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
}
