//! Commands on the user's store: add, revolving, line, profile, list, pay, due.

use super::output::{self, Align, Format, Table};
use super::words::{Said, Words};
use super::{CliError, LeftArgs, LoanArgs, PaymentArgs, amount, language_arg, rate};
use crate::book::dues::{self};
use crate::book::kept;
use crate::book::ledger::{self};
use crate::book::overview;
use crate::book::payments::{self, Paid, Refusal};
use crate::engine::error::Problem;
use crate::engine::field::Field;
use crate::engine::loan::{EarlyInterest, FieldError};
use crate::engine::money::{cents, grouped, plain};
use crate::engine::revolving::InterestBasis;
use crate::engine::schedule::PrepayMode;
use crate::engine::validate;
use crate::language::Language;
use crate::language::{fill, one_or_many};
use crate::store::{Entered, Loan, RevolvingAccount, Store, StoreData};
use chrono::NaiveDate;
use clap::Args;
use rust_decimal::Decimal;
use serde::Serialize;

/// `loandash add`: a new installment loan.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// What you call the loan, e.g. 借呗 2026-03.
    #[arg(long)]
    pub name: String,
    #[command(flatten)]
    pub loan: LoanArgs,
    #[command(flatten)]
    pub left: LeftArgs,
    /// Who lent it.
    #[arg(long, default_value = "")]
    pub lender: String,
    /// Penalty rate in percent per year (default 1.5 × the loan's rate).
    #[arg(long, value_parser = rate, value_name = "PERCENT")]
    pub penalty_rate: Option<Decimal>,
    /// The credit line it draws on (see `loandash line`).
    #[arg(long, value_name = "NAME")]
    pub line: Option<String>,
    /// An installment paid before its due date costs its scheduled interest
    /// (as-scheduled), or interest only to the day paid (to-payment-date; actual-day loans).
    #[arg(long, default_value = "as-scheduled", value_name = "TERM", value_parser = super::choice::<EarlyInterest>(EarlyInterest::ALL.map(EarlyInterest::as_str)))]
    pub early_interest: EarlyInterest,
    /// A loan that started earlier: its first N installments were paid on their due dates.
    #[arg(long, value_name = "N", conflicts_with_all = ["paid_through", "balance"])]
    pub paid: Option<u32>,
    /// A loan that started earlier: every installment due on or before this date was paid
    /// on its due date.
    #[arg(long, value_parser = super::date_arg, value_name = "YYYY-MM-DD", conflicts_with = "balance")]
    pub paid_through: Option<NaiveDate>,
}

/// `loandash revolving`: add or update a revolving account (花呗, a credit card) by name.
#[derive(Debug, Args)]
pub struct RevolvingArgs {
    /// The account's name, e.g. 花呗.
    #[arg(long)]
    pub name: String,
    /// Balance of the latest statement (required for a new account).
    #[arg(long, value_parser = amount, value_name = "AMOUNT")]
    pub balance: Option<Decimal>,
    /// Interest in percent per day, e.g. 0.05 (required for a new account).
    #[arg(long, value_parser = rate, value_name = "PERCENT")]
    pub daily_rate: Option<Decimal>,
    /// Day of month the statement is cut (1–31; a new account: 1).
    #[arg(long)]
    pub statement_day: Option<u32>,
    /// Day of month the statement is due (1–31, not the statement day, and the earlier of
    /// the two 1–27, so each statement falls due before the next is cut; a new account: 10).
    #[arg(long)]
    pub due_day: Option<u32>,
    /// Minimum payment in percent of the statement (a new account: 10).
    #[arg(long, value_parser = rate, value_name = "PERCENT")]
    pub min_percent: Option<Decimal>,
    /// Minimum payment floor (a new account: 0).
    #[arg(long, value_parser = amount, value_name = "AMOUNT")]
    pub min_floor: Option<Decimal>,
    /// Interest on the unpaid remainder (花呗, a new account's) or the whole statement.
    #[arg(long, value_enum)]
    pub basis: Option<BasisArg>,
    /// Who issues it.
    #[arg(long)]
    pub lender: Option<String>,
    /// The credit line it draws on.
    #[arg(long, value_name = "NAME")]
    pub line: Option<String>,
}

