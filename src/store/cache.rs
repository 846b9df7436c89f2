//! Binary copies kept beside a large store, so that opening it and answering `due` do
//! not wait for the RON parser (about 13 ms a megabyte; a 10,000-loan store is 18 MB)
//! nor for replaying every loan's payments:
//! - `<store>.cache`: the parsed data;
//! - `<store>.states`: every loan's replayed state on one as-of date (written and read by
//!   [`crate::book::kept`], with the encoding and checks here);
//! - `<store>.due`: of the same states only what a month's due shows, for `due`;
//! - `<store>.summary`: of the same states what the dashboard opens with.
//!
//! The RON file stays the only record. A copy is used only when it was made from exactly
//! the bytes now in that file (their hash), by a build whose code for what it holds is the
//! same (a fingerprint of that source), and for the states on the same as-of date.
//! Anything wrong with it (missing, stale, torn, unreadable) just means the RON is parsed
//! or the loans replayed as before. Losing a copy loses nothing, so copies are not
//! fsynced: a copy torn by a crash fails its checksum.

use super::schema::{AttachedPlan, Loan, PaymentKind, PaymentRecord, Plan, PlanRow, StoreData};
use super::text::{Layout, Records};
use crate::engine::loan::{DayCount, Method, Rate};
use crate::engine::schedule::PrepayMode;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::xxh3_64;

/// Stores smaller than this parse and replay in a few milliseconds: they get no copies.
pub const MIN_CACHED_LEN: u64 = 512 * 1024;

/// A copy's file: its magic, the fingerprint of the code it depends on (u64), the hash of
/// the RON bytes it was made from (u128), for a copy of one day's figures that date (i32,
/// days from CE), the checksum of the body (u64), then the body.
const DATA_MAGIC: &[u8; 8] = b"loandash";

/// Changes whenever the source of the types the data copy encodes, or of its encoding,
/// does: postcard is not self-describing, so a copy written under another schema must never be decoded.
pub const SCHEMA_FINGERPRINT: u64 = xxhash_rust::const_xxh3::xxh3_64(
    concat!(
        env!("CARGO_PKG_VERSION"),
        include_str!("cache.rs"),
        include_str!("schema.rs"),
        include_str!("../engine/loan.rs"),
        include_str!("../engine/revolving.rs"),
        include_str!("../engine/schedule.rs"),
    )
    .as_bytes(),
);

/// Where the data copy of the store at `target` lives.
pub fn path(target: &Path) -> PathBuf {
    super::place::sibling(target, ".cache")
}

/// Where the states copy of the store at `target` lives (see [`crate::book::kept`]).
pub fn states_path(target: &Path) -> PathBuf {
    super::place::sibling(target, ".states")
}

/// Where the due copy of the store at `target` lives (see [`crate::book::kept`]).
pub fn due_path(target: &Path) -> PathBuf {
    super::place::sibling(target, ".due")
}

/// Where the summary copy of the store at `target` lives (see [`crate::book::kept`]).
pub fn summary_path(target: &Path) -> PathBuf {
    super::place::sibling(target, ".summary")
}

/// The data in the copy, where its records lie in the RON bytes it was made from (when
/// loandash wrote them as it writes them) and those bytes' hash, which the caller compares
/// with the file's before using anything of it: the copy is decoded while the file is
/// hashed, on the other core.
pub(super) fn read(target: &Path) -> Option<(u128, StoreData, Option<Layout>)> {
    let bytes = fs::read(path(target)).ok()?;
    let ron_hash = made_from(&bytes, DATA_MAGIC, SCHEMA_FINGERPRINT)?;
    let body = checked_body(
        &bytes,
        DATA_MAGIC,
        &header(SCHEMA_FINGERPRINT, ron_hash, None),
    )?;
    // Written only from data that passed `validate` and read back from the exact bytes it
    // was made from (hash and checksum): validating it again would find nothing new.
    // A literal's fields are read in the order written: [`encode`]'s.
    let mut input = Decoder(body);
    let data = StoreData {
        payments: decode_payments(&mut input)?,
        loans: decode_loans(&mut input)?,
        version: input.postcard()?,
        profile: input.postcard()?,
        lines: input.postcard()?,
        revolving: input.postcard()?,
        last_payment_id: input.postcard()?,
        scenarios: input.postcard()?,
    };
    let layout = match input.byte()? {
        0 => None,
        _ => Some(Layout {
            loans: decode_records(&mut input)?,
            payments: decode_records(&mut input)?,
        }),
    };
    Some((ron_hash, data, layout))
}

