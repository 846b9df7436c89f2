//! `loandash project-limit`: score and credit limit month by month under a scenario, and
//! the actions that would raise them most. Every figure is an estimate.

use super::CliError;
use super::output::{self, Align, Format, Table};
use super::words::{Said, Words, words};
use crate::book::kept;
use crate::engine::field::Field;
use crate::engine::loan::FieldError;
use crate::engine::money::{cents, grouped, plain};
use crate::language::Language;
use crate::language::{fill, one_or_many};
use crate::limit::{
    Effect, MAX_MONTHS, MonthProjection, NotApplicable, Outlook, Projection, Projector, Record,
    SuggestedAction, Suggestion,
};
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
    /// on-time, borrow:AMOUNT, prepay:AMOUNT (early repayment) or miss:DAYS (late);
    /// repeat to compare several, each beside the on-time projection.
    #[arg(long = "scenario", value_name = "SCENARIO", value_parser = super::parts::<Outlook>)]
    pub scenarios: Vec<Outlook>,
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
struct ScenarioJson {
    scenario: String,
    not_applicable: Option<String>,
    months: Vec<MonthJson>,
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
    scenarios: Vec<ScenarioJson>,
    today: Vec<LevelJson>,
    suggestions: Vec<SuggestionJson>,
}

/// `+12 points, -600.00`: the parts of an effect that are not zero, amounts by `money`
/// (in JSON and CSV, English; in a table, `w`'s words).
fn effect_text(effect: &Effect, money: &dyn Fn(Decimal) -> String) -> String {
    effect_words(effect, money, words(Language::En))
}

fn effect_words(effect: &Effect, money: &dyn Fn(Decimal) -> String, w: &Words) -> String {
    let mut parts = Vec::new();
    match effect.points {
        0 => {}
        points => {
            let template = one_or_many(points.abs(), w.n_points_one, w.n_points);
            parts.push(fill(template, &[("n", &format!("{points:+}"))]));
        }
    }
    if !effect.money.is_zero() {
        let sign = if effect.money > Decimal::ZERO {
            "+"
        } else {
            ""
        };
        parts.push(format!("{sign}{}", money(effect.money)));
    }
    parts.join(w.lang.list_separator())
}

/// A scenario as a table names it (`--scenario`'s spelling in English).
fn scenario_words(scenario: &Outlook, w: &Words) -> String {
    match scenario {
        Outlook::OnTime => w.scenario_on_time.to_string(),
        Outlook::Borrow(amount) => fill(w.scenario_borrow, &[("amount", &plain(*amount))]),
        Outlook::Prepay(amount) => fill(w.scenario_prepay, &[("amount", &plain(*amount))]),
        Outlook::Miss(days) => fill(w.scenario_miss, &[("n", &days.to_string())]),
    }
}

fn month_json(m: &MonthProjection) -> MonthJson {
    MonthJson {
        month: m.month.to_string(),
        score: m.score.value,
        grade: m.grade.as_str(),
        limit: m.limit.value,
        low: m.limit.low,
        high: m.limit.high,
        score_low: m.score.low,
        score_high: m.score.high,
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
        effect: effect_text(e, &plain),
        points: e.points,
        money: e.money,
        detail: e.detail.clone(),
    }
}

fn suggestion_json(s: &Suggestion, currency: &str) -> SuggestionJson {
    SuggestionJson {
        action: match s.action {
            SuggestedAction::PayDown { .. } => "pay_down",
            SuggestedAction::CompleteProfile { .. } => "complete_profile",
            SuggestedAction::BorrowRegularly { .. } => "borrow_regularly",
        },
        text: s.text(currency),
        limit_gain: s.limit_gain,
        score_gain: s.score_gain,
        by: s.by.to_string(),
    }
}

/// The scenarios compared: on time first, then each asked for, once.
fn compared(asked: &[Outlook]) -> Vec<Outlook> {
    let mut all = vec![Outlook::OnTime];
    for scenario in asked {
        if !all.contains(scenario) {
            all.push(*scenario);
        }
    }
    all
}

/// `Outlook prepay:1000.00 is not applicable: …`, in `lang`, amounts with `currency`.
fn not_applicable_note(
    lang: Language,
    currency: &str,
    scenario: &Outlook,
    why: &NotApplicable,
) -> String {
    let w = words(lang);
    fill(
        w.lim_not_applicable_note,
        &[
            ("scenario", &scenario_words(scenario, w)),
            ("why", &why.render(lang, currency)),
        ],
    )
}

