//! The payoff planner: a monthly budget paid avalanche (dearest first) or snowball
//! (smallest first) after every minimum.

use super::{Applied, Debt, HORIZON_MONTHS, Key, Scenario, Simulator, Summary};
use crate::book::dues::YearMonth;
use crate::engine::error::{Problem, spelled};
use crate::engine::field::Field;
use crate::engine::loan::FieldError;
use crate::engine::money::grouped;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

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

spelled!(Strategy);

/// A payoff plan that fits the budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayoffPlan {
    /// Its order.
    pub strategy: Strategy,
    /// The monthly budget.
    pub budget: Decimal,
    /// Interest over the life of every debt, and when all is paid, as a scenario's.
    pub summary: Summary,
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
    pub avalanche: Result<PayoffPlan, PlanError>,
    /// Smallest balance first.
    pub snowball: Result<PayoffPlan, PlanError>,
}

pub(super) fn check_budget(budget: Decimal) -> Result<(), FieldError> {
    if budget <= Decimal::ZERO {
        return Err(FieldError::typed(
            Field::Budget,
            Problem::NotPositive(budget),
        ));
    }
    Ok(())
}

/// What an extra payment did.
pub(super) enum ExtraPaid {
    /// The debt takes no extra this month.
    Skip,
    /// Too little to repay a cent of principal.
    TooSmall,
    /// Spent this much; the debt is still owed.
    Paid(Decimal),
    /// Spent this much and the debt is cleared.
    Cleared(Decimal),
}

impl Simulator {
    /// The payoff plan for `budget` a month with `strategy`, on top of `scenario`.
    pub fn plan(
        &self,
        scenario: &Scenario,
        budget: Decimal,
        strategy: Strategy,
    ) -> Result<PayoffPlan, PlanError> {
        check_budget(budget)?;
        let (world, _) = self.apply(scenario)?;
        self.run_plan(world, budget, strategy)
    }

    /// Pay `budget` a month in `world`: minimums first, the rest by `strategy`.
    pub(super) fn run_plan(
        &self,
        mut world: Applied<'_>,
        budget: Decimal,
        strategy: Strategy,
    ) -> Result<PayoffPlan, PlanError> {
        let order = self.plan_order(&world, strategy);
        let mut cleared = vec![false; order.len()];
        let mut cursor = 0;
        let month0 = YearMonth::of(self.as_of);
        let mut payments = Vec::new();
        // No month past 9999-12 is planned.
        for m in 0..HORIZON_MONTHS.min(month0.months_to_last() + 1) {
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
                    Debt::Loan(t) => world.extra_to_loan(t, month, extra)?,
                    Debt::Revolving(a) => world.extra_to_account(a, m, extra),
                };
                match step {
                    ExtraPaid::Skip => {}
                    ExtraPaid::TooSmall => break,
                    ExtraPaid::Paid(amount) => spent += amount,
                    ExtraPaid::Cleared(amount) => {
                        spent += amount;
                        cleared[i] = true;
                    }
                }
            }
            while cursor < order.len() && cleared[cursor] {
                cursor += 1;
            }
            let paid = due(&world) + spent;
            world.pay_live(m);
            payments.push((month, paid));
        }
        Ok(PayoffPlan {
            strategy,
            budget,
            summary: self.summary(&world),
            order: self.cleared_order(&world, &order),
            payments,
        })
    }

    /// The debts that owe something, in the order `strategy` pays extra to them.
    pub(super) fn plan_order(&self, world: &Applied<'_>, strategy: Strategy) -> Vec<Debt<Key>> {
        // (debt, rate, balance). The rate is the nominal one interest runs at on the
        // balance: what an extra yuan saves. (A bullet loan's annualized rate, an IRR,
        // sits below its simple rate and would misorder it.)
        let mut debts: Vec<(Debt<Key>, Decimal, Decimal)> = Vec::new();
        for (i, (loan, f)) in self.data.loans.iter().zip(&self.loans).enumerate() {
            if !world.by_index.contains_key(&i) && f.owes() {
                let rate = loan.terms().nominal_annual_percent();
                debts.push((Debt::Loan(Key::Store(i)), rate, f.balance));
            }
        }
        for (t, touched) in world.touched.iter().enumerate() {
            if touched.figures.owes() {
                let rate = touched.loan.terms().nominal_annual_percent();
                debts.push((Debt::Loan(Key::Touched(t)), rate, touched.figures.balance));
            }
        }
        for (a, f) in self.revolving.iter().enumerate() {
            if let Some(f) = f {
                let rate = self.data.revolving[a].daily_rate * Decimal::from(365);
                debts.push((Debt::Revolving(a), rate, f.balance));
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
    pub(super) fn cleared_order(&self, world: &Applied<'_>, order: &[Debt<Key>]) -> Vec<String> {
        let mut ids: Vec<(NaiveDate, usize, String)> = order
            .iter()
            .enumerate()
            .map(|(rank, debt)| {
                let (payoff, id) = match *debt {
                    Debt::Loan(key) => match world.resolve(key) {
                        Ok(t) => (world.touched[t].figures.payoff, &world.touched[t].loan.id),
                        Err(i) => (self.loans[i].payoff, &self.data.loans[i].id),
                    },
                    Debt::Revolving(a) => {
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
