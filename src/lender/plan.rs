//! Reading a lender's plan: a CSV file or a table pasted from an app or web page.
//!
//! Columns are found by their header, in English or Chinese; amounts may carry `¥` and
//! thousands separators; dates may be `2026-01-31`, `2026/1/31`, `2026年1月31日` or, as
//! English spreadsheets print them, month first `1/31/2026` (one form per file). Lines above the header may name the amount borrowed and the draw date
//! (`借款金额: 10,000.00`, `放款日 2026-01-10`), and the whole plan's number of
//! installments when the rows are only its first or last ones (`期数: 36`, `共36期`, `Term:
//! 36 months`; or periods printed `1/36`).

use crate::csv_cell::restore_cell;
use crate::engine::error::Problem;
use crate::engine::loan::{LoanTerms, PinnedRow};
use crate::engine::money::parse_amount;
use crate::engine::validate::{self, MAX_AMOUNT, MAX_DATE, MAX_TERM, MIN_DATE};
use crate::language::Language;
pub use crate::store::{Plan, PlanRow};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// The most a plan file may hold: a 50-year monthly plan is a few dozen KiB.
pub const MAX_PLAN_BYTES: u64 = 1 << 20;

impl Plan {
    /// What was still owed before the `i`th row shown: the amount borrowed less the rows'
    /// principal before it; for a plan's last rows (from an installment after the first),
    /// from what they owe: the first row's principal + its balance, or every row's principal.
    pub fn owed_before(&self, i: usize) -> Decimal {
        let first = &self.rows[0];
        let opening = match (first.period, first.balance) {
            (1, _) => self.principal,
            (_, Some(balance)) => first.principal + balance,
            (_, None) => self.rows.iter().map(|r| r.principal).sum(),
        };
        opening - self.rows[..i].iter().map(|r| r.principal).sum::<Decimal>()
    }

    /// The rows as a loan keeps them when pinned (`reconcile --pin`).
    pub fn pinned_rows(&self) -> Vec<PinnedRow> {
        self.rows
            .iter()
            .map(|r| PinnedRow {
                due_date: r.due_date,
                principal: r.principal,
                interest: r.interest,
            })
            .collect()
    }
}

/// A plan's last rows pinned to a loan (`reconcile --pin`): every installment's row, ours
/// before the lender's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastRowsPin {
    /// Ours, then the lender's rows.
    pub rows: Vec<PinnedRow>,
    /// How many of `rows` are ours.
    pub estimated: u32,
    /// The principal the terms give the installment just before the lender's rows, and
    /// what it takes instead so the balance is what the lender's rows start from.
    pub computed: Decimal,
    pub adjusted: Decimal,
}

impl Plan {
    /// A plan's last rows (from installment k > 1 to the last one) as a whole schedule for a
    /// loan of `terms`: installments 1 to k − 1 are ours, the lender's plan not showing
    /// them, and installment k − 1 takes whatever principal leaves the balance the lender's
    /// rows start from — one row holds the difference, said, rather than every row a share
    /// of it — so the principal repaid is still the amount borrowed.
    pub fn pin_after_ours(&self, terms: &LoanTerms) -> Result<LastRowsPin, Problem> {
        let installments = terms.installments();
        let (Some(first), Some(last)) = (self.rows.first(), self.rows.last()) else {
            return Err(Problem::PinnedRows {
                rows: 0,
                installments,
            });
        };
        let (first, last) = (first.period, last.period);
        if last < installments {
            return Err(Problem::PinnedMiddleRows {
                first,
                last,
                installments,
            });
        }
        let schedule = crate::engine::schedule::build(terms, &[]).map_err(|e| e.problem)?;
        let mut rows: Vec<PinnedRow> = schedule
            .installments()
            .take((first as usize).saturating_sub(1))
            .map(|r| PinnedRow {
                due_date: r.due_date,
                principal: r.principal,
                interest: r.interest,
            })
            .collect();
        let estimated = rows.len() as u32;
        let Some((just_before, earlier)) = rows.split_last_mut() else {
            return Err(Problem::PinnedRows {
                rows: self.rows.len(),
                installments,
            });
        };
        let ours = terms.principal - earlier.iter().map(|r| r.principal).sum::<Decimal>();
        let lenders = self.owed_before(0);
        if lenders > ours {
            return Err(Problem::PinnedLastRowsOwe {
                installment: estimated,
                ours,
                lenders,
            });
        }
        let computed = just_before.principal;
        just_before.principal = ours - lenders;
        let adjusted = just_before.principal;
        rows.extend(self.pinned_rows());
        Ok(LastRowsPin {
            rows,
            estimated,
            computed,
            adjusted,
        })
    }
}

/// Why a plan file was not accepted: one line naming the row and column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{problem}", where_(.line, .column))]
pub struct PlanError {
    /// Line of the file (1-based), when one is at fault.
    pub line: Option<usize>,
    /// Column header, when one is at fault.
    pub column: Option<String>,
    /// What is wrong and what is accepted, in each language.
    pub problem: Problem,
}

