//! `loandash schedule`: one loan's schedule, as the DOMAIN.md contract fixes it.

use super::output::{self, Column, Format, Table};
use super::words::Words;
use super::{CliError, LoanArgs};
use crate::book::ledger;
use crate::engine::money::{cents, grouped, plain};
use crate::engine::schedule::{self, Prepayment, Row, Schedule};
use crate::language::fill;
use crate::store::Store;
use chrono::NaiveDate;
use clap::Args;
use rust_decimal::Decimal;
use serde::Serialize;

/// Arguments of `loandash schedule`.
#[derive(Debug, Args)]
pub struct ScheduleArgs {
    /// A loan in the store by id (see `loandash list`): its schedule with the prepayments
    /// recorded by `pay`, instead of terms typed here.
    #[arg(
        long = "loan",
        value_name = "ID",
        conflicts_with_all = [
            "principal", "annual_rate", "daily_rate", "fee_rate", "term", "method", "start",
            "day_count", "first_due", "due_day", "rounding", "remainder", "installment",
            "rate_changes", "balance", "prepayments",
        ]
    )]
    pub stored: Option<String>,
    #[command(flatten)]
    pub loan: LoanArgs,
    #[command(flatten)]
    pub left: super::LeftArgs,
    /// Extra payment DATE:AMOUNT:MODE (mode shorten or reduce); repeatable.
    #[arg(long = "prepay", value_name = "DATE:AMOUNT:MODE", value_parser = super::parts::<Prepayment>)]
    pub prepayments: Vec<Prepayment>,
}

/// A row's three amounts, as `schedule`, `fit` and `reconcile` write them.
#[derive(Serialize)]
pub(super) struct AmountsJson {
    #[serde(with = "cents")]
    pub(super) payment: Decimal,
    #[serde(with = "cents")]
    pub(super) principal: Decimal,
    #[serde(with = "cents")]
    pub(super) interest: Decimal,
}

impl From<&Row> for AmountsJson {
    fn from(row: &Row) -> AmountsJson {
        AmountsJson {
            payment: row.payment,
            principal: row.principal,
            interest: row.interest,
        }
    }
}

#[derive(Serialize)]
struct JsonRow {
    period: u32,
    due_date: NaiveDate,
    #[serde(flatten)]
    amounts: AmountsJson,
    #[serde(with = "cents")]
    balance: Decimal,
    kind: &'static str,
}

#[derive(Serialize)]
struct JsonTotals {
    #[serde(with = "cents")]
    paid: Decimal,
    #[serde(with = "cents")]
    principal: Decimal,
    #[serde(with = "cents")]
    interest: Decimal,
    #[serde(with = "cents")]
    apr: Decimal,
}

#[derive(Serialize)]
struct JsonSchedule {
    rows: Vec<JsonRow>,
    totals: JsonTotals,
}

/// Run `loandash schedule`.
pub fn run(
    args: &ScheduleArgs,
    format: Format,
    language: crate::language::Language,
    as_of: NaiveDate,
) -> Result<(), CliError> {
    let terms = args.left.terms(&args.loan, as_of)?;
    if let Some(note) = super::installment_note(&terms, super::words::words(language)) {
        eprintln!("{note}");
    }
    let schedule = schedule::build(&terms, &args.prepayments)?;
    output::print(&render(&schedule, format, language)?)?;
    Ok(())
}

/// Run `loandash schedule --loan ID`: the stored loan's schedule as the payments recorded
/// up to `as_of` left it (their prepayments in it), in the same columns.
pub fn stored(
    store: &Store,
    id: &str,
    format: Format,
    language: crate::language::Language,
    as_of: NaiveDate,
) -> Result<(), CliError> {
    let data = store.data();
    let loan = data.existing_loan(id)?;
    let state = ledger::loan_state(loan, data.payments_for(id), as_of)?;
    output::print(&render(&state.schedule, format, language)?)?;
    Ok(())
}

fn render(
    schedule: &Schedule,
    format: Format,
    language: crate::language::Language,
) -> std::io::Result<String> {
    let totals = schedule.totals();
    let w = super::words::words(language);
    match format {
        Format::Csv => output::csv_of(&schedule.rows, &columns(w)),
        Format::Json => Ok(output::json(&JsonSchedule {
            rows: schedule.rows.iter().map(json_row).collect(),
            totals: JsonTotals {
                paid: totals.paid,
                principal: totals.principal,
                interest: totals.interest,
                apr: schedule.apr(),
            },
        })),
        Format::Table => {
            let mut table = Table::of(&schedule.rows, &columns(w));
            table.footer(fill(
                w.schedule_totals,
                &[
                    ("paid", &grouped(totals.paid)),
                    ("principal", &grouped(totals.principal)),
                    ("interest", &grouped(totals.interest)),
                    ("apr", &plain(schedule.apr())),
                    ("payoff", &schedule.payoff_date().to_string()),
                ],
            ));
            Ok(table.render())
        }
    }
}

/// The columns the contract fixes, the table's (in `w`'s words) and the CSV's alike.
fn columns(w: &Words) -> [Column<'_, Row>; 7] {
    let kind = |row: &Row| {
        let said = match row.kind {
            schedule::RowKind::Scheduled => w.scheduled,
            schedule::RowKind::Prepayment => w.prepayment,
        };
        (said, row.kind.as_str())
    };
    [
        Column::right(w.period, |r: &Row| r.period.to_string()).named("period"),
        Column::left(w.due_date, |r: &Row| r.due_date.to_string()).named("due_date"),
        Column::money(w.payment, |r: &Row| r.payment).named("payment"),
        Column::money(w.principal, |r: &Row| r.principal).named("principal"),
        Column::money(w.interest, |r: &Row| r.interest).named("interest"),
        Column::money(w.balance, |r: &Row| r.balance).named("balance"),
        Column::word(w.kind, kind).named("kind"),
    ]
}

fn json_row(row: &Row) -> JsonRow {
    JsonRow {
        period: row.period,
        due_date: row.due_date,
        amounts: AmountsJson::from(row),
        balance: row.balance,
        kind: row.kind.as_str(),
    }
}
