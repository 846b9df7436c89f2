//! Keeping changes made here when the file changed meanwhile: a three-way merge of the
//! store as it was read (`base`), as changed here (`mine`) and as the file now holds it
//! (`theirs`), record by record. A record changed on one side only takes that side;
//! changed alike on both, either; a record both sides added under one id (both took the
//! next free one) keeps theirs and gets the next free id here. Only a record changed
//! differently on both sides, or changed on one and deleted on the other, is a conflict.

use super::schema::{PaymentRecord, StoreData};
use crate::language::Language;
use std::collections::HashMap;
use std::hash::Hash;

/// A record both sides changed differently (or one changed and the other deleted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The record, e.g. `loan L2`, `payment P7`, `profile`.
    pub record: String,
}

impl Conflict {
    /// The message, in `lang`.
    pub fn render(&self, lang: Language) -> String {
        match lang {
            Language::En => format!(
                "{} was changed both here and in the file; nothing was merged",
                self.record
            ),
            Language::Zh => format!("{} 在这里和文件中都被修改过；未合并", self.record),
        }
    }
}

/// How a record fared on one side.
enum Side<'a, T> {
    Same,
    Changed(&'a T),
    Deleted,
}

fn side<'a, T: PartialEq>(base: &T, now: Option<&'a T>) -> Side<'a, T> {
    match now {
        None => Side::Deleted,
        Some(now) if now == base => Side::Same,
        Some(now) => Side::Changed(now),
    }
}

/// Merge one kind of record keyed by `key`. Returns the merged records (in theirs'
/// order, then what was added here) and the records added here under a key theirs
/// also added with other content, for the caller to give a new key (or refuse).
fn merge_keyed<T: Clone + PartialEq, K: Eq + Hash + Clone>(
    base: &[T],
    mine: &[T],
    theirs: &[T],
    key: impl Fn(&T) -> K,
    name: impl Fn(&T) -> String,
) -> Result<(Vec<T>, Vec<T>), Conflict> {
    let index = |records: &[T]| -> HashMap<K, usize> {
        records
            .iter()
            .enumerate()
            .map(|(i, r)| (key(r), i))
            .collect()
    };
    let (in_base, in_mine, in_theirs) = (index(base), index(mine), index(theirs));
    let conflict = |record: &T| Conflict {
        record: name(record),
    };
    let mut merged = Vec::with_capacity(theirs.len());
    for record in theirs {
        let k = key(record);
        let Some(&b) = in_base.get(&k) else {
            merged.push(record.clone());
            continue;
        };
        let base = &base[b];
        let here = side(base, in_mine.get(&k).map(|&i| &mine[i]));
        match (here, side(base, Some(record))) {
            (Side::Same, _) => merged.push(record.clone()),
            (Side::Changed(m), Side::Same) => merged.push(m.clone()),
            (Side::Changed(m), Side::Changed(t)) if m == t => merged.push(m.clone()),
            (Side::Deleted, Side::Same) => {}
            _ => return Err(conflict(record)),
        }
    }
    let mut clashing = Vec::new();
    for record in mine {
        let k = key(record);
        match (in_base.get(&k), in_theirs.get(&k)) {
            // Changed here, deleted there.
            (Some(&b), None) if base[b] != *record => return Err(conflict(record)),
            (Some(_), _) => {}
            (None, None) => merged.push(record.clone()),
            (None, Some(&t)) if theirs[t] == *record => {}
            (None, Some(_)) => clashing.push(record.clone()),
        }
    }
    Ok((merged, clashing))
}

