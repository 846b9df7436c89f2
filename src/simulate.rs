//! The what-if simulator: hypothetical actions on top of the store (borrow, prepay, pay an
//! installment late, a monthly budget) compared month by month with the store as it is,
//! and the payoff planner (avalanche, snowball).
//!
//! Made for a key press on a 10,000-loan store: [`Simulator::new`] computes every debt
//! once (its minimum due by month, interest, payoff date) and [`Simulator::evaluate`]
//! recomputes only the loans a scenario touches, moving the month totals by the
//! difference. Every amount comes from the engine: [`ledger`] replays payments,
//! [`schedule`] prices prepayments, [`dues`] carries the penalty and revolving rules.
//!
//! Rules chosen where DOMAIN.md is silent:
//! - the projection pays every minimum when due: an overdue installment is settled in the
//!   as-of month with its penalty to the as-of date (as `due` shows it), and revolving
//!   accounts pay only their minimum (as `due` projects later months);
//! - total interest is every loan's schedule interest and fees from start to end (paid or
//!   not, prepayments' accrued interest included) plus its penalty interest, plus each
//!   revolving account's interest from its latest statement on;
//! - what-ifs happen on or after the as-of date; a late installment keeps its scheduled
//!   interest and adds penalty for each day late (`miss` = late until the next due date);
//! - the planner pays each month's minimums, then the rest of the budget to the first
//!   debt in its order that has a due date that month, right after that installment (a
//!   `shorten` prepayment; a card's extra goes with its minimum; a bullet loan takes it
//!   on the month's last day, with the interest it accrued).

use crate::book::dues::{self, RevolvingProjection, YearMonth};
use crate::book::ledger::{self, LoanState, Status};
use crate::engine::loan::{
    FieldError, LoanInput, LoanTerms, MAX_TERM, Method, add_months, days_between,
};
use crate::engine::money::{grouped, round_dp};
use crate::engine::revolving::Disclosure;
use crate::engine::schedule::{self, PrepayMode, Prepayment};
use crate::limit::{LimitModel, MonthProjection, Projector, Record, WhatIf};
use crate::store::{
    Loan, MAX_DELAY_DAYS, PaymentRecord, RevolvingAccount, StoreData, next_id_after,
};
use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

/// How far ahead anything is projected: 50 years.
pub const HORIZON_MONTHS: usize = 600;
/// Debt-to-income ratio (percent) above which a month is flagged, unless set otherwise.
pub const DEFAULT_DTI_WARNING: Decimal = Decimal::from_parts(50, 0, 0, false, 0);

/// One hypothetical action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Take a new loan, optionally drawn on a credit line (see [`Simulator::line_offer`]).
    Borrow {
        /// Its terms; the start must be on or after the as-of date.
        terms: LoanTerms,
        /// The credit line it draws on, by name.
        line: Option<String>,
    },
    /// Prepay a loan; an amount at or above its balance pays it off.
    Prepay {
        /// Loan id (a loan borrowed earlier in the scenario counts too).
        loan: String,
        /// Date, principal and mode.
        prepayment: Prepayment,
    },
    /// Pay installment `period` of a loan `days` after its due date.
    Delay {
        /// Loan id.
        loan: String,
        /// Installment number (1-based, as `schedule` shows it).
        period: u32,
        /// Days after the due date it is paid.
        days: u32,
    },
    /// Pay this much a month in all: the payoff planner runs on the scenario.
    Budget {
        /// The monthly budget; the last one given counts.
        amount: Decimal,
    },
}

/// A list of hypothetical actions on top of the store; it never changes the store.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scenario {
    /// Applied in order.
    pub actions: Vec<Action>,
}

/// Payoff date and interest of one debt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebtOutcome {
    /// Loan or revolving account id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Principal (or statement balance) left on the as-of date.
    pub balance: Decimal,
    /// Interest over its life, fees and penalty included.
    pub interest: Decimal,
    /// Its last payment; `None` when not within [`HORIZON_MONTHS`].
    pub payoff_date: Option<NaiveDate>,
}

/// A loan the scenario changes or adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebtChange {
    /// Before the scenario; `None` for a new loan.
    pub baseline: Option<DebtOutcome>,
    /// With the scenario.
    pub scenario: DebtOutcome,
}

/// The headline figures of one side of a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Interest over the life of every debt (see the module notes).
    pub total_interest: Decimal,
    /// When all debt is paid; `None` when not within [`HORIZON_MONTHS`].
    pub payoff_date: Option<NaiveDate>,
}

/// One month of the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthFigures {
    /// The month.
    pub month: YearMonth,
    /// Minimum due without the scenario.
    pub baseline: Decimal,
    /// Minimum due with it.
    pub scenario: Decimal,
    /// Baseline minimum due over monthly income, percent; `None` without an income.
    pub baseline_dti: Option<Decimal>,
    /// Scenario minimum due over monthly income, percent.
    pub scenario_dti: Option<Decimal>,
}

/// Baseline against scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    /// The store as it is.
    pub baseline: Summary,
    /// With the scenario.
    pub scenario: Summary,
    /// baseline − scenario total interest; negative when the scenario costs more.
    pub interest_saved: Decimal,
    /// Minimum due per month from the as-of month until all debt is paid.
    pub months: Vec<MonthFigures>,
    /// The loans the scenario changes or adds.
    pub changed: Vec<DebtChange>,
    /// The debt-to-income ratio (percent) above which a month is flagged.
    pub dti_warning: Decimal,
    /// The payoff plans, when the scenario sets a budget.
    pub plans: Option<Plans>,
}

impl Comparison {
    /// Months whose scenario debt-to-income ratio is above the warning threshold.
    pub fn dti_alerts(&self) -> impl Iterator<Item = &MonthFigures> {
        self.months
            .iter()
            .filter(|m| m.scenario_dti.is_some_and(|r| r > self.dti_warning))
    }
}

/// How the planner orders debts for what the budget leaves after the minimums.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// Highest nominal annual rate first (the rate interest runs at on the balance).
    Avalanche,
    /// Smallest balance first.
    Snowball,
}

impl Strategy {
    /// Both strategies.
    pub const ALL: [Strategy; 2] = [Strategy::Avalanche, Strategy::Snowball];

    /// The command-line and JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Strategy::Avalanche => "avalanche",
            Strategy::Snowball => "snowball",
        }
    }
}

impl fmt::Display for Strategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Strategy {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Strategy::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| format!("unknown strategy {s:?}; accepted: avalanche, snowball"))
    }
}

/// A payoff plan that fits the budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Its order.
    pub strategy: Strategy,
    /// The monthly budget.
    pub budget: Decimal,
    /// Interest over the life of every debt, as in [`Summary`].
    pub total_interest: Decimal,
    /// When all debt is paid; `None` when not within [`HORIZON_MONTHS`].
    pub payoff_date: Option<NaiveDate>,
    /// Debt ids in the order they are cleared.
    pub order: Vec<String>,
    /// What the plan pays each month (at most the budget).
    pub payments: Vec<(YearMonth, Decimal)>,
}

/// A budget below the minimum due of some month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "infeasible: a budget of {} is below the minimum due of {} in {month}",
    grouped(*budget),
    grouped(*minimum)
)]
pub struct Infeasible {
    /// The first month it does not cover.
    pub month: YearMonth,
    /// That month's minimum due.
    pub minimum: Decimal,
    /// The budget.
    pub budget: Decimal,
}

/// Why no plan came out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// The scenario (or budget) is not valid.
    #[error(transparent)]
    Scenario(#[from] FieldError),
    /// The budget does not cover the minimums.
    #[error(transparent)]
    Infeasible(#[from] Infeasible),
}

/// Both plans for one budget; compare them with the scenario's [`Summary`] (minimums only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plans {
    /// Highest rate first.
    pub avalanche: Result<Plan, PlanError>,
    /// Smallest balance first.
    pub snowball: Result<Plan, PlanError>,
}

