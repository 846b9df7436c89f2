//! The simulator's state: a scenario being edited, and its comparison with the store,
//! re-evaluated on every change. A scenario never touches the store.

use crate::book::lines;
use crate::engine::loan::{FieldError, LoanInput, LoanTerms};
use crate::engine::revolving::Disclosure;
use crate::engine::schedule::{PrepayMode, Prepayment};
use crate::engine::validate::MAX_AMOUNT;
use crate::limit::LimitModel;
use crate::simulate::{Action, Comparison, Enactment, LimitEffect, Refinance, Scenario, Simulator};
use crate::store::{SavedAction, SavedScenario, StoreData};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// What ←/→ add or take away from an amount; Shift multiplies by ten.
pub const AMOUNT_STEP: Decimal = Decimal::ONE_HUNDRED;
/// How many steps Shift-←/→ (`H`/`L`) take at once.
pub const BIG_STEPS: i64 = 10;
/// What `[`/`]` move the debt-to-income warning by, in percentage points.
pub const DTI_STEP: Decimal = Decimal::from_parts(5, 0, 0, false, 0);
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
    pub simulator: Result<Simulator, FieldError>,
    /// The what-ifs, in order.
    pub items: Vec<Item>,
    /// The selected item.
    pub selected: usize,
    /// Baseline against scenario (re-evaluated on every change).
    pub comparison: Result<Comparison, FieldError>,
    /// The saved scenario this one was loaded from or saved as.
    pub name: Option<String>,
    /// Moving the selected item's loan to a cheaper line: the loan (index) and the result.
    pub refinance: Option<(usize, Result<Option<Refinance>, FieldError>)>,
    /// Each revolving account that owes something: its name and what paying only the
    /// minimum takes.
    pub disclosures: Vec<(String, Disclosure)>,
    /// Every credit line's limit ahead without and with the scenario (none without
    /// lines, or when it cannot be projected).
    pub limit: Vec<LimitEffect>,
    /// The model the limit is projected with.
    limit_model: LimitModel,
}

impl SimState {
    /// A fresh scenario over `data`.
    pub fn new(data: &StoreData, as_of: NaiveDate, limit_model: &LimitModel) -> SimState {
        let simulator = Simulator::new(data, as_of);
        let disclosures = simulator.as_ref().map_or_else(
            |_| Vec::new(),
            |sim| {
                let disclosures = sim.disclosures().into_iter();
                disclosures.map(|(a, d)| (a.name.clone(), d)).collect()
            },
        );
        let mut state = SimState {
            simulator,
            items: Vec::new(),
            selected: 0,
            // Replaced by `evaluate` below.
            comparison: Err(FieldError::new("scenario", String::new())),
            name: None,
            refinance: None,
            disclosures,
            limit: Vec::new(),
            limit_model: limit_model.clone(),
        };
        state.evaluate(data);
        state
    }

    /// The same scenario over a changed store: the items that still point at something,
    /// its name and selection.
    pub fn rebase(self, data: &StoreData, as_of: NaiveDate) -> SimState {
        let mut sim = SimState::new(data, as_of, &self.limit_model);
        let fits = |item: &Item| match item {
            Item::Prepay { loan, .. } | Item::Late { loan, .. } => *loan < data.loans.len(),
            Item::Borrow { line, .. } => line.is_none_or(|l| l < data.lines.len()),
            Item::Budget { .. } => true,
        };
        sim.items = self.items.into_iter().filter(fits).collect();
        sim.name = self.name;
        if let (Ok(old), Ok(new)) = (&self.simulator, &mut sim.simulator) {
            new.set_dti_warning(old.dti_warning());
        }
        sim.selected = self.selected.min(sim.items.len().saturating_sub(1));
        sim.evaluate(data);
        sim
    }

    /// Drop every item (and the name).
    pub fn clear(&mut self, data: &StoreData) {
        self.items.clear();
        self.selected = 0;
        self.name = None;
        self.evaluate(data);
    }

    /// The items as the store keeps them: loans by id, lines by name, cents.
    pub fn saved_actions(&self, data: &StoreData) -> Vec<SavedAction> {
        let cents = |amount: &Decimal| {
            let mut amount = *amount;
            amount.rescale(2);
            amount
        };
        let loan_id = |i: &usize| data.loans[*i].id.clone();
        self.items
            .iter()
            .map(|item| match item {
                Item::Prepay { loan, amount, mode } => SavedAction::Prepay {
                    loan: loan_id(loan),
                    amount: cents(amount),
                    mode: *mode,
                },
                Item::Borrow { line, amount, term } => SavedAction::Borrow {
                    line: line.map(|i| data.lines[i].name.clone()),
                    amount: cents(amount),
                    term: *term,
                },
                Item::Late { loan, days } => SavedAction::Late {
                    loan: loan_id(loan),
                    days: *days,
                },
                Item::Budget { amount } => SavedAction::Budget {
                    amount: cents(amount),
                },
            })
            .collect()
    }

