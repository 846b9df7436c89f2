//! The words of the command line's tables and labels, in each language (JSON and CSV keep
//! their fixed English names for scripts).

use crate::language::Language;

/// Headers, labels and lines of `list`, `due`, `status`, `profile` and `schedule` tables.
#[derive(Debug)]
pub struct Words {
    /// The language these words are in (its list separator, colon…: `Language`'s).
    pub lang: Language,
    pub id: &'static str,
    pub name: &'static str,
    pub lender: &'static str,
    pub balance: &'static str,
    pub paid: &'static str,
    pub next_due: &'static str,
    pub next_payment: &'static str,
    pub apr: &'static str,
    /// `{n}` installments overdue.
    pub n_overdue: &'static str,
    /// `list`: a loan whose installments after its lender's first `{rows}` rows (pinned)
    /// are planned by loandash.
    pub past_pinned: &'static str,
    pub past_pinned_one: &'static str,
    /// `{row}`: the installment of the lender's first pinned row.
    pub before_pinned: &'static str,
    pub revolving: &'static str,
    pub minimum: &'static str,
    pub no_loans: &'static str,
    pub due_date: &'static str,
    pub amount: &'static str,
    pub principal: &'static str,
    pub interest: &'static str,
    pub penalty: &'static str,
    pub status: &'static str,
    pub overdue: &'static str,
    pub upcoming: &'static str,
    pub settled: &'static str,
    /// `{month}`, `{as_of}`, `{total}`.
    pub minimum_due_in: &'static str,
    /// `{until}`, `{as_of}`, `{total}`.
    pub due_by: &'static str,
    /// `{until}`, `{as_of}`.
    pub nothing_due_by: &'static str,
    /// `{month}`: the label of `status`'s first line.
    pub status_due: &'static str,
    pub overdue_items: &'static str,
    pub next_due_date: &'static str,
    pub monthly_income: &'static str,
    pub credit_score: &'static str,
    /// `{date}` the score was recorded.
    pub score_on: &'static str,
    pub completeness: &'static str,
    pub currency: &'static str,
    pub language: &'static str,
    pub from_environment: &'static str,
    pub period: &'static str,
    pub payment: &'static str,
    pub kind: &'static str,
    pub scheduled: &'static str,
    pub prepayment: &'static str,
    /// `{paid}`, `{principal}`, `{interest}`, `{apr}`, `{payoff}`.
    pub schedule_totals: &'static str,
    /// `simulate` tables: `{interest}`, `{payoff}`.
    pub sim_baseline: &'static str,
    pub sim_scenario: &'static str,
    pub sim_saved: &'static str,
    pub sim_added: &'static str,
    pub sim_month: &'static str,
    pub sim_baseline_col: &'static str,
    pub sim_scenario_col: &'static str,
    pub sim_change: &'static str,
    pub sim_dti: &'static str,
    pub sim_high: &'static str,
    pub sim_minimums: &'static str,
    pub sim_plan: &'static str,
    pub sim_not_within: &'static str,
    /// `fit` and `reconcile` columns.
    pub lender_theirs: &'static str,
    pub lender_ours: &'static str,
    pub lender_principal_theirs: &'static str,
    pub lender_principal_ours: &'static str,
    pub lender_interest_theirs: &'static str,
    pub lender_interest_ours: &'static str,
    pub lender_lender: &'static str,
    pub lender_difference: &'static str,
    pub lender_reason: &'static str,
    pub lender_same: &'static str,
    /// Before a refusal on stderr.
    pub error_prefix: &'static str,
    /// Before a note on stderr.
    pub note_prefix: &'static str,
    /// `{path}`: another loandash holds the store's lock.
    pub waiting: &'static str,
    /// `{name}`, `{ids}`: loans that share a name, found on opening the store.
    pub shared_name: &'static str,
    /// `{ids}`: cards whose days are refused now, kept by an older store.
    pub card_days: &'static str,
    /// `{got}`, `{ours}`: a lender's installment far from the one its terms give.
    pub installment_unlike: &'static str,
    /// `add --next-due` before today: `{date}`, `{today}`, `{n}` installments past due
    /// (`_one`: one).
    pub next_due_past: &'static str,
    pub next_due_past_one: &'static str,
    /// `{path}`, `{version}`: a spinner while an older store is rewritten.
    pub migrating: &'static str,
    /// `{path}`: a spinner while a large store is saved.
    pub saving: &'static str,
    /// Progress bars.
    pub generating: &'static str,
    pub importing_loans: &'static str,
    pub importing_payments: &'static str,
    /// `--demo` refused: the command changes the store.
    pub demo_changes: &'static str,
    /// `--demo` refused: the command reads no store.
    pub demo_reads_none: &'static str,
    /// After "no credit line named …" on the command line.
    pub line_hint: &'static str,
    /// `{id}`.
    pub added_loan: &'static str,
    /// `{id}`.
    pub saved_revolving: &'static str,
    /// `{name}`, `{limit}`, `{used}`, `{available}`.
    pub line_saved: &'static str,
    /// `{name}`.
    pub line_deleted: &'static str,
    pub required_new_account: &'static str,
    pub limit_required: &'static str,
    pub line_not_saved: &'static str,
    /// `{pct}`.
    pub completeness_range: &'static str,
    pub score_date_alone: &'static str,
    /// `{amount}`, `{date}`, `{loan}`, `{due}`: `pay`'s first part.
    pub pay_paid: &'static str,
    /// `{amount}`.
    pub pay_upcoming: &'static str,
    /// `{principal}`, `{interest}`, `{mode}`.
    pub pay_prepaid: &'static str,
    /// `{balance}`.
    pub pay_balance: &'static str,
    /// Prepayment modes.
    pub mode_shorten: &'static str,
    pub mode_reduce: &'static str,
    /// `{interest}`, `{payoff}`: a loan's interest before a what-if.
    pub sim_before: &'static str,
    /// `{id}`, `{name}`, `{before}`, `{after}`, `{payoff}`, `{estimate}`.
    pub sim_loan: &'static str,
    pub sim_estimate: &'static str,
    /// `{amount}`.
    pub sim_saves_interest: &'static str,
    /// `{amount}`.
    pub sim_costs_interest: &'static str,
    /// `{loan}`, `{loan_apr}`, `{line}`, `{line_apr}`, `{amount}`, `{effect}`.
    pub sim_refinance: &'static str,
    /// `{percent}`, `{n}` months; one month and several.
    pub sim_dti_alert: &'static str,
    pub sim_dti_alert_one: &'static str,
    /// `{budget}`, `{strategy}`, `{how}`.
    pub sim_budget: &'static str,
    /// Payoff strategies and what each does.
    pub avalanche: &'static str,
    pub avalanche_how: &'static str,
    pub snowball: &'static str,
    pub snowball_how: &'static str,
    /// `{order}`.
    pub sim_cleared: &'static str,
    /// `{id}`, `{name}`, `{months}`, `{interest}`, `{payment}`, `{effect}`: the minimum-only disclosure.
    pub sim_disclosure: &'static str,
    /// `{n}`.
    pub n_months: &'static str,
    pub n_months_one: &'static str,
    pub over_100_years: &'static str,
    /// `{budget}`, `{minimum}`, `{month}`.
    pub infeasible: &'static str,
    /// `{max}`, `{got}`.
    pub gen_range: &'static str,
    /// `{counts}`, `{out}`, `{seed}`, `{as_of}`.
    pub gen_wrote: &'static str,
    /// `{n}` of a kind of record, one and several.
    pub gen_loan: &'static str,
    pub gen_loans: &'static str,
    pub gen_account: &'static str,
    pub gen_accounts: &'static str,
    pub gen_line: &'static str,
    pub gen_lines: &'static str,
    pub gen_payment: &'static str,
    pub gen_payments: &'static str,
    /// `{n}`.
    pub imported_loans: &'static str,
    pub imported_loans_one: &'static str,
    /// `{n}`.
    pub imported_payments: &'static str,
    pub imported_payments_one: &'static str,
    /// `{path}`, `{error}`.
    pub cannot_read: &'static str,
    /// `{path}`, `{problem}`.
    pub in_file: &'static str,
    /// `{path}`, `{column}`, `{columns}`.
    pub no_column: &'static str,
    /// `{path}`, `{row}`, `{column}`, `{problem}`.
    pub at_cell: &'static str,
    /// A note on one row of an imported file: `{path}`, `{row}`, `{note}`.
    pub at_row_note: &'static str,
    /// `{text}`.
    pub not_whole: &'static str,
    /// `{text}`.
    pub not_months: &'static str,
    /// `{text}`.
    pub not_row_count: &'static str,
    pub nothing_to_change: &'static str,
    /// `{path}`.
    pub not_utf8: &'static str,
    /// `{line}`, `{column}`: where in a lender's plan.
    pub plan_line_column: &'static str,
    /// `{line}`.
    pub plan_line: &'static str,
    /// `{column}`.
    pub plan_column: &'static str,
    /// `{path}`, `{problem}`.
    pub cannot_pin: &'static str,
    /// `{rows}`, and `{term}` for part of a plan; each has a `_one` twin for one row.
    pub fit_exact: &'static str,
    pub fit_exact_one: &'static str,
    pub fit_exact_part: &'static str,
    pub fit_exact_part_one: &'static str,
    /// `{matched}`, `{rows}`.
    pub fit_closest: &'static str,
    /// `{differ}`, `{rows}`; each of these four counts has a `_one` twin for one row.
    pub fit_not_added: &'static str,
    pub fit_not_added_one: &'static str,
    /// `{differ}`, `{rows}`.
    pub fit_none: &'static str,
    pub fit_none_one: &'static str,
    /// `{differ}`, `{rows}`.
    pub rows_differ: &'static str,
    pub rows_differ_one: &'static str,
    pub not_applied: &'static str,
    /// `{id}`: reconcile's verdicts.
    pub rec_match: &'static str,
    /// `{id}`, `{reasons}`.
    pub rec_explained: &'static str,
    /// `{id}`, `{differ}`, `{rows}`.
    pub rec_unexplained: &'static str,
    pub rec_unexplained_one: &'static str,
    /// `{id}`.
    pub rec_applied: &'static str,
    /// `{id}`, `{rows}`; with a `_one` twin, as has the next.
    pub rec_pinned: &'static str,
    pub rec_pinned_one: &'static str,
    /// `{id}`, `{rows}`, `{planned}`.
    pub rec_pinned_first: &'static str,
    pub rec_pinned_first_one: &'static str,
    /// `{id}`, `{theirs}` and `{ours}` (installment_n or installments_n_to_m), `{n}`,
    /// `{computed}`, `{adjusted}`.
    pub rec_pinned_last: &'static str,
    pub installment_n: &'static str,
    pub installments_n_to_m: &'static str,
    /// Between reasons.
    pub reason_sep: &'static str,
    /// `{value}`, `{why}`.
    pub early_interest_reset: &'static str,
    /// `{ids}`: loans whose kept lender's plan `export loans` leaves out.
    pub plans_not_exported: &'static str,
    /// `{id}`: `reconcile --loan ID` with no FILE and no plan kept with the loan.
    pub no_plan_kept: &'static str,
    /// `{id}`, `{start}`, `{entered}`: a plan that starts before the loan as entered.
    pub apply_starts_before: &'static str,
    /// `{id}`: `reconcile --attach`.
    pub plan_kept: &'static str,
    /// `{id}`: `reconcile --detach`, a plan dropped.
    pub plan_detached: &'static str,
    /// `{id}`: `reconcile --detach`, none kept.
    pub plan_none_to_detach: &'static str,
    /// `project-limit` columns; `{scenario}` before a scenario's own.
    pub lim_month: &'static str,
    pub lim_score: &'static str,
    pub lim_grade: &'static str,
    pub lim_limit: &'static str,
    pub lim_scenario_score: &'static str,
    pub lim_scenario_limit: &'static str,
    /// `{tag}`: the scenario detailed, when several are.
    pub lim_range: &'static str,
    pub lim_moved: &'static str,
    pub lim_not_applicable: &'static str,
    /// `{scenario}`, `{why}`.
    pub lim_not_applicable_note: &'static str,
    /// `{days}`, `{stage}`.
    pub lim_days_late: &'static str,
    pub lim_days_late_one: &'static str,
    /// `{n}`: score points.
    pub n_points_one: &'static str,
    pub n_points: &'static str,
    /// `{score}`, `{date}`, `{since}`.
    pub lim_score_since: &'static str,
    pub lim_no_change: &'static str,
    /// `{line}`, `{scenario}`, `{model}`, `{today}`.
    pub lim_about: &'static str,
    pub lim_today_too: &'static str,
    pub lim_raise: &'static str,
    /// Scenarios: `{amount}`, `{n}` days.
    pub scenario_on_time: &'static str,
    pub scenario_borrow: &'static str,
    pub scenario_prepay: &'static str,
    pub scenario_miss: &'static str,
    pub on_time_unprojected: &'static str,
    /// After a usage error.
    pub see_help: &'static str,
    /// The name of the loan a what-if borrows.
    pub sim_new_loan: &'static str,
}

