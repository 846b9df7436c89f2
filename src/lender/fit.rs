//! Finding the loan terms and lender conventions that reproduce a lender's plan.
//!
//! The search is guided by the plan itself: its shape names the method, one regular
//! period's interest gives the rate (to the precision lenders quote), the due dates give
//! the start and any irregular first period. Each candidate is first probed on the
//! interest of two rows (cheap), and only survivors are built in full and compared row
//! by row. Where interest stops following the rate, a rate change is sought.

use super::plan::{Plan, PlanRow};
use crate::engine::error::Problem;
use crate::engine::field::Field;
use crate::engine::loan::{
    Conventions, DayCount, FieldError, LoanInput, LoanTerms, Method, Rate, RateChange, Remainder,
    add_months, days_30_360, is_month_end, on_day_clamped,
};
use crate::engine::money::Rounding;
use crate::engine::schedule::{self, Row};
use crate::language::Language;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::cell::{Cell, RefCell};
use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};

/// The best terms found and how well they reproduce the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fit {
    /// Terms and conventions of the closest schedule.
    pub terms: LoanTerms,
    /// Installments reproduced exactly (date, payment, principal and interest).
    pub matched: usize,
    /// The installments that differ, theirs beside ours.
    pub differing: Vec<Difference>,
}

impl Fit {
    /// Whether every row is reproduced to the cent.
    pub fn exact(&self) -> bool {
        self.differing.is_empty()
    }

    /// How far the differing rows are from the lender's: the payment, principal and
    /// interest differences summed, a row on another date (or missing) counting whole.
    fn distance(&self) -> Decimal {
        self.differing
            .iter()
            .map(|d| {
                let t = &d.theirs;
                match &d.ours {
                    Some(o) if o.due_date == t.due_date => {
                        (o.payment - t.payment).abs()
                            + (o.principal - t.principal).abs()
                            + (o.interest - t.interest).abs()
                    }
                    _ => t.payment + t.principal + t.interest,
                }
            })
            .sum()
    }

    /// More rows reproduced; as many, nearer the lender's.
    fn better_than(&self, other: &Fit) -> bool {
        // The distances (sums over every differing row) only on a tie.
        match self.matched.cmp(&other.matched) {
            Ordering::Equal => self.distance() < other.distance(),
            more_or_fewer => more_or_fewer == Ordering::Greater,
        }
    }
}

/// One installment where our schedule and the lender's differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// The lender's row.
    pub theirs: PlanRow,
    /// Ours for the same period, if our schedule has one.
    pub ours: Option<Row>,
}

/// Whether our installment `ours` is the lender's `theirs` to the cent.
pub fn same(ours: &Row, theirs: &PlanRow) -> bool {
    ours.due_date == theirs.due_date
        && ours.payment == theirs.payment
        && ours.principal == theirs.principal
        && ours.interest == theirs.interest
        && theirs.balance.is_none_or(|b| b == ours.balance)
}

/// Our installment of the lender's row's period (a plan's rows may start after the first).
pub fn our_row<'a>(ours: &'a [Row], theirs: &PlanRow) -> Option<&'a Row> {
    ours.get((theirs.period as usize).checked_sub(1)?)
}

/// Compare the schedule of `terms` with the plan, row by row.
pub fn compare(terms: &LoanTerms, plan: &Plan) -> (usize, Vec<Difference>) {
    compare_unless(terms, plan, |_, _| false).expect("never given up")
}

/// Whether the schedule of `terms` reproduces every row of the plan (built only to the
/// first row that differs).
fn reproduces(terms: &LoanTerms, plan: &Plan) -> bool {
    compare_unless(terms, plan, |_, differing| !differing.is_empty())
        .is_some_and(|(_, differing)| differing.is_empty())
}

/// [`compare`], given up (`None`) as soon as `hopeless(matched, differing)` says so of
/// the rows compared so far. Our rows are built one at a time as they are compared, and
/// no further once given up: most candidates tried differ early, and building every one
/// in full took a third of the time `fit` took. (Past the plan's last row the schedule
/// is still built: terms whose balance runs away later have no schedule.)
fn compare_unless(
    terms: &LoanTerms,
    plan: &Plan,
    hopeless: impl Fn(usize, &[Difference]) -> bool,
) -> Option<(usize, Vec<Difference>)> {
    let mut theirs = plan.rows.iter().peekable();
    let (mut matched, mut differing) = (0, Vec::new());
    let mut given_up = false;
    // Our installment k is period k; the plan's rows come in order of period.
    let built = schedule::build_while(terms, |ours| {
        while let Some(row) = theirs.next_if(|r| r.period <= ours.period) {
            match row.period == ours.period {
                true if same(ours, row) => matched += 1,
                on_ours => differing.push(Difference {
                    theirs: row.clone(),
                    ours: on_ours.then(|| ours.clone()),
                }),
            }
        }
        given_up = hopeless(matched, &differing);
        !given_up
    });
    if given_up {
        return None;
    }
    // Terms whose schedule cannot be built have no rows to compare.
    let ours_end = match built {
        Ok(_) => theirs,
        Err(_) => {
            (matched, differing) = (0, Vec::new());
            plan.rows.iter().peekable()
        }
    };
    differing.extend(ours_end.map(|row| Difference {
        theirs: row.clone(),
        ours: None,
    }));
    Some((matched, differing))
}

/// Find the terms that reproduce `plan`, or the closest ones.
pub fn fit(plan: &Plan) -> Result<Fit, FieldError> {
    let mut best: Option<Fit> = None;
    // Terms whose first rows miss the plan's are set aside, unless nothing else is found.
    let mut missed = Vec::new();
    // Terms whose rows a first search for rate changes did not reproduce, to search wider.
    let mut unexplained: Vec<(LoanTerms, usize)> = Vec::new();
    for group in candidates(plan) {
        // Terms whose rows match but for the installment, with the plan's kept: tried once
        // no rounding or remainder reproduces the plan with their own (either explains a
        // cent more simply), before terms of another draw date, price or day count.
        let mut levelled = Vec::new();
        for candidate in group {
            let Ok(terms) = LoanTerms::new(&candidate) else {
                continue;
            };
            if !probe(&terms, plan) && best.is_some() {
                missed.push(terms);
                continue;
            }
            let found = with_any_rate_change(&terms, plan);
            if !found.exact() {
                levelled.extend(with_lenders_installment(&terms, plan));
                unexplained.push((terms, found.matched));
            }
            if keep_if_closer(&mut best, found) {
                return Ok(plainer(best.expect("just found"), &levelled, plan));
            }
        }
        for terms in levelled {
            let found = with_any_rate_change(&terms, plan);
            let matched = found.matched;
            if keep_if_closer(&mut best, found) {
                return Ok(best.expect("just found"));
            }
            unexplained.push((terms, matched));
        }
    }
    // Then searched wider, those whose rows matched most first: rarer changes cost far
    // more to seek, and most plans need none of them.
    unexplained.sort_by_key(|(_, matched)| std::cmp::Reverse(*matched));
    for (terms, _) in unexplained {
        if keep_if_closer(&mut best, with_rate_changes(terms, plan, Search::Wide)) {
            return Ok(best.expect("just found"));
        }
    }
    // No terms reproduce every row: the closest is looked for among all of them, so that
    // a plan a few cents off ours is shown beside the terms it is a few cents off.
    for terms in missed {
        if best
            .as_ref()
            .is_some_and(|b| rows_it_may_match(&terms, plan) < b.matched)
        {
            continue;
        }
        // Given up once too many rows differ to match as many as the best.
        let fewer = |_, differing: &[Difference]| {
            best.as_ref()
                .is_some_and(|b| plan.rows.len() - differing.len() < b.matched)
        };
        let Some((matched, differing)) = compare_unless(&terms, plan, fewer) else {
            continue;
        };
        let found = Fit {
            terms,
            matched,
            differing,
        };
        keep_if_closer(&mut best, found);
    }
    best.ok_or_else(|| {
        let one_without_start = (plan.rows.len(), plan.start) == (1, None);
        let problem = Problem::said(|lang| {
            match (one_without_start, lang) {
                (true, Language::En) => "one installment and no draw date: put a line such as `放款日: 2026-01-10` (or `start: 2026-01-10`) above the table",
                (true, Language::Zh) => "只有一期且没有放款日：请在表格上方加一行，如 `放款日: 2026-01-10`（或 `start: 2026-01-10`）",
                (false, Language::En) => "no loan terms fit these rows (check the principal, dates and amounts)",
                (false, Language::Zh) => "没有能符合这些行的贷款条款（请检查本金、日期和金额）",
            }
            .to_string()
        });
        FieldError::typed(Field::Plan, problem)
    })
}

/// Keeps `found` as `best` where it is closer to the plan; whether it reproduces every row
/// (then it is closer than any kept before, none of which did).
fn keep_if_closer(best: &mut Option<Fit>, found: Fit) -> bool {
    if best.as_ref().is_some_and(|b| !found.better_than(b)) {
        return false;
    }
    let exact = found.exact();
    *best = Some(found);
    exact
}

/// `terms` with the rate change before a plan's rows or among them that reproduces it
/// best, if any.
fn with_any_rate_change(terms: &LoanTerms, plan: &Plan) -> Fit {
    match earlier_rate_change(terms, plan) {
        Some(exact) if exact.exact() => exact,
        // The closest with an earlier change (a row a cent off the rest, say) against
        // the closest without.
        earlier => {
            let without = with_rate_changes(terms.clone(), plan, Search::First);
            earlier
                .filter(|e| e.better_than(&without))
                .unwrap_or(without)
        }
    }
}

