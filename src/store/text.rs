//! The store as RON text, written straight into one buffer: byte for byte what `ron`'s
//! pretty printer writes (proved by the tests below against it), several times faster
//! and on every core. A 10,000-loan store is 19 MB of text; through `ron` its
//! serialization alone took longer than a whole save may.
//!
//! The payments and loans (almost all of a large store) are written here field by field;
//! what is small or rare (the profile, lines, cards, scenarios, a loan's conventions,
//! each enum's spelling) goes through `ron` itself, so serde stays the one place that
//! names a field or a variant. The records are destructured without `..`: a field added
//! to one of them does not compile here until it is written too.

use super::schema::{Loan, PaymentRecord, StoreData};
use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;
use std::fmt::Write as _;

const INDENT: &str = "    ";
/// Records written by one task (the payments and loans are split across the cores).
const CHUNK: usize = 4096;

/// `ron`'s pretty form of `value` at nesting depth 0, as the store writes it.
pub(super) fn ron_pretty<T: Serialize + ?Sized>(value: &T) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(false)
        .indentor(INDENT)
        .new_line("\n");
    ron::ser::to_string_pretty(value, config)
}

/// The data as `ron_pretty` writes it (without the file's header), in pieces to be
/// written one after the other: joining them would only copy 19 MB once more.
pub(super) fn write(data: &StoreData) -> Result<Vec<String>, ron::Error> {
    let StoreData {
        version,
        profile,
        lines,
        loans,
        revolving,
        payments,
        last_payment_id,
        scenarios,
    } = data;
    let mut pieces = Vec::new();
    let mut out = String::from("(\n");
    field(&mut out, 1, "version", |out| {
        out.push_str(itoa(*version).as_str());
        Ok(())
    })?;
    field(&mut out, 1, "profile", |out| via_ron(out, 1, profile))?;
    field(&mut out, 1, "lines", |out| via_ron(out, 1, lines))?;
    out.push_str(INDENT);
    out.push_str("loans: ");
    list(&mut pieces, out, 1, loans, write_loan)?;
    out = String::from(",\n");
    field(&mut out, 1, "revolving", |out| via_ron(out, 1, revolving))?;
    out.push_str(INDENT);
    out.push_str("payments: ");
    list(&mut pieces, out, 1, payments, write_payment)?;
    out = String::from(",\n");
    field(&mut out, 1, "last_payment_id", |out| {
        out.push_str(itoa(*last_payment_id).as_str());
        Ok(())
    })?;
    field(&mut out, 1, "scenarios", |out| via_ron(out, 1, scenarios))?;
    out.push(')');
    pieces.push(out);
    Ok(pieces)
}

/// `name: value,` on its own line at `depth`.
fn field(
    out: &mut String,
    depth: usize,
    name: &str,
    value: impl FnOnce(&mut String) -> Result<(), ron::Error>,
) -> Result<(), ron::Error> {
    indent(out, depth);
    out.push_str(name);
    out.push_str(": ");
    value(out)?;
    out.push_str(",\n");
    Ok(())
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str(INDENT);
    }
}

/// `value` through `ron`, its lines indented for `depth` (strings are escaped, so every
/// line break in ron's text is one of its own).
fn via_ron<T: Serialize + ?Sized>(
    out: &mut String,
    depth: usize,
    value: &T,
) -> Result<(), ron::Error> {
    nested(out, depth, &ron_pretty(value)?);
    Ok(())
}

/// Text written at depth 0, placed at `depth`.
fn nested(out: &mut String, depth: usize, text: &str) {
    if !text.contains('\n') {
        out.push_str(text);
        return;
    }
    let mut lines = text.split('\n');
    if let Some(first) = lines.next() {
        out.push_str(first);
    }
    for line in lines {
        out.push('\n');
        indent(out, depth);
        out.push_str(line);
    }
}

