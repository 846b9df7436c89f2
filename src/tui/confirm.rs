//! The one yes/no question: it carries the change `y` runs, so every question answers the
//! same keys the same way and no change is run before it is asked about.

use super::app::{Overlay, RowRef};
use crate::engine::loan::LoanTerms;
use crate::simulate::Enactment;

/// A change waiting for `y`.
#[derive(Debug, Clone)]
pub enum Pending {
    /// Delete this dashboard row (a loan or a revolving account) with its payments.
    DeleteRow(RowRef),
    /// Delete the payment with this id.
    DeletePayment(u32),
    /// Quit with changes not saved (`s` saves them elsewhere first).
    Quit,
    /// Save the scenario being edited over the saved one of this name.
    OverwriteScenario(String),
    /// Delete the saved scenario at this index (asked from the saved-scenarios list).
    DeleteScenario(usize),
    /// Write the scenario into the store, as listed.
    Apply(Box<Enactment>),
    /// Switch this loan to the terms its lender's plan shows.
    ApplyPlan {
        /// The loan's id.
        loan: String,
        /// The lender's terms, as found when asked.
        terms: Box<LoanTerms>,
    },
}

/// A question on top of the view.
#[derive(Debug, Clone)]
pub struct Confirm {
    /// What `y` runs.
    pub pending: Pending,
    /// First visible line, for a question listing more than fits (↑/↓ scroll it).
    pub offset: usize,
}

impl Confirm {
    /// Ask before running `pending`.
    pub fn ask(pending: Pending) -> Overlay {
        Overlay::Confirm(Confirm { pending, offset: 0 })
    }

    /// What shows once the answer is no: the list it was asked from, or nothing.
    pub fn declined(self) -> Overlay {
        match self.pending {
            Pending::DeleteScenario(selected) => Overlay::Scenarios { selected },
            _ => Overlay::None,
        }
    }
}
