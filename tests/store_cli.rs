//! The store commands driven end to end as a user or script would: the real binary with
//! `--store <tempdir>/loans.ron` (once through `LOANDASH_STORE`), fixed `--as-of` dates,
//! its stdout, stderr, exit code and the bytes of the store file.
//!
//! Expected figures are never copied from what the program printed: they come from
//! `loandash schedule --format json` of the same loan (the engine's contract, tested on
//! its own in `schedule_cli.rs`) or by hand from the formulas of DOMAIN.md.

mod common;

use common::{
    Sandbox, ScheduleRow, WORKED, args, dec as d, half_up, json_amount as amount,
    json_text as text, keys, loandash, stderr_of,
};
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::BTreeSet;
use std::fs;

// ------------------------------------------------------------------------ loans --

/// Equal principal at 12 %/year under 30/360: 5,000 over 12 months from Jan 15.
const EP_30_360: &str = "--principal 5000 --annual-rate 12 --term 12 --method equal-principal \
                         --start 2026-01-15";

/// 8,000 at 0.05 %/day under actual/360 over 4 months from Jan 20.
const ACT_360: &str = "--principal 8000 --daily-rate 0.05 --term 4 --method equal-installment \
                       --start 2026-01-20 --day-count actual/360";

// ---------------------------------------------------------------------- helpers --

fn days(from: &str, to: &str) -> i64 {
    let from: chrono::NaiveDate = from.parse().expect("a test date");
    let to: chrono::NaiveDate = to.parse().expect("a test date");
    (to - from).num_days()
}

/// DOMAIN.md: penalty = round(unpaid principal × R / base × days).
fn penalty(unpaid: Decimal, rate_percent: Decimal, base: i64, days: i64) -> Decimal {
    half_up(
        unpaid * rate_percent / Decimal::ONE_HUNDRED * Decimal::from(days) / Decimal::from(base),
    )
}

/// A JSON amount: a string with exactly two decimals, as a Decimal.
fn set<'a>(names: &[&'a str]) -> BTreeSet<&'a str> {
    names.iter().copied().collect()
}

fn items(value: &Value) -> &Vec<Value> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("{value} is not a JSON array"))
}

/// The engine's schedule for a loan (the same flags as `add`), with prepayments.
fn schedule(loan: &[&str], prepays: &[String]) -> (Vec<ScheduleRow>, Value) {
    let mut words = [&["schedule"], loan, &["--format", "json"]].concat();
    for p in prepays {
        words.extend(["--prepay", p]);
    }
    let out = loandash(&words);
    assert!(out.status.success(), "schedule failed: {}", stderr_of(&out));
    let json: Value = serde_json::from_slice(&out.stdout).expect("schedule JSON");
    let rows = items(&json["rows"])
        .iter()
        .map(ScheduleRow::from_json)
        .collect();
    (rows, json)
}

fn scheduled(rows: &[ScheduleRow]) -> Vec<ScheduleRow> {
    rows.iter()
        .filter(|r| r.kind == "scheduled")
        .cloned()
        .collect()
}

/// The worked loan added as 借呗, and its schedule as the engine writes it.
fn worked_loan(s: &Sandbox) -> (String, Vec<ScheduleRow>) {
    (s.add("借呗", WORKED, &[]), schedule(WORKED, &[]).0)
}

fn row_due_on<'a>(rows: &'a [ScheduleRow], date: &str) -> &'a ScheduleRow {
    rows.iter()
        .find(|r| r.kind == "scheduled" && r.due_date == date)
        .unwrap_or_else(|| panic!("no scheduled row due {date} in {rows:#?}"))
}

impl Sandbox {
    /// `add` a loan; its id.
    fn add(&self, name: &str, loan: &[&str], extra: &[&str]) -> String {
        let mut args = vec!["add", "--name", name];
        args.extend(loan);
        args.extend(extra);
        let json = self.json("2026-01-01", &args);
        assert_eq!(keys(&json), set(&["id"]), "add JSON: {json}");
        let id = text(&json["id"]).to_string();
        assert!(!id.is_empty(), "an empty id");
        id
    }

    /// `revolving` with these flags (written as one line); the account's id.
    fn revolving(&self, as_of: &str, flags: &str) -> String {
        let json = self.json(as_of, &[&["revolving"], &args(flags)[..]].concat());
        assert_eq!(keys(&json), set(&["id"]), "revolving JSON: {json}");
        text(&json["id"]).to_string()
    }

    fn pay(&self, as_of: &str, loan: &str, cash: &str, date: &str, mode: &str) -> Value {
        self.pay_as(as_of, loan, cash, date, &["--mode", mode])
    }

    /// `pay … --prepay`: beyond what is due, all of it a prepayment.
    fn prepay(&self, as_of: &str, loan: &str, cash: &str, date: &str, mode: &str) -> Value {
        self.pay_as(as_of, loan, cash, date, &["--mode", mode, "--prepay"])
    }

    fn pay_as(&self, as_of: &str, loan: &str, cash: &str, date: &str, extra: &[&str]) -> Value {
        let mut args = vec!["pay", "--loan", loan, "--amount", cash, "--date", date];
        args.extend(extra);
        let json = self.json(as_of, &args);
        assert_eq!(
            keys(&json),
            set(&[
                "loan",
                "date",
                "towards_due",
                "towards_upcoming",
                "prepaid_principal",
                "prepaid_interest",
                "mode",
                "balance"
            ]),
            "pay JSON: {json}"
        );
        for k in [
            "towards_due",
            "towards_upcoming",
            "prepaid_principal",
            "prepaid_interest",
            "balance",
        ] {
            amount(&json[k]);
        }
        assert_eq!(text(&json["loan"]), loan);
        assert_eq!(text(&json["date"]), date);
        json
    }

    fn bytes(&self) -> Vec<u8> {
        fs::read(&self.store).expect("read the store")
    }

    /// The sandbox's files (names), to see that a failure wrote nothing beside the store.
    fn files(&self) -> BTreeSet<String> {
        fs::read_dir(self.dir.path())
            .expect("list the sandbox")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect()
    }
}

/// `list --format json`'s row for a loan.
fn list_row(sandbox: &Sandbox, as_of: &str, id: &str) -> Value {
    let list = sandbox.json(as_of, &["list"]);
    check_list_shape(&list);
    items(&list["loans"])
        .iter()
        .find(|l| l["id"] == id)
        .unwrap_or_else(|| panic!("{id} not in list: {list}"))
        .clone()
}

fn check_list_shape(list: &Value) {
    assert_eq!(
        keys(list),
        set(&["loans", "revolving"]),
        "list JSON: {list}"
    );
    for loan in items(&list["loans"]) {
        assert_eq!(
            keys(loan),
            set(&[
                "id",
                "name",
                "lender",
                "method",
                "principal",
                "balance",
                "paid",
                "total",
                "next_due_date",
                "next_payment",
                "overdue",
                "apr"
            ]),
            "list loan: {loan}"
        );
        for k in ["principal", "balance", "apr"] {
            amount(&loan[k]);
        }
        if !loan["next_payment"].is_null() {
            amount(&loan["next_payment"]);
        }
        for k in ["paid", "total", "overdue"] {
            assert!(loan[k].is_u64(), "{k} is a count: {loan}");
        }
    }
    for account in items(&list["revolving"]) {
        assert_eq!(
            keys(account),
            set(&[
                "id",
                "name",
                "lender",
                "balance",
                "minimum",
                "due_date",
                "next_due_date",
                "next_payment"
            ]),
            "list revolving: {account}"
        );
        amount(&account["balance"]);
        amount(&account["minimum"]);
        if !account["next_payment"].is_null() {
            amount(&account["next_payment"]);
        }
    }
}

/// The fixed `due` shape, two-decimal amounts, amount = principal + interest + penalty,
/// and total = the sum of the unpaid items' amounts.
fn check_due_shape(due: &Value, month: &str, as_of: &str) {
    assert_eq!(
        keys(due),
        set(&["month", "as_of", "total", "items"]),
        "due JSON: {due}"
    );
    assert_eq!(text(&due["month"]), month);
    assert_eq!(text(&due["as_of"]), as_of);
    let mut unpaid = Decimal::ZERO;
    for item in items(&due["items"]) {
        assert_eq!(
            keys(item),
            set(&[
                "loan",
                "name",
                "due_date",
                "amount",
                "principal",
                "interest",
                "penalty",
                "status"
            ]),
            "due item: {item}"
        );
        let status = text(&item["status"]);
        assert!(
            ["upcoming", "overdue", "paid"].contains(&status),
            "status {status:?}"
        );
        assert_eq!(
            amount(&item["amount"]),
            amount(&item["principal"]) + amount(&item["interest"]) + amount(&item["penalty"]),
            "amount = principal + interest + penalty: {item}"
        );
        if status != "paid" {
            unpaid += amount(&item["amount"]);
        }
    }
    assert_eq!(
        amount(&due["total"]),
        unpaid,
        "total of unpaid items: {due}"
    );
}

fn due(sandbox: &Sandbox, as_of: &str, month: &str) -> Value {
    let json = sandbox.json(as_of, &["due", "--month", month]);
    check_due_shape(&json, month, as_of);
    json
}

/// A due item as [`due_items`] reads it: (due_date, status, principal, interest, penalty).
type DueItem = (String, String, Decimal, Decimal, Decimal);

fn item(date: &str, status: &str, principal: Decimal, interest: Decimal, pen: Decimal) -> DueItem {
    (date.into(), status.into(), principal, interest, pen)
}

/// A schedule's row as `due` lists it, with this status and penalty.
fn scheduled_item(row: &ScheduleRow, status: &str, penalty: Decimal) -> DueItem {
    item(&row.due_date, status, row.principal, row.interest, penalty)
}

/// A revolving account's minimum as `due` lists it: principal only.
fn minimum_item(date: &str, status: &str, minimum: Decimal) -> DueItem {
    item(date, status, minimum, Decimal::ZERO, Decimal::ZERO)
}

/// The due items of one loan.
fn due_items(due: &Value, loan: &str) -> Vec<DueItem> {
    items(&due["items"])
        .iter()
        .filter(|i| i["loan"] == loan)
        .map(|i| {
            (
                text(&i["due_date"]).to_string(),
                text(&i["status"]).to_string(),
                amount(&i["principal"]),
                amount(&i["interest"]),
                amount(&i["penalty"]),
            )
        })
        .collect()
}

