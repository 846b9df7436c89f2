//! `loandash fit` and `loandash reconcile`: a lender's plan against our schedule.

use super::CliError;
use super::output::{self, Column, Format, Table};
use super::schedule_cmd::AmountsJson;
use super::words::{Said, Words, words};
use crate::engine::error::Problem;
use crate::engine::field::Field;
use crate::engine::loan::{LoanTerms, Method, Rate};
use crate::engine::money::{cents, grouped};
use crate::engine::schedule::Row;
use crate::language::Language;
use crate::language::{fill, one_or_many};
use crate::lender::fit::{self, Difference, Fit};
use crate::lender::plan::{self, LastRowsPin, MAX_PLAN_BYTES, Plan, PlanRow};
use crate::lender::reconcile::{self, Part, Reconciliation, RowCheck, Verdict};
use crate::store::{AttachedPlan, Loan, Store};
use chrono::NaiveDate;
use clap::Args;
use rust_decimal::Decimal;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// `loandash fit`: the terms that reproduce a lender's plan.
#[derive(Debug, Args)]
pub struct FitArgs {
    /// The lender's plan: a CSV file or a table pasted from its app (`-` reads stdin).
    pub file: PathBuf,
    /// Add the loan to the store when the fit is exact.
    #[arg(long, requires = "name")]
    pub add: bool,
    /// Name of the loan to add (with --add; also shown in the printed command).
    #[arg(long)]
    pub name: Option<String>,
    /// Who lent it (with --add).
    #[arg(long, default_value = "")]
    pub lender: String,
    /// The whole plan's number of installments, when the file holds only its first rows.
    #[arg(long, value_parser = super::term, value_name = "N")]
    pub term: Option<u32>,
}

/// Read and parse a plan file, naming the file in any error; `term` is `--term`, the whole
/// plan's number of installments.
pub fn read_plan(file: &Path, term: Option<u32>) -> Result<Plan, CliError> {
    let cannot = |e: std::io::Error| {
        let ours = e.get_ref().is_some_and(|r| r.is::<crate::store::Refused>());
        let path = file.display().to_string();
        CliError::Plan(Said::new(|w, lang| {
            if e.kind() == std::io::ErrorKind::InvalidData && !ours {
                return fill(w.not_utf8, &[("path", &path)]);
            }
            let error = crate::store::io_text(&e, lang);
            fill(w.cannot_read, &[("path", &path), ("error", &error)])
        }))
    };
    let text = if file == Path::new("-") {
        let mut text = String::new();
        std::io::Read::read_to_string(
            &mut std::io::Read::take(std::io::stdin(), MAX_PLAN_BYTES + 1),
            &mut text,
        )
        .map_err(cannot)?;
        if text.len() as u64 > MAX_PLAN_BYTES {
            return Err(cannot(std::io::Error::other(
                crate::store::Refused::TooLarge(MAX_PLAN_BYTES),
            )));
        }
        text
    } else {
        crate::store::read_text_capped(file, MAX_PLAN_BYTES).map_err(cannot)?
    };
    plan::parse_with_term(&text, term).map_err(|e| {
        let path = file.display().to_string();
        CliError::Plan(Said::new(|w, lang| {
            let (line, column) = (e.line.map(|l| l.to_string()), e.column.as_deref());
            let at = match (&line, column) {
                (Some(line), Some(column)) => {
                    fill(w.plan_line_column, &[("line", line), ("column", column)])
                }
                (Some(line), None) => fill(w.plan_line, &[("line", line)]),
                (None, Some(column)) => fill(w.plan_column, &[("column", column)]),
                (None, None) => String::new(),
            };
            let problem = at + &e.problem.render(lang);
            fill(w.in_file, &[("path", &path), ("problem", &problem)])
        }))
    })
}

