//! The TUI's state and the one function that changes it, [`App::update`].
//!
//! No terminal here: tests feed events and read the state. Every figure comes from the
//! engine ([`overview`], [`ledger`]); every edit goes through the store's atomic save.

mod disk;
mod plan;
mod scenarios;

pub use plan::Attached;

use super::editor::{Backing, Editor};
use super::form::{Form, FormEvent, Submission};
use super::i18n::{self, Strings};
use super::keymap::{Action, Keymap};
use super::limit::LimitState;
use super::overlay::{Confirm, Overlay, Pending};
use super::sim::SimState;
use super::theme::Theme;
use crate::book::ledger::{self, LoanState};
use crate::book::overview::{self, Overview};
use crate::book::payments::{self, Listed};
use crate::engine::field::Field;
use crate::engine::loan::FieldError;
use crate::engine::money::grouped;
use crate::engine::schedule::{self, RowKind};
use crate::language::{Language, fill};
use crate::limit::LimitModel;
use crate::simulate::{self, WhatIfKind};
use crate::store::{Store, StoreData};
use chrono::NaiveDate;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect};
use rust_decimal::Decimal;
use std::cell::{Cell, OnceCell};

/// The views, in tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Dashboard,
    Detail,
    Payments,
    Limit,
    Simulate,
}

impl View {
    /// Tab order.
    pub const ALL: [View; 5] = [
        View::Dashboard,
        View::Detail,
        View::Payments,
        View::Limit,
        View::Simulate,
    ];

    /// Its tab title.
    pub fn title(self, s: &Strings) -> &'static str {
        match self {
            View::Dashboard => s.view_dashboard,
            View::Detail => s.view_detail,
            View::Payments => s.view_payments,
            View::Limit => s.view_limit,
            View::Simulate => s.view_simulate,
        }
    }
}

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
    fn next(self) -> SortKey {
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

/// A message in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusLine {
    /// The text.
    pub text: String,
    /// Whether it reports a failure.
    pub error: bool,
}

/// Screen areas the last frame drew, for mouse clicks.
#[derive(Debug, Default)]
pub struct HitAreas {
    /// The first data row's area in the current table, and how many rows fit.
    pub table_rows: Cell<Rect>,
    /// The dashboard's row shown first (the table is kept full on a taller screen).
    pub table_first: Cell<usize>,
    /// The tabs line.
    pub tabs: Cell<Rect>,
    /// The help's visible lines and the furthest it scrolls.
    pub help: Cell<(usize, usize)>,
}

/// The whole TUI state.
#[derive(Debug)]
pub struct App {
    /// The store being edited, undo and the saves under way.
    editor: Editor,
    /// Date the figures are computed for.
    pub as_of: NaiveDate,
    /// Interface language.
    pub lang: Language,
    /// Colours.
    pub theme: Theme,
    /// Key bindings.
    pub keymap: Keymap,
    /// The current view.
    pub view: View,
    /// Help, a form or a confirmation on top.
    pub overlay: Overlay,
    /// Dashboard selection (index into [`App::rows`]).
    pub selected: usize,
    /// First visible dashboard row.
    pub offset: usize,
    /// Loans table order.
    pub sort: SortKey,
    /// Reverse the order.
    pub sort_descending: bool,
    /// First visible schedule row in the detail view.
    pub detail_offset: usize,
    /// Selected schedule row in the detail view.
    pub detail_selected: usize,
    /// Selected payment (newest first) in the payments view.
    pub payment_selected: usize,
    /// First visible line of the help.
    pub help_offset: usize,
    /// The status bar's message.
    pub status: Option<StatusLine>,
    /// Set when the app should exit.
    pub quit: bool,
    /// The figures of the current data.
    pub overview: Result<Overview, String>,
    /// The selected loan's state (detail view).
    pub detail: Option<(String, LoanState)>,
    /// Areas of the last frame, for the mouse.
    pub hits: HitAreas,
    /// Rows that fit in the last frame's table (for paging).
    pub page: Cell<usize>,
    /// A revolving account's text as last drawn: its lines, and how many showed.
    pub account_text: Cell<(usize, usize)>,
    /// The limit view's line, scenario and projections, and the dashboard's limit card.
    pub limit: LimitState,
    /// The simulator's scenario (made when the simulator view is first shown).
    pub sim: Option<SimState>,
    /// Where `export-calendar` writes (none for the sample store).
    pub calendar_path: Option<std::path::PathBuf>,
    /// [`App::rows`], sorted on first use after the data or the order changed.
    rows: OnceCell<Vec<RowRef>>,
    /// [`App::payments`], listed on first use after the data changed.
    payments: OnceCell<Result<Vec<Listed>, String>>,
    /// The file changed under unsaved changes and the user was asked (not again until a
    /// save or a reload).
    disk_prompted: bool,
    /// Lender plans held against loans (`attach-plan`), at most one per loan.
    pub plans: Vec<Attached>,
    /// Quit once everything is saved.
    quit_when_saved: bool,
}

impl App {
    /// An app over `backing`, computing figures as of `as_of`.
    pub fn new(
        backing: Backing,
        as_of: NaiveDate,
        lang: Language,
        theme: Theme,
        keymap: Keymap,
    ) -> App {
        let mut app = App {
            editor: Editor::new(backing),
            as_of,
            lang,
            theme,
            keymap,
            view: View::Dashboard,
            overlay: Overlay::None,
            selected: 0,
            offset: 0,
            sort: SortKey::Name,
            sort_descending: false,
            detail_offset: 0,
            detail_selected: 0,
            payment_selected: 0,
            help_offset: 0,
            status: None,
            quit: false,
            overview: Err(String::new()),
            detail: None,
            hits: HitAreas::default(),
            page: Cell::new(10),
            account_text: Cell::new((0, 0)),
            limit: LimitState::new(LimitModel::shipped()),
            rows: OnceCell::new(),
            payments: OnceCell::new(),
            disk_prompted: false,
            plans: Vec::new(),
            quit_when_saved: false,
            sim: None,
            calendar_path: None,
        };
        app.refresh();
        // Said, not refused: the store opens so that they can be renamed.
        let notes = app.data().notes();
        if let Some((name, ids)) = notes.shared_names.first() {
            let text = fill(
                app.strings().shared_name,
                &[
                    ("ids", &ids.join(app.lang.list_separator())),
                    ("name", &format!("{name:?}")),
                ],
            );
            app.say_error(text);
        }
        let cards = &notes.cards_due_on_next_cut;
        if !cards.is_empty() {
            let text = fill(app.strings().card_days, &[("ids", &cards.join(", "))]);
            app.say_error(text);
        }
        if let Some(reason) = app.editor.file().and_then(Store::read_only) {
            app.fail(app.strings().read_only, reason.render(app.lang));
        }
        app
    }

    /// The data shown.
    pub fn data(&self) -> &StoreData {
        self.editor.data()
    }

    /// Every payment, newest first by date, with what it paid for.
    pub fn payments(&self) -> &Result<Vec<Listed>, String> {
        self.payments.get_or_init(|| {
            payments::list(self.data()).map_err(|e| i18n::field_error(self.lang, &e))
        })
    }

    /// The payment selected in the payments view.
    pub fn selected_payment(&self) -> Option<&Listed> {
        self.payments().as_ref().ok()?.get(self.payment_selected)
    }

