//! The one language type: stored in the profile, chosen by `--lang`, used by both front ends;
//! and how either fills a message's template (`fill`) and picks a counted word
//! (`one_or_many`).

use serde::{Deserialize, Serialize};

/// The user interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    /// English.
    En,
    /// 简体中文.
    Zh,
}

impl Language {
    /// The one of two renderings that is in this language.
    pub fn pick<T>(self, en: T, zh: T) -> T {
        match self {
            Language::En => en,
            Language::Zh => zh,
        }
    }

    /// What follows a label: ": " in English, the full-width "：" in Chinese.
    pub fn colon(self) -> &'static str {
        self.pick(": ", "：")
    }

    /// Between the items of a list: ", " in English, the enumeration comma "、" in
    /// Chinese.
    pub fn list_separator(self) -> &'static str {
        self.pick(", ", "、")
    }

    /// Choices listed as alternatives: "a, b or c", "a、b 或 c".
    pub fn alternatives(self, items: &[&str]) -> String {
        match items.split_last() {
            Some((last, [])) => last.to_string(),
            Some((last, first)) => {
                let or = self.pick(" or ", " 或 ");
                format!("{}{or}{last}", first.join(self.list_separator()))
            }
            None => String::new(),
        }
    }

    /// Both languages.
    pub const ALL: [Language; 2] = [Language::En, Language::Zh];

    /// The spelling `--lang` and `profile --language` accept (parsed in
    /// `engine/error.rs`, whose refusal is typed like every other choice's).
    pub fn as_str(self) -> &'static str {
        self.pick("en", "zh")
    }

    /// `--lang` first, then the store's profile, then `LANG`/`LC_ALL` (zh* → Chinese).
    pub fn choose(
        flag: Option<Language>,
        profile: Option<Language>,
        env_lang: Option<&str>,
    ) -> Language {
        flag.or(profile).unwrap_or_else(|| match env_lang {
            Some(lang) if lang.to_ascii_lowercase().starts_with("zh") => Language::Zh,
            _ => Language::En,
        })
    }

    /// [`Language::choose`] with the environment's `LC_ALL`, `LC_MESSAGES` or `LANG`.
    pub fn from_env(flag: Option<Language>, profile: Option<Language>) -> Language {
        let env_lang = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()));
        Language::choose(flag, profile, env_lang.as_deref())
    }
}

/// A fixed name in each language (a repayment method, …), for messages in either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Name {
    /// In English: the command line's and the store's spelling.
    pub en: &'static str,
    /// In Chinese: the usual term.
    pub zh: &'static str,
}

impl Name {
    /// The name in `lang`.
    pub fn said(self, lang: Language) -> &'static str {
        lang.pick(self.en, self.zh)
    }
}

/// `one` when `n` is 1, else `many` (English agrees with the count; Chinese words both
/// alike): the one choice of a counted word in both front ends.
pub fn one_or_many<'a>(n: impl TryInto<u64>, one: &'a str, many: &'a str) -> &'a str {
    match n.try_into() {
        Ok(1) => one,
        _ => many,
    }
}

/// `template` with each `{key}` replaced by its value: the one way both front ends fill
/// a message. One pass over the template: a value is put in as it is (a loan named
/// `{payments}` stays so), and a `{key}` not given stays as written.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let given = after.find('}').and_then(|close| {
            let key = &after[..close];
            (values.iter())
                .find(|(k, _)| *k == key)
                .map(|(_, value)| (close, *value))
        });
        match given {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The fields of an English word table (its `{:#?}`) that put a count before a plural
/// ("{n} days", "{days} days late") with no singular form beside them: `NAME_one`, or
/// the name without its final "s" (`gen_loans` beside `gen_loan`).
#[cfg(test)]
fn counts_without_a_singular(debug: &str) -> Vec<(&str, &str)> {
    let fields: Vec<(&str, &str)> = debug
        .lines()
        .filter_map(|l| l.trim().split_once(": "))
        .collect();
    let has = |name: &str| fields.iter().any(|(n, _)| *n == name);
    // "{differ} of {rows} rows" reads as it is for one row too.
    let counts = ["{n} ", "{days} ", "{months} ", "{rows} "];
    let plural_count = |value: &str| {
        counts.iter().any(|count| {
            value.match_indices(count).any(|(at, _)| {
                if value[..at].ends_with("of ") {
                    return false;
                }
                let word: String = value[at + count.len()..]
                    .chars()
                    .take_while(char::is_ascii_alphabetic)
                    .collect();
                word.len() > 2 && word.ends_with('s')
            })
        })
    };
    fields
        .iter()
        .filter(|(_, value)| plural_count(value))
        .filter(|(name, _)| {
            let partners = [
                name.replace("_many", "_one"),
                name.trim_end_matches('s').to_string(),
                format!("{name}_one"),
            ];
            !partners.iter().any(|p| p != name && has(p))
        })
        .copied()
        .collect()
}

/// Fails naming each count in the English word `table` without its singular (see
/// [`counts_without_a_singular`]): both front ends' tables are checked by it.
#[cfg(test)]
pub fn assert_every_count_has_its_singular(table: &impl std::fmt::Debug) {
    let debug = format!("{table:#?}");
    let lonely = counts_without_a_singular(&debug);
    assert!(lonely.is_empty(), "{lonely:?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_puts_each_value_in_as_it_is() {
        let deleted = fill(
            "Delete {name} and its {payments} payments?",
            &[("name", "{payments}"), ("payments", "3")],
        );
        assert_eq!(deleted, "Delete {payments} and its 3 payments?");
        assert_eq!(fill("{a} {b} {a}", &[("a", "1")]), "1 {b} 1");
        assert_eq!(fill("{ {a}} {", &[("a", "x")]), "{ x} {");
    }

    #[test]
    fn the_flag_wins_then_the_profile_then_the_environment() {
        assert_eq!(
            Language::choose(Some(Language::En), Some(Language::Zh), Some("zh_CN.UTF-8")),
            Language::En
        );
        assert_eq!(
            Language::choose(None, Some(Language::Zh), Some("en_US.UTF-8")),
            Language::Zh
        );
        assert_eq!(
            Language::choose(None, None, Some("zh_CN.UTF-8")),
            Language::Zh
        );
        assert_eq!(Language::choose(None, None, Some("C")), Language::En);
        assert_eq!(Language::choose(None, None, None), Language::En);
    }

    #[test]
    fn parses_exactly_the_names_it_lists() {
        for name in Language::ALL.map(Language::as_str) {
            assert!(name.parse::<Language>().is_ok(), "{name}");
        }
        assert!("fr".parse::<Language>().is_err());
    }
}
