//! The command line: clap definitions, dispatch to the engine, and output.

pub mod export_cmd;
mod generate_cmd;
mod lender_cmds;
use crate::engine::error::Problem;
use crate::engine::field::Field;
use lender_cmds::FitArgs;
pub mod due_cmd;
pub mod limit_cmd;
mod output;
mod payments_cmd;
mod progress;
mod schedule_cmd;
mod simulate_cmd;
mod store_cmds;
mod transfer;
mod words;

pub use output::Format;

use crate::book::dues::YearMonth;
use crate::book::kept;
use crate::engine::loan::{
    Conventions, DayCount, FieldError, LoanInput, LoanTerms, Method, RateChange, Remainder,
};
use crate::engine::money::Rounding;
use crate::engine::money::{grouped, parse_decimal};
use crate::engine::schedule::PrepayMode;
use crate::language::{Language, fill};
use crate::store::{Store, StoreNotes, resolve_path};
use chrono::Datelike;
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use rust_decimal::Decimal;
use std::path::Path;
use std::process::ExitCode;

/// Every loan, credit line and card in one terminal: what is left, what is due, what if.
#[derive(Debug, Parser)]
#[command(name = "loandash", version, about, long_about = None)]
pub struct Cli {
    /// Output format of a command.
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Evaluate as of this date instead of today (YYYY-MM-DD), so results are reproducible.
    #[arg(long, global = true, value_parser = date_arg, value_name = "YYYY-MM-DD")]
    pub as_of: Option<NaiveDate>,
    /// The store file (default: $LOANDASH_STORE, else loans.ron in the user data folder).
    #[arg(long, global = true, value_name = "FILE")]
    pub store: Option<std::path::PathBuf>,
    /// Interface language: en or zh (default: the profile's, else $LANG).
    #[arg(long, global = true, value_parser = language_arg())]
    pub lang: Option<Language>,
    /// The profile's language, once a command has read the store: refusals are said in it.
    #[arg(skip)]
    pub profile_language: std::cell::Cell<Option<Language>>,
    /// Open a sample store in memory instead of yours: the dashboard and every command
    /// that only reads the store; a command that would change it is refused.
    #[arg(long, global = true)]
    pub demo: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a loan's repayment schedule, with prepayments.
    #[command(allow_negative_numbers = true)]
    Schedule(schedule_cmd::ScheduleArgs),
    /// Add an installment loan to the store; prints its id.
    #[command(allow_negative_numbers = true)]
    Add(store_cmds::AddArgs),
    /// Add or update a revolving account (花呗, a credit card) by name; prints its id.
    #[command(allow_negative_numbers = true)]
    Revolving(store_cmds::RevolvingArgs),
    /// Add or update a credit line (额度); loans drawn on it (`add --line`) use it up.
    #[command(allow_negative_numbers = true)]
    Line(store_cmds::LineArgs),
    /// Show or update the profile (income, credit score, completeness, currency, language).
    #[command(allow_negative_numbers = true)]
    Profile(store_cmds::ProfileArgs),
    /// Every loan: balance, installments paid/total, next due date and payment.
    List,
    /// Record a payment: installments due first, any excess as a prepayment.
    #[command(
        allow_negative_numbers = true,
        mut_arg("loan", |a| a.help("Loan or revolving account id (see `loandash list`)")),
        mut_arg("amount", |a| a.help("Amount paid")),
    )]
    Pay(store_cmds::PayArgs),
    /// The minimum due for a month (每月最少还), per loan and in total.
    #[command(allow_negative_numbers = true)]
    Due(due_cmd::DueArgs),
    /// Write loans or payments as CSV, a calendar of due dates (ics), or a journal
    /// for hledger or beancount.
    #[command(subcommand)]
    Export(export_cmd::ExportCommand),
    /// This month's minimum due and what is overdue (`--short`: one line for a prompt).
    Status(due_cmd::StatusArgs),
    /// Recorded payments by id: list them, or edit or delete one.
    #[command(subcommand)]
    Payments(payments_cmd::PaymentsCommand),
    /// Add loans or payments from a CSV file (all rows or none).
    #[command(subcommand)]
    Import(transfer::ImportCommand),
    /// What-ifs (prepay, borrow, a payoff budget) compared with the store; nothing is saved.
    #[command(subcommand)]
    Simulate(simulate_cmd::SimulateCommand),
    /// Project the score and a credit line's limit month by month under a scenario (an estimate).
    ProjectLimit(limit_cmd::ProjectLimitArgs),
    /// The loan terms and conventions that reproduce a lender's plan (还款计划) to the cent.
    Fit(lender_cmds::FitArgs),
    /// A loan's schedule against its lender's plan, row by row, with the reason for each
    /// difference; `--apply` switches the loan to the conventions found.
    Reconcile(lender_cmds::ReconcileArgs),
    /// Write a generated sample store: `demo --generate N --out FILE [--seed S]`.
    Demo(generate_cmd::DemoArgs),
}

