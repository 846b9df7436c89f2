//! The terminal dashboard. `app` holds the state, `views` draws it; this module owns
//! the terminal: set up, event loop, and restoring it on every way out (quit, error,
//! panic, SIGTERM, SIGHUP).

pub mod app;
pub mod editor;
pub mod form;
pub mod i18n;
pub mod keymap;
pub mod limit;
pub mod overlay;
pub mod sim;
pub mod theme;
pub mod views;

// The integration tests' TUI harness, so the unit tests drive the app as they do.
#[cfg(test)]
#[path = "../../tests/common/tui.rs"]
mod harness;

use crate::language::{Language, fill};
use app::{App, StatusLine};
use chrono::NaiveDate;
use editor::Backing;
use keymap::Keymap;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use std::io::{self, Stdout};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use theme::Theme;

/// How the TUI was asked to start.
#[derive(Debug, Clone)]
pub struct Options {
    /// The store to open (`None`: the default location).
    pub store: Option<PathBuf>,
    /// Open the sample store instead, in memory.
    pub demo: bool,
    /// The date figures are computed for.
    pub as_of: NaiveDate,
    /// `--lang`, if given.
    pub lang: Option<Language>,
}

/// Why the TUI could not run.
#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    /// The store could not be opened (it is left untouched).
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    /// The terminal failed.
    #[error("terminal: {0}")]
    Terminal(#[from] io::Error),
}

impl TuiError {
    /// Why, in `lang`: a store that cannot be opened is said as the command line says it.
    pub fn render(&self, lang: Language) -> String {
        match self {
            TuiError::Store(e) => e.render(lang),
            TuiError::Terminal(e) => {
                format!(
                    "{}{}",
                    lang.pick("terminal: ", "终端："),
                    crate::store::io_text(e, lang)
                )
            }
        }
    }
}

/// Open the store (or the demo) and run the dashboard until the user quits.
pub fn run(options: &Options) -> Result<(), TuiError> {
    let backing = if options.demo {
        Backing::Demo(crate::demo::demo_store(options.as_of))
    } else {
        Backing::File(crate::store::Store::open(&crate::store::resolve_path(
            options.store.as_deref(),
        )?)?)
    };
    let (mut app, config_problem) = build_app(backing, options);
    if let Some(problem) = config_problem {
        app.status = Some(StatusLine {
            text: problem,
            error: true,
        });
    }
    let stop = Arc::new(AtomicBool::new(false));
    watch_signals(Arc::clone(&stop))?;
    let mut terminal = TerminalGuard::enter()?;
    let ended = event_loop(&mut app, &mut terminal.terminal, &stop);
    // Stopped by a signal, or by a terminal error: what is being saved still gets there.
    app.wait_for_saves();
    // Left to the process's end rather than freed, as the command line leaves its store:
    // the system takes a large store's memory back at once, where freeing 10,000 rows
    // and their figures one by one kept the user waiting at quit.
    std::mem::forget(app);
    ended?;
    Ok(())
}

/// How long the event loop has to notice SIGTERM or SIGHUP before the process leaves
/// without it.
const SIGNAL_GRACE: Duration = Duration::from_secs(1);

/// On SIGTERM or SIGHUP ask the event loop to stop, and should it not have within
/// [`SIGNAL_GRACE`], restore the terminal and exit: once the terminal is gone, crossterm
/// can spin on its end-of-file forever and never return to the loop. Leaving then loses
/// at most a save still running (it is atomic: the file holds the change or not).
fn watch_signals(stop: Arc<AtomicBool>) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP])?;
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            stop.store(true, Ordering::Relaxed);
            std::thread::sleep(SIGNAL_GRACE);
            restore();
            std::process::exit(128 + signal);
        }
    });
    Ok(())
}

