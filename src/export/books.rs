//! `loandash export hledger|beancount`: the loans as plain-text accounting journals.
//!
//! Each loan opens with the money received (funding account) against its liability on
//! its start date, or, entered from what was left on it, with that balance against
//! `opening`; each recorded payment is split as the ledger applied it: principal
//! to the liability, interest to `interest:NAME` (a flat-fee plan's fee to `fees`),
//! penalty to `penalty`, against the funding account. A card's latest statement opens
//! its liability against `opening` on the day it was cut, and the payments since then
//! pay it down, as loandash counts a card's balance. So each liability's balance is
//! loandash's balance, to the cent. With a forecast, what falls due next is added as
//! hledger periodic rules (seen only with `--forecast`) or beancount `!` transactions.

use super::pick;
use crate::book::dues::{DueItem, Portfolio, last_statement_date};
use crate::book::ledger::{PaymentParts, payment_parts};
use crate::engine::error::Problem;
use crate::engine::field::Field;
use crate::engine::loan::{FieldError, Method};
use crate::language::Language;
use crate::store::{Entered, Loan, PaymentKind};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use unicode_width::UnicodeWidthStr;

/// The journal dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookFormat {
    /// hledger (and Ledger-like) journal.
    Hledger,
    /// Beancount.
    Beancount,
}

/// The accounts postings go to. `loans`, `interest` and `cards` are parents: each loan
/// or card gets its own account under them, named after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accounts {
    /// Where borrowed money arrives and payments leave from.
    pub funding: String,
    /// Parent of each loan's liability.
    pub loans: String,
    /// Parent of each loan's interest expense.
    pub interest: String,
    /// Flat-fee plans' fees.
    pub fees: String,
    /// Penalty interest.
    pub penalty: String,
    /// Parent of each card's liability.
    pub cards: String,
    /// The other side of a card's statement balance.
    pub opening: String,
    /// The commodity amounts are in (default: the store's currency).
    pub commodity: Option<String>,
}

/// A mapping file: any of the accounts, the rest from the defaults.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename = "accounts")]
struct AccountsPatch {
    funding: Option<String>,
    loans: Option<String>,
    interest: Option<String>,
    fees: Option<String>,
    penalty: Option<String>,
    cards: Option<String>,
    opening: Option<String>,
    commodity: Option<String>,
}

impl Accounts {
    /// The default names: English, or Chinese for hledger when the language is zh
    /// (Beancount's grammar wants capitalized Latin roots, so it keeps English parents
    /// and uses the Chinese loan names below them).
    pub fn defaults(format: BookFormat, language: Language) -> Accounts {
        let [funding, loans, interest, fees, penalty, cards, opening] = match (format, language) {
            (BookFormat::Hledger, Language::En) => [
                "assets:bank",
                "liabilities:loans",
                "expenses:interest",
                "expenses:fees",
                "expenses:penalty",
                "liabilities:cards",
                "equity:opening-balances",
            ],
            (BookFormat::Hledger, Language::Zh) => [
                "资产:银行",
                "负债:贷款",
                "费用:利息",
                "费用:手续费",
                "费用:罚息",
                "负债:信用卡",
                "权益:期初余额",
            ],
            (BookFormat::Beancount, _) => [
                "Assets:Bank",
                "Liabilities:Loans",
                "Expenses:Interest",
                "Expenses:Fees",
                "Expenses:Penalty",
                "Liabilities:Cards",
                "Equity:Opening-Balances",
            ],
        };
        Accounts {
            funding: funding.into(),
            loans: loans.into(),
            interest: interest.into(),
            fees: fees.into(),
            penalty: penalty.into(),
            cards: cards.into(),
            opening: opening.into(),
            commodity: None,
        }
    }

