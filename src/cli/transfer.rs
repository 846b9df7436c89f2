//! `loandash export` and `import`: loans and payments as CSV, for spreadsheets and backups.
//!
//! An import is all or nothing: every row is checked first, and the first bad one is
//! reported by row and column with nothing added to the store.

use super::CliError;
use super::output;
use super::words::{Said, Words, words};
use crate::book::{ledger, overview};
use crate::engine::error::{Needed, Problem, choose};
use crate::engine::field::Field;
use crate::engine::loan::{Conventions, EarlyInterest, FieldError, LoanInput, LoanTerms, Rate};
use crate::engine::money::NumberError;
use crate::engine::money::{parse_amount, parse_decimal, plain};
use crate::engine::validate;
use crate::language::Language;
use crate::language::{fill, one_or_many};
use crate::store::{Entered, Loan, PaymentKind, PaymentRecord, Store, next_id_after};
use chrono::NaiveDate;
use clap::{Subcommand, ValueEnum};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::path::PathBuf;

/// What to export or import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Table {
    /// Installment loans.
    Loans,
    /// Recorded payments.
    Payments,
}

/// `loandash import`.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import loans from a CSV file with the columns `loandash export loans` writes.
    Loans {
        /// The CSV file.
        file: PathBuf,
    },
    /// Import payments from a CSV file with the columns `loandash export payments` writes
    /// (only date, amount and loan are needed).
    Payments {
        /// The CSV file.
        file: PathBuf,
    },
}

/// The columns of `export loans`, spelled by each field's [`Field::key`].
const LOAN_COLUMNS: [Field; 23] = [
    Field::Id,
    Field::Name,
    Field::Lender,
    Field::Method,
    Field::Principal,
    Field::AnnualRate,
    Field::DailyRate,
    Field::FeeRate,
    Field::DayCount,
    Field::Term,
    Field::Start,
    Field::PenaltyRate,
    Field::Line,
    Field::EarlyInterest,
    Field::FirstDue,
    Field::DueDay,
    Field::Rounding,
    Field::Remainder,
    Field::RateChanges,
    Field::Installment,
    Field::Pinned,
    Field::Estimated,
    Field::Entered,
];
/// The columns an imported loan cannot do without.
const LOAN_REQUIRED: [Field; 5] = [
    Field::Name,
    Field::Principal,
    Field::Method,
    Field::Term,
    Field::Start,
];
/// A file of loans entered from what is left on them, as the lender's app shows it.
const LEFT_REQUIRED: [Field; 5] = [
    Field::Name,
    Field::Balance,
    Field::Method,
    Field::InstallmentsLeft,
    Field::NextDue,
];
/// Between the items of the `rate_changes` (`DATE:RATE`) and `pinned`
/// (`DATE:PRINCIPAL:INTEREST`) columns.
const LIST_SEPARATOR: char = ';';
/// The largest CSV file imported (64 MiB: about half a million rows).
pub const MAX_IMPORT_BYTES: u64 = 64 << 20;

const PAYMENT_COLUMNS: [Field; 5] = [
    Field::Date,
    Field::Amount,
    Field::Loan,
    Field::Kind,
    Field::Mode,
];

/// Run `loandash export loans|payments`: CSV on standard output.
pub fn export(store: &Store, table: Table, lang: Language) -> Result<(), CliError> {
    let data = store.data();
    // The CSV holds each loan's terms; a lender's plan kept with a loan is the lender's own
    // table, read again from its file (`reconcile --attach`), so it is named, not written.
    let kept: Vec<&str> = data
        .loans
        .iter()
        .filter(|l| l.plan.is_some())
        .map(|l| l.id.as_str())
        .collect();
    if table == Table::Loans && !kept.is_empty() {
        let w = words(lang);
        eprintln!(
            "{}{}",
            w.note_prefix,
            fill(
                w.plans_not_exported,
                &[("ids", &kept.join(w.lang.list_separator()))]
            )
        );
    }
    let text = match table {
        Table::Loans => output::csv(
            &LOAN_COLUMNS.map(Field::key),
            data.loans.iter().map(loan_row),
        )?,
        Table::Payments => output::csv(
            &PAYMENT_COLUMNS.map(Field::key),
            data.payments.iter().map(|p| {
                vec![
                    p.date.to_string(),
                    plain(p.amount),
                    p.loan.clone(),
                    p.kind.as_str().to_string(),
                    p.mode.map(|m| m.to_string()).unwrap_or_default(),
                ]
            }),
        )?,
    };
    Ok(output::print(&text)?)
}

