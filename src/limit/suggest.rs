//! What would raise the projection most: candidate actions, each tried through the
//! projection and ranked by what it gains.

use super::model::*;
use super::project::*;
use crate::book::dues::YearMonth;
use crate::engine::loan::{FieldError, add_months};
use crate::engine::money::grouped;
use rust_decimal::Decimal;
use std::cmp::Reverse;

/// An action that could raise the projection, tried through it by [`Projector::suggest`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SuggestedAction {
    /// Repay `amount` early on `line`, bringing it below `below_percent` utilization.
    PayDown {
        /// The line.
        line: String,
        /// Principal to repay.
        amount: Decimal,
        /// The utilization it brings the line under.
        below_percent: u64,
    },
    /// Complete the profile (from `from_percent` to 100 %).
    CompleteProfile {
        /// Today's completeness.
        from_percent: u8,
    },
    /// Borrow `amount` on `line` every `every_months` months, repaying on time.
    BorrowRegularly {
        /// The line.
        line: String,
        /// Each borrowing.
        amount: Decimal,
        /// Months between borrowings.
        every_months: u32,
    },
}

/// An action and what it would add to the projection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// What to do.
    pub action: SuggestedAction,
    /// The most it adds to the limit in any month.
    pub limit_gain: Decimal,
    /// What it adds to the score that month.
    pub score_gain: i32,
    /// The first month it adds that much.
    pub by: YearMonth,
}

impl Suggestion {
    /// One line for people, amounts with `currency`, e.g. `Pay down 借呗 below 50 %
    /// utilization (repay ¥1,001.00 early): +¥2,000.00 by 2027-03`.
    pub fn text(&self, currency: &str) -> String {
        let what = match &self.action {
            SuggestedAction::PayDown {
                line,
                amount,
                below_percent,
            } => format!(
                "Pay down {line} below {below_percent} % utilization (repay {currency}{} early)",
                grouped(*amount)
            ),
            SuggestedAction::CompleteProfile { from_percent } => {
                format!("Complete your profile ({from_percent} % → 100 %)")
            }
            SuggestedAction::BorrowRegularly {
                line,
                amount,
                every_months,
            } => format!(
                "Borrow {currency}{} on {line} every {every_months} months and repay on time",
                grouped(*amount)
            ),
        };
        let gain = if self.limit_gain > Decimal::ZERO {
            format!("+{currency}{}", grouped(self.limit_gain))
        } else {
            format!("+{} points", self.score_gain)
        };
        format!("{what}: {gain} by {}", self.by)
    }
}

impl Projector<'_> {
    /// Up to three actions that would raise the projection under `scenario` most, each
    /// tried through the same projection; best first (limit gained, then score).
    pub fn suggest(&self, scenario: &Outlook, months: u32) -> Result<Vec<Suggestion>, FieldError> {
        let plan = self.plan(scenario).map_err(|r| self.refused(r))?;
        let base = self.run(&plan, months).map_err(|r| self.refused(r))?.months;
        let mut found = Vec::new();
        for action in self.candidates(months) {
            // An action that does not fit beside the scenario (e.g. repaying more than
            // is owed after its prepayment) is simply not suggested.
            let Ok(run) = self.run_with(&plan, &action, months) else {
                continue;
            };
            let best = base
                .iter()
                .zip(&run)
                .map(|(b, r)| {
                    (
                        r.limit.value - b.limit.value,
                        i32::from(r.score.value) - i32::from(b.score.value),
                        r.month,
                    )
                })
                .fold(
                    None,
                    |best: Option<(Decimal, i32, YearMonth)>, gain| match best {
                        Some(b) if (b.0, b.1) >= (gain.0, gain.1) => Some(b),
                        _ => Some(gain),
                    },
                );
            if let Some((limit_gain, score_gain, by)) = best
                && (limit_gain > Decimal::ZERO || score_gain > 0)
            {
                found.push(Suggestion {
                    action,
                    limit_gain,
                    score_gain,
                    by,
                });
            }
        }
        found.sort_by_key(|s| Reverse((s.limit_gain, s.score_gain)));
        found.truncate(3);
        Ok(found)
    }

    /// Each month under `scenario` with `action` taken too: the projection a
    /// suggestion's gain is measured on (against [`Projector::project`]'s).
    pub fn project_with(
        &self,
        scenario: &Outlook,
        action: &SuggestedAction,
        months: u32,
    ) -> Result<Vec<MonthProjection>, FieldError> {
        let plan = self.plan(scenario).map_err(|r| self.refused(r))?;
        self.run_with(&plan, action, months)
            .map_err(|r| self.refused(r))
    }

    fn run_with(
        &self,
        plan: &Plan,
        action: &SuggestedAction,
        months: u32,
    ) -> Result<Vec<MonthProjection>, Refusal> {
        let mut tried = plan.clone();
        self.apply(action, &mut tried, months);
        Ok(self.run(&tried, months)?.months)
    }

    pub(super) fn candidates(&self, months: u32) -> Vec<SuggestedAction> {
        let mut actions = Vec::new();
        let knots = &self.model.factors.utilization.curve;
        for line in self.data.lines.iter().filter(|l| l.limit > Decimal::ZERO) {
            let used = self.used_now(&line.name);
            let percent = super::project::percent_of(used, line.limit);
            let now = interpolate(knots, percent);
            // The highest knot below today's utilization that scores better.
            let target = knots
                .iter()
                .rev()
                .find(|&&(x, p)| Decimal::from(x) < percent && Decimal::from(p) > now);
            if let Some(&(below, _)) = target {
                let goal = line.limit * Decimal::from(below) / Decimal::ONE_HUNDRED;
                let amount = ((used - goal).floor() + Decimal::ONE).min(used);
                actions.push(SuggestedAction::PayDown {
                    line: line.name.clone(),
                    amount,
                    below_percent: below,
                });
            }
        }
        let completeness = self.data.profile.completeness;
        if completeness < 100 {
            actions.push(SuggestedAction::CompleteProfile {
                from_percent: completeness,
            });
        }
        let every_months = 3;
        let amount = ((self.line.limit / Decimal::TEN / Decimal::ONE_HUNDRED).floor()
            * Decimal::ONE_HUNDRED)
            .max(Decimal::ONE_HUNDRED);
        if months > 0 && amount <= self.available_now() {
            actions.push(SuggestedAction::BorrowRegularly {
                line: self.line.name.clone(),
                amount,
                every_months,
            });
        }
        actions
    }

    pub(super) fn apply(&self, action: &SuggestedAction, plan: &mut Plan, months: u32) {
        match action {
            SuggestedAction::PayDown { line, amount, .. } => {
                plan.prepays.push((line.clone(), *amount))
            }
            SuggestedAction::CompleteProfile { .. } => plan.completeness = Some(100),
            SuggestedAction::BorrowRegularly {
                amount,
                every_months,
                ..
            } => {
                let first = self.tomorrow();
                plan.borrows.extend(
                    (0..months)
                        .step_by(*every_months as usize)
                        .map(|m| (add_months(first, m), *amount, Some(self.slot))),
                );
            }
        }
    }
}
