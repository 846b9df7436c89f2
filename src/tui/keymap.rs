//! Keys to actions: the shipped bindings in `assets/keymap.ron`, patched by the user's.

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
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Action::ALL
            .iter()
            .find(|(_, n)| *n == s)
            .map(|(a, _)| *a)
            .ok_or_else(|| {
                let names: Vec<_> = Action::ALL.iter().map(|(_, n)| *n).collect();
                format!("unknown action {s:?}; accepted: {}", names.join(", "))
            })
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

impl FromStr for Key {
    type Err = String;
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
                _ => return Err(format!("unknown key {s:?}")),
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

impl Keymap {
    /// The shipped bindings patched by `user` (a keymap file's text, if any).
    pub fn load(user: Option<&str>) -> Result<Keymap, String> {
        let mut bindings = parse(DEFAULT_KEYMAP).map_err(|e| format!("shipped keymap: {e}"))?;
        if let Some(text) = user {
            bindings.extend(parse(text).map_err(|e| format!("keymap.ron: {e}"))?);
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

fn parse(text: &str) -> Result<HashMap<Key, Action>, String> {
    let raw: HashMap<String, String> =
        ron::from_str(text).map_err(|e| crate::store::ron_error(&e))?;
    raw.into_iter()
        .map(|(key, action)| {
            Ok((
                key.parse()?,
                action.parse().map_err(|e| format!("{key:?}: {e}"))?,
            ))
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

    #[test]
    fn bad_keymaps_name_the_problem() {
        assert!(
            Keymap::load(Some(r#"{ "x": "fly" }"#))
                .unwrap_err()
                .contains("fly")
        );
        assert!(
            Keymap::load(Some(r#"{ "hyper-x": "quit" }"#))
                .unwrap_err()
                .contains("hyper-x")
        );
    }
}
