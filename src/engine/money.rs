//! Exact money: half-up rounding to cents, the level payment, parsing and formatting.
//!
//! Every amount the engine computes goes through [`round_cents`] at the moment it is
//! computed. `Decimal`'s own default rounding is banker's rounding, which no bank
//! statement uses, so nothing else in the crate rounds money.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// Round half-up (away from zero on a tie) to 0.01.
pub fn round_cents(amount: Decimal) -> Decimal {
    Rounding::HalfUp.cents(amount)
}

/// How a lender rounds a computed amount to the cent: half-up is ours and most
/// lenders'; some round half-even or simply cut the fraction off. Spelled (`Display`,
/// `FromStr`, the store's text) in loan.rs, with the other conventions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Rounding {
    /// Half-up (away from zero on a tie): 0.125 → 0.13.
    #[default]
    HalfUp,
    /// Half to even (banker's): 0.125 → 0.12, 0.135 → 0.14.
    HalfEven,
    /// Truncate toward zero: 0.129 → 0.12.
    Down,
}

impl Rounding {
    /// Every rounding, the default first.
    pub const ALL: [Rounding; 3] = [Rounding::HalfUp, Rounding::HalfEven, Rounding::Down];

    /// The command-line and store spelling, e.g. `half-up`.
    pub fn as_str(self) -> &'static str {
        match self {
            Rounding::HalfUp => "half-up",
            Rounding::HalfEven => "half-even",
            Rounding::Down => "down",
        }
    }

    /// `amount` rounded to 0.01 this way.
    pub fn cents(self, amount: Decimal) -> Decimal {
        let strategy = match self {
            Rounding::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            Rounding::HalfEven => RoundingStrategy::MidpointNearestEven,
            Rounding::Down => RoundingStrategy::ToZero,
        };
        amount.round_dp_with_strategy(2, strategy)
    }
}

/// Round half-up to `dp` decimal places (rates and percentages).
pub fn round_dp(value: Decimal, dp: u32) -> Decimal {
    value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// `1234.5` → `"1234.50"`: the machine format of CSV and JSON (no separators, no sign).
pub fn plain(amount: Decimal) -> String {
    let mut text = String::with_capacity(16);
    push_plain(&mut text, amount);
    text
}

/// [`plain`] appended to `out`, from the rounded amount's whole cents rather than through
/// `Decimal`'s general formatter (`due` writes four amounts for each of 7,475 items).
pub fn push_plain(out: &mut String, amount: Decimal) {
    use std::fmt::Write;
    let rounded = round_cents(amount);
    // Rounded to two places, the scale is at most 2: widen a smaller one to cents.
    let cents = rounded.mantissa().unsigned_abs() * 10_u128.pow(2 - rounded.scale());
    if rounded.is_sign_negative() {
        out.push('-');
    }
    // Writing to a String cannot fail. Any amount under 10^17 fits a u64, whose digits
    // are written faster than a u128's.
    let _ = match u64::try_from(cents) {
        Ok(cents) => write!(out, "{}.{:02}", cents / 100, cents % 100),
        Err(_) => write!(out, "{}.{:02}", cents / 100, cents % 100),
    };
}

/// `1234567.5` → `"1,234,567.50"`: the human format of tables and the TUI.
pub fn grouped(amount: Decimal) -> String {
    let text = plain(amount);
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (whole, cents) = digits.split_once('.').unwrap_or((digits, "00"));
    format!("{sign}{}.{cents}", group_digits(whole))
}

/// `10000` → `"10,000"`: a count grouped as amounts are, so the two read alike.
pub fn grouped_count(n: u64) -> String {
    group_digits(&n.to_string())
}

/// ASCII digits with a comma before every third from the right.
fn group_digits(whole: &str) -> String {
    let mut out = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Why a number typed by the user was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    #[error("not a plain decimal number (digits, optionally one '.')")]
    Malformed,
    #[error("more than {0} decimal places")]
    TooPrecise(u32),
    #[error("not an amount such as 12000.50 or ¥12,000.50")]
    NotAnAmount,
}

/// Parse a plain decimal such as `10000`, `0.05` or `-3.5`; no exponent, no separators.
pub fn parse_decimal(text: &str, max_dp: u32) -> Result<Decimal, NumberError> {
    let text = text.trim();
    let body = text.strip_prefix('-').unwrap_or(text);
    let well_formed = !body.is_empty()
        && body.chars().all(|c| c.is_ascii_digit() || c == '.')
        && body.chars().filter(|&c| c == '.').count() <= 1
        && body.chars().any(|c| c.is_ascii_digit());
    if !well_formed {
        return Err(NumberError::Malformed);
    }
    let value = Decimal::from_str(text).map_err(|_| NumberError::Malformed)?;
    if value.scale() > max_dp {
        return Err(NumberError::TooPrecise(max_dp));
    }
    Ok(value)
}

/// Parse an amount of money (at most two decimals), kept with exactly two (`10000` →
/// `10000.00`), as the store writes money. It may be written as loandash and lenders'
/// apps show it, `¥12,000.50`: one leading currency sign, and commas only between
/// groups of three digits, so a mistyped `1,5` is refused rather than read as 15.
pub fn parse_amount(text: &str) -> Result<Decimal, NumberError> {
    let text = text.trim();
    let unsigned = text.strip_prefix(['¥', '￥']).unwrap_or(text).trim_start();
    let plain = ungrouped(unsigned).ok_or(NumberError::NotAnAmount)?;
    let mut value = parse_decimal(&plain, 2).map_err(|e| match e {
        NumberError::Malformed => NumberError::NotAnAmount,
        other => other,
    })?;
    value.rescale(2);
    Ok(value)
}

/// `12,000.50` → `12000.50`; `None` when a comma does not separate thousands.
fn ungrouped(text: &str) -> Option<String> {
    if !text.contains(',') {
        return Some(text.to_owned());
    }
    let (whole, fraction) = text
        .split_once('.')
        .map_or((text, None), |(w, f)| (w, Some(f)));
    let digits = whole.strip_prefix('-').unwrap_or(whole);
    let mut groups = digits.split(',');
    let first = groups.next()?;
    let grouped = (1..=3).contains(&first.len())
        && groups.all(|group| group.len() == 3)
        && digits.chars().all(|c| c.is_ascii_digit() || c == ',');
    grouped.then(|| {
        let mut plain = whole.replace(',', "");
        if let Some(fraction) = fraction {
            plain.push('.');
            plain.push_str(fraction);
        }
        plain
    })
}

/// Serde adapters that write money as a two-decimal string (`"1234.50"`).
pub mod cents {
    use rust_decimal::Decimal;
    use serde::Serializer;

    /// Serialize an amount as a two-decimal string, as [`super::plain`] writes it.
    pub fn serialize<S: Serializer>(amount: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&super::plain(*amount))
    }
}

