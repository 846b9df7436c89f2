//! What the dashboard opens with (`<store>.summary` beside a large store): each loan's
//! row figures and limit record and the loans' part of the months ahead, so that a large
//! store opens without decoding every loan's whole state; a loan's schedule is decoded
//! from the kept states ([`crate::book::kept`]) only when asked for. It stands above the
//! book and the limit projection, since it keeps figures of both.

use crate::book::dues::{DueItem, MonthDue, Portfolio, RevolvingPayments, YearMonth};
use crate::book::kept::{self, KeptSchedule, KeptSchedules, KeptStates, chunks, framed};
use crate::book::overview::{self, LoanRow, MONTHS_AHEAD, Overview, RowFigures};
use crate::engine::loan::FieldError;
use crate::limit::{LoanRecord, Record};
use crate::store::cache::{self, Compact, Decoder, Encoder};
use crate::store::{Store, StoreData};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::fs;
use std::path::Path;
use std::sync::Arc;

const SUMMARY_MAGIC: &[u8; 8] = b"ldsumary";

/// The states' fingerprint and the rules of what the summary keeps of them: a summary
/// made by other rules is never taken for this build's.
const SUMMARY_FINGERPRINT: u64 = xxhash_rust::const_xxh3::xxh3_64_with_seed(
    concat!(
        include_str!("summary.rs"),
        include_str!("book/overview.rs"),
        include_str!("limit/record.rs"),
        include_str!("limit/model.rs"),
    )
    .as_bytes(),
    kept::STATES_FINGERPRINT,
);

/// What the dashboard opens with: the overview, and the limit projection's record while
/// the store has a line.
pub struct Figures {
    pub overview: Overview,
    pub record: Option<Record>,
}

impl Figures {
    /// The figures of a replayed portfolio.
    pub fn of(portfolio: Portfolio) -> Self {
        let next = YearMonth::of(portfolio.as_of()).plus(1);
        let loans_ahead = portfolio.loans_falling_due(next, MONTHS_AHEAD - 1);
        let record = (!portfolio.data().lines.is_empty()).then(|| Record::new(&portfolio));
        Figures {
            overview: overview::overview_with_loans_ahead(portfolio, loans_ahead),
            record,
        }
    }
}

/// The figures of `store` on `as_of`. A large store unchanged since read opens from the
/// summary kept beside it for that date, its loans' schedules decoded from the kept
/// states only when asked for; else they are computed (from the kept states when there
/// are some) and the summary kept for next time.
pub fn figures(store: &Store, as_of: NaiveDate) -> Result<Figures, FieldError> {
    let data = store.data();
    let Some(file) = store.unchanged_large_file() else {
        return Ok(Figures::of(Portfolio::new(data, as_of)?));
    };
    if let Some(figures) = kept_figures(file.target, file.hash, as_of, store.shared_data()) {
        return Ok(figures);
    }
    let figures = Figures::of(kept::portfolio(store, as_of)?);
    let head = cache::header(SUMMARY_FINGERPRINT, file.hash, Some(as_of));
    let body = encode_summary(&figures);
    cache::write_copy(
        &cache::summary_path(file.target),
        SUMMARY_MAGIC,
        &head,
        &body,
    );
    Ok(figures)
}

/// The figures of `data` on `as_of` from the summary and states copies kept for exactly
/// the RON bytes hashed `ron_hash`.
fn kept_figures(
    target: &Path,
    ron_hash: u128,
    as_of: NaiveDate,
    data: Arc<StoreData>,
) -> Option<Figures> {
    let head = cache::header(SUMMARY_FINGERPRINT, ron_hash, Some(as_of));
    let bytes = fs::read(cache::summary_path(target)).ok()?;
    let summary = cache::checked_body(&bytes, SUMMARY_MAGIC, &head)?;
    let states = KeptStates::open(target, ron_hash, as_of, data.loans.len())?;
    let schedules = Arc::new(KeptSchedules::new(states, Arc::clone(&data), as_of));
    decode_figures(&data, as_of, summary, &schedules)
}

/// Loans per independently decoded chunk of the summary.
const SUMMARY_CHUNK: usize = 256;

