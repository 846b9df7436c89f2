//! Large, realistic stores for benchmarks and scale tests (`loandash demo --generate N`).
//!
//! Pure: a seed and an as-of date give the same [`StoreData`], so the same file, every
//! time. Loans mix every method, day count and kind of rate, draw on credit lines, and
//! carry a payment history the engine agrees with: each installment before the as-of
//! date paid on its due date with exactly what [`schedule::build`] asks for, some
//! prepayments between due dates (recorded as the ledger expects: `amount` is the
//! principal prepaid), a few missed installments, and revolving accounts whose minimum
//! was paid, or not.

use crate::book::dues::{self, YearMonth};
use crate::engine::loan::{DayCount, LoanTerms, Method, Rate};
use crate::engine::schedule::{self, PrepayMode, Prepayment};
use crate::store::{
    CreditLine, Loan, PaymentKind, PaymentRecord, Profile, RevolvingAccount, StoreData,
};
use chrono::{Days, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// A small, fast, seedable generator (SplitMix64): good enough for test data, and its
/// sequence is fixed by this code alone, so no dependency update can change a file.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator whose sequence is fixed by `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number from `low` to `high`, both included.
    pub fn range(&mut self, low: u64, high: u64) -> u64 {
        debug_assert!(low <= high);
        // The modulo bias over a 64-bit draw is far below anything test data can show.
        low + self.next_u64() % (high - low + 1)
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.range(0, 99) < percent
    }

    /// One of `items` (which must not be empty).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() as u64 - 1) as usize]
    }
}

/// A kind of loan people hold, with the ranges its terms are drawn from: one entry of
/// `assets/products.ron` (its notes say what each range is in).
#[derive(Deserialize)]
struct Product {
    name: String,
    lender: String,
    line: Option<String>,
    weight: u64,
    methods: Vec<Method>,
    rate: (u64, u64),
    daily: bool,
    day_counts: Vec<DayCount>,
    principal: (u64, u64),
    terms: Vec<u32>,
    #[serde(default)]
    fee: (u64, u64),
}

/// The products the loans are drawn from, read once.
static PRODUCTS: LazyLock<Vec<Product>> = LazyLock::new(|| {
    ron::from_str(include_str!("../assets/products.ron"))
        .expect("assets/products.ron reads (a test reads it)")
});

const PURPOSES: &[&str] = &[
    "装修", "购车", "旅行", "教育", "周转", "手机", "家电", "医疗", "婚礼", "进货",
];

/// One revolving account beside every this many loans.
pub const LOANS_PER_REVOLVING: usize = 20;

/// A store of `count` installment loans as of `as_of`, with `count / 20` revolving
/// accounts beside them, with a profile, a payment history and the credit lines they draw
/// on (one per product, as a person has: 借呗, 微粒贷, a card, 花呗, 白条).
pub fn generate(count: usize, seed: u64, as_of: NaiveDate) -> StoreData {
    generate_with_progress(count, seed, as_of, |_| {})
}

/// [`generate`], calling `progress` with the number of loans and accounts made so far.
pub fn generate_with_progress(
    count: usize,
    seed: u64,
    as_of: NaiveDate,
    mut progress: impl FnMut(usize),
) -> StoreData {
    let mut rng = Rng::new(seed);
    let revolving_count = count / LOANS_PER_REVOLVING;
    let loan_count = count;
    let mut data = StoreData {
        profile: Profile {
            monthly_income: Some(Decimal::from(rng.range(80, 600) * 100)),
            credit_score: Some(rng.range(600, 800) as u16),
            completeness: rng.range(60, 100) as u8,
            ..Profile::default()
        },
        ..StoreData::default()
    };
    let mut payments = Vec::new();
    for index in 1..=loan_count {
        let loan = loan(&mut rng, index, as_of);
        payments.extend(history(&mut rng, &loan, as_of));
        data.loans.push(loan);
        progress(index);
    }
    for index in 1..=revolving_count {
        let (account, paid) = revolving(&mut rng, index, as_of);
        payments.extend(paid);
        data.revolving.push(account);
        progress(loan_count + index);
    }
    data.lines = lines(&mut rng, &data);
    // Oldest first; a stable sort keeps the order of one day's payments as generated.
    payments.sort_by_key(|p| p.date);
    data.payments = payments;
    data.number_payments();
    data
}

