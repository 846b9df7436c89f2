//! Every user-facing string of the TUI, in English and 简体中文.
//!
//! One struct with a field per string: a language that misses a string does not compile.

use crate::engine::error::{FieldError, Problem};
use crate::engine::field::Field;
use crate::engine::money::grouped_count;
use crate::language::{Language, fill};
use crate::store::StoreError;

impl Strings {
    /// `n` days, singular or plural.
    pub fn days(&self, n: u32) -> String {
        counted(if n == 1 { self.sim_day } else { self.sim_days }, n)
    }

    /// `n` due dates, singular or plural.
    pub fn due_dates(&self, n: usize) -> String {
        let template = if n == 1 {
            self.due_dates_one
        } else {
            self.due_dates_many
        };
        counted(template, n)
    }

    /// `n` recorded payments, singular or plural.
    pub fn payments(&self, n: u32) -> String {
        counted(
            if n == 1 {
                self.payments_one
            } else {
                self.payments_many
            },
            n,
        )
    }

    /// `n` installment loans, singular or plural.
    pub fn loan_count(&self, n: usize) -> String {
        counted(
            if n == 1 {
                self.loans_one
            } else {
                self.loans_many
            },
            n,
        )
    }

    /// `n` revolving accounts, singular or plural.
    pub fn revolving_count(&self, n: usize) -> String {
        counted(
            if n == 1 {
                self.revolving_one
            } else {
                self.revolving_many
            },
            n,
        )
    }

    /// `n` of `rows` rows of a lender's plan differ from ours, singular or plural.
    pub fn rows_differ(&self, n: usize, rows: usize) -> String {
        let template = match n {
            1 => self.rows_differ_one,
            _ => self.rows_differ,
        };
        fill(
            template,
            &[("n", &n.to_string()), ("rows", &rows.to_string())],
        )
    }

    /// `n` months, singular or plural.
    pub fn months(&self, n: u32) -> String {
        counted(
            if n == 1 {
                self.sim_month
            } else {
                self.sim_months
            },
            n,
        )
    }
}

/// The template with `{n}` grouped as every figure is (`10,000`).
fn counted(template: &str, n: impl TryInto<u64>) -> String {
    let n = n.try_into().unwrap_or(u64::MAX);
    fill(template, &[("n", &grouped_count(n))])
}

/// Why a save failed, in `lang`, as the store says it; a field at fault is named by
/// the form's label for it.
pub fn store_error(lang: Language, error: &StoreError) -> String {
    match (lang, error) {
        (
            Language::Zh,
            StoreError::Invalid {
                path,
                field,
                problem,
            },
        ) => format!(
            "{}：{} 无效：{}",
            path.display(),
            label(lang.strings(), *field).unwrap_or(field.key()),
            problem.render(lang)
        ),
        _ => error.render(lang),
    }
}

/// The form's label for a field, where a form shows it.
fn label(s: &Strings, field: Field) -> Option<&'static str> {
    Some(match field {
        Field::Name => s.field_name,
        Field::Lender => s.field_lender,
        Field::Principal => s.field_principal,
        Field::AnnualRate | Field::Rate => s.field_rate,
        Field::DailyRate => s.field_daily_rate,
        Field::FeeRate => s.field_fee_rate,
        Field::Term => s.field_term,
        Field::Method => s.field_method,
        Field::Start => s.field_start,
        Field::DayCount => s.field_day_count,
        Field::PenaltyRate => s.field_penalty_rate,
        Field::Line => s.field_line,
        Field::Balance => s.field_balance_left,
        Field::StatementBalance => s.field_balance,
        Field::InstallmentsLeft => s.field_installments_left,
        Field::NextDue => s.field_next_due,
        Field::Installment => s.field_installment,
        Field::StatementDay => s.field_statement_day,
        Field::DueDay => s.field_due_day,
        Field::MinPercent => s.field_min_percent,
        Field::MinFloor => s.field_min_floor,
        Field::Loan => s.field_loan,
        Field::Amount => s.field_amount,
        Field::Date | Field::Prepay => s.field_date,
        Field::Mode => s.field_mode,
        Field::Paid => s.field_paid,
        Field::Path => s.field_path,
        _ => return None,
    })
}

/// A refusal with the field named as the interface names it, in `lang`.
pub fn field_error(lang: Language, error: &FieldError) -> String {
    labelled(
        lang,
        label(lang.strings(), error.field).unwrap_or(error.field.flag()),
        &error.problem,
    )
}

/// `label: problem` in `lang`.
pub fn labelled(lang: Language, label: &str, problem: &Problem) -> String {
    format!("{label}{}{}", lang.colon(), problem.render(lang))
}

impl Language {
    /// The strings of this language.
    pub fn strings(self) -> &'static Strings {
        match self {
            Language::En => &EN,
            Language::Zh => &ZH,
        }
    }
}

/// One of the strings, picked from the language's when it is shown.
pub type Word = fn(&Strings) -> &'static str;

