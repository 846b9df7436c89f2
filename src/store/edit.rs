//! The edits the front ends make to the store's data, each in one place: a loan or
//! revolving account added or replaced, one deleted with its payments, payments
//! recorded, a credit line
//! added or resized, or deleted with what draws on it detached, a saved scenario kept
//! or deleted.

use super::schema::{CreditLine, Loan, PaymentRecord, RevolvingAccount, SavedScenario, StoreData};
use crate::engine::loan::{EarlyInterest, FieldError, LoanTerms};
use rust_decimal::Decimal;

impl StoreData {
    /// Put `loan` in the store: in place of the loan with its id, else added last.
    pub fn upsert_loan(&mut self, loan: Loan) {
        match self.loans.iter_mut().find(|l| l.id == loan.id) {
            Some(existing) => *existing = loan,
            None => self.loans.push(loan),
        }
    }

    /// Switch loan `id` to a lender's `terms` (`reconcile --apply|--pin`, the TUI's apply),
    /// keeping what a lender's plan says nothing about: its id, name, lender, penalty rate,
    /// line and early-interest choice, and the plan itself — unless the new terms no longer run interest on
    /// actual days, when early interest goes back to the default and the refusal that
    /// forced it is returned. No loan `id`: nothing changes.
    pub fn reterm_loan(&mut self, id: &str, terms: &LoanTerms) -> Option<FieldError> {
        let loan = self.loans.iter_mut().find(|l| l.id == id)?;
        let (early_interest, reset) = match loan.early_interest.check(terms) {
            Ok(()) => (loan.early_interest, None),
            Err(e) => (EarlyInterest::default(), Some(e)),
        };
        *loan = Loan {
            penalty_rate: loan.penalty_rate,
            line: loan.line.take(),
            early_interest,
            plan: loan.plan.take(),
            ..Loan::with_terms(
                std::mem::take(&mut loan.id),
                std::mem::take(&mut loan.name),
                std::mem::take(&mut loan.lender),
                terms,
            )
        };
        reset
    }

    /// Put `account` in the store: in place of the account with its id, else added last.
    pub fn upsert_revolving(&mut self, account: RevolvingAccount) {
        match self.revolving.iter_mut().find(|a| a.id == account.id) {
            Some(existing) => *existing = account,
            None => self.revolving.push(account),
        }
    }

    /// Record `records`, already checked, after the payments kept (numbered on save
    /// when they have no number yet).
    pub fn record_payments(&mut self, records: impl IntoIterator<Item = PaymentRecord>) {
        self.payments.extend(records);
    }

    /// Delete the loan or revolving account `id` and every payment recorded on it;
    /// whether there was one.
    pub fn remove_debt(&mut self, id: &str) -> bool {
        let before = self.loans.len() + self.revolving.len();
        self.loans.retain(|l| l.id != id);
        self.revolving.retain(|a| a.id != id);
        let removed = self.loans.len() + self.revolving.len() < before;
        if removed {
            self.payments.retain(|p| p.loan != id);
        }
        removed
    }

    /// The ids of the loans and revolving accounts drawing on the line `name`.
    pub fn line_users(&self, name: &str) -> Vec<String> {
        let loans = self.loans.iter().map(|l| (&l.id, &l.line));
        let accounts = self.revolving.iter().map(|a| (&a.id, &a.line));
        loans
            .chain(accounts)
            .filter(|(_, line)| line.as_deref() == Some(name))
            .map(|(id, _)| id.clone())
            .collect()
    }

    /// Set the line `name` to `limit` (and `lender`, when given), else add it last.
    pub fn upsert_line(&mut self, name: &str, lender: Option<String>, limit: Decimal) {
        match self.lines.iter_mut().find(|l| l.name == name) {
            Some(existing) => {
                existing.limit = limit;
                if let Some(lender) = lender {
                    existing.lender = lender;
                }
            }
            None => self.lines.push(CreditLine {
                name: name.to_string(),
                lender: lender.unwrap_or_default(),
                limit,
            }),
        }
    }

    /// Keep `saved` in place of the scenario of its name, else add it last.
    pub fn upsert_scenario(&mut self, saved: SavedScenario) {
        match self.scenarios.iter_mut().find(|x| x.name == saved.name) {
            Some(existing) => *existing = saved,
            None => self.scenarios.push(saved),
        }
    }

    /// Delete the saved scenario `name`; whether there was one.
    pub fn remove_scenario(&mut self, name: &str) -> bool {
        let before = self.scenarios.len();
        self.scenarios.retain(|x| x.name != name);
        self.scenarios.len() < before
    }