    /// The defaults patched by a RON mapping file's text, every name checked for the
    /// format. The error names the field (`accounts.interest: …`).
    pub fn from_ron(
        text: &str,
        format: BookFormat,
        language: Language,
    ) -> Result<Accounts, FieldError> {
        // `funding: "assets:cash"` rather than `Some("assets:cash")`.
        let ron = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        let patch: AccountsPatch = ron.from_str(text).map_err(|e| {
            // RON words its own error in English only: Chinese says where.
            let (line, code) = (e.span.start.line, crate::store::ron_message(&e.code));
            FieldError::typed(
                Field::Accounts,
                Problem::said(|lang| match lang {
                    Language::En => format!("line {line}: {code}"),
                    Language::Zh => format!("第 {line} 行：不是有效的账户映射（RON）"),
                }),
            )
        })?;
        let defaults = Accounts::defaults(format, language);
        let accounts = Accounts {
            funding: patch.funding.unwrap_or(defaults.funding),
            loans: patch.loans.unwrap_or(defaults.loans),
            interest: patch.interest.unwrap_or(defaults.interest),
            fees: patch.fees.unwrap_or(defaults.fees),
            penalty: patch.penalty.unwrap_or(defaults.penalty),
            cards: patch.cards.unwrap_or(defaults.cards),
            opening: patch.opening.unwrap_or(defaults.opening),
            commodity: patch.commodity,
        };
        accounts.check(format)?;
        Ok(accounts)
    }

    fn check(&self, format: BookFormat) -> Result<(), FieldError> {
        for (field, name) in [
            ("funding", &self.funding),
            ("loans", &self.loans),
            ("interest", &self.interest),
            ("fees", &self.fees),
            ("penalty", &self.penalty),
            ("cards", &self.cards),
            ("opening", &self.opening),
        ] {
            check_account(name, format).map_err(|problem| {
                let problem =
                    Problem::said(|lang| format!("{field}: {name:?} {}", problem.render(lang)));
                FieldError::typed(Field::Accounts, problem)
            })?;
        }
        if let Some(commodity) = &self.commodity {
            commodity_for(format, commodity)?;
        }
        Ok(())
    }
}

const BEANCOUNT_ROOTS: [&str; 5] = ["Assets", "Liabilities", "Equity", "Income", "Expenses"];

/// Why `name` is not an account name the format accepts.
fn check_account(name: &str, format: BookFormat) -> Result<(), Problem> {
    let said = |en: &str, zh: &str| {
        let (en, zh) = (en.to_string(), zh.to_string());
        Problem::Said { en, zh }
    };
    let parts: Vec<&str> = name.split(':').collect();
    if parts.iter().any(|p| p.trim().is_empty()) {
        return Err(said(
            "is not an account: parts separated by ':', none empty",
            "不是账户名：各部分以 ':' 分隔，不能为空",
        ));
    }
    match format {
        BookFormat::Hledger => {
            if name.contains("  ") || name.chars().any(|c| c.is_control() || c == ';') {
                return Err(said(
                    "may not hold two spaces in a row, a tab or a ';'",
                    "不能含连续两个空格、制表符或 ';'",
                ));
            }
        }
        BookFormat::Beancount => {
            if !BEANCOUNT_ROOTS.contains(&parts[0]) {
                let roots = BEANCOUNT_ROOTS.join(", ");
                return Err(said(
                    &format!("must start with one of {roots} in beancount"),
                    &format!("在 beancount 中须以 {roots} 之一开头"),
                ));
            }
            if !parts[1..].iter().all(|p| beancount_component(p)) {
                return Err(said(
                    "is not a beancount account: each part starts with a capital letter or a digit, then letters, digits or '-'",
                    "不是 beancount 账户名：每部分以大写字母或数字开头，其后为字母、数字或 '-'",
                ));
            }
        }
    }
    Ok(())
}

fn beancount_component(part: &str) -> bool {
    let mut chars = part.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_alphanumeric() || c == '-')
}

