//! Issue 14: the credit-limit projection compared across two stores that differ by
//! exactly one event after the profile's score date, at every projected month, score
//! and limit — what a user compares ("what if I had paid late / repaid early / borrowed
//! once more"), not two scenarios over one store. Plus the issue's own case, as a fixture.

use chrono::{Days, Months, NaiveDate};
use loandash::book::dues::Portfolio;
use loandash::book::ledger;
use loandash::engine::loan::{DayCount, Method, Rate};
use loandash::engine::schedule::PrepayMode;
use loandash::limit::{Factor, LimitModel, Projection, Projector, Record, Scenario};
use loandash::store::{CreditLine, Loan, PaymentKind, PaymentRecord, Profile, StoreData};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn day(text: &str) -> NaiveDate {
    text.parse().expect("a test date")
}

const AS_OF: &str = "2026-06-15";

fn loan(id: usize, principal: u32, term: u32, start: NaiveDate, annual: u32) -> Loan {
    Loan {
        id: format!("L{id}"),
        name: format!("loan {id}"),
        lender: String::new(),
        method: Method::EqualInstallment,
        principal: principal.into(),
        rate: Rate::Annual(annual.into()),
        day_count: DayCount::Thirty360,
        term,
        start,
        fee_rate: Decimal::ZERO,
        penalty_rate: None,
        line: Some("A".into()),
        conventions: None,
        early_interest: Default::default(),
    }
}

/// Every installment of `loan` due up to `until`, paid on its due date.
fn on_time(loan: &Loan, until: NaiveDate) -> Vec<PaymentRecord> {
    let schedule = loandash::engine::schedule::build(&loan.terms(), &[]).expect("a valid loan");
    schedule
        .installments()
        .filter(|r| r.due_date <= until && r.payment > Decimal::ZERO)
        .map(|r| PaymentRecord {
            id: 0,
            date: r.due_date,
            amount: r.payment,
            loan: loan.id.clone(),
            kind: PaymentKind::Scheduled,
            mode: None,
        })
        .collect()
}

/// A store's pieces, so that a test can change one event and build both.
#[derive(Debug, Clone)]
struct Story {
    limit: u32,
    score: Option<u16>,
    score_date: NaiveDate,
    completeness: u8,
    /// The completeness the score was read with (`None`: as `completeness`).
    score_completeness: Option<u8>,
    income: Option<u32>,
    loans: Vec<Loan>,
    payments: Vec<PaymentRecord>,
}

impl Story {
    fn store(&self) -> Option<StoreData> {
        let mut data = StoreData {
            profile: Profile {
                credit_score: self.score,
                score_date: Some(self.score_date),
                completeness: self.completeness,
                score_completeness: self.score_completeness,
                monthly_income: self.income.map(Decimal::from),
                ..Profile::default()
            },
            lines: vec![CreditLine {
                name: "A".into(),
                lender: String::new(),
                limit: self.limit.into(),
            }],
            loans: self.loans.clone(),
            payments: self.payments.clone(),
            ..StoreData::default()
        };
        data.payments.sort_by_key(|p| p.date);
        data.validate().ok()?;
        Some(data)
    }

    fn project(&self, as_of: NaiveDate) -> Option<Projection> {
        let data = self.store()?;
        let record = Record::new(&Portfolio::new(&data, as_of).ok()?);
        let model = LimitModel::shipped();
        let projector = Projector::new(&data, &record, &model, Some("A")).ok()?;
        projector.project(&Scenario::OnTime, 12).ok()
    }
}

/// Loans started after the score date and paid on time up to the as-of date.
fn any_story() -> impl Strategy<Value = Story> {
    let one_loan = (500u32..6000, 3u32..13, 1u32..200, 6u32..30);
    (
        (5000u32..40000, prop::option::of(450u16..=850), 0u8..=100),
        prop::option::of(3000u32..30000),
        prop::collection::vec(one_loan, 1..4),
        (200u32..400, 0u32..40),
    )
        .prop_map(
            |((limit, score, completeness), income, loans, (back, dated))| {
                let as_of = day(AS_OF);
                let score_date = as_of - Days::new(back.into());
                let loans: Vec<Loan> = loans
                    .into_iter()
                    .enumerate()
                    .map(|(i, (principal, term, after, rate))| {
                        let start = score_date + Days::new(u64::from(after + dated));
                        loan(i + 1, principal, term, start.min(as_of), rate)
                    })
                    .collect();
                let payments = loans.iter().flat_map(|l| on_time(l, as_of)).collect();
                Story {
                    limit,
                    score,
                    score_date,
                    completeness,
                    score_completeness: None,
                    income,
                    loans,
                    payments,
                }
            },
        )
}

