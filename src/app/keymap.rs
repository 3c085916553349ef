//! Terminal events to Actions. Pure: the same event in the same mode is the same action.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEventKind};

use super::action::Action;
use super::layout;
use super::state::Mode;
use crate::model::Topic;

/// Lines one mouse-wheel notch scrolls.
const WHEEL_LINES: i32 = 3;

/// Maps a terminal event to an action. Only key presses count (Windows also reports
/// releases), so a key never acts twice.
pub fn map_event(event: &Event, mode: Mode, width: u16, height: u16) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind == KeyEventKind::Press => map_key(key, mode),
        Event::Mouse(mouse) => {
            let over_preview = layout::has_side_preview(width, height)
                && mouse.column
                    >= layout::areas(ratatui::layout::Rect::new(0, 0, width, height), mode)
                        .list
                        .right();
            match mouse.kind {
                MouseEventKind::ScrollDown => Some(Action::Scroll {
                    lines: WHEEL_LINES,
                    over_preview,
                }),
                MouseEventKind::ScrollUp => Some(Action::Scroll {
                    lines: -WHEEL_LINES,
                    over_preview,
                }),
                _ => None,
            }
        }
        Event::Resize(width, height) => Some(Action::Resize {
            width: *width,
            height: *height,
        }),
        _ => None,
    }
}

pub fn map_key(key: &KeyEvent, mode: Mode) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && matches!(key.code, KeyCode::Char('c')) {
        return Some(Action::Quit);
    }
    if mode == Mode::Search {
        return map_search_key(key, ctrl);
    }
    if mode == Mode::TopicPick {
        return Some(map_topic_pick_key(key));
    }
    let action = match key.code {
        KeyCode::Char('q') if mode == Mode::Normal => Action::Quit,
        KeyCode::Char('q') => Action::Back,
        KeyCode::Esc => Action::Back,
        KeyCode::Char('j') | KeyCode::Down => Action::MoveDown,
        KeyCode::Char('k') | KeyCode::Up => Action::MoveUp,
        KeyCode::Char('f') if ctrl => Action::PageDown,
        KeyCode::Char('b') if ctrl => Action::PageUp,
        KeyCode::Char('d') if ctrl => Action::PageDown,
        KeyCode::Char('u') if ctrl => Action::PageUp,
        KeyCode::PageDown | KeyCode::Char(' ') => Action::PageDown,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::Char('g') | KeyCode::Home => Action::Top,
        KeyCode::Char('G') | KeyCode::End => Action::Bottom,
        KeyCode::Tab | KeyCode::BackTab => Action::FocusNext,
        KeyCode::Enter => Action::Activate,
        KeyCode::Char('o') => Action::OpenLink,
        KeyCode::Char('1') => Action::SelectTopic(None),
        KeyCode::Char('2') => Action::SelectTopic(Some(Topic::Us)),
        KeyCode::Char('3') => Action::SelectTopic(Some(Topic::China)),
        KeyCode::Char('4') => Action::SelectTopic(Some(Topic::Both)),
        KeyCode::Char('5') => Action::SelectTopic(Some(Topic::Other)),
        KeyCode::Char('t') | KeyCode::Right => Action::NextTopic,
        KeyCode::Char('T') | KeyCode::Left => Action::PrevTopic,
        KeyCode::Char('/') => Action::StartSearch,
        KeyCode::Char('m') => Action::ToggleRead,
        KeyCode::Char('M') => Action::MarkAllRead,
        KeyCode::Char('U') => Action::UndoMarkAll,
        KeyCode::Char('s') => Action::ToggleStar,
        KeyCode::Char('u') => Action::ToggleUnreadOnly,
        KeyCode::Char('S') => Action::ToggleStarredOnly,
        KeyCode::Char('w') => Action::ToggleWatchedOnly,
        KeyCode::Char('r') => Action::RefreshSelected,
        KeyCode::Char('R') => Action::RefreshAll,
        KeyCode::Char('?') => Action::ToggleHelp,
        KeyCode::Char('v') => Action::ToggleTrend,
        KeyCode::Char('x') => Action::ToggleStory,
        KeyCode::Char('c') => Action::StartTopicPick,
        KeyCode::Char('e') | KeyCode::Char('F') => Action::ToggleFeeds,
        _ => return None,
    };
    Some(action)
}

