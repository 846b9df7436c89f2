//! `loandash export ics`: every unpaid installment and card minimum as an all-day
//! calendar event (RFC 5545), with a reminder before it.
//!
//! Rules where the issue is silent:
//! - an overdue item is placed on the as-of date (a reminder in the past is never
//!   seen), marked `!` and "overdue since", with its penalty to that date;
//! - the reminder fires at 09:00 local time, `alarm_days` days before the event;
//! - the UID is the loan (or card) id, the loan's start date and the due date, so a
//!   later export of the same installment replaces the event instead of adding one.

use super::{money, pick};
use crate::book::dues::{DueItem, Portfolio};
use crate::book::ledger::Status;
use crate::engine::validate::MAX_DATE;
use crate::language::Language;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use icalendar::{Alarm, Calendar, Component, Event, EventLike, Property, Related, Trigger};

/// What goes into the calendar and how it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IcsOptions {
    /// The last day whose due items are included (overdue ones always are).
    pub until: NaiveDate,
    /// Days before an event its reminder fires.
    pub alarm_days: u32,
    /// Language of summaries and descriptions.
    pub language: Language,
    /// When the calendar was made (DTSTAMP): passed in so the output is reproducible.
    pub stamp: DateTime<Utc>,
}

impl IcsOptions {
    /// The defaults: [`DEFAULT_MONTHS`] ahead, reminders [`DEFAULT_ALARM_DAYS`] before.
    pub fn ahead(as_of: NaiveDate, language: Language, stamp: DateTime<Utc>) -> IcsOptions {
        IcsOptions {
            until: crate::engine::loan::add_months(as_of, DEFAULT_MONTHS),
            alarm_days: DEFAULT_ALARM_DAYS,
            language,
            stamp,
        }
    }
}

/// Months ahead a calendar covers unless told.
pub const DEFAULT_MONTHS: u32 = 12;
/// Days before a due date its reminder fires unless told.
pub const DEFAULT_ALARM_DAYS: u32 = 2;

/// The hour of the day a reminder fires.
const ALARM_HOUR: i64 = 9;

/// The calendar of everything unpaid up to `options.until`, overdue items first.
pub fn calendar(portfolio: &Portfolio, options: &IcsOptions) -> String {
    let data = portfolio.data();
    let currency = &data.profile.currency;
    let mut calendar = Calendar::empty();
    for (key, value) in [
        ("VERSION", "2.0"),
        ("PRODID", "-//loandash//due dates//EN"),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
    ] {
        calendar.append_property(Property::new(key, value));
    }
    calendar.name(pick(options.language, "Loan due dates", "还款日"));
    for item in portfolio.unpaid_until(options.until) {
        let start = data.loan(&item.loan).map(|l| l.start);
        calendar.push(event(&item, start, currency, portfolio.as_of(), options));
    }
    calendar.to_string()
}

/// The UID of an item's event: stable for the same loan and installment.
pub fn uid(item: &DueItem, loan_start: Option<NaiveDate>) -> String {
    let due = item.due_date.format("%Y%m%d");
    match loan_start {
        Some(start) => format!("{}-{}-{due}@loandash", item.loan, start.format("%Y%m%d")),
        None => format!("{}-{due}@loandash", item.loan),
    }
}

/// How long before the start of an event's day its reminder fires (negative: before).
pub fn alarm_offset(item: &DueItem, alarm_days: u32) -> Duration {
    let days = if item.status == Status::Overdue {
        0
    } else {
        i64::from(alarm_days)
    };
    Duration::hours(ALARM_HOUR) - Duration::days(days)
}

/// The one-line summary a phone shows.
pub fn summary(item: &DueItem, currency: &str, language: Language) -> String {
    let amount = money(currency, item.amount());
    match (item.status == Status::Overdue, language) {
        (false, Language::En) => format!("{} {amount} due", item.name),
        (false, Language::Zh) => format!("{} 应还 {amount}", item.name),
        (true, Language::En) => format!("! {} {amount} overdue since {}", item.name, item.due_date),
        (true, Language::Zh) => format!("! {} 逾期 {amount}（{} 到期）", item.name, item.due_date),
    }
}

