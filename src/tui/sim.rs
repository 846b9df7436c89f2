//! The simulator's state: a scenario being edited, and its comparison with the store,
//! re-evaluated on every change. A scenario never touches the store.

use crate::book::lines;
use crate::engine::error::Problem;
use crate::engine::field::Field;
use crate::engine::loan::{FieldError, LoanInput};
use crate::engine::revolving::Disclosure;
use crate::engine::schedule::{PrepayMode, Prepayment};
use crate::engine::validate::MAX_AMOUNT;
use crate::limit::LimitModel;
use crate::simulate::{Comparison, Enactment, LimitEffect, Refinance, Scenario, Simulator, Step};
use crate::store::{SavedScenario, StoreData, WhatIf};
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

/// The scenario being edited and what it does.
#[derive(Debug)]
pub struct SimState {
    /// The baseline, computed once per change of the store.
    pub simulator: Result<Simulator, FieldError>,
    /// The what-ifs, in order.
    pub items: Vec<WhatIf>,
    /// The selected item.
    pub selected: usize,
    /// Baseline against scenario (re-evaluated on every change).
    pub comparison: Result<Comparison, FieldError>,
    /// Where the scenario cannot apply: each what-if that cannot (its index and why), in
    /// order; empty when it applies whole.
    pub not_applicable: Vec<(usize, FieldError)>,
    /// Where the scenario cannot apply: the comparison of the what-ifs that can.
    pub others: Option<Comparison>,
    /// The saved scenario this one was loaded from or saved as.
    pub name: Option<String>,
    /// Moving the selected item's loan to a cheaper line: the loan's id and the result.
    pub refinance: Option<(String, Result<Option<Refinance>, FieldError>)>,
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
            comparison: Err(FieldError::typed(Field::Scenario, Problem::Missing)),
            not_applicable: Vec::new(),
            others: None,
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
        sim.items = self
            .items
            .into_iter()
            .filter(|i| applies(i, data))
            .collect();
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

    /// The items as the store keeps them, amounts in cents.
    pub fn saved_actions(&self) -> Vec<WhatIf> {
        let mut items = self.items.clone();
        for item in &mut items {
            if let WhatIf::Prepay { amount, .. }
            | WhatIf::Borrow { amount, .. }
            | WhatIf::Budget { amount } = item
            {
                amount.rescale(2);
            }
        }
        items
    }

    /// Open a saved scenario: the what-ifs whose loan or line is gone are skipped;
    /// returns how many.
    pub fn load(&mut self, saved: &SavedScenario, data: &StoreData) -> usize {
        self.items = (saved.actions.iter())
            .filter(|i| applies(i, data))
            .cloned()
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
    pub fn add(&mut self, item: WhatIf, data: &StoreData) {
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
        self.refresh_refinance();
    }

    /// The selected item's loan moved to a cheaper line, computed when that loan changes.
    fn refresh_refinance(&mut self) {
        let loan = match self.items.get(self.selected) {
            Some(WhatIf::Prepay { loan, .. } | WhatIf::Late { loan, .. }) => loan,
            _ => {
                self.refinance = None;
                return;
            }
        };
        if self.refinance.as_ref().is_some_and(|(id, _)| id == loan) {
            return;
        }
        let Ok(simulator) = &self.simulator else {
            self.refinance = None;
            return;
        };
        let result = simulator.refinance(loan);
        self.refinance = Some((loan.clone(), result));
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
            WhatIf::Prepay { amount, .. }
            | WhatIf::Borrow { amount, .. }
            | WhatIf::Budget { amount } => money(amount),
            WhatIf::Late { days, .. } => {
                let moved = i64::from(*days) + steps * i64::from(DAYS_STEP);
                *days = u32::try_from(moved.clamp(1, i64::from(crate::store::MAX_DELAY_DAYS)))
                    .unwrap_or(1);
            }
        }
        self.evaluate(data);
    }

