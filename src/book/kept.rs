//! Every loan's replayed state kept beside a large store (`<store>.states`, one as-of date),
//! so that `due` and the dashboard open without replaying every payment; and what a
//! month's due shows of it (`<store>.due`), with the little else of the store that `due`
//! reads, so that `due` decodes no more (not even the data copy). Each file is
//! one of the store's binary copies ([`crate::store::cache`]: same checks, same rule that
//! a copy is used only for exactly the bytes and the code it was made from).

use crate::book::dues::{self, DueItem, MonthDue, Portfolio, RevolvingPayments, YearMonth};
use crate::book::ledger::{self, Installment, LoanState, Status};
use crate::engine::loan::FieldError;
use crate::engine::schedule::{Row, RowKind, Schedule};
use crate::language::Language;
use crate::store::cache::{self, Compact, Decoder, Encoder, compact_bytes, compact_fields};
use crate::store::{Loan, PaymentRecord, RevolvingAccount, Store, StoreData};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashSet;
use std::fs;
use std::io::{Read, Seek, SeekFrom};
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, Mutex};
use xxhash_rust::xxh3::xxh3_64;

const STATES_MAGIC: &[u8; 8] = b"ldstates";
const DUE_MAGIC: &[u8; 8] = b"ld_dues_";

/// Changes whenever anything a loan's replay depends on may have: what the data copy
/// depends on (the schema, the loan and schedule rules, this encoding), the other rules
/// (ledger, penalties, rounding), the migrations, and the versions of the crates (the
/// lock file), so states computed by other rules are never taken for this build's.
pub(crate) const STATES_FINGERPRINT: u64 = xxhash_rust::const_xxh3::xxh3_64_with_seed(
    concat!(
        include_str!("../store/migrate.rs"),
        include_str!("kept.rs"),
        include_str!("ledger.rs"),
        include_str!("dues.rs"),
        include_str!("../engine/penalty.rs"),
        include_str!("../engine/money.rs"),
        include_str!("../language.rs"),
        include_str!("../../Cargo.lock"),
    )
    .as_bytes(),
    cache::SCHEMA_FINGERPRINT,
);

/// Every loan in `store` replayed as of `as_of`. For a large store whose data is exactly
/// what its file holds, the states are read from the copy kept beside it for that date
/// when there is one, else replayed and kept there for next time.
pub fn portfolio(store: &Store, as_of: NaiveDate) -> Result<Portfolio<'_>, FieldError> {
    let Some(file) = store.unchanged_large_file() else {
        return Portfolio::new(store.data(), as_of);
    };
    let loans = store.data().loans.len();
    if let Some(states) = read_states(file.target, file.hash, as_of, loans) {
        return Ok(Portfolio::with_states(store.data(), as_of, states));
    }
    let portfolio = Portfolio::new(store.data(), as_of)?;
    write_states(file, as_of, store.data(), portfolio.states());
    Ok(portfolio)
}

/// The minimum due in `month` as [`Portfolio::month_due`] gives it. A large store
/// unchanged since read takes its loans' part from the due copy kept with the states:
/// decoding every loan's whole state (schedule rows and all, fresh memory the kernel must
/// zero) only to pick a few installments of each was most of what `due` cost.
pub fn month_due(
    store: &Store,
    as_of: NaiveDate,
    month: YearMonth,
) -> Result<MonthDue, FieldError> {
    let data = store.data();
    if let Some(file) = store.unchanged_large_file()
        && let Some(items) = kept_due_items(file.target, file.hash, as_of, &data.loans, month)
    {
        let revolving = RevolvingPayments::new(data);
        return Ok(dues::month_due_of_loan_items(
            &data.revolving,
            &revolving,
            items,
            month,
            as_of,
        ));
    }
    Ok(portfolio(store, as_of)?.month_due(month))
}

/// What `due` shows of a large store, read from its due copy alone.
pub struct KeptDue {
    /// The profile's language.
    pub language: Option<Language>,
    /// As [`StoreData::notes`] gives them.
    pub notes: crate::store::StoreNotes,
    /// The minimum due in the month asked for.
    pub due: MonthDue,
}