/// Moving a dearer loan onto a cheaper credit line: borrow on the line what clears the
/// loan on the as-of date, over the months the loan had left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refinance {
    /// The dearer loan.
    pub loan: String,
    /// Its annualized rate, percent.
    pub loan_apr: Decimal,
    /// The cheaper line.
    pub line: String,
    /// The annualized rate of the new loan on it, percent.
    pub line_apr: Decimal,
    /// Borrowed on the line: the loan's balance plus the interest it accrued.
    pub amount: Decimal,
    /// Interest saved over every loan's life; negative when moving costs more.
    pub interest_saved: Decimal,
}

impl Refinance {
    /// Whether moving the debt saves money.
    pub fn saves(&self) -> bool {
        self.interest_saved > Decimal::ZERO
    }
}

/// What applying one action to the store writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Enacted {
    /// A payment recorded as `loandash pay` records it: what falls due on or before the
    /// date first, then the prepayment.
    Payment {
        /// Loan id.
        loan: String,
        /// Day paid.
        date: NaiveDate,
        /// Shorten or reduce.
        mode: PrepayMode,
        /// Cash paid in all.
        cash: Decimal,
        /// How `pay` splits it, with the records it appends.
        split: ledger::PaymentSplit,
    },
    /// A new loan, as `loandash add` adds it.
    Loan(Loan),
    /// A late payment or a budget: a what-if only, nothing to record.
    Skipped,
}

/// The store with a scenario made real, and what each action became (in order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enactment {
    /// The store's data with every record added.
    pub data: StoreData,
    /// One entry per action of the scenario.
    pub actions: Vec<Enacted>,
}

impl Enactment {
    /// Whether anything would be written.
    pub fn writes(&self) -> bool {
        self.actions.iter().any(|a| !matches!(a, Enacted::Skipped))
    }
}

/// How many months ahead [`Simulator::limit_effects`] compares the projected limits.
pub const LIMIT_EFFECT_MONTHS: u32 = 6;

/// A credit line's limit today, and [`LIMIT_EFFECT_MONTHS`] ahead without and with a
/// scenario.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LimitEffect {
    /// The line.
    pub line: String,
    /// Today's limits.
    pub today: Decimal,
    /// Projected without the scenario.
    pub baseline: Decimal,
    /// Projected with it.
    pub scenario: Decimal,
}

/// Amounts by month offset from the as-of month.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Series {
    first: usize,
    amounts: Vec<Decimal>,
}

impl Series {
    fn from_items(items: &[(usize, Decimal)]) -> Self {
        let (Some(first), Some(last)) = (
            items.iter().map(|i| i.0).min(),
            items.iter().map(|i| i.0).max(),
        ) else {
            return Self::default();
        };
        let mut amounts = vec![Decimal::ZERO; last - first + 1];
        for &(k, amount) in items {
            amounts[k - first] += amount;
        }
        Self { first, amounts }
    }

    fn end(&self) -> usize {
        self.first + self.amounts.len()
    }

    /// Add this series to per-month `totals` from offset `from` on (or take it away).
    fn apply(&self, totals: &mut Vec<Decimal>, from: usize, subtract: bool) {
        if totals.len() < self.end() {
            totals.resize(self.end(), Decimal::ZERO);
        }
        let skip = from.saturating_sub(self.first);
        let start = self.first.max(from);
        for (total, amount) in totals[start..]
            .iter_mut()
            .zip(self.amounts.iter().skip(skip))
        {
            if subtract {
                *total -= amount;
            } else {
                *total += amount;
            }
        }
    }
}

/// What one debt contributes: its dues by month, interest, payoff and balance.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Figures {
    dues: Series,
    interest: Decimal,
    /// `NaiveDate::MAX` when not paid off within the horizon.
    payoff: NaiveDate,
    balance: Decimal,
}

/// A debt in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Debt {
    Loan(usize),
    Revolving(usize),
}

/// The simulator: the store's baseline computed once, scenarios applied on top.
#[derive(Debug)]
pub struct Simulator {
    data: StoreData,
    as_of: NaiveDate,
    dti_warning: Decimal,
    loan_ids: HashMap<String, usize>,
    loan_payments: Vec<Vec<usize>>,
    account_payments: Vec<Vec<usize>>,
    loans: Vec<Figures>,
    /// `None` for an account that owes nothing.
    revolving: Vec<Option<Figures>>,
    totals: Vec<Decimal>,
    interest: Decimal,
    /// Every debt, latest payoff first.
    latest: Vec<(NaiveDate, Debt)>,
    line_used: OnceLock<HashMap<String, Decimal>>,
    /// What the limit projection reads of the store, read on first use.
    limit_record: OnceLock<Result<Record, FieldError>>,
}

