//! Credit lines as the book sees them: what is drawn on each and left to borrow, and the
//! terms a new loan on a line gets. The dashboard, `list`, the simulator and the limit
//! projection all ask here.

use crate::engine::loan::{FieldError, LoanInput, LoanTerms};
use crate::store::{Loan, StoreData};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// What is drawn on each of `data`'s credit lines, in store order: the balances of the
/// loans and of the revolving accounts on it, given in store order (`loan_balances` one
/// per loan, `revolving_balances` one per account).
pub fn drawn_by_line(
    data: &StoreData,
    loan_balances: impl IntoIterator<Item = Decimal>,
    revolving_balances: impl IntoIterator<Item = Decimal>,
) -> Vec<Decimal> {
    let slots: HashMap<&str, usize> = (data.lines.iter().enumerate())
        .map(|(i, l)| (l.name.as_str(), i))
        .collect();
    let slot = |line: &Option<String>| line.as_deref().and_then(|name| slots.get(name).copied());
    let loans = data.loans.iter().map(|l| slot(&l.line)).zip(loan_balances);
    let accounts = data.revolving.iter().map(|a| slot(&a.line));
    drawn_by_slot(
        data.lines.len(),
        loans.chain(accounts.zip(revolving_balances)),
    )
}

/// What is drawn on each of `lines` credit lines, the one rule: each balance (a loan's or
/// a revolving account's) given with the place of its line in store order counts on that
/// line; one on no line counts on none.
pub fn drawn_by_slot(
    lines: usize,
    balances: impl IntoIterator<Item = (Option<usize>, Decimal)>,
) -> Vec<Decimal> {
    let mut drawn = vec![Decimal::ZERO; lines];
    for (slot, balance) in balances {
        if let Some(drawn) = slot.and_then(|s| drawn.get_mut(s)) {
            *drawn += balance;
        }
    }
    drawn
}

/// What is left to borrow on a line of `limit` with `drawn` in use: never below zero.
pub fn available(limit: Decimal, drawn: Decimal) -> Decimal {
    (limit - drawn).max(Decimal::ZERO)
}

/// The latest loan drawn on `line`: of those that start latest, the last in the store.
pub fn latest_loan(data: &StoreData, line: &str) -> Option<usize> {
    data.loans
        .iter()
        .enumerate()
        .filter(|(_, l)| l.line.as_deref() == Some(line))
        .max_by_key(|(_, l)| l.start)
        .map(|(i, _)| i)
}

/// What a new loan from the same lender as `loan` would be, starting on `start`: its
/// price, method, day count and term, and the lender's ways of rounding and splitting;
/// the principal is left to choose.
pub fn offer_like(loan: &Loan, start: NaiveDate) -> LoanInput {
    let terms = loan.terms();
    LoanInput {
        principal: None,
        start: Some(start),
        conventions: terms.conventions.lender_habits(),
        ..LoanInput::from(&terms)
    }
}

/// A new loan on a line, the one way both front ends, the simulator and the limit
/// projection make one: the fields `given`, the rest from `latest`, the line's latest
/// loan ([`offer_like`]), else (nothing drawn on the line yet, or on no line) from
/// `model`, the limit model's borrowing terms for a loan drawn on `start`.
pub fn new_loan(
    given: &LoanInput,
    start: NaiveDate,
    latest: Option<&Loan>,
    model: impl FnOnce(NaiveDate) -> LoanInput,
) -> Result<LoanTerms, FieldError> {
    let offer = latest.map_or_else(|| model(start), |loan| offer_like(loan, start));
    LoanTerms::new(&prefill(given, &offer))
}

/// The latest loan drawn on `line`, when one is named and anything was drawn on it.
pub fn latest_on<'a>(data: &'a StoreData, line: Option<&str>) -> Option<&'a Loan> {
    line.and_then(|name| latest_loan(data, name))
        .map(|i| &data.loans[i])
}

