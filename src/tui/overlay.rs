//! What sits on top of a view: help, a form, or the one yes/no question. The question
//! carries the change `y` runs, so every question answers the same keys the same way and
//! no change is run before it is asked about; it names what it changes by id, not by a
//! row's place, so a reload under the open question cannot turn it on another record.

use super::form::Form;
use crate::book::payments;
use crate::engine::loan::LoanTerms;
use crate::simulate::Enactment;
use crate::store::StoreData;

/// What sits on top of the view.
#[derive(Debug, Clone)]
pub enum Overlay {
    None,
    Help,
    Form(Form),
    /// A yes/no question carrying the change `y` runs.
    Confirm(Confirm),
    /// The file changed on disk while changes here are unsaved: reload, merge or save
    /// elsewhere?
    DiskChanged,
    /// The saved scenarios, to open or delete one.
    Scenarios {
        /// The highlighted scenario (index into the store's).
        selected: usize,
    },
}

/// A change waiting for `y`.
#[derive(Debug, Clone)]
pub enum Pending {
    /// Delete the loan or revolving account with this id, with its payments.
    DeleteDebt(String),
    /// Delete the payment with this id.
    DeletePayment(u32),
    /// Quit with changes not saved (`s` saves them elsewhere first).
    Quit,
    /// Save the scenario being edited over the saved one of this name.
    OverwriteScenario(String),
    /// Delete the saved scenario of this name (asked from the saved-scenarios list, at
    /// this place in it).
    DeleteScenario { name: String, selected: usize },
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

impl Pending {
    /// What this change is about, named, when `data` no longer has it.
    pub fn gone_from(&self, data: &StoreData) -> Option<String> {
        match self {
            Pending::DeleteDebt(id) | Pending::ApplyPlan { loan: id, .. } => {
                data.debt_name(id).is_none().then(|| id.clone())
            }
            Pending::DeletePayment(id) => {
                (!data.payments.iter().any(|p| p.id == *id)).then(|| payments::label(*id))
            }
            Pending::DeleteScenario { name, .. } => {
                (!data.scenarios.iter().any(|x| &x.name == name)).then(|| name.clone())
            }
            Pending::Quit | Pending::OverwriteScenario(_) | Pending::Apply(_) => None,
        }
    }
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
            Pending::DeleteScenario { selected, .. } => Overlay::Scenarios { selected },
            _ => Overlay::None,
        }
    }
}
