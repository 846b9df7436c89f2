//! The store on disk: where it lives, how it is read, and how it is saved so that the
//! user's record survives crashes, bad hand edits, two running copies and upgrades.
//!
//! Beside a store `loans.ron` (symlinks resolved) live `loans.ron.lock` (the advisory
//! lock taken while saving), `loans.ron.bak.1` … `.bak.10` (previous versions, newest
//! first; `.bak.0` only between a save's rename and its backup rotation), after a migration, `loans.ron.v1.bak`, `.v2.bak` or `.v3.bak` (the file as the old
//! version wrote it) and, for a large store, `loans.ron.cache`, `loans.ron.states`,
//! `loans.ron.due` and `loans.ron.summary` (binary copies of the data, of the loans'
//! replayed states and of what `due` and the dashboard show of them, which open faster;
//! see [`super::cache`]).

use super::place::{parent_dir, private_temp, sibling, temp_prefix};
use super::schema::{CURRENT_VERSION, StoreData};
use super::text::{Layout, Piece, Previous, Text};
use super::{cache, migrate, text};
use crate::engine::error::Problem;
use crate::engine::field::Field;
use crate::language::Language;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};
use xxhash_rust::xxh3::xxh3_128;

/// Name of the store file in the platform data folder.
pub const DEFAULT_FILE_NAME: &str = "loans.ron";
/// Environment variable that names the store file when `--store` is not given.
pub const STORE_ENV: &str = "LOANDASH_STORE";
/// How many previous versions of the store are kept beside it.
pub const BACKUPS: u32 = 10;
/// How long a writer waits for another loandash to release the store's lock.
pub const LOCK_WAIT: Duration = Duration::from_secs(10);
/// After this long waiting for the lock, the writer says it is waiting.
pub const LOCK_NOTICE_AFTER: Duration = Duration::from_secs(1);
/// The buffer a file is hashed through: small enough to stay in the core's cache.
const HASH_BUFFER: usize = 256 * 1024;
/// How long after a file's modification time another write may still be stamped with the
/// same time: file systems keep coarse times (a clock tick on ext4, 2 s on FAT).
const SAME_TIME_STAMP: Duration = Duration::from_secs(2);

/// Why the store could not be read or saved. `Display` is the one-line message for the user.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file is not valid RON for the schema; it is left as it is.
    #[error(
        "{}:{line}:{column}: {message} (the file was left as it is: fix it by hand or restore a backup)",
        path.display()
    )]
    Parse {
        /// The store file.
        path: PathBuf,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What was wrong and what was expected.
        message: String,
    },
    /// A field this version does not know, which a save would silently drop.
    #[error(
        "{}:{line}:{column}: unknown field `{field}` in {location}; fix its spelling or remove it (saving would drop it)",
        path.display()
    )]
    UnknownField {
        /// The store file.
        path: PathBuf,
        /// 1-based line of the field's name.
        line: usize,
        /// 1-based column of the field's name.
        column: usize,
        /// The unknown field's name.
        field: String,
        /// Where it is, e.g. `loans[2]`.
        location: String,
    },
    /// The file parses but breaks a rule of the schema (see `StoreData::validate`).
    #[error("{}: invalid {}: {problem}", path.display(), field.key())]
    Invalid {
        /// The store file.
        path: PathBuf,
        /// The field at fault (said with the store's name for it).
        field: Field,
        /// What is wrong with it.
        problem: Problem,
    },
    /// A version number no loandash ever wrote.
    #[error("{}: unknown store version {version} (this loandash reads 1 to {CURRENT_VERSION})", path.display())]
    UnsupportedVersion {
        /// The store file.
        path: PathBuf,
        /// The version found.
        version: u32,
    },
    /// The store was opened read-only; nothing was written.
    #[error("{} is read-only: {reason}; nothing was written", path.display())]
    ReadOnly {
        /// The store file.
        path: PathBuf,
        /// Why it is read-only.
        reason: ReadOnly,
    },
    /// The file on disk changed since it was read (another loandash, an editor, a sync tool).
    #[error(
        "{} changed on disk since loandash read it; nothing was written: reload it (losing the changes made here) or save elsewhere",
        path.display()
    )]
    Conflict {
        /// The store file.
        path: PathBuf,
    },
    /// `save_as` was asked to write over a file that already exists.
    #[error("{} already exists; choose a new file name", path.display())]
    Exists {
        /// The file that exists.
        path: PathBuf,
    },
    /// Another process held the store's lock file for all of [`LOCK_WAIT`].
    #[error(
        "another loandash kept {} busy for {} seconds (it holds {}); nothing was written: try again when it has finished",
        path.display(), LOCK_WAIT.as_secs(), lock.display()
    )]
    Locked {
        /// The store file.
        path: PathBuf,
        /// The lock file.
        lock: PathBuf,
    },
    /// The serialized text does not read back as the data in memory: a bug, caught before writing.
    #[error("refusing to save {}: the data would not read back the same ({detail}); nothing was written", path.display())]
    RoundTrip {
        /// The store file.
        path: PathBuf,
        /// What went wrong.
        detail: String,
    },
    /// The data cannot be written as RON.
    #[error("cannot write the store as RON: {0}")]
    Serialize(String),
    /// A file-system operation failed.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        /// What was being done, e.g. `read`.
        action: &'static str,
        /// The file or folder concerned.
        path: PathBuf,
        /// The system's error.
        #[source]
        source: io::Error,
    },
    /// No `--store`, no `LOANDASH_STORE`, and no platform data folder.
    #[error("no data folder for loandash on this system; pass --store FILE or set {STORE_ENV}")]
    NoDataDir,
}

/// Why a store opens read-only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReadOnly {
    /// Written by a newer loandash, whose fields a save would drop.
    #[error("written by a newer loandash (version {0}); opened read-only so no field is lost")]
    Newer(u32),
    /// The file's permissions forbid writing.
    #[error("the file's permissions forbid writing (chmod u+w to allow it)")]
    Permissions,
    /// The sample of `--demo`, held only in memory.
    #[error("--demo: the sample store is never saved")]
    Sample,
}

impl ReadOnly {
    /// Why, in `lang`.
    pub fn render(&self, lang: Language) -> String {
        match (lang, self) {
            (Language::En, _) => self.to_string(),
            (Language::Zh, ReadOnly::Newer(v)) => {
                format!("由更新的 loandash 写入（版本 {v}）；以只读方式打开，以免丢失字段")
            }
            (Language::Zh, ReadOnly::Permissions) => {
                "文件权限不允许写入（可用 chmod u+w 允许）".into()
            }
            (Language::Zh, ReadOnly::Sample) => "--demo：示例数据从不保存".into(),
        }
    }
}

/// Why a file was refused before it was read in full; carried inside an `io::Error`, so
/// that [`io_text`] can say it in either language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// More than `cap` bytes.
    #[error("larger than {}, more than such a file can be", size_label(*.0))]
    TooLarge(u64),
    /// A folder, a pipe or a device.
    #[error("not a regular file (a folder, a pipe or a device cannot be read as one)")]
    NotRegular,
}

fn size_label(cap: u64) -> String {
    if cap >= 1 << 20 {
        format!("{} MiB", cap >> 20)
    } else {
        format!("{} KiB", cap >> 10)
    }
}

/// A system error in `lang`: loandash's own refusals and the common kinds said in it,
/// anything else as the system says it.
pub fn io_text(error: &io::Error, lang: Language) -> String {
    let refused = error.get_ref().and_then(|e| e.downcast_ref::<Refused>());
    match (lang, refused, error.kind()) {
        (Language::En, _, _) => error.to_string(),
        (Language::Zh, Some(Refused::TooLarge(cap)), _) => {
            format!("超过 {}，不可能是这种文件", size_label(*cap))
        }
        (Language::Zh, Some(Refused::NotRegular), _) => {
            "不是普通文件（文件夹、管道或设备不能当作文件读取）".into()
        }
        (Language::Zh, None, io::ErrorKind::NotFound) => "文件不存在".into(),
        (Language::Zh, None, io::ErrorKind::PermissionDenied) => "没有权限".into(),
        (Language::Zh, None, io::ErrorKind::StorageFull) => "磁盘已满".into(),
        (Language::Zh, None, io::ErrorKind::AlreadyExists) => "文件已存在".into(),
        (Language::Zh, None, _) => error.to_string(),
    }
}

/// What a failed file operation was doing, in Chinese (the English is the action itself).
fn action_zh(action: &str) -> &str {
    match action {
        "read" => "读取",
        "read back" => "读回",
        "write" => "写入",
        "replace" => "替换",
        "remove" => "删除",
        "resolve" => "解析路径",
        "read the link" => "读取链接",
        "lock" => "锁定",
        "open the lock file" => "打开锁文件",
        "create the folder" => "创建文件夹",
        "create a temporary file beside" => "在旁边创建临时文件",
        "keep the previous version as" => "保留上一版本为",
        "rotate the backup" => "轮换备份",
        "sync the folder" => "同步文件夹",
        other => other,
    }
}