    /// Point the selected item at the next loan that is `owing` (or the next line).
    pub fn next_target(&mut self, data: &StoreData, owing: impl Fn(&str) -> bool) {
        let Some(item) = self.items.get_mut(self.selected) else {
            return;
        };
        match item {
            WhatIf::Prepay { loan, .. } | WhatIf::Late { loan, .. } if !data.loans.is_empty() => {
                // The next loan that still owes something, in the store's order.
                let at = data.loans.iter().position(|l| l.id == *loan);
                let count = data.loans.len();
                let from = at.map_or(0, |i| i + 1);
                let next = (from..from + count)
                    .map(|i| &data.loans[i % count])
                    .find(|l| owing(&l.id));
                if let Some(next) = next {
                    *loan = next.id.clone();
                }
            }
            WhatIf::Borrow { line, .. } => {
                // No line, then each line in turn, then no line again.
                let at = (line.as_ref())
                    .and_then(|name| data.lines.iter().position(|l| l.name == *name));
                let next = at.map_or(0, |i| i + 1);
                *line = data.lines.get(next).map(|l| l.name.clone());
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
        if let Some(WhatIf::Prepay { mode, .. }) = self.items.get_mut(self.selected) {
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
            WhatIf::Prepay { loan, .. } | WhatIf::Late { loan, .. } => {
                data.loan(loan)?.line.as_deref()
            }
            WhatIf::Borrow { line, .. } => {
                let name = line.as_deref()?;
                data.lines
                    .iter()
                    .find(|l| l.name == name)
                    .map(|l| l.name.as_str())
            }
            WhatIf::Budget { .. } => None,
        }
    }

    /// The engine's scenario for the items.
    fn scenario(&self, data: &StoreData) -> Result<Scenario, FieldError> {
        self.scenario_of(data, |_| true)
    }

    /// The scenario of the items whose index is `kept`.
    fn scenario_of(
        &self,
        data: &StoreData,
        kept: impl Fn(usize) -> bool,
    ) -> Result<Scenario, FieldError> {
        let simulator = self.simulator.as_ref().map_err(Clone::clone)?;
        let as_of = simulator.as_of();
        let mut steps = Vec::with_capacity(self.items.len());
        let kept = (self.items.iter().enumerate()).filter(|(i, _)| kept(*i));
        for (_, item) in kept {
            steps.push(match item {
                WhatIf::Prepay { loan, amount, mode } => Step::Prepay {
                    loan: loan.clone(),
                    prepayment: Prepayment {
                        date: as_of,
                        amount: *amount,
                        mode: *mode,
                    },
                },
                WhatIf::Borrow { line, amount, term } => {
                    let given = LoanInput {
                        principal: Some(*amount),
                        term: Some(*term),
                        start: Some(as_of),
                        ..LoanInput::default()
                    };
                    let latest = lines::latest_on(data, line.as_deref());
                    let model = |start| self.limit_model.borrow.input(start);
                    Step::Borrow {
                        terms: lines::new_loan(&given, as_of, latest, model)?,
                        line: line.clone(),
                    }
                }
                WhatIf::Late { loan, days } => {
                    let loan = data.loan(loan).ok_or_else(|| {
                        let id = loan.clone();
                        FieldError::typed(Field::Loan, Problem::NoSuchLoan { id, see_list: true })
                    })?;
                    let state =
                        crate::book::ledger::loan_state(loan, data.payments_for(&loan.id), as_of)?;
                    let period = state.next_unpaid().map_or(1, |i| i.period);
                    Step::Delay {
                        loan: loan.id.clone(),
                        period,
                        days: *days,
                    }
                }
                WhatIf::Budget { amount } => Step::Budget { amount: *amount },
            });
        }
        Ok(Scenario { steps })
    }

    fn evaluate(&mut self, data: &StoreData) {
        self.refresh_refinance();
        let scenario = self.scenario(data);
        self.comparison = match (&self.simulator, &scenario) {
            (Ok(simulator), Ok(scenario)) => simulator.evaluate(scenario),
            (Err(e), _) | (_, Err(e)) => Err(e.clone()),
        };
        // Some item cannot apply: each is tried in order on top of those before it that
        // apply, so the reason shown is its own (whichever item is selected) and the
        // others' figures (and limits) still show beside it.
        let mut scenario = scenario;
        self.not_applicable.clear();
        self.others = None;
        if let (Err(_), Ok(simulator)) = (&self.comparison, &self.simulator)
            && !self.items.is_empty()
        {
            let mut applied = Vec::with_capacity(self.items.len());
            for item in 0..self.items.len() {
                applied.push(item);
                let tried = self.scenario_of(data, |i| applied.contains(&i));
                match tried.and_then(|s| simulator.evaluate(&s).map(|c| (s, c))) {
                    Ok((tried, comparison)) => {
                        scenario = Ok(tried);
                        self.others = Some(comparison);
                    }
                    Err(why) => {
                        applied.pop();
                        self.not_applicable.push((item, why));
                    }
                }
            }
            if self.others.is_none() {
                // Not one applies: the baseline alone.
                scenario = self.scenario_of(data, |_| false);
                self.others =
                    (scenario.as_ref().ok()).and_then(|scenario| simulator.evaluate(scenario).ok());
            }
        }
        // An estimate beside the exact figures: when it cannot be projected it is left out.
        self.limit = match (&self.simulator, &scenario) {
            (Ok(simulator), Ok(scenario)) if self.comparison.is_ok() || self.others.is_some() => {
                simulator
                    .limit_effects(scenario, &self.limit_model)
                    .unwrap_or_default()
            }
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

/// Whether `item`'s loan and line are in `data` (a what-if outlives a deleted loan only in
/// a saved scenario, which skips it).
fn applies(item: &WhatIf, data: &StoreData) -> bool {
    match item {
        WhatIf::Prepay { loan, .. } | WhatIf::Late { loan, .. } => data.loan(loan).is_some(),
        WhatIf::Borrow { line, .. } => (line.as_ref()).is_none_or(|name| data.line(name).is_ok()),
        WhatIf::Budget { .. } => true,
    }
}
