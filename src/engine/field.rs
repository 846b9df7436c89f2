//! The fields a refusal can name, each one thing however it is spelled: the front end
//! that renders a refusal picks the spelling (a flag, a store key or CSV column, a
//! form's label), so no caller rewrites a field's name.

use std::fmt;

/// A field at fault in a [`crate::engine::error::FieldError`] or a
/// [`crate::engine::validate::Invalid`], and the input of a TUI form that edits it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// The ledger accounts an export names.
    Accounts,
    /// An amount paid, prepaid or borrowed.
    Amount,
    /// A loan's percent per year.
    AnnualRate,
    /// Whether a lender's plan is applied to a loan.
    Apply,
    /// A balance: a lender's plan row's, or what is left of a loan's principal.
    Balance,
    /// What a card's interest is charged on.
    Basis,
    /// A monthly budget for the payoff planner.
    Budget,
    /// How complete the credit report is, in percent.
    Completeness,
    /// The profile's currency.
    Currency,
    /// A percent per day (a loan's or a card's).
    DailyRate,
    /// The day of a payment or a what-if.
    Date,
    /// How a loan counts days for interest.
    DayCount,
    /// How many days late.
    Days,
    /// What is to be deleted.
    Delete,
    /// A card's payment due day of the month.
    DueDay,
    /// How interest is charged on a prepayment.
    EarlyInterest,
    /// How the TUI's new-loan form takes a loan: as borrowed, or from what is left on it.
    Entered,
    /// How many of a loan's pinned rows are loandash's estimate, before the lender's.
    Estimated,
    /// A flat-fee plan's percent per month.
    FeeRate,
    /// A loan's first due date.
    FirstDue,
    /// How many loans to generate.
    Generate,
    /// A record's id.
    Id,
    /// The profile's monthly income.
    Income,
    /// The installment a lender set on the amount first borrowed.
    Installment,
    /// How many installments a loan has left.
    InstallmentsLeft,
    /// A lender's plan row's interest.
    Interest,
    /// What a CSV row is (loan, card, payment).
    Kind,
    /// Who lent.
    Lender,
    /// A credit line's limit.
    Limit,
    /// A credit line, by name.
    Line,
    /// A loan or account, by id.
    Loan,
    /// A loan's repayment method.
    Method,
    /// A card's smallest minimum payment.
    MinFloor,
    /// A card's minimum payment in percent of the balance.
    MinPercent,
    /// What a prepayment does (shorten or reduce).
    Mode,
    /// The limit model file.
    Model,
    /// The next due date of a loan entered from what is left on it.
    NextDue,
    /// A month of dues.
    Month,
    /// How many months a projection runs.
    Months,
    /// A record's name.
    Name,
    /// Where an export is written.
    Out,
    /// How many installments are paid.
    Paid,
    /// The day installments are paid through.
    PaidThrough,
    /// A file to read or write.
    Path,
    /// A payment, or a lender's plan row's payment.
    Payment,
    /// A loan's penalty interest rate.
    PenaltyRate,
    /// An installment, by number.
    Period,
    /// A loan's pinned plan rows.
    Pinned,
    /// A lender's plan.
    Plan,
    /// A prepayment.
    Prepay,
    /// The amount borrowed.
    Principal,
    /// A rate: the TUI loan form's one rate input (annual or daily, as its kind says), or
    /// the new rate of a rate change typed as `DATE:RATE`.
    Rate,
    /// A loan's change of rate.
    RateChange,
    /// A loan's changes of rate, as a list.
    RateChanges,
    /// Which rate the TUI loan form's rate input is (annual or daily).
    RateKind,
    /// Which installment takes a rounding remainder.
    Remainder,
    /// How a loan's installments are rounded.
    Rounding,
    /// A saved scenario, by name.
    Scenario,
    /// The profile's credit score.
    Score,
    /// How complete the score's report was, in percent.
    ScoreCompleteness,
    /// The day of the credit score.
    ScoreDate,
    /// The day a loan's money was drawn.
    Start,
    /// A card's statement balance.
    StatementBalance,
    /// A card's statement day of the month.
    StatementDay,
    /// A loan's number of months.
    Term,
    /// The store's version.
    Version,
}