/// What revolving interest runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BasisArg {
    /// The unpaid remainder (花呗).
    Remainder,
    /// The whole statement.
    Statement,
}

/// `loandash line`: add, update or delete a credit line.
#[derive(Debug, Args)]
pub struct LineArgs {
    /// The line's name, e.g. 借呗.
    #[arg(long, required_unless_present = "delete")]
    pub name: Option<String>,
    /// Its credit limit (required unless --delete).
    #[arg(long, value_parser = amount, value_name = "AMOUNT", conflicts_with = "delete")]
    pub limit: Option<Decimal>,
    /// Who grants it.
    #[arg(long, conflicts_with = "delete")]
    pub lender: Option<String>,
    /// Delete the line NAME (`--delete NAME`, or `--name NAME --delete`); refused while
    /// loans or accounts draw on it, unless --force.
    #[arg(long, value_name = "NAME", num_args = 0..=1)]
    pub delete: Option<Option<String>>,
    /// With --delete: detach the loans and accounts that draw on it.
    #[arg(long, requires = "delete")]
    pub force: bool,
}

/// `loandash profile`: show or update the profile.
#[derive(Debug, Args)]
pub struct ProfileArgs {
    /// Monthly income after tax.
    #[arg(long, value_parser = amount, value_name = "AMOUNT")]
    pub income: Option<Decimal>,
    /// Credit score (芝麻信用分), 350–950.
    #[arg(long)]
    pub score: Option<u16>,
    /// The day the score was read (YYYY-MM-DD); default with --score: the as-of date.
    /// Whatever happens after it (a late payment, a repayment) moves the projection.
    #[arg(long, value_parser = super::date_arg, value_name = "YYYY-MM-DD")]
    pub score_date: Option<NaiveDate>,
    /// Profile completeness in percent, 0–100.
    #[arg(long)]
    pub completeness: Option<u8>,
    /// Currency sign, e.g. ¥ or $.
    #[arg(long)]
    pub currency: Option<String>,
    /// Language: en or zh.
    #[arg(long, value_parser = language_arg())]
    pub language: Option<Language>,
}

impl ProfileArgs {
    /// Whether any field is to change (else the profile is only shown).
    pub fn changes(&self) -> bool {
        self.income.is_some()
            || self.score.is_some()
            || self.score_date.is_some()
            || self.completeness.is_some()
            || self.currency.is_some()
            || self.language.is_some()
    }
}

/// `loandash pay`: record a payment.
#[derive(Debug, Args)]
pub struct PayArgs {
    #[command(flatten)]
    pub payment: PaymentArgs,
    /// All of it beyond what is overdue is a prepayment: the next installment stays due.
    /// Without it, cash first pays the next installment (paying early is no prepayment).
    #[arg(long)]
    pub prepay: bool,
}

#[derive(Serialize)]
struct IdJson<'a> {
    id: &'a str,
}

