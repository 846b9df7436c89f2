//! Colours and emphasis: shipped defaults in `assets/theme.ron`, patched by the user's.
//!
//! Defaults use the 16 ANSI colours so they look right in any terminal; meaning never
//! rests on colour alone (overdue rows also carry a `!` marker).

use crate::language::Language;
use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use std::str::FromStr;

/// The shipped colours.
pub const DEFAULT_THEME: &str = include_str!("../../assets/theme.ron");

/// Colour roles as a theme file names them; a missing role keeps its default.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    accent: Option<String>,
    overdue: Option<String>,
    paid: Option<String>,
    muted: Option<String>,
    highlight: Option<String>,
    bar: Option<String>,
    error: Option<String>,
}

/// Styles by role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    /// Titles, the active tab, card headings.
    pub accent: Style,
    /// Overdue rows and amounts.
    pub overdue: Style,
    /// Paid rows.
    pub paid: Style,
    /// Secondary text.
    pub muted: Style,
    /// Headline figures.
    pub highlight: Style,
    /// Chart bars.
    pub bar: Style,
    /// Error messages.
    pub error: Style,
    /// The selected row.
    pub selected: Style,
    /// Table headers.
    pub header: Style,
}

/// A theme refused: what is wrong in which file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThemeError {
    /// Not a theme: the RON parser's own words (`line:column: what`).
    Syntax { shipped: bool, detail: String },
    /// A role given a colour that is none.
    Colour { role: &'static str, name: String },
}

impl ThemeError {
    /// `file: what is wrong`, in `lang`.
    pub fn render(&self, lang: Language) -> String {
        let colon = lang.colon();
        match self {
            ThemeError::Syntax { shipped, detail } => {
                let file = match shipped {
                    true => lang.pick("shipped theme", "内置配色"),
                    false => "theme.ron",
                };
                format!("{file}{colon}{detail}")
            }
            ThemeError::Colour { role, name } => {
                let problem = lang.pick(
                    format!(
                        "unknown colour {name:?}; accepted: a colour name (red, light-blue, …), #rrggbb or 0 to 255"
                    ),
                    format!("未知颜色 {name:?}；可接受：颜色名（red、light-blue 等）、#rrggbb 或 0 至 255"),
                );
                format!("theme.ron{colon}{role}{colon}{problem}")
            }
        }
    }
}

impl Theme {
    /// The shipped theme patched by `user` (the config file's text, if any), or plain
    /// emphasis without colour when `no_color` is set.
    pub fn load(user: Option<&str>, no_color: bool) -> Result<Theme, ThemeError> {
        if no_color {
            return Ok(Theme::plain());
        }
        // Roles are optional; let a theme file write `accent: "cyan"`, not `Some("cyan")`.
        let ron = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        let read = |text: &str, shipped| {
            ron.from_str::<ThemeFile>(text)
                .map_err(|e| ThemeError::Syntax {
                    shipped,
                    detail: crate::store::ron_error(&e),
                })
        };
        let base = read(DEFAULT_THEME, true)?;
        let patch = user.map_or(Ok(ThemeFile::default()), |text| read(text, false))?;
        let pick = |user: Option<String>, default: Option<String>, role: &'static str| {
            let name = user.or(default).unwrap_or_else(|| "reset".into());
            Color::from_str(&name).map_err(|_| ThemeError::Colour { role, name })
        };
        let fg = |c: Color| Style::new().fg(c);
        Ok(Theme {
            accent: fg(pick(patch.accent, base.accent, "accent")?).add_modifier(Modifier::BOLD),
            overdue: fg(pick(patch.overdue, base.overdue, "overdue")?).add_modifier(Modifier::BOLD),
            paid: fg(pick(patch.paid, base.paid, "paid")?),
            muted: fg(pick(patch.muted, base.muted, "muted")?),
            highlight: fg(pick(patch.highlight, base.highlight, "highlight")?)
                .add_modifier(Modifier::BOLD),
            bar: fg(pick(patch.bar, base.bar, "bar")?),
            error: fg(pick(patch.error, base.error, "error")?).add_modifier(Modifier::BOLD),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            header: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        })
    }

    /// No colour at all: emphasis only (for `NO_COLOR`).
    pub fn plain() -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            accent: bold,
            overdue: bold,
            paid: Style::new(),
            muted: Style::new().add_modifier(Modifier::DIM),
            highlight: bold,
            bar: Style::new(),
            error: bold,
            selected: Style::new().add_modifier(Modifier::REVERSED),
            header: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_theme_patches_only_the_roles_it_names() {
        let shipped = Theme::load(None, false).unwrap();
        let patched = Theme::load(Some("(overdue: \"magenta\")"), false).unwrap();
        assert_eq!(patched.overdue.fg, Some(Color::Magenta));
        assert_eq!(patched.accent, shipped.accent);
    }

    #[test]
    fn a_bad_colour_names_the_role_in_either_language() {
        let err = Theme::load(Some("(bar: \"sparkly\")"), false).unwrap_err();
        assert_eq!(
            Language::ALL.map(|lang| err.render(lang)),
            [
                "theme.ron: bar: unknown colour \"sparkly\"; accepted: a colour name (red, light-blue, …), #rrggbb or 0 to 255",
                "theme.ron：bar：未知颜色 \"sparkly\"；可接受：颜色名（red、light-blue 等）、#rrggbb 或 0 至 255",
            ]
        );
        let err = Theme::load(Some("(bar: "), false).unwrap_err();
        assert!(
            matches!(&err, ThemeError::Syntax { shipped: false, .. }),
            "{err:?}"
        );
        assert!(
            err.render(Language::Zh).starts_with("theme.ron："),
            "{err:?}"
        );
    }

    #[test]
    fn no_color_means_no_colour() {
        let theme = Theme::load(Some("(bar: \"red\")"), true).unwrap();
        for style in [
            theme.accent,
            theme.overdue,
            theme.paid,
            theme.bar,
            theme.error,
        ] {
            assert_eq!((style.fg, style.bg), (None, None));
        }
    }
}