/// The strings of one language.
#[derive(Debug)]
pub struct Strings {
    pub key_sim_add: &'static str,
    pub key_big: &'static str,
    pub key_sim_target: &'static str,
    pub key_sim_mode: &'static str,
    pub key_sim_dti: &'static str,
    pub view_simulate: &'static str,
    pub sim_title: &'static str,
    /// `P` or `D` with no loan that still owes anything.
    pub sim_none_owing: &'static str,
    pub sim_empty: &'static str,
    /// The month table's debt-to-income column.
    pub sim_dti: &'static str,
    /// The keys that start a scenario, where `sim_empty` does not fit.
    pub sim_keys_add: &'static str,
    /// The simulator's keys for the selected what-if: `{step}` and `{big}` are filled in.
    pub sim_keys_amount: &'static str,
    pub sim_keys_days: &'static str,
    pub sim_keys_loan: &'static str,
    pub sim_keys_line: &'static str,
    pub sim_keys_mode: &'static str,
    pub sim_keys_common: &'static str,
    pub sim_keys_scenario: &'static str,
    pub sim_prepay: &'static str,
    pub sim_borrow: &'static str,
    pub sim_late: &'static str,
    pub sim_budget: &'static str,
    /// A count of days or months, `{n}`: one, and more than one.
    pub sim_day: &'static str,
    pub sim_days: &'static str,
    /// `{n}` due dates, for one and for more.
    pub due_dates_one: &'static str,
    pub due_dates_many: &'static str,
    pub sim_month: &'static str,
    pub sim_months: &'static str,
    pub sim_no_line: &'static str,
    pub sim_baseline: &'static str,
    pub sim_scenario: &'static str,
    /// [`Strings::sim_baseline`] and [`Strings::sim_scenario`] inside a sentence.
    pub sim_baseline_inline: &'static str,
    pub sim_scenario_inline: &'static str,
    pub sim_total_interest: &'static str,
    pub sim_limit: &'static str,
    pub sim_payoff: &'static str,
    pub sim_saves: &'static str,
    pub sim_costs: &'static str,
    pub sim_never: &'static str,
    pub sim_dti_warning: &'static str,
    pub sim_chart: &'static str,
    pub sim_plans: &'static str,
    pub sim_minimums: &'static str,
    pub sim_infeasible: &'static str,
    pub sim_avalanche: &'static str,
    pub sim_snowball: &'static str,
    /// The plans' names where a short screen shows them without their heading.
    pub sim_avalanche_short: &'static str,
    pub sim_snowball_short: &'static str,
    pub key_sim_save: &'static str,
    pub key_sim_load: &'static str,
    pub key_sim_discard: &'static str,
    pub key_sim_apply: &'static str,
    pub sim_refinance: &'static str,
    pub sim_refinance_short: &'static str,
    pub sim_no_refinance: &'static str,
    pub sim_min_only: &'static str,
    pub sim_new_loan: &'static str,
    pub form_save_scenario: &'static str,
    pub confirm_overwrite: &'static str,
    pub confirm_overwrite_keys: &'static str,
    pub scenarios_title: &'static str,
    /// The saved scenarios' list with none, when no key saves one.
    pub scenarios_empty: &'static str,
    /// The same, `{key}` the key that saves one.
    pub scenarios_empty_save: &'static str,
    pub confirm_delete_scenario: &'static str,
    pub sim_saved: &'static str,
    pub sim_loaded: &'static str,
    pub sim_skipped: &'static str,
    pub sim_deleted: &'static str,
    pub sim_discarded: &'static str,
    pub key_export_calendar: &'static str,
    pub key_attach_plan: &'static str,
    pub key_apply_plan: &'static str,
    /// `{loan}`, `{file}`, `{reasons}`, `{rows}`: switch the loan to the lender's terms?
    pub confirm_apply_plan: &'static str,
    pub confirm_apply_plan_keys: &'static str,
    /// `{loan}`, `{file}`: the loan now follows the lender's terms.
    pub plan_applied: &'static str,
    /// `{done}`, `{problem}`: applied, and early interest is the default again.
    pub plan_early_interest_reset: &'static str,
    /// No plan is held against the selected loan.
    pub plan_none: &'static str,
    /// `{file}`: no convention reproduces every row, so there is nothing to apply.
    pub plan_cannot_apply: &'static str,
    /// `{file}`, `{start}`: a plan that starts before the loan as entered.
    pub plan_starts_before: &'static str,
    pub form_attach_plan: &'static str,
    pub field_plan_file: &'static str,
    /// The same field when a plan is kept with the loan: left empty, it drops it.
    pub field_plan_file_kept: &'static str,
    /// `{loan}`, `{file}`: the plan kept with the loan dropped.
    pub plan_detached: &'static str,
    /// The lender columns' headers: its payment, and what of its row differs from ours.
    pub col_lender_plan: &'static str,
    pub col_lender_interest: &'static str,
    /// `{file}`: every row of the lender's plan matches ours.
    pub plan_matches: &'static str,
    /// `{file}`, `{differ}` (`rows_differ`), `{reasons}`: conventions found reproduce the plan.
    pub plan_explained: &'static str,
    /// `{file}`, `{differ}`: some rows no convention reproduces.
    pub plan_unexplained: &'static str,
    /// `{file}`, `{differ}`: the schedule's title while a plan is held against it.
    pub plan_title: &'static str,
    /// `{n}` of `{rows}` rows differ; `_one` when one does.
    pub rows_differ: &'static str,
    pub rows_differ_one: &'static str,
    /// `{period}`, `{reason}`: why the selected row differs.
    pub plan_row_differs: &'static str,
    pub calendar_written: &'static str,
    pub calendar_no_path: &'static str,
    /// The calendar could not be written; `{detail}` says why.
    pub calendar_failed: &'static str,
    /// A config file was not used; `{detail}` says which and why.
    pub config_fallback: &'static str,
    pub sim_empty_scenario: &'static str,
    pub apply_title: &'static str,
    pub apply_payment: &'static str,
    /// A payment applied where nothing falls due that day: the prepayment alone.
    pub apply_prepaid: &'static str,
    pub apply_loan: &'static str,
    pub apply_skipped: &'static str,
    pub apply_keys: &'static str,
    pub sim_applied: &'static str,
    pub sim_nothing_to_apply: &'static str,
    pub suggest_pay_down: &'static str,
    pub suggest_profile: &'static str,
    pub suggest_borrow: &'static str,
    pub suggest_gain: &'static str,
    pub view_limit: &'static str,
    pub limit_title: &'static str,
    pub limit_estimate: &'static str,
    pub limit_line: &'static str,
    pub limit_scenario: &'static str,
    pub limit_no_lines: &'static str,
    pub limit_month: &'static str,
    pub limit_score: &'static str,
    pub limit_grade: &'static str,
    pub limit_limit: &'static str,
    pub limit_band: &'static str,
    pub limit_factors: &'static str,
    /// Its short form, where room is short.
    pub limit_factors_short: &'static str,
    pub limit_actions: &'static str,
    /// Its short form, where room is short.
    pub limit_actions_short: &'static str,
    pub limit_no_actions: &'static str,
    /// A scenario that cannot apply to the line, before its reason.
    pub limit_not_applicable: &'static str,
    /// A payment past due in a projected month: `{month}`, `{n}` days, `{stage}`.
    pub limit_overdue: &'static str,
    /// Overdue stages (see assets/limit_model.ron).
    /// …
    /// …
    /// …
    pub scenario_on_time: &'static str,
    pub scenario_borrow: &'static str,
    pub scenario_prepay: &'static str,
    pub scenario_miss: &'static str,
    pub points: &'static str,
    pub col_penalty: &'static str,
    /// Days past due, with `{n}` for the count.
    pub days_late: &'static str,
    pub app: &'static str,
    pub view_dashboard: &'static str,
    pub view_detail: &'static str,
    pub view_payments: &'static str,
    pub as_of: &'static str,
    pub demo: &'static str,
    pub read_only: &'static str,
    pub min_due: &'static str,
    pub due_on: &'static str,
    pub nothing_due: &'static str,
    pub outstanding: &'static str,
    /// Its short form, where room is short.
    pub outstanding_short: &'static str,
    pub next_payment: &'static str,
    /// Its short form, where room is short.
    pub next_payment_short: &'static str,
    pub credit: &'static str,
    /// Its short form, where room is short.
    pub credit_short: &'static str,
    pub used: &'static str,
    pub available: &'static str,
    pub no_lines: &'static str,
    pub projected_limit: &'static str,
    /// Its short form, where room is short.
    pub projected_limit_short: &'static str,
    pub not_yet: &'static str,
    pub loans: &'static str,
    pub revolving: &'static str,
    /// A count of loans, of revolving accounts, `{n}`: one, and more than one.
    pub loans_one: &'static str,
    pub loans_many: &'static str,
    pub revolving_one: &'static str,
    pub revolving_many: &'static str,
    pub col_name: &'static str,
    pub col_lender: &'static str,
    pub col_method: &'static str,
    pub col_balance: &'static str,
    pub col_installments: &'static str,
    pub col_next_due: &'static str,
    pub col_amount: &'static str,
    pub col_rate: &'static str,
    pub col_apr: &'static str,
    pub col_period: &'static str,
    pub col_due_date: &'static str,
    pub col_payment: &'static str,
    pub col_principal: &'static str,
    pub col_interest: &'static str,
    pub col_status: &'static str,
    pub col_date: &'static str,
    pub col_loan: &'static str,
    pub col_kind: &'static str,
    pub col_mode: &'static str,
    pub chart_title: &'static str,
    pub overdue: &'static str,
    pub paid: &'static str,
    pub upcoming: &'static str,
    pub prepayment: &'static str,
    pub scheduled: &'static str,
    pub minimum: &'static str,
    pub sorted_by: &'static str,
    pub empty_title: &'static str,
    pub empty_body: &'static str,
    pub no_loan_selected: &'static str,
    pub payoff_date: &'static str,
    pub interest_paid: &'static str,
    /// `{penalty}`: the part of the interest paid that was penalty (with its brackets).
    pub penalty_of: &'static str,
    pub interest_to_pay: &'static str,
    /// Enter on an unpaid row of a loan's schedule.
    pub row_unpaid: &'static str,
    /// A revolving account's detail: `{amount}`, `{cut}`, `{due}` (days of month).
    pub rev_statement: &'static str,
    pub rev_owed: &'static str,
    pub daily_rate: &'static str,
    /// `{date}`, `{amount}`, `{unpaid}`.
    pub rev_minimum: &'static str,
    /// `{date}`, `{next}`, `{minimum}`, `{none}`.
    pub rev_interest_if: &'static str,
    /// Before the due date, the minimum paid: `{date}`, `{next}`, `{interest}`, `{left}`.
    pub rev_interest_rest: &'static str,
    /// Before the due date, the statement paid in full: `{next}`.
    pub rev_paid_in_full: &'static str,
    pub rev_interest_left: &'static str,
    /// `{months}`, `{interest}`, `{total}`.
    pub rev_min_only: &'static str,
    /// `{payment}`, `{total}`, `{savings}`.
    pub rev_plan_36: &'static str,
    /// `{payment}`, `{total}`, `{extra}`: when the minimum alone costs less.
    pub rev_plan_36_costs: &'static str,
    pub rev_nothing_owed: &'static str,
    pub total: &'static str,
    pub no_payments: &'static str,
    pub too_small: &'static str,
    pub help_title: &'static str,
    pub help_close: &'static str,
    pub form_add_loan: &'static str,
    pub form_edit_loan: &'static str,
    pub form_add_revolving: &'static str,
    pub form_edit_revolving: &'static str,
    pub form_pay: &'static str,
    /// The form's keys, each `{key} {what}`: moving between fields, changing a choice
    /// (named only while one is focused), saving, cancelling.
    pub form_key_field: &'static str,
    pub form_key_choice: &'static str,
    pub form_key_save: &'static str,
    pub form_key_cancel: &'static str,
    pub form_invalid: &'static str,
    pub field_name: &'static str,
    pub field_lender: &'static str,
    pub field_principal: &'static str,
    pub field_rate_kind: &'static str,
    pub field_rate: &'static str,
    pub field_fee_rate: &'static str,
    pub field_term: &'static str,
    pub field_method: &'static str,
    pub field_start: &'static str,
    pub field_day_count: &'static str,
    pub field_penalty_rate: &'static str,
    pub field_line: &'static str,
    pub field_balance: &'static str,
    pub field_daily_rate: &'static str,
    pub field_statement_day: &'static str,
    pub field_due_day: &'static str,
    pub field_min_percent: &'static str,
    pub field_min_floor: &'static str,
    pub field_basis: &'static str,
    pub field_loan: &'static str,
    pub field_amount: &'static str,
    pub field_date: &'static str,
    pub field_mode: &'static str,
    pub field_apply: &'static str,
    pub field_paid: &'static str,
    /// A new loan entered as borrowed, or from what is left on it (the lender's app's figures).
    pub field_entered: &'static str,
    pub entered_borrowed: &'static str,
    pub entered_left: &'static str,
    pub field_balance_left: &'static str,
    pub field_installments_left: &'static str,
    pub field_next_due: &'static str,
    pub field_due_day_optional: &'static str,
    /// A loan entered from what is left with its next due date before today.
    pub next_due_past: &'static str,
    pub next_due_past_one: &'static str,
    pub field_installment: &'static str,
    /// The lender's installment of an equal-principal loan: the principal each period.
    pub field_principal_each: &'static str,
    /// Said after a loan is added with an installment far from ours: `{got}`, `{ours}`.
    pub installment_unlike: &'static str,
    pub apply_installments: &'static str,
    pub apply_prepayment: &'static str,
    pub rate_annual: &'static str,
    pub rate_daily: &'static str,
    pub automatic: &'static str,
    pub none: &'static str,
    /// Delete a loan or account, naming it and the payments that go with it.
    pub confirm_delete: &'static str,
    pub payments_one: &'static str,
    pub payments_many: &'static str,
    pub confirm_keys: &'static str,
    /// Follows what was changed once the save of it is on disk.
    pub saved: &'static str,
    /// Follows what was changed while it is being saved.
    pub saving: &'static str,
    /// A loan or card added or edited: `{name}`.
    pub entry_done: &'static str,
    /// Quit asked while a save runs.
    pub quit_when_saved: &'static str,
    pub not_saved: &'static str,
    pub demo_not_saved: &'static str,
    pub undone: &'static str,
    pub nothing_to_undo: &'static str,
    pub deleted: &'static str,
    /// What a question was about went away under it (another program changed the file).
    pub gone: &'static str,
    pub payment_recorded: &'static str,
    pub payment_edited: &'static str,
    /// `{id}`, `{more}`: the edit's excess recorded as a prepayment of its own.
    pub payment_edited_excess: &'static str,
    pub payment_deleted: &'static str,
    pub confirm_delete_payment: &'static str,
    pub form_edit_payment: &'static str,
    pub nothing_selected: &'static str,
    /// `f` where no installment loan is selected.
    pub plan_needs_loan: &'static str,
    pub col_id: &'static str,
    pub disk_reloaded: &'static str,
    /// `{ids}`, `{name}`: loans that share a name, found on opening the store.
    pub shared_name: &'static str,
    /// `{ids}`: cards whose days are refused now, kept by an older store.
    pub card_days: &'static str,
    pub disk_unreadable: &'static str,
    pub disk_changed: &'static str,
    pub disk_changed_keys: &'static str,
    pub disk_merged: &'static str,
    pub quit_unsaved: &'static str,
    pub quit_unsaved_keys: &'static str,
    pub form_save_as: &'static str,
    pub field_path: &'static str,
    pub saved_as: &'static str,
    /// The status bar's word for each action its key hint lists (`{key} {word}`).
    pub hint_views: &'static str,
    pub hint_select: &'static str,
    pub hint_open: &'static str,
    pub hint_add_loan: &'static str,
    pub hint_add_revolving: &'static str,
    pub hint_edit: &'static str,
    pub hint_delete: &'static str,
    pub hint_pay: &'static str,
    pub hint_undo: &'static str,
    pub hint_help: &'static str,
    pub hint_quit: &'static str,
    pub hint_back: &'static str,
    pub hint_scenario: &'static str,
    pub hint_line: &'static str,
    pub hint_plan: &'static str,
    pub hint_prepay: &'static str,
    pub hint_borrow: &'static str,
    pub hint_late: &'static str,
    pub hint_apply: &'static str,
    pub hint_save: &'static str,
    pub hint_load: &'static str,
    pub hint_scroll: &'static str,
    pub hint_page: &'static str,
    pub hint_first_last: &'static str,
    pub hint_close: &'static str,
    pub key_quit: &'static str,
    pub key_views: &'static str,
    pub key_move: &'static str,
    pub key_top_bottom: &'static str,
    pub key_page: &'static str,
    pub key_open: &'static str,
    pub key_back: &'static str,
    pub key_sort: &'static str,
    pub key_add_loan: &'static str,
    pub key_add_revolving: &'static str,
    pub key_edit: &'static str,
    pub key_delete: &'static str,
    pub key_pay: &'static str,
    pub key_undo: &'static str,
    pub key_help: &'static str,
    pub key_mouse: &'static str,
    pub sort_name: &'static str,
    pub sort_balance: &'static str,
    pub sort_next_due: &'static str,
    pub sort_rate: &'static str,
    pub method_equal_installment: &'static str,
    pub method_equal_principal: &'static str,
    pub method_interest_only: &'static str,
    pub method_bullet: &'static str,
    pub method_flat_fee: &'static str,
    pub mode_shorten: &'static str,
    pub mode_reduce: &'static str,
    pub basis_remainder: &'static str,
    pub basis_statement: &'static str,
    pub per_year: &'static str,
    pub per_day: &'static str,
    pub fee_per_month: &'static str,
    pub estimate: &'static str,
    /// How many more items a cut list leaves out, `{n}`.
    pub more: &'static str,
    pub limit_total: &'static str,
}