fn with(base: &[&str], extra: &[&str]) -> Vec<String> {
    base.iter().chain(extra).map(|s| s.to_string()).collect()
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// Default penalty rate of the worked loan: 1.5 × (0.05 × 365) = 27.375 %/year.
fn worked_penalty_rate() -> Decimal {
    d("0.05") * d("365") * d("1.5")
}

// ------------------------------------------------------------------------- add --

#[test]
fn add_prints_only_the_new_id_and_the_store_holds_the_loan() {
    let s = Sandbox::new();
    let first = s.add("借呗 2026-01", WORKED, &["--lender", "蚂蚁"]);
    let second = s.add("bank", &args(EP_30_360), &[]);
    let third = s.add("card plan", &args(ACT_360), &["--penalty-rate", "30"]);
    let ids = set(&[&first, &second, &third]);
    assert_eq!(ids.len(), 3, "ids are distinct: {ids:?}");

    // The raw output is exactly one JSON object with one string.
    let out = s.ok(
        "2026-01-01",
        &strs(&with(&["add", "--name", "x", "--format", "json"], WORKED)),
    );
    let parsed: Value = serde_json::from_str(&out).expect("add prints JSON");
    assert_eq!(keys(&parsed), set(&["id"]));
    let fourth = text(&parsed["id"]).to_string();
    assert!(!ids.contains(fourth.as_str()), "a fresh id: {fourth}");

    let stored = fs::read_to_string(&s.store).expect("the store exists after add");
    let (data, read_only) = loandash::store::from_ron(&stored, &s.store).expect("the store parses");
    assert!(read_only.is_none());
    assert_eq!(data.loans.len(), 4);
    let loan = data
        .loans
        .iter()
        .find(|l| l.id == first)
        .expect("first loan stored");
    assert_eq!(loan.name, "借呗 2026-01");
    assert_eq!(loan.lender, "蚂蚁");
    assert_eq!(loan.principal, d("10000"));
    assert_eq!(loan.term, 6);
    assert_eq!(loan.start.to_string(), "2026-01-31");
    assert_eq!(loan.penalty_rate, None);
    let stored_third = data.loans.iter().find(|l| l.id == third).unwrap();
    assert_eq!(stored_third.name, "card plan");
    assert_eq!(stored_third.penalty_rate, Some(d("30")));
    // Amounts are quoted strings in the file, never bare floats.
    assert!(stored.contains("\"10000.00\""), "{stored}");

    // And `list` shows them, in the order added.
    let list = s.json("2026-01-01", &["list"]);
    check_list_shape(&list);
    let listed: Vec<&str> = items(&list["loans"])
        .iter()
        .map(|l| text(&l["id"]))
        .collect();
    assert_eq!(listed, [first.as_str(), &second, &third, &fourth]);
}

#[test]
fn amounts_are_accepted_as_the_app_and_lenders_show_them() {
    let s = Sandbox::new();
    let terms = "--daily-rate 0.05 --term 6 --method equal-installment --start 2026-01-31";
    let id = s.add("shown", &args(terms), &["--principal", "¥12,000.50"]);
    let paid = [
        "pay",
        "--loan",
        &id,
        "--date",
        "2026-02-28",
        "--amount",
        "1,000",
    ];
    s.ok("2026-03-01", &paid);
    let stored = fs::read_to_string(&s.store).expect("the store");
    let (data, _) = loandash::store::from_ron(&stored, &s.store).expect("the store parses");
    assert_eq!(data.loans[0].principal, d("12000.50"));
    assert_eq!(data.payments[0].amount, d("1000.00"));

    // A comma that does not separate thousands is a typo, not a number to guess at.
    let before = fs::read(&s.store).expect("the store");
    for typo in ["1,5", "12,00.50", "1,0000"] {
        let pay = ["pay", "--loan", &id, "--amount", typo, "--lang", "en"];
        let stderr = s.fail("2026-03-01", &pay, 2);
        assert!(
            stderr.contains("not an amount such as 12000.50"),
            "{stderr}"
        );
    }
    assert_eq!(fs::read(&s.store).expect("the store"), before);
}

#[test]
fn payments_from_a_bank_statement_import_as_pay_records_them() {
    let terms = "--daily-rate 0.05 --term 6 --method equal-installment --start 2026-01-31";
    let (imported, paid) = (Sandbox::new(), Sandbox::new());
    let id = imported.add("loan", &args(terms), &["--principal", "10000"]);
    assert_eq!(
        paid.add("loan", &args(terms), &["--principal", "10000"]),
        id
    );
    // Only the date, the amount and the loan: no kind, no mode.
    let csv = imported.path("statement.csv");
    let rows = format!("date,amount,loan\n2026-02-28,\"¥1,724.55\",{id}\n2026-03-31,3000,{id}\n");
    fs::write(&csv, rows).unwrap();
    imported.ok("2026-04-01", &["import", "payments", csv.to_str().unwrap()]);
    for (date, amount) in [("2026-02-28", "1724.55"), ("2026-03-31", "3000")] {
        paid.ok(
            date,
            &["pay", "--loan", &id, "--date", date, "--amount", amount],
        );
    }
    let payments = |s: &Sandbox| s.json("2026-04-01", &["payments", "list"]);
    assert_eq!(payments(&imported), payments(&paid));
    assert_eq!(
        list_row(&imported, "2026-04-01", &id),
        list_row(&paid, "2026-04-01", &id)
    );
}

#[test]
fn the_store_can_come_from_loandash_store_and_defaults_to_the_data_dir() {
    let s = Sandbox::new();
    let env_store = s.path("from-env.ron");
    let out = s
        .bare()
        .env("LOANDASH_STORE", &env_store)
        .args(args("--as-of 2026-02-01 --format json add --name env"))
        .args(WORKED)
        .output()
        .expect("run loandash");
    assert!(out.status.success(), "{}", stderr_of(&out));
    let id: Value = serde_json::from_slice(&out.stdout).expect("add JSON");
    assert!(env_store.exists(), "LOANDASH_STORE names the store");
    assert!(!s.store.exists());

    // The same file read through --store holds the loan.
    let other = Sandbox {
        store: env_store.clone(),
        dir: tempfile::tempdir().unwrap(),
    };
    let row = list_row(&other, "2026-02-01", text(&id["id"]));
    assert_eq!(text(&row["name"]), "env");

    // --store wins over LOANDASH_STORE.
    let out = s
        .bare()
        .env("LOANDASH_STORE", &env_store)
        .arg("--store")
        .arg(&s.store)
        .args(["--as-of", "2026-02-01", "add", "--name", "flag"])
        .args(WORKED)
        .output()
        .expect("run loandash");
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(s.store.exists());
    let env_list = other.json("2026-02-01", &["list"]);
    assert_eq!(items(&env_list["loans"]).len(), 1, "{env_list}");

    // Neither: loans.ron in the platform data folder (here inside the sandbox).
    if cfg!(target_os = "linux") {
        let out = s
            .bare()
            .args(["--as-of", "2026-02-01", "profile", "--score", "700"])
            .output()
            .expect("run loandash");
        assert!(out.status.success(), "{}", stderr_of(&out));
        assert!(
            s.path("xdg-data")
                .join("loandash")
                .join("loans.ron")
                .exists(),
            "default store under XDG_DATA_HOME"
        );
    }
}

// ------------------------------------------------------------------------- due --

#[test]
fn due_shows_an_upcoming_installment_as_the_schedule_has_it() {
    let s = Sandbox::new();
    let (id, rows) = worked_loan(&s);

    // The exact shape, from the raw bytes (default month: the as-of month).
    let out = s.ok("2026-02-10", &["due", "--format", "json"]);
    let json: Value = serde_json::from_str(&out).expect("due JSON");
    check_due_shape(&json, "2026-02", "2026-02-10");
    let first = row_due_on(&rows, "2026-02-28");
    assert_eq!(
        due_items(&json, &id),
        [scheduled_item(first, "upcoming", Decimal::ZERO)]
    );
    let item = &items(&json["items"])[0];
    assert_eq!(text(&item["name"]), "借呗");
    assert_eq!(amount(&item["amount"]), first.payment);
    assert_eq!(amount(&json["total"]), first.payment);

    // Later months: each month has exactly its scheduled installment.
    for row in scheduled(&rows) {
        let month = &row.due_date[..7];
        let json = due(&s, "2026-02-10", month);
        assert_eq!(
            due_items(&json, &id),
            [scheduled_item(&row, "upcoming", Decimal::ZERO)],
            "month {month}"
        );
        assert_eq!(amount(&json["total"]), row.payment, "month {month}");
    }
    // After the loan's end nothing is due.
    let json = due(&s, "2026-02-10", "2026-08");
    assert!(items(&json["items"]).is_empty(), "{json}");
    assert_eq!(text(&json["total"]), "0.00");
}

#[test]
fn due_carries_a_missed_installment_with_its_penalty() {
    let s = Sandbox::new();
    let (id, rows) = worked_loan(&s);
    let feb = row_due_on(&rows, "2026-02-28");
    let mar = row_due_on(&rows, "2026-03-31");

    let json = due(&s, "2026-03-10", "2026-03");
    let pen = penalty(
        feb.principal,
        worked_penalty_rate(),
        365,
        days("2026-02-28", "2026-03-10"),
    );
    assert_eq!(
        due_items(&json, &id),
        [
            scheduled_item(feb, "overdue", pen),
            scheduled_item(mar, "upcoming", Decimal::ZERO),
        ]
    );
    assert_eq!(
        amount(&json["total"]),
        feb.payment + pen + mar.payment,
        "{json}"
    );

    // list agrees: one overdue, the next payment is the missed one with its penalty.
    let row = list_row(&s, "2026-03-10", &id);
    assert_eq!(row["overdue"], 1);
    assert_eq!(row["paid"], 0);
    assert_eq!(text(&row["next_due_date"]), "2026-02-28");
    assert_eq!(amount(&row["next_payment"]), feb.payment + pen);
}

#[test]
fn penalty_base_is_360_only_under_actual_360_and_the_rate_can_be_set() {
    let s = Sandbox::new();
    let act = s.add("actual/360", &args(ACT_360), &[]);
    let thirty = s.add("30/360", &args(EP_30_360), &[]);
    let own = s.add("own rate", &args(EP_30_360), &["--penalty-rate", "36.5"]);
    let as_of = "2026-04-07";
    let json = due(&s, as_of, "2026-04");

    // The installments due up to the end of April: overdue ones with their penalty at
    // `rate` over `base` days a year, the April one upcoming.
    let expected = |loan: &[&str], rate: Decimal, base: i64| {
        let (rows, _) = schedule(loan, &[]);
        scheduled(&rows)
            .iter()
            .filter(|r| r.due_date.as_str() <= "2026-04-30")
            .map(|r| {
                let late = days(&r.due_date, as_of);
                let (status, pen) = if late > 0 {
                    ("overdue", penalty(r.principal, rate, base, late))
                } else {
                    ("upcoming", Decimal::ZERO)
                };
                scheduled_item(r, status, pen)
            })
            .collect::<Vec<_>>()
    };

    // actual/360: annual = 0.05 × 360 = 18 %, penalty rate 27 %, base 360.
    let act_expected = expected(&args(ACT_360), d("0.05") * d("360") * d("1.5"), 360);
    let statuses: Vec<&str> = act_expected.iter().map(|e| e.1.as_str()).collect();
    assert_eq!(
        statuses,
        ["overdue", "overdue", "upcoming"],
        "Feb 20, Mar 20 missed"
    );
    assert_eq!(due_items(&json, &act), act_expected);

    // 30/360 at 12 %: penalty rate 18 %, base 365 (only actual/360 uses 360); and a
    // penalty rate given with --penalty-rate.
    for (id, rate) in [(&thirty, d("18")), (&own, d("36.5"))] {
        let want = expected(&args(EP_30_360), rate, 365);
        let statuses: Vec<&str> = want.iter().map(|e| e.1.as_str()).collect();
        assert_eq!(
            statuses,
            ["overdue", "overdue", "upcoming"],
            "Feb 15, Mar 15 missed"
        );
        assert_eq!(due_items(&json, id), want, "loan {id}");
    }
}

#[test]
fn a_paid_installment_is_shown_paid_and_left_out_of_the_total() {
    let s = Sandbox::new();
    let id = s.add("借呗", WORKED, &[]);
    let other = s.add("bank", &args(EP_30_360), &[]);
    let (rows, _) = schedule(WORKED, &[]);
    let (other_rows, _) = schedule(&args(EP_30_360), &[]);
    let feb = row_due_on(&rows, "2026-02-28");
    let other_feb = row_due_on(&other_rows, "2026-02-15");
    // The bank loan's February installment is paid on its due date; 借呗's is not yet due.
    s.pay(
        "2026-02-15",
        &other,
        &other_feb.payment.to_string(),
        "2026-02-15",
        "shorten",
    );

    let json = due(&s, "2026-02-20", "2026-02");
    assert_eq!(
        due_items(&json, &other),
        [scheduled_item(other_feb, "paid", Decimal::ZERO)]
    );
    assert_eq!(
        due_items(&json, &id),
        [scheduled_item(feb, "upcoming", Decimal::ZERO)]
    );
    assert_eq!(
        amount(&json["total"]),
        feb.payment,
        "the paid item is not in the total"
    );

    // CSV carries the same items.
    let csv = s.ok(
        "2026-02-20",
        &["due", "--month", "2026-02", "--format", "csv"],
    );
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("loan,name,due_date,amount,principal,interest,penalty,status")
    );
    assert_eq!(lines.count(), 2, "{csv}");
}

#[test]
fn a_past_month_shows_only_its_own_installments_with_penalty_to_the_as_of_date() {
    let s = Sandbox::new();
    let (id, rows) = worked_loan(&s);
    let as_of = "2026-04-15";
    let r = worked_penalty_rate();
    for (month, date) in [("2026-02", "2026-02-28"), ("2026-03", "2026-03-31")] {
        let row = row_due_on(&rows, date);
        let json = due(&s, as_of, month);
        let pen = penalty(row.principal, r, 365, days(date, as_of));
        assert_eq!(
            due_items(&json, &id),
            [item(date, "overdue", row.principal, row.interest, pen)],
            "a past month does not pick up later overdues: {json}"
        );
        assert_eq!(amount(&json["total"]), row.payment + pen);
    }
    // The current month carries both overdue installments and its own.
    let json = due(&s, as_of, "2026-04");
    let got = due_items(&json, &id);
    let dates: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
    assert_eq!(dates, ["2026-02-28", "2026-03-31", "2026-04-30"]);
    let statuses: Vec<&str> = got.iter().map(|g| g.1.as_str()).collect();
    assert_eq!(statuses, ["overdue", "overdue", "upcoming"]);
    let expected_total: Decimal = ["2026-02-28", "2026-03-31", "2026-04-30"]
        .iter()
        .map(|date| {
            let row = row_due_on(&rows, date);
            row.payment + penalty(row.principal, r, 365, days(date, as_of).max(0))
        })
        .sum();
    assert_eq!(amount(&json["total"]), expected_total);
}

