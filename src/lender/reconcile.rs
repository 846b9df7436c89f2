//! Our schedule against a lender's plan, row by row, each difference with the most likely
//! reason, said in English or Chinese.
//!
//! The reasons come from the fit: each way the fitted terms differ from ours is applied
//! to ours one at a time, in a fixed order, and a row is explained by the first change
//! that makes it match.

use super::fit::{self, Fit, our_row, same};
use super::plan::{Plan, PlanRow};
use crate::engine::loan::{
    DayCount, LoanInput, LoanTerms, Method, Rate, Remainder, days_30_360, percent_label,
};
use crate::engine::money::{Rounding, grouped};
use crate::engine::schedule::{self, Row};
use crate::language::Language;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// One lender row beside ours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowCheck {
    /// The lender's row.
    pub theirs: PlanRow,
    /// Ours for the same period, if our schedule has one.
    pub ours: Option<Row>,
    /// Why they differ; empty when they match.
    pub reasons: Vec<Reason>,
}

impl RowCheck {
    /// Whether the two rows agree to the cent.
    pub fn matches(&self) -> bool {
        self.ours.as_ref().is_some_and(|o| same(o, &self.theirs))
    }

    /// Why they differ, in `lang`; `None` when they match.
    pub fn reason(&self, lang: Language) -> Option<String> {
        (!self.reasons.is_empty()).then(|| said(&self.reasons, lang))
    }
}

/// A money column of an installment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// What is due (principal + interest, fees included).
    Payment,
    /// Principal repaid.
    Principal,
    /// Interest, or a flat-fee plan's fee (the plan reads fees into interest).
    Interest,
    /// Principal left after the installment.
    Balance,
}

/// Each part of the lender's row that is not ours, with the lender's minus ours; the
/// balance only where the lender shows one.
pub fn part_differences(theirs: &PlanRow, ours: &Row) -> Vec<(Part, Decimal)> {
    [
        (Part::Payment, Some(theirs.payment), ours.payment),
        (Part::Principal, Some(theirs.principal), ours.principal),
        (Part::Interest, Some(theirs.interest), ours.interest),
        (Part::Balance, theirs.balance, ours.balance),
    ]
    .into_iter()
    .filter_map(|(part, t, o)| t.filter(|t| *t != o).map(|t| (part, t - o)))
    .collect()
}

/// One way the lender's plan differs from our schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// Another principal.
    Principal { theirs: Decimal, ours: Decimal },
    /// Another method or number of periods.
    Plan {
        theirs: Method,
        their_term: u32,
        ours: Method,
        our_term: u32,
    },
    /// A flat-fee plan's monthly fee.
    Fee(Decimal),
    /// Another rate.
    Rate { theirs: Rate, ours: Rate },
    /// The lender counts 30/360.
    Thirty360,
    /// The lender counts actual days (`theirs`), ours another way.
    ActualDays { theirs: DayCount, ours: DayCount },
    /// The first period's length: from the draw date to the first due date.
    FirstPeriod {
        days: i64,
        thirty_360: bool,
        start: NaiveDate,
        first_due: NaiveDate,
    },
    /// Later due dates follow the lender's first due date.
    FollowsFirstDue(NaiveDate),
    /// The lender's rounding.
    Rounding(Rounding),
    /// Where the lender puts an even split's remainder.
    Remainder(Remainder),
    /// The lender keeps the installment it set on the amount first borrowed (the level
    /// payment, or the principal each period repays under `method`); `None`: it computes
    /// its installment on these terms, where ours keeps one.
    Installment {
        theirs: Option<Decimal>,
        method: Method,
    },
    /// A rate change.
    RateChange { date: NaiveDate, rate: Rate },
    /// Our schedule has no such period.
    NoSuchPeriod,
    /// No convention we know reproduces the row.
    Unexplained,
}

/// A rate as found (to up to four decimals a year), not rounded to the hundredth as
/// labels are: two rates a thousandth apart must not read alike.
fn rate_words(rate: Rate, lang: Language) -> String {
    match (rate, lang) {
        (Rate::Annual(a), Language::En) => format!("{} % a year", a.normalize()),
        (Rate::Daily(d), Language::En) => format!("{} % a day", d.normalize()),
        (Rate::Annual(a), Language::Zh) => format!("年利率 {} %", a.normalize()),
        (Rate::Daily(d), Language::Zh) => format!("日利率 {} %", d.normalize()),
    }
}