/// This month's due items (the cards' with the loans') and what falls due in each month
/// after it, whether the limit record is kept (and when it is, what is owed in the
/// months from the as-of date), then each loan's row figures and (when it is) its
/// record, in chunks.
fn encode_summary(figures: &Figures) -> Vec<u8> {
    let mut out = Encoder(Vec::new());
    let overview = &figures.overview;
    let items = &overview.this_month.items;
    out.uint(items.len() as u64);
    items.iter().for_each(|item| item.encode(&mut out));
    let ahead = overview.months.get(1..).unwrap_or_default();
    out.uint(ahead.len() as u64);
    ahead.iter().for_each(|&(_, amount)| out.decimal(amount));
    let records = figures.record.as_ref().map(Record::loan_records);
    out.byte(u8::from(records.is_some()));
    if let Some(record) = &figures.record {
        record.encode_owed(&mut out);
    }
    let loans = &figures.overview.loans;
    let chunks = (loans.chunks(SUMMARY_CHUNK).enumerate())
        .map(|(k, rows)| {
            let mut out = Encoder(Vec::with_capacity(rows.len() * 256));
            for (j, row) in rows.iter().enumerate() {
                encode_row(&mut out, row);
                if let Some(records) = records {
                    records[k * SUMMARY_CHUNK + j].encode(&mut out);
                }
            }
            out.0
        })
        .collect();
    out.0.extend(framed(loans.len(), chunks));
    out.0
}

/// [`encode_summary`]'s figures of `data` on `as_of`, with its loans' kept `schedules`.
fn decode_figures(
    data: &StoreData,
    as_of: NaiveDate,
    summary: &[u8],
    schedules: &Arc<KeptSchedules>,
) -> Option<Figures> {
    let mut input = Decoder(summary);
    let items = (0..input.count()?)
        .map(|_| DueItem::decode(&mut input))
        .collect::<Option<Vec<DueItem>>>()?;
    let ahead = (0..input.count()?)
        .map(|_| input.decimal())
        .collect::<Option<Vec<_>>>()?;
    let with_record = input.byte()? != 0;
    let owed = match with_record {
        true => Some(Record::decode_owed(&mut input)?),
        false => None,
    };
    let (count, chunks) = chunks(input.0, SUMMARY_CHUNK)?;
    if count != data.loans.len() {
        return None;
    }
    let decoded = (chunks.into_par_iter().enumerate())
        .zip(data.loans.par_chunks(SUMMARY_CHUNK))
        .map(|((k, (range, _)), loans)| {
            let mut input = Decoder(&input.0[range]);
            let mut rows = Vec::with_capacity(loans.len());
            let mut records = Vec::with_capacity(loans.len());
            for (j, loan) in loans.iter().enumerate() {
                let figures = decode_row(&mut input)?;
                let kept = KeptSchedule::new(Arc::clone(schedules), k * SUMMARY_CHUNK + j);
                rows.push(LoanRow::kept(loan, figures, kept));
                if with_record {
                    records.push(LoanRecord::decode(&mut input)?);
                }
            }
            input.0.is_empty().then_some((rows, records))
        })
        .collect::<Option<Vec<_>>>()?;
    // Moved out of the chunks, not cloned (as `concat` would: 10,000 rows, their
    // strings and kept schedules copied, then the originals freed).
    let mut loans = Vec::with_capacity(data.loans.len());
    let mut records = Vec::with_capacity(if with_record { data.loans.len() } else { 0 });
    for (rows, chunk_records) in decoded {
        loans.extend(rows);
        records.extend(chunk_records);
    }
    let this_month = MonthDue {
        month: YearMonth::of(as_of),
        as_of,
        items,
    };
    let revolving = RevolvingPayments::new(data);
    let accounts = data
        .revolving
        .iter()
        .map(|a| revolving.now(a, as_of))
        .collect();
    let record = match owed {
        Some(owed) => {
            let record = Record::with_loans(data, as_of, records);
            record.keep_owed(owed)?;
            Some(record)
        }
        None => None,
    };
    Some(Figures {
        overview: overview::assemble(data, loans, this_month, ahead, accounts),
        record,
    })
}

fn encode_row(out: &mut Encoder, figures: &LoanRow) {
    out.decimal(figures.balance);
    out.uint(figures.paid as u64);
    out.uint(figures.total as u64);
    out.opt_date(figures.next_due.map(|(date, _)| date));
    if let Some((_, amount)) = figures.next_due {
        out.decimal(amount);
    }
    out.uint(figures.overdue as u64);
    out.decimal(figures.interest_paid);
    out.decimal(figures.penalty_paid);
    out.decimal(figures.interest_to_pay);
    out.date(figures.payoff_date);
}

