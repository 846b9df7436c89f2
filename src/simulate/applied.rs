//! The store with a scenario applied: only the loans it touches recomputed, the month
//! totals moved by the difference.

use super::{
    ExtraPaid, Figures, HORIZON_MONTHS, Scenario, Simulator, Step, balance_on, check_budget,
    loan_figures, month_offset, projection_from_as_of_month, unpaid_due,
};
use crate::book::dues::{RevolvingProjection, YearMonth};
use crate::book::ledger::{self, LoanState};
use crate::engine::error::Problem;
use crate::engine::field::Field;
use crate::engine::loan::{FieldError, LoanInput, LoanTerms, Method, add_months};
use crate::engine::schedule::{self, PrepayMode, Prepayment};
use crate::store::{Loan, MAX_DELAY_DAYS, PaymentRecord, next_id_after};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::collections::HashMap;

/// A loan the scenario (or the planner) changes, recomputed.
#[derive(Debug, Clone)]
pub(super) struct Touched<'s> {
    /// Its index in the store; `None` for a new loan.
    pub(super) index: Option<usize>,
    pub(super) loan: Cow<'s, Loan>,
    pub(super) planned: Vec<Prepayment>,
    pub(super) delays: Vec<(u32, u32)>,
    pub(super) state: Option<LoanState>,
    pub(super) figures: Figures,
}

/// A revolving account the planner pays more than its minimum.
#[derive(Debug, Clone)]
pub(super) struct Live {
    pub(super) projection: RevolvingProjection,
    pub(super) extra: Decimal,
    pub(super) payoff: NaiveDate,
}

/// How the planner names a loan: by store index until it is touched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Key {
    Store(usize),
    Touched(usize),
}

/// The store with a scenario applied: touched loans, live accounts, moved totals.
#[derive(Debug, Clone)]
pub(super) struct Applied<'s> {
    pub(super) sim: &'s Simulator,
    pub(super) touched: Vec<Touched<'s>>,
    pub(super) by_index: HashMap<usize, usize>,
    pub(super) live: Vec<Option<Live>>,
    pub(super) totals: Vec<Decimal>,
    pub(super) interest: Decimal,
}

impl<'s> Applied<'s> {
    pub(super) fn new(sim: &'s Simulator) -> Self {
        Self {
            sim,
            touched: Vec::new(),
            by_index: HashMap::new(),
            live: vec![None; sim.data.revolving.len()],
            totals: sim.totals.clone(),
            interest: sim.interest,
        }
    }

    /// The touched entry of loan `id`, touching a store loan first if needed.
    pub(super) fn find(&mut self, id: &str) -> Result<usize, FieldError> {
        if let Some(t) = self.touched.iter().position(|t| t.loan.id == id) {
            return Ok(t);
        }
        match self.sim.loan_ids.get(id) {
            Some(&i) => Ok(self.touch(i)),
            None => Err(FieldError::typed(
                Field::Loan,
                Problem::NoSuchLoan {
                    id: id.to_string(),
                    see_list: true,
                },
            )),
        }
    }

    /// Start tracking store loan `i` with its baseline figures.
    pub(super) fn touch(&mut self, i: usize) -> usize {
        if let Some(&t) = self.by_index.get(&i) {
            return t;
        }
        self.touched.push(Touched {
            index: Some(i),
            loan: Cow::Borrowed(&self.sim.data.loans[i]),
            planned: Vec::new(),
            delays: Vec::new(),
            state: None,
            figures: self.sim.loans[i].clone(),
        });
        self.by_index.insert(i, self.touched.len() - 1);
        self.touched.len() - 1
    }

    /// `Ok(touched index)`, or `Err(store index)` for a loan not touched yet.
    pub(super) fn resolve(&self, key: Key) -> Result<usize, usize> {
        match key {
            Key::Touched(t) => Ok(t),
            Key::Store(i) => self.by_index.get(&i).copied().ok_or(i),
        }
    }

    /// Recompute touched loan `t` and move the totals by the difference.
    pub(super) fn recompute(&mut self, t: usize) -> Result<(), FieldError> {
        let entry = &self.touched[t];
        let state = self.sim.state(entry.index, &entry.loan, &entry.planned)?;
        let figures = loan_figures(&entry.loan, &state, &entry.delays, self.sim.as_of)?;
        let entry = &mut self.touched[t];
        entry.figures.dues.apply(&mut self.totals, 0, true);
        figures.dues.apply(&mut self.totals, 0, false);
        self.interest += figures.interest - entry.figures.interest;
        entry.figures = figures;
        entry.state = Some(state);
        Ok(())
    }

