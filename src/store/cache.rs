//! Binary copies kept beside a large store, so that opening it and answering `due` do
//! not wait for the RON parser (about 13 ms a megabyte; a 10,000-loan store is 18 MB)
//! nor for replaying every loan's payments:
//! - `<store>.cache`: the parsed data;
//! - `<store>.states`: every loan's replayed state on one as-of date.
//!
//! The RON file stays the only record. A copy is used only when it was made from exactly
//! the bytes now in that file (their hash), by a build whose code for what it holds is the
//! same (a fingerprint of that source), and for the states on the same as-of date.
//! Anything wrong with it (missing, stale, torn, unreadable) just means the RON is parsed
//! or the loans replayed as before. Losing a copy loses nothing, so copies are not
//! fsynced: a copy torn by a crash fails its checksum.

use super::schema::{PaymentKind, PaymentRecord, StoreData};
use crate::ledger::{Installment, LoanState, Status};
use crate::schedule::{PrepayMode, Row, RowKind, Schedule};
use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use rust_decimal::Decimal;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::xxh3_64;

/// Stores smaller than this parse and replay in a few milliseconds: they get no copies.
pub const MIN_CACHED_LEN: u64 = 512 * 1024;

/// A copy's file: its magic, the fingerprint of the code it depends on (u64), the hash of
/// the RON bytes it was made from (u128), for states the as-of date (i32, days from CE),
/// the checksum of the body (u64), then the body.
const DATA_MAGIC: &[u8; 8] = b"loandash";
const STATES_MAGIC: &[u8; 8] = b"ldstates";

/// Changes whenever the source of the types the data copy encodes, or of its encoding,
/// does: postcard is not self-describing, so a copy written under another schema must never be decoded.
const SCHEMA_FINGERPRINT: u64 = xxhash_rust::const_xxh3::xxh3_64(
    concat!(
        env!("CARGO_PKG_VERSION"),
        include_str!("cache.rs"),
        include_str!("schema.rs"),
        include_str!("../loan.rs"),
        include_str!("../revolving.rs"),
        include_str!("../schedule.rs"),
    )
    .as_bytes(),
);

/// Changes whenever anything a loan's replay depends on may have: the rules (schedule,
/// ledger, penalties, rounding), the schema and migrations, this encoding, and the
/// versions of the crates (the lock file), so states computed by other rules are never
/// taken for this build's.
const STATES_FINGERPRINT: u64 = xxhash_rust::const_xxh3::xxh3_64(
    concat!(
        env!("CARGO_PKG_VERSION"),
        include_str!("schema.rs"),
        include_str!("migrate.rs"),
        include_str!("cache.rs"),
        include_str!("../loan.rs"),
        include_str!("../schedule.rs"),
        include_str!("../ledger.rs"),
        include_str!("../dues.rs"),
        include_str!("../money.rs"),
        include_str!("../../Cargo.lock"),
    )
    .as_bytes(),
);

/// Where the data copy of the store at `target` lives.
pub fn path(target: &Path) -> PathBuf {
    super::file::sibling(target, ".cache")
}

/// Where the states copy of the store at `target` lives.
pub fn states_path(target: &Path) -> PathBuf {
    super::file::sibling(target, ".states")
}

/// The data in the copy, when it was made from exactly the RON bytes hashed `ron_hash`.
pub fn read(target: &Path, ron_hash: u128) -> Option<StoreData> {
    let bytes = fs::read(path(target)).ok()?;
    let body = checked_body(
        &bytes,
        DATA_MAGIC,
        &header(SCHEMA_FINGERPRINT, ron_hash, None),
    )?;
    // Written only from data that passed `validate` and read back from the exact bytes it
    // was made from (hash and checksum): validating it again would find nothing new.
    let mut input = Decoder(body);
    let payments = decode_payments(&mut input)?;
    let (version, profile, lines, loans, revolving, last_payment_id, scenarios) =
        postcard::from_bytes(input.0).ok()?;
    Some(StoreData {
        version,
        profile,
        lines,
        loans,
        revolving,
        payments,
        last_payment_id,
        scenarios,
    })
}