/// The parts of the amount, and when it was due.
pub fn description(item: &DueItem, currency: &str, as_of: NaiveDate, language: Language) -> String {
    let part = |en: &str, zh: &str, amount| {
        format!("{} {}", pick(language, en, zh), money(currency, amount))
    };
    let mut parts = vec![
        part("Principal", "本金", item.principal),
        part("interest", "利息", item.interest),
    ];
    if !item.penalty.is_zero() {
        let to = match language {
            Language::En => format!(" (to {as_of})"),
            Language::Zh => format!("（计至 {as_of}）"),
        };
        parts.push(part("penalty", "罚息", item.penalty) + &to);
    }
    match language {
        Language::En => format!(
            "{}. Due {}. Id {}.",
            parts.join(", "),
            item.due_date,
            item.loan
        ),
        Language::Zh => format!(
            "{}。到期日 {}。编号 {}。",
            parts.join("，"),
            item.due_date,
            item.loan
        ),
    }
}

fn event(
    item: &DueItem,
    loan_start: Option<NaiveDate>,
    currency: &str,
    as_of: NaiveDate,
    options: &IcsOptions,
) -> Event {
    let day = item.payable_on(as_of);
    let summary = summary(item, currency, options.language);
    let trigger = Trigger::from((alarm_offset(item, options.alarm_days), Related::Start));
    let uid = uid(item, loan_start);
    let alarm = Alarm::display(&summary, trigger)
        .uid(&format!("alarm-{uid}"))
        .timestamp(options.stamp)
        .done();
    let mut event = Event::new();
    event
        .uid(&uid)
        .timestamp(options.stamp)
        .starts(day)
        .summary(&summary)
        .description(&description(item, currency, as_of, options.language))
        .alarm(alarm);
    // The day after the date cap has a five-digit year no calendar reads; an all-day
    // event without an end lasts its one day (RFC 5545, 3.6.1).
    if day < MAX_DATE {
        event.ends(day + chrono::Days::new(1));
    }
    event.done()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn item(status: Status) -> DueItem {
        DueItem {
            loan: "L1".into(),
            name: "借呗 装修".into(),
            due_date: "2026-02-28".parse().unwrap(),
            principal: dec!(1616.50),
            interest: dec!(140.00),
            penalty: if status == Status::Overdue {
                dec!(44.89)
            } else {
                dec!(0)
            },
            status,
            days_late: 0,
        }
    }

    #[test]
    fn a_phone_shows_the_name_amount_and_whether_it_is_late() {
        let upcoming = item(Status::Upcoming);
        assert_eq!(
            summary(&upcoming, "¥", Language::En),
            "借呗 装修 ¥1,756.50 due"
        );
        assert_eq!(
            summary(&upcoming, "¥", Language::Zh),
            "借呗 装修 应还 ¥1,756.50"
        );
        let late = item(Status::Overdue);
        assert_eq!(
            summary(&late, "¥", Language::En),
            "! 借呗 装修 ¥1,801.39 overdue since 2026-02-28"
        );
        let as_of = "2026-04-10".parse().unwrap();
        assert_eq!(
            description(&late, "¥", as_of, Language::En),
            "Principal ¥1,616.50, interest ¥140.00, penalty ¥44.89 (to 2026-04-10). Due 2026-02-28. Id L1."
        );
        assert_eq!(late.payable_on(as_of), as_of);
        assert_eq!(upcoming.payable_on(as_of), upcoming.due_date);
    }

    #[test]
    fn the_reminder_is_at_nine_the_days_before_and_the_uid_names_the_installment() {
        assert_eq!(
            alarm_offset(&item(Status::Upcoming), 2),
            Duration::hours(9) - Duration::days(2)
        );
        assert_eq!(alarm_offset(&item(Status::Overdue), 2), Duration::hours(9));
        let start = "2026-01-31".parse().ok();
        assert_eq!(
            uid(&item(Status::Upcoming), start),
            "L1-20260131-20260228@loandash"
        );
        assert_eq!(uid(&item(Status::Overdue), None), "L1-20260228@loandash");
    }
}
