//! The real `loandash` binary driven in a pseudo-terminal (portable-pty), its screen read
//! back through a terminal emulator (vt100): keys in, screen text out, and the bytes
//! that restore the terminal on the way out.
//!
//! Each test runs with its own temporary HOME and XDG folders, a store in a temporary
//! folder, `--as-of 2026-03-10 --lang en`, TERM=xterm-256color, at 120×40. Tests wait
//! for what they expect to appear on screen (with a timeout) rather than sleeping.
//!
//! Expected figures come from `loandash due --format json` and `loandash list --format
//! json` of the same store, run as separate processes: the CLI is the engine's contract,
//! tested on its own in `store_cli.rs`.
//!
//! Unix only (a pseudo-terminal from openpty, signals); beyond a `/bin/sh` for its
//! `kill` builtin, one test needs tmux (which `.ci/run` installs).
#![cfg(unix)]

mod common;

use common::{BIN, Sandbox};
use loandash::language::Language;
use loandash::tui::i18n::Strings;
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use serde_json::Value;
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

const AS_OF: &str = "2026-03-10";
const WAIT: Duration = Duration::from_secs(20);

// Keys as a terminal sends them.
const ENTER: &str = "\r";
const TAB: &str = "\t";
const RIGHT: &str = "\x1b[C";
const LEFT: &str = "\x1b[D";
const CTRL_U: &str = "\x15";
const CTRL_C: &str = "\x03";

// What crossterm sends to leave the TUI: mouse capture off, main screen, cursor shown.
const LEAVE_ALTERNATE_SCREEN: &str = "\x1b[?1049l";
const ENTER_ALTERNATE_SCREEN: &str = "\x1b[?1049h";
const SHOW_CURSOR: &str = "\x1b[?25h";
const MOUSE_OFF: [&str; 2] = ["\x1b[?1000l", "\x1b[?1006l"];

fn en() -> &'static Strings {
    Language::En.strings()
}

/// A sandbox (HOME, XDG folders and the store inside one temp dir) for the pty.
struct Home {
    sandbox: Sandbox,
}

impl Home {
    fn new() -> Home {
        Home {
            sandbox: Sandbox::new(),
        }
    }

    fn path(&self) -> &Path {
        self.sandbox.root()
    }

    fn store(&self) -> PathBuf {
        self.sandbox.store.clone()
    }

