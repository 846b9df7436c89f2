//! Properties of every schedule, over random loans and prepayments (DOMAIN.md, "Money
//! rules"). Loans: principal 100.00–1,000,000.00, annual rate 0–36 % or daily rate
//! 0–0.1 %, term 1–360, all five methods (flat-fee at 0–2 %/month), all three day counts,
//! starts across 2020–2030 with month-ends; prepayments: 0–3, dated within the loan
//! (some on due dates), 1.00 up to more than the balance, both modes.

mod common;

use chrono::{Datelike, Days, NaiveDate};
use common::{LoanCase, RawRate};
use loandash::engine::loan::{DayCount, LoanInput, LoanTerms, Method};
use loandash::engine::schedule::{self, PrepayMode, Prepayment, Row, RowKind, Schedule};
use proptest::prelude::*;
use rust_decimal::Decimal;

// ------------------------------------------------------------------ generators --

impl LoanCase {
    /// Whether the loan costs nothing but its principal (no rate, no fee).
    fn is_free(&self) -> bool {
        match self.method {
            Method::FlatFee => self.fee_bp == 0,
            _ => matches!(self.rate, RawRate::Annual(0) | RawRate::Daily(0)),
        }
    }
}

fn method() -> impl Strategy<Value = Method> {
    prop::sample::select(Method::ALL.to_vec())
}

fn day_count() -> impl Strategy<Value = DayCount> {
    prop::sample::select(DayCount::ALL.to_vec())
}

fn rate() -> impl Strategy<Value = RawRate> {
    prop_oneof![
        1 => Just(RawRate::Annual(0)),
        1 => Just(RawRate::Daily(0)),
        4 => (0i64..=3600).prop_map(RawRate::Annual),
        4 => (0i64..=1000).prop_map(RawRate::Daily),
    ]
}

/// A day in 2020–2030, often the 28th–31st (clamped to the month's end).
fn start_date() -> impl Strategy<Value = NaiveDate> {
    (
        2020i32..=2030,
        1u32..=12,
        prop_oneof![1u32..=28, 28u32..=31],
    )
        .prop_map(|(y, m, day)| {
            (0..4)
                .find_map(|back| NaiveDate::from_ymd_opt(y, m, day - back))
                .expect("a day 28–31 exists in every month")
        })
}

fn loan_with(
    methods: impl Strategy<Value = Method>,
    rates: impl Strategy<Value = RawRate>,
    fees: impl Strategy<Value = i64>,
) -> impl Strategy<Value = LoanCase> {
    (
        10_000i64..=100_000_000,
        rates,
        fees,
        1u32..=360,
        methods,
        day_count(),
        start_date(),
    )
        .prop_map(
            |(principal_cents, rate, fee_bp, term, method, day_count, start)| LoanCase {
                principal_cents,
                rate,
                fee_bp,
                term,
                method,
                day_count,
                start,
            },
        )
}

fn loan() -> impl Strategy<Value = LoanCase> {
    loan_with(method(), rate(), 0i64..=200)
}

/// Where and how much, relative to a loan (the loan is only known in the test body).
#[derive(Debug, Clone, Copy)]
struct RawPrepay {
    /// On a due date (installment `1 + position % installments`) or any day of the loan.
    on_due_date: bool,
    position: u32,
    /// 0: a small amount; 1: a share of the principal; 2: more than the principal.
    size: u8,
    amount: u32,
    reduce: bool,
}

fn raw_prepay() -> impl Strategy<Value = RawPrepay> {
    (
        any::<bool>(),
        // The loan's first and last days are the edges: weight them.
        prop_oneof![1 => Just(0u32), 1 => Just(1_000_000u32), 8 => 0u32..=1_000_000],
        0u8..3,
        0u32..=1_000_000,
        any::<bool>(),
    )
        .prop_map(|(on_due_date, position, size, amount, reduce)| RawPrepay {
            on_due_date,
            position,
            size,
            amount,
            reduce,
        })
}

impl RawPrepay {
    fn mode(&self) -> PrepayMode {
        if self.reduce {
            PrepayMode::Reduce
        } else {
            PrepayMode::Shorten
        }
    }
}

