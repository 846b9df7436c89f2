//! The limit view's state, held as `sim.rs` holds the simulator's: the model, the record
//! every line's projection reads, the selected line and scenario, and their projections.
//! Every figure comes from [`crate::limit`]; nothing here projects by itself.

use crate::book::ledger::LoanState;
use crate::book::overview::Overview;
use crate::engine::loan::FieldError;
use crate::engine::schedule::Schedule;
use crate::limit::{LimitModel, NotApplicable, Outlook, Projection, Projector, Record, Suggestion};
use crate::store::StoreData;
use rust_decimal::Decimal;

/// How many months the limit projection looks ahead.
pub const MONTHS: u32 = 12;

/// How many months ahead the dashboard card looks.
const CARD_MONTHS: u32 = 6;

/// One credit line's projections under each scenario, and what would raise it most.
#[derive(Debug, Clone)]
pub struct LineProjection {
    /// The line.
    pub line: String,
    /// Each scenario with its projection, or why it cannot apply to this line, in the
    /// order ←/→ cycles them.
    pub scenarios: Vec<(Outlook, Result<Projection, NotApplicable>)>,
    /// The actions that would raise the projection most.
    pub suggestions: Vec<Suggestion>,
}

/// What the limit view and the dashboard's limit card show.
#[derive(Debug)]
pub struct LimitState {
    /// The credit-limit model in use.
    pub model: LimitModel,
    /// The record every line's projection reads (while the store has a line; kept until
    /// the data changes).
    record: Option<Result<Record, FieldError>>,
    /// The selected line (index into the store's).
    pub line: usize,
    /// The selected scenario (index into the line's).
    pub scenario: usize,
    /// The selected line's projections (computed when the limit view is shown); a
    /// refusal is said in the language the view is drawn in.
    pub projection: Option<Result<LineProjection, FieldError>>,
    /// Every line's limit today and on time in 6 months, summed (the dashboard card).
    pub in_six: Option<(Decimal, Decimal)>,
}

impl LimitState {
    /// Nothing read yet; projected with `model`.
    pub fn new(model: LimitModel) -> LimitState {
        LimitState {
            model,
            record: None,
            line: 0,
            scenario: 0,
            projection: None,
            in_six: None,
        }
    }

    /// Read the record from every loan replayed (none while the store has no line).
    pub fn read(&mut self, data: &StoreData, record: Result<Option<Record>, &FieldError>) {
        self.record = match record {
            Ok(record) => record.map(Ok),
            Err(e) => (!data.lines.is_empty()).then(|| Err(e.clone())),
        };
    }

    /// The record read, when it could be.
    #[cfg(test)]
    pub fn record(&self) -> Option<&Record> {
        self.record.as_ref()?.as_ref().ok()
    }

    /// Take in the loans an edit changed (their new states), without reading every loan.
    pub fn patch<'s>(
        &mut self,
        data: &StoreData,
        changed: &[(usize, &LoanState)],
        schedule: impl Fn(usize) -> &'s Schedule + Sync,
    ) {
        if let Some(Ok(record)) = &mut self.record {
            record.patch(data, changed, schedule);
        }
    }

    /// After the data changed: the card anew; the line's projections when next shown.
    pub fn refreshed(&mut self, data: &StoreData) {
        self.in_six = self.project_card(data);
        self.projection = None;
    }

    fn project_card(&self, data: &StoreData) -> Option<(Decimal, Decimal)> {
        let record = self.record.as_ref()?.as_ref().ok()?;
        let (mut today, mut later) = (Decimal::ZERO, Decimal::ZERO);
        for line in &data.lines {
            let projector = Projector::new(data, record, &self.model, Some(&line.name)).ok()?;
            let projection = projector.project(&Outlook::OnTime, CARD_MONTHS).ok()?;
            today += projection.months.first()?.limit.value;
            later += projection.months.last()?.limit.value;
        }
        Some((today, later))
    }

    /// Project the selected line under each scenario.
    pub fn project(&mut self, data: &StoreData, overview: Option<&Overview>) {
        let (Some(line), Some(record)) = (data.lines.get(self.line), &self.record) else {
            self.projection = None;
            return;
        };
        let row = overview.and_then(|o| o.lines.iter().find(|l| l.name == line.name));
        let (used, available) =
            row.map_or((Decimal::ZERO, line.limit), |r| (r.used, r.available()));
        let project = |record: &Record| -> Result<LineProjection, FieldError> {
            let projector = Projector::new(data, record, &self.model, Some(&line.name))?;
            // A scenario that cannot apply (nothing left to repay early once the overdue
            // is caught up) is shown as such beside the others.
            let scenarios = Outlook::standard(line.limit, available, used)
                .into_iter()
                .map(|scenario| Ok((scenario, projector.outcome(&scenario, MONTHS)?)))
                .collect::<Result<Vec<_>, FieldError>>()?;
            let suggestions = projector.suggest(&Outlook::OnTime, MONTHS)?;
            Ok(LineProjection {
                line: line.name.clone(),
                scenarios,
                suggestions,
            })
        };
        let computed = match record {
            Ok(record) => project(record),
            Err(e) => Err(e.clone()),
        };
        self.scenario = self
            .scenario
            .min(computed.as_ref().map_or(0, |p| p.scenarios.len() - 1));
        self.projection = Some(computed);
    }

    /// Select the line `delta` away (within the store's); whether it moved.
    pub fn move_line(&mut self, delta: isize, data: &StoreData) -> bool {
        let Some(last) = data.lines.len().checked_sub(1) else {
            return false;
        };
        let moved = self.line.saturating_add_signed(delta).min(last);
        std::mem::replace(&mut self.line, moved) != moved
    }

    /// Select the next scenario (or the one before), round the line's.
    pub fn cycle_scenario(&mut self, forward: bool) {
        let count = (self.projection.as_ref())
            .and_then(|p| p.as_ref().ok())
            .map_or(1, |p| p.scenarios.len());
        let step = if forward { 1 } else { count - 1 };
        self.scenario = (self.scenario + step) % count;
    }
}
