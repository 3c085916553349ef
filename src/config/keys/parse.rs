//! The key syntax of `[keys]`: a character (`q`, `?`, `G`), a name (`Enter`, `PageDown`,
//! `F5`) or modifiers and a key (`Ctrl-f`, `Alt-x`, `Shift-Tab`), and how a key is shown.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One key as bindings compare it: shift is part of a character (`G`), not a modifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

/// Named keys, as written in `[keys]` (matched without regard to case) and shown.
const NAMES: &[(&str, KeyCode)] = &[
    ("Enter", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Tab", KeyCode::Tab),
    ("Backspace", KeyCode::Backspace),
    ("Delete", KeyCode::Delete),
    ("Insert", KeyCode::Insert),
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("PageUp", KeyCode::PageUp),
    ("PageDown", KeyCode::PageDown),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("Space", KeyCode::Char(' ')),
];

/// Other spellings people write for the same keys.
const ALIASES: &[(&str, KeyCode)] = &[
    ("return", KeyCode::Enter),
    ("escape", KeyCode::Esc),
    ("del", KeyCode::Delete),
    ("ins", KeyCode::Insert),
    ("pgup", KeyCode::PageUp),
    ("pgdn", KeyCode::PageDown),
    ("pgdown", KeyCode::PageDown),
    ("backtab", KeyCode::BackTab),
];

const SYNTAX: &str = "write a character (`q`), a key name (Enter, Esc, Tab, Backspace, Up, \
                      Down, Left, Right, PageUp, PageDown, Home, End, Space, F1 to F12) or \
                      modifiers and a key (`Ctrl-f`, `Alt-x`, `Shift-Tab`)";

impl Key {
    pub const fn new(code: KeyCode, mods: KeyModifiers) -> Key {
        Key { code, mods }
    }

    /// A key as pressed, in the form bindings use.
    pub fn from_event(event: &KeyEvent) -> Key {
        let mods =
            event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        Key::normalized(event.code, mods)
    }

    /// The same key without modifiers: an unbound Ctrl-j acts as j, as it always did.
    pub fn plain(self) -> Key {
        Key::new(self.code, KeyModifiers::NONE)
    }

    /// Shift is folded into the character (`S-g` is `G`) and into BackTab; a control
    /// letter is lower case (terminals send Ctrl-F and Ctrl-f alike).
    fn normalized(code: KeyCode, mut mods: KeyModifiers) -> Key {
        let code = match code {
            KeyCode::Char(c) if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::Char(c.to_uppercase().next().unwrap_or(c))
            }
            KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        let code = match code {
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            other => other,
        };
        Key { code, mods }
    }
}

/// Parses one key of `[keys]`. The error says what is wrong and what to write.
pub fn parse_key(text: &str) -> Result<Key, String> {
    if text.is_empty() {
        return Err(format!("the key is empty; {SYNTAX}"));
    }
    let (modifiers, base) = split_modifiers(text);
    let mut mods = KeyModifiers::NONE;
    for modifier in modifiers {
        mods |= match modifier.to_ascii_lowercase().as_str() {
            "ctrl" | "c" | "control" => KeyModifiers::CONTROL,
            "alt" | "a" | "m" | "meta" => KeyModifiers::ALT,
            "shift" | "s" => KeyModifiers::SHIFT,
            _ => {
                let hint = did_you_mean(modifier, &["Ctrl", "Alt", "Shift"]);
                return Err(format!(
                    "`{text}` has an unknown modifier `{modifier}`{hint} use Ctrl, Alt or \
                     Shift, e.g. `Ctrl-f`"
                ));
            }
        };
    }
    let code = base_code(text, base)?;
    Ok(Key::normalized(code, mods))
}

/// `Ctrl-Shift-x` into (["Ctrl", "Shift"], "x"). A lone `-` or `+`, and one after a
/// modifier (`Ctrl--`), is the key itself.
fn split_modifiers(text: &str) -> (Vec<&str>, &str) {
    let mut modifiers = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(['-', '+']) {
        if at == 0 || at + 1 == rest.len() {
            break;
        }
        modifiers.push(&rest[..at]);
        rest = &rest[at + 1..];
    }
    (modifiers, rest)
}

fn base_code(text: &str, base: &str) -> Result<KeyCode, String> {
    let mut chars = base.chars();
    if let (Some(c), None) = (chars.next(), chars.clone().next()) {
        return Ok(KeyCode::Char(c));
    }
    let lower = base.to_ascii_lowercase();
    if let Some((_, code)) = NAMES
        .iter()
        .chain(ALIASES)
        .find(|(name, _)| name.eq_ignore_ascii_case(&lower))
    {
        return Ok(*code);
    }
    if let Some(number) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
        if (1..=12).contains(&number) {
            return Ok(KeyCode::F(number));
        }
        return Err(format!("`{text}`: function keys go from F1 to F12"));
    }
    let names: Vec<&str> = NAMES.iter().map(|(name, _)| *name).collect();
    let hint = did_you_mean(base, &names);
    Err(format!("`{text}` is not a key{hint} {SYNTAX}"))
}

