//! `loandash project-limit` through the real binary: the JSON shape scripts rely on, the
//! CSV and table, and which model file is used (flag, config folder, shipped default),
//! including the fallback when a model is rejected.

mod common;

use common::{Sandbox, args};
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

const AS_OF: &str = "2026-06-15";

/// A temp folder with a store (line 借呗 of 10,000 with one loan on it, a profile) and
/// an empty config folder, so no real user's model is picked up.
struct Env {
    sandbox: Sandbox,
}

impl Env {
    fn new() -> Self {
        let env = Env {
            sandbox: Sandbox::new(),
        };
        env.ok(&["line", "--name", "借呗", "--limit", "10000"]);
        env.ok(&args("profile --income 8000 --score 640 --completeness 50"));
        env.ok(&[
            "add",
            "--name",
            "借呗 1",
            "--principal",
            "6000",
            "--annual-rate",
            "18",
            "--term",
            "12",
            "--method",
            "equal-installment",
            "--start",
            "2026-01-20",
            "--line",
            "借呗",
        ]);
        // Every installment due so far paid on its due date, as `due` reports it.
        for month in ["2026-02", "2026-03", "2026-04", "2026-05"] {
            let date = format!("{month}-20");
            let due: Value = serde_json::from_str(
                &env.ok_at(&date, &["due", "--month", month, "--format", "json"]),
            )
            .expect("due JSON");
            let total = due["total"].as_str().expect("a total").to_string();
            env.ok_at(
                &date,
                &["pay", "--loan", "L1", "--amount", &total, "--date", &date],
            );
        }
        env
    }

    fn config(&self) -> PathBuf {
        self.sandbox.config_dir()
    }

    fn run(&self, args: &[&str]) -> Output {
        self.sandbox.run(AS_OF, args)
    }

    fn ok(&self, args: &[&str]) -> String {
        self.ok_at(AS_OF, args)
    }

    fn ok_at(&self, as_of: &str, args: &[&str]) -> String {
        self.sandbox.ok(as_of, args)
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["project-limit", "--format", "json"];
        all.extend_from_slice(args);
        serde_json::from_str(&self.ok(&all)).expect("valid JSON")
    }

    fn write_model(&self, path: &Path, text: &str) {
        fs::create_dir_all(path.parent().expect("a parent")).expect("a folder");
        fs::write(path, text).expect("the model is written");
    }
}

fn shipped() -> String {
    fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/limit_model.ron"
    ))
    .expect("the shipped model")
}

fn is_amount(v: &Value) -> bool {
    v.as_str().is_some_and(|s| {
        let (whole, cents) = s.split_once('.').unwrap_or((s, ""));
        !whole.is_empty() && whole.chars().all(|c| c.is_ascii_digit()) && cents.len() == 2
    })
}