/// The minimum due in `month` as of `as_of` of the large store file at `path`, from the
/// due copy kept for exactly the bytes now in it (`None`: there is none; open the store).
/// Neither the RON nor the data copy is decoded: the due copy holds the loans' ids and
/// names, the revolving accounts and their payments besides the loans' installments.
pub fn kept_month_due(path: &Path, as_of: NaiveDate, month: YearMonth) -> Option<KeptDue> {
    crate::store::read_beside_large_file(path, |target| {
        let bytes = fs::read(cache::due_path(target)).ok()?;
        let ron_hash = cache::made_from(&bytes, DUE_MAGIC, STATES_FINGERPRINT)?;
        let head = cache::header(STATES_FINGERPRINT, ron_hash, Some(as_of));
        let body = cache::checked_body(&bytes, DUE_MAGIC, &head)?;
        Some((ron_hash, decode_kept_due(body, month, as_of)?))
    })
}

/// [`kept_month_due`] from [`encode_due`]'s `body`.
fn decode_kept_due(body: &[u8], month: YearMonth, as_of: NaiveDate) -> Option<KeptDue> {
    let (store, loans) = due_parts(body)?;
    let store = DueStore::decode(store)?;
    let items = decode_due_items(loans, &store.names, month, as_of)?;
    let payments = RevolvingPayments::gather(&store.revolving, &store.payments);
    let due = dues::month_due_of_loan_items(&store.revolving, &payments, items, month, as_of);
    Some(KeptDue {
        language: store.language,
        notes: crate::store::StoreNotes::of(store.names.iter().copied(), &store.revolving),
        due,
    })
}

/// What `due` reads of a store besides its loans' installments.
struct DueStore<'a> {
    language: Option<Language>,
    revolving: Vec<RevolvingAccount>,
    /// The revolving accounts' payments, in store order.
    payments: Vec<PaymentRecord>,
    /// Each loan's id and name, in store order.
    names: Vec<(&'a str, &'a str)>,
}

impl<'a> DueStore<'a> {
    fn encode(out: &mut Encoder, data: &StoreData) -> Option<()> {
        let accounts = (data.profile.language, &data.revolving);
        out.postcard(&accounts)?;
        let accounts: HashSet<&str> = data.revolving.iter().map(|a| a.id.as_str()).collect();
        let payments: Vec<&PaymentRecord> = (data.payments.iter())
            .filter(|p| accounts.contains(p.loan.as_str()))
            .collect();
        cache::encode_payments(out, payments.into_iter())?;
        out.uint(data.loans.len() as u64);
        for loan in &data.loans {
            out.str(&loan.id);
            out.str(&loan.name);
        }
        Some(())
    }

    fn decode(bytes: &'a [u8]) -> Option<Self> {
        let mut input = Decoder(bytes);
        let (language, revolving) = input.postcard()?;
        let payments = cache::decode_payments(&mut input)?;
        let names = input.list(|input| Some((input.text()?, input.text()?)))?;
        input.0.is_empty().then_some(DueStore {
            language,
            revolving,
            payments,
            names,
        })
    }
}

/// A due copy's body: [`DueStore`]'s part (its length first), then the loans' part.
fn due_parts(body: &[u8]) -> Option<(&[u8], &[u8])> {
    let mut input = Decoder(body);
    let len = input.uint_usize()?;
    input.0.split_at_checked(len)
}

/// Every loan's state kept for one day, decoded loan by loan, each checked against its
/// own checksum: read whole (to decode them all), or one by one from the file opened
/// (the dashboard decodes a few dozen of 10,000: reading and checking all 6.7 MB cost
/// more than a tenth of its first frame).
pub struct KeptStates {
    source: Source,
    /// Where the body (see [`encode_states`]) starts in the source.
    base: u64,
    /// Where each loan's state lies in the body, in store order, and its checksum.
    loans: Vec<(Range<u64>, u64)>,
}

/// Where kept states are read from.
enum Source {
    Bytes(Vec<u8>),
    /// The file as opened: a copy put in its place since is another file (copies are
    /// renamed into place), and one changed in place fails the states' checksums, so
    /// that a state read later is the one that was kept (else the loan is replayed).
    File(Mutex<fs::File>),
}

impl KeptStates {
    /// The states kept on `as_of` for exactly the RON bytes hashed `ron_hash` and for
    /// `loans` loans, read whole.
    pub(crate) fn read(
        target: &Path,
        ron_hash: u128,
        as_of: NaiveDate,
        loans: usize,
    ) -> Option<Self> {
        let bytes = fs::read(cache::states_path(target)).ok()?;
        let head = cache::header(STATES_FINGERPRINT, ron_hash, Some(as_of));
        let body = cache::checked_body(&bytes, STATES_MAGIC, &head)?.len();
        let start = bytes.len() - body;
        Self::framed(bytes, start).filter(|states| states.loans.len() == loans)
    }