impl StoreError {
    /// The message in `lang` (English is `Display`). What comes from a library or the
    /// system (a RON parser's detail, an uncommon system error) stays as it says it.
    pub fn render(&self, lang: Language) -> String {
        if lang == Language::En {
            return self.to_string();
        }
        match self {
            StoreError::Parse {
                path,
                line,
                column,
                message,
            } => format!(
                "{}:{line}:{column}：无法读取：{message}（文件保持原样：请手动修正或恢复备份）",
                path.display()
            ),
            StoreError::UnknownField {
                path,
                line,
                column,
                field,
                location,
            } => format!(
                "{}:{line}:{column}：{location} 中有未知字段 `{field}`；请改正拼写或删除它（保存会丢掉它）",
                path.display()
            ),
            StoreError::Invalid {
                path,
                field,
                problem,
            } => format!(
                "{}：{} 无效：{}",
                path.display(),
                field.key(),
                problem.render(lang)
            ),
            StoreError::UnsupportedVersion { path, version } => format!(
                "{}：未知的数据版本 {version}（此 loandash 可读取版本 1 至 {CURRENT_VERSION}）",
                path.display()
            ),
            StoreError::ReadOnly { path, reason } => format!(
                "{} 是只读的：{}；未写入任何内容",
                path.display(),
                reason.render(lang)
            ),
            StoreError::Conflict { path } => format!(
                "{} 在 loandash 读取后被修改过，未写入：重新打开（会丢失这里的修改）或另存",
                path.display()
            ),
            StoreError::Exists { path } => format!("{} 已存在；请换一个文件名", path.display()),
            StoreError::Locked { path, lock } => format!(
                "另一个 loandash 占用 {} 已 {} 秒（持有 {}）；未写入：请待它完成后再试",
                path.display(),
                LOCK_WAIT.as_secs(),
                lock.display()
            ),
            StoreError::RoundTrip { path, detail } => format!(
                "拒绝保存 {}：数据写出后读回不一致（{detail}）；未写入",
                path.display()
            ),
            StoreError::Serialize(detail) => format!("无法把数据写成 RON：{detail}"),
            StoreError::Io {
                action,
                path,
                source,
            } => format!(
                "无法{} {}：{}",
                action_zh(action),
                path.display(),
                io_text(source, lang)
            ),
            StoreError::NoDataDir => {
                format!("此系统没有 loandash 的数据文件夹；请用 --store FILE 或设置 {STORE_ENV}")
            }
        }
    }
}

fn io_err(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> StoreError + use<> {
    let path = path.to_path_buf();
    move |source| StoreError::Io {
        action,
        path,
        source,
    }
}

/// The store file to use: `--store FILE`, else `LOANDASH_STORE`, else `loans.ron` in the
/// platform data folder (e.g. `~/.local/share/loandash/` on Linux).
pub fn resolve_path(flag: Option<&Path>) -> Result<PathBuf, StoreError> {
    let env = std::env::var_os(STORE_ENV);
    resolve_path_from(flag, env.as_deref().map(Path::new), crate::paths::data_dir)
}

fn resolve_path_from(
    flag: Option<&Path>,
    env: Option<&Path>,
    data_dir: impl FnOnce() -> Option<PathBuf>,
) -> Result<PathBuf, StoreError> {
    let given = flag.or(env).filter(|p| !p.as_os_str().is_empty());
    match given {
        Some(path) => Ok(path.to_path_buf()),
        None => data_dir()
            .map(|dir| dir.join(DEFAULT_FILE_NAME))
            .ok_or(StoreError::NoDataDir),
    }
}

/// The store as RON text: pretty-printed, no struct names, amounts and dates as strings.
pub fn to_ron(data: &StoreData) -> Result<String, StoreError> {
    String::from_utf8(ron_text(data, None)?.joined())
        .map_err(|e| StoreError::Serialize(e.to_string()))
}

/// [`to_ron`]'s text in pieces, the records equal to `previous`'s copied from its text
/// (the file's, after the header); the layout is that of the text after the header.
fn ron_text<'a>(data: &StoreData, previous: Option<&Previous<'a>>) -> Result<Text<'a>, StoreError> {
    ron_text_as(data, previous, data.version)
}

/// [`ron_text`] as loandash wrote a file of `version` (see [`text::write_as`]).
fn ron_text_as<'a>(
    data: &StoreData,
    previous: Option<&Previous<'a>>,
    version: u32,
) -> Result<Text<'a>, StoreError> {
    let mut text = text::write_as(data, previous, version)
        .map_err(|e| StoreError::Serialize(e.to_string()))?;
    text.pieces.insert(0, Piece::Written(HEADER.to_string()));
    text.pieces.push(Piece::Written("\n".to_string()));
    Ok(text)
}

const HEADER: &str = "// loandash store. Amounts and rates are quoted decimals (\"10000.50\"), dates \"YYYY-MM-DD\".\n\
// Previous versions are kept beside this file as <name>.bak.1 (newest) … .bak.10.\n";

/// Read store text: the data (migrated to the current version if older) and, when the file
/// was written by a newer loandash, the reason it must be kept read-only.
/// `path` only names the file in errors.
pub fn from_ron(text: &str, path: &Path) -> Result<(StoreData, Option<ReadOnly>), StoreError> {
    let loaded = load(text, path)?;
    Ok((loaded.data, loaded.read_only))
}

struct Loaded {
    data: StoreData,
    read_only: Option<ReadOnly>,
    /// The version the file had, when it was migrated in memory.
    migrated_from: Option<u32>,
    /// Where the records lie in the file, when loandash wrote it as it writes it.
    layout: Option<Layout>,
}

#[derive(Deserialize)]
struct VersionProbe {
    version: u32,
}

/// `data` as read from `path`, with control characters taken out of its text and every
/// value checked as every other way in checks it.
fn checked(mut data: StoreData, path: &Path) -> Result<StoreData, StoreError> {
    data.clean_text();
    data.validate().map_err(|e| StoreError::Invalid {
        path: path.to_path_buf(),
        field: e.field,
        problem: e.problem,
    })?;
    Ok(data)
}

fn load(text: &str, path: &Path) -> Result<Loaded, StoreError> {
    if let Some((data, migrated_from)) = parse_current(text) {
        return Ok(Loaded {
            data: checked(data, path)?,
            read_only: None,
            migrated_from,
            layout: None,
        });
    }
    let version = parse::<VersionProbe>(text, path)
        .map_err(|e| match e {
            StoreError::Parse {
                path, line, column, ..
            } if !text.contains('(') => StoreError::Parse {
                path,
                line,
                column,
                message: format!(
                    "not a loandash store (it starts `(version: {CURRENT_VERSION}, …`)"
                ),
            },
            other => other,
        })?
        .version;

    let (data, read_only, migrated_from) = match version {
        CURRENT_VERSION => {
            let data: StoreData = parse(text, path)?;
            reject_unknown_fields(text, &data, path)?;
            (data, None, None)
        }
        v if v > CURRENT_VERSION => {
            // Fields this version does not know are expected here; read-only keeps them.
            let data: StoreData = parse(text, path).map_err(|e| match e {
                StoreError::Parse {
                    path,
                    line,
                    column,
                    message,
                } => StoreError::Parse {
                    path,
                    line,
                    column,
                    message: format!(
                        "{message}; this file was written by a newer loandash (version {v}): upgrade loandash to open it"
                    ),
                },
                other => other,
            })?;
            (data, Some(ReadOnly::Newer(v)), None)
        }
        1 => {
            let old: migrate::V1 = parse(text, path)?;
            reject_unknown_fields(text, &old, path)?;
            (old.migrate(), None, Some(1))
        }
        2 => {
            let old: migrate::V2 = parse(text, path)?;
            reject_unknown_fields(text, &old, path)?;
            (old.migrate(), None, Some(2))
        }
        // Version 3's records are this version's (a loan's conventions and plan are
        // optional); only the number changes.
        3 => {
            let mut data: StoreData = parse(text, path)?;
            reject_unknown_fields(text, &data, path)?;
            data.version = CURRENT_VERSION;
            (data, None, Some(3))
        }
        v => {
            return Err(StoreError::UnsupportedVersion {
                path: path.to_path_buf(),
                version: v,
            });
        }
    };
    Ok(Loaded {
        data: checked(data, path)?,
        read_only,
        migrated_from,
        layout: None,
    })
}

/// The common case in one pass: a file of this version or of version 2 or 3 (whose
/// records are this version's, version 2's without saved scenarios), every key known; with the version it
/// migrates from. Anything else (another version, an unknown key, an error) gives
/// `None`, and [`load`] then takes the slower path that migrates, opens read-only or
/// reports the problem by line and field. A large store is several passes faster to
/// open this way (parse, probe the version, and compare two `ron::Value` trees for
/// unknown keys, each as costly as the parse); the outcome is the same.
fn parse_current(text: &str) -> Option<(StoreData, Option<u32>)> {
    let mut deserializer = ron::Deserializer::from_str(text).ok()?;
    let mut unknown = false;
    let mut data: StoreData =
        serde_ignored::deserialize(&mut deserializer, |_| unknown = true).ok()?;
    deserializer.end().ok()?;
    if unknown {
        return None;
    }
    match data.version {
        CURRENT_VERSION => Some((data, None)),
        // Version 2 knew no scenarios: a file of it that has some is reported as such.
        2 if data.scenarios.is_empty() => {
            data.version = CURRENT_VERSION;
            Some((data, Some(2)))
        }
        3 => {
            data.version = CURRENT_VERSION;
            Some((data, Some(3)))
        }
        _ => None,
    }
}

fn parse<T: DeserializeOwned>(text: &str, path: &Path) -> Result<T, StoreError> {
    ron::from_str(text).map_err(|e| {
        let (line, column) = error_position(text, &e.span);
        let mut message = match &e.code {
            ron::Error::ExceededRecursionLimit => "nested too deeply to be a store".to_string(),
            code => ron_message(code),
        };
        if e.code == ron::Error::ExpectedString {
            message.push_str(
                " (amounts, rates and dates are written in quotes, e.g. principal: \"10000.50\")",
            );
        }
        StoreError::Parse {
            path: path.to_path_buf(),
            line,
            column,
            message,
        }
    })
}

/// A RON error as `line:column: message`, the message as [`ron_message`] words it.
pub fn ron_error(e: &ron::error::SpannedError) -> String {
    format!(
        "{}:{}: {}",
        e.span.start.line,
        e.span.start.col,
        ron_message(&e.code)
    )
}