/// The app with the user's configuration; a bad config file falls back to the shipped
/// defaults and says why.
fn build_app(backing: Backing, options: &Options) -> (App, Option<String>) {
    let read = crate::config::read_config_file;
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let lang = Language::from_env(options.lang, backing.data().profile.language);
    let mut problems = Vec::new();
    let theme = Theme::load(read("theme.ron").as_deref(), no_color).unwrap_or_else(|e| {
        problems.push(e.render(lang));
        Theme::load(None, no_color).unwrap_or_else(|_| Theme::plain())
    });
    let keymap = Keymap::load(read("keymap.ron").as_deref()).unwrap_or_else(|e| {
        problems.push(e.render(lang));
        Keymap::load(None).expect("the shipped keymap parses (tested)")
    });
    let model = match crate::config::load_model(None) {
        Ok(loaded) => {
            problems.extend(loaded.fallback.map(|f| f.said(lang)));
            loaded.model
        }
        Err(e) => {
            problems.push(i18n::field_error(lang, &e));
            crate::limit::LimitModel::shipped()
        }
    };
    let export = read("export.ron").map_or_else(
        || Ok(crate::export::ExportConfig::default()),
        |text| crate::export::ExportConfig::from_ron(&text),
    );
    let export = export.unwrap_or_else(|e| {
        problems.push(e);
        crate::export::ExportConfig::default()
    });
    let store_path = match &backing {
        Backing::File(store) => Some(store.path().to_path_buf()),
        Backing::Demo(_) => None,
    };
    let home = crate::paths::home_dir();
    let calendar = export.calendar_path(store_path.as_deref(), home.as_deref());
    let app = App::new(backing, options.as_of, lang, theme, keymap)
        .with_limit_model(model)
        .with_calendar_path(calendar);
    // The files' own detail (a parser's, the system's) stays as it is, inside a
    // sentence in the interface language.
    let problem = (!problems.is_empty()).then(|| {
        fill(
            lang.strings().config_fallback,
            &[("detail", &problems.join("; "))],
        )
    });
    (app, problem)
}

type Term = Terminal<CrosstermBackend<Stdout>>;

/// How often the store file is looked at for another program's change (a stat).
const DISK_POLL: Duration = Duration::from_millis(500);
/// How soon the end of a save running on the worker shows ("saved").
const SAVE_POLL: Duration = Duration::from_millis(15);

fn event_loop(app: &mut App, terminal: &mut Term, stop: &AtomicBool) -> io::Result<()> {
    let mut dirty = true;
    let mut looked = Instant::now();
    while !app.quit && !stop.load(Ordering::Relaxed) {
        dirty |= app.poll_saves();
        if app.quit {
            break;
        }
        if looked.elapsed() >= DISK_POLL {
            looked = Instant::now();
            dirty |= app.watch_disk();
        }
        if dirty {
            terminal.draw(|frame| views::render(app, frame))?;
            dirty = false;
        }
        // Wake now and then to notice a signal, a changed file or a save's end; nothing
        // animates.
        let wait = match app.is_saving() {
            true => SAVE_POLL,
            false => Duration::from_millis(250),
        };
        if !event::poll(wait)? {
            continue;
        }
        let event = event::read()?;
        if let Event::Resize(..) = event {
            // A drag sends many resizes: drain them and draw once.
            while event::poll(Duration::ZERO)? {
                let next = event::read()?;
                if !matches!(next, Event::Resize(..)) {
                    app.update(&next);
                    break;
                }
            }
            terminal.autoresize()?;
        } else {
            app.update(&event);
        }
        dirty = true;
    }
    Ok(())
}

/// Owns the terminal while the TUI runs; dropping it restores the terminal, and a panic
/// restores it before the panic message prints.
struct TerminalGuard {
    terminal: Term,
}

impl TerminalGuard {
    fn enter() -> io::Result<TerminalGuard> {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
        enable_raw_mode()?;
        let mut stdout = io::stdout();
        if let Err(e) = execute!(stdout, EnterAlternateScreen, EnableMouseCapture) {
            restore();
            return Err(e);
        }
        let terminal = Terminal::new(CrosstermBackend::new(stdout)).inspect_err(|_| restore())?;
        Ok(TerminalGuard { terminal })
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Put the terminal back as it was: mouse capture off first, then the main screen,
/// cooked mode and a visible cursor. Safe to call more than once.
fn restore() {
    let mut stdout = io::stdout();
    let _ = execute!(stdout, DisableMouseCapture);
    let _ = execute!(
        stdout,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
}