/// The commodity as the format writes it: hledger takes the currency sign as it is;
/// beancount wants a code (`¥` is taken as CNY, the currency loandash is made for).
fn commodity_for(format: BookFormat, currency: &str) -> Result<String, FieldError> {
    match format {
        BookFormat::Hledger => {
            if currency.is_empty()
                || currency.contains('"')
                || currency.chars().any(char::is_control)
            {
                return Err(FieldError::typed(
                    Field::Accounts,
                    Problem::said(|lang| match lang {
                        Language::En => {
                            format!("commodity: {currency:?} cannot be an hledger commodity")
                        }
                        Language::Zh => format!("commodity：{currency:?} 不能作为 hledger 的商品"),
                    }),
                ));
            }
            Ok(currency.to_string())
        }
        BookFormat::Beancount => {
            let code = match currency {
                "¥" | "￥" | "元" => "CNY",
                "$" => "USD",
                "€" => "EUR",
                "£" => "GBP",
                "HK$" => "HKD",
                other => other,
            };
            let valid = code.len() >= 2
                && code.len() <= 24
                && code.starts_with(|c: char| c.is_ascii_uppercase())
                && code.ends_with(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit())
                && code
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "'._-".contains(c));
            if valid {
                Ok(code.to_string())
            } else {
                Err(FieldError::typed(
                    Field::Accounts,
                    Problem::said(|lang| match lang {
                        Language::En => format!(
                            "the currency {currency:?} is not a beancount commodity; set one such as commodity: \"CNY\" in the mapping file"
                        ),
                        Language::Zh => format!(
                            "币种 {currency:?} 不是 beancount 的商品；请在映射文件中设置，例如 commodity: \"CNY\""
                        ),
                    }),
                ))
            }
        }
    }
}

/// What a journal holds besides the recorded history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookOptions {
    /// hledger or beancount.
    pub format: BookFormat,
    /// Where postings go.
    pub accounts: Accounts,
    /// Add what falls due up to this day as forecast transactions.
    pub forecast_until: Option<NaiveDate>,
    /// Language of the descriptions.
    pub language: Language,
}

/// One balanced transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Transaction {
    date: NaiveDate,
    forecast: bool,
    payee: String,
    narration: &'static str,
    postings: Vec<(String, Decimal)>,
}

impl Transaction {
    /// A transaction of `parts` against `funding`, which takes the opposite of their sum.
    fn against(
        date: NaiveDate,
        payee: &str,
        narration: &'static str,
        funding: &str,
        parts: Vec<(String, Decimal)>,
    ) -> Transaction {
        let mut postings: Vec<(String, Decimal)> = parts
            .into_iter()
            .filter(|(_, amount)| !amount.is_zero())
            .collect();
        let total: Decimal = postings.iter().map(|(_, amount)| amount).sum();
        postings.push((funding.to_string(), -total));
        Transaction {
            date,
            forecast: false,
            payee: payee.to_string(),
            narration,
            postings,
        }
    }
}

/// Each loan's and card's own account name under its parent: its name made safe for
/// both tools (the id is put first where beancount needs a capital or two share a name).
fn leaves<'a>(
    named: impl Iterator<Item = (&'a str, &'a str)>,
    format: BookFormat,
) -> HashMap<String, String> {
    let safe: Vec<(&str, String)> = named
        .map(|(id, name)| {
            let mut leaf = String::new();
            for c in name.chars() {
                let c = if c.is_alphanumeric() { c } else { '-' };
                if !(c == '-' && (leaf.is_empty() || leaf.ends_with('-'))) {
                    leaf.push(c);
                }
            }
            let leaf = leaf.trim_end_matches('-').to_string();
            (id, leaf)
        })
        .collect();
    let mut uses: HashMap<&str, usize> = HashMap::new();
    for (_, leaf) in &safe {
        *uses.entry(leaf.as_str()).or_default() += 1;
    }
    safe.iter()
        .map(|(id, leaf)| {
            let unique = uses[leaf.as_str()] == 1;
            let name = if leaf.is_empty() {
                id.to_string()
            } else if unique && (format == BookFormat::Hledger || beancount_component(leaf)) {
                leaf.clone()
            } else {
                format!("{id}-{leaf}")
            };
            (id.to_string(), name)
        })
        .collect()
}