/// Keep a copy of `data` (with its `layout` in the RON bytes, if known), read from or
/// saved as RON bytes of `ron_len` hashed `ron_hash`, when the store is large enough to
/// gain from it; otherwise remove older copies. Best effort: a copy that cannot be
/// written is simply not there next time.
pub(super) fn write(
    target: &Path,
    ron_len: u64,
    ron_hash: u128,
    data: &StoreData,
    layout: Option<&Layout>,
) {
    if ron_len < MIN_CACHED_LEN {
        remove(target);
    } else if let Some(copy) = encode(data).and_then(|body| prepare(target, ron_hash, body, layout))
    {
        put(target, copy);
    }
}

/// Remove every copy beside the store at `target` (it has become small).
pub(super) fn remove(target: &Path) {
    let _ = fs::remove_file(path(target));
    let _ = fs::remove_file(states_path(target));
    let _ = fs::remove_file(due_path(target));
    let _ = fs::remove_file(summary_path(target));
}

/// The copy of data [`encode`]d as `body`, for RON bytes hashed `ron_hash` holding its
/// records as `layout` says, written beside the store under a temporary name (while the
/// RON file is written, on another core), for [`put`] to put in place once that file is
/// the store. `None` if it cannot be written: no copy is kept.
pub(super) fn prepare(
    target: &Path,
    ron_hash: u128,
    mut body: Vec<u8>,
    layout: Option<&Layout>,
) -> Option<tempfile::NamedTempFile> {
    let mut out = Encoder(std::mem::take(&mut body));
    match layout {
        None => out.byte(0),
        Some(Layout { loans, payments }) => {
            out.byte(1);
            encode_records(&mut out, loans);
            encode_records(&mut out, payments);
        }
    }
    let head = header(SCHEMA_FINGERPRINT, ron_hash, None);
    write_temp(&path(target), DATA_MAGIC, &head, &out.0)
}

/// Put a copy [`prepare`]d for the store at `target` in place.
pub(super) fn put(target: &Path, copy: tempfile::NamedTempFile) {
    let _ = copy.persist(path(target));
}

/// The body of a copy of `data`, but the layout [`prepare`] adds (`None` if it cannot be
/// encoded).
pub(super) fn encode(data: &StoreData) -> Option<Vec<u8>> {
    let mut body = Encoder(Vec::new());
    encode_payments(&mut body, data.payments.iter())?;
    encode_loans(&mut body, &data.loans)?;
    // In the order [`read`] takes them back; its `StoreData` literal names every field,
    // and a field left out here fails the round-trip tests.
    body.postcard(&data.version)?;
    body.postcard(&data.profile)?;
    body.postcard(&data.lines)?;
    body.postcard(&data.revolving)?;
    body.postcard(&data.last_payment_id)?;
    body.postcard(&data.scenarios)?;
    Some(body.0)
}

fn encode_records(out: &mut Encoder, records: &Records) {
    out.uint(records.start);
    out.uint(records.lengths.len() as u64);
    records.lengths.iter().for_each(|&l| out.uint(l.into()));
}

fn decode_records(input: &mut Decoder) -> Option<Records> {
    let start = input.uint()?;
    let lengths = input.list(Decoder::u32)?;
    Some(Records { start, lengths })
}