/// Keep a copy of `data`, read from or saved as RON bytes of `ron_len` hashed `ron_hash`,
/// when the store is large enough to gain from it; otherwise remove older copies.
/// Best effort: a copy that cannot be written is simply not there next time.
pub fn write(target: &Path, ron_len: u64, ron_hash: u128, data: &StoreData) {
    if ron_len < MIN_CACHED_LEN {
        let _ = fs::remove_file(path(target));
        let _ = fs::remove_file(states_path(target));
        return;
    }
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
    let mut body = Encoder(Vec::new());
    encode_payments(&mut body, payments);
    let rest = (
        version,
        profile,
        lines,
        loans,
        revolving,
        last_payment_id,
        scenarios,
    );
    if let Ok(rest) = postcard::to_stdvec(&rest) {
        body.0.extend_from_slice(&rest);
        let head = header(SCHEMA_FINGERPRINT, ron_hash, None);
        write_copy(&path(target), DATA_MAGIC, &head, &body.0);
    }
}

/// Every loan's state on `as_of`, when kept for exactly the RON bytes hashed `ron_hash`
/// and for `loans` loans.
pub fn read_states(
    target: &Path,
    ron_hash: u128,
    as_of: NaiveDate,
    loans: usize,
) -> Option<Vec<LoanState>> {
    let bytes = fs::read(states_path(target)).ok()?;
    let head = header(STATES_FINGERPRINT, ron_hash, Some(as_of));
    let states = decode_states(checked_body(&bytes, STATES_MAGIC, &head)?)?;
    (states.len() == loans).then_some(states)
}

/// Keep `states`, replayed on `as_of` from the RON bytes of `ron_len` hashed `ron_hash`,
/// for a large store (best effort, as [`write`]). One as-of date is kept: today's.
pub fn write_states(
    target: &Path,
    ron_len: u64,
    ron_hash: u128,
    as_of: NaiveDate,
    states: &[LoanState],
) {
    if ron_len >= MIN_CACHED_LEN
        && let Some(body) = encode_states(states)
    {
        let head = header(STATES_FINGERPRINT, ron_hash, Some(as_of));
        write_copy(&states_path(target), STATES_MAGIC, &head, &body);
    }
}

fn header(fingerprint: u64, ron_hash: u128, as_of: Option<NaiveDate>) -> Vec<u8> {
    let mut head = fingerprint.to_le_bytes().to_vec();
    head.extend_from_slice(&ron_hash.to_le_bytes());
    if let Some(date) = as_of {
        head.extend_from_slice(&date.num_days_from_ce().to_le_bytes());
    }
    head
}

/// The body of a copy whose magic and header are these and whose checksum holds.
fn checked_body<'a>(bytes: &'a [u8], magic: &[u8; 8], head: &[u8]) -> Option<&'a [u8]> {
    let rest = bytes.strip_prefix(magic)?.strip_prefix(head)?;
    let (checksum, body) = rest.split_first_chunk::<8>()?;
    (u64::from_le_bytes(*checksum) == xxh3_64(body)).then_some(body)
}

/// Write a copy through a temp file renamed over the old one (unsynced: see the module).
fn write_copy(path: &Path, magic: &[u8; 8], head: &[u8], body: &[u8]) {
    let Ok(mut temp) = super::file::private_temp(path) else {
        return;
    };
    let written = temp
        .write_all(magic)
        .and_then(|()| temp.write_all(head))
        .and_then(|()| temp.write_all(&xxh3_64(body).to_le_bytes()))
        .and_then(|()| temp.write_all(body));
    if written.is_ok() {
        let _ = temp.persist(path);
    }
}

/// Loans per independently decoded chunk of the states (decoded on every core).
const CHUNK: usize = 256;

/// The states in a compact binary form: decimals as sign, scale and a varint mantissa
/// (amounts are small numbers of cents), dates as varint days, and of each installment
/// only what the payments changed (the rest is its schedule row's). Decoding it is
/// several times faster than replaying the loans; postcard would carry decimals as text.
/// `None` for states that do not have that shape (then nothing is kept).
fn encode_states(states: &[LoanState]) -> Option<Vec<u8>> {
    let chunks = states
        .chunks(CHUNK)
        .map(|chunk| {
            let mut out = Encoder(Vec::with_capacity(chunk.len() * 1024));
            for state in chunk {
                encode_state(&mut out, state)?;
            }
            Some(out.0)
        })
        .collect::<Option<Vec<_>>>()?;
    let mut out = Encoder(Vec::new());
    out.uint(states.len() as u64);
    for chunk in &chunks {
        out.uint(chunk.len() as u64);
    }
    for chunk in chunks {
        out.0.extend_from_slice(&chunk);
    }
    Some(out.0)
}