/// RON's message for `code` without the names of loandash's own types ("in enum
/// `PaymentKind`", "for struct `VersionProbe`") or RON's advice to programmers: a reader
/// of a store or a config file knows its fields, not our code.
pub fn ron_message(code: &ron::Error) -> String {
    use ron::Error as E;
    match code.clone() {
        E::NoSuchEnumVariant {
            expected, found, ..
        } => E::NoSuchEnumVariant {
            expected,
            found,
            outer: None,
        },
        E::NoSuchStructField {
            expected, found, ..
        } => E::NoSuchStructField {
            expected,
            found,
            outer: None,
        },
        E::MissingStructField { field, .. } => E::MissingStructField { field, outer: None },
        E::DuplicateStructField { field, .. } => E::DuplicateStructField { field, outer: None },
        E::ExpectedNamedStructLike(_)
        | E::ExpectedDifferentStructName { .. }
        | E::ExpectedStructName(_) => E::ExpectedStructLike,
        E::ExceededRecursionLimit => return "nested too deeply".to_string(),
        other => other,
    }
    .to_string()
}

/// ron's span may start on the whitespace before the culprit; point at the culprit itself.
fn error_position(text: &str, span: &ron::error::Span) -> (usize, usize) {
    let start = span.start;
    let Some(line_text) = text.lines().nth(start.line.saturating_sub(1)) else {
        return (start.line, start.col);
    };
    let skipped = line_text
        .chars()
        .skip(start.col.saturating_sub(1))
        .take_while(|c| c.is_whitespace())
        .count();
    let column = start.col + skipped;
    if (start.line, column) <= (span.end.line, span.end.col) {
        (start.line, column)
    } else {
        (start.line, start.col)
    }
}

/// Serde ignores unknown fields; a typo like `principl:` would then vanish on the next
/// save. Compare the file's keys with those of what was parsed, written back out.
fn reject_unknown_fields<T: Serialize>(
    text: &str,
    parsed: &T,
    path: &Path,
) -> Result<(), StoreError> {
    let as_read: ron::Value = parse(text, path)?;
    let as_known: ron::Value = parse(
        &text::ron_pretty(parsed).map_err(|e| StoreError::Serialize(e.to_string()))?,
        path,
    )?;
    match first_unknown(&as_read, &as_known, &mut String::new()) {
        None => Ok(()),
        Some((location, field)) => Err(StoreError::UnknownField {
            path: path.to_path_buf(),
            line: key_position(text, &field).0,
            column: key_position(text, &field).1,
            field,
            location: if location.is_empty() {
                "the top level".to_string()
            } else {
                location
            },
        }),
    }
}

/// Line and column (1-based) of the first `name:` key outside a string literal, so an
/// unknown field is reported where the user typed it.
fn key_position(text: &str, name: &str) -> (usize, usize) {
    let (mut line, mut column) = (1, 1);
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let start = (line, column);
        if c == '\n' {
            (line, column) = (line + 1, 1);
        } else {
            column += 1;
        }
        if in_string {
            in_string = c != '"' || escaped;
            escaped = c == '\\' && !escaped;
            continue;
        }
        match c {
            '"' => in_string = true,
            '/' if text[at..].starts_with("//") => {
                // A comment runs to the end of the line.
                while chars.next_if(|(_, c)| *c != '\n').is_some() {}
            }
            c if c.is_alphabetic() || c == '_' => {
                let before = text[..at].chars().next_back();
                let word_start = !before.is_some_and(|b| b.is_alphanumeric() || b == '_');
                let rest = &text[at..];
                if word_start
                    && rest.starts_with(name)
                    && rest[name.len()..].trim_start().starts_with(':')
                    && !rest[name.len()..].starts_with(|n: char| n.is_alphanumeric() || n == '_')
                {
                    return start;
                }
            }
            _ => {}
        }
    }
    (1, 1)
}

fn first_unknown(
    read: &ron::Value,
    known: &ron::Value,
    at: &mut String,
) -> Option<(String, String)> {
    use ron::Value;
    match (read, known) {
        (Value::Map(read), Value::Map(known)) => read.iter().find_map(|(key, value)| {
            let name = match key {
                Value::String(name) => name.clone(),
                other => format!("{other:?}"),
            };
            let Some(known_value) = known.get(key) else {
                return Some((at.clone(), name));
            };
            let len = at.len();
            if !at.is_empty() {
                at.push('.');
            }
            at.push_str(&name);
            let found = first_unknown(value, known_value, at);
            at.truncate(len);
            found
        }),
        (Value::Seq(read), Value::Seq(known)) => {
            read.iter().zip(known).enumerate().find_map(|(i, (r, k))| {
                let len = at.len();
                at.push_str(&format!("[{i}]"));
                let found = first_unknown(r, k, at);
                at.truncate(len);
                found
            })
        }
        (Value::Option(Some(read)), Value::Option(Some(known))) => first_unknown(read, known, at),
        _ => None,
    }
}

/// What the store file was when it was last read or written, to notice changes by others:
/// its length, time and a 128-bit hash of its content, rather than the content itself (an
/// 18 MB store would be kept twice). Two different contents of one length share a hash
/// with odds of about 2^-128.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Snapshot {
    len: u64,
    modified: Option<SystemTime>,
    hash: u128,
    /// The file's permissions forbid writing.
    read_only: bool,
}

impl Snapshot {
    fn of(bytes: &[u8], meta: &fs::Metadata) -> Snapshot {
        Snapshot::with_hash(xxh3_128(bytes), meta)
    }

    fn with_hash(hash: u128, meta: &fs::Metadata) -> Snapshot {
        Snapshot {
            len: meta.len(),
            modified: meta.modified().ok(),
            hash,
            read_only: meta.permissions().readonly(),
        }
    }
}

/// The store file as a copy derived from it is keyed: where it is (symlinks resolved),
/// its length and its content's 128-bit hash.
#[derive(Debug, Clone, Copy)]
pub struct FileIdentity<'a> {
    pub target: &'a Path,
    pub len: u64,
    pub hash: u128,
}

/// An opened store: its file, its data, and what was on disk when it was read.
#[derive(Debug)]
pub struct Store {
    /// The path as given (shown in messages).
    path: PathBuf,
    /// The file actually replaced on save: `path` with symlinks resolved.
    target: PathBuf,
    /// Shared with a save running on another thread (see [`Store::begin_save`]).
    data: Arc<StoreData>,
    /// The data the file holds (read from it or last written to it); `data` is
    /// unchanged while both are the same allocation.
    on_file: Arc<StoreData>,
    read_only: Option<ReadOnly>,
    migrated_from: Option<u32>,
    /// `None`: the file did not exist.
    on_disk: Option<Snapshot>,
    /// `on_disk` once its content was hashed when its time was already more than
    /// [`SAME_TIME_STAMP`] old: any write since has moved the time, so a length and time
    /// unchanged since then tell the content is too (`None`: not yet so confirmed).
    settled: Option<Snapshot>,
    /// Where `on_file`'s records lie in the file, when loandash wrote it as it writes it.
    layout: Option<Arc<Layout>>,
    /// The lock, when held from opening to saving (see [`Store::open_for_update`]).
    lock: Option<StoreLock>,
}