    /// The strings of the interface language.
    pub fn strings(&self) -> &'static Strings {
        self.lang.strings()
    }

    /// Whether this is the in-memory demo store.
    pub fn is_demo(&self) -> bool {
        self.editor.file().is_none()
    }

    /// Whether changes shown here are not in the file (a save failed or is running).
    pub fn has_unsaved(&self) -> bool {
        self.editor.file().is_some_and(Store::is_changed)
    }

    /// Whether the store opened read-only (written by a newer loandash).
    pub fn is_read_only(&self) -> bool {
        self.editor.file().is_some_and(|s| s.read_only().is_some())
    }

    /// Write the calendar of due dates to `path`.
    pub fn with_calendar_path(mut self, path: Option<std::path::PathBuf>) -> App {
        self.calendar_path = path;
        self
    }

    /// Use `model` for the limit projection.
    pub fn with_limit_model(mut self, model: LimitModel) -> App {
        self.limit.model = model;
        // Of the figures only the card reads the model: every loan is not replayed again.
        self.limit.refreshed(self.editor.data());
        self
    }

    /// Recompute the figures after the data changed.
    fn refresh(&mut self) {
        // Every loan replayed once (or read from the figures kept beside a large store),
        // for the dashboard and every line's limit projection.
        let data = self.editor.data();
        match self.editor.figures(self.as_of) {
            Ok(figures) => {
                self.limit.read(data, Ok(figures.record));
                self.overview = Ok(figures.overview);
            }
            Err(e) => {
                let e = i18n::field_error(self.lang, &e);
                self.limit.read(data, Err(&e));
                self.overview = Err(e);
            }
        }
        self.refreshed();
    }

    /// [`App::refresh`] after the data changed from `old`: when only some loans and
    /// their payments changed, only those are replayed (a key press on a large store
    /// must not replay every loan); else everything is.
    fn refresh_since(&mut self, old: &StoreData) {
        let data = self.editor.data();
        let (Ok(overview), Some(changed)) =
            (&mut self.overview, overview::changed_loans(old, data))
        else {
            return self.refresh();
        };
        let replay = |data: &StoreData, i: usize| {
            let loan = &data.loans[i];
            ledger::loan_state(loan, data.payments_for(&loan.id), self.as_of)
        };
        let Ok(changed) = (changed.into_iter())
            .map(|i| {
                Ok(overview::ChangedLoan {
                    index: i,
                    before: replay(old, i)?,
                    after: replay(data, i)?,
                })
            })
            .collect::<Result<Vec<_>, FieldError>>()
        else {
            // Refused terms or payments are reported as a full refresh reports them.
            return self.refresh();
        };
        let states: Vec<_> = changed.iter().map(|c| (c.index, &c.after)).collect();
        (self.limit).patch(data, &states, |i| overview.loans[i].schedule());
        overview.patch(data, changed);
        self.refreshed();
    }

    /// What follows new figures: lists, selections and views that read them.
    fn refreshed(&mut self) {
        self.payments = OnceCell::new();
        self.rows = OnceCell::new();
        let count = self.rows().len();
        self.selected = self.selected.min(count.saturating_sub(1));
        self.refresh_detail();
        self.limit.refreshed(self.editor.data());
        if self.view == View::Limit {
            self.refresh_limit();
        }
        // A changed store is a new baseline; the scenario being edited is kept.
        if let Some(old) = self.sim.take() {
            self.sim = Some(old.rebase(self.data(), self.as_of));
        }
    }

    /// Project the selected line under each scenario.
    fn refresh_limit(&mut self) {
        let overview = self.overview.as_ref().ok();
        (self.limit).project(self.editor.data(), overview, self.lang);
    }

    fn show(&mut self, view: View) {
        self.view = view;
        if view == View::Limit && self.limit.projection.is_none() {
            self.refresh_limit();
        }
        if view == View::Simulate && self.sim.is_none() {
            self.sim = Some(SimState::new(self.data(), self.as_of, &self.limit.model));
        }
    }

    /// Add a what-if to the scenario, with amounts a person would start from: on the
    /// loan selected on the dashboard, else the first.
    fn add_what_if(&mut self, action: Action) {
        self.show(View::Simulate);
        let kind = match action {
            Action::SimPrepay => WhatIfKind::Prepay,
            Action::SimBorrow => WhatIfKind::Borrow,
            Action::SimLate => WhatIfKind::Late,
            Action::SimBudget => WhatIfKind::Budget,
            _ => return,
        };
        // The selected loan where it still owes something, else the first that does:
        // a loan paid off can be neither prepaid nor paid late.
        let owing = owing_loans(&self.overview);
        let owes = |id: &str| owing.as_ref().is_none_or(|ids| ids.contains(id));
        let loan = match (self.selected_row(), &self.overview) {
            (Some(RowRef::Loan(i)), Ok(o)) if owes(&o.loans[i].id) => Some(o.loans[i].id.clone()),
            (_, Ok(o)) => (self.rows().iter()).find_map(|row| match row {
                RowRef::Loan(i) if owes(&o.loans[*i].id) => Some(o.loans[*i].id.clone()),
                _ => None,
            }),
            _ => None,
        };
        if loan.is_none() && matches!(kind, WhatIfKind::Prepay | WhatIfKind::Late) {
            self.say(self.strings().sim_none_owing);
            return;
        }
        let minimums = (self.overview.as_ref()).map_or(Vec::new(), |o| {
            o.months.iter().map(|(_, due)| *due).collect()
        });
        let data = self.editor.data();
        if let Some(item) = simulate::starting_what_if(kind, data, loan, minimums)
            && let Some(sim) = &mut self.sim
        {
            sim.add(item, data);
        }
    }

    fn refresh_detail(&mut self) {
        self.refresh_plans();
        self.detail = self.selected_loan_id().and_then(|id| {
            let loan = self.data().loan(&id)?;
            let state = ledger::loan_state(loan, self.data().payments_for(&id), self.as_of).ok()?;
            Some((id, state))
        });
        self.clamp_detail();
    }

    /// Show the selected loan at its next unpaid installment with a couple of paid rows
    /// above it, so a mortgage in its third year does not open on rows paid long ago.
    fn open_detail(&mut self) {
        const PAID_ROWS_ABOVE: usize = 2;
        self.detail_selected = self.detail.as_ref().map_or(0, |(_, state)| {
            let rows = &state.schedule.rows;
            state
                .next_unpaid()
                .and_then(|next| {
                    rows.iter()
                        .position(|r| r.kind == RowKind::Scheduled && r.period == next.period)
                })
                .unwrap_or(rows.len().saturating_sub(1))
        });
        self.detail_offset = self.detail_selected.saturating_sub(PAID_ROWS_ABOVE);
        self.view = View::Detail;
    }

    /// Keep the detail's selected row on the schedule, and in sight.
    fn clamp_detail(&mut self) {
        let rows = self
            .detail
            .as_ref()
            .map_or(0, |(_, s)| s.schedule.rows.len());
        self.detail_selected = self.detail_selected.min(rows.saturating_sub(1));
        let page = self.page.get().max(1);
        self.detail_offset = self
            .detail_offset
            .min(self.detail_selected)
            .max((self.detail_selected + 1).saturating_sub(page));
    }

    /// The payment behind the detail's selected row: a prepayment's own, or the one that
    /// completed the installment (the last recorded that day); `None` while it is unpaid.
    pub fn detail_payment(&self) -> Option<u32> {
        let (id, state) = self.detail.as_ref()?;
        let row = state.schedule.rows.get(self.detail_selected)?;
        let date = match row.kind {
            RowKind::Prepayment => row.due_date,
            RowKind::Scheduled => {
                state
                    .installments
                    .iter()
                    .find(|i| i.period == row.period)?
                    .settled_on?
            }
        };
        self.data()
            .payments_for(id)
            .filter(|p| p.date == date)
            .map(|p| p.id)
            .max()
    }

    /// Dashboard rows in display order: loans (sorted), then revolving accounts.
    pub fn rows(&self) -> &[RowRef] {
        self.rows.get_or_init(|| self.sorted_rows())
    }

    fn sorted_rows(&self) -> Vec<RowRef> {
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
                        let order = super::views::text::name_order(&row.name);
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

    fn row_id(&self, row: RowRef) -> Option<String> {
        let overview = self.overview.as_ref().ok()?;
        Some(match row {
            RowRef::Loan(i) => overview.loans[i].id.clone(),
            RowRef::Revolving(i) => overview.revolving[i].id.clone(),
        })
    }

    fn say(&mut self, text: impl Into<String>) {
        self.status = Some(StatusLine {
            text: text.into(),
            error: false,
        });
    }

    /// An error in the status line.
    fn say_error(&mut self, text: impl Into<String>) {
        self.status = Some(StatusLine {
            text: text.into(),
            error: true,
        });
    }

    /// An error in the status line: `label: detail`, in the interface's language.
    fn fail(&mut self, label: &str, detail: String) {
        self.say_error(format!("{label}{}{detail}", self.lang.colon()));
    }

    /// Handle one terminal event. Only key presses act (not releases or repeats of
    /// releases), so a key acts once on every terminal.
    pub fn update(&mut self, event: &Event) {
        match event {
            Event::Key(key)
                if key.kind == KeyEventKind::Press || key.kind == KeyEventKind::Repeat =>
            {
                self.handle_key(key)
            }
            Event::Mouse(mouse) => self.handle_mouse(mouse),
            _ => {}
        }
    }

    /// A message answers the action before: the next one clears it, except a failed
    /// save, which stands while the change is held in memory only.
    fn clear_status(&mut self) {
        let not_saved = self.strings().not_saved;
        if self
            .status
            .as_ref()
            .is_some_and(|s| !s.text.starts_with(not_saved))
        {
            self.status = None;
        }
    }

    fn handle_key(&mut self, key: &KeyEvent) {
        // Ctrl-C quits, even inside a form; with changes not saved it asks first (a
        // second Ctrl-C quits).
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            self.quit_asking();
            return;
        }
        self.clear_status();
        match std::mem::replace(&mut self.overlay, Overlay::None) {
            Overlay::Form(mut form) => {
                let event = form.handle_key(key);
                self.form_event(form, event);
            }
            Overlay::Confirm(confirm) => self.confirm_key(key, confirm),
            Overlay::DiskChanged => match key.code {
                KeyCode::Char('r') | KeyCode::Char('R') => self.reload(),
                KeyCode::Char('m') | KeyCode::Char('M') => self.merge_with_disk(),
                KeyCode::Char('s') | KeyCode::Char('S') => self.ask_save_as(),
                KeyCode::Esc => {}
                _ => self.overlay = Overlay::DiskChanged,
            },
            Overlay::Scenarios { selected } => self.scenarios_key(key, selected),
            Overlay::Help => match self.keymap.action(key) {
                Some(Action::Help | Action::Back | Action::Quit) => {}
                action => {
                    // The help scrolls when the screen is short, with every scrolling key.
                    let (page, last) = self.hits.help.get();
                    let offset = self.help_offset;
                    self.help_offset = match action {
                        Some(Action::Down) => offset + 1,
                        Some(Action::Up) => offset.saturating_sub(1),
                        Some(Action::PageDown) => offset + page.max(1),
                        Some(Action::PageUp) => offset.saturating_sub(page.max(1)),
                        Some(Action::Top) => 0,
                        Some(Action::Bottom) => last,
                        _ => offset,
                    }
                    .min(last);
                    self.overlay = Overlay::Help;
                }
            },
            Overlay::None => {
                if let Some(action) = self.keymap.action(key) {
                    self.act(action);
                }
            }
        }
    }

    /// Whether the question on top carries a change `is` picks out.
    fn asking(&self, is: impl Fn(&Pending) -> bool) -> bool {
        matches!(&self.overlay, Overlay::Confirm(c) if is(&c.pending))
    }

    /// Every question answers alike: `y` runs its change, `n` or Esc drops it, ↑/↓
    /// scroll a long one. Quitting also takes `q` for yes and `s` to save elsewhere.
    fn confirm_key(&mut self, key: &KeyEvent, mut confirm: Confirm) {
        let quitting = matches!(confirm.pending, Pending::Quit);
        match key.code {
            KeyCode::Char('y' | 'Y') => self.run(confirm.pending),
            KeyCode::Char('q') if quitting => self.quit = true,
            KeyCode::Char('s' | 'S') if quitting => self.ask_save_as(),
            KeyCode::Char('n' | 'N') | KeyCode::Esc => self.overlay = confirm.declined(),
            _ => {
                match self.keymap.action(key) {
                    Some(Action::Down) => confirm.offset += 1,
                    Some(Action::Up) => confirm.offset = confirm.offset.saturating_sub(1),
                    _ => {}
                }
                self.overlay = Overlay::Confirm(confirm);
            }
        }
    }

    /// Run a change the user said yes to.
    fn run(&mut self, pending: Pending) {
        match pending {
            Pending::DeleteDebt(id) => self.delete(&id),
            Pending::DeletePayment(id) => self.delete_payment(id),
            Pending::Quit => self.quit = true,
            Pending::OverwriteScenario(name) => self.save_scenario(name),
            Pending::DeleteScenario { name, selected } => self.delete_scenario(&name, selected),
            Pending::Apply(enactment) => self.apply_scenario(*enactment),
            Pending::ApplyPlan { loan, terms } => self.apply_plan(&loan, &terms),
        }
    }

    fn form_event(&mut self, mut form: Form, event: FormEvent) {
        match event {
            FormEvent::Cancel => {}
            FormEvent::Editing => {
                let offered = self.account_offer(Some(form.value(Field::Loan)));
                form.follow(self.data(), offered, self.as_of);
                // Validate as you type, but only flag a field once you have left it or
                // tried to save, so an empty new form is not all red.
                if form.problem.is_some() {
                    form.check(self.data(), self.as_of);
                }
                self.overlay = Overlay::Form(form);
            }
            FormEvent::Submit => match form.check(self.data(), self.as_of) {
                Some(submission) => self.submit(submission),
                None => {
                    self.say_error(self.strings().form_invalid);
                    // Take the cursor to the field at fault.
                    if let Some((at, _)) = form.problem {
                        form.focus = at;
                    }
                    self.overlay = Overlay::Form(form);
                }
            },
        }
    }

    fn submit(&mut self, submission: Submission) {
        let mut data = self.data().clone();
        let s = self.strings();
        let (done, select) = match submission {
            Submission::ScenarioName(name) => {
                if data.scenarios.iter().any(|x| x.name == name) {
                    self.overlay = Confirm::ask(Pending::OverwriteScenario(name));
                } else {
                    self.save_scenario(name);
                }
                return;
            }
            Submission::Loan(loan, paid, next_due) => {
                let id = loan.id.clone();
                let mut done = fill(s.entry_done, &[("name", &loan.name)]);
                let terms = loan.terms();
                if let (Some(ours), Some(got)) = (
                    schedule::installment_unlike_ours(&terms),
                    terms.conventions.installment,
                ) {
                    let note = fill(
                        s.installment_unlike,
                        &[("got", &grouped(got)), ("ours", &grouped(ours))],
                    );
                    done = format!("{done} · {note}");
                }
                if let Some(next_due) = next_due
                    && let Some(n) = ledger::due_before_entry(&terms, next_due, self.as_of)
                {
                    // Said as `add --balance` says it.
                    let note = match n {
                        1 => s.next_due_past_one,
                        _ => s.next_due_past,
                    };
                    let note = fill(
                        note,
                        &[
                            ("date", &next_due.to_string()),
                            ("today", &self.as_of.to_string()),
                            ("n", &n.to_string()),
                        ],
                    );
                    done = format!("{done} · {note}");
                }
                data.upsert_loan(*loan);
                data.payments.extend(paid);
                (done, Some(id))
            }
            Submission::Revolving(account) => {
                let id = account.id.clone();
                let done = fill(s.entry_done, &[("name", &account.name)]);
                data.upsert_revolving(account);
                (done, Some(id))
            }
            Submission::Payments(records) => {
                data.payments.extend(records);
                (s.payment_recorded.to_string(), None)
            }
            Submission::SaveAs(path) => return self.save_as(&path),
            Submission::Plan(id, path, plan) => return self.attach_plan(id, path, *plan),
            Submission::DetachPlan(id) => return self.detach_plan(&id),
            Submission::PaymentEdit(id, change) => {
                let edited = payments::find(&data, &payments::label(id))
                    .and_then(|index| payments::edit(&mut data, index, change));
                let ids = match edited {
                    Ok(ids) => ids,
                    Err(refusal) => {
                        self.say_error(refusal.problem(self.lang));
                        return;
                    }
                };
                // Cash beyond the installment became a prepayment of its own: named too.
                let excess: Vec<String> = ids
                    .into_iter()
                    .filter(|n| *n != id)
                    .map(payments::label)
                    .collect();
                let template = match excess.is_empty() {
                    true => s.payment_edited,
                    false => s.payment_edited_excess,
                };
                let done = fill(
                    template,
                    &[
                        ("more", &excess.join(self.lang.list_separator())),
                        ("id", &payments::label(id)),
                    ],
                );
                self.commit(data, &done);
                return;
            }
        };
        self.commit(data, &done);
        if let Some(id) = select {
            self.select_id(&id);
        }
    }

    /// Make `data` the current data: remember the old for undo, save, report.
    fn commit(&mut self, data: StoreData, done: &str) {
        let (old, news) = self.editor.change(data, done.to_string());
        self.tell(news);
        self.refresh_since(&old);
    }

    /// Quit, or with changes not saved, ask first (asked already: quit). While a save
    /// runs, quit when it ends (or ask, should it fail).
    fn quit_asking(&mut self) {
        if self.is_saving() {
            self.quit_when_saved = true;
            self.say(self.strings().quit_when_saved);
        } else if self.has_unsaved() && !self.asking(|p| matches!(p, Pending::Quit)) {
            self.overlay = Confirm::ask(Pending::Quit);
        } else {
            self.quit = true;
        }
    }

    fn select_id(&mut self, id: &str) {
        if let Some(index) = self
            .rows()
            .iter()
            .position(|r| self.row_id(*r).as_deref() == Some(id))
        {
            self.select(index);
        }
    }

    fn delete(&mut self, id: &str) {
        let mut data = self.data().clone();
        if !data.remove_debt(id) {
            return self.say(fill(self.strings().gone, &[("name", id)]));
        }
        let done = format!("{} {id}", self.strings().deleted);
        self.commit(data, &done);
    }

    fn delete_payment(&mut self, id: u32) {
        let mut data = self.data().clone();
        let label = payments::label(id);
        let Ok(index) = payments::find(&data, &label) else {
            return self.say(fill(self.strings().gone, &[("name", &label)]));
        };
        payments::delete(&mut data, index);
        let done = fill(
            self.strings().payment_deleted,
            &[("id", &payments::label(id))],
        );
        self.commit(data, &done);
        let count = self.payments().as_ref().map_or(0, Vec::len);
        self.payment_selected = self.payment_selected.min(count.saturating_sub(1));
    }

    fn undo(&mut self) {
        let undone = self.strings().undone.to_string();
        let Some((old, news)) = self.editor.undo(undone) else {
            self.say(self.strings().nothing_to_undo);
            return;
        };
        self.tell(news);
        self.refresh_since(&old);
    }

    fn select(&mut self, index: usize) {
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

    fn move_by(&mut self, delta: isize) {
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

    /// Carry out an action (outside forms and overlays).
    pub fn act(&mut self, action: Action) {
        let page = self.page.get().max(1) as isize;
        match action {
            Action::Quit => self.quit_asking(),
            Action::Help => {
                self.help_offset = 0;
                self.overlay = Overlay::Help;
            }
            Action::NextView | Action::PreviousView => {
                let i = View::ALL.iter().position(|v| *v == self.view).unwrap_or(0);
                let n = View::ALL.len();
                self.show(
                    View::ALL[if action == Action::NextView {
                        (i + 1) % n
                    } else {
                        (i + n - 1) % n
                    }],
                );
            }
            Action::Dashboard => self.view = View::Dashboard,
            Action::LoanDetail => self.open_detail(),
            Action::Payments => self.view = View::Payments,
            Action::Limit => self.show(View::Limit),
            Action::Simulate => self.show(View::Simulate),
            Action::SimPrepay | Action::SimBorrow | Action::SimLate | Action::SimBudget => {
                self.add_what_if(action)
            }
            Action::SimTarget
            | Action::SimMode
            | Action::SimDtiDown
            | Action::SimDtiUp
            | Action::BigLeft
            | Action::BigRight
            | Action::Left
            | Action::Right
            | Action::Delete
                if self.view == View::Simulate =>
            {
                let data = self.editor.data();
                // Only a loan that still owes something is offered to a prepayment or a
                // late payment.
                let owing = owing_loans(&self.overview);
                let owing = |id: &str| owing.as_ref().is_none_or(|ids| ids.contains(id));
                if let Some(sim) = &mut self.sim {
                    match action {
                        Action::SimTarget => sim.next_target(data, owing),
                        Action::SimMode => sim.toggle_mode(data),
                        Action::SimDtiDown => sim.adjust_dti_warning(-1, data),
                        Action::SimDtiUp => sim.adjust_dti_warning(1, data),
                        Action::Left => sim.adjust(-1, data),
                        Action::Right => sim.adjust(1, data),
                        Action::BigLeft => sim.adjust(-super::sim::BIG_STEPS, data),
                        Action::BigRight => sim.adjust(super::sim::BIG_STEPS, data),
                        _ => sim.remove(data),
                    }
                }
            }
            Action::SimLoad => {
                self.show(View::Simulate);
                self.overlay = Overlay::Scenarios { selected: 0 };
            }
            Action::SimSave if self.view == View::Simulate => {
                if let Some(sim) = &self.sim {
                    if sim.items.is_empty() {
                        self.say(self.strings().sim_empty_scenario);
                    } else {
                        self.overlay = Overlay::Form(Form::scenario_name(sim.name.as_deref()));
                    }
                }
            }
            Action::SimDiscard if self.view == View::Simulate => {
                let data = self.editor.data();
                if let Some(sim) = &mut self.sim {
                    sim.clear(data);
                    self.say(self.strings().sim_discarded);
                }
            }
            Action::SimApply if self.view == View::Simulate => self.open_apply(),
            Action::SimTarget
            | Action::SimMode
            | Action::SimDtiDown
            | Action::SimDtiUp
            | Action::SimSave
            | Action::SimDiscard
            | Action::SimApply => {}
            Action::BigLeft | Action::BigRight => {}
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-page),
            Action::PageDown => self.move_by(page),
            Action::Top => self.move_by(isize::MIN / 2),
            Action::Bottom => self.move_by(isize::MAX / 2),
            Action::Left | Action::Right if self.view == View::Limit => {
                self.limit.cycle_scenario(action == Action::Right);
            }
            Action::Left | Action::Right => {}
            Action::Open if self.view == View::Dashboard && self.selected_row().is_some() => {
                self.open_detail();
            }
            Action::Open if self.view == View::Payments => self.edit_payment(),
            Action::Open if self.view == View::Detail && self.detail.is_some() => {
                match self.detail_payment() {
                    Some(id) => self.edit_payment_id(id),
                    None => self.say(self.strings().row_unpaid),
                }
            }
            Action::Open => {}
            Action::Back => self.view = View::Dashboard,
            Action::Sort => {
                self.sort = self.sort.next();
                self.rows = OnceCell::new();
                self.select(0);
            }
            Action::ReverseSort => {
                self.sort_descending = !self.sort_descending;
                self.rows = OnceCell::new();
                self.select(0);
            }
            Action::AddLoan => {
                self.overlay = Overlay::Form(Form::loan(self.data(), None, self.as_of))
            }
            Action::AddRevolving => {
                self.overlay = Overlay::Form(Form::revolving(self.data(), None))
            }
            // Edit and delete act on what the current view selects, and nothing else.
            Action::Edit => match self.view {
                View::Payments => self.edit_payment(),
                // In a loan's detail: the selected row's payment, else the loan.
                View::Detail if self.detail_payment().is_some() => {
                    self.edit_payment_id(self.detail_payment().unwrap_or_default())
                }
                View::Dashboard | View::Detail => self.edit_selected(),
                View::Limit | View::Simulate => self.say(self.strings().nothing_selected),
            },
            Action::Delete => match self.view {
                View::Payments => match self.selected_payment() {
                    Some(payment) => {
                        self.overlay = Confirm::ask(Pending::DeletePayment(payment.id));
                    }
                    None => self.say(self.strings().nothing_selected),
                },
                View::Detail if self.detail_payment().is_some() => {
                    let id = self.detail_payment().unwrap_or_default();
                    self.overlay = Confirm::ask(Pending::DeletePayment(id));
                }
                View::Dashboard | View::Detail => match self.selected_row() {
                    Some(row) => {
                        if let Some(id) = self.row_id(row) {
                            self.overlay = Confirm::ask(Pending::DeleteDebt(id));
                        }
                    }
                    None => self.say(self.strings().nothing_selected),
                },
                View::Limit | View::Simulate => self.say(self.strings().nothing_selected),
            },
            Action::Pay => self.open_payment(),
            Action::Undo => self.undo(),
            Action::ExportCalendar => self.export_calendar(),
            Action::AttachPlan => match self.selected_loan_id() {
                Some(id) => {
                    let kept = self.data().loan(&id).and_then(|l| l.plan.as_ref());
                    let form = Form::attach_plan(&id, kept.map(|k| k.source.as_str()));
                    self.overlay = Overlay::Form(form);
                }
                None => self.say(self.strings().plan_needs_loan),
            },
            Action::ApplyPlan => self.open_apply_plan(),
        }
    }

    /// Write the calendar of due dates (as `loandash export ics` would) to the
    /// configured path, and say where, or why not.
    fn export_calendar(&mut self) {
        let Some(path) = self.calendar_path.clone() else {
            self.say(self.strings().calendar_no_path);
            return;
        };
        let written = crate::book::dues::Portfolio::new(self.data(), self.as_of)
            .map_err(|e| i18n::field_error(self.lang, &e))
            .and_then(|portfolio| {
                let options = crate::export::ics::IcsOptions::ahead(
                    self.as_of,
                    self.lang,
                    chrono::Utc::now(),
                );
                let events = portfolio.unpaid_until(options.until).len();
                let text = crate::export::ics::calendar(&portfolio, &options);
                crate::store::write_file_atomically(&path, text.as_bytes())
                    .map(|()| events)
                    .map_err(|e| {
                        fill(
                            self.strings().calendar_failed,
                            &[("detail", &i18n::store_error(self.lang, &e))],
                        )
                    })
            });
        match written {
            Ok(events) => {
                let text = fill(
                    self.strings().calendar_written,
                    &[
                        ("dates", &self.strings().due_dates(events)),
                        ("path", &path.display().to_string()),
                    ],
                );
                self.say(text)
            }
            Err(problem) => {
                self.say_error(problem);
            }
        }
    }

    fn edit_selected(&mut self) {
        let Some(id) = self.selected_row().and_then(|r| self.row_id(r)) else {
            return;
        };
        let data = self.data();
        let form = if let Some(loan) = data.loan(&id) {
            Form::loan(data, Some(loan), self.as_of)
        } else if let Some(account) = data.revolving.iter().find(|a| a.id == id) {
            Form::revolving(data, Some(account))
        } else {
            return;
        };
        self.overlay = Overlay::Form(form);
    }

    fn edit_payment(&mut self) {
        match self.selected_payment() {
            Some(payment) => self.overlay = Overlay::Form(Form::edit_payment(payment)),
            None => self.say(self.strings().nothing_selected),
        }
    }

    fn edit_payment_id(&mut self, id: u32) {
        let listed = self.payments().as_ref().ok();
        if let Some(payment) = listed.and_then(|l| l.iter().find(|p| p.id == id)) {
            self.overlay = Overlay::Form(Form::edit_payment(payment));
        }
    }

    fn open_payment(&mut self) {
        if self.data().loans.is_empty() && self.data().revolving.is_empty() {
            return;
        }
        let id = self.selected_row().and_then(|r| self.row_id(r));
        self.overlay = Overlay::Form(Form::payment(
            self.data(),
            id.as_deref(),
            self.account_offer(id.as_deref()),
            self.as_of,
        ));
    }

    /// What the payment form offers on a revolving account.
    fn account_offer(&self, id: Option<&str>) -> Option<Decimal> {
        let overview = self.overview.as_ref().ok()?;
        let id = id?;
        overview
            .revolving
            .iter()
            .find(|r| r.id == id)
            .and_then(|r| r.offered_payment())
    }

    fn handle_mouse(&mut self, mouse: &MouseEvent) {
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
fn owing_loans(overview: &Result<Overview, String>) -> Option<std::collections::HashSet<&str>> {
    let overview = overview.as_ref().ok()?;
    let owing = overview.loans.iter().filter(|l| !l.balance.is_zero());
    Some(owing.map(|l| l.id.as_str()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::demo_store;
    use crate::engine::loan::LoanTerms;
    use crate::engine::schedule::PrepayMode;
    use crate::lender::reconcile::Verdict;
    use crate::limit::{Outlook, Record};
    use crate::store::WhatIf;
    use crate::tui::harness::{demo_app, listed_balances};
    use ratatui::crossterm::event::KeyEventState;

    fn as_of() -> NaiveDate {
        "2026-11-23".parse().unwrap()
    }

    /// The demo app and the store it opened with, to see what keys changed (or did not).
    fn demo_with_data() -> (App, StoreData) {
        let app = demo_app();
        let data = app.data().clone();
        (app, data)
    }

    /// A key, then the end of the save it started (long before a person's next key).
    fn press(app: &mut App, code: KeyCode) {
        press_only(app, code);
        app.wait_for_saves();
    }

    /// A key, not waiting for a save it started.
    fn press_only(app: &mut App, code: KeyCode) {
        app.update(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    /// Each character of `text` pressed in turn: text typed in a form, or keys ("dy").
    fn typed(app: &mut App, text: &str) {
        text.chars().for_each(|c| press(app, KeyCode::Char(c)));
    }

    /// The form still open; the test fails saying why it closed.
    fn open_form(app: &App) -> &Form {
        match &app.overlay {
            Overlay::Form(form) => form,
            _ => panic!("the form closed: {:?}", app.status),
        }
    }

    /// The field the open form's cursor is on (where a refusal puts it).
    fn focused(app: &App) -> Field {
        let form = open_form(app);
        form.fields[form.focus].key
    }

    /// The form stayed open on `key`, the field it refuses (its problem shown if not).
    fn refused_on(app: &App, key: Field) {
        assert_eq!(focused(app), key, "{:?}", open_form(app).problem);
    }

    /// What the status line says.
    fn status_text(app: &App) -> &str {
        &app.status.as_ref().unwrap().text
    }

    /// Tab to the open form's field `key`.
    fn tab_to(app: &mut App, key: Field) {
        while !matches!(&app.overlay, Overlay::Form(form) if form.fields[form.focus].key == key) {
            press(app, KeyCode::Tab);
        }
    }

    /// The add-loan form from its principal on: `principal`, a daily rate of 0.045 % and
    /// 12 months, the other fields as they are.
    fn fill_from_principal(app: &mut App, principal: &str) {
        tab_to(app, Field::Principal);
        typed(app, principal);
        (0..3).for_each(|_| press(app, KeyCode::Tab));
        typed(app, "0.045");
        (0..2).for_each(|_| press(app, KeyCode::Tab));
        typed(app, "12");
    }

    /// The add-loan form opened and filled: `name`, then from `principal` on.
    fn add_loan_form(app: &mut App, name: &str, principal: &str) {
        press(app, KeyCode::Char('a'));
        typed(app, name);
        fill_from_principal(app, principal);
    }

    fn selected_name(app: &App) -> String {
        let overview = app.overview.as_ref().unwrap();
        match app.selected_row().unwrap() {
            RowRef::Loan(i) => overview.loans[i].name.clone(),
            RowRef::Revolving(i) => overview.revolving[i].name.clone(),
        }
    }

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

    /// With every loan paid off, `P` and `D` in the simulator say there is none to
    /// prepay or pay late, rather than aim at the first loan (which nothing can apply to).
    #[test]
    fn a_prepayment_with_every_loan_paid_off_says_there_is_none() {
        let mut data = StoreData::default();
        crate::tui::harness::add_paid_off(&mut data, "L1");
        let mut app = crate::tui::harness::app_of(data, as_of());
        press(&mut app, KeyCode::Char('5'));
        for key in ['P', 'D'] {
            press(&mut app, KeyCode::Char(key));
            assert!(app.sim.as_ref().unwrap().items.is_empty(), "{key}");
            let said = app.status.as_ref().map(|s| s.text.clone());
            assert_eq!(said.as_deref(), Some(app.strings().sim_none_owing), "{key}");
        }
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
    fn c_writes_the_calendar_of_due_dates_where_configured_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("due.ics");
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('c'));
        assert_eq!(status_text(&app), app.strings().calendar_no_path);
        let mut app = demo_app().with_calendar_path(Some(path.clone()));
        press(&mut app, KeyCode::Char('c'));
        let text = std::fs::read_to_string(&path).unwrap();
        let portfolio = crate::book::dues::Portfolio::new(app.data(), as_of()).unwrap();
        let until = crate::engine::loan::add_months(as_of(), crate::export::ics::DEFAULT_MONTHS);
        let due = portfolio.unpaid_until(until);
        assert!(!due.is_empty());
        assert_eq!(text.matches("BEGIN:VEVENT").count(), due.len());
        let status = app.status.as_ref().unwrap();
        assert!(!status.error && status.text.contains(&path.display().to_string()));
        assert!(
            status.text.contains(&format!("{} due dates", due.len())),
            "{}",
            status.text
        );
        // A folder that does not exist: the status bar says why, nothing is written.
        let missing = dir.path().join("no/such.ics");
        let mut app = demo_app().with_calendar_path(Some(missing.clone()));
        press(&mut app, KeyCode::Char('c'));
        assert!(app.status.as_ref().unwrap().error);
        assert!(!missing.exists());
    }

    #[test]
    fn enter_opens_the_selected_loan() {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('j'));
        let name = selected_name(&app);
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.view, View::Detail);
        let (id, state) = app.detail.as_ref().unwrap();
        assert_eq!(app.data().loan(id).unwrap().name, name);
        // It opens on the next unpaid installment, two paid rows above it in sight.
        let next = state.next_unpaid().unwrap().period;
        let row = &state.schedule.rows[app.detail_selected];
        assert_eq!((row.kind, row.period), (RowKind::Scheduled, next));
        assert!(next > 3, "a loan with paid installments: {next}");
        assert_eq!(app.detail_offset, app.detail_selected - 2);
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
    fn only_presses_act_not_releases() {
        let mut app = demo_app();
        let mut release = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
        release.kind = KeyEventKind::Release;
        release.state = KeyEventState::NONE;
        app.update(&Event::Key(release));
        assert_eq!(app.selected, 0);
    }

    #[test]
    fn adding_a_loan_through_the_form_saves_it_and_selects_it() {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('a'));
        typed(&mut app, "网商贷");
        press(&mut app, KeyCode::Enter);
        assert!(
            matches!(app.overlay, Overlay::Form(_)),
            "an incomplete form is not saved"
        );
        assert!(app.status.as_ref().is_some_and(|s| s.error));
        // The cursor went to the field at fault: the principal.
        assert_eq!(focused(&app), Field::Principal);
        fill_from_principal(&mut app, "8000");
        press(&mut app, KeyCode::Enter);
        assert!(matches!(app.overlay, Overlay::None), "{:?}", app.status);
        assert_eq!(app.data().loans.len(), 5);
        assert_eq!(selected_name(&app), "网商贷");
        assert!(app.status.as_ref().is_some_and(|s| !s.error));
    }

    /// A new loan named `name` entered from what is left: 5,000.00 over 12 installments at
    /// 0.05 %/day, the next due on `next_due`, the lender's `installment` where given. The
    /// test fails unless it is added and selected.
    fn add_from_what_is_left(app: &mut App, name: &str, next_due: &str, installment: Option<&str>) {
        press(app, KeyCode::Char('a'));
        typed(app, name);
        tab_to(app, Field::Entered);
        press(app, KeyCode::Right);
        let left = [(Field::Balance, "5000"), (Field::InstallmentsLeft, "12")];
        let fields = (left.into_iter())
            .chain([(Field::NextDue, next_due)])
            .chain(installment.map(|typed| (Field::Installment, typed)))
            .chain([(Field::Rate, "0.05")]);
        for (key, text) in fields {
            tab_to(app, key);
            typed(app, text);
        }
        press(app, KeyCode::Enter);
        assert!(matches!(app.overlay, Overlay::None), "{:?}", app.status);
        assert_eq!(selected_name(app), name);
    }

    /// Entered from what is left with an installment far from what the terms give, the
    /// loan is added (it is still a schedule) and the status says to check it, as the CLI
    /// does on stderr.
    #[test]
    fn a_loan_from_what_is_left_with_an_unlikely_installment_is_added_with_a_note() {
        let mut app = demo_app();
        app.lang = Language::Zh;
        add_from_what_is_left(&mut app, "装修贷", "2026-12-20", Some("4000"));
        let status = app.status.clone().unwrap();
        assert!(!status.error);
        let added = app
            .data()
            .loans
            .iter()
            .find(|l| l.name == "装修贷")
            .unwrap();
        assert_eq!(added.terms().start, "2026-11-20".parse().unwrap());
        let ours = grouped(schedule::installment_unlike_ours(&added.terms()).unwrap());
        let said = format!("每期还款额 4,000.00 与按这些条款算出的 {ours} 不符");
        assert!(status.text.contains(&said), "{}", status.text);
    }

    /// Entered from what is left with a next due date before today, the loan is added
    /// and the status says how many installments that makes past due, as `add` does.
    #[test]
    fn a_loan_from_what_is_left_due_before_today_is_added_with_a_note() {
        let mut app = demo_app();
        add_from_what_is_left(&mut app, "sofa", "2026-11-10", None);
        let said = app.status.clone().unwrap().text;
        let note = "the next due date 2026-11-10 is before today (2026-11-23): 1 installment";
        assert!(said.contains(note), "{said}");
    }

    #[test]
    fn a_loan_name_another_loan_has_is_refused_in_the_add_and_edit_forms() {
        let (mut app, before) = demo_with_data();
        let mine = selected_name(&app);
        let other = before.loans.iter().find(|l| l.name != mine).unwrap();
        let other = other.name.clone();
        let clear = |app: &mut App| (0..40).for_each(|_| press(app, KeyCode::Backspace));
        // Renaming a loan to another's name stays in the form on the name field.
        press(&mut app, KeyCode::Char('e'));
        clear(&mut app);
        typed(&mut app, &format!(" {other} "));
        press(&mut app, KeyCode::Enter);
        refused_on(&app, Field::Name);
        assert_eq!(app.data(), &before);
        // Its own name is no other loan's.
        clear(&mut app);
        typed(&mut app, &mine);
        press(&mut app, KeyCode::Enter);
        assert!(matches!(app.overlay, Overlay::None), "{:?}", app.status);
        // A new loan under a name in use is refused the same way, said in Chinese too.
        app.lang = Language::Zh;
        add_loan_form(&mut app, &other, "8000");
        press(&mut app, KeyCode::Enter);
        assert_eq!(focused(&app), Field::Name);
        let shown = screen(&app, 100, 30).replace(' ', "");
        assert!(shown.contains("已被使用"), "{shown}");
        assert_eq!(app.data().loans.len(), before.loans.len());
    }

    #[test]
    fn a_loan_past_what_its_line_has_left_stays_in_the_form_on_its_principal() {
        let (mut app, before) = demo_with_data();
        add_loan_form(&mut app, "too much", "999999");
        tab_to(&mut app, Field::Line);
        press(&mut app, KeyCode::Right);
        press(&mut app, KeyCode::Enter);
        assert!(!open_form(&app).value(Field::Line).is_empty());
        refused_on(&app, Field::Principal);
        let shown = screen(&app, 100, 30);
        assert!(shown.contains("has available"), "{shown}");
        assert_eq!(app.data(), &before);
    }

    /// The screen as drawn, one line per row.
    fn screen(app: &App, width: u16, height: u16) -> String {
        let backend = ratatui::backend::TestBackend::new(width, height);
        let mut terminal = ratatui::Terminal::new(backend).unwrap();
        terminal
            .draw(|f| super::super::views::render(app, f))
            .unwrap();
        let buffer = terminal.backend().buffer();
        (0..height)
            .map(|y| {
                (0..width)
                    .map(|x| buffer[(x, y)].symbol())
                    .collect::<String>()
                    + "\n"
            })
            .collect()
    }

    #[test]
    fn d_in_payments_deletes_the_selected_payment_named_in_the_question_not_a_loan() {
        let (mut app, before) = demo_with_data();
        typed(&mut app, "3j");
        let chosen = app.selected_payment().unwrap().clone();
        press(&mut app, KeyCode::Char('d'));
        assert!(
            matches!(app.overlay, Overlay::Confirm(Confirm { pending: Pending::DeletePayment(id), .. }) if id == chosen.id),
            "{:?}",
            app.overlay
        );
        let screen = screen(&app, 100, 30);
        let label = crate::book::payments::label(chosen.id);
        assert!(
            screen.contains(&format!("Delete payment {label}: {}", chosen.date)),
            "{screen}"
        );
        press(&mut app, KeyCode::Char('y'));
        assert_eq!(app.data().loans, before.loans, "no loan was deleted");
        assert_eq!(app.data().payments.len(), before.payments.len() - 1);
        assert!(!app.data().payments.iter().any(|p| p.id == chosen.id));
        press(&mut app, KeyCode::Char('u'));
        assert_eq!(app.data(), &before);
    }

    #[test]
    fn the_payments_view_lists_newest_first_by_date() {
        let mut app = demo_app();
        // Recorded last but paid earliest: it belongs at the bottom.
        let mut data = app.data().clone();
        let mut oldest = data.payments[0].clone();
        oldest.id = 0;
        oldest.date = data.payments.iter().map(|p| p.date).min().unwrap();
        data.payments.push(oldest);
        app.commit(data, "");
        let dates: Vec<NaiveDate> = app
            .payments()
            .as_ref()
            .unwrap()
            .iter()
            .map(|p| p.date)
            .collect();
        assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
        let newest = app.payments().as_ref().unwrap()[0].id;
        assert_eq!(newest, app.selected_payment().unwrap().id);
    }

    #[test]
    fn a_payment_is_edited_through_its_form_recomputed_at_once_and_undone() {
        let (mut app, before) = demo_with_data();
        press(&mut app, KeyCode::Char('3'));
        let chosen = app.selected_payment().unwrap().clone();
        press(&mut app, KeyCode::Char('e'));
        let form = open_form(&app);
        assert_eq!(form.value(Field::Date), chosen.date.to_string());
        // A day earlier.
        let earlier = chosen.date.pred_opt().unwrap().to_string();
        for _ in 0..12 {
            press(&mut app, KeyCode::Backspace);
        }
        typed(&mut app, &earlier);
        press(&mut app, KeyCode::Enter);
        assert!(matches!(app.overlay, Overlay::None), "{:?}", app.status);
        let edited = app
            .data()
            .payments
            .iter()
            .find(|p| p.id == chosen.id)
            .unwrap();
        assert_eq!(edited.date.to_string(), earlier);
        assert_eq!(
            app.payments()
                .as_ref()
                .unwrap()
                .iter()
                .find(|p| p.id == chosen.id)
                .unwrap()
                .date
                .to_string(),
            earlier
        );
        press(&mut app, KeyCode::Char('u'));
        assert_eq!(app.data(), &before);
    }

    #[test]
    fn an_edit_paying_more_than_the_installment_names_the_prepayment_it_makes() {
        let mut app = demo_app();
        // A loan's latest installment payment: paying the next installment too and 100
        // more on its day, the 100 is a prepayment (the next one is settled early).
        let chosen = app
            .data()
            .payments
            .iter()
            .filter(|p| p.loan.starts_with('L') && p.kind == PaymentKind::Scheduled)
            .max_by_key(|p| p.date)
            .unwrap()
            .clone();
        press(&mut app, KeyCode::Char('3'));
        app.edit_payment_id(chosen.id);
        press(&mut app, KeyCode::Tab);
        for _ in 0..20 {
            press(&mut app, KeyCode::Backspace);
        }
        typed(
            &mut app,
            &(chosen.amount * Decimal::TWO + Decimal::ONE_HUNDRED).to_string(),
        );
        press(&mut app, KeyCode::Enter);
        assert!(matches!(app.overlay, Overlay::None), "{:?}", app.status);
        let excess = app.data().payments.iter().map(|p| p.id).max().unwrap();
        assert_ne!(excess, chosen.id);
        let said = status_text(&app);
        let expected = format!(
            "Payment P{} changed; the excess is prepayment P{excess}",
            chosen.id
        );
        assert!(said.starts_with(&expected), "{said}");
    }

    #[test]
    fn an_edit_above_what_is_owed_stays_in_the_form_and_changes_nothing() {
        let (mut app, before) = demo_with_data();
        press(&mut app, KeyCode::Char('3'));
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Tab);
        for _ in 0..20 {
            press(&mut app, KeyCode::Backspace);
        }
        typed(&mut app, "99999999");
        press(&mut app, KeyCode::Enter);
        refused_on(&app, Field::Amount);
        assert_eq!(app.data(), &before);
    }

    #[test]
    fn d_and_e_where_nothing_is_selected_say_so_and_change_nothing() {
        let (mut app, before) = demo_with_data();
        typed(&mut app, "4d");
        assert!(matches!(app.overlay, Overlay::None));
        assert_eq!(status_text(&app), app.strings().nothing_selected);
        assert_eq!(app.data(), &before);
    }

    #[test]
    fn delete_asks_first_and_undo_brings_it_back() {
        let (mut app, before) = demo_with_data();
        typed(&mut app, "dn");
        assert_eq!(app.data(), &before);
        typed(&mut app, "dy");
        assert_eq!(app.data().loans.len(), before.loans.len() - 1);
        press(&mut app, KeyCode::Char('u'));
        assert_eq!(app.data(), &before);
        press(&mut app, KeyCode::Char('u'));
        assert_eq!(status_text(&app), app.strings().nothing_to_undo);
    }

    #[test]
    fn paying_the_prefilled_amount_settles_the_overdue_installment() {
        let mut app = demo_app();
        let overdue = app.rows().iter().position(|r| match r {
            RowRef::Loan(i) => app.overview.as_ref().unwrap().loans[*i].overdue > 0,
            RowRef::Revolving(_) => false,
        });
        app.select(overdue.unwrap());
        press(&mut app, KeyCode::Char('p'));
        press(&mut app, KeyCode::Enter);
        assert!(matches!(app.overlay, Overlay::None), "{:?}", app.status);
        let overview = app.overview.as_ref().unwrap();
        assert_eq!(overview.overdue_count(), 0);
        assert!(
            app.status
                .as_ref()
                .unwrap()
                .text
                .starts_with(app.strings().payment_recorded)
        );
    }

    #[test]
    fn ctrl_c_quits_even_inside_a_form() {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('a'));
        app.update(&Event::Key(KeyEvent::new(
            KeyCode::Char('c'),
            KeyModifiers::CONTROL,
        )));
        assert!(app.quit);
    }

    #[test]
    fn help_opens_and_closes() {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('?'));
        assert!(matches!(app.overlay, Overlay::Help));
        press(&mut app, KeyCode::Char('j'));
        assert!(
            matches!(app.overlay, Overlay::Help),
            "keys do not leak through the help"
        );
        assert_eq!(app.selected, 0);
        press(&mut app, KeyCode::Esc);
        assert!(matches!(app.overlay, Overlay::None));
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

    /// The demo store saved in `dir` and opened, then changed on disk by another
    /// program: the app's next save must refuse, not clobber it.
    fn demo_file_app_changed_on_disk(dir: &tempfile::TempDir) -> (App, std::path::PathBuf) {
        let (app, path) = file_app(dir);
        std::fs::write(&path, std::fs::read_to_string(&path).unwrap() + "\n").unwrap();
        (app, path)
    }

    /// Poll as the event loop does until no save runs.
    fn settle(app: &mut App) {
        let start = std::time::Instant::now();
        while app.is_saving() {
            assert!(start.elapsed().as_secs() < 20, "a save never ended");
            std::thread::sleep(std::time::Duration::from_millis(2));
            app.poll_saves();
        }
    }

    #[test]
    fn a_save_runs_on_a_worker_saying_saving_then_saved_and_keys_still_act() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, path) = file_app(&dir);
        let before = app.data().payments.len();
        let s = app.strings();
        app.view = View::Dashboard;
        press_only(&mut app, KeyCode::Char('p'));
        press_only(&mut app, KeyCode::Enter);
        assert!(app.is_saving());
        let status = app.status.clone().unwrap();
        assert_eq!(
            status.text,
            format!("{} · {}", s.payment_recorded, s.saving)
        );
        assert!(!status.error);
        assert_eq!(app.data().payments.len(), before + 1, "shown at once");
        // The keys act meanwhile.
        press_only(&mut app, KeyCode::Char('j'));
        assert_eq!(app.selected, 1);
        settle(&mut app);
        assert_eq!(
            status_text(&app),
            format!("{} · {}", s.payment_recorded, s.saved)
        );
        assert!(!app.has_unsaved());
        assert_eq!(Store::open(&path).unwrap().data(), app.data());
        assert!(!app.watch_disk(), "the app's own save is no outside change");
    }

    #[test]
    fn two_quick_edits_both_end_up_on_disk_one_save_after_the_other() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, path) = file_app(&dir);
        app.lang = Language::Zh;
        let s = app.strings();
        let before = app.data().payments.len();
        app.view = View::Dashboard;
        for _ in 0..2 {
            press_only(&mut app, KeyCode::Char('p'));
            press_only(&mut app, KeyCode::Enter);
        }
        assert_eq!(app.data().payments.len(), before + 2);
        assert!(app.editor.is_queued(), "the second waits for the first");
        assert_eq!(
            status_text(&app),
            format!("{} · {}", s.payment_recorded, s.saving)
        );
        // The undo of the second, made while saving, is saved too.
        press_only(&mut app, KeyCode::Char('u'));
        press_only(&mut app, KeyCode::Char('p'));
        press_only(&mut app, KeyCode::Enter);
        settle(&mut app);
        assert_eq!(
            status_text(&app),
            format!("{} · {}", s.payment_recorded, s.saved)
        );
        assert!(!app.has_unsaved());
        let on_disk = Store::open(&path).unwrap();
        assert_eq!(on_disk.data().payments.len(), before + 2);
        assert_eq!(on_disk.data(), app.data());
    }

    #[test]
    fn quitting_while_saving_waits_for_the_save_and_asks_if_it_fails() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, path) = file_app(&dir);
        let before = app.data().payments.len();
        app.view = View::Dashboard;
        press_only(&mut app, KeyCode::Char('p'));
        press_only(&mut app, KeyCode::Enter);
        press_only(&mut app, KeyCode::Char('q'));
        assert!(!app.quit, "not while saving");
        assert_eq!(status_text(&app), app.strings().quit_when_saved);
        settle(&mut app);
        assert!(app.quit);
        assert_eq!(
            Store::open(&path).unwrap().data().payments.len(),
            before + 1
        );
        // A save that fails: the quit is asked about, the change kept.
        let (mut app, _path) = demo_file_app_changed_on_disk(&dir);
        press_only(&mut app, KeyCode::Char('d'));
        press_only(&mut app, KeyCode::Char('y'));
        press_only(&mut app, KeyCode::Char('q'));
        settle(&mut app);
        assert!(!app.quit);
        assert!(
            matches!(
                app.overlay,
                Overlay::Confirm(Confirm {
                    pending: Pending::Quit,
                    ..
                })
            ),
            "{:?}",
            app.overlay
        );
        assert!(app.has_unsaved());
        assert!(app.status.as_ref().unwrap().error);
    }

    /// `act` in the demo app on a file another program changed since: the save it starts
    /// fails, said as not saved, and the file keeps what the other program wrote.
    fn a_save_fails(act: impl FnOnce(&mut App)) -> App {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, path) = demo_file_app_changed_on_disk(&dir);
        let on_disk = std::fs::read(&path).unwrap();
        act(&mut app);
        settle(&mut app);
        let status = app.status.clone().unwrap();
        assert!(
            status.error && status.text.starts_with(app.strings().not_saved),
            "{status:?}"
        );
        assert_eq!(
            std::fs::read(&path).unwrap(),
            on_disk,
            "the file is untouched"
        );
        app
    }

    #[test]
    fn a_failed_save_is_shown_and_the_change_kept_in_memory() {
        let app = a_save_fails(|app| {
            press(app, KeyCode::Char('d'));
            press_only(app, KeyCode::Char('y'));
            assert!(
                !app.status.as_ref().unwrap().error,
                "saving, not failed yet"
            );
        });
        assert_eq!(app.data().loans.len(), 3, "the change stays in memory");
    }

    /// An app on a store file, and another writer's copy of that store.
    fn file_app(dir: &tempfile::TempDir) -> (App, std::path::PathBuf) {
        let path = dir.path().join("loans.ron");
        let mut seed = Store::open(&path).unwrap();
        *seed.data_mut() = demo_store(as_of());
        seed.save().unwrap();
        let app = crate::tui::harness::opened(
            Backing::File(Store::open(&path).unwrap()),
            as_of(),
            Language::En,
        );
        (app, path)
    }

    /// Another loandash records a payment of 1.00 on loan L1 (as `loandash pay` does).
    fn pay_elsewhere(path: &std::path::Path) {
        let mut other = Store::open(path).unwrap();
        let records = payments::records_for(
            other.data(),
            "L1",
            as_of(),
            Decimal::ONE,
            PrepayMode::Shorten,
            ledger::Apply::Installments,
        )
        .unwrap();
        other.data_mut().payments.extend(records);
        other.save().unwrap();
    }

    /// A payment recorded in the app through its form (the prefilled amount).
    fn pay_here(app: &mut App) {
        app.view = View::Dashboard;
        press(app, KeyCode::Char('p'));
        press(app, KeyCode::Enter);
    }

    /// Another loandash deletes the loan or account `id` (as `loandash delete` does).
    fn delete_elsewhere(path: &std::path::Path, id: &str) {
        let mut other = Store::open(path).unwrap();
        assert!(other.data_mut().remove_debt(id));
        other.save().unwrap();
    }

    #[test]
    fn an_open_delete_question_keeps_to_its_record_when_the_file_changes_under_it() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, path) = file_app(&dir);
        // Ask about L4 (the last loan); another program then deletes L3, so the loan asked
        // about moves up one place as the app reloads (it pointed past the end before).
        let asked = "L4".to_string();
        app.select_id(&asked);
        press(&mut app, KeyCode::Char('d'));
        delete_elsewhere(&path, "L3");
        assert!(app.watch_disk());
        let text = screen(&app, 120, 40);
        assert!(text.contains(&format!("Delete {asked} ")), "{text}");
        press(&mut app, KeyCode::Char('y'));
        let saved = Store::open(&path).unwrap();
        let ids: Vec<_> = (saved.data().loans.iter().map(|l| &l.id))
            .chain(saved.data().revolving.iter().map(|a| &a.id))
            .collect();
        assert!(!ids.contains(&&asked), "{asked} deleted: {ids:?}");
        assert_eq!(
            ids.len(),
            demo_store(as_of()).loans.len() + 1 - 2,
            "{ids:?}"
        );
        assert_eq!(ids.len(), app.rows().len());

        // The record asked about goes away itself: the question closes and says so.
        press(&mut app, KeyCode::Char('g'));
        let id = app.row_id(app.rows()[0]).unwrap();
        press(&mut app, KeyCode::Char('d'));
        delete_elsewhere(&path, &id);
        assert!(app.watch_disk());
        assert!(matches!(app.overlay, Overlay::None), "{:?}", app.overlay);
        assert_eq!(
            status_text(&app),
            fill(app.strings().gone, &[("name", &id)])
        );
    }

    #[test]
    fn a_change_on_disk_with_nothing_unsaved_is_shown_at_once_and_the_next_edit_saves() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, path) = file_app(&dir);
        let before = app.data().payments.len();
        assert!(!app.watch_disk(), "nothing changed yet");
        pay_elsewhere(&path);
        assert!(app.watch_disk());
        assert_eq!(app.data().payments.len(), before + 1);
        assert_eq!(status_text(&app), app.strings().disk_reloaded);
        assert!(matches!(app.overlay, Overlay::None));
        pay_here(&mut app);
        assert!(!app.has_unsaved(), "{:?}", app.status);
        assert_eq!(
            Store::open(&path).unwrap().data().payments.len(),
            before + 2
        );
    }

    #[test]
    fn unsaved_changes_under_a_changed_file_are_merged_when_asked_and_nothing_is_lost() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, path) = file_app(&dir);
        let before = app.data().payments.len();
        // The other writer saves between the app's last look and its next save.
        pay_elsewhere(&path);
        pay_here(&mut app);
        assert!(app.has_unsaved());
        assert!(
            matches!(app.overlay, Overlay::DiskChanged),
            "{:?}",
            app.overlay
        );
        let screen = screen(&app, 80, 24);
        assert!(screen.contains("r reload (drop mine)"), "{screen}");
        press(&mut app, KeyCode::Char('m'));
        assert!(!app.has_unsaved(), "{:?}", app.status);
        assert_eq!(status_text(&app), app.strings().disk_merged);
        let saved = Store::open(&path).unwrap();
        assert_eq!(saved.data().payments.len(), before + 2, "theirs and mine");
        assert_eq!(saved.data(), app.data());
        assert!(!app.watch_disk(), "the app's own save is no outside change");
    }

    #[test]
    fn reload_drops_the_unsaved_change_only_when_chosen_and_the_poll_asks_once() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, path) = file_app(&dir);
        pay_elsewhere(&path);
        pay_here(&mut app);
        press(&mut app, KeyCode::Esc);
        assert!(app.has_unsaved(), "Esc decides later and keeps the change");
        assert!(!app.watch_disk(), "asked once already");
        press(&mut app, KeyCode::Char('q'));
        assert!(
            matches!(
                app.overlay,
                Overlay::Confirm(Confirm {
                    pending: Pending::Quit,
                    ..
                })
            ),
            "q asks first"
        );
        press(&mut app, KeyCode::Char('n'));
        assert!(!app.quit);
        // The next edit asks again; reload takes the file as it is.
        pay_here(&mut app);
        assert!(matches!(app.overlay, Overlay::DiskChanged));
        press(&mut app, KeyCode::Char('r'));
        assert!(!app.has_unsaved());
        assert_eq!(app.data(), Store::open(&path).unwrap().data());
        press(&mut app, KeyCode::Char('q'));
        assert!(app.quit, "nothing unsaved: q quits");
    }

    #[test]
    fn unsaved_changes_can_be_saved_elsewhere_and_the_changed_file_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, path) = file_app(&dir);
        pay_elsewhere(&path);
        let theirs = std::fs::read(&path).unwrap();
        pay_here(&mut app);
        let mine = app.data().clone();
        press(&mut app, KeyCode::Char('s'));
        let form = open_form(&app);
        assert_eq!(form.value(Field::Path), format!("{}.mine", path.display()));
        press(&mut app, KeyCode::Enter);
        assert!(!app.has_unsaved(), "{:?}", app.status);
        let elsewhere = dir.path().join("loans.ron.mine");
        assert_eq!(Store::open(&elsewhere).unwrap().data(), &mine);
        assert_eq!(std::fs::read(&path).unwrap(), theirs);
    }

    #[test]
    fn a_true_conflict_is_refused_and_the_question_stays() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, path) = file_app(&dir);
        let mut other = Store::open(&path).unwrap();
        other.data_mut().loans[0].name = "renamed there".into();
        other.save().unwrap();
        let mut data = app.data().clone();
        data.loans[0].name = "renamed here".into();
        app.commit(data, "");
        app.wait_for_saves();
        assert!(matches!(app.overlay, Overlay::DiskChanged));
        press(&mut app, KeyCode::Char('m'));
        assert!(matches!(app.overlay, Overlay::DiskChanged));
        assert!(app.status.as_ref().unwrap().error);
        assert_eq!(app.data().loans[0].name, "renamed here", "mine is kept");
        assert_eq!(
            Store::open(&path).unwrap().data().loans[0].name,
            "renamed there"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_file_opens_read_only_said_in_the_status_bar() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("loans.ron");
        let mut seed = Store::open(&path).unwrap();
        *seed.data_mut() = demo_store(as_of());
        seed.save().unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o400)).unwrap();
        let on_disk = std::fs::read(&path).unwrap();
        let mut app = crate::tui::harness::opened(
            Backing::File(Store::open(&path).unwrap()),
            as_of(),
            Language::En,
        );
        assert!(app.is_read_only());
        let status = app.status.clone().unwrap();
        assert!(status.text.starts_with("READ-ONLY: "), "{status:?}");
        assert!(
            status.text.contains("permissions forbid writing"),
            "{status:?}"
        );
        let zh = crate::tui::harness::opened(
            Backing::File(Store::open(&path).unwrap()),
            as_of(),
            Language::Zh,
        );
        let status = zh.status.clone().unwrap();
        assert!(status.text.starts_with("只读："), "{status:?}");
        typed(&mut app, "dy");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            on_disk,
            "the file is untouched"
        );
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o400);
    }

    #[test]
    fn the_limit_view_cycles_scenarios_and_lines() {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('4'));
        assert_eq!(app.view, View::Limit);
        let view = app.limit.projection.clone().unwrap().unwrap();
        assert_eq!(view.line, app.data().lines[0].name);
        assert!(view.scenarios.len() >= 3);
        assert!(matches!(view.scenarios[0].0, Outlook::OnTime));
        // Every projection looks a year ahead.
        for (_, projection) in &view.scenarios {
            let projection = projection.as_ref().expect("every demo scenario applies");
            assert_eq!(
                projection.months.len(),
                crate::tui::limit::MONTHS as usize + 1
            );
        }
        press(&mut app, KeyCode::Right);
        assert_eq!(app.limit.scenario, 1);
        press(&mut app, KeyCode::Left);
        press(&mut app, KeyCode::Left);
        assert_eq!(
            app.limit.scenario,
            view.scenarios.len() - 1,
            "←/→ wrap around"
        );
        press(&mut app, KeyCode::Down);
        assert_eq!(
            app.limit.projection.clone().unwrap().unwrap().line,
            app.data().lines[1].name
        );
        // A missed payment never projects above paying on time.
        let (_, Ok(on_time)) = &view.scenarios[0] else {
            panic!("on time always applies")
        };
        let (_, Ok(missed)) = view
            .scenarios
            .iter()
            .find(|(s, _)| matches!(s, Outlook::Miss(_)))
            .unwrap()
        else {
            panic!("the demo has a payment to miss")
        };
        assert!(
            missed.months.last().unwrap().limit.value <= on_time.months.last().unwrap().limit.value
        );
    }

    #[test]
    fn the_dashboard_projects_the_limit_six_months_ahead() {
        let app = demo_app();
        let (today, later) = app.limit.in_six.unwrap();
        let total: Decimal = app.data().lines.iter().map(|l| l.limit).sum();
        assert_eq!(today, total);
        assert!(later >= Decimal::ZERO);
    }

    /// The simulator's limits 6 months ahead are the dashboard card's projection: with
    /// no what-if they sum to the card's figure; a what-if late payment lowers them.
    #[test]
    fn the_simulator_and_the_dashboard_card_read_one_projection() {
        let mut app = demo_app();
        let (today, card) = app.limit.in_six.unwrap();
        press(&mut app, KeyCode::Char('5'));
        shift(&mut app, 'D');
        let limits = &app.sim.as_ref().unwrap().limit;
        assert_eq!(limits.len(), app.data().lines.len());
        let sum =
            |f: fn(&crate::simulate::LimitEffect) -> Decimal| limits.iter().map(f).sum::<Decimal>();
        assert_eq!((sum(|e| e.today), sum(|e| e.baseline)), (today, card));
        assert!(sum(|e| e.scenario) < card, "{limits:?}");
        assert!(
            limits.iter().all(|e| e.scenario <= e.baseline),
            "{limits:?}"
        );
    }

    #[test]
    fn brackets_move_the_debt_to_income_warning_and_a_store_change_keeps_it() {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('5'));
        let warning = |app: &App| {
            let sim = app.sim.as_ref().unwrap();
            sim.comparison.as_ref().unwrap().dti_warning
        };
        assert_eq!(warning(&app), Decimal::from(50));
        typed(&mut app, "]][");
        assert_eq!(warning(&app), Decimal::from(55));
        for _ in 0..30 {
            press(&mut app, KeyCode::Char('['));
        }
        assert_eq!(warning(&app), Decimal::from(5), "never below one step");
        app.refresh();
        assert_eq!(warning(&app), Decimal::from(5));
    }

    #[test]
    fn the_simulator_recomputes_on_every_adjustment() {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('5'));
        assert_eq!(app.view, View::Simulate);
        let sim = app.sim.as_ref().unwrap();
        assert!(sim.items.is_empty());
        assert_eq!(
            sim.comparison.as_ref().unwrap().interest_saved(),
            Decimal::ZERO
        );

        press(&mut app, KeyCode::Char('P'));
        let saved = |app: &App| {
            app.sim
                .as_ref()
                .unwrap()
                .comparison
                .as_ref()
                .unwrap()
                .interest_saved()
        };
        let first = saved(&app);
        assert!(first > Decimal::ZERO, "prepaying saves interest");
        press(&mut app, KeyCode::Right);
        let more = saved(&app);
        assert!(more >= first, "a larger prepayment saves at least as much");
        let Some(WhatIf::Prepay { amount, .. }) = app.sim.as_ref().unwrap().items.first().cloned()
        else {
            panic!()
        };
        assert_eq!(amount, Decimal::from(1100));
        app.update(&Event::Key(KeyEvent::new(
            KeyCode::Left,
            KeyModifiers::SHIFT,
        )));
        let Some(WhatIf::Prepay { amount, .. }) = app.sim.as_ref().unwrap().items.first().cloned()
        else {
            panic!()
        };
        assert_eq!(
            amount,
            Decimal::ONE_HUNDRED,
            "Shift steps by 1,000 and never below one step"
        );

        press(&mut app, KeyCode::Char('D'));
        assert_eq!(app.sim.as_ref().unwrap().items.len(), 2);
        assert!(saved(&app) < more, "paying late costs penalty interest");
        press(&mut app, KeyCode::Char('d'));
        assert_eq!(app.sim.as_ref().unwrap().items.len(), 1);
        // The scenario never touches the store.
        assert_eq!(app.data(), &demo_store(as_of()));
    }

    fn shift(app: &mut App, c: char) {
        app.update(&Event::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::SHIFT,
        )));
    }

    fn items(app: &App) -> Vec<WhatIf> {
        app.sim.as_ref().unwrap().items.clone()
    }

    #[test]
    fn a_what_if_amount_stays_inside_the_accepted_range() {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('5'));
        shift(&mut app, 'M');
        let max = crate::engine::validate::MAX_AMOUNT;
        let set = |app: &mut App, amount: Decimal| {
            app.sim.as_mut().unwrap().items[0] = WhatIf::Budget { amount };
        };
        let amount = |app: &App| match items(app)[0] {
            WhatIf::Budget { amount } => amount,
            ref other => panic!("{other:?}"),
        };
        // At the cap (and from a value past it, as a hand-edited scenario once held)
        // a step up stays at the cap instead of overflowing.
        for start in [max, Decimal::MAX] {
            set(&mut app, start);
            shift(&mut app, 'L');
            assert_eq!(amount(&app), max);
        }
        press(&mut app, KeyCode::Left);
        assert_eq!(amount(&app), max - super::super::sim::AMOUNT_STEP);
    }

    #[test]
    fn scenarios_are_saved_by_name_replaced_only_when_confirmed_and_opened_again() {
        use crate::store::WhatIf;
        let mut app = demo_app();
        typed(&mut app, "5w");
        assert!(matches!(app.overlay, Overlay::None), "nothing to save yet");
        shift(&mut app, 'P');
        press(&mut app, KeyCode::Right);
        press(&mut app, KeyCode::Char('w'));
        assert!(matches!(app.overlay, Overlay::Form(_)));
        press(&mut app, KeyCode::Enter);
        assert!(
            matches!(app.overlay, Overlay::Form(_)),
            "a name is required"
        );
        typed(&mut app, "plan");
        press(&mut app, KeyCode::Enter);
        assert!(matches!(app.overlay, Overlay::None));
        let first = app.selected_loan_id().unwrap();
        let saved = |app: &App| app.data().scenarios.clone();
        assert_eq!(saved(&app).len(), 1);
        assert_eq!(saved(&app)[0].name, "plan");
        assert_eq!(
            saved(&app)[0].actions,
            [WhatIf::Prepay {
                loan: first,
                amount: "1100.00".parse().unwrap(),
                mode: PrepayMode::Shorten,
            }]
        );
        assert!(status_text(&app).contains("plan"));

        // The same name again: asked first; n keeps the saved one, y replaces it.
        press(&mut app, KeyCode::Left);
        press(&mut app, KeyCode::Char('w'));
        press(&mut app, KeyCode::Enter);
        assert!(
            matches!(&app.overlay, Overlay::Confirm(Confirm { pending: Pending::OverwriteScenario(n), .. }) if n == "plan")
        );
        let before = app.data().clone();
        press(&mut app, KeyCode::Char('n'));
        assert_eq!(app.data(), &before);
        press(&mut app, KeyCode::Char('w'));
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Char('y'));
        assert_eq!(saved(&app).len(), 1);
        let WhatIf::Prepay { amount, .. } = &saved(&app)[0].actions[0] else {
            panic!()
        };
        assert_eq!(*amount, Decimal::ONE_THOUSAND);

        // Discard, then open it again from the list.
        let edited = items(&app);
        press(&mut app, KeyCode::Char('x'));
        assert!(items(&app).is_empty());
        press(&mut app, KeyCode::Char('o'));
        assert!(matches!(
            app.overlay,
            Overlay::Scenarios { selected: 0, .. }
        ));
        press(&mut app, KeyCode::Enter);
        assert!(matches!(app.overlay, Overlay::None));
        assert_eq!(items(&app), edited);
        assert_eq!(app.sim.as_ref().unwrap().name.as_deref(), Some("plan"));

        // Delete asks first, and undo brings it back.
        typed(&mut app, "od");
        assert!(screen(&app, 80, 24).contains("Delete the saved scenario plan?"));
        press(&mut app, KeyCode::Char('n'));
        assert_eq!(saved(&app).len(), 1);
        assert!(
            matches!(app.overlay, Overlay::Scenarios { selected: 0 }),
            "no goes back to the list: {:?}",
            app.overlay
        );
        typed(&mut app, "dy");
        assert!(saved(&app).is_empty());
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Char('u'));
        assert_eq!(saved(&app).len(), 1);
    }

    #[test]
    fn a_saved_scenario_whose_loan_is_gone_opens_without_it() {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('5'));
        shift(&mut app, 'P');
        shift(&mut app, 'M');
        press(&mut app, KeyCode::Char('w'));
        typed(&mut app, "gone");
        press(&mut app, KeyCode::Enter);
        typed(&mut app, "1dyo");
        assert_eq!(app.view, View::Simulate);
        press(&mut app, KeyCode::Enter);
        assert!(matches!(items(&app)[..], [WhatIf::Budget { .. }]));
        let status = app.status.clone().unwrap();
        assert!(status.text.contains('1') && !status.error, "{status:?}");
    }

    #[test]
    fn applying_asks_first_lists_what_it_writes_and_undo_takes_it_back() {
        let (mut app, before) = demo_with_data();
        press(&mut app, KeyCode::Char('5'));
        shift(&mut app, 'P');
        shift(&mut app, 'B');
        let expected = app.sim.as_ref().unwrap().comparison.clone().unwrap();
        shift(&mut app, 'D');
        shift(&mut app, 'A');
        let Overlay::Confirm(Confirm {
            pending: Pending::Apply(enactment),
            ..
        }) = &app.overlay
        else {
            panic!("{:?}", app.status)
        };
        use crate::simulate::Enacted;
        assert!(matches!(
            enactment.steps[..],
            [Enacted::Payment { .. }, Enacted::Loan(_), Enacted::Skipped]
        ));
        assert_eq!(app.data(), &before, "nothing is written before y");
        press(&mut app, KeyCode::Char('n'));
        assert!(matches!(app.overlay, Overlay::None));
        assert_eq!(app.data(), &before);

        shift(&mut app, 'A');
        press(&mut app, KeyCode::Char('y'));
        assert_eq!(app.data().loans.len(), before.loans.len() + 1);
        let new = &app.data().payments[before.payments.len()..];
        assert!(
            new.iter()
                .any(|p| p.kind == crate::store::PaymentKind::Prepayment
                    && p.amount == Decimal::ONE_THOUSAND),
            "{new:?}"
        );
        assert_eq!(
            status_text(&app),
            format!(
                "{} ({})",
                app.strings().sim_applied,
                app.strings().demo_not_saved
            )
        );
        // Only the late payment is left to simulate, on the store as it now is; without
        // it, the store's own figures are those the scenario showed.
        assert!(matches!(items(&app)[..], [WhatIf::Late { .. }]));
        press(&mut app, KeyCode::Char('d'));
        let now = app.sim.as_ref().unwrap().comparison.clone().unwrap();
        assert_eq!(now.baseline, expected.scenario);

        press(&mut app, KeyCode::Char('u'));
        assert_eq!(app.data(), &before);
    }

    #[test]
    fn late_payments_and_budgets_alone_apply_nothing() {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('5'));
        shift(&mut app, 'A');
        assert_eq!(status_text(&app), app.strings().sim_empty_scenario);
        shift(&mut app, 'D');
        shift(&mut app, 'M');
        shift(&mut app, 'A');
        assert!(matches!(app.overlay, Overlay::None));
        assert_eq!(status_text(&app), app.strings().sim_nothing_to_apply);
        assert_eq!(app.data(), &demo_store(as_of()));
    }

    #[test]
    fn a_failed_apply_is_shown_and_the_file_left_alone() {
        a_save_fails(|app| {
            press(app, KeyCode::Char('5'));
            shift(app, 'P');
            shift(app, 'A');
            press(app, KeyCode::Char('y'));
        });
    }

    #[test]
    fn a_what_if_stays_on_its_loan_when_another_is_deleted_and_goes_with_its_own() {
        let mut app = demo_app();
        let ids: Vec<String> = app.data().loans.iter().map(|l| l.id.clone()).collect();
        let last = ids.last().unwrap().clone();
        app.select_id(&last);
        shift(&mut app, 'P');
        press(&mut app, KeyCode::Char('1'));
        app.select_id(&ids[0]);
        typed(&mut app, "dy");
        assert!(app.data().loan(&ids[0]).is_none());
        let items = items(&app);
        assert!(
            matches!(&items[..], [WhatIf::Prepay { loan, .. }] if *loan == last),
            "{items:?}"
        );
        app.select_id(&last);
        typed(&mut app, "dy");
        assert!(self::items(&app).is_empty());
    }

    #[test]
    fn the_simulator_compares_moving_the_selected_loan_to_a_cheaper_line() {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('5'));
        assert!(app.sim.as_ref().unwrap().refinance.is_none());
        shift(&mut app, 'P');
        let sim = app.sim.as_ref().unwrap();
        let (id, refinance) = sim.refinance.clone().unwrap();
        assert_eq!(Some(&id), app.selected_loan_id().as_ref());
        let simulator = sim.simulator.as_ref().unwrap();
        assert_eq!(refinance, simulator.refinance(&id));
        // Every revolving account that owes something carries its disclosure.
        assert_eq!(sim.disclosures.len(), simulator.disclosures().len());
        assert!(!sim.disclosures.is_empty());
    }

    #[test]
    fn a_budget_below_the_minimums_is_infeasible_not_a_hang() {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('M'));
        for _ in 0..20 {
            app.update(&Event::Key(KeyEvent::new(
                KeyCode::Left,
                KeyModifiers::SHIFT,
            )));
        }
        let comparison = app.sim.as_ref().unwrap().comparison.clone().unwrap();
        let plans = comparison.plans.unwrap();
        assert!(matches!(
            plans.avalanche,
            Err(crate::simulate::PlanError::Infeasible(_))
        ));
    }

    /// Open the detail of loan `id` from the dashboard.
    fn open_loan(app: &mut App, id: &str) {
        press(app, KeyCode::Char('g'));
        while app.selected_loan_id().as_deref() != Some(id) {
            press(app, KeyCode::Char('j'));
        }
        press(app, KeyCode::Enter);
        assert_eq!(app.view, View::Detail);
    }

    #[test]
    fn the_detail_edits_or_deletes_the_payment_of_the_selected_row_and_names_it() {
        let mut app = demo_app();
        open_loan(&mut app, "L1");
        // Row 2 (July) was paid on its due date by one payment.
        typed(&mut app, "gj");
        let july = "2026-07-20".parse::<NaiveDate>().unwrap();
        let paid_july = app
            .data()
            .payments_for("L1")
            .find(|p| p.date == july)
            .map(|p| p.id)
            .unwrap();
        assert_eq!(app.detail_payment(), Some(paid_july));
        press(&mut app, KeyCode::Char('e'));
        match &app.overlay {
            Overlay::Form(form) => {
                assert_eq!(
                    form.kind,
                    super::super::form::FormKind::EditPayment(paid_july)
                )
            }
            other => panic!("e edits the payment: {other:?}"),
        }
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Char('d'));
        assert!(
            matches!(app.overlay, Overlay::Confirm(Confirm { pending: Pending::DeletePayment(id), .. }) if id == paid_july)
        );
        let text = screen(&app, 120, 40);
        assert!(
            text.contains(&format!("Delete payment P{paid_july}: 2026-07-20, L1")),
            "d names the payment: {text}"
        );
        press(&mut app, KeyCode::Char('y'));
        assert!(app.data().payments.iter().all(|p| p.id != paid_july));
        assert_eq!(app.data().loans.len(), 4, "only the payment went");
        // The later payments now pay July late: the detail shows the penalty they paid.
        let row = app
            .overview
            .as_ref()
            .unwrap()
            .loans
            .iter()
            .find(|l| l.id == "L1")
            .unwrap();
        let (_, state) = app.detail.as_ref().unwrap();
        assert!(row.penalty_paid > Decimal::ZERO);
        assert_eq!(row.penalty_paid, state.penalty_paid());
        let text = screen(&app, 120, 40);
        let total = super::super::views::cash(&app, row.interest_paid + row.penalty_paid);
        let penalty = super::super::views::cash(&app, row.penalty_paid);
        assert!(
            text.contains(&format!(
                "Interest paid {total} (of which penalty {penalty})"
            )),
            "{text}"
        );
        let july_row = text.lines().find(|l| l.contains(" 2 2026-07-20")).unwrap();
        let paid = super::super::views::cash(&app, state.installments[1].paid_penalty);
        assert!(
            july_row.contains("✓ paid") && july_row.contains(&paid),
            "{july_row}"
        );

        // The last row is not paid: Enter says so, e and d act on the loan, named.
        press(&mut app, KeyCode::Char('G'));
        assert_eq!(app.detail_payment(), None);
        press(&mut app, KeyCode::Enter);
        assert_eq!(status_text(&app), app.strings().row_unpaid);
        press(&mut app, KeyCode::Char('d'));
        assert!(matches!(
            app.overlay,
            Overlay::Confirm(Confirm {
                pending: Pending::DeleteDebt(_),
                ..
            })
        ));
        let text = screen(&app, 120, 40);
        assert!(text.contains("Delete L1 借"), "{text}");
    }

    #[test]
    fn enter_on_a_revolving_account_opens_its_statement_minimum_and_disclosure() {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('G'));
        assert!(matches!(app.selected_row(), Some(RowRef::Revolving(_))));
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.view, View::Detail);
        let account = app.data().revolving[0].clone();
        let disclosure = account.terms().disclosure(account.statement_balance);
        let projection = crate::book::dues::RevolvingProjection::new(
            &account,
            app.data().payments_for(&account.id),
            as_of(),
        );
        let (next, on_minimum) = projection.interest_if(projection.minimum());
        let cash = |x| super::super::views::cash(&app, x);
        let text = screen(&app, 120, 40);
        for part in [
            format!("Statement {}", cash(account.statement_balance)),
            format!(
                "Minimum due {}: {}",
                projection.due_date(),
                cash(projection.minimum())
            ),
            // Past the due date, on which the demo paid the minimum.
            format!("interest to {next}: {}", cash(on_minimum)),
            format!(
                "Paying only the minimum: {}",
                app.strings()
                    .months(disclosure.minimum_only.months.unwrap())
            ),
            format!(
                "Paying {} a month clears it in 36 months",
                cash(disclosure.payment_36)
            ),
        ] {
            assert!(text.contains(&part), "{part}: {text}");
        }
        // e edits the account, as on the dashboard.
        press(&mut app, KeyCode::Char('e'));
        assert!(matches!(
            &app.overlay,
            Overlay::Form(form) if form.kind == super::super::form::FormKind::EditRevolving(account.id.clone())
        ));
    }

    /// The demo's car loan (L3) as a lender that truncates to the cent would plan it.
    fn truncating_plan(dir: &std::path::Path) -> std::path::PathBuf {
        let app = demo_app();
        let mut input =
            crate::engine::loan::LoanInput::from(&app.data().loan("L3").unwrap().terms());
        input.conventions.rounding = crate::engine::money::Rounding::Down;
        let terms = LoanTerms::new(&input).unwrap();
        let mut text = String::from("期数,还款日,应还金额,本金,利息\n");
        for r in crate::engine::schedule::build(&terms, &[]).unwrap().rows {
            text.push_str(&format!(
                "{},{},{},{},{}\n",
                r.period, r.due_date, r.payment, r.principal, r.interest
            ));
        }
        let path = dir.join("car.csv");
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn f_holds_the_loan_against_its_lenders_plan_and_explains_each_difference() {
        let dir = tempfile::tempdir().unwrap();
        let plan = truncating_plan(dir.path());
        let bad = dir.path().join("bad.csv");
        std::fs::write(&bad, "x\n").unwrap();
        let mut app = demo_app();
        open_loan(&mut app, "L3");
        // A file that is no plan: the form stays, naming what is wrong.
        press(&mut app, KeyCode::Char('f'));
        typed(&mut app, bad.to_str().unwrap());
        press(&mut app, KeyCode::Enter);
        let form = open_form(&app);
        let (_, problem) = form.problem.as_ref().unwrap();
        let problem = problem.render(Language::En);
        assert!(problem.contains("no recognisable header"), "{problem}");
        press(&mut app, KeyCode::Esc);
        assert!(app.plans.is_empty());

        press(&mut app, KeyCode::Char('f'));
        typed(&mut app, plan.to_str().unwrap());
        press(&mut app, KeyCode::Enter);
        assert!(matches!(app.overlay, Overlay::None), "{:?}", app.overlay);
        assert_eq!(app.view, View::Detail);
        let attached = app.attached().unwrap();
        assert_eq!(attached.result.verdict(), Verdict::Explained);
        let differ = attached.result.rows.iter().filter(|c| !c.matches()).count();
        assert!(differ > 0);
        let status = status_text(&app);
        assert!(
            status.starts_with(&format!(
                "car.csv: {differ} of 36 rows differ, explained: the lender truncates"
            )),
            "{status}"
        );
        let text = screen(&app, 120, 40);
        assert!(
            text.contains(&format!(
                "lender's plan car.csv: {differ} of 36 rows differ"
            )),
            "{text}"
        );
        assert!(
            text.contains("Lender") && text.contains("Theirs − ours"),
            "{text}"
        );
        // Period 2 is the first to differ: ≠ beside the lender's payment, the cents in the
        // last column, and the reason in the status line once selected.
        let second = text.lines().find(|l| l.contains("2026-02-10")).unwrap();
        assert!(
            second.contains("≠ ¥1,548.43") && second.contains("Principal +0.01, Interest -0.01"),
            "{second}"
        );
        press(&mut app, KeyCode::Char('j'));
        assert_eq!(
            status_text(&app),
            "Period 2 differs from the lender's: the lender truncates interest and payment to the cent"
        );
        // Edited to truncate as the lender does, the loan matches its plan.
        let mut data = app.data().clone();
        let loan = data.loans.iter_mut().find(|l| l.id == "L3").unwrap();
        let mut conventions = loan.conventions.clone().unwrap_or_default();
        conventions.rounding = crate::engine::money::Rounding::Down;
        loan.conventions = Some(conventions);
        app.commit(data, "edited");
        assert_eq!(app.attached().unwrap().result.verdict(), Verdict::Match);
        let text = screen(&app, 120, 40);
        assert!(text.contains("car.csv: 0 of 36 rows differ"), "{text}");
        assert!(!text.contains("≠ ¥"), "{text}");
    }

    /// An app on the store file at `path`, as a restart opens it.
    fn reopened(path: &std::path::Path) -> App {
        crate::tui::harness::opened(
            Backing::File(Store::open(path).unwrap()),
            as_of(),
            Language::En,
        )
    }

    #[test]
    fn a_plan_f_keeps_is_saved_with_the_loan_comes_back_after_a_restart_and_u_undoes_it() {
        let dir = tempfile::tempdir().unwrap();
        let plan = truncating_plan(dir.path());
        let (mut app, path) = file_app(&dir);
        let before = app.data().clone();
        open_loan(&mut app, "L3");
        press(&mut app, KeyCode::Char('f'));
        typed(&mut app, plan.to_str().unwrap());
        press(&mut app, KeyCode::Enter);
        assert!(!app.has_unsaved(), "{:?}", app.status);
        let kept = app.data().loan("L3").unwrap().plan.clone().unwrap();
        assert_eq!(kept.source, plan.display().to_string());

        // The file gone and the app started again: the plan and its verdict are back.
        std::fs::remove_file(&plan).unwrap();
        let mut again = reopened(&path);
        assert_eq!(again.data().loan("L3").unwrap().plan.as_ref(), Some(&kept));
        open_loan(&mut again, "L3");
        assert_eq!(
            again.attached().map(|a| a.result.verdict()),
            Some(Verdict::Explained)
        );
        let text = screen(&again, 120, 40);
        assert!(text.contains("lender's plan car.csv: "), "{text}");

        // Undone in the session that kept it: not kept, in memory and on disk.
        drop(again);
        press(&mut app, KeyCode::Char('u'));
        assert_eq!(app.data(), &before);
        assert!(app.attached().is_none());
        assert_eq!(reopened(&path).data(), &before);
    }

    #[test]
    fn f_left_empty_drops_the_kept_plan_and_u_brings_it_back() {
        let dir = tempfile::tempdir().unwrap();
        let plan = truncating_plan(dir.path());
        let (mut app, path) = file_app(&dir);
        open_loan(&mut app, "L3");
        // Nothing kept: an empty form is refused, as before.
        press(&mut app, KeyCode::Char('f'));
        press(&mut app, KeyCode::Enter);
        assert!(matches!(&app.overlay, Overlay::Form(f) if f.problem.is_some()));
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Char('f'));
        typed(&mut app, plan.to_str().unwrap());
        press(&mut app, KeyCode::Enter);
        let kept = app.data().clone();

        // f again: the form offers the kept file, and says that empty drops it.
        press(&mut app, KeyCode::Char('f'));
        let text = screen(&app, 120, 40);
        assert!(
            text.contains("Plan file (empty: drop the one kept)"),
            "{text}"
        );
        for _ in 0..plan.to_str().unwrap().chars().count() {
            press(&mut app, KeyCode::Backspace);
        }
        press(&mut app, KeyCode::Enter);
        assert!(matches!(app.overlay, Overlay::None), "{:?}", app.overlay);
        let status = status_text(&app);
        assert!(
            status.starts_with("car.csv is no longer kept with L3; u undoes it"),
            "{status}"
        );
        assert!(app.data().loan("L3").unwrap().plan.is_none());
        assert!(app.attached().is_none());
        assert!(reopened(&path).data().loan("L3").unwrap().plan.is_none());

        press(&mut app, KeyCode::Char('u'));
        assert_eq!(app.data(), &kept);
        assert!(app.attached().is_some());
    }

    /// A loan on its lender's pinned rows (`reconcile --pin`): the detail shows the
    /// lender's figures, not our schedule's.
    #[test]
    fn a_pinned_loan_shows_the_lenders_rows_in_the_detail() {
        let mut app = demo_app();
        let mut data = app.data().clone();
        let loan = data.loans.iter_mut().find(|l| l.id == "L3").unwrap();
        let ours = crate::engine::schedule::build(&loan.terms(), &[]).unwrap();
        // A cent moved from interest to principal in period 12 and back in period 13.
        let cent = Decimal::new(1, 2);
        let pinned: Vec<_> = ours
            .installments()
            .map(|r| crate::engine::loan::PinnedRow {
                due_date: r.due_date,
                principal: r.principal
                    + match r.period {
                        12 => cent,
                        13 => -cent,
                        _ => Decimal::ZERO,
                    },
                interest: r.interest
                    - match r.period {
                        12 => cent,
                        13 => -cent,
                        _ => Decimal::ZERO,
                    },
            })
            .collect();
        let twelfth = ours
            .installments()
            .find(|r| r.period == 12)
            .unwrap()
            .clone();
        let mut conventions = loan.conventions.clone().unwrap_or_default();
        conventions.pinned = pinned;
        loan.conventions = Some(conventions);
        app.commit(data, "pinned");
        assert!(app.overview.is_ok());
        open_loan(&mut app, "L3");
        let text = screen(&app, 120, 60);
        let row = text
            .lines()
            .find(|l| l.contains(&twelfth.due_date.to_string()))
            .unwrap();
        let money = |d: Decimal| crate::engine::money::grouped(d);
        assert!(
            row.contains(&money(twelfth.principal + cent))
                && row.contains(&money(twelfth.interest - cent)),
            "{row}"
        );
        assert!(!row.contains(&money(twelfth.principal)), "{row}");
    }

    /// An edit the figures test makes, picked by numbers taken modulo what there is.
    #[derive(Debug, Clone)]
    enum Edit {
        Pay {
            loan: usize,
            days_back: i64,
            cents: i64,
        },
        Prepay {
            loan: usize,
            cents: i64,
        },
        DeletePayment(usize),
        PaymentAmount {
            payment: usize,
            cents: i64,
        },
        RenameLoan(usize),
        Rate {
            loan: usize,
            step: i64,
        },
        PayCard {
            card: usize,
            cents: i64,
        },
        Undo,
    }

    fn edit() -> impl proptest::strategy::Strategy<Value = Edit> {
        use proptest::prelude::*;
        prop_oneof![
            (any::<usize>(), 0i64..400, 1i64..500_000).prop_map(|(loan, days_back, cents)| {
                Edit::Pay {
                    loan,
                    days_back,
                    cents,
                }
            }),
            (any::<usize>(), 1i64..2_000_000)
                .prop_map(|(loan, cents)| Edit::Prepay { loan, cents }),
            any::<usize>().prop_map(Edit::DeletePayment),
            (any::<usize>(), 1i64..500_000)
                .prop_map(|(payment, cents)| Edit::PaymentAmount { payment, cents }),
            any::<usize>().prop_map(Edit::RenameLoan),
            (any::<usize>(), -50i64..50).prop_map(|(loan, step)| Edit::Rate { loan, step }),
            (any::<usize>(), 1i64..100_000).prop_map(|(card, cents)| Edit::PayCard { card, cents }),
            Just(Edit::Undo),
        ]
    }

    /// `edit` made on `data` (`None`: nothing to make it on, or undo).
    fn edited(data: &StoreData, edit: &Edit) -> Option<StoreData> {
        let mut data = data.clone();
        let payment = |loan: &str, date, cents, kind| PaymentRecord {
            id: 0,
            date,
            amount: Decimal::new(cents, 2),
            loan: loan.to_string(),
            kind,
            mode: (kind == PaymentKind::Prepayment).then_some(PrepayMode::Shorten),
        };
        let loans = data.loans.len();
        let payments = data.payments.len();
        match *edit {
            Edit::Pay {
                loan,
                days_back,
                cents,
            } => {
                let id = data.loans.get(loan % loans.max(1))?.id.clone();
                let date = as_of() - chrono::Duration::days(days_back);
                data.payments
                    .push(payment(&id, date, cents, PaymentKind::Scheduled));
            }
            Edit::Prepay { loan, cents } => {
                let id = data.loans.get(loan % loans.max(1))?.id.clone();
                data.payments
                    .push(payment(&id, as_of(), cents, PaymentKind::Prepayment));
            }
            Edit::DeletePayment(k) if payments > 0 => {
                data.payments.remove(k % payments);
            }
            Edit::PaymentAmount { payment, cents } if payments > 0 => {
                data.payments[payment % payments].amount = Decimal::new(cents, 2);
            }
            Edit::RenameLoan(loan) if loans > 0 => {
                data.loans[loan % loans].name.push('+');
            }
            Edit::Rate { loan, step } if loans > 0 => {
                let loan = &mut data.loans[loan % loans];
                loan.rate = match loan.rate {
                    Rate::Annual(r) => Rate::Annual((r + Decimal::new(step, 1)).max(Decimal::ONE)),
                    Rate::Daily(r) => Rate::Daily(r),
                };
            }
            Edit::PayCard { card, cents } if !data.revolving.is_empty() => {
                let id = data.revolving[card % data.revolving.len()].id.clone();
                data.payments
                    .push(payment(&id, as_of(), cents, PaymentKind::Scheduled));
            }
            _ => return None,
        }
        Some(data)
    }

    use crate::engine::loan::Rate;
    use crate::store::{PaymentKind, PaymentRecord};

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

        /// After any edits and undos, the figures worked out for only the loans an edit
        /// touched are those of the whole store worked out again: the dashboard's, and
        /// the record every limit projection reads.
        #[test]
        fn figures_refreshed_for_the_changed_loans_equal_a_full_refresh(
            seed in 0u64..10_000,
            loans in 1usize..30,
            edits in proptest::collection::vec(edit(), 1..12),
            unpaid_days in 0i64..200,
        ) {
            // Nothing paid lately: a payment today moves the score date a long way.
            let mut data = crate::generate::generate(loans, seed, as_of());
            let cut = as_of() - chrono::Duration::days(unpaid_days);
            data.payments.retain(|p| p.date <= cut);
            let mut app = crate::tui::harness::app_of(data, as_of());
            for edit in &edits {
                match edited(app.data(), edit) {
                    Some(data) if data.validate().is_ok() => app.commit(data, "edited"),
                    Some(_) => continue,
                    None if matches!(edit, Edit::Undo) => app.undo(),
                    None => continue,
                }
                let full = overview::overview(app.data(), as_of());
                match (&app.overview, &full) {
                    (Ok(patched), Ok(full)) => proptest::prop_assert_eq!(patched, full),
                    (Err(_), Err(_)) => {}
                    (patched, full) => proptest::prop_assert!(false, "{patched:?} against {full:?}"),
                }
                if let (Some(record), Ok(portfolio)) =
                    (app.limit.record(), crate::book::dues::Portfolio::new(app.data(), as_of()))
                {
                    let full = Record::new(&portfolio);
                    proptest::prop_assert_eq!(record.figures(), full.figures());
                    proptest::prop_assert_eq!(record.owed_figures(12), full.owed_figures(12));
                }
            }
        }
    }

    #[test]
    fn shift_f_asks_naming_what_changes_then_switches_the_loan_and_u_undoes_it() {
        let dir = tempfile::tempdir().unwrap();
        let plan = truncating_plan(dir.path());
        let mut app = demo_app();
        open_loan(&mut app, "L3");
        press(&mut app, KeyCode::Char('F'));
        assert_eq!(
            status_text(&app),
            "No lender's plan is held against this loan: f reads one"
        );
        press(&mut app, KeyCode::Char('f'));
        typed(&mut app, plan.to_str().unwrap());
        press(&mut app, KeyCode::Enter);
        let before = app.data().clone();

        // Asked, and kept: nothing changes.
        press(&mut app, KeyCode::Char('F'));
        let Overlay::Confirm(Confirm {
            pending: Pending::ApplyPlan { loan, .. },
            ..
        }) = &app.overlay
        else {
            panic!("F asks first: {:?}", app.overlay)
        };
        assert_eq!(loan, "L3");
        let question = app.apply_plan_question("L3").unwrap();
        assert!(
            question.starts_with("Switch L3 ")
                && question.contains("from car.csv? What changes: the lender truncates interest and payment to the cent.")
                && question.contains("all 36 rows match"),
            "{question}"
        );
        let text = screen(&app, 120, 40);
        assert!(text.contains("y switch · n keep ours"), "{text}");
        press(&mut app, KeyCode::Char('n'));
        assert!(matches!(app.overlay, Overlay::None));
        assert_eq!(app.data(), &before);

        // Switched: the loan truncates as its lender does and matches every row.
        typed(&mut app, "Fy");
        let loan = app.data().loan("L3").unwrap();
        let old = before.loan("L3").unwrap();
        assert_eq!(
            loan.conventions.as_ref().map(|c| c.rounding),
            Some(crate::engine::money::Rounding::Down)
        );
        assert_eq!(
            (&loan.name, loan.penalty_rate),
            (&old.name, old.penalty_rate)
        );
        assert_eq!(app.attached().unwrap().result.verdict(), Verdict::Match);
        assert!(
            app.status
                .as_ref()
                .unwrap()
                .text
                .starts_with("L3 now follows the lender's plan car.csv"),
            "{:?}",
            app.status
        );
        // Nothing left to switch to.
        press(&mut app, KeyCode::Char('F'));
        assert!(matches!(app.overlay, Overlay::None));
        assert_eq!(
            status_text(&app),
            "car.csv: every row matches the lender's plan"
        );

        press(&mut app, KeyCode::Char('u'));
        assert_eq!(app.data(), &before);
        assert_eq!(app.attached().unwrap().result.verdict(), Verdict::Explained);
    }
}
