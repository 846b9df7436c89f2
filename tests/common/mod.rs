//! What the integration tests share: the real binary run in a private sandbox, and the
//! small parsers every test file needs.
// Each test file is its own crate and uses a different part of this module.
#![allow(dead_code)]

pub mod limit;
pub mod tui;

use chrono::NaiveDate;
use loandash::engine::loan::{DayCount, LoanInput, LoanTerms, Method, Rate};
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_loandash");

/// DOMAIN.md's worked example: 10,000 at 0.05 %/day (actual/365), 6 months from Jan 31.
pub const WORKED: &[&str] = &[
    "--principal",
    "10000",
    "--daily-rate",
    "0.05",
    "--term",
    "6",
    "--method",
    "equal-installment",
    "--start",
    "2026-01-31",
];

/// Command-line words written as one line: `args("--term 6 --start 2026-01-31")`. Only
/// for words without spaces; a path goes in as an item of its own.
pub fn args(line: &str) -> Vec<&str> {
    line.split_whitespace().collect()
}

/// Owned words (built with format! or pushed one by one) as the `&str`s a run takes.
pub fn strs(words: &[String]) -> Vec<&str> {
    words.iter().map(String::as_str).collect()
}

/// The keys of a JSON object.
pub fn keys(value: &Value) -> BTreeSet<&str> {
    value
        .as_object()
        .unwrap_or_else(|| panic!("{value} is not a JSON object"))
        .keys()
        .map(String::as_str)
        .collect()
}

/// Names written as one line, as a set (to compare with [`keys`]).
pub fn names(line: &str) -> BTreeSet<&str> {
    line.split_whitespace().collect()
}

pub fn dec(text: &str) -> Decimal {
    text.parse()
        .unwrap_or_else(|e| panic!("{text:?} is not a decimal: {e}"))
}

pub fn day(text: &str) -> NaiveDate {
    text.parse()
        .unwrap_or_else(|e| panic!("{text:?} is not a date: {e}"))
}

/// Valid loan terms for a test (panics on terms the engine refuses).
pub fn terms(principal: &str, rate: Rate, term: u32, method: Method, start: &str) -> LoanTerms {
    LoanTerms::new(&input(principal, rate, term, method, start)).expect("valid test terms")
}

/// The input of [`terms`], for a test to add to (a day count, conventions).
pub fn input(principal: &str, rate: Rate, term: u32, method: Method, start: &str) -> LoanInput {
    let (annual_rate, daily_rate) = match rate {
        Rate::Annual(a) => (Some(a), None),
        Rate::Daily(d) => (None, Some(d)),
    };
    LoanInput {
        principal: Some(dec(principal)),
        annual_rate,
        daily_rate,
        term: Some(term),
        method: Some(method),
        start: Some(day(start)),
        ..LoanInput::default()
    }
}

/// A yearly rate in percent.
pub fn annual(percent: &str) -> Rate {
    Rate::Annual(dec(percent))
}

/// A daily rate in percent.
pub fn daily(percent: &str) -> Rate {
    Rate::Daily(dec(percent))
}

/// [`WORKED`] as engine terms.
pub fn worked_terms() -> LoanTerms {
    terms(
        "10000",
        daily("0.05"),
        6,
        Method::EqualInstallment,
        "2026-01-31",
    )
}

/// A rate as a property test draws it: hundredths of a percent a year, or
/// ten-thousandths of a percent a day.
#[derive(Debug, Clone, Copy)]
pub enum RawRate {
    Annual(i64),
    Daily(i64),
}

/// The raw fields of a random loan, the one way every property test turns them into a
/// [`LoanInput`] (a flat-fee loan takes its fee and no rate); [`LoanCase::terms`]
/// validates them. Shown as the command line that adds the loan.
#[derive(Clone)]
pub struct LoanCase {
    pub principal_cents: i64,
    pub rate: RawRate,
    /// Hundredths of a percent a month, for a flat-fee loan.
    pub fee_bp: i64,
    pub term: u32,
    pub method: Method,
    pub day_count: DayCount,
    pub start: NaiveDate,
}

impl std::fmt::Debug for LoanCase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let input = self.input();
        let rate = match (input.annual_rate, input.daily_rate) {
            (Some(a), _) => format!("--annual-rate {a}"),
            (_, Some(d)) => format!("--daily-rate {d}"),
            _ => String::new(),
        };
        let fee = input
            .fee_rate
            .map_or(String::new(), |f| format!(" --fee-rate {f}"));
        write!(
            f,
            "--principal {} {rate}{fee} --term {} --method {} --day-count {} --start {}",
            Decimal::new(self.principal_cents, 2),
            self.term,
            self.method,
            self.day_count,
            self.start
        )
    }
}