impl Simulator {
    /// Compute the baseline of `data` as of `as_of`.
    pub fn new(data: &StoreData, as_of: NaiveDate) -> Result<Self, FieldError> {
        let data = data.clone();
        let loan_ids: HashMap<String, usize> = data
            .loans
            .iter()
            .enumerate()
            .map(|(i, l)| (l.id.clone(), i))
            .collect();
        let account_ids: HashMap<&str, usize> = data
            .revolving
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        let mut loan_payments = vec![Vec::new(); data.loans.len()];
        let mut account_payments = vec![Vec::new(); data.revolving.len()];
        for (k, p) in data.payments.iter().enumerate() {
            if let Some(&i) = loan_ids.get(&p.loan) {
                loan_payments[i].push(k);
            } else if let Some(&i) = account_ids.get(p.loan.as_str()) {
                account_payments[i].push(k);
            }
        }
        let records = |ids: &[usize]| ids.iter().map(|&k| &data.payments[k]).collect::<Vec<_>>();
        let loans = data
            .loans
            .iter()
            .zip(&loan_payments)
            .map(|(loan, ids)| {
                let state = ledger::loan_state(loan, records(ids), as_of)?;
                loan_figures(loan, &state, &[], as_of)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let revolving: Vec<Option<Figures>> = data
            .revolving
            .iter()
            .zip(&account_payments)
            .map(|(account, ids)| revolving_figures(account, &records(ids), as_of))
            .collect();
        let mut totals = Vec::new();
        let mut interest = Decimal::ZERO;
        let mut latest = Vec::with_capacity(loans.len() + revolving.len());
        for (i, f) in loans.iter().enumerate() {
            f.dues.apply(&mut totals, 0, false);
            interest += f.interest;
            latest.push((f.payoff, Debt::Loan(i)));
        }
        for (i, f) in revolving.iter().enumerate() {
            if let Some(f) = f {
                f.dues.apply(&mut totals, 0, false);
                interest += f.interest;
                latest.push((f.payoff, Debt::Revolving(i)));
            }
        }
        latest.sort_by_key(|entry| std::cmp::Reverse(entry.0));
        Ok(Self {
            data,
            as_of,
            dti_warning: DEFAULT_DTI_WARNING,
            loan_ids,
            loan_payments,
            account_payments,
            loans,
            revolving,
            totals,
            interest,
            latest,
            line_used: OnceLock::new(),
            limit_record: OnceLock::new(),
        })
    }

    /// The as-of date.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// The debt-to-income ratio (percent) above which a month is flagged.
    pub fn dti_warning(&self) -> Decimal {
        self.dti_warning
    }

    /// Set the debt-to-income warning threshold, in percent.
    pub fn set_dti_warning(&mut self, percent: Decimal) {
        self.dti_warning = percent;
    }

    /// The store as it is: total interest and when all debt is paid.
    pub fn baseline(&self) -> Summary {
        Summary {
            total_interest: self.interest,
            payoff_date: self.last_payoff(self.latest.first().map(|l| l.0)),
        }
    }

    /// Every debt as it is: loans in store order, then revolving accounts that owe something.
    pub fn debts(&self) -> Vec<DebtOutcome> {
        let loans = self
            .data
            .loans
            .iter()
            .zip(&self.loans)
            .map(|(l, f)| outcome(&l.id, &l.name, f));
        let accounts = self
            .data
            .revolving
            .iter()
            .zip(&self.revolving)
            .filter_map(|(a, f)| Some(outcome(&a.id, &a.name, f.as_ref()?)));
        loans.chain(accounts).collect()
    }

    /// Apply `scenario` and compare it with the store as it is.
    pub fn evaluate(&self, scenario: &Scenario) -> Result<Comparison, FieldError> {
        let (world, budget) = self.apply(scenario)?;
        let baseline = self.baseline();
        let scenario_summary = Summary {
            total_interest: world.interest,
            payoff_date: self.payoff_date(&world),
        };
        let changed = world
            .touched
            .iter()
            .map(|t| DebtChange {
                baseline: t
                    .index
                    .map(|i| outcome(&t.loan.id, &t.loan.name, &self.loans[i])),
                scenario: outcome(&t.loan.id, &t.loan.name, &t.figures),
            })
            .collect();
        let plans = budget.map(|budget| Plans {
            avalanche: self.run_plan(world.clone(), budget, Strategy::Avalanche),
            snowball: self.run_plan(world.clone(), budget, Strategy::Snowball),
        });
        Ok(Comparison {
            baseline,
            interest_saved: baseline.total_interest - scenario_summary.total_interest,
            scenario: scenario_summary,
            months: self.months(&world.totals),
            changed,
            dti_warning: self.dti_warning,
            plans,
        })
    }

    /// The payoff plan for `budget` a month with `strategy`, on top of `scenario`.
    pub fn plan(
        &self,
        scenario: &Scenario,
        budget: Decimal,
        strategy: Strategy,
    ) -> Result<Plan, PlanError> {
        check_budget(budget)?;
        let (world, _) = self.apply(scenario)?;
        self.run_plan(world, budget, strategy)
    }

    /// The minimum-payment disclosure of each revolving account that owes something.
    pub fn disclosures(&self) -> Vec<(&RevolvingAccount, Disclosure)> {
        self.data
            .revolving
            .iter()
            .filter(|a| a.statement_balance > Decimal::ZERO)
            .map(|a| (a, a.terms().disclosure(a.statement_balance)))
            .collect()
    }

    /// What a new loan on `line` would be, from the latest loan drawn on it (rate,
    /// method, day count, fee, term), starting on the as-of date; the principal is left
    /// to choose. `None` when no loan was ever drawn on the line.
    pub fn line_offer(&self, line: &str) -> Option<LoanInput> {
        let latest = self
            .data
            .loans
            .iter()
            .filter(|l| l.line.as_deref() == Some(line))
            .max_by_key(|l| l.start)?;
        let terms = latest.terms();
        Some(LoanInput {
            principal: None,
            start: Some(self.as_of),
            conventions: terms.conventions.lender_habits(),
            ..LoanInput::from(&terms)
        })
    }

    /// What is left to borrow on `line` on the as-of date; `None` for an unknown line.
    pub fn line_available(&self, line: &str) -> Option<Decimal> {
        let limit = self.data.lines.iter().find(|l| l.name == line)?.limit;
        let used = self.line_used().get(line).copied().unwrap_or_default();
        Some((limit - used).max(Decimal::ZERO))
    }

    /// Moving loan `id` to the cheapest credit line with room for it: borrow there what
    /// clears the loan on the as-of date, over the months it had left. `None` when no
    /// line is cheaper by annualized rate, or none has room.
    pub fn refinance(&self, id: &str) -> Result<Option<Refinance>, FieldError> {
        let Some(&index) = self.loan_ids.get(id) else {
            return Err(FieldError::new(
                "loan",
                format!("no loan with id {id:?}; see `loandash list`"),
            ));
        };
        let loan = &self.data.loans[index];
        let state = self.state(Some(index), loan, &[])?;
        let terms = loan.terms();
        let balance = balance_on(&state, &terms, self.as_of);
        if balance.is_zero() {
            return Ok(None);
        }
        let amount = balance + schedule::prepayment_interest(&terms, balance, self.as_of);
        let months = YearMonth::of(self.as_of).months_until(YearMonth::of(terms.maturity()));
        let term = u32::try_from(months).unwrap_or(1).clamp(1, MAX_TERM);
        // The cheapest line with room, priced as the loan it would be.
        let mut cheapest: Option<(Decimal, String, LoanTerms)> = None;
        for line in &self.data.lines {
            let own = loan.line.as_deref() == Some(line.name.as_str());
            let room = self.line_available(&line.name).is_some_and(|a| a >= amount);
            let Some(offer) = self.line_offer(&line.name).filter(|_| room && !own) else {
                continue;
            };
            let input = LoanInput {
                principal: Some(amount),
                term: Some(term),
                ..offer
            };
            let Ok(new_terms) = LoanTerms::new(&input) else {
                continue;
            };
            let apr = schedule::build(&new_terms, &[])?.apr();
            if cheapest.as_ref().is_none_or(|c| apr < c.0) {
                cheapest = Some((apr, line.name.clone(), new_terms));
            }
        }
        let Some((line_apr, line, new_terms)) = cheapest else {
            return Ok(None);
        };
        let loan_apr = state.schedule.apr();
        if line_apr >= loan_apr {
            return Ok(None);
        }
        let moved = Scenario {
            actions: vec![
                Action::Prepay {
                    loan: loan.id.clone(),
                    prepayment: Prepayment {
                        date: self.as_of,
                        amount: balance,
                        mode: PrepayMode::Shorten,
                    },
                },
                Action::Borrow {
                    terms: new_terms,
                    line: Some(line.clone()),
                },
            ],
        };
        Ok(Some(Refinance {
            loan: loan.id.clone(),
            loan_apr,
            line,
            line_apr,
            amount,
            interest_saved: self.evaluate(&moved)?.interest_saved,
        }))
    }

    /// The store with `scenario` made real: each prepayment recorded as `pay` records a
    /// payment (whatever is due first, then the prepayment), each borrowing added as a
    /// loan named `new_loan_name`; late payments and budgets are skipped. The scenario
    /// must evaluate (same checks), and a payment cannot be dated after the as-of date.
    pub fn enact(&self, scenario: &Scenario, new_loan_name: &str) -> Result<Enactment, FieldError> {
        self.evaluate(scenario)?;
        let mut data = self.data.clone();
        let mut actions = Vec::with_capacity(scenario.actions.len());
        for action in &scenario.actions {
            actions.push(match action {
                Action::Prepay { loan, prepayment } => {
                    if prepayment.date > self.as_of {
                        return Err(FieldError::new(
                            "date",
                            format!(
                                "{} is after the as-of date {}; a payment is recorded when made",
                                prepayment.date, self.as_of
                            ),
                        ));
                    }
                    let Some(record) = data.loan(loan) else {
                        return Err(FieldError::new("loan", format!("no loan with id {loan:?}")));
                    };
                    let history: Vec<PaymentRecord> = data.payments_for(loan).cloned().collect();
                    let cash = prepayment_cash(record, &history, prepayment)?;
                    let split = ledger::split_payment(
                        record,
                        &history,
                        prepayment.date,
                        cash,
                        prepayment.mode,
                        ledger::Apply::Prepayment,
                    )?;
                    data.payments.extend(split.records.iter().cloned());
                    Enacted::Payment {
                        loan: loan.clone(),
                        date: prepayment.date,
                        mode: prepayment.mode,
                        cash,
                        split,
                    }
                }
                Action::Borrow { terms, line } => {
                    let lender = line
                        .as_deref()
                        .and_then(|name| data.lines.iter().find(|l| l.name == name))
                        .map(|l| l.lender.clone())
                        .unwrap_or_default();
                    let id = data.next_id("L");
                    let loan = Loan {
                        line: line.clone(),
                        ..Loan::with_terms(id, new_loan_name.to_string(), lender, terms)
                    };
                    data.loans.push(loan.clone());
                    Enacted::Loan(loan)
                }
                Action::Delay { .. } | Action::Budget { .. } => Enacted::Skipped,
            });
        }
        data.validate()?;
        Ok(Enactment { data, actions })
    }

    /// Every credit line's projected limit [`LIMIT_EFFECT_MONTHS`] ahead without and
    /// with `scenario`, in store order (none for a store without lines). The limit
    /// projection reads a prepayment as repaid on its loan (on a line or not: a lower
    /// debt counts on every line), a borrowing as drawn on its line (or on none), and a
    /// late installment as the first payment falling due paid late; a budget does not
    /// move it. An estimate, as the projection is.
    pub fn limit_effects(
        &self,
        scenario: &Scenario,
        model: &LimitModel,
    ) -> Result<Vec<LimitEffect>, FieldError> {
        if self.data.lines.is_empty() {
            return Ok(Vec::new());
        }
        let record = self
            .limit_record
            .get_or_init(|| Ok(Record::new(&dues::Portfolio::new(&self.data, self.as_of)?)))
            .as_ref()
            .map_err(Clone::clone)?;
        let what_ifs = self.what_ifs(scenario);
        let months = LIMIT_EFFECT_MONTHS;
        let end = months as usize;
        let limit = |months: &[MonthProjection], at: usize| months.get(at).map(|m| m.limit);
        self.data
            .lines
            .iter()
            .map(|line| {
                let projector = Projector::new(&self.data, record, model, Some(&line.name))?;
                let baseline = projector.project_what_ifs(&[], months)?;
                let scenario = projector.project_what_ifs(&what_ifs, months)?;
                Ok(LimitEffect {
                    line: line.name.clone(),
                    today: limit(&baseline, 0).unwrap_or_default(),
                    baseline: limit(&baseline, end).unwrap_or_default(),
                    scenario: limit(&scenario, end).unwrap_or_default(),
                })
            })
            .collect()
    }

    /// `scenario` as the limit projection reads it (see [`Simulator::limit_effects`]).
    fn what_ifs(&self, scenario: &Scenario) -> Vec<WhatIf> {
        scenario
            .actions
            .iter()
            .filter_map(|action| match action {
                // At or above what is left, a prepayment pays the loan off.
                Action::Prepay { loan, prepayment } => Some(WhatIf::Prepay {
                    loan: loan.clone(),
                    amount: prepayment.amount,
                    mode: prepayment.mode,
                }),
                Action::Borrow { terms, line } => Some(WhatIf::Borrow {
                    line: line.clone(),
                    amount: terms.principal,
                }),
                Action::Delay { days, .. } => Some(WhatIf::Late { days: *days }),
                Action::Budget { .. } => None,
            })
            .collect()
    }

    /// What is drawn on each line: its loans' balances and its accounts' balances, as
    /// the dashboard's credit lines count them.
    fn line_used(&self) -> &HashMap<String, Decimal> {
        self.line_used.get_or_init(|| {
            let mut used: HashMap<String, Decimal> = HashMap::new();
            for (loan, f) in self.data.loans.iter().zip(&self.loans) {
                if let Some(line) = &loan.line {
                    *used.entry(line.clone()).or_default() += f.balance;
                }
            }
            for account in &self.data.revolving {
                if let Some(line) = &account.line {
                    *used.entry(line.clone()).or_default() +=
                        dues::revolving_balance(&self.data, account, self.as_of);
                }
            }
            used
        })
    }

    fn payments_of(&self, ids: &[usize]) -> impl Iterator<Item = &PaymentRecord> {
        ids.iter().map(|&k| &self.data.payments[k])
    }

    /// A loan's state with `planned` prepayments; `index` in the store (`None`: new).
    fn state(
        &self,
        index: Option<usize>,
        loan: &Loan,
        planned: &[Prepayment],
    ) -> Result<LoanState, FieldError> {
        let ids = index.map_or(&[][..], |i| self.loan_payments[i].as_slice());
        ledger::loan_state_with(loan, self.payments_of(ids), planned, self.as_of).map_err(|e| {
            // The schedule names its prepayment flag; here it is the date.
            let field = if e.field == "prepay" { "date" } else { e.field };
            e.on(field)
        })
    }

    /// The scenario applied: touched loans recomputed, totals moved; and its budget.
    fn apply(&self, scenario: &Scenario) -> Result<(Applied<'_>, Option<Decimal>), FieldError> {
        let mut world = Applied::new(self);
        let mut budget = None;
        let mut borrowed_on: HashMap<&str, Decimal> = HashMap::new();
        for action in &scenario.actions {
            match action {
                Action::Borrow { terms, line } => {
                    let loan = self.new_loan(&world, terms, line.as_deref(), &mut borrowed_on)?;
                    world.touched.push(Touched {
                        index: None,
                        loan: Cow::Owned(loan),
                        planned: Vec::new(),
                        delays: Vec::new(),
                        state: None,
                        figures: Figures::empty(),
                    });
                }
                Action::Prepay { loan, prepayment } => {
                    if prepayment.amount <= Decimal::ZERO {
                        return Err(FieldError::new(
                            "amount",
                            format!("must be greater than 0 (got {})", prepayment.amount),
                        ));
                    }
                    self.not_before_as_of("date", prepayment.date)?;
                    let t = world.find(loan)?;
                    world.touched[t].planned.push(*prepayment);
                }
                Action::Delay { loan, period, days } => {
                    if !(1..=MAX_DELAY_DAYS).contains(days) {
                        return Err(FieldError::new(
                            "days",
                            format!("must be from 1 to {MAX_DELAY_DAYS} (got {days})"),
                        ));
                    }
                    let t = world.find(loan)?;
                    world.touched[t].delays.push((*period, *days));
                }
                Action::Budget { amount } => {
                    check_budget(*amount)?;
                    budget = Some(*amount);
                }
            }
        }
        for t in 0..world.touched.len() {
            world.recompute(t)?;
        }
        Ok((world, budget))
    }

    fn not_before_as_of(&self, field: &'static str, date: NaiveDate) -> Result<(), FieldError> {
        if date < self.as_of {
            return Err(FieldError::new(
                field,
                format!(
                    "{date} is before the as-of date {}; a what-if happens then or later",
                    self.as_of
                ),
            ));
        }
        Ok(())
    }

    fn new_loan<'a>(
        &self,
        world: &Applied<'_>,
        terms: &LoanTerms,
        line: Option<&'a str>,
        borrowed_on: &mut HashMap<&'a str, Decimal>,
    ) -> Result<Loan, FieldError> {
        let terms = LoanTerms::new(&LoanInput::from(terms))?;
        self.not_before_as_of("start", terms.start)?;
        if terms.start > add_months(self.as_of, HORIZON_MONTHS as u32) {
            return Err(FieldError::new(
                "start",
                format!("must be within 50 years of {}", self.as_of),
            ));
        }
        let lender = match line {
            None => String::new(),
            Some(name) => {
                let Some(available) = self.line_available(name) else {
                    return Err(FieldError::new(
                        "line",
                        format!("no credit line named {name:?}"),
                    ));
                };
                let drawn = borrowed_on.entry(name).or_default();
                *drawn += terms.principal;
                if *drawn > available {
                    return Err(FieldError::new(
                        "principal",
                        format!(
                            "{} is more than line {name} has available ({})",
                            grouped(*drawn),
                            grouped(available)
                        ),
                    ));
                }
                let line = self.data.lines.iter().find(|l| l.name == name);
                line.map(|l| l.lender.clone()).unwrap_or_default()
            }
        };
        let ids = self.data.loans.iter().map(|l| l.id.as_str());
        let ids = ids
            .chain(self.data.revolving.iter().map(|a| a.id.as_str()))
            .chain(world.touched.iter().map(|t| t.loan.id.as_str()));
        let id = next_id_after("L", ids);
        Ok(Loan {
            line: line.map(str::to_string),
            ..Loan::with_terms(id, "new loan".to_string(), lender, &terms)
        })
    }

    /// When all debt is paid in `world`.
    fn payoff_date(&self, world: &Applied<'_>) -> Option<NaiveDate> {
        let untouched = self.latest.iter().find(|(_, debt)| match debt {
            Debt::Loan(i) => !world.by_index.contains_key(i),
            Debt::Revolving(i) => world.live.get(*i).is_none_or(Option::is_none),
        });
        let touched = world.touched.iter().map(|t| t.figures.payoff);
        let live = world.live.iter().flatten().map(|l| l.payoff);
        self.last_payoff(
            untouched
                .map(|(p, _)| *p)
                .into_iter()
                .chain(touched)
                .chain(live)
                .max(),
        )
    }

    /// The latest payoff as reported: `None` past the horizon, the as-of date when no
    /// debt was ever owed.
    fn last_payoff(&self, latest: Option<NaiveDate>) -> Option<NaiveDate> {
        match latest {
            Some(NaiveDate::MAX) => None,
            Some(date) => Some(date),
            None => Some(self.as_of),
        }
    }

    fn months(&self, scenario: &[Decimal]) -> Vec<MonthFigures> {
        let last = |totals: &[Decimal]| totals.iter().rposition(|t| !t.is_zero());
        let Some(last) = last(&self.totals).max(last(scenario)) else {
            return Vec::new();
        };
        let month0 = YearMonth::of(self.as_of);
        let at = |totals: &[Decimal], k: usize| totals.get(k).copied().unwrap_or_default();
        (0..=last)
            .map(|k| {
                let (baseline, scenario) = (at(&self.totals, k), at(scenario, k));
                MonthFigures {
                    month: month0.plus(k as u32),
                    baseline,
                    scenario,
                    baseline_dti: self.dti(baseline),
                    scenario_dti: self.dti(scenario),
                }
            })
            .collect()
    }

    fn dti(&self, due: Decimal) -> Option<Decimal> {
        let income = self
            .data
            .profile
            .monthly_income
            .filter(|i| *i > Decimal::ZERO)?;
        Some(round_dp(due * Decimal::ONE_HUNDRED / income, 2))
    }

    /// Pay `budget` a month in `world`: minimums first, the rest by `strategy`.
    fn run_plan(
        &self,
        mut world: Applied<'_>,
        budget: Decimal,
        strategy: Strategy,
    ) -> Result<Plan, PlanError> {
        let order = self.plan_order(&world, strategy);
        let mut cleared = vec![false; order.len()];
        let mut cursor = 0;
        let month0 = YearMonth::of(self.as_of);
        let mut payments = Vec::new();
        for m in 0..HORIZON_MONTHS {
            let live_due = world.live_due(m);
            let settled = world.totals.iter().skip(m).all(Decimal::is_zero)
                && world
                    .live
                    .iter()
                    .flatten()
                    .all(|l| l.projection.balance().is_zero());
            if settled {
                break;
            }
            let month = month0.plus(m as u32);
            let due =
                |world: &Applied<'_>| world.totals.get(m).copied().unwrap_or_default() + live_due;
            let minimum = due(&world);
            if minimum > budget {
                return Err(Infeasible {
                    month,
                    minimum,
                    budget,
                }
                .into());
            }
            let mut spent = Decimal::ZERO;
            for (i, debt) in order.iter().enumerate().skip(cursor) {
                let extra = budget - due(&world) - spent;
                if extra <= Decimal::ZERO {
                    break;
                }
                if cleared[i] {
                    continue;
                }
                let step = match *debt {
                    PlanDebt::Loan(t) => world.extra_to_loan(t, month, extra)?,
                    PlanDebt::Revolving(a) => world.extra_to_account(a, m, extra),
                };
                match step {
                    Step::Skip => {}
                    Step::TooSmall => break,
                    Step::Paid(amount) => spent += amount,
                    Step::Cleared(amount) => {
                        spent += amount;
                        cleared[i] = true;
                    }
                }
            }
            while cursor < order.len() && cleared[cursor] {
                cursor += 1;
            }
            let paid = due(&world) + spent;
            world.pay_live();
            payments.push((month, paid));
        }
        Ok(Plan {
            strategy,
            budget,
            total_interest: world.interest,
            payoff_date: self.payoff_date(&world),
            order: self.cleared_order(&world, &order),
            payments,
        })
    }

    /// The debts that owe something, in the order `strategy` pays extra to them.
    fn plan_order(&self, world: &Applied<'_>, strategy: Strategy) -> Vec<PlanDebt> {
        // (debt, rate, balance). The rate is the nominal one interest runs at on the
        // balance: what an extra yuan saves. (A bullet loan's annualized rate, an IRR,
        // sits below its simple rate and would misorder it.)
        let mut debts: Vec<(PlanDebt, Decimal, Decimal)> = Vec::new();
        for (i, (loan, f)) in self.data.loans.iter().zip(&self.loans).enumerate() {
            if !world.by_index.contains_key(&i) && f.owes() {
                let rate = loan.terms().nominal_annual_percent();
                debts.push((PlanDebt::Loan(Key::Store(i)), rate, f.balance));
            }
        }
        for (t, touched) in world.touched.iter().enumerate() {
            if touched.figures.owes() {
                let rate = touched.loan.terms().nominal_annual_percent();
                debts.push((
                    PlanDebt::Loan(Key::Touched(t)),
                    rate,
                    touched.figures.balance,
                ));
            }
        }
        for (a, f) in self.revolving.iter().enumerate() {
            if let Some(f) = f {
                let rate = self.data.revolving[a].daily_rate * Decimal::from(365);
                debts.push((PlanDebt::Revolving(a), rate, f.balance));
            }
        }
        // Stable sorts: ties keep store order.
        match strategy {
            Strategy::Avalanche => debts.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2))),
            Strategy::Snowball => debts.sort_by(|a, b| a.2.cmp(&b.2).then(b.1.cmp(&a.1))),
        }
        debts.into_iter().map(|d| d.0).collect()
    }

    /// Debt ids by payoff date; ties in the plan's order.
    fn cleared_order(&self, world: &Applied<'_>, order: &[PlanDebt]) -> Vec<String> {
        let mut ids: Vec<(NaiveDate, usize, String)> = order
            .iter()
            .enumerate()
            .map(|(rank, debt)| {
                let (payoff, id) = match *debt {
                    PlanDebt::Loan(key) => match world.resolve(key) {
                        Ok(t) => (world.touched[t].figures.payoff, &world.touched[t].loan.id),
                        Err(i) => (self.loans[i].payoff, &self.data.loans[i].id),
                    },
                    PlanDebt::Revolving(a) => {
                        let payoff = match &world.live[a] {
                            Some(live) => live.payoff,
                            None => self.revolving[a].as_ref().map_or(self.as_of, |f| f.payoff),
                        };
                        (payoff, &self.data.revolving[a].id)
                    }
                };
                (payoff, rank, id.clone())
            })
            .collect();
        ids.sort();
        ids.into_iter().map(|(_, _, id)| id).collect()
    }
}

