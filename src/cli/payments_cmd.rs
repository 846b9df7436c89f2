//! `loandash payments list|edit|delete`: recorded payments by id.

use super::output::{self, Align, Format, Table};
use super::words::Said;
use super::{CliError, amount};
use crate::book::payments::{self, Change, Listed, Refusal};
use crate::engine::error::Problem;
use crate::engine::loan::FieldError;
use crate::engine::money::{cents, grouped, plain};
use crate::engine::schedule::PrepayMode;
use crate::language::Language;
use crate::store::{PaymentKind, Store};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use rust_decimal::Decimal;
use serde::Serialize;

/// The payments subcommands.
#[derive(Debug, Subcommand)]
pub enum PaymentsCommand {
    /// Every payment recorded, newest first, with its id and what it paid for.
    List(ListArgs),
    /// Change a payment's date, amount or mode; it is checked as `pay` checks a new one.
    #[command(allow_negative_numbers = true)]
    Edit(EditArgs),
    /// Delete a payment.
    Delete(DeleteArgs),
}

/// `payments list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this loan's or account's payments.
    #[arg(long, value_name = "ID")]
    pub loan: Option<String>,
}

/// `payments edit`.
#[derive(Debug, Args)]
pub struct EditArgs {
    /// The payment's id, e.g. P12 (see `loandash payments list`).
    pub id: String,
    /// The day paid (YYYY-MM-DD).
    #[arg(long, value_parser = super::date_arg, value_name = "YYYY-MM-DD")]
    pub date: Option<NaiveDate>,
    /// The cash paid (for a prepayment: its principal with the interest it carried).
    #[arg(long, value_parser = amount, value_name = "AMOUNT")]
    pub amount: Option<Decimal>,
    /// What a prepayment does: shorten the term or reduce the installment.
    #[arg(long, value_parser = super::choice::<PrepayMode>(PrepayMode::ALL.map(PrepayMode::as_str)))]
    pub mode: Option<PrepayMode>,
}

/// `payments delete`.
#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// The payment's id, e.g. P12.
    pub id: String,
}

/// One payment as JSON and CSV write it.
#[derive(Serialize)]
struct PaymentJson {
    id: String,
    date: NaiveDate,
    loan: String,
    name: String,
    kind: PaymentKind,
    mode: Option<PrepayMode>,
    #[serde(with = "cents")]
    amount: Decimal,
    principal: Option<String>,
    interest: Option<String>,
    penalty: Option<String>,
}

impl From<&Listed> for PaymentJson {
    fn from(p: &Listed) -> Self {
        PaymentJson {
            id: payments::label(p.id),
            date: p.date,
            loan: p.loan.clone(),
            name: p.name.clone(),
            kind: p.kind,
            mode: p.mode,
            amount: p.cash,
            principal: p.parts.as_ref().map(|x| plain(x.principal)),
            interest: p.parts.as_ref().map(|x| plain(x.interest)),
            penalty: p.parts.as_ref().map(|x| plain(x.penalty)),
        }
    }
}

const CSV_HEADER: [&str; 10] = [
    "id",
    "date",
    "loan",
    "name",
    "kind",
    "mode",
    "amount",
    "principal",
    "interest",
    "penalty",
];

impl PaymentJson {
    fn csv_row(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.date.to_string(),
            self.loan.clone(),
            self.name.clone(),
            PaymentKind::as_str(self.kind).to_string(),
            self.mode.map(|m| m.to_string()).unwrap_or_default(),
            plain(self.amount),
            self.principal.clone().unwrap_or_default(),
            self.interest.clone().unwrap_or_default(),
            self.penalty.clone().unwrap_or_default(),
        ]
    }
}

