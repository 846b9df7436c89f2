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
use std::ops::Range;

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

/// Where each loan and payment lies in the text [`write`] gave: the next save copies
/// the records it has not changed from the file instead of writing them again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    pub(super) loans: Records,
    pub(super) payments: Records,
}

/// One list's records in the text: where the first starts, and each one's length (its
/// indentation and the `,\n` after it included).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Records {
    pub(super) start: u64,
    pub(super) lengths: Vec<u32>,
}

impl Records {
    /// The bytes of the records `range` in `text`, when this layout fits in it.
    fn bytes<'a>(&self, text: &'a [u8], range: Range<usize>) -> Option<&'a [u8]> {
        let offset = |n: usize| {
            let before = self.lengths.get(..n)?.iter().map(|&l| u64::from(l));
            usize::try_from(self.start + before.sum::<u64>()).ok()
        };
        text.get(offset(range.start)?..offset(range.end)?)
    }
}

/// The text of what the file holds, to copy unchanged records from: the data read from
/// it or written to it, the text as [`write`] gave it, and its layout.
pub(super) struct Previous<'a> {
    pub(super) data: &'a StoreData,
    pub(super) text: &'a [u8],
    pub(super) layout: &'a Layout,
}

/// A piece of the text: written now, or copied from the previous text.
pub(super) enum Piece<'a> {
    Written(String),
    Kept(&'a [u8]),
}

impl Piece<'_> {
    pub(super) fn bytes(&self) -> &[u8] {
        match self {
            Piece::Written(text) => text.as_bytes(),
            Piece::Kept(bytes) => bytes,
        }
    }
}

/// The text [`write`] gives, in pieces to be written one after the other (joining them
/// would only copy 19 MB once more), and where its records lie.
pub(super) struct Text<'a> {
    pub(super) pieces: Vec<Piece<'a>>,
    pub(super) layout: Layout,
}

impl Text<'_> {
    /// The whole text in one buffer.
    pub(super) fn joined(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(self.len() as usize);
        self.pieces
            .iter()
            .for_each(|p| bytes.extend_from_slice(p.bytes()));
        bytes
    }

    /// Its length in bytes.
    pub(super) fn len(&self) -> u64 {
        self.pieces.iter().map(|p| p.bytes().len() as u64).sum()
    }

    /// Whether it is exactly `bytes`.
    pub(super) fn is(&self, mut bytes: &[u8]) -> bool {
        for piece in &self.pieces {
            match bytes.strip_prefix(piece.bytes()) {
                Some(rest) => bytes = rest,
                None => return false,
            }
        }
        bytes.is_empty()
    }
}

/// The data as `ron_pretty` writes it (without the file's header). The loans and the
/// payments equal to `previous`'s, before and after those that differ, are copied from
/// its text: only what changed is written. (The store writes through [`write_as`].)
#[cfg(test)]
pub(super) fn write<'a>(
    data: &StoreData,
    previous: Option<&Previous<'a>>,
) -> Result<Text<'a>, ron::Error> {
    write_as(data, previous, data.version)
}