    /// Put up to `cash` on loan `key` in `month` as a `shorten` prepayment: on its due
    /// date, after the installment (as a card's extra goes with its minimum); a bullet
    /// loan, due once, takes it on the month's last day. A loan with no due date in the
    /// month takes none: what it would save lasts only until that installment.
    pub(super) fn extra_to_loan(
        &mut self,
        key: Key,
        month: YearMonth,
        cash: Decimal,
    ) -> Result<ExtraPaid, FieldError> {
        let t = match self.resolve(key) {
            Ok(t) => t,
            Err(i) => self.touch(i),
        };
        if self.touched[t].state.is_none() {
            self.recompute(t)?;
        }
        let entry = &self.touched[t];
        let terms = entry.loan.terms();
        let period = YearMonth::of(terms.start).months_until(month);
        let day = match u32::try_from(period) {
            Ok(k) if terms.method != Method::Bullet && (1..=terms.installments()).contains(&k) => {
                terms.due_date(k)
            }
            Ok(_) if terms.method == Method::Bullet && terms.maturity() > month.day(31) => {
                month.day(31)
            }
            _ => return Ok(ExtraPaid::Skip),
        }
        .max(self.sim.as_of);
        let Some(state) = entry.state.as_ref().filter(|_| day >= terms.start) else {
            return Ok(ExtraPaid::Skip);
        };
        let balance = balance_on(state, &terms, day);
        if balance.is_zero() {
            return Ok(ExtraPaid::Cleared(Decimal::ZERO));
        }
        let accrued = |x| schedule::prepayment_interest(&terms, x, day);
        let principal = ledger::principal_within(cash, balance, accrued);
        if principal.is_zero() {
            return Ok(ExtraPaid::TooSmall);
        }
        let spent = principal + accrued(principal);
        self.touched[t].planned.push(Prepayment {
            date: day,
            amount: principal,
            mode: PrepayMode::Shorten,
        });
        self.recompute(t)?;
        Ok(if principal == balance {
            ExtraPaid::Cleared(spent)
        } else {
            ExtraPaid::Paid(spent)
        })
    }

    /// Pay up to `cash` beyond the minimum on account `a` in month offset `m`.
    pub(super) fn extra_to_account(&mut self, a: usize, m: usize, cash: Decimal) -> ExtraPaid {
        if self.live[a].is_none() {
            // From now on the account leaves its minimum-only path: replay that path to
            // this month and take the rest of it out of the totals.
            let (sim, account) = (self.sim, &self.sim.data.revolving[a]);
            let payments: Vec<_> = sim.payments_of(&sim.account_payments[a]).collect();
            let (mut projection, mut interest) =
                projection_from_as_of_month(account, &payments, sim.as_of);
            // Cash before the statement falls due waits for it (no interest runs before).
            for _ in month_offset(sim.as_of, &projection)..m {
                interest += projection.pay(projection.planned());
            }
            if let Some(f) = &sim.revolving[a] {
                f.dues.apply(&mut self.totals, m + 1, true);
                self.interest += interest - f.interest;
            }
            self.live[a] = Some(Live {
                projection,
                extra: Decimal::ZERO,
                payoff: NaiveDate::MAX,
            });
        }
        let Some(live) = self.live[a].as_mut() else {
            return ExtraPaid::Skip;
        };
        let room = live.projection.balance() - live.projection.minimum() - live.extra;
        let extra = cash.min(room);
        live.extra += extra;
        if extra == room {
            ExtraPaid::Cleared(extra)
        } else {
            ExtraPaid::Paid(extra)
        }
    }

    /// What accounts already live owe in month offset `m` (an account going live this
    /// month still has this month's minimum in the totals).
    pub(super) fn live_due(&self, m: usize) -> Decimal {
        let sim = self.sim;
        self.live
            .iter()
            .enumerate()
            .filter_map(|(a, live)| {
                let live = live.as_ref()?;
                if month_offset(sim.as_of, &live.projection) > m {
                    return None;
                }
                let payments: Vec<_> = sim.payments_of(&sim.account_payments[a]).collect();
                Some(unpaid_due(
                    &sim.data.revolving[a],
                    &payments,
                    &live.projection,
                    sim.as_of,
                ))
            })
            .sum()
    }

    /// Pay every live account due in month offset `m` what the baseline pays (its minimum, or
    /// what was paid towards the statement already) plus its extra.
    pub(super) fn pay_live(&mut self, m: usize) {
        let as_of = self.sim.as_of;
        for live in self.live.iter_mut().flatten() {
            if live.projection.balance().is_zero() || month_offset(as_of, &live.projection) > m {
                continue;
            }
            let due = live.projection.due_date();
            let paid = live.projection.planned() + live.extra;
            self.interest += live.projection.pay(paid);
            live.extra = Decimal::ZERO;
            if live.projection.balance().is_zero() {
                live.payoff = due;
            }
        }
    }
}