/// The fields that describe a loan, shared by every command that takes one.
#[derive(Debug, Clone, Args)]
pub struct LoanArgs {
    /// Amount borrowed, e.g. 10000, 12345.67 or ¥12,345.67.
    #[arg(long, value_parser = amount, value_name = "AMOUNT")]
    pub principal: Option<Decimal>,
    /// Nominal rate in percent per year, e.g. 18.25 (30/360 unless --day-count says otherwise).
    #[arg(long, value_parser = rate, value_name = "PERCENT")]
    pub annual_rate: Option<Decimal>,
    /// Rate in percent per day, e.g. 0.05 (actual/365 unless --day-count says otherwise).
    #[arg(long, value_parser = rate, value_name = "PERCENT")]
    pub daily_rate: Option<Decimal>,
    /// Flat fee in percent of the principal per month (with --method flat-fee), e.g. 0.6.
    #[arg(long, value_parser = rate, value_name = "PERCENT")]
    pub fee_rate: Option<Decimal>,
    /// Number of monthly installments (months to maturity for bullet).
    #[arg(long, value_parser = term, value_name = "MONTHS")]
    pub term: Option<u32>,
    /// Repayment method.
    #[arg(
        long,
        value_name = "METHOD",
        value_parser = choice::<Method>(Method::ALL.map(Method::as_str)),
        long_help = "Repayment method: equal-installment (等额本息), equal-principal (等额本金), \
                       interest-only (先息后本), bullet (到期一次还本付息), flat-fee (分期手续费)"
    )]
    pub method: Option<Method>,
    /// Date the money was drawn (YYYY-MM-DD), default today (the --as-of date); due dates
    /// fall on its day of month.
    #[arg(long, value_parser = date_arg, value_name = "YYYY-MM-DD")]
    pub start: Option<NaiveDate>,
    /// Day count: 30/360, actual/365 or actual/360.
    #[arg(long, value_name = "BASIS", value_parser = choice::<DayCount>(DayCount::ALL.map(DayCount::as_str)))]
    pub day_count: Option<DayCount>,
    /// The lender's own conventions, when its plan differs from ours.
    #[command(flatten)]
    pub conventions: ConventionArgs,
}

/// A payment on one loan, as `pay` records it and `simulate prepay` tries it. Each
/// command gives `--loan` and `--amount` its own help where it is declared (`mut_arg`,
/// both and in this order: the usage line lists args in the order they were last set).
#[derive(Debug, Clone, Args)]
pub struct PaymentArgs {
    #[arg(long)]
    pub loan: String,
    #[arg(long, value_parser = amount, value_name = "AMOUNT")]
    pub amount: Decimal,
    /// Day paid (YYYY-MM-DD); default: the as-of date.
    #[arg(long, value_parser = date_arg, value_name = "YYYY-MM-DD")]
    pub date: Option<NaiveDate>,
    /// What a prepayment does: shorten (keep the installment, end sooner) or reduce (keep
    /// the end, pay less).
    #[arg(long, default_value = "shorten", value_parser = choice::<PrepayMode>(PrepayMode::ALL.map(PrepayMode::as_str)))]
    pub mode: PrepayMode,
}