/// Run `loandash add`.
pub fn add(
    store: &mut Store,
    args: &AddArgs,
    format: Format,
    w: &Words,
    as_of: NaiveDate,
) -> Result<(), CliError> {
    let terms = args.left.terms(&args.loan, as_of)?;
    let name = validate::name(Field::Name, &args.name, store.data().loan_names_but(None))?;
    let id = store.data().next_id("L");
    let loan = Loan {
        penalty_rate: args.penalty_rate,
        line: args.line.clone(),
        early_interest: args.early_interest,
        entered: match args.left.balance {
            Some(_) => Entered::Left,
            None => Entered::Borrowed,
        },
        ..Loan::with_terms(id.clone(), name, validate::clean_text(&args.lender), &terms)
    };
    loan.validate()?;
    check_line(store.data(), args.line.as_deref())?;
    let paid = match (args.paid, args.paid_through) {
        (_, Some(date)) => ledger::installments_due_by(&terms, date),
        (count, None) => count.unwrap_or(0),
    };
    let payments = ledger::paid_on_due_dates(&loan, paid, as_of).map_err(|e| match args.paid {
        None if e.field == Field::Paid => e.on(Field::PaidThrough),
        _ => e,
    })?;
    overview::check_line_room(store.data(), &loan, &payments, as_of)?;
    // The loan and what was paid on it are one change: one save.
    let data = store.data_mut();
    data.upsert_loan(loan);
    data.record_payments(payments);
    super::progress::save(store)?;
    // Notes on what was added, once it is: a refusal above says all there is to say.
    if let Some(note) = super::installment_note(&terms, w) {
        eprintln!("{note}");
    }
    if let Some(next_due) = args.left.next_due
        && let Some(n) = ledger::due_before_entry(&terms, next_due, as_of)
    {
        let template = one_or_many(n, w.next_due_past_one, w.next_due_past);
        let (n, next_due, as_of) = (n.to_string(), next_due.to_string(), as_of.to_string());
        let note = fill(
            template,
            &[("date", &next_due), ("today", &as_of), ("n", &n)],
        );
        eprintln!("{note}");
    }
    print_id(&id, format, w.added_loan)
}

fn check_line(data: &StoreData, line: Option<&str>) -> Result<(), FieldError> {
    line.map_or(Ok(()), |name| data.line(name).map(drop))
}

/// `id` alone, or in a table the sentence `said` (with `{id}`).
fn print_id(id: &str, format: Format, said: &str) -> Result<(), CliError> {
    let text = match format {
        Format::Json => output::json(&IdJson { id }),
        Format::Csv => output::record_csv(&IdJson { id })?,
        Format::Table => fill(said, &[("id", id)]) + "\n",
    };
    Ok(output::print(&text)?)
}

/// Run `loandash revolving`.
pub fn revolving(
    store: &mut Store,
    args: &RevolvingArgs,
    format: Format,
    w: &Words,
) -> Result<(), CliError> {
    check_line(store.data(), args.line.as_deref())?;
    let name = validate::name(Field::Name, &args.name, std::iter::empty())?;
    let data = store.data_mut();
    // An update changes only what it is given, like `line` and `profile`.
    let before = match data.revolving.iter().find(|a| a.name == name) {
        Some(existing) => existing.clone(),
        None => {
            let required = |flag: Field| {
                FieldError::typed(
                    flag,
                    Said::new(|w, _| w.required_new_account.into()).problem(),
                )
            };
            RevolvingAccount {
                id: data.next_id("R"),
                name: name.clone(),
                lender: String::new(),
                statement_balance: args
                    .balance
                    .ok_or_else(|| required(Field::StatementBalance))?,
                statement_day: 1,
                due_day: 10,
                daily_rate: args.daily_rate.ok_or_else(|| required(Field::DailyRate))?,
                min_percent: Decimal::TEN,
                min_floor: Decimal::ZERO,
                basis: InterestBasis::Remainder,
                line: None,
            }
        }
    };
    let account = RevolvingAccount {
        lender: args
            .lender
            .as_deref()
            .map_or(before.lender.clone(), validate::clean_text),
        statement_balance: args.balance.unwrap_or(before.statement_balance),
        statement_day: args.statement_day.unwrap_or(before.statement_day),
        due_day: args.due_day.unwrap_or(before.due_day),
        daily_rate: args.daily_rate.unwrap_or(before.daily_rate),
        min_percent: args.min_percent.unwrap_or(before.min_percent),
        min_floor: args.min_floor.unwrap_or(before.min_floor),
        basis: match args.basis {
            Some(BasisArg::Remainder) => InterestBasis::Remainder,
            Some(BasisArg::Statement) => InterestBasis::Statement,
            None => before.basis,
        },
        line: args.line.clone().or(before.line.clone()),
        ..before.clone()
    };
    let id = account.id.clone();
    account.validate()?;
    account.check_days(&before)?;
    store.data_mut().upsert_revolving(account);
    super::progress::save(store)?;
    print_id(&id, format, w.saved_revolving)
}