/// A new loan's fields: those `given`, the rest from a line's `offer` (its price only
/// when none was given, so a typed rate is never mixed with the line's).
pub fn prefill(given: &LoanInput, offer: &LoanInput) -> LoanInput {
    let priced =
        given.annual_rate.is_some() || given.daily_rate.is_some() || given.fee_rate.is_some();
    let mut input = given.clone();
    if !priced {
        input.annual_rate = offer.annual_rate;
        input.daily_rate = offer.daily_rate;
        input.fee_rate = offer.fee_rate;
        input.day_count = given.day_count.or(offer.day_count);
    }
    input.method = given.method.or(offer.method);
    input.term = given.term.or(offer.term);
    input
}

/// The cash that makes `pay` record `prepayment` as planned: what falls due on or before
/// its date (which `pay` settles first), then its principal, at most what is left, with
/// the interest that principal accrued since the last due date.
fn prepayment_cash(
    loan: &Loan,
    history: &[PaymentRecord],
    prepayment: &Prepayment,
) -> Result<Decimal, FieldError> {
    let state = ledger::loan_state(loan, history, prepayment.date)?;
    let due = state
        .installments
        .iter()
        .filter(|i| i.due_date <= prepayment.date);
    let due_now: Decimal = due.clone().map(ledger::Installment::outstanding).sum();
    let left = state.balance - due.map(|i| i.unpaid_principal).sum::<Decimal>();
    let principal = prepayment.amount.min(left);
    Ok(due_now
        + principal
        + schedule::prepayment_interest(&loan.terms(), principal, prepayment.date))
}

