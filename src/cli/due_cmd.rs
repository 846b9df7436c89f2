//! What is due: `due` (a month's minimum), and for shells and cron `due --within DAYS`
//! (exit 1 when something is due) and `status --short` (one line for a prompt).

use super::CliError;
use super::output::{self, Column, Format, Table};
use super::words::{Words, words};
use crate::book::dues::{self, Portfolio, YearMonth};
use crate::book::kept;
use crate::book::ledger::Status;
use crate::engine::money::{cents, grouped, plain, push_plain};
use crate::export::money;
use crate::language::Language;
use crate::language::fill;
use crate::store::{Store, StoreData};
use chrono::{Days, NaiveDate};
use clap::Args;
use rust_decimal::Decimal;
use serde::Serialize;

/// `loandash due`: the minimum due for a month, or what falls due within days.
#[derive(Debug, Args)]
pub struct DueArgs {
    /// The month (YYYY-MM); default: the as-of month.
    #[arg(long, conflicts_with = "within", value_parser = super::parts::<YearMonth>)]
    pub month: Option<YearMonth>,
    /// Instead: everything overdue or due in the next DAYS days; exit status 1 if any.
    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(0..=3660))]
    pub within: Option<u32>,
    /// With --within: print nothing, only set the exit status (0 nothing due, 1 due).
    #[arg(long, requires = "within")]
    pub quiet: bool,
}

/// One item of `due`, as JSON and CSV write it (serde's JSON of it is what [`due_json`]
/// is tested against).
#[derive(Serialize)]
pub(super) struct DueItemJson {
    pub(super) loan: String,
    pub(super) name: String,
    pub(super) due_date: NaiveDate,
    #[serde(with = "cents")]
    pub(super) amount: Decimal,
    #[serde(with = "cents")]
    principal: Decimal,
    #[serde(with = "cents")]
    interest: Decimal,
    #[serde(with = "cents")]
    penalty: Decimal,
    pub(super) status: Status,
}

/// Taken, not copied: 7,475 items on 10,000 loans, two strings each.
impl From<dues::DueItem> for DueItemJson {
    fn from(i: dues::DueItem) -> Self {
        DueItemJson {
            amount: i.amount(),
            loan: i.loan,
            name: i.name,
            due_date: i.due_date,
            principal: i.principal,
            interest: i.interest,
            penalty: i.penalty,
            status: i.status,
        }
    }
}

/// One of a due item's amounts: its JSON and CSV name, its header, its value.
type Amount = (
    &'static str,
    fn(&Words) -> &'static str,
    fn(&DueItemJson) -> Decimal,
);

impl DueItemJson {
    /// The item's amounts in the order the JSON, the CSV and the table write them.
    const AMOUNTS: [Amount; 4] = [
        ("amount", |w| w.amount, |i| i.amount),
        ("principal", |w| w.principal, |i| i.principal),
        ("interest", |w| w.interest, |i| i.interest),
        ("penalty", |w| w.penalty, |i| i.penalty),
    ];

    /// `due`'s columns, the table's (in `w`'s words) and the CSV's alike.
    pub(super) fn columns(w: &Words) -> Vec<Column<'_, Self>> {
        let status = |i: &Self| {
            let said = match i.status {
                Status::Overdue => w.overdue,
                Status::Upcoming => w.upcoming,
                Status::Paid => w.settled,
            };
            (said, i.status.as_str())
        };
        let amounts = (Self::AMOUNTS.iter())
            .map(|&(name, header, amount)| Column::money(header(w), amount).named(name));
        let mut columns = vec![
            Column::left(w.id, |i: &Self| i.loan.clone()).named("loan"),
            Column::left(w.name, |i: &Self| i.name.clone()).named("name"),
            Column::left(w.due_date, |i: &Self| i.due_date.to_string()).named("due_date"),
        ];
        columns.extend(amounts);
        columns.push(Column::word(w.status, status).named("status"));
        columns
    }
}

/// A document of three string fields (`head`, keys and values) and the `items`, as
/// serde_json's pretty printer writes it, written directly: through serde each amount
/// went through `Decimal`'s formatter and an escaping adapter a few bytes at a time, a
/// quarter of `due`'s CPU on 10,000 loans.
fn due_json(head: [(&str, &str); 3], items: &[DueItemJson]) -> String {
    // ~250 bytes an item: the text is not moved as it grows.
    let mut out = String::with_capacity(128 + items.len() * 256);
    out.push_str("{\n");
    for (key, value) in head {
        push_field(&mut out, "  ", key, value);
        out.push_str(",\n");
    }
    if items.is_empty() {
        out.push_str("  \"items\": []\n}\n");
        return out;
    }
    out.push_str("  \"items\": [\n");
    let mut amount = String::with_capacity(24);
    for (n, item) in items.iter().enumerate() {
        let i = "      ";
        out.push_str(if n == 0 { "    {\n" } else { ",\n    {\n" });
        push_field(&mut out, i, "loan", &item.loan);
        out.push_str(",\n");
        push_field(&mut out, i, "name", &item.name);
        out.push_str(",\n");
        push_field(&mut out, i, "due_date", &item.due_date.to_string());
        for (key, _, value) in DueItemJson::AMOUNTS {
            amount.clear();
            push_plain(&mut amount, value(item));
            out.push_str(",\n");
            push_field(&mut out, i, key, &amount);
        }
        out.push_str(",\n");
        push_field(&mut out, i, "status", item.status.as_str());
        out.push_str("\n    }");
    }
    out.push_str("\n  ]\n}\n");
    out
}

