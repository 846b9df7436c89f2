//! `loandash simulate prepay|borrow|payoff`: what-ifs on the store, which is never written.

use super::output::{self, Column, Format, Table};
use super::words::{Said, Words};
use super::{CliError, LoanArgs, amount, rate};
use crate::book::lines;
use crate::engine::field::Field;
use crate::engine::loan::{FieldError, percent_label};
use crate::engine::money::{cents, grouped, plain};
use crate::engine::schedule::Prepayment;
use crate::language::{fill, one_or_many};
use crate::simulate::{
    Comparison, MonthFigures, PayoffPlan, PlanError, Refinance, Scenario, Simulator, Step,
    Strategy, Summary,
};
use crate::store::Store;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use rust_decimal::Decimal;
use serde::Serialize;

/// The what-ifs.
#[derive(Debug, Subcommand)]
pub enum SimulateCommand {
    /// Repay a loan early: the interest saved and the minimum due of every month ahead.
    #[command(
        allow_negative_numbers = true,
        mut_arg("loan", |a| a.help("Loan id (see `loandash list`)")),
        mut_arg("amount", |a| a.help("Principal to prepay; the balance or more pays the loan off")),
    )]
    Prepay(PrepayArgs),
    /// Borrow more: what the new loan adds to every month ahead.
    #[command(allow_negative_numbers = true)]
    Borrow(BorrowArgs),
    /// Pay a monthly budget, avalanche or snowball, against paying only the minimums.
    #[command(allow_negative_numbers = true)]
    Payoff(PayoffArgs),
}

/// `loandash simulate prepay`.
#[derive(Debug, Args)]
pub struct PrepayArgs {
    #[command(flatten)]
    pub payment: super::PaymentArgs,
    #[command(flatten)]
    pub dti: DtiArg,
}

/// `loandash simulate borrow`.
#[derive(Debug, Args)]
pub struct BorrowArgs {
    #[command(flatten)]
    pub loan: LoanArgs,
    /// The credit line it draws on; fields not given come from the line's latest loan.
    #[arg(long, value_name = "NAME")]
    pub line: Option<String>,
    #[command(flatten)]
    pub dti: DtiArg,
}

/// The debt-to-income warning threshold.
#[derive(Debug, Args)]
pub struct DtiArg {
    /// Flag months whose minimum due is above this percent of the profile's monthly income.
    #[arg(long = "dti-warning", value_parser = rate, default_value = "50", value_name = "PERCENT")]
    pub percent: Decimal,
}

/// `loandash simulate payoff`.
#[derive(Debug, Args)]
pub struct PayoffArgs {
    /// What you can pay each month, in all.
    #[arg(long, value_parser = amount, value_name = "AMOUNT")]
    pub budget: Decimal,
    /// avalanche (highest annual rate first) or snowball (smallest balance first).
    #[arg(long, default_value = "avalanche", value_parser = super::choice::<Strategy>(Strategy::ALL.map(Strategy::as_str)))]
    pub strategy: Strategy,
}

/// A new loan's terms where no line offers any: the limit model's borrowing terms.
/// Run `loandash simulate …`, said in `w`'s words.
pub fn run(
    store: &Store,
    command: &SimulateCommand,
    format: Format,
    w: &Words,
    as_of: NaiveDate,
) -> Result<(), CliError> {
    let mut sim = Simulator::new(store.data(), as_of)?;
    let pinned: Vec<String> = store
        .data()
        .loans
        .iter()
        .filter(|l| l.terms().is_pinned())
        .map(|l| l.id.clone())
        .collect();
    let text = match command {
        SimulateCommand::Prepay(args) => {
            sim.set_dti_warning(args.dti.percent);
            let payment = &args.payment;
            let step = Step::Prepay {
                loan: payment.loan.clone(),
                prepayment: Prepayment {
                    date: payment.date.unwrap_or(as_of),
                    amount: payment.amount,
                    mode: payment.mode,
                },
            };
            let c = sim.evaluate(&Scenario { steps: vec![step] })?;
            comparison(
                &c,
                sim.refinance(&payment.loan)?.as_ref(),
                &pinned,
                format,
                w,
            )?
        }
        SimulateCommand::Borrow(args) => {
            sim.set_dti_warning(args.dti.percent);
            if let Some(line) = &args.line {
                store.data().line(line)?;
            }
            let model = crate::config::load_model(None)?.model;
            let latest = lines::latest_on(store.data(), args.line.as_deref());
            let given = args.loan.input(as_of);
            let step = Step::Borrow {
                terms: lines::new_loan(&given, as_of, latest, |start| model.borrow.input(start))?,
                line: args.line.clone(),
            };
            let c = sim.evaluate(&Scenario { steps: vec![step] })?;
            comparison(&c, None, &pinned, format, w)?
        }
        SimulateCommand::Payoff(args) => payoff(&sim, args, format, w)?,
    };
    Ok(output::print(&text)?)
}

