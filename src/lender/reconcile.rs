//! Our schedule against a lender's plan, row by row, each difference with the most likely
//! reason in words.
//!
//! The reasons come from the fit: each way the fitted terms differ from ours is applied
//! to ours one at a time, in a fixed order, and a row is explained by the first change
//! that makes it match.

use super::fit::{self, Fit, same};
use super::plan::{Plan, PlanRow};
use crate::engine::loan::{
    DayCount, LoanInput, LoanTerms, Method, Rate, Remainder, days_30_360, percent_label,
};
use crate::engine::money::{Rounding, grouped};
use crate::engine::schedule::{self, Row};

/// One lender row beside ours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowCheck {
    /// The lender's row.
    pub theirs: PlanRow,
    /// Ours for the same period, if our schedule has one.
    pub ours: Option<Row>,
    /// Why they differ; `None` when they match.
    pub reason: Option<String>,
}

impl RowCheck {
    /// Whether the two rows agree to the cent.
    pub fn matches(&self) -> bool {
        self.ours.as_ref().is_some_and(|o| same(o, &self.theirs))
    }
}

/// How the lender's plan compares with a loan's schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reconciliation {
    /// Every lender row, ours beside it.
    pub rows: Vec<RowCheck>,
    /// The terms that reproduce the plan (or come closest).
    pub fit: Fit,
    /// How the lender's terms differ from ours, in words, in the order they were applied.
    pub reasons: Vec<String>,
}

/// The verdict in one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Every row matches.
    Match,
    /// Rows differ, and conventions found reproduce every one of them.
    Explained,
    /// Some rows differ in a way no convention reproduces.
    Unexplained,
}

impl Verdict {
    /// The JSON and CLI spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Match => "match",
            Verdict::Explained => "explained",
            Verdict::Unexplained => "unexplained",
        }
    }
}

impl Reconciliation {
    /// Match, explained or unexplained.
    pub fn verdict(&self) -> Verdict {
        if self.rows.iter().all(RowCheck::matches) {
            Verdict::Match
        } else if self.fit.exact() {
            Verdict::Explained
        } else {
            Verdict::Unexplained
        }
    }
}

/// One way the lender's terms differ from ours: what it says, and ours with it applied.
struct Step {
    reason: String,
    /// What the step means for rows after the first, when that reads differently.
    later_rows: Option<String>,
    apply: Box<dyn Fn(&mut LoanInput)>,
}

fn rate_words(rate: Rate) -> String {
    match rate {
        Rate::Annual(a) => format!("{} a year", percent_label(a)),
        Rate::Daily(d) => format!("{} % a day", d.normalize()),
    }
}