const EN: Words = Words {
    lang: Language::En,
    id: "ID",
    name: "Name",
    lender: "Lender",
    balance: "Balance",
    paid: "Paid",
    next_due: "Next due",
    next_payment: "Next payment",
    apr: "APR",
    n_overdue: "! {n} overdue",
    past_pinned: "estimate after the lender's {rows} rows",
    past_pinned_one: "estimate after the lender's {rows} row",
    before_pinned: "estimate before the lender's installment {row}",
    revolving: "revolving",
    minimum: "minimum",
    no_loans: "No loans yet. Add one with `loandash add --name … --principal … --annual-rate … --term … --method …`.",
    due_date: "Due date",
    amount: "Amount",
    principal: "Principal",
    interest: "Interest",
    penalty: "Penalty",
    status: "Status",
    overdue: "! overdue",
    upcoming: "upcoming",
    settled: "paid",
    minimum_due_in: "Minimum due in {month} (每月最少还), as of {as_of}: {total}",
    due_by: "Overdue or due by {until}, as of {as_of}: {total}",
    nothing_due_by: "Nothing overdue or due by {until} (as of {as_of}).",
    status_due: "Minimum due in {month} (每月最少还)",
    overdue_items: "Overdue items",
    next_due_date: "Next due date",
    monthly_income: "Monthly income",
    credit_score: "Credit score",
    score_on: "on {date}",
    completeness: "Completeness",
    currency: "Currency",
    language: "Language",
    from_environment: "(from the environment)",
    period: "Period",
    payment: "Payment",
    kind: "Kind",
    scheduled: "scheduled",
    prepayment: "prepayment",
    schedule_totals: "Total paid {paid}  ·  principal {principal}  ·  interest {interest}  ·  annualized rate (年化) {apr} %  ·  paid off {payoff}",
    sim_baseline: "Baseline  total interest {interest}, all debt paid {payoff}",
    sim_scenario: "Scenario  total interest {interest}, all debt paid {payoff}",
    sim_saved: "Interest saved  {amount}",
    sim_added: "Interest added  {amount}",
    sim_month: "Month",
    sim_baseline_col: "Baseline",
    sim_scenario_col: "Scenario",
    sim_change: "Change",
    sim_dti: "DTI",
    sim_high: "! high",
    sim_minimums: "Minimums",
    sim_plan: "Plan",
    sim_not_within: "not within 50 years",
    lender_theirs: "Theirs",
    lender_ours: "Ours",
    lender_principal_theirs: "Principal theirs",
    lender_principal_ours: "Principal ours",
    lender_interest_theirs: "Interest theirs",
    lender_interest_ours: "Interest ours",
    lender_lender: "Lender",
    lender_difference: "Difference",
    lender_reason: "Reason",
    lender_same: "same",
    error_prefix: "error: ",
    note_prefix: "note: ",
    waiting: "waiting for another loandash to finish with {path}…",
    shared_name: "note: loans {ids} share the name {name}; names are unique now, rename them apart (e on the loan in the dashboard)",
    card_days: "note: account {ids}: its statement and due days make a statement fall due on or after the next is cut, so its dates cannot be trusted; give it days that differ, the earlier 1–27 (`revolving --name NAME --due-day D`, or e on it in the dashboard)",
    next_due_past: "note: the next due date {date} is before today ({today}): {n} installments from it are past due and show as overdue; record what was paid with `loandash pay`",
    next_due_past_one: "note: the next due date {date} is before today ({today}): {n} installment from it is past due and shows as overdue; record what was paid with `loandash pay`",
    installment_unlike: "note: the installment {got} does not agree with the {ours} these terms give; check the installment, the rate and the installments left (the schedule keeps {got})",
    migrating: "migrating {path} from version {version}…",
    saving: "saving {path}…",
    generating: "generating",
    importing_loans: "importing loans",
    importing_payments: "importing payments",
    demo_changes: "--demo: this command changes the store, and the sample store is never saved; run it without --demo (nothing was changed)",
    demo_reads_none: "--demo: this command reads no store, so the sample has nothing to stand in for; run it without --demo",
    line_hint: " (`loandash line` adds credit lines)",
    added_loan: "Added loan {id}",
    saved_revolving: "Saved revolving account {id}",
    line_saved: "Line {name}: limit {limit}, used {used}, available {available}",
    line_deleted: "Deleted line {name}",
    required_new_account: "required for a new account (an update may omit it)",
    limit_required: "required (or --delete to remove the line)",
    line_not_saved: "the line was not saved",
    completeness_range: "must be a percent from 0 to 100 (got {pct})",
    score_date_alone: "is the day of a credit score: give the score too (--score N)",
    pay_paid: "Paid {amount} on {date} to {loan}: {due} towards what was due",
    pay_upcoming: ", {amount} towards the next installment (paid early)",
    pay_prepaid: ", {principal} prepaid principal (+{interest} interest accrued, {mode})",
    pay_balance: ". Balance now {balance}.",
    mode_shorten: "shorten",
    mode_reduce: "reduce",
    sim_before: "{interest}, paid off {payoff}",
    sim_loan: "Loan {id} {name}: interest {before} → {after}, paid off {payoff}{estimate}",
    sim_estimate: " (an estimate: the lender's pinned plan, re-planned with the closest terms found)",
    sim_saves_interest: "saves {amount} in interest",
    sim_costs_interest: "costs {amount} in interest",
    sim_refinance: "Or move {loan} ({loan_apr} %) to line {line} ({line_apr} %), borrowing {amount}: {effect}",
    sim_dti_alert: "! minimum due above {percent} of monthly income in {n} months",
    sim_dti_alert_one: "! minimum due above {percent} of monthly income in {n} month",
    sim_budget: "Budget {budget} a month, {strategy} ({how}); baseline pays only the minimums.",
    avalanche: "avalanche",
    avalanche_how: "highest annual rate first",
    snowball: "snowball",
    snowball_how: "smallest balance first",
    sim_cleared: "Cleared in order: {order}",
    sim_disclosure: "{id} {name}: paying only the minimum takes {months} and costs {interest} in interest; {payment} a month clears it in 36 months and {effect}",
    n_months: "{n} months",
    n_months_one: "{n} month",
    over_100_years: "over 100 years",
    infeasible: "infeasible: a budget of {budget} is below the minimum due of {minimum} in {month}",
    gen_range: "must be a number of loans from 0 to {max} (got {got})",
    gen_wrote: "Wrote {counts} to {out} (seed {seed}, as of {as_of}; the same seed and --as-of write the same file)",
    gen_loan: "{n} loan",
    gen_loans: "{n} loans",
    gen_account: "{n} revolving account",
    gen_accounts: "{n} revolving accounts",
    gen_line: "{n} credit line",
    gen_lines: "{n} credit lines",
    gen_payment: "{n} payment",
    gen_payments: "{n} payments",
    imported_loans: "Imported {n} loans.",
    imported_loans_one: "Imported {n} loan.",
    imported_payments: "Imported {n} payments.",
    imported_payments_one: "Imported {n} payment.",
    cannot_read: "cannot read {path}: {error}",
    in_file: "{path}: {problem}",
    no_column: "{path}: no column {column}; expected columns: {columns}",
    at_cell: "{path}: row {row}, column {column}: {problem}",
    at_row_note: "{path}: row {row}: {note}",
    not_whole: "{text} is not a whole number",
    not_months: "{text} is not a whole number of months",
    not_row_count: "{text} is not a whole number of rows",
    nothing_to_change: "nothing to change: give --date, --amount or --mode",
    not_utf8: "{path}: not UTF-8 text (save the plan as UTF-8 CSV)",
    plan_line_column: "line {line}, column {column}: ",
    plan_line: "line {line}: ",
    plan_column: "column {column}: ",
    cannot_pin: "{path}: cannot pin this plan: {problem}",
    fit_exact: "These terms reproduce all {rows} rows to the cent:",
    fit_exact_one: "These terms reproduce the one row to the cent:",
    fit_exact_part: "These terms reproduce the {rows} rows given, of {term} installments, to the cent:",
    fit_exact_part_one: "These terms reproduce the {rows} row given, of {term} installments, to the cent:",
    fit_closest: "No terms reproduce every row; the closest match {matched} of {rows}:",
    fit_not_added: "not added: {differ} of {rows} rows differ (see `loandash reconcile --pin` to keep the lender's rows)",
    fit_not_added_one: "not added: {differ} of {rows} rows differs (see `loandash reconcile --pin` to keep the lender's rows)",
    fit_none: "no terms reproduce every row: {differ} of {rows} differ",
    fit_none_one: "no terms reproduce every row: {differ} of {rows} differs",
    rows_differ: "{differ} of {rows} rows differ",
    rows_differ_one: "{differ} of {rows} rows differs",
    not_applied: "not applied: no terms reproduce every row of the lender's plan",
    rec_match: "Loan {id} matches the lender's plan to the cent.",
    rec_explained: "Loan {id} differs from the lender's plan; these conventions explain every row: {reasons}.",
    rec_unexplained: "Loan {id} differs from the lender's plan, and {differ} of {rows} rows are not reproduced by any convention we know.",
    rec_unexplained_one: "Loan {id} differs from the lender's plan, and {differ} of {rows} rows is not reproduced by any convention we know.",
    rec_applied: "Applied: loan {id} now uses the lender's terms and conventions.",
    rec_pinned: "Pinned: loan {id}'s schedule is now the lender's {rows} rows; a prepayment re-plans it with the closest terms found (an estimate).",
    rec_pinned_one: "Pinned: loan {id}'s schedule is now the lender's one row; a prepayment re-plans it with the closest terms found (an estimate).",
    installment_n: "installment {n} is",
    installments_n_to_m: "installments {n} to {m} are",
    rec_pinned_first: "Pinned: loan {id}'s first {rows} installments are now the lender's rows; {planned} planned from the lender's balance with the closest terms found (an estimate), as is a re-plan after a prepayment.",
    rec_pinned_first_one: "Pinned: loan {id}'s first installment is now the lender's row; {planned} planned from the lender's balance with the closest terms found (an estimate), as is a re-plan after a prepayment.",
    rec_pinned_last: "Pinned: loan {id}'s {theirs} now the lender's rows; {ours} ours with the closest terms found, not shown in the plan (an estimate), installment {n}'s principal {computed} → {adjusted} to leave the balance the lender's rows start from.",
    reason_sep: "; ",
    early_interest_reset: "--early-interest is {value} again: {why}",
    plans_not_exported: "the lender's plans kept with {ids} are not in the CSV: after an import, keep them again with `loandash reconcile --loan ID FILE --attach`",
    no_plan_kept: "loan {id} has no lender's plan kept with it: give the plan FILE (with --attach to keep it)",
    apply_starts_before: "--apply: the lender's plan starts {start}, before loan {id} as entered ({entered}); applied, the installments before {entered} would be due again, unpaid. Nothing was changed: add the loan from its original terms with --paid instead",
    plan_kept: "the plan is kept with loan {id}: `loandash reconcile --loan {id}` compares against it, --detach drops it",
    plan_detached: "Loan {id}: the lender's plan kept with it is dropped.",
    plan_none_to_detach: "Loan {id} had no lender's plan kept with it; nothing changed.",
    lim_month: "Month",
    lim_score: "Score",
    lim_grade: "Grade",
    lim_limit: "Limit",
    lim_scenario_score: "{scenario} score",
    lim_scenario_limit: "{scenario} limit",
    lim_range: "Range{tag}",
    lim_moved: "What moved it since today{tag}",
    lim_not_applicable: "not applicable",
    lim_not_applicable_note: "Scenario {scenario} is not applicable: {why}.",
    lim_days_late: "! {days} days late ({stage})",
    lim_days_late_one: "! {days} day late ({stage})",
    n_points_one: "{n} point",
    n_points: "{n} points",
    lim_score_since: "Score {score} on {date} (the profile's); since then: {since}.",
    lim_no_change: "no change",
    lim_about: "Line {line}, scenario {scenario}, model {model}. Every figure is an estimate{today}.",
    lim_today_too: " (today's score too: the profile has none)",
    lim_raise: "What would raise it most:",
    scenario_on_time: "on-time",
    scenario_borrow: "borrow:{amount}",
    scenario_prepay: "prepay:{amount}",
    scenario_miss: "miss:{n}",
    on_time_unprojected: "paying on time cannot be projected",
    see_help: " (see --help)",
    sim_new_loan: "new loan",
};

