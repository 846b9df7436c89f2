//! A lender's plan held against one of the loans: attaching it, the verdict in words,
//! and switching the loan to the lender's terms.

use super::{App, View};
use crate::engine::loan::LoanTerms;
use crate::engine::schedule::RowKind;
use crate::language::{fill, one_or_many};
use crate::lender::plan::Plan;
use crate::lender::reconcile::{self, Reconciliation, RowCheck, Verdict};
use crate::store::AttachedPlan;
use crate::tui::i18n;
use crate::tui::overlay::{Confirm, Pending};

/// A lender's plan kept with one of the loans (`f`, or `loandash reconcile --attach`), held
/// against its terms; `F` or `loandash reconcile --apply|--pin` saves what it finds.
#[derive(Debug, Clone)]
pub struct Attached {
    /// The loan's id.
    pub loan: String,
    /// The file it was read from.
    pub path: std::path::PathBuf,
    plan: Plan,
    /// The loan's terms it was last held against.
    terms: LoanTerms,
    /// The loan's schedule against it, row by row.
    pub result: Reconciliation,
}

impl Attached {
    /// `plan`, read from `path`, held against loan `loan`'s `terms`.
    fn new(loan: String, path: std::path::PathBuf, plan: Plan, terms: LoanTerms) -> Attached {
        Attached {
            result: reconcile::reconcile(&terms, &plan),
            loan,
            path,
            plan,
            terms,
        }
    }

    /// The lender's row for installment `period`, and whether ours differs from it.
    pub fn row(&self, period: u32) -> Option<&RowCheck> {
        self.result.rows.iter().find(|c| c.theirs.period == period)
    }

    /// The file's name, as the detail shows it.
    pub fn file_name(&self) -> String {
        self.path.file_name().map_or_else(
            || self.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    }
}

impl App {
    /// The plans kept with the loans, each compared again only when it or its loan's
    /// terms changed.
    pub(super) fn refresh_plans(&mut self) {
        let mut held = std::mem::take(&mut self.plans);
        for loan in &self.editor.data().loans {
            let Some(kept) = &loan.plan else { continue };
            let terms = loan.terms();
            let same = held
                .iter()
                .position(|a| a.loan == loan.id && a.plan == kept.plan && a.terms == terms);
            self.plans.push(match same {
                Some(i) => held.swap_remove(i),
                None => Attached::new(
                    loan.id.clone(),
                    kept.source.clone().into(),
                    kept.plan.clone(),
                    terms,
                ),
            });
        }
    }

    /// Ask before switching the selected loan to its lender's terms, naming what changes;
    /// or say why there is nothing to switch to.
    pub(super) fn open_apply_plan(&mut self) {
        let s = self.strings();
        let Some(id) = self.selected_loan_id() else {
            return self.say(s.nothing_selected);
        };
        let Some(attached) = self.plans.iter().find(|a| a.loan == id) else {
            return self.say(s.plan_none);
        };
        let file = attached.file_name();
        let result = &attached.result;
        let text = match result.verdict() {
            Verdict::Match => fill(s.plan_matches, &[("file", &file)]),
            Verdict::Unexplained => fill(s.plan_cannot_apply, &[("file", &file)]),
            Verdict::Explained
                if self
                    .data()
                    .loan(&id)
                    .is_some_and(|loan| result.starts_before(&loan.terms())) =>
            {
                fill(
                    s.plan_starts_before,
                    &[
                        ("file", &file),
                        ("start", &result.fit.terms.start.to_string()),
                    ],
                )
            }
            Verdict::Explained => {
                self.overlay = Confirm::ask(Pending::ApplyPlan {
                    loan: id,
                    terms: Box::new(result.fit.terms.clone()),
                });
                return;
            }
        };
        self.say(text);
    }

    /// The question before switching `loan` to its lender's terms.
    pub fn apply_plan_question(&self, loan: &str) -> Option<String> {
        let attached = self.plans.iter().find(|a| a.loan == loan)?;
        let name = self.data().loan(loan).map_or("", |l| l.name.as_str());
        let s = self.strings();
        let rows = attached.result.rows.len();
        let question = one_or_many(rows, s.confirm_apply_plan_one, s.confirm_apply_plan);
        Some(fill(
            question,
            &[
                ("loan", format!("{loan} {name}").trim()),
                ("file", &attached.file_name()),
                (
                    "reasons",
                    &reconcile::said(&attached.result.reasons, self.lang),
                ),
                ("rows", &rows.to_string()),
            ],
        ))
    }