/// English.
pub static EN: Strings = Strings {
    key_sim_add: "what-if: add a prepayment, borrowing, late payment, budget",
    key_big: "what-if: adjust ten steps at a time",
    key_sim_target: "what-if: the next loan or line",
    key_sim_mode: "what-if: shorten the term / reduce the installment",
    key_sim_dti: "what-if: lower / raise the debt-to-income warning by 5 points",
    view_simulate: "What if",
    sim_title: "What-if simulator",
    sim_none_owing: "No loan still owes anything: none to prepay or pay late",
    sim_empty: "Add a what-if: P prepay the selected loan · B borrow · D pay an installment late · M set a monthly budget. Then ←/→ adjust it (Shift ×10), t changes the loan or line, m shorten/reduce, d removes it. Nothing is written to the store until you apply it (A); w saves it by name, o opens a saved one.",
    sim_keys_amount: "←→ ±{step} · Shift ±{big}",
    sim_keys_days: "←→ ±{step} late · Shift ±{big}",
    sim_keys_loan: "t next loan",
    sim_keys_line: "t next line",
    sim_keys_mode: "m shorten/reduce",
    sim_keys_common: "↑↓ select · d remove · P B D M add",
    sim_dti: "DTI",
    sim_keys_add: "P prepay · B borrow · D pay late · M budget · o open saved",
    sim_keys_scenario: "w save · o open saved · x discard · A apply to the store",
    sim_prepay: "Prepay",
    sim_borrow: "Borrow",
    sim_late: "Pay late",
    sim_budget: "Monthly budget",
    sim_day: "{n} day",
    sim_days: "{n} days",
    due_dates_one: "{n} due date",
    due_dates_many: "{n} due dates",
    sim_month: "{n} month",
    sim_months: "{n} months",
    sim_no_line: "no line",
    sim_baseline: "Without",
    sim_scenario: "With",
    sim_baseline_inline: "without",
    sim_scenario_inline: "with",
    sim_total_interest: "Total interest",
    sim_limit: "{line} limit in {months}",
    sim_payoff: "All paid off",
    sim_saves: "saves",
    sim_costs: "costs",
    sim_never: "not within 50 years",
    sim_dti_warning: "months above {pct}% of income",
    sim_chart: "Minimum due per month, 24 months",
    sim_plans: "Payoff plans for the budget",
    sim_minimums: "minimums only",
    sim_infeasible: "below the minimums",
    sim_avalanche: "avalanche (dearest first)",
    sim_snowball: "snowball (smallest first)",
    sim_avalanche_short: "avalanche",
    sim_snowball_short: "snowball",
    key_sim_save: "what-if: save the scenario by name",
    key_sim_load: "what-if: open or delete a saved scenario",
    key_sim_discard: "what-if: discard the scenario",
    key_sim_apply: "what-if: apply the scenario to the store (asks first)",
    sim_refinance: "Refinance {loan} {apr} → {line} {line_apr}: {verdict} {amount}",
    sim_refinance_short: "Refinance → {line}: {verdict} {amount}",
    sim_no_refinance: "Refinance {loan}: no cheaper line with room",
    sim_min_only: "{name}, minimum only: {months}, interest {interest}",
    sim_new_loan: "New loan",
    form_save_scenario: "Save scenario",
    confirm_overwrite: "A scenario named {name} is saved already. Replace it?",
    confirm_overwrite_keys: "y replace · n keep",
    scenarios_title: "Saved scenarios",
    scenarios_empty: "No saved scenario yet.",
    scenarios_empty_save: "No saved scenario yet: {key} saves the one you are editing.",
    confirm_delete_scenario: "Delete the saved scenario {name}?",
    sim_saved: "Scenario {name} saved",
    sim_loaded: "Scenario {name} opened",
    sim_skipped: "{n} of its what-ifs left out: their loan or line is gone",
    sim_deleted: "Scenario {name} deleted",
    sim_discarded: "Scenario discarded",
    key_export_calendar: "write the calendar of due dates",
    key_attach_plan: "keep the lender's plan file with the loan and compare; emptied, the field drops the kept plan",
    key_apply_plan: "adopt the lender's plan's terms (asks first)",
    confirm_apply_plan: "Switch {loan} to the lender's terms from {file}? What changes: {reasons}. Then all {rows} rows match; u undoes it.",
    confirm_apply_plan_keys: "y switch · n keep ours",
    plan_applied: "{loan} now follows the lender's plan {file}",
    plan_early_interest_reset: "{done}; early interest is as scheduled again: {problem}",
    plan_none: "No lender's plan is held against this loan: f reads one",
    plan_cannot_apply: "{file}: no convention reproduces every row, nothing to apply (`loandash reconcile --pin` keeps the lender's rows)",
    plan_starts_before: "{file} starts {start}, before this loan as entered: applied, its earlier installments would be due again; nothing applied",
    form_attach_plan: "Lender's plan",
    field_plan_file: "Plan file (CSV or pasted table)",
    field_plan_file_kept: "Plan file (empty: drop the one kept)",
    plan_detached: "{file} is no longer kept with {loan}; u undoes it",
    col_lender_plan: "Lender",
    col_lender_interest: "Theirs − ours",
    plan_matches: "{file}: every row matches the lender's plan",
    plan_explained: "{file}: {differ}, explained: {reasons}",
    plan_unexplained: "{file}: {differ}; no convention reproduces them all",
    plan_row_differs: "Period {period} differs from the lender's: {reason}",
    plan_title: "lender's plan {file}: {differ} (≠)",
    rows_differ: "{n} of {rows} rows differ",
    rows_differ_one: "{n} of {rows} rows differs",
    calendar_written: "Calendar of {dates} written to {path}",
    calendar_no_path: "Nothing written: the sample store has no calendar file",
    calendar_failed: "Calendar not written: {detail}",
    config_fallback: "{detail} (using the defaults)",
    sim_empty_scenario: "The scenario is empty",
    apply_title: "Apply to the store?",
    apply_payment: "{loan}: pay {cash} on {date}: {due} due now, {principal} prepaid ({mode}), {interest} interest",
    apply_prepaid: "{loan}: pay {cash} on {date}: {principal} prepaid ({mode}), {interest} interest",
    apply_loan: "Add loan {id} {name}: {principal}, {term} from {start} ({line})",
    apply_skipped: "{item}: not applied, a what-if only",
    apply_keys: "y apply · n cancel",
    sim_applied: "Scenario applied",
    sim_nothing_to_apply: "Nothing to apply: late payments and budgets are what-ifs only",
    suggest_pay_down: "Pay down {line} below {pct} % utilization (repay {amount} early)",
    suggest_profile: "Complete your profile ({pct} % → 100 %)",
    suggest_borrow: "Borrow {amount} on {line} every {months} and repay on time",
    suggest_gain: "{gain} by {month}",
    view_limit: "Limit",
    limit_title: "Projected credit limit",
    limit_estimate: "estimate — no lender publishes its model; see assets/limit_model.ron",
    limit_line: "Line",
    limit_scenario: "Scenario",
    limit_no_lines: "No credit lines yet: add one with `loandash line --name … --limit …`, and draw loans on it with `add --line`.",
    limit_month: "Month",
    limit_score: "Score",
    limit_grade: "Grade",
    limit_limit: "Limit",
    limit_band: "Range",
    limit_factors: "What moves it (month 6)",
    limit_factors_short: "What moves it",
    limit_actions: "What would raise it most",
    limit_actions_short: "Tips",
    limit_no_actions: "Keep paying on time: nothing else raises it much.",
    limit_not_applicable: "not applicable",
    limit_overdue: "! {month}: {days} late, {stage} stage",
    scenario_on_time: "keep paying on time",
    scenario_borrow: "borrow",
    scenario_prepay: "repay early",
    scenario_miss: "pay {days} late",
    points: "pts",
    col_penalty: "Penalty",
    days_late: "{n}d late",
    app: "loandash",
    view_dashboard: "Dashboard",
    view_detail: "Loan",
    view_payments: "Payments",
    as_of: "as of",
    demo: "DEMO",
    read_only: "READ-ONLY",
    min_due: "Minimum due this month",
    due_on: "due",
    nothing_due: "nothing due",
    outstanding: "Total outstanding",
    outstanding_short: "Outstanding",
    next_payment: "Next payment",
    next_payment_short: "Next payment",
    credit: "Credit lines",
    credit_short: "Credit",
    used: "used",
    available: "available",
    no_lines: "no credit lines",
    projected_limit: "Limit in 6 months",
    projected_limit_short: "Limit 6 mo",
    not_yet: "—",
    loans: "Loans",
    revolving: "Revolving",
    loans_one: "{n} loan",
    loans_many: "{n} loans",
    revolving_one: "{n} revolving",
    revolving_many: "{n} revolving",
    col_name: "Name",
    col_lender: "Lender",
    col_method: "Method",
    col_balance: "Balance",
    col_installments: "Paid",
    col_next_due: "Next due",
    col_amount: "Amount",
    col_rate: "Rate",
    col_apr: "APR",
    col_period: "#",
    col_due_date: "Due date",
    col_payment: "Payment",
    col_principal: "Principal",
    col_interest: "Interest",
    col_status: "Status",
    col_date: "Date",
    col_loan: "Loan",
    col_kind: "Kind",
    col_mode: "Mode",
    chart_title: "Minimum due, next 12 months",
    overdue: "overdue",
    paid: "paid",
    upcoming: "upcoming",
    prepayment: "prepayment",
    scheduled: "installment",
    minimum: "minimum",
    sorted_by: "sorted by {key}",
    empty_title: "No loans yet",
    empty_body: "Press a to add an installment loan (借呗, 微粒贷, a bank loan) or r to add a revolving account (花呗, a credit card). Press ? for every key. loandash --demo shows a sample store.",
    no_loan_selected: "Select a loan on the dashboard and press Enter.",
    payoff_date: "Payoff",
    interest_paid: "Interest paid",
    penalty_of: " (of which penalty {penalty})",
    interest_to_pay: "Interest to pay",
    row_unpaid: "No payment on this row yet: p records one.",
    rev_statement: "Statement {amount}, cut on day {cut}, due on day {due}",
    rev_owed: "Owed now",
    daily_rate: "Daily rate",
    rev_minimum: "Minimum due {date}: {amount} ({unpaid} unpaid)",
    rev_interest_if: "Interest to {next} if only the minimum is paid by {date}: {minimum}; if nothing more is paid: {none}",
    rev_interest_rest: "Interest to {next} if nothing more is paid by {date}: {interest}; none if the {left} left is paid",
    rev_paid_in_full: "Paid in full: no interest to {next}",
    rev_interest_left: "Left unpaid on {date}: {left}; interest to {next}: {interest}",
    rev_min_only: "Paying only the minimum: {months}, interest {interest}, total {total}",
    rev_plan_36: "Paying {payment} a month clears it in 36 months: total {total}, saves {savings}",
    rev_plan_36_costs: "Paying {payment} a month clears it in 36 months: total {total}, {extra} more than the minimum only",
    rev_nothing_owed: "Nothing owed on the latest statement.",
    total: "Total",
    no_payments: "No payments recorded yet. Press p to record one.",
    too_small: "Terminal too small: make it at least 40×12.",
    help_title: "Keys",
    help_close: "Esc or ? closes this help",
    form_add_loan: "Add loan",
    form_edit_loan: "Edit loan",
    form_add_revolving: "Add revolving account",
    form_edit_revolving: "Edit revolving account",
    form_pay: "Record payment",
    form_key_field: "Tab/↑↓ field",
    form_key_choice: "←→ choice",
    form_key_save: "Enter save",
    form_key_cancel: "Esc cancel",
    form_invalid: "Fix the field marked ! first",
    field_name: "Name",
    field_lender: "Lender",
    field_principal: "Principal",
    field_rate_kind: "Rate is",
    field_rate: "Rate (%)",
    field_fee_rate: "Fee (% / month)",
    field_term: "Term (months)",
    field_method: "Method",
    field_start: "Start (YYYY-MM-DD)",
    field_day_count: "Day count",
    field_penalty_rate: "Penalty rate (% / yr)",
    field_line: "Credit line",
    field_balance: "Statement balance",
    field_daily_rate: "Daily rate (%)",
    field_statement_day: "Statement day",
    field_due_day: "Due day",
    field_min_percent: "Minimum (%)",
    field_min_floor: "Minimum floor",
    field_basis: "Interest on",
    field_loan: "Loan",
    field_amount: "Amount",
    field_date: "Date (YYYY-MM-DD)",
    field_mode: "Excess",
    field_apply: "Pays",
    field_paid: "Paid already",
    field_entered: "Enter from",
    entered_borrowed: "the original terms",
    entered_left: "what is left",
    field_balance_left: "Balance left",
    field_installments_left: "Installments left",
    field_next_due: "Next due (YYYY-MM-DD)",
    field_due_day_optional: "Due day (optional)",
    next_due_past: "the next due date {date} is before today ({today}): {n} installments from it are past due and show as overdue; record what was paid as a payment",
    next_due_past_one: "the next due date {date} is before today ({today}): {n} installment from it is past due and shows as overdue; record what was paid as a payment",
    field_installment: "Installment (optional)",
    field_principal_each: "Principal each period (optional)",
    installment_unlike: "the installment {got} does not agree with the {ours} these terms give: check it, the rate and the installments left",
    apply_installments: "next installment first",
    apply_prepayment: "all as prepayment",
    rate_annual: "per year",
    rate_daily: "per day",
    automatic: "default",
    none: "none",
    confirm_delete: "Delete {id} {name} with its {payments}?",
    payments_one: "{n} payment",
    payments_many: "{n} payments",
    confirm_keys: "y delete · n keep",
    saved: "saved",
    saving: "saving…",
    entry_done: "{name}: entered",
    quit_when_saved: "quitting once saved…",
    not_saved: "NOT SAVED",
    demo_not_saved: "demo store: changes are kept in memory only",
    undone: "Undone",
    nothing_to_undo: "Nothing to undo",
    deleted: "Deleted",
    gone: "{name} is no longer in the store (changed elsewhere); nothing was changed",
    payment_recorded: "Payment recorded",
    payment_edited: "Payment {id} changed",
    payment_edited_excess: "Payment {id} changed; the excess is prepayment {more}",
    payment_deleted: "Payment {id} deleted",
    confirm_delete_payment: "Delete payment {id}: {date}, {loan}, {amount}?",
    form_edit_payment: "Edit payment",
    nothing_selected: "Nothing selected here to edit or delete",
    plan_needs_loan: "A lender's plan is held against an installment loan: select one",
    col_id: "ID",
    disk_reloaded: "The store changed on disk (another loandash, an editor): reloaded",
    shared_name: "Loans {ids} share the name {name}: names are unique now, rename them apart (e)",
    card_days: "Account {ids}: its days make a statement fall due on or after the next cut; give it days that differ, the earlier 1–27 (e)",
    disk_unreadable: "The store on disk cannot be read now; what is shown is kept",
    disk_changed: "The store file changed on disk (another loandash, an editor, a sync tool) while your changes here are not saved.",
    disk_changed_keys: "r reload (drop mine) · m keep mine and merge · s save mine elsewhere · Esc later",
    disk_merged: "Your changes were merged into the changed file and saved",
    quit_unsaved: "Your changes here are not saved. Quit and lose them?",
    quit_unsaved_keys: "y quit (lose them) · s save elsewhere · n stay",
    form_save_as: "Save elsewhere",
    field_path: "File",
    saved_as: "Saved to {path}; the dashboard now shows that file",
    hint_views: "views",
    hint_select: "select",
    hint_open: "open",
    hint_add_loan: "add loan",
    hint_add_revolving: "add revolving",
    hint_edit: "edit",
    hint_delete: "delete",
    hint_pay: "pay",
    hint_undo: "undo",
    hint_help: "help",
    hint_quit: "quit",
    hint_back: "back",
    hint_scenario: "scenario",
    hint_line: "line",
    hint_plan: "lender plan",
    hint_prepay: "prepay",
    hint_borrow: "borrow",
    hint_late: "pay late",
    hint_apply: "apply",
    hint_save: "save",
    hint_load: "saved",
    hint_scroll: "scroll",
    hint_page: "page",
    hint_first_last: "first/last",
    hint_close: "close",
    key_quit: "quit",
    key_views: "switch view",
    key_move: "move; ←→ also adjust a what-if or pick a limit scenario",
    key_top_bottom: "first / last",
    key_page: "page up / down",
    key_open: "open loan, account or payment / submit form",
    key_back: "back / cancel",
    key_sort: "sort loans (S reverses)",
    key_add_loan: "add an installment loan",
    key_add_revolving: "add a revolving account",
    key_edit: "edit the selected loan, account or payment",
    key_delete: "delete the selected loan, account or payment",
    key_pay: "record a payment",
    key_undo: "undo the last change",
    key_help: "this help",
    key_mouse: "mouse: wheel scrolls, click selects",
    sort_name: "name",
    sort_balance: "balance",
    sort_next_due: "next due",
    sort_rate: "APR",
    method_equal_installment: "equal installment",
    method_equal_principal: "equal principal",
    method_interest_only: "interest only",
    method_bullet: "bullet",
    method_flat_fee: "flat fee",
    mode_shorten: "shorten term",
    mode_reduce: "reduce installment",
    basis_remainder: "unpaid remainder",
    basis_statement: "whole statement",
    per_year: "/yr",
    per_day: "/day",
    fee_per_month: "/mo fee",
    estimate: "estimate",
    more: "+{n} more",
    limit_total: "limit",
};

