//! The store's schema: what a user's `loans.ron` holds, field by field.
//!
//! Amounts are exact strings (`"10000.00"`), dates ISO (`"2026-01-31"`). A field added in
//! a later version carries `#[serde(default)]` so an older file still opens; an `Option`
//! needs none, as serde reads a missing one as `None`.

use crate::engine::error::{Per, Problem, Record};
use crate::engine::field::Field;
use crate::engine::loan::{
    Conventions, DayCount, EarlyInterest, FieldError, LoanInput, LoanTerms, Method, Rate,
};
use crate::engine::revolving::{InterestBasis, RevolvingTerms, due_before_next_cut};
use crate::engine::schedule::{PrepayMode, Row};
use crate::engine::validate;
use crate::language::Language;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// The schema version this program writes. Version 4: a loan may carry the lender's
/// `conventions` and a kept lender's `plan`; a version-3 loandash would refuse them as
/// unknown fields and tell the user to delete them, so they come with a version that
/// it opens read-only instead.
pub const CURRENT_VERSION: u32 = 4;

/// Everything in a store file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreData {
    /// Schema version; a newer one opens read-only.
    pub version: u32,
    /// Who the borrower is (for debt-to-income and the limit projection).
    #[serde(default)]
    pub profile: Profile,
    /// Credit lines (额度) that loans draw on.
    #[serde(default)]
    pub lines: Vec<CreditLine>,
    /// Installment loans.
    #[serde(default)]
    pub loans: Vec<Loan>,
    /// Revolving accounts: 花呗, credit cards.
    #[serde(default)]
    pub revolving: Vec<RevolvingAccount>,
    /// Every payment recorded, oldest first.
    #[serde(default)]
    pub payments: Vec<PaymentRecord>,
    /// The highest payment id given so far, so that a deleted payment's id is never
    /// given to another (0 in stores written before payments had ids).
    #[serde(default)]
    pub last_payment_id: u32,
    /// What-if scenarios saved by name (version 3).
    #[serde(default)]
    pub scenarios: Vec<SavedScenario>,
}

impl Default for StoreData {
    fn default() -> Self {
        Self {
            version: CURRENT_VERSION,
            profile: Profile::default(),
            lines: Vec::new(),
            loans: Vec::new(),
            revolving: Vec::new(),
            payments: Vec::new(),
            last_payment_id: 0,
            scenarios: Vec::new(),
        }
    }
}

/// Most days an installment can be paid late in a what-if (ten years).
pub const MAX_DELAY_DAYS: u32 = 3650;

/// The borrower.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Every field may be left out: a missing one is the default's.
#[serde(default)]
pub struct Profile {
    /// Monthly income after tax, if known.
    pub monthly_income: Option<Decimal>,
    /// Credit score (芝麻信用分), 350–950, if known.
    pub credit_score: Option<u16>,
    /// The day the credit score was that (a score is a reading on a date: what happens
    /// after it moves the projection). `None` in stores written before it was kept.
    pub score_date: Option<NaiveDate>,
    /// How complete the lender's profile of the user is, in percent (0–100).
    pub completeness: u8,
    /// The completeness when the credit score was read: a change since moves the
    /// projection. `None` means unchanged since (and in stores written before it was
    /// kept).
    pub score_completeness: Option<u8>,
    /// Currency sign shown before amounts.
    pub currency: String,
    /// Preferred language; `None` follows the environment.
    pub language: Option<Language>,
}

impl Default for Profile {
    fn default() -> Self {
        Self {
            monthly_income: None,
            credit_score: None,
            score_date: None,
            completeness: 0,
            score_completeness: None,
            currency: "¥".to_string(),
            language: None,
        }
    }
}

/// A credit line (额度); what is used follows the balances of the loans drawn on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditLine {
    /// Unique name, e.g. `借呗`.
    pub name: String,
    /// Who grants it.
    #[serde(default)]
    pub lender: String,
    /// The line's size.
    pub limit: Decimal,
}

/// An installment loan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Loan {
    /// Unique id, e.g. `L3`.
    pub id: String,
    /// What the user calls it.
    pub name: String,
    /// Who lent it.
    #[serde(default)]
    pub lender: String,
    /// Repayment method.
    pub method: Method,
    /// Amount borrowed.
    pub principal: Decimal,
    /// Rate as quoted.
    pub rate: Rate,
    /// How interest is counted.
    pub day_count: DayCount,
    /// Number of monthly installments (months to maturity for bullet).
    pub term: u32,
    /// Date drawn.
    pub start: NaiveDate,
    /// Flat fee, percent of principal per month (flat-fee plans).
    #[serde(default)]
    pub fee_rate: Decimal,
    /// Penalty rate in percent per year; `None` means 1.5 × the loan's rate.
    pub penalty_rate: Option<Decimal>,
    /// The credit line it draws on, by name.
    pub line: Option<String>,
    /// What an installment paid early costs in interest (default: as scheduled).
    #[serde(default)]
    pub early_interest: EarlyInterest,
    /// The lender's own conventions (DOMAIN.md "Lender conventions"); `None`: ours.
    pub conventions: Option<Conventions>,
    /// The lender's plan held against it (`reconcile --attach`, `f` in the dashboard), so
    /// the comparison outlives the session; `None`: none kept.
    pub plan: Option<AttachedPlan>,
    /// How it was entered: as borrowed, or from what was left on it.
    #[serde(default)]
    pub entered: Entered,
}