    /// [`KeptStates::read`], but only the header and the index are read (and the index
    /// checked) now: each state is read from the open file when asked for.
    pub(crate) fn open(
        target: &Path,
        ron_hash: u128,
        as_of: NaiveDate,
        loans: usize,
    ) -> Option<Self> {
        let mut file = fs::File::open(cache::states_path(target)).ok()?;
        let key = cache::header(STATES_FINGERPRINT, ron_hash, Some(as_of));
        // The magic, the key, the whole body's checksum (not checked here), then the
        // index's length and checksum.
        let base = STATES_MAGIC.len() + key.len() + 8;
        let mut head = vec![0; base + 16];
        file.read_exact(&mut head).ok()?;
        let rest = head.strip_prefix(STATES_MAGIC)?.strip_prefix(&key[..])?;
        let index_len = u64::from_le_bytes(*rest[8..].first_chunk::<8>()?);
        let body_len = file.metadata().ok()?.len().checked_sub(base as u64)?;
        let index_len = usize::try_from(index_len.min(body_len)).ok()?;
        let mut index_bytes = head.split_off(base);
        index_bytes.resize(16 + index_len, 0);
        file.read_exact(&mut index_bytes[16..]).ok()?;
        let states = KeptStates {
            source: Source::File(Mutex::new(file)),
            base: base as u64,
            loans: index(&index_bytes, body_len)?,
        };
        (states.loans.len() == loans).then_some(states)
    }

    /// The states [`encode_states`] wrote in `bytes` from `start`.
    pub(crate) fn framed(bytes: Vec<u8>, start: usize) -> Option<Self> {
        let loans = index(&bytes[start..], (bytes.len() - start) as u64)?;
        Some(KeptStates {
            source: Source::Bytes(bytes),
            base: start as u64,
            loans,
        })
    }

    /// The `index`th loan's state as kept (`None`: it cannot be read, or is not what
    /// was kept).
    fn state(&self, index: usize) -> Option<Cow<'_, [u8]>> {
        let (range, checksum) = self.loans.get(index)?;
        let at = self.base + range.start;
        let len = usize::try_from(range.end - range.start).ok()?;
        let bytes = match &self.source {
            Source::Bytes(bytes) => {
                Cow::Borrowed(bytes.get(usize::try_from(at).ok()?..)?.get(..len)?)
            }
            Source::File(file) => {
                let mut file = file.lock().ok()?;
                file.seek(SeekFrom::Start(at)).ok()?;
                let mut read = vec![0; len];
                file.read_exact(&mut read).ok()?;
                Cow::Owned(read)
            }
        };
        (xxh3_64(&bytes) == *checksum).then_some(bytes)
    }

    /// Every state, decoded on every core.
    fn decode(&self) -> Option<Vec<LoanState>> {
        (0..self.loans.len())
            .into_par_iter()
            .map(|i| {
                let state = self.state(i)?;
                let mut input = Decoder(&state);
                let state = decode_state(&mut input)?;
                input.0.is_empty().then_some(state)
            })
            .collect()
    }
}

/// Where each state lies in a body of `body_len` bytes that [`encode_states`] wrote, and
/// its checksum, from the body's first bytes `head` (the index at least), when the
/// index's checksum holds and its states fill the body exactly.
fn index(head: &[u8], body_len: u64) -> Option<Vec<(Range<u64>, u64)>> {
    let (len, rest) = head.split_first_chunk::<8>()?;
    let (checksum, rest) = rest.split_first_chunk::<8>()?;
    let index = rest.get(..usize::try_from(u64::from_le_bytes(*len)).ok()?)?;
    if xxh3_64(index) != u64::from_le_bytes(*checksum) {
        return None;
    }
    let mut input = Decoder(index);
    let count = input.count()?;
    let mut at = 16 + index.len() as u64;
    let mut loans = Vec::with_capacity(count);
    for _ in 0..count {
        let len = input.uint()?;
        let (checksum, rest) = input.0.split_first_chunk::<8>()?;
        input.0 = rest;
        let end = at.checked_add(len)?;
        loans.push((at..end, u64::from_le_bytes(*checksum)));
        at = end;
    }
    (input.0.is_empty() && at == body_len).then_some(loans)
}

/// The states kept for `data` on `as_of`, for the loans' schedules, with what replays a
/// loan whose kept state does not decode.
pub struct KeptSchedules {
    states: KeptStates,
    data: Arc<StoreData>,
    as_of: NaiveDate,
}

impl KeptSchedules {
    /// `states` read for exactly `data` on `as_of`.
    pub(crate) fn new(states: KeptStates, data: Arc<StoreData>, as_of: NaiveDate) -> Self {
        KeptSchedules {
            states,
            data,
            as_of,
        }
    }
}

