//! `loandash export`: CSV tables, the calendar of due dates, accounting journals.

use super::words::Said;
use super::{CliError, transfer};
use crate::book::dues::Portfolio;
use crate::engine::field::Field;
use crate::engine::loan::{FieldError, add_months};
use crate::export::books::{Accounts, BookFormat, BookOptions};
use crate::export::ics::{self, IcsOptions};
use crate::language::Language;
use crate::language::fill;
use crate::store::Store;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};

/// What to export.
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Installment loans as CSV.
    Loans,
    /// Recorded payments as CSV.
    Payments,
    /// An iCalendar (RFC 5545) file of every unpaid due date, with reminders.
    Ics(IcsArgs),
    /// An hledger journal: loan openings, payments split into principal, interest, fees, penalty.
    Hledger(BookArgs),
    /// A beancount file: loan openings, payments split into principal, interest, fees, penalty.
    Beancount(BookArgs),
}

/// `loandash export ics`.
#[derive(Debug, Args)]
pub struct IcsArgs {
    /// Months ahead to include (overdue items are always included).
    #[arg(long, default_value_t = ics::DEFAULT_MONTHS, value_parser = clap::value_parser!(u32).range(1..=120), value_name = "N")]
    pub months: u32,
    /// Days before each due date the reminder fires (at 09:00).
    #[arg(long, default_value_t = ics::DEFAULT_ALARM_DAYS, value_parser = clap::value_parser!(u32).range(0..=60), value_name = "D")]
    pub alarm_days: u32,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// `loandash export hledger|beancount`.
#[derive(Debug, Args)]
pub struct BookArgs {
    /// A RON file naming the accounts (any of funding, loans, interest, fees, penalty,
    /// cards, opening, commodity); the rest keep their defaults.
    #[arg(long, value_name = "FILE")]
    pub accounts: Option<PathBuf>,
    /// Add the next MONTHS months of installments as forecast transactions.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=120), value_name = "MONTHS")]
    pub forecast: Option<u32>,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Run `loandash export …`.
pub fn run(
    store: &Store,
    command: &ExportCommand,
    language: Language,
    as_of: NaiveDate,
) -> Result<(), CliError> {
    let (text, out) = match command {
        ExportCommand::Loans => return transfer::export(store, transfer::Table::Loans, language),
        ExportCommand::Payments => {
            return transfer::export(store, transfer::Table::Payments, language);
        }
        ExportCommand::Ics(args) => (ics(store.data(), args, language, as_of)?, &args.out),
        ExportCommand::Hledger(args) => (
            books(store, args, BookFormat::Hledger, language, as_of)?,
            &args.out,
        ),
        ExportCommand::Beancount(args) => (
            books(store, args, BookFormat::Beancount, language, as_of)?,
            &args.out,
        ),
    };
    match out {
        Some(path) => write_out(path, &text),
        None => Ok(super::output::print(&text)?),
    }
}

/// The calendar `loandash export ics` writes (the dashboard writes the same).
pub fn ics(
    data: &crate::store::StoreData,
    args: &IcsArgs,
    language: Language,
    as_of: NaiveDate,
) -> Result<String, CliError> {
    let portfolio = Portfolio::new(data, as_of)?;
    let options = IcsOptions {
        until: add_months(as_of, args.months),
        alarm_days: args.alarm_days,
        language,
        stamp: chrono::Utc::now(),
    };
    Ok(ics::calendar(&portfolio, &options))
}

fn books(
    store: &Store,
    args: &BookArgs,
    format: BookFormat,
    language: Language,
    as_of: NaiveDate,
) -> Result<String, CliError> {
    let accounts = match &args.accounts {
        Some(path) => {
            let path = path.display().to_string();
            let text = std::fs::read_to_string(&path).map_err(|e| {
                let said = Said::new(|w, lang| {
                    let error = crate::store::io_text(&e, lang);
                    fill(w.cannot_read, &[("path", &path), ("error", &error)])
                });
                FieldError::typed(Field::Accounts, said.problem())
            })?;
            Accounts::from_ron(&text, format, language).map_err(|e| {
                let said = Said::new(|w, lang| {
                    let problem = e.problem.render(lang);
                    fill(w.in_file, &[("path", &path), ("problem", &problem)])
                });
                FieldError::typed(Field::Accounts, said.problem())
            })?
        }
        None => Accounts::defaults(format, language),
    };
    let options = BookOptions {
        format,
        accounts,
        forecast_until: args.forecast.map(|months| add_months(as_of, months)),
        language,
    };
    let portfolio = Portfolio::new(store.data(), as_of)?;
    Ok(crate::export::books::journal(&portfolio, &options)?)
}

/// Write `text` to `path` whole or not at all; a path that cannot be written is bad input.
pub fn write_out(path: &Path, text: &str) -> Result<(), CliError> {
    crate::store::write_file_atomically(path, text.as_bytes()).map_err(|e| {
        let said = Said::new(|_, lang| e.render(lang));
        FieldError::typed(Field::Out, said.problem()).into()
    })
}