/// Run `loandash project-limit`: the on-time projection and each scenario asked for,
/// side by side; one that cannot apply to the store is shown as not applicable, with
/// why (in `lang`), and the others still project.
pub fn run(
    store: &Store,
    args: &ProjectLimitArgs,
    format: Format,
    lang: Language,
    as_of: NaiveDate,
) -> Result<(), CliError> {
    let w = words(lang);
    let loaded = crate::config::load_model(args.model.as_deref())?;
    if let Some(why) = &loaded.fallback {
        eprintln!("{}{}", w.note_prefix, why.said(lang));
    }
    let data = store.data();
    // The record the dashboard opens with, kept beside a large store: read so, no loan's
    // whole state is decoded.
    let record = match crate::summary::figures(store, as_of)?.record {
        Some(record) => record,
        None => Record::new(&kept::portfolio(store, as_of)?),
    };
    let projector = Projector::new(data, &record, &loaded.model, args.line.as_deref())?;
    let outcomes = compared(&args.scenarios)
        .into_iter()
        .map(|scenario| Ok((scenario, projector.outcome(&scenario, args.months)?)))
        .collect::<Result<Vec<(Outlook, Result<Projection, NotApplicable>)>, CliError>>()?;
    // The scenario asked for first (else on time) is the one detailed; when it cannot
    // apply, the on-time projection is.
    let asked = args.scenarios.first().copied().unwrap_or_default();
    let outcome_of = |scenario: Outlook| {
        outcomes
            .iter()
            .find(|(s, _)| *s == scenario)
            .map(|(_, outcome)| outcome)
    };
    let not_applicable = outcome_of(asked).and_then(|o| o.as_ref().err());
    let projection = match outcome_of(asked) {
        Some(Ok(projection)) => projection,
        _ => outcome_of(Outlook::OnTime)
            .and_then(|o| o.as_ref().ok())
            .ok_or_else(|| {
                FieldError::typed(
                    Field::Scenario,
                    Said::new(|w, _| w.on_time_unprojected.into()).problem(),
                )
            })?,
    };
    let suggestions = projector.suggest(&projection.scenario, args.months)?;
    let currency = data.profile.currency.as_str();
    let json = ProjectionJson {
        line: projection.line.clone(),
        model: loaded.source.clone(),
        // JSON keeps the English note: scripts read it, whatever the interface language.
        model_fallback: loaded.fallback.as_ref().map(|f| f.said(Language::En)),
        estimate: true,
        as_of,
        scenario: asked.to_string(),
        not_applicable: not_applicable.map(|why| why.render(lang, currency)),
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
        scenarios: outcomes
            .iter()
            .map(|(scenario, outcome)| ScenarioJson {
                scenario: scenario.to_string(),
                not_applicable: outcome.as_ref().err().map(|why| why.render(lang, currency)),
                months: outcome
                    .as_ref()
                    .map(|p| p.months.iter().map(month_json).collect())
                    .unwrap_or_default(),
            })
            .collect(),
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
    let factors = |m: &MonthProjection, money: &dyn Fn(Decimal) -> String, lang: Language| {
        let w = words(lang);
        m.effects
            .iter()
            .map(|e| format!("{} {}", e.cause.name(lang), effect_words(e, money, w)))
            .collect::<Vec<_>>()
            .join(w.reason_sep)
    };
    let text = match format {
        Format::Json => output::json(&json),
        Format::Csv => {
            for (scenario, outcome) in &outcomes {
                if let Err(why) = outcome {
                    eprintln!(
                        "note: {}",
                        not_applicable_note(lang, currency, scenario, why)
                    );
                }
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
                        m.score.value.to_string(),
                        m.grade.as_str().to_string(),
                        plain(m.limit.value),
                        plain(m.limit.low),
                        plain(m.limit.high),
                        m.score.low.to_string(),
                        m.score.high.to_string(),
                        factors(m, &plain, Language::En),
                    ]
                }),
            )?
        }
        Format::Table => {
            // One scenario: its score, grade, limit and range; several: each one's
            // score and limit side by side (one that cannot apply says so), then the
            // detailed one's range and what moved it.
            let single = outcomes.len() == 1;
            // Amounts as the footer's and the dashboard's: sign, currency, grouping.
            let cash = |amount: Decimal| {
                let sign = if amount < Decimal::ZERO { "-" } else { "" };
                format!("{sign}{currency}{}", grouped(amount.abs()))
            };
            let detailed = format!(" ({})", scenario_words(&projection.scenario, w));
            let mut headers: Vec<(String, Align)> = vec![(w.lim_month.into(), Align::Left)];
            for (scenario, outcome) in &outcomes {
                let scenario = scenario_words(scenario, w);
                if single {
                    headers.extend([
                        (w.lim_score.into(), Align::Right),
                        (w.lim_grade.into(), Align::Left),
                        (w.lim_limit.into(), Align::Right),
                    ]);
                } else if outcome.is_ok() {
                    headers.extend([
                        (
                            fill(w.lim_scenario_score, &[("scenario", &scenario)]),
                            Align::Right,
                        ),
                        (
                            fill(w.lim_scenario_limit, &[("scenario", &scenario)]),
                            Align::Right,
                        ),
                    ]);
                } else {
                    headers.push((scenario, Align::Left));
                }
            }
            let tag = if single { "" } else { detailed.as_str() };
            headers.extend([
                (fill(w.lim_range, &[("tag", tag)]), Align::Right),
                (fill(w.lim_moved, &[("tag", tag)]), Align::Left),
            ]);
            let headers: Vec<(&str, Align)> =
                headers.iter().map(|(h, a)| (h.as_str(), *a)).collect();
            let mut table = Table::new(&headers);
            for (i, m) in projection.months.iter().enumerate() {
                let mut row = vec![m.month.to_string()];
                for (_, outcome) in &outcomes {
                    match outcome {
                        Ok(p) => {
                            let m = p.months.get(i);
                            row.push(m.map_or_else(String::new, |m| m.score.value.to_string()));
                            if single {
                                row.push(m.map_or("", |m| m.grade.as_str()).to_string());
                            }
                            row.push(m.map_or_else(String::new, |m| cash(m.limit.value)));
                        }
                        Err(_) if i == 0 => row.push(w.lim_not_applicable.to_string()),
                        Err(_) => row.push(String::new()),
                    }
                }
                let mut moved = factors(m, &cash, lang);
                if let Some(o) = &m.overdue {
                    let late = fill(
                        one_or_many(o.days, w.lim_days_late_one, w.lim_days_late),
                        &[("days", &o.days.to_string()), ("stage", o.stage.name(lang))],
                    );
                    moved = format!("{late} {moved}");
                }
                row.push(format!("{}–{}", cash(m.limit.low), cash(m.limit.high)));
                row.push(moved);
                table.row(row);
            }
            for (scenario, outcome) in &outcomes {
                if let Err(why) = outcome {
                    table.footer(not_applicable_note(lang, currency, scenario, why));
                }
            }
            if let Some(score) = json.score {
                let since: Vec<String> = (projection.since_score_date.iter())
                    .map(|e| {
                        let what = format!("{} {}", e.cause.name(lang), effect_words(e, &cash, w));
                        // The model words its details in English only.
                        match lang {
                            Language::En => format!("{what} ({})", e.detail),
                            Language::Zh => what,
                        }
                    })
                    .collect();
                let since = match since.is_empty() {
                    true => w.lim_no_change.to_string(),
                    false => since.join(w.reason_sep),
                };
                table.footer(fill(
                    w.lim_score_since,
                    &[
                        ("score", &score.to_string()),
                        ("date", &json.score_date.to_string()),
                        ("since", &since),
                    ],
                ));
            }
            table.footer(fill(
                w.lim_about,
                &[
                    ("line", &json.line),
                    ("scenario", &scenario_words(&projection.scenario, w)),
                    ("model", &json.model),
                    (
                        "today",
                        if json.score_known {
                            ""
                        } else {
                            w.lim_today_too
                        },
                    ),
                ],
            ));
            if !suggestions.is_empty() {
                table.footer(w.lim_raise);
                for s in &suggestions {
                    let said = s.said(w.lang, |amount| format!("{currency}{}", grouped(amount)));
                    table.footer(format!("  {said}"));
                }
            }
            table.render()
        }
    };
    Ok(output::print(&text)?)
}