/// Every month of `low` is at most the same month of `high`, score and limit.
fn never_above(low: &Projection, high: &Projection) -> Result<(), TestCaseError> {
    prop_assert_eq!(low.months.len(), high.months.len());
    for (l, h) in low.months.iter().zip(&high.months) {
        prop_assert!(
            l.score <= h.score,
            "{}: score {} > {}",
            l.month,
            l.score,
            h.score
        );
        prop_assert!(
            l.limit <= h.limit,
            "{}: limit {} > {}",
            l.month,
            l.limit,
            h.limit
        );
    }
    Ok(())
}

/// The payments of `story` with loan `i`'s last installment due by the as-of date paid
/// `late` days after its due date instead (unpaid when that is after the as-of date),
/// and the amount the lender asks then (penalty included, nothing more).
fn paid_late(story: &Story, i: usize, late: u64) -> Option<Vec<PaymentRecord>> {
    let as_of = day(AS_OF);
    let loan = &story.loans[i];
    let last = on_time(loan, as_of).pop()?;
    if last.date <= story.score_date {
        return None;
    }
    let mut payments: Vec<PaymentRecord> = story
        .payments
        .iter()
        .filter(|p| !(p.loan == loan.id && p.date == last.date))
        .cloned()
        .collect();
    let date = last.date + Days::new(late);
    if date <= as_of {
        let before: Vec<&PaymentRecord> = payments.iter().filter(|p| p.loan == loan.id).collect();
        let state = ledger::loan_state(loan, before, date).ok()?;
        let owed: Decimal = state
            .installments
            .iter()
            .filter(|inst| inst.due_date <= date)
            .map(|inst| inst.outstanding())
            .sum();
        payments.push(PaymentRecord {
            id: 0,
            date,
            amount: owed,
            loan: loan.id.clone(),
            kind: PaymentKind::Scheduled,
            mode: None,
        });
    }
    Some(payments)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// An installment paid late, or still unpaid, instead of on time → never higher.
    #[test]
    fn paying_late_never_projects_higher(story in any_story(), pick in 0usize..3, days in 1u64..60) {
        let i = pick % story.loans.len();
        let Some(payments) = paid_late(&story, i, days) else { return Ok(()) };
        let late_story = Story { payments, ..story.clone() };
        let (Some(on_time), Some(late)) = (story.project(day(AS_OF)), late_story.project(day(AS_OF))) else {
            return Ok(());
        };
        never_above(&late, &on_time)?;
        // Later still is never better either.
        if let Some(later) = paid_late(&story, i, 60 + days).and_then(|p| Story { payments: p, ..story.clone() }.project(day(AS_OF))) {
            never_above(&later, &late)?;
        }
    }

    /// An extra prepayment (a lower balance) → never lower.
    #[test]
    fn an_extra_prepayment_never_projects_lower(story in any_story(), pick in 0usize..3, part in 1u32..90, after in 0u64..30) {
        let as_of = day(AS_OF);
        let i = pick % story.loans.len();
        let loan = &story.loans[i];
        // After the last installment paid, so that no later payment is changed by it.
        let last_paid = on_time(loan, as_of).last().map_or(loan.start, |p| p.date);
        let date = (last_paid + Days::new(after + 1)).max(story.score_date + Days::new(1));
        if date > as_of {
            return Ok(());
        }
        let mine: Vec<&PaymentRecord> = story.payments.iter().filter(|p| p.loan == loan.id).collect();
        let Ok(state) = ledger::loan_state(loan, mine, date) else { return Ok(()) };
        let amount = (state.balance * Decimal::from(part) / Decimal::ONE_HUNDRED).round_dp(2);
        if amount <= Decimal::ZERO {
            return Ok(());
        }
        let mut payments = story.payments.clone();
        payments.push(PaymentRecord {
            id: 0,
            date,
            amount,
            loan: loan.id.clone(),
            kind: PaymentKind::Prepayment,
            mode: Some(PrepayMode::Shorten),
        });
        let prepaid = Story { payments, ..story.clone() };
        let (Some(kept), Some(prepaid)) = (story.project(as_of), prepaid.project(as_of)) else {
            return Ok(());
        };
        never_above(&kept, &prepaid)?;
    }

    /// A more complete profile → never lower: completed after the score was read (the
    /// score was read with the less complete one), or as complete all along. Completed
    /// since, it counts from today, with or without a typed score.
    #[test]
    fn a_more_complete_profile_never_projects_lower(story in any_story(), more in 1u8..=100) {
        let raised = story.completeness.saturating_add(more).min(100);
        if raised == story.completeness {
            return Ok(());
        }
        let completed = Story {
            completeness: raised,
            score_completeness: Some(story.completeness),
            ..story.clone()
        };
        let all_along = Story { completeness: raised, ..story.clone() };
        let as_of = day(AS_OF);
        let (Some(less), Some(completed), Some(all_along)) =
            (story.project(as_of), completed.project(as_of), all_along.project(as_of))
        else {
            return Ok(());
        };
        never_above(&less, &completed)?;
        never_above(&less, &all_along)?;
        let points = |p: &Projection| {
            p.today.iter().find(|l| l.factor == Factor::Completeness).map_or(0, |l| l.points)
        };
        if points(&completed) > points(&less) && less.months[0].score < 950 {
            prop_assert!(
                completed.months[0].score > less.months[0].score,
                "completed since the score: {} vs {}",
                completed.months[0].score,
                less.months[0].score
            );
        }
    }

    /// A longer history → never lower: one more small loan, borrowed after the score
    /// date and before anything else in the store, repaid on time, and over a year
    /// before the as-of date (no longer recent borrowing then). The history and the
    /// months in good standing start earlier; nothing else differs that the model reads.
    #[test]
    fn a_longer_history_never_projects_lower(
        story in any_story(),
        earlier in 0u64..200,
        (principal, term, after) in (100u32..1000, 1u32..4, 1u64..90),
    ) {
        let as_of = day(AS_OF);
        let mut shorter = story.clone();
        shorter.score_date = shorter.score_date.min(as_of - Days::new(430)) - Days::new(earlier);
        let start = shorter.score_date + Days::new(after);
        let first = shorter.loans.iter().map(|l| l.start).min().unwrap_or(as_of);
        if start + Months::new(term) > first || start > as_of - Months::new(13) {
            return Ok(());
        }
        let mut old = loan(shorter.loans.len() + 1, principal, term, start, 12);
        old.id = "L0".into();
        let mut longer = shorter.clone();
        longer.payments.extend(on_time(&old, as_of));
        longer.loans.insert(0, old);
        let (Some(short), Some(long)) = (shorter.project(as_of), longer.project(as_of)) else {
            return Ok(());
        };
        never_above(&short, &long)?;
        let history = |p: &Projection| {
            p.today.iter().find(|l| l.factor == Factor::History).map_or(0, |l| l.points)
        };
        prop_assert!(history(&long) > history(&short));
    }

    /// The same store a month later, that month's installments paid on time: what it
    /// projects from then on is never below what was projected a month earlier for the
    /// same months (no whiplash; one more on-time month never lowers it).
    #[test]
    fn a_month_later_paid_on_time_never_projects_lower(story in any_story()) {
        let as_of = day(AS_OF);
        let next = as_of + Months::new(1);
        let mut later = story.clone();
        later.payments = later.loans.iter().flat_map(|l| on_time(l, next)).collect();
        let (Some(before), Some(after)) = (story.project(as_of), later.project(next)) else {
            return Ok(());
        };
        for (b, a) in before.months.iter().skip(1).zip(&after.months) {
            prop_assert_eq!(b.month, a.month);
            prop_assert!(a.score >= b.score, "{}: {} < {} projected a month earlier", a.month, a.score, b.score);
            prop_assert!(a.limit >= b.limit, "{}: {} < {} projected a month earlier", a.month, a.limit, b.limit);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    /// One more borrowing while the store already borrows more often than the model's
    /// healthy frequency (over 4 a quarter, counted over 12 months) → never higher, in
    /// every month those borrowings are still counted.
    #[test]
    fn borrowing_beyond_the_healthy_frequency_never_projects_higher(
        story in any_story(),
        extra in prop::collection::vec((100u32..800, 1u32..330), 17..20),
        new in (100u32..800, 1u32..330),
    ) {
        let as_of = day(AS_OF);
        let mut busy = story.clone();
        busy.limit = 200_000;
        busy.score_date = as_of - Days::new(340);
        let add = |s: &mut Story, (principal, ago): (u32, u32)| {
            let l = loan(s.loans.len() + 1, principal, 3, as_of - Days::new(ago.into()), 12);
            s.payments.extend(on_time(&l, as_of));
            s.loans.push(l);
        };
        let oldest = extra.iter().map(|(_, ago)| *ago).max().unwrap_or(0);
        let counted_until = as_of - Days::new(oldest.into()) + Months::new(12);
        for one in extra {
            add(&mut busy, one);
        }
        // New: not before the history began (an earlier first borrowing would be a
        // longer history, which rightly scores higher).
        let mut more = busy.clone();
        add(&mut more, (new.0, new.1.min(oldest)));
        let (Some(busy), Some(more)) = (busy.project(as_of), more.project(as_of)) else {
            return Ok(());
        };
        let within = |p: &Projection| Projection {
            months: p.months.iter().filter(|m| m.date < counted_until).cloned().collect(),
            ..p.clone()
        };
        never_above(&within(&more), &within(&busy))?;
    }
}

/// The issue's case: three stores alike (score 680 read on 2026-03-01, a ¥10,000 line,
/// the same ¥6,000 six-month loan) except that in one the third installment is still
/// unpaid 14 days late, and in another ¥2,000 was repaid early. Before the fix the late
/// payer projected 751 / ¥13,550 after a year against the on-time payer's 731 /
/// ¥12,550, and the prepayment projected a point lower than without it.
#[test]
fn the_issue_case_late_never_above_on_time_never_above_prepaid() {
    let as_of = day(AS_OF);
    let l = loan(1, 6000, 6, day("2026-03-01"), 18);
    let base = Story {
        limit: 10000,
        score: Some(680),
        score_date: day("2026-03-01"),
        completeness: 0,
        score_completeness: None,
        income: None,
        loans: vec![l.clone()],
        payments: on_time(&l, as_of),
    };
    let late = Story {
        payments: on_time(&l, day("2026-05-31")),
        ..base.clone()
    };
    let mut prepaid = base.clone();
    prepaid.payments.push(PaymentRecord {
        id: 0,
        date: day("2026-06-10"),
        amount: "2000".parse().expect("an amount"),
        loan: "L1".into(),
        kind: PaymentKind::Prepayment,
        mode: Some(PrepayMode::Shorten),
    });
    let [late, on_time, prepaid] =
        [&late, &base, &prepaid].map(|s| s.project(as_of).expect("projects"));
    assert_eq!(late.months[0].overdue.map(|o| o.days), Some(14));
    for ((l, o), p) in late.months.iter().zip(&on_time.months).zip(&prepaid.months) {
        assert!(
            l.score < o.score && l.limit <= o.limit,
            "{}: late {} {} vs on time {} {}",
            l.month,
            l.score,
            l.limit,
            o.score,
            o.limit
        );
        assert!(
            o.score <= p.score && o.limit <= p.limit,
            "{}: on time {} {} vs prepaid {} {}",
            o.month,
            o.score,
            o.limit,
            p.score,
            p.limit
        );
    }
    let year = |p: &Projection| (p.months[12].score, p.months[12].limit);
    // The figures of the README's worked example.
    let dec = |t: &str| t.parse::<Decimal>().expect("an amount");
    assert_eq!(year(&late), (749, dec("13450")));
    assert_eq!(year(&on_time), (787, dec("15350")));
    assert_eq!((late.months[0].score, on_time.months[0].score), (678, 736));
    // Since the score date the late payer lost points for the overdue, by its stage.
    let overdues = late
        .since_score_date
        .iter()
        .find(|e| e.cause.as_str() == "overdues")
        .expect("the overdue moved the score");
    assert!(
        overdues.points < 0 && overdues.detail.contains("1 warning"),
        "{overdues:?}"
    );
}
