//! The integrations run as a user would, checked by the tools the output is for:
//! `hledger` and `bean-check` read the journals and report each liability's balance,
//! which must be loandash's own (`list --format json`) to the cent; Python's
//! `icalendar` (an independent parser) reads the calendar back, event by event, against
//! `due --within`. Shell use: `due --within` exit codes, `status --short`.
//!
//! The tools: `hledger` on the PATH (Debian package), `bean-check` and a Python with
//! `icalendar` in the virtualenv `.ci/run` creates (`target/tools-venv`, or the one
//! `LOANDASH_TOOLS_VENV` names). A test whose tool is missing says so and passes
//! locally, but fails under CI (`CI=true`): there .ci/run must have installed it.

mod common;

use common::{Sandbox, WORKED, args, day};

use chrono::{Days, Months};
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::str::FromStr;

const AS_OF: &str = "2026-03-20";

/// A store with every method, a Chinese name with a space, a late payment that paid
/// penalty, a prepayment, overdue installments and a card paid since its statement.
fn sample() -> Sandbox {
    let s = Sandbox::new();
    // DOMAIN.md's worked example, under a name with a space.
    let worked = [&["--name", "借呗 装修"][..], WORKED].concat();
    let adds: [&[&str]; 5] = [
        &worked,
        &args(
            "--name car --principal 24000 --annual-rate 6 --term 24 \
             --method equal-principal --start 2025-11-15",
        ),
        &args(
            "--name phone --principal 6000 --annual-rate 0 --fee-rate 0.6 \
             --term 12 --method flat-fee --start 2026-01-05",
        ),
        &args(
            "--name bridge --principal 3000 --annual-rate 9 --term 6 \
             --method interest-only --start 2025-12-10",
        ),
        &args(
            "--name bullet --principal 2000 --annual-rate 7.2 --term 3 \
             --method bullet --start 2026-02-01",
        ),
    ];
    for add in adds {
        let mut args = vec!["add"];
        args.extend(add);
        s.ok(AS_OF, &args);
    }
    s.ok(
        AS_OF,
        &args(
            "revolving --name 花呗 --balance 3000 --daily-rate 0.05 \
             --statement-day 1 --due-day 10",
        ),
    );
    for (loan, amount, date) in [
        ("L1", "1756.50", "2026-02-28"),
        ("L2", "5000", "2026-02-20"),
        ("L4", "22.50", "2026-01-10"),
        ("L4", "22.50", "2026-02-10"),
        ("L4", "1000", "2026-03-01"),
        ("R1", "500", "2026-03-05"),
    ] {
        s.ok(
            AS_OF,
            &["pay", "--loan", loan, "--amount", amount, "--date", date],
        );
    }
    s
}

fn dec(value: &Value) -> Decimal {
    Decimal::from_str(value.as_str().unwrap()).unwrap()
}

/// loandash's own balance of every loan and card, by id, with its name.
fn own_balances(s: &Sandbox) -> BTreeMap<String, (String, Decimal)> {
    let list = s.json(AS_OF, &["list"]);
    list["loans"]
        .as_array()
        .unwrap()
        .iter()
        .chain(list["revolving"].as_array().unwrap())
        .map(|l| {
            let id = l["id"].as_str().unwrap().to_string();
            (
                id,
                (l["name"].as_str().unwrap().to_string(), dec(&l["balance"])),
            )
        })
        .collect()
}

/// Where a tool is, or `None` (then the test passes locally, and fails under CI).
fn tool(name: &str) -> Option<PathBuf> {
    let found = find_tool(name);
    if found.is_none() {
        missing(&format!("{name} is not installed"));
    }
    found
}

/// A Python that can import `module` (the venv's, else one on PATH), or `None` as for
/// [`tool`]: a system Python without the module counts as missing, not as a failure.
fn python_with(module: &str) -> Option<PathBuf> {
    let python = find_tool("python3").filter(|python| {
        Command::new(python)
            .args(["-c", &format!("import {module}")])
            .output()
            .is_ok_and(|out| out.status.success())
    });
    if python.is_none() {
        missing(&format!("python3 with {module} is not installed"));
    }
    python
}

