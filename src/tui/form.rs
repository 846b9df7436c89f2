//! Forms to add or edit a loan or revolving account and to record a payment.
//!
//! A form only collects text and choices; every check is the engine's own
//! ([`LoanTerms::new`], [`ledger::split_payment`], …), so the TUI holds no money rule.

use super::i18n::{Strings, Word};
use crate::book::ledger::{self, Apply};
use crate::book::overview;
use crate::book::payments::Paid;
use crate::engine::error::Problem;
use crate::engine::field::Field;
use crate::engine::loan::{Conventions, DayCount, FieldError, LoanInput, LoanTerms, Method, Rate};
use crate::engine::money::{parse_amount, parse_decimal, plain};
use crate::engine::revolving::InterestBasis;
use crate::engine::schedule::PrepayMode;
use crate::store::{Entered, Loan, PaymentRecord, RevolvingAccount, StoreData};
use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rust_decimal::Decimal;

/// A label in the interface language, or a name from the user's data.
#[derive(Debug, Clone)]
pub enum Label {
    /// A string of the catalogue.
    Str(Word),
    /// User data shown as is.
    Text(String),
}

impl Label {
    /// The text to show.
    pub fn text(&self, strings: &Strings) -> String {
        match self {
            Label::Str(f) => f(strings).to_string(),
            Label::Text(t) => t.clone(),
        }
    }
}

/// One option of a choice field: the value stored, the label shown.
#[derive(Debug, Clone)]
pub struct Choice {
    /// Stored value (a method spelling, a loan id, …).
    pub value: String,
    /// Shown label.
    pub label: Label,
}

impl Choice {
    /// An option labelled in the interface language.
    fn said(value: &str, label: Word) -> Choice {
        Choice {
            value: value.into(),
            label: Label::Str(label),
        }
    }

    /// An option labelled with the user's data (a line's name, a loan's id and name).
    fn named(value: impl Into<String>, label: String) -> Choice {
        Choice {
            value: value.into(),
            label: Label::Text(label),
        }
    }
}

/// A form field: free text, or one of `choices` (chosen with ←/→).
#[derive(Debug, Clone)]
pub struct Input {
    /// The field it edits, so a refusal of that field lands on it.
    pub key: Field,
    /// Shown label.
    pub label: Word,
    /// Typed text (text fields).
    pub text: String,
    /// Options (choice fields); empty for text fields.
    pub choices: Vec<Choice>,
    /// Selected option.
    pub chosen: usize,
    /// The text is what the form put there (a default, a suggestion or the value being
    /// edited), not typed: the first character typed replaces it, as a selection would.
    pub offered: bool,
}

impl Input {
    fn text(key: Field, label: Word, text: impl Into<String>) -> Input {
        Input {
            key,
            label,
            text: text.into(),
            choices: Vec::new(),
            chosen: 0,
            offered: true,
        }
    }

    fn choice(key: Field, label: Word, choices: Vec<Choice>, value: &str) -> Input {
        let chosen = choices.iter().position(|c| c.value == value).unwrap_or(0);
        Input {
            key,
            label,
            text: String::new(),
            choices,
            chosen,
            offered: false,
        }
    }

    /// Whether ←/→ cycles options rather than the field taking typed text.
    pub fn is_choice(&self) -> bool {
        !self.choices.is_empty()
    }

    /// The value: typed text, or the chosen option's value.
    pub fn value(&self) -> &str {
        match self.choices.get(self.chosen) {
            Some(choice) => &choice.value,
            None => self.text.trim(),
        }
    }

    /// What the field shows.
    pub fn display(&self, strings: &Strings) -> String {
        match self.choices.get(self.chosen) {
            Some(choice) => format!("‹ {} ›", choice.label.text(strings)),
            None => self.text.clone(),
        }
    }
}

/// What a form adds or changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormKind {
    /// A new installment loan.
    AddLoan,
    /// The loan with this id.
    EditLoan(String),
    /// A new revolving account.
    AddRevolving,
    /// The revolving account with this id.
    EditRevolving(String),
    /// A payment.
    Pay,
    /// The recorded payment with this id.
    EditPayment(u32),
    /// The name to save the simulator's scenario under.
    SaveScenario,
    /// Another file to save the store to.
    SaveAs,
    /// The lender's plan of the loan with this id.
    AttachPlan(String),
}

/// What a valid form produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Submission {
    /// A loan to add or replace (by id), with the installments already paid on it, and
    /// the next due date typed where it was entered from what is left.
    Loan(Box<Loan>, Vec<PaymentRecord>, Option<NaiveDate>),
    /// A revolving account to add or replace (by id).
    Revolving(RevolvingAccount),
    /// Payment records to append.
    Payments(Vec<PaymentRecord>),
    /// A recorded payment (by id) to change (checked: the change is accepted).
    PaymentEdit(u32, crate::book::payments::Change),
    /// The name to save the scenario under (trimmed, not empty).
    ScenarioName(String),
    /// The file to save the store to.
    SaveAs(std::path::PathBuf),
    /// The lender's plan read from this file, for the loan with this id.
    Plan(String, std::path::PathBuf, Box<crate::lender::plan::Plan>),
    /// The plan kept with the loan of this id, to drop.
    DetachPlan(String),
}

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormEvent {
    /// Still editing.
    Editing,
    /// Enter: the caller validates and saves.
    Submit,
    /// Esc: discard.
    Cancel,
}

/// An open form.
#[derive(Debug, Clone)]
pub struct Form {
    /// What it is for.
    pub kind: FormKind,
    /// Its fields, top to bottom.
    pub fields: Vec<Input>,
    /// The field with the cursor.
    pub focus: usize,
    /// The first problem: which field and what is wrong (kept up to date as you type),
    /// rendered in the interface language when drawn.
    pub problem: Option<(usize, FieldError)>,
}

fn method_choices() -> Vec<Choice> {
    let label = |m: Method| -> Word {
        match m {
            Method::EqualInstallment => |s| s.method_equal_installment,
            Method::EqualPrincipal => |s| s.method_equal_principal,
            Method::InterestOnly => |s| s.method_interest_only,
            Method::Bullet => |s| s.method_bullet,
            Method::FlatFee => |s| s.method_flat_fee,
        }
    };
    Method::ALL
        .iter()
        .map(|m| Choice::said(m.as_str(), label(*m)))
        .collect()
}

/// Options labelled in the interface language: (value, label), in the order shown.
fn said_choices(options: &[(&str, Word)]) -> Vec<Choice> {
    options
        .iter()
        .map(|&(value, label)| Choice::said(value, label))
        .collect()
}