/// The journal of every loan and card: openings, recorded payments (those on or before
/// the as-of date) and, if asked, the forecast.
pub fn journal(portfolio: &Portfolio, options: &BookOptions) -> Result<String, FieldError> {
    let data = portfolio.data();
    let as_of = portfolio.as_of();
    let accounts = &options.accounts;
    let language = options.language;
    let commodity = commodity_for(
        options.format,
        accounts
            .commodity
            .as_deref()
            .unwrap_or(&data.profile.currency),
    )?;
    let leaves = leaves(data.debts(), options.format);
    let loan_account = |loan: &str| format!("{}:{}", accounts.loans, leaves[loan]);
    let interest_account = |loan: &Loan| match loan.method {
        Method::FlatFee => accounts.fees.clone(),
        _ => format!("{}:{}", accounts.interest, leaves[&loan.id]),
    };
    let card_account = |card: &str| format!("{}:{}", accounts.cards, leaves[card]);
    let paid = |p: &PaymentParts| match p.kind {
        PaymentKind::Scheduled => pick(language, "installment", "还款"),
        PaymentKind::Prepayment => pick(language, "prepayment", "提前还款"),
    };

    let mut transactions = Vec::new();
    for (loan, _) in portfolio.loans() {
        let liability = loan_account(&loan.id);
        // A loan entered from what was left brought no money in: it opens as a card does.
        let (what, from) = match loan.entered {
            Entered::Borrowed => (pick(language, "borrowed", "借款"), &accounts.funding),
            Entered::Left => (
                pick(language, "opening balance", "期初余额"),
                &accounts.opening,
            ),
        };
        transactions.push(Transaction::against(
            loan.start,
            &loan.name,
            what,
            &liability,
            vec![(from.clone(), loan.principal)],
        ));
        let payments = portfolio.payments_of(&loan.id).iter().copied();
        for parts in payment_parts(loan, payments, as_of)? {
            transactions.push(Transaction::against(
                parts.date,
                &loan.name,
                paid(&parts),
                &accounts.funding,
                vec![
                    // Cash the lender holds beyond what is owed nets against the loan.
                    (liability.clone(), parts.principal + parts.credit),
                    (interest_account(loan), parts.interest),
                    (accounts.penalty.clone(), parts.penalty),
                ],
            ));
        }
    }
    for card in &data.revolving {
        let cut = last_statement_date(card, as_of);
        let liability = card_account(&card.id);
        if !card.statement_balance.is_zero() {
            transactions.push(Transaction::against(
                cut,
                &card.name,
                pick(language, "statement balance", "账单余额"),
                &liability,
                vec![(accounts.opening.clone(), card.statement_balance)],
            ));
        }
        let since_cut = portfolio
            .payments_of(&card.id)
            .iter()
            .filter(|p| p.date > cut && p.date <= as_of);
        for payment in since_cut {
            transactions.push(Transaction::against(
                payment.date,
                &card.name,
                pick(language, "card payment", "信用卡还款"),
                &accounts.funding,
                vec![(liability.clone(), payment.amount)],
            ));
        }
    }
    transactions.sort_by_key(|t| t.date);

    // The forecast follows what is recorded, in its own order.
    if let Some(until) = options.forecast_until {
        for item in portfolio.unpaid_until(until) {
            transactions.push(forecast_transaction(
                &item,
                portfolio,
                options,
                &|id| match data.loan(id) {
                    Some(loan) => (loan_account(id), Some(interest_account(loan))),
                    None => (card_account(id), None),
                },
            ));
        }
    }

    Ok(write(&transactions, options.format, &commodity, as_of))
}

fn forecast_transaction(
    item: &DueItem,
    portfolio: &Portfolio,
    options: &BookOptions,
    accounts_of: &dyn Fn(&str) -> (String, Option<String>),
) -> Transaction {
    let (liability, interest) = accounts_of(&item.loan);
    let language = options.language;
    let narration = match (
        &interest,
        item.status == crate::book::ledger::Status::Overdue,
    ) {
        (_, true) => pick(language, "overdue (forecast)", "逾期应还（预测）"),
        (Some(_), false) => pick(language, "installment due (forecast)", "应还（预测）"),
        (None, false) => pick(language, "minimum due (forecast)", "最低还款（预测）"),
    };
    let mut parts = vec![(liability, item.principal)];
    if let Some(interest) = interest {
        parts.push((interest, item.interest));
        parts.push((options.accounts.penalty.clone(), item.penalty));
    }
    Transaction {
        forecast: true,
        ..Transaction::against(
            item.payable_on(portfolio.as_of()),
            &item.name,
            narration,
            &options.accounts.funding,
            parts,
        )
    }
}