/// 简体中文.
pub static ZH: Strings = Strings {
    key_sim_add: "模拟：添加提前还款、借款、延迟还款、预算",
    key_big: "模拟：一次调整十步",
    key_sim_target: "模拟：切换借款或额度",
    key_sim_mode: "模拟：缩短期限 / 减少月供",
    key_sim_dti: "模拟：负债收入比警戒线降低 / 提高 5 个百分点",
    view_simulate: "模拟",
    sim_title: "还款模拟",
    sim_none_owing: "没有尚未还清的借款：无可提前还款或延迟还款",
    sim_empty: "添加一个假设：P 提前还款（所选借款）· B 借款 · D 延迟还款 · M 设置每月预算。然后用 ←/→ 调整（Shift ×10），t 切换借款或额度，m 切换缩短期限/减少月供，d 删除。按 A 确认后才写入账本；w 按名称保存，o 打开已保存的方案。",
    sim_keys_amount: "←→ 金额 ±{step} · Shift ±{big}",
    sim_keys_days: "←→ 延迟天数 ±{step} · Shift ±{big}",
    sim_keys_loan: "t 换一笔借款",
    sim_keys_line: "t 换一个额度",
    sim_keys_mode: "m 缩短期限/减少月供",
    sim_keys_common: "↑↓ 选择 · d 删除 · P B D M 添加",
    sim_dti: "负债比",
    sim_keys_add: "P 提前还款 · B 借款 · D 延迟还款 · M 预算 · o 打开已保存",
    sim_keys_scenario: "w 保存 · o 打开已保存 · x 放弃 · A 写入账本",
    sim_prepay: "提前还款",
    sim_borrow: "借款",
    sim_late: "延迟还款",
    sim_budget: "每月预算",
    sim_day: "{n}天",
    sim_days: "{n}天",
    due_dates_one: "{n} 个还款日",
    due_dates_many: "{n} 个还款日",
    sim_month: "{n}个月",
    sim_months: "{n}个月",
    sim_no_line: "无额度",
    sim_baseline: "不变",
    sim_scenario: "模拟后",
    sim_baseline_inline: "不变",
    sim_scenario_inline: "模拟后",
    sim_total_interest: "总利息",
    sim_limit: "{line} {months}后额度",
    sim_payoff: "全部还清",
    sim_saves: "节省",
    sim_costs: "多付",
    sim_never: "50年内无法还清",
    sim_dti_warning: "个月超过收入的 {pct}%",
    sim_chart: "未来24个月每月最少还",
    sim_plans: "预算还款计划",
    sim_minimums: "只还最低",
    sim_infeasible: "低于最低还款",
    sim_avalanche: "雪崩法（利率最高优先）",
    sim_snowball: "雪球法（余额最小优先）",
    sim_avalanche_short: "雪崩法",
    sim_snowball_short: "雪球法",
    key_sim_save: "模拟：按名称保存当前方案",
    key_sim_load: "模拟：打开或删除已保存的方案",
    key_sim_discard: "模拟：放弃当前方案",
    key_sim_apply: "模拟：将方案写入账本（先确认）",
    sim_refinance: "转贷 {loan} {apr} → {line} {line_apr}：{verdict} {amount}",
    sim_refinance_short: "转贷 → {line}：{verdict} {amount}",
    sim_no_refinance: "转贷 {loan}：没有利率更低且额度足够的额度",
    sim_min_only: "{name} 只还最低：{months}，利息 {interest}",
    sim_new_loan: "新借款",
    form_save_scenario: "保存方案",
    confirm_overwrite: "已有名为 {name} 的方案，替换吗？",
    confirm_overwrite_keys: "y 替换 · n 保留",
    scenarios_title: "已保存的方案",
    scenarios_empty: "还没有保存的方案。",
    scenarios_empty_save: "还没有保存的方案：按 {key} 保存当前方案。",
    confirm_delete_scenario: "删除已保存的方案 {name}？",
    sim_saved: "方案 {name} 已保存",
    sim_loaded: "已打开方案 {name}",
    sim_skipped: "其中 {n} 项未载入：对应的借款或额度已不存在",
    sim_deleted: "方案 {name} 已删除",
    sim_discarded: "已放弃当前方案",
    key_export_calendar: "导出还款日历",
    key_attach_plan: "保存贷款机构的还款计划文件并对账；清空该栏则删除已保存的计划",
    key_apply_plan: "采用机构计划中的条款（先确认）",
    confirm_apply_plan: "按 {file} 中机构的条款修改 {loan}？变化：{reasons}。之后 {rows} 期全部一致；u 可撤销。",
    confirm_apply_plan_keys: "y 修改 · n 保留原样",
    plan_applied: "{loan} 已按机构还款计划 {file} 修改",
    plan_early_interest_reset: "{done}；提前还款利息恢复为按计划计：{problem}",
    plan_none: "这笔贷款还没有对账的机构计划：按 f 读取",
    plan_cannot_apply: "{file}：没有约定能重现每一期，无可应用（`loandash reconcile --pin` 可保留机构的各期）",
    plan_starts_before: "{file} 始于 {start}，早于这笔贷款录入的起始日：应用后此前各期会重新到期；未应用",
    form_attach_plan: "机构还款计划",
    field_plan_file: "计划文件（CSV 或粘贴的表格）",
    field_plan_file_kept: "计划文件（留空：删除已保存的）",
    plan_detached: "已不再为 {loan} 保存 {file}；u 可撤销",
    col_lender_plan: "机构应还",
    col_lender_interest: "机构 − 我们",
    plan_matches: "{file}：每一期都与机构的还款计划一致",
    plan_explained: "{file}：{differ}，原因：{reasons}",
    plan_unexplained: "{file}：{differ}，没有约定能全部重现",
    plan_row_differs: "第 {period} 期与机构不同：{reason}",
    plan_title: "机构计划 {file}：{differ}（≠）",
    rows_differ: "{rows} 期中 {n} 期不同",
    rows_differ_one: "{rows} 期中 {n} 期不同",
    calendar_written: "已将 {dates}写入 {path}",
    calendar_no_path: "未写入：示例账本没有日历文件",
    calendar_failed: "日历未写入：{detail}",
    config_fallback: "配置文件有误，已改用默认设置：{detail}",
    sim_empty_scenario: "方案为空",
    apply_title: "写入账本？",
    apply_payment: "{loan}：{date} 还款 {cash}：当期应还 {due}，提前还本 {principal}（{mode}），利息 {interest}",
    apply_prepaid: "{loan}：{date} 还款 {cash}：提前还本 {principal}（{mode}），利息 {interest}",
    apply_loan: "新增借款 {id} {name}：{principal}，{term}，{start} 起（{line}）",
    apply_skipped: "{item}：不写入，仅为假设",
    apply_keys: "y 写入 · n 取消",
    sim_applied: "方案已写入账本",
    sim_nothing_to_apply: "没有可写入的内容：延迟还款和预算仅为假设",
    suggest_pay_down: "提前还款 {amount}，让{line}的使用率低于 {pct}%",
    suggest_profile: "完善资料（{pct}% → 100%）",
    suggest_borrow: "每{months}在{line}借 {amount} 并按时还款",
    suggest_gain: "{month} 前 {gain}",
    view_limit: "额度",
    limit_title: "额度预测",
    limit_estimate: "估算——贷款机构不公开模型；见 assets/limit_model.ron",
    limit_line: "额度",
    limit_scenario: "情景",
    limit_no_lines: "还没有授信额度：用 `loandash line --name … --limit …` 添加，并用 `add --line` 把借款关联到额度。",
    limit_month: "月份",
    limit_score: "信用分",
    limit_grade: "等级",
    limit_limit: "额度",
    limit_band: "区间",
    limit_factors: "影响因素（第6个月）",
    limit_factors_short: "影响因素",
    limit_actions: "最能提升额度的做法",
    limit_actions_short: "提升做法",
    limit_no_actions: "按时还款即可，其他做法提升有限。",
    limit_not_applicable: "不适用",
    limit_overdue: "! {month}：逾期 {days}，{stage}",
    scenario_on_time: "按时还款",
    scenario_borrow: "借款",
    scenario_prepay: "提前还款",
    scenario_miss: "逾期{days}",
    points: "分",
    col_penalty: "罚息",
    days_late: "逾期{n}天",
    app: "loandash",
    view_dashboard: "总览",
    view_detail: "借款详情",
    view_payments: "还款记录",
    as_of: "截至",
    demo: "演示",
    read_only: "只读",
    min_due: "本月最少还",
    due_on: "到期",
    nothing_due: "本月无应还",
    outstanding: "待还总额",
    outstanding_short: "待还",
    next_payment: "下一笔还款",
    next_payment_short: "下笔还款",
    credit: "授信额度",
    credit_short: "额度",
    used: "已用",
    available: "可用",
    no_lines: "暂无额度",
    projected_limit: "6个月后额度",
    projected_limit_short: "6月后额度",
    not_yet: "—",
    loans: "借款",
    revolving: "信用账户",
    loans_one: "{n} 笔借款",
    loans_many: "{n} 笔借款",
    revolving_one: "{n} 个信用账户",
    revolving_many: "{n} 个信用账户",
    col_name: "名称",
    col_lender: "机构",
    col_method: "还款方式",
    col_balance: "剩余本金",
    col_installments: "已还",
    col_next_due: "下期还款日",
    col_amount: "金额",
    col_rate: "利率",
    col_apr: "年化",
    col_period: "期",
    col_due_date: "还款日",
    col_payment: "还款额",
    col_principal: "本金",
    col_interest: "利息",
    col_status: "状态",
    col_date: "日期",
    col_loan: "借款",
    col_kind: "类型",
    col_mode: "方式",
    chart_title: "未来12个月最少还款",
    overdue: "逾期",
    paid: "已还",
    upcoming: "待还",
    prepayment: "提前还款",
    scheduled: "按期还款",
    minimum: "最低还款",
    sorted_by: "按{key}排序",
    empty_title: "还没有借款",
    empty_body: "按 a 添加分期借款（借呗、微粒贷、银行贷款），按 r 添加信用账户（花呗、信用卡）。按 ? 查看全部按键。loandash --demo 可查看示例数据。",
    no_loan_selected: "请在总览中选择一笔借款并按 Enter。",
    payoff_date: "结清日",
    interest_paid: "已付利息",
    penalty_of: "（其中罚息 {penalty}）",
    interest_to_pay: "待付利息",
    row_unpaid: "此行尚无还款：按 p 记录一笔。",
    rev_statement: "账单 {amount}，每月 {cut} 日出账，{due} 日到期",
    rev_owed: "当前欠款",
    daily_rate: "日利率",
    rev_minimum: "{date} 最低还款 {amount}（未还 {unpaid}）",
    rev_interest_if: "若 {date} 前只还最低，到 {next} 的利息 {minimum}；若不再还款：{none}",
    rev_interest_rest: "若 {date} 前不再还款，到 {next} 的利息 {interest}；还清剩余 {left} 则无利息",
    rev_paid_in_full: "已全部还清：到 {next} 无利息",
    rev_interest_left: "{date} 未还 {left}，到 {next} 的利息 {interest}",
    rev_min_only: "只还最低：{months}，利息 {interest}，共还 {total}",
    rev_plan_36: "每月还 {payment}，36个月还清：共还 {total}，省 {savings}",
    rev_plan_36_costs: "每月还 {payment}，36个月还清：共还 {total}，比只还最低多 {extra}",
    rev_nothing_owed: "最新账单无欠款。",
    total: "合计",
    no_payments: "还没有还款记录。按 p 记录一笔。",
    too_small: "终端太小：至少需要 40×12。",
    help_title: "按键",
    help_close: "按 Esc 或 ? 关闭帮助",
    form_add_loan: "添加借款",
    form_edit_loan: "编辑借款",
    form_add_revolving: "添加信用账户",
    form_edit_revolving: "编辑信用账户",
    form_pay: "记录还款",
    form_key_field: "Tab/↑↓ 切换",
    form_key_choice: "←→ 选择",
    form_key_save: "Enter 保存",
    form_key_cancel: "Esc 取消",
    form_invalid: "请先修正标有 ! 的字段",
    field_name: "名称",
    field_lender: "机构",
    field_principal: "本金",
    field_rate_kind: "利率类型",
    field_rate: "利率 (%)",
    field_fee_rate: "手续费 (%/月)",
    field_term: "期数 (月)",
    field_method: "还款方式",
    field_start: "起始日 (YYYY-MM-DD)",
    field_day_count: "计息方式",
    field_penalty_rate: "罚息利率 (%/年)",
    field_line: "所属额度",
    field_balance: "账单金额",
    field_daily_rate: "日利率 (%)",
    field_statement_day: "账单日",
    field_due_day: "还款日",
    field_min_percent: "最低还款 (%)",
    field_min_floor: "最低还款下限",
    field_basis: "计息基数",
    field_loan: "借款",
    field_amount: "金额",
    field_date: "日期 (YYYY-MM-DD)",
    field_mode: "多还部分",
    field_apply: "用于",
    field_paid: "已还期数",
    field_entered: "录入方式",
    entered_borrowed: "原借款条款",
    entered_left: "剩余本金与期数",
    field_balance_left: "剩余本金",
    field_installments_left: "剩余期数",
    field_next_due: "下次还款日 (YYYY-MM-DD)",
    field_due_day_optional: "还款日（可选）",
    next_due_past: "下次还款日 {date} 早于今天（{today}）：自该日起已有 {n} 期到期，将显示为逾期；已还的请记录为还款",
    next_due_past_one: "下次还款日 {date} 早于今天（{today}）：自该日起已有 {n} 期到期，将显示为逾期；已还的请记录为还款",
    field_installment: "每期还款额（可选）",
    field_principal_each: "每期本金（可选）",
    installment_unlike: "每期还款额 {got} 与按这些条款算出的 {ours} 不符：请核对它、利率和剩余期数",
    apply_installments: "先还下期",
    apply_prepayment: "全部提前还款",
    rate_annual: "年利率",
    rate_daily: "日利率",
    automatic: "默认",
    none: "无",
    confirm_delete: "删除 {id} {name} 及其 {payments}？",
    payments_one: "{n} 条还款记录",
    payments_many: "{n} 条还款记录",
    confirm_keys: "y 删除 · n 保留",
    saved: "已保存",
    saving: "正在保存…",
    entry_done: "{name}：已录入",
    quit_when_saved: "保存完成后退出…",
    not_saved: "未保存",
    demo_not_saved: "演示数据：修改只保存在内存中",
    undone: "已撤销",
    nothing_to_undo: "没有可撤销的操作",
    deleted: "已删除",
    gone: "{name} 已不在账本中（已在别处更改）；未作任何更改",
    payment_recorded: "已记录还款",
    payment_edited: "已修改还款 {id}",
    payment_edited_excess: "已修改还款 {id}；超出部分记为提前还款 {more}",
    payment_deleted: "已删除还款 {id}",
    confirm_delete_payment: "删除还款 {id}：{date}，{loan}，{amount}？",
    form_edit_payment: "修改还款",
    nothing_selected: "此处没有可编辑或删除的选中项",
    plan_needs_loan: "还款计划只能对应分期借款：请先选中一笔",
    col_id: "编号",
    disk_reloaded: "存储文件在磁盘上被修改（另一个 loandash 或编辑器）：已重新载入",
    shared_name: "借款 {ids} 同名 {name}：名称现须唯一，请改名区分（e）",
    card_days: "账户 {ids} 的账单日与还款日会使账单在下一期账单日当天或之后才到期；请设为不同的两天，较早的在 1–27 日（e）",
    disk_unreadable: "现在无法读取磁盘上的存储文件；保留当前显示的内容",
    disk_changed: "存储文件在磁盘上被修改（另一个 loandash、编辑器或同步工具），而这里的修改尚未保存。",
    disk_changed_keys: "r 重新载入（放弃我的修改）· m 保留我的修改并合并 · s 另存我的修改 · Esc 稍后",
    disk_merged: "你的修改已合并到修改后的文件并保存",
    quit_unsaved: "这里的修改尚未保存。退出并丢弃它们？",
    quit_unsaved_keys: "y 退出（丢弃）· s 另存 · n 留下",
    form_save_as: "另存为",
    field_path: "文件",
    saved_as: "已保存到 {path}；现在显示该文件",
    hint_views: "切换",
    hint_select: "选择",
    hint_open: "打开",
    hint_add_loan: "添加借款",
    hint_add_revolving: "添加信用账户",
    hint_edit: "编辑",
    hint_delete: "删除",
    hint_pay: "还款",
    hint_undo: "撤销",
    hint_help: "帮助",
    hint_quit: "退出",
    hint_back: "返回",
    hint_scenario: "情景",
    hint_line: "额度",
    hint_plan: "还款计划",
    hint_prepay: "提前还款",
    hint_borrow: "借款",
    hint_late: "延迟还款",
    hint_apply: "写入",
    hint_save: "保存",
    hint_load: "已存方案",
    hint_scroll: "滚动",
    hint_page: "翻页",
    hint_first_last: "首/尾",
    hint_close: "关闭",
    key_quit: "退出",
    key_views: "切换视图",
    key_move: "移动；←→ 也用于调整假设或切换额度情景",
    key_top_bottom: "第一项 / 最后一项",
    key_page: "上一页 / 下一页",
    key_open: "打开借款、账户或还款 / 提交表单",
    key_back: "返回 / 取消",
    key_sort: "借款排序（S 反向）",
    key_add_loan: "添加分期借款",
    key_add_revolving: "添加信用账户",
    key_edit: "编辑所选借款、账户或还款",
    key_delete: "删除所选借款、账户或还款",
    key_pay: "记录还款",
    key_undo: "撤销上一步修改",
    key_help: "本帮助",
    key_mouse: "鼠标：滚轮滚动，单击选择",
    sort_name: "名称",
    sort_balance: "剩余本金",
    sort_next_due: "下期还款日",
    sort_rate: "年化",
    method_equal_installment: "等额本息",
    method_equal_principal: "等额本金",
    method_interest_only: "先息后本",
    method_bullet: "到期还本付息",
    method_flat_fee: "分期手续费",
    mode_shorten: "缩短期限",
    mode_reduce: "减少月供",
    basis_remainder: "未还部分",
    basis_statement: "全部账单",
    per_year: "/年",
    per_day: "/日",
    fee_per_month: "/月手续费",
    estimate: "估算",
    more: "另{n}个",
    limit_total: "总额度",
};

