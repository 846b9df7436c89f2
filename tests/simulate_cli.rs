//! `loandash simulate prepay|borrow` through the real binary: the JSON shape scripts rely
//! on, CSV and table output, and that a what-if never writes the store.

mod common;

use chrono::NaiveDate;
use common::{Sandbox, WORKED, args, dec, worked_terms};
use loandash::book::dues::YearMonth;
use loandash::engine::loan::LoanTerms;
use loandash::engine::schedule::{self, Prepayment};
use rust_decimal::Decimal;
use serde_json::Value;

const AS_OF: &str = "2026-01-31";

fn json(s: &Sandbox, args: &[&str]) -> Value {
    serde_json::from_str(&s.ok(AS_OF, args)).expect("JSON on stdout")
}

fn two_decimals(v: &Value) -> bool {
    v.as_str().is_some_and(|s| {
        let (whole, cents) = s
            .trim_start_matches('-')
            .split_once('.')
            .unwrap_or(("", ""));
        !whole.is_empty() && whole.chars().all(|c| c.is_ascii_digit()) && cents.len() == 2
    })
}

fn assert_comparison_shape(v: &Value) {
    for side in ["baseline", "scenario"] {
        assert!(two_decimals(&v[side]["total_interest"]), "{side}: {v}");
        let date = v[side]["payoff_date"].as_str().expect("a payoff date");
        assert!(
            NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok(),
            "{date}"
        );
    }
    assert!(two_decimals(&v["interest_saved"]));
    let months = v["months"].as_array().expect("months");
    assert!(!months.is_empty());
    for m in months {
        let month = m["month"].as_str().unwrap();
        assert!(
            month.len() == 7 && month.parse::<YearMonth>().is_ok(),
            "{month}"
        );
        assert!(
            two_decimals(&m["baseline"]) && two_decimals(&m["scenario"]),
            "{m}"
        );
    }
}

#[test]
fn simulate_commands_keep_their_json_shape_and_never_write_the_store() {
    let s = Sandbox::new();
    let add = |name: &str, extra: &[&str]| {
        let mut args = vec!["add", "--name", name];
        args.extend_from_slice(extra);
        assert!(s.run(AS_OF, &args).status.success());
    };
    assert!(
        s.run(AS_OF, &["line", "--name", "借呗", "--limit", "30000"])
            .status
            .success()
    );
    add("借呗", &[WORKED, &["--line", "借呗"]].concat());
    add(
        "bank",
        &args(
            "--principal 20000 --annual-rate 6 --term 12 --method equal-principal \
             --start 2026-01-15",
        ),
    );
    let written = std::fs::read(&s.store).unwrap();

    let v = json(
        &s,
        &args(
            "simulate prepay --loan L1 --amount 3000 --date 2026-03-10 \
             --mode reduce --format json",
        ),
    );
    assert_comparison_shape(&v);
    let terms = worked_terms();
    let p: Prepayment = "2026-03-10:3000:reduce".parse().unwrap();
    let saved = schedule::build(&terms, &[]).unwrap().totals().interest
        - schedule::build(&terms, &[p]).unwrap().totals().interest;
    assert_eq!(v["interest_saved"], saved.to_string());
    assert_eq!(v["months"][0]["month"], "2026-01");
    // L1 draws on the only line: there is nowhere cheaper to move it.
    assert_eq!(v.get("refinance"), Some(&Value::Null));
    // March's installment of L1 falls from 1,756.50 to 1,126.32 (DOMAIN.md's example).
    let march = &v["months"][2];
    assert_eq!(
        dec(march["baseline"].as_str().unwrap()) - dec(march["scenario"].as_str().unwrap()),
        dec("1756.50") - dec("1126.32")
    );

    let v = json(
        &s,
        &args("simulate borrow --principal 5000 --line 借呗 --format json"),
    );
    assert_comparison_shape(&v);
    // Terms from the line's loan: the worked loan's price on 5,000, from the as-of date.
    let added = schedule::build(
        &LoanTerms {
            principal: dec("5000"),
            ..terms.clone()
        },
        &[],
    )
    .unwrap()
    .totals()
    .interest;
    assert_eq!(v["interest_saved"], (-added).to_string());
    assert_eq!(v["loans"][0]["id"], "L3");
    assert_eq!(v["loans"][0]["baseline"], Value::Null);

    let v = json(
        &s,
        &args("simulate payoff --budget 5000 --strategy snowball --format json"),
    );
    assert_comparison_shape(&v);
    assert_eq!(v["strategy"], "snowball");
    let order: Vec<_> = v["order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert_eq!(order.len(), 2);
    assert!(dec(v["interest_saved"].as_str().unwrap()) > Decimal::ZERO);

    let out = s.run(
        AS_OF,
        &["simulate", "payoff", "--budget", "100", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("infeasible"));
    let out = s.run(
        AS_OF,
        &["simulate", "prepay", "--loan", "L9", "--amount", "1"],
    );
    assert_eq!(out.status.code(), Some(2));

    let csv = s.run(
        AS_OF,
        &[
            "simulate", "prepay", "--loan", "L2", "--amount", "1000", "--format", "csv",
        ],
    );
    let text = String::from_utf8(csv.stdout).unwrap();
    assert!(
        text.starts_with("month,baseline,scenario,baseline_dti,scenario_dti\n"),
        "{text}"
    );
    assert_eq!(
        std::fs::read(&s.store).unwrap(),
        written,
        "a what-if never writes the store"
    );
}

/// A borrowing on a line nothing was drawn on yet takes the limit model's borrowing terms
/// (as the TUI's simulator and the limit projection do), not an error for a missing rate.
#[test]
fn borrowing_on_an_unused_line_takes_the_models_terms() {
    let s = Sandbox::new();
    s.ok(AS_OF, &["line", "--name", "花呗", "--limit", "20000"]);
    let v = json(
        &s,
        &args("simulate borrow --principal 6000 --line 花呗 --format json"),
    );
    let borrow = loandash::limit::LoadedModel::shipped().model.borrow;
    let start = AS_OF.parse::<NaiveDate>().unwrap();
    let input = loandash::engine::loan::LoanInput {
        principal: Some(dec("6000")),
        ..borrow.input(start)
    };
    let interest = schedule::build(&LoanTerms::new(&input).unwrap(), &[])
        .unwrap()
        .totals()
        .interest;
    assert!(interest > Decimal::ZERO);
    assert_eq!(v["interest_saved"], (-interest).to_string());
}