/// A lender's conventions (DOMAIN.md "Lender conventions"); none given means ours.
#[derive(Debug, Clone, Default, Args)]
pub struct ConventionArgs {
    /// First due date when it is not start + 1 month (an irregular first period); later
    /// due dates fall monthly on its day (or on --due-day).
    #[arg(long, value_parser = date_arg, value_name = "YYYY-MM-DD")]
    pub first_due: Option<NaiveDate>,
    /// Fixed repayment day of month (1–31, clamped to short months): the first due date is
    /// that day of the month after the start (or --first-due, a short month's last day).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=31), value_name = "DAY")]
    pub due_day: Option<u32>,
    /// Rounding of payment and interest: half-up (default), half-even or down.
    #[arg(long, value_name = "MODE", value_parser = choice::<Rounding>(Rounding::ALL.map(Rounding::as_str)))]
    pub rounding: Option<Rounding>,
    /// Where an even split's remainder goes: last (default) or first.
    #[arg(long, value_name = "PERIOD", value_parser = choice::<Remainder>(Remainder::ALL.map(Remainder::as_str)))]
    pub remainder: Option<Remainder>,
    /// The installment as the lender set it on the amount first borrowed (月供 of an
    /// equal-installment loan, 每期本金 of an equal-principal one); with --balance, ours on
    /// what is left can differ from it by a cent.
    #[arg(long, value_parser = amount, value_name = "AMOUNT")]
    pub installment: Option<Decimal>,
    /// From DATE on the rate is RATE (same unit as the loan's rate); a level payment is
    /// recomputed over the remaining periods. Repeatable.
    #[arg(long = "rate-change", value_name = "DATE:RATE", value_parser = parts::<RateChange>)]
    pub rate_changes: Vec<RateChange>,
}

impl ConventionArgs {
    /// The conventions for a loan drawn on `start`.
    pub fn conventions(&self, start: NaiveDate) -> Conventions {
        use crate::engine::loan::{add_months, on_day_clamped};
        let first_due = self.first_due.or_else(|| {
            self.due_day
                .map(|day| on_day_clamped(add_months(start, 1), day))
        });
        Conventions {
            first_due,
            // Kept only where the first due date does not show it (a short month's end).
            due_day: self
                .due_day
                .filter(|day| first_due.is_some_and(|first| first.day() != *day)),
            rounding: self.rounding.unwrap_or_default(),
            remainder: self.remainder.unwrap_or_default(),
            installment: self.installment,
            rate_changes: self.rate_changes.clone(),
            pinned: Vec::new(),
            estimated: 0,
        }
    }
}

/// A loan entered from what is left on it, as the lender's app shows it (剩余本金, 剩余期数,
/// 下次还款日), in place of --principal, --term and --start.
#[derive(Debug, Clone, Default, Args)]
pub struct LeftArgs {
    /// The principal left to repay (剩余本金), instead of --principal: the loan is kept as
    /// drawn on its previous due date.
    #[arg(
        long,
        value_parser = amount,
        value_name = "AMOUNT",
        conflicts_with_all = ["principal", "term", "start", "first_due"],
        requires_all = ["installments_left", "next_due"]
    )]
    pub balance: Option<Decimal>,
    /// Installments left to pay (剩余期数), the next one included; with --balance.
    #[arg(long, value_parser = term, value_name = "N", requires = "balance")]
    pub installments_left: Option<u32>,
    /// The next installment's due date (下次还款日); with --balance.
    #[arg(long, value_parser = date_arg, value_name = "YYYY-MM-DD", requires = "balance")]
    pub next_due: Option<NaiveDate>,
}

impl LeftArgs {
    /// The loan's terms: `loan`'s, or with --balance the terms of what is left, a refusal
    /// naming the flag given (--balance, not the --principal it stands for).
    pub fn terms(&self, loan: &LoanArgs, as_of: NaiveDate) -> Result<LoanTerms, FieldError> {
        let (Some(balance), Some(left), Some(next_due)) =
            (self.balance, self.installments_left, self.next_due)
        else {
            return LoanTerms::new(&loan.input(as_of));
        };
        loan.input(as_of)
            .left(balance, left, next_due, loan.conventions.due_day)
    }
}

impl LoanArgs {
    /// The raw loan fields, with `default_start` when no --start was given.
    pub fn input(&self, default_start: NaiveDate) -> LoanInput {
        let start = self.start.unwrap_or(default_start);
        LoanInput {
            principal: self.principal,
            annual_rate: self.annual_rate,
            daily_rate: self.daily_rate,
            fee_rate: self.fee_rate,
            term: self.term,
            method: self.method,
            start: Some(start),
            day_count: self.day_count,
            conventions: self.conventions.conventions(start),
        }
    }
}

