//! `loandash fit` and `loandash reconcile`: a lender's plan against our schedule.

use super::CliError;
use super::output::{self, Align, Format, Table};
use crate::lender::fit::{self, Difference, Fit};
use crate::lender::plan::{self, Plan};
use crate::loan::{LoanTerms, Method, Rate};
use crate::money::{cents, grouped};
use crate::schedule::Row;
use crate::store::{Loan, Store};
use chrono::NaiveDate;
use clap::Args;
use rust_decimal::Decimal;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// `loandash fit`: the terms that reproduce a lender's plan.
#[derive(Debug, Args)]
pub struct FitArgs {
    /// The lender's plan: a CSV file or a table pasted from its app (`-` reads stdin).
    pub file: PathBuf,
    /// Add the loan to the store when the fit is exact.
    #[arg(long, requires = "name")]
    pub add: bool,
    /// Name of the loan to add (with --add; also shown in the printed command).
    #[arg(long)]
    pub name: Option<String>,
    /// Who lent it (with --add).
    #[arg(long, default_value = "")]
    pub lender: String,
}

/// Read and parse a plan file, naming the file in any error.
pub fn read_plan(file: &Path) -> Result<Plan, CliError> {
    let text = if file == Path::new("-") {
        std::io::read_to_string(std::io::stdin())?
    } else {
        std::fs::read(file)
            .map_err(|e| CliError::Plan(format!("{}: cannot read: {e}", file.display())))
            .and_then(|bytes| {
                String::from_utf8(bytes).map_err(|_| {
                    CliError::Plan(format!(
                        "{}: not UTF-8 text (save the plan as UTF-8 CSV)",
                        file.display()
                    ))
                })
            })?
    };
    plan::parse(&text).map_err(|e| CliError::Plan(format!("{}: {e}", file.display())))
}

#[derive(Serialize)]
pub(crate) struct TermsJson {
    #[serde(with = "cents")]
    principal: Decimal,
    method: String,
    annual_rate: Option<String>,
    daily_rate: Option<String>,
    fee_rate: Option<String>,
    term: u32,
    start: NaiveDate,
    day_count: String,
    first_due: Option<NaiveDate>,
    rounding: String,
    remainder: String,
    rate_changes: Vec<RateChangeJson>,
}

#[derive(Serialize)]
struct RateChangeJson {
    date: NaiveDate,
    rate: String,
}

pub(crate) fn terms_json(terms: &LoanTerms) -> TermsJson {
    let (annual, daily) = match (terms.method, terms.rate) {
        (Method::FlatFee, _) => (None, None),
        (_, Rate::Annual(a)) => (Some(a.normalize().to_string()), None),
        (_, Rate::Daily(d)) => (None, Some(d.normalize().to_string())),
    };
    let c = &terms.conventions;
    TermsJson {
        principal: terms.principal,
        method: terms.method.to_string(),
        annual_rate: annual,
        daily_rate: daily,
        fee_rate: (terms.method == Method::FlatFee).then(|| terms.fee_rate.normalize().to_string()),
        term: terms.term,
        start: terms.start,
        day_count: terms.day_count.to_string(),
        first_due: c.first_due,
        rounding: c.rounding.to_string(),
        remainder: c.remainder.to_string(),
        rate_changes: c
            .rate_changes
            .iter()
            .map(|r| RateChangeJson {
                date: r.date,
                rate: r.rate.normalize().to_string(),
            })
            .collect(),
    }
}

#[derive(Serialize)]
pub(crate) struct AmountsJson {
    #[serde(with = "cents")]
    payment: Decimal,
    #[serde(with = "cents")]
    principal: Decimal,
    #[serde(with = "cents")]
    interest: Decimal,
}

fn ours_json(row: &Row) -> AmountsJson {
    AmountsJson {
        payment: row.payment,
        principal: row.principal,
        interest: row.interest,
    }
}

#[derive(Serialize)]
struct DifferenceJson {
    period: u32,
    due_date: NaiveDate,
    theirs: AmountsJson,
    ours: Option<AmountsJson>,
    ours_due_date: Option<NaiveDate>,
}

fn difference_json(d: &Difference) -> DifferenceJson {
    DifferenceJson {
        period: d.theirs.period,
        due_date: d.theirs.due_date,
        theirs: AmountsJson {
            payment: d.theirs.payment,
            principal: d.theirs.principal,
            interest: d.theirs.interest,
        },
        ours: d.ours.as_ref().map(ours_json),
        ours_due_date: d.ours.as_ref().map(|r| r.due_date),
    }
}