const ZH: Words = Words {
    lang: Language::Zh,
    id: "编号",
    name: "名称",
    lender: "机构",
    balance: "剩余本金",
    paid: "已还",
    next_due: "下次还款日",
    next_payment: "下次应还",
    apr: "年化",
    n_overdue: "! 逾期 {n} 期",
    past_pinned: "机构 {rows} 行之后为估算",
    past_pinned_one: "机构 {rows} 行之后为估算",
    before_pinned: "机构第 {row} 期之前为估算",
    revolving: "循环额度",
    minimum: "最低还款",
    no_loans: "还没有贷款。用 `loandash add --name … --principal … --annual-rate … --term … --method …` 添加。",
    due_date: "应还日期",
    amount: "金额",
    principal: "本金",
    interest: "利息",
    penalty: "罚息",
    status: "状态",
    overdue: "! 逾期",
    upcoming: "待还",
    settled: "已还清",
    minimum_due_in: "{month} 每月最少还（截至 {as_of}）：{total}",
    due_by: "逾期或 {until} 前应还（截至 {as_of}）：{total}",
    nothing_due_by: "没有逾期，{until} 前也无应还（截至 {as_of}）。",
    status_due: "{month} 每月最少还",
    overdue_items: "逾期笔数",
    next_due_date: "下次还款日",
    monthly_income: "月收入",
    credit_score: "信用分",
    score_on: "{date} 记录",
    completeness: "资料完整度",
    currency: "币种",
    language: "语言",
    from_environment: "（取自环境变量）",
    period: "期数",
    payment: "应还金额",
    kind: "类型",
    scheduled: "按期",
    prepayment: "提前还款",
    schedule_totals: "共还 {paid}  ·  本金 {principal}  ·  利息 {interest}  ·  年化 {apr} %  ·  还清于 {payoff}",
    sim_baseline: "现状    总利息 {interest}，全部还清于 {payoff}",
    sim_scenario: "情景    总利息 {interest}，全部还清于 {payoff}",
    sim_saved: "节省利息  {amount}",
    sim_added: "增加利息  {amount}",
    sim_month: "月份",
    sim_baseline_col: "现状",
    sim_scenario_col: "情景",
    sim_change: "变化",
    sim_dti: "负债收入比",
    sim_high: "! 偏高",
    sim_minimums: "最低还款",
    sim_plan: "计划",
    sim_not_within: "50 年内还不清",
    lender_theirs: "机构应还",
    lender_ours: "本应用应还",
    lender_principal_theirs: "机构本金",
    lender_principal_ours: "本应用本金",
    lender_interest_theirs: "机构利息",
    lender_interest_ours: "本应用利息",
    lender_lender: "机构",
    lender_difference: "差额",
    lender_reason: "原因",
    lender_same: "一致",
    error_prefix: "错误：",
    note_prefix: "提示：",
    waiting: "正在等待另一个 loandash 用完 {path}…",
    shared_name: "注意：借款 {ids} 同名 {name}；名称现须唯一，请改名区分（在总览中选中借款按 e）",
    card_days: "注意：账户 {ids} 的账单日与还款日会使账单在下一期账单日当天或之后才到期，其日期不可靠；请设为不同的两天，较早的在 1–27 日（`revolving --name 名称 --due-day D`，或在总览中选中后按 e）",
    next_due_past: "注意：下次还款日 {date} 早于今天（{today}）：自该日起已有 {n} 期到期，将显示为逾期；已还的请用 `loandash pay` 记录",
    next_due_past_one: "注意：下次还款日 {date} 早于今天（{today}）：自该日起已有 {n} 期到期，将显示为逾期；已还的请用 `loandash pay` 记录",
    installment_unlike: "注意：每期还款额 {got} 与按这些条款算出的 {ours} 不符；请核对每期还款额、利率和剩余期数（还款计划按 {got} 计）",
    migrating: "正在把 {path} 从版本 {version} 升级…",
    saving: "正在保存 {path}…",
    generating: "正在生成",
    importing_loans: "正在导入贷款",
    importing_payments: "正在导入还款",
    demo_changes: "--demo：此命令会修改数据，而示例数据从不保存；请去掉 --demo 再运行（未做任何修改）",
    demo_reads_none: "--demo：此命令不读取数据，示例数据无从替代；请去掉 --demo 再运行",
    line_hint: "（用 `loandash line` 添加额度）",
    added_loan: "已添加贷款 {id}",
    saved_revolving: "已保存循环额度账户 {id}",
    line_saved: "额度 {name}：总额度 {limit}，已用 {used}，可用 {available}",
    line_deleted: "已删除额度 {name}",
    required_new_account: "新账户必填（更新已有账户时可省略）",
    limit_required: "必填（或用 --delete 删除此额度）",
    line_not_saved: "额度未能保存",
    completeness_range: "须为 0 到 100 的百分比（收到 {pct}）",
    score_date_alone: "是信用分的记录日期：请同时给出分数（--score N）",
    pay_paid: "{date} 向 {loan} 还款 {amount}：{due} 用于已到期款项",
    pay_upcoming: "，{amount} 用于下一期（提前还当期）",
    pay_prepaid: "，{principal} 提前还本金（另付已计利息 {interest}，{mode}）",
    pay_balance: "。剩余本金 {balance}。",
    mode_shorten: "缩短期限",
    mode_reduce: "减少月供",
    sim_before: "{interest}，还清于 {payoff}",
    sim_loan: "贷款 {id} {name}：利息 {before} → {after}，还清于 {payoff}{estimate}",
    sim_estimate: "（估算：机构的还款计划按找到的最接近条款重新规划）",
    sim_saves_interest: "节省利息 {amount}",
    sim_costs_interest: "多付利息 {amount}",
    sim_refinance: "或把 {loan}（{loan_apr} %）转到额度 {line}（{line_apr} %），借 {amount}：{effect}",
    sim_dti_alert: "! 有 {n}个月的最低还款超过月收入的 {percent}",
    sim_dti_alert_one: "! 有 {n}个月的最低还款超过月收入的 {percent}",
    sim_budget: "每月预算 {budget}，{strategy}（{how}）；现状只还最低还款。",
    avalanche: "雪崩法",
    avalanche_how: "年化利率最高的先还",
    snowball: "雪球法",
    snowball_how: "余额最小的先还",
    sim_cleared: "还清顺序：{order}",
    sim_disclosure: "{id} {name}：只还最低还款需 {months}，利息 {interest}；每月还 {payment} 可在36个月内还清，{effect}",
    n_months: "{n}个月",
    n_months_one: "{n}个月",
    over_100_years: "超过 100 年",
    infeasible: "做不到：预算 {budget} 低于 {month} 的最低还款 {minimum}",
    gen_range: "须为 0 到 {max} 的贷款笔数（收到 {got}）",
    gen_wrote: "已写入 {counts} 到 {out}（种子 {seed}，截至 {as_of}；相同的种子和 --as-of 写出相同的文件）",
    gen_loan: "{n} 笔贷款",
    gen_loans: "{n} 笔贷款",
    gen_account: "{n} 个循环额度账户",
    gen_accounts: "{n} 个循环额度账户",
    gen_line: "{n} 个额度",
    gen_lines: "{n} 个额度",
    gen_payment: "{n} 笔还款",
    gen_payments: "{n} 笔还款",
    imported_loans: "已导入 {n} 笔贷款。",
    imported_loans_one: "已导入 {n} 笔贷款。",
    imported_payments: "已导入 {n} 笔还款。",
    imported_payments_one: "已导入 {n} 笔还款。",
    cannot_read: "无法读取 {path}：{error}",
    in_file: "{path}：{problem}",
    no_column: "{path}：没有 {column} 列；应有的列：{columns}",
    at_cell: "{path}：第 {row} 行，{column} 列：{problem}",
    at_row_note: "{path}：第 {row} 行：{note}",
    not_whole: "{text} 不是整数",
    not_months: "{text} 不是整月数",
    not_row_count: "{text} 不是整行数",
    nothing_to_change: "没有要修改的内容：请给出 --date、--amount 或 --mode",
    not_utf8: "{path}：不是 UTF-8 文本（请把计划另存为 UTF-8 编码的 CSV）",
    plan_line_column: "第 {line} 行，{column} 列：",
    plan_line: "第 {line} 行：",
    plan_column: "{column} 列：",
    cannot_pin: "{path}：无法固定此计划：{problem}",
    fit_exact: "以下条款逐分重现全部 {rows} 行：",
    fit_exact_one: "以下条款逐分重现全部 {rows} 行：",
    fit_exact_part: "以下条款逐分重现所给的 {rows} 行（共 {term} 期）：",
    fit_exact_part_one: "以下条款逐分重现所给的 {rows} 行（共 {term} 期）：",
    fit_closest: "没有条款能重现每一行；最接近的重现了 {rows} 行中的 {matched} 行：",
    fit_not_added: "未添加：{rows} 行中有 {differ} 行不同（要保留机构的各行，见 `loandash reconcile --pin`）",
    fit_not_added_one: "未添加：{rows} 行中有 {differ} 行不同（要保留机构的各行，见 `loandash reconcile --pin`）",
    fit_none: "没有条款能重现每一行：{rows} 行中有 {differ} 行不同",
    fit_none_one: "没有条款能重现每一行：{rows} 行中有 {differ} 行不同",
    rows_differ: "{rows} 行中有 {differ} 行不同",
    rows_differ_one: "{rows} 行中有 {differ} 行不同",
    not_applied: "未应用：没有条款能重现机构计划的每一行",
    rec_match: "贷款 {id} 与机构的还款计划逐分一致。",
    rec_explained: "贷款 {id} 与机构的还款计划不同；以下约定解释了每一行：{reasons}。",
    rec_unexplained: "贷款 {id} 与机构的还款计划不同，{rows} 行中有 {differ} 行无法用已知的任何约定重现。",
    rec_unexplained_one: "贷款 {id} 与机构的还款计划不同，{rows} 行中有 {differ} 行无法用已知的任何约定重现。",
    rec_applied: "已应用：贷款 {id} 现在使用机构的条款和约定。",
    rec_pinned: "已固定：贷款 {id} 的还款计划现为机构的 {rows} 行；提前还款时按找到的最接近条款重新规划（估算）。",
    rec_pinned_one: "已固定：贷款 {id} 的还款计划现为机构的 {rows} 行；提前还款时按找到的最接近条款重新规划（估算）。",
    installment_n: "第 {n} 期",
    installments_n_to_m: "第 {n} 至 {m} 期",
    rec_pinned_first: "已固定：贷款 {id} 的前 {rows} 期现为机构的各行；{planned}按找到的最接近条款从机构的余额规划（估算），提前还款后的重新规划亦然。",
    rec_pinned_first_one: "已固定：贷款 {id} 的前 {rows} 期现为机构的各行；{planned}按找到的最接近条款从机构的余额规划（估算），提前还款后的重新规划亦然。",
    rec_pinned_last: "已固定：贷款 {id} 的{theirs}现为机构的各行；{ours}计划未列出，按找到的最接近条款由我们计算（估算），第 {n} 期本金 {computed} → {adjusted}，以留下机构各行起始时的余额。",
    reason_sep: "；",
    early_interest_reset: "--early-interest 已恢复为 {value}：{why}",
    plans_not_exported: "与 {ids} 一同保存的机构还款计划不在 CSV 中：导入后请用 `loandash reconcile --loan ID FILE --attach` 重新保存",
    no_plan_kept: "贷款 {id} 没有保存机构的还款计划：请给出计划文件 FILE（加 --attach 可保存）",
    apply_starts_before: "--apply：机构的还款计划始于 {start}，早于贷款 {id} 录入的起始日（{entered}）；应用后 {entered} 之前各期会重新到期且未还。未做任何更改：请改用最初条款加 --paid 录入该贷款",
    plan_kept: "还款计划已与贷款 {id} 一同保存：`loandash reconcile --loan {id}` 将与之比对，--detach 删除它",
    plan_detached: "贷款 {id}：已删除与之保存的机构还款计划。",
    plan_none_to_detach: "贷款 {id} 没有保存机构的还款计划；未做修改。",
    lim_month: "月份",
    lim_score: "信用分",
    lim_grade: "等级",
    lim_limit: "额度",
    lim_scenario_score: "{scenario} 信用分",
    lim_scenario_limit: "{scenario} 额度",
    lim_range: "区间{tag}",
    lim_moved: "较今天的变化来源{tag}",
    lim_not_applicable: "不适用",
    lim_not_applicable_note: "情景 {scenario} 不适用：{why}。",
    lim_days_late: "! 逾期 {days}天（{stage}）",
    lim_days_late_one: "! 逾期 {days}天（{stage}）",
    n_points_one: "{n} 分",
    n_points: "{n} 分",
    lim_score_since: "信用分 {score}（{date}，取自资料）；此后：{since}。",
    lim_no_change: "没有变化",
    lim_about: "额度 {line}，情景 {scenario}，模型 {model}。所有数字均为估算{today}。",
    lim_today_too: "（今天的信用分也是：资料中没有记录）",
    lim_raise: "最能提高额度的做法：",
    scenario_on_time: "按时还款",
    scenario_borrow: "借款 {amount}",
    scenario_prepay: "提前还款 {amount}",
    scenario_miss: "逾期 {n}天",
    on_time_unprojected: "无法推算按时还款的情形",
    see_help: "（见 --help）",
    sim_new_loan: "新贷款",
};