impl Field {
    /// The command line's name, its flag without `--`: `penalty-rate`.
    pub fn flag(self) -> &'static str {
        self.spellings().0
    }

    /// The store's name, which is also the CSV column's: `penalty_rate`.
    pub fn key(self) -> &'static str {
        self.spellings().1
    }

    fn spellings(self) -> (&'static str, &'static str) {
        match self {
            Field::Accounts => ("accounts", "accounts"),
            Field::Amount => ("amount", "amount"),
            Field::AnnualRate => ("annual-rate", "annual_rate"),
            Field::Apply => ("apply", "apply"),
            Field::Balance => ("balance", "balance"),
            Field::Basis => ("basis", "basis"),
            Field::Budget => ("budget", "budget"),
            Field::Completeness => ("completeness", "completeness"),
            Field::Currency => ("currency", "currency"),
            Field::DailyRate => ("daily-rate", "daily_rate"),
            Field::Date => ("date", "date"),
            Field::DayCount => ("day-count", "day_count"),
            Field::Days => ("days", "days"),
            Field::Delete => ("delete", "delete"),
            Field::DueDay => ("due-day", "due_day"),
            Field::EarlyInterest => ("early-interest", "early_interest"),
            Field::Entered => ("entered", "entered"),
            Field::Estimated => ("estimated", "estimated"),
            Field::FeeRate => ("fee-rate", "fee_rate"),
            Field::FirstDue => ("first-due", "first_due"),
            Field::Generate => ("generate", "generate"),
            Field::Id => ("id", "id"),
            Field::Income => ("income", "monthly_income"),
            Field::Installment => ("installment", "installment"),
            Field::InstallmentsLeft => ("installments-left", "installments_left"),
            Field::Interest => ("interest", "interest"),
            Field::Kind => ("kind", "kind"),
            Field::Lender => ("lender", "lender"),
            Field::Limit => ("limit", "limit"),
            Field::Line => ("line", "line"),
            Field::Loan => ("loan", "loan"),
            Field::Method => ("method", "method"),
            Field::MinFloor => ("min-floor", "min_floor"),
            Field::MinPercent => ("min-percent", "min_percent"),
            Field::Mode => ("mode", "mode"),
            Field::Model => ("model", "model"),
            Field::Month => ("month", "month"),
            Field::NextDue => ("next-due", "next_due"),
            Field::Months => ("months", "months"),
            Field::Name => ("name", "name"),
            Field::Out => ("out", "out"),
            Field::Paid => ("paid", "paid"),
            Field::PaidThrough => ("paid-through", "paid_through"),
            Field::Path => ("path", "path"),
            Field::Payment => ("payment", "payment"),
            Field::PenaltyRate => ("penalty-rate", "penalty_rate"),
            Field::Period => ("period", "period"),
            Field::Pinned => ("pinned", "pinned"),
            Field::Plan => ("plan", "plan"),
            Field::Prepay => ("prepay", "prepay"),
            Field::Principal => ("principal", "principal"),
            Field::Rate => ("rate", "rate"),
            Field::RateChange => ("rate-change", "rate_change"),
            Field::RateChanges => ("rate-changes", "rate_changes"),
            Field::RateKind => ("rate-kind", "rate_kind"),
            Field::Remainder => ("remainder", "remainder"),
            Field::Rounding => ("rounding", "rounding"),
            Field::Scenario => ("scenario", "scenario"),
            Field::Score => ("score", "credit_score"),
            Field::ScoreCompleteness => ("score-completeness", "score_completeness"),
            Field::ScoreDate => ("score-date", "score_date"),
            Field::Start => ("start", "start"),
            Field::StatementBalance => ("balance", "statement_balance"),
            Field::StatementDay => ("statement-day", "statement_day"),
            Field::Term => ("term", "term"),
            Field::Version => ("version", "version"),
        }
    }
}

/// The flag's spelling: the engine's English messages have always named fields so.
impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.flag())
    }
}