/// One loan's schedule in the kept states, decoded when first asked for.
#[derive(Clone)]
pub struct KeptSchedule {
    schedules: Arc<KeptSchedules>,
    index: usize,
}

impl KeptSchedule {
    /// The schedule of the `index`th loan of `schedules`.
    pub(crate) fn new(schedules: Arc<KeptSchedules>, index: usize) -> Self {
        KeptSchedule { schedules, index }
    }

    /// The schedule. Its copy's checksum held when read and this build wrote it (the
    /// fingerprint), so it decodes but for a bug; should it not, the loan is replayed.
    pub fn decode(&self) -> Schedule {
        let kept = &self.schedules;
        (kept.states.state(self.index))
            .and_then(|state| Schedule::decode(&mut Decoder(&state)))
            .unwrap_or_else(|| self.replayed())
    }

    /// The loan's schedule replayed from its payments, as [`Portfolio::new`] does.
    fn replayed(&self) -> Schedule {
        let KeptSchedules { data, as_of, .. } = &*self.schedules;
        let loan = &data.loans[self.index];
        let payments = data.payments.iter().filter(|p| p.loan == loan.id);
        // The states were replayed from this very data by this build (the copy's key),
        // so the replay succeeded once and succeeds again.
        ledger::loan_state(loan, payments, *as_of)
            .expect("a kept loan replays")
            .schedule
    }
}

/// Not the bytes: a row's debug output names the loan it is.
impl std::fmt::Debug for KeptSchedule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "KeptSchedule({})", self.index)
    }
}

/// Every loan's items of [`month_due`], from the due copy kept for exactly the RON bytes
/// hashed `ron_hash` on `as_of`.
pub(crate) fn kept_due_items(
    target: &Path,
    ron_hash: u128,
    as_of: NaiveDate,
    loans: &[Loan],
    month: YearMonth,
) -> Option<Vec<DueItem>> {
    let bytes = fs::read(cache::due_path(target)).ok()?;
    let head = cache::header(STATES_FINGERPRINT, ron_hash, Some(as_of));
    loans_due_items(
        cache::checked_body(&bytes, DUE_MAGIC, &head)?,
        loans,
        month,
        as_of,
    )
}

/// Each of `loans`' items of `month`'s due as of `as_of` from [`encode_due`]'s `body`,
/// in store order (the store's part skipped: the caller has the store).
pub(crate) fn loans_due_items(
    body: &[u8],
    loans: &[Loan],
    month: YearMonth,
    as_of: NaiveDate,
) -> Option<Vec<DueItem>> {
    let (_, body) = due_parts(body)?;
    let names: Vec<_> = (loans.iter())
        .map(|l| (l.id.as_str(), l.name.as_str()))
        .collect();
    decode_due_items(body, &names, month, as_of)
}

/// Every loan's state on `as_of`, when kept for exactly the RON bytes hashed `ron_hash`
/// and for `loans` loans.
pub fn read_states(
    target: &Path,
    ron_hash: u128,
    as_of: NaiveDate,
    loans: usize,
) -> Option<Vec<LoanState>> {
    KeptStates::read(target, ron_hash, as_of, loans)?.decode()
}

/// Keep `states`, replayed on `as_of` from `data` as read from `file`, for a large store
/// (best effort, as [`cache::write_copy`]). One as-of date is kept: today's.
pub fn write_states(
    file: crate::store::FileIdentity,
    as_of: NaiveDate,
    data: &StoreData,
    states: &[LoanState],
) {
    if file.len >= cache::MIN_CACHED_LEN
        && let Some(body) = encode_states(states)
        && let Some(due) = encode_due(data, states)
    {
        let head = cache::header(STATES_FINGERPRINT, file.hash, Some(as_of));
        let target = file.target;
        cache::write_copy(&cache::states_path(target), STATES_MAGIC, &head, &body);
        cache::write_copy(&cache::due_path(target), DUE_MAGIC, &head, &due);
    }
}

/// Loans per independently framed chunk of the due copy.
const CHUNK: usize = 256;

/// The states in a compact binary form: decimals as sign, scale and a varint mantissa
/// (amounts are small numbers of cents), dates as varint days, and of each installment
/// only what the payments changed (the rest is its schedule row's). Decoding it is
/// several times faster than replaying the loans; postcard would carry decimals as text.
/// Each state is framed and checksummed on its own, so that one loan's can be read and
/// decoded alone. `None` for states that do not have that shape (then nothing is kept).
pub(crate) fn encode_states(states: &[LoanState]) -> Option<Vec<u8>> {
    let each = states
        .iter()
        .map(|state| {
            let mut out = Encoder(Vec::with_capacity(1024));
            encode_state(&mut out, state)?;
            Some(out.0)
        })
        .collect::<Option<Vec<_>>>()?;
    Some(indexed(each))
}

