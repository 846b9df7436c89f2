//! The what-if simulator (issue 7): its figures agree with the engine to the cent, its
//! properties hold over random loans, it stays exact on a 10,000-loan store, and
//! `loandash simulate` keeps its JSON shape.
//!
//! Expected figures come from `schedule::build` and the ledger, never from the simulator.

mod common;

use chrono::{Days, NaiveDate};
use common::{LoanCase, RawRate, annual, daily, day, dec, terms, worked_terms};
use loandash::book::dues::{self, YearMonth};
use loandash::book::ledger;
use loandash::engine::loan::{DayCount, LoanInput, LoanTerms, Method};
use loandash::engine::money::round_cents;
use loandash::engine::revolving::InterestBasis;
use loandash::engine::schedule::{self, PrepayMode, Prepayment, RowKind};
// `Strategy` is also proptest's trait.
use loandash::simulate::{PlanError, Scenario, Simulator, Step, Strategy as Order};
use loandash::store::{CreditLine, Loan, PaymentKind, PaymentRecord, RevolvingAccount, StoreData};
use proptest::prelude::*;
use proptest::test_runner::Config;
use rust_decimal::Decimal;
use std::time::{Duration, Instant};

fn loan(id: &str, terms: &LoanTerms) -> Loan {
    Loan::with_terms(id.to_string(), format!("loan {id}"), String::new(), terms)
}

fn prepay_step(loan: &str, prepayment: Prepayment) -> Scenario {
    Scenario {
        steps: vec![Step::Prepay {
            loan: loan.to_string(),
            prepayment,
        }],
    }
}

/// Pay every installment of `loan` due on or before `until`, on its due date.
fn pay_installments(loan: &Loan, until: NaiveDate) -> Vec<PaymentRecord> {
    let schedule = schedule::build(&loan.terms(), &[]).expect("a schedule");
    schedule
        .installments()
        .filter(|r| r.due_date <= until)
        .map(|r| PaymentRecord::scheduled(loan.id.clone(), r.due_date, r.payment))
        .collect()
}

// ------------------------------------------------- interest saved, to the cent --

/// The worked loan of DOMAIN.md and two 30/360 loans; prepayments between due dates and
/// on them, both modes, with earlier installments paid (or left overdue).
#[test]
fn interest_saved_is_the_difference_of_the_two_schedules() {
    let worked = worked_terms();
    let principal = terms(
        "12000",
        annual("12"),
        12,
        Method::EqualPrincipal,
        "2026-01-15",
    );
    let annuity = terms(
        "50000",
        annual("7.2"),
        24,
        Method::EqualInstallment,
        "2025-11-30",
    );
    let cases = [
        (
            &worked,
            "2026-01-31",
            "2026-03-10",
            "3000",
            PrepayMode::Reduce,
            false,
        ),
        (
            &worked,
            "2026-01-31",
            "2026-03-10",
            "3000",
            PrepayMode::Shorten,
            false,
        ),
        (
            &worked,
            "2026-03-05",
            "2026-03-31",
            "2000",
            PrepayMode::Reduce,
            true,
        ),
        (
            &worked,
            "2026-03-05",
            "2026-04-17",
            "9999999",
            PrepayMode::Shorten,
            true,
        ),
        (
            &principal,
            "2026-04-01",
            "2026-04-20",
            "2500",
            PrepayMode::Reduce,
            true,
        ),
        (
            &principal,
            "2026-04-01",
            "2026-05-15",
            "2500",
            PrepayMode::Shorten,
            false,
        ),
        (
            &annuity,
            "2026-02-10",
            "2026-02-27",
            "10000",
            PrepayMode::Reduce,
            true,
        ),
        (
            &annuity,
            "2026-02-10",
            "2026-02-28",
            "10000",
            PrepayMode::Shorten,
            true,
        ),
    ];
    for (terms, as_of, on, amount, mode, paid) in cases {
        let as_of = day(as_of);
        let l = loan("L1", terms);
        let payments = if paid {
            pay_installments(&l, as_of)
        } else {
            Vec::new()
        };
        let store = StoreData {
            loans: vec![l],
            payments,
            ..StoreData::default()
        };
        let p = Prepayment {
            date: day(on),
            amount: dec(amount),
            mode,
        };
        let sim = Simulator::new(&store, as_of).unwrap();
        let c = sim.evaluate(&prepay_step("L1", p)).unwrap();
        let without = schedule::build(terms, &[]).unwrap().totals().interest;
        let with = schedule::build(terms, &[p]).unwrap().totals().interest;
        assert_eq!(c.interest_saved(), without - with, "{p:?} as of {as_of}");
        assert!(c.interest_saved() > Decimal::ZERO, "{p:?}");
        let change = &c.changed[0];
        assert_eq!(
            change.scenario.interest - change.baseline.as_ref().unwrap().interest,
            with - without
        );
    }
}

