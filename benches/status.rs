//! `loandash status --short` must answer a shell prompt in well under 20 ms on a 20-loan
//! store: measured in process (open the store, replay, sum, format) and as the whole
//! process a prompt starts (exec, open, print, exit).
//!
//! Full run: `cargo bench --bench status` (release build; reports in target/criterion).
//! Quick mode, every benchmark once: `cargo test --bench status` (`cargo test` runs it).

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use loandash::cli::due_cmd::{short_line, status_of};
use loandash::generate::generate;
use loandash::language::Language;
use loandash::store::Store;
use std::hint::black_box;
use std::process::Command;

/// Loans in the store a prompt reads.
const LOANS: usize = 20;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("a valid date")
}

fn status_short(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temp folder");
    let path = dir.path().join("loans.ron");
    let mut store = Store::open(&path).expect("a new store opens");
    *store.data_mut() = generate(LOANS, 8, as_of());
    store.save().expect("the generated store saves");
    assert_eq!(store.data().loans.len(), LOANS);

    let mut group = c.benchmark_group("status_short_20_loans");
    group.bench_function("in_process", |b| {
        b.iter(|| {
            let store = Store::open(black_box(&path)).expect("the store opens");
            let status = status_of(store.data(), as_of()).expect("the store is valid");
            black_box(short_line(
                &status,
                &store.data().profile.currency,
                Language::En,
            ))
        })
    });
    group.bench_function("whole_process", |b| {
        b.iter(|| {
            let out = Command::new(env!("CARGO_BIN_EXE_loandash"))
                .args(["--as-of", "2026-11-23", "status", "--short", "--store"])
                .arg(&path)
                .output()
                .expect("the binary runs");
            assert!(out.status.success() && out.stdout.ends_with(b"\n"));
            black_box(out.stdout)
        })
    });
    group.finish();
}

criterion_group!(benches, status_short);
criterion_main!(benches);
