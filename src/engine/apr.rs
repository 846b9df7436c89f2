//! The true annualized rate (年化利率): the IRR of a loan's cash flows, monthly × 12.
//!
//! Installments sit at whole months from the start. A prepayment between due dates sits
//! at its fraction of the period (actual days), discounted with simple interest inside
//! that period: the usual convention for odd periods, and it keeps the maths in Decimal.

use crate::engine::loan::{add_months, days_between};
use crate::engine::money::round_dp;
use crate::engine::schedule::Schedule;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

/// A payment `months` after the start: whole months plus a fraction of the next one.
#[derive(Debug, Clone, Copy)]
struct Flow {
    whole_months: u32,
    fraction: Decimal,
    amount: Decimal,
}

impl Schedule {
    /// True annualized rate (年化利率) in percent, two decimals: IRR of the cash flows × 12.
    pub fn apr(&self) -> Decimal {
        annualized_percent(self)
    }
}

/// IRR × 12 in percent, rounded half-up to two decimals; 0 for a free loan.
pub fn annualized_percent(schedule: &Schedule) -> Decimal {
    let flows = flows(schedule);
    let paid: Decimal = flows.iter().map(|f| f.amount).sum();
    if paid <= schedule.principal || flows.is_empty() {
        return Decimal::ZERO;
    }
    if let Some(percent) = certified_percent(schedule.principal, &flows) {
        return percent;
    }
    let monthly = solve_monthly_rate(schedule.principal, &flows);
    round_dp(monthly * Decimal::from(1200), 2)
}

/// How far from a rounding boundary (in monthly rate) the root must be proven to lie:
/// far more than the bisection's own error (2^-51 for a root below 1), far less than
/// any rate a loan could show.
const MARGIN: Decimal = Decimal::from_parts(1, 0, 0, false, 12);

/// The figure the bisection below would give, found in two Decimal evaluations instead
/// of about fifty: a guess, then a proof. Newton's method (in f64, a guess only: no
/// amount is ever a float) proposes the rounded percent `v`; two evaluations of the NPV
/// in Decimal then prove that the true root lies inside `v`'s rounding interval with
/// [`MARGIN`] to spare on both sides (the NPV falls strictly as the rate rises). The
/// bisection's answer is within 2^-51 of that root, so it rounds to `v` as well. When
/// the proof fails (a root within the margin of a boundary, a monthly rate of 100 % or
/// more, no convergence) this returns `None` and the bisection runs as before.
fn certified_percent(principal: Decimal, flows: &[Flow]) -> Option<Decimal> {
    let monthly = Decimal::from_f64_retain(newton_guess(principal, flows)?)?;
    let per_year = Decimal::from(1200);
    let percent = round_dp(monthly.checked_mul(per_year)?, 2);
    let half_cent = Decimal::new(5, 3);
    if percent.is_sign_negative() || percent >= Decimal::from(1000) {
        return None;
    }
    let low = (percent - half_cent) / per_year + MARGIN;
    let high = (percent + half_cent) / per_year - MARGIN;
    let root_inside = net_present_value(principal, flows, low) > Decimal::ZERO
        && net_present_value(principal, flows, high) <= Decimal::ZERO;
    root_inside.then_some(percent)
}

/// The monthly rate where the NPV is zero, by Newton's method in f64 from 0: the NPV is
/// convex and falling, so the steps climb to the root without overshooting. A guess only:
/// whatever it returns is proven, or rejected, in Decimal.
fn newton_guess(principal: Decimal, flows: &[Flow]) -> Option<f64> {
    use rust_decimal::prelude::ToPrimitive;
    let principal = principal.to_f64()?;
    let flows: Vec<(u32, f64, f64)> = flows
        .iter()
        .map(|f| Some((f.whole_months, f.fraction.to_f64()?, f.amount.to_f64()?)))
        .collect::<Option<_>>()?;
    let mut rate = 0.0_f64;
    for _ in 0..100 {
        let (mut value, mut slope) = (-principal, 0.0);
        let discount = 1.0 / (1.0 + rate);
        let (mut factor, mut at) = (1.0, 0);
        for &(months, fraction, amount) in &flows {
            // Flows come in date order, so the discount factor only ever grows a power.
            while at < months {
                factor *= discount;
                at += 1;
            }
            let discounted = amount * factor;
            let simple = 1.0 + rate * fraction;
            value += discounted / simple;
            slope -=
                discounted * (f64::from(months) * discount / simple + fraction / (simple * simple));
        }
        let step = value / slope;
        if !step.is_finite() {
            return None;
        }
        rate -= step;
        // Rounding noise in f64 keeps the last steps near 1e-16; the proof needs 1e-12.
        if step.abs() <= 1e-14 {
            break;
        }
    }
    rate.is_finite().then_some(rate)
}