/// The differences between our terms and the lender's, as steps in a fixed order.
fn steps(ours: &LoanTerms, theirs: &LoanTerms) -> Vec<Step> {
    let mut out: Vec<Step> = Vec::new();
    let t = theirs.clone();
    if ours.principal != t.principal {
        out.push(Step {
            reason: format!(
                "the lender's principal is {}, ours {}",
                grouped(t.principal),
                grouped(ours.principal)
            ),
            later_rows: None,
            apply: Box::new(move |i| i.principal = Some(t.principal)),
        });
    }
    let t = theirs.clone();
    if ours.method != t.method || ours.term != t.term {
        out.push(Step {
            reason: format!(
                "the lender's plan is {} over {} periods, ours {} over {}",
                t.method, t.term, ours.method, ours.term
            ),
            later_rows: None,
            apply: Box::new(move |i| {
                i.method = Some(t.method);
                i.term = Some(t.term);
                i.fee_rate = (t.method == Method::FlatFee).then_some(t.fee_rate);
            }),
        });
    }
    let t = theirs.clone();
    if ours.rate != t.rate || ours.fee_rate != t.fee_rate && t.method == Method::FlatFee {
        let reason = match t.method {
            Method::FlatFee => format!("the lender's fee is {} a month", percent_label(t.fee_rate)),
            _ => format!(
                "the lender's rate is {}, ours {}",
                rate_words(t.rate),
                rate_words(ours.rate)
            ),
        };
        out.push(Step {
            reason,
            later_rows: None,
            apply: Box::new(move |i| {
                let (a, d) = match t.rate {
                    Rate::Annual(a) => (Some(a), None),
                    Rate::Daily(d) => (None, Some(d)),
                };
                if t.method == Method::FlatFee {
                    i.fee_rate = Some(t.fee_rate);
                    (i.annual_rate, i.daily_rate) = (None, None);
                } else {
                    (i.annual_rate, i.daily_rate) = (a, d);
                }
            }),
        });
    }
    let t = theirs.clone();
    if ours.day_count != t.day_count {
        let reason = match t.day_count {
            DayCount::Thirty360 => {
                "the lender counts every month as 1/12 of a year (30/360)".to_string()
            }
            dc => format!(
                "the lender counts interest on actual days ({dc}), ours {}",
                ours.day_count
            ),
        };
        out.push(Step {
            reason,
            later_rows: None,
            apply: Box::new(move |i| i.day_count = Some(t.day_count)),
        });
    }
    let t = theirs.clone();
    if ours.start != t.start || ours.conventions.first_due != t.conventions.first_due {
        let (days, counting) = match t.day_count {
            DayCount::Thirty360 => (days_30_360(t.start, t.due_date(1)), "30/360 days"),
            _ => ((t.due_date(1) - t.start).num_days(), "actual days"),
        };
        out.push(Step {
            reason: format!(
                "period 1 is {days} days: the lender counts {counting} from the draw date ({}) to its first due date ({})",
                t.start,
                t.due_date(1)
            ),
            later_rows: Some(format!(
                "the lender's due dates follow its first due date ({})",
                t.due_date(1)
            )),
            apply: Box::new(move |i| {
                i.start = Some(t.start);
                i.conventions.first_due = t.conventions.first_due;
            }),
        });
    }
    let t = theirs.clone();
    if ours.conventions.rounding != t.conventions.rounding {
        let reason = match t.conventions.rounding {
            Rounding::Down => "the lender truncates interest and payment to the cent".to_string(),
            Rounding::HalfEven => "the lender rounds half to even (banker's rounding)".to_string(),
            Rounding::HalfUp => "the lender rounds half-up".to_string(),
        };
        out.push(Step {
            reason,
            later_rows: None,
            apply: Box::new(move |i| i.conventions.rounding = t.conventions.rounding),
        });
    }
    let t = theirs.clone();
    if ours.conventions.remainder != t.conventions.remainder {
        let reason = match t.conventions.remainder {
            Remainder::First => "the lender puts the even split's remainder in the first period",
            Remainder::Last => "the lender puts the even split's remainder in the last period",
        };
        out.push(Step {
            reason: reason.to_string(),
            later_rows: None,
            apply: Box::new(move |i| i.conventions.remainder = t.conventions.remainder),
        });
    }
    for change in &theirs.conventions.rate_changes {
        if ours.conventions.rate_changes.contains(change) {
            continue;
        }
        let change = *change;
        let rate = match theirs.rate {
            Rate::Annual(_) => Rate::Annual(change.rate),
            Rate::Daily(_) => Rate::Daily(change.rate),
        };
        out.push(Step {
            reason: format!("rate changed on {} to {}", change.date, rate_words(rate)),
            later_rows: None,
            apply: Box::new(move |i| {
                i.conventions.rate_changes.retain(|c| c.date != change.date);
                i.conventions.rate_changes.push(change);
            }),
        });
    }
    out
}

fn installments(terms: &LoanTerms) -> Vec<Row> {
    schedule::build(terms, &[])
        .map(|s| s.installments().cloned().collect())
        .unwrap_or_default()
}