#[derive(Serialize)]
struct FitJson {
    exact: bool,
    rows: usize,
    matched: usize,
    terms: TermsJson,
    command: String,
    differing: Vec<DifferenceJson>,
    added: Option<String>,
}

/// Run `loandash fit`; `store` is opened only for `--add`.
pub fn run_fit(
    args: &FitArgs,
    open_store: impl FnOnce() -> Result<Store, CliError>,
    format: Format,
) -> Result<(), CliError> {
    let plan = read_plan(&args.file)?;
    let found = fit::fit(&plan)?;
    let name = args.name.clone().unwrap_or_else(|| "NAME".to_string());
    let command = fit::add_command(&found.terms, &name);
    let added = match (args.add, found.exact()) {
        (true, true) => {
            let mut store = open_store()?;
            let id = store.data().next_id("L");
            store.data_mut().loans.push(Loan::with_terms(
                id.clone(),
                name.trim().to_string(),
                args.lender.clone(),
                &found.terms,
            ));
            store.save()?;
            Some(id)
        }
        _ => None,
    };
    let text = match format {
        Format::Json => output::json(&FitJson {
            exact: found.exact(),
            rows: plan.rows.len(),
            matched: found.matched,
            terms: terms_json(&found.terms),
            command: command.clone(),
            differing: found.differing.iter().map(difference_json).collect(),
            added: added.clone(),
        }),
        Format::Csv => differences_csv(&found)?,
        Format::Table => fit_table(&found, plan.rows.len(), &command, added.as_deref()),
    };
    output::print(&text)?;
    match (found.exact(), args.add) {
        (true, _) => Ok(()),
        (false, true) => Err(CliError::Mismatch(format!(
            "not added: {} of {} rows differ (see `loandash reconcile --pin` to keep the lender's rows)",
            found.differing.len(),
            plan.rows.len()
        ))),
        (false, false) => Err(CliError::Mismatch(format!(
            "no terms reproduce every row: {} of {} differ",
            found.differing.len(),
            plan.rows.len()
        ))),
    }
}

fn differences_csv(found: &Fit) -> std::io::Result<String> {
    output::csv(
        &[
            "period",
            "due_date",
            "their_payment",
            "their_principal",
            "their_interest",
            "our_due_date",
            "our_payment",
            "our_principal",
            "our_interest",
        ],
        found.differing.iter().map(|d| {
            let ours = |f: fn(&Row) -> String| d.ours.as_ref().map(f).unwrap_or_default();
            vec![
                d.theirs.period.to_string(),
                d.theirs.due_date.to_string(),
                crate::money::plain(d.theirs.payment),
                crate::money::plain(d.theirs.principal),
                crate::money::plain(d.theirs.interest),
                ours(|r| r.due_date.to_string()),
                ours(|r| crate::money::plain(r.payment)),
                ours(|r| crate::money::plain(r.principal)),
                ours(|r| crate::money::plain(r.interest)),
            ]
        }),
    )
}

fn fit_table(found: &Fit, rows: usize, command: &str, added: Option<&str>) -> String {
    let mut out = if found.exact() {
        format!("These terms reproduce all {rows} rows to the cent:\n")
    } else {
        format!(
            "No terms reproduce every row; the closest match {} of {rows}:\n",
            found.matched
        )
    };
    out.push_str(&format!("  {command}\n"));
    if let Some(id) = added {
        out.push_str(&format!("Added loan {id}\n"));
    }
    if !found.exact() {
        let mut table = Table::new(&[
            ("Period", Align::Right),
            ("Due date", Align::Left),
            ("Theirs", Align::Right),
            ("Ours", Align::Right),
            ("Principal theirs", Align::Right),
            ("Principal ours", Align::Right),
            ("Interest theirs", Align::Right),
            ("Interest ours", Align::Right),
        ]);
        for d in &found.differing {
            let ours = |f: fn(&Row) -> Decimal| {
                d.ours
                    .as_ref()
                    .map(|r| grouped(f(r)))
                    .unwrap_or_else(|| "—".into())
            };
            table.row(vec![
                d.theirs.period.to_string(),
                d.theirs.due_date.to_string(),
                grouped(d.theirs.payment),
                ours(|r| r.payment),
                grouped(d.theirs.principal),
                ours(|r| r.principal),
                grouped(d.theirs.interest),
                ours(|r| r.interest),
            ]);
        }
        out.push_str(&table.render());
    }
    out
}