fn loan(rng: &mut Rng, index: usize, as_of: NaiveDate) -> Loan {
    let total: u64 = PRODUCTS.iter().map(|p| p.weight).sum();
    let mut draw = rng.range(0, total - 1);
    let product = PRODUCTS
        .iter()
        .find(|p| {
            let hit = draw < p.weight;
            draw = draw.saturating_sub(p.weight);
            hit
        })
        .unwrap_or(&PRODUCTS[0]);
    let method = *rng.pick(&product.methods);
    let term = *rng.pick(&product.terms);
    let rate_units = rng.range(product.rate.0, product.rate.1);
    let rate = if product.daily {
        Rate::Daily(Decimal::new(rate_units as i64, 3))
    } else {
        Rate::Annual(Decimal::new(rate_units as i64, 2))
    };
    let fee_rate = if method == Method::FlatFee {
        Decimal::new(rng.range(product.fee.0, product.fee.1) as i64, 2)
    } else {
        Decimal::ZERO
    };
    // Started up to its whole term ago (a few a little longer: paid off), on any day.
    let months_ago = rng.range(0, u64::from(term) + 2) as u32;
    let first = YearMonth::of(as_of).first_day();
    let start_month = YearMonth::of(
        first
            .checked_sub_months(Months::new(months_ago))
            .unwrap_or(first),
    );
    let start = start_month.day(rng.range(1, 31) as u32).min(as_of);
    let purpose = rng.pick(PURPOSES);
    let line = product.line.clone().filter(|_| rng.chance(90));
    Loan {
        id: format!("L{index}"),
        // Numbered like the accounts: loan names are unique.
        name: format!("{} {purpose} {index}", product.name),
        lender: product.lender.clone(),
        method,
        principal: Decimal::from(rng.range(product.principal.0, product.principal.1) * 100),
        rate,
        day_count: *rng.pick(&product.day_counts),
        term,
        start,
        fee_rate,
        penalty_rate: rng
            .chance(10)
            .then(|| Decimal::new(rng.range(1000, 3650) as i64, 2)),
        line,
        early_interest: Default::default(),
        conventions: None,
        plan: None,
        entered: Default::default(),
    }
}

/// The loan's payments up to `as_of`: maybe one prepayment between due dates, every
/// installment due before `as_of` paid on its date, except (rarely) the latest ones.
fn history(rng: &mut Rng, loan: &Loan, as_of: NaiveDate) -> Vec<PaymentRecord> {
    let terms = loan.terms();
    // A few loans miss their latest installments; the others may prepay once.
    let misses = rng.chance(3);
    let prepayments: Vec<Prepayment> = if !misses && rng.chance(12) {
        prepayment(rng, &terms, as_of).into_iter().collect()
    } else {
        Vec::new()
    };
    let Ok(plan) = schedule::build(&terms, &prepayments) else {
        return Vec::new();
    };
    let due: Vec<_> = plan.installments().filter(|r| r.due_date < as_of).collect();
    let missed = if misses {
        (rng.range(1, 2) as usize).min(due.len())
    } else {
        0
    };
    let mut records: Vec<PaymentRecord> = due[..due.len() - missed]
        .iter()
        .map(|row| PaymentRecord::paid_as_scheduled(&loan.id, row))
        .collect();
    records.extend(prepayments.iter().map(|p| PaymentRecord {
        id: 0,
        date: p.date,
        amount: p.amount,
        loan: loan.id.clone(),
        kind: PaymentKind::Prepayment,
        mode: Some(p.mode),
    }));
    records
}

/// A prepayment of part of the balance, a few days after a due date (or the start)
/// that is already past, before the next due date and before `as_of`.
fn prepayment(rng: &mut Rng, terms: &LoanTerms, as_of: NaiveDate) -> Option<Prepayment> {
    let plain = schedule::build(terms, &[]).ok()?;
    let installments: Vec<_> = plain.installments().collect();
    // Periods whose start lies at least two days before the as-of date.
    let open = installments
        .iter()
        .take_while(|r| r.due_date < as_of)
        .count();
    let k = rng.range(0, open.min(installments.len() - 1) as u64) as u32;
    let from = terms.due_date(k);
    let to = terms.due_date(k + 1).min(as_of);
    let room = (to - from).num_days();
    if room < 2 {
        return None;
    }
    let date = from.checked_add_days(Days::new(rng.range(1, room as u64 - 1)))?;
    let balance = if k == 0 {
        terms.principal
    } else {
        installments[k as usize - 1].balance
    };
    // 10 % to 60 % of the balance, in whole hundreds.
    let hundreds = (balance * Decimal::new(rng.range(10, 60) as i64, 2) / Decimal::ONE_HUNDRED)
        .floor()
        .max(Decimal::ONE);
    let amount = (hundreds * Decimal::ONE_HUNDRED).min(balance);
    Some(Prepayment {
        date,
        amount,
        mode: if rng.chance(50) {
            PrepayMode::Shorten
        } else {
            PrepayMode::Reduce
        },
    })
}