/// The words for `lang`.
pub fn words(lang: Language) -> &'static Words {
    match lang {
        Language::En => &EN,
        Language::Zh => &ZH,
    }
}

/// A message said in both languages; the one the user reads is picked when it is printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    en: String,
    zh: String,
}

impl Said {
    /// The message `say` words in each language.
    pub fn new(say: impl Fn(&'static Words, Language) -> String) -> Said {
        Said {
            en: say(&EN, Language::En),
            zh: say(&ZH, Language::Zh),
        }
    }

    /// The message in `lang`.
    pub fn render(&self, lang: Language) -> &str {
        match lang {
            Language::En => &self.en,
            Language::Zh => &self.zh,
        }
    }

    /// The same message as a field's problem.
    pub fn problem(&self) -> crate::engine::error::Problem {
        crate::engine::error::Problem::Said {
            en: self.en.clone(),
            zh: self.zh.clone(),
        }
    }
}

impl std::error::Error for Said {}

impl std::fmt::Display for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language::{fill, one_or_many};

    /// One reads "1 month", "1 day late", "Imported 1 loan." (they said "1 months").
    #[test]
    fn every_english_count_has_its_singular() {
        crate::language::assert_every_count_has_its_singular(&EN);
    }

    #[test]
    fn counts_of_one_take_the_singular_whatever_their_integer_type() {
        let w = words(Language::En);
        let say = |n: i64, template| fill(template, &[("n", &n.to_string())]);
        assert_eq!(
            say(1, one_or_many(1_i64, w.n_months_one, w.n_months)),
            "1 month"
        );
        assert_eq!(
            say(2, one_or_many(2_u32, w.n_months_one, w.n_months)),
            "2 months"
        );
        assert_eq!(
            say(0, one_or_many(0_usize, w.n_months_one, w.n_months)),
            "0 months"
        );
        // A negative count is never "one" (-1 days reads as a plural in English too).
        assert_eq!(
            one_or_many(-1_i64, w.lim_days_late_one, w.lim_days_late),
            w.lim_days_late
        );
    }
}