/// A flag naming one of a few choices (`--lang`, `--method`, `--mode`, …): clap lists
/// them in `--help` and refuses any other with the list, in the user's language
/// (`clap_zh`).
fn choice<T>(
    names: impl IntoIterator<Item = &'static str>,
) -> impl clap::builder::TypedValueParser<Value = T>
where
    T: std::str::FromStr + Clone + Send + Sync + 'static,
    T::Err: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(names).try_map(|name| name.parse::<T>())
}

/// `--lang` and `profile --language`: en or zh.
fn language_arg() -> impl clap::builder::TypedValueParser<Value = Language> {
    choice(Language::ALL.map(Language::as_str))
}

// Flag values: a refusal is a typed `Problem` (the flag at fault is clap's), said in the
// language of `--lang`, else the profile's, else LANG (see `report_clap_error`).

/// A flag of several parts (`DATE:AMOUNT:MODE`, …): refused as a whole or by its part.
fn parts<T: std::str::FromStr<Err = Problem>>(text: &str) -> Result<T, Problem> {
    text.parse()
}

fn amount(text: &str) -> Result<Decimal, Problem> {
    crate::engine::money::parse_amount(text).map_err(Problem::Number)
}

fn term(text: &str) -> Result<u32, Problem> {
    (text.trim().parse()).map_err(|_| Problem::NotMonths {
        max: crate::engine::validate::MAX_TERM,
    })
}

fn rate(text: &str) -> Result<Decimal, Problem> {
    parse_decimal(text, 6).map_err(Problem::NotPercent)
}

/// A date flag: YYYY-MM-DD.
fn date_arg(text: &str) -> Result<NaiveDate, Problem> {
    crate::engine::validate::date(Field::Date, text).map_err(Problem::Invalid)
}

/// Why a command failed, and which exit code says so.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Input that is not accepted: exit code 2.
    #[error("--{}: {}", .0.field, .0.problem)]
    Field(#[from] FieldError),
    /// A value outside its accepted range: exit code 2.
    #[error("--{}", .0.render(Language::En))]
    Invalid(#[from] crate::engine::validate::Invalid),
    /// The store could not be read or written: exit code 1.
    #[error("{0}")]
    Store(#[from] crate::store::StoreError),
    /// Anything else that went wrong: exit code 1.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The command printed what it had to and ends with this exit code (`due --within`
    /// when something is due); nothing more is said.
    #[error("")]
    Silent(u8),
    /// A lender's plan that cannot be read: exit code 2.
    #[error("{0}")]
    Plan(words::Said),
    /// Other bad input, already worded for the user: exit code 2.
    #[error("{0}")]
    Input(words::Said),
    /// A lender's plan that our schedule does not reproduce: exit code 1.
    #[error("{0}")]
    Mismatch(words::Said),
}

impl CliError {
    /// 2 for bad input (like clap's usage errors), 1 for failures.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Field(_) | CliError::Invalid(_) | CliError::Plan(_) | CliError::Input(_) => 2,
            CliError::Store(_) | CliError::Io(_) | CliError::Mismatch(_) => 1,
            CliError::Silent(code) => *code,
        }
    }
}

/// Parse the process arguments; a usage error (or `--help`) is reported here and its
/// exit code given back.
pub fn parse(args: impl IntoIterator<Item = std::ffi::OsString>) -> Result<Cli, ExitCode> {
    let args: Vec<std::ffi::OsString> = args.into_iter().collect();
    Cli::try_parse_from(&args).map_err(|e| report_clap_error(&e, || usage_language(&args)))
}

/// The value of a global flag on a command line that did not parse (`--flag V` or
/// `--flag=V`).
fn raw_flag<'a>(args: &'a [std::ffi::OsString], flag: &str) -> Option<&'a str> {
    args.iter().enumerate().find_map(|(i, arg)| {
        let arg = arg.to_str()?;
        match arg.strip_prefix(flag) {
            Some("") => args.get(i + 1)?.to_str(),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        }
    })
}