/// `found`, or where it needs a rate change, terms with the lender's installment kept
/// (from terms tried before, so more likely) that reproduce every row without one:
/// equal-principal, 833.33 kept on what is left of 10,000 at 12 % (ours 833.34) was
/// otherwise reproduced by truncation at 12.001 % changed to 12.003 %.
fn plainer(found: Fit, levelled: &[LoanTerms], plan: &Plan) -> Fit {
    if found.terms.conventions.rate_changes.is_empty() {
        return found;
    }
    levelled
        .iter()
        .find(|terms| reproduces(terms, plan))
        .map(|terms| Fit {
            terms: terms.clone(),
            matched: plan.rows.len(),
            differing: Vec::new(),
        })
        .unwrap_or(found)
}

/// `terms` with the installment the plan's rows show, where it is not the one `terms`
/// compute: a loan entered from what is left on it, whose lender set its level payment
/// (or, equal-principal, the principal each period repays) on the amount first borrowed,
/// kept until a rate change reprices a level payment. It is the first row's (the rows
/// before a change keep it), or what leaves owed what a last row alone starts from. A
/// whole plan whose last row pays it too is one only if it reproduces every row: the
/// first rows of a longer plan, taken for a whole one, would fit all but their last (a
/// spurious closest).
fn with_lenders_installment(terms: &LoanTerms, plan: &Plan) -> Option<LoanTerms> {
    if terms.conventions.installment.is_some() {
        return None;
    }
    let n = terms.installments();
    let first = &plan.rows[0];
    let last = plan.rows.last()?;
    let theirs = match terms.method {
        Method::EqualInstallment if first.period < n => first.payment,
        Method::EqualInstallment => payment_leaving(terms, plan.owed_before(0))?,
        Method::EqualPrincipal => lenders_principal(terms, plan)?,
        _ => return None,
    };
    let part = |r: &PlanRow| match terms.method {
        Method::EqualInstallment => r.payment,
        _ => r.principal,
    };
    let whole = first.period == 1 && last.period == n;
    let remainder_first =
        terms.conventions.remainder == Remainder::First && terms.method == Method::EqualPrincipal;
    let settles = if remainder_first { first } else { last };
    if (whole && plan.rows.len() < 2)
        || theirs == terms.installment_for(terms.principal, n, terms.start)
    {
        return None;
    }
    let mut input = LoanInput::from(terms);
    input.conventions.installment = Some(theirs);
    let kept = LoanTerms::new(&input).ok()?;
    // Its last row may pay it too, where it settles to the cent (17,330.73 on 491,088.57
    // at 0.0248 % a day over 32 months), but then only if every row is reproduced.
    (!whole || part(settles) != theirs || reproduces(&kept, plan)).then_some(kept)
}

/// The principal each period of an equal-principal plan repays, as its rows show it (a
/// rate change does not change it): every row's that neither settles the loan nor (the
/// remainder first) carries the remainder; else what the amount borrowed less what is
/// left before the rows gives.
fn lenders_principal(terms: &LoanTerms, plan: &Plan) -> Option<Decimal> {
    let n = terms.installments();
    let first_takes = terms.conventions.remainder == Remainder::First;
    let even = |r: &&PlanRow| r.period < n && !(first_takes && r.period == 1);
    if let Some(row) = plan.rows.iter().find(even) {
        let each = row.principal;
        return (plan.rows.iter().filter(even))
            .all(|r| r.principal == each)
            .then_some(each);
    }
    // Only the first row (remainder first), or only the last: periods 2 to n, or 1 to
    // n − 1, repay one principal each.
    let first = &plan.rows[0];
    let (repaid, periods) = match (first.period, first_takes) {
        (1, _) => (terms.principal - first.principal, n - 1),
        (_, true) => return Some(first.principal),
        (j, false) => (terms.principal - plan.owed_before(0), j - 1),
    };
    let each = repaid / Decimal::from(periods.max(1));
    (each.round_dp(2) == each && each > Decimal::ZERO).then_some(each)
}

/// The level payment, kept from the start, that leaves `owed` before the last
/// installment (a last row alone): each cent of it moves that balance by the same amount
/// (about a cent a period), so it is found from ours and ours a cent up.
fn payment_leaving(terms: &LoanTerms, owed: Decimal) -> Option<Decimal> {
    let n = terms.installments();
    let before_last = |each: Decimal| {
        let mut input = LoanInput::from(terms);
        input.conventions.installment = Some(each);
        let t = LoanTerms::new(&input).ok()?;
        let s = schedule::build(&t, &[]).ok()?;
        let row = s.installments().find(|r| r.period + 1 == n)?;
        Some(row.balance)
    };
    let ours = terms.installment_for(terms.principal, n, terms.start);
    let cent = Decimal::new(1, 2);
    let (at, up) = (before_last(ours)?, before_last(ours + cent)?);
    let per_cent = at - up;
    if per_cent <= Decimal::ZERO {
        return None;
    }
    let cents = ((at - owed) / per_cent).round();
    Some(ours + cents * cent)
}

/// How many rows `terms` may reproduce, without building its schedule: a row can match
/// only on its due date and, when the plan shows the balance after it, with the interest
/// `terms` charges on what the row owed before (its balance + its principal).
fn rows_it_may_match(terms: &LoanTerms, plan: &Plan) -> usize {
    if terms.method == Method::FlatFee {
        return plan.rows.len();
    }
    (plan.rows.iter())
        .filter(|r| {
            (1..=terms.installments()).contains(&r.period)
                && terms.due_date(r.period) == r.due_date
                && r.balance
                    .is_none_or(|b| terms.period_interest(b + r.principal, r.period) == r.interest)
        })
        .count()
}

/// The interest of the rows that pin the rate and the first period, as `terms` computes it.
fn probe(terms: &LoanTerms, plan: &Plan) -> bool {
    if terms.method == Method::FlatFee {
        return true;
    }
    for (i, row) in plan.rows.iter().enumerate().take(2) {
        // The second row's interest may already follow a rate change; its date may not.
        // Nor may the first row's of a plan's last rows, where a 1 January splits it.
        if terms.due_date(row.period) != row.due_date
            || (i == 0
                && first_interest(terms, plan) != row.interest
                && (row.period == 1 || jan1_inside(terms, row.period).is_none()))
        {
            return false;
        }
    }
    true
}

/// The interest `terms` charge in the plan's first row, due on its due date.
fn first_interest(terms: &LoanTerms, plan: &Plan) -> Decimal {
    let row = &plan.rows[0];
    let dates = (terms.due_date(row.period - 1), row.due_date);
    terms.round(terms.unrounded_interest_of_period(plan.owed_before(0), row.period, dates))
}

/// A 1 January strictly inside period `k` (where an LPR repricing splits it).
fn jan1_inside(terms: &LoanTerms, k: u32) -> Option<NaiveDate> {
    let (from, to) = (terms.due_date(k - 1), terms.due_date(k));
    NaiveDate::from_ymd_opt(to.year(), 1, 1).filter(|d| from < *d && *d < to)
}

/// `terms` built and compared; where interest departs from the rate at some row, a rate
/// change there is tried (and again, up to a few times) while it improves the match.
fn with_rate_changes(terms: LoanTerms, plan: &Plan, search: Search) -> Fit {
    let (matched, differing) = compare(&terms, plan);
    let fit = Fit {
        terms,
        matched,
        differing,
    };
    let mut budget = match search {
        Search::First => 0,
        Search::Wide => MAX_RATE_CHANGE_DETOURS,
    };
    more_rate_changes(fit, plan, (MAX_RATE_CHANGES, search), &mut budget)
}

/// How widely rate changes among a plan's rows are sought.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Search {
    /// The best change where interest first departs from the rate, then the next, on a
    /// due date or a 1 January.
    First,
    /// The best few there, each followed in turn, also on any other day inside a period.
    /// A day's freedom reproduces more rows by chance: tried only where the first search
    /// reproduces none.
    Wide,
}

/// `fit` with up to `depth` more rate changes, each where interest first departs from the
/// rate: the best change there is followed, and in a wide search the next best in turn
/// until one path reproduces every row or `budget` of them are spent; else the closest
/// found. Where rows' interest is a few yuan, several days and rates give the same cents,
/// and only a later row tells them apart.
fn more_rate_changes(
    fit: Fit,
    plan: &Plan,
    (depth, search): (u32, Search),
    budget: &mut u32,
) -> Fit {
    let Some(first) = fit.differing.first() else {
        return fit;
    };
    let k = first.theirs.period;
    if depth == 0 || k < 2 || fit.terms.method == Method::FlatFee {
        return fit;
    }
    // The best few, the first best on a tie: candidates come simplest rate first. A
    // change the next row confirms (a whole period at its rate) is kept in a wide search
    // even where fewer rows match than without it: a rate that held a few periods and
    // went back matches fewer until the change back is found.
    let branches = match search {
        Search::First => 1,
        Search::Wide => RATE_CHANGE_BRANCHES,
    };
    let mut better: Vec<Fit> = Vec::new();
    for terms in rate_change_candidates(&fit.terms, plan, k, search) {
        let least = match better.len() < branches {
            true => fit.matched,
            false => better.last().map_or(fit.matched, |f| f.matched),
        };
        let confirmed = |d: &Difference| search == Search::Wide && d.theirs.period > k + 1;
        // Given up once a row up to k differs, or too many rows do to be kept.
        let hopeless = |_, differing: &[Difference]| {
            differing.first().is_some_and(|d| {
                d.theirs.period <= k || !confirmed(d) && plan.rows.len() - differing.len() <= least
            })
        };
        let Some((matched, differing)) = compare_unless(&terms, plan, hopeless) else {
            continue;
        };
        if matched <= least && !differing.first().is_some_and(confirmed) {
            continue;
        }
        let at = better.partition_point(|f| f.matched >= matched);
        let found = Fit {
            terms,
            matched,
            differing,
        };
        better.insert(at, found);
        better.truncate(branches);
    }
    let mut best = fit;
    for (i, next) in better.into_iter().enumerate() {
        if i > 0 {
            if *budget == 0 {
                break;
            }
            *budget -= 1;
        }
        let found = more_rate_changes(next, plan, (depth - 1, search), budget);
        if found.exact() {
            return found;
        }
        if found.better_than(&best) {
            best = found;
        }
    }
    best
}

