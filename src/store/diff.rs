//! What changed between two versions of the data, found by the common start and end of
//! each list: an edit, an added or a removed record is a few records, whatever the size
//! of the store. A save checks only those read back; undo keeps only those.

use super::ends::difference;
use super::schema::StoreData;

/// One list's earlier part: `new[at..at + len]` was `old`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Splice<T> {
    at: usize,
    len: usize,
    old: Vec<T>,
}

impl<T: PartialEq + Clone> Splice<T> {
    fn between(earlier: &[T], later: &[T]) -> Splice<T> {
        let (old, new) = difference(earlier, later);
        Splice {
            at: new.start,
            len: new.len(),
            old: earlier[old].to_vec(),
        }
    }

    fn undo(&self, later: &[T]) -> Vec<T> {
        let mut list = later.to_vec();
        list.splice(self.at..self.at + self.len, self.old.iter().cloned());
        list
    }
}

/// How to take the data back to an earlier version, holding only the records that
/// changed (undo keeps dozens of these; whole copies of a large store would not fit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reverse {
    version: u32,
    profile: super::schema::Profile,
    lines: Splice<super::schema::CreditLine>,
    loans: Splice<super::schema::Loan>,
    revolving: Splice<super::schema::RevolvingAccount>,
    payments: Splice<super::schema::PaymentRecord>,
    last_payment_id: u32,
    scenarios: Splice<super::schema::SavedScenario>,
}

impl Reverse {
    /// What turns `later` back into `earlier`.
    pub fn between(earlier: &StoreData, later: &StoreData) -> Reverse {
        Reverse {
            version: earlier.version,
            profile: earlier.profile.clone(),
            lines: Splice::between(&earlier.lines, &later.lines),
            loans: Splice::between(&earlier.loans, &later.loans),
            revolving: Splice::between(&earlier.revolving, &later.revolving),
            payments: Splice::between(&earlier.payments, &later.payments),
            last_payment_id: earlier.last_payment_id,
            scenarios: Splice::between(&earlier.scenarios, &later.scenarios),
        }
    }

    /// `later` (the data this was made against) as it was before. Every field named, so
    /// one added to the data must be added here too.
    pub fn undo(&self, later: &StoreData) -> StoreData {
        StoreData {
            version: self.version,
            profile: self.profile.clone(),
            lines: self.lines.undo(&later.lines),
            loans: self.loans.undo(&later.loans),
            revolving: self.revolving.undo(&later.revolving),
            payments: self.payments.undo(&later.payments),
            last_payment_id: self.last_payment_id,
            scenarios: self.scenarios.undo(&later.scenarios),
        }
    }

    /// The earlier version's small parts and, of each list, the records it held where
    /// the later one differs.
    fn earlier_records(self) -> StoreData {
        StoreData {
            version: self.version,
            profile: self.profile,
            lines: self.lines.old,
            loans: self.loans.old,
            revolving: self.revolving.old,
            payments: self.payments.old,
            last_payment_id: self.last_payment_id,
            scenarios: self.scenarios.old,
        }
    }

    /// How many records it holds, to bound what undo keeps.
    pub fn records(&self) -> usize {
        self.lines.old.len()
            + self.loans.old.len()
            + self.revolving.old.len()
            + self.payments.old.len()
            + self.scenarios.old.len()
    }
}

/// The records of `new` that are not in `old` where they were (and the small parts
/// whole): what a save must check reads back. They are what undoing `old` back into
/// `new` would put back ([`difference`] is the same from either side).
pub fn changed_records(old: &StoreData, new: &StoreData) -> StoreData {
    Reverse::between(new, old).earlier_records()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Any two versions: the reverse of the change gives the earlier back exactly.
        #[test]
        fn undoing_a_change_gives_the_earlier_data_back(
            earlier in crate::generate::samples::stores(0..12),
            drop_loan in 0usize..12,
            drop_payments in 0usize..40,
            keep in 0usize..40,
        ) {
            let earlier = earlier.data;
            let mut later = earlier.clone();
            if drop_loan < later.loans.len() {
                let gone = later.loans.remove(drop_loan);
                later.payments.retain(|p| p.loan != gone.id);
            }
            let from = drop_payments.min(later.payments.len());
            let to = (from + keep).min(later.payments.len());
            later.payments.drain(from..to);
            later.profile.completeness = 7;
            let reverse = Reverse::between(&earlier, &later);
            prop_assert_eq!(reverse.undo(&later), earlier.clone());
            let changed = changed_records(&earlier, &later);
            // Only removals in the loans: nothing of them to check; the payments kept
            // between removed ones are all that is left of those.
            prop_assert!(changed.loans.is_empty());
            prop_assert!(changed.payments.len() <= later.payments.len());
            prop_assert_eq!(changed_records(&later, &earlier).loans.len(),
                earlier.loans.len() - later.loans.len());
        }
    }
}