#[derive(Serialize)]
struct LineJson {
    name: String,
    lender: String,
    #[serde(with = "cents")]
    limit: Decimal,
    #[serde(with = "cents")]
    used: Decimal,
    #[serde(with = "cents")]
    available: Decimal,
}

/// Run `loandash line`.
pub fn line(
    store: &mut Store,
    args: &LineArgs,
    format: Format,
    w: &Words,
    as_of: NaiveDate,
) -> Result<(), CliError> {
    if let Some(named) = &args.delete {
        let (field, text) = match (named, &args.name) {
            (Some(named), Some(name)) if named.trim() != name.trim() => {
                let (named, name) = (format!("{named:?}"), format!("{name:?}"));
                return Err(FieldError::typed(
                    Field::Delete,
                    Problem::said(|lang| match lang {
                        Language::En => format!("names {named}, --name names {name}: give one"),
                        Language::Zh => format!("指定了 {named}，--name 却是 {name}：只给一个"),
                    }),
                )
                .into());
            }
            (Some(named), _) => (Field::Delete, named.as_str()),
            // `--delete` alone names nothing: refused as an empty name.
            (None, name) => (Field::Name, name.as_deref().unwrap_or_default()),
        };
        let name = validate::name(field, text, std::iter::empty())?;
        return delete_line(store, &name, args.force, w);
    }
    let name = args.name.as_deref().unwrap_or_default();
    let name = validate::name(Field::Name, name, std::iter::empty())?;
    let limit = args.limit.ok_or_else(|| {
        FieldError::typed(
            Field::Limit,
            Said::new(|w, _| w.limit_required.into()).problem(),
        )
    })?;
    validate::amount(Field::Limit, limit)?;
    let lender = args.lender.as_deref().map(validate::clean_text);
    store.data_mut().upsert_line(&name, lender, limit);
    super::progress::save(store)?;
    let overview = overview::overview_of(kept::portfolio(store, as_of)?);
    let line = overview
        .lines
        .iter()
        .find(|l| l.name == name)
        .ok_or_else(|| {
            FieldError::typed(
                Field::Name,
                Said::new(|w, _| w.line_not_saved.into()).problem(),
            )
        })?;
    let json = LineJson {
        name: line.name.clone(),
        lender: line.lender.clone(),
        limit: line.limit,
        used: line.used,
        available: line.available(),
    };
    let text = match format {
        Format::Json => output::json(&json),
        Format::Csv => output::record_csv(&json)?,
        Format::Table => {
            let said = fill(
                w.line_saved,
                &[
                    ("name", &json.name),
                    ("limit", &grouped(json.limit)),
                    ("used", &grouped(json.used)),
                    ("available", &grouped(json.available)),
                ],
            );
            said + "\n"
        }
    };
    Ok(output::print(&text)?)
}

/// `line --delete`: remove a line no record draws on; `force` detaches those that do.
fn delete_line(store: &mut Store, name: &str, force: bool, w: &Words) -> Result<(), CliError> {
    let data = store.data_mut();
    data.line(name).map_err(|e| e.on(Field::Name))?;
    let users = data.line_users(name);
    if !users.is_empty() && !force {
        return Err(validate::Invalid {
            kind: validate::Kind::InUse,
            field: Field::Delete,
            got: users.join(", "),
            accepted: validate::Accepted::Unused,
        }
        .into());
    }
    data.remove_line(name);
    super::progress::save(store)?;
    Ok(output::print(
        &(fill(w.line_deleted, &[("name", name)]) + "\n"),
    )?)
}

