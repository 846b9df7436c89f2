//! Tables that fit any width without cutting a figure: each column is as wide as its
//! widest cell, and when the screen is narrow whole columns of low priority are left out.
//! Only a column marked `shrinks` (a name) gives up width instead, its text cut with "…";
//! one marked `whole_before` gives up width only to the columns ranked above a priority,
//! so a name is shown whole before a detail such as the lender.

use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Cell, Row, Table, TableState};
use unicode_width::UnicodeWidthStr;

/// One column of a fitted table.
#[derive(Debug, Clone)]
pub struct Column {
    header: String,
    cells: Vec<String>,
    right: bool,
    /// Lower is kept longer.
    priority: u8,
    shrinks: bool,
    /// Columns of this priority or lower rank are kept only with this one whole.
    whole_before: Option<u8>,
}

impl Column {
    /// A left-aligned column kept while there is room for priority `priority`.
    pub fn left(header: &str, priority: u8, cells: Vec<String>) -> Column {
        Column {
            header: header.to_string(),
            cells,
            right: false,
            priority,
            shrinks: false,
            whole_before: None,
        }
    }

    /// A right-aligned (figures) column.
    pub fn right(header: &str, priority: u8, cells: Vec<String>) -> Column {
        Column {
            right: true,
            ..Column::left(header, priority, cells)
        }
    }

    /// Let this column narrow (down to 6 cells) before others are dropped.
    pub fn shrinking(self) -> Column {
        Column {
            shrinks: true,
            ..self
        }
    }

    /// Narrow like [`Column::shrinking`], but only for columns ranked above `priority`:
    /// before any other is kept, this one is whole.
    pub fn whole_before(self, priority: u8) -> Column {
        Column {
            whole_before: Some(priority),
            ..self.shrinking()
        }
    }

    /// Whether no cell has text (its header alone would show).
    fn is_empty(&self) -> bool {
        self.cells.iter().all(String::is_empty)
    }

    pub(crate) fn width(&self) -> u16 {
        let widest = self
            .cells
            .iter()
            .map(|c| c.width())
            .chain([self.header.width()])
            .max()
            .unwrap_or(0);
        u16::try_from(widest).unwrap_or(u16::MAX)
    }
}

/// The width all `columns` take whole, with their gaps and a frame around them.
pub fn full_width(columns: &[Column]) -> u16 {
    let cells: u16 = columns.iter().map(Column::width).sum();
    let gaps = u16::try_from(columns.len().saturating_sub(1)).unwrap_or(0);
    cells + gaps + 2
}

/// The columns that fit in `width` and their widths, in their original order.
fn fit(columns: &[Column], width: u16) -> Vec<(usize, u16)> {
    let mut order: Vec<usize> = (0..columns.len()).collect();
    // A column with nothing in it (a penalty no payment had) goes before any with text.
    order.sort_by_key(|&i| (columns[i].is_empty(), columns[i].priority));
    // Reserve a shrinking column at its minimum, then give it what is left.
    let mut kept: Vec<(usize, u16)> = Vec::new();
    let mut used: u16 = 0;
    'columns: for i in order {
        let column = &columns[i];
        // A name owed its whole width before this column: it grows first, or nothing
        // of this rank is kept.
        for entry in kept.iter_mut() {
            let owed = &columns[entry.0];
            let ranked_below = |p| column.is_empty() || column.priority >= p;
            if owed.whole_before.is_some_and(ranked_below) {
                let grow = owed.width() - entry.1;
                if used + grow > width {
                    break 'columns;
                }
                entry.1 += grow;
                used += grow;
            }
        }
        let minimum = if column.shrinks {
            column.width().min(6)
        } else {
            column.width()
        };
        let gap = u16::from(!kept.is_empty());
        // Strict priority: once a column does not fit, no less important one may.
        if used + gap + minimum > width {
            break;
        }
        kept.push((i, minimum));
        used += gap + minimum;
    }
    // What is left goes to the narrowed columns, the most important first.
    for entry in kept.iter_mut().filter(|(i, _)| columns[*i].shrinks) {
        let grow = (columns[entry.0].width() - entry.1).min(width - used);
        entry.1 += grow;
        used += grow;
    }
    kept.sort_by_key(|(i, _)| *i);
    kept
}

/// A table's cells given row by row and kept column by column, as [`Column`] takes them.
pub struct Cells<const N: usize>(pub [Vec<String>; N]);

impl<const N: usize> Cells<N> {
    /// No rows yet, room for `rows`.
    pub fn with_capacity(rows: usize) -> Self {
        Cells(std::array::from_fn(|_| Vec::with_capacity(rows)))
    }

    /// One more row, a cell for each column.
    pub fn push(&mut self, row: [String; N]) {
        for (column, cell) in self.0.iter_mut().zip(row) {
            column.push(cell);
        }
    }
}

/// A table whose columns fit the screen.
pub struct Fitted<'a> {
    /// The frame around it.
    pub block: Block<'a>,
    /// Its columns, all with the same number of cells.
    pub columns: Vec<Column>,
    /// A style per row (overdue, paid, …).
    pub row_styles: Vec<Style>,
    /// The header's style.
    pub header_style: Style,
    /// The selected row's style, for tables with a selection.
    pub highlight: Option<Style>,
}