/// "; did you mean `Enter`?" for a near miss (case does not count), else ";".
fn did_you_mean(unknown: &str, valid: &[&str]) -> String {
    let lower = unknown.to_ascii_lowercase();
    valid
        .iter()
        .map(|name| {
            (
                strsim::damerau_levenshtein(&lower, &name.to_ascii_lowercase()),
                name,
            )
        })
        .filter(|(distance, name)| *distance <= (name.len() / 3).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map_or_else(
            || ";".to_owned(),
            |(_, name)| format!("; did you mean `{name}`?"),
        )
}

impl std::fmt::Display for Key {
    /// As the help shows it: `j`, `↓`, `PgDn`, `Space`, `Ctrl-f`, `Shift-Tab`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (flag, label) in [
            (KeyModifiers::CONTROL, "Ctrl-"),
            (KeyModifiers::ALT, "Alt-"),
            (KeyModifiers::SHIFT, "Shift-"),
        ] {
            if self.mods.contains(flag) {
                f.write_str(label)?;
            }
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::F(n) => write!(f, "F{n}"),
            code => match NAMES.iter().find(|(_, named)| *named == code) {
                Some((name, _)) => f.write_str(name),
                None => write!(f, "{code:?}"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> Key {
        Key::new(code, mods)
    }

    #[test]
    fn characters_names_and_modifiers_parse() {
        let none = KeyModifiers::NONE;
        assert_eq!(parse_key("q"), Ok(key(KeyCode::Char('q'), none)));
        assert_eq!(parse_key("G"), Ok(key(KeyCode::Char('G'), none)));
        assert_eq!(parse_key("-"), Ok(key(KeyCode::Char('-'), none)));
        assert_eq!(parse_key("enter"), Ok(key(KeyCode::Enter, none)));
        assert_eq!(parse_key("PgDn"), Ok(key(KeyCode::PageDown, none)));
        assert_eq!(parse_key("Space"), Ok(key(KeyCode::Char(' '), none)));
        assert_eq!(parse_key("F12"), Ok(key(KeyCode::F(12), none)));
        let ctrl_f = Ok(key(KeyCode::Char('f'), KeyModifiers::CONTROL));
        for text in ["Ctrl-f", "C-f", "ctrl+f", "Ctrl-F"] {
            assert_eq!(parse_key(text), ctrl_f, "{text}");
        }
        assert_eq!(parse_key("S-Tab"), Ok(key(KeyCode::BackTab, none)));
        assert_eq!(parse_key("Shift-g"), Ok(key(KeyCode::Char('G'), none)));
        assert_eq!(
            parse_key("Alt-x"),
            Ok(key(KeyCode::Char('x'), KeyModifiers::ALT))
        );
        assert_eq!(
            parse_key("Ctrl--"),
            Ok(key(KeyCode::Char('-'), KeyModifiers::CONTROL))
        );
    }

    #[test]
    fn mistakes_say_what_to_write() {
        assert_eq!(
            parse_key("Entr").unwrap_err(),
            format!("`Entr` is not a key; did you mean `Enter`? {SYNTAX}")
        );
        assert_eq!(
            parse_key("Ctl-x").unwrap_err(),
            "`Ctl-x` has an unknown modifier `Ctl`; did you mean `Ctrl`? use Ctrl, Alt or \
             Shift, e.g. `Ctrl-f`"
        );
        assert_eq!(
            parse_key("F13").unwrap_err(),
            "`F13`: function keys go from F1 to F12"
        );
        assert!(parse_key("").unwrap_err().starts_with("the key is empty"));
    }

    #[test]
    fn keys_show_as_the_help_writes_them() {
        for (text, shown) in [
            ("j", "j"),
            ("Down", "↓"),
            ("PageDown", "PgDn"),
            ("Space", "Space"),
            ("C-f", "Ctrl-f"),
            ("S-Tab", "Shift-Tab"),
            ("Esc", "Esc"),
            ("F5", "F5"),
        ] {
            assert_eq!(parse_key(text).map(|k| k.to_string()), Ok(shown.into()));
        }
    }

    #[test]
    fn pressed_keys_fold_shift_into_the_character() {
        let event = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(
            Key::from_event(&event),
            key(KeyCode::Char('G'), KeyModifiers::NONE)
        );
        let event = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(
            Key::from_event(&event),
            key(KeyCode::BackTab, KeyModifiers::NONE)
        );
    }
}