#[derive(Serialize)]
struct ProfileJson {
    monthly_income: Option<String>,
    credit_score: Option<u16>,
    score_date: Option<NaiveDate>,
    completeness: u8,
    score_completeness: u8,
    currency: String,
    language: Option<Language>,
}

/// Run `loandash profile`.
pub fn profile(
    store: &mut Store,
    args: &ProfileArgs,
    format: Format,
    lang: Language,
    as_of: NaiveDate,
) -> Result<(), CliError> {
    if let Some(score) = args.score {
        validate::score(Field::Score, score)?;
    }
    if let Some(income) = args.income {
        validate::amount(Field::Income, income)?;
    }
    let currency = args
        .currency
        .as_deref()
        .map(|c| validate::currency(Field::Currency, c))
        .transpose()?;
    if let Some(pct) = args.completeness.filter(|p| *p > 100) {
        let pct = pct.to_string();
        return Err(FieldError::typed(
            Field::Completeness,
            Said::new(|w, _| fill(w.completeness_range, &[("pct", &pct)])).problem(),
        )
        .into());
    }
    if args.score_date.is_some()
        && args.score.is_none()
        && store.data().profile.credit_score.is_none()
    {
        return Err(FieldError::typed(
            Field::ScoreDate,
            Said::new(|w, _| w.score_date_alone.into()).problem(),
        )
        .into());
    }
    if args.changes() {
        let profile = &mut store.data_mut().profile;
        profile.monthly_income = args.income.or(profile.monthly_income);
        profile.credit_score = args.score.or(profile.credit_score);
        if args.score.is_some() || args.score_date.is_some() {
            profile.score_date = Some(args.score_date.unwrap_or(as_of));
        }
        // The score is a reading of the profile as it was: a new score keeps the
        // completeness it was read with, a later change of completeness moves the
        // projection from there.
        if args.score.is_some() {
            profile.score_completeness = None;
        } else if let Some(pct) = args.completeness
            && profile.credit_score.is_some()
        {
            let then = profile.score_completeness.unwrap_or(profile.completeness);
            profile.score_completeness = (then != pct).then_some(then);
        }
        profile.completeness = args.completeness.unwrap_or(profile.completeness);
        if let Some(currency) = currency {
            profile.currency = currency;
        }
        if let Some(language) = args.language {
            profile.language = Some(language);
        }
        super::progress::save(store)?;
    }
    let p = &store.data().profile;
    let json = ProfileJson {
        monthly_income: p.monthly_income.map(plain),
        credit_score: p.credit_score,
        score_date: p.score_date,
        completeness: p.completeness,
        score_completeness: p.score_completeness.unwrap_or(p.completeness),
        currency: p.currency.clone(),
        language: p.language,
    };
    let income = json.monthly_income.clone().unwrap_or_default();
    let score = json.credit_score.map(|s| s.to_string()).unwrap_or_default();
    let language = match json.language {
        Some(Language::En) => "en",
        Some(Language::Zh) => "zh",
        None => "",
    };
    let text = match format {
        Format::Json => output::json(&json),
        Format::Csv => output::csv(
            &[
                "monthly_income",
                "credit_score",
                "score_date",
                "completeness",
                "currency",
                "language",
            ],
            [vec![
                income,
                score.clone(),
                json.score_date.map(|d| d.to_string()).unwrap_or_default(),
                json.completeness.to_string(),
                json.currency,
                language.to_string(),
            ]],
        )?,
        Format::Table => {
            let w = super::words::words(lang);
            output::labelled(&[
                (
                    w.monthly_income.into(),
                    if income.is_empty() {
                        "—".into()
                    } else {
                        grouped(p.monthly_income.unwrap_or_default())
                    },
                ),
                (
                    w.credit_score.into(),
                    match (score.is_empty(), json.score_date) {
                        (true, _) => "—".to_string(),
                        (false, Some(date)) => format!(
                            "{score} ({})",
                            fill(w.score_on, &[("date", &date.to_string())])
                        ),
                        (false, None) => score,
                    },
                ),
                (w.completeness.into(), format!("{} %", json.completeness)),
                (w.currency.into(), json.currency),
                (
                    w.language.into(),
                    if language.is_empty() {
                        w.from_environment.into()
                    } else {
                        language.into()
                    },
                ),
            ])
        }
    };
    Ok(output::print(&text)?)
}