/// The most rate changes sought among a plan's rows.
const MAX_RATE_CHANGES: u32 = 12;

/// How many of the best changes at a row are followed further.
const RATE_CHANGE_BRANCHES: usize = 3;

/// The most changes followed in all besides the best at each row.
const MAX_RATE_CHANGE_DETOURS: u32 = 24;

/// Terms with one more rate change, effective from the start of period `k`, on a
/// 1 January inside it (LPR repricing) or on any other day inside it, at the rate row
/// `k`'s interest implies (the next row's, for another day).
fn rate_change_candidates(
    terms: &LoanTerms,
    plan: &Plan,
    k: u32,
    search: Search,
) -> Vec<LoanTerms> {
    let from = terms.due_date(k - 1);
    let Some(i) = plan.rows.iter().position(|r| r.period == k) else {
        return Vec::new();
    };
    let balance = plan.owed_before(i);
    if balance <= Decimal::ZERO {
        return Vec::new();
    }
    let interest = plan.rows[i].interest;
    // The next row, a whole period at the new rate (unless the rate changes again), pins
    // the rate where row k alone cannot: a change a day before its due date moves row k's
    // interest by a cent over hundreds of rates (of which the nearest were once kept).
    let next = (plan.rows.get(i + 1))
        .filter(|r| r.period == k + 1)
        .map(|r| (plan.owed_before(i + 1), r.interest));
    let jan1 = jan1_inside(terms, k);
    // Those the next row confirms first, then those it may not (the rate changes again).
    let (mut out, mut unconfirmed) = (Vec::new(), Vec::new());
    for date in [Some(from), jan1].into_iter().flatten() {
        let (mut pinned, mut others) = (Vec::new(), Vec::new());
        for rate in rates_giving(terms, date, (balance, k, interest)) {
            // Only a rate that gives row k's interest is worth a whole schedule.
            if let Some(t) = with_rate_change(terms, RateChange { date, rate })
                && t.period_interest(balance, k) == interest
            {
                match next.is_none_or(|(owed, i)| t.period_interest(owed, k + 1) == i) {
                    true => pinned.push(t),
                    false if others.len() < MAX_RATE_CHANGE_CANDIDATES => others.push(t),
                    false => {}
                }
                if pinned.len() == MAX_RATE_CHANGE_CANDIDATES {
                    break;
                }
            }
        }
        out.extend(pinned);
        unconfirmed.extend(others);
    }
    // Any other day inside period k: the next row, a whole period at the new rate unless
    // the rate changes again, gives the rate; row k, the day. Without it (the last row),
    // or where it changes again, only the rows after tell the day and the rate apart.
    if search == Search::Wide {
        if let Some(next) = next {
            out.extend(changes_inside(terms, (balance, k, interest), next, jan1));
        }
        // One only row k shows, after two rows or more at the rate in force, where its
        // interest departs from that rate by more than 1 % (less is taken for the lender's
        // rounding: a day and a rate give any cents, and a 3-row plan a few cents off was
        // fitted with two changes on terms that matched one row).
        let in_force = terms.period_interest(balance, k);
        if i >= 2 && (interest - in_force).abs() * Decimal::ONE_HUNDRED > in_force {
            out.extend(changes_only_row_shows(terms, plan, i, jan1, true));
        }
    }
    out.extend(unconfirmed);
    out
}

/// Terms with a change on a day strictly inside the period of the plan's row `i` (other
/// than `skip`, a 1 January tried already) that only that row shows: the last row, or one
/// after which the rate changes again (so the next row is no whole period at it). Nothing
/// tells its day from its rate but the rows after: each day with a rate as lenders quote
/// it (two decimals a year, four a day, the nearest) that reproduces the row, and (with
/// `look_ahead`) after which another change reproduces the next row: on the due date that
/// ends the row, or inside the next period at the rate the row after implies (on a balance
/// of a few thousand, dozens of days and rates give one row's cents; the next row tells
/// them apart). The first of a month first, then the earliest.
fn changes_only_row_shows(
    terms: &LoanTerms,
    plan: &Plan,
    i: usize,
    skip: Option<NaiveDate>,
    look_ahead: bool,
) -> Vec<LoanTerms> {
    let row = &plan.rows[i];
    let (k, balance) = (row.period, plan.owed_before(i));
    let from = terms.due_date(k - 1);
    let to = terms.due_date(k);
    let (_, places, _) = quoted(terms.rate);
    let next = (plan.rows.get(i + 1)).filter(|r| r.period == k + 1);
    let after = (plan.rows.get(i + 2))
        .filter(|r| r.period == k + 2)
        .map(|r| (plan.owed_before(i + 2), r.interest));
    let explains_next = |t: &LoanTerms| {
        let Some(next) = next.filter(|_| look_ahead) else {
            return true;
        };
        // Again on the due date that ends row k, or inside the next period.
        let owed = plan.owed_before(i + 1);
        let on_due_date = (rates_giving(t, to, (owed, k + 1, next.interest)).into_iter())
            .filter(|rate| rate.scale() <= places)
            .filter_map(|rate| with_rate_change(t, RateChange { date: to, rate }))
            .any(|t| t.period_interest(owed, k + 1) == next.interest && reproduces_row(&t, next));
        if on_due_date {
            return true;
        }
        let jan1 = jan1_inside(t, k + 1);
        match after {
            Some(after) => (changes_inside(t, (owed, k + 1, next.interest), after, jan1).iter())
                .any(|t| reproduces_row(t, next)),
            None => !changes_only_row_shows(t, plan, i + 1, jan1, false).is_empty(),
        }
    };
    // The first of a month first, then the earliest (the sort is stable).
    let mut days: Vec<NaiveDate> = (from.iter_days().skip(1))
        .take_while(|d| *d < to)
        .filter(|d| Some(*d) != skip)
        .collect();
    days.sort_by_key(|d| d.day() != 1);
    (days.into_iter())
        .filter_map(|date| {
            (rates_giving(terms, date, (balance, k, row.interest)).into_iter())
                .filter(|rate| rate.scale() <= places)
                .filter_map(|rate| with_rate_change(terms, RateChange { date, rate }))
                .find(|t| t.period_interest(balance, k) == row.interest && reproduces_row(t, row))
                .filter(explains_next)
        })
        .collect()
}

/// Whether our row of `row`'s period is `row` (the schedule built up to it): its payment
/// too, which a level payment re-annuitized at a change sets.
fn reproduces_row(terms: &LoanTerms, row: &PlanRow) -> bool {
    let mut reproduced = false;
    let _ = schedule::build_while(terms, |ours| {
        reproduced = ours.period == row.period && same(ours, row);
        ours.period < row.period
    });
    reproduced
}

/// Terms with a change on a day strictly inside period `k` (other than `skip`, a 1 January
/// tried already) at a rate that gives the next period's interest (`next`: what was owed
/// before it and its interest), on a day that gives period `k`'s. Every day that gives it
/// at one rate makes the same schedule, so one is kept a rate: the first of a month where
/// it gives it, else the earliest.
fn changes_inside(
    terms: &LoanTerms,
    (balance, k, interest): (Decimal, u32, Decimal),
    (owed, next_interest): (Decimal, Decimal),
    skip: Option<NaiveDate>,
) -> Vec<LoanTerms> {
    let from = terms.due_date(k - 1);
    let to = terms.due_date(k);
    let inside: Vec<NaiveDate> = (from.iter_days().skip(1))
        .take_while(|d| *d < to)
        .filter(|d| Some(*d) != skip)
        .collect();
    let day_giving = |rate: Decimal| {
        let at = |date: NaiveDate| {
            terms.round(interest_with_change(
                terms,
                RateChange { date, rate },
                balance,
                k,
            ))
        };
        if let Some(&first) = inside.iter().find(|d| d.day() == 1)
            && at(first) == interest
        {
            return Some(first);
        }
        // Row k's interest moves one way with the day (more of it at the earlier rate).
        let rising = at(*inside.first()?) <= at(*inside.last()?);
        let i = inside.partition_point(|&d| match rising {
            true => at(d) < interest,
            false => at(d) > interest,
        });
        inside.get(i).copied().filter(|&d| at(d) == interest)
    };
    (rates_giving(terms, from, (owed, k + 1, next_interest)).into_iter())
        .filter_map(|rate| {
            with_rate_change(
                terms,
                RateChange {
                    date: day_giving(rate)?,
                    rate,
                },
            )
        })
        .take(MAX_RATE_CHANGE_CANDIDATES)
        .collect()
}

