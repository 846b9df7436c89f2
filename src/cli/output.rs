//! Rendering results for people (aligned tables) and scripts (CSV, JSON).

use crate::csv_cell::defuse_cell;
use crate::engine::money::{grouped, plain};
use rust_decimal::Decimal;
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

/// What a column's cell holds: a table and a CSV each write it their way.
enum Cell {
    /// Written as it is: an id, a name, a date, a count.
    Text(String),
    /// An amount: grouped in a table (`1,234.50`), plain in CSV (`1234.50`).
    Money(Decimal),
    /// A fixed choice (a status, a kind): said in the user's language in a table, by its
    /// fixed English name in CSV.
    Word {
        said: &'static str,
        name: &'static str,
    },
}

/// One column of a command's rows `R`: its header and alignment in a table, its name in
/// CSV (for a command whose CSV has the table's columns), and how a row gives its cell.
/// Header and cell stand together, so a table cannot list them in two orders.
pub struct Column<'a, R> {
    header: &'a str,
    align: Align,
    name: &'static str,
    cell: Box<dyn Fn(&R) -> Cell + 'a>,
}

impl<'a, R> Column<'a, R> {
    fn new(header: &'a str, align: Align, cell: impl Fn(&R) -> Cell + 'a) -> Self {
        let cell = Box::new(cell);
        Self {
            header,
            align,
            name: "",
            cell,
        }
    }

    /// Words, ids and dates: left-aligned.
    pub fn left(header: &'a str, text: impl Fn(&R) -> String + 'a) -> Self {
        Self::new(header, Align::Left, move |row| Cell::Text(text(row)))
    }

    /// Counts and figures written already ("—" for none): right-aligned.
    pub fn right(header: &'a str, text: impl Fn(&R) -> String + 'a) -> Self {
        Self::new(header, Align::Right, move |row| Cell::Text(text(row)))
    }

    /// An amount: right-aligned.
    pub fn money(header: &'a str, amount: impl Fn(&R) -> Decimal + 'a) -> Self {
        Self::new(header, Align::Right, move |row| Cell::Money(amount(row)))
    }

    /// A fixed choice, as `(said, name)`: left-aligned.
    pub fn word(header: &'a str, word: impl Fn(&R) -> (&'static str, &'static str) + 'a) -> Self {
        Self::new(header, Align::Left, move |row| {
            let (said, name) = word(row);
            Cell::Word { said, name }
        })
    }

    /// The column, named `name` in CSV.
    pub fn named(self, name: &'static str) -> Self {
        Self { name, ..self }
    }
}

impl Table {
    /// A table with these column headers and alignments.
    pub fn new(headers: &[(&str, Align)]) -> Self {
        Self {
            headers: headers.iter().map(|(h, a)| (h.to_string(), *a)).collect(),
            ..Self::default()
        }
    }

    /// A table of `rows` in `columns`, amounts grouped and choices said.
    pub fn of<R>(rows: &[R], columns: &[Column<R>]) -> Self {
        let headers: Vec<_> = columns.iter().map(|c| (c.header, c.align)).collect();
        let mut table = Self::new(&headers);
        for row in rows {
            table.row(cells(row, columns, grouped, |said, _| said));
        }
        table
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

/// `rows` as CSV in `columns`, each headed by its name: amounts plain, choices by name.
pub fn csv_of<R>(rows: &[R], columns: &[Column<R>]) -> io::Result<String> {
    let names: Vec<_> = columns.iter().map(|c| c.name).collect();
    csv(
        &names,
        rows.iter()
            .map(|row| cells(row, columns, plain, |_, name| name)),
    )
}

/// A row's cells in `columns`, amounts written by `money`, choices by `word`.
fn cells<R>(
    row: &R,
    columns: &[Column<R>],
    money: fn(Decimal) -> String,
    word: fn(&'static str, &'static str) -> &'static str,
) -> Vec<String> {
    let cell = |column: &Column<R>| match (column.cell)(row) {
        Cell::Text(text) => text,
        Cell::Money(amount) => money(amount),
        Cell::Word { said, name } => word(said, name).to_string(),
    };
    columns.iter().map(cell).collect()
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
    fn columns_write_amounts_and_words_for_people_in_a_table_and_plainly_in_csv() {
        let rows = [(rust_decimal::Decimal::new(123450, 2), true)];
        let columns = [
            Column::money("Amount", |r: &(rust_decimal::Decimal, bool)| r.0).named("amount"),
            Column::word("Paid", |r: &(rust_decimal::Decimal, bool)| match r.1 {
                true => ("已还", "paid"),
                false => ("未还", "due"),
            })
            .named("paid"),
        ];
        assert_eq!(
            Table::of(&rows, &columns).render(),
            "  Amount  Paid\n1,234.50  已还\n"
        );
        assert_eq!(
            csv_of(&rows, &columns).unwrap(),
            "amount,paid\n1234.50,paid\n"
        );
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