/// How `list` names a loan or an account: the first fields of either's JSON, the first
/// cells of either's rows.
#[derive(Serialize)]
struct Named {
    id: String,
    name: String,
    lender: String,
}

impl Named {
    fn new(id: &str, name: &str, lender: &str) -> Self {
        let [id, name, lender] = [id, name, lender].map(String::from);
        Named { id, name, lender }
    }

    /// The cells a row starts with, then `rest`.
    fn cells(&self, rest: impl IntoIterator<Item = String>) -> Vec<String> {
        let named = [&self.id, &self.name, &self.lender].map(String::clone);
        named.into_iter().chain(rest).collect()
    }
}

#[derive(Serialize)]
struct LoanRowJson {
    #[serde(flatten)]
    named: Named,
    method: String,
    #[serde(with = "cents")]
    principal: Decimal,
    #[serde(with = "cents")]
    balance: Decimal,
    paid: usize,
    total: usize,
    next_due_date: Option<NaiveDate>,
    next_payment: Option<String>,
    overdue: usize,
    #[serde(with = "cents")]
    apr: Decimal,
    /// The lender's first rows, pinned, when the installments after them are loandash's
    /// plan (an estimate); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    estimate_after: Option<usize>,
    /// The installment of the lender's first pinned row, when the installments before it
    /// are loandash's estimate (a plan's last rows pinned); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    estimate_before: Option<u32>,
}

#[derive(Serialize)]
struct RevolvingRowJson {
    #[serde(flatten)]
    named: Named,
    #[serde(with = "cents")]
    balance: Decimal,
    #[serde(with = "cents")]
    minimum: Decimal,
    due_date: NaiveDate,
    next_due_date: Option<NaiveDate>,
    next_payment: Option<String>,
}

#[derive(Serialize)]
struct ListJson {
    loans: Vec<LoanRowJson>,
    revolving: Vec<RevolvingRowJson>,
}

