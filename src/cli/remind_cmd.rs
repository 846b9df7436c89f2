//! For shells and cron: `due --within DAYS` (exit 1 when something is due) and
//! `status --short` (one line for a prompt).

use super::output::{self, Format};
use super::{CliError, store_cmds::DueItemJson};
use crate::book::dues::{Portfolio, YearMonth};
use crate::book::ledger::Status;
use crate::engine::money::{cents, grouped, plain};
use crate::export::money;
use crate::language::Language;
use crate::store::StoreData;
use chrono::{Days, NaiveDate};
use clap::Args;
use rust_decimal::Decimal;
use serde::Serialize;

/// `loandash status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// One line for a shell prompt: `¥6,594.17 due · 1 overdue`.
    #[arg(long)]
    pub short: bool,
}

#[derive(Serialize)]
struct WithinJson {
    as_of: NaiveDate,
    until: NaiveDate,
    #[serde(with = "cents")]
    total: Decimal,
    items: Vec<DueItemJson>,
}

/// Run `loandash due --within DAYS [--quiet]`: everything overdue or falling due in the
/// next `days` days. Exit status 1 when there is any, so `|| notify-send …` works.
pub fn due_within(
    data: &StoreData,
    days: u32,
    quiet: bool,
    format: Format,
    language: Language,
    as_of: NaiveDate,
) -> Result<(), CliError> {
    let w = super::words::words(language);
    let until = as_of + Days::new(u64::from(days));
    let items: Vec<DueItemJson> = Portfolio::new(data, as_of)?
        .unpaid_until(until)
        .iter()
        .map(DueItemJson::from)
        .collect();
    let total = items.iter().map(|i| i.amount).sum();
    let anything_due = !items.is_empty();
    if !quiet {
        let text = match format {
            Format::Json => output::json(&WithinJson {
                as_of,
                until,
                total,
                items,
            }),
            Format::Csv => output::csv(
                &DueItemJson::CSV_HEADER,
                items.iter().map(DueItemJson::csv_row),
            )?,
            Format::Table if items.is_empty() => {
                let line = w
                    .nothing_due_by
                    .replace("{until}", &until.to_string())
                    .replace("{as_of}", &as_of.to_string());
                format!("{line}\n")
            }
            Format::Table => {
                let mut table = DueItemJson::table(&items, language);
                table.footer(
                    w.due_by
                        .replace("{until}", &until.to_string())
                        .replace("{as_of}", &as_of.to_string())
                        .replace("{total}", &grouped(total)),
                );
                table.render()
            }
        };
        output::print(&text)?;
    }
    if anything_due {
        Err(CliError::Silent(1))
    } else {
        Ok(())
    }
}

/// What `status` reports: this month's minimum due and how many items are overdue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusJson {
    /// The as-of month.
    pub month: String,
    /// Its minimum due (unpaid, overdue included).
    #[serde(with = "cents")]
    pub due: Decimal,
    /// Overdue items.
    pub overdue: usize,
    /// The next unpaid due date.
    pub next_due_date: Option<NaiveDate>,
}

/// This month's figures as of `as_of`.
pub fn status_of(data: &StoreData, as_of: NaiveDate) -> Result<StatusJson, CliError> {
    let month = YearMonth::of(as_of);
    let due = Portfolio::new(data, as_of)?.month_due(month);
    Ok(StatusJson {
        month: month.to_string(),
        due: due.total(),
        overdue: due
            .items
            .iter()
            .filter(|i| i.status == Status::Overdue)
            .count(),
        next_due_date: due.due_dates().into_iter().find(|d| *d >= as_of),
    })
}

/// The one line of `status --short`.
pub fn short_line(status: &StatusJson, currency: &str, language: Language) -> String {
    let due = money(currency, status.due);
    match (language, status.due.is_zero(), status.overdue) {
        (Language::En, true, _) => "nothing due".into(),
        (Language::En, false, 0) => format!("{due} due"),
        (Language::En, false, n) => format!("{due} due · {n} overdue"),
        (Language::Zh, true, _) => "本月无应还".into(),
        (Language::Zh, false, 0) => format!("本月应还 {due}"),
        (Language::Zh, false, n) => format!("本月应还 {due} · 逾期 {n} 笔"),
    }
}

/// Run `loandash status [--short]`.
pub fn status(
    data: &StoreData,
    args: &StatusArgs,
    format: Format,
    language: Language,
    as_of: NaiveDate,
) -> Result<(), CliError> {
    let status = status_of(data, as_of)?;
    let currency = &data.profile.currency;
    let text = match format {
        Format::Json => output::json(&status),
        Format::Csv => output::csv(
            &["month", "due", "overdue", "next_due_date"],
            [vec![
                status.month.clone(),
                plain(status.due),
                status.overdue.to_string(),
                status
                    .next_due_date
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            ]],
        )?,
        Format::Table if args.short => short_line(&status, currency, language) + "\n",
        Format::Table => {
            let w = super::words::words(language);
            super::output::labelled(&[
                (
                    w.status_due.replace("{month}", &status.month),
                    money(currency, status.due),
                ),
                (w.overdue_items.into(), status.overdue.to_string()),
                (
                    w.next_due_date.into(),
                    status
                        .next_due_date
                        .map_or_else(|| "—".into(), |d| d.to_string()),
                ),
            ])
        }
    };
    Ok(output::print(&text)?)
}