#[cfg(test)]
mod tests {
    use super::*;

    /// Every string in a language, via its Debug form (field: "value" pairs).
    fn values(strings: &Strings) -> Vec<String> {
        format!("{strings:#?}")
            .lines()
            .filter_map(|l| {
                l.split_once(": ")
                    .map(|(_, v)| v.trim_end_matches(',').to_string())
            })
            .collect()
    }

    #[test]
    fn every_string_is_filled_in_both_languages() {
        let (en, zh) = (values(&EN), values(&ZH));
        assert_eq!(en.len(), zh.len());
        assert!(en.len() > 100);
        assert!(en.iter().chain(&zh).all(|v| v != "\"\""), "an empty string");
        // Chinese is a translation, not a copy (a few symbols and names may match).
        let same = en.iter().zip(&zh).filter(|(a, b)| a == b).count();
        assert!(same <= 3, "{same} strings are the same in both languages");
    }

    #[test]
    fn a_save_conflict_reads_in_chinese() {
        let path = std::path::PathBuf::from("/tmp/loans.ron");
        let conflict = StoreError::Conflict { path: path.clone() };
        let zh = store_error(Language::Zh, &conflict);
        assert!(
            zh.contains("/tmp/loans.ron") && zh.contains("未写入"),
            "{zh}"
        );
        assert!(!zh.contains("changed on disk"), "{zh}");
        assert_eq!(store_error(Language::En, &conflict), conflict.to_string());
    }

