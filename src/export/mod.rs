//! What leaves loandash for other tools: a calendar of due dates ([`ics`]) and
//! plain-text accounting journals ([`books`]). Each is a pure function from the store's
//! state to text; the command line and the dashboard only write that text somewhere.

pub mod books;
pub mod ics;

use crate::store::Language;
use rust_decimal::Decimal;

/// An amount as people read it: the store's currency sign and thousands separators.
pub fn money(currency: &str, amount: Decimal) -> String {
    format!("{currency}{}", crate::money::grouped(amount))
}

/// Pick the English or the Chinese text.
fn pick<'a>(language: Language, en: &'a str, zh: &'a str) -> &'a str {
    match language {
        Language::En => en,
        Language::Zh => zh,
    }
}