fn where_(line: &Option<usize>, column: &Option<String>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!("line {l}, column {c}: "),
        (Some(l), None) => format!("line {l}: "),
        (None, Some(c)) => format!("column {c}: "),
        (None, None) => String::new(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Period,
    Date,
    Payment,
    Principal,
    Interest,
    Fee,
    Balance,
}

/// Header words, most specific first ("剩余本金" must not be read as "本金").
const HEADERS: [(Column, &[&str]); 7] = [
    (
        Column::Balance,
        &["剩余本金", "剩余", "余额", "balance", "remaining"],
    ),
    (Column::Fee, &["手续费", "服务费", "fee"]),
    (
        Column::Payment,
        &[
            "应还金额",
            "本期应还",
            "月供",
            "应还总额",
            "还款金额",
            "本息",
            "payment",
            "amount due",
            "total",
        ],
    ),
    (Column::Interest, &["利息", "interest"]),
    (Column::Principal, &["本金", "principal"]),
    (Column::Date, &["还款日", "应还日期", "日期", "due", "date"]),
    (
        Column::Period,
        &["期数", "期次", "期号", "期", "period", "no", "#"],
    ),
];

/// Columns a spreadsheet shows beside the plan's own and `fit` leaves out: the balance
/// before the installment, extra payments, running totals.
const SKIPPED: [&str; 7] = [
    "beginning",
    "opening",
    "期初",
    "extra",
    "additional",
    "cumulative",
    "累计",
];

fn column_of(header: &str) -> Option<Column> {
    let h = header.trim().to_lowercase();
    if h.is_empty() || SKIPPED.iter().any(|w| h.contains(w)) {
        return None;
    }
    // "Payment Date" is a date, not a payment.
    if h.contains("date") || h.contains("日期") {
        return Some(Column::Date);
    }
    HEADERS
        .iter()
        .find(|(_, words)| words.iter().any(|w| h.contains(w)))
        .map(|(c, _)| *c)
}

/// Which of two headers of one column to read: a spreadsheet's "Total Payment" rather
/// than its "Scheduled Payment" (they differ when an extra payment is made), "Ending
/// Balance" rather than another balance. Equal ranks are refused as a second column.
fn rank(column: Column, header: &str) -> u8 {
    let h = header.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| h.contains(w));
    match column {
        Column::Payment if has(&["total", "总"]) => 2,
        Column::Payment if has(&["scheduled"]) => 1,
        Column::Balance if has(&["ending", "closing", "remaining", "剩余", "期末"]) => 1,
        _ => 0,
    }
}

fn header_name(column: Column) -> &'static str {
    match column {
        Column::Period => "period",
        Column::Date => "due_date",
        Column::Payment => "payment",
        Column::Principal => "principal",
        Column::Interest => "interest",
        Column::Fee => "fee",
        Column::Balance => "balance",
    }
}

/// Split a line into cells: CSV commas, tabs, `|` of a pasted table, or runs of spaces.
fn cells(line: &str) -> Vec<String> {
    let line = line.trim();
    let parts: Vec<&str> = if line.contains('\t') {
        line.split('\t').collect()
    } else if line.contains('|') {
        line.trim_matches('|').split('|').collect()
    } else if line.contains(',') && !has_grouped_number(line) {
        line.split(',').collect()
    } else if line.contains(',') {
        return csv_cells(line);
    } else {
        line.split_whitespace().collect()
    };
    parts
        .iter()
        .map(|p| restore_cell(p.trim().trim_matches('"').trim()).to_string())
        .collect()
}

/// A CSV line whose quoted cells may hold `1,234.56`.
fn csv_cells(line: &str) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(line.as_bytes());
    match reader.records().next() {
        Some(Ok(record)) => record
            .iter()
            .map(|c| restore_cell(c.trim()).to_string())
            .collect(),
        _ => line
            .split(',')
            .map(|c| restore_cell(c.trim()).to_string())
            .collect(),
    }
}

fn has_grouped_number(line: &str) -> bool {
    line.contains('"')
}

/// A plan's dates: those typed anywhere ([`validate::DATE_FORMS`]), and a year last read
/// month first, as the English spreadsheets that print it (Excel's US template, Vertex42)
/// do; its index follows theirs.
const MONTH_FIRST: (&str, &str) = ("%m/%d/%Y", "1/31/2026");

fn date_form_name(form: usize) -> &'static str {
    validate::DATE_FORMS.get(form).unwrap_or(&MONTH_FIRST).1
}

fn parse_date_form(text: &str) -> Option<(NaiveDate, usize)> {
    validate::date_form(text).or_else(|| {
        NaiveDate::parse_from_str(text.trim(), MONTH_FIRST.0)
            .ok()
            .filter(|d| (MIN_DATE..=MAX_DATE).contains(d))
            .map(|d| (d, validate::DATE_FORMS.len()))
    })
}

/// The refusal of a cell that is no date, listing every form read.
fn not_a_date(text: &str) -> (String, String) {
    let forms = validate::DATE_FORMS.iter().chain([&MONTH_FIRST]);
    let examples: Vec<&str> = forms.map(|(_, example)| *example).collect();
    let [en, zh] = Language::ALL.map(|lang| lang.alternatives(&examples));
    (
        format!("{text:?} is not a date such as {en}"),
        format!("{text:?} 不是日期（例如 {zh}）"),
    )
}

/// `¥1,234.50`, `1234.5元`, `￥ 12.00` → 1234.50; `None` when it is no amount.
fn parse_money(text: &str) -> Option<Decimal> {
    let cleaned: String = text
        .trim()
        .trim_start_matches(['¥', '￥'])
        .trim_end_matches('元')
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '¥' | '￥'))
        .collect();
    parse_amount(&cleaned).ok()
}

/// An amount past the one cap on money: refused here, so sums of a plan's cells stay
/// far inside what Decimal holds (rows × 3 × 1e12 ≪ 7.9e28).
fn too_large(text: &str) -> (String, String) {
    let max = crate::engine::money::grouped(MAX_AMOUNT);
    (
        format!("{text} is more than the largest amount accepted, {max}"),
        format!("{text} 超过可接受的最大金额 {max}"),
    )
}

/// Keys of a line above the table that states how many installments the whole plan has,
/// matched whole (the Excel template's `Number of payments per year` is no term).
const TERM_KEYS: [&str; 16] = [
    "期数",
    "总期数",
    "还款期数",
    "分期期数",
    "借款期数",
    "贷款期数",
    "分期数",
    "期限",
    "借款期限",
    "贷款期限",
    "term",
    "loan term",
    "number of payments",
    "number of installments",
    "number of instalments",
    "scheduled number of payments",
];