impl LoanCase {
    pub fn input(&self) -> LoanInput {
        let (annual_rate, daily_rate, fee_rate) = match (self.method, self.rate) {
            (Method::FlatFee, _) => (None, None, Some(Decimal::new(self.fee_bp, 2))),
            (_, RawRate::Annual(a)) => (Some(Decimal::new(a, 2)), None, None),
            (_, RawRate::Daily(d)) => (None, Some(Decimal::new(d, 4)), None),
        };
        LoanInput {
            principal: Some(Decimal::new(self.principal_cents, 2)),
            annual_rate,
            daily_rate,
            fee_rate,
            term: Some(self.term),
            method: Some(self.method),
            start: Some(self.start),
            day_count: Some(self.day_count),
            ..LoanInput::default()
        }
    }

    /// The loan's terms; panics, naming the case, where the engine refuses them.
    pub fn terms(&self) -> LoanTerms {
        LoanTerms::new(&self.input()).unwrap_or_else(|e| panic!("valid loan {self:?} refused: {e}"))
    }
}

/// One row of a schedule as `loandash schedule` writes it, read back from its CSV or
/// its JSON (the same fields in both).
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleRow {
    pub period: u32,
    pub due_date: String,
    pub payment: Decimal,
    pub principal: Decimal,
    pub interest: Decimal,
    pub balance: Decimal,
    pub kind: String,
}

/// The header of `schedule --format csv`.
pub const SCHEDULE_CSV_HEADER: &str = "period,due_date,payment,principal,interest,balance,kind";

impl ScheduleRow {
    /// The rows of `schedule --format csv`: the exact header, then seven plain fields a
    /// line.
    pub fn from_csv(text: &str) -> Vec<ScheduleRow> {
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some(SCHEDULE_CSV_HEADER),
            "CSV header:\n{text}"
        );
        lines
            .map(|line| {
                let f: Vec<&str> = line.split(',').collect();
                assert_eq!(f.len(), 7, "seven fields in {line:?}");
                let amount = |text: &str| {
                    assert!(is_plain_amount(text), "amount {text:?} in {line:?}");
                    dec(text)
                };
                ScheduleRow {
                    period: (f[0].parse()).unwrap_or_else(|_| panic!("period in {line:?}")),
                    due_date: f[1].to_string(),
                    payment: amount(f[2]),
                    principal: amount(f[3]),
                    interest: amount(f[4]),
                    balance: amount(f[5]),
                    kind: f[6].to_string(),
                }
            })
            .collect()
    }

    /// One of the `rows` of `schedule --format json`.
    pub fn from_json(row: &Value) -> ScheduleRow {
        let period = row["period"].as_u64().and_then(|p| u32::try_from(p).ok());
        ScheduleRow {
            period: period.unwrap_or_else(|| panic!("period in {row}")),
            due_date: json_text(&row["due_date"]).to_string(),
            payment: json_amount(&row["payment"]),
            principal: json_amount(&row["principal"]),
            interest: json_amount(&row["interest"]),
            balance: json_amount(&row["balance"]),
            kind: json_text(&row["kind"]).to_string(),
        }
    }
}

/// A JSON string's text.
pub fn json_text(value: &Value) -> &str {
    value
        .as_str()
        .unwrap_or_else(|| panic!("{value} is not a JSON string"))
}

/// An amount as the JSON output writes it: a string, plain, two decimals.
pub fn json_amount(value: &Value) -> Decimal {
    let text = value
        .as_str()
        .unwrap_or_else(|| panic!("amount {value} is not a JSON string"));
    assert!(is_plain_amount(text), "amount {text:?} is not two-decimal");
    dec(text)
}