impl Store {
    /// Open the store at `path`. A missing file gives an empty store, created (with its
    /// folder) on the first save. A file that does not parse, breaks the schema's rules or
    /// has unknown fields is an error, and is left untouched.
    ///
    /// A file whose permissions forbid writing opens read-only (saving refuses rather than
    /// replacing it), and anything but a regular file (a FIFO, a device, a folder) is
    /// refused before it is read, so that reading it cannot block or run forever.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let target = resolve_symlinks(path)?;
        Store::open_resolved(path, target, None)
    }

    /// A store held only in memory (the sample of `--demo`): read like any other, and
    /// every save refused.
    pub fn in_memory(data: StoreData) -> Store {
        let data = Arc::new(data);
        Store {
            path: PathBuf::from("(in memory)"),
            target: PathBuf::from("(in memory)"),
            on_file: Arc::clone(&data),
            data,
            read_only: Some(ReadOnly::Sample),
            migrated_from: None,
            on_disk: None,
            settled: None,
            layout: None,
            lock: None,
        }
    }

    /// Open the store to change it: wait for the lock first (calling `waiting` once if
    /// that takes more than [`LOCK_NOTICE_AFTER`]), read, and hold the lock until the
    /// store is dropped, so that writers one after another never conflict. A read-only
    /// store is refused here, before anything is done.
    pub fn open_for_update(path: &Path, waiting: impl FnOnce()) -> Result<Store, StoreError> {
        let target = resolve_symlinks(path)?;
        let dir = parent_dir(&target);
        if !dir.exists() {
            create_private_dir(dir).map_err(io_err("create the folder", dir))?;
        }
        let lock = acquire_lock(path, &target, waiting)?;
        let store = Store::open_resolved(path, target, Some(lock))?;
        match store.read_only {
            Some(reason) => Err(StoreError::ReadOnly {
                path: store.path,
                reason,
            }),
            None => Ok(store),
        }
    }

    fn open_resolved(
        path: &Path,
        target: PathBuf,
        lock: Option<StoreLock>,
    ) -> Result<Store, StoreError> {
        let (on_disk, mut loaded) = load_cached(&target, path)?;
        // A file from before payments had ids gets them here, the same each time it is
        // read, and keeps them from its next save (its text then holds other records).
        if !loaded.data.payments_numbered() {
            // Payments given an id read otherwise; a last id set alone is no record.
            if loaded.data.payments.iter().any(|p| p.id == 0) {
                loaded.layout = None;
            }
            loaded.data.number_payments();
        }
        let read_only = loaded.read_only.or_else(|| {
            on_disk
                .filter(|s| s.read_only)
                .map(|_| ReadOnly::Permissions)
        });
        let data = Arc::new(loaded.data);
        Ok(Store {
            path: path.to_path_buf(),
            target,
            on_file: Arc::clone(&data),
            data,
            read_only,
            migrated_from: loaded.migrated_from,
            on_disk,
            settled: None,
            layout: loaded.layout.map(Arc::new),
            lock,
        })
    }

    /// The store's path as given.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The data as read (and changed since).
    pub fn data(&self) -> &StoreData {
        &self.data
    }

    /// The data as read (and changed since), for what outlives a borrow of the store.
    pub fn shared_data(&self) -> Arc<StoreData> {
        Arc::clone(&self.data)
    }

    /// The data, to change before [`Store::save`].
    pub fn data_mut(&mut self) -> &mut StoreData {
        Arc::make_mut(&mut self.data)
    }

    /// Make `data` the store's data, to save next.
    pub fn replace_data(&mut self, data: StoreData) -> Arc<StoreData> {
        std::mem::replace(&mut self.data, Arc::new(data))
    }

    /// Whether the data differs from what the file holds.
    pub fn is_changed(&self) -> bool {
        !Arc::ptr_eq(&self.data, &self.on_file)
    }

    /// The file the data was read from or last saved to, when the data is still exactly
    /// what it holds and it is large enough to keep binary copies beside it ([`cache`]).
    pub fn unchanged_large_file(&self) -> Option<FileIdentity<'_>> {
        let snapshot = self
            .on_disk
            .filter(|s| !self.is_changed() && s.len >= cache::MIN_CACHED_LEN)?;
        Some(FileIdentity {
            target: &self.target,
            len: snapshot.len,
            hash: snapshot.hash,
        })
    }

    /// The version the file is migrated from on its next save, if it is an older one.
    pub fn migrating_from(&self) -> Option<u32> {
        self.migrated_from
    }

    /// Why the store cannot be saved: written by a newer loandash, or a read-only file.
    pub fn read_only(&self) -> Option<ReadOnly> {
        self.read_only
    }

    /// Read the file again, dropping unsaved changes. On error the store is unchanged.
    pub fn reload(&mut self) -> Result<(), StoreError> {
        let reloaded = Store::open(&self.path)?;
        self.adopt(reloaded);
        Ok(())
    }

    /// Become `reopened`, this store's file opened again (unsaved changes dropped), keeping
    /// the lock. The next save then checks the file against what `reopened` read: a caller
    /// that computed something from that read (a merge) saves it over that very version,
    /// and a change made to the file since is a conflict, not overwritten.
    pub fn adopt(&mut self, mut reopened: Store) {
        reopened.lock = self.lock.take();
        *self = reopened;
    }

    /// Save atomically: [`Store::begin_save`], [`SaveJob::run`], [`Store::finish_save`].
    pub fn save(&mut self) -> Result<(), StoreError> {
        let result = self.begin_save()?.run();
        self.finish_save(result)
    }

    /// A save of the data as it is now, to run here or on another thread while the data
    /// is changed further; hand its outcome to [`Store::finish_save`] before the next.
    /// Refused when the store is read-only.
    pub fn begin_save(&mut self) -> Result<SaveJob, StoreError> {
        if let Some(reason) = self.read_only {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
                reason,
            });
        }
        if !self.data.payments_numbered() {
            Arc::make_mut(&mut self.data).number_payments();
        }
        Ok(SaveJob {
            path: self.path.clone(),
            target: self.target.clone(),
            data: Arc::clone(&self.data),
            on_file: Arc::clone(&self.on_file),
            migrated_from: self.migrated_from,
            expected: self.on_disk,
            layout: self.layout.clone(),
            locked: self.lock.is_some(),
        })
    }

    /// Take in what a save of this store did: on success the file holds the data the
    /// save was begun with (changes made since stay to be saved); on failure nothing
    /// changed, and the error is handed back.
    pub fn finish_save(&mut self, result: Result<Saved, StoreError>) -> Result<(), StoreError> {
        let saved = result?;
        self.on_disk = Some(saved.snapshot);
        self.on_file = saved.data;
        self.layout = saved.layout;
        self.migrated_from = None;
        Ok(())
    }

    /// Save to another file, which must not exist yet (e.g. after a [`StoreError::Conflict`]);
    /// the store then lives there.
    pub fn save_as(&mut self, path: &Path) -> Result<(), StoreError> {
        let target = resolve_symlinks(path)?;
        if fs::symlink_metadata(&target).is_ok() {
            return Err(StoreError::Exists {
                path: path.to_path_buf(),
            });
        }
        let mut moved = Store {
            path: path.to_path_buf(),
            target,
            data: Arc::clone(&self.data),
            on_file: Arc::new(StoreData::default()),
            read_only: self.read_only,
            migrated_from: None,
            on_disk: None,
            settled: None,
            layout: None,
            lock: None,
        };
        moved.save()?;
        *self = moved;
        Ok(())
    }

    /// The data as the file held it when last read or written: what changes made here
    /// since are merged from when the file changed meanwhile.
    pub fn on_file(&self) -> &StoreData {
        &self.on_file
    }

    /// Whether the file now holds other content than this store read or last saved
    /// (another loandash, an editor, a sync tool). Cheap while nothing happened: the
    /// file's length and time are compared first, and its content hashed only when they
    /// moved (a file touched but not changed is then taken as it is), or until it was once
    /// hashed when its time was already too old for a write since to carry it.
    pub fn changed_on_disk(&mut self) -> bool {
        let meta = fs::metadata(&self.target).ok();
        let stat_holds = match (&self.on_disk, &meta) {
            (None, None) => true,
            (Some(known), Some(meta)) => {
                self.settled == Some(*known)
                    && known.len == meta.len()
                    && known.modified == meta.modified().ok()
            }
            _ => false,
        };
        if stat_holds {
            return false;
        }
        // Taken before reading: a time older than this by more than the granularity was
        // the file's before the content hashed.
        let hashed_at = SystemTime::now();
        match (file_snapshot(&self.target), self.on_disk) {
            (Ok(Some(now)), Some(known)) if (now.len, now.hash) == (known.len, known.hash) => {
                let old_enough = |modified: &SystemTime| {
                    hashed_at
                        .duration_since(*modified)
                        .is_ok_and(|age| age > SAME_TIME_STAMP)
                };
                self.on_disk = Some(now);
                self.settled = now.modified.filter(old_enough).map(|_| now);
                false
            }
            // Unreadable for a moment (mid-rename): look again on the next poll.
            (Err(_), _) => false,
            _ => true,
        }
    }
}

/// A save of a store's data at one moment (see [`Store::begin_save`]); it holds what it
/// needs, so it can run on another thread.
#[derive(Debug)]
pub struct SaveJob {
    path: PathBuf,
    target: PathBuf,
    data: Arc<StoreData>,
    /// What the file held when the save was begun.
    on_file: Arc<StoreData>,
    migrated_from: Option<u32>,
    /// The file as it must still be for the save to replace it.
    expected: Option<Snapshot>,
    /// Where `on_file`'s records lie in that file, if known.
    layout: Option<Arc<Layout>>,
    /// The store holds the lock already.
    locked: bool,
}

/// A save that succeeded, for [`Store::finish_save`].
#[derive(Debug)]
pub struct Saved {
    data: Arc<StoreData>,
    snapshot: Snapshot,
    layout: Option<Arc<Layout>>,
}

impl SaveJob {
    /// Save atomically. Refuses (writing nothing) when the data is invalid or would not
    /// read back the same, another loandash kept the lock for all of [`LOCK_WAIT`], or
    /// the file changed on disk since it was read.
    ///
    /// The order is what keeps history: (1) the new file is written beside the store,
    /// fsynced and read back; (2) the previous file gets a second name, `.bak.0` (a hard
    /// link, or a synced copy where links are not possible); (3) the new file is renamed
    /// over the store and the folder fsynced; (4) only then do the backups rotate
    /// (`.bak.9` → `.bak.10`, …, `.bak.0` → `.bak.1`). A save that fails or is killed
    /// before (3) leaves the store and every backup as they were (a stray temp file or
    /// `.bak.0` is removed by the next save); one killed during (4) has saved, and the
    /// next save finishes the rotation where it stopped, so no version is ever lost.
    pub fn run(self) -> Result<Saved, StoreError> {
        self.validate()?;
        // The binary copy of a large store is encoded on another core from here; it is
        // written beside the store once the text's hash and layout are known, and put in
        // place once the new file is the store.
        let (send_key, key) = std::sync::mpsc::channel::<(u128, Arc<Layout>)>();
        let copy = (self
            .expected
            .is_some_and(|s| s.len >= cache::MIN_CACHED_LEN))
        .then(|| {
            let (target, data) = (self.target.clone(), Arc::clone(&self.data));
            std::thread::spawn(move || {
                let body = cache::encode(&data)?;
                let (hash, layout) = key.recv().ok()?;
                cache::prepare(&target, hash, body, Some(&layout))
            })
        });
        let dir = parent_dir(&self.target);
        if !dir.exists() {
            create_private_dir(dir).map_err(io_err("create the folder", dir))?;
        }
        let _lock = match self.locked {
            true => None,
            false => Some(acquire_lock(&self.path, &self.target, || {})?),
        };
        // The file as it is: read whole when its records' text can be copied (or an
        // older version's file is kept as it is), else hashed.
        let (current, bytes) = match (&self.layout, self.migrated_from) {
            (Some(_), _) | (None, Some(_)) => {
                match read_file(&self.target).map_err(io_err("read", &self.path))? {
                    Some((snapshot, bytes)) => (Some(snapshot), Some(bytes)),
                    None => (None, None),
                }
            }
            (None, None) => {
                let snapshot = file_snapshot(&self.target).map_err(io_err("read", &self.path))?;
                (snapshot, None)
            }
        };
        if current != self.expected {
            return Err(StoreError::Conflict {
                path: self.path.clone(),
            });
        }
        let previous = bytes
            .as_deref()
            .zip(self.layout.as_deref())
            .and_then(|(bytes, layout)| {
                Some(Previous {
                    data: &self.on_file,
                    text: bytes.strip_prefix(HEADER.as_bytes())?,
                    layout,
                })
            });
        let text = self.checked_text(previous.as_ref())?;
        let len = text.len();
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        text.pieces.iter().for_each(|p| hasher.update(p.bytes()));
        let hash = hasher.digest128();
        remove_stale_temp_files(&self.target);
        if let Some(old) = &current {
            finish_rotation(&self.target, old)?;
            if (old.len, old.hash) == (len, hash) && self.migrated_from.is_none() {
                // Nothing changed: writing would only push a real backup out of the rotation.
                return Ok(Saved {
                    data: self.data,
                    snapshot: *old,
                    layout: Some(Arc::new(text.layout)),
                });
            }
            if let Some((version, bytes)) = self.migrated_from.zip(bytes.as_deref()) {
                let backup = sibling(&self.target, &format!(".v{version}.bak"));
                keep_as(&self.target, &backup, bytes)?;
            }
        }
        let layout = Arc::new(text.layout);
        // Written while this core writes and syncs the store.
        let _ = send_key.send((hash, Arc::clone(&layout)));
        let temp = written_temp(&self.target, &self.path, &text.pieces, (len, hash))?;
        drop(text.pieces);
        drop(bytes);
        let had_previous = current.is_some();
        if let Some(old) = &current {
            keep_previous(&self.target, || self.current_bytes(old))?;
        }
        let saved = replace(temp, &self.target, hash)?;
        // The new file is the store now: a rotation that fails here is finished by the
        // next save, and the previous version stays as `.bak.0` meanwhile.
        if had_previous {
            let _ = rotate_backups(&self.target);
        }
        let copy = copy.and_then(|copy| copy.join().ok().flatten());
        match copy {
            _ if len < cache::MIN_CACHED_LEN => cache::remove(&self.target),
            Some(copy) => cache::put(&self.target, copy),
            // A store grown large in this save: its copy is made now.
            None => cache::write(&self.target, len, hash, &self.data, Some(&layout)),
        }
        Ok(Saved {
            data: self.data,
            snapshot: saved,
            layout: Some(layout),
        })
    }