/// Column headers and words of the table, in the user's language.
fn table(rows: &[PaymentJson], lang: Language) -> Table {
    let headers = match lang {
        Language::En => [
            "ID",
            "Date",
            "Loan",
            "Kind",
            "Amount",
            "Principal",
            "Interest",
            "Penalty",
            "Mode",
        ],
        Language::Zh => [
            "编号", "日期", "贷款", "类型", "金额", "本金", "利息", "罚息", "方式",
        ],
    };
    let aligns = [
        Align::Left,
        Align::Left,
        Align::Left,
        Align::Left,
        Align::Right,
        Align::Right,
        Align::Right,
        Align::Right,
        Align::Left,
    ];
    let columns: Vec<(&str, Align)> = headers.into_iter().zip(aligns).collect();
    let mut table = Table::new(&columns);
    let optional = |d: &Option<String>| {
        d.as_deref()
            .and_then(|d| d.parse().ok())
            .map_or_else(|| "—".into(), grouped)
    };
    for p in rows {
        let kind = match (p.kind, lang) {
            (PaymentKind::Scheduled, Language::En) => "installment",
            (PaymentKind::Scheduled, Language::Zh) => "还款",
            (PaymentKind::Prepayment, Language::En) => "prepayment",
            (PaymentKind::Prepayment, Language::Zh) => "提前还款",
        };
        let mode = match (p.mode, lang) {
            (None, _) | (Some(_), _) if p.kind == PaymentKind::Scheduled => "",
            (Some(PrepayMode::Reduce), Language::En) => "reduce",
            (Some(PrepayMode::Reduce), Language::Zh) => "减少月供",
            (_, Language::En) => "shorten",
            (_, Language::Zh) => "缩短期限",
        };
        table.row(vec![
            p.id.clone(),
            p.date.to_string(),
            format!("{} {}", p.loan, p.name).trim().to_string(),
            kind.to_string(),
            grouped(p.amount),
            optional(&p.principal),
            optional(&p.interest),
            optional(&p.penalty),
            mode.to_string(),
        ]);
    }
    table
}

/// The rows in `format`; a table under `heading` (or `heading` alone when there are none).
fn print(
    rows: &[PaymentJson],
    format: Format,
    lang: Language,
    heading: &str,
) -> Result<(), CliError> {
    let text = match format {
        Format::Json => output::json(&serde_json::json!({ "payments": rows })),
        Format::Csv => output::csv(&CSV_HEADER, rows.iter().map(PaymentJson::csv_row))?,
        Format::Table if rows.is_empty() => format!("{heading}\n"),
        Format::Table if heading.is_empty() => table(rows, lang).render(),
        Format::Table => format!("{heading}\n{}", table(rows, lang).render()),
    };
    Ok(output::print(&text)?)
}

/// A refusal as the command line reports it (exit 2), said in the language of the output.
fn refused(refusal: Refusal) -> CliError {
    match refusal {
        Refusal::Invalid(invalid) => CliError::Invalid(invalid),
        Refusal::NoSuchPayment(_) => CliError::Input(Said::new(|_, lang| refusal.problem(lang))),
        other => CliError::Field(FieldError::typed(
            other.field(),
            Problem::said(|lang| other.problem(lang)),
        )),
    }
}

/// Run a payments subcommand.
pub fn run(
    store: &mut Store,
    command: &PaymentsCommand,
    format: Format,
    lang: Option<Language>,
) -> Result<(), CliError> {
    let lang = Language::from_env(lang, store.data().profile.language);
    match command {
        PaymentsCommand::List(args) => {
            let listed = payments::list(store.data())?;
            let rows: Vec<PaymentJson> = listed
                .iter()
                .filter(|p| args.loan.as_ref().is_none_or(|id| &p.loan == id))
                .map(PaymentJson::from)
                .collect();
            let empty = match lang {
                _ if !rows.is_empty() => "",
                Language::En => "No payments recorded.",
                Language::Zh => "还没有记录付款。",
            };
            print(&rows, format, lang, empty)
        }
        PaymentsCommand::Edit(args) => {
            let change = Change {
                date: args.date,
                amount: args.amount,
                mode: args.mode,
            };
            if change == Change::default() {
                return Err(CliError::Input(Said::new(|w, _| {
                    w.nothing_to_change.into()
                })));
            }
            let index = payments::find(store.data(), &args.id).map_err(refused)?;
            let ids = payments::edit(store.data_mut(), index, change).map_err(refused)?;
            super::progress::save(store)?;
            let rows: Vec<PaymentJson> = payments::list(store.data())?
                .iter()
                .filter(|p| ids.contains(&p.id))
                .map(PaymentJson::from)
                .collect();
            let heading = match lang {
                Language::En => "Edited; the payment now reads:",
                Language::Zh => "已修改，付款现为：",
            };
            print(&rows, format, lang, heading)
        }
        PaymentsCommand::Delete(args) => {
            let index = payments::find(store.data(), &args.id).map_err(refused)?;
            let listed = payments::list(store.data())?;
            let row: Vec<PaymentJson> = listed
                .iter()
                .filter(|p| p.id == store.data().payments[index].id)
                .map(PaymentJson::from)
                .collect();
            payments::delete(store.data_mut(), index);
            super::progress::save(store)?;
            let heading = match lang {
                Language::En => "Deleted:",
                Language::Zh => "已删除：",
            };
            print(&row, format, lang, heading)
        }
    }
}