impl Reason {
    /// The reason in `lang`.
    pub fn render(&self, lang: Language) -> String {
        use Language::{En, Zh};
        match (self, lang) {
            (Reason::Principal { theirs, ours }, En) => format!(
                "the lender's principal is {}, ours {}",
                grouped(*theirs),
                grouped(*ours)
            ),
            (Reason::Principal { theirs, ours }, Zh) => format!(
                "机构的本金是 {}，本应用是 {}",
                grouped(*theirs),
                grouped(*ours)
            ),
            (
                Reason::Plan {
                    theirs,
                    their_term,
                    ours,
                    our_term,
                },
                En,
            ) => format!(
                "the lender's plan is {theirs} over {their_term} periods, ours {ours} over {our_term}"
            ),
            (
                Reason::Plan {
                    theirs,
                    their_term,
                    ours,
                    our_term,
                },
                Zh,
            ) => format!(
                "机构的计划是{}、{their_term} 期，本应用是{}、{our_term} 期",
                theirs.name().zh,
                ours.name().zh
            ),
            (Reason::Fee(fee), En) => {
                format!("the lender's fee is {} a month", percent_label(*fee))
            }
            (Reason::Fee(fee), Zh) => format!("机构的手续费是每月 {}", percent_label(*fee)),
            (Reason::Rate { theirs, ours }, _) => match lang {
                En => format!(
                    "the lender's rate is {}, ours {}",
                    rate_words(*theirs, En),
                    rate_words(*ours, En)
                ),
                Zh => format!(
                    "机构的利率是{}，本应用是{}",
                    rate_words(*theirs, Zh),
                    rate_words(*ours, Zh)
                ),
            },
            (Reason::Thirty360, En) => {
                "the lender counts every month as 1/12 of a year (30/360)".to_string()
            }
            (Reason::Thirty360, Zh) => "机构把每个月按 1/12 年计息（30/360）".to_string(),
            (Reason::ActualDays { theirs, ours }, En) => {
                format!("the lender counts interest on actual days ({theirs}), ours {ours}")
            }
            (Reason::ActualDays { theirs, ours }, Zh) => {
                format!("机构按实际天数计息（{theirs}），本应用是 {ours}")
            }
            (
                Reason::FirstPeriod {
                    days,
                    thirty_360,
                    start,
                    first_due,
                },
                En,
            ) => format!(
                "period 1 is {days} {}: the lender counts {} from the draw date ({start}) to its first due date ({first_due})",
                match days {
                    1 => "day",
                    _ => "days",
                },
                match thirty_360 {
                    true => "30/360 days",
                    false => "actual days",
                }
            ),
            (
                Reason::FirstPeriod {
                    days,
                    thirty_360,
                    start,
                    first_due,
                },
                Zh,
            ) => format!(
                "第 1 期为 {days} 天：机构从放款日（{start}）到首个还款日（{first_due}）按{}计",
                match thirty_360 {
                    true => " 30/360 天数",
                    false => "实际天数",
                }
            ),
            (Reason::FollowsFirstDue(first_due), En) => {
                format!("the lender's due dates follow its first due date ({first_due})")
            }
            (Reason::FollowsFirstDue(first_due), Zh) => {
                format!("机构的还款日跟随其首个还款日（{first_due}）")
            }
            (Reason::Rounding(rounding), En) => match rounding {
                Rounding::Down => "the lender truncates interest and payment to the cent",
                Rounding::HalfEven => "the lender rounds half to even (banker's rounding)",
                Rounding::HalfUp => "the lender rounds half-up",
            }
            .to_string(),
            (Reason::Rounding(rounding), Zh) => match rounding {
                Rounding::Down => "机构把利息和还款额截尾到分",
                Rounding::HalfEven => "机构按四舍六入五成双（银行家舍入）取整",
                Rounding::HalfUp => "机构四舍五入",
            }
            .to_string(),
            (Reason::Remainder(remainder), En) => match remainder {
                Remainder::First => {
                    "the lender puts the even split's remainder in the first period"
                }
                Remainder::Last => "the lender puts the even split's remainder in the last period",
            }
            .to_string(),
            (Reason::Remainder(remainder), Zh) => match remainder {
                Remainder::First => "机构把均分的余数放在第一期",
                Remainder::Last => "机构把均分的余数放在最后一期",
            }
            .to_string(),
            (Reason::Installment { theirs, method }, lang) => {
                let principal = *method == Method::EqualPrincipal;
                match (theirs, principal, lang) {
                    (Some(each), false, En) => format!(
                        "the lender keeps its level payment of {}, set on the amount first borrowed",
                        grouped(*each)
                    ),
                    (Some(each), true, En) => format!(
                        "the lender keeps its principal of {} each period, set on the amount first borrowed",
                        grouped(*each)
                    ),
                    (None, _, En) => {
                        "the lender computes its installment on these terms, not one kept from the amount first borrowed".to_string()
                    }
                    (Some(each), false, Zh) => {
                        format!("机构沿用按原借款金额算出的月供 {}", grouped(*each))
                    }
                    (Some(each), true, Zh) => {
                        format!("机构沿用按原借款金额算出的每期本金 {}", grouped(*each))
                    }
                    (None, _, Zh) => "机构按这些条款计算每期还款额，而不沿用按原借款金额算出的".to_string(),
                }
            }
            (Reason::RateChange { date, rate }, En) => {
                format!("rate changed on {date} to {}", rate_words(*rate, En))
            }
            (Reason::RateChange { date, rate }, Zh) => {
                format!("{date} 起利率改为{}", rate_words(*rate, Zh))
            }
            (Reason::NoSuchPeriod, En) => "our schedule has no such period".to_string(),
            (Reason::NoSuchPeriod, Zh) => "本应用的还款计划没有这一期".to_string(),
            (Reason::Unexplained, En) => "no convention we know reproduces this row".to_string(),
            (Reason::Unexplained, Zh) => "已知的约定都无法重现这一行".to_string(),
        }
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(Language::En))
    }
}