fn loan_row(loan: &Loan) -> Vec<String> {
    let (annual, daily) = match loan.rate {
        Rate::Annual(a) => (a.normalize().to_string(), String::new()),
        Rate::Daily(d) => (String::new(), d.normalize().to_string()),
    };
    let mut row = vec![
        loan.id.clone(),
        loan.name.clone(),
        loan.lender.clone(),
        loan.method.to_string(),
        plain(loan.principal),
        annual,
        daily,
        if loan.fee_rate.is_zero() {
            String::new()
        } else {
            loan.fee_rate.normalize().to_string()
        },
        loan.day_count.to_string(),
        loan.term.to_string(),
        loan.start.to_string(),
        loan.penalty_rate
            .map(|r| r.normalize().to_string())
            .unwrap_or_default(),
        loan.line.clone().unwrap_or_default(),
        loan.early_interest.to_string(),
    ];
    let conventions = loan.conventions.clone().unwrap_or_default();
    row.extend([
        conventions
            .first_due
            .map(|d| d.to_string())
            .unwrap_or_default(),
        conventions
            .due_day
            .map(|d| d.to_string())
            .unwrap_or_default(),
        conventions.rounding.to_string(),
        conventions.remainder.to_string(),
        list_cell(&conventions.rate_changes),
        conventions.installment.map(plain).unwrap_or_default(),
        list_cell(&conventions.pinned),
        match conventions.estimated {
            0 => String::new(),
            n => n.to_string(),
        },
        loan.entered.to_string(),
    ]);
    row
}

/// Items joined by [`LIST_SEPARATOR`], each spelled as its flag reads it: the cell
/// [`Record::list`] reads back.
fn list_cell<T: std::fmt::Display>(items: &[T]) -> String {
    let items: Vec<String> = items.iter().map(T::to_string).collect();
    items.join(&LIST_SEPARATOR.to_string())
}

/// One CSV record with its columns found by header name.
struct Record<'a> {
    row: usize,
    fields: HashMap<&'a str, &'a str>,
}

impl Record<'_> {
    /// A cell as written, the `'` that export put before a formula taken off.
    fn text(&self, column: Field) -> Option<&str> {
        self.fields
            .get(column.key())
            .map(|s| crate::csv_cell::restore_cell(s.trim()))
            .filter(|s| !s.is_empty())
    }

    /// `"abc": not a number …` in each language.
    fn not_a_number(&self, column: Field, text: &str, e: NumberError) -> FieldError {
        let problem = Problem::Number(e);
        FieldError::typed(
            column,
            Problem::said(|lang| match lang {
                Language::En => format!("{text:?}: {}", problem.render(lang)),
                Language::Zh => format!("{text:?}：{}", problem.render(lang)),
            }),
        )
    }

    fn decimal(&self, column: Field, dp: u32) -> Result<Option<Decimal>, FieldError> {
        self.text(column)
            .map(|t| parse_decimal(t, dp).map_err(|e| self.not_a_number(column, t, e)))
            .transpose()
    }

    /// A day of the month, 1–31.
    fn day_of_month(&self, column: Field) -> Result<Option<u32>, FieldError> {
        self.decimal(column, 0)?
            .map(|day| validate::day_of_month(column, day).map_err(FieldError::from))
            .transpose()
    }

    /// An amount of money, kept with two decimals as the store writes money.
    fn amount(&self, column: Field) -> Result<Option<Decimal>, FieldError> {
        self.text(column)
            .map(|t| parse_amount(t).map_err(|e| self.not_a_number(column, t, e)))
            .transpose()
    }

    /// Items joined by [`LIST_SEPARATOR`]; none when the column is empty or missing. An
    /// item that does not read is refused as the flag of the same form refuses it.
    fn list<T: std::str::FromStr<Err = Problem>>(
        &self,
        column: Field,
    ) -> Result<Vec<T>, FieldError> {
        self.text(column).map_or(Ok(Vec::new()), |t| {
            t.split(LIST_SEPARATOR)
                .map(|item| (item.trim().parse()).map_err(|e| FieldError::typed(column, e)))
                .collect()
        })
    }

    /// A count (months, installments, rows): a whole number, else `not_whole` says what
    /// it should be.
    fn whole<T: std::str::FromStr>(
        &self,
        column: Field,
        not_whole: fn(&Words) -> &'static str,
    ) -> Result<Option<T>, FieldError> {
        self.text(column)
            .map(|t| {
                t.parse().map_err(|_| {
                    let text = format!("{t:?}");
                    said(
                        column,
                        Said::new(|w, _| fill(not_whole(w), &[("text", &text)])),
                    )
                })
            })
            .transpose()
    }

    /// A date, YYYY-MM-DD.
    fn date(&self, column: Field) -> Result<Option<NaiveDate>, FieldError> {
        self.text(column)
            .map(|t| validate::date(column, t).map_err(FieldError::from))
            .transpose()
    }

    fn parsed<T: std::str::FromStr<Err = Problem>>(
        &self,
        column: Field,
    ) -> Result<Option<T>, FieldError> {
        self.text(column)
            .map(|t| t.parse().map_err(|e| FieldError::typed(column, e)))
            .transpose()
    }
}