/// A second loan, a card and an overdue installment change nothing in the saving.
#[test]
fn other_debts_and_penalties_cancel_out() {
    let worked = worked_terms();
    let other = terms(
        "20000",
        annual("6"),
        24,
        Method::EqualInstallment,
        "2025-12-15",
    );
    let store = StoreData {
        loans: vec![loan("L1", &worked), loan("L2", &other)],
        revolving: vec![card("R1", "3000", 10)],
        ..StoreData::default()
    };
    let p = Prepayment {
        date: day("2026-04-10"),
        amount: dec("4000"),
        mode: PrepayMode::Reduce,
    };
    let sim = Simulator::new(&store, day("2026-03-20")).unwrap();
    let c = sim.evaluate(&prepay_step("L1", p)).unwrap();
    let without = schedule::build(&worked, &[]).unwrap().totals().interest;
    let with = schedule::build(&worked, &[p]).unwrap().totals().interest;
    assert_eq!(c.interest_saved(), without - with);
    // Only the months of L1 after the prepayment change.
    for m in &c.months {
        if m.month < "2026-04".parse().unwrap() || m.month > "2026-07".parse().unwrap() {
            assert_eq!(m.baseline, m.scenario, "{}", m.month);
        }
    }
}

fn card(id: &str, balance: &str, due_day: u32) -> RevolvingAccount {
    RevolvingAccount {
        id: id.to_string(),
        name: format!("card {id}"),
        lender: String::new(),
        statement_balance: dec(balance),
        statement_day: 1,
        due_day,
        daily_rate: dec("0.05"),
        min_percent: dec("10"),
        min_floor: Decimal::ZERO,
        basis: InterestBasis::Remainder,
        line: None,
    }
}

// ------------------------------------------------------------------ properties --

fn loan_case() -> impl Strategy<Value = LoanCase> {
    loan_case_of(Method::ALL.to_vec())
}

fn loan_case_of(methods: Vec<Method>) -> impl Strategy<Value = LoanCase> {
    (
        10_000i64..=20_000_000,
        (any::<bool>(), 1i64..=3600, 1i64..=1000),
        1i64..=200,
        1u32..=60,
        prop::sample::select(methods),
        prop::sample::select(DayCount::ALL.to_vec()),
        0u32..=60,
    )
        .prop_map(
            |(
                principal_cents,
                (daily, annual, per_day),
                fee_bp,
                term,
                method,
                day_count,
                start_offset,
            )| LoanCase {
                principal_cents,
                rate: if daily {
                    RawRate::Daily(per_day)
                } else {
                    RawRate::Annual(annual)
                },
                fee_bp,
                term,
                method,
                day_count,
                start: day("2026-01-31") + Days::new(start_offset.into()),
            },
        )
}

/// Methods with an installment every month, interest on the balance.
const MONTHLY: [Method; 3] = [
    Method::EqualInstallment,
    Method::EqualPrincipal,
    Method::InterestOnly,
];