#[test]
fn revolving_minimum_is_the_larger_of_floor_and_percent_capped_at_the_balance() {
    let s = Sandbox::new();
    let loan = s.add("借呗", WORKED, &[]);
    let mut ids = Vec::new();
    // (balance, floor): 10 % of 3,000 = 300 > 50; 10 % of 300 = 30 < 50; 20 < 50 → 20.
    let cases = [("3000", "50"), ("300", "50"), ("20", "50")];
    for (i, (balance, floor)) in cases.iter().enumerate() {
        let json = s.json(
            "2026-03-01",
            &[
                "revolving",
                "--name",
                &format!("花呗 {i}"),
                "--balance",
                balance,
                "--daily-rate",
                "0.05",
                "--min-floor",
                floor,
                "--due-day",
                "10",
            ],
        );
        assert_eq!(keys(&json), set(&["id"]));
        ids.push(text(&json["id"]).to_string());
    }
    // Updating an account by name keeps its id.
    let again = s.json(
        "2026-03-01",
        &[
            "revolving",
            "--name",
            "花呗 0",
            "--balance",
            "3000",
            "--daily-rate",
            "0.05",
            "--min-floor",
            "50",
        ],
    );
    assert_eq!(text(&again["id"]), ids[0]);
    let all: BTreeSet<&str> = ids
        .iter()
        .map(String::as_str)
        .chain([loan.as_str()])
        .collect();
    assert_eq!(all.len(), 4, "ids are distinct across loans and accounts");
    let minimum = |balance: &str, floor: &str| {
        let b = d(balance);
        (half_up(b * d("0.10"))).max(d(floor)).min(b)
    };

    let json = due(&s, "2026-03-01", "2026-03");
    for (id, (balance, floor)) in ids.iter().zip(cases) {
        let m = minimum(balance, floor);
        assert_eq!(
            due_items(&json, id),
            [minimum_item("2026-03-10", "upcoming", m)],
            "account {id}"
        );
    }
    // The loan's missed February installment (1 day late) and its March one are there too.
    let (rows, _) = schedule(WORKED, &[]);
    let feb = row_due_on(&rows, "2026-02-28");
    let mar = row_due_on(&rows, "2026-03-31");
    let pen = penalty(feb.principal, worked_penalty_rate(), 365, 1);
    let cards: Decimal = cases.iter().map(|(b, f)| minimum(b, f)).sum();
    assert_eq!(
        amount(&json["total"]),
        feb.payment + pen + mar.payment + cards
    );

    // list shows the accounts with their minimum and due date.
    let list = s.json("2026-03-01", &["list"]);
    check_list_shape(&list);
    for (id, (balance, floor)) in ids.iter().zip(cases) {
        let account = items(&list["revolving"])
            .iter()
            .find(|a| a["id"] == id.as_str())
            .unwrap_or_else(|| panic!("{id} in {list}"));
        assert_eq!(amount(&account["balance"]), d(balance));
        assert_eq!(amount(&account["minimum"]), minimum(balance, floor));
        assert_eq!(text(&account["due_date"]), "2026-03-10");
    }

    // Next month, paying only the minimum (花呗: interest on the unpaid remainder, daily
    // from the due date to the next): 10 % of 2,700 + 2,700 × 0.05 % × 31 days.
    let left = d("3000") - d("300");
    let next = left + half_up(left * d("0.0005") * Decimal::from(days("2026-03-10", "2026-04-10")));
    let april = due(&s, "2026-03-01", "2026-04");
    let items0 = due_items(&april, &ids[0]);
    assert_eq!(items0.len(), 1, "{april}");
    assert_eq!(items0[0].2, half_up(next * d("0.10")).max(d("50")));

    // Paying the minimum makes it paid and leaves it out of the total.
    let paid = s.pay("2026-03-05", &ids[0], "300", "2026-03-05", "shorten");
    assert_eq!(amount(&paid["towards_due"]), d("300"));
    let json = due(&s, "2026-03-05", "2026-03");
    let item = due_items(&json, &ids[0]);
    assert_eq!(item[0].1, "paid", "{json}");
    let list = s.json("2026-03-05", &["list"]);
    let account = items(&list["revolving"])
        .iter()
        .find(|a| a["id"] == ids[0].as_str())
        .unwrap_or_else(|| panic!("{list}"));
    assert_eq!(
        amount(&account["balance"]),
        d("2700"),
        "paid since the statement: {account}"
    );
    let pen = penalty(feb.principal, worked_penalty_rate(), 365, 5);
    assert_eq!(
        amount(&json["total"]),
        feb.payment + pen + mar.payment + cards - d("300")
    );
}

/// A card cut on the 20th is due on the 8th of the next month: on 12-24 its new statement
/// is not overdue on 12-08, it is due on 01-08, and only payments since the cut count.
#[test]
fn a_statement_cut_after_the_due_day_falls_due_the_next_month() {
    let s = Sandbox::new();
    let card = s.revolving(
        "2026-12-24",
        "--name 招行信用卡 --balance 5000 --daily-rate 0.05 --statement-day 20 \
             --due-day 8 --basis statement --min-floor 100",
    );
    // Before the cut: the previous statement's minimum is what the stored balance asks,
    // due this month (the store holds one statement: the latest as of each date).
    assert_eq!(
        due_items(&due(&s, "2026-12-05", "2026-12"), &card),
        [minimum_item("2026-12-08", "upcoming", d("500"))]
    );
    // After the cut on 12-20 the statement is due on 01-08: nothing of it in December.
    assert!(due_items(&due(&s, "2026-12-24", "2026-12"), &card).is_empty());
    let january = |as_of| due_items(&due(&s, as_of, "2027-01"), &card);
    assert_eq!(
        january("2026-12-24"),
        [minimum_item("2027-01-08", "upcoming", d("500"))]
    );
    let list = s.json("2026-12-24", &["list"]);
    let row = &items(&list["revolving"])[0];
    assert_eq!(text(&row["due_date"]), "2027-01-08", "{row}");
    let status = s.json("2026-12-24", &["status"]);
    assert_eq!(status["overdue"], 0, "{status}");
    // Nothing is left to fall due in December: the next date is the card's in January.
    assert_eq!(text(&status["next_due_date"]), "2027-01-08", "{status}");
    // A payment before the cut is in the statement already; one after it counts.
    s.pay_as("2026-12-24", &card, "50", "2026-12-15", &[]);
    s.pay_as("2026-12-24", &card, "200", "2026-12-22", &[]);
    let left = january("2026-12-24");
    assert_eq!(
        left[0].2,
        d("300"),
        "500 less the 200 paid since the cut: {left:?}"
    );
    // Unpaid by its due date, it is overdue.
    assert_eq!(january("2027-01-10")[0].1, "overdue");
}

/// Next month's minimum is projected from what is left after the payments made since
/// the cut, not from the minimum alone: a card paid in full asks nothing next month.
#[test]
fn next_months_minimum_follows_what_was_paid_towards_the_statement() {
    let s = Sandbox::new();
    let card = s.revolving(
        "2026-12-06",
        "--name 卡 --balance 5000 --daily-rate 0.05 --statement-day 20 --due-day 8",
    );
    let pay = |amount: &str| {
        s.pay_as("2026-12-06", &card, amount, "2026-12-05", &[]);
    };
    let january = || due_items(&due(&s, "2026-12-06", "2027-01"), &card);
    // 2,000 of the 5,000 cut on 11-20 paid by its due date 12-08: 3,000 runs 31 days
    // to 01-08 at 0.05 %/day, 46.50, and January's minimum is 10 % of 3,046.50.
    pay("2000");
    assert_eq!(january()[0].0, "2027-01-08");
    assert_eq!(january()[0].2, d("304.65"), "{:?}", january());
    // Its minimum for 12-08 paid, the next one to pay is January's: in `list`, `status`
    // and on the dashboard alike.
    let list = s.json("2026-12-06", &["list"]);
    let row = &items(&list["revolving"])[0];
    assert_eq!(
        (text(&row["next_due_date"]), text(&row["next_payment"])),
        ("2027-01-08", "304.65"),
        "{row}"
    );
    let status = s.json("2026-12-06", &["status"]);
    assert_eq!(text(&status["next_due_date"]), "2027-01-08", "{status}");
    let store = loandash::store::Store::open(&s.store).unwrap();
    let app = common::tui::opened(
        loandash::tui::editor::Backing::File(store),
        "2026-12-06".parse().unwrap(),
        loandash::language::Language::En,
    );
    let screen = common::tui::drawn(&app, 80, 24);
    assert!(
        screen
            .iter()
            .any(|l| l.contains("Next payment") && l.contains("304.65") && l.contains("01-08")),
        "{}",
        screen.join("\n")
    );
    // Its minimum paid, a payment on it is offered at what is left: paying in full.
    let mut app = app;
    common::tui::press(&mut app, "p");
    let screen = common::tui::drawn(&app, 80, 24);
    assert!(
        screen
            .iter()
            .any(|l| l.contains("Amount") && l.contains("3000.00")),
        "{}",
        screen.join("\n")
    );
    let payoff = s.json("2026-12-06", &args("simulate payoff --budget 400"));
    assert_eq!(
        text(&payoff["months"][1]["baseline"]),
        "304.65",
        "the simulator's baseline projects January alike: {payoff}"
    );
    // The rest paid: nothing next month, and nothing of the card's in the baseline.
    pay("3000");
    assert!(january().is_empty(), "{:?}", january());
    let list = s.json("2026-12-06", &["list"]);
    assert!(
        items(&list["revolving"])[0]["next_due_date"].is_null(),
        "{list}"
    );
    let payoff = s.json("2026-12-06", &args("simulate payoff --budget 400"));
    assert_eq!(
        text(&payoff["baseline"]["total_interest"]),
        "0.00",
        "{payoff}"
    );
}

/// `status`'s next due date is the first unpaid one on or after the as-of date however
/// far ahead (a bullet loan's in six months), and an overdue minimum (counted apart)
/// does not hide the card's next one.
#[test]
fn the_next_due_date_looks_as_far_ahead_as_it_must() {
    let s = Sandbox::new();
    s.json(
        "2026-12-07",
        &args(
            "add --name 过桥 --principal 10000 --annual-rate 5 --term 6 --method bullet \
             --start 2026-12-01",
        ),
    );
    let status = s.json("2026-12-07", &["status"]);
    assert_eq!(text(&status["next_due_date"]), "2027-06-01", "{status}");
    s.json(
        "2027-01-05",
        &args(
            "revolving --name 卡 --balance 5000 --daily-rate 0.05 --statement-day 1 --due-day 20",
        ),
    );
    // Its 01-20 minimum unpaid on 01-23: overdue, and the next one falls due on 02-20.
    let status = s.json("2027-01-23", &["status"]);
    assert_eq!(status["overdue"], 1, "{status}");
    assert_eq!(text(&status["next_due_date"]), "2027-02-20", "{status}");
}

/// A minimum paid after its due date is paid, late: it no longer counts as overdue.
#[test]
fn a_minimum_paid_late_is_no_longer_overdue() {
    let s = Sandbox::new();
    let card = s.revolving(
        "2027-01-05",
        "--name 卡 --balance 5000 --daily-rate 0.05 --statement-day 1 --due-day 20",
    );
    let january = |as_of| due_items(&due(&s, as_of, "2027-01"), &card);
    assert_eq!(january("2027-01-21")[0].1, "overdue");
    s.pay_as("2027-01-23", &card, "500", "2027-01-22", &[]);
    assert_eq!(
        january("2027-01-23")[0].1,
        "paid",
        "{:?}",
        january("2027-01-23")
    );
    let status = s.json("2027-01-23", &["status"]);
    assert_eq!(status["overdue"], 0, "{status}");
    assert_eq!(text(&status["due"]), "0.00", "{status}");
}

/// Cut on the 30th and due on the 31st, February's statement (cut on the 28th) would fall
/// due on 03-31, after March's cut: such days are refused when entered, naming the day
/// changed, and nothing is written. A store an older version wrote with such days opens
/// with a note saying how to fix the card, and the fix is accepted.
#[test]
fn a_card_whose_statement_would_fall_due_after_the_next_cut_is_refused() {
    let s = Sandbox::new();
    let card = |statement_day: &str, due_day: &str| {
        format!(
            "revolving --name 卡{statement_day} --balance 5000 --daily-rate 0.05 \
             --statement-day {statement_day} --due-day {due_day}"
        )
    };
    for (statement_day, due_day) in [("30", "31"), ("31", "30"), ("15", "15"), ("28", "29")] {
        let line = card(statement_day, due_day);
        let message = s.refused("2027-03-03", &args(&line), 2);
        assert!(
            message.contains("--due-day")
                && message.contains(&format!("due day {due_day} and statement day {statement_day}"))
                && message.contains("the earlier be 1–27")
                // The account being added has no id yet to name.
                && !message.contains("account R"),
            "{line}: {message}"
        );
        let zh = s.refused("2027-03-03", &args(&format!("--lang zh {line}")), 2);
        assert!(
            zh.contains(&format!("还款日 {due_day} 日与账单日 {statement_day} 日")),
            "{line}: {zh}"
        );
    }
    // The nearest days accepted: each statement falls due before the next cut.
    for (statement_day, due_day) in [("27", "31"), ("31", "27"), ("15", "16")] {
        s.ok("2027-03-03", &args(&card(statement_day, due_day)));
    }
    // Changing only the statement day to the due day's is blamed on the statement day.
    let message = s.refused(
        "2027-03-03",
        &args("revolving --name 卡15 --statement-day 16"),
        2,
    );
    assert!(message.starts_with("error: --statement-day:"), "{message}");

    let held = fs::read_to_string(&s.store).unwrap();
    let edited = held.replace("due_day: 27", "due_day: 30");
    assert_ne!(edited, held, "the store holds the card as saved");
    fs::write(&s.store, &edited).unwrap();
    let note = |out: &std::process::Output| {
        assert!(out.status.success(), "{}", stderr_of(out));
        stderr_of(out)
    };
    let opened = note(&s.run("2027-03-03", &["due"]));
    assert!(
        opened.contains("note: account R2:") && opened.contains("--due-day D"),
        "{opened}"
    );
    let fixed = note(&s.run("2027-03-03", &args("revolving --name 卡31 --due-day 27")));
    assert!(
        fixed.contains("note: account R2:"),
        "said while it opens: {fixed}"
    );
    let after = note(&s.run("2027-03-03", &["due"]));
    assert!(!after.contains("note:"), "{after}");
}