/// The rates (as lenders quote them, nearest first) at which a change on `date` gives
/// period `k`'s interest on `balance` within a cent or two: interest is linear in the
/// rate, solved by the engine's own day count (a whole 30/360 month counts as one
/// month); the engine's rounding decides after.
fn rates_giving(
    terms: &LoanTerms,
    date: NaiveDate,
    (balance, k, interest): (Decimal, u32, Decimal),
) -> Vec<Decimal> {
    let interest_at =
        |rate: Decimal| interest_with_change(terms, RateChange { date, rate }, balance, k);
    let before = interest_at(Decimal::ZERO);
    let per_percent = interest_at(Decimal::ONE) - before;
    if per_percent <= Decimal::ZERO {
        return Vec::new();
    }
    let places: &[u32] = match terms.rate {
        Rate::Annual(_) => &[2, 3, 4],
        Rate::Daily(_) => &[4, 5, 6],
    };
    // A cent of rounding in the interest moves the rate this much.
    let slack = Decimal::new(1, 2) / per_percent;
    let near = Decimal::new(2, 2);
    let implied = (interest - before) / per_percent;
    candidates_within(implied, slack, places)
        .into_iter()
        .filter(|rate| (before + rate * per_percent - interest).abs() <= near)
        .collect()
}

/// Period `k`'s interest on `balance` before rounding, with one more rate change (after
/// those `terms` have; not validated: a probe, not a loan).
fn interest_with_change(
    terms: &LoanTerms,
    change: RateChange,
    balance: Decimal,
    k: u32,
) -> Decimal {
    let mut probe = terms.clone();
    probe.conventions.rate_changes.push(change);
    probe.unrounded_period_interest(balance, k)
}

/// `terms` with one more rate change, where that makes a valid loan.
fn with_rate_change(terms: &LoanTerms, change: RateChange) -> Option<LoanTerms> {
    let mut input = LoanInput::from(terms);
    input.conventions.rate_changes.push(change);
    LoanTerms::new(&input).ok()
}

/// A plan's last rows whose rate changed before the first of them (an LPR repricing some
/// years back): every row's interest follows `terms`' rate on the lender's own balance,
/// but that balance, and the level payment re-annuitized when the rate changed, are not
/// what the rate gives from the start. The earlier rate and the date it changed are
/// sought (see [`rate_before_rows`], and [`rate_before_last_row`] for a last row alone);
/// of the terms that reproduce every row the one with the fewest decimals is kept, the
/// nearest date on a tie, else the closest. The rows do not show when the rate changed,
/// nor the rate before: these are the simplest that reproduce them.
fn earlier_rate_change(terms: &LoanTerms, plan: &Plan) -> Option<Fit> {
    let j = plan.rows.first()?.period;
    if j < 2 || !terms.conventions.rate_changes.is_empty() {
        return None;
    }
    let on_dates = (plan.rows.iter()).all(|row| terms.due_date(row.period) == row.due_date);
    let follows = |i: usize| {
        let row = &plan.rows[i];
        terms.period_interest(plan.owed_before(i), row.period) == row.interest
    };
    if !on_dates || !(1..plan.rows.len()).all(follows) {
        return None;
    }
    let mut chosen = Chosen::default();
    if !follows(0) {
        // The first row's interest alone departs from the rate: a change inside its period.
        rate_inside_first_row(terms, plan, &mut chosen);
    } else if terms.method != Method::EqualInstallment
        || terms.conventions.installment.is_some()
        || reproduces(terms, plan)
    {
        // Reproduced from the start, or what was owed before the rows does not depend on
        // the rate before them (not a level payment), or (the lender's kept until the
        // change) depends on an installment the rows do not show.
        return None;
    } else if j < terms.term {
        rate_before_rows(terms, plan, &mut chosen);
    } else {
        rate_before_last_row(terms, plan, &mut chosen);
    }
    chosen.exact.map(|(_, fit)| fit).or(chosen.closest)
}

/// A plan's last rows whose first row's period a rate change on a 1 January splits (LPR
/// repricing): that row's interest is part earlier rate, part `terms`' rate, the rows
/// after it wholly the latter. Not a level payment, the earlier rate changes nothing
/// else, nor where that row pays the lender's installment: it is the one that row's
/// interest gives (linear in it). Our level payment at the earlier rate is paid in that
/// row, re-annuitized from the next: the earlier rate is sought as for a change before
/// the rows (see [`rate_before_rows`]).
fn rate_inside_first_row(terms: &LoanTerms, plan: &Plan, chosen: &mut Chosen) {
    let first = &plan.rows[0];
    let j = first.period;
    let Some(date) = jan1_inside(terms, j) else {
        return;
    };
    if terms.method == Method::EqualInstallment && terms.conventions.installment.is_none() {
        let Some(before) = Before::new(terms, j) else {
            return;
        };
        // The level payment the change set, where a row before the last shows it.
        let level = (plan.rows.get(1))
            .filter(|r| r.period < terms.term)
            .map(|r| r.payment);
        let owed = plan.owed_before(1);
        let split = before
            .change_dates(terms, j)
            .into_iter()
            .find_map(|(on, split)| (on == date).then_some(split).flatten());
        if let Some(split) = split {
            rates_reaching(
                &before,
                terms,
                plan,
                chosen,
                (j, owed, level),
                (date, Some(split)),
            );
        }
        return;
    }
    let balance = plan.owed_before(0);
    let interest_at = |earlier: Decimal| {
        with_earlier_rate(terms, earlier, date).map(|t| t.unrounded_period_interest(balance, j))
    };
    // Interest is linear in the earlier rate: its slope, from 0 to 1 % (a daily rate's
    // highest accepted where that is less).
    let unit = Decimal::ONE.min(quoted(terms.rate).2);
    let (Some(none), Some(at_unit)) = (interest_at(Decimal::ZERO), interest_at(unit)) else {
        return;
    };
    let per_unit = (at_unit - none) / unit;
    if per_unit <= Decimal::ZERO {
        return;
    }
    let places: &[u32] = match terms.rate {
        Rate::Annual(_) => &[2, 3, 4],
        Rate::Daily(_) => &[4, 5, 6],
    };
    let implied = (first.interest - none) / per_unit;
    let slack = Decimal::new(1, 2) / per_unit;
    for earlier in candidates_within(implied, slack, places) {
        let Some(t) = with_earlier_rate(terms, earlier, date) else {
            continue;
        };
        if t.period_interest(balance, j) == first.interest
            && chosen.consider(t, plan, earlier.normalize().scale())
        {
            return;
        }
    }
}

/// The rate in force before a change, as lenders quote it: its decimals, the unit they
/// step by and the highest accepted.
fn quoted(rate: Rate) -> (Decimal, u32, Decimal) {
    match rate {
        Rate::Annual(a) => (a, 2, crate::engine::validate::MAX_ANNUAL_PERCENT),
        Rate::Daily(d) => (d, 4, crate::engine::validate::MAX_DAILY_PERCENT),
    }
}

/// `terms` (the rate after the change) with `earlier` in force until `date`.
fn with_earlier_rate(terms: &LoanTerms, earlier: Decimal, date: NaiveDate) -> Option<LoanTerms> {
    let mut input = LoanInput::from(terms);
    match terms.rate {
        Rate::Annual(_) => input.annual_rate = Some(earlier),
        Rate::Daily(_) => input.daily_rate = Some(earlier),
    }
    input.conventions.rate_changes = vec![RateChange {
        date,
        rate: quoted(terms.rate).0,
    }];
    LoanTerms::new(&input).ok()
}

/// The terms tried for an earlier rate change that reproduce every row (the fewest
/// decimals, then the first tried: the nearest date), and the closest of the others.
#[derive(Default)]
struct Chosen {
    exact: Option<(u32, Fit)>,
    closest: Option<Fit>,
}

impl Chosen {
    /// Whether an earlier rate with `decimals` could still be chosen.
    fn wants(&self, decimals: u32) -> bool {
        self.exact.as_ref().is_none_or(|(d, _)| decimals < *d)
    }

    /// Keeps `terms` if chosen; whether they reproduce every row.
    fn consider(&mut self, terms: LoanTerms, plan: &Plan, decimals: u32) -> bool {
        let (matched, differing) = compare(&terms, plan);
        let fit = Fit {
            terms,
            matched,
            differing,
        };
        let exact = fit.exact();
        if exact {
            self.exact = Some((decimals, fit));
        } else if self.closest.as_ref().is_none_or(|c| fit.better_than(c)) {
            self.closest = Some(fit);
        }
        exact
    }
}

/// Rows k to j of a level-payment plan (k > 1, j < N) whose rate changed before them.
/// The rows give the level payment A the change set and what was owed before row k;
/// with the new rate that determines, period by period back, what was owed before each
/// (interest rounded to the cent grows with the balance, so a balance has at most one
/// before it). Where A re-annuitizes what was owed, the change may have taken effect in
/// that period (on its due date, or on a 1 January inside it), and the earlier rate is
/// the one whose plan from the start owes exactly that there: found on the rates as
/// lenders quote them from the plan's balance without rounding (closed form over
/// periods of equal length), then only the rates it leaves within what rounding to
/// the cent can move are built in full. Every due date back to the first is tried.
fn rate_before_rows(terms: &LoanTerms, plan: &Plan, chosen: &mut Chosen) {
    let j = plan.rows[0].period;
    let Some(before) = Before::new(terms, j) else {
        return;
    };
    let level = level_payment(plan, terms.term);
    let mut owed = plan.owed_before(0);
    let mut q = j - 1;
    loop {
        // `owed` is what was owed after period q, had the new rate run from period q + 1.
        let repriced = crate::engine::money::rounded_annuity_payment(
            owed,
            terms.monthly_fraction(),
            terms.term - q,
            terms.conventions.rounding,
        );
        if repriced == level {
            for (date, split) in before.change_dates(terms, q) {
                rates_reaching(&before, terms, plan, chosen, (q, owed, None), (date, split));
            }
        }
        if q == 1 {
            break;
        }
        match owed_before_period(terms, q, owed, level) {
            Some(b) => owed = b,
            None => break,
        }
        q -= 1;
    }
}