proptest! {
    // PROPTEST_CASES=20000 for a deeper run.
    #![proptest_config(Config { max_global_rejects: 100_000, ..Config::default() })]

    /// Any prepayment of at least 1 % of the principal (see tests/properties.rs on the
    /// spec's A/12 reprice of `reduce`) saves exactly what the two schedules differ by,
    /// and never costs more; the as-of date falls anywhere in the loan, with the
    /// installments before it unpaid (their penalty is the same with or without).
    #[test]
    fn a_prepayment_saves_exactly_and_never_costs_more(
        case in loan_case(),
        at in 0i64..=1000,
        when in 0i64..=1000,
        share_bp in 100i64..=12_000,
        reduce in any::<bool>(),
    ) {
        let terms = case.terms();
        let span = (terms.maturity() - terms.start).num_days();
        let as_of = terms.start + Days::new((span * at / 1000) as u64);
        let date = as_of + Days::new(((terms.maturity() - as_of).num_days() * when / 1000) as u64);
        let amount = round_cents(terms.principal * Decimal::new(share_bp, 4)).max(Decimal::new(1, 2));
        let mode = if reduce { PrepayMode::Reduce } else { PrepayMode::Shorten };
        let p = Prepayment { date, amount, mode };
        let store = StoreData { loans: vec![loan("L1", &terms)], ..StoreData::default() };
        let sim = Simulator::new(&store, as_of).unwrap();
        let c = sim.evaluate(&prepay_step("L1", p)).unwrap();
        let without = schedule::build(&terms, &[]).unwrap().totals().interest;
        let with = schedule::build(&terms, &[p]).unwrap().totals().interest;
        prop_assert_eq!(c.interest_saved(), without - with, "{:?} as of {}", p, as_of);
        // Less a cent: the prepayment's interest is rounded on its own. Under 30E/360 a
        // prepayment the day before a month-end maturity (Mar 30 vs Mar 31: both day 30)
        // saves no days at all, and the two roundings can then cost 0.01.
        prop_assert!(
            c.interest_saved() >= Decimal::new(-1, 2),
            "{:?} as of {}: {}", p, as_of, c.interest_saved()
        );
    }

    /// For the same budget (enough for every month's minimum) avalanche never pays more
    /// interest than snowball, where "highest rate first" is what saves most: debts that
    /// accrue alike (one day count, one due day, the card's too, interest on the
    /// balance), rates at least a point apart, up to a cent a month of rounding.
    /// Elsewhere exact rules can favour snowball by a little: a 28-day February costs
    /// less under actual/365 than a 30/360 month at a slightly lower rate; a flat fee is
    /// on the original principal; a bullet's interest is simple; money put on a loan
    /// whose next installment would repay it in days saves only those days.
    #[test]
    fn avalanche_never_pays_more_interest_than_snowball(
        cases in prop::collection::vec(loan_case_of(MONTHLY.to_vec()), 2..=4),
        day_count in prop::sample::select(DayCount::ALL.to_vec()),
        with_card in any::<bool>(),
        extra in 1i64..=500_000,
    ) {
        let mut store = StoreData::default();
        let mut rates = Vec::new();
        for (i, c) in cases.iter().enumerate() {
            let terms = LoanTerms { start: day("2026-01-20"), day_count, ..c.terms() };
            rates.push(terms.nominal_annual_percent());
            store.loans.push(loan(&format!("L{}", i + 1), &terms));
        }
        // A card accrues by the day, as actual/365 does.
        if with_card && day_count == DayCount::Actual365 {
            store.revolving.push(card("R1", "8000", 20));
            rates.push(dec("18.25"));
        }
        for (i, a) in rates.iter().enumerate() {
            prop_assume!(rates[..i].iter().all(|b| (a - b).abs() >= Decimal::ONE));
        }
        let sim = Simulator::new(&store, day("2026-02-15")).unwrap();
        let minimums = sim.evaluate(&Scenario::default()).unwrap().months;
        let most = minimums.iter().map(|m| m.baseline).max().unwrap_or_default();
        let budget = most + Decimal::new(extra, 2);
        let avalanche = sim.plan(&Scenario::default(), budget, Order::Avalanche).unwrap();
        let snowball = sim.plan(&Scenario::default(), budget, Order::Snowball).unwrap();
        // Up to rounding: every amount is rounded to the cent when computed, so where the
        // orders differ by less than that, either may come out a cent ahead; a cent per
        // month of the plan bounds it.
        let rounding = Decimal::new(avalanche.payments.len().max(snowball.payments.len()) as i64, 2);
        prop_assert!(
            avalanche.summary.total_interest <= snowball.summary.total_interest + rounding,
            "budget {}: avalanche {} ({:?}), snowball {} ({:?})",
            budget, avalanche.summary.total_interest, avalanche.order, snowball.summary.total_interest, snowball.order
        );
        prop_assert!(avalanche.summary.total_interest <= sim.baseline().total_interest);
        for plan in [&avalanche, &snowball] {
            prop_assert!(plan.payments.iter().all(|(_, paid)| *paid <= budget));
            prop_assert_eq!(plan.order.len(), store.loans.len() + store.revolving.len());
        }
    }

    /// A budget below the as-of month's minimum due is infeasible in that month, at once.
    #[test]
    fn a_budget_below_the_minimums_is_infeasible(
        cases in prop::collection::vec(loan_case(), 1..=3),
        installment in 1u32..=60,
        share in 0i64..=999,
    ) {
        let mut store = StoreData::default();
        for (i, c) in cases.iter().enumerate() {
            store.loans.push(loan(&format!("L{}", i + 1), &c.terms()));
        }
        // The as-of date is a due date of the first loan, so its month owes something.
        let first = store.loans[0].terms();
        let as_of = first.due_date(installment.min(first.installments()));
        let sim = Simulator::new(&store, as_of).unwrap();
        let minimum = sim.evaluate(&Scenario::default()).unwrap().months[0].baseline;
        let budget = (minimum * Decimal::new(share, 3)).round_dp(2).max(Decimal::new(1, 2));
        prop_assume!(budget < minimum);
        let started = Instant::now();
        for strategy in Order::ALL {
            match sim.plan(&Scenario::default(), budget, strategy) {
                Err(PlanError::Infeasible(i)) => {
                    prop_assert_eq!(i.month, YearMonth::of(as_of));
                    prop_assert_eq!(i.minimum, minimum);
                }
                other => prop_assert!(false, "budget {} under {}: {:?}", budget, minimum, other),
            }
        }
        prop_assert!(started.elapsed() < Duration::from_secs(1));
    }
}