/// Run `loandash list`.
pub fn list(
    store: &Store,
    format: Format,
    language: Language,
    as_of: NaiveDate,
) -> Result<(), CliError> {
    let overview = overview::overview_of(kept::portfolio(store, as_of)?);
    overview.solve_aprs();
    let terms_of = |id: &str| {
        let loans = &store.data().loans;
        loans
            .iter()
            .find(|loan| loan.id == id)
            .map(|loan| loan.terms())
    };
    let loans: Vec<LoanRowJson> = overview
        .loans
        .iter()
        .map(|l| LoanRowJson {
            named: Named::new(&l.id, &l.name, &l.lender),
            method: l.method.to_string(),
            principal: l.principal,
            balance: l.balance,
            paid: l.paid,
            total: l.total,
            next_due_date: l.next_due.map(|(date, _)| date),
            next_payment: l.next_due.map(|(_, amount)| plain(amount)),
            overdue: l.overdue,
            apr: l.apr(),
            estimate_after: terms_of(&l.id)
                .filter(|terms| terms.plans_past_pinned())
                .map(|terms| terms.conventions.pinned.len()),
            estimate_before: terms_of(&l.id).and_then(|terms| terms.estimated_before_pinned()),
        })
        .collect();
    let revolving: Vec<RevolvingRowJson> = overview
        .revolving
        .iter()
        .map(|r| RevolvingRowJson {
            named: Named::new(&r.id, &r.name, &r.lender),
            balance: r.balance,
            minimum: r.minimum,
            due_date: r.due_date,
            next_due_date: r.next_due.map(|(date, _)| date),
            next_payment: r.next_due.map(|(_, amount)| plain(amount)),
        })
        .collect();
    let text = match format {
        Format::Json => output::json(&ListJson { loans, revolving }),
        Format::Csv => output::csv(
            &[
                "id",
                "name",
                "lender",
                "method",
                "principal",
                "balance",
                "paid",
                "total",
                "next_due_date",
                "next_payment",
                "overdue",
                "apr",
            ],
            loans
                .iter()
                .map(|l| {
                    l.named.cells([
                        l.method.clone(),
                        plain(l.principal),
                        plain(l.balance),
                        l.paid.to_string(),
                        l.total.to_string(),
                        l.next_due_date.map(|d| d.to_string()).unwrap_or_default(),
                        l.next_payment.clone().unwrap_or_default(),
                        l.overdue.to_string(),
                        plain(l.apr),
                    ])
                })
                // A revolving account: method `revolving`, the next minimum still to pay
                // as the next payment; no principal, count or APR.
                .chain(revolving.iter().map(|a| {
                    a.named.cells([
                        "revolving".into(),
                        String::new(),
                        plain(a.balance),
                        String::new(),
                        String::new(),
                        a.next_due_date.map(|d| d.to_string()).unwrap_or_default(),
                        a.next_payment.clone().unwrap_or_default(),
                        String::new(),
                        String::new(),
                    ])
                })),
        )?,
        Format::Table => {
            let w = super::words::words(language);
            let mut table = Table::new(&[
                (w.id, Align::Left),
                (w.name, Align::Left),
                (w.lender, Align::Left),
                (w.balance, Align::Right),
                (w.paid, Align::Right),
                (w.next_due, Align::Left),
                (w.next_payment, Align::Right),
                (w.apr, Align::Right),
                ("", Align::Left),
            ]);
            for l in &loans {
                let [due, payment] = next_due_cells(l.next_due_date, l.next_payment.as_deref());
                table.row(
                    l.named.cells([
                        grouped(l.balance),
                        format!("{}/{}", l.paid, l.total),
                        due,
                        payment,
                        format!("{} %", plain(l.apr)),
                        [
                            (l.overdue > 0)
                                .then(|| fill(w.n_overdue, &[("n", &l.overdue.to_string())])),
                            l.estimate_before
                                .map(|row| fill(w.before_pinned, &[("row", &row.to_string())])),
                            l.estimate_after.map(|rows| {
                                let past = one_or_many(rows, w.past_pinned_one, w.past_pinned);
                                fill(past, &[("rows", &rows.to_string())])
                            }),
                        ]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(w.lang.list_separator()),
                    ]),
                );
            }
            for a in &revolving {
                let [due, payment] = next_due_cells(a.next_due_date, a.next_payment.as_deref());
                table.row(a.named.cells([
                    grouped(a.balance),
                    w.revolving.into(),
                    due,
                    payment,
                    String::new(),
                    w.minimum.into(),
                ]));
            }
            if loans.is_empty() && revolving.is_empty() {
                format!("{}\n", w.no_loans)
            } else {
                table.render()
            }
        }
    };
    Ok(output::print(&text)?)
}

/// A next due date and payment as `list`'s table shows them ("—" for none).
fn next_due_cells(date: Option<NaiveDate>, payment: Option<&str>) -> [String; 2] {
    let none = || "—".to_string();
    [
        date.map_or_else(none, |d| d.to_string()),
        payment
            .and_then(|p| p.parse().ok())
            .map_or_else(none, grouped),
    ]
}

