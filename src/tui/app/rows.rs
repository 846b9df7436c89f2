//! The dashboard's table: its rows in order, the selection and how keys and the mouse
//! move it.

use super::{App, View};
use crate::book::overview::Overview;
use crate::engine::loan::FieldError;
use crate::tui::i18n::Strings;
use crate::tui::overlay::Overlay;
use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Position;

/// What the loans table is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// Store order by name.
    Name,
    Balance,
    NextDue,
    Apr,
}

impl SortKey {
    pub(super) fn next(self) -> SortKey {
        match self {
            SortKey::Name => SortKey::Balance,
            SortKey::Balance => SortKey::NextDue,
            SortKey::NextDue => SortKey::Apr,
            SortKey::Apr => SortKey::Name,
        }
    }

    /// Its label.
    pub fn label(self, s: &Strings) -> &'static str {
        match self {
            SortKey::Name => s.sort_name,
            SortKey::Balance => s.sort_balance,
            SortKey::NextDue => s.sort_next_due,
            SortKey::Apr => s.sort_rate,
        }
    }
}

/// A row of the dashboard table: a loan or a revolving account (index into the overview).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowRef {
    Loan(usize),
    Revolving(usize),
}

impl App {
    /// Dashboard rows in display order: loans (sorted), then revolving accounts.
    pub fn rows(&self) -> &[RowRef] {
        self.rows.get_or_init(|| self.sorted_rows())
    }

    pub(super) fn sorted_rows(&self) -> Vec<RowRef> {
        let Ok(overview) = &self.overview else {
            return Vec::new();
        };
        if self.sort == SortKey::Apr {
            overview.solve_aprs();
        }
        let mut loans: Vec<usize> = match self.sort {
            // Each name's order, name and id side by side, rather than made again for
            // 10,000 rows at each comparison (the first frame's sort); ids are unique, so
            // an unstable sort gives one order.
            SortKey::Name => {
                let mut names: Vec<_> = (overview.loans.iter().enumerate())
                    .map(|(i, row)| {
                        let order = crate::tui::views::text::name_order(&row.name);
                        (order, row.name.as_str(), row.id.as_str(), i)
                    })
                    .collect();
                names.sort_unstable();
                names.into_iter().map(|(_, _, _, i)| i).collect()
            }
            by => {
                let mut loans: Vec<usize> = (0..overview.loans.len()).collect();
                loans.sort_by(|i, j| {
                    let (a, b) = (&overview.loans[*i], &overview.loans[*j]);
                    match by {
                        SortKey::Balance => a.balance.cmp(&b.balance),
                        // Loans with nothing due sort last.
                        SortKey::NextDue => match (a.next_due, b.next_due) {
                            (Some(x), Some(y)) => x.0.cmp(&y.0),
                            (x, y) => x.is_none().cmp(&y.is_none()),
                        },
                        // By name is sorted above.
                        SortKey::Apr | SortKey::Name => a.apr().cmp(&b.apr()),
                    }
                    .then(a.id.cmp(&b.id))
                });
                loans
            }
        };
        if self.sort_descending {
            loans.reverse();
        }
        loans
            .into_iter()
            .map(RowRef::Loan)
            .chain((0..overview.revolving.len()).map(RowRef::Revolving))
            .collect()
    }

    /// The selected dashboard row.
    pub fn selected_row(&self) -> Option<RowRef> {
        self.rows().get(self.selected).copied()
    }

    /// The id of the selected loan (not a revolving account).
    pub fn selected_loan_id(&self) -> Option<String> {
        match (self.selected_row()?, &self.overview) {
            (RowRef::Loan(i), Ok(o)) => Some(o.loans[i].id.clone()),
            _ => None,
        }
    }

    pub(super) fn row_id(&self, row: RowRef) -> Option<String> {
        let overview = self.overview.as_ref().ok()?;
        Some(match row {
            RowRef::Loan(i) => overview.loans[i].id.clone(),
            RowRef::Revolving(i) => overview.revolving[i].id.clone(),
        })
    }

    pub(super) fn select_id(&mut self, id: &str) {
        if let Some(index) = self
            .rows()
            .iter()
            .position(|r| self.row_id(*r).as_deref() == Some(id))
        {
            self.select(index);
        }
    }

    pub(super) fn select(&mut self, index: usize) {
        let count = self.rows().len();
        self.selected = index.min(count.saturating_sub(1));
        let page = self.page.get().max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
        self.refresh_detail();
    }

    pub(super) fn move_by(&mut self, delta: isize) {
        match self.view {
            View::Dashboard => self.select(self.selected.saturating_add_signed(delta)),
            // An account's text has no rows to select: the keys scroll it.
            View::Detail if matches!(self.selected_row(), Some(RowRef::Revolving(_))) => {
                let (lines, shown) = self.account_text.get();
                let last = lines.saturating_sub(shown);
                self.detail_offset = self.detail_offset.saturating_add_signed(delta).min(last);
            }
            View::Detail => {
                self.detail_selected = self.detail_selected.saturating_add_signed(delta);
                self.clamp_detail();
                if let Some(reason) = self.selected_plan_difference() {
                    self.say(reason);
                }
            }
            View::Payments => {
                let count = self.payments().as_ref().map_or(0, Vec::len);
                self.payment_selected = self
                    .payment_selected
                    .saturating_add_signed(delta)
                    .min(count.saturating_sub(1));
            }
            View::Simulate => {
                if let Some(sim) = &mut self.sim {
                    sim.select(delta);
                }
            }
            View::Limit => {
                if self.limit.move_line(delta, self.editor.data()) {
                    self.refresh_limit();
                }
            }
        }
    }