/// A copy's header: the fingerprint, the RON bytes' hash and, for one day's figures, the day.
pub fn header(fingerprint: u64, ron_hash: u128, as_of: Option<NaiveDate>) -> Vec<u8> {
    let mut head = fingerprint.to_le_bytes().to_vec();
    head.extend_from_slice(&ron_hash.to_le_bytes());
    if let Some(date) = as_of {
        head.extend_from_slice(&date.num_days_from_ce().to_le_bytes());
    }
    head
}

/// The hash of the RON bytes a copy with this magic, by code of this `fingerprint`, says
/// it was made from (to be checked with [`checked_body`] once those bytes are hashed).
pub fn made_from(bytes: &[u8], magic: &[u8; 8], fingerprint: u64) -> Option<u128> {
    let after = (bytes.strip_prefix(magic)?).strip_prefix(&fingerprint.to_le_bytes())?;
    Some(u128::from_le_bytes(*after.first_chunk::<16>()?))
}

/// The body of a copy whose magic and header are these and whose checksum holds.
pub fn checked_body<'a>(bytes: &'a [u8], magic: &[u8; 8], head: &[u8]) -> Option<&'a [u8]> {
    let rest = bytes.strip_prefix(magic)?.strip_prefix(head)?;
    let (checksum, body) = rest.split_first_chunk::<8>()?;
    (u64::from_le_bytes(*checksum) == xxh3_64(body)).then_some(body)
}

/// Write a copy through a temp file renamed over the old one (unsynced: see the module).
pub fn write_copy(path: &Path, magic: &[u8; 8], head: &[u8], body: &[u8]) {
    if let Some(temp) = write_temp(path, magic, head, body) {
        let _ = temp.persist(path);
    }
}

/// A copy written to a temp file beside `path`, to be renamed over it.
fn write_temp(
    path: &Path,
    magic: &[u8; 8],
    head: &[u8],
    body: &[u8],
) -> Option<tempfile::NamedTempFile> {
    let mut temp = super::place::private_temp(path).ok()?;
    temp.write_all(magic)
        .and_then(|()| temp.write_all(head))
        .and_then(|()| temp.write_all(&xxh3_64(body).to_le_bytes()))
        .and_then(|()| temp.write_all(body))
        .ok()?;
    Some(temp)
}

/// A payment's kind and prepayment mode, each pair written as the byte of its place here.
const PAYMENT_KINDS: [(PaymentKind, Option<PrepayMode>); 6] = [
    (PaymentKind::Scheduled, None),
    (PaymentKind::Scheduled, Some(PrepayMode::Shorten)),
    (PaymentKind::Scheduled, Some(PrepayMode::Reduce)),
    (PaymentKind::Prepayment, None),
    (PaymentKind::Prepayment, Some(PrepayMode::Shorten)),
    (PaymentKind::Prepayment, Some(PrepayMode::Reduce)),
];

/// The payments in the same compact form (they are most of a large store, and postcard
/// would parse each date and amount from text).
pub(crate) fn encode_payments<'a>(
    out: &mut Encoder,
    payments: impl ExactSizeIterator<Item = &'a PaymentRecord>,
) -> Option<()> {
    out.uint(payments.len() as u64);
    for p in payments {
        out.byte(index_in(&PAYMENT_KINDS, &(p.kind, p.mode))?);
        out.uint(u64::from(p.id));
        out.date(p.date);
        out.decimal(p.amount);
        out.str(&p.loan);
    }
    Some(())
}

pub(crate) fn decode_payments(input: &mut Decoder) -> Option<Vec<PaymentRecord>> {
    input.list(|input| {
        let (kind, mode) = *PAYMENT_KINDS.get(usize::from(input.byte()?))?;
        Some(PaymentRecord {
            id: input.u32()?,
            date: input.date()?,
            amount: input.decimal()?,
            loan: input.str()?,
            kind,
            mode,
        })
    })
}