/// The prepayment `raw` describes, within `terms` (start to maturity inclusive).
fn prepayment(terms: &LoanTerms, raw: &RawPrepay) -> Prepayment {
    let date = if raw.on_due_date {
        terms.due_date(1 + raw.position % terms.installments())
    } else {
        let span = (terms.maturity() - terms.start).num_days() as u64;
        let offset = span * u64::from(raw.position) / 1_000_000;
        terms.start + Days::new(offset)
    };
    let principal_cents = terms
        .principal
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|c| i64::try_from(c).ok())
        .expect("whole cents");
    let cents = match raw.size {
        0 => 100 + i64::from(raw.amount % 10_000),
        1 => (principal_cents * i64::from(raw.amount % 1_000 + 1) / 1_000).max(100),
        _ => principal_cents + 100 + i64::from(raw.amount % 100_000),
    };
    Prepayment {
        date,
        amount: Decimal::new(cents, 2),
        mode: raw.mode(),
    }
}

fn prepayments(terms: &LoanTerms, raws: &[RawPrepay]) -> Vec<Prepayment> {
    raws.iter().map(|raw| prepayment(terms, raw)).collect()
}

fn build(terms: &LoanTerms, prepayments: &[Prepayment]) -> Result<Schedule, TestCaseError> {
    schedule::build(terms, prepayments).map_err(|e| {
        TestCaseError::fail(format!(
            "prepayments within the loan were refused: {e} ({prepayments:?})"
        ))
    })
}

fn has_cents_only(x: Decimal) -> bool {
    x.round_dp(2) == x
}