/// Read a CSV file into header-addressed records; every `required` column must exist.
fn read_csv(
    file: &std::path::Path,
    required: &[&'static str],
) -> Result<(Vec<String>, Vec<Vec<String>>), CliError> {
    let path = file.display().to_string();
    let text = crate::store::read_text_capped(file, MAX_IMPORT_BYTES).map_err(|e| {
        CliError::Input(Said::new(|w, lang| {
            let error = crate::store::io_text(&e, lang);
            fill(w.cannot_read, &[("path", &path), ("error", &error)])
        }))
    })?;
    // The csv crate's own description of a malformed file (English only).
    let malformed = |e: csv::Error| {
        let problem = e.to_string();
        CliError::Input(Said::new(|w, _| {
            fill(w.in_file, &[("path", &path), ("problem", &problem)])
        }))
    };
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(malformed)?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    require_columns(file, &headers, required)?;
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(malformed)?;
        rows.push(record.iter().map(str::to_string).collect());
    }
    Ok((headers, rows))
}

/// Every `required` column is among `headers`, else the first missing one is named.
fn require_columns(
    file: &std::path::Path,
    headers: &[String],
    required: &[&str],
) -> Result<(), CliError> {
    let Some(missing) = required.iter().find(|c| !headers.iter().any(|h| h == *c)) else {
        return Ok(());
    };
    let path = file.display().to_string();
    let (column, columns) = (format!("{missing:?}"), required.join(","));
    Err(CliError::Input(Said::new(|w, _| {
        fill(
            w.no_column,
            &[("path", &path), ("column", &column), ("columns", &columns)],
        )
    })))
}

/// A cell refused with a message in each language.
fn said(column: Field, said: Said) -> FieldError {
    FieldError::typed(column, said.problem())
}

/// A bad cell as the user finds it: the file, its row and its column (the CSV's own
/// spelling of the field).
fn at_row(file: &std::path::Path, row: usize, e: FieldError) -> CliError {
    let (path, row, column) = (
        file.display().to_string(),
        row.to_string(),
        e.field.key().to_string(),
    );
    CliError::Input(Said::new(|w, lang| {
        let problem = e.problem.render(lang);
        fill(
            w.at_cell,
            &[
                ("path", &path),
                ("row", &row),
                ("column", &column),
                ("problem", &problem),
            ],
        )
    }))
}

fn records<'a>(headers: &'a [String], rows: &'a [Vec<String>]) -> impl Iterator<Item = Record<'a>> {
    rows.iter().enumerate().map(move |(i, row)| Record {
        // Row numbers as a spreadsheet shows them: the header is row 1.
        row: i + 2,
        fields: headers
            .iter()
            .map(String::as_str)
            .zip(row.iter().map(String::as_str))
            .collect(),
    })
}