/// Level payment that repays `principal` in `periods` at monthly rate `r`:
/// round(P·r / (1 − (1+r)^−N)), or P/N when r = 0.
pub fn annuity_payment(principal: Decimal, r: Decimal, periods: u32) -> Decimal {
    rounded_annuity_payment(principal, r, periods, Rounding::HalfUp)
}

/// [`annuity_payment`] rounded to the cent the lender's way.
pub fn rounded_annuity_payment(
    principal: Decimal,
    r: Decimal,
    periods: u32,
    rounding: Rounding,
) -> Decimal {
    if periods == 0 {
        return principal;
    }
    rounding.cents(annuity(principal, r, periods))
}

/// [`annuity_payment`] before rounding to the cent.
pub fn annuity(principal: Decimal, r: Decimal, periods: u32) -> Decimal {
    if r.is_zero() {
        return principal / Decimal::from(periods.max(1));
    }
    // (1+r)^N by squaring keeps full Decimal precision without a float. The accepted
    // ranges (r at most 100 % a year / 12, N at most 600) keep it below 1e21.
    let growth = pow(Decimal::ONE + r, periods);
    // P·r·g overflows past Decimal's 7.9e28 for the largest loans (a trillion at 100 % a
    // year over 50 years): then the same quotient divided through by g.
    (principal * r)
        .checked_mul(growth)
        .map(|top| top / (growth - Decimal::ONE))
        .unwrap_or_else(|| principal * r / (Decimal::ONE - Decimal::ONE / growth))
}

