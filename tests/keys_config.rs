//! `[keys]`: rebinding actions by name, clashes, every error message exactly, and the
//! default keys acting as they always did.
#![allow(clippy::unwrap_used)]

mod ui_support;

use ainews_tui::app::Action;
use ainews_tui::app::keymap::{map_key, map_key_with};
use ainews_tui::app::state::Mode;
use ainews_tui::config::keys::KeyBindings;
use ainews_tui::config::{Config, parse_str};
use ainews_tui::model::Topic;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn parse(text: &str) -> Result<Config, String> {
    parse_str(text, "keys.toml", None).map_err(|e| e.to_string())
}

fn keys(text: &str) -> KeyBindings {
    parse(text).unwrap_or_else(|e| panic!("{e}")).keys
}

fn press(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

#[test]
fn the_default_keys_act_as_before() {
    use KeyCode::*;
    let normal = [
        (press(Char('q')), Some(Action::Quit)),
        (press(Esc), Some(Action::Back)),
        (press(Char('j')), Some(Action::MoveDown)),
        (press(Down), Some(Action::MoveDown)),
        (press(Char('k')), Some(Action::MoveUp)),
        (ctrl('f'), Some(Action::PageDown)),
        (ctrl('d'), Some(Action::PageDown)),
        (ctrl('b'), Some(Action::PageUp)),
        (ctrl('u'), Some(Action::PageUp)),
        (press(Char(' ')), Some(Action::PageDown)),
        (press(PageUp), Some(Action::PageUp)),
        (press(Home), Some(Action::Top)),
        (
            KeyEvent::new(Char('G'), KeyModifiers::SHIFT),
            Some(Action::Bottom),
        ),
        (press(Tab), Some(Action::FocusNext)),
        (
            KeyEvent::new(BackTab, KeyModifiers::SHIFT),
            Some(Action::FocusNext),
        ),
        (press(Enter), Some(Action::Activate)),
        (press(Char('o')), Some(Action::OpenLink)),
        (press(Char('1')), Some(Action::SelectTopic(None))),
        (
            press(Char('4')),
            Some(Action::SelectTopic(Some(Topic::Both))),
        ),
        (press(Right), Some(Action::NextTopic)),
        (press(Char('T')), Some(Action::PrevTopic)),
        (press(Char('/')), Some(Action::StartSearch)),
        (press(Char('m')), Some(Action::ToggleRead)),
        (press(Char('M')), Some(Action::MarkAllRead)),
        (press(Char('U')), Some(Action::UndoMarkAll)),
        (press(Char('s')), Some(Action::ToggleStar)),
        (press(Char('u')), Some(Action::ToggleUnreadOnly)),
        (press(Char('S')), Some(Action::ToggleStarredOnly)),
        (press(Char('w')), Some(Action::ToggleWatchedOnly)),
        (press(Char('r')), Some(Action::RefreshSelected)),
        (press(Char('R')), Some(Action::RefreshAll)),
        (press(Char('?')), Some(Action::ToggleHelp)),
        (press(Char('v')), Some(Action::ToggleTrend)),
        (press(Char('x')), Some(Action::ToggleStory)),
        (press(Char('c')), Some(Action::StartTopicPick)),
        (press(Char('e')), Some(Action::ToggleFeeds)),
        (press(Char('F')), Some(Action::ToggleFeeds)),
        (ctrl('j'), Some(Action::MoveDown)),
        (ctrl('c'), Some(Action::Quit)),
        (press(Char('z')), None),
    ];
    for (key, expected) in normal {
        assert_eq!(map_key(&key, Mode::Normal), expected, "{key:?}");
    }
    assert_eq!(map_key(&press(Char('q')), Mode::Help), Some(Action::Back));
    assert_eq!(map_key(&press(Char('q')), Mode::Trend), Some(Action::Back));
    assert_eq!(
        map_key(&press(Char('m')), Mode::FullPreview),
        Some(Action::ToggleRead)
    );
    let search = [
        (press(Esc), Some(Action::SearchCancel)),
        (press(Enter), Some(Action::SearchSubmit)),
        (press(Backspace), Some(Action::SearchBackspace)),
        (press(Down), Some(Action::MoveDown)),
        (press(Up), Some(Action::MoveUp)),
        (ctrl('u'), Some(Action::SearchCancel)),
        (press(Char('q')), Some(Action::SearchInput('q'))),
        (
            KeyEvent::new(Char('N'), KeyModifiers::SHIFT),
            Some(Action::SearchInput('N')),
        ),
        (ctrl('x'), None),
        (ctrl('c'), Some(Action::Quit)),
    ];
    for (key, expected) in search {
        assert_eq!(map_key(&key, Mode::Search), expected, "{key:?}");
    }
    assert_eq!(
        map_key(&press(Char('2')), Mode::TopicPick),
        Some(Action::CorrectTopic(Some(Topic::Us)))
    );
    assert_eq!(
        map_key(&press(Char('1')), Mode::TopicPick),
        Some(Action::CorrectTopic(None))
    );
}

#[test]
fn a_rebound_key_acts_and_the_old_one_no_longer_does() {
    let keys = keys("[keys]\nmark_read = [\"n\"]\nhelp = [\"F1\", \"h\"]\nquit = \"Ctrl-q\"\n");
    let act = |key: KeyEvent| map_key_with(&keys, &key, Mode::Normal);
    assert_eq!(act(press(KeyCode::Char('n'))), Some(Action::ToggleRead));
    assert_eq!(act(press(KeyCode::Char('m'))), None);
    assert_eq!(act(press(KeyCode::F(1))), Some(Action::ToggleHelp));
    assert_eq!(act(press(KeyCode::Char('h'))), Some(Action::ToggleHelp));
    assert_eq!(act(press(KeyCode::Char('?'))), None);
    assert_eq!(act(ctrl('q')), Some(Action::Quit));
    // q is no longer quit on the main screen, and still closes overlays.
    assert_eq!(act(press(KeyCode::Char('q'))), None);
    assert_eq!(
        map_key_with(&keys, &press(KeyCode::Char('q')), Mode::Help),
        Some(Action::Back)
    );
    // Ctrl-C always quits.
    assert_eq!(act(ctrl('c')), Some(Action::Quit));
}

#[test]
fn a_key_taken_from_a_default_moves_to_the_new_action() {
    let keys = keys("[keys]\nopen = [\"o\", \"Enter\"]\n");
    let act = |code| map_key_with(&keys, &press(code), Mode::Normal);
    assert_eq!(act(KeyCode::Enter), Some(Action::OpenLink));
    assert_eq!(act(KeyCode::Char('o')), Some(Action::OpenLink));
    // The topic picker keeps its own o.
    assert_eq!(
        map_key_with(&keys, &press(KeyCode::Char('o')), Mode::TopicPick),
        Some(Action::CorrectTopic(Some(Topic::Other)))
    );
}

#[test]
fn a_key_bound_to_two_actions_names_both() {
    assert_eq!(
        parse("[keys]\nopen = [\"x\"]\nstar = [\"s\", \"x\"]\n").unwrap_err(),
        "keys.toml:3:14: `x` is bound to both `open` and `star` on the main screen; give one \
         of them another key\n  |\n3 | star = [\"s\", \"x\"]\n  |              ^^^"
    );
}

#[test]
fn an_unknown_action_is_located_with_a_suggestion() {
    let error = parse("[keys]\nmark_reed = [\"m\"]\n").unwrap_err();
    let first_line = error.lines().next().unwrap();
    assert!(
        first_line.starts_with(
            "keys.toml:2:1: unknown action `mark_reed` in [keys]; did you mean `mark_read`? \
             the actions are the names the help (?) shows: move_down, move_up, page_down,"
        ),
        "{error}"
    );
    assert!(first_line.ends_with(", pick_other, pick_rules"), "{error}");
    assert!(
        error.ends_with("2 | mark_reed = [\"m\"]\n  | ^^^^^^^^^"),
        "{error}"
    );
}

#[test]
fn unparsable_keys_are_located_with_a_suggestion() {
    assert_eq!(
        parse("[keys]\nread = [\"Entr\"]\n").unwrap_err(),
        "keys.toml:2:9: bad key for `read` in [keys]: `Entr` is not a key; did you mean \
         `Enter`? write a character (`q`), a key name (Enter, Esc, Tab, Backspace, Up, Down, \
         Left, Right, PageUp, PageDown, Home, End, Space, F1 to F12) or modifiers and a key \
         (`Ctrl-f`, `Alt-x`, `Shift-Tab`)\n  |\n2 | read = [\"Entr\"]\n  |         ^^^^^^"
    );
    assert_eq!(
        parse("[keys]\nhelp = [\"Ctl-h\"]\n").unwrap_err(),
        "keys.toml:2:9: bad key for `help` in [keys]: `Ctl-h` has an unknown modifier `Ctl`; \
         did you mean `Ctrl`? use Ctrl, Alt or Shift, e.g. `Ctrl-f`\n  |\n2 | help = \
         [\"Ctl-h\"]\n  |         ^^^^^^^"
    );
}

#[test]
fn ctrl_c_and_wrong_types_are_refused() {
    assert_eq!(
        parse("[keys]\nhelp = [\"C-c\"]\n").unwrap_err(),
        "keys.toml:2:9: Ctrl-c always quits and cannot be bound; choose another key\n  |\n2 \
         | help = [\"C-c\"]\n  |         ^^^^^"
    );
    assert_eq!(
        parse("[keys]\nhelp = 1\n").unwrap_err(),
        "keys.toml:2:8: `help` in [keys] must be a list of keys, not an integer; for example \
         `help = [\"x\"]`\n  |\n2 | help = 1\n  |        ^"
    );
}

#[test]
fn the_help_and_the_hints_show_the_keys_in_effect() {
    let mut state = ui_support::sample_state(120, 40);
    state.keys = std::sync::Arc::new(keys(
        "[keys]\nhelp = [\"h\"]\nmove_down = [\"n\", \"Down\"]\n",
    ));
    let screen = ui_support::render(&state);
    assert!(
        screen.contains("n/k move  Tab pane  o open  / search  h help"),
        "{screen}"
    );
}
