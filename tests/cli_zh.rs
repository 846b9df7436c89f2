//! `--lang zh` on the command line: every command and subcommand, its success and its
//! refusals, says what it says for people in Chinese (issue 13). The real binary in a
//! sandbox; JSON and CSV keep their English keys and are not checked here.

mod common;

use common::{Sandbox, args, stderr_of, stdout_of};
use std::collections::BTreeSet;

const AS_OF: &str = "2026-03-20";

/// The names in the fixture, and other ASCII a Chinese sentence may hold: the model's
/// name and the currency sign's code.
const ALLOWED: &[&str] = &["Car loan", "Ant Group", "China Merchants Bank", "default"];

/// `text` (what `what` said) holds no English but what `allowed` names ([`english_runs`]).
fn assert_no_english(text: &str, allowed: &[&str], what: &str) {
    let english = english_runs(text, allowed);
    assert!(
        english.is_empty(),
        "{what}: still English {english:?}:\n{text}"
    );
}

/// The English in `text`, as runs of words: every word of two or more ASCII letters that is
/// not a code in capitals (L1, AAA, CNY), once what `allowed` names and what the user
/// types (`loandash …` commands, --flags and their <VALUE>s) are taken out.
fn english_runs(text: &str, allowed: &[&str]) -> Vec<String> {
    let mut text = text.to_string();
    for name in allowed.iter().chain(ALLOWED) {
        text = text.replace(name, " ");
    }
    let mut runs = Vec::new();
    for line in text.lines() {
        let mut kept = String::new();
        for (i, part) in line.split('`').enumerate() {
            if i % 2 == 0 {
                kept.push_str(part);
            }
            kept.push(' ');
        }
        // A command printed to be run as it is (`fit`'s), to the end of its line.
        if let Some(at) = kept.find("loandash ") {
            kept.truncate(at);
        }
        let mut run: Vec<&str> = Vec::new();
        let words = kept
            .split(|c: char| !(c.is_ascii_alphanumeric() || "-<>_".contains(c)))
            .filter(|w| !w.is_empty());
        for word in words.chain([""]) {
            let letters = word.chars().filter(char::is_ascii_alphabetic).count();
            let english = letters >= 2
                && word.chars().all(|c| c.is_ascii_alphabetic() || c == '-')
                && word.chars().any(|c| c.is_ascii_lowercase())
                && !word.starts_with("--")
                && !word.starts_with('<');
            if english {
                run.push(word);
            } else if !run.is_empty() {
                runs.push(run.join(" "));
                run.clear();
            }
        }
    }
    runs
}

/// Every subcommand path `--help` lists, e.g. `list`, `simulate prepay`.
fn commands(s: &Sandbox, path: &[&str]) -> BTreeSet<String> {
    let mut all = BTreeSet::new();
    for name in s.subcommands(path) {
        let mut sub = path.to_vec();
        sub.push(&name);
        let nested = commands(s, &sub);
        if nested.is_empty() {
            all.insert(sub.join(" "));
        }
        all.extend(nested);
    }
    all
}