/// How a loan was entered. From what was left on it (`add --balance`, the form's "Enter
/// from", an import's `balance` column), its principal is what was still owed on its start
/// date, carried over from before loandash kept it: no money was received that day, so
/// a journal opens it against opening balances.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Entered {
    /// As borrowed: the principal was received on the start date.
    #[default]
    Borrowed,
    /// From what was left: the principal was owed on the start date.
    Left,
}

impl Entered {
    /// Every choice, in the order menus list them.
    pub const ALL: [Entered; 2] = [Entered::Borrowed, Entered::Left];

    /// The spelling of the store, a CSV's `entered` column and the form's choice.
    pub fn as_str(self) -> &'static str {
        match self {
            Entered::Borrowed => "borrowed",
            Entered::Left => "left",
        }
    }
}

crate::engine::error::spelled!(Entered);

/// A lender's plan kept with its loan: the rows as read from the lender's file, not the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachedPlan {
    /// The file it was read from, as given (shown, and offered again to read it anew).
    pub source: String,
    /// The plan.
    pub plan: Plan,
}

/// One installment as the lender shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRow {
    /// Installment number (1-based).
    pub period: u32,
    /// Due date.
    pub due_date: NaiveDate,
    /// What is due: principal + interest (+ fee).
    pub payment: Decimal,
    /// Principal part.
    pub principal: Decimal,
    /// Interest part, fees included (as our schedule reports a flat fee).
    pub interest: Decimal,
    /// Balance after the installment, when the plan shows it.
    pub balance: Option<Decimal>,
}

/// A lender's plan (read by `lender::plan`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// Amount borrowed: stated above the table (as it must be for a plan's last rows), else
    /// the sum of the principal column (for the first rows of a longer plan, the first row's
    /// principal + its balance).
    pub principal: Decimal,
    /// Draw date, when stated above the table.
    pub start: Option<NaiveDate>,
    /// The whole plan's number of installments, when the rows are only some of them, its
    /// first or its last (stated above the table, as `1/36` periods, or by `--term`);
    /// `None`: the rows are all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term: Option<u32>,
    /// Whether the plan has a fee column (手续费/服务费) with a fee in it.
    #[serde(default)]
    pub has_fee: bool,
    /// Installments in order.
    pub rows: Vec<PlanRow>,
}

impl Plan {
    /// What a hand edit may have broken that the plan reader refuses: rows numbered 1, 2, …
    /// (or from a later installment, within the plan's term)
    /// with due dates rising within the accepted dates, amounts in range that add up.
    fn validate(&self) -> Result<(), FieldError> {
        let fail = |problem| Err(FieldError::typed(Field::Plan, problem));
        let said = |en: String, zh: String| fail(Problem::Said { en, zh });
        if let Err(e) = validate::positive_amount(Field::Principal, self.principal) {
            return fail(Problem::Invalid(e));
        }
        if self.rows.is_empty() {
            return said(
                "a lender's plan with no rows".into(),
                "出借方的还款计划没有任何行".into(),
            );
        }
        // The last rows of a plan start later, and need its whole term.
        let first = self.rows[0].period.max(1);
        let reach = first as usize - 1 + self.rows.len();
        let term_ok = match self.term {
            Some(term) => (reach..=validate::MAX_TERM as usize).contains(&(term as usize)),
            None => first == 1,
        };
        if !term_ok {
            let max = validate::MAX_TERM;
            let term = self.term.map_or("no".to_string(), |t| t.to_string());
            return said(
                format!(
                    "a term of {term} installments where the plan's rows reach installment {reach} (accepted: {reach} to {max})"
                ),
                format!("总期数 {term}，而还款计划列到第 {reach} 期（可接受：{reach} 到 {max}）"),
            );
        }
        let mut last: Option<&PlanRow> = None;
        for (i, row) in self.rows.iter().enumerate() {
            let n = i + 1;
            let belongs = first as usize + i;
            if row.period as usize != belongs {
                return said(
                    format!(
                        "row {n}: period {} where {belongs} belongs (periods run {first}, {}, …)",
                        row.period,
                        first + 1
                    ),
                    format!(
                        "第 {n} 行：期数为 {}，应为 {belongs}（期数须为 {first}、{}、…）",
                        row.period,
                        first + 1
                    ),
                );
            }
            if !(validate::MIN_DATE..=validate::MAX_DATE).contains(&row.due_date) {
                let (min, max) = (validate::MIN_DATE, validate::MAX_DATE);
                return said(
                    format!("row {n}: due date {} is outside {min}..{max}", row.due_date),
                    format!("第 {n} 行：还款日 {} 不在 {min}..{max} 之内", row.due_date),
                );
            }
            if let Some(before) = last.filter(|l| l.due_date >= row.due_date) {
                return fail(Problem::PinnedOrder {
                    row: n,
                    due: row.due_date,
                    after: before.due_date,
                });
            }
            for (field, amount) in [
                (Field::Payment, row.payment),
                (Field::Principal, row.principal),
                (Field::Interest, row.interest),
            ]
            .into_iter()
            .chain(row.balance.map(|b| (Field::Balance, b)))
            {
                if let Err(e) = validate::amount(field, amount) {
                    return said(
                        format!("row {n}: {}", e.render(Language::En)),
                        format!("第 {n} 行：{}", e.render(Language::Zh)),
                    );
                }
            }
            if row.principal + row.interest != row.payment {
                return said(
                    format!(
                        "row {n}: payment {} is not principal {} + interest {}",
                        row.payment, row.principal, row.interest
                    ),
                    format!(
                        "第 {n} 行：应还 {} 不等于本金 {} + 利息 {}",
                        row.payment, row.principal, row.interest
                    ),
                );
            }
            last = Some(row);
        }
        Ok(())
    }
}