#[derive(Serialize)]
pub(crate) struct TermsJson {
    #[serde(with = "cents")]
    principal: Decimal,
    method: String,
    annual_rate: Option<String>,
    daily_rate: Option<String>,
    fee_rate: Option<String>,
    term: u32,
    start: NaiveDate,
    day_count: String,
    first_due: Option<NaiveDate>,
    due_day: Option<u32>,
    installment: Option<String>,
    rounding: String,
    remainder: String,
    rate_changes: Vec<RateChangeJson>,
}

#[derive(Serialize)]
struct RateChangeJson {
    date: NaiveDate,
    rate: String,
}

pub(crate) fn terms_json(terms: &LoanTerms) -> TermsJson {
    let (annual, daily) = match (terms.method, terms.rate) {
        (Method::FlatFee, _) => (None, None),
        (_, Rate::Annual(a)) => (Some(a.normalize().to_string()), None),
        (_, Rate::Daily(d)) => (None, Some(d.normalize().to_string())),
    };
    let c = &terms.conventions;
    TermsJson {
        principal: terms.principal,
        method: terms.method.to_string(),
        annual_rate: annual,
        daily_rate: daily,
        fee_rate: (terms.method == Method::FlatFee).then(|| terms.fee_rate.normalize().to_string()),
        term: terms.term,
        start: terms.start,
        day_count: terms.day_count.to_string(),
        first_due: c.first_due,
        due_day: c.due_day,
        installment: c.installment.map(crate::engine::money::plain),
        rounding: c.rounding.to_string(),
        remainder: c.remainder.to_string(),
        rate_changes: c
            .rate_changes
            .iter()
            .map(|r| RateChangeJson {
                date: r.date,
                rate: r.rate.normalize().to_string(),
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct DifferenceJson {
    period: u32,
    due_date: NaiveDate,
    theirs: AmountsJson,
    ours: Option<AmountsJson>,
    ours_due_date: Option<NaiveDate>,
}

fn difference_json(d: &Difference) -> DifferenceJson {
    DifferenceJson {
        period: d.theirs.period,
        due_date: d.theirs.due_date,
        theirs: AmountsJson {
            payment: d.theirs.payment,
            principal: d.theirs.principal,
            interest: d.theirs.interest,
        },
        ours: d.ours.as_ref().map(AmountsJson::from),
        ours_due_date: d.ours.as_ref().map(|r| r.due_date),
    }
}

#[derive(Serialize)]
struct FitJson {
    exact: bool,
    rows: usize,
    matched: usize,
    terms: TermsJson,
    command: String,
    differing: Vec<DifferenceJson>,
    added: Option<String>,
}

/// Run `loandash fit`; `store` is opened only for `--add`.
pub fn run_fit(
    args: &FitArgs,
    open_store: impl FnOnce() -> Result<Store, CliError>,
    format: Format,
    w: &Words,
) -> Result<(), CliError> {
    let plan = read_plan(&args.file, args.term)?;
    // The plan is the FILE argument, not a flag: say which file fits nothing.
    let found = fit::fit(&plan).map_err(|e| {
        let path = args.file.display().to_string();
        CliError::Plan(Said::new(move |w, lang| {
            let problem = e.problem.render(lang);
            fill(w.in_file, &[("path", &path), ("problem", &problem)])
        }))
    })?;
    let name = args.name.clone().unwrap_or_else(|| "NAME".to_string());
    let command = fit::add_command(&found.terms, &name);
    let added = match (args.add, found.exact()) {
        (true, true) => {
            let mut store = open_store()?;
            let id = store.data().next_id("L");
            store.data_mut().upsert_loan(Loan::with_terms(
                id.clone(),
                name.trim().to_string(),
                args.lender.clone(),
                &found.terms,
            ));
            super::progress::save(&mut store)?;
            Some(id)
        }
        _ => None,
    };
    let text = match format {
        Format::Json => output::json(&FitJson {
            exact: found.exact(),
            rows: plan.rows.len(),
            matched: found.matched,
            terms: terms_json(&found.terms),
            command: command.clone(),
            differing: found.differing.iter().map(difference_json).collect(),
            added: added.clone(),
        }),
        Format::Csv => differences_csv(&found)?,
        Format::Table => fit_table(&found, plan.rows.len(), &command, added.as_deref(), w),
    };
    output::print(&text)?;
    match (found.exact(), args.add) {
        (true, _) => Ok(()),
        (false, add) => {
            let n = found.differing.len();
            let (differ, rows) = (n.to_string(), plan.rows.len().to_string());
            Err(CliError::Mismatch(Said::new(|w, _| {
                let template = match add {
                    true => one_or_many(n, w.fit_not_added_one, w.fit_not_added),
                    false => one_or_many(n, w.fit_none_one, w.fit_none),
                };
                fill(template, &[("differ", &differ), ("rows", &rows)])
            })))
        }
    }
}

fn differences_csv(found: &Fit) -> std::io::Result<String> {
    output::csv(
        &[
            "period",
            "due_date",
            "their_payment",
            "their_principal",
            "their_interest",
            "our_due_date",
            "our_payment",
            "our_principal",
            "our_interest",
        ],
        found.differing.iter().map(|d| {
            let ours = |f: fn(&Row) -> String| d.ours.as_ref().map(f).unwrap_or_default();
            vec![
                d.theirs.period.to_string(),
                d.theirs.due_date.to_string(),
                crate::engine::money::plain(d.theirs.payment),
                crate::engine::money::plain(d.theirs.principal),
                crate::engine::money::plain(d.theirs.interest),
                ours(|r| r.due_date.to_string()),
                ours(|r| crate::engine::money::plain(r.payment)),
                ours(|r| crate::engine::money::plain(r.principal)),
                ours(|r| crate::engine::money::plain(r.interest)),
            ]
        }),
    )
}

fn fit_table(found: &Fit, rows: usize, command: &str, added: Option<&str>, w: &Words) -> String {
    let term = found.terms.installments();
    let part = usize::try_from(term).is_ok_and(|term| term > rows);
    let (exact, exact_part) = (
        one_or_many(rows, w.fit_exact_one, w.fit_exact),
        one_or_many(rows, w.fit_exact_part_one, w.fit_exact_part),
    );
    let rows = rows.to_string();
    let mut out = if found.exact() && part {
        // Part of a longer plan: say so, not "all".
        let term = term.to_string();
        fill(exact_part, &[("rows", &rows), ("term", &term)])
    } else if found.exact() {
        fill(exact, &[("rows", &rows)])
    } else {
        let matched = found.matched.to_string();
        fill(w.fit_closest, &[("matched", &matched), ("rows", &rows)])
    };
    out.push_str(&format!("\n  {command}\n"));
    if let Some(id) = added {
        out.push_str(&(fill(w.added_loan, &[("id", id)]) + "\n"));
    }
    if !found.exact() {
        // Ours beside each of theirs: "—" where our schedule has no such row.
        let ours = |amount: fn(&Row) -> Decimal| {
            move |d: &Difference| {
                (d.ours.as_ref()).map_or_else(|| "—".into(), |r| grouped(amount(r)))
            }
        };
        let table = Table::of(
            &found.differing,
            &[
                Column::right(w.period, |d: &Difference| d.theirs.period.to_string()),
                Column::left(w.due_date, |d: &Difference| d.theirs.due_date.to_string()),
                Column::money(w.lender_theirs, |d: &Difference| d.theirs.payment),
                Column::right(w.lender_ours, ours(|r| r.payment)),
                Column::money(w.lender_principal_theirs, |d: &Difference| {
                    d.theirs.principal
                }),
                Column::right(w.lender_principal_ours, ours(|r| r.principal)),
                Column::money(w.lender_interest_theirs, |d: &Difference| d.theirs.interest),
                Column::right(w.lender_interest_ours, ours(|r| r.interest)),
            ],
        );
        out.push_str(&table.render());
    }
    out
}

/// `loandash reconcile`: a loan's schedule against its lender's plan, row by row.
#[derive(Debug, Args)]
pub struct ReconcileArgs {
    /// The loan's id, e.g. L3.
    #[arg(long = "loan", value_name = "ID")]
    pub loan: String,
    /// The lender's plan: a CSV file or a pasted table (`-` reads stdin); left out, the
    /// plan kept with the loan (--attach).
    pub file: Option<PathBuf>,
    /// Keep the plan with the loan (replacing any kept before), so `reconcile --loan ID`
    /// and the dashboard compare against it from now on.
    #[arg(long, requires = "file")]
    pub attach: bool,
    /// Drop the plan kept with the loan.
    #[arg(long, conflicts_with_all = ["file", "attach", "apply", "pin"])]
    pub detach: bool,
    /// The whole plan's number of installments, when FILE holds only its first rows.
    #[arg(long, requires = "file", value_parser = super::term, value_name = "N")]
    pub term: Option<u32>,
    /// Switch the loan to the terms and conventions that reproduce the plan (when they do).
    #[arg(long, conflicts_with = "pin")]
    pub apply: bool,
    /// Keep the lender's rows as the loan's schedule when no convention reproduces them
    /// (when one does, its conventions are applied instead, as --apply).
    #[arg(long)]
    pub pin: bool,
}

/// A row's amounts in `reconcile`: `fit`'s, and the balance after it (`null` where the
/// lender's plan shows none).
#[derive(Serialize)]
struct RowAmountsJson {
    #[serde(flatten)]
    amounts: AmountsJson,
    balance: Option<String>,
}

#[derive(Serialize)]
struct CheckJson {
    period: u32,
    due_date: NaiveDate,
    theirs: RowAmountsJson,
    ours: Option<RowAmountsJson>,
    ours_due_date: Option<NaiveDate>,
    difference: Option<RowAmountsJson>,
    matches: bool,
    reason: Option<String>,
}

#[derive(Serialize)]
struct ReconcileJson {
    loan: String,
    verdict: &'static str,
    rows: Vec<CheckJson>,
    reasons: Vec<String>,
    lender_terms: TermsJson,
    command: String,
    applied: bool,
    pinned: bool,
    attached: bool,
}

/// Run `loandash reconcile`.
pub fn run_reconcile(
    store: &mut Store,
    args: &ReconcileArgs,
    format: Format,
    lang: Language,
) -> Result<(), CliError> {
    let w = words(lang);
    let Some(index) = store.data().loans.iter().position(|l| l.id == args.loan) else {
        return Err(crate::engine::loan::FieldError::typed(
            Field::Loan,
            crate::engine::error::Problem::NoSuchLoan {
                id: args.loan.clone(),
                see_list: true,
            },
        )
        .into());
    };
    if args.detach {
        return detach_plan(store, index, format, lang);
    }
    let loan = store.data().loans[index].clone();
    let (plan, source) = match (&args.file, &loan.plan) {
        (Some(file), _) => (read_plan(file, args.term)?, file.display().to_string()),
        (None, Some(kept)) => (kept.plan.clone(), kept.source.clone()),
        (None, None) => {
            let id = loan.id.clone();
            return Err(CliError::Input(Said::new(move |w, _| {
                fill(w.no_plan_kept, &[("id", &id)])
            })));
        }
    };
    if args.attach {
        store.data_mut().loans[index].plan = Some(AttachedPlan {
            source: match &args.file {
                Some(file) => kept_source(file),
                None => source.clone(),
            },
            plan: plan.clone(),
        });
    }
    let result = reconcile::reconcile(&loan.terms(), &plan);
    let verdict = result.verdict();
    let applied = (args.apply || args.pin) && verdict == Verdict::Explained;
    if applied && result.starts_before(&loan.terms()) {
        let (id, start, entered) = (loan.id.clone(), result.fit.terms.start, loan.start);
        return Err(CliError::Input(Said::new(move |w, _| {
            let (start, entered) = (start.to_string(), entered.to_string());
            fill(
                w.apply_starts_before,
                &[("id", &id), ("start", &start), ("entered", &entered)],
            )
        })));
    }
    let pinned = args.pin && verdict == Verdict::Unexplained;
    let mut last_rows = None;
    if applied || pinned {
        let mut terms = result.fit.terms.clone();
        if pinned {
            // The rows are the lender's; the closest terms found re-plan it after a prepayment
            // and, for a plan's first rows, plan the installments after them.
            let cannot_pin = |problem: Problem| {
                let path = source.clone();
                CliError::Plan(Said::new(move |w, lang| {
                    let problem = problem.render(lang);
                    fill(w.cannot_pin, &[("path", &path), ("problem", &problem)])
                }))
            };
            // Taken for the whole plan, rows that stop short would shrink the loan to what
            // they repay.
            let left = plan.rows.last().and_then(|r| r.balance);
            if let Some(left) = left.filter(|l| plan.term.is_none() && !l.is_zero()) {
                return Err(cannot_pin(Problem::PinnedNotWhole { left }));
            }
            let mut input = crate::engine::loan::LoanInput::from(&terms);
            match plan.rows.first().is_some_and(|r| r.period > 1) {
                true => {
                    let pin = plan.pin_after_ours(&terms).map_err(cannot_pin)?;
                    input.conventions.pinned = pin.rows.clone();
                    input.conventions.estimated = pin.estimated;
                    last_rows = Some(pin);
                }
                false => input.conventions.pinned = plan.pinned_rows(),
            }
            terms = LoanTerms::new(&input).map_err(|e| cannot_pin(e.problem))?;
        }
        // The plan says nothing of what paying early costs: the loan's choice stays, unless
        // the lender's terms no longer run interest on actual days.
        if let Some(reset) = store.data_mut().reterm_loan(&loan.id, &terms) {
            let value = crate::engine::loan::EarlyInterest::default().to_string();
            eprintln!(
                "{}{}",
                w.note_prefix,
                fill(
                    w.early_interest_reset,
                    &[("value", &value), ("why", &reset.problem.render(lang))]
                )
            );
        }
    }
    if applied || pinned || args.attach {
        super::progress::save(store)?;
    }
    if args.attach {
        eprintln!(
            "{}{}",
            w.note_prefix,
            fill(w.plan_kept, &[("id", &loan.id)])
        );
    }
    let command = fit::add_command(&result.fit.terms, &loan.name);
    let text = match format {
        Format::Json => output::json(&ReconcileJson {
            loan: loan.id.clone(),
            verdict: verdict.as_str(),
            rows: result.rows.iter().map(check_json).collect(),
            reasons: result
                .reasons
                .iter()
                .map(|r| r.render(Language::En))
                .collect(),
            lender_terms: terms_json(&result.fit.terms),
            command,
            applied,
            pinned,
            attached: args.attach,
        }),
        Format::Csv => output::csv(
            &[
                "period",
                "due_date",
                "their_payment",
                "our_payment",
                "difference",
                "reason",
                "principal_difference",
                "interest_difference",
                "balance_difference",
            ],
            result.rows.iter().map(|c| {
                let plain = crate::engine::money::plain;
                let theirs = &c.theirs;
                let ours = |f: &dyn Fn(&Row) -> Option<String>| {
                    c.ours.as_ref().and_then(f).unwrap_or_default()
                };
                vec![
                    theirs.period.to_string(),
                    theirs.due_date.to_string(),
                    plain(theirs.payment),
                    ours(&|o| Some(plain(o.payment))),
                    ours(&|o| Some(plain(theirs.payment - o.payment))),
                    c.reason(Language::En).unwrap_or_default(),
                    ours(&|o| Some(plain(theirs.principal - o.principal))),
                    ours(&|o| Some(plain(theirs.interest - o.interest))),
                    ours(&|o| theirs.balance.map(|b| plain(b - o.balance))),
                ]
            }),
        )?,
        Format::Table => reconcile_table(
            &loan.id,
            &result,
            applied,
            pinned.then_some(last_rows.as_ref()),
            lang,
        ),
    };
    output::print(&text)?;
    match (verdict, applied || pinned, args.apply) {
        (Verdict::Match, _, _) | (_, true, _) => Ok(()),
        (_, false, true) => Err(CliError::Mismatch(Said::new(|w, _| w.not_applied.into()))),
        _ => {
            let n = result.rows.iter().filter(|c| !c.matches()).count();
            let (differ, rows) = (n.to_string(), result.rows.len().to_string());
            Err(CliError::Mismatch(Said::new(|w, _| {
                let template = one_or_many(n, w.rows_differ_one, w.rows_differ);
                fill(template, &[("differ", &differ), ("rows", &rows)])
            })))
        }
    }
}

/// Where a kept plan came from, as a path that still names it from another folder
/// (standard input, `-`, as it is).
fn kept_source(file: &Path) -> String {
    match file == Path::new("-") {
        true => "-".into(),
        false => std::path::absolute(file)
            .unwrap_or_else(|_| file.to_path_buf())
            .display()
            .to_string(),
    }
}

/// `reconcile --detach`: drop the plan kept with loan `index`, saying whether there was one.
fn detach_plan(
    store: &mut Store,
    index: usize,
    format: Format,
    lang: Language,
) -> Result<(), CliError> {
    let loan = &mut store.data_mut().loans[index];
    let id = loan.id.clone();
    let dropped = loan.plan.take().is_some();
    if dropped {
        super::progress::save(store)?;
    }
    let w = words(lang);
    let text = match format {
        Format::Json => output::json(&serde_json::json!({"loan": id, "detached": dropped})),
        Format::Csv => output::csv(&["loan", "detached"], [vec![id, dropped.to_string()]])?,
        Format::Table => {
            let said = if dropped {
                w.plan_detached
            } else {
                w.plan_none_to_detach
            };
            format!("{}\n", fill(said, &[("id", &id)]))
        }
    };
    output::print(&text)?;
    Ok(())
}

fn check_json(c: &RowCheck) -> CheckJson {
    let plain = crate::engine::money::plain;
    let theirs = RowAmountsJson {
        amounts: AmountsJson {
            payment: c.theirs.payment,
            principal: c.theirs.principal,
            interest: c.theirs.interest,
        },
        balance: c.theirs.balance.map(plain),
    };
    CheckJson {
        period: c.theirs.period,
        due_date: c.theirs.due_date,
        ours: c.ours.as_ref().map(|o| RowAmountsJson {
            amounts: AmountsJson::from(o),
            balance: Some(plain(o.balance)),
        }),
        ours_due_date: c.ours.as_ref().map(|o| o.due_date),
        difference: c.ours.as_ref().map(|o| RowAmountsJson {
            amounts: AmountsJson {
                payment: c.theirs.payment - o.payment,
                principal: c.theirs.principal - o.principal,
                interest: c.theirs.interest - o.interest,
            },
            balance: c.theirs.balance.map(|b| plain(b - o.balance)),
        }),
        theirs,
        matches: c.matches(),
        reason: c.reason(Language::En),
    }
}

/// Each amount of the lender's row that is not ours, named, with the lender's minus ours
/// (`Payment -0.72, Principal -0.72`); `0.00` when all agree.
fn parts_differing(theirs: &PlanRow, ours: &Row, w: &Words) -> String {
    let parts: Vec<String> = reconcile::part_differences(theirs, ours)
        .into_iter()
        .map(|(part, difference)| {
            let label = match part {
                Part::Payment => w.payment,
                Part::Principal => w.principal,
                Part::Interest => w.interest,
                Part::Balance => w.balance,
            };
            let sign = if difference > Decimal::ZERO { "+" } else { "" };
            format!("{label} {sign}{}", grouped(difference))
        })
        .collect();
    match parts.is_empty() {
        true => grouped(Decimal::ZERO),
        false => parts.join(w.lang.list_separator()),
    }
}

/// `pinned`: whether the rows were pinned, and how when they are a plan's last rows.
fn reconcile_table(
    id: &str,
    result: &Reconciliation,
    applied: bool,
    pinned: Option<Option<&LastRowsPin>>,
    lang: Language,
) -> String {
    let w = words(lang);
    /// A cell of ours beside theirs, "—" where our schedule has no such row.
    fn ours(said: impl Fn(&Row, &PlanRow) -> String) -> impl Fn(&RowCheck) -> String {
        move |c| (c.ours.as_ref()).map_or_else(|| "—".into(), |o| said(o, &c.theirs))
    }
    let mut table = Table::of(
        &result.rows,
        &[
            Column::right(w.period, |c: &RowCheck| c.theirs.period.to_string()),
            Column::left(w.due_date, |c: &RowCheck| c.theirs.due_date.to_string()),
            Column::money(w.lender_lender, |c: &RowCheck| c.theirs.payment),
            Column::right(w.lender_ours, ours(|o, _| grouped(o.payment))),
            Column::right(
                w.lender_difference,
                ours(|o, theirs| parts_differing(theirs, o, w)),
            ),
            Column::left(w.lender_reason, |c: &RowCheck| {
                c.reason(lang).unwrap_or_else(|| w.lender_same.into())
            }),
        ],
    );
    let rows = result.rows.len().to_string();
    let verdict = match result.verdict() {
        Verdict::Match => fill(w.rec_match, &[("id", id)]),
        Verdict::Explained => fill(
            w.rec_explained,
            &[
                ("id", id),
                ("reasons", &reconcile::said(&result.reasons, lang)),
            ],
        ),
        Verdict::Unexplained => fill(
            one_or_many(
                result.fit.differing.len(),
                w.rec_unexplained_one,
                w.rec_unexplained,
            ),
            &[
                ("id", id),
                ("differ", &result.fit.differing.len().to_string()),
                ("rows", &rows),
            ],
        ),
    };
    table.footer(verdict);
    if applied {
        table.footer(fill(w.rec_applied, &[("id", id)]));
    }
    let term = result.fit.terms.installments();
    match pinned {
        Some(Some(pin)) => {
            let plain = crate::engine::money::plain;
            let span = |n: u32, m: u32| match n == m {
                true => fill(w.installment_n, &[("n", &n.to_string())]),
                false => fill(
                    w.installments_n_to_m,
                    &[("n", &n.to_string()), ("m", &m.to_string())],
                ),
            };
            let words = [
                ("id", id),
                ("theirs", &span(pin.estimated + 1, term)),
                ("ours", &span(1, pin.estimated)),
                ("n", &pin.estimated.to_string()),
                ("computed", &plain(pin.computed)),
                ("adjusted", &plain(pin.adjusted)),
            ];
            table.footer(fill(w.rec_pinned_last, &words));
        }
        Some(None) if result.rows.len() < term as usize => {
            let (next, term) = ((result.rows.len() + 1).to_string(), term.to_string());
            let planned = if next == term {
                fill(w.installment_n, &[("n", &next)])
            } else {
                fill(w.installments_n_to_m, &[("n", &next), ("m", &term)])
            };
            let words = [("id", id), ("rows", &rows), ("planned", &planned)];
            let pinned_first = one_or_many(
                result.rows.len(),
                w.rec_pinned_first_one,
                w.rec_pinned_first,
            );
            table.footer(fill(pinned_first, &words));
        }
        Some(None) => {
            let pinned = one_or_many(result.rows.len(), w.rec_pinned_one, w.rec_pinned);
            table.footer(fill(pinned, &[("id", id), ("rows", &rows)]))
        }
        None => {}
    }
    table.render()
}