/// A store with a credit line, two loans (one with installments paid already), a
/// revolving account, a profile and payments; a lender's plan and some CSV files.
fn fixture() -> Sandbox {
    let s = Sandbox::new();
    let loan = |name: &str, extra: &[&str]| {
        let terms = args(
            "--principal 12000 --annual-rate 9 --term 12 --method equal-installment \
             --start 2025-11-05",
        );
        s.ok(
            AS_OF,
            &[&["add", "--name", name][..], &terms, extra].concat(),
        );
    };
    s.ok(
        AS_OF,
        &[
            "line",
            "--name",
            "借呗",
            "--limit",
            "50000",
            "--lender",
            "Ant Group",
        ],
    );
    loan("借呗 2025-11", &["--line", "借呗", "--paid", "3"]);
    loan("Car loan", &[]);
    s.ok(
        AS_OF,
        &args("revolving --name 花呗 --balance 1200 --daily-rate 0.05"),
    );
    s.ok(AS_OF, &["profile", "--income", "9000", "--score", "680"]);
    s.ok(
        AS_OF,
        &args("pay --loan L2 --amount 1049.42 --date 2025-12-05"),
    );
    let file = |name: &str, text: &str| std::fs::write(s.path(name), text).unwrap();
    file(
        "plan.csv",
        "期数,还款日,应还金额,本金,利息\n1,2026-02-10,1010.00,1000.00,10.00\n",
    );
    file(
        "payments.csv",
        "date,amount,loan,kind,mode\n2026-03-01,100.00,L2,scheduled,\n",
    );
    file(
        "bad-cell.csv",
        "date,amount,loan,kind,mode\n2026-03-01,abc,L2,scheduled,\n",
    );
    file(
        "loans.csv",
        "name,principal,method,term,start,annual_rate\n分期,3000,equal-principal,6,2026-01-15,12\n",
    );
    s
}