/// Says a tool is missing: the test passes here, and fails under CI.
fn missing(what: &str) {
    let message = format!("{what}: run .ci/run, which installs it");
    assert!(std::env::var("CI").as_deref() != Ok("true"), "{message}");
    eprintln!("SKIPPED: {message}");
}

fn find_tool(name: &str) -> Option<PathBuf> {
    let venv = std::env::var_os("LOANDASH_TOOLS_VENV").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tools-venv"),
        PathBuf::from,
    );
    let in_venv = venv.join("bin").join(name);
    if in_venv.exists() {
        return Some(in_venv);
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

fn run_tool(tool: &Path, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{} {args:?}: {}{}",
        tool.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `hledger bal` of the liability accounts under `parents`, by account.
fn hledger_liabilities(
    hledger: &Path,
    journal: &Path,
    parents: &[&str],
) -> HashMap<String, Decimal> {
    let file = journal.to_str().unwrap();
    run_tool(hledger, &["-f", file, "check"]);
    let mut args = vec!["-f", file, "bal", "--flat", "--no-total", "-O", "csv"];
    args.extend(parents);
    let csv = run_tool(hledger, &args);
    csv.lines()
        .skip(1)
        .map(|line| {
            let cells: Vec<&str> = line.split(',').map(|c| c.trim_matches('"')).collect();
            let number: String = cells[1]
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '.' || *c == '-')
                .collect();
            (cells[0].to_string(), Decimal::from_str(&number).unwrap())
        })
        .collect()
}

/// Every liability is loandash's balance, negated (money owed), to the cent.
fn assert_liabilities(
    balances: &HashMap<String, Decimal>,
    own: &BTreeMap<String, (String, Decimal)>,
    account_of: impl Fn(&str, &str) -> String,
) {
    for (id, (name, balance)) in own {
        let account = account_of(id, name);
        let reported = balances.get(&account).copied().unwrap_or_default();
        assert_eq!(reported, -*balance, "{account} ({id}) in {balances:?}");
    }
    let settled = own.values().filter(|(_, b)| b.is_zero()).count();
    assert_eq!(
        balances.len() + settled,
        own.len(),
        "no other liability: {balances:?}"
    );
}

#[test]
fn hledger_reports_every_liability_as_loandash_does() {
    let Some(hledger) = tool("hledger") else {
        return;
    };
    let s = sample();
    let own = own_balances(&s);
    assert!(
        own.values().all(|(_, b)| !b.is_zero()),
        "every sample loan is open"
    );
    let journal = s.path("loans.journal");
    s.ok(
        AS_OF,
        &["export", "hledger", "--out", journal.to_str().unwrap()],
    );
    let balances = hledger_liabilities(&hledger, &journal, &["liabilities"]);
    assert_liabilities(&balances, &own, |id, name| {
        let leaf = name.replace(' ', "-");
        match id.starts_with('R') {
            true => format!("liabilities:cards:{leaf}"),
            false => format!("liabilities:loans:{leaf}"),
        }
    });

    // In Chinese, with a forecast: the forecast rules are checked but not counted.
    s.ok(AS_OF, &["profile", "--language", "zh"]);
    let text = s.ok(AS_OF, &["export", "hledger", "--forecast", "3"]);
    assert!(text.contains("\n~ "), "periodic forecast rules:\n{text}");
    fs::write(&journal, &text).unwrap();
    let balances = hledger_liabilities(&hledger, &journal, &["负债"]);
    assert_liabilities(&balances, &own, |id, name| {
        let leaf = name.replace(' ', "-");
        match id.starts_with('R') {
            true => format!("负债:信用卡:{leaf}"),
            false => format!("负债:贷款:{leaf}"),
        }
    });
}

#[test]
fn hledger_sees_payments_split_into_principal_interest_fees_and_penalty() {
    let Some(hledger) = tool("hledger") else {
        return;
    };
    let s = sample();
    let journal = s.path("loans.journal");
    s.ok(
        AS_OF,
        &["export", "hledger", "--out", journal.to_str().unwrap()],
    );
    let file = journal.to_str().unwrap();
    let csv = run_tool(
        &hledger,
        &[
            "-f",
            file,
            "bal",
            "--flat",
            "--no-total",
            "-O",
            "csv",
            "expenses",
        ],
    );
    // Every expense is a payment's part recorded by loandash: interest per loan, the
    // flat fee in fees (nothing paid yet on the phone plan), penalty paid on the car.
    let accounts: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().trim_matches('"'))
        .collect();
    assert_eq!(
        accounts,
        [
            "expenses:interest:bridge",
            "expenses:interest:car",
            "expenses:interest:借呗-装修",
            "expenses:penalty"
        ]
    );
    // The bank paid out exactly the cash given to `pay` and received what was borrowed.
    let borrowed = Decimal::from(10000 + 24000 + 6000 + 3000 + 2000);
    let paid = Decimal::from_str("8301.50").unwrap(); // 1756.50 + 5000 + 22.50 × 2 + 1000 + 500
    let bank = hledger_liabilities(&hledger, &journal, &["assets"]);
    assert_eq!(bank["assets:bank"], borrowed - paid);
}

