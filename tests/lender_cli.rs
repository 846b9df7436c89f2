//! Lender conventions and plans end to end: the real binary, a temp store, fixed dates.
//! Figures are worked by hand from DOMAIN.md's rules (the comments show the arithmetic).

mod common;

use common::{args, dec, in_store, keys, names, stderr_of as stderr};
use rust_decimal::Decimal;
use std::fs;
use std::process::{Command, Output};
use tempfile::TempDir;

/// The binary with no store from the environment, on the parts' words in order.
fn loandash(parts: &[&[&str]]) -> Output {
    common::loandash(&parts.concat())
}

fn stdout(out: &Output) -> String {
    assert!(out.status.success(), "failed: {}", stderr(out));
    common::stdout_of(out)
}

/// A store in `dir` holding one loan, "bank", of [`LOAN`]'s terms (L1).
fn store_with_the_loan(dir: &TempDir) -> std::path::PathBuf {
    let path = dir.path().join("loans.ron");
    let store = path.to_str().unwrap();
    stdout(&in_store(store, "add --name bank", &args(LOAN)));
    path
}

/// The CSV schedule of [`LOAN`] with `extra` conventions: a lender's plan to read back.
fn plan_of(extra: &str) -> String {
    stdout(&loandash(&[
        &args("schedule --format csv"),
        &args(LOAN),
        &args(extra),
    ]))
}

const LOAN: &str = "--principal 10000 --annual-rate 12 --term 3 --method equal-installment \
                    --start 2026-01-10";

#[test]
fn due_day_gives_an_irregular_first_period_on_the_command_line() {
    let csv = plan_of("--due-day 15 --day-count actual/365");
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    // Jan 10 → Feb 15 is 36 days: 10000 × 12 % × 36/365 = 118.356… → 118.36; the level
    // payment is the 3-month annuity at 1 %: 3400.22.
    assert_eq!(
        rows[0],
        "1,2026-02-15,3400.22,3281.86,118.36,6718.14,scheduled"
    );
    assert!(rows[1].starts_with("2,2026-03-15,3400.22,"), "{csv}");
    assert!(rows[2].starts_with("3,2026-04-15,"), "{csv}");
}

#[test]
fn a_due_day_past_a_short_months_end_comes_back_in_longer_months() {
    let dates = |extra: &str| -> Vec<String> {
        let csv = plan_of(extra);
        let column = csv.lines().skip(1).map(|l| l.split(',').nth(1).unwrap());
        column.map(str::to_string).collect()
    };
    // Due on the 31st: February has none, so its last day; March and April keep theirs.
    assert_eq!(
        dates("--due-day 31"),
        ["2026-02-28", "2026-03-31", "2026-04-30"]
    );
    assert_eq!(
        dates("--first-due 2026-02-28 --due-day 30"),
        ["2026-02-28", "2026-03-30", "2026-04-30"]
    );

    // Stored, with February's installment paid, the next falls on the 31st.
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("loans.ron");
    let store = path.to_str().unwrap();
    let at = &["--store", store, "--as-of", "2026-03-01"][..];
    let add = &["add", "--name", "bank", "--due-day", "31", "--paid", "1"][..];
    stdout(&loandash(&[at, add, &args(LOAN)]));
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("due_day: Some(31)"), "{text}");
    let list = stdout(&loandash(&[at, &["--format", "json", "list"]]));
    let json: serde_json::Value = serde_json::from_str(&list).unwrap();
    assert_eq!(json["loans"][0]["next_due_date"], "2026-03-31", "{list}");
}

#[test]
fn conventions_given_twice_or_out_of_range_are_refused_with_exit_2() {
    for (extra, needle) in [
        (
            &["--due-day", "20", "--first-due", "2026-02-15"][..],
            "--due-day",
        ),
        (
            &["--due-day", "15", "--first-due", "2026-01-05"][..],
            "--first-due",
        ),
        (&["--rate-change", "2026-09-01:5"][..], "--rate-change"),
        (&["--rounding", "up"][..], "half-even"),
        (&["--remainder", "middle"][..], "first"),
    ] {
        let out = loandash(&[&["schedule"], &args(LOAN), extra]);
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        assert!(stderr(&out).contains(needle), "{}", stderr(&out));
    }
}

#[test]
fn add_stores_the_conventions_and_list_follows_them() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("loans.ron");
    let store = path.to_str().unwrap();
    let conventions = "--first-due 2026-02-15 --rounding down --rate-change 2026-03-15:6";
    let at = &["--store", store, "--as-of", "2026-02-01"][..];
    stdout(&loandash(&[
        at,
        &["add", "--name", "bank"],
        &args(LOAN),
        &args(conventions),
    ]));
    let text = fs::read_to_string(&path).unwrap();
    for needle in [
        "first_due: Some(\"2026-02-15\")",
        "rounding: \"down\"",
        "\"2026-03-15\"",
    ] {
        assert!(text.contains(needle), "{needle} not in {text}");
    }
    let list = stdout(&loandash(&[at, &["--format", "json", "list"]]));
    let json: serde_json::Value = serde_json::from_str(&list).unwrap();
    // Ours would fall on Feb 10; the lender's first due date is Feb 15.
    assert_eq!(json["loans"][0]["next_due_date"], "2026-02-15", "{list}");
    let schedule = plan_of(conventions);
    let payments: Vec<&str> = schedule
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(2).unwrap())
        .collect();
    // The rate change on the second due date reprices only the third installment.
    assert_eq!(payments[..2], ["3400.22", "3400.22"], "{schedule}");
    assert_ne!(payments[2], "3400.22", "{schedule}");
}

#[test]
fn fit_prints_the_add_line_and_adds_the_loan_when_every_row_matches() {
    let dir = TempDir::new().unwrap();
    let plan = dir.path().join("plan.csv");
    let csv = plan_of("--first-due 2026-02-15 --rounding down");
    fs::write(&plan, csv).unwrap();
    let plan = plan.to_str().unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&loandash(&[&["--format", "json", "fit", plan]]))).unwrap();
    assert_eq!(json["exact"], true);
    assert_eq!(json["terms"]["first_due"], "2026-02-15");
    assert_eq!(json["terms"]["rounding"], "down");
    let command = json["command"].as_str().unwrap();
    assert!(
        command.starts_with("loandash add --name NAME --principal 10000.00"),
        "{command}"
    );

    let store = dir.path().join("loans.ron");
    let store = store.to_str().unwrap();
    let out = stdout(&loandash(&[&[
        "--store", store, "fit", plan, "--add", "--name", "bank",
    ]]));
    assert!(out.contains("Added loan L1"), "{out}");
    let text = fs::read_to_string(dir.path().join("loans.ron")).unwrap();
    assert!(text.contains("first_due: Some(\"2026-02-15\")"), "{text}");
}