#[derive(Serialize)]
struct SideJson {
    #[serde(with = "cents")]
    total_interest: Decimal,
    payoff_date: Option<NaiveDate>,
}

impl From<&Summary> for SideJson {
    fn from(s: &Summary) -> Self {
        Self {
            total_interest: s.total_interest,
            payoff_date: s.payoff_date,
        }
    }
}

#[derive(Serialize)]
struct MonthJson {
    month: String,
    #[serde(with = "cents")]
    baseline: Decimal,
    #[serde(with = "cents")]
    scenario: Decimal,
    baseline_dti: Option<String>,
    scenario_dti: Option<String>,
    dti_warning: bool,
}

#[derive(Serialize)]
struct LoanJson {
    id: String,
    name: String,
    baseline: Option<SideJson>,
    scenario: SideJson,
    /// The loan keeps its lender's pinned plan: the re-plan is an estimate.
    estimate: bool,
}

#[derive(Serialize)]
struct ComparisonJson {
    baseline: SideJson,
    scenario: SideJson,
    #[serde(with = "cents")]
    interest_saved: Decimal,
    months: Vec<MonthJson>,
    #[serde(with = "cents")]
    dti_warning: Decimal,
    loans: Vec<LoanJson>,
    refinance: Option<RefinanceJson>,
}

fn side(interest: Decimal, payoff: Option<NaiveDate>) -> SideJson {
    SideJson {
        total_interest: interest,
        payoff_date: payoff,
    }
}

fn over(dti: Option<Decimal>, threshold: Decimal) -> bool {
    dti.is_some_and(|r| r > threshold)
}

/// `pinned`: loans whose schedule is the lender's own plan, so a re-plan is an estimate.
fn comparison(
    c: &Comparison,
    refinance: Option<&Refinance>,
    pinned: &[String],
    format: Format,
    w: &Words,
) -> Result<String, CliError> {
    let month_json = |m: &MonthFigures| MonthJson {
        month: m.month.to_string(),
        baseline: m.baseline,
        scenario: m.scenario,
        baseline_dti: m.baseline_dti.map(plain),
        scenario_dti: m.scenario_dti.map(plain),
        dti_warning: over(m.scenario_dti, c.dti_warning),
    };
    Ok(match format {
        Format::Json => output::json(&ComparisonJson {
            baseline: (&c.baseline).into(),
            scenario: (&c.scenario).into(),
            interest_saved: c.interest_saved(),
            months: c.months.iter().map(month_json).collect(),
            dti_warning: c.dti_warning,
            loans: c
                .changed
                .iter()
                .map(|d| LoanJson {
                    id: d.scenario.id.clone(),
                    name: d.scenario.name.clone(),
                    baseline: d.baseline.as_ref().map(|b| side(b.interest, b.payoff_date)),
                    scenario: side(d.scenario.interest, d.scenario.payoff_date),
                    estimate: pinned.contains(&d.scenario.id),
                })
                .collect(),
            refinance: refinance.map(refinance_json),
        }),
        Format::Csv => output::csv(&MONTH_CSV, c.months.iter().map(month_csv))?,
        Format::Table => {
            let mut text = summary_lines(&c.baseline, &c.scenario, c.interest_saved(), w);
            for d in &c.changed {
                let before = d.baseline.as_ref().map_or("—".to_string(), |b| {
                    fill(
                        w.sim_before,
                        &[
                            ("interest", &grouped(b.interest)),
                            ("payoff", &date(b.payoff_date, w)),
                        ],
                    )
                });
                let estimate = match pinned.contains(&d.scenario.id) {
                    true => w.sim_estimate,
                    false => "",
                };
                text += &fill(
                    w.sim_loan,
                    &[
                        ("id", &d.scenario.id),
                        // A loan only the scenario has is the one it borrows.
                        (
                            "name",
                            match d.baseline {
                                None => w.sim_new_loan,
                                Some(_) => &d.scenario.name,
                            },
                        ),
                        ("before", &before),
                        ("after", &grouped(d.scenario.interest)),
                        ("payoff", &date(d.scenario.payoff_date, w)),
                        ("estimate", estimate),
                    ],
                );
                text += "\n";
            }
            if let Some(r) = refinance {
                text += &fill(
                    w.sim_refinance,
                    &[
                        ("loan", &r.loan),
                        ("loan_apr", &plain(r.loan_apr)),
                        ("line", &r.line),
                        ("line_apr", &plain(r.line_apr)),
                        ("amount", &grouped(r.amount)),
                        ("effect", &interest_effect(r.interest_saved, w)),
                    ],
                );
                text += "\n";
            }
            let dti = |m: &MonthFigures| {
                m.scenario_dti
                    .map_or(String::new(), |r| format!("{} %", plain(r)))
            };
            let high = |m: &MonthFigures| match over(m.scenario_dti, c.dti_warning) {
                true => w.sim_high.to_string(),
                false => String::new(),
            };
            let mut table = Table::of(
                &c.months,
                &[
                    Column::left(w.sim_month, |m: &MonthFigures| m.month.to_string()),
                    Column::money(w.sim_baseline_col, |m: &MonthFigures| m.baseline),
                    Column::money(w.sim_scenario_col, |m: &MonthFigures| m.scenario),
                    Column::money(w.sim_change, |m: &MonthFigures| m.scenario - m.baseline),
                    Column::right(w.sim_dti, dti),
                    Column::left("", high),
                ],
            );
            let alerts = c.dti_alerts().count();
            if alerts > 0 {
                table.footer(fill(
                    one_or_many(alerts, w.sim_dti_alert_one, w.sim_dti_alert),
                    &[
                        ("percent", &percent_label(c.dti_warning)),
                        ("n", &alerts.to_string()),
                    ],
                ));
            }
            text + "\n" + &table.render()
        }
    })
}