/// The earlier rates whose plan from the start owes `owed` after period `q` with the
/// change on `date` (inside period `q` where `split`), the lowest first, until one
/// reproduces the rows; where `level` is given, only if `owed` re-annuitizes to it.
fn rates_reaching(
    before: &Before,
    terms: &LoanTerms,
    plan: &Plan,
    chosen: &mut Chosen,
    (q, owed, level): (u32, Decimal, Option<Decimal>),
    (date, split): (NaiveDate, Option<(Decimal, Decimal)>),
) {
    let repriced = || {
        crate::engine::money::rounded_annuity_payment(
            owed,
            terms.monthly_fraction(),
            terms.term - q,
            terms.conventions.rounding,
        )
    };
    if level.is_some_and(|level| repriced() != level) {
        return;
    }
    let mut above = 0;
    for _ in 0..MAX_CROSSINGS {
        let Some((rates, crossing)) = before.rates_owing(owed, q, split, above) else {
            break;
        };
        let mut exact = false;
        for rate in rates {
            let decimals = rate.normalize().scale();
            if !chosen.wants(decimals) {
                continue;
            }
            if let Some(t) = with_earlier_rate(terms, rate, date) {
                exact |= chosen.consider(t, plan, decimals);
            }
        }
        if exact {
            break;
        }
        above = crossing;
    }
}

/// The level payment of a plan's rows: the one most of them pay (the last row, which
/// settles the balance, left out), so that one row a cent off does not hide the rest.
fn level_payment(plan: &Plan, term: u32) -> Decimal {
    let level: Vec<Decimal> = (plan.rows.iter())
        .filter(|r| r.period < term)
        .map(|r| r.payment)
        .collect();
    let count = |p: &Decimal| level.iter().filter(|x| *x == p).count();
    // The first row's on a tie.
    let mut best = level[0];
    for p in &level {
        if count(p) > count(&best) {
            best = *p;
        }
    }
    best
}

/// What was owed before period `m` of a level payment `level` at `terms`' rate, given what
/// was owed after it: the balance B whose B + interest(B) − level is `after`. B + its
/// interest rounded grows by at least a cent with every cent of B, so there is at most one.
fn owed_before_period(
    terms: &LoanTerms,
    m: u32,
    after: Decimal,
    level: Decimal,
) -> Option<Decimal> {
    let target = after + level;
    let guess = target / (Decimal::ONE + terms.unrounded_period_interest(Decimal::ONE, m));
    let cent = Decimal::new(1, 2);
    let low = (guess / cent).floor() * cent;
    [low, low + cent, low - cent]
        .into_iter()
        .find(|&b| b > Decimal::ZERO && b + terms.period_interest(b, m) == target)
}

/// The periods before a plan's first row, as the earlier rate would run them: each
/// period's interest on a balance of one, per unit of rate (a percent a year, or a day),
/// in runs of equal periods (all but an irregular first under 30/360).
struct Before {
    principal: Decimal,
    term: u32,
    /// The annuity's monthly rate per unit of rate.
    monthly: Decimal,
    /// (first period, periods, interest per unit of rate) for periods 1 to k − 1.
    runs: Vec<(u32, u32, Decimal)>,
    /// The rate after the change.
    new_rate: Decimal,
    /// The highest rate accepted (the unit rates are measured against it).
    max: Decimal,
    unit: Decimal,
    /// How the level payment is rounded to the cent.
    rounding: Rounding,
    /// The level payment at each rate tried (in units).
    payments: RefCell<HashMap<i64, Decimal>>,
    /// Where the balance last reached what was owed (in units).
    last: Cell<Option<i64>>,
}

impl Before {
    fn new(terms: &LoanTerms, j: u32) -> Option<Self> {
        let (new_rate, places, max) = quoted(terms.rate);
        // Interest is linear in the rate: per unit, measured at the highest.
        let at_max = with_rate(terms, max)?;
        let mut runs: Vec<(u32, u32, Decimal)> = Vec::new();
        for m in 1..j {
            let w = at_max.unrounded_period_interest(Decimal::ONE, m) / max;
            match runs.last_mut() {
                Some((_, len, last)) if *last == w => *len += 1,
                _ => runs.push((m, 1, w)),
            }
        }
        Some(Before {
            principal: terms.principal,
            term: terms.term,
            monthly: at_max.monthly_fraction() / max,
            runs,
            new_rate,
            max,
            unit: Decimal::new(1, places),
            rounding: terms.conventions.rounding,
            payments: RefCell::default(),
            last: Cell::default(),
        })
    }

    /// The dates a change in period `q` may have taken effect on, the later first: its due
    /// date, and a 1 January inside it; with, for the latter, the period's interest on a
    /// balance of one split: per unit of the earlier rate, and at the new rate.
    fn change_dates(
        &self,
        terms: &LoanTerms,
        q: u32,
    ) -> Vec<(NaiveDate, Option<(Decimal, Decimal)>)> {
        let mut dates = vec![(terms.due_date(q), None)];
        if let Some(date) = jan1_inside(terms, q) {
            let split = |before: Decimal, after: Decimal| {
                let mut t = with_rate(terms, before)?;
                t.conventions.rate_changes = vec![RateChange { date, rate: after }];
                Some(t.unrounded_period_interest(Decimal::ONE, q))
            };
            if let (Some(old), Some(new)) = (
                split(self.max, Decimal::ZERO),
                split(Decimal::ZERO, self.new_rate),
            ) {
                dates.push((date, Some((old / self.max, new))));
            }
        }
        dates
    }

    /// What the plan from the start at `k` units of rate owes after period `q`, its
    /// interest not rounded, and
    /// how much a cent of rounding on the way may have grown since (the growth of the
    /// balance over those periods); `None` past what Decimal holds.
    fn owed_after(
        &self,
        k: i64,
        q: u32,
        split: Option<(Decimal, Decimal)>,
    ) -> Option<(Decimal, Decimal)> {
        let rate = self.unit * Decimal::from(k);
        // The same few rates come back from one period to the next: their payment is kept.
        let payment = *(self.payments.borrow_mut())
            .entry(k)
            .or_insert_with(|| self.payment(rate));
        self.run(rate, payment, q, split)
    }

    /// The level payment at `rate`, rounded to the cent as the plan's is: over decades at a
    /// high rate the fraction of a cent, paid every period, compounds to a dozen units of
    /// rate (27.84 % over 26 years, 30/360: unrounded, the balance reached what was owed at
    /// 27.72 %).
    fn payment(&self, rate: Decimal) -> Decimal {
        crate::engine::money::rounded_annuity_payment(
            self.principal,
            rate * self.monthly,
            self.term,
            self.rounding,
        )
    }

    /// What a plan from the start at `rate` paying `payment` owes after period `q`, its
    /// interest unrounded, and the growth of the balance over those periods.
    fn run(
        &self,
        rate: Decimal,
        payment: Decimal,
        q: u32,
        split: Option<(Decimal, Decimal)>,
    ) -> Option<(Decimal, Decimal)> {
        let whole = if split.is_some() { q - 1 } else { q };
        let (mut owed, mut growth) = (self.principal, Decimal::ONE);
        for &(first, len, w) in &self.runs {
            if first > whole {
                break;
            }
            let len = len.min(whole - first + 1);
            let r = rate * w;
            if r.is_zero() {
                owed -= payment.checked_mul(Decimal::from(len))?;
                continue;
            }
            // Over periods of equal length: B·g^n − A·(g^n − 1)/r.
            let g = crate::engine::money::pow(Decimal::ONE + r, len);
            owed = owed.checked_mul(g)? - payment.checked_mul((g - Decimal::ONE) / r)?;
            growth = growth.checked_mul(g)?;
        }
        if let Some((old, new)) = split {
            let g = Decimal::ONE + rate * old + new;
            owed = owed.checked_mul(g)? - payment;
            growth = growth.checked_mul(g)?;
        }
        Some((owed, growth))
    }