#[test]
fn json_has_the_fixed_shape() {
    let env = Env::new();
    let json = env.json(&["--months", "6"]);
    assert_eq!(json["line"], "借呗");
    assert_eq!(json["model"], "default");
    assert_eq!(json["estimate"], true);
    assert!(json.get("model_fallback").is_none());
    let months = json["months"].as_array().expect("months");
    assert_eq!(months.len(), 7, "month 0 and 6 ahead");
    let labels: Vec<&str> = months
        .iter()
        .map(|m| m["month"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        [
            "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"
        ]
    );
    // Month 0 is today: the profile's score, the line's limit, nothing moved yet.
    assert_eq!(months[0]["score"], 640);
    assert_eq!(months[0]["limit"], "10000.00");
    assert_eq!(months[0]["factors"], Value::Array(vec![]));
    for m in months {
        let score = m["score"].as_u64().expect("an integer score");
        assert!((350..=950).contains(&score));
        for key in ["limit", "low", "high"] {
            assert!(is_amount(&m[key]), "{key}: {}", m[key]);
        }
        assert!(["AAA", "AA", "A", "B", "C"].contains(&m["grade"].as_str().unwrap()));
        for f in m["factors"].as_array().expect("factors") {
            assert!(f["factor"].is_string() && f["effect"].is_string(), "{f}");
            assert!(is_amount(&Value::String(
                f["money"].as_str().unwrap().trim_start_matches('-').into()
            )));
        }
    }
    // Paying on time moves the record: the last month names what moved it.
    let last = months.last().unwrap();
    let names: Vec<&str> = last["factors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["factor"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"on-time record"), "{names:?}");
    assert_eq!(json["today"].as_array().unwrap().len(), 8);
    assert!(json["suggestions"].as_array().unwrap().len() <= 3);
}

#[test]
fn default_is_twelve_months_and_scenarios_move_it_the_right_way() {
    let env = Env::new();
    let on_time = env.json(&[]);
    assert_eq!(on_time["months"].as_array().unwrap().len(), 13);
    assert_eq!(on_time["scenario"], "on-time");
    let missed = env.json(&["--scenario", "miss:45"]);
    assert_eq!(missed["scenario"], "miss:45");
    let prepaid = env.json(&["--scenario", "prepay:2000", "--line", "借呗"]);
    let score = |j: &Value, m: usize| j["months"][m]["score"].as_u64().unwrap();
    let limit = |j: &Value, m: usize| {
        j["months"][m]["limit"]
            .as_str()
            .unwrap()
            .parse::<rust_decimal::Decimal>()
            .unwrap()
    };
    for m in 0..=12 {
        assert!(score(&missed, m) <= score(&on_time, m));
        assert!(limit(&missed, m) <= limit(&on_time, m));
        assert!(score(&prepaid, m) >= score(&on_time, m));
    }
    // The missed installment (due 2026-06-20) is shown by stage while unpaid, and once
    // paid 45 days late it stays on the record at the stage it reached (penalty).
    assert_eq!(missed["months"][1]["overdue"]["stage"], "warning");
    assert_eq!(missed["months"][1]["overdue"]["days"], 25);
    assert!(missed["months"][2]["overdue"].is_null());
    let overdues = missed["months"][2]["factors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["factor"] == "overdues")
        .expect("the overdue moved the score");
    assert!(overdues["points"].as_i64().unwrap() < 0);
    assert!(
        overdues["detail"].as_str().unwrap().contains("1 penalty"),
        "{overdues}"
    );
}

/// A projection stops at the last supported date: it showed months "10000-01" onward as
/// of 9999-12-31, in the table, the JSON and the suggestions (issue 19).
#[test]
fn no_month_past_9999_12_is_projected() {
    let env = Env::new();
    for (as_of, last) in [("9999-12-31", "9999-12"), ("9999-10-31", "9999-12")] {
        let table = env.ok_at(as_of, &["project-limit"]);
        assert!(!table.contains("10000-"), "{table}");
        let json: Value = serde_json::from_str(&env.ok_at(
            as_of,
            &["project-limit", "--format", "json", "--months", "120"],
        ))
        .unwrap();
        let months = json["months"].as_array().unwrap();
        assert_eq!(months.last().unwrap()["month"], last, "{as_of}");
    }
}

#[test]
fn csv_and_table() {
    let env = Env::new();
    let csv = env.ok(&["project-limit", "--format", "csv", "--months", "3"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("month,score,grade,limit,low,high,score_low,score_high,factors")
    );
    assert_eq!(lines.count(), 4);
    // CSV amounts stay plain, for scripts.
    assert!(
        csv.lines().nth(1).is_some_and(|l| !l.contains('¥')),
        "{csv}"
    );
    let table = env.ok(&["project-limit", "--months", "3"]);
    assert!(table.contains("estimate"), "{table}");
    // The table's money reads as the rest of the app's: limit, range and what moved
    // it each carry the currency, a loss its sign before it.
    let month = table.lines().nth(1).unwrap();
    let cells: Vec<&str> = month
        .split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    assert!(cells[3].starts_with('¥'), "limit: {month}");
    assert!(
        cells[4].starts_with('¥') && cells[4].contains("–¥"),
        "range: {month}"
    );
    let moved = table.lines().find(|l| l.contains("points, ")).unwrap();
    assert!(
        moved.contains(", +¥") || moved.contains(", -¥"),
        "what moved it: {moved}"
    );
    assert!(!table.contains("¥-"), "{table}");
}

#[test]
fn bad_arguments_name_the_flag() {
    let env = Env::new();
    for (args, flag) in [
        (vec!["--line", "nope"], "--line"),
        (vec!["--model", "/no/such/model.ron"], "--model"),
        (vec!["--scenario", "later"], "--scenario"),
        (vec!["--months", "0"], "--months"),
    ] {
        let mut all = vec!["project-limit"];
        all.extend(args.iter());
        let out = env.run(&all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(flag), "{args:?}: {err}");
    }
}

#[test]
fn a_scenario_that_cannot_apply_says_why_and_the_on_time_projection_still_shows() {
    let env = Env::new();
    let on_time = env.json(&[]);
    for (scenario, why, shown) in [
        (
            "borrow:50000",
            "available",
            "borrowing ¥50,000.00 is more than the ¥",
        ),
        (
            "prepay:99999",
            "owed on 借呗",
            "repaying ¥99,999.00 early is more than the ¥",
        ),
    ] {
        let out = env.run(&["project-limit", "--format", "json", "--scenario", scenario]);
        assert_eq!(out.status.code(), Some(0), "{scenario}");
        let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(
            json["scenario"],
            scenario
                .replace("50000", "50000.00")
                .replace("99999", "99999.00")
        );
        let reason = json["not_applicable"].as_str().expect("a reason");
        assert!(reason.contains(why), "{reason}");
        assert_eq!(json["shown"], "on-time");
        assert_eq!(json["months"], on_time["months"]);
        let table = env.ok(&["project-limit", "--scenario", scenario]);
        assert!(table.contains("is not applicable: "), "{table}");
        assert!(table.contains(shown), "{table}");
    }
    assert!(on_time.get("not_applicable").is_none());
    assert_eq!(on_time["shown"], "on-time");
}

/// Issue 16: a line whose only loan is entirely past due has nothing to repay early
/// once it is caught up; that scenario says so, the others still project.
#[test]
fn prepaying_a_loan_that_is_all_past_due_is_not_applicable() {
    let env = Env::new();
    env.ok(&["line", "--name", "花呗", "--limit", "5000"]);
    env.ok(&args(
        "add --name old --principal 3000 --annual-rate 12 --term 3 \
         --method equal-installment --start 2026-01-10 --line 花呗",
    ));
    let out = env.run(&args(
        "project-limit --format json --line 花呗 --scenario prepay:1000",
    ));
    assert_eq!(out.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(
        json["not_applicable"]
            .as_str()
            .unwrap()
            .contains("past due"),
        "{json}"
    );
    assert_eq!(json["months"].as_array().unwrap().len(), 13);
    // Paying late scores lower than catching up tomorrow.
    let missed = env.json(&["--line", "花呗", "--scenario", "miss:40"]);
    assert!(missed.get("not_applicable").is_none(), "{missed}");

    // Side by side with the others: on time first, then each scenario asked for, the
    // one that cannot apply with its reason (in the language asked for) and no months.
    let both = args("project-limit --line 花呗 --scenario prepay:1000 --scenario miss:40");
    let json: Value =
        serde_json::from_str(&env.ok(&[&both[..], &["--format", "json"]].concat())).expect("JSON");
    let scenarios = json["scenarios"].as_array().expect("scenarios");
    let names: Vec<&str> = scenarios
        .iter()
        .map(|s| s["scenario"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["on-time", "prepay:1000.00", "miss:40"]);
    assert!(scenarios[0]["not_applicable"].is_null());
    assert_eq!(scenarios[0]["months"], json["months"]);
    assert!(
        scenarios[1]["not_applicable"]
            .as_str()
            .unwrap()
            .contains("past due")
    );
    assert_eq!(scenarios[1]["months"].as_array().unwrap().len(), 0);
    assert_eq!(scenarios[2]["months"], missed["months"]);
    let zh: Value =
        serde_json::from_str(&env.ok(&[&both[..], &["--format", "json", "--lang", "zh"]].concat()))
            .expect("JSON");
    let reason = zh["scenarios"][1]["not_applicable"].as_str().unwrap();
    assert!(
        reason.contains("还清逾期") && !reason.contains("past due"),
        "{reason}"
    );
    assert_eq!(zh["not_applicable"].as_str(), Some(reason));

    let table = env.ok(&both);
    let header = table.lines().next().unwrap();
    for column in [
        "on-time score",
        "on-time limit",
        "prepay:1000.00",
        "miss:40 score",
        "miss:40 limit",
    ] {
        assert!(header.contains(column), "{header}");
    }
    assert!(
        table.lines().nth(1).unwrap().contains("not applicable"),
        "{table}"
    );
    // Its amounts read as every other figure does: currency sign and grouping.
    assert!(
        table.contains("Scenario prepay:1000.00 is not applicable: repaying ¥1,000.00 early"),
        "{table}"
    );
    assert!(table.contains("the ¥0.00 owed on 花呗"), "{table}");
    let table = env.ok(&[&both[..], &["--lang", "zh"]].concat());
    assert!(
        table.contains("不适用")
            && table.contains("提前还 ¥1,000.00 超过了花呗还清逾期后尚欠的 ¥0.00"),
        "{table}"
    );
}

#[test]
fn a_model_from_the_flag_or_the_config_folder_is_used() {
    let env = Env::new();
    let flagged = env.sandbox.path("mine.ron");
    env.write_model(
        &flagged,
        &shipped().replace("review_months: 3", "review_months: 1"),
    );
    let json = env.json(&["--model", flagged.to_str().unwrap()]);
    assert_eq!(json["model"], flagged.to_str().unwrap());

    let configured = env.config().join("loandash").join("limit_model.ron");
    env.write_model(
        &configured,
        &shipped().replace("percent_per_10_points: 5", "percent_per_10_points: 9"),
    );
    let json = env.json(&[]);
    assert_eq!(json["model"], configured.to_str().unwrap());
    // The flag wins over the config folder.
    let json = env.json(&["--model", flagged.to_str().unwrap()]);
    assert_eq!(json["model"], flagged.to_str().unwrap());
}

#[test]
fn a_rejected_model_falls_back_to_the_default_and_says_which_field() {
    let env = Env::new();
    let cases = [
        (
            shipped().replace("weight: 60,", "weight: -60,"),
            "factors.utilization.weight",
        ),
        (
            shipped().replace("(50, 60), (70, 20)", "(50, 60), (70, 90)"),
            "factors.utilization.curve[3]",
        ),
        (shipped().replace("aa: 650", "aa: 720"), "grades.aa"),
        ("(version: 1".to_string(), "model"),
    ];
    for (text, field) in cases {
        let path = env.config().join("loandash").join("limit_model.ron");
        env.write_model(&path, &text);
        let out = env.run(&["project-limit", "--format", "json"]);
        assert!(out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(field) && err.contains("shipped default"),
            "{field}: {err}"
        );
        let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(json["model"], "default");
        assert!(json["model_fallback"].as_str().unwrap().contains(field));
        // Under --lang zh the note is Chinese; the field is the file's own key.
        let out = env.run(&["project-limit", "--lang", "zh"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(field) && err.contains("内置的默认模型") && !err.contains("shipped"),
            "{field}: {err}"
        );
    }
}
