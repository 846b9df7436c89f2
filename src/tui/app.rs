//! The TUI's state and the one function that changes it, [`App::update`].
//!
//! No terminal here: tests feed events and read the state. Every figure comes from the
//! engine ([`overview`], [`ledger`]); every edit goes through the store's atomic save.
//!
//! Here: the state and the dispatcher ([`App::update`], `handle_key`, [`App::act`]). Each
//! job the dispatcher hands on has its own module: editing the store and undo (`edits`),
//! the dashboard's rows (`rows`), the loan detail (`detail`), the file on disk (`disk`),
//! saved scenarios (`scenarios`) and lenders' plans (`plan`); `tests` holds the key-by-key
//! helpers they share.

mod detail;
mod disk;
mod edits;
mod plan;
mod rows;
mod scenarios;

pub use plan::Attached;
use rows::owing_loans;
pub use rows::{RowRef, SortKey};

use super::editor::{Backing, Editor};
use super::form::Form;
use super::i18n::{self, Strings};
use super::keymap::{Action, Keymap};
use super::limit::LimitState;
use super::overlay::{Confirm, Overlay, Pending};
use super::sim::SimState;
use super::theme::Theme;
use crate::book::ledger::{self, LoanState};
use crate::book::overview::{self, Overview};
use crate::book::payments::{self, Listed};
use crate::engine::loan::FieldError;
use crate::language::{Language, fill};
use crate::limit::LimitModel;
use crate::simulate::{self, WhatIfKind};
use crate::store::{Store, StoreData};
use chrono::NaiveDate;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::Rect;
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
    /// The figures of the current data (a refusal is said in the language drawn in).
    pub overview: Result<Overview, FieldError>,
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
    payments: OnceCell<Result<Vec<Listed>, FieldError>>,
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
        let editor = Editor::new(backing);
        let mut limit = LimitState::new(LimitModel::shipped());
        let overview = read_figures(&editor, as_of, &mut limit);
        let mut app = App {
            editor,
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
            overview,
            detail: None,
            hits: HitAreas::default(),
            page: Cell::new(10),
            account_text: Cell::new((0, 0)),
            limit,
            rows: OnceCell::new(),
            payments: OnceCell::new(),
            disk_prompted: false,
            plans: Vec::new(),
            quit_when_saved: false,
            sim: None,
            calendar_path: None,
        };
        app.refreshed();
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
    pub fn payments(&self) -> &Result<Vec<Listed>, FieldError> {
        self.payments.get_or_init(|| payments::list(self.data()))
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
        self.overview = read_figures(&self.editor, self.as_of, &mut self.limit);
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
        (self.limit).project(self.editor.data(), overview);
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
}

/// The dashboard's figures as of `as_of`, and the record every line's limit projection
/// reads into `limit`: every loan replayed once (or read from the figures kept beside a
/// large store).
fn read_figures(
    editor: &Editor,
    as_of: NaiveDate,
    limit: &mut LimitState,
) -> Result<Overview, FieldError> {
    match editor.figures(as_of) {
        Ok(figures) => {
            limit.read(editor.data(), Ok(figures.record));
            Ok(figures.overview)
        }
        Err(e) => {
            limit.read(editor.data(), Err(&e));
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests;