    /// Replace the items with `saved`'s; returns how many were left out because their
    /// loan or line is no longer in the store.
    pub fn load(&mut self, saved: &SavedScenario, data: &StoreData) -> usize {
        let loan = |id: &str| data.loans.iter().position(|l| l.id == id);
        let line = |name: &str| data.lines.iter().position(|l| l.name == name);
        self.items = saved
            .actions
            .iter()
            .filter_map(|action| {
                Some(match action {
                    SavedAction::Prepay {
                        loan: id,
                        amount,
                        mode,
                    } => Item::Prepay {
                        loan: loan(id)?,
                        amount: *amount,
                        mode: *mode,
                    },
                    SavedAction::Borrow {
                        line: name,
                        amount,
                        term,
                    } => Item::Borrow {
                        line: match name {
                            Some(name) => Some(line(name)?),
                            None => None,
                        },
                        amount: *amount,
                        term: *term,
                    },
                    SavedAction::Late { loan: id, days } => Item::Late {
                        loan: loan(id)?,
                        days: *days,
                    },
                    SavedAction::Budget { amount } => Item::Budget { amount: *amount },
                })
            })
            .collect();
        self.selected = 0;
        self.name = Some(saved.name.clone());
        self.evaluate(data);
        saved.actions.len() - self.items.len()
    }

    /// The store with the scenario made real (see [`Simulator::enact`]).
    pub fn enact(&self, data: &StoreData, new_loan_name: &str) -> Result<Enactment, FieldError> {
        let simulator = self.simulator.as_ref().map_err(Clone::clone)?;
        let scenario = self.scenario(data)?;
        simulator.enact(&scenario, new_loan_name)
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
    pub fn select(&mut self, delta: isize, data: &StoreData) {
        self.selected = self
            .selected
            .saturating_add_signed(delta)
            .min(self.items.len().saturating_sub(1));
        self.refresh_refinance(data);
    }

    /// The selected item's loan moved to a cheaper line, computed when that loan changes.
    fn refresh_refinance(&mut self, data: &StoreData) {
        let loan = match self.items.get(self.selected) {
            Some(Item::Prepay { loan, .. } | Item::Late { loan, .. }) => *loan,
            _ => {
                self.refinance = None;
                return;
            }
        };
        if self.refinance.as_ref().is_some_and(|(i, _)| *i == loan) {
            return;
        }
        let (Ok(simulator), Some(record)) = (&self.simulator, data.loans.get(loan)) else {
            self.refinance = None;
            return;
        };
        let result = simulator.refinance(&record.id);
        self.refinance = Some((loan, result));
    }

    /// Adjust the selected item's amount (or days) by `steps` steps.
    pub fn adjust(&mut self, steps: i64, data: &StoreData) {
        let Some(item) = self.items.get_mut(self.selected) else {
            return;
        };
        // Kept inside the one accepted range, so no step can overflow.
        let money = |amount: &mut Decimal| {
            let moved = amount.checked_add(AMOUNT_STEP * Decimal::from(steps));
            *amount = moved.map_or(MAX_AMOUNT, |m| m.clamp(AMOUNT_STEP, MAX_AMOUNT));
        };
        match item {
            Item::Prepay { amount, .. } | Item::Borrow { amount, .. } | Item::Budget { amount } => {
                money(amount)
            }
            Item::Late { days, .. } => {
                let moved = i64::from(*days) + steps * i64::from(DAYS_STEP);
                *days = u32::try_from(moved.clamp(1, i64::from(crate::store::MAX_DELAY_DAYS)))
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

    /// Move the debt-to-income warning threshold by `steps` of [`DTI_STEP`] points.
    pub fn adjust_dti_warning(&mut self, steps: i64, data: &StoreData) {
        if let Ok(simulator) = &mut self.simulator {
            let moved = simulator.dti_warning() + DTI_STEP * Decimal::from(steps);
            simulator.set_dti_warning(moved.clamp(DTI_STEP, Decimal::ONE_THOUSAND));
            self.evaluate(data);
        }
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

    /// The credit line the selected item draws on or repays, if any.
    fn selected_line<'a>(&self, data: &'a StoreData) -> Option<&'a str> {
        match self.items.get(self.selected)? {
            Item::Prepay { loan, .. } | Item::Late { loan, .. } => {
                data.loans.get(*loan)?.line.as_deref()
            }
            Item::Borrow { line, .. } => Some(data.lines.get((*line)?)?.name.as_str()),
            Item::Budget { .. } => None,
        }
    }

    /// The engine's scenario for the items.
    fn scenario(&self, data: &StoreData) -> Result<Scenario, FieldError> {
        let simulator = self.simulator.as_ref().map_err(Clone::clone)?;
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
                        .and_then(|n| lines::offer(data, n, as_of))
                        .unwrap_or_else(|| self.limit_model.borrow.input(as_of));
                    let given = LoanInput {
                        principal: Some(*amount),
                        term: Some(*term),
                        start: Some(as_of),
                        ..LoanInput::default()
                    };
                    Action::Borrow {
                        terms: LoanTerms::new(&lines::prefill(&given, &offer))?,
                        line: name,
                    }
                }
                Item::Late { loan, days } => {
                    let loan = &data.loans[*loan];
                    let state =
                        crate::book::ledger::loan_state(loan, data.payments_for(&loan.id), as_of)?;
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
        self.refresh_refinance(data);
        let scenario = self.scenario(data);
        self.comparison = match (&self.simulator, &scenario) {
            (Ok(simulator), Ok(scenario)) => simulator.evaluate(scenario),
            (Err(e), _) | (_, Err(e)) => Err(e.clone()),
        };
        // An estimate beside the exact figures: when it cannot be projected it is left out.
        self.limit = match (&self.simulator, &scenario) {
            (Ok(simulator), Ok(scenario)) => simulator
                .limit_effects(scenario, &self.limit_model)
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        // The selected item's line first, then the others in store order.
        let selected = self.selected_line(data);
        if let Some(at) = self
            .limit
            .iter()
            .position(|e| Some(e.line.as_str()) == selected)
        {
            self.limit[..=at].rotate_right(1);
        }
    }
}