/// What the status line asks after c: the letter of each topic, r for the rules' topic.
pub const TOPIC_PICK_PROMPT: &str =
    "topic: u US · c China · b Head-to-head · o Other · r as the rules say";

/// The key after c: a topic's letter (or its tab number, 2 to 5), r or 1 for what the
/// rules say. Any other key cancels, so a mistyped key never sets a topic.
fn map_topic_pick_key(key: &KeyEvent) -> Action {
    match key.code {
        KeyCode::Char('u' | '2') => Action::CorrectTopic(Some(Topic::Us)),
        KeyCode::Char('c' | '3') => Action::CorrectTopic(Some(Topic::China)),
        KeyCode::Char('b' | '4') => Action::CorrectTopic(Some(Topic::Both)),
        KeyCode::Char('o' | '5') => Action::CorrectTopic(Some(Topic::Other)),
        KeyCode::Char('r' | '1') => Action::CorrectTopic(None),
        _ => Action::Back,
    }
}

fn map_search_key(key: &KeyEvent, ctrl: bool) -> Option<Action> {
    match key.code {
        KeyCode::Esc => Some(Action::SearchCancel),
        KeyCode::Enter => Some(Action::SearchSubmit),
        KeyCode::Backspace => Some(Action::SearchBackspace),
        KeyCode::Down => Some(Action::MoveDown),
        KeyCode::Up => Some(Action::MoveUp),
        KeyCode::Char('u') if ctrl => Some(Action::SearchCancel),
        KeyCode::Char(c) if !ctrl => Some(Action::SearchInput(c)),
        _ => None,
    }
}

/// Every key, grouped for the help overlay: (group, [(keys, what it does)]).
pub const HELP: &[(&str, &[(&str, &str)])] = &[
    (
        "Move",
        &[
            (
                "j k  ↓ ↑",
                "next / previous headline (or scroll the preview)",
            ),
            ("PgDn PgUp  Space", "page down / up (also Ctrl-F, Ctrl-B)"),
            ("g G  Home End", "first / last"),
            ("Tab", "switch focus between list and preview"),
            ("mouse wheel", "scroll the pane under the pointer"),
        ],
    ),
    (
        "Read",
        &[
            ("Enter", "read the article (full screen when narrow)"),
            ("o", "open the link in the browser"),
            ("x", "list or fold a story's other sources (+N)"),
            (
                "m",
                "mark read / unread (a moment in the preview also reads it)",
            ),
            ("M  U", "mark everything in view read / undo that"),
            ("s", "star or unstar"),
            (
                "c then u/c/b/o/r",
                "set the topic: US, China, Head-to-head, Other; r undoes",
            ),
            ("Esc", "back: close, unfocus, clear the search"),
        ],
    ),
    (
        "Filter",
        &[
            ("1 2 3 4 5", "All · US · China · Head-to-head · Other"),
            ("t T  → ←", "next / previous topic tab"),
            ("/", "search titles and sources as you type (Esc clears)"),
            ("u", "unread only, or all"),
            ("S", "starred only, or all"),
            ("w", "watchlist matches only (◆ in the list), or all"),
        ],
    ),
    (
        "Feeds",
        &[
            ("r", "refresh this article's feed (or the one picked in e)"),
            ("R", "refresh every feed"),
            ("e  F", "feeds: status, errors, next refresh"),
        ],
    ),
    (
        "App",
        &[
            ("v", "trend view: the race at a glance"),
            ("?", "this help"),
            ("q  Ctrl-C", "quit (q closes an overlay first)"),
        ],
    ),
];
