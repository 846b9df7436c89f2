//! `loandash schedule` driven as a user or script would: the real binary, its stdout,
//! stderr and exit code, against the contract of /work/shared/DOMAIN.md.

mod common;

use common::{
    SCHEDULE_CSV_HEADER as HEADER, ScheduleRow, WORKED, args, dec as d, half_up, is_plain_amount,
    loandash, quiet_success, strs,
};
use rust_decimal::Decimal;
use serde_json::Value;
use std::process::Output;

/// `schedule` of the worked example's loan, without `--format`.
fn example() -> Vec<&'static str> {
    [&["schedule"], WORKED].concat()
}

fn with(base: &[&str], extra: &[&str]) -> Vec<String> {
    base.iter().chain(extra).map(|s| s.to_string()).collect()
}

fn run(args: &[String]) -> Output {
    loandash(&strs(args))
}

/// Run a command that must succeed; its stdout.
fn ok(args: &[String]) -> String {
    quiet_success(&strs(args), &run(args))
}

/// Interest at 0.05 %/day under actual/365 (18.25 %/year): B × 0.1825 × days / 365.
fn daily_interest(balance: Decimal, from: &str, to: &str) -> Decimal {
    let from: chrono::NaiveDate = from.parse().unwrap();
    let to: chrono::NaiveDate = to.parse().unwrap();
    let days = Decimal::from((to - from).num_days());
    half_up(balance * d("0.1825") * days / d("365"))
}

// ---------------------------------------------------------------- worked examples --

#[test]
fn worked_example_csv_is_reproduced_to_the_byte() {
    let expected = "\
period,due_date,payment,principal,interest,balance,kind
1,2026-02-28,1756.50,1616.50,140.00,8383.50,scheduled
2,2026-03-31,1756.50,1626.56,129.94,6756.94,scheduled
3,2026-04-30,1756.50,1655.15,101.35,5101.79,scheduled
4,2026-05-31,1756.50,1677.42,79.08,3424.37,scheduled
5,2026-06-30,1756.50,1705.13,51.37,1719.24,scheduled
6,2026-07-31,1745.89,1719.24,26.65,0.00,scheduled
";
    assert_eq!(ok(&with(&example(), &["--format", "csv"])), expected);
}

#[test]
fn worked_example_with_reduce_prepayment() {
    let out = ok(&with(
        &example(),
        &["--prepay", "2026-03-10:3000:reduce", "--format", "csv"],
    ));
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some(HEADER));
    let first_three: Vec<&str> = lines.by_ref().take(3).collect();
    assert_eq!(
        first_three,
        [
            "1,2026-02-28,1756.50,1616.50,140.00,8383.50,scheduled",
            "2,2026-03-10,3015.00,3000.00,15.00,5383.50,prepayment",
            "2,2026-03-31,1126.32,1042.88,83.44,4340.62,scheduled",
        ],
        "first rows of the spec's prepayment example:\n{out}"
    );

    // The rest follows the rules: `reduce` keeps the end date and the recomputed
    // installment (1,126.32); interest is actual/365 on the balance; the last period
    // pays what is left plus its interest.
    let rows = ScheduleRow::from_csv(&out);
    let rest = &rows[3..];
    let dues = ["2026-04-30", "2026-05-31", "2026-06-30", "2026-07-31"];
    assert_eq!(rest.len(), dues.len(), "reduce keeps the end date:\n{out}");
    let mut balance = rows[2].balance;
    let mut from = rows[2].due_date.clone();
    for (i, (row, due)) in rest.iter().zip(dues).enumerate() {
        let last = i == dues.len() - 1;
        assert_eq!(row.period, 3 + i as u32, "{row:?}");
        assert_eq!(row.due_date, due, "{row:?}");
        assert_eq!(row.kind, "scheduled", "{row:?}");
        assert_eq!(row.interest, daily_interest(balance, &from, due), "{row:?}");
        if last {
            assert_eq!(row.principal, balance, "last pays the rest: {row:?}");
        } else {
            assert_eq!(row.payment, d("1126.32"), "reduced installment: {row:?}");
        }
        assert_eq!(row.payment, row.principal + row.interest, "{row:?}");
        assert!(row.balance < balance, "balance falls: {row:?}");
        assert_eq!(row.balance, balance - row.principal, "{row:?}");
        balance = row.balance;
        from = due.to_string();
    }
    assert_eq!(balance, Decimal::ZERO, "balance falls to 0.00:\n{out}");
    let principal: Decimal = rows.iter().map(|r| r.principal).sum();
    assert_eq!(
        principal,
        d("10000.00"),
        "principal sums to the loan:\n{out}"
    );
}

