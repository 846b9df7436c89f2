//! Rendering results for people (aligned tables) and scripts (CSV, JSON).

use crate::csv_cell::defuse_cell;
use serde::Serialize;
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// The `--format` every command takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns with thousands separators, for people.
    #[default]
    Table,
    /// Comma-separated, plain two-decimal amounts, for spreadsheets and scripts.
    Csv,
    /// One JSON document, amounts as two-decimal strings.
    Json,
}

/// Column alignment in a people-facing table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A table for people: columns padded by display width, so CJK names line up.
#[derive(Debug, Clone, Default)]
pub struct Table {
    headers: Vec<(String, Align)>,
    rows: Vec<Vec<String>>,
    footer: Vec<String>,
}

impl Table {
    /// A table with these column headers and alignments.
    pub fn new(headers: &[(&str, Align)]) -> Self {
        Self {
            headers: headers.iter().map(|(h, a)| (h.to_string(), *a)).collect(),
            ..Self::default()
        }
    }

    /// Append a row of cells, one per column.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// A line printed under the table (totals, notes).
    pub fn footer(&mut self, line: impl Into<String>) {
        self.footer.push(line.into());
    }

    /// Render to text, one line per row, columns two spaces apart.
    pub fn render(&self) -> String {
        let widths: Vec<usize> = self
            .headers
            .iter()
            .enumerate()
            .map(|(i, (h, _))| {
                self.rows
                    .iter()
                    .filter_map(|r| r.get(i))
                    .map(|c| c.width())
                    .chain([h.width()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |cells: &mut dyn Iterator<Item = &str>| {
            let padded: Vec<String> = cells
                .zip(&self.headers)
                .zip(&widths)
                .map(|((cell, (_, align)), &width)| {
                    let pad = " ".repeat(width.saturating_sub(cell.width()));
                    match align {
                        Align::Left => format!("{cell}{pad}"),
                        Align::Right => format!("{pad}{cell}"),
                    }
                })
                .collect();
            padded.join("  ").trim_end().to_string()
        };
        let mut out = String::new();
        out.push_str(&line(&mut self.headers.iter().map(|(h, _)| h.as_str())));
        out.push('\n');
        for row in &self.rows {
            out.push_str(&line(&mut row.iter().map(String::as_str)));
            out.push('\n');
        }
        for footer in &self.footer {
            out.push_str(footer);
            out.push('\n');
        }
        out
    }
}

/// Render rows as CSV with a header line; every cell passes through [`defuse_cell`].
pub fn csv(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> io::Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(header)?;
    for row in rows {
        writer.write_record(row.iter().map(|cell| defuse_cell(cell).into_owned()))?;
    }
    let bytes = writer.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// One record as CSV, its fields as serde names and writes them (the fields of its JSON,
/// in their order) the header, their values the one row; each cell defused by [`csv`].
pub fn record_csv<T: Serialize>(record: &T) -> io::Result<String> {
    // The csv crate writes a struct's field names as a header; read back, header and
    // row go through `csv` like every other table.
    let mut named = csv::Writer::from_writer(Vec::new());
    named.serialize(record)?;
    let bytes = named.into_inner().map_err(|e| e.into_error())?;
    let mut read = csv::Reader::from_reader(bytes.as_slice());
    let header = read.headers()?.clone();
    let rows = read
        .records()
        .map(|row| row.map(|row| row.iter().map(String::from).collect()))
        .collect::<Result<Vec<Vec<String>>, _>>()?;
    csv(&header.iter().collect::<Vec<_>>(), rows)
}

/// A message as it may reach a terminal: control characters written as escapes
/// (`\u{1b}`), so text given on the command line cannot drive the terminal.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' => c.to_string(),
            c if c.is_control() => c.escape_default().to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// `label  value` lines, the values aligned by display width (Chinese labels are wide).
pub fn labelled(lines: &[(String, String)]) -> String {
    let width = lines.iter().map(|(l, _)| l.width()).max().unwrap_or(0);
    lines
        .iter()
        .map(|(label, value)| {
            let pad = " ".repeat(width - label.width() + 2);
            format!("{label}{pad}{value}\n")
        })
        .collect()
}

/// Render a value as pretty JSON with a trailing newline.
pub fn json<T: Serialize>(value: &T) -> String {
    let mut text =
        serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

/// Print to stdout; a closed pipe (`| head`) is not an error worth reporting.
pub fn print(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_aligns_by_display_width() {
        let mut table = Table::new(&[("Name", Align::Left), ("Amount", Align::Right)]);
        table.row(vec!["借呗".into(), "1,000.00".into()]);
        table.row(vec!["card".into(), "5.00".into()]);
        let text = table.render();
        let lines: Vec<_> = text.lines().collect();
        assert_eq!(lines[1], "借呗  1,000.00");
        assert_eq!(lines[2], "card      5.00");
        assert!(lines.iter().all(|l| l.width() == lines[0].width()));
    }

    #[test]
    fn csv_quotes_what_needs_quoting() {
        let text = csv(&["a", "b"], [vec!["x,y".to_string(), "z".to_string()]]).unwrap();
        assert_eq!(text, "a,b\n\"x,y\",z\n");
    }

    #[test]
    fn a_record_is_its_fields_in_order_and_defused() {
        #[derive(Serialize)]
        struct Record {
            name: &'static str,
            #[serde(with = "crate::engine::money::cents")]
            amount: rust_decimal::Decimal,
            date: Option<chrono::NaiveDate>,
            count: usize,
        }
        let record = Record {
            name: "=1+1, \"quoted\"",
            amount: rust_decimal::Decimal::new(-1250, 2),
            date: None,
            count: 3,
        };
        let text = record_csv(&record).unwrap();
        assert_eq!(
            text,
            "name,amount,date,count\n\"'=1+1, \"\"quoted\"\"\",-12.50,,3\n"
        );
    }

    #[test]
    fn csv_defuses_formula_cells() {
        let text = csv(
            &["name", "amount"],
            [vec!["@SUM(A1:A9)".into(), "-12.50".into()]],
        );
        assert_eq!(text.unwrap(), "name,amount\n'@SUM(A1:A9),-12.50\n");
    }
}