/// After the pieces and `out`, a sequence at `depth`: `[]`, or one item a line, written
/// in chunks on every core; each chunk is a piece.
fn list<T: Sync>(
    pieces: &mut Vec<String>,
    mut out: String,
    depth: usize,
    items: &[T],
    each: fn(&mut String, &mut Memo, usize, &T) -> Result<(), ron::Error>,
) -> Result<(), ron::Error> {
    if items.is_empty() {
        out.push_str("[]");
        pieces.push(out);
        return Ok(());
    }
    out.push_str("[\n");
    pieces.push(out);
    let write_chunk = |chunk: &[T]| -> Result<String, ron::Error> {
        let mut text = String::with_capacity(chunk.len() * 160);
        let mut memo = Memo::default();
        for item in chunk {
            indent(&mut text, depth + 1);
            each(&mut text, &mut memo, depth + 1, item)?;
            text.push_str(",\n");
        }
        Ok(text)
    };
    let chunks: Vec<String> = items
        .par_chunks(CHUNK)
        .map(write_chunk)
        .collect::<Result<_, _>>()?;
    pieces.extend(chunks);
    let mut end = String::new();
    indent(&mut end, depth);
    end.push(']');
    pieces.push(end);
    Ok(())
}

fn write_payment(
    out: &mut String,
    memo: &mut Memo,
    depth: usize,
    payment: &PaymentRecord,
) -> Result<(), ron::Error> {
    let PaymentRecord {
        id,
        date,
        amount,
        loan,
        kind,
        mode,
    } = payment;
    let inner = depth + 1;
    out.push_str("(\n");
    field(out, inner, "id", |out| {
        out.push_str(itoa(*id).as_str());
        Ok(())
    })?;
    field(out, inner, "date", |out| write_date(out, *date))?;
    field(out, inner, "amount", |out| write_decimal(out, *amount))?;
    field(out, inner, "loan", |out| write_str(out, loan))?;
    field(out, inner, "kind", |out| {
        memo.payment_kind.write(out, inner, kind)
    })?;
    field(out, inner, "mode", |out| memo.mode.write(out, inner, mode))?;
    indent(out, depth);
    out.push(')');
    Ok(())
}

fn write_loan(
    out: &mut String,
    memo: &mut Memo,
    depth: usize,
    loan: &Loan,
) -> Result<(), ron::Error> {
    let Loan {
        id,
        name,
        lender,
        method,
        principal,
        rate,
        day_count,
        term,
        start,
        fee_rate,
        penalty_rate,
        line,
        early_interest,
        conventions,
        plan,
    } = loan;
    let inner = depth + 1;
    out.push_str("(\n");
    field(out, inner, "id", |out| write_str(out, id))?;
    field(out, inner, "name", |out| write_str(out, name))?;
    field(out, inner, "lender", |out| write_str(out, lender))?;
    field(out, inner, "method", |out| {
        memo.method.write(out, inner, method)
    })?;
    field(out, inner, "principal", |out| {
        write_decimal(out, *principal)
    })?;
    field(out, inner, "rate", |out| memo.rate.write(out, inner, rate))?;
    field(out, inner, "day_count", |out| {
        memo.day_count.write(out, inner, day_count)
    })?;
    field(out, inner, "term", |out| {
        out.push_str(itoa(*term).as_str());
        Ok(())
    })?;
    field(out, inner, "start", |out| write_date(out, *start))?;
    field(out, inner, "fee_rate", |out| write_decimal(out, *fee_rate))?;
    field(out, inner, "penalty_rate", |out| match penalty_rate {
        None => none(out),
        Some(rate) => some(out, |out| write_decimal(out, *rate)),
    })?;
    field(out, inner, "line", |out| match line {
        None => none(out),
        Some(line) => some(out, |out| write_str(out, line)),
    })?;
    field(out, inner, "early_interest", |out| {
        memo.early_interest.write(out, inner, early_interest)
    })?;
    field(out, inner, "conventions", |out| match conventions {
        None => none(out),
        Some(_) => via_ron(out, inner, conventions),
    })?;
    field(out, inner, "plan", |out| match plan {
        None => none(out),
        Some(_) => via_ron(out, inner, plan),
    })?;
    indent(out, depth);
    out.push(')');
    Ok(())
}

fn none(out: &mut String) -> Result<(), ron::Error> {
    out.push_str("None");
    Ok(())
}

fn some(
    out: &mut String,
    value: impl FnOnce(&mut String) -> Result<(), ron::Error>,
) -> Result<(), ron::Error> {
    out.push_str("Some(");
    value(out)?;
    out.push(')');
    Ok(())
}

