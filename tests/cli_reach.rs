//! What every subcommand does with the global `--demo` and `--lang`, and what `list`
//! reports for revolving accounts: the real binary in a sandbox.

mod common;

use common::{Sandbox, WORKED, args, stderr_of, stdout_of};
use std::collections::BTreeSet;

/// The subcommands `loandash --help` lists (but `help`).
fn subcommands(s: &Sandbox) -> BTreeSet<String> {
    s.subcommands(&[]).into_iter().collect()
}

#[test]
fn demo_is_honoured_or_refused_by_every_subcommand_never_ignored() {
    let s = Sandbox::new();
    let plan = s.path("plan.csv");
    std::fs::write(
        &plan,
        "期数,还款日,应还金额,本金,利息\n1,2026-02-10,1010.00,1000.00,10.00\n",
    )
    .unwrap();
    let plan = plan.to_str().unwrap();
    let out = s.path("generated.ron");
    let out = out.to_str().unwrap();
    // What each reads from the sample store (its car loan, L3) or why it is refused.
    enum Then {
        Reads(&'static str),
        Refused(&'static str),
    }
    use Then::*;
    let changes = Refused("this command changes the store");
    let reads_none = Refused("this command reads no store");
    let cases: Vec<(&str, Vec<&str>, Then)> = vec![
        ("list", vec!["list"], Reads("Car loan")),
        ("due", vec!["due"], Reads("Car loan")),
        (
            "status",
            vec!["status", "--format", "json"],
            Reads("\"overdue\": 1"),
        ),
        ("profile", vec!["profile"], Reads("15,000.00")),
        (
            "payments",
            vec!["payments", "list", "--loan", "L3"],
            Reads("L3 Car loan"),
        ),
        (
            "export",
            vec!["export", "loans"],
            Reads("China Merchants Bank"),
        ),
        (
            "simulate",
            vec!["simulate", "prepay", "--loan", "L3", "--amount", "1000"],
            Reads("L3 Car loan"),
        ),
        (
            "project-limit",
            vec!["project-limit", "--format", "json"],
            Reads("\"month\""),
        ),
        (
            "reconcile",
            vec!["reconcile", "--loan", "L3", plan],
            Reads("L3"),
        ),
        ("schedule", [&["schedule"], WORKED].concat(), reads_none),
        (
            "fit",
            vec!["fit", plan],
            Refused("this command reads no store"),
        ),
        (
            "demo",
            vec!["demo", "--generate", "3", "--out", out],
            Refused("this command reads no store"),
        ),
        ("add", [&["add", "--name", "x"], WORKED].concat(), changes),
        (
            "pay",
            vec!["pay", "--loan", "L3", "--amount", "10"],
            Refused("this command changes the store"),
        ),
        (
            "revolving",
            vec!["revolving", "--name", "h", "--balance", "10"],
            Refused("this command changes the store"),
        ),
        (
            "line",
            vec!["line", "--name", "jb", "--limit", "1000"],
            Refused("this command changes the store"),
        ),
        (
            "import",
            vec!["import", "payments", plan],
            Refused("this command changes the store"),
        ),
    ];
    let covered: BTreeSet<String> = cases.iter().map(|(name, ..)| name.to_string()).collect();
    assert_eq!(covered, subcommands(&s), "every subcommand has a case");
    let more: Vec<(&str, Vec<&str>, Then)> = vec![
        (
            "profile",
            vec!["profile", "--income", "5"],
            Refused("this command changes the store"),
        ),
        (
            "payments",
            vec!["payments", "delete", "P1"],
            Refused("this command changes the store"),
        ),
        (
            "reconcile",
            vec!["reconcile", "--loan", "L3", plan, "--apply"],
            Refused("this command changes the store"),
        ),
        (
            "fit",
            vec!["fit", plan, "--add", "--name", "x"],
            Refused("this command changes the store"),
        ),
    ];
    for (_, args, then) in cases.iter().chain(&more) {
        let run = s.run("2026-11-20", &[&["--demo"], &args[..]].concat());
        let (stdout, stderr) = (stdout_of(&run), stderr_of(&run));
        match then {
            Reads(text) => {
                // reconcile: 1 when the plan differs, as it does here.
                assert!(
                    run.status.code().is_some_and(|c| c <= 1),
                    "{args:?}: {stderr}"
                );
                assert!(stdout.contains(text), "{args:?} reads the sample: {stdout}");
            }
            Refused(why) => {
                assert_eq!(run.status.code(), Some(2), "{args:?}: {stdout}");
                assert!(
                    stderr.starts_with(&format!("error: --demo: {why}")),
                    "{args:?}: {stderr}"
                );
            }
        }
        assert!(!s.store.exists(), "{args:?} touched the store");
        assert!(!std::path::Path::new(out).exists(), "{args:?} wrote a file");
    }
    // The flag is global: after the subcommand too, and in Chinese.
    let run = s.run(
        "2026-11-20",
        &[
            "pay", "--loan", "L3", "--amount", "10", "--demo", "--lang", "zh",
        ],
    );
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr_of(&run).contains("示例数据从不保存"),
        "{}",
        stderr_of(&run)
    );
}

fn with_accounts() -> Sandbox {
    let s = Sandbox::new();
    s.ok("2026-03-20", &[&["add", "--name", "借呗"], WORKED].concat());
    s.ok(
        "2026-03-20",
        &args("revolving --name 花呗 --balance 1200 --daily-rate 0.05"),
    );
    s.ok("2026-03-20", &["profile", "--income", "9000"]);
    s
}

#[test]
fn list_csv_has_a_row_for_each_revolving_account_as_its_json() {
    let s = with_accounts();
    let json = s.json("2026-03-20", &["list"]);
    let account = &json["revolving"][0];
    let csv = s.ok("2026-03-20", &["list", "--format", "csv"]);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 3, "header, the loan, the account: {csv}");
    assert_eq!(
        rows[2],
        format!(
            "R1,花呗,,revolving,,{},,,{},{},,",
            account["balance"].as_str().unwrap(),
            account["due_date"].as_str().unwrap(),
            account["minimum"].as_str().unwrap()
        )
    );
}