/// Reasons joined into one sentence in `lang`.
pub fn said(reasons: &[Reason], lang: Language) -> String {
    let sep = match lang {
        Language::En => "; ",
        Language::Zh => "；",
    };
    reasons
        .iter()
        .map(|r| r.render(lang))
        .collect::<Vec<_>>()
        .join(sep)
}

/// How the lender's plan compares with a loan's schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reconciliation {
    /// Every lender row, ours beside it.
    pub rows: Vec<RowCheck>,
    /// The terms that reproduce the plan (or come closest).
    pub fit: Fit,
    /// How the lender's terms differ from ours, in the order they were applied.
    pub reasons: Vec<Reason>,
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

    /// Whether the lender's terms start before `ours` (a loan entered from what was left on
    /// it, set against the lender's whole plan): applied, its earlier installments would
    /// fall due again, unpaid.
    pub fn starts_before(&self, ours: &LoanTerms) -> bool {
        self.fit.terms.start < ours.start
    }
}

/// One way the lender's terms differ from ours: what it says, and ours with it applied.
struct Step<'a> {
    reason: Reason,
    /// What the step means for rows after the first, when that reads differently.
    later_rows: Option<Reason>,
    apply: Box<dyn Fn(&mut LoanInput) + 'a>,
}

impl<'a> Step<'a> {
    /// A step that reads the same on every row it changes.
    fn new(reason: Reason, apply: impl Fn(&mut LoanInput) + 'a) -> Step<'a> {
        Step {
            reason,
            later_rows: None,
            apply: Box::new(apply),
        }
    }
}

/// The differences between our terms and the lender's, as steps in a fixed order.
fn steps<'a>(ours: &LoanTerms, theirs: &'a LoanTerms) -> Vec<Step<'a>> {
    let mut out: Vec<Step> = Vec::new();
    if ours.principal != theirs.principal {
        out.push(Step::new(
            Reason::Principal {
                theirs: theirs.principal,
                ours: ours.principal,
            },
            move |i| i.principal = Some(theirs.principal),
        ));
    }
    if ours.method != theirs.method || ours.term != theirs.term {
        out.push(Step::new(
            Reason::Plan {
                theirs: theirs.method,
                their_term: theirs.term,
                ours: ours.method,
                our_term: ours.term,
            },
            move |i| {
                i.method = Some(theirs.method);
                i.term = Some(theirs.term);
                i.fee_rate = (theirs.method == Method::FlatFee).then_some(theirs.fee_rate);
            },
        ));
    }
    if ours.rate != theirs.rate
        || ours.fee_rate != theirs.fee_rate && theirs.method == Method::FlatFee
    {
        let reason = match theirs.method {
            Method::FlatFee => Reason::Fee(theirs.fee_rate),
            _ => Reason::Rate {
                theirs: theirs.rate,
                ours: ours.rate,
            },
        };
        out.push(Step::new(reason, move |i| {
            let (a, d) = match theirs.rate {
                Rate::Annual(a) => (Some(a), None),
                Rate::Daily(d) => (None, Some(d)),
            };
            if theirs.method == Method::FlatFee {
                i.fee_rate = Some(theirs.fee_rate);
                (i.annual_rate, i.daily_rate) = (None, None);
            } else {
                (i.annual_rate, i.daily_rate) = (a, d);
            }
        }));
    }
    if ours.day_count != theirs.day_count {
        let reason = match theirs.day_count {
            DayCount::Thirty360 => Reason::Thirty360,
            dc => Reason::ActualDays {
                theirs: dc,
                ours: ours.day_count,
            },
        };
        out.push(Step::new(reason, move |i| {
            i.day_count = Some(theirs.day_count)
        }));
    }
    if ours.start != theirs.start
        || ours.conventions.first_due != theirs.conventions.first_due
        || ours.conventions.due_day != theirs.conventions.due_day
    {
        let thirty_360 = theirs.day_count == DayCount::Thirty360;
        let days = match thirty_360 {
            true => days_30_360(theirs.start, theirs.due_date(1)),
            false => (theirs.due_date(1) - theirs.start).num_days(),
        };
        out.push(Step {
            reason: Reason::FirstPeriod {
                days,
                thirty_360,
                start: theirs.start,
                first_due: theirs.due_date(1),
            },
            later_rows: Some(Reason::FollowsFirstDue(theirs.due_date(1))),
            apply: Box::new(move |i| {
                i.start = Some(theirs.start);
                i.conventions.first_due = theirs.conventions.first_due;
                i.conventions.due_day = theirs.conventions.due_day;
            }),
        });
    }
    if ours.conventions.rounding != theirs.conventions.rounding {
        out.push(Step::new(
            Reason::Rounding(theirs.conventions.rounding),
            move |i| i.conventions.rounding = theirs.conventions.rounding,
        ));
    }
    if ours.conventions.remainder != theirs.conventions.remainder {
        out.push(Step::new(
            Reason::Remainder(theirs.conventions.remainder),
            move |i| i.conventions.remainder = theirs.conventions.remainder,
        ));
    }
    if ours.conventions.installment != theirs.conventions.installment {
        out.push(Step::new(
            Reason::Installment {
                theirs: theirs.conventions.installment,
                method: theirs.method,
            },
            move |i| i.conventions.installment = theirs.conventions.installment,
        ));
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
        out.push(Step::new(
            Reason::RateChange {
                date: change.date,
                rate,
            },
            move |i| {
                i.conventions.rate_changes.retain(|c| c.date != change.date);
                i.conventions.rate_changes.push(change);
            },
        ));
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
        .map(|theirs| RowCheck {
            theirs: theirs.clone(),
            ours: our_row(&our_rows, theirs).cloned(),
            reasons: Vec::new(),
        })
        .collect();
    // Each step, applied on top of the ones before, names the differing rows it changes.
    let steps = steps(ours, &fit.terms);
    let mut input = LoanInput::from(ours);
    let mut before = our_rows;
    let mut named: Vec<Vec<Reason>> = vec![Vec::new(); rows.len()];
    for step in &steps {
        (step.apply)(&mut input);
        let Ok(terms) = LoanTerms::new(&input) else {
            continue;
        };
        let now = installments(&terms);
        for (i, check) in rows.iter().enumerate() {
            let theirs = &check.theirs;
            if !check.matches() && our_row(&now, theirs) != our_row(&before, theirs) {
                let reason = match (&step.later_rows, theirs.period) {
                    (Some(later), 2..) => later.clone(),
                    _ => step.reason.clone(),
                };
                named[i].push(reason);
            }
        }
        before = now;
    }
    for (i, check) in rows.iter_mut().enumerate() {
        if check.matches() {
            continue;
        }
        if !our_row(&before, &check.theirs).is_some_and(|r| same(r, &check.theirs)) {
            named[i].push(match &check.ours {
                None => Reason::NoSuchPeriod,
                Some(_) => Reason::Unexplained,
            });
        }
        check.reasons = std::mem::take(&mut named[i]);
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
        assert!(r.reasons.is_empty() && r.rows.iter().all(|c| c.reasons.is_empty()));
    }

    #[test]
    fn a_first_period_of_one_day_is_said_in_the_singular() {
        let reason = Reason::FirstPeriod {
            days: 1,
            thirty_360: false,
            start: "2026-01-30".parse().unwrap(),
            first_due: "2026-01-31".parse().unwrap(),
        };
        assert!(
            reason
                .render(Language::En)
                .starts_with("period 1 is 1 day:"),
            "{}",
            reason.render(Language::En)
        );
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
        let first = r.rows[0].reason(Language::En).unwrap();
        assert!(first.starts_with("period 1 is 33 days"), "{first}");
        let zh = r.rows[0].reason(Language::Zh).unwrap();
        assert!(zh.starts_with("第 1 期为 33 天"), "{zh}");
        assert!(
            r.reasons.contains(&Reason::Rounding(Rounding::Down)),
            "{:?}",
            r.reasons
        );
        assert!(
            r.rows
                .iter()
                .all(|c| c.matches() || c.reason(Language::En).is_some())
        );
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
        let reason = r.rows[3].reason(Language::En).unwrap();
        assert_eq!(reason, "rate changed on 2026-04-10 to 9 % a year");
        let zh = r.rows[3].reason(Language::Zh).unwrap();
        assert_eq!(zh, "2026-04-10 起利率改为年利率 9 %");
    }

    /// A loan entered from what is left on it (8,158.09 over 8 months), against the
    /// lender's plan, whose level payment is still the 1,066.19 it set on the 12,000
    /// first borrowed: ours is 1,066.18. Every row differs, and the installment kept is
    /// named as why (the old code named nothing: "no convention we know reproduces this
    /// row").
    #[test]
    fn the_lenders_installment_kept_from_the_amount_first_borrowed_is_named() {
        let left = |installment| {
            let input = LoanInput {
                annual_rate: Some(dec!(12)),
                method: Some(Method::EqualInstallment),
                conventions: crate::engine::loan::Conventions {
                    installment,
                    ..Default::default()
                },
                ..LoanInput::default()
            };
            input
                .left(dec!(8158.09), 8, "2026-06-15".parse().unwrap(), None)
                .unwrap()
        };
        let ours = left(None);
        let theirs = left(Some(dec!(1066.19)));
        let r = reconcile(&ours, &plan_of(&theirs));
        assert_eq!(r.verdict(), Verdict::Explained);
        assert_eq!(r.fit.terms.conventions.installment, Some(dec!(1066.19)));
        let first = r.rows[0].reason(Language::En).unwrap();
        assert_eq!(
            first,
            "the lender keeps its level payment of 1,066.19, set on the amount first borrowed"
        );
        let zh = r.rows[0].reason(Language::Zh).unwrap();
        assert_eq!(zh, "机构沿用按原借款金额算出的月供 1,066.19");
        assert!(r.rows.iter().all(|c| c.reason(Language::En).is_some()));
    }

    /// A rate found to three or four decimals is named as found: 12.002 % against our
    /// 12 % once read "the lender's rate is 12 % a year, ours 12 % a year".
    #[test]
    fn a_rate_that_differs_past_the_hundredth_is_named_in_full() {
        let reason = Reason::Rate {
            theirs: Rate::Annual(dec!(12.002)),
            ours: Rate::Annual(dec!(12.00)),
        };
        assert_eq!(
            Language::ALL.map(|lang| reason.render(lang)),
            [
                "the lender's rate is 12.002 % a year, ours 12 % a year",
                "机构的利率是年利率 12.002 %，本应用是年利率 12 %"
            ]
        );
    }
}