    /// The names of the files in the store's folder (backups, temporary files, …).
    fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn env(&self) -> [(&'static str, PathBuf); 3] {
        self.sandbox.env()
    }

    /// Run a `loandash` command on this store (as a separate process, not in the pty).
    fn cli(&self, args: &[&str]) -> std::process::Output {
        let output = self.sandbox.run(AS_OF, args);
        assert!(
            output.status.success(),
            "loandash {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }

    fn cli_json(&self, args: &[&str]) -> Value {
        let mut args = args.to_vec();
        args.extend(["--format", "json"]);
        serde_json::from_slice(&self.cli(&args).stdout).unwrap()
    }
}

/// The TUI running in a pseudo-terminal.
struct Session {
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    reader: Option<JoinHandle<()>>,
    read_all: Arc<AtomicBool>,
    /// The pty's local mode flags before the TUI started (cooked mode).
    cooked_lflag: Option<u64>,
}

fn pty_size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

impl Session {
    /// Start `loandash` (no subcommand: the TUI) on `home`'s store at 120×40.
    fn start(home: &Home) -> Session {
        let (cols, rows) = (120, 40);
        let pair = native_pty_system()
            .openpty(pty_size(cols, rows))
            .expect("open a pseudo-terminal");
        let cooked_lflag = pair
            .master
            .get_termios()
            .map(|t| u64::from(t.local_flags.bits()));
        #[cfg(target_os = "linux")]
        assert!(cooked_lflag.is_some(), "the pty's modes can be read");
        let mut command = CommandBuilder::new(BIN);
        command.env_clear();
        for (key, value) in home.env() {
            command.env(key, value);
        }
        command.env("TERM", "xterm-256color");
        command.cwd(home.path());
        command.arg("--store");
        command.arg(home.store());
        command.args(["--as-of", AS_OF, "--lang", "en"]);
        let child = pair.slave.spawn_command(command).expect("start loandash");
        // Only the child holds the terminal's other end now, so reading ends when it exits.
        drop(pair.slave);

        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            NonZeroU16::new(rows).unwrap(),
            NonZeroU16::new(cols).unwrap(),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let read_all = Arc::new(AtomicBool::new(false));
        let mut source = pair.master.try_clone_reader().unwrap();
        let reader = {
            let (parser, raw, read_all) = (parser.clone(), raw.clone(), read_all.clone());
            thread::spawn(move || {
                let mut buffer = [0u8; 8192];
                // Linux reports EIO once the child side is closed: both mean the end.
                while let Ok(n @ 1..) = source.read(&mut buffer) {
                    raw.lock().unwrap().extend_from_slice(&buffer[..n]);
                    parser.lock().unwrap().process(&buffer[..n]);
                }
                read_all.store(true, Ordering::SeqCst);
            })
        };
        let writer = pair.master.take_writer().unwrap();
        Session {
            child,
            master: pair.master,
            writer,
            parser,
            raw,
            reader: Some(reader),
            read_all,
            cooked_lflag,
        }
    }

    /// The screen's rows as text.
    fn rows(&self) -> Vec<String> {
        let parser = self.parser.lock().unwrap();
        let (_, cols) = parser.screen().size();
        parser.screen().rows(0, cols.get()).collect()
    }

    fn screen(&self) -> String {
        self.rows().join("\n")
    }

    /// Wait until `ready` holds for the screen's rows; fail with the screen if it does not.
    fn wait_until(&self, what: &str, ready: impl Fn(&[String]) -> bool) -> Vec<String> {
        let start = Instant::now();
        loop {
            let rows = self.rows();
            if ready(&rows) {
                return rows;
            }
            if start.elapsed() > WAIT {
                panic!(
                    "timed out waiting for {what}; the screen shows:\n{}\n(output so far: {:?})",
                    rows.join("\n"),
                    String::from_utf8_lossy(&self.raw.lock().unwrap())
                        .chars()
                        .rev()
                        .take(400)
                        .collect::<String>()
                        .chars()
                        .rev()
                        .collect::<String>()
                );
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    fn wait_for(&self, text: &str) -> Vec<String> {
        self.wait_until(&format!("{text:?}"), |rows| {
            rows.iter().any(|r| r.contains(text))
        })
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Resize the terminal: the emulator first, then the pty (which signals the child).
    fn resize(&mut self, cols: u16, rows: u16) {
        self.parser.lock().unwrap().screen_mut().set_size(
            NonZeroU16::new(rows).unwrap(),
            NonZeroU16::new(cols).unwrap(),
        );
        self.master.resize(pty_size(cols, rows)).unwrap();
    }

    /// The pty's local mode flags now (echo, canonical input, …).
    fn lflag(&self) -> Option<u64> {
        self.master
            .get_termios()
            .map(|t| u64::from(t.local_flags.bits()))
    }

    fn running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// Wait for the child to exit and for its last output to be read.
    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                start.elapsed() < WAIT,
                "loandash did not exit; the screen shows:\n{}",
                self.screen()
            );
            thread::sleep(Duration::from_millis(20));
        };
        while !self.read_all.load(Ordering::SeqCst) && start.elapsed() < WAIT {
            thread::sleep(Duration::from_millis(10));
        }
        if self.read_all.load(Ordering::SeqCst)
            && let Some(reader) = self.reader.take()
        {
            reader.join().unwrap();
        }
        status
    }

    fn output(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().unwrap()).into_owned()
    }

    /// The terminal was handed back: after the TUI's last entry into the alternate
    /// screen come mouse capture off, the main screen and a visible cursor, and the pty
    /// is back in the mode it started in (raw mode off).
    fn assert_restored(&self) {
        let output = self.output();
        let entered = output
            .rfind(ENTER_ALTERNATE_SCREEN)
            .expect("the TUI entered the alternate screen");
        let after = &output[entered..];
        for (what, sequence) in [
            ("leave the alternate screen", LEAVE_ALTERNATE_SCREEN),
            ("show the cursor", SHOW_CURSOR),
            ("mouse capture off (1000)", MOUSE_OFF[0]),
            ("mouse capture off (1006)", MOUSE_OFF[1]),
        ] {
            assert!(
                after.contains(sequence),
                "no {sequence:?} ({what}) after the TUI drew; output ends with {:?}",
                &after[after.len().saturating_sub(200)..]
            );
        }
        assert!(!self.parser.lock().unwrap().screen().alternate_screen());
        assert_eq!(
            self.lflag(),
            self.cooked_lflag,
            "raw mode was not turned off"
        );
        assert!(!output.contains("panicked"), "{output}");
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// `1234567.8` → `1,234,567.80`: an amount as the dashboard writes it.
fn grouped(plain: &str) -> String {
    let (whole, cents) = plain.split_once('.').unwrap_or((plain, "00"));
    let (sign, digits) = match whole.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", whole),
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}.{cents:0<2}")
}

/// The figure shown under the dashboard card titled `title`.
fn card_figure(rows: &[String], title: &str) -> Option<String> {
    let at = rows.iter().position(|r| r.contains(title))?;
    let column = rows[at].split(title).next()?.chars().count();
    let below = rows.get(at + 1)?;
    let figure: String = below
        .chars()
        .skip(column)
        .take_while(|c| *c != '│')
        .collect();
    Some(figure.trim().to_string())
}

/// What `loandash due` says is due this month, as the dashboard should show it.
fn expected_min_due(home: &Home) -> (String, Value) {
    let due = home.cli_json(&["due"]);
    let total = due["total"].as_str().unwrap();
    (format!("¥{}", grouped(total)), due)
}

/// Wait until the "minimum due this month" card shows `expected`.
fn wait_for_min_due(session: &Session, expected: &str) {
    let title = en().min_due;
    session.wait_until(&format!("{title} = {expected}"), |rows| {
        card_figure(rows, title).as_deref() == Some(expected)
    });
}

/// A home whose store holds "Test loan": 24,000 at 0.05 %/day over 12 months from
/// 2026-01-31.
fn home_with_loan() -> Home {
    let home = Home::new();
    home.cli(&[
        "add",
        "--name",
        "Test loan",
        "--lender",
        "Bank",
        "--principal",
        "24000",
        "--daily-rate",
        "0.05",
        "--term",
        "12",
        "--method",
        "equal-installment",
        "--start",
        "2026-01-31",
    ]);
    home
}

/// The dashboard started on `home`, once it shows the test loan.
fn dashboard(home: &Home) -> Session {
    let tui = Session::start(home);
    tui.wait_for("Test loan");
    tui
}

#[test]
fn grouped_amounts() {
    assert_eq!(grouped("4420.36"), "4,420.36");
    assert_eq!(grouped("120000.00"), "120,000.00");
    assert_eq!(grouped("999.5"), "999.50");
    assert_eq!(grouped("0.00"), "0.00");
    assert_eq!(grouped("-1234.00"), "-1,234.00");
}

/// Add a loan through the form, pay its first (overdue) installment through the payment
/// form, check the dashboard against `loandash due`, quit, and find the terminal restored
/// and the store holding both.
#[test]
fn add_a_loan_and_pay_it_then_quit() {
    let s = en();
    let home = Home::new();
    let mut tui = Session::start(&home);
    tui.wait_for(s.empty_title);

    // The form: name, lender, entered as (borrowed), principal, method, rate kind, rate,
    // fee, term, start, paid already, day count, penalty, line.
    tui.send("a");
    tui.wait_for(s.form_add_loan);
    tui.send("Test loan");
    tui.send(TAB);
    tui.send("Bank");
    tui.send(TAB);
    tui.wait_for(s.entered_borrowed);
    tui.send(TAB);
    tui.send("24000");
    tui.send(TAB);
    // Method: a choice; → then ← comes back to equal installment.
    tui.send(RIGHT);
    tui.wait_for(s.method_equal_principal);
    tui.send(LEFT);
    tui.wait_for(s.method_equal_installment);
    tui.send(TAB); // rate kind: per day (the default)
    tui.send(TAB);
    tui.send("0.05");
    tui.send(TAB); // fee: none
    tui.send(TAB);
    tui.send("12");
    tui.send(TAB);
    // Start: prefilled with the as-of date; clear it and type another.
    tui.wait_until("the start field prefilled", |rows| {
        rows.iter()
            .any(|r| r.contains(s.field_start) && r.contains(AS_OF))
    });
    tui.send(CTRL_U);
    tui.send("2026-01-31");
    tui.send(TAB);
    // Paid already: filled in with the installments due before today; clear it, so
    // that the first installment is overdue.
    tui.wait_until("the paid field prefilled", |rows| {
        rows.iter()
            .any(|r| r.contains(s.field_paid) && r.contains(" 1"))
    });
    tui.send(CTRL_U);
    tui.send(TAB); // day count: default
    tui.send(TAB); // penalty: default
    tui.send(TAB); // line: none
    tui.wait_until("the filled form", |rows| {
        let field =
            |label: &str, value: &str| rows.iter().any(|r| r.contains(label) && r.contains(value));
        field(s.field_name, "Test loan")
            && field(s.field_lender, "Bank")
            && field(s.field_principal, "24000")
            && field(s.field_rate, "0.05")
            && field(s.field_term, "12")
            && field(s.field_start, "2026-01-31")
    });
    tui.send(ENTER);

    // Saved on the worker: the dashboard shows the loan, and once the status bar says
    // so, the store on disk has it.
    tui.wait_for(&format!(
        "{} · {}",
        s.entry_done.replace("{name}", "Test loan"),
        s.saved
    ));
    tui.wait_for("Test loan");
    let list = home.cli_json(&["list"]);
    assert_eq!(list["loans"].as_array().unwrap().len(), 1, "{list}");
    let (before, due) = expected_min_due(&home);
    // The first installment (Feb 28) is overdue, the second due on Mar 31.
    assert_eq!(due["items"].as_array().unwrap().len(), 2, "{due}");
    assert_eq!(due["items"][0]["status"], "overdue", "{due}");
    wait_for_min_due(&tui, &before);

    // Pay: the form is prefilled with what settles the first installment, dated today.
    let first = due["items"][0]["amount"].as_str().unwrap().to_string();
    tui.send("p");
    tui.wait_for(s.form_pay);
    let rows = tui.wait_until("the payment form's amount", |rows| {
        rows.iter()
            .any(|r| r.contains(s.field_amount) && r.contains(&first))
    });
    assert!(
        rows.iter()
            .any(|r| r.contains(s.field_date) && r.contains(AS_OF)),
        "the payment date is not today:\n{}",
        rows.join("\n")
    );
    tui.send(ENTER);
    tui.wait_for(&format!("{} · {}", s.payment_recorded, s.saved));

    // The dashboard's minimum due is now the second installment, as `due` says.
    let (after, due) = expected_min_due(&home);
    assert_ne!(after, before);
    let items = due["items"].as_array().unwrap();
    assert!(
        items.iter().all(|i| i["status"] != "overdue") && items.len() == 1,
        "{due}"
    );
    assert_eq!(items[0]["due_date"], "2026-03-31", "{due}");
    wait_for_min_due(&tui, &after);

    tui.send("q");
    let status = tui.wait_exit();
    assert!(status.success(), "{status:?}\n{}", tui.screen());
    tui.assert_restored();

    // The store on disk parses and holds the loan and the payment.
    let list = home.cli_json(&["list"]);
    let loan = &list["loans"][0];
    assert_eq!(loan["name"], "Test loan", "{list}");
    assert_eq!(loan["lender"], "Bank", "{list}");
    assert_eq!(loan["principal"], "24000.00", "{list}");
    assert_eq!(
        (loan["paid"].as_u64(), loan["total"].as_u64()),
        (Some(1), Some(12))
    );
    assert_eq!(loan["overdue"], 0, "{list}");
    assert_eq!(loan["next_due_date"], "2026-03-31", "{list}");
    let payments = String::from_utf8(home.cli(&["export", "payments"]).stdout).unwrap();
    let rows: Vec<&str> = payments.lines().skip(1).collect();
    assert_eq!(rows.len(), 1, "{payments}");
    assert!(
        rows[0].starts_with(&format!("{AS_OF},{first},L1,")),
        "{payments}"
    );
}

/// A signal (or Ctrl-C) in the middle of editing: the TUI exits normally, hands the
/// terminal back, and leaves the store exactly as it was (the half-typed form unsaved).
fn interrupt_mid_session(interrupt: impl FnOnce(&mut Session)) {
    let s = en();
    let home = home_with_loan();
    let before = std::fs::read(home.store()).unwrap();
    let files_before = home.files();

    let mut tui = dashboard(&home);
    let (expected, _) = expected_min_due(&home);
    wait_for_min_due(&tui, &expected);
    tui.send("a");
    tui.wait_for(s.form_add_loan);
    tui.send("Half typed");
    tui.wait_for("Half typed");
    assert_ne!(tui.lflag(), tui.cooked_lflag, "the TUI runs in raw mode");

    interrupt(&mut tui);
    let status = tui.wait_exit();
    // Handled, not fatal: the TUI leaves its loop and exits with 0.
    assert_eq!(status.signal(), None, "{status:?}");
    assert!(status.success(), "{status:?}\n{}", tui.output());
    tui.assert_restored();
    assert_eq!(std::fs::read(home.store()).unwrap(), before);
    assert_eq!(
        home.files(),
        files_before,
        "files appeared beside the store"
    );
}

/// Send `signal` (TERM, HUP) to the TUI with the shell's `kill` builtin.
fn send_signal(tui: &mut Session, signal: &str) {
    let pid = tui.child.process_id().expect("the child's pid");
    let kill = Command::new("sh")
        .args(["-c", &format!("kill -{signal} {pid}")])
        .status()
        .unwrap();
    assert!(kill.success(), "kill -{signal} {pid}");
}

#[test]
fn sigterm_restores_the_terminal_and_keeps_the_store() {
    interrupt_mid_session(|tui| send_signal(tui, "TERM"));
}

#[test]
fn sighup_restores_the_terminal_and_keeps_the_store() {
    interrupt_mid_session(|tui| send_signal(tui, "HUP"));
}

#[test]
fn ctrl_c_in_a_form_quits_cleanly() {
    interrupt_mid_session(|tui| tui.send(CTRL_C));
}

/// Shrinking to the smallest supported size, below it and back: every size is drawn,
/// the "too small" message shows below 40×12, and nothing panics.
#[test]
fn resizing_degrades_and_recovers() {
    let s = en();
    let home = home_with_loan();
    let mut tui = dashboard(&home);
    let (expected, _) = expected_min_due(&home);
    wait_for_min_due(&tui, &expected);

    // 40×12: the one-line summary replaces the cards, the figure whole.
    tui.resize(40, 12);
    tui.wait_until("the 40×12 summary", |rows| {
        rows.iter()
            .any(|r| r.starts_with(&format!("{} {expected}", s.min_due)))
    });
    // 30×10: too small.
    tui.resize(30, 10);
    tui.wait_for("Terminal too small");
    // Back to 120×40: the cards, the table and the chart again.
    tui.resize(120, 40);
    tui.wait_until("the full dashboard", |rows| {
        rows.iter().any(|r| r.contains("Test loan"))
            && rows.iter().any(|r| r.contains(s.chart_title))
            && !rows.iter().any(|r| r.contains("too small"))
    });
    wait_for_min_due(&tui, &expected);
    assert!(tui.running(), "loandash exited:\n{}", tui.output());

    tui.send("q");
    let status = tui.wait_exit();
    assert!(status.success(), "{status:?}\n{}", tui.output());
    tui.assert_restored();
}

/// Shift+→ as xterm sends it.
const SHIFT_RIGHT: &str = "\x1b[1;2C";

/// The simulator on the real binary: prepay the loan, adjust the amount with → and
/// Shift+→, and read the changed interest figures off the screen; each equals what
/// `loandash simulate prepay` computes for that amount. The store is never written.
#[test]
fn the_simulator_recomputes_a_prepayment_as_it_is_adjusted() {
    let s = en();
    let home = home_with_loan();
    let before = std::fs::read(home.store()).unwrap();
    let mut tui = dashboard(&home);

    // What the engine says for a prepayment of `amount` today, in the default mode the
    // CLI and the TUI share (shorten).
    let expected = |amount: &str| {
        let json = home.cli_json(&[
            "simulate", "prepay", "--loan", "L1", "--amount", amount, "--date", AS_OF,
        ]);
        let total = json["scenario"]["total_interest"]
            .as_str()
            .unwrap()
            .to_string();
        let saved = json["interest_saved"].as_str().unwrap().to_string();
        (total, saved)
    };
    // The figures on screen: "Total interest: without ¥… → with ¥…" and "saves ¥…".
    let wait_for_figures = |tui: &Session, amount: &str| -> (String, String) {
        let (total, saved) = expected(amount);
        let with = format!("{} ¥{}", s.sim_scenario_inline, grouped(&total));
        let saves = format!("{} ¥{}", s.sim_saves, grouped(&saved));
        let item = format!("{} ¥{}", s.sim_prepay, grouped(amount));
        tui.wait_until(&format!("{item}: {with}, {saves}"), |rows| {
            let shows = |text: &str| rows.iter().any(|r| r.contains(text));
            shows(&item)
                && rows
                    .iter()
                    .any(|r| r.contains(s.sim_total_interest) && r.contains(&with))
                && rows
                    .iter()
                    .any(|r| r.trim_matches(['│', ' ']).starts_with(&saves))
        });
        (total, saved)
    };

    tui.send("5");
    tui.wait_for(s.sim_title);
    tui.send("P");
    let first = wait_for_figures(&tui, "1000");
    tui.send(RIGHT);
    let second = wait_for_figures(&tui, "1100");
    assert_ne!(first, second, "→ changed the figures");
    tui.send(SHIFT_RIGHT);
    let third = wait_for_figures(&tui, "2100");
    assert_ne!(second, third, "Shift+→ changed the figures");
    let saved = |f: &(String, String)| f.1.parse::<rust_decimal::Decimal>().unwrap();
    assert!(saved(&third) > saved(&second) && saved(&second) > saved(&first));

    tui.send("q");
    let status = tui.wait_exit();
    assert!(status.success(), "{status:?}\n{}", tui.output());
    tui.assert_restored();
    assert_eq!(
        std::fs::read(home.store()).unwrap(),
        before,
        "nothing was written"
    );
}

/// Closing the terminal window (here: killing the tmux server that holds it, as a
/// terminal emulator closing does) ends the TUI within seconds. Once its terminal is
/// gone, every read sees end-of-file; the TUI must not linger spinning on it. tmux is
/// installed by `.ci/run`; without it the test is skipped here and fails under CI.
#[test]
fn closing_the_terminal_ends_the_tui() {
    if Command::new("tmux").arg("-V").output().is_err() {
        let message = "tmux is not installed: run .ci/run, which installs it";
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{message}");
        eprintln!("SKIPPED: {message}");
        return;
    }
    let home = Home::new();
    let socket = home.path().join("tmux.sock");
    let tmux = |args: &[&str]| {
        Command::new("tmux")
            .arg("-S")
            .arg(&socket)
            .args(args)
            .output()
            .expect("tmux runs (.ci/run installs it)")
    };
    let env: Vec<String> = home
        .env()
        .iter()
        .map(|(key, value)| format!("{key}={}", value.display()))
        .collect();
    let command = format!(
        "exec env {} TERM=xterm-256color {BIN} --store {} --as-of {AS_OF} --lang en",
        env.join(" "),
        home.store().display()
    );
    let started = tmux(&["new-session", "-d", "-x", "120", "-y", "40", &command]);
    assert!(started.status.success(), "{started:?}");
    let pid = String::from_utf8(tmux(&["display", "-p", "#{pane_pid}"]).stdout).unwrap();
    let proc_dir = PathBuf::from(format!("/proc/{}", pid.trim()));
    let start = Instant::now();
    while !String::from_utf8_lossy(&tmux(&["capture-pane", "-p"]).stdout).contains(en().empty_title)
    {
        assert!(start.elapsed() < WAIT, "the TUI never drew");
        thread::sleep(Duration::from_millis(50));
    }

    assert!(tmux(&["kill-server"]).status.success());
    // Gone, or a zombie waiting for whoever adopted it: either way it has exited.
    let exited = || {
        std::fs::read_to_string(proc_dir.join("stat")).map_or(true, |stat| {
            stat.rsplit(')')
                .next()
                .unwrap()
                .trim_start()
                .starts_with('Z')
        })
    };
    let start = Instant::now();
    while !exited() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "loandash still runs 10 s after its terminal closed"
        );
        thread::sleep(Duration::from_millis(50));
    }
}

/// Another loandash writes the store while the dashboard is open (issue 13): with
/// nothing unsaved the dashboard shows the new file within a second and the next edit
/// saves on top of it; a change it could not save (the store kept busy) is not lost to
/// `q` (it asks) nor to the next outside write (it asks, and merges both).
#[test]
fn command_line_writes_while_the_dashboard_is_open_lose_nothing() {
    let s = en();
    let home = home_with_loan();
    let mut tui = dashboard(&home);
    let payments = |home: &Home| -> Vec<String> {
        let json = home.cli_json(&["payments", "list"]);
        let list = json["payments"].as_array().unwrap();
        list.iter()
            .map(|p| p["amount"].as_str().unwrap().to_string())
            .collect()
    };

    // Nothing unsaved here: the file is shown as it is now.
    home.cli(&[
        "pay",
        "--loan",
        "L1",
        "--amount",
        "10",
        "--date",
        "2026-03-01",
    ]);
    tui.wait_for(s.disk_reloaded);
    tui.send("3");
    tui.wait_for("10.00");
    tui.send("1");
    tui.send("p");
    tui.wait_for(s.form_pay);
    tui.send(ENTER);
    tui.wait_for(&format!("{} · {}", s.payment_recorded, s.saved));
    assert_eq!(
        payments(&home).len(),
        2,
        "the CLI's payment and the dashboard's"
    );

    // A save that cannot happen (another writer holds the store for all of the wait).
    let lock = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(home.path().join("loans.ron.lock"))
        .unwrap();
    lock.try_lock().expect("take the store's lock");
    tui.send("p");
    tui.wait_for(s.form_pay);
    tui.send(ENTER);
    // The save waits for the lock on its worker; the keys still act meanwhile.
    tui.wait_for(&format!("{} · {}", s.payment_recorded, s.saving));
    tui.send("3");
    tui.wait_until("the payments view", |rows| {
        rows.iter()
            .any(|r| r.contains("2026-03-01") && r.contains("10.00"))
    });
    tui.send("1");
    tui.wait_for(s.not_saved);
    drop(lock);
    tui.send("q");
    tui.wait_for(s.quit_unsaved);
    tui.send("n");
    assert!(tui.running(), "q with a change not saved asked first");

    // Meanwhile the command line records another payment: the dashboard asks, and
    // merging keeps both.
    home.cli(&[
        "pay",
        "--loan",
        "L1",
        "--amount",
        "20",
        "--date",
        "2026-03-02",
    ]);
    tui.wait_for("r reload (drop mine)");
    tui.send("m");
    tui.wait_for(s.disk_merged);
    let amounts = payments(&home);
    assert_eq!(amounts.len(), 4, "{amounts:?}");
    assert!(amounts.contains(&"10.00".to_string()) && amounts.contains(&"20.00".to_string()));

    tui.send("q");
    let status = tui.wait_exit();
    assert!(status.success(), "{status:?}\n{}", tui.screen());
    tui.assert_restored();
}
