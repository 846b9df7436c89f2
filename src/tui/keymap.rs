//! Keys to actions: the shipped bindings in `assets/keymap.ron`, patched by the user's.

use crate::engine::error::{Problem, choose};
use crate::language::Language;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::str::FromStr;

/// The shipped key bindings.
pub const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.ron");

/// Everything a key can ask for outside a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    Quit,
    Help,
    NextView,
    PreviousView,
    Dashboard,
    LoanDetail,
    Payments,
    Limit,
    Simulate,
    Up,
    Down,
    Left,
    Right,
    Top,
    Bottom,
    PageUp,
    PageDown,
    Open,
    Back,
    Sort,
    ReverseSort,
    AddLoan,
    AddRevolving,
    Edit,
    Delete,
    Pay,
    Undo,
    BigLeft,
    BigRight,
    SimPrepay,
    SimBorrow,
    SimLate,
    SimBudget,
    SimTarget,
    SimMode,
    SimDtiDown,
    SimDtiUp,
    SimSave,
    SimLoad,
    SimDiscard,
    SimApply,
    ExportCalendar,
    AttachPlan,
    ApplyPlan,
}

impl Action {
    /// Every action with its keymap name, in the order the help lists them.
    pub const ALL: [(Action, &'static str); 44] = [
        (Action::Quit, "quit"),
        (Action::Help, "help"),
        (Action::NextView, "next-view"),
        (Action::PreviousView, "previous-view"),
        (Action::Dashboard, "dashboard"),
        (Action::LoanDetail, "loan-detail"),
        (Action::Payments, "payments"),
        (Action::Limit, "limit"),
        (Action::Simulate, "simulate"),
        (Action::Up, "up"),
        (Action::Down, "down"),
        (Action::Left, "left"),
        (Action::Right, "right"),
        (Action::Top, "top"),
        (Action::Bottom, "bottom"),
        (Action::PageUp, "page-up"),
        (Action::PageDown, "page-down"),
        (Action::Open, "open"),
        (Action::Back, "back"),
        (Action::Sort, "sort"),
        (Action::ReverseSort, "reverse-sort"),
        (Action::AddLoan, "add-loan"),
        (Action::AddRevolving, "add-revolving"),
        (Action::Edit, "edit"),
        (Action::Delete, "delete"),
        (Action::Pay, "pay"),
        (Action::Undo, "undo"),
        (Action::BigLeft, "big-left"),
        (Action::BigRight, "big-right"),
        (Action::SimPrepay, "sim-prepay"),
        (Action::SimBorrow, "sim-borrow"),
        (Action::SimLate, "sim-late"),
        (Action::SimBudget, "sim-budget"),
        (Action::SimTarget, "sim-target"),
        (Action::SimMode, "sim-mode"),
        (Action::SimDtiDown, "sim-dti-down"),
        (Action::SimDtiUp, "sim-dti-up"),
        (Action::SimSave, "sim-save"),
        (Action::SimLoad, "sim-load"),
        (Action::SimDiscard, "sim-discard"),
        (Action::SimApply, "sim-apply"),
        (Action::ExportCalendar, "export-calendar"),
        (Action::AttachPlan, "attach-plan"),
        (Action::ApplyPlan, "apply-plan"),
    ];

    /// The keymap spelling.
    pub fn name(self) -> &'static str {
        Action::ALL
            .iter()
            .find(|(a, _)| *a == self)
            .map_or("?", |(_, n)| n)
    }
}

impl FromStr for Action {
    type Err = Problem;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        choose(s, &Action::ALL, |(_, name)| name).map(|(action, _)| action)
    }
}

/// A key with its modifiers, as a keymap file spells it (`ctrl-c`, `G`, `pagedown`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    code: KeyCode,
    modifiers: KeyModifiers,
}

