//! Older store versions, and how each becomes the current one in memory (each version
//! migrates to the next). The file on disk is only rewritten by the next save, which
//! first keeps a copy (`<store>.v1.bak`, `.v2.bak`, `.v3.bak`). Version 3's records are
//! the current ones (version 4 only marks that loans may carry conventions and a kept
//! lender's plan), so it needs no type here.

use super::schema::{
    CreditLine, Loan, PaymentKind, PaymentRecord, Profile, RevolvingAccount, StoreData,
};
use crate::engine::loan::{Conventions, DayCount, LoanTerms, Method, Rate};
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
        self.into_v2().migrate()
    }

    fn into_v2(self) -> V2 {
        V2 {
            version: 2,
            profile: Profile::default(),
            lines: Vec::new(),
            revolving: Vec::new(),
            loans: self
                .loans
                .into_iter()
                .map(|l| {
                    let terms = LoanTerms {
                        principal: l.principal,
                        rate: Rate::Annual(l.annual_rate),
                        day_count: DayCount::Thirty360,
                        term: l.term,
                        method: l.method,
                        start: l.start,
                        fee_rate: Decimal::ZERO,
                        conventions: Conventions::default(),
                    };
                    Loan::with_terms(l.id, l.name, String::new(), &terms)
                })
                .collect(),
            payments: self
                .payments
                .into_iter()
                .map(|p| PaymentRecord {
                    id: 0,
                    date: p.date,
                    amount: p.amount,
                    loan: p.loan,
                    kind: p.kind,
                    mode: None,
                })
                .collect(),
        }
    }
}

/// Version 2: everything but saved scenarios. Its records are the current ones.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct V2 {
    version: u32,
    #[serde(default)]
    profile: Profile,
    #[serde(default)]
    lines: Vec<CreditLine>,
    #[serde(default)]
    loans: Vec<Loan>,
    #[serde(default)]
    revolving: Vec<RevolvingAccount>,
    #[serde(default)]
    payments: Vec<PaymentRecord>,
}

impl V2 {
    /// The same store in the current schema, with no saved scenarios.
    pub(super) fn migrate(self) -> StoreData {
        StoreData {
            profile: self.profile,
            lines: self.lines,
            loans: self.loans,
            revolving: self.revolving,
            payments: self.payments,
            ..StoreData::default()
        }
    }
}
