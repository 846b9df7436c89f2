//! One validation for every way in: command-line flags, the dashboard's forms, CSV
//! imports and the store file all check a value here, so each amount, rate, count, date
//! and name has one accepted range (the README's table lists them). A refusal is an
//! [`Invalid`]: what is wrong ([`Kind`]), the field, what was given and what is
//! accepted, rendered in English or Chinese.

use crate::engine::field::Field;
use crate::engine::money::grouped;
use crate::language::Language;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// The ranges of a loan's terms.
/// Highest nominal annual rate accepted, in percent.
pub const MAX_ANNUAL_PERCENT: Decimal = Decimal::from_parts(100, 0, 0, false, 0);
/// Highest daily rate accepted, in percent per day (≈ 98.55 % a year).
pub const MAX_DAILY_PERCENT: Decimal = Decimal::from_parts(27, 0, 0, false, 2);
/// Highest flat fee accepted, in percent of the principal per month.
pub const MAX_FEE_PERCENT: Decimal = Decimal::from_parts(10, 0, 0, false, 0);
/// Longest term accepted, in months (50 years).
pub const MAX_TERM: u32 = 600;
/// Largest principal accepted (a trillion), far below where Decimal could overflow.
pub const MAX_PRINCIPAL: Decimal = Decimal::from_parts(3_567_587_328, 232, 0, false, 0);

/// The largest amount of money anywhere (a principal, a balance, a limit, an income, a
/// payment): a trillion, far below where exact arithmetic could overflow.
pub const MAX_AMOUNT: Decimal = MAX_PRINCIPAL;
/// Highest penalty rate, in percent per year.
pub const MAX_PENALTY_PERCENT: Decimal = Decimal::from_parts(1000, 0, 0, false, 0);
/// Longest name, in characters.
pub const MAX_NAME_CHARS: usize = 100;
/// The earliest date accepted: the first with a four-digit year.
pub const MIN_DATE: NaiveDate = NaiveDate::from_ymd_opt(1000, 1, 1).unwrap();
/// The latest date anything may fall on: dates are written with four-digit years (the
/// store, CSV, calendars, journals, the `--start` flag), so a loan must end by then.
pub const MAX_DATE: NaiveDate = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap();
/// How long after a loan's last due date a payment may still be dated, in months.
pub const PAYMENT_GRACE_MONTHS: u32 = 12;

/// What is wrong with a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Below the accepted range.
    TooLow,
    /// Above the accepted range.
    TooHigh,
    /// A date after the latest accepted.
    TooLate,
    /// Nothing but spaces.
    Empty,
    /// Another record has this name already.
    Taken,
    /// Not in the accepted form.
    Malformed,
    /// More than is owed.
    AboveOwed,
    /// Still used by other records.
    InUse,
}

/// The unit a range is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Money.
    Money,
    /// Percent per year.
    PercentPerYear,
    /// Percent per day.
    PercentPerDay,
    /// Percent.
    Percent,
    /// A day of the month.
    DayOfMonth,
    /// Months.
    Months,
    /// Score points.
    Points,
}

/// What a field accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Accepted {
    /// From `min` to `max`; above `min` only, when `min_excluded`.
    Range {
        /// Lowest.
        min: Decimal,
        /// Highest.
        max: Decimal,
        /// Whether `min` itself is refused.
        min_excluded: bool,
        /// In what.
        unit: Unit,
    },
    /// A name of 1 to [`MAX_NAME_CHARS`] characters, not used by another record.
    Name,
    /// An ISO-like code of three capital letters (CNY, USD) or one currency sign (¥, $).
    Currency,
    /// A date YYYY-MM-DD with a four-digit year.
    Date,
    /// A date up to this one (the loan's last due date plus a year).
    DateUpTo(NaiveDate),
    /// Up to this amount (what is owed).
    AtMost(Decimal),
    /// Nothing may use it (or `--force`, which detaches them).
    Unused,
}

/// A value refused, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.render(Language::En))]
pub struct Invalid {
    /// What is wrong.
    pub kind: Kind,
    /// The field, spelled by whoever renders the refusal.
    pub field: Field,
    /// What was given, as given (control characters shown escaped).
    pub got: String,
    /// What would be accepted.
    pub accepted: Accepted,
}

impl Invalid {
    /// The refusal with its field first, e.g. `balance: 1e13 is too high; accepted: …`.
    pub fn render(&self, lang: Language) -> String {
        format!("{}{}{}", self.field, lang.colon(), self.problem(lang))
    }