/// A choice field's options over a value type `T`: each value, its spelling in the form
/// and its label. The field's choices, the spelling it opens on and the value read back
/// all come from this one list; the first option is the one an unknown spelling reads as.
type Options<T> = [(T, &'static str, Word); 2];

/// What an account's interest runs on when a statement is not paid in full.
const BASES: Options<InterestBasis> = [
    (InterestBasis::Remainder, "remainder", |s| s.basis_remainder),
    (InterestBasis::Statement, "statement", |s| s.basis_statement),
];

/// What a loan's payment beyond the installments due goes to.
const APPLY: Options<Apply> = [
    (Apply::Installments, "installments", |s| {
        s.apply_installments
    }),
    (Apply::Prepayment, "prepayment", |s| s.apply_prepayment),
];

/// A field's choices, labelled in the interface language.
fn choices<T>(options: &Options<T>) -> Vec<Choice> {
    options
        .iter()
        .map(|&(_, spelled, label)| Choice::said(spelled, label))
        .collect()
}

/// How `value` is spelled among `options`.
fn spelled<T: PartialEq>(options: &Options<T>, value: T) -> &'static str {
    options
        .iter()
        .find(|(v, ..)| *v == value)
        .map_or(options[0].1, |o| o.1)
}

/// The value `spelled` is among `options`.
fn read<T: Copy>(options: &Options<T>, spelled: &str) -> T {
    options
        .iter()
        .find(|o| o.1 == spelled)
        .map_or(options[0].0, |o| o.0)
}

fn mode_choices() -> Vec<Choice> {
    said_choices(&[
        ("shorten", |s| s.mode_shorten),
        ("reduce", |s| s.mode_reduce),
    ])
}

/// The credit line a loan or account draws on: none, or one of the store's (`chosen`
/// selected).
fn line_input(data: &StoreData, chosen: Option<&str>) -> Input {
    let lines = std::iter::once(Choice::said("", |s| s.none))
        .chain(
            data.lines
                .iter()
                .map(|l| Choice::named(&l.name, l.name.clone())),
        )
        .collect();
    Input::choice(Field::Line, |s| s.field_line, lines, chosen.unwrap_or(""))
}

/// The name and lender inputs a loan's form and an account's open with, `existing`'s
/// (name, lender) in them on an edit.
fn name_and_lender(existing: Option<(&str, &str)>) -> Vec<Input> {
    let (name, lender) = existing.unwrap_or_default();
    vec![
        Input::text(Field::Name, |s| s.field_name, name),
        Input::text(Field::Lender, |s| s.field_lender, lender),
    ]
}

fn optional(value: Option<Decimal>) -> String {
    value.map(|v| v.normalize().to_string()).unwrap_or_default()
}

/// The loan form's inputs: `existing`'s values (an edit, always as stored), else empty
/// ones for a loan entered as `entry` says: as borrowed, or from what is left on it as the
/// lender's app shows it (剩余本金, 剩余期数, 下次还款日, 月供).
fn loan_inputs(
    data: &StoreData,
    existing: Option<&Loan>,
    as_of: NaiveDate,
    entry: Entered,
) -> Vec<Input> {
    let (rate_kind, rate) = match existing.map(|l| l.rate) {
        Some(Rate::Daily(d)) => ("daily", d.normalize().to_string()),
        Some(Rate::Annual(a)) => ("annual", a.normalize().to_string()),
        None => ("daily", String::new()),
    };
    let day_counts = std::iter::once(Choice::said("", |s| s.automatic))
        .chain(
            DayCount::ALL
                .iter()
                .map(|d| Choice::named(d.as_str(), d.as_str().into())),
        )
        .collect();
    let mut fields = name_and_lender(existing.map(|l| (l.name.as_str(), l.lender.as_str())));
    if existing.is_none() {
        fields.push(Input::choice(
            Field::Entered,
            |s| s.field_entered,
            said_choices(&[
                (Entered::Borrowed.as_str(), |s| s.entered_borrowed),
                (Entered::Left.as_str(), |s| s.entered_left),
            ]),
            entry.as_str(),
        ));
    }
    match entry {
        Entered::Borrowed => fields.push(Input::text(
            Field::Principal,
            |s| s.field_principal,
            optional(existing.map(|l| l.principal)),
        )),
        Entered::Left => fields.extend([
            Input::text(Field::Balance, |s| s.field_balance_left, ""),
            Input::text(Field::InstallmentsLeft, |s| s.field_installments_left, ""),
            Input::text(Field::NextDue, |s| s.field_next_due, ""),
            Input::text(Field::DueDay, |s| s.field_due_day_optional, ""),
            Input::text(Field::Installment, |s| s.field_installment, ""),
        ]),
    }
    fields.extend([
        Input::choice(
            Field::Method,
            |s| s.field_method,
            method_choices(),
            existing.map_or("equal-installment", |l| l.method.as_str()),
        ),
        Input::choice(
            Field::RateKind,
            |s| s.field_rate_kind,
            said_choices(&[("daily", |s| s.rate_daily), ("annual", |s| s.rate_annual)]),
            rate_kind,
        ),
        Input::text(Field::Rate, |s| s.field_rate, rate),
    ]);
    if entry == Entered::Borrowed {
        fields.extend([
            Input::text(
                Field::FeeRate,
                |s| s.field_fee_rate,
                optional(existing.map(|l| l.fee_rate).filter(|f| !f.is_zero())),
            ),
            Input::text(
                Field::Term,
                |s| s.field_term,
                existing.map(|l| l.term.to_string()).unwrap_or_default(),
            ),
            Input::text(
                Field::Start,
                |s| s.field_start,
                existing.map_or(as_of, |l| l.start).to_string(),
            ),
        ]);
        // A loan that started earlier: installments already paid (new loans only).
        if existing.is_none() {
            fields.push(Input::text(Field::Paid, |s| s.field_paid, ""));
        }
    }
    fields.extend([
        Input::choice(
            Field::DayCount,
            |s| s.field_day_count,
            day_counts,
            existing.map_or("", |l| l.day_count.as_str()),
        ),
        Input::text(
            Field::PenaltyRate,
            |s| s.field_penalty_rate,
            optional(existing.and_then(|l| l.penalty_rate)),
        ),
        line_input(data, existing.and_then(|l| l.line.as_deref())),
    ]);
    fields
}

impl Form {
    /// A form for a new loan, or to edit `existing`.
    pub fn loan(data: &StoreData, existing: Option<&Loan>, as_of: NaiveDate) -> Form {
        let kind = existing.map_or(FormKind::AddLoan, |l| FormKind::EditLoan(l.id.clone()));
        let mut form = Form::new(kind, loan_inputs(data, existing, as_of, Entered::Borrowed));
        if existing.is_none() {
            form.follow(data, None, as_of);
        }
        form
    }

    /// A form for a new revolving account, or to edit `existing`.
    pub fn revolving(data: &StoreData, existing: Option<&RevolvingAccount>) -> Form {
        let mut fields = name_and_lender(existing.map(|a| (a.name.as_str(), a.lender.as_str())));
        fields.extend([
            Input::text(
                Field::StatementBalance,
                |s| s.field_balance,
                optional(existing.map(|a| a.statement_balance)),
            ),
            Input::text(
                Field::DailyRate,
                |s| s.field_daily_rate,
                existing.map_or("0.05".into(), |a| a.daily_rate.normalize().to_string()),
            ),
            Input::text(
                Field::StatementDay,
                |s| s.field_statement_day,
                existing.map_or(1, |a| a.statement_day).to_string(),
            ),
            Input::text(
                Field::DueDay,
                |s| s.field_due_day,
                existing.map_or(10, |a| a.due_day).to_string(),
            ),
            Input::text(
                Field::MinPercent,
                |s| s.field_min_percent,
                existing.map_or("10".into(), |a| a.min_percent.normalize().to_string()),
            ),
            Input::text(
                Field::MinFloor,
                |s| s.field_min_floor,
                existing.map_or("0".into(), |a| a.min_floor.normalize().to_string()),
            ),
            Input::choice(
                Field::Basis,
                |s| s.field_basis,
                choices(&BASES),
                spelled(
                    &BASES,
                    existing.map_or(InterestBasis::Remainder, |a| a.basis),
                ),
            ),
            line_input(data, existing.and_then(|a| a.line.as_deref())),
        ]);
        let kind = existing.map_or(FormKind::AddRevolving, |a| {
            FormKind::EditRevolving(a.id.clone())
        });
        Form::new(kind, fields)
    }

    /// A form to record a payment on `selected` (or the first loan), for what settles the
    /// loan's next installment on the date (on an account, `offered`).
    pub fn payment(
        data: &StoreData,
        selected: Option<&str>,
        offered: Option<Decimal>,
        as_of: NaiveDate,
    ) -> Form {
        let loans = (data.debts())
            .map(|(id, name)| Choice::named(id, format!("{id} {name}")))
            .collect();
        let fields = vec![
            Input::choice(Field::Loan, |s| s.field_loan, loans, selected.unwrap_or("")),
            Input::text(Field::Amount, |s| s.field_amount, ""),
            Input::text(Field::Date, |s| s.field_date, as_of.to_string()),
        ];
        let mut form = Form::new(FormKind::Pay, fields);
        // With the loan chosen already, what is left to type is the amount.
        if selected.is_some() {
            form.focus = 1;
        }
        form.follow(data, offered, as_of);
        form
    }

    /// A form to change a recorded payment's date, amount (the cash paid) or, on a loan,
    /// mode.
    pub fn edit_payment(payment: &crate::book::payments::Listed) -> Form {
        let mode = match payment.mode {
            Some(PrepayMode::Reduce) => "reduce",
            _ => "shorten",
        };
        let mut fields = vec![
            Input::text(Field::Date, |s| s.field_date, payment.date.to_string()),
            Input::text(Field::Amount, |s| s.field_amount, plain(payment.cash)),
        ];
        // An account's payment has no installments to split into, so no mode.
        if payment.parts.is_some() {
            fields.push(Input::choice(
                Field::Mode,
                |s| s.field_mode,
                mode_choices(),
                mode,
            ));
        }
        Form::new(FormKind::EditPayment(payment.id), fields)
    }

    /// How a loan's payment is split, which an account's payment has no use for: the
    /// payment form shows them only while a loan is chosen.
    fn loan_payment_fields() -> [Input; 2] {
        [
            Input::choice(Field::Apply, |s| s.field_apply, choices(&APPLY), APPLY[0].1),
            Input::choice(Field::Mode, |s| s.field_mode, mode_choices(), "shorten"),
        ]
    }

    /// The payment form's fields for the loan or account chosen.
    fn fit_payment_fields(&mut self, data: &StoreData) {
        let on_loan = data.loan(self.value(Field::Loan)).is_some();
        let shown = self.fields.iter().any(|f| f.key == Field::Apply);
        if on_loan && !shown {
            self.fields.extend(Self::loan_payment_fields());
        } else if !on_loan && shown {
            self.fields
                .retain(|f| !matches!(f.key, Field::Apply | Field::Mode));
            self.focus = self.focus.min(self.fields.len() - 1);
        }
    }

    /// Keep a figure the form filled in up to date while the user has not typed over it:
    /// a payment's amount follows the loan and date (what settles the next installment,
    /// on an account, `offered`); a new loan's installments paid follow its terms (those
    /// due before `as_of`).
    pub fn follow(&mut self, data: &StoreData, offered: Option<Decimal>, as_of: NaiveDate) {
        let key = match self.kind {
            FormKind::Pay => {
                self.fit_payment_fields(data);
                Field::Amount
            }
            FormKind::AddLoan => {
                self.follow_entry(data, as_of);
                self.follow_method();
                Field::Paid
            }
            _ => return,
        };
        // Typed over (even to the same text), the value is the user's.
        if !self.fields.iter().any(|f| f.key == key && f.offered) {
            return;
        }
        let text = if self.kind == FormKind::AddLoan {
            let Ok(terms) = self.loan_terms(data) else {
                return;
            };
            let before = as_of.pred_opt().unwrap_or(as_of);
            match ledger::installments_due_by(&terms, before) {
                0 => String::new(),
                n => n.to_string(),
            }
        } else {
            let amount = match (data.loan(self.value(Field::Loan)), self.date(Field::Date)) {
                (Some(loan), Ok(date)) => {
                    let history: Vec<PaymentRecord> =
                        data.payments_for(&loan.id).cloned().collect();
                    ledger::settles_next(loan, &history, date)
                        .ok()
                        .filter(|a| !a.is_zero())
                }
                (Some(_), Err(_)) => return,
                (None, _) => offered,
            };
            amount.map(plain).unwrap_or_default()
        };
        if let Some(field) = self.fields.iter_mut().find(|f| f.key == key) {
            field.text = text;
        }
    }

    /// How the new loan is entered, as chosen.
    fn entry(&self) -> Entered {
        self.value(Field::Entered).parse().unwrap_or_default()
    }

    /// A new loan's inputs follow how it is entered, keeping what was typed in the
    /// inputs both ways share.
    fn follow_entry(&mut self, data: &StoreData, as_of: NaiveDate) {
        let shown = match self.fields.iter().any(|f| f.key == Field::Balance) {
            true => Entered::Left,
            false => Entered::Borrowed,
        };
        if self.entry() == shown {
            return;
        }
        let mut fields = loan_inputs(data, None, as_of, self.entry());
        for field in &mut fields {
            if let Some(typed) = self.fields.iter().find(|f| f.key == field.key) {
                *field = typed.clone();
            }
        }
        self.focus = fields
            .iter()
            .position(|f| f.key == Field::Entered)
            .unwrap_or(0);
        self.fields = fields;
        self.problem = None;
    }

    /// The lender's installment of an equal-principal loan is the principal each period
    /// repays (as `--installment` reads it), not the payment: the label says which.
    fn follow_method(&mut self) {
        let principal = self.value(Field::Method) == Method::EqualPrincipal.as_str();
        if let Some(input) = self.fields.iter_mut().find(|f| f.key == Field::Installment) {
            input.label = match principal {
                true => |s| s.field_principal_each,
                false => |s| s.field_installment,
            };
        }
    }

    /// A form asking where to save the store instead, prefilled with `suggested`.
    pub fn save_as(suggested: &std::path::Path) -> Form {
        let field = Input::text(
            Field::Path,
            |s| s.field_path,
            suggested.display().to_string(),
        );
        Form::new(FormKind::SaveAs, vec![field])
    }

    /// A form asking for the file of loan `id`'s lender plan, prefilled with `kept`, the
    /// file of the plan kept with it (which the form, left empty, drops).
    pub fn attach_plan(id: &str, kept: Option<&str>) -> Form {
        let field = match kept {
            Some(path) => Input::text(Field::Path, |s| s.field_plan_file_kept, path),
            None => Input::text(Field::Path, |s| s.field_plan_file, ""),
        };
        Form::new(FormKind::AttachPlan(id.to_string()), vec![field])
    }

    /// A form asking the name to save a scenario under, prefilled with `name`.
    pub fn scenario_name(name: Option<&str>) -> Form {
        let field = Input::text(Field::Name, |s| s.field_name, name.unwrap_or_default());
        Form::new(FormKind::SaveScenario, vec![field])
    }

    fn new(kind: FormKind, fields: Vec<Input>) -> Form {
        Form {
            kind,
            fields,
            focus: 0,
            problem: None,
        }
    }

    /// The value of the input of `key` ("" when there is none).
    pub fn value(&self, key: Field) -> &str {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .map_or("", Input::value)
    }

    /// Handle a key press; typing goes to the focused field.
    pub fn handle_key(&mut self, key: &KeyEvent) -> FormEvent {
        let count = self.fields.len();
        let field = &mut self.fields[self.focus];
        match key.code {
            KeyCode::Esc => return FormEvent::Cancel,
            KeyCode::Enter => return FormEvent::Submit,
            KeyCode::Tab | KeyCode::Down => self.focus = (self.focus + 1) % count,
            KeyCode::BackTab | KeyCode::Up => self.focus = (self.focus + count - 1) % count,
            KeyCode::Left if field.is_choice() => {
                field.chosen = (field.chosen + field.choices.len() - 1) % field.choices.len();
            }
            KeyCode::Right | KeyCode::Char(' ') if field.is_choice() => {
                field.chosen = (field.chosen + 1) % field.choices.len();
            }
            KeyCode::Backspace if !field.is_choice() => {
                field.text.pop();
                field.offered = false;
            }
            KeyCode::Char('u')
                if key.modifiers.contains(KeyModifiers::CONTROL) && !field.is_choice() =>
            {
                field.text.clear();
                field.offered = false;
            }
            KeyCode::Char(c)
                if !field.is_choice() && !key.modifiers.contains(KeyModifiers::CONTROL) =>
            {
                if field.offered {
                    field.text.clear();
                    field.offered = false;
                }
                field.text.push(c);
            }
            _ => {}
        }
        FormEvent::Editing
    }

    /// Check the form against the store; remember the first problem for display.
    pub fn check(&mut self, data: &StoreData, as_of: NaiveDate) -> Option<Submission> {
        match self.submission(data, as_of) {
            Ok(submission) => {
                self.problem = None;
                Some(submission)
            }
            Err(e) => {
                // A loan form's one rate input takes either rate; interest to the payment
                // day (kept by an edit, not shown) is refused for the day count chosen.
                let find = |field: Field| self.fields.iter().position(|f| f.key == field);
                let index = find(e.field)
                    .or_else(|| match e.field {
                        Field::AnnualRate | Field::DailyRate => find(Field::Rate),
                        Field::EarlyInterest => find(Field::DayCount),
                        _ => None,
                    })
                    .unwrap_or(self.focus);
                self.problem = Some((index, e));
                None
            }
        }
    }

    fn decimal(&self, field: Field, dp: u32) -> Result<Option<Decimal>, FieldError> {
        let text = self.value(field);
        if text.is_empty() {
            return Ok(None);
        }
        parse_decimal(text, dp)
            .map(Some)
            .map_err(|e| FieldError::typed(field, Problem::Number(e)))
    }

    fn required(&self, field: Field, dp: u32) -> Result<Decimal, FieldError> {
        self.decimal(field, dp)?
            .ok_or(FieldError::typed(field, Problem::Missing))
    }

    /// A required amount of money, kept with two decimals as the store writes money.
    fn amount(&self, field: Field) -> Result<Decimal, FieldError> {
        match self.value(field) {
            "" => Err(FieldError::typed(field, Problem::Missing)),
            text => parse_amount(text).map_err(|e| FieldError::typed(field, Problem::Number(e))),
        }
    }

    fn number<T: std::str::FromStr>(&self, field: Field) -> Result<T, FieldError> {
        self.value(field)
            .parse()
            .map_err(|_| FieldError::typed(field, Problem::NotAWholeNumber))
    }

    fn date(&self, field: Field) -> Result<NaiveDate, FieldError> {
        Ok(crate::engine::validate::date(field, self.value(field))?)
    }

    fn submission(&self, data: &StoreData, as_of: NaiveDate) -> Result<Submission, FieldError> {
        match &self.kind {
            FormKind::AddLoan | FormKind::EditLoan(_) => {
                let loan = self.loan_submission(data)?;
                let paid = match self.value(Field::Paid) {
                    "" => Vec::new(),
                    _ => ledger::paid_on_due_dates(&loan, self.number(Field::Paid)?, as_of)?,
                };
                // An edit is held to the line only where it draws more or moves there.
                let stored = data.loan(&loan.id);
                let draws_more =
                    stored.is_none_or(|s| s.line != loan.line || s.principal < loan.principal);
                if draws_more {
                    let recorded = data.payments_for(&loan.id).cloned();
                    let payments: Vec<_> = recorded.chain(paid.iter().cloned()).collect();
                    overview::check_line_room(data, &loan, &payments, as_of)?;
                }
                let next_due = match self.entry() {
                    Entered::Left => Some(self.date(Field::NextDue)?),
                    Entered::Borrowed => None,
                };
                Ok(Submission::Loan(Box::new(loan), paid, next_due))
            }
            FormKind::AddRevolving | FormKind::EditRevolving(_) => {
                self.revolving_submission(data).map(Submission::Revolving)
            }
            FormKind::Pay => self.pay_submission(data, as_of).map(Submission::Payments),
            FormKind::EditPayment(id) => self.payment_edit(*id, data, as_of),
            FormKind::SaveScenario => {
                let name = crate::engine::validate::name(
                    Field::Name,
                    self.value(Field::Name),
                    std::iter::empty(),
                )?;
                Ok(Submission::ScenarioName(name))
            }
            FormKind::SaveAs => match self.value(Field::Path) {
                "" => Err(FieldError::typed(Field::Path, Problem::Missing)),
                path => Ok(Submission::SaveAs(path.into())),
            },
            FormKind::AttachPlan(id) => {
                let path = std::path::PathBuf::from(self.value(Field::Path).trim());
                let kept = data.loan(id).is_some_and(|l| l.plan.is_some());
                if kept && path.as_os_str().is_empty() {
                    return Ok(Submission::DetachPlan(id.clone()));
                }
                let plan = read_plan(&path)?;
                Ok(Submission::Plan(id.clone(), path, Box::new(plan)))
            }
        }
    }

    fn loan_submission(&self, data: &StoreData) -> Result<Loan, FieldError> {
        let editing = match &self.kind {
            FormKind::EditLoan(id) => Some(id.as_str()),
            _ => None,
        };
        let others = data.loan_names_but(editing);
        let name = crate::engine::validate::name(Field::Name, self.value(Field::Name), others)?;
        let terms = self.loan_terms(data)?;
        let penalty_rate = self.decimal(Field::PenaltyRate, 6)?;
        let (id, early_interest, plan, entered) = match &self.kind {
            // An edit keeps what the form does not show: its lender's plan, and whether
            // it was entered from what was left.
            FormKind::EditLoan(id) => {
                let kept = data.loan(id);
                (
                    id.clone(),
                    kept.map(|l| l.early_interest).unwrap_or_default(),
                    kept.and_then(|l| l.plan.clone()),
                    kept.map(|l| l.entered).unwrap_or_default(),
                )
            }
            _ => (data.next_id("L"), Default::default(), None, self.entry()),
        };
        let lender = crate::engine::validate::clean_text(self.value(Field::Lender));
        let loan = Loan {
            penalty_rate,
            line: Some(self.value(Field::Line).to_string()).filter(|l| !l.is_empty()),
            early_interest,
            plan,
            entered,
            ..Loan::with_terms(id, name, lender, &terms)
        };
        loan.validate()?;
        Ok(loan)
    }

    /// The loan's terms as typed, checked by the engine.
    fn loan_terms(&self, data: &StoreData) -> Result<LoanTerms, FieldError> {
        let rate = self.decimal(Field::Rate, 6)?;
        let daily = self.value(Field::RateKind) == "daily";
        let method: Method = self
            .value(Field::Method)
            .parse()
            .map_err(|e| FieldError::typed(Field::Method, e))?;
        let rates = LoanInput {
            annual_rate: rate.filter(|_| !daily),
            daily_rate: rate.filter(|_| daily),
            method: Some(method),
            day_count: match self.value(Field::DayCount) {
                "" => None,
                text => Some(
                    text.parse()
                        .map_err(|e| FieldError::typed(Field::DayCount, e))?,
                ),
            },
            ..LoanInput::default()
        };
        if self.entry() == Entered::Left {
            let installment = match self.value(Field::Installment) {
                "" => None,
                _ => Some(self.amount(Field::Installment)?),
            };
            let input = LoanInput {
                conventions: Conventions {
                    installment,
                    ..Conventions::default()
                },
                ..rates
            };
            let due_day = (self.decimal(Field::DueDay, 0)?)
                .map(|day| crate::engine::validate::day_of_month(Field::DueDay, day))
                .transpose()?;
            let left = input.left(
                self.amount(Field::Balance)?,
                self.number(Field::InstallmentsLeft)?,
                self.date(Field::NextDue)?,
                due_day,
            );
            // The command line refuses it on --balance, the flag that asks for it; here
            // the method is what to change.
            return left.map_err(|e| match e.problem {
                Problem::LeftMethod => FieldError::typed(Field::Method, Problem::LeftMethod),
                _ => e,
            });
        }
        let input = LoanInput {
            principal: Some(self.amount(Field::Principal)?),
            fee_rate: self.decimal(Field::FeeRate, 6)?,
            term: Some(self.number(Field::Term)?),
            start: Some(self.date(Field::Start)?),
            ..rates
        };
        LoanTerms::new(&Self::keeping_conventions(input, &self.kind, data))
    }

    /// The form does not show a lender's conventions: an edit keeps them, but for the
    /// lender's installment, set on terms the edit changed.
    fn keeping_conventions(mut input: LoanInput, kind: &FormKind, data: &StoreData) -> LoanInput {
        let FormKind::EditLoan(id) = kind else {
            return input;
        };
        let Some(stored) = data.loans.iter().find(|l| &l.id == id) else {
            return input;
        };
        input.conventions = stored.conventions.clone().unwrap_or_default();
        let before = LoanInput::from(&stored.terms());
        let same = (
            before.principal,
            before.annual_rate,
            before.daily_rate,
            before.term,
        ) == (
            input.principal,
            input.annual_rate,
            input.daily_rate,
            input.term,
        ) && (before.method, before.start) == (input.method, input.start);
        if !same {
            input.conventions.installment = None;
        }
        input
    }

    fn revolving_submission(&self, data: &StoreData) -> Result<RevolvingAccount, FieldError> {
        let id = match &self.kind {
            FormKind::EditRevolving(id) => id.clone(),
            _ => data.next_id("R"),
        };
        let others = data.revolving.iter().filter(|a| a.id != id);
        let name = crate::engine::validate::name(
            Field::Name,
            self.value(Field::Name),
            others.map(|a| a.name.as_str()),
        )?;
        let account = RevolvingAccount {
            id,
            name,
            lender: crate::engine::validate::clean_text(self.value(Field::Lender)),
            statement_balance: self.amount(Field::StatementBalance)?,
            statement_day: self.number(Field::StatementDay)?,
            due_day: self.number(Field::DueDay)?,
            daily_rate: self.required(Field::DailyRate, 6)?,
            min_percent: self.required(Field::MinPercent, 6)?,
            min_floor: self.amount(Field::MinFloor)?,
            basis: read(&BASES, self.value(Field::Basis)),
            line: Some(self.value(Field::Line).to_string()).filter(|l| !l.is_empty()),
        };
        account.validate()?;
        // A new account's days are blamed on the due day, as neither was changed.
        let before = data.revolving.iter().find(|a| a.id == account.id);
        account.check_days(before.unwrap_or(&account))?;
        if let Some(line) = &account.line {
            data.line(line)?;
        }
        Ok(account)
    }

    /// A payment's day, refused in the future: a form records what was paid.
    fn paid_on(&self, as_of: NaiveDate) -> Result<NaiveDate, FieldError> {
        let date = self.date(Field::Date)?;
        if date > as_of {
            return Err(FieldError::typed(
                Field::Date,
                Problem::InFuture { date, today: as_of },
            ));
        }
        Ok(date)
    }

    /// The prepayment mode chosen (`None`: the form has no mode, as on an account).
    fn mode(&self) -> Result<Option<PrepayMode>, FieldError> {
        match self.value(Field::Mode) {
            "" => Ok(None),
            mode => mode
                .parse()
                .map(Some)
                .map_err(|e| FieldError::typed(Field::Mode, e)),
        }
    }

    fn payment_edit(
        &self,
        id: u32,
        data: &StoreData,
        as_of: NaiveDate,
    ) -> Result<Submission, FieldError> {
        let change = crate::book::payments::Change {
            date: Some(self.paid_on(as_of)?),
            amount: Some(self.amount(Field::Amount)?),
            mode: self.mode()?,
        };
        // Checked on a copy as it will be made: refused here, the form stays open.
        let mut copy = data.clone();
        let index = crate::book::payments::find(&copy, &crate::book::payments::label(id))?;
        crate::book::payments::edit(&mut copy, index, change)?;
        Ok(Submission::PaymentEdit(id, change))
    }

    fn pay_submission(
        &self,
        data: &StoreData,
        as_of: NaiveDate,
    ) -> Result<Vec<PaymentRecord>, FieldError> {
        let id = self.value(Field::Loan);
        let amount = self.amount(Field::Amount)?;
        let date = self.paid_on(as_of)?;
        // An account's payment has no mode; `paying` uses it on a loan only.
        let mode = self.mode()?.unwrap_or(PrepayMode::Shorten);
        let apply = read(&APPLY, self.value(Field::Apply));
        crate::book::payments::paying(data, id, date, amount, mode, apply)
            .map(Paid::records)
            .map_err(|e| match e {
                crate::book::payments::Refusal::NoSuchLoan(_) => {
                    FieldError::typed(Field::Loan, Problem::Missing)
                }
                other => other.into(),
            })
    }
}

/// A lender's plan from `path`; what is wrong with it names the line and column. The
/// system's and the parser's own detail stays as they say it, inside a sentence in
/// each language.
fn read_plan(path: &std::path::Path) -> Result<crate::lender::plan::Plan, FieldError> {
    let said = |en: String, zh: String| FieldError::typed(Field::Path, Problem::Said { en, zh });
    if path.as_os_str().is_empty() {
        return Err(said(
            "required: a CSV file or a table pasted from the lender's app".into(),
            "必填：CSV 文件，或从贷款机构的 App 复制的表格".into(),
        ));
    }
    let shown = path.display();
    let text =
        crate::store::read_text_capped(path, crate::lender::plan::MAX_PLAN_BYTES).map_err(|e| {
            said(
                format!("cannot read {shown}: {e}"),
                format!(
                    "无法读取 {shown}：{}",
                    crate::store::io_text(&e, crate::language::Language::Zh)
                ),
            )
        })?;
    crate::lender::plan::parse(&text).map_err(|e| {
        let at = match (e.line, &e.column) {
            (Some(l), Some(c)) => format!("（第 {l} 行，{c} 列）"),
            (Some(l), None) => format!("（第 {l} 行）"),
            (None, Some(c)) => format!("（{c} 列）"),
            (None, None) => String::new(),
        };
        said(
            e.to_string(),
            format!(
                "不是可读的还款计划{at}：{}",
                e.problem.render(crate::language::Language::Zh)
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::date;
    use crate::engine::loan::EarlyInterest;
    use crate::language::Language;
    use crate::store::PaymentKind;
    use rust_decimal_macros::dec;

    #[test]
    fn a_plan_file_that_cannot_be_read_is_said_in_each_language() {
        use crate::language::Language::{En, Zh};
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("plan.csv");
        let error = read_plan(&missing).unwrap_err();
        let shown = missing.display().to_string();
        assert!(
            error
                .render(En)
                .starts_with(&format!("path: cannot read {shown}: "))
        );
        assert_eq!(
            error.render(Zh),
            format!("path：无法读取 {shown}：文件不存在")
        );
        let empty = read_plan(std::path::Path::new("")).unwrap_err();
        assert!(empty.render(Zh).contains("必填"), "{}", empty.render(Zh));
        let garbled = dir.path().join("garbled.csv");
        std::fs::write(&garbled, "no plan here\n").unwrap();
        let error = read_plan(&garbled).unwrap_err();
        assert!(
            error.render(Zh).contains("不是可读的还款计划"),
            "{}",
            error.render(Zh)
        );
    }

    fn type_text(form: &mut Form, text: &str) {
        for c in text.chars() {
            form.handle_key(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
    }

    fn focus(form: &mut Form, key: Field) {
        form.focus = form.fields.iter().position(|f| f.key == key).unwrap();
    }

    /// Type each value into its field, in order.
    fn fill(form: &mut Form, values: &[(Field, &str)]) {
        for (key, text) in values {
            focus(form, *key);
            type_text(form, text);
        }
    }

    /// A new loan typed in as borrowed: `name`, `principal` at 0.05 %/day, `term` months.
    fn typed_loan(form: &mut Form, name: &str, principal: &str, term: &str) {
        let rate = (Field::Rate, "0.05");
        fill(
            form,
            &[(Field::Name, name), (Field::Principal, principal), rate],
        );
        fill(form, &[(Field::Term, term)]);
    }

    /// What is left on a loan typed in: `balance` over `left` installments from
    /// `next_due`, at 0.05 %/day.
    fn typed_left(form: &mut Form, balance: &str, left: &str, next_due: &str) {
        let rate = (Field::Rate, "0.05");
        fill(
            form,
            &[(Field::Balance, balance), (Field::InstallmentsLeft, left)],
        );
        fill(form, &[(Field::NextDue, next_due), rate]);
    }

    fn press(form: &mut Form, code: KeyCode) -> FormEvent {
        form.handle_key(&KeyEvent::new(code, KeyModifiers::NONE))
    }

    /// Focus the choice `key` and press → until `value` is chosen.
    fn choose(form: &mut Form, key: Field, value: &str) {
        focus(form, key);
        for _ in 0..form.fields[form.focus].choices.len() {
            if form.value(key) == value {
                return;
            }
            press(form, KeyCode::Right);
        }
        assert_eq!(form.value(key), value);
    }

    /// The payments `form` submits; a form that refuses fails the test with its problem.
    fn payments_submitted(
        form: &mut Form,
        data: &StoreData,
        as_of: NaiveDate,
    ) -> Vec<PaymentRecord> {
        match form.check(data, as_of) {
            Some(Submission::Payments(records)) => records,
            _ => panic!("refused: {:?}", form.problem),
        }
    }

    /// The field `form` refuses on, and why; a form that submits fails the test.
    fn refused(form: &mut Form, data: &StoreData, as_of: NaiveDate) -> (Field, FieldError) {
        assert!(form.check(data, as_of).is_none(), "submitted");
        let (index, error) = form.problem.clone().unwrap();
        (form.fields[index].key, error)
    }

    /// The loan `form` submits, the installments it marks paid and the next due date
    /// typed; a form that refuses fails the test with its problem.
    fn submitted(
        form: &mut Form,
        data: &StoreData,
        as_of: NaiveDate,
    ) -> (Loan, Vec<PaymentRecord>, Option<NaiveDate>) {
        match form.check(data, as_of) {
            Some(Submission::Loan(loan, paid, next_due)) => (*loan, paid, next_due),
            _ => panic!("no loan submitted: {:?}", form.problem),
        }
    }

    #[test]
    fn a_loan_form_builds_the_loan_the_engine_accepts() {
        let data = StoreData::default();
        let mut form = Form::loan(&data, None, date("2026-01-31"));
        typed_loan(&mut form, "借呗", "10000", "6");
        let (loan, _, _) = submitted(&mut form, &data, date("2026-01-31"));
        assert_eq!(
            (loan.id.as_str(), loan.principal, loan.rate),
            ("L1", dec!(10000), Rate::Daily(dec!(0.05)))
        );
        assert_eq!(loan.day_count, DayCount::Actual365);
    }

    /// Switches a new loan's form to what is left, as the app does after a key.
    fn enter_what_is_left(form: &mut Form, data: &StoreData, as_of: NaiveDate) {
        focus(form, Field::Entered);
        press(form, KeyCode::Right);
        form.follow(data, None, as_of);
    }

    /// A new loan's form on an empty store, named "x", with what is left typed in (see
    /// [`typed_left`]).
    fn what_is_left_typed(as_of: NaiveDate, balance: &str, left: &str, next_due: &str) -> Form {
        let mut form = named_from_what_is_left("x", &StoreData::default(), as_of);
        typed_left(&mut form, balance, left, next_due);
        form
    }

    /// A new loan's form named `name`, switched to what is left.
    fn named_from_what_is_left(name: &str, data: &StoreData, as_of: NaiveDate) -> Form {
        let mut form = Form::loan(data, None, as_of);
        focus(&mut form, Field::Name);
        type_text(&mut form, name);
        enter_what_is_left(&mut form, data, as_of);
        form
    }

    fn keys(form: &Form) -> Vec<Field> {
        form.fields.iter().map(|f| f.key).collect()
    }

    /// The lender's app shows 剩余本金, 剩余期数 and 下次还款日: the form takes them as the
    /// CLI's --balance, --installments-left and --next-due do, and keeps what was typed.
    #[test]
    fn a_new_loan_entered_from_what_is_left_is_the_loan_from_its_previous_due_date() {
        let data = StoreData::default();
        let as_of = date("2026-07-01");
        let mut form = named_from_what_is_left("车贷", &data, as_of);
        assert!(!keys(&form).contains(&Field::Principal));
        assert!(!keys(&form).contains(&Field::Paid));
        assert_eq!(form.fields[form.focus].key, Field::Entered);
        typed_left(&mut form, "2017.38", "7", "2026-07-15");
        fill(&mut form, &[(Field::Installment, "306")]);
        let (loan, paid, _) = submitted(&mut form, &data, as_of);
        assert_eq!(loan.name, "车贷");
        assert!(paid.is_empty());
        let terms = loan.terms();
        assert_eq!(
            (terms.principal, terms.term, terms.start),
            (dec!(2017.38), 7, date("2026-06-15"))
        );
        assert_eq!(terms.conventions.installment, Some(dec!(306)));
        let rows = crate::engine::schedule::build(&terms, &[]).unwrap().rows;
        assert_eq!(rows[0].due_date, date("2026-07-15"));
        assert_eq!(rows[0].payment, dec!(306));
        // Kept as entered from what was left, and an edit keeps it so.
        assert_eq!(loan.entered, Entered::Left);
        let mut kept = data.clone();
        kept.loans.push(loan.clone());
        let mut edit = Form::loan(&kept, Some(&loan), as_of);
        let (edited, _, _) = submitted(&mut edit, &kept, as_of);
        assert_eq!(edited.entered, Entered::Left);

        // Back to the loan as borrowed: the name stays, the figures of what is left go.
        focus(&mut form, Field::Entered);
        press(&mut form, KeyCode::Left);
        form.follow(&data, None, as_of);
        assert_eq!(form.value(Field::Name), "车贷");
        assert!(keys(&form).contains(&Field::Principal));
        assert!(!keys(&form).contains(&Field::Balance));
    }

    /// For equal principal the lender's installment is the principal each period repays,
    /// and the form's label says so once that method is chosen.
    #[test]
    fn the_installment_of_an_equal_principal_loan_is_labelled_its_principal() {
        let data = StoreData::default();
        let as_of = date("2026-07-01");
        let mut form = Form::loan(&data, None, as_of);
        enter_what_is_left(&mut form, &data, as_of);
        let label = |form: &Form| {
            let input = form.fields.iter().find(|f| f.key == Field::Installment);
            (input.unwrap().label)(Language::Zh.strings())
        };
        assert_eq!(label(&form), "每期还款额（可选）");
        choose(&mut form, Field::Method, "equal-principal");
        form.follow(&data, None, as_of);
        assert_eq!(label(&form), "每期本金（可选）");
    }

    /// A month-end next due date with the lender's due day after it (the 31st, cut short
    /// to February's 28th) keeps that day, as `add --due-day` beside `--balance` does.
    #[test]
    fn what_is_left_takes_the_due_day() {
        let data = StoreData::default();
        let as_of = date("2027-02-01");
        let mut form = what_is_left_typed(as_of, "3000", "3", "2027-02-28");
        fill(&mut form, &[(Field::DueDay, "31")]);
        let (loan, _, next_due) = submitted(&mut form, &data, as_of);
        assert_eq!(next_due, Some(date("2027-02-28")));
        let rows = crate::engine::schedule::build(&loan.terms(), &[])
            .unwrap()
            .rows;
        let dates: Vec<NaiveDate> = rows.iter().map(|r| r.due_date).collect();
        assert_eq!(
            dates,
            [date("2027-02-28"), date("2027-03-31"), date("2027-04-30")]
        );
        focus(&mut form, Field::DueDay);
        form.fields[form.focus].text = "32".into();
        assert_eq!(refused(&mut form, &data, as_of).0, Field::DueDay);
    }

    /// A refusal lands on the figure typed, named as the form names it, in each language.
    #[test]
    fn what_is_left_is_refused_on_the_field_typed() {
        let data = StoreData::default();
        let as_of = date("2026-07-01");
        let mut form = what_is_left_typed(as_of, "2000", "0", "2026-07-15");
        let (field, error) = refused(&mut form, &data, as_of);
        assert_eq!(field, Field::InstallmentsLeft);
        let zh = crate::tui::i18n::field_error(Language::Zh, &error);
        assert!(zh.starts_with("剩余期数"), "{zh}");

        focus(&mut form, field);
        form.fields[form.focus].text = "7".into();
        choose(&mut form, Field::Method, "bullet");
        let (field, error) = refused(&mut form, &data, as_of);
        assert_eq!(field, Field::Method);
        let en = crate::tui::i18n::field_error(Language::En, &error);
        assert!(en.starts_with("Method: a bullet loan"), "{en}");
    }

    #[test]
    fn problems_land_on_the_field_at_fault() {
        let data = StoreData::default();
        let mut form = Form::loan(&data, None, date("2026-01-31"));
        typed_loan(&mut form, "x", "-5", "6");
        let (field, message) = refused(&mut form, &data, date("2026-01-31"));
        assert_eq!(field, Field::Principal);
        assert!(message.to_string().contains("greater than 0"), "{message}");

        focus(&mut form, Field::Principal);
        form.fields[form.focus].text = "5000".into();
        focus(&mut form, Field::Rate);
        form.fields[form.focus].text = "9".into();
        let (field, message) = refused(&mut form, &data, date("2026-01-31"));
        assert_eq!(field, Field::Rate);
        assert!(message.to_string().contains("0.27"), "{message}");
    }

    /// An edit keeps a loan's interest to the payment day, which needs actual days: moving
    /// it to 30/360 is refused on the day count, in the form, not by a save that fails
    /// after. The penalty rate's range is the one `Loan::validate` holds every loan to.
    #[test]
    fn an_edit_is_checked_by_loan_validate_on_the_field_at_fault() {
        let as_of = date("2026-03-01");
        let mut form = Form::loan(&StoreData::default(), None, as_of);
        typed_loan(&mut form, "E", "1000", "12");
        let (loan, _, _) = submitted(&mut form, &StoreData::default(), as_of);
        let mut data = StoreData::default();
        data.loans.push(Loan {
            early_interest: EarlyInterest::ToPaymentDate,
            ..loan
        });
        let mut form = Form::loan(&data, Some(&data.loans[0]), as_of);
        assert!(form.check(&data, as_of).is_some(), "{:?}", form.problem);
        choose(&mut form, Field::DayCount, "30/360");
        focus(&mut form, Field::Name);
        let (field, message) = refused(&mut form, &data, as_of);
        assert_eq!(field, Field::DayCount);
        assert!(
            message
                .render(Language::Zh)
                .contains("此贷款为等额本息 30/360"),
            "{message}"
        );

        let mut form = Form::loan(&data, Some(&data.loans[0]), as_of);
        focus(&mut form, Field::PenaltyRate);
        type_text(&mut form, "1000.01");
        let (field, message) = refused(&mut form, &data, as_of);
        assert_eq!(field, Field::PenaltyRate, "{message}");
    }

    /// The lender's installment was set on the terms as entered: an edit of anything else
    /// keeps it, one of the terms drops it (the form does not show it).
    #[test]
    fn an_edit_of_the_terms_drops_the_lenders_installment() {
        let as_of = date("2026-07-01");
        let terms = LoanInput {
            annual_rate: Some(dec!(18.25)),
            method: Some(Method::EqualInstallment),
            conventions: Conventions {
                installment: Some(dec!(306.00)),
                ..Conventions::default()
            },
            ..LoanInput::default()
        }
        .left(dec!(2017.38), 7, date("2026-07-15"), None)
        .unwrap();
        let mut data = StoreData::default();
        data.loans.push(Loan::with_terms(
            "L1".into(),
            "car".into(),
            String::new(),
            &terms,
        ));
        let installment = |form: &mut Form| {
            let (loan, _, _) = submitted(form, &data, as_of);
            loan.conventions.and_then(|c| c.installment)
        };
        let mut form = Form::loan(&data, Some(&data.loans[0]), as_of);
        focus(&mut form, Field::Name);
        type_text(&mut form, " 2");
        assert_eq!(installment(&mut form), Some(dec!(306.00)));
        focus(&mut form, Field::Term);
        type_text(&mut form, "8");
        assert_eq!(form.value(Field::Term), "8");
        assert_eq!(installment(&mut form), None);
    }

    /// The `r` form takes the caps every way in does: a balance past 10¹² was accepted
    /// and then every command panicked (issue 19).
    #[test]
    fn the_revolving_form_refuses_a_balance_past_the_cap_on_its_field() {
        let data = StoreData::default();
        let as_of = date("2026-03-05");
        for (balance, refused) in [
            ("10000000000000000000000000000", true),
            ("1000000000001", true),
            ("1000000000000", false),
        ] {
            let mut form = Form::revolving(&data, None);
            for (key, text) in [
                (Field::Name, "Card"),
                (Field::StatementBalance, balance),
                (Field::DailyRate, "0.04"),
            ] {
                focus(&mut form, key);
                form.fields[form.focus].text = text.into();
            }
            let submitted = form.check(&data, as_of);
            assert_eq!(submitted.is_none(), refused, "{balance}");
            if refused {
                let (index, message) = form.problem.clone().unwrap();
                assert_eq!(form.fields[index].key, Field::StatementBalance, "{message}");
                assert!(
                    message.to_string().contains("1,000,000,000,000.00"),
                    "{message}"
                );
            }
        }
    }

    #[test]
    fn choices_cycle_with_arrows_and_text_takes_typing() {
        let mut form = Form::loan(&StoreData::default(), None, date("2026-01-31"));
        focus(&mut form, Field::Method);
        press(&mut form, KeyCode::Right);
        assert_eq!(form.value(Field::Method), "equal-principal");
        press(&mut form, KeyCode::Left);
        press(&mut form, KeyCode::Left);
        assert_eq!(form.value(Field::Method), "flat-fee");
        type_text(&mut form, "abc");
        assert_eq!(form.value(Field::Method), "flat-fee");
        assert_eq!(press(&mut form, KeyCode::Esc), FormEvent::Cancel);
    }

    fn store_with_worked_loan() -> StoreData {
        StoreData {
            loans: vec![crate::book::ledger::tests::worked_loan()],
            ..StoreData::default()
        }
    }

    fn retype(form: &mut Form, key: Field, text: &str) {
        focus(form, key);
        form.handle_key(&KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        type_text(form, text);
    }

    /// A new loan's name, principal, rate and term typed over what the form offered, the
    /// form following each as the app does.
    fn retyped_loan(form: &mut Form, data: &StoreData, as_of: NaiveDate, values: [&str; 4]) {
        let keys = [Field::Name, Field::Principal, Field::Rate, Field::Term];
        for (key, text) in keys.into_iter().zip(values) {
            retype(form, key, text);
            form.follow(data, None, as_of);
        }
    }

    #[test]
    fn a_payment_to_an_account_asks_no_split_and_no_mode() {
        let mut data = store_with_worked_loan();
        data.revolving
            .push(crate::book::ledger::tests::huabei(dec!(2000)));
        let as_of = date("2026-03-05");
        let keys = |form: &Form| form.fields.iter().map(|f| f.key).collect::<Vec<_>>();
        let mut form = Form::payment(&data, Some("R1"), Some(dec!(200)), as_of);
        assert_eq!(keys(&form), [Field::Loan, Field::Amount, Field::Date]);
        assert_eq!(form.value(Field::Amount), "200.00");
        let records = payments_submitted(&mut form, &data, as_of);
        assert_eq!((records[0].loan.as_str(), records[0].mode), ("R1", None));
        // Choosing the loan brings its fields back, and the account again takes them out.
        focus(&mut form, Field::Loan);
        press(&mut form, KeyCode::Left);
        form.follow(&data, None, as_of);
        assert_eq!(form.value(Field::Loan), "L1");
        assert_eq!(
            keys(&form),
            [
                Field::Loan,
                Field::Amount,
                Field::Date,
                Field::Apply,
                Field::Mode
            ]
        );
        press(&mut form, KeyCode::Right);
        form.follow(&data, Some(dec!(200)), as_of);
        assert_eq!(keys(&form), [Field::Loan, Field::Amount, Field::Date]);
        // Editing an account's payment asks no mode either.
        data.payments = records;
        data.number_payments();
        let listed = crate::book::payments::list(&data).unwrap();
        let edit = Form::edit_payment(&listed[0]);
        assert_eq!(keys(&edit), [Field::Date, Field::Amount]);
    }

    #[test]
    fn typing_replaces_what_the_form_offered_and_then_adds_to_what_was_typed() {
        let data = store_with_worked_loan();
        let as_of = date("2026-03-05");
        let mut form = Form::payment(&data, Some("L1"), None, as_of);
        // The loan is chosen: the amount is focused, offering what is due.
        assert_eq!(form.fields[form.focus].key, Field::Amount);
        assert_eq!(form.value(Field::Amount), "1762.56");
        type_text(&mut form, "500");
        assert_eq!(form.value(Field::Amount), "500");
        // The date offered (today) is replaced as a whole too.
        focus(&mut form, Field::Date);
        type_text(&mut form, "2026-03-01");
        assert_eq!(form.value(Field::Date), "2026-03-01");
        // Erasing a character keeps the rest: typing then adds to it.
        focus(&mut form, Field::Amount);
        press(&mut form, KeyCode::Backspace);
        type_text(&mut form, "5");
        assert_eq!(form.value(Field::Amount), "505");
        // Typed, even to the text offered, it stays what was typed as the form follows.
        let mut form = Form::loan(&StoreData::default(), None, as_of);
        retyped_loan(&mut form, &data, as_of, ["car", "1000", "0.05", "24"]);
        retype(&mut form, Field::Start, "2026-01-20");
        form.follow(&data, None, as_of);
        assert_eq!(form.value(Field::Paid), "1", "the installment due 02-20");
        focus(&mut form, Field::Paid);
        for c in ['1', '2'] {
            type_text(&mut form, &c.to_string());
            form.follow(&data, None, as_of);
        }
        assert_eq!(form.value(Field::Paid), "12");
        // Without a loan chosen, the form starts on the loan.
        let form = Form::payment(&data, None, None, as_of);
        assert_eq!(form.fields[form.focus].key, Field::Loan);
    }

    #[test]
    fn the_offered_amount_follows_the_date_until_it_is_typed_over() {
        let data = store_with_worked_loan();
        let as_of = date("2026-03-05");
        let mut form = Form::payment(&data, Some("L1"), None, as_of);
        // Feb 28 is 5 days overdue: 1,756.50 and its penalty.
        assert_eq!(form.value(Field::Amount), "1762.56");
        retype(&mut form, Field::Date, "2026-02-20");
        form.follow(&data, None, as_of);
        assert_eq!(form.value(Field::Amount), "1756.50");
        // Paid early at that amount, it is an installment, not a prepayment.
        let records = payments_submitted(&mut form, &data, as_of);
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].kind, PaymentKind::Scheduled);
        // The toggle makes all of it a prepayment.
        focus(&mut form, Field::Apply);
        press(&mut form, KeyCode::Right);
        let records = payments_submitted(&mut form, &data, as_of);
        assert_eq!(records[0].kind, PaymentKind::Prepayment);
        // Once typed over, the amount is the user's.
        retype(&mut form, Field::Amount, "100");
        retype(&mut form, Field::Date, "2026-03-05");
        form.follow(&data, None, as_of);
        assert_eq!(form.value(Field::Amount), "100");
    }

    #[test]
    fn a_new_loan_offers_the_installments_already_due_as_paid() {
        let data = StoreData::default();
        let as_of = date("2026-12-04");
        let mut form = Form::loan(&data, None, as_of);
        retyped_loan(
            &mut form,
            &data,
            as_of,
            ["mortgage", "1000000", "4.2", "360"],
        );
        focus(&mut form, Field::RateKind);
        press(&mut form, KeyCode::Right);
        assert_eq!(form.value(Field::RateKind), "annual");
        retype(&mut form, Field::Start, "2024-03-20");
        form.follow(&data, None, as_of);
        assert_eq!(form.value(Field::Paid), "32");
        let (loan, paid, _) = submitted(&mut form, &data, as_of);
        assert_eq!(paid.len(), 32);
        assert!(
            paid.iter()
                .all(|p| p.loan == loan.id && p.kind == PaymentKind::Scheduled)
        );
        assert_eq!(paid[0].date, date("2024-04-20"));
        // An edit has no such field.
        let edit = Form::loan(&data, Some(&loan), as_of);
        assert!(edit.fields.iter().all(|f| f.key != Field::Paid));
    }
}