/// `36`, `36期`, `36个月`, `36 months`, `36 payments`, `3年`, `3 years` → installments
/// (a year is 12 monthly ones), within the accepted terms.
fn parse_term(text: &str) -> Option<u32> {
    let text = text.trim();
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let count: u32 = text[..digits].parse().ok()?;
    let per = match text[digits..].trim().to_lowercase().as_str() {
        "" | "期" | "个月" | "月" | "month" | "months" | "payments" | "installments"
        | "instalments" => 1,
        "年" | "year" | "years" => 12,
        _ => return None,
    };
    count
        .checked_mul(per)
        .filter(|t| (1..=MAX_TERM).contains(t))
}

fn not_a_term(text: &str) -> (String, String) {
    (
        format!(
            "{text:?} is not a number of installments such as 36, 36期, 36 months or 3 years (1 to {MAX_TERM})"
        ),
        format!("{text:?} 不是期数（例如 36、36期、36个月 或 3年；1 到 {MAX_TERM}）"),
    )
}

/// Where the whole plan's number of installments was said: a line above the table, the
/// period column (`1/36`), or `--term`.
struct TermSaid {
    term: u32,
    line: Option<usize>,
    column: String,
}

impl TermSaid {
    /// Where it was said, for a message about another place: `line 2 (期数)`, `--term`.
    fn named(&self) -> (String, String) {
        match self.line {
            Some(l) => (
                format!("line {l} ({})", self.column),
                format!("第 {l} 行（{}）", self.column),
            ),
            None => (self.column.clone(), self.column.clone()),
        }
    }

    /// A refusal named at the line and column that said it, or at the flag.
    fn fail(&self, (en, zh): (String, String)) -> PlanError {
        let (en, zh) = match self.line {
            Some(_) => (en, zh),
            None => {
                let flag = format!("{} {}: ", self.column, self.term);
                (flag.clone() + &en, flag + &zh)
            }
        };
        PlanError {
            line: self.line,
            column: self.line.map(|_| self.column.clone()),
            problem: Problem::Said { en, zh },
        }
    }
}

/// Read a plan from the text of a CSV file or a pasted table.
pub fn parse(text: &str) -> Result<Plan, PlanError> {
    parse_with_term(text, None)
}

