//! `fit` on real published repayment plans (tests/fixtures/published/, sources in its
//! README). The copies stay as published; where `fit` cannot read a source's layout the
//! test converts it here, in the open.

mod common;

use common::{args, in_store, loandash, stderr_of, stdout_of};
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/published");

fn published(name: &str) -> String {
    fs::read_to_string(Path::new(FIXTURES).join(name)).expect("fixture readable")
}

/// Each of `expected`'s fields as `value` has it (fields not named are not checked).
fn assert_fields(value: &serde_json::Value, expected: serde_json::Value) {
    for (key, want) in expected.as_object().expect("fields") {
        assert_eq!(&value[key], want, "{key} in {value}");
    }
}

fn fit_json(plan: &Path) -> (Option<i32>, serde_json::Value) {
    let out = loandash(&["--format", "json", "fit", plan.to_str().unwrap()]);
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "fit printed no JSON ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code(), json)
}

/// `text` written as `name` in `dir`, a plan file for `fit` and `reconcile`.
fn plan_file(dir: &TempDir, name: &str, text: &str) -> PathBuf {
    let plan = dir.path().join(name);
    fs::write(&plan, text).unwrap();
    plan
}

/// Our schedule of the loan `flags` describe: its CSV rows, the header left out.
fn our_schedule(flags: &str) -> Vec<Vec<String>> {
    let out = loandash(&args(&format!("schedule --format csv {flags}")));
    assert!(out.status.success(), "{}", stderr_of(&out));
    stdout_of(&out)
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(String::from).collect())
        .collect()
}

/// A store in `dir` holding the loan of `fit`'s own `add` line in `fitted` (its JSON),
/// named `name`; the store's path.
fn store_of_fitted(dir: &TempDir, fitted: &serde_json::Value, name: &str) -> String {
    let store = dir.path().join("loans.ron").to_str().unwrap().to_string();
    let command = fitted["command"].as_str().unwrap().replace("NAME", name);
    let mut add = vec!["--store", store.as_str()];
    add.extend(command.split_whitespace().skip(1));
    let out = loandash(&add);
    assert!(out.status.success(), "{}", stderr_of(&out));
    store
}

/// `row` as a line of a plan's CSV, added to `csv`.
fn push_row(csv: &mut String, row: &[String]) {
    csv.push_str(&row.join(","));
    csv.push('\n');
}

/// 1/28/2015 → 2015-01-28.
fn iso_from_us(date: &str) -> String {
    let parts: Vec<u32> = date.split('/').map(|p| p.parse().unwrap()).collect();
    format!("{}-{:02}-{:02}", parts[2], parts[0], parts[1])
}

/// The Fiji Development Bank sheet as `fit` reads it: the sheet's own amount and start
/// lines, then its rows by their header names, dates in ISO form, no thousands separators.
fn fiji_plan() -> (String, Vec<Vec<String>>) {
    let text = published("fiji_development_bank_1670.tsv");
    let line = |key: &str| -> String {
        text.lines()
            .find_map(|l| l.strip_prefix(key))
            .unwrap_or_else(|| panic!("{key} line"))
            .trim()
            .replace(',', "")
    };
    let mut csv = format!(
        "借款金额: {}\n放款日: {}\nperiod,due_date,payment,principal,interest,balance\n",
        line("Loan amount\t"),
        iso_from_us(&line("Start date of loan\t"))
    );
    let mut lines = text.lines().skip_while(|l| !l.starts_with("Pmt. No."));
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let mut rows = Vec::new();
    for l in lines {
        let cells: Vec<&str> = l.split('\t').collect();
        let cell = |name: &str| cells[column(name)].replace(',', "");
        let row = vec![
            cell("Pmt. No."),
            iso_from_us(&cell("Payment Date")),
            cell("Total Payment"),
            cell("Principal"),
            cell("Interest"),
            cell("Ending Balance"),
        ];
        push_row(&mut csv, &row);
        rows.push(row);
    }
    (csv, rows)
}

