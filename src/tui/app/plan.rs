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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language::Language;
    use crate::store::Store;
    use crate::tui::app::tests::*;
    use crate::tui::editor::Backing;
    use crate::tui::harness::demo_app;
    use crate::tui::overlay::Overlay;
    use ratatui::crossterm::event::KeyCode;
    use rust_decimal::Decimal;

    /// The demo's car loan (L3) as a lender that truncates to the cent would plan it.
    fn truncating_plan(dir: &std::path::Path) -> std::path::PathBuf {
        let app = demo_app();
        let mut input =
            crate::engine::loan::LoanInput::from(&app.data().loan("L3").unwrap().terms());
        input.conventions.rounding = crate::engine::money::Rounding::Down;
        let terms = LoanTerms::new(&input).unwrap();
        let mut text = String::from("期数,还款日,应还金额,本金,利息\n");
        for r in crate::engine::schedule::build(&terms, &[]).unwrap().rows {
            text.push_str(&format!(
                "{},{},{},{},{}\n",
                r.period, r.due_date, r.payment, r.principal, r.interest
            ));
        }
        let path = dir.join("car.csv");
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn f_holds_the_loan_against_its_lenders_plan_and_explains_each_difference() {
        let dir = tempfile::tempdir().unwrap();
        let plan = truncating_plan(dir.path());
        let bad = dir.path().join("bad.csv");
        std::fs::write(&bad, "x\n").unwrap();
        let mut app = demo_app();
        open_loan(&mut app, "L3");
        // A file that is no plan: the form stays, naming what is wrong.
        press(&mut app, KeyCode::Char('f'));
        typed(&mut app, bad.to_str().unwrap());
        press(&mut app, KeyCode::Enter);
        let form = open_form(&app);
        let (_, problem) = form.problem.as_ref().unwrap();
        let problem = problem.render(Language::En);
        assert!(problem.contains("no recognisable header"), "{problem}");
        press(&mut app, KeyCode::Esc);
        assert!(app.plans.is_empty());

        press(&mut app, KeyCode::Char('f'));
        typed(&mut app, plan.to_str().unwrap());
        press(&mut app, KeyCode::Enter);
        assert!(matches!(app.overlay, Overlay::None), "{:?}", app.overlay);
        assert_eq!(app.view, View::Detail);
        let attached = app.attached().unwrap();
        assert_eq!(attached.result.verdict(), Verdict::Explained);
        let differ = attached.result.rows.iter().filter(|c| !c.matches()).count();
        assert!(differ > 0);
        let status = status_text(&app);
        assert!(
            status.starts_with(&format!(
                "car.csv: {differ} of 36 rows differ, explained: the lender truncates"
            )),
            "{status}"
        );
        let text = screen(&app, 120, 40);
        assert!(
            text.contains(&format!(
                "lender's plan car.csv: {differ} of 36 rows differ"
            )),
            "{text}"
        );
        assert!(
            text.contains("Lender") && text.contains("Theirs − ours"),
            "{text}"
        );
        // Period 2 is the first to differ: ≠ beside the lender's payment, the cents in the
        // last column, and the reason in the status line once selected.
        let second = text.lines().find(|l| l.contains("2026-02-10")).unwrap();
        assert!(
            second.contains("≠ ¥1,548.43") && second.contains("Principal +0.01, Interest -0.01"),
            "{second}"
        );
        press(&mut app, KeyCode::Char('j'));
        assert_eq!(
            status_text(&app),
            "Period 2 differs from the lender's: the lender truncates interest and payment to the cent"
        );
        // Edited to truncate as the lender does, the loan matches its plan.
        let mut data = app.data().clone();
        let loan = data.loans.iter_mut().find(|l| l.id == "L3").unwrap();
        let mut conventions = loan.conventions.clone().unwrap_or_default();
        conventions.rounding = crate::engine::money::Rounding::Down;
        loan.conventions = Some(conventions);
        app.commit(data, "edited");
        assert_eq!(app.attached().unwrap().result.verdict(), Verdict::Match);
        let text = screen(&app, 120, 40);
        assert!(text.contains("car.csv: 0 of 36 rows differ"), "{text}");
        assert!(!text.contains("≠ ¥"), "{text}");
    }

    /// An app on the store file at `path`, as a restart opens it.
    fn reopened(path: &std::path::Path) -> App {
        crate::tui::harness::opened(
            Backing::File(Store::open(path).unwrap()),
            as_of(),
            Language::En,
        )
    }

    #[test]
    fn a_plan_f_keeps_is_saved_with_the_loan_comes_back_after_a_restart_and_u_undoes_it() {
        let dir = tempfile::tempdir().unwrap();
        let plan = truncating_plan(dir.path());
        let (mut app, path) = file_app(&dir);
        let before = app.data().clone();
        open_loan(&mut app, "L3");
        press(&mut app, KeyCode::Char('f'));
        typed(&mut app, plan.to_str().unwrap());
        press(&mut app, KeyCode::Enter);
        assert!(!app.has_unsaved(), "{:?}", app.status);
        let kept = app.data().loan("L3").unwrap().plan.clone().unwrap();
        assert_eq!(kept.source, plan.display().to_string());

        // The file gone and the app started again: the plan and its verdict are back.
        std::fs::remove_file(&plan).unwrap();
        let mut again = reopened(&path);
        assert_eq!(again.data().loan("L3").unwrap().plan.as_ref(), Some(&kept));
        open_loan(&mut again, "L3");
        assert_eq!(
            again.attached().map(|a| a.result.verdict()),
            Some(Verdict::Explained)
        );
        let text = screen(&again, 120, 40);
        assert!(text.contains("lender's plan car.csv: "), "{text}");

        // Undone in the session that kept it: not kept, in memory and on disk.
        drop(again);
        press(&mut app, KeyCode::Char('u'));
        assert_eq!(app.data(), &before);
        assert!(app.attached().is_none());
        assert_eq!(reopened(&path).data(), &before);
    }

    #[test]
    fn f_left_empty_drops_the_kept_plan_and_u_brings_it_back() {
        let dir = tempfile::tempdir().unwrap();
        let plan = truncating_plan(dir.path());
        let (mut app, path) = file_app(&dir);
        open_loan(&mut app, "L3");
        // Nothing kept: an empty form is refused, as before.
        press(&mut app, KeyCode::Char('f'));
        press(&mut app, KeyCode::Enter);
        assert!(matches!(&app.overlay, Overlay::Form(f) if f.problem.is_some()));
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Char('f'));
        typed(&mut app, plan.to_str().unwrap());
        press(&mut app, KeyCode::Enter);
        let kept = app.data().clone();

        // f again: the form offers the kept file, and says that empty drops it.
        press(&mut app, KeyCode::Char('f'));
        let text = screen(&app, 120, 40);
        assert!(
            text.contains("Plan file (empty: drop the one kept)"),
            "{text}"
        );
        for _ in 0..plan.to_str().unwrap().chars().count() {
            press(&mut app, KeyCode::Backspace);
        }
        press(&mut app, KeyCode::Enter);
        assert!(matches!(app.overlay, Overlay::None), "{:?}", app.overlay);
        let status = status_text(&app);
        assert!(
            status.starts_with("car.csv is no longer kept with L3; u undoes it"),
            "{status}"
        );
        assert!(app.data().loan("L3").unwrap().plan.is_none());
        assert!(app.attached().is_none());
        assert!(reopened(&path).data().loan("L3").unwrap().plan.is_none());

        press(&mut app, KeyCode::Char('u'));
        assert_eq!(app.data(), &kept);
        assert!(app.attached().is_some());
    }

    /// A loan on its lender's pinned rows (`reconcile --pin`): the detail shows the
    /// lender's figures, not our schedule's.
    #[test]
    fn a_pinned_loan_shows_the_lenders_rows_in_the_detail() {
        let mut app = demo_app();
        let mut data = app.data().clone();
        let loan = data.loans.iter_mut().find(|l| l.id == "L3").unwrap();
        let ours = crate::engine::schedule::build(&loan.terms(), &[]).unwrap();
        // A cent moved from interest to principal in period 12 and back in period 13.
        let cent = Decimal::new(1, 2);
        let pinned: Vec<_> = ours
            .installments()
            .map(|r| crate::engine::loan::PinnedRow {
                due_date: r.due_date,
                principal: r.principal
                    + match r.period {
                        12 => cent,
                        13 => -cent,
                        _ => Decimal::ZERO,
                    },
                interest: r.interest
                    - match r.period {
                        12 => cent,
                        13 => -cent,
                        _ => Decimal::ZERO,
                    },
            })
            .collect();
        let twelfth = ours
            .installments()
            .find(|r| r.period == 12)
            .unwrap()
            .clone();
        let mut conventions = loan.conventions.clone().unwrap_or_default();
        conventions.pinned = pinned;
        loan.conventions = Some(conventions);
        app.commit(data, "pinned");
        assert!(app.overview.is_ok());
        open_loan(&mut app, "L3");
        let text = screen(&app, 120, 60);
        let row = text
            .lines()
            .find(|l| l.contains(&twelfth.due_date.to_string()))
            .unwrap();
        let money = |d: Decimal| crate::engine::money::grouped(d);
        assert!(
            row.contains(&money(twelfth.principal + cent))
                && row.contains(&money(twelfth.interest - cent)),
            "{row}"
        );
        assert!(!row.contains(&money(twelfth.principal)), "{row}");
    }

    #[test]
    fn shift_f_asks_naming_what_changes_then_switches_the_loan_and_u_undoes_it() {
        let dir = tempfile::tempdir().unwrap();
        let plan = truncating_plan(dir.path());
        let mut app = demo_app();
        open_loan(&mut app, "L3");
        press(&mut app, KeyCode::Char('F'));
        assert_eq!(
            status_text(&app),
            "No lender's plan is held against this loan: f reads one"
        );
        press(&mut app, KeyCode::Char('f'));
        typed(&mut app, plan.to_str().unwrap());
        press(&mut app, KeyCode::Enter);
        let before = app.data().clone();

        // Asked, and kept: nothing changes.
        press(&mut app, KeyCode::Char('F'));
        let Overlay::Confirm(Confirm {
            pending: Pending::ApplyPlan { loan, .. },
            ..
        }) = &app.overlay
        else {
            panic!("F asks first: {:?}", app.overlay)
        };
        assert_eq!(loan, "L3");
        let question = app.apply_plan_question("L3").unwrap();
        assert!(
            question.starts_with("Switch L3 ")
                && question.contains("from car.csv? What changes: the lender truncates interest and payment to the cent.")
                && question.contains("all 36 rows match"),
            "{question}"
        );
        let text = screen(&app, 120, 40);
        assert!(text.contains("y switch · n keep ours"), "{text}");
        press(&mut app, KeyCode::Char('n'));
        assert!(matches!(app.overlay, Overlay::None));
        assert_eq!(app.data(), &before);

        // Switched: the loan truncates as its lender does and matches every row.
        typed(&mut app, "Fy");
        let loan = app.data().loan("L3").unwrap();
        let old = before.loan("L3").unwrap();
        assert_eq!(
            loan.conventions.as_ref().map(|c| c.rounding),
            Some(crate::engine::money::Rounding::Down)
        );
        assert_eq!(
            (&loan.name, loan.penalty_rate),
            (&old.name, old.penalty_rate)
        );
        assert_eq!(app.attached().unwrap().result.verdict(), Verdict::Match);
        assert!(
            app.status
                .as_ref()
                .unwrap()
                .text
                .starts_with("L3 now follows the lender's plan car.csv"),
            "{:?}",
            app.status
        );
        // Nothing left to switch to.
        press(&mut app, KeyCode::Char('F'));
        assert!(matches!(app.overlay, Overlay::None));
        assert_eq!(
            status_text(&app),
            "car.csv: every row matches the lender's plan"
        );

        press(&mut app, KeyCode::Char('u'));
        assert_eq!(app.data(), &before);
        assert_eq!(app.attached().unwrap().result.verdict(), Verdict::Explained);
    }
}
