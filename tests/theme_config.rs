//! `[theme]`: parsing, every error message exactly, and the colours reaching the screen
//! (the light theme, a user colour, and NO_COLOR dropping them all).
#![allow(clippy::unwrap_used)]

mod ui_support;

use ainews_tui::app::state::State;
use ainews_tui::config::parse_str;
use ainews_tui::config::theme::{Base, Palette, Role};
use ratatui::buffer::Buffer;
use ratatui::style::Color;
use ui_support::sample_state;

fn palette(text: &str) -> Palette {
    parse_str(text, "theme.toml", None)
        .unwrap_or_else(|e| panic!("{e}"))
        .theme
}

fn error(text: &str) -> String {
    parse_str(text, "theme.toml", None).unwrap_err().to_string()
}

fn buffer(state: &State) -> Buffer {
    let backend = ratatui::backend::TestBackend::new(state.width, state.height);
    let mut terminal = ratatui::Terminal::new(backend).expect("test terminal");
    terminal
        .draw(|frame| ainews_tui::ui::draw(frame, state))
        .expect("draw");
    terminal.backend().buffer().clone()
}

/// Rows of the screen as runs of one foreground colour: `[Cyan]●  ` and so on.
fn colour_dump(buffer: &Buffer, rows: impl Iterator<Item = u16>) -> String {
    let mut out = String::new();
    for y in rows {
        let mut runs: Vec<(Color, String)> = Vec::new();
        for x in 0..buffer.area.width {
            let cell = &buffer[(x, y)];
            match runs.last_mut() {
                Some((fg, text)) if *fg == cell.fg => text.push_str(cell.symbol()),
                _ => runs.push((cell.fg, cell.symbol().to_owned())),
            }
        }
        let line: Vec<String> = runs
            .into_iter()
            .filter(|(_, text)| !text.trim().is_empty())
            .map(|(fg, text)| format!("[{fg:?}]{}", text.trim_end()))
            .collect();
        out.push_str(&format!("{y:>2}: {}\n", line.join(" ")));
    }
    out
}

fn coloured(palette: Palette, width: u16, height: u16) -> State {
    let mut state = sample_state(width, height);
    state.color = true;
    state.theme = palette;
    state
}

#[test]
fn a_base_and_user_colours_make_the_palette() {
    let light = palette("[theme]\nbase = \"light\"\n");
    assert_eq!(light, Palette::of(Base::Light));
    let mine = palette(
        "[theme]\nbase = \"light\"\naccent = \"#ff8800\"\ntopic_us = \"light_cyan\"\nunread = \"Yellow\"\n",
    );
    assert_eq!(mine.get(Role::Accent), Some(Color::Rgb(0xff, 0x88, 0)));
    assert_eq!(mine.get(Role::TopicUs), Some(Color::LightCyan));
    assert_eq!(mine.get(Role::Unread), Some(Color::Yellow));
    assert_eq!(
        mine.get(Role::TopicChina),
        Palette::of(Base::Light).get(Role::TopicChina)
    );
    let dark = palette("[theme]\nborder = \"default\"\n");
    assert_eq!(dark.get(Role::Border), None);
    assert_eq!(dark.get(Role::Accent), Some(Color::Cyan));
    assert_eq!(palette(""), Palette::default());
}

#[test]
fn an_unknown_role_is_located_with_a_suggestion() {
    assert_eq!(
        error("[theme]\nacent = \"red\"\n"),
        "theme.toml:2:1: unknown key `acent` in [theme]; did you mean `accent`? valid keys: \
         base, accent, dim, error, ok, link, border, focused_border, topic_us, topic_china, \
         topic_both, topic_other, watch, unread, status\n  |\n2 | acent = \"red\"\n  | ^^^^^"
    );
}

#[test]
fn a_bad_colour_or_base_is_located_with_a_suggestion() {
    assert_eq!(
        error("[theme]\naccent = \"bleu\"\n"),
        "theme.toml:2:10: bad colour for `accent` in [theme]: `bleu` is not a colour; did you \
         mean `blue`? write a name (default, black, red, green, yellow, blue, magenta, cyan, \
         gray, dark_gray, light_red, light_green, light_yellow, light_blue, light_magenta, \
         light_cyan, white) or a hex colour like \"#1e90ff\"\n  |\n2 | accent = \"bleu\"\n  \
         |          ^^^^^^"
    );
    assert_eq!(
        error("[theme]\nlink = \"#12345g\"\n"),
        "theme.toml:2:8: bad colour for `link` in [theme]: `#12345g` is not a hex colour; \
         write six hex digits after `#`, e.g. \"#1e90ff\"\n  |\n2 | link = \"#12345g\"\n  |\
         \x20       ^^^^^^^^^"
    );
    assert_eq!(
        error("[theme]\nbase = \"ligth\"\n"),
        "theme.toml:2:8: unknown theme `ligth` for `base` in [theme]; did you mean `light`? \
         the built-in themes are dark and light\n  |\n2 | base = \"ligth\"\n  |        ^^^^^^^"
    );
    assert_eq!(
        error("[theme]\nok = 3\n"),
        "theme.toml:2:6: `ok` in [theme] must be a string, not an integer; for example `ok = \
         \"light_blue\"`\n  |\n2 | ok = 3\n  |      ^"
    );
}

#[test]
fn the_light_theme_on_screen() {
    let state = coloured(Palette::of(Base::Light), 80, 24);
    let screen = buffer(&state);
    insta::assert_snapshot!(colour_dump(&screen, (0..5).chain([23])));
}

#[test]
fn a_user_colour_on_screen() {
    let state = coloured(
        palette("[theme]\naccent = \"#ff8800\"\nborder = \"yellow\"\n"),
        120,
        40,
    );
    let screen = buffer(&state);
    insta::assert_snapshot!(colour_dump(&screen, 0..4));
    // The first headline's unread marker is accent; the preview (not focused) has the
    // user's border colour.
    assert_eq!(screen[(1, 2)].symbol(), "●");
    assert_eq!(screen[(1, 2)].fg, Color::Rgb(0xff, 0x88, 0));
    let preview_corner = (1..screen.area.width)
        .find(|x| screen[(*x, 1)].symbol() == "┌")
        .expect("the preview's corner");
    assert_eq!(screen[(preview_corner, 1)].fg, Color::Yellow);
}

#[test]
fn no_color_drops_every_colour_even_the_users() {
    let mut state = coloured(
        palette("[theme]\nbase = \"light\"\naccent = \"#ff8800\"\n"),
        80,
        24,
    );
    state.color = false;
    let screen = buffer(&state);
    for cell in screen.content() {
        assert_eq!(cell.fg, Color::Reset, "{cell:?}");
    }
}