    /// The quoted rates whose plan from the start may owe exactly `owed` after period `q`:
    /// those next to the first rate above `above` (in units) where the balance, its
    /// interest unrounded, reaches it, kept while within what rounding every period's interest and the
    /// payment to the cent (at most a cent each) can move it; with that rate, from which
    /// the next such crossing is sought.
    fn rates_owing(
        &self,
        owed: Decimal,
        q: u32,
        split: Option<(Decimal, Decimal)>,
        above: i64,
    ) -> Option<(Vec<Decimal>, i64)> {
        let seen = RefCell::new(Vec::new());
        let at = |k: i64| {
            let found = seen
                .borrow()
                .iter()
                .find(|(at, _)| *at == k)
                .map(|(_, o)| *o);
            found.unwrap_or_else(|| {
                let o = self.owed_after(k, q, split);
                seen.borrow_mut().push((k, o));
                o
            })
        };
        let top = i64::try_from((self.max / self.unit).trunc()).unwrap_or(0);
        // The balance need not grow with the rate: over a first period shorter than the
        // annuity's month (Jan 31 to Feb 28) the payment grows faster than its interest,
        // so after it the balance rises with the rate and falls again (after Feb 28, a
        // 21-year loan owes alike at 14.99 % and 18.62 %); far above the new rate a change inside a period meets
        // the old level payment with a low rate for part of it, and over actual days a high
        // rate's monthly annuity drifts from its interest. So from `above` it is sought
        // going the way that reaches what was owed.
        let (start, _) = at(above)?;
        let grows = start < owed;
        // Past what Decimal holds counts as far above.
        let reaches = |k: i64| at(k).is_none_or(|(b, _)| (b >= owed) == grows);
        if top <= above {
            return None;
        }
        // From where it was first found last (it moves little from one period to the
        // next), by steps doubling, then by halving. Upward the steps stop doubling at a
        // cap: a long step landed past where the balance reaches what was owed and turns
        // back (0.06–0.10 % a day, over 17 years on actual days, stepped from 0.0512 to
        // 0.1024).
        let hint = match above {
            0 => self.last.get().unwrap_or(1),
            _ => above + 1,
        };
        let from = hint.clamp(above + 1, top);
        let (mut low, mut high) = (above, from);
        let mut step = 1;
        if reaches(from) {
            while high - step > low {
                match reaches(high - step) {
                    true => high -= step,
                    false => {
                        low = high - step;
                        break;
                    }
                }
                step *= 2;
            }
        } else {
            low = from;
            loop {
                if low == top {
                    return None;
                }
                let k = (low + step).min(top);
                if reaches(k) {
                    high = k;
                    break;
                }
                low = k;
                step = (step * 2).min(MAX_SEARCH_STEP);
            }
        }
        while high - low > 1 {
            let mid = (low + high) / 2;
            match reaches(mid) {
                true => high = mid,
                false => low = mid,
            }
        }
        if above == 0 {
            self.last.set(Some(high));
        }
        // Within what rounding can move; further from the crossing only while the nearer
        // is: over decades at a high rate each period's interest rounded to the cent moves
        // the balance a few units of rate, so the steps outward go on while within it.
        let slack = Decimal::new(2, 2) * Decimal::from(q);
        let near = |k: i64| {
            (1..=top).contains(&k)
                && at(k).is_some_and(|(b, growth)| (b - owed).abs() <= slack * growth)
        };
        let (mut up, mut down) = (near(high), near(low));
        let mut out = Vec::new();
        for step in 0..MAX_DRIFT_STEPS {
            if up {
                out.push(high + step);
                up = near(high + step + 1);
            }
            if down {
                out.push(low - step);
                down = near(low - step - 1);
            }
        }
        let rates = (out.into_iter())
            .map(|k| (self.unit * Decimal::from(k)).normalize())
            .collect();
        Some((rates, high))
    }
}

/// The most units of rate either side of where the balance (interest unrounded) reaches
/// what was owed that are tried for an earlier rate (each one within rounding's reach is
/// built).
const MAX_DRIFT_STEPS: i64 = 12;

/// The most rates, the lowest first, at which the balance reaches what was owed that are
/// tried for one date: it rises and falls back at most once in the cases found.
const MAX_CROSSINGS: usize = 3;

/// The longest step upward, in units of rate, in search of where the balance reaches what
/// was owed.
const MAX_SEARCH_STEP: i64 = 32;

/// `terms` at another rate of the same kind.
fn with_rate(terms: &LoanTerms, rate: Decimal) -> Option<LoanTerms> {
    let mut input = LoanInput::from(terms);
    match terms.rate {
        Rate::Annual(_) => input.annual_rate = Some(rate),
        Rate::Daily(_) => input.daily_rate = Some(rate),
    }
    LoanTerms::new(&input).ok()
}

/// A plan's last row alone: it shows no level payment, so what was owed further back is
/// not determined. For each date the change may have taken effect (each due date and
/// 1 January inside a period up to three years before the row, nearest first) the
/// earlier rate is solved from the balance the row starts from, by halving on an estimate
/// (the earlier rate's plan to the change in closed form, its interest unrounded; the
/// new level payment on what it leaves, run to the row period by period), and the rates
/// as lenders quote them next to it are built in full.
fn rate_before_last_row(terms: &LoanTerms, plan: &Plan, chosen: &mut Chosen) {
    let j = plan.rows[0].period;
    let Some(before) = Before::new(terms, j) else {
        return;
    };
    let (new_rate, places, max) = quoted(terms.rate);
    let unit = Decimal::new(1, places);
    let rounding = terms.conventions.rounding;
    // Each period's interest on a balance of one at the new rate.
    let per_unit: Vec<Decimal> = (1..j)
        .map(|m| terms.unrounded_period_interest(Decimal::ONE, m))
        .collect();
    let estimate = |earlier: Decimal, q: u32, split| {
        let (after, _) = before.run(earlier, before.payment(earlier), q, split)?;
        let mut owed = rounding.cents(after);
        let payment = crate::engine::money::rounded_annuity_payment(
            owed,
            terms.monthly_fraction(),
            terms.term - q,
            rounding,
        );
        for w in &per_unit[q as usize..] {
            owed += rounding.cents(owed * w) - payment;
        }
        Some(owed)
    };
    let owed = |earlier: Decimal, date: NaiveDate| {
        let t = with_earlier_rate(terms, earlier, date)?;
        let rows = schedule::build(&t, &[]).ok()?;
        let before = rows.installments().find(|r| r.period == j - 1)?.balance;
        Some((before, t))
    };
    let target = plan.owed_before(0);
    let mut tried = 0;
    for q in (1..j).rev() {
        for (date, split) in before.change_dates(terms, q) {
            tried += 1;
            let Some(rate) = earlier_rate(|r| estimate(r, q, split), target, new_rate, max) else {
                continue;
            };
            let r = crate::engine::money::round_dp(rate, places).normalize();
            let near = [0, -1, 1, -2, 2].map(|i| r + unit * Decimal::from(i));
            for earlier in near {
                let decimals = earlier.normalize().scale();
                if earlier <= Decimal::ZERO || !chosen.wants(decimals) {
                    continue;
                }
                let found = owed(earlier, date).filter(|(before, _)| *before == target);
                if let Some((_, t)) = found
                    && chosen.consider(t, plan, decimals)
                {
                    break;
                }
            }
        }
        // Three years back, then further (to the first period) only while nothing found
        // reproduces the row: a recent repricing, the common case, costs no more.
        if tried >= MAX_EARLIER_DATES && chosen.exact.is_some() {
            break;
        }
    }
}

/// The earlier rate at which `owed` (what is owed before the rows, growing with the rate)
/// reaches `target`, by halving: from 0 to up to three times the new rate, widened while
/// the balance still grows (far above the new rate, a change inside a period, whose old
/// level payment then meets a low rate for part of the period, makes it fall again).
fn earlier_rate<K: PartialOrd + Copy>(
    owed: impl Fn(Decimal) -> Option<K>,
    target: K,
    new_rate: Decimal,
    max: Decimal,
) -> Option<Decimal> {
    let mut low = Decimal::ZERO;
    if owed(low)? > target {
        return None;
    }
    let mut high = (new_rate * Decimal::from(3)).max(Decimal::ONE).min(max);
    let mut at_high = owed(high)?;
    while at_high < target {
        let wider = (high * Decimal::TWO).min(max);
        let at_wider = owed(wider)?;
        if wider == high || at_wider <= at_high {
            return None;
        }
        (low, high, at_high) = (high, wider, at_wider);
    }
    for _ in 0..EARLIER_RATE_STEPS {
        let mid = (low + high) / Decimal::TWO;
        match owed(mid)? < target {
            true => low = mid,
            false => high = mid,
        }
    }
    Some(high)
}

/// Halvings of the rate range in [`earlier_rate`]: 100 % a year to a ten-thousandth of a
/// percent, finer than the hundredth a rate is tried at.
const EARLIER_RATE_STEPS: usize = 20;

/// How far back before a plan's last row alone a rate change is sought first: three years
/// of due dates and 1 Januaries (further only while none is found).
const MAX_EARLIER_DATES: usize = 39;

/// The most rates tried for one rate change on one date, nearest the implied rate first. Only a
/// balance of a few yuan leaves this many that give its row's interest to the cent.
const MAX_RATE_CHANGE_CANDIDATES: usize = 200;

/// The most steps of the coarsest unit searched either side of an implied rate: a cent of
/// interest on a small balance spans a wide range of rates (12 % a year on 1.00).
const MAX_RATE_STEPS: i64 = 5000;