/// A card whose minimum never outpaces its interest: the planner stops at the 50-year
/// horizon and says the debt is not paid within it, instead of looping.
/// Applying a scenario records what was simulated: the store it writes has, as its own
/// baseline, the scenario's total interest, payoff and months, to the cent. Prepayments
/// on and between due dates in both modes, on a loan with an overdue installment (paid
/// first, as `pay` pays), a borrowing on a line, and a late payment and budget (skipped).
#[test]
fn an_applied_scenario_becomes_the_new_baseline() {
    let as_of = day("2026-05-20");
    let by_day = terms(
        "20000",
        daily("0.05"),
        12,
        Method::EqualInstallment,
        "2026-01-10",
    );
    let by_year = terms(
        "36000",
        annual("9.6"),
        24,
        Method::EqualPrincipal,
        "2026-02-20",
    );
    let mut drawn = loan(
        "L3",
        &terms(
            "8000",
            daily("0.03"),
            12,
            Method::EqualInstallment,
            "2026-03-01",
        ),
    );
    drawn.line = Some("借呗".to_string());
    let loans = vec![loan("L1", &by_day), loan("L2", &by_year), drawn];
    let mut payments = pay_installments(&loans[0], day("2026-04-10"));
    // L1's May installment (due May 10) is still unpaid: overdue on May 20.
    payments.extend(pay_installments(&loans[1], as_of));
    payments.extend(pay_installments(&loans[2], as_of));
    payments.sort_by_key(|p| p.date);
    let store = StoreData {
        lines: vec![CreditLine {
            name: "借呗".to_string(),
            lender: "蚂蚁".to_string(),
            limit: dec("50000"),
        }],
        loans,
        payments,
        ..StoreData::default()
    };
    let sim = Simulator::new(&store, as_of).expect("a simulator");
    let borrowed = LoanInput {
        principal: Some(dec("5000")),
        term: Some(6),
        ..loandash::book::lines::offer_like(
            loandash::book::lines::latest_on(&store, Some("借呗")).expect("a loan on the line"),
            as_of,
        )
    };
    for mode in [PrepayMode::Shorten, PrepayMode::Reduce] {
        let prepay = |loan: &str, date: &str, amount: &str| Step::Prepay {
            loan: loan.to_string(),
            prepayment: Prepayment {
                date: day(date),
                amount: dec(amount),
                mode,
            },
        };
        let scenario = Scenario {
            steps: vec![
                // Between due dates, after an overdue installment.
                prepay("L1", "2026-05-20", "3000"),
                // On its due date (Feb 20 start → May 20).
                prepay("L2", "2026-05-20", "4000.50"),
                Step::Delay {
                    loan: "L3".to_string(),
                    period: 3,
                    days: 10,
                },
                Step::Borrow {
                    terms: LoanTerms::new(&borrowed).expect("valid terms"),
                    line: Some("借呗".to_string()),
                },
                Step::Budget {
                    amount: dec("9000"),
                },
            ],
        };
        let comparison = sim.evaluate(&scenario).expect("it evaluates");
        let enacted = sim.enact(&scenario, "new").expect("it applies");
        use loandash::simulate::Enacted;
        assert!(matches!(enacted.steps[2], Enacted::Skipped));
        assert!(matches!(enacted.steps[4], Enacted::Skipped));
        let Enacted::Payment { cash, split, .. } = &enacted.steps[0] else {
            panic!("{:?}", enacted.steps[0]);
        };
        // What `pay` settles first: the overdue installment with its penalty to date.
        let state = ledger::loan_state(&store.loans[0], store.payments_for("L1"), as_of).unwrap();
        let overdue: Decimal = state.overdue().map(|i| i.outstanding()).sum();
        assert!(overdue > Decimal::ZERO);
        assert_eq!(split.towards_due, overdue);
        assert_eq!(split.prepaid_principal, dec("3000"));
        assert_eq!(*cash, overdue + dec("3000") + split.prepaid_interest);
        assert!(
            split.prepaid_interest > Decimal::ZERO,
            "mid-period: accrued interest"
        );
        let Enacted::Payment { split, .. } = &enacted.steps[1] else {
            panic!("{:?}", enacted.steps[1]);
        };
        assert_eq!(
            (split.prepaid_principal, split.prepaid_interest),
            (dec("4000.50"), Decimal::ZERO),
            "on a due date: no accrued interest"
        );
        let Enacted::Loan(new) = &enacted.steps[3] else {
            panic!("{:?}", enacted.steps[3]);
        };
        assert_eq!(
            (
                new.id.as_str(),
                new.name.as_str(),
                new.lender.as_str(),
                new.principal
            ),
            ("L4", "new", "蚂蚁", dec("5000"))
        );
        assert_eq!(store.payments.len() + 3, enacted.data.payments.len());
        enacted.data.validate().expect("a valid store");

        // The store as applied, simulated with the late payment only, is the scenario.
        let after = Simulator::new(&enacted.data, as_of).expect("a simulator");
        let rest = Scenario {
            steps: vec![scenario.steps[2].clone()],
        };
        let again = after.evaluate(&rest).expect("it evaluates");
        assert_eq!(again.scenario, comparison.scenario, "{mode:?}");
        // The as-of month's minimum was the overdue installment, now paid; later months
        // agree (past the scenario's last payment the old baseline's months are zero).
        assert_eq!(comparison.months[0].scenario, overdue);
        assert_eq!(again.months[0].scenario, Decimal::ZERO);
        let later = |c: &loandash::simulate::Comparison| -> Vec<(YearMonth, Decimal)> {
            let months = c.months.iter().skip(1).map(|m| (m.month, m.scenario));
            let mut months: Vec<_> = months.collect();
            while months.last().is_some_and(|m| m.1.is_zero()) {
                months.pop();
            }
            months
        };
        assert_eq!(later(&again), later(&comparison), "{mode:?}");
    }
}