impl Simulator {
    pub(super) fn payments_of(&self, ids: &[usize]) -> impl Iterator<Item = &PaymentRecord> {
        ids.iter().map(|&k| &self.data.payments[k])
    }

    /// A loan's state with `planned` prepayments; `index` in the store (`None`: new).
    pub(super) fn state(
        &self,
        index: Option<usize>,
        loan: &Loan,
        planned: &[Prepayment],
    ) -> Result<LoanState, FieldError> {
        let ids = index.map_or(&[][..], |i| self.loan_payments[i].as_slice());
        ledger::loan_state_with(loan, self.payments_of(ids), planned, self.as_of).map_err(|e| {
            // The schedule names its prepayment flag; here it is the date.
            let field = if e.field == Field::Prepay {
                Field::Date
            } else {
                e.field
            };
            e.on(field)
        })
    }

    /// The scenario applied: touched loans recomputed, totals moved; and its budget.
    pub(super) fn apply(
        &self,
        scenario: &Scenario,
    ) -> Result<(Applied<'_>, Option<Decimal>), FieldError> {
        let mut world = Applied::new(self);
        let mut budget = None;
        let mut borrowed_on: HashMap<&str, Decimal> = HashMap::new();
        for step in &scenario.steps {
            match step {
                Step::Borrow { terms, line } => {
                    let loan = self.new_loan(&world, terms, line.as_deref(), &mut borrowed_on)?;
                    world.touched.push(Touched {
                        index: None,
                        loan: Cow::Owned(loan),
                        planned: Vec::new(),
                        delays: Vec::new(),
                        state: None,
                        figures: Figures::empty(),
                    });
                }
                Step::Prepay { loan, prepayment } => {
                    if prepayment.amount <= Decimal::ZERO {
                        return Err(FieldError::typed(
                            Field::Amount,
                            Problem::NotPositive(prepayment.amount),
                        ));
                    }
                    self.not_before_as_of(Field::Date, prepayment.date)?;
                    let t = world.find(loan)?;
                    world.touched[t].planned.push(*prepayment);
                }
                Step::Delay { loan, period, days } => {
                    if !(1..=MAX_DELAY_DAYS).contains(days) {
                        return Err(FieldError::typed(
                            Field::Days,
                            Problem::Between {
                                got: *days,
                                min: 1,
                                max: MAX_DELAY_DAYS,
                            },
                        ));
                    }
                    let t = world.find(loan)?;
                    world.touched[t].delays.push((*period, *days));
                }
                Step::Budget { amount } => {
                    check_budget(*amount)?;
                    budget = Some(*amount);
                }
            }
        }
        for t in 0..world.touched.len() {
            world.recompute(t)?;
        }
        Ok((world, budget))
    }

    pub(super) fn new_loan<'a>(
        &self,
        world: &Applied<'_>,
        terms: &LoanTerms,
        line: Option<&'a str>,
        borrowed_on: &mut HashMap<&'a str, Decimal>,
    ) -> Result<Loan, FieldError> {
        let terms = LoanTerms::new(&LoanInput::from(terms))?;
        self.not_before_as_of(Field::Start, terms.start)?;
        if terms.start > add_months(self.as_of, HORIZON_MONTHS as u32) {
            return Err(FieldError::typed(
                Field::Start,
                Problem::TooFarAhead {
                    of: self.as_of,
                    years: HORIZON_MONTHS as u32 / 12,
                },
            ));
        }
        let lender = match line {
            None => String::new(),
            Some(name) => {
                let line = self.data.line(name)?;
                let available = self.line_available(name)?;
                let drawn = borrowed_on.entry(name).or_default();
                *drawn += terms.principal;
                if *drawn > available {
                    return Err(FieldError::typed(
                        Field::Principal,
                        Problem::AboveAvailable {
                            drawn: *drawn,
                            line: name.to_string(),
                            available,
                        },
                    ));
                }
                line.lender.clone()
            }
        };
        let ids = (self.data.debts().map(|(id, _)| id))
            .chain(world.touched.iter().map(|t| t.loan.id.as_str()));
        let id = next_id_after("L", ids);
        Ok(Loan {
            line: line.map(str::to_string),
            ..Loan::with_terms(id, "new loan".to_string(), lender, &terms)
        })
    }
}
