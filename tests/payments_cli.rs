//! `loandash payments list|edit|delete`, end to end: ids that stay, what each payment
//! paid for, and every change checked as `pay` checks a new payment (exit 2, the store
//! byte for byte as it was, on refusal).
//!
//! Expected figures come from DOMAIN.md's worked example (10,000 at 0.05 %/day over 6
//! months from 2026-01-31: installments of 1,756.50, the first 140.00 interest, the
//! second 129.94) and its penalty formula.

mod common;

use common::{Sandbox, WORKED, args, dec as d, half_up, json_amount as amount};
use rust_decimal::Decimal;
use serde_json::Value;
use std::fs;

/// The worked loan as L1 with its first two installments paid on their due dates.
fn worked_with_two_paid() -> Sandbox {
    let sandbox = Sandbox::new();
    let mut args = vec!["add", "--name", "借呗"];
    args.extend(WORKED);
    args.extend(["--paid", "2"]);
    sandbox.ok("2026-04-05", &args);
    sandbox
}

fn listed(sandbox: &Sandbox, as_of: &str) -> Vec<Value> {
    let json = sandbox.json(as_of, &["payments", "list"]);
    json["payments"]
        .as_array()
        .expect("a payments array")
        .clone()
}

fn by_id<'a>(payments: &'a [Value], id: &str) -> &'a Value {
    payments
        .iter()
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("no {id} in {payments:?}"))
}

#[test]
fn list_shows_every_payment_newest_first_with_its_id_and_what_it_paid_for() {
    let sandbox = worked_with_two_paid();
    let payments = listed(&sandbox, "2026-04-05");
    let summary: Vec<(&str, &str, Decimal, Decimal, Decimal)> = payments
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap(),
                p["date"].as_str().unwrap(),
                amount(&p["amount"]),
                amount(&p["principal"]),
                amount(&p["interest"]),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("P2", "2026-03-31", d("1756.50"), d("1626.56"), d("129.94")),
            ("P1", "2026-02-28", d("1756.50"), d("1616.50"), d("140.00")),
        ]
    );
    assert_eq!(payments[0]["loan"], "L1");
    assert_eq!(payments[0]["name"], "借呗");
    assert_eq!(payments[0]["kind"], "scheduled");
    let csv = sandbox.ok("2026-04-05", &["payments", "list", "--format", "csv"]);
    assert_eq!(
        csv.lines().next(),
        Some("id,date,loan,name,kind,mode,amount,principal,interest,penalty")
    );
    let zh = sandbox.ok("2026-04-05", &["payments", "list", "--lang", "zh"]);
    assert!(zh.starts_with("编号"), "{zh}");
}

#[test]
fn moving_a_payment_after_its_due_date_keeps_its_id_and_shows_the_penalty_it_paid() {
    let sandbox = worked_with_two_paid();
    let edited = sandbox.json(
        "2026-04-05",
        &["payments", "edit", "P2", "--date", "2026-04-05"],
    );
    assert_eq!(edited["payments"][0]["id"], "P2");
    let payments = listed(&sandbox, "2026-04-05");
    let p2 = by_id(&payments, "P2");
    assert_eq!(p2["date"], "2026-04-05");
    // Five days late on installment 2's principal, 1,626.56, at 1.5 × 18.25 % a year.
    let penalty = half_up(d("1626.56") * d("27.375") / d("100") / d("365") * d("5"));
    assert_eq!(amount(&p2["penalty"]), penalty);
    assert_eq!(amount(&p2["interest"]), d("129.94"));
    assert_eq!(
        amount(&p2["principal"]),
        d("1756.50") - penalty - d("129.94")
    );
    // Newest first by date: the moved payment leads.
    assert_eq!(payments[0]["id"], "P2");
}

#[test]
fn refused_edits_exit_2_name_the_field_and_leave_the_store_as_it_was() {
    let sandbox = worked_with_two_paid();
    let before = fs::read(&sandbox.store).unwrap();
    let cases: [(&[&str], &str); 5] = [
        (
            &["payments", "edit", "P2", "--amount", "99999999"],
            "--amount",
        ),
        (&["payments", "edit", "P9", "--amount", "1"], "P9"),
        (&["payments", "edit", "P2"], "--amount"),
        (
            &["payments", "edit", "P2", "--date", "2030-01-01"],
            "--date",
        ),
        (&["payments", "delete", "X"], "X"),
    ];
    for (args, named) in cases {
        let stderr = sandbox.fail("2026-04-05", args, 2);
        assert!(stderr.contains(named), "{args:?}: {stderr}");
        assert_eq!(fs::read(&sandbox.store).unwrap(), before, "{args:?}");
    }
    let zh = sandbox.fail(
        "2026-04-05",
        &["payments", "edit", "P9", "--amount", "1", "--lang", "zh"],
        2,
    );
    assert!(zh.contains("没有付款 P9"), "{zh}");
}

