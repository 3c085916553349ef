//! `[theme]`: the colour of each role the UI paints, from a built-in base (`dark`, the
//! default, or `light`) with the user's colours laid over it. Plain data: the UI turns a
//! palette into styles, and drops every colour under NO_COLOR.

use ratatui::style::Color;

/// What the UI paints. Each role is one row of [`ROLES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Accent,
    Dim,
    Error,
    Ok,
    Link,
    Border,
    FocusedBorder,
    TopicUs,
    TopicChina,
    TopicBoth,
    TopicOther,
    Watch,
    Unread,
    Status,
}

/// A role's row: its `[theme]` key, what it paints, and its colour in each base (`None`:
/// the terminal's own colour).
#[derive(Debug, Clone, Copy)]
pub struct RoleRow {
    pub role: Role,
    pub name: &'static str,
    pub paints: &'static str,
    pub dark: Option<Color>,
    pub light: Option<Color>,
}

const fn role(
    role: Role,
    name: &'static str,
    paints: &'static str,
    dark: Option<Color>,
    light: Option<Color>,
) -> RoleRow {
    RoleRow {
        role,
        name,
        paints,
        dark,
        light,
    }
}

use Color as C;

/// Every role, in the enum's order (a unit test checks it). Adding a role is one row.
#[rustfmt::skip]
pub const ROLES: &[RoleRow] = &[
    role(Role::Accent, "accent", "headings, unread and star markers, the search prompt", Some(C::Cyan), Some(C::Blue)),
    role(Role::Dim, "dim", "ages, sources, hints and other secondary text", Some(C::DarkGray), Some(C::DarkGray)),
    role(Role::Error, "error", "failing feeds and cache errors", Some(C::LightRed), Some(C::Red)),
    role(Role::Ok, "ok", "feeds that fetched fine", Some(C::Green), Some(C::Green)),
    role(Role::Link, "link", "the article's link in the preview", Some(C::Cyan), Some(C::Blue)),
    role(Role::Border, "border", "pane borders", Some(C::DarkGray), Some(C::Gray)),
    role(Role::FocusedBorder, "focused_border", "the border of the focused pane and of overlays", Some(C::Cyan), Some(C::Blue)),
    role(Role::TopicUs, "topic_us", "the US badge, tab and terms", Some(C::LightBlue), Some(C::Blue)),
    role(Role::TopicChina, "topic_china", "the China badge, tab and terms", Some(C::LightRed), Some(C::Red)),
    role(Role::TopicBoth, "topic_both", "the Head-to-head badge, tab and terms", Some(C::LightMagenta), Some(C::Magenta)),
    role(Role::TopicOther, "topic_other", "the Other badge, tab and terms", Some(C::Gray), Some(C::DarkGray)),
    role(Role::Watch, "watch", "the watchlist marker ◆ in the list", Some(C::DarkGray), Some(C::DarkGray)),
    role(Role::Unread, "unread", "unread headlines (bold in every theme)", None, None),
    role(Role::Status, "status", "the status line's text", None, None),
];

/// The built-in themes `base` selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Base {
    #[default]
    Dark,
    Light,
}

pub const BASES: &[(&str, Base)] = &[("dark", Base::Dark), ("light", Base::Light)];

/// Colour names `[theme]` accepts (ratatui's, in snake_case); `default` is the
/// terminal's own colour.
pub const COLOR_NAMES: &[(&str, Option<Color>)] = &[
    ("default", None),
    ("black", Some(C::Black)),
    ("red", Some(C::Red)),
    ("green", Some(C::Green)),
    ("yellow", Some(C::Yellow)),
    ("blue", Some(C::Blue)),
    ("magenta", Some(C::Magenta)),
    ("cyan", Some(C::Cyan)),
    ("gray", Some(C::Gray)),
    ("dark_gray", Some(C::DarkGray)),
    ("light_red", Some(C::LightRed)),
    ("light_green", Some(C::LightGreen)),
    ("light_yellow", Some(C::LightYellow)),
    ("light_blue", Some(C::LightBlue)),
    ("light_magenta", Some(C::LightMagenta)),
    ("light_cyan", Some(C::LightCyan)),
    ("white", Some(C::White)),
];