#[test]
fn every_command_speaks_chinese_under_lang_zh() {
    let s = fixture();
    let path = |name: &str| s.path(name).to_str().unwrap().to_string();
    let (plan, payments, bad_cell, loans) = (
        path("plan.csv"),
        path("payments.csv"),
        path("bad-cell.csv"),
        path("loans.csv"),
    );
    let (ics, generated) = (path("due.ics"), path("generated.ron"));
    let nowhere = path("no-folder/books.beancount");
    // (the command path it covers, its arguments, the exit code)
    let cases: Vec<(&str, Vec<&str>, i32)> = vec![
        ("list", vec!["list"], 0),
        ("due", vec!["due"], 0),
        ("due", vec!["due", "--within", "30"], 1),
        ("status", vec!["status"], 0),
        ("status", vec!["status", "--short"], 0),
        ("profile", vec!["profile"], 0),
        ("profile", vec!["profile", "--completeness", "130"], 2),
        ("schedule", [&["schedule"], common::WORKED].concat(), 0),
        ("payments list", vec!["payments", "list"], 0),
        (
            "payments edit",
            vec!["payments", "edit", "P1", "--amount", "1049.42"],
            0,
        ),
        ("payments edit", vec!["payments", "edit", "P1"], 2),
        ("payments delete", vec!["payments", "delete", "P99"], 2),
        (
            "pay",
            args("pay --loan L2 --amount 2500 --date 2026-03-10"),
            0,
        ),
        ("pay", vec!["pay", "--loan", "L9", "--amount", "10"], 2),
        ("pay", vec!["pay", "--loan", "L2", "--amount", "abc"], 2),
        (
            "add",
            [&["add", "--name", "新贷款"], common::WORKED].concat(),
            0,
        ),
        // The method a refusal names is the Chinese term, as the TUI's form shows it.
        (
            "add",
            [&["add", "--name", "x", "--fee-rate", "1"], common::WORKED].concat(),
            2,
        ),
        (
            "add",
            args(
                "add --name x --principal 1000 --annual-rate 6 --term 12 \
                 --method equal-principal --start 2026-01-15 --early-interest to-payment-date",
            ),
            2,
        ),
        (
            "add",
            [
                &["add", "--name", "x", "--line", "没有这个"],
                common::WORKED,
            ]
            .concat(),
            2,
        ),
        (
            "revolving",
            vec!["revolving", "--name", "花呗", "--balance", "1000"],
            0,
        ),
        (
            "revolving",
            vec!["revolving", "--name", "新卡", "--balance", "10"],
            2,
        ),
        (
            "line",
            vec!["line", "--name", "借呗", "--limit", "60000"],
            0,
        ),
        ("line", vec!["line", "--name", "没有这个", "--delete"], 2),
        ("line", vec!["line", "--name", "借呗", "--delete"], 2),
        (
            "simulate prepay",
            vec!["simulate", "prepay", "--loan", "L1", "--amount", "3000"],
            0,
        ),
        (
            "simulate borrow",
            args(
                "simulate borrow --principal 20000 --annual-rate 12 \
                 --term 12 --method equal-installment",
            ),
            0,
        ),
        (
            "simulate borrow",
            vec!["simulate", "borrow", "--line", "没有这个"],
            2,
        ),
        (
            "simulate payoff",
            vec!["simulate", "payoff", "--budget", "20000"],
            0,
        ),
        (
            "simulate payoff",
            vec!["simulate", "payoff", "--budget", "5"],
            2,
        ),
        ("project-limit", vec!["project-limit", "--months", "3"], 0),
        (
            "project-limit",
            args("project-limit --months 2 --scenario borrow:99999 --scenario miss:30"),
            0,
        ),
        (
            "project-limit",
            vec!["project-limit", "--line", "没有这个"],
            2,
        ),
        (
            "project-limit",
            vec!["project-limit", "--model", "没有这个模型"],
            2,
        ),
        ("fit", vec!["fit", &plan], 0),
        ("fit", vec!["fit", "nothing-here.csv"], 2),
        ("reconcile", vec!["reconcile", "--loan", "L2", &plan], 1),
        ("reconcile", vec!["reconcile", "--loan", "L9", &plan], 2),
        ("reconcile", vec!["reconcile", "--loan", "L2"], 2),
        (
            "reconcile",
            vec!["reconcile", "--loan", "L2", &plan, "--attach"],
            1,
        ),
        ("reconcile", vec!["reconcile", "--loan", "L2"], 1),
        ("import payments", vec!["import", "payments", &payments], 0),
        ("import payments", vec!["import", "payments", &bad_cell], 2),
        ("import loans", vec!["import", "loans", &loans], 0),
        ("import loans", vec!["import", "loans", &payments], 2),
        ("export loans", vec!["export", "loans"], 0),
        ("export payments", vec!["export", "payments"], 0),
        (
            "reconcile",
            vec!["reconcile", "--loan", "L2", "--detach"],
            0,
        ),
        (
            "reconcile",
            vec!["reconcile", "--loan", "L2", "--detach"],
            0,
        ),
        ("export ics", vec!["export", "ics", "--out", &ics], 0),
        (
            "export hledger",
            vec!["export", "hledger", "--accounts", &plan],
            2,
        ),
        (
            "export beancount",
            vec!["export", "beancount", "--out", &nowhere],
            2,
        ),
        (
            "demo",
            vec!["demo", "--generate", "3", "--out", &generated],
            0,
        ),
        (
            "demo",
            vec!["demo", "--generate", "3", "--out", &generated],
            1,
        ),
        ("list", vec!["list", "--demo"], 0),
        ("add", vec!["add", "--name", "x", "--demo"], 2),
        ("list", vec!["lsit"], 2),
        ("list", vec!["list", "--format", "xml"], 2),
        // A choice or a value of several parts that does not read: the reason too.
        (
            "pay",
            vec!["pay", "--loan", "L2", "--amount", "5", "--mode", "sideways"],
            2,
        ),
        ("due", vec!["due", "--month", "2026-13"], 2),
        (
            "project-limit",
            vec!["project-limit", "--scenario", "miss:0"],
            2,
        ),
        (
            "schedule",
            [&["schedule"], common::WORKED, &["--prepay", "2026-01:5"]].concat(),
            2,
        ),
        (
            "schedule",
            [&["schedule"], common::WORKED, &["--rate-change", "soon"]].concat(),
            2,
        ),
    ];
    let covered: BTreeSet<String> = cases.iter().map(|(c, ..)| c.to_string()).collect();
    assert_eq!(covered, commands(&s, &[]), "every command has a case");
    // What the user named or typed, and may be shown as given.
    let root = s.root().to_str().unwrap().to_string();
    // Files, CSV columns and values as the user wrote them.
    let allowed = [
        plan.as_str(),
        payments.as_str(),
        bad_cell.as_str(),
        loans.as_str(),
        ics.as_str(),
        generated.as_str(),
        nowhere.as_str(),
        root.as_str(),
        "nothing-here.csv",
        "no-folder/books.beancount",
        "bad-cell.csv",
        "payments.csv",
        "plan.csv",
        "amount 列",
        "\"name\"",
        "name,principal,method,term,start",
        "\"abc\"",
        "'abc'",
        "'xml'",
        "table, csv, json",
        "'lsit'",
        "'sideways'",
        "shorten, reduce",
        "shorten 或 reduce",
        // The day counts --day-count takes.
        "actual/365",
        "actual/360",
        "2026-03-10:3000:reduce",
        "on-time、borrow:",
        "prepay:",
        "miss:",
        "'soon'",
        "\"soon\"",
    ];
    for (_, args, code) in &cases {
        let run = s.run(AS_OF, &[&args[..], &["--lang", "zh"]].concat());
        let (stdout, stderr) = (stdout_of(&run), stderr_of(&run));
        assert_eq!(run.status.code(), Some(*code), "{args:?}: {stdout}{stderr}");
        // `export loans|payments` is CSV for spreadsheets: its header stays English.
        let shown = match args[0] {
            "export" => stderr.clone(),
            _ => format!("{stdout}{stderr}"),
        };
        assert!(
            !shown.trim().is_empty() || args[0] == "export",
            "{args:?} says something"
        );
        assert_no_english(
            &shown,
            &allowed,
            &format!("`loandash {}` --lang zh", args.join(" ")),
        );
    }
}