impl Fitted<'_> {
    /// `area` no taller than the table with every row shown (its frame, header and
    /// rows): the rows it does not need stay below its frame, not blank inside it.
    pub fn sized(&self, area: Rect) -> Rect {
        let rows = self.columns.first().map_or(0, |c| c.cells.len());
        let height = u16::try_from(rows + 3).unwrap_or(u16::MAX);
        Rect {
            height: area.height.min(height),
            ..area
        }
    }

    /// Draw into `area`; returns the area of the data rows (for the mouse and paging).
    pub fn render(self, frame: &mut ratatui::Frame, area: Rect, state: &mut TableState) -> Rect {
        self.render_among(frame, area, state, (0, 0))
    }

    /// Draw as [`Fitted::render`] a window of a longer list, `outside` rows of it left
    /// out before and after (a large store formats only the rows that show). The rows
    /// not in sight are counted on the bottom border, `↑6 ↓14`, so none goes unmarked.
    pub fn render_among(
        self,
        frame: &mut ratatui::Frame,
        area: Rect,
        state: &mut TableState,
        (before, after): (usize, usize),
    ) -> Rect {
        let inner = self.block.inner(area);
        let columns = &self.columns;
        let kept = fit(columns, inner.width);
        let aligned = |(i, width): &(usize, u16), text: &str| {
            let column = &columns[*i];
            let text = super::text::ellipsize(text, usize::from(*width));
            Cell::from(if column.right {
                Line::from(text).right_aligned()
            } else {
                Line::from(text)
            })
        };
        let rows = columns.first().map_or(0, |c| c.cells.len());
        let body: Vec<Row> = (0..rows)
            .map(|r| {
                let cells = kept
                    .iter()
                    .map(|kept| aligned(kept, &columns[kept.0].cells[r]));
                Row::new(cells).style(self.row_styles.get(r).copied().unwrap_or_default())
            })
            .collect();
        let header = Row::new(
            kept.iter()
                .map(|kept| aligned(kept, &columns[kept.0].header)),
        )
        .style(self.header_style);
        let widths: Vec<Constraint> = kept.iter().map(|(_, w)| Constraint::Length(*w)).collect();
        let mut table = Table::new(body, widths)
            .header(header)
            .block(self.block)
            .column_spacing(1);
        if let Some(style) = self.highlight {
            table = table.row_highlight_style(style);
        }
        // An offset past the last screenful would leave rows empty while earlier ones hide.
        let shown = usize::from(inner.height.saturating_sub(1));
        *state.offset_mut() = state.offset().min(rows.saturating_sub(shown));
        frame.render_stateful_widget(table, area, state);
        let offset = state.offset().min(rows);
        let below = after + rows - offset - shown.min(rows - offset);
        let marks = hidden_marks(before + offset, below);
        let width = u16::try_from(marks.width()).unwrap_or(u16::MAX);
        // On the bottom border, left of its corner, where it covers nothing.
        if !marks.is_empty() && width + 2 <= area.width && area.height >= 2 {
            let at = Rect::new(area.right() - 1 - width, area.bottom() - 1, width, 1);
            frame.render_widget(Line::from(marks), at);
        }
        Rect {
            y: inner.y + 1,
            height: inner.height.saturating_sub(1),
            ..inner
        }
    }
}

/// ` ↑6 ↓14 `: how many rows are out of sight above and below; empty when none is.
pub(super) fn hidden_marks(above: usize, below: usize) -> String {
    let marks: Vec<String> = [("↑", above), ("↓", below)]
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(arrow, n)| format!("{arrow}{n}"))
        .collect();
    if marks.is_empty() {
        String::new()
    } else {
        format!(" {} ", marks.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn narrow_screens_drop_whole_columns_never_cut_figures() {
        let columns = [
            Column::left("Name", 0, cells(&["借呗 装修 和 家具"])).shrinking(),
            Column::right("Balance", 3, cells(&["¥35,847.77"])),
            Column::right("Amount", 1, cells(&["¥1,548.43"])),
        ];
        let wide = fit(&columns, 80);
        assert_eq!(wide, [(0, 17), (1, 10), (2, 9)]);
        // 20 cells: the balance goes, the amount stays whole, the name shrinks.
        let narrow = fit(&columns, 20);
        assert_eq!(narrow, [(0, 10), (2, 9)]);
    }

    #[test]
    fn a_name_is_whole_before_a_detail_is_kept() {
        let columns = [
            Column::left("Name", 0, cells(&["微粒贷 周转"])).whole_before(2),
            Column::left("Lender", 2, cells(&["China Merchants Bank"])).shrinking(),
            Column::right("Amount", 1, cells(&["¥1,548.43"])),
        ];
        // The lender gives up width before the name does.
        assert_eq!(fit(&columns, 30), [(0, 11), (1, 8), (2, 9)]);
        // No room for the name whole: the lender goes, the name narrows for the amount.
        assert_eq!(fit(&columns, 18), [(0, 8), (2, 9)]);
    }

    #[test]
    fn an_empty_column_goes_first() {
        let columns = [
            Column::left("Loan", 1, cells(&["L1 借呗 装修", "L3 Car loan"])).whole_before(3),
            Column::right("Amount", 0, cells(&["¥1,801.39", "¥1,548.43"])),
            Column::right("Penalty", 2, cells(&["", ""])),
        ];
        // Room for all three: the empty one keeps its header.
        assert_eq!(fit(&columns, 30), [(0, 12), (1, 9), (2, 7)]);
        // Short of room: the empty column goes, the loan stays whole (a column with
        // text of that rank would have been kept, the loan narrowed to 6).
        assert_eq!(fit(&columns, 24), [(0, 12), (1, 9)]);
    }
}