fn decode_row(input: &mut Decoder) -> Option<RowFigures> {
    Some(RowFigures {
        balance: input.decimal()?,
        paid: input.uint_usize()?,
        total: input.uint_usize()?,
        next_due: match input.opt_date()? {
            None => None,
            Some(date) => Some((date, input.decimal()?)),
        },
        overdue: input.uint_usize()?,
        interest_paid: input.decimal()?,
        penalty_paid: input.decimal()?,
        interest_to_pay: input.decimal()?,
        payoff_date: input.date()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::kept::encode_states;
    use crate::book::kept::tests::saved_store;
    use crate::generate::samples::as_of;
    use crate::limit::KEPT_MONTHS;
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    /// What is owed on each line and in all, month by month.
    type Owed = Vec<(Vec<Decimal>, Decimal)>;

    /// What the dashboard reads of figures: the overview (the rows' schedules decoded
    /// from the kept states) and the limit record, with what is owed in the months a
    /// summary keeps.
    fn shown(figures: &Figures) -> (&Overview, Option<(String, Owed)>) {
        let record = figures.record.as_ref();
        let owed = |r: &Record| (r.figures(), r.owed_figures(KEPT_MONTHS));
        (&figures.overview, record.map(owed))
    }

    #[test]
    fn a_large_store_opens_from_its_summary_for_its_file_and_day_only() {
        let dir = tempfile::tempdir().unwrap();
        let (today, later) = (as_of(), as_of() + chrono::Duration::days(45));
        let target = saved_store(dir.path(), 3);
        let replayed = |store: &Store, day| Figures::of(Portfolio::new(store.data(), day).unwrap());

        let store = Store::open(&target).unwrap();
        let full = replayed(&store, today);
        assert!(full.record.is_some(), "the generated store has lines");
        assert_eq!(shown(&figures(&store, today).unwrap()), shown(&full));
        assert!(cache::summary_path(&target).exists());
        assert_eq!(shown(&figures(&store, today).unwrap()), shown(&full));
        // What is kept is what is used: a summary whose first loan owes a cent more.
        let file = store.unchanged_large_file().unwrap();
        let mut tweaked = replayed(&store, today);
        tweaked.overview.loans[0].balance += Decimal::new(1, 2);
        let head = cache::header(SUMMARY_FINGERPRINT, file.hash, Some(today));
        let body = encode_summary(&tweaked);
        cache::write_copy(&cache::summary_path(&target), SUMMARY_MAGIC, &head, &body);
        let opened = figures(&store, today).unwrap();
        assert_eq!(opened.overview.loans[0], tweaked.overview.loans[0]);
        // Another day is computed (and kept in its place).
        assert_eq!(
            shown(&figures(&store, later).unwrap()),
            shown(&replayed(&store, later))
        );
        cache::write_copy(&cache::summary_path(&target), SUMMARY_MAGIC, &head, &body);
        // A payment changed in memory (a cent short of an installment) is replayed,
        // whatever the copies hold.
        let mut changed = Store::open(&target).unwrap();
        let first_loan = changed.data().loans[0].id.clone();
        let payment = (changed.data_mut().payments.iter_mut())
            .rfind(|p| p.loan == first_loan)
            .unwrap();
        payment.amount -= Decimal::new(1, 2);
        assert_eq!(
            shown(&figures(&changed, today).unwrap()),
            shown(&replayed(&changed, today))
        );
        assert_ne!(shown(&replayed(&changed, today)), shown(&full));
        // So is a file changed since (same length, other bytes).
        let text = fs::read_to_string(&target).unwrap();
        let first = store.data().loans[0].name.clone();
        let renamed: String = first.chars().rev().collect();
        fs::write(&target, text.replacen(&first, &renamed, 1)).unwrap();
        let edited = Store::open(&target).unwrap();
        assert_eq!(
            shown(&figures(&edited, today).unwrap()),
            shown(&replayed(&edited, today))
        );
    }

    #[test]
    fn a_kept_state_that_does_not_decode_is_replayed_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let target = saved_store(dir.path(), 4);
        let store = Store::open(&target).unwrap();
        let full = Figures::of(Portfolio::new(store.data(), as_of()).unwrap());
        figures(&store, as_of()).unwrap();
        // The states copy passes its checksum, but the 5th loan's state does not decode.
        let file = store.unchanged_large_file().unwrap();
        let body = crate::book::kept::tests::states_with_one_broken(store.data(), as_of(), 4);
        crate::book::kept::tests::write_states_body(&target, file.hash, as_of(), &body);
        let written = fs::read(cache::states_path(&target)).unwrap();
        let opened = figures(&store, as_of()).unwrap();
        // Opened from the summary (the states were not replayed and kept again), each
        // row's schedule decoded, or replayed, when compared.
        assert_eq!(fs::read(cache::states_path(&target)).unwrap(), written);
        assert_eq!(shown(&opened), shown(&full));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// The figures opened from the summary and states copies are those a full replay
        /// computes, for any store and any as-of date.
        #[test]
        fn kept_figures_equal_a_full_replay(
            (store, day) in crate::generate::samples::stores_and_days(1..40),
        ) {
            let data = store.data;
            let portfolio = Portfolio::new(&data, day).unwrap();
            let states = encode_states(portfolio.states()).unwrap();
            let states = KeptStates::framed(states, 0).unwrap();
            let states = Arc::new(KeptSchedules::new(states, Arc::new(data.clone()), day));
            let full = Figures::of(portfolio);
            let summary = encode_summary(&full);
            let kept = decode_figures(&data, day, &summary, &states).unwrap();
            prop_assert_eq!(shown(&kept), shown(&full));
        }
    }
}
