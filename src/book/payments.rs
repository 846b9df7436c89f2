//! Recorded payments one by one: listed with what each paid for, recorded, edited and
//! deleted. A new or edited payment is checked as every way in checks one
//! ([`crate::book::dues::new_payment`], [`ledger::split_payment`]): never above what is owed.

use crate::book::ledger::{self, Apply, PaymentParts, PaymentSplit};
use crate::engine::error::Problem;
use crate::engine::field::Field;
use crate::engine::loan::FieldError;
use crate::engine::schedule::PrepayMode;
use crate::engine::validate;
use crate::language::Language;
use crate::store::{PaymentKind, PaymentRecord, StoreData};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// One recorded payment, as the payments list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// Its number (shown `P12`).
    pub id: u32,
    /// Day paid.
    pub date: NaiveDate,
    /// The loan or account id.
    pub loan: String,
    /// The loan's or account's name ("" when it is gone).
    pub name: String,
    /// Installment or prepayment.
    pub kind: PaymentKind,
    /// A prepayment's mode.
    pub mode: Option<PrepayMode>,
    /// The cash paid: for a prepayment, its principal with the interest it carried.
    pub cash: Decimal,
    /// How the cash was applied (a loan's payment; `None` on a revolving account).
    pub parts: Option<PaymentParts>,
}

/// The display form of a payment's id.
pub fn label(id: u32) -> String {
    format!("P{id}")
}

/// Every payment, newest first by date (the later recorded first on one day).
pub fn list(data: &StoreData) -> Result<Vec<Listed>, FieldError> {
    let mut parts: HashMap<u32, PaymentParts> = HashMap::new();
    for loan in &data.loans {
        parts.extend(parts_of(data, &loan.id)?);
    }
    let name_of = |id: &str| data.debt_name(id).unwrap_or_default().to_string();
    let mut listed: Vec<Listed> = data
        .payments
        .iter()
        .map(|p| {
            let parts = parts.remove(&p.id);
            Listed {
                id: p.id,
                date: p.date,
                loan: p.loan.clone(),
                name: name_of(&p.loan),
                kind: p.kind,
                mode: p.mode,
                cash: parts.as_ref().map_or(p.amount, PaymentParts::cash),
                parts,
            }
        })
        .collect();
    listed.sort_by(|a, b| b.date.cmp(&a.date).then(b.id.cmp(&a.id)));
    Ok(listed)
}

/// How each payment of loan `id` was applied, by payment id (every payment, however late).
fn parts_of(data: &StoreData, id: &str) -> Result<Vec<(u32, PaymentParts)>, FieldError> {
    let Some(loan) = data.loan(id) else {
        return Ok(Vec::new());
    };
    let mut payments: Vec<&PaymentRecord> = data.payments_for(id).collect();
    // The replay applies them in this order (a stable sort by date).
    payments.sort_by_key(|p| p.date);
    let Some(last) = payments.last().map(|p| p.date) else {
        return Ok(Vec::new());
    };
    let parts = ledger::payment_parts(loan, payments.iter().copied(), last)?;
    Ok(payments.iter().map(|p| p.id).zip(parts).collect())
}

/// Why a payment was not recorded, changed or deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No payment has this id.
    NoSuchPayment(String),
    /// No loan or account has this id.
    NoSuchLoan(String),
    /// The change would leave a later payment above what is then owed.
    LaterAboveOwed {
        /// That payment.
        id: u32,
        /// Its day.
        date: NaiveDate,
    },
    /// A value outside its accepted range.
    Invalid(validate::Invalid),
    /// The engine's own refusal (e.g. more than is owed on that day).
    Field(FieldError),
}

impl From<FieldError> for Refusal {
    fn from(e: FieldError) -> Self {
        Refusal::Field(e)
    }
}

impl From<validate::Invalid> for Refusal {
    fn from(e: validate::Invalid) -> Self {
        Refusal::Invalid(e)
    }
}

impl From<Refusal> for FieldError {
    fn from(refusal: Refusal) -> FieldError {
        match refusal {
            Refusal::Field(e) => e,
            Refusal::Invalid(e) => e.into(),
            other => FieldError::typed(other.field(), Problem::said(|lang| other.problem(lang))),
        }
    }
}