/// Every rate of the coarsest `places` within `slack` of `value` (the rates a cent of
/// rounding allows, however wide), nearest first, then [`rounded_candidates`] of the finer
/// ones.
fn candidates_within(value: Decimal, slack: Decimal, places: &[u32]) -> Vec<Decimal> {
    let Some((&coarsest, finer)) = places.split_first() else {
        return Vec::new();
    };
    let unit = Decimal::new(1, coarsest);
    let centre = crate::engine::money::round_dp(value, coarsest);
    let steps = (slack / unit).ceil().min(Decimal::from(MAX_RATE_STEPS));
    let steps = i64::try_from(steps).unwrap_or(0).max(1);
    // Nearest first, so the simplest rate that fits is the one kept.
    let mut out: Vec<Decimal> = (0..=steps)
        .flat_map(|i| {
            [
                centre - unit * Decimal::from(i),
                centre + unit * Decimal::from(i),
            ]
        })
        .filter(|c| *c > Decimal::ZERO)
        .map(|c| c.normalize())
        .collect();
    out.dedup();
    for c in rounded_candidates(value, finer) {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// `value` rounded to each number of `places`, and one unit either side of the coarsest,
/// positive ones only, without repeats.
fn rounded_candidates(value: Decimal, places: &[u32]) -> Vec<Decimal> {
    let mut out: Vec<Decimal> = Vec::new();
    for &p in places {
        let r = crate::engine::money::round_dp(value, p).normalize();
        let unit = Decimal::new(1, p);
        for c in [r, r - unit, r + unit] {
            if c > Decimal::ZERO && !out.contains(&c) {
                out.push(c);
            }
        }
    }
    out
}

/// Every combination worth trying, most likely first, made as they are tried: the first
/// few usually reproduce the plan, and making all of them (thousands, each price found by
/// bisecting the annuity) once cost far more than trying them. They come in groups: one
/// method, draw date, price and day count, under each rounding and remainder.
fn candidates(plan: &Plan) -> impl Iterator<Item = Vec<LoanInput>> + '_ {
    let rows = &plan.rows;
    methods(plan).into_iter().flat_map(move |method| {
        // The rows may be the first of a longer plan whose term is stated.
        let term = if method == Method::Bullet {
            months_between(start_guess(plan), rows[0].due_date).max(1)
        } else {
            plan.term.unwrap_or(rows.len() as u32)
        };
        starts(plan, method)
            .into_iter()
            .flat_map(move |(start, first_due, due_day)| {
                prices(plan, method, start, term).into_iter().flat_map(
                    move |(annual, daily, fee, day_count)| {
                        // A fee does not depend on the days, so any draw date before it will do.
                        let implied = match (first_due, plan.start, method) {
                            (Some(_), None, m) if m != Method::FlatFee => {
                                implied_starts(plan, annual, daily, day_count)
                            }
                            _ => vec![start],
                        };
                        implied.into_iter().map(move |start| {
                            let conventions = |rounding, remainder| Conventions {
                                first_due,
                                due_day,
                                installment: None,
                                rounding,
                                remainder,
                                rate_changes: Vec::new(),
                                pinned: Vec::new(),
                                estimated: 0,
                            };
                            (Rounding::ALL.iter())
                                .flat_map(|r| remainders(method).iter().map(move |m| (*r, *m)))
                                .map(|(rounding, remainder)| LoanInput {
                                    principal: Some(plan.principal),
                                    annual_rate: annual,
                                    daily_rate: daily,
                                    fee_rate: fee,
                                    term: Some(term),
                                    method: Some(method),
                                    start: Some(start),
                                    day_count: Some(day_count),
                                    conventions: conventions(rounding, remainder),
                                })
                                .collect()
                        })
                    },
                )
            })
    })
}

fn remainders(method: Method) -> &'static [Remainder] {
    match method {
        Method::EqualPrincipal | Method::FlatFee => &Remainder::ALL,
        _ => &[Remainder::Last],
    }
}

/// The methods the plan's shape allows, most likely first.
fn methods(plan: &Plan) -> Vec<Method> {
    let rows = &plan.rows;
    if let [row] = rows.as_slice() {
        let all = [
            Method::Bullet,
            Method::InterestOnly,
            Method::EqualInstallment,
            Method::EqualPrincipal,
            Method::FlatFee,
        ];
        // A row repaying an even share of the amount borrowed (but for the cents each
        // period rounds or a kept principal moves) is equal-principal's or a flat fee's:
        // a level payment repays less early and more late. Tried first, they spare the
        // searches for a rate change on every level payment tried.
        let n = Decimal::from(plan.term.unwrap_or(1));
        let share = (row.principal * n - plan.principal).abs();
        let even = n > Decimal::ONE && share <= n * (n - Decimal::ONE) * Decimal::new(35, 3);
        let (first, rest): (Vec<_>, Vec<_>) = all
            .into_iter()
            .partition(|m| even && matches!(m, Method::EqualPrincipal | Method::FlatFee));
        return first.into_iter().chain(rest).collect();
    }
    let middle = &rows[1..rows.len() - 1];
    let all_same = |f: fn(&PlanRow) -> Decimal| middle.windows(2).all(|w| f(&w[0]) == f(&w[1]));
    let mut out = Vec::new();
    if plan.has_fee
        || (all_same(|r| r.interest) && all_same(|r| r.principal) && !rows[0].interest.is_zero())
    {
        out.push(Method::FlatFee);
    }
    if rows[..rows.len() - 1].iter().all(|r| r.principal.is_zero()) {
        out.push(Method::InterestOnly);
    }
    if all_same(|r| r.principal) {
        out.push(Method::EqualPrincipal);
    }
    out.push(Method::EqualInstallment);
    for m in [Method::EqualPrincipal, Method::InterestOnly] {
        if !out.contains(&m) {
            out.push(m);
        }
    }
    out
}

/// The draw date when the plan does not say: a month before the first due date (k months
/// before installment k), on the latest day of month the due dates fall on (Jan 31 →
/// Feb 28, Mar 31 …).
fn start_guess(plan: &Plan) -> NaiveDate {
    if let Some(start) = plan.start {
        return start;
    }
    // A plan's last rows start later: the draw date is as many months before.
    months_before_first(plan, plan.rows[0].period.max(1))
}

/// The day `months` before the first row's due date, on the latest day of month the due
/// dates fall on.
fn months_before_first(plan: &Plan, months: u32) -> NaiveDate {
    let first = plan.rows[0].due_date;
    let day = due_day(plan);
    let month_before = first.with_day(1).unwrap_or(first) - chrono::Months::new(months);
    let last_day = add_months(month_before, 1)
        .pred_opt()
        .unwrap_or(month_before)
        .day();
    month_before
        .with_day(day.min(last_day))
        .unwrap_or(month_before)
}

/// The day of month the plan's due dates fall on: the latest of them (a short month's
/// last day stands for it), or the stated draw date's when later and every row falls on
/// it (a last row alone on Apr 30 of a loan drawn on Jan 31 is due on the 31st).
fn due_day(plan: &Plan) -> u32 {
    let latest = (plan.rows.iter())
        .map(|r| r.due_date.day())
        .max()
        .unwrap_or(1);
    match plan.start.map(|s| s.day()) {
        Some(day)
            if day > latest
                && (plan.rows.iter()).all(|r| on_day_clamped(r.due_date, day) == r.due_date) =>
        {
            day
        }
        _ => latest,
    }
}

fn months_between(from: NaiveDate, to: NaiveDate) -> u32 {
    (1..=crate::engine::validate::MAX_TERM)
        .find(|&m| add_months(from, m) >= to)
        .unwrap_or(1)
}

/// A draw date, a first due date when not a month after it, and the due day when a short
/// month cut the first due date short.
type Dates = (NaiveDate, Option<NaiveDate>, Option<u32>);

/// The dates a plan may follow: regular from the start when the dates allow it, else an
/// irregular first period ending on the plan's first due date.
fn starts(plan: &Plan, method: Method) -> Vec<Dates> {
    let start = start_guess(plan);
    let regular = (plan.rows.iter())
        .all(|r| method == Method::Bullet || add_months(start, r.period) == r.due_date);
    let first = plan.rows[0].due_date;
    let mut out = Vec::new();
    if regular {
        out.push((start, None, None));
    }
    // Due on a day a short month cuts short (the 31st from a first due date of Feb 28):
    // later due dates fall on that day, not on the first one's.
    let day = due_day(plan);
    let cut_short = |first: NaiveDate| (first.day() < day && is_month_end(first)).then_some(day);
    let later = plan.rows[0].period - 1;
    if later > 0 {
        // A plan's last rows hide the first period: an irregular one is tried only from a
        // stated draw date, its due date as many months before the first row's.
        if let (Some(start), false) = (plan.start, method == Method::Bullet) {
            let first = months_before_first(plan, later);
            out.push((start, Some(first), cut_short(first)));
        }
    } else if method != Method::Bullet {
        let monthly = (plan.rows.iter())
            .enumerate()
            .all(|(i, r)| on_day_clamped(add_months(first, i as u32), day) == r.due_date);
        if monthly {
            // Without a draw date the first period's length is found with the rate (see
            // `implied_starts`); a month before stands for it until then.
            out.push((plan.start.unwrap_or(start), Some(first), cut_short(first)));
        }
    }
    // Dates no monthly schedule follows: the closest is still worth showing.
    if out.is_empty() {
        out.push((start, None, None));
    }
    out
}

type Price = (Option<Decimal>, Option<Decimal>, Option<Decimal>, DayCount);

/// Rates (annual, daily or fee) and day counts that the plan's interest suggests.
fn prices(plan: &Plan, method: Method, start: NaiveDate, term: u32) -> Vec<Price> {
    let rows = &plan.rows;
    if method == Method::FlatFee {
        let fee = rows[0].interest.max(rows[rows.len() - 1].interest);
        let percent = fee / plan.principal * Decimal::ONE_HUNDRED;
        return rounded_candidates(percent, &[2, 3, 4])
            .into_iter()
            .map(|f| (None, None, Some(f), DayCount::Thirty360))
            .collect();
    }
    // The rate shows in the second row (a regular period) and, when the start is right,
    // in the first (which a rate change at the first due date leaves alone).
    let mut out: Vec<Price> = Vec::new();
    if method == Method::EqualInstallment {
        out.extend(prices_from_payment(plan, term));
    }
    // An ordered set tells a repeat among the hundred or two in a few comparisons
    // (searching the list took 3 % of fit, hashing each Decimal as much).
    let key = |(annual, daily, fee, day_count): Price| (annual, daily, fee, day_count as u8);
    let mut seen: BTreeSet<_> = out.iter().copied().map(key).collect();
    for k in [2, 1].into_iter().filter(|&k| k <= rows.len()) {
        for price in prices_from_row(plan, k, method, start, term) {
            if seen.insert(key(price)) {
                out.push(price);
            }
        }
    }
    out
}