#[test]
fn worked_example_with_shorten_prepayment_keeps_the_payment_and_ends_sooner() {
    let out = ok(&with(
        &example(),
        &["--prepay", "2026-03-10:3000:shorten", "--format", "csv"],
    ));
    let rows = ScheduleRow::from_csv(&out);
    let lines: Vec<&str> = out.lines().skip(1).take(2).collect();
    assert_eq!(
        lines,
        [
            "1,2026-02-28,1756.50,1616.50,140.00,8383.50,scheduled",
            "2,2026-03-10,3015.00,3000.00,15.00,5383.50,prepayment",
        ]
    );
    let scheduled: Vec<&ScheduleRow> = rows[2..].iter().collect();
    let (last, regular) = scheduled.split_last().expect("rows after the prepayment");
    let mut balance = d("5383.50");
    let mut from = "2026-02-28".to_string();
    for row in regular.iter() {
        assert_eq!(row.kind, "scheduled", "{row:?}");
        assert_eq!(
            row.payment,
            d("1756.50"),
            "shorten keeps the payment: {row:?}"
        );
        assert_eq!(row.interest, daily_interest(balance, &from, &row.due_date));
        balance -= row.principal;
        assert_eq!(row.balance, balance, "{row:?}");
        from = row.due_date.clone();
    }
    assert_eq!(last.principal, balance, "last pays the rest: {last:?}");
    assert_eq!(last.balance, Decimal::ZERO);
    assert!(
        last.payment <= d("1756.50"),
        "last payment is smaller: {last:?}"
    );
    assert!(
        last.due_date.as_str() < "2026-07-31",
        "shorten ends before maturity:\n{out}"
    );
    let principal: Decimal = rows.iter().map(|r| r.principal).sum();
    assert_eq!(principal, d("10000.00"));
}

#[test]
fn prepayment_on_a_due_date_follows_the_installment_without_interest() {
    let out = ok(&with(
        &example(),
        &["--prepay", "2026-03-31:2000:shorten", "--format", "csv"],
    ));
    let lines: Vec<&str> = out.lines().skip(1).take(3).collect();
    assert_eq!(
        lines,
        [
            "1,2026-02-28,1756.50,1616.50,140.00,8383.50,scheduled",
            "2,2026-03-31,1756.50,1626.56,129.94,6756.94,scheduled",
            "2,2026-03-31,2000.00,2000.00,0.00,4756.94,prepayment",
        ],
        "{out}"
    );
}

// -------------------------------------------------------------------------- JSON --