#[test]
fn fit_of_a_plan_no_terms_reproduce_exits_1_and_a_bad_plan_exits_2_without_a_store() {
    let dir = TempDir::new().unwrap();
    let plan = dir.path().join("plan.csv");
    // The third due date skips a month: no monthly schedule falls on it.
    fs::write(
        &plan,
        "期数,还款日,应还金额,本金,利息\n1,2026-02-10,1010.00,1000.00,10.00\n\
         2,2026-03-10,1005.00,1000.00,5.00\n3,2026-05-10,1000.00,1000.00,0.00\n",
    )
    .unwrap();
    let out = loandash(&[&["fit", plan.to_str().unwrap()]]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("closest"));

    let store = dir.path().join("loans.ron");
    fs::write(
        &plan,
        "期数,还款日,应还金额,本金,利息\n1,2026-02-10,1010.00,1000.00,-10.00\n",
    )
    .unwrap();
    let out = in_store(
        store.to_str().unwrap(),
        "fit",
        &[plan.to_str().unwrap(), "--add", "--name", "x"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("line 2, column 利息: negative"),
        "{}",
        stderr(&out)
    );
    assert!(!store.exists());
}

/// The plan is `fit`'s FILE argument: a plan that no terms can fit is blamed on the file,
/// not on a `--plan` flag that does not exist (issue 19), in either language.
#[test]
fn a_plan_no_loan_can_fit_is_blamed_on_the_file_not_a_flag() {
    let dir = TempDir::new().unwrap();
    let plan = dir.path().join("plan.csv");
    // 1.8 × 10¹² borrowed in all: past the principal cap, so no terms are a loan.
    fs::write(
        &plan,
        "period,due_date,payment,principal,interest\n\
         1,2026-02-10,900000000000.00,900000000000.00,0\n\
         2,2026-03-10,900000000000.00,900000000000.00,0\n",
    )
    .unwrap();
    let path = plan.to_str().unwrap();
    for (lang, said) in [
        ("en", "no loan terms fit these rows"),
        ("zh", "没有能符合这些行的贷款条款"),
    ] {
        let out = loandash(&[&["--lang", lang, "fit", path]]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains(path) && err.contains(said), "{err}");
        assert!(!err.contains("--plan"), "{err}");
    }
}

#[test]
fn reconcile_explains_each_row_applies_the_conventions_and_then_matches() {
    let dir = TempDir::new().unwrap();
    let path = store_with_the_loan(&dir);
    let store = path.to_str().unwrap();
    let plan = dir.path().join("plan.csv");
    let csv = plan_of("--first-due 2026-02-13 --rounding down");
    fs::write(&plan, csv).unwrap();
    let plan = plan.to_str().unwrap();
    let before = fs::read(&path).unwrap();

    let out = in_store(store, "--format json reconcile --loan L1", &[plan]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["verdict"], "explained");
    let first = json["rows"][0]["reason"].as_str().unwrap();
    // Jan 10 → Feb 13 under 30/360 is 33 days.
    assert!(first.starts_with("period 1 is 33 days"), "{first}");
    // Each part that differs, the lender's minus ours: three more days of interest
    // come out of principal, and the last row catches up.
    assert_eq!(
        json["rows"][0]["difference"],
        serde_json::json!({"payment": "0.00", "principal": "-10.00", "interest": "10.00", "balance": "10.00"})
    );
    assert_eq!(json["rows"][0]["theirs"]["balance"], "6709.78");
    assert_eq!(json["rows"][0]["ours"]["balance"], "6699.78");
    let out = loandash(&[&["--store", store, "reconcile", "--loan", "L1", plan]]);
    assert_eq!(out.status.code(), Some(1));
    let table = String::from_utf8(out.stdout).unwrap();
    let row = |period: &str| {
        table
            .lines()
            .find(|l| l.trim_start().starts_with(period))
            .unwrap_or_else(|| panic!("no period {period}: {table}"))
    };
    assert!(
        row("1 ").contains("Principal -10.00, Interest +10.00, Balance +10.00"),
        "{table}"
    );
    assert!(
        row("3 ").contains("Payment +10.18, Principal +10.09, Interest +0.09"),
        "{table}"
    );
    let out = in_store(store, "--format csv reconcile --loan L1", &[plan]);
    let csv = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(
        lines[0].ends_with(",reason,principal_difference,interest_difference,balance_difference"),
        "{csv}"
    );
    assert!(lines[1].ends_with(",-10.00,10.00,10.00"), "{csv}");
    assert_eq!(
        fs::read(&path).unwrap(),
        before,
        "reconcile alone saves nothing"
    );

    let out = in_store(store, "reconcile --loan L1", &[plan, "--apply"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = in_store(store, "--format json reconcile --loan L1", &[plan]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["verdict"], "match");

    let applied = fs::read(&path).unwrap();
    for bad in [
        &["--loan", "L9", plan][..],
        &["--loan", "L1", "/nonexistent.csv"][..],
    ] {
        let out = loandash(&[&["--store", store, "reconcile"], bad]);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert_eq!(fs::read(&path).unwrap(), applied);
    }
}

#[test]
fn export_and_import_carry_every_convention_and_the_schedules_match_to_the_cent() {
    let dir = TempDir::new().unwrap();
    let old = dir.path().join("old.ron");
    let new = dir.path().join("new.ron");
    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());
    // Two loans, every convention away from its default between them.
    let daily: &[&str] = &args(
        "--principal 10000 --daily-rate 0.05 --term 6 --method equal-installment \
         --start 2026-01-10 --first-due 2026-02-28 --due-day 30 --rounding down \
         --rate-change 2026-04-20:0.04 --early-interest to-payment-date",
    );
    let split: &[&str] = &args(
        "--principal 1000 --annual-rate 7.2 --term 7 --method equal-principal \
         --start 2026-01-31 --rounding half-even --remainder first --installment 142.85 \
         --rate-change 2026-03-31:6 --rate-change 2026-07-01:5.5",
    );
    for (name, flags) in [("daily", daily), ("split", split)] {
        stdout(&in_store(old, "add --name", &[&[name], flags].concat()));
    }
    let exported = stdout(&loandash(&[&["--store", old, "export", "loans"]]));
    assert_eq!(
        exported.lines().next(),
        Some(
            "id,name,lender,method,principal,annual_rate,daily_rate,fee_rate,day_count,term,start,\
             penalty_rate,line,early_interest,first_due,due_day,rounding,remainder,rate_changes,\
             installment,pinned,estimated,entered"
        )
    );
    let file = dir.path().join("loans.csv");
    fs::write(&file, &exported).unwrap();
    stdout(&in_store(new, "import loans", &[file.to_str().unwrap()]));
    assert_eq!(
        stdout(&loandash(&[&["--store", new, "export", "loans"]])),
        exported
    );

    // Each imported loan against its schedule from the flags: every row to the cent.
    for (id, flags) in [("L1", daily), ("L2", split)] {
        let schedule_flags: Vec<&str> = flags
            .iter()
            .copied()
            .take_while(|f| *f != "--early-interest")
            .collect();
        let plan = dir.path().join(format!("{id}.csv"));
        let csv = stdout(&loandash(&[
            &args("schedule --format csv"),
            &schedule_flags,
        ]));
        fs::write(&plan, csv).unwrap();
        let json: serde_json::Value = serde_json::from_str(&stdout(&in_store(
            new,
            "--format json reconcile --loan",
            &[id, plan.to_str().unwrap()],
        )))
        .unwrap();
        assert_eq!(json["verdict"], "match", "{id}: {json}");
    }
    let text = fs::read_to_string(new).unwrap();
    assert!(text.contains("early_interest: to_payment_date"), "{text}");

    // A bad convention names its row and column; nothing is imported.
    let bad = exported
        .replace("2026-04-20:0.04", "2026-04-20")
        .replacen("\nL1,", "\nL8,", 1)
        .replacen("\nL2,", "\nL9,", 1);
    fs::write(&file, &bad).unwrap();
    let out = loandash(&[&["--store", new, "import", "loans", file.to_str().unwrap()]]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("rate_changes") && stderr(&out).contains("row 2"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read_to_string(new).unwrap(), text);
}

/// A plan no convention reproduces: a few cents moved between principal and interest.
const ODD_PLAN: &str = "期数,还款日,应还金额,本金,利息\n\
    1,2026-02-10,3400.22,3300.19,100.03\n\
    2,2026-03-10,3400.22,3333.17,67.05\n\
    3,2026-04-10,3400.24,3366.64,33.60\n";

#[test]
fn reconcile_pin_keeps_the_lenders_rows_and_a_prepayment_replans_from_their_balance() {
    let dir = TempDir::new().unwrap();
    let path = store_with_the_loan(&dir);
    let store = path.to_str().unwrap();
    let plan = dir.path().join("plan.csv");
    fs::write(&plan, ODD_PLAN).unwrap();
    let plan = plan.to_str().unwrap();
    let at = |as_of: &'static str| -> [&str; 6] {
        ["--store", store, "--as-of", as_of, "--format", "json"]
    };
    let json =
        |out: Output| -> serde_json::Value { serde_json::from_slice(&out.stdout).expect("json") };

    let out = loandash(&[&at("2026-01-20"), &["reconcile", "--loan", "L1", plan]]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(out)["verdict"], "unexplained");
    let out = in_store(store, "reconcile --loan L1", &[plan, "--pin", "--apply"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "--pin and --apply are one or the other"
    );

    // Rows that do not repay the amount borrowed are no schedule: nothing is pinned.
    let short = dir.path().join("short.csv");
    let short_plan = ODD_PLAN.replace("3366.64,33.60", "3366.63,33.61");
    fs::write(&short, format!("借款金额: 10,000.00\n{short_plan}")).unwrap();
    let before = fs::read(&path).unwrap();
    let short = short.to_str().unwrap();
    let out = in_store(store, "reconcile --loan L1", &[short, "--pin"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("cannot pin"), "{}", stderr(&out));
    assert_eq!(fs::read(&path).unwrap(), before);

    let out = loandash(&[
        &at("2026-01-20"),
        &["reconcile", "--loan", "L1", plan, "--pin"],
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pinned = json(out);
    assert_eq!(
        (pinned["pinned"].clone(), pinned["applied"].clone()),
        (true.into(), false.into())
    );
    let out = loandash(&[&at("2026-01-20"), &["reconcile", "--loan", "L1", plan]]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json(out)["verdict"], "match");

    // `due` follows the lender's rows (ours would be 3333.22 + 67.00).
    let due = json(loandash(&[
        &at("2026-01-20"),
        &["due", "--month", "2026-03"],
    ]));
    let item = &due["items"][0];
    assert_eq!(
        (
            item["principal"].as_str(),
            item["interest"].as_str(),
            item["amount"].as_str()
        ),
        (Some("3333.17"), Some("67.05"), Some("3400.22")),
        "{due}"
    );

    // A prepayment re-plans from the lender's balance after row 1: 10000 − 3300.19.
    let sim = json(loandash(&[
        &at("2026-02-20"),
        &["simulate", "prepay", "--loan", "L1", "--amount", "1000"],
    ]));
    assert_eq!(sim["loans"][0]["estimate"], true, "{sim}");
    stdout(&loandash(&[
        &at("2026-02-20"),
        &args("pay --loan L1 --amount 3400.22 --date 2026-02-10"),
    ]));
    let paid = json(loandash(&[
        &at("2026-02-20"),
        &args("pay --loan L1 --amount 1000 --prepay --mode reduce"),
    ]));
    let amount = |key: &str| dec(paid[key].as_str().unwrap());
    assert_eq!(
        amount("prepaid_principal") + amount("prepaid_interest"),
        dec("1000"),
        "{paid}"
    );
    let left = dec("6699.81") - amount("prepaid_principal");
    assert_eq!(amount("balance"), left, "{paid}");

    // Where the conventions do explain the plan, --pin applies them and pins nothing.
    let explained = dir.path().join("explained.csv");
    let csv = plan_of("--rounding down --first-due 2026-02-13");
    fs::write(&explained, csv).unwrap();
    stdout(&in_store(store, "add --name other", &args(LOAN)));
    let out = loandash(&[
        &at("2026-01-20"),
        &[
            "reconcile",
            "--loan",
            "L2",
            explained.to_str().unwrap(),
            "--pin",
        ],
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let applied = json(out);
    assert_eq!(
        (applied["pinned"].clone(), applied["applied"].clone()),
        (false.into(), true.into())
    );
    let text = fs::read_to_string(&path).unwrap();
    assert_eq!(
        (
            text.matches("pinned: [").count(),
            text.matches("pinned: []").count()
        ),
        (2, 1),
        "only L1 is pinned: {text}"
    );

    // The pinned rows travel with `export loans` / `import loans`.
    let exported = stdout(&loandash(&[&["--store", store, "export", "loans"]]));
    let file = dir.path().join("loans.csv");
    fs::write(&file, &exported).unwrap();
    let fresh = dir.path().join("fresh.ron");
    let fresh = fresh.to_str().unwrap();
    stdout(&in_store(fresh, "import loans", &[file.to_str().unwrap()]));
    let out = in_store(fresh, "--format json reconcile --loan L1", &[plan]);
    assert_eq!(out.status.code(), Some(0), "{exported}");
    assert_eq!(json(out)["verdict"], "match");
}

/// `reconcile --apply` and `--pin` change the loan's terms to the lender's, and keep what
/// the lender's plan says nothing about: here interest to the payment date on early pay.
#[test]
fn reconcile_apply_and_pin_keep_the_loans_early_interest() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("loans.ron");
    let store = path.to_str().unwrap();
    let daily: &[&str] = &args(
        "--principal 10000 --daily-rate 0.05 --term 3 --method equal-installment \
         --start 2026-01-10",
    );
    for name in ["applied", "pinned", "reset"] {
        let early = args("--early-interest to-payment-date");
        stdout(&in_store(
            store,
            "add --name",
            &[&[name], &early[..], daily].concat(),
        ));
    }
    // The lender truncates: our schedule with --rounding down is its plan.
    let truncated = stdout(&loandash(&[
        &["schedule", "--format", "csv", "--rounding", "down"],
        daily,
    ]));
    let plan = dir.path().join("down.csv");
    fs::write(&plan, &truncated).unwrap();
    let out = in_store(
        store,
        "reconcile --loan L1",
        &[plan.to_str().unwrap(), "--apply"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // Our schedule with a cent moved from interest to principal in one period and back in
    // another: no convention gives that, so --pin keeps the rows.
    let ours = stdout(&loandash(&[&["schedule", "--format", "csv"], daily]));
    // The same loan as a bank quotes it: a rate a year on 30/360 days.
    let monthly = stdout(&loandash(&[&args(
        "schedule --format csv --principal 10000 --annual-rate 18 \
         --term 3 --method equal-installment --start 2026-01-10 \
         --day-count 30/360",
    )]));
    let pin = |id: &str, periods: [usize; 2], base: &str| -> Output {
        let mut rows: Vec<Vec<String>> = base
            .lines()
            .map(|l| l.split(',').map(str::to_string).collect())
            .collect();
        let cent = Decimal::new(1, 2);
        for (row, moved) in periods.into_iter().zip([cent, -cent]) {
            let principal = dec(&rows[row][3]);
            let interest = dec(&rows[row][4]);
            rows[row][3] = (principal + moved).to_string();
            rows[row][4] = (interest - moved).to_string();
        }
        let plan = dir.path().join(format!("{id}.csv"));
        fs::write(
            &plan,
            rows.iter().map(|r| r.join(",") + "\n").collect::<String>(),
        )
        .unwrap();
        let out = in_store(
            store,
            "--format json reconcile --loan",
            &[id, plan.to_str().unwrap(), "--pin"],
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["pinned"], true, "{json}");
        out
    };
    // Periods 2 and 3 changed: the closest terms are the loan's own, on actual days.
    assert_eq!(stderr(&pin("L2", [2, 3], &ours)), "");
    // A 30/360 plan: the closest terms count no days, so the loan is back to the default
    // and says so.
    let reset = stderr(&pin("L3", [1, 2], &monthly));
    assert!(
        reset.starts_with("note: --early-interest is as-scheduled again: to-payment-date needs"),
        "{reset}"
    );

    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("rounding: \"down\""), "applied: {text}");
    assert_eq!(
        text.matches("pinned: []").count(),
        1,
        "L2, L3 pinned: {text}"
    );
    assert_eq!(
        text.matches("early_interest: to_payment_date").count(),
        2,
        "L1, L2 keep it: {text}"
    );
}

#[test]
fn fit_and_reconcile_read_back_cells_our_csv_export_defused() {
    let dir = TempDir::new().unwrap();
    let path = store_with_the_loan(&dir);
    let store = path.to_str().unwrap();
    // A fee column of "-" (nothing charged), as our CSV writes it: "'-", since a cell
    // starting with "-" that is no number would be run as a formula by a spreadsheet.
    let csv = plan_of("");
    let mut lines = csv.lines();
    let mut plan_text = format!("{},fee\n", lines.next().unwrap());
    for line in lines {
        plan_text.push_str(&format!("{line},'-\n"));
    }
    let plan = dir.path().join("plan.csv");
    fs::write(&plan, &plan_text).unwrap();
    let plan = plan.to_str().unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&loandash(&[&["--format", "json", "fit", plan]]))).unwrap();
    assert_eq!(json["exact"], true, "{json}");
    let out = in_store(store, "--format json reconcile --loan L1", &[plan]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["verdict"], "match");
}

#[test]
fn plans_past_the_amount_cap_or_not_regular_files_are_refused_not_a_panic_or_a_hang() {
    let dir = TempDir::new().unwrap();
    let plan = dir.path().join("plan.csv");
    // Two cells at Decimal's largest value used to overflow their sum (exit 101).
    let max = "79228162514264337593543950335";
    fs::write(
        &plan,
        format!("period,due_date,payment,principal,interest\n1,2026-02-10,,{max},{max}\n"),
    )
    .unwrap();
    let out = loandash(&[&["fit", plan.to_str().unwrap()]]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("column principal")
            && stderr(&out).contains("largest amount accepted, 1,000,000,000,000.00"),
        "{}",
        stderr(&out)
    );
    fs::write(&plan, "借款金额: 2000000000000\n期数,还款日,本金,利息\n").unwrap();
    let out = loandash(&[&["fit", plan.to_str().unwrap()]]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("largest amount"), "{}", stderr(&out));

    // Dates at the ends of what a date can hold (the month before panicked), or
    // before the year 1000: refused as the flags refuse them.
    for date in ["-262143-01-01", "0000-01-10"] {
        fs::write(
            &plan,
            format!("period,due_date,principal,interest\n1,{date},100.00,1.00\n"),
        )
        .unwrap();
        let out = loandash(&[&["fit", plan.to_str().unwrap()]]);
        assert_eq!(out.status.code(), Some(2), "{date}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("column due_date") && stderr(&out).contains("is not a date"),
            "{}",
            stderr(&out)
        );
    }

    // A device never ends and a FIFO blocks until written: refused at once.
    let fifo = dir.path().join("fifo");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for file in ["/dev/zero", fifo.to_str().unwrap()] {
        let out = loandash(&[&["fit", file]]);
        assert_eq!(out.status.code(), Some(2), "{file}");
        assert!(
            stderr(&out).contains("not a regular file"),
            "{}",
            stderr(&out)
        );
    }
}

/// `reconcile --attach` keeps the plan in the store (not a path to it): `reconcile --loan ID`
/// without FILE compares against it, `export loans` names it as not carried, `--detach`
/// drops it; each refusal exits 2 and leaves the store as it was.
#[test]
fn reconcile_attach_keeps_the_plan_with_the_loan_and_detach_drops_it() {
    let dir = TempDir::new().unwrap();
    let path = store_with_the_loan(&dir);
    let store = path.to_str().unwrap();
    let plan = dir.path().join("plan.csv");
    fs::write(&plan, ODD_PLAN).unwrap();
    let plan_arg = plan.to_str().unwrap();
    let reconcile = |more: &[&str]| in_store(store, "--format json reconcile --loan L1", more);
    let json =
        |out: &Output| -> serde_json::Value { serde_json::from_slice(&out.stdout).expect("json") };

    // Nothing kept yet: FILE is needed, and --attach needs it.
    let before = fs::read(&path).unwrap();
    let out = reconcile(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("loan L1 has no lender's plan kept with it"),
        "{}",
        stderr(&out)
    );
    assert_eq!(reconcile(&["--attach"]).status.code(), Some(2));
    assert_eq!(fs::read(&path).unwrap(), before);

    // Kept: the answer is the one for the file, and stays after the file is gone.
    let out = reconcile(&[plan_arg, "--attach"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let with_file = json(&out);
    assert_eq!(with_file["attached"], true);
    assert!(
        stderr(&out).contains("the plan is kept with loan L1"),
        "{}",
        stderr(&out)
    );
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("3366.64") && text.contains("plan.csv"),
        "{text}"
    );
    fs::remove_file(&plan).unwrap();
    let out = reconcile(&[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let kept = json(&out);
    assert_eq!(kept["verdict"], "unexplained");
    assert_eq!(kept["rows"], with_file["rows"]);
    assert_eq!(kept["attached"], false);
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        text,
        "reading it saves nothing"
    );

    // Export says the plan is not in the CSV.
    let out = loandash(&[&["--store", store, "export", "loans"]]);
    assert!(out.status.success());
    assert!(
        stderr(&out).contains("the lender's plans kept with L1 are not in the CSV"),
        "{}",
        stderr(&out)
    );

    // --detach drops it, once; the second time nothing changes and it says so.
    assert_eq!(reconcile(&["--detach", plan_arg]).status.code(), Some(2));
    let out = loandash(&[&["--store", store, "reconcile", "--loan", "L1", "--detach"]]);
    assert_eq!(
        stdout(&out),
        "Loan L1: the lender's plan kept with it is dropped.\n"
    );
    assert!(!fs::read_to_string(&path).unwrap().contains("3366.64"));
    let after = fs::read(&path).unwrap();
    let out = reconcile(&["--detach"]);
    assert_eq!(json(&out)["detached"], false);
    assert_eq!(fs::read(&path).unwrap(), after);
    assert_eq!(reconcile(&[]).status.code(), Some(2));
    let out = loandash(&[&["--store", store, "export", "loans"]]);
    assert_eq!(stderr(&out), "");

    // A file named from the folder it is in is kept by its whole path, so the dashboard
    // started anywhere else offers a file that reads.
    fs::write(dir.path().join("again.csv"), ODD_PLAN).unwrap();
    let out = Command::new(common::BIN)
        .args([
            "--store",
            store,
            "reconcile",
            "--loan",
            "L1",
            "again.csv",
            "--attach",
        ])
        .current_dir(dir.path())
        .env_remove("LOANDASH_STORE")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let whole = dir.path().join("again.csv");
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.contains(&format!("source: {:?}", whole.display().to_string())),
        "{text}"
    );
}

/// Each kind of bad plan file through every command that would write the store
/// (`reconcile --apply --attach`, `reconcile --pin`, `fit --add`): one line naming the row
/// and column where there is one, exit 2, and the store's bytes as they were.
#[test]
fn a_bad_plan_file_is_one_line_exit_2_and_the_store_untouched() {
    let dir = TempDir::new().unwrap();
    let path = store_with_the_loan(&dir);
    let store = path.to_str().unwrap();
    let before = fs::read(&path).unwrap();
    let header = "期数,还款日,应还金额,本金,利息\n";
    let cases = [
        (String::new(), "the plan is empty"),
        ("a,b\n1,2\n".to_string(), "line 1: no recognisable header"),
        (
            format!("{header}1,2026-02-10,110.00,100.00,10.00\n2,2026/3/10,110.00,100.00,10.00\n"),
            "line 3, column 还款日: mixed date forms",
        ),
        (
            format!("{header}1,2026-02-10,110.00,100.00,-10.00\n"),
            "line 2, column 利息: negative amount",
        ),
        (
            format!("{header}1,2026-02-10,111.00,100.00,10.00\n"),
            "line 2, column 应还金额: 111.00 is not principal + interest",
        ),
        (
            format!("{header}1,2026-02-10,110.00,100.00\n"),
            "line 2, column 利息: missing: the line has 4 cells, the header 5",
        ),
    ];
    let plan = dir.path().join("bad.csv");
    let plan = plan.to_str().unwrap();
    let writers: [&[&str]; 3] = [
        &["reconcile", "--loan", "L1", plan, "--apply", "--attach"],
        &["reconcile", "--loan", "L1", plan, "--pin"],
        &["fit", plan, "--add", "--name", "lender"],
    ];
    for (text, said) in cases {
        fs::write(plan, &text).unwrap();
        for command in writers {
            let out = loandash(&[&["--store", store], command]);
            assert_eq!(out.status.code(), Some(2), "{said}: {command:?}");
            let err = stderr(&out);
            assert_eq!(err.lines().count(), 1, "{err}");
            assert!(err.contains(said), "{said:?} not in {err} ({command:?})");
            assert_eq!(fs::read(&path).unwrap(), before, "{said}: {command:?}");
        }
    }
}

/// The JSON shapes of `fit` and `reconcile`, as the README fixes them: every key, no more.
#[test]
fn fit_and_reconcile_json_have_exactly_the_readme_shapes() {
    let dir = TempDir::new().unwrap();
    let plan = dir.path().join("odd.csv");
    fs::write(&plan, ODD_PLAN).unwrap();
    let plan = plan.to_str().unwrap();
    let terms = names(
        "principal method annual_rate daily_rate fee_rate term start day_count first_due due_day installment rounding remainder rate_changes",
    );
    let amounts = names("payment principal interest");

    let out = loandash(&[&["--format", "json", "fit", plan]]);
    assert_eq!(out.status.code(), Some(1));
    let fit: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        keys(&fit),
        names("exact rows matched terms command differing added")
    );
    assert_eq!(keys(&fit["terms"]), terms);
    let row = &fit["differing"][0];
    assert_eq!(
        keys(row),
        names("period due_date theirs ours ours_due_date")
    );
    assert_eq!(keys(&row["theirs"]), amounts);
    assert_eq!(keys(&row["ours"]), amounts);

    let path = store_with_the_loan(&dir);
    let store = path.to_str().unwrap();
    let out = in_store(store, "--format json reconcile --loan L1", &[plan]);
    assert_eq!(out.status.code(), Some(1));
    let rec: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        keys(&rec),
        names("loan verdict rows reasons lender_terms command applied pinned attached")
    );
    assert_eq!(keys(&rec["lender_terms"]), terms);
    let row = &rec["rows"][0];
    assert_eq!(
        keys(row),
        names("period due_date theirs ours ours_due_date difference matches reason")
    );
    // reconcile's rows add the balance after the installment (null where the lender's
    // plan shows none).
    let mut with_balance = amounts.clone();
    with_balance.insert("balance");
    for part in ["theirs", "ours", "difference"] {
        assert_eq!(keys(&row[part]), with_balance, "{part}");
    }
    let out = in_store(store, "--format json reconcile --loan L1 --detach", &[]);
    let detach: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(keys(&detach), names("detached loan"));
}

/// The first rows of a longer plan: `fit` and `reconcile` take the whole term from a line
/// or `--term`, keep it with an attached plan, and refuse a term that contradicts the rows
/// or itself with one line and exit 2, the store untouched.
#[test]
fn the_first_rows_of_a_longer_plan_fit_and_reconcile_and_bad_terms_exit_2() {
    let dir = TempDir::new().unwrap();
    let long = "--principal 10000 --annual-rate 12 --term 12 --method equal-installment \
                --start 2026-01-10";
    let schedule = stdout(&loandash(&[&args("schedule --format csv"), &args(long)]));
    // The first 4 rows of 12, balance column and all: the amount is row 1's principal +
    // its balance.
    let first: String = schedule.lines().take(5).map(|l| format!("{l}\n")).collect();
    let (plan, path, fitted, json) =
        four_of_twelve_fit_and_match(&dir, long, "first.csv", format!("期数: 12\n{first}"));
    let (plan, store) = (plan.as_str(), path.to_str().unwrap());
    assert_eq!(fitted["terms"]["principal"], "10000.00");
    let table = stdout(&loandash(&[&args("fit"), &[plan]]));
    assert!(
        table.starts_with(
            "These terms reproduce the 4 rows given, of 12 installments, to the cent:"
        ),
        "{table}"
    );
    assert_eq!(json["lender_terms"]["term"], 12);
    assert!(
        fs::read_to_string(&path)
            .unwrap()
            .contains("term: Some(12)")
    );
    // The kept plan is read back with its term.
    let json: serde_json::Value = serde_json::from_str(&stdout(&in_store(
        store,
        "--format json reconcile --loan L1",
        &[],
    )))
    .unwrap();
    assert_eq!(json["lender_terms"]["term"], 12);

    let bare = dir.path().join("bare.csv");
    let bare = bare.to_str().unwrap();
    fs::write(bare, &first).unwrap();
    refused_in_one_line_store_untouched(
        &path,
        [
            (
                format!("fit {bare} --term 3"),
                "--term 3: a term of 3 installments, but the table lists 4",
            ),
            (
                format!("fit {plan} --term 24"),
                "line 1, column 期数: a term of 12 installments, but --term says 24",
            ),
            (
                format!("--store {store} reconcile --loan L1 {plan} --term 6 --apply"),
                "line 1, column 期数: a term of 12 installments, but --term says 6",
            ),
        ],
    );
}

/// The last rows of a running loan: with the amount first borrowed and the whole term they
/// fit and reconcile (kept with their periods); without either, exit 2 naming what to add,
/// the store untouched.
#[test]
fn the_last_rows_of_a_plan_fit_with_their_term_and_amount_and_say_what_is_missing() {
    let dir = TempDir::new().unwrap();
    let long = "--principal 10000 --annual-rate 12 --term 12 --method equal-installment \
                --start 2026-01-10";
    let schedule = stdout(&loandash(&[&args("schedule --format csv"), &args(long)]));
    let lines: Vec<&str> = schedule.lines().collect();
    // Installments 9 to 12, periods printed 9/12 …, no balance column.
    let mut rows = String::from("period,due_date,payment,principal,interest\n");
    for l in &lines[9..] {
        let c: Vec<&str> = l.split(',').collect();
        rows.push_str(&format!("{}/12,{}\n", c[0], c[1..5].join(",")));
    }
    let text = format!("Loan amount: 10000.00\n{rows}");
    let (_, path, fitted, json) = four_of_twelve_fit_and_match(&dir, long, "last.csv", text);
    let store = path.to_str().unwrap();
    assert_eq!(fitted["terms"]["start"], "2026-01-10");
    assert_eq!(json["rows"][0]["period"], 9);
    let kept = fs::read_to_string(&path).unwrap();
    assert!(
        kept.contains("term: Some(12)") && kept.contains("period: 9"),
        "{kept}"
    );
    stdout(&in_store(store, "reconcile --loan L1", &[]));

    let bare = dir.path().join("bare.csv");
    let bare = bare.to_str().unwrap();
    fs::write(bare, rows.replace("/12,", ",")).unwrap();
    refused_in_one_line_store_untouched(
        &path,
        [
            (
                format!("fit {bare}"),
                "line 2, column period: the rows start at installment 9: say how many installments the whole plan has",
            ),
            (
                format!("fit {bare} --term 12"),
                "line 2, column period: installments 9 to 12 of 12: add the amount first borrowed above the table",
            ),
        ],
    );
}

/// Each command line exits 2 with one line of stderr holding its needle, and the store at
/// `path` keeps its bytes.
fn refused_in_one_line_store_untouched<const N: usize>(
    path: &std::path::Path,
    cases: [(String, &str); N],
) {
    let before = fs::read(path).unwrap();
    for (line, needle) in cases {
        let out = loandash(&[&args(&line)]);
        assert_eq!(out.status.code(), Some(2), "{line}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains(needle), "{line}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    assert_eq!(fs::read(path).unwrap(), before, "the store untouched");
}

/// Write `text` (4 rows of the 12-month loan `terms`) as plan `name` in `dir`: `fit` finds
/// all 4 rows and the term 12, and the loan added to a store there, with the plan
/// attached, reconciles as a match. The plan's path, the store's, and both JSON answers.
fn four_of_twelve_fit_and_match(
    dir: &TempDir,
    terms: &str,
    name: &str,
    text: String,
) -> (
    String,
    std::path::PathBuf,
    serde_json::Value,
    serde_json::Value,
) {
    let plan = dir.path().join(name).to_str().unwrap().to_string();
    fs::write(&plan, text).unwrap();
    let out = stdout(&loandash(&[&args("--format json fit"), &[plan.as_str()]]));
    let fitted: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (fitted["exact"].clone(), fitted["rows"].clone()),
        (true.into(), 4.into())
    );
    assert_eq!(fitted["terms"]["term"], 12);
    let path = dir.path().join("loans.ron");
    let store = path.to_str().unwrap();
    stdout(&in_store(store, "add --name bank", &args(terms)));
    let out = in_store(
        store,
        "--format json reconcile --loan L1 --attach",
        &[plan.as_str()],
    );
    let reconciled: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(reconciled["verdict"], "match");
    (plan, path, fitted, reconciled)
}

/// A store holding [`LOAN`] over some months, and a lender's plan beside it, for
/// `reconcile --pin`.
struct Pinning {
    dir: TempDir,
    store: String,
    plan: String,
}

impl Pinning {
    /// [`LOAN`] over `term` months; the plan `rows` as `file`.
    fn new(term: u32, rows: &str, file: &str) -> Pinning {
        let dir = TempDir::new().unwrap();
        let store = dir.path().join("loans.ron").to_str().unwrap().to_string();
        let loan = LOAN.replace("--term 3", &format!("--term {term}"));
        stdout(&in_store(&store, "add --name bank", &args(&loan)));
        let plan = dir.path().join(file);
        fs::write(&plan, rows).unwrap();
        let plan = plan.to_str().unwrap().to_string();
        Pinning { dir, store, plan }
    }

    /// The JSON of a command that must succeed on the store as of 2026-01-20.
    fn json(&self, parts: &[&str]) -> serde_json::Value {
        let at = ["--store", &self.store, "--as-of", "2026-01-20"];
        let out = loandash(&[&at, &["--format", "json"], parts]);
        assert!(out.status.success(), "{parts:?}: {}", stderr(&out));
        serde_json::from_slice(&out.stdout).expect("json")
    }

    /// `reconcile --pin` of the plan on loan L1, which must succeed saying `said`; the
    /// plan then held against the loan matches. Its reconcile JSON.
    fn pinned(&self, said: &str) -> serde_json::Value {
        let at = ["--store", &self.store, "--as-of", "2026-01-20"];
        let out = loandash(&[&at, &["reconcile", "--loan", "L1", &self.plan, "--pin"]]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(stdout(&out).contains(said), "{}", stdout(&out));
        let again = self.json(&["reconcile", "--loan", "L1", &self.plan]);
        assert_eq!(again["verdict"], "match", "{again}");
        again
    }

    /// `list` labels the one loan an estimate: `key` is `row` in its JSON, and its table
    /// says `label`.
    fn listed_as_estimate(&self, key: &str, row: u32, label: &str) {
        let list = self.json(&["list"]);
        assert_eq!(list["loans"][0][key], row, "{list}");
        let at = ["--store", &self.store, "--as-of", "2026-01-20"];
        let table = stdout(&loandash(&[&at, &["list"]]));
        assert!(table.contains(label), "{table}");
    }

    /// The loans through `export loans` and `import loans` into a fresh store: the
    /// exported text, and the fresh store's JSON of `command` as of 2026-01-20.
    fn exported_and_imported(&self, command: &str) -> (String, serde_json::Value) {
        let exported = stdout(&loandash(&[&["--store", &self.store, "export", "loans"]]));
        let file = self.dir.path().join("loans.csv");
        fs::write(&file, &exported).unwrap();
        let fresh = self.dir.path().join("fresh.ron");
        let fresh = fresh.to_str().unwrap();
        stdout(&in_store(fresh, "import loans", &[file.to_str().unwrap()]));
        let out = in_store(
            fresh,
            &format!("--as-of 2026-01-20 --format json {command}"),
            &[],
        );
        let json = serde_json::from_slice(&out.stdout).expect("json");
        (exported, json)
    }
}

/// The first two rows of a six-month plan (an app's first page), two cents moved between
/// principal and interest in row 1, so no convention reproduces them.
const FIRST_ROWS: &str = "期数: 6\n\
    期数,还款日,应还金额,本金,利息,剩余本金\n\
    1,2026-02-10,1725.48,1625.46,100.02,8374.54\n\
    2,2026-03-10,1725.48,1641.73,83.75,6732.81\n";

/// `reconcile --pin` on a plan's first rows: they become the loan's first installments,
/// and the rest are planned from the lender's balance with the closest terms, labelled an
/// estimate; `due`, `list`, `pay` and `export`/`import` follow.
#[test]
fn reconcile_pin_keeps_a_plans_first_rows_and_plans_the_rest_from_their_balance() {
    let pinning = Pinning::new(6, FIRST_ROWS, "first.csv");
    let (dir, store) = (&pinning.dir, pinning.store.as_str());
    let json = |parts: &[&str]| pinning.json(parts);
    let amount = |v: &serde_json::Value| dec(v.as_str().unwrap());

    let before = fs::read(store).unwrap();
    // Without its term the first rows read as a whole plan that stops short: pinned, the
    // loan would shrink to what they repay. Refused, nothing saved.
    let no_term = dir.path().join("no-term.csv");
    fs::write(&no_term, FIRST_ROWS.replace("期数: 6\n", "")).unwrap();
    let out = in_store(
        store,
        "reconcile --loan L1",
        &[no_term.to_str().unwrap(), "--pin"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the last row leaves 6,732.81 owed"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read(store).unwrap(), before);

    let again = pinning.pinned(
        "loan L1's first 2 installments are now the lender's rows; installments 3 to 6 \
         are planned from the lender's balance with the closest terms found (an estimate)",
    );
    let rate = amount(&again["lender_terms"]["annual_rate"]);
    pinning.listed_as_estimate("estimate_after", 2, "estimate after the lender's 2 rows");

    // Every installment, month by month: the lender's two, then four planned from its
    // balance 6732.81 with its level payment 1725.48, the last clearing the loan.
    let rows: Vec<serde_json::Value> = (2..=7)
        .map(|m| {
            let due = json(&["due", "--month", &format!("2026-{m:02}")]);
            assert_eq!(due["items"].as_array().unwrap().len(), 1, "{due}");
            due["items"][0].clone()
        })
        .collect();
    let principal = |i: usize| amount(&rows[i]["principal"]);
    let interest = |i: usize| amount(&rows[i]["interest"]);
    assert_eq!(
        (principal(0), interest(0), principal(1), interest(1)),
        (dec("1625.46"), dec("100.02"), dec("1641.73"), dec("83.75"))
    );
    let third = common::half_up(dec("6732.81") * rate / Decimal::from(1200));
    assert_eq!(interest(2), third, "at the fitted {rate} % a year");
    assert_eq!(amount(&rows[2]["amount"]), dec("1725.48"));
    assert_eq!(
        (0..6).map(principal).sum::<Decimal>(),
        Decimal::from(10000),
        "{rows:?}"
    );

    // Paying the first three installments leaves the lender's balance less row 3's principal.
    let pay = |amount: &str, date: &str| {
        json(&["pay", "--loan", "L1", "--amount", amount, "--date", date])
    };
    pay("1725.48", "2026-02-10");
    pay("1725.48", "2026-03-10");
    let paid = pay(rows[2]["amount"].as_str().unwrap(), "2026-04-10");
    assert_eq!(
        amount(&paid["balance"]),
        dec("6732.81") - principal(2),
        "{paid}"
    );

    // The two rows travel with `export loans` / `import loans`, and plan the same.
    let (exported, due) = pinning.exported_and_imported("due --month 2026-05");
    assert!(
        exported.contains("2026-02-10:1625.46:100.02;2026-03-10:1641.73:83.75"),
        "{exported}"
    );
    assert_eq!(due["items"][0]["principal"], rows[3]["principal"], "{due}");
}

/// The last four rows of a 12-month plan (an app's "still to pay" list), five cents more
/// principal in row 9 than our schedule has, so no convention reproduces them.
const LAST_ROWS: &str = "借款金额: 10000.00\n期数: 12\n\
    期数,还款日,应还金额,本金,利息,剩余本金\n\
    9,2026-10-10,888.54,853.87,34.67,2613.01\n\
    10,2026-11-10,888.49,862.36,26.13,1750.65\n\
    11,2026-12-10,888.49,870.98,17.51,879.67\n\
    12,2027-01-10,888.47,879.67,8.80,0.00\n";

/// `reconcile --pin` on a plan's last rows: they become the loan's installments 9 to 12 to
/// the cent; installments 1 to 8, which the plan does not show, are ours with the closest
/// terms, installment 8 taking the principal that leaves the lender's opening balance
/// (3,466.88 where ours leave 3,466.83), all labelled an estimate; `due`, `list`, `reconcile`
/// and `export`/`import` follow. Rows from a plan's middle, or rows starting from more than
/// our schedule owes before the installment ahead of them, are refused.
#[test]
fn reconcile_pin_keeps_a_plans_last_rows_after_our_estimate_of_the_installments_before() {
    let pinning = Pinning::new(12, LAST_ROWS, "last.csv");
    let (dir, store) = (&pinning.dir, pinning.store.as_str());
    let json = |parts: &[&str]| pinning.json(parts);

    // Rows 9 to 11 of 12 are neither the first rows nor the last; more owed at row 9 than
    // our installments 1 to 7 leave is no schedule either. Refused, nothing saved.
    let mut middle = LAST_ROWS.lines().collect::<Vec<_>>();
    middle.pop();
    let middle_path = dir.path().join("middle.csv");
    fs::write(&middle_path, middle.join("\n")).unwrap();
    let owes = dir.path().join("owes.csv");
    fs::write(
        &owes,
        LAST_ROWS
            .replace("853.87,34.67,2613.01", "4853.87,34.67,2613.01")
            .replace("888.54", "4888.54"),
    )
    .unwrap();
    refused_in_one_line_store_untouched(
        std::path::Path::new(store),
        [
            (
                format!(
                    "--store {store} reconcile --loan L1 {} --pin",
                    middle_path.display()
                ),
                "cannot pin this plan: the rows are installments 9 to 11 of 12; a plan's first rows or its last ones can be pinned, not rows from its middle",
            ),
            (
                format!(
                    "--store {store} reconcile --loan L1 {} --pin",
                    owes.display()
                ),
                "the lender's rows start from 7,466.88 owed, more than our schedule leaves before installment 8",
            ),
        ],
    );

    // Ours before pinning, to hold installments 1 to 8 against.
    let ours = stdout(&loandash(&[
        &args("schedule --format csv"),
        &args(&LOAN.replace("--term 3", "--term 12")),
    ]));
    let ours: Vec<Vec<String>> = ours
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(String::from).collect())
        .collect();
    assert_eq!(ours[7][3], "845.37");

    pinning.pinned(
        "Pinned: loan L1's installments 9 to 12 are now the lender's rows; installments 1 \
         to 8 are ours with the closest terms found, not shown in the plan (an estimate), \
         installment 8's principal 845.37 → 845.32 to leave the balance the lender's rows \
         start from.",
    );
    pinning.listed_as_estimate(
        "estimate_before",
        9,
        "estimate before the lender's installment 9",
    );
    let list = json(&["list"]);
    assert_eq!(list["loans"][0].get("estimate_after"), None, "{list}");

    // Month by month: ours for 1 to 7, installment 8 with 0.05 less principal, then the
    // lender's four rows to the cent; the principal still sums to the amount borrowed.
    let mut repaid = Decimal::ZERO;
    for (i, m) in (2..=13).enumerate() {
        let month = format!("{}-{:02}", 2026 + (m - 1) / 12, (m - 1) % 12 + 1);
        let due = json(&["due", "--month", &month]);
        let item = &due["items"][0];
        let (principal, interest) = (
            item["principal"].as_str().unwrap(),
            item["interest"].as_str().unwrap(),
        );
        let expected: (&str, &str) = match i {
            0..7 => (&ours[i][3], &ours[i][4]),
            7 => ("845.32", &ours[7][4]),
            _ => {
                let row: Vec<&str> = LAST_ROWS.lines().nth(i - 5).unwrap().split(',').collect();
                (row[3], row[4])
            }
        };
        assert_eq!(
            (principal, interest),
            expected,
            "installment {}: {due}",
            i + 1
        );
        repaid += dec(principal);
    }
    assert_eq!(repaid, Decimal::from(10000));

    // The estimate travels with `export loans` / `import loans`.
    let (exported, list) = pinning.exported_and_imported("list");
    assert!(
        exported
            .lines()
            .next()
            .unwrap()
            .ends_with(",pinned,estimated,entered"),
        "{exported}"
    );
    assert!(
        exported
            .lines()
            .nth(1)
            .unwrap()
            .ends_with(":8.80,8,borrowed"),
        "{exported}"
    );
    assert_eq!(list["loans"][0]["estimate_before"], 9, "{list}");
}

/// One row is said as one: the last installment alone of a longer plan, and a one-row
/// plan whole.
#[test]
fn fit_of_one_row_says_row_not_rows() {
    let dir = TempDir::new().unwrap();
    let fit_of = |name: &str, text: &str| {
        let plan = dir.path().join(name);
        fs::write(&plan, text).unwrap();
        stdout(&loandash(&[&args("fit"), &[plan.to_str().unwrap()]]))
    };
    let last = fit_of(
        "last.csv",
        "放款日：2025-07-27\n借款金额：333184.34\n期数：18\n\
         期数,还款日,应还金额,本金,利息,剩余本金\n\
         18,2027-01-27,18656.58,18510.26,146.32,0.00\n",
    );
    assert!(
        last.starts_with("These terms reproduce the 1 row given, of 18 installments, to the cent:"),
        "{last}"
    );
    let whole = fit_of(
        "whole.csv",
        "放款日：2026-01-10\n期数,还款日,应还金额,本金,利息\n1,2026-02-10,10100.00,10000.00,100.00\n",
    );
    assert!(
        whole.starts_with("These terms reproduce the one row to the cent:"),
        "{whole}"
    );
}