/// `mine`'s changes since `base` made on top of `theirs`; refused only on a true conflict.
pub fn merge(
    base: &StoreData,
    mine: &StoreData,
    theirs: &StoreData,
) -> Result<StoreData, Conflict> {
    let profile = match (mine.profile == base.profile, theirs.profile == base.profile) {
        (true, _) => theirs.profile.clone(),
        (false, true) => mine.profile.clone(),
        (false, false) if mine.profile == theirs.profile => mine.profile.clone(),
        (false, false) => {
            return Err(Conflict {
                record: "profile".into(),
            });
        }
    };
    let lines = merge_named([&base.lines, &mine.lines, &theirs.lines], "line", |l| {
        &l.name
    })?;
    let scenarios = merge_named(
        [&base.scenarios, &mine.scenarios, &theirs.scenarios],
        "scenario",
        |s| &s.name,
    )?;
    let (loans, loan_clash) =
        merge_by_id([&base.loans, &mine.loans, &theirs.loans], "loan", |l| &l.id)?;
    let (revolving, account_clash) = merge_by_id(
        [&base.revolving, &mine.revolving, &theirs.revolving],
        "account",
        |a| &a.id,
    )?;
    let mut merged = StoreData {
        version: theirs.version,
        profile,
        lines,
        loans,
        revolving,
        scenarios,
        ..StoreData::default()
    };
    // Records added on both sides under one id: theirs keep it, ours take the next.
    let mut renamed: HashMap<String, String> = HashMap::new();
    for mut loan in loan_clash {
        let id = merged.next_id("L");
        renamed.insert(std::mem::replace(&mut loan.id, id.clone()), id);
        merged.loans.push(loan);
    }
    for mut account in account_clash {
        let id = merged.next_id("R");
        renamed.insert(std::mem::replace(&mut account.id, id.clone()), id);
        merged.revolving.push(account);
    }
    // Payments added here (on a renamed record or not) are numbered after theirs.
    let relabelled = |p: &PaymentRecord| PaymentRecord {
        loan: renamed
            .get(&p.loan)
            .cloned()
            .unwrap_or_else(|| p.loan.clone()),
        ..p.clone()
    };
    let mine_payments: Vec<PaymentRecord> = mine.payments.iter().map(relabelled).collect();
    let (mut payments, clash) = merge_keyed(
        &base.payments,
        &mine_payments,
        &theirs.payments,
        |p| p.id,
        |p| format!("payment P{}", p.id),
    )?;
    payments.extend(clash.into_iter().map(|p| PaymentRecord { id: 0, ..p }));
    // What was added here is numbered after everything the file has given out.
    let in_base = |id: u32| base.payments.iter().any(|b| b.id == id);
    for payment in payments.iter_mut() {
        if !in_base(payment.id) && !theirs.payments.contains(payment) {
            payment.id = 0;
        }
    }
    merged.payments = payments;
    merged.last_payment_id = theirs.last_payment_id;
    merged.number_payments();
    Ok(merged)
}

/// Records known by id (loans, accounts) merged, and apart those added on both sides
/// under one id: they are renumbered.
fn merge_by_id<T: Clone + PartialEq>(
    [base, mine, theirs]: [&[T]; 3],
    what: &str,
    id: fn(&T) -> &String,
) -> Result<(Vec<T>, Vec<T>), Conflict> {
    merge_keyed(
        base,
        mine,
        theirs,
        |r| id(r).clone(),
        |r| format!("{what} {}", id(r)),
    )
}