#[test]
fn json_has_the_contract_shape_and_totals_are_the_row_sums() {
    let text = ok(&with(
        &example(),
        &["--prepay", "2026-03-10:3000:reduce", "--format", "json"],
    ));
    let doc: Value = serde_json::from_str(&text).expect("stdout is one JSON document");
    let top = doc.as_object().expect("a JSON object");
    let mut keys: Vec<&str> = top.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["rows", "totals"]);

    let amount = |v: &Value, what: &str| -> Decimal {
        let s = v
            .as_str()
            .unwrap_or_else(|| panic!("{what} must be a string, got {v}"));
        assert!(is_plain_amount(s), "{what} = {s:?}: two decimals, no sign");
        d(s)
    };

    let rows = doc["rows"].as_array().expect("rows is an array");
    assert!(!rows.is_empty());
    let (mut paid, mut principal, mut interest) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    let mut kinds = Vec::new();
    for row in rows {
        let obj = row.as_object().expect("each row is an object");
        let mut fields: Vec<&str> = obj.keys().map(String::as_str).collect();
        fields.sort_unstable();
        assert_eq!(
            fields,
            [
                "balance",
                "due_date",
                "interest",
                "kind",
                "payment",
                "period",
                "principal"
            ],
            "{row}"
        );
        assert!(row["period"].is_u64(), "period is a number: {row}");
        let due = row["due_date"].as_str().expect("due_date is a string");
        assert!(
            chrono::NaiveDate::parse_from_str(due, "%Y-%m-%d").is_ok(),
            "due_date {due:?}"
        );
        let kind = row["kind"].as_str().expect("kind is a string");
        assert!(matches!(kind, "scheduled" | "prepayment"), "kind {kind:?}");
        kinds.push(kind.to_string());
        amount(&row["balance"], "balance");
        paid += amount(&row["payment"], "payment");
        principal += amount(&row["principal"], "principal");
        interest += amount(&row["interest"], "interest");
    }
    assert!(kinds.iter().any(|k| k == "prepayment"));
    assert!(kinds.iter().any(|k| k == "scheduled"));

    let totals = doc["totals"].as_object().expect("totals is an object");
    let mut keys: Vec<&str> = totals.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["apr", "interest", "paid", "principal"]);
    assert_eq!(amount(&totals["paid"], "totals.paid"), paid);
    assert_eq!(amount(&totals["principal"], "totals.principal"), principal);
    assert_eq!(amount(&totals["interest"], "totals.interest"), interest);
    assert_eq!(principal, d("10000.00"));
    assert_eq!(paid, principal + interest);
    let apr = amount(&totals["apr"], "totals.apr");
    assert!(apr > Decimal::ZERO && apr < d("100"), "apr {apr}");
}

#[test]
fn json_rows_are_the_csv_rows() {
    let extra = ["--prepay", "2026-03-10:3000:reduce", "--format"];
    let csv = ScheduleRow::from_csv(&ok(&with(&example(), &[&extra[..], &["csv"]].concat())));
    let doc: Value =
        serde_json::from_str(&ok(&with(&example(), &[&extra[..], &["json"]].concat()))).unwrap();
    let json: Vec<ScheduleRow> = (doc["rows"].as_array().unwrap().iter())
        .map(ScheduleRow::from_json)
        .collect();
    assert_eq!(json, csv);
}