    /// The store file's bytes, which must still be those of `snapshot` (read only where
    /// a copy of them must be written, not linked).
    fn current_bytes(&self, snapshot: &Snapshot) -> Result<Vec<u8>, StoreError> {
        match read_file(&self.target).map_err(io_err("read", &self.path))? {
            Some((now, bytes)) if now == *snapshot => Ok(bytes),
            _ => Err(StoreError::Conflict {
                path: self.path.clone(),
            }),
        }
    }

    /// Refuse data of another version or breaking the schema's rules.
    fn validate(&self) -> Result<(), StoreError> {
        let invalid = |field, problem| StoreError::Invalid {
            path: self.path.clone(),
            field,
            problem,
        };
        if self.data.version != CURRENT_VERSION {
            let (got, want) = (self.data.version, CURRENT_VERSION);
            return Err(invalid(Field::Version, Problem::Exactly { got, want }));
        }
        // What the file holds was checked when it was read or written.
        self.data
            .validate_since(Some(&self.on_file))
            .map_err(|e| invalid(e.field, e.problem))
    }

    /// Serialize, copying the unchanged records' text from `previous` (the file's), and
    /// make sure the text reads back as exactly this data: all of it where that is cheap
    /// (a small store, a migration from a file of unknown layout, a debug build), else the
    /// records that differ from what the file holds (the rest has been read from it or
    /// written to it already, its text is copied from it, and the writer is proved
    /// against `ron`'s in tests).
    fn checked_text<'a>(&self, previous: Option<&Previous<'a>>) -> Result<Text<'a>, StoreError> {
        let text = ron_text(&self.data, previous)?;
        let round_trip = |detail: String| StoreError::RoundTrip {
            path: self.path.clone(),
            detail,
        };
        // A migrated file's records are copied only where its text is exactly what
        // this version writes of them (see `load_uncached`).
        let whole = cfg!(debug_assertions)
            || text.len() < cache::MIN_CACHED_LEN
            || (self.migrated_from.is_some() && previous.is_none());
        let changed;
        let (probe, probe_text) = if whole {
            let joined = String::from_utf8(text.joined()).map_err(|e| round_trip(e.to_string()))?;
            (&*self.data, joined)
        } else {
            changed = super::diff::changed_records(&self.on_file, &self.data);
            (&changed, to_ron(&changed)?)
        };
        match parse::<StoreData>(&probe_text, &self.path) {
            Ok(back) if back == *probe => Ok(text),
            Ok(_) => Err(round_trip("it reads back different".to_string())),
            Err(e) => Err(round_trip(e.to_string())),
        }
    }
}

/// The held advisory lock on `<store>.lock`. Dropping it unlocks explicitly before the
/// file closes: a lock belongs to the open file, and a process forked meanwhile by another
/// thread keeps a copy of the descriptor until it execs, so closing alone could leave the
/// store locked for a moment after this writer is done.
#[derive(Debug)]
struct StoreLock(File);

impl Drop for StoreLock {
    fn drop(&mut self) {
        // Nothing to do on failure: closing the file releases the lock in the end.
        let _ = self.0.unlock();
    }
}

/// Take the advisory lock on `<target>.lock`, held until the returned guard is dropped.
/// While another loandash holds it, wait up to [`LOCK_WAIT`], calling `waiting` once
/// after [`LOCK_NOTICE_AFTER`].
fn acquire_lock(
    path: &Path,
    target: &Path,
    waiting: impl FnOnce(),
) -> Result<StoreLock, StoreError> {
    let lock_path = sibling(target, ".lock");
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options
        .open(&lock_path)
        .map_err(io_err("open the lock file", &lock_path))?;
    let start = Instant::now();
    let mut waiting = Some(waiting);
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(StoreLock(file)),
            Err(fs::TryLockError::WouldBlock) => {}
            Err(fs::TryLockError::Error(e)) => return Err(io_err("lock", &lock_path)(e)),
        }
        let waited = start.elapsed();
        if waited >= LOCK_WAIT {
            return Err(StoreError::Locked {
                path: path.to_path_buf(),
                lock: lock_path,
            });
        }
        if waited >= LOCK_NOTICE_AFTER
            && let Some(waiting) = waiting.take()
        {
            waiting();
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Load the store file (`None`: there is none, an empty store): from its binary copy when
/// that was made from exactly its bytes, found by hashing them without keeping them; a
/// file of this version read the slow way gets a copy for next time.
fn load_cached(target: &Path, path: &Path) -> Result<(Option<Snapshot>, Loaded), StoreError> {
    let opened = open_existing(target).map_err(io_err("read", path))?;
    let (file, meta) = match opened {
        // Without a copy (a store not opened yet, an older version's) the file is read
        // and hashed once, to be parsed, rather than hashed first for nothing.
        Some((file, meta))
            if meta.len() >= cache::MIN_CACHED_LEN && cache::path(target).exists() =>
        {
            (file, meta)
        }
        small_or_none => return load_uncached(target, path, small_or_none),
    };
    let (snapshot, copy) = hashed_while(file, &meta, || cache::read(target));
    let snapshot = snapshot.map_err(io_err("read", path))?;
    if let Some((made_from, data, layout)) = copy
        && made_from == snapshot.hash
    {
        let loaded = Loaded {
            data,
            read_only: None,
            migrated_from: None,
            layout,
        };
        return Ok((Some(snapshot), loaded));
    }
    let reopened = open_existing(target).map_err(io_err("read", path))?;
    load_uncached(target, path, reopened)
}

/// The snapshot of `file` (whose metadata is `meta`) hashed on the other core while
/// `read` reads and decodes a copy kept beside it here, to be used only if it was made
/// from exactly the bytes hashed. Decoding here, not there: a thread other than the first
/// allocates from an arena of its own, which glibc grows a page at a time (a system call
/// each: a thousand for the data).
fn hashed_while<T>(
    file: File,
    meta: &fs::Metadata,
    read: impl FnOnce() -> T,
) -> (io::Result<Snapshot>, T) {
    std::thread::scope(|s| {
        let snapshot = s.spawn(|| hashed(file, meta));
        let copy = read();
        let snapshot = snapshot
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (snapshot, copy)
    })
}

/// What `read` makes of a copy kept beside the large store file at `path` (given where
/// that file lies, symlinks resolved), with the hash of the RON bytes the copy says it was
/// made from; given only when those are exactly the bytes now in the file. For a command
/// that needs no more of the store than such a copy holds: `None` (no file, a small or
/// unreadable one, no copy or one of other bytes) means open the store as usual.
pub fn read_beside_large_file<T>(
    path: &Path,
    read: impl FnOnce(&Path) -> Option<(u128, T)>,
) -> Option<T> {
    let target = resolve_symlinks(path).ok()?;
    let (file, meta) = open_existing(&target).ok()??;
    if meta.len() < cache::MIN_CACHED_LEN {
        return None;
    }
    let (snapshot, copy) = hashed_while(file, &meta, || read(&target));
    let (made_from, value) = copy?;
    (snapshot.ok()?.hash == made_from).then_some(value)
}

/// Load the store file `opened` at `target` (`None`: there is none) by parsing it, and
/// keep a copy of a large one for next time.
fn load_uncached(
    target: &Path,
    path: &Path,
    opened: Option<(File, fs::Metadata)>,
) -> Result<(Option<Snapshot>, Loaded), StoreError> {
    let read = opened.map(|(file, meta)| read_opened(file, &meta));
    let Some((snapshot, bytes)) = read.transpose().map_err(io_err("read", path))? else {
        let empty = Loaded {
            data: StoreData::default(),
            read_only: None,
            migrated_from: None,
            layout: None,
        };
        return Ok((None, empty));
    };
    let text = utf8(&bytes, path)?;
    // A BOM, as some Windows editors write, is not part of the RON.
    let mut loaded = load(text.strip_prefix('\u{feff}').unwrap_or(text), path)?;
    let large = snapshot.len >= cache::MIN_CACHED_LEN;
    // A file exactly as loandash writes it (not edited by hand since) lends its records'
    // text to the next save; so does one of version 2 or 3, whose records are this
    // version's: a migration then writes and reads back only what is not copied.
    let written_as = match loaded.migrated_from {
        None => Some(CURRENT_VERSION),
        Some(version @ (2 | 3)) => Some(version),
        Some(_) => None,
    };
    if let (true, None, Some(version)) = (large, loaded.read_only, written_as) {
        loaded.layout = ron_text_as(&loaded.data, None, version)
            .ok()
            .filter(|written| written.is(&bytes))
            .map(|written| written.layout);
        if loaded.migrated_from.is_none() {
            let layout = loaded.layout.as_ref();
            cache::write(target, snapshot.len, snapshot.hash, &loaded.data, layout);
        }
    }
    Ok((Some(snapshot), loaded))
}

fn utf8<'a>(bytes: &'a [u8], path: &Path) -> Result<&'a str, StoreError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]);
        let line = valid.matches('\n').count() + 1;
        let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        StoreError::Parse {
            path: path.to_path_buf(),
            line,
            column,
            message: "not UTF-8 text".to_string(),
        }
    })
}