#[derive(Serialize)]
struct PayJson {
    loan: String,
    date: NaiveDate,
    #[serde(with = "cents")]
    towards_due: Decimal,
    #[serde(with = "cents")]
    towards_upcoming: Decimal,
    #[serde(with = "cents")]
    prepaid_principal: Decimal,
    #[serde(with = "cents")]
    prepaid_interest: Decimal,
    mode: Option<PrepayMode>,
    #[serde(with = "cents")]
    balance: Decimal,
}

/// Run `loandash pay`.
pub fn pay(
    store: &mut Store,
    args: &PayArgs,
    format: Format,
    w: &Words,
    as_of: NaiveDate,
) -> Result<(), CliError> {
    let payment = &args.payment;
    let date = payment.date.unwrap_or(as_of);
    let apply = if args.prepay {
        ledger::Apply::Prepayment
    } else {
        ledger::Apply::Installments
    };
    let data = store.data();
    let paid = payments::paying(
        data,
        &payment.loan,
        date,
        payment.amount,
        payment.mode,
        apply,
    )
    .map_err(|refusal| match refusal {
        Refusal::Invalid(e) => CliError::Invalid(e),
        Refusal::NoSuchLoan(id) => {
            FieldError::typed(Field::Loan, Problem::NoSuchLoan { id, see_list: true }).into()
        }
        other => FieldError::from(other).into(),
    })?;
    let json = match &paid {
        Paid::Loan(split) => {
            let loan = data.loan(&payment.loan).expect("paying found it");
            let mut after: Vec<_> = data.payments_for(&loan.id).cloned().collect();
            after.extend(split.records.iter().cloned());
            let balance = ledger::loan_state(loan, &after, date)?.balance;
            let prepaid = !split.prepaid_principal.is_zero();
            PayJson {
                loan: payment.loan.clone(),
                date,
                towards_due: split.towards_due,
                towards_upcoming: split.towards_upcoming,
                prepaid_principal: split.prepaid_principal,
                prepaid_interest: split.prepaid_interest,
                mode: prepaid.then_some(payment.mode),
                balance,
            }
        }
        Paid::Account(record) => {
            // The statement stays as it was cut; payments since it are tracked beside it.
            let account = (data.revolving.iter())
                .find(|a| a.id == record.loan)
                .expect("paying found it");
            let balance =
                (dues::revolving_balance(data, account, date) - payment.amount).max(Decimal::ZERO);
            PayJson {
                loan: record.loan.clone(),
                date,
                towards_due: payment.amount,
                towards_upcoming: Decimal::ZERO,
                prepaid_principal: Decimal::ZERO,
                prepaid_interest: Decimal::ZERO,
                mode: None,
                balance,
            }
        }
    };
    store.data_mut().record_payments(paid.records());
    super::progress::save(store)?;
    let text = match format {
        Format::Json => output::json(&json),
        Format::Csv => output::record_csv(&json)?,
        Format::Table => {
            let mut text = fill(
                w.pay_paid,
                &[
                    ("amount", &grouped(payment.amount)),
                    ("date", &date.to_string()),
                    ("loan", &json.loan),
                    ("due", &grouped(json.towards_due)),
                ],
            );
            if !json.towards_upcoming.is_zero() {
                let upcoming = grouped(json.towards_upcoming);
                text += &fill(w.pay_upcoming, &[("amount", &upcoming)]);
            }
            if let Some(mode) = json.mode {
                let mode = match mode {
                    PrepayMode::Shorten => w.mode_shorten,
                    PrepayMode::Reduce => w.mode_reduce,
                };
                text += &fill(
                    w.pay_prepaid,
                    &[
                        ("principal", &grouped(json.prepaid_principal)),
                        ("interest", &grouped(json.prepaid_interest)),
                        ("mode", mode),
                    ],
                );
            }
            text + &fill(w.pay_balance, &[("balance", &grouped(json.balance))]) + "\n"
        }
    };
    Ok(output::print(&text)?)
}
