//! Older store versions, and how each becomes the current one in memory. The file on
//! disk is only rewritten by the next save, which first keeps a copy (`<store>.v1.bak`).

use super::schema::{Loan, PaymentKind, PaymentRecord, StoreData};
use crate::loan::{DayCount, Method, Rate};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Version 1: loans priced by an annual rate under 30/360, and payments; no profile,
/// credit lines, revolving accounts, lenders, day counts, rate kinds or prepayment modes.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct V1 {
    version: u32,
    #[serde(default)]
    loans: Vec<LoanV1>,
    #[serde(default)]
    payments: Vec<PaymentV1>,
}

#[derive(Debug, Serialize, Deserialize)]
struct LoanV1 {
    id: String,
    name: String,
    principal: Decimal,
    /// Percent per year, 30/360.
    annual_rate: Decimal,
    term: u32,
    method: Method,
    start: NaiveDate,
}

#[derive(Debug, Serialize, Deserialize)]
struct PaymentV1 {
    date: NaiveDate,
    amount: Decimal,
    loan: String,
    kind: PaymentKind,
}

impl V1 {
    /// The same store in the current schema; every new field takes its default.
    pub(super) fn migrate(self) -> StoreData {
        StoreData {
            loans: self
                .loans
                .into_iter()
                .map(|l| Loan {
                    id: l.id,
                    name: l.name,
                    lender: String::new(),
                    method: l.method,
                    principal: l.principal,
                    rate: Rate::Annual(l.annual_rate),
                    day_count: DayCount::Thirty360,
                    term: l.term,
                    start: l.start,
                    fee_rate: Decimal::ZERO,
                    penalty_rate: None,
                    line: None,
                })
                .collect(),
            payments: self
                .payments
                .into_iter()
                .map(|p| PaymentRecord {
                    date: p.date,
                    amount: p.amount,
                    loan: p.loan,
                    kind: p.kind,
                    mode: None,
                })
                .collect(),
            ..StoreData::default()
        }
    }
}