/// Read a plan whose whole number of installments may also be given apart from the file
/// (`fit --term N`); it must agree with what the file says.
pub fn parse_with_term(text: &str, term_flag: Option<u32>) -> Result<Plan, PlanError> {
    let fail = |line: Option<usize>, column: Option<&str>, (en, zh): (String, String)| PlanError {
        line,
        column: column.map(str::to_string),
        problem: Problem::Said { en, zh },
    };
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_start_matches('\u{feff}')))
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    if lines.is_empty() {
        return Err(fail(None, None, (
            "the plan is empty: expected a header line (期数,还款日,应还金额,本金,利息 or period,due_date,payment,principal,interest) and one line per installment".into(),
            "还款计划为空：应有一行表头（期数,还款日,应还金额,本金,利息）且每期一行".into(),
        )));
    }
    let mut stated_principal = None;
    let mut start = None;
    let header_at = lines.iter().position(|(_, l)| {
        let found: Vec<Column> = cells(l).iter().filter_map(|c| column_of(c)).collect();
        found.contains(&Column::Date) && found.len() >= 3
    });
    let Some(header_at) = header_at else {
        return Err(fail(Some(lines[0].0), None, (
            "no recognisable header: expected columns such as 期数/期次, 还款日/应还日期, 应还金额/月供/本期应还, 本金, 利息, 手续费/服务费, 剩余本金 (or period, due_date, payment, principal, interest, fee, balance)".into(),
            "找不到可识别的表头：应有 期数/期次、还款日/应还日期、应还金额/月供/本期应还、本金、利息、手续费/服务费、剩余本金 等列".into(),
        )));
    };
    let mut term_line: Option<TermSaid> = None;
    for (number, line) in &lines[..header_at] {
        // `共36期`: "36 installments in all".
        let whole = (line.trim().strip_prefix('共'))
            .and_then(|rest| rest.strip_suffix('期'))
            .map(|count| (line.trim().to_string(), count));
        let whole_line = whole.is_some();
        let Some((key, value)) = whole.or_else(|| {
            line.split_once([':', '：', ',', '\t'])
                .map(|(k, v)| (k.trim().to_lowercase(), v))
        }) else {
            continue;
        };
        if whole_line || TERM_KEYS.contains(&key.as_str()) {
            let term = parse_term(value)
                .ok_or_else(|| fail(Some(*number), Some(&key), not_a_term(value.trim())))?;
            let said = TermSaid {
                term,
                line: Some(*number),
                column: key,
            };
            if let Some(before) = term_line.as_ref().filter(|b| b.term != term) {
                return Err(said.fail((
                    format!(
                        "{term} installments, where line {} says {}; state the term once",
                        before.line.unwrap_or(0),
                        before.term
                    ),
                    format!(
                        "共 {term} 期，而第 {} 行为 {} 期；总期数只写一次",
                        before.line.unwrap_or(0),
                        before.term
                    ),
                )));
            }
            term_line = Some(said);
        } else if [
            "借款金额",
            "贷款金额",
            "借款本金",
            "贷款本金",
            "本金",
            "principal",
            "amount",
        ]
        .iter()
        .any(|k| key.contains(k))
        {
            let amount = parse_money(value).ok_or_else(|| {
                fail(
                    Some(*number),
                    Some(key.as_str()),
                    (
                        format!(
                            "{:?} is not an amount such as 10000.00 or ¥10,000.00",
                            value.trim()
                        ),
                        format!("{:?} 不是金额（例如 10000.00 或 ¥10,000.00）", value.trim()),
                    ),
                )
            })?;
            if amount > MAX_AMOUNT {
                return Err(fail(Some(*number), Some(&key), too_large(value.trim())));
            }
            stated_principal = Some(amount);
        } else if ["放款日", "借款日", "起息日", "放款日期", "start", "drawn"]
            .iter()
            .any(|k| key.contains(k))
        {
            start = Some(parse_date_form(value).map(|(d, _)| d).ok_or_else(|| {
                fail(Some(*number), Some(key.as_str()), not_a_date(value.trim()))
            })?);
        }
    }
    let (header_line, header) = lines[header_at];
    let headers = cells(header);
    let mut columns: Vec<(usize, Column)> = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let Some(c) = column_of(h) else {
            continue;
        };
        match columns.iter().position(|(_, seen)| *seen == c) {
            None => columns.push((i, c)),
            Some(at) => {
                let (j, _) = columns[at];
                match rank(c, h).cmp(&rank(c, &headers[j])) {
                    std::cmp::Ordering::Greater => columns[at] = (i, c),
                    std::cmp::Ordering::Less => {}
                    std::cmp::Ordering::Equal => {
                        return Err(fail(
                            Some(header_line),
                            Some(h),
                            (
                                format!(
                                    "a second {} column; give each column once",
                                    header_name(c)
                                ),
                                format!("第二个 {} 列；每列只能出现一次", header_name(c)),
                            ),
                        ));
                    }
                }
            }
        }
    }
    let has = |c: Column| columns.iter().any(|(_, seen)| *seen == c);
    if !has(Column::Principal) || !(has(Column::Interest) || has(Column::Fee)) {
        return Err(fail(
            Some(header_line),
            None,
            (
                "the header needs a principal column (本金) and an interest (利息) or fee (手续费/服务费) column".into(),
                "表头须有本金列，以及利息列或手续费/服务费列".into(),
            ),
        ));
    }
    let mut rows = Vec::new();
    let mut term_periods: Option<TermSaid> = None;
    let mut first_line = None;
    let mut date_form: Option<usize> = None;
    let mut has_fee = false;
    for (number, line) in &lines[header_at + 1..] {
        let values = cells(line);
        if values
            .iter()
            .all(|v| v.chars().all(|c| matches!(c, '-' | ':' | ' ' | '|')))
        {
            continue; // a Markdown rule under the header
        }
        let cell = |c: Column| -> Option<(&str, &str)> {
            columns.iter().find(|(_, seen)| *seen == c).map(|(i, _)| {
                (
                    values.get(*i).map_or("", String::as_str),
                    headers[*i].as_str(),
                )
            })
        };
        // A totals line (合计/总计/total) closes the table.
        if values.first().is_some_and(|v| {
            ["合计", "总计", "total"]
                .iter()
                .any(|t| v.to_lowercase().starts_with(t))
        }) {
            break;
        }
        // A row cut short: a cell dropped from a pasted table would shift the ones after it
        // under the wrong header, so the first column it lacks is named, not guessed.
        if let Some(i) = (columns.iter().map(|(i, _)| *i))
            .filter(|i| *i >= values.len())
            .min()
        {
            let (cells, header) = (values.len(), headers.len());
            return Err(fail(
                Some(*number),
                Some(headers[i].as_str()),
                (
                    format!("missing: the line has {cells} cells, the header {header}"),
                    format!("缺少此列：该行只有 {cells} 格，表头有 {header} 格"),
                ),
            ));
        }
        let amount = |c: Column| -> Result<Option<Decimal>, PlanError> {
            let Some((text, name)) = cell(c) else {
                return Ok(None);
            };
            if text.is_empty() || text == "-" || text == "--" {
                return Ok(None);
            }
            match parse_money(text) {
                Some(v) if v < Decimal::ZERO => Err(fail(
                    Some(*number),
                    Some(name),
                    (
                        format!("negative amount {text}; amounts must be 0 or more"),
                        format!("负数金额 {text}；金额须大于或等于 0"),
                    ),
                )),
                Some(v) if v > MAX_AMOUNT => Err(fail(Some(*number), Some(name), too_large(text))),
                Some(v) => Ok(Some(v)),
                None => Err(fail(
                    Some(*number),
                    Some(name),
                    (
                        format!(
                            "{text:?} is not an amount such as 1234.56, ¥1,234.56 or 1234.56元"
                        ),
                        format!("{text:?} 不是金额（例如 1234.56、¥1,234.56 或 1234.56元）"),
                    ),
                )),
            }
        };
        let (date_text, date_name) = cell(Column::Date).unwrap_or(("", "due_date"));
        let Some((due_date, form)) = parse_date_form(date_text) else {
            return Err(fail(Some(*number), Some(date_name), not_a_date(date_text)));
        };
        match date_form {
            Some(f) if f != form => {
                return Err(fail(
                    Some(*number),
                    Some(date_name),
                    (
                        format!(
                            "mixed date forms: {date_text:?} after dates like {}; use one form",
                            date_form_name(f)
                        ),
                        format!(
                            "日期格式不一致：{date_text:?} 前面的日期形如 {}；请统一格式",
                            date_form_name(f)
                        ),
                    ),
                ));
            }
            _ => date_form = Some(form),
        }
        let principal = amount(Column::Principal)?.unwrap_or_default();
        let fee = amount(Column::Fee)?.unwrap_or_default();
        has_fee |= !fee.is_zero();
        let interest = amount(Column::Interest)?.unwrap_or_default() + fee;
        let payment = match amount(Column::Payment)? {
            Some(p) if p != principal + interest => {
                let (_, name) = cell(Column::Payment).unwrap_or(("", "payment"));
                return Err(fail(
                    Some(*number),
                    Some(name),
                    (
                        format!(
                            "{p} is not principal + interest{} = {}",
                            if fee.is_zero() { "" } else { " + fee" },
                            principal + interest
                        ),
                        format!(
                            "{p} 不等于本金 + 利息{} = {}",
                            if fee.is_zero() { "" } else { " + 手续费" },
                            principal + interest
                        ),
                    ),
                ));
            }
            Some(p) => p,
            None => principal + interest,
        };
        let period = match cell(Column::Period) {
            Some((text, name)) => {
                let digits: String = text.chars().filter(char::is_ascii_digit).collect();
                let first = text.split('/').next().unwrap_or(text);
                let digits = if text.contains('/') {
                    first.chars().filter(char::is_ascii_digit).collect()
                } else {
                    digits
                };
                // `9/36`: installment 9 of 36, the same whole on every row.
                if let Some((_, of)) = text.split_once('/') {
                    let of: String = of.chars().filter(char::is_ascii_digit).collect();
                    let term = parse_term(&of)
                        .ok_or_else(|| fail(Some(*number), Some(name), not_a_term(text)))?;
                    match &term_periods {
                        Some(before) if before.term != term => {
                            return Err(fail(
                                Some(*number),
                                Some(name),
                                (
                                    format!(
                                        "{text:?} after rows of {} installments; give one whole",
                                        before.term
                                    ),
                                    format!(
                                        "{text:?} 前面各行的总期数为 {}；总期数须一致",
                                        before.term
                                    ),
                                ),
                            ));
                        }
                        Some(_) => {}
                        None => {
                            term_periods = Some(TermSaid {
                                term,
                                line: Some(*number),
                                column: name.to_string(),
                            })
                        }
                    }
                }
                digits.parse().map_err(|_| {
                    fail(
                        Some(*number),
                        Some(name),
                        (
                            format!(
                                "{text:?} is not an installment number such as 1, 第1期 or 1/12"
                            ),
                            format!("{text:?} 不是期数（例如 1、第1期 或 1/12）"),
                        ),
                    )
                })?
            }
            None => rows.len() as u32 + 1,
        };
        // The first row may be a later installment (the last rows of a running loan).
        let expected = rows.first().map_or(period.max(1), |r: &PlanRow| {
            // A first period near u32::MAX must not wrap: any later one is then refused.
            r.period.saturating_add(rows.len() as u32)
        });
        if period != expected {
            let name = cell(Column::Period).map_or("period", |(_, n)| n);
            return Err(fail(
                Some(*number),
                Some(name),
                (
                    format!(
                        "installment {period} where {expected} was expected; give every installment once, in order"
                    ),
                    format!("此处应为第 {expected} 期，却是第 {period} 期；每期按顺序各给一次"),
                ),
            ));
        }
        first_line.get_or_insert(*number);
        if let Some(previous) = rows.last().map(|r: &PlanRow| r.due_date)
            && due_date <= previous
        {
            return Err(fail(
                Some(*number),
                Some(date_name),
                (
                    format!("{due_date} is not after the previous due date {previous}"),
                    format!("{due_date} 不晚于上一期到期日 {previous}"),
                ),
            ));
        }
        rows.push(PlanRow {
            period,
            due_date,
            payment,
            principal,
            interest,
            balance: amount(Column::Balance)?,
        });
    }
    if rows.is_empty() {
        return Err(fail(
            Some(header_line),
            None,
            (
                "a header but no installments under it".into(),
                "只有表头，下面没有任何一期".into(),
            ),
        ));
    }
    let (first, last) = (rows[0].period, rows[rows.len() - 1].period);
    let stated_term = whole_term(term_line, term_periods, term_flag, last, first > 1)?;
    let term = stated_term.filter(|&t| t as usize > rows.len());
    if first > 1 {
        let period_column = (columns.iter().find(|(_, c)| *c == Column::Period))
            .map_or("period", |(i, _)| headers[*i].as_str());
        let at = |(en, zh): (String, String)| fail(first_line, Some(period_column), (en, zh));
        return tail(stated_principal, term, start, has_fee, rows, at);
    }
    let principal = match (stated_principal, term, rows[0].balance) {
        (Some(stated), _, _) => stated,
        (None, None, _) => rows.iter().map(|r| r.principal).sum(),
        // The first row's balance is what its principal left of the amount borrowed.
        (None, Some(_), Some(balance)) => rows[0].principal + balance,
        (None, Some(term), None) => {
            let shown = rows.len();
            return Err(fail(
                Some(header_line),
                None,
                (
                    format!(
                        "{shown} of {term} installments and no amount borrowed: add a line such as `借款金额: 10,000.00` (or `Loan amount: 10000.00`) above the table, or a balance column (剩余本金)"
                    ),
                    format!(
                        "{term} 期中只有 {shown} 期，且没有借款金额：请在表格上方加一行，如 `借款金额: 10,000.00`，或加一列剩余本金"
                    ),
                ),
            ));
        }
    };
    if principal <= Decimal::ZERO {
        // Named as the file's header names it.
        let column = (columns.iter().find(|(_, c)| *c == Column::Principal))
            .map_or("principal", |(i, _)| headers[*i].as_str());
        return Err(fail(
            None,
            Some(column),
            (
                "the principal column sums to 0; nothing was borrowed".into(),
                "本金列合计为 0；没有借款".into(),
            ),
        ));
    }
    Ok(Plan {
        principal,
        start,
        term,
        has_fee,
        rows,
    })
}

