//! The what-if simulator: hypothetical steps on top of the store (borrow, prepay, pay an
//! installment late, a monthly budget) compared month by month with the store as it is,
//! and the payoff planner (avalanche, snowball).
//!
//! Made for a key press on a 10,000-loan store: [`Simulator::new`] computes every debt
//! once (its minimum due by month, interest, payoff date) and [`Simulator::evaluate`]
//! recomputes only the loans a scenario touches, moving the month totals by the
//! difference. Every amount comes from the engine: [`ledger`] replays payments,
//! [`schedule`] prices prepayments, [`dues`] carries the penalty and revolving rules.
//!
//! Rules chosen where DOMAIN.md is silent:
//! - the projection pays every minimum when due: an overdue installment is settled in the
//!   as-of month with its penalty to the as-of date (as `due` shows it), and revolving
//!   accounts pay only their minimum (as `due` projects later months);
//! - total interest is every loan's schedule interest and fees from start to end (paid or
//!   not, prepayments' accrued interest included) plus its penalty interest, plus each
//!   revolving account's interest from its latest statement on;
//! - what-ifs happen on or after the as-of date; a late installment keeps its scheduled
//!   interest and adds penalty for each day late (`miss` = late until the next due date);
//! - the planner pays each month's minimums, then the rest of the budget to the first
//!   debt in its order that has a due date that month, right after that installment (a
//!   `shorten` prepayment; a card's extra goes with its minimum; a bullet loan takes it
//!   on the month's last day, with the interest it accrued).

use crate::book::dues::YearMonth;
use crate::book::ledger;
use crate::engine::error::Problem;
use crate::engine::field::Field;
use crate::engine::loan::{FieldError, LoanTerms};
use crate::engine::money::round_dp;
use crate::engine::revolving::Disclosure;
use crate::engine::schedule::{PrepayMode, Prepayment};
use crate::limit::Record;
use crate::store::{RevolvingAccount, StoreData, WhatIf};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;

mod applied;
mod baseline;
mod enact;
mod limit_effect;
mod planner;
mod refinance;

use applied::*;
use baseline::*;
pub use enact::{Enacted, Enactment};
pub use limit_effect::{LIMIT_EFFECT_MONTHS, LimitEffect};
use planner::*;
pub use planner::{Infeasible, PayoffPlan, PlanError, Plans, Strategy};
pub use refinance::Refinance;

/// How far ahead anything is projected: 50 years.
pub const HORIZON_MONTHS: usize = 600;
/// Debt-to-income ratio (percent) above which a month is flagged, unless set otherwise.
pub const DEFAULT_DTI_WARNING: Decimal = Decimal::from_parts(50, 0, 0, false, 0);

/// One step of a scenario: a what-if resolved for the simulator, dated and with the
/// loan's full terms or the installment it delays ([`crate::store::WhatIf`] is the same
/// what-if as the user states it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Take a new loan, optionally drawn on a credit line (its terms from [`crate::book::lines::new_loan`]).
    Borrow {
        /// Its terms; the start must be on or after the as-of date.
        terms: LoanTerms,
        /// The credit line it draws on, by name.
        line: Option<String>,
    },
    /// Prepay a loan; an amount at or above its balance pays it off.
    Prepay {
        /// Loan id (a loan borrowed earlier in the scenario counts too).
        loan: String,
        /// Date, principal and mode.
        prepayment: Prepayment,
    },
    /// Pay installment `period` of a loan `days` after its due date.
    Delay {
        /// Loan id.
        loan: String,
        /// Installment number (1-based, as `schedule` shows it).
        period: u32,
        /// Days after the due date it is paid.
        days: u32,
    },
    /// Pay this much a month in all: the payoff planner runs on the scenario.
    Budget {
        /// The monthly budget; the last one given counts.
        amount: Decimal,
    },
}

/// A kind of what-if, as a person adds one to a scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhatIfKind {
    Prepay,
    Borrow,
    Late,
    Budget,
}