/// Before this month's cut (the 5th), a card due on the 15th has last month's statement
/// as its latest: its minimum missed on 11-15 counts in December, beside December's
/// projected one, in `due` and in the simulator's baseline alike.
#[test]
fn a_minimum_missed_last_month_counts_until_paid() {
    let s = Sandbox::new();
    let card = s.revolving(
        "2026-12-03",
        "--name 卡 --balance 3000 --daily-rate 0.05 --statement-day 5 --due-day 15",
    );
    let december = due(&s, "2026-12-03", "2026-12");
    let items = due_items(&december, &card);
    let dates: Vec<(&str, &str)> = items.iter().map(|i| (i.0.as_str(), i.1.as_str())).collect();
    assert_eq!(
        dates,
        [("2026-11-15", "overdue"), ("2026-12-15", "upcoming")]
    );
    assert_eq!(items[0].2, d("300"), "10 % of the 3,000 statement");
    // December's: 2,700 left after the minimum, 30 days at 0.05 %, 10 % of that.
    let left = d("2700") + half_up(d("2700") * d("0.0005") * Decimal::from(30));
    assert_eq!(items[1].2, half_up(left * d("0.10")));
    let plan = s.json("2026-12-03", &args("simulate payoff --budget 5000"));
    assert_eq!(
        amount(&plan["months"][0]["baseline"]),
        amount(&december["total"])
    );
    // Paid on 11-14 (after the cut), nothing is overdue.
    s.pay_as("2026-12-03", &card, "300", "2026-11-14", &[]);
    let items = due_items(&due(&s, "2026-12-03", "2026-12"), &card);
    assert!(items.iter().all(|i| i.1 == "upcoming"), "{items:?}");
}

/// A card's or 花呗's lender is shown wherever a loan's is: `list` in every format.
#[test]
fn a_revolving_account_is_listed_with_its_lender() {
    let s = Sandbox::new();
    let id = s.revolving(
        "2026-03-01",
        "--name 花呗 --lender 支付宝 --balance 3200 --daily-rate 0.05",
    );
    let list = s.json("2026-03-01", &["list"]);
    check_list_shape(&list);
    assert_eq!(text(&items(&list["revolving"])[0]["lender"]), "支付宝");
    let csv = s.ok("2026-03-01", &args("list --format csv"));
    let row = csv
        .lines()
        .find(|l| l.starts_with(&id))
        .expect("the account's row");
    assert!(
        row.starts_with(&format!("{id},花呗,支付宝,revolving,")),
        "{csv}"
    );
    let table = s.ok("2026-03-01", &["list"]);
    let row = table
        .lines()
        .find(|l| l.starts_with(&id))
        .expect("the account's row");
    assert!(
        row.split_whitespace().any(|cell| cell == "支付宝"),
        "{table}"
    );
}

// ------------------------------------------------------------------------- pay --

#[test]
fn paying_the_installment_on_its_due_date_marks_it_paid() {
    let s = Sandbox::new();
    let (id, rows) = worked_loan(&s);
    let feb = row_due_on(&rows, "2026-02-28");
    let mar = row_due_on(&rows, "2026-03-31");

    let paid = s.pay(
        "2026-02-28",
        &id,
        &feb.payment.to_string(),
        "2026-02-28",
        "shorten",
    );
    assert_eq!(amount(&paid["towards_due"]), feb.payment);
    assert_eq!(amount(&paid["prepaid_principal"]), Decimal::ZERO);
    assert_eq!(amount(&paid["prepaid_interest"]), Decimal::ZERO);
    assert!(paid["mode"].is_null(), "no prepayment, no mode: {paid}");
    assert_eq!(amount(&paid["balance"]), feb.balance);

    let row = list_row(&s, "2026-03-01", &id);
    assert_eq!(
        (row["paid"].clone(), row["total"].clone()),
        (1.into(), 6.into())
    );
    assert_eq!(row["overdue"], 0);
    assert_eq!(amount(&row["balance"]), feb.balance);
    assert_eq!(text(&row["next_due_date"]), mar.due_date);
    assert_eq!(amount(&row["next_payment"]), mar.payment);
    let table = s.ok("2026-03-01", &["list"]);
    assert!(table.contains("1/6"), "table shows paid/total:\n{table}");

    let json = due(&s, "2026-03-01", "2026-02");
    assert_eq!(due_items(&json, &id)[0].1, "paid");
    assert_eq!(text(&json["total"]), "0.00");
}

#[test]
fn a_late_payment_settles_penalty_first() {
    let s = Sandbox::new();
    let (id, rows) = worked_loan(&s);
    let feb = row_due_on(&rows, "2026-02-28");
    let late = "2026-03-05";
    let pen = penalty(
        feb.principal,
        worked_penalty_rate(),
        365,
        days(&feb.due_date, late),
    );

    // Paying only the scheduled amount late leaves the penalty's worth of principal unpaid.
    let short = Sandbox::new();
    let short_id = short.add("借呗", WORKED, &[]);
    short.pay(late, &short_id, &feb.payment.to_string(), late, "shorten");
    let row = list_row(&short, late, &short_id);
    assert_eq!(row["paid"], 0);
    assert_eq!(row["overdue"], 1);
    assert_eq!(amount(&row["balance"]), d("10000") - (feb.principal - pen));
    let json = due(&short, late, "2026-03");
    assert_eq!(
        due_items(&json, &short_id)[0],
        item(&feb.due_date, "overdue", pen, Decimal::ZERO, Decimal::ZERO),
        "penalty, then interest, then principal: {json}"
    );

    // Paying the installment with its penalty settles it.
    let total = feb.payment + pen;
    let paid = s.pay(late, &id, &total.to_string(), late, "shorten");
    assert_eq!(amount(&paid["towards_due"]), total);
    assert_eq!(amount(&paid["prepaid_principal"]), Decimal::ZERO);
    assert_eq!(amount(&paid["balance"]), feb.balance);
    let row = list_row(&s, late, &id);
    assert_eq!(
        (row["paid"].clone(), row["overdue"].clone()),
        (1.into(), 0.into())
    );
    let json = due(&s, "2026-03-20", "2026-02");
    assert_eq!(
        due_items(&json, &id),
        [scheduled_item(feb, "paid", pen)],
        "the paid item shows the penalty it carried"
    );
    assert_eq!(text(&json["total"]), "0.00");
}

/// Flat fee of 0.6 % a month on 6,000 over 6 months from Jan 10.
const FLAT_FEE: &str = "--principal 6000 --fee-rate 0.6 --term 6 --method flat-fee \
                        --start 2026-01-10";

/// A payment with an excess over what is due, checked against the engine's schedule
/// with the prepaid principal that `pay` reports.
#[derive(Clone, Copy)]
struct Prepay<'a> {
    loan: &'a [&'a str],
    /// The first installment, settled before the excess.
    first_due: &'static str,
    /// The day of the excess.
    date: &'static str,
    excess: &'static str,
    /// Pay the first installment on its due date first; else it is paid in the same
    /// payment on `date` (with `penalty` if that is late).
    separately: bool,
    penalty: Decimal,
    /// Interest a prepaid principal accrued from the last due date to `date`.
    accrued: fn(Decimal) -> Decimal,
}

/// `case` paid with each prepayment mode, `reduce` and `shorten`.
fn check_prepayment(case: Prepay<'_>) {
    for mode in ["reduce", "shorten"] {
        check_prepayment_in(case, mode);
    }
}

fn check_prepayment_in(case: Prepay<'_>, mode: &str) {
    let s = Sandbox::new();
    let id = s.add("loan", case.loan, &[]);
    let (plain, _) = schedule(case.loan, &[]);
    let first = row_due_on(&plain, case.first_due);
    let excess = d(case.excess);
    let paid = if case.separately {
        s.prepay(
            case.first_due,
            &id,
            &first.payment.to_string(),
            case.first_due,
            mode,
        );
        let paid = s.prepay(case.date, &id, case.excess, case.date, mode);
        assert_eq!(amount(&paid["towards_due"]), Decimal::ZERO, "{paid}");
        paid
    } else {
        let due_now = first.payment + case.penalty;
        let paid = s.prepay(
            case.date,
            &id,
            &(due_now + excess).to_string(),
            case.date,
            mode,
        );
        assert_eq!(amount(&paid["towards_due"]), due_now, "{paid}");
        paid
    };
    assert_eq!(text(&paid["mode"]), mode, "{paid}");
    let principal = amount(&paid["prepaid_principal"]);
    let interest = amount(&paid["prepaid_interest"]);
    assert_eq!(
        interest,
        (case.accrued)(principal),
        "accrued interest: {paid}"
    );
    assert_eq!(
        principal + interest,
        excess,
        "the excess is principal plus its accrued interest: {paid}"
    );

    let prepay = format!("{}:{principal}:{}", case.date, mode);
    let (rows, json) = schedule(case.loan, std::slice::from_ref(&prepay));
    let row = rows
        .iter()
        .find(|r| r.kind == "prepayment")
        .expect("a prepayment row");
    assert_eq!(
        (row.principal, row.interest),
        (principal, interest),
        "{prepay}"
    );
    assert_eq!(amount(&paid["balance"]), row.balance, "{paid}");
    let installments = scheduled(&rows);
    let next = installments
        .iter()
        .find(|r| r.due_date.as_str() > case.date)
        .expect("an installment after the prepayment");

    let listed = list_row(&s, case.date, &id);
    assert_eq!(
        amount(&listed["balance"]),
        row.balance,
        "{prepay}: {listed}"
    );
    assert_eq!(listed["paid"], 1, "{prepay}: {listed}");
    assert_eq!(listed["total"], installments.len(), "{prepay}: {listed}");
    assert_eq!(listed["overdue"], 0, "{prepay}: {listed}");
    assert_eq!(
        text(&listed["next_due_date"]),
        next.due_date,
        "{prepay}: {listed}"
    );
    assert_eq!(
        amount(&listed["next_payment"]),
        next.payment,
        "{prepay}: {listed}"
    );
    assert_eq!(
        amount(&listed["apr"]),
        amount(&json["totals"]["apr"]),
        "{prepay}: {listed}"
    );

    // Every later month's due matches the rebuilt schedule.
    for later in installments
        .iter()
        .filter(|r| r.due_date.as_str() > case.date)
    {
        let month = &later.due_date[..7];
        let json = due(&s, case.date, month);
        assert_eq!(
            due_items(&json, &id),
            [scheduled_item(later, "upcoming", Decimal::ZERO)],
            "{prepay}: month {month}"
        );
    }
    let last = &installments.last().unwrap().due_date;
    let month: u32 = last[5..7].parse().unwrap();
    let after = if month == 12 {
        format!("{}-01", last[..4].parse::<u32>().unwrap() + 1)
    } else {
        format!("{}-{:02}", &last[..4], month + 1)
    };
    assert!(
        due_items(&due(&s, case.date, &after), &id).is_empty(),
        "{prepay}: nothing due after the last installment"
    );
}

fn no_interest(_: Decimal) -> Decimal {
    Decimal::ZERO
}

/// 0.05 %/day from Feb 28 to Mar 10 (10 days).
fn worked_accrued_to_mar_10(principal: Decimal) -> Decimal {
    half_up(principal * d("0.0005") * Decimal::from(days("2026-02-28", "2026-03-10")))
}

/// 12 %/year, 30E/360 days from Feb 15 to Mar 1: (3 − 2) × 30 + (1 − 15) = 16 days.
fn ep_accrued_to_mar_1(principal: Decimal) -> Decimal {
    half_up(principal * d("0.12") * d("16") / d("360"))
}

#[test]
fn excess_on_the_due_date_is_a_prepayment() {
    check_prepayment(Prepay {
        loan: WORKED,
        first_due: "2026-02-28",
        date: "2026-02-28",
        excess: "3000.00",
        separately: false,
        penalty: Decimal::ZERO,
        accrued: no_interest,
    });
}

#[test]
fn a_payment_between_due_dates_is_a_prepayment_with_accrued_interest() {
    check_prepayment(Prepay {
        loan: WORKED,
        first_due: "2026-02-28",
        date: "2026-03-10",
        excess: "3000.00",
        separately: true,
        penalty: Decimal::ZERO,
        accrued: worked_accrued_to_mar_10,
    });
}

#[test]
fn a_late_payment_settles_the_missed_installment_then_prepays_the_rest() {
    let late = days("2026-02-28", "2026-03-10");
    let (rows, _) = schedule(WORKED, &[]);
    let feb = row_due_on(&rows, "2026-02-28");
    check_prepayment(Prepay {
        loan: WORKED,
        first_due: "2026-02-28",
        date: "2026-03-10",
        excess: "3000.00",
        separately: false,
        penalty: penalty(feb.principal, worked_penalty_rate(), 365, late),
        accrued: worked_accrued_to_mar_10,
    });
}

#[test]
fn an_equal_principal_prepayment_accrues_30e_360_interest() {
    check_prepayment(Prepay {
        loan: &args(EP_30_360),
        first_due: "2026-02-15",
        date: "2026-03-01",
        excess: "1000.00",
        separately: true,
        penalty: Decimal::ZERO,
        accrued: ep_accrued_to_mar_1,
    });
}

#[test]
fn a_flat_fee_prepayment_carries_no_accrued_interest() {
    check_prepayment(Prepay {
        loan: &args(FLAT_FEE),
        first_due: "2026-02-10",
        date: "2026-02-20",
        excess: "2000.00",
        separately: true,
        penalty: Decimal::ZERO,
        accrued: no_interest,
    });
}