/// The last rows of a plan, from installment `rows[0].period` > 1: what they still owe is
/// in them (the first row's principal + balance, or every row's principal when they reach
/// the last installment), but the amount first borrowed and the whole term must be said.
fn tail(
    stated_principal: Option<Decimal>,
    term: Option<u32>,
    start: Option<NaiveDate>,
    has_fee: bool,
    rows: Vec<PlanRow>,
    at: impl Fn((String, String)) -> PlanError,
) -> Result<Plan, PlanError> {
    let (first, last) = (rows[0].period, rows[rows.len() - 1].period);
    let Some(term) = term else {
        return Err(at((
            format!(
                "the rows start at installment {first}: say how many installments the whole plan has, with a line such as `期数: {last}` or `Term: {last} months` above the table, periods such as `{first}/{last}`, or --term"
            ),
            format!(
                "表格从第 {first} 期开始：请写明整个计划共几期，如在表格上方加一行 `期数: {last}`，或期数写作 `{first}/{last}`，或用 --term"
            ),
        )));
    };
    let Some(principal) = stated_principal else {
        return Err(at((
            format!(
                "installments {first} to {last} of {term}: add the amount first borrowed above the table, a line such as `借款金额: 10,000.00` (or `Loan amount: 10000.00`); the rows show only what is still owed"
            ),
            format!(
                "第 {first} 至 {last} 期（共 {term} 期）：请在表格上方加一行原借款金额，如 `借款金额: 10,000.00`；这些行只显示尚欠的部分"
            ),
        )));
    };
    // As for a one-row plan: its due date alone does not tell the draw date.
    if rows.len() == 1 && start.is_none() {
        return Err(at((
            format!(
                "installment {first} of {term} alone and no draw date: add a line such as `放款日: 2026-01-10` (or `start: 2026-01-10`) above the table"
            ),
            format!(
                "只有第 {first} 期（共 {term} 期）且没有放款日：请在表格上方加一行，如 `放款日: 2026-01-10`"
            ),
        )));
    }
    if rows[0].balance.is_none() && last != term {
        return Err(at((
            format!(
                "installments {first} to {last} of {term} and no balance column: add the balance (剩余本金) column, or the rows to the last installment, so what was owed before installment {first} is known"
            ),
            format!(
                "第 {first} 至 {last} 期（共 {term} 期）且没有剩余本金列：请加上剩余本金列，或列到最后一期，才能知道第 {first} 期前尚欠多少"
            ),
        )));
    }
    let plan = Plan {
        principal,
        start,
        term: Some(term),
        has_fee,
        rows,
    };
    let owed = plan.owed_before(0);
    if owed > principal {
        return Err(at((
            format!(
                "{owed} owed before installment {first}, more than the {principal} first borrowed"
            ),
            format!("第 {first} 期前尚欠 {owed}，多于原借款金额 {principal}"),
        )));
    }
    Ok(plan)
}