#[test]
fn every_refused_import_cell_is_said_in_chinese() {
    let s = fixture();
    let header = "date,amount,loan,kind,mode\n";
    let rows = [
        ",100.00,L2,scheduled,",
        "2026-03-01,,L2,scheduled,",
        "2026-03-01,0,L2,scheduled,",
        "2026-03-01,100.00,,scheduled,",
        "2026-03-01,100.00,L9,scheduled,",
        "2026-03-01,99999999,L2,scheduled,",
        "2026-03-01,100.00,L2,extra,",
        "2026-03-01,100.00,L2,prepayment,longer",
    ];
    let loan = "name,principal,method,term,start,annual_rate,rounding,rate_changes,pinned\n";
    let loans = [
        "分期,3000,monthly,6,2026-01-15,12,,,",
        "分期,3000,equal-principal,6,2026-01-15,12,nearest,,",
        "分期,3000,equal-principal,6,2026-01-15,12,,2026-04-01,",
        "分期,3000,equal-principal,6,2026-01-15,12,,,2026-02-15:500",
    ];
    let files = (rows
        .iter()
        .map(|row| ("payments", format!("{header}{row}\n"))))
    .chain(loans.iter().map(|row| ("loans", format!("{loan}{row}\n"))));
    for (what, text) in files {
        let row = text.lines().nth(1).unwrap().to_string();
        let path = s.path("cell.csv");
        std::fs::write(&path, &text).unwrap();
        let path = path.to_str().unwrap();
        let said = stderr_of(&s.exits(AS_OF, &["import", what, path, "--lang", "zh"], 2));
        let columns = ["date 列", "amount 列", "loan 列", "kind 列", "mode 列"];
        let more = ["method 列", "rounding 列", "rate_changes 列", "pinned 列"];
        // What the user typed, and the accepted spellings (the same in every language).
        let typed = ["L9", "99999999", "extra", "longer", "monthly", "nearest"];
        let words = [
            "scheduled",
            "prepayment",
            "shorten",
            "reduce",
            "half-up",
            "half-even",
        ];
        let words = [
            &words[..],
            &["down", "equal-installment", "equal-principal"],
        ]
        .concat();
        let words = [&words[..], &["interest-only", "bullet", "flat-fee"]].concat();
        let allowed = [&[path][..], &columns, &more, &typed, &words].concat();
        assert_no_english(&said, &allowed, &row);
    }
}