#[test]
fn a_fiji_development_bank_plan_is_a_6_percent_annuity_but_for_its_short_last_payment() {
    let dir = TempDir::new().unwrap();
    let (csv, published_rows) = fiji_plan();
    assert_eq!(published_rows.len(), 12);
    let plan = plan_file(&dir, "fiji.csv", &csv);

    let (code, json) = fit_json(&plan);
    assert_eq!(code, Some(1), "row 12 repays no convention: {json}");
    assert_eq!(json["exact"], false);
    assert_eq!(json["rows"], 12);
    assert_eq!(json["matched"], 11);
    assert_fields(
        &json["terms"],
        serde_json::json!({
            "principal": "1670.00",
            "method": "equal-installment",
            "annual_rate": "6",
            "term": 12,
            "start": "2015-01-28",
            "day_count": "30/360",
            "first_due": null,
            "rounding": "half-up",
            "remainder": "last",
            "rate_changes": [],
        }),
    );
    // The one row that differs: the sheet caps the last payment at the balance before
    // interest (143.02), so 0.72 is never repaid; a schedule that clears the loan asks
    // 143.02 + 0.72.
    assert_eq!(
        json["differing"],
        serde_json::json!([{
            "period": 12,
            "due_date": "2016-01-28",
            "theirs": {"payment": "143.02", "principal": "142.30", "interest": "0.72"},
            "ours": {"payment": "143.74", "principal": "143.02", "interest": "0.72"},
            "ours_due_date": "2016-01-28",
        }])
    );

    // Rows 1–11 to the cent, balance included, from the fitted terms' own schedule.
    let ours = our_schedule(
        "--principal 1670 --annual-rate 6 --term 12 --method equal-installment \
         --start 2015-01-28",
    );
    assert_eq!(ours.len(), 12);
    for (theirs, ours) in published_rows.iter().zip(&ours).take(11) {
        assert_eq!(theirs.as_slice(), &ours[..6], "period {}", theirs[0]);
    }
    assert_eq!(
        ours[11][..6],
        ["12", "2016-01-28", "143.74", "143.02", "0.72", "0.00"]
    );

    // The loan fit's own `add` line describes, held against the plan: every row the same
    // but the last, which reconcile says no convention explains.
    let store = store_of_fitted(&dir, &json, "fdb");
    let store = store.as_str();
    let out = in_store(
        store,
        "--format json reconcile --loan L1",
        &[plan.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["verdict"], "unexplained");
    let rows = json["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 12);
    assert!(rows[..11].iter().all(|r| r["matches"] == true), "{json}");
    assert_eq!(rows[11]["matches"], false);
    assert_eq!(rows[11]["difference"]["payment"], "-0.72");
    assert_eq!(
        rows[11]["reason"],
        "no convention we know reproduces this row"
    );

    // The verdict in words agrees with its count: one row, in English and in Chinese.
    for (lang, verdict, error) in [
        (
            "en",
            "Loan L1 differs from the lender's plan, and 1 of 12 rows is not reproduced by any convention we know.",
            "1 of 12 rows differs",
        ),
        (
            "zh",
            "贷款 L1 与机构的还款计划不同，12 行中有 1 行无法用已知的任何约定重现。",
            "12 行中有 1 行不同",
        ),
    ] {
        let line = format!("--lang {lang} reconcile --loan L1");
        let out = in_store(store, &line, &[plan.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1));
        let (stdout, stderr) = (stdout_of(&out), stderr_of(&out));
        assert!(stdout.contains(verdict), "{stdout}");
        assert!(stderr.contains(error), "{stderr}");
    }
}

/// The Fiji Development Bank sheet pasted as published, every column of it (beginning
/// balance, scheduled, extra and total payment, ending balance, cumulative interest; US
/// dates): `fit` reads it as it reads the converted copy, and finds the same.
#[test]
fn the_fiji_development_bank_sheet_as_published_fits_like_its_converted_copy() {
    let dir = TempDir::new().unwrap();
    let (csv, _) = fiji_plan();
    let converted = plan_file(&dir, "fiji.csv", &csv);
    let as_published = Path::new(FIXTURES).join("fiji_development_bank_1670.tsv");
    let (code, json) = fit_json(&as_published);
    assert_eq!(code, Some(1), "{json}");
    assert_eq!(
        (json["rows"].clone(), json["matched"].clone()),
        (12.into(), 11.into())
    );
    let (_, expected) = fit_json(&converted);
    assert_eq!(json, expected);
}

/// The R table's rows, signs dropped, given monthly dates (the source prints none).
fn r_rows() -> Vec<[String; 6]> {
    published("r_financial_tvm.txt")
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .filter(|c| c.len() == 5 && c[0].parse::<u32>().is_ok())
        .map(|c| {
            let month = c[0].parse::<u32>().unwrap() + 1;
            let due = format!("{}-{:02}-01", 2026 + (month - 1) / 12, (month - 1) % 12 + 1);
            let abs = |s: &str| s.trim_start_matches('-').to_string();
            [
                c[0].into(),
                due,
                c[1].into(),
                c[2].into(),
                abs(c[3]),
                abs(c[4]),
            ]
        })
        .collect()
}

#[test]
fn the_r_financial_example_table_is_refused_where_its_payment_is_not_principal_plus_interest() {
    let rows = r_rows();
    assert_eq!(rows.len(), 10);
    let dir = TempDir::new().unwrap();
    let mut csv = String::from("period,due_date,balance,interest,principal,payment\n");
    for r in &rows {
        push_row(&mut csv, r);
    }
    let plan = plan_file(&dir, "tvm.csv", &csv);
    let out = loandash(&["fit", plan.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    // Row 2 (line 3): 971.10 + 75.31 = 1046.41, printed 1046.40 — R rounds each column
    // of an unrounded schedule on its own.
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 3, column payment: 1046.40 is not principal + interest = 1046.41"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn the_r_financial_example_without_its_payment_column_fits_10_percent_closest_not_exactly() {
    let dir = TempDir::new().unwrap();
    // The amount borrowed is the example call's pv=10000; the payment column is left out,
    // so each row's payment is its principal + interest.
    let mut csv = String::from("借款金额: 10000.00\nperiod,due_date,balance,interest,principal\n");
    for r in r_rows() {
        push_row(&mut csv, &r[..5]);
    }
    let plan = plan_file(&dir, "tvm.csv", &csv);

    let (code, json) = fit_json(&plan);
    assert_eq!(code, Some(1), "{json}");
    assert_eq!(json["exact"], false);
    let terms = &json["terms"];
    assert_eq!(terms["principal"], "10000.00");
    assert_eq!(terms["method"], "equal-installment");
    assert_eq!(terms["term"], 10);
    let rate: f64 = terms["annual_rate"].as_str().unwrap().parse().unwrap();
    assert!((rate - 10.0).abs() < 0.001, "{rate}");
    // What differs is exactly the rows whose principal + interest is 1046.41 against a
    // level 1046.40 — all but the last, which clears the balance under any terms.
    let differing = json["differing"].as_array().unwrap();
    let periods: Vec<u64> = differing
        .iter()
        .map(|d| d["period"].as_u64().unwrap())
        .collect();
    assert_eq!(periods, [2, 3, 4, 5, 7]);
    assert_eq!(json["matched"], 5);
    for d in differing {
        assert_eq!(d["theirs"]["payment"], "1046.41", "{d}");
        assert_eq!(d["ours"]["payment"], "1046.40", "{d}");
    }
}

/// `1.500,00` or `-38,13` (Spanish grouping and decimal comma, the sign dropped) → `1500.00`.
fn from_spanish(amount: &str) -> String {
    amount
        .trim_start_matches('-')
        .replace('.', "")
        .replace(',', ".")
}

/// `14-07-2007` → `2007-07-14`.
fn iso_from_spanish(date: &str) -> String {
    let parts: Vec<&str> = date.split('-').collect();
    format!("{}-{}-{}", parts[2], parts[1], parts[0])
}

/// The Spanish bank's receipts as `fit` reads them: the amount and draw date from the
/// statement's own `CAPITAL FORMALIZACI.` line, then one row per `COBRO RECIBO`, due on
/// the date the receipt is for (the value date moves off a weekend), with its capital,
/// interest and total.
fn rankia_plan() -> (String, Vec<[String; 5]>) {
    let text = published("rankia_1500_receipts.txt");
    let drawn: Vec<&str> = text
        .lines()
        .find(|l| l.contains("CAPITAL FORMALIZACI."))
        .expect("the draw line")
        .split_whitespace()
        .collect();
    // Operation date, value date, CAPITAL FORMALIZACI., capital, interest, other, total.
    let mut csv = format!(
        "借款金额: {}\n放款日: {}\nperiod,due_date,payment,principal,interest\n",
        from_spanish(drawn[4]),
        iso_from_spanish(drawn[0])
    );
    let mut rows = Vec::new();
    for line in text.lines().filter(|l| l.contains("COBRO RECIBO")) {
        // Operation date, value date, COBRO, RECIBO, receipt date, capital, interest,
        // other, total.
        let c: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(c[7], "0,00", "no other charge in {line}");
        let row = [
            (rows.len() + 1).to_string(),
            iso_from_spanish(c[4]),
            from_spanish(c[8]),
            from_spanish(c[5]),
            from_spanish(c[6]),
        ];
        push_row(&mut csv, &row);
        rows.push(row);
    }
    (csv, rows)
}

/// A borrower's copy of the first 18 receipts of a 36-month loan (red.rankia.com): with
/// the term given, `fit` finds 1,500.00 at 6 % over 36 months and every receipt to the
/// cent; taken as a whole plan (18 periods) nothing fits.
#[test]
fn the_first_18_receipts_of_a_spanish_banks_36_month_loan_fit_to_the_cent() {
    let dir = TempDir::new().unwrap();
    let (csv, published_rows) = rankia_plan();
    assert_eq!(published_rows.len(), 18);
    let plan = plan_file(&dir, "rankia.csv", &csv);
    let plan = plan.to_str().unwrap();

    let out = loandash(&["--format", "json", "fit", plan, "--term", "36"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["exact"], true);
    assert_eq!(
        (json["rows"].clone(), json["matched"].clone()),
        (18.into(), 18.into())
    );
    assert_fields(
        &json["terms"],
        serde_json::json!({
            "principal": "1500.00",
            "method": "equal-installment",
            "annual_rate": "6",
            "term": 36,
            "start": "2007-06-14",
            "day_count": "30/360",
            "first_due": null,
            "rounding": "half-up",
            "rate_changes": [],
        }),
    );

    // The fitted loan's own schedule, row by row against the receipts.
    let ours = our_schedule(
        "--principal 1500 --annual-rate 6 --term 36 --method equal-installment \
         --start 2007-06-14",
    );
    assert_eq!(ours.len(), 36);
    for (theirs, ours) in published_rows.iter().zip(&ours) {
        assert_eq!(theirs.as_slice(), &ours[..5], "receipt {}", theirs[0]);
    }

    // The same term said above the table, in either language, fits the same.
    for line in ["Term: 36 months", "共36期"] {
        let stated = plan_file(&dir, "stated.csv", &format!("{line}\n{csv}"));
        let (code, stated_json) = fit_json(&stated);
        assert_eq!(code, Some(0), "{line}: {stated_json}");
        assert_eq!(stated_json, json, "{line}");
    }

    // Without the term the 18 receipts are taken for a whole 18-month plan: nothing fits.
    let (code, whole) = fit_json(Path::new(plan));
    assert_eq!(code, Some(1), "{whole}");
    assert_eq!(whole["terms"]["term"], 18);
    assert_eq!(whole["matched"], 0);

    // A loan of the fitted terms, held against the receipts: every row matches.
    let store = store_of_fitted(&dir, &json, "prestamo");
    let out = in_store(
        &store,
        "--format json reconcile --loan L1 --term 36",
        &[plan],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["verdict"], "match");
    assert_eq!(json["rows"].as_array().unwrap().len(), 18);
    assert_eq!(json["lender_terms"]["term"], 36);
}

/// The amount between `before` and the next `元` on `line`: `应还本金500元` → `500`.
fn yuan_after(line: &str, before: &str) -> String {
    let rest = &line[line.find(before).expect(before) + before.len()..];
    rest[..rest.find('元').expect("元")].to_string()
}

/// WeBank's 微粒贷 example as a page quotes it: 2,500 yuan over 5 months at 0.05 % a day,
/// 500 of principal a month and that month's interest. The page prints neither dates nor
/// payments: each payment is the principal + interest it lists, and the dates are the
/// only months whose lengths give those interests at 0.05 % a day on what is left —
/// 31, 30, 31, 31 and 30 days, May to October (drawn 2026-05-10 here; any day up to the
/// 28th gives the same days).
fn weilidai_plan() -> String {
    let text = published("weilidai_2500_5_months.txt");
    let mut csv = String::from("借款金额: 2500.00\n放款日: 2026-05-10\n");
    csv.push_str("period,due_date,payment,principal,interest\n");
    // Amounts as printed (`500`, `38.75`) in cents, so the payment is their exact sum.
    let cents = |s: &str| -> i64 {
        let (yuan, fen) = s.split_once('.').unwrap_or((s, "00"));
        yuan.parse::<i64>().unwrap() * 100 + fen.parse::<i64>().unwrap()
    };
    let money = |c: i64| format!("{}.{:02}", c / 100, c % 100);
    for (i, line) in text
        .lines()
        .filter(|l| l.contains("个月:应还本金"))
        .enumerate()
    {
        let principal = cents(&yuan_after(line, "应还本金"));
        let interest = cents(&yuan_after(line, "利息"));
        csv.push_str(&format!(
            "{},2026-{:02}-10,{},{},{}\n",
            i + 1,
            i + 6,
            money(principal + interest),
            money(principal),
            money(interest)
        ));
    }
    csv
}

/// A Chinese lender's worked example (微粒贷, quoted on globetech.com.cn): equal principal
/// at 0.05 % a day on actual days fits four of its five rows to the cent; row 3 prints
/// 23.35 where 1,500 × 0.05 % × 31 days is 23.25 (no whole number of days gives 23.35),
/// and `fit` names that row rather than bend a convention to it.
#[test]
fn weilidais_2500_yuan_example_is_equal_principal_at_5_per_10000_a_day_but_its_row_3() {
    let dir = TempDir::new().unwrap();
    let plan = plan_file(&dir, "weilidai.csv", &weilidai_plan());

    let (code, json) = fit_json(&plan);
    assert_eq!(code, Some(1), "{json}");
    assert_eq!(
        (json["rows"].clone(), json["matched"].clone()),
        (5.into(), 4.into())
    );
    assert_fields(
        &json["terms"],
        serde_json::json!({
            "principal": "2500.00",
            "method": "equal-principal",
            "daily_rate": "0.05",
            "annual_rate": null,
            "term": 5,
            "start": "2026-05-10",
            "day_count": "actual/365",
            "rounding": "half-up",
            "rate_changes": [],
        }),
    );
    assert_eq!(
        json["differing"],
        serde_json::json!([{
            "period": 3,
            "due_date": "2026-08-10",
            "theirs": {"payment": "523.35", "principal": "500.00", "interest": "23.35"},
            "ours": {"payment": "523.25", "principal": "500.00", "interest": "23.25"},
            "ours_due_date": "2026-08-10",
        }])
    );
}