#[test]
fn pay_without_a_date_pays_on_the_as_of_date() {
    let s = Sandbox::new();
    let (id, rows) = worked_loan(&s);
    let feb = row_due_on(&rows, "2026-02-28");
    let paid = s.json(
        "2026-02-28",
        &["pay", "--loan", &id, "--amount", &feb.payment.to_string()],
    );
    assert_eq!(text(&paid["date"]), "2026-02-28");
    assert_eq!(amount(&paid["towards_due"]), feb.payment);
    let exported = s.ok("2026-02-28", &["export", "payments"]);
    assert_eq!(
        exported,
        format!(
            "date,amount,loan,kind,mode\n2026-02-28,{},{id},scheduled,\n",
            feb.payment
        )
    );
}

#[test]
fn paying_more_than_is_owed_is_refused_and_changes_nothing() {
    let s = Sandbox::new();
    let (id, rows) = worked_loan(&s);
    let feb = row_due_on(&rows, "2026-02-28");
    // On a due date the payoff is the installment plus the balance after it.
    let payoff = feb.payment + feb.balance;
    let before = s.bytes();
    let over = (payoff + d("0.01")).to_string();
    let stderr = s.fail(
        "2026-02-28",
        &[
            "pay",
            "--loan",
            &id,
            "--amount",
            &over,
            "--date",
            "2026-02-28",
        ],
        2,
    );
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains("--amount"), "{stderr}");
    assert_eq!(s.bytes(), before, "the store is byte for byte unchanged");

    // Exactly the payoff clears the loan.
    let paid = s.prepay(
        "2026-02-28",
        &id,
        &payoff.to_string(),
        "2026-02-28",
        "shorten",
    );
    assert_eq!(amount(&paid["balance"]), Decimal::ZERO, "{paid}");
    assert_eq!(amount(&paid["prepaid_principal"]), feb.balance, "{paid}");
    let row = list_row(&s, "2026-03-01", &id);
    assert_eq!(amount(&row["balance"]), Decimal::ZERO, "{row}");
    assert!(row["next_due_date"].is_null(), "nothing left to pay: {row}");
    let json = due(&s, "2026-03-01", "2026-03");
    assert!(due_items(&json, &id).is_empty(), "{json}");

    // And any further payment is more than is owed.
    let before = s.bytes();
    s.fail(
        "2026-03-01",
        &[
            "pay",
            "--loan",
            &id,
            "--amount",
            "1",
            "--date",
            "2026-03-01",
        ],
        2,
    );
    assert_eq!(s.bytes(), before);
}

// --------------------------------------------------------------- list, line, profile --

#[test]
fn list_reports_every_documented_key_and_the_engine_apr() {
    let s = Sandbox::new();
    let id = s.add("借呗", WORKED, &["--lender", "Ant"]);
    let list = s.json("2026-02-01", &["list"]);
    check_list_shape(&list);
    let row = &items(&list["loans"])[0];
    let (rows, json) = schedule(WORKED, &[]);
    assert_eq!(text(&row["id"]), id);
    assert_eq!(text(&row["name"]), "借呗");
    assert_eq!(text(&row["lender"]), "Ant");
    assert_eq!(text(&row["method"]), "equal-installment");
    assert_eq!(amount(&row["principal"]), d("10000"));
    assert_eq!(amount(&row["balance"]), d("10000"));
    assert_eq!(row["paid"], 0);
    assert_eq!(row["total"], scheduled(&rows).len());
    assert_eq!(row["overdue"], 0);
    assert_eq!(text(&row["next_due_date"]), rows[0].due_date);
    assert_eq!(amount(&row["next_payment"]), rows[0].payment);
    assert_eq!(amount(&row["apr"]), amount(&json["totals"]["apr"]));

    // CSV has the same columns, in the documented order.
    let csv = s.ok("2026-02-01", &["list", "--format", "csv"]);
    assert_eq!(
        csv.lines().next(),
        Some(
            "id,name,lender,method,principal,balance,paid,total,next_due_date,next_payment,overdue,apr"
        )
    );
}

#[test]
fn a_credit_line_is_used_by_the_balance_of_its_loans() {
    let s = Sandbox::new();
    let line = |as_of: &str, limit: &str| {
        let json = s.json(as_of, &["line", "--name", "借呗", "--limit", limit]);
        assert_eq!(
            keys(&json),
            set(&["name", "lender", "limit", "used", "available"]),
            "line JSON: {json}"
        );
        assert_eq!(text(&json["name"]), "借呗");
        (
            amount(&json["limit"]),
            amount(&json["used"]),
            amount(&json["available"]),
        )
    };
    let json = s.json(
        "2026-02-01",
        &[
            "line", "--name", "借呗", "--limit", "20000", "--lender", "蚂蚁",
        ],
    );
    assert_eq!(text(&json["lender"]), "蚂蚁");
    assert_eq!(
        line("2026-02-01", "20000"),
        (d("20000"), d("0"), d("20000"))
    );

    // A loan drawn on it uses its balance; a loan not on it does not.
    let id = s.add("drawn", WORKED, &["--line", "借呗"]);
    s.add("elsewhere", &args(EP_30_360), &[]);
    assert_eq!(
        line("2026-02-01", "20000"),
        (d("20000"), d("10000"), d("10000"))
    );
    // The lender is kept when an update does not name one.
    let json = s.json(
        "2026-02-01",
        &["line", "--name", "借呗", "--limit", "20000"],
    );
    assert_eq!(text(&json["lender"]), "蚂蚁");

    // Repaying frees the principal repaid.
    let (rows, _) = schedule(WORKED, &[]);
    let feb = row_due_on(&rows, "2026-02-28");
    s.prepay(
        "2026-02-28",
        &id,
        &(feb.payment + d("1000")).to_string(),
        "2026-02-28",
        "shorten",
    );
    let used = feb.balance - d("1000");
    assert_eq!(
        line("2026-03-01", "20000"),
        (d("20000"), used, d("20000") - used)
    );
    // A lower limit: available is what is left, never negative.
    assert_eq!(line("2026-03-01", "5000"), (d("5000"), used, Decimal::ZERO));

    // A loan on an unknown line is refused.
    let before = s.bytes();
    let mut args = vec!["add", "--name", "x", "--line", "nope"];
    args.extend(WORKED);
    let stderr = s.fail("2026-03-01", &args, 2);
    assert!(
        stderr.starts_with("error: --line") || stderr.contains("--line"),
        "{stderr}"
    );
    assert_eq!(s.bytes(), before);
}

#[test]
fn profile_updates_and_shows_and_refuses_a_bad_score() {
    let s = Sandbox::new();
    let profile_keys = set(&[
        "monthly_income",
        "credit_score",
        "score_date",
        "completeness",
        "score_completeness",
        "currency",
        "language",
    ]);
    let shown = s.json("2026-02-01", &["profile"]);
    assert_eq!(keys(&shown), profile_keys);
    assert!(!s.store.exists(), "showing the profile writes nothing");
    // A score date is the day of a score: without one it is refused.
    let stderr = s.fail("2026-02-01", &["profile", "--score-date", "2026-01-01"], 2);
    assert!(stderr.contains("--score-date"), "{stderr}");

    let updated = s.json(
        "2026-02-01",
        &args("profile --income 12000 --score 700 --completeness 80 --language zh"),
    );
    assert_eq!(keys(&updated), profile_keys);
    assert_eq!(amount(&updated["monthly_income"]), d("12000"));
    assert_eq!(updated["credit_score"], 700);
    // A score is a reading on a day: the as-of date unless told.
    assert_eq!(text(&updated["score_date"]), "2026-02-01");
    assert_eq!(updated["completeness"], 80);
    assert_eq!(text(&updated["language"]), "zh");

    // Shown again from the store; a partial update keeps the other fields.
    let again = s.json(
        "2026-03-01",
        &["profile", "--score", "720", "--score-date", "2026-02-20"],
    );
    assert_eq!(again["credit_score"], 720);
    assert_eq!(text(&again["score_date"]), "2026-02-20");
    assert_eq!(amount(&again["monthly_income"]), d("12000"));
    assert_eq!(again["completeness"], 80);
    assert_eq!(again["score_completeness"], 80);
    assert_eq!(s.json("2026-02-01", &["profile"]), again);
    // Completing the profile after the score was read keeps what the score was read
    // with (the change moves the projection); a new score is read with the new one.
    let completed = s.json("2026-03-02", &["profile", "--completeness", "95"]);
    assert_eq!(
        (&completed["completeness"], &completed["score_completeness"]),
        (&95.into(), &80.into())
    );
    let rescored = s.json("2026-03-03", &["profile", "--score", "730"]);
    assert_eq!(rescored["score_completeness"], 95);
    s.json(
        "2026-03-04",
        &args("profile --score 720 --score-date 2026-02-20 --completeness 80"),
    );
    let again = s.json("2026-03-01", &["profile"]);

    let before = s.bytes();
    for bad in ["200", "951", "349"] {
        let stderr = s.fail("2026-02-01", &["profile", "--score", bad], 2);
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        assert!(stderr.contains("--score"), "{stderr}");
        assert_eq!(s.bytes(), before);
    }
    assert_eq!(s.json("2026-02-01", &["profile"]), again);
}

// -------------------------------------------------------------- export / import --

fn populated() -> (Sandbox, String, String) {
    let s = Sandbox::new();
    let a = s.add("借呗", WORKED, &["--lender", "蚂蚁"]);
    let b = s.add(
        "bank",
        &args(EP_30_360),
        &["--penalty-rate", "30", "--lender", "ICBC"],
    );
    s.add("a360", &args(ACT_360), &[]);
    let (rows, _) = schedule(WORKED, &[]);
    let feb = row_due_on(&rows, "2026-02-28");
    s.prepay(
        "2026-02-28",
        &a,
        &(feb.payment + d("2000")).to_string(),
        "2026-02-28",
        "reduce",
    );
    let (rows, _) = schedule(&args(EP_30_360), &[]);
    s.pay(
        "2026-02-15",
        &b,
        &row_due_on(&rows, "2026-02-15").payment.to_string(),
        "2026-02-15",
        "shorten",
    );
    s.prepay("2026-03-01", &b, "1000", "2026-03-01", "shorten");
    (s, a, b)
}

fn export(s: &Sandbox, table: &str) -> String {
    let out = s.ok("2026-03-20", &["export", table]);
    assert!(out.ends_with('\n'));
    out
}

#[test]
fn import_says_how_many_it_took_in_words_that_agree_with_the_count() {
    let s = Sandbox::new();
    let loan = "name,principal,annual_rate,method,term,start\n";
    let row = |name: &str| format!("{name},12000,6,equal-installment,12,2026-01-15\n");
    let one = s.path("one.csv");
    fs::write(&one, format!("{loan}{}", row("Car"))).unwrap();
    let two = s.path("two.csv");
    fs::write(&two, format!("{loan}{}{}", row("Van"), row("Bike"))).unwrap();
    let paid = s.path("paid.csv");
    fs::write(&paid, "date,amount,loan\n2026-02-15,1032.80,L1\n").unwrap();
    let import = |kind: &str, file: &std::path::Path| {
        s.ok("2026-03-01", &["import", kind, &file.to_string_lossy()])
    };
    assert_eq!(import("loans", &one), "Imported 1 loan.\n");
    assert_eq!(import("loans", &two), "Imported 2 loans.\n");
    assert_eq!(import("payments", &paid), "Imported 1 payment.\n");
}

#[test]
fn export_then_import_into_a_fresh_store_reproduces_list_and_due() {
    let (old, _, _) = populated();
    let loans = export(&old, "loans");
    let payments = export(&old, "payments");
    assert_eq!(
        loans.lines().next(),
        Some(
            "id,name,lender,method,principal,annual_rate,daily_rate,fee_rate,day_count,term,start,penalty_rate,line,early_interest,first_due,due_day,rounding,remainder,rate_changes,installment,pinned,estimated,entered"
        )
    );
    assert_eq!(payments.lines().next(), Some("date,amount,loan,kind,mode"));
    assert_eq!(loans.lines().count(), 4, "{loans}");
    assert_eq!(payments.lines().count(), 5, "{payments}");

    let new = Sandbox::new();
    fs::write(new.path("loans.csv"), &loans).unwrap();
    fs::write(new.path("payments.csv"), &payments).unwrap();
    let loans_file = new.path("loans.csv").to_string_lossy().into_owned();
    let payments_file = new.path("payments.csv").to_string_lossy().into_owned();
    new.ok("2026-03-20", &["import", "loans", &loans_file]);
    new.ok("2026-03-20", &["import", "payments", &payments_file]);

    assert_eq!(export(&new, "loans"), loans);
    assert_eq!(export(&new, "payments"), payments);
    for as_of in ["2026-03-01", "2026-03-20", "2026-05-02"] {
        assert_eq!(
            new.json(as_of, &["list"]),
            old.json(as_of, &["list"]),
            "list as of {as_of}"
        );
        for month in ["2026-02", "2026-03", "2026-04", "2026-05", "2026-06"] {
            assert_eq!(
                due(&new, as_of, month),
                due(&old, as_of, month),
                "due {month} as of {as_of}"
            );
        }
    }
}