#[test]
fn a_debt_that_never_clears_stops_at_the_horizon() {
    let mut account = card("R1", "10000", 10);
    account.min_percent = dec("1");
    account.daily_rate = dec("0.1");
    account.basis = InterestBasis::Statement;
    let store = StoreData {
        revolving: vec![account],
        ..StoreData::default()
    };
    let sim = Simulator::new(&store, day("2026-01-05")).unwrap();
    assert_eq!(sim.baseline().payoff_date, None);
    let started = Instant::now();
    let plan = sim
        .plan(&Scenario::default(), dec("100"), Order::Avalanche)
        .unwrap_err();
    // 1 % of a growing balance soon needs more than 100 a month.
    assert!(matches!(plan, PlanError::Infeasible(_)), "{plan:?}");
    let plan = sim
        .plan(&Scenario::default(), dec("5000"), Order::Snowball)
        .unwrap();
    assert!(plan.summary.payoff_date.is_some());
    assert!(started.elapsed() < Duration::from_secs(5));
}

// ----------------------------------------------------------------------- scale --

/// A deterministic store of `n` loans: every method and day count, a quarter on credit
/// lines, installments paid on time except every 50th loan's last one, a prepayment on
/// every 20th, and a card for every 10th loan.
fn large_store(n: usize, as_of: NaiveDate) -> StoreData {
    let mut seed: u64 = 7;
    let mut next = |m: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % m
    };
    let mut data = StoreData::default();
    for name in ["借呗", "微粒贷", "bank"] {
        data.lines.push(CreditLine {
            name: name.to_string(),
            lender: String::new(),
            limit: dec("100000000"),
        });
    }
    for i in 0..n {
        let method = Method::ALL[i % 5];
        let (annual_rate, daily_rate, fee_rate) = match (method, i % 3) {
            (Method::FlatFee, _) => (None, None, Some(Decimal::new(30 + next(50) as i64, 2))),
            (_, 0) => (None, Some(Decimal::new(200 + next(400) as i64, 4)), None),
            _ => (Some(Decimal::new(400 + next(2000) as i64, 2)), None, None),
        };
        let terms = LoanTerms::new(&LoanInput {
            principal: Some(Decimal::from(1000 + next(200_000))),
            annual_rate,
            daily_rate,
            fee_rate,
            term: Some([3, 6, 12, 24, 36, 60][next(6) as usize]),
            method: Some(method),
            start: Some(as_of - Days::new(next(720))),
            day_count: (i % 7 == 0).then_some(DayCount::Actual360),
            ..LoanInput::default()
        })
        .expect("generated terms are valid");
        let mut l = loan(&format!("L{}", i + 1), &terms);
        l.line = (i % 4 == 0).then(|| ["借呗", "微粒贷", "bank"][i % 3].to_string());
        let mut prepaid = Vec::new();
        if i % 20 == 0 && terms.due_date(1) < as_of {
            let p = Prepayment {
                date: terms.due_date(1),
                amount: round_cents(terms.principal / Decimal::TEN),
                mode: PrepayMode::Shorten,
            };
            data.payments.push(PaymentRecord {
                id: 0,
                date: p.date,
                amount: p.amount,
                loan: l.id.clone(),
                kind: PaymentKind::Prepayment,
                mode: Some(p.mode),
            });
            prepaid.push(p);
        }
        let rows = schedule::build(&terms, &prepaid).expect("a schedule").rows;
        let due: Vec<_> = rows
            .iter()
            .filter(|r| r.kind == RowKind::Scheduled && r.due_date < as_of)
            .collect();
        let skip_last = i % 50 == 0;
        for (k, r) in due.iter().enumerate() {
            if skip_last && k + 1 == due.len() {
                continue;
            }
            data.payments.push(PaymentRecord::scheduled(
                l.id.clone(),
                r.due_date,
                r.payment,
            ));
        }
        data.loans.push(l);
        if i % 10 == 0 {
            let mut account = card(&format!("R{}", i / 10 + 1), "1000", 1 + next(28) as u32);
            account.statement_balance = Decimal::from(500 + next(20_000));
            data.revolving.push(account);
        }
    }
    data
}