/// The snapshot of the file at `path` (`None`: it does not exist), its content hashed as
/// it is read rather than held.
fn file_snapshot(path: &Path) -> io::Result<Option<Snapshot>> {
    match open_existing(path)? {
        Some((file, meta)) => hashed(file, &meta).map(Some),
        None => Ok(None),
    }
}

/// The regular file at `path` and its metadata, `None` if it does not exist.
fn open_existing(path: &Path) -> io::Result<Option<(File, fs::Metadata)>> {
    let file = match open_regular(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let meta = file.metadata()?;
    Ok(Some((file, meta)))
}

/// The snapshot of `file`, whose metadata is `meta`, its content hashed as it is read.
fn hashed(mut file: File, meta: &fs::Metadata) -> io::Result<Snapshot> {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buffer = vec![0; HASH_BUFFER];
    loop {
        match io::Read::read(&mut file, &mut buffer) {
            Ok(0) => break,
            Ok(n) => hasher.update(&buffer[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(Snapshot::with_hash(hasher.digest128(), meta))
}

/// The store file's current content and its snapshot, `None` if it does not exist.
fn read_file(path: &Path) -> io::Result<Option<(Snapshot, Vec<u8>)>> {
    open_existing(path)?
        .map(|(file, meta)| read_opened(file, &meta))
        .transpose()
}

/// The content of `file`, whose metadata is `meta`, and its snapshot.
fn read_opened(mut file: File, meta: &fs::Metadata) -> io::Result<(Snapshot, Vec<u8>)> {
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    io::Read::read_to_end(&mut file, &mut bytes)?;
    Ok((Snapshot::of(&bytes, meta), bytes))
}

/// The text of the regular file `path`, refused past `cap` bytes (a model, a config file,
/// a CSV import: none is large, and reading must end however large or endless the file).
pub fn read_text_capped(path: &Path, cap: u64) -> io::Result<String> {
    let file = open_regular(path)?;
    let mut text = String::new();
    io::Read::read_to_string(&mut io::Read::take(&file, cap + 1), &mut text)?;
    if text.len() as u64 > cap {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            Refused::TooLarge(cap),
        ));
    }
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text))
}

/// Open `path` for reading only if it is a regular file: opening a FIFO blocks until
/// someone writes to it, and a device such as `/dev/zero` never ends.
pub fn open_regular(path: &Path) -> io::Result<File> {
    let not_regular = || io::Error::new(io::ErrorKind::InvalidInput, Refused::NotRegular);
    if !fs::metadata(path)?.is_file() {
        return Err(not_regular());
    }
    let file = File::open(path)?;
    // Checked again on what was opened, should the name have been swapped meanwhile.
    if !file.metadata()?.is_file() {
        return Err(not_regular());
    }
    Ok(file)
}

/// Follow symlinks so that saving replaces the link's target, not the link. A dangling
/// link is followed by hand, so the first save creates its target.
fn resolve_symlinks(path: &Path) -> Result<PathBuf, StoreError> {
    match fs::canonicalize(path) {
        Ok(target) => return Ok(target),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_err("resolve", path)(e)),
    }
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&current).map_err(io_err("read the link", &current))?;
                current = parent_dir(&current).join(link);
            }
            _ => return Ok(current),
        }
    }
    Err(io_err("resolve", path)(io::Error::other(
        "too many levels of symbolic links",
    )))
}

fn backup_path(target: &Path, n: u32) -> PathBuf {
    sibling(target, &format!(".bak.{n}"))
}

fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Temp files left by a save that was killed. Only called under the lock, when no other
/// loandash can be writing one; failing to remove one is harmless.
fn remove_stale_temp_files(target: &Path) {
    let prefix = temp_prefix(target);
    let Ok(entries) = fs::read_dir(parent_dir(target)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&prefix) && name.ends_with(".tmp") {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Give the store's current file (whose bytes `previous` reads) a second name, `.bak.0`,
/// before the new file replaces it: a hard link costs nothing; where links are not
/// possible, a synced copy.
fn keep_previous(
    target: &Path,
    previous: impl FnOnce() -> Result<Vec<u8>, StoreError>,
) -> Result<(), StoreError> {
    let pending = backup_path(target, 0);
    fault(Step::KeepPrevious).map_err(io_err("keep the previous version as", &pending))?;
    if fs::hard_link(target, &pending).is_err() {
        let temp = synced_temp(&pending, &[&previous()?])?;
        temp.persist(&pending)
            .map_err(|e| io_err("keep the previous version as", &pending)(e.error))?;
    }
    sync_dir(parent_dir(target))
}

/// `.bak.0` → `.bak.1` after moving the backups below the first gap up by one (`.bak.9` →
/// `.bak.10`, …, `.bak.1` → `.bak.2`; `.bak.10` drops out when all ten exist). Renaming
/// from the top down means that a rotation stopped half-way left one gap, just below the
/// backups already moved: calling this again finishes it.
///
/// The folder is not synced here: a rotation the disk has not taken in yet when the
/// system stops is one stopped half-way; the next save finishes it, and its sync of the
/// folder (for `.bak.0`) makes that last. The store and its previous version are synced
/// before, so a crash loses neither.
fn rotate_backups(target: &Path) -> Result<(), StoreError> {
    let pending = backup_path(target, 0);
    let first_gap = (1..=BACKUPS)
        .find(|&n| fs::symlink_metadata(backup_path(target, n)).is_err())
        .unwrap_or(BACKUPS);
    for n in (1..first_gap).rev() {
        let from = backup_path(target, n);
        fault(Step::Rotate(n)).map_err(io_err("rotate the backup", &from))?;
        fs::rename(&from, backup_path(target, n + 1))
            .map_err(io_err("rotate the backup", &from))?;
    }
    fault(Step::Rotate(0)).map_err(io_err("rotate the backup", &pending))?;
    fs::rename(&pending, backup_path(target, 1)).map_err(io_err("rotate the backup", &pending))
}

/// Before saving, deal with a `.bak.0` left by a save that stopped: if it is a second name
/// of the store file as it is (`current`: the same length and hash), that save never
/// replaced it, and it goes; otherwise it holds the version before the store, and its
/// rotation is finished.
fn finish_rotation(target: &Path, current: &Snapshot) -> Result<(), StoreError> {
    let pending = backup_path(target, 0);
    match file_snapshot(&pending) {
        Err(e) => Err(io_err("read", &pending)(e)),
        Ok(None) => Ok(()),
        Ok(Some(kept)) if (kept.len, kept.hash) == (current.len, current.hash) => {
            fs::remove_file(&pending).map_err(io_err("remove", &pending))
        }
        Ok(Some(_)) => rotate_backups(target),
    }
}

/// A temp file in `path`'s folder, holding the `pieces` one after the other, mode 0600,
/// synced to disk.
fn synced_temp(path: &Path, pieces: &[&[u8]]) -> Result<tempfile::NamedTempFile, StoreError> {
    let mut temp = private_temp(path).map_err(io_err("create a temporary file beside", path))?;
    fault(Step::Write)
        .and_then(|()| pieces.iter().try_for_each(|piece| temp.write_all(piece)))
        .and_then(|()| temp.as_file().sync_all())
        .map_err(io_err("write", path))?;
    Ok(temp)
}

/// The store's new text in a temp file beside `target`, synced, and read back as
/// written (`len` bytes hashed `hash`: a short write or a bad disk fails here). The
/// reading back runs while the sync waits for the disk. Errors name the store, `path`.
fn written_temp(
    target: &Path,
    path: &Path,
    pieces: &[Piece],
    (len, hash): (u64, u128),
) -> Result<tempfile::NamedTempFile, StoreError> {
    let mut temp = private_temp(target).map_err(io_err("create a temporary file beside", path))?;
    fault(Step::Write)
        .and_then(|()| pieces.iter().try_for_each(|p| temp.write_all(p.bytes())))
        .map_err(io_err("write", path))?;
    let file = temp.as_file();
    let (synced, written) = std::thread::scope(|scope| {
        let sync = scope.spawn(|| file.sync_all());
        let written = file_snapshot(temp.path());
        let synced = sync
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the sync stopped")));
        (synced, written)
    });
    synced.map_err(io_err("write", path))?;
    let written = written.map_err(io_err("read back", path))?;
    if written.map(|w| (w.len, w.hash)) != Some((len, hash)) {
        return Err(io_err("write", path)(io::Error::other(
            "the file written does not read back as written",
        )));
    }
    Ok(temp)
}

/// Rename the synced `temp` (holding bytes hashed `hash`) over `path`, then sync the folder.
fn replace(temp: tempfile::NamedTempFile, path: &Path, hash: u128) -> Result<Snapshot, StoreError> {
    // Taken from the temp file: a rename keeps size and mtime.
    let meta = temp
        .as_file()
        .metadata()
        .map_err(io_err("read", temp.path()))?;
    fault(Step::Replace).map_err(io_err("replace", path))?;
    temp.persist(path)
        .map_err(|e| io_err("replace", path)(e.error))?;
    sync_dir(parent_dir(path))?;
    Ok(Snapshot::with_hash(hash, &meta))
}

/// Write an export (a calendar, a journal) to `path` as the store is written: a synced
/// temp file beside it renamed over it, so a reader sees the old file or the new one,
/// never half of one.
pub fn write_file_atomically(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    replace(synced_temp(path, &[bytes])?, path, xxh3_128(bytes)).map(drop)
}

/// The steps of a save where a test can make it fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// Writing the new file beside the store.
    Write,
    /// Giving the previous file its `.bak.0` name.
    KeepPrevious,
    /// Renaming the new file over the store.
    Replace,
    /// Renaming `.bak.n` to `.bak.n+1` (0: `.bak.0` to `.bak.1`).
    Rotate(u32),
}

#[cfg(test)]
thread_local! {
    /// The step at which the next save fails, and how (see the fault-injection tests).
    static FAULT: std::cell::Cell<Option<(Step, Fault)>> = const { std::cell::Cell::new(None) };
}

#[cfg(test)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    /// The system call fails, as on a full disk.
    Fail,
    /// The process dies there (a panic, which unwinds past every cleanup of ours).
    Kill,
}