fn check_budget(budget: Decimal) -> Result<(), FieldError> {
    if budget <= Decimal::ZERO {
        return Err(FieldError::new(
            "budget",
            format!("must be greater than 0 (got {budget})"),
        ));
    }
    Ok(())
}

fn outcome(id: &str, name: &str, f: &Figures) -> DebtOutcome {
    DebtOutcome {
        id: id.to_string(),
        name: name.to_string(),
        balance: f.balance,
        interest: f.interest,
        payoff_date: (f.payoff != NaiveDate::MAX).then_some(f.payoff),
    }
}

impl Figures {
    fn empty() -> Self {
        Self {
            dues: Series::default(),
            interest: Decimal::ZERO,
            payoff: NaiveDate::MIN,
            balance: Decimal::ZERO,
        }
    }

    /// Whether anything is still to pay.
    fn owes(&self) -> bool {
        !self.balance.is_zero() || !self.dues.amounts.is_empty()
    }
}

/// A loan's dues by month, interest and payoff, with installments paid late by `delays`
/// (installment, days after its due date).
fn loan_figures(
    loan: &Loan,
    state: &LoanState,
    delays: &[(u32, u32)],
    as_of: NaiveDate,
) -> Result<Figures, FieldError> {
    for &(period, _) in delays {
        match state.installments.iter().find(|i| i.period == period) {
            None => {
                return Err(FieldError::new(
                    "period",
                    format!(
                        "loan {} has no installment {period} (1–{})",
                        loan.id,
                        state.installments.len()
                    ),
                ));
            }
            Some(i) if i.status == Status::Paid => {
                return Err(FieldError::new(
                    "period",
                    format!("installment {period} of loan {} is already paid", loan.id),
                ));
            }
            Some(_) => {}
        }
    }
    let month0 = YearMonth::of(as_of);
    let percent = loan.penalty_percent();
    let mut penalty = Decimal::ZERO;
    let mut payoff = state.schedule.payoff_date();
    let mut items = Vec::new();
    for inst in &state.installments {
        penalty += inst.paid_penalty + inst.unpaid_penalty;
        if inst.status == Status::Paid {
            continue;
        }
        // An overdue installment is settled on the as-of date; its penalty runs to then.
        let mut paid_on = inst.due_date.max(as_of);
        let mut amount = inst.outstanding();
        if let Some(&(_, days)) = delays.iter().rev().find(|d| d.0 == inst.period) {
            let late = inst.due_date + Days::new(days.into());
            if late < as_of {
                return Err(FieldError::new(
                    "days",
                    format!(
                        "installment {} of loan {} is already {} days late",
                        inst.period, loan.id, inst.days_late
                    ),
                ));
            }
            let extra = crate::engine::penalty::penalty_interest(
                inst.unpaid_principal,
                percent,
                loan.day_count,
                days_between(paid_on, late),
            );
            penalty += extra;
            amount += extra;
            paid_on = late;
        }
        let offset = usize::try_from(month0.months_until(YearMonth::of(paid_on))).unwrap_or(0);
        items.push((offset, amount));
        payoff = payoff.max(paid_on);
    }
    Ok(Figures {
        dues: Series::from_items(&items),
        interest: state.schedule.totals().interest + penalty,
        payoff,
        balance: state.balance,
    })
}