impl Key {
    /// The key of a terminal key event; shift is folded into the character itself.
    pub fn of(event: &KeyEvent) -> Key {
        let mut modifiers =
            event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match event.code {
            KeyCode::Char(c) => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::Char(if modifiers.contains(KeyModifiers::CONTROL) {
                    c.to_ascii_lowercase()
                } else {
                    c
                })
            }
            // Terminals send Shift-Tab as BackTab, so a binding written either way fires.
            KeyCode::BackTab | KeyCode::Tab
                if event.code == KeyCode::BackTab || modifiers.contains(KeyModifiers::SHIFT) =>
            {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        Key { code, modifiers }
    }
}

/// The key event a key stands for (as a terminal would send it).
impl From<Key> for KeyEvent {
    fn from(key: Key) -> KeyEvent {
        KeyEvent::new(key.code, key.modifiers)
    }
}

/// Key names, lower case; each is also read as the help writes it (`Enter`, `PgDn`, `↑`).
const NAMED: [(&str, KeyCode); 19] = [
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pageup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("space", KeyCode::Char(' ')),
    ("pgup", KeyCode::PageUp),
    ("pgdn", KeyCode::PageDown),
    ("↑", KeyCode::Up),
    ("↓", KeyCode::Down),
    ("←", KeyCode::Left),
    ("→", KeyCode::Right),
];

/// A keymap's key spelled as no key: what was typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAKey(pub String);

impl NotAKey {
    /// What is wrong and what a key is, in `lang`.
    pub fn render(&self, lang: Language) -> String {
        let names: Vec<_> = NAMED.iter().map(|(name, _)| *name).collect();
        let names = names.join(lang.list_separator());
        let got = &self.0;
        lang.pick(
            format!(
                "{got:?} is not a key; a key is one character, a name ({names}) or F1 to F12, after any of ctrl-, alt-, shift-"
            ),
            format!(
                "{got:?} 不是按键；按键为单个字符、键名（{names}）或 F1 至 F12，前面可加 ctrl-、alt-、shift-"
            ),
        )
    }
}

impl FromStr for Key {
    type Err = NotAKey;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = s;
        // Names and modifiers in any case, as typed or as the help shows them; a single
        // character keeps its case (`g` and `G` are two keys).
        let modifier = |rest: &str| {
            [
                ("ctrl-", KeyModifiers::CONTROL),
                ("alt-", KeyModifiers::ALT),
                ("shift-", KeyModifiers::SHIFT),
            ]
            .into_iter()
            .find(|(prefix, _)| {
                rest.len() > prefix.len()
                    && rest
                        .get(..prefix.len())
                        .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
            })
        };
        while let Some((prefix, flag)) = modifier(rest) {
            modifiers |= flag;
            rest = &rest[prefix.len()..];
        }
        let named = (rest.chars().count() > 1).then(|| rest.to_lowercase());
        let code = if let Some((_, code)) = NAMED
            .iter()
            .find(|(n, _)| named.as_deref().unwrap_or(rest) == *n)
        {
            *code
        } else if let Some(n) = named
            .as_deref()
            .and_then(|name| name.strip_prefix('f'))
            .and_then(|n| n.parse::<u8>().ok())
            .filter(|n| (1..=12).contains(n))
        {
            KeyCode::F(n)
        } else {
            let mut chars = rest.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => KeyCode::Char(c),
                _ => return Err(NotAKey(s.to_string())),
            }
        };
        Ok(Key::of(&KeyEvent::new(code, modifiers)))
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (flag, name) in [
            (KeyModifiers::CONTROL, "Ctrl-"),
            (KeyModifiers::ALT, "Alt-"),
            (KeyModifiers::SHIFT, "Shift-"),
        ] {
            if self.modifiers.contains(flag) {
                f.write_str(name)?;
            }
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "F{n}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// The bindings in force.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: HashMap<Key, Action>,
}

/// A keymap refused: which file, and what is wrong in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeymapError {
    /// The shipped keymap (a bug) or the user's `keymap.ron`.
    pub shipped: bool,
    pub fault: Fault,
}