/// On 10,000 loans a prepayment moves only its loan's figures, exactly as the ledger
/// computes them, and the as-of month is the `due` total. (Its speed is issue 8's
/// benchmark; this prints the time taken.)
#[test]
fn ten_thousand_loans_stay_exact() {
    let as_of = day("2026-06-15");
    let data = large_store(10_000, as_of);
    let started = Instant::now();
    let sim = Simulator::new(&data, as_of).unwrap();
    let built = started.elapsed();
    let month0 = dues::minimum_due(&data, YearMonth::of(as_of), as_of).unwrap();
    let baseline = sim.evaluate(&Scenario::default()).unwrap();
    assert_eq!(baseline.months[0].baseline, month0.total());

    let target = data
        .loans
        .iter()
        .find(|l| {
            l.method == Method::EqualInstallment && l.terms().maturity() > as_of + Days::new(90)
        })
        .unwrap();
    let p = Prepayment {
        date: as_of + Days::new(20),
        amount: round_cents(target.principal / Decimal::from(5)),
        mode: PrepayMode::Reduce,
    };
    let started = Instant::now();
    let c = sim.evaluate(&prepay_step(&target.id, p)).unwrap();
    let evaluated = started.elapsed();
    let payments: Vec<_> = data.payments_for(&target.id).cloned().collect();
    let before = ledger::loan_state(target, &payments, as_of).unwrap();
    let after = ledger::loan_state_with(target, &payments, &[p], as_of).unwrap();
    assert_eq!(
        c.interest_saved(),
        before.schedule.totals().interest - after.schedule.totals().interest
    );
    let moved: Decimal = c.months.iter().map(|m| m.baseline - m.scenario).sum();
    let installments = |s: &ledger::LoanState| -> Decimal {
        s.installments
            .iter()
            .filter(|i| i.status != ledger::Status::Paid)
            .map(|i| i.outstanding())
            .sum()
    };
    assert_eq!(moved, installments(&before) - installments(&after));
    eprintln!("10,000 loans: baseline {built:?}, one prepayment evaluated in {evaluated:?}");
}