    /// Switch `loan` to the lender's `terms`, as `loandash reconcile --apply` does: one
    /// edit, saved and undoable like any other.
    pub(super) fn apply_plan(&mut self, loan: &str, terms: &LoanTerms) {
        let s = self.strings();
        let file = self
            .plans
            .iter()
            .find(|a| a.loan == loan)
            .map(Attached::file_name)
            .unwrap_or_default();
        let mut data = self.data().clone();
        let reset = data.reterm_loan(loan, terms);
        let done = fill(s.plan_applied, &[("loan", loan), ("file", &file)]);
        let done = match reset {
            None => done,
            Some(e) => fill(
                s.plan_early_interest_reset,
                &[
                    ("done", &done),
                    ("problem", &i18n::field_error(self.lang, &e)),
                ],
            ),
        };
        self.commit(data, &done);
    }

    /// Keep the lender's `plan` with loan `id` (one edit, saved and undoable like any other)
    /// and show it in the detail, the verdict in the status line.
    pub(super) fn attach_plan(&mut self, id: String, path: std::path::PathBuf, plan: Plan) {
        let mut data = self.data().clone();
        let Some(loan) = data.loans.iter_mut().find(|l| l.id == id) else {
            return;
        };
        let terms = loan.terms();
        loan.plan = Some(AttachedPlan {
            // Absolute, so the form offers a file that reads from wherever the app starts.
            source: std::path::absolute(&path)
                .unwrap_or_else(|_| path.clone())
                .display()
                .to_string(),
            plan: plan.clone(),
        });
        // Held now, so the refresh after the edit keeps it rather than comparing again.
        let attached = Attached::new(id, path, plan, terms);
        let summary = self.summary_of(&attached);
        self.plans.retain(|a| a.loan != attached.loan);
        self.plans.push(attached);
        self.detail_offset = 0;
        self.detail_selected = 0;
        self.view = View::Detail;
        self.commit(data, &summary);
    }

    /// Drop the plan kept with loan `id`: one edit, saved and undoable like any other.
    pub(super) fn detach_plan(&mut self, id: &str) {
        let mut data = self.data().clone();
        let Some(kept) = data
            .loans
            .iter_mut()
            .find(|l| l.id == id)
            .and_then(|l| l.plan.take())
        else {
            return;
        };
        let file = self
            .plans
            .iter()
            .find(|a| a.loan == id)
            .map_or(kept.source, Attached::file_name);
        let done = fill(
            self.strings().plan_detached,
            &[("file", &file), ("loan", id)],
        );
        self.commit(data, &done);
    }

    /// The lender's plan held against the loan the detail shows.
    pub fn attached(&self) -> Option<&Attached> {
        let (id, _) = self.detail.as_ref()?;
        self.plans.iter().find(|a| &a.loan == id)
    }

    /// The verdict on the detail's loan against its lender's plan, in words.
    pub fn plan_summary(&self) -> Option<String> {
        Some(self.summary_of(self.attached()?))
    }

    pub(super) fn summary_of(&self, attached: &Attached) -> String {
        let s = self.strings();
        let result = &attached.result;
        let differ = result.rows.iter().filter(|c| !c.matches()).count();
        let text = match result.verdict() {
            Verdict::Match => s.plan_matches.to_string(),
            Verdict::Explained => fill(
                s.plan_explained,
                &[("reasons", &reconcile::said(&result.reasons, self.lang))],
            ),
            Verdict::Unexplained => s.plan_unexplained.to_string(),
        };
        fill(
            &text,
            &[
                ("file", &attached.file_name()),
                ("differ", &s.rows_differ(differ, result.rows.len())),
            ],
        )
    }

    /// Why the detail's selected installment differs from the lender's, when it does.
    pub(super) fn selected_plan_difference(&self) -> Option<String> {
        let (_, state) = self.detail.as_ref()?;
        let row = state.schedule.rows.get(self.detail_selected)?;
        if row.kind != RowKind::Scheduled {
            return None;
        }
        let reason = self.attached()?.row(row.period)?.reason(self.lang)?;
        Some(fill(
            self.strings().plan_row_differs,
            &[("period", &row.period.to_string()), ("reason", &reason)],
        ))
    }
}