/// The loans in the same compact form: postcard would carry each amount, rate, date,
/// method and day count as text, parsed again on every opening. What few loans have stays
/// in postcard (a lender's conventions), but a kept plan (see its [`Compact`] below). In
/// the order [`decode_loans`] reads them back: its `Loan` literal names every field, and
/// a field left out here shifts every later byte, which the round-trip tests catch.
fn encode_loans(out: &mut Encoder, loans: &[Loan]) -> Option<()> {
    out.uint(loans.len() as u64);
    for loan in loans {
        out.str(&loan.id);
        out.str(&loan.name);
        out.str(&loan.lender);
        out.byte(index_in(&Method::ALL, &loan.method)?);
        out.decimal(loan.principal);
        let (kind, rate) = match loan.rate {
            Rate::Annual(rate) => (0, rate),
            Rate::Daily(rate) => (1, rate),
        };
        out.byte(kind);
        out.decimal(rate);
        out.byte(index_in(&DayCount::ALL, &loan.day_count)?);
        out.uint(loan.term.into());
        out.date(loan.start);
        out.decimal(loan.fee_rate);
        out.opt(loan.penalty_rate, Encoder::decimal);
        loan.plan.encode(out);
        out.postcard(&loan.line)?;
        out.postcard(&loan.early_interest)?;
        out.postcard(&loan.conventions)?;
        out.postcard(&loan.entered)?;
    }
    Some(())
}

fn decode_loans(input: &mut Decoder) -> Option<Vec<Loan>> {
    // A literal's fields are read in the order written: the encoder's.
    input.list(|input| {
        Some(Loan {
            id: input.str()?,
            name: input.str()?,
            lender: input.str()?,
            method: *Method::ALL.get(usize::from(input.byte()?))?,
            principal: input.decimal()?,
            rate: match input.byte()? {
                0 => Rate::Annual(input.decimal()?),
                1 => Rate::Daily(input.decimal()?),
                _ => return None,
            },
            day_count: *DayCount::ALL.get(usize::from(input.byte()?))?,
            term: input.u32()?,
            start: input.date()?,
            fee_rate: input.decimal()?,
            penalty_rate: input.opt(Decoder::decimal)?,
            plan: Compact::decode(input)?,
            line: input.postcard()?,
            early_interest: input.postcard()?,
            conventions: input.postcard()?,
            entered: input.postcard()?,
        })
    })
}

/// Where `value` is in `all` (every variant of its type), as one byte.
fn index_in<T: PartialEq>(all: &[T], value: &T) -> Option<u8> {
    u8::try_from(all.iter().position(|v| v == value)?).ok()
}

/// A value with one compact binary form: what `encode` writes, `decode` reads back
/// (`None` for anything malformed).
pub trait Compact: Sized {
    fn encode(&self, out: &mut Encoder);
    fn decode(input: &mut Decoder) -> Option<Self>;
}

/// [`Compact`] for a struct, `compact_fields!(Type: field, …)`: its fields one after the
/// other in the order listed, each in its own compact form. The encoder destructures the struct without `..` and the decoder
/// builds it as a literal (whose fields are read in the order written), so the one list
/// is the order of both, and a field added to the struct does not compile until listed.
macro_rules! compact_fields {
    ($Type:ident: $($field:ident),* $(,)?) => {
        impl $crate::store::cache::Compact for $Type {
            fn encode(&self, out: &mut $crate::store::cache::Encoder) {
                let $Type { $($field),* } = self;
                $($crate::store::cache::Compact::encode($field, out);)*
            }

            fn decode(input: &mut $crate::store::cache::Decoder) -> Option<Self> {
                Some($Type {
                    $($field: $crate::store::cache::Compact::decode(input)?),*
                })
            }
        }
    };
}
pub(crate) use compact_fields;

/// [`Compact`] for an enum without data: each variant as its byte, one table for both
/// directions (the encoder's match is exhaustive: a variant added to the enum does not
/// compile until it has a byte).
macro_rules! compact_bytes {
    ($Type:ident { $($variant:ident = $byte:literal),* $(,)? }) => {
        impl $crate::store::cache::Compact for $Type {
            fn encode(&self, out: &mut $crate::store::cache::Encoder) {
                out.byte(match self {
                    $($Type::$variant => $byte,)*
                });
            }

            fn decode(input: &mut $crate::store::cache::Decoder) -> Option<Self> {
                match input.byte()? {
                    $($byte => Some($Type::$variant),)*
                    _ => None,
                }
            }
        }
    };
}
pub(crate) use compact_bytes;