/// The language of a usage error, as of a command that runs: `--lang` as given, else the
/// profile's (read from the store the line names, unless the command reads none), else
/// LANG.
fn usage_language(args: &[std::ffi::OsString]) -> Language {
    let given = raw_flag(args, "--lang").and_then(|v| v.parse::<Language>().ok());
    let command = <Cli as clap::CommandFactory>::command();
    let names: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
    let first = args
        .iter()
        .skip(1)
        .find_map(|a| names.iter().find(|n| a == **n));
    let reads_none = first.is_some_and(|n| ["schedule", "fit", "demo"].contains(n));
    let demo = args.iter().any(|a| a == "--demo");
    let profile = match given.is_some() || reads_none || demo {
        true => None,
        false => resolve_path(raw_flag(args, "--store").map(Path::new))
            .ok()
            .and_then(|path| Store::open(&path).ok())
            .and_then(|store| store.data().profile.language),
    };
    Language::from_env(given, profile)
}

impl Cli {
    /// The date figures are computed for: `--as-of`, else today.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }
}

/// `said` on stderr as a refusal in `lang` (`error: …`, `错误：…`), control characters shown.
pub fn print_error(lang: Language, said: &str) {
    eprintln!(
        "{}{}",
        words::words(lang).error_prefix,
        output::printable(said)
    );
}

/// Run a parsed command (`cli.command` is set) and report how it went.
pub fn main(cli: &Cli) -> ExitCode {
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Silent(code)) => ExitCode::from(code),
        Err(e) => {
            let lang = Language::from_env(cli.lang, cli.profile_language.get());
            let w = words::words(lang);
            let said = match &e {
                CliError::Invalid(invalid) => format!("--{}", invalid.render(lang)),
                CliError::Field(field) => {
                    let hint = match &field.problem {
                        crate::engine::error::Problem::NoSuchLine(_) => w.line_hint,
                        _ => "",
                    };
                    format!("--{}{hint}", field.render(lang))
                }
                CliError::Store(e) => e.render(lang),
                CliError::Io(e) => crate::store::io_text(e, lang),
                CliError::Plan(said) | CliError::Input(said) | CliError::Mismatch(said) => {
                    said.render(lang).to_string()
                }
                CliError::Silent(_) => String::new(),
            };
            print_error(lang, &said);
            ExitCode::from(e.exit_code())
        }
    }
}

/// clap's messages, kept to the lines that say what is wrong (no usage block); in
/// Chinese, the common ones worded again from their parts.
fn report_clap_error(error: &clap::Error, lang: impl FnOnce() -> Language) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) || error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    {
        let _ = error.print();
        return ExitCode::SUCCESS;
    }
    let text = error.render().to_string();
    let message: Vec<&str> = text
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .map(str::trim)
        .collect();
    let lang = lang();
    let said = match lang {
        Language::Zh => clap_zh(error).unwrap_or_else(|| message.join(" ")),
        Language::En => message.join(" "),
    };
    let w = words::words(lang);
    eprintln!("{}{}", output::printable(&said), w.see_help);
    ExitCode::from(2)
}

/// A usage error in Chinese, from the parts clap keeps (clap words only English);
/// `None` for the rare kinds, said as clap says them.
fn clap_zh(error: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ErrorKind};
    let get = |kind| error.get(kind).map(ToString::to_string);
    let arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let value = get(ContextKind::InvalidValue).unwrap_or_default();
    Some(match error.kind() {
        ErrorKind::InvalidValue => {
            let valid = match error.get(ContextKind::ValidValue) {
                Some(clap::error::ContextValue::Strings(all)) => all.join(", "),
                other => other.map(ToString::to_string).unwrap_or_default(),
            };
            format!("错误：{arg} 的值 '{value}' 无效；可接受：{valid}")
        }
        ErrorKind::ValueValidation => {
            let source = std::error::Error::source(error)?;
            let why = match source.downcast_ref::<Problem>() {
                Some(problem) => problem.render(Language::Zh),
                None => source.to_string(),
            };
            format!("错误：{arg} 的值 '{value}' 无效：{why}")
        }
        ErrorKind::UnknownArgument => format!("错误：没有参数 '{arg}'"),
        ErrorKind::InvalidSubcommand => {
            let sub = get(ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("错误：没有子命令 '{sub}'")
        }
        ErrorKind::MissingRequiredArgument => format!("错误：缺少必需的参数：{arg}"),
        ErrorKind::ArgumentConflict => match get(ContextKind::PriorArg) {
            // clap's "cannot be used multiple times": the same flag twice.
            Some(prior) if prior != arg => format!("错误：{arg} 不能与 {prior} 同时使用"),
            _ => format!("错误：{arg} 只能使用一次"),
        },
        ErrorKind::MissingSubcommand => "错误：缺少子命令".to_string(),
        _ => return None,
    })
}