fn revolving(
    rng: &mut Rng,
    index: usize,
    as_of: NaiveDate,
) -> (RevolvingAccount, Vec<PaymentRecord>) {
    let (name, lender, line) = *rng.pick(&[
        ("花呗", "Ant", "花呗"),
        ("招行信用卡", "CMB", "招行信用卡"),
        ("白条", "JD", "白条"),
    ]);
    let statement_day = rng.range(1, 28) as u32;
    let due_day = (statement_day + 18) % 28 + 1;
    let account = RevolvingAccount {
        id: format!("R{index}"),
        name: format!("{name} {index}"),
        lender: lender.to_string(),
        statement_balance: Decimal::new(rng.range(0, 2_000_000) as i64, 2),
        statement_day,
        due_day,
        daily_rate: Decimal::new(5, 2),
        min_percent: Decimal::from(*rng.pick(&[5, 10])),
        min_floor: Decimal::from(*rng.pick(&[0, 50, 100])),
        basis: *rng.pick(&[
            crate::engine::revolving::InterestBasis::Remainder,
            crate::engine::revolving::InterestBasis::Statement,
        ]),
        line: rng.chance(80).then(|| line.to_string()),
    };
    let minimum = account.terms().minimum_payment(account.statement_balance);
    let due = dues::RevolvingProjection::new(&account, [], as_of).due_date();
    let mut paid = Vec::new();
    // The minimum is paid on the due date once it has passed, except now and then.
    if due < as_of && !minimum.is_zero() && rng.chance(90) {
        paid.push(PaymentRecord::scheduled(account.id.clone(), due, minimum));
    }
    (account, paid)
}

/// Every line some loan or account names, with a limit above what was borrowed on it.
fn lines(rng: &mut Rng, data: &StoreData) -> Vec<CreditLine> {
    // By name, so the lines come out in the same order every time.
    let mut drawn: BTreeMap<&str, (&str, Decimal)> = BTreeMap::new();
    let uses = data
        .loans
        .iter()
        .map(|l| (&l.line, &l.lender, l.principal))
        .chain(
            data.revolving
                .iter()
                .map(|a| (&a.line, &a.lender, a.statement_balance)),
        );
    for (line, lender, amount) in uses {
        if let Some(line) = line {
            drawn.entry(line).or_insert((lender, Decimal::ZERO)).1 += amount;
        }
    }
    drawn
        .into_iter()
        .map(|(name, (lender, used))| {
            let headroom = Decimal::new(rng.range(110, 200) as i64, 2);
            let thousands = (used * headroom / Decimal::ONE_THOUSAND).ceil();
            CreditLine {
                name: name.to_string(),
                lender: lender.to_string(),
                limit: (thousands * Decimal::ONE_THOUSAND).max(Decimal::from(5000)),
            }
        })
        .collect()
}

/// Generated stores for property tests.
#[cfg(test)]
pub(crate) mod samples {
    use super::*;
    use proptest::prelude::*;
    use std::ops::Range;

    /// The day the tests' stores are generated as of.
    pub(crate) fn as_of() -> NaiveDate {
        "2026-11-23".parse().unwrap()
    }

    /// A store [`generate`]d as of [`as_of`], shown by what it is generated from (not its
    /// thousands of lines) when a case fails.
    pub(crate) struct Generated {
        pub(crate) seed: u64,
        pub(crate) loans: usize,
        pub(crate) data: StoreData,
    }