/// Half-up to cents, written out independently of the crate's own rounding.
pub fn half_up(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// A plain two-decimal amount: digits, a dot, exactly two digits; no sign or separator.
pub fn is_plain_amount(text: &str) -> bool {
    let Some((whole, cents)) = text.split_once('.') else {
        return false;
    };
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && cents.len() == 2
        && cents.bytes().all(|b| b.is_ascii_digit())
}

pub fn stdout_of(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr_of(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

/// The stdout of `loandash ARGS`, which must have succeeded with nothing on stderr.
pub fn quiet_success(args: &[&str], out: &Output) -> String {
    let stderr = stderr_of(out);
    assert!(
        out.status.success(),
        "`loandash {}` failed ({:?}): {stderr}",
        args.join(" "),
        out.status.code()
    );
    assert!(stderr.is_empty(), "unexpected stderr: {stderr}");
    stdout_of(out)
}

/// Run `cmd` to its end; one still running after `limit` is killed and fails the test (a
/// hang). Its output goes to files, so a large export cannot fill a pipe while it is watched.
pub fn within(limit: Duration, mut cmd: Command) -> Output {
    use std::io::{Read, Seek};
    let (stdout, stderr) = (tempfile::tempfile().unwrap(), tempfile::tempfile().unwrap());
    let mut child = cmd
        .stdout(stdout.try_clone().unwrap())
        .stderr(stderr.try_clone().unwrap())
        .spawn()
        .expect("spawn loandash");
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Some(status) = child.try_wait().expect("poll") {
            let read = |mut file: std::fs::File| {
                let mut bytes = Vec::new();
                file.rewind().unwrap();
                file.read_to_end(&mut bytes).unwrap();
                bytes
            };
            return Output {
                status,
                stdout: read(stdout),
                stderr: read(stderr),
            };
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("{cmd:?} still running after {limit:?}: it hangs");
}

/// The binary with no store: a store named by the environment must not change what
/// storeless commands (`schedule`, `demo --generate`) print.
pub fn loandash(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_remove("LOANDASH_STORE")
        .output()
        .expect("run the loandash binary")
}

/// [`loandash`] on the store at `store`, then `line`'s words, then `more` (paths, or
/// values with spaces).
pub fn in_store(store: &str, line: &str, more: &[&str]) -> Output {
    let mut all = vec!["--store", store];
    all.extend(args(line));
    all.extend(more);
    loandash(&all)
}

/// A private store in its own temp dir; HOME and the XDG folders point inside it, so
/// no real user's store, model or config is ever read or written.
pub struct Sandbox {
    pub dir: TempDir,
    pub store: PathBuf,
}

impl Sandbox {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("a temp dir");
        let store = dir.path().join("loans.ron");
        Self { dir, store }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The config folder the binary reads (model, keymap, theme).
    pub fn config_dir(&self) -> PathBuf {
        self.path("xdg-config")
    }

    /// HOME and the XDG folders, for a process started by other means (a pty).
    pub fn env(&self) -> [(&'static str, PathBuf); 3] {
        [
            ("HOME", self.root().to_path_buf()),
            ("XDG_DATA_HOME", self.path("xdg-data")),
            ("XDG_CONFIG_HOME", self.config_dir()),
        ]
    }

    /// The binary with a clean environment pointing into the sandbox, no store flag; in
    /// English, whatever the caller's locale.
    pub fn bare(&self) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.env_remove("LOANDASH_STORE")
            .envs(self.env())
            .env("LANG", "C")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES");
        cmd
    }

    /// The binary on this store as of `as_of`, not yet started (for a timed or piped run).
    pub fn command(&self, as_of: &str, args: &[&str]) -> Command {
        let mut cmd = self.bare();
        cmd.arg("--store")
            .arg(&self.store)
            .args(["--as-of", as_of])
            .args(args);
        cmd
    }

    pub fn run(&self, as_of: &str, args: &[&str]) -> Output {
        self.command(as_of, args).output().expect("run loandash")
    }

    /// Run a command that must succeed quietly; its stdout.
    pub fn ok(&self, as_of: &str, args: &[&str]) -> String {
        quiet_success(args, &self.run(as_of, args))
    }

    /// Run a command that must succeed with `--format json`; its JSON.
    pub fn json(&self, as_of: &str, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.extend(["--format", "json"]);
        let out = self.ok(as_of, &all);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}):\n{out}"))
    }

    /// The subcommands `loandash PATH --help` lists (but `help`), in its order.
    pub fn subcommands(&self, path: &[&str]) -> Vec<String> {
        let help = stdout_of(&self.bare().args(path).arg("--help").output().unwrap());
        help.lines()
            .skip_while(|l| !l.starts_with("Commands:"))
            .skip(1)
            .take_while(|l| l.starts_with("  "))
            .filter_map(|l| l.split_whitespace().next())
            .filter(|name| *name != "help")
            .map(str::to_string)
            .collect()
    }

    /// Run a command that must exit with `code` and leave the store's bytes as they were;
    /// its stderr.
    pub fn refused(&self, as_of: &str, args: &[&str], code: i32) -> String {
        let before = std::fs::read(&self.store).ok();
        let out = self.exits(as_of, args, code);
        assert_eq!(
            std::fs::read(&self.store).ok(),
            before,
            "`{}` changed the store",
            args.join(" ")
        );
        stderr_of(&out)
    }

    /// Run a command that must fail with `code` and print nothing on stdout; its stderr.
    pub fn fail(&self, as_of: &str, args: &[&str], code: i32) -> String {
        let out = self.exits(as_of, args, code);
        assert!(
            out.stdout.is_empty(),
            "`loandash {}` printed on failure: {}",
            args.join(" "),
            stdout_of(&out)
        );
        stderr_of(&out)
    }

    /// Run a command that must exit with `code`.
    pub fn exits(&self, as_of: &str, args: &[&str], code: i32) -> Output {
        let out = self.run(as_of, args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "`loandash {}`: exit code; stderr: {}",
            args.join(" "),
            stderr_of(&out)
        );
        out
    }
}

impl Default for Sandbox {
    fn default() -> Self {
        Self::new()
    }
}

/// A property test's settings: `default` cases, or `PROPTEST_CASES` when set (for a
/// deeper run); counterexamples are reported, not stored.
pub fn proptest_config(default: u32) -> proptest::test_runner::Config {
    proptest::test_runner::Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(default),
        failure_persistence: None,
        ..proptest::test_runner::Config::default()
    }
}

/// The names a bottom border's "+N more: …" note gives on a drawn screen (`more` the
/// count's template, e.g. "+{n} more"), each as it reads; `None` without a note.
pub fn more_note_names(text: &str, lang: loandash::language::Language) -> Option<Vec<String>> {
    let s = lang.strings();
    let before = s.more.split_once("{n}").map_or(s.more, |(b, _)| b);
    let row = text
        .lines()
        .find(|row| row.starts_with(&format!("└ {before}")))?;
    let (_, names) = row.split_once(lang.colon().trim_end())?;
    let names = names.trim_start();
    // The note ends where the border's line resumes.
    let names = names.split(" ─").next()?.split(" ┘").next()?.trim_end();
    Some(
        names
            .split(lang.list_separator().trim_end())
            .map(|name| name.trim().to_string())
            .collect(),
    )
}

/// Every name the "+N more" note on `text` gives is one of `names` (each in full or short,
/// or "…"): none is cut; `at` says where on failure.
pub fn assert_more_note_names_whole(
    text: &str,
    lang: loandash::language::Language,
    names: &[&str],
    at: &str,
) {
    for name in more_note_names(text, lang).expect("the note") {
        assert!(names.contains(&name.as_str()), "{at}: {name:?} cut\n{text}");
    }
}

/// No box on the screen keeps blank rows at its foot ([`blank_box_feet`]); else fails
/// naming `what` and showing the screen.
pub fn assert_no_blank_box_feet(buffer: &ratatui::buffer::Buffer, what: &str) {
    let feet = blank_box_feet(buffer);
    assert!(
        feet.is_empty(),
        "{what}: blank rows at the foot of a box (column, row, rows): {feet:?}\n{}",
        tui::rows(buffer).join("\n")
    );
}

/// The rows at the foot of each box, inside its frame, with nothing in them: a box is
/// as tall as its lines and what it does not need stays outside (issue 16), also
/// beside a taller one (the dashboard's cards, the limit view's two boxes). Returns
/// `(column, row, blank rows)` of each box at fault.
pub fn blank_box_feet(buffer: &ratatui::buffer::Buffer) -> Vec<(u16, u16, u16)> {
    let area = buffer.area;
    let at = |x: u16, y: u16| buffer[(x, y)].symbol();
    // Each box: its left and right columns, top and bottom rows.
    let mut boxes = Vec::new();
    for y in 0..area.height {
        for x in 0..area.width {
            if at(x, y) != "┌" {
                continue;
            }
            let right = (x + 1..area.width).find(|&c| at(c, y) == "┐");
            let bottom = (y + 1..area.height).find(|&r| at(x, r) == "└");
            if let (Some(right), Some(bottom)) = (right, bottom) {
                boxes.push((x, right, y, bottom));
            }
        }
    }
    let blank_foot = |&(left, right, top, bottom): &(u16, u16, u16, u16)| {
        let blank = |y: u16| (left + 1..right).all(|x| at(x, y).trim().is_empty());
        let rows = (top + 1..bottom).rev().take_while(|&y| blank(y)).count();
        u16::try_from(rows).unwrap_or(u16::MAX)
    };
    boxes
        .iter()
        .filter(|b| blank_foot(b) > 0)
        .map(|b| (b.0, b.2, blank_foot(b)))
        .collect()
}