fn encode_state(out: &mut Encoder, state: &LoanState) -> Option<()> {
    out.decimal(state.schedule.principal);
    out.date(state.schedule.start);
    out.uint(state.schedule.rows.len() as u64);
    for row in &state.schedule.rows {
        out.uint(row.period.into());
        out.date(row.due_date);
        for amount in [row.payment, row.principal, row.interest, row.balance] {
            out.decimal(amount);
        }
        out.byte(match row.kind {
            RowKind::Scheduled => 0,
            RowKind::Prepayment => 1,
        });
    }
    let scheduled = state.schedule.installments();
    if scheduled.count() != state.installments.len() {
        return None;
    }
    for (i, row) in state.installments.iter().zip(state.schedule.installments()) {
        let from_row = (row.period, row.due_date, row.principal, row.interest);
        if (i.period, i.due_date, i.principal, i.interest) != from_row {
            return None;
        }
        for amount in [
            i.unpaid_principal,
            i.unpaid_interest,
            i.unpaid_penalty,
            i.paid_penalty,
        ] {
            out.decimal(amount);
        }
        out.byte(match i.status {
            Status::Paid => 0,
            Status::Overdue => 1,
            Status::Upcoming => 2,
        });
        out.int(i.days_late);
        match i.settled_on {
            None => out.byte(0),
            Some(date) => {
                out.byte(1);
                out.date(date);
            }
        }
        out.date(i.accrued_to);
        out.date(i.begins);
    }
    out.decimal(state.balance);
    out.decimal(state.credit);
    Some(())
}

fn decode_states(body: &[u8]) -> Option<Vec<LoanState>> {
    let mut input = Decoder(body);
    let count = input.len()?;
    let mut chunks = Vec::with_capacity(count.div_ceil(CHUNK));
    let lengths = (0..count.div_ceil(CHUNK))
        .map(|_| input.uint_usize())
        .collect::<Option<Vec<_>>>()?;
    let mut rest = input.0;
    for (k, len) in lengths.into_iter().enumerate() {
        let loans = CHUNK.min(count - k * CHUNK);
        let (chunk, after) = rest.split_at_checked(len)?;
        chunks.push((chunk, loans));
        rest = after;
    }
    if !rest.is_empty() {
        return None;
    }
    let decoded = chunks
        .into_par_iter()
        .map(|(chunk, loans)| {
            let mut input = Decoder(chunk);
            let states = (0..loans)
                .map(|_| decode_state(&mut input))
                .collect::<Option<Vec<_>>>()?;
            input.0.is_empty().then_some(states)
        })
        .collect::<Option<Vec<_>>>()?;
    Some(decoded.into_iter().flatten().collect())
}

fn decode_state(input: &mut Decoder) -> Option<LoanState> {
    let principal = input.decimal()?;
    let start = input.date()?;
    let count = input.len()?;
    let mut rows = Vec::with_capacity(count);
    for _ in 0..count {
        rows.push(Row {
            period: input.u32()?,
            due_date: input.date()?,
            payment: input.decimal()?,
            principal: input.decimal()?,
            interest: input.decimal()?,
            balance: input.decimal()?,
            kind: match input.byte()? {
                0 => RowKind::Scheduled,
                1 => RowKind::Prepayment,
                _ => return None,
            },
        });
    }
    let schedule = Schedule {
        principal,
        start,
        rows,
    };
    let mut installments = Vec::with_capacity(count);
    for row in schedule.installments() {
        installments.push(Installment {
            period: row.period,
            due_date: row.due_date,
            principal: row.principal,
            interest: row.interest,
            unpaid_principal: input.decimal()?,
            unpaid_interest: input.decimal()?,
            unpaid_penalty: input.decimal()?,
            paid_penalty: input.decimal()?,
            status: match input.byte()? {
                0 => Status::Paid,
                1 => Status::Overdue,
                2 => Status::Upcoming,
                _ => return None,
            },
            days_late: input.int()?,
            settled_on: match input.byte()? {
                0 => None,
                1 => Some(input.date()?),
                _ => return None,
            },
            accrued_to: input.date()?,
            begins: input.date()?,
        });
    }
    Some(LoanState {
        schedule,
        installments,
        balance: input.decimal()?,
        credit: input.decimal()?,
    })
}