/// Rates whose level payment is the plan's first one (the annuity does not depend on the
/// days, so this pins the first rate even when the first period is irregular).
fn prices_from_payment(plan: &Plan, term: u32) -> Vec<Price> {
    let payment = plan.rows[0].payment;
    let cent = Decimal::new(1, 2);
    let annuity = |annual: Decimal| {
        crate::engine::money::annuity_payment(plan.principal, annual / Decimal::from(1200), term)
    };
    // The annuity grows with the rate: bisect for the rates whose payment is within a cent
    // (a lender's rounding) of the plan's, both bounds at once: until their steps part
    // (two cents of payment apart, some twenty steps in) one annuity serves both.
    let halve = |(low, high): (Decimal, Decimal), mid, reaches| match reaches {
        true => (low, mid),
        false => (mid, high),
    };
    let mut lower = (Decimal::ZERO, crate::engine::validate::MAX_ANNUAL_PERCENT);
    let mut upper = lower;
    let mut together = true;
    for _ in 0..40 {
        let mid = (lower.0 + lower.1) / Decimal::TWO;
        let at = annuity(mid);
        let (upper_mid, upper_at) = match together {
            true => (mid, at),
            false => {
                let mid = (upper.0 + upper.1) / Decimal::TWO;
                (mid, annuity(mid))
            }
        };
        let (reaches_low, reaches_high) = (at >= payment - cent, upper_at > payment + cent);
        together &= reaches_low == reaches_high;
        lower = halve(lower, mid, reaches_low);
        upper = halve(upper, upper_mid, reaches_high);
    }
    let (low, high) = (lower.1, upper.1);
    if low >= high {
        return Vec::new();
    }
    let mut out = Vec::new();
    for annual in simplest_between(low, high, &[2, 3, 4]) {
        out.push((Some(annual), None, None, DayCount::Thirty360));
    }
    for dc in [DayCount::Actual365, DayCount::Actual360] {
        let days = dc.year_days();
        for daily in simplest_between(low / days, high / days, &[4, 5, 6]) {
            out.push((None, Some(daily), None, dc));
        }
        for annual in simplest_between(low, high, &[2, 3, 4]) {
            out.push((Some(annual), None, None, dc));
        }
    }
    out
}

/// The numbers in [`low`, `high`) with the fewest of `places` decimals (at most 20),
/// nearest the middle first: the rate whose payment is exactly the plan's, before those a
/// cent of rounding away (which would need a spurious rate change later to fit).
fn simplest_between(low: Decimal, high: Decimal, places: &[u32]) -> Vec<Decimal> {
    let middle = (low + high) / Decimal::TWO;
    let mut found = simplest_in(low, high, places);
    found.sort_by_key(|v| (*v - middle).abs());
    found
}

fn simplest_in(low: Decimal, high: Decimal, places: &[u32]) -> Vec<Decimal> {
    for &p in places {
        let unit = Decimal::new(1, p);
        let mut value = (low / unit).ceil() * unit;
        let mut found = Vec::new();
        while value < high && found.len() < 20 {
            if value > Decimal::ZERO {
                found.push(value.normalize());
            }
            value += unit;
        }
        if !found.is_empty() {
            return found;
        }
    }
    Vec::new()
}

/// Rates that give row `k`'s interest on the balance before it.
fn prices_from_row(
    plan: &Plan,
    k: usize,
    method: Method,
    start: NaiveDate,
    term: u32,
) -> Vec<Price> {
    let rows = &plan.rows;
    let balance = plan.owed_before(k - 1);
    let interest = rows[k - 1].interest;
    if balance <= Decimal::ZERO {
        return Vec::new();
    }
    // The first row shown follows the draw date, or (of a plan's last rows) the due date
    // a month before, on the day the rows fall on.
    let from = match (k, rows[0].period) {
        (1, 1) => start,
        (1, _) => months_before_first(plan, 1),
        _ => rows[k - 2].due_date,
    };
    let to = rows[k - 1].due_date;
    let days = Decimal::from((to - from).num_days().max(1));
    let per_balance = interest / balance;
    let months = if method == Method::Bullet {
        Decimal::from(term)
    } else {
        Decimal::ONE
    };
    let mut out: Vec<Price> = Vec::new();
    if interest.is_zero() {
        out.push((Some(Decimal::ZERO), None, None, DayCount::Thirty360));
        return out;
    }
    let hundred = Decimal::ONE_HUNDRED;
    // Annual rates under each day count; an irregular period counts its 30/360 days.
    // From one due date to the next is a whole month, Feb 28 to Mar 29 of a loan due on
    // the 29th too (not from a draw date off the due day: Feb 1 to Mar 2 counts its days,
    // and so does Jan 28 to Feb 28 of a loan due on the 29th, 32 30/360 days).
    let on_due_day = |date: NaiveDate| on_day_clamped(date, due_day(plan)) == date;
    let month_on = add_months(from, 1);
    let whole_months = add_months(from, term.max(1)) == to
        || method != Method::Bullet
            && on_due_day(from)
            && on_day_clamped(month_on, due_day(plan)) == to;
    let thirty = if whole_months || days_30_360(from, to) <= 0 {
        per_balance * Decimal::from(12) / months * hundred
    } else {
        per_balance * Decimal::from(360) / Decimal::from(days_30_360(from, to)) * hundred
    };
    for a in rounded_candidates(thirty, &[2, 3, 4]) {
        out.push((Some(a), None, None, DayCount::Thirty360));
    }
    // Under actual days a lender quotes a daily rate (日利率) more often than an annual one.
    for dc in [DayCount::Actual365, DayCount::Actual360] {
        let daily = per_balance / days * hundred;
        for d in rounded_candidates(daily, &[4, 5, 6]) {
            out.push((None, Some(d), None, dc));
        }
        let annual = per_balance * dc.year_days() / days * hundred;
        for a in rounded_candidates(annual, &[2, 3, 4]) {
            out.push((Some(a), None, None, dc));
        }
    }
    out
}

/// Draw dates that give the first row's interest at this price: its days, ± one.
fn implied_starts(
    plan: &Plan,
    annual: Option<Decimal>,
    daily: Option<Decimal>,
    day_count: DayCount,
) -> Vec<NaiveDate> {
    let first = &plan.rows[0];
    let fraction = match (annual, daily) {
        (Some(a), _) => a / Decimal::ONE_HUNDRED,
        (_, Some(d)) => d * day_count.year_days() / Decimal::ONE_HUNDRED,
        _ => return Vec::new(),
    };
    let year = match day_count {
        DayCount::Thirty360 => Decimal::from(360),
        _ => day_count.year_days(),
    };
    if fraction.is_zero() {
        return Vec::new();
    }
    let days = (first.interest * year / (plan.principal * fraction)).round();
    let Ok(days) = i64::try_from(days) else {
        return Vec::new();
    };
    let counted = |start: NaiveDate| match day_count {
        DayCount::Thirty360 => days_30_360(start, first.due_date),
        _ => (first.due_date - start).num_days(),
    };
    // On actual days a start `back` days before counts `back` days: only those next to
    // `days` are tried (each date tried cost more than the rest of this).
    let backs = match day_count {
        DayCount::Thirty360 => 1..=62,
        _ => {
            let near = |d: i64| u64::try_from(d.clamp(0, 63)).unwrap_or(0);
            near(days.saturating_sub(1)).max(1)..=near(days.saturating_add(1)).min(62)
        }
    };
    backs
        .map(|back| first.due_date - chrono::Days::new(back))
        .filter(|&start| (counted(start) - days).abs() <= 1)
        .collect()
}

/// The `loandash add …` command line that adds a loan of `terms`.
pub fn add_command(terms: &LoanTerms, name: &str) -> String {
    let mut parts = vec![
        "loandash add".to_string(),
        format!("--name {}", shell_word(name)),
        format!("--principal {}", terms.principal),
    ];
    match (terms.method, terms.rate) {
        (Method::FlatFee, _) => parts.push(format!("--fee-rate {}", terms.fee_rate.normalize())),
        (_, Rate::Annual(a)) => parts.push(format!("--annual-rate {}", a.normalize())),
        (_, Rate::Daily(d)) => parts.push(format!("--daily-rate {}", d.normalize())),
    }
    parts.push(format!("--term {}", terms.term));
    parts.push(format!("--method {}", terms.method));
    parts.push(format!("--start {}", terms.start));
    if terms.day_count != terms.rate.default_day_count() && terms.method != Method::FlatFee {
        parts.push(format!("--day-count {}", terms.day_count));
    }
    let c = &terms.conventions;
    if let Some(first) = c.first_due {
        parts.push(format!("--first-due {first}"));
    }
    if let Some(day) = c.due_day {
        parts.push(format!("--due-day {day}"));
    }
    if let Some(each) = c.installment {
        parts.push(format!("--installment {each}"));
    }
    if c.rounding != Rounding::HalfUp {
        parts.push(format!("--rounding {}", c.rounding));
    }
    if c.remainder != Remainder::Last {
        parts.push(format!("--remainder {}", c.remainder));
    }
    for change in &c.rate_changes {
        parts.push(format!("--rate-change {change}"));
    }
    parts.join(" ")
}

fn shell_word(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}