/// A revolving account paying only its minimum, as the minimum due projects it.
fn revolving_figures(
    account: &RevolvingAccount,
    payments: &[&PaymentRecord],
    as_of: NaiveDate,
) -> Option<Figures> {
    if account.statement_balance <= Decimal::ZERO {
        return None;
    }
    let mut projection = RevolvingProjection::new(account, as_of);
    let (mut items, mut interest, mut last_due) = (Vec::new(), Decimal::ZERO, as_of);
    for k in 0..HORIZON_MONTHS {
        if projection.balance().is_zero() {
            break;
        }
        let minimum = projection.minimum();
        items.push((k, unpaid_due(account, payments, &projection, k, as_of)));
        last_due = projection.due_date();
        interest += projection.pay(minimum);
    }
    Some(Figures {
        dues: Series::from_items(&items),
        interest,
        payoff: if projection.balance().is_zero() {
            last_due
        } else {
            NaiveDate::MAX
        },
        balance: account.statement_balance,
    })
}

/// What of the projection's minimum in month offset `k` is still to pay.
fn unpaid_due(
    account: &RevolvingAccount,
    payments: &[&PaymentRecord],
    projection: &RevolvingProjection,
    k: usize,
    as_of: NaiveDate,
) -> Decimal {
    // A month counts the payments since the previous due date, up to the as-of date: from
    // the second month on that window opens after the as-of date.
    if k >= 2 {
        return projection.minimum();
    }
    let item = dues::revolving_due_item(
        account,
        payments.iter().copied(),
        projection.month(),
        as_of,
        projection.minimum(),
    );
    item.filter(|i| i.status != Status::Paid)
        .map_or(Decimal::ZERO, |i| i.amount())
}

/// The principal left after every payment up to and including `day`.
fn balance_on(state: &LoanState, terms: &LoanTerms, day: NaiveDate) -> Decimal {
    let rows = &state.schedule.rows;
    match rows.partition_point(|r| r.due_date <= day) {
        0 => terms.principal,
        n => rows[n - 1].balance,
    }
}

/// A loan the scenario (or the planner) changes, recomputed.
#[derive(Debug, Clone)]
struct Touched<'s> {
    /// Its index in the store; `None` for a new loan.
    index: Option<usize>,
    loan: Cow<'s, Loan>,
    planned: Vec<Prepayment>,
    delays: Vec<(u32, u32)>,
    state: Option<LoanState>,
    figures: Figures,
}

/// A revolving account the planner pays more than its minimum.
#[derive(Debug, Clone)]
struct Live {
    projection: RevolvingProjection,
    extra: Decimal,
    payoff: NaiveDate,
}

/// How the planner names a loan: by store index until it is touched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Store(usize),
    Touched(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PlanDebt {
    Loan(Key),
    Revolving(usize),
}

/// What an extra payment did.
enum Step {
    /// The debt takes no extra this month.
    Skip,
    /// Too little to repay a cent of principal.
    TooSmall,
    /// Spent this much; the debt is still owed.
    Paid(Decimal),
    /// Spent this much and the debt is cleared.
    Cleared(Decimal),
}

/// The store with a scenario applied: touched loans, live accounts, moved totals.
#[derive(Debug, Clone)]
struct Applied<'s> {
    sim: &'s Simulator,
    touched: Vec<Touched<'s>>,
    by_index: HashMap<usize, usize>,
    live: Vec<Option<Live>>,
    totals: Vec<Decimal>,
    interest: Decimal,
}

impl<'s> Applied<'s> {
    fn new(sim: &'s Simulator) -> Self {
        Self {
            sim,
            touched: Vec::new(),
            by_index: HashMap::new(),
            live: vec![None; sim.data.revolving.len()],
            totals: sim.totals.clone(),
            interest: sim.interest,
        }
    }

    /// The touched entry of loan `id`, touching a store loan first if needed.
    fn find(&mut self, id: &str) -> Result<usize, FieldError> {
        if let Some(t) = self.touched.iter().position(|t| t.loan.id == id) {
            return Ok(t);
        }
        match self.sim.loan_ids.get(id) {
            Some(&i) => Ok(self.touch(i)),
            None => Err(FieldError::new(
                "loan",
                format!("no loan with id {id:?}; see `loandash list`"),
            )),
        }
    }