/// A loan entered from what is left brought no money into the bank: hledger and beancount
/// book its balance against opening balances (it was "borrowed" into the bank), and its
/// payments out of the bank as any other's.
#[test]
fn a_loan_entered_from_what_is_left_opens_against_opening_balances_not_the_bank() {
    let s = Sandbox::new();
    for add in [
        "add --name car --balance 48230.55 --installments-left 30 --next-due 2026-03-25 \
         --annual-rate 4.8 --method equal-installment",
        "add --name phone --principal 6000 --annual-rate 12 --term 12 \
         --method equal-installment --start 2026-01-05 --paid 2",
    ] {
        s.ok(AS_OF, &args(add));
    }
    // The car's first installment, paid a few days early.
    s.ok(
        AS_OF,
        &args("pay --loan L1 --amount 1709.28 --date 2026-03-20"),
    );
    let own = own_balances(&s);
    let (Some(hledger), Some(bean_check), Some(python)) = (
        tool("hledger"),
        tool("bean-check"),
        python_with("beancount"),
    ) else {
        return;
    };
    let opening = Decimal::from_str("48230.55").unwrap();
    // The bank received the phone's 6,000 and paid every payment recorded: the phone's two
    // installments and the car's one.
    let payments = s.json(AS_OF, &["payments", "list"]);
    let payments = payments["payments"].as_array().unwrap();
    assert_eq!(payments.len(), 3, "{payments:?}");
    let bank = payments
        .iter()
        .fold(Decimal::from(6000), |b, p| b - dec(&p["amount"]));

    let journal = s.path("loans.journal");
    s.ok(
        AS_OF,
        &["export", "hledger", "--out", journal.to_str().unwrap()],
    );
    let text = fs::read_to_string(&journal).unwrap();
    assert!(
        text.contains("2026-02-25 * car | opening balance"),
        "{text}"
    );
    let books = hledger_liabilities(&hledger, &journal, &["assets", "equity", "liabilities"]);
    assert_eq!(books["assets:bank"], bank, "{books:?}");
    assert_eq!(books["equity:opening-balances"], opening, "{books:?}");
    assert_eq!(books["liabilities:loans:car"], -own["L1"].1, "{books:?}");

    let file = s.path("loans.beancount");
    s.ok(
        AS_OF,
        &["export", "beancount", "--out", file.to_str().unwrap()],
    );
    run_tool(&bean_check, &[file.to_str().unwrap()]);
    let booked = beancount_balances(&python, &file, "*");
    assert_eq!(booked["Assets:Bank"], bank, "{booked:?}");
    assert_eq!(booked["Equity:Opening-Balances"], opening, "{booked:?}");
}

/// The balances beancount books from the file, over transactions with `flag`.
const BEANCOUNT_BALANCES: &str = r#"
import sys
from collections import defaultdict
from decimal import Decimal
from beancount import loader
from beancount.core import data
entries, errors, _ = loader.load_file(sys.argv[1])
if errors:
    sys.exit("\n".join(str(e) for e in errors))
balances = defaultdict(Decimal)
for entry in entries:
    if isinstance(entry, data.Transaction) and entry.flag == sys.argv[2]:
        for posting in entry.postings:
            assert posting.units.currency == "CNY", posting
            balances[posting.account] += posting.units.number