/// A description safe on one line.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn hledger_amount(commodity: &str, amount: Decimal) -> String {
    let number = crate::engine::money::plain(amount);
    if commodity.chars().all(|c| c.is_alphabetic()) && commodity.chars().count() > 1 {
        format!("{number} {commodity}")
    } else if commodity
        .chars()
        .any(|c| c.is_whitespace() || c.is_ascii_digit() || "-+.,;:@*{}=()[]'".contains(c))
    {
        format!("\"{commodity}\"{number}")
    } else {
        format!("{commodity}{number}")
    }
}

fn postings(out: &mut String, postings: &[(String, Decimal)], amount: impl Fn(Decimal) -> String) {
    let width = postings.iter().map(|(a, _)| a.width()).max().unwrap_or(0);
    for (account, value) in postings {
        let value = amount(*value);
        // Amounts right-aligned; at least two spaces end the account name.
        let pad = width - account.width() + 2 + 14usize.saturating_sub(value.width());
        let _ = writeln!(out, "    {account}{}{value}", " ".repeat(pad));
    }
    out.push('\n');
}

/// The journal text in `format`: a header, for beancount each account opened on the day it
/// is first used, then `transactions` (recorded ones first, then the forecast after a note
/// on how the tool shows it), each with its postings.
fn write(
    transactions: &[Transaction],
    format: BookFormat,
    commodity: &str,
    as_of: NaiveDate,
) -> String {
    let mut out = format!(
        "; loandash: loans, cards and payments as of {as_of}. Generated: include this file, do not edit it.\n\n"
    );
    if format == BookFormat::Beancount {
        open_accounts(&mut out, transactions);
    }
    let amount = |value| match format {
        BookFormat::Hledger => hledger_amount(commodity, value),
        BookFormat::Beancount => format!("{} {commodity}", crate::engine::money::plain(value)),
    };
    let mut forecast_noted = false;
    for t in transactions {
        if t.forecast && !forecast_noted {
            out.push_str(match format {
                BookFormat::Hledger => "; Forecast: what falls due next, as periodic rules (hledger --forecast shows them).\n\n",
                BookFormat::Beancount => "; Forecast: what falls due next, flagged ! (not yet paid).\n\n",
            });
            forecast_noted = true;
        }
        let _ = match (format, t.forecast) {
            (BookFormat::Hledger, false) => {
                writeln!(out, "{} * {} | {}", t.date, one_line(&t.payee), t.narration)
            }
            (BookFormat::Hledger, true) => {
                writeln!(
                    out,
                    "~ {}  {} | {}",
                    t.date,
                    one_line(&t.payee),
                    t.narration
                )
            }
            (BookFormat::Beancount, forecast) => {
                let flag = if forecast { "!" } else { "*" };
                let payee = beancount_string(&t.payee);
                writeln!(out, "{} {flag} \"{payee}\" \"{}\"", t.date, t.narration)
            }
        };
        postings(&mut out, &t.postings, amount);
    }
    out
}

fn beancount_string(text: &str) -> String {
    one_line(text).replace('\\', "\\\\").replace('"', "\\\"")
}