    /// Start tracking store loan `i` with its baseline figures.
    fn touch(&mut self, i: usize) -> usize {
        if let Some(&t) = self.by_index.get(&i) {
            return t;
        }
        self.touched.push(Touched {
            index: Some(i),
            loan: Cow::Borrowed(&self.sim.data.loans[i]),
            planned: Vec::new(),
            delays: Vec::new(),
            state: None,
            figures: self.sim.loans[i].clone(),
        });
        self.by_index.insert(i, self.touched.len() - 1);
        self.touched.len() - 1
    }

    /// `Ok(touched index)`, or `Err(store index)` for a loan not touched yet.
    fn resolve(&self, key: Key) -> Result<usize, usize> {
        match key {
            Key::Touched(t) => Ok(t),
            Key::Store(i) => self.by_index.get(&i).copied().ok_or(i),
        }
    }

    /// Recompute touched loan `t` and move the totals by the difference.
    fn recompute(&mut self, t: usize) -> Result<(), FieldError> {
        let entry = &self.touched[t];
        let state = self.sim.state(entry.index, &entry.loan, &entry.planned)?;
        let figures = loan_figures(&entry.loan, &state, &entry.delays, self.sim.as_of)?;
        let entry = &mut self.touched[t];
        entry.figures.dues.apply(&mut self.totals, 0, true);
        figures.dues.apply(&mut self.totals, 0, false);
        self.interest += figures.interest - entry.figures.interest;
        entry.figures = figures;
        entry.state = Some(state);
        Ok(())
    }

    /// Put up to `cash` on loan `key` in `month` as a `shorten` prepayment: on its due
    /// date, after the installment (as a card's extra goes with its minimum); a bullet
    /// loan, due once, takes it on the month's last day. A loan with no due date in the
    /// month takes none: what it would save lasts only until that installment.
    fn extra_to_loan(
        &mut self,
        key: Key,
        month: YearMonth,
        cash: Decimal,
    ) -> Result<Step, FieldError> {
        let t = match self.resolve(key) {
            Ok(t) => t,
            Err(i) => self.touch(i),
        };
        if self.touched[t].state.is_none() {
            self.recompute(t)?;
        }
        let entry = &self.touched[t];
        let terms = entry.loan.terms();
        let period = YearMonth::of(terms.start).months_until(month);
        let day = match u32::try_from(period) {
            Ok(k) if terms.method != Method::Bullet && (1..=terms.installments()).contains(&k) => {
                terms.due_date(k)
            }
            Ok(_) if terms.method == Method::Bullet && terms.maturity() > month.day(31) => {
                month.day(31)
            }
            _ => return Ok(Step::Skip),
        }
        .max(self.sim.as_of);
        let Some(state) = entry.state.as_ref().filter(|_| day >= terms.start) else {
            return Ok(Step::Skip);
        };
        let balance = balance_on(state, &terms, day);
        if balance.is_zero() {
            return Ok(Step::Cleared(Decimal::ZERO));
        }
        let accrued = |x| schedule::prepayment_interest(&terms, x, day);
        let principal = ledger::principal_within(cash, balance, accrued);
        if principal.is_zero() {
            return Ok(Step::TooSmall);
        }
        let spent = principal + accrued(principal);
        self.touched[t].planned.push(Prepayment {
            date: day,
            amount: principal,
            mode: PrepayMode::Shorten,
        });
        self.recompute(t)?;
        Ok(if principal == balance {
            Step::Cleared(spent)
        } else {
            Step::Paid(spent)
        })
    }

    /// Pay up to `cash` beyond the minimum on account `a` in month offset `m`.
    fn extra_to_account(&mut self, a: usize, m: usize, cash: Decimal) -> Step {
        if self.live[a].is_none() {
            // From now on the account leaves its minimum-only path: replay that path to
            // this month and take the rest of it out of the totals.
            let (sim, account) = (self.sim, &self.sim.data.revolving[a]);
            let mut projection = RevolvingProjection::new(account, sim.as_of);
            let mut interest = Decimal::ZERO;
            for _ in 0..m {
                interest += projection.pay(projection.minimum());
            }
            if let Some(f) = &sim.revolving[a] {
                f.dues.apply(&mut self.totals, m + 1, true);
                self.interest += interest - f.interest;
            }
            self.live[a] = Some(Live {
                projection,
                extra: Decimal::ZERO,
                payoff: NaiveDate::MAX,
            });
        }
        let Some(live) = self.live[a].as_mut() else {
            return Step::Skip;
        };
        let room = live.projection.balance() - live.projection.minimum() - live.extra;
        let extra = cash.min(room);
        live.extra += extra;
        if extra == room {
            Step::Cleared(extra)
        } else {
            Step::Paid(extra)
        }
    }

    /// What accounts already live owe this month (an account going live this month
    /// still has this month's minimum in the totals).
    fn live_due(&self, m: usize) -> Decimal {
        let sim = self.sim;
        self.live
            .iter()
            .enumerate()
            .filter_map(|(a, live)| {
                let live = live.as_ref()?;
                let payments: Vec<_> = sim.payments_of(&sim.account_payments[a]).collect();
                Some(unpaid_due(
                    &sim.data.revolving[a],
                    &payments,
                    &live.projection,
                    m,
                    sim.as_of,
                ))
            })
            .sum()
    }