fn show(schedule: &Schedule) -> String {
    schedule
        .rows
        .iter()
        .map(|r| {
            format!(
                "{},{},{},{},{},{},{}",
                r.period,
                r.due_date,
                r.payment,
                r.principal,
                r.interest,
                r.balance,
                r.kind.as_str()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

// ------------------------------------------------------------------ invariants --

/// What every schedule satisfies, with or without prepayments.
fn check_invariants(terms: &LoanTerms, s: &Schedule) -> Result<(), TestCaseError> {
    let rows = &s.rows;
    prop_assert!(!rows.is_empty(), "no rows");
    let principal: Decimal = rows.iter().map(|r| r.principal).sum();
    prop_assert_eq!(
        principal,
        terms.principal,
        "principal paid sums to the loan"
    );
    let last = rows.last().unwrap();
    prop_assert_eq!(last.balance, Decimal::ZERO, "last balance is 0.00");

    let mut balance = terms.principal;
    let mut previous: Option<(NaiveDate, u32)> = None;
    for (i, r) in rows.iter().enumerate() {
        for (name, x) in [
            ("payment", r.payment),
            ("principal", r.principal),
            ("interest", r.interest),
            ("balance", r.balance),
        ] {
            prop_assert!(
                has_cents_only(x),
                "row {}: {} {} has more than 2 decimals",
                i,
                name,
                x
            );
        }
        prop_assert!(
            r.balance >= Decimal::ZERO,
            "row {}: negative balance {}",
            i,
            r.balance
        );
        prop_assert!(r.interest >= Decimal::ZERO, "row {}: negative interest", i);
        prop_assert_eq!(
            r.payment,
            r.principal + r.interest,
            "row {}: payment = principal + interest",
            i
        );
        prop_assert_eq!(
            r.balance,
            balance - r.principal,
            "row {}: balance falls by the principal",
            i
        );
        prop_assert!(
            i + 1 == rows.len() || r.balance > Decimal::ZERO,
            "row {}: balance 0.00 before the last row",
            i
        );
        prop_assert!(
            r.due_date >= terms.start && r.due_date <= terms.maturity(),
            "row {}: date outside the loan",
            i
        );
        if let Some((date, period)) = previous {
            prop_assert!(r.due_date >= date, "row {}: dates out of order", i);
            prop_assert!(r.period >= period, "row {}: periods out of order", i);
        }
        previous = Some((r.due_date, r.period));
        balance = r.balance;
    }
    let totals = s.totals();
    prop_assert_eq!(totals.principal, terms.principal);
    prop_assert_eq!(totals.paid, totals.principal + totals.interest);
    prop_assert!(s.apr() >= Decimal::ZERO, "apr {} < 0", s.apr());
    Ok(())
}

/// How far a cent of rounding in each payment can move the balance by the end of the
/// term, compounding at the loan's monthly rate: Σ 0.01 × (1 + r)^k over its periods.
fn rounding_drift(terms: &LoanTerms) -> Decimal {
    let growth = Decimal::ONE + terms.monthly_fraction();
    let cent = Decimal::new(1, 2);
    let mut drift = Decimal::ZERO;
    for _ in 0..terms.installments() {
        drift = (drift * growth + cent).min(Decimal::from(1_000_000_000));
    }
    drift
}

proptest! {
    #![proptest_config(common::proptest_config(256))]

    #[test]
    fn every_schedule_keeps_the_money_rules(
        case in loan(),
        raws in prop::collection::vec(raw_prepay(), 0..=3),
    ) {
        let terms = case.terms();
        let prepay = prepayments(&terms, &raws);
        let s = build(&terms, &prepay)?;
        check_invariants(&terms, &s).map_err(|e| {
            TestCaseError::fail(format!("{e}\nprepayments {prepay:?}\n{}", show(&s)))
        })?;
    }

    #[test]
    fn a_loan_entered_from_what_is_left_repays_as_the_original_goes_on(
        case in loan_with(
            prop::sample::select(vec![
                Method::EqualInstallment,
                Method::EqualPrincipal,
                Method::InterestOnly,
            ]),
            rate(),
            Just(0),
        ),
        paid_share in 1u32..=100,
    ) {
        let original = case.terms();
        let rows = build(&original, &[])?.rows;
        prop_assume!(rows.len() >= 2);
        // After k installments: what the lender's app shows, the installment it set, and
        // the due day when the start's day is cut short in some months.
        let k = 1 + (rows.len() - 1) * paid_share as usize / 101;
        let day = original.start.day();
        let installment = match original.method {
            Method::EqualInstallment => Some(rows[0].payment),
            Method::EqualPrincipal => Some(rows[0].principal),
            _ => None,
        };
        let entered = LoanInput {
            conventions: loandash::engine::loan::Conventions {
                installment,
                ..Default::default()
            },
            ..case.input()
        }
        .left(
            rows[k - 1].balance,
            (rows.len() - k) as u32,
            rows[k].due_date,
            (day > 28).then_some(day),
        )
        .map_err(|e| TestCaseError::fail(format!("after {k} installments, refused: {e}")))?;
        let again = build(&entered, &[])?.rows;
        let key = |r: &schedule::Row| (r.due_date, r.payment, r.principal, r.interest, r.balance);
        let theirs: Vec<_> = rows[k..].iter().map(key).collect();
        let ours: Vec<_> = again.iter().map(key).collect();
        prop_assert_eq!(ours, theirs, "after {} installments", k);
    }

    #[test]
    fn each_method_follows_its_rule(case in loan()) {
        let terms = case.terms();
        let s = build(&terms, &[])?;
        let rows = &s.rows;
        let shown = show(&s);
        prop_assert!(rows.iter().all(|r| r.kind == RowKind::Scheduled));
        let (last, before_last) = rows.split_last().unwrap();
        // Equal-installment, equal-principal and flat-fee end at maturity unless a
        // rounded-up installment clears the balance sooner (the spec does not say more),
        // so only "not after maturity" holds for them; see check_invariants.
        prop_assert!(last.due_date <= terms.maturity(), "ends after maturity\n{}", shown);
        match terms.method {
            Method::EqualInstallment => {
                let first = rows[0].payment;
                for r in before_last {
                    prop_assert_eq!(r.payment, first, "equal payments except the last\n{}", shown);
                }
            }
            Method::EqualPrincipal => {
                for r in before_last {
                    prop_assert_eq!(r.principal, rows[0].principal, "equal principal\n{}", shown);
                }
            }
            Method::FlatFee => {
                let fee = (terms.principal * terms.fee_rate / Decimal::ONE_HUNDRED)
                    .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
                for r in rows {
                    prop_assert_eq!(r.interest, fee, "fee on the original principal\n{}", shown);
                }
                for r in before_last {
                    prop_assert_eq!(r.principal, rows[0].principal, "equal principal\n{}", shown);
                }
            }
            Method::InterestOnly => {
                prop_assert_eq!(rows.len() as u32, terms.term, "{}", shown);
                prop_assert_eq!(last.due_date, terms.maturity(), "{}", shown);
                for r in before_last {
                    prop_assert_eq!(r.principal, Decimal::ZERO, "interest only\n{}", shown);
                }
            }
            Method::Bullet => {
                prop_assert_eq!(rows.len(), 1, "one payment\n{}", shown);
                prop_assert_eq!(last.due_date, terms.maturity(), "{}", shown);
                let months = last.due_date.year() * 12 + last.due_date.month() as i32
                    - (terms.start.year() * 12 + terms.start.month() as i32);
                prop_assert_eq!(months, terms.term as i32);
            }
        }
    }

    #[test]
    fn equal_installment_payments_are_equal_except_the_last(
        case in loan_with(Just(Method::EqualInstallment), rate(), Just(0)),
    ) {
        let terms = case.terms();
        let s = build(&terms, &[])?;
        let (_, before_last) = s.rows.split_last().unwrap();
        for r in before_last {
            prop_assert_eq!(r.payment, s.rows[0].payment, "\n{}", show(&s));
        }
    }

    #[test]
    fn a_prepayment_never_raises_total_interest(
        case in loan(),
        raws in prop::collection::vec(raw_prepay(), 1..=3),
    ) {
        let terms = case.terms();
        // The spec reprices `reduce` as an annuity at A/12 whatever the day count (the
        // worked example's 1126.32 pins it). Under actual days that resets the drift the
        // short and long months built up, which can outweigh what the prepayment saves:
        // 1,518.42 at 18.02 % over 215 months (actual/365), 15.18 repaid on the first
        // due date, costs 7.77 more; where the level payment does not cover a 31-day
        // month (965.00 at 0.0808 %/day over 246 months) 9.65 repaid costs 309.42 more.
        // That is the spec's repricing, not a bug: see
        // `reduce_reprices_at_a_twelfth_of_the_annual_rate_as_the_spec_requires`. So
        // `reduce` is held to the property where every month is a twelfth of the year
        // (30/360, at least 1 % of the principal so that cents of rounding cannot
        // outweigh it), and `shorten` under every day count. Nor where the cents the
        // rounded payment leaves each month, compounding at the loan's rate over its term,
        // can reach a tenth of that: 36,314.09 at 0.0952 %/day over 318 months repays 0.13
        // of principal a month, and 363.14 repaid (reduce) in month 152 costs 20.53 more.
        let floor = (terms.principal / Decimal::ONE_HUNDRED).round_dp(2);
        let equal_months = terms.day_count == DayCount::Thirty360
            && rounding_drift(&terms) * Decimal::TEN <= floor;
        let prepay: Vec<Prepayment> = prepayments(&terms, &raws)
            .into_iter()
            .map(|p| match p.mode {
                PrepayMode::Reduce if equal_months => Prepayment { amount: p.amount.max(floor), ..p },
                PrepayMode::Reduce => Prepayment { mode: PrepayMode::Shorten, ..p },
                PrepayMode::Shorten => p,
            })
            .collect();
        let without = build(&terms, &[])?;
        let with = build(&terms, &prepay)?;
        prop_assert!(
            with.totals().interest <= without.totals().interest,
            "interest {} with {:?}, {} without\nwith:\n{}\nwithout:\n{}",
            with.totals().interest, prepay, without.totals().interest, show(&with), show(&without)
        );
    }

    #[test]
    fn shorten_never_ends_later_than_reduce(case in loan(), raw in raw_prepay()) {
        let terms = case.terms();
        let p = prepayment(&terms, &raw);
        let shorten = build(&terms, &[Prepayment { mode: PrepayMode::Shorten, ..p }])?;
        let reduce = build(&terms, &[Prepayment { mode: PrepayMode::Reduce, ..p }])?;
        prop_assert!(
            shorten.payoff_date() <= reduce.payoff_date(),
            "{:?}: shorten ends {}, reduce {}\nshorten:\n{}\nreduce:\n{}",
            p, shorten.payoff_date(), reduce.payoff_date(), show(&shorten), show(&reduce)
        );
    }

    #[test]
    fn reduce_never_raises_the_installment(
        case in loan_with(
            prop::sample::select(vec![Method::EqualInstallment, Method::EqualPrincipal, Method::FlatFee]),
            rate(),
            0i64..=200,
        ),
        raw in raw_prepay(),
    ) {
        let terms = case.terms();
        let p = Prepayment { mode: PrepayMode::Reduce, ..prepayment(&terms, &raw) };
        let baseline = build(&terms, &[])?;
        let s = build(&terms, &[p])?;
        // The installment is the payment (equal-installment) or the per-period principal.
        let installment = |r: &schedule::Row| match terms.method {
            Method::EqualInstallment => r.payment,
            _ => r.principal,
        };
        if baseline.rows.len() < 2 {
            return Ok(()); // a single installment: nothing to reduce
        }
        let before = installment(&baseline.rows[0]);
        let at = s.rows.iter().position(|r| r.kind == RowKind::Prepayment);
        let Some(at) = at else { return Ok(()) };
        let last = s.rows.len() - 1;
        for (i, r) in s.rows.iter().enumerate().skip(at + 1) {
            if i == last || r.kind != RowKind::Scheduled {
                continue;
            }
            prop_assert!(
                installment(r) <= before,
                "{:?}: installment {} after the prepayment, {} before\nwith:\n{}\nwithout:\n{}",
                p, installment(r), before, show(&s), show(&baseline)
            );
        }
    }

    #[test]
    fn a_free_loan_has_a_zero_apr(
        case in loan_with(
            method(),
            prop_oneof![Just(RawRate::Annual(0)), Just(RawRate::Daily(0))],
            Just(0),
        ),
        raws in prop::collection::vec(raw_prepay(), 0..=3),
    ) {
        prop_assume!(case.is_free());
        let terms = case.terms();
        let s = build(&terms, &prepayments(&terms, &raws))?;
        prop_assert_eq!(s.totals().interest, Decimal::ZERO);
        prop_assert_eq!(s.apr(), Decimal::ZERO, "\n{}", show(&s));
    }

}

// ------------------------------------------------- counterexamples, kept as tests --
// Minimal cases the properties above found, pinned so they fail the same way every run.

fn equal_installment(
    principal: &str,
    rate: RawRate,
    term: u32,
    day_count: DayCount,
    start: &str,
) -> LoanTerms {
    LoanCase {
        principal_cents: (principal.parse::<Decimal>().unwrap() * Decimal::ONE_HUNDRED)
            .try_into()
            .unwrap(),
        rate,
        fee_bp: 0,
        term,
        method: Method::EqualInstallment,
        day_count,
        start: start.parse().unwrap(),
    }
    .terms()
}

fn prepay(date: &str, amount: &str, mode: PrepayMode) -> Prepayment {
    Prepayment {
        date: date.parse().unwrap(),
        amount: amount.parse().unwrap(),
        mode,
    }
}

/// 10,000 at 0.05 %/day over 360 months from Jan 1: the level payment is
/// round(10000·r / (1 − (1+r)^−360)), r = 18.25 %/12, = 152.75, while January's 31 days
/// of interest are 10000 × 0.0005 × 31 = 155.00. The spec: the same payment every period
/// ("principal = payment − interest"), the last one excepted.
#[test]
fn equal_installment_payment_stays_level_when_a_long_month_costs_more() {
    let terms = equal_installment(
        "10000",
        RawRate::Daily(500),
        360,
        DayCount::Actual365,
        "2026-01-01",
    );
    let s = schedule::build(&terms, &[]).unwrap();
    assert_eq!(s.rows[0].interest, Decimal::new(15500, 2));
    let (_, before_last) = s.rows.split_last().unwrap();
    let off: Vec<String> = before_last
        .iter()
        .filter(|r| r.payment != Decimal::new(15275, 2))
        .map(|r| format!("{} {} ({})", r.period, r.payment, r.due_date))
        .collect();
    assert!(
        off.is_empty(),
        "{} of {} payments before the last are not 152.75, e.g. {}",
        off.len(),
        before_last.len(),
        off[..off.len().min(5)].join(", ")
    );
}

/// The spec's rule for `reduce` on an actual-day loan: the new installment is the annuity
/// at A/12 on the new balance over the remaining periods. On 100,000 at 12 % (actual/365)
/// the balance after two short-ish months sits below the A/12 path, so even a 1.00
/// prepayment lowers the installment by 0.88 and the loan then costs more interest in
/// total: a consequence of the spec's formula, which this pins.
#[test]
fn reduce_reprices_at_a_twelfth_of_the_annual_rate_as_the_spec_requires() {
    let terms = equal_installment(
        "100000",
        RawRate::Annual(1200),
        120,
        DayCount::Actual365,
        "2026-01-15",
    );
    let with =
        schedule::build(&terms, &[prepay("2026-03-31", "1.00", PrepayMode::Reduce)]).unwrap();
    let prepaid = with
        .rows
        .iter()
        .position(|r| r.kind == RowKind::Prepayment)
        .unwrap();
    let balance = with.rows[prepaid].balance;
    let expected = loandash::engine::money::annuity_payment(balance, terms.monthly_fraction(), 118);
    assert_eq!(with.rows[prepaid + 1].payment, expected);
    assert_eq!(
        with.rows[prepaid - 1].payment - expected,
        Decimal::new(88, 2)
    );
}

/// 10,000 at 4.9 % (30/360) over 240 months: installment round(65.4444…) = 65.44; 1.00
/// prepaid with `reduce` after installment 171.
#[test]
fn reduce_prepayment_under_30_360_does_not_raise_the_installment() {
    let terms = equal_installment(
        "10000",
        RawRate::Annual(490),
        240,
        DayCount::Thirty360,
        "2026-01-15",
    );
    let s = schedule::build(&terms, &[prepay("2040-04-15", "1.00", PrepayMode::Reduce)]).unwrap();
    assert_eq!(s.rows[0].payment, Decimal::new(6544, 2));
    assert_no_installment_rises(&s, "installment", |r| r.payment);
}

/// Equal-principal 1,002.56 over 360 months (30/360, 6 %): round(1002.56 / 360) = 2.78, so
/// 1.76 of rounding waits for the last period. 1.00 prepaid with `reduce` after period 300
/// leaves 167.56 over 60 periods: round(2.7927) = 2.79.
#[test]
fn reduce_prepayment_does_not_raise_the_equal_principal_installment() {
    let terms = LoanCase {
        principal_cents: 100_256,
        rate: RawRate::Annual(600),
        fee_bp: 0,
        term: 360,
        method: Method::EqualPrincipal,
        day_count: DayCount::Thirty360,
        start: "2026-01-15".parse().unwrap(),
    }
    .terms();
    let date = terms.due_date(300).to_string();
    let s = schedule::build(&terms, &[prepay(&date, "1.00", PrepayMode::Reduce)]).unwrap();
    assert_eq!(s.rows[0].principal, Decimal::new(278, 2));
    assert_no_installment_rises(&s, "principal", |r| r.principal);
}

/// No scheduled installment before the last is above the first in `what` (`part` of
/// it): a `reduce` prepayment lowers it or keeps it.
fn assert_no_installment_rises(s: &Schedule, what: &str, part: fn(&Row) -> Decimal) {
    let before = part(&s.rows[0]);
    let (_, before_last) = s.rows.split_last().unwrap();
    for r in before_last.iter().filter(|r| r.kind == RowKind::Scheduled) {
        assert!(
            part(r) <= before,
            "{what} {} on {} after the prepayment, {before} before",
            part(r),
            r.due_date
        );
    }
}