/// Fail here when a test asked for it; nothing in a normal build.
fn fault(step: Step) -> io::Result<()> {
    #[cfg(test)]
    if let Some((at, how)) = FAULT.get()
        && at == step
    {
        FAULT.set(None);
        match how {
            Fault::Fail => return Err(io::Error::from(io::ErrorKind::StorageFull)),
            Fault::Kill => panic!("killed at {step:?}"),
        }
    }
    let _ = step;
    Ok(())
}

/// Give the store file at `target`, whose bytes are `bytes`, a second name `path` unless
/// that exists already (then leave it as it is): a hard link, as `.bak.0` is; where
/// links are not possible, a synced copy.
fn keep_as(target: &Path, path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    match fs::hard_link(target, path) {
        Ok(()) => sync_dir(parent_dir(path)),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(_) => write_new(path, bytes),
    }
}

/// Write `bytes` to `path` unless it already exists (then leave it as it is).
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    if fs::symlink_metadata(path).is_ok() {
        return Ok(());
    }
    match synced_temp(path, &[bytes])?.persist_noclobber(path) {
        Ok(_) => sync_dir(parent_dir(path)),
        Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(io_err("write", path)(e.error)),
    }
}

/// Make a rename durable: on Unix the folder's entry is only on disk once it is synced.
fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    #[cfg(unix)]
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_err("sync the folder", dir))?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(test)]
mod tests {

    #[test]
    fn an_unknown_key_is_found_where_typed_not_in_strings_or_comments() {
        let text = "(\n    // colour: a comment\n    name: \"colour: red\",\n    colours: 1,\n      colour : 2,\n)";
        assert_eq!(key_position(text, "colour"), (5, 7));
    }

    use super::*;

    #[test]
    fn every_refusal_of_the_store_is_said_in_chinese_and_english_stays_display() {
        let path = PathBuf::from("/tmp/loans.ron");
        let too_large = io::Error::new(io::ErrorKind::InvalidData, Refused::TooLarge(1 << 20));
        let errors = [
            StoreError::Conflict { path: path.clone() },
            StoreError::Locked {
                path: path.clone(),
                lock: PathBuf::from("/tmp/loans.ron.lock"),
            },
            StoreError::ReadOnly {
                path: path.clone(),
                reason: ReadOnly::Permissions,
            },
            StoreError::UnsupportedVersion {
                path: path.clone(),
                version: 99,
            },
            StoreError::Io {
                action: "read",
                path: path.clone(),
                source: too_large,
            },
            StoreError::NoDataDir,
        ];
        for error in &errors {
            assert_eq!(error.render(Language::En), error.to_string());
            let zh = error.render(Language::Zh);
            let english = [
                "nothing",
                "written",
                "another",
                "larger",
                "cannot",
                "read-only",
            ];
            assert!(english.iter().all(|w| !zh.contains(w)), "{zh}");
        }
        assert_eq!(
            errors[4].render(Language::Zh),
            "无法读取 /tmp/loans.ron：超过 1 MiB，不可能是这种文件"
        );
        assert_eq!(
            errors[4].to_string(),
            "cannot read /tmp/loans.ron: larger than 1 MiB, more than such a file can be"
        );
    }

    #[test]
    fn the_one_pass_load_takes_only_current_files_with_every_key_known() {
        let data = crate::generate::generate(30, 2, "2026-11-23".parse().unwrap());
        let text = to_ron(&data).unwrap();
        assert_eq!(parse_current(&text), Some((data.clone(), None)));
        // Version 2 reads the same way, as a migration; with saved scenarios it is not v2.
        let v2 = text.replacen("version: 4,", "version: 2,", 1);
        assert_eq!(parse_current(&v2), Some((data.clone(), Some(2))));
        let v3 = text.replacen("version: 4,", "version: 3,", 1);
        assert_eq!(parse_current(&v3), Some((data, Some(3))));
        // A key in the wrong record (a revolving field in a loan), an unknown key at the
        // top, an older or newer version: the full path decides, and reports.
        let misplaced = text.replacen("term:", "due_day: 3,\n        term:", 1);
        assert_eq!(parse_current(&misplaced), None);
        let unknown = text.replacen("version: 4,", "version: 4,\n    colour: 1,", 1);
        assert_eq!(parse_current(&unknown), None);
        for version in ["version: 1,", "version: 5,"] {
            assert_eq!(
                parse_current(&text.replacen("version: 4,", version, 1)),
                None
            );
        }
        let path = Path::new("s.ron");
        assert!(matches!(
            load(&misplaced, path),
            Err(StoreError::UnknownField { field, location, .. })
                if field == "due_day" && location == "loans[0]"
        ));
    }

