//! What leaves loandash for other tools: a calendar of due dates ([`ics`]) and
//! plain-text accounting journals ([`books`]). Each is a pure function from the store's
//! state to text; the command line and the dashboard only write that text somewhere.

pub mod books;
pub mod ics;

use crate::language::Language;
use rust_decimal::Decimal;

/// An amount as people read it: the store's currency sign and thousands separators.
pub fn money(currency: &str, amount: Decimal) -> String {
    format!("{currency}{}", crate::engine::money::grouped(amount))
}

/// Pick the English or the Chinese text.
fn pick<'a>(language: Language, en: &'a str, zh: &'a str) -> &'a str {
    match language {
        Language::En => en,
        Language::Zh => zh,
    }
}

/// `export.ron` in the config folder: where the dashboard writes its exports.
#[derive(Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields, rename = "export")]
pub struct ExportConfig {
    /// The calendar file; a leading `~/` is the home folder.
    #[serde(default)]
    pub calendar: Option<String>,
}

impl ExportConfig {
    /// Read the file's text; the error says what is wrong, for the status bar.
    pub fn from_ron(text: &str) -> Result<ExportConfig, String> {
        ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(text)
            .map_err(|e| format!("export.ron: {}", crate::store::ron_error(&e)))
    }

    /// The calendar file: the configured one, else beside the store (`loans.ics`).
    pub fn calendar_path(
        &self,
        store: Option<&std::path::Path>,
        home: Option<&std::path::Path>,
    ) -> Option<std::path::PathBuf> {
        match (&self.calendar, home) {
            (Some(path), Some(home)) if path.starts_with("~/") => Some(home.join(&path[2..])),
            (Some(path), _) => Some(path.into()),
            (None, _) => store.map(|s| s.with_extension("ics")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn the_calendar_goes_where_export_ron_says_else_beside_the_store() {
        let store = Some(Path::new("/data/loans.ron"));
        let home = Some(Path::new("/home/me"));
        let none = ExportConfig::default();
        assert_eq!(
            none.calendar_path(store, home),
            Some("/data/loans.ics".into())
        );
        assert_eq!(none.calendar_path(None, home), None);
        let config = ExportConfig::from_ron("(calendar: \"~/Sync/loans.ics\")").unwrap();
        assert_eq!(
            config.calendar_path(store, home),
            Some("/home/me/Sync/loans.ics".into())
        );
        let config = ExportConfig::from_ron("(calendar: \"/srv/due.ics\")").unwrap();
        assert_eq!(
            config.calendar_path(None, home),
            Some("/srv/due.ics".into())
        );
        let bad = ExportConfig::from_ron("(calender: \"x\")").unwrap_err();
        assert!(bad.contains("calender"), "{bad}");
    }
}