/// The whole plan's number of installments, when said: above the table, in the period
/// column or by `--term`, each agreeing with the others and reaching the `last`
/// installment shown (of a plan's last rows when `tail`).
fn whole_term(
    line: Option<TermSaid>,
    periods: Option<TermSaid>,
    flag: Option<u32>,
    last: u32,
    tail: bool,
) -> Result<Option<u32>, PlanError> {
    let flag = flag.map(|term| TermSaid {
        term,
        line: None,
        column: "--term".into(),
    });
    let said: Vec<TermSaid> = [line, periods, flag].into_iter().flatten().collect();
    let Some(first) = said.first() else {
        return Ok(None);
    };
    for other in &said[1..] {
        if other.term != first.term {
            // Named where the file says it, beside the other place that says otherwise.
            let (at, elsewhere) = match other.line {
                Some(_) => (other, first),
                None => (first, other),
            };
            let (here, there) = (at.term, elsewhere.term);
            let (en, zh) = elsewhere.named();
            return Err(at.fail((
                format!(
                    "{}, but {en} says {there}; make them agree",
                    a_term_of(here)
                ),
                format!("总期数 {here}，而{zh}为 {there}；两者须一致"),
            )));
        }
    }
    if first.term < last {
        let term = first.term;
        return Err(first.fail(match tail {
            false => (
                format!("{}, but the table lists {last}; the term counts every installment of the plan", a_term_of(term)),
                format!("总期数 {term}，而表格列出 {last} 期；总期数须计入计划的每一期"),
            ),
            true => (
                format!("{}, but the table reaches installment {last}; the term counts every installment of the plan", a_term_of(term)),
                format!("总期数 {term}，而表格列到第 {last} 期；总期数须计入计划的每一期"),
            ),
        }));
    }
    Ok(Some(first.term))
}

