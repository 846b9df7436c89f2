//! `loandash demo --generate N --out FILE [--seed S]`: the same bytes for the same seed,
//! never over an existing file, and a store every other command reads.

mod common;

use common::loandash;
use serde_json::Value;
use std::fs;
use std::path::Path;
use std::process::Output;

const AS_OF: &str = "2026-11-23";

fn generate(out: &Path, rows: &str, seed: &str) -> Output {
    let out = out.to_str().unwrap();
    loandash(&[
        "demo",
        "--generate",
        rows,
        "--out",
        out,
        "--seed",
        seed,
        "--as-of",
        AS_OF,
    ])
}

#[test]
fn the_same_seed_writes_the_same_bytes_and_another_seed_others() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        dir.path().join("a.ron"),
        dir.path().join("b.ron"),
        dir.path().join("c.ron"),
    );
    for (path, seed) in [(&a, "42"), (&b, "42"), (&c, "43")] {
        let output = generate(path, "300", seed);
        assert!(output.status.success(), "{output:?}");
    }
    let (a, b, c) = (
        fs::read(a).unwrap(),
        fs::read(b).unwrap(),
        fs::read(c).unwrap(),
    );
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn an_existing_file_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.ron");
    fs::write(&path, "my own notes").unwrap();
    let output = generate(&path, "20", "1");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("already exists") && stderr.contains("mine.ron"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), "my own notes");
    // Not even a lock file or a backup is left beside it.
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1);
}

#[test]
fn the_generated_store_loads_and_due_and_list_work_over_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ron");
    let output = generate(&path, "1000", "7");
    assert!(output.status.success(), "{output:?}");
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        said.contains("1000 loans") && said.contains("50 revolving"),
        "{said}"
    );

    let store = loandash::store::Store::open(&path).unwrap();
    store.data().validate().unwrap();
    assert_eq!(store.data().loans.len(), 1000);

    let store_arg = path.to_str().unwrap();
    let due = loandash(&[
        "due", "--store", store_arg, "--as-of", AS_OF, "--format", "json",
    ]);
    assert!(due.status.success(), "{due:?}");
    let due: Value = serde_json::from_slice(&due.stdout).unwrap();
    let items = due["items"].as_array().unwrap();
    assert!(items.len() > 100, "{} items", items.len());
    let overdue = items.iter().filter(|i| i["status"] == "overdue").count();
    assert!(overdue > 0, "a few installments are overdue");
    let total: rust_decimal::Decimal = due["total"].as_str().unwrap().parse().unwrap();
    assert!(total > rust_decimal::Decimal::ZERO);

    let list = loandash(&[
        "list", "--store", store_arg, "--as-of", AS_OF, "--format", "csv",
    ]);
    assert!(list.status.success(), "{list:?}");
    assert!(String::from_utf8_lossy(&list.stdout).lines().count() > 1000);
}

#[test]
fn due_read_from_the_copy_kept_for_the_day_says_what_the_store_says() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ron");
    assert!(generate(&path, "400", "3").status.success());
    // Two loans sharing a name (a store from before names were unique) are reported.
    let data = loandash::store::Store::open(&path).unwrap().data().clone();
    let (first, second) = (&data.loans[0].name, &data.loans[1].name);
    let text = fs::read_to_string(&path).unwrap();
    let shared = text.replacen(&format!("name: {second:?}"), &format!("name: {first:?}"), 1);
    assert_ne!(shared, text);
    fs::write(&path, shared).unwrap();

    let store_arg = path.to_str().unwrap();
    let run = |more: &[&str]| {
        let mut args = vec!["due", "--store", store_arg, "--as-of", AS_OF];
        args.extend_from_slice(more);
        let out = loandash(&args);
        assert!(out.status.success(), "{out:?}");
        (out.stdout, String::from_utf8(out.stderr).unwrap())
    };
    let copy = |ext: &str| dir.path().join(format!("big.ron{ext}"));
    for more in [
        &["--format", "json"][..],
        &["--lang", "zh"],
        &["--format", "csv", "--month", "2026-12"],
    ] {
        // Replayed (nothing kept for the day), the day's states and due copy are kept.
        let _ = fs::remove_file(copy(".states"));
        let _ = fs::remove_file(copy(".due"));
        let replayed = run(more);
        assert!(replayed.1.contains(first.as_str()), "{}", replayed.1);
        assert!(copy(".due").exists(), "{more:?}");
        // Read from the due copy alone: the data copy is neither read nor made again.
        fs::remove_file(copy(".cache")).unwrap();
        assert_eq!(run(more), replayed, "{more:?}");
        assert!(!copy(".cache").exists());
    }
}