    pub(super) fn handle_mouse(&mut self, mouse: &MouseEvent) {
        if !matches!(self.overlay, Overlay::None) {
            return;
        }
        if !matches!(mouse.kind, MouseEventKind::Moved) {
            self.clear_status();
        }
        match mouse.kind {
            MouseEventKind::ScrollDown => self.move_by(1),
            MouseEventKind::ScrollUp => self.move_by(-1),
            MouseEventKind::Down(MouseButton::Left) => {
                let at = Position::new(mouse.column, mouse.row);
                let rows = self.hits.table_rows.get();
                if self.view == View::Dashboard && rows.contains(at) {
                    self.select(self.hits.table_first.get() + usize::from(at.y - rows.y));
                }
            }
            _ => {}
        }
    }
}

/// The ids of the loans that still owe something, as `overview` has them; `None` where
/// there is no overview (then no loan is ruled out).
pub(super) fn owing_loans(
    overview: &Result<Overview, FieldError>,
) -> Option<std::collections::HashSet<&str>> {
    let overview = overview.as_ref().ok()?;
    let owing = overview.loans.iter().filter(|l| !l.balance.is_zero());
    Some(owing.map(|l| l.id.as_str()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::demo_store;
    use crate::tui::app::tests::*;
    use crate::tui::harness::{demo_app, listed_balances};
    use ratatui::crossterm::event::{Event, KeyCode, KeyModifiers};
    use ratatui::layout::Rect;

    /// By name, the loans table sorts as a person expects: case aside, numbers by value
    /// (plain text order put "Zhang" first and "loan 10" before "loan 2").
    #[test]
    fn the_name_sort_sets_case_aside_and_reads_numbers_by_value() {
        let mut data = demo_store(as_of());
        let names = ["loan 10", "Zhang", "loan 2", "car"];
        assert_eq!(data.loans.len(), names.len());
        for (loan, name) in data.loans.iter_mut().zip(names) {
            loan.name = name.into();
        }
        let app = crate::tui::harness::app_of(data, as_of());
        let overview = app.overview.as_ref().unwrap();
        let shown: Vec<&str> = (app.rows().iter())
            .filter_map(|row| match row {
                RowRef::Loan(i) => Some(overview.loans[*i].name.as_str()),
                RowRef::Revolving(_) => None,
            })
            .collect();
        assert_eq!(shown, ["car", "loan 2", "loan 10", "Zhang"]);
    }

    #[test]
    fn keys_move_the_selection_and_switch_views() {
        let mut app = demo_app();
        assert_eq!(app.rows().len(), 5);
        press(&mut app, KeyCode::Char('j'));
        press(&mut app, KeyCode::Down);
        assert_eq!(app.selected, 2);
        press(&mut app, KeyCode::Char('G'));
        assert_eq!(app.selected, 4);
        press(&mut app, KeyCode::Char('j'));
        assert_eq!(app.selected, 4, "the selection stops at the last row");
        press(&mut app, KeyCode::Char('g'));
        assert_eq!(app.selected, 0);
        press(&mut app, KeyCode::Tab);
        assert_eq!(app.view, View::Detail);
        press(&mut app, KeyCode::Char('3'));
        assert_eq!(app.view, View::Payments);
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.view, View::Dashboard);
    }

    #[test]
    fn sorting_cycles_and_reverses() {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('s'));
        assert_eq!(app.sort, SortKey::Balance);
        let smallest = selected_name(&app);
        press(&mut app, KeyCode::Char('S'));
        assert_ne!(selected_name(&app), smallest);
        let balances = listed_balances(&app);
        assert!(balances.windows(2).all(|w| w[0] >= w[1]), "{balances:?}");
    }

    #[test]
    fn the_mouse_scrolls_and_clicks_rows() {
        let mut app = demo_app();
        app.hits.table_rows.set(Rect::new(1, 8, 100, 20));
        let mouse = |kind, row| MouseEvent {
            kind,
            column: 10,
            row,
            modifiers: KeyModifiers::NONE,
        };
        app.update(&Event::Mouse(mouse(MouseEventKind::ScrollDown, 0)));
        assert_eq!(app.selected, 1);
        app.update(&Event::Mouse(mouse(
            MouseEventKind::Down(MouseButton::Left),
            11,
        )));
        assert_eq!(app.selected, 3);
        app.update(&Event::Mouse(mouse(
            MouseEventKind::Down(MouseButton::Left),
            2,
        )));
        assert_eq!(app.selected, 3, "a click outside the table selects nothing");
    }
}