/// Records known by name (lines, scenarios) merged; one added on both sides under one
/// name is refused, as a name is the user's and cannot be renumbered like an id.
fn merge_named<T: Clone + PartialEq>(
    [base, mine, theirs]: [&[T]; 3],
    what: &str,
    name: fn(&T) -> &String,
) -> Result<Vec<T>, Conflict> {
    let said = |record: &T| format!("{what} {:?}", name(record));
    let (merged, clash) = merge_keyed(base, mine, theirs, |r| name(r).clone(), said)?;
    match clash.first() {
        Some(record) => Err(Conflict {
            record: said(record),
        }),
        None => Ok(merged),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::demo_store;
    use crate::store::{CreditLine, PaymentKind};
    use chrono::NaiveDate;
    use rust_decimal::Decimal;

    fn base() -> StoreData {
        demo_store(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
    }

    fn payment(loan: &str, day: u32) -> PaymentRecord {
        PaymentRecord {
            id: 0,
            date: NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
            amount: Decimal::ONE_HUNDRED,
            loan: loan.to_string(),
            kind: PaymentKind::Scheduled,
            mode: None,
        }
    }

    fn added(data: &StoreData, record: PaymentRecord) -> StoreData {
        let mut data = data.clone();
        data.payments.push(record);
        data.number_payments();
        data
    }

    #[test]
    fn payments_added_on_both_sides_are_all_kept_with_ids_of_their_own() {
        let base = base();
        let theirs = added(&base, payment("L1", 21));
        let mine = added(&base, payment("L3", 22));
        assert_eq!(
            theirs.payments.last().unwrap().id,
            mine.payments.last().unwrap().id
        );
        let merged = merge(&base, &mine, &theirs).unwrap();
        assert_eq!(merged.payments.len(), base.payments.len() + 2);
        assert!(merged.validate().is_ok(), "{:?}", merged.validate());
        let theirs_payment = theirs.payments.last().unwrap();
        assert!(
            merged.payments.contains(theirs_payment),
            "theirs keeps its id"
        );
        let ours = merged
            .payments
            .iter()
            .find(|p| p.loan == "L3" && p.date.to_string() == "2026-11-22")
            .unwrap();
        assert_eq!(ours.id, theirs_payment.id + 1);
    }

    #[test]
    fn a_loan_added_on_both_sides_under_one_id_takes_the_next_with_its_payments() {
        let base = base();
        let new_loan = |name: &str| crate::store::Loan {
            id: base.next_id("L"),
            name: name.to_string(),
            ..base.loans[0].clone()
        };
        let mut theirs = base.clone();
        theirs.loans.push(new_loan("theirs"));
        let mut mine = base.clone();
        mine.loans.push(new_loan("mine"));
        let id = base.next_id("L");
        mine = added(&mine, payment(&id, 21));
        let merged = merge(&base, &mine, &theirs).unwrap();
        let ours = merged.loans.iter().find(|l| l.name == "mine").unwrap();
        assert_ne!(ours.id, id);
        assert!(
            merged
                .loans
                .iter()
                .any(|l| l.name == "theirs" && l.id == id)
        );
        assert_eq!(merged.payments.last().unwrap().loan, ours.id);
        assert!(merged.validate().is_ok(), "{:?}", merged.validate());
    }

    #[test]
    fn only_a_record_changed_on_both_sides_differently_is_a_conflict() {
        let base = base();
        let mut theirs = base.clone();
        theirs.loans[0].name = "renamed there".into();
        let mut mine = base.clone();
        mine.loans[1].name = "renamed here".into();
        let merged = merge(&base, &mine, &theirs).unwrap();
        assert_eq!(merged.loans[0].name, "renamed there");
        assert_eq!(merged.loans[1].name, "renamed here");

        mine.loans[0].name = "also renamed here".into();
        let conflict = merge(&base, &mine, &theirs).unwrap_err();
        assert_eq!(conflict.record, format!("loan {}", base.loans[0].id));
        assert!(conflict.render(Language::Zh).contains("都被修改过"));

        // Changed here, deleted there.
        let mut theirs = base.clone();
        theirs.loans.remove(1);
        let mut mine = base.clone();
        mine.loans[1].name = "kept here".into();
        assert!(merge(&base, &mine, &theirs).is_err());
        // Unchanged here, deleted there: gone.
        let merged = merge(&base, &base, &theirs).unwrap();
        assert_eq!(merged.loans, theirs.loans);
    }

    #[test]
    fn a_line_added_on_both_sides_under_one_name_with_other_limits_is_a_conflict() {
        let base = base();
        let line = |limit| CreditLine {
            name: "新额度".into(),
            lender: String::new(),
            limit: Decimal::from(limit),
        };
        let mut theirs = base.clone();
        theirs.lines.push(line(1000));
        let mut mine = base.clone();
        mine.lines.push(line(2000));
        assert!(merge(&base, &mine, &theirs).is_err());
        mine.lines[base.lines.len()] = line(1000);
        assert_eq!(merge(&base, &mine, &theirs).unwrap().lines, theirs.lines);
    }
}
