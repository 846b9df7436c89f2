//! `loandash project-limit`: score and credit limit month by month under a scenario, and
//! the actions that would raise them most. Every figure is an estimate.

use super::CliError;
use super::output::{self, Align, Format, Table};
use crate::limit::{
    Action, Effect, MAX_MONTHS, MonthProjection, Projector, Record, Scenario, Suggestion,
};
use crate::money::{cents, grouped, plain};
use crate::store::Store;
use chrono::NaiveDate;
use clap::Args;
use rust_decimal::Decimal;
use serde::Serialize;
use std::path::PathBuf;

/// `loandash project-limit`: project a credit line's limit and the score.
#[derive(Debug, Args)]
pub struct ProjectLimitArgs {
    /// Months ahead to project (1–120).
    #[arg(long, default_value_t = 12, value_parser = clap::value_parser!(u32).range(1..=MAX_MONTHS as i64))]
    pub months: u32,
    /// The credit line (default: the first in the store).
    #[arg(long, value_name = "NAME")]
    pub line: Option<String>,
    /// on-time, borrow:AMOUNT, prepay:AMOUNT (early repayment) or miss:DAYS (late).
    #[arg(long, default_value = "on-time", value_name = "SCENARIO")]
    pub scenario: Scenario,
    /// The model file (default: limit_model.ron in the config folder, else the shipped one).
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
}

#[derive(Serialize)]
struct EffectJson {
    factor: &'static str,
    effect: String,
    points: i32,
    #[serde(with = "cents")]
    money: Decimal,
    detail: String,
}

#[derive(Serialize)]
struct OverdueJson {
    stage: &'static str,
    days: i64,
}

#[derive(Serialize)]
struct MonthJson {
    month: String,
    score: u16,
    grade: &'static str,
    #[serde(with = "cents")]
    limit: Decimal,
    #[serde(with = "cents")]
    low: Decimal,
    #[serde(with = "cents")]
    high: Decimal,
    score_low: u16,
    score_high: u16,
    review: bool,
    overdue: Option<OverdueJson>,
    factors: Vec<EffectJson>,
}

#[derive(Serialize)]
struct LevelJson {
    factor: &'static str,
    points: i32,
    detail: String,
}

#[derive(Serialize)]
struct SuggestionJson {
    action: &'static str,
    text: String,
    #[serde(with = "cents")]
    limit_gain: Decimal,
    score_gain: i32,
    by: String,
}

#[derive(Serialize)]
struct ProjectionJson {
    line: String,
    model: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    model_fallback: Option<String>,
    estimate: bool,
    as_of: NaiveDate,
    scenario: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    not_applicable: Option<String>,
    shown: String,
    score_known: bool,
    score: Option<u16>,
    score_date: NaiveDate,
    since_score_date: Vec<EffectJson>,
    months: Vec<MonthJson>,
    today: Vec<LevelJson>,
    suggestions: Vec<SuggestionJson>,
}

/// `+12 points, -600.00`: the parts of an effect that are not zero, amounts by `money`.
fn effect_text(effect: &Effect, money: fn(Decimal) -> String) -> String {
    let mut parts = Vec::new();
    match effect.points {
        0 => {}
        1 | -1 => parts.push(format!("{:+} point", effect.points)),
        points => parts.push(format!("{points:+} points")),
    }
    if !effect.money.is_zero() {
        let sign = if effect.money > Decimal::ZERO {
            "+"
        } else {
            ""
        };
        parts.push(format!("{sign}{}", money(effect.money)));
    }
    parts.join(", ")
}

fn month_json(m: &MonthProjection) -> MonthJson {
    MonthJson {
        month: m.month.to_string(),
        score: m.score,
        grade: m.grade.as_str(),
        limit: m.limit,
        low: m.low,
        high: m.high,
        score_low: m.score_low,
        score_high: m.score_high,
        review: m.review,
        overdue: m.overdue.map(|o| OverdueJson {
            stage: o.stage.as_str(),
            days: o.days,
        }),
        factors: m.effects.iter().map(effect_json).collect(),
    }
}

fn effect_json(e: &Effect) -> EffectJson {
    EffectJson {
        factor: e.cause.as_str(),
        effect: effect_text(e, plain),
        points: e.points,
        money: e.money,
        detail: e.detail.clone(),
    }
}

fn suggestion_json(s: &Suggestion, currency: &str) -> SuggestionJson {
    SuggestionJson {
        action: match s.action {
            Action::PayDown { .. } => "pay_down",
            Action::CompleteProfile { .. } => "complete_profile",
            Action::BorrowRegularly { .. } => "borrow_regularly",
        },
        text: s.text(currency),
        limit_gain: s.limit_gain,
        score_gain: s.score_gain,
        by: s.by.to_string(),
    }
}