fn date(d: Option<NaiveDate>, w: &Words) -> String {
    d.map_or_else(|| w.sim_not_within.to_string(), |d| d.to_string())
}

/// `saves 12.00 in interest`, or `costs …` when `saved` is below zero.
fn interest_effect(saved: Decimal, w: &Words) -> String {
    let template = match saved < Decimal::ZERO {
        true => w.sim_costs_interest,
        false => w.sim_saves_interest,
    };
    fill(template, &[("amount", &grouped(saved.abs()))])
}

fn summary_lines(baseline: &Summary, scenario: &Summary, saved: Decimal, w: &Words) -> String {
    let saved_line = if saved < Decimal::ZERO {
        fill(w.sim_added, &[("amount", &grouped(-saved))])
    } else {
        fill(w.sim_saved, &[("amount", &grouped(saved))])
    };
    let side = |template: &str, s: &Summary| {
        let payoff = s
            .payoff_date
            .map_or(w.sim_not_within.to_string(), |d| d.to_string());
        fill(
            template,
            &[
                ("interest", &grouped(s.total_interest)),
                ("payoff", &payoff),
            ],
        )
    };
    format!(
        "{}\n{}\n{saved_line}\n",
        side(w.sim_baseline, baseline),
        side(w.sim_scenario, scenario)
    )
}

#[derive(Serialize)]
struct PayoffMonthJson {
    month: String,
    #[serde(with = "cents")]
    baseline: Decimal,
    #[serde(with = "cents")]
    scenario: Decimal,
}

#[derive(Serialize)]
struct RevolvingJson {
    id: String,
    name: String,
    minimum_only_months: Option<u32>,
    #[serde(with = "cents")]
    minimum_only_interest: Decimal,
    #[serde(with = "cents")]
    payment_36: Decimal,
    #[serde(with = "cents")]
    savings_36: Decimal,
}

#[derive(Serialize)]
struct RefinanceJson {
    loan: String,
    #[serde(with = "cents")]
    loan_apr: Decimal,
    line: String,
    #[serde(with = "cents")]
    line_apr: Decimal,
    #[serde(with = "cents")]
    amount: Decimal,
    #[serde(with = "cents")]
    interest_saved: Decimal,
    saves: bool,
}

fn refinance_json(r: &Refinance) -> RefinanceJson {
    RefinanceJson {
        loan: r.loan.clone(),
        loan_apr: r.loan_apr,
        line: r.line.clone(),
        line_apr: r.line_apr,
        amount: r.amount,
        interest_saved: r.interest_saved,
        saves: r.saves(),
    }
}

#[derive(Serialize)]
struct PayoffJson {
    strategy: Strategy,
    #[serde(with = "cents")]
    budget: Decimal,
    order: Vec<String>,
    baseline: SideJson,
    scenario: SideJson,
    #[serde(with = "cents")]
    interest_saved: Decimal,
    months: Vec<PayoffMonthJson>,
    revolving: Vec<RevolvingJson>,
}