#[test]
fn lang_zh_words_every_table_of_the_command_line() {
    let s = with_accounts();
    // (command, words it shows in Chinese, the English it must no longer show)
    let schedule = [&["schedule"], WORKED].concat();
    let cases: [(&[&str], &[&str], &[&str]); 7] = [
        (
            &["list"],
            &["编号", "剩余本金", "下次还款日", "循环额度", "最低还款"],
            &["Balance", "Next due", "revolving"],
        ),
        (
            &["due"],
            &["应还日期", "罚息", "每月最少还（截至 2026-03-20）"],
            &["Due date", "Penalty", "as of"],
        ),
        (
            &["due", "--within", "60"],
            &["逾期或 2026-05-19 前应还"],
            &["Overdue or due by"],
        ),
        (
            &["status"],
            &["2026-03 每月最少还", "逾期笔数", "下次还款日"],
            &["Overdue items", "Next due date"],
        ),
        (
            &["profile"],
            &["月收入", "9,000.00", "资料完整度"],
            &["Monthly income", "Completeness"],
        ),
        (
            &schedule,
            &["期数", "应还金额", "按期", "共还"],
            &["Period", "scheduled", "Total paid"],
        ),
        (
            &["simulate", "payoff", "--budget", "20000"],
            &["现状", "情景", "节省利息", "月份", "最低还款", "计划"],
            &["Baseline", "Scenario", "Interest saved", "Minimums"],
        ),
    ];
    for (args, zh, en) in cases {
        let run = s.run("2026-03-20", &[args, &["--lang", "zh"]].concat());
        assert!(
            run.status.code().is_some_and(|c| c <= 1),
            "{args:?}: {}",
            stderr_of(&run)
        );
        let text = stdout_of(&run);
        for word in zh {
            assert!(text.contains(word), "{args:?} shows {word}: {text}");
        }
        for word in en {
            assert!(!text.contains(word), "{args:?} still shows {word}: {text}");
        }
    }
    // The profile's language, without --lang.
    s.ok("2026-03-20", &["profile", "--language", "zh"]);
    assert!(s.ok("2026-03-20", &["list"]).starts_with("编号"));
    assert!(
        s.ok("2026-03-20", &["list", "--lang", "en"])
            .starts_with("ID")
    );
}

/// Every `--flag` an error names is one the command takes (its `--help` lists it); a CSV
/// import names the file, row and column instead.
#[test]
fn errors_name_only_flags_the_command_has() {
    let s = with_accounts();
    let file = |name: &str, text: &str| -> String {
        let path = s.path(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    };
    let missing = s.path("missing.csv").to_str().unwrap().to_string();
    let no_header = file("x.csv", "x\n");
    let bad_amount = file(
        "pay.csv",
        "date,amount,loan,kind,mode\n2026-03-01,abc,L1,scheduled,\n",
    );
    let bad_due = file(
        "loans.csv",
        "name,principal,method,term,start,annual_rate,first_due\nx,100,bullet,3,2026-01-01,5,2026-13-01\n",
    );
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["import", "payments", &missing], "cannot read"),
        (vec!["import", "payments", &no_header], "no column \"date\""),
        (
            vec!["import", "payments", &bad_amount],
            "pay.csv: row 2, column amount: \"abc\"",
        ),
        (
            vec!["import", "loans", &bad_due],
            "loans.csv: row 2, column first_due:",
        ),
        (args("pay --loan L1 --amount 5 --date 2040-01-01"), "--date"),
        (vec!["pay", "--loan", "L9", "--amount", "5"], "--loan"),
        (vec!["line", "--name", "nope", "--delete"], "--name"),
        (vec!["profile", "--income", "-5"], "--income"),
        (vec!["profile", "--currency", ""], "--currency"),
        (
            vec!["simulate", "prepay", "--loan", "L9", "--amount", "5"],
            "--loan",
        ),
        (vec!["project-limit", "--line", "nope"], "--line"),
        (
            vec!["revolving", "--name", "新卡", "--balance", "5"],
            "--daily-rate",
        ),
        (
            [
                &["add", "--name", "y", "--method", "flat-fee"],
                &WORKED[..6],
            ]
            .concat(),
            "--",
        ),
        (
            args("add --name y --principal 100 --daily-rate 5 --term 3 --method bullet"),
            "--daily-rate",
        ),
    ];
    for (args, says) in cases {
        let run = s.run("2026-03-20", &args);
        let stderr = stderr_of(&run);
        assert_eq!(run.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        // The subcommand's words (not its values) and --help.
        let words: Vec<&str> = args
            .iter()
            .take_while(|a| !a.starts_with('-') && !a.contains('/'))
            .copied()
            .collect();
        let help = stdout_of(&s.bare().args(&words).arg("--help").output().unwrap());
        for flag in stderr
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .filter(|w| w.starts_with("--") && w.len() > 2)
        {
            assert!(
                help.contains(&format!("{flag} ")) || help.contains(&format!("{flag}\n")),
                "{args:?} names {flag}, which `{}` does not take: {stderr}",
                words.join(" ")
            );
        }
    }
}