    /// A large store's saves copy the unchanged records' text from the file: after
    /// edits of every kind, opened from the RON or from its binary copy, the file is
    /// byte for byte what serializing all of it writes.
    #[test]
    fn a_save_copying_unchanged_records_writes_what_serializing_all_writes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("loans.ron");
        let (data, text) = cache::large_test_store("2026-11-23".parse().unwrap());
        fs::write(&path, &text).unwrap();
        let edits: [fn(&mut StoreData); 4] = [
            |d| d.payments[10].amount += rust_decimal::Decimal::ONE,
            |d| {
                let mut paid = d.payments[0].clone();
                paid.id = d.last_payment_id + 1;
                d.last_payment_id = paid.id;
                d.payments.push(paid);
            },
            |d| d.loans[3].name.push_str(" 借"),
            |d| {
                let gone = d.loans.remove(7).id;
                d.payments.retain(|p| p.loan != gone);
            },
        ];
        let mut expected = data;
        for (n, edit) in edits.iter().enumerate() {
            // The first open parses the RON (a file as loandash writes it), the others
            // read the binary copy the save before left.
            let mut store = Store::open(&path).unwrap();
            assert!(store.layout.is_some(), "edit {n}: the layout is known");
            edit(store.data_mut());
            edit(&mut expected);
            store.save().unwrap();
            assert_eq!(
                fs::read_to_string(&path).unwrap(),
                to_ron(&expected).unwrap()
            );
        }
    }

    /// A large store of version 2 or 3 as loandash wrote it lends its records' text to
    /// the save that migrates it (which then reads back only what it writes): the new
    /// file is byte for byte what serializing all of it writes, and the old one is kept
    /// as it was.
    #[test]
    fn a_migrating_save_copies_the_records_text_of_an_older_version_written_by_loandash() {
        let (data, text) = cache::large_test_store("2026-11-23".parse().unwrap());
        assert!(data.scenarios.is_empty() && data.payments_numbered());
        let v3 = text.replacen("version: 4,", "version: 3,", 1);
        let v2 = v3
            .replacen("version: 3,", "version: 2,", 1)
            .replacen("    scenarios: [],\n", "", 1)
            .replacen(
                &format!("    last_payment_id: {},\n", data.last_payment_id),
                "",
                1,
            );
        for (version, old) in [(3, v3), (2, v2)] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("loans.ron");
            fs::write(&path, &old).unwrap();
            let mut store = Store::open(&path).unwrap();
            assert_eq!(store.migrating_from(), Some(version));
            assert!(
                store.layout.is_some(),
                "version {version}: the layout is known"
            );
            assert_eq!(store.data(), &data, "version {version}");
            store.data_mut().payments[10].amount += rust_decimal::Decimal::ONE;
            let mut expected = data.clone();
            expected.payments[10].amount += rust_decimal::Decimal::ONE;
            store.save().unwrap();
            assert_eq!(
                fs::read_to_string(&path).unwrap(),
                to_ron(&expected).unwrap()
            );
            let backup = sibling(&path, &format!(".v{version}.bak"));
            assert_eq!(fs::read_to_string(backup).unwrap(), old);
        }
    }

    /// A file edited by hand lends no text: its first save writes it all as loandash
    /// writes it.
    #[test]
    fn a_file_edited_by_hand_is_written_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("loans.ron");
        let (data, text) = cache::large_test_store("2026-11-23".parse().unwrap());
        fs::write(
            &path,
            text.replacen("            id: ", "            id:  ", 5),
        )
        .unwrap();
        let mut store = Store::open(&path).unwrap();
        assert!(store.layout.is_none());
        store.data_mut().profile.completeness = 3;
        store.save().unwrap();
        let mut expected = data;
        expected.profile.completeness = 3;
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            to_ron(&expected).unwrap()
        );
    }

    // ---- fault injection: a save failing or killed at each step ----

    fn generation(completeness: u8) -> StoreData {
        let mut data = StoreData::default();
        data.profile.completeness = completeness;
        data
    }

    fn generation_in(path: &Path) -> Option<u8> {
        let text = fs::read_to_string(path).ok()?;
        Some(from_ron(&text, path).ok()?.0.profile.completeness)
    }

    /// The generation in the store and in `.bak.1` … `.bak.10` (`None`: no such file).
    fn versions(target: &Path) -> Vec<Option<u8>> {
        std::iter::once(generation_in(target))
            .chain((1..=BACKUPS).map(|n| generation_in(&backup_path(target, n))))
            .collect()
    }

    /// A store saved as generations 0 … 11: the store holds 11, `.bak.n` holds 11 − n.
    fn full_history() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("loans.ron");
        let mut store = Store::open(&path).unwrap();
        for g in 0..=11 {
            *store.data_mut() = generation(g);
            store.save().unwrap();
        }
        (dir, path)
    }

    /// Save generation `g` with a fault at `step`; a kill is a panic caught here, as the
    /// process would end there (our cleanup of temp files on unwinding aside).
    fn save_with_fault(path: &Path, g: u8, step: Step, how: Fault) -> Result<(), StoreError> {
        let mut store = Store::open(path).unwrap();
        *store.data_mut() = generation(g);
        FAULT.set(Some((step, how)));
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| store.save()));
        FAULT.set(None);
        match outcome {
            Ok(result) => {
                assert_eq!(how, Fault::Fail, "a kill at {step:?} was not reached");
                result
            }
            Err(_) => {
                assert_eq!(how, Fault::Kill);
                Ok(())
            }
        }
    }

    fn save_generation(path: &Path, g: u8) {
        let mut store = Store::open(path).unwrap();
        *store.data_mut() = generation(g);
        store.save().unwrap();
    }

    #[test]
    fn a_save_failed_or_killed_before_its_rename_changes_no_file() {
        for step in [Step::Write, Step::KeepPrevious, Step::Replace] {
            for how in [Fault::Fail, Fault::Kill] {
                let (_dir, path) = full_history();
                let before = versions(&path);
                let result = save_with_fault(&path, 12, step, how);
                if how == Fault::Fail {
                    let err = result.expect_err("the save reports the failure");
                    // The message names the store, not a temp file the user never made.
                    assert!(err.to_string().contains("loans.ron"), "{err}");
                    assert!(!err.to_string().contains(".loans.ron."), "{err}");
                }
                assert_eq!(versions(&path), before, "{step:?} {how:?}");
                // The next save goes on as if the stopped one never was.
                save_generation(&path, 13);
                let mut expected = vec![Some(13)];
                expected.extend(before[..10].iter().copied());
                assert_eq!(versions(&path), expected, "after {step:?} {how:?}");
                assert!(!backup_path(&path, 0).exists());
            }
        }
    }

    /// What the user reads when the disk is full: the store's name and the reason, in
    /// both languages; never the temp file written beside it.
    #[test]
    fn a_full_disk_is_said_with_the_stores_name_in_english_and_chinese() {
        for step in [Step::Write, Step::KeepPrevious, Step::Replace] {
            let (_dir, path) = full_history();
            let err = save_with_fault(&path, 12, step, Fault::Fail).expect_err("it failed");
            let full = io::Error::from(io::ErrorKind::StorageFull);
            let (action, zh) = match step {
                Step::Write => ("write", "写入"),
                Step::KeepPrevious => ("keep the previous version as", "保留上一版本为"),
                _ => ("replace", "替换"),
            };
            let named = if step == Step::KeepPrevious {
                backup_path(&path, 0)
            } else {
                path.clone()
            };
            assert_eq!(
                err.render(Language::En),
                format!("cannot {action} {}: {full}", named.display()),
                "{step:?}"
            );
            let said = err.render(Language::Zh);
            assert!(said.contains(zh) && said.contains("磁盘已满"), "{said}");
            assert!(said.contains(&*named.to_string_lossy()), "{said}");
        }
    }

    #[test]
    fn ten_saves_failing_on_a_full_disk_change_no_backup() {
        let (_dir, path) = full_history();
        let before = versions(&path);
        for g in 20..30 {
            assert!(save_with_fault(&path, g, Step::Write, Fault::Fail).is_err());
        }
        assert_eq!(versions(&path), before);
    }

    #[test]
    fn a_save_killed_while_rotating_has_saved_and_loses_no_version() {
        for n in (0..BACKUPS).rev() {
            for how in [Fault::Fail, Fault::Kill] {
                let (_dir, path) = full_history();
                save_with_fault(&path, 12, Step::Rotate(n), how).expect("it saved");
                assert_eq!(generation_in(&path), Some(12), "Rotate({n}) {how:?}");
                // Every earlier version is on disk under some name.
                let on_disk: Vec<u8> = (0..=BACKUPS)
                    .filter_map(|k| generation_in(&backup_path(&path, k)))
                    .collect();
                for g in 2..=11 {
                    assert!(on_disk.contains(&g), "Rotate({n}) {how:?}: {g} lost");
                }
                // The next save finishes the rotation: as if nothing had stopped it.
                save_generation(&path, 13);
                let expected: Vec<Option<u8>> = (3..=13).rev().map(Some).collect();
                assert_eq!(versions(&path), expected, "after Rotate({n}) {how:?}");
                assert!(!backup_path(&path, 0).exists());
            }
        }
    }

    #[test]
    fn killed_at_the_first_rename_ten_times_history_stays_whole() {
        let (_dir, path) = full_history();
        for g in 12..22 {
            save_with_fault(&path, g, Step::Rotate(BACKUPS - 1), Fault::Kill).unwrap();
        }
        // The first kill came after 12 replaced the store; each later save stopped at its
        // first rename too, which is now the one finishing the pending rotation, before
        // its own file replaced the store. So 12 is the last saved, and nothing is lost.
        assert_eq!(generation_in(&path), Some(12));
        save_generation(&path, 22);
        let expected: Vec<Option<u8>> = std::iter::once(Some(22))
            .chain((3..=12).rev().map(Some))
            .collect();
        assert_eq!(versions(&path), expected);
    }

    #[test]
    fn path_comes_from_flag_then_env_then_data_dir() {
        let data_dir = || Some(PathBuf::from("/data/loandash"));
        let flag = Path::new("/tmp/a.ron");
        let env = Path::new("/tmp/b.ron");
        assert_eq!(
            resolve_path_from(Some(flag), Some(env), data_dir).ok(),
            Some(flag.to_path_buf())
        );
        assert_eq!(
            resolve_path_from(None, Some(env), data_dir).ok(),
            Some(env.to_path_buf())
        );
        assert_eq!(
            resolve_path_from(None, Some(Path::new("")), data_dir).ok(),
            Some(PathBuf::from("/data/loandash/loans.ron"))
        );
        assert!(matches!(
            resolve_path_from(None, None, || None),
            Err(StoreError::NoDataDir)
        ));
    }

    #[test]
    fn a_released_lock_is_free_even_while_a_copy_of_its_descriptor_lives() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("loans.ron");
        let lock = acquire_lock(&target, &target, || {}).expect("the first lock");
        // What a child forked by another thread holds until it execs.
        let inherited = lock.0.try_clone().expect("a copy of the descriptor");
        drop(lock);
        let again = OpenOptions::new()
            .write(true)
            .open(sibling(&target, ".lock"))
            .unwrap();
        assert!(
            again.try_lock().is_ok(),
            "the store stayed locked after its writer was done"
        );
        drop(inherited);
    }

    #[test]
    fn a_file_hashed_as_it_is_read_has_the_hash_of_its_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let bytes: Vec<u8> = (0..3_000_000u32).map(|n| (n % 251) as u8).collect();
        fs::write(&path, &bytes).unwrap();
        let snapshot = file_snapshot(&path).unwrap().unwrap();
        assert_eq!((snapshot.len, snapshot.hash), (3_000_000, xxh3_128(&bytes)));
        assert_eq!(file_snapshot(&dir.path().join("none")).unwrap(), None);
    }

    #[test]
    fn siblings_keep_the_folder_and_extend_the_name() {
        let target = Path::new("/d/loans.ron");
        assert_eq!(backup_path(target, 10), Path::new("/d/loans.ron.bak.10"));
        assert_eq!(sibling(target, ".lock"), Path::new("/d/loans.ron.lock"));
        assert_eq!(parent_dir(Path::new("loans.ron")), Path::new("."));
    }

    #[test]
    fn error_position_skips_leading_whitespace() {
        let text = "(\n    principal: 10000.5,\n)";
        let span = ron::error::Span {
            start: ron::error::Position { line: 2, col: 15 },
            end: ron::error::Position { line: 2, col: 16 },
        };
        assert_eq!(error_position(text, &span), (2, 16));
    }

    #[test]
    fn invalid_utf8_is_a_parse_error_with_position() {
        let err = utf8(b"(\n  ab\xff", Path::new("s.ron")).err();
        assert!(
            matches!(
                err,
                Some(StoreError::Parse {
                    line: 2,
                    column: 5,
                    ..
                })
            ),
            "{err:?}"
        );
    }
}