#[test]
fn a_refused_flag_value_names_the_part_at_fault_in_english_and_chinese() {
    let s = fixture();
    let loan =
        "--principal 1000 --annual-rate 5 --term 12 --method equal-installment --start 2026-01-15";
    let with = |flag: &str| format!("schedule {loan} {flag}");
    let swap = |from: &str, to: &str| format!("schedule {}", loan.replace(from, to));
    // (the command, what English says, what Chinese says, what the user typed)
    let cases = [
        (
            swap("2026-01-15", "2026-13-01"),
            "'--start <YYYY-MM-DD>': \"2026-13-01\" is not accepted; accepted: a date such as 2026-01-31, 2026/1/31 or 2026.1.31, with a four-digit year first",
            "--start <YYYY-MM-DD> 的值 '2026-13-01' 无效：\"2026-13-01\" 格式不对",
            vec![],
        ),
        (
            swap("--principal 1000", "--principal abc"),
            "'--principal <AMOUNT>': not an amount such as 12000.50",
            "--principal <AMOUNT> 的值 'abc' 无效：不是金额",
            vec!["'abc'"],
        ),
        (
            swap("--annual-rate 5", "--annual-rate x5"),
            "'--annual-rate <PERCENT>': not a plain decimal number (digits, optionally one '.'); expected a percentage",
            "--annual-rate <PERCENT> 的值 'x5' 无效：不是普通的十进制数字（只含数字，最多一个“.”）；应为百分数",
            vec!["'x5'"],
        ),
        (
            swap("equal-installment", "monthly"),
            "'--method <METHOD>' [possible values: equal-installment,",
            "--method <METHOD> 的值 'monthly' 无效；可接受：equal-installment,",
            vec![
                "monthly",
                "equal-installment",
                "equal-principal",
                "interest-only",
                "bullet",
                "flat-fee",
            ],
        ),
        (
            swap("--term 12", "--term 1y"),
            "'--term <MONTHS>': expected a whole number of months from 1 to 600",
            "--term <MONTHS> 的值 '1y' 无效：应为 1 到 600 的整月数",
            vec!["'1y'"],
        ),
        (
            with("--prepay 2026-02-01:abc:reduce"),
            "amount in \"2026-02-01:abc:reduce\": not a plain decimal number",
            "金额（\"2026-02-01:abc:reduce\" 中）：不是普通的十进制数字",
            vec!["2026-02-01:abc:reduce"],
        ),
        (
            with("--prepay 2026-02-01:10:later"),
            "mode in \"2026-02-01:10:later\": \"later\" is not accepted; accepted: shorten, reduce",
            "方式（\"2026-02-01:10:later\" 中）：不接受 \"later\"；可选：shorten、reduce",
            vec!["2026-02-01:10:later", "\"later\"", "shorten、reduce"],
        ),
        (
            with("--prepay 2026-02-01"),
            "expected DATE:AMOUNT:MODE, e.g. 2026-03-10:3000:reduce (got \"2026-02-01\")",
            "应为 日期:金额:方式",
            vec![],
        ),
        (
            with("--rate-change 2026-05-01:4:x"),
            "expected DATE:RATE, e.g. 2027-01-01:3.95 (got \"2026-05-01:4:x\")",
            "应为 日期:利率",
            vec![],
        ),
        (
            with("--rate-change 2026-05:4"),
            "date in \"2026-05:4\": \"2026-05\" is not accepted",
            "日期（\"2026-05:4\" 中）：\"2026-05\" 格式不对",
            vec![],
        ),
        (
            "project-limit --scenario miss:9999".to_string(),
            "days in \"miss:9999\": must be from 1 to 3650 (got 9999)",
            "天数（\"miss:9999\" 中）：须在 1 至 3650 之间（输入为 9999）",
            vec!["miss:9999"],
        ),
        (
            "due --month 2026-13".to_string(),
            "expected a month YYYY-MM with a four-digit year (got \"2026-13\")",
            "应为四位年份的月份 YYYY-MM，例如 2026-12（输入为 \"2026-13\"）",
            vec![],
        ),
        (
            swap("--term 12", "--term 12 --term 6"),
            "the argument '--term <MONTHS>' cannot be used multiple times",
            "--term <MONTHS> 只能使用一次",
            vec![],
        ),
    ];
    // The forms a refusal shows as examples are typed as they are in any language.
    let forms = [
        "2026-03-10:3000:reduce",
        "shorten 或 reduce",
        "on-time、borrow:",
        "prepay:",
        "miss:",
    ];
    for (line, en, zh, typed) in &cases {
        let said = stderr_of(&s.exits(AS_OF, &args(line), 2));
        assert!(
            said.starts_with("error: ") && said.contains(en),
            "{line}: {said}"
        );
        let in_zh = [&args(line)[..], &["--lang", "zh"]].concat();
        let said = stderr_of(&s.exits(AS_OF, &in_zh, 2));
        assert!(
            said.starts_with("错误：") && said.contains(zh),
            "{line}: {said}"
        );
        let allowed = [&typed[..], &forms].concat();
        assert_no_english(&said, &allowed, line);
    }
}