/// `base` to the power `exp`, by squaring.
pub fn pow(base: Decimal, mut exp: u32) -> Decimal {
    let (mut result, mut square) = (Decimal::ONE, base);
    while exp > 0 {
        if exp & 1 == 1 {
            result *= square;
        }
        exp >>= 1;
        if exp > 0 {
            square *= square;
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn plain_writes_what_decimals_own_formatter_writes() {
        let cases = [
            dec!(0),
            dec!(-0),
            dec!(-0.001),
            dec!(0.005),
            dec!(-0.005),
            dec!(5),
            dec!(5.1),
            dec!(1234.5),
            dec!(-1234.565),
            dec!(10000.50),
            dec!(0.994),
            dec!(0.995),
            dec!(99999999999999999.99),
            Decimal::MAX,
            Decimal::MIN,
            Decimal::new(-1, 28),
        ];
        for amount in cases {
            assert_eq!(
                plain(amount),
                format!("{:.2}", round_cents(amount)),
                "{amount}"
            );
        }
    }

    #[test]
    fn rounds_half_up_not_to_even() {
        assert_eq!(round_cents(dec!(0.125)), dec!(0.13));
        assert_eq!(round_cents(dec!(0.135)), dec!(0.14));
        assert_eq!(round_cents(dec!(2.5049)), dec!(2.50));
        assert_eq!(round_cents(dec!(-0.125)), dec!(-0.13));
    }

    #[test]
    fn lender_roundings_differ_only_where_they_should() {
        let cases = [
            (dec!(0.125), [dec!(0.13), dec!(0.12), dec!(0.12)]),
            (dec!(0.135), [dec!(0.14), dec!(0.14), dec!(0.13)]),
            (dec!(0.1299), [dec!(0.13), dec!(0.13), dec!(0.12)]),
            (dec!(-0.125), [dec!(-0.13), dec!(-0.12), dec!(-0.12)]),
        ];
        for (amount, expected) in cases {
            let got = Rounding::ALL.map(|r| r.cents(amount));
            assert_eq!(got, expected, "{amount}");
        }
        for r in Rounding::ALL {
            assert_eq!(r.as_str().parse::<Rounding>(), Ok(r));
        }
        let err = "up".parse::<Rounding>().unwrap_err();
        assert!(err.to_string().contains("half-even"), "{err}");
    }

    #[test]
    fn formats_plain_and_grouped() {
        assert_eq!(plain(dec!(1756.5)), "1756.50");
        assert_eq!(plain(dec!(0)), "0.00");
        for (amount, text) in [
            (dec!(1234567.5), "1,234,567.50"),
            (dec!(999.99), "999.99"),
            (dec!(1000), "1,000.00"),
            (dec!(-12345.678), "-12,345.68"),
        ] {
            assert_eq!(grouped(amount), text);
        }
        assert_eq!(grouped_count(7), "7");
        assert_eq!(grouped_count(10_000), "10,000");
        assert_eq!(grouped_count(1_234_567), "1,234,567");
    }

    #[test]
    fn parses_only_plain_decimals() {
        assert_eq!(parse_decimal("10000", 2), Ok(dec!(10000)));
        assert_eq!(parse_decimal(" 0.05 ", 4), Ok(dec!(0.05)));
        assert_eq!(parse_decimal("-3.5", 2), Ok(dec!(-3.5)));
        for bad in ["", "abc", "1e4", "1,000", "1.2.3", ".", "-", "NaN", "inf"] {
            assert_eq!(
                parse_decimal(bad, 2),
                Err(NumberError::Malformed),
                "{bad:?}"
            );
        }
        assert_eq!(parse_decimal("1.234", 2), Err(NumberError::TooPrecise(2)));
    }

    #[test]
    fn amounts_may_be_written_as_they_are_shown() {
        for (text, amount) in [
            ("12000", dec!(12000.00)),
            ("¥12,000.50", dec!(12000.50)),
            ("￥ 1,234,567", dec!(1234567.00)),
            (" 999.9 ", dec!(999.90)),
            ("-1,000", dec!(-1000.00)),
        ] {
            let parsed = parse_amount(text).unwrap();
            assert_eq!((parsed, parsed.scale()), (amount, 2), "{text:?}");
        }
        for bad in [
            "1,5",
            "12,00.50",
            ",100",
            "1,000,",
            "1,0000",
            "¥",
            "¥¥1",
            "1,000.5,0",
            "$12",
            "1e4",
            "abc",
        ] {
            assert_eq!(parse_amount(bad), Err(NumberError::NotAnAmount), "{bad:?}");
        }
        assert_eq!(parse_amount("1,000.505"), Err(NumberError::TooPrecise(2)));
    }

    #[test]
    fn annuity_matches_the_textbook_figure() {
        // 100,000 at 6 %/year over 12 months: 8,606.64 (any loan calculator).
        assert_eq!(
            annuity_payment(dec!(100000), dec!(0.005), 12),
            dec!(8606.64)
        );
        assert_eq!(annuity_payment(dec!(1000), Decimal::ZERO, 3), dec!(333.33));
    }
}
