//! A drawn TUI screen as text.

use ratatui::buffer::Buffer;
use unicode_width::UnicodeWidthStr;

/// Each row as a terminal shows it: a wide (CJK) character's hidden second cell is not
/// text, so it is skipped.
pub fn rows(buffer: &Buffer) -> Vec<String> {
    (0..buffer.area.height)
        .map(|y| {
            let mut row = String::new();
            let mut hidden = 0;
            for x in 0..buffer.area.width {
                if hidden > 0 {
                    hidden -= 1;
                    continue;
                }
                let symbol = buffer[(x, y)].symbol();
                hidden = symbol.width().saturating_sub(1);
                row.push_str(symbol);
            }
            row
        })
        .collect()
}