    #[test]
    fn a_store_with_a_bad_value_and_engine_refusals_read_in_chinese() {
        let invalid = StoreError::Invalid {
            path: "/tmp/loans.ron".into(),
            field: Field::Term,
            problem: Problem::NotPositive(rust_decimal::Decimal::ZERO),
        };
        assert_eq!(
            store_error(Language::Zh, &invalid),
            "/tmp/loans.ron：期数 (月) 无效：必须大于 0（输入为 0）"
        );
        assert_eq!(store_error(Language::En, &invalid), invalid.to_string());
        let refused = FieldError::typed(Field::DailyRate, Problem::NotAWholeNumber);
        assert_eq!(field_error(Language::Zh, &refused), "日利率 (%)：应为整数");
        assert_eq!(
            field_error(Language::En, &refused),
            "Daily rate (%): expected a whole number"
        );
    }

    /// One rule for a count of months or days in Chinese, as Chinese interfaces write
    /// it: the number against its unit ("36个月", "22天"), never "36 个月" beside
    /// "120个月".
    #[test]
    fn chinese_counts_of_time_stand_against_their_number() {
        let spaced = |text: &str| {
            ["个月", "天"].iter().any(|unit| {
                text.match_indices(&format!(" {unit}"))
                    .any(|(at, _)| text[..at].ends_with(|c: char| c.is_ascii_digit() || c == '}'))
            })
        };
        let zh = values(&ZH);
        let found: Vec<_> = zh.iter().filter(|v| spaced(v)).collect();
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(ZH.months(36), "36个月");
        assert_eq!(ZH.days(22), "22天");
        use crate::engine::validate::{Unit, count};
        let term = count(Field::Term, 999, 1, 480, Unit::Months).unwrap_err();
        let said = term.render(Language::Zh);
        assert!(said.contains("480个月") && !spaced(&said), "{said}");
    }

    /// Every English count of things ("{n} days") has a singular form beside it, so that
    /// one reads "1 day" (the limit view said "1 days late", a calendar "1 due dates").
    #[test]
    fn every_english_count_has_its_singular() {
        crate::language::assert_every_count_has_its_singular(&EN);
    }

    #[test]
    fn counts_are_singular_for_one() {
        assert_eq!(EN.months(1), "1 month");
        assert_eq!(EN.months(12), "12 months");
        assert_eq!(EN.days(1), "1 day");
        assert_eq!(EN.days(30), "30 days");
        assert_eq!(ZH.months(1), "1个月");
        assert_eq!(EN.rows_differ(1, 12), "1 of 12 rows differs");
        assert_eq!(EN.rows_differ(2, 12), "2 of 12 rows differ");
        assert_eq!(ZH.rows_differ(1, 12), "12 期中 1 期不同");
    }
}