    /// Pay every live account its minimum plus its extra for the month.
    fn pay_live(&mut self) {
        for live in self.live.iter_mut().flatten() {
            if live.projection.balance().is_zero() {
                continue;
            }
            let due = live.projection.due_date();
            let paid = live.projection.minimum() + live.extra;
            self.interest += live.projection.pay(paid);
            live.extra = Decimal::ZERO;
            if live.projection.balance().is_zero() {
                live.payoff = due;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::ledger::tests::worked_loan;
    use crate::engine::revolving::InterestBasis;
    use crate::store::PaymentKind;
    use rust_decimal_macros::dec;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn store() -> StoreData {
        StoreData {
            loans: vec![worked_loan()],
            ..StoreData::default()
        }
    }

    fn prepay(loan: &str, on: &str, amount: Decimal, mode: PrepayMode) -> Action {
        Action::Prepay {
            loan: loan.into(),
            prepayment: Prepayment {
                date: date(on),
                amount,
                mode,
            },
        }
    }

    #[test]
    fn the_worked_prepayment_saves_the_schedules_difference() {
        let sim = Simulator::new(&store(), date("2026-01-31")).unwrap();
        let scenario = Scenario {
            actions: vec![prepay("L1", "2026-03-10", dec!(3000), PrepayMode::Reduce)],
        };
        let c = sim.evaluate(&scenario).unwrap();
        let terms = worked_loan().terms();
        let with = schedule::build(
            &terms,
            &[Prepayment {
                date: date("2026-03-10"),
                amount: dec!(3000),
                mode: PrepayMode::Reduce,
            }],
        )
        .unwrap();
        let without = schedule::build(&terms, &[]).unwrap();
        assert_eq!(c.baseline.total_interest, without.totals().interest);
        assert_eq!(c.scenario.total_interest, with.totals().interest);
        assert_eq!(
            c.interest_saved,
            without.totals().interest - with.totals().interest
        );
        // February: 1,756.50 in both; March: the installment plus the prepayment's row is
        // not a minimum, so only 1,126.32 is due.
        assert_eq!(c.months[1].baseline, dec!(1756.50));
        assert_eq!(c.months[2].scenario, dec!(1126.32));
        assert_eq!(c.months.len(), 7);
        assert_eq!(c.changed.len(), 1);
    }

    #[test]
    fn month_zero_is_the_minimum_due_and_later_months_add_up() {
        let mut data = store();
        data.revolving.push(RevolvingAccount {
            id: "R1".into(),
            name: "花呗".into(),
            lender: String::new(),
            statement_balance: dec!(3000),
            statement_day: 1,
            due_day: 10,
            daily_rate: dec!(0.05),
            min_percent: dec!(10),
            min_floor: dec!(0),
            basis: InterestBasis::Remainder,
            line: None,
        });
        // Installment 1 (Feb 28) is 10 days overdue on Mar 10.
        let as_of = date("2026-03-10");
        let sim = Simulator::new(&data, as_of).unwrap();
        let c = sim.evaluate(&Scenario::default()).unwrap();
        let month0 = dues::minimum_due(&data, YearMonth::of(as_of), as_of).unwrap();
        assert_eq!(c.months[0].baseline, month0.total());
        for m in &c.months[1..12] {
            let due = dues::minimum_due(&data, m.month, as_of).unwrap();
            let carried: Decimal = due
                .items
                .iter()
                .filter(|i| i.status == Status::Overdue)
                .map(|i| i.amount())
                .sum();
            assert_eq!(m.baseline, due.total() - carried, "{}", m.month);
        }
        assert_eq!(c.interest_saved, Decimal::ZERO);
        // Paying only the minimum, the card outlives the loan.
        let card = sim.debts().into_iter().find(|d| d.id == "R1").unwrap();
        assert_eq!(c.baseline.payoff_date, card.payoff_date);
    }

    #[test]
    fn a_late_installment_adds_its_penalty_and_moves_a_month() {
        let sim = Simulator::new(&store(), date("2026-02-01")).unwrap();
        let late = Scenario {
            actions: vec![Action::Delay {
                loan: "L1".into(),
                period: 1,
                days: 10,
            }],
        };
        let c = sim.evaluate(&late).unwrap();
        // 1,616.50 × 27.375 % × 10 / 365, as in the ledger's own example.
        assert_eq!(c.interest_saved, dec!(-12.12));
        assert_eq!(c.months[0].scenario, dec!(0));
        assert_eq!(c.months[1].scenario, dec!(1756.50) + dec!(1768.62));
        let missing = Scenario {
            actions: vec![Action::Delay {
                loan: "L1".into(),
                period: 9,
                days: 1,
            }],
        };
        assert_eq!(sim.evaluate(&missing).unwrap_err().field, "period");
    }

    #[test]
    fn borrowing_adds_a_loan_and_its_interest() {
        let mut data = store();
        data.profile.monthly_income = Some(dec!(5000));
        data.lines.push(crate::store::CreditLine {
            name: "借呗".into(),
            lender: "Ant".into(),
            limit: dec!(15000),
        });
        data.loans[0].line = Some("借呗".into());
        let sim = Simulator::new(&data, date("2026-01-31")).unwrap();
        assert_eq!(sim.line_available("借呗"), Some(dec!(5000)));
        let offer = sim.line_offer("借呗").unwrap();
        let terms = LoanTerms::new(&LoanInput {
            principal: Some(dec!(5000)),
            ..offer
        })
        .unwrap();
        let scenario = Scenario {
            actions: vec![Action::Borrow {
                terms: terms.clone(),
                line: Some("借呗".into()),
            }],
        };
        let c = sim.evaluate(&scenario).unwrap();
        let added = schedule::build(&terms, &[]).unwrap().totals().interest;
        assert_eq!(c.interest_saved, -added);
        assert_eq!(c.changed[0].scenario.id, "L2");
        assert!(c.changed[0].baseline.is_none());
        // 1,756.50 over 5,000 of income; with the new loan's installment, above 50 %.
        assert_eq!(c.months[1].baseline_dti, Some(dec!(35.13)));
        assert!(c.dti_alerts().count() > 0);
        let too_much = Scenario {
            actions: vec![Action::Borrow {
                terms: LoanTerms {
                    principal: dec!(5000.01),
                    ..terms
                },
                line: Some("借呗".into()),
            }],
        };
        assert_eq!(sim.evaluate(&too_much).unwrap_err().field, "principal");
    }

    #[test]
    fn what_ifs_in_the_past_are_refused() {
        let sim = Simulator::new(&store(), date("2026-03-01")).unwrap();
        let past = Scenario {
            actions: vec![prepay("L1", "2026-02-10", dec!(100), PrepayMode::Shorten)],
        };
        assert_eq!(sim.evaluate(&past).unwrap_err().field, "date");
        let unknown = Scenario {
            actions: vec![prepay("L9", "2026-03-10", dec!(100), PrepayMode::Shorten)],
        };
        assert_eq!(sim.evaluate(&unknown).unwrap_err().field, "loan");
    }

    #[test]
    fn a_budget_pays_off_sooner_and_cheaper_than_the_minimums() {
        let mut data = store();
        data.loans.push(Loan {
            id: "L2".into(),
            rate: crate::engine::loan::Rate::Annual(dec!(6)),
            day_count: crate::engine::loan::DayCount::Thirty360,
            term: 12,
            ..worked_loan()
        });
        let sim = Simulator::new(&data, date("2026-01-31")).unwrap();
        let baseline = sim.baseline();
        let plan = sim
            .plan(&Scenario::default(), dec!(4000), Strategy::Avalanche)
            .unwrap();
        assert!(plan.total_interest < baseline.total_interest);
        assert!(plan.payoff_date < baseline.payoff_date);
        // The dearer 借呗 loan (18.25 %) is cleared first.
        assert_eq!(plan.order, ["L1", "L2"]);
        assert!(plan.payments.iter().all(|(_, p)| *p <= dec!(4000)));
        let snowball = sim
            .plan(&Scenario::default(), dec!(4000), Strategy::Snowball)
            .unwrap();
        assert!(plan.total_interest <= snowball.total_interest);
        let err = sim
            .plan(&Scenario::default(), dec!(100), Strategy::Avalanche)
            .unwrap_err();
        // January has nothing due; February's two installments are more than 100.
        assert!(matches!(err, PlanError::Infeasible(i) if i.month.to_string() == "2026-02"));
    }

    #[test]
    fn a_cheaper_line_is_weighed_in_money() {
        let mut data = store();
        data.lines.push(crate::store::CreditLine {
            name: "bank".into(),
            lender: "Bank".into(),
            limit: dec!(50000),
        });
        data.loans.push(Loan {
            id: "L2".into(),
            principal: dec!(1000),
            rate: crate::engine::loan::Rate::Annual(dec!(6)),
            day_count: crate::engine::loan::DayCount::Thirty360,
            term: 12,
            line: Some("bank".into()),
            ..worked_loan()
        });
        data.payments.push(PaymentRecord {
            id: 0,
            date: date("2026-02-28"),
            amount: dec!(1756.50),
            loan: "L1".into(),
            kind: PaymentKind::Scheduled,
            mode: None,
        });
        let sim = Simulator::new(&data, date("2026-03-01")).unwrap();
        let m = sim
            .refinance("L1")
            .unwrap()
            .expect("the bank line is cheaper");
        assert_eq!(m.line, "bank");
        // 8,383.50 left after February, plus a day's interest at 18.25 %.
        assert_eq!(m.amount, dec!(8383.50) + dec!(4.19));
        assert!(m.line_apr < m.loan_apr && m.saves(), "{m:?}");
        // L2 is on the only line: nowhere to move it.
        assert_eq!(sim.refinance("L2").unwrap(), None);
    }

    #[test]
    fn series_add_and_subtract_from_an_offset() {
        let s = Series::from_items(&[(2, dec!(1)), (4, dec!(2)), (2, dec!(3))]);
        let mut totals = vec![dec!(10); 3];
        s.apply(&mut totals, 0, false);
        assert_eq!(totals, [dec!(10), dec!(10), dec!(14), dec!(0), dec!(2)]);
        s.apply(&mut totals, 3, true);
        assert_eq!(totals, [dec!(10), dec!(10), dec!(14), dec!(0), dec!(0)]);
    }
}