/// A new what-if of `kind` with the amounts a person would start from, for either front
/// end: prepay 1,000 of `loan` (else the first loan) shortening, as `pay` and `simulate
/// prepay` default to; borrow 5,000 over 12 months on the first credit line; pay `loan`
/// 30 days late; a monthly budget 1,000 above the highest of `minimums` (the minimum due
/// of each month ahead) rounded up to the hundred, so that it pays every month's
/// minimums (this month's alone may be the lowest). `None` for a loan's what-if where
/// there is no loan.
pub fn starting_what_if(
    kind: WhatIfKind,
    data: &StoreData,
    loan: Option<String>,
    minimums: impl IntoIterator<Item = Decimal>,
) -> Option<WhatIf> {
    let loan = || loan.or_else(|| data.loans.first().map(|l| l.id.clone()));
    let hundreds = |amount: Decimal| (amount / Decimal::ONE_HUNDRED).ceil() * Decimal::ONE_HUNDRED;
    Some(match kind {
        WhatIfKind::Prepay => WhatIf::Prepay {
            loan: loan()?,
            amount: Decimal::ONE_THOUSAND,
            mode: PrepayMode::Shorten,
        },
        WhatIfKind::Late => WhatIf::Late {
            loan: loan()?,
            days: 30,
        },
        WhatIfKind::Borrow => WhatIf::Borrow {
            line: data.lines.first().map(|l| l.name.clone()),
            amount: Decimal::from(5000),
            term: 12,
        },
        WhatIfKind::Budget => WhatIf::Budget {
            amount: hundreds(minimums.into_iter().max().unwrap_or_default())
                + Decimal::ONE_THOUSAND,
        },
    })
}

/// A list of hypothetical steps on top of the store; it never changes the store.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scenario {
    /// Applied in order.
    pub steps: Vec<Step>,
}

/// Payoff date and interest of one debt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebtOutcome {
    /// Loan or revolving account id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Principal (or statement balance) left on the as-of date.
    pub balance: Decimal,
    /// Interest over its life, fees and penalty included.
    pub interest: Decimal,
    /// Its last payment; `None` when not within [`HORIZON_MONTHS`].
    pub payoff_date: Option<NaiveDate>,
}

/// A loan the scenario changes or adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebtChange {
    /// Before the scenario; `None` for a new loan.
    pub baseline: Option<DebtOutcome>,
    /// With the scenario.
    pub scenario: DebtOutcome,
}

/// The headline figures of one side of a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Interest over the life of every debt (see the module notes).
    pub total_interest: Decimal,
    /// When all debt is paid; `None` when not within [`HORIZON_MONTHS`].
    pub payoff_date: Option<NaiveDate>,
}

/// One month of the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthFigures {
    /// The month.
    pub month: YearMonth,
    /// Minimum due without the scenario.
    pub baseline: Decimal,
    /// Minimum due with it.
    pub scenario: Decimal,
    /// Baseline minimum due over monthly income, percent; `None` without an income.
    pub baseline_dti: Option<Decimal>,
    /// Scenario minimum due over monthly income, percent.
    pub scenario_dti: Option<Decimal>,
}

/// Baseline against scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    /// The store as it is.
    pub baseline: Summary,
    /// With the scenario.
    pub scenario: Summary,
    /// Minimum due per month from the as-of month until all debt is paid.
    pub months: Vec<MonthFigures>,
    /// The loans the scenario changes or adds.
    pub changed: Vec<DebtChange>,
    /// The debt-to-income ratio (percent) above which a month is flagged.
    pub dti_warning: Decimal,
    /// The payoff plans, when the scenario sets a budget.
    pub plans: Option<Plans>,
}

impl Comparison {
    /// baseline − scenario total interest; negative when the scenario costs more.
    pub fn interest_saved(&self) -> Decimal {
        self.baseline.total_interest - self.scenario.total_interest
    }

    /// Months whose scenario debt-to-income ratio is above the warning threshold.
    pub fn dti_alerts(&self) -> impl Iterator<Item = &MonthFigures> {
        self.months
            .iter()
            .filter(|m| m.scenario_dti.is_some_and(|r| r > self.dti_warning))
    }
}