/// [`Compact`] for values the [`Encoder`] method named writes and the [`Decoder`] method
/// of that name reads back.
macro_rules! compact_by {
    ($($T:ty: $method:ident),* $(,)?) => {$(
        impl Compact for $T {
            fn encode(&self, out: &mut Encoder) {
                out.$method(*self);
            }

            fn decode(input: &mut Decoder) -> Option<Self> {
                input.$method()
            }
        }
    )*};
}

compact_by!(u32: u32, i64: int, NaiveDate: date, Decimal: decimal);

impl Compact for String {
    fn encode(&self, out: &mut Encoder) {
        out.str(self);
    }

    fn decode(input: &mut Decoder) -> Option<Self> {
        input.str()
    }
}

/// One byte, 0 or 1.
impl Compact for bool {
    fn encode(&self, out: &mut Encoder) {
        out.byte(u8::from(*self));
    }

    fn decode(input: &mut Decoder) -> Option<Self> {
        match input.byte()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

impl<T: Compact> Compact for Option<T> {
    fn encode(&self, out: &mut Encoder) {
        out.opt(self.as_ref(), |out, value| value.encode(out));
    }

    fn decode(input: &mut Decoder) -> Option<Self> {
        input.opt(T::decode)
    }
}

/// Its length, then its items.
impl<T: Compact> Compact for Vec<T> {
    fn encode(&self, out: &mut Encoder) {
        out.uint(self.len() as u64);
        self.iter().for_each(|item| item.encode(out));
    }

    fn decode(input: &mut Decoder) -> Option<Self> {
        input.list(T::decode)
    }
}

// A kept lender's plan, field by field too: postcard would misread a plan whose `term`
// the RON leaves out when it has none (`skip_serializing_if`).
compact_fields!(AttachedPlan: source, plan);
compact_fields!(Plan: principal, start, term, has_fee, rows);
compact_fields!(PlanRow: period, due_date, payment, principal, interest, balance);

/// Writes the compact binary form of the copies.
pub struct Encoder(pub Vec<u8>);

impl Encoder {
    pub fn byte(&mut self, b: u8) {
        self.0.push(b);
    }

    /// LEB128.
    pub fn uint(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.0.push((n as u8) | 0x80);
            n >>= 7;
        }
        self.0.push(n as u8);
    }

    pub fn u32(&mut self, n: u32) {
        self.uint(n.into());
    }

    /// Zigzag, then LEB128.
    pub fn int(&mut self, n: i64) {
        self.uint(((n << 1) ^ (n >> 63)) as u64);
    }

    pub fn date(&mut self, date: NaiveDate) {
        self.int(date.num_days_from_ce().into());
    }

    /// Its length, then its UTF-8 bytes.
    pub fn str(&mut self, text: &str) {
        self.uint(text.len() as u64);
        self.0.extend_from_slice(text.as_bytes());
    }

    /// A marker byte, then the value as `write` writes it when there is one.
    pub fn opt<T>(&mut self, value: Option<T>, write: impl FnOnce(&mut Self, T)) {
        match value {
            None => self.byte(0),
            Some(value) => {
                self.byte(1);
                write(self, value);
            }
        }
    }

    pub fn opt_date(&mut self, date: Option<NaiveDate>) {
        self.opt(date, Self::date);
    }

    /// A value postcard writes (what is rare in a store, so not worth a hand encoding).
    pub fn postcard<T: serde::Serialize>(&mut self, value: &T) -> Option<()> {
        self.0 = postcard::to_extend(value, std::mem::take(&mut self.0)).ok()?;
        Some(())
    }

    /// One byte of sign, scale and whether the top 32 bits of the mantissa are used, then
    /// the mantissa: every bit of the decimal is kept (a negative zero stays one).
    pub fn decimal(&mut self, d: Decimal) {
        let raw = d.serialize();
        let [_, _, scale, sign] = [raw[0], raw[1], raw[2], raw[3]];
        let low = u64::from_le_bytes(raw[4..12].try_into().expect("8 bytes"));
        let high = u32::from_le_bytes(raw[12..16].try_into().expect("4 bytes"));
        let has_high = if high == 0 { 0 } else { 0x40 };
        self.byte((sign & 0x80) | has_high | scale);
        self.uint(low);
        if high != 0 {
            self.uint(high.into());
        }
    }
}

/// The date `days` from CE, as [`Encoder::date`] wrote it (`None`: no such date).
pub fn day(days: i64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(days).ok()?)
}