#[test]
fn an_edit_that_would_leave_a_later_payment_above_what_is_owed_is_refused() {
    let sandbox = worked_with_two_paid();
    let before = fs::read(&sandbox.store).unwrap();
    // 10,140.00 on Feb 28 pays the loan off: installment 1 and the 8,383.50 left.
    let stderr = sandbox.fail(
        "2026-04-05",
        &["payments", "edit", "P1", "--amount", "10140"],
        2,
    );
    assert!(
        stderr.contains("P2") && stderr.contains("2026-03-31"),
        "{stderr}"
    );
    assert_eq!(fs::read(&sandbox.store).unwrap(), before);
}

#[test]
fn deleting_a_payment_makes_its_installment_due_again_and_keeps_the_other_ids() {
    let sandbox = worked_with_two_paid();
    let deleted = sandbox.json("2026-04-05", &["payments", "delete", "P2"]);
    assert_eq!(deleted["payments"][0]["id"], "P2");
    let payments = listed(&sandbox, "2026-04-05");
    assert_eq!(payments.len(), 1);
    assert_eq!(payments[0]["id"], "P1");
    let due = sandbox.json("2026-04-05", &["due", "--month", "2026-04"]);
    let overdue: Vec<&Value> = due["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["status"] == "overdue")
        .collect();
    assert_eq!(overdue.len(), 1);
    assert_eq!(overdue[0]["due_date"], "2026-03-31");
    // A new payment takes a new id, never the deleted one's.
    sandbox.ok(
        "2026-04-05",
        &args("pay --loan L1 --amount 100 --date 2026-04-05"),
    );
    let ids: Vec<String> = listed(&sandbox, "2026-04-05")
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["P3", "P1"]);
}

#[test]
fn a_store_written_before_payments_had_ids_numbers_them_in_the_order_recorded() {
    let sandbox = worked_with_two_paid();
    let text = fs::read_to_string(&sandbox.store).unwrap();
    let without: String = text
        .lines()
        .filter(|l| {
            let l = l.trim_start();
            (!l.starts_with("id: ") || l.contains('"')) && !l.starts_with("last_payment_id")
        })
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(without.len() < text.len(), "the store wrote payment ids");
    fs::write(&sandbox.store, &without).unwrap();
    let payments = listed(&sandbox, "2026-04-05");
    let ids: Vec<(&str, &str)> = payments
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["date"].as_str().unwrap()))
        .collect();
    assert_eq!(ids, [("P2", "2026-03-31"), ("P1", "2026-02-28")]);
    // Reading does not write; the next change keeps the ids in the file.
    assert_eq!(fs::read_to_string(&sandbox.store).unwrap(), without);
    sandbox.ok(
        "2026-04-05",
        &["payments", "edit", "P1", "--date", "2026-03-01"],
    );
    assert!(
        fs::read_to_string(&sandbox.store)
            .unwrap()
            .contains("id: 2")
    );
}

#[test]
fn an_account_payment_is_edited_within_its_balance() {
    let sandbox = Sandbox::new();
    sandbox.ok(
        "2026-05-10",
        &args("revolving --name card --balance 1000 --daily-rate 0.05"),
    );
    sandbox.ok(
        "2026-05-10",
        &args("pay --loan R1 --amount 100 --date 2026-05-05"),
    );
    let stderr = sandbox.fail(
        "2026-05-10",
        &["payments", "edit", "P1", "--amount", "1000.01"],
        2,
    );
    assert!(
        stderr.contains("--amount") && stderr.contains("1,000.00"),
        "{stderr}"
    );
    sandbox.ok(
        "2026-05-10",
        &["payments", "edit", "P1", "--amount", "1000"],
    );
    let payments = listed(&sandbox, "2026-05-10");
    assert_eq!(amount(&payments[0]["amount"]), d("1000"));
    assert_eq!(payments[0]["principal"], Value::Null);
}
