//! Text measured in screen columns: CJK characters take two, so padding and wrapping
//! count display width, never characters.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `text` followed by spaces up to `width` columns.
pub fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}

/// Break `text` into lines of at most `width` columns: at spaces between words, and
/// between any two CJK characters (which need no space to break).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for token in tokens(text) {
        if token == " " {
            if !line.is_empty() && line.width() < width {
                line.push(' ');
            }
            continue;
        }
        if line.width() + token.width() > width && !line.trim_end().is_empty() {
            lines.push(line.trim_end().to_string());
            line.clear();
        }
        // A word wider than the line is cut by columns.
        for c in token.chars() {
            if line.width() + c.width().unwrap_or(0) > width {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
    }
    if !line.trim_end().is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// Words, single wide characters, and single spaces.
fn tokens(text: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices() {
        let wide = c.width().unwrap_or(0) > 1;
        if c == ' ' || wide {
            if let Some(s) = start.take() {
                tokens.push(&text[s..at]);
            }
            tokens.push(if c == ' ' {
                " "
            } else {
                &text[at..at + c.len_utf8()]
            });
        } else if start.is_none() {
            start = Some(at);
        }
    }
    if let Some(s) = start {
        tokens.push(&text[s..]);
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_by_screen_columns() {
        assert_eq!(pad("利率", 6), "利率  ");
        assert_eq!(pad("Rate", 6), "Rate  ");
    }

    #[test]
    fn wraps_cjk_and_words_within_the_width() {
        let text =
            "按 a 添加分期借款（借呗、微粒贷、银行贷款），按 r 添加信用账户（花呗、信用卡）。";
        for width in [10, 17, 38] {
            let lines = wrap(text, width);
            assert!(
                lines.iter().all(|l| l.width() <= width),
                "{width}: {lines:?}"
            );
            assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
        }
        assert_eq!(
            wrap("Press a to add a loan", 10),
            ["Press a to", "add a loan"]
        );
    }
}