/// Open the store the command line points at, to read it (with `--demo`, the sample).
fn open_store(cli: &Cli) -> Result<Store, CliError> {
    if cli.demo {
        let as_of = cli
            .as_of
            .unwrap_or_else(|| chrono::Local::now().date_naive());
        return Ok(Store::in_memory(crate::demo::demo_store(as_of)));
    }
    let store = Store::open(&resolve_path(cli.store.as_deref())?)?;
    cli.profile_language.set(store.data().profile.language);
    report_store_notes(cli, &store.data().notes());
    Ok(store)
}

/// Loans sharing a name (a store from before names were unique) and cards whose days
/// are now refused are said on stderr, and the store opens: refusing it would lock its
/// owner out of the fix.
fn report_store_notes(cli: &Cli, notes: &StoreNotes) {
    let w = words::words(Language::from_env(cli.lang, cli.profile_language.get()));
    for (name, ids) in &notes.shared_names {
        let (name, ids) = (format!("{name:?}"), ids.join(w.lang.list_separator()));
        eprintln!("{}", fill(w.shared_name, &[("name", &name), ("ids", &ids)]));
    }
    let cards = &notes.cards_due_on_next_cut;
    if !cards.is_empty() {
        eprintln!("{}", fill(w.card_days, &[("ids", &cards.join(", "))]));
    }
}

/// A note when the installment given does not agree with the one the terms give (a slip of the
/// keys, or the wrong installments left): the schedule is still the lender's way.
fn installment_note(terms: &LoanTerms, w: &words::Words) -> Option<String> {
    let (Some(ours), Some(got)) = (
        crate::engine::schedule::installment_unlike_ours(terms),
        terms.conventions.installment,
    ) else {
        return None;
    };
    let (got, ours) = (grouped(got), grouped(ours));
    Some(fill(
        w.installment_unlike,
        &[("got", &got), ("ours", &ours)],
    ))
}

/// Why `--demo` is refused: the command changes the store, or reads none.
fn demo_refused(changes: bool) -> CliError {
    CliError::Input(words::Said::new(|w, _| {
        match changes {
            true => w.demo_changes,
            false => w.demo_reads_none,
        }
        .to_string()
    }))
}

/// Open the store to change it: holding its lock from reading to saving, so that writers
/// run one after another instead of conflicting, and saying so while another holds it.
/// A store that cannot be written is refused before anything is done.
fn open_store_for_update(cli: &Cli) -> Result<Store, CliError> {
    if cli.demo {
        return Err(demo_refused(true));
    }
    let path = resolve_path(cli.store.as_deref())?;
    let w = words::words(Language::from_env(cli.lang, None));
    let waiting = || {
        let path = path.display().to_string();
        eprintln!("{}", fill(w.waiting, &[("path", &path)]));
    };
    let store = Store::open_for_update(&path, waiting)?;
    cli.profile_language.set(store.data().profile.language);
    report_store_notes(cli, &store.data().notes());
    Ok(store)
}

/// The language of what a command writes for people: `--lang`, the profile's, `LANG`.
fn language(cli: &Cli, data: &crate::store::StoreData) -> Language {
    Language::from_env(cli.lang, data.profile.language)
}

/// Run `command` on the store opened to read, in the language of what it writes. The
/// store is then left to the process's end rather than freed: the system takes a large
/// store's memory back at once, where freeing its 100,000 allocations one by one was ~5%
/// of `due`. Opened to read, it holds no lock and has nothing left to write.
fn reading(
    cli: &Cli,
    command: impl FnOnce(&Store, Language) -> Result<(), CliError>,
) -> Result<(), CliError> {
    let store = open_store(cli)?;
    let result = command(&store, language(cli, store.data()));
    std::mem::forget(store);
    result
}

/// Run `due`. A large store's month is read from the copy kept for it that day, when
/// there is one for exactly its bytes: nothing else of the store is decoded.
fn due(cli: &Cli, args: &due_cmd::DueArgs, as_of: NaiveDate) -> Result<(), CliError> {
    let month = args.month.unwrap_or(YearMonth::of(as_of));
    let kept = match (args.within, cli.demo) {
        (None, false) => {
            let path = resolve_path(cli.store.as_deref())?;
            kept::kept_month_due(&path, as_of, month)
        }
        _ => None,
    };
    let Some(kept) = kept else {
        return reading(cli, |store, language| {
            due_cmd::due(store, args, cli.format, language, as_of)
        });
    };
    cli.profile_language.set(kept.language);
    report_store_notes(cli, &kept.notes);
    let language = Language::from_env(cli.lang, kept.language);
    due_cmd::print_month_due(kept.due, cli.format, language)
}

