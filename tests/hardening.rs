//! Hardening found by a torture run (issue 19), driven through the real binary: nothing
//! lost, nothing crashes, nothing hangs. Each test is one finding of that run.

mod common;

use common::{Sandbox, args, strs, within};

use std::fs;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

const AS_OF: &str = "2026-03-05";

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn add_args(name: &str) -> Vec<String> {
    let loan = "--principal 1000 --annual-rate 12 --term 12 --method equal-installment \
                --start 2026-01-15";
    let mut words = vec!["add".to_string(), "--name".into(), name.into()];
    words.extend(args(loan).into_iter().map(String::from));
    words
}

// ---- concurrency --------------------------------------------------------------------

#[test]
fn four_writers_of_twenty_five_adds_all_succeed() {
    let s = Sandbox::new();
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let store = s.store.to_str().unwrap().to_string();
            std::thread::spawn(move || {
                for i in 0..25 {
                    let args = add_args(&format!("w{w}-{i}"));
                    let out = common::in_store(&store, "", &strs(&args));
                    assert!(out.status.success(), "w{w} add {i}: {}", stderr(&out));
                }
            })
        })
        .collect();
    for w in writers {
        w.join().expect("a writer");
    }
    let list: serde_json::Value =
        serde_json::from_str(&s.ok(AS_OF, &["list", "--format", "json"])).expect("JSON");
    let names: std::collections::BTreeSet<String> = list["loans"]
        .as_array()
        .expect("loans")
        .iter()
        .map(|l| l["name"].as_str().expect("a name").to_string())
        .collect();
    assert_eq!(names.len(), 100, "every add is in the store once");
}