/// As serde writes a string: quoted, each character as `char::escape_debug` gives it
/// (what `ron` does). Text of plain ASCII and Chinese characters, the common case, is
/// copied as it is: escaping leaves those alone (checked below), and looking each
/// ideograph up in Unicode's tables took a tenth of a large save.
fn write_str(out: &mut String, text: &str) -> Result<(), ron::Error> {
    out.push('"');
    let ascii = text.bytes().all(|b| b.is_ascii() && plain(char::from(b)));
    if ascii || text.chars().all(plain) {
        out.push_str(text);
    } else {
        out.extend(text.chars().flat_map(char::escape_debug));
    }
    out.push('"');
    Ok(())
}

/// A character `char::escape_debug` gives back as it is: printable ASCII but quotes and
/// the backslash, and the CJK Unified Ideographs (U+4E00–U+9FFF, all assigned).
fn plain(c: char) -> bool {
    matches!(c, ' '..='~' | '\u{4e00}'..='\u{9fff}') && !matches!(c, '"' | '\'' | '\\')
}

/// As `rust_decimal` serializes a decimal (feature `serde-str`): its `Display`, quoted.
/// A positive amount whose digits fit in 64 bits (every amount of money) is written
/// here: its digits, the point `scale` digits from the right, a 0 before a leading point.
fn write_decimal(out: &mut String, amount: Decimal) -> Result<(), ron::Error> {
    let mantissa = u64::try_from(amount.mantissa()).ok().filter(|&m| m > 0);
    let Some(mantissa) = mantissa else {
        return write!(out, "\"{amount}\"").map_err(|e| ron::Error::Message(e.to_string()));
    };
    let mut buffer = [0u8; 20];
    let mut start = buffer.len();
    let mut rest = mantissa;
    while rest > 0 {
        start -= 1;
        buffer[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    let digits = std::str::from_utf8(&buffer[start..]).expect("ASCII digits");
    let scale = amount.scale() as usize;
    out.push('"');
    if digits.len() > scale {
        let (whole, fraction) = digits.split_at(digits.len() - scale);
        out.push_str(whole);
        if scale > 0 {
            out.push('.');
            out.push_str(fraction);
        }
    } else {
        out.push_str("0.");
        for _ in digits.len()..scale {
            out.push('0');
        }
        out.push_str(digits);
    }
    out.push('"');
    Ok(())
}

/// As chrono serializes a date: `YYYY-MM-DD`, quoted (other years through chrono itself).
fn write_date(out: &mut String, date: NaiveDate) -> Result<(), ron::Error> {
    let year = date.year();
    if !(0..=9999).contains(&year) {
        return via_ron(out, 0, &date);
    }
    let digits = |n: u32, width: usize| {
        let mut buffer = [b'0'; 4];
        let mut n = n;
        for slot in buffer[..width].iter_mut().rev() {
            *slot = b'0' + (n % 10) as u8;
            n /= 10;
        }
        buffer
    };
    let y = digits(year.unsigned_abs(), 4);
    let m = digits(date.month(), 2);
    let d = digits(date.day(), 2);
    let bytes = [
        b'"', y[0], y[1], y[2], y[3], b'-', m[0], m[1], b'-', d[0], d[1], b'"',
    ];
    out.push_str(std::str::from_utf8(&bytes).expect("ASCII digits"));
    Ok(())
}

/// A number's decimal digits.
fn itoa(n: impl Into<u64>) -> String {
    n.into().to_string()
}

/// The `ron` text of the few values an enum field takes, each asked of `ron` once.
#[derive(Default)]
struct Memo {
    payment_kind: Spellings<super::schema::PaymentKind>,
    mode: Spellings<Option<crate::engine::schedule::PrepayMode>>,
    method: Spellings<crate::engine::loan::Method>,
    rate: Spellings<crate::engine::loan::Rate>,
    day_count: Spellings<crate::engine::loan::DayCount>,
    early_interest: Spellings<crate::engine::loan::EarlyInterest>,
}

/// Values seen and their text; past [`Spellings::KEPT`] values (rates can all differ),
/// the others are asked of `ron` each time.
struct Spellings<T>(Vec<(T, String)>);

impl<T> Default for Spellings<T> {
    fn default() -> Self {
        Spellings(Vec::new())
    }
}

impl<T: Serialize + PartialEq + Clone> Spellings<T> {
    const KEPT: usize = 64;

    fn write(&mut self, out: &mut String, depth: usize, value: &T) -> Result<(), ron::Error> {
        if let Some((_, text)) = self.0.iter().find(|(known, _)| known == value) {
            nested(out, depth, text);
            return Ok(());
        }
        let text = ron_pretty(value)?;
        nested(out, depth, &text);
        if self.0.len() < Self::KEPT {
            self.0.push((value.clone(), text));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::loan::{Conventions, RateChange};
    use proptest::prelude::*;

    fn as_of() -> NaiveDate {
        "2026-11-23".parse().unwrap()
    }

    #[test]
    fn a_generated_store_is_written_as_ron_writes_it() {
        let data = crate::generate::generate(9000, 5, as_of());
        assert!(data.payments.len() > CHUNK, "the payments are split");
        assert_eq!(write(&data).unwrap().concat(), ron_pretty(&data).unwrap());
    }

    #[test]
    fn odd_values_are_written_as_ron_writes_them() {
        let mut data = crate::generate::generate(3, 1, as_of());
        data.scenarios.clear();
        let loan = &mut data.loans[0];
        loan.name = "tab\there \"quoted\" 'single' back\\slash 借呗\u{7f}\u{200b}\n".into();
        loan.lender = String::new();
        loan.line = Some("é".into());
        loan.penalty_rate = Some("-0.000".parse().unwrap());
        loan.principal = Decimal::MAX;
        loan.fee_rate = Decimal::new(-5, 28);
        loan.start = NaiveDate::from_ymd_opt(12345, 1, 2).unwrap();
        loan.conventions = Some(Conventions {
            first_due: Some(NaiveDate::from_ymd_opt(-3, 12, 31).unwrap()),
            rate_changes: vec![RateChange {
                date: as_of(),
                rate: Decimal::new(385, 2),
            }],
            ..Conventions::default()
        });
        data.payments[0].date = NaiveDate::from_ymd_opt(0, 1, 1).unwrap();
        data.payments[0].loan = "\u{0}".into();
        data.payments[1].amount = Decimal::new(5, 3);
        data.payments[2].amount = Decimal::new(1_000_000, 0);
        data.payments[3].amount = Decimal::new(i64::MAX, 28);
        assert_eq!(write(&data).unwrap().concat(), ron_pretty(&data).unwrap());
        let empty = StoreData::default();
        assert_eq!(write(&empty).unwrap().concat(), ron_pretty(&empty).unwrap());
    }

    #[test]
    fn plain_characters_are_those_escaping_leaves_alone() {
        for c in (' '..='~').chain('\u{4dff}'..='\u{a000}') {
            let unchanged = c.escape_debug().eq([c]);
            assert!(!plain(c) || unchanged, "{c:?}");
        }
        assert!(plain('借') && plain('a') && !plain('"') && !plain('\u{a000}'));
        let mut out = String::new();
        write_str(&mut out, "L1 借呗\u{200b}").unwrap();
        assert_eq!(out, "\"L1 借呗\\u{200b}\"");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        /// Any generated store, with any text in its names and ids.
        #[test]
        fn any_store_is_written_as_ron_writes_it(
            seed in 0u64..10_000,
            loans in 0usize..30,
            name in any::<String>(),
            id in "\\PC{0,6}",
            cents in any::<i64>(),
            days in -800_000i32..800_000,
        ) {
            let mut data = crate::generate::generate(loans, seed, as_of());
            if let Some(loan) = data.loans.first_mut() {
                loan.name = name.clone();
                loan.fee_rate = Decimal::new(cents, 2);
                loan.start = NaiveDate::from_num_days_from_ce_opt(days).unwrap_or(loan.start);
            }
            if let Some(payment) = data.payments.first_mut() {
                payment.loan = id;
                payment.amount = Decimal::new(cents, 4);
            }
            prop_assert_eq!(write(&data).unwrap().concat(), ron_pretty(&data).unwrap());
        }
    }
}