/// The simulator: the store's baseline computed once, scenarios applied on top.
#[derive(Debug)]
pub struct Simulator {
    data: StoreData,
    as_of: NaiveDate,
    dti_warning: Decimal,
    loan_ids: HashMap<String, usize>,
    loan_payments: Vec<Vec<usize>>,
    account_payments: Vec<Vec<usize>>,
    loans: Vec<Figures>,
    /// `None` for an account that owes nothing.
    revolving: Vec<Option<Figures>>,
    totals: Vec<Decimal>,
    interest: Decimal,
    /// Every debt, latest payoff first.
    latest: Vec<(NaiveDate, Debt)>,
    line_used: OnceLock<HashMap<String, Decimal>>,
    /// What the limit projection reads of the store, read on first use.
    limit_record: OnceLock<Result<Record, FieldError>>,
}

impl Simulator {
    /// Compute the baseline of `data` as of `as_of`.
    pub fn new(data: &StoreData, as_of: NaiveDate) -> Result<Self, FieldError> {
        let data = data.clone();
        let loan_ids: HashMap<String, usize> = data
            .loans
            .iter()
            .enumerate()
            .map(|(i, l)| (l.id.clone(), i))
            .collect();
        let account_ids: HashMap<&str, usize> = data
            .revolving
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        let mut loan_payments = vec![Vec::new(); data.loans.len()];
        let mut account_payments = vec![Vec::new(); data.revolving.len()];
        for (k, p) in data.payments.iter().enumerate() {
            if let Some(&i) = loan_ids.get(&p.loan) {
                loan_payments[i].push(k);
            } else if let Some(&i) = account_ids.get(p.loan.as_str()) {
                account_payments[i].push(k);
            }
        }
        let records = |ids: &[usize]| ids.iter().map(|&k| &data.payments[k]).collect::<Vec<_>>();
        let loans = data
            .loans
            .iter()
            .zip(&loan_payments)
            .map(|(loan, ids)| {
                let state = ledger::loan_state(loan, records(ids), as_of)?;
                loan_figures(loan, &state, &[], as_of)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let revolving: Vec<Option<Figures>> = data
            .revolving
            .iter()
            .zip(&account_payments)
            .map(|(account, ids)| revolving_figures(account, &records(ids), as_of))
            .collect();
        let mut totals = Vec::new();
        let mut interest = Decimal::ZERO;
        let mut latest = Vec::with_capacity(loans.len() + revolving.len());
        for (i, f) in loans.iter().enumerate() {
            f.dues.apply(&mut totals, 0, false);
            interest += f.interest;
            latest.push((f.payoff, Debt::Loan(i)));
        }
        for (i, f) in revolving.iter().enumerate() {
            if let Some(f) = f {
                f.dues.apply(&mut totals, 0, false);
                interest += f.interest;
                latest.push((f.payoff, Debt::Revolving(i)));
            }
        }
        latest.sort_by_key(|entry| std::cmp::Reverse(entry.0));
        Ok(Self {
            data,
            as_of,
            dti_warning: DEFAULT_DTI_WARNING,
            loan_ids,
            loan_payments,
            account_payments,
            loans,
            revolving,
            totals,
            interest,
            latest,
            line_used: OnceLock::new(),
            limit_record: OnceLock::new(),
        })
    }

    /// The as-of date.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// The debt-to-income ratio (percent) above which a month is flagged.
    pub fn dti_warning(&self) -> Decimal {
        self.dti_warning
    }

    /// Set the debt-to-income warning threshold, in percent.
    pub fn set_dti_warning(&mut self, percent: Decimal) {
        self.dti_warning = percent;
    }

    /// The store as it is: total interest and when all debt is paid.
    pub fn baseline(&self) -> Summary {
        Summary {
            total_interest: self.interest,
            payoff_date: self.last_payoff(self.latest.first().map(|l| l.0)),
        }
    }

    /// Every debt as it is: loans in store order, then revolving accounts that owe something.
    pub fn debts(&self) -> Vec<DebtOutcome> {
        let loans = self
            .data
            .loans
            .iter()
            .zip(&self.loans)
            .map(|(l, f)| outcome(&l.id, &l.name, f));
        let accounts = self
            .data
            .revolving
            .iter()
            .zip(&self.revolving)
            .filter_map(|(a, f)| Some(outcome(&a.id, &a.name, f.as_ref()?)));
        loans.chain(accounts).collect()
    }

    /// Apply `scenario` and compare it with the store as it is.
    pub fn evaluate(&self, scenario: &Scenario) -> Result<Comparison, FieldError> {
        let (world, budget) = self.apply(scenario)?;
        let changed = world
            .touched
            .iter()
            .map(|t| DebtChange {
                baseline: t
                    .index
                    .map(|i| outcome(&t.loan.id, &t.loan.name, &self.loans[i])),
                scenario: outcome(&t.loan.id, &t.loan.name, &t.figures),
            })
            .collect();
        let plans = budget.map(|budget| Plans {
            avalanche: self.run_plan(world.clone(), budget, Strategy::Avalanche),
            snowball: self.run_plan(world.clone(), budget, Strategy::Snowball),
        });
        Ok(Comparison {
            baseline: self.baseline(),
            scenario: self.summary(&world),
            months: self.months(&world.totals),
            changed,
            dti_warning: self.dti_warning,
            plans,
        })
    }

    /// The minimum-payment disclosure of each revolving account that owes something.
    pub fn disclosures(&self) -> Vec<(&RevolvingAccount, Disclosure)> {
        self.data
            .revolving
            .iter()
            .filter(|a| a.statement_balance > Decimal::ZERO)
            .map(|a| (a, a.terms().disclosure(a.statement_balance)))
            .collect()
    }

    fn not_before_as_of(&self, field: Field, date: NaiveDate) -> Result<(), FieldError> {
        if date < self.as_of {
            return Err(FieldError::typed(
                field,
                Problem::BeforeAsOf {
                    date,
                    as_of: self.as_of,
                },
            ));
        }
        Ok(())
    }

    /// What `world` comes to: its interest, and when all its debt is paid.
    fn summary(&self, world: &Applied<'_>) -> Summary {
        let untouched = self.latest.iter().find(|(_, debt)| match debt {
            Debt::Loan(i) => !world.by_index.contains_key(i),
            Debt::Revolving(i) => world.live.get(*i).is_none_or(Option::is_none),
        });
        let touched = world.touched.iter().map(|t| t.figures.payoff);
        let live = world.live.iter().flatten().map(|l| l.payoff);
        let latest = (untouched.map(|(p, _)| *p).into_iter())
            .chain(touched)
            .chain(live)
            .max();
        Summary {
            total_interest: world.interest,
            payoff_date: self.last_payoff(latest),
        }
    }

    /// The latest payoff as reported: `None` past the horizon, the as-of date when no
    /// debt was ever owed.
    fn last_payoff(&self, latest: Option<NaiveDate>) -> Option<NaiveDate> {
        match latest {
            Some(NaiveDate::MAX) => None,
            Some(date) => Some(date),
            None => Some(self.as_of),
        }
    }

    fn months(&self, scenario: &[Decimal]) -> Vec<MonthFigures> {
        let last = |totals: &[Decimal]| totals.iter().rposition(|t| !t.is_zero());
        let Some(last) = last(&self.totals).max(last(scenario)) else {
            return Vec::new();
        };
        let month0 = YearMonth::of(self.as_of);
        let at = |totals: &[Decimal], k: usize| totals.get(k).copied().unwrap_or_default();
        // No month past 9999-12 is shown.
        (0..=last.min(month0.months_to_last()))
            .map(|k| {
                let (baseline, scenario) = (at(&self.totals, k), at(scenario, k));
                MonthFigures {
                    month: month0.plus(k as u32),
                    baseline,
                    scenario,
                    baseline_dti: self.dti(baseline),
                    scenario_dti: self.dti(scenario),
                }
            })
            .collect()
    }

    fn dti(&self, due: Decimal) -> Option<Decimal> {
        let income = self
            .data
            .profile
            .monthly_income
            .filter(|i| *i > Decimal::ZERO)?;
        Some(round_dp(due * Decimal::ONE_HUNDRED / income, 2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::dues;
    use crate::book::ledger::Status;
    use crate::book::ledger::tests::{huabei, worked_loan};
    use crate::engine::date;
    use crate::engine::loan::LoanInput;

    use crate::engine::schedule;
    use crate::store::{Loan, PaymentRecord};
    use rust_decimal_macros::dec;

    #[test]
    fn a_new_what_if_starts_from_round_amounts_on_the_loan_given_else_the_first() {
        let empty = StoreData::default();
        let minimums = [dec!(1068.00), dec!(5534.56), dec!(1234.56)];
        let start = |kind, data, loan| starting_what_if(kind, data, loan, minimums);
        assert_eq!(start(WhatIfKind::Prepay, &empty, None), None);
        assert_eq!(start(WhatIfKind::Late, &empty, None), None);
        // Above the highest month's minimums, not this month's alone (the demo's 2,100
        // paid less than the next month's 5,534.56).
        assert_eq!(
            start(WhatIfKind::Budget, &empty, None),
            Some(WhatIf::Budget { amount: dec!(6600) })
        );
        let data = StoreData {
            loans: vec![worked_loan()],
            ..StoreData::default()
        };
        let first = data.loans[0].id.clone();
        assert_eq!(
            start(WhatIfKind::Prepay, &data, None),
            Some(WhatIf::Prepay {
                loan: first,
                amount: dec!(1000),
                mode: PrepayMode::Shorten
            })
        );
        assert_eq!(
            start(WhatIfKind::Late, &data, Some("L9".into())),
            Some(WhatIf::Late {
                loan: "L9".into(),
                days: 30
            })
        );
    }

    fn store() -> StoreData {
        StoreData {
            loans: vec![worked_loan()],
            ..StoreData::default()
        }
    }

    fn prepay(loan: &str, on: &str, amount: Decimal, mode: PrepayMode) -> Step {
        Step::Prepay {
            loan: loan.into(),
            prepayment: Prepayment {
                date: date(on),
                amount,
                mode,
            },
        }
    }

    #[test]
    fn the_worked_prepayment_saves_the_schedules_difference() {
        let sim = Simulator::new(&store(), date("2026-01-31")).unwrap();
        let scenario = Scenario {
            steps: vec![prepay("L1", "2026-03-10", dec!(3000), PrepayMode::Reduce)],
        };
        let c = sim.evaluate(&scenario).unwrap();
        let terms = worked_loan().terms();
        let with = schedule::build(
            &terms,
            &[Prepayment {
                date: date("2026-03-10"),
                amount: dec!(3000),
                mode: PrepayMode::Reduce,
            }],
        )
        .unwrap();
        let without = schedule::build(&terms, &[]).unwrap();
        assert_eq!(c.baseline.total_interest, without.totals().interest);
        assert_eq!(c.scenario.total_interest, with.totals().interest);
        assert_eq!(
            c.interest_saved(),
            without.totals().interest - with.totals().interest
        );
        // February: 1,756.50 in both; March: the installment plus the prepayment's row is
        // not a minimum, so only 1,126.32 is due.
        assert_eq!(c.months[1].baseline, dec!(1756.50));
        assert_eq!(c.months[2].scenario, dec!(1126.32));
        assert_eq!(c.months.len(), 7);
        assert_eq!(c.changed.len(), 1);
    }

    #[test]
    fn month_zero_is_the_minimum_due_and_later_months_add_up() {
        let mut data = store();
        data.revolving.push(huabei(dec!(3000)));
        // Installment 1 (Feb 28) is 10 days overdue on Mar 10.
        let as_of = date("2026-03-10");
        let sim = Simulator::new(&data, as_of).unwrap();
        let c = sim.evaluate(&Scenario::default()).unwrap();
        let month0 = dues::minimum_due(&data, YearMonth::of(as_of), as_of).unwrap();
        assert_eq!(c.months[0].baseline, month0.total());
        for m in &c.months[1..12] {
            let due = dues::minimum_due(&data, m.month, as_of).unwrap();
            let carried: Decimal = due
                .items
                .iter()
                .filter(|i| i.status == Status::Overdue)
                .map(|i| i.amount())
                .sum();
            assert_eq!(m.baseline, due.total() - carried, "{}", m.month);
        }
        assert_eq!(c.interest_saved(), Decimal::ZERO);
        // Paying only the minimum, the card outlives the loan.
        let card = sim.debts().into_iter().find(|d| d.id == "R1").unwrap();
        assert_eq!(c.baseline.payoff_date, card.payoff_date);
    }

    #[test]
    fn a_late_installment_adds_its_penalty_and_moves_a_month() {
        let sim = Simulator::new(&store(), date("2026-02-01")).unwrap();
        let late = Scenario {
            steps: vec![Step::Delay {
                loan: "L1".into(),
                period: 1,
                days: 10,
            }],
        };
        let c = sim.evaluate(&late).unwrap();
        // 1,616.50 × 27.375 % × 10 / 365, as in the ledger's own example.
        assert_eq!(c.interest_saved(), dec!(-12.12));
        assert_eq!(c.months[0].scenario, dec!(0));
        assert_eq!(c.months[1].scenario, dec!(1756.50) + dec!(1768.62));
        let missing = Scenario {
            steps: vec![Step::Delay {
                loan: "L1".into(),
                period: 9,
                days: 1,
            }],
        };
        assert_eq!(sim.evaluate(&missing).unwrap_err().field, Field::Period);
    }

    /// A payment made late past the date cap is refused, naming the days that still fit
    /// (it gave a payoff of "+10000-01-04", a date no figure can show).
    #[test]
    fn a_delay_past_the_date_cap_is_refused() {
        let mut data = store();
        data.loans[0].start = date("9999-06-30");
        let sim = Simulator::new(&data, date("9999-12-01")).unwrap();
        let late = |days| Scenario {
            steps: vec![Step::Delay {
                loan: "L1".into(),
                period: 6,
                days,
            }],
        };
        let refused = sim.evaluate(&late(5)).unwrap_err();
        assert_eq!(refused.field, Field::Days);
        assert_eq!(
            refused.problem,
            Problem::Between {
                got: 5,
                min: 1,
                max: 1
            }
        );
        let c = sim.evaluate(&late(1)).unwrap();
        assert_eq!(
            c.scenario.payoff_date,
            Some(crate::engine::validate::MAX_DATE)
        );
    }

    #[test]
    fn borrowing_adds_a_loan_and_its_interest() {
        let mut data = store();
        data.profile.monthly_income = Some(dec!(5000));
        data.lines.push(crate::store::CreditLine {
            name: "借呗".into(),
            lender: "Ant".into(),
            limit: dec!(15000),
        });
        data.loans[0].line = Some("借呗".into());
        let sim = Simulator::new(&data, date("2026-01-31")).unwrap();
        assert_eq!(sim.line_available("借呗"), Ok(dec!(5000)));
        let latest = crate::book::lines::latest_on(&data, Some("借呗")).unwrap();
        let offer = crate::book::lines::offer_like(latest, sim.as_of());
        let terms = LoanTerms::new(&LoanInput {
            principal: Some(dec!(5000)),
            ..offer
        })
        .unwrap();
        let scenario = Scenario {
            steps: vec![Step::Borrow {
                terms: terms.clone(),
                line: Some("借呗".into()),
            }],
        };
        let c = sim.evaluate(&scenario).unwrap();
        let added = schedule::build(&terms, &[]).unwrap().totals().interest;
        assert_eq!(c.interest_saved(), -added);
        assert_eq!(c.changed[0].scenario.id, "L2");
        assert!(c.changed[0].baseline.is_none());
        // 1,756.50 over 5,000 of income; with the new loan's installment, above 50 %.
        assert_eq!(c.months[1].baseline_dti, Some(dec!(35.13)));
        assert!(c.dti_alerts().count() > 0);
        let too_much = Scenario {
            steps: vec![Step::Borrow {
                terms: LoanTerms {
                    principal: dec!(5000.01),
                    ..terms
                },
                line: Some("借呗".into()),
            }],
        };
        assert_eq!(sim.evaluate(&too_much).unwrap_err().field, Field::Principal);
    }

    #[test]
    fn each_loan_a_what_if_borrows_gets_a_name_no_loan_has() {
        let mut data = store();
        data.loans[0].name = "new loan".into();
        let sim = Simulator::new(&data, date("2026-01-31")).unwrap();
        let terms = worked_loan().terms();
        let borrow = || Step::Borrow {
            terms: LoanTerms {
                start: date("2026-02-01"),
                ..terms.clone()
            },
            line: None,
        };
        let scenario = Scenario {
            steps: vec![borrow(), borrow()],
        };
        let made = sim.enact(&scenario, "new loan").unwrap();
        let names: Vec<&str> = made.data.loans.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["new loan", "new loan 2", "new loan 3"]);
    }

    #[test]
    fn what_ifs_in_the_past_are_refused() {
        let sim = Simulator::new(&store(), date("2026-03-01")).unwrap();
        let past = Scenario {
            steps: vec![prepay("L1", "2026-02-10", dec!(100), PrepayMode::Shorten)],
        };
        assert_eq!(sim.evaluate(&past).unwrap_err().field, Field::Date);
        let unknown = Scenario {
            steps: vec![prepay("L9", "2026-03-10", dec!(100), PrepayMode::Shorten)],
        };
        assert_eq!(sim.evaluate(&unknown).unwrap_err().field, Field::Loan);
    }

    #[test]
    fn a_budget_pays_off_sooner_and_cheaper_than_the_minimums() {
        let mut data = store();
        data.loans.push(Loan {
            id: "L2".into(),
            rate: crate::engine::loan::Rate::Annual(dec!(6)),
            day_count: crate::engine::loan::DayCount::Thirty360,
            term: 12,
            ..worked_loan()
        });
        let sim = Simulator::new(&data, date("2026-01-31")).unwrap();
        let baseline = sim.baseline();
        let plan = sim
            .plan(&Scenario::default(), dec!(4000), Strategy::Avalanche)
            .unwrap();
        assert!(plan.summary.total_interest < baseline.total_interest);
        assert!(plan.summary.payoff_date < baseline.payoff_date);
        // The dearer 借呗 loan (18.25 %) is cleared first.
        assert_eq!(plan.order, ["L1", "L2"]);
        assert!(plan.payments.iter().all(|(_, p)| *p <= dec!(4000)));
        let snowball = sim
            .plan(&Scenario::default(), dec!(4000), Strategy::Snowball)
            .unwrap();
        assert!(plan.summary.total_interest <= snowball.summary.total_interest);
        let err = sim
            .plan(&Scenario::default(), dec!(100), Strategy::Avalanche)
            .unwrap_err();
        // January has nothing due; February's two installments are more than 100.
        assert!(matches!(err, PlanError::Infeasible(i) if i.month.to_string() == "2026-02"));
    }

    #[test]
    fn a_cheaper_line_is_weighed_in_money() {
        let mut data = store();
        data.lines.push(crate::store::CreditLine {
            name: "bank".into(),
            lender: "Bank".into(),
            limit: dec!(50000),
        });
        data.loans.push(Loan {
            id: "L2".into(),
            principal: dec!(1000),
            rate: crate::engine::loan::Rate::Annual(dec!(6)),
            day_count: crate::engine::loan::DayCount::Thirty360,
            term: 12,
            line: Some("bank".into()),
            ..worked_loan()
        });
        data.payments.push(PaymentRecord::scheduled(
            "L1",
            date("2026-02-28"),
            dec!(1756.50),
        ));
        let sim = Simulator::new(&data, date("2026-03-01")).unwrap();
        let m = sim
            .refinance("L1")
            .unwrap()
            .expect("the bank line is cheaper");
        assert_eq!(m.line, "bank");
        // 8,383.50 left after February, plus a day's interest at 18.25 %.
        assert_eq!(m.amount, dec!(8383.50) + dec!(4.19));
        assert!(m.line_apr < m.loan_apr && m.saves(), "{m:?}");
        // L2 is on the only line: nowhere to move it.
        assert_eq!(sim.refinance("L2").unwrap(), None);
    }

    #[test]
    fn series_add_and_subtract_from_an_offset() {
        let s = Series::from_items(&[(2, dec!(1)), (4, dec!(2)), (2, dec!(3))]);
        let mut totals = vec![dec!(10); 3];
        s.apply(&mut totals, 0, false);
        assert_eq!(totals, [dec!(10), dec!(10), dec!(14), dec!(0), dec!(2)]);
        s.apply(&mut totals, 3, true);
        assert_eq!(totals, [dec!(10), dec!(10), dec!(14), dec!(0), dec!(0)]);
    }
}