impl Refusal {
    /// The field at fault.
    pub fn field(&self) -> Field {
        match self {
            Refusal::NoSuchPayment(_) => Field::Payment,
            Refusal::NoSuchLoan(_) => Field::Loan,
            Refusal::LaterAboveOwed { .. } => Field::Amount,
            Refusal::Invalid(e) => e.field,
            Refusal::Field(e) => e.field,
        }
    }

    /// What is wrong, in `lang` (the engine's own refusals are in English).
    pub fn problem(&self, lang: Language) -> String {
        match (self, lang) {
            (Refusal::NoSuchPayment(id), Language::En) => {
                format!("no payment {id}; see `loandash payments list`")
            }
            (Refusal::NoSuchPayment(id), Language::Zh) => {
                format!("没有付款 {id}；见 `loandash payments list`")
            }
            (Refusal::NoSuchLoan(id), Language::En) => {
                format!("no loan or account with id {id:?}; see `loandash list`")
            }
            (Refusal::NoSuchLoan(id), Language::Zh) => {
                format!("没有编号为 {id:?} 的贷款或账户；见 `loandash list`")
            }
            (Refusal::LaterAboveOwed { id, date }, Language::En) => format!(
                "the later payment {} on {date} would then be more than is owed; change or delete it first",
                label(*id)
            ),
            (Refusal::LaterAboveOwed { id, date }, Language::Zh) => format!(
                "这样 {date} 的付款 {} 会超过届时的欠款；请先修改或删除它",
                label(*id)
            ),
            (Refusal::Invalid(e), lang) => e.problem(lang),
            (Refusal::Field(e), lang) => e.problem.render(lang),
        }
    }
}

/// What paying cash to a loan or account writes.
#[derive(Debug, Clone, PartialEq)]
pub enum Paid {
    /// On a loan: the cash as the lender applies it, with its records.
    Loan(PaymentSplit),
    /// On a revolving account: one record.
    Account(PaymentRecord),
}

impl Paid {
    /// The records to keep.
    pub fn records(self) -> Vec<PaymentRecord> {
        match self {
            Paid::Loan(split) => split.records,
            Paid::Account(record) => vec![record],
        }
    }
}

/// Paying `amount` on `date` to loan or account `id`, checked as every way in checks a
/// payment: cash goes as a lender applies it ([`ledger::split_payment`]), never more than
/// is owed. The amount and date are checked before whether `id` exists (as `pay` always has).
pub fn paying(
    data: &StoreData,
    id: &str,
    date: NaiveDate,
    amount: Decimal,
    mode: PrepayMode,
    apply: Apply,
) -> Result<Paid, Refusal> {
    crate::book::dues::new_payment(data, id, date, amount)?;
    if let Some(loan) = data.loan(id) {
        let history: Vec<PaymentRecord> = data.payments_for(id).cloned().collect();
        let split = ledger::split_payment(loan, &history, date, amount, mode, apply)?;
        return Ok(Paid::Loan(split));
    }
    if !data.revolving.iter().any(|a| a.id == id) {
        return Err(Refusal::NoSuchLoan(id.to_string()));
    }
    Ok(Paid::Account(PaymentRecord {
        id: 0,
        date,
        amount,
        loan: id.to_string(),
        kind: PaymentKind::Scheduled,
        mode: None,
    }))
}

/// What an edit changes; what is `None` stays as it was.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Change {
    /// The day paid.
    pub date: Option<NaiveDate>,
    /// The cash paid.
    pub amount: Option<Decimal>,
    /// What a prepayment shortens or reduces.
    pub mode: Option<PrepayMode>,
}

/// The index in `data.payments` of the payment `text` names (`P12`, `p12` or `12`).
pub fn find(data: &StoreData, text: &str) -> Result<usize, Refusal> {
    let trimmed = text.trim();
    let number = trimmed
        .strip_prefix(['P', 'p'])
        .unwrap_or(trimmed)
        .parse::<u32>()
        .ok()
        .filter(|n| *n != 0);
    number
        .and_then(|n| data.payments.iter().position(|p| p.id == n))
        .ok_or_else(|| Refusal::NoSuchPayment(trimmed.to_string()))
}

