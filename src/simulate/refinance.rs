//! Moving a dearer loan onto a cheaper credit line, and a new loan's terms from a line.

use super::{Scenario, Simulator, Step, balance_on};
use crate::book::dues::YearMonth;
use crate::book::lines;
use crate::engine::field::Field;
use crate::engine::loan::{FieldError, LoanInput, LoanTerms};
use crate::engine::schedule::{self, PrepayMode, Prepayment};
use crate::engine::validate::MAX_TERM;
use rust_decimal::Decimal;

/// Moving a dearer loan onto a cheaper credit line: borrow on the line what clears the
/// loan on the as-of date, over the months the loan had left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refinance {
    /// The dearer loan.
    pub loan: String,
    /// Its annualized rate, percent.
    pub loan_apr: Decimal,
    /// The cheaper line.
    pub line: String,
    /// The annualized rate of the new loan on it, percent.
    pub line_apr: Decimal,
    /// Borrowed on the line: the loan's balance plus the interest it accrued.
    pub amount: Decimal,
    /// Interest saved over every loan's life; negative when moving costs more.
    pub interest_saved: Decimal,
}

impl Refinance {
    /// Whether moving the debt saves money.
    pub fn saves(&self) -> bool {
        self.interest_saved > Decimal::ZERO
    }
}

impl Simulator {
    /// What is left to borrow on `line` on the as-of date; an unknown line is refused.
    pub fn line_available(&self, line: &str) -> Result<Decimal, FieldError> {
        let limit = self.data.line(line)?.limit;
        let used = self.line_used().get(line).copied().unwrap_or_default();
        Ok(lines::available(limit, used))
    }

    /// Moving loan `id` to the cheapest credit line with room for it: borrow there what
    /// clears the loan on the as-of date, over the months it had left. `None` when no
    /// line is cheaper by annualized rate, or none has room.
    pub fn refinance(&self, id: &str) -> Result<Option<Refinance>, FieldError> {
        let Some(&index) = self.loan_ids.get(id) else {
            return Err(FieldError::typed(
                Field::Loan,
                crate::engine::error::Problem::NoSuchLoan {
                    id: id.to_string(),
                    see_list: true,
                },
            ));
        };
        let loan = &self.data.loans[index];
        let state = self.state(Some(index), loan, &[])?;
        let terms = loan.terms();
        let balance = balance_on(&state, &terms, self.as_of);
        if balance.is_zero() {
            return Ok(None);
        }
        let amount = balance + schedule::prepayment_interest(&terms, balance, self.as_of);
        let months = YearMonth::of(self.as_of).months_until(YearMonth::of(terms.maturity()));
        let term = u32::try_from(months).unwrap_or(1).clamp(1, MAX_TERM);
        // The cheapest line with room, priced as the loan it would be.
        let mut cheapest: Option<(Decimal, String, LoanTerms)> = None;
        for line in &self.data.lines {
            let own = loan.line.as_deref() == Some(line.name.as_str());
            let room = self.line_available(&line.name).is_ok_and(|a| a >= amount);
            // A line never drawn on has no lender's price to compare with.
            let Some(latest) =
                lines::latest_on(&self.data, Some(&line.name)).filter(|_| room && !own)
            else {
                continue;
            };
            let given = LoanInput {
                principal: Some(amount),
                term: Some(term),
                ..LoanInput::default()
            };
            // With a latest loan the limit model is never asked.
            let terms = lines::new_loan(&given, self.as_of, Some(latest), |_| LoanInput::default());
            let Ok(new_terms) = terms else {
                continue;
            };
            let apr = schedule::build(&new_terms, &[])?.apr();
            if cheapest.as_ref().is_none_or(|c| apr < c.0) {
                cheapest = Some((apr, line.name.clone(), new_terms));
            }
        }
        let Some((line_apr, line, new_terms)) = cheapest else {
            return Ok(None);
        };
        let loan_apr = state.schedule.apr();
        if line_apr >= loan_apr {
            return Ok(None);
        }
        let moved = Scenario {
            steps: vec![
                Step::Prepay {
                    loan: loan.id.clone(),
                    prepayment: Prepayment {
                        date: self.as_of,
                        amount: balance,
                        mode: PrepayMode::Shorten,
                    },
                },
                Step::Borrow {
                    terms: new_terms,
                    line: Some(line.clone()),
                },
            ],
        };
        Ok(Some(Refinance {
            loan: loan.id.clone(),
            loan_apr,
            line,
            line_apr,
            amount,
            interest_saved: self.evaluate(&moved)?.interest_saved(),
        }))
    }
}