/// The index's length and checksum (u64 each), the index (the count of states, then
/// each one's length and checksum), then the states.
fn indexed(states: Vec<Vec<u8>>) -> Vec<u8> {
    let mut index = Encoder(Vec::new());
    index.uint(states.len() as u64);
    for state in &states {
        index.uint(state.len() as u64);
        index.0.extend(xxh3_64(state).to_le_bytes());
    }
    let len = 16 + index.0.len() + states.iter().map(Vec::len).sum::<usize>();
    let mut out = Vec::with_capacity(len);
    out.extend((index.0.len() as u64).to_le_bytes());
    out.extend(xxh3_64(&index.0).to_le_bytes());
    out.extend(index.0);
    states.into_iter().for_each(|state| out.extend(state));
    out
}

/// The count of states, each chunk's length, then the chunks.
pub(crate) fn framed(count: usize, chunks: Vec<Vec<u8>>) -> Vec<u8> {
    let mut out = Encoder(Vec::new());
    out.uint(count as u64);
    for chunk in &chunks {
        out.uint(chunk.len() as u64);
    }
    for chunk in chunks {
        out.0.extend_from_slice(&chunk);
    }
    out.0
}

/// What `due` needs of `data` ([`DueStore`]) and of each loan's installments, in the
/// form of the states: its due date and status, then (skipped as a whole for an
/// installment not in the month) the principal, interest and penalty a month's due shows
/// of it and its days late. `None` if the store's part cannot be encoded.
pub(crate) fn encode_due(data: &StoreData, states: &[LoanState]) -> Option<Vec<u8>> {
    let mut store = Encoder(Vec::new());
    DueStore::encode(&mut store, data)?;
    let mut out = Encoder(Vec::with_capacity(store.0.len() + states.len() * 256));
    out.uint(store.0.len() as u64);
    out.0.extend(store.0);
    let chunks = states
        .chunks(CHUNK)
        .map(|chunk| {
            let mut out = Encoder(Vec::with_capacity(chunk.len() * 256));
            let mut shown = Encoder(Vec::new());
            for state in chunk {
                out.uint(state.installments.len() as u64);
                for i in &state.installments {
                    out.date(i.due_date);
                    i.status.encode(&mut out);
                    shown.0.clear();
                    for amount in dues::due_amounts(i) {
                        shown.decimal(amount);
                    }
                    shown.int(i.days_late);
                    // At most 3 × 16 + 10 bytes: one byte of length.
                    out.byte(shown.0.len() as u8);
                    out.0.extend_from_slice(&shown.0);
                }
            }
            out.0
        })
        .collect();
    out.0.extend(framed(states.len(), chunks));
    Some(out.0)
}

/// Each loan's items of `month`'s due as of `as_of` from the loans' part of
/// [`encode_due`]'s body, in store order, the loans' (id, name) being `loans`.
fn decode_due_items(
    body: &[u8],
    loans: &[(&str, &str)],
    month: YearMonth,
    as_of: NaiveDate,
) -> Option<Vec<DueItem>> {
    let (count, chunks) = chunks(body, CHUNK)?;
    if count != loans.len() {
        return None;
    }
    let rule = dues::MonthDueRule::new(month, as_of);
    // On one core: with the dates of installments outside the month left unbuilt this is
    // about a millisecond, less than waking the pool's threads (and their allocations,
    // each thread's arena grown a page at a time) costs.
    let mut items = Vec::new();
    for ((range, _), loans) in chunks.into_iter().zip(loans.chunks(CHUNK)) {
        let mut input = Decoder(&body[range]);
        for (id, name) in loans {
            for _ in 0..input.count()? {
                let due_day = input.int()?;
                let status = Status::decode(&mut input)?;
                let len = usize::from(input.byte()?);
                let (shown, rest) = input.0.split_at_checked(len)?;
                input.0 = rest;
                if !rule.takes_day(due_day, status) {
                    continue;
                }
                let mut shown = Decoder(shown);
                items.push(DueItem {
                    loan: id.to_string(),
                    name: name.to_string(),
                    due_date: cache::day(due_day)?,
                    principal: shown.decimal()?,
                    interest: shown.decimal()?,
                    penalty: shown.decimal()?,
                    status,
                    days_late: shown.int()?,
                });
                if !shown.0.is_empty() {
                    return None;
                }
            }
        }
        if !input.0.is_empty() {
            return None;
        }
    }
    Some(items)
}