/// What is wrong in a keymap file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Not a map of key to action: the RON parser's own words (`line:column: what`).
    Syntax(String),
    /// A key spelled as no key.
    Key(NotAKey),
    /// An action that is none, bound to `key`.
    Action { key: String, problem: Problem },
}

impl KeymapError {
    /// `file: what is wrong`, in `lang`.
    pub fn render(&self, lang: Language) -> String {
        let file = match self.shipped {
            true => lang.pick("shipped keymap", "内置键位表"),
            false => "keymap.ron",
        };
        let colon = lang.colon();
        let fault = match &self.fault {
            Fault::Syntax(detail) => detail.clone(),
            Fault::Key(key) => key.render(lang),
            Fault::Action { key, problem } => format!("{key:?}{colon}{}", problem.render(lang)),
        };
        format!("{file}{colon}{fault}")
    }
}

impl Keymap {
    /// The shipped bindings patched by `user` (a keymap file's text, if any).
    pub fn load(user: Option<&str>) -> Result<Keymap, KeymapError> {
        let read = |text, shipped| parse(text).map_err(|fault| KeymapError { shipped, fault });
        let mut bindings = read(DEFAULT_KEYMAP, true)?;
        if let Some(text) = user {
            bindings.extend(read(text, false)?);
        }
        Ok(Keymap { bindings })
    }

    /// The action bound to a key event, if any.
    pub fn action(&self, event: &KeyEvent) -> Option<Action> {
        self.bindings.get(&Key::of(event)).copied()
    }

    /// The keys bound to each action, for the help screen (same table as the bindings).
    pub fn keys_by_action(&self) -> BTreeMap<Action, Vec<String>> {
        let mut by_action: BTreeMap<Action, Vec<String>> = BTreeMap::new();
        for (key, action) in &self.bindings {
            by_action.entry(*action).or_default().push(key.to_string());
        }
        for keys in by_action.values_mut() {
            keys.sort();
        }
        by_action
    }
}