#[test]
fn every_refused_plan_file_is_said_in_chinese() {
    let s = fixture();
    let header = "期数,还款日,应还金额,本金,利息\n";
    let plans = [
        String::new(),
        "a,b,c\n1,2,3\n".to_string(),
        format!("{header}1,2026-02-10,1010.00,1000.00,-10.00\n"),
        format!("{header}1,2026-02-10,1011.00,1000.00,10.00\n"),
        format!("{header}1,2026-02-10,1010.00,1OO,10.00\n"),
        format!("{header}1,2026-02-10,1010.00,1000.00,10.00\n2,2026/3/10,1010.00,1000.00,10.00\n"),
        format!("{header}1,2026-02-10,1010.00,1000.00,10.00\n1,2026-03-10,1010.00,1000.00,10.00\n"),
        format!("{header}1,2026-02-10,0,0,0\n"),
        format!("{header}合计,,,,\n"),
    ];
    for plan in plans {
        let path = s.path("bad-plan.csv");
        std::fs::write(&path, &plan).unwrap();
        let path = path.to_str().unwrap();
        let said = stderr_of(&s.exits(AS_OF, &["fit", path, "--lang", "zh"], 2));
        // The columns and values as the file has them.
        let typed = [path, "1OO", "\"1OO\"", "2026/3/10", "a", "b", "c"];
        assert_no_english(&said, &typed, &plan);
    }
}

#[test]
fn the_checker_finds_english_and_allows_what_the_user_typed() {
    let none: Vec<String> = Vec::new();
    assert_eq!(
        english_runs("已保存 R1: Saved revolving account", &[]),
        ["Saved revolving account"]
    );
    assert_eq!(
        english_runs("Line 借呗: limit 5.00, used 0.00", &[]),
        ["Line limit", "used"]
    );
    assert_eq!(
        english_runs("错误：--principal <AMOUNT> 的值 'abc' 无效", &[]),
        ["abc"]
    );
    assert_eq!(
        english_runs("错误：--principal <AMOUNT> 的值 'abc' 无效", &["abc"]),
        none
    );
    assert_eq!(
        english_runs(
            "额度（用 `loandash line --name x` 添加）；L1 Car loan 2026-03-05 ¥1,000.00 CNY AAA",
            &[]
        ),
        none
    );
    assert_eq!(
        english_runs(
            "以下条款：\n  loandash add --name NAME --method bullet",
            &[]
        ),
        none
    );
}