/// The colour of every role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    colors: [Option<Color>; ROLE_COUNT],
}

const ROLE_COUNT: usize = Role::Status as usize + 1;

impl Default for Palette {
    fn default() -> Palette {
        Palette::of(Base::Dark)
    }
}

impl Palette {
    pub fn of(base: Base) -> Palette {
        let mut colors = [None; ROLE_COUNT];
        for row in ROLES {
            colors[row.role as usize] = match base {
                Base::Dark => row.dark,
                Base::Light => row.light,
            };
        }
        Palette { colors }
    }

    pub fn get(&self, role: Role) -> Option<Color> {
        self.colors[role as usize]
    }

    pub fn set(&mut self, role: Role, color: Option<Color>) {
        self.colors[role as usize] = color;
    }
}

/// The row of a `[theme]` key.
pub fn role_by_name(name: &str) -> Option<&'static RoleRow> {
    ROLES.iter().find(|row| row.name == name)
}

/// Parses a colour: a name of [`COLOR_NAMES`] (case, dashes and spaces do not matter,
/// `grey` is `gray`) or `#rrggbb`. `Ok(None)` is `default`.
pub fn parse_color(text: &str) -> Result<Option<Color>, String> {
    let trimmed = text.trim();
    if let Some(hex) = trimmed.strip_prefix('#') {
        let channel = |at: usize| {
            hex.get(at..at + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        };
        return match (hex.len(), channel(0), channel(2), channel(4)) {
            (6, Some(r), Some(g), Some(b)) => Ok(Some(Color::Rgb(r, g, b))),
            _ => Err(format!(
                "`{trimmed}` is not a hex colour; write six hex digits after `#`, e.g. \"#1e90ff\""
            )),
        };
    }
    let name = trimmed
        .to_lowercase()
        .replace(['-', ' '], "_")
        .replace("grey", "gray");
    if let Some((_, color)) = COLOR_NAMES.iter().find(|(known, _)| *known == name) {
        return Ok(*color);
    }
    let names: Vec<&str> = COLOR_NAMES.iter().map(|(known, _)| *known).collect();
    let hint = super::values::did_you_mean(&name, &names).map_or_else(
        || ";".to_owned(),
        |close| format!("; did you mean `{close}`?"),
    );
    Err(format!(
        "`{trimmed}` is not a colour{hint} write a name ({}) or a hex colour like \"#1e90ff\"",
        names.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_roles_are_listed_once_in_order() {
        for (index, row) in ROLES.iter().enumerate() {
            assert_eq!(row.role as usize, index, "{}", row.name);
        }
        assert_eq!(ROLES.len(), ROLE_COUNT);
    }

    #[test]
    fn colours_are_names_or_hex() {
        assert_eq!(parse_color("light_blue"), Ok(Some(Color::LightBlue)));
        assert_eq!(parse_color("Light-Blue"), Ok(Some(Color::LightBlue)));
        assert_eq!(parse_color("dark grey"), Ok(Some(Color::DarkGray)));
        assert_eq!(parse_color("default"), Ok(None));
        assert_eq!(
            parse_color("#1E90ff"),
            Ok(Some(Color::Rgb(0x1e, 0x90, 0xff)))
        );
        assert_eq!(
            parse_color("#12345").unwrap_err(),
            "`#12345` is not a hex colour; write six hex digits after `#`, e.g. \"#1e90ff\""
        );
        assert!(parse_color("bleu").unwrap_err().starts_with(
            "`bleu` is not a colour; did you mean `blue`? write a name (default, black, red,"
        ),);
    }

    #[test]
    fn the_light_base_differs_and_the_dark_one_is_the_default() {
        assert_eq!(Palette::default().get(Role::Accent), Some(Color::Cyan));
        assert_eq!(
            Palette::of(Base::Light).get(Role::Accent),
            Some(Color::Blue)
        );
        assert_eq!(Palette::default().get(Role::Unread), None);
    }
}