    /// The refusal without the field: what is wrong and what is accepted.
    pub fn problem(&self, lang: Language) -> String {
        let got = &self.got;
        let say = |en: String, zh: String| lang.pick(en, zh);
        let what = match self.kind {
            Kind::TooLow => say(format!("{got} is too low"), format!("{got} 太小")),
            Kind::TooHigh => say(format!("{got} is too high"), format!("{got} 太大")),
            Kind::TooLate => say(format!("{got} is too late"), format!("{got} 太晚")),
            Kind::Empty => say("must not be empty".into(), "不能为空".into()),
            Kind::Taken => say(format!("{got} is already used"), format!("{got} 已被使用")),
            Kind::Malformed => say(format!("{got} is not accepted"), format!("{got} 格式不对")),
            Kind::AboveOwed => say(
                format!("{got} is more than is owed"),
                format!("{got} 超过了欠款"),
            ),
            Kind::InUse => say(format!("still used by {got}"), format!("仍被 {got} 使用")),
        };
        let accepted = self.accepted(lang);
        say(
            format!("{what}; accepted: {accepted}"),
            format!("{what}；可接受：{accepted}"),
        )
    }

    fn accepted(&self, lang: Language) -> String {
        let say = |en: String, zh: String| lang.pick(en, zh);
        match &self.accepted {
            Accepted::Range {
                min,
                max,
                min_excluded,
                unit,
            } => {
                // Amounts read as on screen (1,000,000,000,000.00); other units as typed.
                let (min, max) = match unit {
                    Unit::Money => (grouped(*min), grouped(*max)),
                    _ => (min.to_string(), max.to_string()),
                };
                let unit = match unit {
                    Unit::Money => "",
                    Unit::PercentPerYear => lang.pick(" % a year", "（年利率 %）"),
                    Unit::PercentPerDay => lang.pick(" % a day", "（日利率 %）"),
                    Unit::Percent => " %",
                    Unit::DayOfMonth => lang.pick(" (day of the month)", "（每月第几日）"),
                    Unit::Months => lang.pick(" months", "个月"),
                    Unit::Points => lang.pick(" points", " 分"),
                };
                let above = if *min_excluded {
                    lang.pick("above ", "大于 ")
                } else {
                    ""
                };
                say(
                    format!("{above}{min} to {max}{unit}"),
                    format!("{above}{min} 至 {max}{unit}"),
                )
            }
            Accepted::Name => say(
                format!("1 to {MAX_NAME_CHARS} characters, not the name of another one"),
                format!("1 至 {MAX_NAME_CHARS} 个字符，且不与其他名称重复"),
            ),
            Accepted::Currency => say(
                "a code of three capital letters such as CNY or USD, or one sign such as ¥ or $"
                    .into(),
                "三个大写字母的代码（如 CNY、USD）或一个货币符号（如 ¥、$）".into(),
            ),
            Accepted::Date => {
                let all = DATE_FORMS.iter().map(|(_, example)| *example);
                // English lists the forms written in its own script; all are read.
                let shown: Vec<&str> = match lang {
                    Language::En => all.filter(|example| example.is_ascii()).collect(),
                    Language::Zh => all.collect(),
                };
                let forms = lang.alternatives(&shown);
                say(
                    format!("a date such as {forms}, with a four-digit year first"),
                    format!("日期，例如 {forms}（四位年份在前）"),
                )
            }
            Accepted::DateUpTo(last) => say(
                format!("a date up to {last} (a year after the last due date)"),
                format!("不晚于 {last} 的日期（最后到期日后一年）"),
            ),
            Accepted::AtMost(owed) => {
                let owed = grouped(*owed);
                say(format!("up to {owed}"), format!("不超过 {owed}"))
            }
            Accepted::Unused => say(
                "a line no loan draws on, or --force to detach them".into(),
                "没有贷款使用的额度，或用 --force 解除关联".into(),
            ),
        }
    }
}

fn range(
    field: Field,
    value: Decimal,
    min: Decimal,
    max: Decimal,
    min_excluded: bool,
    unit: Unit,
) -> Result<Decimal, Invalid> {
    let low = if min_excluded {
        value <= min
    } else {
        value < min
    };
    let kind = if low {
        Kind::TooLow
    } else if value > max {
        Kind::TooHigh
    } else {
        return Ok(value);
    };
    Err(Invalid {
        kind,
        field,
        got: value.normalize().to_string(),
        accepted: Accepted::Range {
            min,
            max,
            min_excluded,
            unit,
        },
    })
}

/// An amount of money from 0 to [`MAX_AMOUNT`] (a balance, a limit, an income, a floor).
pub fn amount(field: Field, value: Decimal) -> Result<Decimal, Invalid> {
    range(field, value, Decimal::ZERO, MAX_AMOUNT, false, Unit::Money)
}

/// An amount of money above 0, up to [`MAX_AMOUNT`] (a payment, a principal).
pub fn positive_amount(field: Field, value: Decimal) -> Result<Decimal, Invalid> {
    range(field, value, Decimal::ZERO, MAX_AMOUNT, true, Unit::Money)
}

