//! The simulator's state: a scenario being edited, and its comparison with the store,
//! re-evaluated on every change. A scenario never touches the store.

use crate::loan::{FieldError, LoanInput, LoanTerms, Method};
use crate::schedule::{PrepayMode, Prepayment};
use crate::simulate::{Action, Comparison, Scenario, Simulator};
use crate::store::StoreData;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// What ←/→ add or take away from an amount; Shift multiplies by ten.
pub const AMOUNT_STEP: Decimal = Decimal::ONE_HUNDRED;
/// What ←/→ add or take away from a delay, in days.
pub const DAYS_STEP: u32 = 1;

/// One editable what-if.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// Prepay `amount` of loan `loan` (index into the store's loans) on the as-of date.
    Prepay {
        loan: usize,
        amount: Decimal,
        mode: PrepayMode,
    },
    /// Borrow `amount` for `term` months, on the terms of the line's latest loan.
    Borrow {
        line: Option<usize>,
        amount: Decimal,
        term: u32,
    },
    /// Pay the loan's next installment `days` late.
    Late { loan: usize, days: u32 },
    /// Pay `amount` a month in all (the payoff planner).
    Budget { amount: Decimal },
}

/// The scenario being edited and what it does.
#[derive(Debug)]
pub struct SimState {
    /// The baseline, computed once per change of the store.
    pub simulator: Result<Simulator, String>,
    /// The what-ifs, in order.
    pub items: Vec<Item>,
    /// The selected item.
    pub selected: usize,
    /// Baseline against scenario (re-evaluated on every change).
    pub comparison: Result<Comparison, String>,
}

/// Rate and method of a loan borrowed where no line offers terms: 借呗's common 0.04 %/day.
fn default_offer(as_of: NaiveDate) -> LoanInput {
    LoanInput {
        daily_rate: Some(Decimal::new(4, 2)),
        method: Some(Method::EqualInstallment),
        start: Some(as_of),
        ..LoanInput::default()
    }
}

impl SimState {
    /// A fresh scenario over `data`.
    pub fn new(data: &StoreData, as_of: NaiveDate) -> SimState {
        let simulator = Simulator::new(data, as_of).map_err(|e| e.to_string());
        let mut state = SimState {
            simulator,
            items: Vec::new(),
            selected: 0,
            comparison: Err(String::new()),
        };
        state.evaluate(data);
        state
    }

    /// Add an item and select it.
    pub fn add(&mut self, item: Item, data: &StoreData) {
        self.items.push(item);
        self.selected = self.items.len() - 1;
        self.evaluate(data);
    }

    /// Remove the selected item.
    pub fn remove(&mut self, data: &StoreData) {
        if self.selected < self.items.len() {
            self.items.remove(self.selected);
            self.selected = self.selected.min(self.items.len().saturating_sub(1));
            self.evaluate(data);
        }
    }

    /// Move the selection.
    pub fn select(&mut self, delta: isize) {
        self.selected = self
            .selected
            .saturating_add_signed(delta)
            .min(self.items.len().saturating_sub(1));
    }

    /// Adjust the selected item's amount (or days) by `steps` steps.
    pub fn adjust(&mut self, steps: i64, data: &StoreData) {
        let Some(item) = self.items.get_mut(self.selected) else {
            return;
        };
        let money = |amount: &mut Decimal| {
            *amount = (*amount + AMOUNT_STEP * Decimal::from(steps)).max(AMOUNT_STEP);
        };
        match item {
            Item::Prepay { amount, .. } | Item::Borrow { amount, .. } | Item::Budget { amount } => {
                money(amount)
            }
            Item::Late { days, .. } => {
                let moved = i64::from(*days) + steps * i64::from(DAYS_STEP);
                *days = u32::try_from(moved.clamp(1, i64::from(crate::simulate::MAX_DELAY_DAYS)))
                    .unwrap_or(1);
            }
        }
        self.evaluate(data);
    }

    /// Point the selected item at the next loan (or line).
    pub fn next_target(&mut self, data: &StoreData) {
        let Some(item) = self.items.get_mut(self.selected) else {
            return;
        };
        match item {
            Item::Prepay { loan, .. } | Item::Late { loan, .. } if !data.loans.is_empty() => {
                *loan = (*loan + 1) % data.loans.len();
            }
            Item::Borrow { line, .. } => {
                *line = match *line {
                    None if !data.lines.is_empty() => Some(0),
                    Some(i) if i + 1 < data.lines.len() => Some(i + 1),
                    _ => None,
                };
            }
            _ => return,
        }
        self.evaluate(data);
    }

    /// Switch the selected prepayment between shorten and reduce.
    pub fn toggle_mode(&mut self, data: &StoreData) {
        if let Some(Item::Prepay { mode, .. }) = self.items.get_mut(self.selected) {
            *mode = match mode {
                PrepayMode::Shorten => PrepayMode::Reduce,
                PrepayMode::Reduce => PrepayMode::Shorten,
            };
            self.evaluate(data);
        }
    }

    /// The engine's scenario for the items.
    fn scenario(&self, data: &StoreData) -> Result<Scenario, FieldError> {
        let simulator = self
            .simulator
            .as_ref()
            .map_err(|e| FieldError::new("scenario", e.clone()))?;
        let as_of = simulator.as_of();
        let mut actions = Vec::with_capacity(self.items.len());
        for item in &self.items {
            actions.push(match item {
                Item::Prepay { loan, amount, mode } => Action::Prepay {
                    loan: data.loans[*loan].id.clone(),
                    prepayment: Prepayment {
                        date: as_of,
                        amount: *amount,
                        mode: *mode,
                    },
                },
                Item::Borrow { line, amount, term } => {
                    let name = line.and_then(|i| data.lines.get(i)).map(|l| l.name.clone());
                    let offer = name
                        .as_deref()
                        .and_then(|n| simulator.line_offer(n))
                        .unwrap_or_else(|| default_offer(as_of));
                    let given = LoanInput {
                        principal: Some(*amount),
                        term: Some(*term),
                        start: Some(as_of),
                        ..LoanInput::default()
                    };
                    let mut input = crate::simulate::prefill(&given, &offer);
                    if input.annual_rate.is_none()
                        && input.daily_rate.is_none()
                        && input.method != Some(Method::FlatFee)
                    {
                        input.daily_rate = Some(Decimal::new(4, 2));
                    }
                    Action::Borrow {
                        terms: LoanTerms::new(&input)?,
                        line: name,
                    }
                }
                Item::Late { loan, days } => {
                    let loan = &data.loans[*loan];
                    let state =
                        crate::ledger::loan_state(loan, data.payments_for(&loan.id), as_of)?;
                    let period = state.next_unpaid().map_or(1, |i| i.period);
                    Action::Delay {
                        loan: loan.id.clone(),
                        period,
                        days: *days,
                    }
                }
                Item::Budget { amount } => Action::Budget { amount: *amount },
            });
        }
        Ok(Scenario { actions })
    }

    fn evaluate(&mut self, data: &StoreData) {
        self.comparison = match (&self.simulator, self.scenario(data)) {
            (Ok(simulator), Ok(scenario)) => {
                simulator.evaluate(&scenario).map_err(|e| e.to_string())
            }
            (Err(e), _) => Err(e.clone()),
            (_, Err(e)) => Err(e.to_string()),
        };
    }
}