fn flows(schedule: &Schedule) -> Vec<Flow> {
    schedule
        .rows
        .iter()
        .map(|row| {
            let (whole_months, fraction) = months_since(schedule.start, row.due_date);
            Flow {
                whole_months,
                fraction,
                amount: row.payment,
            }
        })
        .collect()
}

/// Time from `start` to `date` in months: whole (clamped) months, plus the share of the
/// next month's actual days already run.
fn months_since(start: NaiveDate, date: NaiveDate) -> (u32, Decimal) {
    let calendar = (date.year() - start.year()) * 12 + date.month() as i32 - start.month() as i32;
    let mut whole = calendar.max(0) as u32;
    while whole > 0 && add_months(start, whole) > date {
        whole -= 1;
    }
    let anniversary = add_months(start, whole);
    let next = add_months(start, whole + 1);
    let elapsed = Decimal::from(days_between(anniversary, date));
    (
        whole,
        elapsed / Decimal::from(days_between(anniversary, next)),
    )
}

/// Present value of the flows at monthly rate `i`, less the principal.
fn net_present_value(principal: Decimal, flows: &[Flow], i: Decimal) -> Decimal {
    let discount = Decimal::ONE / (Decimal::ONE + i);
    let mut factor = Decimal::ONE;
    let mut at = 0;
    let mut value = -principal;
    for flow in flows {
        while at < flow.whole_months {
            factor *= discount;
            at += 1;
        }
        let discounted = flow.amount * factor;
        // Installments sit on whole months: no division (x / 1 is x).
        value += if flow.fraction.is_zero() {
            discounted
        } else {
            discounted / (Decimal::ONE + i * flow.fraction)
        };
    }
    value
}

/// Bisection on the monthly rate: NPV falls as the rate rises, so the root is unique.
fn solve_monthly_rate(principal: Decimal, flows: &[Flow]) -> Decimal {
    let (mut low, mut high) = (Decimal::ZERO, Decimal::ONE);
    while net_present_value(principal, flows, high) > Decimal::ZERO && high < Decimal::from(1000) {
        low = high;
        high *= Decimal::TWO;
    }
    // 2^-50 of a monthly rate is far below the 0.01-point precision shown.
    for _ in 0..50 {
        let mid = (low + high) / Decimal::TWO;
        if net_present_value(principal, flows, mid) > Decimal::ZERO {
            low = mid;
        } else {
            high = mid;
        }
    }
    (low + high) / Decimal::TWO
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::ledger::loan_state;

    /// The proven shortcut gives exactly what the bisection gives, loan by loan, on a
    /// generated store of every method, day count and prepayment mode.
    #[test]
    fn the_certified_rate_is_the_bisection_rate() {
        let as_of = crate::generate::samples::as_of();
        let data = crate::generate::generate(400, 3, as_of);
        let mut certified = 0;
        for loan in &data.loans {
            let state = loan_state(loan, data.payments_for(&loan.id), as_of).unwrap();
            let schedule = &state.schedule;
            let flows = flows(schedule);
            let paid: Decimal = flows.iter().map(|f| f.amount).sum();
            if paid <= schedule.principal {
                continue;
            }
            let bisected = round_dp(
                solve_monthly_rate(schedule.principal, &flows) * Decimal::from(1200),
                2,
            );
            if let Some(fast) = certified_percent(schedule.principal, &flows) {
                assert_eq!(fast, bisected, "loan {}", loan.id);
                certified += 1;
            }
            assert_eq!(schedule.apr(), bisected, "loan {}", loan.id);
        }
        assert!(certified > 300, "only {certified} certified");
    }

    #[test]
    fn a_root_on_a_rounding_boundary_is_left_to_the_bisection() {
        let flow = |amount| Flow {
            whole_months: 1,
            fraction: Decimal::ZERO,
            amount,
        };
        let principal = Decimal::from(1000);
        // 1,000 repaid with 1,000.0125 a month later: 0.00125 % a month, 0.015 % a
        // year, exactly between 0.01 and 0.02.
        let on_boundary = [flow(Decimal::new(10_000_125, 4))];
        assert_eq!(certified_percent(principal, &on_boundary), None);
        // 1,000.01: 0.012 % a year, shown as 0.01.
        let off_boundary = [flow(Decimal::new(10_000_100, 4))];
        assert_eq!(
            certified_percent(principal, &off_boundary),
            Some(Decimal::new(1, 2))
        );
    }
}