/// Monthly IRR × 1200 of `-principal` now and `payments` at months 1, 2, …, by bisection.
fn irr_percent(principal: f64, payments: &[f64]) -> f64 {
    let npv = |i: f64| {
        payments
            .iter()
            .enumerate()
            .map(|(k, p)| p / (1.0 + i).powi(k as i32 + 1))
            .sum::<f64>()
            - principal
    };
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    for _ in 0..200 {
        let mid = (lo + hi) / 2.0;
        if npv(mid) > 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo * 1200.0
}

#[test]
fn apr_is_the_irr_of_the_worked_example_cash_flows() {
    // Flows from the spec's table: 1,756.50 × 5 then 1,745.89, monthly.
    let mut payments = vec![1756.50; 5];
    payments.push(1745.89);
    let expected = irr_percent(10000.0, &payments);
    let doc: Value = serde_json::from_str(&ok(&with(&example(), &["--format", "json"]))).unwrap();
    let apr: f64 = doc["totals"]["apr"].as_str().unwrap().parse().unwrap();
    assert!(
        (apr - expected).abs() <= 0.0051,
        "apr {apr}, IRR × 12 of the flows is {expected:.4}"
    );
}

#[test]
fn flat_fee_apr_is_the_true_cost_not_fee_times_twelve() {
    // 12,000 over 12 months at 0.6 %/month flat: 1,000 + 72 a month.
    let doc: Value = serde_json::from_str(&ok(&with(
        &args(
            "schedule --principal 12000 --fee-rate 0.6 --term 12 \
             --method flat-fee --start 2026-01-15",
        ),
        &["--format", "json"],
    )))
    .unwrap();
    let expected = irr_percent(12000.0, &[1072.0; 12]);
    let apr: f64 = doc["totals"]["apr"].as_str().unwrap().parse().unwrap();
    assert!(
        (apr - expected).abs() <= 0.0051,
        "apr {apr}, IRR × 12 is {expected:.4}"
    );
    assert!(apr > 13.0, "a 0.6 % monthly fee costs over 13 % a year");
    assert_eq!(doc["totals"]["interest"], "864.00");
}

// ------------------------------------------------------------------------- table --

#[test]
fn table_groups_thousands_and_ends_with_totals() {
    let table = ok(&with(&example(), &["--format", "table"]));
    let json: Value = serde_json::from_str(&ok(&with(&example(), &["--format", "json"]))).unwrap();
    let apr = json["totals"]["apr"].as_str().unwrap();
    for cell in ["1,756.50", "1,616.50", "8,383.50", "1,745.89", "0.00"] {
        assert!(table.contains(cell), "{cell} in:\n{table}");
    }
    assert!(!table.contains("1756.50"), "no ungrouped amounts:\n{table}");
    let lines: Vec<&str> = table.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains("2026-") && l.contains("scheduled"))
            .count(),
        6,
        "six installment lines:\n{table}"
    );
    let totals = lines.last().expect("a totals line");
    let lower = totals.to_lowercase();
    assert!(lower.contains("total"), "totals line: {totals}");
    // Total paid: 1,756.50 × 5 + 1,745.89; interest: the sum of the spec's column.
    assert!(totals.contains("10,528.39"), "total paid in: {totals}");
    assert!(totals.contains("528.39"), "total interest in: {totals}");
    assert!(lower.contains("interest"), "interest labelled: {totals}");
    assert!(
        totals.contains(apr) && totals.contains('%'),
        "annualized rate {apr} % in: {totals}"
    );
}

#[test]
fn table_groups_millions() {
    let table = ok(&[
        "schedule".into(),
        "--principal".into(),
        "1234567.89".into(),
        "--annual-rate".into(),
        "6".into(),
        "--term".into(),
        "12".into(),
        "--method".into(),
        "interest-only".into(),
        "--start".into(),
        "2026-01-15".into(),
    ]);
    // Interest-only: 1,234,567.89 × 0.5 % = 6,172.84 a month; the last repays everything.
    assert!(table.contains("6,172.84"), "{table}");
    assert!(table.contains("1,240,740.73"), "{table}");
    assert!(table.contains("1,234,567.89"), "{table}");
}

// --------------------------------------------------------------------- bad input --