/// Run `loandash import loans|payments FILE`.
pub fn import(
    store: &mut Store,
    command: &ImportCommand,
    w: &Words,
    as_of: NaiveDate,
) -> Result<(), CliError> {
    // Notes on rows imported, said once they are saved.
    let mut notes = Vec::new();
    let added = match command {
        ImportCommand::Loans { file } => {
            let (headers, rows) = read_csv(file, &[])?;
            let required = match headers.iter().any(|h| h == Field::Balance.key()) {
                true => LEFT_REQUIRED,
                false => LOAN_REQUIRED,
            };
            require_columns(file, &headers, &required.map(Field::key))?;
            let (mut loans, mut paid) = (Vec::new(), Vec::new());
            // What is left on each line, read once; the file's loans draw it down in order.
            let mut room: Option<HashMap<String, Decimal>> = None;
            let mut drawn: HashMap<String, Decimal> = HashMap::new();
            let bar = super::progress::bar(rows.len(), w.importing_loans);
            for record in records(&headers, &rows) {
                bar.inc(1);
                let bad = |e| at_row(file, record.row, e);
                let loan = parse_loan(&record, store, &loans).map_err(bad)?;
                if let Some(note) = super::installment_note(&loan.terms(), w) {
                    let (path, row) = (file.display().to_string(), record.row.to_string());
                    let at = [("path", &path[..]), ("row", &row), ("note", &note)];
                    notes.push(fill(w.at_row_note, &at));
                }
                // An optional `paid` column: installments already paid on their due dates.
                let mut its_paid = Vec::new();
                if let Some(count) = record.whole(Field::Paid, |w| w.not_whole).map_err(bad)? {
                    its_paid = ledger::paid_on_due_dates(&loan, count, as_of).map_err(bad)?;
                }
                if let Some(line) = loan.line.as_deref() {
                    if room.is_none() {
                        room = Some(overview::line_room(store.data(), as_of).map_err(bad)?);
                    }
                    let available = room.as_ref().and_then(|r| r.get(line)).copied();
                    let owed = overview::owed_on(&loan, &its_paid, as_of).map_err(bad)?;
                    let total = drawn.entry(line.to_string()).or_default();
                    *total += owed;
                    if let Some(available) = available {
                        overview::within_room(*total, line, available).map_err(bad)?;
                    }
                }
                paid.extend(its_paid);
                loans.push(loan);
            }
            bar.finish_and_clear();
            let count = loans.len();
            let data = store.data_mut();
            loans.into_iter().for_each(|loan| data.upsert_loan(loan));
            data.record_payments(paid);
            fill(
                one_or_many(count, w.imported_loans_one, w.imported_loans),
                &[("n", &count.to_string())],
            )
        }
        ImportCommand::Payments { file } => {
            let (headers, rows) = read_csv(file, &PAYMENT_COLUMNS.map(Field::key)[..3])?;
            let before = store.data().payments.len();
            let bar = super::progress::bar(rows.len(), w.importing_payments);
            for record in records(&headers, &rows) {
                bar.inc(1);
                let payment =
                    parse_payment(&record, store).map_err(|e| at_row(file, record.row, e))?;
                store.data_mut().record_payments([payment]);
            }
            bar.finish_and_clear();
            let count = store.data().payments.len() - before;
            fill(
                one_or_many(count, w.imported_payments_one, w.imported_payments),
                &[("n", &count.to_string())],
            )
        }
    };
    super::progress::save(store)?;
    notes.iter().for_each(|note| eprintln!("{note}"));
    Ok(output::print(&(added + "\n"))?)
}