#[test]
fn a_writer_waits_for_the_lock_and_says_so() {
    let s = Sandbox::new();
    s.ok(AS_OF, &strs(&add_args("first")));
    let lock = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(s.path("loans.ron.lock"))
        .expect("the lock file");
    lock.try_lock().expect("hold the lock");
    let args = add_args("second");
    let child = s
        .command(AS_OF, &strs(&args))
        .stderr(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn add");
    std::thread::sleep(Duration::from_millis(2000));
    drop(lock);
    let out = child.wait_with_output().expect("add ends");
    let message = stderr(&out);
    assert!(out.status.success(), "{message}");
    assert!(
        message.contains("waiting for another loandash"),
        "{message}"
    );
    let list = s.ok(AS_OF, &["list", "--format", "csv"]);
    assert!(list.contains("second"), "{list}");
}

// ---- read-only and odd files ----------------------------------------------------------

#[cfg(unix)]
#[test]
fn a_read_only_store_is_refused_by_writers_and_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let s = Sandbox::new();
    s.ok(AS_OF, &strs(&add_args("mine")));
    fs::set_permissions(&s.store, fs::Permissions::from_mode(0o400)).unwrap();
    let args = add_args("more");
    let message = s.refused(AS_OF, &strs(&args), 1);
    assert!(message.contains("read-only"), "{message}");
    assert!(message.contains("permissions"), "{message}");
    assert!(message.contains("nothing was written"), "{message}");
    let mode = fs::metadata(&s.store).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o400, "the file keeps its mode");
    // Reading it is fine, and says nothing.
    let out = s.run(AS_OF, &["list"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[cfg(unix)]
#[test]
fn a_fifo_as_the_store_is_refused_at_once() {
    let s = Sandbox::new();
    let made = Command::new("mkfifo")
        .arg(&s.store)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    for args in [vec!["list"], strs(&add_args("x"))] {
        let out = within(Duration::from_secs(20), s.command(AS_OF, &args));
        let message = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{message}");
        assert!(message.contains("not a regular file"), "{message}");
    }
}

// ---- updates keep what they were not given --------------------------------------------

#[test]
fn revolving_keeps_the_fields_an_update_omits() {
    let s = Sandbox::new();
    s.ok(AS_OF, &["line", "--name", "L1", "--limit", "5000"]);
    s.ok(
        AS_OF,
        &args(
            "revolving --name Card --balance 1000 --daily-rate 0.04 \
             --statement-day 5 --due-day 20 --min-percent 5 --min-floor 50 \
             --basis statement --lender Ant --line L1",
        ),
    );
    s.ok(
        AS_OF,
        &args("revolving --name Card --balance 1200 --daily-rate 0.04"),
    );
    let text = fs::read_to_string(&s.store).unwrap();
    let (data, _) = loandash::store::from_ron(&text, &s.store).unwrap();
    let card = &data.revolving[0];
    assert_eq!(card.statement_balance.to_string(), "1200.00");
    assert_eq!(card.lender, "Ant");
    assert_eq!((card.statement_day, card.due_day), (5, 20));
    assert_eq!(card.min_percent.normalize().to_string(), "5");
    assert_eq!(card.min_floor.normalize().to_string(), "50");
    assert_eq!(
        card.basis,
        loandash::engine::revolving::InterestBasis::Statement
    );
    assert_eq!(card.line.as_deref(), Some("L1"));
    // A new account still needs its balance and rate.
    let message = s.refused(
        AS_OF,
        &["revolving", "--name", "New", "--daily-rate", "0.04"],
        2,
    );
    assert!(message.contains("--balance"), "{message}");
}

// ---- panics: every amount has a range, checked on every way in ------------------------

#[test]
fn huge_amounts_are_refused_naming_the_field_and_range() {
    let s = Sandbox::new();
    s.ok(AS_OF, &strs(&add_args("mine")));
    let cases: [(&[&str], &str); 4] = [
        (
            &args(
                "revolving --name R --balance 10000000000000000000000000000 \
                 --daily-rate 0.04",
            ),
            "balance",
        ),
        (
            &["profile", "--income", "10000000000000000000000000000"],
            "income",
        ),
        (
            &args("line --name L --limit 79228162514264337593543950335"),
            "limit",
        ),
        (&["profile", "--income", "-5"], "income"),
    ];
    for (args, field) in cases {
        let message = s.refused(AS_OF, args, 2);
        assert!(message.contains(&format!("--{field}")), "{message}");
        assert!(
            message.contains("accepted: 0.00 to 1,000,000,000,000.00"),
            "{message}"
        );
    }
    // Every later command still works.
    s.ok(AS_OF, &["list"]);
    s.ok(AS_OF, &["due"]);
}

#[test]
fn a_hand_edited_store_with_absurd_values_is_reported_not_used() {
    let s = Sandbox::new();
    s.ok(AS_OF, &strs(&add_args("mine")));
    let good = fs::read_to_string(&s.store).unwrap();
    let edits = [
        (
            "penalty_rate: None",
            "penalty_rate: Some(\"99999999\")",
            "penalty_rate",
        ),
        (
            "completeness: 0,",
            "completeness: 0,\n        monthly_income: Some(\"1e28\"),",
            "",
        ),
        (
            "principal: \"1000.00\"",
            "principal: \"10000000000000000000000000\"",
            "principal",
        ),
        // A saved what-if holds amounts too: the same range, or opening it overflows.
        (
            "scenarios: []",
            "scenarios: [(name: \"big\", actions: [budget(amount: \"79228162514264337593543950335\")])]",
            "amount",
        ),
    ];
    for (from, to, field) in edits {
        assert!(good.contains(from), "{from} in {good}");
        fs::write(&s.store, good.replacen(from, to, 1)).unwrap();
        for args in [&["list"][..], &["due"], &["profile"]] {
            let out = s.run(AS_OF, args);
            let message = stderr(&out);
            assert_eq!(out.status.code(), Some(1), "{args:?}: {message}");
            assert!(message.contains(field), "{args:?}: {message}");
            assert!(!message.contains("panicked"), "{message}");
        }
    }
}

#[test]
fn dates_need_a_four_digit_year() {
    let s = Sandbox::new();
    for start in ["26-01-01", "+2026-01-01"] {
        let mut args = add_args("x");
        args[12] = start.to_string();
        let message = s.refused(AS_OF, &strs(&args), 2);
        assert!(message.contains("four-digit year"), "{message}");
    }
}

/// A date copied from a lender's app (2026/1/15, 2026年1月15日) is the date it says, as
/// in a plan file; only the year must come first, in four digits.
#[test]
fn dates_are_read_in_the_forms_lenders_print_them() {
    let s = Sandbox::new();
    for (name, start) in [
        ("iso", "2026-01-15"),
        ("slash", "2026/1/15"),
        ("zh", "2026年1月15日"),
    ] {
        let mut args = add_args(name);
        args[12] = start.to_string();
        s.ok(AS_OF, &strs(&args));
    }
    let listed = s.ok(AS_OF, &["list", "--format", "csv"]);
    // Past the id and the name, the three loans are one: first due a month after 01-15.
    let terms: Vec<&str> = listed
        .lines()
        .skip(1)
        .map(|row| row.splitn(4, ',').nth(3).unwrap_or_default())
        .collect();
    assert_eq!(terms.len(), 3, "{listed}");
    assert!(terms.iter().all(|t| *t == terms[0]), "{listed}");
    assert!(terms[0].contains(",2026-02-15,"), "{listed}");
}

/// `add` with `start` and `term` instead of the defaults.
fn add_from(name: &str, start: &str, term: &str) -> Vec<String> {
    let mut args = add_args(name);
    args[8] = term.to_string();
    args[12] = start.to_string();
    args
}

#[test]
fn dates_stay_within_1000_to_9999_and_a_loan_ends_by_9999_12_31_on_every_way_in() {
    let s = Sandbox::new();
    let run = |args: Vec<String>, code| s.refused(AS_OF, &strs(&args), code);
    // The longest term from the latest date: its last due date would be in 10049.
    let message = run(add_from("x", "9999-12-31", "600"), 2);
    assert!(
        message.contains("--start: the last due date would be 10049-12-31, after 9999-12-31"),
        "{message}"
    );
    let mut zh = add_from("x", "9999-12-31", "600");
    zh.insert(0, "--lang".into());
    zh.insert(1, "zh".into());
    let message = run(zh, 2);
    assert!(
        message.contains("--start：最后到期日将是 10049-12-31，晚于支持的最晚日期 9999-12-31"),
        "{message}"
    );
    // A term one month too long names the longest that fits.
    let message = run(add_from("x", "9980-01-15", "240"), 2);
    assert!(
        message.contains("--term:")
            && message.contains("accepted: 1 to 239 months from this start"),
        "{message}"
    );
    let added = s.ok(AS_OF, &strs(&add_from("x", "9980-01-15", "239")));
    assert!(added.contains("L1"), "{added}");

    // Nothing past the cap comes out, even as of its last day: no five-digit years
    // (chrono writes them "+10000-01-01", which no calendar or journal reads).
    // A card's minimums go on past the last loan: its next due day is in 10000.
    s.ok(
        AS_OF,
        &args(
            "revolving --name card --balance 100 --daily-rate 0.05 --statement-day 15 --due-day 1",
        ),
    );
    let last = |args: &[&str]| {
        let out = s.run("9999-12-31", args);
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    for args in [
        &["export", "ics"][..],
        &["export", "hledger", "--forecast", "24"],
        &["export", "beancount", "--forecast", "24"],
        &["due", "--within", "3660"],
        &["list"],
    ] {
        let text = last(args);
        assert!(!text.is_empty(), "{args:?}");
        assert!(!text.contains("10000"), "{args:?}: {text}");
    }

    // A hand-edited store and an import are held to the same cap.
    let good = fs::read_to_string(&s.store).unwrap();
    fs::write(&s.store, good.replacen("term: 239", "term: 240", 1)).unwrap();
    let message = run(vec!["list".into()], 1);
    assert!(
        message.contains("term") && message.contains("loan L1") && message.contains("9999-12-31"),
        "{message}"
    );
    fs::write(&s.store, &good).unwrap();
    let csv = s.path("loans.csv");
    let exported = s.ok(AS_OF, &["export", "loans"]);
    fs::write(&csv, exported.replacen(",239,", ",240,", 1)).unwrap();
    let t = Sandbox::new();
    let message = t.refused(AS_OF, &["import", "loans", csv.to_str().unwrap()], 2);
    assert!(message.contains("1 to 239 months"), "{message}");

    // The other end: a start before the year 1000 in a hand-edited store, and a month
    // outside the four-digit years, are refused like a typed date.
    fs::write(
        &s.store,
        good.replacen("start: \"9980-01-15\"", "start: \"-262143-01-15\"", 1),
    )
    .unwrap();
    let message = run(vec!["list".into()], 1);
    assert!(
        message.contains("start") && message.contains("accepted: 1000-01-01 to 9999-12-31"),
        "{message}"
    );
    fs::write(&s.store, &good).unwrap();
    for month in ["-262143-01", "0000-01", "+2026-01", "26-01"] {
        let message = run(vec!["due".into(), format!("--month={month}")], 2);
        assert!(message.contains("four-digit year"), "{message}");
    }
}

// ---- one validation: names, profile, payments, lines (issue 13) -----------------------

#[test]
fn names_currency_and_income_are_checked_with_field_and_range() {
    let s = Sandbox::new();
    let message = s.refused(AS_OF, &["line", "--name", "  ", "--limit", "100"], 2);
    assert!(
        message.contains("--name") && message.contains("must not be empty"),
        "{message}"
    );
    let message = s.refused(AS_OF, &["profile", "--currency", ""], 2);
    assert!(
        message.contains("--currency") && message.contains("CNY"),
        "{message}"
    );
    let message = s.refused(AS_OF, &["profile", "--currency", "yuan"], 2);
    assert!(message.contains("--currency"), "{message}");
    s.ok(AS_OF, &["profile", "--currency", "CNY"]);
    // In Chinese too.
    let message = s.refused(AS_OF, &["--lang", "zh", "profile", "--income", "-5"], 2);
    assert!(
        message.contains("太小") && message.contains("可接受"),
        "{message}"
    );
}

/// One check of a loan's fields (`Loan::validate`) for `add`, the form, an import and the
/// store file: a penalty rate out of range is refused wherever it comes from, never used.
#[test]
fn a_penalty_rate_out_of_range_is_refused_from_the_store_and_an_import_not_used() {
    let s = Sandbox::new();
    s.ok(AS_OF, &strs(&add_args("mine")));
    let good = fs::read_to_string(&s.store).unwrap();
    let bad = good.replacen("penalty_rate: None", "penalty_rate: Some(\"5000\")", 1);
    assert_ne!(bad, good);
    fs::write(&s.store, &bad).unwrap();
    for lang in ["en", "zh"] {
        for command in [&["list"][..], &["due"], &["status"]] {
            let message = s.refused(AS_OF, &[&["--lang", lang], command].concat(), 1);
            let said = match lang {
                "en" => ["penalty_rate", "loan L1", "5000 is too high", "0 to 1000"],
                _ => ["penalty_rate", "贷款 L1", "5000 太大", "0 至 1000"],
            };
            for words in said {
                assert!(
                    message.contains(words),
                    "{command:?} --lang {lang}: {message}"
                );
            }
        }
    }
    // The dashboard refuses to open it, also in the language asked.
    for (lang, said) in [("en", "5000 is too high"), ("zh", "5000 太大")] {
        let message = s.refused(AS_OF, &["--lang", lang], 1);
        let prefix = if lang == "en" { "error: " } else { "错误：" };
        assert!(
            message.starts_with(prefix) && message.contains(said),
            "{message}"
        );
    }
    assert_eq!(fs::read_to_string(&s.store).unwrap(), bad, "left as it was");

    // The same loan imported: refused at its row, before anything is saved.
    fs::write(&s.store, &good).unwrap();
    let exported = s.ok(AS_OF, &["export", "loans"]);
    let header = exported.lines().next().unwrap();
    let row = exported
        .lines()
        .nth(1)
        .unwrap()
        .replacen("L1,mine", ",other", 1);
    let column = header.split(',').position(|c| c == "penalty_rate").unwrap();
    let mut cells: Vec<&str> = row.split(',').collect();
    cells[column] = "5000";
    let csv = s.path("loans.csv");
    fs::write(&csv, format!("{header}\n{}\n", cells.join(","))).unwrap();
    let message = s.refused(AS_OF, &["import", "loans", csv.to_str().unwrap()], 2);
    assert!(
        message.contains("row 2, column penalty_rate: 5000 is too high"),
        "{message}"
    );
    assert_eq!(
        fs::read_to_string(&s.store).unwrap(),
        good,
        "nothing imported"
    );
    // And typed: `add` refuses it by its flag.
    let mut add = add_args("third");
    add.extend(["--penalty-rate".to_string(), "1000.01".into()]);
    let message = s.refused(AS_OF, &strs(&add), 2);
    assert!(message.contains("--penalty-rate"), "{message}");
}

#[test]
fn payments_above_what_is_owed_or_far_in_the_future_are_refused_on_every_path() {
    let s = Sandbox::new();
    s.ok(AS_OF, &strs(&add_args("mine")));
    s.ok(
        AS_OF,
        &args("revolving --name Card --balance 1000 --daily-rate 0.04"),
    );
    // A revolving account: nothing, or more than its balance, is refused by the flag.
    let message = s.refused(AS_OF, &["pay", "--loan", "R1", "--amount", "0"], 2);
    assert!(message.contains("--amount"), "{message}");
    let message = s.refused(AS_OF, &["pay", "--loan", "R1", "--amount", "99999"], 2);
    assert!(
        message.contains("more than is owed") && message.contains("1,000.00"),
        "{message}"
    );
    // A date years after the loan's last due date.
    let message = s.refused(
        AS_OF,
        &args("pay --loan L1 --amount 10 --date 2030-01-01"),
        2,
    );
    assert!(
        message.contains("--date") && message.contains("2028-01-15"),
        "{message}"
    );
    // The same checks on import.
    let csv = s.path("pay.csv");
    fs::write(
        &csv,
        "date,amount,loan,kind,mode\n2026-03-01,99999999.00,L1,scheduled,\n",
    )
    .unwrap();
    let message = s.refused(AS_OF, &["import", "payments", csv.to_str().unwrap()], 2);
    assert!(message.contains("more than is owed"), "{message}");
    fs::write(&csv, "date,amount,loan,kind,mode\n2026-03-02,600.00,R1,scheduled,\n2026-03-03,600.00,R1,scheduled,\n").unwrap();
    let message = s.refused(AS_OF, &["import", "payments", csv.to_str().unwrap()], 2);
    assert!(
        message.contains("row 3") && message.contains("more than is owed"),
        "{message}"
    );
    fs::write(
        &csv,
        "date,amount,loan,kind,mode\n2026-03-01,1.00,L1,bogus,\n",
    )
    .unwrap();
    let message = s.refused(AS_OF, &["import", "payments", csv.to_str().unwrap()], 2);
    assert!(
        message.contains("\"bogus\"") && !message.contains("Some("),
        "{message}"
    );
}

#[test]
fn a_line_is_deleted_only_when_unused_unless_forced() {
    let s = Sandbox::new();
    s.ok(AS_OF, &["line", "--name", "JB", "--limit", "5000"]);
    let mut args = add_args("drawn");
    args.extend(["--line".to_string(), "JB".to_string()]);
    s.ok(AS_OF, &strs(&args));
    let message = s.refused(AS_OF, &["line", "--name", "JB", "--delete"], 2);
    assert!(
        message.contains("L1") && message.contains("--force"),
        "{message}"
    );
    s.ok(AS_OF, &["line", "--name", "JB", "--delete", "--force"]);
    let text = fs::read_to_string(&s.store).unwrap();
    let (data, _) = loandash::store::from_ron(&text, &s.store).unwrap();
    assert!(data.lines.is_empty());
    assert_eq!(data.loans[0].line, None);
}

#[test]
fn a_line_is_deleted_by_the_name_delete_gives_as_well() {
    let s = Sandbox::new();
    s.ok(AS_OF, &["line", "--name", "JB", "--limit", "5000"]);
    s.ok(AS_OF, &["line", "--name", "WL", "--limit", "3000"]);
    let message = s.refused(AS_OF, &["line", "--delete", "WL", "--name", "JB"], 2);
    assert!(
        message.contains("--delete") && message.contains("JB"),
        "{message}"
    );
    let message = s.refused(AS_OF, &["line", "--delete"], 2);
    assert!(message.contains("--name"), "{message}");
    s.ok(AS_OF, &["line", "--delete", "WL"]);
    let text = fs::read_to_string(&s.store).unwrap();
    let (data, _) = loandash::store::from_ron(&text, &s.store).unwrap();
    let names: Vec<_> = data.lines.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["JB"]);
}

// ---- hangs and odd files --------------------------------------------------------------

#[cfg(unix)]
#[test]
fn a_model_that_is_a_device_or_too_large_is_refused_at_once() {
    let s = Sandbox::new();
    let out = within(
        Duration::from_secs(20),
        s.command(AS_OF, &["project-limit", "--model", "/dev/zero"]),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("not a regular file"),
        "{}",
        stderr(&out)
    );
    let big = s.path("big.ron");
    fs::write(&big, vec![b' '; 2 << 20]).unwrap();
    let out = within(
        Duration::from_secs(20),
        s.command(AS_OF, &["project-limit", "--model", big.to_str().unwrap()]),
    );
    assert!(
        stderr(&out).contains("larger than 1 MiB"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn empty_zero_and_bom_stores_get_plain_messages_and_a_bom_is_accepted() {
    let s = Sandbox::new();
    s.ok(AS_OF, &strs(&add_args("mine")));
    let good = fs::read(&s.store).unwrap();
    for bad in [Vec::new(), vec![0u8; 64]] {
        fs::write(&s.store, &bad).unwrap();
        let message = s.refused(AS_OF, &["list"], 1);
        assert!(message.contains("not a loandash store"), "{message}");
        assert!(!message.contains("VersionProbe"), "{message}");
    }
    let deep = format!("{}{}", "(".repeat(200), ")".repeat(200));
    fs::write(&s.store, deep).unwrap();
    let message = s.refused(AS_OF, &["list"], 1);
    assert!(!message.contains("recursion_limit"), "{message}");
    // Said once, not twice: "…; restore a backup (… fix it by hand or restore a backup)".
    fs::write(&s.store, b"").unwrap();
    let message = s.refused(AS_OF, &["list"], 1);
    assert_eq!(message.matches("restore a backup").count(), 1, "{message}");
    // A bad value where an enum or a struct is read names the field's accepted words,
    // not loandash's Rust types (it said "in enum `PaymentKind`").
    fs::write(&s.store, &good).unwrap();
    s.ok(AS_OF, &["pay", "--loan", "L1", "--amount", "1"]);
    let paid = fs::read_to_string(&s.store).unwrap();
    for (from, to) in [
        ("kind: scheduled", "kind: bogus"),
        ("kind: scheduled", "kind: scheduled, colour: 1"),
        ("profile: (", "profile: Other("),
    ] {
        assert!(paid.contains(from), "{paid}");
        fs::write(&s.store, paid.replacen(from, to, 1)).unwrap();
        let message = s.refused(AS_OF, &["list"], 1);
        for internal in ["enum `", "struct `", " in `", "PaymentKind", "Profile`"] {
            assert!(!message.contains(internal), "{to}: {message}");
        }
    }
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend(&good);
    fs::write(&s.store, &bom).unwrap();
    let list = s.ok(AS_OF, &["list", "--format", "csv"]);
    assert!(list.contains("mine"), "{list}");
}

// ---- injection ---------------------------------------------------------------------

/// Names a spreadsheet would run as formulas (OWASP's examples).
const FORMULAS: [&str; 3] = ["=cmd|' /C calc'!A0", "+SUM(1+2)", "@SUM(A1:A9)"];

fn csv_cells(text: &str) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    reader
        .records()
        .flat_map(|r| {
            r.expect("CSV")
                .iter()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn csv_cells_a_spreadsheet_would_run_are_defused_and_import_reads_them_back() {
    let s = Sandbox::new();
    for name in FORMULAS {
        let mut args = add_args(name);
        args.push("--lender=-Ant".to_string());
        s.ok(AS_OF, &strs(&args));
    }
    s.ok(
        AS_OF,
        &args("revolving --name @card --balance 100 --daily-rate 0.05"),
    );
    s.ok(AS_OF, &args("pay --loan L1 --amount 50 --date 2026-02-15"));
    let exported = s.ok(AS_OF, &["export", "loans"]);
    let listed = s.ok(AS_OF, &["list", "--format", "csv"]);
    for text in [&exported, &listed] {
        let cells = csv_cells(text);
        for name in FORMULAS {
            assert!(cells.contains(&format!("'{name}")), "{name} in {text}");
        }
    }
    assert!(
        csv_cells(&exported).contains(&"'-Ant".to_string()),
        "{exported}"
    );
    let due = s.ok(AS_OF, &["due", "--format", "csv"]);
    assert!(csv_cells(&due).contains(&"'@card".to_string()), "{due}");
    let outputs = [
        exported.clone(),
        listed,
        due,
        s.ok(AS_OF, &["export", "payments"]),
        s.ok(
            AS_OF,
            &[
                "simulate", "prepay", "--loan", "L2", "--amount", "500", "--format", "csv",
            ],
        ),
    ];
    for text in &outputs {
        for cell in csv_cells(text) {
            let number = cell
                .strip_prefix('-')
                .is_some_and(|n| n.parse::<f64>().is_ok());
            assert!(
                number || !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?} in {text}"
            );
        }
    }

    // Export, import into an empty store, export again: the same names, to the byte.
    let t = Sandbox::new();
    let file = t.path("loans.csv");
    fs::write(&file, &exported).unwrap();
    t.ok(AS_OF, &["import", "loans", file.to_str().unwrap()]);
    assert_eq!(t.ok(AS_OF, &["export", "loans"]), exported);

    // A cell defused with a leading tab instead stays defused on the way out.
    let u = Sandbox::new();
    let file = u.path("tabbed.csv");
    fs::write(
        &file,
        "name,principal,annual_rate,method,term,start\n\
         \"\t=cmd|' /C calc'!A0\",1000,12,equal-installment,12,2026-01-15\n",
    )
    .unwrap();
    u.ok(AS_OF, &["import", "loans", file.to_str().unwrap()]);
    let again = csv_cells(&u.ok(AS_OF, &["export", "loans"]));
    assert!(
        again.contains(&"'=cmd|' /C calc'!A0".to_string()),
        "{again:?}"
    );
}

/// A window-title escape (OSC 0 … BEL) and a colour escape.
const ESCAPES: &str = "\u{1b}]0;pwned\u{7}\u{1b}[31m";

fn assert_no_control(text: &str, what: &str) {
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{what} prints a control character raw: {text:?}"
    );
}

#[test]
fn control_characters_are_stripped_on_every_way_in_and_never_printed_raw() {
    // Flags.
    let s = Sandbox::new();
    let evil = format!("{ESCAPES}Evil");
    let mut args = add_args(&evil);
    args.push(format!("--lender={ESCAPES}Ant"));
    s.ok(AS_OF, &strs(&args));
    s.ok(
        AS_OF,
        &[
            "revolving",
            "--name",
            &format!("{ESCAPES}Card"),
            "--balance",
            "100",
            "--daily-rate",
            "0.05",
            "--lender",
            &format!("{ESCAPES}Bank"),
        ],
    );
    let stored = fs::read_to_string(&s.store).unwrap();
    assert!(
        !stored.contains('\u{1b}') && !stored.contains("\\u{1b}"),
        "{stored}"
    );
    let list = s.ok(AS_OF, &["list"]);
    assert_no_control(&list, "list");
    assert!(
        list.contains("]0;pwned[31mEvil") && list.contains("]0;pwned[31mAnt"),
        "{list}"
    );

    // Errors repeat what was typed, escaped.
    for args in [
        &["pay", "--loan", &format!("{ESCAPES}L9"), "--amount", "1"][..],
        &["pay", "--loan", "L1", "--amount", &format!("{ESCAPES}1")],
        &["line", "--name", "L", "--limit", &format!("{ESCAPES}1")],
    ] {
        let out = s.run(AS_OF, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert_no_control(&stderr(&out), &format!("{args:?}"));
    }

    // An import.
    let t = Sandbox::new();
    let file = t.path("loans.csv");
    fs::write(
        &file,
        format!(
            "id,name,lender,principal,annual_rate,method,term,start\n\
             {ESCAPES}L7,{ESCAPES}Evil,{ESCAPES}Ant,1000,12,equal-installment,12,2026-01-15\n"
        ),
    )
    .unwrap();
    t.ok(AS_OF, &["import", "loans", file.to_str().unwrap()]);
    let list = t.ok(AS_OF, &["list"]);
    assert_no_control(&list, "list after import");
    assert!(list.contains("]0;pwned[31mL7"), "{list}");

    // A hand-edited store: names, lenders, a line and the references to it.
    let good = fs::read_to_string(&s.store).unwrap();
    let edited = good
        .replace("]0;pwned[31mEvil", "\\u{1b}]0;pwned\\u{7}\\u{1b}[31mEvil")
        .replace("line: None", "line: Some(\"\\u{1b}[31mL\")")
        .replace(
            "lines: []",
            "lines: [(name: \"\\u{1b}[31mL\", limit: \"5000.00\")]",
        );
    assert!(edited.contains("\\u{1b}[31mL"), "{edited}");
    fs::write(&s.store, edited).unwrap();
    for args in [
        &["list"][..],
        &["due"],
        &["line", "--name", "[31mL", "--limit", "6000"],
    ] {
        let out = s.ok(AS_OF, args);
        assert_no_control(&out, &format!("{args:?}"));
    }
    let saved = fs::read_to_string(&s.store).unwrap();
    assert!(
        !saved.contains("\\u{1b}") && !saved.contains("\\u{7}"),
        "{saved}"
    );
}

// ---- progress --------------------------------------------------------------------

/// Generate a store big enough that its save shows a spinner too (3,000 loans and their
/// payments are over 20,000 records).
fn generate_args(out: &std::path::Path) -> Vec<String> {
    let out = out.to_str().unwrap().to_string();
    ["demo", "--generate", "3000", "--seed", "3", "--out", &out]
        .map(String::from)
        .to_vec()
}

#[test]
fn long_work_shows_progress_on_a_terminal() {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::Read;
    let s = Sandbox::new();
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pseudo-terminal");
    let mut command = CommandBuilder::new(common::BIN);
    command.args(["--as-of", AS_OF]);
    command.args(generate_args(&s.path("big.ron")));
    command.env("TERM", "xterm-256color");
    let mut child = pair.slave.spawn_command(command).expect("start loandash");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let mut raw = Vec::new();
    let mut buffer = [0u8; 4096];
    // Linux reports EIO once the child side is closed: both mean the end.
    while let Ok(n @ 1..) = reader.read(&mut buffer) {
        raw.extend_from_slice(&buffer[..n]);
    }
    assert!(child.wait().unwrap().success());
    let shown = String::from_utf8_lossy(&raw);
    assert!(shown.contains("generating ["), "{shown:?}");
    assert!(shown.contains("/3150"), "{shown:?}");
    assert!(shown.contains("saving "), "{shown:?}");
    assert!(shown.contains("Wrote 3000 loans"), "{shown:?}");
}

#[test]
fn progress_stays_quiet_when_not_on_a_terminal() {
    let s = Sandbox::new();
    let args = generate_args(&s.path("big.ron"));
    let out = s.run(AS_OF, &strs(&args));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("Wrote 3000 loans") && text.lines().count() == 1,
        "{text:?}"
    );
    assert_no_control(&text, "demo --generate");
}