impl Loan {
    /// A loan of `terms`, with the default penalty rate and on no credit line.
    pub fn with_terms(id: String, name: String, lender: String, terms: &LoanTerms) -> Loan {
        Loan {
            id,
            name,
            lender,
            method: terms.method,
            principal: terms.principal,
            rate: terms.rate,
            day_count: terms.day_count,
            term: terms.term,
            start: terms.start,
            fee_rate: terms.fee_rate,
            penalty_rate: None,
            line: None,
            early_interest: EarlyInterest::AsScheduled,
            conventions: (!terms.conventions.is_default()).then(|| terms.conventions.clone()),
            plan: None,
            entered: Entered::Borrowed,
        }
    }

    /// The one check of a loan's own fields, whoever wrote them (`add`, the form, an
    /// import, a hand-edited store): its terms, name, penalty rate, what an early payment
    /// costs and a kept plan. Returns its terms, checked. What depends on other records (a
    /// name in use, the line it names) is checked by their callers and
    /// [`StoreData::validate`].
    pub fn validate(&self) -> Result<LoanTerms, FieldError> {
        let terms = LoanTerms::new(&LoanInput::from(&self.terms()))?;
        self.early_interest.check(&terms)?;
        if let Some(kept) = &self.plan {
            kept.plan.validate()?;
        }
        validate::name(Field::Name, &self.name, std::iter::empty())?;
        if let Some(rate) = self.penalty_rate {
            validate::penalty_rate(Field::PenaltyRate, rate)?;
        }
        Ok(terms)
    }

    /// The contract terms the engine computes from.
    pub fn terms(&self) -> LoanTerms {
        LoanTerms {
            principal: self.principal,
            rate: self.rate,
            day_count: self.day_count,
            term: self.term,
            method: self.method,
            start: self.start,
            fee_rate: self.fee_rate,
            conventions: self.conventions.clone().unwrap_or_default(),
        }
    }

    /// The loan's penalty rate in percent per year.
    pub fn penalty_percent(&self) -> Decimal {
        self.penalty_rate
            .unwrap_or_else(|| crate::engine::penalty::default_penalty_percent(&self.terms()))
    }
}

/// A revolving account: 花呗 or a credit card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevolvingAccount {
    /// Unique id, e.g. `R1`.
    pub id: String,
    /// What the user calls it.
    pub name: String,
    /// Who issues it.
    #[serde(default)]
    pub lender: String,
    /// Balance of the latest statement.
    pub statement_balance: Decimal,
    /// Day of month the statement is cut (1–31, clamped to short months).
    pub statement_day: u32,
    /// Day of month the statement is due (1–31, clamped).
    pub due_day: u32,
    /// Interest in percent per day.
    pub daily_rate: Decimal,
    /// Minimum payment in percent of the statement.
    #[serde(default = "default_min_percent")]
    pub min_percent: Decimal,
    /// Minimum payment floor.
    #[serde(default)]
    pub min_floor: Decimal,
    /// What interest runs on when not paid in full.
    #[serde(default = "default_basis")]
    pub basis: InterestBasis,
    /// The credit line it draws on, by name.
    pub line: Option<String>,
}

fn default_min_percent() -> Decimal {
    Decimal::TEN
}

fn default_basis() -> InterestBasis {
    InterestBasis::Remainder
}