/// Compare the schedule of `ours` with the lender's `plan`.
pub fn reconcile(ours: &LoanTerms, plan: &Plan) -> Reconciliation {
    let fit = fit::fit(plan).unwrap_or_else(|_| Fit {
        terms: ours.clone(),
        matched: 0,
        differing: Vec::new(),
    });
    let our_rows = installments(ours);
    let mut rows: Vec<RowCheck> = plan
        .rows
        .iter()
        .enumerate()
        .map(|(i, theirs)| RowCheck {
            theirs: theirs.clone(),
            ours: our_rows.get(i).cloned(),
            reason: None,
        })
        .collect();
    // Each step, applied on top of the ones before, names the differing rows it changes.
    let steps = steps(ours, &fit.terms);
    let mut input = LoanInput::from(ours);
    let mut before = our_rows;
    let mut named: Vec<Vec<String>> = vec![Vec::new(); rows.len()];
    for step in &steps {
        (step.apply)(&mut input);
        let Ok(terms) = LoanTerms::new(&input) else {
            continue;
        };
        let now = installments(&terms);
        for (i, check) in rows.iter().enumerate() {
            if !check.matches() && now.get(i) != before.get(i) {
                let text = match (&step.later_rows, i) {
                    (Some(later), 1..) => later.clone(),
                    _ => step.reason.clone(),
                };
                named[i].push(text);
            }
        }
        before = now;
    }
    for (i, check) in rows.iter_mut().enumerate() {
        if check.matches() {
            continue;
        }
        if !before.get(i).is_some_and(|r| same(r, &check.theirs)) {
            named[i].push(match &check.ours {
                None => "our schedule has no such period".to_string(),
                Some(_) => "no convention we know reproduces this row".to_string(),
            });
        }
        check.reason = Some(named[i].join("; "));
    }
    Reconciliation {
        rows,
        reasons: steps.into_iter().map(|s| s.reason).collect(),
        fit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lender::plan;
    use rust_decimal_macros::dec;

    fn plan_of(terms: &LoanTerms) -> Plan {
        let mut text = String::from("period,due_date,payment,principal,interest\n");
        for r in installments(terms) {
            text.push_str(&format!(
                "{},{},{},{},{}\n",
                r.period, r.due_date, r.payment, r.principal, r.interest
            ));
        }
        plan::parse(&text).unwrap()
    }

    fn loan(day_count: DayCount) -> LoanTerms {
        LoanTerms::new(&LoanInput {
            principal: Some(dec!(10000)),
            annual_rate: Some(dec!(12)),
            term: Some(6),
            method: Some(Method::EqualInstallment),
            start: Some("2026-01-10".parse().unwrap()),
            day_count: Some(day_count),
            ..LoanInput::default()
        })
        .unwrap()
    }

    #[test]
    fn the_same_loan_matches_every_row() {
        let ours = loan(DayCount::Thirty360);
        let r = reconcile(&ours, &plan_of(&ours));
        assert_eq!(r.verdict(), Verdict::Match);
        assert!(r.reasons.is_empty() && r.rows.iter().all(|c| c.reason.is_none()));
    }

    #[test]
    fn an_irregular_first_period_and_truncation_are_named() {
        let ours = loan(DayCount::Actual365);
        let mut input = LoanInput::from(&ours);
        input.conventions.first_due = Some("2026-02-12".parse().unwrap());
        input.conventions.rounding = Rounding::Down;
        let theirs = LoanTerms::new(&input).unwrap();
        let r = reconcile(&ours, &plan_of(&theirs));
        assert_eq!(r.verdict(), Verdict::Explained);
        let first = r.rows[0].reason.as_deref().unwrap();
        assert!(first.starts_with("period 1 is 33 days"), "{first}");
        assert!(
            r.reasons.iter().any(|s| s.contains("truncates")),
            "{:?}",
            r.reasons
        );
        assert!(r.rows.iter().all(|c| c.matches() || c.reason.is_some()));
    }

    #[test]
    fn a_rate_change_is_dated() {
        let ours = loan(DayCount::Thirty360);
        let mut input = LoanInput::from(&ours);
        input.conventions.rate_changes = vec![crate::engine::loan::RateChange {
            date: "2026-04-10".parse().unwrap(),
            rate: dec!(9),
        }];
        let theirs = LoanTerms::new(&input).unwrap();
        let r = reconcile(&ours, &plan_of(&theirs));
        assert_eq!(r.verdict(), Verdict::Explained);
        assert!(r.rows[..3].iter().all(RowCheck::matches));
        let reason = r.rows[3].reason.as_deref().unwrap();
        assert_eq!(reason, "rate changed on 2026-04-10 to 9 % a year");
    }
}