/// Run `loandash project-limit`.
pub fn run(
    store: &Store,
    args: &ProjectLimitArgs,
    format: Format,
    as_of: NaiveDate,
) -> Result<(), CliError> {
    let loaded = crate::config::load_model(args.model.as_deref())?;
    if let Some(why) = &loaded.fallback {
        eprintln!("note: {why}");
    }
    let data = store.data();
    let record = Record::new(&store.portfolio(as_of)?);
    let projector = Projector::new(data, &record, &loaded.model, args.line.as_deref())?;
    // A scenario that cannot apply to this store (repaying more than is left, borrowing
    // more than is available) says why, beside the on-time projection.
    let (projection, not_applicable) = match projector.project(&args.scenario, args.months) {
        Ok(projection) => (projection, None),
        Err(e) if e.field == "scenario" => (
            projector.project(&Scenario::OnTime, args.months)?,
            Some(e.problem),
        ),
        Err(e) => return Err(e.into()),
    };
    let suggestions = projector.suggest(&projection.scenario, args.months)?;
    let currency = data.profile.currency.as_str();
    let json = ProjectionJson {
        line: projection.line.clone(),
        model: loaded.source.clone(),
        model_fallback: loaded.fallback.clone(),
        estimate: true,
        as_of,
        scenario: args.scenario.to_string(),
        not_applicable: not_applicable.clone(),
        shown: projection.scenario.to_string(),
        score_known: projection.score_known,
        score: data.profile.credit_score,
        score_date: projection.score_date,
        since_score_date: projection
            .since_score_date
            .iter()
            .map(effect_json)
            .collect(),
        months: projection.months.iter().map(month_json).collect(),
        today: projection
            .today
            .iter()
            .map(|l| LevelJson {
                factor: l.factor.as_str(),
                points: l.points,
                detail: l.detail.clone(),
            })
            .collect(),
        suggestions: suggestions
            .iter()
            .map(|s| suggestion_json(s, currency))
            .collect(),
    };
    let factors = |m: &MonthProjection, money: fn(Decimal) -> String| {
        m.effects
            .iter()
            .map(|e| format!("{} {}", e.cause.as_str(), effect_text(e, money)))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let text = match format {
        Format::Json => output::json(&json),
        Format::Csv => {
            if let Some(why) = &not_applicable {
                eprintln!(
                    "note: scenario {} is not applicable: {why}; shown: on-time",
                    json.scenario
                );
            }
            output::csv(
                &[
                    "month",
                    "score",
                    "grade",
                    "limit",
                    "low",
                    "high",
                    "score_low",
                    "score_high",
                    "factors",
                ],
                projection.months.iter().map(|m| {
                    vec![
                        m.month.to_string(),
                        m.score.to_string(),
                        m.grade.as_str().to_string(),
                        plain(m.limit),
                        plain(m.low),
                        plain(m.high),
                        m.score_low.to_string(),
                        m.score_high.to_string(),
                        factors(m, plain),
                    ]
                }),
            )?
        }
        Format::Table => {
            let mut table = Table::new(&[
                ("Month", Align::Left),
                ("Score", Align::Right),
                ("Grade", Align::Left),
                ("Limit", Align::Right),
                ("Range", Align::Right),
                ("What moved it since today", Align::Left),
            ]);
            for m in &projection.months {
                let mut moved = factors(m, grouped);
                if let Some(o) = &m.overdue {
                    moved = format!("! {} days late ({}) {moved}", o.days, o.stage.as_str());
                }
                table.row(vec![
                    m.month.to_string(),
                    m.score.to_string(),
                    m.grade.as_str().to_string(),
                    grouped(m.limit),
                    format!("{}–{}", grouped(m.low), grouped(m.high)),
                    moved,
                ]);
            }
            if let Some(why) = &not_applicable {
                table.footer(format!(
                    "Scenario {} is not applicable: {why}. Shown: on-time.",
                    json.scenario
                ));
            }
            if let Some(score) = json.score {
                let since: Vec<String> = (projection.since_score_date.iter())
                    .map(|e| {
                        format!(
                            "{} {} ({})",
                            e.cause.as_str(),
                            effect_text(e, grouped),
                            e.detail
                        )
                    })
                    .collect();
                table.footer(format!(
                    "Score {score} on {} (the profile's); since then: {}.",
                    json.score_date,
                    if since.is_empty() {
                        "no change".to_string()
                    } else {
                        since.join("; ")
                    }
                ));
            }
            table.footer(format!(
                "Line {}, scenario {}, model {}. Every figure is an estimate{}.",
                json.line,
                json.shown,
                json.model,
                if json.score_known {
                    ""
                } else {
                    " (today's score too: the profile has none)"
                }
            ));
            if !suggestions.is_empty() {
                table.footer("What would raise it most:");
                for s in &suggestions {
                    table.footer(format!("  {}", s.text(currency)));
                }
            }
            table.render()
        }
    };
    Ok(output::print(&text)?)
}
