//! What would raise the projection most: candidate actions, each tried through the
//! projection and ranked by what it gains.

use super::model::*;
use super::project::*;
use crate::book::dues::YearMonth;
use crate::engine::loan::{FieldError, add_months};
use crate::engine::money::grouped;
use crate::language::{Language, fill, one_or_many};
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
    /// One line for people in `lang`, amounts written by `money`, e.g. `Pay down 借呗
    /// below 50 % utilization (repay ¥1,001.00 early): +¥2,000.00 by 2027-03`: the one
    /// wording of a suggestion, in both front ends.
    pub fn said(&self, lang: Language, money: impl Fn(Decimal) -> String) -> String {
        let what = match &self.action {
            SuggestedAction::PayDown {
                line,
                amount,
                below_percent,
            } => fill(
                lang.pick(
                    "Pay down {line} below {pct} % utilization (repay {amount} early)",
                    "提前还款 {amount}，让 {line} 的使用率低于 {pct} %",
                ),
                &[
                    ("line", line),
                    ("pct", &below_percent.to_string()),
                    ("amount", &money(*amount)),
                ],
            ),
            SuggestedAction::CompleteProfile { from_percent } => fill(
                lang.pick(
                    "Complete your profile ({pct} % → 100 %)",
                    "完善资料（{pct} % → 100 %）",
                ),
                &[("pct", &from_percent.to_string())],
            ),
            SuggestedAction::BorrowRegularly {
                line,
                amount,
                every_months,
            } => fill(
                one_or_many(
                    *every_months,
                    lang.pick(
                        "Borrow {amount} on {line} every month and repay on time",
                        "每月在 {line} 借 {amount} 并按时还款",
                    ),
                    lang.pick(
                        "Borrow {amount} on {line} every {n} months and repay on time",
                        "每{n}个月在 {line} 借 {amount} 并按时还款",
                    ),
                ),
                &[
                    ("line", line),
                    ("amount", &money(*amount)),
                    ("n", &every_months.to_string()),
                ],
            ),
        };
        let gain = if self.limit_gain > Decimal::ZERO {
            format!("+{}", money(self.limit_gain))
        } else {
            let points = one_or_many(
                self.score_gain,
                lang.pick("{n} point", "{n} 分"),
                lang.pick("{n} points", "{n} 分"),
            );
            fill(points, &[("n", &format!("{:+}", self.score_gain))])
        };
        fill(
            lang.pick("{what}: {gain} by {month}", "{what}：{month} 前 {gain}"),
            &[
                ("what", &what),
                ("gain", &gain),
                ("month", &self.by.to_string()),
            ],
        )
    }

    /// [`Suggestion::said`] in English with amounts as `{currency}1,234.00`: the JSON's
    /// `text`, for scripts.
    pub fn text(&self, currency: &str) -> String {
        self.said(Language::En, |amount| {
            format!("{currency}{}", grouped(amount))
        })
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
        plan: &DatedChanges,
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

    pub(super) fn apply(&self, action: &SuggestedAction, plan: &mut DatedChanges, months: u32) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn borrow_monthly(every_months: u32, score_gain: i32) -> Suggestion {
        Suggestion {
            action: SuggestedAction::BorrowRegularly {
                line: "借呗".into(),
                amount: dec!(500),
                every_months,
            },
            limit_gain: Decimal::ZERO,
            score_gain,
            by: YearMonth {
                year: 2027,
                month: 3,
            },
        }
    }

    /// One month and one point read in the singular ("every 1 month" they said once).
    #[test]
    fn a_suggestion_says_every_month_and_one_point_in_either_language() {
        let money = |amount: Decimal| format!("¥{}", grouped(amount));
        assert_eq!(
            borrow_monthly(1, 1).said(Language::En, money),
            "Borrow ¥500.00 on 借呗 every month and repay on time: +1 point by 2027-03"
        );
        assert_eq!(
            borrow_monthly(3, 2).said(Language::En, money),
            "Borrow ¥500.00 on 借呗 every 3 months and repay on time: +2 points by 2027-03"
        );
        assert_eq!(
            borrow_monthly(1, 1).said(Language::Zh, money),
            "每月在 借呗 借 ¥500.00 并按时还款：2027-03 前 +1 分"
        );
    }
}