/// The payments in the same compact form (they are most of a large store, and postcard
/// would parse each date and amount from text).
fn encode_payments(out: &mut Encoder, payments: &[PaymentRecord]) {
    out.uint(payments.len() as u64);
    for p in payments {
        out.uint(u64::from(p.id));
        out.date(p.date);
        out.decimal(p.amount);
        out.uint(p.loan.len() as u64);
        out.0.extend_from_slice(p.loan.as_bytes());
        out.byte(match (p.kind, p.mode) {
            (PaymentKind::Scheduled, None) => 0,
            (PaymentKind::Scheduled, Some(PrepayMode::Shorten)) => 1,
            (PaymentKind::Scheduled, Some(PrepayMode::Reduce)) => 2,
            (PaymentKind::Prepayment, None) => 3,
            (PaymentKind::Prepayment, Some(PrepayMode::Shorten)) => 4,
            (PaymentKind::Prepayment, Some(PrepayMode::Reduce)) => 5,
        });
    }
}

fn decode_payments(input: &mut Decoder) -> Option<Vec<PaymentRecord>> {
    (0..input.len()?)
        .map(|_| {
            let number = input.u32()?;
            let date = input.date()?;
            let amount = input.decimal()?;
            let len = input.len()?;
            let (id, rest) = input.0.split_at_checked(len)?;
            input.0 = rest;
            let loan = std::str::from_utf8(id).ok()?.to_owned();
            let (kind, mode) = match input.byte()? {
                0 => (PaymentKind::Scheduled, None),
                1 => (PaymentKind::Scheduled, Some(PrepayMode::Shorten)),
                2 => (PaymentKind::Scheduled, Some(PrepayMode::Reduce)),
                3 => (PaymentKind::Prepayment, None),
                4 => (PaymentKind::Prepayment, Some(PrepayMode::Shorten)),
                5 => (PaymentKind::Prepayment, Some(PrepayMode::Reduce)),
                _ => return None,
            };
            Some(PaymentRecord {
                id: number,
                date,
                amount,
                loan,
                kind,
                mode,
            })
        })
        .collect()
}

struct Encoder(Vec<u8>);

impl Encoder {
    fn byte(&mut self, b: u8) {
        self.0.push(b);
    }

    /// LEB128.
    fn uint(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.0.push((n as u8) | 0x80);
            n >>= 7;
        }
        self.0.push(n as u8);
    }

    /// Zigzag, then LEB128.
    fn int(&mut self, n: i64) {
        self.uint(((n << 1) ^ (n >> 63)) as u64);
    }

    fn date(&mut self, date: NaiveDate) {
        self.int(date.num_days_from_ce().into());
    }

    /// One byte of sign, scale and whether the top 32 bits of the mantissa are used, then
    /// the mantissa: every bit of the decimal is kept (a negative zero stays one).
    fn decimal(&mut self, d: Decimal) {
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

struct Decoder<'a>(&'a [u8]);