#[test]
fn an_import_with_one_bad_row_names_it_and_imports_nothing() {
    let (s, a, _) = populated();
    let good_payment = format!("2026-03-31,100.00,{a},scheduled,");
    let good_loan_header = "id,name,lender,method,principal,annual_rate,daily_rate,fee_rate,day_count,term,start,penalty_rate,line";
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "payments",
            format!(
                "date,amount,loan,kind,mode\n{good_payment}\n2026-02-30,100.00,{a},scheduled,\n"
            ),
            "date",
        ),
        (
            "payments",
            format!(
                "date,amount,loan,kind,mode\n{good_payment}\n2026-03-31,100.00,L99,scheduled,\n"
            ),
            "loan",
        ),
        (
            "payments",
            format!(
                "date,amount,loan,kind,mode\n{good_payment}\n2026-03-31,12.345,{a},scheduled,\n"
            ),
            "amount",
        ),
        (
            "loans",
            format!(
                "{good_loan_header}\nL50,ok,,bullet,100.00,12,,,30/360,3,2026-01-01,,\nL51,bad,,balloon,100.00,12,,,30/360,3,2026-01-01,,\n"
            ),
            "method",
        ),
        (
            "loans",
            format!(
                "{good_loan_header}\nL50,ok,,bullet,100.00,12,,,30/360,3,2026-01-01,,\nL51,bad,,bullet,100.00,12,,,30/360,3,2026-13-01,,\n"
            ),
            "start",
        ),
        (
            "loans",
            format!(
                "{good_loan_header}\nL50,ok,,bullet,100.00,12,,,30/360,3,2026-01-01,,\n{a},dup,,bullet,100.00,12,,,30/360,3,2026-01-01,,\n"
            ),
            "id",
        ),
    ];
    for (table, csv, column) in cases {
        let file = s.path("bad.csv");
        fs::write(&file, &csv).unwrap();
        let before = s.bytes();
        let files = s.files();
        let stderr = s.fail("2026-03-20", &["import", table, &file.to_string_lossy()], 2);
        assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
        assert!(stderr.contains("row 3"), "names the row: {stderr}");
        assert!(
            stderr.contains(column),
            "names the column {column}: {stderr}"
        );
        assert_eq!(s.bytes(), before, "nothing imported: {csv}");
        assert_eq!(s.files(), files, "no backup or temp file left");
    }
}