impl RevolvingAccount {
    /// Check the account's own fields, naming the first one at fault.
    pub fn validate(&self) -> Result<(), FieldError> {
        let fail = |field, problem| Err(FieldError::typed(field, problem));
        for (field, day) in [
            (Field::StatementDay, self.statement_day),
            (Field::DueDay, self.due_day),
        ] {
            if !(1..=31).contains(&day) {
                return fail(field, Problem::DayOfMonth(day));
            }
        }
        if self.daily_rate < Decimal::ZERO
            || self.daily_rate > crate::engine::validate::MAX_DAILY_PERCENT
        {
            let max = crate::engine::validate::MAX_DAILY_PERCENT;
            return fail(
                Field::DailyRate,
                Problem::OutOfRange {
                    got: self.daily_rate,
                    min: Decimal::ZERO,
                    max,
                    per: Per::Day,
                },
            );
        }
        if self.min_percent < Decimal::ZERO || self.min_percent > Decimal::ONE_HUNDRED {
            return fail(
                Field::MinPercent,
                Problem::OutOfRange {
                    got: self.min_percent,
                    min: Decimal::ZERO,
                    max: Decimal::ONE_HUNDRED,
                    per: Per::Percent,
                },
            );
        }
        // A minimum of nothing would let a balance roll over forever.
        if self.min_percent.is_zero() && self.min_floor <= Decimal::ZERO {
            return fail(Field::MinPercent, Problem::NoMinimum);
        }
        let amounts = [
            (Field::StatementBalance, self.statement_balance),
            (Field::MinFloor, self.min_floor),
        ];
        for (field, value) in amounts {
            if let Err(e) = validate::amount(field, value) {
                return fail(field, Problem::Invalid(e));
            }
        }
        Ok(())
    }

    /// Refuse days whose statements would not all fall due before the next cut
    /// ([`due_before_next_cut`]), blaming the day changed from `before` (the due day when
    /// both or neither were). Checked where days are entered, not when a store is opened:
    /// a store holding such a card opens, noted, so that the card can be fixed.
    pub fn check_days(&self, before: &RevolvingAccount) -> Result<(), FieldError> {
        if due_before_next_cut(self.statement_day, self.due_day) {
            return Ok(());
        }
        let only_statement_day =
            self.statement_day != before.statement_day && self.due_day == before.due_day;
        Err(FieldError::typed(
            match only_statement_day {
                true => Field::StatementDay,
                false => Field::DueDay,
            },
            Problem::DueOnNextCut {
                statement_day: self.statement_day,
                due_day: self.due_day,
            },
        ))
    }

    /// The pricing the engine computes from.
    pub fn terms(&self) -> RevolvingTerms {
        RevolvingTerms {
            daily_rate: self.daily_rate,
            min_percent: self.min_percent,
            min_floor: self.min_floor,
            basis: self.basis,
        }
    }
}

/// Whether a recorded payment was an installment or an extra payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentKind {
    /// Towards installments due (and their penalty), oldest first.
    Scheduled,
    /// Extra principal, with the mode that says what it shortens or reduces.
    Prepayment,
}

impl PaymentKind {
    pub const ALL: [PaymentKind; 2] = [PaymentKind::Scheduled, PaymentKind::Prepayment];

    /// Its spelling in the store, CSV and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentKind::Scheduled => "scheduled",
            PaymentKind::Prepayment => "prepayment",
        }
    }
}

/// One payment the user made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentRecord {
    /// Its number, shown as `P12`, by which it is listed, edited and deleted. 0 until the
    /// store numbers it (on reading a file written before payments had ids, and on saving).
    #[serde(default)]
    pub id: u32,
    /// Day paid.
    pub date: NaiveDate,
    /// Amount paid.
    pub amount: Decimal,
    /// The loan or revolving account id it went to.
    pub loan: String,
    /// Installment or prepayment.
    pub kind: PaymentKind,
    /// For prepayments: shorten or reduce.
    pub mode: Option<PrepayMode>,
}

impl PaymentRecord {
    /// `amount` paid towards `loan`'s installments on `date` (numbered on save).
    pub fn scheduled(loan: impl Into<String>, date: NaiveDate, amount: Decimal) -> PaymentRecord {
        PaymentRecord {
            id: 0,
            date,
            amount,
            loan: loan.into(),
            kind: PaymentKind::Scheduled,
            mode: None,
        }
    }

    /// Installment `row` of loan `loan` paid in full on its due date (numbered on save).
    pub fn paid_as_scheduled(loan: &str, row: &Row) -> PaymentRecord {
        PaymentRecord::scheduled(loan, row.due_date, row.payment)
    }
}

/// A what-if scenario kept for later. It refers to loans by id and lines by name; one
/// whose loan or line has since gone stays valid (the simulator skips that action).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedScenario {
    /// Unique name, chosen by the user.
    pub name: String,
    /// The what-ifs, in order.
    #[serde(default)]
    pub actions: Vec<WhatIf>,
}