/// A new loan's fields: those `given`, the rest from `offer` (a line's, or where there
/// is none the limit model's borrowing terms). The price is taken whole from one side,
/// so a typed rate is never mixed with the offer's fee; the lender's conventions come
/// with the offer unless some were given.
pub fn prefill(given: &LoanInput, offer: &LoanInput) -> LoanInput {
    let priced =
        given.annual_rate.is_some() || given.daily_rate.is_some() || given.fee_rate.is_some();
    let mut input = given.clone();
    if !priced {
        input.annual_rate = offer.annual_rate;
        input.daily_rate = offer.daily_rate;
        input.fee_rate = offer.fee_rate;
        input.day_count = given.day_count.or(offer.day_count);
    }
    input.method = given.method.or(offer.method);
    input.term = given.term.or(offer.term);
    input.start = given.start.or(offer.start);
    if given.conventions.is_default() {
        input.conventions = offer.conventions.clone();
    }
    input
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::ledger::tests::{huabei, worked_loan};
    use crate::engine::loan::{Conventions, Rate};
    use crate::engine::money::Rounding;

    use crate::store::{CreditLine, RevolvingAccount};
    use rust_decimal_macros::dec;

    fn on_line(mut loan: Loan, id: &str, start: &str) -> Loan {
        loan.id = id.into();
        loan.line = Some("借呗".into());
        loan.start = start.parse().unwrap();
        loan
    }

    #[test]
    fn a_new_loan_on_a_line_copies_its_latest_loan_with_the_lenders_habits() {
        let mut older = on_line(worked_loan(), "L1", "2025-06-01");
        older.rate = Rate::Annual(dec!(24));
        let mut latest = on_line(worked_loan(), "L2", "2026-01-31");
        latest.conventions = Some(Conventions {
            rounding: Rounding::Down,
            first_due: Some("2026-03-05".parse().unwrap()),
            ..Conventions::default()
        });
        let data = StoreData {
            lines: vec![CreditLine {
                name: "借呗".into(),
                lender: "Ant".into(),
                limit: dec!(20000),
            }],
            loans: vec![latest.clone(), older],
            ..StoreData::default()
        };
        assert_eq!(latest_loan(&data, "借呗"), Some(0));
        assert_eq!(latest_loan(&data, "花呗"), None);
        let start = "2026-12-05".parse().unwrap();
        let offer = offer_like(latest_on(&data, Some("借呗")).unwrap(), start);
        let given = LoanInput {
            principal: Some(dec!(5000)),
            ..LoanInput::default()
        };
        let input = prefill(&given, &offer);
        let priced = LoanInput::from(&latest.terms());
        assert_eq!(
            (input.annual_rate, input.daily_rate),
            (None, priced.daily_rate)
        );
        assert_eq!(input.term, Some(latest.term));
        assert_eq!(input.start, Some(start));
        // The lender's rounding comes along; the old loan's dates do not.
        assert_eq!(input.conventions.rounding, Rounding::Down);
        assert_eq!(input.conventions.first_due, None);
        // A typed rate is taken whole: the offer's price is not mixed in.
        let typed = LoanInput {
            annual_rate: Some(dec!(12)),
            ..given
        };
        let input = prefill(&typed, &offer);
        assert_eq!(
            (input.annual_rate, input.daily_rate),
            (Some(dec!(12)), None)
        );
    }

    #[test]
    fn a_line_is_drawn_by_its_loans_and_cards_and_never_less_than_empty() {
        let loan = on_line(worked_loan(), "L1", "2026-01-31");
        let mut elsewhere = worked_loan();
        elsewhere.line = None;
        let card = RevolvingAccount {
            lender: "Ant".into(),
            line: Some("借呗".into()),
            ..huabei(dec!(50.5))
        };
        let line = |name: &str| CreditLine {
            name: name.into(),
            lender: "Ant".into(),
            limit: dec!(1000),
        };
        let data = StoreData {
            lines: vec![line("花呗"), line("借呗")],
            loans: vec![loan, elsewhere],
            revolving: vec![card],
            ..StoreData::default()
        };
        let drawn = drawn_by_line(&data, [dec!(700), dec!(300)], [dec!(50.5)]);
        assert_eq!(drawn, [Decimal::ZERO, dec!(750.5)]);
        assert_eq!(available(dec!(1000), dec!(750.5)), dec!(249.5));
        assert_eq!(available(dec!(1000), dec!(1200)), Decimal::ZERO);
    }
}