fn parse_loan(record: &Record, store: &Store, pending: &[Loan]) -> Result<Loan, FieldError> {
    let input = LoanInput {
        principal: record.amount(Field::Principal)?,
        annual_rate: record.decimal(Field::AnnualRate, 6)?,
        daily_rate: record.decimal(Field::DailyRate, 6)?,
        fee_rate: record.decimal(Field::FeeRate, 6)?,
        term: record.whole(Field::Term, |w| w.not_months)?,
        method: record.parsed(Field::Method)?,
        start: record.date(Field::Start)?,
        day_count: record.parsed(Field::DayCount)?,
        conventions: Conventions {
            first_due: record.date(Field::FirstDue)?,
            due_day: record.day_of_month(Field::DueDay)?,
            rounding: record.parsed(Field::Rounding)?.unwrap_or_default(),
            remainder: record.parsed(Field::Remainder)?.unwrap_or_default(),
            rate_changes: record.list(Field::RateChanges)?,
            installment: record.amount(Field::Installment)?,
            pinned: record.list(Field::Pinned)?,
            estimated: record
                .whole(Field::Estimated, |w| w.not_row_count)?
                .unwrap_or(0),
        },
    };
    let balance = record.amount(Field::Balance)?;
    let entered = match balance {
        Some(_) => Entered::Left,
        None => record.parsed(Field::Entered)?.unwrap_or_default(),
    };
    let terms = match balance {
        None => {
            // What is left without its balance, or no amount at all where the file is of
            // what is left: the balance is what is missing.
            let left_given = [Field::InstallmentsLeft, Field::NextDue]
                .iter()
                .any(|f| record.text(*f).is_some());
            let of_left = record.fields.contains_key(Field::Balance.key());
            if left_given || (of_left && input.principal.is_none()) {
                return Err(FieldError::typed(Field::Balance, Problem::Missing));
            }
            LoanTerms::new(&input)?
        }
        Some(balance) => {
            // Installments paid before what is left are not in the store (as with --paid).
            let given = [
                Field::Principal,
                Field::Term,
                Field::Start,
                Field::FirstDue,
                Field::Paid,
            ];
            if let Some(term) = given.into_iter().find(|f| record.text(*f).is_some()) {
                return Err(FieldError::typed(
                    Field::Balance,
                    Problem::LeftWithTerms(term),
                ));
            }
            let required = |field| FieldError::typed(field, Problem::Missing);
            let left = record.whole(Field::InstallmentsLeft, |w| w.not_whole)?;
            let next_due = record.date(Field::NextDue)?;
            let due_day = input.conventions.due_day;
            input.left(
                balance,
                left.ok_or(required(Field::InstallmentsLeft))?,
                next_due.ok_or(required(Field::NextDue))?,
                due_day,
            )?
        }
    };
    let early_interest: EarlyInterest = record.parsed(Field::EarlyInterest)?.unwrap_or_default();
    let data = store.data();
    let taken = |id: &str| {
        data.loans.iter().any(|l| l.id == id)
            || data.revolving.iter().any(|a| a.id == id)
            || pending.iter().any(|l| l.id == id)
    };
    let id = record.text(Field::Id).map(validate::clean_text);
    let id = match id.filter(|id| !id.is_empty()) {
        Some(id) if taken(&id) => {
            return Err(FieldError::typed(Field::Id, Problem::IdTwice(id)));
        }
        Some(id) => id,
        None => {
            let existing = data.debts().map(|(id, _)| id);
            next_id_after("L", existing.chain(pending.iter().map(|l| l.id.as_str())))
        }
    };
    let line = record.text(Field::Line).map(validate::clean_text);
    if let Some(name) = &line {
        data.line(name)?;
    }
    let name = validate::name(
        Field::Name,
        record.text(Field::Name).unwrap_or_default(),
        (data.loan_names_but(None)).chain(pending.iter().map(|l| l.name.as_str())),
    )
    .map_err(FieldError::from)?;
    let lender = validate::clean_text(record.text(Field::Lender).unwrap_or_default());
    let loan = Loan {
        penalty_rate: record.decimal(Field::PenaltyRate, 6)?,
        line,
        early_interest,
        entered,
        ..Loan::with_terms(id, name, lender, &terms)
    };
    loan.validate()?;
    Ok(loan)
}

fn parse_payment(record: &Record, store: &Store) -> Result<PaymentRecord, FieldError> {
    let date = record.date(Field::Date)?.ok_or(FieldError::typed(
        Field::Date,
        Problem::Required(Needed::PaidOn),
    ))?;
    let amount = record
        .amount(Field::Amount)?
        .ok_or(FieldError::typed(Field::Amount, Problem::Missing))?;
    if amount <= Decimal::ZERO {
        return Err(FieldError::typed(
            Field::Amount,
            Problem::NotPositive(amount),
        ));
    }
    let loan = record.text(Field::Loan).ok_or(FieldError::typed(
        Field::Loan,
        Problem::Required(Needed::Debt),
    ))?;
    let data = store.data();
    if data.loan(loan).is_none() && !data.revolving.iter().any(|a| a.id == loan) {
        let id = loan.to_string();
        let problem = Problem::NoSuchLoan { id, see_list: true };
        return Err(FieldError::typed(Field::Loan, problem));
    }
    // No kind is a payment as `pay` records one: installments due first, then the excess.
    let kind = record
        .text(Field::Kind)
        .map(|kind| choose(kind, &PaymentKind::ALL, PaymentKind::as_str))
        .transpose()
        .map_err(|e| FieldError::typed(Field::Kind, e))?
        .unwrap_or(PaymentKind::Scheduled);
    let mode = record.parsed(Field::Mode)?;
    // Checked as `pay` checks it, after the rows before it; kept as one record, as written.
    let apply = match kind {
        PaymentKind::Scheduled => crate::book::ledger::Apply::Installments,
        PaymentKind::Prepayment => crate::book::ledger::Apply::Prepayment,
    };
    let shorten = crate::engine::schedule::PrepayMode::Shorten;
    crate::book::payments::paying(data, loan, date, amount, mode.unwrap_or(shorten), apply)
        .map_err(FieldError::from)?;
    Ok(PaymentRecord {
        id: 0,
        date,
        amount,
        loan: loan.to_string(),
        kind,
        mode,
    })
}