/// `"key": "value"` indented by `indent`, the value escaped as JSON escapes a string.
fn push_field(out: &mut String, indent: &str, key: &str, value: &str) {
    out.push_str(indent);
    out.push('"');
    out.push_str(key);
    out.push_str("\": \"");
    let mut rest = value;
    // Only quotes, backslashes and control characters are escaped (as serde_json does).
    while let Some(at) = (rest.bytes()).position(|b| b == b'"' || b == b'\\' || b < b' ') {
        out.push_str(&rest[..at]);
        let c = rest.as_bytes()[at];
        match c {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            _ => {
                use std::fmt::Write;
                let _ = write!(out, "\\u{c:04x}");
            }
        }
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
    out.push('"');
}

/// Due items in `format` under a head of two dates and their total: the JSON document's
/// first fields, the items as CSV, or a table of them with the `footer` template under
/// it, filled with the same (the total grouped).
fn items_text(
    dates: [(&str, &str); 2],
    total: Decimal,
    items: &[DueItemJson],
    format: Format,
    language: Language,
    footer: &str,
) -> Result<String, CliError> {
    let [first, second] = dates;
    let columns = DueItemJson::columns(words(language));
    Ok(match format {
        Format::Json => due_json([first, second, ("total", &plain(total))], items),
        Format::Csv => output::csv_of(items, &columns)?,
        Format::Table => {
            let mut table = Table::of(items, &columns);
            table.footer(fill(footer, &[first, second, ("total", &grouped(total))]));
            table.render()
        }
    })
}

/// Run `loandash due`.
pub fn due(
    store: &Store,
    args: &DueArgs,
    format: Format,
    language: Language,
    as_of: NaiveDate,
) -> Result<(), CliError> {
    match args.within {
        Some(days) => due_within(store.data(), days, args.quiet, format, language, as_of),
        None => {
            let month = args.month.unwrap_or(YearMonth::of(as_of));
            print_month_due(kept::month_due(store, as_of, month)?, format, language)
        }
    }
}

/// Print `due`, the minimum due in a month.
pub fn print_month_due(
    due: dues::MonthDue,
    format: Format,
    language: Language,
) -> Result<(), CliError> {
    let (month, as_of) = (due.month.to_string(), due.as_of.to_string());
    let total = due.total();
    let items: Vec<DueItemJson> = due.items.into_iter().map(DueItemJson::from).collect();
    let dates = [("month", &*month), ("as_of", &as_of)];
    let footer = super::words::words(language).minimum_due_in;
    let text = items_text(dates, total, &items, format, language, footer)?;
    Ok(output::print(&text)?)
}

/// `loandash status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// One line for a shell prompt: `¥6,594.17 due · 1 overdue`.
    #[arg(long)]
    pub short: bool,
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
    let until = (as_of + Days::new(u64::from(days))).min(crate::engine::validate::MAX_DATE);
    let items: Vec<DueItemJson> = Portfolio::new(data, as_of)?
        .unpaid_until(until)
        .into_iter()
        .map(DueItemJson::from)
        .collect();
    let total = items.iter().map(|i| i.amount).sum();
    let anything_due = !items.is_empty();
    if !quiet {
        let (as_of, until) = (as_of.to_string(), until.to_string());
        let dates = [("as_of", &*as_of), ("until", &until)];
        let text = if items.is_empty() && format == Format::Table {
            format!("{}\n", fill(w.nothing_due_by, &dates))
        } else {
            items_text(dates, total, &items, format, language, w.due_by)?
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
    let portfolio = Portfolio::new(data, as_of)?;
    let due = portfolio.month_due(month);
    let next_due_date = portfolio.next_due_date();
    Ok(StatusJson {
        month: month.to_string(),
        due: due.total(),
        overdue: due
            .items
            .iter()
            .filter(|i| i.status == Status::Overdue)
            .count(),
        next_due_date,
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
        Format::Csv => output::record_csv(&status)?,
        Format::Table if args.short => short_line(&status, currency, language) + "\n",
        Format::Table => {
            let w = super::words::words(language);
            super::output::labelled(&[
                (
                    fill(w.status_due, &[("month", &status.month)]),
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

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[derive(Serialize)]
    struct DueJson<'a> {
        month: String,
        as_of: NaiveDate,
        #[serde(with = "cents")]
        total: Decimal,
        items: &'a [DueItemJson],
    }

    fn item(name: &str, status: Status, penalty: Decimal) -> DueItemJson {
        DueItemJson::from(dues::DueItem {
            loan: format!("L\"{name}"),
            name: name.into(),
            due_date: NaiveDate::from_ymd_opt(2026, 2, 28).expect("a date"),
            principal: dec!(1616.5),
            interest: dec!(-0.004),
            penalty,
            status,
            days_late: 0,
        })
    }

    #[test]
    fn due_json_is_what_serde_json_writes() {
        let items = [
            item("借呗 旅行 3014", Status::Overdue, dec!(52.655)),
            item(
                "quote \" back \\ tab \t nl \n cr \r bs \u{8} ff \u{c} nul \0 us \u{1f} del \u{7f}",
                Status::Upcoming,
                dec!(0),
            ),
            item("", Status::Paid, dec!(12345678.9)),
        ];
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date");
        for items in [&items[..], &items[..1], &[]] {
            let total = items.iter().map(|i| i.amount).sum();
            let document = DueJson {
                month: "2026-11".into(),
                as_of,
                total,
                items,
            };
            let head = [
                ("month", "2026-11"),
                ("as_of", &as_of.to_string()),
                ("total", &plain(total)),
            ];
            assert_eq!(due_json(head, items), output::json(&document));
        }
    }
}