for account, number in sorted(balances.items()):
    print(f"{account}\t{number}")
"#;

fn beancount_balances(python: &Path, file: &Path, flag: &str) -> HashMap<String, Decimal> {
    let out = run_tool(
        python,
        &["-c", BEANCOUNT_BALANCES, file.to_str().unwrap(), flag],
    );
    out.lines()
        .map(|line| {
            let (account, number) = line.split_once('\t').unwrap();
            (account.to_string(), Decimal::from_str(number).unwrap())
        })
        .collect()
}

#[test]
fn bean_check_accepts_the_file_and_books_every_liability_as_loandash_does() {
    let (Some(bean_check), Some(python)) = (tool("bean-check"), python_with("beancount")) else {
        return;
    };
    let s = sample();
    let own = own_balances(&s);
    for language in ["en", "zh"] {
        s.ok(AS_OF, &["profile", "--language", language]);
        let file = s.path(&format!("loans-{language}.beancount"));
        s.ok(
            AS_OF,
            &[
                "export",
                "beancount",
                "--forecast",
                "2",
                "--out",
                file.to_str().unwrap(),
            ],
        );
        run_tool(&bean_check, &[file.to_str().unwrap()]);
        let booked = beancount_balances(&python, &file, "*");
        let liabilities: HashMap<String, Decimal> = booked
            .iter()
            .filter(|(a, n)| a.starts_with("Liabilities:") && !n.is_zero())
            .map(|(a, n)| (a.clone(), *n))
            .collect();
        // Beancount parts start with a capital or a digit: the id leads a name that does not.
        assert_liabilities(&liabilities, &own, |id, name| {
            let leaf = match name.chars().next().unwrap().is_ascii_uppercase() {
                true => name.replace(' ', "-"),
                false => format!("{id}-{}", name.replace(' ', "-")),
            };
            match id.starts_with('R') {
                true => format!("Liabilities:Cards:{leaf}"),
                false => format!("Liabilities:Loans:{leaf}"),
            }
        });
        // The forecast is the `!` section: what `due --within` lists for two months.
        let forecast = beancount_balances(&python, &file, "!");
        let until = day(AS_OF).checked_add_months(Months::new(2)).unwrap();
        let days = (until - day(AS_OF)).num_days().to_string();
        let total: Decimal = forecast["Assets:Bank"];
        let within = s.run(AS_OF, &["due", "--within", &days, "--format", "json"]);
        let within: Value = serde_json::from_slice(&within.stdout).unwrap();
        assert_eq!(-total, dec(&within["total"]), "{forecast:?}");
    }
}

/// Every VEVENT as the independent parser reads it.
const ICS_EVENTS: &str = r#"
import json, sys
from icalendar import Calendar
calendar = Calendar.from_ical(open(sys.argv[1], "rb").read())
events = []
for event in calendar.walk("VEVENT"):
    events.append({
        "uid": str(event["uid"]),
        "start": event.decoded("dtstart").isoformat(),
        "end": event.decoded("dtend").isoformat(),
        "summary": str(event["summary"]),
        "description": str(event["description"]),
        "alarms": [a.decoded("trigger").total_seconds() for a in event.walk("VALARM")],
    })
print(json.dumps({"version": str(calendar["version"]), "events": events}))
"#;

fn ics_events(python: &Path, file: &Path) -> Value {
    serde_json::from_str(&run_tool(
        python,
        &["-c", ICS_EVENTS, file.to_str().unwrap()],
    ))
    .unwrap()
}

