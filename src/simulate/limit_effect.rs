//! What a scenario does to each credit line's projected limit.

use super::{Scenario, Simulator, Step};
use crate::book::dues;
use crate::book::lines;
use crate::engine::loan::FieldError;
use crate::limit::{Event, LimitModel, MonthProjection, Projector, Record};
use rust_decimal::Decimal;
use std::collections::HashMap;

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

impl Simulator {
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
        let events = self.events(scenario);
        let months = LIMIT_EFFECT_MONTHS;
        let end = months as usize;
        let limit = |months: &[MonthProjection], at: usize| months.get(at).map(|m| m.limit.value);
        self.data
            .lines
            .iter()
            .map(|line| {
                let projector = Projector::new(&self.data, record, model, Some(&line.name))?;
                let baseline = projector.project_events(&[], months)?;
                let scenario = projector.project_events(&events, months)?;
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
    pub(super) fn events(&self, scenario: &Scenario) -> Vec<Event> {
        scenario
            .steps
            .iter()
            .filter_map(|step| match step {
                // At or above what is left, a prepayment pays the loan off.
                Step::Prepay { loan, prepayment } => Some(Event::Prepay {
                    loan: loan.clone(),
                    amount: prepayment.amount,
                    mode: prepayment.mode,
                }),
                Step::Borrow { terms, line } => Some(Event::Borrow {
                    line: line.clone(),
                    amount: terms.principal,
                }),
                Step::Delay { days, .. } => Some(Event::Late { days: *days }),
                Step::Budget { .. } => None,
            })
            .collect()
    }

    /// What is drawn on each line: its loans' balances and its accounts' balances, as
    /// the dashboard's credit lines count them.
    pub(super) fn line_used(&self) -> &HashMap<String, Decimal> {
        self.line_used.get_or_init(|| {
            let revolving = self
                .data
                .revolving
                .iter()
                .map(|a| dues::revolving_balance(&self.data, a, self.as_of));
            let drawn =
                lines::drawn_by_line(&self.data, self.loans.iter().map(|f| f.balance), revolving);
            (self.data.lines.iter())
                .zip(drawn)
                .map(|(line, drawn)| (line.name.clone(), drawn))
                .collect()
        })
    }
}