/// Beancount's `open` of every account, on the day it is first used.
fn open_accounts(out: &mut String, transactions: &[Transaction]) {
    let mut opened: BTreeMap<&str, NaiveDate> = BTreeMap::new();
    for t in transactions {
        for (account, _) in &t.postings {
            let first = opened.entry(account.as_str()).or_insert(t.date);
            *first = (*first).min(t.date);
        }
    }
    let mut opens: Vec<_> = opened.into_iter().collect();
    opens.sort_by_key(|(account, date)| (*date, *account));
    for (account, date) in opens {
        let _ = writeln!(out, "{date} open {account}");
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_loan_gets_its_own_account_name_both_tools_accept() {
        let named = [
            ("L1", "借呗 装修"),
            ("L2", "car"),
            ("L3", "Car: red"),
            ("L4", "car"),
            ("L5", " ;; "),
        ];
        let hledger = leaves(named.into_iter(), BookFormat::Hledger);
        assert_eq!(hledger["L1"], "借呗-装修");
        assert_eq!(hledger["L3"], "Car-red");
        assert_eq!(
            (hledger["L2"].as_str(), hledger["L4"].as_str()),
            ("L2-car", "L4-car")
        );
        assert_eq!(hledger["L5"], "L5");
        let beancount = leaves(named.into_iter(), BookFormat::Beancount);
        assert_eq!(beancount["L1"], "L1-借呗-装修");
        assert_eq!(beancount["L3"], "Car-red");
        assert!(beancount.values().all(|leaf| beancount_component(leaf)));
    }

    #[test]
    fn account_names_are_checked_for_the_tool_that_reads_them() {
        assert!(check_account("资产:银行", BookFormat::Hledger).is_ok());
        assert!(check_account("assets:my bank", BookFormat::Hledger).is_ok());
        assert!(check_account("Liabilities:Loans:L1-借呗", BookFormat::Beancount).is_ok());
        for (bad, format) in [
            ("assets:my  bank", BookFormat::Hledger),
            ("assets::bank", BookFormat::Hledger),
            (":bank", BookFormat::Hledger),
            ("assets;x", BookFormat::Hledger),
            ("assets:\tbank", BookFormat::Hledger),
            ("liabilities:Loans", BookFormat::Beancount),
            ("Debts:Loans", BookFormat::Beancount),
            ("Expenses:利息", BookFormat::Beancount),
            ("Assets:My Bank", BookFormat::Beancount),
        ] {
            assert!(check_account(bad, format).is_err(), "{bad:?} in {format:?}");
        }
        for language in [Language::En, Language::Zh] {
            for format in [BookFormat::Hledger, BookFormat::Beancount] {
                assert_eq!(Accounts::defaults(format, language).check(format), Ok(()));
            }
        }
    }

    #[test]
    fn the_commodity_is_the_stores_currency_as_each_tool_writes_it() {
        assert_eq!(commodity_for(BookFormat::Hledger, "¥").unwrap(), "¥");
        assert_eq!(commodity_for(BookFormat::Beancount, "¥").unwrap(), "CNY");
        assert_eq!(commodity_for(BookFormat::Beancount, "$").unwrap(), "USD");
        assert_eq!(commodity_for(BookFormat::Beancount, "CNY").unwrap(), "CNY");
        for bad in ["R$", "cny", "C", ""] {
            assert!(
                commodity_for(BookFormat::Beancount, bad).is_err(),
                "{bad:?}"
            );
        }
        assert_eq!(hledger_amount("¥", Decimal::new(-175650, 2)), "¥-1756.50");
        assert_eq!(hledger_amount("CNY", Decimal::new(5, 0)), "5.00 CNY");
        assert_eq!(hledger_amount("R$", Decimal::new(5, 0)), "R$5.00");
        assert_eq!(
            hledger_amount("my coin", Decimal::new(5, 0)),
            "\"my coin\"5.00"
        );
    }

    #[test]
    fn every_transaction_balances_and_each_liability_ends_at_the_loans_balance() {
        let as_of: NaiveDate = "2026-11-23".parse().unwrap();
        let data = crate::generate::generate(60, 3, as_of);
        let portfolio = Portfolio::new(&data, as_of).unwrap();
        let options = BookOptions {
            format: BookFormat::Hledger,
            accounts: Accounts::defaults(BookFormat::Hledger, Language::En),
            forecast_until: None,
            language: Language::En,
        };
        let text = journal(&portfolio, &options).unwrap();
        // Read the postings back and add them up per account.
        let mut balances: HashMap<String, Decimal> = HashMap::new();
        for block in text.split("\n\n").filter(|b| b.contains("\n    ")) {
            let mut sum = Decimal::ZERO;
            for line in block.lines().filter(|l| l.starts_with("    ")) {
                let (account, amount) = line.trim().rsplit_once(' ').unwrap();
                let amount: Decimal = amount.trim_start_matches('¥').parse().unwrap();
                sum += amount;
                *balances.entry(account.trim().to_string()).or_default() += amount;
            }
            assert!(sum.is_zero(), "{block}");
        }
        let leaves = leaves(
            data.loans.iter().map(|l| (l.id.as_str(), l.name.as_str())),
            BookFormat::Hledger,
        );
        for (loan, state) in portfolio.loans() {
            let account = format!("liabilities:loans:{}", leaves[&loan.id]);
            assert_eq!(-balances[&account], state.balance, "{account}");
        }
    }
}
