//! The true annualized rate (年化利率): the IRR of a loan's cash flows, monthly × 12.
//!
//! Installments sit at whole months from the start. A prepayment between due dates sits
//! at its fraction of the period (actual days), discounted with simple interest inside
//! that period: the usual convention for odd periods, and it keeps the maths in Decimal.

use crate::loan::{add_months, days_between};
use crate::money::round_dp;
use crate::schedule::Schedule;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

/// A payment `months` after the start: whole months plus a fraction of the next one.
#[derive(Debug, Clone, Copy)]
struct Flow {
    whole_months: u32,
    fraction: Decimal,
    amount: Decimal,
}

/// IRR × 12 in percent, rounded half-up to two decimals; 0 for a free loan.
pub fn annualized_percent(schedule: &Schedule) -> Decimal {
    let flows = flows(schedule);
    let paid: Decimal = flows.iter().map(|f| f.amount).sum();
    if paid <= schedule.principal || flows.is_empty() {
        return Decimal::ZERO;
    }
    let monthly = solve_monthly_rate(schedule.principal, &flows);
    round_dp(monthly * Decimal::from(1200), 2)
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
        value += flow.amount * factor / (Decimal::ONE + i * flow.fraction);
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