/// Reads what [`Encoder`] wrote; `None` for anything malformed.
pub struct Decoder<'a>(pub &'a [u8]);

impl<'a> Decoder<'a> {
    /// What [`Encoder::str`] wrote, where it lies in the bytes (nothing copied).
    pub fn text(&mut self) -> Option<&'a str> {
        let len = self.count()?;
        let (text, rest) = self.0.split_at_checked(len)?;
        self.0 = rest;
        std::str::from_utf8(text).ok()
    }
}

impl Decoder<'_> {
    pub fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }

    pub fn uint(&mut self) -> Option<u64> {
        // Most numbers here (periods, zero amounts, flags) fit in one byte.
        if let Some((&b, rest)) = self.0.split_first()
            && b < 0x80
        {
            self.0 = rest;
            return Some(b.into());
        }
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(n);
            }
        }
        None
    }

    pub fn uint_usize(&mut self) -> Option<usize> {
        usize::try_from(self.uint()?).ok()
    }

    pub fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.uint()?).ok()
    }

    /// A count of items, each at least a byte long: no more than the bytes left, so a
    /// damaged count cannot ask for a huge allocation.
    pub fn count(&mut self) -> Option<usize> {
        self.uint_usize().filter(|&n| n <= self.0.len())
    }

    pub fn int(&mut self) -> Option<i64> {
        let z = self.uint()?;
        Some(((z >> 1) as i64) ^ -((z & 1) as i64))
    }

    /// A count, then that many items as `read` reads them. The vector is sized once:
    /// grown as it fills, a large one (the store's 88,613 payments, 5 MB) is copied again
    /// and again into fresh memory, which the kernel must zero first.
    pub fn list<T>(&mut self, mut read: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let count = self.count()?;
        // A damaged count must not reserve more than a few times what the copy holds:
        // a reservation that fails aborts instead of falling back to the store file.
        let room = self.0.len().saturating_mul(16) / size_of::<T>().max(1);
        let mut items = Vec::with_capacity(count.min(room));
        for _ in 0..count {
            items.push(read(self)?);
        }
        Some(items)
    }

    /// What [`Encoder::str`] wrote.
    pub fn str(&mut self) -> Option<String> {
        self.text().map(str::to_owned)
    }

    pub fn date(&mut self) -> Option<NaiveDate> {
        day(self.int()?)
    }

    /// What [`Encoder::opt`] wrote: `None` if malformed, `Some(None)` for no value.
    pub fn opt<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        match self.byte()? {
            0 => Some(None),
            1 => read(self).map(Some),
            _ => None,
        }
    }

    /// What [`Encoder::opt_date`] wrote.
    pub fn opt_date(&mut self) -> Option<Option<NaiveDate>> {
        self.opt(Self::date)
    }

    /// What [`Encoder::postcard`] wrote.
    pub fn postcard<T: serde::de::DeserializeOwned>(&mut self) -> Option<T> {
        let (value, rest) = postcard::take_from_bytes(self.0).ok()?;
        self.0 = rest;
        Some(value)
    }

    pub fn decimal(&mut self) -> Option<Decimal> {
        let head = self.byte()?;
        let low = self.uint()?;
        let high = if head & 0x40 != 0 { self.u32()? } else { 0 };
        // A scale past 28 makes no valid Decimal: malformed, like any other bad byte.
        if head & 0x1f > 28 {
            return None;
        }
        let mut raw = [0u8; 16];
        raw[2] = head & 0x1f;
        raw[3] = head & 0x80;
        raw[4..12].copy_from_slice(&low.to_le_bytes());
        raw[12..16].copy_from_slice(&high.to_le_bytes());
        Some(Decimal::deserialize(raw))
    }
}