/// Edit the payment at `index`: it is recorded again as `pay` records cash on its (new)
/// day — a prepayment stays a prepayment — keeping its id (cash beyond the next
/// installment becomes a second record, as `pay` makes it). Refused, `data` unchanged,
/// when the payment would be above what is owed that day or would leave a later one so.
/// Returns the ids of the records that replace it.
pub fn edit(data: &mut StoreData, index: usize, change: Change) -> Result<Vec<u32>, Refusal> {
    let old = data.payments[index].clone();
    let listed = list_one(data, &old)?;
    let mut without = data.clone();
    without.payments.remove(index);
    let apply = match old.kind {
        PaymentKind::Prepayment => Apply::Prepayment,
        PaymentKind::Scheduled => Apply::Installments,
    };
    let mut records = paying(
        &without,
        &old.loan,
        change.date.unwrap_or(old.date),
        change.amount.unwrap_or(listed.cash),
        change.mode.or(old.mode).unwrap_or(PrepayMode::Shorten),
        apply,
    )?
    .records();
    if let Some(first) = records.first_mut() {
        first.id = old.id;
    }
    let mut changed = without;
    changed
        .payments
        .splice(index..index, records.iter().cloned());
    changed.number_payments();
    later_still_owed(data, &changed, &old.loan, old.id)?;
    let ids = changed.payments[index..index + records.len()]
        .iter()
        .map(|p| p.id)
        .collect();
    *data = changed;
    Ok(ids)
}

/// Delete the payment at `index` and return it (less paid never makes a later payment
/// above what is owed).
pub fn delete(data: &mut StoreData, index: usize) -> PaymentRecord {
    data.payments.remove(index)
}

fn list_one(data: &StoreData, payment: &PaymentRecord) -> Result<Listed, Refusal> {
    let parts = parts_of(data, &payment.loan)?
        .into_iter()
        .find(|(id, _)| *id == payment.id)
        .map(|(_, parts)| parts);
    Ok(Listed {
        id: payment.id,
        date: payment.date,
        loan: payment.loan.clone(),
        name: String::new(),
        kind: payment.kind,
        mode: payment.mode,
        cash: parts.as_ref().map_or(payment.amount, PaymentParts::cash),
        parts,
    })
}

/// Refuse `after` where a payment of `loan` other than `changed` pays more than is owed
/// and did not in `before` (a change to an earlier payment, or payments merged from two
/// copies of the store): on a loan, cash the replay finds nothing to apply to; on an
/// account, more than its balance that day.
pub fn later_still_owed(
    before: &StoreData,
    after: &StoreData,
    loan: &str,
    changed: u32,
) -> Result<(), Refusal> {
    let was_above: HashMap<u32, Decimal> = above_owed(before, loan)?
        .into_iter()
        .map(|(id, _, extra)| (id, extra))
        .collect();
    let now_above = above_owed(after, loan)?;
    match now_above
        .into_iter()
        .find(|(id, _, extra)| *id != changed && was_above.get(id).is_none_or(|was| extra > was))
    {
        Some((id, date, _)) => Err(Refusal::LaterAboveOwed { id, date }),
        None => Ok(()),
    }
}

/// The payments of `loan` that pay more than is owed, with how much more (an account's
/// payment above its balance counts whole).
fn above_owed(data: &StoreData, loan: &str) -> Result<Vec<(u32, NaiveDate, Decimal)>, Refusal> {
    if data.loan(loan).is_some() {
        return Ok(parts_of(data, loan)?
            .into_iter()
            .filter(|(_, p)| p.credit > Decimal::ZERO)
            .map(|(id, p)| (id, p.date, p.credit))
            .collect());
    }
    // Each payment against the account with only the others recorded.
    let account = StoreData {
        revolving: data
            .revolving
            .iter()
            .filter(|a| a.id == loan)
            .cloned()
            .collect(),
        payments: data.payments_for(loan).cloned().collect(),
        ..StoreData::default()
    };
    Ok((0..account.payments.len())
        .filter_map(|index| {
            let mut others = account.clone();
            let payment = others.payments.remove(index);
            crate::book::dues::new_payment(&others, loan, payment.date, payment.amount)
                .is_err()
                .then_some((payment.id, payment.date, payment.amount))
        })
        .collect())
}
