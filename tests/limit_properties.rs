//! The credit-limit projection (issue 6): the properties every valid model keeps, the
//! projection's own guarantees on random stores, and the seeds' two user stories.

mod common;

use chrono::{Days, Months, NaiveDate};
use common::limit::{line_loan as loan, never_above};
use common::{day, dec};
use loandash::book::dues::Portfolio;
use loandash::engine::loan::Method;
use loandash::limit::{
    Cause, Factor, FactorLevel, Income, Inputs, LimitModel, MonthProjection, Outlook,
    OverdueCounts, OverdueStage, Projection, Projector, Record, SuggestedAction, Utilization,
    Weighted,
};
use loandash::store::{
    CreditLine, Loan, PaymentKind, PaymentRecord, Profile, RevolvingAccount, StoreData,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

const AS_OF: &str = "2026-06-15";

// ---------------------------------------------------------------------------------------
// The scoring function, for any valid model and any inputs.

/// `n` knots with rising x and percents sorted the way `direction` needs (1 rising,
/// -1 falling, 0 free).
fn knots(direction: i8) -> impl Strategy<Value = Vec<(u64, i32)>> {
    (
        prop::collection::vec(1u64..40, 1..6),
        prop::collection::vec(-100i32..=100, 6),
    )
        .prop_map(move |(steps, mut percents)| {
            percents.truncate(steps.len());
            match direction {
                1 => percents.sort(),
                -1 => percents.sort_by(|a, b| b.cmp(a)),
                _ => {}
            }
            let mut x = 0;
            steps
                .iter()
                .zip(percents)
                .map(|(step, p)| {
                    let at = x;
                    x += step;
                    (at, p)
                })
                .collect()
        })
}

fn weighted(direction: i8) -> impl Strategy<Value = Weighted> {
    (0u32..=200, knots(direction)).prop_map(|(weight, curve)| Weighted { weight, curve })
}

/// A valid model with random weights and curves.
fn any_model() -> impl Strategy<Value = LimitModel> {
    (
        (weighted(1), weighted(-1), weighted(1), weighted(1)),
        (weighted(1), weighted(-1), knots(0), 0u32..=200),
        (0u32..=300, 0u32..=100, 0u32..=100, 0u32..=100, 0u32..=100),
        (1u32..=10, 5u32..=60, 1u32..=120),
    )
        .prop_map(|(a, b, o, stages)| {
            let mut m = LimitModel::shipped();
            let f = &mut m.factors;
            (f.on_time, f.utilization, f.history, f.completeness) = a;
            (f.income, f.debt_to_income, f.usage.curve, f.usage.weight) = b;
            let mut costs = [o.1, o.2, o.3, o.4];
            costs.sort();
            f.overdues.weight = o.0;
            let w = &mut f.overdues;
            [w.grace, w.warning, w.penalty, w.collection] = costs;
            m.overdue_stages.grace_days = stages.0;
            m.overdue_stages.warning_days = stages.1 + stages.0;
            m.overdue_stages.penalty_days = stages.2 + stages.1 + stages.0;
            m.validate().expect("the strategy builds valid models");
            m
        })
}

fn any_inputs() -> impl Strategy<Value = Inputs> {
    (
        (0u32..80, 0u32..4, 0u32..4, (0u32..4, 0u32..4)),
        prop::option::of((0u32..15000, 0u32..15000)),
        (0u32..1500, 0u32..100, 0u8..=100),
        prop::option::of((1u32..60000, 0u32..30000)),
    )
        .prop_map(
            |((good, g, w, (p, c)), util, (quarter, history, completeness), income)| {
                let util = util.map(|(a, b)| Utilization {
                    overall: Decimal::new(a.min(b).into(), 2),
                    worst: Decimal::new(a.max(b).into(), 2),
                    worst_line: "A".into(),
                });
                Inputs {
                    good_months: good,
                    overdues: OverdueCounts {
                        grace: g,
                        warning: w,
                        penalty: p,
                        collection: c,
                    },
                    utilization: util,
                    borrowings_per_quarter: Decimal::new(quarter.into(), 2),
                    history_months: history,
                    completeness,
                    income: income.map(|(i, d)| Income {
                        monthly: Decimal::from(i),
                        debt_to_income: Decimal::new(d.into(), 2),
                    }),
                }
            },
        )
}

fn raw(model: &LimitModel, inputs: &Inputs) -> i32 {
    model.raw_score(&model.factor_points(inputs))
}

/// The count of a stage (0 grace … 3 collection).
fn count(c: &mut OverdueCounts, stage: i32) -> &mut u32 {
    match stage {
        0 => &mut c.grace,
        1 => &mut c.warning,
        2 => &mut c.penalty,
        _ => &mut c.collection,
    }
}

proptest! {
    #![proptest_config(common::proptest_config(512))]

    #[test]
    fn an_extra_on_time_month_never_lowers_the_score(model in any_model(), inputs in any_inputs()) {
        let mut later = inputs.clone();
        later.good_months += 1;
        later.history_months += 1;
        prop_assert!(raw(&model, &later) >= raw(&model, &inputs));
    }

    #[test]
    fn an_overdue_never_raises_the_score(model in any_model(), inputs in any_inputs(), stage in 0..4) {
        let mut worse = inputs.clone();
        *count(&mut worse.overdues, stage) += 1;
        prop_assert!(raw(&model, &worse) <= raw(&model, &inputs));
        // Escalating one to the next stage never raises it either.
        if stage < 3 && *count(&mut inputs.clone().overdues, stage) > 0 {
            let mut escalated = inputs.clone();
            *count(&mut escalated.overdues, stage) -= 1;
            *count(&mut escalated.overdues, stage + 1) += 1;
            prop_assert!(raw(&model, &escalated) <= raw(&model, &inputs));
        }
    }

    #[test]
    fn lower_utilization_never_lowers_the_score(
        model in any_model(),
        inputs in any_inputs(),
        cut in (0u32..15000, 0u32..15000),
    ) {
        let Some(u) = inputs.utilization.clone() else { return Ok(()) };
        let mut lower = inputs.clone();
        lower.utilization = Some(Utilization {
            overall: (u.overall - Decimal::new(cut.0.into(), 2)).max(Decimal::ZERO),
            worst: (u.worst - Decimal::new(cut.1.into(), 2)).max(Decimal::ZERO),
            worst_line: u.worst_line,
        });
        prop_assert!(raw(&model, &lower) >= raw(&model, &inputs));
    }
}

// ---------------------------------------------------------------------------------------
// Projections of random stores under the shipped model.

/// Pay each installment due by `as_of` its scheduled amount, `late[k]` days after it is
/// due (`None`: not paid).
fn pay(loan: &Loan, late: &[Option<u64>], as_of: NaiveDate) -> Vec<PaymentRecord> {
    let schedule = loandash::engine::schedule::build(&loan.terms(), &[]).expect("a valid loan");
    schedule
        .installments()
        .zip(late.iter().cycle())
        .filter_map(|(row, late)| {
            let date = row.due_date + Days::new((*late)?);
            // A late payment carries a little extra for the penalty.
            let extra = if *late > Some(0) {
                row.payment / Decimal::from(20)
            } else {
                Decimal::ZERO
            };
            (date <= as_of && row.payment > Decimal::ZERO).then(|| PaymentRecord {
                id: 0,
                date,
                amount: (row.payment + extra).round_dp(2),
                loan: loan.id.clone(),
                kind: PaymentKind::Scheduled,
                mode: None,
            })
        })
        .collect()
}

fn store(
    lines: Vec<CreditLine>,
    loans: Vec<Loan>,
    payments: Vec<PaymentRecord>,
    profile: Profile,
) -> StoreData {
    let mut data = StoreData {
        profile,
        lines,
        loans,
        payments,
        ..StoreData::default()
    };
    data.payments.sort_by_key(|p| p.date);
    data.validate().expect("a valid test store");
    data
}

fn any_store() -> impl Strategy<Value = StoreData> {
    let one_loan = (
        100u32..8000,
        3u32..25,
        0u32..30,
        0u64..28,
        0usize..3,
        0u32..36,
        prop::collection::vec(
            prop::option::weighted(0.97, prop_oneof![6 => Just(0u64), 1 => 1u64..60]),
            1..6,
        ),
    );
    (
        2000u32..60000,
        prop::collection::vec(one_loan, 0..4),
        prop::option::of(0u32..3000),
        (
            prop::option::of(350u16..=950),
            0u8..=100,
            prop::option::of(1000u32..40000),
        ),
    )
        .prop_map(|(limit, loans, revolving, (score, completeness, income))| {
            let as_of = day(AS_OF);
            let methods = [
                Method::EqualInstallment,
                Method::EqualPrincipal,
                Method::InterestOnly,
            ];
            let mut all = Vec::new();
            let mut payments = Vec::new();
            for (i, (principal, term, months_ago, days_ago, method, rate, late)) in
                loans.into_iter().enumerate()
            {
                let start = as_of - Months::new(months_ago) - Days::new(days_ago);
                let l = loan(
                    &format!("L{}", i + 1),
                    principal.into(),
                    term,
                    start,
                    methods[method],
                    rate,
                );
                payments.extend(pay(&l, &late, as_of));
                all.push(l);
            }
            let mut data = store(
                vec![
                    CreditLine {
                        name: "A".into(),
                        lender: String::new(),
                        limit: limit.into(),
                    },
                    CreditLine {
                        name: "B".into(),
                        lender: String::new(),
                        limit: dec("5000"),
                    },
                ],
                all,
                payments,
                Profile {
                    credit_score: score,
                    completeness,
                    monthly_income: income.map(Decimal::from),
                    ..Profile::default()
                },
            );
            if let Some(balance) = revolving {
                data.revolving.push(RevolvingAccount {
                    id: "R1".into(),
                    name: "花呗".into(),
                    lender: String::new(),
                    statement_balance: balance.into(),
                    statement_day: 1,
                    due_day: 10,
                    daily_rate: dec("0.05"),
                    min_percent: Decimal::TEN,
                    min_floor: Decimal::ZERO,
                    basis: loandash::engine::revolving::InterestBasis::Remainder,
                    line: Some("B".into()),
                });
            }
            data
        })
}

fn record(data: &StoreData) -> Record {
    Record::new(&Portfolio::new(data, day(AS_OF)).expect("the store's loans replay"))
}

fn project(data: &StoreData, scenario: Outlook) -> Option<Projection> {
    let model = LimitModel::shipped();
    let record = record(data);
    let projector = Projector::new(data, &record, &model, Some("A")).expect("a projector");
    projector.project(&scenario, 12).ok()
}

fn check_month(first: &MonthProjection, m: &MonthProjection) -> Result<(), TestCaseError> {
    prop_assert!((350..=950).contains(&m.score.value));
    prop_assert!(m.limit.value >= Decimal::ZERO && m.limit.low >= Decimal::ZERO);
    prop_assert!(m.limit.low <= m.limit.value && m.limit.value <= m.limit.high);
    prop_assert!(m.score.low <= m.score.value && m.score.value <= m.score.high);
    // The effects explain the whole change since today, to the point and the cent.
    let points: i32 = m.effects.iter().map(|e| e.points).sum();
    let money: Decimal = m.effects.iter().map(|e| e.money).sum();
    prop_assert_eq!(
        points,
        i32::from(m.score.value) - i32::from(first.score.value)
    );
    prop_assert_eq!(money, m.limit.value - first.limit.value);
    Ok(())
}

proptest! {
    #![proptest_config(common::proptest_config(96))]

    #[test]
    fn projections_stay_in_range_and_explain_themselves(data in any_store(), x in 1u32..5000, k in 1u32..120) {
        let limit = data.lines[0].limit;
        for scenario in [Outlook::OnTime, Outlook::Miss(k), Outlook::Prepay(x.into()), Outlook::Borrow((limit / Decimal::TEN).round())] {
            let Some(p) = project(&data, scenario) else { continue };
            prop_assert_eq!(p.months.len(), 13);
            // Month 0 is the line's limit after any review since the score date, and
            // what moved it since then adds up to the difference.
            let since: Decimal = p.since_score_date.iter().map(|e| e.money).sum();
            prop_assert_eq!(p.months[0].limit.value, limit + since);
            if let Some(typed) = data.profile.credit_score {
                let points: i32 = p.since_score_date.iter().map(|e| e.points).sum();
                prop_assert_eq!(i32::from(p.months[0].score.value), i32::from(typed) + points);
            }
            prop_assert!(p.months[0].effects.is_empty());
            for m in &p.months {
                check_month(&p.months[0], m)?;
            }
        }
    }

    #[test]
    fn a_missed_payment_never_raises_the_projection(data in any_store(), k in 1u32..200, more in 0u32..200) {
        let on_time = project(&data, Outlook::OnTime).expect("on time always projects");
        if let Some(missed) = project(&data, Outlook::Miss(k)) {
            never_above(&missed, &on_time)?;
            let later = project(&data, Outlook::Miss(k + more)).expect("the same payment can be missed");
            never_above(&later, &missed)?;
        }
    }

    #[test]
    fn repaying_early_never_lowers_the_projection(data in any_store(), x in 1u32..5000, more in 0u32..5000) {
        let on_time = project(&data, Outlook::OnTime).expect("on time always projects");
        let Some(prepaid) = project(&data, Outlook::Prepay(x.into())) else { return Ok(()) };
        never_above(&on_time, &prepaid)?;
        if let Some(more) = project(&data, Outlook::Prepay((x + more).into())) {
            never_above(&prepaid, &more)?;
        }
    }

    #[test]
    fn lower_utilization_never_lowers_the_projection(data in any_store(), cut in 1u32..3000) {
        // Only utilization differs: the statement is not yet due, so nothing is overdue.
        let mut data = data;
        let Some(account) = data.revolving.first_mut() else { return Ok(()) };
        account.due_day = 20;
        let balance = account.statement_balance;
        // One borrower paying the card down (line B) early: score and limit.
        let model = LimitModel::shipped();
        let record = record(&data);
        let on_b = Projector::new(&data, &record, &model, Some("B")).expect("a projector");
        let kept = on_b.project(&Outlook::OnTime, 12).expect("projects");
        if let Ok(paid) = on_b.project(&Outlook::Prepay(Decimal::from(cut).min(balance)), 12) {
            never_above(&kept, &paid)?;
        }
        // Two records differing only in the card's balance: the model's own scores.
        // (Limits project from today's, which the lender set for each record as it is.)
        data.profile.credit_score = None;
        let mut lower = data.clone();
        let balance = &mut lower.revolving[0].statement_balance;
        *balance = (*balance - Decimal::from(cut)).max(Decimal::ZERO);
        let (high, low) = (project(&data, Outlook::OnTime).expect("projects"), project(&lower, Outlook::OnTime).expect("projects"));
        for (h, l) in high.months.iter().zip(&low.months) {
            prop_assert!(h.score.value <= l.score.value, "{}: {} > {}", h.month, h.score.value, l.score.value);
        }
    }

    #[test]
    fn paying_on_time_never_lowers_the_on_time_record_or_history(data in any_store()) {
        let p = project(&data, Outlook::OnTime).expect("on time always projects");
        // Nothing overdue today, so nothing is settled late tomorrow.
        if p.months[0].overdue.is_some() { return Ok(()) }
        for factor in [Factor::OnTime, Factor::History] {
            let points: Vec<i32> = p.months.iter().map(|m| effect(m, factor)).collect();
            prop_assert!(points.windows(2).all(|w| w[0] <= w[1]), "{:?}: {:?}", factor, points);
        }
    }
}

fn effect(m: &MonthProjection, factor: Factor) -> i32 {
    m.effects
        .iter()
        .find(|e| e.cause == Cause::Factor(factor))
        .map_or(0, |e| e.points)
}

fn level(levels: &[FactorLevel], factor: Factor) -> i32 {
    levels
        .iter()
        .find(|l| l.factor == factor)
        .map_or(0, |l| l.points)
}

#[test]
fn a_late_payment_escalates_through_the_stages() {
    let as_of = day(AS_OF);
    let l = loan(
        "L1",
        dec("1200"),
        12,
        day("2026-01-20"),
        Method::EqualInstallment,
        18,
    );
    let payments = pay(&l, &[Some(0)], as_of);
    let data = store(
        vec![CreditLine {
            name: "A".into(),
            lender: String::new(),
            limit: dec("10000"),
        }],
        vec![l],
        payments,
        Profile {
            credit_score: Some(650),
            ..Profile::default()
        },
    );
    let p = project(&data, Outlook::Miss(90)).expect("projects");
    let stages: Vec<Option<OverdueStage>> = p
        .months
        .iter()
        .take(5)
        .map(|m| m.overdue.map(|o| o.stage))
        .collect();
    // Due 2026-06-20: 25 days late on 07-15, 56 on 08-15, 87 on 09-15, settled at 90.
    assert_eq!(
        stages,
        [
            None,
            Some(OverdueStage::Warning),
            Some(OverdueStage::Penalty),
            Some(OverdueStage::Penalty),
            None
        ]
    );
    let on_time = project(&data, Outlook::OnTime).expect("projects");
    assert!(p.months[12].score.value < on_time.months[12].score.value);
    assert!(effect(&p.months[1], Factor::Overdues) < 0);
}

// ---------------------------------------------------------------------------------------
// The seeds' two user stories (蚂蚁借呗额度优化策略: users A and B).

/// User A: a modest score, little activity and a thin profile — one small loan long
/// since repaid on time.
fn user_a() -> StoreData {
    let as_of = day(AS_OF);
    let old = loan(
        "L1",
        dec("500"),
        3,
        day("2025-03-10"),
        Method::EqualInstallment,
        18,
    );
    let payments = pay(&old, &[Some(0)], as_of);
    store(
        vec![CreditLine {
            name: "A".into(),
            lender: "蚂蚁".into(),
            limit: dec("5000"),
        }],
        vec![old],
        payments,
        Profile {
            credit_score: Some(600),
            completeness: 30,
            monthly_income: Some(dec("6000")),
            ..Profile::default()
        },
    )
}

/// User B: a good score and a clean record, but no borrowing for over a year.
fn user_b() -> StoreData {
    let as_of = day(AS_OF);
    let first = loan(
        "L1",
        dec("3000"),
        6,
        day("2023-12-05"),
        Method::EqualInstallment,
        12,
    );
    let second = loan(
        "L2",
        dec("2000"),
        6,
        day("2024-09-05"),
        Method::EqualInstallment,
        12,
    );
    let mut payments = pay(&first, &[Some(0)], as_of);
    payments.extend(pay(&second, &[Some(0)], as_of));
    store(
        vec![CreditLine {
            name: "A".into(),
            lender: "蚂蚁".into(),
            limit: dec("8000"),
        }],
        vec![first, second],
        payments,
        Profile {
            credit_score: Some(680),
            completeness: 80,
            monthly_income: Some(dec("10000")),
            ..Profile::default()
        },
    )
}

#[test]
fn user_a_improves_with_small_regular_use_repaid_on_time() {
    let data = user_a();
    let used = project(&data, Outlook::Borrow(dec("500"))).expect("projects");
    let (first, last) = (&used.months[0], &used.months[12]);
    assert!(
        last.score.value > first.score.value,
        "{} → {}",
        first.score.value,
        last.score.value
    );
    assert!(
        last.limit.value > first.limit.value,
        "{} → {}",
        first.limit.value,
        last.limit.value
    );
    // The explanation: the on-time record and usage rose, and they raised the limit.
    for factor in [Factor::OnTime, Factor::Usage] {
        let e = last
            .effects
            .iter()
            .find(|e| e.cause == Cause::Factor(factor))
            .unwrap_or_else(|| panic!("{factor:?} among {:?}", last.effects));
        assert!(e.points > 0 && e.money > Decimal::ZERO, "{e:?}");
    }
    // Today: never borrowing lately counts against them.
    assert!(level(&used.today, Factor::Usage) < 0);
    // Use beats no use.
    let idle = project(&data, Outlook::OnTime).expect("projects");
    assert!(last.score.value > idle.months[12].score.value);

    // The seed's first step, completing the profile, is among the best actions.
    let model = LimitModel::shipped();
    let record = record(&data);
    let projector = Projector::new(&data, &record, &model, None).expect("a projector");
    let suggestions = projector.suggest(&Outlook::OnTime, 12).expect("suggests");
    assert!((1..=3).contains(&suggestions.len()), "{suggestions:?}");
    assert!(suggestions.iter().any(|s| matches!(
        s.action,
        SuggestedAction::CompleteProfile { from_percent: 30 }
    )));
    assert!(
        suggestions
            .windows(2)
            .all(|w| w[0].limit_gain >= w[1].limit_gain)
    );
    let text = suggestions[0].text("¥");
    assert!(text.contains("+¥") && text.contains(" by 20"), "{text}");
}

#[test]
fn user_b_grows_modestly_and_more_with_some_use() {
    let data = user_b();
    let idle = project(&data, Outlook::OnTime).expect("projects");
    let used = project(&data, Outlook::Borrow(dec("1000"))).expect("projects");
    let growth = |p: &Projection| p.months[12].limit.value - p.months[0].limit.value;
    assert!(growth(&idle) >= Decimal::ZERO, "{}", growth(&idle));
    assert!(
        growth(&used) > growth(&idle),
        "{} vs {}",
        growth(&used),
        growth(&idle)
    );
    assert!(used.months[12].score.value > idle.months[12].score.value);
    // Some use is what makes the difference: usage frequency rises only when borrowing.
    assert!(effect(&used.months[12], Factor::Usage) > 0);
    assert!(idle.months.iter().all(|m| effect(m, Factor::Usage) <= 0));
    // The record was already clean: no overdues, and none projected.
    assert!(
        idle.months
            .iter()
            .all(|m| m.overdue.is_none() && effect(m, Factor::Overdues) == 0)
    );
}

/// A line's projections under each scenario, month by month, and its suggestions.
fn describe(projector: &Projector, text: &mut String) {
    use std::fmt::Write;
    let line = projector.line();
    let tenth = (line.limit / Decimal::TEN).round_dp(0).max(Decimal::ONE);
    let scenarios = [
        Outlook::OnTime,
        Outlook::Borrow(tenth),
        Outlook::Prepay(tenth),
        Outlook::Miss(30),
        Outlook::Miss(200),
    ];
    for scenario in scenarios {
        let _ = writeln!(text, "{} {scenario}", line.name);
        let projection = match projector.project(&scenario, 12) {
            Ok(p) => p,
            Err(e) => {
                let _ = writeln!(text, "  {e}");
                continue;
            }
        };
        for level in projection
            .today
            .iter()
            .filter(|_| scenario == Outlook::OnTime)
        {
            let _ = writeln!(text, "  today {} {}", level.points, level.detail);
        }
        for m in &projection.months {
            let effects: Vec<String> = m
                .effects
                .iter()
                .map(|e| match e.cause {
                    Cause::Factor(_) => {
                        format!(
                            "{} {} {} ({})",
                            e.cause.as_str(),
                            e.points,
                            e.money,
                            e.detail
                        )
                    }
                    _ => format!("{} {} {}", e.cause.as_str(), e.points, e.money),
                })
                .collect();
            let _ = writeln!(
                text,
                "  {} {} {}-{} {} {} {}-{} {:?} {}; {}",
                m.month,
                m.score.value,
                m.score.low,
                m.score.high,
                m.grade.as_str(),
                m.limit.value,
                m.limit.low,
                m.limit.high,
                m.overdue.map(|o| (o.stage.as_str(), o.days)),
                m.review,
                effects.join("; ")
            );
        }
    }
    for s in projector.suggest(&Outlook::OnTime, 12).expect("suggests") {
        let _ = writeln!(text, "  suggest {} ({} points)", s.text("¥"), s.score_gain);
    }
}

#[test]
fn a_generated_store_projects_as_replaying_each_line_did() {
    let as_of = day(AS_OF);
    let mut data = loandash::generate::generate(300, 8, as_of);
    // The generator pays on time: pay some installments late, so that the record has
    // payments settled late and in parts.
    for (n, p) in data.payments.iter_mut().enumerate() {
        if p.kind == PaymentKind::Scheduled && n % 31 == 0 {
            p.date = p.date + Days::new(n as u64 % 40);
        }
    }
    let model = LimitModel::shipped();
    let mut text = String::new();
    let record = Record::new(&Portfolio::new(&data, as_of).expect("the loans replay"));
    for line in &data.lines {
        let projector =
            Projector::new(&data, &record, &model, Some(&line.name)).expect("a projector");
        describe(&projector, &mut text);
    }
    // Pinned by the projector that replayed the ledger at each payment date of each
    // loan, once per line (before the shared record).
    insta::assert_snapshot!(text);
}