impl Decoder<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }

    fn uint(&mut self) -> Option<u64> {
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

    fn uint_usize(&mut self) -> Option<usize> {
        usize::try_from(self.uint()?).ok()
    }

    fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.uint()?).ok()
    }

    /// A count of items, each at least a byte long: no more than the bytes left, so a
    /// damaged count cannot ask for a huge allocation.
    fn len(&mut self) -> Option<usize> {
        self.uint_usize().filter(|&n| n <= self.0.len())
    }

    fn int(&mut self) -> Option<i64> {
        let z = self.uint()?;
        Some(((z >> 1) as i64) ^ -((z & 1) as i64))
    }

    fn date(&mut self) -> Option<NaiveDate> {
        NaiveDate::from_num_days_from_ce_opt(i32::try_from(self.int()?).ok()?)
    }

    fn decimal(&mut self) -> Option<Decimal> {
        let head = self.byte()?;
        let low = self.uint()?;
        let high = if head & 0x40 != 0 { self.u32()? } else { 0 };
        let mut raw = [0u8; 16];
        raw[2] = head & 0x1f;
        raw[3] = head & 0x80;
        raw[4..12].copy_from_slice(&low.to_le_bytes());
        raw[12..16].copy_from_slice(&high.to_le_bytes());
        Some(Decimal::deserialize(raw))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dues::Portfolio;
    use crate::store::to_ron;
    use proptest::prelude::*;

    fn as_of() -> NaiveDate {
        "2026-11-23".parse().unwrap()
    }

    fn large_store() -> (StoreData, String) {
        let data = crate::generate::generate(400, 3, as_of());
        let text = to_ron(&data).unwrap();
        assert!(text.len() as u64 >= MIN_CACHED_LEN, "{} bytes", text.len());
        (data, text)
    }

    fn hash(text: &str) -> u128 {
        xxhash_rust::xxh3::xxh3_128(text.as_bytes())
    }

    fn write_for(target: &Path, text: &str, data: &StoreData) {
        write(target, text.len() as u64, hash(text), data);
    }

    #[test]
    fn the_copy_gives_back_exactly_the_data_it_was_made_from() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("loans.ron");
        let (data, text) = large_store();
        write_for(&target, &text, &data);
        assert_eq!(read(&target, hash(&text)), Some(data));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(path(&target)).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_copy_of_other_bytes_or_a_damaged_copy_is_never_used() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("loans.ron");
        let (data, text) = large_store();
        write_for(&target, &text, &data);
        // The store was edited by hand: one amount differs.
        let edited = text.replacen("amount: \"", "amount: \"1", 1);
        assert_eq!(read(&target, hash(&edited)), None);
        // The copy was cut short (a crash mid-write on a filesystem without ordering).
        let full = fs::read(path(&target)).unwrap();
        fs::write(path(&target), &full[..full.len() / 2]).unwrap();
        assert_eq!(read(&target, hash(&text)), None);
        // A bit flipped in the body (which could still decode): the checksum differs.
        let mut flipped = full.clone();
        flipped[full.len() / 2] ^= 0x01;
        fs::write(path(&target), &flipped).unwrap();
        assert_eq!(read(&target, hash(&text)), None);
    }

    #[test]
    fn a_small_store_gets_no_copies_and_loses_old_ones() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("loans.ron");
        let (data, text) = large_store();
        write_for(&target, &text, &data);
        let states = Portfolio::new(&data, as_of()).unwrap().into_states();
        write_states(&target, text.len() as u64, hash(&text), as_of(), &states);
        assert!(path(&target).exists() && states_path(&target).exists());
        let small = crate::generate::generate(5, 3, as_of());
        let small_text = to_ron(&small).unwrap();
        write_for(&target, &small_text, &small);
        assert!(!path(&target).exists() && !states_path(&target).exists());
    }

    #[test]
    fn states_are_kept_for_one_store_and_one_as_of_date() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("loans.ron");
        let (data, text) = large_store();
        let states = Portfolio::new(&data, as_of()).unwrap().into_states();
        let n = states.len();
        write_states(&target, text.len() as u64, hash(&text), as_of(), &states);
        assert_eq!(read_states(&target, hash(&text), as_of(), n), Some(states));
        let tomorrow = as_of().succ_opt().unwrap();
        assert_eq!(read_states(&target, hash(&text), tomorrow, n), None);
        let edited = text.replacen("amount: \"", "amount: \"1", 1);
        assert_eq!(read_states(&target, hash(&edited), as_of(), n), None);
        assert_eq!(read_states(&target, hash(&text), as_of(), n + 1), None);
        let full = fs::read(states_path(&target)).unwrap();
        let mut flipped = full.clone();
        flipped[full.len() - 3] ^= 0x10;
        fs::write(states_path(&target), &flipped).unwrap();
        assert_eq!(read_states(&target, hash(&text), as_of(), n), None);
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
        encode_payments(&mut out, &payments);
        assert_eq!(decode_payments(&mut Decoder(&out.0)), Some(payments));
        for n in [0, 1, -1, i64::MAX, i64::MIN] {
            let mut out = Encoder(Vec::new());
            out.int(n);
            assert_eq!(Decoder(&out.0).int(), Some(n));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// What the cache gives back is what a full replay computes, for any store and
        /// any as-of date (before, during and after its loans), and a damaged copy is
        /// refused rather than misread.
        #[test]
        fn cached_states_equal_a_full_replay(
            seed in 0u64..10_000,
            loans in 1usize..40,
            days in -400i64..1500,
            cut in 0usize..10_000,
        ) {
            let generated_on = as_of();
            let data = crate::generate::generate(loans, seed, generated_on);
            let day = generated_on + chrono::Duration::days(days);
            let replayed = Portfolio::new(&data, day).unwrap().into_states();
            let body = encode_states(&replayed).unwrap();
            prop_assert_eq!(decode_states(&body), Some(replayed));
            let cut = cut % body.len();
            prop_assert_eq!(decode_states(&body[..cut]), None);
        }
    }
}