/// Exit code 2, nothing on stdout, one line on stderr containing every needle, no panic.
fn assert_refused(args: &[String], needles: &[&str]) {
    let out = run(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let cmd = format!("`loandash {}`", args.join(" "));
    assert!(!stderr.contains("panicked"), "{cmd} panicked: {stderr}");
    assert_eq!(
        out.status.code(),
        Some(2),
        "{cmd} exit code; stderr: {stderr}"
    );
    assert!(out.stdout.is_empty(), "{cmd} printed to stdout");
    let message = stderr.trim_end();
    assert_eq!(
        message.lines().count(),
        1,
        "{cmd}: one-line stderr:\n{stderr}"
    );
    for needle in needles {
        assert!(
            message.contains(needle),
            "{cmd}: stderr should mention {needle:?}: {message}"
        );
    }
}

/// The worked example's loan with `flag` replaced by `value` (or added when missing).
fn example_with(flag: &str, value: &str) -> Vec<String> {
    let mut args: Vec<String> = example().iter().map(|s| s.to_string()).collect();
    match args.iter().position(|a| a == flag) {
        Some(i) => args[i + 1] = value.to_string(),
        None => args.extend([flag.to_string(), value.to_string()]),
    }
    args.extend(["--format".to_string(), "csv".to_string()]);
    args
}

#[test]
fn negative_principal_is_refused() {
    assert_refused(
        &example_with("--principal", "-100"),
        &["--principal", "greater than 0"],
    );
}

#[test]
fn zero_principal_is_refused() {
    assert_refused(
        &example_with("--principal", "0"),
        &["--principal", "greater than 0"],
    );
}

#[test]
fn principal_with_three_decimals_is_refused() {
    assert_refused(
        &example_with("--principal", "10000.123"),
        &["--principal", "2 decimal"],
    );
}

#[test]
fn malformed_principal_is_refused() {
    assert_refused(&example_with("--principal", "1e4"), &["--principal"]);
}

#[test]
fn term_zero_is_refused() {
    assert_refused(&example_with("--term", "0"), &["--term", "1", "600"]);
}

#[test]
fn term_beyond_the_maximum_is_refused() {
    assert_refused(&example_with("--term", "601"), &["--term", "1", "600"]);
}

#[test]
fn negative_term_is_refused_with_the_accepted_range() {
    // The accepted range is 1..=600 (LoanTerms::new), whatever layer catches it.
    assert_refused(&example_with("--term", "-3"), &["--term", "600"]);
}

#[test]
fn annual_rate_out_of_range_is_refused() {
    for rate in ["150", "-1", "100.01"] {
        let mut args = example_with("--principal", "10000");
        let i = args.iter().position(|a| a == "--daily-rate").unwrap();
        args[i] = "--annual-rate".into();
        args[i + 1] = rate.into();
        assert_refused(&args, &["--annual-rate", "0", "100"]);
    }
}

#[test]
fn daily_rate_out_of_range_is_refused() {
    for rate in ["0.5", "-0.01", "1"] {
        assert_refused(
            &example_with("--daily-rate", rate),
            &["--daily-rate", "0", "0.27"],
        );
    }
}

#[test]
fn both_annual_and_daily_rate_are_refused() {
    assert_refused(
        &example_with("--annual-rate", "12"),
        &["--annual-rate", "--daily-rate"],
    );
}

#[test]
fn malformed_start_dates_are_refused() {
    for start in ["2026-02-30", "tomorrow", "2026-13-01", "31/01/2026"] {
        assert_refused(&example_with("--start", start), &["--start", "YYYY-MM-DD"]);
    }
}

#[test]
fn prepayment_before_the_start_is_refused() {
    assert_refused(
        &example_with("--prepay", "2026-01-30:100:reduce"),
        &["--prepay", "2026-01-31"],
    );
}

#[test]
fn prepayment_after_the_end_is_refused() {
    assert_refused(
        &example_with("--prepay", "2026-08-01:100:reduce"),
        &["--prepay", "2026-07-31"],
    );
}

#[test]
fn malformed_prepayment_specs_are_refused() {
    for spec in [
        "2026-03-10:3000",
        "2026-03-10",
        "2026-03-10:3000:reduce:extra",
        "2026-03-32:3000:reduce",
        "2026-03-10:abc:reduce",
        "2026-03-10:1.234:reduce",
    ] {
        assert_refused(
            &example_with("--prepay", spec),
            &["--prepay", "DATE:AMOUNT:MODE"],
        );
    }
}

#[test]
fn prepayment_with_unknown_mode_is_refused() {
    assert_refused(
        &example_with("--prepay", "2026-03-10:3000:later"),
        &["--prepay", "shorten", "reduce"],
    );
}

#[test]
fn prepayment_of_nothing_is_refused() {
    for spec in ["2026-03-10:0:reduce", "2026-03-10:-5:reduce"] {
        assert_refused(
            &example_with("--prepay", spec),
            &["--prepay", "greater than 0"],
        );
    }
}

#[test]
fn unknown_method_is_refused_with_the_accepted_methods() {
    assert_refused(
        &example_with("--method", "annuity"),
        &[
            "--method",
            "equal-installment",
            "equal-principal",
            "interest-only",
            "bullet",
            "flat-fee",
        ],
    );
}

#[test]
fn unknown_day_count_is_refused_with_the_accepted_ones() {
    assert_refused(
        &example_with("--day-count", "30/365"),
        &["--day-count", "30/360", "actual/365", "actual/360"],
    );
}

#[test]
fn flat_fee_without_fee_rate_is_refused() {
    let args: Vec<String> = args(
        "schedule --principal 12000 --term 12 --method flat-fee \
         --start 2026-01-15",
    )
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_refused(&args, &["--fee-rate", "flat-fee"]);
}

#[test]
fn fee_rate_with_another_method_is_refused() {
    assert_refused(
        &example_with("--fee-rate", "0.6"),
        &["--fee-rate", "flat-fee"],
    );
}

#[test]
fn fee_rate_out_of_range_is_refused() {
    let args: Vec<String> = args(
        "schedule --principal 12000 --fee-rate 20 --term 12 \
         --method flat-fee --start 2026-01-15",
    )
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_refused(&args, &["--fee-rate", "0", "10"]);
}

#[test]
fn missing_required_fields_are_named() {
    for (flag, needles) in [
        ("--principal", &["--principal"][..]),
        ("--term", &["--term"][..]),
        ("--method", &["--method", "equal-installment"][..]),
        ("--daily-rate", &["--annual-rate", "--daily-rate"][..]),
    ] {
        let mut args: Vec<String> = example().iter().map(|s| s.to_string()).collect();
        let i = args.iter().position(|a| a == flag).unwrap();
        args.drain(i..i + 2);
        assert_refused(&args, needles);
    }
}

/// `schedule --loan ID` is a stored loan's schedule as the payments recorded left it: the
/// worked example paid on its first due date, then 3,015.00 paid as a prepayment (reduce)
/// on 03-10 — 3,000 of principal and its 15.00 of interest — is the schedule
/// `--prepay 2026-03-10:3000:reduce` gives, row for row and in JSON too.
#[test]
fn a_stored_loan_prints_its_schedule_with_the_prepayments_recorded() {
    let s = common::Sandbox::new();
    s.ok("2026-02-01", &[&["add", "--name", "借呗"], WORKED].concat());
    s.ok(
        "2026-03-20",
        &args("pay --loan L1 --amount 1756.50 --date 2026-02-28"),
    );
    s.ok(
        "2026-03-20",
        &args("pay --loan L1 --amount 3015 --date 2026-03-10 --prepay --mode reduce"),
    );
    let typed = ok(&with(
        &example(),
        &["--prepay", "2026-03-10:3000:reduce", "--format", "csv"],
    ));
    assert_eq!(
        s.ok("2026-03-20", &args("schedule --loan L1 --format csv")),
        typed
    );
    let stored = s.json("2026-03-20", &args("schedule --loan L1"));
    let typed: Value = serde_json::from_str(&ok(&with(
        &example(),
        &["--prepay", "2026-03-10:3000:reduce", "--format", "json"],
    )))
    .unwrap();
    assert_eq!(stored, typed);
    // Before the prepayment was made, the schedule is the loan's own.
    let before = s.ok("2026-03-01", &args("schedule --loan L1 --format csv"));
    assert_eq!(before, ok(&with(&example(), &["--format", "csv"])));

    // An unknown id is refused by name; terms beside --loan are refused by clap.
    let refused = s.refused("2026-03-20", &args("schedule --loan L9"), 2);
    assert!(
        refused.contains("L9") && refused.contains("loandash list"),
        "{refused}"
    );
    let both = s.refused("2026-03-20", &args("schedule --loan L1 --term 6"), 2);
    assert!(both.contains("--loan") && both.contains("--term"), "{both}");
}