// A month's due item as the summary beside a large store keeps it.
compact_fields!(DueItem: loan, name, due_date, principal, interest, penalty, status, days_late);
// A loan's schedule, as its kept state begins.
compact_fields!(Schedule: principal, start, rows);
compact_fields!(Row: period, due_date, payment, principal, interest, balance, kind);

compact_bytes!(Status { Paid = 0, Overdue = 1, Upcoming = 2 });
compact_bytes!(RowKind { Scheduled = 0, Prepayment = 1 });

fn encode_state(out: &mut Encoder, state: &LoanState) -> Option<()> {
    state.schedule.encode(out);
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
        i.status.encode(out);
        out.int(i.days_late);
        out.opt_date(i.settled_on);
        out.date(i.accrued_to);
        out.date(i.begins);
    }
    out.decimal(state.balance);
    out.decimal(state.credit);
    Some(())
}

/// Where each chunk of a [`framed`] body lies in it, with its number of loans.
pub(crate) type Chunks = Vec<(Range<usize>, usize)>;

/// The number of loans framed in `body`, `per_chunk` a chunk, and their chunks.
pub(crate) fn chunks(body: &[u8], per_chunk: usize) -> Option<(usize, Chunks)> {
    let mut input = Decoder(body);
    let count = input.count()?;
    let lengths = (0..count.div_ceil(per_chunk))
        .map(|_| input.uint_usize())
        .collect::<Option<Vec<_>>>()?;
    let mut at = body.len() - input.0.len();
    let mut chunks = Vec::with_capacity(lengths.len());
    for (k, len) in lengths.into_iter().enumerate() {
        let end = at.checked_add(len).filter(|&end| end <= body.len())?;
        chunks.push((at..end, per_chunk.min(count - k * per_chunk)));
        at = end;
    }
    (at == body.len()).then_some((count, chunks))
}