/// "a term of N installments", singular for one.
fn a_term_of(n: u32) -> String {
    match n {
        1 => "a term of 1 installment".into(),
        n => format!("a term of {n} installments"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn a_plan_without_rows_pins_nothing_rather_than_panicking() {
        let terms = crate::engine::loan::LoanTerms::new(&crate::engine::loan::LoanInput {
            principal: Some(dec!(1000)),
            annual_rate: Some(dec!(12)),
            term: Some(3),
            method: Some(crate::engine::loan::Method::EqualInstallment),
            start: Some("2026-01-10".parse().unwrap()),
            ..Default::default()
        })
        .unwrap();
        let empty = Plan {
            principal: dec!(1000),
            start: None,
            term: Some(3),
            has_fee: false,
            rows: Vec::new(),
        };
        assert_eq!(
            empty.pin_after_ours(&terms).unwrap_err(),
            Problem::PinnedRows {
                rows: 0,
                installments: 3
            }
        );
    }

    #[test]
    fn reads_a_pasted_chinese_table_with_yuan_signs_and_separators() {
        let text = "借款金额：¥12,000.00\n放款日：2026年1月10日\n\
                    期数\t还款日\t本期应还\t本金\t利息\t剩余本金\n\
                    第1期\t2026年2月10日\t¥1,066.19\t¥946.19\t¥120.00\t¥11,053.81\n\
                    第2期\t2026年3月10日\t1,066.19元\t955.65\t110.54\t10,098.16\n";
        let plan = parse(text).unwrap();
        assert_eq!(plan.principal, dec!(12000));
        assert_eq!(plan.start, Some("2026-01-10".parse().unwrap()));
        assert_eq!(plan.rows.len(), 2);
        assert_eq!(plan.rows[0].payment, dec!(1066.19));
        assert_eq!(plan.rows[1].balance, Some(dec!(10098.16)));
        assert_eq!(plan.rows[1].due_date.to_string(), "2026-03-10");
    }

    #[test]
    fn reads_csv_with_quoted_thousands_and_slash_dates_and_a_fee_column() {
        let text = "period,date,principal,fee,payment\n\
                    1,2026/2/15,\"1,000.00\",72.00,\"1,072.00\"\n\
                    2,2026/3/15,\"1,000.00\",72.00,\"1,072.00\"\n";
        let plan = parse(text).unwrap();
        assert!(plan.has_fee);
        assert_eq!(plan.principal, dec!(2000));
        assert_eq!(plan.rows[1].interest, dec!(72));
        assert_eq!(plan.rows[1].due_date.to_string(), "2026-03-15");
    }

    #[test]
    fn reads_the_other_chinese_headers_each_lender_uses() {
        let text = "期次\t应还日期\t月供\t本金\t利息\t剩余本金\n\
                    1\t2026年2月10日\t¥4,080.27\t¥3,960.27\t¥120.00\t¥8,039.73\n\
                    2\t2026年3月10日\t¥4,080.27\t¥3,999.87\t¥80.40\t¥4,039.86\n";
        let plan = parse(text).unwrap();
        assert_eq!(plan.principal, dec!(7960.14));
        assert_eq!(plan.rows[1].payment, dec!(4080.27));
        assert_eq!(plan.rows[1].due_date.to_string(), "2026-03-10");
        assert_eq!(plan.rows[1].balance, Some(dec!(4039.86)));
        for fee in ["服务费", "手续费"] {
            let text =
                format!("期数,应还日期,本期应还,本金,{fee}\n1,2026/2/15,1018.00,1000.00,18.00\n");
            let plan = parse(&text).unwrap();
            assert!(plan.has_fee, "{fee}");
            assert_eq!(plan.rows[0].interest, dec!(18), "{fee}");
        }
    }

    #[test]
    fn reads_an_english_spreadsheet_with_several_payment_and_balance_columns() {
        // Excel's loan amortization template as pasted: the payment date is the date, the
        // total payment the payment, the ending balance what remains; the beginning
        // balance, the extra payment and the running interest are left out.
        let text = "Loan amount\t1,200.00\nStart date of loan\t1/15/2026\n\
            Pmt. No.\tPayment Date\tBeginning Balance\tScheduled Payment\tExtra Payment\tTotal Payment\tPrincipal\tInterest\tEnding Balance\tCumulative Interest\n\
            1\t2/15/2026\t1,200.00\t406.04\t100.00\t506.04\t494.04\t12.00\t705.96\t12.00\n\
            2\t3/15/2026\t705.96\t406.04\t\t406.04\t398.98\t7.06\t306.98\t19.06\n";
        let plan = parse(text).unwrap();
        assert_eq!(plan.principal, dec!(1200));
        assert_eq!(plan.start, Some("2026-01-15".parse().unwrap()));
        let first = &plan.rows[0];
        assert_eq!(first.due_date.to_string(), "2026-02-15");
        assert_eq!(first.payment, dec!(506.04));
        assert_eq!(first.principal, dec!(494.04));
        assert_eq!(first.interest, dec!(12.00));
        assert_eq!(first.balance, Some(dec!(705.96)));
        // The same with `|` between the cells, as the example header has them.
        let piped = "Payment Date | Beginning Balance | Scheduled Payment | Extra Payment | Total Payment | Principal | Interest | Ending Balance\n\
            2/15/2026 | 1,200.00 | 406.04 | 100.00 | 506.04 | 494.04 | 12.00 | 705.96\n";
        let plan = parse(piped).unwrap();
        assert_eq!(plan.rows[0].payment, dec!(506.04));
        assert_eq!(plan.rows[0].balance, Some(dec!(705.96)));
        // Two payment columns neither of which says which is the total stay refused.
        let two = "date,payment,amount due,principal,interest\n2026-02-15,1,1,1,0\n";
        assert!(
            parse(two)
                .unwrap_err()
                .to_string()
                .contains("a second payment column")
        );
    }

    #[test]
    fn the_first_rows_of_a_longer_plan_carry_its_term() {
        let rows = "期数,还款日,应还金额,本金,利息,剩余本金\n\
                    1,2026-02-10,45.63,38.13,7.50,1461.87\n\
                    2,2026-03-10,45.63,38.32,7.31,1423.55\n";
        for line in [
            "期数: 36",
            "总期数：36期",
            "共36期",
            "共 36 期",
            "借款期限: 36个月",
            "贷款期限: 3年",
            "Term: 36 months",
            "Loan term: 3 years",
            "Number of payments: 36",
            "Scheduled number of payments\t36",
        ] {
            let plan = parse(&format!("{line}\n{rows}")).unwrap();
            assert_eq!(plan.term, Some(36), "{line}");
            // No amount stated: the first row's principal and balance.
            assert_eq!(plan.principal, dec!(1500.00), "{line}");
        }
        let plan = parse_with_term(rows, Some(36)).unwrap();
        assert_eq!((plan.term, plan.principal), (Some(36), dec!(1500.00)));
        // The period column may say it: installment 1 of 36.
        let periods = rows.replace("\n1,", "\n1/36,").replace("\n2,", "\n2/36,");
        assert_eq!(parse(&periods).unwrap().term, Some(36));
        // A stated amount is the amount; a term as long as the rows is a whole plan.
        let stated = parse(&format!("借款金额: 2,000.00\n期数: 36\n{rows}")).unwrap();
        assert_eq!(stated.principal, dec!(2000));
        let whole = parse_with_term(rows, Some(2)).unwrap();
        assert_eq!((whole.term, whole.principal), (None, dec!(76.45)));
        // The Excel template's payments a year are not its term.
        let yearly = parse(&format!("Number of payments per year\t12\n{rows}")).unwrap();
        assert_eq!(yearly.term, None);
    }

    #[test]
    fn a_partial_plan_that_contradicts_itself_is_refused_naming_the_line_or_flag() {
        let rows = "期数,还款日,应还金额,本金,利息\n\
                    1,2026-02-10,45.63,38.13,7.50\n\
                    2,2026-03-10,45.63,38.32,7.31\n\
                    3,2026-04-10,45.63,38.51,7.12\n";
        let amount = "借款金额: 1500.00\n";
        let cases = [
            (
                format!("{amount}期数: 2\n{rows}"),
                None,
                "line 2, column 期数: a term of 2 installments, but the table lists 3",
            ),
            (
                format!("{amount}{rows}"),
                Some(2),
                "--term 2: a term of 2 installments, but the table lists 3",
            ),
            (
                format!("{amount}Term: 36 months\n{rows}"),
                Some(24),
                "line 2, column term: a term of 36 installments, but --term says 24",
            ),
            (
                format!("{amount}共36期\n期数: 24\n{rows}"),
                None,
                "line 3, column 期数: 24 installments, where line 2 says 36",
            ),
            (
                format!("{amount}期数: 36\n{}", rows.replace("\n1,", "\n1/24,")),
                None,
                "line 4, column 期数: a term of 24 installments, but line 2 (期数) says 36",
            ),
            (
                format!("{amount}期数: 三十六\n{rows}"),
                None,
                "line 2, column 期数: \"三十六\" is not a number of installments",
            ),
            (
                format!("期数: 36\n{rows}"),
                None,
                "line 2: 3 of 36 installments and no amount borrowed: add a line such as `借款金额",
            ),
        ];
        refused_saying(&cases);
    }

    /// Each plan text, read with its `--term` if any, refused in words that say `needle`.
    fn refused_saying(cases: &[(String, Option<u32>, &str)]) {
        for (text, flag, needle) in cases {
            let err = parse_with_term(text, *flag).unwrap_err().to_string();
            assert!(err.contains(needle), "{needle:?} not in {err:?}");
        }
    }

    #[test]
    fn the_last_rows_of_a_plan_need_its_term_and_amount_and_owe_what_they_show() {
        let rows = "期数,还款日,应还金额,本金,利息,剩余本金\n\
                    3,2026-04-10,3400.22,3300.20,100.02,6701.21\n\
                    4,2026-05-10,3400.22,3333.20,67.02,3368.01\n";
        let plan = parse(&format!("借款金额: 20000.00\n期数: 4\n{rows}")).unwrap();
        assert_eq!((plan.principal, plan.term), (dec!(20000), Some(4)));
        assert_eq!(plan.rows[0].period, 3);
        // What was owed before installment 3: its principal + its balance.
        assert_eq!(plan.owed_before(0), dec!(10001.41));
        assert_eq!(plan.owed_before(1), dec!(6701.21));
        // To the last installment without a balance column: every row's principal.
        let slashed = "期数,还款日,应还金额,本金,利息\n\
                       3/4,2026-04-10,3400.22,3300.20,100.02\n\
                       4/4,2026-05-10,3400.22,3333.20,67.02\n";
        let plan = parse(&format!("借款金额: 20000.00\n{slashed}")).unwrap();
        assert_eq!((plan.term, plan.owed_before(0)), (Some(4), dec!(6633.40)));
        let cases = [
            (
                format!("借款金额: 20000.00\n{rows}"),
                None,
                "line 3, column 期数: the rows start at installment 3: say how many installments the whole plan has",
            ),
            (
                format!("期数: 4\n{rows}"),
                None,
                "line 3, column 期数: installments 3 to 4 of 4: add the amount first borrowed above the table",
            ),
            (
                format!("借款金额: 20000.00\n{rows}"),
                Some(3),
                "--term 3: a term of 3 installments, but the table reaches installment 4",
            ),
            (
                format!("借款金额: 20000.00\n期数: 6\n{slashed}"),
                None,
                "line 4, column 期数: a term of 4 installments, but line 2 (期数) says 6",
            ),
            (
                format!(
                    "借款金额: 20000.00\n期数: 6\n{}",
                    slashed.replace("3/4", "3").replace("4/4", "4")
                ),
                None,
                "line 4, column 期数: installments 3 to 4 of 6 and no balance column",
            ),
            (
                format!("借款金额: 9000.00\n期数: 4\n{rows}"),
                None,
                "10001.41 owed before installment 3, more than the 9000.00 first borrowed",
            ),
            (
                format!(
                    "借款金额: 20000.00\n期数: 4\n{}",
                    rows.lines().take(2).collect::<Vec<_>>().join("\n")
                ),
                None,
                "installment 3 of 4 alone and no draw date: add a line such as `放款日: 2026-01-10`",
            ),
        ];
        refused_saying(&cases);
    }

    #[test]
    fn bad_plans_name_the_line_and_column() {
        let header = "期数,还款日,应还金额,本金,利息\n";
        let cases = [
            ("", "empty"),
            ("a,b,c\n1,2,3\n", "no recognisable header"),
            (
                &*format!(
                    "{header}1,2026-02-10,110.00,100.00,10.00\n2,2026/3/10,110.00,100.00,10.00\n"
                ),
                "line 3, column 还款日: mixed date forms",
            ),
            (
                &*format!("{header}1,2026-02-10,110.00,100.00,-10.00\n"),
                "line 2, column 利息: negative",
            ),
            (
                &*format!("{header}1,2026-02-10,111.00,100.00,10.00\n"),
                "line 2, column 应还金额: 111.00 is not principal + interest",
            ),
            (
                &*format!("{header}1,2026-02-10,110.00,1OO,10.00\n"),
                "line 2, column 本金: \"1OO\" is not an amount",
            ),
            (
                &*format!(
                    "{header}1,2026-02-10,110.00,100.00,10.00\n3,2026-03-10,110.00,100.00,10.00\n"
                ),
                "line 3, column 期数: installment 3",
            ),
            (header, "no installments"),
        ];
        for (text, needle) in cases {
            let err = parse(text).unwrap_err().to_string();
            assert!(err.contains(needle), "{needle:?} not in {err:?}");
        }
    }

    #[test]
    fn a_first_period_at_the_top_of_the_range_is_refused_not_wrapped() {
        let text = "period,due_date,payment,principal,interest\n\
                    4294967295,2026-02-10,10.10,10.00,0.10\n\
                    0,2026-03-10,10.10,10.00,0.10\n";
        assert!(parse(text).is_err());
    }

    #[test]
    fn a_term_of_one_installment_is_singular() {
        let text = "期数: 1\nperiod,due_date,payment,principal,interest\n\
                    1,2026-02-10,10.10,10.00,0.10\n\
                    2,2026-03-10,10.10,10.00,0.10\n";
        let refusal = parse(text).unwrap_err().to_string();
        assert!(
            refusal.contains("a term of 1 installment, but"),
            "{refusal}"
        );
    }
}