fn parse(text: &str) -> Result<HashMap<Key, Action>, Fault> {
    let raw: HashMap<String, String> =
        ron::from_str(text).map_err(|e| Fault::Syntax(crate::store::ron_error(&e)))?;
    raw.into_iter()
        .map(|(key, action)| {
            let parsed = key.parse().map_err(Fault::Key)?;
            let action = action
                .parse()
                .map_err(|problem| Fault::Action { key, problem })?;
            Ok((parsed, action))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_reads_back_as_the_help_shows_it() {
        let keymap = Keymap::load(None).unwrap();
        for key in keymap.bindings.keys() {
            let shown = key.to_string();
            assert_eq!(shown.parse::<Key>().as_ref(), Ok(key), "{shown:?}");
        }
        for (typed, key) in [("Ctrl-C", "ctrl-c"), ("PAGEDOWN", "pagedown"), ("f1", "F1")] {
            assert_eq!(typed.parse::<Key>(), key.parse::<Key>(), "{typed}");
        }
        assert_ne!("G".parse::<Key>(), "g".parse::<Key>());
        assert_eq!("shift-tab".parse::<Key>(), "backtab".parse::<Key>());
        assert!("Ctrl-".parse::<Key>().is_err());
    }

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn default_bindings_table() {
        let keymap = Keymap::load(None).unwrap();
        let table = [
            (press(KeyCode::Char('q'), KeyModifiers::NONE), Action::Quit),
            (
                press(KeyCode::Char('c'), KeyModifiers::CONTROL),
                Action::Quit,
            ),
            (press(KeyCode::Char('j'), KeyModifiers::NONE), Action::Down),
            (press(KeyCode::Down, KeyModifiers::NONE), Action::Down),
            (press(KeyCode::Char('k'), KeyModifiers::NONE), Action::Up),
            (press(KeyCode::Char('g'), KeyModifiers::NONE), Action::Top),
            (
                press(KeyCode::Char('G'), KeyModifiers::SHIFT),
                Action::Bottom,
            ),
            (
                press(KeyCode::PageDown, KeyModifiers::NONE),
                Action::PageDown,
            ),
            (press(KeyCode::Tab, KeyModifiers::NONE), Action::NextView),
            (
                press(KeyCode::Char('f'), KeyModifiers::NONE),
                Action::AttachPlan,
            ),
            (
                press(KeyCode::Char('F'), KeyModifiers::SHIFT),
                Action::ApplyPlan,
            ),
            (
                press(KeyCode::BackTab, KeyModifiers::SHIFT),
                Action::PreviousView,
            ),
            (
                press(KeyCode::Char('1'), KeyModifiers::NONE),
                Action::Dashboard,
            ),
            (press(KeyCode::Char('?'), KeyModifiers::NONE), Action::Help),
            (press(KeyCode::Enter, KeyModifiers::NONE), Action::Open),
            (press(KeyCode::Esc, KeyModifiers::NONE), Action::Back),
            (
                press(KeyCode::Char('S'), KeyModifiers::SHIFT),
                Action::ReverseSort,
            ),
            (press(KeyCode::Char('u'), KeyModifiers::NONE), Action::Undo),
        ];
        for (event, action) in table {
            assert_eq!(keymap.action(&event), Some(action), "{event:?}");
        }
        assert_eq!(
            keymap.action(&press(KeyCode::Char('z'), KeyModifiers::NONE)),
            None
        );
    }

    #[test]
    fn every_action_has_a_default_key() {
        let keys = Keymap::load(None).unwrap().keys_by_action();
        for (action, name) in Action::ALL {
            assert!(keys.contains_key(&action), "{name} has no key");
        }
    }

    #[test]
    fn user_keymap_patches_the_defaults() {
        let keymap = Keymap::load(Some(r#"{ "x": "quit", "q": "help" }"#)).unwrap();
        assert_eq!(
            keymap.action(&press(KeyCode::Char('x'), KeyModifiers::NONE)),
            Some(Action::Quit)
        );
        assert_eq!(
            keymap.action(&press(KeyCode::Char('q'), KeyModifiers::NONE)),
            Some(Action::Help)
        );
        assert_eq!(
            keymap.action(&press(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Action::Down)
        );
    }

    /// Each fault of a user's keymap says the file, the entry and what is accepted, in
    /// the user's language.
    #[test]
    fn a_bad_keymap_is_said_in_either_language() {
        let said = |text: &str| {
            let error = Keymap::load(Some(text)).unwrap_err();
            assert!(!error.shipped);
            (error.render(Language::En), error.render(Language::Zh))
        };
        let (en, zh) = said(r#"{ "x": "fly" }"#);
        assert!(
            en.starts_with(r#"keymap.ron: "x": "fly" is not accepted; accepted: quit, help, "#)
                && en.ends_with("attach-plan, apply-plan"),
            "{en}"
        );
        assert!(
            zh.starts_with(r#"keymap.ron："x"：不接受 "fly"；可选：quit、help、"#)
                && zh.ends_with("attach-plan、apply-plan"),
            "{zh}"
        );
        let (en, zh) = said(r#"{ "hyper-x": "quit" }"#);
        assert!(
            en.starts_with(r#"keymap.ron: "hyper-x" is not a key; a key is one character, a name (enter, esc, "#)
                && en.ends_with(", →) or F1 to F12, after any of ctrl-, alt-, shift-"),
            "{en}"
        );
        assert!(
            zh.starts_with(r#"keymap.ron："hyper-x" 不是按键；按键为单个字符、键名（enter、esc、"#)
                && zh.ends_with("、→）或 F1 至 F12，前面可加 ctrl-、alt-、shift-"),
            "{zh}"
        );
        // Not a map at all: where the parser stopped, after the file's name.
        let (en, zh) = said(r#"{ "x" "quit" }"#);
        assert!(en.starts_with("keymap.ron: 1:"), "{en}");
        assert!(zh.starts_with("keymap.ron：1:"), "{zh}");
    }
}