/// [`write`]'s text as loandash wrote a file of version `written_as`, 2 or later: the same
/// records (see [`crate::store::migrate`]), that version number, and version 2 without the
/// fields added by version 3 (`last_payment_id`, `scenarios`). What a migrated file is
/// compared with: where it is exactly this, its records' text is known.
pub(super) fn write_as<'a>(
    data: &StoreData,
    previous: Option<&Previous<'a>>,
    written_as: u32,
) -> Result<Text<'a>, ron::Error> {
    let StoreData {
        version: _,
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
    field(&mut out, 1, "version", |out| write_uint(out, written_as))?;
    field(&mut out, 1, "profile", |out| via_ron(out, 1, profile))?;
    field(&mut out, 1, "lines", |out| via_ron(out, 1, lines))?;
    let kept = previous.map(|p| (&p.data.loans[..], &p.layout.loans, p.text));
    let loans = list_field(&mut pieces, &mut out, 1, "loans", loans, kept)?;
    field(&mut out, 1, "revolving", |out| via_ron(out, 1, revolving))?;
    let kept = previous.map(|p| (&p.data.payments[..], &p.layout.payments, p.text));
    let payments = list_field(&mut pieces, &mut out, 1, "payments", payments, kept)?;
    if written_as >= 3 {
        field(&mut out, 1, "last_payment_id", |out| {
            write_uint(out, *last_payment_id)
        })?;
        field(&mut out, 1, "scenarios", |out| via_ron(out, 1, scenarios))?;
    }
    out.push(')');
    pieces.push(Piece::Written(out));
    Ok(Text {
        pieces,
        layout: Layout { loans, payments },
    })
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

/// After the pieces and `out`, `name: ` and a sequence at `depth`: `[]`, or one item a
/// line; `out` then holds the `,\n` after it, as [`field`] leaves it. Items equal to
/// those at the start and end of `kept`'s (its items, their layout and the text it is in)
/// are copied from that text; the others are written in chunks on every core, each chunk
/// a piece. Where the items now lie.
fn list_field<'a, T: Listed>(
    pieces: &mut Vec<Piece<'a>>,
    out: &mut String,
    depth: usize,
    name: &str,
    items: &[T],
    kept: Option<(&[T], &Records, &'a [u8])>,
) -> Result<Records, ron::Error> {
    indent(out, depth);
    out.push_str(name);
    out.push_str(": ");
    let mut before = std::mem::replace(out, String::from(",\n"));
    if items.is_empty() {
        before.push_str("[]");
        pieces.push(Piece::Written(before));
        return Ok(Records::default());
    }
    before.push_str("[\n");
    pieces.push(Piece::Written(before));
    let start = pieces.iter().map(|p| p.bytes().len() as u64).sum();
    // The unchanged start and end, when the layout fits the text it came with.
    let reused = kept
        .filter(|(old, records, _)| old.len() == records.lengths.len())
        .and_then(|(old, records, text)| {
            let (was, now) = super::ends::difference(old, items);
            let head = records.bytes(text, 0..was.start)?;
            let tail = records.bytes(text, was.end..old.len())?;
            let lengths = &records.lengths;
            Some((
                now,
                (head, &lengths[..was.start]),
                (tail, &lengths[was.end..]),
            ))
        });
    let (written, (head, head_lengths), (tail, tail_lengths)) =
        reused.unwrap_or((0..items.len(), (&[], &[]), (&[], &[])));
    let write_chunk = |chunk: &[T]| -> Result<(String, Vec<u32>), ron::Error> {
        let mut text = String::with_capacity(chunk.len() * 160);
        let mut lengths = Vec::with_capacity(chunk.len());
        let mut memo = Memo::default();
        for item in chunk {
            let before = text.len();
            indent(&mut text, depth + 1);
            item.write(&mut text, &mut memo, depth + 1)?;
            text.push_str(",\n");
            let length = u32::try_from(text.len() - before)
                .map_err(|_| ron::Error::Message("a record longer than 4 GiB".into()))?;
            lengths.push(length);
        }
        Ok((text, lengths))
    };
    let chunks: Vec<(String, Vec<u32>)> = items[written]
        .par_chunks(CHUNK)
        .map(write_chunk)
        .collect::<Result<_, _>>()?;
    let mut lengths = Vec::with_capacity(items.len());
    lengths.extend_from_slice(head_lengths);
    if !head.is_empty() {
        pieces.push(Piece::Kept(head));
    }
    for (text, chunk_lengths) in chunks {
        lengths.extend(chunk_lengths);
        pieces.push(Piece::Written(text));
    }
    lengths.extend_from_slice(tail_lengths);
    if !tail.is_empty() {
        pieces.push(Piece::Kept(tail));
    }
    let mut end = String::new();
    indent(&mut end, depth);
    end.push(']');
    pieces.push(Piece::Written(end));
    Ok(Records { start, lengths })
}

/// `record` as `(`, a line `name: value,` for each field in the order listed (serde's),
/// then `)`; each value written by its closure, with `$inner` the fields' depth. The
/// record is destructured without `..`, and each name written is the field's own: a field
/// added to the record does not compile here until it is written too.
macro_rules! write_record {
    ($out:ident, $depth:ident, $inner:ident, $record:expr => $Type:ident {
        $($name:ident: $write:expr),* $(,)?
    }) => {{
        let $Type { $($name),* } = $record;
        let $inner = $depth + 1;
        $out.push_str("(\n");
        $(field($out, $inner, stringify!($name), $write)?;)*
        indent($out, $depth);
        $out.push(')');
        Ok(())
    }};
}

/// A record of the store's long lists (its loans and payments), which [`list_field`]
/// writes one a line.
trait Listed: Sync + PartialEq {
    /// The record at `depth`, from its `(` to its `)`.
    fn write(&self, out: &mut String, memo: &mut Memo, depth: usize) -> Result<(), ron::Error>;
}

impl Listed for PaymentRecord {
    fn write(&self, out: &mut String, memo: &mut Memo, depth: usize) -> Result<(), ron::Error> {
        write_record!(out, depth, inner, self => PaymentRecord {
            id: |out| write_uint(out, *id),
            date: |out| write_date(out, *date),
            amount: |out| write_decimal(out, *amount),
            loan: |out| write_str(out, loan),
            kind: |out| memo.payment_kind.write(out, inner, kind),
            mode: |out| memo.mode.write(out, inner, mode),
        })
    }
}

impl Listed for Loan {
    fn write(&self, out: &mut String, memo: &mut Memo, depth: usize) -> Result<(), ron::Error> {
        write_record!(out, depth, inner, self => Loan {
            id: |out| write_str(out, id),
            name: |out| write_str(out, name),
            lender: |out| write_str(out, lender),
            method: |out| memo.method.write(out, inner, method),
            principal: |out| write_decimal(out, *principal),
            rate: |out| memo.rate.write(out, inner, rate),
            day_count: |out| memo.day_count.write(out, inner, day_count),
            term: |out| write_uint(out, *term),
            start: |out| write_date(out, *start),
            fee_rate: |out| write_decimal(out, *fee_rate),
            penalty_rate: |out| match penalty_rate {
                None => none(out),
                Some(rate) => some(out, |out| write_decimal(out, *rate)),
            },
            line: |out| match line {
                None => none(out),
                Some(line) => some(out, |out| write_str(out, line)),
            },
            early_interest: |out| memo.early_interest.write(out, inner, early_interest),
            conventions: |out| match conventions {
                None => none(out),
                Some(_) => via_ron(out, inner, conventions),
            },
            plan: |out| match plan {
                None => none(out),
                Some(_) => via_ron(out, inner, plan),
            },
            entered: |out| {
                out.push_str(entered.as_str());
                Ok(())
            },
        })
    }
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

/// A whole number's decimal digits.
fn write_uint(out: &mut String, n: impl Into<u64>) -> Result<(), ron::Error> {
    out.push_str(&n.into().to_string());
    Ok(())
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
    use crate::generate::samples::as_of;
    use proptest::prelude::*;

    fn written(data: &StoreData) -> String {
        String::from_utf8(write(data, None).unwrap().joined()).unwrap()
    }

    #[test]
    fn a_generated_store_is_written_as_ron_writes_it() {
        let data = crate::generate::generate(9000, 5, as_of());
        assert!(data.payments.len() > CHUNK, "the payments are split");
        assert_eq!(written(&data), ron_pretty(&data).unwrap());
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
        assert_eq!(written(&data), ron_pretty(&data).unwrap());
        let empty = StoreData::default();
        assert_eq!(written(&empty), ron_pretty(&empty).unwrap());
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

    fn written_bytes(text: &Text) -> usize {
        let written = text
            .pieces
            .iter()
            .filter(|p| matches!(p, Piece::Written(_)));
        written.map(|p| p.bytes().len()).sum()
    }

    #[test]
    fn only_the_records_that_changed_are_written_again() {
        let before = crate::generate::generate(300, 4, as_of());
        let old = write(&before, None).unwrap();
        let old_text = old.joined();
        let mut after = before.clone();
        after.payments[100].amount += Decimal::ONE;
        after.loans[5].name.push('x');
        let previous = Previous {
            data: &before,
            text: &old_text,
            layout: &old.layout,
        };
        let reused = write(&after, Some(&previous)).unwrap();
        let whole = write(&after, None).unwrap();
        assert_eq!(reused.joined(), whole.joined());
        assert_eq!(reused.layout, whole.layout);
        assert!(
            written_bytes(&reused) * 10 < old_text.len(),
            "{} of {} bytes written",
            written_bytes(&reused),
            old_text.len()
        );
        // A layout that does not fit the text it comes with is not used.
        let cut = Previous {
            text: &old_text[..100],
            ..previous
        };
        let again = write(&after, Some(&cut)).unwrap();
        assert_eq!(again.joined(), whole.joined());
        assert_eq!(written_bytes(&again), whole.joined().len());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Written from the previous text (its unchanged records copied), the text and its
        /// layout are what writing it all gives, whatever changed: records edited, added,
        /// removed, or none.
        #[test]
        fn text_reusing_the_previous_is_the_text_written_whole(
            before in crate::generate::samples::stores(0..25),
            edits in proptest::collection::vec((0u8..6, any::<prop::sample::Index>()), 0..4),
        ) {
            let before = before.data;
            let old = write(&before, None).unwrap();
            let old_text = old.joined();
            let mut after = before.clone();
            for (kind, at) in edits {
                let (loans, payments) = (after.loans.len(), after.payments.len());
                match kind {
                    0 if loans > 0 => after.loans[at.index(loans)].name.push('x'),
                    1 if loans > 0 => drop(after.loans.remove(at.index(loans))),
                    2 if loans > 0 => {
                        let loan = after.loans[at.index(loans)].clone();
                        after.loans.insert(at.index(loans), loan);
                    }
                    3 if payments > 0 => after.payments[at.index(payments)].amount += Decimal::ONE,
                    4 if payments > 0 => drop(after.payments.remove(at.index(payments))),
                    5 if payments > 0 => {
                        let payment = after.payments[at.index(payments)].clone();
                        after.payments.push(payment);
                    }
                    _ => {}
                }
            }
            let previous = Previous { data: &before, text: &old_text, layout: &old.layout };
            let reused = write(&after, Some(&previous)).unwrap();
            let whole = write(&after, None).unwrap();
            prop_assert_eq!(
                String::from_utf8(reused.joined()).unwrap(),
                String::from_utf8(whole.joined()).unwrap()
            );
            prop_assert_eq!(&reused.layout, &whole.layout);
        }
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
            prop_assert_eq!(written(&data), ron_pretty(&data).unwrap());
        }
    }
}