fn payoff(
    sim: &Simulator,
    args: &PayoffArgs,
    format: Format,
    w: &Words,
) -> Result<String, CliError> {
    let plan = sim
        .plan(&Scenario::default(), args.budget, args.strategy)
        .map_err(|e| match e {
            PlanError::Scenario(e) => e,
            PlanError::Infeasible(i) => FieldError::typed(
                Field::Budget,
                Said::new(|w, _| {
                    fill(
                        w.infeasible,
                        &[
                            ("budget", &grouped(i.budget)),
                            ("minimum", &grouped(i.minimum)),
                            ("month", &i.month.to_string()),
                        ],
                    )
                })
                .problem(),
            ),
        })?;
    let baseline = sim.baseline();
    let minimums = sim.evaluate(&Scenario::default())?.months;
    let months = payoff_months(&minimums, &plan);
    let saved = baseline.total_interest - plan.summary.total_interest;
    let revolving: Vec<RevolvingJson> = sim
        .disclosures()
        .into_iter()
        .map(|(a, d)| RevolvingJson {
            id: a.id.clone(),
            name: a.name.clone(),
            minimum_only_months: d.minimum_only.months,
            minimum_only_interest: d.minimum_only.total_interest,
            payment_36: d.payment_36,
            savings_36: d.savings,
        })
        .collect();
    Ok(match format {
        Format::Json => output::json(&PayoffJson {
            strategy: plan.strategy,
            budget: plan.budget,
            order: plan.order,
            baseline: (&baseline).into(),
            scenario: (&plan.summary).into(),
            interest_saved: saved,
            months,
            revolving,
        }),
        Format::Csv => output::csv_of(&months, &payoff_columns(w))?,
        Format::Table => {
            let planned = plan.summary;
            let (strategy, how) = match plan.strategy {
                Strategy::Avalanche => (w.avalanche, w.avalanche_how),
                Strategy::Snowball => (w.snowball, w.snowball_how),
            };
            let mut text = fill(
                w.sim_budget,
                &[
                    ("budget", &grouped(plan.budget)),
                    ("strategy", strategy),
                    ("how", how),
                ],
            ) + "\n";
            text += &summary_lines(&baseline, &planned, saved, w);
            text += &fill(
                w.sim_cleared,
                &[("order", &plan.order.join(w.lang.list_separator()))],
            );
            text += "\n";
            for r in &revolving {
                let months = r
                    .minimum_only_months
                    .map_or(w.over_100_years.to_string(), |m| {
                        fill(
                            one_or_many(m, w.n_months_one, w.n_months),
                            &[("n", &m.to_string())],
                        )
                    });
                text += &fill(
                    w.sim_disclosure,
                    &[
                        ("id", &r.id),
                        ("name", &r.name),
                        ("months", &months),
                        ("interest", &grouped(r.minimum_only_interest)),
                        ("payment", &grouped(r.payment_36)),
                        ("effect", &interest_effect(r.savings_36, w)),
                    ],
                );
                text += "\n";
            }
            text + "\n" + &Table::of(&months, &payoff_columns(w)).render()
        }
    })
}

/// Minimum due and the plan's payment side by side, until both are done.
/// The CSV columns of a comparison's months.
const MONTH_CSV: [&str; 5] = [
    "month",
    "baseline",
    "scenario",
    "baseline_dti",
    "scenario_dti",
];

/// A comparison's month in [`MONTH_CSV`]'s columns.
fn month_csv(m: &MonthFigures) -> Vec<String> {
    let dti = |dti: Option<Decimal>| dti.map(plain).unwrap_or_default();
    vec![
        m.month.to_string(),
        plain(m.baseline),
        plain(m.scenario),
        dti(m.baseline_dti),
        dti(m.scenario_dti),
    ]
}

/// A payoff plan's months against the minimums, the table's (in `w`'s words) and the CSV's
/// alike.
fn payoff_columns(w: &Words) -> [Column<'_, PayoffMonthJson>; 3] {
    [
        Column::left(w.sim_month, |m: &PayoffMonthJson| m.month.clone()).named("month"),
        Column::money(w.sim_minimums, |m: &PayoffMonthJson| m.baseline).named("baseline"),
        Column::money(w.sim_plan, |m: &PayoffMonthJson| m.scenario).named("scenario"),
    ]
}

fn payoff_months(minimums: &[MonthFigures], plan: &PayoffPlan) -> Vec<PayoffMonthJson> {
    let len = minimums.len().max(plan.payments.len());
    (0..len)
        .map(|k| {
            let month = minimums
                .get(k)
                .map(|m| m.month)
                .or(plan.payments.get(k).map(|p| p.0));
            PayoffMonthJson {
                month: month.map(|m| m.to_string()).unwrap_or_default(),
                baseline: minimums.get(k).map_or(Decimal::ZERO, |m| m.baseline),
                scenario: plan.payments.get(k).map_or(Decimal::ZERO, |p| p.1),
            }
        })
        .collect()
}