/// A generated store just large enough to be cached, and its text: shared by the tests
/// of the cache and of what is kept in it.
#[cfg(test)]
pub(crate) fn large_test_store(as_of: NaiveDate) -> (StoreData, String) {
    let data = crate::generate::generate(400, 3, as_of);
    let text = crate::store::to_ron(&data).unwrap();
    assert!(text.len() as u64 >= MIN_CACHED_LEN, "{} bytes", text.len());
    (data, text)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::generate::samples::as_of;
    use crate::store::to_ron;

    pub(crate) fn hash(text: &str) -> u128 {
        xxhash_rust::xxh3::xxh3_128(text.as_bytes())
    }

    /// What [`read`] gives for RON bytes hashed `ron_hash`.
    fn read_for(target: &Path, ron_hash: u128) -> Option<(StoreData, Option<Layout>)> {
        let (made_from, data, layout) = read(target)?;
        (made_from == ron_hash).then_some((data, layout))
    }

    fn write_for(target: &Path, text: &str, data: &StoreData) {
        write(target, text.len() as u64, hash(text), data, None);
    }

    /// A large test store and its text, its copy written beside `loans.ron` in a new
    /// folder (which lives as long as the `TempDir`).
    fn copied_large_store() -> (tempfile::TempDir, PathBuf, StoreData, String) {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("loans.ron");
        let (data, text) = large_test_store(as_of());
        write_for(&target, &text, &data);
        (dir, target, data, text)
    }

    #[test]
    fn the_copy_gives_back_exactly_the_data_it_was_made_from() {
        let (_dir, target, data, text) = copied_large_store();
        assert_eq!(read_for(&target, hash(&text)), Some((data.clone(), None)));
        // With where the records lie in the RON text.
        let layout = super::super::text::write(&data, None).unwrap().layout;
        write(
            &target,
            text.len() as u64,
            hash(&text),
            &data,
            Some(&layout),
        );
        assert_eq!(read_for(&target, hash(&text)), Some((data, Some(layout))));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(path(&target)).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_copy_of_other_bytes_or_a_damaged_copy_is_never_used() {
        let (_dir, target, _, text) = copied_large_store();
        // The store was edited by hand: one amount differs.
        let edited = text.replacen("amount: \"", "amount: \"1", 1);
        assert_eq!(read_for(&target, hash(&edited)), None);
        // The copy was cut short (a crash mid-write on a filesystem without ordering).
        let full = fs::read(path(&target)).unwrap();
        fs::write(path(&target), &full[..full.len() / 2]).unwrap();
        assert_eq!(read_for(&target, hash(&text)), None);
        // A bit flipped in the body (which could still decode): the checksum differs.
        let mut flipped = full.clone();
        flipped[full.len() / 2] ^= 0x01;
        fs::write(path(&target), &flipped).unwrap();
        assert_eq!(read_for(&target, hash(&text)), None);
    }

    #[test]
    fn a_small_store_gets_no_copies_and_loses_old_ones() {
        let (_dir, target, _, _) = copied_large_store();
        fs::write(states_path(&target), b"states kept by the book").unwrap();
        fs::write(due_path(&target), b"due kept by the book").unwrap();
        fs::write(summary_path(&target), b"summary kept by the book").unwrap();
        assert!(path(&target).exists() && states_path(&target).exists());
        let small = crate::generate::generate(5, 3, as_of());
        let small_text = to_ron(&small).unwrap();
        write_for(&target, &small_text, &small);
        assert!(!path(&target).exists() && !states_path(&target).exists());
        assert!(!due_path(&target).exists() && !summary_path(&target).exists());
    }

    #[test]
    fn every_bit_of_a_decimal_survives_the_encoding() {
        let amounts = [
            Decimal::ZERO,
            Decimal::NEGATIVE_ONE,
            Decimal::MAX,
            Decimal::MIN,
            Decimal::new(-0, 2),
            Decimal::from_i128_with_scale(1, 28),
            "-0.00".parse().unwrap(),
            "123456789.123".parse().unwrap(),
        ];
        for d in amounts {
            let mut out = Encoder(Vec::new());
            out.decimal(d);
            let back = Decoder(&out.0).decimal().unwrap();
            assert_eq!(back.serialize(), d.serialize(), "{d}");
        }
        let payments: Vec<PaymentRecord> =
            [None, Some(PrepayMode::Shorten), Some(PrepayMode::Reduce)]
                .into_iter()
                .flat_map(|mode| {
                    [PaymentKind::Scheduled, PaymentKind::Prepayment].map(|kind| PaymentRecord {
                        id: 0,
                        date: as_of(),
                        amount: amounts[5],
                        loan: "借呗 L1".to_string(),
                        kind,
                        mode,
                    })
                })
                .collect();
        let mut out = Encoder(Vec::new());
        encode_payments(&mut out, payments.iter()).unwrap();
        assert_eq!(decode_payments(&mut Decoder(&out.0)), Some(payments));
        // Every method, day count and kind of rate, and what few loans carry.
        let mut loans = crate::generate::generate(15, 3, as_of()).loans;
        for (k, loan) in loans.iter_mut().enumerate() {
            loan.method = Method::ALL[k % Method::ALL.len()];
            loan.day_count = DayCount::ALL[k % DayCount::ALL.len()];
            loan.rate = match k % 2 {
                0 => Rate::Annual(amounts[k % amounts.len()]),
                _ => Rate::Daily(amounts[(k + 3) % amounts.len()]),
            };
            loan.principal = amounts[(k + 1) % amounts.len()];
            loan.fee_rate = amounts[(k + 2) % amounts.len()];
            loan.penalty_rate = (k % 3 == 0).then_some(amounts[(k + 4) % amounts.len()]);
            loan.line = (k % 4 == 0).then(|| format!("借呗 {k}"));
        }
        loans[1].conventions = Some(crate::engine::loan::Conventions {
            first_due: Some(as_of()),
            ..Default::default()
        });
        // A plan of every row's shape, with and without a term (which the RON leaves out).
        let row = |period, balance| PlanRow {
            period,
            due_date: as_of(),
            payment: amounts[7],
            principal: amounts[3],
            interest: amounts[4],
            balance,
        };
        for (k, term) in [(2, None), (3, Some(36))] {
            loans[k].plan = Some(AttachedPlan {
                source: "plan.csv".to_string(),
                plan: Plan {
                    principal: amounts[7],
                    start: (k == 3).then(as_of),
                    term,
                    has_fee: k == 2,
                    rows: vec![row(1, None), row(2, Some(amounts[6]))],
                },
            });
        }
        let mut out = Encoder(Vec::new());
        encode_loans(&mut out, &loans).unwrap();
        assert_eq!(decode_loans(&mut Decoder(&out.0)), Some(loans));
        for n in [0, 1, -1, i64::MAX, i64::MIN] {
            let mut out = Encoder(Vec::new());
            out.int(n);
            assert_eq!(Decoder(&out.0).int(), Some(n));
        }
    }

    #[test]
    fn a_decimal_with_an_impossible_scale_is_malformed_not_decoded() {
        let mut out = Encoder(Vec::new());
        out.decimal(rust_decimal_macros::dec!(-1234.5678));
        assert_eq!(
            Decoder(&out.0).decimal(),
            Some(rust_decimal_macros::dec!(-1234.5678))
        );
        let mut bad = out.0.clone();
        bad[0] = (bad[0] & !0x1f) | 29;
        assert_eq!(Decoder(&bad).decimal(), None);
    }
}