    impl std::fmt::Debug for Generated {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "generate({}, {}, {})", self.loans, self.seed, as_of())
        }
    }

    /// Stores of a number of loans in `loans`, from any seed below 10,000.
    pub(crate) fn stores(loans: Range<usize>) -> impl Strategy<Value = Generated> {
        (0u64..10_000, loans).prop_map(|(seed, loans)| Generated {
            seed,
            loans,
            data: generate(loans, seed, as_of()),
        })
    }

    /// A store of [`stores`] and a day from 400 days before its as-of date to 1,500 after
    /// (before, during and after its loans).
    pub(crate) fn stores_and_days(
        loans: Range<usize>,
    ) -> impl Strategy<Value = (Generated, NaiveDate)> {
        (stores(loans), -400i64..1500)
            .prop_map(|(store, days)| (store, as_of() + chrono::Duration::days(days)))
    }
}

#[cfg(test)]
mod tests {
    use super::samples::as_of;
    use super::*;
    use crate::book::dues::minimum_due;
    use crate::book::ledger::Status;

    #[test]
    fn the_same_seed_gives_the_same_store_and_another_seed_another() {
        let a = generate(200, 7, as_of());
        assert_eq!(a, generate(200, 7, as_of()));
        assert_ne!(a, generate(200, 8, as_of()));
    }

    #[test]
    fn a_generated_store_is_valid_varied_and_agrees_with_the_engine() {
        let data = generate(500, 1, as_of());
        data.validate().unwrap();
        assert_eq!(
            data.notes().shared_names,
            Vec::new(),
            "loan names are unique"
        );
        assert_eq!(data.loans.len(), 500);
        assert_eq!(data.revolving.len(), 25);
        for method in Method::ALL {
            assert!(data.loans.iter().any(|l| l.method == method), "{method}");
        }
        for day_count in DayCount::ALL {
            assert!(data.loans.iter().any(|l| l.day_count == day_count));
        }
        assert!(!data.lines.is_empty());
        let kinds = |kind| data.payments.iter().filter(|p| p.kind == kind).count();
        assert!(kinds(PaymentKind::Prepayment) > 10);
        assert!(kinds(PaymentKind::Scheduled) > 1000);
        assert!(data.payments.windows(2).all(|w| w[0].date <= w[1].date));

        // Every payment settles what it was meant to: nothing is overdue but the
        // installments left unpaid on purpose, and no loan holds a credit.
        let portfolio = crate::book::dues::Portfolio::new(&data, as_of()).unwrap();
        let mut overdue_loans = 0;
        for (loan, state) in portfolio.loans() {
            assert!(
                state.credit.is_zero(),
                "{}: credit {}",
                loan.id,
                state.credit
            );
            let paid: Vec<_> = data.payments_for(&loan.id).collect();
            let last_paid = paid
                .iter()
                .filter(|p| p.kind == PaymentKind::Scheduled)
                .map(|p| p.date)
                .max();
            for inst in &state.installments {
                if Some(inst.due_date) <= last_paid {
                    assert_eq!(inst.status, Status::Paid, "{} {inst:?}", loan.id);
                }
                assert!(inst.paid_penalty.is_zero(), "{} paid late", loan.id);
            }
            if state.overdue().count() > 0 {
                overdue_loans += 1;
            }
        }
        assert!((3..=40).contains(&overdue_loans), "{overdue_loans} overdue");
        let due = minimum_due(&data, YearMonth::of(as_of()), as_of()).unwrap();
        assert!(due.total() > Decimal::ZERO);
    }

    #[test]
    fn tiny_stores_are_valid_too() {
        for count in 0..30 {
            for seed in 0..5 {
                let data = generate(count, seed, as_of());
                data.validate().unwrap();
                assert_eq!(data.loans.len(), count);
                assert_eq!(data.revolving.len(), count / 20);
                crate::book::overview::overview(&data, as_of()).unwrap();
            }
        }
    }

    #[test]
    fn every_product_reads_and_can_be_drawn_from() {
        assert!(!PRODUCTS.is_empty());
        for p in PRODUCTS.iter() {
            let ranges = [p.rate, p.principal, p.fee];
            assert!(ranges.iter().all(|(low, high)| low <= high), "{}", p.name);
            let lists = [p.methods.len(), p.day_counts.len(), p.terms.len()];
            assert!(!lists.contains(&0), "{}", p.name);
        }
    }

    #[test]
    fn splitmix_gives_its_published_sequence() {
        // The reference outputs of SplitMix64 seeded with 0.
        let mut rng = Rng::new(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }
}