#[test]
fn a_loan_name_another_loan_has_is_refused_by_add_and_import_and_an_old_store_with_one_opens() {
    let (s, a, _) = populated();
    // `add`: the same name, also with spaces around it, in en and zh; exit 2, nothing written.
    for (name, lang, said) in [
        ("借呗", "en", "already used"),
        ("  借呗 ", "en", "already used"),
        ("借呗", "zh", "已被使用"),
    ] {
        let before = s.bytes();
        let files = s.files();
        let mut args = vec!["add", "--name", name, "--lang", lang];
        args.extend(WORKED);
        let stderr = s.fail("2026-03-20", &args, 2);
        assert!(stderr.contains("--name"), "names the flag: {stderr}");
        assert!(stderr.contains(said), "{lang}: {stderr}");
        assert_eq!(s.bytes(), before, "nothing written");
        assert_eq!(s.files(), files, "no backup or temp file left");
    }
    // A name differing in case is another name.
    s.add("BANK", &args(EP_30_360), &[]);

    // import: a name in the store, or twice in the file; no row imported.
    let header = "id,name,lender,method,principal,annual_rate,daily_rate,fee_rate,day_count,term,start,penalty_rate,line";
    let ok = "L50,ok,,bullet,100.00,12,,,30/360,3,2026-01-01,,";
    for dup in ["借呗", "ok"] {
        let file = s.path("dup.csv");
        let row = format!("L51,{dup},,bullet,100.00,12,,,30/360,3,2026-01-01,,");
        fs::write(&file, format!("{header}\n{ok}\n{row}\n")).unwrap();
        let before = s.bytes();
        let stderr = s.fail(
            "2026-03-20",
            &["import", "loans", &file.to_string_lossy()],
            2,
        );
        assert!(
            stderr.contains("row 3") && stderr.contains("name"),
            "{stderr}"
        );
        assert_eq!(s.bytes(), before, "nothing imported");
    }

    // A store written before names were unique opens; each command says so on stderr.
    let text = String::from_utf8(s.bytes()).unwrap();
    let renamed = text.replacen("name: \"bank\"", "name: \"借呗\"", 1);
    assert_ne!(renamed, text, "the store names the loan as expected");
    fs::write(&s.store, renamed).unwrap();
    let out = s.run("2026-03-20", &["list", "--lang", "en"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let stderr = stderr_of(&out);
    assert!(
        stderr.contains(&a) && stderr.contains("\"借呗\""),
        "{stderr}"
    );
    let out = s.run("2026-03-20", &["list", "--lang", "zh"]);
    assert!(stderr_of(&out).contains("同名"), "{}", stderr_of(&out));
}

#[test]
fn a_loan_past_what_its_line_has_left_is_refused_by_add_and_import() {
    let s = Sandbox::new();
    s.ok(
        "2026-01-01",
        &["line", "--name", "借呗", "--limit", "15000"],
    );
    // 10,000 drawn (WORKED) leaves 5,000.
    s.add("first", WORKED, &["--line", "借呗"]);
    let over = |name: &str, principal: &str| {
        let mut args = vec!["add", "--name", name, "--line", "借呗"];
        args.extend(WORKED);
        let at = args.iter().position(|a| *a == "--principal").unwrap() + 1;
        args[at] = principal;
        args.iter().map(|a| a.to_string()).collect::<Vec<_>>()
    };
    for (lang, said) in [
        ("en", "available (5,000.00)"),
        ("zh", "可用金额（5,000.00）"),
    ] {
        let before = s.bytes();
        let mut args = over("second", "5000.01");
        args.extend(["--lang".into(), lang.into()]);
        let stderr = s.fail("2026-01-01", &strs(&args), 2);
        assert!(
            stderr.contains("--principal") && stderr.contains(said),
            "{stderr}"
        );
        assert_eq!(s.bytes(), before, "nothing written");
    }
    s.ok("2026-01-01", &strs(&over("second", "5000")));
    let line = s.json(
        "2026-01-01",
        &["line", "--name", "借呗", "--limit", "15000"],
    );
    assert_eq!(amount(&line["available"]), Decimal::ZERO, "{line}");

    // import: the file's loans draw the line down row by row.
    let t = Sandbox::new();
    t.ok("2026-01-01", &["line", "--name", "花呗", "--limit", "300"]);
    let header = "id,name,lender,method,principal,annual_rate,daily_rate,fee_rate,day_count,term,start,penalty_rate,line";
    let file = t.path("loans.csv");
    fs::write(
        &file,
        format!(
            "{header}\nL50,a,,bullet,200.00,12,,,30/360,3,2026-01-01,,花呗\nL51,b,,bullet,100.01,12,,,30/360,3,2026-01-01,,花呗\n"
        ),
    )
    .unwrap();
    let before = t.bytes();
    let stderr = t.fail(
        "2026-01-01",
        &["import", "loans", &file.to_string_lossy()],
        2,
    );
    assert!(
        stderr.contains("row 3") && stderr.contains("principal"),
        "{stderr}"
    );
    assert_eq!(t.bytes(), before, "nothing imported");
}

// ----------------------------------------------------------------- bad input --

#[test]
fn bad_input_to_each_command_names_the_flag_and_changes_nothing() {
    let s = Sandbox::new();
    let id = s.add("借呗", WORKED, &[]);
    s.json("2026-02-01", &["line", "--name", "jb", "--limit", "1000"]);
    let add = |extra: &[&str], drop: &str| -> Vec<String> {
        let mut args = vec!["add".to_string(), "--name".into(), "n".into()];
        let mut loan = WORKED.iter();
        while let Some(flag) = loan.next() {
            let value = loan.next().unwrap();
            if *flag != drop {
                args.push(flag.to_string());
                args.push(value.to_string());
            }
        }
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    };
    let v = |args: &[&str]| -> Vec<String> { args.iter().map(|s| s.to_string()).collect() };
    let pay =
        |amount: &str, date: &str| v(&["pay", "--loan", &id, "--amount", amount, "--date", date]);
    let cases: Vec<(Vec<String>, &str)> = vec![
        (add(&["--principal", "abc"], "--principal"), "--principal"),
        (add(&["--principal", "-5"], "--principal"), "--principal"),
        (add(&["--term", "0"], "--term"), "--term"),
        (add(&["--term", "x"], "--term"), "--term"),
        (add(&["--method", "balloon"], "--method"), "--method"),
        (add(&["--start", "2026-02-30"], "--start"), "--start"),
        (
            add(&["--daily-rate", "abc"], "--daily-rate"),
            "--daily-rate",
        ),
        (add(&["--day-count", "act/999"], ""), "--day-count"),
        (add(&["--penalty-rate", "5000"], ""), "--penalty-rate"),
        (add(&["--line", "nope"], ""), "--line"),
        (
            v(&[
                &["add", "--name", "  "][..],
                &args("--principal 10 --annual-rate 5 --term 3 --method bullet --start 2026-01-01"),
            ]
            .concat()),
            "--name",
        ),
        (pay("0", "2026-02-28"), "--amount"),
        (pay("-1", "2026-02-28"), "--amount"),
        (pay("1.234", "2026-02-28"), "--amount"),
        (
            v(&args("pay --loan L99 --amount 10 --date 2026-02-28")),
            "--loan",
        ),
        (pay("10", "28/02/2026"), "--date"),
        (pay("10", "2025-12-01"), "--date"),
        (
            v(&["pay", "--loan", &id, "--amount", "10", "--mode", "sideways"]),
            "--mode",
        ),
        (v(&["due", "--month", "2026-13"]), "--month"),
        (v(&["due", "--month", "March"]), "--month"),
        (v(&["line", "--name", "jb", "--limit", "-1"]), "--limit"),
        (v(&["line", "--name", "jb", "--limit", "lots"]), "--limit"),
        (v(&["profile", "--score", "200"]), "--score"),
        (v(&["profile", "--completeness", "101"]), "--completeness"),
        (v(&["profile", "--language", "fr"]), "--language"),
        (v(&["profile", "--income", "much"]), "--income"),
        (
            v(&args(
                "revolving --name h --balance 10 --daily-rate 0.05 --due-day 32",
            )),
            "--due-day",
        ),
        (
            v(&args(
                "revolving --name h --balance 10 --daily-rate 0.05 --min-percent 0",
            )),
            "--min-percent",
        ),
        (
            v(&args("revolving --name h --balance x --daily-rate 0.05")),
            "--balance",
        ),
        (v(&["export", "everything"]), "everything"),
        (v(&["list", "--format", "xml"]), "--format"),
    ];
    let before = s.bytes();
    let files = s.files();
    for (args, flag) in &cases {
        let stderr = s.fail("2026-02-10", &strs(args), 2);
        assert_eq!(
            stderr.trim_end().lines().count(),
            1,
            "`{}`: one line: {stderr}",
            args.join(" ")
        );
        assert!(
            stderr.contains(flag),
            "`{}` names {flag}: {stderr}",
            args.join(" ")
        );
        assert_eq!(s.bytes(), before, "`{}` changed the store", args.join(" "));
        assert_eq!(s.files(), files, "`{}` left files", args.join(" "));
    }
    // A bad --as-of too.
    let out = s
        .bare()
        .arg("--store")
        .arg(&s.store)
        .args(["--as-of", "2026-02-30", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = stderr_of(&out);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("--as-of"), "{stderr}");
    assert_eq!(s.bytes(), before);
}

// --------------------------------------------------------------- corrupt store --

/// Every store command, with what it needs.
fn every_command(s: &Sandbox) -> Vec<Vec<String>> {
    let csv = s.path("import.csv");
    fs::write(
        &csv,
        "date,amount,loan,kind,mode\n2026-02-28,10.00,L1,scheduled,\n",
    )
    .unwrap();
    let csv = csv.to_string_lossy().into_owned();
    let v = |args: &[&str]| -> Vec<String> { args.iter().map(|s| s.to_string()).collect() };
    vec![
        v(&["list"]),
        v(&["list", "--format", "json"]),
        v(&["due"]),
        v(&["due", "--month", "2026-03", "--format", "json"]),
        with(&["add", "--name", "x"], WORKED),
        v(&args("pay --loan L1 --amount 10 --date 2026-02-28")),
        v(&["line", "--name", "jb", "--limit", "1000"]),
        v(&["profile"]),
        v(&["profile", "--score", "700"]),
        v(&args("revolving --name h --balance 10 --daily-rate 0.05")),
        v(&["export", "loans"]),
        v(&["export", "payments"]),
        v(&["import", "payments", &csv]),
        v(&["import", "loans", &csv]),
    ]
}

/// Corrupt the store with `edit`, which says on which lines the error may be reported;
/// every command must fail naming `file:line:column` and leave the file byte for byte
/// as it was, with no backup or temp file beside it.
fn check_corrupt(edit: impl Fn(&str) -> (String, Vec<usize>)) {
    let s = Sandbox::new();
    s.add("借呗", WORKED, &[]);
    s.pay("2026-02-28", "L1", "1756.50", "2026-02-28", "shorten");
    let good = fs::read_to_string(&s.store).unwrap();
    let (bad, lines) = edit(&good);
    assert_ne!(bad, good, "the edit changed the file");
    fs::write(&s.store, &bad).unwrap();
    let commands = every_command(&s);
    let files = s.files();
    let path = s.store.display().to_string();
    for args in &commands {
        let out = s.run("2026-03-10", &strs(args));
        let stderr = stderr_of(&out);
        let cmd = args.join(" ");
        assert_eq!(
            out.status.code(),
            Some(1),
            "`{cmd}` on a corrupt store: {stderr}"
        );
        assert!(out.stdout.is_empty(), "`{cmd}` printed");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        // `<path>:<line>:<column>:`
        let rest = stderr
            .split_once(&format!("{path}:"))
            .unwrap_or_else(|| panic!("`{cmd}` names the file {path}: {stderr}"))
            .1;
        let mut numbers = rest.splitn(3, ':').map(|n| n.parse::<usize>().ok());
        let (line, column) = match (numbers.next().flatten(), numbers.next().flatten()) {
            (Some(line), Some(column)) => (line, column),
            _ => panic!("`{cmd}`: no line:column after {path}: {stderr}"),
        };
        assert!(
            lines.contains(&line),
            "`{cmd}`: line {line}, expected one of {lines:?}: {stderr}"
        );
        let line_text = bad.lines().nth(line - 1).unwrap_or("");
        assert!(
            (1..=line_text.chars().count() + 1).contains(&column),
            "`{cmd}`: column {column} within line {line} {line_text:?}: {stderr}"
        );
        assert_eq!(
            fs::read_to_string(&s.store).unwrap(),
            bad,
            "`{cmd}` touched the corrupt store"
        );
        assert_eq!(s.files(), files, "`{cmd}` wrote files");
    }
}

/// `good` with its first `from` turned into `to`, and the line where that stands.
fn edited(good: &str, from: &str, to: &str) -> (String, Vec<usize>) {
    (good.replacen(from, to, 1), vec![line_of(good, from)])
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} in\n{text}"))
        + 1
}

#[test]
fn a_bare_float_amount_is_an_error_at_its_position_and_nothing_is_written() {
    check_corrupt(|good| edited(good, "principal: \"10000.00\"", "principal: 10000.5"));
}

#[test]
fn a_syntax_error_is_reported_with_line_and_column_and_nothing_is_written() {
    check_corrupt(|good| edited(good, "term: 6,", "term: 6,, ]"));
}

#[test]
fn a_truncated_store_is_reported_and_left_as_it_is() {
    check_corrupt(|good| {
        let line = line_of(good, "name: \"借呗\"");
        let cut: String = good.lines().take(line).map(|l| format!("{l}\n")).collect();
        // The end of the file: the end of its last line, or the empty line after it.
        (cut, vec![line, line + 1])
    });
}

#[test]
fn a_misspelt_method_is_reported_at_its_position() {
    check_corrupt(|good| edited(good, "\"equal-installment\"", "\"equal-instalment\""));
}

#[test]
fn an_impossible_date_is_reported_at_its_position() {
    check_corrupt(|good| edited(good, "start: \"2026-01-31\"", "start: \"2026-02-30\""));
}

/// A field this version does not know (a hand edit, a typo) would be dropped by the next
/// save, so the store is refused; like every error in a hand-edited file it should say
/// where: file:line:column.
#[test]
fn an_unknown_field_is_reported_at_its_position() {
    check_corrupt(|good| {
        let line = line_of(good, "term: 6,") + 1;
        (
            good.replacen("term: 6,", "term: 6,\n            colour: \"red\",", 1),
            vec![line],
        )
    });
}

// ------------------------------------------------------------------ paying early --

/// A card installment plan: 6,000 over 12 months at 0.6 %/month, due on the 15th —
/// 500.00 principal + 36.00 fee = 536.00 each month (issue 13, problem 1).
const CARD_PLAN: &str = "--principal 6000 --fee-rate 0.6 --term 12 --method flat-fee \
                         --start 2026-11-15";

#[test]
fn paying_the_installment_days_early_settles_it_and_nothing_is_overdue_later() {
    let s = Sandbox::new();
    let id = s.add("card plan", &args(CARD_PLAN), &[]);
    let paid = s.pay("2026-12-04", &id, "536", "2026-12-04", "shorten");
    assert_eq!(amount(&paid["towards_due"]), Decimal::ZERO, "{paid}");
    assert_eq!(amount(&paid["towards_upcoming"]), d("536"), "{paid}");
    assert_eq!(amount(&paid["prepaid_principal"]), Decimal::ZERO, "{paid}");
    assert!(paid["mode"].is_null(), "no prepayment: {paid}");
    assert_eq!(amount(&paid["balance"]), d("5500"), "{paid}");

    let json = due(&s, "2026-12-20", "2026-12");
    let items = due_items(&json, &id);
    assert_eq!(items.len(), 1, "{json}");
    assert_eq!(items[0].1, "paid", "the 12-15 installment is paid: {json}");
    assert_eq!(amount(&json["total"]), Decimal::ZERO, "{json}");
    let row = list_row(&s, "2026-12-20", &id);
    assert_eq!(row["overdue"], 0, "{row}");
    assert_eq!(text(&row["next_due_date"]), "2027-01-15", "{row}");

    // `--prepay` says all of it is principal: the next installment stays due.
    let s = Sandbox::new();
    let id = s.add("card plan", &args(CARD_PLAN), &[]);
    let paid = s.prepay("2026-12-04", &id, "536", "2026-12-04", "shorten");
    assert_eq!(amount(&paid["towards_upcoming"]), Decimal::ZERO, "{paid}");
    assert_eq!(amount(&paid["prepaid_principal"]), d("536"), "{paid}");
    let json = due(&s, "2026-12-20", "2026-12");
    assert_eq!(due_items(&json, &id)[0].1, "overdue", "{json}");
}

#[test]
fn a_bullet_loans_whole_amount_is_accepted_before_it_is_due() {
    let s = Sandbox::new();
    let bullet = args(
        "--principal 100 --annual-rate 5 --term 12 --method bullet \
         --start 2026-01-10",
    );
    let id = s.add("bullet", &bullet, &[]);
    let paid = s.pay("2026-06-01", &id, "105", "2026-06-01", "shorten");
    assert_eq!(amount(&paid["towards_upcoming"]), d("105"), "{paid}");
    assert_eq!(amount(&paid["balance"]), Decimal::ZERO, "{paid}");
    let stderr = s.fail(
        "2026-06-01",
        &[
            "pay",
            "--loan",
            &id,
            "--amount",
            "105.01",
            "--date",
            "2026-06-01",
        ],
        2,
    );
    assert!(stderr.contains("--amount"), "{stderr}");
}

#[test]
fn interest_to_the_payment_date_is_a_loan_term_for_actual_day_loans_only() {
    let s = Sandbox::new();
    let id = s.add("借呗", WORKED, &["--early-interest", "to-payment-date"]);
    // 1,616.50 of principal paid 10 days early stops accruing: 8.08 less interest.
    let paid = s.pay("2026-02-18", &id, "1748.42", "2026-02-18", "shorten");
    assert_eq!(amount(&paid["towards_upcoming"]), d("1748.42"), "{paid}");
    assert_eq!(amount(&paid["prepaid_principal"]), Decimal::ZERO, "{paid}");
    assert_eq!(list_row(&s, "2026-03-01", &id)["overdue"], 0);
    let before = s.bytes();
    let mut args = vec!["add", "--name", "x", "--early-interest", "to-payment-date"];
    args.extend(common::args(EP_30_360));
    let stderr = s.fail("2026-01-01", &args, 2);
    assert!(stderr.contains("--early-interest"), "{stderr}");
    assert_eq!(s.bytes(), before);
}

// ---------------------------------------------------------------- existing loans --

/// A mortgage that started in 2024: 1,000,000 at 4.2 % over 30 years, due on the 20th.
const MORTGAGE_2024: &str = "--principal 1000000 --annual-rate 4.2 --term 360 \
                             --method equal-installment --start 2024-03-20";

#[test]
fn an_existing_loan_is_entered_with_its_past_installments_paid() {
    let s = Sandbox::new();
    let mut args = vec!["add", "--name", "mortgage", "--paid-through", "2026-12-04"];
    args.extend(common::args(MORTGAGE_2024));
    args.extend(["--format", "json"]);
    let id =
        text(&serde_json::from_str::<Value>(&s.ok("2026-12-04", &args)).unwrap()["id"]).to_string();
    let (rows, _) = schedule(&common::args(MORTGAGE_2024), &[]);
    let december = row_due_on(&rows, "2026-12-20");

    // Only this month's installment is due; nothing overdue, no penalty.
    let json = due(&s, "2026-12-04", "2026-12");
    let items = due_items(&json, &id);
    assert_eq!(items.len(), 1, "{json}");
    assert_eq!(items[0].1, "upcoming", "{json}");
    assert_eq!(amount(&json["total"]), december.payment, "{json}");
    let row = list_row(&s, "2026-12-04", &id);
    assert_eq!(
        (row["paid"].clone(), row["overdue"].clone()),
        (32.into(), 0.into())
    );
    let november = row_due_on(&rows, "2026-11-20");
    assert_eq!(amount(&row["balance"]), november.balance, "{row}");
    // Each on its due date, at its scheduled amount.
    let payments = s.ok("2026-12-04", &["export", "payments"]);
    assert_eq!(payments.lines().count(), 33, "{payments}");
    assert!(payments.contains(&format!("2024-04-20,{},{id},scheduled", rows[0].payment)));

    // --paid N is the same; an installment not yet due cannot be paid this way.
    let t = Sandbox::new();
    let mut args = vec!["add", "--name", "mortgage", "--paid", "32"];
    args.extend(common::args(MORTGAGE_2024));
    t.ok("2026-12-04", &args);
    assert_eq!(due(&t, "2026-12-04", "2026-12")["total"], json["total"]);
    let before = t.bytes();
    (args[2], args[4]) = ("mortgage 2", "33");
    let stderr = t.fail("2026-12-04", &args, 2);
    assert!(stderr.contains("--paid"), "{stderr}");
    assert_eq!(t.bytes(), before, "refused: nothing saved");

    // Without it, the same loan is 32 installments overdue (the issue's complaint).
    let u = Sandbox::new();
    let mut args = vec!["add", "--name", "mortgage"];
    args.extend(common::args(MORTGAGE_2024));
    let id = text(&u.json("2026-12-04", &args)["id"]).to_string();
    assert_eq!(list_row(&u, "2026-12-04", &id)["overdue"], 32);
}

#[test]
fn a_loan_is_entered_from_what_is_left_on_it_as_the_lenders_app_shows_it() {
    // The lender's app, 5 installments into a 12-month loan: 剩余本金, 剩余期数 7, the next
    // due 2026-07-15, and the 月供 it set on the 3,333.33 first borrowed.
    let loan = "--principal 3333.33 --annual-rate 18.25 --term 12 --method equal-installment \
                --start 2026-01-15";
    let (rows, _) = schedule(&common::args(loan), &[]);
    let june = row_due_on(&rows, "2026-06-15");
    let (balance, installment) = (june.balance.to_string(), rows[0].payment.to_string());
    let left = [
        "--balance",
        &balance,
        "--installments-left",
        "7",
        "--next-due",
        "2026-07-15",
        "--annual-rate",
        "18.25",
        "--method",
        "equal-installment",
        "--installment",
        &installment,
    ];
    let shown = |rows: &[ScheduleRow]| format!("{rows:?}");
    // Every installment from the next one is the lender's, to the cent (numbered from 1).
    let (ours, _) = schedule(&left, &[]);
    let lenders: Vec<ScheduleRow> = (rows[5..].iter())
        .map(|r| ScheduleRow {
            period: r.period - 5,
            ..r.clone()
        })
        .collect();
    assert!(shown(&ours) == shown(&lenders), "{ours:#?}");
    // Without its installment, ours on what is left is a cent off: 305.99, not 306.00.
    let (repriced, _) = schedule(&left[..10], &[]);
    assert_eq!(
        (repriced[0].payment, rows[0].payment),
        (common::dec("305.99"), common::dec("306.00"))
    );

    let s = Sandbox::new();
    let add = [&["add", "--name", "car"], &left[..]].concat();
    let id = text(&s.json("2026-07-01", &add)["id"]).to_string();
    let json = due(&s, "2026-07-01", "2026-07");
    assert_eq!(amount(&json["total"]), common::dec("306.00"), "{json}");
    let row = list_row(&s, "2026-07-01", &id);
    assert_eq!(amount(&row["balance"]), june.balance, "{row}");
    assert_eq!(row["overdue"], 0, "{row}");
    let stored = String::from_utf8(s.bytes()).unwrap();
    assert!(stored.contains("installment: Some(\"306.00\")"), "{stored}");

    // Refused by the flag at fault, in the user's language; nothing saved.
    let with = |extra: &[&'static str]| -> Vec<&str> {
        let mut words = vec!["add", "--name", "car 2"];
        words.extend(&left[..10]);
        for pair in extra.chunks(2) {
            if let Some(i) = words.iter().position(|w| *w == pair[0]) {
                words.drain(i..i + 2);
            }
            words.extend(pair);
        }
        words
    };
    for (extra, flag) in [
        (&["--installment", "0"][..], "--installment"),
        (&["--installment", "99999"][..], "--installment"),
        (&["--installments-left", "0"][..], "--installments-left"),
        (&["--method", "bullet"][..], "--balance"),
        (&["--principal", "1000"][..], "--principal"),
        (&["--paid", "2"][..], "--paid"),
    ] {
        let stderr = s.refused("2026-07-01", &with(extra), 2);
        assert!(stderr.contains(flag), "{extra:?}: {stderr}");
    }
    let zh = [&with(&["--installment", "0"])[..], &["--lang", "zh"]].concat();
    let zh = s.refused("2026-07-01", &zh, 2);
    assert!(zh.contains("--installment") && zh.contains("须"), "{zh}");
    let needs = s.refused("2026-07-01", &["add", "--name", "x", "--balance", "100"], 2);
    assert!(needs.contains("--installments-left"), "{needs}");

    // The lender's whole plan explains every row, but applied it would make the five
    // installments before the loan was entered due again: refused, nothing changed.
    let plan = s.path("plan.csv");
    let csv = s.ok(
        "2026-07-01",
        &[&["schedule", "--format", "csv"], &common::args(loan)[..]].concat(),
    );
    fs::write(&plan, csv).unwrap();
    let plan = plan.to_string_lossy().into_owned();
    let refused = s.refused(
        "2026-07-01",
        &["reconcile", "--loan", &id, &plan, "--apply"],
        2,
    );
    assert!(
        refused.contains("--apply") && refused.contains("2026-01-15"),
        "{refused}"
    );

    // A slip of the keys is still a schedule, so it is added, and said.
    let out = s.run("2026-07-01", &with(&["--installment", "460.00"]));
    let note = common::stderr_of(&out);
    assert!(out.status.success(), "{note}");
    assert!(note.contains("460.00") && note.contains("305.99"), "{note}");
}

/// What is left, typed with a next due date in the past (a year typed wrong) or a due day
/// the next due date does not fall on: a note, or a refusal that speaks of the next due
/// date, not of the first due date the flags do not have.
#[test]
fn a_next_due_date_in_the_past_or_off_its_due_day_is_said() {
    let s = Sandbox::new();
    let left = |name: &'static str, next_due: &'static str| {
        vec![
            "add",
            "--name",
            name,
            "--balance",
            "1000",
            "--installments-left",
            "5",
            "--next-due",
            next_due,
            "--annual-rate",
            "12",
            "--method",
            "equal-installment",
        ]
    };
    let out = s.run("2026-07-01", &left("x", "2025-06-30"));
    let note = common::stderr_of(&out);
    assert!(out.status.success(), "{note}");
    assert!(
        note.contains("2025-06-30") && note.contains("5 installments from it are past due"),
        "{note}"
    );
    let row = list_row(&s, "2026-07-01", "L1");
    assert_eq!(row["overdue"], 5, "{row}");
    let out = s.run("2026-07-01", &left("y", "2026-07-15"));
    assert!(out.status.success());
    assert_eq!(common::stderr_of(&out), "", "no note for a date to come");
    // Refused (the name is taken), the loan is not added: no note on it either.
    let refused = s.refused("2026-07-01", &left("x", "2025-06-30"), 2);
    assert!(!refused.contains("note"), "{refused}");

    for (next_due, day) in [("2026-07-30", "31"), ("2026-07-15", "10")] {
        let args = [&left("z", next_due)[..], &["--due-day", day]].concat();
        let en = s.refused("2026-07-01", &args, 2);
        assert!(
            en.contains("--due-day") && en.contains("next due date") && !en.contains("first"),
            "{en}"
        );
        let zh = s.refused("2026-07-01", &[&args[..], &["--lang", "zh"]].concat(), 2);
        assert!(zh.contains("下次还款日") && !zh.contains("首个"), "{zh}");
    }
}

#[test]
fn import_loans_takes_a_paid_count() {
    let s = Sandbox::new();
    let csv = "name,principal,annual_rate,method,term,start,paid\nmortgage,1000000,4.2,equal-installment,360,2024-03-20,32\n";
    fs::write(s.path("loans.csv"), csv).unwrap();
    let file = s.path("loans.csv").to_string_lossy().into_owned();
    s.ok("2026-12-04", &["import", "loans", &file]);
    let row = list_row(&s, "2026-12-04", "L1");
    assert_eq!(
        (row["paid"].clone(), row["overdue"].clone()),
        (32.into(), 0.into())
    );
}

/// A file of what is left on each loan, as the lenders' apps show it, imports as `add
/// --balance` adds: the same loan, the same dues; mixed with loans by their original terms.
#[test]
fn import_loans_takes_what_is_left_on_each() {
    let s = Sandbox::new();
    let csv = "name,method,annual_rate,balance,installments_left,next_due,installment,principal,term,start\n\
               car,equal-installment,18.25,2017.38,7,2026-07-15,306.00,,,\n\
               phone,equal-principal,12,,,,,1200,6,2026-06-10\n";
    fs::write(s.path("loans.csv"), csv).unwrap();
    let file = s.path("loans.csv").to_string_lossy().into_owned();
    s.ok("2026-07-01", &["import", "loans", &file]);
    let added = Sandbox::new();
    added.ok(
        "2026-07-01",
        &[
            "add",
            "--name",
            "car",
            "--method",
            "equal-installment",
            "--annual-rate",
            "18.25",
            "--balance",
            "2017.38",
            "--installments-left",
            "7",
            "--next-due",
            "2026-07-15",
            "--installment",
            "306.00",
        ],
    );
    let car = list_row(&s, "2026-07-01", "L1");
    assert_eq!(car, list_row(&added, "2026-07-01", "L1"));
    assert_eq!(amount(&car["balance"]), common::dec("2017.38"), "{car}");
    for month in ["2026-07", "2026-12", "2027-01"] {
        let (imported, by_add) = (
            due(&s, "2026-07-01", month),
            due(&added, "2026-07-01", month),
        );
        let car_due = |json: &serde_json::Value| {
            json["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|i| i["loan"] == "L1")
                .cloned()
                .collect::<Vec<_>>()
        };
        assert_eq!(car_due(&imported), car_due(&by_add), "{month}");
    }
    assert_eq!(list_row(&s, "2026-07-01", "L2")["name"], "phone");
    // Each is kept as entered, and the export says so, as `add --balance` does.
    let entered = |s: &Sandbox| -> Vec<String> {
        let csv = export(s, "loans");
        let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
        let column = header.iter().position(|h| *h == "entered").unwrap();
        let rows = csv.lines().skip(1);
        rows.map(|r| r.split(',').nth(column).unwrap().to_string())
            .collect()
    };
    assert_eq!(entered(&s), ["left", "borrowed"]);
    assert_eq!(entered(&added), ["left"]);

    // Refused by the column at fault, the row named, nothing imported.
    let header = "name,method,annual_rate,balance,installments_left,next_due,principal\n";
    for (row, column) in [
        (
            "car,equal-installment,18.25,2017.38,7,2026-07-15,5000",
            "balance",
        ),
        (
            "car,equal-installment,18.25,2017.38,,2026-07-15,",
            "installments_left",
        ),
        ("car,equal-installment,18.25,2017.38,7,,", "next_due"),
        (
            "car,equal-installment,18.25,2017.38,0,2026-07-15,",
            "installments_left",
        ),
        ("car,bullet,18.25,2017.38,7,2026-07-15,", "balance"),
        ("car,equal-installment,18.25,,7,2026-07-15,", "balance"),
        ("car,equal-installment,18.25,,,,1000", "term"),
    ] {
        let t = Sandbox::new();
        fs::write(t.path("bad.csv"), format!("{header}{row}\n")).unwrap();
        let bad = t.path("bad.csv").to_string_lossy().into_owned();
        let stderr = t.fail("2026-07-01", &["import", "loans", &bad], 2);
        assert!(
            stderr.contains("row 2") && stderr.contains(column),
            "{row}: {stderr}"
        );
        assert_eq!(
            t.files(),
            ["bad.csv", "loans.ron.lock"].map(String::from).into(),
            "{row}: no store written"
        );
    }
    // What is left beside installments paid, or without its balance: refused on the
    // balance, as the command line refuses --paid beside --balance.
    for (csv, column) in [
        (
            "name,method,annual_rate,balance,installments_left,next_due,paid\n\
             car,equal-installment,18.25,2017.38,7,2026-07-15,2\n",
            "balance",
        ),
        (
            "name,method,annual_rate,principal,term,start,installments_left\n\
             car,equal-installment,12,1000,3,2026-06-01,2\n",
            "balance",
        ),
    ] {
        let t = Sandbox::new();
        fs::write(t.path("bad.csv"), csv).unwrap();
        let bad = t.path("bad.csv").to_string_lossy().into_owned();
        let stderr = t.fail("2026-07-01", &["import", "loans", &bad], 2);
        assert!(
            stderr.contains("row 2") && stderr.contains(column),
            "{csv}: {stderr}"
        );
    }
    // A lender's installment unlike ours is imported, and the row is named in a note.
    let t = Sandbox::new();
    let csv = "name,method,annual_rate,balance,installments_left,next_due,installment\n\
               q,equal-installment,12,5000,12,2026-12-20,4000\n";
    fs::write(t.path("far.csv"), csv).unwrap();
    let far = t.path("far.csv").to_string_lossy().into_owned();
    let out = t.run("2026-12-07", &["import", "loans", &far]);
    let note = common::stderr_of(&out);
    assert!(out.status.success(), "{note}");
    assert!(
        note.contains("row 2") && note.contains("4,000.00"),
        "{note}"
    );
    // A file of what is left must have its columns.
    let t = Sandbox::new();
    fs::write(
        t.path("bad.csv"),
        "name,method,annual_rate,balance,next_due\ncar,equal-installment,18,100,2026-07-15\n",
    )
    .unwrap();
    let bad = t.path("bad.csv").to_string_lossy().into_owned();
    let stderr = t.fail("2026-07-01", &["import", "loans", &bad], 2);
    assert!(stderr.contains("\"installments_left\""), "{stderr}");
}

/// A due day of -1 in a file is named as typed, not as the number it wraps to.
#[test]
fn import_names_a_negative_due_day_as_written() {
    let s = Sandbox::new();
    let csv = "name,principal,annual_rate,method,term,start,first_due,due_day\n\
               x,1000,12,equal-installment,6,2026-01-31,2026-02-28,-1\n";
    fs::write(s.path("loans.csv"), csv).unwrap();
    let file = s.path("loans.csv").to_string_lossy().into_owned();
    let stderr = s.fail("2026-03-01", &["import", "loans", &file], 2);
    assert!(
        stderr.contains("due_day") && stderr.contains("-1"),
        "{stderr}"
    );
    assert!(!stderr.contains("4294967295"), "{stderr}");
}

#[test]
fn add_help_says_the_start_defaults_to_today() {
    let s = Sandbox::new();
    let help = s.ok("2026-01-01", &["add", "--help"]);
    let start = help
        .split("--start")
        .nth(1)
        .unwrap_or_else(|| panic!("no --start in {help}"));
    let text: String = start
        .split_whitespace()
        .take(14)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains("default today"), "{text}");
}

/// A refusal is said in English byte for byte as before, in Chinese with `--lang zh` or
/// a zh profile; either way exit 2 and the store untouched.
#[test]
fn refusals_are_said_in_the_users_language_and_change_nothing() {
    let s = Sandbox::new();
    let id = s.add("借呗", WORKED, &[]);
    let mut bad_term: Vec<&str> = vec!["add", "--name", "n"];
    let mut loan = WORKED.iter();
    while let (Some(flag), Some(value)) = (loan.next(), loan.next()) {
        bad_term.extend([*flag, if *flag == "--term" { "0" } else { *value }]);
    }
    let overpay = [
        "pay",
        "--loan",
        &id,
        "--amount",
        "99999999",
        "--date",
        "2026-02-01",
    ];
    let before = std::fs::read(&s.store).expect("the store");
    let refused = |args: &[&str]| {
        let stderr = s.fail("2026-02-01", args, 2);
        assert_eq!(std::fs::read(&s.store).expect("the store"), before);
        stderr
    };
    assert_eq!(
        refused(&bad_term),
        "error: --term: must be a whole number of months from 1 to 600 (got 0)\n"
    );
    assert!(refused(&overpay).starts_with("error: --amount: 99999999.00 is more than is owed: "));

    fn zh<'a>(args: &[&'a str]) -> Vec<&'a str> {
        [args, &["--lang", "zh"]].concat()
    }
    assert_eq!(
        refused(&zh(&bad_term)),
        "错误：--term：月数（整数）须在 1 至 600 之间（输入为 0）\n"
    );
    let said = refused(&zh(&overpay));
    assert!(said.contains("--amount：99999999.00 超过了欠款"), "{said}");

    // The profile's language, when no --lang says otherwise.
    s.json("2026-02-01", &["profile", "--language", "zh"]);
    let before = std::fs::read(&s.store).expect("the store");
    let stderr = s.fail("2026-02-01", &bad_term, 2);
    assert!(
        stderr.contains("月数（整数）须在 1 至 600 之间"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&s.store).expect("the store"), before);
    let stderr = s.fail(
        "2026-02-01",
        &[&bad_term[..], &["--lang", "en"]].concat(),
        2,
    );
    assert!(
        stderr.contains("must be a whole number of months"),
        "{stderr}"
    );
    // A flag value clap refuses, and a flag that does not exist, before any store is read.
    let bad_amount = ["pay", "--loan", &id, "--amount", "abc"];
    let stderr = s.fail("2026-02-01", &bad_amount, 2);
    assert!(stderr.starts_with("错误：--amount"), "{stderr}");
    assert!(
        stderr.contains("不是金额（例如 12000.50 或 ¥12,000.50）"),
        "{stderr}"
    );
    let stderr = s.fail("2026-02-01", &["list", "--bogus"], 2);
    assert!(stderr.starts_with("错误：没有参数 '--bogus'"), "{stderr}");
    assert_eq!(std::fs::read(&s.store).expect("the store"), before);
    let stderr = s.fail(
        "2026-02-01",
        &[&bad_amount[..], &["--lang", "en"]].concat(),
        2,
    );
    assert!(stderr.starts_with("error: invalid value 'abc'"), "{stderr}");
}
