//! Hardening found by a torture run (issue 19), driven through the real binary: nothing
//! lost, nothing crashes, nothing hangs. Each test is one finding of that run.

use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

const AS_OF: &str = "2026-03-05";

struct Sandbox {
    dir: TempDir,
    store: PathBuf,
}

impl Sandbox {
    fn new() -> Sandbox {
        let dir = tempfile::tempdir().expect("a temp dir");
        let store = dir.path().join("loans.ron");
        Sandbox { dir, store }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_loandash"));
        cmd.arg("--store")
            .arg(&self.store)
            .args(["--as-of", AS_OF])
            .args(args)
            .env_remove("LOANDASH_STORE")
            .env("LANG", "C");
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run loandash")
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "`{}` failed: {}",
            args.join(" "),
            stderr(&out)
        );
        String::from_utf8(out.stdout).expect("UTF-8")
    }

    /// Run a command that must be refused with `code`, leaving the store as it was; its
    /// one-line message.
    fn refused(&self, args: &[&str], code: i32) -> String {
        let before = fs::read(&self.store).ok();
        let out = self.run(args);
        let message = stderr(&out);
        assert_eq!(
            out.status.code(),
            Some(code),
            "`{}`: {message}",
            args.join(" ")
        );
        assert_eq!(
            fs::read(&self.store).ok(),
            before,
            "`{}` changed the store",
            args.join(" ")
        );
        message
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Run `cmd`, killing it if it has not finished within `limit`: a hang fails the test.
fn within(limit: Duration, mut cmd: Command) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn loandash");
    let start = Instant::now();
    while start.elapsed() < limit {
        if child.try_wait().expect("poll").is_some() {
            return child.wait_with_output().expect("output");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("still running after {limit:?}: it hangs");
}

fn add_args(name: &str) -> Vec<String> {
    [
        "add",
        "--name",
        name,
        "--principal",
        "1000",
        "--annual-rate",
        "12",
        "--term",
        "12",
        "--method",
        "equal-installment",
        "--start",
        "2026-01-15",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

// ---- concurrency --------------------------------------------------------------------

#[test]
fn four_writers_of_twenty_five_adds_all_succeed() {
    let s = Sandbox::new();
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let store = s.store.clone();
            std::thread::spawn(move || {
                for i in 0..25 {
                    let args = add_args(&format!("w{w}-{i}"));
                    let out = Command::new(env!("CARGO_BIN_EXE_loandash"))
                        .arg("--store")
                        .arg(&store)
                        .args(&args)
                        .output()
                        .expect("run add");
                    assert!(out.status.success(), "w{w} add {i}: {}", stderr(&out));
                }
            })
        })
        .collect();
    for w in writers {
        w.join().expect("a writer");
    }
    let list: serde_json::Value =
        serde_json::from_str(&s.ok(&["list", "--format", "json"])).expect("JSON");
    let names: std::collections::BTreeSet<String> = list["loans"]
        .as_array()
        .expect("loans")
        .iter()
        .map(|l| l["name"].as_str().expect("a name").to_string())
        .collect();
    assert_eq!(names.len(), 100, "every add is in the store once");
}

#[test]
fn a_writer_waits_for_the_lock_and_says_so() {
    let s = Sandbox::new();
    s.ok(&add_args("first")
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>());
    let lock = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(s.path("loans.ron.lock"))
        .expect("the lock file");
    lock.try_lock().expect("hold the lock");
    let args = add_args("second");
    let child = s
        .command(&args.iter().map(String::as_str).collect::<Vec<_>>())
        .stderr(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn add");
    std::thread::sleep(Duration::from_millis(2000));
    drop(lock);
    let out = child.wait_with_output().expect("add ends");
    let message = stderr(&out);
    assert!(out.status.success(), "{message}");
    assert!(
        message.contains("waiting for another loandash"),
        "{message}"
    );
    let list = s.ok(&["list", "--format", "csv"]);
    assert!(list.contains("second"), "{list}");
}

// ---- read-only and odd files ----------------------------------------------------------

#[cfg(unix)]
#[test]
fn a_read_only_store_is_refused_by_writers_and_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let s = Sandbox::new();
    s.ok(&add_args("mine")
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>());
    fs::set_permissions(&s.store, fs::Permissions::from_mode(0o400)).unwrap();
    let args = add_args("more");
    let message = s.refused(&args.iter().map(String::as_str).collect::<Vec<_>>(), 1);
    assert!(message.contains("read-only"), "{message}");
    assert!(message.contains("permissions"), "{message}");
    assert!(message.contains("nothing was written"), "{message}");
    let mode = fs::metadata(&s.store).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o400, "the file keeps its mode");
    // Reading it is fine, and says nothing.
    let out = s.run(&["list"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[cfg(unix)]
#[test]
fn a_fifo_as_the_store_is_refused_at_once() {
    let s = Sandbox::new();
    let made = Command::new("mkfifo")
        .arg(&s.store)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    for args in [
        vec!["list"],
        add_args("x").iter().map(String::as_str).collect(),
    ] {
        let out = within(Duration::from_secs(20), s.command(&args));
        let message = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{message}");
        assert!(message.contains("not a regular file"), "{message}");
    }
}