#[test]
fn the_calendar_read_back_by_an_independent_parser_is_what_due_lists() {
    let Some(python) = python_with("icalendar") else {
        return;
    };
    let s = sample();
    let file = s.path("due.ics");
    s.ok(
        AS_OF,
        &[
            "export",
            "ics",
            "--months",
            "3",
            "--alarm-days",
            "3",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    let calendar = ics_events(&python, &file);
    assert_eq!(calendar["version"], "2.0");
    let events = calendar["events"].as_array().unwrap();
    let until = day(AS_OF).checked_add_months(Months::new(3)).unwrap();
    let days = (until - day(AS_OF)).num_days().to_string();
    let due = s.run(AS_OF, &["due", "--within", &days, "--format", "json"]);
    assert_eq!(due.status.code(), Some(1), "something is due");
    let due: Value = serde_json::from_slice(&due.stdout).unwrap();
    let items = due["items"].as_array().unwrap();
    assert!(items.len() > 10, "{items:?}");
    assert_eq!(events.len(), items.len());
    let overdue = items.iter().filter(|i| i["status"] == "overdue").count();
    assert!(overdue >= 2);
    for (k, (event, item)) in events.iter().zip(items).enumerate() {
        let (id, due_date) = (
            item["loan"].as_str().unwrap(),
            item["due_date"].as_str().unwrap(),
        );
        let is_overdue = item["status"] == "overdue";
        assert_eq!(is_overdue, k < overdue, "overdue ones first");
        let uid = event["uid"].as_str().unwrap();
        assert!(uid.starts_with(&format!("{id}-")), "{uid}");
        assert!(
            uid.ends_with(&format!("{}@loandash", due_date.replace('-', ""))),
            "{uid}"
        );
        // All-day, on the due date (an overdue one on the as-of date, marked).
        let on = day(if is_overdue { AS_OF } else { due_date });
        assert_eq!(event["start"], on.to_string());
        assert_eq!(event["end"], on.succ_opt().unwrap().to_string());
        let amount = dec(&item["amount"]);
        let shown = format!("¥{}", group(amount));
        let summary = event["summary"].as_str().unwrap();
        assert!(
            summary.contains(item["name"].as_str().unwrap()) && summary.contains(&shown),
            "{summary} / {item}"
        );
        assert_eq!(summary.starts_with('!'), is_overdue, "{summary}");
        let description = event["description"].as_str().unwrap();
        for part in ["principal", "interest"] {
            assert!(
                description.contains(&format!("¥{}", group(dec(&item[part])))),
                "{part}: {description}"
            );
        }
        let penalty = dec(&item["penalty"]);
        assert_eq!(
            description.contains("penalty"),
            !penalty.is_zero(),
            "{description}"
        );
        // 09:00, three days before (the day itself once overdue).
        let before = if is_overdue { 0.0 } else { 3.0 * 86400.0 };
        assert_eq!(event["alarms"], serde_json::json!([9.0 * 3600.0 - before]));
    }
}

/// 1234567.5 → 1,234,567.50, written here independently of the program.
fn group(amount: Decimal) -> String {
    let text = format!("{:.2}", amount);
    let (whole, cents) = text.split_once('.').unwrap();
    let digits: Vec<char> = whole.chars().collect();
    let mut out = String::new();
    for (k, c) in digits.iter().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(*c);
    }
    format!("{out}.{cents}")
}

#[test]
fn a_later_export_keeps_each_installments_uid_and_drops_what_was_paid() {
    let Some(python) = python_with("icalendar") else {
        return;
    };
    let s = sample();
    let (before, after) = (s.path("before.ics"), s.path("after.ics"));
    s.ok(AS_OF, &["export", "ics", "--out", before.to_str().unwrap()]);
    // The phone plan's oldest overdue installment, with its penalty to today.
    s.ok(
        AS_OF,
        &["pay", "--loan", "L3", "--amount", "542.36", "--date", AS_OF],
    );
    s.ok(
        AS_OF,
        &[
            "--lang",
            "zh",
            "export",
            "ics",
            "--out",
            after.to_str().unwrap(),
        ],
    );
    let uids = |file: &Path| -> Vec<String> {
        ics_events(&python, file)["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["uid"].as_str().unwrap().to_string())
            .collect()
    };
    let (before, after) = (uids(&before), uids(&after));
    let paid: Vec<&String> = before.iter().filter(|u| !after.contains(u)).collect();
    assert_eq!(paid.len(), 1, "{paid:?}");
    assert!(
        paid[0].starts_with("L3-") && paid[0].ends_with("20260205@loandash"),
        "{paid:?}"
    );
    assert!(
        after.iter().all(|u| before.contains(u)),
        "same installment, same UID"
    );
}

#[test]
fn the_calendar_reads_in_chinese_when_the_profile_is_zh() {
    let Some(python) = python_with("icalendar") else {
        return;
    };
    let s = sample();
    s.ok(AS_OF, &["profile", "--language", "zh"]);
    let file = s.path("zh.ics");
    s.ok(
        AS_OF,
        &[
            "export",
            "ics",
            "--months",
            "1",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    let calendar = ics_events(&python, &file);
    let events = calendar["events"].as_array().unwrap();
    let upcoming = events
        .iter()
        .find(|e| e["uid"].as_str().unwrap().ends_with("20260331@loandash"))
        .unwrap();
    assert_eq!(upcoming["summary"], "借呗 装修 应还 ¥1,756.50");
    let overdue = events
        .iter()
        .find(|e| e["summary"].as_str().unwrap().starts_with('!'))
        .unwrap();
    assert!(
        overdue["summary"].as_str().unwrap().contains("逾期"),
        "{overdue}"
    );
    assert!(
        overdue["description"].as_str().unwrap().contains("罚息"),
        "{overdue}"
    );
}

/// One line on stderr naming what is wrong, exit 2, nothing on stdout.
fn assert_refused(out: &Output, names: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains(names), "{names} in {stderr}");
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn bad_input_is_one_line_exit_2_and_nothing_half_written() {
    let s = sample();
    // An --out that cannot be written: no file appears, no temp file is left.
    let missing = s.path("no/such/folder/due.ics");
    assert_refused(
        &s.run(
            AS_OF,
            &["export", "ics", "--out", missing.to_str().unwrap()],
        ),
        "--out",
    );
    assert!(!s.path("no").exists());
    let folder = s.path("a-folder");
    fs::create_dir(&folder).unwrap();
    assert_refused(
        &s.run(
            AS_OF,
            &["export", "hledger", "--out", folder.to_str().unwrap()],
        ),
        "--out",
    );
    assert_eq!(fs::read_dir(&folder).unwrap().count(), 0);

    // An unknown format is refused by name.
    assert_refused(&s.run(AS_OF, &["export", "ledger-cli"]), "ledger-cli");
    assert_refused(
        &s.run(AS_OF, &["export", "ics", "--months", "0"]),
        "--months",
    );
    assert_refused(
        &s.run(AS_OF, &["export", "hledger", "--forecast", "x"]),
        "--forecast",
    );

    // A bad mapping file leaves an earlier export as it was.
    let journal = s.path("loans.journal");
    s.ok(
        AS_OF,
        &["export", "hledger", "--out", journal.to_str().unwrap()],
    );
    let before = fs::read(&journal).unwrap();
    let cases = [
        ("(fundng: \"assets:cash\")", "fundng"),
        ("(funding: \"assets::cash\")", "funding"),
        ("(funding: \"assets:my  bank\")", "funding"),
        ("(funding: ", "--accounts"),
    ];
    for (text, names) in cases {
        let mapping = s.path("accounts.ron");
        fs::write(&mapping, text).unwrap();
        let out = s.run(
            AS_OF,
            &[
                "export",
                "hledger",
                "--accounts",
                mapping.to_str().unwrap(),
                "--out",
                journal.to_str().unwrap(),
            ],
        );
        assert_refused(&out, names);
        assert!(String::from_utf8_lossy(&out.stderr).contains("--accounts"));
        assert_eq!(fs::read(&journal).unwrap(), before, "{text}");
    }
    let mapping = s.path("accounts.ron");
    fs::write(&mapping, "(interest: \"Expenses:利息\")").unwrap();
    let out = s.run(
        AS_OF,
        &[
            "export",
            "beancount",
            "--accounts",
            mapping.to_str().unwrap(),
        ],
    );
    assert_refused(&out, "interest");
    let out = s.run(
        AS_OF,
        &[
            "export",
            "hledger",
            "--accounts",
            s.path("none.ron").to_str().unwrap(),
        ],
    );
    assert_refused(&out, "--accounts");
    // A store currency beancount cannot take is named, with the way out.
    s.ok(AS_OF, &["profile", "--currency", "₩"]);
    assert_refused(&s.run(AS_OF, &["export", "beancount"]), "commodity");
}

#[test]
fn a_mapping_file_renames_the_accounts_and_the_commodity() {
    let s = sample();
    let mapping = s.path("accounts.ron");
    fs::write(
        &mapping,
        "(funding: \"assets:checking\", loans: \"liabilities:debt\", commodity: \"CNY\")",
    )
    .unwrap();
    let text = s.ok(
        AS_OF,
        &["export", "hledger", "--accounts", mapping.to_str().unwrap()],
    );
    assert!(text.contains("    assets:checking "), "{text}");
    assert!(text.contains("    liabilities:debt:car "), "{text}");
    assert!(
        text.contains("    expenses:interest:car "),
        "defaults stay: {text}"
    );
    assert!(text.contains(" -24000.00 CNY\n"), "{text}");
    assert!(!text.contains('¥'), "{text}");
}

#[test]
fn due_within_exits_0_when_nothing_is_due_1_when_something_is_2_for_bad_input() {
    let s = sample();
    // The phone plan's two are overdue (the car's and the bridge's payments also settled
    // their next installments early), and L1's 2026-03-31 falls within 11 days, not 10.
    let listed = |days: &str| -> Vec<(String, String)> {
        let out = s.run(AS_OF, &["due", "--within", days, "--format", "json"]);
        assert_eq!(out.status.code(), Some(1));
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            json["until"],
            day(AS_OF)
                .checked_add_days(Days::new(days.parse().unwrap()))
                .unwrap()
                .to_string()
        );
        json["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["loan"].as_str().unwrap().into(),
                    i["due_date"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    let overdue = vec![pair("L3", "2026-02-05"), pair("L3", "2026-03-05")];
    assert_eq!(listed("10"), overdue);
    let mut with_l1 = overdue.clone();
    with_l1.push(pair("L1", "2026-03-31"));
    assert_eq!(listed("11"), with_l1);

    let quiet = s.run(AS_OF, &["due", "--within", "3", "--quiet"]);
    assert_eq!(quiet.status.code(), Some(1));
    assert!(quiet.stdout.is_empty() && quiet.stderr.is_empty());

    // A store with nothing due: exit 0, and a sentence saying so.
    let empty = Sandbox::new();
    empty.ok(
        AS_OF,
        &args(
            "add --name later --principal 1000 --annual-rate 5 \
             --term 3 --method equal-installment --start 2026-03-19",
        ),
    );
    let out = empty.run(AS_OF, &["due", "--within", "27"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("Nothing overdue or due by 2026-04-16")
    );
    assert_eq!(
        empty
            .run(AS_OF, &["due", "--within", "27", "--quiet"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        empty
            .run(AS_OF, &["due", "--within", "30", "--quiet"])
            .status
            .code(),
        Some(1)
    );

    assert_refused(&s.run(AS_OF, &["due", "--within", "-1"]), "--within");
    assert_refused(&s.run(AS_OF, &["due", "--within", "soon"]), "--within");
    assert_refused(&s.run(AS_OF, &["due", "--quiet"]), "--within");
    assert_refused(
        &s.run(AS_OF, &["due", "--within", "3", "--month", "2026-03"]),
        "--month",
    );
}

#[test]
fn status_short_is_one_line_of_this_months_due_and_what_is_overdue() {
    let s = sample();
    let due = s.json(AS_OF, &["due"]);
    let items = due["items"].as_array().unwrap();
    let overdue = items.iter().filter(|i| i["status"] == "overdue").count();
    assert_eq!(overdue, 2);
    let expected = format!("¥{} due · 2 overdue\n", group(dec(&due["total"])));
    assert_eq!(s.ok(AS_OF, &["status", "--short"]), expected);
    let zh = s.ok(AS_OF, &["--lang", "zh", "status", "--short"]);
    assert_eq!(
        zh,
        format!("本月应还 ¥{} · 逾期 2 笔\n", group(dec(&due["total"])))
    );
    let json = s.json(AS_OF, &["status"]);
    assert_eq!(
        (json["due"].clone(), json["overdue"].clone()),
        (due["total"].clone(), serde_json::json!(2))
    );

    let empty = Sandbox::new();
    assert_eq!(empty.ok(AS_OF, &["status", "--short"]), "nothing due\n");
}