/// A penalty rate, 0 to [`MAX_PENALTY_PERCENT`] percent a year.
pub fn penalty_rate(field: Field, value: Decimal) -> Result<Decimal, Invalid> {
    let max = MAX_PENALTY_PERCENT;
    range(
        field,
        value,
        Decimal::ZERO,
        max,
        false,
        Unit::PercentPerYear,
    )
}

/// A daily rate, 0 to [`MAX_DAILY_PERCENT`] percent a day.
pub fn daily_rate(field: Field, value: Decimal) -> Result<Decimal, Invalid> {
    let max = MAX_DAILY_PERCENT;
    range(field, value, Decimal::ZERO, max, false, Unit::PercentPerDay)
}

/// A percentage from 0 to 100.
pub fn percent(field: Field, value: Decimal) -> Result<Decimal, Invalid> {
    range(
        field,
        value,
        Decimal::ZERO,
        Decimal::ONE_HUNDRED,
        false,
        Unit::Percent,
    )
}

/// A whole number from `min` to `max` in `unit`.
pub fn count(field: Field, value: u32, min: u32, max: u32, unit: Unit) -> Result<u32, Invalid> {
    range(field, value.into(), min.into(), max.into(), false, unit).map(|_| value)
}

/// A day of the month, 1 to 31 (clamped to short months where used), as read: a day
/// of -1 is named as -1. Its fraction, if any, is dropped (cells are read whole).
pub fn day_of_month(field: Field, value: Decimal) -> Result<u32, Invalid> {
    let day = range(
        field,
        value,
        Decimal::ONE,
        Decimal::from(31),
        false,
        Unit::DayOfMonth,
    )?;
    Ok(day.trunc().to_u32().unwrap_or_default())
}

/// A credit score, 350 to 950.
pub fn score(field: Field, value: u16) -> Result<u16, Invalid> {
    count(field, value.into(), 350, 950, Unit::Points).map(|_| value)
}

/// A name as typed: control characters (terminal escapes among them) removed, spaces
/// trimmed; then 1 to [`MAX_NAME_CHARS`] characters and none of `others`.
pub fn name<'a>(
    field: Field,
    text: &str,
    mut others: impl Iterator<Item = &'a str>,
) -> Result<String, Invalid> {
    let clean = clean_text(text);
    let refuse = |kind| {
        Err(Invalid {
            kind,
            field,
            got: format!("{clean:?}"),
            accepted: Accepted::Name,
        })
    };
    if clean.is_empty() {
        return refuse(Kind::Empty);
    }
    if clean.chars().count() > MAX_NAME_CHARS {
        return refuse(Kind::TooHigh);
    }
    if others.any(|other| other == clean) {
        return refuse(Kind::Taken);
    }
    Ok(clean)
}

/// Text with control characters removed (an escape sequence loses its ESC and so
/// prints as plain characters) and surrounding spaces trimmed.
pub fn clean_text(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .to_string()
}

/// A currency: three capital letters (an ISO 4217-like code) or one currency sign.
pub fn currency(field: Field, text: &str) -> Result<String, Invalid> {
    const SIGNS: &str = "¥$€£₩₹₽₺฿₫₱₪₴₦¢";
    let text = text.trim();
    let code = text.len() == 3 && text.chars().all(|c| c.is_ascii_uppercase());
    let sign = text.chars().count() == 1 && SIGNS.contains(text);
    if code || sign {
        return Ok(text.to_string());
    }
    Err(Invalid {
        kind: if text.is_empty() {
            Kind::Empty
        } else {
            Kind::Malformed
        },
        field,
        got: format!("{:?}", clean_text(text)),
        accepted: Accepted::Currency,
    })
}

/// The ways a date may be typed, each with the example messages show: the year first, as
/// Chinese apps and ISO write it, month and day with or without a leading zero.
pub const DATE_FORMS: [(&str, &str); 4] = [
    ("%Y-%m-%d", "2026-01-31"),
    ("%Y/%m/%d", "2026/1/31"),
    ("%Y.%m.%d", "2026.1.31"),
    ("%Y年%m月%d日", "2026年1月31日"),
];

/// A date in one of [`DATE_FORMS`], with the index of its form. The year must be four
/// digits, so `26-01-01` is not read as the year 26, nor `+2026-01-01` accepted.
pub fn date_form(text: &str) -> Option<(NaiveDate, usize)> {
    let text = text.trim();
    let year_digits = text.chars().take_while(char::is_ascii_digit).count();
    if year_digits != 4 || text.contains(char::is_whitespace) {
        return None;
    }
    DATE_FORMS
        .iter()
        .enumerate()
        .find_map(|(i, (form, _))| NaiveDate::parse_from_str(text, form).ok().map(|d| (d, i)))
        .filter(|(d, _)| (MIN_DATE..=MAX_DATE).contains(d))
}