/// The simulator's estimate of every line's limit 6 months ahead: the same with no
/// what-if, higher when a line is paid down, lower after a payment 90 days late (on
/// every line), moved by a loan on no line too, and none for a store without lines.
#[test]
fn the_limit_effect_follows_the_projection() {
    let as_of = day("2026-11-23");
    let data = loandash::demo::demo_store(as_of);
    let model = loandash::limit::LimitModel::shipped();
    let sim = Simulator::new(&data, as_of).unwrap();
    // The largest loan drawn on a line, and its line.
    let loan = data
        .loans
        .iter()
        .filter(|l| l.line.is_some())
        .max_by_key(|l| l.principal)
        .unwrap();
    let line = loan.line.clone().unwrap();
    let effects = |scenario: Scenario| sim.limit_effects(&scenario, &model).unwrap();
    let on = |effects: &[loandash::simulate::LimitEffect], line: &str| {
        effects.iter().find(|e| e.line == line).cloned().unwrap()
    };
    let unchanged = effects(Scenario::default());
    let names: Vec<&str> = unchanged.iter().map(|e| e.line.as_str()).collect();
    let lines: Vec<&str> = data.lines.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, lines, "every line, in store order");
    assert!(unchanged.iter().all(|e| e.baseline == e.scenario));

    let paid_off = effects(prepay_step(
        &loan.id,
        Prepayment {
            date: as_of,
            amount: loan.principal,
            mode: PrepayMode::Shorten,
        },
    ));
    let own = on(&paid_off, &line);
    assert_eq!(own.baseline, on(&unchanged, &line).baseline);
    assert!(own.scenario >= own.baseline, "{own:?}");
    assert!(
        paid_off.iter().all(|e| e.scenario >= e.baseline),
        "{paid_off:?}"
    );

    let late = effects(Scenario {
        steps: vec![Step::Delay {
            loan: loan.id.clone(),
            period: 1,
            days: 90,
        }],
    });
    assert!(late.iter().all(|e| e.scenario < e.baseline), "{late:?}");

    // A large loan on no line raises what is owed against income: every line's limit
    // is lower with it.
    let borrowed = LoanInput {
        principal: Some(dec("100000")),
        annual_rate: Some(dec("12")),
        term: Some(12),
        method: Some(Method::EqualInstallment),
        start: Some(as_of),
        ..LoanInput::default()
    };
    let lineless = effects(Scenario {
        steps: vec![Step::Borrow {
            terms: LoanTerms::new(&borrowed).expect("valid terms"),
            line: None,
        }],
    });
    assert_eq!(lineless.len(), data.lines.len());
    assert!(
        lineless.iter().all(|e| e.scenario < e.baseline),
        "{lineless:?}"
    );

    let mut no_lines = data.clone();
    no_lines.lines.clear();
    no_lines.loans.iter_mut().for_each(|l| l.line = None);
    no_lines.revolving.iter_mut().for_each(|a| a.line = None);
    let sim = Simulator::new(&no_lines, as_of).unwrap();
    assert_eq!(
        sim.limit_effects(&Scenario::default(), &model).unwrap(),
        Vec::new()
    );
}