/// Run a parsed command line.
pub fn run(cli: &Cli) -> Result<(), CliError> {
    let as_of = cli.as_of();
    let Some(command) = &cli.command else {
        return Ok(());
    };
    if cli.demo
        && matches!(
            command,
            Command::Schedule(schedule_cmd::ScheduleArgs { stored: None, .. })
                | Command::Demo(_)
                | Command::Fit(FitArgs { add: false, .. })
        )
    {
        return Err(demo_refused(false));
    }
    match command {
        Command::Schedule(schedule_cmd::ScheduleArgs {
            stored: Some(id), ..
        }) => reading(cli, |store, language| {
            schedule_cmd::stored(store, id, cli.format, language, as_of)
        }),
        Command::Schedule(args) => {
            let language = Language::from_env(cli.lang, None);
            schedule_cmd::run(args, cli.format, language, as_of)
        }
        Command::Add(args) => {
            let mut store = open_store_for_update(cli)?;
            let w = words::words(language(cli, store.data()));
            store_cmds::add(&mut store, args, cli.format, w, as_of)
        }
        Command::Revolving(args) => {
            let mut store = open_store_for_update(cli)?;
            let w = words::words(language(cli, store.data()));
            store_cmds::revolving(&mut store, args, cli.format, w)
        }
        Command::Line(args) => {
            let mut store = open_store_for_update(cli)?;
            let w = words::words(language(cli, store.data()));
            store_cmds::line(&mut store, args, cli.format, w, as_of)
        }
        Command::Profile(args) => {
            let mut store = match args.changes() {
                true => open_store_for_update(cli)?,
                false => open_store(cli)?,
            };
            let language = language(cli, store.data());
            store_cmds::profile(&mut store, args, cli.format, language, as_of)
        }
        Command::List => reading(cli, |store, language| {
            store_cmds::list(store, cli.format, language, as_of)
        }),
        Command::Pay(args) => {
            let mut store = open_store_for_update(cli)?;
            let w = words::words(language(cli, store.data()));
            store_cmds::pay(&mut store, args, cli.format, w, as_of)
        }
        Command::Due(args) => due(cli, args, as_of),
        Command::Export(command) => reading(cli, |store, language| {
            export_cmd::run(store, command, language, as_of)
        }),
        Command::Status(args) => reading(cli, |store, language| {
            due_cmd::status(store.data(), args, cli.format, language, as_of)
        }),
        Command::Payments(command) => {
            let mut store = match command {
                payments_cmd::PaymentsCommand::List(_) => open_store(cli)?,
                _ => open_store_for_update(cli)?,
            };
            payments_cmd::run(&mut store, command, cli.format, cli.lang)
        }
        Command::Import(command) => {
            let mut store = open_store_for_update(cli)?;
            let w = words::words(language(cli, store.data()));
            transfer::import(&mut store, command, w, as_of)
        }
        Command::Simulate(c) => {
            let store = open_store(cli)?;
            let w = words::words(language(cli, store.data()));
            simulate_cmd::run(&store, c, cli.format, w, as_of)
        }
        Command::ProjectLimit(args) => {
            let store = open_store(cli)?;
            let language = language(cli, store.data());
            limit_cmd::run(&store, args, cli.format, language, as_of)
        }
        Command::Demo(args) => {
            let w = words::words(Language::from_env(cli.lang, None));
            generate_cmd::run(args, cli.format, w, as_of)
        }
        Command::Fit(args) => {
            let w = words::words(Language::from_env(cli.lang, None));
            lender_cmds::run_fit(args, || open_store_for_update(cli), cli.format, w)
        }
        Command::Reconcile(args) => {
            let mut store = match args.apply || args.pin || args.attach || args.detach {
                true => open_store_for_update(cli)?,
                false => open_store(cli)?,
            };
            let language = language(cli, store.data());
            lender_cmds::run_reconcile(&mut store, args, cli.format, language)
        }
    }
}