fn decode_state(input: &mut Decoder) -> Option<LoanState> {
    let schedule = Schedule::decode(input)?;
    let mut installments = Vec::with_capacity(schedule.rows.len());
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
            status: Status::decode(input)?,
            days_late: input.int()?,
            settled_on: input.opt_date()?,
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::generate::samples::as_of;
    use crate::store::cache::tests::hash;
    use proptest::prelude::*;

    #[test]
    fn states_are_kept_for_one_store_and_one_as_of_date() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("loans.ron");
        let (data, text) = cache::large_test_store(as_of());
        let states = Portfolio::new(&data, as_of()).unwrap().into_states();
        let n = states.len();
        let file = crate::store::FileIdentity {
            target: &target,
            len: text.len() as u64,
            hash: hash(&text),
        };
        write_states(file, as_of(), &data, &states);
        assert_eq!(read_states(&target, hash(&text), as_of(), n), Some(states));
        let tomorrow = as_of().succ_opt().unwrap();
        assert_eq!(read_states(&target, hash(&text), tomorrow, n), None);
        let edited = text.replacen("amount: \"", "amount: \"1", 1);
        assert_eq!(read_states(&target, hash(&edited), as_of(), n), None);
        assert_eq!(read_states(&target, hash(&text), as_of(), n + 1), None);
        let full = fs::read(cache::states_path(&target)).unwrap();
        let mut flipped = full.clone();
        flipped[full.len() - 3] ^= 0x10;
        fs::write(cache::states_path(&target), &flipped).unwrap();
        assert_eq!(read_states(&target, hash(&text), as_of(), n), None);
    }

    /// Every loan's state of `data` on `as_of` encoded as [`encode_states`] frames them,
    /// but the `broken`th, which passes every check of its frame and does not decode.
    pub(crate) fn states_with_one_broken(
        data: &StoreData,
        as_of: NaiveDate,
        broken: usize,
    ) -> Vec<u8> {
        let states = Portfolio::new(data, as_of).unwrap().into_states();
        let mut each: Vec<Vec<u8>> = (states.iter())
            .map(|state| {
                let mut out = Encoder(Vec::new());
                encode_state(&mut out, state).unwrap();
                out.0
            })
            .collect();
        // A count that claims more bytes than follow.
        each[broken] = vec![0x7f];
        indexed(each)
    }

    /// Keep `body` as the states of the RON bytes hashed `ron_hash` on `as_of`.
    pub(crate) fn write_states_body(target: &Path, ron_hash: u128, as_of: NaiveDate, body: &[u8]) {
        let head = cache::header(STATES_FINGERPRINT, ron_hash, Some(as_of));
        cache::write_copy(&cache::states_path(target), STATES_MAGIC, &head, body);
    }

    #[test]
    fn a_kept_schedule_that_does_not_decode_is_replayed() {
        let data = crate::generate::generate(30, 4, as_of());
        let replayed = Portfolio::new(&data, as_of()).unwrap().into_states();
        let body = states_with_one_broken(&data, as_of(), 7);
        let kept = KeptStates::framed(body, 0).unwrap();
        // Read whole (for `due`, `list`), the states are refused and the loans replayed.
        assert_eq!(kept.decode(), None);
        let schedules = Arc::new(KeptSchedules::new(kept, Arc::new(data), as_of()));
        for (index, state) in replayed.into_iter().enumerate() {
            let kept = KeptSchedule::new(Arc::clone(&schedules), index);
            assert_eq!(kept.decode(), state.schedule, "loan {index}");
        }
    }

    #[test]
    fn states_opened_are_read_one_by_one_and_a_state_changed_since_is_replayed() {
        let dir = tempfile::tempdir().unwrap();
        let target = saved_store(dir.path(), 4);
        let store = Store::open(&target).unwrap();
        let data = store.shared_data();
        let states = Portfolio::new(&data, as_of()).unwrap().into_states();
        let file = store.unchanged_large_file().unwrap();
        write_states(file, as_of(), &data, &states);
        let n = states.len();
        // Only for the key it was kept under.
        let tomorrow = as_of().succ_opt().unwrap();
        assert!(KeptStates::open(&target, file.hash, tomorrow, n).is_none());
        assert!(KeptStates::open(&target, file.hash ^ 1, as_of(), n).is_none());
        assert!(KeptStates::open(&target, file.hash, as_of(), n + 1).is_none());
        let opened = KeptStates::open(&target, file.hash, as_of(), n).unwrap();
        assert_eq!(opened.decode().as_ref(), Some(&states));
        // A byte of one state changed in place after opening: that state no longer
        // reads, and its loan is replayed; the others still read.
        let path = cache::states_path(&target);
        let mut bytes = fs::read(&path).unwrap();
        let (range, _) = opened.loans[3].clone();
        bytes[usize::try_from(opened.base + range.start).unwrap()] ^= 0x01;
        fs::write(&path, &bytes).unwrap();
        assert!(opened.state(3).is_none());
        assert!(opened.state(4).is_some());
        let schedules = Arc::new(KeptSchedules::new(opened, data, as_of()));
        let schedule = |i| KeptSchedule::new(Arc::clone(&schedules), i).decode();
        assert_eq!(schedule(3), states[3].schedule);
        // Cut short: what lay past the cut is replayed.
        fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        assert!(schedules.states.state(n - 1).is_none());
        assert_eq!(schedule(n - 1), states[n - 1].schedule);
    }

    /// A generated store large enough for copies (seeded `seed`), saved in `dir`.
    pub(crate) fn saved_store(dir: &Path, seed: u64) -> std::path::PathBuf {
        let target = dir.join("loans.ron");
        let mut store = Store::open(&target).unwrap();
        *store.data_mut() = crate::generate::generate(400, seed, as_of());
        store.save().unwrap();
        target
    }

    #[test]
    fn a_large_store_unchanged_since_read_keeps_its_replayed_states_per_day() {
        let dir = tempfile::tempdir().unwrap();
        let (today, later) = (as_of(), as_of() + chrono::Duration::days(45));
        let target = saved_store(dir.path(), 3);
        let replay = |store: &Store, day| Portfolio::new(store.data(), day).unwrap().into_states();

        let store = Store::open(&target).unwrap();
        assert_eq!(
            portfolio(&store, today).unwrap().states(),
            replay(&store, today)
        );
        assert!(cache::states_path(&target).exists());
        // What is kept is what is used: put another day's states under today's key.
        let other = replay(&store, later);
        assert_ne!(other, replay(&store, today));
        let file = store.unchanged_large_file().unwrap();
        write_states(file, today, store.data(), &other);
        let reopened = Store::open(&target).unwrap();
        assert_eq!(portfolio(&reopened, today).unwrap().states(), other);
        // Another day is replayed (and replaces today's copy).
        assert_eq!(portfolio(&reopened, later).unwrap().states(), other);
        // Data changed in memory is replayed, whatever the copy holds.
        write_states(file, today, store.data(), &other);
        let mut changed = Store::open(&target).unwrap();
        changed.data_mut().profile.completeness = 50;
        assert_eq!(
            portfolio(&changed, today).unwrap().states(),
            replay(&changed, today)
        );
    }

    #[test]
    fn the_month_due_read_from_kept_states_is_the_replayed_one_and_only_for_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("loans.ron");
        let today: NaiveDate = "2026-11-23".parse().unwrap();
        let later = today + chrono::Duration::days(45);
        let month = YearMonth::of(today);
        let mut store = Store::open(&target).unwrap();
        *store.data_mut() = crate::generate::generate(400, 5, today);
        store.save().unwrap();
        let replayed = |store: &Store| {
            Portfolio::new(store.data(), today)
                .unwrap()
                .month_due(month)
        };

        // `due`'s own way in, from the due copy alone: none before the first replay.
        let kept_due = |day| kept_month_due(&target, day, month).map(|kept| kept.due);
        assert_eq!(kept_due(today), None);
        let store = Store::open(&target).unwrap();
        assert_eq!(month_due(&store, today, month).unwrap(), replayed(&store));
        assert!(cache::states_path(&target).exists());
        assert_eq!(month_due(&store, today, month).unwrap(), replayed(&store));
        assert_eq!(kept_due(today), Some(replayed(&store)));
        assert_eq!(kept_due(later), None);
        // What is kept is what is used: another day's states under today's key.
        let other = Portfolio::new(store.data(), later).unwrap().into_states();
        let file = store.unchanged_large_file().unwrap();
        write_states(file, today, store.data(), &other);
        let from_other = Portfolio::with_states(store.data(), today, other).month_due(month);
        assert_ne!(from_other, replayed(&store));
        assert_eq!(month_due(&store, today, month).unwrap(), from_other);
        assert_eq!(kept_due(today), Some(from_other));
        // A file changed since (same length, other bytes) never uses them.
        let text = fs::read_to_string(&target).unwrap();
        let first = store.data().loans[0].name.clone();
        let renamed: String = first.chars().rev().collect();
        assert_ne!(first, renamed);
        fs::write(&target, text.replacen(&first, &renamed, 1)).unwrap();
        assert_eq!(kept_due(today), None);
        let edited = Store::open(&target).unwrap();
        assert_eq!(month_due(&edited, today, month).unwrap(), replayed(&edited));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// What the cache gives back is what a full replay computes, for any store and
        /// any as-of date (before, during and after its loans), and a damaged copy is
        /// refused rather than misread.
        #[test]
        fn cached_states_equal_a_full_replay(
            (store, day) in crate::generate::samples::stores_and_days(1..40),
            cut in 0usize..10_000,
            months in -3i32..4,
        ) {
            let mut data = store.data;
            // A store from before names were unique: the copy reports them as the data does.
            if store.seed % 2 == 0 && store.loans > 1 {
                data.loans[1].name = data.loans[0].name.clone();
            }
            let portfolio = Portfolio::new(&data, day).unwrap();
            let body = encode_states(portfolio.states()).unwrap();
            // `due` reads each loan's items from them in turn, for any month.
            let month = match months {
                0.. => day.checked_add_months(chrono::Months::new(months.unsigned_abs())),
                _ => day.checked_sub_months(chrono::Months::new(months.unsigned_abs())),
            };
            let month = YearMonth::of(month.unwrap());
            let due = encode_due(&data, portfolio.states()).unwrap();
            let items = loans_due_items(&due, &data.loans, month, day).unwrap();
            prop_assert_eq!(
                dues::month_due_of_loan_items(&data.revolving, &RevolvingPayments::new(&data), items, month, day),
                portfolio.month_due(month)
            );
            // `due` from the copy alone: the store's part stands for the data.
            let kept = decode_kept_due(&due, month, day).unwrap();
            prop_assert_eq!(kept.language, data.profile.language);
            prop_assert_eq!(kept.notes, data.notes());
            prop_assert_eq!(kept.due, portfolio.month_due(month));
            let replayed = portfolio.into_states();
            let decode = |body: &[u8]| KeptStates::framed(body.to_vec(), 0)?.decode();
            prop_assert_eq!(decode(&body), Some(replayed));
            let cut = cut % body.len();
            prop_assert_eq!(decode(&body[..cut]), None);
            let cut_due = &due[..cut % due.len()];
            prop_assert_eq!(loans_due_items(cut_due, &data.loans, month, day), None);
            prop_assert!(decode_kept_due(cut_due, month, day).is_none());
        }
    }
}