/// One what-if as the user states it: loans by id, lines by name, and no date (each
/// happens on the day the scenario is used). The simulator view edits these and a saved
/// scenario keeps them; the simulator runs them as [`crate::simulate::Step`]s.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WhatIf {
    /// Prepay `amount` of principal on loan `loan`.
    Prepay {
        /// Loan id.
        loan: String,
        /// Principal prepaid.
        amount: Decimal,
        /// Shorten the term or reduce the installment.
        mode: PrepayMode,
    },
    /// Borrow `amount` over `term` months, on the terms of a line's latest loan.
    Borrow {
        /// Credit line name; `None` for the simulator's default offer.
        line: Option<String>,
        /// Principal.
        amount: Decimal,
        /// Months.
        term: u32,
    },
    /// Pay loan `loan`'s next installment `days` late.
    Late {
        /// Loan id.
        loan: String,
        /// Days after the due date.
        days: u32,
    },
    /// Pay `amount` a month in all (the payoff planner).
    Budget {
        /// The monthly budget.
        amount: Decimal,
    },
}

impl SavedScenario {
    /// Check the scenario's own fields, naming the first one at fault.
    pub fn validate(&self) -> Result<(), FieldError> {
        if self.name.trim().is_empty() {
            return Err(FieldError::typed(Field::Name, Problem::Missing));
        }
        let fail = |field, problem: Problem| {
            Err(FieldError::typed(field, problem).within(Record::Scenario(self.name.clone())))
        };
        let within =
            |e: validate::Invalid| FieldError::from(e).within(Record::Scenario(self.name.clone()));
        for action in &self.actions {
            // The one range of every amount: a hand-edited 1e28 would otherwise overflow
            // the simulator as soon as the scenario is opened.
            if let WhatIf::Prepay { amount, .. }
            | WhatIf::Borrow { amount, .. }
            | WhatIf::Budget { amount } = action
            {
                validate::positive_amount(Field::Amount, *amount).map_err(within)?;
            }
            match action {
                WhatIf::Borrow { term, .. }
                    if !(1..=crate::engine::validate::MAX_TERM).contains(term) =>
                {
                    let max = crate::engine::validate::MAX_TERM;
                    return fail(
                        Field::Term,
                        Problem::OutOfRange {
                            got: (*term).into(),
                            min: Decimal::ONE,
                            max: max.into(),
                            per: Per::Months,
                        },
                    );
                }
                WhatIf::Late { days, .. } if !(1..=MAX_DELAY_DAYS).contains(days) => {
                    let (got, min, max) = (*days, 1, MAX_DELAY_DAYS);
                    return fail(Field::Days, Problem::Between { got, min, max });
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// `prefix` followed by one more than the highest number any of `ids` has after it.
pub fn next_id_after<'a>(prefix: &str, ids: impl Iterator<Item = &'a str>) -> String {
    let highest = ids
        .filter_map(|id| id.strip_prefix(prefix)?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    format!("{prefix}{}", highest + 1)
}

impl StoreData {
    /// Take control characters out of every name, lender and id (and the references to
    /// them), as [`validate::clean_text`] does for what is typed: a hand-edited file's
    /// terminal escapes never reach a screen.
    pub fn clean_text(&mut self) {
        let clean = |text: &mut String| {
            if text.chars().any(char::is_control) {
                *text = validate::clean_text(text);
            }
        };
        for loan in &mut self.loans {
            [&mut loan.id, &mut loan.name, &mut loan.lender]
                .into_iter()
                .chain(loan.line.as_mut())
                .for_each(clean);
        }
        for account in &mut self.revolving {
            [&mut account.id, &mut account.name, &mut account.lender]
                .into_iter()
                .chain(account.line.as_mut())
                .for_each(clean);
        }
        for line in &mut self.lines {
            clean(&mut line.name);
            clean(&mut line.lender);
        }
        for payment in &mut self.payments {
            clean(&mut payment.loan);
        }
        for scenario in &mut self.scenarios {
            clean(&mut scenario.name);
            for action in &mut scenario.actions {
                match action {
                    WhatIf::Prepay { loan, .. } | WhatIf::Late { loan, .. } => clean(loan),
                    WhatIf::Borrow { line, .. } => line.iter_mut().for_each(clean),
                    WhatIf::Budget { .. } => {}
                }
            }
        }
    }

    /// Check what serde cannot: valid loan terms, unique ids, references that resolve.
    /// The error names the record and field, as a hand-editor needs.
    pub fn validate(&self) -> Result<(), FieldError> {
        self.validate_since(None)
    }

    /// [`StoreData::validate`], given `valid`, a store that passed it: a loan equal to
    /// the one at its place there has valid terms already, and is not checked again
    /// (the rules across records, ids and references, are checked whole).
    pub fn validate_since(&self, valid: Option<&StoreData>) -> Result<(), FieldError> {
        let changed: Vec<bool> = (self.loans.iter().enumerate())
            .map(|(i, loan)| valid.and_then(|v| v.loans.get(i)) != Some(loan))
            .collect();
        let mut ids = HashSet::with_capacity(self.loans.len() + self.revolving.len());
        for (loan, &changed) in self.loans.iter().zip(&changed) {
            if changed {
                loan.validate()
                    .map_err(|e| e.within(Record::Loan(loan.id.clone())))?;
            }
            if !ids.insert(loan.id.as_str()) {
                return Err(FieldError::typed(
                    Field::Id,
                    Problem::IdTwice(loan.id.clone()),
                ));
            }
        }
        let mut names = HashSet::new();
        for account in &self.revolving {
            let others = (!names.insert(account.name.as_str())).then_some(account.name.as_str());
            validate::name(Field::Name, &account.name, others.into_iter())
                .map_err(|e| FieldError::from(e).within(Record::Account(account.id.clone())))?;
            if !ids.insert(account.id.as_str()) {
                return Err(FieldError::typed(
                    Field::Id,
                    Problem::IdTwice(account.id.clone()),
                ));
            }
            account
                .validate()
                .map_err(|e| e.within(Record::Account(account.id.clone())))?;
        }
        let mut lines = HashSet::new();
        for line in &self.lines {
            let others = (!lines.insert(line.name.as_str())).then_some(line.name.as_str());
            let named =
                |e: validate::Invalid| FieldError::from(e).within(Record::Line(line.name.clone()));
            validate::name(Field::Name, &line.name, others.into_iter()).map_err(named)?;
            validate::amount(Field::Limit, line.limit).map_err(named)?;
        }
        let referenced = self
            .loans
            .iter()
            .map(|l| (&l.id, &l.line))
            .chain(self.revolving.iter().map(|a| (&a.id, &a.line)));
        for (id, line) in referenced {
            if let Some(line) = line.as_deref().filter(|l| !lines.contains(l)) {
                let (id, line) = (id.clone(), line.to_string());
                return Err(FieldError::typed(
                    Field::Line,
                    Problem::UnknownLine { id, line },
                ));
            }
        }
        self.validate_payments(valid, &ids)?;
        if let Some(score) = self
            .profile
            .credit_score
            .filter(|s| !(350..=950).contains(s))
        {
            let (got, min, max) = (score.into(), 350, 950);
            return Err(FieldError::typed(
                Field::Score,
                Problem::Between { got, min, max },
            ));
        }
        let percents = [
            (Field::ScoreCompleteness, self.profile.score_completeness),
            (Field::Completeness, Some(self.profile.completeness)),
        ];
        for (field, percent) in percents {
            if let Some(got) = percent.filter(|p| *p > 100) {
                let (got, min, max) = (got.into(), 0, 100);
                return Err(FieldError::typed(field, Problem::Between { got, min, max }));
            }
        }
        if let Some(income) = self.profile.monthly_income {
            validate::amount(Field::Income, income)?;
        }
        validate::currency(Field::Currency, &self.profile.currency)?;
        let mut names = HashSet::new();
        for scenario in &self.scenarios {
            scenario.validate()?;
            if !names.insert(scenario.name.as_str()) {
                return Err(FieldError::typed(
                    Field::Name,
                    Problem::ScenarioTwice(scenario.name.clone()),
                ));
            }
        }
        Ok(())
    }

    /// The payments' rules, in store order (the first payment breaking one is the
    /// error): an id no other payment has, a loan or account that exists (`ids`), a
    /// positive amount. Given `valid`, a store that passed them, only the payments that
    /// differ from its are checked, and their ids against the rest: the others passed
    /// there, and name a loan still here when no loan or account of `valid` is gone.
    fn validate_payments(
        &self,
        valid: Option<&StoreData>,
        ids: &HashSet<&str>,
    ) -> Result<(), FieldError> {
        let twice = |id: u32| {
            Err(FieldError::typed(
                Field::Id,
                Problem::IdTwice(format!("P{id}")),
            ))
        };
        let check = |payment: &PaymentRecord| -> Result<(), FieldError> {
            if !ids.contains(payment.loan.as_str()) {
                let id = payment.loan.clone();
                let unknown = Problem::NoSuchLoan {
                    id,
                    see_list: false,
                };
                return Err(
                    FieldError::typed(Field::Loan, unknown).within(Record::PaymentOn(payment.date))
                );
            }
            validate::positive_amount(Field::Amount, payment.amount)
                .map(drop)
                .map_err(|e| FieldError::from(e).within(Record::PaymentOn(payment.date)))
        };
        let Some(valid) = valid.filter(|v| self.names_every_id_of(v, ids)) else {
            let mut numbers = HashSet::with_capacity(self.payments.len());
            for payment in &self.payments {
                if payment.id != 0 && !numbers.insert(payment.id) {
                    return twice(payment.id);
                }
                check(payment)?;
            }
            return Ok(());
        };
        let new = super::ends::difference(&valid.payments, &self.payments).1;
        let changed = &self.payments[new.clone()];
        let mut changed_ids: Vec<u32> = changed.iter().map(|p| p.id).collect();
        changed_ids.sort_unstable();
        let shared = |p: &&PaymentRecord| p.id != 0 && changed_ids.binary_search(&p.id).is_ok();
        // Ids seen before each changed payment: of those before it, only the ones it may share.
        let mut seen: HashSet<u32> = self.payments[..new.start]
            .iter()
            .filter(shared)
            .map(|p| p.id)
            .collect();
        for payment in changed {
            if payment.id != 0 && !seen.insert(payment.id) {
                return twice(payment.id);
            }
            check(payment)?;
        }
        match self.payments[new.end..].iter().find(shared) {
            Some(payment) => twice(payment.id),
            None => Ok(()),
        }
    }

    /// Whether every loan and account id of `earlier` is among `ids` (this store's): only
    /// those of records that differ need looking up.
    fn names_every_id_of(&self, earlier: &StoreData, ids: &HashSet<&str>) -> bool {
        let loans = super::ends::difference(&earlier.loans, &self.loans).0;
        let accounts = super::ends::difference(&earlier.revolving, &self.revolving).0;
        (earlier.loans[loans].iter().map(|l| l.id.as_str()))
            .chain(earlier.revolving[accounts].iter().map(|a| a.id.as_str()))
            .all(|id| ids.contains(id))
    }

    /// The next free id with `prefix` (`L` for loans, `R` for revolving accounts).
    pub fn next_id(&self, prefix: &str) -> String {
        next_id_after(prefix, self.debts().map(|(id, _)| id))
    }

    /// Whether [`StoreData::number_payments`] would change nothing.
    pub fn payments_numbered(&self) -> bool {
        let highest = self.payments.iter().map(|p| p.id).max().unwrap_or(0);
        self.last_payment_id >= highest && self.payments.iter().all(|p| p.id != 0)
    }

    /// Give every payment without an id (0) the next one never given, in the order
    /// recorded.
    pub fn number_payments(&mut self) {
        let highest = self.payments.iter().map(|p| p.id).max().unwrap_or(0);
        let mut last = self.last_payment_id.max(highest);
        for payment in self.payments.iter_mut().filter(|p| p.id == 0) {
            last += 1;
            payment.id = last;
        }
        self.last_payment_id = last;
    }

    /// The names of the loans other than `except`: a loan's name must be none of them
    /// (whichever way it comes in: `add`, the form, import, a what-if made real).
    pub fn loan_names_but<'a>(&'a self, except: Option<&'a str>) -> impl Iterator<Item = &'a str> {
        (self.loans.iter())
            .filter(move |l| Some(l.id.as_str()) != except)
            .map(|l| l.name.as_str())
    }

    /// What this store holds against rules made since it was written.
    pub fn notes(&self) -> StoreNotes {
        let loans = self.loans.iter();
        StoreNotes::of(
            loans.map(|l| (l.id.as_str(), l.name.as_str())),
            &self.revolving,
        )
    }

    /// A loan by id.
    pub fn loan(&self, id: &str) -> Option<&Loan> {
        self.loans.iter().find(|l| l.id == id)
    }

    /// The loan `id`, else the refusal every command gives (see `loandash list`).
    pub fn existing_loan(&self, id: &str) -> Result<&Loan, FieldError> {
        self.loan(id).ok_or_else(|| {
            FieldError::typed(
                Field::Loan,
                Problem::NoSuchLoan {
                    id: id.to_string(),
                    see_list: true,
                },
            )
        })
    }

    /// The credit line named `name`, else the refusal every front end gives.
    pub fn line(&self, name: &str) -> Result<&CreditLine, FieldError> {
        self.lines
            .iter()
            .find(|l| l.name == name)
            .ok_or_else(|| FieldError::typed(Field::Line, Problem::NoSuchLine(name.to_string())))
    }

    /// Every debt's id and name: the loans, then the revolving accounts, in store order.
    pub fn debts(&self) -> impl Iterator<Item = (&str, &str)> {
        let loans = self.loans.iter().map(|l| (l.id.as_str(), l.name.as_str()));
        loans.chain((self.revolving.iter()).map(|a| (a.id.as_str(), a.name.as_str())))
    }

    /// The name of the loan or revolving account `id`, if it is in the store.
    pub fn debt_name(&self, id: &str) -> Option<&str> {
        self.debts().find_map(|(i, name)| (i == id).then_some(name))
    }

    /// Payments recorded for one loan or account, in date order.
    pub fn payments_for<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a PaymentRecord> {
        self.payments.iter().filter(move |p| p.loan == id)
    }
}

/// What a store written before a rule holds against it: said when it opens, not refused,
/// so that its owner can fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreNotes {
    /// Names two or more loans share, each with their ids.
    pub shared_names: Vec<(String, Vec<String>)>,
    /// The ids of accounts whose days make a statement fall due on or after the next cut
    /// (see [`RevolvingAccount::check_days`]).
    pub cards_due_on_next_cut: Vec<String>,
}

impl StoreNotes {
    /// The notes on loans (id, name) and `accounts`, in store order.
    pub fn of<'a>(
        loans: impl Iterator<Item = (&'a str, &'a str)> + Clone,
        accounts: &[RevolvingAccount],
    ) -> StoreNotes {
        StoreNotes {
            shared_names: shared_names(loans),
            cards_due_on_next_cut: accounts
                .iter()
                .filter(|a| !due_before_next_cut(a.statement_day, a.due_day))
                .map(|a| a.id.clone())
                .collect(),
        }
    }
}

/// Names two or more of these loans (id, name) share, each with their ids, in store
/// order (see [`StoreNotes`]).
fn shared_names<'a>(
    loans: impl Iterator<Item = (&'a str, &'a str)> + Clone,
) -> Vec<(String, Vec<String>)> {
    // Counted first: every open asks, and almost no store has a shared name (an id
    // copied per loan of 10,000 was most of the cost).
    // foldhash: the names are the user's own (nothing to guard against), and SipHash
    // was most of what this costs.
    let mut count: foldhash::HashMap<&str, usize> =
        foldhash::HashMapExt::with_capacity(loans.size_hint().0);
    for (_, name) in loans.clone() {
        *count.entry(name).or_default() += 1;
    }
    // In store order, each name once.
    let mut shared: Vec<(String, Vec<String>)> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for (id, name) in loans.filter(|(_, name)| count[name] > 1) {
        let k = *at.entry(name).or_insert_with(|| {
            shared.push((name.to_string(), Vec::new()));
            shared.len() - 1
        });
        shared[k].1.push(id.to_string());
    }
    shared
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A loan written before its `Option` fields were kept opens with each `None`: serde
    /// reads a missing `Option` so, with no `#[serde(default)]` (see the module's note).
    #[test]
    fn a_loan_without_its_optional_fields_reads_each_as_none() {
        let as_of = crate::generate::samples::as_of();
        let mut loan = crate::generate::generate(1, 7, as_of).loans.remove(0);
        (loan.penalty_rate, loan.line) = (None, None);
        (loan.conventions, loan.plan) = (None, None);
        let mut old = ron::to_string(&loan).unwrap();
        for field in ["penalty_rate", "line", "conventions", "plan"] {
            old = old.replacen(&format!("{field}:None,"), "", 1);
        }
        assert!(!old.contains("None"), "{old}");
        assert_eq!(ron::from_str::<Loan>(&old).unwrap(), loan);
    }

    /// Checking only the loans that differ from a valid store finds what checking all
    /// of them finds.
    #[test]
    fn validating_since_a_valid_store_refuses_what_validating_all_refuses() {
        let valid = crate::generate::generate(40, 3, crate::generate::samples::as_of());
        assert!(valid.validate().is_ok());
        assert!(valid.validate_since(Some(&valid)).is_ok());
        let changes: [fn(&mut StoreData); 11] = [
            |d| d.loans[7].term = 0,
            |d| d.loans[3].name = " ".into(),
            |d| d.loans[5].penalty_rate = Some(Decimal::new(-1, 0)),
            |d| d.loans.push(d.loans[0].clone()),
            // Every loan after the first moves: each is checked where it is now.
            |d| {
                d.loans.swap(0, 1);
                d.loans[10].term = 0;
            },
            |d| d.payments[5].amount = Decimal::ZERO,
            |d| d.payments[5].loan = "L999".into(),
            // A changed payment takes the id of one before it, or of one after it.
            |d| d.payments[9].id = d.payments[2].id,
            |d| d.payments[2].id = d.payments[9].id,
            |d| d.payments.push(d.payments[0].clone()),
            // The loan an unchanged payment names is gone.
            |d| {
                let paid = d.payments[0].loan.clone();
                d.loans.retain(|l| l.id != paid);
            },
        ];
        for (n, change) in changes.iter().enumerate() {
            let mut data = valid.clone();
            change(&mut data);
            let whole = data.validate().map_err(|e| e.to_string());
            assert!(whole.is_err(), "change {n}");
            assert_eq!(
                data.validate_since(Some(&valid)).map_err(|e| e.to_string()),
                whole,
                "change {n}"
            );
        }
        // A valid change passes both ways.
        let mut data = valid.clone();
        data.loans[2].name = "Renamed".into();
        data.loans.swap(0, 1);
        data.payments[3].amount = Decimal::ONE;
        let mut paid = data.payments[4].clone();
        paid.id = data.last_payment_id + 1;
        data.payments.insert(6, paid);
        assert!(data.validate().is_ok());
        assert!(data.validate_since(Some(&valid)).is_ok());
    }
    #[test]
    fn names_loans_share_are_found_once_each_in_store_order() {
        let rate = Rate::Annual(Decimal::from(6));
        let (principal, method) = (Decimal::from(1000), Method::EqualInstallment);
        let input = LoanInput::test_loan(principal, rate, 12, method, "2026-01-01");
        let terms = LoanTerms::new(&input).unwrap();
        let mut data = StoreData::default();
        // Loans L1 to L5.
        for (k, name) in ["b", "a", "b", "c", "a"].into_iter().enumerate() {
            let id = format!("L{}", k + 1);
            let loan = Loan::with_terms(id, name.into(), String::new(), &terms);
            data.loans.push(loan);
        }
        let ids = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            data.notes().shared_names,
            vec![
                ("b".to_string(), ids(&["L1", "L3"])),
                ("a".to_string(), ids(&["L2", "L5"])),
            ]
        );
    }
}
