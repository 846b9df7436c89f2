//! Credit-limit projection (额度提升): how a credit score and one line's limit may move,
//! month by month, under a scenario — and which actions would raise them most.
//!
//! No lender publishes its model, so this one is transparent and configurable: a RON file
//! of factors, weights and limits ([`LimitModel`], shipped as `assets/limit_model.ron`),
//! and every figure it gives is an estimate. The factors are those of the seeds and of
//! public scoring practice (FICO publishes its weights: payment history 35 %, amounts
//! owed 30 %, length of history 15 %, new credit 10 %, mix 10 %; Sesame Credit names
//! credit history, behaviour, capacity to repay and identity). See [`Factor`] for how
//! each is computed.
//!
//! Inputs come from the store: loans and their payments (through [`ledger::loan_state`]),
//! credit lines, revolving accounts and the profile. Nothing here reads a file; the
//! caller passes the model's text in.
//!
//! Rules where DOMAIN.md is silent:
//! - today's score is the profile's; the model projects only its *change*. Without one,
//!   the model estimates today's score too, and the band is wider;
//! - a scenario acts the day after the as-of date; overdue installments are settled that
//!   day in every scenario (paying on time starts with catching up);
//! - future installments are paid on their due dates, balances follow the schedule, a
//!   revolving balance stays as it is, and utilization is measured against today's
//!   limits (a projected increase does not feed back into the score);
//! - the limit follows the score linearly from today's, rises only at reviews, falls at
//!   once, never below zero, and grows no further than an income ceiling.

mod model;
mod project;
mod record;
mod suggest;

pub use model::*;
pub use project::*;
#[cfg(test)]
pub(crate) use record::KEPT_MONTHS;
pub(crate) use record::LoanRecord;
pub use record::{Record, score_date};
pub use suggest::{SuggestedAction, Suggestion};