    /// Delete the line `name`; the loans and accounts that drew on it stay, on no line.
    pub fn remove_line(&mut self, name: &str) {
        let on_it = |line: &Option<String>| line.as_deref() == Some(name);
        for loan in self.loans.iter_mut().filter(|l| on_it(&l.line)) {
            loan.line = None;
        }
        for account in self.revolving.iter_mut().filter(|a| on_it(&a.line)) {
            account.line = None;
        }
        self.lines.retain(|l| l.name != name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::field::Field;
    use crate::store::{PaymentKind, PaymentRecord, from_ron};

    fn sample() -> StoreData {
        let demo = include_str!("../../assets/demo.ron");
        from_ron(demo, std::path::Path::new("demo.ron")).unwrap().0
    }

    #[test]
    fn a_debt_goes_with_its_payments_and_only_its_own() {
        let mut data = sample();
        let pay = |n: u32, loan: &str| PaymentRecord {
            id: n,
            date: "2026-01-10".parse().unwrap(),
            amount: 100.into(),
            loan: loan.to_string(),
            kind: PaymentKind::Scheduled,
            mode: None,
        };
        let (id, other) = (data.loans[0].id.clone(), data.loans[1].id.clone());
        data.payments = vec![pay(1, &id), pay(2, &other), pay(3, &id)];
        let others = data.payments.iter().filter(|p| p.loan != id).count();
        assert!(data.remove_debt(&id));
        assert!(data.loan(&id).is_none());
        assert_eq!(data.payments.len(), others);
        assert_eq!(others, 1);
        assert!(!data.remove_debt(&id));
        assert_eq!(data.payments.len(), others);
    }

    #[test]
    fn a_lenders_terms_replace_the_terms_and_keep_what_the_plan_does_not_say() {
        use crate::engine::loan::{DayCount, EarlyInterest, LoanInput};
        use crate::engine::money::Rounding;
        let mut data = sample();
        let id = data.loans[0].id.clone();
        let loan = &mut data.loans[0];
        loan.penalty_rate = Some(30.into());
        loan.early_interest = EarlyInterest::ToPaymentDate;
        let kept = loan.clone();
        let mut input = LoanInput::from(&kept.terms());
        input.conventions.rounding = Rounding::Down;
        let truncating = LoanTerms::new(&input).unwrap();
        assert_eq!(data.reterm_loan(&id, &truncating), None);
        let loan = data.loan(&id).unwrap();
        assert_eq!(loan.terms(), truncating);
        assert_eq!(
            (&loan.name, &loan.lender, loan.penalty_rate, &loan.line),
            (&kept.name, &kept.lender, kept.penalty_rate, &kept.line)
        );
        assert_eq!(loan.early_interest, EarlyInterest::ToPaymentDate);

        // Under 30/360 interest does not run by the day: early interest is the default again.
        input.day_count = Some(DayCount::Thirty360);
        let monthly = LoanTerms::new(&input).unwrap();
        let reset = data.reterm_loan(&id, &monthly).expect("reset");
        assert_eq!(reset.field, Field::EarlyInterest);
        assert_eq!(
            data.loan(&id).unwrap().early_interest,
            EarlyInterest::AsScheduled
        );
        assert_eq!(data.reterm_loan("L99", &monthly), None);
    }

    #[test]
    fn an_upsert_replaces_in_place_or_adds_last() {
        let mut data = sample();
        let mut loan = data.loans[0].clone();
        loan.name = "renamed".into();
        let count = data.loans.len();
        data.upsert_loan(loan.clone());
        assert_eq!((data.loans.len(), &data.loans[0]), (count, &loan));
        loan.id = data.next_id("L");
        data.upsert_loan(loan.clone());
        assert_eq!(data.loans.last(), Some(&loan));
    }

    #[test]
    fn a_line_upsert_resizes_in_place_keeping_an_unsaid_lender_or_adds_last() {
        let mut data = sample();
        let (name, lender) = (data.lines[0].name.clone(), data.lines[0].lender.clone());
        let count = data.lines.len();
        data.upsert_line(&name, None, 1234.into());
        assert_eq!(data.lines.len(), count);
        assert_eq!(
            (&data.lines[0].lender, data.lines[0].limit),
            (&lender, 1234.into())
        );
        data.upsert_line(&name, Some("another".into()), 99.into());
        assert_eq!(data.lines[0].lender, "another");
        data.upsert_line("new", None, 500.into());
        let added = data.lines.last().unwrap();
        assert_eq!((added.name.as_str(), added.lender.as_str()), ("new", ""));
    }

    #[test]
    fn a_scenario_is_kept_by_name_and_deleted_by_name() {
        let mut data = sample();
        data.scenarios.clear();
        let saved = |name: &str, n: usize| SavedScenario {
            name: name.into(),
            actions: vec![crate::store::WhatIf::Budget { amount: 100.into() }; n],
        };
        data.upsert_scenario(saved("a", 1));
        data.upsert_scenario(saved("b", 1));
        data.upsert_scenario(saved("a", 2));
        assert_eq!(data.scenarios, vec![saved("a", 2), saved("b", 1)]);
        assert!(data.remove_scenario("a"));
        assert!(!data.remove_scenario("a"));
        assert_eq!(data.scenarios, vec![saved("b", 1)]);
    }

    #[test]
    fn a_deleted_line_leaves_its_users_on_no_line() {
        let mut data = sample();
        data.lines.push(CreditLine {
            name: "spare".into(),
            lender: String::new(),
            limit: 1000.into(),
        });
        let name = data.lines[0].name.clone();
        let users = data.line_users(&name);
        assert!(!users.is_empty());
        data.remove_line(&name);
        assert!(data.lines.iter().all(|l| l.name != name));
        assert!(data.line_users(&name).is_empty());
        for id in users {
            let line = data.loan(&id).map(|l| l.line.clone());
            let line = line.or_else(|| {
                data.revolving
                    .iter()
                    .find(|a| a.id == id)
                    .map(|a| a.line.clone())
            });
            assert_eq!(line, Some(None), "{id}");
        }
        assert!(data.lines.iter().any(|l| l.name == "spare"));
    }
}