/// A date as typed, in one of [`DATE_FORMS`], and a real day.
pub fn date(field: Field, text: &str) -> Result<NaiveDate, Invalid> {
    date_form(text).map(|(d, _)| d).ok_or_else(|| Invalid {
        kind: Kind::Malformed,
        field,
        got: format!("{:?}", clean_text(text.trim())),
        accepted: Accepted::Date,
    })
}

/// A payment's date: not later than a year after the loan's last due date.
pub fn payment_date(
    field: Field,
    date: NaiveDate,
    last_due: NaiveDate,
) -> Result<NaiveDate, Invalid> {
    let latest = last_due
        .checked_add_months(chrono::Months::new(PAYMENT_GRACE_MONTHS))
        .unwrap_or(MAX_DATE)
        .min(MAX_DATE);
    if date <= latest {
        return Ok(date);
    }
    Err(Invalid {
        kind: Kind::TooLate,
        field,
        got: date.to_string(),
        accepted: Accepted::DateUpTo(latest),
    })
}

/// A payment: above 0 and not more than `owed`.
pub fn payment(field: Field, value: Decimal, owed: Decimal) -> Result<Decimal, Invalid> {
    positive_amount(field, value)?;
    if value > owed {
        return Err(Invalid {
            kind: Kind::AboveOwed,
            field,
            got: crate::engine::money::plain(value),
            accepted: Accepted::AtMost(owed),
        });
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn amounts_have_one_range_named_in_both_languages() {
        assert_eq!(amount(Field::Balance, dec!(0)), Ok(dec!(0)));
        let err = amount(Field::Balance, dec!(10000000000000000000000000000)).unwrap_err();
        assert_eq!(err.kind, Kind::TooHigh);
        assert_eq!(
            Language::ALL.map(|lang| err.render(lang)),
            [
                "balance: 10000000000000000000000000000 is too high; accepted: 0.00 to 1,000,000,000,000.00",
                "balance：10000000000000000000000000000 太大；可接受：0.00 至 1,000,000,000,000.00"
            ]
        );
        let err = positive_amount(Field::Amount, dec!(0)).unwrap_err();
        assert_eq!(err.kind, Kind::TooLow);
        assert!(
            err.to_string()
                .contains("above 0.00 to 1,000,000,000,000.00"),
            "{err}"
        );
    }

    #[test]
    fn names_lose_control_characters_and_must_be_unique_and_not_empty() {
        let typed = "\u{1b}]0;pwned\u{7}\u{1b}[31mCard ";
        assert_eq!(
            name(Field::Name, typed, std::iter::empty()).unwrap(),
            "]0;pwned[31mCard"
        );
        let err = name(Field::Name, "  \t ", std::iter::empty()).unwrap_err();
        assert_eq!(err.kind, Kind::Empty);
        let err = name(Field::Name, "Car", ["Car"].into_iter()).unwrap_err();
        assert_eq!(err.kind, Kind::Taken);
        assert!(err.render(Language::Zh).contains("已被使用"));
    }

    #[test]
    fn currency_is_a_code_or_a_sign() {
        assert!(currency(Field::Currency, "CNY").is_ok());
        assert!(currency(Field::Currency, "¥").is_ok());
        for bad in ["", "cny", "CNYX", "¥¥", "1"] {
            assert!(currency(Field::Currency, bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn dates_need_four_digit_years() {
        let expected = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
        for good in [
            "2026-01-05",
            "2026-1-5",
            " 2026/1/05 ",
            "2026.01.5",
            "2026年1月5日",
        ] {
            assert_eq!(date(Field::Start, good), Ok(expected), "{good}");
        }
        for bad in [
            "26-01-01",
            "+2026-01-01",
            "0026-01-01",
            "2026-02-30",
            "2026- 1-01",
            "2026/01-01",
            "1/31/2026",
        ] {
            let err = date(Field::Start, bad).unwrap_err();
            assert!(err.to_string().contains("four-digit year"), "{bad}: {err}");
        }
    }

    #[test]
    fn payments_are_dated_up_to_a_year_after_the_last_due_date() {
        let last = NaiveDate::from_ymd_opt(2026, 12, 15).unwrap();
        let ok = NaiveDate::from_ymd_opt(2027, 12, 15).unwrap();
        assert!(payment_date(Field::Date, ok, last).is_ok());
        let late = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
        let err = payment_date(Field::Date, late, last).unwrap_err();
        assert!(err.to_string().contains("up to 2027-12-15"), "{err}");
    }
}
